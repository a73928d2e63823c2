package market

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
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

// ProductData is what the trade data holds about one product: the source
// of a ranking's input, filled from the shipped files (ShippedData) or from
// the database (store.MarketData). The product's own figures are held by
// country number and year (NewProductData, AddImport, AddHome, AddGrowth):
// a ranking read some 2,500 figures into maps keyed by country and year,
// and looked them up again per destination (issue 16 item 3). The totals'
// maps are keyed by ISO3 and year.
type ProductData struct {
	Product string        // the product's code (6 or 4 digits)
	Edition trade.Edition // its edition
	// Codes are the data's codes read for it, Notes what the concordance
	// between editions assumed.
	Codes []string
	Notes []Message
	// The product's figures: importer and year → its imports of the product
	// (all partners); destination and year → Indonesia's exports of the
	// product to it; importer → a source's own growth figure for the
	// product, used when the imports have fewer than two years.
	fig figures
	// ImportsAll and HomeAll: the same for all goods.
	ImportsAll map[string]map[int]float64
	HomeAll    map[string]map[int]float64
	// Reporters: year → the importers with importer-side data that year; a
	// country absent there is unknown that year, not a country buying nothing.
	Reporters map[int]map[string]bool
	// HomeKnown: years whose data holds the home country's own export
	// declarations: its exports to every destination are known (absent: none).
	HomeKnown map[int]bool
	// Coffee: ICO coffee imports in tonnes, the secondary demand signal for
	// HS 0901 importers without importer-side data.
	Coffee  map[string][]trade.YearValue
	Chapter *ChapterRCA
}

// Countries numbers a set of countries in their sorted order; a product's
// figures are held by these numbers. It is read-only once made, and may be
// shared by many products' data (the store keeps one with the totals).
type Countries struct {
	names []string
	index map[string]int32
}

// NewCountries numbers the countries named (duplicates counted once).
func NewCountries(names []string) *Countries {
	c := &Countries{names: slices.Compact(slices.Sorted(slices.Values(names)))}
	c.index = make(map[string]int32, len(c.names))
	for i, n := range c.names {
		c.index[n] = int32(i)
	}
	return c
}

// Name returns a country's code as the set holds it (no copy of b when it
// is one of them).
func (c *Countries) Name(b []byte) (string, bool) {
	if i, ok := c.index[string(b)]; ok {
		return c.names[i], true
	}
	return "", false
}

// figures are a product's figures by country number (the Countries' own,
// then those its rows name besides) and year.
type figures struct {
	countries *Countries
	extra     []string // countries the rows name outside countries
	extraIx   map[string]int32
	years     []int
	// imports and home: per year (years' order), per country number.
	imports, home [][]float64
	homeSeen      []bool // a home figure was given, of any year
	growth        []growthAcc
	growthN       int // countries with a growth figure
}

type growthAcc struct {
	weighted, value, cover float64
	years                  int
	set                    bool
}

// NewProductData makes a product's data with its figures numbered by
// countries (nil: by the countries the figures name).
func NewProductData(product string, ed trade.Edition, countries *Countries) *ProductData {
	if countries == nil {
		countries = NewCountries(nil)
	}
	n := len(countries.names)
	return &ProductData{Product: product, Edition: ed, ImportsAll: map[string]map[int]float64{}, HomeAll: map[string]map[int]float64{},
		Reporters: map[int]map[string]bool{}, fig: figures{countries: countries, homeSeen: make([]bool, n), growth: make([]growthAcc, n)}}
}

func (f *figures) n() int { return len(f.countries.names) + len(f.extra) }

func (f *figures) name(c int) string {
	if c < len(f.countries.names) {
		return f.countries.names[c]
	}
	return f.extra[c-len(f.countries.names)]
}

// lookup returns a country's number, if the figures have one.
func (f *figures) lookup(name string) (int, bool) {
	if i, ok := f.countries.index[name]; ok {
		return int(i), true
	}
	if i, ok := f.extraIx[name]; ok {
		return int(i), true
	}
	return 0, false
}

