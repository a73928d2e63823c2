package market

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/trade"
)

// Home is the exporting country of the ranking.
const Home = "IDN"

// Enterprise is what the fit factor looks at.
type Enterprise struct {
	Certificates []siapekspor.Certificate // those covering the product
	Micro        bool                     // micro or small (later EUDR dates)
	Requirements []Requirement            // nil: ShippedRequirements
	Now          time.Time
}

// ShippedOptions tune ShippedInput.
type ShippedOptions struct {
	// Edition of the product code; "" means HS 2022, the nomenclature of
	// the products.
	Edition    trade.Edition
	Weights    Weights
	Enterprise *Enterprise // nil: no fit factor
}

// MinGrowthCoverage: a growth figure rebuilt from bilateral flows is used
// only when the flows with a growth figure carry at least half the value.
const MinGrowthCoverage = 0.5

// ShippedInput builds Rank's input for a product straight from the shipped
// data (trade.ShippedIndex): destinations are the importers with imports of
// the product or Indonesian exports of it in 2024, the six importers the
// files lack, and — for coffee — the ICO importers the 2024 files lack.
// An HS 2022 code is read through the derived concordance; codes whose HS
// 2017 counterpart covers more or other goods are noted.
func ShippedInput(product string, opt ShippedOptions) (Input, error) {
	code := trade.CleanHS(product)
	if !trade.ValidHS(code) || len(code) == 2 {
		return Input{}, &siapekspor.Error{Code: siapekspor.EInvalid, Key: "error.validation",
			Fields: []siapekspor.FieldError{{Field: "product", Key: "market.bad_product"}}}
	}
	ed := opt.Edition
	if ed == "" {
		ed = trade.HS22
	}
	ix, err := trade.ShippedIndex()
	if err != nil {
		return Input{}, err
	}
	in := Input{Product: code, Edition: ed, Weights: opt.Weights, Restrictions: Restrictions(code), FitAssessed: opt.Enterprise != nil}
	codes, notes := dataCodes(ix, code, ed)
	if len(codes) == 0 {
		return Input{}, siapekspor.Errorf(siapekspor.ENotFound, "market.no_trade_data", code)
	}
	in.DataCodes, in.Notes = codes, notes
	in.Notes = append(in.Notes, Message{Key: "market.note.data_2024", Args: []any{ix.Year()}},
		Message{Key: "market.note.missing_importers", Args: []any{strings.Join(trade.MissingImporters, ", ")}},
		Message{Key: "market.note.no_tariffs"})

	imports, idn := map[string]float64{}, map[string]float64{}
	var bilateral []trade.Flow
	for _, c := range codes {
		for k, v := range ix.Imports(c) {
			imports[k] += v
		}
		for k, v := range ix.IndonesiaExports(c) {
			idn[k] += v
		}
		bilateral = append(bilateral, ix.BilateralFlows(c)...)
	}
	growth := ImporterGrowth(bilateral, MinGrowthCoverage)
	if len(bilateral) == 0 {
		in.Notes = append(in.Notes, Message{Key: "market.note.no_bilateral"})
	}
	idnAll := ix.IndonesiaExportsAll()

	dests := map[string]bool{}
	for c, v := range imports {
		if v > 0 {
			dests[c] = true
		}
	}
	for c := range idn {
		dests[c] = true
	}
	for _, c := range trade.MissingImporters {
		dests[c] = true
	}
	if strings.HasPrefix(code, "0901") {
		sec := &Secondary{Unit: "tonnes", ByCountry: ix.CoffeeImports()}
		sec.Source = Message{Key: "market.source.ico", Args: []any{secondaryYear(sec)}}
		in.Secondary = sec
		for c := range sec.ByCountry {
			if !ix.IsReporter(c) {
				dests[c] = true
			}
		}
		in.Notes = append(in.Notes, Message{Key: "market.note.ico"})
	}
	delete(dests, Home)

	var reqs []Requirement
	if e := opt.Enterprise; e != nil {
		reqs = e.Requirements
		if reqs == nil {
			if reqs, err = ShippedRequirements(); err != nil {
				return Input{}, err
			}
		}
	}
	year := ix.Year()
	for _, c := range sortedSet(dests) {
		d := DestinationInput{Country: c}
		if ix.IsReporter(c) {
			d.Imports = Series{Known: true, Values: []trade.YearValue{{Year: year, Value: imports[c]}}}
			d.FromHome = Series{Known: true, Values: []trade.YearValue{{Year: year, Value: idn[c]}}}
			t := idnAll[c]
			d.HomeTotal = &t
		}
		if g, ok := growth[c]; ok {
			d.ImportsGrowth = &g
		}
		d.DistanceKm, _ = trade.DistanceKm(Home, c)
		if e := opt.Enterprise; e != nil {
			d.Fit = FitOf(Gap(reqs, c, code, e.Certificates, e.Now, e.Micro))
		}
		in.Destinations = append(in.Destinations, d)
	}

	in.Home = HomeInput{Country: Home, Year: year}
	for _, v := range idn {
		in.Home.ExportsOfProduct += v
	}
	for _, v := range idnAll {
		in.Home.ExportsAll += v
	}
	for _, v := range imports {
		in.Home.WorldOfProduct += v
	}
	for _, v := range ix.ImportsAll() {
		in.Home.WorldAll += v
	}
	in.Home.Chapter = chapterRCA(ix, code[:2])
	return in, nil
}

