package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/server"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
	"github.com/siapekspor/siapekspor/internal/web"
)

// The public catalogue's pages (issue 20): what anyone may read without
// signing in, and the inquiries they may send.

var catalogueSecret = []byte("catalogue test secret")

type catalogueSite struct {
	db  *store.DB
	s   *server.Server
	ent *siapekspor.Enterprise
	p   *siapekspor.Product
}

func newCatalogueSite(t *testing.T, db *store.DB, name string) *catalogueSite {
	t.Helper()
	s, err := server.New(db, server.Config{Province: "18", Log: quietLog(), Media: t.TempDir(), Uploads: t.TempDir(),
		BaseURL: "https://katalog.example.id", InquirySecret: catalogueSecret})
	if err != nil {
		t.Fatal(err)
	}
	e, p := storetest.Listed(t, db, name)
	return &catalogueSite{db: db, s: s, ent: e, p: p}
}

// get asks as an anonymous visitor (or with a cookie).
func (c *catalogueSite) get(target string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	c.s.ServeHTTP(rec, req)
	return rec
}

func (c *catalogueSite) post(target string, v url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", target, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	c.s.ServeHTTP(rec, req)
	return rec
}

func (c *catalogueSite) path() string { return siapekspor.CataloguePath(c.p.ID, c.p.NameEN) }

func TestCataloguePublicPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCatalogueSite(t, db, "Kopi Robusta Lampung")
		at := c.path()
		rec := c.get(at)
		body := rec.Body.String()
		if rec.Code != 200 || !strings.Contains(body, "Kopi Robusta Lampung (EN)") || !strings.Contains(body, "Red-picked robusta") {
			t.Fatalf("product page: %d %s", rec.Code, firstLine(body))
		}
		for _, want := range []string{`<link rel="canonical" href="https://katalog.example.id` + at + `">`, "09.01", "Export-validated", "US$ 8.50",
			`action="` + at + `/inquiry"`, `name="website"`, `value="JPN"`, `property="og:type" content="product"`} {
			if !strings.Contains(body, want) {
				t.Errorf("product page lacks %s", want)
			}
		}
		if strings.Contains(body, "app.css") || strings.Contains(body, "app.js") || strings.Contains(body, `class="nav"`) {
			t.Error("the public page carries the officers' layout")
		}
		if cc := rec.Header().Get("Cache-Control"); cc != "public, max-age=300" || rec.Header().Get("ETag") == "" {
			t.Errorf("anonymous page: Cache-Control %q ETag %q", cc, rec.Header().Get("ETag"))
		}
		if again := c.get(at, "If-None-Match", rec.Header().Get("ETag")); again.Code != http.StatusNotModified || again.Body.Len() != 0 {
			t.Errorf("If-None-Match: %d", again.Code)
		}
		if n := len(body); n > 200<<10 {
			t.Errorf("product page weighs %d bytes", n)
		}

		// Signed in: the same page, kept nowhere.
		makeUser(t, db, "admin@example.id", siapekspor.RoleAdmin, "", 0)
		cookie := signIn(t, c.s, "admin@example.id")
		if rec := c.get(at, "Cookie", cookie); rec.Code != 200 || rec.Header().Get("Cache-Control") != "private, no-store" || rec.Header().Get("ETag") != "" {
			t.Errorf("signed in: %d %q", rec.Code, rec.Header().Get("Cache-Control"))
		}

		// Another slug: a permanent move to the product's own address, language kept.
		if rec := c.get(fmt.Sprintf("/catalogue/p/%d-kopi?lang=id", c.p.ID)); rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != at+"?lang=id" {
			t.Errorf("wrong slug: %d %q", rec.Code, rec.Header().Get("Location"))
		}
		// Not public and not there: the same 404.
		draft := newProduct(t, db, c.ent.ID)
		hiddenAt, missingAt := siapekspor.CataloguePath(draft.ID, draft.NameEN), "/catalogue/p/987654-ground-robusta-coffee"
		hidden, missing := c.get(hiddenAt), c.get(missingAt)
		// The page names its own address (the language switch comes back to it).
		next := regexp.MustCompile(`next=[^"]*`)
		same := func(body, _ string) string { return next.ReplaceAllString(body, "") }
		if hidden.Code != 404 || missing.Code != 404 || same(hidden.Body.String(), hiddenAt) != same(missing.Body.String(), missingAt) {
			t.Errorf("unlisted %d / unknown %d: the answers differ:\n%s\n%s", hidden.Code, missing.Code, hidden.Body, missing.Body)
		}
		if rec := c.get("/catalogue/p/not-a-number"); rec.Code != 404 {
			t.Errorf("no id: %d", rec.Code)
		}

		// Languages: Arabic right to left, an unknown code English.
		if b := c.get(at + "?lang=ar").Body.String(); !strings.Contains(b, `<html lang="ar" dir="rtl">`) || !strings.Contains(b, `href="https://katalog.example.id`+at+`?lang=ar"`) {
			t.Errorf("Arabic page: %.300s", b)
		}
		if b := c.get(at + "?lang=xx").Body.String(); !strings.Contains(b, `<html lang="en" dir="ltr">`) || !strings.Contains(b, "Export-validated") {
			t.Errorf("unknown language: %.300s", b)
		}
		if b := c.get(at + "?lang=id").Body.String(); !strings.Contains(b, "Kopi robusta petik merah") || !strings.Contains(b, `<html lang="id"`) {
			t.Errorf("Indonesian page: %.300s", b)
		}

		// The profile: what it makes and its product, nothing personal.
		prof := c.get(siapekspor.CatalogueEnterprisePath(c.ent.ID, c.ent.Name))
		pb := prof.Body.String()
		if prof.Code != 200 || !strings.Contains(pb, c.ent.Name) || !strings.Contains(pb, at) {
			t.Fatalf("profile: %d %s", prof.Code, firstLine(pb))
		}
		for _, personal := range append(phoneForms(c.ent.Phone), c.ent.OwnerNIK, c.ent.OwnerName, c.ent.Email, "Mawar", "Pemancar") {
			if strings.Contains(pb, personal) {
				t.Errorf("the profile shows %q", personal)
			}
		}

		// Home, search, a list by certificate.
		for target, want := range map[string]string{"/catalogue": "Kopi Robusta Lampung (EN)", "/catalogue/search?q=robusta": "Kopi Robusta Lampung (EN)",
			"/catalogue/search?hs_chapter=03": "0 products found", "/catalogue/certified/halal": "Halal-certified products",
			"/catalogue/search?q=kopi&lang=fr": `lang="fr"`, "/catalogue/inquiry/sent": "Thank you"} {
			rec := c.get(target)
			if rec.Code != 200 || !strings.Contains(rec.Body.String(), want) {
				t.Errorf("%s: %d, lacks %q", target, rec.Code, want)
			}
			if n := rec.Body.Len(); n > 200<<10 {
				t.Errorf("%s weighs %d bytes", target, n)
			}
		}
		if rec := c.get("/catalogue/search?hs_chapter=0'x"); rec.Code != 422 && rec.Code != 400 {
			t.Errorf("bad chapter: %d", rec.Code)
		}
		if rec := c.get("/catalogue/certified/made-up"); rec.Code != 404 {
			t.Errorf("unknown certificate: %d", rec.Code)
		}

		// Sitemap: the listed product and profile, not the draft; robots.
		sm := c.get("/sitemap.xml").Body.String()
		if !strings.Contains(sm, "<loc>https://katalog.example.id"+at+"</loc>") || !strings.Contains(sm, "/catalogue/e/") ||
			strings.Contains(sm, fmt.Sprintf("/catalogue/p/%d-", draft.ID)) || !strings.Contains(sm, "<lastmod>") {
			t.Errorf("sitemap: %s", sm)
		}
		robots := c.get("/robots.txt").Body.String()
		if !strings.Contains(robots, "Disallow: /\n") || !strings.Contains(robots, "Allow: /catalogue") || !strings.Contains(robots, "Sitemap: https://katalog.example.id/sitemap.xml") {
			t.Errorf("robots.txt: %s", robots)
		}
	})
}

