package importer

import (
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/siapekspor/siapekspor/internal/i18n"
)

var update = flag.Bool("update", false, "rewrite the fixtures' XLSX copies and expected reports")

// xlsxOf writes the CSV fixture as an office's Excel file: identity
// numbers, phones, years and region codes typed as numbers, which Excel
// keeps to 15 significant digits and without leading zeros.
func xlsxOf(t *testing.T, csvPath string) []byte {
	t.Helper()
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	x := excelize.NewFile()
	defer x.Close()
	numeric := map[string]bool{"NIK": true, "No HP": true, "Tahun Berdiri": true, "Kode Prov": true, "Kode Kab": true, "Kode Kec": true}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if r > 0 && numeric[rows[0][c]] && v != "" && strings.Trim(v, "0123456789") == "" {
				n, _ := strconv.ParseFloat(v, 64)
				if len(v) > 15 { // Excel's 15 significant digits
					n, _ = strconv.ParseFloat(strconv.FormatFloat(n, 'g', 15, 64), 64)
				}
				x.SetCellValue("Sheet1", cell, n)
				continue
			}
			x.SetCellValue("Sheet1", cell, v)
		}
	}
	b, err := x.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// report is the expected import of a fixture: per row what it became, or
// each refused value with its line, column, value and rule, and every note,
// in both languages.
func report(rows []*Row) string {
	var b strings.Builder
	for _, row := range rows {
		if e := row.Enterprise; e != nil {
			fmt.Fprintf(&b, "%d: imported %q region %s/%s/%s", row.Line, e.Name, e.RegencyCode, e.DistrictCode, e.VillageCode)
			if e.Lat != nil {
				fmt.Fprintf(&b, " at %v,%v", *e.Lat, *e.Lng)
			}
			for _, k := range e.KBLI {
				fmt.Fprintf(&b, " kbli %s", k.Code)
			}
			if e.OwnerNIK != "" {
				fmt.Fprintf(&b, " nik %s", e.OwnerNIK)
			}
			if e.Phone != "" {
				fmt.Fprintf(&b, " phone %s", e.Phone)
			}
			if e.FoundedYear != 0 {
				fmt.Fprintf(&b, " founded %d", e.FoundedYear)
			}
			if len(row.Products) > 0 {
				fmt.Fprintf(&b, " products %q", row.Products)
			}
			b.WriteString("\n")
		} else {
			fmt.Fprintf(&b, "%d: refused\n", row.Line)
		}
		for _, p := range row.Problems {
			for _, l := range []i18n.Lang{i18n.ID, i18n.EN} {
				fmt.Fprintf(&b, "  %s line %d, column %s, value %q: %s\n", l, p.Line, p.Column, p.Value, i18n.T(l, p.Key, p.Args...))
			}
		}
		for _, g := range row.Guesses {
			fmt.Fprintf(&b, "  note line %d, column %s, value %q: %s\n", g.Line, g.Column, g.Value, i18n.T(i18n.ID, g.Key, g.Args...))
		}
	}
	return b.String()
}

// TestOfficeFixtures reads the fixtures of offices' files (CSV, and the
// same table as an Excel file) and compares what they become with the
// expected report beside them. go test -run TestOfficeFixtures -update
// rewrites the XLSX copies and the reports; read the diff before
// committing it.
func TestOfficeFixtures(t *testing.T) {
	csvs, _ := filepath.Glob("testdata/offices/*.csv")
	if len(csvs) == 0 {
		t.Fatal("no fixtures")
	}
	for _, path := range csvs {
		base := strings.TrimSuffix(path, ".csv")
		if *update {
			if err := os.WriteFile(base+".xlsx", xlsxOf(t, path), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for _, file := range []string{path, base + ".xlsx"} {
			t.Run(filepath.Base(file), func(t *testing.T) {
				data, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				_, rows, err := readAll(t, data, Options{Province: "18", DraftProducts: true})
				if err != nil {
					t.Fatal(err)
				}
				got := report(rows)
				want := file + ".expected.txt"
				if *update {
					if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				b, err := os.ReadFile(want)
				if err != nil {
					t.Fatal(err)
				}
				if string(b) != got {
					t.Errorf("%s differs from %s:\n%s", file, want, got)
				}
			})
		}
	}
}