// Country returns a country's number in the product's figures, numbering
// one the countries lack.
func (d *ProductData) Country(name string) int {
	if i, ok := d.fig.lookup(name); ok {
		return i
	}
	return d.fig.add(name)
}

// CountryBytes is Country for a name in bytes (no copy when it is known).
func (d *ProductData) CountryBytes(name []byte) int {
	f := &d.fig
	if i, ok := f.countries.index[string(name)]; ok {
		return int(i)
	}
	if i, ok := f.extraIx[string(name)]; ok {
		return int(i)
	}
	return f.add(string(name))
}

func (f *figures) add(name string) int {
	i := f.n()
	if f.extraIx == nil {
		f.extraIx = map[string]int32{}
	}
	f.extraIx[name] = int32(i)
	f.extra = append(f.extra, name)
	for y := range f.years {
		f.imports[y] = append(f.imports[y], 0)
		f.home[y] = append(f.home[y], 0)
	}
	f.homeSeen = append(f.homeSeen, false)
	f.growth = append(f.growth, growthAcc{})
	return i
}

// year returns a year's place among the figures' years, adding it (add)
// or -1 when it has none.
func (f *figures) year(y int, add bool) int {
	for i, x := range f.years {
		if x == y {
			return i
		}
	}
	if !add {
		return -1
	}
	f.years = append(f.years, y)
	f.imports = append(f.imports, make([]float64, f.n()))
	f.home = append(f.home, make([]float64, f.n()))
	return len(f.years) - 1
}

// AddImport adds to country c's imports of the product in year y.
func (d *ProductData) AddImport(c, y int, v float64) {
	d.fig.imports[d.fig.year(y, true)][c] += v
}

// AddHome adds to the home country's exports of the product to c in year y.
func (d *ProductData) AddHome(c, y int, v float64) {
	d.fig.home[d.fig.year(y, true)][c] += v
	d.fig.homeSeen[c] = true
}

// AddGrowth counts one code's growth figure for importer c importing value
// of it: a heading's figure is its subheadings' weighted by the importer's
// imports of each.
func (d *ProductData) AddGrowth(c int, g Growth, value float64) {
	if value <= 0 {
		return
	}
	a := &d.fig.growth[c]
	if !a.set {
		a.set = true
		d.fig.growthN++
	}
	a.weighted += g.Pct * value
	a.cover += g.CoveragePct * value
	a.value += value
	a.years = g.Years
}

// Imports is country c's imports of the product in year y (0 when none).
func (d *ProductData) Imports(c, y int) float64 {
	if i := d.fig.year(y, false); i >= 0 {
		return d.fig.imports[i][c]
	}
	return 0
}

// Home is the home country's exports of the product to c in year y.
func (d *ProductData) Home(c, y int) float64 {
	if i := d.fig.year(y, false); i >= 0 {
		return d.fig.home[i][c]
	}
	return 0
}

// growthOf returns importer c's combined growth figure, if it has one;
// source reuses the message of the importer before when it says the same.
func (d *ProductData) growthOf(c int, source *Message) (Growth, bool) {
	a := d.fig.growth[c]
	if !a.set {
		return Growth{}, false
	}
	cover := a.cover / a.value
	g := Growth{Pct: a.weighted / a.value, Years: a.years, CoveragePct: cover}
	args := []any{a.years, int(math.Round(cover))}
	if source.Key == "" || source.Args[0] != args[0] || source.Args[1] != args[1] {
		*source = Message{Key: "market.source.bilateral_growth", Args: args}
	}
	g.Source = *source
	return g, true
}

// LatestYear is the last year with importer-side data, 0 with none.
func (d *ProductData) LatestYear() int {
	y := 0
	for year := range d.Reporters {
		y = max(y, year)
	}
	return y
}

// inputDest is a destination BuildInput found: its name and its number in
// the figures (-1 none).
type inputDest struct {
	name string
	c    int
}

