package siapekspor

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// rupiahUnits are the words offices append to amounts, longest first so
// "juta" is tried before "jt" would leave "u…".
var rupiahUnits = []struct {
	word string
	mult int64
}{
	{"triliun", 1e12}, {"miliar", 1e9}, {"milyar", 1e9}, {"ribu", 1e3}, {"juta", 1e6},
	{"rb", 1e3}, {"jt", 1e6}, {"m", 1e9}, {"t", 1e12}, {"k", 1e3},
}

// maxRupiahText bounds the text ParseRupiah reads.
const maxRupiahText = 64

// ParseRupiah reads an amount as Indonesian offices write it — "Rp 1.500.000",
// "Rp1.500.000,00", "1.500.000", "1,5 jt", "2 M", "2 miliar", "500 rb",
// "Rp. 750.000,-" — and returns whole Rupiah, rounding half up. In
// Indonesian the dot groups thousands and the comma marks decimals; a single
// dot followed by one or two digits before a unit ("1.2 M") is read as a
// decimal point, since nobody groups thousands in "1.2". Empty text is 0.
func ParseRupiah(s string) (int64, error) {
	s = strings.TrimSpace(s)
	// The largest amount is 19 digits; with separators, a unit and "Rp"
	// it stays well under this. Longer text is not an amount, and reading
	// it as one (big.Rat on a megabyte of digits) would take seconds.
	if len(s) > maxRupiahText {
		return 0, ruleErr("rupiah.invalid")
	}
	s = strings.ToLower(s)
	s = strings.TrimSuffix(strings.TrimSuffix(s, ",-"), ".-")
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "rp") {
		s = strings.TrimPrefix(strings.TrimPrefix(s, "rp"), ".")
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if strings.HasPrefix(s, "-") {
		return 0, ruleErr("rupiah.negative")
	}
	mult := int64(1)
	for _, u := range rupiahUnits {
		if strings.HasSuffix(s, u.word) {
			rest := strings.TrimSpace(strings.TrimSuffix(s, u.word))
			if rest != "" && strings.ContainsAny(rest[len(rest)-1:], "0123456789") {
				s, mult = rest, u.mult
				break
			}
		}
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) { // "1 500 000" with no-break or thin spaces, as some systems group thousands
			return -1
		}
		return r
	}, s)
	num, ok := decimalText(s, mult > 1)
	if !ok {
		return 0, ruleErr("rupiah.invalid")
	}
	if v, ok := smallRupiah(num, mult); ok {
		return v, nil
	}
	v, ok := bigRupiah(num, mult)
	if !ok {
		return 0, ruleErr("rupiah.invalid")
	}
	return v, nil
}

// smallRupiah is num·mult rounded half up in machine integers, for the
// amounts offices write (at most 18 digits); false sends the rest to
// bigRupiah. An import reads a few amounts per row, and big.Rat
// was a tenth of reading a file.
func smallRupiah(num string, mult int64) (int64, bool) {
	whole, frac, _ := strings.Cut(num, ".")
	if whole == "" || len(whole)+len(frac) > 18 {
		return 0, false
	}
	var n uint64
	for _, part := range [2]string{whole, frac} {
		for i := 0; i < len(part); i++ {
			c := part[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + uint64(c-'0')
		}
	}
	scale := uint64(1)
	for range len(frac) {
		scale *= 10
	}
	// (n·mult + scale/2) / scale in 128 bits: exact, whatever the fraction's length.
	hi, lo := bits.Mul64(n, uint64(mult))
	lo, carry := bits.Add64(lo, scale/2, 0)
	hi += carry
	if hi >= scale {
		return 0, false // the quotient needs more than 64 bits
	}
	q, _ := bits.Div64(hi, lo, scale)
	if q > math.MaxInt64 {
		return 0, false
	}
	return int64(q), true
}

// bigRupiah is num·mult rounded half up, exactly, for any decimal text;
// false when it is not one or the result does not fit an int64.
func bigRupiah(num string, mult int64) (int64, bool) {
	r, ok := new(big.Rat).SetString(num)
	if !ok {
		return 0, false
	}
	r.Mul(r, new(big.Rat).SetInt64(mult))
	// Round half up: floor(r + 1/2).
	r.Add(r, big.NewRat(1, 2))
	q := new(big.Int).Quo(r.Num(), r.Denom())
	if !q.IsInt64() {
		return 0, false
	}
	return q.Int64(), true
}

// decimalText turns Indonesian-formatted digits into a plain decimal number
// ("1.500.000,50" → "1500000.50"), or reports that s is not a number.
func decimalText(s string, hasUnit bool) (string, bool) {
	if s == "" {
		return "", false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9') && r != '.' && r != ',' {
			return "", false
		}
	}
	dots, commas := strings.Count(s, "."), strings.Count(s, ",")
	lastDot, lastComma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	switch {
	case dots == 0 && commas == 0:
		return s, true
	case dots > 0 && commas > 0:
		// Both: whichever comes last is the decimal mark.
		if lastComma > lastDot {
			return strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", "."), commas == 1
		}
		return strings.ReplaceAll(s, ",", ""), dots == 1
	case commas == 1:
		return strings.Replace(s, ",", ".", 1), true
	case commas > 1:
		return strings.ReplaceAll(s, ",", ""), groupsOfThree(s, ',')
	case dots == 1 && hasUnit && len(s)-lastDot-1 <= 2:
		return s, true // "1.2 M", "2.5 jt"
	default:
		return strings.ReplaceAll(s, ".", ""), groupsOfThree(s, '.')
	}
}

// groupsOfThree checks thousands grouping: every group after the first has three digits.
func groupsOfThree(s string, sep byte) bool {
	parts := strings.Split(s, string(sep))
	if len(parts[0]) == 0 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}

// FormatNumberID groups an integer the Indonesian way: 1.234.567.
func FormatNumberID(v int64) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatInt(v, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// FormatRupiah writes an amount as "Rp 1.500.000" ("-Rp 1.500" when negative).
func FormatRupiah(v int64) string {
	if v < 0 {
		return "-Rp " + FormatNumberID(-v)
	}
	return "Rp " + FormatNumberID(v)
}

// FormatDecimalID writes a number with Indonesian separators: 1.234,57.
func FormatDecimalID(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.ParseInt(intPart, 10, 64)
	out := FormatNumberID(n)
	if n == 0 && strings.HasPrefix(intPart, "-") {
		out = "-0"
	}
	if decimals > 0 {
		out += "," + frac
	}
	return out
}

var monthsID = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// FormatDateID writes a date as "8 November 2021".
func FormatDateID(t time.Time) string {
	return strconv.Itoa(t.Day()) + " " + monthsID[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// FormatDateEN writes a date as "8 November 2021".
func FormatDateEN(t time.Time) string { return t.Format("2 January 2006") }
