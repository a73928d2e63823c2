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
	Pager       pager
	Query       url.Values
	Provinces   []refdata.Region
	Regencies   []refdata.Region
	Districts   []refdata.Region
	Offices     []siapekspor.Organisation
	Province    string // the installation's province, "" for national
	ExportQuery string
}

// SortURL is the list URL sorted by key, toggling the direction when already sorted by it.
func (d listData) SortURL(key string) string {
	q := url.Values{}
	for k, v := range d.Query {
		q[k] = v
	}
	for _, k := range pagerParams {
		q.Del(k)
	}
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
	// Pages follow cursors; a text query is counted only when asked.
	num := pageFrom(q, &f.After, &f.Before, &f.Last, &f.Offset)
	f.Limit, f.CheapTotal, f.NoKBLI = pageSize, q.Get("count") != "1", true
	page, err := h.Enterprises.ListEnterprises(r.Context(), f)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	ix := refdata.DefaultRegionIndex()
	d := listData{Filter: f, Page: page, Query: q, Province: h.Province,
		Pager: newPager("/enterprises", q, num, page.Total, page.Prev, page.Next)}
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

// pagerParams are the query parameters that say which page of a list is shown.
var pagerParams = []string{"page", "after", "before", "last"}

// maxOffsetPage: a page number without a cursor (a typed or bookmarked
// URL) is honoured by skipping rows up to this page; beyond it the list
// starts at the first page.
const maxOffsetPage = 40

// pageFrom reads a list's position from its query: the page number shown,
// and the cursor to read from (or the rows to skip for a bare number).
func pageFrom(q url.Values, after, before *string, last *bool, offset *int) int {
	num, _ := strconv.Atoi(q.Get("page"))
	*after, *before, *last = q.Get("after"), q.Get("before"), q.Get("last") == "1"
	if *after == "" && *before == "" && !*last {
		if num > maxOffsetPage {
			num = 1
		}
		*offset = (max(num, 1) - 1) * pageSize
	}
	return max(num, 1)
}

// pager is a list's page links: first, previous, this page's number (and
// of how many, when counted), next, last (when counted), and a link that
// asks for the count when it was not made.
type pager struct {
	Num, Pages                        int // Pages 0: not counted
	First, Prev, Next, Last, CountAll string
}

func newPager(path string, q url.Values, num, total int, prev, next string) pager {
	link := func(set map[string]string) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		for _, k := range pagerParams {
			v.Del(k)
		}
		for k, s := range set {
			v.Set(k, s)
		}
		if len(v) == 0 {
			return path
		}
		return path + "?" + v.Encode()
	}
	p := pager{Num: num}
	if total >= 0 {
		p.Pages = max((total+pageSize-1)/pageSize, 1)
		p.Num = min(num, p.Pages)
	} else {
		cur := map[string]string{"count": "1"}
		for _, k := range pagerParams {
			if s := q.Get(k); s != "" {
				cur[k] = s
			}
		}
		p.CountAll = link(cur)
	}
	if prev != "" {
		p.First = link(nil)
		p.Prev = link(map[string]string{"before": prev, "page": strconv.Itoa(max(p.Num-1, 1))})
	}
	if next != "" {
		p.Next = link(map[string]string{"after": next, "page": strconv.Itoa(p.Num + 1)})
		if p.Pages > 0 {
			p.Last = link(map[string]string{"last": "1", "page": strconv.Itoa(p.Pages)})
		}
	}
	return p
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
	if siapekspor.Can(p.Actor, siapekspor.PermExportRead) {
		if d.Exports, err = h.Store.ListExportRecords(r.Context(), store.ExportFilter{EnterpriseID: e.ID, Limit: 10}); err != nil {
			h.R.Error(w, r, err)
			return
		}
		d.CanWriteExports = siapekspor.Can(p.Actor, siapekspor.PermExportWrite) && siapekspor.ScopeOf(p.Actor).Contains(e)
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
	if siapekspor.Can(p.Actor, siapekspor.PermEnterpriseWrite) && siapekspor.CanSetListing(p.Actor) && siapekspor.ScopeOf(p.Actor).Contains(e) {
		if d.Listing, err = h.catalogue().ListingConsent(r.Context(), e.ID); err != nil {
			h.R.Error(w, r, err)
			return
		}
		d.CanSetListing, d.ListingByOwner = true, p.Actor.Role == siapekspor.RoleOwner
		d.PublicPath = siapekspor.CatalogueEnterprisePath(e.ID, e.Name)
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
	// Exports: its latest export records (nil when the reader may not see them).
	Exports         *store.ExportPage
	CanWriteExports bool
	Now             time.Time
	// ShowDevelopment: readiness, mentoring and the timeline are open to the reader.
	ShowDevelopment bool
	Readiness       *store.Assessment
	// Listing: the enterprise's consent to the public catalogue (nil when
	// the reader may not change it).
	Listing                       *siapekspor.ListingConsent
	CanSetListing, ListingByOwner bool
	PublicPath                    string
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
