package siapekspor

import (
	"net/mail"
	"strings"
	"time"
	"unicode"
)

// RuleError names the rule a value broke by its translation key, so that
// forms and the API can show it, in the user's language, beside the field.
type RuleError struct {
	Key string
}

func (e *RuleError) Error() string { return e.Key }

func ruleErr(key string) error { return &RuleError{Key: key} }

// digitsOnly strips the separators people type inside numbers (spaces, dots,
// dashes) and reports whether what is left is all digits.
func digitsOnly(s string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '.' || digitSeparator(r):
		default:
			return "", false
		}
	}
	return b.String(), b.Len() > 0
}

// digitSeparator is what people and programs put between groups of digits:
// spaces (the no-break space of a copied web page too), hyphens and the
// dashes word processors turn them into, and invisible zero-width marks.
func digitSeparator(r rune) bool {
	switch {
	case r == '-' || unicode.IsSpace(r):
		return true
	case r >= '\u2010' && r <= '\u2015', r == '\u2212': // hyphens, dashes, minus
		return true
	case strings.ContainsRune(invisibleMarks, r):
		return true
	}
	return false
}

// NormalizeNIB returns the 13 digits of a Nomor Induk Berusaha from OSS.
func NormalizeNIB(s string) (string, error) {
	d, ok := digitsOnly(s)
	if !ok || len(d) != 13 {
		return "", ruleErr("nib.digits")
	}
	return d, nil
}

// NormalizeNIK returns the 16 digits of a NIK (Nomor Induk Kependudukan).
// Its digits 1–6 are the province, regency and district where it was issued;
// digits 7–12 are the birth date as DDMMYY, with 40 added to the day for
// women; the last four are a serial that is never 0000. regionExists is asked
// about the dotted district code ("18.01.04"); nil skips that check.
func NormalizeNIK(s string, regionExists func(dottedCode string) bool) (string, error) {
	d, ok := digitsOnly(s)
	if !ok || len(d) != 16 {
		return "", ruleErr("nik.digits")
	}
	if regionExists != nil && !regionExists(d[0:2]+"."+d[2:4]+"."+d[4:6]) {
		return "", ruleErr("nik.region")
	}
	day := int(d[6]-'0')*10 + int(d[7]-'0')
	if day > 40 {
		day -= 40
	}
	month := int(d[8]-'0')*10 + int(d[9]-'0')
	year := 2000 + int(d[10]-'0')*10 + int(d[11]-'0') // the century is not encoded; any leap-year check needs one
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) {
		return "", ruleErr("nik.birthdate")
	}
	if d[12:] == "0000" {
		return "", ruleErr("nik.serial")
	}
	return d, nil
}

// NormalizeNPWP returns the digits of an NPWP (Nomor Pokok Wajib Pajak,
// the tax number): the legacy 15 digits (written 01.234.567.8-901.000), or
// the 16 digits in use since 2024, which for a resident person are the NIK
// and for an entity are 0 followed by the legacy 15. A 16-digit number not
// starting with 0 is therefore checked as a NIK (regionExists as in
// NormalizeNIK). All zeros, which forms use for "none", is refused.
func NormalizeNPWP(s string, regionExists func(dottedCode string) bool) (string, error) {
	d, ok := digitsOnly(s)
	if !ok || len(d) != 15 && len(d) != 16 {
		return "", ruleErr("npwp.digits")
	}
	if strings.Trim(d, "0") == "" {
		return "", ruleErr("npwp.zero")
	}
	if len(d) == 16 && d[0] != '0' {
		if _, err := NormalizeNIK(d, regionExists); err != nil {
			return "", ruleErr("npwp.nik")
		}
	}
	return d, nil
}

// FormatNPWP writes a legacy 15-digit NPWP the way it is printed on the
// card (01.234.567.8-901.000); other values are returned as they are.
func FormatNPWP(s string) string {
	if len(s) != 15 || strings.Trim(s, "0123456789") != "" {
		return s
	}
	return s[0:2] + "." + s[2:5] + "." + s[5:8] + "." + s[8:9] + "-" + s[9:12] + "." + s[12:15]
}

func daysIn(month, year int) int {
	if month == 2 {
		// 29 February is valid in either century for years divisible by 4
		// except 00 (1900 was not a leap year; 2000 was): accept it.
		return 29
	}
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// NormalizePhone returns an Indonesian phone number in E.164 form (+62…).
// It accepts what people write: 0812-3456-7890, 0812 3456 7890, 62812…,
// +62 812…, 812…, and landlines with an area code such as (0721) 123456.
func NormalizePhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
		case r == '.' || r == '(' || r == ')' || r == '/' || digitSeparator(r):
		default:
			return "", ruleErr("phone.invalid")
		}
	}
	d := b.String()
	switch {
	case strings.HasPrefix(d, "62"):
		d = d[2:]
	case strings.HasPrefix(d, "0"):
		d = d[1:]
	}
	// Subscriber numbers after +62: mobile 8xx… (9–12 digits), landline
	// area code + number (8–11 digits).
	if len(d) < 8 || len(d) > 13 || d[0] == '0' {
		return "", ruleErr("phone.invalid")
	}
	if d[0] == '8' && len(d) < 9 {
		return "", ruleErr("phone.invalid")
	}
	return "+62" + d, nil
}

// NormalizeEmail returns a plain address with its domain in lower case.
func NormalizeEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "", ruleErr("email.invalid")
	}
	local, domain, ok := strings.Cut(a.Address, "@")
	if !ok || local == "" || !strings.Contains(domain, ".") || strings.HasSuffix(domain, ".") || strings.HasPrefix(domain, ".") {
		return "", ruleErr("email.invalid")
	}
	return local + "@" + strings.ToLower(domain), nil
}
