// Package market recommends destination markets for a product and says
// what each destination requires: an explainable ranking in the spirit of
// ITC's Export Potential Indicator (docs/market-method.md gives the formula),
// the destinations' requirements against the certificates an enterprise
// holds, and Indonesia's own export restrictions. It is pure: inputs are
// plain structs (the store fills them from the database, or ShippedInput
// fills them from the embedded data), outputs are structs with message keys.
package market

import (
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/trade"
)

// Message is a translation key with its arguments (internal/i18n).
type Message struct {
	Key  string `json:"key"`
	Args []any  `json:"args,omitempty"`
}

func msg(key string, args ...any) *Message { return &Message{Key: key, Args: args} }

// FactorID names a factor of the score; its label is "market.factor.<id>".
type FactorID string

const (
	FactorDemandSize   FactorID = "demand_size"   // the destination's imports of the product
	FactorDemandGrowth FactorID = "demand_growth" // their growth, % a year
	FactorPresence     FactorID = "presence"      // the home country's exports of the product to it
	FactorDistance     FactorID = "distance"      // great-circle distance between capitals
	FactorTies         FactorID = "ties"          // the home country's exports of all goods to it
	FactorTariff       FactorID = "tariff"        // the tariff the product meets there
	FactorFit          FactorID = "fit"           // the enterprise's certificates against its requirements
)

// Factors lists them in display order.
var Factors = []FactorID{FactorDemandSize, FactorDemandGrowth, FactorPresence, FactorDistance, FactorTies, FactorTariff, FactorFit}

// Weights are the factors' weights. They need not add up to 100: each
// destination's score divides by the sum of the weights of the factors
// that have data for it.
type Weights struct {
	DemandSize   float64 `json:"demand_size"`
	DemandGrowth float64 `json:"demand_growth"`
	Presence     float64 `json:"presence"`
	Distance     float64 `json:"distance"`
	Ties         float64 `json:"ties"`
	Tariff       float64 `json:"tariff"`
	Fit          float64 `json:"fit"`
}

// DefaultWeights: demand first (size 30, growth 10), then what shows
// Indonesia can sell there (its exports of the product 20, of all goods 10),
// then the cost of reaching it (distance 15, tariff 5), then the
// enterprise's readiness (10). They add up to 100.
func DefaultWeights() Weights {
	return Weights{DemandSize: 30, DemandGrowth: 10, Presence: 20, Distance: 15, Ties: 10, Tariff: 5, Fit: 10}
}

// Of returns one factor's weight.
func (w Weights) Of(id FactorID) float64 {
	switch id {
	case FactorDemandSize:
		return w.DemandSize
	case FactorDemandGrowth:
		return w.DemandGrowth
	case FactorPresence:
		return w.Presence
	case FactorDistance:
		return w.Distance
	case FactorTies:
		return w.Ties
	case FactorTariff:
		return w.Tariff
	case FactorFit:
		return w.Fit
	}
	return 0
}

// Set changes one factor's weight.
func (w *Weights) Set(id FactorID, v float64) {
	switch id {
	case FactorDemandSize:
		w.DemandSize = v
	case FactorDemandGrowth:
		w.DemandGrowth = v
	case FactorPresence:
		w.Presence = v
	case FactorDistance:
		w.Distance = v
	case FactorTies:
		w.Ties = v
	case FactorTariff:
		w.Tariff = v
	case FactorFit:
		w.Fit = v
	}
}

// Validate accepts weights between 0 and 100 with at least one above 0.
func (w Weights) Validate() error {
	var p siapekspor.Problems
	sum := 0.0
	for _, id := range Factors {
		v := w.Of(id)
		if math.IsNaN(v) || v < 0 || v > 100 {
			p.Add("weight_"+string(id), "market.weight_range", 0, 100)
			continue
		}
		sum += v
	}
	if len(p) == 0 && sum == 0 {
		p.Add("weights", "market.weights_zero")
	}
	return p.Err()
}

// Series is a yearly figure that may be unknown: Known false means the data
// cannot say (not that it is zero); Known with no values means zero.
type Series struct {
	Known  bool              `json:"known"`
	Values []trade.YearValue `json:"values,omitempty"`
}

// latest returns the last year's value (0 for a known empty series).
func (s Series) latest() (trade.YearValue, bool) {
	if !s.Known {
		return trade.YearValue{}, false
	}
	var best trade.YearValue
	for _, v := range s.Values {
		if v.Year >= best.Year {
			best = v
		}
	}
	return best, true
}

// Growth is a growth figure a source gives (the 2024 files' 8-year CAGR).
type Growth struct {
	Pct         float64 `json:"pct"`          // compound, % a year
	Years       int     `json:"years"`        // over how many years
	CoveragePct float64 `json:"coverage_pct"` // share of the latest value the figure covers; 0 when not stated
	Source      Message `json:"source"`
}

// Secondary is a demand signal in another unit, used for destinations whose
// imports are unknown (ICO coffee volumes for the six missing importers).
// ByCountry holds every country the source covers: a destination's value is
// placed among them, not among the ranked destinations' dollar values.
type Secondary struct {
	Unit      string                       `json:"unit"` // "tonnes"
	Source    Message                      `json:"source"`
	ByCountry map[string][]trade.YearValue `json:"-"`
}

