package importer

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/siapekspor/siapekspor"
)

// rewriteXLSX copies a workbook's parts through edit, which may rename a
// part ("" drops it) and change its bytes.
func rewriteXLSX(t *testing.T, data []byte, edit func(name string, body []byte) (string, []byte)) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(rc)
		rc.Close()
		name, body := edit(f.Name, body)
		if name == "" {
			continue
		}
		w, _ := zw.Create(name)
		w.Write(body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// cellRef is a row's or cell's r attribute.
var cellRef = regexp.MustCompile(`<((?:x:)?(?:c|row)) r="[A-Z]*[0-9]+"`)

// tagStart is an element's opening or closing tag, not the XML declaration.
var tagStart = regexp.MustCompile(`<(/?)([A-Za-z])`)

// TestXLSXAsOtherWritersSaveIt: the same rows read the same from a workbook
// as Excel saves it, as Excel's "Strict Open XML Spreadsheet" saves it
// (ISO namespaces), with the workbook part named otherwise (found through
// the package's relationships), and with every element of the sheet under
// a namespace prefix, as .NET's Open XML SDK writes it.
func TestXLSXAsOtherWritersSaveIt(t *testing.T) {
	plain := xlsxFile(t, func(f *excelize.File) {
		f.SetSheetRow("Sheet1", "A1", &[]any{"DAFTAR IKM 2026"})
		f.MergeCell("Sheet1", "A1", "C1")
		f.SetSheetRow("Sheet1", "A2", &[]any{"Nama Usaha", "Kabupaten/Kota", "Tenaga Kerja"})
		f.SetSheetRow("Sheet1", "A3", &[]any{"Kopi Liwa", "Lampung Barat", 4})
		f.SetSheetRow("Sheet1", "A4", &[]any{"Tapis Ratu", "Metro", 7})
	})
	strict := func(name string, body []byte) (string, []byte) {
		s := strings.NewReplacer(
			"http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main",
			"http://schemas.openxmlformats.org/officeDocument/2006/relationships", "http://purl.oclc.org/ooxml/officeDocument/relationships",
		).Replace(string(body))
		return name, []byte(s)
	}
	renamed := func(name string, body []byte) (string, []byte) {
		body = bytes.ReplaceAll(body, []byte("xl/workbook.xml"), []byte("xl/book.xml"))
		switch name {
		case "xl/workbook.xml":
			return "xl/book.xml", body
		case "xl/_rels/workbook.xml.rels":
			return "xl/_rels/book.xml.rels", body
		}
		return name, body
	}
	prefixed := func(name string, body []byte) (string, []byte) {
		if !strings.HasPrefix(name, "xl/worksheets/") && name != "xl/sharedStrings.xml" {
			return name, body
		}
		body = tagStart.ReplaceAll(body, []byte("<${1}x:$2"))
		return name, bytes.Replace(body, []byte(` xmlns="`), []byte(` xmlns:x="`), 1)
	}
	// Cells and rows without their r="A1" references (the format allows it:
	// each follows the one before), as some generators write them.
	unreferenced := func(name string, body []byte) (string, []byte) {
		if !strings.HasPrefix(name, "xl/worksheets/") {
			return name, body
		}
		body = cellRef.ReplaceAll(body, []byte("<$1"))
		if bytes.Contains(body, []byte(`<c r=`)) || !bytes.Contains(body, []byte(`<c `)) {
			t.Fatalf("references left: %s", body)
		}
		return name, body
	}
	files := map[string][]byte{
		"no cell references":  rewriteXLSX(t, plain, unreferenced),
		"Excel":               plain,
		"strict":              rewriteXLSX(t, plain, strict),
		"workbook renamed":    rewriteXLSX(t, plain, renamed),
		"prefixed elements":   rewriteXLSX(t, plain, prefixed),
		"all three, together": rewriteXLSX(t, rewriteXLSX(t, rewriteXLSX(t, plain, strict), renamed), prefixed),
	}
	for name, data := range files {
		_, rows, err := readAll(t, data, Options{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(rows) != 2 || rows[0].Enterprise == nil || rows[0].Enterprise.Name != "Kopi Liwa" || rows[0].Enterprise.Workers != 4 ||
			rows[0].Line != 3 || rows[1].Enterprise == nil || rows[1].Enterprise.RegencyCode != "18.72" {
			t.Errorf("%s: %d rows %+v", name, len(rows), rows)
		}
	}
	// A workbook whose relationships point nowhere is broken, not a crash.
	lost := rewriteXLSX(t, plain, func(name string, body []byte) (string, []byte) {
		if name == "xl/_rels/workbook.xml.rels" {
			body = bytes.ReplaceAll(body, []byte(`Target="`), []byte(`Target="../../../`))
		}
		return name, body
	})
	if _, _, err := readAll(t, lost, Options{}); siapekspor.KeyOf(err) != "import.xlsx_broken" {
		t.Errorf("relationships pointing outside: %v", err)
	}
}
