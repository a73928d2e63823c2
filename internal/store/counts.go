package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/funnel"
)

// The summary figures (migration 0016): enterprise_counts and product_counts
// hold how many enterprises and products there are per region level and per
// value of the columns pages count by. Pages read them instead of counting
// the registry; they stay exact because every write that changes what they
// count changes them in its own transaction, through the functions of this
// file and nothing else:
//
//   - recount(ctx, tx, -1, cond) before and recount(ctx, tx, +1, cond) after
//     changing enterprises that cond (a condition on enterprises e) selects:
//     their counted columns, their readiness level, their products, or
//     deleting them (then only the -1). It recounts whole enterprises with
//     all their products, which keeps the distinct-enterprise counts exact.
//   - countNew(ctx, tx, es) after inserting new enterprises (no products, no
//     assessment yet): the delta is computed in Go, without reading the rows
//     back, so a bulk import pays a few hundred upserts, not a query per row.

// regionLevels numbers the four region levels an enterprise is counted at.
const regionLevels = `(SELECT 0 AS lv UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) l`

// levelRegion is the region code of level l.lv of enterprise e.
const levelRegion = `CASE l.lv WHEN 0 THEN '' WHEN 1 THEN e.province_code WHEN 2 THEN e.regency_code ELSE e.district_code END`

// counted says which summary a recount touches: what the change can alter.
type counted int

const (
	countEnterprises counted = 1 << iota // enterprise_counts: the enterprise's columns, its readiness level
	countProducts                        // product_counts: its products, its region and office
	countFunnel                          // funnel_counts and enterprise_funnel (funnel.go)
	countPoints                          // point_cells: its coordinates and region (mappoints.go)
	countCatalogue                       // the public catalogue's read model: its products, certificates, consent, regency (catalogue_model.go)
	countBoth        = countEnterprises | countProducts
	// countProductWrites is what a change of an enterprise's products moves.
	countProductWrites = countProducts | countFunnel | countCatalogue
	// countWhole is every summary an enterprise is in: what a change of its
	// columns (or its deletion) recounts.
	countWhole = countBoth | countFunnel | countPoints | countCatalogue
)

// recount adds (sign +1) or takes away (sign -1) the enterprises cond
// selects, or their products, to or from the summary figures. cond is SQL
// on the enterprises table aliased e, with $1… for args; "" selects all.
func (db *DB) recount(ctx context.Context, q queryer, sign int, what counted, cond string, args ...any) error {
	// Every write that moves enterprises or products (or an assessment's
	// level) passes here or through countNew: the matcher's candidates change.
	db.candidatesChanged(q)
	if cond == "" {
		cond = "1 = 1"
	}
	if err := db.dialect.lockCounts(ctx, q, what&(countEnterprises|countPoints) != 0); err != nil {
		return err
	}
	if what&countPoints != 0 {
		if err := db.recountPoints(ctx, q, sign, cond, args...); err != nil {
			return err
		}
	}
	s := strconv.Itoa(sign)
	if what&countEnterprises != 0 {
		if _, err := q.ExecContext(ctx, `INSERT INTO enterprise_counts (region_code, sector, kind, size_class, export_status, binaan_org_id, readiness_level, n)
			SELECT `+levelRegion+`, e.sector, e.kind, e.size_class, e.export_status, COALESCE(e.binaan_org_id, 0), COALESCE(r.level, ''), `+s+` * COUNT(*)
			FROM enterprises e LEFT JOIN enterprise_readiness r ON r.enterprise_id = e.id CROSS JOIN `+regionLevels+`
			WHERE (`+cond+`) AND (l.lv < 3 OR e.district_code IS NOT NULL)
			GROUP BY 1, 2, 3, 4, 5, 6, 7
			ON CONFLICT (region_code, sector, kind, size_class, export_status, binaan_org_id, readiness_level)
			DO UPDATE SET n = enterprise_counts.n + excluded.n`, args...); err != nil {
			return err
		}
	}
	if what&countProducts != 0 {
		if _, err := q.ExecContext(ctx, `INSERT INTO product_counts (region_code, hs6, validation, binaan_org_id, products, enterprises)
			SELECT `+levelRegion+`, SUBSTR(p.hs_code, 1, 6), CASE v.k WHEN 1 THEN '*' ELSE p.validation END, COALESCE(e.binaan_org_id, 0),
				`+s+` * COUNT(*), `+s+` * COUNT(DISTINCT e.id)
			FROM enterprises e JOIN products p ON p.enterprise_id = e.id CROSS JOIN `+regionLevels+`
				CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1) v
			WHERE (`+cond+`) AND (l.lv < 3 OR e.district_code IS NOT NULL)
			GROUP BY 1, 2, 3, 4
			ON CONFLICT (region_code, hs6, validation, binaan_org_id)
			DO UPDATE SET products = product_counts.products + excluded.products, enterprises = product_counts.enterprises + excluded.enterprises`, args...); err != nil {
			return err
		}
	}
	if what&countCatalogue != 0 {
		var err error
		if sign < 0 {
			err = db.catalogueOut(ctx, q, cond, args...)
		} else {
			err = db.catalogueIn(ctx, q, cond, args...)
		}
		if err != nil {
			return err
		}
	}
	if what&countFunnel != 0 {
		return db.recountFunnel(ctx, q, sign, cond, args...)
	}
	return nil
}

