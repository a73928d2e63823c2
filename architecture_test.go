package siapekspor_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The layers of docs/architecture.md, kept true: the domain at the root
// uses the standard library alone, and the rule packages decide without
// HTTP, SQL or the layers above them — they take values and return values,
// and their table tests need no server and no database.
func TestLayers(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	const mod = "github.com/siapekspor/siapekspor"
	rules := []string{"readiness", "placement", "market", "trade", "exportstats", "textsearch", "importer", "match", "schedule", "sheet", "refdata", "funnel", "exportcompare", "pdffont", "antispam"}
	// Renderers write documents from values: the rule packages' rules but
	// net/http, which excelize imports (for http.DetectContentType alone).
	// Not listed: internal/report, which reads the store.
	renderers := []string{"eventdoc"}
	forbidden := []string{"net/http", "database/sql", mod + "/internal/store", mod + "/internal/web", mod + "/internal/api",
		mod + "/internal/server", mod + "/internal/bulk", mod + "/internal/httpx"}
	deps := func(pkg string) []string {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		return strings.Fields(string(out))
	}
	for _, d := range deps(mod) {
		if d != mod && strings.Contains(strings.SplitN(d, "/", 2)[0], ".") {
			t.Errorf("the domain package depends on %s: it uses the standard library alone", d)
		}
	}
	for _, r := range rules {
		pkg := mod + "/internal/" + r
		for _, d := range deps(pkg) {
			for _, f := range forbidden {
				if d == f {
					t.Errorf("rule package %s depends on %s", r, f)
				}
			}
		}
	}
	for _, r := range renderers {
		for _, d := range deps(mod + "/internal/" + r) {
			for _, f := range forbidden[1:] {
				if d == f {
					t.Errorf("renderer %s depends on %s", r, f)
				}
			}
		}
	}
	// Pages and the API are siblings: neither imports the other.
	for _, pair := range [][2]string{{"web", "api"}, {"api", "web"}} {
		for _, d := range deps(mod + "/internal/" + pair[0]) {
			if d == mod+"/internal/"+pair[1] {
				t.Errorf("internal/%s imports internal/%s", pair[0], pair[1])
			}
		}
	}
}
