package sheet

import (
	"context"
	"errors"

	"github.com/siapekspor/siapekspor"
)

// Limits of every file the importer reads: enterprise and product lists,
// export statistics tables and requirement lists all come through Open.
// Each is checked while reading, before the excess is held or worked on;
// going past one refuses the whole file with a message naming the limit.
// The README's table of limits quotes these.
const (
	// MaxRows is the most rows a sheet or CSV file may have (Excel's own).
	MaxRows = 1_048_576
	// MaxColumns is the most cells in one row (Excel's own, column XFD).
	MaxColumns = 16_384
	// MaxCells bounds the cells of a whole file, counting the empty cells
	// a cell reference skips over ("XFD1" alone makes a row of 16,384).
	MaxCells = 50_000_000
	// MaxCellBytes bounds one cell's text; Excel holds at most 32,767
	// characters in a cell.
	MaxCellBytes = 128 << 10
	// MaxRowBytes bounds one row's text: a CSV record as read, or an XLSX
	// row's cells (a shared string counted at each use).
	MaxRowBytes = 1 << 20
	// MaxTextBytes bounds the text of all the cells a file hands out, a
	// shared string counted at each use.
	MaxTextBytes = 1 << 30
	// MaxPartBytes bounds the unpacked size of an XLSX's sheet and of its
	// shared strings, counted as they are read (a zip's declared sizes are
	// not trusted). A sheet as the export writes it takes 1.26 KB a row:
	// about 400,000 rows, more than a 50 MB upload holds; larger lists go
	// as CSV, or in parts. Scanning it is what bounds an XLSX's CPU time.
	MaxPartBytes = 512 << 20
	// MaxMetaBytes bounds the unpacked size of the workbook and its list
	// of relationships.
	MaxMetaBytes = 8 << 20
	// MaxSharedStrings and MaxSharedBytes bound an XLSX's shared-string
	// table, the one thing of a sheet that stays in memory.
	MaxSharedStrings = 1_000_000
	MaxSharedBytes   = 64 << 20
	// MaxTagBytes bounds one XML tag of a sheet (its name and attributes).
	MaxTagBytes = 1 << 20
	// MaxMerges bounds an XLSX sheet's merged ranges, kept in memory to
	// fill each with its value as the rows are read.
	MaxMerges = 100_000
	// MaxZipEntries bounds the files inside an XLSX (checked before the
	// zip's directory is read into memory).
	MaxZipEntries = 10_000
)

// tally counts what a table has handed out against the file's limits.
type tally struct {
	rows, cells int
	text        int64
}

// row checks a row's cells before it is handed out: each cell's length,
// the row's column count, and the file's rows, cells and text so far.
func (t *tally) row(line int, cells []string) error {
	if len(cells) > MaxColumns {
		return fileError("import.too_many_columns", line, siapekspor.Count(MaxColumns))
	}
	n := 0
	for i, c := range cells {
		if len(c) > MaxCellBytes {
			return cellTooLong(line, i)
		}
		n += len(c)
	}
	t.rows++
	t.cells += len(cells)
	t.text += int64(n)
	switch {
	case t.rows > MaxRows:
		return fileError("import.too_many_rows", siapekspor.Count(MaxRows))
	case t.cells > MaxCells:
		return fileError("import.too_many_cells", siapekspor.Count(MaxCells))
	case t.text > MaxTextBytes:
		return fileError("import.too_much_text", MaxTextBytes>>20)
	}
	return nil
}

func cellTooLong(line, col int) error {
	return fileError("import.cell_too_long", line, ColumnLetter(col), MaxCellBytes>>10)
}

func rowTooLong(line int) error {
	return fileError("import.row_too_long", line, MaxRowBytes>>20)
}

// passThrough reports a reader's own refusals (domain errors) and a
// cancellation, which go to the caller as they are.
func passThrough(err error) bool {
	_, ok := siapekspor.AsError(err)
	return ok || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// readError passes those through and calls anything else broken.
func readError(err, broken error) error {
	if passThrough(err) {
		return err
	}
	return broken
}
