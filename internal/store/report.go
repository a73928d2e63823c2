package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/funnel"
)

// The monthly report's figures (issue 18, item 6): what the provincial
// office did and saw in one month, read straight from the records (the
// summary counts are kept by year, a month needs the dated rows). The
// report itself — targets measured, map classes, the three outputs — is
// assembled in internal/report.

// MonthlyQuery selects a month of a province: records dated From ≤ d < To
// (days), the funnel as of the day before To, and certificates expiring
// in the ExpiringDays days after the month (from To on).
type MonthlyQuery struct {
	Province     string
	From, To     time.Time // first day of the month, first day of the next (UTC days)
	ExpiringDays int
}

// RegionKindCount is one regency's (and kind's) registered enterprises and
// those that had reached a first export, as of the month's end.
type RegionKindCount struct {
	RegencyCode string
	Kind        siapekspor.EnterpriseKind
	Registered  int64
	Exporting   int64
}

// DestinationCount is one destination's export records in the month.
type DestinationCount struct {
	ISO3     string
	NameID   string
	NameEN   string
	Records  int64
	USDCents int64
}

// MonthlyFigures are the month's raw figures.
type MonthlyFigures struct {
	// FirstRegistered: when the province's first enterprise was registered
	// (zero when it has none): a month before it has no report.
	FirstRegistered time.Time
	Funnel          funnel.Counts // Reached only: by the month's end
	Regions         []RegionKindCount
	// Training: sessions held in the month, attendances marked present,
	// distinct enterprises present, enrolments completed among those whose
	// stage ended in the month.
	TrainingSessions, TrainingPresent, TrainingEnterprises, TrainingCompleted int64
	// Mentoring: activities dated in the month, distinct enterprises,
	// assistance cases opened and closed in the month.
	MentoringActivities, MentoringEnterprises, CasesOpened, CasesClosed int64
	// Business-matching events: events with a meeting held in the month
	// (an enterprise in scope at the table), those meetings, the distinct
	// enterprises that met a buyer, and the meetings that asked for a
	// follow-up (interested, sample requested, negotiation).
	EventsHeld, EventMeetings, EventEnterprises, EventFollowUps int64
	// Validations: review steps in the month, by the status they led to.
	Validations map[siapekspor.ValidationStatus]int64
	// Exports recorded in the month (by export date).
	ExportRecords, ExportEnterprises, ExportUSDCents, ExportIDR int64
	Destinations                                                []DestinationCount
	// Certificates: expiring within ExpiringDays after the month, by type;
	// expired during the month.
	Expiring map[siapekspor.CertificateType]int64
	Expired  int64
	// RegionCode: the region the figures cover — the province, or a
	// regency office's regency (or district) — and BinaanOrgID, when not
	// 0, the office whose own binaan elsewhere in the province are
	// counted too (the office's scope, as the funnel and the map read it).
	RegionCode  string
	BinaanOrgID int64
}

// monthlyScope is the part of the province the actor in ctx may read: the
// whole province (an admin, a viewer, a provincial office) or a regency
// office's region with its binaan; an owner, a mentor or an office of
// another province is refused.
func monthlyScope(ctx context.Context, province string) (region string, binaan int64, err error) {
	sc := siapekspor.ScopeOf(siapekspor.ActorFrom(ctx))
	switch {
	case sc.All || (sc.RegionCode != "" && sc.RegionCode == province):
		return province, 0, nil
	case sc.RegionCode != "" && strings.HasPrefix(sc.RegionCode, province+".") && sc.EnterpriseID == 0 && !sc.Mentor && !sc.None:
		return sc.RegionCode, sc.BinaanOrgID, nil
	}
	return "", 0, siapekspor.Errorf(siapekspor.EForbidden, "report.error.scope")
}

// monthlyCond is the SQL condition (on the enterprises aliased a) of the
// figures' scope, with its ? arguments.
func monthlyCond(a, province, region string, binaan int64) (string, []any) {
	if region == province {
		return a + ".province_code = ?", []any{province}
	}
	col := [...]string{"province_code", "regency_code", "district_code"}[min(strings.Count(region, "."), 2)]
	return a + ".province_code = ? AND (" + a + "." + col + " = ? OR " + a + ".binaan_org_id = ?)", []any{province, region, binaan}
}

