package exportstats

import (
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor/internal/refdata"
)

// measureVal is one figure as read: in US$ or kg, with what the totals
// check needs to know about how it was printed.
type measureVal struct {
	has      bool
	v        float64 // US$ or kg
	decimals int     // digits after the decimal mark as printed
	scale    float64 // the printed unit in US$ or kg
	raw      string
	col      int
}

// halfUnit is the largest rounding error of the printed figure.
func (m measureVal) halfUnit() float64 {
	p := 1.0
	for i := 0; i < m.decimals; i++ {
		p /= 10
	}
	return 0.5 * p * m.scale
}

// entry is one figure of the table, detail or total.
type entry struct {
	line        int
	province    string
	provTotal   bool
	year, month int
	monthTotal  bool
	hs          string
	commodity   string
	commOther   bool
	commTotal   bool
	dest        string
	destName    string
	destOther   bool
	destTotal   bool
	value       measureVal
	weight      measureVal
}

func (e *entry) isTotal() bool { return e.monthTotal || e.commTotal || e.destTotal || e.provTotal }

func (e *entry) commKey() string {
	switch {
	case e.commTotal:
		return "*"
	case e.commOther:
		return "~other"
	case e.hs != "":
		return e.hs
	}
	return normText(e.commodity)
}

func (e *entry) destKey() string {
	switch {
	case e.destTotal:
		return "*"
	case e.destOther:
		return "~other"
	}
	return e.dest
}

func (e *entry) row() Row {
	return Row{Line: e.line, ProvinceCode: e.province, Year: e.year, Month: e.month, HSCode: e.hs, Commodity: e.commodity,
		OtherCommodity: e.commOther, Destination: e.dest, DestinationName: e.destName, OtherDestination: e.destOther,
		ValueUSD: e.value.v, WeightKG: e.weight.v, HasValue: e.value.has, HasWeight: e.weight.has}
}

// rowCtx collects one line's problems.
type rowCtx struct {
	rd    *reader
	cells []string
	line  int
	bad   bool
}

func (c *rowCtx) get(f field) (string, int) {
	i, ok := c.rd.byField[f]
	if !ok {
		return "", -1
	}
	return cell(c.cells, i), i
}

func (c *rowCtx) problem(col int, f field, key string, args ...any) {
	c.bad = true
	c.rd.problem(c.line, c.rd.label(col), string(f), key, cell(c.cells, col), args...)
}

// identifiers reads what labels a row: province, year column, commodity
// and destination.
func (c *rowCtx) identifiers(e *entry) {
	rd := c.rd
	for i, v := range c.cells {
		if strings.HasPrefix(strings.TrimSpace(v), "=") && (i < len(rd.cols) && (rd.cols[i].field != "" || rd.cols[i].measure != "")) {
			c.problem(i, rd.cols[i].field, "import.formula")
		}
	}
	e.line = c.line
	// Province.
	if v, i := c.get(fProvince); i >= 0 {
		switch {
		case v == "":
			c.problem(i, fProvince, "field.required")
		case isTotal(v) || normText(v) == "indonesia":
			e.provTotal = true
		default:
			if code, ok := resolveProvince(v); ok {
				e.province = code
			} else {
				c.problem(i, fProvince, "exportstats.unknown_province")
			}
		}
	} else if rd.opt.Province != "" {
		e.province = rd.opt.Province
	} else {
		e.province = rd.titleProvince
	}
	// Year column.
	if v, i := c.get(fYear); i >= 0 {
		if v == "" {
			if rd.wide {
				c.problem(i, fYear, "field.required")
			}
		} else if y, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(v, ",0"), ".0")); err != nil {
			c.problem(i, fYear, "exportstats.bad_year")
		} else if y < 1990 || y > 2100 {
			c.problem(i, fYear, "field.year_range", 1990, 2100)
		} else {
			e.year = y
		}
	}
	c.commodity(e)
	c.destination(e)
}