// RankShipped ranks a product's destinations from the shipped data.
func RankShipped(product string, opt ShippedOptions) (*Ranking, error) {
	in, err := ShippedInput(product, opt)
	if err != nil {
		return nil, err
	}
	return Rank(in)
}

// dataCodes finds the HS 2017 codes of the trade data for a product code.
func dataCodes(ix *trade.Index, code string, ed trade.Edition) ([]string, []Message) {
	if len(code) == 4 || ed == trade.HS17 {
		if len(ix.Codes(code)) == 0 {
			return nil, nil
		}
		return []string{code}, nil
	}
	var codes []string
	var notes []Message
	for _, c := range trade.DefaultConcordance().Correspond(code, ed, trade.HS17) {
		if len(ix.Codes(c.Code)) == 0 {
			continue
		}
		codes = append(codes, c.Code)
		if c.Code != code || c.Basis != trade.BasisSame {
			notes = append(notes, Message{Key: "market.note.concordance." + string(c.Basis), Args: []any{code, c.Code}})
		}
	}
	return codes, notes
}

// ImporterGrowth estimates each importer's growth from bilateral flows
// that carry the source's per-flow growth figure: the value-weighted median
// of its suppliers' growth rates (half of its 2024 imports come from
// suppliers growing faster). A median, because the per-flow figures of
// small flows are wild (from −99.99 % to +14,000,000 % a year in the
// shipped file), and rebuilding the importer's total from them lets a
// $500 flow at −95 % a year outweigh billions. Flows without a figure are
// left out; an importer whose flows with a figure carry less than
// minCoverage of its value gets none.
func ImporterGrowth(flows []trade.Flow, minCoverage float64) map[string]Growth {
	type point struct{ g, v float64 }
	type acc struct {
		total, known float64
		points       []point
		years        int
	}
	accs := map[string]*acc{}
	for _, f := range flows {
		if f.Total() || f.ValueUSD <= 0 {
			continue
		}
		a := accs[f.Importer]
		if a == nil {
			a = &acc{}
			accs[f.Importer] = a
		}
		a.total += f.ValueUSD
		if f.GrowthYears > 0 {
			a.known += f.ValueUSD
			a.points = append(a.points, point{f.GrowthPct, f.ValueUSD})
			a.years = f.GrowthYears
		}
	}
	out := map[string]Growth{}
	for c, a := range accs {
		if a.known <= 0 || a.known/a.total < minCoverage {
			continue
		}
		sort.Slice(a.points, func(i, j int) bool { return a.points[i].g < a.points[j].g })
		half, run, median := a.known/2, 0.0, 0.0
		for _, p := range a.points {
			run += p.v
			median = p.g
			if run >= half {
				break
			}
		}
		cover := 100 * a.known / a.total
		out[c] = Growth{Pct: median, Years: a.years, CoveragePct: cover,
			Source: Message{Key: "market.source.bilateral_growth", Args: []any{a.years, int(math.Round(cover))}}}
	}
	return out
}

// chapterRCA is Indonesia's RCA in the product's chapter from the world
// exports series (HS 1992 chapters, 2011–2020), with its export growth.
func chapterRCA(ix *trade.Index, hs2 string) *ChapterRCA {
	home, homeAll := ix.WorldExportsHS2(Home, hs2), ix.WorldExportsHS2(Home, "")
	world, worldAll := ix.WorldExportsHS2("", hs2), ix.WorldExportsHS2("", "")
	at := func(s []trade.YearValue, y int) float64 {
		for _, v := range s {
			if v.Year == y {
				return v.Value
			}
		}
		return 0
	}
	ch := &ChapterRCA{HS2: hs2, Edition: trade.HS92}
	for _, v := range world {
		if r, ok := RCA(at(home, v.Year), at(homeAll, v.Year), v.Value, at(worldAll, v.Year)); ok {
			ch.RCA = append(ch.RCA, trade.YearValue{Year: v.Year, Value: r})
		}
	}
	if g, _, _, ok := seriesCAGR(home, 0); ok {
		ch.GrowthPct, ch.HasGrowth = g, true
	}
	if len(ch.RCA) == 0 {
		return nil
	}
	return ch
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
