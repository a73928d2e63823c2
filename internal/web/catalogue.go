package web

// The public catalogue for foreign buyers (issue 20, docs/catalogue.md):
// pages anyone may read without signing in, in their own light layout
// (templates/catalogue/), in the language of ?lang= only (so that a page is
// one cacheable answer per URL), with canonical addresses, OpenGraph tags
// and schema.org data, and ETag/Cache-Control for anonymous readers.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/antispam"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// publicSite is the catalogue's own templates and its guards against
// inquiry spam.
type publicSite struct {
	pages     map[string]*template.Template
	tokens    *antispam.Tokens
	limiter   *antispam.Limiter
	countries *fixedOptions
	units     *fixedOptions
	css       string // the catalogue's style sheet's address
}

// Inquiry limits per client address when the server gives none: a buyer
// writes a few; a flood stops (the server's are shared with the API).
var inquiryRules = []antispam.Rule{{Max: 5, Window: 10 * time.Minute}, {Max: 20, Window: 24 * time.Hour}}

func newPublicSite(r *Renderer, secret []byte, limiter *antispam.Limiter) (*publicSite, error) {
	if limiter == nil {
		limiter = antispam.NewLimiter(inquiryRules...)
	}
	// No secret: a random one; forms handed out before a restart then ask
	// their sender to send them again.
	s := &publicSite{pages: map[string]*template.Template{}, tokens: antispam.NewTokens(secret), limiter: limiter}
	s.css = r.assets["catalogue.css"]
	if s.css == "" {
		return nil, errors.New("no catalogue.css among the static files")
	}
	s.countries = newFixedOptions(buyerCountryOptions, "")
	units := []string{""}
	for _, u := range siapekspor.Units {
		units = append(units, string(u))
	}
	s.units = newFixedOptions(unitOptions, units...)
	funcs := template.FuncMap{
		"asset": func(name string) string {
			if u, ok := r.assets[name]; ok {
				return u
			}
			panic("unknown asset " + name)
		},
		"add1": func(i int) int { return i + 1 },
	}
	names, err := fs.Glob(files, "templates/catalogue/*.html")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(files, "templates/catalogue/layout.html", n)
		if err != nil {
			return nil, err
		}
		s.pages[strings.TrimSuffix(base, ".html")] = t
	}
	return s, nil
}

// publicLang reads ?lang=; anything else, or nothing, is English. Not the
// app's cookie: a catalogue page is the same for everyone at its URL.
func publicLang(r *http.Request) i18n.Lang {
	l, _ := i18n.ParsePublic(r.URL.Query().Get("lang"))
	return l
}

// pubPage is what every catalogue template receives.
type pubPage struct {
	P           i18n.Printer
	Lang        i18n.Lang
	Dir         string
	Title       string
	Description string
	// Canonical is the page's absolute address; Alternates the <link>s to
	// the same page in each language (hreflang); Langs the language
	// switch's list items; both written by newPubPage (catalogue_html.go
	// says why in Go).
	Canonical  string
	Alternates template.HTML
	Langs      template.HTML
	// Head is the page up to its <main>, written by renderPub (head).
	Head       template.HTML
	OGType     string
	OGImage    string
	JSONLD     any
	NoIndex    bool
	Q          string
	Errors     []FieldMessage
	FieldErr   map[string]string
	Data       any
	base, path string
}

// Link is a catalogue address in the page's language.
func (p *pubPage) Link(to string) string { return withLang(to, p.Lang) }

func withLang(to string, l i18n.Lang) string {
	if l == i18n.EN {
		return to
	}
	sep := "?"
	if strings.Contains(to, "?") {
		sep = "&"
	}
	return to + sep + "lang=" + string(l)
}

// now is the store's clock (the day decides what is listed).
func (h *Handlers) now() time.Time {
	if h.Store != nil && h.Store.Now != nil {
		return h.Store.Now()
	}
	return time.Now()
}

