package web

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
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

func TestReadinessRowsEscapeEveryValue(t *testing.T) {
	p := NewPage(httptest.NewRequest("GET", "/readiness", nil), "readiness.list_title", "readiness")
	items := []store.ReadinessRow{
		{EnterpriseID: 5, EnterpriseName: `Kopi <b>"Gunung"</b> & Co`, RegencyName: "Lampung <Barat>", Level: "mahir", Overall: 72.46,
			AssessmentID: 11, AssessedAt: time.Date(2025, 12, 6, 0, 0, 0, 0, time.UTC), Trained: true},
		{EnterpriseID: 6, EnterpriseName: "Keripik", RegencyName: "Tanggamus", Level: `pemula"><x`, Overall: 40, AssessmentID: 12},
	}
	got := string(readinessRows(p, items))
	for _, bad := range []string{"<b>", "<Barat>", `pemula"><x`, "& Co<"} {
		if strings.Contains(got, bad) {
			t.Errorf("%q written unescaped:\n%s", bad, got)
		}
	}
	for _, want := range []string{`<a href="/enterprises/5/readiness">Kopi &lt;b&gt;&#34;Gunung&#34;&lt;/b&gt; &amp; Co</a> <span class="tag">`,
		`Lampung &lt;Barat&gt;`, `<span class="tag tag-level-mahir">Mahir</span>`, `<td data-label="Nilai kesiapan" class="num"><a href="/assessments/11">72,5</a>`,
		"6 Desember 2025", `tag-level-pemula&#34;&gt;&lt;x`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q:\n%s", want, got)
		}
	}
	if n := strings.Count(got, `<span class="tag">`); n != 1 {
		t.Errorf("%d trained tags, want 1:\n%s", n, got)
	}
	if n := strings.Count(got, "<td "); n != 10 {
		t.Errorf("%d cells, want 10:\n%s", n, got)
	}
}

func TestChoiceOptionsEscapeAndSelect(t *testing.T) {
	p := NewPage(httptest.NewRequest("GET", "/readiness", nil), "readiness.list_title", "readiness")
	got := string(choiceOptions(p, "sector", []siapekspor.Sector{"food", `x"><y`}, "food"))
	for _, want := range []string{`<option value="food" selected>Makanan olahan</option>`, `<option value="x&#34;&gt;&lt;y">`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, `"><y`) {
		t.Errorf("value written unescaped:\n%s", got)
	}
}