// Fit is how an enterprise's certificates meet a destination's mandatory,
// certificate-shown requirements in force (from Gap; see FitOf).
type Fit struct {
	Required int      `json:"required"`
	Met      int      `json:"met"`
	Missing  []string `json:"missing,omitempty"` // requirement IDs
}

// DestinationInput is what is known about one destination for the product.
type DestinationInput struct {
	Country string `json:"country"` // ISO3
	// Imports: its imports of the product from all partners, US dollars.
	Imports Series `json:"imports"`
	// ImportsGrowth: the source's growth figure when Imports has too few
	// years to compute one.
	ImportsGrowth *Growth `json:"imports_growth,omitempty"`
	// FromHome: its imports of the product from the home country, US dollars.
	FromHome Series `json:"from_home"`
	// HomeTotal: the home country's exports of all goods to it; nil unknown.
	HomeTotal  *float64 `json:"home_total,omitempty"`
	DistanceKm float64  `json:"distance_km"` // 0 unknown
	TariffPct  *float64 `json:"tariff_pct,omitempty"`
	Fit        *Fit     `json:"fit,omitempty"`
}

// HomeInput is the home country's side, the same for every destination.
// The four totals must share one coverage (the same importers, one year).
type HomeInput struct {
	Country          string  `json:"country"`
	Year             int     `json:"year"`
	ExportsOfProduct float64 `json:"exports_of_product"`
	ExportsAll       float64 `json:"exports_all"`
	WorldOfProduct   float64 `json:"world_of_product"`
	WorldAll         float64 `json:"world_all"`
	// Chapter: the home country's revealed comparative advantage in the
	// product's HS chapter over the years of another source, when known.
	Chapter *ChapterRCA `json:"chapter,omitempty"`
}

// ChapterRCA is an RCA series for an HS chapter.
type ChapterRCA struct {
	HS2       string            `json:"hs2"`
	Edition   trade.Edition     `json:"edition"`
	RCA       []trade.YearValue `json:"rca"`
	GrowthPct float64           `json:"growth_pct"` // CAGR of the home country's exports of the chapter
	HasGrowth bool              `json:"has_growth"`
}

// Input is everything Rank needs.
type Input struct {
	Product      string             `json:"product"` // the product's HS code (6 or 4 digits)
	Edition      trade.Edition      `json:"edition"`
	DataCodes    []string           `json:"data_codes,omitempty"` // the codes the trade data was read for
	Home         HomeInput          `json:"home"`
	Destinations []DestinationInput `json:"destinations"`
	Secondary    *Secondary         `json:"secondary,omitempty"`
	// FitAssessed: an enterprise was given; without one the fit factor is
	// left out of the ranking altogether.
	FitAssessed  bool          `json:"fit_assessed"`
	Weights      Weights       `json:"weights"` // zero value: DefaultWeights
	Restrictions []Restriction `json:"restrictions,omitempty"`
	Notes        []Message     `json:"notes,omitempty"`
	// arrays: what BuildInput built the input in, for the ranking to take.
	arrays *rankArrays
}

// Factor is one factor of one destination's score, shown as it was
// computed: raw value, its 0–100 score, weight and points.
type Factor struct {
	ID        FactorID `json:"id"`
	Available bool     `json:"available"`
	Raw       float64  `json:"raw"`
	Unit      string   `json:"unit"` // usd, tonnes, pct_year, km, pct, requirements
	Year      int      `json:"year,omitempty"`
	Score     float64  `json:"score"`  // 0–100
	Weight    float64  `json:"weight"` // as configured
	Share     float64  `json:"share"`  // % of this destination's score the weight carries after renormalising
	Points    float64  `json:"points"` // Share × Score / 100; a destination's points add up to its score
	Source    *Message `json:"source,omitempty"`
	Reason    *Message `json:"reason,omitempty"` // why not available
	// Own: for market growth, the market's own figure before it was
	// shrunk toward the world's (Raw is the figure scored); Detail says
	// how much of it counted.
	Own    *float64 `json:"own,omitempty"`
	Detail *Message `json:"detail,omitempty"`
}

// Result is one destination.
type Result struct {
	Country    string   `json:"country"`
	Rank       int      `json:"rank,omitempty"` // 1 = best; 0 unscored
	Scored     bool     `json:"scored"`
	Score      float64  `json:"score"`    // 0–100
	Coverage   float64  `json:"coverage"` // % of the ranking's weights that had data here
	Incomplete bool     `json:"incomplete"`
	Factors    []Factor `json:"factors"`
	SharePct   *float64 `json:"share_pct,omitempty"` // the home country's share of its imports of the product
	// PotentialUSD is what the home country would sell there with its world
	// market share of the product; UnrealisedUSD the part it does not sell
	// yet (ITC's "unrealised potential", simplified).
	PotentialUSD  *float64 `json:"potential_usd,omitempty"`
	UnrealisedUSD *float64 `json:"unrealised_usd,omitempty"`
	// ShareRatio is the home country's share there over its world market
	// share: above 1 it already sells more there than its world share
	// predicts, and UnrealisedUSD is 0 — that market is realised, not
	// worthless.
	ShareRatio *float64  `json:"share_ratio,omitempty"`
	Flags      []Message `json:"flags,omitempty"`
}

