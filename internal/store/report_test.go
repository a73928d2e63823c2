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
		officer := siapekspor.WithActor(context.Background(), siapekspor.Actor{UserID: 9, Role: siapekspor.RoleOfficer, OrgID: 1, RegionCode: "18.06"})
		if _, err := db.MonthlyFigures(officer, q); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Errorf("a regency officer: %v", err)
		}
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
