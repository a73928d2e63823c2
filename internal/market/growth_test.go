package market

import (
	"math"
	"testing"

	"github.com/siapekspor/siapekspor/internal/trade"
)

// TestFromMinBase: growth is measured from at least the minimum base, or
// from the value itself when that is smaller; figures from a real base
// stay as they are.
func TestFromMinBase(t *testing.T) {
	for _, tc := range []struct {
		name         string
		v, pct, base float64
		years        int
		want         float64
	}{
		{"a real base is kept", 600, 5, 10, 8, 5},
		{"a decline is kept", 100, -99.9, 10, 8, -99.9},
		{"from nothing: at most ×100 over the window", 1000, 1e6, 10, 8, 100 * (math.Pow(100, 1.0/8) - 1)}, // 77.83
		{"just above the base is kept", 1000, 77, 10, 8, 77},
		{"a new supplier smaller than the base counts as flat", 5, 500, 10, 8, 0},
		{"one year", 1000, 1e6, 10, 1, 9900},
	} {
		if got := fromMinBase(tc.v, tc.pct, tc.years, tc.base); math.Abs(got-tc.want) > 0.01 {
			t.Errorf("%s: %.4f, want %.4f", tc.name, got, tc.want)
		}
	}
}

func TestSeriesCAGRFromMinBase(t *testing.T) {
	for _, tc := range []struct {
		name    string
		s       []trade.YearValue
		minBase float64
		want    float64
	}{
		{"no minimum", []trade.YearValue{yv(2022, 1), yv(2024, 10000)}, 0, 9900},
		{"from 1 % of the last value", []trade.YearValue{yv(2022, 1), yv(2024, 10000)}, 0.01, 900},
		{"a real base is kept", []trade.YearValue{yv(2022, 1000), yv(2024, 1210)}, 0.01, 10},
		{"a decline is kept", []trade.YearValue{yv(2022, 10000), yv(2024, 1)}, 0.01, -99},
	} {
		g, _, _, ok := seriesCAGR(tc.s, 0, tc.minBase)
		if !ok || math.Abs(g-tc.want) > 0.01 {
			t.Errorf("%s: %.4f %v, want %.4f", tc.name, g, ok, tc.want)
		}
	}
}

// An importer whose main supplier started from almost nothing no longer
// grows millions of percent a year.
func TestImporterGrowthFromMinBase(t *testing.T) {
	flows := []trade.Flow{
		{Importer: "KEN", Exporter: "UGA", ValueUSD: 10e6, GrowthPct: 1e6, GrowthYears: 8},
		{Importer: "KEN", Exporter: "ETH", ValueUSD: 4e6, GrowthPct: 12, GrowthYears: 8},
		{Importer: "KEN", Exporter: "TZA", ValueUSD: 1e6, GrowthPct: 3, GrowthYears: 8},
	}
	g := ImporterGrowth(flows, 0.5)["KEN"]
	// Uganda's $10 M counts from 1 % of $15 M: (10 / 0.15)^(1/8) − 1 = 69.1 %
	// a year; it carries two thirds of the value, so it is the median.
	near(t, "KEN", g.Pct, 100*(math.Pow(10/0.15, 1.0/8)-1))
}

// TestPercentileGrowth: 100 × the share of the other markets growing
// slower, ties counting half; a lone figure scores 50.
func TestPercentileGrowth(t *testing.T) {
	rows := func(gs ...float64) []Result {
		out := make([]Result, len(gs))
		for i, g := range gs {
			out[i].Factors = []Factor{{ID: FactorDemandGrowth, Available: !math.IsNaN(g), Raw: g}}
		}
		return out
	}
	for _, tc := range []struct {
		name string
		in   []float64
		want []float64
	}{
		{"in order", []float64{1, 2, 3, 4, 5}, []float64{0, 25, 50, 75, 100}},
		{"unordered", []float64{300, -5, 12}, []float64{100, 0, 50}},
		{"ties count half", []float64{1, 2, 2, 3}, []float64{0, 50, 50, 100}},
		{"all equal", []float64{7, 7, 7}, []float64{50, 50, 50}},
		{"unknown left out", []float64{1, math.NaN(), 3}, []float64{0, 0, 100}},
		{"alone", []float64{42}, []float64{50}},
	} {
		r := rows(tc.in...)
		percentileGrowth(r, &rankArrays{})
		for i, w := range tc.want {
			if got := r[i].Factors[0].Score; math.Abs(got-w) > 1e-9 {
				t.Errorf("%s: row %d scores %.2f, want %.2f", tc.name, i, got, w)
			}
		}
	}
}

// TestGrowthNoLongerSaturates: on the shipped data, growth figures stay
// within what eight years can show and the growth scores spread over the
// scale instead of piling up at 100 (before: 103 of 225 coffee markets
// scored 100, with figures up to 1,336 % a year).
func TestGrowthNoLongerSaturates(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the shipped index")
	}
	for _, hs := range []string{"0901", "121221", "3915", "151800", "0906"} {
		r, err := RankShipped(hs, ShippedOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var n, top int
		quartiles := [4]int{}
		for _, x := range append(append([]Result{}, r.Results...), r.Unscored...) {
			g := x.factor(FactorDemandGrowth)
			if g == nil || !g.Available {
				continue
			}
			n++
			if g.Score >= 99.5 {
				top++
			}
			quartiles[min(3, int(g.Score/25))]++
			// ×100 over eight years is 78 % a year; the ICO volumes' ten years less.
			if g.Raw > 78 || g.Own != nil && *g.Own > 78 {
				t.Errorf("%s %s: growth %.1f %% a year (own %v)", hs, x.Country, g.Raw, g.Own)
			}
		}
		if n < 100 {
			t.Fatalf("%s: only %d markets with a growth figure", hs, n)
		}
		if top*10 > n {
			t.Errorf("%s: %d of %d markets score 100 for growth", hs, top, n)
		}
		for q, c := range quartiles {
			if c*100 < n*15 {
				t.Errorf("%s: only %d of %d growth scores in quartile %d", hs, c, n, q+1)
			}
		}
		if r.Growth == nil || r.Growth.Markets < 100 || r.Growth.PriorUSD <= 0 {
			t.Errorf("%s: growth basis %+v", hs, r.Growth)
		}
	}
}
