package eventdoc

import (
	"io"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/pdffont"
)

const (
	pdfMargin = 15.0
	pdfBottom = 20.0 // the footer's room
	pdfLine   = 4.0  // a table line's height
	pdfPad    = 1.2  // above and below a row's lines
)

// pdfCols: time | table | with | products | reason, in mm (180 wide).
var pdfCols = []float64{30, 20, 42, 48, 40}

type pdfDoc struct {
	*fpdf.Fpdf
	w, bottom float64
}

// WritePDF writes agendas as an A4 PDF to print, each starting on a new
// page: the event's name, kind, days and venue or online link, whose
// agenda (a participant's name, or a table's), then its meetings as a
// table — time | table | with | products | reason — wrapped, running
// onto further pages (with the header again) rather than cut off. Labels
// are Indonesian / English. An agenda without meetings says so. The same
// agendas and stamp make the same bytes (the PDF's dates are the stamp's).
func WritePDF(w io.Writer, agendas []*siapekspor.Agenda, stamp time.Time) error {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCatalogSort(true)
	f.SetCreationDate(stamp)
	f.SetModificationDate(stamp)
	f.SetProducer("SiapEkspor", true)
	f.SetCreator("SiapEkspor", true)
	title := bi("eventdoc.agenda")
	if len(agendas) > 0 && agendas[0] != nil {
		title += " – " + oneLine(event(agendas[0]).Name)
	}
	f.SetTitle(title, true)
	pdffont.Register(f)
	f.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	f.SetAutoPageBreak(true, pdfBottom-3)
	pw, ph := f.GetPageSize()
	d := &pdfDoc{Fpdf: f, w: pw - 2*pdfMargin, bottom: ph - pdfBottom}
	footer := ""
	f.SetFooterFunc(func() {
		f.SetY(-pdfMargin)
		d.font("", 7)
		f.SetTextColor(110, 110, 110)
		f.CellFormat(d.w*3/4, 4, d.fit(footer, d.w*3/4), "", 0, "L", false, 0, "")
		f.CellFormat(d.w/4, 4, strconv.Itoa(f.PageNo())+"/{nb}", "", 0, "R", false, 0, "")
		f.SetTextColor(0, 0, 0)
	})
	f.AliasNbPages("{nb}")
	made := idP.T("eventdoc.made", idP.DateTime(stamp)) + " " + enP.T("eventdoc.made", enP.DateTime(stamp))
	n := 0
	for _, a := range agendas {
		if a == nil {
			continue
		}
		n++
		ev := event(a)
		footer = oneLine(ev.Name)
		if wh := whose(idP, a); wh != "" {
			footer += " · " + wh
		}
		f.AddPage()
		d.agenda(a, made)
	}
	if n == 0 {
		f.AddPage()
		d.font("", 10)
		f.MultiCell(d.w, 5, bi("eventdoc.no_agendas"), "", "L", false)
	}
	return f.Output(w)
}

func (d *pdfDoc) font(style string, size float64) { d.SetFont(pdffont.Name, style, size) }