// baseURL is where absolute addresses start: the configured BaseURL, else
// the request's own scheme and host.
func (h *Handlers) baseURL(r *http.Request) string {
	if h.BaseURL != "" {
		return strings.TrimSuffix(h.BaseURL, "/")
	}
	scheme := "http"
	if h.Proxies.HTTPS(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// newPubPage starts a catalogue page at canonical path pth (with its own
// query, lang excluded).
func (h *Handlers) newPubPage(r *http.Request, title, pth string) *pubPage {
	l := publicLang(r)
	p := &pubPage{P: i18n.Printer{Lang: l}, Lang: l, Dir: l.Dir(), OGType: "website", base: h.baseURL(r), path: pth}
	p.Title = title
	p.Canonical = p.base + withLang(pth, l)
	// The switch keeps the page and its other parameters.
	q := r.URL.Query()
	p.Q = q.Get("q")
	var alt, langs htmlw
	alt.Grow(80 * (len(i18n.PublicLangs) + 1))
	langs.Grow(120 * len(i18n.PublicLangs))
	link := func(code, href string) {
		alt.m(`<link rel="alternate" hreflang="`, code, `" href="`).t(href).m("\">\n")
	}
	for _, pl := range i18n.PublicLangs {
		link(pl.Tag(), p.base+withLang(pth, pl))
		q.Del("lang")
		if pl != i18n.EN {
			q.Set("lang", string(pl))
		}
		href := r.URL.EscapedPath()
		if enc := q.Encode(); enc != "" {
			href += "?" + enc
		}
		langs.m(`<li><a href="`).t(href).m(`" lang="`, pl.Tag(), `" hreflang="`, pl.Tag(), `"`)
		if pl == l {
			langs.m(` aria-current="true"`)
		}
		langs.m(">").t(pl.Name()).m("</a></li>")
	}
	link("x-default", p.base+pth)
	p.Alternates, p.Langs = alt.html(), langs.html()
	return p
}

func (p *pubPage) setError(e *siapekspor.Error) {
	p.FieldErr, p.Errors = fieldErrors(p.P, e, func(field string) string {
		if label := p.P.T("pub.form." + field); label != "pub.form."+field {
			return label
		}
		return field
	}, p.Errors)
}

// renderPub renders a catalogue page.
func (h *Handlers) renderPub(w http.ResponseWriter, r *http.Request, status int, name string, p *pubPage) {
	t, ok := h.pub.pages[name]
	if !ok {
		panic("unknown catalogue page " + name)
	}
	head, err := h.pub.head(p)
	if err != nil {
		h.Log.ErrorContext(r.Context(), "render", "page", "catalogue/"+name, "err", err)
		http.Error(w, p.P.T("error.internal"), http.StatusInternalServerError)
		return
	}
	p.Head = head
	// The inquiry form's time token changes with every answer; the page
	// is the same without it (a copy with an older token still posts).
	var token string
	switch d := p.Data.(type) {
	case productView:
		token = d.Form.Token
	case enterpriseView:
		token = d.Form.Token
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	if err := t.ExecuteTemplate(buf, "layout.html", p); err != nil {
		h.Log.ErrorContext(r.Context(), "render", "page", "catalogue/"+name, "err", err)
		http.Error(w, p.P.T("error.internal"), http.StatusInternalServerError)
		return
	}
	writeCacheable(w, r, "text/html; charset=utf-8", status, buf.Bytes(), token)
}

// writeCacheable answers with body: for an anonymous GET of a good page
// with Cache-Control public for five minutes and a weak ETag of the body
// without the text vary (the form's time token; an If-None-Match that
// names it gets 304); for signed-in readers nothing is kept, as everywhere
// in the app.
func writeCacheable(w http.ResponseWriter, r *http.Request, contentType string, status int, body []byte, vary string) {
	hd := w.Header()
	hd.Set("Content-Type", contentType)
	anonymous := siapekspor.ActorFrom(r.Context()).Role == ""
	if status == http.StatusOK && anonymous && (r.Method == http.MethodGet || r.Method == http.MethodHead) && hd.Get("Set-Cookie") == "" {
		sum := hashWithout(body, vary)
		etag := `W/"` + hex.EncodeToString(sum[:12]) + `"`
		hd.Set("Cache-Control", "public, max-age=300")
		hd.Set("ETag", etag)
		if etagMatches(r.Header.Get("If-None-Match"), etag) {
			hd.Del("Content-Type")
			w.WriteHeader(http.StatusNotModified)
			return
		}
	} else {
		hd.Set("Cache-Control", "private, no-store")
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// hashWithout is the SHA-256 of body with every vary taken out, hashed
// piece by piece rather than on a copy of the page.
func hashWithout(body []byte, vary string) [sha256.Size]byte {
	if vary == "" {
		return sha256.Sum256(body)
	}
	d := sha256.New()
	for {
		i := bytes.Index(body, []byte(vary))
		if i < 0 {
			break
		}
		d.Write(body[:i])
		body = body[i+len(vary):]
	}
	d.Write(body)
	var sum [sha256.Size]byte
	d.Sum(sum[:0])
	return sum
}

func etagMatches(header, etag string) bool {
	for _, part := range strings.Split(header, ",") {
		part = strings.TrimPrefix(strings.TrimSpace(part), "W/")
		if part == strings.TrimPrefix(etag, "W/") || part == "*" {
			return true
		}
	}
	return false
}

// productCard is a product in a list.
type productCard struct {
	Href, Name, Thumb, Enterprise, Regency, Capacity string
	InIndonesian                                     bool
	Certs                                            []string
}

func (p *pubPage) card(pp *siapekspor.PublicProduct) productCard {
	name, inID := pp.Name(p.Lang == i18n.ID)
	c := productCard{Href: p.Link(pp.Path), Name: name, InIndonesian: inID && p.Lang != i18n.ID, Enterprise: pp.EnterpriseName,
		Regency: pp.RegencyName, Capacity: p.perMonth(pp.CapacityPerMonth, pp.Unit)}
	if c.Href == "" || pp.Path == "" {
		c.Href = p.Link(siapekspor.CataloguePath(pp.ID, pp.NameEN+pp.NameID))
	}
	if len(pp.Photos) > 0 {
		c.Thumb = "/media/" + pp.Photos[0].Thumb
	}
	seen := map[siapekspor.CertificateType]bool{}
	for _, ct := range pp.Certificates {
		if !seen[ct.Type] {
			seen[ct.Type] = true
			c.Certs = append(c.Certs, p.P.T("pub.cert."+string(ct.Type)))
		}
	}
	return c
}

func (p *pubPage) perMonth(v float64, u siapekspor.Unit) string {
	if v <= 0 {
		return ""
	}
	return p.P.T("pub.per_month", p.P.Dec(v), p.P.T("pub.unit."+string(u)))
}

// chapterLabel names an HS chapter: "09 · Coffee, tea, maté and spices".
func chapterLabel(fc facetCount) string {
	if l, ok := chapterLabels()[fc.Key]; ok {
		return l
	}
	return fc.Key
}

// chapterLabels is every HS chapter's label, from the built-in HS list.
var chapterLabels = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for ch := 1; ch <= 99; ch++ {
		code := fmt.Sprintf("%02d", ch)
		if c, ok := refdata.DefaultHSIndex().ByCode(code); ok {
			m[code] = code + " · " + c.DescriptionEN
		}
	}
	return m
})

// labelBy names a facet's value by its message (prefix + key).
func (p *pubPage) labelBy(prefix string) func(facetCount) string {
	return func(fc facetCount) string { return p.P.T(prefix + fc.Key) }
}

// CatalogueHome is the buyers' front page.
func (h *Handlers) CatalogueHome(w http.ResponseWriter, r *http.Request) {
	now := h.now()
	p := h.newPubPage(r, "", "/catalogue")
	p.Title = p.P.T("pub.home.title")
	p.Description = p.P.T("pub.home.description")
	featured, facets, err := h.catalogue().CatalogueCards(r.Context(), siapekspor.CatalogueFilter{Limit: cataloguePageSize}, now)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	d := homeData{Products: facets.Products, Enterprises: facets.Enterprises}
	d.Chapters = facetLinks(facets.Chapters, chapterLabel, func(k string) string { return p.Link("/catalogue/search?hs_chapter=" + url.QueryEscape(k)) })
	d.Categories = facetLinks(facets.Categories, p.labelBy("pub.sector."), func(k string) string { return p.Link("/catalogue/search?category=" + url.QueryEscape(k)) })
	d.Certificates = facetLinks(facets.Certificates, p.labelBy("pub.certified."), func(k string) string { return p.Link("/catalogue/certified/" + url.PathEscape(k)) })
	d.Featured = p.cards(featured.Items)
	d.Content = p.homeContent(&d)
	p.Data = d
	h.renderPub(w, r, http.StatusOK, "home", p)
}

// homeData is the front page.
type homeData struct {
	Chapters, Categories, Certificates template.HTML // list items (facetLinks)
	Featured                           template.HTML // the cards
	Products, Enterprises              int
	Content                            template.HTML // the page's content (homeContent)
}

// catalogueSearchData is the search page and the lists by certificate.
type catalogueSearchData struct {
	Heading                                    string
	Action                                     string
	Filter                                     siapekspor.CatalogueFilter
	MinCapacity                                string
	Chapters, Categories, Regencies, CertTypes template.HTML // the filters' options (facetOptions)
	Results                                    template.HTML // the cards
	Total                                      int
	Page, Pages                                int
	Prev, Next                                 string
	Searched                                   bool
	FixedCert                                  bool
	Content                                    template.HTML // the page's content (searchContent)
}

// cataloguePageSize: results per page. Every card's 320 px photo counts
// toward the page's 200 KB, lazy or not (TestCataloguePageWeight): 8
// photos of 17-22 KB and the page's 15 KB of HTML and CSS stay under it.
const cataloguePageSize = 8

// CatalogueSearch finds listed products by words and filters.
func (h *Handlers) CatalogueSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := h.newPubPage(r, "", "/catalogue/search")
	p.Title = p.P.T("pub.search.title")
	p.Description = p.P.T("pub.home.description")
	f := siapekspor.CatalogueFilter{Query: q.Get("q"), HSChapter: q.Get("hs_chapter"), Category: siapekspor.Sector(q.Get("category")),
		RegencyCode: q.Get("regency"), Certificate: siapekspor.CertificateType(q.Get("certificate"))}
	h.catalogueList(w, r, p, f, "/catalogue/search", false)
}

// CatalogueCertified lists the products holding one kind of certificate
// ("halal", "fda", "organic").
func (h *Handlers) CatalogueCertified(w http.ResponseWriter, r *http.Request) {
	t := siapekspor.CertificateType(r.PathValue("type"))
	known := false
	for _, c := range siapekspor.CertificateTypes {
		known = known || c == t
	}
	if !known {
		h.R.NotFound(w, r)
		return
	}
	at := "/catalogue/certified/" + string(t)
	p := h.newPubPage(r, "", at)
	p.Title = p.P.T("pub.certified." + string(t))
	p.Description = p.P.T("pub.certified.description", p.P.T("pub.cert."+string(t)))
	h.catalogueList(w, r, p, siapekspor.CatalogueFilter{Certificate: t}, at, true)
}

func (h *Handlers) catalogueList(w http.ResponseWriter, r *http.Request, p *pubPage, f siapekspor.CatalogueFilter, action string, fixedCert bool) {
	now := h.now()
	q := r.URL.Query()
	d := catalogueSearchData{Heading: p.Title, Action: action, FixedCert: fixedCert, MinCapacity: q.Get("min_capacity")}
	if fixedCert {
		f.Query, f.HSChapter, f.Category, f.RegencyCode = q.Get("q"), q.Get("hs_chapter"), siapekspor.Sector(q.Get("category")), q.Get("regency")
	}
	var problems siapekspor.Problems
	if s := strings.TrimSpace(d.MinCapacity); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			problems.Add("min_capacity", "field.number")
		} else {
			f.MinCapacity = v
		}
	}
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	f.Limit, f.Offset = cataloguePageSize, min((page-1)*cataloguePageSize, 100000)
	err := problems.Err()
	if err == nil {
		err = f.Validate()
	}
	status := http.StatusOK
	res, facets := &cataloguePage{}, &catalogueFacets{}
	if err != nil {
		var e *siapekspor.Error
		if !errors.As(err, &e) {
			h.R.Error(w, r, err)
			return
		}
		p.setError(e)
		status = httpx.Status(e.Code)
		// The filters still offer every value, with its count.
		if facets, err = h.catalogue().CatalogueFacets(r.Context(), now); err != nil {
			h.R.Error(w, r, err)
			return
		}
	} else if res, facets, err = h.catalogue().CatalogueCards(r.Context(), f, now); err != nil {
		h.R.Error(w, r, err)
		return
	}
	d.Filter, d.Total, d.Page = f, res.Total, page
	d.Searched = f.Query != "" || f.HSChapter != "" || f.Category != "" || f.RegencyCode != "" || f.MinCapacity > 0 || (f.Certificate != "" && !fixedCert)
	d.Pages = (res.Total + cataloguePageSize - 1) / cataloguePageSize
	d.Results = p.cards(res.Items)
	d.Chapters = facetOptions(facets.Chapters, chapterLabel, f.HSChapter)
	d.Categories = facetOptions(facets.Categories, p.labelBy("pub.sector."), string(f.Category))
	d.Regencies = facetOptions(facets.Regencies, func(fc facetCount) string { return fc.Label }, f.RegencyCode)
	d.CertTypes = facetOptions(facets.Certificates, p.labelBy("pub.cert."), string(f.Certificate))
	pageLink := func(n int) string {
		v := url.Values{}
		for _, k := range []string{"q", "hs_chapter", "category", "regency", "certificate", "min_capacity"} {
			if s := q.Get(k); s != "" && !(fixedCert && k == "certificate") {
				v.Set(k, s)
			}
		}
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		if l := p.Lang; l != i18n.EN {
			v.Set("lang", string(l))
		}
		if enc := v.Encode(); enc != "" {
			return action + "?" + enc
		}
		return action
	}
	if page > 1 {
		d.Prev = pageLink(page - 1)
	}
	if page < d.Pages {
		d.Next = pageLink(page + 1)
	}
	// A search's answers are not pages of their own for search engines;
	// the lists by certificate are.
	p.NoIndex = d.Searched || page > 1 || status != http.StatusOK
	d.Content = p.searchContent(&d)
	p.Data = d
	h.renderPub(w, r, status, "search", p)
}

