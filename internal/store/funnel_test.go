package store_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/funnel"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

func funnelOf(t *testing.T, db *store.DB, c context.Context, q store.FunnelQuery) map[string]funnel.Counts {
	t.Helper()
	groups, err := db.Funnel(c, q)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]funnel.Counts{}
	for _, g := range groups {
		out[g.Key] = g.Counts
	}
	return out
}

// TestFunnelCountsAndScopes builds a small registry in two regencies —
// assessed, validated, matched up to a contract, exporting — and reads the
// funnel as an admin, a regency officer, an owner; by regency and by year;
// the list's funnel filter; and the summary against a rebuild.
func TestFunnelCountsAndScopes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var ids []int64
		for i, regency := range []string{"18.01", "18.01", "18.01", "18.06"} {
			e := validEnterprise()
			e.NIB, e.OwnerNIK = "", ""
			e.Name = []string{"Kopi Satu", "Kopi Dua", "Kopi Tiga", "Kopi Empat"}[i]
			e.RegencyCode, e.DistrictCode, e.VillageCode, e.Lat, e.Lng = regency, "", "", nil, nil
			if err := db.CreateEnterprise(ctx, e); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, e.ID)
		}
		// The first: an export record (so every stage up to first export).
		if err := db.CreateExportRecord(ctx, &siapekspor.ExportRecord{EnterpriseID: ids[0], HSCode: "090111", Destination: "JPN",
			ValueUSDCents: 100_000, RateIDR: 16_000, ExportDate: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), Source: siapekspor.SourceOfficer}); err != nil {
			t.Fatal(err)
		}
		// The second: a product shortlisted and moved to a contract.
		buyerOrg := &siapekspor.Organisation{Name: "Seattle Coffee Importers (sintetis)", Kind: siapekspor.OrgForeignBuyer}
		if err := db.CreateOrganisation(ctx, buyerOrg); err != nil {
			t.Fatal(err)
		}
		p := coffee(ids[1])
		if err := db.CreateProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
		r := coffeeRequest(buyerOrg.ID, db.Now())
		if err := db.CreateRequest(ctx, r); err != nil {
			t.Fatal(err)
		}
		officer := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOfficer, 0, "18.01"))
		list, err := db.Shortlist(officer, r.ID, []int64{p.ID}, "")
		if err != nil {
			t.Fatal(err)
		}
		owner := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOwner, ids[1], ""))
		if _, err := db.MoveMatch(officer, list[0].ID, siapekspor.MatchMove{To: siapekspor.StepIntroduced}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AnswerIntroduction(owner, list[0].ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := db.MoveMatch(officer, list[0].ID, siapekspor.MatchMove{To: siapekspor.StepMeeting}); err != nil {
			t.Fatal(err)
		}
		// The fourth (another regency): exporter by hand, no record.
		e4, err := db.Enterprise(ctx, ids[3])
		if err != nil {
			t.Fatal(err)
		}
		e4.ExportStatus = siapekspor.ExportRegular
		if err := db.UpdateEnterprise(ctx, e4); err != nil {
			t.Fatal(err)
		}
		if diff, err := db.FunnelDiffForTest(ctx); err != nil || diff != "" {
			t.Fatalf("the summary differs from the facts: %v\n%s", err, diff)
		}

		reached := func(c funnel.Counts) [funnel.N]int64 {
			var out [funnel.N]int64
			for s := range c {
				out[s] = c[s].Reached
			}
			return out
		}
		all := funnelOf(t, db, ctx, store.FunnelQuery{Filter: siapekspor.EnterpriseFilter{ProvinceCode: "18"}})
		if got, want := reached(all[""]), [funnel.N]int64{4, 3, 3, 3, 3, 3, 2, 2, 1}; got != want {
			t.Fatalf("the province's funnel %v, want %v", got, want)
		}
		// The regency officer of 18.01 sees its regency only.
		mine := funnelOf(t, db, officer, store.FunnelQuery{})
		if got, want := reached(mine[""]), [funnel.N]int64{3, 2, 2, 2, 2, 2, 1, 1, 0}; got != want {
			t.Fatalf("the officer's funnel %v, want %v", got, want)
		}
		byRegency := funnelOf(t, db, officer, store.FunnelQuery{By: store.FunnelRegency})
		if len(byRegency) != 1 || byRegency["18.01"][funnel.Registered].Reached != 3 {
			t.Fatalf("the officer's regencies: %v", byRegency)
		}
		byRegency = funnelOf(t, db, ctx, store.FunnelQuery{By: store.FunnelRegency})
		if byRegency["18.06"][funnel.RegularExporter].Reached != 1 || byRegency["18.01"][funnel.FirstExport].Reached != 1 {
			t.Fatalf("by regency: %v", byRegency)
		}
		// The owner's funnel is its own enterprise (counted over its rows).
		own := funnelOf(t, db, owner, store.FunnelQuery{})
		if got, want := reached(own[""]), [funnel.N]int64{1, 1, 1, 1, 1, 1, 0, 0, 0}; got != want {
			t.Fatalf("the owner's funnel %v, want %v", got, want)
		}
		// By year: everything was registered this year.
		y := db.Now().Year()
		byYear := funnelOf(t, db, ctx, store.FunnelQuery{By: store.FunnelYear})
		if byYear[strconv.Itoa(y)][funnel.Registered].Reached != 4 {
			t.Fatalf("by year: %v", byYear)
		}
		// The list's funnel filter: those who met a buyer (or went further).
		page, err := db.ListEnterprises(ctx, siapekspor.EnterpriseFilter{FunnelStage: int(funnel.MetBuyer)})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 3 {
			t.Fatalf("met a buyer: %d enterprises", page.Total)
		}
		page, err = db.ListEnterprises(officer, siapekspor.EnterpriseFilter{FunnelStage: int(funnel.FirstExport)})
		if err != nil || page.Total != 1 || page.Items[0].ID != ids[0] {
			t.Fatalf("the officer's exporters: %v %v", page, err)
		}
		page, err = db.ListEnterprises(ctx, siapekspor.EnterpriseFilter{FunnelStage: int(funnel.FirstExport), FunnelYear: 2024})
		if err != nil || page.Total != 0 {
			t.Fatalf("exporters by the end of 2024: %v %v", page, err)
		}
		// Deleting an enterprise takes it out.
		if err := db.DeleteEnterprise(ctx, ids[3]); err != nil {
			t.Fatal(err)
		}
		if diff, err := db.FunnelDiffForTest(ctx); err != nil || diff != "" {
			t.Fatalf("after a delete: %v\n%s", err, diff)
		}
		all = funnelOf(t, db, ctx, store.FunnelQuery{})
		if all[""][funnel.RegularExporter].Reached != 0 {
			t.Fatalf("the deleted exporter is still counted: %v", all)
		}
	})
}

