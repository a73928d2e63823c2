package trade

import (
	"math"
	"strconv"
	"sync"

	"github.com/siapekspor/siapekspor/internal/refdata"
)

// Place is where distances to a country are measured from.
type Place struct {
	Lat, Lng float64
	Capital  bool // false: the country's centroid, for the few without capital coordinates
}

var (
	placesOnce sync.Once
	places     map[string]Place
)

// CountryPlace returns a country's capital (capitals.csv, from restcountries'
// capitalInfo), or its centroid (refdata) when the capital has no
// coordinates.
func CountryPlace(iso3 string) (Place, bool) {
	placesOnce.Do(func() {
		places = map[string]Place{}
		for _, c := range refdata.Countries() {
			if c.Lat != 0 || c.Lng != 0 {
				places[c.ISO3] = Place{Lat: c.Lat, Lng: c.Lng}
			}
		}
		for _, r := range readSmallCSV("capitals.csv.gz") {
			lat, err1 := strconv.ParseFloat(r[2], 64)
			lng, err2 := strconv.ParseFloat(r[3], 64)
			if err1 == nil && err2 == nil {
				places[r[0]] = Place{Lat: lat, Lng: lng, Capital: true}
			}
		}
	})
	p, ok := places[NormalizeCountry(iso3)]
	return p, ok
}

// DistancesKmFrom returns the distance from a to every country with a
// place (keyed by its ISO3 code), made once per process for each a asked:
// shared, read-only (places are the binary's reference data).
func DistancesKmFrom(a string) map[string]float64 {
	distMu.Lock()
	defer distMu.Unlock()
	if m, ok := distFrom[a]; ok {
		return m
	}
	CountryPlace(a) // loads the places
	m := map[string]float64{}
	for b := range places {
		if d, ok := DistanceKm(a, b); ok {
			m[b] = d
		}
	}
	if distFrom == nil {
		distFrom = map[string]map[string]float64{}
	}
	distFrom[a] = m
	return m
}

var (
	distMu   sync.Mutex
	distFrom map[string]map[string]float64
)

// earthRadiusKm is the mean Earth radius (IUGG).
const earthRadiusKm = 6371.0088

// DistanceKm is the great-circle distance between two countries' capitals.
func DistanceKm(a, b string) (float64, bool) {
	pa, ok1 := CountryPlace(a)
	pb, ok2 := CountryPlace(b)
	if !ok1 || !ok2 {
		return 0, false
	}
	return Haversine(pa.Lat, pa.Lng, pb.Lat, pb.Lng), true
}

// Haversine is the great-circle distance in kilometres between two points
// given in degrees.
func Haversine(lat1, lng1, lat2, lng2 float64) float64 {
	rad := math.Pi / 180
	dLat, dLng := (lat2-lat1)*rad, (lng2-lng1)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * earthRadiusKm * math.Asin(math.Min(1, math.Sqrt(h)))
}
