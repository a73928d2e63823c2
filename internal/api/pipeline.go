package api

import (
	"net/http"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/store"
)

// The deal pipeline (issue 17, items 3–4).

// ListMatches: GET /api/v1/matches?request=&enterprise=&org_id=&step=&regency=&open=1&q=&limit=&offset=
// — the stored matches the caller reads (the ranking of a request is
// GET /api/v1/requests/{id}/matches).
func (h *Handlers) ListMatches(w http.ResponseWriter, r *http.Request) {
	page, err := h.Store.ListMatches(r.Context(), httpx.MatchFilterOf(r))
	h.respond(w, r, http.StatusOK, page, err)
}

// GetMatch: GET /api/v1/matches/{id} with its history.
func (h *Handlers) GetMatch(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	m, err := h.Store.Match(r.Context(), id)
	h.respond(w, r, http.StatusOK, m, err)
}

// Shortlist: POST /api/v1/matches {"request_id", "product_ids": [...], "note"}
// — all stored as shortlisted (201) or none.
func (h *Handlers) Shortlist(w http.ResponseWriter, r *http.Request) {
	var in struct {
		RequestID  int64   `json:"request_id"`
		ProductIDs []int64 `json:"product_ids"`
		Note       string  `json:"note"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	if in.RequestID <= 0 {
		h.Error(w, r, siapekspor.FieldInvalid("request_id", "field.required"))
		return
	}
	list, err := h.Store.Shortlist(r.Context(), in.RequestID, in.ProductIDs, in.Note)
	v, err := items(list, err)
	h.respond(w, r, http.StatusCreated, v, err)
}

// MoveMatch: POST /api/v1/matches/{id}/move {"to", "note", "lost_reason",
// "contract": {...}, "version"}.
func (h *Handlers) MoveMatch(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	var mv siapekspor.MatchMove
	if err := httpx.DecodeJSON(w, r, &mv); err != nil {
		h.Error(w, r, err)
		return
	}
	m, err := h.Store.MoveMatch(r.Context(), id, mv)
	if err == nil {
		h.Mail.Moved(r.Context(), m)
	}
	h.respond(w, r, http.StatusOK, m, err)
}

// AnswerMatch: POST /api/v1/matches/{id}/answer {"accept": true|false, "note"}
// — the owner's answer to an introduction.
func (h *Handlers) AnswerMatch(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	var in struct {
		Accept *bool  `json:"accept"`
		Note   string `json:"note"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	if in.Accept == nil {
		h.Error(w, r, siapekspor.FieldInvalid("accept", "field.required"))
		return
	}
	m, err := h.Store.AnswerIntroduction(r.Context(), id, *in.Accept, in.Note)
	if err == nil {
		h.Mail.Moved(r.Context(), m)
	}
	h.respond(w, r, http.StatusOK, m, err)
}

// MatchContact: GET /api/v1/matches/{id}/contact — the enterprise's
// contact person, phone, e-mail and a WhatsApp link with the template
// message (?lang=id|en); a buyer before the owner's consent gets 403.
func (h *Handlers) MatchContact(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	c, err := h.Store.MatchContact(r.Context(), id)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	m, err := h.Store.Match(r.Context(), id)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	p := i18n.Printer{Lang: httpx.Lang(r, i18n.ID)}
	text := p.T("pipeline.wa.buyer", c.ContactPerson, m.OrgName, m.RequestTitle, m.ProductName)
	if siapekspor.ActorFrom(r.Context()).Role != siapekspor.RoleBuyer {
		text = p.T("pipeline.wa.owner", c.ContactPerson, m.RequestTitle, m.ProductName, m.ID)
	}
	if link, err := siapekspor.WhatsAppLink(c.Phone, text); err == nil {
		c.WhatsApp = link
	}
	h.respond(w, r, http.StatusOK, c, nil)
}

// MatchBoard: GET /api/v1/matches/board?request=ID or ?enterprise=ID —
// each step's count and latest matches.
func (h *Handlers) MatchBoard(w http.ResponseWriter, r *http.Request) {
	b, err := h.Store.MatchBoard(r.Context(), httpx.MatchFilterOf(r))
	h.respond(w, r, http.StatusOK, b, err)
}

// ExportMatches: GET /api/v1/matches/export?format=csv|xlsx and the list's filters.
func (h *Handlers) ExportMatches(w http.ResponseWriter, r *http.Request) {
	if _, err := h.Store.ListMatches(r.Context(), store.MatchFilter{Limit: 1}); err != nil {
		h.Error(w, r, err)
		return
	}
	format, ok := h.exportFormat(w, r, "pipeline")
	if !ok {
		return
	}
	if _, err := bulk.ExportMatches(r.Context(), h.Store, httpx.MatchFilterOf(r), format, w); err != nil {
		h.Log.ErrorContext(r.Context(), "export matches", "err", err)
	}
}

// Inbox: GET /api/v1/inbox — what waits for the caller.
func (h *Handlers) Inbox(w http.ResponseWriter, r *http.Request) {
	in, err := h.Store.Inbox(r.Context())
	h.respond(w, r, http.StatusOK, in, err)
}
