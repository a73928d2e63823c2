package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/funnel"
	"github.com/siapekspor/siapekspor/internal/textsearch"
)

// SetRegistryChunkForTest sets LoadRegistry's chunk size until the test ends.
func SetRegistryChunkForTest(tb testing.TB, n int) {
	old := registryChunk
	registryChunk = n
	tb.Cleanup(func() { registryChunk = old })
}

// QueryRowForTest lets tests outside the package read tables directly.
func (db *DB) QueryRowForTest(ctx context.Context, q string, args ...any) *sql.Row {
	return db.read.QueryRowContext(ctx, q, args...)
}

// QueryForTest lets tests outside the package read tables directly.
func (db *DB) QueryForTest(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return db.read.QueryContext(ctx, q, args...)
}

// PrepareForTest normalises, validates and derives enterprises as a write
// does, so a benchmark can time the insert alone.
func (db *DB) PrepareForTest(es []*siapekspor.Enterprise) error {
	for _, e := range es {
		if err := db.prepareEnterprise(e); err != nil {
			return err
		}
	}
	return nil
}

// EnterpriseColumnsForTest names the enterprises table's columns as an
// import writes them, for the bare baseline.
func EnterpriseColumnsForTest() []string { return enterpriseInsertColumns() }

// EnterpriseRowForTest appends an enterprise's values in
// EnterpriseColumnsForTest order, for the bare baseline.
func EnterpriseRowForTest(e *siapekspor.Enterprise, now time.Time, dst []any) []any {
	dst = append(dst, e.ID)
	dst = append(dst, enterpriseArgs(e)...)
	return append(dst, now, now, 1, nil)
}

// BareSearchForTest runs the plain full-text query of the same tokens: the
// engine's own ranked top 20, without scope, filters or loading results.
func (db *DB) BareSearchForTest(ctx context.Context, q textsearch.Query) (int, error) {
	m := db.dialect.matching(q)
	query := m.alone
	if query == "" {
		query = `SELECT d.id, ` + m.score + ` ` + m.from + ` WHERE ` + strings.Replace(m.cond, "?", "$1", 1)
	}
	rows, err := db.read.QueryContext(ctx, query+` ORDER BY 2 DESC LIMIT 20`, m.arg)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

// ExecForTest lets tests outside the package write tables directly.
func (db *DB) ExecForTest(ctx context.Context, q string, args ...any) error {
	_, err := db.write.ExecContext(ctx, q, args...)
	return err
}

// RerunMigrationForTest runs an applied migration's SQL again, for
// migrations written to be re-runnable (data rewrites).
func (db *DB) RerunMigrationForTest(ctx context.Context, version int) error {
	all, err := db.migrations()
	if err != nil {
		return err
	}
	for _, m := range all {
		if m.version == version {
			_, err := db.write.ExecContext(ctx, m.sql)
			return err
		}
	}
	return fmt.Errorf("no migration %d", version)
}

// SummaryForTest reads the summary tables' rows, keyed as the counts test
// keys what it counts from the rows.
func (db *DB) SummaryForTest(t testing.TB) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	rows, err := db.read.QueryContext(context.Background(), `SELECT region_code, sector, kind, size_class, export_status, binaan_org_id, readiness_level, n FROM enterprise_counts`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var region, sector, kind, size, export, level string
		var binaan, n int64
		if err := rows.Scan(&region, &sector, &kind, &size, &export, &binaan, &level, &n); err != nil {
			t.Fatal(err)
		}
		out[fmt.Sprintf("enterprises %q %s %s %s %s %d %q", region, sector, kind, size, export, binaan, level)] = n
	}
	rows.Close()
	rows, err = db.read.QueryContext(context.Background(), `SELECT region_code, hs6, validation, binaan_org_id, products, enterprises FROM product_counts`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var region, hs, validation string
		var binaan, n, ne int64
		if err := rows.Scan(&region, &hs, &validation, &binaan, &n, &ne); err != nil {
			t.Fatal(err)
		}
		k := fmt.Sprintf("products %q %s %s %d", region, hs, validation, binaan)
		out[k], out[k+" enterprises"] = n, ne
	}
	rows.Close()
	return out
}

// EnterpriseWhereForTest is the WHERE clause (with $n arguments) the list
// of enterprises reads with on PostgreSQL, for tests of what it names.
func EnterpriseWhereForTest(f siapekspor.EnterpriseFilter, scope siapekspor.EnterpriseScope) (string, []any) {
	w := enterpriseWhere(postgresDialect{}, f, scope)
	return w.sql(), w.args
}

