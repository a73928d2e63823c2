package bulk

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"io"
	"sort"
	"strconv"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/importer"
	"github.com/siapekspor/siapekspor/internal/sheet"
	"github.com/siapekspor/siapekspor/internal/store"
)

// productColumns are the product export's columns. Their headers are those
// the product import recognises, so an exported file — its ID column
// cleared — imports back.
var productColumns = []sheetColumn[siapekspor.Product]{
	{"ID", func(p *siapekspor.Product) any { return p.ID }},
	{"ID Usaha", func(p *siapekspor.Product) any { return p.EnterpriseID }},
	{"Nama Usaha", func(p *siapekspor.Product) any { return p.EnterpriseName }},
	{"Kabupaten/Kota", func(p *siapekspor.Product) any { return p.RegencyName }},
	{"Nama Produk", func(p *siapekspor.Product) any { return p.NameID }},
	{"Nama Produk (Inggris)", func(p *siapekspor.Product) any { return p.NameEN }},
	{"Deskripsi", func(p *siapekspor.Product) any { return p.DescriptionID }},
	{"Deskripsi (Inggris)", func(p *siapekspor.Product) any { return p.DescriptionEN }},
	{"Kode HS", func(p *siapekspor.Product) any { return p.HSCode }},
	{"Kategori", func(p *siapekspor.Product) any { return string(p.Category) }},
	{"Satuan", func(p *siapekspor.Product) any { return string(p.Unit) }},
	{"Kapasitas per Bulan", func(p *siapekspor.Product) any { return p.CapacityPerMonth }},
	{"Minimum Order", func(p *siapekspor.Product) any { return p.MinOrder }},
	{"Harga (Rp)", func(p *siapekspor.Product) any { return p.PriceIDR }},
	{"Harga FOB (USD)", func(p *siapekspor.Product) any { return float64(p.FOBUSDCents) / 100 }},
	{"Kemasan", func(p *siapekspor.Product) any { return p.Packaging }},
	{"Masa Simpan (hari)", func(p *siapekspor.Product) any { return p.ShelfLifeDays }},
	{"Penyimpanan", func(p *siapekspor.Product) any { return p.Storage }},
	{"Status Validasi", func(p *siapekspor.Product) any { return string(p.Validation) }},
	{"Diperbarui", func(p *siapekspor.Product) any { return p.UpdatedAt }},
}

// ExportProducts writes the products a filter selects, within the actor's
// scope, as CSV or XLSX.
func ExportProducts(ctx context.Context, db *store.DB, f store.ProductFilter, format string, w io.Writer) (int, error) {
	return writeSheet(format, w, productColumns, func(fn func(*siapekspor.Product) error) error { return db.EachProduct(ctx, f, fn) })
}

// sheetColumn is one column of a download: its header and its cell.
type sheetColumn[T any] struct {
	header string
	value  func(*T) any
}

// writeSheet writes a download: the headers, then a row for each record
// each gives.
func writeSheet[T any](format string, w io.Writer, cols []sheetColumn[T], each func(func(*T) error) error) (int, error) {
	write, finish, closeSheet, err := newSheet(format, w)
	if err != nil {
		return 0, err
	}
	defer closeSheet()
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = c.header
	}
	if err := write(head); err != nil {
		return 0, err
	}
	n := 0
	err = each(func(r *T) error {
		cells := make([]any, len(cols))
		for i, c := range cols {
			cells[i] = c.value(r)
		}
		n++
		return write(cells)
	})
	if err != nil {
		return n, err
	}
	return n, finish()
}

// ExportCertificates writes the certificates a filter selects, within the
// actor's scope, as CSV or XLSX, each with whether it still counts on today.
func ExportCertificates(ctx context.Context, db *store.DB, f store.CertificateFilter, format string, w io.Writer, today time.Time) (int, error) {
	write, finish, closeSheet, err := newSheet(format, w)
	if err != nil {
		return 0, err
	}
	defer closeSheet()
	if err := write([]any{"ID", "ID Usaha", "Nama Usaha", "ID Produk", "Nama Produk", "Jenis", "Mandiri (self-declare)",
		"Nomor", "Penerbit", "Tanggal Terbit", "Berlaku Sampai", "Status", "Dokumen", "Diperbarui"}); err != nil {
		return 0, err
	}
	date := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format("2006-01-02")
	}
	n := 0
	err = db.EachCertificate(ctx, f, func(c *siapekspor.Certificate) error {
		var productID any = ""
		if c.ProductID != nil {
			productID = *c.ProductID
		}
		status := "berlaku"
		if !c.Counts(today) {
			status = "kedaluwarsa"
		}
		selfDeclare := ""
		if c.SelfDeclare {
			selfDeclare = "ya"
		}
		document := ""
		if c.Document != "" {
			document = "ada"
		}
		n++
		return write([]any{c.ID, c.EnterpriseID, c.EnterpriseName, productID, c.ProductName, string(c.Type), selfDeclare,
			c.Number, c.Issuer, date(c.IssuedOn), date(c.ExpiresOn), status, document, c.UpdatedAt})
	})
	if err != nil {
		return n, err
	}
	return n, finish()
}

