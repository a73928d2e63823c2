package importer

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzValueParsers feeds one cell to every value parser: none may panic,
// and what they return must come from the cell.
func FuzzValueParsers(f *testing.F) {
	for _, s := range []string{"-", "belum ada", "± 1.000 pcs/bulan", "50 kg per hari", "6 bulan", "Rp 25.000/kg", "US$ 2,50 per kg", "1.80101E+15", "1801012345678900", "6.28123E+11", "8123456789", "44927",
		"[10792] Industri kue", "KBLI 10792, 47111", "-5.4, 105.2", "105,2 -5,4", "18.01.01.2001", "Kab. Lamsel", "E+", "1e", "—"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if got, want := IsPlaceholder(v, false), slowPlaceholder(v); got != want {
			t.Fatalf("IsPlaceholder(%q) = %v, the plain rule says %v", v, got, want)
		}
		IsPlaceholder(v, true)
		if ascii(v) && len(v) <= maxPlaceholderLen && placeholderWord(v) != placeholderWords[normHeader(v)] {
			t.Fatalf("placeholderWord(%q) disagrees with normHeader", v)
		}
		IsPlaceholder(v, false)
		IdentityDamage(v, true)
		if d, fixed := PhoneDamage(v); d == ZeroedDigits && fixed != "0"+strings.TrimSpace(v) {
			t.Fatalf("PhoneDamage(%q) repaired to %q", v, fixed)
		}
		ExcelSerialDate(v)
		codes, _ := KBLIInText(v)
		for _, c := range codes {
			if !strings.Contains(v, c) || strings.Trim(c, "0123456789") != "" {
				t.Fatalf("KBLIInText(%q) gave %q", v, c)
			}
		}
		if lat, lng, ok := ParseCoordinates(v); ok && (lat < -180 || lat > 180 || lng < -180 || lng > 180) {
			t.Fatalf("ParseCoordinates(%q) = %v, %v", v, lat, lng)
		}
		if utf8.ValidString(v) {
			ParseRegionCode(v)
		}
		// A product's numbers: never negative, never NaN or infinite.
		for _, perMonth := range []bool{true, false} {
			if q, ok := readQuantity(v, perMonth); ok && !(q.n >= 0 && q.n <= math.MaxFloat64) {
				t.Fatalf("readQuantity(%q, %v) = %v", v, perMonth, q.n)
			}
		}
		if q, ok := readShelfLife(v); ok && (q.n < 0 || q.n > maxShelfLife*365) {
			t.Fatalf("readShelfLife(%q) = %v", v, q.n)
		}
		if n, _, ok := readPrice(v); ok && n < 0 {
			t.Fatalf("readPrice(%q) = %d", v, n)
		}
		if q, ok := readUSD(v); ok && !(q.n >= 0 && q.n <= math.MaxFloat64) {
			t.Fatalf("readUSD(%q) = %v", v, q.n)
		}
	})
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// slowPlaceholder is IsPlaceholder's rule for a non-code field written
// plainly, without its shortcuts.
func slowPlaceholder(v string) bool {
	v = strings.TrimSpace(v)
	for _, pair := range []string{"()", "[]", "{}", `""`, "''"} {
		if len(v) >= 2 && v[0] == pair[0] && v[len(v)-1] == pair[1] {
			v = strings.TrimSpace(v[1 : len(v)-1])
			break
		}
	}
	if v == "" || len(v) > maxPlaceholderLen {
		return false
	}
	if strings.Trim(v, "-–—.?_/* ") == "" {
		return true
	}
	if len(strings.Trim(v, "xX")) == 0 && len(v) >= 2 {
		return true
	}
	if strings.Trim(v, "-–—.?_/* xX") == "" && strings.ContainsAny(v, "xX") && strings.Count(strings.ToLower(v), "x") >= 2 {
		return true
	}
	return ascii(v) && placeholderWords[normHeader(v)]
}