// FillStatFiguresForTest runs migration 0032's Go part again: the figures
// of every stored statistics table computed from its rows.
func (db *DB) FillStatFiguresForTest(ctx context.Context) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return fillStatFigures(ctx, db, tx) })
}

// FillCompareCellsForTest runs migration 0045's Go part again: the
// comparison's cells of every stored statistics table from its rows.
func (db *DB) FillCompareCellsForTest(ctx context.Context) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return fillCompareCells(ctx, db, tx) })
}

// PackedTradeForTest decodes the packed trade rows of the codes from lo to
// hi (hs >= lo AND hs < hi) as "edition hs year importer" → "kind value
// growth…", and counts the entries of every packed row.
func (db *DB) PackedTradeForTest(ctx context.Context, lo, hi string) (map[string]string, int, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT edition, hs, year, imports, home FROM trade_packed`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out, n := map[string]string{}, 0
	for rows.Next() {
		var ed, hs string
		var y int
		var imports, home []byte
		if err := rows.Scan(&ed, &hs, &y, &imports, &home); err != nil {
			return nil, 0, err
		}
		in := hs >= lo && hs < hi
		if err := eachPackedImport(imports, func(e *packedImport) {
			n++
			if in {
				out[fmt.Sprint(ed, " ", hs, " ", y, " ", string(e.Importer), " imports")] = fmt.Sprint(e.Value, " ", e.GrowthPct, " ", e.GrowthYears, " ", e.GrowthCover)
			}
		}); err != nil {
			return nil, 0, err
		}
		if err := eachPackedHome(home, func(importer []byte, v float64) {
			n++
			if in {
				out[fmt.Sprint(ed, " ", hs, " ", y, " ", string(importer), " home")] = fmt.Sprint(v)
			}
		}); err != nil {
			return nil, 0, err
		}
	}
	return out, n, rows.Err()
}

// TradeTablesForTest reads the same from trade_imports and
// trade_home_exports, and counts their rows.
func (db *DB) TradeTablesForTest(ctx context.Context, lo, hi string) (map[string]string, int, error) {
	out, n := map[string]string{}, 0
	rows, err := db.read.QueryContext(ctx, `SELECT edition, hs, year, importer, value_usd, growth_pct, growth_years, growth_cover FROM trade_imports`)
	if err != nil {
		return nil, 0, err
	}
	for rows.Next() {
		var ed, hs, c string
		var y, gy int
		var v float64
		var gp, gc sql.NullFloat64
		if err := rows.Scan(&ed, &hs, &y, &c, &v, &gp, &gy, &gc); err != nil {
			rows.Close()
			return nil, 0, err
		}
		n++
		if hs >= lo && hs < hi {
			out[fmt.Sprint(ed, " ", hs, " ", y, " ", c, " imports")] = fmt.Sprint(v, " ", gp, " ", gy, " ", gc)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	rows, err = db.read.QueryContext(ctx, `SELECT edition, hs, year, importer, value_usd FROM trade_home_exports`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var ed, hs, c string
		var y int
		var v float64
		if err := rows.Scan(&ed, &hs, &y, &c, &v); err != nil {
			return nil, 0, err
		}
		n++
		if hs >= lo && hs < hi {
			out[fmt.Sprint(ed, " ", hs, " ", y, " ", c, " home")] = fmt.Sprint(v)
		}
	}
	return out, n, rows.Err()
}

// PackedRowsForTest returns every packed trade row, "edition hs year" →
// its two byte strings.
func (db *DB) PackedRowsForTest(ctx context.Context) (map[string]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT edition, hs, year, imports, home FROM trade_packed`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var ed, hs string
		var y int
		var imports, home []byte
		if err := rows.Scan(&ed, &hs, &y, &imports, &home); err != nil {
			return nil, err
		}
		out[fmt.Sprint(ed, " ", hs, " ", y)] = string(imports) + "|" + string(home)
	}
	return out, rows.Err()
}

// RepackTradeForTest packs every year again from the tables, as a start-up
// does for a database without the packed rows.
func (db *DB) RepackTradeForTest(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `DELETE FROM settings WHERE key = $1`, tradePackedKey); err != nil {
		return err
	}
	return db.ensureTradePacked(ctx)
}

