package market

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/trade"
)

func f64(v float64) *float64 { return &v }

func yv(y int, v float64) trade.YearValue { return trade.YearValue{Year: y, Value: v} }

func series(points ...float64) Series {
	s := Series{Known: true}
	for i := 0; i+1 < len(points); i += 2 {
		s.Values = append(s.Values, trade.YearValue{Year: int(points[i]), Value: points[i+1]})
	}
	return s
}

// fixture: three destinations whose scores are worked out by hand below.
func fixture() Input {
	return Input{
		Product: "090111",
		Home:    HomeInput{Country: "IDN", Year: 2024, ExportsOfProduct: 100000, ExportsAll: 1e9, WorldOfProduct: 1320000, WorldAll: 1e12},
		Destinations: []DestinationInput{
			{Country: "AAA", Imports: series(2022, 1000000, 2024, 1210000), FromHome: series(2024, 100000), HomeTotal: f64(1e9), DistanceKm: 500, TariffPct: f64(0)},
			{Country: "BBB", Imports: series(2022, 100000, 2024, 100000), FromHome: series(2024, 0), HomeTotal: f64(1e6), DistanceKm: 2000, TariffPct: f64(10)},
			{Country: "CCC", Imports: series(2024, 10000), ImportsGrowth: &Growth{Pct: -10, Years: 8, Source: Message{Key: "market.source.bilateral_growth"}},
				FromHome: Series{Known: false}, HomeTotal: f64(1e3), DistanceKm: 5000, TariffPct: f64(25)},
		},
	}
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 0.01 {
		t.Errorf("%s = %.4f, want %.4f", what, got, want)
	}
}

