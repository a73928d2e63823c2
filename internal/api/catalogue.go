package api

import (
	"net/http"
	"strconv"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/antispam"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
)

// The public catalogue (issue 20). Its reads are public: they show only
// what is listed (the store decides). Inquiries and buyer registrations
// are public too, and share the pages' per-address limits (Deps.Inquiries);
// an API client has no form to carry a time token or a honeypot, so the
// limits are its only guard. Listing consent belongs to the enterprise
// (its owner or an officer of its scope); the inquiries and registrations
// are the officers' (PermCatalogueAdmin).

// ParseCatalogueFilter reads the catalogue's filters from a query string;
// pages and API share it. A number that is not one is refused by name.
func ParseCatalogueFilter(q map[string][]string) (siapekspor.CatalogueFilter, error) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	f := siapekspor.CatalogueFilter{Query: get("q"), HSChapter: get("hs_chapter"), Category: siapekspor.Sector(get("category")),
		RegencyCode: get("regency"), Certificate: siapekspor.CertificateType(get("certificate"))}
	var p siapekspor.Problems
	if s := get("min_capacity"); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v < 0 || v != v {
			p.Add("min_capacity", "field.number")
		}
		f.MinCapacity = v
	}
	f.Limit, f.Offset = pageBounds(get, &p)
	if err := p.Err(); err != nil {
		return f, err
	}
	return f, f.Validate()
}

// CatalogueProducts: GET /api/v1/catalogue/products?q=&hs_chapter=&category=&regency=&certificate=&min_capacity=&limit=&offset=
func (h *Handlers) CatalogueProducts(w http.ResponseWriter, r *http.Request) {
	f, err := ParseCatalogueFilter(r.URL.Query())
	if err != nil {
		h.Error(w, r, err)
		return
	}
	page, err := h.Store.CatalogueProducts(r.Context(), f, h.Store.Now())
	h.respond(w, r, http.StatusOK, page, err)
}

// CatalogueProduct: GET /api/v1/catalogue/products/{id} — 404 alike for a
// product that does not exist and one that is not listed.
func (h *Handlers) CatalogueProduct(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, siapekspor.Errorf(siapekspor.ENotFound, "error.not_found.product"))
		return
	}
	p, err := h.Store.CatalogueProduct(r.Context(), id, h.Store.Now())
	h.respond(w, r, http.StatusOK, p, err)
}

// CatalogueEnterprise: GET /api/v1/catalogue/enterprises/{id} — a listed
// enterprise's public profile.
func (h *Handlers) CatalogueEnterprise(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, siapekspor.Errorf(siapekspor.ENotFound, "error.not_found.enterprise"))
		return
	}
	e, err := h.Store.CatalogueEnterprise(r.Context(), id, h.Store.Now())
	h.respond(w, r, http.StatusOK, e, err)
}

// CatalogueFacets: GET /api/v1/catalogue/facets — listed products counted
// by HS chapter, category, regency and valid certificate.
func (h *Handlers) CatalogueFacets(w http.ResponseWriter, r *http.Request) {
	f, err := h.Store.CatalogueFacets(r.Context(), h.Store.Now())
	h.respond(w, r, http.StatusOK, f, err)
}

// limited reports (and answers) a request over its address's limit.
func (h *Handlers) limited(w http.ResponseWriter, r *http.Request) bool {
	if h.Inquiries == nil {
		return false
	}
	key := antispam.AddrKey(siapekspor.ActorFrom(r.Context()).RemoteAddr)
	if h.Inquiries.Allow(key, h.Store.Now()) {
		return false
	}
	w.Header().Set("Retry-After", "600")
	h.Error(w, r, siapekspor.Errorf(siapekspor.ETooMany, "catalogue.too_many"))
	return true
}

// CreateInquiry: POST /api/v1/catalogue/inquiries — a buyer's inquiry about
// a listed product (product_id) or enterprise (enterprise_id); it becomes a
// draft buying request in the officers' queue. 201 with the inquiry.
func (h *Handlers) CreateInquiry(w http.ResponseWriter, r *http.Request) {
	var in siapekspor.Inquiry
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	if h.limited(w, r) {
		return
	}
	if in.Lang == "" {
		in.Lang = string(httpx.Lang(r, i18n.EN))
	}
	in.ID, in.RequestID = 0, 0
	err := h.Store.CreateInquiry(r.Context(), &in)
	h.respond(w, r, http.StatusCreated, &in, err)
}

