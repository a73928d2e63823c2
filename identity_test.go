package siapekspor

import "testing"

func TestNormalizeNIB(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"9120001234567", "9120001234567", ""},
		{" 9120 0012 34567 ", "9120001234567", ""},
		{"912-000-123-4567", "9120001234567", ""},
		{"912000123456", "", "nib.digits"},
		{"91200012345678", "", "nib.digits"},
		{"91200012345A7", "", "nib.digits"},
		{"", "", "nib.digits"},
	} {
		got, err := NormalizeNIB(tc.in)
		checkRule(t, "NormalizeNIB", tc.in, got, tc.want, err, tc.err)
	}
}

func TestNormalizeNIK(t *testing.T) {
	lampungSelatan := func(code string) bool { return code == "18.01.04" }
	for _, tc := range []struct{ in, want, err string }{
		{"1801041203800002", "1801041203800002", ""}, // man born 12 March 1980
		{"1801045203800002", "1801045203800002", ""}, // woman: day 12 + 40
		{"1801 0412 0380 0002", "1801041203800002", ""},
		{"1801042902960001", "1801042902960001", ""}, // 29 February
		{"1801043002960001", "", "nik.birthdate"},    // 30 February
		{"1801041213800002", "", "nik.birthdate"},    // month 13
		{"1801040003800002", "", "nik.birthdate"},    // day 0
		{"1801047203800002", "", "nik.birthdate"},    // day 32 for a woman
		{"1801041203800000", "", "nik.serial"},
		{"1899011203800002", "", "nik.region"},
		{"180104120380000", "", "nik.digits"},
		{"18010412038000021", "", "nik.digits"},
	} {
		got, err := NormalizeNIK(tc.in, lampungSelatan)
		checkRule(t, "NormalizeNIK", tc.in, got, tc.want, err, tc.err)
	}
	if _, err := NormalizeNIK("9999991203800002", nil); err != nil {
		t.Errorf("without a region check: %v", err)
	}
}

func TestNormalizePhone(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"0812-3456-7890", "+6281234567890", ""},
		{"0812 3456 7890", "+6281234567890", ""},
		{"6281234567890", "+6281234567890", ""},
		{"+62 812 3456 7890", "+6281234567890", ""},
		{"81234567890", "+6281234567890", ""},
		{"(0721) 123456", "+62721123456", ""},
		{"0721-7654321", "+627217654321", ""},
		{"0812", "", "phone.invalid"},
		{"08123456789012345", "", "phone.invalid"},
		{"0812\u00a03456\u00a07890", "+6281234567890", ""},       // no-break spaces from a web page
		{"0812\u20133456\u20137890\u200b", "+6281234567890", ""}, // en dashes, a zero-width space
		{"0812-ABC-7890", "", "phone.invalid"},
		{"+62 0812 3456", "", "phone.invalid"},
		{"", "", "phone.invalid"},
	} {
		got, err := NormalizePhone(tc.in)
		checkRule(t, "NormalizePhone", tc.in, got, tc.want, err, tc.err)
	}
}

// TestInvisibleMarksInNames: a name copied with no-break or zero-width
// spaces is stored, and compared, as the name typed plainly.
func TestInvisibleMarksInNames(t *testing.T) {
	e := &Enterprise{Name: "\ufeffKopi\u00a0Natar\u200b", OwnerName: "Sri\u2060 Wahyuni"}
	e.Normalize()
	if e.Name != "Kopi Natar" || e.OwnerName != "Sri Wahyuni" {
		t.Errorf("%q %q", e.Name, e.OwnerName)
	}
	if NormalizeName("UD Kopi\u200bNatar") != NormalizeName("ud kopinatar") || NormalizeName("Kopi\u00a0Natar") != "kopi natar" {
		t.Errorf("%q", NormalizeName("UD Kopi\u200bNatar"))
	}
	if nik, err := NormalizeNIK("1801\u00a00455\u20130879\u00a00002", func(string) bool { return true }); err != nil || nik != "1801045508790002" {
		t.Errorf("NIK: %q %v", nik, err)
	}
}

