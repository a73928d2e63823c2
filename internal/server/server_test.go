package server_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/api"
	"github.com/siapekspor/siapekspor/internal/server"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// newServer starts the whole handler over a fresh database.
func newServer(t *testing.T, db *store.DB) (*server.Server, *httptest.Server) {
	t.Helper()
	s, err := server.New(db, server.Config{Province: "18", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	makeUser(t, db, "admin@example.id", siapekspor.RoleAdmin, "", 0)
	defaultMu.Lock()
	defaultCookie[ts.URL] = signIn(t, s, "admin@example.id")
	defaultMu.Unlock()
	return s, ts
}

// client does not follow redirects, so tests see the 303 after a form post.
var client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

type scenario struct {
	name, method, path, body string
	header                   map[string]string
	status                   int
	contains                 []string
	absent                   []string
}

func (sc scenario) run(t *testing.T, base string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(sc.method, base+sc.path, strings.NewReader(sc.body))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := sc.header["Cookie"]; !ok {
		defaultMu.Lock()
		req.Header.Set("Cookie", defaultCookie[base])
		defaultMu.Unlock()
	}
	for k, v := range sc.header {
		if v != "" {
			req.Header.Set(k, v)
		}
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != sc.status {
		t.Errorf("%s %s: status %d, want %d\n%s", sc.method, sc.path, res.StatusCode, sc.status, trim(b))
	}
	for _, c := range sc.contains {
		if !strings.Contains(string(b), c) {
			t.Errorf("%s %s: body lacks %q\n%s", sc.method, sc.path, c, trim(b))
		}
	}
	for _, c := range sc.absent {
		if strings.Contains(string(b), c) {
			t.Errorf("%s %s: body has %q", sc.method, sc.path, c)
		}
	}
	return res
}

func trim(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "…"
	}
	return string(b)
}

const validJSON = `{"name":"Kopi Robusta Liwa","kind":"ikm","legal_form":"ud","nib":"9120001234567",
 "owner_name":"Budi Santoso","owner_nik":"1804041203800002","phone":"+62 812 1111 2222","regency_code":"18.04",
 "district_code":"18.04.04","sector":"coffee","workers":6,"capital":400000000,"annual_turnover":2500000000,
 "kbli":[{"version":"2020","code":"10761"}],"export_status":"ready"}`

func TestAPIEnterprises(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, ts := newServer(t, db)
		jsonHdr := map[string]string{"Content-Type": "application/json"}
		res := scenario{"create", "POST", "/api/v1/enterprises", validJSON, jsonHdr, 201,
			[]string{`"size_class":"small"`, `"size_basis":"sales"`, `"phone":"+6281211112222"`, `"regency":"Kabupaten Lampung Barat"`}, nil}.run(t, ts.URL)
		loc := res.Header.Get("Location")
		if !regexp.MustCompile(`^/api/v1/enterprises/\d+$`).MatchString(loc) {
			t.Fatalf("Location %q", loc)
		}
		for _, sc := range []scenario{
			{"get", "GET", loc, "", nil, 200, []string{`"name":"Kopi Robusta Liwa"`, `"version":1`}, nil},
			{"list filtered", "GET", "/api/v1/enterprises?regency=18.04&size=small", "", nil, 200, []string{`"total":1`}, nil},
			{"list other regency", "GET", "/api/v1/enterprises?regency=18.01", "", nil, 200, []string{`"total":0`}, nil},
			{"patch without version", "PATCH", loc, `{"workers":7}`, jsonHdr, 422, []string{`"field":"version"`}, nil},
			{"patch", "PATCH", loc, `{"workers":7,"version":1}`, jsonHdr, 200, []string{`"workers":7`, `"version":2`}, nil},
			{"patch stale", "PATCH", loc, `{"workers":8,"version":1}`, jsonHdr, 409, []string{`"code":"conflict"`}, nil},
			{"main products", "PATCH", loc, `{"main_products":"  Kopi bubuk,  kopi luwak ","version":2}`, jsonHdr, 200, []string{`"main_products":"Kopi bubuk, kopi luwak"`, `"version":3`}, nil},
			{"found by its main products", "GET", "/api/v1/search?q=luwak", "", nil, 200, []string{`"title":"Kopi Robusta Liwa"`, `"total":1`}, nil},
			{"main products too long", "PATCH", loc, `{"main_products":"` + strings.Repeat("kopi ", 101) + `","version":3}`, jsonHdr, 422, []string{`"field":"main_products"`}, nil},
			{"duplicate NIB", "POST", "/api/v1/enterprises", validJSON, jsonHdr, 409, []string{`"field":"nib"`, `"code":"nib.taken"`}, nil},
			{"invalid fields, Indonesian", "POST", "/api/v1/enterprises", `{"name":"","nib":"123","regency_code":"18.99","workers":-2}`, jsonHdr, 422,
				[]string{`"code":"invalid"`, `"field":"name"`, `"field":"nib"`, `"field":"regency_code"`, `"field":"workers"`, "Wajib diisi."}, nil},
			{"invalid fields, English", "POST", "/api/v1/enterprises", `{"name":""}`, map[string]string{"Accept-Language": "en-GB,en;q=0.9"}, 422,
				[]string{"Required."}, nil},
			{"unknown field", "POST", "/api/v1/enterprises", `{"nama":"x"}`, jsonHdr, 422, []string{`"field":"nama"`, `"code":"field.unknown"`}, nil},
			{"wrong type", "POST", "/api/v1/enterprises", `{"workers":"banyak"}`, jsonHdr, 422, []string{`"field":"workers"`}, nil},
			{"not JSON", "POST", "/api/v1/enterprises", `{"name":`, jsonHdr, 422, []string{`"code":"invalid"`}, nil},
			{"bad cursor", "GET", "/api/v1/enterprises?after=zzz", "", nil, 422, []string{`"code":"invalid"`}, nil},
			{"missing", "GET", "/api/v1/enterprises/999999", "", nil, 404, []string{`"code":"not_found"`}, nil},
			{"bad id", "GET", "/api/v1/enterprises/abc", "", nil, 404, []string{`"code":"not_found"`}, nil},
			{"unknown API path", "GET", "/api/v1/nothing", "", nil, 404, []string{`"code":"not_found"`}, nil},
			{"delete", "DELETE", loc, "", nil, 204, nil, nil},
			{"gone", "GET", loc, "", nil, 404, nil, nil},
		} {
			t.Run(sc.name, func(t *testing.T) { sc.run(t, ts.URL) })
		}
	})
}

