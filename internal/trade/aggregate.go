package trade

import "sort"

// Tables are what the database keeps of one year's flows, derived here and
// never typed: each importer's imports of each HS6 product from all
// partners, the home country's exports of each product by destination, and
// per-country totals of all goods.
type Tables struct {
	Year    int
	Edition Edition
	Imports []ImportRow
	Home    []HomeRow
	Totals  []TotalRow
	// Reporters are the importers with importer-side data this year.
	Reporters []string
	// HomeReported: the home country's own export declarations are in the
	// data, so its exports are known to every destination (absent = none).
	HomeReported bool
	// GrowthFlows keeps, by HS6 code, the bilateral flows given for their
	// growth figures (AddGrowth), for growth per importer.
	GrowthFlows map[string][]Flow
}

// ImportRow is an importer's imports of a product, all partners.
type ImportRow struct {
	HS, Importer string
	ValueUSD     float64
	Partners     int
}

// HomeRow is the home country's exports of a product to a destination.
type HomeRow struct {
	HS, Importer     string
	ValueUSD, Tonnes float64
}

// TotalRow is a country's imports of all goods and the home country's
// exports of all goods to it.
type TotalRow struct {
	Country                 string
	ImportsAll, HomeExports float64
}

// A cell is keyed by the product's six digits and the importer's index in
// a small table, packed in one integer: a whole BACI year (ten million
// flows into a million cells) then fits in a few tens of megabytes.
type cellKey uint64

type importCell struct {
	sum, total float64
	partners   int32
	hasTotal   bool
}

type homeCell struct {
	value, tonnes float64
	declared      bool // from the home country's own declarations
}

type yearAgg struct {
	edition      Edition
	homeReported bool
	imports      map[cellKey]importCell
	home         map[cellKey]homeCell
	growth       map[string][]Flow
}

// Aggregator sums flows into Tables per year. A flow from one exporter to
// one importer adds to the importer's imports (and, from the home country,
// to its exports); an importer's total for a product (a flow without an
// exporter: Comtrade's World partner, the shipped importer totals) is the
// figure for it, as the sum of its partners may miss some. Flows of HS
// chapters or headings, and exporters' world totals, are not tables' rows.
type Aggregator struct {
	home      string
	years     map[int]*yearAgg
	countries []string
	cidx      map[string]uint16
	codes     map[uint32]string
	// Skipped counts flows that feed no table.
	Skipped int
}

// NewAggregator sums flows for a home country (ISO3).
func NewAggregator(home string) *Aggregator {
	return &Aggregator{home: home, years: map[int]*yearAgg{}, cidx: map[string]uint16{}, codes: map[uint32]string{}}
}

func (a *Aggregator) key(hs, importer string) (cellKey, bool) {
	n := uint32(0)
	for i := 0; i < len(hs); i++ {
		if hs[i] < '0' || hs[i] > '9' {
			return 0, false
		}
		n = n*10 + uint32(hs[i]-'0')
	}
	if _, ok := a.codes[n]; !ok {
		a.codes[n] = hs
	}
	c, ok := a.cidx[importer]
	if !ok {
		c = uint16(len(a.countries))
		a.countries = append(a.countries, importer)
		a.cidx[importer] = c
	}
	return cellKey(uint64(n)<<16 | uint64(c)), true
}

func (a *Aggregator) split(k cellKey) (hs, importer string) {
	return a.codes[uint32(k>>16)], a.countries[uint16(k)]
}

func (a *Aggregator) year(f Flow) *yearAgg {
	y := a.years[f.Year]
	if y == nil {
		y = &yearAgg{edition: f.Edition, imports: map[cellKey]importCell{}, home: map[cellKey]homeCell{}, growth: map[string][]Flow{}}
		a.years[f.Year] = y
	}
	return y
}