// certView is a certificate as the catalogue shows it.
type certView struct {
	Label       string
	SelfDeclare bool
	Issuer      string
	Expires     string
}

func (p *pubPage) certs(cs []siapekspor.PublicCertificate) []certView {
	var out []certView
	for _, c := range cs {
		v := certView{Label: p.P.T("pub.cert." + string(c.Type)), SelfDeclare: c.SelfDeclare, Issuer: c.Issuer}
		if c.ExpiresOn != nil {
			v.Expires = p.P.Date(*c.ExpiresOn)
		}
		out = append(out, v)
	}
	return out
}

// photoView is one photo: the 320 px thumbnail shown, the large one linked.
type photoView struct{ Thumb, Display string }

// productView is a product page.
type productView struct {
	Name, Description               string
	NameInID, DescInID              bool
	Photos                          []photoView
	HSCode, HSHeading, HSSubheading string
	Capacity, MinOrder, FOB         string
	Packaging, ShelfLife            string
	Certs                           []certView
	ValidatedOn                     string
	EnterpriseHref, EnterpriseName  string
	Regency                         string
	Form                            *inquiryForm
	Content                         template.HTML // the page's content (productContent)
}

// parseSlug reads the id of a catalogue address; a malformed one is a 404.
func parseSlug(r *http.Request) (int64, string, bool) {
	slug := r.PathValue("slug")
	id, ok := siapekspor.ParseCatalogueID(slug)
	return id, slug, ok
}