// agenda writes one agenda from the top of a page.
func (d *pdfDoc) agenda(a *siapekspor.Agenda, made string) {
	ev := event(a)
	d.font("B", 14)
	d.MultiCell(d.w, 6.5, oneLine(ev.Name), "", "L", false)
	d.font("", 9)
	d.SetTextColor(80, 80, 80)
	if ev.Kind != "" {
		d.MultiCell(d.w, 4.5, biChoice("event.kind", ev.Kind), "", "L", false)
	}
	if s := days(idP, ev); s != "" {
		d.MultiCell(d.w, 4.5, bi("eventdoc.date")+": "+s, "", "L", false)
	}
	if v := oneLine(ev.Venue); v != "" {
		d.MultiCell(d.w, 4.5, bi("eventdoc.venue")+": "+v, "", "L", false)
	}
	if ev.Online() {
		d.MultiCell(d.w, 4.5, bi("eventdoc.online")+": "+oneLine(ev.OnlineLink), "", "L", false)
	}
	d.MultiCell(d.w, 4.5, bi("eventdoc.times_in", zone(ev)), "", "L", false)
	d.font("", 7)
	d.MultiCell(d.w, 3.5, made, "", "L", false)
	d.SetTextColor(0, 0, 0)
	d.Ln(3)
	d.font("B", 12)
	if wh := whose(idP, a); wh != "" {
		d.MultiCell(d.w, 5.5, idP.T("eventdoc.agenda_of", wh), "", "L", false)
		d.font("", 9)
		d.SetTextColor(90, 90, 90)
		d.MultiCell(d.w, 4.5, enP.T("eventdoc.agenda_of", wh), "", "L", false)
		d.SetTextColor(0, 0, 0)
	} else {
		d.MultiCell(d.w, 5.5, bi("eventdoc.agenda"), "", "L", false)
	}
	d.Ln(2)
	its := items(a)
	if len(its) == 0 {
		d.font("", 10)
		d.MultiCell(d.w, 5, bi("eventdoc.no_meetings"), "", "L", false)
		return
	}
	d.font("", 9)
	d.MultiCell(d.w, 4.5, idP.T("eventdoc.meetings", len(its))+" / "+enP.T("eventdoc.meetings", len(its)), "", "L", false)
	d.Ln(1)
	header := func() {
		d.row([]string{bi("eventdoc.col.time"), bi("eventdoc.col.table"), bi("eventdoc.col.with"), bi("eventdoc.col.products"),
			bi("eventdoc.col.reason")}, true, nil)
	}
	header()
	loc := ev.Location()
	for i := range its {
		it := &its[i]
		s, e := it.Start.In(loc), it.End.In(loc)
		t := idP.Date(s) + "\n" + clock(s) + "–" + clock(e) + " " + s.Format("MST")
		if it.Attendance == siapekspor.AttendanceCancelled {
			t += "\n" + bi("eventdoc.cancelled")
		}
		table := ""
		if it.Table > 0 {
			table = strconv.Itoa(it.Table)
		}
		d.row([]string{t, table, with(it), strings.Join(products(it), "\n"), oneLine(it.Reason)}, false, header)
	}
}

// row writes a table row, each cell wrapped to its column; a row taller
// than what is left of the page goes on over the next (header written
// again), a whole row moving on when fewer than three of its lines fit.
func (d *pdfDoc) row(cells []string, head bool, header func()) {
	if head {
		d.font("B", 7)
	} else {
		d.font("", 8)
	}
	lines := make([][]string, len(cells))
	n := 1
	for i, c := range cells {
		for _, part := range strings.Split(c, "\n") {
			ls := d.SplitText(part, pdfCols[i])
			if len(ls) == 0 {
				ls = []string{""}
			}
			lines[i] = append(lines[i], ls...)
		}
		n = max(n, len(lines[i]))
	}
	for start := 0; start < n; {
		fit := int((d.bottom - d.GetY() - 2*pdfPad) / pdfLine)
		if !head && (fit < 1 || start == 0 && fit < min(n, 3)) {
			d.AddPage()
			if header != nil {
				header()
			}
			d.font("", 8)
			continue
		}
		k := min(n-start, max(fit, 1))
		y := d.GetY()
		h := float64(k)*pdfLine + 2*pdfPad
		if head {
			d.SetFillColor(232, 236, 245)
			d.Rect(pdfMargin, y, d.w, h, "F")
		}
		x := pdfMargin
		for i := range cells {
			for j := start; j < start+k && j < len(lines[i]); j++ {
				d.SetXY(x, y+pdfPad+float64(j-start)*pdfLine)
				d.CellFormat(pdfCols[i], pdfLine, lines[i][j], "", 0, "L", false, 0, "")
			}
			x += pdfCols[i]
		}
		d.SetDrawColor(200, 200, 200)
		d.SetLineWidth(0.2)
		d.Line(pdfMargin, y+h, pdfMargin+d.w, y+h)
		d.SetXY(pdfMargin, y+h)
		start += k
	}
}

// fit shortens s with an ellipsis to fit width w (the footer's one line).
func (d *pdfDoc) fit(s string, w float64) string {
	if d.GetStringWidth(s) <= w-1.5 {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && d.GetStringWidth(string(r)+"…") > w-1.5 {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
