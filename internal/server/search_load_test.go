package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/server"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// BenchmarkSearchAPILoad drives GET /api/v1/search over real HTTP on
// loopback with a Go load generator (16 concurrent clients for 10 s, an API
// token each request) against the demo province with 500,000 products, and
// prints the sustained requests per second and the latency percentiles.
//
//	go test -run '^$' -bench SearchAPILoad -benchtime 1x -timeout 30m ./internal/server/
func BenchmarkSearchAPILoad(b *testing.B) {
	products := 500_000
	if v := os.Getenv("SEARCH_BENCH_PRODUCTS"); v != "" {
		fmt.Sscan(v, &products)
	}
	ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
	for _, eng := range storetest.Engines() {
		b.Run(eng, func(b *testing.B) {
			db := storetest.Open(b, eng)
			if _, err := demo.Fill(ctx, db, "18", demo.LampungUMKM, 1); err != nil {
				b.Fatal(err)
			}
			if _, err := demo.FillProducts(ctx, db, products, 1); err != nil {
				b.Fatal(err)
			}
			s, err := server.New(db, server.Config{Province: "18", Log: discardLogger})
			if err != nil {
				b.Fatal(err)
			}
			ts := httptest.NewServer(s)
			defer ts.Close()
			token := benchToken(b, db, s)
			queries := []string{"kopi", "kopi robusta", "coffee", "keripik pisang", "tapis", "lada hitam", "rumput laut", "cinnamon",
				"kerajinan", "madu hutan", "gula aren", "abon", "banana chips", "ground coffee", "seaweed", "anyaman bambu"}
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
			const workers = 16
			const duration = 10 * time.Second
			var mu sync.Mutex
			var lat []time.Duration
			failures := 0
			b.ResetTimer()
			deadline := time.Now().Add(duration)
			var wg sync.WaitGroup
			for w := 0; w < workers; w++ {
				wg.Add(1)
				go func(w int) {
					defer wg.Done()
					var mine []time.Duration
					bad := 0
					for i := w; time.Now().Before(deadline); i++ {
						req, _ := http.NewRequest("GET", ts.URL+"/api/v1/search?q="+url.QueryEscape(queries[i%len(queries)]), nil)
						req.Header.Set("Authorization", "Bearer "+token)
						t0 := time.Now()
						resp, err := client.Do(req)
						if err != nil {
							bad++
							continue
						}
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if resp.StatusCode != http.StatusOK {
							bad++
						}
						mine = append(mine, time.Since(t0))
					}
					mu.Lock()
					lat, failures = append(lat, mine...), failures+bad
					mu.Unlock()
				}(w)
			}
			wg.Wait()
			b.StopTimer()
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			rps := float64(len(lat)) / duration.Seconds()
			b.ReportMetric(rps, "req/s")
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
			fmt.Printf("%s: GET /api/v1/search, %d clients for %s over %d products: %.0f req/s, p50 %s, p99 %s, %d failed\n",
				eng, workers, duration, products, rps, lat[len(lat)/2], lat[len(lat)*99/100], failures)
			if failures > 0 {
				b.Fatalf("%d requests failed", failures)
			}
		})
	}
}
