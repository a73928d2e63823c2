package market

import (
	"bytes"
	"testing"

	"github.com/siapekspor/siapekspor/internal/fuzzcheck"
)

// FuzzLoadRequirements reads any bytes as a requirements file (JSON, CSV
// or XLSX): entries with unique IDs, problems with messages (a bounded
// number), or a refusal with one. Run it longer with
//
//	go test -run '^$' -fuzz '^FuzzLoadRequirements$' -fuzztime 5m ./internal/market/
func FuzzLoadRequirements(f *testing.F) {
	f.Add([]byte(`[{"id":"jp-coffee","destination":"JPN","hs_prefixes":["0901"],"title_id":"Kopi","title_en":"Coffee","source_url":"https://example.go.jp/","last_checked":"2025-01-01","mandatory":true}]`))
	f.Add([]byte("[\n{},\n{\"id\": 5},\n{\"id\":\"a\",\"x\":1}\n]"))
	f.Add([]byte("id,destination,title_id,title_en,source_url,last_checked,mandatory\njp,JPN,Kopi,Coffee,https://example.go.jp/,2025-01-01,ya\njp,JPN,,,,,maybe\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		reqs, ps, err := LoadRequirements(bytes.NewReader(data), "fuzz")
		if err != nil {
			fuzzcheck.Error(t, err)
			return
		}
		if len(ps) > MaxProblems+1 {
			t.Fatalf("%d problems", len(ps))
		}
		for _, p := range ps {
			fuzzcheck.Message(t, p.Key, p.Args...)
		}
		seen := map[string]bool{}
		for _, r := range reqs {
			if r.ID == "" || seen[r.ID] {
				t.Fatalf("requirement ID %q empty or repeated", r.ID)
			}
			seen[r.ID] = true
		}
	})
}
