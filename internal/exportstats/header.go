package exportstats

import (
	"strconv"
	"strings"
	"time"
)

// field is a column the reader understands.
type field string

const (
	fProvince    field = "province"
	fYear        field = "year"
	fMonth       field = "month"
	fPeriod      field = "period" // year and month in one cell: "2024-04", "April 2024"
	fHS          field = "hs_code"
	fCommodity   field = "commodity"
	fDestination field = "destination"
	fDestCode    field = "destination_code"
	fValue       field = "value"
	fWeight      field = "weight"
)

// synonyms are the headers (normalised by normText, units taken out) each
// field goes by in BPS tables and analysts' sheets, Indonesian and English.
var synonyms = map[field][]string{
	fProvince: {"provinsi", "propinsi", "prov", "nama provinsi", "kode provinsi", "province", "province name", "wilayah", "daerah asal", "provinsi asal"},
	fYear:     {"tahun", "thn", "th", "year", "yr"},
	fMonth:    {"bulan", "bln", "month", "bulan ke", "month no"},
	fPeriod:   {"periode", "period", "bulan tahun", "tahun bulan", "waktu", "month year", "year month", "tanggal", "date"},
	fHS: {"kode hs", "hs", "hs code", "kode", "kode komoditas", "kode komoditi", "hs 2 digit", "hs 2 dijit", "hs2", "hs4", "hs 4 digit",
		"kode hs 2 digit", "kode hs 4 digit", "golongan hs", "kode golongan barang", "pos tarif", "kode barang", "bab hs", "chapter", "hs chapter", "heading"},
	fCommodity: {"komoditas", "komoditi", "commodity", "uraian", "uraian komoditas", "nama komoditas", "golongan barang", "golongan barang hs",
		"jenis barang", "barang", "produk", "description", "commodity description", "deskripsi", "komoditas hs", "kelompok komoditas",
		"kelompok barang", "nama barang", "product", "goods", "komoditas utama", "komoditi utama", "sektor", "uraian barang"},
	fDestination: {"negara tujuan", "negara", "destination", "country", "tujuan", "negara tujuan ekspor", "destination country", "partner",
		"negara mitra", "mitra dagang", "country of destination", "partner country", "nama negara", "negara pembeli", "pasar tujuan"},
	fDestCode: {"kode negara", "country code", "iso", "iso3", "iso2", "kode iso", "iso code", "kode negara tujuan", "partner code"},
	fValue: {"nilai", "nilai ekspor", "nilai fob", "value", "fob", "export value", "ekspor", "nilai fob ekspor", "fob value", "nilai fob us",
		"trade value", "value fob", "exports", "nilai ekspor fob"},
	fWeight: {"berat", "berat bersih", "netto", "neto", "weight", "net weight", "volume", "volume ekspor", "berat netto", "berat neto",
		"berat ekspor", "quantity", "kuantitas", "jumlah berat", "export weight", "volume export", "net mass", "netweight"},
}

var headerIndex = func() map[string]field {
	m := map[string]field{}
	for f, names := range synonyms {
		for _, n := range names {
			m[n] = f
		}
	}
	return m
}()

// englishWords and indonesianWords tell a header's language (the last
// fallback for a number column's style).
var (
	englishWords    = map[string]bool{"province": true, "year": true, "month": true, "commodity": true, "destination": true, "country": true, "value": true, "weight": true, "net": true, "period": true, "code": true, "description": true, "partner": true, "exports": true, "million": true, "thousand": true, "billion": true, "tonnes": true, "tons": true, "total": false}
	indonesianWords = map[string]bool{"provinsi": true, "tahun": true, "bulan": true, "komoditas": true, "komoditi": true, "negara": true, "tujuan": true, "nilai": true, "berat": true, "bersih": true, "netto": true, "periode": true, "kode": true, "uraian": true, "juta": true, "ribu": true, "miliar": true, "ekspor": true, "golongan": true, "barang": true, "jumlah": true}
)

