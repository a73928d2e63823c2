package refdata

import "testing"

// Every shipped alias names a regency that exists, and none makes a name
// ambiguous inside its own province except where the alias is meant for
// both a kabupaten and a kota of one name ("Bdg").
func TestShippedAliases(t *testing.T) {
	ix := DefaultRegionIndex()
	if len(RegionAliases()) < 50 {
		t.Fatalf("%d aliases", len(RegionAliases()))
	}
	for _, a := range RegionAliases() {
		r, ok := ix.ByCode(a.Code)
		if !ok || r.Level != 2 || AliasKey(a.Alias) == "" {
			t.Errorf("alias %+v: region %+v %v", a, r, ok)
			continue
		}
		res := ix.Resolve(a.Alias, 2, r.Parent)
		switch {
		case res.Status == Normalised && res.Region.Code == a.Code:
		case res.Status == Exact && res.Region.Code == a.Code:
		case res.Status == Ambiguous && a.Alias == "Bdg":
		default:
			t.Errorf("alias %q in %s: %+v", a.Alias, r.Parent, res)
		}
	}
}

func TestAliasResolve(t *testing.T) {
	ix := DefaultRegionIndex()
	for _, c := range []struct {
		name, within, want string
	}{
		{"Lamsel", "18", "18.01"}, {"Kab. Lamsel", "", "18.01"}, {"KAB LAMSEL", "18", "18.01"}, {"Jaksel", "", "31.74"},
		{"Kota Bdg", "", "32.73"}, {"Kab. Bdg", "32", "32.04"}, {"BDL", "18", "18.71"}, {"Kota Lamsel", "", ""}, {"Jaksel", "18", ""},
	} {
		res := ix.Resolve(c.name, 2, c.within)
		got := ""
		if res.Status == Exact || res.Status == Normalised {
			got = res.Region.Code
		}
		if got != c.want {
			t.Errorf("%q in %q: %+v, want %q", c.name, c.within, res, c.want)
		}
	}
}

func TestBoundaries(t *testing.T) {
	b := RegencyBoundaries()
	if len(b.shapes) < 500 {
		t.Fatalf("%d regency boundaries", len(b.shapes))
	}
	for _, c := range []struct {
		lat, lng float64
		code     string
		inside   bool
	}{
		{-5.2649, 105.2174, "18.01", true},  // Natar
		{-5.4142, 105.2621, "18.71", true},  // Bandar Lampung
		{-5.4142, 105.2621, "18.01", false}, // … not Lampung Selatan
		{-6.2615, 106.8106, "31.74", true},  // Jakarta Selatan
		{0, 0, "18.01", false},
	} {
		in, known := b.Contains(c.code, c.lat, c.lng)
		if !known || in != c.inside {
			t.Errorf("%v,%v in %s: %v %v", c.lat, c.lng, c.code, in, known)
		}
	}
	if at := b.At(-5.4142, 105.2621); at != "18.71" {
		t.Errorf("At = %q", at)
	}
	if _, known := b.Contains("99.99", 0, 0); known {
		t.Error("unknown code known")
	}
	d := DistrictBoundaries()
	if in, known := d.Contains("18.01.04", -5.2649, 105.2174); !in || !known {
		t.Errorf("Natar district: %v %v", in, known)
	}
	if d.Has("31.74.01") {
		t.Error("a Jakarta district has a boundary")
	}
}
