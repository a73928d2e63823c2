package web

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/antispam"
	"github.com/siapekspor/siapekspor/internal/auth"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/mail"
	"github.com/siapekspor/siapekspor/internal/media"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
)

// Deps are what the pages need.
type Deps struct {
	// Mail tells the sides of a match what moved (nil or unconfigured: no e-mail).
	Mail *mail.Notifier
	// Store serves the account, organisation and audit pages; Auth signs
	// people in.
	Store *store.DB
	Auth  *auth.Service
	// Jobs runs imports in the background; Uploads is where uploaded files
	// wait between a dry run and the real one; MaxUpload bounds them.
	Jobs      *bulk.Jobs
	Uploads   string
	MaxUpload int64
	// Proxies are the trusted reverse proxies: their X-Forwarded-Proto tells
	// that users came over HTTPS.
	Proxies       httpx.Proxies
	Enterprises   siapekspor.EnterpriseService
	Organisations siapekspor.OrganisationService
	Reference     siapekspor.Reference
	Log           *slog.Logger
	// Province is the code of the province this installation serves, "" for
	// all of Indonesia.
	Province string
	// Demo says the database holds the synthetic demo province.
	Demo bool
	// OpenAPI is the API's document, listed on the API reference page.
	OpenAPI map[string]any
	// Photos and Documents store product photos and certificate scans.
	Photos, Documents *media.Store
	// ExpiryWarningDays: how far ahead expiring certificates are listed.
	ExpiryWarningDays int
	// MapTiles is an optional background tile layer for the map page (a
	// URL template with {z}/{x}/{y}; "" for none) and its attribution.
	MapTiles, MapTilesAttribution string
	// BaseURL starts the public catalogue's absolute addresses (canonical
	// links, sitemap); "" takes the request's own host.
	BaseURL string
	// InquirySecret signs the catalogue's inquiry forms' time tokens; ""
	// takes a random one at start.
	InquirySecret []byte
	// Inquiries limits the catalogue's public writes per client address,
	// shared with the API (nil: the pages keep their own).
	Inquiries *antispam.Limiter
}

// Handlers serves the pages.
type Handlers struct {
	Deps
	R       *Renderer
	pub     *publicSite
	cat     catalogueStore
	checked checkedFiles // files checked by an import page, kept to store with one click
}

// New parses the templates and returns the page handlers.
func New(d Deps) (*Handlers, error) {
	r, err := NewRenderer(d.Log)
	if err != nil {
		return nil, err
	}
	r.Demo = d.Demo
	pub, err := newPublicSite(r, d.InquirySecret, d.Inquiries)
	if err != nil {
		return nil, err
	}
	return &Handlers{Deps: d, R: r, pub: pub}, nil
}

// Home tells a new user what the system is and where to start.
func (h *Handlers) Home(w http.ResponseWriter, r *http.Request) {
	p := NewPage(r, "home.title", "home")
	if !siapekspor.Can(p.Actor, siapekspor.PermEnterpriseRead) {
		h.R.Render(w, r, http.StatusOK, "home", p)
		return
	}
	// From the summary figures: the registry is not counted per request.
	byStatus, err := h.Store.CountEnterprises(r.Context(), siapekspor.EnterpriseFilter{ProvinceCode: h.Province}, store.ByExport)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	total := 0
	for _, n := range byStatus {
		total += n
	}
	exporting := byStatus[string(siapekspor.ExportFirst)] + byStatus[string(siapekspor.ExportRegular)]
	province := ""
	if reg, ok := refdata.DefaultRegionIndex().ByCode(h.Province); ok {
		province = reg.Name
	}
	p.Data = map[string]any{"Total": total, "Exporting": exporting, "Province": province}
	h.R.Render(w, r, http.StatusOK, "home", p)
}

// SwitchLang remembers the chosen language and goes back to the page.
func (h *Handlers) SwitchLang(w http.ResponseWriter, r *http.Request) {
	lang, ok := i18n.Parse(r.PathValue("lang"))
	if !ok {
		h.R.NotFound(w, r)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: httpx.LangCookie, Value: string(lang), Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
	next := r.URL.Query().Get("next")
	// Only local paths, so the switch cannot be used to redirect elsewhere.
	if u, err := url.Parse(next); err != nil || next == "" || u.IsAbs() || u.Host != "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		next = "/"
	} else {
		q := u.Query()
		q.Del("lang")
		u.RawQuery = q.Encode()
		next = u.String()
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// NotFound is the fallback for unknown paths.
func (h *Handlers) NotFound(w http.ResponseWriter, r *http.Request) { h.R.NotFound(w, r) }
