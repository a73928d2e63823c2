package demo_test

import (
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestFillDevelopment checks the demo's export development on both
// engines: assessments mostly in the beginner class, last year's programme
// finished with completion and some participants moved up, this year's
// placed, mentoring with overdue work.
func TestFillDevelopment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.Fill(sysCtx, db, "18", 3000, 2); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.FillProducts(sysCtx, db, 3000, 2); err != nil {
			t.Fatal(err)
		}
		sum, err := demo.FillDevelopment(sysCtx, db, 0.2, 2)
		if err != nil {
			t.Fatal(err)
		}
		page, err := db.ListReadiness(sysCtx, store.ReadinessFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total < 400 || page.ByLevel[siapekspor.LevelBeginner] < page.ByLevel[siapekspor.LevelAdvanced] {
			t.Errorf("assessed: %d, by class %v", page.Total, page.ByLevel)
		}
		progs, _ := db.ListProgrammes(sysCtx)
		if len(progs) != 2 || progs[1].Status != siapekspor.ProgrammeFinished || progs[0].Status != siapekspor.ProgrammeConfirmed {
			t.Fatalf("programmes: %+v", progs)
		}
		rows, _ := db.Report(sysCtx, progs[1].ID)
		up := 0
		for _, r := range rows {
			if r.Move != nil && *r.Move > 0 {
				up++
			}
		}
		if len(rows) == 0 || up == 0 {
			t.Errorf("last year's report: %d rows, %d moved up", len(rows), up)
		}
		if sum.Activities == 0 || sum.Cases == 0 || sum.Sessions != 48 {
			t.Errorf("summary %+v", sum)
		}
	})
}