// recountIDs is the condition selecting enterprises by id, for recount.
// The ids are the store's own integers, written into the SQL.
func recountIDs(ids []int64) string {
	if len(ids) == 0 {
		return "1 = 0"
	}
	var b strings.Builder
	b.WriteString("e.id IN (")
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	b.WriteByte(')')
	return b.String()
}

// countKey is one row of enterprise_counts.
type countKey struct {
	region, sector, kind, size, export string
	binaan                             int64
}

// countNew adds enterprises just inserted, which have neither products nor
// an assessment yet, to the summary: the delta of each summary row they
// touch, written in multi-row upserts.
func (db *DB) countNew(ctx context.Context, q queryer, es []*siapekspor.Enterprise) error {
	var s newSummary
	s.add(es)
	return db.writeNewSummary(ctx, q, &s)
}

// newSummary gathers what new enterprises (without products or an
// assessment) add to the summary figures — enterprise_counts, point_cells
// and the funnel — so that a bulk write of many batches upserts each summary
// row once, in the same transaction, rather than once per batch.
type newSummary struct {
	counts map[countKey]int64
	points map[pointKey]*pointSum
	funnel funnelDelta
}

// add counts enterprises whose ids are set.
func (s *newSummary) add(es []*siapekspor.Enterprise) {
	if s.counts == nil {
		s.counts, s.points = map[countKey]int64{}, map[pointKey]*pointSum{}
	}
	var ps []pointRow
	for _, e := range es {
		var binaan int64
		if e.BinaanOrgID != nil {
			binaan = *e.BinaanOrgID
		}
		regions := [4]string{"", e.ProvinceCode, e.RegencyCode, e.DistrictCode}
		n := len(regions)
		if e.DistrictCode == "" {
			n--
		}
		for _, region := range regions[:n] {
			s.counts[countKey{region, string(e.Sector), string(e.Kind), string(e.SizeClass), string(e.ExportStatus), binaan}]++
		}
		if e.Lat != nil && e.Lng != nil {
			ps = append(ps, pointRow{e.ID, *e.Lat, *e.Lng, e.ProvinceCode, e.RegencyCode, e.DistrictCode})
		}
		f := &funnelSubject{id: e.ID, province: e.ProvinceCode, regency: e.RegencyCode, district: e.DistrictCode,
			sector: string(e.Sector), kind: string(e.Kind), size: string(e.SizeClass), binaan: binaan,
			facts: funnel.Facts{Registered: e.CreatedAt, ExportStatus: e.ExportStatus}}
		s.funnel.add(f, 1, true)
	}
	addPoints(s.points, 1, ps)
}

// writeNewSummary writes what s gathered: the delta of each summary row in
// multi-row upserts (a province's first import touches thousands of rows),
// and the new enterprises' funnel stages.
func (db *DB) writeNewSummary(ctx context.Context, q queryer, s *newSummary) error {
	db.candidatesChanged(q)
	if err := db.dialect.lockCounts(ctx, q, true); err != nil {
		return err
	}
	type row struct {
		k countKey
		n int64
	}
	rows := make([]row, 0, len(s.counts))
	for k, n := range s.counts {
		rows = append(rows, row{k, n})
	}
	cols := []string{"region_code", "sector", "kind", "size_class", "export_status", "binaan_org_id", "readiness_level", "n"}
	if err := db.batchInsert(ctx, q, "enterprise_counts", cols, ` ON CONFLICT (region_code, sector, kind, size_class, export_status, binaan_org_id, readiness_level)
		DO UPDATE SET n = enterprise_counts.n + excluded.n`, len(rows), func(i int, a []any) []any {
		k := rows[i].k
		return append(a, k.region, k.sector, k.kind, k.size, k.export, k.binaan, "", rows[i].n)
	}); err != nil {
		return err
	}
	if err := db.writePoints(ctx, q, s.points); err != nil {
		return err
	}
	return db.writeFunnel(ctx, q, &s.funnel)
}

