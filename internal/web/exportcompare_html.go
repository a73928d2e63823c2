package web

import "html/template"

// HTML writes one of the comparison page's tables (the "compare-table"
// template until issue 16 item 3): through the template each row's eight
// translated labels and its fields were reflective calls, a third of the
// page's CPU. The markup is the template's, byte for byte, values escaped
// as html/template escapes them in each context
// (TestCompareTableIsTheTemplates compares the two).
func (t compareTable) HTML() template.HTML {
	pr := t.P.P
	l := struct{ bps, usd, idr, records, share, noBPS, over string }{
		tmplEsc(pr.T("compare.col_bps")), tmplEsc(pr.T("compare.col_records_usd")), tmplEsc(pr.T("compare.col_records_idr")),
		tmplEsc(pr.T("compare.col_records")), tmplEsc(pr.T("compare.col_share")), tmplEsc(pr.T("compare.no_bps_figure")), tmplEsc(pr.T("compare.over")),
	}
	head := tmplEsc(t.Head)
	w := &pageWriter{}
	w.b.Grow(1000 + (len(t.Rows)+1)*900)
	w.m("\n<div class=\"table-wrap\">\n<table class=\"list\">\n  <thead><tr>\n    <th scope=\"col\">").m(head).
		m("</th>\n    <th scope=\"col\" class=\"num\">").m(l.bps).
		m("</th>\n    <th scope=\"col\" class=\"num\">").m(l.usd).
		m("</th>\n    <th scope=\"col\" class=\"num\">").m(l.idr).
		m("</th>\n    <th scope=\"col\" class=\"num\">").m(l.records).
		m("</th>\n    <th scope=\"col\" class=\"num\">").m(l.share).
		m("</th>\n  </tr></thead>\n  <tbody>\n  ")
	row := func(r *compareRow) {
		w.m("\n<tr>\n  <td data-label=\"").m(head).m("\"><strong>").t(r.Label).m("</strong>")
		if r.Sub != "" {
			w.m("<br><small>").t(r.Sub).m("</small>")
		}
		w.m("</td>\n  <td class=\"num\" data-label=\"").m(l.bps).m("\">")
		if r.HasBPS {
			w.t(r.BPS)
			if r.BPSNote != "" {
				w.m("<br><small>").t(r.BPSNote).m("</small>")
			}
		} else {
			w.m("<span title=\"").m(l.noBPS).m("\">–</span>")
		}
		link := ""
		if r.Link != "" {
			link = attrURL(r.Link)
		}
		linked := func(s string) {
			if link != "" {
				w.m("<a href=\"").m(link).m("\">").t(s).m("</a>")
			} else {
				w.t(s)
			}
		}
		w.m("</td>\n  <td class=\"num\" data-label=\"").m(l.usd).m("\">")
		linked(r.RecUSD)
		w.m("</td>\n  <td class=\"num\" data-label=\"").m(l.idr).m("\">").t(r.RecIDR).
			m("</td>\n  <td class=\"num\" data-label=\"").m(l.records).m("\">")
		linked(r.Records)
		w.m("</td>\n  <td class=\"num\" data-label=\"").m(l.share).m("\">")
		if r.HasShare {
			w.t(r.Share)
			if r.Over {
				w.m(" <small>").m(l.over).m("</small>")
			}
		} else {
			w.m("–")
		}
		w.m("</td>\n</tr>\n")
	}
	for i := range t.Rows {
		row(&t.Rows[i])
		w.m("  ")
	}
	w.m("\n  </tbody>\n  ")
	if t.Total != nil {
		w.m("<tfoot>")
		row(t.Total)
		w.m("  </tfoot>")
	}
	w.m("\n</table>\n</div>\n")
	return template.HTML(w.b.String())
}
