package trade

import (
	"sync"

	"github.com/siapekspor/siapekspor/internal/refdata"
)

// codeCache interns product codes so that reading a ten-million-row file
// does not allocate a string per row: there are only a few thousand codes.
type codeCache map[uint32]string

// code returns the HS code of the digits in b, restoring one dropped leading
// zero (BACI's k column is numeric in some exports: 90111 is 090111). ok is
// false unless the result has 2, 4 or 6 digits.
func (c codeCache) code(b []byte) (string, bool) {
	b = trimSpace(b)
	n := len(b)
	if n == 0 || n > 6 {
		return "", false
	}
	v := uint32(0)
	for _, ch := range b {
		if ch < '0' || ch > '9' {
			return "", false
		}
		v = v*10 + uint32(ch-'0')
	}
	if n%2 == 1 {
		n++
	}
	k := v*8 + uint32(n)
	if s, ok := c[k]; ok {
		return s, s != ""
	}
	s := string(b)
	if len(s) < n {
		s = "0" + s
	}
	if !ValidHS(s) {
		s = ""
	}
	c[k] = s
	return s, s != ""
}

var (
	headingsOnce sync.Once
	headings     map[string]bool
)

// knownHeading reports whether a 4-digit heading exists in the HS 2022
// nomenclature (refdata) or among the HS 2017 codes of the shipped trade
// data. Older editions are not shipped, so their codes are checked against
// the chapter only (see checkProduct).
func knownHeading(h string) bool {
	headingsOnce.Do(func() {
		headings = map[string]bool{}
		for _, c := range refdata.HSCodes() {
			if c.Level == 4 {
				headings[c.Code] = true
			}
		}
		for c := range hs2017Codes() {
			headings[c[:4]] = true
		}
	})
	return headings[h]
}

// knownChapter reports a chapter of the HS: 01–97, chapter 77 being reserved.
func knownChapter(ch string) bool {
	return len(ch) == 2 && allDigits(ch) && ch >= "01" && ch <= "97" && ch != "77"
}

// checkProduct returns the message key of what is wrong with a well-formed
// code of an edition, "" when nothing is.
func checkProduct(code string, ed Edition) string {
	if !knownChapter(code[:2]) {
		return "trade.unknown_product"
	}
	if len(code) >= 4 && (ed == HS17 || ed == HS22) && !knownHeading(code[:4]) {
		return "trade.unknown_product"
	}
	return ""
}
