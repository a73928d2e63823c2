package match

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestPure: the matcher is imported by the storage, page, API and command
// layers, never the other way round, and knows neither HTTP nor SQL.
func TestPure(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	// The listing must be the real one: the pure packages it uses are in it.
	for _, want := range []string{"github.com/siapekspor/siapekspor/internal/textsearch", "github.com/siapekspor/siapekspor/internal/placement"} {
		if !slices.Contains(deps, want) {
			t.Fatalf("go list -deps lacks %s: %v", want, deps)
		}
	}
	const module = "github.com/siapekspor/siapekspor/"
	for _, d := range deps {
		for _, banned := range []string{"net/http", "database/sql", module + "internal/store", module + "internal/web",
			module + "internal/api", module + "internal/server"} {
			if d == banned || strings.HasPrefix(d, banned+"/") {
				t.Errorf("internal/match depends on %s", d)
			}
		}
	}
}