// TestRankByHand checks the formula of docs/market-method.md on numbers a
// trainer can redo with a calculator (ln is the natural logarithm):
//
//	market size, log min–max: lo = 10,000 (CCC), hi = 1,210,000 (AAA)
//	  BBB = (ln 100,001 − ln 10,001) / (ln 1,210,001 − ln 10,001) = 2.3025 / 4.7957 = 48.01
//	growth, own figures: AAA 10 % (1.21 over 2 years), BBB 0 %, CCC −10 % (its source's figure)
//	  shrunk toward the world's: K = the median market's imports = 100,000 (BBB); the world
//	  figure = the import-weighted median = 10 % (AAA holds 1,210,000 of 1,320,000)
//	  AAA = (1,210,000 × 10 + 100,000 × 10) / 1,310,000 = 10
//	  BBB = (100,000 × 0 + 100,000 × 10) / 200,000 = 5
//	  CCC = (10,000 × −10 + 100,000 × 10) / 110,000 = 8.18 (a tiny market: its own figure counts 9 %)
//	  scored by rank, 100 × the share of the others growing slower: BBB 0, CCC 50, AAA 100
//	Indonesia's exports: lo = 0 (BBB), hi = 100,000 (AAA); CCC unknown
//	distance, 100 × ln(20,000/d) / ln 40: 500 km = 100, 2,000 km = 62.42, 5,000 km = 37.58
//	ties, lo = 1,000, hi = 1e9: BBB = (ln 1,000,001 − ln 1,001) / (ln 1e9+1 − ln 1,001) = 49.99
//	tariff, 100 × (1 − t/50): 0 % = 100, 10 % = 80, 25 % = 50
//	weights 30, 10, 20, 15, 10, 5 (fit left out: no enterprise) = 90
//	AAA = (30×100 + 10×100 + 20×100 + 15×100 + 10×100 + 5×100) / 90 = 100
//	BBB = (30×48.01 + 10×0 + 20×0 + 15×62.42 + 10×49.99 + 5×80) / 90 = 36.41
//	CCC = (30×0 + 10×50 + 15×37.58 + 10×0 + 5×50) / 70 = 18.77 (no exports figure: 70 of 90)
func TestRankByHand(t *testing.T) {
	r, err := Rank(fixture())
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Results) != 3 || len(r.Unscored) != 0 {
		t.Fatalf("results %+v unscored %+v", r.Results, r.Unscored)
	}
	want := []struct {
		c        string
		score    float64
		coverage float64
		factors  map[FactorID]float64
	}{
		{"AAA", 100, 100, map[FactorID]float64{FactorDemandSize: 100, FactorDemandGrowth: 100, FactorPresence: 100, FactorDistance: 100, FactorTies: 100, FactorTariff: 100}},
		{"BBB", 36.4068, 100, map[FactorID]float64{FactorDemandSize: 48.0117, FactorDemandGrowth: 0, FactorPresence: 0, FactorDistance: 62.4196, FactorTies: 49.9964, FactorTariff: 80}},
		{"CCC", 18.7672, 77.7778, map[FactorID]float64{FactorDemandSize: 0, FactorDemandGrowth: 50, FactorDistance: 37.5804, FactorTies: 0, FactorTariff: 50}},
	}
	for i, w := range want {
		got := r.Results[i]
		if got.Country != w.c || got.Rank != i+1 || !got.Scored {
			t.Fatalf("rank %d = %s", i+1, got.Country)
		}
		near(t, w.c+" score", got.Score, w.score)
		near(t, w.c+" coverage", got.Coverage, w.coverage)
		points := 0.0
		for _, f := range got.Factors {
			if f.ID == FactorFit {
				t.Errorf("%s: fit must be left out without an enterprise", w.c)
			}
			ws, ok := w.factors[f.ID]
			if ok != f.Available {
				t.Errorf("%s %s available = %v", w.c, f.ID, f.Available)
				continue
			}
			if ok {
				near(t, w.c+" "+string(f.ID), f.Score, ws)
			}
			points += f.Points
		}
		near(t, w.c+" points add up", points, got.Score)
	}
	// The growth figures scored, and each market's own beside them.
	for i, want := range []struct{ raw, own, counted float64 }{{10, 10, 92}, {5, 0, 50}, {8.1818, -10, 9}} {
		g := r.Results[i].factor(FactorDemandGrowth)
		near(t, r.Results[i].Country+" growth", g.Raw, want.raw)
		if g.Own == nil || g.Detail == nil || g.Detail.Key != "market.growth_shrunk" || g.Detail.Args[1] != int(want.counted) {
			t.Errorf("%s growth detail %+v", r.Results[i].Country, g)
			continue
		}
		near(t, r.Results[i].Country+" own growth", *g.Own, want.own)
	}
	if r.Growth == nil || r.Growth.PriorUSD != 100000 || r.Growth.Markets != 3 {
		t.Fatalf("growth basis %+v", r.Growth)
	}
	near(t, "world growth", r.Growth.WorldPct, 10)
	c := r.Results[2]
	if !c.Incomplete || len(c.Flags) == 0 || c.Flags[0].Key != "market.flag.incomplete" || c.Flags[0].Args[0] != 78 {
		t.Errorf("CCC is flagged incomplete: %+v", c.Flags)
	}
	if pres := c.factor(FactorPresence); pres == nil || pres.Available || pres.Reason.Key != "market.reason.no_importer_data" || pres.Share != 0 {
		t.Errorf("CCC's missing exports figure is unavailable with a reason, not a zero: %+v", pres)
	}
	// CCC's weights renormalise over 70: market size carries 30/70.
	near(t, "CCC size share", c.factor(FactorDemandSize).Share, 100*30.0/70)
	if r.Results[0].Incomplete || r.Results[1].Incomplete {
		t.Error("AAA and BBB have every factor")
	}
	// Header: RCA = (100,000 / 1e9) / (1,320,000 / 1e12) = 75.76; share 7.58 %.
	near(t, "RCA", *r.Home.RCA, 75.7576)
	near(t, "share", *r.Home.SharePct, 7.5758)
	// Unrealised potential: AAA 7.58 % × 1,210,000 − 100,000 = 0: it already
	// sells 100,000 / 91,667 = 1.09 × what its world share predicts.
	near(t, "AAA potential", *r.Results[0].PotentialUSD, 91666.67)
	near(t, "AAA unrealised", *r.Results[0].UnrealisedUSD, 0)
	near(t, "AAA share ratio", *r.Results[0].ShareRatio, 1.0909)
	near(t, "BBB unrealised", *r.Results[1].UnrealisedUSD, 7575.76)
	near(t, "BBB share ratio", *r.Results[1].ShareRatio, 0)
	if r.Results[2].UnrealisedUSD != nil {
		t.Error("CCC's exports are unknown: no potential gap")
	}
	var fit, tariff *FactorInfo
	for i := range r.Factors {
		switch r.Factors[i].ID {
		case FactorFit:
			fit = &r.Factors[i]
		case FactorTariff:
			tariff = &r.Factors[i]
		}
	}
	if fit.Included || fit.Reason.Key != "market.reason.no_enterprise" || !tariff.Included {
		t.Errorf("factor info: fit %+v tariff %+v", fit, tariff)
	}
}

