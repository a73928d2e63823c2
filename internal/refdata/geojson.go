package refdata

import (
	"bufio"
	"io"
	"math"
)

// Writing boundaries back out as GeoJSON, for the map page: the children
// of one region (a province's regencies and cities, a regency's districts)
// as a FeatureCollection whose features carry the Kemendagri code (kode)
// and the name (nama) of the reference, with coordinates rounded to four
// decimals (about 11 m, finer than the simplified source polygons) so that
// a province's map stays a few tens of kilobytes compressed.

// GeoPrecision is the number of decimals written per coordinate.
const GeoPrecision = 4

// ChildBoundaries returns the level whose boundaries hold the children of
// region code (regencies for a province, districts for a regency) and the
// children that have one; ok is false when the region is unknown, is not a
// province or regency, or none of its children has a boundary.
func ChildBoundaries(ix *RegionIndex, code string) (b *Boundaries, children []Region, ok bool) {
	r, found := ix.ByCode(code)
	if !found {
		return nil, nil, false
	}
	switch r.Level {
	case 1:
		b = RegencyBoundaries()
	case 2:
		b = DistrictBoundaries()
	default:
		return nil, nil, false
	}
	for _, c := range ix.Children(r.Code) {
		if b.Has(c.Code) {
			children = append(children, c)
		}
	}
	return b, children, len(children) > 0
}

// WriteGeoJSON writes the boundaries of regions (those that have one, in
// the order given) as a GeoJSON FeatureCollection with properties kode and
// nama, and returns how many features it wrote.
func (b *Boundaries) WriteGeoJSON(w io.Writer, regions []Region) (int, error) {
	bw := bufio.NewWriterSize(w, 32<<10)
	buf := make([]byte, 0, 256)
	bw.WriteString(`{"type":"FeatureCollection","features":[`)
	n := 0
	for _, r := range regions {
		i, ok := b.byCode[r.Code]
		if !ok {
			continue
		}
		polygons := roundedPolygons(b.shapes[i].polygons)
		if len(polygons) == 0 {
			continue
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		n++
		buf = append(buf[:0], `{"type":"Feature","properties":{"kode":`...)
		buf = appendJSONString(buf, r.Code)
		buf = append(buf, `,"nama":`...)
		buf = appendJSONString(buf, r.Name)
		buf = append(buf, `},"geometry":`...)
		bw.Write(buf)
		writeMultiPolygon(bw, polygons)
		bw.WriteByte('}')
	}
	bw.WriteString(`]}`)
	return n, bw.Flush()
}

// roundCoord rounds a coordinate to GeoPrecision decimals.
func roundCoord(x float64) float64 {
	const scale = 1e4 // 10^GeoPrecision
	return math.Round(x*scale) / scale
}

// roundedPolygons rounds every point, drops a point equal to the one before
// it (rounding merges close vertices), and drops a ring left with fewer
// than four points (less than a closed triangle): a polygon whose outer
// ring goes, goes with it.
func roundedPolygons(polygons [][]ring) [][]ring {
	out := make([][]ring, 0, len(polygons))
	for _, p := range polygons {
		var q []ring
		for ri, r := range p {
			rr := make(ring, 0, len(r))
			for _, pt := range r {
				pt = [2]float64{roundCoord(pt[0]), roundCoord(pt[1])}
				if len(rr) > 0 && rr[len(rr)-1] == pt {
					continue
				}
				rr = append(rr, pt)
			}
			if len(rr) < 4 {
				if ri == 0 {
					break // no outer ring, no polygon
				}
				continue
			}
			q = append(q, rr)
		}
		if len(q) > 0 {
			out = append(out, q)
		}
	}
	return out
}

// appendJSONString appends s as a JSON string (names hold letters, spaces,
// dots, apostrophes and dashes; anything below U+0020, a quote or a
// backslash is escaped, and <, > and & too so the text is safe anywhere).
func appendJSONString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			buf = append(buf, '\\', c)
		case c < 0x20 || c == '<' || c == '>' || c == '&':
			buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			buf = append(buf, c)
		}
	}
	return append(buf, '"')
}

// Polygons returns a region's boundary as polygons, each an outer ring
// then its holes, each ring a list of [lng, lat] pairs (nil when the level
// has no boundary for it). The rings are the loaded ones: callers must not
// change them.
func (b *Boundaries) Polygons(code string) [][][][2]float64 {
	i, ok := b.byCode[code]
	if !ok {
		return nil
	}
	out := make([][][][2]float64, len(b.shapes[i].polygons))
	for p, rings := range b.shapes[i].polygons {
		out[p] = make([][][2]float64, len(rings))
		for r, rg := range rings {
			out[p][r] = rg
		}
	}
	return out
}