// FactorInfo says whether a factor takes part in the ranking at all.
type FactorInfo struct {
	ID       FactorID `json:"id"`
	Weight   float64  `json:"weight"`
	Included bool     `json:"included"`
	Reason   *Message `json:"reason,omitempty"`
}

// HomeSummary is the ranking's header: the home country's position in the
// product, which is the same for every destination and so is not scored.
type HomeSummary struct {
	Country    string      `json:"country"`
	Year       int         `json:"year"`
	ExportsUSD float64     `json:"exports_usd"`
	WorldUSD   float64     `json:"world_usd"`
	SharePct   *float64    `json:"share_pct,omitempty"` // world market share
	RCA        *float64    `json:"rca,omitempty"`       // Balassa: > 1 means specialised
	Chapter    *ChapterRCA `json:"chapter,omitempty"`
}

// Ranking is Rank's answer.
type Ranking struct {
	Product      string        `json:"product"`
	Edition      trade.Edition `json:"edition"`
	DataCodes    []string      `json:"data_codes,omitempty"`
	Home         HomeSummary   `json:"home"`
	Weights      Weights       `json:"weights"`
	Factors      []FactorInfo  `json:"factors"`
	Results      []Result      `json:"results"`  // scored, best first
	Unscored     []Result      `json:"unscored"` // no evidence for the product: listed, never ranked as buying nothing
	Restrictions []Restriction `json:"restrictions,omitempty"`
	Notes        []Message     `json:"notes,omitempty"`
	// Growth: the world figure small markets' growth is shrunk toward and
	// the market size at which a market's own figure counts half.
	Growth *GrowthBasis `json:"growth,omitempty"`
	// arrays hold the results and their factors, when taken from
	// rankArrays (Release gives them back).
	arrays *rankArrays
}

// rankArrays are the arrays a ranking is made in, from its input to its
// results: a ranking of 250 destinations needs 240 kB of factors and 100 kB
// of results, and its input, messages, growth figures and sort keys another
// 100 kB, most of what a ranking page allocated (issue 16 item 3). A ranking
// page gives them back once written (Release) and the next ranking takes
// them; an array is cleared when it is taken (sized), so what a ranking
// reads is what a new array would hold.
type rankArrays struct {
	factors       []Factor
	rows, results []Result
	// Rank's: each row's flags and the incomplete flag's argument, the
	// scored rows' positions and their sort keys, the secondary source's
	// use, and four figures a row (share, potential, unrealised, ratio).
	flags    []Message
	coverage []any
	scored   []int
	keys     []resultKey
	usedSec  []bool
	perRow   []float64
	// shrinkGrowth's and percentileGrowth's.
	markets       []growthMarket
	sizes, owns   []float64
	details       []Message
	detailArgs    []any
	growthFigures []float64
	// BuildInput's: the destinations, their series, totals and growth.
	dests   []inputDest
	input   []DestinationInput
	values  []trade.YearValue
	totals  []float64
	growths []Growth
	isDest  []bool
	// ranked: a ranking holds the arrays (takeArrays), until Release.
	ranked bool
}

var rankArrayPool sync.Pool

// takeRankArrays returns a ranking's arrays from the pool, or new ones.
func takeRankArrays() *rankArrays {
	if a, _ := rankArrayPool.Get().(*rankArrays); a != nil {
		return a
	}
	return &rankArrays{}
}

// sized returns *s with length n, cleared, growing it when it is short.
func sized[T any](s *[]T, n int) []T {
	if cap(*s) < n {
		*s = make([]T, n)
	}
	*s = (*s)[:n]
	clear(*s)
	return *s
}

// takeArrays gives a ranking the arrays its input was built in (or new
// ones) with room for n destinations' rows and factors (the results'
// array is sized in sortResults).
func takeArrays(r *Ranking, in *Input, n int) *rankArrays {
	a := in.arrays
	if a == nil || a.ranked {
		a = takeRankArrays() // an input ranked twice: its arrays hold the first ranking
	}
	a.ranked = true
	sized(&a.factors, n*len(Factors))
	sized(&a.rows, n)
	r.arrays = a
	return a
}

// Release gives the ranking's arrays back for another ranking, once its
// reader is done with it: neither the ranking, nor anything read from its
// results, nor the input it was made from (when BuildInput made it) may be
// used after. A ranking not released is collected as any
// value.
func (r *Ranking) Release() {
	if r == nil || r.arrays == nil {
		return
	}
	a := r.arrays
	r.arrays, r.Results, r.Unscored = nil, nil, nil
	a.ranked = false
	rankArrayPool.Put(a)
}

// GrowthBasis is what market growth figures are shrunk with: each market's
// own figure g counts V / (V + PriorUSD), the world's WorldPct the rest,
// where V is the market's imports of the product.
type GrowthBasis struct {
	WorldPct float64 `json:"world_pct"` // the import-weighted median of the markets' own figures
	PriorUSD float64 `json:"prior_usd"` // the median market's imports
	Markets  int     `json:"markets"`   // how many markets it was taken over
}

