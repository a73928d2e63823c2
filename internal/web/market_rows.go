package web

import (
	"html"
	"html/template"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor/internal/exportstats"
	"github.com/siapekspor/siapekspor/internal/market"
)

// rankingRows writes the ranking table's rows into b, and rankingExplain
// the top five's factor tables: as for the lists (listrows.go), 30 rows × 9
// cells and 5 tables × 7 rows through the template's reflective calls were
// the larger half of the page's CPU under load (issue 16 item 3). Every
// value is escaped here (as html.EscapeString does).
func rankingRows(p *Page, d *rankingData, b *strings.Builder) {
	r := d.R
	esc := html.EscapeString
	// Each cell's opening tag, made once.
	open := func(label, class string) string {
		s := "\n    <td data-label=\"" + esc(label) + "\""
		if class != "" {
			s += ` class="` + class + `"`
		}
		return s + ">"
	}
	rankCell, countryCell, scoreCell := open("#", "num"), open(d.Label["market.country"], ""), open(d.Label["market.score"], "num")
	var included []market.FactorID
	var factorCells []string
	for _, f := range r.Factors {
		if f.Included {
			included = append(included, f.ID)
			factorCells = append(factorCells, open(d.FactorLabel[f.ID], "num"))
		}
	}
	unrealisedCell := open(d.Label["market.unrealised"], "num")
	incomplete, reqLink := esc(p.P.T("market.incomplete")), esc(p.P.T("market.requirements_link"))
	for i := range d.Top {
		res := &d.Top[i]
		b.WriteString("\n  <tr>")
		b.WriteString(rankCell)
		b.WriteString(strconv.Itoa(res.Rank))
		b.WriteString("</td>")
		b.WriteString(countryCell)
		b.WriteString(`<a href="/markets/countries/`)
		b.WriteString(esc(res.Country))
		b.WriteString(`">`)
		b.WriteString(esc(countryName(p, res.Country)))
		b.WriteString(`</a>`)
		if res.Incomplete {
			b.WriteString(`<br><span class="tag tag-expiring">` + incomplete + " " + strconv.FormatFloat(res.Coverage, 'f', 0, 64) + `%</span>`)
		}
		if d.Requires[res.Country] {
			b.WriteString(`<br><a class="req-link" href="` + gapURL(d, res.Country) + `">` + reqLink + `</a>`)
		}
		b.WriteString("</td>")
		b.WriteString(scoreCell)
		b.WriteString("<strong>")
		b.WriteString(esc(p.P.Dec1(res.Score)))
		b.WriteString("</strong>")
		for k, id := range included {
			b.WriteString("</td>")
			b.WriteString(factorCells[k])
			f := factorOf(res, id)
			if f == nil {
				b.WriteString(`<span class="muted" title="">—</span>`)
			} else if f.Available {
				b.WriteString(`<span title="`)
				b.WriteString(esc(factorRaw(p.P, *f)))
				b.WriteString(`">`)
				b.WriteString(strconv.FormatFloat(f.Score, 'f', 0, 64))
				b.WriteString(`</span> <span class="muted">+`)
				b.WriteString(esc(p.P.Dec1(f.Points)))
				b.WriteString(`</span>`)
			} else {
				b.WriteString(`<span class="muted" title="`)
				b.WriteString(esc(messageText(p.P, f.Reason)))
				b.WriteString(`">—</span>`)
			}
		}
		b.WriteString("</td>")
		b.WriteString(unrealisedCell)
		b.WriteString(esc(untapped(p.P, *res)))
		b.WriteString("</td>\n  </tr>")
	}
}

