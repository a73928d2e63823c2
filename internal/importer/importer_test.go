package importer

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"github.com/siapekspor/siapekspor/internal/sheet"
	"io"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// ref answers validation from the built-in regions and KBLI codes.
type ref struct{}

func (ref) RegionLevel(code string) (int, bool) {
	r, ok := refdata.DefaultRegionIndex().ByCode(code)
	return r.Level, ok && r.Code == code
}
func (ref) HSExists(code string) bool { return true }
func (ref) KBLIExists(version, code string) bool {
	for _, k := range refdata.KBLIs() {
		if k.Code == code && k.Version == version && k.Digits == 5 {
			return true
		}
	}
	return false
}

func readAll(t *testing.T, data []byte, opt Options) (*Reader, []*Row, error) {
	t.Helper()
	tbl, format, err := sheet.Open(context.Background(), bytes.NewReader(data), int64(len(data)), "")
	if err != nil {
		return nil, nil, err
	}
	defer tbl.Close()
	opt.Reference = ref{}
	opt.Now = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	r, err := NewReader(tbl, format, opt)
	if err != nil {
		return nil, nil, err
	}
	var rows []*Row
	for {
		row, err := r.Next()
		if err == io.EOF {
			return r, rows, nil
		}
		if err != nil {
			return r, rows, err
		}
		rows = append(rows, row)
	}
}

