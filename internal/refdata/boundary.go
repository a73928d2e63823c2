package refdata

import (
	"compress/gzip"
	"encoding/json"
	"sort"
	"sync"
)

// Boundaries of regencies (the whole country) and of districts (Lampung)
// from data/*.geojson.gz (see data/SOURCES.md), to check that a point lies
// where a row says. The polygons are simplified by their source: a point
// near a border may fall just outside.

type ring [][2]float64 // [lng, lat] pairs, as GeoJSON writes them

type shape struct {
	code           string
	minLat, minLng float64
	maxLat, maxLng float64
	polygons       [][]ring // each: outer ring, then holes
	vertices       int
}

// Boundaries answers point-in-region questions for one level.
type Boundaries struct {
	shapes []shape
	byCode map[string]int
}

type geoJSON struct {
	Features []struct {
		Properties struct {
			Code string `json:"kode"`
		} `json:"properties"`
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

func loadBoundaries(name string) *Boundaries {
	f, err := files.Open("data/" + name)
	if err != nil {
		panic("refdata: " + name + ": " + err.Error())
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		panic("refdata: " + name + ": " + err.Error())
	}
	var g geoJSON
	if err := json.NewDecoder(zr).Decode(&g); err != nil {
		panic("refdata: " + name + ": " + err.Error())
	}
	b := &Boundaries{byCode: map[string]int{}}
	for _, ft := range g.Features {
		s := shape{code: ft.Properties.Code, minLat: 90, minLng: 180, maxLat: -90, maxLng: -180}
		switch ft.Geometry.Type {
		case "Polygon":
			var p []ring
			if json.Unmarshal(ft.Geometry.Coordinates, &p) == nil {
				s.polygons = [][]ring{p}
			}
		case "MultiPolygon":
			_ = json.Unmarshal(ft.Geometry.Coordinates, &s.polygons)
		}
		for _, p := range s.polygons {
			for _, r := range p {
				s.vertices += len(r)
				for _, pt := range r {
					s.minLng, s.maxLng = min(s.minLng, pt[0]), max(s.maxLng, pt[0])
					s.minLat, s.maxLat = min(s.minLat, pt[1]), max(s.maxLat, pt[1])
				}
			}
		}
		b.byCode[s.code] = len(b.shapes)
		b.shapes = append(b.shapes, s)
	}
	sort.SliceStable(b.shapes, func(i, j int) bool { return b.shapes[i].code < b.shapes[j].code })
	for i, s := range b.shapes {
		b.byCode[s.code] = i
	}
	return b
}

var (
	regencyBoundsOnce, districtBoundsOnce sync.Once
	regencyBounds, districtBounds         *Boundaries
)

// RegencyBoundaries are the boundaries of every regency and city.
func RegencyBoundaries() *Boundaries {
	regencyBoundsOnce.Do(func() { regencyBounds = loadBoundaries("indonesia_kabupaten_kota.geojson.gz") })
	return regencyBounds
}

// DistrictBoundaries are the boundaries of the districts that have them
// (Lampung's).
func DistrictBoundaries() *Boundaries {
	districtBoundsOnce.Do(func() { districtBounds = loadBoundaries("lampung_kecamatan.geojson.gz") })
	return districtBounds
}

// Has says whether the region has a boundary here.
func (b *Boundaries) Has(code string) bool {
	_, ok := b.byCode[code]
	return ok
}

// Contains says whether the point lies inside the region; known is false
// when the region has no boundary. Linear in the region's vertices, and
// only when the point is inside its bounding box.
func (b *Boundaries) Contains(code string, lat, lng float64) (inside, known bool) {
	i, ok := b.byCode[code]
	if !ok {
		return false, false
	}
	return b.shapes[i].contains(lat, lng), true
}

// Near says whether the point lies within margin degrees of the region's
// bounding box: a point a simplified border leaves just outside.
func (b *Boundaries) Near(code string, lat, lng, margin float64) bool {
	i, ok := b.byCode[code]
	if !ok {
		return false
	}
	s := &b.shapes[i]
	return lat >= s.minLat-margin && lat <= s.maxLat+margin && lng >= s.minLng-margin && lng <= s.maxLng+margin
}

// At returns the code of the region the point lies in, or "".
func (b *Boundaries) At(lat, lng float64) string {
	for i := range b.shapes {
		if b.shapes[i].contains(lat, lng) {
			return b.shapes[i].code
		}
	}
	return ""
}

func (s *shape) contains(lat, lng float64) bool {
	if lat < s.minLat || lat > s.maxLat || lng < s.minLng || lng > s.maxLng {
		return false
	}
	for _, p := range s.polygons {
		// Even-odd over the outer ring and its holes.
		in := false
		for _, r := range p {
			for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
				yi, yj := r[i][1], r[j][1]
				if (yi > lat) != (yj > lat) {
					x := r[j][0] + (lat-yj)*(r[i][0]-r[j][0])/(yi-yj)
					if lng < x {
						in = !in
					}
				}
			}
		}
		if in {
			return true
		}
	}
	return false
}
