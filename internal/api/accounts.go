package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/store"
)

// Me: GET /api/v1/me — the caller's account.
func (h *Handlers) Me(w http.ResponseWriter, r *http.Request) {
	httpx.WriteJSON(w, http.StatusOK, httpx.AuthFrom(r.Context()).User)
}

// ListTokens: GET /api/v1/me/tokens.
func (h *Handlers) ListTokens(w http.ResponseWriter, r *http.Request) {
	ts, err := h.Store.ListTokens(r.Context(), httpx.AuthFrom(r.Context()).User.ID)
	h.respond(w, r, http.StatusOK, map[string]any{"items": ts}, err)
}

// CreateToken: POST /api/v1/me/tokens {"name", "scope", "expires_days"}; the
// token is in the answer once and never again.
func (h *Handlers) CreateToken(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Name        string `json:"name"`
		Scope       string `json:"scope"`
		ExpiresDays int    `json:"expires_days"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	if in.ExpiresDays == 0 {
		in.ExpiresDays = 30
	}
	secret, t, err := h.Auth.CreateToken(r.Context(), httpx.AuthFrom(r.Context()).User.ID, in.Name, in.Scope, time.Duration(in.ExpiresDays)*24*time.Hour)
	h.respond(w, r, http.StatusCreated, map[string]any{"token": secret, "details": t}, err)
}

// RevokeToken: DELETE /api/v1/me/tokens/{id}.
func (h *Handlers) RevokeToken(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err == nil {
		err = h.Store.RevokeToken(r.Context(), httpx.AuthFrom(r.Context()).User.ID, id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// ListOrganisations: GET /api/v1/organisations[?kind=regency_office].
func (h *Handlers) ListOrganisations(w http.ResponseWriter, r *http.Request) {
	var f siapekspor.OrganisationFilter
	for _, k := range r.URL.Query()["kind"] {
		f.Kinds = append(f.Kinds, siapekspor.OrgKind(k))
	}
	orgs, err := h.Store.ListOrganisations(r.Context(), f)
	h.respond(w, r, http.StatusOK, map[string]any{"items": orgs}, err)
}

// GetOrganisation: GET /api/v1/organisations/{id}.
func (h *Handlers) GetOrganisation(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	o, err := h.Store.Organisation(r.Context(), id)
	h.respond(w, r, http.StatusOK, o, err)
}

type orgInput struct {
	Name         *string             `json:"name"`
	Kind         *siapekspor.OrgKind `json:"kind"`
	RegionCode   *string             `json:"region_code"`
	EnterpriseID **int64             `json:"enterprise_id"`
}

func (in orgInput) apply(o *siapekspor.Organisation) {
	if in.Name != nil {
		o.Name = *in.Name
	}
	if in.Kind != nil {
		o.Kind = *in.Kind
	}
	if in.RegionCode != nil {
		o.RegionCode = *in.RegionCode
	}
	if in.EnterpriseID != nil {
		o.EnterpriseID = *in.EnterpriseID
	}
}

// CreateOrganisation: POST /api/v1/organisations.
func (h *Handlers) CreateOrganisation(w http.ResponseWriter, r *http.Request) {
	var in orgInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	o := &siapekspor.Organisation{}
	in.apply(o)
	if err := h.Store.CreateOrganisation(r.Context(), o); err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/organisations/"+strconv.FormatInt(o.ID, 10))
	httpx.WriteJSON(w, http.StatusCreated, o)
}

// UpdateOrganisation: PATCH /api/v1/organisations/{id}.
func (h *Handlers) UpdateOrganisation(w http.ResponseWriter, r *http.Request) {
	id, in, ok := idAndInput[orgInput](h, w, r)
	if !ok {
		return
	}
	o, err := h.Store.Organisation(r.Context(), id)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	in.apply(o)
	if err := h.Store.UpdateOrganisation(r.Context(), o); err != nil {
		h.Error(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, o)
}

// ListUsers: GET /api/v1/users.
func (h *Handlers) ListUsers(w http.ResponseWriter, r *http.Request) {
	users, err := h.Store.ListUsers(r.Context())
	h.respond(w, r, http.StatusOK, map[string]any{"items": users}, err)
}

// GetUser: GET /api/v1/users/{id}.
func (h *Handlers) GetUser(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	u, err := h.Store.User(r.Context(), id)
	h.respond(w, r, http.StatusOK, u, err)
}

type userInput struct {
	Email    *string          `json:"email"`
	Name     *string          `json:"name"`
	Role     *siapekspor.Role `json:"role"`
	OrgID    *int64           `json:"org_id"`
	Disabled *bool            `json:"disabled"`
}

// CreateUser: POST /api/v1/users — invites a user; the answer carries the
// one-time link to pass on.
func (h *Handlers) CreateUser(w http.ResponseWriter, r *http.Request) {
	var in userInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	u := &siapekspor.User{}
	if in.Email != nil {
		u.Email = *in.Email
	}
	applyUser(in, u)
	secret, err := h.Auth.CreateUser(r.Context(), u, "")
	h.respond(w, r, http.StatusCreated, map[string]any{"user": u, "invite_path": "/link/" + secret}, err)
}

func applyUser(in userInput, u *siapekspor.User) {
	if in.Name != nil {
		u.Name = *in.Name
	}
	if in.Role != nil {
		u.Role = *in.Role
	}
	if in.OrgID != nil {
		u.OrgID = *in.OrgID
	}
	if in.Disabled != nil {
		u.Disabled = *in.Disabled
	}
}

// UpdateUser: PATCH /api/v1/users/{id} — name, role, organisation, disabled.
func (h *Handlers) UpdateUser(w http.ResponseWriter, r *http.Request) {
	id, in, ok := idAndInput[userInput](h, w, r)
	if !ok {
		return
	}
	u, err := h.Store.User(r.Context(), id)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	if in.Email != nil && !strings.EqualFold(*in.Email, u.Email) {
		h.Error(w, r, siapekspor.FieldInvalid("email", "users.email_fixed"))
		return
	}
	applyUser(in, u)
	if u.ID == siapekspor.ActorFrom(r.Context()).UserID && (u.Disabled || u.Role != siapekspor.RoleAdmin) {
		h.Error(w, r, siapekspor.Errorf(siapekspor.EInvalid, "users.not_yourself"))
		return
	}
	if err := h.Store.UpdateUser(r.Context(), u); err != nil {
		h.Error(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, u)
}

// ResetUser: POST /api/v1/users/{id}/reset — a new one-time link to set a password.
func (h *Handlers) ResetUser(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	u, err := h.Store.User(r.Context(), id)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	secret, err := h.Auth.NewLink(r.Context(), u.ID, "reset")
	h.respond(w, r, http.StatusCreated, map[string]any{"reset_path": "/link/" + secret}, err)
}

// ListAudit: GET /api/v1/audit with actor, action, entity, entity_id, from,
// to (YYYY-MM-DD), limit, offset. Personal data is masked.
func (h *Handlers) ListAudit(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.AuditFilter{Actor: q.Get("actor"), Action: q.Get("action"), Entity: q.Get("entity")}
	f.EntityID, _ = strconv.ParseInt(q.Get("entity_id"), 10, 64)
	f.Limit, _ = strconv.Atoi(q.Get("limit"))
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	if t, err := time.Parse("2006-01-02", q.Get("from")); err == nil {
		f.From = t
	}
	if t, err := time.Parse("2006-01-02", q.Get("to")); err == nil {
		f.To = t.AddDate(0, 0, 1)
	}
	entries, total, err := h.Store.ListAudit(r.Context(), f)
	h.respond(w, r, http.StatusOK, map[string]any{"items": entries, "total": total}, err)
}
