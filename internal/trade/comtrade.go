package trade

import (
	"bytes"
	"github.com/siapekspor/siapekspor"
	"io"
	"strings"
)

// Comtrade columns, by what they mean. A header cell matches a column when,
// lower-cased with everything but letters and digits removed, it equals one
// of the aliases: Comtrade Plus (API and bulk CSV: refYear, reporterCode,
// reporterISO, partnerCode, partnerISO, flowCode, cmdCode, primaryValue,
// netWgt, classificationCode) and the legacy Comtrade CSV (Year, Reporter
// Code, Reporter ISO, Trade Flow Code, Commodity Code, Trade Value (US$),
// Netweight (kg), Classification).
const (
	ctYear = iota
	ctPeriod
	ctFreq
	ctReporterCode
	ctReporterISO
	ctPartnerCode
	ctPartnerISO
	ctFlowCode
	ctFlowDesc
	ctCmdCode
	ctValue
	ctFOB
	ctCIF
	ctNetWgt
	ctClassification
	ctPartner2
	ctCustoms
	ctMOT
	ctColumns
)

var comtradeAliases = [ctColumns][]string{
	ctYear:           {"refyear", "year"},
	ctPeriod:         {"period"},
	ctFreq:           {"freqcode", "freq"},
	ctReporterCode:   {"reportercode"},
	ctReporterISO:    {"reporteriso", "reporteriso3"},
	ctPartnerCode:    {"partnercode"},
	ctPartnerISO:     {"partneriso", "partneriso3"},
	ctFlowCode:       {"flowcode", "tradeflowcode"},
	ctFlowDesc:       {"flowdesc", "tradeflow"},
	ctCmdCode:        {"cmdcode", "commoditycode"},
	ctValue:          {"primaryvalue", "tradevalueus", "tradevalue", "tradevalueusd"},
	ctFOB:            {"fobvalue", "fobtradevalueus"},
	ctCIF:            {"cifvalue", "ciftradevalueus"},
	ctNetWgt:         {"netwgt", "netweightkg", "netweight"},
	ctClassification: {"classificationcode", "classification"},
	ctPartner2:       {"partner2code", "2ndpartnercode"},
	ctCustoms:        {"customscode", "customsproccode"},
	ctMOT:            {"motcode", "modeoftransportcode"},
}

func headerKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Skip reasons a Comtrade file's rows may have; each is a message key with
// the count as its argument. Skipped rows are not problems: they are rows
// the ranking must not count twice.
const (
	SkipOtherFlow = "trade.skip.other_flow" // re-exports, re-imports, other flows than M and X
	SkipAggregate = "trade.skip.aggregate"  // partner is a "not elsewhere specified" area, bunkers, free zones
	SkipTotal     = "trade.skip.total"      // commodity TOTAL, AG2 …
	SkipBreakdown = "trade.skip.breakdown"  // rows split by second partner, customs procedure or transport mode
)

// ComtradeReader reads a UN Comtrade CSV extract (comma or tab separated).
// For an import flow the reporter is the importer and the partner the
// exporter; for an export flow the other way round. Rows with the World as
// partner (code 0, W00, WLD) are kept as totals: their partner side is ""
// (all partners), so a file holding both partner rows and World rows gives
// both, and a caller summing partners must skip Total() flows. Country codes
// may be ISO3 or numeric (Comtrade's own numbering or ISO 3166).
type ComtradeReader struct {
	lr      *lineReader
	opt     Options
	log     problemLog
	codes   codeCache
	col     [ctColumns]int // field index, -1 absent
	header  []string
	skipped map[string]int
	rows    int
}