// TableImportRequest is one file to import all at once, all rows or none:
// products, export records, buying requests.
type TableImportRequest struct {
	File     io.ReaderAt
	Size     int64
	FileName string
	Sheet    string
	DryRun   bool
}

// TableImportReport is what a table import did, or why it did nothing.
type TableImportReport struct {
	Rows     int               `json:"rows"`
	Imported int               `json:"imported"`
	DryRun   bool              `json:"dry_run"`
	IDs      []int64           `json:"ids,omitempty"` // the requests made (a request import only)
	Columns  map[string]string `json:"columns"`       // field → "C (Kode HS)"
	Problems []sheet.Problem   `json:"problems"`
	// Guesses say how values were read ("-" as unknown, "6 bulan" as 180
	// days), the first maxGuesses of them, as an enterprise import's do.
	Guesses []importer.Guess `json:"guesses"`
	SHA256  string           `json:"sha256"`
	Format  sheet.Format     `json:"format"`
	Sheet   string           `json:"sheet,omitempty"` // as Shape.Sheet
}

// addGuesses keeps a row's guesses, up to maxGuesses in all.
func (rep *TableImportReport) addGuesses(gs []importer.Guess) {
	if room := maxGuesses - len(rep.Guesses); room > 0 {
		rep.Guesses = append(rep.Guesses, gs[:min(room, len(gs))]...)
	}
}

// A product file is held whole until it is stored all at once: it is
// bounded by rows and by the text of its products; larger lists go in parts.
const (
	MaxProductImportRows  = 100_000
	MaxProductImportBytes = 64 << 20
)

// productBytes is the text a product holds.
func productBytes(p *siapekspor.Product) int {
	if p == nil {
		return 0
	}
	return len(p.NameID) + len(p.NameEN) + len(p.DescriptionID) + len(p.DescriptionEN) + len(p.HSCode) + len(p.Packaging) + len(p.Storage)
}

