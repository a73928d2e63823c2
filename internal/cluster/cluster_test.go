package cluster

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

func TestGrid(t *testing.T) {
	// Two points 100 m apart and one 50 km away.
	pts := []Point{{1, -5.40, 105.26}, {2, -5.4009, 105.26}, {3, -5.85, 105.26}}
	for _, tc := range []struct {
		name        string
		zoom, max   int
		clusters    int
		biggest     int
		singleIDs   []int64
		wantCellMin int
	}{
		{"a province's zoom: the near pair is one cluster", 8, 100, 2, 2, []int64{3}, Cell},
		{"a street's zoom: each alone", 18, 100, 3, 1, []int64{1, 2, 3}, Cell},
		{"the cap doubles the cells", 18, 1, 1, 3, nil, Cell * 2},
		{"a zoom past the deepest is clamped", 40, 100, 3, 1, []int64{1, 2, 3}, Cell},
		{"a negative zoom is the world", -3, 100, 1, 3, nil, Cell},
		{"a cap of nothing is one", 8, 0, 1, 3, nil, Cell * 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Grid(pts, tc.zoom, tc.max)
			if len(r.Clusters) != tc.clusters || r.Total != 3 || r.CellPx < tc.wantCellMin {
				t.Fatalf("%d clusters (want %d), total %d, cell %d px", len(r.Clusters), tc.clusters, r.Total, r.CellPx)
			}
			big, sum := 0, 0
			var ids []int64
			for _, c := range r.Clusters {
				big = max(big, c.Count)
				sum += c.Count
				if c.Count == 1 {
					ids = append(ids, c.ID)
				} else if c.ID != 0 {
					t.Errorf("a cluster of %d carries id %d", c.Count, c.ID)
				}
			}
			if big != tc.biggest || sum != 3 {
				t.Errorf("biggest %d (want %d), sum %d", big, tc.biggest, sum)
			}
			if len(ids) != len(tc.singleIDs) {
				t.Errorf("single ids %v, want %v", ids, tc.singleIDs)
			}
		})
	}
	// The pair's cluster lies at their mean.
	r := Grid(pts[:2], 8, 10)
	if c := r.Clusters[0]; math.Abs(c.Lat-(-5.40045)) > 1e-6 || c.Lng != 105.26 {
		t.Errorf("mean position %v", c)
	}
	if r := Grid(nil, 8, 10); r.Clusters == nil || len(r.Clusters) != 0 || r.Total != 0 {
		t.Errorf("no points: %+v", r)
	}
}

// The cap holds for any number of points and any zoom, and no point is lost.
func TestGridCap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	pts := make([]Point, 50000)
	for i := range pts {
		pts[i] = Point{int64(i + 1), -6 + rng.Float64()*2.5, 103.5 + rng.Float64()*2.5}
	}
	for zoom := 0; zoom <= MaxZoom; zoom += 3 {
		r := Grid(pts, zoom, 500)
		sum := 0
		for _, c := range r.Clusters {
			sum += c.Count
		}
		if len(r.Clusters) > 500 || sum != len(pts) {
			t.Errorf("zoom %d: %d clusters, %d points", zoom, len(r.Clusters), sum)
		}
	}
}

// Extreme positions (poles, the antimeridian) neither panic nor vanish.
func FuzzGrid(f *testing.F) {
	f.Add(-5.4, 105.2, 8, 10)
	f.Add(90.0, 180.0, 20, 1)
	f.Add(-90.0, -180.0, 0, 0)
	f.Fuzz(func(t *testing.T, lat, lng float64, zoom, max int) {
		if math.IsNaN(lat) || math.IsNaN(lng) || math.IsInf(lat, 0) || math.IsInf(lng, 0) || math.Abs(lat) > 90 || math.Abs(lng) > 180 {
			return
		}
		r := Grid([]Point{{1, lat, lng}, {2, lat, lng}}, zoom, max)
		if len(r.Clusters) != 1 || r.Clusters[0].Count != 2 {
			t.Fatalf("%+v", r)
		}
	})
}

