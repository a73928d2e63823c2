package server_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// The authorization matrix's rows and requests for the public catalogue's
// API (issue 20). The fixture: a listed product of its own enterprise.
// Reads, inquiries and registrations are public; consent is the
// enterprise's (Lampung Selatan's: its owner and the offices of its
// scope); the back office is the officers'.

var catalogueAdmins = []string{"admin", "officer_prov", "officer_lamsel", "officer_metro"}

var catalogueAPIRoutes = map[string][]string{
	"GET /api/v1/catalogue/products": everyone, "GET /api/v1/catalogue/products/{id}": everyone,
	"GET /api/v1/catalogue/enterprises/{id}": everyone, "GET /api/v1/catalogue/facets": everyone,
	"POST /api/v1/catalogue/inquiries": everyone, "GET /api/v1/catalogue/inquiries": catalogueAdmins,
	"POST /api/v1/catalogue/buyers": everyone, "GET /api/v1/catalogue/buyers": catalogueAdmins,
	"POST /api/v1/catalogue/buyers/{id}/approve": catalogueAdmins, "POST /api/v1/catalogue/buyers/{id}/reject": catalogueAdmins,
	"GET /api/v1/enterprises/{id}/listing": readLamsel, "PUT /api/v1/enterprises/{id}/listing": writeLamsel,
}

func init() {
	for k, v := range catalogueAPIRoutes {
		expected[k] = v
	}
}

var catalogueFixtures sync.Map // *world → *siapekspor.Product

func (w *world) listedProduct(t testing.TB) *siapekspor.Product {
	if p, ok := catalogueFixtures.Load(w); ok {
		return p.(*siapekspor.Product)
	}
	_, p := storetest.Listed(t, w.db, "Kopi Matriks")
	catalogueFixtures.Store(w, p)
	return p
}

// newRegistration is a pending buyer registration for a role to decide.
func (w *world) newRegistration(t testing.TB, role string) int64 {
	r := &siapekspor.BuyerRegistration{Name: "Buyer " + role, Email: fmt.Sprintf("reg-%s-%d@buyer.example", role, w.made), Company: "Importer " + role, Country: "JPN"}
	w.made++
	if err := w.db.RegisterBuyer(w.adminCtx(), r, "x"); err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// catalogueAPIRequest builds the matrix's request for the routes above.
func (w *world) catalogueAPIRequest(t *testing.T, pattern, role string) (method, target, body, ctype string, ok bool) {
	if _, ok := catalogueAPIRoutes[pattern]; !ok {
		return "", "", "", "", false
	}
	p := w.listedProduct(t)
	switch pattern {
	case "GET /api/v1/catalogue/products":
		return "GET", "/api/v1/catalogue/products?q=kopi&limit=5", "", "", true
	case "GET /api/v1/catalogue/products/{id}":
		return "GET", fmt.Sprintf("/api/v1/catalogue/products/%d", p.ID), "", "", true
	case "GET /api/v1/catalogue/enterprises/{id}":
		return "GET", fmt.Sprintf("/api/v1/catalogue/enterprises/%d", p.EnterpriseID), "", "", true
	case "GET /api/v1/catalogue/facets":
		return "GET", "/api/v1/catalogue/facets", "", "", true
	case "POST /api/v1/catalogue/inquiries":
		return "POST", "/api/v1/catalogue/inquiries", toJSON(map[string]any{"product_id": p.ID, "name": "Buyer " + role, "country": "JPN",
			"email": "buyer@example.jp", "message": "2 tonnes a month"}), jsonType, true
	case "GET /api/v1/catalogue/inquiries":
		return "GET", "/api/v1/catalogue/inquiries", "", "", true
	case "POST /api/v1/catalogue/buyers":
		w.made++
		return "POST", "/api/v1/catalogue/buyers", toJSON(map[string]any{"name": "Buyer " + role, "email": fmt.Sprintf("self-%s-%d@buyer.example", role, w.made),
			"password": "Kopi-Robusta-Tokyo-2026", "company": "Importer " + role, "country": "JPN"}), jsonType, true
	case "GET /api/v1/catalogue/buyers":
		return "GET", "/api/v1/catalogue/buyers", "", "", true
	case "POST /api/v1/catalogue/buyers/{id}/approve":
		return "POST", fmt.Sprintf("/api/v1/catalogue/buyers/%d/approve", w.newRegistration(t, role)), "", "", true
	case "POST /api/v1/catalogue/buyers/{id}/reject":
		return "POST", fmt.Sprintf("/api/v1/catalogue/buyers/%d/reject", w.newRegistration(t, role)), "", "", true
	case "GET /api/v1/enterprises/{id}/listing":
		return "GET", fmt.Sprintf("/api/v1/enterprises/%d/listing", w.lamsel.ID), "", "", true
	case "PUT /api/v1/enterprises/{id}/listing":
		return "PUT", fmt.Sprintf("/api/v1/enterprises/%d/listing", w.lamsel.ID), `{"listed":true,"evidence":"formulir persetujuan"}`, jsonType, true
	}
	return "", "", "", "", false
}
