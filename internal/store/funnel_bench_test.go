package store_test

import (
	"context"
	"fmt"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/funnel"
	"github.com/siapekspor/siapekspor/internal/store"
)

// BenchmarkFunnelDashboard times the dashboard's reads (FunnelReport: the
// funnel, one breakdown, the targets) on an existing database, e.g. a copy
// of the demo province:
//
//	SIAPEKSPOR_FUNNEL_DB=/tmp/bench-funnel/data/siapekspor.db \
//	  go test -run '^$' -bench FunnelDashboard -benchtime 20x ./internal/store/
//
// It prints each case's median and slowest time per call, as an admin (the
// whole province) and as a regency officer (its regency and its binaan).
// Skipped without the variable. Nothing is written but one target.
func BenchmarkFunnelDashboard(b *testing.B) {
	url := os.Getenv("SIAPEKSPOR_FUNNEL_DB")
	if url == "" {
		b.Skip("SIAPEKSPOR_FUNNEL_DB names a database (a copy: a target is written)")
	}
	db, err := store.Open(context.Background(), store.Options{URL: url})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	admin := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
	province := os.Getenv("SIAPEKSPOR_FUNNEL_PROVINCE")
	if province == "" {
		province = "18"
	}
	regency := province + ".06"
	if err := db.SaveTarget(admin, &siapekspor.Target{RegionCode: regency, Year: db.Now().Year() + 4, Population: "ikm", Percent: 30,
		BaselineYear: 2021, BaselineCount: 20}, province); err != nil {
		b.Fatal(err)
	}
	officer := siapekspor.WithActor(context.Background(), siapekspor.Actor{UserID: 1, Role: siapekspor.RoleOfficer, OrgID: 1, RegionCode: regency, Label: "bench"})
	pf := siapekspor.EnterpriseFilter{ProvinceCode: province}
	cases := []struct {
		name string
		ctx  context.Context
		q    store.FunnelQuery
	}{
		{"admin, the province", admin, store.FunnelQuery{Filter: pf}},
		{"admin, the whole registry (every province)", admin, store.FunnelQuery{}},
		{"admin, by regency", admin, store.FunnelQuery{Filter: pf, By: store.FunnelRegency}},
		{"admin, by district", admin, store.FunnelQuery{Filter: pf, By: store.FunnelDistrict}},
		{"admin, by office", admin, store.FunnelQuery{Filter: pf, By: store.FunnelOffice}},
		{"admin, by year", admin, store.FunnelQuery{Filter: pf, By: store.FunnelYear}},
		{"admin, IKM food micro by sector, end of last year", admin, store.FunnelQuery{Filter: siapekspor.EnterpriseFilter{ProvinceCode: province,
			Kind: siapekspor.KindIKM, Sector: "food", SizeClass: siapekspor.SizeMicro}, By: store.FunnelSector, Year: db.Now().Year() - 1}},
		{"admin, a regency by readiness", admin, store.FunnelQuery{Filter: siapekspor.EnterpriseFilter{RegencyCode: regency}, By: store.FunnelReadiness}},
		{"officer, own regency", officer, store.FunnelQuery{Filter: pf}},
		{"officer, by district", officer, store.FunnelQuery{Filter: pf, By: store.FunnelDistrict}},
	}
	// The drill-down: the registry list's first page with a stage (and a
	// readiness class), as the page reads it.
	for _, lc := range []struct {
		name string
		f    siapekspor.EnterpriseFilter
	}{
		{"assessed", siapekspor.EnterpriseFilter{ProvinceCode: province, FunnelStage: int(funnel.Assessed)}},
		{"first export, IKM", siapekspor.EnterpriseFilter{ProvinceCode: province, FunnelStage: int(funnel.FirstExport), Kind: siapekspor.KindIKM}},
		{"trained, by the end of last year", siapekspor.EnterpriseFilter{ProvinceCode: province, FunnelStage: int(funnel.Trained), FunnelYear: db.Now().Year() - 1}},
		{"readiness mahir, a regency", siapekspor.EnterpriseFilter{ProvinceCode: province, RegencyCode: regency, Readiness: "mahir"}},
		{"not assessed, a regency", siapekspor.EnterpriseFilter{ProvinceCode: province, RegencyCode: regency, Readiness: "none"}},
	} {
		var times []time.Duration
		var total int
		for i := 0; i < 20; i++ {
			f := lc.f
			f.Limit, f.CheapTotal, f.NoKBLI = 25, true, true
			start := time.Now()
			page, err := db.ListEnterprises(admin, f)
			if err != nil {
				b.Fatal(err)
			}
			times = append(times, time.Since(start))
			total = page.Total
		}
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		fmt.Printf("list   %-50s total %7d: median %v, slowest %v\n", lc.name, total, times[10].Round(10*time.Microsecond), times[19].Round(10*time.Microsecond))
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var times []time.Duration
			var rep *store.FunnelReport
			for i := 0; i < max(b.N, 20); i++ {
				start := time.Now()
				rep, err = db.FunnelReport(c.ctx, c.q)
				if err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
			}
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			fmt.Printf("funnel %-50s %4d groups, %7d registered, %5d first exports: median %v, slowest %v (%d calls)\n", c.name, len(rep.Groups),
				rep.Total[funnel.Registered].Reached, rep.Total[funnel.FirstExport].Reached, times[len(times)/2].Round(10*time.Microsecond),
				times[len(times)-1].Round(10*time.Microsecond), len(times))
		})
	}
}
