package bulk

import (
	"context"
	"io"

	"github.com/siapekspor/siapekspor/internal/importer"
	"github.com/siapekspor/siapekspor/internal/sheet"
	"github.com/siapekspor/siapekspor/internal/store"
)

// PreviewRows is how many of a file's first rows the mapping step shows.
const PreviewRows = 12

// PreviewFile reads a file's first rows (n at most, merged cells filled).
func PreviewFile(ctx context.Context, f io.ReaderAt, size int64, sheetName string, n int) ([]importer.PreviewRow, error) {
	tbl, _, err := sheet.Open(ctx, f, size, sheetName)
	if err != nil {
		return nil, err
	}
	defer tbl.Close()
	return importer.Preview(tbl, n)
}

// FindLayout returns the saved layout of the actor's office whose header
// the file's first rows repeat, or nil.
func FindLayout(ctx context.Context, db *store.DB, f io.ReaderAt, size int64, sheet string) (*store.ImportLayout, error) {
	layouts, err := db.ImportLayouts(ctx)
	if err != nil || len(layouts) == 0 {
		return nil, err
	}
	rows, err := PreviewFile(ctx, f, size, sheet, 30)
	if err != nil {
		return nil, nil // the import itself says what is wrong with the file
	}
	for i := range layouts {
		if s := importer.Signature(rows, layouts[i].HeaderRows); s != "" && s == layouts[i].Signature {
			return &layouts[i], nil
		}
	}
	return nil, nil
}

// LayoutColumns is a layout's mapping as the reader takes it; fields no
// longer known are left out.
func LayoutColumns(l *store.ImportLayout) importer.Mapping {
	m := importer.Mapping{}
	for f, c := range l.Columns {
		for _, known := range importer.Fields {
			if string(known) == f && c >= 0 {
				m[known] = c
			}
		}
	}
	return m
}
