package store

import (
	"context"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/cluster"
)

// The map's enterprise points (migration 0036's enterprises_point index):
// the positions of the enterprises with coordinates in a region, in the
// reader's scope, for the map's clusters; and their counts per district,
// for the readers who may not see where an enterprise is.

// MaxMapPoints bounds how many positions one read returns: a national
// registry's whole country in one view would otherwise be millions.
const MaxMapPoints = 300_000

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

// EnterprisePoints returns the positions of the enterprises with
// coordinates in region (a province or regency code; "" the country)
// inside box, within the actor's scope — at most MaxMapPoints of them
// (more says so).
func (db *DB) EnterprisePoints(ctx context.Context, region string, box cluster.BBox) (pts []cluster.Point, more bool, err error) {
	w := pointsWhere(ctx, region)
	w.add("e.lat >= ? AND e.lat <= ? AND e.lng >= ? AND e.lng <= ?", box.South, box.North, box.West, box.East)
	rows, err := db.readQuery(ctx, `SELECT e.id, e.lat, e.lng FROM enterprises e`+w.sql()+` LIMIT `+strconv.Itoa(MaxMapPoints+1), w.args...)
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
	if len(pts) > MaxMapPoints {
		return pts[:MaxMapPoints], true, rows.Err()
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

// CountDistrictPoints reads DistrictPoints, sorted by code.
func (db *DB) CountDistrictPoints(ctx context.Context, region string) ([]DistrictPoints, error) {
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
