package demo

import (
	"bytes"
	"encoding/csv"
	"io"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes the rows of a CSV file (as WriteCSV makes them) as an
// XLSX workbook: as they are, or drawn as a regency office draws its list
// in Excel — a merged title, a blank row, and a header over two rows with
// the address columns (5–8) under a merged ALAMAT and the other headings
// merged down both rows. The import benchmarks read the same rows in each
// shape.
func WriteXLSX(w io.Writer, csvData []byte, drawn bool) error {
	rows, err := csv.NewReader(bytes.NewReader(csvData)).ReadAll()
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	head := rows[0]
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	cell := func(col, row int) string { c, _ := excelize.CoordinatesToCellName(col, row); return c }
	row := func(r int, cells []string) error {
		v := make([]any, len(cells))
		for i, c := range cells {
			v[i] = c
		}
		return sw.SetRow(cell(1, r), v)
	}
	first := 1 // the sheet row of the first CSV row
	if drawn {
		top, sub := make([]string, len(head)), make([]string, len(head))
		for i, h := range head {
			if i >= 4 && i <= 7 {
				top[i], sub[i] = "ALAMAT", h
				if i == 4 {
					sub[i] = "Jalan"
				}
			} else {
				top[i] = h
			}
		}
		if err := row(1, []string{"DAFTAR UMKM PROVINSI LAMPUNG (DATA CONTOH SINTETIS)"}); err != nil {
			return err
		}
		if err := row(3, top); err != nil {
			return err
		}
		if err := row(4, sub); err != nil {
			return err
		}
		rows, first = rows[1:], 5
	}
	for i, r := range rows {
		if err := row(first+i, r); err != nil {
			return err
		}
	}
	if drawn {
		merges := [][2]string{{cell(1, 1), cell(len(head), 1)}, {cell(5, 3), cell(8, 3)}}
		for i := range head {
			if i < 4 || i > 7 {
				merges = append(merges, [2]string{cell(i+1, 3), cell(i+1, 4)})
			}
		}
		for _, m := range merges {
			if err := sw.MergeCell(m[0], m[1]); err != nil {
				return err
			}
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}
