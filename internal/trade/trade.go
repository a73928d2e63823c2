// Package trade reads trade statistics as data: the real files shipped under
// data/ (gzip-compressed copies of the sources named in data/SOURCES.md) and
// the public formats an analyst downloads to complete them (CEPII BACI yearly
// CSV, UN Comtrade CSV extracts). Every source becomes the same record, a
// Flow, read one at a time so that a ten-million-row file never sits in
// memory. Rows that cannot be read are not fatal: each becomes a Problem
// with its line and column, and the caller decides whether to keep the rest.
//
// HS aggregation (HS6 → HS4 → HS2) is derived from the codes, never typed,
// and the concordance between the HS 2017 codes of the trade data and the
// HS 2022 codes of the product nomenclature is derived too (concordance.go).
package trade

import (
	"fmt"
	"io"
	"strings"

	"github.com/siapekspor/siapekspor"
)

// Edition is an edition of the Harmonized System.
type Edition string

const (
	HS92 Edition = "HS92" // Comtrade H0
	HS96 Edition = "HS96" // H1
	HS02 Edition = "HS02" // H2
	HS07 Edition = "HS07" // H3
	HS12 Edition = "HS12" // H4
	HS17 Edition = "HS17" // H5: the shipped bilateral data
	HS22 Edition = "HS22" // H6: the product nomenclature
)

// Editions lists them oldest first.
var Editions = []Edition{HS92, HS96, HS02, HS07, HS12, HS17, HS22}

// ParseEdition reads the ways files name an edition: "HS17", "HS2017",
// "2017", Comtrade's "H5", BACI's "HS17" in a file name.
func ParseEdition(s string) (Edition, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) == 2 && s[0] == 'H' && s[1] >= '0' && s[1] <= '6' {
		return Editions[s[1]-'0'], true
	}
	s = strings.TrimPrefix(strings.TrimPrefix(s, "HS"), " ")
	switch s {
	case "92", "1992", "1988":
		return HS92, true
	case "96", "1996":
		return HS96, true
	case "02", "2002":
		return HS02, true
	case "07", "2007":
		return HS07, true
	case "12", "2012":
		return HS12, true
	case "17", "2017":
		return HS17, true
	case "22", "2022":
		return HS22, true
	}
	return "", false
}

// Flow is one trade figure: what Exporter sold Importer of HS in Year. An
// empty Exporter or Importer means "all partners" (a total over the world
// or over the partners the source covers).
type Flow struct {
	Dataset  string  `json:"dataset"` // where the figure comes from: a Dataset ID, "baci", "comtrade"
	Year     int     `json:"year"`
	Exporter string  `json:"exporter"`          // ISO 3166 alpha-3; Taiwan as TWN (BACI and Comtrade say S19 / 490)
	Importer string  `json:"importer"`          // ISO 3166 alpha-3
	HS       string  `json:"hs"`                // 2, 4 or 6 digits, leading zeros kept
	Edition  Edition `json:"edition,omitempty"` // "" when the source is not coded in HS (ICO coffee)
	ValueUSD float64 `json:"value_usd"`         // current US dollars
	// NoValue: the source gives a quantity only (ICO coffee), so ValueUSD
	// is not a zero but unknown.
	NoValue        bool    `json:"no_value,omitempty"`
	QuantityTonnes float64 `json:"quantity_tonnes,omitempty"` // metric tonnes; 0 = unknown
	// Partners: for a total, how many partner flows the source summed; 0 when
	// not stated.
	Partners int `json:"partners,omitempty"`
	// GrowthPct is the source's own compound annual growth of this flow over
	// GrowthYears years (the shipped 2024 files carry an 8-year figure);
	// GrowthYears 0 means the source gives none.
	GrowthPct   float64 `json:"growth_pct,omitempty"`
	GrowthYears int     `json:"growth_years,omitempty"`
	// ExporterReported: the figure is the exporter's declaration (a
	// Comtrade export flow), not the importer's: it says nothing of the
	// importer's imports from other partners.
	ExporterReported bool `json:"exporter_reported,omitempty"`
	Line             int  `json:"line,omitempty"` // line of the source file it was read from; 0 when not read from a file
}

// Total reports whether the flow is a total over one side's partners.
func (f Flow) Total() bool { return f.Exporter == "" || f.Importer == "" }

// Reader hands out flows one at a time. Next returns io.EOF after the last
// flow. A row that cannot be read is skipped and recorded as a Problem, not
// returned as an error; errors are for what stops the reading (I/O, a file
// that is not what it claims).
type Reader interface {
	Next() (Flow, error)
	Problems() Problems
}

