package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// A search over the whole country (an administrator, a national officer)
// finds what the provinces' own searches find together, up to the cap, on
// both engines: PostgreSQL reads it province by province (Search,
// registryProvinces), which must neither lose a province's matches nor
// count one twice.
func TestSearchWholeCountryIsTheProvinces(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		provinces := []string{"18", "31", "64"}
		for i, p := range provinces {
			if _, err := demo.Fill(ctx, db, p, 300, uint64(7+i)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := demo.FillProducts(ctx, db, 900, 3); err != nil {
			t.Fatal(err)
		}
		// A word in 200 enterprises of each province: over the cap for the
		// country, under it in each province.
		ix := refdata.DefaultRegionIndex()
		var many []*siapekspor.Enterprise
		for _, p := range provinces {
			regency := ix.Children(p)[0].Code
			district := ix.Children(regency)[0].Code
			for i := range 200 {
				e := validEnterprise()
				e.Name, e.NIB, e.OwnerNIK, e.Lat, e.Lng = fmt.Sprintf("Anyaman Mendong %s %03d", p, i), "", "", nil, nil
				e.RegencyCode, e.DistrictCode, e.VillageCode = regency, district, ix.Children(district)[0].Code
				many = append(many, e)
			}
		}
		if err := db.CreateEnterprises(ctx, "test", many); err != nil {
			t.Fatal(err)
		}
		db.SetSearchCache(0)
		national := siapekspor.WithActor(context.Background(), siapekspor.Actor{UserID: 98, Role: siapekspor.RoleOfficer, Label: "national"})
		checked, capped := 0, 0
		for _, word := range append(demo.SearchWords(), "mendong") {
			whole, err := db.Search(national, store.SearchRequest{Query: word, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			sum, exact := 0, true
			for _, p := range provinces {
				officer := siapekspor.WithActor(context.Background(), siapekspor.Actor{UserID: 99, Role: siapekspor.RoleOfficer, RegionCode: p, Label: "officer"})
				r, err := db.Search(officer, store.SearchRequest{Query: word})
				if err != nil {
					t.Fatal(err)
				}
				sum += r.Total
				exact = exact && !r.Capped
			}
			if !exact {
				continue // a province's own count is capped: nothing exact to compare
			}
			checked++
			want := min(sum, store.SearchTotalCap)
			if whole.Total != want || whole.Capped != (sum > store.SearchTotalCap) {
				t.Errorf("%q: the whole country %d (capped %v), the provinces %d", word, whole.Total, whole.Capped, sum)
			}
			if whole.Capped {
				capped++
			}
			seen := map[[2]any]bool{}
			for _, h := range whole.Hits {
				k := [2]any{h.Kind, h.ID}
				if seen[k] {
					t.Errorf("%q: %s %d twice", word, h.Kind, h.ID)
				}
				seen[k] = true
			}
		}
		if checked < 5 || capped == 0 {
			t.Fatalf("%d words compared, %d over the cap: too few to tell", checked, capped)
		}
		t.Logf("%d words compared, %d of them over the cap", checked, capped)
	})
}