// FunnelDiffForTest compares the funnel's summary figures and stages with
// what the registry's facts give now; "" when they agree.
func (db *DB) FunnelDiffForTest(ctx context.Context) (string, error) {
	subjects, err := db.funnelFacts(ctx, db.read, "")
	if err != nil {
		return "", err
	}
	var d funnelDelta
	for _, s := range subjects {
		d.add(s, 1, true)
	}
	want := map[string]string{}
	for k, c := range d.cells {
		if c.Reached != 0 || c.Moved != 0 || c.Days != 0 {
			want[fmt.Sprint(k)] = fmt.Sprint(*c)
		}
	}
	for _, r := range d.rows {
		want[fmt.Sprint("stage ", r[0], " ", r[1])] = fmt.Sprint(r[2])
	}
	got := map[string]string{}
	rows, err := db.read.QueryContext(ctx, `SELECT region_code, sector, kind, size_class, binaan_org_id, readiness_level, stage, year, n, moved, days FROM funnel_counts`)
	if err != nil {
		return "", err
	}
	for rows.Next() {
		var k funnelKey
		var c funnelCellForTest
		if err := rows.Scan(&k.region, &k.sector, &k.kind, &k.size, &k.binaan, &k.readiness, &k.stage, &k.year, &c.Reached, &c.Moved, &c.Days); err != nil {
			rows.Close()
			return "", err
		}
		if c != (funnelCellForTest{}) {
			got[fmt.Sprint(k)] = fmt.Sprint(c)
		}
	}
	rows.Close()
	rows, err = db.read.QueryContext(ctx, `SELECT stage, enterprise_id, reached_on FROM enterprise_funnel`)
	if err != nil {
		return "", err
	}
	for rows.Next() {
		var stage int
		var id int64
		var on string
		if err := rows.Scan(&stage, &id, &on); err != nil {
			rows.Close()
			return "", err
		}
		got[fmt.Sprint("stage ", stage, " ", id)] = on
	}
	rows.Close()
	var b strings.Builder
	for k, v := range want {
		if got[k] != v {
			fmt.Fprintf(&b, "%s: want %s, have %s\n", k, v, got[k])
		}
	}
	for k, v := range got {
		if _, ok := want[k]; !ok {
			fmt.Fprintf(&b, "%s: want nothing, have %s\n", k, v)
		}
	}
	return b.String(), nil
}

type funnelCellForTest = funnel.Cell

// MergeGinPendingForTest runs what an import small beside the registry
// does after it on PostgreSQL.
func (db *DB) MergeGinPendingForTest(ctx context.Context) error {
	return mergeGinPending(ctx, db.write)
}

// PointsDiffForTest compares point_cells with what the enterprises'
// coordinates give now; "" when they agree (cells at n = 0 are ignored).
func (db *DB) PointsDiffForTest(ctx context.Context) (string, error) {
	want := map[pointKey]*pointSum{}
	rows, err := db.read.QueryContext(ctx, `SELECT e.id, e.lat, e.lng, e.province_code, e.regency_code, COALESCE(e.district_code, '')
		FROM enterprises e WHERE e.lat IS NOT NULL AND e.lng IS NOT NULL`)
	if err != nil {
		return "", err
	}
	var ps []pointRow
	for rows.Next() {
		var p pointRow
		if err := rows.Scan(&p.id, &p.lat, &p.lng, &p.province, &p.regency, &p.district); err != nil {
			rows.Close()
			return "", err
		}
		ps = append(ps, p)
	}
	rows.Close()
	addPoints(want, 1, ps)
	got := map[pointKey]pointSum{}
	rows, err = db.read.QueryContext(ctx, `SELECT zoom, region_code, x, y, n, lat_e6, lng_e6, id_sum FROM point_cells`)
	if err != nil {
		return "", err
	}
	for rows.Next() {
		var k pointKey
		var s pointSum
		if err := rows.Scan(&k.zoom, &k.region, &k.x, &k.y, &s.n, &s.lat, &s.lng, &s.ids); err != nil {
			rows.Close()
			return "", err
		}
		if s != (pointSum{}) {
			got[k] = s
		}
	}
	rows.Close()
	var diff []string
	for k, s := range want {
		if got[k] != *s {
			diff = append(diff, fmt.Sprintf("cell %v: summary %v, rows %v", k, got[k], *s))
		}
	}
	for k, s := range got {
		if want[k] == nil {
			diff = append(diff, fmt.Sprintf("cell %v: summary %v, rows none", k, s))
		}
	}
	slices.Sort(diff)
	return strings.Join(diff, "\n"), nil
}

