package bulk

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"sort"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/exportstats"
	"github.com/siapekspor/siapekspor/internal/importer"
	"github.com/siapekspor/siapekspor/internal/sheet"
	"github.com/siapekspor/siapekspor/internal/store"
)

// exportRecordColumns are the export record download's columns; their
// headers are those the import recognises, so a downloaded file — its ID
// column cleared — imports back (the PEB numbers must then be new).
var exportRecordColumns = []sheetColumn[siapekspor.ExportRecord]{
	{"ID", func(r *siapekspor.ExportRecord) any { return r.ID }},
	{"ID Usaha", func(r *siapekspor.ExportRecord) any { return r.EnterpriseID }},
	{"Nama Usaha", func(r *siapekspor.ExportRecord) any { return r.EnterpriseName }},
	{"ID Produk", func(r *siapekspor.ExportRecord) any {
		if r.ProductID == nil {
			return ""
		}
		return *r.ProductID
	}},
	{"Kode HS", func(r *siapekspor.ExportRecord) any { return r.HSCode }},
	{"Negara Tujuan", func(r *siapekspor.ExportRecord) any { return r.Destination }},
	{"Tanggal Ekspor", func(r *siapekspor.ExportRecord) any { return r.ExportDate.Format("2006-01-02") }},
	{"Nomor PEB", func(r *siapekspor.ExportRecord) any { return r.PEBNumber }},
	{"Nilai (USD)", func(r *siapekspor.ExportRecord) any { return float64(r.ValueUSDCents) / 100 }},
	{"Nilai (Rp)", func(r *siapekspor.ExportRecord) any { return r.ValueIDR }},
	{"Kurs (Rp/USD)", func(r *siapekspor.ExportRecord) any { return r.RateIDR }},
	{"Tanggal Kurs", func(r *siapekspor.ExportRecord) any {
		if r.RateDate == nil {
			return ""
		}
		return r.RateDate.Format("2006-01-02")
	}},
	{"Jumlah", func(r *siapekspor.ExportRecord) any { return r.Quantity }},
	{"Satuan", func(r *siapekspor.ExportRecord) any { return string(r.Unit) }},
	{"Incoterm", func(r *siapekspor.ExportRecord) any { return string(r.Incoterm) }},
	{"Catatan", func(r *siapekspor.ExportRecord) any { return r.Notes }},
	{"Sumber", func(r *siapekspor.ExportRecord) any { return string(r.Source) }},
	{"Diperbarui", func(r *siapekspor.ExportRecord) any { return r.UpdatedAt }},
}

// ExportExportRecords writes the export records a filter selects, within
// the actor's scope, as CSV or XLSX.
func ExportExportRecords(ctx context.Context, db *store.DB, f store.ExportFilter, format string, w io.Writer) (int, error) {
	return writeSheet(format, w, exportRecordColumns, func(fn func(*siapekspor.ExportRecord) error) error { return db.EachExportRecord(ctx, f, fn) })
}

// An export record file is held whole until it is stored at once, like a
// product list; a province's year of records is a few thousand rows.
const MaxExportImportRows = 100_000

// CountryCode reads a destination as offices write it: an ISO3 or ISO2
// code, or the country's name in Indonesian or English with the
// abbreviations Indonesian tables use (AS, RRT, Korsel, UEA): the same
// reading as the export statistics' tables (exportstats.ResolveCountry).
func CountryCode(s string) (string, bool) {
	iso3, _, ok := exportstats.ResolveCountry(s)
	return iso3, ok
}

// ImportExportRecords reads a file of export records and stores all of it
// in one transaction, or — when any row has a problem — none of it,
// reporting every problem by line and column. Each row names an
// enterprise the actor may record exports for, by id or NIB.
func ImportExportRecords(ctx context.Context, db *store.DB, req TableImportRequest) (*TableImportReport, error) {
	sum := sha256.New()
	if _, err := io.Copy(sum, io.NewSectionReader(req.File, 0, req.Size)); err != nil {
		return nil, err
	}
	rep := &TableImportReport{SHA256: hex.EncodeToString(sum.Sum(nil)), DryRun: req.DryRun, Problems: []sheet.Problem{}, Guesses: []importer.Guess{}, Columns: map[string]string{}}
	r, tbl, format, found, err := openSheet(ctx, req.File, req.Size, req.Sheet, req.Sheet == "", func(t sheet.Table, f sheet.Format) (*importer.ExportReader, error) {
		return importer.NewExportReader(t, f, db.ExportReference(), CountryCode, db.Now())
	})
	if err != nil {
		return nil, err
	}
	defer tbl.Close()
	rep.Format, rep.Sheet = format, found
	for f := range r.Header.Mapping {
		rep.Columns[string(f)] = r.Header.Column(f)
	}
	var rows []*importer.ExportRow
	if rep.Rows, err = readList(ctx, r.Next, MaxExportImportRows, "exportrec.import.too_many_rows", func(row *importer.ExportRow) error {
		rep.Problems = append(rep.Problems, row.Problems...)
		rep.addGuesses(row.Guesses)
		rows = append(rows, row)
		return nil
	}); err != nil {
		return nil, err
	}
	if rep.Rows == 0 {
		return nil, siapekspor.Errorf(siapekspor.EInvalid, "import.empty_file")
	}
	refs := make([]enterpriseRef, len(rows))
	for i, row := range rows {
		refs[i] = enterpriseRef{line: row.Line, id: row.EnterpriseID, nib: row.NIB,
			set: func(id int64) {
				if row.Record != nil {
					row.Record.EnterpriseID = id
				}
			},
			drop: func() { row.Record = nil }}
	}
	if err := resolveRefs(ctx, db, r.Header, refs, siapekspor.PermExportWrite, "exportrec.import.not_yours", rep); err != nil {
		return nil, err
	}
	var records []*siapekspor.ExportRecord
	var lines []int
	for _, row := range rows {
		if row.Record != nil {
			records = append(records, row.Record)
			lines = append(lines, row.Line)
		}
	}
	// What only the registry can say — a PEB number recorded before or twice
	// in the file, a product of another enterprise — is found by checking the
	// rows that passed so far in a transaction that stores nothing.
	if len(records) > 0 {
		refused, err := db.CheckExportRecords(ctx, records)
		if err != nil {
			return nil, err
		}
		for _, re := range refused {
			de, _ := siapekspor.AsError(re.Err)
			for _, fe := range de.Fields {
				rep.Problems = append(rep.Problems, sheet.Problem{Line: lines[re.Index], Column: r.Header.Column(importer.Field(fe.Field)),
					Field: fe.Field, Key: fe.Key, Args: fe.Args})
			}
		}
	}
	sort.SliceStable(rep.Problems, func(i, j int) bool { return rep.Problems[i].Line < rep.Problems[j].Line })
	if len(rep.Problems) > 0 || req.DryRun {
		return rep, nil
	}
	if err := db.CreateExportRecords(ctx, records); err != nil {
		return nil, err
	}
	rep.Imported = len(records)
	return rep, nil
}
