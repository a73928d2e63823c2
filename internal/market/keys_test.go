package market

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/trade"
)

// TestMessageKeysExist checks every message key these packages use — the
// literals in their code and, what internal/i18n's scan of literals cannot
// see, the keys made from a prefix and a value — is in both catalogues.
func TestMessageKeysExist(t *testing.T) {
	literal := regexp.MustCompile(`"((?:market|trade|error|field)\.[a-z0-9_.]+)"`)
	used := map[string]string{}
	for _, dir := range []string{".", "../trade"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
				if !strings.HasSuffix(m[1], ".") {
					used[m[1]] = f
				}
			}
		}
	}
	for _, id := range Factors {
		used["market.factor."+string(id)] = "Factors"
	}
	for _, u := range []string{"usd", "tonnes", "pct_year", "km", "pct", "requirements"} {
		used["market.unit."+u] = "factor units"
	}
	for _, s := range []GapStatus{GapMissing, GapExpired, GapAction, GapUpcoming, GapMet} {
		used["market.gap."+string(s)] = "GapStatus"
	}
	for _, k := range RestrictionKinds {
		used["market.restriction."+string(k)] = "RestrictionKinds"
	}
	for _, c := range []string{ConfidenceConfirmed, ConfidenceCheck} {
		used["market.confidence."+c] = "confidence"
	}
	for _, b := range []trade.Basis{trade.BasisSame, trade.BasisHeading, trade.BasisResidual} {
		used["trade.basis."+string(b)] = "Basis"
		used["market.note.concordance."+string(b)] = "dataCodes"
	}
	for _, d := range trade.Datasets {
		used[d.TitleKey] = "Datasets"
	}
	for k, where := range used {
		if !i18n.Has(k) {
			t.Errorf("message key %s (in %s) is missing from a catalogue", k, where)
		}
	}
	if err := i18n.Check(); err != nil {
		t.Fatal(err)
	}
}