// NewComtradeReader reads the header; a file without the columns a flow
// needs is refused with a *siapekspor.Error naming the missing ones.
func NewComtradeReader(r io.Reader, opt Options) (*ComtradeReader, error) {
	if opt.Dataset == "" {
		opt.Dataset = "comtrade"
	}
	cr := &ComtradeReader{lr: newLineReader(r), opt: opt, codes: codeCache{}, skipped: map[string]int{}}
	cr.log = problemLog{file: opt.Name, max: opt.MaxProblems}
	head, err := cr.lr.read()
	switch err {
	case io.EOF:
		cr.log.add(0, "", "trade.empty_file", "")
		return nil, cr.log.problems().Err()
	case errUnclosedQuote:
		cr.log.add(cr.lr.line, "", "trade.unclosed_quote", "")
		return nil, cr.log.problems().Err()
	}
	if err != nil {
		return nil, err
	}
	if len(head) == 1 && bytes.IndexByte(head[0], '\t') >= 0 {
		cr.lr.sep = '\t'
		head = bytes.Split(head[0], []byte{'\t'})
	}
	for i := range cr.col {
		cr.col[i] = -1
	}
	for i, h := range head {
		name := strings.TrimSpace(string(h))
		cr.header = append(cr.header, name)
		k := headerKey(name)
		for c, aliases := range comtradeAliases {
			for _, a := range aliases {
				if k == a && cr.col[c] < 0 {
					cr.col[c] = i
				}
			}
		}
	}
	var missing []string
	need := []struct {
		name string
		any  []int
	}{
		{"refYear", []int{ctYear, ctPeriod}},
		{"reporterCode / reporterISO", []int{ctReporterCode, ctReporterISO}},
		{"partnerCode / partnerISO", []int{ctPartnerCode, ctPartnerISO}},
		{"flowCode", []int{ctFlowCode, ctFlowDesc}},
		{"cmdCode", []int{ctCmdCode}},
		{"primaryValue", []int{ctValue, ctFOB, ctCIF}},
	}
	for _, n := range need {
		found := false
		for _, c := range n.any {
			found = found || cr.col[c] >= 0
		}
		if !found {
			missing = append(missing, n.name)
		}
	}
	if len(missing) > 0 {
		cr.log.add(cr.lr.line, "", "trade.missing_columns", "", strings.Join(missing, ", "))
		return nil, cr.log.problems().Err()
	}
	return cr, nil
}

// Problems returns the rows that could not be read.
func (cr *ComtradeReader) Problems() Problems { return cr.log.problems() }

// Skipped counts the rows left out on purpose, by reason (the Skip… keys).
func (cr *ComtradeReader) Skipped() map[string]int { return cr.skipped }

// Rows is how many data rows were read.
func (cr *ComtradeReader) Rows() int { return cr.rows }

func (cr *ComtradeReader) cell(fields [][]byte, c int) []byte {
	i := cr.col[c]
	if i < 0 || i >= len(fields) {
		return nil
	}
	return trimSpace(fields[i])
}

func (cr *ComtradeReader) colName(c int) string { return cr.header[cr.col[c]] }

// country resolves a code/ISO pair: world is "" with world true; aggregate
// areas report aggregate; ok false means unknown.
func (cr *ComtradeReader) country(code, iso []byte) (c string, world, aggregate, ok bool) {
	if len(iso) > 0 {
		s := NormalizeCountry(string(iso))
		if isWorld(s) {
			return "", true, false, true
		}
		if KnownCountry(s) {
			return s, false, false, true
		}
	}
	if len(code) > 0 {
		n, okn := siapekspor.ParseDigits(code)
		if okn {
			if n == 0 {
				return "", true, false, true
			}
			if s, ok := CountryByNumeric(n); ok {
				return s, false, false, true
			}
			if comtradeAggregates[n] {
				return "", false, true, true
			}
		}
	}
	if len(iso) > 0 && (iso[0] == '_' || string(iso) == "XX") { // Comtrade Plus "_X" areas nes
		return "", false, true, true
	}
	return "", false, false, false
}

// Next returns the next good row as a flow.
func (cr *ComtradeReader) Next() (Flow, error) {
	for {
		fields, err := cr.lr.read()
		if err == errUnclosedQuote {
			cr.log.add(cr.lr.line, "", "trade.unclosed_quote", "")
			return Flow{}, io.EOF
		}
		if err != nil {
			return Flow{}, err
		}
		cr.rows++
		if f, ok := cr.row(fields); ok {
			return f, nil
		}
	}
}

