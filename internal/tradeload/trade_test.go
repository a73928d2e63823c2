package tradeload_test

import (
	"context"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
	"github.com/siapekspor/siapekspor/internal/tradeload"
)

// baci2023 is a small BACI year (HS 2017, thousand dollars) with seaweed
// (121221) sold to Germany (276), which the shipped 2024 files lack as an
// importer, and to Australia (36) and Japan (392). Lines 6–8 are wrong: an
// unknown country, a code that is not in HS 2017, a value that is not a
// number.
const baci2023 = "t,i,j,k,v,q\n" +
	"2023,360,276,121221,1200,300\n" + // 2: Indonesia → Germany, US$ 1.2 million
	"2023,156,276,121221,4800,900\n" + // 3: China → Germany
	"2023,360,36,121221,300,50\n" + // 4: Indonesia → Australia
	"2023,360,392,121221,2500,400\n" + // 5: Indonesia → Japan
	"2023,999,392,121221,10,1\n" + // 6: no country 999
	"2023,360,392,999999,10,1\n" + // 7: no such product
	"2023,360,36,121221,lots,1\n" // 8: not a number

func loadTrade(t *testing.T, db *store.DB, file string, accept, dry bool) (*tradeload.TradeReport, error) {
	t.Helper()
	return tradeload.LoadTrade(sysCtx, db, tradeload.TradeRequest{File: strings.NewReader(file), FileName: "BACI_HS17_Y2023_V202501.csv",
		Format: "baci", AcceptProblems: accept, DryRun: dry})
}

func germany(t *testing.T, db *store.DB) market.Result {
	t.Helper()
	r, err := db.Ranking(sysCtx, store.RankRequest{HS: "121221"})
	if err != nil {
		t.Fatal(err)
	}
	for _, list := range [][]market.Result{r.Results, r.Unscored} {
		for _, x := range list {
			if x.Country == "DEU" {
				return x
			}
		}
	}
	t.Fatal("Germany is not in the ranking at all")
	return market.Result{}
}

// TestLoadTradeRefusesThenAccepts: a file with bad rows loads nothing and
// names every bad row by line; accepted, its good rows load and Germany,
// unknown in the shipped data, gets a score; loading the year again
// replaces it rather than adding to it; a file in the wrong shape never
// loads.
func TestLoadTradeRefusesThenAccepts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if g := germany(t, db); g.Scored {
			t.Fatalf("Germany is scored on the shipped data: %+v", g)
		}
		rep, err := loadTrade(t, db, baci2023, false, false)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.Refused || rep.Loaded || len(rep.Problems) != 3 {
			t.Fatalf("report: refused %v loaded %v problems %+v", rep.Refused, rep.Loaded, rep.Problems)
		}
		for i, line := range []int{6, 7, 8} {
			if p := rep.Problems[i]; p.Line != line || !strings.Contains(p.Where(), "BACI_HS17_Y2023_V202501.csv:") {
				t.Errorf("problem %d at %q line %d, want line %d", i, p.Where(), p.Line, line)
			}
		}
		loads, _ := db.TradeLoads(sysCtx)
		if len(loads) != 1 {
			t.Fatalf("a refused file left %d loads", len(loads))
		}

		// The same file, its problems accepted: the good rows load.
		for round := 0; round < 2; round++ {
			rep, err = loadTrade(t, db, baci2023, true, false)
			if err != nil || !rep.Loaded || len(rep.Years) != 1 || rep.Years[0].Year != 2023 {
				t.Fatalf("accepted load %d: %+v %v", round, rep, err)
			}
			loads, _ = db.TradeLoads(sysCtx)
			if len(loads) != 2 {
				t.Fatalf("round %d: %d loads, want the shipped one and 2023", round, len(loads))
			}
		}
		var y2023 store.TradeLoad
		for _, l := range loads {
			if l.Year == 2023 {
				y2023 = l
			}
		}
		// Imports by importer × HS6 (headings and chapters are summed from them
		// when asked): Germany, Australia and Japan; Indonesia sells to all three.
		if y2023.Dataset != store.DatasetBACI || y2023.Problems != 3 || y2023.Imports != 3 || y2023.Home != 3 || y2023.RowsRead != 4 {
			t.Errorf("2023 load: %+v", y2023)
		}
		g := germany(t, db)
		var demand market.Factor
		for _, f := range g.Factors {
			if f.ID == market.FactorDemandSize {
				demand = f
			}
		}
		if !g.Scored || !demand.Available || demand.Year != 2023 || demand.Raw != 6_000_000 {
			t.Errorf("Germany after the 2023 load: scored %v, demand %+v", g.Scored, demand)
		}

		// A file that is not BACI is refused before a row is read.
		if _, err := loadTrade(t, db, "year,reporter,partner\n2023,IDN,JPN\n", true, false); err == nil {
			t.Error("a file in the wrong format loaded")
		} else if de, ok := siapekspor.AsError(err); !ok || de.Code != siapekspor.EInvalid {
			t.Errorf("wrong format: %v", err)
		}
		if loads, _ = db.TradeLoads(sysCtx); len(loads) != 2 {
			t.Errorf("%d loads after a wrong file", len(loads))
		}
	})
}

// TestComtradeReplacesOnlyItsReporters: a Comtrade extract of Australia's
// 2024 imports replaces Australia's rows of 2024 and nobody else's.
func TestComtradeReplacesOnlyItsReporters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		demand := func(country string) float64 {
			t.Helper()
			r, err := db.Ranking(sysCtx, store.RankRequest{HS: "121221"})
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range r.Results {
				if x.Country == country {
					for _, f := range x.Factors {
						if f.ID == market.FactorDemandSize {
							return f.Raw
						}
					}
				}
			}
			t.Fatalf("%s not ranked", country)
			return 0
		}
		japan := demand("JPN")
		extract := "Classification\tYear\tPeriod\tTrade Flow Code\tTrade Flow\tReporter Code\tReporter\tReporter ISO\tPartner Code\tPartner\tPartner ISO\tCommodity Code\tNetweight (kg)\tTrade Value (US$)\n" +
			"H5\t2024\t2024\t1\tImport\t36\tAustralia\tAUS\t0\tWorld\tWLD\t121221\t\t31000000\n" +
			"H5\t2024\t2024\t1\tImport\t36\tAustralia\tAUS\t360\tIndonesia\tIDN\t121221\t\t900000\n"
		rep, err := tradeload.LoadTrade(sysCtx, db, tradeload.TradeRequest{File: strings.NewReader(extract), FileName: "comtrade-aus.tsv", Format: "comtrade"})
		if err != nil || !rep.Loaded {
			t.Fatalf("%+v %v", rep, err)
		}
		if got := demand("AUS"); got != 31_000_000 {
			t.Errorf("Australia's imports after the extract: %v", got)
		}
		if got := demand("JPN"); got != japan {
			t.Errorf("Japan's imports changed: %v → %v", japan, got)
		}
	})
}

var sysCtx = siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
