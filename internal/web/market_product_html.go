package web

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/market"
)

// rankingContent writes the ranking page's content (market_product.html
// until issue 16 item 3): the header, the method table, the notes, the
// table with its rows, the top five's factor tables and the unscored
// destinations. Through the template its reflective calls and the
// layout's share were half of the page's CPU under load. The markup is the
// template's own, byte for byte, and values are escaped as html/template
// escapes them in each context (TestRankingContentIsTheTemplates compares
// the two).
func rankingContent(p *Page, d *rankingData) template.HTML {
	r := d.R
	pr := p.P
	w := &pageWriter{}
	w.b.Grow(20<<10 + len(d.Top)*1000) // 45 kB for 30 rows, 232 kB for 250
	w.m("\n\n<p><a href=\"/markets\">← ").t(pr.T("market.title")).m("</a></p>\n<h1>").t(pr.T("market.product_title")).m(" · HS ").t(r.Ranking.Product).m("</h1>\n<p class=\"lead\">")
	if d.HSName != "" {
		w.m(`<span lang="en">`).t(d.HSName).m(`</span>`)
		if p.Lang != i18n.EN {
			w.m(` <abbr class="lang-mark" title="`).t(pr.T("hs.in_english")).m(`">(EN)</abbr>`)
		}
	}
	if fp := r.ForProduct; fp != nil {
		w.m(` — <a href="/products/`).t(tmplURL(strconv.FormatInt(fp.ID, 10), true)).m(`">`).t(fp.NameID).m(`</a>`)
	}
	if e := r.Enterprise; e != nil {
		w.m(` · `).t(e.Name)
	}
	w.m("</p>\n")
	en := p.Lang == i18n.EN
	for _, x := range r.Restrictions {
		title, detail := x.TitleID, x.DetailID
		if en {
			title, detail = x.TitleEN, x.DetailEN
		}
		w.m(`<div class="notice warn-box" role="note"><strong>`).t(pr.Choice("market.restriction", x.Kind)).m(`:</strong> `).t(title).m(".\n  ").t(detail).
			m(` <a href="`).m(attrURL(x.SourceURL)).m(`" rel="noopener">`).t(pr.T("market.source")).m(`</a></div>`)
	}
	w.m("\n<div class=\"stats\">\n  <div class=\"stat\"><span class=\"stat-num\">").t(usdAmount(pr, r.Home.ExportsUSD)).m(`</span> `).t(pr.T("market.home_exports", r.Home.Year)).m("</div>\n  ")
	if v := r.Home.SharePct; v != nil {
		w.m(`<div class="stat"><span class="stat-num">`).t(pr.Dec1(*v)).m(`%</span> `).t(pr.T("market.world_share")).m(`</div>`)
	}
	w.m("\n  ")
	if v := r.Home.RCA; v != nil {
		w.m(`<div class="stat"><span class="stat-num">`).t(pr.Dec(*v)).m(`</span> `).t(pr.T("market.rca")).m(`</div>`)
	}
	lFactor, lWeight, lIn := pr.T("market.factor"), pr.T("readiness.weight"), pr.T("market.in_ranking")
	w.m("\n</div>\n<details class=\"method\"><summary>").t(pr.T("market.how")).m("</summary>\n  <p>").t(pr.T("market.how_text")).
		m("</p>\n  <table class=\"list\"><thead><tr><th scope=\"col\">").t(lFactor).m(`</th><th scope="col" class="num">`).t(lWeight).
		m(`</th><th scope="col">`).t(lIn).m("</th></tr></thead>\n  <tbody>")
	for _, f := range r.Factors {
		w.m(`<tr><td data-label="`).t(lFactor).m(`">`).t(d.FactorLabel[f.ID]).m(`</td><td class="num" data-label="`).t(lWeight).m(`">`).t(pr.Dec(f.Weight)).
			m("</td>\n    <td data-label=\"").t(lIn).m(`">`)
		if f.Included {
			w.t(pr.T("market.included"))
		} else {
			w.m(`<span class="muted">`)
			if f.Reason != nil {
				w.t(messageText(pr, f.Reason))
			} else {
				w.t(pr.T("market.left_out"))
			}
			w.m(`</span>`)
		}
		w.m(`</td></tr>`)
	}
	w.m("</tbody></table>\n  ")
	if g := r.Growth; g != nil {
		w.m(`<p>`).t(pr.T("market.growth_basis", pr.Dec1(g.WorldPct), usdAmount(pr, g.PriorUSD))).m(`</p>`)
	}
	w.m("\n  <p><a href=\"/markets/data#weights\">").t(pr.T("market.weights_where")).m("</a></p>\n</details>\n")
	if len(r.Notes) > 0 {
		w.m(`<ul class="notes">`)
		for _, n := range r.Notes {
			w.m(`<li>`).t(messageText(pr, n)).m(`</li>`)
		}
		w.m(`</ul>`)
	}
	w.m("\n<h2>").t(pr.T("market.ranked", len(r.Results))).m("</h2>\n<div class=\"legend\" id=\"ranking-legend\"><p>").t(pr.T("market.legend")).m("</p>\n  ")
	if v := r.Home.SharePct; v != nil {
		w.m(`<p>`).t(pr.T("market.legend_unrealised", pr.Dec1(*v)+"%")).m(`</p>`)
	}
	w.m("</div>\n<div class=\"table-wrap\"><table class=\"list ranking\" aria-describedby=\"ranking-legend\">\n  <thead><tr><th scope=\"col\" class=\"num\">#</th><th scope=\"col\">").
		t(d.Label["market.country"]).m(`</th><th scope="col" class="num">`).t(d.Label["market.score"]).m("</th>\n    ")
	for _, f := range r.Factors {
		if f.Included {
			w.m(`<th scope="col" class="num">`).t(d.FactorLabel[f.ID]).m(`</th>`)
		}
	}
	w.m(`<th scope="col" class="num">`).t(d.Label["market.unrealised"]).m("</th></tr></thead>\n  <tbody>")
	rankingRows(p, d, &w.b)
	w.m("</tbody>\n</table></div>\n")
	if d.More != 0 {
		w.m(`<p><a href="/markets/products/`).t(tmplURL(r.Ranking.Product, true)).m(`?all=1`)
		if d.Query != "" {
			w.m(`&amp;`).t(tmplURL(d.Query, false))
		}
		w.m(`">`).t(pr.T("market.show_all", d.More)).m(`</a></p>`)
	}
	w.m("\n<section><h2>").t(pr.T("market.explain_top")).m("</h2>\n")
	rankingExplain(p, d, &w.b)
	w.m("</section>\n")
	if len(r.Unscored) > 0 {
		w.m(`<section><h2>`).t(pr.T("market.unscored", len(r.Unscored))).m("</h2>\n<p>").t(pr.T("market.unscored_lead")).m("</p>\n<ul class=\"plain\">")
		reqLink := pr.T("market.requirements_link")
		for i := range r.Unscored {
			u := &r.Unscored[i]
			w.m(`<li><strong>`).t(countryName(p, u.Country)).m(`</strong> — `)
			for _, f := range u.Factors {
				if f.ID == market.FactorDemandSize && f.Reason != nil {
					w.t(messageText(pr, f.Reason))
				}
			}
			w.m("\n  ")
			if d.Requires[u.Country] {
				w.m(` · <a href="/markets/gap/`).t(tmplURL(u.Country, true)).m(`?hs=`).t(tmplURL(r.Ranking.Product, false))
				if d.Query != "" {
					w.m(`&amp;`).t(tmplURL(d.Query, false))
				}
				w.m(`">`).t(reqLink).m(`</a>`)
			}
			w.m(`</li>`)
		}
		w.m(`</ul></section>`)
	}
	w.m("\n")
	return template.HTML(w.b.String()) // every value escaped above
}

