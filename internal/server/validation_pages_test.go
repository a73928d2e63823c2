package server_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// page requests a page as a user and returns its status and body.
func page(t *testing.T, base, cookie, method, path string, form url.Values) (int, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, base+path, body)
	req.Header.Set("Cookie", cookie)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestValidationWorkflowThroughPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, ts := newServer(t, db)
		e := &siapekspor.Enterprise{Name: "Kopi Sidosari", Kind: siapekspor.KindUMKM, LegalForm: siapekspor.LegalPerorangan,
			ExportStatus: siapekspor.ExportNever, ProvinceCode: "18", RegencyCode: "18.01", Sector: "food"}
		if err := db.CreateEnterprise(sysCtx, e); err != nil {
			t.Fatal(err)
		}
		p := &siapekspor.Product{EnterpriseID: e.ID, NameID: "Kopi Robusta Bubuk", NameEN: "Ground Robusta Coffee", HSCode: "090121",
			Unit: "kg", CapacityPerMonth: 800}
		if err := db.CreateProduct(sysCtx, p); err != nil {
			t.Fatal(err)
		}
		makeUser(t, db, "owner@example.id", siapekspor.RoleOwner, "", e.ID)
		makeUser(t, db, "validator@example.id", siapekspor.RoleValidator, "", 0)
		owner, validator := signIn(t, s, "owner@example.id"), signIn(t, s, "validator@example.id")
		pp := "/products/" + strconv.FormatInt(p.ID, 10)

		if st, _ := page(t, ts.URL, owner, "POST", pp+"/submit", url.Values{"note": {"Mohon divalidasi"}}); st != http.StatusSeeOther {
			t.Fatalf("submit: %d", st)
		}
		if st, body := page(t, ts.URL, validator, "GET", "/validation", nil); st != 200 || !strings.Contains(body, "Kopi Robusta Bubuk") {
			t.Fatalf("queue: %d", st)
		}
		// A rejection needs a reason for each point not met.
		review := url.Values{"ok_specification": {"1"}, "ok_quality": {"0"}, "ok_certificates": {"0"}, "ok_capacity": {"1"}}
		if st, body := page(t, ts.URL, validator, "POST", pp+"/review", review); st != http.StatusUnprocessableEntity || !strings.Contains(body, "has-error") {
			t.Fatalf("a rejection without reasons: %d", st)
		}
		review.Set("reason_quality", "Kadar air belum diuji laboratorium")
		review.Set("reason_certificates", "Belum ada sertifikat halal")
		if st, _ := page(t, ts.URL, validator, "POST", pp+"/review", review); st != http.StatusSeeOther {
			t.Fatalf("reject: %d", st)
		}
		// The owner sees the reasons, and no export-validated mark.
		st, body := page(t, ts.URL, owner, "GET", pp, nil)
		if st != 200 || !strings.Contains(body, "Kadar air belum diuji laboratorium") || !strings.Contains(body, "Perlu perbaikan") || strings.Contains(body, "Tervalidasi ekspor") {
			t.Fatalf("owner's view after rejection: %d\n%s", st, trim([]byte(body)))
		}
		// Fixed and resubmitted, approved on every point: the mark shows.
		page(t, ts.URL, owner, "POST", pp+"/submit", url.Values{"note": {"Sudah diuji"}})
		all := url.Values{"ok_specification": {"1"}, "ok_quality": {"1"}, "ok_certificates": {"1"}, "ok_capacity": {"1"}}
		if st, _ := page(t, ts.URL, validator, "POST", pp+"/review", all); st != http.StatusSeeOther {
			t.Fatalf("approve: %d", st)
		}
		if _, body := page(t, ts.URL, owner, "GET", pp, nil); !strings.Contains(body, "Tervalidasi ekspor") || strings.Count(body, `class="history"`) != 1 {
			t.Fatalf("owner's view after approval lacks the mark or the history")
		}
		// An owner may not review; the history keeps all four steps.
		if st, _ := page(t, ts.URL, owner, "POST", pp+"/review", all); st != http.StatusForbidden {
			t.Errorf("owner reviewing: %d", st)
		}
		hist, err := db.ValidationHistory(sysCtx, p.ID)
		if err != nil || len(hist) != 4 {
			t.Errorf("history: %d events, %v", len(hist), err)
		}
	})
}

func TestProductImportAndListPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, ts := newServer(t, db)
		defaultMu.Lock()
		admin := defaultCookie[ts.URL]
		defaultMu.Unlock()
		e := &siapekspor.Enterprise{Name: "Lada Way Kanan", NIB: "9120009990001", Kind: siapekspor.KindUMKM, LegalForm: siapekspor.LegalPerorangan,
			ExportStatus: siapekspor.ExportNever, ProvinceCode: "18", RegencyCode: "18.08", Sector: "food"}
		if err := db.CreateEnterprise(sysCtx, e); err != nil {
			t.Fatal(err)
		}
		upload := func(name, content string) (int, string, string) {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			fw, _ := mw.CreateFormFile("file", name)
			fw.Write([]byte(content))
			mw.Close()
			req, _ := http.NewRequest("POST", ts.URL+"/products/import", &buf)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.Header.Set("Cookie", admin)
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, string(b), res.Header.Get("Location")
		}
		bad := "NIB,Nama Produk,Kode HS,Satuan,Kapasitas per Bulan\n9120009990001,Lada Hitam,090411,kg,500\n9120009990001,Lada Putih,0904,kg,-3\n"
		st, body, _ := upload("lada.csv", bad)
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "C (Kode HS)") || !strings.Contains(body, "E (Kapasitas per Bulan)") || !strings.Contains(body, "Tidak ada produk yang disimpan") {
			t.Fatalf("bad file: %d\n%s", st, trim([]byte(body)))
		}
		st, _, loc := upload("lada.csv", strings.Replace(bad, "0904,kg,-3", "090412,kg,300", 1))
		if st != http.StatusSeeOther || loc != "/products" {
			t.Fatalf("good file: %d %s", st, loc)
		}
		req, _ := http.NewRequest("GET", ts.URL+"/products?regency=18.08", nil)
		req.Header.Set("Cookie", admin+"; flash=product.import.done:2")
		res, _ := client.Do(req)
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.Contains(string(b), "2 produk diimpor.") || !strings.Contains(string(b), "Lada Putih") || !strings.Contains(string(b), "/products/export.xlsx?regency=18.08") {
			t.Errorf("list after import:\n%s", b[strings.Index(string(b), "<main"):])
		}
		if st, body := page(t, ts.URL, admin, "GET", "/products/export.csv?regency=18.08", nil); st != 200 || !strings.Contains(body, "Lada Hitam") || !strings.Contains(body, "Lada Putih") {
			t.Errorf("page export: %d %q", st, body)
		}
		if st, body := page(t, ts.URL, admin, "GET", "/hs?q=lada", nil); st != 200 || !strings.Contains(body, "090411") {
			t.Errorf("HS lookup page: %d", st)
		}
	})
}
