package store_test

import (
	"slices"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
	"github.com/siapekspor/siapekspor/internal/trade"
)

// checkPacked: the packed rows the ranking reads hold exactly the rows of
// trade_imports and trade_home_exports (every entry counted; chapters 09
// and 12 compared value by value).
func checkPacked(t *testing.T, db *store.DB, when string) {
	t.Helper()
	got, n, err := db.PackedTradeForTest(ctx, "09", "13")
	if err != nil {
		t.Fatal(err)
	}
	want, m, err := db.TradeTablesForTest(ctx, "09", "13")
	if err != nil {
		t.Fatal(err)
	}
	if n != m || len(got) != len(want) {
		t.Fatalf("%s: %d packed entries for %d table rows (chapters 09–12: %d for %d)", when, n, m, len(got), len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("%s: %s is %q in the tables, %q packed", when, k, v, got[k])
		}
	}
}

// samePacking: the packed rows as they are equal, byte for byte, those
// packed again from the tables.
func samePacking(t *testing.T, db *store.DB, when string) {
	t.Helper()
	before, err := db.PackedRowsForTest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.RepackTradeForTest(ctx); err != nil {
		t.Fatal(err)
	}
	after, err := db.PackedRowsForTest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(before) != len(after) {
		t.Fatalf("%s: %d packed rows, %d packed from the tables", when, len(before), len(after))
	}
	for k, v := range after {
		if before[k] != v {
			t.Fatalf("%s: %s packed differently from the tables", when, k)
		}
	}
}

// TestPackedTradeFollowsTheTables: the packed rows are written with the
// shipped data, follow a Comtrade extract that replaces one reporter's
// rows, a load of another year, and are packed again at start-up when
// missing; the ranking read from them stays the ranking of the rows.
func TestPackedTradeFollowsTheTables(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		checkPacked(t, db, "shipped data")
		// A whole year's rows are packed from the load's own rows: the
		// same bytes as packed from the tables.
		samePacking(t, db, "shipped data")
		rank := func(hs string) *store.MarketRanking {
			t.Helper()
			r, err := db.Ranking(ctx, store.RankRequest{HS: hs})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		before := rank("0901")

		// A Comtrade extract: Australia's 2024 imports of 090111 only.
		extract := &trade.Tables{Year: 2024, Edition: trade.HS17, Reporters: []string{"AUS"},
			Imports: []trade.ImportRow{{HS: "090111", Importer: "AUS", ValueUSD: 31e6, Partners: 2}},
			Home:    []trade.HomeRow{{HS: "090111", Importer: "AUS", ValueUSD: 9e5}},
			Totals:  []trade.TotalRow{{Country: "AUS", ImportsAll: 3e11, HomeExports: 1e10}}}
		if _, err := db.ReplaceTrade(ctx, store.TradeLoad{Dataset: store.DatasetComtrade, FileName: "aus.csv"}, []*trade.Tables{extract}); err != nil {
			t.Fatal(err)
		}
		checkPacked(t, db, "after a Comtrade extract")
		after := rank("0901")
		for _, r := range after.Results {
			if r.Country == "AUS" && r.Factors[0].Raw != 31e6 {
				t.Errorf("Australia's coffee imports after the extract: %v", r.Factors[0].Raw)
			}
			if r.Country == "JPN" {
				for _, b := range before.Results {
					if b.Country == "JPN" && b.Factors[0].Raw != r.Factors[0].Raw {
						t.Errorf("Japan's coffee imports changed: %v → %v", b.Factors[0].Raw, r.Factors[0].Raw)
					}
				}
			}
		}

		// Another year, of a few rows.
		y2023 := &trade.Tables{Year: 2023, Edition: trade.HS17, Reporters: []string{"JPN", "DEU"},
			Imports: []trade.ImportRow{{HS: "090111", Importer: "JPN", ValueUSD: 1e9}, {HS: "121221", Importer: "DEU", ValueUSD: 2e6}},
			Home:    []trade.HomeRow{{HS: "090111", Importer: "JPN", ValueUSD: 1e8}},
			Totals:  []trade.TotalRow{{Country: "JPN", ImportsAll: 7e11, HomeExports: 2e10}, {Country: "DEU", ImportsAll: 1e12, HomeExports: 5e9}}}
		if _, err := db.ReplaceTrade(ctx, store.TradeLoad{Dataset: store.DatasetBACI, FileName: "baci-2023.csv"}, []*trade.Tables{y2023}); err != nil {
			t.Fatal(err)
		}
		checkPacked(t, db, "after a load of 2023")
		samePacking(t, db, "after a load of 2023")
		r := rank("090111")
		for _, x := range r.Results {
			if x.Country == "JPN" {
				if g := x.Factors[1]; g.ID != market.FactorDemandGrowth || !g.Available || g.Year != 2024 {
					t.Errorf("Japan's growth from 2023: %+v", g)
				}
			}
		}

		// A database from before the packed rows: packed again at start-up,
		// and the ranking is the same.
		want := rank("0901")
		if err := db.ExecForTest(ctx, `DELETE FROM trade_packed`); err != nil {
			t.Fatal(err)
		}
		if err := db.ExecForTest(ctx, `DELETE FROM settings WHERE key = 'trade_packed'`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.LoadReference(ctx); err != nil {
			t.Fatal(err)
		}
		checkPacked(t, db, "packed at start-up")
		got := rank("0901")
		if len(got.Results) != len(want.Results) {
			t.Fatalf("%d results, %d before", len(got.Results), len(want.Results))
		}
		for i := range got.Results {
			if got.Results[i].Country != want.Results[i].Country || got.Results[i].Score != want.Results[i].Score {
				t.Fatalf("rank %d: %s %v, before %s %v", i+1, got.Results[i].Country, got.Results[i].Score, want.Results[i].Country, want.Results[i].Score)
			}
		}
	})
}

