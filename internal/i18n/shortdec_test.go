package i18n

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
)

// The short numbers' path (shortDec) writes what the general one does:
// FormatDecimalID with the language's marks, and for Dec the trailing
// zeros dropped.
func TestShortNumbersAsTheGeneralPath(t *testing.T) {
	general := func(p Printer, v float64, places int) string {
		return p.localise(siapekspor.FormatDecimalID(v, places))
	}
	generalDec := func(p Printer, v float64) string {
		decimals := 2
		if v == float64(int64(v)) {
			decimals = 0
		}
		s := strings.TrimRight(strings.TrimRight(siapekspor.FormatDecimalID(v, decimals), "0"), ",")
		if decimals == 0 {
			s = siapekspor.FormatDecimalID(v, 0)
		}
		return p.localise(s)
	}
	values := []float64{0, math.Copysign(0, -1), 0.04, 0.05, -0.04, -0.05, 0.001, -0.001, 1, 9.95, 9.96, 99.95, 99.96, 999.94, 999.95, 999.96, 1000,
		-999.96, 12.5, 12.345, 100, 72.25, 1e6, -1e6, 1234.5, math.NaN(), math.Inf(1), math.Inf(-1), 0.005, 0.015, 2.675}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		values = append(values, (r.Float64()-0.3)*math.Pow(10, float64(r.IntN(6))))
	}
	for _, l := range append([]Lang{ID}, PublicLangs...) {
		p := Printer{Lang: l}
		for _, v := range values {
			for places := 0; places <= 2; places++ {
				if got, want := p.dec(v, places), general(p, v, places); got != want {
					t.Fatalf("%s dec(%v, %d) = %q, want %q", l, v, places, got, want)
				}
			}
			if got, want := p.Dec(v), generalDec(p, v); got != want {
				t.Fatalf("%s Dec(%v) = %q, want %q", l, v, got, want)
			}
		}
	}
}
