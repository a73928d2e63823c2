package importer

import (
	"errors"
	"github.com/siapekspor/siapekspor/internal/sheet"
	"math"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
)

// The product import reads a list of products, one per row, each naming
// its enterprise by id or NIB. Its headers are matched like the enterprise
// import's; the product export writes the same headers, so an exported
// file (with its ID column cleared) imports back.

// Product import fields.
const (
	PID           Field = "id"
	PEnterpriseID Field = "enterprise_id"
	PNIB          Field = "nib"
	PEnterprise   Field = "enterprise_name"
	PNameID       Field = "name_id"
	PNameEN       Field = "name_en"
	PDescID       Field = "description_id"
	PDescEN       Field = "description_en"
	PHSCode       Field = "hs_code"
	PCategory     Field = "category"
	PUnit         Field = "unit"
	PCapacity     Field = "capacity_per_month"
	PMinOrder     Field = "min_order"
	PPrice        Field = "price_idr"
	PFOB          Field = "fob_usd"
	PPackaging    Field = "packaging"
	PShelfLife    Field = "shelf_life_days"
	PStorage      Field = "storage"
)

// ProductFields lists the product import's fields in display order.
var ProductFields = []Field{PID, PEnterpriseID, PNIB, PEnterprise, PNameID, PNameEN, PDescID, PDescEN, PHSCode, PCategory, PUnit,
	PCapacity, PMinOrder, PPrice, PFOB, PPackaging, PShelfLife, PStorage}

var productSynonyms = map[Field][]string{
	PID:           {"id", "id produk", "product id"},
	PEnterpriseID: {"id usaha", "id umkm", "id ikm", "id perusahaan", "enterprise id"},
	PNIB:          {"nib", "no nib", "nomor nib", "nib usaha", "nomor induk berusaha"},
	PEnterprise:   {"nama usaha", "nama umkm", "nama ikm", "nama perusahaan", "enterprise"},
	PNameID:       {"nama produk", "produk", "nama barang", "nama produk indonesia", "product name id"},
	PNameEN:       {"nama produk inggris", "nama inggris", "nama produk bahasa inggris", "product name", "product name en", "name en"},
	PDescID:       {"deskripsi", "deskripsi produk", "keterangan", "uraian", "uraian produk", "spesifikasi"},
	PDescEN:       {"deskripsi inggris", "deskripsi produk inggris", "description", "description en"},
	PHSCode:       {"kode hs", "hs", "hs code", "pos tarif", "kode pos tarif", "nomor hs"},
	PCategory:     {"kategori", "sektor", "kategori produk", "category"},
	PUnit:         {"satuan", "unit", "satuan produk"},
	PCapacity:     {"kapasitas per bulan", "kapasitas produksi per bulan", "kapasitas produksi", "kapasitas", "kapasitas bulan", "capacity per month"},
	PMinOrder:     {"minimum order", "min order", "moq", "pesanan minimum", "minimal order", "minimum pemesanan"},
	PPrice:        {"harga rp", "harga", "harga jual", "harga jual rp", "harga satuan", "price idr"},
	PFOB:          {"harga fob usd", "harga fob", "fob usd", "fob", "fob price usd"},
	PPackaging:    {"kemasan", "jenis kemasan", "packaging"},
	PShelfLife:    {"masa simpan hari", "masa simpan", "umur simpan", "daya simpan", "shelf life", "shelf life days"},
	PStorage:      {"penyimpanan", "cara penyimpanan", "storage"},
}

var productHeaderIndex = func() map[string]Field {
	m := map[string]Field{}
	for f, names := range productSynonyms {
		for _, n := range names {
			m[n] = f
		}
	}
	return m
}()

// ProductRow is one data row: the product it makes and the enterprise it
// names (by id or NIB, resolved against the database by the caller), or
// its problems.
type ProductRow struct {
	Line         int
	Product      *siapekspor.Product
	EnterpriseID int64
	NIB          string
	Problems     []sheet.Problem
	Guesses      []Guess // how values were read ("-" as unknown, "6 bulan" as 180 days)
}

// ProductReader turns a table's rows into products.
type ProductReader struct {
	rowSource
	Header *Header
	hs     siapekspor.HSChecker
}

// NewProductReader finds the header among the first ten rows: the row
// naming the most known columns, which must include the product name and
// the enterprise's id or NIB.
func NewProductReader(t sheet.Table, format sheet.Format, hs siapekspor.HSChecker) (*ProductReader, error) {
	r := &ProductReader{rowSource: rowSource{t: t}, hs: hs}
	best, bestMap, bestLine, seen, err := r.findListHeader(productHeaderIndex)
	if err != nil {
		return nil, err
	}
	if _, ok := bestMap[PNameID]; !ok {
		return nil, fileError("product.import.no_name_column")
	}
	_, byID := bestMap[PEnterpriseID]
	_, byNIB := bestMap[PNIB]
	if !byID && !byNIB {
		return nil, fileError("product.import.no_enterprise_column")
	}
	r.Header = &Header{Format: format, Line: bestLine, Cells: best, Mapping: bestMap}
	r.start(bestLine, seen)
	return r, nil
}

// Next reads the next data row; empty rows are skipped. It returns io.EOF at the end.
func (r *ProductReader) Next() (*ProductRow, error) {
	cells, line, err := r.next()
	if err != nil {
		return nil, err
	}
	return r.parse(cells, line), nil
}