func (cr *ComtradeReader) row(fields [][]byte) (Flow, bool) {
	line := cr.lr.line
	f := Flow{Dataset: cr.opt.Dataset, Line: line, Edition: cr.opt.Edition}
	// Breakdown rows repeat the totals split another way; keep the totals.
	if v := cr.cell(fields, ctPartner2); len(v) > 0 && string(v) != "0" && string(v) != "W00" {
		cr.skipped[SkipBreakdown]++
		return f, false
	}
	if v := cr.cell(fields, ctCustoms); len(v) > 0 && string(v) != "C00" {
		cr.skipped[SkipBreakdown]++
		return f, false
	}
	if v := cr.cell(fields, ctMOT); len(v) > 0 && string(v) != "0" {
		cr.skipped[SkipBreakdown]++
		return f, false
	}
	var flow byte
	switch v := strings.ToUpper(string(cr.cell(fields, ctFlowCode))); v {
	case "M", "1":
		flow = 'M'
	case "X", "2":
		flow = 'X'
	case "":
		switch strings.ToLower(string(cr.cell(fields, ctFlowDesc))) {
		case "import", "imports":
			flow = 'M'
		case "export", "exports":
			flow = 'X'
		}
	}
	if flow == 0 {
		cr.skipped[SkipOtherFlow]++
		return f, false
	}
	cmd := cr.cell(fields, ctCmdCode)
	if len(cmd) > 0 && (cmd[0] < '0' || cmd[0] > '9') {
		cr.skipped[SkipTotal]++ // TOTAL, AG2, AG4, AG6
		return f, false
	}
	bad := false
	if cr.col[ctYear] >= 0 {
		y, ok := siapekspor.ParseDigits(cr.cell(fields, ctYear))
		if !ok || y < 1950 || y > 2100 {
			cr.log.add(line, cr.colName(ctYear), "trade.bad_year", string(cr.cell(fields, ctYear)))
			bad = true
		}
		f.Year = y
	}
	if p := cr.cell(fields, ctPeriod); len(p) == 6 || strings.EqualFold(string(cr.cell(fields, ctFreq)), "M") {
		col := ctFreq
		if cr.col[ctFreq] < 0 {
			col = ctPeriod
		}
		cr.log.add(line, cr.colName(col), "trade.monthly", string(cr.cell(fields, col)))
		bad = true
	} else if cr.col[ctYear] < 0 {
		y, ok := siapekspor.ParseDigits(p)
		if !ok || y < 1950 || y > 2100 {
			cr.log.add(line, cr.colName(ctPeriod), "trade.bad_year", string(p))
			bad = true
		}
		f.Year = y
	}
	if cls := cr.cell(fields, ctClassification); len(cls) > 0 {
		if ed, ok := ParseEdition(string(cls)); ok {
			f.Edition = ed
		} else if !strings.EqualFold(string(cls), "HS") { // legacy "HS": as reported
			cr.log.add(line, cr.colName(ctClassification), "trade.not_hs", string(cls))
			bad = true
		}
	}
	rep, repWorld, _, ok := cr.country(cr.cell(fields, ctReporterCode), cr.cell(fields, ctReporterISO))
	if !ok || repWorld || rep == "" {
		col := ctReporterISO
		if cr.col[col] < 0 {
			col = ctReporterCode
		}
		cr.log.add(line, cr.colName(col), "trade.unknown_country", string(cr.cell(fields, col)))
		bad = true
	}
	par, _, aggregate, ok := cr.country(cr.cell(fields, ctPartnerCode), cr.cell(fields, ctPartnerISO))
	if aggregate {
		cr.skipped[SkipAggregate]++
		return f, false
	}
	if !ok {
		col := ctPartnerISO
		if cr.col[col] < 0 {
			col = ctPartnerCode
		}
		cr.log.add(line, cr.colName(col), "trade.unknown_country", string(cr.cell(fields, col)))
		bad = true
	}
	hs, ok := cr.codes.code(cmd)
	switch {
	case !ok:
		cr.log.add(line, cr.colName(ctCmdCode), "trade.bad_product", string(cmd))
		bad = true
	case checkProduct(hs, f.Edition) != "":
		cr.log.add(line, cr.colName(ctCmdCode), checkProduct(hs, f.Edition), string(cmd))
		bad = true
	}
	valCol := ctValue
	for _, c := range []int{ctValue, ctFOB, ctCIF} {
		if len(cr.cell(fields, c)) > 0 {
			valCol = c
			break
		}
	}
	if cr.col[valCol] < 0 {
		valCol = ctFOB
		if cr.col[valCol] < 0 {
			valCol = ctCIF
		}
	}
	v, ok := parseNumber(cr.cell(fields, valCol))
	if !ok || v < 0 {
		cr.log.add(line, cr.colName(valCol), "trade.bad_value", string(cr.cell(fields, valCol)))
		bad = true
	}
	if w := cr.cell(fields, ctNetWgt); !isNA(w) {
		kg, ok := parseNumber(w)
		if !ok || kg < 0 {
			cr.log.add(line, cr.colName(ctNetWgt), "trade.bad_quantity", string(w))
			bad = true
		}
		f.QuantityTonnes = kg / 1000
	}
	if bad {
		return f, false
	}
	f.HS, f.ValueUSD = hs, v
	if flow == 'M' {
		f.Importer, f.Exporter = rep, par
	} else {
		f.Exporter, f.Importer = rep, par
		f.ExporterReported = true
	}
	return f, true
}
