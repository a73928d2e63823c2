package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportExportsCommand(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := runCLI(t, "import", "enterprises", "../../samples/umkm-lampung-selatan.csv", "--data-dir", dir, "--province", "18"); err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o600)
		return p
	}
	head := "NIB,Kode HS,Negara Tujuan,Tanggal Ekspor,Nomor PEB,Nilai (USD),Kurs\n"
	bad := write("bad.csv", head+"9120000000102,090121,Jepang,2025-03-04,000123,\"12.500\",15.800\n"+
		"9120000000102,090121,,2025-05-04,000124,1000,15800\n"+
		"9120000000102,090121,Belanda,2025-06-04,000123,1000,15800\n"+
		"9120000000102,090121,Belanda,2099-06-04,000125,1000,\n")
	out, _, err := runCLI(t, "import", "exports", bad, "--data-dir", dir, "--lang", "id")
	for _, want := range []string{"bad.csv:3: C (Negara Tujuan): Wajib diisi.", "bad.csv:4: E (Nomor PEB): Nomor PEB 000123 sudah tercatat",
		"bad.csv:5: D (Tanggal Ekspor): Tanggal tidak boleh di masa depan.", "bad.csv:5: G (Kurs):"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	if err == nil || !strings.Contains(err.Error(), "no export record was stored") {
		t.Fatalf("a bad file must fail the command: %v", err)
	}
	// In English when the environment says nothing else.
	if out, _, _ := runCLI(t, "import", "exports", bad, "--data-dir", dir); !strings.Contains(out, "bad.csv:3: C (Negara Tujuan): Required.") {
		t.Errorf("English report:\n%s", out)
	}
	good := write("good.csv", head+"9120000000102,090121,Jepang,2025-03-04,000123,\"12.500\",15.800\n9120000000102,090121,JPN,2026-01-10,000124,800,16000\n")
	out, _, err = runCLI(t, "import", "exports", good, "--data-dir", dir)
	if err != nil || !strings.Contains(out, "2 export records imported") {
		t.Fatalf("import exports: %v\n%s", err, out)
	}
	if out, _, err := runCLI(t, "import", "exports", good, "--data-dir", dir); err == nil || !strings.Contains(out, "000123") {
		t.Errorf("the same declarations again: %v\n%s", err, out)
	}
	if out, _, err := runCLI(t, "import", "exports", "../../samples/ekspor-lampung-selatan.csv", "--data-dir", dir); err != nil || !strings.Contains(out, "3 export records imported") {
		t.Errorf("the sample file: %v\n%s", err, out)
	}
}
