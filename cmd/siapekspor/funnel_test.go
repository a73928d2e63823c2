package main

import (
	"strings"
	"testing"
)

// TestFunnelAndTargetCommands: a target set, refused when above 100% or
// outside the province (Indonesian with the English, the flag named,
// nothing stored), listed with its gap, and the funnel printed.
func TestFunnelAndTargetCommands(t *testing.T) {
	dir := t.TempDir()
	if _, errOut, err := runCLI(t, "migrate", "--data-dir", dir); err != nil {
		t.Fatalf("migrate: %v %s", err, errOut)
	}
	for _, c := range []struct{ args, want []string }{
		{[]string{"--region", "18.06", "--percent", "130"}, []string{"--percent: Persentase 130% melebihi 100%", "(The percentage 130% is above 100%.)"}},
		{[]string{"--region", "31.71", "--percent", "30"}, []string{"--region: Wilayah 31.71 berada di luar provinsi 18", "outside province 18"}},
	} {
		args := append([]string{"target", "set", "--data-dir", dir, "--province", "18", "--year", "2030"}, c.args...)
		_, _, err := runCLI(t, args...)
		for _, w := range c.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%v: %v, want %q", c.args, err, w)
			}
		}
	}
	if out, _, _ := runCLI(t, "target", "history", "--data-dir", dir); strings.Count(out, "\n") != 1 {
		t.Fatalf("a refused target was stored:\n%s", out)
	}
	out, _, err := runCLI(t, "target", "set", "--data-dir", dir, "--province", "18", "--region", "18.06", "--year", "2030", "--percent", "30",
		"--baseline-year", "2021", "--baseline-count", "20", "--denominator-count", "9500", "--denominator-source", "BPS (contoh)")
	if err != nil || !strings.Contains(out, "2.850 IKM lagi harus mengekspor untuk mencapai 30% di Kabupaten Tanggamus pada 2030.") {
		t.Fatalf("target set: %q %v", out, err)
	}
	out, _, err = runCLI(t, "funnel", "--data-dir", dir, "--province", "18", "--by", "regency")
	if err != nil || !strings.Contains(out, "Ekspor pertama") || !strings.Contains(out, "2.850 IKM lagi harus mengekspor") {
		t.Fatalf("funnel: %q %v", out, err)
	}
	if _, _, err := runCLI(t, "funnel", "--data-dir", dir, "--by", "colour"); err == nil || !strings.Contains(err.Error(), "--by") {
		t.Errorf("a bad breakdown: %v", err)
	}
}
