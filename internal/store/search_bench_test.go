package store_test

import (
	"fmt"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
	"github.com/siapekspor/siapekspor/internal/textsearch"
)

// searchQueries are what officers and buyers type: single commodity words
// that match tens of thousands of products, two-word phrases, English.
var searchQueries = []string{"kopi", "kopi robusta", "coffee", "keripik pisang", "tapis", "lada hitam", "rumput laut", "cinnamon",
	"kerajinan", "madu hutan", "gula aren", "abon", "banana chips", "ground coffee", "seaweed", "anyaman bambu", "kakao fermentasi",
	"cocopeat", "pengrajin", "black pepper"}

// BenchmarkSearch searches 156,150 demo enterprises and 500,000 demo
// products in-process and prints p50 and p99 of three figures on each
// engine: the search with its result cache off (every call ranked by the
// engine: the figure docs/benchmarks.md labels "cache off"), a bare
// full-text query of the same words, and the same searches answered from
// the cache (every call a hit), labelled so.
//
//	go test -run '^$' -bench 'Search$' -benchtime 1x -timeout 30m ./internal/store/
func BenchmarkSearch(b *testing.B) {
	products := 500_000
	if os.Getenv("SEARCH_BENCH_PRODUCTS") != "" {
		fmt.Sscan(os.Getenv("SEARCH_BENCH_PRODUCTS"), &products)
	}
	for _, eng := range storetest.Engines() {
		b.Run(eng, func(b *testing.B) {
			db := storetest.Open(b, eng)
			start := time.Now()
			if _, err := demo.Fill(ctx, db, "18", demo.LampungUMKM, 1); err != nil {
				b.Fatal(err)
			}
			made, err := demo.FillProducts(ctx, db, products, 1)
			if err != nil {
				b.Fatal(err)
			}
			fmt.Printf("%s: %d enterprises and %d products loaded and indexed in %s\n", eng, demo.LampungUMKM, made, time.Since(start).Round(time.Second))
			search := func(q string) time.Duration {
				t := time.Now()
				if _, err := db.Search(ctx, store.SearchRequest{Query: q}); err != nil {
					b.Fatal(err)
				}
				return time.Since(t)
			}
			// One round to warm the engine's caches, as a running server's are.
			db.SetSearchCache(0)
			for _, q := range searchQueries {
				search(q)
				db.BareSearchForTest(ctx, textsearch.ParseQuery(q))
			}
			const rounds = 10
			var miss, bare, hit []time.Duration
			worst := map[string]time.Duration{}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for r := 0; r < rounds; r++ {
					for _, q := range searchQueries {
						d := search(q)
						miss = append(miss, d)
						worst[q] = max(worst[q], d)
						t := time.Now()
						if _, err := db.BareSearchForTest(ctx, textsearch.ParseQuery(q)); err != nil {
							b.Fatal(err)
						}
						bare = append(bare, time.Since(t))
					}
				}
			}
			b.StopTimer()
			// The cache on, filled by one round: every later call is a hit.
			db.SetSearchCache(4096)
			for _, q := range searchQueries {
				search(q)
			}
			for r := 0; r < rounds; r++ {
				for _, q := range searchQueries {
					hit = append(hit, search(q))
				}
			}
			p := func(d []time.Duration, q float64) time.Duration {
				sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
				return d[int(q*float64(len(d)-1))]
			}
			b.ReportMetric(float64(p(miss, 0.5).Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(p(miss, 0.99).Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(p(bare, 0.5).Microseconds())/1000, "bare-p50-ms")
			b.ReportMetric(float64(p(bare, 0.99).Microseconds())/1000, "bare-p99-ms")
			b.ReportMetric(float64(p(hit, 0.5).Microseconds())/1000, "cache-hit-p50-ms")
			if os.Getenv("SEARCH_BENCH_VERBOSE") != "" {
				for q, d := range worst {
					fmt.Printf("  slowest %-16s %s\n", q, d)
				}
			}
			fmt.Printf("%s search over %d products + %d enterprises, %d queries, cache off (every call ranked): p50 %s p99 %s; bare full-text query p50 %s p99 %s; cache hits p50 %s p99 %s\n",
				eng, made, demo.LampungUMKM, len(miss), p(miss, 0.5), p(miss, 0.99), p(bare, 0.5), p(bare, 0.99), p(hit, 0.5), p(hit, 0.99))
		})
	}
}
