package siapekspor_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/fuzzcheck"
)

// Fuzz targets of the values offices type into lists and forms: amounts,
// identity numbers, phone numbers and dates. Run one longer with
//
//	go test -run '^$' -fuzz '^FuzzParseRupiah$' -fuzztime 5m .
//
// or all of them with scripts/fuzz.

// ruleKey checks a refusal is a rule error whose key is a message.
func ruleKey(t *testing.T, err error) {
	t.Helper()
	var re *siapekspor.RuleError
	if !errors.As(err, &re) {
		t.Fatalf("not a rule error: %T %v", err, err)
	}
	fuzzcheck.Message(t, re.Key)
}

// FuzzParseRupiah: any text is an amount of zero or more or a rule error;
// every amount as it is printed reads back.
func FuzzParseRupiah(f *testing.F) {
	for _, s := range []string{"Rp 1.500.000", "Rp1.500.000,00", "1,5 jt", "2 M", "500 rb", "Rp. 750.000,-", "-5", "1.2.3", strings.Repeat("9", 100)} {
		f.Add(s, int64(1500000))
	}
	f.Fuzz(func(t *testing.T, s string, n int64) {
		v, err := siapekspor.ParseRupiah(s)
		if err != nil {
			ruleKey(t, err)
		} else if v < 0 {
			t.Fatalf("ParseRupiah(%q) = %d", s, v)
		}
		if n < 0 {
			n = -(n + 1)
		}
		text := siapekspor.FormatRupiah(n)
		if v, err := siapekspor.ParseRupiah(text); err != nil || v != n {
			t.Fatalf("ParseRupiah(%q) = %d %v, want %d", text, v, err, n)
		}
	})
}

// FuzzIdentity: NIB, NIK, NPWP and phone numbers normalise to their digits
// (or +62 and digits) or refuse with a rule; a normalised value normalises
// to itself.
func FuzzIdentity(f *testing.F) {
	for _, s := range []string{"1234567890123", "1801045708900001", "01.234.567.8-901.000", "0812-3456-7890", "(0721) 123456", "+62 812 3456 7890", "٣٣٣", "0000000000000000"} {
		f.Add(s)
	}
	district := func(code string) bool { return code == "18.01.04" }
	f.Fuzz(func(t *testing.T, s string) {
		check := func(name string, norm func(string) (string, error), digits ...int) {
			v, err := norm(s)
			if err != nil {
				ruleKey(t, err)
				return
			}
			body := strings.TrimPrefix(v, "+62")
			if strings.Trim(body, "0123456789") != "" {
				t.Fatalf("%s(%q) = %q: not digits", name, s, v)
			}
			if len(digits) > 0 && len(body) != digits[0] && (len(digits) == 1 || len(body) != digits[1]) {
				t.Fatalf("%s(%q) = %q: %d digits", name, s, v, len(body))
			}
			if again, err := norm(v); err != nil || again != v {
				t.Fatalf("%s(%q) = %q, then %q %v", name, s, v, again, err)
			}
		}
		check("NormalizeNIB", siapekspor.NormalizeNIB, 13)
		check("NormalizeNIK", func(s string) (string, error) { return siapekspor.NormalizeNIK(s, district) }, 16)
		check("NormalizeNPWP", func(s string) (string, error) { return siapekspor.NormalizeNPWP(s, district) }, 15, 16)
		check("NormalizePhone", siapekspor.NormalizePhone)
	})
}

// FuzzDate: any JSON value is a day, none, or a type error; a day writes
// and reads back.
func FuzzDate(f *testing.F) {
	for _, s := range []string{`"2026-03-01"`, `null`, `""`, `"2026-02-30"`, `"26-3-1"`, `17`, `"2026-03-01T00:00:00Z"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d siapekspor.Date
		if err := d.UnmarshalJSON(b); err != nil {
			var te *json.UnmarshalTypeError
			if !errors.As(err, &te) {
				t.Fatalf("%q: %T %v", b, err, err)
			}
			return
		}
		out, err := d.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var again siapekspor.Date
		if err := again.UnmarshalJSON(out); err != nil {
			t.Fatalf("%q wrote %q, which does not read: %v", b, out, err)
		}
		if back, _ := again.MarshalJSON(); string(back) != string(out) {
			t.Fatalf("%q → %q → %q", b, out, back)
		}
	})
}

// FuzzCodesAsWritten reads any cell as an HS code and as a delivery term:
// never a panic, never longer than the cell, a rule only from the eleven.
func FuzzCodesAsWritten(f *testing.F) {
	for _, s := range []string{"HS 0901.11", "0901.11 - Kopi biji", "'090121", "CIF Tokyo", "Ex Works", "FOB Panjang Incoterms 2020", "(", "hs", "C&F"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := siapekspor.HSCodeText(s); len(got) > len(s) {
			t.Fatalf("HSCodeText(%q) = %q", s, got)
		}
		rule, place := siapekspor.IncotermText(s)
		if len(place) > len(s) {
			t.Fatalf("IncotermText(%q) place %q", s, place)
		}
		if place != "" && !slices.Contains(siapekspor.Incoterms, rule) {
			t.Fatalf("IncotermText(%q) = %q with a place %q", s, rule, place)
		}
	})
}
