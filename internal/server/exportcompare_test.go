package server_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
	"github.com/siapekspor/siapekspor/internal/tradeload"
)

// Exports seen two ways over HTTP: the page, its downloads and the API
// agree; bad input is a 422 naming the field in Indonesian (English with
// ?lang=en); a regency officer's comparison holds its own records only;
// every records figure links to the list that shows exactly them.
func TestExportComparisonOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		newExport(t, db, w.metro.ID) // lamsel has one from newWorld; metro one now
		table, err := os.ReadFile("../demo/data/bps-lampung-2023-2024-sintetis.csv")
		if err != nil {
			t.Fatal(err)
		}
		if rep, err := tradeload.ImportExportStats(sysCtx, db, bytes.NewReader(table), int64(len(table)), "bps-lampung-2023-2024-sintetis.csv", "18", false); err != nil || !rep.OK() {
			t.Fatalf("loading the table: %v", err)
		}
		month := time.Now().UTC().AddDate(0, -1, 0).Format("2006-01")
		q := "?month_from=" + month + "&month_to=" + month

		// The API: both records for the province's officer, one for Metro's.
		for role, want := range map[string]int{"officer_prov": 2, "officer_metro": 1, "admin": 2} {
			rec := w.must(t, role, "GET", "/api/v1/exports/compare"+q, "", "", 200)
			var c struct {
				Months []struct {
					Key          string
					RecordsQuery string `json:"records_query"`
					Records      int
					HasBPS       bool `json:"has_bps"`
				}
				Total struct{ Records int }
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &c); err != nil {
				t.Fatal(err)
			}
			if len(c.Months) != 1 || c.Total.Records != want || c.Months[0].HasBPS {
				t.Errorf("%s: %s", role, firstLine(rec.Body.String()))
				continue
			}
			// The drill-down lists the same records.
			list := w.must(t, role, "GET", "/api/v1/exports?"+c.Months[0].RecordsQuery, "", "", 200)
			var page struct{ Total int }
			json.Unmarshal(list.Body.Bytes(), &page)
			if page.Total != want {
				t.Errorf("%s: the drill-down %q lists %d, want %d", role, c.Months[0].RecordsQuery, page.Total, want)
			}
		}

		// The page: the demo's year by default (the table's last, 2024),
		// with BPS's figures and the notes on what each counts.
		page := w.must(t, "officer_prov", "GET", "/exports/compare", "", "", 200).Body.String()
		for _, s := range []string{"BPS (US$ FOB)", "Catatan (US$)", "Apa yang dihitung", "Des 2024", "sintetis"} {
			if !strings.Contains(page, s) {
				t.Errorf("the page lacks %q", s)
			}
		}
		page = w.must(t, "officer_metro", "GET", "/exports/compare"+q, "", "", 200).Body.String()
		if !strings.Contains(page, `href="/exports?month_from=`+month) || !strings.Contains(page, "wilayah/binaan Anda") {
			t.Errorf("Metro's officer: no drill-down link or no scope note")
		}
		csv := w.must(t, "officer_prov", "GET", "/exports/compare.csv"+q, "", "", 200).Body.String()
		if !strings.Contains(csv, "Nilai BPS (US$, FOB)") || !strings.Contains(csv, "bulan,"+month) {
			t.Errorf("the CSV: %s", firstLine(csv))
		}
		w.must(t, "officer_prov", "GET", "/exports/compare.xlsx"+q, "", "", 200)

		// Bad input: 422, the field named, nothing compared.
		for _, tt := range []struct{ query, field, words string }{
			{"?month_from=2026-13", "month_from", "2026-13"},
			{"?month_from=2024-05&month_to=2024-02", "month_to", "lebih awal"},
			{"?destination=ZZZ", "destination", "ZZZ"},
			{"?hs=77", "hs", "77"},
			{"?regency=31.71", "regency", "31.71"},
			{"?load=999", "load", "999"},
		} {
			rec := w.do(t, "officer_prov", "GET", "/api/v1/exports/compare"+tt.query, "", "")
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
				t.Errorf("API %s: %d %s", tt.query, rec.Code, firstLine(rec.Body.String()))
			}
			rec = w.do(t, "officer_prov", "GET", "/exports/compare"+tt.query, "", "")
			if rec.Code != 422 || !strings.Contains(rec.Body.String(), tt.words) {
				t.Errorf("page %s: %d", tt.query, rec.Code)
			}
			if rec := w.do(t, "officer_prov", "GET", "/exports/compare.csv"+tt.query, "", ""); rec.Code != 422 {
				t.Errorf("download %s: %d", tt.query, rec.Code)
			}
		}
		if en := w.do(t, "officer_prov", "GET", "/exports/compare?month_from=2026-13&lang=en", "", "").Body.String(); !strings.Contains(en, "is not a month") {
			t.Error("no English message")
		}
	})
}
