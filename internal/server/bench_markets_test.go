package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/server"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// BenchmarkMarketPages measures the market pages of the load benchmark's
// scenarios (market-product, market-product-0901, market-country,
// requirements) in process, one request at a time, with 20,000 demo
// enterprises and products (the country page counts the registry's products by code).
// It reports allocations, the median and the 99th percentile.
//
//	go test -run '^$' -bench MarketPages -benchtime 400x ./internal/server/
func BenchmarkMarketPages(b *testing.B) {
	ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
	pages := []struct {
		name string
		urls []string
	}{
		{"market-product", []string{"/markets/products/0901", "/markets/products/090111", "/markets/products/0906", "/markets/products/121221",
			"/markets/products/530500", "/markets/products/140490", "/markets/products/3915", "/markets/products/200899", "/markets/products/0801", "/markets/products/1905"}},
		{"market-product-0901", []string{"/markets/products/0901"}},
		{"market-country", []string{"/markets/countries/BEL", "/markets/countries/AUS", "/markets/countries/USA", "/markets/countries/JPN", "/markets/countries/CHN"}},
		{"requirements", []string{"/markets/requirements"}},
	}
	for _, eng := range storetest.Engines() {
		db := storetest.Open(b, eng)
		if _, err := demo.Fill(ctx, db, "18", 20000, 1); err != nil {
			b.Fatal(err)
		}
		if _, err := demo.FillProducts(ctx, db, 20000, 1); err != nil {
			b.Fatal(err)
		}
		s, err := server.New(db, server.Config{Province: "18", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			b.Fatal(err)
		}
		cookie := benchLogin(b, db, s)
		for _, pg := range pages {
			b.Run(eng+"/"+pg.name, func(b *testing.B) {
				durations := make([]time.Duration, 0, b.N)
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					req := httptest.NewRequest(http.MethodGet, pg.urls[i%len(pg.urls)], nil)
					req.AddCookie(cookie)
					rec := httptest.NewRecorder()
					t0 := time.Now()
					s.ServeHTTP(rec, req)
					durations = append(durations, time.Since(t0))
					if rec.Code != http.StatusOK {
						b.Fatalf("%s: %d", req.URL, rec.Code)
					}
				}
				b.StopTimer()
				reportPercentiles(b, durations)
			})
		}
	}
}