// redirectCanonical sends a reader who came by an old or shortened
// address to the product's own (301), keeping the language.
func redirectCanonical(w http.ResponseWriter, r *http.Request, slug, canonical string) bool {
	if path.Base(canonical) == slug {
		return false
	}
	http.Redirect(w, r, withLang(canonical, publicLang(r)), http.StatusMovedPermanently)
	return true
}

func productPath(pp *siapekspor.PublicProduct) string {
	if pp.Path != "" {
		return pp.Path
	}
	name := pp.NameEN
	if name == "" {
		name = pp.NameID
	}
	return siapekspor.CataloguePath(pp.ID, name)
}

func enterprisePath(e *siapekspor.PublicEnterprise) string {
	if e.Path != "" {
		return e.Path
	}
	return siapekspor.CatalogueEnterprisePath(e.ID, e.Name)
}

// CatalogueProduct is a listed product's page. An id that is not listed,
// or does not exist, is the same 404.
func (h *Handlers) CatalogueProduct(w http.ResponseWriter, r *http.Request) {
	id, slug, ok := parseSlug(r)
	if !ok {
		h.R.NotFound(w, r)
		return
	}
	pp, err := h.catalogue().CatalogueProduct(r.Context(), id, h.now())
	if err != nil {
		h.catalogueError(w, r, err)
		return
	}
	if redirectCanonical(w, r, slug, productPath(pp)) {
		return
	}
	h.showProduct(w, r, pp, nil, http.StatusOK, nil)
}

