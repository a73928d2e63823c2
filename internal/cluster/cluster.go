// Package cluster groups map points into clusters on a grid, server-side,
// so that a phone draws at most a few hundred markers whatever the number
// of enterprises: the world, in Web Mercator (the projection of Leaflet's
// default map), is cut into square cells of Cell pixels at the map's zoom;
// the points of one cell become one cluster at their mean position. The
// grid is anchored to the world, not to the view, so a cluster stays put
// while the map pans. When the clusters would still be more than a cap,
// the cells double in size until they are not.
package cluster

import (
	"math"
	"sort"
)

// Point is one enterprise's position.
type Point struct {
	ID       int64
	Lat, Lng float64
}

// Cluster is the points of one cell: Count of them around (Lat, Lng), the
// mean of their positions; ID is the point's own when Count is 1.
type Cluster struct {
	Lat   float64 `json:"lat"`
	Lng   float64 `json:"lng"`
	Count int     `json:"n"`
	ID    int64   `json:"id,omitempty"`
}

// Cell is a cell's side in screen pixels at any zoom (markers about 40 px
// wide do not overlap much at 60).
const Cell = 60

// MaxZoom is the deepest zoom clustered; beyond it each point stands alone
// (tiles stop at 18 or 19).
const MaxZoom = 20

// Result is the clusters of one request, sorted by (Lat, Lng), and the
// cell size the cap made necessary (pixels at the zoom).
type Result struct {
	Clusters []Cluster `json:"clusters"`
	Total    int       `json:"total"`
	CellPx   int       `json:"cell_px"`
}

// Grid clusters points for zoom (0…MaxZoom; clamped) with at most max
// clusters (max ≥ 1).
func Grid(points []Point, zoom, max int) Result {
	zoom = min(MaxZoom, zoom)
	zoom = int(math.Max(0, float64(zoom)))
	max = int(math.Max(1, float64(max)))
	res := Result{Total: len(points), Clusters: []Cluster{}}
	cellPx := Cell
	for {
		// World size in pixels at this zoom: 256·2^zoom.
		cells := math.Exp2(float64(zoom)) * 256 / float64(cellPx)
		type acc struct {
			lat, lng float64
			n        int
			id       int64
		}
		grid := map[[2]int64]*acc{}
		for _, p := range points {
			x, y := project(p.Lat, p.Lng)
			k := [2]int64{int64(math.Floor(x * cells)), int64(math.Floor(y * cells))}
			a := grid[k]
			if a == nil {
				a = &acc{id: p.ID}
				grid[k] = a
			}
			a.lat += p.Lat
			a.lng += p.Lng
			a.n++
		}
		if len(grid) <= max || cells < 1 {
			res.CellPx = cellPx
			for _, a := range grid {
				c := Cluster{Lat: round6(a.lat / float64(a.n)), Lng: round6(a.lng / float64(a.n)), Count: a.n}
				if a.n == 1 {
					c.ID = a.id
				}
				res.Clusters = append(res.Clusters, c)
			}
			sort.Slice(res.Clusters, func(i, j int) bool {
				a, b := res.Clusters[i], res.Clusters[j]
				if a.Lat != b.Lat {
					return a.Lat < b.Lat
				}
				if a.Lng != b.Lng {
					return a.Lng < b.Lng
				}
				return a.ID < b.ID
			})
			return res
		}
		cellPx *= 2
	}
}

// project maps a position to Web Mercator's unit square (x east, y south),
// latitudes clamped to Mercator's ±85.0511°.
func project(lat, lng float64) (x, y float64) {
	lat = math.Max(-85.05112878, math.Min(85.05112878, lat))
	s := math.Sin(lat * math.Pi / 180)
	x = (lng + 180) / 360
	y = 0.5 - math.Log((1+s)/(1-s))/(4*math.Pi)
	return x, y
}

// round6 keeps six decimals (about 11 cm): enough for a marker, short JSON.
func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// BBox is a view's bounds in degrees.
type BBox struct{ South, West, North, East float64 }

// Valid says whether the box is a real box on the globe.
func (b BBox) Valid() bool {
	for _, v := range []float64{b.South, b.West, b.North, b.East} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return b.South >= -90 && b.North <= 90 && b.South < b.North && b.West >= -180 && b.East <= 180 && b.West < b.East
}

// Grow widens the box by a fraction of its size on every side (points just
// outside the view still pull their cluster's position right), within the
// globe.
func (b BBox) Grow(f float64) BBox {
	dy, dx := (b.North-b.South)*f, (b.East-b.West)*f
	return BBox{math.Max(-90, b.South-dy), math.Max(-180, b.West-dx), math.Min(90, b.North+dy), math.Min(180, b.East+dx)}
}
