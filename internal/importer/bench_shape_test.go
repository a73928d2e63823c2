package importer_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/importer"
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
		dir, err := os.MkdirTemp("", "siapekspor-bench-shapes")
		if err != nil {
			b.Fatal(err)
		}
		defer os.RemoveAll(dir)
		for name, drawn := range map[string]bool{"xlsx-one-row-header": false, "xlsx-two-row-header": true} {
			path := filepath.Join(dir, name+".xlsx")
			if err := writeXLSX(buf.Bytes(), path, drawn); err != nil {
				b.Fatal(err)
			}
			x, err := os.ReadFile(path)
			if err != nil {
				b.Fatal(err)
			}
			shapeCache[name] = x
		}
	})
	return shapeCache
}

// writeXLSX writes the CSV's rows with excelize's stream writer: as they
// are, or drawn (under a title and a two-row header with merged headings).
func writeXLSX(csvData []byte, path string, drawn bool) error {
	rows, err := csv.NewReader(bytes.NewReader(csvData)).ReadAll()
	if err != nil {
		return err
	}
	head := rows[0]
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	cell := func(col, row int) string { c, _ := excelize.CoordinatesToCellName(col, row); return c }
	row := func(r int, cells []string) error {
		v := make([]any, len(cells))
		for i, c := range cells {
			v[i] = c
		}
		return sw.SetRow(cell(1, r), v)
	}
	if !drawn {
		for i, r := range rows {
			if err := row(i+1, r); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
		return f.SaveAs(path)
	}
	// Columns 5–8 (Alamat, Desa/Kelurahan, Kecamatan, Kabupaten/Kota)
	// stand under ALAMAT; the others span both header rows.
	top, sub := make([]string, len(head)), make([]string, len(head))
	for i, h := range head {
		if i >= 4 && i <= 7 {
			top[i], sub[i] = "ALAMAT", h
			if i == 4 {
				sub[i] = "Jalan"
			}
		} else {
			top[i], sub[i] = h, ""
		}
	}
	if err := row(1, []string{"DAFTAR UMKM PROVINSI LAMPUNG (DATA CONTOH SINTETIS)"}); err != nil {
		return err
	}
	if err := row(3, top); err != nil {
		return err
	}
	if err := row(4, sub); err != nil {
		return err
	}
	for i, r := range rows[1:] {
		if err := row(i+5, r); err != nil {
			return err
		}
	}
	merges := [][2]string{{cell(1, 1), cell(len(head), 1)}, {cell(5, 3), cell(8, 3)}}
	for i := range head {
		if i < 4 || i > 7 {
			merges = append(merges, [2]string{cell(i+1, 3), cell(i+1, 4)})
		}
	}
	for _, m := range merges {
		if err := sw.MergeCell(m[0], m[1]); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

// readRows reads a file as the import does and returns its enterprises.
func readRows(b *testing.B, data []byte) int {
	tbl, format, err := importer.Open(context.Background(), bytes.NewReader(data), int64(len(data)), "")
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
