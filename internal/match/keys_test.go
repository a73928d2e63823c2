package match

import (
	"slices"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/market"
)

// TestMessageKeysExist checks the keys made from a prefix and a value —
// labels of the package's lists, and every Label it passes — are in both
// catalogues. (internal/i18n's TestEveryUsedKeyExists checks the literal
// "match." keys of the code.)
func TestMessageKeysExist(t *testing.T) {
	used := map[string]string{}
	for _, k := range Kinds {
		used["match.kind."+string(k)] = "Kinds"
	}
	for _, f := range Frequencies {
		used["match.frequency."+string(f)] = "Frequencies"
	}
	for _, l := range Localities {
		used["match.local."+string(cmpOr(l, "any"))] = "Localities"
	}
	for _, id := range Factors {
		used["match.factor."+string(id)] = "Factors"
	}
	for _, r := range Rules {
		used["match.rule."+string(r)] = "Rules"
	}
	// Labels: every value they are made from.
	for _, u := range siapekspor.Units {
		used["unit."+string(u)] = "Label unit"
	}
	for _, c := range siapekspor.CertificateTypes {
		used["cert."+string(c)] = "Label cert"
		if k := caseFor(c); !slices.Contains(siapekspor.CaseKinds, k) {
			t.Errorf("caseFor(%s) = %s, not a case kind", c, k)
		}
		used["case."+string(caseFor(c))] = "Label case"
	}
	used["case.capacity"] = "Label case"
	for _, v := range siapekspor.ValidationStatuses {
		used["validation."+string(v)] = "Label validation"
	}
	for _, l := range siapekspor.TrainingLevels {
		used["level."+string(l)] = "Label level"
	}
	for _, k := range market.RestrictionKinds {
		used["market.restriction."+string(k)] = "Label restriction"
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

func cmpOr(l Locality, s string) string {
	if l == "" {
		return s
	}
	return string(l)
}
