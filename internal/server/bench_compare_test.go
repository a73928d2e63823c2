package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/server"
	"github.com/siapekspor/siapekspor/internal/store"
)

// BenchmarkExportComparePage serves /exports/compare in process on an
// existing database (the demo province: SIAPEKSPOR_COMPARE_DB, a copy —
// a benchmark user is added), the default year and with filters, and
// reports the median and 99th percentile server time:
//
//	SIAPEKSPOR_COMPARE_DB=/tmp/copy.db go test -run '^$' -bench ExportComparePage -benchtime 200x ./internal/server/
func BenchmarkExportComparePage(b *testing.B) {
	url := os.Getenv("SIAPEKSPOR_COMPARE_DB")
	if url == "" {
		b.Skip("SIAPEKSPOR_COMPARE_DB names a database (a copy: a user is added)")
	}
	db, err := store.Open(context.Background(), store.Options{URL: url})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s, err := server.New(db, server.Config{Province: "18", Log: discardLogger})
	if err != nil {
		b.Fatal(err)
	}
	admin := benchLogin(b, db, s)
	makeUser(b, db, "bench-officer@example.id", siapekspor.RoleOfficer, "18", 0)
	name, value, _ := strings.Cut(signIn(b, s, "bench-officer@example.id"), "=")
	officer := &http.Cookie{Name: name, Value: value}
	for _, c := range []struct {
		name, path string
		cookie     *http.Cookie
	}{
		{"default", "/exports/compare", admin},
		{"filters", "/exports/compare?month_from=2023-01&month_to=2024-12&destination=USA&hs=0901", admin},
		{"api", "/api/v1/exports/compare", admin},
		{"provincial officer", "/exports/compare", officer},
	} {
		b.Run(c.name, func(b *testing.B) {
			durations := make([]time.Duration, 0, b.N)
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest(http.MethodGet, c.path, nil)
				req.AddCookie(c.cookie)
				rec := httptest.NewRecorder()
				t0 := time.Now()
				s.ServeHTTP(rec, req)
				durations = append(durations, time.Since(t0))
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", c.path, rec.Code)
				}
			}
			reportPercentiles(b, durations)
		})
	}
}
