package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestCatalogueAPI: anonymous reads of what is listed, the same 404 for a
// product that is not public and one that does not exist, an inquiry that
// becomes a draft request with its script kept as text, a 1 MB message
// refused with nothing stored, and a flood from one address stopped.
func TestCatalogueAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, ts := newServer(t, db)
		e, p := storetest.Listed(t, db, "Kopi Robusta Lampung")
		get := func(path string) (int, string) {
			res, err := http.Get(ts.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, string(b)
		}
		post := func(path, body string) (int, string) {
			res, err := http.Post(ts.URL+path, "application/json", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, string(b)
		}
		if code, body := get("/api/v1/catalogue/products?q=robusta"); code != 200 || !strings.Contains(body, `"total":1`) || !strings.Contains(body, p.NameEN) {
			t.Errorf("search: %d %s", code, body)
		}
		if code, body := get(fmt.Sprintf("/api/v1/catalogue/enterprises/%d", e.ID)); code != 200 || strings.Contains(body, e.OwnerNIK) || containsAny(body, phoneForms(e.Phone)) || strings.Contains(body, e.Address) {
			t.Errorf("profile: %d %s", code, body)
		}
		// A product that exists but is not listed reads as one that does not.
		draft := &siapekspor.Product{EnterpriseID: e.ID, NameID: "Kopi Rahasia", HSCode: "090121"}
		if err := db.CreateProduct(siapekspor.WithActor(context.Background(), siapekspor.SystemActor), draft); err != nil {
			t.Fatal(err)
		}
		code1, hidden := get(fmt.Sprintf("/api/v1/catalogue/products/%d", draft.ID))
		code2, missing := get("/api/v1/catalogue/products/987654")
		if code1 != 404 || code2 != 404 || hidden != missing || strings.Contains(hidden, "Rahasia") {
			t.Errorf("not public %d %s; missing %d %s", code1, hidden, code2, missing)
		}
		if code, _ := get("/api/v1/catalogue/products?hs_chapter=9x"); code != 422 {
			t.Errorf("bad chapter: %d", code)
		}

		in := map[string]any{"product_id": p.ID, "name": "<script>alert(1)</script>", "company": "Tanaka", "country": "JPN",
			"email": "hiro@tanaka.example", "message": "<img src=x onerror=alert(1)> 2 tonnes", "quantity": 2, "unit": "ton"}
		code, body := post("/api/v1/catalogue/inquiries", toJSON(in))
		var got siapekspor.Inquiry
		if code != 201 || json.Unmarshal([]byte(body), &got) != nil || got.RequestID == 0 || got.Name != "<script>alert(1)</script>" {
			t.Fatalf("inquiry: %d %s", code, body)
		}
		r, err := db.BuyingRequest(siapekspor.WithActor(context.Background(), siapekspor.SystemActor), got.RequestID)
		if err != nil || r.Status != siapekspor.RequestDraft || !strings.Contains(r.Notes, "<img src=x onerror=alert(1)>") {
			t.Errorf("draft request: %+v %v", r, err)
		}
		in["message"] = strings.Repeat("x", 1<<20)
		if code, body := post("/api/v1/catalogue/inquiries", toJSON(in)); code != 422 && code != 413 {
			t.Errorf("1 MB message: %d %s", code, firstLine(body))
		}
		in["message"], in["product_id"] = "x", draft.ID
		if code, _ := post("/api/v1/catalogue/inquiries", toJSON(in)); code != 404 {
			t.Errorf("inquiry about a product that is not public: %d", code)
		}
		// Five in ten minutes from one address (two counted above: the 1 MB
		// body is refused before it counts); then 429.
		in["product_id"] = p.ID
		codes := []int{}
		for range 4 {
			c, _ := post("/api/v1/catalogue/inquiries", toJSON(in))
			codes = append(codes, c)
		}
		if fmt.Sprint(codes) != "[201 201 201 429]" {
			t.Errorf("flood: %v", codes)
		}
		admin := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
		if _, total, _ := db.ListInquiries(admin, 10, 0); total != 4 {
			t.Errorf("%d inquiries stored, want 4", total)
		}
	})
}
