package bulk_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// importBytes imports data; the same bytes may be imported again (Force):
// these tests are about what becomes of the rows.
func importBytes(t *testing.T, db *store.DB, data string, dups string, dry bool) *bulk.Report {
	t.Helper()
	rep, err := bulk.Import(sysCtx, db, bulk.ImportRequest{File: strings.NewReader(data), Size: int64(len(data)), FileName: "t.csv",
		Duplicates: dups, DryRun: dry, Province: "18", Force: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func total(t *testing.T, db *store.DB) int {
	p, err := db.ListEnterprises(sysCtx, siapekspor.EnterpriseFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return p.Total
}

func TestImportDryRunDuplicatesAndUndo(t *testing.T) {
	sample, _ := os.ReadFile("../../samples/umkm-lampung-selatan.csv")
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		dry := importBytes(t, db, string(sample), "", true)
		if dry.Result.Inserted != 3 || dry.Result.ID != 0 || total(t, db) != 0 {
			t.Fatalf("dry run stored something: %+v, %d in registry", dry.Result, total(t, db))
		}
		first := importBytes(t, db, string(sample), "", false)
		if first.Result.Inserted != 3 || total(t, db) != 3 {
			t.Fatalf("first import: %+v", first.Result)
		}
		// The same file again: every row is a duplicate by NIB.
		again := importBytes(t, db, string(sample), store.DupSkip, false)
		if again.Result.Inserted != 0 || again.Result.Skipped != 3 || len(again.Result.Duplicates) != 3 || again.Result.Duplicates[0].By != "nib" || again.Result.Duplicates[0].ExistingID == 0 {
			t.Fatalf("re-import with skip: %+v", again.Result)
		}
		// Update: the file's values overwrite, empty cells do not erase.
		changed := strings.Replace(string(sample), "Rp 600.000.000", "Rp 900.000.000", 1)
		upd := importBytes(t, db, changed, store.DupUpdate, false)
		if upd.Result.Updated != 3 {
			t.Fatalf("update: %+v", upd.Result)
		}
		page, _ := db.ListEnterprises(sysCtx, siapekspor.EnterpriseFilter{Query: "hajimena"})
		if page.Items[0].AnnualTurnover != 900_000_000 || page.Items[0].Email == "" {
			t.Errorf("after update: %+v", page.Items[0])
		}
		// Undo the update: the earlier values come back.
		if _, err := db.UndoImport(sysCtx, upd.Result.ID); err != nil {
			t.Fatal(err)
		}
		page, _ = db.ListEnterprises(sysCtx, siapekspor.EnterpriseFilter{Query: "hajimena"})
		if page.Items[0].AnnualTurnover != 600_000_000 {
			t.Errorf("after undo: %d", page.Items[0].AnnualTurnover)
		}
		if _, err := db.UndoImport(sysCtx, upd.Result.ID); siapekspor.ErrorCodeOf(err) != siapekspor.EConflict {
			t.Errorf("undo twice: %v", err)
		}
		// An import whose record was edited afterwards cannot be undone.
		e := page.Items[0]
		full, _ := db.Enterprise(sysCtx, e.ID)
		full.Notes = "diubah petugas"
		if err := db.UpdateEnterprise(sysCtx, full); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UndoImport(sysCtx, first.Result.ID); siapekspor.ErrorCodeOf(err) != siapekspor.EConflict {
			t.Errorf("undo after an edit: %v", err)
		}
		if total(t, db) != 3 {
			t.Errorf("a refused undo changed the registry")
		}
		imports, _ := db.ListImports(sysCtx, 10)
		if len(imports) != 3 || imports[0].FileSHA256 == "" || imports[2].Inserted != 3 {
			t.Errorf("import records: %+v", imports)
		}
	})
}

func TestImportUndoDeletesNewRows(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	sample, _ := os.ReadFile("../../samples/ikm-metro-berantakan.csv")
	rep := importBytes(t, db, string(sample), "", false)
	if rep.Result.Inserted != 3 || rep.Result.Rejected != 2 {
		t.Fatalf("%+v", rep.Result)
	}
	if _, err := db.UndoImport(sysCtx, rep.Result.ID); err != nil {
		t.Fatal(err)
	}
	if total(t, db) != 0 {
		t.Errorf("%d left after undo", total(t, db))
	}
	var buf bytes.Buffer
	if err := bulk.WriteRejected(&buf, i18n.ID, rep); err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(&buf).ReadAll()
	if len(rows) != 3 || rows[1][0] != "8" || !strings.Contains(rows[1][1], "Wajib diisi") || rows[2][0] != "9" {
		t.Errorf("rejected CSV: %q", rows)
	}
}

func TestDuplicatesWithinTheFile(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	// The same NIB is the same enterprise: skipped, or kept as asked.
	data := "Nama Usaha,NIB,Kabupaten,Kecamatan,Desa\nKopi Jaya,9120000000101,Lampung Selatan,Natar,Hajimena\nKopi Jaya Abadi,9120000000101,Lampung Selatan,Natar,Hajimena\n"
	rep := importBytes(t, db, data, store.DupSkip, false)
	if rep.Result.Inserted != 1 || rep.Result.Skipped != 1 || rep.Result.Duplicates[0].EarlierLine != 2 || rep.Result.Duplicates[0].By != "nib" {
		t.Errorf("skip: %+v", rep.Result)
	}
	// The same name alone is a possible duplicate: imported, and listed.
	data = "Nama Usaha,Kabupaten,Kecamatan,Desa\nKopi Jaya,Lampung Selatan,Natar,Hajimena\nKOPI JAYA,Lampung Selatan,Natar,Hajimena\n"
	rep = importBytes(t, storetest.Open(t, "sqlite"), data, store.DupSkip, false)
	if rep.Result.Inserted != 2 || rep.Result.Skipped != 0 || rep.Result.Possible != 1 || rep.Result.PossibleDuplicates[0].EarlierLine != 2 {
		t.Errorf("possible: %+v", rep.Result)
	}
}

func TestExportNeutralisesFormulasAndMasks(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	e := &siapekspor.Enterprise{Name: "=HYPERLINK(\"http://x\")", LegalForm: siapekspor.LegalUD, RegencyCode: "18.01", DistrictCode: "18.01.04",
		OwnerName: "+Sri", OwnerNIK: "1801041203800002", NPWP: "012345678901000", Capital: 150_000_000, KBLI: []siapekspor.KBLICode{{Version: "2020", Code: "10794"}}}
	if err := db.CreateEnterprise(sysCtx, e); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	n, err := bulk.Export(sysCtx, db, siapekspor.EnterpriseFilter{}, "csv", &buf)
	if err != nil || n != 1 {
		t.Fatal(n, err)
	}
	rows, _ := csv.NewReader(&buf).ReadAll()
	if rows[1][1] != `'=HYPERLINK("http://x")` || rows[1][6] != "'+Sri" || rows[1][5] != "10794" || rows[1][17] != "150000000" || rows[1][4] != "012345678901000" {
		t.Errorf("csv row %q", rows[1])
	}
	if rows[0][1] != "Nama Usaha" || rows[0][4] != "NPWP" || rows[0][13] != "Kabupaten/Kota" {
		t.Errorf("headers %q", rows[0])
	}
	// A viewer's export carries masked personal data; an admin's is audited.
	viewer := siapekspor.WithActor(sysCtx, siapekspor.Actor{Label: "viewer@x", Role: siapekspor.RoleViewer})
	buf.Reset()
	bulk.Export(viewer, db, siapekspor.EnterpriseFilter{}, "csv", &buf)
	if strings.Contains(buf.String(), "1801041203800002") || strings.Contains(buf.String(), "012345678901000") {
		t.Error("a viewer's export shows the NIK or the UD's NPWP (the owner's)")
	}
	audits, _, _ := db.ListAudit(sysCtx, store.AuditFilter{Action: "export"})
	if len(audits) != 1 {
		t.Errorf("%d export audit entries, want 1 (the admin's, not the masked one)", len(audits))
	}
	// XLSX: numbers as numbers, text stays text.
	buf.Reset()
	if _, err := bulk.Export(sysCtx, db, siapekspor.EnterpriseFilter{}, "xlsx", &buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	typ, _ := f.GetCellType("Sheet1", "R2")
	formula, _ := f.GetCellFormula("Sheet1", "B2")
	if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || formula != "" {
		t.Errorf("capital cell type %v, name formula %q", typ, formula)
	}
}

// An import cancelled after it has written rows (a closed browser tab, a
// server shutting down) stores nothing, on both engines.
func TestImportCancelledMidwayChangesNothing(t *testing.T) {
	var buf bytes.Buffer
	if err := demo.WriteCSV(&buf, "18", 5000, 9); err != nil {
		t.Fatal(err)
	}
	sample, _ := os.ReadFile("../../samples/umkm-lampung-selatan.csv")
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importBytes(t, db, string(sample), "", false)
		imports, _ := db.ListImports(sysCtx, 100)
		ctx, cancel := context.WithCancel(sysCtx)
		defer cancel()
		_, err := bulk.Import(ctx, db, bulk.ImportRequest{File: bytes.NewReader(buf.Bytes()), Size: int64(buf.Len()), FileName: "besar.csv", Province: "18",
			Writing: func(done, total int) {
				if done >= 4000 { // two batches of 2,000 written in the transaction by now
					cancel()
				}
			}}, nil)
		if err == nil {
			t.Fatal("a cancelled import reported success")
		}
		after, _ := db.ListImports(sysCtx, 100)
		if n := total(t, db); n != 3 || len(after) != len(imports) {
			t.Errorf("after a cancelled import: %d enterprises (want 3), %d imports (want %d)", n, len(after), len(imports))
		}
	})
}

// TestImportUnicodeText: a list saved by Excel as "Unicode Text" (UTF-16,
// tab-separated) is stored as its UTF-8 twin is, names intact.
func TestImportUnicodeText(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	text := "Nama Usaha\tKabupaten\tKecamatan\tDesa\r\nKopi Café Liwa\tLampung Selatan\tNatar\tHajimena\r\nTapis Ratu\tMetro\t\t\r\n"
	data := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(text)) {
		data = binary.LittleEndian.AppendUint16(data, u)
	}
	rep := importBytes(t, db, string(data), store.DupSkip, false)
	if rep.Result.Inserted != 2 || rep.RejectedRows != 0 {
		t.Fatalf("%+v rejected %d", rep.Result, rep.RejectedRows)
	}
	p, err := db.ListEnterprises(sysCtx, siapekspor.EnterpriseFilter{Query: "Café"})
	if err != nil || p.Total != 1 || p.Items[0].Name != "Kopi Café Liwa" || p.Items[0].VillageCode == "" {
		t.Errorf("stored: %v %+v", err, p)
	}
}

