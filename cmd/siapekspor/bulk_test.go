package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportExportDemoCommands(t *testing.T) {
	dir := t.TempDir()
	// Two of the sample's rows are refused: the run says so, and exits 3.
	out, _, err := runCLI(t, "import", "enterprises", "../../samples/ikm-metro-berantakan.csv", "--data-dir", dir, "--province", "18", "--dry-run")
	if exitCode(err) != exitRefusedRows || !strings.Contains(out, "dry run, nothing stored; would import 3 new") || !strings.Contains(out, "ikm-metro-berantakan.csv:8: B (NAMA  IKM): Required.") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	rejected := filepath.Join(dir, "rejected.csv")
	out, _, err = runCLI(t, "import", "enterprises", "--data-dir", dir, "--province", "18", "--rejected", rejected, "--map", "../../samples/mapping-metro.json", "../../samples/ikm-metro-berantakan.csv")
	if exitCode(err) != exitRefusedRows || !strings.Contains(err.Error(), "2 of 5 rows were rejected") || !strings.Contains(out, "imported 3 new") || !strings.Contains(out, "import 1 recorded") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if b, _ := os.ReadFile(rejected); !strings.Contains(string(b), "Gotham City") {
		t.Errorf("rejected file: %s", b)
	}
	if _, _, err := runCLI(t, "import", "enterprises", "../../samples/README.md", "--data-dir", dir); err == nil || !strings.Contains(err.Error(), "header") {
		t.Errorf("a file without a header: %v", err)
	}
	if _, _, err := runCLI(t, "import", "enterprises", "../../samples/umkm-lampung-selatan.csv", "--data-dir", dir, "--sheet", "Data"); err == nil {
		t.Error("a sheet for a CSV file was accepted")
	}
	xlsx := filepath.Join(dir, "metro.xlsx")
	out, _, err = runCLI(t, "export", "enterprises", "--data-dir", dir, "--regency", "18.72", "--out", xlsx)
	if err != nil || !strings.Contains(out, "3 enterprises written") {
		t.Fatalf("export: %v %s", err, out)
	}
	// The exported workbook imports back: every row is a duplicate.
	out, _, err = runCLI(t, "import", "enterprises", xlsx, "--data-dir", dir, "--province", "18")
	if err != nil || !strings.Contains(out, "3 skipped") {
		t.Errorf("re-import of the export: %v\n%s", err, out)
	}
	csvFile := filepath.Join(dir, "demo.csv")
	if out, _, err := runCLI(t, "demo", "--enterprises", "500", "--seed", "7", "--csv", csvFile); err != nil || !strings.Contains(out, "500 synthetic") {
		t.Fatalf("demo --csv: %v %s", err, out)
	}
	out, _, err = runCLI(t, "import", "enterprises", csvFile, "--data-dir", dir, "--province", "18")
	if err != nil || !strings.Contains(out, "imported 500 new") {
		t.Errorf("importing the demo CSV: %v\n%s", err, out)
	}
	if out, _, err := runCLI(t, "demo", "--enterprises", "300", "--data-dir", dir); err != nil || !strings.Contains(out, "300 synthetic enterprises and 300 products added") {
		t.Errorf("demo: %v %s", err, out)
	}
}

