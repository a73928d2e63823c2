package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
)

// emptyCatalogue lists nothing.
type emptyCatalogue struct{}

func notListed() error { return siapekspor.Errorf(siapekspor.ENotFound, "error.page_not_found") }

func (emptyCatalogue) CatalogueCards(context.Context, siapekspor.CatalogueFilter, time.Time) (*cataloguePage, *catalogueFacets, error) {
	return &cataloguePage{}, &catalogueFacets{}, nil
}
func (emptyCatalogue) CatalogueProduct(context.Context, int64, time.Time) (*siapekspor.PublicProduct, error) {
	return nil, notListed()
}
func (emptyCatalogue) CatalogueEnterprise(context.Context, int64, time.Time) (*siapekspor.PublicEnterprise, error) {
	return nil, notListed()
}
func (emptyCatalogue) CatalogueFacets(context.Context, time.Time) (*catalogueFacets, error) {
	return &catalogueFacets{}, nil
}
func (emptyCatalogue) CatalogueSitemap(context.Context, time.Time) ([]sitemapEntry, error) {
	return nil, nil
}
func (emptyCatalogue) ListingConsent(_ context.Context, id int64) (*siapekspor.ListingConsent, error) {
	return &siapekspor.ListingConsent{EnterpriseID: id}, nil
}
func (emptyCatalogue) SetListingConsent(context.Context, *siapekspor.ListingConsent) error {
	return notListed()
}
func (emptyCatalogue) CreateInquiry(context.Context, *siapekspor.Inquiry) error { return notListed() }
func (emptyCatalogue) ListInquiries(context.Context, int, int) ([]siapekspor.Inquiry, int, error) {
	return nil, 0, nil
}

// fakeCatalogue lists one product of one enterprise.
type fakeCatalogue struct {
	emptyCatalogue
	p         siapekspor.PublicProduct
	inquiries []siapekspor.Inquiry
	page      *cataloguePage   // a list's answer; nil: the one product
	facets    *catalogueFacets // nil: none
}

func (f *fakeCatalogue) CatalogueProduct(_ context.Context, id int64, _ time.Time) (*siapekspor.PublicProduct, error) {
	if id != f.p.ID {
		return nil, notListed()
	}
	p := f.p
	return &p, nil
}

func (f *fakeCatalogue) CatalogueEnterprise(_ context.Context, id int64, _ time.Time) (*siapekspor.PublicEnterprise, error) {
	if id != f.p.EnterpriseID {
		return nil, notListed()
	}
	return &siapekspor.PublicEnterprise{ID: id, Name: f.p.EnterpriseName, RegencyName: "Lampung Barat", Products: []siapekspor.PublicProduct{f.p},
		ExportStatus: siapekspor.ExportFirst, Exports: 2, Destinations: []string{"JPN", "NLD"}, FoundedYear: 2015}, nil
}

func (f *fakeCatalogue) CatalogueFacets(context.Context, time.Time) (*catalogueFacets, error) {
	if f.facets != nil {
		return f.facets, nil
	}
	return &catalogueFacets{}, nil
}

func (f *fakeCatalogue) CatalogueCards(ctx context.Context, _ siapekspor.CatalogueFilter, now time.Time) (*cataloguePage, *catalogueFacets, error) {
	facets, _ := f.CatalogueFacets(ctx, now)
	if f.page != nil {
		return f.page, facets, nil
	}
	return &cataloguePage{Items: []siapekspor.PublicProduct{f.p}, Total: 1}, facets, nil
}

func (f *fakeCatalogue) CreateInquiry(_ context.Context, q *siapekspor.Inquiry) error {
	q.ID = int64(len(f.inquiries) + 1)
	f.inquiries = append(f.inquiries, *q)
	return nil
}

const hostile = `Kopi </script><script>alert(1)</script> "&<b>`

func newCatalogueHandlers(t testing.TB) (*Handlers, *fakeCatalogue) {
	t.Helper()
	h, err := New(Deps{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), BaseURL: "https://katalog.example.id/", InquirySecret: []byte("test secret")})
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeCatalogue{p: siapekspor.PublicProduct{ID: 7, NameEN: hostile, NameID: "Kopi", DescriptionID: "Kopi robusta petik merah.",
		HSCode: "090111", Unit: "kg", CapacityPerMonth: 2000, MinOrder: 500, FOBUSDCents: 450, ValidatedAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		EnterpriseID: 3, EnterpriseName: "CV Maju", Photos: []siapekspor.ProductPhoto{{Thumb: "t/1.jpg", Display: "d/1.jpg"}},
		Certificates: []siapekspor.PublicCertificate{{Type: siapekspor.CertHalal, SelfDeclare: true}}}}
	f.p.Path = siapekspor.CataloguePath(7, f.p.NameEN)
	h.cat = f
	return h, f
}

