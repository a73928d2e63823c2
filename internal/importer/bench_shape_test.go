package importer_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/importer"
	"github.com/siapekspor/siapekspor/internal/sheet"
	"github.com/siapekspor/siapekspor/internal/store"
)

// BenchmarkReadShapes reads the same demo rows as the demo's CSV (one
// header row), as an XLSX of the same shape, and as an office draws them
// in Excel: a merged title, and a header over two rows with the address
// columns under a merged ALAMAT and the other headings merged down both
// rows. It reports rows per second
// and allocations per row, side by side. 10,000 rows by default; the whole
// demo province (156,150 rows) with SIAPEKSPOR_BENCH_FULL=1:
//
//	SIAPEKSPOR_BENCH_FULL=1 go test -run '^$' -bench ReadShapes -benchtime 3x ./internal/importer/
func BenchmarkReadShapes(b *testing.B) {
	n := 10_000
	if os.Getenv("SIAPEKSPOR_BENCH_FULL") != "" {
		n = demo.LampungUMKM
	}
	files := shapeFiles(b, n)
	for _, name := range []string{"csv", "xlsx-one-row-header", "xlsx-two-row-header"} {
		data := files[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			start := time.Now()
			for b.Loop() {
				if got := readRows(b, data); got != n {
					b.Fatalf("%d rows read, want %d", got, n)
				}
			}
			b.ReportMetric(float64(n*b.N)/time.Since(start).Seconds(), "rows/s")
		})
	}
}

var (
	shapeOnce  sync.Once
	shapeCache map[string][]byte
)

// shapeFiles makes the CSV and the XLSX of n demo rows once per run.
func shapeFiles(b *testing.B, n int) map[string][]byte {
	shapeOnce.Do(func() {
		var buf bytes.Buffer
		if err := demo.WriteCSV(&buf, "18", n, 1); err != nil {
			b.Fatal(err)
		}
		shapeCache = map[string][]byte{"csv": buf.Bytes()}
		for name, drawn := range map[string]bool{"xlsx-one-row-header": false, "xlsx-two-row-header": true} {
			var x bytes.Buffer
			if err := demo.WriteXLSX(&x, buf.Bytes(), drawn); err != nil {
				b.Fatal(err)
			}
			shapeCache[name] = x.Bytes()
		}
	})
	return shapeCache
}

// readRows reads a file as the import does and returns its enterprises.
func readRows(b *testing.B, data []byte) int {
	tbl, format, err := sheet.Open(context.Background(), bytes.NewReader(data), int64(len(data)), "")
	if err != nil {
		b.Fatal(err)
	}
	defer tbl.Close()
	r, err := importer.NewReader(tbl, format, importer.Options{Province: "18", Reference: store.DefaultReference(), Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		b.Fatal(err)
	}
	got := 0
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			return got
		}
		if err != nil {
			b.Fatal(err)
		}
		if row.Enterprise != nil {
			got++
		} else if got == 0 {
			b.Fatalf("line %d refused: %+v", row.Line, row.Problems)
		}
	}
}