// Normalisation constants (docs/market-method.md).
const (
	DistanceNear = 500.0   // km scoring 100
	DistanceFar  = 20000.0 // km scoring 0 (half the Earth's circumference)
	TariffHigh   = 50.0    // % scoring 0; 0 % scores 100
	// SecondaryGrowthYears: the secondary series' growth is taken over at
	// most its last ten years.
	SecondaryGrowthYears = 10
)

// Rank scores every destination of in for its product. It fails only on
// bad weights or a bad product code.
func Rank(in Input) (*Ranking, error) {
	w := in.Weights
	if w == (Weights{}) {
		w = DefaultWeights()
	}
	if err := w.Validate(); err != nil {
		return nil, err
	}
	code, _, err := ParseProduct(in.Product, in.Edition)
	if err != nil {
		return nil, err
	}
	out := &Ranking{Product: code, Edition: in.Edition, DataCodes: in.DataCodes, Weights: w,
		Restrictions: in.Restrictions, Notes: in.Notes, Home: homeSummary(in.Home)}

	arrays := takeArrays(out, &in, len(in.Destinations))
	rows := arrays.rows
	secondaryUsed := sized(&arrays.usedSec, len(in.Destinations))
	secYear := secondaryYear(in.Secondary)
	// One array holds every destination's factors, and the messages shared
	// by many destinations (a source and its year) are made once: a
	// ranking of 250 destinations made 10,000 small objects.
	fs := arrays.factors
	mc := &msgCache{}
	for i := range in.Destinations {
		n := i * len(Factors)
		rows[i], secondaryUsed[i] = rawFactors(&in.Destinations[i], &in, w, secYear, fs[n:n+len(Factors):n+len(Factors)], mc)
	}
	out.Growth = normalise(rows, secondaryUsed, in.Secondary, arrays)

	// A factor takes part when some destination has data for it.
	// (by the factor's position: rows hold every factor in Factors' order)
	var included [numFactors]bool
	for k, id := range Factors {
		info := FactorInfo{ID: id, Weight: w.Of(id)}
		switch {
		case id == FactorFit && !in.FitAssessed:
			info.Reason = msg("market.reason.no_enterprise")
		case info.Weight == 0:
			info.Reason = msg("market.reason.zero_weight")
		default:
			for _, r := range rows {
				if f := r.factor(id); f != nil && f.Available {
					info.Included = true
					break
				}
			}
			if !info.Included {
				info.Reason = msg("market.reason.no_data_any")
				if id == FactorTariff {
					info.Reason = msg("market.reason.no_tariff_data")
				}
			}
		}
		included[k] = info.Included
		out.Factors = append(out.Factors, info)
	}
	totalWeight := 0.0
	for k, id := range Factors {
		if included[k] {
			totalWeight += w.Of(id)
		}
	}

	scored := sized(&arrays.scored, len(rows))[:0] // rows' positions, sorted at the end
	share := 0.0
	if in.Home.ExportsOfProduct > 0 && in.Home.WorldOfProduct > 0 {
		share = in.Home.ExportsOfProduct / in.Home.WorldOfProduct
	}
	// Each row's flags (at most two) and the incomplete flag's argument
	// come from one array each.
	flags, coverage := sized(&arrays.flags, 2*len(rows)), sized(&arrays.coverage, len(rows))
	perRow := sized(&arrays.perRow, 4*len(rows))
	for i := range rows {
		r := &rows[i]
		r.Flags = flags[2*i : 2*i : 2*i+2]
		// Evidence for the product is a matter of data, whatever the weights.
		demand, presence := r.factor(FactorDemandSize), r.factor(FactorPresence)
		evidence := demand.Available || (presence.Available && presence.Raw > 0)
		// Drop the factors left out of the ranking, keep the rest in order.
		kept := r.Factors[:0]
		for k := range r.Factors {
			if included[k] {
				kept = append(kept, r.Factors[k])
			}
		}
		r.Factors = kept
		if !evidence {
			r.Flags = append(r.Flags, *noEvidenceReason(in.Destinations[i]))
			out.Unscored = append(out.Unscored, *r)
			continue
		}
		sum := 0.0
		for _, f := range r.Factors {
			if f.Available {
				sum += f.Weight
			}
		}
		if sum == 0 {
			r.Flags = append(r.Flags, Message{Key: "market.reason.no_weighted_factor"})
			out.Unscored = append(out.Unscored, *r)
			continue
		}
		for j := range r.Factors {
			f := &r.Factors[j]
			if f.Available {
				f.Share = 100 * f.Weight / sum
				f.Points = f.Share * f.Score / 100
				r.Score += f.Points
			}
		}
		r.Scored = true
		if totalWeight > 0 {
			r.Coverage = 100 * sum / totalWeight
		}
		// Partial data means the trade data lacks a factor here. A fit left out
		// because the catalogue requires no certificate there is not a gap in
		// the data: its cell says why, and it flags nothing.
		tradeGap := false
		for _, f := range r.Factors {
			tradeGap = tradeGap || !f.Available && f.ID != FactorFit
		}
		if tradeGap {
			r.Incomplete = true
			coverage[i] = int(math.Round(r.Coverage))
			r.Flags = append(r.Flags, Message{Key: "market.flag.incomplete", Args: coverage[i : i+1 : i+1]})
		}
		if secondaryUsed[i] {
			r.Incomplete = true
			r.Flags = append(r.Flags, Message{Key: "market.flag.secondary_demand"})
		}
		d := in.Destinations[i]
		if m, ok := d.Imports.latest(); ok {
			if x, ok := d.FromHome.latest(); ok {
				f := perRow[4*i : 4*i+4 : 4*i+4]
				if m.Value > 0 {
					f[0] = 100 * x.Value / m.Value
					r.SharePct = &f[0]
				}
				if share > 0 {
					f[1] = share * m.Value
					f[2] = math.Max(0, f[1]-x.Value)
					r.PotentialUSD, r.UnrealisedUSD = &f[1], &f[2]
					if f[1] > 0 {
						f[3] = x.Value / f[1]
						r.ShareRatio = &f[3]
					}
				}
			}
		}
		scored = append(scored, i)
	}
	out.Results = sortResults(rows, scored, arrays)
	for i := range out.Results {
		out.Results[i].Rank = i + 1
	}
	sort.SliceStable(out.Unscored, func(i, j int) bool { return out.Unscored[i].Country < out.Unscored[j].Country })
	return out, nil
}

