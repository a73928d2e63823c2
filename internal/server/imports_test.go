package server_test

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/server"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

func upload(t *testing.T, w *world, role, path string, fields map[string]string, file []byte) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != nil {
		fw, _ := mw.CreateFormFile("file", "daftar.csv")
		fw.Write(file)
	}
	mw.Close()
	return w.do(t, role, "POST", path, body.String(), mw.FormDataContentType())
}

// waitJob reads an import job's page until the job is done (the page
// stops refreshing itself).
func (w *world) waitJob(t *testing.T, role, job string) *httptest.ResponseRecorder {
	var rec *httptest.ResponseRecorder
	for i := 0; i < 100; i++ {
		rec = w.do(t, role, "GET", job, "", "")
		if rec.Header().Get("Refresh") == "" {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	return rec
}

func TestImportThroughThePages(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	sample, _ := os.ReadFile("../../samples/ikm-metro-berantakan.csv")
	rec := upload(t, w, "officer_metro", "/imports", nil, sample)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", rec.Code, firstLine(rec.Body.String()))
	}
	job := rec.Header().Get("Location")
	page := w.waitJob(t, "officer_metro", job).Body.String()
	for _, want := range []string{"Pemeriksaan selesai", "3 baru", "2 ditolak", "B (NAMA  IKM)", "Wajib diisi", "Nama wilayah tidak ditemukan", "Impor sekarang",
		"2 baris ditolak (", " masalah)</h2>"} {
		if !strings.Contains(page, want) {
			t.Errorf("dry-run report lacks %q", want)
		}
	}
	if page, _ := db.ListEnterprises(sysCtx, siapekspor.EnterpriseFilter{}); page.Total != 2 {
		t.Fatalf("the dry run stored rows: %d", page.Total)
	}
	if rej := w.do(t, "officer_metro", "GET", job+"/rejected.csv", "", ""); rej.Code != 200 || !strings.Contains(rej.Body.String(), "Gotham City") {
		t.Errorf("rejected rows download: %d", rej.Code)
	}
	// Another user cannot see the job.
	if other := w.do(t, "officer_lamsel", "GET", job, "", ""); other.Code != 404 {
		t.Errorf("someone else's job: %d", other.Code)
	}
	rec = w.do(t, "officer_metro", "POST", job+"/run", "duplicates=skip", "application/x-www-form-urlencoded")
	rec = w.waitJob(t, "officer_metro", rec.Header().Get("Location"))
	if !strings.Contains(rec.Body.String(), "Impor selesai dan tersimpan") {
		t.Fatalf("real run: %s", firstLine(rec.Body.String()))
	}
	if page, _ := db.ListEnterprises(sysCtx, siapekspor.EnterpriseFilter{RegencyCode: "18.72"}); page.Total != 4 {
		t.Errorf("after import %d in Metro, want 4", page.Total)
	}
	list := w.do(t, "officer_metro", "GET", "/imports", "", "")
	id := regexp.MustCompile(`/imports/(\d+)/undo`).FindStringSubmatch(list.Body.String())
	if id == nil {
		t.Fatal("no undo button")
	}
	// The history counts the refused rows of the file, as the report did.
	if !regexp.MustCompile(`data-label="Ditolak" class="num">2</td>`).MatchString(list.Body.String()) {
		t.Errorf("the import history does not count the 2 refused rows")
	}
	if recs, _ := db.ListImports(sysCtx, 1); len(recs) != 1 || recs[0].Rejected != 2 || recs[0].Inserted != 3 {
		t.Errorf("the import's record: %+v", recs)
	}
	// Undoing asks first.
	confirm := w.do(t, "officer_metro", "GET", "/imports/"+id[1]+"/undo/confirm", "", "")
	if body := confirm.Body.String(); confirm.Code != 200 || !strings.Contains(body, `action="/imports/`+id[1]+`/undo"`) || !strings.Contains(body, "3 usaha baru dihapus") {
		t.Errorf("undo confirmation: %d %s", confirm.Code, firstLine(body))
	}
	if rec := w.do(t, "officer_metro", "POST", "/imports/"+id[1]+"/undo", "", "application/x-www-form-urlencoded"); rec.Code != 303 ||
		rec.Header().Get("Location") != "/imports/"+id[1]+"/undo/confirm" {
		t.Errorf("undo without confirming: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if page, _ := db.ListEnterprises(sysCtx, siapekspor.EnterpriseFilter{RegencyCode: "18.72"}); page.Total != 4 {
		t.Errorf("an unconfirmed undo undid: %d in Metro", page.Total)
	}
	if rec := w.do(t, "officer_metro", "POST", "/imports/"+id[1]+"/undo", "confirm=yes", "application/x-www-form-urlencoded"); rec.Code != 303 {
		t.Errorf("undo: %d", rec.Code)
	}
	if page, _ := db.ListEnterprises(sysCtx, siapekspor.EnterpriseFilter{RegencyCode: "18.72"}); page.Total != 1 {
		t.Errorf("after undo %d in Metro, want 1", page.Total)
	}
}

func TestImportBadUploads(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	if rec := upload(t, w, "admin", "/imports", nil, nil); rec.Code != 422 || !strings.Contains(rec.Body.String(), "Pilih berkas") {
		t.Errorf("no file: %d", rec.Code)
	}
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(i * 7)
	}
	rec := upload(t, w, "admin", "/imports", nil, random)
	job := rec.Header().Get("Location")
	for i := 0; i < 100; i++ {
		rec = w.do(t, "admin", "GET", job, "", "")
		if rec.Header().Get("Refresh") == "" {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(rec.Body.String(), "bukan CSV atau XLSX") {
		t.Errorf("random bytes: %s", firstLine(rec.Body.String()))
	}
}

func TestImportAndExportAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		sample, _ := os.ReadFile("../../samples/ikm-metro-berantakan.csv")
		rec := w.do(t, "officer_metro", "POST", "/api/v1/imports?dry_run=1&name=metro.csv", string(sample), "text/csv")
		var rep struct {
			Result   struct{ Inserted, Rejected int }
			Problems []struct {
				Line    int
				Column  string
				Message string
			}
		}
		json.Unmarshal(rec.Body.Bytes(), &rep)
		if rec.Code != 200 || rep.Result.Inserted != 3 || rep.Result.Rejected != 2 || rep.Problems[0].Line != 8 || rep.Problems[0].Column == "" {
			t.Fatalf("dry run: %d %s", rec.Code, firstLine(rec.Body.String()))
		}
		rec = w.do(t, "officer_metro", "POST", "/api/v1/imports?name=metro.csv", string(sample), "text/csv")
		if rec.Code != 201 {
			t.Fatalf("import: %d %s", rec.Code, firstLine(rec.Body.String()))
		}
		// The Lampung Selatan officer may not import Metro's enterprises.
		rec = w.do(t, "officer_lamsel", "POST", "/api/v1/imports?duplicates=keep", "Nama Usaha,Kabupaten\nKopi Metro Baru,Kota Metro\n", "text/csv")
		json.Unmarshal(rec.Body.Bytes(), &rep)
		if rep.Result.Inserted != 0 || rep.Result.Rejected != 1 {
			t.Errorf("import outside the region: %s", rec.Body.String())
		}
		csvRec := w.do(t, "viewer", "GET", "/api/v1/enterprises/export?format=csv&regency=18.72", "", "")
		if csvRec.Code != 200 || !strings.Contains(csvRec.Body.String(), "Tapis Indah Metro") || strings.Contains(csvRec.Body.String(), "1872011203800002") {
			t.Errorf("viewer export: %d", csvRec.Code)
		}
		xlsx := w.do(t, "admin", "GET", "/enterprises/export.xlsx?regency=18.72", "", "")
		if xlsx.Code != 200 || !bytes.HasPrefix(xlsx.Body.Bytes(), []byte("PK")) {
			t.Errorf("xlsx export: %d", xlsx.Code)
		}
		if rec := w.do(t, "admin", "GET", "/api/v1/enterprises/export?format=pdf", "", ""); rec.Code != 422 {
			t.Errorf("bad format: %d", rec.Code)
		}
		list := w.do(t, "admin", "GET", "/api/v1/imports", "", "")
		if !strings.Contains(list.Body.String(), `"file_name":"metro.csv"`) {
			t.Errorf("imports list: %s", firstLine(list.Body.String()))
		}
		_ = fmt.Sprint
	})
}