func TestNormalizeEmail(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"sri@example.id", "sri@example.id", ""},
		{"  Sri.W@Example.CO.ID ", "Sri.W@example.co.id", ""},
		{"Sri <sri@example.id>", "", "email.invalid"},
		{"sri@localhost", "", "email.invalid"},
		{"sri", "", "email.invalid"},
		{"sri@example.", "", "email.invalid"},
	} {
		got, err := NormalizeEmail(tc.in)
		checkRule(t, "NormalizeEmail", tc.in, got, tc.want, err, tc.err)
	}
}

func checkRule(t *testing.T, fn, in, got, want string, err error, wantKey string) {
	t.Helper()
	if wantKey == "" {
		if err != nil || got != want {
			t.Errorf("%s(%q) = %q, %v; want %q", fn, in, got, err, want)
		}
		return
	}
	re, ok := err.(*RuleError)
	if !ok || re.Key != wantKey {
		t.Errorf("%s(%q) error = %v; want %s", fn, in, err, wantKey)
	}
}

func TestNormalizeNPWP(t *testing.T) {
	lampungSelatan := func(code string) bool { return code == "18.01.04" }
	for _, tc := range []struct{ in, want, err string }{
		{"01.234.567.8-901.000", "012345678901000", ""}, // legacy, as printed on the card
		{"012345678901000", "012345678901000", ""},
		{"0012345678901000", "0012345678901000", ""},    // 16 digits of an entity: 0 + legacy
		{"1801041203800002", "1801041203800002", ""},    // 16 digits of a person: the NIK
		{"1801 0412 0380 0002", "1801041203800002", ""}, // written in groups
		{"1899011203800002", "", "npwp.nik"},            // a NIK whose district does not exist
		{"1801041213800002", "", "npwp.nik"},            // a NIK with month 13
		{"1801041203800000", "", "npwp.nik"},            // a NIK with serial 0000
		{"00.000.000.0-000.000", "", "npwp.zero"},       // what forms write for "none"
		{"0000000000000000", "", "npwp.zero"},
		{"01234567890100", "", "npwp.digits"},    // 14 digits
		{"01234567890100012", "", "npwp.digits"}, // 17 digits
		{"01.234.567.8/901.000", "", "npwp.digits"},
		{"", "", "npwp.digits"},
	} {
		got, err := NormalizeNPWP(tc.in, lampungSelatan)
		checkRule(t, "NormalizeNPWP", tc.in, got, tc.want, err, tc.err)
	}
}

func TestFormatNPWP(t *testing.T) {
	for in, want := range map[string]string{
		"012345678901000":  "01.234.567.8-901.000",
		"1801041203800002": "1801041203800002", // 16 digits are written as they are
		"0012345678901000": "0012345678901000",
		"01234567890100x":  "01234567890100x",
		"":                 "",
	} {
		if got := FormatNPWP(in); got != want {
			t.Errorf("FormatNPWP(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNPWPHolderOf(t *testing.T) {
	for _, tc := range []struct {
		npwp string
		form LegalForm
		want NPWPHolder
	}{
		{"", LegalCV, NPWPNone},
		{"1801041203800002", LegalCV, NPWPOwner},        // a NIK is a person's, whatever the form
		{"012345678901000", LegalPerorangan, NPWPOwner}, // a sole proprietor has no other
		{"012345678901000", LegalUD, NPWPOwner},         // a UD is not an entity either
		{"012345678901000", LegalCV, NPWPBusiness},      // taxpayer type 01: an entity
		{"0012345678901000", LegalPT, NPWPBusiness},     // the same in 16 digits
		{"0012345678901000", LegalKoperasi, NPWPBusiness},
		{"012345678901000", LegalBUMDes, NPWPBusiness},
		{"072345678901000", LegalCV, NPWPOwner},  // taxpayer type 07: a person
		{"0042345678901000", LegalPT, NPWPOwner}, // type 04 in 16 digits
		{"012345678901000", LegalOther, NPWPUnknown},
		{"012345678901000", "", NPWPUnknown},
	} {
		if got := NPWPHolderOf(tc.npwp, tc.form); got != tc.want {
			t.Errorf("NPWPHolderOf(%q, %q) = %q, want %q", tc.npwp, tc.form, got, tc.want)
		}
	}
}
