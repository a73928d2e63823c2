package demo

import (
	"context"
	"fmt"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
)

// FillPipeline puts the demo buyers' open requests through the deal
// pipeline: from each request's ranking a few products are shortlisted and
// moved on, so that the demo holds matches at every step — shortlisted,
// introduced, accepted (by the owner's own consent), meeting, sample sent,
// negotiation, contract (with its value, currency, quantity and terms),
// shipped, and lost with a reason. Every note says it is synthetic.
// Products already matched to a request (by an event's meetings) are left
// out. It returns how many matches it stored.
func FillPipeline(ctx context.Context, db *store.DB) (int, error) {
	page, err := db.ListRequests(ctx, store.RequestFilter{Status: siapekspor.RequestOpen, Limit: 100})
	if err != nil {
		return 0, err
	}
	steps := siapekspor.MatchSteps
	n := 0
	for _, q := range page.Items {
		rk, err := db.MatchRequest(ctx, q.ID, store.MatchOptions{Top: len(steps), NearMisses: len(steps)})
		if err != nil {
			return n, err
		}
		// Products already in the pipeline for the request (an event's
		// meetings put them there) stay as they are.
		had, err := db.ListMatches(ctx, store.MatchFilter{RequestID: q.ID, Limit: 1000})
		if err != nil {
			return n, err
		}
		matched := map[int64]bool{}
		for _, m := range had.Items {
			matched[m.ProductID] = true
		}
		var ids []int64
		for _, e := range append(rk.Ranking.Entries, rk.Ranking.NearMisses...) {
			if len(ids) < len(steps) && !matched[e.ProductID] {
				ids = append(ids, e.ProductID)
			}
		}
		if len(ids) == 0 {
			continue
		}
		list, err := db.Shortlist(ctx, q.ID, ids, "Daftar pendek demo (sintetis)")
		if err != nil {
			return n, fmt.Errorf("demo shortlist %q: %w", q.Title, err)
		}
		for _, m := range list {
			// Spread the steps over all requests, so that each appears.
			target := steps[n%len(steps)]
			if err := walk(ctx, db, m, q, target); err != nil {
				return n, fmt.Errorf("demo match %d to %s: %w", m.ID, target, err)
			}
			n++
		}
	}
	return n, nil
}

// walk moves a shortlisted match step by step to target.
func walk(ctx context.Context, db *store.DB, m *siapekspor.Match, q siapekspor.BuyingRequest, target siapekspor.MatchStep) error {
	owner := siapekspor.WithActor(ctx, siapekspor.Actor{Label: "pemilik usaha (demo)", Role: siapekspor.RoleOwner, EnterpriseID: m.EnterpriseID})
	path := []siapekspor.MatchStep{siapekspor.StepIntroduced, siapekspor.StepAccepted, siapekspor.StepMeeting, siapekspor.StepSampleSent,
		siapekspor.StepNegotiation, siapekspor.StepContract, siapekspor.StepShipped}
	if target == siapekspor.StepLost {
		// Lost in negotiation, over the price.
		path = append(path[:5:5], siapekspor.StepLost)
	}
	var err error
	for _, to := range path {
		if m.Step == target {
			return nil
		}
		mv := siapekspor.MatchMove{To: to, Note: "Langkah demo (sintetis)"}
		switch to {
		case siapekspor.StepAccepted:
			m, err = db.AnswerIntroduction(owner, m.ID, true, "Bersedia (sintetis)")
			if err != nil {
				return err
			}
			continue
		case siapekspor.StepContract:
			cur := q.Currency
			if cur == "" {
				cur = "IDR"
			}
			mv.Contract = siapekspor.Contract{Value: contractValue(q, cur), Currency: cur, Quantity: q.Quantity, Unit: q.Unit,
				Terms: "Sesuai permintaan, " + q.Frequency + " (sintetis)"}
		case siapekspor.StepLost:
			mv.LostReason = "price"
		}
		if m, err = db.MoveMatch(ctx, m.ID, mv); err != nil {
			return err
		}
	}
	return nil
}

// contractValue: the target price times the quantity, or the budget.
func contractValue(q siapekspor.BuyingRequest, cur string) float64 {
	switch {
	case q.TargetPrice > 0 && q.Unit == "ton":
		return q.TargetPrice * q.Quantity * 1000
	case q.TargetPrice > 0:
		return q.TargetPrice * q.Quantity
	case q.Budget > 0:
		return float64(q.Budget)
	}
	if cur == "IDR" {
		return 10_000_000
	}
	return 1_000
}
