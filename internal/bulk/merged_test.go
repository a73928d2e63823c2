package bulk_test

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// An office's XLSX as the import takes it end to end (not only the
// reader): a merged title, a header over two rows with ALAMAT merged over
// its sub-headings, and each regency written once, merged down its block
// of rows. Every row lands in its block's regency.
func TestImportFillsMergedRegencyBlocks(t *testing.T) {
	f := excelize.NewFile()
	const s = "Sheet1"
	f.SetSheetRow(s, "A1", &[]any{"DATA IKM BINAAN 2026"})
	f.SetSheetRow(s, "A2", &[]any{"No", "Nama Usaha", "ALAMAT", nil, nil})
	f.SetSheetRow(s, "A3", &[]any{nil, nil, "Jalan", "RT/RW", "Kabupaten/Kota"})
	rows := [][]any{ // no district: the regency comes from its merged cell alone
		{1, "Keripik Satu", "Jl. Raya Natar", "01/02", "Lampung Selatan"},
		{2, "Kopi Dua", "Jl. Hajimena", "03/01", nil},
		{3, "Tapis Tiga", "Jl. Branti", "02/04", nil},
		{4, "Sulam Empat", "Jl. Jenderal Sudirman", "05/01", "Kota Metro"},
		{5, "Kopi Lima", "Jl. Imam Bonjol", "01/01", nil},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+4)
		f.SetSheetRow(s, cell, &r)
	}
	for _, m := range [][2]string{{"A1", "E1"}, {"C2", "E2"}, {"A2", "A3"}, {"B2", "B3"}, {"E4", "E6"}, {"E7", "E8"}} {
		if err := f.MergeCell(s, m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		rep, err := bulk.Import(sysCtx, db, bulk.ImportRequest{File: bytes.NewReader(buf.Bytes()), Size: int64(buf.Len()),
			FileName: "ikm-binaan.xlsx", Province: "18"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Result.Inserted != 5 || rep.RejectedRows != 0 {
			t.Fatalf("%+v, %d refused: %+v", rep.Result, rep.RejectedRows, rep.Problems)
		}
		page, err := db.ListEnterprises(sysCtx, siapekspor.EnterpriseFilter{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"Keripik Satu": "18.01", "Kopi Dua": "18.01", "Tapis Tiga": "18.01", "Sulam Empat": "18.72", "Kopi Lima": "18.72"}
		for _, e := range page.Items {
			if e.RegencyCode != want[e.Name] {
				t.Errorf("%s: regency %q, want %q", e.Name, e.RegencyCode, want[e.Name])
			}
		}
	})
}