// MonthlyFigures reads a month's figures within the actor's scope: the
// whole province for those who reach it, a regency office's region and its
// binaan for its officers (monthlyScope).
func (db *DB) MonthlyFigures(ctx context.Context, q MonthlyQuery) (*MonthlyFigures, error) {
	region, binaan, err := monthlyScope(ctx, q.Province)
	if err != nil {
		return nil, err
	}
	from, to := q.From.UTC().Format(time.DateOnly), q.To.UTC().Format(time.DateOnly)
	last := q.To.AddDate(0, 0, -1).UTC().Format(time.DateOnly)
	until := q.To.AddDate(0, 0, q.ExpiringDays).UTC().Format(time.DateOnly)
	p := q.Province
	f := &MonthlyFigures{Validations: map[siapekspor.ValidationStatus]int64{}, Expiring: map[siapekspor.CertificateType]int64{},
		RegionCode: region, BinaanOrgID: binaan}
	var first time.Time
	err = db.read.QueryRowContext(ctx, `SELECT created_at FROM enterprises WHERE province_code = $1 ORDER BY created_at LIMIT 1`, p).Scan(&first)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	f.FirstRegistered = first
	// A month's rows are few: each is checked against its enterprise's
	// scope by primary key (an IN over the province's ids would build
	// the whole list for every query: 0.2 s each on the demo province).
	peCond, sargs := monthlyCond("pe", p, region, binaan)
	eCond, _ := monthlyCond("e", p, region, binaan)
	inProvince := `enterprise_id = (SELECT pe.id FROM enterprises pe WHERE pe.id = enterprise_id AND ` + peCond + `)`
	with := func(args ...any) []any { return append(args, sargs...) } // the scope's arguments last
	each := func(query string, args []any, scan func(*sql.Rows) error) error {
		rows, err := db.read.QueryContext(ctx, numbered(query), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	one := func(query string, args []any, dst ...any) error {
		return db.read.QueryRowContext(ctx, numbered(query), args...).Scan(dst...)
	}
	// The funnel by the month's end, per regency and kind: registration is
	// created_at, every later stage the day enterprise_funnel holds. The
	// summary (funnel_counts) gives everything reached up to the end of the
	// month's year; what was reached after the month's last day, and the
	// stages of enterprises registered after the month (a stage dated
	// before its registration), are read from the rows and taken off —
	// few rows for a recent month, where reading the year's rows would be
	// most of them (docs/benchmarks.md, the monthly report).
	cells := map[[2]string]*funnel.Counts{}
	cell := func(code, kind string) *funnel.Counts {
		k := [2]string{code, kind}
		if cells[k] == nil {
			cells[k] = &funnel.Counts{}
		}
		return cells[k]
	}
	year := q.To.AddDate(0, 0, -1).UTC().Year()
	if err := db.monthlySummary(ctx, p, region, binaan, year, cell); err != nil {
		return nil, err
	}
	nextYear := time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	// Registered after the month, in its year.
	if err := each(`SELECT e.regency_code, e.kind, COUNT(*) FROM enterprises e WHERE e.created_at >= ? AND e.created_at < ? AND `+eCond+
		` GROUP BY e.regency_code, e.kind`, with(q.To.UTC(), nextYear), func(r *sql.Rows) error {
		var code, kind string
		var n int64
		if err := r.Scan(&code, &kind, &n); err != nil {
			return err
		}
		cell(code, kind)[funnel.Registered].Reached -= n
		return nil
	}); err != nil {
		return nil, err
	}
	// Stages reached after the month's last day in its year, and stages
	// by then of enterprises registered after the month.
	for _, cond := range []struct {
		sql  string
		args []any
	}{
		{`ef.reached_on > ? AND ef.reached_on < ?`, []any{last, nextYear.Format(time.DateOnly)}},
		{`ef.reached_on <= ? AND e.created_at >= ?`, []any{last, q.To.UTC()}},
	} {
		if err := each(`SELECT e.regency_code, e.kind, ef.stage, COUNT(*) FROM enterprise_funnel ef JOIN enterprises e ON e.id = ef.enterprise_id
			WHERE `+cond.sql+` AND `+eCond+` GROUP BY e.regency_code, e.kind, ef.stage`, with(cond.args...), func(r *sql.Rows) error {
			var code, kind string
			var stage int
			var n int64
			if err := r.Scan(&code, &kind, &stage, &n); err != nil {
				return err
			}
			if stage > 0 && stage < funnel.N {
				cell(code, kind)[stage].Reached -= n
			}
			return nil
		}); err != nil {
			return nil, err
		}
	}
	for k, c := range cells {
		for s := range c {
			f.Funnel[s].Reached += c[s].Reached
		}
		if c[funnel.Registered].Reached != 0 || c[funnel.FirstExport].Reached != 0 {
			f.Regions = append(f.Regions, RegionKindCount{RegencyCode: k[0], Kind: siapekspor.EnterpriseKind(k[1]),
				Registered: c[funnel.Registered].Reached, Exporting: c[funnel.FirstExport].Reached})
		}
	}
	sortRegionKinds(f.Regions)
	// Training: sessions held in the month (for a regency office, those
	// where one of its enterprises was present) and who was there.
	if region == p {
		if err := one(`SELECT COUNT(*) FROM training_sessions WHERE on_date >= ? AND on_date < ?`, []any{from, to}, &f.TrainingSessions); err != nil {
			return nil, err
		}
	}
	var sessions int64
	if err := one(`SELECT COUNT(*), COUNT(DISTINCT en.enterprise_id), COUNT(DISTINCT s.id) FROM attendance a
		JOIN training_sessions s ON s.id = a.session_id JOIN enrolments en ON en.id = a.enrolment_id
		WHERE a.present AND s.on_date >= ? AND s.on_date < ? AND en.`+inProvince, with(from, to),
		&f.TrainingPresent, &f.TrainingEnterprises, &sessions); err != nil {
		return nil, err
	}
	if region != p {
		f.TrainingSessions = sessions
	}
	if err := one(`SELECT COUNT(*) FROM enrolments en JOIN training_stages st ON st.id = en.stage_id
		WHERE en.completed AND st.ends_on >= ? AND st.ends_on < ? AND en.`+inProvince, with(from, to), &f.TrainingCompleted); err != nil {
		return nil, err
	}
	// Mentoring.
	if err := one(`SELECT COUNT(*), COUNT(DISTINCT enterprise_id) FROM mentoring_activities
		WHERE on_date >= ? AND on_date < ? AND `+inProvince, with(from, to), &f.MentoringActivities, &f.MentoringEnterprises); err != nil {
		return nil, err
	}
	if err := one(`SELECT COUNT(*) FROM assistance_cases WHERE opened_at >= ? AND opened_at < ? AND `+inProvince,
		with(q.From.UTC(), q.To.UTC()), &f.CasesOpened); err != nil {
		return nil, err
	}
	if err := one(`SELECT COUNT(*) FROM assistance_cases WHERE closed_at >= ? AND closed_at < ? AND `+inProvince,
		with(q.From.UTC(), q.To.UTC()), &f.CasesClosed); err != nil {
		return nil, err
	}
	// Events: meetings held in the month with an enterprise in scope.
	if err := one(`SELECT COUNT(DISTINCT m.event_id), COUNT(*), COUNT(DISTINCT e.id),
		COALESCE(SUM(CASE WHEN m.outcome IN ('interested', 'sample_requested', 'negotiation') THEN 1 ELSE 0 END), 0)
		FROM event_meetings m JOIN meeting_requests r ON r.id = m.request_id
		JOIN event_participants pe ON pe.id = r.enterprise_pid JOIN enterprises e ON e.id = pe.enterprise_id
		WHERE m.attendance = 'held' AND m.starts_at >= ? AND m.starts_at < ? AND `+eCond,
		with(q.From.UTC(), q.To.UTC()), &f.EventsHeld, &f.EventMeetings, &f.EventEnterprises, &f.EventFollowUps); err != nil {
		return nil, err
	}
	// Product validations: each step in the month by the status it led to.
	if err := each(`SELECT v.status, COUNT(*) FROM validations v JOIN products pr ON pr.id = v.product_id
		WHERE v.at >= ? AND v.at < ? AND pr.`+inProvince+` GROUP BY v.status`, with(q.From.UTC(), q.To.UTC()), func(r *sql.Rows) error {
		var st string
		var n int64
		if err := r.Scan(&st, &n); err != nil {
			return err
		}
		f.Validations[siapekspor.ValidationStatus(st)] = n
		return nil
	}); err != nil {
		return nil, err
	}
	// Export records by export date.
	if err := one(`SELECT COUNT(*), COUNT(DISTINCT enterprise_id), CAST(COALESCE(SUM(value_usd_cents), 0) AS BIGINT),
		CAST(COALESCE(SUM(value_idr), 0) AS BIGINT) FROM export_records WHERE export_date >= ? AND export_date < ? AND `+inProvince,
		with(from, to), &f.ExportRecords, &f.ExportEnterprises, &f.ExportUSDCents, &f.ExportIDR); err != nil {
		return nil, err
	}
	if err := each(`SELECT x.destination, COALESCE(c.name_id, ''), COALESCE(c.name_en, ''), COUNT(*), CAST(SUM(x.value_usd_cents) AS BIGINT)
		FROM export_records x LEFT JOIN countries c ON c.iso3 = x.destination
		WHERE x.export_date >= ? AND x.export_date < ? AND x.`+inProvince+`
		GROUP BY x.destination, c.name_id, c.name_en`, with(from, to), func(r *sql.Rows) error {
		var d DestinationCount
		if err := r.Scan(&d.ISO3, &d.NameID, &d.NameEN, &d.Records, &d.USDCents); err != nil {
			return err
		}
		f.Destinations = append(f.Destinations, d)
		return nil
	}); err != nil {
		return nil, err
	}
	// Certificates.
	if err := each(`SELECT type, COUNT(*) FROM certificates WHERE expires_on >= ? AND expires_on < ? AND `+inProvince+` GROUP BY type`,
		with(to, until), func(r *sql.Rows) error {
			var t string
			var n int64
			if err := r.Scan(&t, &n); err != nil {
				return err
			}
			f.Expiring[siapekspor.CertificateType(t)] = n
			return nil
		}); err != nil {
		return nil, err
	}
	if err := one(`SELECT COUNT(*) FROM certificates WHERE expires_on >= ? AND expires_on < ? AND `+inProvince,
		with(from, to), &f.Expired); err != nil {
		return nil, err
	}
	return f, nil
}

// monthlySummary adds funnel_counts' entries of years up to year, per
// regency and kind, within the figures' scope: the province's regencies,
// or a regency office's region and its binaan elsewhere in the province
// (the terms countTerms makes for the dashboard).
func (db *DB) monthlySummary(ctx context.Context, province, region string, binaan int64, year int, cell func(code, kind string) *funnel.Counts) error {
	type term struct {
		sign   int64
		region string // "" the province's regencies
		binaan int64
	}
	terms := []term{{1, "", 0}}
	if region != province {
		terms = []term{{1, region, 0}}
		if binaan != 0 {
			terms = append(terms, term{1, "", binaan}, term{-1, region, binaan})
		}
	}
	for _, t := range terms {
		w := &where{}
		key := "region_code"
		if t.region == "" {
			w.add(`region_code > ? AND region_code < ? AND LENGTH(region_code) = 5`, province+".", province+"/")
		} else {
			w.add("region_code = ?", t.region)
			key = "'" + t.region[:5] + "'" // a district office's rows count for its regency
		}
		if t.binaan != 0 {
			w.add("binaan_org_id = ?", t.binaan)
		}
		w.add("year <= ?", year)
		rows, err := db.readQuery(ctx, `SELECT `+key+`, kind, stage, CAST(SUM(n) AS BIGINT) FROM funnel_counts`+w.sql()+` GROUP BY 1, 2, 3`, w.args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var code, kind string
			var stage int
			var n int64
			if err := rows.Scan(&code, &kind, &stage, &n); err != nil {
				rows.Close()
				return err
			}
			if stage >= 0 && stage < funnel.N {
				cell(code, kind)[stage].Reached += t.sign * n
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func sortRegionKinds(rs []RegionKindCount) {
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].RegencyCode != rs[j].RegencyCode {
			return rs[i].RegencyCode < rs[j].RegencyCode
		}
		return rs[i].Kind < rs[j].Kind
	})
}

// numbered turns a query's ? placeholders into $1, $2, … (both engines).
func numbered(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
