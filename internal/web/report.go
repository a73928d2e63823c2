package web

import (
	"bytes"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"html/template"
	"io"
	"net/http"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/report"
)

// The monthly report's printable page and its downloads (issue 18, item
// 6): /reports/monthly?month=2026-11, .pdf and .xlsx. The content is
// internal/report's; a regency office's officer gets its regency's (and
// its binaan's), an owner or a mentor is refused.

type monthlyData struct {
	Month  string // as asked ("" the current month)
	R      *report.Report
	Map    template.HTML
	Stages []monthlyStage
}

type monthlyStage struct {
	Label, Reached, Conversion, Share string
	Width                             int // the bar's width, 0–100
}

// monthlyReport makes the report the request asks for.
func (h *Handlers) monthlyReport(r *http.Request) (string, *report.Report, error) {
	month := r.URL.Query().Get("month")
	if month == "" {
		t := h.Store.Now().In(i18n.Zone)
		month = t.Format("2006-01")
	}
	if h.Province == "" {
		return month, nil, siapekspor.FieldInvalid("province", "report.error.province")
	}
	rep, err := report.Make(r.Context(), h.Store, h.Province, month)
	return month, rep, err
}

// MonthlyReport shows the printable page.
func (h *Handlers) MonthlyReport(w http.ResponseWriter, r *http.Request) {
	p := NewPage(r, "report.title", "report")
	month, rep, err := h.monthlyReport(r)
	d := monthlyData{Month: month, R: rep}
	status := http.StatusOK
	if err != nil {
		if siapekspor.ErrorCodeOf(err) != siapekspor.EInvalid {
			h.R.Error(w, r, err)
			return
		}
		e, _ := siapekspor.AsError(err)
		p.SetError(e)
		status = http.StatusUnprocessableEntity
	} else {
		p.Title = p.P.T("report.title_of", rep.RegionName, rep.Month.Label(p.P.Lang))
		d.Map = template.HTML(report.SVG(rep, p.P.T("report.sec.map"))) // numbers and escaped names only
		for _, s := range rep.Funnel {
			st := monthlyStage{Label: p.P.Choice("funnel.stage", s.Key), Reached: p.P.Num(s.Reached),
				Conversion: report.PctOf(p.P, s.Conversion), Share: report.PctOf(p.P, s.Share)}
			if s.Share > 0 {
				st.Width = int(s.Share*100 + 0.5)
				if st.Width < 1 {
					st.Width = 1
				}
			}
			d.Stages = append(d.Stages, st)
		}
	}
	p.Data = d
	h.R.Render(w, r, status, "monthly_report", p)
}

// MonthlyReportPDF and MonthlyReportXLSX are the downloads.
func (h *Handlers) MonthlyReportPDF(w http.ResponseWriter, r *http.Request) {
	h.monthlyReportFile(w, r, "pdf", "application/pdf", report.WritePDF)
}

func (h *Handlers) MonthlyReportXLSX(w http.ResponseWriter, r *http.Request) {
	h.monthlyReportFile(w, r, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", report.WriteXLSX)
}

func (h *Handlers) monthlyReportFile(w http.ResponseWriter, r *http.Request, ext, ctype string, write func(io.Writer, *report.Report) error) {
	_, rep, err := h.monthlyReport(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	var buf bytes.Buffer // whole, so a failure is an error page, not half a file
	if err := write(&buf, rep); err != nil {
		h.R.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="laporan-bulanan-`+rep.RegionCode+`-`+rep.Month.String()+`.`+ext+`"`)
	w.Write(buf.Bytes())
}

func reportFuncs() map[string]any {
	return map[string]any{
		"targetSentence": TargetSentence,
		"pctOf":          report.PctOf,
		"legendPct":      report.LegendPct,
		"certWindow": func(p i18n.Printer, r *report.Report) string {
			from, to := r.Month.To(), r.Month.To().AddDate(0, 0, r.ExpiringDays-1)
			return p.T("report.certificates.window", r.ExpiringDays, p.Date(from), p.Date(to), p.Num(r.ExpiringTotal), p.Num(r.Expired))
		},
	}
}
