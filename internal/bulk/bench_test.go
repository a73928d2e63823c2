package bulk_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

var sysCtx = siapekspor.WithActor(context.Background(), siapekspor.SystemActor)

// BenchmarkImportCSV imports the whole demo province (156,150 rows) from a
// CSV file into a fresh database of each engine.
//
//	go test -run '^$' -bench ImportCSV -benchtime 1x ./internal/bulk/
func BenchmarkImportCSV(b *testing.B) {
	var buf bytes.Buffer
	if err := demo.WriteCSV(&buf, "18", demo.LampungUMKM, 1); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "lampung.csv")
	os.WriteFile(path, buf.Bytes(), 0o644)
	for _, eng := range storetest.Engines() {
		b.Run(eng, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := storetest.Open(b, eng)
				f, _ := os.Open(path)
				b.StartTimer()
				rep, err := bulk.Import(sysCtx, db, bulk.ImportRequest{File: f, Size: int64(buf.Len()), FileName: "lampung.csv", Province: "18"}, nil)
				if err != nil {
					b.Fatal(err)
				}
				f.Close()
				b.ReportMetric(float64(rep.Result.Inserted), "rows")
			}
		})
	}
}

// BenchmarkExportXLSX exports the whole demo province (156,150 enterprises)
// to XLSX, as an officer of the province sees it.
//
//	go test -run '^$' -bench ExportXLSX -benchtime 1x ./internal/bulk/
func BenchmarkExportXLSX(b *testing.B) {
	for _, eng := range storetest.Engines() {
		b.Run(eng, func(b *testing.B) {
			db := storetest.Open(b, eng)
			if _, err := demo.Fill(sysCtx, db, "18", demo.LampungUMKM, 1); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var w countWriter
				n, err := bulk.Export(sysCtx, db, siapekspor.EnterpriseFilter{}, "xlsx", &w)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(n), "rows")
				b.ReportMetric(float64(w)/1e6, "MB")
			}
		})
	}
}

type countWriter int64

func (w *countWriter) Write(p []byte) (int, error) { *w += countWriter(len(p)); return len(p), nil }

// BenchmarkImportXLSX imports the whole demo province from an XLSX file (as
// the export writes it) into a fresh database of each engine.
//
//	go test -run '^$' -bench ImportXLSX -benchtime 1x ./internal/bulk/
func BenchmarkImportXLSX(b *testing.B) {
	src := storetest.Open(b, storetest.Engines()[0])
	if _, err := demo.Fill(sysCtx, src, "18", demo.LampungUMKM, 1); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "lampung.xlsx")
	out, _ := os.Create(path)
	if _, err := bulk.Export(sysCtx, src, siapekspor.EnterpriseFilter{}, "xlsx", out); err != nil {
		b.Fatal(err)
	}
	out.Close()
	st, _ := os.Stat(path)
	for _, eng := range storetest.Engines() {
		b.Run(eng, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := storetest.Open(b, eng)
				f, _ := os.Open(path)
				b.StartTimer()
				rep, err := bulk.Import(sysCtx, db, bulk.ImportRequest{File: f, Size: st.Size(), FileName: "lampung.xlsx", Province: "18"}, nil)
				if err != nil {
					b.Fatal(err)
				}
				f.Close()
				b.ReportMetric(float64(rep.Rows), "rows")
				b.ReportMetric(float64(rep.Result.Inserted), "inserted")
			}
		})
	}
}
