package bulk

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
)

// exportColumns are the export's columns. Their Indonesian headers are the
// names the importer recognises, so an exported file can be edited and
// imported back.
var exportColumns = []struct {
	header string
	value  func(e *siapekspor.Enterprise, ix *refdata.RegionIndex) any
}{
	{"ID", func(e *siapekspor.Enterprise, _ *refdata.RegionIndex) any { return e.ID }},
	{"Nama Usaha", func(e *siapekspor.Enterprise, _ *refdata.RegionIndex) any { return e.Name }},
	{"Bentuk Usaha", func(e *siapekspor.Enterprise, _ *refdata.RegionIndex) any { return string(e.LegalForm) }},
	{"NIB", func(e *siapekspor.Enterprise, _ *refdata.RegionIndex) any { return e.NIB }},
	{"NPWP", func(e *siapekspor.Enterprise, _ *refdata.RegionIndex) any { return e.NPWP }},
	{"KBLI", func(e *siapekspor.Enterprise, _ *refdata.RegionIndex) any {
		var cs []string
		for _, k := range e.KBLI {
			cs = append(cs, k.Code)
		}
		return strings.Join(cs, ", ")
	}},
	{"Nama Pemilik", func(e *siapekspor.Enterprise, _ *refdata.RegionIndex) any { return e.OwnerName }},
	{"NIK", func(e *siapekspor.Enterprise, _ *refdata.RegionIndex) any { return e.OwnerNIK }},
	{"No HP", func(e *siapekspor.Enterprise, _ *refdata.RegionIndex) any { return e.Phone }},
	{"Email", func(e *siapekspor.Enterprise, _ *refdata.RegionIndex) any { return e.Email }},
	{"Alamat", func(e *siapekspor.Enterprise, _ *refdata.RegionIndex) any { return e.Address }},
	{"Desa/Kelurahan", func(e *siapekspor.Enterprise, ix *refdata.RegionIndex) any { return regionName(ix, e.VillageCode) }},
	{"Kecamatan", func(e *siapekspor.Enterprise, ix *refdata.RegionIndex) any { return regionName(ix, e.DistrictCode) }},
	{"Kabupaten/Kota", func(e *siapekspor.Enterprise, ix *refdata.RegionIndex) any { return regionName(ix, e.RegencyCode) }},
	{"Kode Wilayah", func(e *siapekspor.Enterprise, _ *refdata.RegionIndex) any {
		for _, c := range []string{e.VillageCode, e.DistrictCode, e.RegencyCode} {
			if c != "" {
				return c
			}
		}
		return ""
	}},
	{"Sektor", func(e *siapekspor.Enterprise, _ *refdata.RegionIndex) any { return string(e.Sector) }},
	{"Tenaga Kerja", func(e *siapekspor.Enterprise, _ *refdata.RegionIndex) any { return e.Workers }},
	{"Modal", func(e *siapekspor.Enterprise, _ *refdata.RegionIndex) any { return e.Capital }},
	{"Omzet per Tahun", func(e *siapekspor.Enterprise, _ *refdata.RegionIndex) any { return e.AnnualTurnover }},
	{"Skala Usaha", func(e *siapekspor.Enterprise, _ *refdata.RegionIndex) any { return string(e.SizeClass) }},
	{"Tahun Berdiri", func(e *siapekspor.Enterprise, _ *refdata.RegionIndex) any {
		if e.FoundedYear == 0 {
			return "" // unknown: a 0 would not import back as a year
		}
		return e.FoundedYear
	}},
	{"Status Ekspor", func(e *siapekspor.Enterprise, _ *refdata.RegionIndex) any { return string(e.ExportStatus) }},
	{"Binaan", func(e *siapekspor.Enterprise, _ *refdata.RegionIndex) any { return e.Names.Binaan }},
	{"Produk Utama", func(e *siapekspor.Enterprise, _ *refdata.RegionIndex) any { return e.MainProducts }},
	{"Diperbarui", func(e *siapekspor.Enterprise, _ *refdata.RegionIndex) any { return e.UpdatedAt }},
}

func regionName(ix *refdata.RegionIndex, code string) string {
	if r, ok := ix.ByCode(code); ok {
		return r.Name
	}
	return ""
}

