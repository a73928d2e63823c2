package eventdoc

import (
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// ReportSheets returns the event report's workbook, sheet by sheet in
// order, as WriteReportXLSX writes it (numbers as numbers; the
// follow-ups' times and dates as time.Time, written as dates): a summary,
// the meetings by regency, by sector, and the follow-ups. Labels are in
// p's language.
func ReportSheets(r *siapekspor.EventReport, p i18n.Printer) (names []string, sheets [][][]any) {
	ev := r.Event
	if ev == nil {
		ev = &siapekspor.Event{}
	}
	t := r.Total
	summary := [][]any{
		{p.T("eventdoc.fig.figure"), p.T("eventdoc.fig.value")},
		{p.T("eventdoc.fig.event"), oneLine(ev.Name)},
		{p.T("eventdoc.fig.kind"), p.Choice("event.kind", ev.Kind)},
		{p.T("eventdoc.fig.days"), days(p, ev)},
		{p.T("eventdoc.fig.enterprises"), r.Enterprises},
		{p.T("eventdoc.fig.buyers"), r.Buyers},
		{p.T("eventdoc.fig.checked_in"), r.CheckedIn},
		{p.T("eventdoc.fig.requests"), r.Requests},
		{p.T("eventdoc.fig.accepted"), r.Accepted},
		{p.T("eventdoc.fig.meetings"), t.Meetings},
		{p.T("eventdoc.fig.held"), t.Held},
		{p.T("eventdoc.fig.no_shows"), t.NoShows},
		{p.T("eventdoc.fig.pending"), t.Pending},
	}
	for i, o := range siapekspor.MeetingOutcomes {
		summary = append(summary, []any{p.Choice("event.outcome", o), t.Outcomes[i]})
	}
	summary = append(summary, []any{p.T("eventdoc.fig.follow_ups"), t.FollowUps})

	counts := func(head []any, rows []siapekspor.EventReportRow, label func(key string) []any) [][]any {
		h := append(head, p.T("eventdoc.col.enterprises"), p.T("eventdoc.col.meetings"), p.T("eventdoc.col.held"),
			p.T("eventdoc.col.no_shows"), p.T("eventdoc.col.pending"))
		for _, o := range siapekspor.MeetingOutcomes {
			h = append(h, p.Choice("event.outcome", o))
		}
		out := [][]any{append(h, p.T("eventdoc.col.follow_ups"))}
		add := func(lead []any, x siapekspor.EventReportRow) {
			row := append(lead, x.Enterprises, x.Meetings, x.Held, x.NoShows, x.Pending)
			for _, n := range x.Outcomes {
				row = append(row, n)
			}
			out = append(out, append(row, x.FollowUps))
		}
		for _, x := range rows {
			add(label(x.Key), x)
		}
		lead := make([]any, len(head))
		lead[len(head)-1] = p.T("eventdoc.total")
		for i := range len(head) - 1 {
			lead[i] = ""
		}
		add(lead, t)
		return out
	}
	ix := refdata.DefaultRegionIndex()
	byRegency := counts([]any{p.T("eventdoc.col.code"), p.T("eventdoc.col.regency")}, r.ByRegency, func(key string) []any {
		if g, ok := ix.ByCode(key); ok && key != "" {
			return []any{key, g.Name}
		}
		return []any{key, p.T("eventdoc.unknown")}
	})
	bySector := counts([]any{p.T("eventdoc.col.sector")}, r.BySector, func(key string) []any {
		if key == "" {
			return []any{p.T("eventdoc.unknown")}
		}
		return []any{p.Choice("sector", key)}
	})

	loc := ev.Location()
	follow := [][]any{{p.T("eventdoc.col.time"), p.T("eventdoc.col.enterprise"), p.T("eventdoc.col.buyer"), p.T("eventdoc.col.outcome"),
		p.T("eventdoc.col.follow_up_on"), p.T("eventdoc.col.note")}}
	for _, m := range r.FollowUps {
		var on any = ""
		if d := m.FollowUpOn.Time(); d != nil {
			on = wall(*d, time.UTC)
		}
		follow = append(follow, []any{wall(m.Start, loc), oneLine(m.EnterpriseName), oneLine(m.BuyerName),
			p.Choice("event.outcome", m.Outcome), on, cellText(m.Note)})
	}
	names = []string{p.T("eventdoc.sheet.summary"), p.T("eventdoc.sheet.regency"), p.T("eventdoc.sheet.sector"), p.T("eventdoc.sheet.follow_ups")}
	return names, [][][]any{summary, byRegency, bySector, follow}
}

// cellText is a user's text for a cell: valid UTF-8, without the control
// characters XML cannot hold (line breaks and tabs kept).
func cellText(s string) string {
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && (r < 0x20 || r == 0x7f) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// wall is t's clock in loc as a zone-less time, which a spreadsheet shows
// as it is (excelize writes a time's own date and clock).
func wall(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)
}

// WriteReportXLSX writes the event's report as a workbook (ReportSheets):
// headers bold, the header row frozen, the follow-ups' times and dates
// formatted as such.
func WriteReportXLSX(w io.Writer, r *siapekspor.EventReport, p i18n.Printer) error {
	x := excelize.NewFile()
	defer x.Close()
	names, sheets := ReportSheets(r, p)
	title := p.T("eventdoc.sheet.summary")
	if r.Event != nil {
		title += " – " + oneLine(r.Event.Name)
	}
	props := &excelize.DocProperties{Creator: "SiapEkspor", Title: title, Language: "id-ID"}
	if p.Lang == i18n.EN {
		props.Language = "en-GB"
	}
	if r.Event != nil && !r.Event.UpdatedAt.IsZero() {
		props.Created = r.Event.UpdatedAt.UTC().Format(time.RFC3339)
		props.Modified = props.Created
	}
	if err := x.SetDocProps(props); err != nil {
		return err
	}
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	stamp := "yyyy-mm-dd hh:mm"
	dateTime, _ := x.NewStyle(&excelize.Style{CustomNumFmt: &stamp})
	day := "yyyy-mm-dd"
	date, _ := x.NewStyle(&excelize.Style{CustomNumFmt: &day})
	for i, name := range names {
		if i == 0 {
			if err := x.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := x.NewSheet(name); err != nil {
			return err
		}
		rows := sheets[i]
		for ri, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, ri+1)
			if err := x.SetSheetRow(name, cell, &row); err != nil {
				return err
			}
		}
		last, _ := excelize.CoordinatesToCellName(len(rows[0]), 1)
		if err := x.SetCellStyle(name, "A1", last, bold); err != nil {
			return err
		}
		if i == 1 || i == 2 { // the total row
			first, _ := excelize.CoordinatesToCellName(1, len(rows))
			end, _ := excelize.CoordinatesToCellName(len(rows[0]), len(rows))
			_ = x.SetCellStyle(name, first, end, bold)
		}
		if i == 3 && len(rows) > 1 {
			end := itoa(len(rows))
			_ = x.SetCellStyle(name, "A2", "A"+end, dateTime)
			_ = x.SetCellStyle(name, "E2", "E"+end, date)
		}
		if err := x.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		_ = x.SetColWidth(name, "A", "A", 36)
		_ = x.SetColWidth(name, "B", "F", 24)
	}
	x.SetActiveSheet(0)
	_, err = x.WriteTo(w)
	return err
}
