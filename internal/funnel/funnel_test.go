package funnel

import (
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
)

func d(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// reach writes a path compactly: per stage "" (not reached), the date, or
// "~date" (undated: the registration date).
func reach(p Path) [N]string {
	var out [N]string
	for s, r := range p {
		switch {
		case !r.OK:
		case r.Dated:
			out[s] = r.At.Format("2006-01-02")
		default:
			out[s] = "~" + r.At.Format("2006-01-02")
		}
	}
	return out
}

func TestPathOf(t *testing.T) {
	reg := d("2024-01-06").Add(8 * time.Hour)
	step := func(to siapekspor.MatchStep, at string) StepAt { return StepAt{To: to, At: d(at)} }
	tests := []struct {
		name string
		f    Facts
		want [N]string
	}{
		{"only registered", Facts{Registered: reg}, [N]string{"2024-01-06"}},
		{"assessed twice: the first counts", Facts{Registered: reg, Assessments: []time.Time{d("2025-03-01"), d("2024-05-01")}},
			[N]string{"2024-01-06", "2024-05-01"}},
		{"training not completed does not count", Facts{Registered: reg, Enrolments: []Enrolment{{Completed: false, EndsOn: d("2025-08-03")}}},
			[N]string{"2024-01-06"}},
		{"trained as of the stage's last day, else when finished", Facts{Registered: reg, Assessments: []time.Time{d("2025-01-01")},
			Enrolments: []Enrolment{{Completed: true, UpdatedAt: d("2025-09-20")}, {Completed: true, EndsOn: d("2025-08-03"), UpdatedAt: d("2025-09-20")}}},
			[N]string{"2024-01-06", "2025-01-01", "2025-08-03"}},
		{"a product submitted or rejected is not validated", Facts{Registered: reg, Products: []Product{{Validation: siapekspor.ValidationSubmitted}, {Validation: siapekspor.ValidationRejected, ValidatedAt: d("2025-02-02")}}},
			[N]string{"2024-01-06"}},
		{"an exporter never assessed passed the earlier stages on its export's date", Facts{Registered: reg, ExportDates: []time.Time{d("2025-06-01")}, ExportStatus: siapekspor.ExportFirst},
			[N]string{"2024-01-06", "2025-06-01", "2025-06-01", "2025-06-01", "2025-06-01", "2025-06-01", "2025-06-01", "2025-06-01"}},
		{"exports in two years make a regular exporter as of the later year's first", Facts{Registered: reg,
			ExportDates: []time.Time{d("2025-11-01"), d("2025-03-01"), d("2026-02-01"), d("2026-01-15")}, ExportStatus: siapekspor.ExportRegular},
			[N]string{"2024-01-06", "2025-03-01", "2025-03-01", "2025-03-01", "2025-03-01", "2025-03-01", "2025-03-01", "2025-03-01", "2026-01-15"}},
		{"a status set by hand has no date", Facts{Registered: reg, ExportStatus: siapekspor.ExportRegular},
			[N]string{"2024-01-06", "~2024-01-06", "~2024-01-06", "~2024-01-06", "~2024-01-06", "~2024-01-06", "~2024-01-06", "~2024-01-06", "~2024-01-06"}},
		{"ready is not an export", Facts{Registered: reg, ExportStatus: siapekspor.ExportReady}, [N]string{"2024-01-06"}},
		{"an undated later stage takes the next dated one", Facts{Registered: reg, Assessments: []time.Time{d("2025-01-01")}, ExportStatus: siapekspor.ExportFirst},
			[N]string{"2024-01-06", "2025-01-01", "~2024-01-06", "~2024-01-06", "~2024-01-06", "~2024-01-06", "~2024-01-06", "~2024-01-06"}},
		{"a match: matched, met and contract from its history", Facts{Registered: reg, Products: []Product{{Validation: siapekspor.ValidationApproved, ValidatedAt: d("2025-04-01")}},
			Matches: []Match{{CreatedAt: d("2025-05-01"), Step: siapekspor.StepShipped, StepAt: d("2025-09-01"), Steps: []StepAt{
				step(siapekspor.StepShortlisted, "2025-05-01"), step(siapekspor.StepIntroduced, "2025-05-02"), step(siapekspor.StepAccepted, "2025-05-10"),
				step(siapekspor.StepMeeting, "2025-06-01"), step(siapekspor.StepContract, "2025-07-01"), step(siapekspor.StepShipped, "2025-09-01")}}}},
			[N]string{"2024-01-06", "2025-04-01", "2025-04-01", "2025-04-01", "2025-05-01", "2025-06-01", "2025-07-01"}},
		{"a move that skips the meeting reaches it too", Facts{Registered: reg,
			Matches: []Match{{CreatedAt: d("2025-05-01"), Step: siapekspor.StepNegotiation, StepAt: d("2025-06-03"), Steps: []StepAt{
				step(siapekspor.StepShortlisted, "2025-05-01"), step(siapekspor.StepNegotiation, "2025-06-03")}}}},
			[N]string{"2024-01-06", "2025-05-01", "2025-05-01", "2025-05-01", "2025-05-01", "2025-06-03"}},
		{"a match lost after the meeting still met the buyer", Facts{Registered: reg,
			Matches: []Match{{CreatedAt: d("2025-05-01"), Step: siapekspor.StepLost, LostFrom: siapekspor.StepNegotiation, StepAt: d("2025-07-01"), Steps: []StepAt{
				step(siapekspor.StepShortlisted, "2025-05-01"), step(siapekspor.StepMeeting, "2025-06-01"), step(siapekspor.StepLost, "2025-07-01")}}}},
			[N]string{"2024-01-06", "2025-05-01", "2025-05-01", "2025-05-01", "2025-05-01", "2025-06-01"}},
		{"a match lost at the introduction did not", Facts{Registered: reg,
			Matches: []Match{{CreatedAt: d("2025-05-01"), Step: siapekspor.StepLost, LostFrom: siapekspor.StepIntroduced, StepAt: d("2025-07-01"), Steps: []StepAt{
				step(siapekspor.StepShortlisted, "2025-05-01"), step(siapekspor.StepLost, "2025-07-01")}}}},
			[N]string{"2024-01-06", "2025-05-01", "2025-05-01", "2025-05-01", "2025-05-01"}},
		{"without history the current step's date", Facts{Registered: reg,
			Matches: []Match{{CreatedAt: d("2025-05-01"), Step: siapekspor.StepContract, StepAt: d("2025-08-01")}}},
			[N]string{"2024-01-06", "2025-05-01", "2025-05-01", "2025-05-01", "2025-05-01", "2025-08-01", "2025-08-01"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := reach(PathOf(tt.f)); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestPathMonotone(t *testing.T) {
	p := PathOf(Facts{Registered: d("2024-01-01"), Assessments: []time.Time{d("2025-06-01")}, ExportDates: []time.Time{d("2025-02-01")}})
	// The export came before the assessment: the firm reached "assessed or
	// beyond" on the export's date.
	if p[Assessed].At != d("2025-02-01") {
		t.Errorf("assessed at %v, want the export's date", p[Assessed].At)
	}
	for s := 1; s < N; s++ {
		if p[s].OK && (!p[s-1].OK || p[s-1].At.After(p[s].At)) {
			t.Errorf("stage %d reached before stage %d", s, s-1)
		}
	}
	if p.Furthest() != FirstExport {
		t.Errorf("furthest %v", p.Furthest())
	}
	if !p.ReachedBy(FirstExport, d("2025-02-01")) || p.ReachedBy(FirstExport, d("2025-01-31")) {
		t.Error("ReachedBy is wrong on the day")
	}
}

func TestEntries(t *testing.T) {
	p := PathOf(Facts{Registered: d("2024-01-01"), Assessments: []time.Time{d("2024-01-31")}, ExportStatus: siapekspor.ExportFirst})
	got := p.Entries()
	want := []Entry{
		{Registered, 2024, true, 30},
		{Assessed, 2024, false, 0}, // the next stage is undated
		{Trained, 2024, false, 0}, {Validated, 2024, false, 0}, {Matched, 2024, false, 0},
		{MetBuyer, 2024, false, 0}, {Contract, 2024, false, 0}, {FirstExport, 2024, false, 0},
	}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d: got %+v want %+v", i, got[i], want[i])
		}
	}
}

func TestRows(t *testing.T) {
	var c Counts
	for _, f := range []Facts{
		{Registered: d("2024-01-01")},
		{Registered: d("2024-01-01"), Assessments: []time.Time{d("2024-01-11")}},
		{Registered: d("2024-01-01"), Assessments: []time.Time{d("2024-01-21")}, ExportDates: []time.Time{d("2024-03-01")}},
		{Registered: d("2024-01-01"), ExportStatus: siapekspor.ExportRegular},
	} {
		for _, e := range PathOf(f).Entries() {
			c[e.Stage].Add(e, 1)
		}
	}
	rows := Rows(c)
	if rows[Registered].Reached != 4 || rows[Registered].Here != 1 || rows[Registered].Conversion != -1 {
		t.Errorf("registered %+v", rows[Registered])
	}
	if rows[Assessed].Reached != 3 || rows[Assessed].Conversion != 0.75 || rows[Assessed].Here != 1 {
		t.Errorf("assessed %+v", rows[Assessed])
	}
	// Registered → assessed: 10 and 20 days (the hand-set exporter has no date).
	if rows[Registered].AvgDays != 15 || rows[Registered].Timed != 2 {
		t.Errorf("registered days %+v", rows[Registered])
	}
	if rows[FirstExport].Reached != 2 || rows[RegularExporter].Reached != 1 || rows[RegularExporter].Share != 0.25 {
		t.Errorf("exports %+v %+v", rows[FirstExport], rows[RegularExporter])
	}
	// Taking the entries away again leaves nothing.
	for _, e := range PathOf(Facts{Registered: d("2024-01-01"), ExportStatus: siapekspor.ExportRegular}).Entries() {
		c[e.Stage].Add(e, -1)
	}
	if c[RegularExporter] != (Cell{}) || c[Registered].Reached != 3 {
		t.Errorf("after taking away: %+v", c)
	}
}

func TestGoalAndGap(t *testing.T) {
	tests := []struct {
		percent               float64
		count, denom, current int64
		goal, gap             int64
	}{
		{30, 0, 100, 20, 30, 10},
		{30, 0, 95001, 20, 28501, 28481},
		{30, 0, 95000, 20, 28500, 28480},
		{0.1, 0, 1000, 5, 1, 0},
		{0, 150, 0, 20, 150, 130},
		{30, 0, 0, 0, 0, 0},
		{100, 0, 7, 7, 7, 0},
	}
	for _, tt := range tests {
		g := Goal(tt.percent, tt.count, tt.denom)
		if g != tt.goal || Gap(g, tt.current) != tt.gap {
			t.Errorf("Goal(%v, %d, %d) = %d gap %d; want %d gap %d", tt.percent, tt.count, tt.denom, g, Gap(g, tt.current), tt.goal, tt.gap)
		}
	}
	if Progress(0, 3) != -1 || Progress(30, 15) != 0.5 {
		t.Error("progress")
	}
}

func TestStageKeys(t *testing.T) {
	for _, s := range Stages {
		if got, ok := ParseStage(s.Key()); !ok || got != s {
			t.Errorf("%d: %q", s, s.Key())
		}
	}
	if _, ok := ParseStage("exported"); ok {
		t.Error("unknown key parsed")
	}
}

func TestPassedOverStagesHaveNoTime(t *testing.T) {
	p := PathOf(Facts{Registered: d("2024-01-01"), Assessments: []time.Time{d("2024-02-01")}, ExportDates: []time.Time{d("2024-05-01")}})
	got := p.Entries()
	if !got[Registered].Moved || got[Registered].Days != 31 {
		t.Errorf("registered: %+v", got[Registered])
	}
	if !got[Assessed].Moved || got[Assessed].Days != 90 {
		t.Errorf("assessed → passed over to the export: %+v", got[Assessed])
	}
	for _, s := range []Stage{Trained, Validated, Matched, MetBuyer, Contract} {
		if got[s].Moved {
			t.Errorf("%s was passed over but has a time: %+v", s.Key(), got[s])
		}
	}
}