// Export writes the enterprises a filter selects — within the actor's scope
// and masked as the actor must see them — as CSV or XLSX, streaming page by
// page. An export that carries unmasked personal data is audited.
func Export(ctx context.Context, db *store.DB, f siapekspor.EnterpriseFilter, format string, w io.Writer) (int, error) {
	ix := refdata.DefaultRegionIndex()
	write, finish, closeSheet, err := newSheet(format, w)
	if err != nil {
		return 0, err
	}
	defer closeSheet()
	head := make([]any, len(exportColumns))
	for i, c := range exportColumns {
		head[i] = c.header
	}
	if err := write(head); err != nil {
		return 0, err
	}
	a := siapekspor.ActorFrom(ctx)
	personal := false
	n := 0
	err = db.EachEnterprise(ctx, f, func(e *siapekspor.Enterprise) error {
		personal = personal || (e.OwnerNIK != "" || e.NPWP != "" && e.NPWPHolder() != siapekspor.NPWPBusiness) && siapekspor.SeesPersonalData(a, e)
		cells := make([]any, len(exportColumns))
		for j, c := range exportColumns {
			cells[j] = c.value(e, ix)
		}
		n++
		return write(cells)
	})
	if err != nil {
		return n, err
	}
	if err := finish(); err != nil {
		return n, err
	}
	if personal {
		if err := db.Audit(ctx, "export", "enterprise", 0, map[string]any{"format": format, "count": n, "filter": f}); err != nil {
			return n, err
		}
	}
	return n, nil
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	}
	return ""
}

// newSheet returns a writer of rows as CSV or (format "xlsx") one XLSX
// sheet, streamed: write takes a row's cells, finish completes the file,
// closeSheet frees what an XLSX writer holds. CSV cells that a spreadsheet
// would run as formulas are neutralised; XLSX keeps text as text.
func newSheet(format string, w io.Writer) (write func(cells []any) error, finish func() error, closeSheet func(), err error) {
	if format == "xlsx" {
		x := excelize.NewFile()
		sw, err := x.NewStreamWriter("Sheet1")
		if err != nil {
			x.Close()
			return nil, nil, nil, err
		}
		dateStyle, _ := x.NewStyle(&excelize.Style{NumFmt: 22}) // d/m/yy h:mm
		moneyStyle, _ := x.NewStyle(&excelize.Style{NumFmt: 3}) // #,##0
		row := 1
		write = func(cells []any) error {
			out := make([]any, len(cells))
			for i, c := range cells {
				switch v := c.(type) {
				case time.Time:
					out[i] = excelize.Cell{Value: v.In(i18n.Zone), StyleID: dateStyle}
				case int64:
					out[i] = excelize.Cell{Value: v, StyleID: moneyStyle}
				default:
					out[i] = v // a string stays text: a leading = is not a formula
				}
			}
			axis, _ := excelize.CoordinatesToCellName(1, row)
			row++
			return sw.SetRow(axis, out)
		}
		finish = func() error {
			if err := sw.Flush(); err != nil {
				return err
			}
			return x.Write(w)
		}
		return write, finish, func() { x.Close() }, nil
	}
	cw := csv.NewWriter(w)
	write = func(cells []any) error {
		rec := make([]string, len(cells))
		for i, c := range cells {
			switch v := c.(type) {
			case time.Time:
				rec[i] = v.In(i18n.Zone).Format("2006-01-02 15:04")
			case string:
				rec[i] = SafeCell(v)
			case int64:
				rec[i] = strconv.FormatInt(v, 10)
			case int:
				rec[i] = strconv.Itoa(v)
			case float64:
				rec[i] = strconv.FormatFloat(v, 'f', -1, 64)
			default:
				rec[i] = SafeCell(strings.TrimSpace(toString(v)))
			}
		}
		return cw.Write(rec)
	}
	finish = func() error {
		cw.Flush()
		return cw.Error()
	}
	return write, finish, func() {}, nil
}

// enterpriseTemplate is a blank enterprise list: the columns offices fill,
// named as the import reads them, and one example row (in Lampung Selatan,
// the demo province's) that imports as it is.
var enterpriseTemplate = [][]any{
	{"Nama Usaha", "Bentuk Usaha", "NIB", "NPWP", "KBLI", "Nama Pemilik", "NIK", "No HP", "Email", "Alamat",
		"Desa/Kelurahan", "Kecamatan", "Kabupaten/Kota", "Jenis Usaha", "Produk", "Tenaga Kerja", "Modal", "Omzet per Tahun", "Tahun Berdiri", "Status Ekspor"},
	{"Keripik Pisang Contoh", "UD", "", "", "10794", "Sri Contoh", "", "+62 812-3456-7801", "", "Jl. Contoh No. 1",
		"Hajimena", "Natar", "Kabupaten Lampung Selatan", "Makanan olahan", "Keripik pisang", "4", "Rp 150.000.000", "Rp 600.000.000", "2015", "Belum"},
}

// WriteEnterpriseTemplate writes the blank enterprise list as CSV or XLSX,
// with the formula guard and text cells of an export.
func WriteEnterpriseTemplate(format string, w io.Writer) error {
	write, finish, closeSheet, err := newSheet(format, w)
	if err != nil {
		return err
	}
	defer closeSheet()
	for _, row := range enterpriseTemplate {
		if err := write(row); err != nil {
			return err
		}
	}
	return finish()
}