// ListInquiries: GET /api/v1/catalogue/inquiries?limit=&offset= — newest first.
func (h *Handlers) ListInquiries(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := limitOffset(r)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	list, total, err := h.Store.ListInquiries(r.Context(), limit, offset)
	h.respond(w, r, http.StatusOK, map[string]any{"items": list, "total": total}, err)
}

func limitOffset(r *http.Request) (limit, offset int, err error) {
	var p siapekspor.Problems
	limit, offset = pageBounds(r.URL.Query().Get, &p)
	return limit, offset, p.Err()
}

// pageBounds reads limit and offset (0 when absent), naming one that is
// not a whole number of zero or more.
func pageBounds(get func(string) string, p *siapekspor.Problems) (limit, offset int) {
	read := func(k string) int {
		s := get(k)
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			p.Add(k, "field.number")
		}
		return n
	}
	return read("limit"), read("offset")
}

// registrationIn is a self-registration with the password the buyer chose.
type registrationIn struct {
	siapekspor.BuyerRegistration
	Password string `json:"password"`
}

// RegisterBuyer: POST /api/v1/catalogue/buyers — a foreign buyer registers
// (name, email, password, company, country, website, message); the account
// stays disabled until an officer approves it. 201 with the registration.
func (h *Handlers) RegisterBuyer(w http.ResponseWriter, r *http.Request) {
	var in registrationIn
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	if h.limited(w, r) {
		return
	}
	reg := in.BuyerRegistration
	reg.ID, reg.UserID, reg.OrgID, reg.Status, reg.DecidedBy, reg.DecidedAt = 0, 0, 0, "", "", nil
	err := h.Auth.RegisterBuyer(r.Context(), &reg, in.Password)
	h.respond(w, r, http.StatusCreated, &reg, err)
}

// BuyerRegistrations: GET /api/v1/catalogue/buyers — pending first.
func (h *Handlers) BuyerRegistrations(w http.ResponseWriter, r *http.Request) {
	v, err := items(h.Store.BuyerRegistrations(r.Context()))
	h.respond(w, r, http.StatusOK, v, err)
}

// DecideBuyer: POST /api/v1/catalogue/buyers/{id}/approve and …/reject.
func (h *Handlers) DecideBuyer(approve bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := httpx.ID(r, "id")
		if err != nil {
			h.Error(w, r, siapekspor.Errorf(siapekspor.ENotFound, "error.not_found.registration"))
			return
		}
		reg, err := h.Store.DecideBuyerRegistration(r.Context(), id, approve)
		h.respond(w, r, http.StatusOK, reg, err)
	}
}

// ListingConsent: GET /api/v1/enterprises/{id}/listing — whether the
// enterprise agreed to be listed in the public catalogue, how and by whom.
func (h *Handlers) ListingConsent(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, siapekspor.Errorf(siapekspor.ENotFound, "error.not_found.enterprise"))
		return
	}
	c, err := h.Store.ListingConsent(r.Context(), id)
	h.respond(w, r, http.StatusOK, c, err)
}

// SetListingConsent: PUT /api/v1/enterprises/{id}/listing {"listed": true,
// "evidence": "…"} — the owner agrees (or withdraws); an officer records
// the owner's consent saying how it was given. Takes effect at once.
func (h *Handlers) SetListingConsent(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, siapekspor.Errorf(siapekspor.ENotFound, "error.not_found.enterprise"))
		return
	}
	var in struct {
		Listed   bool   `json:"listed"`
		Evidence string `json:"evidence"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	c := &siapekspor.ListingConsent{EnterpriseID: id, Listed: in.Listed, Evidence: in.Evidence}
	err = h.Store.SetListingConsent(r.Context(), c)
	h.respond(w, r, http.StatusOK, c, err)
}
