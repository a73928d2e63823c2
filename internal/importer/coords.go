package importer

import (
	"strconv"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// borderMargin is how far (in degrees, about 5 km) outside a regency's
// bounding box a point that lies in no regency at all is still taken as
// the regency's: the shipped boundaries are simplified, and coasts cut.
const borderMargin = 0.05

func formatPoint(lat, lng float64) string {
	return strconv.FormatFloat(lat, 'f', -1, 64) + ", " + strconv.FormatFloat(lng, 'f', -1, 64)
}

// coordinates reads the latitude/longitude columns (or one "koordinat"
// column) and checks the point lies in the row's regency, and in its
// district where the district has a boundary.
func (r *Reader) coordinates(e *siapekspor.Enterprise, get func(Field) string, problem, guess func(Field, string, ...any)) {
	var lat, lng float64
	f := FCoordinates
	switch {
	case get(FCoordinates) != "":
		var ok bool
		if lat, lng, ok = ParseCoordinates(get(FCoordinates)); !ok {
			problem(f, "import.bad_coordinates")
			return
		}
	case get(FLat) != "" || get(FLng) != "":
		f = FLat
		a, okA := parseDegrees(get(FLat))
		b, okB := parseDegrees(get(FLng))
		if !okA {
			problem(FLat, "import.bad_coordinates")
		}
		if !okB {
			problem(FLng, "import.bad_coordinates")
		}
		if !okA || !okB {
			return
		}
		lat, lng = a, b
	default:
		return
	}
	if Swapped(lat, lng) {
		lat, lng = lng, lat
		guess(f, "import.guess_coordinates_swapped", formatPoint(lat, lng))
	}
	if !inIndonesia(lat, lng) {
		problem(f, "import.coordinates_outside_indonesia")
		return
	}
	if e.RegencyCode != "" {
		ix := r.index()
		if !r.pointIn(refdata.RegencyBoundaries(), e.RegencyCode, lat, lng, f, problem, guess, ix) {
			return
		}
		if e.DistrictCode != "" && !r.pointIn(refdata.DistrictBoundaries(), e.DistrictCode, lat, lng, f, problem, guess, ix) {
			return
		}
	}
	e.Lat, e.Lng = &lat, &lng
}

// pointIn checks one boundary; a region without one passes.
func (r *Reader) pointIn(b *refdata.Boundaries, code string, lat, lng float64, f Field, problem, guess func(Field, string, ...any), ix *refdata.RegionIndex) bool {
	inside, known := b.Contains(code, lat, lng)
	if inside || !known {
		return true
	}
	want, _ := ix.ByCode(code)
	if at := b.At(lat, lng); at != "" {
		got, _ := ix.ByCode(at)
		problem(f, "import.coordinates_elsewhere", regionLabel(got), regionLabel(want))
		return false
	}
	if b.Near(code, lat, lng, borderMargin) {
		guess(f, "import.guess_coordinates_border", regionLabel(want))
		return true
	}
	problem(f, "import.coordinates_outside", regionLabel(want))
	return false
}