func get(h http.HandlerFunc, target string, slug string, hdr http.Header) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", target, nil)
	if slug != "" {
		r.SetPathValue("slug", slug)
	}
	for k, v := range hdr {
		r.Header[k] = v
	}
	w := httptest.NewRecorder()
	h(w, r)
	return w
}

// TestCatalogueListsEscape: the cards, filter options and facet links are
// written as HTML by Go code (catalogue_html.go's cards, facetOptions,
// facetLinks); a hostile name, enterprise, regency label or facet key is
// text in every one of them, on the front page, the search page and a
// list by certificate.
func TestCatalogueListsEscape(t *testing.T) {
	h, f := newCatalogueHandlers(t)
	f.p.EnterpriseName, f.p.RegencyName = hostile, hostile
	f.page = &cataloguePage{Items: []siapekspor.PublicProduct{f.p, f.p}, Total: 2}
	f.facets = &catalogueFacets{Products: 2, Enterprises: 1,
		Chapters:     []facetCount{{Key: `09"><script>alert(1)</script>`, Count: 2}},
		Categories:   []facetCount{{Key: `food"><b>`, Count: 2}},
		Regencies:    []facetCount{{Key: `18.01"'`, Label: hostile, Count: 2}},
		Certificates: []facetCount{{Key: "halal", Count: 2}}}
	for _, c := range []struct {
		target string
		fn     http.HandlerFunc
	}{{"/catalogue", h.CatalogueHome}, {"/catalogue/search?q=kopi", h.CatalogueSearch}} {
		w := get(c.fn, c.target, "", nil)
		if w.Code != 200 {
			t.Fatalf("%s: status %d", c.target, w.Code)
		}
		body := w.Body.String()
		if strings.Contains(body, "<script>") || strings.Contains(body, "<b>") || strings.Contains(body, `"><script`) {
			t.Errorf("%s: hostile text not escaped:\n%s", c.target, body)
		}
		if !strings.Contains(body, `Kopi &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &#34;&amp;&lt;b&gt;`) {
			t.Errorf("%s: the hostile name is not shown as text:\n%s", c.target, body)
		}
	}
	w := get(h.CatalogueSearch, "/catalogue/search", "", nil)
	body := w.Body.String()
	for _, want := range []string{`<option value="18.01&#34;&#39;">`, `<li class="card"><a href="/catalogue/p/7-kopi-script-script-alert-1-script-b">`} {
		if !strings.Contains(body, want) {
			t.Errorf("search page lacks %s:\n%s", want, body)
		}
	}
	if strings.Contains(body, `loading="lazy"`) {
		t.Error("the first four photos load lazily")
	}
}

