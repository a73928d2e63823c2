package sheet

import (
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzMax keeps each input small enough that the fuzzer runs many.
const fuzzMax = 256 << 10

// FuzzXMLText checks the scanner's text decoding: text escaped as XML
// (as any writer does) reads back as it was, and any bytes at all end.
func FuzzXMLText(f *testing.F) {
	f.Add("Kopi & Teh <Jaya> \"Lampung\" 'Selatan'\tÄ€😀")
	f.Add(strings.Repeat("&", 100) + "&amp")
	f.Add("a]]>b<![CDATA[c")
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > fuzzMax {
			t.Skip()
		}
		// Any bytes, as an element's content: text ends, within its limit.
		sc := newXMLScanner(strings.NewReader("<v>" + s + "</v>"))
		if _, _, _, err := sc.next(); err != nil {
			t.Fatal(err)
		}
		if got, err := sc.text(nil, "v", MaxCellBytes); err == nil && len(got) > MaxCellBytes {
			t.Fatalf("%d bytes of text over the limit", len(got))
		}
		// Escaped text reads back, but Excel's own _xHHHH_ escapes, which
		// are decoded on purpose, and what XML cannot hold.
		if !utf8.ValidString(s) || strings.Contains(s, "_x") || strings.ContainsFunc(s, func(r rune) bool {
			return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF
		}) {
			return
		}
		var esc strings.Builder
		xml.EscapeText(&esc, []byte(s))
		sc = newXMLScanner(strings.NewReader(`<c><v>` + esc.String() + `</v></c>`))
		sc.next()
		sc.next()
		got, err := sc.text(nil, "v", 4*len(s)+16)
		if err != nil || string(got) != s {
			t.Fatalf("text %q read back as %q (%v)", s, got, err)
		}
	})
}
