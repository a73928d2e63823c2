package refdata

import "sort"

// Points inside a region's boundary: a representative point for the map's
// district aggregates (one marker per district, inside it even when the
// district is a crescent or an archipelago), and random points for the
// demo's coordinates.

// RandomPoint draws a point inside the region's boundary from uniform
// numbers in [0,1) that next returns (rejection inside the bounding box);
// ok is false when the region has no boundary or tries draws all miss.
func (b *Boundaries) RandomPoint(code string, next func() float64, tries int) (lat, lng float64, ok bool) {
	i, found := b.byCode[code]
	if !found {
		return 0, 0, false
	}
	s := &b.shapes[i]
	for range tries {
		lat = s.minLat + next()*(s.maxLat-s.minLat)
		lng = s.minLng + next()*(s.maxLng-s.minLng)
		if s.contains(lat, lng) {
			return lat, lng, true
		}
	}
	return 0, 0, false
}

// Representative returns a point inside the region: on the horizontal line
// through the middle of its largest polygon's height, the middle of the
// widest stretch of that line inside the polygon (a cheap stand-in for the
// pole of inaccessibility, always inside). ok is false without a boundary.
func (b *Boundaries) Representative(code string) (lat, lng float64, ok bool) {
	if b == nil {
		return 0, 0, false
	}
	i, found := b.byCode[code]
	if !found {
		return 0, 0, false
	}
	return b.shapes[i].representative()
}

func (s *shape) representative() (lat, lng float64, ok bool) {
	best, bestArea := -1, -1.0
	for i, p := range s.polygons {
		if len(p) == 0 || len(p[0]) < 4 {
			continue
		}
		if a := ringArea(p[0]); a > bestArea {
			best, bestArea = i, a
		}
	}
	if best < 0 {
		return 0, 0, false
	}
	p := s.polygons[best]
	minLat, maxLat := p[0][0][1], p[0][0][1]
	for _, pt := range p[0] {
		minLat, maxLat = min(minLat, pt[1]), max(maxLat, pt[1])
	}
	// A few lines across the polygon; the widest inside stretch wins.
	width := -1.0
	for _, f := range []float64{0.5, 0.35, 0.65, 0.2, 0.8} {
		y := minLat + f*(maxLat-minLat)
		var xs []float64
		for _, r := range p {
			for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
				yi, yj := r[i][1], r[j][1]
				if (yi > y) != (yj > y) {
					xs = append(xs, r[j][0]+(y-yj)*(r[i][0]-r[j][0])/(yi-yj))
				}
			}
		}
		sort.Float64s(xs)
		for k := 0; k+1 < len(xs); k += 2 {
			if w := xs[k+1] - xs[k]; w > width {
				width, lat, lng = w, y, (xs[k]+xs[k+1])/2
			}
		}
	}
	return lat, lng, width > 0
}

// ringArea is a ring's area in square degrees (shoelace), unsigned.
func ringArea(r ring) float64 {
	a := 0.0
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a += (r[j][0] - r[i][0]) * (r[j][1] + r[i][1])
	}
	if a < 0 {
		a = -a
	}
	return a / 2
}