// ForEach calls fn for every flow of r, stopping at fn's first error.
func ForEach(r Reader, fn func(Flow) error) error {
	for {
		f, err := r.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			return err
		}
	}
}

// YearValue is one year of a series.
type YearValue struct {
	Year  int     `json:"year"`
	Value float64 `json:"value"`
}

var hsMarks = strings.NewReplacer(".", "", " ", "", "-", "")

// CleanHS strips the dots and spaces people write in HS codes and restores a
// leading zero that a spreadsheet or a numeric column dropped ("90111" →
// "090111", "901" → "0901"). It does not check the result; ValidHS does.
func CleanHS(s string) string {
	s = hsMarks.Replace(strings.TrimSpace(s))
	if len(s)%2 == 1 && len(s) < 6 && allDigits(s) {
		s = "0" + s
	}
	return s
}

// ValidHS reports whether code is a 2-, 4- or 6-digit HS code (shape only).
func ValidHS(code string) bool {
	return (len(code) == 2 || len(code) == 4 || len(code) == 6) && allDigits(code) && code[:2] != "00"
}

// HSAt returns code cut to a coarser level (2 or 4 digits, or 6 for itself):
// the aggregation is a prefix, derived and never typed.
func HSAt(code string, digits int) (string, bool) {
	if !ValidHS(code) || (digits != 2 && digits != 4 && digits != 6) || digits > len(code) {
		return "", false
	}
	return code[:digits], true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Problem is one thing wrong in a file: where, and why as a translation key
// (internal/i18n catalogues) with its arguments.
type Problem struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line"`             // 1-based; 0 for the file as a whole
	Column string `json:"column,omitempty"` // the header name, "" for the whole row
	Key    string `json:"code"`
	Args   []any  `json:"args,omitempty"`
	Value  string `json:"value,omitempty"` // the offending text, cut to 60 characters
}

// Where is the problem's place as "FILE:LINE: COLUMN".
func (p Problem) Where() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		b.WriteByte(':')
	}
	if p.Line > 0 {
		fmt.Fprintf(&b, "%d:", p.Line)
	}
	if p.Column != "" {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p.Column)
	}
	return strings.TrimSuffix(b.String(), ":")
}

// Format renders "FILE:LINE: COLUMN: message" with a translator such as
// i18n.Printer.T.
func (p Problem) Format(t func(key string, args ...any) string) string {
	msg := t(p.Key, p.Args...)
	if p.Value != "" {
		msg += " (" + p.Value + ")"
	}
	if w := p.Where(); w != "" {
		return w + ": " + msg
	}
	return msg
}

// Problems is what a reading found wrong, in file order.
type Problems []Problem

// Err returns nil when there are none, else an EInvalid *siapekspor.Error
// whose Fields carry each problem, the field named by its place. The
// offending value is not among a field's arguments: no message has a verb
// for it (it showed as "%!(EXTRA …)"); Format shows it.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	e := &siapekspor.Error{Code: siapekspor.EInvalid, Key: "trade.file_problems", Args: []any{siapekspor.Count(len(ps))}}
	for _, p := range ps {
		e.Fields = append(e.Fields, siapekspor.FieldError{Field: p.Where(), Key: p.Key, Args: p.Args})
	}
	return e
}

// DefaultMaxProblems is how many problems a reader keeps; past that it only
// counts, so a file that is wrong on every one of its ten million rows does
// not fill memory.
const DefaultMaxProblems = 1000

// problemLog keeps problems up to a limit and counts the rest.
type problemLog struct {
	file    string
	max     int
	list    Problems
	dropped int
}

func (l *problemLog) add(line int, column, key, value string, args ...any) {
	if l.max == 0 {
		l.max = DefaultMaxProblems
	}
	if len(l.list) >= l.max {
		l.dropped++
		return
	}
	if r := []rune(value); len(r) > 60 { // characters, never half of one
		value = string(r[:60]) + "…"
	}
	l.list = append(l.list, Problem{File: l.file, Line: line, Column: column, Key: key, Args: args, Value: value})
}

// problems returns the kept problems and, when some were only counted, a
// last one saying how many more there were.
func (l *problemLog) problems() Problems {
	if l.dropped == 0 {
		return l.list
	}
	return append(append(Problems{}, l.list...), Problem{File: l.file, Key: "trade.more_problems", Args: []any{siapekspor.Count(l.dropped)}})
}
