package server_test

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/server"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// mapWorld is a province with a few enterprises in two of Lampung
// Selatan's districts and one in Metro, and the users who look at them.
type mapWorld struct {
	s       *server.Server
	cookies map[string]string
}

func newMapWorld(t *testing.T, db *store.DB) *mapWorld {
	t.Helper()
	s, err := server.New(db, server.Config{Province: "18", Log: quietLog(), Media: t.TempDir(), Uploads: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range []siapekspor.Enterprise{
		{Name: "Kopi Natar", RegencyCode: "18.01", DistrictCode: "18.01.04", Kind: siapekspor.KindIKM, ExportStatus: siapekspor.ExportFirst},
		{Name: "Keripik Natar", RegencyCode: "18.01", DistrictCode: "18.01.04", Kind: siapekspor.KindIKM, ExportStatus: siapekspor.ExportNever},
		{Name: "Tapis Natar", RegencyCode: "18.01", DistrictCode: "18.01.04", Kind: siapekspor.KindUMKM, ExportStatus: siapekspor.ExportRegular},
		{Name: "Kopi Kalianda", RegencyCode: "18.01", DistrictCode: "18.01.06", Kind: siapekspor.KindUMKM, ExportStatus: siapekspor.ExportNever},
		{Name: "Tapis Metro", RegencyCode: "18.72", Kind: siapekspor.KindIKM, ExportStatus: siapekspor.ExportRegular},
	} {
		e.LegalForm, e.OwnerName, e.Address = siapekspor.LegalUD, "Sri", "Jl. Raya "+string(rune('1'+i))
		// Natar's three and Metro's one have coordinates (points on the map).
		if lat, lng, ok := refdata.DistrictBoundaries().Representative(e.DistrictCode); ok && i < 3 {
			lat += float64(i) * 0.001
			e.Lat, e.Lng = &lat, &lng
		} else if i == 4 {
			lat, lng := -5.113, 105.307
			e.Lat, e.Lng = &lat, &lng
		}
		if err := db.CreateEnterprise(sysCtx, &e); err != nil {
			t.Fatal(err)
		}
	}
	w := &mapWorld{s: s, cookies: map[string]string{}}
	for key, sp := range map[string]struct {
		role   siapekspor.Role
		region string
	}{"admin": {siapekspor.RoleAdmin, ""}, "officer_lamsel": {siapekspor.RoleOfficer, "18.01"}, "viewer": {siapekspor.RoleViewer, ""}} {
		u := makeUser(t, db, key+"@example.id", sp.role, sp.region, 0)
		w.cookies[key] = signIn(t, s, u.Email)
	}
	return w
}

func (w *mapWorld) get(role, target string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", target, nil)
	req.Header.Set("Cookie", w.cookies[role])
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	w.s.ServeHTTP(rec, req)
	return rec
}

// rowOf returns the table row of region code.
func rowOf(t *testing.T, body, code string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<tr data-code="` + regexp.QuoteMeta(code) + `".*?</tr>`).FindString(body)
	if m == "" {
		t.Fatalf("no row for %s", code)
	}
	return m
}

func TestMapPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newMapWorld(t, db)

		// The province: its 15 regencies and cities, the map's boundaries,
		// figures that link to the registry list with the same filters.
		rec := w.get("admin", "/map?figure=registered&lang=en")
		body := rec.Body.String()
		if rec.Code != 200 {
			t.Fatalf("admin /map: %d %s", rec.Code, firstLine(body))
		}
		for _, want := range []string{`data-geo="/geo/18"`, `data-figure="registered"`, "Map of Lampung", "Regency/city",
			`src="/static/`, "vendor/leaflet.js", "map.js"} {
			if !strings.Contains(body, want) {
				t.Errorf("the province's map lacks %q", want)
			}
		}
		if n := strings.Count(body, `<tr data-code="18.`); n != 15 {
			t.Errorf("%d regency rows, want 15", n)
		}
		lamsel := rowOf(t, body, "18.01")
		for _, want := range []string{`data-value="4"`, `href="/map?figure=registered&amp;region=18.01"`,
			`<a href="/enterprises?regency=18.01">4</a>`, `<a href="/enterprises?kind=ikm&amp;regency=18.01">2</a>`,
			`<a href="/enterprises?export=first&amp;regency=18.01">1</a>`, `<a href="/enterprises?export=regular&amp;regency=18.01">1</a>`,
			">50%<", ">50%<"} {
			if !strings.Contains(lamsel, want) {
				t.Errorf("Lampung Selatan's row lacks %q:\n%s", want, lamsel)
			}
		}
		if metro := rowOf(t, body, "18.72"); !strings.Contains(metro, `data-value="1"`) || !strings.Contains(metro, ">100%<") {
			t.Errorf("Metro's row:\n%s", metro)
		}
		if empty := rowOf(t, body, "18.02"); !strings.Contains(empty, `data-value="0"`) || !strings.Contains(empty, "—") {
			t.Errorf("an empty regency's row:\n%s", empty)
		}
		if !strings.Contains(body, `<a href="/enterprises?province=18">5</a>`) {
			t.Error("the total row does not count and link the province's 5 enterprises")
		}
		// Pages without a map do not load Leaflet.
		if rec := w.get("admin", "/enterprises"); strings.Contains(rec.Body.String(), "leaflet") {
			t.Error("the registry list loads Leaflet")
		}
		// A share with nothing to divide has no value for the map's colours.
		if row := rowOf(t, w.get("admin", "/map?figure=ikm_export_share").Body.String(), "18.02"); !strings.Contains(row, `data-value=""`) {
			t.Errorf("a share of no IKM:\n%s", row)
		}

		// A regency officer's map is its regency's districts, by default.
		rec = w.get("officer_lamsel", "/map?lang=en")
		body = rec.Body.String()
		if rec.Code != 200 || !strings.Contains(body, "Map of Kabupaten Lampung Selatan") || !strings.Contains(body, `data-geo="/geo/18.01"`) {
			t.Fatalf("officer's default map: %d %s", rec.Code, firstLine(body))
		}
		natar := rowOf(t, body, "18.01.04")
		for _, want := range []string{`data-value="66.67"`, `<a href="/enterprises?district=18.01.04&amp;regency=18.01">3</a>`, ">66.67%<", ">50%<"} {
			if !strings.Contains(natar, want) {
				t.Errorf("Natar's row lacks %q:\n%s", want, natar)
			}
		}
		if strings.Contains(body, "18.72") || strings.Contains(body, "Metro") || strings.Contains(body, "Map of Lampung") {
			t.Error("the Lampung Selatan officer's map shows another regency")
		}
		if strings.Contains(body, "← Map of") {
			t.Error("the officer is offered the province's map")
		}
		for target, status := range map[string]int{"/map?region=18": 403, "/map?region=18.72": 403, "/map?region=18.01": 200} {
			if rec := w.get("officer_lamsel", target); rec.Code != status {
				t.Errorf("officer %s: %d, want %d", target, rec.Code, status)
			}
		}
		if rec := w.get("officer_lamsel", "/map?region=18&lang=en"); !strings.Contains(rec.Body.String(), "outside your office&#39;s region") {
			t.Errorf("officer outside its region: %s", rec.Body.String())
		}
		// The admin drills down to the same districts with an "up" link.
		if body := w.get("admin", "/map?region=18.01&lang=en").Body.String(); !strings.Contains(body, "← Map of Lampung") || !strings.Contains(body, `<tr data-code="18.01.04"`) {
			t.Error("the admin's regency map has no way up or no districts")
		}

		// Bad input: a clear message, never a 500.
		for _, tc := range []struct {
			target string
			status int
			says   string
		}{
			{"/map?region=31", 422, "lies outside Lampung"},
			{"/map?region=18.01.04", 422, "is a district or village"},
			{"/map?region=18.01.04.2001", 422, "is a district or village"},
			{"/map?region=99", 404, "Unknown region code &#34;99&#34;"},
			{"/map?region=%3Cscript%3E", 404, "Unknown region code &#34;&lt;script&gt;&#34;"},
			{"/map?figure=%3Cscript%3Ealert(1)%3C/script%3E", 422, "Unknown figure &#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34;"},
			{"/map?region=32.73", 422, "lies outside Lampung"},
		} {
			rec := w.get("admin", tc.target+"&lang=en")
			if !strings.Contains(tc.target, "?") {
				rec = w.get("admin", tc.target+"?lang=en")
			}
			if body := rec.Body.String(); rec.Code != tc.status || !strings.Contains(body, tc.says) || strings.Contains(body, "<script>") {
				t.Errorf("%s: %d, want %d saying %q\n%s", tc.target, rec.Code, tc.status, tc.says, body)
			}
		}

		// The viewer reads the whole province; it may read assessments, so
		// the assessed figures link to the readiness list.
		if rec := w.get("viewer", "/map"); rec.Code != 200 || !strings.Contains(rec.Body.String(), `href="/readiness?regency=18.01"`) {
			t.Errorf("viewer: %d", rec.Code)
		}
	})
}

