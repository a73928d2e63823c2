package web

import (
	"net/http/httptest"
	"strings"
	"testing"
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