func TestAPIReference(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, ts := newServer(t, db)
		for _, sc := range []scenario{
			{"messy regency", "GET", "/api/v1/regions?q=" + url.QueryEscape("KABUPATEN LAMPUNG SELATAN"), "", nil, 200, []string{`"code":"18.01"`, `"bps_code":"1803"`}, nil},
			{"space-free city", "GET", "/api/v1/regions?q=Bandarlampung", "", nil, 200, []string{`"code":"18.71"`}, nil},
			{"ambiguous", "GET", "/api/v1/regions?q=Bekasi", "", nil, 200, []string{`"status":"ambiguous"`, `"32.16"`, `"32.75"`}, []string{`"region"`}},
			{"children", "GET", "/api/v1/regions?parent=18", "", nil, 200, []string{`"Kabupaten Tanggamus"`, `"Kota Metro"`}, nil},
			{"by BPS code", "GET", "/api/v1/regions/1803?bps=1", "", nil, 200, []string{`"code":"18.01"`}, nil},
			{"unknown region", "GET", "/api/v1/regions/99.99", "", nil, 404, nil, nil},
			{"bad level", "GET", "/api/v1/regions?q=x&level=9", "", nil, 422, nil, nil},
			{"hs words", "GET", "/api/v1/hs?q=coffee", "", nil, 200, []string{`"0901"`}, nil},
			{"hs prefix", "GET", "/api/v1/hs?q=0901", "", nil, 200, []string{`"090111"`}, nil},
			{"hs code", "GET", "/api/v1/hs/090111", "", nil, 200, []string{`090111`}, nil},
			{"hs unknown", "GET", "/api/v1/hs/123456", "", nil, 404, nil, nil},
		} {
			t.Run(sc.name, func(t *testing.T) { sc.run(t, ts.URL) })
		}
	})
}

func TestPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, ts := newServer(t, db)
		form := url.Values{"name": {"Tapis Indah"}, "kind": {"ikm"}, "legal_form": {"perorangan"}, "regency_code": {"18.71"},
			"province_code": {"18"}, "sector": {"craft"}, "export_status": {"never"}, "workers": {"3"},
			"annual_turnover": {"Rp 1,5 M"}, "capital": {"250 jt"}, "kbli": {"13912"}}
		formHdr := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
		res := scenario{"create", "POST", "/enterprises", form.Encode(), formHdr, 303, nil, nil}.run(t, ts.URL)
		loc := res.Header.Get("Location")
		if !regexp.MustCompile(`^/enterprises/\d+$`).MatchString(loc) {
			t.Fatalf("redirect to %q", loc)
		}
		bad := url.Values{"name": {""}, "kind": {"ikm"}, "legal_form": {"perorangan"}, "province_code": {"18"}, "regency_code": {"18.71"},
			"export_status": {"never"}, "workers": {"tiga"}, "nib": {"12"}, "capital": {"banyak"}}
		for _, sc := range []scenario{
			{"home", "GET", "/", "", nil, 200, []string{"SiapEkspor", "usaha terdaftar", `href="/enterprises/new"`}, nil},
			{"home, anonymous", "GET", "/", "", map[string]string{"Cookie": ""}, 200, []string{`href="/login"`}, []string{"usaha terdaftar"}},
			{"home in English", "GET", "/?lang=en", "", nil, 200, []string{"enterprises registered"}, nil},
			{"list", "GET", "/enterprises", "", nil, 200, []string{"Tapis Indah", "Kota Bandar Lampung", "Mikro", "Rp 1.500.000.000"}, nil},
			{"list filtered out", "GET", "/enterprises?regency=18.01", "", nil, 200, []string{"Tidak ada usaha"}, []string{"Tapis Indah"}},
			{"detail", "GET", loc, "", nil, 200, []string{"Tapis Indah", "13912", "Rp 250.000.000", "menurut omzet tahunan"}, nil},
			{"edit form", "GET", loc + "/edit", "", nil, 200, []string{`value="Tapis Indah"`, `name="version" value="1"`}, nil},
			{"new form", "GET", "/enterprises/new", "", nil, 200, []string{"Kota Bandar Lampung", `name="regency_code"`}, nil},
			{"invalid form keeps input and names fields", "POST", "/enterprises", bad.Encode(), formHdr, 422,
				[]string{"Ada yang perlu diperbaiki", `href="#f-name"`, `href="#f-nib"`, `href="#f-workers"`, `value="tiga"`, `value="banyak"`, "NIB harus 13 digit"}, nil},
			{"delete confirm", "GET", loc + "/delete", "", nil, 200, []string{"Tapis Indah"}, nil},
			{"missing enterprise", "GET", "/enterprises/424242", "", nil, 404, []string{"Usaha ini tidak ditemukan"}, []string{"goroutine"}},
			{"unknown page", "GET", "/no/such/page", "", nil, 404, []string{"Halaman atau data yang dicari tidak ada"}, nil},
			{"api docs", "GET", "/api/docs", "", nil, 200, []string{"/api/v1/enterprises/{id}", "PATCH"}, nil},
			{"static asset", "GET", staticURL(t, ts.URL), "", nil, 200, nil, nil},
			{"health", "GET", "/healthz", "", nil, 200, []string{"ok"}, nil},
		} {
			t.Run(sc.name, func(t *testing.T) { sc.run(t, ts.URL) })
		}
		// Deleting through the form.
		scenario{"delete without confirming", "POST", loc + "/delete", "", formHdr, 303, nil, nil}.run(t, ts.URL)
		scenario{"not deleted", "GET", loc, "", nil, 200, nil, nil}.run(t, ts.URL)
		scenario{"delete", "POST", loc + "/delete", "confirm=yes", formHdr, 303, nil, nil}.run(t, ts.URL)
		scenario{"deleted", "GET", loc, "", nil, 404, nil, nil}.run(t, ts.URL)
	})
}

