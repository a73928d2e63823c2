package web

import (
	"html"
	"html/template"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
)

// enterpriseRows writes the enterprise list's rows. In a template each
// cell's value and label pass through reflective calls (the value, the
// label look-up, the escaper): 25 rows of 7 cells were half of the list
// page's CPU under load (issue 16 item 3). The markup is the template's
// (enterprises.html); every value is escaped here.
func enterpriseRows(p *Page, items []siapekspor.Enterprise) template.HTML {
	esc := html.EscapeString
	label := func(key string) string { return esc(p.P.T(key)) }
	lName, lRegency, lSector, lSize := label("label.name"), label("label.regency_code"), label("label.sector"), label("label.size_class")
	lWorkers, lTurnover, lExport := label("label.workers"), label("label.annual_turnover"), label("label.export_status")
	var b strings.Builder
	b.Grow(len(items) * 900)
	cell := func(lbl, class string) {
		b.WriteString(`<td data-label="`)
		b.WriteString(lbl)
		b.WriteByte('"')
		if class != "" {
			b.WriteString(` class="` + class + `"`)
		}
		b.WriteByte('>')
	}
	for i := range items {
		e := &items[i]
		b.WriteString("\n  <tr>\n    ")
		cell(lName, "")
		b.WriteString(`<a href="/enterprises/` + strconv.FormatInt(e.ID, 10) + `">` + esc(e.Name) + `</a>`)
		if e.OwnerName != "" {
			b.WriteString(`<br><span class="muted">` + esc(e.OwnerName) + `</span>`)
		}
		b.WriteString("</td>\n    ")
		cell(lRegency, "")
		b.WriteString(esc(e.Names.Regency))
		if e.Names.District != "" {
			b.WriteString(`<br><span class="muted">` + esc(e.Names.District) + `</span>`)
		}
		b.WriteString("</td>\n    ")
		cell(lSector, "")
		b.WriteString(esc(p.P.Choice("sector", e.Sector)) + "</td>\n    ")
		cell(lSize, "")
		b.WriteString(esc(p.P.Choice("size", e.SizeClass)) + "</td>\n    ")
		cell(lWorkers, "num")
		b.WriteString(esc(p.P.Num(e.Workers)) + "</td>\n    ")
		cell(lTurnover, "num")
		b.WriteString(esc(p.P.Rp(e.AnnualTurnover)) + "</td>\n    ")
		cell(lExport, "")
		b.WriteString(`<span class="tag tag-` + esc(string(e.ExportStatus)) + `">` + esc(p.P.Choice("export", e.ExportStatus)) + "</span></td>\n  </tr>")
	}
	return template.HTML(b.String()) // escaped above
}
