package importer

import (
	"errors"
	"github.com/siapekspor/siapekspor/internal/sheet"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
)

// The export record import reads realised exports, one per row, each
// naming its enterprise by id or NIB, as the product import does; the
// export record download writes the same headers, so a downloaded file
// (its ID column cleared) imports back.

// Export record import fields.
const (
	XID           Field = "id"
	XEnterpriseID Field = "enterprise_id"
	XNIB          Field = "nib"
	XEnterprise   Field = "enterprise_name"
	XProductID    Field = "product_id"
	XHSCode       Field = "hs_code"
	XDestination  Field = "destination"
	XValueUSD     Field = "value_usd"
	XValueIDR     Field = "value_idr"
	XRate         Field = "exchange_rate"
	XRateDate     Field = "rate_date"
	XQuantity     Field = "quantity"
	XUnit         Field = "unit"
	XIncoterm     Field = "incoterm"
	XExportDate   Field = "export_date"
	XPEB          Field = "peb_number"
	XNotes        Field = "notes"
)

var exportSynonyms = map[Field][]string{
	XID:           {"id", "id ekspor", "id catatan ekspor", "export id"},
	XEnterpriseID: {"id usaha", "id umkm", "id ikm", "id perusahaan", "enterprise id"},
	XNIB:          {"nib", "no nib", "nomor nib", "nib usaha", "nomor induk berusaha"},
	XEnterprise:   {"nama usaha", "nama umkm", "nama ikm", "nama perusahaan", "nama eksportir", "eksportir", "enterprise"},
	XProductID:    {"id produk", "product id"},
	XHSCode:       {"kode hs", "hs", "hs code", "pos tarif", "kode pos tarif", "nomor hs"},
	XDestination:  {"negara tujuan", "tujuan", "negara", "destination", "destination country", "kode negara tujuan"},
	XValueUSD:     {"nilai usd", "nilai us", "nilai fob usd", "nilai ekspor usd", "nilai dolar", "value usd", "fob usd"},
	XValueIDR:     {"nilai rp", "nilai rupiah", "nilai ekspor rp", "nilai idr", "value idr"},
	XRate:         {"kurs", "kurs rp usd", "kurs rp", "nilai tukar", "ndpbm", "kurs ndpbm", "exchange rate", "rate"},
	XRateDate:     {"tanggal kurs", "tgl kurs", "rate date"},
	XQuantity:     {"jumlah", "volume", "kuantitas", "jumlah barang", "berat", "berat bersih", "quantity"},
	XUnit:         {"satuan", "unit", "satuan barang"},
	XIncoterm:     {"incoterm", "incoterms", "cara penyerahan", "syarat penyerahan"},
	XExportDate:   {"tanggal ekspor", "tgl ekspor", "tanggal", "tanggal peb", "tgl peb", "tanggal muat", "export date"},
	XPEB:          {"nomor peb", "no peb", "peb", "nomor pendaftaran peb", "no pendaftaran peb", "peb number"},
	XNotes:        {"catatan", "keterangan", "notes"},
}

var exportHeaderIndex = func() map[string]Field {
	m := map[string]Field{}
	for f, names := range exportSynonyms {
		for _, n := range names {
			m[n] = f
		}
	}
	return m
}()

// ExportRow is one data row: the record it makes and the enterprise it
// names (by id or NIB, resolved against the database by the caller), or
// its problems.
type ExportRow struct {
	Line         int
	Record       *siapekspor.ExportRecord
	EnterpriseID int64
	NIB          string
	Problems     []sheet.Problem
	Guesses      []Guess // how values were read ("-" as unknown)
}

// Countries resolves a destination as written (ISO3, ISO2 or a name in
// Indonesian or English) to its ISO3 code.
type Countries func(s string) (string, bool)

// ExportReader turns a table's rows into export records.
type ExportReader struct {
	rowSource
	Header    *Header
	ref       siapekspor.ExportReference
	countries Countries
	now       time.Time
}

// NewExportReader finds the header among the first ten rows: the row
// naming the most known columns, which must include the enterprise's id or
// NIB and the export date.
func NewExportReader(t sheet.Table, format sheet.Format, ref siapekspor.ExportReference, countries Countries, now time.Time) (*ExportReader, error) {
	r := &ExportReader{rowSource: rowSource{t: t}, ref: ref, countries: countries, now: now}
	best, bestMap, bestLine, seen, err := r.findListHeader(exportHeaderIndex)
	if err != nil {
		return nil, err
	}
	_, byID := bestMap[XEnterpriseID]
	_, byNIB := bestMap[XNIB]
	if !byID && !byNIB {
		return nil, fileError("product.import.no_enterprise_column")
	}
	if _, ok := bestMap[XExportDate]; !ok {
		return nil, fileError("exportrec.import.no_date_column")
	}
	r.Header = &Header{Format: format, Line: bestLine, Cells: best, Mapping: bestMap}
	r.start(bestLine, seen)
	return r, nil
}

