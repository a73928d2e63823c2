package store_test

import (
	"context"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/match"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

func TestPipelineConsentMovesAndScopes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importer := &siapekspor.Organisation{Name: "Seattle Coffee Importers (sintetis)", Kind: siapekspor.OrgForeignBuyer}
		other := &siapekspor.Organisation{Name: "Rotterdam Spices (sintetis)", Kind: siapekspor.OrgForeignBuyer}
		for _, o := range []*siapekspor.Organisation{importer, other} {
			if err := db.CreateOrganisation(ctx, o); err != nil {
				t.Fatal(err)
			}
		}
		e := validEnterprise()
		if err := db.CreateEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
		p := coffee(e.ID)
		if err := db.CreateProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
		r := coffeeRequest(importer.ID, db.Now())
		if err := db.CreateRequest(ctx, r); err != nil {
			t.Fatal(err)
		}
		buyer := siapekspor.WithActor(ctx, siapekspor.Actor{UserID: 5, Role: siapekspor.RoleBuyer, OrgID: importer.ID, Label: "buyer@example.com"})
		stranger := siapekspor.WithActor(ctx, siapekspor.Actor{UserID: 6, Role: siapekspor.RoleBuyer, OrgID: other.ID, Label: "other@example.com"})
		owner := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOwner, e.ID, ""))
		officer := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOfficer, 0, "18.01"))
		farOfficer := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOfficer, 0, "18.72"))

		// Buyers and owners do not shortlist; a far officer cannot reach the product.
		for name, c := range map[string]context.Context{"buyer": buyer, "owner": owner} {
			if _, err := db.Shortlist(c, r.ID, []int64{p.ID}, ""); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
				t.Errorf("%s shortlisted: %v", name, err)
			}
		}
		if _, err := db.Shortlist(farOfficer, r.ID, []int64{p.ID}, ""); siapekspor.KeyOf(err) != "pipeline.product_outside_scope" {
			t.Fatalf("outside the officer's region: %v", err)
		}
		list, err := db.Shortlist(officer, r.ID, []int64{p.ID}, "strong fit")
		if err != nil {
			t.Fatal(err)
		}
		m := list[0]
		if m.Step != siapekspor.StepShortlisted || m.Score <= 0 {
			t.Fatalf("shortlisted %+v", m)
		}
		if _, err := db.Shortlist(officer, r.ID, []int64{p.ID}, ""); fieldKeys(t, err)["product_ids"] != "pipeline.already_matched" {
			t.Fatalf("twice: %v", err)
		}
		// The shortlist is internal: buyer and owner do not see it yet.
		for name, c := range map[string]context.Context{"buyer": buyer, "owner": owner, "far officer": farOfficer} {
			page, err := db.ListMatches(c, store.MatchFilter{})
			if err != nil || page.Total != 0 {
				t.Errorf("%s sees the shortlist: %v %v", name, page, err)
			}
		}
		// Consent is the owner's: an officer cannot skip it.
		if _, err := db.MoveMatch(officer, m.ID, siapekspor.MatchMove{To: siapekspor.StepAccepted}); err == nil {
			t.Fatal("an officer accepted for the owner")
		}
		if m, err = db.MoveMatch(officer, m.ID, siapekspor.MatchMove{To: siapekspor.StepIntroduced, Note: "sent by WhatsApp"}); err != nil {
			t.Fatal(err)
		}
		// Before consent the buyer sees the match but not the phone.
		if page, err := db.ListMatches(buyer, store.MatchFilter{}); err != nil || page.Total != 1 {
			t.Fatalf("buyer after the introduction: %v %v", page, err)
		}
		if _, err := db.MatchContact(buyer, m.ID); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden || siapekspor.KeyOf(err) != "pipeline.contact_before_consent" {
			t.Fatalf("phone before consent: %v", err)
		}
		if _, err := db.Match(stranger, m.ID); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Fatalf("another buyer reads the match: %v", err)
		}
		if _, err := db.AnswerIntroduction(officer, m.ID, true, ""); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Fatalf("an officer answered for the owner: %v", err)
		}
		if in, err := db.Inbox(owner); err != nil || in.Total != 1 || in.Items[0].Kind != "answer" {
			t.Fatalf("owner's inbox: %+v %v", in, err)
		}
		if m, err = db.AnswerIntroduction(owner, m.ID, true, "Siap kirim sampel"); err != nil {
			t.Fatal(err)
		}
		c, err := db.MatchContact(buyer, m.ID)
		if err != nil || c.Phone != "+6281234567890" || c.ContactPerson != "Sri Wahyuni" || c.WhatsApp != "https://wa.me/6281234567890" {
			t.Fatalf("contact after consent: %+v %v", c, err)
		}
		if in, err := db.Inbox(buyer); err != nil || in.Total != 1 || in.Items[0].Kind != "accepted" {
			t.Fatalf("buyer's inbox: %+v %v", in, err)
		}
		if in, err := db.Inbox(officer); err != nil || in.Total != 1 || in.Items[0].Kind != "move" {
			t.Fatalf("officer's inbox: %+v %v", in, err)
		}

		// Bad moves are refused by field and nothing is half-saved.
		bad := []struct {
			mv    siapekspor.MatchMove
			field string
		}{
			{siapekspor.MatchMove{To: siapekspor.StepContract, Contract: siapekspor.Contract{Value: 9000, Quantity: 1, Unit: "ton", Terms: "FOB"}}, "contract_currency"},
			{siapekspor.MatchMove{To: siapekspor.StepLost}, "lost_reason"},
			{siapekspor.MatchMove{To: siapekspor.StepShipped}, "to"},
		}
		for _, b := range bad {
			if _, err := db.MoveMatch(officer, m.ID, b.mv); fieldKeys(t, err)[b.field] == "" {
				t.Errorf("%v: %v", b.mv.To, err)
			}
		}
		for _, to := range []siapekspor.MatchStep{siapekspor.StepMeeting, siapekspor.StepSampleSent, siapekspor.StepNegotiation} {
			if m, err = db.MoveMatch(buyer, m.ID, siapekspor.MatchMove{To: to, Version: m.Version}); err != nil {
				t.Fatalf("buyer to %s: %v", to, err)
			}
		}
		if _, err := db.MoveMatch(officer, m.ID, siapekspor.MatchMove{To: siapekspor.StepMeeting}); fieldKeys(t, err)["note"] != "pipeline.reason_needed" {
			t.Fatalf("backwards without a reason: %v", err)
		}
		if _, err := db.MoveMatch(officer, m.ID, siapekspor.MatchMove{To: siapekspor.StepMeeting, Version: m.Version - 1, Note: "x"}); siapekspor.ErrorCodeOf(err) != siapekspor.EConflict {
			t.Fatalf("stale version: %v", err)
		}
		if m, err = db.MoveMatch(officer, m.ID, siapekspor.MatchMove{To: siapekspor.StepContract,
			Contract: siapekspor.Contract{Value: 9000, Currency: "usd", Quantity: 2, Unit: "ton", Terms: "FOB Panjang"}}); err != nil {
			t.Fatal(err)
		}
		if m, err = db.MoveMatch(officer, m.ID, siapekspor.MatchMove{To: siapekspor.StepShipped, Note: "B/L 123"}); err != nil {
			t.Fatal(err)
		}
		got, err := db.Match(buyer, m.ID)
		if err != nil || got.Step != siapekspor.StepShipped || got.Contract.Currency != "USD" || len(got.Steps) != 8 {
			t.Fatalf("stored: %+v %v", got, err)
		}
		if got.Steps[2].By != "owner@example.id" || got.Steps[2].Note != "Siap kirim sampel" {
			t.Errorf("the owner's answer: %+v", got.Steps[2])
		}
		// Board, timeline and audit.
		b, err := db.MatchBoard(officer, store.MatchFilter{RequestID: r.ID})
		if err != nil || b.Total != 1 || len(b.Columns) != len(siapekspor.MatchSteps) || b.Columns[7].Count != 1 {
			t.Fatalf("board: %+v %v", b, err)
		}
		for text, want := range map[string]int{"robusta": 1, "tidak ada": 0} {
			if b, err := db.MatchBoard(officer, store.MatchFilter{RequestID: r.ID, Text: text}); err != nil || b.Total != want {
				t.Fatalf("board filtered by %q: %+v %v", text, b, err)
			}
		}
		if b, err := db.MatchBoard(farOfficer, store.MatchFilter{RequestID: r.ID}); err != nil || b.Total != 0 {
			t.Fatalf("far officer's board: %+v %v", b, err)
		}
		tl, err := db.Timeline(ctx, e.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		steps := 0
		for _, ev := range tl {
			if ev.Kind == "match_step" {
				steps++
			}
		}
		if steps != 8 {
			t.Errorf("timeline shows %d pipeline steps", steps)
		}
		if _, total, err := db.ListAudit(ctx, store.AuditFilter{Entity: "match", EntityID: m.ID}); err != nil || total != 8 {
			t.Errorf("audit: %d %v", total, err)
		}
		// The track record now counts the shipment.
		rk, err := db.MatchRequest(ctx, r.ID, store.MatchOptions{Top: 5, NearMisses: 5})
		if err != nil || len(rk.Ranking.Entries)+len(rk.Ranking.NearMisses) == 0 {
			t.Fatal(err)
		}
		// Accepted, a contract and a shipment, nothing bad: 100 × (3+1) ÷ (3+2).
		perf := -1.0
		for _, en := range append(rk.Ranking.Entries, rk.Ranking.NearMisses...) {
			for _, f := range en.Factors {
				if en.ProductID == p.ID && f.ID == match.FactorPerformance {
					perf = f.Score
				}
			}
		}
		if perf != 80 {
			t.Errorf("track record after a shipment: %v", perf)
		}
	})
}