// BuildInput turns a product's trade data into Rank's input: destinations
// are the importers with imports of the product or Indonesian exports of
// it, the large importers the data lacks (listed, never as buying nothing)
// and, for coffee, the ICO importers the data lacks.
func BuildInput(d *ProductData, opt ShippedOptions) (Input, error) {
	year := d.LatestYear()
	if len(d.Codes) == 0 || year == 0 {
		return Input{}, siapekspor.Errorf(siapekspor.ENotFound, "market.no_trade_data", d.Product)
	}
	in := Input{Product: d.Product, Edition: d.Edition, DataCodes: d.Codes, Weights: opt.Weights, Restrictions: Restrictions(d.Product),
		FitAssessed: opt.Enterprise != nil}
	in.Notes = append(in.Notes, d.Notes...)
	in.Notes = append(in.Notes, Message{Key: "market.note.data_years", Args: []any{yearsText(d.Reporters)}})
	var missing []string
	for _, c := range trade.MissingImporters {
		if !d.Reporters[year][c] {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		in.Notes = append(in.Notes, Message{Key: "market.note.missing_importers", Args: []any{year, strings.Join(missing, ", ")}})
	}
	in.Notes = append(in.Notes, Message{Key: "market.note.no_tariffs"})
	if d.fig.growthN == 0 && len(d.Reporters) < 2 {
		in.Notes = append(in.Notes, Message{Key: "market.note.no_bilateral"})
	}

	reporterYears := slices.Sorted(maps.Keys(d.Reporters))
	sets := make([]map[string]bool, len(reporterYears))
	for i, y := range reporterYears {
		sets[i] = d.Reporters[y]
	}
	latest := d.Reporters[year]
	reports := func(c string) bool {
		for _, set := range sets {
			if set[c] {
				return true
			}
		}
		return false
	}
	// The destinations: by number those with figures, by name the others
	// (missing importers, ICO importers) the figures do not number.
	f := &d.fig
	n := f.n()
	arrays := takeRankArrays()
	in.arrays = arrays
	isDest := sized(&arrays.isDest, n)
	for c := range n {
		if f.homeSeen[c] {
			isDest[c] = true
			continue
		}
		for y := range f.years {
			if f.imports[y][c] > 0 {
				isDest[c] = true
				break
			}
		}
	}
	var others []string
	add := func(name string) {
		if c, ok := f.lookup(name); ok {
			isDest[c] = true
		} else if name != Home {
			others = append(others, name)
		}
	}
	for _, c := range missing {
		add(c)
	}
	if strings.HasPrefix(d.Product, "0901") && len(d.Coffee) > 0 {
		sec := &Secondary{Unit: "tonnes", ByCountry: d.Coffee}
		sec.Source = Message{Key: "market.source.ico", Args: []any{secondaryYear(sec)}}
		in.Secondary = sec
		for c := range sec.ByCountry {
			if !reports(c) {
				add(c)
			}
		}
		in.Notes = append(in.Notes, Message{Key: "market.note.ico"})
	}
	if c, ok := f.lookup(Home); ok {
		isDest[c] = false
	}
	// The countries numbered in order, merged with the others sorted.
	var rest []inputDest
	for c := len(f.countries.names); c < n; c++ {
		if isDest[c] {
			rest = append(rest, inputDest{f.name(c), c})
		}
	}
	for _, name := range others {
		rest = append(rest, inputDest{name, -1})
	}
	byName := func(a, b inputDest) int { return strings.Compare(a.name, b.name) }
	slices.SortFunc(rest, byName)
	rest = slices.CompactFunc(rest, func(a, b inputDest) bool { return a.name == b.name })
	dests := sized(&arrays.dests, n+len(rest))[:0]
	for c := range len(f.countries.names) {
		if !isDest[c] {
			continue
		}
		name := f.countries.names[c]
		for len(rest) > 0 && rest[0].name < name {
			dests, rest = append(dests, rest[0]), rest[1:]
		}
		dests = append(dests, inputDest{name, c})
	}
	dests = append(dests, rest...)

	var reqs []Requirement
	if e := opt.Enterprise; e != nil {
		reqs = e.Requirements
		if reqs == nil {
			var err error
			if reqs, err = ShippedRequirements(); err != nil {
				return Input{}, err
			}
		}
	}
	// The years, and one array each for the destinations' series, totals
	// and growth figures (rather than small ones per destination).
	homeYears := slices.Sorted(maps.Keys(d.HomeKnown))
	values := sized(&arrays.values, len(dests)*(len(homeYears)+2*len(reporterYears)))[:0]
	series := func(n int) []trade.YearValue {
		s := values[len(values) : len(values) : len(values)+n]
		values = values[:len(values)+n]
		return s
	}
	totals, growths := sized(&arrays.totals, len(dests))[:0], sized(&arrays.growths, f.growthN)[:0]
	var growthSource Message
	in.Destinations = sized(&arrays.input, len(dests))[:0]
	homeKm := trade.DistancesKmFrom(Home)
	figure := func(m func(c, y int) float64, c, y int) float64 {
		if c < 0 {
			return 0
		}
		return m(c, y)
	}
	for _, ds := range dests {
		c, ci := ds.name, ds.c
		dest := DestinationInput{Country: c}
		reporting := reports(c)
		if !reporting && len(d.HomeKnown) > 0 {
			// Known from the home country's declarations, not the importer's.
			dest.FromHome = Series{Known: true, Values: series(len(homeYears))}
			for _, y := range homeYears {
				dest.FromHome.Values = append(dest.FromHome.Values, trade.YearValue{Year: y, Value: figure(d.Home, ci, y)})
			}
		}
		if reporting {
			dest.Imports, dest.FromHome = Series{Known: true, Values: series(len(reporterYears))}, Series{Known: true, Values: series(len(reporterYears))}
			for i, y := range reporterYears {
				if sets[i][c] {
					dest.Imports.Values = append(dest.Imports.Values, trade.YearValue{Year: y, Value: figure(d.Imports, ci, y)})
					dest.FromHome.Values = append(dest.FromHome.Values, trade.YearValue{Year: y, Value: figure(d.Home, ci, y)})
				}
			}
			if latest[c] {
				totals = append(totals, d.HomeAll[c][year])
				dest.HomeTotal = &totals[len(totals)-1]
			}
		}
		if ci >= 0 {
			if g, ok := d.growthOf(ci, &growthSource); ok {
				growths = append(growths, g)
				dest.ImportsGrowth = &growths[len(growths)-1]
			}
		}
		dest.DistanceKm = homeKm[trade.NormalizeCountry(c)] // 0 unknown, as DistanceKm's
		if e := opt.Enterprise; e != nil {
			dest.Fit = FitOf(Gap(reqs, c, d.Product, e.Certificates, e.Now, e.Micro))
		}
		in.Destinations = append(in.Destinations, dest)
	}

	// The home country's position, all four totals over the importers that
	// reported in the latest year.
	in.Home = HomeInput{Country: Home, Year: year, Chapter: d.Chapter}
	for c := range latest {
		if c == Home {
			continue
		}
		ci, ok := f.lookup(c)
		if ok {
			in.Home.ExportsOfProduct += d.Home(ci, year)
			in.Home.WorldOfProduct += d.Imports(ci, year)
		}
		in.Home.ExportsAll += d.HomeAll[c][year]
		in.Home.WorldAll += d.ImportsAll[c][year]
	}
	return in, nil
}

// yearsText says which years the data covers: "2024", "2015–2024" or "2019, 2024".
func yearsText(m map[int]map[string]bool) string {
	ys := slices.Sorted(maps.Keys(m))
	if len(ys) == 0 {
		return ""
	}
	if ys[len(ys)-1]-ys[0] == len(ys)-1 && len(ys) > 1 {
		return fmt.Sprintf("%d–%d", ys[0], ys[len(ys)-1])
	}
	parts := make([]string, len(ys))
	for i, y := range ys {
		parts[i] = strconv.Itoa(y)
	}
	return strings.Join(parts, ", ")
}

// ParseProduct reads the product a ranking is asked for: an HS heading or
// subheading (4 or 6 digits, dots and spaces allowed) of edition ed, HS
// 2022 when not given.
func ParseProduct(product string, ed trade.Edition) (string, trade.Edition, error) {
	code := trade.CleanHS(product)
	if !trade.ValidHS(code) || len(code) == 2 {
		return "", "", siapekspor.FieldInvalid("product", "market.bad_product")
	}
	if ed == "" {
		ed = trade.HS22
	}
	return code, ed, nil
}

// ShippedData reads a product's data from the shipped files (the in-memory
// index): HS 2017 codes, 2024, with growth rebuilt from the bilateral file.
func ShippedData(product string, ed trade.Edition) (*ProductData, error) {
	code, ed, err := ParseProduct(product, ed)
	if err != nil {
		return nil, err
	}
	ix, err := trade.ShippedIndex()
	if err != nil {
		return nil, err
	}
	var names []string
	for k := range ix.ImportsAll() {
		names = append(names, k)
	}
	for k := range ix.IndonesiaExportsAll() {
		names = append(names, k)
	}
	names = append(names, ix.Reporters()...)
	d := NewProductData(code, ed, NewCountries(names))
	d.Codes, d.Notes = DataCodes(code, ed, trade.HS17, func(c string) bool { return len(ix.Codes(c)) > 0 })
	year := ix.Year()
	put := func(m map[string]map[int]float64, c string, v float64) {
		if m[c] == nil {
			m[c] = map[int]float64{}
		}
		m[c][year] += v
	}
	for _, c := range subheadings(ix, d.Codes) {
		imports := ix.Imports(c)
		for k, v := range imports {
			d.AddImport(d.Country(k), year, v)
		}
		for k, v := range ix.IndonesiaExports(c) {
			d.AddHome(d.Country(k), year, v)
		}
		for k, g := range ImporterGrowth(ix.BilateralFlows(c), MinGrowthCoverage) {
			d.AddGrowth(d.Country(k), g, imports[k])
		}
	}
	for k, v := range ix.ImportsAll() {
		put(d.ImportsAll, k, v)
	}
	for k, v := range ix.IndonesiaExportsAll() {
		put(d.HomeAll, k, v)
	}
	d.Reporters[year] = map[string]bool{}
	for _, c := range ix.Reporters() {
		d.Reporters[year][c] = true
	}
	if strings.HasPrefix(code, "0901") {
		if d.Coffee, err = trade.CoffeeImports(); err != nil {
			return nil, err
		}
	}
	d.Chapter, err = ShippedChapterRCA(code[:2])
	return d, err
}

// subheadings expands headings into the HS6 codes the index holds, since
// growth figures are per subheading.
func subheadings(ix *trade.Index, codes []string) []string {
	var out []string
	for _, c := range codes {
		out = append(out, ix.Codes(c)...)
	}
	return out
}

// ShippedInput builds Rank's input for a product straight from the shipped
// data (see ShippedData and BuildInput).
func ShippedInput(product string, opt ShippedOptions) (Input, error) {
	d, err := ShippedData(product, opt.Edition)
	if err != nil {
		return Input{}, err
	}
	return BuildInput(d, opt)
}

// RankShipped ranks a product's destinations from the shipped data.
func RankShipped(product string, opt ShippedOptions) (*Ranking, error) {
	in, err := ShippedInput(product, opt)
	if err != nil {
		return nil, err
	}
	return Rank(in)
}

// DataCodes finds the codes of data in edition dataEd for a product code of
// edition ed, keeping those the data holds (has), with a note for each
// code the concordance had to assume. A heading (4 digits) is read as it is.
func DataCodes(code string, ed, dataEd trade.Edition, has func(string) bool) ([]string, []Message) {
	if len(code) == 4 || ed == dataEd {
		if !has(code) {
			return nil, nil
		}
		return []string{code}, nil
	}
	var codes []string
	var notes []Message
	for _, c := range trade.DefaultConcordance().Correspond(code, ed, dataEd) {
		if !has(c.Code) {
			continue
		}
		codes = append(codes, c.Code)
		if c.Code != code || c.Basis != trade.BasisSame {
			notes = append(notes, Message{Key: "market.note.concordance." + string(c.Basis), Args: []any{code, c.Code}})
		}
	}
	return codes, notes
}

// MinBaseShare is the smallest start a growth figure is measured from, as
// a share of the importer's current imports of the product (of the
// series' last value for a series): growth from nothing is at most ×100
// over the window (78 % a year over eight years), not millions of percent.
const MinBaseShare = 0.01

// GrowthMethod names how ImporterGrowth computes its figures; stored
// figures made by another method are computed again.
const GrowthMethod = "2"

// fromMinBase is the compound growth (% a year over years) of a value v
// that grew pct % a year, measured from at least base (or from v itself
// when v is smaller): a flow that started from almost nothing counts as
// growing from the base.
func fromMinBase(v, pct float64, years int, base float64) float64 {
	start := v / math.Pow(1+pct/100, float64(years))
	if floor := math.Min(base, v); start < floor {
		return 100 * (math.Pow(v/floor, 1/float64(years)) - 1)
	}
	return pct
}

// ImporterGrowth estimates each importer's growth from bilateral flows
// that carry the source's per-flow growth figure: the value-weighted median
// of its suppliers' growth rates (half of its 2024 imports come from
// suppliers growing faster). A median, because the per-flow figures of
// small flows are wild (from −99.99 % to +14,000,000 % a year in the
// shipped file), and rebuilding the importer's total from them lets a
// $500 flow at −95 % a year outweigh billions. Each supplier's growth is
// measured from at least MinBaseShare of the importer's current imports
// (fromMinBase): a supplier that started from nothing eight years ago
// would otherwise set a market's growth at thousands of percent. Flows
// without a figure are left out; an importer whose flows with a figure
// carry less than minCoverage of its value gets none.
func ImporterGrowth(flows []trade.Flow, minCoverage float64) map[string]Growth {
	type point struct {
		g, v  float64
		years int
	}
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
			a.points = append(a.points, point{f.GrowthPct, f.ValueUSD, f.GrowthYears})
			a.years = f.GrowthYears
		}
	}
	out := map[string]Growth{}
	for c, a := range accs {
		if a.known <= 0 || a.known/a.total < minCoverage {
			continue
		}
		for i := range a.points {
			p := &a.points[i]
			p.g = fromMinBase(p.v, p.g, p.years, MinBaseShare*a.total)
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

// ShippedChapterRCA is Indonesia's RCA in an HS chapter from the shipped
// world exports series (HS 1992 chapters, 2011–2020), with its export
// growth; nil when the series has nothing for it.
// The answer is made once per chapter from the binary's own data and then
// shared: read-only.
func ShippedChapterRCA(hs2 string) (*ChapterRCA, error) {
	chapterMu.Lock()
	defer chapterMu.Unlock()
	if ch, ok := chapterRCAs[hs2]; ok {
		return ch, nil
	}
	ch, err := shippedChapterRCA(hs2)
	if err == nil {
		if chapterRCAs == nil {
			chapterRCAs = map[string]*ChapterRCA{}
		}
		chapterRCAs[hs2] = ch
	}
	return ch, err
}

var (
	chapterMu   sync.Mutex
	chapterRCAs map[string]*ChapterRCA
)

func shippedChapterRCA(hs2 string) (*ChapterRCA, error) {
	series := func(exporter, chapter string) []trade.YearValue {
		s, _ := trade.WorldExportsHS2(exporter, chapter)
		return s
	}
	if _, err := trade.WorldExportsHS2("", ""); err != nil {
		return nil, err
	}
	home, homeAll := series(Home, hs2), series(Home, "")
	world, worldAll := series("", hs2), series("", "")
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
	if g, _, _, ok := seriesCAGR(home, 0, 0); ok {
		ch.GrowthPct, ch.HasGrowth = g, true
	}
	if len(ch.RCA) == 0 {
		return nil, nil
	}
	return ch, nil
}
