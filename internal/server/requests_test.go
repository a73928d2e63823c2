package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestRequestsAPIBadInputAndScopes: bad requests refused naming the field
// with nothing stored; a buyer's request and its matches: the buyer sees
// the public profile only, a regency officer only its region's
// candidates; the page offers a mentor the one-click case.
func TestRequestsAPIBadInputAndScopes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		org := w.users["buyer"].OrgID
		future := time.Now().AddDate(0, 1, 0).Format(time.DateOnly)
		base := map[string]any{"kind": "buying", "title": "Robusta", "hs_code": "0901", "words": "kopi robusta", "quantity": 2,
			"unit": "ton", "frequency": "monthly", "destination": "USA", "deadline": future, "status": "open", "visibility": "shared"}
		for field, bad := range map[string]any{"quantity": 0, "deadline": "2020-01-01", "hs_code": "999999", "destination": "XYZ"} {
			body := map[string]any{}
			for k, v := range base {
				body[k] = v
			}
			body[field] = bad
			rec := w.do(t, "buyer", "POST", "/api/v1/requests", toJSON(body), jsonType)
			if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"field":"`+field+`"`) {
				t.Errorf("%s=%v: %d %s", field, bad, rec.Code, firstLine(rec.Body.String()))
			}
		}
		if page, _ := db.ListRequests(sysCtx, store.RequestFilter{}); page.Total != 0 {
			t.Fatalf("%d requests stored after refusals", page.Total)
		}
		rec := w.must(t, "buyer", "POST", "/api/v1/requests", toJSON(base), jsonType, 201)
		var q siapekspor.BuyingRequest
		json.Unmarshal(rec.Body.Bytes(), &q)
		if q.OrgID != org || len(q.Certificates) != 1 || q.Certificates[0] != siapekspor.CertFDA {
			t.Errorf("created: org %d certificates %v", q.OrgID, q.Certificates)
		}
		// The buyer sees the product's public profile, never the owner's personal data.
		body := w.must(t, "buyer", "GET", fmt.Sprintf("/api/v1/requests/%d/matches", q.ID), "", "", 200).Body.String()
		if !strings.Contains(body, "Kopi Lamsel") || !strings.Contains(body, `"near_misses"`) {
			t.Errorf("buyer's matches: %s", firstLine(body))
		}
		for _, secret := range append(phoneForms(w.lamsel.Phone), w.lamsel.OwnerNIK, "Jl. Raya", `"owner_name"`, `"phone"`) {
			if strings.Contains(body, secret) {
				t.Errorf("the buyer's matches show %q", secret)
			}
		}
		// Metro's officer sees no Lampung Selatan candidate; Lampung Selatan's does.
		var m store.RequestMatches
		json.Unmarshal(w.must(t, "officer_metro", "GET", fmt.Sprintf("/api/v1/requests/%d/matches", q.ID), "", "", 200).Body.Bytes(), &m)
		if len(m.Ranking.Entries)+len(m.Ranking.NearMisses) != 0 {
			t.Errorf("Metro's officer sees %d + %d", len(m.Ranking.Entries), len(m.Ranking.NearMisses))
		}
		json.Unmarshal(w.must(t, "officer_lamsel", "GET", fmt.Sprintf("/api/v1/requests/%d/matches", q.ID), "", "", 200).Body.Bytes(), &m)
		if len(m.Ranking.NearMisses) != 1 || m.Ranking.NearMisses[0].Gaps[0].Action.CaseKind != "cert_other" && m.Ranking.NearMisses[0].Gaps[0].Action.Kind != "open_case" {
			t.Errorf("Lampung Selatan's officer: %+v", m.Ranking)
		}
		// The page: the mentor (assigned to Lampung Selatan) gets the one-click case; the buyer does not.
		page := w.must(t, "mentor", "GET", fmt.Sprintf("/requests/%d", q.ID), "", "", 200).Body.String()
		if !strings.Contains(page, fmt.Sprintf(`action="/enterprises/%d/cases"`, w.lamsel.ID)) {
			t.Error("the mentor's page offers no assistance case")
		}
		page = w.must(t, "buyer", "GET", fmt.Sprintf("/requests/%d", q.ID), "", "", 200).Body.String()
		if strings.Contains(page, "/cases\"") || !strings.Contains(page, "Kopi Robusta Bubuk") {
			t.Error("the buyer's page: a case form, or no product")
		}
		// PATCH with a stale version, then a move the status rules refuse.
		rec = w.do(t, "buyer", "PATCH", fmt.Sprintf("/api/v1/requests/%d", q.ID), `{"notes":"x","version":9}`, jsonType)
		if rec.Code != http.StatusConflict {
			t.Errorf("stale: %d", rec.Code)
		}
		rec = w.do(t, "buyer", "PATCH", fmt.Sprintf("/api/v1/requests/%d", q.ID), `{"status":"draft","version":1}`, jsonType)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"field":"status"`) {
			t.Errorf("open → draft: %d %s", rec.Code, firstLine(rec.Body.String()))
		}
		// The form: a quantity of zero is refused beside the field, nothing saved.
		rec = w.do(t, "buyer", "POST", "/requests", "kind=buying&title=Lada&hs_code=0904&quantity=0&unit=kg&frequency=monthly&destination=NLD&status=open&visibility=private", formType)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `id="err-quantity"`) {
			t.Errorf("form with quantity 0: %d", rec.Code)
		}
		if page, _ := db.ListRequests(sysCtx, store.RequestFilter{}); page.Total != 1 {
			t.Errorf("%d requests after the refused form", page.Total)
		}
		// The import refuses the whole file for one bad line.
		csv := "Jenis,Organisasi,Judul,Produk,Jumlah,Satuan,Negara Tujuan\nbuying,Org of buyer@example.id,Kopi,kopi,5,kg,JPN\nbuying,Org of buyer@example.id,Lada,lada,0,kg,NLD\n"
		rec = w.do(t, "buyer", "POST", "/api/v1/requests/import", csv, "text/csv")
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"line":3`) || !strings.Contains(rec.Body.String(), `"field":"quantity"`) {
			t.Errorf("import: %d %s", rec.Code, firstLine(rec.Body.String()))
		}
		if page, _ := db.ListRequests(sysCtx, store.RequestFilter{}); page.Total != 1 {
			t.Errorf("%d requests after the refused import", page.Total)
		}
		// Destinations as Indonesian tables write them.
		csv = "Jenis,Organisasi,Judul,Produk,Jumlah,Satuan,Negara Tujuan\nbuying,Org of buyer@example.id,Kopi,kopi,5,kg,Jepang\nbuying,Org of buyer@example.id,Lada,lada,3,kg,UEA\n"
		if rec = w.do(t, "buyer", "POST", "/api/v1/requests/import", csv, "text/csv"); rec.Code != 201 {
			t.Errorf("import with country names: %d %s", rec.Code, firstLine(rec.Body.String()))
		}
		if page, _ := db.ListRequests(sysCtx, store.RequestFilter{}); page.Total != 3 || !strings.Contains(fmt.Sprint(page.Items), "JPN") || !strings.Contains(fmt.Sprint(page.Items), "ARE") {
			t.Errorf("after the import with country names: %d requests", page.Total)
		}
		// The export lists the buyer's request with the import's headers.
		csvOut := w.must(t, "buyer", "GET", "/requests/export.csv", "", "", 200).Body.String()
		if !strings.Contains(csvOut, "Judul") || !strings.Contains(csvOut, "Robusta") {
			t.Errorf("export: %s", firstLine(csvOut))
		}
	})
}