func TestGeoEndpoint(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newMapWorld(t, db)

	rec := w.get("admin", "/geo/18", "Accept-Encoding", "gzip, deflate, br")
	if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "gzip" || rec.Header().Get("Content-Type") != "application/geo+json" {
		t.Fatalf("/geo/18: %d %v", rec.Code, rec.Header())
	}
	zipped := rec.Body.Len()
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Type     string
		Features []struct {
			Properties struct{ Kode, Nama string }
		}
	}
	if err := json.Unmarshal(raw, &g); err != nil || g.Type != "FeatureCollection" || len(g.Features) != 15 {
		t.Fatalf("/geo/18: %v, %s with %d features", err, g.Type, len(g.Features))
	}
	t.Logf("/geo/18: %d bytes, %d gzip-compressed", len(raw), zipped)
	etag := rec.Header().Get("ETag")
	if etag == "" || !strings.Contains(rec.Header().Get("Cache-Control"), "max-age") || rec.Header().Get("Vary") != "Accept-Encoding" {
		t.Errorf("caching headers: %v", rec.Header())
	}
	if rec := w.get("admin", "/geo/18", "If-None-Match", etag); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("If-None-Match: %d, %d bytes", rec.Code, rec.Body.Len())
	}
	// Without gzip (or refusing it): plain JSON, the same bytes.
	for _, ae := range []string{"", "gzip;q=0, identity"} {
		rec := w.get("admin", "/geo/18", "Accept-Encoding", ae)
		if rec.Header().Get("Content-Encoding") != "" || rec.Body.String() != string(raw) {
			t.Errorf("Accept-Encoding %q: %q, %d bytes", ae, rec.Header().Get("Content-Encoding"), rec.Body.Len())
		}
	}
	// A regency officer reads the boundaries of its own districts.
	if rec := w.get("officer_lamsel", "/geo/18.01"); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"kode":"18.01.04","nama":"Natar"`) {
		t.Errorf("/geo/18.01: %d", rec.Code)
	}
	for _, tc := range []struct{ code, says string }{
		{"18.01.04", "No boundaries under"}, {"99", "Unknown region code"}, {"31", "outside Lampung"}, {"x%3Cb%3E", `Unknown region code \"x\u003cb\u003e\"`},
	} {
		rec := w.get("admin", "/geo/"+tc.code+"?lang=en")
		if rec.Code != 404 || !strings.Contains(rec.Body.String(), tc.says) || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
			t.Errorf("/geo/%s: %d %s", tc.code, rec.Code, rec.Body.String())
		}
	}
	if rec := w.get("", "/geo/18"); rec.Code == 200 {
		t.Error("/geo answers without signing in")
	}
}