// Add takes one flow.
func (a *Aggregator) Add(f Flow) {
	if len(f.HS) != 6 || f.Importer == "" || f.Importer == f.Exporter {
		a.Skipped++
		return
	}
	k, ok := a.key(f.HS, f.Importer)
	if !ok {
		a.Skipped++
		return
	}
	y := a.year(f)
	if f.ExporterReported {
		// Only the exporter's side: the home country's exports, nothing of
		// the importer's imports.
		if f.Exporter == a.home {
			y.homeReported = true
			addHome(y, k, f)
		} else {
			a.Skipped++
		}
		return
	}
	c := y.imports[k]
	if f.Exporter == "" {
		c.total, c.hasTotal = c.total+f.ValueUSD, true
		c.partners = max(c.partners, int32(f.Partners))
	} else {
		c.sum += f.ValueUSD
		c.partners++
		if f.Exporter == a.home && !y.homeReported {
			addHome(y, k, f)
		}
	}
	y.imports[k] = c
}

// addHome adds to the home country's exports. Once its own declarations are
// in, they are the figure: the importers' mirror records of them are dropped.
func addHome(y *yearAgg, k cellKey, f Flow) {
	h := y.home[k]
	if f.ExporterReported && !h.declared {
		h = homeCell{declared: true}
	}
	h.value += f.ValueUSD
	h.tonnes += f.QuantityTonnes
	y.home[k] = h
}

// AddGrowth takes a bilateral flow only for the growth figures: from a
// file whose values the others already count (the shipped bilateral file
// repeats what the importer totals and Indonesia's exports hold). Flows
// without a figure are kept too: they tell how much of an importer's value
// the figures cover.
func (a *Aggregator) AddGrowth(f Flow) {
	if len(f.HS) != 6 || f.Importer == "" || f.Exporter == "" {
		return
	}
	if y := a.years[f.Year]; y != nil {
		y.growth[f.HS] = append(y.growth[f.HS], f)
	}
}

// Tables returns the aggregated years, oldest first, rows sorted. The
// aggregator is spent: its cells are released as the rows are made.
func (a *Aggregator) Tables() []*Tables {
	years := make([]int, 0, len(a.years))
	for y := range a.years {
		years = append(years, y)
	}
	sort.Ints(years)
	var out []*Tables
	for _, year := range years {
		y := a.years[year]
		t := &Tables{Year: year, Edition: y.edition, GrowthFlows: y.growth, HomeReported: y.homeReported}
		totals := map[string]*TotalRow{}
		total := func(c string) *TotalRow {
			r := totals[c]
			if r == nil {
				r = &TotalRow{Country: c}
				totals[c] = r
			}
			return r
		}
		keys := make([]cellKey, 0, len(y.imports))
		for k := range y.imports {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
		t.Imports = make([]ImportRow, 0, len(keys))
		reporters := map[string]bool{}
		for _, k := range keys {
			c := y.imports[k]
			v := c.sum
			if c.hasTotal {
				v = c.total
			}
			hs, imp := a.split(k)
			t.Imports = append(t.Imports, ImportRow{HS: hs, Importer: imp, ValueUSD: v, Partners: int(c.partners)})
			total(imp).ImportsAll += v
			reporters[imp] = true
		}
		y.imports = nil
		keys = keys[:0]
		for k, h := range y.home {
			if !y.homeReported || h.declared { // else the mirror of a declared flow
				keys = append(keys, k)
			}
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
		for _, k := range keys {
			h := y.home[k]
			hs, imp := a.split(k)
			t.Home = append(t.Home, HomeRow{HS: hs, Importer: imp, ValueUSD: h.value, Tonnes: h.tonnes})
			total(imp).HomeExports += h.value
		}
		y.home = nil
		for _, r := range totals {
			t.Totals = append(t.Totals, *r)
		}
		for c := range reporters {
			t.Reporters = append(t.Reporters, c)
		}
		sort.Slice(t.Totals, func(i, j int) bool { return t.Totals[i].Country < t.Totals[j].Country })
		sort.Strings(t.Reporters)
		out = append(out, t)
	}
	return out
}
