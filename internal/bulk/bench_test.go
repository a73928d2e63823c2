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