// rankingExplain writes the factor table of each of the first five
// destinations into b, the first open.
func rankingExplain(p *Page, d *rankingData, b *strings.Builder) {
	esc := html.EscapeString
	head := `<table class="list"><thead><tr><th scope="col">` + esc(d.Label["market.factor"]) + `</th><th scope="col">` + esc(d.Label["market.value"]) +
		`</th><th scope="col" class="num">0–100</th><th scope="col" class="num">` + esc(d.Label["market.share_of_score"]) +
		`</th><th scope="col" class="num">` + esc(d.Label["market.points"]) + "</th></tr></thead>\n<tbody>"
	lFactor, lValue, lShare, lPoints := esc(d.Label["market.factor"]), esc(d.Label["market.value"]), esc(d.Label["market.share_of_score"]), esc(d.Label["market.points"])
	for i := range d.Top[:min(5, len(d.Top))] {
		res := &d.Top[i]
		b.WriteString("<details")
		if i == 0 {
			b.WriteString(" open")
		}
		b.WriteString("><summary>" + strconv.Itoa(res.Rank) + ". " + esc(countryName(p, res.Country)) + " — " + esc(p.P.Dec1(res.Score)) + "</summary>\n" + head)
		for _, f := range res.Factors {
			b.WriteString(`<tr><td data-label="` + lFactor + `">` + esc(d.FactorLabel[f.ID]) + `</td>` + "\n  " + `<td data-label="` + lValue + `">`)
			if f.Available {
				b.WriteString(esc(factorRaw(p.P, f)))
				if f.Source != nil {
					b.WriteString(`<br><span class="muted">` + esc(messageText(p.P, f.Source)) + `</span>`)
				}
				if f.Detail != nil {
					b.WriteString(`<br><span class="muted">` + esc(messageText(p.P, f.Detail)) + `</span>`)
				}
				b.WriteString(`</td>` + "\n  " + `<td class="num" data-label="0–100">` + strconv.FormatFloat(f.Score, 'f', 0, 64) +
					`</td><td class="num" data-label="` + lShare + `">` + strconv.FormatFloat(f.Share, 'f', 0, 64) +
					`%</td><td class="num" data-label="` + lPoints + `">` + esc(p.P.Dec1(f.Points)) + "</td></tr>")
				continue
			}
			b.WriteString(`<span class="muted">` + esc(messageText(p.P, f.Reason)) + `</span></td>` + "\n  " +
				`<td class="num" data-label="0–100">—</td><td class="num" data-label="` + lShare + `">—</td><td class="num" data-label="` + lPoints + `">—</td></tr>`)
		}
		b.WriteString("</tbody></table>\n")
		for _, m := range res.Flags {
			b.WriteString(`<p class="muted">` + esc(messageText(p.P, m)) + "</p>\n")
		}
		b.WriteString("</details>")
	}
}

// gapURL is the link from a ranked destination to its requirements, for
// the same product or enterprise as the ranking.
func gapURL(d *rankingData, country string) string {
	u := "/markets/gap/" + html.EscapeString(country) + "?hs=" + html.EscapeString(d.R.Ranking.Product)
	if d.Query != "" {
		u += "&amp;" + html.EscapeString(d.Query)
	}
	return u
}

// factorOf is a destination's figure for a factor (nil when absent).
func factorOf(r *market.Result, id market.FactorID) *market.Factor {
	for i := range r.Factors {
		if r.Factors[i].ID == id {
			return &r.Factors[i]
		}
	}
	return nil
}

// statRankingRows writes a statistics ranking's item rows (the markup of
// partials/markets.html's stat-ranking), and statMonthRows the monthly
// table's rows of statistics.html: as for the lists, 10 to 24 rows through
// the template's reflective calls were most of the statistics page's
// template work (issue 16 item 3). Every value is escaped here.
func statRankingRows(v statRankingView) template.HTML {
	p, esc := v.P, html.EscapeString
	header, share, change := esc(p.P.T(v.Header)), esc(p.P.T("exportstats.col.share")), esc(p.P.T("exportstats.col.change"))
	isNew := esc(p.P.T("exportstats.change.new"))
	var b strings.Builder
	b.Grow(len(v.R.Items) * 400)
	for _, it := range v.R.Items {
		b.WriteString(`<tr><td class="num" data-label="#">` + strconv.Itoa(it.Rank) + `</td><td data-label="` + header + `">` + esc(it.Name))
		if it.Key != "" {
			b.WriteString(` <span class="muted">` + esc(it.Key) + `</span>`)
		}
		b.WriteString(`</td><td class="num" data-label="US$">` + esc(p.P.Num(it.ValueUSD)) + `</td><td class="num" data-label="` + share + `">` +
			esc(p.P.Pct(it.Share)) + "</td>\n    " + `<td class="num" data-label="` + change + `">`)
		if it.ChangeOK {
			b.WriteString(esc(p.P.Dec1(it.Change*100)) + "%")
		} else {
			b.WriteString(isNew)
		}
		b.WriteString("</td></tr>")
	}
	return template.HTML(b.String()) // every value escaped above
}

func statMonthRows(p *Page, points []exportstats.Point) template.HTML {
	esc := html.EscapeString
	month := esc(p.P.T("exportstats.month"))
	lang := string(p.Lang)
	var b strings.Builder
	b.Grow(len(points) * 200)
	for _, pt := range points {
		b.WriteString(`<tr><td data-label="` + month + `">` + esc(pt.Period.Label(lang)) + `</td><td class="num" data-label="US$">` + esc(p.P.Num(pt.ValueUSD)) +
			`</td><td class="num" data-label="kg">`)
		if pt.WeightKG != 0 {
			b.WriteString(esc(p.P.Num(pt.WeightKG)))
		} else {
			b.WriteString("—")
		}
		b.WriteString("</td></tr>")
	}
	return template.HTML(b.String()) // every value escaped above
}