// unitWords scale a measure: "Nilai (Juta US$)", "Value (US$ million)",
// "Berat (Ton)", "Volume (ribu ton)". Currency words only say the measure.
var (
	scaleWords = map[string]float64{"juta": 1e6, "jt": 1e6, "million": 1e6, "millions": 1e6, "mn": 1e6, "mio": 1e6, "mln": 1e6,
		"ribu": 1e3, "rb": 1e3, "thousand": 1e3, "thousands": 1e3, "000": 1e3, "miliar": 1e9, "milyar": 1e9, "billion": 1e9, "bn": 1e9}
	currencyWords = map[string]bool{"us": true, "usd": true, "dolar": true, "dollar": true, "dollars": true, "as": false}
	weightUnits   = map[string]float64{"kg": 1, "kilogram": 1, "kgs": 1, "ton": 1000, "tons": 1000, "tonne": 1000, "tonnes": 1000, "mt": 1000}
)

// measureOf reads the unit words of a header or title: the measure they
// point to ("" when none) and the factor to US$ or kg. rest is what remains
// without them.
func measureOf(words []string) (measure field, scale float64, rest []string) {
	scale = 1
	sawScale := false
	for i, w := range words {
		if s, ok := scaleWords[w]; ok {
			scale *= s
			sawScale = true
			continue
		}
		if currencyWords[w] {
			measure = fValue
			continue
		}
		if s, ok := weightUnits[w]; ok {
			measure = fWeight
			scale *= s
			continue
		}
		// "t" for tonnes only at the end of a weight header: "Berat (t)".
		if w == "t" && i == len(words)-1 && len(rest) > 0 {
			if f, ok := headerIndex[strings.Join(rest, " ")]; ok && f == fWeight {
				measure = fWeight
				scale *= 1000
				continue
			}
		}
		rest = append(rest, w)
	}
	if measure == "" && sawScale {
		// "Nilai (Juta)" has no currency; the header's name says the measure.
		measure = fValue
		if f, ok := headerIndex[strings.Join(rest, " ")]; ok && f == fWeight {
			measure = fWeight
		}
	}
	return measure, scale, rest
}

// column is what a header cell says.
type column struct {
	index   int
	header  string
	field   field   // "" for a period column or an unknown header
	measure field   // fValue or fWeight for number columns
	scale   float64 // to US$ or kg
	unitSet bool    // the header named the unit
	period  period  // for a wide table's period columns
	style   NumberStyle
}

// guessField reads a header cell of a long table.
func guessField(h string) (column, bool) {
	words := strings.Fields(normText(h))
	if len(words) == 0 {
		return column{}, false
	}
	if f, ok := headerIndex[strings.Join(words, " ")]; ok {
		c := column{header: h, field: f, scale: 1}
		if f == fValue || f == fWeight {
			c.measure = f
		}
		return c, true
	}
	m, scale, rest := measureOf(words)
	f, ok := headerIndex[strings.Join(rest, " ")]
	if !ok {
		// "Nilai FOB (US$)": "fob" and "us" already named; "Nilai ekspor (juta US$)".
		return column{}, false
	}
	c := column{header: h, field: f, scale: 1}
	switch {
	case f == fValue || f == fWeight:
		c.measure, c.scale, c.unitSet = f, scale, scale != 1 || m != ""
		if m != "" && m != f {
			return column{}, false // "Berat (US$)" is nonsense
		}
	case m != "":
		return column{}, false
	}
	return c, true
}

// period is a time a wide table's column stands for.
type period struct {
	year, month int  // month 0: the whole year
	total       bool // "Jumlah", "Total", "Jan–Des 2024": the sum of the row's months
	partial     bool // "Jan–Apr 2024": a cumulative sum, not read
}

// parsePeriodHeader reads a wide table's column header as a time: "Jan
// 2024", "Januari 2024", "Jan-24", "Jan'24", "2024 Jan", "2024-01",
// "01/2024", "Agu" (the year from elsewhere), "2024" (a whole year),
// "Jan–Des 2024" / "Jumlah 2024" / "Total" (the row's total), "Jan–Apr 2024"
// (cumulative: recognised so that it is skipped, not read). Measure words
// may stand beside it ("Nilai Jan 2024 (Juta US$)"); they are returned.
var apostrophes = strings.NewReplacer("'", " ", "’", " ")

