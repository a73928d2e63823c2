package report_test

import (
	"bytes"
	"context"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/report"
	"github.com/siapekspor/siapekspor/internal/store"
)

// BenchmarkMonthlyReportPDF times the monthly report's PDF on an existing
// database, e.g. a copy of the demo province (156,150 enterprises):
//
//	SIAPEKSPOR_REPORT_DB=/tmp/bench/data/siapekspor.db \
//	  go test -run '^$' -bench MonthlyReportPDF -benchtime 10x ./internal/report/
//
// It prints the median and slowest time of the whole report (the store's
// reads, the assembly, the PDF) and of each part, for last month.
// Skipped without the variable; nothing is written.
func BenchmarkMonthlyReportPDF(b *testing.B) {
	url := os.Getenv("SIAPEKSPOR_REPORT_DB")
	if url == "" {
		b.Skip("SIAPEKSPOR_REPORT_DB names a database")
	}
	db, err := store.Open(context.Background(), store.Options{URL: url})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
	province := os.Getenv("SIAPEKSPOR_REPORT_PROVINCE")
	if province == "" {
		province = "18"
	}
	month := report.LastMonth(db.Now()).String()
	var whole, read, pdf []time.Duration
	var size int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		r, err := report.Make(ctx, db, province, month)
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		var buf bytes.Buffer
		if err := report.WritePDF(&buf, r); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		whole, read, pdf = append(whole, t2.Sub(t0)), append(read, t1.Sub(t0)), append(pdf, t2.Sub(t1))
		size = buf.Len()
	}
	b.StopTimer()
	med := func(ds []time.Duration) (time.Duration, time.Duration) {
		s := append([]time.Duration(nil), ds...)
		sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
		return s[len(s)/2].Round(time.Millisecond), s[len(s)-1].Round(time.Millisecond)
	}
	m, w := med(whole)
	rm, rw := med(read)
	pm, pw := med(pdf)
	b.Logf("monthly report %s of province %s, %d bytes: whole median %v slowest %v; figures %v/%v; PDF %v/%v (n=%d)", month, province, size, m, w, rm, rw, pm, pw, b.N)
}
