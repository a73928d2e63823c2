package store_test

import (
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/cluster"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestEnterprisePoints: the positions of the enterprises with coordinates,
// by region and view, within the reader's scope; their counts per district.
func TestEnterprisePoints(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		pt := func(lat, lng float64) (*float64, *float64) { return &lat, &lng }
		for _, e := range []struct {
			name, regency, district string
			lat, lng                float64
		}{
			{"Natar 1", "18.01", "18.01.04", -5.30, 105.20},
			{"Natar 2", "18.01", "18.01.04", -5.31, 105.21},
			{"Kalianda", "18.01", "18.01.06", -5.72, 105.59},
			{"Metro", "18.72", "18.72.01", -5.11, 105.30},
			{"Tanpa titik", "18.01", "18.01.04", 0, 0},
		} {
			x := validEnterprise()
			x.Name, x.RegencyCode, x.DistrictCode, x.NIB, x.OwnerNIK, x.Lat, x.Lng = e.name, e.regency, e.district, "", "", nil, nil
			if e.lat != 0 {
				x.Lat, x.Lng = pt(e.lat, e.lng)
			}
			if err := db.CreateEnterprise(ctx, x); err != nil {
				t.Fatal(e.name, err)
			}
		}
		all := cluster.BBox{South: -11, West: 95, North: 6, East: 141}
		// The summary's zooms count the enterprises of the cells the view
		// touches — nested cells, so never more at a deeper zoom; a street's
		// zoom (past the summary) the rows inside the view.
		count := func(c any, region string, box cluster.BBox) int {
			n := -1
			for _, zoom := range []int{3, 8, 13, 14, 16, 20} {
				res, more, err := db.EnterpriseClusters(siapekspor.WithActor(ctx, c.(siapekspor.Actor)), region, zoom, box, 400)
				if err != nil || more {
					t.Fatal(err, more)
				}
				if n != -1 && res.Total > n {
					t.Errorf("%s: zoom %d counts %d, a shallower one %d", region, zoom, res.Total, n)
				}
				n = res.Total
				if zoom == 20 {
					for _, c := range res.Clusters {
						if c.Count == 1 && c.ID == 0 {
							t.Errorf("a single enterprise without its id: %+v", c)
						}
					}
				}
			}
			return n
		}
		admin := asRole(siapekspor.RoleAdmin, 0, "")
		lamsel := asRole(siapekspor.RoleOfficer, 0, "18.01")
		for _, tc := range []struct {
			name   string
			a      siapekspor.Actor
			region string
			box    cluster.BBox
			want   int
		}{
			{"the province", admin, "18", all, 4},
			{"a regency", admin, "18.01", all, 3},
			{"a view around Natar", admin, "18", cluster.BBox{South: -5.4, West: 105.1, North: -5.2, East: 105.3}, 2},
			{"another province", admin, "31", all, 0},
			{"an officer's province: its own regency only", lamsel, "18", all, 3},
			{"an officer's regency", lamsel, "18.01", all, 3},
			{"an officer and another regency", lamsel, "18.72", all, 0},
		} {
			if got := count(tc.a, tc.region, tc.box); got != tc.want {
				t.Errorf("%s: %d points, want %d", tc.name, got, tc.want)
			}
		}
		ds, err := db.CountDistrictPoints(siapekspor.WithActor(ctx, asRole(siapekspor.RoleViewer, 0, "")), "18.01")
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != 2 || ds[0].Code != "18.01.04" || ds[0].Count != 2 || ds[1].Count != 1 || ds[0].Lat > -5.30 || ds[0].Lat < -5.31 {
			t.Errorf("districts of Lampung Selatan: %+v", ds)
		}
		ds, err = db.CountDistrictPoints(siapekspor.WithActor(ctx, lamsel), "18")
		if err != nil || len(ds) != 2 {
			t.Errorf("an officer's districts in the province: %+v %v", ds, err)
		}
	})
}
