package trade

import (
	"math"
	"testing"
)

func TestShippedFilesReadWithoutProblems(t *testing.T) {
	rows := map[string]int{DatasetImports2024: 820362, DatasetBilateral2024: 195391, DatasetIDNExports2024: 122564, DatasetWorldHS2: 193930, DatasetCoffeeICO: 4002}
	for _, ds := range Datasets {
		r, err := OpenShipped(ds.ID)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		if err := ForEach(r, func(f Flow) error {
			n++
			if f.Dataset != ds.ID || f.Line == 0 {
				t.Fatalf("%s: %+v", ds.ID, f)
			}
			if f.Exporter == "S19" || f.Importer == "S19" {
				t.Fatalf("%s: S19 must read as TWN", ds.ID)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		r.Close()
		if ps := r.Problems(); len(ps) > 0 {
			t.Errorf("%s: %d problems, first %+v", ds.ID, len(ps), ps[0])
		}
		if want, ok := rows[ds.ID]; ok && n != want {
			t.Errorf("%s: %d rows, want %d", ds.ID, n, want)
		}
		t.Logf("%s: %d flows", ds.ID, n)
	}
}

// The spot checks of shared/data/SOURCES.md.
func TestShippedIndexSpotChecks(t *testing.T) {
	ix, err := ShippedIndex()
	if err != nil {
		t.Fatal(err)
	}
	if got := ix.Imports("090111")["JPN"]; got != 1624068170 {
		t.Errorf("Japan's imports of 090111 = %v", got)
	}
	if got := ix.IndonesiaExports("090111")["JPN"]; got != 91784809 {
		t.Errorf("Indonesia → Japan 090111 = %v", got)
	}
	total := 0.0
	for _, v := range ix.IndonesiaExports("0901") {
		total += v
	}
	if math.Abs(total-1.10e9) > 0.01e9 {
		t.Errorf("Indonesia's coffee exports = %v, SOURCES.md says 1.10 billion", total)
	}
	all := 0.0
	for _, v := range ix.IndonesiaExportsAll() {
		all += v
	}
	if math.Abs(all-249.1e9) > 0.1e9 {
		t.Errorf("Indonesia's exports = %v, SOURCES.md says 249.1 billion", all)
	}
	if n := len(ix.Reporters()); n != 220 {
		t.Errorf("%d importers, want 220", n)
	}
	for _, c := range MissingImporters {
		if ix.IsReporter(c) {
			t.Errorf("%s should be missing as an importer", c)
		}
		exports := false
		for _, f := range ix.BilateralFlows("0901") {
			exports = exports || f.Exporter == c
		}
		if !exports {
			t.Errorf("%s should appear as an exporter", c)
		}
	}
	if !ix.IsReporter("TWN") {
		t.Error("Taiwan (S19) is an importer")
	}
	if !ix.HasBilateral("0906") || ix.HasBilateral("0904"+"99") {
		t.Error("focus products")
	}
	us := ix.CoffeeImports()["USA"]
	if last := us[len(us)-1]; last.Year != 2019 || math.Abs(last.Value-30854.0726487*60) > 1e-6 {
		t.Errorf("ICO USA 2019 = %+v", last)
	}
	ru := ix.CoffeeImports()["RUS"]
	if ru[0].Year != 1990 {
		t.Errorf("the USSR rows count for RUS: %+v", ru[0])
	}
	world := ix.WorldExportsHS2("", "")
	if len(world) != 10 || world[0].Year != 2011 || world[0].Value < 17e12 || world[0].Value > 18.5e12 {
		t.Errorf("world exports = %+v", world[:1])
	}
	if idn := ix.WorldExportsHS2("IDN", "09"); len(idn) != 10 || idn[9].Value <= 0 {
		t.Errorf("Indonesia's chapter 09 = %+v", idn)
	}
	// The dense table answers what the sums say: a chapter of all exporters
	// is every exporter's, and a code nobody exports has no figures.
	all09, idn09, vnm09 := ix.WorldExportsHS2("", "09"), ix.WorldExportsHS2("IDN", "09"), ix.WorldExportsHS2("VNM", "09")
	if len(all09) != 10 || all09[9].Value < idn09[9].Value+vnm09[9].Value {
		t.Errorf("world chapter 09 %+v below Indonesia's and Viet Nam's", all09)
	}
	if got := ix.WorldExportsHS2("XXX", "09"); got != nil {
		t.Errorf("an unknown exporter = %+v", got)
	}
	if got := ix.WorldExportsHS2("IDN", "00"); got != nil {
		t.Errorf("an unknown chapter = %+v", got)
	}
}

func TestDistance(t *testing.T) {
	if d := Haversine(51.5074, -0.1278, 48.8566, 2.3522); math.Abs(d-343.6) > 1 {
		t.Errorf("London–Paris = %.1f km", d)
	}
	d, ok := DistanceKm("IDN", "AUS")
	if !ok || math.Abs(d-5395) > 10 {
		t.Errorf("Jakarta–Canberra = %.0f km", d)
	}
	if d2, _ := DistanceKm("AUS", "IDN"); d2 != d {
		t.Error("not symmetric")
	}
	if _, ok := DistanceKm("S19", "IDN"); !ok {
		t.Error("Taiwan by its BACI code")
	}
	if p, ok := CountryPlace("MAC"); !ok || p.Capital {
		t.Errorf("Macau has no capital coordinates; its centroid stands in: %+v", p)
	}
}

func TestCountryCodes(t *testing.T) {
	for n, want := range map[int]string{490: "TWN", 251: "FRA", 250: "FRA", 842: "USA", 840: "USA", 699: "IND", 356: "IND", 757: "CHE", 579: "NOR", 360: "IDN", 58: "BEL"} {
		if got, ok := CountryByNumeric(n); !ok || got != want {
			t.Errorf("%d = %q", n, got)
		}
	}
	if _, ok := CountryByNumeric(999); ok {
		t.Error("999 is no country")
	}
	for iso3, want := range map[string][2]int{"FRA": {250, 251}, "USA": {840, 842}, "IND": {356, 699}, "TWN": {158, 490}, "IDN": {360, 360}, "BEL": {56, 56}} {
		iso, ok1 := ISONumeric(iso3)
		baci, ok2 := BACINumeric(iso3)
		if !ok1 || !ok2 || iso != want[0] || baci != want[1] {
			t.Errorf("%s: ISO %d BACI %d", iso3, iso, baci)
		}
	}
	if c, ok := CountryByISO2("NA"); !ok || c != "NAM" {
		t.Error("Namibia's NA is a code, not a missing value")
	}
}
