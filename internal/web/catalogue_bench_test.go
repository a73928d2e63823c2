package web

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
)

// BenchmarkCatalogueProductPage is the web side of a public product page
// (the store faked): an anonymous GET without If-None-Match, as
// `siapekspor bench load --scenarios catalogue-product` sends it.
func BenchmarkCatalogueProductPage(b *testing.B) {
	h, f := newCatalogueHandlers(b)
	slug := strings.TrimPrefix(f.p.Path, "/catalogue/p/")
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest("GET", f.p.Path, nil)
		r.SetPathValue("slug", slug)
		w := httptest.NewRecorder()
		h.CatalogueProduct(w, r)
		if w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}

// BenchmarkCatalogueListPages is the web side of the catalogue's front page
// and first page (the store faked with a full page of cards and counts as
// a province's demo has them): what the page costs beside its reads.
func BenchmarkCatalogueListPages(b *testing.B) {
	h, f := newCatalogueHandlers(b)
	f.page = &cataloguePage{Total: 441}
	for i := range cataloguePageSize {
		p := f.p
		p.ID += int64(i)
		f.page.Items = append(f.page.Items, p)
	}
	f.facets = &catalogueFacets{Products: 441, Enterprises: 215}
	for i := range 40 {
		f.facets.Chapters = append(f.facets.Chapters, facetCount{Key: fmt.Sprintf("%02d", 1+i*2), Count: 40 - i})
	}
	for _, s := range siapekspor.Sectors {
		f.facets.Categories = append(f.facets.Categories, facetCount{Key: string(s), Count: 50})
	}
	for i := range 15 {
		f.facets.Regencies = append(f.facets.Regencies, facetCount{Key: fmt.Sprintf("18.%02d", 1+i), Label: "Lampung Selatan", Count: 30})
	}
	for _, c := range siapekspor.CertificateTypes {
		f.facets.Certificates = append(f.facets.Certificates, facetCount{Key: string(c), Count: 20})
	}
	for _, c := range []struct {
		name, target string
		fn           http.HandlerFunc
	}{{"home", "/catalogue", h.CatalogueHome}, {"search", "/catalogue/search", h.CatalogueSearch}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if w := get(c.fn, c.target, "", nil); w.Code != 200 {
					b.Fatal(w.Code)
				}
			}
		})
	}
}

func TestHashWithout(t *testing.T) {
	for _, c := range []struct{ body, vary string }{
		{"", ""}, {"abc", ""}, {"abc", "x"}, {"a<t>b<t>c", "<t>"}, {"<t><t>", "<t>"}, {"page t=TOK end", "TOK"},
	} {
		want := sha256.Sum256(bytes.ReplaceAll([]byte(c.body), []byte(c.vary), nil))
		if c.vary == "" {
			want = sha256.Sum256([]byte(c.body))
		}
		if got := hashWithout([]byte(c.body), c.vary); got != want {
			t.Errorf("hashWithout(%q, %q) differs from the hash of the page without it", c.body, c.vary)
		}
	}
}
