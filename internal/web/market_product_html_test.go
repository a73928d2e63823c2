package web

import (
	"fmt"
	"html/template"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/store"
)

// templateRankingPage is the ranking page's content as market_product.html
// wrote it before it was written in Go (testdata/market_product.html, with
// the rows and the top five's tables given as HTML as they were).
type templateRankingPage struct {
	rankingData
	Rows, Explain template.HTML
}

func parseRankingTemplate(t *testing.T) *template.Template {
	t.Helper()
	funcs := template.FuncMap{"str": func(v any) string { return fmt.Sprint(v) }, "derefID": func(p *int64) int64 { return 0 },
		"add": func(a, b int) int { return a + b }, "asset": func(string) string { return "" }}
	for _, m := range []template.FuncMap{formFuncs(), marketFuncs(), catalogueFuncs()} {
		for k, v := range m {
			funcs[k] = v
		}
	}
	tm, err := template.New("x").Funcs(funcs).ParseFiles("testdata/market_product.html", "templates/partials/catalog.html")
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// TestRankingContentIsTheTemplates: the ranking page's content written in
// Go is the template's, byte for byte, for real rankings (HS 0901 and a
// subheading) and for one whose every text from data is hostile, in both
// languages, with and without a product, the whole list and the short one.
func TestRankingContentIsTheTemplates(t *testing.T) {
	tm := parseRankingTemplate(t)
	cases := map[string]*store.MarketRanking{}
	for _, hs := range []string{"0901", "121221", "3915"} {
		r, err := market.RankShipped(hs, market.ShippedOptions{})
		if err != nil {
			t.Fatal(err)
		}
		cases[hs] = &store.MarketRanking{Ranking: r}
	}
	// Hostile: every text a page shows from data, and URLs of each kind.
	r, err := market.RankShipped("0901", market.ShippedOptions{})
	if err != nil {
		t.Fatal(err)
	}
	bad := `Kopi </script><script>alert(1)</script> "&<b>+'`
	r.Restrictions = []market.Restriction{
		{Kind: market.RestrictionApproval, TitleID: bad, TitleEN: bad + " en", DetailID: bad, DetailEN: bad, SourceURL: "javascript:alert(1)"},
		{Kind: "x<y", TitleID: "t", TitleEN: "t", SourceURL: `https://example.id/a b?c=d&e='f"%zz%41+`},
	}
	r.Notes = append(r.Notes, market.Message{Key: bad}, market.Message{Key: "market.note.missing_importers", Args: []any{2024, bad}})
	r.Factors[len(r.Factors)-1].Reason = nil
	r.Factors[1].Included, r.Factors[1].Reason = false, &market.Message{Key: bad}
	r.Growth = &market.GrowthBasis{WorldPct: 3.25, PriorUSD: 1234567}
	r.Home.RCA = nil
	r.Unscored = append(r.Unscored, market.Result{Country: `X&"Y`, Factors: []market.Factor{{ID: market.FactorDemandSize, Reason: &market.Message{Key: bad}}}},
		market.Result{Country: "ZZZ"})
	r.Results[0].Country = `A<B`
	hostile := &store.MarketRanking{Ranking: r, ForProduct: &siapekspor.Product{ID: 42, NameID: bad}, Enterprise: &siapekspor.Enterprise{Name: bad}}
	cases["hostile"] = hostile

	for name, res := range cases {
		for _, lang := range []string{"id", "en"} {
			for _, all := range []bool{false, true} {
				for _, query := range []string{"", "product=42", "enterprise=7&x=<'\">"} {
					req := httptest.NewRequest("GET", "/markets/products/"+res.Ranking.Product, nil)
					req.Header.Set("Cookie", "lang="+lang)
					p := NewPage(req, "market.product_title", "markets")
					d := rankingData{R: res, All: all, Query: query, FactorLabel: map[market.FactorID]string{}, Label: map[string]string{},
						Requires: map[string]bool{"ZZZ": true, `X&"Y`: true, "BEL": true, `A<B`: true}}
					for _, id := range market.Factors {
						d.FactorLabel[id] = p.P.Choice("market.factor", id)
					}
					for _, k := range []string{"market.country", "market.score", "market.unrealised", "market.factor", "market.value", "market.share_of_score", "market.points"} {
						d.Label[k] = p.P.T(k)
					}
					if name == "hostile" {
						d.HSName = bad
					} else if name == "0901" {
						d.HSName = "Coffee"
					}
					d.Top = res.Results
					if !all && len(d.Top) > 30 {
						d.More, d.Top = len(d.Top)-30, d.Top[:30]
					}
					var rows, explain strings.Builder
					rankingRows(p, &d, &rows)
					rankingExplain(p, &d, &explain)
					var want strings.Builder
					p.Data = templateRankingPage{rankingData: d, Rows: template.HTML(rows.String()), Explain: template.HTML(explain.String())}
					if err := tm.ExecuteTemplate(&want, "content", p); err != nil {
						t.Fatal(err)
					}
					got := string(rankingContent(p, &d))
					if got != want.String() {
						t.Errorf("%s %s all=%v query=%q: the Go content differs from the template's at byte %d:\n got  …%s…\n want …%s…",
							name, lang, all, query, firstDiff(got, want.String()), around(got, firstDiff(got, want.String())), around(want.String(), firstDiff(got, want.String())))
					}
					if name == "hostile" && (strings.Contains(got, "<script>") || strings.Contains(got, "javascript:")) {
						t.Errorf("%s %s: hostile text written unescaped", name, lang)
					}
				}
			}
		}
	}
	if i18n.EN == "" {
		t.Fatal("no English")
	}
}

func firstDiff(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func around(s string, i int) string {
	return s[max(0, i-80):min(len(s), i+80)]
}

// The URL processor is html/template's: reserved characters kept in a URL
// and encoded in a query value, lower-case escapes, valid escapes kept.
func TestTemplateURL(t *testing.T) {
	for _, c := range []struct {
		in   string
		norm bool
		want string
	}{
		{"0901", true, "0901"},
		{"product=5", false, "product%3d5"},
		{"a b/c?d=e&f", true, "a%20b/c?d=e&f"},
		{"%41%zz%4", true, "%41%25zz%254"},
		{"é", false, "%c3%a9"},
	} {
		if got := tmplURL(c.in, c.norm); got != c.want {
			t.Errorf("tmplURL(%q, %v) = %q, want %q", c.in, c.norm, got, c.want)
		}
	}
}