// sortResults returns the scored destinations (rs at the positions of
// scored, in that order) best first: by score, then by the demand factor's
// score, then by country. It sorts their positions and copies each result
// once (a Result is some 200 bytes).
func sortResults(rs []Result, scored []int, arrays *rankArrays) []Result {
	keys := sized(&arrays.keys, len(scored))
	for n, i := range scored {
		keys[n] = resultKey{score: rs[i].Score, i: i}
		if d := rs[i].factor(FactorDemandSize); d != nil {
			keys[n].demand, keys[n].hasDemand = d.Score, true
		}
	}
	// The order of sort.SliceStable with the same less function: the same
	// algorithm, and a tie (or a NaN) leaves the order as it was.
	less := func(a, b resultKey) bool {
		if a.score != b.score {
			return a.score > b.score
		}
		if a.hasDemand && b.hasDemand && a.demand != b.demand {
			return a.demand > b.demand
		}
		return rs[a.i].Country < rs[b.i].Country
	}
	// With every score different (and none NaN) the score alone decides,
	// and any sort gives sort.SliceStable's order: an unstable sort by
	// score and position, checked afterwards, else the stable one again.
	slices.SortFunc(keys, func(a, b resultKey) int {
		if a.score != b.score {
			return lessCmp(a.score > b.score, b.score > a.score)
		}
		return a.i - b.i
	})
	for n := 1; n < len(keys); n++ {
		if !(keys[n-1].score > keys[n].score) {
			slices.SortFunc(keys, func(a, b resultKey) int { return a.i - b.i }) // the rows' order again
			slices.SortStableFunc(keys, func(a, b resultKey) int { return lessCmp(less(a, b), less(b, a)) })
			break
		}
	}
	if cap(arrays.results) < len(keys) {
		arrays.results = make([]Result, len(keys))
	}
	out := arrays.results[:len(keys)]
	for i, k := range keys {
		out[i] = rs[k.i]
	}
	return out
}

// resultKey is what sortResults sorts a scored row by.
type resultKey struct {
	score, demand float64
	hasDemand     bool
	i             int
}

// lessCmp turns a less function's two answers into a comparison.
func lessCmp(less, greater bool) int {
	switch {
	case less:
		return -1
	case greater:
		return 1
	}
	return 0
}

// msgCache makes the messages of rawFactors: each call site keeps the last
// message it made and gives it again while the arguments are the same (a
// source and its year are the same for most destinations). The results
// share them; they are read, never changed.
type msgCache struct {
	slots [msgSlots]msgSlot
}

type msgSlot struct {
	m    *Message
	a, b int
}

// The call sites of rawFactors.
const (
	slotImports = iota
	slotDemandNone
	slotCAGR
	slotSecondaryCAGR
	slotGrowthNone
	slotHomeExports
	slotPresenceNone
	slotDistance
	slotDistanceNone
	slotTies
	slotTiesNone
	slotTariff
	slotTariffNone
	slotFit
	slotFitNone
	msgSlots
)

func (c *msgCache) get(slot int, key string, n, a, b int) *Message {
	s := &c.slots[slot]
	if s.m != nil && s.a == a && s.b == b {
		return s.m
	}
	switch n {
	case 0:
		s.m = msg(key)
	case 1:
		s.m = msg(key, a)
	default:
		s.m = msg(key, a, b)
	}
	s.a, s.b = a, b
	return s.m
}

func (r *Result) factor(id FactorID) *Factor {
	for i := range r.Factors {
		if r.Factors[i].ID == id {
			return &r.Factors[i]
		}
	}
	return nil
}

func noEvidenceReason(d DestinationInput) *Message {
	if !d.Imports.Known {
		return msg("market.reason.no_importer_data")
	}
	return msg("market.reason.no_product_trade")
}

