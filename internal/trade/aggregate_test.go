package trade

import "testing"

func TestAggregator(t *testing.T) {
	a := NewAggregator("IDN")
	for _, f := range []Flow{
		{Year: 2023, Exporter: "IDN", Importer: "JPN", HS: "090111", Edition: HS17, ValueUSD: 100, QuantityTonnes: 20},
		{Year: 2023, Exporter: "VNM", Importer: "JPN", HS: "090111", Edition: HS17, ValueUSD: 300},
		{Year: 2023, Exporter: "BRA", Importer: "JPN", HS: "090121", Edition: HS17, ValueUSD: 50},
		// An importer's own total beats the sum of the partners listed.
		{Year: 2023, Importer: "BEL", HS: "090111", Edition: HS17, ValueUSD: 1000, Partners: 30},
		{Year: 2023, Exporter: "IDN", Importer: "BEL", HS: "090111", Edition: HS17, ValueUSD: 70},
		// Chapters and world totals feed no table.
		{Year: 2023, Exporter: "IDN", Importer: "", HS: "09", ValueUSD: 9},
		{Year: 2023, Exporter: "IDN", Importer: "JPN", HS: "0901", ValueUSD: 9},
		// An Indonesian export declaration: home exports only, and the figure
		// once declared (the importer's mirror records are not added).
		{Year: 2024, Exporter: "IDN", Importer: "USA", HS: "090111", Edition: HS17, ValueUSD: 500, ExporterReported: true},
		{Year: 2024, Exporter: "IDN", Importer: "DEU", HS: "090111", Edition: HS17, ValueUSD: 40},
		{Year: 2024, Exporter: "IDN", Importer: "DEU", HS: "090111", Edition: HS17, ValueUSD: 45, ExporterReported: true},
	} {
		a.Add(f)
	}
	a.AddGrowth(Flow{Year: 2023, Exporter: "BRA", Importer: "JPN", HS: "090121", Edition: HS17, ValueUSD: 50, GrowthPct: 4, GrowthYears: 8})
	tabs := a.Tables()
	if len(tabs) != 2 || tabs[0].Year != 2023 || a.Skipped != 2 {
		t.Fatalf("%d tables, %d skipped", len(tabs), a.Skipped)
	}
	y := tabs[0]
	imp := map[string]float64{}
	for _, r := range y.Imports {
		imp[r.HS+r.Importer] = r.ValueUSD
	}
	if imp["090111JPN"] != 400 || imp["090121JPN"] != 50 || imp["090111BEL"] != 1000 {
		t.Errorf("imports %v", imp)
	}
	tot := map[string]TotalRow{}
	for _, r := range y.Totals {
		tot[r.Country] = r
	}
	if tot["JPN"].ImportsAll != 450 || tot["JPN"].HomeExports != 100 || tot["BEL"].HomeExports != 70 || y.HomeReported {
		t.Errorf("totals %v", tot)
	}
	if len(y.GrowthFlows["090121"]) != 1 || len(y.Reporters) != 2 {
		t.Errorf("growth flows %v, reporters %v", y.GrowthFlows, y.Reporters)
	}
	z := tabs[1]
	home := map[string]float64{}
	for _, r := range z.Home {
		home[r.Importer] = r.ValueUSD
	}
	if !z.HomeReported || home["USA"] != 500 || home["DEU"] != 45 || len(z.Reporters) != 1 {
		t.Errorf("declared exports: %v, reporters %v", home, z.Reporters)
	}
}
