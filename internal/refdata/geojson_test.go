package refdata

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

type geoOut struct {
	Type     string `json:"type"`
	Features []struct {
		Type       string `json:"type"`
		Properties struct {
			Code string `json:"kode"`
			Name string `json:"nama"`
		} `json:"properties"`
		Geometry struct {
			Type        string           `json:"type"`
			Coordinates [][][][2]float64 `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

func TestChildBoundariesGeoJSON(t *testing.T) {
	ix := DefaultRegionIndex()
	for _, tc := range []struct {
		code     string
		ok       bool
		min, max int    // features
		has      string // a child that must be there
	}{
		{"18", true, 15, 15, "18.01"},        // Lampung: 13 regencies, 2 cities
		{"18.01", true, 17, 17, "18.01.04"},  // Lampung Selatan's districts (Natar)
		{"1801", true, 17, 17, "18.01.04"},   // undotted
		{"18.71", true, 20, 20, "18.71.01"},  // Bandar Lampung's districts
		{"32", true, 27, 27, "32.73"},        // Jawa Barat's regencies: from the national file
		{"32.73", false, 0, 0, ""},           // Bandung's districts: no boundaries shipped
		{"18.01.04", false, 0, 0, ""},        // a district: its children are villages
		{"18.01.04.2001", false, 0, 0, ""},   // a village
		{"99", false, 0, 0, ""},              // no such province
		{"", false, 0, 0, ""},                // nothing
		{"18.01\"<script>", false, 0, 0, ""}, // junk
	} {
		t.Run(tc.code, func(t *testing.T) {
			b, children, ok := ChildBoundaries(ix, tc.code)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if !ok {
				return
			}
			var buf bytes.Buffer
			n, err := b.WriteGeoJSON(&buf, children)
			if err != nil {
				t.Fatal(err)
			}
			var g geoOut
			if err := json.Unmarshal(buf.Bytes(), &g); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			if g.Type != "FeatureCollection" || len(g.Features) != n || n < tc.min || n > tc.max {
				t.Fatalf("%s: %d features (n %d), want %d–%d", g.Type, len(g.Features), n, tc.min, tc.max)
			}
			parent, _ := ix.ByCode(tc.code)
			seen := map[string]bool{}
			for i, f := range g.Features {
				r, found := ix.ByCode(f.Properties.Code)
				switch {
				case !found:
					t.Errorf("feature %d: code %q is not in the region reference", i, f.Properties.Code)
				case r.Parent != parent.Code:
					t.Errorf("feature %d: %s is not a child of %s", i, r.Code, parent.Code)
				case r.Name != f.Properties.Name:
					t.Errorf("feature %d: name %q, the reference says %q", i, f.Properties.Name, r.Name)
				}
				if seen[f.Properties.Code] {
					t.Errorf("feature %d: %s twice", i, f.Properties.Code)
				}
				seen[f.Properties.Code] = true
				if f.Type != "Feature" || f.Geometry.Type != "MultiPolygon" || len(f.Geometry.Coordinates) == 0 {
					t.Errorf("feature %d (%s): %s %s with %d polygons", i, f.Properties.Code, f.Type, f.Geometry.Type, len(f.Geometry.Coordinates))
				}
				for _, p := range f.Geometry.Coordinates {
					for _, r := range p {
						if len(r) < 4 || r[0] != r[len(r)-1] {
							t.Errorf("%s: a ring of %d points, open or too short", f.Properties.Code, len(r))
						}
						for _, pt := range r {
							for _, x := range pt {
								if s := math.Round(x*1e4) / 1e4; s != x {
									t.Fatalf("%s: coordinate %v not rounded to 4 decimals", f.Properties.Code, x)
								}
							}
							if pt[0] < 94 || pt[0] > 142 || pt[1] < -12 || pt[1] > 7 {
								t.Fatalf("%s: point %v outside Indonesia (lng, lat order?)", f.Properties.Code, pt)
							}
						}
					}
				}
			}
			if !seen[tc.has] {
				t.Errorf("%s missing", tc.has)
			}
			if strings.Contains(buf.String(), "e-") || strings.Contains(buf.String(), "e+") {
				t.Error("exponent notation in coordinates")
			}
		})
	}
}

func TestRoundedPolygons(t *testing.T) {
	sq := ring{{105.00001, -5.00001}, {105.00002, -5.00002}, {105.1, -5}, {105.1, -5.1}, {105, -5.1}, {105.00001, -5.00001}}
	tiny := ring{{105.00001, -5.00001}, {105.00002, -5.00001}, {105.00001, -5.00002}, {105.00001, -5.00001}}
	for _, tc := range []struct {
		name string
		in   [][]ring
		want [][]ring
	}{
		{"a duplicate after rounding is dropped", [][]ring{{sq}},
			[][]ring{{{{105, -5}, {105.1, -5}, {105.1, -5.1}, {105, -5.1}, {105, -5}}}}},
		{"a hole that collapses is dropped, the polygon stays", [][]ring{{sq, tiny}},
			[][]ring{{{{105, -5}, {105.1, -5}, {105.1, -5.1}, {105, -5.1}, {105, -5}}}}},
		{"a polygon whose outer ring collapses is dropped", [][]ring{{tiny, sq}, {sq}},
			[][]ring{{{{105, -5}, {105.1, -5}, {105.1, -5.1}, {105, -5.1}, {105, -5}}}}},
		{"nothing left", [][]ring{{tiny}}, [][]ring{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := roundedPolygons(tc.in)
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(tc.want)
			if string(g) != string(w) {
				t.Errorf("got  %s\nwant %s", g, w)
			}
		})
	}
}

func TestAppendJSONString(t *testing.T) {
	for in, want := range map[string]string{
		`Kabupaten Lampung Selatan`: `"Kabupaten Lampung Selatan"`,
		`Kota "Baru"\`:              `"Kota \"Baru\"\\"`,
		"</script>&\n":              `"\u003c/script\u003e\u0026\u000a"`,
		"Tulang Bawang Barat ñ":     `"Tulang Bawang Barat ñ"`,
	} {
		got := string(appendJSONString(nil, in))
		if got != want {
			t.Errorf("%q → %s, want %s", in, got, want)
		}
		var back string
		if err := json.Unmarshal([]byte(got), &back); err != nil || back != in {
			t.Errorf("%s does not read back: %q %v", got, back, err)
		}
	}
}