// catalogueError: a missing page is the app's plain 404 whatever the reason.
func (h *Handlers) catalogueError(w http.ResponseWriter, r *http.Request, err error) {
	if siapekspor.ErrorCodeOf(err) == siapekspor.ENotFound {
		h.R.NotFound(w, r)
		return
	}
	h.R.Error(w, r, err)
}

func (h *Handlers) showProduct(w http.ResponseWriter, r *http.Request, pp *siapekspor.PublicProduct, form *inquiryForm, status int, e *siapekspor.Error) {
	at := productPath(pp)
	p := h.newPubPage(r, "", at)
	if e != nil {
		p.setError(e)
		p.NoIndex = true
	}
	indonesian := p.Lang == i18n.ID
	v := productView{EnterpriseName: pp.EnterpriseName, Regency: pp.RegencyName, Packaging: pp.Packaging, HSCode: pp.HSCode}
	var inID bool
	v.Name, inID = pp.Name(indonesian)
	v.NameInID = inID && !indonesian
	v.Description, inID = pp.Description(indonesian)
	v.DescInID = inID && !indonesian
	p.Title = v.Name
	p.Description = cutText(strings.Join(strings.Fields(v.Description), " "), 200)
	if p.Description == "" {
		p.Description = p.P.T("pub.product.description_fallback", v.Name, pp.EnterpriseName)
	}
	p.OGType = "product"
	for _, ph := range pp.Photos {
		v.Photos = append(v.Photos, photoView{Thumb: "/media/" + ph.Thumb, Display: "/media/" + ph.Display})
	}
	if len(pp.Photos) > 0 {
		p.OGImage = p.base + "/media/" + pp.Photos[0].Display
	}
	if len(pp.HSCode) >= 4 {
		if c, ok := refdata.DefaultHSIndex().ByCode(pp.HSCode[:4]); ok {
			v.HSHeading = c.Code[:2] + "." + c.Code[2:] + " " + c.DescriptionEN
		}
	}
	if len(pp.HSCode) >= 6 {
		if c, ok := refdata.DefaultHSIndex().ByCode(pp.HSCode[:6]); ok {
			v.HSSubheading = c.DescriptionEN
		}
	}
	v.Capacity = p.perMonth(pp.CapacityPerMonth, pp.Unit)
	if pp.MinOrder > 0 {
		v.MinOrder = p.P.Dec(pp.MinOrder) + " " + p.P.T("pub.unit."+string(pp.Unit))
	}
	if pp.FOBUSDCents > 0 {
		v.FOB = p.P.T("pub.product.fob_per", p.P.USD(pp.FOBUSDCents), p.P.T("pub.unit1."+string(pp.Unit)))
	}
	if pp.ShelfLifeDays > 0 {
		v.ShelfLife = p.P.T("pub.product.days", siapekspor.Count(pp.ShelfLifeDays))
	}
	v.Certs = p.certs(pp.Certificates)
	if !pp.ValidatedAt.IsZero() {
		v.ValidatedOn = p.P.Date(pp.ValidatedAt)
	}
	ent := pp.EnterprisePath
	if ent == "" {
		ent = siapekspor.CatalogueEnterprisePath(pp.EnterpriseID, pp.EnterpriseName)
	}
	v.EnterpriseHref = p.Link(ent)
	if form == nil {
		form = h.newInquiryForm(p, at+"/inquiry", pp.Unit)
	}
	v.Form = form
	form.HTML = p.inquiryHTML(form)
	v.Content = p.productContent(&v)
	p.JSONLD = productJSONLD(p, pp, v, ent)
	p.Data = v
	h.renderPub(w, r, status, "product", p)
}

