package server_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestImportPagesNameTheSheetRead: a workbook whose first sheet is its
// instructions is read from the sheet with the list, and the page says
// which; the API's report names it too.
func TestImportPagesNameTheSheetRead(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Petunjuk")
	f.SetSheetRow("Petunjuk", "A1", &[]any{"PETUNJUK PENGISIAN"})
	f.NewSheet("Produk")
	f.SetSheetRow("Produk", "A1", &[]any{"ID Usaha", "Nama Produk", "Kode HS", "Satuan"})
	f.SetSheetRow("Produk", "A2", &[]any{w.lamsel.ID, "Kopi Bubuk", "'0901.21", "kg"})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	body, ct := multipartForm(url.Values{"dry_run": {"1"}}, "file", "produk.xlsx", buf.Bytes())
	page := w.must(t, "officer_lamsel", "POST", "/products/import?lang=en", body, ct, 200).Body.String()
	result, note := strings.Index(page, "Rows checked: 1, all correct"), strings.Index(page, `The sheet &#34;Produk&#34; was read: the first sheet holds no list`)
	if result < 0 || note < result || strings.Contains(page, "error-summary") {
		t.Errorf("page: %s", firstLine(page[strings.Index(page, "<main"):]))
	}
	rec := w.do(t, "officer_lamsel", "POST", "/api/v1/products/import?name=produk.xlsx", buf.String(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	if rec.Code != 201 || !strings.Contains(rec.Body.String(), `"sheet":"Produk"`) || !strings.Contains(rec.Body.String(), `"imported":1`) {
		t.Errorf("API: %d %s", rec.Code, rec.Body.String())
	}
	p, err := db.ListProducts(sysCtx, store.ProductFilter{EnterpriseID: w.lamsel.ID})
	found := false
	for _, it := range p.Items {
		found = found || it.NameID == "Kopi Bubuk" && it.HSCode == "090121"
	}
	if err != nil || !found {
		t.Errorf("stored: %v %+v", err, p)
	}
}

// TestCheckedImportStoresWithOneClick: a product list checked without a
// problem is kept for its uploader, who stores it with one click, once;
// someone else's click, or a second one, stores nothing and says why.
func TestCheckedImportStoresWithOneClick(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	csv := fmt.Sprintf("ID Usaha,Nama Produk,Kode HS,Satuan\n%d,Lada Putih Muntok,'0904.11,kg\n", w.lamsel.ID)
	count := func() int {
		p, err := db.ListProducts(sysCtx, store.ProductFilter{EnterpriseID: w.lamsel.ID})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, it := range p.Items {
			if it.NameID == "Lada Putih Muntok" {
				n++
			}
		}
		return n
	}
	body, ct := multipartForm(url.Values{"dry_run": {"1"}}, "file", "lada.csv", []byte(csv))
	page := w.must(t, "officer_lamsel", "POST", "/products/import?lang=en", body, ct, 200).Body.String()
	m := regexp.MustCompile(`name="checked" value="([0-9a-f]{32})"`).FindStringSubmatch(page)
	if m == nil || count() != 0 || !strings.Contains(page, "lada.csv is kept for 30 minutes") {
		t.Fatalf("no store-now form after a clean check, or stored already: %d", count())
	}
	token := "checked=" + m[1]
	if rec := w.do(t, "officer_metro", "POST", "/products/import?lang=en", token, formType); rec.Code != 422 || !strings.Contains(rec.Body.String(), "no longer kept") || count() != 0 {
		t.Errorf("another officer's click: %d, %d stored", rec.Code, count())
	}
	if rec := w.do(t, "officer_lamsel", "POST", "/products/import", token, formType); rec.Code != http.StatusSeeOther || count() != 1 {
		t.Errorf("the uploader's click: %d, %d stored", rec.Code, count())
	}
	if rec := w.do(t, "officer_lamsel", "POST", "/products/import?lang=en", token, formType); rec.Code != 422 || count() != 1 {
		t.Errorf("a second click: %d, %d stored", rec.Code, count())
	}
	// The same file checked again (a reload of the check): no button that
	// would add its rows a second time, and it says why.
	body, ct = multipartForm(url.Values{"dry_run": {"1"}}, "file", "lada.csv", []byte(csv))
	page = w.must(t, "officer_lamsel", "POST", "/products/import?lang=en", body, ct, 200).Body.String()
	if strings.Contains(page, `name="checked"`) || !strings.Contains(page, "lada.csv was stored already") {
		t.Error("checking a stored file again offers to store it again, or does not say it was stored")
	}
	// A check with a problem keeps nothing to store.
	bad := strings.Replace(csv, "'0904.11", "999999", 1)
	body, ct = multipartForm(url.Values{"dry_run": {"1"}}, "file", "lada.csv", []byte(bad))
	if page := w.must(t, "officer_lamsel", "POST", "/products/import?lang=en", body, ct, 422).Body.String(); strings.Contains(page, `name="checked"`) {
		t.Error("a store-now form after a check with problems")
	}
}

// The request import is a table import like the products': "check only"
// keeps the file, one click stores it, and the API answers the same shape
// with the requests' ids.
func TestCheckedRequestImport(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	csv := w.requestCSV(t)
	count := func() int {
		page, err := db.ListRequests(sysCtx, store.RequestFilter{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, q := range page.Items {
			if q.Title == "Keripik untuk rapat" {
				n++
			}
		}
		return n
	}
	body, ct := multipartForm(url.Values{"dry_run": {"1"}}, "file", "permintaan.csv", []byte(csv))
	page := w.must(t, "buyer", "POST", "/requests/import?lang=en", body, ct, 200).Body.String()
	m := regexp.MustCompile(`name="checked" value="([0-9a-f]{32})"`).FindStringSubmatch(page)
	if m == nil || count() != 0 || !strings.Contains(page, "Rows checked: 1, all correct.") || !strings.Contains(page, "Kode Wilayah Pengiriman") {
		t.Fatalf("the request check: no store-now form, no hint of the columns, or stored already (%d)", count())
	}
	rec := w.do(t, "buyer", "POST", "/requests/import?lang=en", "checked="+m[1], formType)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/requests" || count() != 1 {
		t.Errorf("store now: %d %q, %d stored", rec.Code, rec.Header().Get("Location"), count())
	}
	// The API: a dry run answers the columns read and no ids yet; a store, the ids.
	rec = w.do(t, "buyer", "POST", "/api/v1/requests/import?dry_run=1", csv, "text/csv")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"ids":[]`) || !strings.Contains(rec.Body.String(), `"quantity":"E (Jumlah)"`) {
		t.Errorf("API dry run: %d %s", rec.Code, rec.Body.String())
	}
	rec = w.do(t, "buyer", "POST", "/api/v1/requests/import", csv, "text/csv")
	if rec.Code != 201 || !regexp.MustCompile(`"ids":\[[1-9][0-9]*\]`).MatchString(rec.Body.String()) || count() != 2 {
		t.Errorf("API import: %d %s, %d stored", rec.Code, rec.Body.String(), count())
	}
	// The product import's answer has no ids.
	prod := fmt.Sprintf("ID Usaha,Nama Produk,Kode HS,Satuan\n%d,Lada Putih Muntok,090411,kg\n", w.lamsel.ID)
	if rec := w.do(t, "officer_lamsel", "POST", "/api/v1/products/import?dry_run=1", prod, "text/csv"); rec.Code != 200 || strings.Contains(rec.Body.String(), `"ids"`) {
		t.Errorf("products' dry run: %d %s", rec.Code, rec.Body.String())
	}
}

// A product list as offices fill it is read, each reading noted on the
// page, in the API (in the reader's language) and stored as read.
func TestProductImportNotes(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	csv := fmt.Sprintf("ID Usaha,Nama Produk,Kode HS,Satuan,Kapasitas per Bulan,Masa Simpan,Kemasan\n%d,Lada Putih Muntok,090411,,50 kg per hari,6 bulan,-\n", w.lamsel.ID)
	rec := w.do(t, "officer_lamsel", "POST", "/api/v1/products/import?dry_run=1&lang=en", csv, "text/csv")
	body := rec.Body.String()
	for _, want := range []string{`"meaning":"50 a day × 30 = 1,500 a month"`, `"meaning":"read as 180 days"`, `"meaning":"unit taken from beside the number: kg"`, `"meaning":"empty value: \"-\" read as unknown"`} {
		if rec.Code != 200 || !strings.Contains(body, want) {
			t.Errorf("API dry run lacks %s: %d %s", want, rec.Code, body)
		}
	}
	form, ct := multipartForm(url.Values{}, "file", "lada.csv", []byte(csv))
	w.must(t, "officer_lamsel", "POST", "/products/import", form, ct, http.StatusSeeOther)
	p, err := db.ListProducts(sysCtx, store.ProductFilter{EnterpriseID: w.lamsel.ID})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range p.Items {
		if it.NameID == "Lada Putih Muntok" {
			found = it.CapacityPerMonth == 1500 && it.ShelfLifeDays == 180 && it.Unit == "kg" && it.Packaging == ""
		}
	}
	if !found {
		t.Errorf("the product was not stored as read: %+v", p.Items)
	}
	// The page shows the notes of a check, under a fold.
	form, ct = multipartForm(url.Values{"dry_run": {"1"}}, "file", "lada2.csv", []byte(strings.Replace(csv, "Muntok", "Bangka", 1)))
	page := w.must(t, "officer_lamsel", "POST", "/products/import", form, ct, 200).Body.String()
	if !strings.Contains(page, "dibaca sebagai 180 hari") || !strings.Contains(page, "<details>") {
		t.Error("the check's page does not show how values were read")
	}
}