// rawFactors fills the raw values; scores come in normalise.
// The factors are written into fs (one for each of Factors, in their
// order); the messages come from mc. A source given with the input
// (secondary, imports growth) is pointed to, not copied.
func rawFactors(d *DestinationInput, in *Input, w Weights, secYear int, fs []Factor, mc *msgCache) (Result, bool) {
	r := Result{Country: d.Country, Factors: fs}
	secondary := false
	// Demand: the destination's imports, else the secondary signal.
	demand := &fs[posDemandSize]
	*demand = Factor{ID: FactorDemandSize, Unit: "usd", Weight: w.DemandSize}
	if v, ok := d.Imports.latest(); ok {
		demand.Available, demand.Raw, demand.Year = true, v.Value, v.Year
		demand.Source = mc.get(slotImports, "market.source.imports", 1, v.Year, 0)
	} else if s, ok := secondaryValue(in.Secondary, d.Country, secYear); ok {
		secondary = true
		demand.Available, demand.Raw, demand.Year, demand.Unit = true, s.Value, s.Year, in.Secondary.Unit
		demand.Source = &in.Secondary.Source
	} else {
		demand.Reason = mc.get(slotDemandNone, "market.reason.no_importer_data", 0, 0, 0)
	}

	growth := &fs[posDemandGrowth]
	*growth = Factor{ID: FactorDemandGrowth, Unit: "pct_year", Weight: w.DemandGrowth}
	if g, from, to, ok := seriesCAGR(d.Imports.Values, 0, MinBaseShare); d.Imports.Known && ok {
		growth.Available, growth.Raw, growth.Year = true, g, to
		growth.Source = mc.get(slotCAGR, "market.source.cagr", 2, from, to)
	} else if d.ImportsGrowth != nil {
		growth.Available, growth.Raw = true, d.ImportsGrowth.Pct
		growth.Source = &d.ImportsGrowth.Source
	} else if secondary {
		if g, from, to, ok := seriesCAGR(in.Secondary.ByCountry[d.Country], SecondaryGrowthYears, MinBaseShare); ok {
			growth.Available, growth.Raw, growth.Year = true, g, to
			growth.Source = mc.get(slotSecondaryCAGR, "market.source.secondary_cagr", 2, from, to)
		}
	}
	if !growth.Available {
		growth.Reason = mc.get(slotGrowthNone, "market.reason.no_growth_data", 0, 0, 0) // scored among the markets in normalise
	}

	presence := &fs[posPresence]
	*presence = Factor{ID: FactorPresence, Unit: "usd", Weight: w.Presence}
	if v, ok := d.FromHome.latest(); ok {
		presence.Available, presence.Raw, presence.Year = true, v.Value, v.Year
		presence.Source = mc.get(slotHomeExports, "market.source.home_exports", 1, v.Year, 0)
	} else {
		presence.Reason = mc.get(slotPresenceNone, "market.reason.no_importer_data", 0, 0, 0)
	}

	dist := &fs[posDistance]
	*dist = Factor{ID: FactorDistance, Unit: "km", Weight: w.Distance}
	if d.DistanceKm > 0 {
		dist.Available, dist.Raw = true, d.DistanceKm
		dist.Source = mc.get(slotDistance, "market.source.distance", 0, 0, 0)
		dist.Score = clamp(100 * math.Log(DistanceFar/d.DistanceKm) / math.Log(DistanceFar/DistanceNear))
	} else {
		dist.Reason = mc.get(slotDistanceNone, "market.reason.no_location", 0, 0, 0)
	}

	ties := &fs[posTies]
	*ties = Factor{ID: FactorTies, Unit: "usd", Weight: w.Ties}
	if d.HomeTotal != nil {
		ties.Available, ties.Raw, ties.Year = true, *d.HomeTotal, in.Home.Year
		ties.Source = mc.get(slotTies, "market.source.home_exports_all", 1, in.Home.Year, 0)
	} else {
		ties.Reason = mc.get(slotTiesNone, "market.reason.no_importer_data", 0, 0, 0)
	}

	tariff := &fs[posTariff]
	*tariff = Factor{ID: FactorTariff, Unit: "pct", Weight: w.Tariff}
	if d.TariffPct != nil {
		tariff.Available, tariff.Raw = true, *d.TariffPct
		tariff.Source = mc.get(slotTariff, "market.source.tariff", 0, 0, 0)
		tariff.Score = clamp(100 * (1 - *d.TariffPct/TariffHigh))
	} else {
		tariff.Reason = mc.get(slotTariffNone, "market.reason.no_tariff_data", 0, 0, 0)
	}

	fit := &fs[posFit]
	*fit = Factor{ID: FactorFit, Unit: "requirements", Weight: w.Fit}
	if d.Fit != nil && d.Fit.Required > 0 {
		fit.Available, fit.Raw = true, float64(d.Fit.Met)
		fit.Source = mc.get(slotFit, "market.source.requirements", 2, d.Fit.Met, d.Fit.Required)
		fit.Score = clamp(100 * float64(d.Fit.Met) / float64(d.Fit.Required))
	} else {
		fit.Reason = mc.get(slotFitNone, "market.reason.no_requirements", 0, 0, 0)
	}
	return r, secondary
}

