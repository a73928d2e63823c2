package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/server"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// files lists the regular files under dir.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// call makes an API request as the admin and decodes a JSON answer.
func call(t *testing.T, base, cookie, method, path, contentType string, body io.Reader, want int) map[string]any {
	t.Helper()
	req, _ := http.NewRequest(method, base+path, body)
	req.Header.Set("Cookie", cookie)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d\n%s", method, path, res.StatusCode, want, trim(b))
	}
	var out map[string]any
	json.Unmarshal(b, &out)
	if out == nil {
		out = map[string]any{"_body": string(b), "_type": res.Header.Get("Content-Type"), "_cache": res.Header.Get("Cache-Control")}
	}
	return out
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func TestAPIProductsCertificatesAndBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mediaDir := t.TempDir()
		s, err := server.New(db, server.Config{Province: "18", Media: mediaDir, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(s)
		defer ts.Close()
		makeUser(t, db, "admin@example.id", siapekspor.RoleAdmin, "", 0)
		cookie := signIn(t, s, "admin@example.id")
		const js = "application/json"
		e := call(t, ts.URL, cookie, "POST", "/api/v1/enterprises", js, strings.NewReader(validJSON), 201)
		eid := int64(e["id"].(float64))
		product := func(extra string) string {
			return `{"enterprise_id":` + strconv.FormatInt(eid, 10) + `,"name_id":"Kopi Robusta Bubuk","name_en":"Ground Robusta Coffee","unit":"kg"` + extra + `}`
		}

		// Bad products: each refused with the field named, nothing stored.
		for _, c := range []struct{ extra, field string }{
			{`,"hs_code":"999999"`, "hs_code"},
			{`,"hs_code":"0901"`, "hs_code"},
			{`,"capacity_per_month":-5`, "capacity_per_month"},
			{`,"capacity_per_month":"banyak"`, "capacity_per_month"},
		} {
			res := call(t, ts.URL, cookie, "POST", "/api/v1/products", js, strings.NewReader(product(c.extra)), 422)
			if !strings.Contains(mustJSON(res), `"field":"`+c.field+`"`) {
				t.Errorf("%s: %s", c.extra, mustJSON(res))
			}
		}
		if list := call(t, ts.URL, cookie, "GET", "/api/v1/products", "", nil, 200); list["total"].(float64) != 0 {
			t.Fatalf("a refused product was stored: %v", list)
		}
		p := call(t, ts.URL, cookie, "POST", "/api/v1/products", js, strings.NewReader(product(`,"hs_code":"0901.21","capacity_per_month":800`)), 201)
		pid := strconv.FormatInt(int64(p["id"].(float64)), 10)
		if p["hs_code"] != "090121" || p["validation"] != "draft" {
			t.Errorf("created: %v", p)
		}

		// Photos: an executable named .jpg, and 200 MB, are refused and leave
		// no file; a real PNG is stored as two JPEG renditions, cached for good.
		exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), bytes.Repeat([]byte{0}, 4096)...)
		res := call(t, ts.URL, cookie, "POST", "/api/v1/products/"+pid+"/photos", "image/jpeg", bytes.NewReader(exe), 422)
		if !strings.Contains(mustJSON(res), "JPEG, PNG") {
			t.Errorf("exe as photo: %v", res)
		}
		call(t, ts.URL, cookie, "POST", "/api/v1/products/"+pid+"/photos", "image/jpeg", io.LimitReader(zeros{}, 200<<20), 413)
		if f := files(t, mediaDir); len(f) != 0 {
			t.Fatalf("refused uploads left files: %v", f)
		}
		var img bytes.Buffer
		png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 640, 480)))
		ph := call(t, ts.URL, cookie, "POST", "/api/v1/products/"+pid+"/photos", "application/octet-stream", &img, 201)
		thumb := call(t, ts.URL, cookie, "GET", "/media/"+ph["thumb"].(string), "", nil, 200)
		if thumb["_type"] != "image/jpeg" || !strings.Contains(thumb["_cache"].(string), "immutable") {
			t.Errorf("thumbnail served as %v / %v", thumb["_type"], thumb["_cache"])
		}

		// Certificates: expiry before issue refused, nothing stored; a PDF
		// sent as "image/png" is sniffed and kept as a PDF; an executable is not.
		cert := func(dates string) string {
			return `{"enterprise_id":` + strconv.FormatInt(eid, 10) + `,"product_id":` + pid + `,"type":"halal","number":"ID131100001234","issuer":"BPJPH"` + dates + `}`
		}
		res = call(t, ts.URL, cookie, "POST", "/api/v1/certificates", js, strings.NewReader(cert(`,"issued_on":"2025-06-01","expires_on":"2025-01-01"`)), 422)
		if !strings.Contains(mustJSON(res), `"field":"expires_on"`) {
			t.Errorf("expiry before issue: %v", res)
		}
		if list := call(t, ts.URL, cookie, "GET", "/api/v1/certificates", "", nil, 200); len(list["items"].([]any)) != 0 {
			t.Fatalf("a refused certificate was stored: %v", list)
		}
		c := call(t, ts.URL, cookie, "POST", "/api/v1/certificates", js, strings.NewReader(cert(`,"issued_on":"2025-06-01","expires_on":"2029-06-01"`)), 201)
		cid := strconv.FormatInt(int64(c["id"].(float64)), 10)
		call(t, ts.URL, cookie, "PUT", "/api/v1/certificates/"+cid+"/document", "image/png", bytes.NewReader(exe), 422)
		pdf := []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
		doc := call(t, ts.URL, cookie, "PUT", "/api/v1/certificates/"+cid+"/document", "image/png", bytes.NewReader(pdf), 200)
		if doc["document_kind"] != "application/pdf" {
			t.Errorf("a PDF with the wrong type: %v", doc)
		}
		got := call(t, ts.URL, cookie, "GET", "/api/v1/certificates/"+cid+"/document", "", nil, 200)
		if got["_type"] != "application/pdf" || got["_body"] != string(pdf) {
			t.Errorf("document served as %v", got["_type"])
		}

		// Search: hostile input never errors; English finds the Indonesian product.
		for _, q := range []string{`"`, `kopi AND NOT`, `NEAR(kopi`, `*`, `kopi:`, `😀☕`, strings.Repeat("kopi ", 2000), `'; DROP TABLE products; --`} {
			call(t, ts.URL, cookie, "GET", "/api/v1/search?q="+url.QueryEscape(q), "", nil, 200)
		}
		// A NUL is refused at the edge, with the field named (422, not an error).
		call(t, ts.URL, cookie, "GET", "/api/v1/search?q="+url.QueryEscape("\x00"), "", nil, 422)
		found := call(t, ts.URL, cookie, "GET", "/api/v1/search?q=coffee", "", nil, 200)
		if !strings.Contains(mustJSON(found), "Kopi Robusta Bubuk") {
			t.Errorf("coffee: %v", found)
		}

		// Import via the API: a file with a bad row is refused whole (422,
		// line and column), a good one imported (201).
		bad := "NIB,Nama Produk,Kode HS,Satuan,Kapasitas per Bulan\n9120001234567,Kopi Luwak,090121,kg,10\n9120001234567,Lada,999999,kg,-1\n"
		res = call(t, ts.URL, cookie, "POST", "/api/v1/products/import?name=bad.csv", "text/csv", strings.NewReader(bad), 422)
		if s := mustJSON(res); !strings.Contains(s, `"line":3`) || !strings.Contains(s, `"column":"C (Kode HS)"`) || !strings.Contains(s, `"column":"E (Kapasitas per Bulan)"`) || !strings.Contains(s, `"imported":0`) {
			t.Errorf("bad import: %s", s)
		}
		good := strings.Replace(bad, "999999,kg,-1", "090411,kg,300", 1)
		if res := call(t, ts.URL, cookie, "POST", "/api/v1/products/import", "text/csv", strings.NewReader(good), 201); res["imported"].(float64) != 2 {
			t.Errorf("good import: %v", res)
		}
		out := call(t, ts.URL, cookie, "GET", "/api/v1/products/export?hs_chapter=09", "", nil, 200)
		if body := out["_body"].(string); !strings.HasPrefix(body, "ID,ID Usaha,") || strings.Count(body, "\n") != 4 {
			t.Errorf("export: %q", body)
		}
		call(t, ts.URL, cookie, "GET", "/api/v1/products/export?format=pdf", "", nil, 422)
		certs := call(t, ts.URL, cookie, "GET", "/api/v1/certificates/export?format=csv", "", nil, 200)
		if !strings.Contains(certs["_body"].(string), "ID131100001234") {
			t.Errorf("certificate export: %v", certs["_body"])
		}
	})
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// Opening "new product" or "new certificate" without ?enterprise=: an owner
// gets the form for its own enterprise; anyone else is asked which, from the
// enterprises it reaches, each leading to the form.
func TestNewProductAsksWhichEnterprise(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	for _, path := range []string{"/products/new", "/certificates/new"} {
		rec := w.do(t, "officer_prov", "GET", path, "", "")
		body := rec.Body.String()
		lamsel, metro := fmt.Sprintf(`href="%s?enterprise=%d"`, path, w.lamsel.ID), fmt.Sprintf(`href="%s?enterprise=%d"`, path, w.metro.ID)
		if rec.Code != 200 || !strings.Contains(body, lamsel) || !strings.Contains(body, metro) || !strings.Contains(body, "milik usaha mana") {
			t.Errorf("%s as the province's officer: %d %s", path, rec.Code, firstLine(body))
		}
		if body := w.do(t, "officer_prov", "GET", path+"?q=Tapis", "", "").Body.String(); strings.Contains(body, lamsel) || !strings.Contains(body, metro) {
			t.Errorf("%s?q=Tapis lists Lampung Selatan's enterprise or not Metro's", path)
		}
		if body := w.do(t, "officer_metro", "GET", path, "", "").Body.String(); strings.Contains(body, lamsel) || !strings.Contains(body, metro) {
			t.Errorf("%s: Metro's officer is offered an enterprise out of its reach, or not its own", path)
		}
		if rec := w.do(t, "officer_prov", "GET", fmt.Sprintf("%s?enterprise=%d", path, w.metro.ID), "", ""); rec.Code != 200 ||
			!strings.Contains(rec.Body.String(), fmt.Sprintf(`name="enterprise_id" value="%d"`, w.metro.ID)) {
			t.Errorf("%s for the chosen enterprise: %d", path, rec.Code)
		}
		if rec := w.do(t, "owner", "GET", path, "", ""); rec.Code != 200 ||
			!strings.Contains(rec.Body.String(), fmt.Sprintf(`name="enterprise_id" value="%d"`, w.lamsel.ID)) {
			t.Errorf("%s as the owner: %d, not its own enterprise's form", path, rec.Code)
		}
	}
}
