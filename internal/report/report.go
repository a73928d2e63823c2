// Package report assembles the provincial office's monthly report (issue
// 18, item 6) from the month's figures the store reads, and writes it as a
// PDF and an XLSX; the printable page renders the same Report. The rules —
// which month may be asked for, how targets are measured as of the month's
// end, how the map's classes are cut — live here, away from HTTP and SQL.
package report

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/funnel"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
)

// ExpiringDays: the report lists certificates expiring within this many
// days after the month's end (the certificates page's default window).
const ExpiringDays = siapekspor.DefaultExpiryWarningDays

// Month is a calendar month.
type Month struct {
	Year  int
	Month time.Month
}

// String is the month as written in URLs and flags: 2026-11.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// MarshalJSON writes the month as in URLs: "2026-11".
func (m Month) MarshalJSON() ([]byte, error) { return []byte(`"` + m.String() + `"`), nil }

// From is the month's first day (UTC midnight).
func (m Month) From() time.Time { return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, time.UTC) }

// To is the next month's first day.
func (m Month) To() time.Time { return m.From().AddDate(0, 1, 0) }

// Last is the month's last day.
func (m Month) Last() time.Time { return m.To().AddDate(0, 0, -1) }

// Label is the month in words: "November 2026".
func (m Month) Label(l i18n.Lang) string {
	d := i18n.Printer{Lang: l}.Date(m.From()) // "1 November 2026"
	for i := 0; i < len(d); i++ {
		if d[i] == ' ' {
			return d[i+1:]
		}
	}
	return d
}

// today is the province's current day at now.
func today(now time.Time) time.Time {
	t := now.In(i18n.Zone)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// ParseMonth reads a month written YYYY-MM. A malformed month, or one after
// the current month (in the province's time), is refused naming the field
// "month"; the current month is allowed (its figures so far).
func ParseMonth(s string, now time.Time) (Month, error) {
	bad := siapekspor.FieldInvalid("month", "report.error.month_format", s)
	if len(s) != 7 || s[4] != '-' {
		return Month{}, bad
	}
	y, err1 := strconv.Atoi(s[:4])
	mo, err2 := strconv.Atoi(s[5:])
	if err1 != nil || err2 != nil || y < 1900 || mo < 1 || mo > 12 {
		return Month{}, bad
	}
	m := Month{y, time.Month(mo)}
	t := today(now)
	cur := Month{t.Year(), t.Month()}
	if m.From().After(cur.From()) {
		return Month{}, siapekspor.FieldInvalid("month", "report.error.month_future", s, cur.String())
	}
	return m, nil
}

// Query is the store query of a month.
func Query(province string, m Month) store.MonthlyQuery {
	return store.MonthlyQuery{Province: province, From: m.From(), To: m.To(), ExpiringDays: ExpiringDays}
}

// Region is one regency or city on the map.
type Region struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Registered int64  `json:"registered"`
	Exporting  int64  `json:"exporting"`
	// Share: Exporting over Registered, 0–1 (-1 with none registered).
	Share float64 `json:"share"`
	// Class: the quantile class, 0–len(Palette)-1; -1 without a share or a
	// share of nothing (drawn grey).
	Class int `json:"class"`
}

// Palette is the map's classes, lightest first: ColorBrewer's YlGnBu, as
// /map draws them; NoData is grey.
var Palette = []string{"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"}

// NoData is the colour of a region without a share.
const NoData = "#d9d9d9"

// Class is one legend entry: shares from Lo to Hi.
type Class struct {
	Color string  `json:"color"`
	Lo    float64 `json:"lo"`
	Hi    float64 `json:"hi"`
}

// Destination is one destination's records in the month.
type Destination struct {
	ISO3     string `json:"iso3"`
	NameID   string `json:"name_id"`
	NameEN   string `json:"name_en"`
	Records  int64  `json:"records"`
	USDCents int64  `json:"usd_cents"`
}

// Count is a labelled count (a certificate type, a validation status).
type Count struct {
	Key string `json:"key"`
	N   int64  `json:"n"`
}