// Next reads the next data row; empty rows are skipped. It returns io.EOF at the end.
func (r *ExportReader) Next() (*ExportRow, error) {
	cells, line, err := r.next()
	if err != nil {
		return nil, err
	}
	return r.parse(cells, line), nil
}

func (r *ExportReader) parse(cells []string, line int) *ExportRow {
	row := &ExportRow{Line: line}
	lc := listCells{h: r.Header, cells: cells, line: line, problems: &row.Problems, notes: &row.Guesses}
	get, problem := lc.get, lc.problem
	lc.refuseFormulas()
	if get(XID) != "" {
		problem(XID, "exportrec.import.has_id")
	}
	if v := get(XEnterpriseID); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			problem(XEnterpriseID, "field.number")
		}
		row.EnterpriseID = id
	}
	row.NIB = get(XNIB)
	if row.EnterpriseID == 0 && row.NIB == "" {
		f := XEnterpriseID
		if _, ok := r.Header.Mapping[f]; !ok {
			f = XNIB
		}
		problem(f, "exportrec.import.no_enterprise")
	}
	x := &siapekspor.ExportRecord{HSCode: get(XHSCode), PEBNumber: get(XPEB), Notes: get(XNotes), Source: siapekspor.SourceImport,
		Incoterm: siapekspor.Incoterm(lc.incoterm(XIncoterm))}
	if v := get(XProductID); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			problem(XProductID, "field.number")
		}
		x.ProductID = &id
	}
	if v := get(XDestination); v != "" {
		iso3, ok := r.countries(v)
		if !ok {
			problem(XDestination, "exportrec.destination_unknown", v)
		}
		x.Destination = iso3
	}
	if v := get(XUnit); v != "" {
		u, ok := parseUnit(v)
		if !ok {
			problem(XUnit, "field.choice")
		}
		x.Unit = u
	}
	number := func(f Field, strip ...string) float64 {
		v := strings.ToLower(get(f))
		for _, s := range strip {
			v = strings.TrimPrefix(v, s)
		}
		if v == "" {
			return 0
		}
		n, ok := ParseNumber(v)
		if !ok {
			problem(f, "field.number")
		}
		return n
	}
	x.Quantity = lc.quantity(XQuantity, false, &x.Unit)
	if v := get(XValueUSD); v != "" {
		q, ok := readUSD(v) // "US$ 12.500", "12.500 USD"; a price per unit is no export's value
		if !ok || q.unit != "" {
			problem(XValueUSD, "field.number")
		} else if q.key != "" {
			lc.note(XValueUSD, q.key, q.args...)
		}
		x.ValueUSDCents = int64(math.Round(q.n * 100))
	}
	x.RateIDR = number(XRate, "rp.", "rp")
	if v := get(XValueIDR); v != "" {
		n, err := siapekspor.ParseRupiah(v)
		var re *siapekspor.RuleError
		if errors.As(err, &re) {
			problem(XValueIDR, re.Key)
		} else if err != nil {
			problem(XValueIDR, "field.number")
		}
		x.ValueIDR = n
	}
	for _, d := range []struct {
		f   Field
		dst *time.Time
	}{{XExportDate, &x.ExportDate}, {XRateDate, nil}} {
		v := get(d.f)
		if v == "" {
			continue
		}
		day, ok := ParseDay(v)
		if !ok {
			problem(d.f, "field.date")
			continue
		}
		if d.dst != nil {
			*d.dst = day
		} else {
			x.RateDate = &day
		}
	}
	// The domain's own rules, reported against the columns they came from;
	// the enterprise is the caller's to resolve.
	x.Normalize()
	if err := x.Validate(r.ref, r.now); err != nil {
		if de, ok := siapekspor.AsError(err); ok {
			for _, fe := range de.Fields {
				if fe.Field != "enterprise_id" {
					problem(Field(fe.Field), fe.Key, fe.Args...)
				}
			}
		}
	}
	if len(row.Problems) == 0 {
		row.Record = x
	}
	return row
}

// ParseDay reads a date as offices and Excel write it: "17/08/2025",
// "2025-08-17", "17-08-2025", "17.08.2025", "17 Agustus 2025", "17-Agu-25"
// or an Excel serial number.
func ParseDay(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if n, err := strconv.Atoi(v); err == nil {
		if n > 2100 && n < 80000 { // an Excel serial date: days since 30 December 1899
			return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n), true
		}
		return time.Time{}, false
	}
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006", "02-01-2006", "2-1-2006", "02.01.2006"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	if d, ok := wordedDate(v); ok && d.day != 0 && d.month != 0 && !d.label && d.day <= daysIn(d.month, d.year) {
		return time.Date(d.year, d.month, d.day, 0, 0, 0, 0, time.UTC), true
	}
	return time.Time{}, false
}
