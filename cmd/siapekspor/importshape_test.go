package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An office's list with a title, a two-row header, a numbering row and a
// total: the dry run names the header's lines, the column no field takes
// and every row set aside.
func TestImportOfficeShapeCommand(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "office.csv")
	os.WriteFile(file, []byte(`DAFTAR IKM KABUPATEN LAMPUNG SELATAN,,,,,,
No,Nama Usaha,Nama Pemilik,ALAMAT,,,Keterangan
,,,Desa/Kelurahan,Kecamatan,Kabupaten/Kota,
1,2,3,4,5,6,7
1,Keripik Pisang Hajimena,Sri Wahyuni,Hajimena,Natar,Lampung Selatan,binaan 2024
,JUMLAH,,,,,1
`), 0o600)
	out, _, err := runCLI(t, "import", "enterprises", file, "--data-dir", dir, "--province", "18", "--dry-run")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, want := range []string{"office.csv:2-3: header", "office.csv: column G (Keterangan) not used", `office.csv:1: skipped, title or its repeat on a later page: "DAFTAR IKM KABUPATEN LAMPUNG SELATAN"`,
		"office.csv:4: skipped, row numbering the columns", `office.csv:6: skipped, total or sub-total row (JUMLAH): "JUMLAH | 1"`, "would import 1 new"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	// The header's rows as the user names them: with only line 2, the
	// sub-headings on line 3 are a row without a name, refused (exit 3).
	if out, _, err := runCLI(t, "import", "enterprises", file, "--data-dir", dir, "--province", "18", "--dry-run", "--header-rows", "2"); err == nil || !strings.Contains(out, "office.csv:2: header") || !strings.Contains(out, "office.csv:3: B (Nama Usaha)") {
		t.Errorf("--header-rows 2: %v\n%s", err, out)
	}
	if out, _, err := runCLI(t, "import", "enterprises", file, "--data-dir", dir, "--province", "18", "--dry-run", "--header-rows", "2-3"); err != nil || !strings.Contains(out, "would import 1 new") {
		t.Errorf("--header-rows 2-3: %v\n%s", err, out)
	}
	if _, _, err := runCLI(t, "import", "enterprises", file, "--data-dir", dir, "--header-rows", "3-9"); err == nil || !strings.Contains(err.Error(), "3-9") {
		t.Errorf("--header-rows 3-9: %v", err)
	}
}
