package trade

import (
	"io"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
)

func readAllFlows(t *testing.T, r Reader) []Flow {
	t.Helper()
	var out []Flow
	if err := ForEach(r, func(f Flow) error { out = append(out, f); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBACIReader(t *testing.T) {
	// BACI's own numbering: 490 Other Asia (Taiwan), 251 France, 842 USA,
	// 699 India, 757 Switzerland, 579 Norway; k without its leading zero.
	file := "t,i,j,k,v,q\n" +
		"2022,360,392,90111,91784.809,40000.5\n" +
		"2022,490,842,090121,1.5,NA\n" +
		"2022,251,699,121221,8.165,\n" +
		"2022,757,579,530500,0.001, \n"
	r, err := NewBACIReader(strings.NewReader(file), Options{Name: "BACI_HS17_Y2022_V202401.csv"})
	if err != nil {
		t.Fatal(err)
	}
	flows := readAllFlows(t, r)
	if ps := r.Problems(); len(ps) != 0 {
		t.Fatalf("problems: %+v", ps)
	}
	want := []Flow{
		{Dataset: "baci", Year: 2022, Exporter: "IDN", Importer: "JPN", HS: "090111", Edition: HS17, ValueUSD: 91784809, QuantityTonnes: 40000.5, Line: 2},
		{Dataset: "baci", Year: 2022, Exporter: "TWN", Importer: "USA", HS: "090121", Edition: HS17, ValueUSD: 1500, Line: 3},
		{Dataset: "baci", Year: 2022, Exporter: "FRA", Importer: "IND", HS: "121221", Edition: HS17, ValueUSD: 8165, Line: 4},
		{Dataset: "baci", Year: 2022, Exporter: "CHE", Importer: "NOR", HS: "530500", Edition: HS17, ValueUSD: 1, Line: 5},
	}
	if len(flows) != len(want) {
		t.Fatalf("flows = %+v", flows)
	}
	for i := range want {
		if flows[i] != want[i] {
			t.Errorf("flow %d = %+v\nwant %+v", i, flows[i], want[i])
		}
	}
	if r.Rows() != 4 {
		t.Errorf("rows = %d", r.Rows())
	}
}

func TestBACIProblemsAreCollected(t *testing.T) {
	file := "t,i,j,k,v,q\n" +
		"2022,360,392,090111,1,1\n" +
		"2022,999,392,090111,1,1\n" + // unknown exporter
		"2022,360,392,9999AA,1,1\n" + // BACI's non-HS code
		"2022,360,392,770000,1,1\n" + // chapter 77 is reserved
		"20x2,360,0,090111,-1,abc\n" + // four problems on one row
		"2022,360,392\n" + // too few fields
		"2022,360,392,090111,2,2\n"
	r, err := NewBACIReader(strings.NewReader(file), Options{Name: "b.csv", Edition: HS17})
	if err != nil {
		t.Fatal(err)
	}
	flows := readAllFlows(t, r)
	if len(flows) != 2 || flows[1].Line != 8 {
		t.Fatalf("the good rows are kept: %+v", flows)
	}
	var got []string
	for _, p := range r.Problems() {
		got = append(got, p.Where()+" "+p.Key)
	}
	want := []string{
		"b.csv:3: i trade.unknown_country",
		"b.csv:4: k trade.bad_product",
		"b.csv:5: k trade.unknown_product",
		"b.csv:6: t trade.bad_year",
		"b.csv:6: j trade.unknown_country",
		"b.csv:6: v trade.bad_value",
		"b.csv:6: q trade.bad_quantity",
		"b.csv:7 trade.field_count",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestBACIRefusesWrongFiles(t *testing.T) {
	for name, c := range map[string]struct{ file, name, key string }{
		"header":  {"year,exporter,importer\n1,2,3\n", "BACI_HS17_Y2022_V202401.csv", "trade.bad_header"},
		"edition": {"t,i,j,k,v,q\n", "trade.csv", "trade.no_edition"},
		"empty":   {"", "BACI_HS17_Y2022.csv", "trade.empty_file"},
	} {
		_, err := NewBACIReader(strings.NewReader(c.file), Options{Name: c.name})
		e, ok := siapekspor.AsError(err)
		if !ok || len(e.Fields) == 0 || e.Fields[0].Key != c.key {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestEditionFromName(t *testing.T) {
	for name, want := range map[string]Edition{"BACI_HS92_Y1995_V202401.csv": HS92, "data/BACI_HS22_Y2023_V202501.csv": HS22, "baci_hs17_y2024.csv": HS17} {
		if got, ok := editionFromName(name); !ok || got != want {
			t.Errorf("%s: %q", name, got)
		}
	}
}

func TestBACIOldEditionChecksChapterOnly(t *testing.T) {
	// HS 1992's 846911 (typewriters) no longer exists; only its chapter is checked.
	r, err := NewBACIReader(strings.NewReader("t,i,j,k,v,q\n1995,392,360,846911,1,1\n"), Options{Name: "BACI_HS92_Y1995_V202401.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if f, err := r.Next(); err != nil || f.HS != "846911" || f.Edition != HS92 {
		t.Fatalf("%+v %v", f, err)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Fatal(err)
	}
}