func TestFactorWithoutDataAnywhereIsLeftOut(t *testing.T) {
	in := fixture()
	for i := range in.Destinations {
		in.Destinations[i].TariffPct = nil
	}
	r, err := Rank(in)
	if err != nil {
		t.Fatal(err)
	}
	// Tariff gone for all: weights sum to 85 and nobody is "incomplete" for it.
	// AAA = (3000 + 1000 + 2000 + 1500 + 1000) / 85 = 100
	near(t, "AAA", r.Results[0].Score, 8500.0/85)
	if r.Results[0].Incomplete || r.Results[0].Coverage != 100 {
		t.Errorf("AAA: %+v", r.Results[0])
	}
	for _, f := range r.Results[0].Factors {
		if f.ID == FactorTariff {
			t.Error("the tariff is not a factor of this ranking")
		}
	}
	for _, info := range r.Factors {
		if info.ID == FactorTariff && (info.Included || info.Reason.Key != "market.reason.no_tariff_data") {
			t.Errorf("tariff info %+v", info)
		}
	}
}

func TestNoEvidenceIsUnscoredNotZero(t *testing.T) {
	in := fixture()
	in.Destinations = append(in.Destinations, DestinationInput{Country: "USA", DistanceKm: 16000})
	r, err := Rank(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Results) != 3 || len(r.Unscored) != 1 || r.Unscored[0].Country != "USA" || r.Unscored[0].Scored ||
		r.Unscored[0].Flags[0].Key != "market.reason.no_importer_data" {
		t.Fatalf("unscored = %+v", r.Unscored)
	}
}

func TestSecondaryDemand(t *testing.T) {
	in := fixture()
	in.Destinations = append(in.Destinations, DestinationInput{Country: "DEU", DistanceKm: 10000})
	in.Secondary = &Secondary{Unit: "tonnes", Source: Message{Key: "market.source.ico", Args: []any{2019}}, ByCountry: map[string][]trade.YearValue{
		"DEU": {yv(2009, 500000), yv(2019, 1000000)},
		"ITA": {yv(2019, 1000)},
		"XXX": {yv(2019, 100000)},
	}}
	r, err := Rank(in)
	if err != nil {
		t.Fatal(err)
	}
	var deu *Result
	for i := range r.Results {
		if r.Results[i].Country == "DEU" {
			deu = &r.Results[i]
		}
	}
	if deu == nil {
		t.Fatalf("DEU has secondary evidence and must be ranked: %+v", r.Unscored)
	}
	size, growth := deu.factor(FactorDemandSize), deu.factor(FactorDemandGrowth)
	// Placed among the secondary source's countries (1,000 … 1,000,000 t): the largest, 100.
	if size.Unit != "tonnes" || size.Raw != 1000000 || size.Score != 100 || size.Source.Key != "market.source.ico" {
		t.Errorf("size %+v", size)
	}
	// 2009–2019 doubling: 7.18 % a year, its own (a market in tonnes is not
	// shrunk); among BBB 5, DEU 7.18, CCC 8.18 and AAA 10 one of three
	// others grows slower: 33.33.
	near(t, "growth", growth.Raw, 100*(math.Pow(2, 0.1)-1))
	near(t, "growth score", growth.Score, 100.0/3)
	if growth.Own != nil {
		t.Errorf("a secondary figure is not shrunk: %+v", growth)
	}
	// size 30×100, growth 10×57.26, distance 15×(100 ln 2 / ln 40 = 18.79) over 55.
	near(t, "DEU score", deu.Score, (3000+10*growth.Score+15*100*math.Log(2)/math.Log(40))/55)
	if !deu.Incomplete || deu.Flags[len(deu.Flags)-1].Key != "market.flag.secondary_demand" {
		t.Errorf("flags %+v", deu.Flags)
	}
	// The others' dollar market sizes are still normalised among themselves.
	near(t, "AAA size", r.Results[0].factor(FactorDemandSize).Score, 100)
}

