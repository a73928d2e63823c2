package trade

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// Index holds the shipped trade data in memory, compactly, for ranking
// without a database: built once (about half a second), then read-only and
// safe for concurrent use. All codes are HS 2017 (the edition of the 2024
// files) except the chapters of the world-exports series (HS 1992).
type Index struct {
	countries []string
	cidx      map[string]uint16

	imports   map[string][]impCell    // HS6 → importers' totals (2024)
	idn       map[string][]growthCell // HS6 → Indonesia's exports by destination
	bilateral map[string][]growthCell // HS6 → every exporter → importer flow (focus products)
	hs6       []string                // HS6 codes of imports, sorted

	importsAll map[string]float64 // importer → imports of all goods
	idnAll     map[string]float64 // destination → Indonesia's exports of all goods
	year       int
}

type impCell struct {
	c, n uint16
	v    float64
}

type growthCell struct {
	c, e uint16  // importer, exporter
	g    float32 // growth % a year over 8 years; NaN when the source has none
	v    float64
}

type worldKey struct {
	year     int
	exporter string
	hs2      string
}

var (
	indexBuilt atomic.Bool // lets hs2017Codes reuse a built index
	indexOnce  sync.Once
	index      *Index
	indexErr   error
)

// ShippedIndex returns the index over the shipped files, building it on
// first use.
func ShippedIndex() (*Index, error) {
	indexOnce.Do(func() {
		index, indexErr = buildIndex()
		indexBuilt.Store(indexErr == nil)
	})
	return index, indexErr
}

func (ix *Index) country(c string) uint16 {
	if i, ok := ix.cidx[c]; ok {
		return i
	}
	i := uint16(len(ix.countries))
	ix.countries = append(ix.countries, c)
	ix.cidx[c] = i
	return i
}

func readAll(id string, fn func(Flow)) error {
	r, err := OpenShipped(id)
	if err != nil {
		return err
	}
	defer r.Close()
	if err := ForEach(r, func(f Flow) error { fn(f); return nil }); err != nil {
		return err
	}
	if ps := r.Problems(); len(ps) > 0 {
		return fmt.Errorf("trade: %s: %d problems, first %s: %s %v", id, len(ps), ps[0].Where(), ps[0].Key, ps[0].Value)
	}
	return nil
}

func buildIndex() (*Index, error) {
	ix := &Index{cidx: map[string]uint16{}, imports: map[string][]impCell{}, idn: map[string][]growthCell{},
		bilateral: map[string][]growthCell{}, importsAll: map[string]float64{}, idnAll: map[string]float64{},
	}
	err := readAll(DatasetImports2024, func(f Flow) {
		ix.imports[f.HS] = append(ix.imports[f.HS], impCell{c: ix.country(f.Importer), n: uint16(min(f.Partners, math.MaxUint16)), v: f.ValueUSD})
		ix.importsAll[f.Importer] += f.ValueUSD
		ix.year = max(ix.year, f.Year)
	})
	if err != nil {
		return nil, err
	}
	growth := func(f Flow) float32 {
		if f.GrowthYears == 0 {
			return float32(math.NaN())
		}
		return float32(f.GrowthPct)
	}
	if err := readAll(DatasetIDNExports2024, func(f Flow) {
		ix.idn[f.HS] = append(ix.idn[f.HS], growthCell{c: ix.country(f.Importer), e: ix.country(f.Exporter), g: growth(f), v: f.ValueUSD})
		ix.idnAll[f.Importer] += f.ValueUSD
	}); err != nil {
		return nil, err
	}
	if err := readAll(DatasetBilateral2024, func(f Flow) {
		ix.bilateral[f.HS] = append(ix.bilateral[f.HS], growthCell{c: ix.country(f.Importer), e: ix.country(f.Exporter), g: growth(f), v: f.ValueUSD})
	}); err != nil {
		return nil, err
	}

	for hs := range ix.imports {
		ix.hs6 = append(ix.hs6, hs)
	}
	sort.Strings(ix.hs6)
	return ix, nil
}