// The upload limit is configurable and refused with a message that names
// it, on the page and in the API, before anything is read into a job; 50 MB
// of random bytes under the default limit are refused as no table.
func TestImportUploadLimits(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db, func(c *server.Config) { c.MaxUpload = 1 << 20 })
	big := bytes.Repeat([]byte("Nama Usaha,Kabupaten\nKopi,Metro\n"), 100_000) // 3.2 MB
	if rec := upload(t, w, "admin", "/imports", nil, big); rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "Berkas terlalu besar (maksimal 1 MB)") {
		t.Errorf("page upload over the limit: %d %s", rec.Code, firstLine(rec.Body.String()))
	}
	rec := w.do(t, "admin", "POST", "/api/v1/imports?name=besar.csv", string(big), "text/csv")
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "at most 1 MB") && !strings.Contains(rec.Body.String(), "maksimal 1 MB") {
		t.Errorf("API upload over the limit: %d %s", rec.Code, rec.Body.String())
	}
	if page, _ := db.ListEnterprises(sysCtx, siapekspor.EnterpriseFilter{}); page.Total != 2 {
		t.Errorf("a refused upload stored rows: %d", page.Total)
	}

	w = newWorld(t, storetest.Open(t, "sqlite"))
	random := make([]byte, 50<<20)
	rand.Read(random)
	rec = w.do(t, "admin", "POST", "/api/v1/imports?name=acak.csv", string(random), "text/csv")
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "not CSV or XLSX") && !strings.Contains(rec.Body.String(), "bukan CSV atau XLSX") {
		t.Errorf("50 MB of random bytes: %d %s", rec.Code, firstLine(rec.Body.String()))
	}
}
