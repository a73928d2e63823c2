package trade

import (
	"bytes"
	"github.com/siapekspor/siapekspor"
	"io"
	"math"
	"path"
	"regexp"
	"strings"
)

// Options guide a reader.
type Options struct {
	// Name is the file's name, used in problems and, for BACI, to tell the
	// edition ("BACI_HS17_Y2022_V202401.csv").
	Name string
	// Edition of the product codes when the file does not say.
	Edition Edition
	// Dataset labels the flows; defaults to "baci" or "comtrade".
	Dataset string
	// MaxProblems kept before only counting; 0 means DefaultMaxProblems.
	MaxProblems int
}

var baciName = regexp.MustCompile(`(?i)BACI_(HS\d\d)_`)

// editionFromName reads BACI's "BACI_HS17_Y2022_V202401.csv" naming.
func editionFromName(name string) (Edition, bool) {
	m := baciName.FindStringSubmatch(path.Base(name))
	if m == nil {
		return "", false
	}
	return ParseEdition(m[1])
}

// BACIReader reads a CEPII BACI yearly file: header t,i,j,k,v,q — year,
// exporter, importer (numeric country codes of BACI's country list), HS6
// product, value in thousand US dollars, quantity in metric tonnes (blank or
// NA when unknown). It streams: memory stays the same for any file size.
type BACIReader struct {
	lr      *lineReader
	opt     Options
	log     problemLog
	codes   codeCache
	edition Edition
	rows    int
}

// NewBACIReader checks the header and returns a reader for the rows. A
// file whose header is not BACI's, or whose edition is neither in its name
// nor in opt, is refused with a *siapekspor.Error holding the problem.
func NewBACIReader(r io.Reader, opt Options) (*BACIReader, error) {
	if opt.Dataset == "" {
		opt.Dataset = "baci"
	}
	br := &BACIReader{lr: newLineReader(r), opt: opt, codes: codeCache{}}
	br.log = problemLog{file: opt.Name, max: opt.MaxProblems}
	br.edition = opt.Edition
	if ed, ok := editionFromName(opt.Name); ok {
		br.edition = ed
	}
	head, err := br.lr.read()
	switch err {
	case io.EOF:
		br.log.add(0, "", "trade.empty_file", "")
		return nil, br.log.problems().Err()
	case errUnclosedQuote:
		br.log.add(br.lr.line, "", "trade.unclosed_quote", "")
		return nil, br.log.problems().Err()
	}
	if err != nil {
		return nil, err
	}
	want := []string{"t", "i", "j", "k", "v", "q"}
	ok := len(head) == len(want)
	for i := 0; ok && i < len(want); i++ {
		ok = strings.EqualFold(string(trimSpace(head[i])), want[i])
	}
	if !ok {
		br.log.add(br.lr.line, "", "trade.bad_header", string(bytes.Join(head, []byte{','})), "t,i,j,k,v,q")
	}
	if br.edition == "" {
		br.log.add(0, "", "trade.no_edition", "")
	}
	if ps := br.log.problems(); len(ps) > 0 {
		return nil, ps.Err()
	}
	return br, nil
}

// Problems returns the rows that could not be read.
func (br *BACIReader) Problems() Problems { return br.log.problems() }

// Rows is how many data rows were read, good or not.
func (br *BACIReader) Rows() int { return br.rows }

// Next returns the next good row as a flow.
func (br *BACIReader) Next() (Flow, error) {
	t := countryTable()
	for {
		fields, err := br.lr.read()
		if err == errUnclosedQuote {
			br.log.add(br.lr.line, "", "trade.unclosed_quote", "")
			return Flow{}, io.EOF
		}
		if err != nil {
			return Flow{}, err
		}
		br.rows++
		line := br.lr.line
		if len(fields) != 6 {
			br.log.add(line, "", "trade.field_count", "", 6, len(fields))
			continue
		}
		bad := false
		year, ok := siapekspor.ParseDigits(trimSpace(fields[0]))
		if !ok || year < 1950 || year > 2100 {
			br.log.add(line, "t", "trade.bad_year", string(fields[0]))
			bad = true
		}
		var who [2]string
		for s, col := range [2]string{"i", "j"} {
			n, ok := siapekspor.ParseDigits(trimSpace(fields[1+s]))
			if ok && n > 0 && n < 1000 {
				who[s] = t.numeric[n]
			}
			if who[s] == "" {
				br.log.add(line, col, "trade.unknown_country", string(fields[1+s]))
				bad = true
			}
		}
		hs, ok := br.codes.code(fields[3])
		switch {
		case !ok || len(hs) != 6:
			br.log.add(line, "k", "trade.bad_product", string(fields[3]))
			bad = true
		case checkProduct(hs, br.edition) != "":
			br.log.add(line, "k", checkProduct(hs, br.edition), string(fields[3]))
			bad = true
		}
		v, ok := parseNumber(trimSpace(fields[4]))
		if !ok || v < 0 {
			br.log.add(line, "v", "trade.bad_value", string(fields[4]))
			bad = true
		}
		q := 0.0
		if !isNA(fields[5]) {
			if q, ok = parseNumber(trimSpace(fields[5])); !ok || q < 0 {
				br.log.add(line, "q", "trade.bad_quantity", string(fields[5]))
				bad = true
			}
		}
		if bad {
			continue
		}
		return Flow{Dataset: br.opt.Dataset, Year: year, Exporter: who[0], Importer: who[1], HS: hs, Edition: br.edition,
			ValueUSD: thousands(v), QuantityTonnes: q, Line: line}, nil
	}
}

// thousands turns BACI's thousand dollars into dollars without the float
// noise of a plain multiplication (8.165 × 1000 = 8164.999999999999).
func thousands(v float64) float64 { return math.Round(v*1e6) / 1e3 }
