package exportstats

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
)

// NumberStyle is how a column writes its numbers.
type NumberStyle string

const (
	StyleAuto NumberStyle = ""   // decide from the file (the default)
	StyleID   NumberStyle = "id" // 1.234.567,89: dots group thousands, the comma is the decimal mark
	StyleEN   NumberStyle = "en" // 1,234,567.89
)

// How a number column's style is decided (Options.NumberStyle forces one):
//
//  1. Each cell is evidence or not. Indonesian evidence: a comma after the
//     last dot (1.234,5), several dots (1.234.567), or one comma that does
//     not group thousands (302,77; 0,125; 1234,5 — what the XLSX reader
//     writes for a decimal number cell). English evidence, the mirror image:
//     1,234.5; 1,234,567; 302.77. Plain digits are no evidence, and neither
//     is one separator followed by exactly three digits after one to three
//     digits ("1.234", "12,500"): that is a thousands group in one style and
//     a decimal in the other.
//  2. The column's evidence decides; when it has both kinds, the majority
//     does and each cell written the other way is a problem (never silently
//     read a thousand times too big or small).
//  3. A column without evidence takes the evidence of the file's other
//     number columns; then, for an XLSX file, Indonesian (its number cells
//     never carry thousands separators, and a decimal comes back with a
//     comma); then the language of the headers (Value, Weight, May, Oct →
//     English); else Indonesian, the language of BPS's releases.
type numberClass int

const (
	numNone      numberClass = iota // empty or nil
	numPlain                        // digits only
	numAmbiguous                    // 1.234 / 12,500
	numID
	numEN
	numBad
)

var (
	reID       = regexp.MustCompile(`^([1-9]\d{0,2}(\.\d{3})+|\d+)(,\d+)?$`)
	reEN       = regexp.MustCompile(`^([1-9]\d{0,2}(,\d{3})+|\d+)(\.\d+)?$`)
	reAmbig    = regexp.MustCompile(`^[1-9]\d{0,2}[.,]\d{3}$`)
	reExponent = regexp.MustCompile(`^\d+([.,]\d+)?[eE][+-]?\d+$`)
)

// cleanNumber strips what surrounds a number in a table: spaces (also
// non-breaking ones), a currency sign, a sign or brackets for negatives.
// nil is BPS's dash for "nothing" (-, –, —), read as zero; missing is a
// cell that holds no figure (empty, "...", "x", "n.a.").
var numberSpaces = strings.NewReplacer("\u00a0", "", "\u202f", "", " ", "", "\t", "")

func cleanNumber(s string) (digits string, neg, nilValue, missing bool) {
	s = strings.TrimSpace(numberSpaces.Replace(s))
	switch strings.ToLower(s) {
	case "":
		return "", false, false, true
	case "-", "–", "—", "--":
		return "", false, true, false
	case "...", "…", "x", "n.a", "n.a.", "na", "n/a", "tt", "t.t.":
		return "", false, false, true
	}
	// A currency sign, brackets and a sign come in either order: "US$ -5",
	// "-US$5", "(Rp 1.000)", "Rp. 1.000" (Rupiah's abbreviation has a dot),
	// "1,000 USD".
	for changed := true; changed; {
		changed = false
		if c, ok := currencyAround(s); ok {
			s, changed = c, true
		}
		if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
			s, neg, changed = s[1:len(s)-1], true, true
		}
		if t := strings.TrimLeft(s, "-−"); t != s {
			s, neg, changed = t, true, true
		} else if t := strings.TrimPrefix(s, "+"); t != s {
			s, changed = t, true
		}
	}
	return s, neg, false, false
}

// currencyAround removes a currency sign before or after a number.
func currencyAround(s string) (string, bool) {
	for _, p := range []string{"us$", "usd", "$", "rp.", "rp"} {
		n := len(p)
		switch {
		case len(s) >= n && strings.EqualFold(s[:n], p):
			return s[n:], true
		case len(s) >= n && strings.EqualFold(s[len(s)-n:], p) && p != "rp.":
			return s[:len(s)-n], true
		}
	}
	return s, false
}

// classify says what a cleaned number tells about its style.
func classify(s string) numberClass {
	if s == "" {
		return numNone
	}
	for _, c := range s {
		if (c < '0' || c > '9') && c != '.' && c != ',' {
			if reExponent.MatchString(s) {
				return numPlain
			}
			return numBad
		}
	}
	dots, commas := strings.Count(s, "."), strings.Count(s, ",")
	switch {
	case dots == 0 && commas == 0:
		return numPlain
	case reAmbig.MatchString(s):
		return numAmbiguous
	case dots > 0 && commas > 0:
		if strings.LastIndex(s, ",") > strings.LastIndex(s, ".") {
			return numID
		}
		return numEN
	case commas == 1:
		return numID
	case commas > 1:
		return numEN
	case dots > 1:
		return numID
	}
	return numEN // one dot, not a thousands group
}

// parseStyled reads a cleaned number in a style; decimals counts the digits
// after the decimal mark as written (for the rounding of totals).
func parseStyled(s string, style NumberStyle) (v float64, decimals int, ok bool) {
	if reExponent.MatchString(s) {
		f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		return f, 0, err == nil && !math.IsInf(f, 0)
	}
	var plain string
	switch style {
	case StyleEN:
		if !reEN.MatchString(s) {
			return 0, 0, false
		}
		plain = strings.ReplaceAll(s, ",", "")
	default:
		if !reID.MatchString(s) {
			return 0, 0, false
		}
		plain = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
	}
	if i := strings.IndexByte(plain, '.'); i >= 0 {
		decimals = len(plain) - i - 1
	}
	f, err := strconv.ParseFloat(plain, 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, 0, false
	}
	return f, decimals, true
}

// evidence counts a column's cells by what they say about the style.
type evidence struct{ id, en int }

func (e *evidence) add(c numberClass) {
	switch c {
	case numID:
		e.id++
	case numEN:
		e.en++
	}
}

// decide returns the style the evidence shows, or "" when it shows none
// (or a tie).
func (e evidence) decide() NumberStyle {
	switch {
	case e.id > e.en:
		return StyleID
	case e.en > e.id:
		return StyleEN
	}
	return StyleAuto
}

// formatNumber writes v with decimals digits in a style, thousands grouped.
func formatNumber(v float64, decimals int, style NumberStyle) string {
	s := siapekspor.FormatDecimalID(v, decimals) // 1.234,5
	if style == StyleEN {
		s = swapMarks.Replace(s) // 1,234.5
	}
	return s
}

var swapMarks = strings.NewReplacer(".", ",", ",", ".")

// round2 rounds a dollar amount to cents, a weight to grams: scaling "302,77"
// juta gives 302769999.99999994 otherwise.
func roundTo(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}