// The factors' positions in Factors, and so in a row before normalise's
// callers drop those left out.
const (
	posDemandSize = iota
	posDemandGrowth
	posPresence
	posDistance
	posTies
	posTariff
	posFit
	numFactors
)

// normalise scores the factors that are placed among the destinations; the
// others were scored on fixed scales in rawFactors. It returns what growth
// figures were shrunk with (nil when no market had a dollar figure). The
// rows hold every factor in Factors' order (rawFactors).
func normalise(rows []Result, secondaryUsed []bool, sec *Secondary, arrays *rankArrays) *GrowthBasis {
	// Log-scaled min–max over the destinations, for the dollar factors.
	for _, k := range []int{posDemandSize, posPresence, posTies} {
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := range rows {
			if f := &rows[i].Factors[k]; f.Available && !(k == posDemandSize && secondaryUsed[i]) {
				lo, hi = math.Min(lo, f.Raw), math.Max(hi, f.Raw)
			}
		}
		scale := newLogScale(lo, hi)
		for i := range rows {
			if f := &rows[i].Factors[k]; f.Available && !(k == posDemandSize && secondaryUsed[i]) {
				f.Score = scale.score(f.Raw)
			}
		}
	}
	// The secondary demand is placed among all the countries its source
	// covers, in its own unit.
	if sec != nil {
		lo, hi := secondaryRange(sec)
		for i := range rows {
			if secondaryUsed[i] {
				f := &rows[i].Factors[posDemandSize]
				f.Score = LogMinMax(f.Raw, lo, hi)
			}
		}
	}
	basis := shrinkGrowth(rows, secondaryUsed, arrays)
	percentileGrowth(rows, arrays)
	return basis
}

// logScale is LogMinMax for one lo and hi, their logarithms taken once:
// the same figures.
type logScale struct {
	lo, hi, logLo, span float64
}

func newLogScale(lo, hi float64) logScale {
	s := logScale{lo: lo, hi: hi}
	if hi > lo {
		s.logLo, s.span = math.Log1p(lo), math.Log1p(hi)-math.Log1p(lo)
	}
	return s
}

func (s logScale) score(x float64) float64 {
	if s.hi <= s.lo {
		if x > 0 {
			return 100
		}
		return 0
	}
	return clamp(100 * (math.Log1p(x) - s.logLo) / s.span)
}

// shrinkGrowth pulls small markets' growth figures toward the world's: a
// figure from a small base says little (one new supplier can make it
// hundreds of percent). A market importing V counts its own figure
// V / (V + K) and the world figure the rest, K being the median market's
// imports, so the median market counts its own half and the largest
// almost wholly. The world figure is the import-weighted median of the
// markets' own figures. Markets sized in another unit (the secondary
// source) keep their own.
func shrinkGrowth(rows []Result, secondaryUsed []bool, arrays *rankArrays) *GrowthBasis {
	ms := sized(&arrays.markets, len(rows))[:0]
	for i := range rows {
		g, size := &rows[i].Factors[posDemandGrowth], &rows[i].Factors[posDemandSize]
		if g.Available && size.Available && !secondaryUsed[i] && size.Raw > 0 {
			ms = append(ms, growthMarket{g: g.Raw, v: size.Raw, f: g})
		}
	}
	if len(ms) == 0 {
		return nil
	}
	sizes := sized(&arrays.sizes, len(ms))
	for i, m := range ms {
		sizes[i] = m.v
	}
	sort.Float64s(sizes)
	k := sizes[len(sizes)/2]
	if len(sizes)%2 == 0 {
		k = (sizes[len(sizes)/2-1] + sizes[len(sizes)/2]) / 2
	}
	// Stable by growth: by growth, then by position (the same order, and
	// quicker), unless a figure is NaN, which compares with nothing.
	nan := false
	for i := range ms {
		ms[i].i = i
		nan = nan || math.IsNaN(ms[i].g)
	}
	if nan {
		slices.SortStableFunc(ms, func(a, b growthMarket) int { return lessCmp(a.g < b.g, b.g < a.g) })
	} else {
		slices.SortFunc(ms, func(a, b growthMarket) int {
			if a.g != b.g {
				return lessCmp(a.g < b.g, b.g < a.g)
			}
			return a.i - b.i
		})
	}
	total := 0.0
	for _, m := range ms {
		total += m.v
	}
	world, run := 0.0, 0.0
	for _, m := range ms {
		run += m.v
		world = m.g
		if run >= total/2 {
			break
		}
	}
	// One array each for the figures and their messages.
	owns, details, args := sized(&arrays.owns, len(ms)), sized(&arrays.details, len(ms)), sized(&arrays.detailArgs, 3*len(ms))
	worldArg := any(int(math.Round(world)))
	for i, m := range ms {
		own, w := m.g, m.v/(m.v+k)
		owns[i] = own
		m.f.Own = &owns[i]
		m.f.Raw = w*own + (1-w)*world
		a := args[3*i : 3*i+3 : 3*i+3]
		a[0], a[1], a[2] = int(math.Round(own)), int(math.Round(100*w)), worldArg
		details[i] = Message{Key: "market.growth_shrunk", Args: a}
		m.f.Detail = &details[i]
	}
	return &GrowthBasis{WorldPct: world, PriorUSD: k, Markets: len(ms)}
}