func TestCatalogueHostileName(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCatalogueSite(t, db, `Kopi </script><script>alert(1)</script>`)
		body := c.get(c.path()).Body.String()
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "</script><script>") {
			t.Fatalf("the name breaks out: %s", body)
		}
		m := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no JSON-LD")
		}
		var ld map[string]any
		if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
			t.Fatalf("JSON-LD: %v %s", err, m[1])
		}
		if ld["name"] != c.p.NameEN || ld["@type"] != "Product" || ld["sku"] != fmt.Sprint(c.p.ID) {
			t.Errorf("JSON-LD: %v", ld)
		}
		if o, _ := ld["offers"].(map[string]any); o["price"] != "8.50" || o["priceCurrency"] != "USD" || o["availability"] != "https://schema.org/InStock" {
			t.Errorf("offer: %v", ld["offers"])
		}
	})
}

func TestCatalogueInquiries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCatalogueSite(t, db, "Kopi Robusta Lampung")
		target := c.path() + "/inquiry?lang=fr"
		form := func() url.Values {
			return url.Values{"name": {"Aiko <script>alert(1)</script>"}, "company": {"Tokyo Beans"}, "country": {"JPN"}, "email": {"aiko@example.jp"},
				"message": {"<script>alert(2)</script> 2 tonnes of robusta"}, "quantity": {"2"}, "unit": {"ton"},
				"t": {web.InquiryToken(catalogueSecret, time.Now().Add(-10*time.Second))}}
		}
		stored := func() int {
			t.Helper()
			_, n, err := db.ListInquiries(sysCtx, 100, 0)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		// A filled honeypot: told it worked, nothing kept.
		trap := form()
		trap.Set("website", "http://spam.example")
		if rec := c.post(target, trap); rec.Code != http.StatusSeeOther || stored() != 0 {
			t.Fatalf("honeypot: %d, %d stored", rec.Code, stored())
		}
		// Too fast: asked to send again, the form kept.
		fast := form()
		fast.Set("t", web.InquiryToken(catalogueSecret, time.Now()))
		if rec := c.post(target, fast); rec.Code != http.StatusBadRequest || stored() != 0 || !strings.Contains(rec.Body.String(), `value="Tokyo Beans"`) {
			t.Fatalf("too fast: %d, %d stored", rec.Code, stored())
		}
		// A 1 MB message: refused with its field's error, nothing kept.
		big := form()
		big.Set("message", strings.Repeat("kopi ", 1<<20/5))
		rec := c.post(target, big)
		if rec.Code == http.StatusSeeOther || stored() != 0 || !strings.Contains(rec.Body.String(), `id="e-message"`) || rec.Body.Len() > 200<<10 {
			t.Fatalf("1 MB message: %d, %d stored, %d bytes", rec.Code, stored(), rec.Body.Len())
		}
		// Five go through; the sixth from the same address is refused.
		for i := range 5 {
			if rec := c.post(target, form()); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/catalogue/inquiry/sent?lang=fr" {
				t.Fatalf("inquiry %d: %d %s", i+1, rec.Code, firstLine(rec.Body.String()))
			}
		}
		if rec := c.post(target, form()); rec.Code != http.StatusTooManyRequests || stored() != 5 {
			t.Fatalf("6th inquiry: %d, %d stored", rec.Code, stored())
		}
		list, _, err := db.ListInquiries(sysCtx, 1, 0)
		if err != nil || len(list) != 1 || list[0].RequestID == 0 {
			t.Fatalf("inquiries: %+v %v", list, err)
		}
		r, err := db.BuyingRequest(sysCtx, list[0].RequestID)
		if err != nil || r.Status != siapekspor.RequestDraft || r.HSCode != "090121" {
			t.Fatalf("draft request: %+v %v", r, err)
		}
		// The officers' list shows the buyer's words as text.
		makeUser(t, db, "admin@example.id", siapekspor.RoleAdmin, "", 0)
		req := httptest.NewRequest("GET", "/catalogue/inquiries", nil)
		req.Header.Set("Cookie", signIn(t, c.s, "admin@example.id"))
		page := httptest.NewRecorder()
		c.s.ServeHTTP(page, req)
		pb := page.Body.String()
		if page.Code != 200 || strings.Contains(pb, "<script>alert") || !strings.Contains(pb, "&lt;script&gt;alert(2)") ||
			!strings.Contains(pb, fmt.Sprintf(`href="/requests/%d"`, list[0].RequestID)) {
			t.Errorf("officers' list: %d %s", page.Code, firstLine(pb))
		}
	})
}

