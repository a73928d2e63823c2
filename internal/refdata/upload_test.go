package refdata

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

const square = `{"type":"Polygon","coordinates":[[[105.1,-5.3],[105.2,-5.3],[105.2,-5.2],[105.1,-5.2],[105.1,-5.3]]]}`

func feature(props, geom string) string {
	return `{"type":"Feature","properties":` + props + `,"geometry":` + geom + `}`
}

func collection(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

func TestParseBoundaries(t *testing.T) {
	ix := DefaultRegionIndex()
	good := collection(feature(`{"kode":"18.01.04","nama":"Natar"}`, square), feature(`{"code":"180106"}`, strings.Replace(square, "Polygon", "MultiPolygon", 1)[0:0]+`{"type":"MultiPolygon","coordinates":[[[[105.5,-5.7],[105.6,-5.7],[105.6,-5.6],[105.5,-5.7]]]]}`))
	up, probs := ParseBoundaries(strings.NewReader(good), ix, "18")
	if len(probs) > 0 || up.Parent.Code != "18.01" || len(up.Boundaries) != 2 || up.Boundaries[1].Region.Code != "18.01.06" {
		t.Fatalf("a good file: %+v %+v", up, probs)
	}
	if g := string(up.Boundaries[0].GeometryJSON()); !strings.HasPrefix(g, `{"type":"MultiPolygon","coordinates":[[[[105.1,-5.3],`) {
		t.Errorf("geometry %s", g)
	}
	// Stored geometries build boundaries that answer like the binary's.
	b := NewBoundaries(map[string][]byte{"18.01.04": up.Boundaries[0].GeometryJSON()})
	if in, _ := b.Contains("18.01.04", -5.25, 105.15); !in {
		t.Error("a loaded boundary does not contain its middle")
	}
	if m := b.Over(DistrictBoundaries(), []string{"18.01.04", "18.01.06"}); !m.Has("18.01.06") || m.shapes[m.byCode["18.01.04"]].vertices != 5 {
		t.Error("loaded boundaries do not stand over the binary's")
	}
	// BPS codes of regencies (kode_bps, ADM2_PCODE).
	bps, _ := ix.ByCode("18.71")
	if up, probs := ParseBoundaries(strings.NewReader(collection(feature(`{"ADM2_PCODE":"ID`+bps.BPSCode+`"}`, square))), ix, "18"); len(probs) > 0 || up.Boundaries[0].Region.Code != "18.71" {
		t.Errorf("a pcode: %+v %+v", up, probs)
	}

	for _, tc := range []struct {
		name, file string
		feature    int
		property   string
		key        string
	}{
		{"not JSON", `{"type":`, -1, "", "boundary.not_json"},
		{"not JSON at all", "PK\x03\x04 a zip", -1, "", "boundary.not_json"},
		{"an array", `[1,2]`, -1, "type", "boundary.not_collection"},
		{"a Feature alone", feature(`{"kode":"18.01"}`, square), -1, "type", "boundary.not_collection"},
		{"no features", `{"type":"FeatureCollection","features":[]}`, -1, "features", "boundary.empty"},
		{"a feature that is not one", collection(`{"type":"Point"}`), 0, "type", "boundary.not_feature"},
		{"no code", collection(feature(`{"nama":"Natar"}`, square)), 0, "properties", "boundary.no_code"},
		{"a code that does not exist", collection(feature(`{"kode":"18.01.04"}`, square), feature(`{"kode":"18.99"}`, square)), 1, "properties.kode", "boundary.unknown_code"},
		{"a huge code", collection(feature(`{"kode":"`+strings.Repeat("1", 5000)+`"}`, square)), 0, "properties.kode", "boundary.unknown_code"},
		{"a province", collection(feature(`{"kode":"18"}`, square)), 0, "properties.kode", "boundary.wrong_level"},
		{"a village", collection(feature(`{"kode":"18.01.04.2001"}`, square)), 0, "properties.kode", "boundary.wrong_level"},
		{"another province", collection(feature(`{"kode":"32.01"}`, square)), 0, "properties.kode", "boundary.outside_province"},
		{"parents mixed", collection(feature(`{"kode":"18.01.04"}`, square), feature(`{"kode":"18.02.01"}`, square)), 1, "properties.kode", "boundary.mixed_parents"},
		{"regencies and districts mixed", collection(feature(`{"kode":"18.01"}`, square), feature(`{"kode":"18.01.04"}`, square)), 1, "properties.kode", "boundary.mixed_parents"},
		{"a duplicate", collection(feature(`{"kode":"18.01.04"}`, square), feature(`{"kode":"180104"}`, square)), 1, "properties.kode", "boundary.duplicate"},
		{"no geometry", collection(feature(`{"kode":"18.01.04"}`, `null`)), 0, "geometry", "boundary.no_geometry"},
		{"a point", collection(feature(`{"kode":"18.01.04"}`, `{"type":"Point","coordinates":[105.1,-5.3]}`)), 0, "geometry.type", "boundary.bad_geometry_type"},
		{"coordinates of another shape", collection(feature(`{"kode":"18.01.04"}`, `{"type":"Polygon","coordinates":[105.1,-5.3]}`)), 0, "geometry.coordinates", "boundary.bad_coordinates"},
		{"latitude and longitude swapped", collection(feature(`{"kode":"18.01.04"}`, `{"type":"Polygon","coordinates":[[[-5.3,105.1],[-5.3,105.2],[-5.2,105.2],[-5.3,105.1]]]}`)), 0, "geometry.coordinates", "boundary.out_of_range"},
		{"beyond the globe", collection(feature(`{"kode":"18.01.04"}`, `{"type":"Polygon","coordinates":[[[105.1,-95],[105.2,-5.3],[105.2,-5.2],[105.1,-95]]]}`)), 0, "geometry.coordinates", "boundary.out_of_range"},
		{"a ring of three", collection(feature(`{"kode":"18.01.04"}`, `{"type":"Polygon","coordinates":[[[105.1,-5.3],[105.2,-5.3],[105.1,-5.3]]]}`)), 0, "geometry.coordinates", "boundary.short_ring"},
		{"hostile nesting", collection(feature(`{"kode":"18.01.04"}`, `{"type":"Polygon","coordinates":`+strings.Repeat("[", 5000)+strings.Repeat("]", 5000)+`}`)), 0, "geometry.coordinates", "boundary.bad_coordinates"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			up, probs := ParseBoundaries(strings.NewReader(tc.file), ix, "18")
			if up != nil || len(probs) == 0 {
				t.Fatalf("accepted: %+v", up)
			}
			p := probs[0]
			if p.Feature != tc.feature || p.Property != tc.property || p.Key != tc.key {
				t.Errorf("first problem %+v, want feature %d, %s, %s", p, tc.feature, tc.property, tc.key)
			}
		})
	}
	// Too large: refused before it is parsed.
	big := bytes.Repeat([]byte(" "), MaxBoundaryBytes+1)
	if _, probs := ParseBoundaries(bytes.NewReader(big), ix, "18"); len(probs) != 1 || probs[0].Key != "boundary.too_large" {
		t.Errorf("a file over the limit: %+v", probs)
	}
	// Many bad features: the first MaxUploadProblems are told.
	var many []string
	for i := range 200 {
		many = append(many, feature(fmt.Sprintf(`{"kode":"x%d"}`, i), square))
	}
	if _, probs := ParseBoundaries(strings.NewReader(collection(many...)), ix, "18"); len(probs) != MaxUploadProblems {
		t.Errorf("%d problems told", len(probs))
	}
}

func FuzzParseBoundaries(f *testing.F) {
	f.Add(collection(feature(`{"kode":"18.01.04"}`, square)))
	f.Add(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kode":1801},"geometry":{"type":"MultiPolygon","coordinates":[[[[1e308,-1e308]]]]}}]}`)
	ix := DefaultRegionIndex()
	f.Fuzz(func(t *testing.T, s string) {
		up, probs := ParseBoundaries(strings.NewReader(s), ix, "18")
		if (up == nil) == (len(probs) == 0) {
			t.Fatalf("upload %v with %d problems", up != nil, len(probs))
		}
	})
}
