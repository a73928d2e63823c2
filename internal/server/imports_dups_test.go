package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// An import's page lists its possible duplicates; an officer of its office
// keeps both or merges (after a confirmation page); another office's
// officer is refused; a decision is taken once.
func TestPossibleDuplicatePages(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	file := "Nama Usaha,Kabupaten\nKopi Kembar,Lampung Selatan\nKOPI KEMBAR,Lampung Selatan\nTapis Kembar,Lampung Selatan\nUD Tapis  Kembar,Lampung Selatan\n"
	rec := w.do(t, "officer_lamsel", "POST", "/api/v1/imports?name=kembar.csv", file, "text/csv")
	var rep struct {
		Result struct{ ID, Inserted, Possible int }
	}
	json.Unmarshal(rec.Body.Bytes(), &rep)
	if rec.Code != 201 || rep.Result.Inserted != 4 || rep.Result.Possible != 2 {
		t.Fatalf("import: %d %s", rec.Code, rec.Body.String())
	}
	base := fmt.Sprintf("/imports/%d", rep.Result.ID)
	page := w.do(t, "officer_lamsel", "GET", base, "", "")
	body := page.Body.String()
	for _, want := range []string{"Data yang mungkin ganda (2)", "KOPI KEMBAR", "UD Tapis Kembar", "nama dan kabupaten/kota sama", "Usaha yang sama: gabungkan", "Berbeda: simpan keduanya", "2 belum diputuskan"} {
		if page.Code != 200 || !strings.Contains(body, want) {
			t.Errorf("import page lacks %q (%d)", want, page.Code)
		}
	}
	if rec := w.do(t, "officer_metro", "GET", base, "", ""); rec.Code != http.StatusForbidden {
		t.Errorf("another office's officer: %d", rec.Code)
	}
	list, _ := db.PossibleDuplicates(sysCtx, int64(rep.Result.ID))
	keep := fmt.Sprintf("%s/possible/%d/keep", base, list[0].ID)
	merge := fmt.Sprintf("%s/possible/%d/merge", base, list[1].ID)
	if rec := w.do(t, "officer_metro", "POST", keep, "", formType); rec.Code != http.StatusForbidden {
		t.Errorf("another office keeps: %d", rec.Code)
	}
	if rec := w.do(t, "officer_lamsel", "POST", keep, "", formType); rec.Code != 303 || rec.Header().Get("Location") != base {
		t.Fatalf("keep: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	// Merging asks first: the page names both records.
	confirm := w.do(t, "officer_lamsel", "GET", merge, "", "")
	if b := confirm.Body.String(); confirm.Code != 200 || !strings.Contains(b, `action="`+merge+`"`) || !strings.Contains(b, "UD Tapis Kembar") || !strings.Contains(b, "Tapis Kembar (usaha") {
		t.Errorf("merge confirmation: %d %s", confirm.Code, firstLine(b))
	}
	before, _ := db.ListEnterprises(sysCtx, siapekspor.EnterpriseFilter{Query: "kembar"})
	if rec := w.do(t, "officer_lamsel", "POST", merge, "", formType); rec.Code != 303 || rec.Header().Get("Location") != merge {
		t.Errorf("merge without confirming: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if rec := w.do(t, "officer_lamsel", "POST", merge, "confirm=yes", formType); rec.Code != 303 || rec.Header().Get("Location") != base {
		t.Fatalf("merge: %d %s", rec.Code, firstLine(rec.Body.String()))
	}
	after, _ := db.ListEnterprises(sysCtx, siapekspor.EnterpriseFilter{Query: "kembar"})
	if after.Total != before.Total-1 {
		t.Errorf("%d records after a merge, %d before", after.Total, before.Total)
	}
	body = w.do(t, "officer_lamsel", "GET", base, "", "").Body.String()
	for _, want := range []string{"berbeda: keduanya disimpan", "usaha yang sama: digabungkan", "sudah dihapus"} {
		if !strings.Contains(body, want) {
			t.Errorf("decided page lacks %q", want)
		}
	}
	if strings.Contains(body, "belum diputuskan") || strings.Contains(body, keep) {
		t.Error("a decided duplicate still offers its decisions")
	}
	// Deciding again is refused on the page, saying why.
	if rec := w.do(t, "officer_lamsel", "POST", keep, "", formType); rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "sudah diputuskan") {
		t.Errorf("keep twice: %d", rec.Code)
	}
	if rec := w.do(t, "officer_lamsel", "GET", merge, "", ""); rec.Code != http.StatusConflict {
		t.Errorf("merge page of a decided duplicate: %d", rec.Code)
	}
}

// The API reads an import with its possible duplicates and takes the
// decisions; a file already imported is refused with already_imported
// unless force=1; the dry run names the earlier import.
func TestPossibleDuplicatesAndSameFileAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		file := "Nama Usaha,Kabupaten\nKopi Kembar,Lampung Selatan\nKopi Kembar,Lampung Selatan\n"
		rec := w.do(t, "officer_lamsel", "POST", "/api/v1/imports?name=kembar.csv", file, "text/csv")
		var rep struct {
			Result struct{ ID int64 }
		}
		json.Unmarshal(rec.Body.Bytes(), &rep)
		path := fmt.Sprintf("/api/v1/imports/%d", rep.Result.ID)
		rec = w.do(t, "officer_lamsel", "GET", path, "", "")
		var got struct {
			Import   struct{ Inserted, Possible int }
			Possible []struct {
				ID       int64
				Line     int
				By       string
				Decision string
			} `json:"possible_duplicates"`
		}
		json.Unmarshal(rec.Body.Bytes(), &got)
		if rec.Code != 200 || got.Import.Possible != 1 || len(got.Possible) != 1 || got.Possible[0].Line != 3 || got.Possible[0].By != "name_regency" {
			t.Fatalf("import: %d %s", rec.Code, rec.Body.String())
		}
		decide := fmt.Sprintf("%s/possible-duplicates/%d", path, got.Possible[0].ID)
		if rec := w.do(t, "officer_metro", "POST", decide, `{"decision":"keep"}`, "application/json"); rec.Code != 403 {
			t.Errorf("another office decides: %d", rec.Code)
		}
		if rec := w.do(t, "officer_lamsel", "POST", decide, `{"decision":"both"}`, "application/json"); rec.Code != 422 {
			t.Errorf("an unknown decision: %d %s", rec.Code, rec.Body.String())
		}
		if rec := w.do(t, "officer_lamsel", "POST", decide, `{"decision":"merge"}`, "application/json"); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"decision":"merged"`) {
			t.Errorf("merge: %d %s", rec.Code, rec.Body.String())
		}
		if rec := w.do(t, "officer_lamsel", "POST", decide, `{"decision":"keep"}`, "application/json"); rec.Code != 409 {
			t.Errorf("decide twice: %d", rec.Code)
		}
		// The same file again.
		rec = w.do(t, "officer_lamsel", "POST", "/api/v1/imports?name=lagi.csv", file, "text/csv")
		if rec.Code != 409 || !strings.Contains(rec.Body.String(), `"code":"already_imported"`) || !strings.Contains(rec.Body.String(), fmt.Sprintf("(impor #%d)", rep.Result.ID)) {
			t.Errorf("the same file again: %d %s", rec.Code, rec.Body.String())
		}
		rec = w.do(t, "officer_lamsel", "POST", "/api/v1/imports?name=lagi.csv&dry_run=1", file, "text/csv")
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), fmt.Sprintf(`"previous_import":{"id":%d,`, rep.Result.ID)) {
			t.Errorf("dry run of the same file: %d %s", rec.Code, rec.Body.String())
		}
		if rec := w.do(t, "officer_lamsel", "POST", "/api/v1/imports?name=lagi.csv&force=1", file, "text/csv"); rec.Code != 201 {
			t.Errorf("forced: %d %s", rec.Code, rec.Body.String())
		}
	})
}

// On the pages, the dry run of a file already imported says when, by whom
// and which import, and the real run needs the officer's tick.
func TestSameFileOnThePages(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	file := []byte("Nama Usaha,Kabupaten\nKopi Sekali,Lampung Selatan\n")
	if rec := w.do(t, "officer_lamsel", "POST", "/api/v1/imports?name=sekali.csv", string(file), "text/csv"); rec.Code != 201 {
		t.Fatal(rec.Code)
	}
	rec := upload(t, w, "officer_lamsel", "/imports", nil, file)
	job := rec.Header().Get("Location")
	page := w.waitJob(t, "officer_lamsel", job).Body.String()
	if !strings.Contains(page, "sudah diimpor pada") || !strings.Contains(page, "(impor #1)") || !strings.Contains(page, `name="force" value="yes" required`) {
		t.Fatalf("dry run of a file imported before: %s", page)
	}
	if rec := w.do(t, "officer_lamsel", "POST", job+"/run", "duplicates=skip", formType); rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "sudah diimpor pada") {
		t.Errorf("run without the tick: %d", rec.Code)
	}
	if imports, _ := db.ListImports(sysCtx, 10); len(imports) != 1 {
		t.Errorf("%d imports after a refused run", len(imports))
	}
	rec = w.do(t, "officer_lamsel", "POST", job+"/run", "duplicates=skip&force=yes", formType)
	if rec.Code != 303 {
		t.Fatalf("run with the tick: %d", rec.Code)
	}
	if done := w.waitJob(t, "officer_lamsel", rec.Header().Get("Location")).Body.String(); !strings.Contains(done, "Impor selesai dan tersimpan") {
		t.Errorf("forced run: %s", firstLine(done))
	}
}

// The blank template downloads as a named file and imports as it is; the
// registry's CSV export is named too.
func TestEnterpriseTemplateDownload(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	for _, ext := range []string{"csv", "xlsx"} {
		rec := w.do(t, "officer_lamsel", "GET", "/imports/template."+ext, "", "")
		if rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Disposition"), `filename="daftar-usaha-contoh.`+ext+`"`) {
			t.Fatalf("template.%s: %d %q", ext, rec.Code, rec.Header().Get("Content-Disposition"))
		}
		imp := w.do(t, "officer_lamsel", "POST", "/api/v1/imports?name=contoh."+ext+"&force=1", rec.Body.String(), "text/csv")
		var rep struct {
			Result struct{ Inserted, Skipped, Rejected int }
		}
		json.Unmarshal(imp.Body.Bytes(), &rep)
		if imp.Code != 201 || rep.Result.Inserted+rep.Result.Skipped != 1 || rep.Result.Rejected != 0 {
			t.Errorf("template.%s imported: %d %s", ext, imp.Code, imp.Body.String())
		}
	}
	if rec := w.do(t, "admin", "GET", "/enterprises/export.csv", "", ""); !strings.Contains(rec.Header().Get("Content-Disposition"), `filename="usaha-`) {
		t.Errorf("export.csv is not named: %q", rec.Header().Get("Content-Disposition"))
	}
}
