// Package exportstats reads the export tables BPS (Statistics Indonesia)
// publishes for a province — "Perkembangan Ekspor dan Impor Provinsi …", by
// month, by commodity (HS chapter or a named group) and by destination
// country, value in US$ (often millions) and weight (kg or tonnes) — as
// analysts copy them into CSV or XLSX files, in either of two shapes:
//
//   - long: one row per (province ×) year × month × commodity × destination,
//     with a value and/or a weight column;
//   - wide: the months (or years) as columns — "Jan 2024 … Des 2024" — for
//     one measure, each row a commodity or a destination; the reader turns
//     it into long rows.
//
// Files are opened with internal/importer (type sniffed from the bytes, the
// XLSX streaming reader, CSV encodings and separators). Every unreadable
// cell, unknown country or HS code, bad month or negative figure is a
// Problem with its line and column; total rows ("Total", "Jumlah", a "Jan–Des"
// column) are checked against the sum of their details and a difference is
// a Warning. Nothing is stored here: the caller stores Report.Rows, all or
// nothing — Rows is nil whenever there is a Problem.
//
// Aggregations for the pages (monthly series, top-10 commodities and
// destinations with shares and the change against a year before) are pure
// functions over rows in aggregate.go; chart.go shapes them as the JSON
// that static/charts.js draws.
package exportstats

import (
	"context"
	"errors"
	"io"
	"math"
	"os"
	"sort"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/sheet"
)

// Options guide the reading of a table.
type Options struct {
	// Province is the Kemendagri code of the province a table without a
	// province column is about (the installation's province, e.g. "18").
	Province string
	// Sheet picks an XLSX sheet by name ("" for the first).
	Sheet string
	// Year is the year of month columns or rows that name none, when the
	// table's title names none either.
	Year int
	// Measure is what a wide table's numbers are ("value" or "weight") when
	// neither its headers nor its title say; "" means value.
	Measure string
	// Scale multiplies a wide table's numbers into US$ or kg when no unit is
	// written anywhere (1e6 for a table in millions); 0 means 1.
	Scale float64
	// NumberStyle forces how numbers are written (StyleID or StyleEN);
	// StyleAuto decides per column (see numbers.go).
	NumberStyle NumberStyle
	// Tolerance is the share by which a total may differ from the sum of
	// its details before it is a warning; 0 means 0.005 (0.5%).
	Tolerance float64
	// MaxRows refuses larger files; 0 means DefaultMaxRows.
	MaxRows int
}

// Problem is one reason a table cannot be stored, or a warning, in the
// import's form: line, column ("C (Negara Tujuan)"), message key and args.
type Problem = sheet.Problem

// Row is one figure of a table: a province's exports of a commodity to a
// destination in a month.
type Row struct {
	Line         int    `json:"line"` // the file's line it was read from
	ProvinceCode string `json:"province_code"`
	Year         int    `json:"year"`
	Month        int    `json:"month"` // 1–12; 0 for a figure of the whole year (a table by year)
	// HSCode is the HS chapter (2 digits), heading (4) or subheading (6/8)
	// as the table gives it, "" for a commodity named without a code.
	HSCode string `json:"hs_code,omitempty"`
	// Commodity is the table's own name for it ("Kopi, teh, rempah-rempah"),
	// "" when the table gives a code only.
	Commodity      string `json:"commodity,omitempty"`
	OtherCommodity bool   `json:"other_commodity,omitempty"` // the "Lainnya" commodity row
	// Destination is the ISO3 code, "" for the "Lainnya"/"Others" bucket
	// (OtherDestination) or in a table that has no destination column.
	Destination      string  `json:"destination,omitempty"`
	DestinationName  string  `json:"destination_name,omitempty"` // as the table writes it
	OtherDestination bool    `json:"other_destination,omitempty"`
	ValueUSD         float64 `json:"value_usd"`
	WeightKG         float64 `json:"weight_kg"`
	// HasValue and HasWeight say which measures the table gives: a missing
	// one is unknown (store NULL), not zero.
	HasValue  bool `json:"has_value"`
	HasWeight bool `json:"has_weight"`
}

