package demo_test

import (
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store"
)

// checkCatalogue: part of the validated enterprises are listed (some
// recorded by an officer), the catalogue shows only validated products,
// and the synthetic inquiries are draft requests in the officers' queue.
func checkCatalogue(t *testing.T, db *store.DB, today time.Time, sum *demo.Summary) {
	t.Helper()
	c := sum.Catalogue
	t.Logf("catalogue: %+v", c)
	if c == nil || c.Consents == 0 || c.ByOfficer == 0 || c.Listed == 0 || c.Inquiries != 3 {
		t.Fatalf("catalogue: %+v", c)
	}
	page, err := db.CatalogueProducts(sysCtx, siapekspor.CatalogueFilter{Limit: 100}, today)
	if err != nil || page.Total != c.Listed {
		t.Fatalf("listed %+v %v", page, err)
	}
	approved, err := db.ListProducts(sysCtx, store.ProductFilter{Validation: siapekspor.ValidationApproved, Limit: 1})
	if err != nil || page.Total >= approved.Total {
		t.Errorf("%d listed of %d validated: not every validated enterprise agreed (%v)", page.Total, approved.Total, err)
	}
	for _, p := range page.Items {
		full, err := db.Product(sysCtx, p.ID)
		if err != nil || full.Validation != siapekspor.ValidationApproved {
			t.Errorf("listed product %d is %v (%v)", p.ID, full, err)
		}
	}
	list, total, err := db.ListInquiries(sysCtx, 10, 0)
	if err != nil || total != 3 {
		t.Fatalf("inquiries %d %v", total, err)
	}
	for _, q := range list {
		r, err := db.BuyingRequest(sysCtx, q.RequestID)
		if err != nil || r.Status != siapekspor.RequestDraft {
			t.Errorf("inquiry %d's request: %+v %v", q.ID, r, err)
		}
	}
}
