package store_test

import (
	"context"
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/exportcompare"
	"github.com/siapekspor/siapekspor/internal/exportstats"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestExportComparison checks on both engines that the comparison reads
// BPS's figures as the table holds them and the records in the reader's
// scope, and that a drill-down's filter lists exactly the records a figure
// counts.
func TestExportComparison(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
		rep, err := exportstats.ReadFile(ctx, "../demo/data/bps-lampung-2023-2024-sintetis.csv", exportstats.Options{Province: "18"})
		if err != nil || !rep.OK() {
			t.Fatalf("reading the demo table: %v %v", err, rep)
		}
		l, err := db.StoreExportStats(ctx, rep, "sha")
		if err != nil {
			t.Fatal(err)
		}
		// BPS's March 2024, its coffee (0901) and its exports to the USA.
		var march, coffee, usa float64
		for _, r := range rep.Rows {
			if r.Year == 2024 && r.Month == 3 {
				march += r.ValueUSD
				if r.HSCode == "0901" {
					coffee += r.ValueUSD
				}
			}
			if r.Year == 2024 && r.Destination == "USA" {
				usa += r.ValueUSD
			}
		}
		a := validEnterprise()
		b := validEnterprise()
		b.Name, b.NIB, b.OwnerNIK, b.RegencyCode, b.DistrictCode, b.Lat, b.Lng = "Kopi Robusta Way Kanan", "9120001234568", "1801045508790002", "18.08", "18.08.01", nil, nil
		for _, e := range []*siapekspor.Enterprise{a, b} {
			if err := db.CreateEnterprise(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		day := func(m, d int) time.Time { return time.Date(2024, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
		recs := []*siapekspor.ExportRecord{
			shipment(a.ID, day(3, 1), "A1"),  // 090111 JPN 12,500.00
			shipment(a.ID, day(3, 31), "A2"), // the month's last day counts in it
			shipment(b.ID, day(3, 15), "B1"),
			shipment(b.ID, day(4, 1), "B2"),
		}
		recs[2].Destination = "USA"
		recs[3].HSCode, recs[3].Destination = "151110", "USA"
		for _, r := range recs {
			if err := db.CreateExportRecord(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		f := exportcompare.Filter{From: exportcompare.YearMonth{Year: 2024, Month: 1}, To: exportcompare.YearMonth{Year: 2024, Month: 12}}
		c, err := db.ExportComparison(ctx, "18", f)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Months) != 12 || len(c.Loads) != 1 || c.Loads[0].ID != l.ID || !c.Loads[0].Synthetic {
			t.Fatalf("months %d, loads %+v", len(c.Months), c.Loads)
		}
		m := c.Months[2]
		if !m.HasBPS || !near(m.BPSUSD, march) || m.Records != 3 || m.RecordsUSDCents != 3*1_250_000 || m.RecordsIDR != 3*197_500_000 {
			t.Errorf("March %+v, want BPS %.2f", m, march)
		}
		if !m.HasShare || !near(m.Share, 37_500/march) {
			t.Errorf("March share %v", m.Share)
		}
		if c.Total.Records != 4 {
			t.Errorf("total %+v", c.Total)
		}
		// The drill-down lists exactly the month's records.
		if n := listed(t, db, ctx, m.Link); n != 3 {
			t.Errorf("March's link %q lists %d records", m.Link, n)
		}
		var sawUSA bool
		for _, r := range c.ByDestination {
			if r.Key == "USA" {
				sawUSA = true
				if !near(r.BPSUSD, usa) || r.Records != 2 || listed(t, db, ctx, r.Link) != 2 {
					t.Errorf("USA %+v, want BPS %.2f", r, usa)
				}
			}
		}
		if !sawUSA {
			t.Error("no USA row")
		}

		// A heading: BPS's coffee, the records' coffee.
		f.HS = "0901"
		if c, err = db.ExportComparison(ctx, "18", f); err != nil {
			t.Fatal(err)
		}
		if m := c.Months[2]; !near(m.BPSUSD, coffee) || m.Records != 3 {
			t.Errorf("coffee in March %+v, want %.2f", m, coffee)
		}
		if m := c.Months[3]; m.Records != 0 || m.Link != "" {
			t.Errorf("no coffee in April %+v", m)
		}

		// A destination: BPS's exports to the USA by month.
		f.HS, f.Destination = "", "USA"
		if c, err = db.ExportComparison(ctx, "18", f); err != nil {
			t.Fatal(err)
		}
		var usaMonths float64
		for _, m := range c.Months {
			usaMonths += m.BPSUSD
		}
		if !near(usaMonths, usa) || c.Total.Records != 2 || c.MonthsWithBPS == 0 {
			t.Errorf("to the USA: BPS %.2f (want %.2f), %d records", usaMonths, usa, c.Total.Records)
		}
		f.Destination = ""

		// A regency office sees its own enterprises' records only; BPS
		// stays the province's.
		f.HS = ""
		officer := siapekspor.WithActor(context.Background(), siapekspor.Actor{Role: siapekspor.RoleOfficer, OrgID: 7, RegionCode: "18.08", Label: "officer"})
		if c, err = db.ExportComparison(officer, "18", f); err != nil {
			t.Fatal(err)
		}
		if c.Total.Records != 2 || !near(c.Months[2].BPSUSD, march) {
			t.Errorf("the regency officer's comparison %+v", c.Total)
		}
		if n := listed(t, db, officer, c.Months[2].Link); n != 1 {
			t.Errorf("the officer's March lists %d", n)
		}

		// The table's cells stored with it are what its rows give: the
		// same comparison from cells written again by migration 0045, and
		// from the rows when the stored text is damaged or missing.
		for _, f := range []exportcompare.Filter{f, {From: f.From, To: f.To, HS: "090111", Load: l.ID}, {From: exportcompare.YearMonth{Year: 2023, Month: 6}, To: f.To, Destination: "JPN"}} {
			want, err := db.ExportComparison(ctx, "18", f)
			if err != nil {
				t.Fatal(err)
			}
			for _, stored := range []string{"again", "", "C1:AAAA", `[{"hs":"09"}]`} {
				if stored == "again" {
					err = db.FillCompareCellsForTest(ctx)
				} else {
					err = db.ExecForTest(ctx, `UPDATE export_stat_loads SET compare_cells = $1`, stored)
				}
				if err != nil {
					t.Fatal(err)
				}
				got, err := db.ExportComparison(ctx, "18", f)
				if err != nil {
					t.Fatalf("cells stored as %q: %v", stored, err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%+v, cells stored as %q: the comparison differs:\n got  %+v\n want %+v", f, stored, got.Total, want.Total)
				}
			}
			if err := db.FillCompareCellsForTest(ctx); err != nil {
				t.Fatal(err)
			}
		}

		// A table that is not there.
		f.Load = l.ID + 100
		if _, err := db.ExportComparison(ctx, "18", f); siapekspor.ErrorCodeOf(err) != siapekspor.EInvalid {
			t.Errorf("an unknown table: %v", err)
		}
	})
}

func near(a, b float64) bool { return a-b < 0.01 && b-a < 0.01 }

// listed counts the records /exports lists for a drill-down's query.
func listed(t *testing.T, db *store.DB, ctx context.Context, query string) int {
	t.Helper()
	q, err := urlQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.ListExportRecords(ctx, store.ExportFilter{From: q.Get("month_from"), To: q.Get("month_to"), Destination: q.Get("destination"),
		HS: q.Get("hs"), RegencyCode: q.Get("regency")})
	if err != nil {
		t.Fatal(err)
	}
	return p.Total
}

func urlQuery(s string) (url.Values, error) { return url.ParseQuery(s) }
