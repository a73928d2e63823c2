package web

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
)

// OrganisationList lists the export forum's organisations.
func (h *Handlers) OrganisationList(w http.ResponseWriter, r *http.Request) {
	orgs, err := h.Store.ListOrganisations(r.Context(), siapekspor.OrganisationFilter{})
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p := NewPage(r, "orgs.title", "organisations")
	p.Data = orgs
	h.R.Render(w, r, http.StatusOK, "organisations", p)
}

type orgFormData struct {
	O         *siapekspor.Organisation
	Regencies []refdata.Region
}

// OrganisationNew shows an empty organisation form.
func (h *Handlers) OrganisationNew(w http.ResponseWriter, r *http.Request) {
	h.renderOrgForm(w, r, http.StatusOK, &siapekspor.Organisation{Kind: siapekspor.OrgRegencyOffice}, nil)
}

// OrganisationEdit shows an organisation's form.
func (h *Handlers) OrganisationEdit(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	o, err := h.Store.Organisation(r.Context(), id)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.renderOrgForm(w, r, http.StatusOK, o, nil)
}

// OrganisationCreate stores a new organisation.
func (h *Handlers) OrganisationCreate(w http.ResponseWriter, r *http.Request) {
	h.saveOrg(w, r, &siapekspor.Organisation{})
}

// OrganisationUpdate stores an edited organisation.
func (h *Handlers) OrganisationUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	o, err := h.Store.Organisation(r.Context(), id)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.saveOrg(w, r, o)
}

func (h *Handlers) saveOrg(w http.ResponseWriter, r *http.Request, o *siapekspor.Organisation) {
	r.ParseForm()
	o.Name = r.PostForm.Get("name")
	o.Kind = siapekspor.OrgKind(r.PostForm.Get("kind"))
	o.RegionCode = r.PostForm.Get("region_code")
	o.EnterpriseID = nil
	if id, err := strconv.ParseInt(r.PostForm.Get("enterprise_id"), 10, 64); err == nil && id > 0 {
		o.EnterpriseID = &id
	}
	var err error
	if o.ID == 0 {
		err = h.Store.CreateOrganisation(r.Context(), o)
	} else {
		err = h.Store.UpdateOrganisation(r.Context(), o)
	}
	if err != nil {
		if c := siapekspor.ErrorCodeOf(err); c == siapekspor.EInvalid || c == siapekspor.EConflict {
			h.renderOrgForm(w, r, httpx.Status(c), o, err)
			return
		}
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "orgs.saved", "/organisations")
}

func (h *Handlers) renderOrgForm(w http.ResponseWriter, r *http.Request, status int, o *siapekspor.Organisation, err error) {
	title := "orgs.new"
	if o.ID != 0 {
		title = "orgs.edit"
	}
	p := NewPage(r, title, "organisations")
	if err != nil {
		p.SetError(httpx.DomainError(r, h.Log, err))
	}
	prov := h.Province
	var regions []refdata.Region
	ix := refdata.DefaultRegionIndex()
	if prov == "" {
		regions = ix.Children("")
	} else {
		if reg, ok := ix.ByCode(prov); ok {
			regions = append(regions, reg)
		}
		regions = append(regions, ix.Children(prov)...)
	}
	p.Data = orgFormData{O: o, Regencies: regions}
	h.R.Render(w, r, status, "organisation_form", p)
}

// UserList lists the accounts.
func (h *Handlers) UserList(w http.ResponseWriter, r *http.Request) {
	users, err := h.Store.ListUsers(r.Context())
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p := NewPage(r, "users.title", "users")
	p.Data = users
	h.R.Render(w, r, http.StatusOK, "users", p)
}

type userFormData struct {
	U    *siapekspor.User
	Orgs []siapekspor.Organisation
	// Link is a one-time invitation or reset link to hand to the user.
	Link string
}

// UserNew shows the invitation form.
func (h *Handlers) UserNew(w http.ResponseWriter, r *http.Request) {
	h.renderUserForm(w, r, http.StatusOK, &siapekspor.User{Role: siapekspor.RoleOfficer}, "", nil)
}

// UserEdit shows a user's role, organisation and status.
func (h *Handlers) UserEdit(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	u, err := h.Store.User(r.Context(), id)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.renderUserForm(w, r, http.StatusOK, u, "", nil)
}

// UserCreate invites a user: the account is made and a one-time link to set
// a password is shown to the admin to pass on.
func (h *Handlers) UserCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	u := &siapekspor.User{}
	readUserForm(r, u)
	secret, err := h.Auth.CreateUser(r.Context(), u, "")
	if err != nil {
		if c := siapekspor.ErrorCodeOf(err); c == siapekspor.EInvalid || c == siapekspor.EConflict {
			h.renderUserForm(w, r, httpx.Status(c), u, "", err)
			return
		}
		h.R.Error(w, r, err)
		return
	}
	h.renderUserForm(w, r, http.StatusOK, u, h.linkURL(r, secret), nil)
}

