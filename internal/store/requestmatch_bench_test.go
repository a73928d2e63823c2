package store_test

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// BenchmarkMatchRequest ranks buyers' requests over the demo province on
// each engine and prints p50 and p99 of the whole ranking (the store's
// MatchRequest: the request read, the candidates picked from the
// in-memory snapshot, match.Rank) beside the candidate pick alone and
// beside the SQL query a store without the snapshot would run for the
// same pre-filter (the heading's products with their enterprises). It
// also prints how long building the snapshot takes. Small by default;
// the figure is with MATCH_BENCH_ENTERPRISES=156150
// MATCH_BENCH_PRODUCTS=500000:
//
//	MATCH_BENCH_ENTERPRISES=156150 MATCH_BENCH_PRODUCTS=500000 go test -run '^$' -bench MatchRequest -benchtime 1x -timeout 60m ./internal/store/
func BenchmarkMatchRequest(b *testing.B) {
	enterprises, products := 2_000, 5_000
	fmt.Sscan(os.Getenv("MATCH_BENCH_ENTERPRISES"), &enterprises)
	fmt.Sscan(os.Getenv("MATCH_BENCH_PRODUCTS"), &products)
	for _, eng := range storetest.Engines() {
		b.Run(eng, func(b *testing.B) {
			db := storetest.Open(b, eng)
			start := time.Now()
			if _, err := demo.Fill(ctx, db, "18", enterprises, 1); err != nil {
				b.Fatal(err)
			}
			made, err := demo.FillProducts(ctx, db, products, 1)
			if err != nil {
				b.Fatal(err)
			}
			fmt.Printf("%s: %d enterprises and %d products loaded in %s\n", eng, enterprises, made, time.Since(start).Round(time.Second))
			org := &siapekspor.Organisation{Name: "Bench buyer (synthetic)", Kind: siapekspor.OrgBUMN}
			if err := db.CreateOrganisation(ctx, org); err != nil {
				b.Fatal(err)
			}
			delivery := time.Now().AddDate(0, 3, 0)
			reqs := []*siapekspor.BuyingRequest{
				{Kind: siapekspor.RequestBuying, Title: "Robusta", HSCode: "0901", Words: "kopi robusta", Quantity: 5, Unit: "ton",
					Frequency: "monthly", Destination: "JPN", Certificates: []siapekspor.CertificateType{siapekspor.CertHalal}},
				{Kind: siapekspor.RequestProcurement, Title: "Keripik", Words: "keripik pisang", Quantity: 800, Unit: "kg", Frequency: "monthly",
					DeliveryRegion: "18.71", LocalFirst: "regency", Certificates: []siapekspor.CertificateType{siapekspor.CertHalal, siapekspor.CertPIRT}},
				{Kind: siapekspor.RequestBuying, Title: "Tapis", HSCode: "5805", Words: "kain tapis", Quantity: 200, Unit: "pcs",
					Frequency: "quarterly", Destination: "NLD"},
			}
			for _, q := range reqs {
				q.OrgID, q.DeliveryDate, q.Status = org.ID, &delivery, siapekspor.RequestOpen
				if err := db.CreateRequest(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			t0 := time.Now()
			n, err := db.SnapshotBuildForTest(ctx)
			if err != nil {
				b.Fatal(err)
			}
			built := time.Since(t0)
			runtime.GC()
			runtime.ReadMemStats(&after)
			fmt.Printf("%s: candidate snapshot of %d products built in %s; it holds %.1f MB of heap in %d objects\n", eng, n, built.Round(time.Millisecond),
				float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), int64(after.HeapObjects)-int64(before.HeapObjects))
			const rounds = 20
			var total, pick, query []time.Duration
			cands := map[int64]int{}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for r := 0; r < rounds; r++ {
					for k, q := range reqs {
						t := time.Now()
						m, err := db.MatchRequest(ctx, q.ID, store.MatchOptions{Spread: k == 1})
						if err != nil {
							b.Fatal(err)
						}
						total = append(total, time.Since(t))
						pick = append(pick, time.Duration(m.CandidateMicros)*time.Microsecond)
						cands[q.ID] = m.Ranking.Stats.Candidates
					}
				}
				// The SQL baseline apart, after the rankings: run between
				// them, its hundreds of thousands of rows left garbage whose
				// collection landed in the next ranking's time.
				for r := 0; r < rounds; r++ {
					for _, q := range reqs {
						if q.HSCode == "" {
							continue
						}
						t := time.Now()
						if _, err := db.CandidateQueryForTest(ctx, q.HSCode[:4]); err != nil {
							b.Fatal(err)
						}
						query = append(query, time.Since(t))
					}
				}
			}
			b.StopTimer()
			fmt.Printf("%s: candidates per request %v\n", eng, cands)
			fmt.Printf("%s: ranking one request p50 %s p99 %s; candidate pick from the snapshot p50 %s p99 %s; SQL candidate query by heading p50 %s p99 %s\n",
				eng, pct(total, 50), pct(total, 99), pct(pick, 50), pct(pick, 99), pct(query, 50), pct(query, 99))
		})
	}
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)].Round(10 * time.Microsecond)
}
