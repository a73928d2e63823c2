package importer

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/sheet"
)

func TestReadQuantity(t *testing.T) {
	for _, c := range []struct {
		in       string
		perMonth bool
		n        float64
		unit     siapekspor.Unit
		key      string
		ok       bool
	}{
		{"500 kg", true, 500, "kg", "import.guess_number", true},
		{"500kg", false, 500, "kg", "import.guess_number", true},
		{"± 1.000 pcs/bulan", true, 1000, "pcs", "import.guess_approx_value", true}, // a month is the column's own period
		{"1.500 Kg per bulan", true, 1500, "kg", "import.guess_number", true},
		{"50 kg per hari", true, 1500, "kg", "import.guess_per_day", true},
		{"50 kg/hr", true, 1500, "kg", "import.guess_per_day", true},
		{"200 bungkus seminggu", true, 800, "pack", "import.guess_per_week", true},
		{"12 ton/tahun", true, 1, "ton", "import.guess_per_year", true},
		{"100 per bulan", true, 100, "", "import.guess_number", true},
		{"sekitar 300", true, 300, "", "import.guess_approx_value", true},
		{"kurang lebih 2,5 ton", true, 2.5, "ton", "import.guess_approx_value", true},
		{"min. 100 kg", false, 100, "kg", "import.guess_number", true},
		{"Minimal 20 pcs", false, 20, "pcs", "import.guess_number", true},
		// Refused: a range, unknown words, a period where none is asked, a negative.
		{"500-1000", true, 0, "", "", false},
		{"500 - 1000 kg", true, 0, "", "", false},
		{"500 karung goni", true, 0, "", "", false},
		{"100 kg/hari", false, 0, "", "", false},
		{"banyak", true, 0, "", "", false},
		{"-5", true, 0, "", "", false},
		{"5 kg/abad", true, 0, "", "", false},
	} {
		got, ok := readQuantity(c.in, c.perMonth)
		if ok != c.ok || ok && (got.n != c.n || got.unit != c.unit || got.key != c.key) {
			t.Errorf("readQuantity(%q, %v) = %+v, %v; want %v %q %q %v", c.in, c.perMonth, got, ok, c.n, c.unit, c.key, c.ok)
		}
	}
}

func TestReadShelfLife(t *testing.T) {
	for _, c := range []struct {
		in   string
		days int
		note bool
		ok   bool
	}{
		{"90", 90, false, true},
		{"90 hari", 90, false, true},
		{"6 bulan", 180, true, true},
		{"6 Bln.", 180, true, true},
		{"1 tahun", 365, true, true},
		{"2 minggu", 14, true, true},
		{"12 months", 360, true, true},
		{"± 6 bulan", 180, true, true},
		{"6-12 bulan", 0, false, false},
		{"1,5 tahun", 0, false, false},
		{"tahan lama", 0, false, false},
	} {
		got, ok := readShelfLife(c.in)
		if ok != c.ok || ok && (int(got.n) != c.days || (got.key != "") != c.note) {
			t.Errorf("readShelfLife(%q) = %+v, %v; want %d days, note %v, %v", c.in, got, ok, c.days, c.note, c.ok)
		}
	}
}

func TestReadPrices(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int64
		unit siapekspor.Unit
		ok   bool
	}{
		{"Rp 25.000/kg", 25_000, "kg", true},
		{"Rp. 25.000,- per bungkus", 25_000, "pack", true},
		{"25rb/pcs", 25_000, "pcs", true},
		{"± Rp 30.000", 30_000, "", true},
		{"Rp 25.000/orang", 0, "", false},
	} {
		n, got, ok := readPrice(c.in)
		if ok != c.ok || ok && (n != c.n || got.unit != c.unit) {
			t.Errorf("readPrice(%q) = %d %+v, %v; want %d %q %v", c.in, n, got, ok, c.n, c.unit, c.ok)
		}
	}
	for _, c := range []struct {
		in   string
		n    float64
		unit siapekspor.Unit
		ok   bool
	}{
		{"US$ 2,50", 2.5, "", true},
		{"USD 2.50/kg", 2.5, "kg", true},
		{"$2.50 per kg", 2.5, "kg", true},
		{"2,5 USD", 2.5, "", true},
		{"2.5", 2.5, "", true},
		{"EUR 2", 0, "", false},
	} {
		got, ok := readUSD(c.in)
		if ok != c.ok || ok && (got.n != c.n || got.unit != c.unit) {
			t.Errorf("readUSD(%q) = %+v, %v; want %v %q %v", c.in, got, ok, c.n, c.unit, c.ok)
		}
	}
}

