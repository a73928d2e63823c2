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
// products in-process and prints p50 and p99 beside a bare full-text query
// of the same words on the same engine.
//
//	go test -run '^$' -bench Search -benchtime 1x -timeout 30m ./internal/store/
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
			// One round to warm the caches, as a running server's are.
			for _, q := range searchQueries {
				db.Search(ctx, store.SearchRequest{Query: q})
				db.BareSearchForTest(ctx, textsearch.ParseQuery(q))
			}
			const rounds = 10
			var full, bare []time.Duration
			worst := map[string]time.Duration{}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for r := 0; r < rounds; r++ {
					for _, q := range searchQueries {
						t := time.Now()
						if _, err := db.Search(ctx, store.SearchRequest{Query: q}); err != nil {
							b.Fatal(err)
						}
						full = append(full, time.Since(t))
						worst[q] = max(worst[q], time.Since(t))
						t = time.Now()
						if _, err := db.BareSearchForTest(ctx, textsearch.ParseQuery(q)); err != nil {
							b.Fatal(err)
						}
						bare = append(bare, time.Since(t))
					}
				}
			}
			b.StopTimer()
			p := func(d []time.Duration, q float64) time.Duration {
				sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
				return d[int(q*float64(len(d)-1))]
			}
			b.ReportMetric(float64(p(full, 0.5).Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(p(full, 0.99).Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(p(bare, 0.5).Microseconds())/1000, "bare-p50-ms")
			b.ReportMetric(float64(p(bare, 0.99).Microseconds())/1000, "bare-p99-ms")
			if os.Getenv("SEARCH_BENCH_VERBOSE") != "" {
				for q, d := range worst {
					fmt.Printf("  slowest %-16s %s\n", q, d)
				}
			}
			fmt.Printf("%s search over %d products + %d enterprises, %d queries: p50 %s p99 %s; bare full-text query p50 %s p99 %s\n",
				eng, made, demo.LampungUMKM, len(full), p(full, 0.5), p(full, 0.99), p(bare, 0.5), p(bare, 0.99))
		})
	}
}
