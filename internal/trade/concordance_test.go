package trade

import (
	"reflect"
	"testing"
)

func TestConcordanceHeading0802(t *testing.T) {
	c := DefaultConcordance()
	if got := c.ToEdition("080290", HS17, HS22); !reflect.DeepEqual(got, []string{"080291", "080292", "080299"}) {
		t.Errorf("HS17 080290 → %v", got)
	}
	for _, code := range []string{"080291", "080292", "080299"} {
		if got := c.ToEdition(code, HS22, HS17); !reflect.DeepEqual(got, []string{"080290"}) {
			t.Errorf("HS22 %s → %v", code, got)
		}
		if got := c.Correspond(code, HS22, HS17); len(got) != 1 || got[0].Basis != BasisHeading {
			t.Errorf("HS22 %s basis %v", code, got)
		}
	}
	if !SameInEditions("080280") || SameInEditions("080290") || SameInEditions("080291") {
		t.Error("areca nuts 080280 are the same in both; pistachios changed")
	}
	if got := ToEdition("0802", "HS2022", "HS2017"); !reflect.DeepEqual(got, []string{"0802"}) {
		t.Errorf("heading 0802 → %v", got)
	}
}

func TestConcordance1604(t *testing.T) {
	c := DefaultConcordance()
	// 160417 (eels) and 160418 (shark fins) are new in HS 2022; every
	// HS 2017 code of 1604 lives on, so the derived table can only guess
	// they came from the residual 160419 — and says it is a guess.
	for _, code := range []string{"160417", "160418"} {
		got := c.Correspond(code, HS22, HS17)
		if !reflect.DeepEqual(got, []Correspondence{{"160419", BasisResidual}}) {
			t.Errorf("HS22 %s → %v", code, got)
		}
		if v := c.ToEdition(code, HS22, HS17); v != nil {
			t.Errorf("ToEdition leaves out unverified guesses: %v", v)
		}
	}
	got := c.Correspond("160419", HS17, HS22)
	if !reflect.DeepEqual(got, []Correspondence{{"160417", BasisResidual}, {"160418", BasisResidual}, {"160419", BasisResidual}}) {
		t.Errorf("HS17 160419 → %v", got)
	}
	if SameInEditions("160419") {
		t.Error("160419 gave goods to 160417/160418")
	}
	if !SameInEditions("160420") || !reflect.DeepEqual(c.ToEdition("160420", HS17, HS22), []string{"160420"}) {
		t.Error("160420 is unchanged as far as the data tells")
	}
}

func TestConcordanceRules(t *testing.T) {
	c := NewConcordance([]string{"010110", "010120", "020110", "020190", "030111"}, []string{"010110", "010121", "010129", "020110", "020190", "020192", "030111"})
	if got := c.ToEdition("010120", HS17, HS22); !reflect.DeepEqual(got, []string{"010121", "010129"}) {
		t.Errorf("heading rule: %v", got)
	}
	if got := c.Correspond("020192", HS22, HS17); !reflect.DeepEqual(got, []Correspondence{{"020190", BasisResidual}}) {
		t.Errorf("residual rule: %v", got)
	}
	if !c.SameInEditions("030111") || c.SameInEditions("020190") || c.SameInEditions("010120") {
		t.Error("SameInEditions")
	}
	if c.Correspond("030111", HS17, HS12) != nil {
		t.Error("only HS17 ↔ HS22 are related")
	}
	if got := c.Correspond("030111", HS12, HS12); len(got) != 1 || got[0].Basis != BasisSame {
		t.Error("an edition corresponds to itself")
	}
	if ToEdition("0802", "HS17", "nope") != nil {
		t.Error("unknown edition")
	}
}
