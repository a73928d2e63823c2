package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestFillBuyers: synthetic buyers, labelled so, with open requests the
// matcher ranks over the demo enterprises.
func TestFillBuyers(t *testing.T) {
	ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
	db := storetest.Open(t, "sqlite")
	if _, err := demo.Fill(ctx, db, "18", 600, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.FillProducts(ctx, db, 1500, 1); err != nil {
		t.Fatal(err)
	}
	sum, err := demo.FillBuyers(ctx, db, "18")
	if err != nil {
		t.Fatal(err)
	}
	if sum.Organisations != 4 || sum.Requests != 6 {
		t.Fatalf("%+v", sum)
	}
	page, err := db.ListRequests(ctx, store.RequestFilter{Status: siapekspor.RequestOpen})
	if err != nil || page.Total != 5 {
		t.Fatalf("open requests: %v %v", page, err)
	}
	kinds := map[siapekspor.OrgKind]bool{}
	for _, q := range page.Items {
		kinds[q.OrgKind] = true
		if !strings.Contains(q.OrgName, "sintetis") {
			t.Errorf("%q is not labelled synthetic", q.OrgName)
		}
		m, err := db.MatchRequest(ctx, q.ID, store.MatchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if m.Ranking.Stats.Fitting == 0 {
			t.Errorf("%q: no product fits among %d candidates", q.Title, m.Ranking.Stats.Candidates)
		}
	}
	if !kinds[siapekspor.OrgForeignBuyer] || !kinds[siapekspor.OrgBUMN] || !kinds[siapekspor.OrgPrivate] {
		t.Errorf("buyers: %v", kinds)
	}

	// The pipeline: matches at every step, the contract complete, lost with a reason.
	n, err := demo.FillPipeline(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.MatchBoard(ctx, store.MatchFilter{})
	if err != nil || b.Total != n {
		t.Fatalf("board %+v %v, %d matches", b, err, n)
	}
	for _, c := range b.Columns {
		if c.Count == 0 {
			t.Errorf("no demo match at step %s", c.Step)
		}
		for _, m := range c.Items {
			if c.Step == siapekspor.StepContract && (m.Contract.Value <= 0 || m.Contract.Currency == "" || m.Contract.Terms == "") {
				t.Errorf("contract %+v", m.Contract)
			}
			if c.Step == siapekspor.StepLost && m.LostReason == "" {
				t.Errorf("lost without a reason: %+v", m)
			}
		}
	}
	full, err := db.Match(ctx, b.Columns[len(b.Columns)-2].Items[0].ID)
	if err != nil || !strings.Contains(full.Steps[0].Note, "sintetis") {
		t.Fatalf("notes are not labelled synthetic: %+v %v", full, err)
	}
}