func (r *ProductReader) parse(cells []string, line int) *ProductRow {
	row := &ProductRow{Line: line}
	lc := listCells{h: r.Header, cells: cells, line: line, problems: &row.Problems, notes: &row.Guesses}
	get, problem := lc.get, lc.problem
	lc.refuseFormulas()
	if v := get(PID); v != "" {
		problem(PID, "product.import.has_id")
	}
	if v := get(PEnterpriseID); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			problem(PEnterpriseID, "field.number")
		}
		row.EnterpriseID = id
	}
	row.NIB = get(PNIB)
	if row.EnterpriseID == 0 && row.NIB == "" {
		f := PEnterpriseID
		if _, ok := r.Header.Mapping[f]; !ok {
			f = PNIB
		}
		problem(f, "product.import.no_enterprise")
	}
	p := &siapekspor.Product{
		NameID: get(PNameID), NameEN: get(PNameEN), DescriptionID: get(PDescID), DescriptionEN: get(PDescEN),
		HSCode: get(PHSCode), Packaging: get(PPackaging), Storage: get(PStorage),
	}
	if v := get(PCategory); v != "" {
		s, exact := guessSector(v)
		if !exact && s == "other" { // no sector word in it either
			problem(PCategory, "field.choice")
		}
		p.Category = s
	}
	if v := get(PUnit); v != "" {
		u, ok := parseUnit(v)
		if !ok {
			problem(PUnit, "field.choice")
		}
		p.Unit = u
	}
	p.CapacityPerMonth, p.MinOrder = lc.quantity(PCapacity, true, &p.Unit), lc.quantity(PMinOrder, false, &p.Unit)
	if v := get(PPrice); v != "" {
		n, err := siapekspor.ParseRupiah(v)
		if err != nil {
			var q valueRead
			var ok bool
			if n, q, ok = readPrice(v); !ok {
				key, re := "field.number", (*siapekspor.RuleError)(nil)
				if errors.As(err, &re) {
					key = re.Key // negative, not an amount
				}
				problem(PPrice, key)
			} else if lc.unitBeside(PPrice, q.unit, &p.Unit) && q.key != "" {
				lc.note(PPrice, q.key, q.args...)
			}
		}
		p.PriceIDR = n
	}
	if v := get(PFOB); v != "" {
		q, ok := readUSD(v)
		if !ok {
			problem(PFOB, "field.number")
		} else if lc.unitBeside(PFOB, q.unit, &p.Unit) && q.key != "" {
			lc.note(PFOB, q.key, q.args...)
		}
		p.FOBUSDCents = int64(math.Round(q.n * 100))
	}
	if v := get(PShelfLife); v != "" {
		q, ok := readShelfLife(v)
		if !ok {
			problem(PShelfLife, "product.import.shelf_life")
		} else if q.key != "" {
			lc.note(PShelfLife, q.key, q.args...)
		}
		p.ShelfLifeDays = int(q.n)
	}
	// The domain's own rules, reported against the columns they came from.
	p.Normalize()
	if err := p.Validate(r.hs); err != nil {
		if de, ok := siapekspor.AsError(err); ok {
			for _, fe := range de.Fields {
				problem(Field(fe.Field), fe.Key, fe.Args...)
			}
		}
	}
	if len(row.Problems) == 0 {
		row.Product = p
	}
	return row
}

// parseUnit reads a unit as offices write it.
func parseUnit(v string) (siapekspor.Unit, bool) {
	v = normHeader(v)
	for _, u := range siapekspor.Units {
		if v == normHeader(string(u)) {
			return u, true
		}
	}
	switch v {
	case "kilogram", "kilo", "kgs":
		return "kg", true
	case "tonne", "metric ton", "mt":
		return "ton", true
	case "litre", "l", "ltr":
		return "liter", true
	case "buah", "bh", "biji", "unit", "pc", "pieces", "piece", "lembar", "lbr", "botol", "btl", "kaleng", "klg":
		return "pcs", true
	case "bungkus", "bks", "pak", "sachet", "pouch", "kemasan":
		return "pack", true
	case "kotak", "ktk", "dus", "karton", "ktn", "carton":
		return "box", true
	case "meter":
		return "m", true
	case "m 2", "meter persegi":
		return "m2", true
	}
	return "", false
}

// ParseNumber reads a number as Indonesian offices and Excel write it:
// "1.500" and "1,500.5" (thousands separators), "2,5" and "2.5" (decimals).
// A dot followed by exactly three digits is a thousands separator unless a
// comma follows as the decimal mark.
func ParseNumber(v string) (float64, bool) {
	v = strings.ReplaceAll(strings.TrimSpace(v), " ", "")
	if v == "" {
		return 0, false
	}
	dots, commas := strings.Count(v, "."), strings.Count(v, ",")
	switch {
	case dots > 0 && commas > 0:
		if strings.LastIndex(v, ",") > strings.LastIndex(v, ".") {
			v = strings.ReplaceAll(strings.ReplaceAll(v, ".", ""), ",", ".") // 1.500,5
		} else {
			v = strings.ReplaceAll(v, ",", "") // 1,500.5
		}
	case commas == 1 && !thousandsGroups(v, ","):
		v = strings.ReplaceAll(v, ",", ".") // 2,5
	case commas > 0:
		v = strings.ReplaceAll(v, ",", "") // 1,500,000
	case dots > 1 || (dots == 1 && thousandsGroups(v, ".")):
		v = strings.ReplaceAll(v, ".", "") // 1.500 or 1.500.000
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		return 0, false
	}
	return n, true
}

// thousandsGroups reports whether every group after the first separator
// has exactly three digits.
func thousandsGroups(v, sep string) bool {
	parts := strings.Split(v, sep)
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	first := strings.TrimPrefix(parts[0], "-")
	return len(first) > 0 && len(first) <= 3 && first != "0" // 0.125 is a decimal
}
