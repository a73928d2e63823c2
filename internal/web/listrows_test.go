package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
)

// The list's rows are written in Go: every value must come out escaped.
func TestEnterpriseRowsEscapeEveryValue(t *testing.T) {
	p := NewPage(httptest.NewRequest("GET", "/enterprises", nil), "enterprises.title", "enterprises")
	e := siapekspor.Enterprise{ID: 7, Name: `<script>alert("x")</script> & Co`, OwnerName: `Budi "<b>"`, Workers: 1234,
		AnnualTurnover: 150000000, Sector: "food", SizeClass: "micro", ExportStatus: `never"><x`}
	e.Names.Regency, e.Names.District = "Lampung <Selatan>", "Natar & Co"
	got := string(enterpriseRows(p, []siapekspor.Enterprise{e}))
	for _, bad := range []string{"<script>", `"<b>"`, "<Selatan>", `never"><x`, "& Co<"} {
		if strings.Contains(got, bad) {
			t.Errorf("%q written unescaped:\n%s", bad, got)
		}
	}
	for _, want := range []string{`<a href="/enterprises/7">&lt;script&gt;`, `&amp; Co`, `Lampung &lt;Selatan&gt;`, `class="num"`, "1.234"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q:\n%s", want, got)
		}
	}
}

func TestProductRowsEscapeEveryValue(t *testing.T) {
	p := NewPage(httptest.NewRequest("GET", "/products", nil), "product.list.title", "products")
	items := []siapekspor.Product{
		{ID: 3, EnterpriseID: 9, NameID: `Kopi <i>"Robusta"</i>`, NameEN: "Coffee & <more>", EnterpriseName: "Usaha <b>", RegencyName: "Tanggamus & Co",
			CapacityPerMonth: 1500, Unit: "kg", Validation: "approved"},
		{ID: 4, EnterpriseID: 9, NameID: "Keripik", Validation: `draft"><x`},
	}
	got := string(productRows(p, items))
	for _, bad := range []string{"<i>", "<more>", "<b>", `draft"><x`} {
		if strings.Contains(got, bad) {
			t.Errorf("%q written unescaped:\n%s", bad, got)
		}
	}
	for _, want := range []string{`<a href="/products/3">Kopi &lt;i&gt;`, `lang="en">Coffee &amp; &lt;more&gt;`, `<a href="/enterprises/9">Usaha &lt;b&gt;`,
		"✔ ", "<td", "—", strings.Repeat("</td>", 1) + "\n  </tr>\n  <tr>"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, "<td "); n != 10 {
		t.Errorf("%d cells, want 10:\n%s", n, got)
	}
}
