package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportsCompareCommand: the comparison printed by month with the BPS
// table's figures, written to a file with --out, and bad input refused in
// Indonesian with the English, the flag named.
func TestExportsCompareCommand(t *testing.T) {
	dir := t.TempDir()
	if _, errOut, err := runCLI(t, "import", "statistics", "--data-dir", dir, "--province", "18", "../../internal/demo/data/bps-lampung-2023-2024-sintetis.csv"); err != nil {
		t.Fatalf("import statistics: %v %s", err, errOut)
	}
	out, _, err := runCLI(t, "exports", "compare", "--data-dir", dir, "--province", "18", "--hs", "0901")
	if err != nil || !strings.Contains(out, "2024-12") || !strings.Contains(out, "12 dari 12 bulan") || !strings.Contains(out, "sintetis") {
		t.Fatalf("exports compare: %q %v", out, err)
	}
	file := filepath.Join(dir, "banding.csv")
	if _, _, err := runCLI(t, "exports", "compare", "--data-dir", dir, "--province", "18", "--year", "2023", "--out", file); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(file); err != nil || !strings.Contains(string(b), "bulan,2023-01") {
		t.Fatalf("the file: %v %.200s", err, b)
	}
	for _, c := range []struct{ args, want []string }{
		{[]string{"--month-from", "2026-13"}, []string{"--month-from:", "bukan bulan", "is not a month"}},
		{[]string{"--month-from", "2024-05", "--month-to", "2024-01"}, []string{"--month-to:", "comes before"}},
		{[]string{"--destination", "ZZZ"}, []string{"--destination:", "ZZZ"}},
	} {
		_, _, err := runCLI(t, append([]string{"exports", "compare", "--data-dir", dir, "--province", "18"}, c.args...)...)
		for _, w := range c.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%v: %v, want %q", c.args, err, w)
			}
		}
	}
}