// TestImportFindsTheListSheet: a workbook whose first sheet is its
// instructions is read from the first sheet after it that holds a list,
// and the report names it; a sheet asked for by name, or a workbook with
// no list anywhere, keeps the first sheet's error.
func TestImportFindsTheListSheet(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	book := func(sheets ...[][]any) []byte {
		f := excelize.NewFile()
		for i, rows := range sheets {
			name := fmt.Sprintf("Lembar %d", i+1)
			if i == 0 {
				f.SetSheetName("Sheet1", name)
			} else {
				f.NewSheet(name)
			}
			for j, row := range rows {
				f.SetSheetRow(name, fmt.Sprintf("A%d", j+1), &row)
			}
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	cover := [][]any{{"PETUNJUK PENGISIAN"}, {"1. Isi nama usaha sesuai NIB"}}
	summary := [][]any{{"Kabupaten", "Jumlah"}, {"Lampung Selatan", 1}}
	list := [][]any{{"Nama Usaha", "Kabupaten", "Kecamatan", "Desa"}, {"Kopi Hajimena", "Lampung Selatan", "Natar", "Hajimena"}}
	run := func(data []byte, sheetName string) (*bulk.Report, error) {
		return bulk.Import(sysCtx, db, bulk.ImportRequest{File: bytes.NewReader(data), Size: int64(len(data)), FileName: "t.xlsx",
			Province: "18", Sheet: sheetName, DryRun: true, Force: true}, nil)
	}
	rep, err := run(book(cover, summary, list), "")
	if err != nil || rep.Sheet != "Lembar 3" || rep.Result.Inserted != 1 {
		t.Fatalf("cover, summary, list: %v %+v", err, rep)
	}
	if rep, err := run(book(list, cover), ""); err != nil || rep.Sheet != "" || rep.Result.Inserted != 1 {
		t.Errorf("the list first: %v %+v", err, rep)
	}
	if _, err := run(book(cover, summary, list), "Lembar 1"); siapekspor.KeyOf(err) != "import.no_header" {
		t.Errorf("the cover asked for: %v", err)
	}
	if _, err := run(book(cover, cover), ""); siapekspor.KeyOf(err) != "import.no_header" {
		t.Errorf("no list anywhere: %v", err)
	}
	// A hidden first sheet (an old list, kept out of sight) is not the
	// first sheet the office sees: the shown one is read.
	old := [][]any{{"Nama Usaha", "Kabupaten"}, {"Usaha Lama", "Metro"}, {"Usaha Lama Dua", "Metro"}}
	hidden := book(old, list)
	f, err := excelize.OpenReader(bytes.NewReader(hidden))
	if err != nil {
		t.Fatal(err)
	}
	f.SetActiveSheet(1)
	if err := f.SetSheetVisible("Lembar 1", false); err != nil {
		t.Fatal(err)
	}
	var hb bytes.Buffer
	f.Write(&hb)
	if rep, err := run(hb.Bytes(), ""); err != nil || rep.Result.Inserted != 1 || rep.Rows != 1 {
		t.Errorf("a hidden first sheet: %v %+v", err, rep)
	}
	// Products too.
	products := [][]any{{"NIB", "Nama Produk", "Kode HS"}, {"9120000000101", "Kopi Bubuk", "'0901.21"}}
	data := book(cover, products)
	prep, err := bulk.ImportProducts(sysCtx, db, bulk.TableImportRequest{File: bytes.NewReader(data), Size: int64(len(data)), FileName: "p.xlsx", DryRun: true})
	if err != nil || prep.Sheet != "Lembar 2" || prep.Rows != 1 {
		t.Errorf("products: %v %+v", err, prep)
	}
}

// TestCountryCode: an export record's destination reads as the export
// statistics' tables read it, Indonesian abbreviations included.
func TestCountryCode(t *testing.T) {
	for in, want := range map[string]string{"Jepang": "JPN", "jpn": "JPN", "JP": "JPN", "Korsel": "KOR", "UEA": "ARE", "AS": "USA",
		"Amerika Serikat (AS)": "USA", "RRT": "CHN", "Belanda": "NLD", " Arab  Saudi ": "SAU", "XYZ": "", "Atlantis": ""} {
		got, ok := bulk.CountryCode(in)
		if got != want || ok != (want != "") {
			t.Errorf("CountryCode(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
}