func TestPipelineDeclinedAndRequestNotOpen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importer := &siapekspor.Organisation{Name: "Seattle Coffee Importers (sintetis)", Kind: siapekspor.OrgForeignBuyer}
		if err := db.CreateOrganisation(ctx, importer); err != nil {
			t.Fatal(err)
		}
		e := validEnterprise()
		if err := db.CreateEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
		p := coffee(e.ID)
		if err := db.CreateProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
		r := coffeeRequest(importer.ID, db.Now())
		r.Status = siapekspor.RequestDraft
		if err := db.CreateRequest(ctx, r); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Shortlist(ctx, r.ID, []int64{p.ID}, ""); fieldKeys(t, err)["request_id"] != "pipeline.request_not_open" {
			t.Fatalf("a draft request: %v", err)
		}
		r.Status = siapekspor.RequestOpen
		if err := db.UpdateRequest(ctx, r); err != nil {
			t.Fatal(err)
		}
		list, err := db.Shortlist(ctx, r.ID, []int64{p.ID}, "")
		if err != nil {
			t.Fatal(err)
		}
		owner := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOwner, e.ID, ""))
		if _, err := db.MoveMatch(ctx, list[0].ID, siapekspor.MatchMove{To: siapekspor.StepIntroduced}); err != nil {
			t.Fatal(err)
		}
		m, err := db.AnswerIntroduction(owner, list[0].ID, false, "kapasitas penuh")
		if err != nil || m.Step != siapekspor.StepLost || m.LostReason != siapekspor.LostDeclined {
			t.Fatalf("declined: %+v %v", m, err)
		}
		if in, err := db.Inbox(owner); err != nil || in.Total != 0 {
			t.Fatalf("answered introductions leave the inbox: %+v %v", in, err)
		}
	})
}