// Report is the month's report as every output shows it.
type Report struct {
	Month        Month  `json:"month"`
	ProvinceCode string `json:"province_code"`
	ProvinceName string `json:"province_name"`
	// RegionCode and RegionName: what the report covers — the province, or
	// a regency office's regency; Binaan: the office's own binaan elsewhere
	// in the province are counted too (BinaanOrgID the office).
	RegionCode  string `json:"region_code"`
	RegionName  string `json:"region_name"`
	Binaan      bool   `json:"binaan"`
	BinaanOrgID int64  `json:"binaan_org_id,omitempty"`
	// AsOf: the day the funnel is counted by (the month's last day, or
	// today for the current month); Partial when that is today.
	AsOf    time.Time               `json:"as_of"`
	Partial bool                    `json:"partial"`
	Made    time.Time               `json:"made"` // when the report was made
	Funnel  []funnel.Row            `json:"funnel"`
	Targets []*store.TargetProgress `json:"targets"`
	Regions []Region                `json:"regions"`
	Legend  []Class                 `json:"legend"`
	// Training and mentoring done in the month.
	TrainingSessions     int64 `json:"training_sessions"`
	TrainingPresent      int64 `json:"training_present"`
	TrainingEnterprises  int64 `json:"training_enterprises"`
	TrainingCompleted    int64 `json:"training_completed"`
	MentoringActivities  int64 `json:"mentoring_activities"`
	MentoringEnterprises int64 `json:"mentoring_enterprises"`
	CasesOpened          int64 `json:"cases_opened"`
	CasesClosed          int64 `json:"cases_closed"`
	// Business-matching events (store.MonthlyFigures).
	EventsHeld       int64 `json:"events_held"`
	EventMeetings    int64 `json:"event_meetings"`
	EventEnterprises int64 `json:"event_enterprises"`
	EventFollowUps   int64 `json:"event_follow_ups"`
	// Validations: review steps by the status they led to (submitted,
	// approved, rejected), in that order.
	Validations []Count `json:"validations"`
	// Exports recorded in the month.
	ExportRecords     int64         `json:"export_records"`
	ExportEnterprises int64         `json:"export_enterprises"`
	ExportUSDCents    int64         `json:"export_usd_cents"`
	ExportIDR         int64         `json:"export_idr"`
	Destinations      []Destination `json:"destinations"`
	// Certificates expiring in the ExpiringDays after the month, by type
	// (most first), their total, and those that expired in the month.
	ExpiringDays  int     `json:"expiring_days"`
	Expiring      []Count `json:"expiring"`
	ExpiringTotal int64   `json:"expiring_total"`
	Expired       int64   `json:"expired"`
}

