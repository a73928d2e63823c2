package demo_test

import (
	"testing"
	"time"

	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// The national registry covers all 38 provinces in proportion to their
// villages, and every province's generator makes valid enterprises of its
// own regions.
func TestNationalShares(t *testing.T) {
	codes, shares := demo.NationalShares(demo.NationalEnterprises)
	if len(codes) != 38 {
		t.Fatalf("%d provinces, want 38: %v", len(codes), codes)
	}
	total := 0
	for _, s := range shares {
		total += s
	}
	if total != demo.NationalEnterprises {
		t.Errorf("shares add up to %d", total)
	}
	ref := storetest.Open(t, "sqlite").Reference()
	for i, c := range codes {
		g, err := demo.New(c, uint64(i))
		if err != nil {
			t.Fatal(err)
		}
		for j := 0; j < 50; j++ {
			e := g.Next()
			e.Normalize()
			if err := e.Validate(ref, time.Now()); err != nil {
				t.Fatalf("province %s: %+v: %v", c, e, err)
			}
			if e.ProvinceCode != c || e.RegencyCode[:len(c)] != c || e.VillageCode[:len(e.DistrictCode)] != e.DistrictCode {
				t.Fatalf("province %s: regions %s %s %s", c, e.RegencyCode, e.DistrictCode, e.VillageCode)
			}
		}
	}
}
