package server_test

import (
	"fmt"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/match"
)

// The authorization matrix's rows and requests for buyers' requests and
// the matcher (issue 17), kept apart from the older rows.

var reqReaders = []string{"admin", "officer_prov", "officer_lamsel", "officer_metro", "validator", "mentor", "buyer", "owner", "viewer"}
var reqWriters = []string{"admin", "officer_prov", "officer_lamsel", "officer_metro", "buyer"}
var matchReaders = []string{"admin", "officer_prov", "officer_lamsel", "officer_metro", "validator", "mentor", "buyer", "viewer"}

func init() {
	for k, v := range map[string][]string{
		"GET /requests": reqReaders, "GET /requests/export.csv": reqReaders, "GET /requests/export.xlsx": reqReaders,
		"GET /requests/new": reqWriters, "POST /requests": reqWriters, "GET /requests/import": reqWriters, "POST /requests/import": reqWriters,
		"GET /requests/weights": adminOnly, "POST /requests/weights": adminOnly,
		"GET /requests/{id}": reqReaders, "GET /requests/{id}/edit": reqWriters, "POST /requests/{id}": reqWriters,
		"GET /requests/{id}/delete": reqWriters, "POST /requests/{id}/delete": reqWriters,
		"GET /api/v1/requests": reqReaders, "POST /api/v1/requests": reqWriters, "GET /api/v1/requests/export": reqReaders,
		"POST /api/v1/requests/import": reqWriters, "GET /api/v1/requests/{id}": reqReaders, "PATCH /api/v1/requests/{id}": reqWriters,
		"DELETE /api/v1/requests/{id}": reqWriters, "GET /api/v1/requests/{id}/matches": matchReaders,
		"GET /api/v1/matches/weights": matchReaders, "PUT /api/v1/matches/weights": adminOnly,
	} {
		expected[k] = v
	}
}

// buyerFixture: an open procurement need of the buyer's organisation,
// shared with enterprises, for coffee delivered in Lampung Selatan.
type buyerFixture struct {
	request *siapekspor.BuyingRequest
	org     *siapekspor.Organisation
}

var buyerFixtures sync.Map // *world → *buyerFixture

func (w *world) buyers(t testing.TB) *buyerFixture {
	if f, ok := buyerFixtures.Load(w); ok {
		return f.(*buyerFixture)
	}
	org, err := w.db.Organisation(sysCtx, w.users["buyer"].OrgID)
	if err != nil {
		t.Fatal(err)
	}
	f := &buyerFixture{org: org, request: w.newBuyingRequest(t, siapekspor.RequestOpen)}
	buyerFixtures.Store(w, f)
	return f
}

func (w *world) newBuyingRequest(t testing.TB, status siapekspor.RequestStatus) *siapekspor.BuyingRequest {
	t.Helper()
	d := time.Now().AddDate(0, 1, 0)
	q := &siapekspor.BuyingRequest{Kind: siapekspor.RequestProcurement, OrgID: w.users["buyer"].OrgID, Title: "Kopi untuk rapat",
		HSCode: "0901", Words: "kopi robusta", Quantity: 100, Unit: "kg", Frequency: "monthly", DeliveryRegion: "18.01",
		LocalFirst: "regency", DeliveryDate: &d, Status: status, Visibility: siapekspor.VisibilityShared}
	if err := w.db.CreateRequest(sysCtx, q); err != nil {
		t.Fatal(err)
	}
	return q
}

// requestCSV is a one-row request list naming the buyer's organisation.
func (w *world) requestCSV(t testing.TB) string {
	return "Jenis,Organisasi,Judul,Produk,Jumlah,Satuan,Frekuensi,Kode Wilayah Pengiriman\n" +
		"pengadaan," + w.buyers(t).org.Name + ",Keripik untuk rapat,keripik pisang,50,kg,bulanan,18.01\n"
}

// buyerRequest builds the matrix's request for the routes above; ok is
// false for other routes.
func (w *world) buyerRequest(t *testing.T, pattern, role string) (method, target, body, ctype string, ok bool) {
	f := w.buyers(t)
	id := f.request.ID
	writer := contains(reqWriters, role)
	current := func() *siapekspor.BuyingRequest {
		q, err := w.db.BuyingRequest(sysCtx, id)
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	form := url.Values{"kind": {"procurement"}, "org_id": {fmt.Sprint(f.org.ID)}, "title": {"Kopi untuk rapat " + role}, "words": {"kopi robusta"},
		"hs_code": {"0901"}, "quantity": {"100"}, "unit": {"kg"}, "frequency": {"monthly"}, "delivery_region": {"18.01"}, "local_first": {"regency"},
		"status": {"open"}, "visibility": {"shared"}}
	switch pattern {
	case "POST /requests":
		return "POST", "/requests", form.Encode(), formType, true
	case "POST /requests/{id}":
		form.Set("version", fmt.Sprint(current().Version))
		return "POST", fmt.Sprintf("/requests/%d", id), form.Encode(), formType, true
	case "GET /requests/{id}/delete", "POST /requests/{id}/delete", "DELETE /api/v1/requests/{id}":
		draft := int64(999999)
		if writer {
			draft = w.newBuyingRequest(t, siapekspor.RequestDraft).ID
		}
		m, path, _ := stringsCut(pattern)
		return m, fmt.Sprintf(path, draft), "", "", true
	case "PATCH /api/v1/requests/{id}":
		return "PATCH", fmt.Sprintf("/api/v1/requests/%d", id), fmt.Sprintf(`{"notes":"catatan %s","version":%d}`, role, current().Version), jsonType, true
	case "POST /api/v1/requests":
		return "POST", "/api/v1/requests", toJSON(map[string]any{"kind": "procurement", "org_id": f.org.ID, "title": "Kopi " + role,
			"words": "kopi", "quantity": 10, "unit": "kg", "frequency": "monthly", "delivery_region": "18.01", "status": "open", "visibility": "shared"}), jsonType, true
	case "POST /api/v1/requests/import":
		return "POST", "/api/v1/requests/import", w.requestCSV(t), "text/csv", true
	case "POST /requests/import":
		b, ct := multipartForm(nil, "file", "permintaan.csv", []byte(w.requestCSV(t)))
		return "POST", "/requests/import", b, ct, true
	case "POST /requests/weights":
		wt := match.DefaultWeights(match.KindBuying)
		v := url.Values{"kind": {"buying"}}
		for _, fid := range match.Factors {
			v.Set("weight_"+string(fid), fmt.Sprint(wt.Of(fid)))
		}
		return "POST", "/requests/weights", v.Encode(), formType, true
	case "PUT /api/v1/matches/weights":
		return "PUT", "/api/v1/matches/weights", toJSON(map[string]any{"kind": "buying", "weights": match.DefaultWeights(match.KindBuying)}), jsonType, true
	case "GET /requests/{id}", "GET /requests/{id}/edit", "GET /api/v1/requests/{id}", "GET /api/v1/requests/{id}/matches":
		m, path, _ := stringsCut(pattern)
		return m, fmt.Sprintf(path, id), "", "", true
	}
	return "", "", "", "", false
}

// stringsCut splits a pattern into its method and a path with %d for {id}.
func stringsCut(pattern string) (string, string, bool) {
	var m, p string
	fmt.Sscan(pattern, &m, &p)
	out := ""
	for i := 0; i < len(p); i++ {
		if p[i] == '{' {
			out += "%d"
			for i < len(p) && p[i] != '}' {
				i++
			}
			continue
		}
		out += string(p[i])
	}
	return m, out, true
}