// pageWriter writes a page's markup: m as given, t escaped as html/template
// escapes text and quoted attribute values.
type pageWriter struct{ b strings.Builder }

func (w *pageWriter) m(s string) *pageWriter {
	w.b.WriteString(s)
	return w
}

func (w *pageWriter) t(s string) *pageWriter {
	writeEscaped(&w.b, s)
	return w
}

// writeEscaped writes s escaped as html/template's text and attribute
// escaper does (tmplEsc), without a copy when nothing needs escaping.
func writeEscaped(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var rep string
		switch s[i] {
		case 0:
			rep = "\uFFFD"
		case '"':
			rep = "&#34;"
		case '&':
			rep = "&amp;"
		case '\'':
			rep = "&#39;"
		case '+':
			rep = "&#43;"
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(rep)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// tmplURL is html/template's URL processor (urlProcessor): norm keeps the
// URL's reserved characters and valid escapes (a URL from data, or a part
// of its path), otherwise they are encoded too (a value in a query). Bytes
// are encoded as %xx in lower case, as html/template writes them.
func tmplURL(s string, norm bool) string {
	var b []byte
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		if b == nil {
			b = make([]byte, 0, len(s)+8)
		}
		const hex = "0123456789abcdef"
		b = append(append(b, s[written:i]...), '%', hex[c>>4], hex[c&0xf])
		written = i + 1
	}
	if b == nil {
		return s
	}
	return string(append(b, s[written:]...))
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