// productJSONLD is the schema.org Product of a product page. html/template
// writes it as JSON inside <script type="application/ld+json"> with <, >
// and & escaped, so no text of the product can end the script.
func productJSONLD(p *pubPage, pp *siapekspor.PublicProduct, v productView, enterprisePath string) map[string]any {
	org := map[string]any{"@type": "Organization", "name": pp.EnterpriseName, "url": p.base + enterprisePath}
	d := map[string]any{
		"@context": "https://schema.org", "@type": "Product",
		"name": v.Name, "sku": strconv.FormatInt(pp.ID, 10), "url": p.Canonical,
		"brand":        map[string]any{"@type": "Brand", "name": pp.EnterpriseName},
		"manufacturer": org,
	}
	if v.Description != "" {
		d["description"] = v.Description
	}
	if len(pp.HSCode) > 0 {
		d["category"] = v.HSHeading
	}
	var images []string
	for _, ph := range pp.Photos {
		images = append(images, p.base+"/media/"+ph.Display)
	}
	if len(images) > 0 {
		d["image"] = images
	}
	if pp.FOBUSDCents > 0 {
		d["offers"] = map[string]any{"@type": "Offer", "price": fmt.Sprintf("%d.%02d", pp.FOBUSDCents/100, pp.FOBUSDCents%100),
			"priceCurrency": "USD", "availability": "https://schema.org/InStock", "url": p.Canonical,
			"seller": org}
	}
	return d
}

