package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportMonthlyCommand: bad months refused in Indonesian with the
// English, naming --month, nothing written; a good month written as PDF and
// XLSX.
func TestReportMonthlyCommand(t *testing.T) {
	dir := t.TempDir()
	if _, errOut, err := runCLI(t, "demo", "--data-dir", dir, "--enterprises", "300"); err != nil {
		t.Fatalf("demo: %v %s", err, errOut)
	}
	outDir := t.TempDir()
	pdf := filepath.Join(outDir, "r.pdf")
	for _, c := range []struct {
		month, out string
		want       []string
	}{
		{"2099-01", pdf, []string{"--month: Bulan 2099-01 belum tiba", "(Month 2099-01 has not come yet"}},
		{"2026-13", pdf, []string{"--month: Bulan \"2026-13\" tidak dikenal", "YYYY-MM"}},
		{"nov", pdf, []string{"--month: Bulan \"nov\"", "is not known"}},
		{"2000-01", pdf, []string{"--month: Bulan 2000-01 sebelum data pertama", "before the first data"}},
		{"2000-01", filepath.Join(outDir, "r.docx"), []string{"--out: Tulis --out FILE.pdf", "(Write --out"}},
	} {
		_, _, err := runCLI(t, "report", "monthly", "--data-dir", dir, "--month", c.month, "--out", c.out)
		for _, w := range c.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %v, want %q", c.month, err, w)
			}
		}
	}
	if ents, _ := os.ReadDir(outDir); len(ents) != 0 {
		t.Fatalf("a refused report left %v", ents)
	}
	for _, name := range []string{"r.pdf", "r.xlsx"} {
		out, errOut, err := runCLI(t, "report", "monthly", "--data-dir", dir, "--out", filepath.Join(outDir, name))
		if err != nil {
			t.Fatalf("%s: %v %s", name, err, errOut)
		}
		if !strings.Contains(out, "Monthly report") {
			t.Errorf("%s: %q", name, out)
		}
	}
	b, err := os.ReadFile(pdf)
	if err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("the PDF: %v", err)
	}
	if ents, _ := os.ReadDir(outDir); len(ents) != 2 {
		t.Errorf("left behind: %v", ents)
	}
}
