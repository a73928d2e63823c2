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
