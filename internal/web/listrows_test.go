package web

import (
	"fmt"
	"html/template"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/textsearch"
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

// searchRowsTemplate is the search page's results as the template wrote
// them before searchRows (the validation-tag partial inlined).
const searchRowsTemplate = `{{range .Hits}}
  <li><p class="result-title">{{if eq .Kind "product"}}<a href="/products/{{.ID}}">{{template "hl" .TitleHL}}</a>{{if .TitleEN}} · <span lang="en">{{template "hl" .TitleENHL}}</span>{{end}}{{else}}<a href="/enterprises/{{.ID}}">{{template "hl" .TitleHL}}</a>{{end}}
    <span class="tag">{{$.P.T (print "search.kind_" .Kind)}}</span>{{if eq .Validation "approved"}} <span class="tag tag-val-{{.Validation}}">{{if eq .Validation "approved"}}✔ {{end}}{{$.P.Choice "validation" .Validation}}</span>{{end}}</p>
    <p class="muted">{{if eq .Kind "product"}}{{.Enterprise}} · {{.RegencyName}}{{if .HSCode}} · HS {{.HSCode}}{{end}}{{else}}{{.RegencyName}}{{if .Detail}} · {{$.P.Choice "sector" .Detail}}{{end}}{{end}}</p>
    {{if and (eq .Kind "product") .Detail}}<p>{{template "hl" .DetailHL}}</p>{{end}}</li>{{end}}
{{define "hl"}}{{range .}}{{if .Match}}<mark>{{.Text}}</mark>{{else}}{{.Text}}{{end}}{{end}}{{end}}`

// TestSearchRowsAsTheTemplateWroteThem: the same markup as the template,
// every value escaped.
func TestSearchRowsAsTheTemplateWroteThem(t *testing.T) {
	ref := template.Must(template.New("").Parse(searchRowsTemplate))
	seg := func(parts ...string) []textsearch.Segment {
		var out []textsearch.Segment
		for i, s := range parts {
			out = append(out, textsearch.Segment{Text: s, Match: i%2 == 1})
		}
		return out
	}
	hits := []searchHit{
		{SearchHit: store.SearchHit{Kind: "product", ID: 3, Title: "x", TitleEN: "y", Detail: "z", HSCode: "0901", Validation: "approved",
			Enterprise: `Usaha <b>"Maju"</b> & 'Co'`, RegencyName: "Lampung <Selatan>"},
			TitleHL: seg("Kopi ", `<i>"Robusta"</i>`, " + gula"), TitleENHL: seg("", "Coffee", " & <more>"), DetailHL: seg("Biji ", "kopi", " 1+1")},
		{SearchHit: store.SearchHit{Kind: "product", ID: 4, Title: "x", Validation: `draft"><x`, Enterprise: "U", RegencyName: "R"},
			TitleHL: seg("Keripik")},
		{SearchHit: store.SearchHit{Kind: "enterprise", ID: 5, Title: "x", Detail: "food", RegencyName: "Metro & <Co>"},
			TitleHL: seg("", "Kopi", " <Jaya>")},
		{SearchHit: store.SearchHit{Kind: "enterprise", ID: 6, Title: "x", RegencyName: "Metro"}, TitleHL: seg("Tani")},
	}
	for _, l := range i18n.Langs {
		p := &Page{P: i18n.Printer{Lang: l}, Lang: l}
		var want strings.Builder
		if err := ref.Execute(&want, struct {
			P    i18n.Printer
			Hits []searchHit
		}{p.P, hits}); err != nil {
			t.Fatal(err)
		}
		got := string(searchRows(p, hits))
		if w := strings.ReplaceAll(want.String(), "&#43;", "+"); got+"\n" != w {
			t.Errorf("%s:\n got %s\nwant %s", l, got, w)
		}
		for _, bad := range []string{"<i>", "<more>", "<b>", "<Selatan>", "<Jaya>", `draft"><x`} {
			if strings.Contains(got, bad) {
				t.Errorf("%q written unescaped", bad)
			}
		}
	}
}

// TestEnumOptionsAsTheTemplateWroteThem: the filters' enumeration options
// written in Go are the template's (but for the space it left before ">").
func TestEnumOptionsAsTheTemplateWroteThem(t *testing.T) {
	ref := template.Must(template.New("").Funcs(template.FuncMap{"str": func(v any) string { return fmt.Sprint(v) }}).Parse(
		`{{range $s := .L}}<option value="{{$s}}" {{if eq (str $s) (str $.Sel)}}selected{{end}}>{{$.P.Choice $.Prefix $s}}</option>{{end}}`))
	for _, l := range i18n.Langs {
		p := &Page{P: i18n.Printer{Lang: l}, Lang: l}
		for _, tc := range []struct {
			prefix string
			list   any
			sel    string
			got    template.HTML
		}{
			{"sector", siapekspor.Sectors, "food", sectorOptions(p, "food")},
			{"size", sizeClasses, "small", sizeOptions(p, "small")},
			{"export", siapekspor.ExportStatuses, "", exportOptions(p, "")},
			{"kind", siapekspor.EnterpriseKinds, string(siapekspor.EnterpriseKinds[1]), kindOptions(p, siapekspor.EnterpriseKinds[1])},
			{"cert", siapekspor.CertificateTypes, "halal", certOptions(p, "halal")},
			{"validation", siapekspor.ValidationStatuses, "approved", validationOptions(p, "approved")},
		} {
			var want strings.Builder
			if err := ref.Execute(&want, map[string]any{"L": tc.list, "Sel": tc.sel, "P": p.P, "Prefix": tc.prefix}); err != nil {
				t.Fatal(err)
			}
			w := strings.ReplaceAll(want.String(), `" >`, `">`)
			if string(tc.got) != w {
				t.Errorf("%s %s:\n got %s\nwant %s", tc.prefix, l, tc.got, w)
			}
			if tc.sel != "" && strings.Count(string(tc.got), " selected") != 1 {
				t.Errorf("%s: %d selected", tc.prefix, strings.Count(string(tc.got), " selected"))
			}
		}
	}
}