// TestMapTiles: a configured tile layer reaches the page and only its
// origin is added to the CSP's img-src; a URL that is not a tile template
// stops the start.
func TestMapTiles(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	for _, tc := range []struct{ tiles, origin string }{
		{"https://tile.example.org/{z}/{x}/{y}.png", "https://tile.example.org"},
		{"https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"},
		{"http://127.0.0.1:8081/tiles/{z}/{x}/{y}.png", "http://127.0.0.1:8081"},
	} {
		s, err := server.New(db, server.Config{Province: "18", Log: quietLog(), MapTiles: tc.tiles, MapTilesAttribution: "© <Peta> contributors"})
		if err != nil {
			t.Fatalf("%s: %v", tc.tiles, err)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
		if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data: "+tc.origin+"; style-src 'self'; script-src 'self';") {
			t.Errorf("%s: CSP %q", tc.tiles, csp)
		}
	}
	for _, bad := range []string{"tile.example.org/{z}/{x}/{y}.png", "https://tile.example.org/tiles.png", "javascript://x/{z}/{x}/{y}",
		"https://a{s}.example.org/{z}/{x}/{y}.png", "https://x.org; script-src */{z}/{x}/{y}", "https://user@x.org/{z}/{x}/{y}", "https:///{z}/{x}/{y}"} {
		if _, err := server.New(db, server.Config{Province: "18", Log: quietLog(), MapTiles: bad}); err == nil {
			t.Errorf("%q accepted as a tile URL", bad)
		}
	}
	// The page hands the layer to map.js, escaped.
	s, err := server.New(db, server.Config{Province: "18", Log: quietLog(), MapTiles: "https://tile.example.org/{z}/{x}/{y}.png", MapTilesAttribution: "© <Peta> contributors"})
	if err != nil {
		t.Fatal(err)
	}
	makeUser(t, db, "tiles@example.id", siapekspor.RoleAdmin, "", 0)
	req := httptest.NewRequest("GET", "/map", nil)
	req.Header.Set("Cookie", signIn(t, s, "tiles@example.id"))
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if body := rec.Body.String(); !strings.Contains(body, `data-tiles="https://tile.example.org/{z}/{x}/{y}.png"`) || !strings.Contains(body, `data-tiles-attribution="© &lt;Peta&gt; contributors"`) {
		t.Errorf("the page's tile layer: %d", rec.Code)
	}
	// Without tiles the policy is the strict one.
	_, ts := newServer(t, db)
	res, err := http.Get(ts.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data:; ") {
		t.Errorf("CSP without tiles: %q", csp)
	}
}

