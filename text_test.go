package siapekspor

import (
	"testing"
	"time"
)

// anyRegion knows every code as a regency.
type anyRegion struct{}

func (anyRegion) RegionLevel(code string) (int, bool) { return 2, true }
func (anyRegion) KBLIExists(string, string) bool      { return true }
func (anyRegion) HSExists(string) bool                { return true }

func TestTextProblem(t *testing.T) {
	for _, c := range []struct {
		s         string
		multiline bool
		want      string
	}{
		{"Kopi Robusta Liwa — ☕ Lampung", false, ""},
		{"baris satu\r\nbaris dua\ttab", true, ""},
		{"baris satu\nbaris dua", false, TextOneLine},
		{"tab\there", false, TextOneLine},
		{"nul\x00", true, TextControlChars},
		{"escape \x1b[31m", true, TextControlChars},
		{"del \x7f", true, TextControlChars},
		{"c1 \u0085", true, TextControlChars},
		{"bad \xff utf-8", true, TextInvalidUTF8},
		{"line\nthen nul \x00", false, TextControlChars}, // the worse problem wins
		{"", false, ""},
	} {
		if got := TextProblem(c.s, c.multiline); got != c.want {
			t.Errorf("TextProblem(%q, %v) = %q, want %q", c.s, c.multiline, got, c.want)
		}
	}
}

func TestTextProblemsWalksEveryString(t *testing.T) {
	type inner struct {
		Reason string `json:"reason"`
		Code   string `json:"code"`
	}
	type embedded struct {
		Label string `json:"label"`
	}
	v := struct {
		embedded
		Name    string            `json:"name"`
		Notes   string            `json:"notes,omitempty"`
		Tags    []string          `json:"tags"`
		Points  map[string]inner  `json:"points"`
		Ptr     *inner            `json:"ptr"`
		Raw     []byte            `json:"raw"`
		Skipped string            `json:"-"`
		Extra   map[string]string `json:"extra"`
	}{
		embedded: embedded{Label: "a\x00"},
		Name:     "ok", Notes: "two\nlines",
		Tags:    []string{"fine", "bad\x01"},
		Points:  map[string]inner{"quality": {Reason: "many\nlines", Code: "x\ny"}},
		Ptr:     &inner{Code: "\xff"},
		Raw:     []byte{0, 1, 2},
		Skipped: "\x00",
		Extra:   map[string]string{"k\x02": "v"},
	}
	got := map[string]string{}
	for _, f := range TextProblems(v) {
		got[f.Field] = f.Key
	}
	want := map[string]string{"label": TextControlChars, "tags": TextControlChars, "code": TextOneLine, "extra": TextControlChars}
	if len(got) != len(want) {
		t.Errorf("problems %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	// The Ptr's code is invalid UTF-8, but "code" already had its problem:
	// one per field name.
	if TextProblems(nil) != nil || TextProblems(&struct{ A int }{1}) != nil {
		t.Error("problems where there is no text")
	}
}

func TestEnterpriseValidateRefusesControlCharacters(t *testing.T) {
	e := &Enterprise{Name: "Kopi", LegalForm: LegalUD, RegencyCode: "18.01", OwnerName: "Sri\x00", Notes: "baris\nbaris"}
	e.Normalize()
	err := e.Validate(anyRegion{}, time.Now())
	de, ok := AsError(err)
	if !ok || !Problems(de.Fields).Has("owner_name") || Problems(de.Fields).Has("notes") {
		t.Errorf("Validate: %v", err)
	}
}

func TestParseDigits(t *testing.T) {
	for in, want := range map[string]int{"0": 0, "7": 7, "2026": 2026, "007": 7, "999999999": 999999999} {
		if got, ok := ParseDigits([]byte(in)); !ok || got != want {
			t.Errorf("ParseDigits(%q) = %d %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "-1", "1.5", " 1", "1000000000", "12a"} {
		if _, ok := ParseDigits([]byte(in)); ok {
			t.Errorf("ParseDigits(%q) accepted", in)
		}
	}
}
