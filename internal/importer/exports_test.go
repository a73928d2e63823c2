package importer

import (
	"bytes"
	"errors"
	"github.com/siapekspor/siapekspor/internal/sheet"
	"io"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor/internal/fuzzcheck"
)

func TestParseDay(t *testing.T) {
	want := time.Date(2025, 8, 17, 0, 0, 0, 0, time.UTC)
	for _, v := range []string{"2025-08-17", "17/08/2025", "17/8/2025", "17-08-2025", "17.08.2025", "45886", " 2025-08-17 ",
		"17 Agustus 2025", "17-Agu-25", "17 Agt 2025", "August 17, 2025", "17-aug-2025"} {
		if got, ok := ParseDay(v); !ok || !got.Equal(want) {
			t.Errorf("%q → %v %v", v, got, ok)
		}
	}
	for _, v := range []string{"", "2025", "Agustus 2025", "th. 2025", "31 Februari 2025", "32 Agustus 2025", "17 Agustus", "32/01/2025", "2025-13-01", "1e9"} {
		if _, ok := ParseDay(v); ok {
			t.Errorf("%q read as a day", v)
		}
	}
}

// exportRef is the fuzz reference with the countries an export names.
type exportRef struct{ ref }

func (exportRef) CountryExists(iso3 string) bool { return iso3 == "JPN" || iso3 == "NLD" }

func fuzzCountries(s string) (string, bool) {
	switch s {
	case "Jepang", "JPN":
		return "JPN", true
	case "Belanda", "NLD":
		return "NLD", true
	}
	return "", false
}

// FuzzExportRows reads any bytes as a file of export records: rows or a
// message, never a panic; a row is a record or its problems, each
// problem a message in both languages; a record passes the domain's rules.
func FuzzExportRows(f *testing.F) {
	f.Add([]byte("ID Usaha,Kode HS,Negara Tujuan,Tanggal Ekspor,Nomor PEB,Nilai (USD),Kurs\n3,090111,Jepang,2025-03-04,000123,\"12.500\",15.800\n"))
	f.Add([]byte("NIB;Kode HS;Negara Tujuan;Tanggal Ekspor;Nilai (Rp);Kurs;Jumlah;Satuan;Incoterm\n9120000000102;090111;NLD;17/08/2025;Rp 15.000.000;16000;10;kilo;fob\n"))
	f.Add([]byte("ID Usaha,Tanggal Ekspor,Negara Tujuan\n=1+1,45886,Atlantis\n,,\n"))
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > fuzzMax {
			return
		}
		ctx := fuzzcheck.Context(t)
		tbl, format, err := sheet.Open(ctx, bytes.NewReader(data), int64(len(data)), "")
		if err != nil {
			fuzzcheck.Error(t, err)
			return
		}
		defer tbl.Close()
		r, err := NewExportReader(tbl, format, exportRef{}, fuzzCountries, now)
		if err != nil {
			fuzzcheck.Error(t, err)
			return
		}
		for n := 0; ; n++ {
			row, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				fuzzcheck.Error(t, err)
				return
			}
			if n > 8*len(data) {
				t.Fatalf("%d rows from %d bytes", n, len(data))
			}
			if (row.Record == nil) == (len(row.Problems) == 0) {
				t.Fatalf("line %d: record %v with %d problems", row.Line, row.Record != nil, len(row.Problems))
			}
			for _, p := range row.Problems {
				fuzzcheck.Message(t, p.Key, p.Args...)
			}
			if x := row.Record; x != nil {
				x.EnterpriseID = 1
				if err := x.Validate(exportRef{}, now); err != nil {
					t.Fatalf("line %d: a record the domain refuses: %v", row.Line, err)
				}
			}
		}
	})
}
