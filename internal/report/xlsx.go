package report

import (
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// Sheets of the XLSX, one per section.
var sheetNames = []string{"Ringkasan", "Corong", "Target", "Peta", "Pelatihan", "Validasi", "Ekspor", "Sertifikat"}

// Sheets returns the workbook's cells, sheet by sheet, as the XLSX holds
// them (numbers as numbers; shares as fractions): the golden tests read
// these. Headers are Indonesian / English.
func Sheets(r *Report) map[string][][]any {
	s := map[string][][]any{}
	s["Ringkasan"] = [][]any{
		{bi("report.title"), r.RegionName + " (" + r.RegionCode + ")"},
		{bi("report.month"), r.Month.String()},
		{"Per / As of", r.AsOf.Format("2006-01-02")},
		{"Dibuat / Made", r.Made.Format("2006-01-02T15:04:05Z")},
	}
	if r.Regional() {
		s["Ringkasan"] = append(s["Ringkasan"], []any{"Cakupan / Covers", r.Covers(idP) + " " + r.Covers(enP)})
	}
	rows := [][]any{{bi("report.col.stage"), bi("report.col.reached"), bi("report.col.conversion"), bi("report.col.share")}}
	for _, f := range r.Funnel {
		rows = append(rows, []any{idP.Choice("funnel.stage", f.Key) + " / " + enP.Choice("funnel.stage", f.Key), f.Reached, share(f.Conversion), share(f.Share)})
	}
	s["Corong"] = rows
	rows = [][]any{{bi("report.col.region"), "Tahun / Year", "Populasi / Population", "Persen / Percent", "Jumlah / Count",
		bi("report.col.exporters"), bi("report.col.denominator"), bi("report.col.goal"), bi("report.col.gap")}}
	for _, p := range r.Targets {
		t := p.Target
		rows = append(rows, []any{p.RegionName, t.Year, string(t.Population), t.Percent, t.Count, p.Exporters, p.Denominator, p.Goal, p.Gap})
	}
	s["Target"] = rows
	rows = [][]any{{"Kode / Code", bi("report.col.region"), bi("report.col.registered"), bi("report.col.exporting"), bi("report.col.export_share"), "Kelas / Class"}}
	for _, g := range r.Regions {
		rows = append(rows, []any{g.Code, g.Name, g.Registered, g.Exporting, share(g.Share), g.Class + 1})
	}
	s["Peta"] = rows
	s["Pelatihan"] = [][]any{
		{bi("report.col.figure"), bi("report.col.value")},
		{bi("report.training.sessions"), r.TrainingSessions},
		{bi("report.training.present"), r.TrainingPresent},
		{bi("report.training.enterprises"), r.TrainingEnterprises},
		{bi("report.training.completed"), r.TrainingCompleted},
		{bi("report.mentoring.activities"), r.MentoringActivities},
		{bi("report.mentoring.enterprises"), r.MentoringEnterprises},
		{bi("report.mentoring.opened"), r.CasesOpened},
		{bi("report.mentoring.closed"), r.CasesClosed},
		{bi("report.events.held"), r.EventsHeld},
		{bi("report.events.meetings"), r.EventMeetings},
		{bi("report.events.enterprises"), r.EventEnterprises},
		{bi("report.events.follow_ups"), r.EventFollowUps},
	}
	rows = [][]any{{bi("report.col.status"), bi("report.col.count")}}
	for _, c := range r.Validations {
		rows = append(rows, []any{idP.Choice("validation", c.Key) + " / " + enP.Choice("validation", c.Key), c.N})
	}
	s["Validasi"] = rows
	rows = [][]any{
		{bi("report.exports.records"), r.ExportRecords},
		{bi("report.exports.enterprises"), r.ExportEnterprises},
		{bi("report.exports.usd"), float64(r.ExportUSDCents) / 100},
		{bi("report.exports.idr"), r.ExportIDR},
		{},
		{"ISO3", bi("report.col.destination"), bi("report.col.records"), bi("report.col.value_usd")},
	}
	for _, x := range r.Destinations {
		rows = append(rows, []any{x.ISO3, destName(x), x.Records, float64(x.USDCents) / 100})
	}
	s["Ekspor"] = rows
	rows = [][]any{
		{"Jendela (hari) / Window (days)", r.ExpiringDays},
		{"Dari / From", r.Month.To().Format("2006-01-02")},
		{"Sampai / To", r.Month.To().AddDate(0, 0, r.ExpiringDays-1).Format("2006-01-02")},
		{"Kedaluwarsa bulan ini / Expired this month", r.Expired},
		{},
		{bi("report.col.type"), bi("report.col.count")},
	}
	for _, c := range r.Expiring {
		rows = append(rows, []any{idP.Choice("cert", c.Key) + " / " + enP.Choice("cert", c.Key), c.N})
	}
	rows = append(rows, []any{bi("report.total"), r.ExpiringTotal})
	s["Sertifikat"] = rows
	return s
}

// share is a share for a cell: nil for "none" (-1).
func share(v float64) any {
	if v < 0 {
		return nil
	}
	return v
}

// WriteXLSX writes the report as a workbook, one sheet per section.
func WriteXLSX(w io.Writer, r *Report) error {
	x := excelize.NewFile()
	defer x.Close()
	sheets := Sheets(r)
	made := r.Made.Format(time.RFC3339)
	if err := x.SetDocProps(&excelize.DocProperties{Creator: "SiapEkspor", Title: bi("report.title") + " " + r.Month.String(),
		Created: made, Modified: made, Language: "id-ID"}); err != nil {
		return err
	}
	pct, _ := x.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	bold, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	for i, name := range sheetNames {
		if i == 0 {
			if err := x.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := x.NewSheet(name); err != nil {
			return err
		}
		for ri, row := range sheets[name] {
			cell, _ := excelize.CoordinatesToCellName(1, ri+1)
			if err := x.SetSheetRow(name, cell, &row); err != nil {
				return err
			}
		}
		if len(sheets[name]) > 0 {
			last, _ := excelize.CoordinatesToCellName(len(sheets[name][0]), 1)
			_ = x.SetCellStyle(name, "A1", last, bold)
		}
		_ = x.SetColWidth(name, "A", "B", 42)
		for _, col := range pctColumns[name] {
			c := string(rune('A' + col))
			_ = x.SetCellStyle(name, c+"2", c+strconv.Itoa(len(sheets[name])), pct)
		}
	}
	x.SetActiveSheet(0)
	_, err := x.WriteTo(w)
	return err
}

// pctColumns: the columns holding shares, per sheet (0 is A).
var pctColumns = map[string][]int{"Corong": {2, 3}, "Peta": {4}}