func parsePeriodHeader(h string) (p period, measure field, scale float64, ok bool) {
	words := strings.Fields(normText(apostrophes.Replace(h)))
	scale = 1
	if len(words) == 0 {
		return p, "", 1, false
	}
	measure, scale, words = measureOf(words)
	var kept []string
	for _, w := range words {
		switch w {
		case "nilai", "value", "berat", "weight", "volume", "netto", "ekspor", "export", "exports", "fob", "bersih", "net":
			if w == "berat" || w == "weight" || w == "volume" || w == "netto" {
				measure = fWeight
			} else if measure == "" {
				measure = fValue
			}
		case "sd", "s", "d", "hingga", "sampai", "to", "until", "thru":
		default:
			kept = append(kept, w)
		}
	}
	words = kept
	if len(words) == 0 {
		return p, "", 1, false
	}
	if totalWords[words[0]] {
		p.total = true
		if len(words) == 2 {
			if y, ok := yearWord(words[1]); ok {
				p.year = y
			} else {
				return p, "", 1, false
			}
		} else if len(words) > 2 {
			return p, "", 1, false
		}
		return p, measure, scale, true
	}
	var months []int
	year := 0
	var nums []int
	for _, w := range words {
		if m, ok := monthWords[w]; ok {
			months = append(months, m)
			continue
		}
		if y, ok := yearWord(w); ok && len(w) == 4 {
			if year != 0 {
				return p, "", 1, false
			}
			year = y
			continue
		}
		n, err := strconv.Atoi(w)
		if err != nil || len(w) > 2 {
			return p, "", 1, false
		}
		nums = append(nums, n)
	}
	switch {
	case len(months) == 1 && len(nums) == 0:
		p.month = months[0]
	case len(months) == 1 && len(nums) == 1 && year == 0: // "Jan-24"
		p.month, year = months[0], 2000+nums[0]
	case len(months) == 0 && len(nums) == 1 && year != 0 && nums[0] >= 1 && nums[0] <= 12: // "2024-01", "01/2024"
		p.month = nums[0]
	case len(months) == 0 && len(nums) == 0 && year != 0: // "2024"
	case len(months) == 2 && len(nums) == 0: // "Jan–Des 2024", "Jan-Apr"
		if months[0] == 1 && months[1] == 12 {
			p.total = true
		} else {
			p.partial = true
		}
	case len(months) == 2 && len(nums) == 1 && year == 0: // "Jan-Des 24"
		year = 2000 + nums[0]
		if months[0] == 1 && months[1] == 12 {
			p.total = true
		} else {
			p.partial = true
		}
	default:
		return p, "", 1, false
	}
	p.year = year
	return p, measure, scale, true
}

// yearWord reads a four-digit year between 1990 and 2100.
func yearWord(w string) (int, bool) {
	if len(w) != 4 {
		return 0, false
	}
	y, err := strconv.Atoi(w)
	if err != nil || y < 1990 || y > 2100 {
		return 0, false
	}
	return y, true
}

// parseMonth reads a month cell of a long table: 1–12, "01", Januari,
// January, Jan, Agu, or a month with its year ("April 2024", "2024-04",
// "04/2024", "17/04/2024", "2024-04-30", an Excel date serial number).
// total is a "Jumlah"/"Total"/"Jan–Des" row.
func parseMonth(s string) (month, year int, total, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, 0, false, false
	}
	if isTotal(s) {
		return 0, 0, true, true
	}
	if n, err := strconv.Atoi(s); err == nil {
		switch {
		case n >= 1 && n <= 12:
			return n, 0, false, true
		case n > 20000 && n < 80000: // an Excel date: days since 1899-12-30
			y, m := excelDate(n)
			return m, y, false, true
		}
		return 0, 0, false, false
	}
	// Dates: 17/04/2024, 2024-04-30.
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	if len(parts) == 3 {
		a, e1 := strconv.Atoi(parts[0])
		b, e2 := strconv.Atoi(parts[1])
		c, e3 := strconv.Atoi(parts[2])
		if e1 == nil && e2 == nil && e3 == nil {
			switch {
			case len(parts[0]) == 4 && b >= 1 && b <= 12: // 2024-04-30
				return b, a, false, a >= 1990 && a <= 2100
			case len(parts[2]) == 4 && b >= 1 && b <= 12: // 30/04/2024: day first, as in Indonesia
				return b, c, false, c >= 1990 && c <= 2100
			}
			return 0, 0, false, false
		}
	}
	p, _, _, ok := parsePeriodHeader(s)
	if !ok || p.partial || p.month == 0 {
		if ok && p.total {
			return 0, p.year, true, true
		}
		return 0, 0, false, false
	}
	return p.month, p.year, false, true
}

// excelDate turns an Excel serial date (days since 1899-12-30) into its
// year and month.
func excelDate(n int) (year, month int) {
	t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
	return t.Year(), int(t.Month())
}