// Build assembles the report of month m from its figures and the current
// targets (targets of years before the month are left out). A month that
// ends before the province's first registered enterprise has no report.
func Build(m Month, province string, now time.Time, f *store.MonthlyFigures, targets []*siapekspor.Target) (*Report, error) {
	if f.FirstRegistered.IsZero() || !f.FirstRegistered.Before(m.To()) {
		first := "–"
		if !f.FirstRegistered.IsZero() {
			first = Month{f.FirstRegistered.Year(), f.FirstRegistered.Month()}.String()
		}
		return nil, siapekspor.FieldInvalid("month", "report.error.month_before_data", m.String(), first)
	}
	r := &Report{Month: m, ProvinceCode: province, Made: now.UTC(), AsOf: m.Last(), ExpiringDays: ExpiringDays,
		RegionCode: f.RegionCode, BinaanOrgID: f.BinaanOrgID, Binaan: f.BinaanOrgID != 0,
		Targets: []*store.TargetProgress{}, Legend: []Class{}, Destinations: []Destination{}, Expiring: []Count{}}
	if r.RegionCode == "" {
		r.RegionCode = province
	}
	ix := refdata.DefaultRegionIndex()
	if p, ok := ix.ByCode(province); ok {
		r.ProvinceName = p.Name
	}
	r.RegionName = r.ProvinceName
	if g, ok := ix.ByCode(r.RegionCode); ok {
		r.RegionName = g.Name
	}
	if t := today(now); !t.After(m.Last()) {
		r.AsOf, r.Partial = t, true
	}
	r.Funnel = funnel.Rows(f.Funnel)
	for i := range r.Funnel { // the month has no times in stages
		r.Funnel[i].AvgDays, r.Funnel[i].Timed = -1, 0
	}
	// The map: every regency/city of the province, with or without firms.
	byCode := map[string]*Region{}
	for _, c := range ix.Children(province) {
		r.Regions = append(r.Regions, Region{Code: c.Code, Name: c.Name, Share: -1, Class: -1})
	}
	for i := range r.Regions {
		byCode[r.Regions[i].Code] = &r.Regions[i]
	}
	for _, rk := range f.Regions {
		if g := byCode[rk.RegencyCode]; g != nil {
			g.Registered += rk.Registered
			g.Exporting += rk.Exporting
		}
	}
	var shares []float64
	for i := range r.Regions {
		g := &r.Regions[i]
		if g.Registered > 0 {
			g.Share = float64(g.Exporting) / float64(g.Registered)
			shares = append(shares, g.Share)
		}
	}
	breaks := QuantileBreaks(shares, len(Palette))
	for i := range r.Regions {
		g := &r.Regions[i]
		if g.Share > 0 {
			g.Class = classOf(g.Share, breaks)
		}
	}
	if l := legend(shares, breaks); l != nil {
		r.Legend = l
	}
	// Targets, measured by the month's end.
	for _, t := range targets {
		if t.Removed || t.Year < m.Year || !within(t.RegionCode, r.RegionCode) {
			continue
		}
		r.Targets = append(r.Targets, measure(t, f.Regions, ix))
	}
	sort.SliceStable(r.Targets, func(i, j int) bool {
		a, b := r.Targets[i].Target, r.Targets[j].Target
		if a.RegionCode != b.RegionCode {
			return a.RegionCode < b.RegionCode
		}
		if a.Year != b.Year {
			return a.Year < b.Year
		}
		return a.Population < b.Population
	})
	r.TrainingSessions, r.TrainingPresent, r.TrainingEnterprises, r.TrainingCompleted = f.TrainingSessions, f.TrainingPresent, f.TrainingEnterprises, f.TrainingCompleted
	r.MentoringActivities, r.MentoringEnterprises, r.CasesOpened, r.CasesClosed = f.MentoringActivities, f.MentoringEnterprises, f.CasesOpened, f.CasesClosed
	r.EventsHeld, r.EventMeetings, r.EventEnterprises, r.EventFollowUps = f.EventsHeld, f.EventMeetings, f.EventEnterprises, f.EventFollowUps
	for _, st := range []siapekspor.ValidationStatus{siapekspor.ValidationSubmitted, siapekspor.ValidationApproved, siapekspor.ValidationRejected} {
		r.Validations = append(r.Validations, Count{string(st), f.Validations[st]})
	}
	r.ExportRecords, r.ExportEnterprises, r.ExportUSDCents, r.ExportIDR = f.ExportRecords, f.ExportEnterprises, f.ExportUSDCents, f.ExportIDR
	for _, d := range f.Destinations {
		r.Destinations = append(r.Destinations, Destination(d))
	}
	sort.Slice(r.Destinations, func(i, j int) bool {
		a, b := r.Destinations[i], r.Destinations[j]
		if a.USDCents != b.USDCents {
			return a.USDCents > b.USDCents
		}
		return a.ISO3 < b.ISO3
	})
	for t, n := range f.Expiring {
		r.Expiring = append(r.Expiring, Count{string(t), n})
		r.ExpiringTotal += n
	}
	sort.Slice(r.Expiring, func(i, j int) bool {
		if r.Expiring[i].N != r.Expiring[j].N {
			return r.Expiring[i].N > r.Expiring[j].N
		}
		return r.Expiring[i].Key < r.Expiring[j].Key
	})
	r.Expired = f.Expired
	return r, nil
}

// Regional reports whether the report covers a regency office's region
// rather than the whole province.
func (r *Report) Regional() bool { return r.RegionCode != r.ProvinceCode }

// Covers says what the report covers, for a regional report ("" for the
// province's, whose title says it).
func (r *Report) Covers(p i18n.Printer) string {
	switch {
	case !r.Regional():
		return ""
	case r.Binaan:
		return p.T("report.covers_binaan", r.RegionName, r.ProvinceName)
	}
	return p.T("report.covers", r.RegionName)
}

