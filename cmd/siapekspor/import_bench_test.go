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
)

// BenchmarkImportCommand runs "siapekspor import enterprises" as its own
// process — as an office would — on the demo province written as CSV and as
// XLSX, at two sizes, and prints each run's wall time and the process's
// peak memory (maximum resident set size). The XLSX rows show that memory
// does not grow with the sheet.
//
//	go test -run '^$' -bench ImportCommand -benchtime 1x ./cmd/siapekspor/
func BenchmarkImportCommand(b *testing.B) {
	dir := b.TempDir()
	files := map[string]string{}
	for _, n := range []int{40_000, 156_150} {
		csvFile := filepath.Join(dir, fmt.Sprintf("lampung-%d.csv", n))
		if err := run(context.Background(), []string{"demo", "--enterprises", fmt.Sprint(n), "--csv", csvFile}, env(nil), strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
			b.Fatal(err)
		}
		files[fmt.Sprintf("csv-%d", n)] = csvFile
		// The XLSX file is the registry's own export of the same rows.
		data := filepath.Join(dir, fmt.Sprintf("data-%d", n))
		xlsx := filepath.Join(dir, fmt.Sprintf("lampung-%d.xlsx", n))
		var out bytes.Buffer
		for _, args := range [][]string{
			{"import", "enterprises", "--data-dir", data, "--province", "18", "--duplicates", "keep", csvFile},
			{"export", "enterprises", "--data-dir", data, "--out", xlsx},
		} {
			if err := run(context.Background(), args, env(nil), strings.NewReader(""), &out, &out); err != nil {
				b.Fatalf("%v: %v\n%s", args, err, out.String())
			}
		}
		files[fmt.Sprintf("xlsx-%d", n)] = xlsx
	}
	for _, name := range []string{"csv-40000", "csv-156150", "xlsx-40000", "xlsx-156150"} {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				data := filepath.Join(b.TempDir(), "data")
				cmd := exec.Command(os.Args[0], "-test.run", "^$")
				cmd.Env = append(os.Environ(), "SIAPEKSPOR_TEST_CHILD="+strings.Join([]string{"import", "enterprises", "--data-dir", data, "--province", "18", "--duplicates", "keep", files[name]}, "\x1f"))
				var out bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &out
				start := time.Now()
				if err := cmd.Run(); err != nil {
					b.Fatalf("%v\n%s", err, out.String())
				}
				wall := time.Since(start)
				var rss float64 // KiB, as the child reports it
				if _, after, ok := strings.Cut(out.String(), "peak-memory "); ok {
					fmt.Sscanf(after, "%g kB", &rss)
				}
				b.ReportMetric(wall.Seconds(), "s")
				b.ReportMetric(rss/1024, "peak-MB")
				fmt.Printf("import %s: %.2f s, peak memory %.0f MB (migrations and reference data of a fresh database included)\n", name, wall.Seconds(), rss/1024)
			}
		})
	}
}
