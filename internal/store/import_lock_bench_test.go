package store_test

import (
	"bytes"
	csvpkg "encoding/csv"
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// BenchmarkImportBesideServer imports the demo province's CSV through one
// *store.DB (the command line) while another on the same database (the
// server) edits an enterprise every 50 ms, and prints how long the import
// read its file and how long it wrote (the write phase is what holds other
// writers up), and how long the server's edits took: the longest is the
// longest a user waited. IMPORT_LOCK_ROWS changes the row count;
// IMPORT_LOCK_FORMAT=xlsx imports the same rows as XLSX, slower to read.
//
//	go test -run '^$' -bench ImportBesideServer -benchtime 1x ./internal/store/
func BenchmarkImportBesideServer(b *testing.B) {
	n := demo.LampungUMKM
	if v, err := strconv.Atoi(os.Getenv("IMPORT_LOCK_ROWS")); err == nil {
		n = v
	}
	var csv bytes.Buffer
	if err := demo.WriteCSV(&csv, "18", n, 1); err != nil {
		b.Fatal(err)
	}
	if os.Getenv("IMPORT_LOCK_FORMAT") == "xlsx" {
		csv = toXLSX(b, csv.Bytes())
	}
	for _, eng := range storetest.Engines() {
		b.Run(eng, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				server, cli := openTwice(b, storetest.URL(b, eng))
				e := validEnterprise()
				if err := server.CreateEnterprise(ctx, e); err != nil {
					b.Fatal(err)
				}
				var stop atomic.Bool
				var wg sync.WaitGroup
				var waits []time.Duration
				var failures int
				wg.Add(1)
				go func() {
					defer wg.Done()
					for !stop.Load() {
						start := time.Now()
						e.Workers = 1 + len(waits)%50
						if err := server.UpdateEnterprise(ctx, e); err != nil {
							failures++
							fresh, _ := server.Enterprise(ctx, e.ID)
							if fresh != nil {
								e = fresh
							}
						}
						waits = append(waits, time.Since(start))
						time.Sleep(50 * time.Millisecond)
					}
				}()
				var writeStart time.Time
				start := time.Now()
				rep, err := bulk.Import(ctx, cli, bulk.ImportRequest{File: bytes.NewReader(csv.Bytes()), Size: int64(csv.Len()),
					FileName: "lampung.csv", Province: "18", Writing: func(done, total int) {
						if done == 0 {
							writeStart = time.Now()
						}
					}}, nil)
				end := time.Now()
				time.Sleep(200 * time.Millisecond)
				stop.Store(true)
				wg.Wait()
				if err != nil {
					b.Fatal(err)
				}
				slices.Sort(waits)
				longest := waits[len(waits)-1]
				b.ReportMetric(end.Sub(start).Seconds(), "import-s")
				b.ReportMetric(end.Sub(writeStart).Seconds(), "write-phase-s")
				b.ReportMetric(longest.Seconds(), "longest-edit-s")
				fmt.Printf("%s: import of %d rows (%d new) %.2f s: reading %.2f s, writing %.2f s; the server's %d edits meanwhile: median %v, longest %v, %d failed\n",
					eng, rep.Rows, rep.Result.Inserted, end.Sub(start).Seconds(), writeStart.Sub(start).Seconds(), end.Sub(writeStart).Seconds(),
					len(waits), waits[len(waits)/2].Round(time.Millisecond), longest.Round(time.Millisecond), failures)
			}
		})
	}
}

// toXLSX writes a CSV file's cells as an XLSX sheet.
func toXLSX(b *testing.B, data []byte) bytes.Buffer {
	records, err := csvpkg.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	x := excelize.NewFile()
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	for i, rec := range records {
		row := make([]any, len(rec))
		for j, c := range rec {
			row[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var out bytes.Buffer
	if err := x.Write(&out); err != nil {
		b.Fatal(err)
	}
	return out
}