func sortedSeries(m map[int]float64) []YearValue {
	out := make([]YearValue, 0, len(m))
	for y, v := range m {
		out = append(out, YearValue{y, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out
}

// Year is the year of the 2024 files.
func (ix *Index) Year() int { return ix.year }

// codes lists the HS6 codes (of the imports file) under an HS 2017 code of
// 2, 4 or 6 digits.
func (ix *Index) codes(hs string) []string {
	i := sort.SearchStrings(ix.hs6, hs)
	var out []string
	for ; i < len(ix.hs6) && strings.HasPrefix(ix.hs6[i], hs); i++ {
		out = append(out, ix.hs6[i])
	}
	return out
}

// Codes lists the HS 2017 subheadings with data under hs (2, 4 or 6 digits).
func (ix *Index) Codes(hs string) []string { return ix.codes(hs) }

// Reporters are the importers of the 2024 files, sorted: for these, a
// missing flow is a zero; for any other country it is unknown.
func (ix *Index) Reporters() []string {
	out := make([]string, 0, len(ix.importsAll))
	for c := range ix.importsAll {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// IsReporter reports whether c is an importer of the 2024 files.
func (ix *Index) IsReporter(c string) bool {
	_, ok := ix.importsAll[c]
	return ok
}

// Imports returns each importer's 2024 imports of hs (HS 2017, 2/4/6 digits)
// from all partners, in US dollars.
func (ix *Index) Imports(hs string) map[string]float64 {
	out := map[string]float64{}
	for _, code := range ix.codes(hs) {
		for _, c := range ix.imports[code] {
			out[ix.countries[c.c]] += c.v
		}
	}
	return out
}

// ImportsAll returns each importer's 2024 imports of all goods.
func (ix *Index) ImportsAll() map[string]float64 { return copyMap(ix.importsAll) }

// IndonesiaExports returns Indonesia's 2024 exports of hs by destination.
func (ix *Index) IndonesiaExports(hs string) map[string]float64 {
	out := map[string]float64{}
	for _, code := range ix.codes(hs) {
		for _, c := range ix.idn[code] {
			out[ix.countries[c.c]] += c.v
		}
	}
	return out
}

// IndonesiaExportsAll returns Indonesia's 2024 exports of all goods by
// destination (the 210 destinations among the reporters).
func (ix *Index) IndonesiaExportsAll() map[string]float64 { return copyMap(ix.idnAll) }

// IndonesiaExportFlows returns Indonesia's 2024 export flows under hs, with
// the source's growth figures.
func (ix *Index) IndonesiaExportFlows(hs string) []Flow {
	return ix.flows(ix.idn, hs, DatasetIDNExports2024)
}

// BilateralFlows returns every exporter → importer flow under hs; only the
// 102 focus subheadings have them.
func (ix *Index) BilateralFlows(hs string) []Flow {
	return ix.flows(ix.bilateral, hs, DatasetBilateral2024)
}

func (ix *Index) flows(m map[string][]growthCell, hs, dataset string) []Flow {
	var out []Flow
	for _, code := range ix.codes(hs) {
		for _, c := range m[code] {
			f := Flow{Dataset: dataset, Year: ix.year, Importer: ix.countries[c.c], Exporter: ix.countries[c.e], HS: code, Edition: HS17, ValueUSD: c.v}
			if !math.IsNaN(float64(c.g)) {
				f.GrowthPct, f.GrowthYears = float64(c.g), 8
			}
			out = append(out, f)
		}
	}
	return out
}

// HasBilateral reports whether hs has bilateral flows (a focus product).
func (ix *Index) HasBilateral(hs string) bool {
	for _, code := range ix.codes(hs) {
		if len(ix.bilateral[code]) > 0 {
			return true
		}
	}
	return false
}

// WorldExportsHS2 returns the exports of exporter ("" for all exporters) of
// an HS 1992 chapter ("" for all goods) by year, 2011–2020.
func (ix *Index) WorldExportsHS2(exporter, hs2 string) []YearValue {
	out, _ := WorldExportsHS2(exporter, hs2)
	return out
}

// CoffeeImports returns the ICO coffee imports (see the function CoffeeImports).
func (ix *Index) CoffeeImports() map[string][]YearValue {
	out, _ := CoffeeImports()
	return out
}

// The two reference series beside the 2024 files — world exports by chapter
// and ICO coffee imports — are read on their own, on first use: the ranking
// reads them whether its flows come from this index or the database.
var (
	worldOnce  sync.Once
	world      *worldTable
	worldErr   error
	coffeeOnce sync.Once
	coffee     map[string][]YearValue
	coffeeErr  error
)

// worldTable holds the world exports by year, exporter and chapter as one
// dense array (index 0 of exporters and chapters is "all"): about 2 MB that
// stay in serve's heap, where a map keyed by strings held 11.6 MB.
type worldTable struct {
	years     []int
	exporters map[string]int
	chapters  map[string]int
	values    []float64 // NaN: no figure
}

func (t *worldTable) at(yi, ei, ci int) *float64 {
	return &t.values[(yi*len(t.exporters)+ei)*len(t.chapters)+ci]
}

// newWorldTable sums the flows by year, exporter ("" for all) and chapter
// ("" for all).
func newWorldTable(sums map[worldKey]float64) *worldTable {
	t := &worldTable{exporters: map[string]int{"": 0}, chapters: map[string]int{"": 0}}
	yearAt := map[int]int{}
	for k := range sums {
		if _, ok := yearAt[k.year]; !ok {
			yearAt[k.year] = 0
			t.years = append(t.years, k.year)
		}
		if _, ok := t.exporters[k.exporter]; !ok {
			t.exporters[k.exporter] = len(t.exporters)
		}
		if _, ok := t.chapters[k.hs2]; !ok {
			t.chapters[k.hs2] = len(t.chapters)
		}
	}
	sort.Ints(t.years)
	for i, y := range t.years {
		yearAt[y] = i
	}
	t.values = make([]float64, len(t.years)*len(t.exporters)*len(t.chapters))
	for i := range t.values {
		t.values[i] = math.NaN()
	}
	for k, v := range sums {
		*t.at(yearAt[k.year], t.exporters[k.exporter], t.chapters[k.hs2]) = v
	}
	return t
}

// WorldExportsHS2 returns the exports of exporter ("" for all exporters) of
// an HS 1992 chapter ("" for all goods) by year, 2011–2020.
func WorldExportsHS2(exporter, hs2 string) ([]YearValue, error) {
	worldOnce.Do(func() {
		sums := map[worldKey]float64{}
		worldErr = readAll(DatasetWorldHS2, func(f Flow) {
			for _, k := range []worldKey{{f.Year, f.Exporter, f.HS}, {f.Year, f.Exporter, ""}, {f.Year, "", f.HS}, {f.Year, "", ""}} {
				sums[k] += f.ValueUSD
			}
		})
		world = newWorldTable(sums)
	})
	ei, ok := world.exporters[exporter]
	ci, ok2 := world.chapters[hs2]
	if !ok || !ok2 {
		return nil, worldErr
	}
	var out []YearValue
	for yi, y := range world.years {
		if v := *world.at(yi, ei, ci); !math.IsNaN(v) {
			out = append(out, YearValue{y, v})
		}
	}
	return out, worldErr
}

// CoffeeImports returns the ICO coffee imports of every importing country in
// metric tonnes (green-bean equivalent) by year, a fresh copy.
func CoffeeImports() (map[string][]YearValue, error) {
	shared, err := CoffeeImportsShared()
	out := make(map[string][]YearValue, len(shared))
	for c, s := range shared {
		out[c] = append([]YearValue(nil), s...)
	}
	return out, err
}

// CoffeeImportsShared returns the figures of CoffeeImports without a copy,
// for a reader that never changes them (a ranking reads them per request).
func CoffeeImportsShared() (map[string][]YearValue, error) {
	coffeeOnce.Do(func() {
		byYear := map[string]map[int]float64{}
		coffeeErr = readAll(DatasetCoffeeICO, func(f Flow) {
			if byYear[f.Importer] == nil {
				byYear[f.Importer] = map[int]float64{}
			}
			byYear[f.Importer][f.Year] += f.QuantityTonnes
		})
		coffee = map[string][]YearValue{}
		for c, years := range byYear {
			coffee[c] = sortedSeries(years)
		}
	})
	return coffee, coffeeErr
}

func copyMap(m map[string]float64) map[string]float64 {
	out := make(map[string]float64, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

var (
	hs17Once  sync.Once
	hs17Codes map[string]bool
)

// hs2017Codes are the HS 2017 subheadings found in the shipped 2024 files:
// those of the imports file (it sums every exporter, so it holds every code
// of the others). The product-code checks need them without the whole index,
// so the file is read on its own unless the index is already built.
func hs2017Codes() map[string]bool {
	hs17Once.Do(func() {
		hs17Codes = map[string]bool{}
		if indexBuilt.Load() {
			for _, c := range index.hs6 {
				hs17Codes[c] = true
			}
			return
		}
		r, err := OpenShipped(DatasetImports2024)
		if err != nil {
			panic(err)
		}
		defer r.Close()
		for {
			f, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				panic(err)
			}
			hs17Codes[f.HS] = true
		}
	})
	return hs17Codes
}
