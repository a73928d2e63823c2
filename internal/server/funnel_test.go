package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestFunnelAndTargetsOverHTTP: the dashboard, its API and the targets,
// scoped by role (a regency officer sees its regency), every number linked
// to the registry list with the same filters, and bad targets refused with
// a message naming the field, nothing stored.
func TestFunnelAndTargetsOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		newEnterprise(t, db, "Kopi Lamsel Dua", "18.01")
		// The Lampung Selatan enterprise has exported (set by hand).
		e, err := db.Enterprise(sysCtx, w.lamsel.ID)
		if err != nil {
			t.Fatal(err)
		}
		e.ExportStatus = siapekspor.ExportFirst
		if err := db.UpdateEnterprise(sysCtx, e); err != nil {
			t.Fatal(err)
		}
		funnelOf := func(role, query string) store.FunnelReport {
			t.Helper()
			rec := w.do(t, role, "GET", "/api/v1/funnel"+query, "", "")
			if rec.Code != http.StatusOK {
				t.Fatalf("%s: %d %s", role, rec.Code, rec.Body.String())
			}
			var rep store.FunnelReport
			if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
				t.Fatal(err)
			}
			return rep
		}
		all := funnelOf("admin", "")
		lamsel := funnelOf("officer_lamsel", "")
		metro := funnelOf("officer_metro", "")
		if all.Total[0].Reached < 2 || lamsel.Total[0].Reached >= all.Total[0].Reached || metro.Total[0].Reached >= all.Total[0].Reached {
			t.Fatalf("registered: admin %d, Lampung Selatan %d, Metro %d", all.Total[0].Reached, lamsel.Total[0].Reached, metro.Total[0].Reached)
		}
		if lamsel.Total[7].Reached != 1 || metro.Total[7].Reached != 0 || all.Total[7].Reached != 1 {
			t.Fatalf("first exports: admin %d, Lampung Selatan %d, Metro %d", all.Total[7].Reached, lamsel.Total[7].Reached, metro.Total[7].Reached)
		}
		byRegency := funnelOf("officer_metro", "?by=regency")
		for _, g := range byRegency.Groups {
			if g.Key != "18.72" {
				t.Errorf("the Metro officer sees regency %s", g.Key)
			}
		}
		if rec := w.do(t, "admin", "GET", "/api/v1/funnel?by=colour", "", ""); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"by"`) {
			t.Errorf("a bad breakdown: %d %s", rec.Code, rec.Body.String())
		}

		// The page: every number links to the list with its filters; the
		// list behind "first export" is the officer's exporter.
		rec := w.do(t, "officer_lamsel", "GET", "/funnel?kind=ikm&by=sector", "", "")
		if rec.Code != http.StatusOK {
			t.Fatalf("page: %d", rec.Code)
		}
		page := rec.Body.String()
		for _, want := range []string{`href="/enterprises?kind=ikm&amp;stage=first_export"`, `href="/enterprises?kind=ikm"`, "Ekspor pertama"} {
			if !strings.Contains(page, want) {
				t.Errorf("the page lacks %s", want)
			}
		}
		rec = w.do(t, "officer_lamsel", "GET", "/enterprises?stage=first_export", "", "")
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), w.lamsel.Name) {
			t.Errorf("the drill-down: %d", rec.Code)
		}
		rec = w.do(t, "officer_metro", "GET", "/api/v1/enterprises?stage=first_export", "", "")
		var list siapekspor.EnterprisePage
		json.Unmarshal(rec.Body.Bytes(), &list)
		if len(list.Items) != 0 {
			t.Errorf("the Metro officer's exporters: %+v", list.Items)
		}

		// Bad targets: refused with the field named, nothing stored.
		for _, c := range []struct{ body, field, words string }{
			{`{"region_code":"18.01","year":2030,"population":"ikm","percent":130}`, "percent", "melebihi 100%"},
			{`{"region_code":"31.71","year":2030,"population":"ikm","percent":30}`, "region_code", "di luar provinsi"},
		} {
			rec := w.do(t, "admin", "POST", "/api/v1/targets", c.body, "application/json")
			if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"`+c.field+`"`) {
				t.Errorf("%s: %d %s", c.body, rec.Code, rec.Body.String())
			}
			// The page's form says it in Indonesian, the field named.
			form := url.Values{"region_code": {"18.01"}, "year": {"2030"}, "population": {"ikm"}, "percent": {"130"}, "denominator": {"registry"}}
			if c.field == "region_code" {
				form.Set("region_code", "31.71")
				form.Set("percent", "30")
			}
			rec = w.do(t, "admin", "POST", "/funnel/targets", form.Encode(), "application/x-www-form-urlencoded")
			if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), c.words) {
				t.Errorf("the form with %s: %d", c.field, rec.Code)
			}
		}
		if rec := w.do(t, "officer_prov", "POST", "/api/v1/targets", `{"region_code":"18.01","year":2030,"percent":30}`, "application/json"); !denied(rec) {
			t.Errorf("an officer set a target: %d", rec.Code)
		}
		rec = w.do(t, "admin", "GET", "/api/v1/targets/history", "", "")
		if !strings.Contains(rec.Body.String(), `"items":[]`) {
			t.Fatalf("a refused target was stored: %s", rec.Body.String())
		}
		// A good one: the Lampung Selatan officer sees it with its gap, the
		// Metro officer does not.
		rec = w.do(t, "admin", "POST", "/api/v1/targets", `{"region_code":"18.01","year":2030,"population":"all","percent":100}`, "application/json")
		if rec.Code != http.StatusCreated {
			t.Fatalf("target: %d %s", rec.Code, rec.Body.String())
		}
		var got struct{ Items []store.TargetProgress }
		json.Unmarshal(w.do(t, "officer_lamsel", "GET", "/api/v1/targets", "", "").Body.Bytes(), &got)
		if len(got.Items) != 1 || got.Items[0].Exporters != 1 || got.Items[0].Gap != got.Items[0].Goal-1 {
			t.Fatalf("the Lampung Selatan officer's targets: %+v", got.Items)
		}
		json.Unmarshal(w.do(t, "officer_metro", "GET", "/api/v1/targets", "", "").Body.Bytes(), &got)
		if len(got.Items) != 0 {
			t.Fatalf("the Metro officer sees another regency's target: %+v", got.Items)
		}
		rec = w.do(t, "officer_lamsel", "GET", "/funnel", "", "")
		if !strings.Contains(rec.Body.String(), "1 usaha (semua jenis) lagi harus mengekspor untuk mencapai 100% di Kabupaten Lampung Selatan pada 2030") {
			i := strings.Index(rec.Body.String(), "h-targets")
			t.Errorf("the dashboard does not say the gap: %.600s", rec.Body.String()[max(i, 0):])
		}
		if rec := w.do(t, "officer_lamsel", "GET", "/funnel/targets", "", ""); rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `action="/funnel/targets"`) {
			t.Errorf("the targets page for an officer: %d (the form is the admins')", rec.Code)
		}
	})
}