// A product list as an office fills it: dashes for unknowns, units and
// periods beside the numbers, shelf lives in months. Every row is read,
// each reading noted; a unit that contradicts the Satuan column is refused.
func TestProductListAsOfficesFillIt(t *testing.T) {
	data := "NIB,Nama Produk,Kode HS,Satuan,Kapasitas per Bulan,Minimum Order,Harga (Rp),Harga FOB (USD),Masa Simpan,Kemasan\n" +
		"9120000000102,Keripik Pisang,200899,,50 kg per hari,min. 10 kg,Rp 25.000/kg,\"US$ 2,50\",6 bulan,-\n" +
		"9120000000102,Kopi Robusta,090111,kg,± 2.000 kg,-,n/a,-,1 tahun,Karung\n" +
		"9120000000102,Lada Hitam,090411,kg,500 pcs,,,,,\n" +
		"9120000000102,Lada Putih,090411,kg,2 ton per bulan,,,,,\n"
	tbl, format := tableFrom(t, data)
	r, err := NewProductReader(tbl, format, ref{})
	if err != nil {
		t.Fatal(err)
	}
	rows := rowsOf(r.Next)
	if len(rows) != 4 {
		t.Fatalf("%d rows", len(rows))
	}
	p := rows[0].Product
	if p == nil {
		t.Fatalf("line 2 refused: %+v", rows[0].Problems)
	}
	if p.Unit != "kg" || p.CapacityPerMonth != 1500 || p.MinOrder != 10 || p.PriceIDR != 25_000 || p.FOBUSDCents != 250 || p.ShelfLifeDays != 180 || p.Packaging != "" {
		t.Errorf("line 2 read as %+v", p)
	}
	notes := fmt.Sprint(rows[0].Guesses)
	for _, want := range []string{"import.guess_per_day", "import.guess_unit", "import.guess_days", "import.placeholder"} {
		if !strings.Contains(notes, want) {
			t.Errorf("line 2's notes lack %s: %s", want, notes)
		}
	}
	// Listed left to right, as the columns stand (Kemasan, J, was read first).
	for i := 1; i < len(rows[0].Guesses); i++ {
		if rows[0].Guesses[i-1].col > rows[0].Guesses[i].col {
			t.Errorf("notes out of column order: %s before %s", rows[0].Guesses[i-1].Column, rows[0].Guesses[i].Column)
		}
	}
	if q := rows[1].Product; q == nil || q.CapacityPerMonth != 2000 || q.MinOrder != 0 || q.PriceIDR != 0 || q.ShelfLifeDays != 365 {
		t.Errorf("line 3: %+v %+v", q, rows[1].Problems)
	}
	if rows[2].Product != nil || len(rows[2].Problems) != 1 || rows[2].Problems[0].Key != "import.unit_differs" || rows[2].Problems[0].Value != "500 pcs" {
		t.Errorf("line 4, pcs against kg: %+v", rows[2].Problems)
	}
	// Tonnes where Satuan says kg: converted, with a note.
	if q := rows[3].Product; q == nil || q.CapacityPerMonth != 2000 || !strings.Contains(fmt.Sprint(rows[3].Guesses), "import.guess_converted") {
		t.Errorf("line 5, tonnes against kg: %+v %+v", q, rows[3].Problems)
	}
}

