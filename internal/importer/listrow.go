package importer

import (
	"strings"

	"github.com/siapekspor/siapekspor/internal/sheet"
)

// listCells reads one data row of a simple one-header list (products,
// buying requests, export records): its cells by field, and its problems,
// at most one per field (one problem per cell is enough to fix it).
type listCells struct {
	h        *Header
	cells    []string
	line     int
	problems *[]sheet.Problem
}

// get is the field's trimmed cell, "" when the file has no such column.
// It is a copy: a CSV record's cells share one string, which a kept value
// would otherwise hold on to.
func (c listCells) get(f Field) string {
	i, ok := c.h.Mapping[f]
	if !ok || i >= len(c.cells) {
		return ""
	}
	return strings.Clone(strings.TrimSpace(c.cells[i]))
}

// problem records why field f cannot be read, unless it has one already.
func (c listCells) problem(f Field, key string, args ...any) {
	for _, p := range *c.problems {
		if p.Field == string(f) {
			return
		}
	}
	*c.problems = append(*c.problems, sheet.Problem{Line: c.line, Column: c.h.Column(f), Field: string(f), Key: key, Args: args, Value: clip(c.get(f))})
}

// refuseFormulas refuses every cell that is a spreadsheet formula.
func (c listCells) refuseFormulas() {
	for f := range c.h.Mapping {
		if strings.HasPrefix(c.get(f), "=") {
			c.problem(f, "import.formula")
		}
	}
}
