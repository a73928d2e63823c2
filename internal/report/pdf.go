package report

import (
	"io"
	"math"
	"strconv"

	"codeberg.org/go-pdf/fpdf"

	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/pdffont"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// The fonts (DejaVu Sans Condensed) come from internal/pdffont, shared
// with the event agendas; fpdf embeds subsets of the glyphs used.

var (
	idP = i18n.Printer{Lang: i18n.ID}
	enP = i18n.Printer{Lang: i18n.EN}
)

// bi is a message in Indonesian with the English after it.
func bi(key string, args ...any) string {
	return idP.T(key, args...) + " / " + enP.T(key, args...)
}

// hexRGB reads "#rrggbb".
func hexRGB(s string) (int, int, int) {
	v, _ := strconv.ParseUint(s[1:], 16, 32)
	return int(v >> 16 & 0xff), int(v >> 8 & 0xff), int(v & 0xff)
}

type pdfDoc struct {
	*fpdf.Fpdf
	w float64 // the text width
}

const (
	pdfMargin = 15.0
	fontName  = pdffont.Name
)

// WritePDF writes the report as an A4 PDF, the same bytes for the same
// report (its dates are the report's own, the objects in a fixed order).
func WritePDF(w io.Writer, r *Report) error {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCatalogSort(true)
	f.SetCreationDate(r.Made)
	f.SetModificationDate(r.Made)
	f.SetProducer("SiapEkspor", true)
	f.SetCreator("SiapEkspor", true)
	f.SetTitle(bi("report.title")+" "+r.Month.String()+" "+r.ProvinceName, true)
	pdffont.Register(f)
	f.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	f.SetAutoPageBreak(true, pdfMargin+5)
	pw, _ := f.GetPageSize()
	d := &pdfDoc{Fpdf: f, w: pw - 2*pdfMargin}
	f.SetFooterFunc(func() {
		f.SetY(-pdfMargin)
		d.font("", 7)
		f.SetTextColor(110, 110, 110)
		f.CellFormat(d.w/2, 4, bi("report.title")+" "+r.Month.String()+" · "+r.RegionName, "", 0, "L", false, 0, "")
		f.CellFormat(d.w/2, 4, strconv.Itoa(f.PageNo())+"/{nb}", "", 0, "R", false, 0, "")
		f.SetTextColor(0, 0, 0)
	})
	f.AliasNbPages("{nb}")
	f.AddPage()

	// Title.
	d.font("B", 15)
	f.MultiCell(d.w, 7, idP.T("report.title_of", r.RegionName, r.Month.Label(i18n.ID)), "", "L", false)
	d.font("", 10)
	f.SetTextColor(80, 80, 80)
	f.MultiCell(d.w, 5, enP.T("report.title_of", r.RegionName, r.Month.Label(i18n.EN)), "", "L", false)
	d.font("", 8)
	if r.Regional() {
		f.MultiCell(d.w, 4, r.Covers(idP)+" "+r.Covers(enP), "", "L", false)
	}
	f.MultiCell(d.w, 4, idP.T("report.as_of", idP.Date(r.AsOf))+" "+enP.T("report.as_of", enP.Date(r.AsOf)), "", "L", false)
	if r.Partial {
		f.MultiCell(d.w, 4, idP.T("report.partial", idP.Date(r.AsOf))+" "+enP.T("report.partial", enP.Date(r.AsOf)), "", "L", false)
	}
	f.MultiCell(d.w, 4, idP.T("report.made", idP.DateTime(r.Made))+" "+enP.T("report.made", enP.DateTime(r.Made)), "", "L", false)
	f.SetTextColor(0, 0, 0)

	// The funnel, with a bar per stage.
	d.heading("report.sec.funnel")
	cols := []float64{62, 24, 24, 24, d.w - 134}
	d.header(cols, []string{bi("report.col.stage"), bi("report.col.reached"), bi("report.col.conversion"), bi("report.col.share"), ""})
	for _, row := range r.Funnel {
		y := f.GetY()
		d.row(cols, []string{idP.Choice("funnel.stage", row.Key) + " / " + enP.Choice("funnel.stage", row.Key), idP.Num(row.Reached),
			PctOf(idP, row.Conversion), PctOf(idP, row.Share), ""}, "LRRRL")
		if row.Share > 0 {
			x := pdfMargin + 134 + 2
			f.SetFillColor(hexRGB(Palette[3]))
			f.Rect(x, y+1.2, math.Max(0.3, (cols[4]-4)*row.Share), 3.1, "F")
		}
	}

	// Targets.
	d.heading("report.sec.targets")
	if len(r.Targets) == 0 {
		d.note(bi("report.no_targets"))
	} else {
		cols := []float64{44, 14, 24, 18, 20, 22, 18, d.w - 160}
		d.header(cols, []string{bi("report.col.region"), "", "", bi("report.col.target"), bi("report.col.exporters"), bi("report.col.denominator"),
			bi("report.col.goal"), bi("report.col.gap")})
		for _, p := range r.Targets {
			t := p.Target
			goal := idP.Num(t.Count)
			if t.Percent > 0 {
				goal = idP.Dec(t.Percent) + "%"
			}
			d.row(cols, []string{p.RegionName, strconv.Itoa(t.Year), idP.Choice("target.population", t.Population), goal, idP.Num(p.Exporters),
				idP.Num(p.Denominator), idP.Num(p.Goal), idP.Num(p.Gap)}, "LLLRRRRR")
		}
	}

	// The map, then its table.
	d.heading("report.sec.map")
	d.drawMap(r)
	cols = []float64{14, 70, 30, 30, d.w - 144}
	d.header(cols, []string{"", bi("report.col.region"), bi("report.col.registered"), bi("report.col.exporting"), bi("report.col.export_share")})
	var reg, exp int64
	for _, g := range r.Regions {
		d.row(cols, []string{g.Code, g.Name, idP.Num(g.Registered), idP.Num(g.Exporting), PctOf(idP, g.Share)}, "LLRRR")
		reg += g.Registered
		exp += g.Exporting
	}
	share := -1.0
	if reg > 0 {
		share = float64(exp) / float64(reg)
	}
	d.font("B", 8)
	d.row(cols, []string{"", bi("report.total"), idP.Num(reg), idP.Num(exp), PctOf(idP, share)}, "LLRRR")

	// Training and mentoring, events.
	d.heading("report.sec.training")
	d.figures([][2]string{
		{bi("report.training.sessions"), idP.Num(r.TrainingSessions)},
		{bi("report.training.present"), idP.Num(r.TrainingPresent)},
		{bi("report.training.enterprises"), idP.Num(r.TrainingEnterprises)},
		{bi("report.training.completed"), idP.Num(r.TrainingCompleted)},
		{bi("report.mentoring.activities"), idP.Num(r.MentoringActivities)},
		{bi("report.mentoring.enterprises"), idP.Num(r.MentoringEnterprises)},
		{bi("report.mentoring.opened"), idP.Num(r.CasesOpened)},
		{bi("report.mentoring.closed"), idP.Num(r.CasesClosed)},
	})
	d.heading("report.sec.events")
	d.note(idP.T("report.events_none") + " " + enP.T("report.events_none"))

	// Validations.
	d.heading("report.sec.validations")
	var vs [][2]string
	for _, c := range r.Validations {
		vs = append(vs, [2]string{idP.Choice("validation", c.Key) + " / " + enP.Choice("validation", c.Key), idP.Num(c.N)})
	}
	d.figures(vs)

	// Exports.
	d.heading("report.sec.exports")
	d.figures([][2]string{
		{bi("report.exports.records"), idP.Num(r.ExportRecords)},
		{bi("report.exports.enterprises"), idP.Num(r.ExportEnterprises)},
		{bi("report.exports.usd"), idP.USD(r.ExportUSDCents)},
		{bi("report.exports.idr"), idP.Rp(r.ExportIDR)},
	})
	if len(r.Destinations) > 0 {
		f.Ln(2)
		cols := []float64{16, 80, 30, 40}
		d.header(cols, []string{"", bi("report.col.destination"), bi("report.col.records"), bi("report.col.value_usd")})
		for _, x := range r.Destinations {
			d.row(cols, []string{x.ISO3, destName(x), idP.Num(x.Records), idP.USD(x.USDCents)}, "LLRR")
		}
	}

	// Certificates.
	d.heading("report.sec.certificates")
	from, to := r.Month.To(), r.Month.To().AddDate(0, 0, r.ExpiringDays-1)
	d.note(idP.T("report.certificates.window", r.ExpiringDays, idP.Date(from), idP.Date(to), idP.Num(r.ExpiringTotal), idP.Num(r.Expired)) + " " +
		enP.T("report.certificates.window", r.ExpiringDays, enP.Date(from), enP.Date(to), enP.Num(r.ExpiringTotal), enP.Num(r.Expired)))
	if len(r.Expiring) > 0 {
		cols := []float64{96, 30}
		d.header(cols, []string{bi("report.col.type"), bi("report.col.count")})
		for _, c := range r.Expiring {
			d.row(cols, []string{idP.Choice("cert", c.Key), idP.Num(c.N)}, "LR")
		}
	}
	return f.Output(w)
}

// destName is a destination's name in both languages (once when they agree).
func destName(x Destination) string {
	switch {
	case x.NameID == "":
		return x.ISO3
	case x.NameEN == "" || x.NameEN == x.NameID:
		return x.NameID
	}
	return x.NameID + " / " + x.NameEN
}

func (d *pdfDoc) font(style string, size float64) { d.SetFont(fontName, style, size) }

func (d *pdfDoc) heading(key string) {
	if d.GetY() > 250 {
		d.AddPage()
	}
	d.Ln(4)
	d.font("B", 11)
	d.SetTextColor(37, 52, 148)
	d.MultiCell(d.w, 5.5, idP.T(key), "", "L", false)
	d.font("", 8.5)
	d.SetTextColor(90, 90, 90)
	d.MultiCell(d.w, 4, enP.T(key), "", "L", false)
	d.SetTextColor(0, 0, 0)
	d.Ln(1)
}

func (d *pdfDoc) note(s string) {
	d.font("", 8.5)
	d.MultiCell(d.w, 4.2, s, "", "L", false)
}

// header writes a table's header row (small type, shaded).
func (d *pdfDoc) header(cols []float64, cells []string) {
	d.font("B", 6.5)
	d.SetFillColor(232, 236, 245)
	for i, c := range cells {
		d.CellFormat(cols[i], 5, fit(d.Fpdf, c, cols[i]), "B", 0, "L", true, 0, "")
	}
	d.Ln(-1)
	d.font("", 8)
}

// row writes one row; align has one letter per cell.
func (d *pdfDoc) row(cols []float64, cells []string, align string) {
	if d.GetY() > 272 {
		d.AddPage()
	}
	for i, c := range cells {
		d.CellFormat(cols[i], 5.5, fit(d.Fpdf, c, cols[i]), "B", 0, align[i:i+1], false, 0, "")
	}
	d.Ln(-1)
	d.font("", 8)
}

// figures writes label–value pairs.
func (d *pdfDoc) figures(rows [][2]string) {
	d.font("", 8.5)
	for _, r := range rows {
		d.CellFormat(120, 5.2, fit(d.Fpdf, r[0], 120), "B", 0, "L", false, 0, "")
		d.CellFormat(40, 5.2, r[1], "B", 1, "R", false, 0, "")
	}
}

// fit shortens s with an ellipsis to fit width w.
func fit(f *fpdf.Fpdf, s string, w float64) string {
	if f.GetStringWidth(s) <= w-1.5 {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && f.GetStringWidth(string(r)+"…") > w-1.5 {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// drawMap draws the regencies' polygons from the shipped boundaries,
// coloured by their class, with a legend beside them.
func (d *pdfDoc) drawMap(r *Report) {
	b := refdata.RegencyBoundaries()
	type shape struct {
		g     Region
		polys [][][][2]float64
	}
	var shapes []shape
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, g := range r.Regions {
		p := b.Polygons(g.Code)
		if p == nil {
			continue
		}
		shapes = append(shapes, shape{g, p})
		for _, poly := range p {
			for _, pt := range poly[0] {
				minX, maxX = math.Min(minX, pt[0]), math.Max(maxX, pt[0])
				minY, maxY = math.Min(minY, pt[1]), math.Max(maxY, pt[1])
			}
		}
	}
	if len(shapes) == 0 {
		d.note(bi("report.no_map"))
		return
	}
	const boxW, boxH = 115.0, 95.0
	if d.GetY()+boxH > 270 {
		d.AddPage()
	}
	x0, y0 := pdfMargin, d.GetY()
	kx := math.Cos((minY + maxY) / 2 * math.Pi / 180) // equirectangular, true at the middle latitude
	scale := math.Min(boxW/((maxX-minX)*kx), boxH/(maxY-minY))
	h := (maxY - minY) * scale
	px := func(pt [2]float64) (float64, float64) {
		return x0 + (pt[0]-minX)*kx*scale, y0 + (maxY-pt[1])*scale
	}
	d.SetDrawColor(77, 77, 77)
	d.SetLineWidth(0.15)
	for _, s := range shapes {
		col := NoData
		if s.g.Class >= 0 {
			col = Palette[s.g.Class]
		}
		d.SetFillColor(hexRGB(col))
		for _, poly := range s.polys {
			for _, ring := range poly {
				for i, pt := range ring {
					x, y := px(pt)
					if i == 0 {
						d.MoveTo(x, y)
					} else {
						d.LineTo(x, y)
					}
				}
				d.ClosePath()
			}
			d.DrawPath("B*")
		}
	}
	// Legend.
	lx, ly := x0+boxW+8, y0+2
	d.font("B", 7.5)
	d.SetXY(lx, ly)
	d.MultiCell(d.w-boxW-8, 4, bi("report.col.export_share"), "", "L", false)
	ly = d.GetY() + 1
	d.font("", 7.5)
	entries := append([]Class(nil), r.Legend...)
	for _, c := range entries {
		d.SetFillColor(hexRGB(c.Color))
		d.Rect(lx, ly, 6, 4, "FD")
		d.SetXY(lx+8, ly)
		label := LegendPct(idP, c.Lo)
		if c.Hi != c.Lo {
			label += " – " + LegendPct(idP, c.Hi)
		}
		d.CellFormat(40, 4, label, "", 0, "L", false, 0, "")
		ly += 5.5
	}
	d.SetFillColor(hexRGB(NoData))
	d.Rect(lx, ly, 6, 4, "FD")
	d.SetXY(lx+8, ly)
	d.CellFormat(40, 4, "0% / –", "", 0, "L", false, 0, "")
	ly += 7
	d.SetXY(lx, ly)
	d.font("", 6.5)
	d.MultiCell(d.w-boxW-8, 3.2, idP.T("report.map_note")+" "+enP.T("report.map_note"), "", "L", false)
	d.SetXY(pdfMargin, math.Max(y0+h, d.GetY())+3)
}
