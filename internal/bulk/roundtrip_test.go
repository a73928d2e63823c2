package bulk_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// records lists a registry's enterprises by name, as the values an import
// file carries (ids, times and derived figures left out).
func records(t *testing.T, db *store.DB) []string {
	t.Helper()
	var out []string
	err := db.EachEnterprise(sysCtx, siapekspor.EnterpriseFilter{Sort: siapekspor.SortName}, func(e *siapekspor.Enterprise) error {
		var kbli []string
		for _, k := range e.KBLI {
			kbli = append(kbli, k.Code)
		}
		out = append(out, fmt.Sprintf("%s|%s|%s|%s|%v|%s|%s|%s|%s|%s|%s/%s/%s|%s|%d|%d|%d|%d|%s|%s",
			e.Name, e.LegalForm, e.NIB, e.NPWP, kbli, e.OwnerName, e.OwnerNIK, e.Phone, e.Email, e.Address,
			e.RegencyCode, e.DistrictCode, e.VillageCode, e.Sector, e.Workers, e.Capital, e.AnnualTurnover, e.FoundedYear, e.ExportStatus, e.MainProducts))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The enterprise export, as CSV and as XLSX, imports back as it is: into an
// empty registry it makes the same records (the phone numbers the CSV
// guards against formulas included), and into its own registry every row
// is the record it came from — none new, none a possible duplicate.
func TestExportImportsBackAsItIs(t *testing.T) {
	sample, _ := os.ReadFile("../../samples/umkm-lampung-selatan.csv")
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importBytes(t, db, string(sample), "", false)
		// One without NIB, NIK, village or year, a leading minus in its
		// address and a formula-like owner name.
		e := &siapekspor.Enterprise{Name: "Tapis Bu Ani", LegalForm: siapekspor.LegalPerorangan, RegencyCode: "18.01",
			OwnerName: "@ani", Address: "-Blok A/3", Phone: "+62 812 3456 7890", Sector: "craft", Workers: 2,
			MainProducts: "Kain tapis, selendang"}
		if err := db.CreateEnterprise(sysCtx, e); err != nil {
			t.Fatal(err)
		}
		want := records(t, db)
		for _, format := range []string{"csv", "xlsx"} {
			var buf bytes.Buffer
			if n, err := bulk.Export(sysCtx, db, siapekspor.EnterpriseFilter{}, format, &buf); err != nil || n != 4 {
				t.Fatalf("%s export: %d %v", format, n, err)
			}
			if format == "csv" && !strings.Contains(buf.String(), "'+62") {
				t.Fatalf("the CSV does not guard the phone numbers: %s", buf.String())
			}
			if format == "xlsx" {
				// NIB, NIK and phone are text cells, never numbers Excel would round.
				f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
				if err != nil {
					t.Fatal(err)
				}
				for _, cell := range []string{"D2", "H2", "I2"} {
					typ, _ := f.GetCellType("Sheet1", cell)
					if v, _ := f.GetCellValue("Sheet1", cell); v == "" || (typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString) {
						t.Errorf("XLSX cell %s %q is of type %v, not text", cell, v, typ)
					}
				}
			}
			fresh := storetest.Open(t, db.Engine())
			rep := importBytes(t, fresh, buf.String(), "", false)
			if rep.Result.Inserted != 4 || rep.Result.Rejected != 0 || rep.Result.Possible != 0 {
				t.Fatalf("%s into an empty registry: %+v %+v", format, rep.Result, rep.Problems)
			}
			if got := records(t, fresh); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s round trip:\n got %q\nwant %q", format, got, want)
			}
			again := importBytes(t, db, buf.String(), "", false)
			if r := again.Result; r.Inserted != 0 || r.Skipped != 4 || r.Possible != 0 {
				t.Errorf("%s into its own registry: %+v", format, r)
			}
		}
	})
}