func TestFitFactor(t *testing.T) {
	in := fixture()
	in.FitAssessed = true
	in.Destinations[0].Fit = &Fit{Required: 2, Met: 1}
	in.Destinations[1].Fit = &Fit{Required: 1, Met: 1}
	r, err := Rank(in)
	if err != nil {
		t.Fatal(err)
	}
	a := r.Results[0].factor(FactorFit)
	if a == nil || !a.Available || a.Score != 50 || a.Weight != 10 {
		t.Fatalf("fit %+v", a)
	}
	near(t, "AAA with fit", r.Results[0].Score, (9000.0+10*50)/100)
	if c := r.Results[2]; c.factor(FactorFit).Available || c.factor(FactorFit).Reason.Key != "market.reason.no_requirements" {
		t.Errorf("CCC fit %+v", c.factor(FactorFit))
	}
	// No requirement known for BBB: its fit is left out, which is not partial
	// trade data — its score covers less weight but it is not flagged.
	in.Destinations[1].Fit = nil
	if r, err = Rank(in); err != nil {
		t.Fatal(err)
	}
	for _, x := range r.Results {
		if x.Country == "BBB" && (x.Incomplete || x.Coverage != 90 || x.factor(FactorFit).Available) {
			t.Errorf("BBB without requirements: incomplete %v, coverage %v", x.Incomplete, x.Coverage)
		}
	}
}

func TestWeightsValidate(t *testing.T) {
	if err := DefaultWeights().Validate(); err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for _, id := range Factors {
		sum += DefaultWeights().Of(id)
	}
	if sum != 100 {
		t.Errorf("default weights add up to %v", sum)
	}
	for name, w := range map[string]Weights{
		"negative": {DemandSize: -1, Distance: 10},
		"over 100": {DemandSize: 101},
		"NaN":      {DemandSize: math.NaN(), Distance: 1},
		"all zero": {},
	} {
		err := w.Validate()
		e, ok := siapekspor.AsError(err)
		if !ok || e.Code != siapekspor.EInvalid || len(e.Fields) == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	e, _ := siapekspor.AsError(Weights{DemandSize: -1}.Validate())
	if e.Fields[0].Field != "weight_demand_size" || e.Fields[0].Key != "market.weight_range" {
		t.Errorf("field %+v", e.Fields[0])
	}
	in := fixture()
	in.Weights = Weights{Tariff: -5, DemandSize: 1}
	if _, err := Rank(in); err == nil {
		t.Error("Rank refuses bad weights")
	}
	in.Weights = Weights{Distance: 1} // only distance counts
	r, err := Rank(in)
	if err != nil {
		t.Fatal(err)
	}
	if r.Results[0].Country != "AAA" || r.Results[0].Score != 100 {
		t.Errorf("by distance alone AAA (500 km) leads with 100: %+v", r.Results[0])
	}
	in.Product = "09"
	if _, err := Rank(in); err == nil {
		t.Error("a chapter is too coarse to rank")
	}
}

func TestLogMinMaxAndCAGR(t *testing.T) {
	near(t, "mid", LogMinMax(99, 0, 9999), 50)
	if LogMinMax(5, 5, 5) != 100 || LogMinMax(0, 0, 0) != 0 {
		t.Error("equal values")
	}
	g, from, to, ok := seriesCAGR([]trade.YearValue{yv(2015, 0), yv(2016, 100), yv(2018, 0), yv(2020, 161.051)}, 0, 0)
	if !ok || from != 2016 || to != 2020 {
		t.Fatalf("%v %v %v", from, to, ok)
	}
	near(t, "cagr", g, 12.6491) // (1.61051)^(1/4) − 1
	if _, _, _, ok := seriesCAGR([]trade.YearValue{yv(2024, 5)}, 0, 0); ok {
		t.Error("one year has no growth")
	}
	if _, from, _, _ := seriesCAGR([]trade.YearValue{yv(1990, 1), yv(2009, 2), yv(2019, 4)}, 10, 0); from != 2009 {
		t.Errorf("at most 10 years back: %d", from)
	}
}

func TestImporterGrowth(t *testing.T) {
	flows := []trade.Flow{
		{Importer: "AAA", Exporter: "X1", ValueUSD: 600, GrowthPct: 5, GrowthYears: 8},
		{Importer: "AAA", Exporter: "X2", ValueUSD: 300, GrowthPct: 50, GrowthYears: 8},
		{Importer: "AAA", Exporter: "X3", ValueUSD: 100, GrowthPct: -99.9, GrowthYears: 8},
		{Importer: "BBB", Exporter: "X1", ValueUSD: 100, GrowthPct: 10, GrowthYears: 8},
		{Importer: "BBB", Exporter: "X2", ValueUSD: 300}, // no figure: 25 % covered
		{Importer: "AAA", ValueUSD: 1e9},                 // a total is not a supplier
	}
	g := ImporterGrowth(flows, 0.5)
	// Sorted by growth: −99.9 (100), 5 (600) — the median of 1,000 is reached at 5.
	if a, ok := g["AAA"]; !ok || a.Pct != 5 || a.CoveragePct != 100 || a.Years != 8 {
		t.Errorf("AAA %+v", a)
	}
	if _, ok := g["BBB"]; ok {
		t.Error("BBB's figures cover too little of its imports")
	}
}

// sortResults orders as sort.SliceStable did with the ranking's less
// function: score, then the demand factor's score, then country; a NaN
// score leaves the order as it was.
func TestSortResults(t *testing.T) {
	demand := func(s float64) []Factor { return []Factor{{ID: FactorDemandSize, Score: s}} }
	nan := math.NaN()
	for _, tc := range []struct {
		name string
		in   []Result
		want []string
	}{
		{"score first", []Result{{Country: "AAA", Score: 10}, {Country: "BBB", Score: 30}, {Country: "CCC", Score: 20}}, []string{"BBB", "CCC", "AAA"}},
		{"then demand", []Result{{Country: "AAA", Score: 10, Factors: demand(5)}, {Country: "BBB", Score: 10, Factors: demand(50)}}, []string{"BBB", "AAA"}},
		{"then country", []Result{{Country: "CCC", Score: 10, Factors: demand(5)}, {Country: "AAA", Score: 10, Factors: demand(5)}, {Country: "BBB", Score: 10}}, []string{"AAA", "BBB", "CCC"}},
		{"no demand factor: country", []Result{{Country: "BBB", Score: 10}, {Country: "AAA", Score: 10, Factors: demand(99)}}, []string{"AAA", "BBB"}},
		{"NaN stays", []Result{{Country: "ZZZ", Score: nan}, {Country: "AAA", Score: 5}}, []string{"ZZZ", "AAA"}},
	} {
		all := make([]int, len(tc.in))
		for i := range all {
			all[i] = i
		}
		got := sortResults(tc.in, all, &rankArrays{})
		var names []string
		for _, r := range got {
			names = append(names, r.Country)
		}
		if fmt.Sprint(names) != fmt.Sprint(tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, names, tc.want)
		}
	}
}

