package report_test

import (
	"bytes"
	"context"
	"os"
	"sort"
	"syscall"
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
// reads, the assembly, the PDF) and of each part, for last month, and the
// test process's CPU per report (the database server's, for PostgreSQL,
// is not in it). SIAPEKSPOR_REPORT_REGION=18.01 makes the report of that
// regency's office instead of the province's. Skipped without the
// variable; nothing is written.
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
	if region := os.Getenv("SIAPEKSPOR_REPORT_REGION"); region != "" {
		ctx = siapekspor.WithActor(context.Background(), siapekspor.Actor{UserID: 1, Role: siapekspor.RoleOfficer, OrgID: 1, RegionCode: region, Label: "bench"})
	}
	province := os.Getenv("SIAPEKSPOR_REPORT_PROVINCE")
	if province == "" {
		province = "18"
	}
	month := report.LastMonth(db.Now()).String()
	var whole, read, pdf []time.Duration
	var size int
	cpu0 := cpuTime()
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
	cpu := (cpuTime() - cpu0) / time.Duration(b.N)
	med := func(ds []time.Duration) (time.Duration, time.Duration) {
		s := append([]time.Duration(nil), ds...)
		sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
		return s[len(s)/2].Round(time.Millisecond), s[len(s)-1].Round(time.Millisecond)
	}
	m, w := med(whole)
	rm, rw := med(read)
	pm, pw := med(pdf)
	b.Logf("monthly report %s of province %s, %d bytes: whole median %v slowest %v; figures %v/%v; PDF %v/%v; cpu/report %v (n=%d)",
		month, province, size, m, w, rm, rw, pm, pw, cpu.Round(time.Millisecond), b.N)
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
