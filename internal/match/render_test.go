package match

import (
	"regexp"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/market"
)

// TestEverythingRenders writes every message of several rankings in both
// languages: no raw key, no fmt complaint.
func TestEverythingRenders(t *testing.T) {
	restr, _ := market.ShippedRestrictions()
	var rankings []*Ranking
	r, err := Rank(workedExample())
	if err != nil {
		t.Fatal(err)
	}
	rankings = append(rankings, r)
	ps := synthetic(3000, 4)
	for _, req := range syntheticRequests() {
		r, err := Rank(Input{Request: req, Candidates: ps, Restrictions: restr, Options: Options{Now: today, RegencyCap: 0.25, Top: 30}})
		if err != nil {
			t.Fatal(err)
		}
		rankings = append(rankings, r)
	}
	raw := regexp.MustCompile(`\b(match|unit|cert|case|level|validation|market)\.[a-z_]+`)
	seen := map[string]bool{}
	for _, l := range i18n.Langs {
		p := i18n.Printer{Lang: l}
		var out []string
		for _, r := range rankings {
			out = append(out, r.Need.Message.Render(p.T))
			for _, m := range r.Notes {
				out = append(out, m.Render(p.T))
			}
			for _, f := range r.Factors {
				if f.Reason != nil {
					out = append(out, f.Reason.Render(p.T))
				}
			}
			for _, e := range append(r.Entries, r.NearMisses...) {
				out = append(out, e.Lines(p)...)
				for _, m := range e.Explain() {
					out = append(out, m.Render(p.T))
					seen[m.Key] = true
				}
			}
		}
		for _, s := range out {
			if strings.Contains(s, "%!") || raw.MatchString(s) {
				t.Errorf("%s: %q", l, s)
			}
		}
		text := strings.Join(out, "\n")
		for _, want := range map[i18n.Lang][]string{
			i18n.EN: {"capacity 1,200 kg/month covers 150% of 800 kg/month", "HS 4 digits match (200899)", "2 of 2 words asked for found",
				"Halal (BPJPH) certificate expires on 2027-02-10, before 2027-03-01 → open an assistance case: Halal certification",
				"Product fit: HS 4 digits match (200899); 2 of 2 words asked for found — score 100.0 × 30.0% = 30.0 points"},
			i18n.ID: {"kapasitas 1.200 kg/bulan memenuhi 150% dari 800 kg/bulan", "buka kasus pendampingan: Sertifikasi halal",
				"Kecocokan produk: HS cocok 4 digit (200899); 2 dari 2 kata yang diminta ditemukan — skor 100,0 × 30,0% = 30,0 poin"},
		}[l] {
			if !strings.Contains(text, want) {
				t.Errorf("%s: no %q", l, want)
			}
		}
	}
	// The rankings used most of the value messages.
	if len(seen) < 25 {
		t.Errorf("only %d message keys rendered", len(seen))
	}
}

func TestRenderLeavesArgumentsAlone(t *testing.T) {
	m := msg("match.gap.certificate_missing", Label("cert.halal"))
	if got := m.Render(i18n.Printer{Lang: i18n.EN}.T); got != "Halal (BPJPH) certificate missing" {
		t.Errorf("got %q", got)
	}
	if m.Args[0] != Label("cert.halal") {
		t.Errorf("Render changed the message: %v", m.Args)
	}
}
