package web

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"net/http/httptest"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/exportstats"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
)

// fillStatisticsFromRows is the page's figures as they were computed from
// every row on each view before the figures were stored with the table.
func fillStatisticsFromRows(d *statisticsData, p *Page, rows []exportstats.Row) {
	lang := string(p.Lang)
	from, to, ok := exportstats.Span(rows)
	if !ok {
		return
	}
	d.Series = exportstats.MonthlyTotal(rows)
	series := []exportstats.Series{exportstats.TotalSeries(d.Series, p.P.T("exportstats.all_exports"))}
	d.Monthly = exportstats.MonthlyChart(series, from, to, lang)
	month := exportstats.MonthPeriod(to.Year, to.Month)
	d.Month = exportstats.TopCommodities(rows, month, 10)
	d.Year = exportstats.TopCommodities(rows, exportstats.YearToDate(to.Year, to.Month), 10)
	rest := p.P.T("exportstats.rest")
	overTime := func(series []exportstats.Series) exportstats.Chart {
		c := exportstats.MonthlyChart(exportstats.TopSeries(series, 5, rest), from, to, lang)
		c.Type, c.Stacked = "bar", true
		return c
	}
	if d.Load.HasCommodity {
		d.Commodity = exportstats.RankingChart(d.Year, "bar", rest, lang)
		d.CommodityTime = overTime(exportstats.MonthlyByCommodity(rows))
	}
	if d.Load.HasDestination {
		d.DestYear = exportstats.TopDestinations(rows, exportstats.YearToDate(to.Year, to.Month), 10)
		d.DestYear.NameCountries(lang)
		d.Dest = exportstats.RankingChart(d.DestYear, "bar", rest, lang)
		byDest := exportstats.MonthlyByDestination(rows)
		for i := range byDest {
			if name := exportstats.CountryName(byDest[i].Key, lang); name != byDest[i].Key {
				byDest[i].Name = name
			}
		}
		d.DestTime = overTime(byDest)
	}
	province := d.Load.ProvinceCode
	if reg, ok := refdata.DefaultRegionIndex().ByCode(province); ok {
		province = reg.Name
	}
	millions := p.P.Dec(math.Round(d.Month.TotalUSD/1e4) / 100)
	switch {
	case d.Month.ChangeOK && d.Month.Change >= 0:
		d.Headline = p.P.T("exportstats.headline.up", province, month.Label(lang), millions, p.P.Dec(math.Round(d.Month.Change*1000)/10), d.Month.Previous.Label(lang))
	case d.Month.ChangeOK:
		d.Headline = p.P.T("exportstats.headline.down", province, month.Label(lang), millions, p.P.Dec(math.Round(-d.Month.Change*1000)/10), d.Month.Previous.Label(lang))
	default:
		d.Headline = p.P.T("exportstats.headline.no_previous", province, month.Label(lang), millions)
	}
}

// handMadeStatRows is a table by commodity and destination with what the
// figures must keep apart: commodities named without a code and in two
// spellings, "Lainnya" rows for both, more than five of each, a figure of
// a whole year, months missing, a year before only in part, a destination
// the table names its own way.
func handMadeStatRows() []exportstats.Row {
	var rows []exportstats.Row
	add := func(y, m int, hs, name string, otherC bool, dest, destName string, otherD bool, v, w float64) {
		rows = append(rows, exportstats.Row{ProvinceCode: "18", Year: y, Month: m, HSCode: hs, Commodity: name, OtherCommodity: otherC,
			Destination: dest, DestinationName: destName, OtherDestination: otherD, ValueUSD: v, WeightKG: w, HasValue: true, HasWeight: w != 0})
	}
	dests := []struct{ iso, name string }{{"USA", "Amerika Serikat"}, {"CHN", "Tiongkok"}, {"JPN", ""}, {"IND", "India"}, {"NLD", "Belanda"}, {"SGP", "Singapura"}, {"MYS", ""}}
	comms := []struct{ hs, name string }{{"0901", "Kopi"}, {"15", "Lemak & minyak <nabati>"}, {"", "kopi bubuk"}, {"", "KOPI BUBUK"}, {"0306", "Udang"}, {"09", ""}, {"2101", "Ekstrak kopi"}}
	for y := 2023; y <= 2024; y++ {
		for m := 1; m <= 12; m++ {
			if y == 2023 && m < 4 || y == 2024 && m > 8 || m == 6 && y == 2024 {
				continue
			}
			for i, c := range comms {
				for j, d := range dests {
					v := float64((i+1)*1000+(j+1)*37+m*11+(y-2023)*500) + 0.01*float64(i+j)
					add(y, m, c.hs, c.name, false, d.iso, d.name, false, v, v*1.7)
				}
			}
			add(y, m, "", "Lainnya", true, "", "Lainnya", true, 123.45*float64(m), 0)
			add(y, m, "0901", "Kopi", false, "", "Negara lainnya", true, 99.9, 10)
		}
	}
	add(2022, 0, "0901", "Kopi", false, "USA", "Amerika Serikat", false, 50000, 0)
	return rows
}