// CountDistrictRowsForTest counts the map's district points over the rows.
func (db *DB) CountDistrictRowsForTest(ctx context.Context, region string) ([]DistrictPoints, error) {
	return db.countDistrictRows(ctx, region)
}

// ListedIDsForTest are the products the catalogue's read model lists on a day.
func (db *DB) ListedIDsForTest(ctx context.Context, now time.Time) ([]int64, error) {
	return db.listedIDs(ctx, now)
}

// CatalogueDiffForTest compares the catalogue's kept read model and counts
// with the registry; "" when they agree.
func (db *DB) CatalogueDiffForTest(ctx context.Context) (string, error) {
	return db.catalogueDiff(ctx)
}

// listedIDs are the ids of the products listed on a day, in order (tests
// compare them with siapekspor.ListingState.Listed).
func (db *DB) listedIDs(ctx context.Context, now time.Time) ([]int64, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT product_id FROM catalogue_products WHERE listed_until >= $1 ORDER BY product_id`, now.Format(isoDate))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// catalogueDiff compares the kept read model with one made afresh from
// the registry, and the kept counts with the kept rows counted; "" when
// they agree (tests run it after every kind of write).
func (db *DB) catalogueDiff(ctx context.Context) (string, error) {
	lines := func(query string, n int) ([]string, error) {
		rows, err := db.read.QueryContext(ctx, query)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			vals := make([]any, n)
			ptrs := make([]any, n)
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return nil, err
			}
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				if s, ok := v.(string); ok {
					// SQLite gives an expression's timestamp as its text.
					if t, err := time.Parse("2006-01-02 15:04:05.999999999 -0700 MST", s); err == nil {
						v = t
					}
				}
				if t, ok := v.(time.Time); ok {
					v = t.UTC().Format(time.RFC3339)
				}
				vals[i] = v
			}
			out = append(out, fmt.Sprintln(vals...))
		}
		slices.Sort(out)
		return out, rows.Err()
	}
	var diff []string
	for _, c := range []struct {
		what, kept, fresh string
		n                 int
	}{
		{"catalogue_products", `SELECT product_id, enterprise_id, hs_chapter, category, regency_code, capacity, validated_at, listed_until,
			name_id, name_en, unit, enterprise, thumb, certs FROM catalogue_products`, catalogueRows("1 = 1"), 14},
		{"catalogue_certs", `SELECT product_id, type, enterprise_id, valid_until FROM catalogue_certs`, catalogueCertRows("1 = 1"), 4},
	} {
		kept, err := lines(c.kept, c.n)
		if err != nil {
			return "", err
		}
		fresh, err := lines(c.fresh, c.n)
		if err != nil {
			return "", err
		}
		if !slices.Equal(kept, fresh) {
			diff = append(diff, fmt.Sprintf("%s kept:\n  %s\nfrom the registry:\n  %s", c.what, strings.Join(kept, "\n  "), strings.Join(fresh, "\n  ")))
		}
	}
	t, err := readTally(ctx, db.read)
	if err != nil {
		return "", err
	}
	if t != nil {
		counted, err := countModel(ctx, db.read, t.asOf)
		if err != nil {
			return "", err
		}
		if kept, want := t.encode(), counted.encode(); kept != want {
			diff = append(diff, "counts kept as of "+t.asOf+":\n"+kept+"counted:\n"+want)
		}
		// The first day something listed lapses, asked of SQL rather than of
		// the tally's own arithmetic: the counts must not be kept past it.
		var lapses sql.NullString
		if err := db.read.QueryRowContext(ctx, `SELECT MIN(x) FROM (SELECT listed_until AS x FROM catalogue_products WHERE listed_until >= $1
			UNION ALL SELECT cc.valid_until FROM catalogue_certs cc JOIN catalogue_products cp ON cp.product_id = cc.product_id
			WHERE cp.listed_until >= $1 AND cc.valid_until >= $1) d`, t.asOf).Scan(&lapses); err != nil {
			return "", err
		}
		if lapses.Valid && t.stableUntil > lapses.String {
			diff = append(diff, "counts kept until "+t.stableUntil+", something listed lapses on "+lapses.String)
		}
	}
	return strings.Join(diff, "\n"), nil
}
