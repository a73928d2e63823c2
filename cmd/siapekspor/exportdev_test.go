package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDevelopmentCommands runs the demo with its export development, then
// the questionnaire, training, mentoring and export commands on it.
func TestDevelopmentCommands(t *testing.T) {
	dir := t.TempDir()
	out, _, err := runCLI(t, "demo", "--data-dir", dir, "--enterprises", "1500", "--products", "1500", "--assessed", "0.3")
	if err != nil || !strings.Contains(out, "2 programmes with") {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	if out, _, err := runCLI(t, "questionnaire", "list", "--data-dir", dir); err != nil || !strings.Contains(out, "published") {
		t.Errorf("questionnaire list: %v %s", err, out)
	}
	qfile := filepath.Join(dir, "q.json")
	if _, _, err := runCLI(t, "questionnaire", "show", "current", "--data-dir", dir, "--out", qfile); err != nil {
		t.Fatal(err)
	}
	// A file with the thresholds the wrong way round is refused, with the field.
	b, _ := os.ReadFile(qfile)
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(strings.Replace(string(b), `"advanced": 70`, `"advanced": 10`, 1)), 0o600)
	if _, _, err := runCLI(t, "questionnaire", "load", bad, "--data-dir", dir); err == nil || !strings.Contains(err.Error(), "thresholds") {
		t.Errorf("bad questionnaire: %v", err)
	}
	if out, _, err := runCLI(t, "questionnaire", "load", qfile, "--data-dir", dir, "--publish", "--note", "uji"); err != nil || !strings.Contains(out, "published as version 2") {
		t.Errorf("load: %v %s", err, out)
	}
	if out, _, err := runCLI(t, "training", "list", "--data-dir", dir); err != nil || !strings.Contains(out, "Pelatihan Ekspor") {
		t.Errorf("training list: %v %s", err, out)
	}
	if out, _, err := runCLI(t, "training", "report", "--programme", "1", "--data-dir", dir); err != nil || !strings.Contains(out, "moved up a class") {
		t.Errorf("training report: %v %s", err, out)
	}
	if _, _, err := runCLI(t, "training", "place", "--programme", "1", "--data-dir", dir); err == nil || !strings.Contains(err.Error(), "finished") {
		t.Errorf("placing a finished programme: %v", err)
	}
	if out, _, err := runCLI(t, "training", "place", "--programme", "2", "--data-dir", dir); err != nil || !strings.Contains(out, "proposed from") {
		t.Errorf("training place: %v %s", err, out)
	}
	if out, _, err := runCLI(t, "mentoring", "overdue", "--data-dir", dir); err != nil || !strings.Contains(out, "overdue") {
		t.Errorf("mentoring overdue: %v %s", err, out)
	}
	for _, c := range [][]string{{"export", "readiness", "--level", "pemula"}, {"export", "programme", "--programme", "1"}, {"export", "mentoring", "--what", "cases"}} {
		f := filepath.Join(dir, c[1]+".xlsx")
		if out, _, err := runCLI(t, append(c, "--data-dir", dir, "--out", f)...); err != nil || !strings.Contains(out, "written to") {
			t.Errorf("%v: %v %s", c, err, out)
		}
	}
}
