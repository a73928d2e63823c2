package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sort"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/server"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// BenchmarkEnterpriseListPage measures the registry's list page with two
// filters (regency and size class, cycling through the province's 15
// regencies) over the whole demo province of 156,150 enterprises, in process,
// on each engine. It reports the median and 99th percentile server time.
//
//	go test -run '^$' -bench EnterpriseListPage -benchtime 300x ./internal/server/
//
// (set SIAPEKSPOR_TEST_POSTGRES to include PostgreSQL).
func BenchmarkEnterpriseListPage(b *testing.B) {
	ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
	for _, eng := range storetest.Engines() {
		db := storetest.Open(b, eng)
		start := time.Now()
		if _, err := demo.Fill(ctx, db, "18", demo.LampungUMKM, 1); err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: filled %d demo enterprises in %s", eng, demo.LampungUMKM, time.Since(start).Round(time.Millisecond))
		s, err := server.New(db, server.Config{Province: "18", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			b.Fatal(err)
		}
		cookie := benchLogin(b, db, s)
		var urls []string
		for _, r := range refdata.DefaultRegionIndex().Children("18") {
			for _, size := range []string{"micro", "small"} {
				urls = append(urls, fmt.Sprintf("/enterprises?regency=%s&size=%s", r.Code, size))
			}
		}
		b.Run(eng, func(b *testing.B) {
			durations := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest(http.MethodGet, urls[i%len(urls)], nil)
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

// reportPercentiles adds p50 and p99 in milliseconds to the benchmark's line.
func reportPercentiles(b *testing.B, d []time.Duration) {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	at := func(p float64) float64 {
		return float64(d[min(len(d)-1, int(p*float64(len(d))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// BenchmarkAuthOverhead measures what signing in adds to a request: the same
// small page (the API's /api/v1/me against the public /healthz is not a fair
// pair, so both requests hit /api/docs), once anonymous and once with a
// session cookie and once with an API token; the difference is the cost of
// recognising the caller and checking the route's permission.
//
//	go test -run '^$' -bench AuthOverhead -benchtime 2000x ./internal/server/
func BenchmarkAuthOverhead(b *testing.B) {
	db := storetest.Open(b, "sqlite")
	s, err := server.New(db, server.Config{Log: quietLog()})
	if err != nil {
		b.Fatal(err)
	}
	cookie := benchLogin(b, db, s)
	u, _ := db.UserByEmail(sysCtx, "bench-admin@example.id")
	token, _, err := s.Auth().CreateToken(sysCtx, u.ID, "bench", "read", 24*time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	for _, mode := range []string{"anonymous", "session", "token"} {
		b.Run(mode, func(b *testing.B) {
			durations := make([]time.Duration, 0, b.N)
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest(http.MethodGet, "/api/docs", nil)
				switch mode {
				case "session":
					req.AddCookie(cookie)
				case "token":
					req.Header.Set("Authorization", "Bearer "+token)
				}
				rec := httptest.NewRecorder()
				t0 := time.Now()
				s.ServeHTTP(rec, req)
				durations = append(durations, time.Since(t0))
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", mode, rec.Code)
				}
			}
			reportPercentiles(b, durations)
		})
	}
}