// RebuildCounts recounts the summary figures from the registry (migration
// 0016 fills them so; tests compare with it). Nothing needs it otherwise.
func (db *DB) RebuildCounts(ctx context.Context) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return rebuildCounts(ctx, db, tx) })
}

func rebuildCounts(ctx context.Context, db *DB, tx *sql.Tx) error {
	for _, t := range []string{"enterprise_counts", "product_counts"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+t); err != nil {
			return err
		}
	}
	return db.recount(ctx, tx, 1, countBoth, "")
}

// recounted runs change between taking the enterprises cond selects out of
// the summary figures and putting them back as they are after it.
func (db *DB) recounted(ctx context.Context, q queryer, what counted, cond string, args []any, change func() error) error {
	if err := db.recount(ctx, q, -1, what, cond, args...); err != nil {
		return err
	}
	if err := change(); err != nil {
		return err
	}
	return db.recount(ctx, q, 1, what, cond, args...)
}

// Reading the summary: a count is a sum over the rows of one region (the
// finest that both the filter and the reader's scope name) and, for an
// office's reader, over the rows of its own office. An officer of a region
// office reads the enterprises of its region or coached by the office: the
// union is counted as region + office − both.

// countTerm is one signed sum a count adds up.
type countTerm struct {
	sign   int64
	region string // "" the whole country
	binaan int64  // 0: any office
}

// meetRegion is the region inside both a and b ("" is the whole country;
// codes nest by their dotted prefix), or false when they do not overlap.
func meetRegion(a, b string) (string, bool) {
	switch {
	case a == "" || a == b || strings.HasPrefix(b, a+"."):
		return b, true
	case b == "" || strings.HasPrefix(a, b+"."):
		return a, true
	}
	return "", false
}

// filterRegion is the region a filter's province, regency and district name
// together, or false when they do not nest.
func filterRegion(codes ...string) (string, bool) {
	region := ""
	for _, c := range codes {
		var ok bool
		if region, ok = meetRegion(region, c); !ok {
			return "", false
		}
	}
	return region, true
}

// countTerms are the sums that count what a filter's region and office
// select within a scope; ok is false when the summary cannot answer (a
// scope of listed enterprises: an owner's, a mentor's), and the count must
// be made over the rows themselves, which are few.
func countTerms(scope siapekspor.EnterpriseScope, region string, regionOK bool, binaan int64) (terms []countTerm, ok bool) {
	switch {
	case scope.None || !regionOK:
		return nil, true
	case scope.All:
		return []countTerm{{1, region, binaan}}, true
	case scope.EnterpriseID != 0 || scope.Mentor:
		return nil, false
	}
	if r, ok := meetRegion(region, scope.RegionCode); ok {
		terms = append(terms, countTerm{1, r, binaan})
	}
	if b := scope.BinaanOrgID; b != 0 && (binaan == 0 || binaan == b) {
		terms = append(terms, countTerm{1, region, b})
		if r, ok := meetRegion(region, scope.RegionCode); ok {
			terms = append(terms, countTerm{-1, r, b})
		}
	}
	return terms, true
}

