package server_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// A list whose columns the import cannot guess goes to the mapping step:
// the officer picks the header's two rows and each column's field, keeps
// the choice for the office, and the next file with that header is read
// the same way by itself.
func TestImportMappingStepSavedAndReused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		file := []byte("DAFTAR PELAKU USAHA BINAAN,,,\nPelaku,Lokasi,,Catatan\nMerek Dagang,Kecamatan,Kabupaten,\n" +
			"Keripik Pisang Hajimena,Natar,Lampung Selatan,baru\nKopi Robusta Sidosari,Natar,Lampung Selatan,\n")
		rec := upload(t, w, "officer_lamsel", "/imports", nil, file)
		job := rec.Header().Get("Location")
		page := w.waitJob(t, "officer_lamsel", job)
		body := page.Body.String()
		if page.Code != 422 || !strings.Contains(body, "Tidak ada kolom nama usaha") || !strings.Contains(body, `action="`+job+`/columns"`) ||
			!strings.Contains(body, "Merek Dagang") || !strings.Contains(body, `<option value="owner_name">Nama pemilik</option>`) {
			t.Fatalf("the mapping step after a file without a name column: %d %s", page.Code, firstLine(body))
		}
		form := url.Values{"first": {"2"}, "last": {"3"}, "width": {"4"}, "col_0": {"name"}, "col_1": {"district"}, "col_2": {"regency"}, "col_3": {""},
			"save": {"1"}, "layout_name": {"Daftar binaan"}}
		// Two columns for one field are refused, naming them.
		bad := url.Values{"first": {"2"}, "last": {"3"}, "width": {"2"}, "col_0": {"name"}, "col_1": {"name"}}
		if rec := w.do(t, "officer_lamsel", "POST", job+"/columns", bad.Encode(), "application/x-www-form-urlencoded"); rec.Code != 422 || !strings.Contains(rec.Body.String(), "Kolom A dan B") {
			t.Errorf("a field twice: %d %s", rec.Code, firstLine(rec.Body.String()))
		}
		rec = w.do(t, "officer_lamsel", "POST", job+"/columns", form.Encode(), "application/x-www-form-urlencoded")
		if rec.Code != 303 {
			t.Fatalf("the chosen columns: %d %s", rec.Code, firstLine(rec.Body.String()))
		}
		body = w.waitJob(t, "officer_lamsel", rec.Header().Get("Location")).Body.String()
		for _, want := range []string{"2 baru", "Judul kolom: baris 2–3", "D (Catatan)", "tidak dipakai", "A (Pelaku / Merek Dagang)", "judul atau ulangannya"} {
			if !strings.Contains(body, want) {
				t.Errorf("the report after the mapping step lacks %q", want)
			}
		}
		// The same header again: read with the office's choice, by itself.
		rec = upload(t, w, "officer_lamsel", "/imports", nil, file)
		body = w.waitJob(t, "officer_lamsel", rec.Header().Get("Location")).Body.String()
		if !strings.Contains(body, "Dibaca dengan pilihan tersimpan &#34;Daftar binaan&#34;") || !strings.Contains(body, "2 baru") {
			t.Errorf("the saved choice was not applied: %s", firstLine(body))
		}
		if api := w.do(t, "officer_lamsel", "GET", "/api/v1/import-layouts", "", ""); api.Code != 200 || !strings.Contains(api.Body.String(), `"name":"Daftar binaan"`) {
			t.Errorf("layouts in the API: %d %s", api.Code, api.Body.String())
		}
		// Another office neither sees nor gets it.
		if api := w.do(t, "officer_metro", "GET", "/api/v1/import-layouts", "", ""); strings.Contains(api.Body.String(), "Daftar binaan") {
			t.Errorf("another office sees the choice: %s", api.Body.String())
		}
	})
}

// The API reports the header's lines, the columns not used and the rows
// set aside, and takes the header rows as a parameter.
func TestImportAPIShape(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	file := "DAFTAR IKM,,\nNama Usaha,Kabupaten/Kota,Keterangan\n1,2,3\nKeripik Pisang Hajimena,Lampung Selatan,x\nJUMLAH,,1\n"
	rec := w.do(t, "officer_lamsel", "POST", "/api/v1/imports?dry_run=1", file, "text/csv")
	for _, want := range []string{`"header_lines":[2,2]`, `"ignored_columns":["C (Keterangan)"]`, `"skipped_rows":3`,
		`{"line":5,"code":"import.skip.total","reason":"baris jumlah atau sub-jumlah (JUMLAH)","text":"JUMLAH | 1"}`} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("no %s in %s", want, rec.Body.String())
		}
	}
	if rec := w.do(t, "officer_lamsel", "POST", "/api/v1/imports?dry_run=1&header_rows=1-9", file, "text/csv"); rec.Code != 422 {
		t.Errorf("header_rows=1-9: %d", rec.Code)
	}
	if rec := w.do(t, "officer_lamsel", "POST", "/api/v1/imports?dry_run=1&header_rows=4&map="+url.QueryEscape(`{"name":"Keripik Pisang Hajimena","regency":"Lampung Selatan"}`),
		file, "text/csv"); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"header_lines":[4,4]`) {
		t.Errorf("header_rows=4 with a map: %d %s", rec.Code, rec.Body.String())
	}
}
