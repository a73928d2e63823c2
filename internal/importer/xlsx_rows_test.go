package importer

import (
	"os"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/siapekspor/siapekspor"
)

func TestXLSXFormulaIsReported(t *testing.T) {
	data := xlsxFile(t, func(f *excelize.File) {
		f.SetSheetRow("Sheet1", "A1", &[]any{"Nama Usaha", "Kabupaten/Kota", "Tenaga Kerja"})
		f.SetSheetRow("Sheet1", "A2", &[]any{"Kopi Liwa", "Lampung Barat", 4})
		f.SetCellFormula("Sheet1", "C2", "2+2")
	})
	_, rows, err := readAll(t, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rows[0].Enterprise != nil || len(rows[0].Problems) == 0 || rows[0].Problems[0].Key != "import.formula" {
		t.Errorf("a formula cell: %+v", rows[0].Problems)
	}
}

func TestTanggamusSample(t *testing.T) {
	data, err := os.ReadFile("../../samples/binaan-tanggamus.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	_, rows, err := readAll(t, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows", len(rows))
	}
	for _, r := range rows {
		if r.Enterprise == nil {
			t.Fatalf("line %d refused: %+v", r.Line, r.Problems)
		}
	}
	first, second := rows[0].Enterprise, rows[1].Enterprise
	if first.FoundedYear != 2012 || first.Capital != 250_000_000 || first.RegencyCode != "18.06" || first.VillageCode == "" {
		t.Errorf("a date cell, a number cell, a region: %+v", first)
	}
	if second.AnnualTurnover != 1_200_000_000 || second.ExportStatus != siapekspor.ExportFirst || second.Phone != "+6281370000602" {
		t.Errorf("Rupiah as text, status Pernah, phone: %+v", second)
	}
}
