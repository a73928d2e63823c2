package refdata

import (
	"fmt"
	"strings"
	"testing"
)

// FuzzResolve: any name, at any level, inside any region, resolves, is
// ambiguous or is not found, never a panic; what it finds lies where it
// was asked; and its "did you mean" suggestions, from the index, are those
// a comparison with every region would give. Run it longer with
//
//	go test -run '^$' -fuzz '^FuzzResolve$' -fuzztime 5m ./internal/refdata/
func FuzzResolve(f *testing.F) {
	for i, s := range []string{"Kab. Lampung Selatan", "Lampung Slatan", "Bandarlampung", "Kec. Natar", "Desa Sukajaya", "Kota Metro", "18.01", "1801042001", "Kabupaten", strings.Repeat("x", 300)} {
		f.Add(s, i%5, i)
	}
	ix := DefaultRegionIndex()
	within := []string{"", "18", "18.01", "18.01.04", "32.16", "99", "18.71"}
	f.Fuzz(func(t *testing.T, name string, level, in int) {
		if len(name) > 4096 {
			t.Skip()
		}
		level = (level%5 + 5) % 5
		w := within[(in%len(within)+len(within))%len(within)]
		res := ix.Resolve(name, level, w)
		fits := func(r Region) bool {
			return (level == 0 || r.Level == level) && (w == "" || r.Code == w || strings.HasPrefix(r.Code, w+"."))
		}
		switch res.Status {
		case Exact, Normalised:
			if !fits(res.Region) {
				t.Fatalf("Resolve(%q, %d, %q) = %s, outside", name, level, w, res.Region.Code)
			}
		case Ambiguous:
			if len(res.Candidates) < 2 {
				t.Fatalf("ambiguous with %d candidates", len(res.Candidates))
			}
			for _, c := range res.Candidates {
				if !fits(c) {
					t.Fatalf("candidate %s outside", c.Code)
				}
			}
		case NotFound:
			if len(res.Candidates) > 3 {
				t.Fatalf("%d suggestions", len(res.Candidates))
			}
		default:
			t.Fatalf("status %q", res.Status)
		}
		key, at, ok := suggestQuery(normalizeName(name), level, w)
		if !ok || len(key) > 64 {
			return // a full comparison of a long key is slow; the bound is tested
		}
		if got, want := ix.nearest(key, at, w), bruteSuggest(ix, key, at, w); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("nearest(%q, %d, %q) = %v, want %v", key, at, w, got, want)
		}
	})
}