// Column describes how one column of the table was read.
type Column struct {
	Letter  string      `json:"letter"`
	Header  string      `json:"header"`
	Field   string      `json:"field,omitempty"`   // province, year, month, period, hs_code, commodity, destination, destination_code, value, weight; "" when not read
	Measure string      `json:"measure,omitempty"` // value or weight, for number columns
	Scale   float64     `json:"scale,omitempty"`   // factor to US$ or kg
	Style   NumberStyle `json:"style,omitempty"`   // how its numbers are written
	Year    int         `json:"year,omitempty"`    // a wide table's period column
	Month   int         `json:"month,omitempty"`
	Total   bool        `json:"total,omitempty"` // a row-total column: checked, not stored
	Note    string      `json:"note,omitempty"`  // why a column was not read: "unknown", "cumulative"
}

// TotalCheck is one total row or column compared with its details.
type TotalCheck struct {
	Line      int     `json:"line"`
	Column    string  `json:"column"`
	Measure   string  `json:"measure"` // value or weight
	Printed   float64 `json:"printed"` // in US$ or kg
	Sum       float64 `json:"sum"`
	Details   int     `json:"details"`
	Tolerance float64 `json:"tolerance"`
	OK        bool    `json:"ok"`
}

// Report is what was read from a table.
type Report struct {
	Name       string       `json:"name"`
	FileFormat sheet.Format `json:"file_format"` // csv or xlsx
	Format     string       `json:"format"`      // long or wide
	HeaderLine int          `json:"header_line"`
	Title      []string     `json:"title,omitempty"` // the text rows above the header
	// Synthetic is set when the file's name or title says the figures are
	// synthetic (sintetis, synthetic, fiktif, dummy): store and show the label.
	Synthetic bool     `json:"synthetic"`
	Columns   []Column `json:"columns"`
	// HasCommodity and HasDestination say which breakdowns the table has: a
	// table by destination only has rows with no commodity, meaning all
	// commodities. Do not add up rows of tables with different breakdowns.
	HasCommodity   bool `json:"has_commodity"`
	HasDestination bool `json:"has_destination"`
	// Rows are the detail figures, nil when there is any Problem.
	Rows      []Row        `json:"rows"`
	Problems  []Problem    `json:"problems"`
	Warnings  []Problem    `json:"warnings"`
	Totals    []TotalCheck `json:"totals"`
	TotalRows int          `json:"total_rows"` // total rows and cells read (checked, not stored)
	Skipped   []int        `json:"skipped,omitempty"`
}

// OK reports whether the table can be stored.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// ReadFile reads a table from a file on disk.
func ReadFile(ctx context.Context, path string, opt Options) (*Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	name := path
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		name = path[i+1:]
	}
	return Read(ctx, f, st.Size(), name, opt)
}

type rawRow struct {
	cells []string
	line  int
}

func fileError(key string, args ...any) error {
	return siapekspor.Errorf(siapekspor.EInvalid, key, args...)
}