// resolveProvince reads a province as a Kemendagri or BPS code or a name.
func resolveProvince(v string) (string, bool) {
	ix := refdata.DefaultRegionIndex()
	if r, ok := ix.ByCode(v); ok && r.Level == 1 {
		return r.Code, true
	}
	if r, ok := ix.ByBPSCode(v); ok && r.Level == 1 {
		return r.Code, true
	}
	if strings.HasSuffix(v, "00") && len(v) == 4 { // BPS writes provinces as 1800 in some tables
		if r, ok := ix.ByBPSCode(v[:2]); ok && r.Level == 1 {
			return r.Code, true
		}
	}
	res := ix.Resolve(v, 1, "")
	if res.Status == refdata.Exact || res.Status == refdata.Normalised {
		return res.Region.Code, true
	}
	return "", false
}

func (c *rowCtx) commodity(e *entry) {
	if !c.rd.rep.HasCommodity {
		return
	}
	codeCell, ci := c.get(fHS)
	nameCell, ni := c.get(fCommodity)
	col, f := ni, fCommodity
	if ni < 0 {
		col, f = ci, fHS
	}
	switch {
	case codeCell == "" && nameCell == "":
		c.problem(col, f, "field.required")
		return
	case isTotal(nameCell) || isTotal(codeCell):
		e.commTotal = true
		return
	case isOther(nameCell) && (codeCell == "" || isOther(codeCell)), nameCell == "" && isOther(codeCell):
		e.commOther = true
		e.commodity = nameCell
		if e.commodity == "" {
			e.commodity = codeCell
		}
		return
	}
	embedded, name := splitCommodity(nameCell)
	if embedded == "" && name != "" && allDigits(name) { // a code in the name column, its zero dropped
		embedded, name = name, ""
	}
	e.commodity = name
	var code string
	if codeCell != "" {
		n, ok := normalizeHS(codeCell)
		if !ok {
			c.problem(ci, fHS, "exportstats.bad_hs")
			return
		}
		code = n
		if embedded != "" {
			if m, ok := normalizeHS(embedded); ok && m != n {
				c.problem(ni, fCommodity, "exportstats.hs_mismatch", n)
				return
			}
		}
	} else if embedded != "" {
		n, ok := normalizeHS(embedded)
		if !ok {
			c.problem(ni, fCommodity, "exportstats.bad_hs")
			return
		}
		code, col, f = n, ni, fCommodity
	}
	if code != "" && !knownHS(code) {
		if codeCell != "" {
			col, f = ci, fHS
		}
		c.problem(col, f, "exportstats.unknown_hs", code)
		return
	}
	e.hs = code
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func (c *rowCtx) destination(e *entry) {
	if !c.rd.rep.HasDestination {
		return
	}
	codeCell, ci := c.get(fDestCode)
	nameCell, ni := c.get(fDestination)
	col, f := ni, fDestination
	if ni < 0 {
		col, f = ci, fDestCode
	}
	e.destName = nameCell
	if e.destName == "" {
		e.destName = codeCell
	}
	switch {
	case codeCell == "" && nameCell == "":
		c.problem(col, f, "field.required")
		return
	case isTotal(nameCell) || isTotal(codeCell):
		e.destTotal = true
		return
	case isOther(nameCell) || (nameCell == "" && isOther(codeCell)):
		e.destOther = true
		return
	}
	var byCode, byName string
	if codeCell != "" {
		iso, _, ok := ResolveCountry(codeCell)
		if !ok {
			c.problem(ci, fDestCode, "exportstats.unknown_country")
			return
		}
		byCode = iso
	}
	if nameCell != "" {
		iso, suggestion, ok := ResolveCountry(nameCell)
		switch {
		case ok:
			byName = iso
		case byCode != "":
			// The code decides; a name we do not know is not an error then.
		case suggestion != "":
			c.problem(ni, fDestination, "exportstats.unknown_country_suggest", suggestion)
			return
		default:
			c.problem(ni, fDestination, "exportstats.unknown_country")
			return
		}
	}
	if byCode != "" && byName != "" && byCode != byName {
		c.problem(ni, fDestination, "exportstats.country_mismatch", byCode, CountryName(byCode, "id"))
		return
	}
	e.dest = byCode
	if e.dest == "" {
		e.dest = byName
	}
}

var styleExample = map[NumberStyle]string{StyleID: "1.234.567,89", StyleEN: "1,234,567.89"}

// number reads a figure cell of column i.
func (c *rowCtx) number(i int) measureVal {
	col := c.rd.cols[i]
	raw := cell(c.cells, i)
	m := measureVal{raw: raw, col: i, scale: col.scale}
	digits, neg, nilValue, missing := cleanNumber(raw)
	switch {
	case missing:
		return m
	case nilValue:
		m.has = true
		return m
	case strings.HasPrefix(raw, "="):
		return m // reported as a formula
	}
	cls := classify(digits)
	if cls == numBad {
		c.problem(i, col.measure, "field.number")
		return m
	}
	v, dec, ok := parseStyled(digits, col.style)
	if !ok {
		other := StyleEN
		if col.style == StyleEN {
			other = StyleID
		}
		if _, _, ok2 := parseStyled(digits, other); ok2 {
			c.problem(i, col.measure, "exportstats.number_style", styleExample[col.style])
		} else {
			c.problem(i, col.measure, "field.number")
		}
		return m
	}
	if neg && v != 0 {
		c.problem(i, col.measure, "field.negative")
		return m
	}
	places := 2
	if col.measure == fWeight {
		places = 3
	}
	m.has, m.v, m.decimals = true, roundTo(v*col.scale, places), dec
	return m
}

// parseLong reads one row of a long table.
func (rd *reader) parseLong(row rawRow) {
	c := &rowCtx{rd: rd, cells: row.cells, line: row.line}
	e := entry{}
	c.identifiers(&e)
	// The month, and the year it may carry.
	monthYear := 0
	mv, mi := c.get(fPeriod)
	mf := fPeriod
	if mi < 0 {
		mv, mi = c.get(fMonth)
		mf = fMonth
	}
	if mi >= 0 {
		switch m, y, total, ok := parseMonth(mv); {
		case mv == "":
			c.problem(mi, mf, "field.required")
		case !ok:
			if n, err := strconv.Atoi(mv); err == nil {
				c.problem(mi, mf, "exportstats.month_range", n)
			} else {
				c.problem(mi, mf, "exportstats.bad_month")
			}
		case total:
			e.monthTotal, monthYear = true, y
		default:
			e.month, monthYear = m, y
		}
	}
	_, yi := c.get(fYear)
	switch {
	case monthYear != 0 && e.year != 0 && monthYear != e.year:
		c.problem(mi, mf, "exportstats.year_mismatch", monthYear, e.year)
	case e.year != 0:
	case monthYear != 0:
		e.year = monthYear
	case yi >= 0 && cell(c.cells, yi) != "":
		// a bad year, reported
	case rd.titleYear != 0:
		e.year = rd.titleYear
	case rd.opt.Year != 0:
		e.year = rd.opt.Year
	default:
		col := yi
		if col < 0 {
			col = mi
		}
		c.problem(col, fYear, "exportstats.no_year")
	}
	vi, hasV := rd.byField[fValue]
	wi, hasW := rd.byField[fWeight]
	if hasV {
		e.value = c.number(vi)
	}
	if hasW {
		e.weight = c.number(wi)
	}
	if !c.bad && !e.value.has && !e.weight.has {
		col, f := vi, fValue
		if !hasV {
			col, f = wi, fWeight
		}
		c.problem(col, f, "exportstats.no_value")
	}
	if !c.bad {
		rd.entries = append(rd.entries, e)
	}
}

// parseWide reads one row of a wide table: one entry per period column
// with a figure (value and weight columns of one period make one entry).
func (rd *reader) parseWide(row rawRow) {
	c := &rowCtx{rd: rd, cells: row.cells, line: row.line}
	base := entry{}
	c.identifiers(&base)
	type pkey struct {
		year, month int
		total       bool
	}
	var order []pkey
	byPeriod := map[pkey]*entry{}
	for _, i := range rd.periods {
		col := rd.cols[i]
		m := c.number(i)
		if !m.has {
			continue
		}
		year := col.period.year
		if year == 0 {
			year = base.year
		}
		k := pkey{year, col.period.month, col.period.total}
		e, ok := byPeriod[k]
		if !ok {
			cp := base
			cp.year, cp.month, cp.monthTotal = year, col.period.month, col.period.total
			e = &cp
			byPeriod[k] = e
			order = append(order, k)
		}
		if col.measure == fWeight {
			e.weight = m
		} else {
			e.value = m
		}
	}
	if c.bad {
		return
	}
	for _, k := range order {
		e := byPeriod[k]
		if e.year == 0 {
			c.problem(rd.byField[fYear], fYear, "exportstats.no_year")
			return
		}
		rd.entries = append(rd.entries, *e)
	}
}
