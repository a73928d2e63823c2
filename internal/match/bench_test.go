package match

import (
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor/internal/market"
)

// benchProducts is the benchmark's SYNTHETIC province: 500,000 products of
// about 167,000 enterprises in 15 product lines (the figure).
var benchProducts = sync.OnceValue(func() []Product { return synthetic(500_000, 9) })

// BenchmarkRank ranks one request over the synthetic province and prints
// the per-request time (ns/op, and p50/p99 in ms over the runs) and how
// many candidates it read:
//   - all: every product, as if the store did not filter;
//   - filtered: what Request.Filter lets through, as the store should
//     query (the filtering itself is the store's query, not timed here);
//   - procurement-fair: a local-first procurement need with the regency
//     cap, over the filtered candidates.
//
// go test -run '^$' -bench Rank -benchtime 20x ./internal/match/
func BenchmarkRank(b *testing.B) {
	all := benchProducts()
	restr, _ := market.ShippedRestrictions()
	reqs := syntheticRequests()
	buying, procurement := reqs[0], reqs[3]
	filtered := func(r Request) []Product {
		f := r.Filter()
		return slices.DeleteFunc(slices.Clone(all), func(p Product) bool { return !f.Admits(&p) })
	}
	for _, c := range []struct {
		name  string
		req   Request
		cands []Product
		opts  Options
	}{
		{"all", buying, all, Options{}},
		{"filtered", buying, filtered(buying), Options{}},
		{"procurement-fair", procurement, filtered(procurement), Options{RegencyCap: 0.25}},
	} {
		b.Run(c.name, func(b *testing.B) {
			c.opts.Now = today
			in := Input{Request: c.req, Candidates: c.cands, Restrictions: restr, Options: c.opts}
			var took []time.Duration
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := cpuTime()
			for b.Loop() {
				start := time.Now()
				r, err := Rank(in)
				took = append(took, time.Since(start))
				if err != nil || len(r.Entries) == 0 {
					b.Fatalf("%v %+v", err, r)
				}
			}
			// CPU time too: on a shared machine the wall-clock figures
			// include waiting for a core.
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(len(took)), "cpu-ms/op")
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(took[min(len(took)-1, len(took)*99/100)].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(len(c.cands)), "candidates")
		})
	}
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
