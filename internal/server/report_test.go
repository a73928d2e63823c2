package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/report"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestMonthlyReportOverHTTP: the report's figures as JSON, the province's
// for a provincial reader and a regency office's own for its officer (the
// page says which region it covers), bad months refused naming "month".
func TestMonthlyReportOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		e, err := db.Enterprise(sysCtx, w.lamsel.ID)
		if err != nil {
			t.Fatal(err)
		}
		e.ExportStatus = siapekspor.ExportFirst
		if err := db.UpdateEnterprise(sysCtx, e); err != nil {
			t.Fatal(err)
		}
		for _, body := range []string{`{"region_code":"18","year":2030,"population":"all","percent":30}`, `{"region_code":"18.01","year":2030,"population":"all","percent":50}`} {
			if rec := w.do(t, "admin", "POST", "/api/v1/targets", body, "application/json"); rec.Code != http.StatusCreated {
				t.Fatalf("target: %d %s", rec.Code, rec.Body.String())
			}
		}
		month := db.Now().Format("2006-01")
		reportOf := func(role string) (report.Report, map[string]any) {
			t.Helper()
			rec := w.do(t, role, "GET", "/api/v1/reports/monthly?month="+month, "", "")
			if rec.Code != http.StatusOK {
				t.Fatalf("%s: %d %s", role, rec.Code, rec.Body.String())
			}
			var raw map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &raw); err != nil {
				t.Fatal(err)
			}
			var r report.Report
			r.Month = report.Month{} // "month" is written as text
			delete(raw, "month")
			b, _ := json.Marshal(raw)
			if err := json.Unmarshal(b, &r); err != nil {
				t.Fatal(err)
			}
			raw["month"] = month
			return r, raw
		}
		all, raw := reportOf("admin")
		for _, k := range []string{"funnel", "targets", "regions", "legend", "training_sessions", "validations", "export_records", "destinations", "expiring", "region_code", "as_of"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("the JSON lacks %q", k)
			}
		}
		lamsel, _ := reportOf("officer_lamsel")
		metro, _ := reportOf("officer_metro")
		if all.RegionCode != "18" || lamsel.RegionCode != "18.01" || metro.RegionCode != "18.72" || lamsel.RegionName == "" {
			t.Errorf("regions: %q %q %q (%q)", all.RegionCode, lamsel.RegionCode, metro.RegionCode, lamsel.RegionName)
		}
		if all.Funnel[0].Reached < 2 || lamsel.Funnel[0].Reached == 0 || lamsel.Funnel[0].Reached >= all.Funnel[0].Reached ||
			lamsel.Funnel[7].Reached != 1 || metro.Funnel[7].Reached != 0 || all.Funnel[7].Reached != 1 {
			t.Errorf("funnels: province %v, Lampung Selatan %v, Metro %v", all.Funnel, lamsel.Funnel, metro.Funnel)
		}
		if len(all.Targets) != 2 || len(lamsel.Targets) != 1 || lamsel.Targets[0].Target.RegionCode != "18.01" || len(metro.Targets) != 0 {
			t.Errorf("targets: province %d, Lampung Selatan %d, Metro %d", len(all.Targets), len(lamsel.Targets), len(metro.Targets))
		}
		for _, g := range lamsel.Regions {
			if g.Code != "18.01" && g.Registered != 0 {
				t.Errorf("the Lampung Selatan officer's map counts %s: %+v", g.Code, g)
			}
		}
		// The page and the PDF say what they cover.
		rec := w.do(t, "officer_lamsel", "GET", "/reports/monthly?month="+month, "", "")
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Mencakup "+lamsel.RegionName) {
			t.Errorf("the officer's page: %d", rec.Code)
		}
		if rec := w.do(t, "officer_lamsel", "GET", "/reports/monthly.pdf?month="+month, "", ""); rec.Code != http.StatusOK ||
			!strings.Contains(rec.Header().Get("Content-Disposition"), "laporan-bulanan-18.01-") {
			t.Errorf("the officer's PDF: %d %s", rec.Code, rec.Header().Get("Content-Disposition"))
		}
		// Bad months: 422 naming the field, in Indonesian (and English
		// for an English reader).
		for _, m := range []string{"2999-01", "2026-13", "nov", "1990-01"} {
			rec := w.do(t, "admin", "GET", "/api/v1/reports/monthly?month="+m, "", "")
			if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"month"`) {
				t.Errorf("%s: %d %s", m, rec.Code, rec.Body.String())
			}
		}
		if rec := w.do(t, "owner", "GET", "/api/v1/reports/monthly", "", ""); !denied(rec) {
			t.Errorf("an owner read the report: %d", rec.Code)
		}
	})
}
