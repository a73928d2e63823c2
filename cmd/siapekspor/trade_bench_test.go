package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor/internal/trade"
)

// BenchmarkImportTradeCommand runs "siapekspor import trade" as its own
// process on a SYNTHETIC BACI-sized year of 10 million flows (set
// TRADE_BENCH_ROWS for another size) into a migrated SQLite database, and
// prints the wall time and the process's peak memory. Targets: 3 minutes,
// 500 MB. The database's migrations and reference data are made before the
// timing.
//
//	go test -run '^$' -bench ImportTradeCommand -benchtime 1x -timeout 30m ./cmd/siapekspor/
func BenchmarkImportTradeCommand(b *testing.B) {
	rows := 10_000_000
	if v := os.Getenv("TRADE_BENCH_ROWS"); v != "" {
		fmt.Sscan(v, &rows)
	}
	dir := b.TempDir()
	start := time.Now()
	file := filepath.Join(dir, trade.SyntheticBACIName(2023))
	f, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	if err := trade.WriteSyntheticBACI(f, 2023, rows, 7); err != nil {
		b.Fatal(err)
	}
	f.Close()
	st, _ := os.Stat(file)
	fmt.Printf("synthetic BACI file: %d rows, %d MB, written in %s\n", rows, st.Size()>>20, time.Since(start).Round(time.Second))
	for i := 0; i < b.N; i++ {
		data := filepath.Join(dir, fmt.Sprintf("data-%d", i))
		var out bytes.Buffer
		if err := run(context.Background(), []string{"migrate", "--data-dir", data}, env(nil), strings.NewReader(""), &out, &out); err != nil {
			b.Fatalf("migrate: %v\n%s", err, out.String())
		}
		cmd := exec.Command(os.Args[0], "-test.run", "^$")
		cmd.Env = append(os.Environ(), "SIAPEKSPOR_TEST_CHILD="+strings.Join([]string{"import", "trade", "--format", "baci", "--data-dir", data, file}, "\x1f"))
		out.Reset()
		cmd.Stdout, cmd.Stderr = &out, &out
		t0 := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatalf("%v\n%s", err, out.String())
		}
		wall := time.Since(t0)
		var rss float64
		if _, after, ok := strings.Cut(out.String(), "peak-memory "); ok {
			fmt.Sscanf(after, "%g kB", &rss)
		}
		b.ReportMetric(wall.Seconds(), "s")
		b.ReportMetric(rss/1024, "peak-MB")
		fmt.Print(out.String())
		fmt.Printf("import trade: %d flows in %.1f s, peak memory %.0f MB (targets: 180 s, 500 MB)\n", rows, wall.Seconds(), rss/1024)
	}
}
