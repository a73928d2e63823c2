package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
)

const pageSize = 25

type listData struct {
	Filter      siapekspor.EnterpriseFilter
	Page        *siapekspor.EnterprisePage
	PageNum     int
	Pages       int
	Query       url.Values
	Provinces   []refdata.Region
	Regencies   []refdata.Region
	Districts   []refdata.Region
	Offices     []siapekspor.Organisation
	Province    string // the installation's province, "" for national
	ExportQuery string
}

// PageURL is the list URL for another page number, keeping the filters.
func (d listData) PageURL(n int) string {
	q := url.Values{}
	for k, v := range d.Query {
		q[k] = v
	}
	q.Set("page", strconv.Itoa(n))
	return "/enterprises?" + q.Encode()
}

// SortURL is the list URL sorted by key, toggling the direction when already sorted by it.
func (d listData) SortURL(key string) string {
	q := url.Values{}
	for k, v := range d.Query {
		q[k] = v
	}
	q.Del("page")
	q.Set("sort", key)
	if string(d.Filter.Sort) == key && !d.Filter.Desc {
		q.Set("desc", "1")
	} else {
		q.Del("desc")
	}
	return "/enterprises?" + q.Encode()
}

// EnterpriseList shows the registry with filters, sorting and pages.
func (h *Handlers) EnterpriseList(w http.ResponseWriter, r *http.Request) {
	p := NewPage(r, "enterprises.title", "enterprises")
	q := r.URL.Query()
	f := httpx.ParseEnterpriseFilter(q)
	if h.Province != "" {
		f.ProvinceCode = h.Province
	}
	num, _ := strconv.Atoi(q.Get("page"))
	num = max(num, 1)
	f.Limit, f.Offset = pageSize, (num-1)*pageSize
	page, err := h.Enterprises.ListEnterprises(r.Context(), f)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	ix := refdata.DefaultRegionIndex()
	d := listData{Filter: f, Page: page, PageNum: num, Pages: (page.Total + pageSize - 1) / pageSize, Query: q, Province: h.Province}
	if h.Province == "" {
		d.Provinces = ix.Children("")
	}
	if f.ProvinceCode != "" {
		d.Regencies = ix.Children(f.ProvinceCode)
	}
	if f.RegencyCode != "" {
		d.Districts = ix.Children(f.RegencyCode)
	}
	if d.Offices, err = h.Organisations.ListOrganisations(r.Context(), siapekspor.OrganisationFilter{Kinds: coachingKinds()}); err != nil {
		h.R.Error(w, r, err)
		return
	}
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "enterprises", p)
}

func coachingKinds() []siapekspor.OrgKind {
	var ks []siapekspor.OrgKind
	for _, k := range siapekspor.OrgKinds {
		if k.CoachesEnterprises() {
			ks = append(ks, k)
		}
	}
	return ks
}

// EnterpriseDetail shows one enterprise.
func (h *Handlers) EnterpriseDetail(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	e, err := h.Enterprises.Enterprise(r.Context(), id)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p := NewPage(r, "enterprise.title", "enterprises")
	p.Title = e.Name
	d := enterpriseData{E: e, Now: time.Now(), CanEditProducts: siapekspor.Can(p.Actor, siapekspor.PermProductWrite) && siapekspor.ScopeOf(p.Actor).Contains(e)}
	if siapekspor.Can(p.Actor, siapekspor.PermProductRead) {
		products, err := h.Store.ListProducts(r.Context(), store.ProductFilter{EnterpriseID: e.ID, Limit: 200})
		if err != nil {
			h.R.Error(w, r, err)
			return
		}
		d.Products = products.Items
		if d.Certificates, err = h.Store.ListCertificates(r.Context(), store.CertificateFilter{EnterpriseID: e.ID}); err != nil {
			h.R.Error(w, r, err)
			return
		}
	}
	if siapekspor.Can(p.Actor, siapekspor.PermReadinessRead) {
		d.ShowDevelopment = true
		history, err := h.Store.EnterpriseAssessments(r.Context(), e.ID)
		if err != nil {
			h.R.Error(w, r, err)
			return
		}
		if len(history) > 0 {
			d.Readiness = &history[0]
		}
	}
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "enterprise", p)
}

// enterpriseData is what an enterprise's page shows.
type enterpriseData struct {
	E               *siapekspor.Enterprise
	Products        []siapekspor.Product
	Certificates    []siapekspor.Certificate
	CanEditProducts bool
	Now             time.Time
	// ShowDevelopment: readiness, mentoring and the timeline are open to the reader.
	ShowDevelopment bool
	Readiness       *store.Assessment
}

// EnterpriseDelete asks, then deletes and goes back to the list.
func (h *Handlers) EnterpriseDelete(w http.ResponseWriter, r *http.Request) {
	e, ok := h.enterpriseOf(w, r)
	if !ok {
		return
	}
	if h.ask(w, r, confirmation{Nav: "enterprises", Title: "enterprise.delete.title", Key: "enterprise.delete.question", Args: []any{e.Name},
		Button: "action.delete", Cancel: "/enterprises/" + strconv.FormatInt(e.ID, 10)}) {
		return
	}
	if err := h.Enterprises.DeleteEnterprise(r.Context(), e.ID); err != nil {
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "enterprise.deleted", "/enterprises")
}