func TestBBox(t *testing.T) {
	for _, tc := range []struct {
		b  BBox
		ok bool
	}{
		{BBox{-6, 103, -3, 106}, true},
		{BBox{-3, 103, -6, 106}, false},
		{BBox{-6, 106, -3, 103}, false},
		{BBox{-91, 103, -3, 106}, false},
		{BBox{-6, 103, -3, 181}, false},
		{BBox{math.NaN(), 103, -3, 106}, false},
		{BBox{-6, math.Inf(-1), -3, 106}, false},
	} {
		if tc.b.Valid() != tc.ok {
			t.Errorf("%+v: valid %v", tc.b, !tc.ok)
		}
	}
	if g := (BBox{-89, -179, 89, 179}).Grow(0.5); g != (BBox{-90, -180, 90, 180}) {
		t.Errorf("grow within the globe: %+v", g)
	}
}

// BenchmarkGrid: the demo province's points with coordinates at a
// province's zoom.
func BenchmarkGrid(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	pts := make([]Point, 62000)
	for i := range pts {
		pts[i] = Point{int64(i + 1), -6 + rng.Float64()*2.5, 103.5 + rng.Float64()*2.5}
	}
	for b.Loop() {
		Grid(pts, 8, 2000)
	}
}

// Bins of a deeper zoom merged into a zoom's grid give the clusters the
// points themselves give: the summary of fine cells answers every coarser
// zoom exactly.
func TestMergeEqualsGrid(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 3))
	pts := make([]Point, 5000)
	for i := range pts {
		pts[i] = Point{int64(i + 1), -6 + rng.Float64()*2.5, 103.5 + rng.Float64()*2.5}
	}
	for _, binZoom := range []int{6, 10, 14} {
		bins := map[[2]int64]*Bin{}
		for _, p := range pts {
			x, y := CellOf(p.Lat, p.Lng, binZoom)
			b := bins[[2]int64{x, y}]
			if b == nil {
				b = &Bin{X: x, Y: y}
				bins[[2]int64{x, y}] = b
			}
			b.N++
			b.LatE6 += E6(p.Lat)
			b.LngE6 += E6(p.Lng)
			b.IDSum += p.ID
		}
		var list []Bin
		for _, b := range bins {
			list = append(list, *b)
		}
		for zoom := 0; zoom <= binZoom; zoom++ {
			for _, max := range []int{10, 400} {
				want, got := Grid(pts, zoom, max), Merge(list, binZoom, zoom, max)
				if !reflect.DeepEqual(want, got) {
					t.Fatalf("bins of zoom %d at zoom %d (max %d): %d clusters, cell %d px; the points give %d, %d px",
						binZoom, zoom, max, len(got.Clusters), got.CellPx, len(want.Clusters), want.CellPx)
				}
			}
		}
	}
	// Bins shallower than the zoom: their cells, in the zoom's pixels.
	r := Merge([]Bin{{X: 1, Y: 1, N: 2, LatE6: -10_000_000, LngE6: 210_000_000, IDSum: 3}}, 12, 14, 10)
	if r.CellPx != Cell*4 || r.Total != 2 || len(r.Clusters) != 1 || r.Clusters[0].ID != 0 || r.Clusters[0].Lat != -5 {
		t.Errorf("shallow bins: %+v", r)
	}
}

// CellRange covers the box's corners; cells nest from zoom to zoom.
func TestCellRange(t *testing.T) {
	b := BBox{South: -6, West: 104, North: -5, East: 106}
	x0, y0, x1, y1 := b.CellRange(10)
	if x0 > x1 || y0 > y1 {
		t.Fatalf("range %d,%d – %d,%d", x0, y0, x1, y1)
	}
	x, y := CellOf(-5.5, 105, 12)
	if x>>2 < x0 || x>>2 > x1 || y>>2 < y0 || y>>2 > y1 {
		t.Errorf("a point inside the box lies outside its range")
	}
	if x, y := CellOf(90, 180, 3); x != 31 || y != 0 {
		t.Errorf("the world's corner: %d,%d", x, y)
	}
}
