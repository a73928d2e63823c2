package schedule

import (
	"testing"
	"time"
)

// The figures: 60 enterprises × 25 buyers × 400 requests into 12
// slots × 25 tables in ≤ 1 s at ≥ 95% of the bound; 300 × 100 × 3,000 in
// ≤ 10 s. Printed, never asserted (timings are no test).
func BenchmarkSolve60x25x400(b *testing.B)    { benchSolve(b, specSmallEvent) }
func BenchmarkSolve300x100x3000(b *testing.B) { benchSolve(b, specLargeEvent) }

// Crowded: a few buyers get most requests (Zipf exponent 2), four in five
// participants are there only part of the time, a tenth of the requests
// asked from both sides. The bound is not reached: the search runs to its
// end on 3,000 requests.
func BenchmarkSolve300x100x3000Crowded(b *testing.B) {
	g := specLargeEvent
	g.Partial, g.Popularity, g.Dup, g.EnterpriseM = 0.8, 2, 0.1, [2]int{}
	benchSolve(b, g)
}

// Tables scarce (120 table-slots for 400 requests): the search runs to
// its end instead of stopping at the bound.
func BenchmarkSolve60x25x400TenTables(b *testing.B) {
	g := specSmallEvent
	g.Tables = 10
	benchSolve(b, g)
}

func benchSolve(b *testing.B, g spec) {
	ev := generate(1, g)
	var res *Result
	var err error
	start, n := time.Now(), 0
	for b.Loop() {
		res, err = Solve(ev, Options{Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		n++
	}
	per := time.Since(start) / time.Duration(n)
	if err := Check(ev, res.Meetings); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(100*res.Ratio(), "%bound")
	b.Logf("%d enterprises × %d buyers × %d requests, %d slots × %d tables: %v per run; weight %d of bound %d (%.1f%%); "+
		"rule bound %d (%.1f%%), optimal %t; %d meetings; musts %d of %d (bound %d); enterprises covered %d of %d (bound %d); spread 0/1/2/3/4+ = %v",
		g.E, g.B, g.R, len(ev.Slots), ev.Tables, per.Round(time.Millisecond), res.Weight, res.Bound, 100*res.Ratio(),
		res.RuleBound, 100*res.RuleRatio(), res.Optimal, len(res.Meetings), res.Musts, res.MustRequests, res.MustBound,
		res.Covered, res.Coverable, res.CoverBound, res.Spread)
}