// The rejected-rows file says why each row was refused, in the user's
// language and with the original line; fixed, it imports, its report
// columns ignored.
func TestRejectedRowsFixedImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		data := "Nama Usaha,No HP,Kabupaten,Catatan\nKopi Satu,+62 812 1111 2222,Lampung Selatan,\nKopi Dua,08123,Lampung Selatan,\nKopi Tiga,+62 813 3333 4444,Gotham City,\n"
		rep := importBytes(t, db, data, "", false)
		if rep.Result.Inserted != 1 || rep.Result.Rejected != 2 {
			t.Fatalf("%+v", rep.Result)
		}
		var buf bytes.Buffer
		if err := bulk.WriteRejected(&buf, i18n.EN, rep); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 || rows[0][0] != "Line in the original file" || rows[0][1] != "Why it was refused" || rows[1][0] != "3" || rows[2][0] != "4" ||
			!strings.Contains(rows[1][1], "phone") || !strings.Contains(rows[2][1], "region") || rows[2][3] != "'+62 813 3333 4444" {
			t.Fatalf("rejected rows: %q", rows)
		}
		// The office fixes the cells (Excel keeps the apostrophe as text).
		rows[1][3] = "0812-3456-7899"
		rows[2][4] = "Lampung Selatan"
		buf.Reset()
		cw := csv.NewWriter(&buf)
		cw.WriteAll(rows)
		fixed := importBytes(t, db, buf.String(), "", false)
		if r := fixed.Result; r.Inserted != 2 || r.Rejected != 0 || len(fixed.Problems) != 0 {
			t.Fatalf("the fixed file: %+v %+v", r, fixed.Problems)
		}
		if h := fixed.Header.Cells; len(h) != 4 || h[0] != "Nama Usaha" {
			t.Errorf("the report columns were read as the file's: %q", h)
		}
		page, _ := db.ListEnterprises(sysCtx, siapekspor.EnterpriseFilter{Query: "kopi tiga"})
		if len(page.Items) != 1 || page.Items[0].Phone != "+6281333334444" || strings.Contains(page.Items[0].Notes, "region") {
			t.Errorf("Kopi Tiga after the fix: %+v", page.Items)
		}
	})
}

// The product template imports as it is (its example row names an
// enterprise of the sample by NIB).
func TestProductTemplateImports(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	sample, _ := os.ReadFile("../../samples/umkm-lampung-selatan.csv")
	importBytes(t, db, string(sample), "", false)
	var buf bytes.Buffer
	if err := bulk.WriteProductTemplate(&buf); err != nil {
		t.Fatal(err)
	}
	rep, err := bulk.ImportProducts(sysCtx, db, bulk.TableImportRequest{File: bytes.NewReader(buf.Bytes()), Size: int64(buf.Len()), FileName: "template.csv", DryRun: true})
	if err != nil || len(rep.Problems) != 0 || rep.Rows != 1 {
		t.Fatalf("%+v %v", rep, err)
	}
}

// The enterprise template (CSV and XLSX) imports as it is: its example row
// is one new enterprise, its phone read through the CSV's formula guard.
func TestEnterpriseTemplateImports(t *testing.T) {
	for _, format := range []string{"csv", "xlsx"} {
		db := storetest.Open(t, "sqlite")
		var buf bytes.Buffer
		if err := bulk.WriteEnterpriseTemplate(format, &buf); err != nil {
			t.Fatal(err)
		}
		rep := importBytes(t, db, buf.String(), "", false)
		if rep.Result.Inserted != 1 || rep.Result.Rejected != 0 {
			t.Errorf("%s template: %+v %+v %+v", format, rep.Result, rep.Problems, rep.Guesses)
		}
		if got := records(t, db); len(got) != 1 || !strings.Contains(got[0], "|+6281234567801|") || !strings.Contains(got[0], "|food|4|150000000|600000000|2015|never") {
			t.Errorf("%s template: %q", format, got)
		}
	}
}