func TestCatalogueProductEscapesAndDescribes(t *testing.T) {
	h, f := newCatalogueHandlers(t)
	slug := strings.TrimPrefix(f.p.Path, "/catalogue/p/")
	w := get(h.CatalogueProduct, f.p.Path, slug, nil)
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	body := w.Body.String()
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "</script><script>") {
		t.Fatalf("hostile name not escaped:\n%s", body)
	}
	m := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no JSON-LD")
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[1])
	}
	if ld["name"] != hostile || ld["@type"] != "Product" || ld["sku"] != "7" {
		t.Errorf("JSON-LD = %v", ld)
	}
	offer, _ := ld["offers"].(map[string]any)
	if offer["price"] != "4.50" || offer["priceCurrency"] != "USD" {
		t.Errorf("offer = %v", offer)
	}
	for _, want := range []string{`<link rel="canonical" href="https://katalog.example.id/catalogue/p/7-kopi-script-script-alert-1-script-b">`,
		`hreflang="ar"`, `property="og:type" content="product"`, `og:image" content="https://katalog.example.id/media/d/1.jpg"`,
		`src="/media/t/1.jpg"`, `width="320"`, `dir="ltr"`, `name="website"`, `tabindex="-1"`, "Shown in Indonesian", "Export-validated"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if w.Header().Get("Cache-Control") != "public, max-age=300" || w.Header().Get("ETag") == "" {
		t.Errorf("headers %v", w.Header())
	}
	again := get(h.CatalogueProduct, f.p.Path, slug, http.Header{"If-None-Match": {w.Header().Get("ETag")}})
	if again.Code != http.StatusNotModified || again.Body.Len() != 0 {
		t.Errorf("If-None-Match: %d", again.Code)
	}
	// Another slug: to the product's own address, keeping the language.
	moved := get(h.CatalogueProduct, "/catalogue/p/7-old?lang=ja", "7-old", nil)
	if moved.Code != http.StatusMovedPermanently || moved.Header().Get("Location") != f.p.Path+"?lang=ja" {
		t.Errorf("wrong slug: %d %s", moved.Code, moved.Header().Get("Location"))
	}
	ar := get(h.CatalogueProduct, f.p.Path+"?lang=ar", slug, nil).Body.String()
	if !strings.Contains(ar, `<html lang="ar" dir="rtl">`) || !strings.Contains(ar, `canonical" href="https://katalog.example.id/catalogue/p/7-kopi-script-script-alert-1-script-b?lang=ar"`) {
		t.Errorf("Arabic page is not right to left:\n%.400s", ar)
	}
	xx := get(h.CatalogueProduct, f.p.Path+"?lang=xx", slug, nil).Body.String()
	if !strings.Contains(xx, `<html lang="en" dir="ltr">`) {
		t.Errorf("unknown language does not fall back to English:\n%.300s", xx)
	}
	if n := len(body); n > 200<<10 {
		t.Errorf("page weighs %d bytes", n)
	}
	t.Logf("product page: %d bytes", len(body))
}

func TestCatalogueInquiryGuards(t *testing.T) {
	h, f := newCatalogueHandlers(t)
	slug := strings.TrimPrefix(f.p.Path, "/catalogue/p/")
	post := func(v url.Values) *httptest.ResponseRecorder {
		r := httptest.NewRequest("POST", f.p.Path+"/inquiry?lang=fr", strings.NewReader(v.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.SetPathValue("slug", slug)
		r = r.WithContext(siapekspor.WithActor(r.Context(), siapekspor.Actor{RemoteAddr: "198.51.100.7"}))
		w := httptest.NewRecorder()
		h.CatalogueInquiry(w, r)
		return w
	}
	good := func() url.Values {
		return url.Values{"name": {"Aiko <script>"}, "company": {"Tokyo Beans"}, "country": {"JPN"}, "email": {"aiko@example.jp"},
			"message": {"2 tonnes of robusta"}, "quantity": {"2"}, "unit": {"ton"}, "t": {InquiryToken([]byte("test secret"), time.Now().Add(-10*time.Second))}}
	}
	trap := good()
	trap.Set("website", "http://spam.example")
	if w := post(trap); w.Code != http.StatusSeeOther || len(f.inquiries) != 0 {
		t.Fatalf("honeypot: %d, %d stored", w.Code, len(f.inquiries))
	}
	fast := good()
	fast.Set("t", InquiryToken([]byte("test secret"), time.Now()))
	if w := post(fast); w.Code != http.StatusBadRequest || len(f.inquiries) != 0 || !strings.Contains(w.Body.String(), "Tokyo Beans") {
		t.Fatalf("too fast: %d, %d stored", w.Code, len(f.inquiries))
	}
	big := good()
	big.Set("message", strings.Repeat("x", 1<<20))
	if w := post(big); w.Code == http.StatusSeeOther || len(f.inquiries) != 0 || w.Body.Len() > 200<<10 {
		t.Fatalf("1 MB message: %d, %d stored, %d bytes", w.Code, len(f.inquiries), w.Body.Len())
	}
	for i := range 5 {
		w := post(good())
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/catalogue/inquiry/sent?lang=fr" {
			t.Fatalf("inquiry %d: %d %s", i+1, w.Code, w.Body)
		}
	}
	if w := post(good()); w.Code != http.StatusTooManyRequests || len(f.inquiries) != 5 {
		t.Fatalf("6th inquiry: %d, %d stored", w.Code, len(f.inquiries))
	}
	if q := f.inquiries[0]; q.ProductID == nil || *q.ProductID != 7 || q.EnterpriseID != 3 || q.Lang != "fr" || q.Quantity != 2 {
		t.Errorf("stored %+v", q)
	}
}
