package sheet

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
)

// zipFile builds a workbook by hand, for XML that spreadsheet programs
// other than excelize write: namespace prefixes, comments, CDATA, rich
// text with phonetic guides, cells and rows left out.
func zipFile(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readTable(t *testing.T, data []byte, sheet string) (lines []int, rows [][]string) {
	t.Helper()
	tbl, format, err := Open(context.Background(), bytes.NewReader(data), int64(len(data)), sheet)
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Close()
	if format != FormatXLSX {
		t.Fatalf("format %q", format)
	}
	for {
		cells, line, err := tbl.Next()
		if err == io.EOF {
			return lines, rows
		}
		if err != nil {
			t.Fatal(err)
		}
		lines, rows = append(lines, line), append(rows, cells)
	}
}

func TestXLSXReaderHandWrittenXML(t *testing.T) {
	data := zipFile(t, map[string]string{
		"xl/workbook.xml": `<?xml version="1.0"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<x:sheets><x:sheet name="Data UMKM" sheetId="1" r:id="rId7"/></x:sheets></x:workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/>
<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/></Relationships>`,
		"xl/strings.xml": `<sst uniqueCount="3"><si><t>Nama Usaha</t></si><si><r><t>Kopi </t></r><r><rPr><b/></rPr><t xml:space="preserve">&amp; Lada</t></r><rPh><t>ignored</t></rPh></si><si/></sst>`,
		"xl/worksheets/data.xml": `<x:worksheet><!-- a comment with <row> inside --><x:sheetData>
<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>Omzet &gt; 0</x:t></x:is></x:c></x:row>
<x:row r="4"><x:c r="A4" t="s"><x:v>1</x:v></x:c><x:c r="B4"/><x:c r="C4"><x:v>1234.5</x:v></x:c><x:c r="D4"><x:v>1.5E6</x:v></x:c><x:c r="E4" t="str"><x:v><![CDATA[a<b]]></x:v></x:c></x:row>
<x:row r="5"/>
<x:row r="6"><x:c r="A6" t="s"><x:v>2</x:v></x:c><x:c r="B6" t="b"><x:v>1</x:v></x:c><x:c r="C6"><x:f>SUM(C1:C4)</x:f><x:v>1234.5</x:v></x:c><x:c r="D6" t="str"><x:v>caf&#233;_x000D_</x:v></x:c></x:row>
</x:sheetData></x:worksheet>`,
	})
	lines, rows := readTable(t, data, "Data UMKM")
	wantLines := []int{1, 4, 6}
	wantRows := [][]string{
		{"Nama Usaha", "", "Omzet > 0"},
		{"Kopi & Lada", "", "1234,5", "1500000", "a<b"},
		{"", "TRUE", "=SUM(C1:C4)", "café\r"},
	}
	if !reflect.DeepEqual(lines, wantLines) || !reflect.DeepEqual(rows, wantRows) {
		t.Errorf("got lines %v rows %q\nwant %v %q", lines, rows, wantLines, wantRows)
	}
}

func TestMergedCellsFoundAcrossChunks(t *testing.T) {
	// A sheet large enough that its <mergeCell> tag may straddle the
	// scanner's 256 KiB chunks, at every offset near the border.
	for pad := 256*1024 - 40; pad < 256*1024+5; pad += 3 {
		sheet := `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>` + string(bytes.Repeat([]byte("x"), pad)) +
			`</t></is></c></row></sheetData><mergeCells count="1"><mergeCell ref="B2:B4"/></mergeCells></worksheet>`
		data := zipFile(t, map[string]string{
			"xl/workbook.xml":            `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>`,
			"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
			"xl/worksheets/sheet1.xml":   sheet,
		})
		tbl, _, err := Open(context.Background(), bytes.NewReader(data), int64(len(data)), "")
		if err != nil {
			t.Fatalf("pad %d: %v", pad, err)
		}
		if ms := tbl.(interface{ Merges() []Merge }).Merges(); len(ms) != 1 || ms[0] != (Merge{Top: 2, Bottom: 4, Left: 1, Right: 1}) {
			t.Fatalf("pad %d: %+v", pad, ms)
		}
	}
}

func TestColumnLetter(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := ColumnLetter(i); got != want {
			t.Errorf("ColumnLetter(%d) = %q, want %q", i, got, want)
		}
		if c, _ := columnOfRef(want + "12"); c != i {
			t.Errorf("columnOfRef(%q) = %d", want+"12", c)
		}
	}
}

func TestReadTagQuotes(t *testing.T) {
	for in, want := range map[string]string{
		`<c a="x>'y" b='z>"w'>rest`: `c a="x>'y" b='z>"w'`,
		`<row r="2">`:               `row r="2"`,
		`<!-- a "b > c -->`:         `!-- a "b > c --`,
		`<![CDATA[a>'b]]>`:          `![CDATA[a>'b]]`,
		`<x y=">>>>" z='>'/>`:       `x y=">>>>" z='>'/`,
	} {
		sc := newXMLScanner(strings.NewReader(in))
		sc.skipTo('<')
		if err := sc.readTag(); err != nil || string(sc.tag) != want {
			t.Errorf("readTag(%q) = %q %v, want %q", in, sc.tag, err, want)
		}
	}
	sc := newXMLScanner(strings.NewReader(`<x y="` + strings.Repeat(">", MaxTagBytes) + `">`))
	sc.skipTo('<')
	if err := sc.readTag(); siapekspor.KeyOf(err) != "import.xlsx_tag_too_long" {
		t.Errorf("a tag over the limit: %v", err)
	}
}

