package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/cluster"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// The map's enterprise points: the clusters of the enterprises with
// coordinates in a region's view, for the roles that see where they are,
// and their counts per district for the others.
//
// Both are read from a summary, point_cells (migration 0039): per cell of
// the clusters' grid at the zooms of pointZooms and per region an
// enterprise is counted at (see provinceZoomMax), the number of
// enterprises with coordinates, the sums of their positions (millionths of
// a degree) and of their ids. It is kept as counts.go keeps its figures, in
// the transaction of every change: recount with countPoints (an enterprise
// edited, deleted, an import undone, a duplicate merged) and countNew (new
// enterprises, one by one or in bulk). A view reads the cells of the
// shallowest summary zoom at least as deep as its own within its box and
// merges them into its grid (cluster.Merge), so a province's view reads a
// few hundred rows, not its tens of thousands of enterprises. Past the
// deepest summary zoom a view is a few streets: its enterprises are read
// themselves (the partial index enterprises_point), at most
// MaxViewPoints of them.

// pointZooms are the zooms whose grids the summary keeps, shallowest first:
// a view at zoom z reads the first at least z, at most one zoom deeper, so
// at most four cells per cell of its own.
var pointZooms = []int{6, 8, 10, 12, 14}

// MaxViewPoints bounds how many enterprises a view past the summary's
// deepest zoom reads; a view holding more is clustered from the summary's
// deepest grid instead.
const MaxViewPoints = 5000

// pointRow is one enterprise's place as the summary counts it.
type pointRow struct {
	id                          int64
	lat, lng                    float64
	province, regency, district string
}

type pointKey struct {
	zoom   int
	region string
	x, y   int64
}

type pointSum struct{ n, lat, lng, ids int64 }

// Which regions' cells each zoom keeps, for what reads them: every zoom
// the regency's (a regency's view, and a province's deep view as the sum
// of its regencies' cells); the zooms to provinceZoomMax the province's
// (its wide views, where a cell spans regencies); the shallowest zoom the
// district's (the district counts). Deep cells hold about one enterprise
// each, so keeping them once rather than three times is most of the table.
const provinceZoomMax = 10

// addPoints adds (sign +1) or takes away (-1) enterprises' places to
// deltas: every summary zoom's cell, at the region levels that zoom keeps.
func addPoints(delta map[pointKey]*pointSum, sign int64, ps []pointRow) {
	for _, p := range ps {
		lat, lng := cluster.E6(p.lat), cluster.E6(p.lng)
		for _, z := range pointZooms {
			x, y := cluster.CellOf(p.lat, p.lng, z)
			regions := [3]string{p.regency}
			if z <= provinceZoomMax {
				regions[1] = p.province
			}
			if z == pointZooms[0] {
				regions[2] = p.district
			}
			for _, region := range regions {
				if region == "" {
					continue
				}
				k := pointKey{z, region, x, y}
				s := delta[k]
				if s == nil {
					s = &pointSum{}
					delta[k] = s
				}
				s.n += sign
				s.lat += sign * lat
				s.lng += sign * lng
				s.ids += sign * p.id
			}
		}
	}
}