// ImportProducts reads a product list and stores all of it in one
// transaction, or — when any row has a problem — none of it, reporting
// every problem by line and column. Each row names an enterprise the actor
// may edit, by id or NIB.
func ImportProducts(ctx context.Context, db *store.DB, req TableImportRequest) (*TableImportReport, error) {
	sum := sha256.New()
	if _, err := io.Copy(sum, io.NewSectionReader(req.File, 0, req.Size)); err != nil {
		return nil, err
	}
	rep := &TableImportReport{SHA256: hex.EncodeToString(sum.Sum(nil)), DryRun: req.DryRun, Problems: []sheet.Problem{}, Guesses: []importer.Guess{}, Columns: map[string]string{}}
	r, tbl, format, found, err := openSheet(ctx, req.File, req.Size, req.Sheet, req.Sheet == "", func(t sheet.Table, f sheet.Format) (*importer.ProductReader, error) {
		return importer.NewProductReader(t, f, db.Reference())
	})
	if err != nil {
		return nil, err
	}
	defer tbl.Close()
	rep.Format, rep.Sheet = format, found
	for f := range r.Header.Mapping {
		rep.Columns[string(f)] = r.Header.Column(f)
	}
	var rows []*importer.ProductRow
	held := 0
	if rep.Rows, err = readList(ctx, r.Next, MaxProductImportRows, "product.import.too_many_rows", func(row *importer.ProductRow) error {
		if held += productBytes(row.Product) + len(row.NIB); held > MaxProductImportBytes {
			return siapekspor.Errorf(siapekspor.EInvalid, "product.import.too_much_text", MaxProductImportBytes>>20)
		}
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
	if err := resolveEnterprises(ctx, db, r.Header, rows, rep); err != nil {
		return nil, err
	}
	sort.SliceStable(rep.Problems, func(i, j int) bool { return rep.Problems[i].Line < rep.Problems[j].Line })
	if len(rep.Problems) > 0 || req.DryRun {
		return rep, nil
	}
	products := make([]*siapekspor.Product, len(rows))
	for i, row := range rows {
		products[i] = row.Product
	}
	if err := db.CreateProducts(ctx, "import "+req.FileName+" ("+rep.SHA256[:12]+")", products); err != nil {
		return nil, err
	}
	rep.Imported = len(products)
	return rep, nil
}

// enterpriseRef is a row's reference to its enterprise, by id or NIB.
type enterpriseRef struct {
	line int
	id   int64
	nib  string
	set  func(id int64) // the row's record belongs to the enterprise
	drop func()         // the row has a problem: it makes no record
}

// resolveEnterprises sets each row's product's enterprise from its id or
// NIB, reporting unknown enterprises and those the actor may not edit.
func resolveEnterprises(ctx context.Context, db *store.DB, h *importer.Header, rows []*importer.ProductRow, rep *TableImportReport) error {
	refs := make([]enterpriseRef, len(rows))
	for i, row := range rows {
		refs[i] = enterpriseRef{line: row.Line, id: row.EnterpriseID, nib: row.NIB,
			set: func(id int64) {
				if row.Product != nil {
					row.Product.EnterpriseID = id
				}
			},
			drop: func() { row.Product = nil }}
	}
	return resolveRefs(ctx, db, h, refs, siapekspor.PermProductWrite, "product.import.not_yours", rep)
}

// resolveRefs resolves rows' enterprises by id or NIB, reporting unknown
// enterprises and, with notYours, those the actor may not write with perm.
func resolveRefs(ctx context.Context, db *store.DB, h *importer.Header, rows []enterpriseRef, perm siapekspor.Permission, notYours string, rep *TableImportReport) error {
	var nibs []string
	for _, row := range rows {
		if row.id == 0 && row.nib != "" {
			nibs = append(nibs, row.nib)
		}
	}
	byNIB, err := db.EnterpriseIDsByNIB(ctx, nibs)
	if err != nil {
		return err
	}
	a := siapekspor.ActorFrom(ctx)
	writable := map[int64]string{} // enterprise id → "" or the problem's key
	for _, row := range rows {
		field, value := importer.PEnterpriseID, row.id
		if row.id == 0 {
			if row.nib == "" {
				continue // already reported
			}
			field, value = importer.PNIB, byNIB[row.nib]
			if value == 0 {
				rep.Problems = append(rep.Problems, sheet.Problem{Line: row.line, Column: h.Column(field), Field: string(field),
					Key: "product.import.unknown_nib", Value: row.nib})
				row.drop()
				continue
			}
		}
		key, seen := writable[value]
		if !seen {
			e, err := db.Enterprise(ctx, value)
			switch {
			case err == nil && siapekspor.Can(a, perm) && siapekspor.ScopeOf(a).Contains(e):
			case err == nil, siapekspor.ErrorCodeOf(err) == siapekspor.EForbidden:
				key = notYours
			case siapekspor.ErrorCodeOf(err) == siapekspor.ENotFound:
				key = "product.import.unknown_enterprise"
			default:
				return err
			}
			writable[value] = key
		}
		if key != "" {
			cell := row.nib
			if field == importer.PEnterpriseID {
				cell = strconv.FormatInt(row.id, 10)
			}
			rep.Problems = append(rep.Problems, sheet.Problem{Line: row.line, Column: h.Column(field), Field: string(field), Key: key, Value: cell})
			row.drop()
			continue
		}
		row.set(value)
	}
	return nil
}

// productTemplate is the header and one example row of a blank product
// list, offered for download on the import page.
var productTemplate = [][]string{
	{"ID Usaha", "NIB", "Nama Produk", "Nama Produk (Inggris)", "Deskripsi", "Deskripsi (Inggris)", "Kode HS", "Kategori", "Satuan",
		"Kapasitas per Bulan", "Minimum Order", "Harga (Rp)", "Harga FOB (USD)", "Kemasan", "Masa Simpan (hari)", "Penyimpanan"},
	{"", "9120000000102", "Kopi Robusta Bubuk", "Ground Robusta Coffee", "Kopi robusta Lampung sangrai sedang.", "Medium-roasted Lampung robusta.",
		"090121", "food", "kg", "800", "25", "120000", "7.50", "Plastik vakum 1 kg", "365", "Tempat kering"},
}

// WriteProductTemplate writes the blank product list as CSV.
func WriteProductTemplate(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.WriteAll(productTemplate)
	return cw.Error()
}