// UserUpdate changes a user's name, role, organisation or disabled status.
func (h *Handlers) UserUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	u, err := h.Store.User(r.Context(), id)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	r.ParseForm()
	readUserForm(r, u)
	u.Disabled = r.PostForm.Get("disabled") == "1"
	if u.ID == siapekspor.ActorFrom(r.Context()).UserID && (u.Disabled || u.Role != siapekspor.RoleAdmin) {
		h.renderUserForm(w, r, http.StatusUnprocessableEntity, u, "", siapekspor.Errorf(siapekspor.EInvalid, "users.not_yourself"))
		return
	}
	if err := h.Store.UpdateUser(r.Context(), u); err != nil {
		if c := siapekspor.ErrorCodeOf(err); c == siapekspor.EInvalid || c == siapekspor.EConflict {
			h.renderUserForm(w, r, httpx.Status(c), u, "", err)
			return
		}
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "users.saved", "/users")
}

// UserReset makes a new one-time link with which the user sets a new password.
func (h *Handlers) UserReset(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	u, err := h.Store.User(r.Context(), id)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	secret, err := h.Auth.NewLink(r.Context(), u.ID, "reset")
	if siapekspor.ErrorCodeOf(err) == siapekspor.EInvalid { // a service account
		h.renderUserForm(w, r, http.StatusUnprocessableEntity, u, "", err)
		return
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.renderUserForm(w, r, http.StatusOK, u, h.linkURL(r, secret), nil)
}

func readUserForm(r *http.Request, u *siapekspor.User) {
	if u.ID == 0 {
		u.Email = r.PostForm.Get("email")
	}
	u.Name = r.PostForm.Get("name")
	u.Role = siapekspor.Role(r.PostForm.Get("role"))
	u.OrgID, _ = strconv.ParseInt(r.PostForm.Get("org_id"), 10, 64)
}

// linkURL is the full one-time link for a secret, on the host the admin used.
func (h *Handlers) linkURL(r *http.Request, secret string) string {
	scheme := "http"
	if h.Proxies.HTTPS(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/link/" + secret
}

func (h *Handlers) renderUserForm(w http.ResponseWriter, r *http.Request, status int, u *siapekspor.User, link string, err error) {
	title := "users.new"
	if u.ID != 0 {
		title = "users.edit"
	}
	p := NewPage(r, title, "users")
	if err != nil {
		p.SetError(httpx.DomainError(r, h.Log, err))
	}
	orgs, lerr := h.Store.ListOrganisations(r.Context(), siapekspor.OrganisationFilter{})
	if lerr != nil {
		h.R.Error(w, r, lerr)
		return
	}
	p.Data = userFormData{U: u, Orgs: orgs, Link: link}
	h.R.Render(w, r, status, "user_form", p)
}

// ParseAuditFilter reads the audit log's filters from a query string.
func ParseAuditFilter(r *http.Request) store.AuditFilter {
	q := r.URL.Query()
	f := store.AuditFilter{Actor: actorLabel(strings.TrimSpace(q.Get("actor"))), Action: q.Get("action"), Entity: q.Get("entity")}
	f.EntityID, _ = strconv.ParseInt(q.Get("entity_id"), 10, 64)
	if t, err := time.ParseInLocation("2006-01-02", q.Get("from"), time.UTC); err == nil {
		f.From = t
	}
	if t, err := time.ParseInLocation("2006-01-02", q.Get("to"), time.UTC); err == nil {
		f.To = t.AddDate(0, 0, 1)
	}
	return f
}

type auditData struct {
	Filter           store.AuditFilter
	Entries          []store.AuditEntry
	Total            int
	Query            string
	From, To         string
	PageNum, Pages   int
	PrevURL, NextURL string
}

// AuditList shows the audit log with filters; nobody can change it here.
func (h *Handlers) AuditList(w http.ResponseWriter, r *http.Request) {
	f := ParseAuditFilter(r)
	num, _ := strconv.Atoi(r.URL.Query().Get("page"))
	num = max(num, 1)
	f.Limit, f.Offset = 50, (num-1)*50
	entries, total, err := h.Store.ListAudit(r.Context(), f)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	q := r.URL.Query()
	q.Del("page")
	d := auditData{Filter: f, Entries: entries, Total: total, Query: q.Encode(), From: q.Get("from"), To: q.Get("to"),
		PageNum: num, Pages: (total + 49) / 50}
	if num > 1 {
		d.PrevURL = "/audit?" + q.Encode() + "&page=" + strconv.Itoa(num-1)
	}
	if num < d.Pages {
		d.NextURL = "/audit?" + q.Encode() + "&page=" + strconv.Itoa(num+1)
	}
	p := NewPage(r, "audit.title", "audit")
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "audit", p)
}

// AuditExport writes the filtered audit log as CSV (personal data masked).
func (h *Handlers) AuditExport(w http.ResponseWriter, r *http.Request) {
	f := ParseAuditFilter(r)
	f.Limit = 10000
	entries, _, err := h.Store.ListAudit(r.Context(), f)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="audit-log.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "at_utc", "actor", "remote_addr", "action", "entity", "entity_id", "before", "after"})
	for _, e := range entries {
		cw.Write([]string{strconv.FormatInt(e.ID, 10), e.At.Format(time.RFC3339), csvSafe(e.Actor), e.RemoteAddr, e.Action, e.Entity,
			strconv.FormatInt(e.EntityID, 10), csvSafe(e.Before), csvSafe(e.After)})
	}
	cw.Flush()
}

// csvSafe neutralises text a spreadsheet would run as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
