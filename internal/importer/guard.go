package importer

import (
	"strings"

	"github.com/siapekspor/siapekspor/internal/sheet"
)

// The files the system writes come back to it: an export edited and
// imported, the rejected rows fixed and uploaded again. Two things they
// carry are the writer's, not the data's, and are taken off here, before
// the header is looked for or any cell is read.

// GuardChars are the first characters a spreadsheet runs as a formula;
// the writers (bulk.SafeCell) put an apostrophe before a cell starting
// with one of them.
const GuardChars = "=+-@\t\r"

// Unguard takes off exactly the apostrophe the writers add: one, and only
// before a character of GuardChars ("'+62812…" is the phone "+62812…"; a
// name like "'Ain" keeps its apostrophe).
func Unguard(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.IndexByte(GuardChars, s[1]) >= 0 {
		return s[1:]
	}
	return s
}

// Unguarded reads t with the writers' additions taken off: the formula
// guard of every cell, and the report columns of a rejected-rows file —
// its first two columns, when a header row among the first rows names them
// with two of reportHeaders (the original line and the reasons, in any of
// the languages the file may have been written in), are dropped from that
// row on, so the reasons never become data.
func Unguarded(t sheet.Table, reportHeaders ...string) sheet.Table {
	names := map[string]bool{}
	for _, h := range reportHeaders {
		names[normHeader(h)] = true
	}
	return &unguardedTable{Table: t, names: names}
}

type unguardedTable struct {
	sheet.Table
	names map[string]bool
	seen  int
	drop  bool
}

// Merges passes on the merged ranges of the table beneath (an XLSX
// sheet's), which the row reader fills; a wrapper that hid them lost every
// merged regency block of a real import. A rejected-rows file, whose first
// two columns are dropped, is written without merges.
func (t *unguardedTable) Merges() []sheet.Merge {
	if m, ok := t.Table.(interface{ Merges() []sheet.Merge }); ok {
		return m.Merges()
	}
	return nil
}

// reportRowsLooked is how far down a rejected-rows file's header may be.
const reportRowsLooked = 10

func (t *unguardedTable) Next() ([]string, int, error) {
	cells, line, err := t.Table.Next()
	if err != nil {
		return cells, line, err
	}
	if !t.drop && t.seen < reportRowsLooked && len(t.names) > 0 {
		t.seen++
		if len(cells) >= 2 && t.names[normHeader(cells[0])] && t.names[normHeader(cells[1])] && normHeader(cells[0]) != normHeader(cells[1]) {
			t.drop = true
		}
	}
	if t.drop {
		if len(cells) <= 2 {
			cells = nil
		} else {
			cells = cells[2:]
		}
	}
	for i, c := range cells {
		cells[i] = Unguard(c)
	}
	return cells, line, nil
}