// Destinations share the messages that say the same, each its own
// factors: changing one result's factor leaves the others'.
func TestRankSharesMessagesNotFactors(t *testing.T) {
	in := syntheticInput(20, 3)
	r, err := Rank(in)
	if err != nil {
		t.Fatal(err)
	}
	a, b := &r.Results[0], &r.Results[1]
	if a.Factors[0].Source != b.Factors[0].Source {
		t.Errorf("the imports' source of one year is made twice: %v %v", a.Factors[0].Source, b.Factors[0].Source)
	}
	old := b.Factors[0].Score
	a.Factors[0].Score = -1
	if b.Factors[0].Score != old || cap(a.Factors) > len(Factors) {
		t.Errorf("results share their factors")
	}
}

// A released ranking's factor array serves the next ranking, which reads
// the same as one made in a new array: every factor is written again.
func TestReleasedFactorsServeTheNextRanking(t *testing.T) {
	rank := func(hs string, fit bool) []byte {
		t.Helper()
		opt := ShippedOptions{}
		if fit {
			opt.Enterprise = &Enterprise{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
		}
		r, err := RankShipped(hs, opt)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		r.Release()
		return b
	}
	codes := []string{"0901", "121221", "3915", "090111", "0906"}
	fresh := map[string][]byte{}
	for _, hs := range codes {
		fresh[hs] = rank(hs, false)
	}
	for range 3 {
		for _, hs := range codes {
			rank(hs, true) // the fit factor written, then released
			if got := rank(hs, false); !bytes.Equal(got, fresh[hs]) {
				t.Fatalf("%s ranked in a released array differs from a new one", hs)
			}
		}
	}
}

// An input BuildInput made and ranked twice gives two rankings of their
// own: the second does not take the arrays the first holds.
func TestInputRankedTwice(t *testing.T) {
	in, err := ShippedInput("0901", ShippedOptions{})
	if err != nil {
		t.Fatal(err)
	}
	first, err := Rank(in)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(first)
	in.Weights = Weights{DemandSize: 1}
	second, err := Rank(in)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := json.Marshal(first); !bytes.Equal(got, want) {
		t.Fatal("ranking the input again changed the first ranking")
	}
	if again, _ := json.Marshal(second); bytes.Equal(again, want) {
		t.Fatal("the second ranking, with other weights, is the first")
	}
	first.Release()
	second.Release()
}