// writePoints applies deltas to point_cells in multi-row upserts.
func (db *DB) writePoints(ctx context.Context, q queryer, delta map[pointKey]*pointSum) error {
	keys := make([]pointKey, 0, len(delta))
	for k, s := range delta {
		if *s != (pointSum{}) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	cols := []string{"zoom", "region_code", "x", "y", "n", "lat_e6", "lng_e6", "id_sum"}
	return db.batchInsert(ctx, q, "point_cells", cols, ` ON CONFLICT (zoom, region_code, x, y) DO UPDATE SET
		n = point_cells.n + excluded.n, lat_e6 = point_cells.lat_e6 + excluded.lat_e6,
		lng_e6 = point_cells.lng_e6 + excluded.lng_e6, id_sum = point_cells.id_sum + excluded.id_sum`,
		len(keys), func(i int, a []any) []any {
			k := keys[i]
			s := delta[k]
			return append(a, k.zoom, k.region, k.x, k.y, s.n, s.lat, s.lng, s.ids)
		})
}

// recountPoints adds or takes away the enterprises cond selects (as
// recount's cond) to or from point_cells. The cells are computed here, in
// Go, as countNew computes them: one formula for both.
func (db *DB) recountPoints(ctx context.Context, q queryer, sign int, cond string, args ...any) error {
	rows, err := q.QueryContext(ctx, `SELECT e.id, e.lat, e.lng, e.province_code, e.regency_code, COALESCE(e.district_code, '')
		FROM enterprises e WHERE (`+cond+`) AND e.lat IS NOT NULL AND e.lng IS NOT NULL`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	delta := map[pointKey]*pointSum{}
	ps := make([]pointRow, 0, 256)
	for rows.Next() {
		var p pointRow
		if err := rows.Scan(&p.id, &p.lat, &p.lng, &p.province, &p.regency, &p.district); err != nil {
			return err
		}
		ps = append(ps, p)
		if len(ps) == cap(ps) {
			addPoints(delta, int64(sign), ps)
			ps = ps[:0]
		}
		// A national registry's rebuild: deltas add up, so write them in
		// parts rather than hold millions of cells.
		if len(delta) >= 200_000 {
			if err := db.writePoints(ctx, q, delta); err != nil {
				return err
			}
			clear(delta)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	addPoints(delta, int64(sign), ps)
	return db.writePoints(ctx, q, delta)
}

// rebuildPoints fills point_cells from the registry (migration 0039).
func rebuildPoints(ctx context.Context, db *DB, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM point_cells`); err != nil {
		return err
	}
	return db.recountPoints(ctx, tx, 1, "1 = 1")
}

// summaryScope says whether the summary answers region for the actor: a
// reader of the whole registry, or of an office's region that holds region.
// Listed scopes (an owner's, a mentor's) and an office's reading beyond its
// region are answered from the rows.
func summaryScope(ctx context.Context, region string) bool {
	scope := siapekspor.ScopeOf(siapekspor.ActorFrom(ctx))
	return scope.All || scope.RegionCode != "" && (region == scope.RegionCode || strings.HasPrefix(region, scope.RegionCode+"."))
}

// pointsWhere selects the enterprises with coordinates in region (a
// province or regency code) within the actor's scope.
func pointsWhere(ctx context.Context, region string) *where {
	scope := siapekspor.ScopeOf(siapekspor.ActorFrom(ctx))
	if scope.RegionCode != "" && (region == scope.RegionCode || strings.HasPrefix(region, scope.RegionCode+".")) {
		// The region lies in the office's own: the scope says nothing more.
		scope = siapekspor.EnterpriseScope{All: true}
	}
	w := scopeWhere(scope)
	province, _, _ := strings.Cut(region, ".")
	if province != "" {
		w.add("e.province_code = ?", province)
	}
	if province != region {
		w.add("e.regency_code = ?", region)
	}
	w.add("e.lat IS NOT NULL")
	return w
}

// EnterpriseClusters clusters the enterprises with coordinates in region
// (a province or regency code) inside box, within the actor's scope, for
// zoom's grid with at most max clusters. Truncated says a view past the
// summary's zoom held more than MaxViewPoints enterprises and was
// clustered from the summary's deepest grid (coarser cells).
func (db *DB) EnterpriseClusters(ctx context.Context, region string, zoom int, box cluster.BBox, max int) (res cluster.Result, truncated bool, err error) {
	deepest := pointZooms[len(pointZooms)-1]
	if !summaryScope(ctx, region) {
		pts, more, err := db.enterprisePoints(ctx, region, box, MaxMapPoints)
		return cluster.Grid(pts, zoom, max), more, err
	}
	if zoom > deepest {
		pts, more, err := db.enterprisePoints(ctx, region, box, MaxViewPoints)
		if err != nil || !more {
			return cluster.Grid(pts, zoom, max), false, err
		}
		bins, err := db.pointBins(ctx, region, deepest, box)
		return cluster.Merge(bins, deepest, zoom, max), true, err
	}
	binZoom := deepest
	for _, z := range pointZooms {
		if z >= zoom {
			binZoom = z
			break
		}
	}
	bins, err := db.pointBins(ctx, region, binZoom, box)
	return cluster.Merge(bins, binZoom, zoom, max), false, err
}

// pointBins reads the summary's cells of region at zoom that box touches:
// a province's past provinceZoomMax as its regencies' cells.
func (db *DB) pointBins(ctx context.Context, region string, zoom int, box cluster.BBox) ([]cluster.Bin, error) {
	x0, y0, x1, y1 := box.CellRange(zoom)
	args := []any{zoom, x0, x1, y0, y1, region}
	if zoom > provinceZoomMax && !strings.Contains(region, ".") {
		args = args[:5]
		for _, r := range refdata.DefaultRegionIndex().Children(region) {
			args = append(args, r.Code)
		}
		if len(args) == 5 {
			return nil, nil // no regencies known: nothing counted under them
		}
	}
	rows, err := db.readQuery(ctx, `SELECT x, y, n, lat_e6, lng_e6, id_sum FROM point_cells
		WHERE zoom = $1 AND region_code IN (`+placeholders(6, len(args)-5)+`) AND x BETWEEN $2 AND $3 AND y BETWEEN $4 AND $5 AND n <> 0`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var bins []cluster.Bin
	for rows.Next() {
		var b cluster.Bin
		if err := rows.Scan(&b.X, &b.Y, &b.N, &b.LatE6, &b.LngE6, &b.IDSum); err != nil {
			return nil, err
		}
		bins = append(bins, b)
	}
	return bins, rows.Err()
}

// MaxMapPoints bounds how many positions one read of the rows returns (a
// listed scope's, or an office's beyond its region).
const MaxMapPoints = 300_000

// enterprisePoints reads the positions of the enterprises with coordinates
// in region inside box, within the actor's scope: at most limit of them
// (more says so).
func (db *DB) enterprisePoints(ctx context.Context, region string, box cluster.BBox, limit int) (pts []cluster.Point, more bool, err error) {
	w := pointsWhere(ctx, region)
	w.add("e.lat >= ? AND e.lat <= ? AND e.lng >= ? AND e.lng <= ?", box.South, box.North, box.West, box.East)
	rows, err := db.readQuery(ctx, `SELECT e.id, e.lat, e.lng FROM enterprises e`+w.sql()+` LIMIT `+strconv.Itoa(limit+1), w.args...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var p cluster.Point
		if err := rows.Scan(&p.ID, &p.Lat, &p.Lng); err != nil {
			return nil, false, err
		}
		pts = append(pts, p)
	}
	if len(pts) > limit {
		return pts[:limit], true, rows.Err()
	}
	return pts, false, rows.Err()
}

// DistrictPoints counts the enterprises with coordinates per district of
// region (a province or regency code), within the actor's scope, with the
// mean of their positions (for a district without a boundary to place its
// count at). An enterprise without a district counts under "".
type DistrictPoints struct {
	Code     string
	Count    int
	Lat, Lng float64
}

// CountDistrictPoints reads DistrictPoints, sorted by code: from the
// summary's shallowest grid (the cells of the region and of its districts),
// or from the rows for a listed scope.
func (db *DB) CountDistrictPoints(ctx context.Context, region string) ([]DistrictPoints, error) {
	if !summaryScope(ctx, region) {
		return db.countDistrictRows(ctx, region)
	}
	ix := refdata.DefaultRegionIndex()
	codes := []any{pointZooms[0], region}
	var districts []refdata.Region
	for _, c := range ix.Children(region) {
		if c.Level == 3 {
			districts = append(districts, c)
			continue
		}
		districts = append(districts, ix.Children(c.Code)...)
	}
	for _, d := range districts {
		codes = append(codes, d.Code)
	}
	rows, err := db.readQuery(ctx, `SELECT region_code, CAST(SUM(n) AS BIGINT), CAST(SUM(lat_e6) AS BIGINT), CAST(SUM(lng_e6) AS BIGINT)
		FROM point_cells WHERE zoom = $1 AND region_code IN (`+placeholders(2, len(codes)-1)+`) GROUP BY region_code ORDER BY region_code`, codes...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var total, rest pointSum
	var out []DistrictPoints
	for rows.Next() {
		var code string
		var s pointSum
		if err := rows.Scan(&code, &s.n, &s.lat, &s.lng); err != nil {
			return nil, err
		}
		if code == region {
			total = s
			continue
		}
		rest.n += s.n
		rest.lat += s.lat
		rest.lng += s.lng
		if s.n > 0 {
			out = append(out, meanPoint(code, s))
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The enterprises without a district: the region's, less its districts'.
	if none := (pointSum{n: total.n - rest.n, lat: total.lat - rest.lat, lng: total.lng - rest.lng}); none.n > 0 {
		out = append([]DistrictPoints{meanPoint("", none)}, out...)
	}
	return out, nil
}

func meanPoint(code string, s pointSum) DistrictPoints {
	n := float64(s.n)
	return DistrictPoints{Code: code, Count: int(s.n), Lat: float64(s.lat) / n / 1e6, Lng: float64(s.lng) / n / 1e6}
}

// countDistrictRows counts DistrictPoints over the rows themselves.
func (db *DB) countDistrictRows(ctx context.Context, region string) ([]DistrictPoints, error) {
	w := pointsWhere(ctx, region)
	rows, err := db.readQuery(ctx, `SELECT COALESCE(e.district_code, ''), COUNT(*), AVG(e.lat), AVG(e.lng) FROM enterprises e`+w.sql()+
		` GROUP BY COALESCE(e.district_code, '') ORDER BY 1`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DistrictPoints
	for rows.Next() {
		var d DistrictPoints
		if err := rows.Scan(&d.Code, &d.Count, &d.Lat, &d.Lng); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