func staticURL(t *testing.T, base string) string {
	req, _ := http.NewRequest("GET", base+"/", nil)
	defaultMu.Lock()
	req.Header.Set("Cookie", defaultCookie[base])
	defaultMu.Unlock()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`/static/[0-9a-f]+/app\.css`).Find(b)
	if m == nil {
		t.Fatal("no stylesheet link on the home page")
	}
	return string(m)
}

func TestLanguageSwitch(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	_, ts := newServer(t, db)
	res := scenario{"switch", "GET", "/lang/en?next=" + url.QueryEscape("/enterprises?sector=craft"), "", nil, 303, nil, nil}.run(t, ts.URL)
	if res.Header.Get("Location") != "/enterprises?sector=craft" {
		t.Errorf("redirect %q", res.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "lang" {
			cookie = c
		}
	}
	if cookie == nil || cookie.Value != "en" {
		t.Fatalf("cookie %v", cookie)
	}
	defaultMu.Lock()
	admin := defaultCookie[ts.URL]
	defaultMu.Unlock()
	scenario{"english by cookie", "GET", "/enterprises", "", map[string]string{"Cookie": "lang=en; " + admin}, 200, []string{"Register an enterprise"}, nil}.run(t, ts.URL)
	res = scenario{"no open redirect", "GET", "/lang/id?next=//evil.example/", "", nil, 303, nil, nil}.run(t, ts.URL)
	if res.Header.Get("Location") != "/" {
		t.Errorf("open redirect to %q", res.Header.Get("Location"))
	}
}

func TestSecurityHeaders(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	_, ts := newServer(t, db)
	res, err := http.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	csp := res.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q", csp)
	}
	for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"} {
		if res.Header.Get(h) != want {
			t.Errorf("%s = %q", h, res.Header.Get(h))
		}
	}
}

// TestOpenAPIMatchesRoutes: every API route is documented, and every
// documented operation exists.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	s, _ := newServer(t, db)
	doc, raw, err := api.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var check map[string]any
	if err := json.Unmarshal(raw, &check); err != nil || check["openapi"] != "3.0.3" {
		t.Fatalf("document: %v", err)
	}
	documented := map[string]bool{}
	for path, item := range doc["paths"].(map[string]any) {
		for method := range item.(map[string]any) {
			if method != "parameters" {
				documented[strings.ToUpper(method)+" "+path] = true
			}
		}
	}
	routed := map[string]bool{}
	for _, rt := range s.Routes() {
		if !strings.HasPrefix(rt.Pattern, "GET /api/v1") && !regexp.MustCompile(`^[A-Z]+ /api/v1`).MatchString(rt.Pattern) {
			continue
		}
		routed[rt.Pattern] = true
		if !documented[rt.Pattern] {
			t.Errorf("route %s is not in the OpenAPI document", rt.Pattern)
		}
	}
	for op := range documented {
		if !routed[op] {
			t.Errorf("the OpenAPI document has %s, which no route serves", op)
		}
	}
	// Every $ref points at a defined component.
	refs := regexp.MustCompile(`"\$ref":\s*"#/components/(\w+)/(\w+)"`).FindAllStringSubmatch(string(raw), -1)
	comps := doc["components"].(map[string]any)
	for _, r := range refs {
		kind, _ := comps[r[1]].(map[string]any)
		if _, ok := kind[r[2]]; !ok {
			t.Errorf("dangling $ref %s/%s", r[1], r[2])
		}
	}
}

// TestEveryRouteDeclaresAPermission guards the route table.
func TestEveryRouteDeclaresAPermission(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	s, _ := newServer(t, db)
	for _, rt := range s.Routes() {
		if rt.Permission == "" {
			t.Errorf("route %s declares no permission", rt.Pattern)
		}
	}
	_ = siapekspor.PermPublic
}
