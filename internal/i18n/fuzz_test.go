package i18n_test

import (
	"math"
	"testing"

	"github.com/siapekspor/siapekspor/internal/i18n"
)

// FuzzParseDec: any text is a finite quantity or refused, in every public
// language, and a quantity as Dec prints it reads back to the same print.
func FuzzParseDec(f *testing.F) {
	for _, s := range []string{"1,000", "1 000,5", "1.234.567,89", "2.5", "1\u202f000", "-3", "1e9", "NaN", "1,2,3", "٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, l := range i18n.PublicLangs {
			p := i18n.Printer{Lang: l}
			v, ok := p.ParseDec(s)
			if !ok {
				continue
			}
			if math.IsInf(v, 0) || math.IsNaN(v) {
				t.Fatalf("%s ParseDec(%q) = %v", l, s, v)
			}
			if math.Abs(v) > 1e15 {
				continue // beyond int64 in Dec's grouping
			}
			text := p.Dec(v)
			if w, ok := p.ParseDec(text); !ok || p.Dec(w) != text {
				t.Fatalf("%s ParseDec(%q) = %v, Dec %q reads back as %v %v", l, s, v, text, w, ok)
			}
		}
	})
}
