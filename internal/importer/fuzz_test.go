package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"github.com/siapekspor/siapekspor/internal/sheet"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/fuzzcheck"
)

// The fuzz targets of the importer: every file an office uploads goes
// through Open and the Reader, so any bytes must end in rows or a message,
// never a panic or a hang. Seeds are in testdata/fuzz; run one longer with
//
//	go test -run '^$' -fuzz '^FuzzTable$' -fuzztime 5m ./internal/importer/
//
// or all of them with scripts/fuzz.

// fuzzMax keeps each input small enough that the fuzzer runs many.
const fuzzMax = 256 << 10

// readFuzz reads data as an enterprise list and checks what comes out.
func readFuzz(t *testing.T, data []byte) {
	ctx := fuzzcheck.Context(t)
	tbl, format, err := sheet.Open(ctx, bytes.NewReader(data), int64(len(data)), "")
	if err != nil {
		fuzzcheck.NotHung(t, err, len(data))
		fuzzcheck.Error(t, err)
		return
	}
	defer tbl.Close()
	r, err := NewReader(tbl, format, Options{Province: "18", Reference: ref{}, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		fuzzcheck.NotHung(t, err, len(data))
		fuzzcheck.Error(t, err)
		return
	}
	last := 0
	for n := 0; ; n++ {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			fuzzcheck.NotHung(t, err, len(data))
			fuzzcheck.Error(t, err)
			return
		}
		// Every row costs at least a byte of the file (an XLSX row a
		// deflated byte or more): more rows than bytes would be a loop.
		if n > 8*len(data) {
			t.Fatalf("%d rows from %d bytes", n, len(data))
		}
		if row.Line <= r.Header.Line || (format == sheet.FormatCSV && row.Line <= last) {
			t.Fatalf("row line %d after %d (header %d)", row.Line, last, r.Header.Line)
		}
		last = row.Line
		if (row.Enterprise == nil) == (len(row.Problems) == 0) {
			t.Fatalf("line %d: enterprise %v with %d problems", row.Line, row.Enterprise != nil, len(row.Problems))
		}
		for _, p := range row.Problems {
			fuzzcheck.Message(t, p.Key, p.Args...)
			if len(p.Value) > maxShownValue+len("…") {
				t.Fatalf("problem value of %d bytes", len(p.Value))
			}
		}
		for _, g := range row.Guesses {
			fuzzcheck.Message(t, g.Key, g.Args...)
		}
	}
}

// FuzzTable reads any bytes as an uploaded enterprise list (CSV, XLSX or
// neither).
func FuzzTable(f *testing.F) {
	f.Add([]byte("Nama Usaha,Nama Pemilik,Kabupaten/Kota\nKopi Jaya,Budi,Lampung Selatan\n"))
	f.Add([]byte("Nama Usaha;Kab/Kota;Omzet\n\"Kopi \"\"Jaya\"\"\";Kota Metro;Rp 1,5 jt\n"))
	f.Add(sheetXLSX(`<row r="1"><c t="inlineStr"><is><t>Nama Usaha</t></is></c><c t="inlineStr"><is><t>Kabupaten</t></is></c></row>`, ""))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > fuzzMax {
			t.Skip()
		}
		readFuzz(t, data)
	})
}

