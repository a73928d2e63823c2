package server_test

import (
	"context"
	"fmt"
	"io"
	"math/rand"
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
// token on each request) against the demo province with 500,000 products,
// and prints the sustained requests per second and latency percentiles,
// with the search cache on (as served) and off (every request ranked by the
// engine). The queries are the words and word pairs of the demo catalogue's
// Indonesian and English product names, drawn with a Zipf law, as real
// search traffic repeats its popular words.
//
//	go test -run '^$' -bench SearchAPILoad -benchtime 1x -timeout 30m ./internal/server/
func BenchmarkSearchAPILoad(b *testing.B) {
	products := 500_000
	if v := os.Getenv("SEARCH_BENCH_PRODUCTS"); v != "" {
		fmt.Sscan(v, &products)
	}
	ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
	queries := demo.SearchWords()
	for _, eng := range storetest.Engines() {
		db := storetest.Open(b, eng)
		if _, err := demo.Fill(ctx, db, "18", demo.LampungUMKM, 1); err != nil {
			b.Fatal(err)
		}
		if _, err := demo.FillProducts(ctx, db, products, 1); err != nil {
			b.Fatal(err)
		}
		if err := db.Optimize(ctx, true); err != nil {
			b.Fatal(err)
		}
		s, err := server.New(db, server.Config{Province: "18", Log: discardLogger})
		if err != nil {
			b.Fatal(err)
		}
		ts := httptest.NewServer(s)
		token := benchToken(b, db, s)
		for _, cached := range []bool{true, false} {
			name := eng + "/cache"
			if !cached {
				name = eng + "/no-cache"
				db.SetSearchCache(0)
			}
			b.Run(name, func(b *testing.B) {
				loadSearch(b, ts.URL, token, queries, fmt.Sprintf("%s over %d products", name, products))
			})
		}
		ts.Close()
	}
}

func loadSearch(b *testing.B, base, token string, queries []string, label string) {
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
			zipf := rand.NewZipf(rand.New(rand.NewSource(int64(w))), 1.2, 1, uint64(len(queries)-1))
			var mine []time.Duration
			bad := 0
			for time.Now().Before(deadline) {
				req, _ := http.NewRequest("GET", base+"/api/v1/search?q="+url.QueryEscape(queries[zipf.Uint64()]), nil)
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
	fmt.Printf("GET /api/v1/search, %s, %d clients for %s, %d distinct queries (Zipf s=1.2): %.0f req/s, p50 %s, p99 %s, %d failed\n",
		label, workers, duration, len(queries), rps, lat[len(lat)/2].Round(time.Microsecond), lat[len(lat)*99/100].Round(time.Microsecond), failures)
	if failures > 0 {
		b.Fatalf("%d requests failed", failures)
	}
}
