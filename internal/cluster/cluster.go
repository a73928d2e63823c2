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
// wide do not overlap much at 64). 64 = 256/4: the world is 2^(zoom+2)
// cells a side, so the cells of one zoom split exactly into the cells of
// every deeper one — what lets a summary of fine cells (Bin) be merged
// into any coarser zoom's grid without reading the points again.
const Cell = 64

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

// Bin is the points of one cell of a zoom's grid, summed: N of them, the
// sums of their positions in millionths of a degree (E6) and of their ids
// (the point's own id when N is 1). Integers, so that a summary adding and
// taking away points stays exact.
type Bin struct {
	X, Y         int64
	N            int64
	LatE6, LngE6 int64
	IDSum        int64
}

// E6 is a position in millionths of a degree (about 11 cm), as bins sum it.
func E6(deg float64) int64 { return int64(math.Round(deg * 1e6)) }

// CellOf is the cell of zoom's grid (0…MaxZoom, clamped) a position lies in.
func CellOf(lat, lng float64, zoom int) (x, y int64) {
	zoom = clampZoom(zoom)
	cells := math.Exp2(float64(zoom + 2))
	px, py := project(lat, lng)
	return clampCell(int64(math.Floor(px*cells)), zoom), clampCell(int64(math.Floor(py*cells)), zoom)
}

func clampCell(c int64, zoom int) int64 { return max(0, min(c, int64(1)<<(zoom+2)-1)) }

func clampZoom(zoom int) int { return max(0, min(MaxZoom, zoom)) }

// Grid clusters points for zoom (0…MaxZoom; clamped) with at most max
// clusters (max ≥ 1).
func Grid(points []Point, zoom, max int) Result {
	zoom = clampZoom(zoom)
	bins := make([]Bin, len(points))
	for i, p := range points {
		x, y := CellOf(p.Lat, p.Lng, zoom)
		bins[i] = Bin{X: x, Y: y, N: 1, LatE6: E6(p.Lat), LngE6: E6(p.Lng), IDSum: p.ID}
	}
	return Merge(bins, zoom, zoom, max)
}

// Merge clusters bins of binZoom's grid for zoom with at most max clusters
// (max ≥ 1): each bin goes whole into the zoom's cell that holds it (when
// binZoom ≥ zoom, exactly the cell its points lie in; a shallower binZoom
// gives its coarser cells). The cells double while the clusters are more
// than max.
func Merge(bins []Bin, binZoom, zoom, max int) Result {
	binZoom, zoom = clampZoom(binZoom), clampZoom(zoom)
	if max < 1 {
		max = 1
	}
	shift := binZoom - zoom // cells of the zoom are 2^shift bins a side
	cellPx := Cell
	if shift < 0 {
		cellPx, shift = Cell<<-shift, 0
	}
	res := Result{Clusters: []Cluster{}}
	for _, b := range bins {
		res.Total += int(b.N)
	}
	for {
		grid := map[[2]int64]*Bin{}
		for i := range bins {
			b := &bins[i]
			if b.N == 0 {
				continue
			}
			k := [2]int64{b.X >> shift, b.Y >> shift}
			a := grid[k]
			if a == nil {
				a = &Bin{}
				grid[k] = a
			}
			a.N += b.N
			a.LatE6 += b.LatE6
			a.LngE6 += b.LngE6
			a.IDSum += b.IDSum
		}
		// Stop at the cap, or when one cell is the whole world.
		if len(grid) <= max || shift >= binZoom+2 {
			res.CellPx = cellPx
			for _, a := range grid {
				n := float64(a.N)
				c := Cluster{Lat: round6(float64(a.LatE6) / n / 1e6), Lng: round6(float64(a.LngE6) / n / 1e6), Count: int(a.N)}
				if a.N == 1 {
					c.ID = a.IDSum
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
		shift++
	}
}

// CellRange is the cells of zoom's grid that box touches: x from X0 to X1,
// y from Y0 (north) to Y1 (south), inclusive.
func (b BBox) CellRange(zoom int) (x0, y0, x1, y1 int64) {
	x0, y0 = CellOf(b.North, b.West, zoom)
	x1, y1 = CellOf(b.South, b.East, zoom)
	return x0, y0, x1, y1
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
