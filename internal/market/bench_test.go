package market

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/siapekspor/siapekspor/internal/trade"
)

// syntheticInput is SYNTHETIC: n destinations with ten years of imports
// and of imports from the home country, random but of the right shape.
func syntheticInput(n, years int) Input {
	rng := rand.New(rand.NewPCG(3, 4))
	in := Input{Product: "090111", Home: HomeInput{Country: "IDN", Year: 2024, ExportsOfProduct: 1e9, ExportsAll: 2.5e11, WorldOfProduct: 3e10, WorldAll: 1.5e13}}
	for i := 0; i < n; i++ {
		d := DestinationInput{Country: fmt.Sprintf("C%02d", i), Imports: Series{Known: true}, FromHome: Series{Known: i%7 != 0}, DistanceKm: 500 + rng.Float64()*19000}
		v, x := rng.Float64()*1e9, rng.Float64()*1e7
		for y := 2024 - years + 1; y <= 2024; y++ {
			v *= 0.9 + rng.Float64()*0.3
			x *= 0.8 + rng.Float64()*0.5
			d.Imports.Values = append(d.Imports.Values, trade.YearValue{Year: y, Value: v})
			if d.FromHome.Known {
				d.FromHome.Values = append(d.FromHome.Values, trade.YearValue{Year: y, Value: x})
			}
		}
		if i%3 == 0 {
			t := rng.Float64() * 30
			d.TariffPct = &t
		}
		total := rng.Float64() * 1e10
		d.HomeTotal = &total
		in.Destinations = append(in.Destinations, d)
	}
	return in
}

// BenchmarkRank ranks 220 destinations (the shipped importers' count) with
// ten years of data each for one HS6 code. Target: under 10 ms.
func BenchmarkRank(b *testing.B) {
	in := syntheticInput(220, 10)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := Rank(in)
		if err != nil || len(r.Results) != 220 {
			b.Fatalf("%v %d", err, len(r.Results))
		}
	}
}

// BenchmarkRankShipped is the whole path on the embedded data for one code,
// the index already built.
func BenchmarkRankShipped(b *testing.B) {
	if _, err := trade.ShippedIndex(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := RankShipped("090111", ShippedOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
