package importer

import "testing"

func TestParseNumber(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"1500", 1500, true},
		{"1.500", 1500, true},
		{"1.500.000", 1_500_000, true},
		{"1,500,000", 1_500_000, true},
		{"1.500,5", 1500.5, true},
		{"1,500.5", 1500.5, true},
		{"2,5", 2.5, true},
		{"2.5", 2.5, true},
		{"0.125", 0.125, true}, // a leading zero group is a decimal, not thousands
		{"12.50", 12.5, true},
		{" 3 000 ", 3000, true},
		{"-4", -4, true},
		{"", 0, false},
		{"dua", 0, false},
		{"1e400", 0, false},
		{"NaN", 0, false},
	} {
		got, ok := ParseNumber(c.in)
		if ok != c.ok || got != c.want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestParseUnit(t *testing.T) {
	for in, want := range map[string]string{"kg": "kg", "Kilogram": "kg", "KG": "kg", "buah": "pcs", "Liter": "liter", "m2": "m2", "dus": "box", "bks": "pack", "Btl.": "pcs", "ktn": "box"} {
		if got, ok := parseUnit(in); !ok || string(got) != want {
			t.Errorf("parseUnit(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := parseUnit("lusin"); ok {
		t.Error("lusin is not a unit the registry keeps")
	}
}
