package server_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// Export records through the API and the pages: bad input refused naming
// the field with nothing stored, the enterprise's status following the
// records, the scans, the import's all-or-nothing report, the scope.
func TestExportRecordsOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		ent := w.metro.ID
		count := func() int {
			page, err := db.ListExportRecords(sysCtx, store.ExportFilter{EnterpriseID: ent})
			if err != nil {
				t.Fatal(err)
			}
			return page.Total
		}
		day := time.Now().UTC().AddDate(0, -2, 0).Format("2006-01-02")
		good := map[string]any{"enterprise_id": ent, "hs_code": "580500", "destination": "NLD", "export_date": day,
			"value_usd_cents": 500_000, "exchange_rate": 16_000}
		with := func(k string, v any) string {
			m := map[string]any{}
			for a, b := range good {
				m[a] = b
			}
			if v == nil {
				delete(m, k)
			} else {
				m[k] = v
			}
			return toJSON(m)
		}
		w.must(t, "officer_metro", "POST", "/api/v1/exports", with("peb_number", "000777/KPU"), jsonType, 201)
		if e, _ := db.Enterprise(sysCtx, ent); e.ExportStatus != siapekspor.ExportFirst {
			t.Errorf("after the first record over the API: %s", e.ExportStatus)
		}
		for _, tt := range []struct {
			name, body, field, words string
		}{
			{"no destination", with("destination", nil), "destination", "Wajib"},
			{"a PEB number already recorded", with("peb_number", "000777/kpu"), "peb_number", "000777/KPU"},
			{"a value without a currency basis", with("exchange_rate", nil), "exchange_rate", "kurs"},
			{"a date in the future", with("export_date", time.Now().AddDate(0, 0, 4).Format("2006-01-02")), "export_date", "masa depan"},
			{"an unknown HS code", with("hs_code", "999999"), "hs_code", ""},
			{"an unknown country", with("destination", "ZZZ"), "destination", "ZZZ"},
		} {
			rec := w.do(t, "officer_metro", "POST", "/api/v1/exports", tt.body, jsonType)
			var out struct {
				Error struct {
					Fields []struct{ Field, Message string }
				}
			}
			json.Unmarshal(rec.Body.Bytes(), &out)
			named := false
			for _, f := range out.Error.Fields {
				named = named || f.Field == tt.field && strings.Contains(f.Message, tt.words)
			}
			if rec.Code != 422 || !named {
				t.Errorf("%s: %d %s", tt.name, rec.Code, firstLine(rec.Body.String()))
			}
		}
		if n := count(); n != 1 {
			t.Fatalf("refused records were stored: %d", n)
		}
		// The form: the same refusal beside the field, what was typed kept.
		form := url.Values{"enterprise_id": {fmt.Sprint(ent)}, "hs_code": {"580500"}, "destination": {""}, "export_date": {day},
			"value_usd": {"1.250,50"}, "exchange_rate": {"16.000"}}
		rec := w.do(t, "officer_metro", "POST", "/exports", form.Encode(), formType)
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), `href="#f-destination"`) || !strings.Contains(rec.Body.String(), "1250.5") {
			t.Errorf("the form without a destination: %d %s", rec.Code, firstLine(rec.Body.String()))
		}
		// With scans: the record and both files.
		form.Set("destination", "JPN")
		form.Set("peb_number", "000778")
		body, ctype := multipartForm(form, "invoice_scan", "invoice.pdf", scanPDF)
		rec = w.do(t, "officer_metro", "POST", "/exports", body, ctype)
		if rec.Code != 303 {
			t.Fatalf("saving with a scan: %d %s", rec.Code, firstLine(rec.Body.String()))
		}
		var id int64
		fmt.Sscanf(rec.Header().Get("Location"), "/exports/%d", &id)
		x, err := db.ExportRecord(sysCtx, id)
		if err != nil || x.InvoiceScan == "" || x.ValueUSDCents != 125_050 || x.ValueIDR != 20_008_000 || x.Source != siapekspor.SourceOfficer {
			t.Fatalf("the form's record: %+v %v", x, err)
		}
		if scan := w.do(t, "officer_metro", "GET", fmt.Sprintf("/exports/%d/scans/invoice", id), "", ""); scan.Code != 200 || scan.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("the scan: %d %q", scan.Code, scan.Header().Get("Cache-Control"))
		}
		if scan := w.do(t, "officer_lamsel", "GET", fmt.Sprintf("/exports/%d/scans/invoice", id), "", ""); scan.Code != 403 {
			t.Errorf("another regency's officer reads the scan: %d", scan.Code)
		}
		page := w.do(t, "officer_metro", "GET", fmt.Sprintf("/exports/%d", id), "", "")
		if page.Code != 200 || !strings.Contains(page.Body.String(), "Jepang (JPN)") || !strings.Contains(page.Body.String(), "Rp 20.008.000") {
			t.Errorf("the record's page: %d", page.Code)
		}
		// The enterprise's page and timeline show the records.
		if p := w.do(t, "officer_metro", "GET", fmt.Sprintf("/enterprises/%d", ent), "", ""); !strings.Contains(p.Body.String(), `id="exports"`) || !strings.Contains(p.Body.String(), fmt.Sprintf(`href="/exports/%d"`, id)) {
			t.Error("the enterprise page has no export section with the record")
		}
		if p := w.do(t, "admin", "GET", fmt.Sprintf("/enterprises/%d/timeline", ent), "", ""); !strings.Contains(p.Body.String(), fmt.Sprintf(`href="/exports/%d"`, id)) {
			t.Error("the timeline does not show the record")
		}
		// The import: all or nothing, line-numbered, in the reader's language.
		csv := fmt.Sprintf("ID Usaha,Kode HS,Negara Tujuan,Tanggal Ekspor,Nomor PEB,Nilai (USD),Kurs\n"+
			"%[1]d,580500,Belanda,%[2]s,000779,1000,16000\n%[1]d,580500,Atlantis,%[2]s,,1000,16000\n"+
			"%[1]d,580500,Jepang,%[2]s,000777/kpu,1000,16000\n%[1]d,580500,Jepang,%[2]s,000780,1000,\n", ent, day)
		rec = w.do(t, "officer_metro", "POST", "/api/v1/exports/import?name=ekspor.csv", csv, "text/csv")
		var rep struct {
			Imported int
			Problems []struct {
				Line           int
				Field, Message string
			}
		}
		json.Unmarshal(rec.Body.Bytes(), &rep)
		lines := map[string]int{}
		for _, p := range rep.Problems {
			lines[p.Field] = p.Line
		}
		if rec.Code != 422 || rep.Imported != 0 || lines["destination"] != 3 || lines["peb_number"] != 4 || lines["exchange_rate"] != 5 {
			t.Errorf("a file with bad rows: %d %s", rec.Code, firstLine(rec.Body.String()))
		}
		if n := count(); n != 2 {
			t.Fatalf("a refused import stored records: %d", n)
		}
		csv = fmt.Sprintf("ID Usaha,Kode HS,Negara Tujuan,Tanggal Ekspor,Nilai (USD),Kurs\n%d,580500,Belanda,2024-03-01,1000,16000\n", ent)
		w.must(t, "officer_metro", "POST", "/api/v1/exports/import?name=ekspor.csv", csv, "text/csv", 201)
		if e, _ := db.Enterprise(sysCtx, ent); e.ExportStatus != siapekspor.ExportRegular {
			t.Errorf("records in two years: %s", e.ExportStatus)
		}
		// Lists, filters and downloads, within scope.
		var list store.ExportPage
		json.Unmarshal(w.must(t, "officer_metro", "GET", "/api/v1/exports?year=2024", "", "", 200).Body.Bytes(), &list)
		if list.Total != 1 {
			t.Errorf("the 2024 records: %d", list.Total)
		}
		json.Unmarshal(w.must(t, "officer_lamsel", "GET", "/api/v1/exports", "", "", 200).Body.Bytes(), &list)
		for _, it := range list.Items {
			if it.EnterpriseID == ent {
				t.Error("Lampung Selatan's officer lists Metro's records")
			}
		}
		if csv := w.must(t, "officer_metro", "GET", "/exports/export.csv?destination=NLD", "", "", 200).Body.String(); !strings.Contains(csv, "Nomor PEB") || strings.Count(csv, "\n") != 3 {
			t.Errorf("the CSV download: %q", csv)
		}
		// Deleting through the confirmation page recomputes the status.
		if ask := w.do(t, "officer_metro", "POST", fmt.Sprintf("/exports/%d/delete", id), "", formType); ask.Code != 303 || ask.Header().Get("Location") != fmt.Sprintf("/exports/%d/delete", id) {
			t.Errorf("delete without confirmation: %d %s", ask.Code, ask.Header().Get("Location"))
		}
		if ask := w.do(t, "officer_metro", "GET", fmt.Sprintf("/exports/%d/delete", id), "", ""); ask.Code != 200 || !strings.Contains(ask.Body.String(), "000778") {
			t.Errorf("the confirmation page: %d", ask.Code)
		}
		w.must(t, "officer_metro", "POST", fmt.Sprintf("/exports/%d/delete", id), "confirm=yes", formType, 303)
		if _, err := db.ExportRecord(sysCtx, id); siapekspor.ErrorCodeOf(err) != siapekspor.ENotFound {
			t.Errorf("after delete: %v", err)
		}
		// An owner's record is its own report, whatever source it names.
		rec = w.must(t, "owner", "POST", "/api/v1/exports", toJSON(map[string]any{"enterprise_id": w.lamsel.ID, "hs_code": "090121", "destination": "JPN",
			"export_date": day, "value_usd_cents": 100_000, "value_idr": 1_600_000_000 / 1000, "source": "officer"}), jsonType, 201)
		var own siapekspor.ExportRecord
		json.Unmarshal(rec.Body.Bytes(), &own)
		if own.Source != siapekspor.SourceEnterprise || own.RateIDR != 1600 {
			t.Errorf("the owner's record: %s %v", own.Source, own.RateIDR)
		}
	})
}
