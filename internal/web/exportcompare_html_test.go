package web

import (
	"html/template"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor/internal/exportcompare"
)

// TestCompareTableIsTheTemplates: the comparison's tables written in Go
// are the "compare-table" template's (testdata/export_compare_table.html,
// as it was before), byte for byte, for rows of each shape the page makes
// (with and without BPS's figure, a broader code's note, a link, a share
// over 100%, a total or none) and for hostile text and links, in both
// languages.
func TestCompareTableIsTheTemplates(t *testing.T) {
	tm, err := template.New("x").ParseFiles("testdata/export_compare_table.html")
	if err != nil {
		t.Fatal(err)
	}
	bad := `Kopi </script><script>alert(1)</script> "&<b>+'` + "\x00"
	for _, lang := range []string{"id", "en"} {
		req := httptest.NewRequest("GET", "/exports/compare", nil)
		req.Header.Set("Cookie", "lang="+lang)
		p := NewPage(req, "compare.title", "exports")
		h := &Handlers{}
		f := exportcompare.Filter{From: exportcompare.YearMonth{Year: 2024, Month: 1}, To: exportcompare.YearMonth{Year: 2024, Month: 12}}
		rows := []compareRow{
			h.compareRow(p, "Januari 2024", "", exportcompare.Row{HasBPS: true, BPSUSD: 1234567.49, RecordsUSDCents: 123456, RecordsIDR: 2000000000, Records: 3, HasShare: true, Share: 0.001, Link: f.Query().Encode()}),
			h.compareRow(p, "Februari 2024", "", exportcompare.Row{}),
			h.compareRow(p, "Kopi", "Coffee, not roasted", exportcompare.Row{HasBPS: true, BPSUSD: 10, BPSBroader: "0901", RecordsUSDCents: 5000, Records: 2, HasShare: true, Share: 5, Link: "hs=090111&x=<'\">"}),
			h.compareRow(p, bad, bad, exportcompare.Row{HasBPS: true, BPSBroader: bad, Link: "javascript:alert(1)"}),
			{Label: bad, Sub: bad, BPS: bad, BPSNote: bad, RecUSD: bad, RecIDR: bad, Records: bad, Share: bad, Link: "/exports?a=" + bad, Over: true, HasBPS: true, HasShare: true},
		}
		total := h.compareRow(p, "Total", "", exportcompare.Row{HasBPS: true, BPSUSD: 99, RecordsUSDCents: 1, Records: 1, Link: "from=2024-01"})
		for name, tbl := range map[string]compareTable{
			"rows and a total": {P: p, Head: "Bulan", Rows: rows, Total: &total},
			"rows only":        {P: p, Head: bad, Rows: rows},
			"empty":            {P: p, Head: "Tujuan"},
			"a total only":     {P: p, Head: "x", Total: &rows[4]},
		} {
			var want strings.Builder
			if err := tm.ExecuteTemplate(&want, "compare-table", tbl); err != nil {
				t.Fatal(err)
			}
			got := string(tbl.HTML())
			if got != want.String() {
				i := firstDiff(got, want.String())
				t.Errorf("%s, %s: the Go table differs from the template's at byte %d:\n got  …%s…\n want …%s…", lang, name, i, around(got, i), around(want.String(), i))
			}
			if strings.Contains(got, "<script>") || strings.Contains(got, `href="javascript`) {
				t.Errorf("%s, %s: hostile text written unescaped", lang, name)
			}
		}
	}
}
