package server_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
	"github.com/siapekspor/siapekspor/internal/web"
)

// TestCatalogueBuyerRegistration: a buyer registers from the catalogue
// (errors by field, the form kept, a weak password refused), cannot sign
// in until an officer approves it on the registrations page, then can; a
// filled trap and a form sent too fast store nothing.
func TestCatalogueBuyerRegistration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCatalogueSite(t, db, "Kopi Robusta Lampung")
		if b := c.get("/catalogue/register?lang=fr").Body.String(); !strings.Contains(b, `name="password"`) || !strings.Contains(b, "S&#39;inscrire") {
			t.Fatalf("form in French: %s", firstLine(b))
		}
		token := web.InquiryToken(catalogueSecret, time.Now().Add(-10*time.Second))
		good := url.Values{"t": {token}, "name": {"Marie Dubois"}, "company": {"Cafés Dubois <b>SA</b>"}, "country": {"FRA"},
			"email": {"marie@cafes-dubois.example"}, "site": {"https://cafes-dubois.example"}, "password": {"Torrefaction-Lyon-Robusta-2026"},
			"message": {"Robusta for our espresso blend"}}

		bad := url.Values{}
		for k, v := range good {
			bad[k] = v
		}
		bad.Set("email", "not an address")
		bad.Set("site", "javascript:alert(1)")
		bad.Set("password", "short")
		rec := c.post("/catalogue/register", bad)
		b := rec.Body.String()
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(b, `id="e-email"`) || !strings.Contains(b, `id="e-site"`) ||
			!strings.Contains(b, `id="e-password"`) || !strings.Contains(b, "Cafés Dubois &lt;b&gt;SA&lt;/b&gt;") {
			t.Fatalf("bad registration: %d %s", rec.Code, b)
		}
		trap := url.Values{"t": {token}, "website": {"http://spam.example"}, "name": {"Bot"}}
		if rec := c.post("/catalogue/register", trap); rec.Code != http.StatusSeeOther {
			t.Errorf("trap: %d", rec.Code)
		}
		fast := url.Values{}
		for k, v := range good {
			fast[k] = v
		}
		fast.Set("t", web.InquiryToken(catalogueSecret, time.Now()))
		if rec := c.post("/catalogue/register", fast); rec.Code != http.StatusBadRequest {
			t.Errorf("too fast: %d", rec.Code)
		}
		if list, _ := db.BuyerRegistrations(sysCtx); len(list) != 0 {
			t.Fatalf("stored after refusals: %+v", list)
		}

		rec = c.post("/catalogue/register", good)
		if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/catalogue/register?done=1") {
			t.Fatalf("register: %d %s", rec.Code, firstLine(rec.Body.String()))
		}
		if b := c.get(rec.Header().Get("Location")).Body.String(); !strings.Contains(b, "once it is approved") {
			t.Errorf("thanks: %s", firstLine(b))
		}
		login := func() int {
			req := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"email": {"marie@cafes-dubois.example"},
				"password": {"Torrefaction-Lyon-Robusta-2026"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			rec := httptest.NewRecorder()
			c.s.ServeHTTP(rec, req)
			return rec.Code
		}
		if code := login(); code == http.StatusSeeOther {
			t.Fatal("signed in before approval")
		}

		officer := makeUser(t, db, "officer@example.id", "officer", "18", 0)
		cookie := signIn(t, c.s, officer.Email)
		as := func(method, target string) *httptest.ResponseRecorder {
			req := httptest.NewRequest(method, target, nil)
			req.Header.Set("Cookie", cookie)
			rec := httptest.NewRecorder()
			c.s.ServeHTTP(rec, req)
			return rec
		}
		b = as("GET", "/catalogue/buyers?lang=en").Body.String()
		list, _ := db.BuyerRegistrations(sysCtx)
		if len(list) != 1 || !strings.Contains(b, "marie@cafes-dubois.example") || !strings.Contains(b, fmt.Sprintf("/catalogue/buyers/%d/approve", list[0].ID)) {
			t.Fatalf("registrations page: %d %s", len(list), b)
		}
		if rec := as("POST", fmt.Sprintf("/catalogue/buyers/%d/approve", list[0].ID)); rec.Code != http.StatusSeeOther {
			t.Fatalf("approve: %d %s", rec.Code, firstLine(rec.Body.String()))
		}
		if code := login(); code != http.StatusSeeOther {
			t.Errorf("approved buyer cannot sign in: %d", code)
		}
	})
}

// TestCatalogueInquiryQuantityAsWritten: a quantity is read as the page's
// language writes it — an English buyer's "1,000" is a thousand, a French
// buyer's "1 000,5" a thousand and a half.
func TestCatalogueInquiryQuantityAsWritten(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	c := newCatalogueSite(t, db, "Kopi Robusta Lampung")
	for _, tc := range []struct {
		lang, typed string
		want        float64
	}{{"en", "1,000", 1000}, {"fr", "1 000,5", 1000.5}, {"id", "2.500", 2500}} {
		v := url.Values{"t": {web.InquiryToken(catalogueSecret, time.Now().Add(-10*time.Second))}, "name": {"Buyer " + tc.lang},
			"country": {"FRA"}, "email": {"buyer@example.fr"}, "message": {"samples"}, "quantity": {tc.typed}, "unit": {"kg"}}
		if rec := c.post(c.path()+"/inquiry?lang="+tc.lang, v); rec.Code != http.StatusSeeOther {
			t.Fatalf("%s %q: %d %s", tc.lang, tc.typed, rec.Code, firstLine(rec.Body.String()))
		}
		list, _, err := db.ListInquiries(sysCtx, 1, 0)
		if err != nil || len(list) != 1 || list[0].Quantity != tc.want {
			t.Errorf("%s %q: stored %+v %v, want %v", tc.lang, tc.typed, list, err, tc.want)
		}
	}
}