// TestTargetsKeepHistoryAndRefuseBadInput sets, changes and withdraws a
// target, refuses one above 100% and one outside the province (nothing
// stored), and measures the gap.
func TestTargetsKeepHistoryAndRefuseBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for i := 0; i < 10; i++ {
			e := validEnterprise()
			e.NIB, e.OwnerNIK = "", ""
			e.Name = "IKM " + strconv.Itoa(i)
			e.RegencyCode, e.DistrictCode, e.VillageCode, e.Lat, e.Lng = "18.06", "", "", nil, nil
			if i == 0 {
				e.ExportStatus = siapekspor.ExportFirst
			}
			if err := db.CreateEnterprise(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		year := db.Now().Year() + 2
		tg := &siapekspor.Target{RegionCode: "18.06", Year: year, Population: "ikm", Percent: 30, BaselineYear: 2021, BaselineCount: 20}
		officer := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOfficer, 0, ""))
		if err := db.SaveTarget(officer, tg, "18"); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Fatalf("an officer set a target: %v", err)
		}
		if err := db.SaveTarget(ctx, tg, "18"); err != nil {
			t.Fatal(err)
		}
		for name, bad := range map[string]*siapekspor.Target{
			"above 100%":           {RegionCode: "18.06", Year: year, Population: "ikm", Percent: 130},
			"outside the province": {RegionCode: "31.71", Year: year, Population: "ikm", Percent: 30},
		} {
			err := db.SaveTarget(ctx, bad, "18")
			keys := fieldKeys(t, err)
			if keys["percent"] != "target.percent_over" && keys["region_code"] != "target.region_outside" {
				t.Errorf("%s: %v", name, err)
			}
		}
		again := *tg
		again.ID, again.Percent = 0, 40
		if err := db.SaveTarget(ctx, &again, "18"); err != nil {
			t.Fatal(err)
		}
		current, err := db.Targets(ctx, store.TargetFilter{})
		if err != nil || len(current) != 1 || current[0].Percent != 40 {
			t.Fatalf("current targets: %v %v", current, err)
		}
		history, err := db.TargetHistory(ctx, store.TargetFilter{RegionCode: "18.06"})
		if err != nil || len(history) != 2 || history[1].Percent != 30 {
			t.Fatalf("history: %v %v", history, err)
		}
		p, err := db.MeasureTarget(ctx, current[0])
		if err != nil {
			t.Fatal(err)
		}
		// 40% of 10 registered IKM is 4; one exports: 3 more.
		if p.Denominator != 10 || p.Exporters != 1 || p.Goal != 4 || p.Gap != 3 || p.RegionName == "" {
			t.Fatalf("progress %+v", p)
		}
		stated := *current[0]
		stated.ID, stated.Denominator, stated.DenominatorCount, stated.DenominatorSource = 0, siapekspor.DenominatorStated, 100, "BPS (sintetis)"
		if err := db.SaveTarget(ctx, &stated, "18"); err != nil {
			t.Fatal(err)
		}
		if p, err = db.MeasureTarget(ctx, &stated); err != nil || p.Goal != 40 || p.Gap != 39 {
			t.Fatalf("stated denominator: %+v %v", p, err)
		}
		withdraw := stated
		withdraw.ID, withdraw.Removed = 0, true
		if err := db.SaveTarget(ctx, &withdraw, "18"); err != nil {
			t.Fatal(err)
		}
		if current, err = db.Targets(ctx, store.TargetFilter{}); err != nil || len(current) != 0 {
			t.Fatalf("after the withdrawal: %v %v", current, err)
		}
		if history, _ = db.TargetHistory(ctx, store.TargetFilter{}); len(history) != 4 {
			t.Fatalf("history keeps %d versions", len(history))
		}
	})
}