// sumCounts adds up a summary table over terms: for each value of group
// ("" for one total, under the key ""), the signed sums of the columns in
// sums. dims adds the conditions on the table's other columns.
func (db *DB) sumCounts(ctx context.Context, table string, terms []countTerm, group string, sums []string, dims func(w *where)) (map[string][]int64, error) {
	out := map[string][]int64{}
	if group == "" {
		group = "''"
	}
	cols := make([]string, len(sums))
	for i, s := range sums {
		cols[i] = "CAST(SUM(" + s + ") AS BIGINT)"
	}
	for _, t := range terms {
		w := &where{}
		w.add("region_code = ?", t.region)
		if t.binaan != 0 {
			w.add("binaan_org_id = ?", t.binaan)
		}
		if dims != nil {
			dims(w)
		}
		rows, err := db.readQuery(ctx, `SELECT `+group+`, `+strings.Join(cols, ", ")+` FROM `+table+w.sql()+` GROUP BY 1`, w.args...)
		if err != nil {
			return nil, err
		}
		vals := make([]sql.NullInt64, len(sums))
		dst := make([]any, len(sums)+1)
		var key string
		dst[0] = &key
		for i := range vals {
			dst[i+1] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(dst...); err != nil {
				rows.Close()
				return nil, err
			}
			acc := out[key]
			if acc == nil {
				acc = make([]int64, len(sums))
				out[key] = acc
			}
			for i, v := range vals {
				acc[i] += t.sign * v.Int64
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// enterpriseDims adds a filter's columns other than region and office.
func enterpriseDims(f siapekspor.EnterpriseFilter) func(w *where) {
	return func(w *where) {
		if f.Sector != "" {
			w.add("sector = ?", string(f.Sector))
		}
		if f.Kind != "" {
			w.add("kind = ?", string(f.Kind))
		}
		if f.SizeClass != "" {
			w.add("size_class = ?", string(f.SizeClass))
		}
		if f.ExportStatus != "" {
			w.add("export_status = ?", string(f.ExportStatus))
		}
		if f.Readiness != "" {
			w.add("readiness_level = ?", readinessKey(f.Readiness))
		}
	}
}

// countEnterprises counts the enterprises f selects within scope from the
// summary, grouped by group (a column of enterprise_counts, or "" for the
// total under ""); ok is false when it cannot (a text query, a scope of
// listed enterprises).
func (db *DB) countEnterprises(ctx context.Context, f siapekspor.EnterpriseFilter, scope siapekspor.EnterpriseScope, group string, more func(w *where)) (map[string]int64, bool, error) {
	if f.Query != "" || f.FunnelStage != 0 {
		return nil, false, nil
	}
	region, regionOK := filterRegion(f.ProvinceCode, f.RegencyCode, f.DistrictCode)
	terms, ok := countTerms(scope, region, regionOK, f.BinaanOrgID)
	if !ok {
		return nil, false, nil
	}
	dims := enterpriseDims(f)
	sums, err := db.sumCounts(ctx, "enterprise_counts", terms, group, []string{"n"}, func(w *where) {
		dims(w)
		if more != nil {
			more(w)
		}
	})
	if err != nil {
		return nil, false, err
	}
	out := make(map[string]int64, len(sums))
	for k, v := range sums {
		out[k] = v[0]
	}
	return out, true, nil
}

// CountBy names what CountEnterprises groups by.
type CountBy string

// What enterprises can be counted by: the summary's columns.
const (
	ByTotal     CountBy = ""
	BySector    CountBy = "sector"
	ByKind      CountBy = "kind"
	BySize      CountBy = "size_class"
	ByExport    CountBy = "export_status"
	ByOffice    CountBy = "binaan_org_id"
	ByReadiness CountBy = "readiness_level" // "" for not assessed
)

// CountEnterprises counts the enterprises f selects within the actor's
// scope (f's paging ignored), by the values of a column (ByTotal: one count
// under ""): from the summary figures, or — for a text query or a scope of
// listed enterprises — over the rows.
func (db *DB) CountEnterprises(ctx context.Context, f siapekspor.EnterpriseFilter, by CountBy) (map[string]int, error) {
	switch by {
	case ByTotal, BySector, ByKind, BySize, ByExport, ByOffice, ByReadiness:
	default:
		return nil, fmt.Errorf("store: cannot count by %q", by)
	}
	scope := siapekspor.ScopeOf(siapekspor.ActorFrom(ctx))
	group := string(by)
	if by == ByOffice {
		group = "CAST(binaan_org_id AS TEXT)"
	}
	counts, ok, err := db.countEnterprises(ctx, f, scope, group, nil)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	if ok {
		for k, n := range counts {
			if n != 0 {
				out[k] = int(n)
			}
		}
		return out, nil
	}
	w := enterpriseWhere(db.dialect, f, scope)
	col := map[CountBy]string{ByTotal: "''", BySector: "e.sector", ByKind: "e.kind", BySize: "e.size_class", ByExport: "e.export_status",
		ByOffice: "CAST(COALESCE(e.binaan_org_id, 0) AS TEXT)", ByReadiness: "COALESCE(r.level, '')"}[by]
	rows, err := db.readQuery(ctx, `SELECT `+col+`, COUNT(*) FROM enterprises e LEFT JOIN enterprise_readiness r ON r.enterprise_id = e.id`+
		w.sql()+` GROUP BY 1`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

// countProducts sums product_counts over the products of a region (""
// all), a validation status ("" any), and HS codes starting with hsPrefix,
// within a scope, grouped by group ("" one total): products, and distinct
// enterprises. ok is false for a scope of listed enterprises.
func (db *DB) countProducts(ctx context.Context, scope siapekspor.EnterpriseScope, region, validation, hsPrefix, group string) (map[string][]int64, bool, error) {
	terms, ok := countTerms(scope, region, true, 0)
	if !ok {
		return nil, false, nil
	}
	if validation == "" {
		validation = "*"
	}
	sums, err := db.sumCounts(ctx, "product_counts", terms, group, []string{"products", "enterprises"}, func(w *where) {
		w.add("validation = ?", validation)
		if hsPrefix != "" {
			w.add(`hs6 LIKE ? ESCAPE '\'`, likeEscape(hsPrefix)+"%")
		}
	})
	return sums, err == nil, err
}