// enterpriseView is a public profile.
type enterpriseView struct {
	Name, Regency, Sector, Makes string
	Years                        int
	ExportStatus                 string
	Exports                      int
	Destinations                 []string
	Certs                        []certView
	CertsHTML                    template.HTML // certsHTML
	Products                     template.HTML // the cards
	Form                         *inquiryForm
}

// CatalogueEnterprise is a listed enterprise's profile: what a buyer may
// know, never the owner's personal data (the store's PublicEnterprise
// does not hold it).
func (h *Handlers) CatalogueEnterprise(w http.ResponseWriter, r *http.Request) {
	id, slug, ok := parseSlug(r)
	if !ok {
		h.R.NotFound(w, r)
		return
	}
	e, err := h.catalogue().CatalogueEnterprise(r.Context(), id, h.now())
	if err != nil {
		h.catalogueError(w, r, err)
		return
	}
	if redirectCanonical(w, r, slug, enterprisePath(e)) {
		return
	}
	h.showEnterprise(w, r, e, nil, http.StatusOK, nil)
}

func (h *Handlers) showEnterprise(w http.ResponseWriter, r *http.Request, e *siapekspor.PublicEnterprise, form *inquiryForm, status int, fe *siapekspor.Error) {
	at := enterprisePath(e)
	p := h.newPubPage(r, e.Name, at)
	if fe != nil {
		p.setError(fe)
		p.NoIndex = true
	}
	p.OGType = "profile"
	v := enterpriseView{Name: e.Name, Regency: e.RegencyName, Makes: e.MainProducts, Years: e.YearsInBusiness(h.now()),
		ExportStatus: p.P.T("pub.export." + string(e.ExportStatus)), Exports: e.Exports}
	if e.Sector != "" {
		v.Sector = p.P.T("pub.sector." + string(e.Sector))
	}
	for _, iso3 := range e.Destinations {
		if c, ok := refdata.CountryByISO3(iso3); ok {
			v.Destinations = append(v.Destinations, c.Name(string(p.Lang)))
		} else {
			v.Destinations = append(v.Destinations, iso3)
		}
	}
	sort.Strings(v.Destinations)
	v.Certs = p.certs(e.Certificates)
	v.Products = p.cards(e.Products)
	if len(e.Products) > 0 && len(e.Products[0].Photos) > 0 {
		p.OGImage = p.base + "/media/" + e.Products[0].Photos[0].Display
	}
	p.Description = p.P.T("pub.enterprise.description", e.Name, e.RegencyName)
	if form == nil {
		form = h.newInquiryForm(p, at+"/inquiry", "")
	}
	v.Form = form
	form.HTML = p.inquiryHTML(form)
	v.CertsHTML = p.certsHTML(v.Certs)
	p.Data = v
	h.renderPub(w, r, status, "enterprise", p)
}

