// Package api serves the JSON API under /api/v1 and its OpenAPI document.
// Everything a person can do in the pages can be done here.
package api

import (
	"github.com/siapekspor/siapekspor/internal/antispam"
	"log/slog"
	"net/http"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/auth"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/mail"
	"github.com/siapekspor/siapekspor/internal/media"
	"github.com/siapekspor/siapekspor/internal/store"
)

// Deps are what the API needs.
type Deps struct {
	// Mail tells the sides of a match what moved (nil or unconfigured: no e-mail).
	Mail          *mail.Notifier
	Store         *store.DB
	Auth          *auth.Service
	Enterprises   siapekspor.EnterpriseService
	Organisations siapekspor.OrganisationService
	Log           *slog.Logger
	Province      string
	// Uploads holds imported files while they are read; MaxUpload bounds them.
	Uploads   string
	MaxUpload int64
	// Photos and Documents store product photos and certificate scans,
	// apart: photos are served publicly, scans only with the certificate.
	Photos, Documents *media.Store
	// ExpiryWarningDays: how far ahead expiring certificates are listed.
	ExpiryWarningDays int
	// Inquiries limits the catalogue's public writes (inquiries,
	// registrations) per client address; the pages share it.
	Inquiries *antispam.Limiter
}

// Handlers serves the API.
type Handlers struct{ Deps }

// New returns the API handlers.
func New(d Deps) *Handlers { return &Handlers{Deps: d} }

// errorBody is the JSON shape of every API error.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    siapekspor.ErrorCode `json:"code"`
	Message string               `json:"message"`
	Fields  []fieldDetail        `json:"fields,omitempty"`
}

type fieldDetail struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error writes err as JSON with its status; the message is in the language
// of the request (Accept-Language or ?lang=, Indonesian by default).
func (h *Handlers) Error(w http.ResponseWriter, r *http.Request, err error) {
	WriteError(w, r, h.Log, err)
}

// WriteError writes any error as the API's JSON error body.
func WriteError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	e := httpx.DomainError(r, log, err)
	p := i18n.Printer{Lang: httpx.Lang(r, i18n.ID)}
	body := errorBody{Error: errorDetail{Code: e.Code, Message: p.Error(e)}}
	for _, f := range e.Fields {
		body.Error.Fields = append(body.Error.Fields, fieldDetail{Field: f.Field, Code: f.Key, Message: p.Field(f)})
	}
	httpx.WriteJSON(w, httpx.Status(e.Code), body)
}

// NotFound answers unknown API paths.
func (h *Handlers) NotFound(w http.ResponseWriter, r *http.Request) {
	h.Error(w, r, siapekspor.Errorf(siapekspor.ENotFound, "error.page_not_found"))
}