// sheetXLSX wraps sheet rows (and shared strings, if any) in a workbook.
func sheetXLSX(rows, shared string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := []struct{ name, body string }{
		{"xl/workbook.xml", `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="A" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="…/worksheet"/><Relationship Id="rId2" Target="sharedStrings.xml" Type="…/sharedStrings"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", `<worksheet><sheetData>` + rows + `</sheetData></worksheet>`},
		{"xl/sharedStrings.xml", `<sst>` + shared + `</sst>`},
	}
	for _, p := range parts {
		w, _ := zw.Create(p.name)
		io.WriteString(w, p.body)
	}
	zw.Close()
	return buf.Bytes()
}

// FuzzSheetXML reads any text as a sheet's rows and any as its shared
// strings: the XML scanner, the cell reader and the limits, without the
// fuzzer having to find the zip format first.
func FuzzSheetXML(f *testing.F) {
	header := `<row r="1"><c t="inlineStr"><is><t>Nama Usaha</t></is></c><c t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>Kecamatan</t></is></c></row>`
	f.Add(header+`<row r="2"><c t="inlineStr"><is><t>Kopi &amp; Teh</t></is></c><c t="s"><v>1</v></c></row>`, `<si><t>Kabupaten</t></si><si><r><t>Lampung </t></r><r><t>Selatan</t></r><rPh><t>x</t></rPh></si>`)
	f.Add(header+`<row r="2"><c r="XFD2"/><c><v>1.5E3</v></c><c><f>SUM(A1)</f></c></row>`, `<si/>`)
	f.Add(header+`<row r="2" x=">>>"><c t="inlineStr"><is><t><![CDATA[a<b]]>_x0041_&#x42;</t></is></c></row><!-- > -->`, `<si><t>Kabupaten</t></si>`)
	f.Add(header, `<si><t>Kabupaten</t></si></sst><mergeCell ref="A1:B2" x="`+strings.Repeat(">", 10)+`"/>`)
	// Merged ranges (read before the rows and filled as they come).
	f.Add(header+`<row r="2"><c t="inlineStr"><is><t>Kopi</t></is></c><c t="s"><v>1</v></c></row><row r="3"><c t="inlineStr"><is><t>Teh</t></is></c></row>`+
		`</sheetData><mergeCells><mergeCell ref="B2:B4"/><mergeCell ref="A1:C1"/><mergeCell ref="XFD1:A1048576"/></mergeCells><sheetData>`, `<si><t>Kabupaten</t></si><si><t>Metro</t></si>`)
	f.Fuzz(func(t *testing.T, rows, shared string) {
		if len(rows)+len(shared) > fuzzMax {
			t.Skip()
		}
		readFuzz(t, sheetXLSX(rows, shared))
	})
}

// FuzzParseNumber: any text is a number or not, never a panic; whole
// numbers written the Indonesian way read back.
func FuzzParseNumber(f *testing.F) {
	f.Add("1.500.000", int64(1500000))
	f.Add("2,5", int64(-42))
	f.Add("1,500.5", int64(0))
	f.Add("17-Agu-15", int64(0))
	f.Add("th. 2009", int64(0))
	f.Fuzz(func(t *testing.T, s string, n int64) {
		if v, ok := ParseNumber(s); ok && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("ParseNumber(%q) = %v", s, v)
		}
		if n > 1<<53 || n < -(1<<53) {
			return // beyond a float's whole numbers
		}
		text := siapekspor.FormatNumberID(n)
		if v, ok := ParseNumber(text); !ok || v != float64(n) {
			t.Fatalf("ParseNumber(%q) = %v %v, want %d", text, v, ok, n)
		}
		if y, ok := parseYear(s); ok && (y < 1900 || y > 2200) {
			t.Fatalf("parseYear(%q) = %d", s, y)
		}
	})
}

// FuzzFindHeader reads any text (rows by line, cells by comma) as the top
// of a sheet, with any merged ranges over it: the header finder, the merge
// filling and the sorting of rows that are not enterprises end, within
// their bounds, and what they find is consistent.
func FuzzFindHeader(f *testing.F) {
	f.Add(officeCSV, "A1:I1 D4:F4 A4:A5 F7:F9")
	f.Add("No,Nama Usaha,PEMILIK,,ALAMAT\n,,Nama,NIK,Desa\n1,2,3,4,5\nKopi,Budi,,,Hajimena\nJUMLAH,,,,\n", "")
	f.Add("Kecamatan,Jumlah IKM\nNatar,12\n", "B1:XFD1048576")
	f.Fuzz(func(t *testing.T, text, refs string) {
		if len(text)+len(refs) > fuzzMax {
			t.Skip()
		}
		var rows [][]string
		for _, line := range strings.Split(text, "\n") {
			rows = append(rows, strings.Split(line, ","))
		}
		var ms []sheet.Merge
		for _, ref := range strings.Fields(refs) {
			if m, ok := sheet.ParseRange(ref); ok {
				ms = append(ms, m)
			}
		}
		fill := newMergeFill(ms)
		for i := range rows {
			var err error
			if rows[i], _, err = fill.apply(rows[i], i+1); err != nil {
				fuzzcheck.Error(t, err)
				return
			}
		}
		for _, fixed := range [][2]int{{-1, -1}, {0, min(2, len(rows)-1)}} {
			h := findHeader(rows, fixed)
			if h == nil {
				continue
			}
			if h.first > h.last || h.last-h.first >= maxHeaderRows || h.last >= min(len(rows), maxHeaderScan) || len(h.names) > maxHeaderColumns {
				t.Fatalf("header %d–%d of %d names", h.first, h.last, len(h.names))
			}
			if h.score != len(h.mapping) {
				t.Fatalf("score %d for %d fields", h.score, len(h.mapping))
			}
			for _, c := range h.mapping {
				if c >= len(h.names) {
					t.Fatalf("column %d of %d", c, len(h.names))
				}
			}
			sh := &shape{mapping: h.mapping}
			for _, row := range rows[h.first : h.last+1] {
				sh.header = append(sh.header, normRow(row))
			}
			for _, row := range rows[h.last+1:] {
				if key, args := sh.classify(row); key != "" {
					fuzzcheck.Message(t, key, args...)
					if len(preview(row)) > maxPreview+len("…") {
						t.Fatalf("preview of %d bytes", len(preview(row)))
					}
				}
			}
		}
	})
}
