package importer

import (
	"fmt"
	"github.com/siapekspor/siapekspor"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The shapes of office spreadsheets, each as CSV and (where a merge makes
// it) as XLSX written by excelize with real merged cells: the enterprises
// they hold and the rows they set aside, with lines and reasons.

// officeCSV: a title block, a note, a blank row, a header over two rows
// with group headings (kept in their first cell, as Excel saves merges), a
// numbering row, three enterprises, a total row and a note below.
const officeCSV = `DAFTAR IKM KABUPATEN LAMPUNG SELATAN,,,,,,,,
Keadaan 31 Desember 2025,,,,,,,,
,,,,,,,,
No,Nama Usaha,Nama Pemilik,ALAMAT,,,KONTAK,,Tenaga Kerja
,,,Desa/Kelurahan,Kecamatan,Kabupaten/Kota,Telp,Email,
1,2,3,4,5,6,7,8,9
1,Keripik Pisang Hajimena,Sri Wahyuni,Hajimena,Natar,Lampung Selatan,0812-3456-7801,keripik@contoh.id,4
2,Kopi Robusta Sidosari,Budi Santoso,Sidosari,Natar,Lampung Selatan,0813-1111-2222,,6
3,Sulam Usus Natar,Dewi Lestari,Pemanggilan,Natar,Lampung Selatan,,,12
,JUMLAH,,,,,,,22
Sumber: Dinas Perindustrian,,,,,,,,
`

type skip struct {
	line int
	key  string
}

func checkSkipped(t *testing.T, r *Reader, want []skip) {
	t.Helper()
	var got []skip
	for _, s := range r.Skipped {
		got = append(got, skip{s.Line, s.Key})
	}
	if fmt.Sprint(got) != fmt.Sprint(want) || r.SkippedRows != len(want) {
		t.Errorf("skipped %v (%d), want %v", got, r.SkippedRows, want)
	}
}

func checkNames(t *testing.T, rows []*Row, want ...string) {
	t.Helper()
	var got []string
	for _, row := range rows {
		if row.Enterprise == nil {
			t.Errorf("line %d refused: %+v", row.Line, row.Problems)
			continue
		}
		got = append(got, row.Enterprise.Name)
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("enterprises %q, want %q", got, want)
	}
}

func checkColumns(t *testing.T, h *Header, want map[Field]string) {
	t.Helper()
	for f, col := range want {
		if got := h.Column(f); got != col {
			t.Errorf("%s: column %q, want %q", f, got, col)
		}
	}
	if len(h.Mapping) != len(want) {
		t.Errorf("mapping %v, want %d fields", h.Mapping, len(want))
	}
}

var officeColumns = map[Field]string{
	FName: "B (Nama Usaha)", FOwnerName: "C (Nama Pemilik)", FVillage: "D (ALAMAT / Desa/Kelurahan)",
	FDistrict: "E (ALAMAT / Kecamatan)", FRegency: "F (ALAMAT / Kabupaten/Kota)", FPhone: "G (KONTAK / Telp)",
	FEmail: "H (KONTAK / Email)", FWorkers: "I (Tenaga Kerja)",
}

// readOffice reads the office list as CSV or XLSX: the same header, columns
// and enterprises.
func readOffice(t *testing.T, data []byte) (*Reader, []*Row) {
	t.Helper()
	r, rows, err := readAll(t, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Header.First != 4 || r.Header.Line != 5 {
		t.Errorf("header lines %d–%d", r.Header.First, r.Header.Line)
	}
	checkColumns(t, r.Header, officeColumns)
	checkNames(t, rows, "Keripik Pisang Hajimena", "Kopi Robusta Sidosari", "Sulam Usus Natar")
	return r, rows
}

func TestOfficeListCSV(t *testing.T) {
	r, rows := readOffice(t, []byte(officeCSV))
	if e := rows[2].Enterprise; e == nil || e.VillageCode == "" || e.DistrictCode == "" || e.Workers != 12 {
		t.Errorf("%+v", e)
	}
	checkSkipped(t, r, []skip{{1, "import.skip.title"}, {2, "import.skip.title"}, {3, "import.skip.blank"},
		{6, "import.skip.numbering"}, {10, "import.skip.total"}, {11, "import.skip.note"}})
	if s := r.Skipped[4]; fmt.Sprint(s.Args) != "[JUMLAH]" || s.Text != "JUMLAH | 22" {
		t.Errorf("total row: %+v", s)
	}
}

// officeXLSX is officeCSV drawn in Excel: the title, the headings and the
// total's label merged, and the regency merged beside its block of rows.
func officeXLSX(t *testing.T) []byte {
	return xlsxFile(t, func(f *excelize.File) {
		const s = "Sheet1"
		for i, line := range strings.Split(strings.TrimSpace(officeCSV), "\n") {
			cells := strings.Split(line, ",")
			if i >= 7 && i <= 8 {
				cells[5] = "" // under the merge
			}
			row := make([]any, len(cells))
			for j, c := range cells {
				row[j] = c
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			f.SetSheetRow(s, cell, &row)
		}
		f.SetCellValue(s, "B4", "Nama Usaha")
		f.SetCellValue(s, "A10", "Jumlah Kab. Lampung Selatan")
		f.SetCellValue(s, "B10", "")
		for _, m := range [][2]string{{"A1", "I1"}, {"A2", "I2"}, {"A4", "A5"}, {"B4", "B5"}, {"C4", "C5"}, {"D4", "F4"},
			{"G4", "H4"}, {"I4", "I5"}, {"F7", "F9"}, {"A10", "H10"}, {"A11", "I11"}} {
			if err := f.MergeCell(s, m[0], m[1]); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestOfficeListXLSXMerged(t *testing.T) {
	r, rows := readOffice(t, officeXLSX(t))
	for i, row := range rows {
		var notes []string
		for _, g := range row.Guesses {
			if g.Key == "import.guess_merged" {
				notes = append(notes, fmt.Sprint(g.Column, g.Value, g.Args))
			}
		}
		want := ""
		if i > 0 {
			want = "[F (ALAMAT / Kabupaten/Kota)Lampung Selatan[7]]"
		}
		if fmt.Sprint(notes) != want && !(want == "" && notes == nil) {
			t.Errorf("line %d: notes %v, want %s", row.Line, notes, want)
		}
		if row.Enterprise != nil && row.Enterprise.RegencyCode != rows[0].Enterprise.RegencyCode {
			t.Errorf("line %d: regency %s", row.Line, row.Enterprise.RegencyCode)
		}
	}
	checkSkipped(t, r, []skip{{1, "import.skip.title"}, {2, "import.skip.title"}, {3, "import.skip.blank"},
		{6, "import.skip.numbering"}, {10, "import.skip.total"}, {11, "import.skip.note"}})
	// A merged title or label is shown once.
	if r.Skipped[0].Text != "DAFTAR IKM KABUPATEN LAMPUNG SELATAN" || r.Skipped[4].Text != "Jumlah Kab. Lampung Selatan | 22" {
		t.Errorf("texts %q, %q", r.Skipped[0].Text, r.Skipped[4].Text)
	}
}

func TestThreeRowHeader(t *testing.T) {
	csv := `No,Nama Usaha,PEMILIK,,ALAMAT USAHA,,,,OMZET,
,,Nama,NIK,Jalan,WILAYAH,,,Per Bulan,Per Tahun
,,,,,Desa,Kecamatan,Kabupaten,,
1,Keripik Pisang Hajimena,Sri Wahyuni,1801045508790001,Jl. Raya 12,Hajimena,Natar,Lampung Selatan,10 jt,
2,Kopi Robusta Sidosari,Budi Santoso,,Dusun II,Sidosari,Natar,Lampung Selatan,,2 M
`
	r, rows, err := readAll(t, []byte(csv), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Header.First != 1 || r.Header.Line != 3 {
		t.Errorf("header lines %d–%d", r.Header.First, r.Header.Line)
	}
	checkColumns(t, r.Header, map[Field]string{FName: "B (Nama Usaha)", FOwnerName: "C (PEMILIK / Nama)", FOwnerNIK: "D (PEMILIK / NIK)",
		FAddress: "E (ALAMAT USAHA / Jalan)", FVillage: "F (ALAMAT USAHA / WILAYAH / Desa)", FDistrict: "G (ALAMAT USAHA / WILAYAH / Kecamatan)",
		FRegency: "H (ALAMAT USAHA / WILAYAH / Kabupaten)", FTurnoverMon: "I (OMZET / Per Bulan)", FTurnoverYear: "J (OMZET / Per Tahun)"})
	checkNames(t, rows, "Keripik Pisang Hajimena", "Kopi Robusta Sidosari")
	if e := rows[0].Enterprise; e != nil && (e.AnnualTurnover != 120_000_000 || e.OwnerNIK != "1801045508790001") {
		t.Errorf("%+v", e)
	}
	checkSkipped(t, r, nil)
}

func TestRepeatedHeaderMidFile(t *testing.T) {
	csv := `DAFTAR UMKM BINAAN
Nama Usaha;Pemilik;Kecamatan;Kabupaten
(1);(2);(3);(4)
Keripik Pisang Hajimena;Sri Wahyuni;Natar;Lampung Selatan
Kopi Robusta Sidosari;Budi Santoso;Natar;Lampung Selatan
DAFTAR UMKM BINAAN
Nama Usaha;Pemilik;Kecamatan;Kabupaten
(1);(2);(3);(4)
Sulam Usus Natar;Dewi Lestari;Natar;Lampung Selatan
;;;
Sub Total;;;
`
	r, rows, err := readAll(t, []byte(csv), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkNames(t, rows, "Keripik Pisang Hajimena", "Kopi Robusta Sidosari", "Sulam Usus Natar")
	checkSkipped(t, r, []skip{{1, "import.skip.title"}, {3, "import.skip.numbering"}, {6, "import.skip.title"},
		{7, "import.skip.header_repeat"}, {8, "import.skip.numbering"}, {10, "import.skip.blank"}, {11, "import.skip.total"}})
}

func TestMergedRegencyBlocks(t *testing.T) {
	data := xlsxFile(t, func(f *excelize.File) {
		const s = "Sheet1"
		f.SetSheetRow(s, "A1", &[]any{"Nama Usaha", "Kabupaten/Kota", "Tenaga Kerja"})
		f.SetSheetRow(s, "A2", &[]any{"Usaha Satu", "Lampung Selatan", 3})
		f.SetSheetRow(s, "A3", &[]any{"Usaha Dua", nil, 4})
		f.SetSheetRow(s, "A4", &[]any{"Usaha Tiga", nil, 5})
		f.SetSheetRow(s, "A5", &[]any{"Usaha Empat", "Lampung Barat", 6})
		f.SetSheetRow(s, "A6", &[]any{"Usaha Lima", nil, 7})
		f.SetSheetRow(s, "A7", &[]any{nil, nil, 25})
		f.MergeCell(s, "B2", "B4")
		f.MergeCell(s, "B5", "B6")
	})
	r, rows, err := readAll(t, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkNames(t, rows, "Usaha Satu", "Usaha Dua", "Usaha Tiga", "Usaha Empat", "Usaha Lima")
	want := map[int]string{3: "[2]", 4: "[2]", 6: "[5]"}
	for _, row := range rows {
		got := ""
		for _, g := range row.Guesses {
			if g.Key == "import.guess_merged" {
				got = fmt.Sprint(g.Args)
			}
		}
		if got != want[row.Line] {
			t.Errorf("line %d: note %q, want %q", row.Line, got, want[row.Line])
		}
	}
	if rows[4].Enterprise.RegencyCode != "18.04" || rows[2].Enterprise.RegencyCode == "18.04" {
		t.Errorf("regencies %s %s", rows[2].Enterprise.RegencyCode, rows[4].Enterprise.RegencyCode)
	}
	checkSkipped(t, r, []skip{{7, "import.skip.sum"}})
}

func TestCountTableRefused(t *testing.T) {
	for name, data := range map[string][]byte{
		"counts":       []byte("Kecamatan,Jumlah IKM,Tenaga Kerja\nNatar,120,560\nJati Agung,85,301\n"),
		"titled":       []byte("REKAP IKM PER KECAMATAN;;;;\nNo;Kecamatan;Jumlah Usaha;Tenaga Kerja;Nilai Investasi (Rp)\n1;Natar;120;560;1.250.000.000\n2;Jati Agung;85;301;900.000.000\n"),
		"numbers only": []byte("Kabupaten/Kota,Kecamatan,Tenaga Kerja,Modal\nLampung Selatan,Natar,560,1.250.000\n"),
		"xlsx of counts": xlsxFile(t, func(f *excelize.File) {
			f.SetSheetRow("Sheet1", "A1", &[]any{"Kabupaten", "Banyaknya IKM"})
			f.SetSheetRow("Sheet1", "A2", &[]any{"Metro", 12})
		}),
	} {
		if _, _, err := readAll(t, data, Options{}); siapekspor.KeyOf(err) != "import.count_table" {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A list without a name column is not a count table.
	if _, _, err := readAll(t, []byte("Pemilik,Kabupaten\nSri,Metro\n"), Options{}); siapekspor.KeyOf(err) != "import.no_name_column" {
		t.Errorf("no name column: %v", err)
	}
}

func TestChosenHeaderAndColumns(t *testing.T) {
	// The user picks lines 4–5 and assigns the columns, ignoring email.
	cols := Mapping{FName: 1, FOwnerName: 2, FVillage: 3, FDistrict: 4, FRegency: 5, FPhone: 6}
	r, rows, err := readAll(t, []byte(officeCSV), Options{HeaderRows: [2]int{4, 5}, Columns: cols})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := r.Header.Mapping[FEmail]; ok || r.Header.First != 4 {
		t.Errorf("%+v", r.Header)
	}
	checkNames(t, rows, "Keripik Pisang Hajimena", "Kopi Robusta Sidosari", "Sulam Usus Natar")
	if rows[0].Enterprise.Email != "" || rows[0].Enterprise.Workers != 0 {
		t.Errorf("ignored columns read: %+v", rows[0].Enterprise)
	}
	// Only the bottom row as header: the group headings are lost, the
	// columns still assigned as given.
	if _, _, err := readAll(t, []byte(officeCSV), Options{HeaderRows: [2]int{5, 5}, Columns: cols}); err != nil {
		t.Errorf("one header row: %v", err)
	}
	if _, _, err := readAll(t, []byte(officeCSV), Options{HeaderRows: [2]int{40, 41}}); siapekspor.KeyOf(err) != "import.header_rows_missing" {
		t.Errorf("rows beyond the scan: %v", err)
	}
	if _, _, err := readAll(t, []byte(officeCSV), Options{HeaderRows: [2]int{1, 5}}); siapekspor.KeyOf(err) != "import.no_header" {
		t.Errorf("five header rows: %v", err)
	}
}

func TestGuessColumn(t *testing.T) {
	for in, want := range map[string]Field{
		"ALAMAT / Kecamatan": FDistrict, "PEMILIK / Nama": FOwnerName, "USAHA / Nama": FName, "OMZET / Per Bulan": FTurnoverMon,
		"KONTAK / Email": FEmail, "KONTAK / Telp": FPhone, "Desa/Kelurahan": FVillage, "IDENTITAS PEMILIK / Nama": FOwnerName,
		"TENAGA KERJA / Jumlah": FWorkers,
	} {
		parts := strings.Split(in, " / ")
		if got, _ := guessColumn(parts); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
		// Our own files write the two in one heading.
		if got, _ := guessColumn([]string{in}); got != want {
			t.Errorf("%q in one cell: %q, want %q", in, got, want)
		}
	}
	if f, ok := guessColumn([]string{"TENAGA KERJA", "L"}); ok {
		t.Errorf("TENAGA KERJA / L: %s", f)
	}
}

// TestGuessFieldAsOfficesHeadThem: headings from provincial and regency IKM
// lists — alternatives joined by "/", units in brackets, the company's
// address — and alternatives naming two fields, which are no guess.
func TestGuessFieldAsOfficesHeadThem(t *testing.T) {
	for in, want := range map[string]Field{
		"NAMA PEMILIK/PENANGGUNG JAWAB": FOwnerName, "ALAMAT PERUSAHAAN": FAddress, "JENIS PRODUK/KOMODITI": FProducts,
		"JUMLAH TENAGA KERJA (ORANG)": FWorkers, "NILAI INVESTASI (Rp)": FCapital, "NO. IZIN / NIB": FNIB, "OMZET (Rp/Tahun)": FTurnoverYear,
		"NOMOR TELEPON/HP": FPhone, "KAB/KOTA": FRegency, "KELURAHAN/DESA": FVillage, "Email Usaha": FEmail, "PRODUK YANG DIHASILKAN": FProducts,
		"Desa/Kecamatan": "", "Nama Usaha/Nama Pemilik": "", "KETERANGAN/CATATAN": "",
	} {
		got, ok := guessColumn([]string{in})
		if got != want || ok != (want != "") {
			t.Errorf("%q: %q %v, want %q", in, got, ok, want)
		}
	}
}

func TestNormComparisons(t *testing.T) {
	texts := []string{"", " ", "Nama Usaha", "NAMA  USAHA", " nama-usaha ", "Nama Usaha.", "No. HP / WA", "no hp wa", "Jumlah Kab. Lampung", "JUMLAH", "Jumlahnya",
		"Sub-Total", "sub total", "Ärger", "ärger", "İstanbul", "--", "1.250", "Kab/Kota"}
	for _, a := range texts {
		if normEmpty(a) != (normHeader(a) == "") {
			t.Errorf("normEmpty(%q)", a)
		}
		for _, b := range texts {
			if a == "İstanbul" || b == "İstanbul" {
				continue // strings.ToLower makes two runes of İ
			}
			if normEq(a, b) != (normHeader(a) == normHeader(b)) {
				t.Errorf("normEq(%q, %q) = %v", a, b, normEq(a, b))
			}
		}
		n := normHeader(a)
		for _, w := range []string{"jumlah", "sub total", "no hp"} {
			if got, want := normHasWord(a, w), n == w || strings.HasPrefix(n, w+" "); got != want {
				t.Errorf("normHasWord(%q, %q) = %v", a, w, got)
			}
		}
	}
}

func TestBlankRunsListedOnce(t *testing.T) {
	csv := "Nama Usaha,Kabupaten\nKopi,Metro\n,\n,\n,\nTeh,Metro\n,\n"
	r, rows, err := readAll(t, []byte(csv), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkNames(t, rows, "Kopi", "Teh")
	if len(r.Skipped) != 2 || r.Skipped[0].Lines() != "3–5" || r.Skipped[1].Lines() != "7" || r.SkippedRows != 4 {
		t.Errorf("%+v (%d)", r.Skipped, r.SkippedRows)
	}
}

// A total row whose count stands in the NIK column (the list's last
// column) is still a total: a count is no NIK.
func TestTotalWithCountInIDColumn(t *testing.T) {
	csv := "No,Nama Usaha,Kabupaten,NIK Pemilik\n1,Keripik Pisang Hajimena,Lampung Selatan,1801045508790001\n,JUMLAH,,1\n"
	r, rows, err := readAll(t, []byte(csv), Options{Province: "18"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || len(r.Skipped) != 1 || r.Skipped[0].Key != "import.skip.total" || r.Skipped[0].Line != 3 {
		t.Fatalf("%d rows, skipped %+v", len(rows), r.Skipped)
	}
}

// A header wrapped inside its cell names its column on one line.
func TestWrappedHeaderNamesColumnOnOneLine(t *testing.T) {
	r, _, err := readAll(t, []byte("No,\"Nama\r\nUsaha\",Kabupaten\n1,Keripik,Lampung Selatan\n"), Options{Province: "18"})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Header.Column(FName); got != "B (Nama Usaha)" {
		t.Fatalf("column %q", got)
	}
}