// The ranking reads the weights with the trade data's stamp: each change
// of the setting is in the next ranking, one back to an earlier text too.
func TestRankingFollowsTheWeights(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := market.DefaultWeights()
		for i, set := range []float64{50, 0, 30, 50} {
			w.DemandSize = set
			if err := db.SetMarketWeights(ctx, w); err != nil {
				t.Fatal(err)
			}
			r, err := db.Ranking(ctx, store.RankRequest{HS: "121221"})
			if err != nil {
				t.Fatal(err)
			}
			if r.Weights != w {
				t.Errorf("change %d: the ranking's weights %+v, set %+v", i, r.Weights, w)
			}
			for _, f := range r.Factors {
				if f.ID == market.FactorDemandSize && f.Included != (set > 0) {
					t.Errorf("change %d: demand size included %v with weight %v", i, f.Included, set)
				}
			}
		}
	})
}

// The country page's figures for the province's codes (read through
// statements whose codes are padded to a power of two) are the country's
// rows of each code: 1, 8, 9 and 40 codes.
func TestCountryMarketReadsEachCodesRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := demo.Fill(ctx, db, "18", 300, 1); err != nil {
			t.Fatal(err)
		}
		codes := []string{"090111", "121221", "530500", "140490", "391510", "200899", "080131", "190590", "090611"}
		more, err := db.QueryForTest(ctx, `SELECT code FROM hs_codes WHERE LENGTH(code) = 6 AND code > '0301' ORDER BY code LIMIT 31`)
		if err != nil {
			t.Fatal(err)
		}
		for more.Next() {
			var c string
			more.Scan(&c)
			codes = append(codes, c)
		}
		more.Close()
		rows, err := db.QueryForTest(ctx, `SELECT id FROM enterprises ORDER BY id LIMIT 40`)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			ids = append(ids, id)
		}
		rows.Close()
		added := 0
		for _, n := range []int{1, 8, 9, 40} {
			for ; added < n; added++ {
				p := &siapekspor.Product{EnterpriseID: ids[added], NameID: "Produk uji " + codes[added], HSCode: codes[added], Unit: "kg"}
				if err := db.CreateProduct(ctx, p); err != nil {
					t.Fatalf("%s: %v", codes[added], err)
				}
			}
			for _, country := range []string{"AUS", "JPN"} {
				cm, err := db.CountryMarket(ctx, country)
				if err != nil {
					t.Fatal(err)
				}
				seen := 0
				for _, cp := range cm.Products {
					if !slices.Contains(codes[:n], cp.HS) {
						continue // the demo's own products
					}
					seen++
					// The code's rows in the data's edition (HS 2017).
					want := 0.0
					dataCodes, _ := market.DataCodes(cp.HS, trade.HS22, trade.HS17, func(string) bool { return true })
					for _, c := range dataCodes {
						var v float64
						if err := db.QueryRowForTest(ctx, `SELECT COALESCE(SUM(value_usd), 0) FROM trade_imports WHERE hs = $1 AND importer = $2 AND year = 2024`, c, country).Scan(&v); err != nil {
							t.Fatal(err)
						}
						want += v
					}
					if cp.ImportsUSD == nil || *cp.ImportsUSD != want {
						t.Errorf("%d codes: %s's imports of %s (%v) %v, its rows %v", n, country, cp.HS, dataCodes, cp.ImportsUSD, want)
					}
				}
				if seen != n {
					t.Errorf("%d codes: %d on %s's page", n, seen, country)
				}
			}
		}
	})
}
