package textsearch

import (
	"strings"
	"testing"
)

// FuzzQuery: any search box text becomes at most eight words of tokens
// that are safe in both engines' query syntax, and highlighting any text
// with it gives the text back exactly when the segments are joined. Run it
// longer with
//
//	go test -run '^$' -fuzz '^FuzzQuery$' -fuzztime 5m ./internal/textsearch/
func FuzzQuery(f *testing.F) {
	f.Add("kerajinan tapis", "Kerajinan Tapis Lampung, pengrajin & perajin")
	f.Add(`"kopi" OR NEAR(a b) -x *`, "Kopi robusta — ÉCLAIR ﬁ ß İ")
	f.Add(strings.Repeat("é", 600), "\xff\xfe mengekspor memasarkan")
	f.Fuzz(func(t *testing.T, q, text string) {
		if len(text) > 64<<10 {
			t.Skip()
		}
		pq := ParseQuery(q)
		if len(pq.Words) > maxWords {
			t.Fatalf("%d words", len(pq.Words))
		}
		for _, alts := range pq.Words {
			if len(alts) == 0 || len(alts) > 3 {
				t.Fatalf("alternatives %q", alts)
			}
			for _, a := range alts {
				if a == "" || strings.Trim(a, "abcdefghijklmnopqrstuvwxyz0123456789") != "" {
					t.Fatalf("query %q gave the unsafe token %q", q, a)
				}
			}
		}
		if pq.Empty() != (pq.FTS5() == "") || pq.Empty() != (pq.TSQuery() == "") {
			t.Fatalf("empty %v, FTS5 %q, tsquery %q", pq.Empty(), pq.FTS5(), pq.TSQuery())
		}
		var joined strings.Builder
		for _, s := range Highlight(text, pq) {
			joined.WriteString(s.Text)
		}
		if joined.String() != text {
			t.Fatalf("highlighting %q gave back %q", text, joined.String())
		}
		for _, tok := range strings.Fields(IndexID(text) + " " + IndexEN(text)) {
			if strings.Trim(tok, "abcdefghijklmnopqrstuvwxyz0123456789") != "" {
				t.Fatalf("indexed the unsafe token %q", tok)
			}
		}
	})
}
