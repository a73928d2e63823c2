package siapekspor

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// TestSmallRupiahAgreesWithBig: the machine-integer path gives what the
// exact big.Rat path gives wherever it answers, and answers for every
// amount of up to 18 digits whose result fits.
func TestSmallRupiahAgreesWithBig(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 1))
	digits := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte(byte('0' + rng.IntN(10)))
		}
		return b.String()
	}
	cases := []string{"0", "5", "0.5", "1.5", "2.49", "2.5", "999999999999999999", "9223372036854775807", "1.999999999999999999",
		"9223372036854775.807", "00001", "1."}
	for range 20000 {
		n := 1 + rng.IntN(19)
		num := digits(n)
		if f := rng.IntN(n + 1); f > 0 && f < n && rng.IntN(2) == 0 {
			num = num[:n-f] + "." + num[n-f:]
		}
		cases = append(cases, num)
	}
	for _, num := range cases {
		for _, mult := range []int64{1, 1e3, 1e6, 1e9, 1e12} {
			small, ok := smallRupiah(num, mult)
			big, bigOK := bigRupiah(num, mult)
			if ok && (!bigOK || small != big) {
				t.Fatalf("%s × %d: small %d, big %d (%v)", num, mult, small, big, bigOK)
			}
			if !ok && bigOK && len(strings.ReplaceAll(num, ".", "")) <= 18 {
				t.Errorf("%s × %d: no small answer where big gives %d", num, mult, big)
			}
		}
	}
}

func TestParseRupiah(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		err  string
	}{
		{"", 0, ""},
		{"Rp 0", 0, ""},
		{"Rp 1.500.000", 1_500_000, ""},
		{"Rp1.500.000,00", 1_500_000, ""},
		{"1.500.000", 1_500_000, ""},
		{"1500000", 1_500_000, ""},
		{"1\u00a0500\u00a0000", 1_500_000, ""},         // no-break spaces grouping thousands
		{"Rp\u202f1\u202f500\u202f000", 1_500_000, ""}, // narrow no-break spaces
		{"1,5\u00a0jt", 1_500_000, ""},
		{"1.500", 1_500, ""},
		{"1,5", 2, ""},
		{"1.500.000,50", 1_500_001, ""},
		{"1.500.000,49", 1_500_000, ""},
		{"1,5 jt", 1_500_000, ""},
		{"1,5 juta", 1_500_000, ""},
		{"2 M", 2_000_000_000, ""},
		{"2 miliar", 2_000_000_000, ""},
		{"2 milyar", 2_000_000_000, ""},
		{"2,5 M", 2_500_000_000, ""},
		{"1.2 M", 1_200_000_000, ""},
		{"500 rb", 500_000, ""},
		{"500 ribu", 500_000, ""},
		{"2 T", 2_000_000_000_000, ""},
		{"Rp. 750.000,-", 750_000, ""},
		{"1,500,000", 1_500_000, ""},
		{"abc", 0, "rupiah.invalid"},
		{"1.50.000", 0, "rupiah.invalid"},
		{"-5", 0, "rupiah.negative"},
		{"Rp -5.000", 0, "rupiah.negative"},
		{"9999999 T", 0, "rupiah.invalid"},
	} {
		got, err := ParseRupiah(tc.in)
		if tc.err != "" {
			if re, ok := err.(*RuleError); !ok || re.Key != tc.err {
				t.Errorf("ParseRupiah(%q) error %v, want %s", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseRupiah(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}

func TestFormats(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{FormatNumberID(0), "0"},
		{FormatNumberID(999), "999"},
		{FormatNumberID(1234567), "1.234.567"},
		{FormatNumberID(-1234), "-1.234"},
		{FormatRupiah(1_500_000), "Rp 1.500.000"},
		{FormatRupiah(-1_500), "-Rp 1.500"},
		{FormatDecimalID(1234.567, 2), "1.234,57"},
		{FormatDecimalID(0.5, 1), "0,5"},
		{FormatDateID(time.Date(2021, 11, 8, 0, 0, 0, 0, time.UTC)), "8 November 2021"},
		{FormatDateID(time.Date(2020, 8, 17, 0, 0, 0, 0, time.UTC)), "17 Agustus 2020"},
		{FormatDateEN(time.Date(2020, 8, 17, 0, 0, 0, 0, time.UTC)), "17 August 2020"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