// Robots lets search engines read the catalogue (and its photos and
// styles) and nothing else.
func (h *Handlers) Robots(w http.ResponseWriter, r *http.Request) {
	body := "User-agent: *\nAllow: /catalogue\nAllow: /static/\nAllow: /media/\nDisallow: /\n\nSitemap: " + h.baseURL(r) + "/sitemap.xml\n"
	writeCacheable(w, r, "text/plain; charset=utf-8", http.StatusOK, []byte(body), "")
}

// Sitemap lists the catalogue's pages: its front page, the lists by
// certificate, and every listed product and profile with its last change.
func (h *Handlers) Sitemap(w http.ResponseWriter, r *http.Request) {
	now := h.now()
	entries, err := h.catalogue().CatalogueSitemap(r.Context(), now)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	facets, err := h.catalogue().CatalogueFacets(r.Context(), now)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	type xurl struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod,omitempty"`
	}
	type urlset struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []xurl   `xml:"url"`
	}
	base := h.baseURL(r)
	set := urlset{URLs: []xurl{{Loc: base + "/catalogue"}}}
	for _, f := range facets.Certificates {
		set.URLs = append(set.URLs, xurl{Loc: base + "/catalogue/certified/" + url.PathEscape(f.Key)})
	}
	for _, e := range entries {
		u := xurl{Loc: base + e.Path}
		if !e.Updated.IsZero() {
			u.LastMod = e.Updated.UTC().Format("2006-01-02")
		}
		set.URLs = append(set.URLs, u)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(set); err != nil {
		h.R.Error(w, r, err)
		return
	}
	writeCacheable(w, r, "application/xml; charset=utf-8", http.StatusOK, buf.Bytes(), "")
}

// cutText keeps the first n characters of s.
func cutText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
