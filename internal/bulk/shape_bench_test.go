package bulk_test

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// BenchmarkImportShapes imports the same demo rows, into a fresh database
// of each engine, as the demo CSV and as the XLSX a regency office draws
// (a merged title and a two-row header with merged headings), and prints
// the wall time and this process's CPU time of each side by side (on
// PostgreSQL the server's CPU is not in it). The whole province by
// default; SIAPEKSPOR_BENCH_ROWS=N for another size:
//
//	go test -run '^$' -bench ImportShapes -benchtime 1x ./internal/bulk/
func BenchmarkImportShapes(b *testing.B) {
	n := demo.LampungUMKM
	if v, err := strconv.Atoi(os.Getenv("SIAPEKSPOR_BENCH_ROWS")); err == nil && v > 0 {
		n = v
	}
	var csvData, xlsxData bytes.Buffer
	if err := demo.WriteCSV(&csvData, "18", n, 1); err != nil {
		b.Fatal(err)
	}
	if err := demo.WriteXLSX(&xlsxData, csvData.Bytes(), true); err != nil {
		b.Fatal(err)
	}
	files := []struct {
		name string
		data []byte
	}{{"lampung.csv", csvData.Bytes()}, {"lampung-two-row-header.xlsx", xlsxData.Bytes()}}
	for _, eng := range storetest.Engines() {
		for _, f := range files {
			b.Run(eng+"/"+f.name, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					db := storetest.Open(b, eng)
					cpu0, wall0 := processCPU(), time.Now()
					b.StartTimer()
					rep, err := bulk.Import(sysCtx, db, bulk.ImportRequest{File: bytes.NewReader(f.data), Size: int64(len(f.data)), FileName: f.name, Province: "18"}, nil)
					b.StopTimer()
					if err != nil {
						b.Fatal(err)
					}
					if rep.Result.Inserted != n {
						b.Fatalf("%d inserted, want %d", rep.Result.Inserted, n)
					}
					wall := time.Since(wall0).Seconds()
					b.ReportMetric(wall, "wall-s")
					b.ReportMetric((processCPU() - cpu0).Seconds(), "cpu-s")
					b.ReportMetric(float64(n)/wall, "rows/s")
				}
			})
		}
	}
}

// processCPU is the user and system time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
