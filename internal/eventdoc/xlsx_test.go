package eventdoc_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/eventdoc"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

func testReport() *siapekspor.EventReport {
	row := func(key string, n int) siapekspor.EventReportRow {
		return siapekspor.EventReportRow{Key: key, Enterprises: n, Meetings: 4 * n, Held: 3 * n, NoShows: n / 2, Pending: n - n/2,
			Outcomes: [4]int{n, n, n / 2, n - n/2}, FollowUps: 2*n + n/2}
	}
	follow := func(id int64, hour int, on string, o siapekspor.MeetingOutcome, note string) siapekspor.Meeting {
		var d siapekspor.Date
		if on != "" {
			t, _ := time.Parse("2006-01-02", on)
			d = siapekspor.DateOf(&t)
		}
		return siapekspor.Meeting{ID: id, Start: at(15, hour, 0), End: at(15, hour, 30), Attendance: siapekspor.AttendanceHeld, Outcome: o,
			FollowUpOn: d, Note: note, EnterpriseName: "CV Kopi\nTani", BuyerName: "Mitsui Foods Co., Ltd."}
	}
	return &siapekspor.EventReport{Event: testEvent(), Enterprises: 30, Buyers: 8, CheckedIn: 33, Requests: 120, Accepted: 90,
		Total: row("", 6), ByRegency: []siapekspor.EventReportRow{row("18.71", 4), row("18.01", 2), row("99.99", 0)},
		BySector:  []siapekspor.EventReportRow{row("coffee", 4), row("", 2)},
		FollowUps: []siapekspor.Meeting{follow(1, 9, "2027-01-05", siapekspor.OutcomeSampleRequested, "Kirim sampel 2 kg\x00; =1+1"), follow(2, 10, "", siapekspor.OutcomeInterested, "")}}
}

func TestReportXLSX(t *testing.T) {
	ix := refdata.DefaultRegionIndex()
	regency := func(code string) string { g, _ := ix.ByCode(code); return g.Name }
	for _, c := range []struct {
		p      i18n.Printer
		sheets []string
	}{
		{idP, []string{"Ringkasan", "Kabupaten-Kota", "Sektor", "Tindak lanjut"}},
		{enP, []string{"Summary", "Regencies-Cities", "Sectors", "Follow-ups"}},
	} {
		var b bytes.Buffer
		if err := eventdoc.WriteReportXLSX(&b, testReport(), c.p); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		if got := x.GetSheetList(); strings.Join(got, "|") != strings.Join(c.sheets, "|") {
			t.Fatalf("%s: sheets %v", c.p.Lang, got)
		}
		cell := func(sheet, ref string) string {
			v, err := x.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		number := func(sheet, ref, want string) {
			t.Helper()
			typ, _ := x.GetCellType(sheet, ref)
			if got := cell(sheet, ref); got != want || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
				t.Errorf("%s %s!%s = %q (type %v), want the number %s", c.p.Lang, sheet, ref, got, typ, want)
			}
		}
		text := func(sheet, ref, want string) {
			t.Helper()
			if got := cell(sheet, ref); got != want {
				t.Errorf("%s %s!%s = %q, want %q", c.p.Lang, sheet, ref, got, want)
			}
		}
		s := c.sheets
		// The summary: label, value.
		text(s[0], "A1", c.p.T("eventdoc.fig.figure"))
		text(s[0], "B2", "Temu Bisnis Kopi & Rempah Lampung 2026")
		text(s[0], "B3", c.p.T("event.kind.business_matching"))
		for ref, want := range map[string]string{"B5": "30", "B6": "8", "B7": "33", "B8": "120", "B9": "90", "B10": "24", "B11": "18",
			"B12": "3", "B13": "3", "B14": "6", "B15": "6", "B16": "3", "B17": "3", "B18": "15"} {
			number(s[0], ref, want)
		}
		text(s[0], "A14", c.p.T("event.outcome.interested"))
		text(s[0], "A17", c.p.T("event.outcome.no_fit"))
		text(s[0], "A18", c.p.T("eventdoc.fig.follow_ups"))
		// By regency: names from refdata, an unknown code, the total.
		text(s[1], "A2", "18.71")
		text(s[1], "B2", regency("18.71"))
		text(s[1], "B3", regency("18.01"))
		text(s[1], "B4", c.p.T("eventdoc.unknown"))
		text(s[1], "B5", c.p.T("eventdoc.total"))
		text(s[1], "H1", c.p.T("event.outcome.interested"))
		number(s[1], "C2", "4")
		number(s[1], "D2", "16")
		number(s[1], "L2", "10")
		number(s[1], "D5", "24")
		// By sector: the catalogue's label, "" unknown.
		text(s[2], "A2", c.p.T("sector.coffee"))
		text(s[2], "A3", c.p.T("eventdoc.unknown"))
		text(s[2], "A4", c.p.T("eventdoc.total"))
		number(s[2], "B2", "4")
		// Follow-ups: the time and date as dates, the names on one line.
		number(s[3], "A2", "46371.375") // 15 December 2026 09.00 (WIB)
		number(s[3], "E2", "46392")     // 5 January 2027
		text(s[3], "E3", "")
		text(s[3], "B2", "CV Kopi Tani")
		text(s[3], "D2", c.p.T("event.outcome.sample_requested"))
		text(s[3], "F2", "Kirim sampel 2 kg ; =1+1")
		if f, _ := x.GetCellFormula(s[3], "F2"); f != "" {
			t.Errorf("a note became a formula: %q", f)
		}
		if v, _ := x.GetCellValue(s[3], "A2"); v != "2026-12-15 09:00" {
			t.Errorf("the time shows as %q", v)
		}
		for _, sh := range s {
			id, _ := x.GetCellStyle(sh, "A1")
			st, err := x.GetStyle(id)
			if err != nil || st.Font == nil || !st.Font.Bold {
				t.Errorf("%s: the header is not bold", sh)
			}
			p, err := x.GetPanes(sh)
			if err != nil || !p.Freeze || p.YSplit != 1 {
				t.Errorf("%s: the header row is not frozen: %+v", sh, p)
			}
		}
		x.Close()
	}
}

func TestReportXLSXEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := eventdoc.WriteReportXLSX(&b, &siapekspor.EventReport{}, idP); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if rows, _ := x.GetRows("Tindak lanjut"); len(rows) != 1 {
		t.Errorf("follow-ups %v", rows)
	}
}