// TestMapFunnelFigures: the funnel's stages colour the map, from the
// funnel's summary, in the reader's scope; the table gains the stage's
// count (linked to the list with ?stage=) and its share of the registered.
func TestMapFunnelFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newMapWorld(t, db)
		rec := w.get("admin", "/map?figure=stage_first_export&lang=en")
		body := rec.Body.String()
		if rec.Code != 200 {
			t.Fatalf("admin /map?figure=stage_first_export: %d %s", rec.Code, firstLine(body))
		}
		// First export counts those who reached it or a later stage: the
		// first exporter and the regular one of Lampung Selatan.
		lamsel := rowOf(t, body, "18.01")
		for _, want := range []string{`data-value="2"`, `<a href="/enterprises?regency=18.01&amp;stage=first_export">2</a>`, ">50%<"} {
			if !strings.Contains(lamsel, want) {
				t.Errorf("Lampung Selatan's row lacks %q:\n%s", want, lamsel)
			}
		}
		for _, want := range []string{"Stage: First export", "% of registered reaching: First export",
			`<a href="/enterprises?province=18&amp;stage=first_export">3</a>`, `<option value="stage_regular_share"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		if row := rowOf(t, w.get("admin", "/map?figure=stage_regular_share").Body.String(), "18.72"); !strings.Contains(row, `data-value="100.00"`) {
			t.Errorf("Metro's share of regular exporters:\n%s", row)
		}
		if row := rowOf(t, w.get("admin", "/map?figure=stage_trained_share").Body.String(), "18.02"); !strings.Contains(row, `data-value=""`) {
			t.Errorf("a share of nobody registered:\n%s", row)
		}
		// A regency officer: its districts, from the same summary.
		body = w.get("officer_lamsel", "/map?figure=stage_regular&lang=en").Body.String()
		if natar := rowOf(t, body, "18.01.04"); !strings.Contains(natar, `<a href="/enterprises?district=18.01.04&amp;regency=18.01&amp;stage=regular">1</a>`) {
			t.Errorf("Natar's regular exporters:\n%s", natar)
		}
		for _, bad := range []string{"stage_registered", "stage_", "stage_nope_share", "stage_trained_sharex"} {
			if rec := w.get("admin", "/map?figure="+bad); rec.Code != 422 {
				t.Errorf("figure %q: %d", bad, rec.Code)
			}
		}
	})
}

// TestGeoPoints: the enterprises' points, clustered for the roles that see
// addresses and counted per district for the others; bad views refused
// with a message.
func TestGeoPoints(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newMapWorld(t, db)
		type answer struct {
			Mode     string
			Total    int
			Clusters []struct {
				Lat, Lng float64
				N        int
				ID       int64
			}
			Districts []struct {
				Code, Name, Href string
				Lat, Lng         float64
				N                int
			}
		}
		read := func(role, target string) answer {
			t.Helper()
			rec := w.get(role, target)
			var a answer
			if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &a) != nil {
				t.Fatalf("%s %s: %d %s", role, target, rec.Code, rec.Body.String())
			}
			return a
		}
		province := "/geo/points?region=18&bbox=103.5,-6.2,106.3,-3.7"
		// At a province's zoom Natar's three are one cluster, Metro's one
		// stands alone with its id.
		a := read("admin", province+"&zoom=8")
		if a.Mode != "points" || a.Total != 4 || len(a.Clusters) != 2 {
			t.Fatalf("admin at zoom 8: %+v", a)
		}
		var natar, metro = a.Clusters[0], a.Clusters[1]
		if natar.N != 3 || natar.ID != 0 || metro.N != 1 || metro.ID == 0 {
			t.Errorf("clusters: %+v", a.Clusters)
		}
		// Zoomed in on a street, each of Natar's stands alone.
		if a := read("admin", "/geo/points?region=18.01&zoom=18&bbox=105.0,-5.6,105.4,-5.2"); len(a.Clusters) != 3 || a.Total != 3 {
			t.Errorf("admin at zoom 18: %+v", a)
		}
		// A regency officer: its own regency's points only.
		if a := read("officer_lamsel", "/geo/points?region=18.01&zoom=8&bbox=103.5,-6.2,106.3,-3.7"); a.Total != 3 || a.Mode != "points" {
			t.Errorf("officer: %+v", a)
		}
		if rec := w.get("officer_lamsel", province+"&zoom=8"); rec.Code != 403 {
			t.Errorf("officer asking for the province's points: %d", rec.Code)
		}
		// A viewer: one count per district, inside the district, linked to
		// the list; no enterprise's own position.
		a = read("viewer", "/geo/points?region=18")
		// (Metro's enterprise has no district: in the total, not placed.)
		if a.Mode != "districts" || len(a.Clusters) != 0 || len(a.Districts) != 1 || a.Total != 4 {
			t.Fatalf("viewer: %+v", a)
		}
		d := a.Districts[0]
		if d.Code != "18.01.04" || d.N != 3 || d.Name != "Natar" || d.Href != "/enterprises?district=18.01.04&regency=18.01" {
			t.Errorf("viewer's Natar: %+v", d)
		}
		if in, _ := refdata.DistrictBoundaries().Contains("18.01.04", d.Lat, d.Lng); !in {
			t.Errorf("Natar's count stands outside Natar: %v, %v", d.Lat, d.Lng)
		}
		// The map page hands the layer to map.js, in the reader's mode.
		if body := w.get("viewer", "/map").Body.String(); !strings.Contains(body, `data-points="/geo/points?region=18"`) || !strings.Contains(body, `data-points-mode="districts"`) {
			t.Error("the viewer's map has no district points")
		}
		if body := w.get("admin", "/map").Body.String(); !strings.Contains(body, `data-points-mode="points"`) {
			t.Error("the admin's map has no points")
		}
		for _, tc := range []struct {
			target string
			status int
			says   string
		}{
			{"/geo/points?region=18&zoom=8", 422, "bbox must be four numbers"},
			{"/geo/points?region=18&zoom=8&bbox=1,2,3", 422, "bbox must be four numbers"},
			{"/geo/points?region=18&zoom=8&bbox=106,-6,105,-3", 422, `west \u003c east`},
			{"/geo/points?region=18&zoom=8&bbox=NaN,-6,105,-3", 422, "bbox"},
			{"/geo/points?region=18&zoom=99&bbox=103,-6,106,-3", 422, "zoom must be a whole number from 0 to 20"},
			{"/geo/points?region=18&zoom=x&bbox=103,-6,106,-3", 422, "zoom"},
			{"/geo/points?region=31&zoom=8&bbox=103,-6,106,-3", 422, "outside Lampung"},
			{"/geo/points?region=18.01.04&zoom=8&bbox=103,-6,106,-3", 422, "district or village"},
			{"/geo/points?region=99&zoom=8&bbox=103,-6,106,-3", 404, "Unknown region"},
		} {
			rec := w.get("admin", tc.target+"&lang=en")
			if body := rec.Body.String(); rec.Code != tc.status || !strings.Contains(body, tc.says) || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
				t.Errorf("%s: %d %s", tc.target, rec.Code, body)
			}
		}
	})
}

// TestBoundariesUpload: an admin loads a regency's districts (page, API);
// /geo serves them over the binary's; a bad file stores nothing and says
// which feature and property; others may not load.
func TestBoundariesUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newMapWorld(t, db)
		post := func(role, target, contentType, body string) *httptest.ResponseRecorder {
			req := httptest.NewRequest("POST", target, strings.NewReader(body))
			req.Header.Set("Cookie", w.cookies[role])
			req.Header.Set("Content-Type", contentType)
			req.Header.Set("Origin", "http://example.com")
			rec := httptest.NewRecorder()
			w.s.ServeHTTP(rec, req)
			return rec
		}
		upload := func(role, file string) *httptest.ResponseRecorder {
			var b strings.Builder
			b.WriteString("--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lamsel.geojson\"\r\nContent-Type: application/geo+json\r\n\r\n")
			b.WriteString(file)
			b.WriteString("\r\n--X--\r\n")
			return post(role, "/regions/boundaries?lang=en", "multipart/form-data; boundary=X", b.String())
		}
		sq := `{"type":"Polygon","coordinates":[[[105.1,-5.3],[105.2,-5.3],[105.2,-5.2],[105.1,-5.3]]]}`
		good := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kode":"18.01.04"},"geometry":` + sq + `}]}`
		bad := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kode":"18.01.04"},"geometry":` + sq + `},{"type":"Feature","properties":{"kode":"18.01.99"},"geometry":` + sq + `}]}`

		if rec := upload("officer_lamsel", good); rec.Code != 403 {
			t.Errorf("an officer uploads boundaries: %d", rec.Code)
		}
		rec := upload("admin", bad)
		if body := rec.Body.String(); rec.Code != 422 || !strings.Contains(body, "features[1].properties.kode") || !strings.Contains(body, "Region code &#34;18.01.99&#34; does not exist") {
			t.Errorf("a bad file: %d %s", rec.Code, body)
		}
		before := w.get("admin", "/geo/18.01").Body.String()
		if rec := upload("admin", good); rec.Code != 303 {
			t.Fatalf("a good file: %d %s", rec.Code, rec.Body.String())
		}
		after := w.get("admin", "/geo/18.01")
		if after.Body.String() == before || !strings.Contains(after.Body.String(), `[105.1,-5.3],[105.2,-5.3]`) || !strings.Contains(after.Body.String(), `"kode":"18.01.06"`) {
			t.Errorf("/geo/18.01 does not serve the loaded district beside the binary's others")
		}
		if page := w.get("admin", "/regions/boundaries?lang=en").Body.String(); !strings.Contains(page, "lamsel.geojson") || !strings.Contains(page, "Kabupaten Lampung Selatan (18.01)") {
			t.Error("the page does not list the loaded set")
		}
		// The API: the same checks, as JSON.
		rec = post("admin", "/api/v1/boundaries?source=api.geojson&lang=en", "application/geo+json", `{"type":"Feature"}`)
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "Not a GeoJSON FeatureCollection") {
			t.Errorf("API, a Feature alone: %d %s", rec.Code, rec.Body.String())
		}
		if rec := post("admin", "/api/v1/boundaries", "application/geo+json", good); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"parent":"18.01"`) {
			t.Errorf("API, a good file: %d %s", rec.Code, rec.Body.String())
		}
	})
}

// BenchmarkGeoPoints: /geo/points on a demo province (SIAPEKSPOR_BENCH_N
// enterprises, default 20,000; 40% with coordinates), as an admin at the
// province's zoom, a city's (12) and a few streets' (16, past the summary),
// and as a viewer (district counts).
func BenchmarkGeoPoints(b *testing.B) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("SIAPEKSPOR_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	db := storetest.Open(b, "sqlite")
	if _, err := demo.Fill(sysCtx, db, "18", n, 7); err != nil {
		b.Fatal(err)
	}
	s, err := server.New(db, server.Config{Province: "18", Log: quietLog(), Media: b.TempDir(), Uploads: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	views := map[string]string{
		"admin":         "region=18&zoom=8&bbox=103.5,-6.2,106.3,-3.7",      // the province
		"admin-zoom-12": "region=18&zoom=12&bbox=105.1,-5.5,105.4,-5.3",     // Bandar Lampung
		"admin-zoom-16": "region=18&zoom=16&bbox=105.25,-5.43,105.27,-5.42", // a few streets: the rows
		"viewer":        "region=18&zoom=8&bbox=103.5,-6.2,106.3,-3.7",      // district counts
	}
	cookies := map[siapekspor.Role]string{}
	for _, role := range []siapekspor.Role{siapekspor.RoleAdmin, siapekspor.RoleViewer} {
		u := makeUser(b, db, string(role)+"@bench.id", role, "", 0)
		cookies[role] = signIn(b, s, u.Email)
	}
	for _, name := range []string{"admin", "admin-zoom-12", "admin-zoom-16", "viewer"} {
		role := siapekspor.RoleAdmin
		if name == "viewer" {
			role = siapekspor.RoleViewer
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest("GET", "/geo/points?"+views[name], nil)
				req.Header.Set("Cookie", cookies[role])
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatal(rec.Code, rec.Body.String())
				}
			}
		})
	}
}
