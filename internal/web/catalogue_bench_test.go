package web

import (
	"bytes"
	"crypto/sha256"
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
