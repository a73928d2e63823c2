package importer

import (
	"slices"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/sheet"
)

// listCells reads one data row of a simple one-header list (products,
// buying requests, export records): its cells by field, its problems, at
// most one per field (one problem per cell is enough to fix it), and its
// notes on how a value was read.
type listCells struct {
	h        *Header
	cells    []string
	line     int
	problems *[]sheet.Problem
	notes    *[]Guess
}

// raw is the field's trimmed cell, "" when the file has no such column.
// It is a copy: a CSV record's cells share one string, which a kept value
// would otherwise hold on to.
func (c listCells) raw(f Field) string {
	i, ok := c.h.Mapping[f]
	if !ok || i >= len(c.cells) {
		return ""
	}
	return strings.Clone(strings.TrimSpace(c.cells[i]))
}

// get is the field's value: its cell, or "" for a placeholder ("-",
// "tidak ada", "n/a"), which is noted. A required field left so is refused
// by the domain's rules, the placeholder shown.
func (c listCells) get(f Field) string {
	v := c.raw(f)
	if v != "" && IsPlaceholder(v, false) {
		c.note(f, "import.placeholder", clip(v))
		return ""
	}
	return v
}

// note records how field f's cell was read, once per field and kind, the
// row's notes kept in the order of its columns.
func (c listCells) note(f Field, key string, args ...any) {
	if c.notes == nil {
		return
	}
	col := c.h.Mapping[f]
	at := len(*c.notes)
	for i, g := range *c.notes {
		if g.col == col && g.Key == key {
			return
		}
		if g.col > col && at == len(*c.notes) {
			at = i
		}
	}
	*c.notes = slices.Insert(*c.notes, at, Guess{Line: c.line, Column: c.h.Column(f), Value: clip(c.raw(f)), Key: key, Args: args, col: col})
}

// problem records why field f cannot be read, unless it has one already.
func (c listCells) problem(f Field, key string, args ...any) {
	for _, p := range *c.problems {
		if p.Field == string(f) {
			return
		}
	}
	*c.problems = append(*c.problems, sheet.Problem{Line: c.line, Column: c.h.Column(f), Field: string(f), Key: key, Args: args, Value: clip(c.raw(f))})
}

// refuseFormulas refuses every cell that is a spreadsheet formula.
func (c listCells) refuseFormulas() {
	for f := range c.h.Mapping {
		if strings.HasPrefix(c.raw(f), "=") {
			c.problem(f, "import.formula")
		}
	}
}

// quantity reads a quantity cell as offices write it ("500", "500 kg", "±
// 1.000 pcs/bulan"; with perMonth a per-day, -week or -year figure becomes
// a month's), noting how. A unit written beside the number must be *unit
// (the Satuan column's) or, when that is empty, fills it.
func (c listCells) quantity(f Field, perMonth bool, unit *siapekspor.Unit) float64 {
	v := c.get(f)
	if v == "" {
		return 0
	}
	if n, ok := ParseNumber(v); ok {
		return n
	}
	q, ok := readQuantity(v, perMonth)
	if !ok {
		c.problem(f, "import.quantity")
		return 0
	}
	factor := massFactor(q.unit, *unit)                                 // "2 ton" where Satuan says kg
	if q.key != "" && (factor == 0 || q.key != "import.guess_number") { // the conversion's note says the number
		c.note(f, q.key, q.args...)
	}
	if factor != 0 {
		c.note(f, "import.guess_converted", formatQuantity(q.n), string(q.unit), formatQuantity(q.n*factor), string(*unit))
		return q.n * factor
	}
	if !c.unitBeside(f, q.unit, unit) {
		return 0
	}
	return q.n
}

// massFactor turns a quantity in from into one in to when both are
// masses (kg and ton: exact); 0 for every other pair, which is not
// converted (a litre is not a kilogram, a pack not a piece).
func massFactor(from, to siapekspor.Unit) float64 {
	switch {
	case from == "ton" && to == "kg":
		return 1000
	case from == "kg" && to == "ton":
		return 0.001
	}
	return 0
}

// unitBeside checks a unit written beside a number ("500 kg", "Rp
// 25.000/kg") against the Satuan column's, or fills that from it when it is
// empty; a different unit is a problem (a price is not converted).
func (c listCells) unitBeside(f Field, u siapekspor.Unit, unit *siapekspor.Unit) bool {
	switch {
	case u == "" || u == *unit:
	case *unit == "":
		*unit = u
		c.note(f, "import.guess_unit", string(u))
	default:
		c.problem(f, "import.unit_differs", string(u), string(*unit))
		return false
	}
	return true
}

// incoterm reads a delivery term as traders write it ("CIF Tokyo", "Ex
// Works"), noting the rule taken and the named place, which is not kept.
func (c listCells) incoterm(f Field) string {
	v := c.get(f)
	rule, place := siapekspor.IncotermText(v)
	switch {
	case place != "":
		c.note(f, "import.guess_incoterm_place", string(rule), place)
	case v != "" && !strings.EqualFold(v, string(rule)) && slices.Contains(siapekspor.Incoterms, rule):
		c.note(f, "import.guess_incoterm", string(rule))
	}
	return string(rule)
}
