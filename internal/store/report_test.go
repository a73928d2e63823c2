package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/funnel"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestMonthlyFigures checks the month's figures on a small demo province
// made with a fixed clock: the funnel by the end of this month agrees with
// the dashboard's (the summary counts), a month before the registry is
// empty, and the month's records are counted on both engines alike.
func TestMonthlyFigures(t *testing.T) {
	var got []*store.MonthlyFigures
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
		now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		if _, err := demo.Province(ctx, db, demo.Options{Province: "18", Enterprises: 400, Products: -1, Assessed: 0.5, Seed: 3}); err != nil {
			t.Fatal(err)
		}
		q := store.MonthlyQuery{Province: "18", From: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), ExpiringDays: 90}
		f, err := db.MonthlyFigures(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		groups, err := db.Funnel(ctx, store.FunnelQuery{Filter: siapekspor.EnterpriseFilter{ProvinceCode: "18"}})
		if err != nil {
			t.Fatal(err)
		}
		for s := 0; s < funnel.N; s++ {
			if f.Funnel[s].Reached != groups[0].Counts[s].Reached {
				t.Errorf("stage %d: month %d, dashboard %d", s, f.Funnel[s].Reached, groups[0].Counts[s].Reached)
			}
		}
		var reg, exp int64
		for _, r := range f.Regions {
			reg += r.Registered
			exp += r.Exporting
		}
		if reg != 400 || exp != f.Funnel[funnel.FirstExport].Reached {
			t.Errorf("regions: %d registered, %d exporting; funnel %v", reg, exp, f.Funnel)
		}
		if f.FirstRegistered.IsZero() || f.FirstRegistered.After(now) {
			t.Errorf("first registered %v", f.FirstRegistered)
		}
		// The months since the registry began hold some of each kind of record.
		var sessions, activities, validations, exports int64
		for m := 0; m < 35; m++ {
			mq := q
			mq.From = time.Date(2024, time.January+time.Month(m), 1, 0, 0, 0, 0, time.UTC)
			mq.To = mq.From.AddDate(0, 1, 0)
			mf, err := db.MonthlyFigures(ctx, mq)
			if err != nil {
				t.Fatal(err)
			}
			checkFunnelRows(t, db, ctx, mf, mq, `e.province_code = $3`, "18")
			sessions += mf.TrainingSessions
			activities += mf.MentoringActivities
			exports += mf.ExportRecords
			for _, n := range mf.Validations {
				validations += n
			}
			var byDest int64
			for _, d := range mf.Destinations {
				byDest += d.Records
			}
			if byDest != mf.ExportRecords {
				t.Errorf("%v: %d records by destination, %d in all", m, byDest, mf.ExportRecords)
			}
		}
		if sessions == 0 || activities == 0 || validations == 0 || exports == 0 {
			t.Errorf("2024–2026: %d sessions, %d activities, %d validations, %d exports", sessions, activities, validations, exports)
		}
		before := q
		before.From, before.To = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 2, 1, 0, 0, 0, 0, time.UTC)
		bf, err := db.MonthlyFigures(ctx, before)
		if err != nil {
			t.Fatal(err)
		}
		if bf.Funnel[0].Reached != 0 || len(bf.Regions) != 0 {
			t.Errorf("before the registry: %v", bf.Funnel)
		}
		for _, a := range []siapekspor.Actor{
			{UserID: 9, Role: siapekspor.RoleOfficer, OrgID: 1, RegionCode: "31.71"}, // another province's office
			{UserID: 9, Role: siapekspor.RoleOwner, EnterpriseID: 1},
			{UserID: 9, Role: siapekspor.RoleMentor},
		} {
			if _, err := db.MonthlyFigures(siapekspor.WithActor(context.Background(), a), q); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
				t.Errorf("%+v: %v", a, err)
			}
		}
		checkRegencyMonthly(t, db, ctx, q)
		f.FirstRegistered = f.FirstRegistered.UTC()
		got = append(got, f)
	})
	if len(got) == 2 {
		a, b := *got[0], *got[1]
		if a.Funnel != b.Funnel || a.ExportRecords != b.ExportRecords || a.TrainingPresent != b.TrainingPresent || a.MentoringActivities != b.MentoringActivities ||
			len(a.Expiring) != len(b.Expiring) || a.Expired != b.Expired || !a.FirstRegistered.Equal(b.FirstRegistered) {
			t.Errorf("the engines disagree:\n%+v\n%+v", a, b)
		}
	}
}