// TestCatalogueListingConsentPages: the enterprise page's box — the owner
// ticks "I agree", an officer records how the owner agreed; withdrawing
// takes the profile and products out at once.
func TestCatalogueListingConsentPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := newCatalogueSite(t, db, "Kopi Robusta Lampung")
		owner := makeUser(t, db, "owner@example.id", siapekspor.RoleOwner, "", c.ent.ID)
		officer := makeUser(t, db, "officer@example.id", siapekspor.RoleOfficer, "18", 0)
		as := func(u *siapekspor.User, method, target string, v url.Values) *httptest.ResponseRecorder {
			var req *http.Request
			if method == "GET" {
				req = httptest.NewRequest("GET", target, nil)
			} else {
				req = httptest.NewRequest("POST", target, strings.NewReader(v.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			req.Header.Set("Cookie", signIn(t, c.s, u.Email))
			rec := httptest.NewRecorder()
			c.s.ServeHTTP(rec, req)
			return rec
		}
		page := fmt.Sprintf("/enterprises/%d", c.ent.ID)
		profile := siapekspor.CatalogueEnterprisePath(c.ent.ID, c.ent.Name)
		if b := as(owner, "GET", page+"?lang=en", nil).Body.String(); !strings.Contains(b, `id="listing"`) || !strings.Contains(b, `href="`+profile+`"`) || !strings.Contains(b, "Withdraw from the catalogue") {
			t.Fatalf("owner's box: %s", b)
		}
		if rec := as(owner, "POST", page+"/listing", url.Values{"listed": {"0"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("withdraw: %d %s", rec.Code, firstLine(rec.Body.String()))
		}
		if c.get(c.path()).Code != 404 || c.get(profile).Code != 404 {
			t.Error("withdrawn, still listed")
		}
		if b := as(owner, "GET", page+"?lang=en", nil).Body.String(); !strings.Contains(b, "I agree to be listed") {
			t.Errorf("owner's box after withdrawal lacks the checkbox")
		}
		// An officer must say how the owner agreed.
		if b := as(officer, "GET", page+"?lang=en", nil).Body.String(); !strings.Contains(b, `name="evidence"`) {
			t.Errorf("officer's box lacks the evidence field")
		}
		if rec := as(officer, "POST", page+"/listing", url.Values{"listed": {"1"}}); rec.Code == http.StatusSeeOther {
			t.Errorf("listed by an officer without evidence")
		}
		if rec := as(officer, "POST", page+"/listing", url.Values{"listed": {"1"}, "evidence": {"formulir bertanda tangan, 2 Des 2026"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("officer lists: %d %s", rec.Code, firstLine(rec.Body.String()))
		}
		if c.get(c.path()).Code != 200 {
			t.Error("listed again, not shown")
		}
	})
}