// An export record's quantity and value read as a product's: a unit
// beside the quantity checked against Satuan, the currency beside the value.
func TestExportRecordValuesAsOfficesWriteThem(t *testing.T) {
	data := "ID Usaha,Kode HS,Negara Tujuan,Tanggal Ekspor,Nilai (USD),Jumlah,Satuan,Catatan,Kurs,Incoterm\n" +
		"3,090111,Jepang,2025-03-04,12.500 USD,500 kg,kg,-,15800,CIF Tokyo\n" +
		"3,090111,Jepang,2025-03-05,US$ 100,500 pcs,kg,,15800,\n" +
		"3,090111,Jepang,2025-03-06,USD 2/kg,5,kg,,15800,\n"
	tbl, format := tableFrom(t, data)
	r, err := NewExportReader(tbl, format, exportRef{}, fuzzCountries, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	rows := rowsOf(r.Next)
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	if x := rows[0].Record; x == nil || x.Quantity != 500 || x.ValueUSDCents != 1_250_000 || x.Notes != "" || x.Incoterm != "CIF" || len(rows[0].Guesses) != 3 {
		t.Errorf("line 2: %+v %+v %+v", x, rows[0].Problems, rows[0].Guesses)
	}
	if rows[1].Record != nil || len(rows[1].Problems) != 1 || rows[1].Problems[0].Key != "import.unit_differs" {
		t.Errorf("line 3, pcs against kg: %+v", rows[1].Problems)
	}
	if rows[2].Record != nil || len(rows[2].Problems) != 1 || rows[2].Problems[0].Field != string(XValueUSD) {
		t.Errorf("line 4, a price per kg as the value: %+v", rows[2].Problems)
	}
}

// tableFrom opens a CSV text as a table for a reader.
func tableFrom(t *testing.T, data string) (sheet.Table, sheet.Format) {
	t.Helper()
	tbl, format, err := sheet.Open(context.Background(), strings.NewReader(data), int64(len(data)), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tbl.Close() })
	return tbl, format
}

// rowsOf reads every row a reader gives, up to its end or first error.
func rowsOf[R any](next func() (R, error)) []R {
	var rows []R
	for {
		row, err := next()
		if err != nil {
			return rows
		}
		rows = append(rows, row)
	}
}

// A request's values as buyers' offices write them: the frequency in words,
// the currency from the amount, the rule of a delivery term with its place.
func TestRequestValuesAsOfficesWriteThem(t *testing.T) {
	data := "Jenis,ID Organisasi,Judul,Kode HS,Produk,Jumlah,Satuan,Frekuensi,Negara Tujuan,Incoterm,Harga Target,Mata Uang\n" +
		"Pembelian,15,Kopi robusta,HS 0901.11 - Kopi,kopi robusta,2 ton,kg,per bulan,Jepang,FOB Panjang,US$ 4.5/kg,\n" +
		"Pembelian,15,Lada putih,0904.12,lada putih,100,kg,setiap 3 bulan,Jepang,,Rp 120.000,USD\n"
	tbl, format := tableFrom(t, data)
	r, err := NewRequestReader(tbl, format, exportRef{}, fuzzCountries, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	rows := rowsOf(r.Next)
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	q := rows[0].Request
	if q == nil {
		t.Fatalf("line 2 refused: %+v", rows[0].Problems)
	}
	if q.HSCode != "090111" || q.Quantity != 2000 || q.Frequency != "monthly" || q.Incoterm != "FOB" || q.TargetPrice != 4.5 || q.Currency != "USD" {
		t.Errorf("line 2 read as %+v", q)
	}
	if g := fmt.Sprint(rows[0].Guesses); !strings.Contains(g, "import.guess_currency") || !strings.Contains(g, "import.guess_incoterm_place") {
		t.Errorf("line 2's notes: %s", g)
	}
	if rows[1].Request != nil || len(rows[1].Problems) != 1 || rows[1].Problems[0].Key != "import.currency_differs" {
		t.Errorf("line 3, rupiah against USD: %+v", rows[1].Problems)
	}
}
