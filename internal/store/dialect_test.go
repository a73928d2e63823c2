package store

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// Engine differences live behind the dialect's methods (dialect.go,
// search_dialect.go): code elsewhere that asks which engine it runs on
// grows a second copy of every rule it branches.
func TestEngineDifferencesStayInTheDialect(t *testing.T) {
	branch := regexp.MustCompile(`dialect\.name\(\)\s*[!=]=|dialect\.\((sqlite|postgres)Dialect\)`)
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if f == "dialect.go" || f == "search_dialect.go" || f == "dialect_test.go" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if loc := branch.FindIndex(b); loc != nil {
			t.Errorf("%s: %s — make it a dialect method", f, b[loc[0]:loc[1]])
		}
	}
}

// A province's file into a national registry is not a bulk change; a first
// load, or one that adds a tenth of the registry or more, is.
func TestLargeShare(t *testing.T) {
	for _, tc := range []struct {
		inserted int
		rows     float64
		want     bool
	}{
		{20_000, -1, true},
		{20_000, 0, true},
		{20_000, 156_150, true},
		{20_000, 200_000, true},
		{20_000, 200_001, false},
		{20_000, 10_080_197, false},
	} {
		if got := largeShare(tc.inserted, tc.rows); got != tc.want {
			t.Errorf("largeShare(%d, %v) = %v, want %v", tc.inserted, tc.rows, got, tc.want)
		}
	}
}