func TestProductImportAndCatalogExportCommands(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := runCLI(t, "import", "enterprises", "../../samples/umkm-lampung-selatan.csv", "--data-dir", dir, "--province", "18"); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.csv")
	good, _ := os.ReadFile("../../samples/produk-lampung-selatan.csv")
	os.WriteFile(bad, append(append([]byte{}, good...), "9120000000103,Sulam Usus,,,999999,,kg,-5,,,,,,\n"...), 0o600)
	out, _, err := runCLI(t, "import", "products", bad, "--data-dir", dir)
	if err == nil || !strings.Contains(err.Error(), "no product was stored") || !strings.Contains(out, "bad.csv:5: E (Kode HS):") || !strings.Contains(out, "bad.csv:5: H (Kapasitas per Bulan):") {
		t.Fatalf("bad file: %v\n%s", err, out)
	}
	// Values as offices write them: read, each reading printed as a note.
	messy := filepath.Join(dir, "messy.csv")
	os.WriteFile(messy, []byte("NIB,Nama Produk,Kode HS,Satuan,Kapasitas per Bulan,Masa Simpan\n9120000000103,Keripik Uji,200899,,50 kg per hari,6 bulan\n"), 0o600)
	out, _, err = runCLI(t, "import", "products", messy, "--data-dir", dir, "--dry-run", "--lang", "en")
	if err != nil || !strings.Contains(out, `messy.csv:2: note: E (Kapasitas per Bulan) "50 kg per hari" → 50 a day × 30 = 1,500 a month`) || !strings.Contains(out, "read as 180 days") {
		t.Errorf("messy values: %v\n%s", err, out)
	}
	out, _, err = runCLI(t, "import", "products", "../../samples/produk-lampung-selatan.csv", "--data-dir", dir)
	if err != nil || !strings.Contains(out, "3 products imported") {
		t.Fatalf("import products: %v\n%s", err, out)
	}
	xlsx := filepath.Join(dir, "produk.xlsx")
	if out, _, err := runCLI(t, "export", "products", "--data-dir", dir, "--hs", "09", "--out", xlsx); err != nil || !strings.Contains(out, "2 products written") {
		t.Errorf("export products: %v %s", err, out)
	}
	if out, _, err := runCLI(t, "export", "certificates", "--data-dir", dir, "--out", filepath.Join(dir, "c.csv")); err != nil || !strings.Contains(out, "0 certificates written") {
		t.Errorf("export certificates: %v %s", err, out)
	}
}

// A file already imported is refused before anything is done (exit 4)
// unless --force; its dry run warns; a run that refuses rows exits 3 and
// says why; one whose rows are all in or deliberately skipped exits 0.
func TestImportExitStatusAndSameFile(t *testing.T) {
	dir := t.TempDir()
	sample := "../../samples/umkm-lampung-selatan.csv"
	if out, _, err := runCLI(t, "import", "enterprises", sample, "--data-dir", dir, "--province", "18"); err != nil || !strings.Contains(out, "imported 3 new") {
		t.Fatalf("first import: %v\n%s", err, out)
	}
	out, _, err := runCLI(t, "import", "enterprises", sample, "--data-dir", dir, "--province", "18")
	if exitCode(err) != exitAlreadyImported || !strings.Contains(err.Error(), "was imported already on") || !strings.Contains(err.Error(), "(import #1)") || strings.Contains(out, "recorded") {
		t.Fatalf("the same file again: exit %d %v\n%s", exitCode(err), err, out)
	}
	out, _, err = runCLI(t, "import", "enterprises", sample, "--data-dir", dir, "--province", "18", "--dry-run")
	if err != nil || !strings.Contains(out, "warning: This very file was imported already") || !strings.Contains(out, "3 skipped") {
		t.Fatalf("dry run of the same file: %v\n%s", err, out)
	}
	out, _, err = runCLI(t, "import", "enterprises", sample, "--data-dir", dir, "--province", "18", "--force")
	if err != nil || !strings.Contains(out, "0 new") || !strings.Contains(out, "3 skipped") || !strings.Contains(out, "import 2 recorded") {
		t.Fatalf("--force: %v\n%s", err, out)
	}
	// Refused rows: exit 3, and the reason on the error line.
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("Nama Usaha,Kabupaten\nKopi Baru,Lampung Selatan\nKopi Hilang,Gotham City\n"), 0o600)
	_, _, err = runCLI(t, "import", "enterprises", bad, "--data-dir", dir, "--province", "18")
	if exitCode(err) != exitRefusedRows || !strings.Contains(err.Error(), "1 of 2 rows were rejected (exit status 3)") {
		t.Fatalf("a file with a refused row: exit %d %v", exitCode(err), err)
	}
	if exitCode(errors.New("other")) != 1 {
		t.Error("a plain failure does not exit 1")
	}
}
