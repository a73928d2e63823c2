package exportstats

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor/internal/i18n"
)

// TestMessageKeysExist checks every message key this package reports is in
// both catalogues, and that a column's Note has its label (a key made from
// a prefix, which internal/i18n's scan of literals cannot see).
func TestMessageKeysExist(t *testing.T) {
	literal := regexp.MustCompile(`"((?:exportstats|import|field)\.[a-z0-9_.]+)"`)
	used := map[string]string{}
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = f
		}
	}
	for _, n := range []string{"unknown", "cumulative", "total_of_years", "empty"} {
		used["exportstats.column_note."+n] = "Column.Note"
	}
	if len(used) < 20 {
		t.Fatalf("only %d keys found: is the scan broken?", len(used))
	}
	for k, where := range used {
		if !i18n.Has(k) {
			t.Errorf("message key %s (in %s) is missing from a catalogue", k, where)
		}
	}
}
