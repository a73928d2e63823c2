package refdata

import (
	"math/rand/v2"
	"testing"
)

// Every Lampung district's representative point lies inside it, and random
// points drawn for the demo do too.
func TestRepresentativeAndRandomPoints(t *testing.T) {
	b := DistrictBoundaries()
	rng := rand.New(rand.NewPCG(1, 2))
	for _, s := range b.shapes {
		lat, lng, ok := b.Representative(s.code)
		if !ok {
			t.Errorf("%s: no representative point", s.code)
			continue
		}
		if in, _ := b.Contains(s.code, lat, lng); !in {
			t.Errorf("%s: representative point %.4f, %.4f lies outside", s.code, lat, lng)
		}
		lat, lng, ok = b.RandomPoint(s.code, rng.Float64, 200)
		if in, _ := b.Contains(s.code, lat, lng); !ok || !in {
			t.Errorf("%s: random point %.4f, %.4f (%v) outside", s.code, lat, lng, ok)
		}
	}
	if _, _, ok := b.Representative("99.99.99"); ok {
		t.Error("a representative point for an unknown district")
	}
	if _, _, ok := b.RandomPoint("99.99.99", rng.Float64, 10); ok {
		t.Error("a random point in an unknown district")
	}
	// A U-shaped polygon: its centroid lies outside; the point must not.
	u := shape{code: "u", polygons: [][]ring{{{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}, {0, 0}}}}, minLat: 0, maxLat: 3, minLng: 0, maxLng: 3}
	lat, lng, ok := u.representative()
	if !ok || !u.contains(lat, lng) {
		t.Errorf("U shape: %v, %v inside=%v", lat, lng, u.contains(lat, lng))
	}
}
