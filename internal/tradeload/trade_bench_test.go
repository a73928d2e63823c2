package tradeload_test

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
	"github.com/siapekspor/siapekspor/internal/trade"
	"github.com/siapekspor/siapekspor/internal/tradeload"
)

// BenchmarkRankTenYears loads ten SYNTHETIC BACI years (2015–2024 on top of
// the shipped 2024 files, which the 2024 file replaces; 3 million flows a
// year by default, TRADE_BENCH_ROWS to change it) and then times ranking
// every destination for HS6 codes, the whole path: the database read, the
// input, the ranking. It prints p50 and p99; the target is 10 ms.
//
//	go test -run '^$' -bench RankTenYears -benchtime 1x -timeout 60m ./internal/tradeload/
func BenchmarkRankTenYears(b *testing.B) {
	rows := 3_000_000
	if v := os.Getenv("TRADE_BENCH_ROWS"); v != "" {
		fmt.Sscan(v, &rows)
	}
	codes := []string{"090111", "090121", "121221", "530500", "080291", "160414", "200599", "190590", "851713", "870323"}
	for _, eng := range storetest.Engines() {
		b.Run(eng, func(b *testing.B) {
			db := storetest.Open(b, eng)
			start := time.Now()
			for year := 2015; year <= 2024; year++ {
				var buf bytes.Buffer
				if err := trade.WriteSyntheticBACI(&buf, year, rows, 11); err != nil {
					b.Fatal(err)
				}
				rep, err := tradeload.LoadTrade(sysCtx, db, tradeload.TradeRequest{File: &buf, FileName: trade.SyntheticBACIName(year), Format: "baci"})
				if err != nil || !rep.Loaded {
					b.Fatalf("%d: %v %+v", year, err, rep)
				}
			}
			if err := db.Optimize(sysCtx, true); err != nil {
				b.Fatal(err)
			}
			loads, err := db.TradeLoads(sysCtx)
			if err != nil {
				b.Fatal(err)
			}
			stored := 0
			for _, l := range loads {
				stored += l.Imports
			}
			fmt.Printf("%s: ten years of %d flows loaded in %s (%d years held, %d importer × product rows)\n", eng, rows, time.Since(start).Round(time.Second), len(loads), stored)
			db.Ranking(sysCtx, store.RankRequest{HS: codes[0]}) // a running server has read the reference series
			var times []time.Duration
			dests := 0
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for round := 0; round < 10; round++ {
					for _, hs := range codes {
						t0 := time.Now()
						r, err := db.Ranking(sysCtx, store.RankRequest{HS: hs})
						if err != nil {
							b.Fatalf("%s: %v", hs, err)
						}
						times = append(times, time.Since(t0))
						dests = len(r.Results)
					}
				}
			}
			b.StopTimer()
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			p50, p99 := times[len(times)/2], times[len(times)*99/100]
			b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
			fmt.Printf("%s: ranking one HS6 code over ten years (%d destinations): p50 %.1f ms, p99 %.1f ms (target 10 ms)\n",
				eng, dests, float64(p50.Microseconds())/1000, float64(p99.Microseconds())/1000)
		})
	}
}
