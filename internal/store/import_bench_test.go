package store_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// BenchmarkImportVsBareInsert imports the demo province's CSV (156,150
// rows) and, into another fresh database, bare-inserts the same rows
// through the same driver and statements; it prints both speeds and their
// ratio, the figure that matters.
//
//	go test -run '^$' -bench ImportVsBareInsert -benchtime 1x ./internal/store/
func BenchmarkImportVsBareInsert(b *testing.B) {
	const n = demo.LampungUMKM
	var csv bytes.Buffer
	if err := demo.WriteCSV(&csv, "18", n, 1); err != nil {
		b.Fatal(err)
	}
	for _, eng := range storetest.Engines() {
		b.Run(eng, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				db := storetest.Open(b, eng)
				start := time.Now()
				rep, err := bulk.Import(ctx, db, bulk.ImportRequest{File: bytes.NewReader(csv.Bytes()), Size: int64(csv.Len()),
					FileName: "lampung.csv", Province: "18"}, nil)
				if err != nil {
					b.Fatal(err)
				}
				importTime := time.Since(start)

				bare := storetest.Open(b, eng)
				g, _ := demo.New("18", 1)
				es := make([]*siapekspor.Enterprise, n)
				for j := range es {
					es[j] = g.Next()
				}
				if err := bare.PrepareForTest(es); err != nil {
					b.Fatal(err)
				}
				start = time.Now()
				if err := bare.BareInsertForTest(ctx, es); err != nil {
					b.Fatal(err)
				}
				bareTime := time.Since(start)

				importRate := float64(rep.Rows) / importTime.Seconds()
				bareRate := float64(n) / bareTime.Seconds()
				b.ReportMetric(importTime.Seconds(), "import-s")
				b.ReportMetric(bareTime.Seconds(), "bare-s")
				b.ReportMetric(importRate, "import-rows/s")
				b.ReportMetric(bareRate, "bare-rows/s")
				b.ReportMetric(100*importRate/bareRate, "ratio-%")
				fmt.Printf("%s: import %d rows (%d inserted) in %.2fs = %.0f rows/s; bare insert %d rows in %.2fs = %.0f rows/s; ratio %.0f%%\n",
					eng, rep.Rows, rep.Result.Inserted, importTime.Seconds(), importRate, n, bareTime.Seconds(), bareRate, 100*importRate/bareRate)
			}
		})
	}
}