// measure measures a target on the month-end counts: its population's
// enterprises in its region that had reached a first export, of the
// registered ones (or the stated denominator).
func measure(t *siapekspor.Target, regions []store.RegionKindCount, ix *refdata.RegionIndex) *store.TargetProgress {
	p := &store.TargetProgress{Target: t, AsOfYear: t.Year}
	if reg, ok := ix.ByCode(t.RegionCode); ok {
		p.RegionName = reg.Name
	}
	for _, rk := range regions {
		if len(t.RegionCode) > 2 && rk.RegencyCode != t.RegionCode {
			continue
		}
		if k := t.Kind(); k != "" && rk.Kind != k {
			continue
		}
		p.Exporters += rk.Exporting
		p.Denominator += rk.Registered
	}
	if t.Denominator == siapekspor.DenominatorStated {
		p.Denominator = t.DenominatorCount
	}
	p.Goal = funnel.Goal(t.Percent, t.Count, p.Denominator)
	p.Gap = funnel.Gap(p.Goal, p.Exporters)
	p.Progress = funnel.Progress(p.Goal, p.Exporters)
	p.Share = -1
	if p.Denominator > 0 {
		p.Share = float64(p.Exporters) / float64(p.Denominator)
	}
	return p
}

// within reports whether code is region or lies in it (a regency office's
// report measures its regency's targets, not the province's).
func within(code, region string) bool {
	return code == region || strings.HasPrefix(code, region+".")
}

// QuantileBreaks are the upper bounds of each class but the last (k
// classes) of the values' quantiles, without repeats: the rule /map's
// script follows (static/map.js), so page and PDF colour alike. Zero
// shares are left out (they are drawn grey).
func QuantileBreaks(vals []float64, k int) []float64 {
	var s []float64
	for _, v := range vals {
		if v > 0 {
			s = append(s, v)
		}
	}
	sort.Float64s(s)
	var out []float64
	for i := 1; i < k && len(s) > 0; i++ {
		idx := (i*len(s)+k-1)/k - 1
		if idx >= len(s) {
			idx = len(s) - 1
		}
		if idx < 0 {
			idx = 0
		}
		b := s[idx]
		if b < s[len(s)-1] && (len(out) == 0 || out[len(out)-1] != b) {
			out = append(out, b)
		}
	}
	return out
}

func classOf(v float64, breaks []float64) int {
	for i, b := range breaks {
		if v <= b {
			return i
		}
	}
	return len(breaks)
}

// legend describes the classes in use (from the lowest positive share to
// the highest).
func legend(vals []float64, breaks []float64) []Class {
	var s []float64
	for _, v := range vals {
		if v > 0 {
			s = append(s, v)
		}
	}
	if len(s) == 0 {
		return nil
	}
	sort.Float64s(s)
	var out []Class
	lo := s[0]
	for i := 0; i <= len(breaks); i++ {
		hi := s[len(s)-1]
		if i < len(breaks) {
			hi = breaks[i]
		}
		out = append(out, Class{Color: Palette[i], Lo: lo, Hi: hi})
		for _, v := range s { // the next class starts at the next value above
			if v > hi {
				lo = v
				break
			}
		}
	}
	return out
}

// PctOf writes a share as a percentage with one decimal (0.0153: 1,5%).
func PctOf(p i18n.Printer, share float64) string {
	if share < 0 {
		return "–"
	}
	return p.Dec1(share*100) + "%"
}

// LegendPct writes a map class's bound: as PctOf, but with two decimals
// under 1% (shares of 0.1–0.2% would read as the same class otherwise).
func LegendPct(p i18n.Printer, share float64) string {
	if share >= 0 && share < 0.01 {
		return p.Dec(share*100) + "%"
	}
	return PctOf(p, share)
}

// Make reads and assembles the report of month (YYYY-MM) for province,
// as the actor in ctx, at the store's clock.
func Make(ctx context.Context, db *store.DB, province, month string) (*Report, error) {
	now := db.Now()
	m, err := ParseMonth(month, now)
	if err != nil {
		return nil, err
	}
	f, err := db.MonthlyFigures(ctx, Query(province, m))
	if err != nil {
		return nil, err
	}
	targets, err := db.Targets(ctx, store.TargetFilter{})
	if err != nil {
		return nil, err
	}
	return Build(m, province, now, f, targets)
}

// LastMonth is the month before the current one (in the province's time):
// the report a schedule makes on the first of a month.
func LastMonth(now time.Time) Month {
	t := today(now)
	p := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
	return Month{p.Year(), p.Month()}
}