// Read reads a BPS-style export table. name is the file's name (only to
// tell a synthetic file). A file that is not a table, has no header or
// lacks what every row needs (a measure, a year, a province) is an error
// (a *siapekspor.Error with a message key); problems of rows and cells are
// in the report.
func Read(ctx context.Context, r io.ReaderAt, size int64, name string, opt Options) (*Report, error) {
	if opt.Tolerance <= 0 {
		opt.Tolerance = 0.005
	}
	if opt.MaxRows <= 0 {
		opt.MaxRows = DefaultMaxRows
	}
	if opt.Scale <= 0 {
		opt.Scale = 1
	}
	switch opt.Measure {
	case "", "value", "weight":
	default:
		return nil, fileError("exportstats.bad_measure", opt.Measure)
	}
	if opt.Province != "" {
		reg, ok := refdata.DefaultRegionIndex().ByCode(opt.Province)
		if !ok || reg.Level != 1 {
			return nil, fileError("exportstats.unknown_province_option", opt.Province)
		}
		opt.Province = reg.Code
	}
	t, ff, err := sheet.Open(ctx, r, size, opt.Sheet)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	var rows []rawRow
	cells, text := 0, 0
	for {
		row, line, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if blank(row) {
			continue
		}
		if len(rows) > opt.MaxRows+30 {
			return nil, fileError("exportstats.too_many_rows", siapekspor.Count(opt.MaxRows))
		}
		cells += len(row)
		for _, c := range row {
			text += len(c)
		}
		if cells > MaxCells || text > MaxTextBytes {
			return nil, fileError("exportstats.too_large", siapekspor.Count(MaxCells), MaxTextBytes>>20)
		}
		rows = append(rows, rawRow{row, line})
	}
	if len(rows) == 0 {
		return nil, fileError("import.empty_file")
	}
	rd := &reader{opt: opt, rep: &Report{Name: name, FileFormat: ff, Problems: []Problem{}, Warnings: []Problem{}, Totals: []TotalCheck{}}}
	if err := rd.findHeader(rows); err != nil {
		return nil, err
	}
	if err := rd.read(); err != nil {
		return nil, err
	}
	if rd.dropped > 0 {
		rd.rep.Problems = append(rd.rep.Problems, Problem{Key: "exportstats.more_problems", Args: []any{siapekspor.Count(rd.dropped)}})
	}
	return rd.rep, nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// reader holds one table's reading.
type reader struct {
	opt     Options
	rep     *Report
	header  []string
	above   []string // the row above the header (a wide table's group headers)
	data    []rawRow
	cols    []column // recognised columns, by index
	byField map[field]int
	periods []int // a wide table's period columns
	wide    bool
	lang    NumberStyle // the headers' language, as a style

	titleLines    []int // the file lines of rep.Title
	titleYear     int
	titleProvince string
	provinceLine  int // the title line that names the province
	titleMeasure  field
	titleScale    float64
	titleUnit     bool

	entries []entry
	dropped int // problems over MaxProblems
}

// findHeader picks the header row among the first 20 rows: the first that
// names a measure and a column that labels rows (a long table), or names
// two or more months or years (a wide table).
func (rd *reader) findHeader(rows []rawRow) error {
	limit := min(len(rows), 20)
	for i := 0; i < limit; i++ {
		cells := rows[i].cells
		known, measures, periods := map[field]bool{}, 0, 0
		for _, c := range cells {
			if col, ok := guessField(c); ok {
				known[col.field] = true
				if col.measure != "" {
					measures++
				}
				continue
			}
			if p, _, _, ok := parsePeriodHeader(c); ok && !p.total && !p.partial {
				periods++
			}
		}
		// A long header names a measure and something that labels a row; a
		// row of measures only ("Nilai (Juta US$)", "Berat (Ton)") is a wide
		// table's group header above its months.
		long := measures > 0 && len(known) > measuresKnown(known)
		wide := periods >= 2
		if !long && !wide {
			continue
		}
		rd.wide = wide && !long
		rd.header = cells
		if i > 0 {
			rd.above = rows[i-1].cells
		}
		rd.rep.HeaderLine = rows[i].line
		for _, t := range rows[:i] {
			rd.rep.Title = append(rd.rep.Title, strings.TrimSpace(strings.Join(nonBlank(t.cells), " ")))
			rd.titleLines = append(rd.titleLines, t.line)
		}
		rd.data = rows[i+1:]
		if len(rd.data) > rd.opt.MaxRows {
			return fileError("exportstats.too_many_rows", siapekspor.Count(rd.opt.MaxRows))
		}
		return nil
	}
	return fileError("exportstats.no_header")
}

func measuresKnown(known map[field]bool) int {
	n := 0
	for _, f := range []field{fValue, fWeight} {
		if known[f] {
			n++
		}
	}
	return n
}

func nonBlank(cells []string) []string {
	var out []string
	for _, c := range cells {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// read maps the columns, decides the number styles and reads every row.
func (rd *reader) read() error {
	rep := rd.rep
	rd.readTitle()
	rd.lang = rd.headerLanguage()
	var err error
	if rd.wide {
		rep.Format = "wide"
		err = rd.mapWide()
	} else {
		rep.Format = "long"
		err = rd.mapLong()
	}
	if err != nil {
		return err
	}
	_, hasProvince := rd.byField[fProvince]
	switch {
	case hasProvince:
	case rd.opt.Province != "":
		if rd.titleProvince != "" && rd.titleProvince != rd.opt.Province {
			rd.problem(rd.provinceLine, "", "", "exportstats.title_province", "", regionName(rd.titleProvince), regionName(rd.opt.Province))
		}
	case rd.titleProvince != "":
	default:
		return fileError("exportstats.no_province")
	}
	rd.decideStyles()
	for _, row := range rd.data {
		if rd.isNote(row.cells) {
			rep.Skipped = append(rep.Skipped, row.line)
			continue
		}
		if rd.wide {
			rd.parseWide(row)
		} else {
			rd.parseLong(row)
		}
	}
	rd.checkDuplicates()
	rd.checkTotals()
	sort.SliceStable(rep.Problems, func(i, j int) bool { return rep.Problems[i].Line < rep.Problems[j].Line })
	sort.SliceStable(rep.Warnings, func(i, j int) bool { return rep.Warnings[i].Line < rep.Warnings[j].Line })
	rep.Columns = rd.describeColumns()
	if len(rep.Problems) > 0 {
		rep.Rows = nil
		return nil
	}
	for _, e := range rd.entries {
		if e.isTotal() {
			continue
		}
		rep.Rows = append(rep.Rows, e.row())
	}
	return nil
}

// readTitle takes what the rows above the header say: a year, a province
// ("Provinsi Lampung"), a measure and unit ("Nilai … (Juta US$)"), and
// whether the figures are synthetic.
func (rd *reader) readTitle() {
	text := strings.Join(rd.rep.Title, " \n ")
	low := normText(rd.rep.Name + " " + text)
	for _, w := range []string{"sintetis", "synthetic", "fiktif", "dummy", "rekaan"} {
		if strings.Contains(low, w) {
			rd.rep.Synthetic = true
		}
	}
	years := map[int]bool{}
	for _, w := range strings.Fields(normText(text)) {
		if y, ok := yearWord(w); ok {
			years[y] = true
		}
	}
	if len(years) == 1 {
		for y := range years {
			rd.titleYear = y
		}
	}
	// The measure: every title row that names one must name the same.
	rd.titleScale = 1
	for _, line := range rd.rep.Title {
		words := strings.Fields(normText(line))
		m, scale, rest := measureOf(words)
		for _, w := range rest {
			switch w {
			case "nilai", "value":
				if m == "" {
					m = fValue
				}
			case "berat", "volume", "weight", "netto":
				if m == "" {
					m = fWeight
				}
			}
		}
		if m == "" {
			continue
		}
		if rd.titleMeasure != "" && rd.titleMeasure != m {
			rd.titleMeasure, rd.titleScale, rd.titleUnit = "", 1, false
			break
		}
		rd.titleMeasure = m
		if scale != 1 || rd.titleScale == 1 {
			rd.titleScale = scale
		}
		rd.titleUnit = rd.titleUnit || scale != 1 || hasUnitWord(words)
	}
	// The province: the words after "Provinsi"/"Province".
	ix := refdata.DefaultRegionIndex()
	for l, line := range rd.rep.Title {
		words := strings.Fields(normText(line))
		for i, w := range words {
			if w != "provinsi" && w != "province" && w != "propinsi" && w != "prov" {
				continue
			}
			for n := min(4, len(words)-i-1); n >= 1; n-- {
				res := ix.Resolve(strings.Join(words[i+1:i+1+n], " "), 1, "")
				if res.Status == refdata.Exact || res.Status == refdata.Normalised {
					rd.titleProvince, rd.provinceLine = res.Region.Code, rd.titleLines[l]
					return
				}
			}
		}
	}
}

func hasUnitWord(words []string) bool {
	for _, w := range words {
		if currencyWords[w] || weightUnits[w] > 0 {
			return true
		}
	}
	return false
}

// headerLanguage guesses the headers' language: English words and month
// abbreviations make it English, else Indonesian.
func (rd *reader) headerLanguage() NumberStyle {
	en, id := 0, 0
	for _, c := range append(append([]string{}, rd.header...), rd.rep.Title...) {
		for _, w := range strings.Fields(normText(c)) {
			switch {
			case englishWords[w], englishMonthWords[w]:
				en++
			case indonesianWords[w]:
				id++
			case w == "mei" || w == "agu" || w == "agt" || w == "okt" || w == "des" || w == "agustus" || w == "oktober" || w == "desember" || w == "januari" || w == "februari" || w == "maret" || w == "juni" || w == "juli":
				id++
			}
		}
	}
	if en > id {
		return StyleEN
	}
	return StyleID
}

// mapLong maps a long table's header.
func (rd *reader) mapLong() error {
	rd.byField = map[field]int{}
	rd.cols = make([]column, len(rd.header))
	plainKode := -1
	for i, h := range rd.header {
		c, ok := guessField(h)
		c.index, c.header = i, h
		if !ok {
			rd.cols[i] = column{index: i, header: h}
			continue
		}
		if j, dup := rd.byField[c.field]; dup {
			return fileError("import.duplicate_header", sheet.ColumnLetter(j)+" ("+strings.TrimSpace(rd.header[j])+")", sheet.ColumnLetter(i)+" ("+strings.TrimSpace(h)+")")
		}
		if c.field == fHS && normText(h) == "kode" {
			plainKode = i
		}
		rd.cols[i] = c
		rd.byField[c.field] = i
	}
	// A bare "Kode" beside a country and no commodity is the country's code.
	if plainKode >= 0 {
		_, dest := rd.byField[fDestination]
		_, comm := rd.byField[fCommodity]
		_, code := rd.byField[fDestCode]
		if dest && !comm && !code {
			delete(rd.byField, fHS)
			rd.cols[plainKode].field = fDestCode
			rd.byField[fDestCode] = plainKode
		}
	}
	rd.setDimensions()
	return nil
}

func (rd *reader) setDimensions() {
	_, hs := rd.byField[fHS]
	_, comm := rd.byField[fCommodity]
	_, dest := rd.byField[fDestination]
	_, code := rd.byField[fDestCode]
	rd.rep.HasCommodity = hs || comm
	rd.rep.HasDestination = dest || code
}

// identifierFields may label a wide table's rows.
var identifierFields = map[field]bool{fProvince: true, fYear: true, fHS: true, fCommodity: true, fDestination: true, fDestCode: true}

// mapWide maps a wide table's header: period columns, the columns that
// label the rows, and the measure and unit of the numbers.
func (rd *reader) mapWide() error {
	rd.byField = map[field]int{}
	rd.cols = make([]column, len(rd.header))
	defMeasure, defScale, defUnit := fValue, rd.opt.Scale, false
	if rd.opt.Measure == "weight" {
		defMeasure = fWeight
	}
	if rd.titleMeasure != "" {
		defMeasure = rd.titleMeasure
		if rd.titleUnit {
			defScale, defUnit = rd.titleScale, true
		}
	}
	monthly, yearly := false, false
	groupMeasure, groupScale := field(""), 1.0
	for i, h := range rd.header {
		c := column{index: i, header: h, scale: 1}
		if a := cell(rd.above, i); a != "" {
			groupMeasure, groupScale = "", 1
			words := strings.Fields(normText(a))
			m, scale, rest := measureOf(words)
			for _, w := range rest {
				switch w {
				case "nilai", "value":
					if m == "" {
						m = fValue
					}
				case "berat", "volume", "weight", "netto":
					if m == "" {
						m = fWeight
					}
				}
			}
			groupMeasure, groupScale = m, scale
		}
		if p, m, scale, ok := parsePeriodHeader(h); ok {
			c.period = p
			c.measure, c.scale = m, scale
			if scale != 1 {
				c.unitSet = true
			}
			// A unit in the group header above ("Nilai (Juta US$)" over the
			// months, a merged cell that CSV keeps in its first column only).
			if groupMeasure != "" && (c.measure == "" || !c.unitSet) {
				if c.measure == "" {
					c.measure = groupMeasure
				}
				if !c.unitSet && c.measure == groupMeasure && groupScale != 1 {
					c.scale, c.unitSet = groupScale, true
				}
			}
			if c.measure == "" {
				c.measure = defMeasure
			}
			if !c.unitSet {
				if c.measure == defMeasure {
					c.scale, c.unitSet = defScale, defUnit
				} else {
					c.scale = 1
				}
			}
			rd.cols[i] = c
			switch {
			case p.partial:
				rd.cols[i].measure = ""
			case p.total:
				rd.periods = append(rd.periods, i)
			case p.month == 0:
				yearly = true
				rd.periods = append(rd.periods, i)
			default:
				monthly = true
				rd.periods = append(rd.periods, i)
			}
			continue
		}
		name := h
		if strings.TrimSpace(name) == "" && i < len(rd.above) {
			name = rd.above[i] // a label over a blank header cell
		}
		if g, ok := guessField(name); ok && identifierFields[g.field] {
			if j, dup := rd.byField[g.field]; dup {
				return fileError("import.duplicate_header", sheet.ColumnLetter(j)+" ("+strings.TrimSpace(rd.header[j])+")", sheet.ColumnLetter(i)+" ("+strings.TrimSpace(h)+")")
			}
			c.field = g.field
			rd.byField[g.field] = i
		}
		rd.cols[i] = c
	}
	if monthly && yearly {
		return fileError("exportstats.mixed_periods")
	}
	// A year table's "Total" column sums years: not a check we can make.
	var keep []int
	for _, i := range rd.periods {
		if yearly && rd.cols[i].period.total {
			rd.cols[i].measure = ""
			continue
		}
		keep = append(keep, i)
	}
	rd.periods = keep
	// Two columns for one period and measure would count it twice.
	type pm struct {
		year, month int
		total       bool
		measure     field
	}
	seen := map[pm]int{}
	for _, i := range rd.periods {
		c := rd.cols[i]
		k := pm{c.period.year, c.period.month, c.period.total, c.measure}
		if j, dup := seen[k]; dup {
			return fileError("import.duplicate_header", sheet.ColumnLetter(j)+" ("+strings.TrimSpace(rd.header[j])+")", sheet.ColumnLetter(i)+" ("+strings.TrimSpace(rd.header[i])+")")
		}
		seen[k] = i
	}
	if _, ok := rd.byField[fCommodity]; !ok {
		if _, ok := rd.byField[fDestination]; !ok {
			if _, ok := rd.byField[fHS]; !ok {
				rd.guessLabelColumn()
			}
		}
	}
	rd.setDimensions()
	// Every period column needs a year: its own, the row's, the title's or
	// the caller's.
	_, yearCol := rd.byField[fYear]
	for _, i := range rd.periods {
		p := &rd.cols[i].period
		if p.year == 0 && !yearCol {
			switch {
			case rd.titleYear != 0:
				p.year = rd.titleYear
			case rd.opt.Year != 0:
				p.year = rd.opt.Year
			default:
				return fileError("exportstats.no_year")
			}
		}
	}
	return nil
}

// guessLabelColumn finds the column that labels a wide table's rows when
// its header names nothing known ("", "Uraian 2"): the first text column
// before the periods, a destination when most of its labels are countries,
// else a commodity.
func (rd *reader) guessLabelColumn() {
	first := len(rd.header)
	if len(rd.periods) > 0 {
		first = rd.periods[0]
	}
	for i := 0; i < first; i++ {
		if rd.cols[i].field != "" {
			continue
		}
		countries, labels := 0, 0
		for _, row := range rd.data {
			v := cell(row.cells, i)
			if v == "" || isTotal(v) || isOther(v) {
				continue
			}
			labels++
			if _, _, ok := ResolveCountry(v); ok {
				countries++
			}
		}
		if labels == 0 {
			continue
		}
		f := fCommodity
		if countries*10 >= labels*6 {
			f = fDestination
		}
		rd.cols[i].field = f
		rd.byField[f] = i
		return
	}
}

func cell(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[i])
}

// numberColumns are the columns holding figures.
func (rd *reader) numberColumns() []int {
	if rd.wide {
		return rd.periods
	}
	var out []int
	for _, f := range []field{fValue, fWeight} {
		if i, ok := rd.byField[f]; ok {
			out = append(out, i)
		}
	}
	return out
}

// decideStyles decides each number column's style (see numbers.go).
func (rd *reader) decideStyles() {
	cols := rd.numberColumns()
	ev := make(map[int]*evidence, len(cols))
	var file evidence
	for _, i := range cols {
		ev[i] = &evidence{}
	}
	for _, row := range rd.data {
		for _, i := range cols {
			s, _, _, _ := cleanNumber(cell(row.cells, i))
			c := classify(s)
			ev[i].add(c)
			file.add(c)
		}
	}
	for _, i := range cols {
		st := rd.opt.NumberStyle
		if st == StyleAuto {
			st = ev[i].decide()
		}
		if st == StyleAuto {
			st = file.decide()
		}
		if st == StyleAuto && rd.rep.FileFormat == sheet.FormatXLSX {
			st = StyleID
		}
		if st == StyleAuto {
			st = rd.lang
		}
		rd.cols[i].style = st
	}
}

// isNote reports a row that holds one text cell only: a footnote ("Sumber:
// BPS Provinsi Lampung", "Catatan: angka sementara") or a section label.
func (rd *reader) isNote(cells []string) bool {
	n, text := 0, ""
	for _, c := range cells {
		if c = strings.TrimSpace(c); c != "" {
			n++
			text = c
		}
	}
	if n != 1 {
		return false
	}
	s, _, _, _ := cleanNumber(text)
	return classify(s) == numBad
}

func (rd *reader) label(i int) string {
	if i < 0 || i >= len(rd.header) {
		return ""
	}
	return sheet.ColumnLetter(i) + " (" + strings.TrimSpace(rd.header[i]) + ")"
}

// problem lists a problem, the first MaxProblems of them; the rest are
// counted.
func (rd *reader) problem(line int, col, fieldName, key, value string, args ...any) {
	if len(rd.rep.Problems) >= MaxProblems {
		rd.dropped++
		return
	}
	if len(value) > maxShownValue {
		value = strings.ToValidUTF8(value[:maxShownValue], "") + "…" // a copy: the cell is not kept
	}
	rd.rep.Problems = append(rd.rep.Problems, Problem{Line: line, Column: col, Field: fieldName, Key: key, Args: args, Value: value})
}

func (rd *reader) describeColumns() []Column {
	var out []Column
	for i, c := range rd.cols {
		col := Column{Letter: sheet.ColumnLetter(i), Header: strings.TrimSpace(rd.header[i]), Field: string(c.field)}
		isNum := false
		for _, j := range rd.numberColumns() {
			isNum = isNum || j == i
		}
		if isNum {
			col.Measure, col.Scale, col.Style = string(c.measure), c.scale, c.style
			if rd.wide {
				col.Year, col.Month, col.Total = c.period.year, c.period.month, c.period.total
				col.Field = "period"
			}
		} else if c.field == "" {
			col.Note = "unknown"
			if c.period.partial {
				col.Note = "cumulative"
			} else if c.period.total {
				col.Note = "total_of_years"
			}
			if col.Header == "" {
				col.Note = "empty"
			}
		}
		out = append(out, col)
	}
	return out
}

func regionName(code string) string {
	if r, ok := refdata.DefaultRegionIndex().ByCode(code); ok {
		return r.Name
	}
	return code
}

// fmtPct writes a share as a percentage with one decimal.
func fmtPct(x float64, style NumberStyle) string {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return "∞"
	}
	return formatNumber(x*100, 1, style)
}
