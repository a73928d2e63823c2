package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/funnel"
)

// The funnel's summary figures (migration 0030): funnel_counts holds, per
// region level and dashboard column, how many enterprises reached each
// stage in each year, and enterprise_funnel each enterprise's stages beyond
// registered. Both change with recount (every write that changes what the
// funnel reads calls it before and after, in its transaction: the registry,
// assessments, products, export records, matches, the training's
// completions) and countNew (new enterprises). What a stage is lives in
// internal/funnel; this file only gathers its facts and adds up its entries.

// funnelKey is one row of funnel_counts.
type funnelKey struct {
	region, sector, kind, size string
	binaan                     int64
	readiness                  string
	stage, year                int
}

// funnelSubject is one enterprise as the funnel's summary sees it.
type funnelSubject struct {
	id                          int64
	province, regency, district string
	sector, kind, size, level   string
	binaan                      int64
	facts                       funnel.Facts
	matchIndex                  map[int64]int
}

func (s *funnelSubject) regions() []string {
	r := []string{"", s.province, s.regency, s.district}
	if s.district == "" {
		r = r[:3]
	}
	return r
}

// funnelFacts reads the facts of the enterprises cond selects (SQL on
// enterprises e, $1… for args).
func (db *DB) funnelFacts(ctx context.Context, q queryer, cond string, args ...any) (map[int64]*funnelSubject, error) {
	if cond == "" {
		cond = "1 = 1"
	}
	out := map[int64]*funnelSubject{}
	ids := `(SELECT e.id FROM enterprises e WHERE ` + cond + `)`
	each := func(query string, scan func(rows *sql.Rows) error) error {
		rows, err := q.QueryContext(ctx, query, args...)
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
	err := each(`SELECT e.id, e.province_code, e.regency_code, COALESCE(e.district_code, ''), e.sector, e.kind, e.size_class,
		COALESCE(e.binaan_org_id, 0), COALESCE(r.level, ''), e.created_at, e.export_status
		FROM enterprises e LEFT JOIN enterprise_readiness r ON r.enterprise_id = e.id WHERE `+cond, func(rows *sql.Rows) error {
		s := &funnelSubject{}
		var status string
		if err := rows.Scan(&s.id, &s.province, &s.regency, &s.district, &s.sector, &s.kind, &s.size, &s.binaan, &s.level,
			&s.facts.Registered, &status); err != nil {
			return err
		}
		s.facts.ExportStatus = siapekspor.ExportStatus(status)
		out[s.id] = s
		return nil
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	var id int64
	err = each(`SELECT a.enterprise_id, a.created_at FROM assessments a WHERE a.enterprise_id IN `+ids, func(rows *sql.Rows) error {
		var t time.Time
		if err := rows.Scan(&id, &t); err != nil {
			return err
		}
		if s := out[id]; s != nil {
			s.facts.Assessments = append(s.facts.Assessments, t)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = each(`SELECT n.enterprise_id, COALESCE(n.completed, FALSE), s.ends_on, n.updated_at
		FROM enrolments n JOIN training_stages s ON s.id = n.stage_id WHERE n.enterprise_id IN `+ids, func(rows *sql.Rows) error {
		var en funnel.Enrolment
		var ends string
		if err := rows.Scan(&id, &en.Completed, &ends, &en.UpdatedAt); err != nil {
			return err
		}
		if t := parseDateText(ends); t != nil {
			en.EndsOn = *t
		}
		if s := out[id]; s != nil {
			s.facts.Enrolments = append(s.facts.Enrolments, en)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Drafts (nearly every product) cannot move an enterprise: they are
	// left out of the read, not out of the rule.
	err = each(`SELECT p.enterprise_id, p.validation, p.validated_at FROM products p
		WHERE p.validation <> 'draft' AND p.enterprise_id IN `+ids, func(rows *sql.Rows) error {
		var p funnel.Product
		var status string
		var at sql.NullTime
		if err := rows.Scan(&id, &status, &at); err != nil {
			return err
		}
		p.Validation = siapekspor.ValidationStatus(status)
		if at.Valid {
			p.ValidatedAt = at.Time
		}
		if s := out[id]; s != nil {
			s.facts.Products = append(s.facts.Products, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	byMatch := map[int64]*funnelSubject{}
	err = each(`SELECT m.id, m.enterprise_id, m.created_at, m.step, m.lost_from, m.step_at FROM matches m WHERE m.enterprise_id IN `+ids, func(rows *sql.Rows) error {
		var mid int64
		var m funnel.Match
		var step, from string
		if err := rows.Scan(&mid, &id, &m.CreatedAt, &step, &from, &m.StepAt); err != nil {
			return err
		}
		m.Step, m.LostFrom = siapekspor.MatchStep(step), siapekspor.MatchStep(from)
		if s := out[id]; s != nil {
			if s.matchIndex == nil {
				s.matchIndex = map[int64]int{}
			}
			s.matchIndex[mid] = len(s.facts.Matches)
			s.facts.Matches = append(s.facts.Matches, m)
			byMatch[mid] = s
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(byMatch) > 0 {
		err = each(`SELECT s.match_id, s.to_step, s.at FROM match_steps s JOIN matches m ON m.id = s.match_id WHERE m.enterprise_id IN `+ids, func(rows *sql.Rows) error {
			var mid int64
			var st funnel.StepAt
			var to string
			if err := rows.Scan(&mid, &to, &st.At); err != nil {
				return err
			}
			st.To = siapekspor.MatchStep(to)
			if s := byMatch[mid]; s != nil {
				m := &s.facts.Matches[s.matchIndex[mid]]
				m.Steps = append(m.Steps, st)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	err = each(`SELECT x.enterprise_id, x.export_date FROM export_records x WHERE x.enterprise_id IN `+ids, func(rows *sql.Rows) error {
		var d string
		if err := rows.Scan(&id, &d); err != nil {
			return err
		}
		if t := parseDateText(d); t != nil {
			if s := out[id]; s != nil {
				s.facts.ExportDates = append(s.facts.ExportDates, *t)
			}
		}
		return nil
	})
	return out, err
}

// funnelDelta gathers the summary rows' changes and each enterprise's
// stages.
type funnelDelta struct {
	cells map[funnelKey]*funnel.Cell
	rows  [][3]any // enterprise_funnel rows to insert: stage, enterprise, reached_on
}

func (d *funnelDelta) add(s *funnelSubject, sign int64, keepRows bool) {
	if d.cells == nil {
		d.cells = map[funnelKey]*funnel.Cell{}
	}
	path := funnel.PathOf(s.facts)
	for _, e := range path.Entries() {
		for _, r := range s.regions() {
			k := funnelKey{r, s.sector, s.kind, s.size, s.binaan, s.level, int(e.Stage), e.Year}
			c := d.cells[k]
			if c == nil {
				c = &funnel.Cell{}
				d.cells[k] = c
			}
			c.Add(e, sign)
		}
		if keepRows && e.Stage > funnel.Registered {
			d.rows = append(d.rows, [3]any{int(e.Stage), s.id, path[e.Stage].At.Format(isoDate)})
		}
	}
}

// write applies the delta to funnel_counts and inserts the kept rows.
func (db *DB) writeFunnel(ctx context.Context, q queryer, d *funnelDelta) error {
	type row struct {
		k funnelKey
		c *funnel.Cell
	}
	rows := make([]row, 0, len(d.cells))
	for k, c := range d.cells {
		if *c != (funnel.Cell{}) {
			rows = append(rows, row{k, c})
		}
	}
	cols := []string{"region_code", "sector", "kind", "size_class", "binaan_org_id", "readiness_level", "stage", "year", "n", "moved", "days"}
	err := db.batchInsert(ctx, q, "funnel_counts", cols, ` ON CONFLICT (region_code, sector, kind, size_class, binaan_org_id, readiness_level, stage, year)
		DO UPDATE SET n = funnel_counts.n + excluded.n, moved = funnel_counts.moved + excluded.moved, days = funnel_counts.days + excluded.days`,
		len(rows), func(i int, a []any) []any {
			k, c := rows[i].k, rows[i].c
			return append(a, k.region, k.sector, k.kind, k.size, k.binaan, k.readiness, k.stage, k.year, c.Reached, c.Moved, c.Days)
		})
	if err != nil {
		return err
	}
	return db.batchInsert(ctx, q, "enterprise_funnel", []string{"stage", "enterprise_id", "reached_on"}, "", len(d.rows),
		func(i int, a []any) []any { return append(a, d.rows[i][:]...) })
}

// recountFunnel takes the enterprises cond selects out of the funnel's
// summary (sign -1) or puts them back as they are now (+1).
func (db *DB) recountFunnel(ctx context.Context, q queryer, sign int, cond string, args ...any) error {
	subjects, err := db.funnelFacts(ctx, q, cond, args...)
	if err != nil || len(subjects) == 0 {
		return err
	}
	var d funnelDelta
	ids := make([]int64, 0, len(subjects))
	for _, s := range subjects {
		d.add(s, int64(sign), sign > 0)
		ids = append(ids, s.id)
	}
	if sign < 0 {
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		for len(ids) > 0 {
			n := min(len(ids), 500)
			if _, err := q.ExecContext(ctx, `DELETE FROM enterprise_funnel WHERE enterprise_id IN (`+joinIDs(ids[:n])+`)`); err != nil {
				return err
			}
			ids = ids[n:]
		}
	}
	return db.writeFunnel(ctx, q, &d)
}

func joinIDs(ids []int64) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return b.String()
}

func rebuildFunnel(ctx context.Context, db *DB, tx *sql.Tx) error {
	for _, t := range []string{"funnel_counts", "enterprise_funnel"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t); err != nil {
			return err
		}
	}
	return db.recountFunnel(ctx, tx, 1, "")
}

// RebuildFunnel recounts the funnel's summary from the registry (migration
// 0030 fills it so; tests compare with it).
func (db *DB) RebuildFunnel(ctx context.Context) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return rebuildFunnel(ctx, db, tx) })
}

// FunnelBy names what a funnel is broken down by.
type FunnelBy string

// What a funnel can be broken down by.
const (
	FunnelTotal     FunnelBy = ""
	FunnelRegency   FunnelBy = "regency"
	FunnelDistrict  FunnelBy = "district"
	FunnelSector    FunnelBy = "sector"
	FunnelKind      FunnelBy = "kind"
	FunnelSize      FunnelBy = "size"
	FunnelReadiness FunnelBy = "readiness"
	FunnelOffice    FunnelBy = "office"
	FunnelYear      FunnelBy = "year"
	// FunnelProvince: by province (the map of a national installation; not
	// one of the funnel page's breakdowns).
	FunnelProvince FunnelBy = "province"
)

// FunnelBys lists the breakdowns in display order.
var FunnelBys = []FunnelBy{FunnelRegency, FunnelDistrict, FunnelSector, FunnelKind, FunnelSize, FunnelReadiness, FunnelOffice, FunnelYear}

// FunnelQuery selects the enterprises a funnel counts (the filter's region,
// district, sector, kind, size class, office and readiness; its other
// fields are not read), as of the end of Year (0: today), broken down by By.
type FunnelQuery struct {
	Filter siapekspor.EnterpriseFilter
	Year   int
	By     FunnelBy
}

// FunnelGroup is one group of a breakdown ("" for the total) and its
// funnel.
type FunnelGroup struct {
	Key    string
	Counts funnel.Counts
}

// Funnel counts the funnel within the actor's scope from the summary
// figures, or — for a scope of listed enterprises (an owner's, a mentor's)
// — from their rows. Groups come sorted by key.
func (db *DB) Funnel(ctx context.Context, fq FunnelQuery) ([]FunnelGroup, error) {
	f := fq.Filter
	scope := siapekspor.ScopeOf(siapekspor.ActorFrom(ctx))
	region, regionOK := filterRegion(f.ProvinceCode, f.RegencyCode, f.DistrictCode)
	terms, ok := countTerms(scope, region, regionOK, f.BinaanOrgID)
	groups := map[string]*funnel.Counts{}
	get := func(k string) *funnel.Counts {
		c := groups[k]
		if c == nil {
			c = &funnel.Counts{}
			groups[k] = c
		}
		return c
	}
	if !ok {
		if err := db.funnelOverRows(ctx, fq, scope, get); err != nil {
			return nil, err
		}
	} else if err := db.funnelFromSummary(ctx, fq, terms, get); err != nil {
		return nil, err
	}
	if fq.By == FunnelYear {
		cumulate(groups, fq.Year)
	}
	out := make([]FunnelGroup, 0, len(groups))
	for k, c := range groups {
		out = append(out, FunnelGroup{k, *c})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// cumulate turns per-year entries into the funnel as of the end of each
// year: a year's group holds everything reached up to it.
func cumulate(groups map[string]*funnel.Counts, upTo int) {
	var years []int
	for k := range groups {
		y, _ := strconv.Atoi(k)
		years = append(years, y)
	}
	sort.Ints(years)
	if len(years) == 0 {
		return
	}
	last := time.Now().Year()
	if upTo > 0 {
		last = upTo
	}
	var acc funnel.Counts
	for y := years[0]; y <= last; y++ {
		if c := groups[strconv.Itoa(y)]; c != nil {
			for s := range acc {
				acc[s].Reached += c[s].Reached
				acc[s].Moved += c[s].Moved
				acc[s].Days += c[s].Days
			}
		}
		c := acc
		groups[strconv.Itoa(y)] = &c
	}
}

// funnelColumn is the SQL of a breakdown's key in funnel_counts.
var funnelColumn = map[FunnelBy]string{
	FunnelTotal: "''", FunnelProvince: "region_code", FunnelRegency: "region_code", FunnelDistrict: "region_code", FunnelSector: "sector", FunnelKind: "kind",
	FunnelSize: "size_class", FunnelReadiness: "readiness_level", FunnelOffice: "CAST(binaan_org_id AS TEXT)", FunnelYear: "CAST(year AS TEXT)",
}

func (db *DB) funnelFromSummary(ctx context.Context, fq FunnelQuery, terms []countTerm, get func(string) *funnel.Counts) error {
	col, ok := funnelColumn[fq.By]
	if !ok {
		return fmt.Errorf("store: cannot break the funnel down by %q", fq.By)
	}
	f := fq.Filter
	for _, t := range terms {
		w := &where{}
		key := col
		switch fq.By {
		case FunnelProvince, FunnelRegency, FunnelDistrict:
			// The rows of the regions one level down (or the term's own
			// region when it is already at that level or below).
			length := map[FunnelBy]int{FunnelProvince: 2, FunnelRegency: 5, FunnelDistrict: 8}[fq.By]
			switch {
			case len(t.region) >= length:
				w.add("region_code = ?", t.region)
			case t.region == "":
				w.add("LENGTH(region_code) = ?", length)
			default:
				// A range over the key's prefix ('/' follows '.'), which
				// both engines read from the primary key.
				w.add(`region_code > ? AND region_code < ? AND LENGTH(region_code) = ?`, t.region+".", t.region+"/", length)
			}
			if len(t.region) > length {
				key = "'" + t.region[:length] + "'"
			}
		default:
			w.add("region_code = ?", t.region)
		}
		if t.binaan != 0 {
			w.add("binaan_org_id = ?", t.binaan)
		}
		funnelDims(w, f)
		if fq.Year > 0 {
			w.add("year <= ?", fq.Year)
		}
		rows, err := db.readQuery(ctx, `SELECT `+key+`, stage, CAST(SUM(n) AS BIGINT), CAST(SUM(moved) AS BIGINT), CAST(SUM(days) AS BIGINT)
			FROM funnel_counts`+w.sql()+` GROUP BY 1, 2`, w.args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var key string
			var stage int
			var c funnel.Cell
			if err := rows.Scan(&key, &stage, &c.Reached, &c.Moved, &c.Days); err != nil {
				rows.Close()
				return err
			}
			if stage < 0 || stage >= funnel.N {
				continue
			}
			g := get(key)
			g[stage].Reached += t.sign * c.Reached
			g[stage].Moved += t.sign * c.Moved
			g[stage].Days += t.sign * c.Days
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// funnelDims adds a filter's columns other than region and office.
func funnelDims(w *where, f siapekspor.EnterpriseFilter) {
	if f.Sector != "" {
		w.add("sector = ?", string(f.Sector))
	}
	if f.Kind != "" {
		w.add("kind = ?", string(f.Kind))
	}
	if f.SizeClass != "" {
		w.add("size_class = ?", string(f.SizeClass))
	}
	if f.Readiness != "" {
		w.add("readiness_level = ?", readinessKey(f.Readiness))
	}
}

// readinessKey is the summary's value of a readiness filter ("none": "").
func readinessKey(level string) string {
	if level == ReadinessNone {
		return ""
	}
	return level
}

// ReadinessNone is the readiness filter's value for enterprises never
// assessed.
const ReadinessNone = "none"

// funnelOverRows counts a scope of listed enterprises (an owner's, a
// mentor's: few) from their facts.
func (db *DB) funnelOverRows(ctx context.Context, fq FunnelQuery, scope siapekspor.EnterpriseScope, get func(string) *funnel.Counts) error {
	f := fq.Filter
	f.FunnelStage, f.FunnelYear, f.Query, f.ExportStatus = 0, 0, "", ""
	w := enterpriseWhere(db.dialect, f, scope)
	cond := strings.TrimPrefix(w.sql(), " WHERE ")
	subjects, err := db.funnelFacts(ctx, db.read, cond, w.args...)
	if err != nil {
		return err
	}
	for _, s := range subjects {
		var key string
		switch fq.By {
		case FunnelProvince:
			key = s.province
		case FunnelRegency:
			key = s.regency
		case FunnelDistrict:
			key = s.district
		case FunnelSector:
			key = s.sector
		case FunnelKind:
			key = s.kind
		case FunnelSize:
			key = s.size
		case FunnelReadiness:
			key = s.level
		case FunnelOffice:
			key = strconv.FormatInt(s.binaan, 10)
		}
		for _, e := range funnel.PathOf(s.facts).Entries() {
			if fq.Year > 0 && e.Year > fq.Year {
				continue
			}
			k := key
			if fq.By == FunnelYear {
				k = strconv.Itoa(e.Year)
			}
			get(k)[e.Stage].Add(e, 1)
		}
	}
	return nil
}
