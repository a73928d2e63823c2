package store_test

import (
	"context"
	"fmt"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/exportcompare"
	"github.com/siapekspor/siapekspor/internal/store"
)

// BenchmarkExportComparison times store.ExportComparison (the records
// beside the BPS tables: one query over the records, three over BPS's
// rows, Compare) on an existing database, e.g. the demo province:
//
//	SIAPEKSPOR_COMPARE_DB=/tmp/demo/data/siapekspor.db \
//	  go test -run '^$' -bench ExportComparison -benchtime 20x ./internal/store/
//
// It prints each case's median and slowest time per call. Read-only.
// Skipped without the variable.
func BenchmarkExportComparison(b *testing.B) {
	url := os.Getenv("SIAPEKSPOR_COMPARE_DB")
	if url == "" {
		b.Skip("SIAPEKSPOR_COMPARE_DB names a database")
	}
	db, err := store.Open(context.Background(), store.Options{URL: url})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	admin := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
	province := "18"
	regency := province + ".06"
	officer := siapekspor.WithActor(context.Background(), siapekspor.Actor{UserID: 1, Role: siapekspor.RoleOfficer, OrgID: 1, RegionCode: regency, Label: "bench"})
	year, err := db.ExportComparisonYear(admin, province)
	if err != nil {
		b.Fatal(err)
	}
	ym := func(y, m int) exportcompare.YearMonth { return exportcompare.YearMonth{Year: y, Month: m} }
	now := db.Now()
	whole := exportcompare.Filter{From: ym(year, 1), To: ym(year, 12)}
	five := exportcompare.Filter{From: ym(now.Year()-4, 1), To: ym(now.Year(), int(now.Month()))}
	with := func(f exportcompare.Filter, set func(*exportcompare.Filter)) exportcompare.Filter { set(&f); return f }
	cases := []struct {
		name string
		ctx  context.Context
		f    exportcompare.Filter
	}{
		{"admin, the default year", admin, whole},
		{"admin, five years to this month", admin, five},
		{"admin, heading 0901", admin, with(whole, func(f *exportcompare.Filter) { f.HS = "0901" })},
		{"admin, subheading 090111 (BPS broader)", admin, with(whole, func(f *exportcompare.Filter) { f.HS = "090111" })},
		{"admin, destination USA", admin, with(whole, func(f *exportcompare.Filter) { f.Destination = "USA" })},
		{"admin, a regency's records", admin, with(five, func(f *exportcompare.Filter) { f.RegencyCode = regency })},
		{"officer, own regency, five years", officer, five},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var times []time.Duration
			var cmp *exportcompare.Comparison
			for i := 0; i < max(b.N, 20); i++ {
				start := time.Now()
				cmp, err = db.ExportComparison(c.ctx, province, c.f)
				if err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
			}
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			fmt.Printf("compare %-42s %5d records, %2d months with BPS, %3d destinations, %3d commodities: median %v, slowest %v (%d calls)\n",
				c.name, cmp.Total.Records, cmp.MonthsWithBPS, len(cmp.ByDestination), len(cmp.ByCommodity),
				times[len(times)/2].Round(10*time.Microsecond), times[len(times)-1].Round(10*time.Microsecond), len(times))
		})
	}
}
