package store_test

import (
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestLoadBoundaries: a checked file replaces the parent's loaded
// boundaries whole, audited; others may not load; a version tells loads apart.
func TestLoadBoundaries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		file := func(codes ...string) *refdata.Upload {
			var fs []string
			for _, c := range codes {
				fs = append(fs, `{"type":"Feature","properties":{"kode":"`+c+`"},"geometry":{"type":"Polygon","coordinates":[[[105.1,-5.3],[105.2,-5.3],[105.2,-5.2],[105.1,-5.3]]]}}`)
			}
			up, probs := refdata.ParseBoundaries(strings.NewReader(`{"type":"FeatureCollection","features":[`+strings.Join(fs, ",")+`]}`), refdata.DefaultRegionIndex(), "18")
			if len(probs) > 0 {
				t.Fatal(probs)
			}
			return up
		}
		if err := db.LoadBoundaries(siapekspor.WithActor(ctx, asRole(siapekspor.RoleOfficer, 0, "")), file("18.01.04"), "x.geojson"); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Errorf("an officer loads boundaries: %v", err)
		}
		if err := db.LoadBoundaries(ctx, file("18.01.04", "18.01.06"), "lamsel.geojson"); err != nil {
			t.Fatal(err)
		}
		geoms, v1, err := db.LoadedBoundaries(ctx, "18.01")
		if err != nil || len(geoms) != 2 || !strings.Contains(string(geoms["18.01.04"]), "MultiPolygon") || v1 == "" {
			t.Fatalf("loaded: %d, %q, %v", len(geoms), v1, err)
		}
		// A second load replaces the first whole.
		if err := db.LoadBoundaries(ctx, file("18.01.05"), "lamsel2.geojson"); err != nil {
			t.Fatal(err)
		}
		geoms, v2, _ := db.LoadedBoundaries(ctx, "18.01")
		if len(geoms) != 1 || geoms["18.01.05"] == nil || v2 == v1 {
			t.Errorf("after the second load: %d regions, version %q → %q", len(geoms), v1, v2)
		}
		if g, v, err := db.LoadedBoundaries(ctx, "18.02"); len(g) != 0 || v != "" || err != nil {
			t.Errorf("another regency: %v %q %v", g, v, err)
		}
		sets, err := db.BoundarySets(ctx)
		if err != nil || len(sets) != 1 || sets[0].Parent != "18.01" || sets[0].Regions != 1 || sets[0].Source != "lamsel2.geojson" || sets[0].LoadedAt.IsZero() {
			t.Errorf("sets: %+v %v", sets, err)
		}
		rows, err := db.QueryForTest(ctx, `SELECT action FROM audit_log WHERE entity = 'region_boundaries'`)
		if err != nil {
			t.Fatal(err)
		}
		audited := 0
		for rows.Next() {
			audited++
		}
		rows.Close()
		if audited != 2 {
			t.Errorf("%d audit rows, want 2", audited)
		}
	})
}
