package store_test

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
	"github.com/siapekspor/siapekspor/internal/trade"
)

// TestShippedTradeRanksLikeTheFiles: the shipped 2024 files, loaded into the
// database through the aggregation every load uses, give the same ranking
// as the files read directly.
func TestShippedTradeRanksLikeTheFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		loads, err := db.TradeLoads(ctx)
		if err != nil || len(loads) != 1 || loads[0].Year != 2024 || loads[0].Dataset != store.DatasetShipped {
			t.Fatalf("loads: %+v %v", loads, err)
		}
		for _, hs := range []string{"090111", "0901", "121221", "530500", "080291"} {
			start := time.Now()
			d, err := db.MarketData(ctx, hs, trade.HS22)
			if err != nil {
				t.Fatal(err)
			}
			in, err := market.BuildInput(d, market.ShippedOptions{})
			if err != nil {
				t.Fatal(err)
			}
			fromDB, err := market.Rank(in)
			if err != nil {
				t.Fatal(err)
			}
			took := time.Since(start)
			fromFiles, err := market.RankShipped(hs, market.ShippedOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(fromDB.Results) != len(fromFiles.Results) || len(fromDB.Unscored) != len(fromFiles.Unscored) {
				t.Fatalf("%s: %d/%d results from the database, %d/%d from the files", hs, len(fromDB.Results), len(fromDB.Unscored), len(fromFiles.Results), len(fromFiles.Unscored))
			}
			for i := range fromDB.Results {
				a, b := fromDB.Results[i], fromFiles.Results[i]
				if a.Country != b.Country || abs(a.Score-b.Score) > 1e-6 {
					t.Errorf("%s rank %d: %s %.4f from the database, %s %.4f from the files", hs, i+1, a.Country, a.Score, b.Country, b.Score)
					break
				}
			}
			t.Logf("%s: %d destinations ranked from the database in %s", hs, len(fromDB.Results), took)
		}
	})
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// A destination's requirements are read by destination in SQL: the same
// entries, in the same order, as the whole catalogue filtered in Go.
func TestRequirementsOfADestination(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		all, err := db.Requirements(ctx, "")
		if err != nil || len(all) == 0 {
			t.Fatalf("the catalogue: %d %v", len(all), err)
		}
		for _, d := range []string{"DEU", "AUS", "SAU", "SGP", "EU", "BRA"} {
			var want []string
			for _, r := range all {
				if r.AppliesTo(d) {
					want = append(want, r.ID)
				}
			}
			got, err := db.Requirements(ctx, d)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, r := range got {
				ids = append(ids, r.ID)
			}
			if !slices.Equal(ids, want) {
				t.Errorf("%s: %v, want %v", d, ids, want)
			}
		}
		// The destinations a ranking links to their requirements are those
		// the decoded catalogue names for the code, groups spelt out.
		for _, hs := range []string{"0901", "090121", "1801", "5805", "9999"} {
			want := map[string]bool{}
			for _, r := range all {
				for _, c := range append([]string{r.Destination}, market.Groups[r.Destination]...) {
					if r.AppliesTo(c) && r.Covers(hs) {
						want[c] = true
					}
				}
			}
			got, err := db.RequirementDestinations(ctx, hs)
			if err != nil || !maps.Equal(got, want) {
				t.Errorf("destinations with requirements for %s: %v %v, want %v", hs, got, err, want)
			}
		}
		if got, _ := db.RequirementDestinations(ctx, "0901"); !got["DEU"] || !got["AUS"] {
			t.Errorf("coffee's requirements miss Germany (EU) or Australia: %v", got)
		}
	})
}
