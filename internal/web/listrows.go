package web

import (
	"cmp"
	"html"
	"html/template"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
)

// enterpriseRows writes the enterprise list's rows. In a template each
// cell's value and label pass through reflective calls (the value, the
// label look-up, the escaper): 25 rows of 7 cells were half of the list
// page's CPU under load (issue 16 item 3). The markup is the template's
// (enterprises.html); every value is escaped here.
func enterpriseRows(p *Page, items []siapekspor.Enterprise) template.HTML {
	w := newRowWriter(p, "label.name", "label.regency_code", "label.sector", "label.size_class", "label.workers", "label.annual_turnover", "label.export_status")
	esc := html.EscapeString
	for i := range items {
		e := &items[i]
		w.row()
		w.cell("")
		w.b.WriteString(`<a href="/enterprises/` + strconv.FormatInt(e.ID, 10) + `">` + esc(e.Name) + `</a>`)
		if e.OwnerName != "" {
			w.b.WriteString(`<br><span class="muted">` + esc(e.OwnerName) + `</span>`)
		}
		w.cell("")
		w.b.WriteString(esc(e.Names.Regency))
		if e.Names.District != "" {
			w.b.WriteString(`<br><span class="muted">` + esc(e.Names.District) + `</span>`)
		}
		w.cell("")
		w.b.WriteString(esc(p.P.Choice("sector", e.Sector)))
		w.cell("")
		w.b.WriteString(esc(p.P.Choice("size", e.SizeClass)))
		w.cell("num")
		w.b.WriteString(esc(p.P.Num(e.Workers)))
		w.cell("num")
		w.b.WriteString(esc(p.P.Rp(e.AnnualTurnover)))
		w.cell("")
		w.b.WriteString(`<span class="tag tag-` + esc(string(e.ExportStatus)) + `">` + esc(p.P.Choice("export", e.ExportStatus)) + "</span>")
	}
	return w.done()
}

// productRows writes the product list's rows (products.html's markup and
// the validation tag of partials/catalog.html), as enterpriseRows does.
func productRows(p *Page, items []siapekspor.Product) template.HTML {
	w := newRowWriter(p, "label.name_id", "label.hs_code", "label.enterprise", "label.capacity_per_month", "label.validation")
	esc := html.EscapeString
	for i := range items {
		pr := &items[i]
		w.row()
		w.cell("")
		w.b.WriteString(`<a href="/products/` + strconv.FormatInt(pr.ID, 10) + `">` + esc(pr.NameID) + `</a>`)
		if pr.NameEN != "" {
			w.b.WriteString(`<br><span class="muted" lang="en">` + esc(pr.NameEN) + `</span>`)
		}
		w.cell("")
		w.b.WriteString(esc(cmp.Or(pr.HSCode, "—")))
		w.cell("")
		w.b.WriteString(`<a href="/enterprises/` + strconv.FormatInt(pr.EnterpriseID, 10) + `">` + esc(pr.EnterpriseName) + `</a><br><span class="muted">` + esc(pr.RegencyName) + `</span>`)
		w.cell("num")
		if pr.CapacityPerMonth != 0 {
			w.b.WriteString(esc(p.P.Dec(pr.CapacityPerMonth)) + " " + esc(p.P.Choice("unit", pr.Unit)))
		} else {
			w.b.WriteString("—")
		}
		w.cell("")
		v := string(pr.Validation)
		w.b.WriteString(`<span class="tag tag-val-` + esc(v) + `">`)
		if v == "approved" {
			w.b.WriteString("✔ ")
		}
		w.b.WriteString(esc(p.P.Choice("validation", v)) + "</span>")
	}
	return w.done()
}

// rowWriter writes a list's rows: each cell carries its column's label
// (data-label, for the narrow layout), looked up once per page.
type rowWriter struct {
	b      strings.Builder
	labels []string
	col    int
}

func newRowWriter(p *Page, labelKeys ...string) *rowWriter {
	w := &rowWriter{col: -1}
	for _, k := range labelKeys {
		w.labels = append(w.labels, html.EscapeString(p.P.T(k)))
	}
	w.b.Grow(4096)
	return w
}

// row ends the row before (if any) and begins the next.
func (w *rowWriter) row() {
	if w.col >= 0 {
		w.b.WriteString("</td>\n  </tr>")
	}
	w.b.WriteString("\n  <tr>")
	w.col = -1
}

// cell ends the cell before (if any) and begins the next column's.
func (w *rowWriter) cell(class string) {
	if w.col >= 0 {
		w.b.WriteString("</td>")
	}
	w.col++
	w.b.WriteString("\n    <td data-label=\"" + w.labels[w.col] + "\"")
	if class != "" {
		w.b.WriteString(` class="` + class + `"`)
	}
	w.b.WriteByte('>')
}

func (w *rowWriter) done() template.HTML {
	if w.col >= 0 {
		w.b.WriteString("</td>\n  </tr>")
	}
	return template.HTML(w.b.String()) // every value escaped by the caller
}

// readinessRows writes the readiness list's rows (readiness_list.html's
// markup), as enterpriseRows does: 50 rows of 5 cells through the
// template's reflective calls were the larger half of the page's CPU under
// load (issue 16 item 3).
func readinessRows(p *Page, items []store.ReadinessRow) template.HTML {
	w := newRowWriter(p, "label.enterprise", "label.regency_code", "readiness.class", "readiness.overall", "readiness.date")
	esc := html.EscapeString
	trained := `<span class="tag">` + esc(p.P.T("readiness.trained")) + `</span>`
	levels := map[siapekspor.TrainingLevel]string{} // a class's label, looked up once per page
	for i := range items {
		r := &items[i]
		w.row()
		w.cell("")
		w.b.WriteString(`<a href="/enterprises/` + strconv.FormatInt(r.EnterpriseID, 10) + `/readiness">` + esc(r.EnterpriseName) + `</a>`)
		if r.Trained {
			w.b.WriteString(" " + trained)
		}
		w.cell("")
		w.b.WriteString(esc(r.RegencyName))
		w.cell("")
		label, ok := levels[r.Level]
		if !ok {
			label = esc(p.P.Choice("level", r.Level))
			levels[r.Level] = label
		}
		w.b.WriteString(`<span class="tag tag-level-` + esc(string(r.Level)) + `">` + label + `</span>`)
		w.cell("num")
		w.b.WriteString(`<a href="/assessments/` + strconv.FormatInt(r.AssessmentID, 10) + `">` + esc(p.P.Dec1(r.Overall)) + `</a>`)
		w.cell("")
		w.b.WriteString(esc(p.P.Date(r.AssessedAt)))
	}
	return w.done()
}
