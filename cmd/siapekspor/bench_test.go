package main

import (
	"context"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store"
)

// BenchmarkServeStartup measures "siapekspor serve" on an existing database
// holding the whole demo province: from the call until the server listens.
//
//	go test -run '^$' -bench ServeStartup -benchtime 10x ./cmd/siapekspor/
func BenchmarkServeStartup(b *testing.B) {
	ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
	dir := b.TempDir()
	db, err := store.Open(ctx, store.Options{DataDir: dir})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := db.LoadReference(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := demo.Fill(ctx, db, "18", demo.LampungUMKM, 1); err != nil {
		b.Fatal(err)
	}
	db.Close()
	var durations []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		_, cancel, done := startServe(b, "--data-dir", dir, "--db", filepath.Join(dir, "siapekspor.db"))
		durations = append(durations, time.Since(t0))
		cancel()
		if err := <-done; err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
	b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(durations[len(durations)-1].Microseconds())/1000, "max-ms")
}