func TestAttrRaw(t *testing.T) {
	for _, c := range []struct {
		attrs, name, want string
		ok                bool
	}{
		{` r="A5" t="s"`, "r", "A5", true},
		{` r="A5" t="s"`, "t", "s", true},
		{` t = 'inlineStr' r='B7'`, "t", "inlineStr", true},
		{` xr="A1" r="C3"`, "r", "C3", true},              // a longer name ending in the one looked for
		{` x:r="A1"`, "r", "", false},                     // a prefixed name is another attribute
		{` s="r=&quot;Z9&quot;" r="D4"`, "r", "D4", true}, // the name inside another's value
		{` hidden r="E5"`, "r", "E5", true},               // a name without a value is passed over
		{` r=E5`, "r", "", false},                         // an unquoted value
		{` r="E5`, "r", "", false},                        // an unclosed quote
		{``, "r", "", false},
	} {
		got, ok := attrRaw([]byte(c.attrs), c.name)
		if string(got) != c.want || ok != c.ok {
			t.Errorf("attrRaw(%q, %q) = %q, %v; want %q, %v", c.attrs, c.name, got, ok, c.want, c.ok)
		}
	}
	if v, _ := attr([]byte(` v="a&amp;b"`), "v"); v != "a&b" {
		t.Errorf("attr decodes entities: %q", v)
	}
}

// TestCellValueNumbers: a number reads as the office sees it, whether the
// quick path for plain integers or the conversion takes it.
func TestCellValueNumbers(t *testing.T) {
	for in, want := range map[string]string{
		"1234": "1234", "0": "0", "-0": "0", "-17": "-17", "007": "7", "1234.5": "1234,5",
		"1e3": "1000", "2.5E-1": "0,25", "123456789012345": "123456789012345",
		"3201234567890123": "3201234567890123", "abc": "abc", "": "",
	} {
		tbl := &xlsxTable{}
		v := tbl.cellValue("n", []byte(in))
		if got := v + string(tbl.rowText); got != want {
			t.Errorf("cellValue(%q) = %q, want %q", in, got, want)
		}
	}
	tbl := &xlsxTable{shared: []string{"nol", "satu"}}
	for in, want := range map[string]string{"1": "satu", "2": "", "-1": "", "x": ""} {
		if got := tbl.cellValue("s", []byte(in)); got != want || len(tbl.rowText) != 0 {
			t.Errorf("shared %q = %q, want %q", in, got, want)
		}
	}
}

// TestRowCellsShareOneString: the cells of a row read right, whatever the
// mix of shared, inline, numeric and empty cells around them.
func TestRowCellsShareOneString(t *testing.T) {
	sheet := `<worksheet><sheetData>` +
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Kopi &amp; Co</t></is></c><c r="D1"><v>42</v></c><c r="E1" t="str"><v></v></c><c r="F1" t="inlineStr"><is><r><t>Ta</t></r><r><t>pis</t></r></is></c></row>` +
		`<row r="2"><c r="A2" t="inlineStr"><is><t>kedua</t></is></c><c r="B2" t="b"><v>1</v></c><c r="C2"><f>SUM(A1)</f><v>3</v></c></row>` +
		`</sheetData></worksheet>`
	data := zipFile(t, map[string]string{
		"xl/workbook.xml":            `<workbook><sheets><sheet name="A" r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/sharedStrings.xml":       `<sst><si><t>bersama</t></si></sst>`,
		"xl/worksheets/sheet1.xml":   sheet,
	})
	tbl, _, err := Open(context.Background(), bytes.NewReader(data), int64(len(data)), "")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"bersama", "Kopi & Co", "", "42", "", "Tapis"}, {"kedua", "TRUE", "=SUM(A1)"}}
	for i, w := range want {
		cells, line, err := tbl.Next()
		if err != nil || line != i+1 || !slices.Equal(cells, w) {
			t.Fatalf("row %d: %q line %d %v; want %q", i+1, cells, line, err, w)
		}
	}
}

// A reference of many letters is a column past MaxColumns, never a
// negative one (FuzzFindHeader found "ABBHAAAAAAAAAAAAA1" overflowing).
func TestColumnOfLongRef(t *testing.T) {
	if c, ok := columnOfRef("ABBHAAAAAAAAAAAAA1"); !ok || c < MaxColumns {
		t.Fatalf("columnOfRef of 17 letters = %d, %v", c, ok)
	}
	if _, ok := ParseRange("ABBHAAAAAAAAAAAAA1:A1"); ok {
		t.Fatal("a range with a column past MaxColumns was taken")
	}
}