// growthMarket is a market shrinkGrowth weighs.
type growthMarket struct {
	g, v float64
	f    *Factor
	i    int // its position before sorting
}

// percentileGrowth scores growth by rank among the markets with a figure:
// 100 × the share of the other markets growing slower (ties count half).
// Growth figures differ by product (every coffee market grows, most of
// another product's shrink), so the fastest-growing markets of this
// product score highest, and no fixed threshold piles half of them at 100.
// A lone figure scores 50.
func percentileGrowth(rows []Result, arrays *rankArrays) {
	gs := sized(&arrays.growthFigures, len(rows))[:0]
	for i := range rows {
		if f := rows[i].factor(FactorDemandGrowth); f.Available {
			gs = append(gs, f.Raw)
		}
	}
	sort.Float64s(gs)
	for i := range rows {
		f := rows[i].factor(FactorDemandGrowth)
		if !f.Available {
			continue
		}
		if len(gs) == 1 {
			f.Score = 50
			continue
		}
		below := sort.SearchFloat64s(gs, f.Raw)
		equal := sort.SearchFloat64s(gs, math.Nextafter(f.Raw, math.Inf(1))) - below
		f.Score = 100 * (float64(below) + float64(equal-1)/2) / float64(len(gs)-1)
	}
}

// LogMinMax places x between lo and hi on a logarithmic scale: 100 for the
// largest, 0 for the smallest; ln(1+x) keeps zeros defined. When all values
// are equal, a positive one scores 100.
func LogMinMax(x, lo, hi float64) float64 {
	if hi <= lo {
		if x > 0 {
			return 100
		}
		return 0
	}
	return clamp(100 * (math.Log1p(x) - math.Log1p(lo)) / (math.Log1p(hi) - math.Log1p(lo)))
}

func clamp(v float64) float64 { return math.Max(0, math.Min(100, v)) }

// seriesCAGR is the compound growth between the first and the last positive
// values of a series, at most maxYears apart (0: no limit), measured from
// at least minBase × the last value (0: from the first value as it is).
func seriesCAGR(s []trade.YearValue, maxYears int, minBase float64) (pct float64, from, to int, ok bool) {
	var first, last trade.YearValue
	for _, v := range s {
		if v.Value > 0 && v.Year > last.Year {
			last = v
		}
	}
	if last.Year == 0 {
		return 0, 0, 0, false
	}
	for _, v := range s {
		if v.Value > 0 && v.Year < last.Year && (maxYears == 0 || last.Year-v.Year <= maxYears) && (first.Year == 0 || v.Year < first.Year) {
			first = v
		}
	}
	if first.Year == 0 {
		return 0, 0, 0, false
	}
	years := float64(last.Year - first.Year)
	start := math.Max(first.Value, minBase*last.Value)
	return 100 * (math.Pow(last.Value/start, 1/years) - 1), first.Year, last.Year, true
}

// secondaryValue is a country's value in the secondary source's latest year
// (or its own latest when it lacks that year).
func secondaryValue(sec *Secondary, c string, ref int) (trade.YearValue, bool) {
	if sec == nil {
		return trade.YearValue{}, false
	}
	s := sec.ByCountry[c]
	if len(s) == 0 {
		return trade.YearValue{}, false
	}
	best := trade.YearValue{}
	for _, v := range s {
		if v.Year == ref {
			return v, v.Value > 0
		}
		if v.Year > best.Year {
			best = v
		}
	}
	return best, best.Value > 0
}

func secondaryYear(sec *Secondary) int {
	y := 0
	if sec == nil {
		return 0
	}
	for _, s := range sec.ByCountry {
		for _, v := range s {
			y = max(y, v.Year)
		}
	}
	return y
}

func secondaryRange(sec *Secondary) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	ref := secondaryYear(sec)
	for c := range sec.ByCountry {
		if v, ok := secondaryValue(sec, c, ref); ok {
			lo, hi = math.Min(lo, v.Value), math.Max(hi, v.Value)
		}
	}
	return lo, hi
}

func homeSummary(h HomeInput) HomeSummary {
	s := HomeSummary{Country: h.Country, Year: h.Year, ExportsUSD: h.ExportsOfProduct, WorldUSD: h.WorldOfProduct, Chapter: h.Chapter}
	if h.WorldOfProduct > 0 {
		v := 100 * h.ExportsOfProduct / h.WorldOfProduct
		s.SharePct = &v
	}
	if v, ok := RCA(h.ExportsOfProduct, h.ExportsAll, h.WorldOfProduct, h.WorldAll); ok {
		s.RCA = &v
	}
	return s
}

// RCA is Balassa's revealed comparative advantage: the product's share in
// the country's exports over its share in world trade.
func RCA(exportsOfProduct, exportsAll, worldOfProduct, worldAll float64) (float64, bool) {
	if exportsAll <= 0 || worldOfProduct <= 0 || worldAll <= 0 {
		return 0, false
	}
	return (exportsOfProduct / exportsAll) / (worldOfProduct / worldAll), true
}
