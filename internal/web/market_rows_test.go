package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor/internal/exportstats"
)

// The statistics tables' rows are written in Go: every value escaped.
func TestStatRankingRowsEscapeEveryValue(t *testing.T) {
	p := NewPage(httptest.NewRequest("GET", "/markets/statistics", nil), "exportstats.title", "markets")
	r := exportstats.Ranking{Items: []exportstats.Item{
		{Rank: 1, Key: "0901", Name: `Kopi <b>"Robusta"</b> & Co`, ValueUSD: 1234567, Share: 0.153, Change: 0.1234, ChangeOK: true},
		{Rank: 2, Key: `x"><y`, Name: "Lada", ValueUSD: 10, Share: 0.01},
		{Rank: 3, Name: "Tanpa kode"},
	}}
	got := string(statRankingRows(statRankingView{P: p, R: r, ID: "t", Header: "exportstats.col.commodity"}))
	for _, bad := range []string{"<b>", `x"><y`, "& Co<"} {
		if strings.Contains(got, bad) {
			t.Errorf("%q written unescaped:\n%s", bad, got)
		}
	}
	for _, want := range []string{`<td class="num" data-label="#">1</td>`, `Kopi &lt;b&gt;&#34;Robusta&#34;&lt;/b&gt; &amp; Co <span class="muted">0901</span>`,
		`<span class="muted">x&#34;&gt;&lt;y</span>`, "1.234.567", "15%", "12,3%", p.P.T("exportstats.change.new")} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "<tr>"); n != 3 {
		t.Errorf("%d rows, want 3:\n%s", n, got)
	}
	if strings.Contains(got, `Tanpa kode <span`) {
		t.Errorf("a key shown for an item without one:\n%s", got)
	}
}

func TestStatMonthRows(t *testing.T) {
	p := NewPage(httptest.NewRequest("GET", "/markets/statistics", nil), "exportstats.title", "markets")
	got := string(statMonthRows(p, []exportstats.Point{
		{Period: exportstats.YearMonth{Year: 2024, Month: 4}, ValueUSD: 302770000, WeightKG: 1500.4},
		{Period: exportstats.YearMonth{Year: 2024, Month: 5}, ValueUSD: 1},
	}))
	for _, want := range []string{`<tr><td data-label="` + p.P.T("exportstats.month") + `">` + exportstats.YearMonth{Year: 2024, Month: 4}.Label("id") + `</td>`,
		`<td class="num" data-label="US$">302.770.000</td><td class="num" data-label="kg">1.500</td></tr>`, `data-label="kg">—</td>`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q:\n%s", want, got)
		}
	}
}