// TestStatisticsFromStoredFiguresAsFromRows checks that the page made from
// the stored figures (through their stored form) is the page made from every row
// before, for the demo's table, the wide sample by destination and a
// hand-made table, in both languages: the same data and the same HTML.
func TestStatisticsFromStoredFiguresAsFromRows(t *testing.T) {
	ctx := context.Background()
	tables := map[string]struct {
		rows            []exportstats.Row
		commodity, dest bool
	}{"hand-made": {handMadeStatRows(), true, true}}
	for name, file := range map[string]string{"demo": "../demo/data/bps-lampung-2023-2024-sintetis.csv",
		"wide": "../exportstats/testdata/bps-lampung-negara-tujuan-2024-sintetis.csv"} {
		rep, err := exportstats.ReadFile(ctx, file, exportstats.Options{Province: "18"})
		if err != nil || !rep.OK() || len(rep.Rows) == 0 {
			t.Fatalf("%s: %v %+v", name, err, rep)
		}
		tables[name] = struct {
			rows            []exportstats.Row
			commodity, dest bool
		}{rep.Rows, rep.HasCommodity, rep.HasDestination}
	}
	r := testRenderer(t)
	for name, tb := range tables {
		f, ok := exportstats.PageFigures(tb.rows, tb.commodity, tb.dest)
		if !ok {
			t.Fatalf("%s: no figures", name)
		}
		body := exportstats.EncodeFigures(f)
		for _, l := range i18n.Langs {
			load := &store.StatLoad{ID: 1, ProvinceCode: "18", HasCommodity: tb.commodity, HasDestination: tb.dest, Rows: len(tb.rows)}
			page := func() *Page {
				return &Page{P: i18n.Printer{Lang: l}, Lang: l, Title: "t", Nav: "markets", Actor: siapekspor.Actor{Role: siapekspor.RoleOfficer}}
			}
			pOld, pNew := page(), page()
			old := statisticsData{Loads: []store.StatLoad{*load}, Load: load}
			fillStatisticsFromRows(&old, pOld, tb.rows)
			stored, err := exportstats.DecodeFigures(body)
			if err != nil {
				t.Fatal(err)
			}
			now := statisticsData{Loads: []store.StatLoad{*load}, Load: load}
			(&Handlers{}).fillStatistics(&now, pNew, &stored)
			// Printed, as the charts mark months without figures NaN.
			if o, n := fmt.Sprintf("%+v", old), fmt.Sprintf("%+v", now); o != n {
				t.Errorf("%s %s: the page's figures differ\nold %.2000s\nnew %.2000s", name, l, o, n)
				continue
			}
			pOld.Data, pNew.Data = old, now
			var html [2][]byte
			for i, p := range []*Page{pOld, pNew} {
				w := httptest.NewRecorder()
				r.Render(w, httptest.NewRequest("GET", "/markets/statistics", nil), 200, "statistics", p)
				html[i] = w.Body.Bytes()
			}
			if !bytes.Equal(html[0], html[1]) {
				t.Errorf("%s %s: the page's HTML differs", name, l)
			}
			if len(html[0]) < 5000 || !bytes.Contains(html[0], []byte("<table")) {
				t.Errorf("%s %s: a page without its tables (%d bytes)", name, l, len(html[0]))
			}
		}
	}
}