func TestCleanSample(t *testing.T) {
	data, _ := os.ReadFile("../../samples/umkm-lampung-selatan.csv")
	r, rows, err := readAll(t, data, Options{Province: "18"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	for _, row := range rows {
		if len(row.Problems) > 0 {
			t.Errorf("line %d: %+v", row.Line, row.Problems)
		}
	}
	e := rows[1].Enterprise
	if e.Name != "Kopi Robusta Sidosari" || e.VillageCode != "18.01.04.2002" || e.AnnualTurnover != 2_000_000_000 || e.Capital != 400_000_000 ||
		e.Phone != "+6281311112222" || e.Sector != "coffee" || e.ExportStatus != siapekspor.ExportReady || e.FoundedYear != 2018 {
		t.Errorf("row 2: %+v", e)
	}
	if rows[2].Enterprise.ExportStatus != siapekspor.ExportFirst || rows[2].Enterprise.Capital != 1_200_000_000 {
		t.Errorf("row 3: %+v", rows[2].Enterprise)
	}
	if c := r.Header.Column(FOwnerNIK); c != "C (NIK)" {
		t.Errorf("column name %q", c)
	}
}

func TestMessySample(t *testing.T) {
	data, _ := os.ReadFile("../../samples/ikm-metro-berantakan.csv")
	r, rows, err := readAll(t, data, Options{Province: "18"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Header.Line != 3 {
		t.Errorf("header found on line %d, want 3 (below a title row)", r.Header.Line)
	}
	if len(rows) != 5 {
		t.Fatalf("%d data rows, want 5 (the blank row skipped)", len(rows))
	}
	byLine := map[int]*Row{}
	for _, row := range rows {
		byLine[row.Line] = row
	}
	tapis := byLine[4].Enterprise
	if tapis == nil || tapis.AnnualTurnover != 300_000_000 || tapis.FoundedYear != 2010 || tapis.VillageCode != "18.72.01.1003" || tapis.Phone != "+6281277778888" {
		t.Errorf("line 4: %+v %+v", tapis, byLine[4].Problems)
	}
	if e := byLine[5].Enterprise; e == nil || e.RegencyCode != "18.72" || e.FoundedYear != 2016 || e.AnnualTurnover != 150_000_000 {
		t.Errorf("line 5 (regency spelled 'Metro'): %+v %+v", e, byLine[5].Problems)
	}
	if e := byLine[7].Enterprise; e == nil || e.FoundedYear != 2019 || e.Phone != "+62721123456" {
		t.Errorf("line 7 (Excel serial date, landline): %+v %+v", e, byLine[7].Problems)
	}
	guessed := false
	for _, g := range byLine[5].Guesses {
		guessed = guessed || (g.Key == "import.guess_region" && strings.HasPrefix(g.Column, "H"))
	}
	if !guessed {
		t.Errorf("the regency matched from 'Metro' is not reported as a guess: %+v", byLine[5].Guesses)
	}
	bad := byLine[8]
	if bad.Enterprise != nil {
		t.Fatal("a row without a name was accepted")
	}
	want := map[string]string{"name": "field.required", "phone": "phone.invalid", "turnover_month": "rupiah.invalid", "workers": "field.number", "founded": "import.bad_date"}
	got := map[string]string{}
	for _, p := range bad.Problems {
		got[p.Field] = p.Key
		if p.Line != 8 || p.Column == "" && p.Field != "binaan_org_id" {
			t.Errorf("problem without line or column: %+v", p)
		}
	}
	for f, k := range want {
		if got[f] != k {
			t.Errorf("line 8 %s: %q, want %q (all %v)", f, got[f], k, got)
		}
	}
	if p := byLine[9].Problems; len(p) == 0 || p[0].Field != "regency" || !strings.HasPrefix(p[0].Key, "import.region_unknown") {
		t.Errorf("line 9 (Gotham City): %+v", p)
	}
}

func TestRowsAfterAShortHeaderAreKept(t *testing.T) {
	_, rows, err := readAll(t, []byte("Nama Usaha,Kabupaten\nKopi A,Kota Metro\nKopi B,Kota Metro\n"), Options{})
	if err != nil || len(rows) != 2 || rows[0].Line != 2 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
}

// The NPWP column is read as offices write it, and checked by its rules.
func TestNPWPColumn(t *testing.T) {
	data := []byte("Nama Usaha,Kabupaten,No. NPWP\nKopi A,Kota Metro,01.234.567.8-901.000\nKopi B,Kota Metro,00.000.000.0-000.000\nKopi C,Kota Metro,1234\nKopi D,Kota Metro,\n")
	r, rows, err := readAll(t, data, Options{})
	if err != nil || len(rows) != 4 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	if c := r.Header.Column(FNPWP); c != "C (No. NPWP)" {
		t.Errorf("NPWP column %q", c)
	}
	// All zeros is how forms say "none": a placeholder, read as empty with a note.
	if g := rows[1].Guesses; len(g) != 1 || g[0].Key != "import.placeholder" || rows[1].Enterprise == nil || rows[1].Enterprise.NPWP != "" {
		t.Errorf("row 1: %+v", g)
	}
	for i, want := range []string{"", "", "npwp.digits", ""} {
		got := ""
		if len(rows[i].Problems) > 0 {
			got = rows[i].Problems[0].Key
		}
		if got != want {
			t.Errorf("row %d: problem %q, want %q (%+v)", i, got, want, rows[i].Problems)
		}
	}
	if rows[0].Enterprise.NPWP != "012345678901000" || rows[3].Enterprise.NPWP != "" {
		t.Errorf("stored as digits: %q, %q", rows[0].Enterprise.NPWP, rows[3].Enterprise.NPWP)
	}
}

func TestSavedMappingOverridesGuess(t *testing.T) {
	data := []byte("Usaha,Nama Pemilik,Omzet,Kota\nKopi A,Sri,5 jt,Kota Metro\n")
	_, rows, err := readAll(t, data, Options{Saved: SavedMapping{FTurnoverMon: "omzet"}})
	if err != nil {
		t.Fatal(err)
	}
	if rows[0].Enterprise.AnnualTurnover != 60_000_000 {
		t.Errorf("mapped as monthly: %d", rows[0].Enterprise.AnnualTurnover)
	}
	if _, _, err := readAll(t, data, Options{Saved: SavedMapping{FNIB: "Nomor NIB"}}); siapekspor.KeyOf(err) != "import.map_missing_column" {
		t.Errorf("a mapping naming a missing column: %v", err)
	}
}

func TestWindows1252AndSemicolons(t *testing.T) {
	// "Café" and "Rp 1.500.000,00" as Excel on Windows saves them.
	data := []byte("Nama Usaha;Kabupaten;Modal\r\nKopi Caf\xe9 Liwa;Lampung Barat;Rp 1.500.000,00\r\n")
	_, rows, err := readAll(t, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rows[0].Enterprise == nil || rows[0].Enterprise.Name != "Kopi Café Liwa" || rows[0].Enterprise.Capital != 1_500_000 {
		t.Errorf("%+v %+v", rows[0].Enterprise, rows[0].Problems)
	}
}

// TestLinesEndedByCR: a file saved as "CSV (Macintosh)", each line ended by
// CR alone, in Windows-1252, reads line by line with its line numbers.
func TestLinesEndedByCR(t *testing.T) {
	data := []byte("Nama Usaha;Kabupaten;Modal\rKopi Caf\xe9 Liwa;Lampung Barat;Rp 1.500.000\r\"Tapis\rRatu\";Metro;2\r;;\r")
	_, rows, err := readAll(t, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Enterprise == nil || rows[0].Enterprise.Name != "Kopi Café Liwa" || rows[0].Enterprise.Capital != 1_500_000 ||
		rows[1].Enterprise == nil || rows[1].Line != 3 || rows[1].Enterprise.RegencyCode != "18.72" {
		t.Errorf("%d rows: %+v", len(rows), rows)
	}
}

// TestApostropheBeforeCodes: Excel's text mark before a NIK, NIB or phone
// number is not part of it; before a name it is kept.
func TestApostropheBeforeCodes(t *testing.T) {
	data := []byte("Nama Usaha,Kabupaten,NIK,NIB,No HP\n'Kopi Liwa,Lampung Barat,'1804045508790003,' 9120000000101,'0812-3456-7890\n")
	_, rows, err := readAll(t, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := rows[0].Enterprise
	if e == nil || e.OwnerNIK != "1804045508790003" || e.NIB != "9120000000101" || e.Phone != "+6281234567890" || e.Name != "'Kopi Liwa" {
		t.Errorf("%+v %+v", e, rows[0].Problems)
	}
}

// TestTwoPhonesTwoEmails: a list with an office line and a mobile, or two
// e-mails, is read (the mobile, the first e-mail), the other column listed
// as not used; two name columns are still refused as ambiguous.
func TestTwoPhonesTwoEmails(t *testing.T) {
	data := []byte("Nama Usaha,Kabupaten,No Telp Kantor,No HP / WA,Email Usaha,Email Pemilik\nKopi Liwa,Lampung Barat,(0721) 123456,0812-3456-7890,kopi@example.id,sri@example.id\n")
	r, rows, err := readAll(t, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := rows[0].Enterprise
	if e == nil || e.Phone != "+6281234567890" || e.Email != "kopi@example.id" {
		t.Errorf("%+v %+v", e, rows[0].Problems)
	}
	if c, ok := r.Header.Mapping[FPhone]; !ok || c != 3 || r.Header.Mapping[FEmail] != 4 {
		t.Errorf("mapping %v", r.Header.Mapping)
	}
}

// TestStatusWordsAreNotPlaceholders: "Belum" in the export status and
// "Tidak ada" in the legal form are values of those fields, read without a
// note that calls them unknown; "-" there is still no value.
func TestStatusWordsAreNotPlaceholders(t *testing.T) {
	data := []byte("Nama Usaha,Kabupaten,Status Ekspor,Bentuk Usaha\nA,Metro,Belum,Tidak ada\nB,Metro,-,-\nC,Metro,Sudah,CV\n")
	_, rows, err := readAll(t, data, Options{})
	if err != nil || len(rows) != 3 {
		t.Fatal(err, len(rows))
	}
	for i, want := range []siapekspor.ExportStatus{siapekspor.ExportNever, siapekspor.ExportNever, siapekspor.ExportFirst} {
		if e := rows[i].Enterprise; e == nil || e.ExportStatus != want {
			t.Errorf("row %d: %+v", i, e)
		}
	}
	notes := func(r *Row) (n int) {
		for _, g := range r.Guesses {
			if g.Key == "import.placeholder" {
				n++
			}
		}
		return n
	}
	if notes(rows[0]) != 0 || notes(rows[1]) != 2 || rows[0].Enterprise.LegalForm != siapekspor.LegalPerorangan {
		t.Errorf("notes %d %d, legal form %q", notes(rows[0]), notes(rows[1]), rows[0].Enterprise.LegalForm)
	}
}

// TestUTF16: Excel's "Unicode Text" (UTF-16, tab-separated) in either byte
// order, with or without a byte order mark, reads as the same rows; a
// broken surrogate is a replacement character, not a refused file.
func TestUTF16(t *testing.T) {
	text := "Nama Usaha\tKabupaten\tModal\r\nKopi Café Liwa\tLampung Barat\tRp 1.500.000,00\r\nTapis\tMetro\t\r\n"
	encode := func(order binary.AppendByteOrder, bom bool, s string) []byte {
		var b []byte
		units := utf16.Encode([]rune(s))
		if bom {
			units = append([]uint16{0xfeff}, units...)
		}
		for _, u := range units {
			b = order.AppendUint16(b, u)
		}
		return b
	}
	for name, data := range map[string][]byte{
		"little endian with BOM":    encode(binary.LittleEndian, true, text),
		"big endian with BOM":       encode(binary.BigEndian, true, text),
		"little endian without BOM": encode(binary.LittleEndian, false, text),
		"big endian without BOM":    encode(binary.BigEndian, false, text),
	} {
		_, rows, err := readAll(t, data, Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(rows) != 2 || rows[0].Enterprise == nil || rows[0].Enterprise.Name != "Kopi Café Liwa" || rows[0].Enterprise.Capital != 1_500_000 ||
			rows[1].Enterprise == nil || rows[1].Enterprise.RegencyCode != "18.72" || rows[1].Line != 3 {
			t.Errorf("%s: %d rows, %+v", name, len(rows), rows)
		}
	}
	// A lone surrogate, and an odd last byte (a cut file): a row of its own
	// that cannot be imported.
	broken := append(encode(binary.LittleEndian, true, "Nama Usaha\tKabupaten\r\nKopi "), 0x00, 0xd8)
	broken = append(broken, encode(binary.LittleEndian, false, "Liwa\tMetro\r\n")...)
	broken = append(broken, 'x')
	_, rows, err := readAll(t, broken, Options{})
	if err != nil || len(rows) != 2 || rows[0].Enterprise == nil || rows[0].Enterprise.Name != "Kopi \ufffdLiwa" || rows[1].Enterprise != nil {
		t.Errorf("broken UTF-16: %v %+v", err, rows)
	}
}

func TestBadFiles(t *testing.T) {
	random := make([]byte, 1<<20)
	rand.Read(random)
	for _, tc := range []struct {
		name string
		data []byte
		opt  Options
		key  string
	}{
		{"empty", nil, Options{}, "import.empty_file"},
		{"random bytes", random, Options{}, "import.not_table"},
		{"no header", []byte("a,b,c\n1,2,3\n"), Options{}, "import.no_header"},
		{"duplicate header", []byte("Nama Usaha,Kabupaten,Nama UMKM\nx,y,z\n"), Options{}, "import.duplicate_header"},
		{"no regency column", []byte("Nama Usaha,Nama Pemilik\nx,y\n"), Options{}, "import.no_regency_column"},
		{"fake zip", []byte("PK\x03\x04not really a zip"), Options{}, "import.xlsx_broken"},
		{"old Excel or a password", append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, random[:4096]...), Options{}, "import.xls"},
		{"LibreOffice", []byte("PK\x03\x04\x14\x00\x00\x08\x00\x00mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK"), Options{}, "import.ods"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := readAll(t, tc.data, tc.opt)
			if siapekspor.KeyOf(err) != tc.key {
				t.Errorf("got %v, want %s", err, tc.key)
			}
		})
	}
	_, rows, _ := readAll(t, []byte("Nama Usaha,Kabupaten,Modal\n=HYPERLINK(\"x\"),Metro,1\n"), Options{})
	if rows[0].Enterprise != nil || rows[0].Problems[0].Key != "import.formula" {
		t.Errorf("a formula cell: %+v", rows[0].Problems)
	}
}

func xlsxFile(t *testing.T, build func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	build(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestXLSX(t *testing.T) {
	data := xlsxFile(t, func(f *excelize.File) {
		f.SetSheetRow("Sheet1", "A1", &[]any{"Nama Usaha", "Kabupaten/Kota", "Tenaga Kerja", "Omzet per Tahun", "Tahun Berdiri"})
		f.SetSheetRow("Sheet1", "A2", &[]any{"Kopi Liwa", "Lampung Barat", 4, 850000000, 2011})
		f.NewSheet("Lain")
		f.SetSheetRow("Lain", "A1", &[]any{"Nama UMKM", "Kota"})
		f.SetSheetRow("Lain", "A2", &[]any{"Tapis Metro", "Metro"})
	})
	_, rows, err := readAll(t, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if e := rows[0].Enterprise; e == nil || e.Name != "Kopi Liwa" || e.Workers != 4 || e.AnnualTurnover != 850_000_000 || e.RegencyCode != "18.04" {
		t.Errorf("%+v %+v", e, rows[0].Problems)
	}
	tbl, _, err := sheet.Open(context.Background(), bytes.NewReader(data), int64(len(data)), "Lain")
	if err != nil {
		t.Fatal(err)
	}
	tbl.Close()
	if _, _, err := sheet.Open(context.Background(), bytes.NewReader(data), int64(len(data)), "Tidak Ada"); siapekspor.KeyOf(err) != "import.no_sheet" {
		t.Errorf("a missing sheet: %v", err)
	}
}

func TestPhoneOfCell(t *testing.T) {
	for in, want := range map[string][2]string{
		"0812-3456-7890":                     {"+6281234567890", ""},
		"0812-3456-7890 / 0813-1111-2222":    {"+6281234567890", "+6281311112222"},
		"0812 3456 7890, 0721 123456":        {"+6281234567890", "+62721123456"},
		"0812345678 (WA)":                    {"+62812345678", ""},
		"HP: 0812-3456-7890":                 {"+6281234567890", ""},
		"Telp. (0721) 123456":                {"+62721123456", ""},
		"0812-3456-7890 atau 0813-1111-2222": {"+6281234567890", ""},
		"0721-123456/123457":                 {"+62721123456", ""},
		"tidak punya HP":                     {"tidak punya HP", ""},
		"0812":                               {"0812", ""},
	} {
		got, others, _ := phoneOfCell(in)
		if got != want[0] || strings.Join(others, ",") != want[1] {
			t.Errorf("phoneOfCell(%q) = %q %v, want %v", in, got, others, want)
		}
	}
	if got, _, _ := phoneOfCell(strings.Repeat("0812-3456-7890 / ", 100)); got == "+6281234567890" {
		t.Error("a cell longer than a few numbers was looked into")
	}
	// In a row: the note says what was taken; the row is imported.
	data := []byte("Nama Usaha,Kabupaten,No HP\nKopi,Metro,HP: 0812-3456-7890 / 0721 123456\n")
	_, rows, err := readAll(t, data, Options{})
	if err != nil || rows[0].Enterprise == nil || rows[0].Enterprise.Phone != "+6281234567890" {
		t.Fatalf("%v %+v", err, rows)
	}
	noted := false
	for _, g := range rows[0].Guesses {
		noted = noted || g.Key == "import.guess_phone_first"
	}
	if !noted {
		t.Errorf("notes %+v", rows[0].Guesses)
	}
}

func TestEmailOfCell(t *testing.T) {
	for in, want := range map[string][2]string{
		"kopi@example.id":                  {"kopi@example.id", ""},
		"kopi@example.id / sri@example.id": {"kopi@example.id", "sri@example.id"},
		"Email: kopi@example.id":           {"kopi@example.id", ""},
		"kopi@example.id, sri@example.id":  {"kopi@example.id", "sri@example.id"},
		"<kopi@example.id>":                {"kopi@example.id", ""},
		"kopi@example .id":                 {"kopi@example .id", ""},
		"tidak ada":                        {"tidak ada", ""},
	} {
		got, others, _ := emailOfCell(in)
		if got != want[0] || strings.Join(others, ",") != want[1] {
			t.Errorf("emailOfCell(%q) = %q %v, want %v", in, got, others, want)
		}
	}
}

func TestUnlabelledID(t *testing.T) {
	for in, want := range map[string]string{
		"9120000000101": "9120000000101", "NIB: 9120000000101": "9120000000101", "NIB:9120000000101": "9120000000101",
		"No. NIK 1872045508790002": "1872045508790002", "nik 1872045508790002": "1872045508790002", "9120000000102 (OSS)": "9120000000102",
		"NPWP: 01.234.567.8-901.000": "01.234.567.8-901.000", "belum ada": "belum ada", "NIBX 9120000000101": "NIBX 9120000000101",
		"NIB": "NIB", "9120000000101 (2)": "9120000000101 (2)", "": "",
	} {
		if got := unlabelledID(in); got != want {
			t.Errorf("unlabelledID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseWorkers(t *testing.T) {
	for in, want := range map[string][2]int{
		"4": {4, workersPlain}, "4 orang": {4, workersPlain}, "4 org": {4, workersPlain}, "1.200": {1200, workersPlain}, "2 (dua)": {2, workersPlain},
		"± 5": {5, workersApprox}, "±5": {5, workersApprox}, "sekitar 12 orang": {12, workersApprox}, "kurang lebih 7": {7, workersApprox},
		"L:3 P:2": {5, workersSum}, "L = 3, P = 2": {5, workersSum}, "3 L / 2 P": {5, workersSum}, "3L 2P": {5, workersSum},
		"Laki-laki 3, Perempuan 2": {5, workersSum}, "Pria 10 Wanita 15": {25, workersSum}, "0": {0, workersPlain},
	} {
		n, how, ok := parseWorkers(in)
		if !ok || n != want[0] || how != want[1] {
			t.Errorf("parseWorkers(%q) = %d %d %v, want %v", in, n, how, ok, want)
		}
	}
	for _, bad := range []string{"5-10", "tiga", "1.5", "L:3", "3 2", "L:3 L:2", "-4", "± lima", "sekitar", "L:3 P:2 W:1", "12 orang 3"} {
		if n, _, ok := parseWorkers(bad); ok {
			t.Errorf("parseWorkers(%q) = %d", bad, n)
		}
	}
}

func TestParseYear(t *testing.T) {
	for in, want := range map[string]int{"2015": 2015, "17/08/2020": 2020, "2020-08-17": 2020, "43466": 2019, "1/2/2003": 2003,
		"17 Agustus 2020": 2020, "17-Agu-15": 2015, "17-Agu-99": 1999, "Maret 2011": 2011, "th. 2009": 2009, "Tahun 2009": 2009,
		"sejak 2012": 2012, "August 17, 2020": 2020, "1 Mei 2018": 2018, "Des 2001": 2001, "thn 2010": 2010} {
		if got, ok := parseYear(in); !ok || got != want {
			t.Errorf("parseYear(%q) = %d %v", in, got, ok)
		}
	}
	for _, bad := range []string{"kemarin", "99", "30/02/2020", "2010-an", "±2009", "th. 2009 Agustus", "17 2020", "Agustus", "tahun", "32 Mei 2018",
		"Mei 1850", "17 Agustus 2020 2021", "kira-kira 2009"} {
		if _, ok := parseYear(bad); ok {
			t.Errorf("parseYear(%q) accepted", bad)
		}
	}
}