// checkRegencyMonthly: a regency office's figures are its regency's and its
// binaan's: its funnel is the dashboard's for the same officer, and the
// regencies' offices (without binaan) add up to the province month by
// month.
func checkRegencyMonthly(t *testing.T, db *store.DB, ctx context.Context, q store.MonthlyQuery) {
	t.Helper()
	office := &siapekspor.Organisation{Name: "Dinas Koperasi Lampung Selatan", Kind: siapekspor.OrgRegencyOffice, RegionCode: "18.01"}
	if err := db.CreateOrganisation(ctx, office); err != nil {
		t.Fatal(err)
	}
	// Binaan of the office in another regency.
	page, err := db.ListEnterprises(ctx, siapekspor.EnterpriseFilter{ProvinceCode: "18", RegencyCode: "18.71", Limit: 15})
	if err != nil {
		t.Fatal(err)
	}
	for i := range page.Items {
		e := &page.Items[i]
		e.BinaanOrgID = &office.ID
		if err := db.UpdateEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	officer := siapekspor.WithActor(context.Background(), siapekspor.Actor{UserID: 9, Role: siapekspor.RoleOfficer, OrgID: office.ID, RegionCode: "18.01", Label: "o@x"})
	f, err := db.MonthlyFigures(officer, q)
	if err != nil {
		t.Fatal(err)
	}
	if f.RegionCode != "18.01" || f.BinaanOrgID != office.ID {
		t.Errorf("scope %q %d", f.RegionCode, f.BinaanOrgID)
	}
	groups, err := db.Funnel(officer, store.FunnelQuery{Filter: siapekspor.EnterpriseFilter{ProvinceCode: "18"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 1 || f.Funnel[0].Reached == 0 {
		t.Fatalf("officer's funnel: %v; month's %v", groups, f.Funnel)
	}
	for s := 0; s < funnel.N; s++ {
		if f.Funnel[s].Reached != groups[0].Counts[s].Reached {
			t.Errorf("officer, stage %d: month %d, dashboard %d", s, f.Funnel[s].Reached, groups[0].Counts[s].Reached)
		}
	}
	var binaan int64
	for _, r := range f.Regions {
		switch r.RegencyCode {
		case "18.01":
		case "18.71":
			binaan += r.Registered
		default:
			t.Errorf("officer's regions: %+v", r)
		}
	}
	if binaan != int64(len(page.Items)) {
		t.Errorf("binaan in 18.71: %d, want %d", binaan, len(page.Items))
	}
	for m := 0; m < 35; m += 5 {
		mq := q
		mq.From = time.Date(2024, time.January+time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		mq.To = mq.From.AddDate(0, 1, 0)
		mf, err := db.MonthlyFigures(officer, mq)
		if err != nil {
			t.Fatal(err)
		}
		checkFunnelRows(t, db, ctx, mf, mq, `(e.regency_code = $3 OR e.binaan_org_id = $4)`, "18.01", office.ID)
	}
	// The regencies' offices without binaan partition the province.
	regencies := map[string]bool{}
	whole, err := db.MonthlyFigures(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range whole.Regions {
		regencies[r.RegencyCode] = true
	}
	for m := 0; m < 12; m++ {
		mq := q
		mq.From = time.Date(2025, time.January+time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		mq.To = mq.From.AddDate(0, 1, 0)
		all, err := db.MonthlyFigures(ctx, mq)
		if err != nil {
			t.Fatal(err)
		}
		var sum store.MonthlyFigures
		var validations, allValidations int64
		for code := range regencies {
			o := siapekspor.WithActor(context.Background(), siapekspor.Actor{UserID: 9, Role: siapekspor.RoleOfficer, RegionCode: code, Label: "r@x"})
			rf, err := db.MonthlyFigures(o, mq)
			if err != nil {
				t.Fatal(err)
			}
			for s := range sum.Funnel {
				sum.Funnel[s].Reached += rf.Funnel[s].Reached
			}
			sum.TrainingPresent += rf.TrainingPresent
			sum.TrainingCompleted += rf.TrainingCompleted
			sum.MentoringActivities += rf.MentoringActivities
			sum.CasesOpened += rf.CasesOpened
			sum.ExportRecords += rf.ExportRecords
			sum.ExportUSDCents += rf.ExportUSDCents
			sum.Expired += rf.Expired
			for _, n := range rf.Validations {
				validations += n
			}
		}
		for _, n := range all.Validations {
			allValidations += n
		}
		if sum.Funnel != all.Funnel || sum.TrainingPresent != all.TrainingPresent || sum.TrainingCompleted != all.TrainingCompleted ||
			sum.MentoringActivities != all.MentoringActivities || sum.CasesOpened != all.CasesOpened || sum.ExportRecords != all.ExportRecords ||
			sum.ExportUSDCents != all.ExportUSDCents || sum.Expired != all.Expired || validations != allValidations {
			t.Errorf("2025-%02d: the regencies add up to\n%+v\nthe province\n%+v", m+1, sum, *all)
		}
	}
}

// checkFunnelRows compares the month-end funnel (read from the summary,
// less what came after) with a count over the rows of the enterprises
// cond selects ($3, $4… its arguments).
func checkFunnelRows(t *testing.T, db *store.DB, ctx context.Context, f *store.MonthlyFigures, q store.MonthlyQuery, cond string, args ...any) {
	t.Helper()
	last := q.To.AddDate(0, 0, -1).Format(time.DateOnly)
	var want funnel.Counts
	regions := map[[2]string]*store.RegionKindCount{}
	add := func(query string) {
		rows, err := db.QueryForTest(ctx, query, append([]any{q.To, last}, args...)...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var code, kind string
			var stage int
			var n int64
			if err := rows.Scan(&code, &kind, &stage, &n); err != nil {
				t.Fatal(err)
			}
			want[stage].Reached += n
			k := [2]string{code, kind}
			if regions[k] == nil {
				regions[k] = &store.RegionKindCount{RegencyCode: code, Kind: siapekspor.EnterpriseKind(kind)}
			}
			switch funnel.Stage(stage) {
			case funnel.Registered:
				regions[k].Registered += n
			case funnel.FirstExport:
				regions[k].Exporting += n
			}
		}
	}
	add(`SELECT e.regency_code, e.kind, 0, COUNT(*) FROM enterprises e WHERE e.created_at < $1 AND $2 <> '' AND ` + cond + ` GROUP BY e.regency_code, e.kind`)
	add(`SELECT e.regency_code, e.kind, ef.stage, COUNT(*) FROM enterprise_funnel ef JOIN enterprises e ON e.id = ef.enterprise_id
		WHERE e.created_at < $1 AND ef.reached_on <= $2 AND ` + cond + ` GROUP BY e.regency_code, e.kind, ef.stage`)
	if f.Funnel != want {
		t.Errorf("%s, %v: funnel %v, over the rows %v", q.From.Format("2006-01"), args, f.Funnel, want)
	}
	var got []store.RegionKindCount
	for _, r := range regions {
		if r.Registered != 0 || r.Exporting != 0 {
			got = append(got, *r)
		}
	}
	if len(got) != len(f.Regions) {
		t.Errorf("%s, %v: %d regions and kinds, over the rows %d", q.From.Format("2006-01"), args, len(f.Regions), len(got))
		return
	}
	for _, r := range f.Regions {
		w := regions[[2]string{r.RegencyCode, string(r.Kind)}]
		if w == nil || *w != r {
			t.Errorf("%s, %v: %+v, over the rows %+v", q.From.Format("2006-01"), args, r, w)
		}
	}
}
