package trade

import (
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
)

func TestCleanAndValidHS(t *testing.T) {
	for in, want := range map[string]string{"90111": "090111", "0901.11": "090111", "901": "0901", "9": "09", "121221": "121221", " 0901 11 ": "090111"} {
		if got := CleanHS(in); got != want {
			t.Errorf("CleanHS(%q) = %q, want %q", in, got, want)
		}
	}
	for code, ok := range map[string]bool{"09": true, "0901": true, "090111": true, "0901111": false, "00": false, "09a1": false, "": false, "001234": false} {
		if ValidHS(code) != ok {
			t.Errorf("ValidHS(%q) = %v", code, !ok)
		}
	}
}

func TestHSAt(t *testing.T) {
	if h, ok := HSAt("090111", 4); !ok || h != "0901" {
		t.Errorf("HSAt 4 = %q %v", h, ok)
	}
	if _, ok := HSAt("0901", 6); ok {
		t.Error("a heading cannot be cut to 6 digits")
	}
}

func TestParseEdition(t *testing.T) {
	for in, want := range map[string]Edition{"H5": HS17, "HS17": HS17, "hs2017": HS17, "2022": HS22, "H0": HS92, "HS92": HS92, "H6": HS22} {
		if got, ok := ParseEdition(in); !ok || got != want {
			t.Errorf("ParseEdition(%q) = %q %v", in, got, ok)
		}
	}
	if _, ok := ParseEdition("S3"); ok {
		t.Error("SITC is not HS")
	}
}

func TestProblemFormatAndErr(t *testing.T) {
	p := Problem{File: "BACI.csv", Line: 12, Column: "k", Key: "trade.bad_product", Value: "9999AA"}
	if got := p.Where(); got != "BACI.csv:12: k" {
		t.Errorf("Where = %q", got)
	}
	tr := func(key string, args ...any) string { return "msg(" + key + ")" }
	if got := p.Format(tr); got != "BACI.csv:12: k: msg(trade.bad_product) (9999AA)" {
		t.Errorf("Format = %q", got)
	}
	err := Problems{p}.Err()
	e, ok := siapekspor.AsError(err)
	if !ok || e.Code != siapekspor.EInvalid || e.Key != "trade.file_problems" || len(e.Fields) != 1 || e.Fields[0].Field != "BACI.csv:12: k" {
		t.Fatalf("Err = %#v", err)
	}
	if (Problems{}).Err() != nil {
		t.Error("no problems, no error")
	}
	var log problemLog
	log.max = 2
	for i := 0; i < 5; i++ {
		log.add(i+1, "", "trade.bad_value", strings.Repeat("x", 100))
	}
	ps := log.problems()
	if len(ps) != 3 || ps[2].Key != "trade.more_problems" || ps[2].Args[0] != siapekspor.Count(3) || len([]rune(ps[0].Value)) != 61 {
		t.Fatalf("capped problems = %+v", ps)
	}
}

func TestParseNumber(t *testing.T) {
	for in, want := range map[string]float64{"0": 0, "5.5": 5.5, "0.05": 0.05, "-1.25": -1.25, "8164.999999999999": 8164.999999999999, "1e3": 1000, "12345678901234567890": 12345678901234567890} {
		got, ok := parseNumber([]byte(in))
		if !ok || got != want {
			t.Errorf("parseNumber(%q) = %v %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "NA", "1,5", "abc", "NaN", "1e999", "."} {
		if _, ok := parseNumber([]byte(in)); ok {
			t.Errorf("parseNumber(%q) accepted", in)
		}
	}
}

func TestLineReaderQuotes(t *testing.T) {
	lr := newLineReader(strings.NewReader("\xef\xbb\xbfa,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\n\"two\nlines\",z\n\"open"))
	want := [][]string{{"a", "b"}, {"x, y", `say "hi"`}, {"two\nlines", "z"}}
	for i, w := range want {
		f, err := lr.read()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, x := range f {
			got = append(got, string(x))
		}
		if strings.Join(got, "|") != strings.Join(w, "|") {
			t.Errorf("record %d = %q", i, got)
		}
	}
	if lr.line != 4 {
		t.Errorf("the quoted record started on line 4, got %d", lr.line)
	}
	if _, err := lr.read(); err != errUnclosedQuote {
		t.Errorf("unclosed quote: %v", err)
	}
}
