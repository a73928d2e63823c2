package exportstats

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/siapekspor/siapekspor"
)

const (
	longSample = "../demo/data/bps-lampung-2023-2024-sintetis.csv" // also the demo province's table
	wideSample = "testdata/bps-lampung-negara-tujuan-2024-sintetis.csv"
)

func readString(t *testing.T, csv string, opt Options) (*Report, error) {
	t.Helper()
	b := []byte(csv)
	return Read(context.Background(), bytes.NewReader(b), int64(len(b)), "test.csv", opt)
}

func mustRead(t *testing.T, csv string, opt Options) *Report {
	t.Helper()
	rep, err := readString(t, csv, opt)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return rep
}

// problemList writes problems as "LINE COLUMN-LETTER KEY" for comparison.
func problemList(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		col := p.Column
		if i := strings.IndexByte(col, ' '); i > 0 {
			col = col[:i]
		}
		out = append(out, fmt.Sprintf("%d %s %s", p.Line, col, p.Key))
	}
	return out
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestLongSample(t *testing.T) {
	rep, err := ReadFile(context.Background(), longSample, Options{Province: "18"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Format != "long" || rep.HeaderLine != 2 || !rep.Synthetic || !rep.HasCommodity || !rep.HasDestination {
		t.Errorf("format %q header %d synthetic %v breakdowns %v %v", rep.Format, rep.HeaderLine, rep.Synthetic, rep.HasCommodity, rep.HasDestination)
	}
	if len(rep.Problems) != 0 || len(rep.Warnings) != 0 {
		t.Fatalf("problems %v warnings %v", problemList(rep.Problems), problemList(rep.Warnings))
	}
	// 25 commodity × destination lanes, 24 months; the 12 "Jumlah" rows are checked, not stored.
	if len(rep.Rows) != 600 || rep.TotalRows != 12 || len(rep.Totals) != 24 {
		t.Errorf("%d rows, %d total rows, %d checks", len(rep.Rows), rep.TotalRows, len(rep.Totals))
	}
	for _, c := range rep.Totals {
		if !c.OK || c.Details != 25 {
			t.Errorf("check %+v", c)
		}
	}
	want := Row{Line: 3, ProvinceCode: "18", Year: 2023, Month: 1, HSCode: "0901", Commodity: "Kopi", Destination: "USA",
		DestinationName: "Amerika Serikat", ValueUSD: 3564963, WeightKG: 1007489.6, HasValue: true, HasWeight: true}
	if rep.Rows[0] != want {
		t.Errorf("first row\n got %+v\nwant %+v", rep.Rows[0], want)
	}
	others := 0
	for _, r := range rep.Rows {
		if r.OtherDestination {
			others++
			if r.Destination != "" || !r.OtherCommodity || r.HSCode != "" || r.DestinationName != "Negara lainnya" {
				t.Errorf("others row %+v", r)
			}
		}
	}
	if others != 24 {
		t.Errorf("%d rows for other destinations", others)
	}
	for _, c := range rep.Columns {
		if c.Field == "value" && (c.Style != StyleID || c.Scale != 1) {
			t.Errorf("value column %+v", c)
		}
	}
}

func TestWideSample(t *testing.T) {
	rep, err := ReadFile(context.Background(), wideSample, Options{Province: "18"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Format != "wide" || rep.HeaderLine != 3 || !rep.Synthetic || rep.HasCommodity || !rep.HasDestination {
		t.Errorf("%+v", rep)
	}
	if len(rep.Problems) != 0 {
		t.Fatalf("problems %v", problemList(rep.Problems))
	}
	// 10 destinations and "Negara lainnya" × 12 months; the Total row and
	// the Jan–Des column are checked, the footnote skipped.
	if len(rep.Rows) != 132 || len(rep.Skipped) != 1 || rep.Skipped[0] != 16 {
		t.Errorf("%d rows, skipped %v", len(rep.Rows), rep.Skipped)
	}
	got := problemList(rep.Warnings)
	wantW := []string{"10 N exportstats.total_mismatch", "15 E exportstats.total_mismatch"}
	if fmt.Sprint(got) != fmt.Sprint(wantW) {
		t.Fatalf("warnings %v, want %v", got, wantW)
	}
	// Jepang's Jan–Des says 92.96 but its months add up to 88.96; April's
	// total says 215.09 for 208.59. Messages quote the file's own style.
	if a := rep.Warnings[0].Args; fmt.Sprint(a) != "[92.96 12 88.96 4.3]" {
		t.Errorf("args %v", a)
	}
	if a := rep.Warnings[1].Args; fmt.Sprint(a) != "[215.09 11 208.59 3.0]" {
		t.Errorf("args %v", a)
	}
	r := rep.Rows[0]
	if r.Destination != "IND" || r.Year != 2024 || r.Month != 1 || r.ValueUSD != 63_280_000 || !r.HasValue || r.HasWeight || r.ProvinceCode != "18" {
		t.Errorf("first row %+v", r)
	}
	okChecks := 0
	for _, c := range rep.Totals {
		if c.OK {
			okChecks++
		}
	}
	if len(rep.Totals) != 24 || okChecks != 22 {
		t.Errorf("%d checks, %d ok", len(rep.Totals), okChecks)
	}
}

// The wide table was made from the long one: each destination's month, in
// millions with two decimals, must be the long rows' sum.
func TestWideAgreesWithLong(t *testing.T) {
	long, err := ReadFile(context.Background(), longSample, Options{Province: "18"})
	if err != nil {
		t.Fatal(err)
	}
	wide, err := ReadFile(context.Background(), wideSample, Options{Province: "18"})
	if err != nil {
		t.Fatal(err)
	}
	var y2024 []Row
	for _, r := range long.Rows {
		if r.Year == 2024 {
			y2024 = append(y2024, r)
		}
	}
	byDest := map[string]map[YearMonth]float64{}
	for _, s := range MonthlyByDestination(y2024) {
		byDest[s.Key] = map[YearMonth]float64{}
		for _, p := range s.Points {
			byDest[s.Key][p.Period] = p.ValueUSD
		}
	}
	others := map[YearMonth]float64{}
	for _, r := range wide.Rows {
		ym := YearMonth{r.Year, r.Month}
		if r.OtherDestination {
			others[ym] = r.ValueUSD
			continue
		}
		if v := byDest[r.Destination][ym]; !near(v, r.ValueUSD, 5000) {
			t.Errorf("%s %s: wide %.0f, long %.0f", r.Destination, ym, r.ValueUSD, v)
		}
	}
	for _, p := range MonthlyTotal(y2024) {
		sum := others[p.Period]
		for _, r := range wide.Rows {
			if !r.OtherDestination && r.Year == p.Period.Year && r.Month == p.Period.Month {
				sum += r.ValueUSD
			}
		}
		if !near(sum, p.ValueUSD, 60000) {
			t.Errorf("%s: wide sums to %.0f, long %.0f", p.Period, sum, p.ValueUSD)
		}
	}
}

func TestEnglishLongTableWithUnits(t *testing.T) {
	csv := "Province,Year,Month,HS Code,Commodity,Destination,Value (US$ million),Net weight (tonnes)\n" +
		"Lampung,2024,April,09,\"Coffee, tea, mate and spices\",United States,\"1,302.77\",\"2,104.5\"\n" +
		"Lampung,2024,Apr,09,\"Coffee, tea, mate and spices\",JP,12.5,\"2,104\"\n" +
		"Lampung,2024,4,15,Animal or vegetable fats,IND,0.75,900\n" +
		"lampung,2024,2024-04,03,Fish and crustaceans,Viet Nam,1.25,75.25\n" +
		"Lampung,2024,Total,09,Coffee,Total,1315.27,4208.5\n"
	rep := mustRead(t, csv, Options{})
	if len(rep.Problems) != 0 {
		t.Fatalf("problems %v", problemList(rep.Problems))
	}
	want := []Row{
		{Line: 2, ProvinceCode: "18", Year: 2024, Month: 4, HSCode: "09", Commodity: "Coffee, tea, mate and spices", Destination: "USA", DestinationName: "United States", ValueUSD: 1_302_770_000, WeightKG: 2_104_500, HasValue: true, HasWeight: true},
		{Line: 3, ProvinceCode: "18", Year: 2024, Month: 4, HSCode: "09", Commodity: "Coffee, tea, mate and spices", Destination: "JPN", DestinationName: "JP", ValueUSD: 12_500_000, WeightKG: 2_104_000, HasValue: true, HasWeight: true},
		{Line: 4, ProvinceCode: "18", Year: 2024, Month: 4, HSCode: "15", Commodity: "Animal or vegetable fats", Destination: "IND", DestinationName: "IND", ValueUSD: 750_000, WeightKG: 900_000, HasValue: true, HasWeight: true},
		{Line: 5, ProvinceCode: "18", Year: 2024, Month: 4, HSCode: "03", Commodity: "Fish and crustaceans", Destination: "VNM", DestinationName: "Viet Nam", ValueUSD: 1_250_000, WeightKG: 75_250, HasValue: true, HasWeight: true},
	}
	if len(rep.Rows) != len(want) {
		t.Fatalf("%d rows: %+v", len(rep.Rows), rep.Rows)
	}
	for i := range want {
		if rep.Rows[i] != want[i] {
			t.Errorf("row %d\n got %+v\nwant %+v", i, rep.Rows[i], want[i])
		}
	}
	// The Total row (month and destination totalled) for chapter 09.
	if len(rep.Totals) != 2 || !rep.Totals[0].OK || rep.Totals[0].Details != 2 {
		t.Errorf("totals %+v", rep.Totals)
	}
}

func TestNumberStyleByColumn(t *testing.T) {
	head := "Negara Tujuan;Tahun;Bulan;Nilai (US$);Berat (kg)\n"
	cases := []struct {
		name        string
		rows        string
		opt         Options
		value       []float64
		style       NumberStyle
		problems    []string
		weightStyle NumberStyle
	}{
		{"indonesian, thousands and decimal", "Jepang;2024;1;1.234.567,89;1.000\nJepang;2024;2;302,77;12\n", Options{},
			[]float64{1234567.89, 302.77}, StyleID, nil, StyleID},
		{"english", "Jepang;2024;1;1,234,567.89;1,000\nJepang;2024;2;302.77;12\n", Options{},
			[]float64{1234567.89, 302.77}, StyleEN, nil, StyleEN},
		// "1.234" alone is a thousands group or a decimal; the other cells decide.
		{"ambiguous cells follow the column", "Jepang;2024;1;1.234;5\nJepang;2024;2;2.345.678;6\n", Options{},
			[]float64{1234, 2345678}, StyleID, nil, StyleID},
		// No evidence in the weight column: the file's other column decides.
		{"ambiguous column follows the file", "Jepang;2024;1;12,50;1.500\nJepang;2024;2;7,25;2.500\n", Options{},
			[]float64{12.5, 7.25}, StyleID, nil, StyleID},
		{"a cell in the other style is a problem", "Jepang;2024;1;1.234.567;1\nJepang;2024;2;2.345.678;2\nJepang;2024;3;1,234,567.5;3\n", Options{},
			nil, StyleID, []string{"4 D exportstats.number_style"}, StyleID},
		{"forced style", "Jepang;2024;1;1,234;5\n", Options{NumberStyle: StyleEN}, []float64{1234}, StyleEN, nil, StyleEN},
		{"BPS dash is zero", "Jepang;2024;1;-;-\nJepang;2024;2;1.234.567;10\n", Options{}, []float64{0, 1234567}, StyleID, nil, StyleID},
		{"not a number", "Jepang;2024;1;satu juta;5\nJepang;2024;2;(1.234);5\n", Options{}, nil, StyleID,
			[]string{"2 D field.number", "3 D field.negative"}, StyleID},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.opt.Province = "18"
			rep := mustRead(t, head+tc.rows, tc.opt)
			if got := problemList(rep.Problems); fmt.Sprint(got) != fmt.Sprint(tc.problems) {
				t.Fatalf("problems %v, want %v", got, tc.problems)
			}
			for i, v := range tc.value {
				if rep.Rows[i].ValueUSD != v {
					t.Errorf("row %d: %v, want %v", i, rep.Rows[i].ValueUSD, v)
				}
			}
			if s := rep.Columns[3].Style; s != tc.style {
				t.Errorf("value style %q, want %q", s, tc.style)
			}
			if s := rep.Columns[4].Style; s != tc.weightStyle {
				t.Errorf("weight style %q, want %q", s, tc.weightStyle)
			}
		})
	}
	// With no evidence anywhere, English headers make "12,500" twelve thousand five hundred.
	rep := mustRead(t, "Country,Year,Month,Value\nJapan,2024,1,\"12,500\"\n", Options{Province: "18"})
	if rep.Rows[0].ValueUSD != 12500 {
		t.Errorf("english header: %v", rep.Rows[0].ValueUSD)
	}
	rep = mustRead(t, "Negara;Tahun;Bulan;Nilai\nJepang;2024;1;12,500\n", Options{Province: "18"})
	if rep.Rows[0].ValueUSD != 12.5 {
		t.Errorf("indonesian header: %v", rep.Rows[0].ValueUSD)
	}
}

func TestUnitsInHeaders(t *testing.T) {
	cases := []struct {
		value, weight  string
		vScale, wScale float64
	}{
		{"Nilai (Juta US$)", "Berat (Ton)", 1e6, 1000},
		{"Nilai FOB (US$)", "Berat Bersih (kg)", 1, 1},
		{"Value (US$ million)", "Weight (tonnes)", 1e6, 1000},
		{"Nilai (Ribu US$)", "Volume (ribu ton)", 1e3, 1e6},
		{"Nilai (US$ 000)", "Netto (t)", 1e3, 1000},
		{"Nilai Ekspor (Miliar US$)", "Berat", 1e9, 1},
	}
	for _, tc := range cases {
		csv := "Negara Tujuan;Tahun;Bulan;" + tc.value + ";" + tc.weight + "\nBelanda;2024;Mei;2,5;3\n"
		rep := mustRead(t, csv, Options{Province: "18"})
		if len(rep.Problems) > 0 || len(rep.Rows) != 1 {
			t.Errorf("%s / %s: %v", tc.value, tc.weight, problemList(rep.Problems))
			continue
		}
		if r := rep.Rows[0]; r.ValueUSD != 2.5*tc.vScale || r.WeightKG != 3*tc.wScale {
			t.Errorf("%s / %s: value %v weight %v", tc.value, tc.weight, r.ValueUSD, r.WeightKG)
		}
	}
}

func TestRowProblems(t *testing.T) {
	csv := "Provinsi;Tahun;Bulan;Kode HS;Komoditas;Negara Tujuan;Nilai (US$);Berat (kg)\n" +
		"Lampung;2024;Januari;0901;Kopi;Jepangg;1.000;10\n" + // 2: a typo: suggestion
		"Lampung;2024;13;0901;Kopi;Jepang;1.000;10\n" + // 3: month out of range
		"Lampung;2024;Jan;0999;Kopi;Jepang;1.000;10\n" + // 4: no such HS heading
		"Lampung;2024;Jan;0901;Kopi;Atlantis;1.000;10\n" + // 5: unknown country
		"Lampung;2024;Jan;0901;Kopi;Jerman;-1.000;10\n" + // 6: negative
		"Lampung;20x4;Jan;0901;Kopi;Belanda;1.000;10\n" + // 7: bad year
		"Lampunk Barat;2024;Jan;0901;Kopi;Belanda;1.000;10\n" + // 8: no such province
		"Lampung;2024;Feb;0901;Kopi;Belanda;;\n" + // 9: no figure
		"Lampung;2024;Maret;0901;Kopi;Belanda;=A1*2;5\n" + // 10: a formula
		"Lampung;2024;Jan;0901;Kopi;Jepang;2.000;20\n" + // 11: fine
		"Lampung;2024;Januari;0901;Kopi;JPN;2.000;20\n" + // 12: the same as line 11
		"Lampung;2024;;0901;Kopi;Jepang;2.000;20\n" + // 13: no month
		"Lampung;2024;Jan;0901;;;2.000;20\n" + // 14: no destination
		"Lampung;2024;Jan;;;Jepang;2.000;20\n" // 15: no commodity
	rep := mustRead(t, csv, Options{})
	want := []string{
		"2 F exportstats.unknown_country_suggest",
		"3 C exportstats.month_range",
		"4 D exportstats.unknown_hs",
		"5 F exportstats.unknown_country",
		"6 G field.negative",
		"7 B exportstats.bad_year",
		"8 A exportstats.unknown_province",
		"9 G exportstats.no_value",
		"10 G import.formula",
		"12  exportstats.duplicate_row",
		"13 C field.required",
		"14 F field.required",
		"15 E field.required",
	}
	if got := problemList(rep.Problems); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if rep.Rows != nil || rep.OK() {
		t.Errorf("a file with problems stores nothing: %d rows", len(rep.Rows))
	}
	if p := rep.Problems[0]; p.Args[0] != "Jepang" || p.Value != "Jepangg" || p.Column != "F (Negara Tujuan)" {
		t.Errorf("suggestion %+v", p)
	}
	if p := rep.Problems[9]; p.Args[0] != 11 {
		t.Errorf("duplicate names the first line: %+v", p)
	}
}

func TestFileErrors(t *testing.T) {
	cases := []struct {
		name, csv string
		opt       Options
		key       string
	}{
		{"no header", "a;b;c\n1;2;3\n", Options{Province: "18"}, "exportstats.no_header"},
		{"no province", "Negara;Tahun;Bulan;Nilai\nJepang;2024;1;5\n", Options{}, "exportstats.no_province"},
		{"months without a year", "Negara;Jan;Feb;Mar\nJepang;1;2;3\n", Options{Province: "18"}, "exportstats.no_year"},
		{"two value columns", "Negara;Nilai;Nilai FOB;Tahun\nJepang;1;2;2024\n", Options{Province: "18"}, "import.duplicate_header"},
		{"months and years", "Negara;Jan 2024;2023\nJepang;1;2\n", Options{Province: "18"}, "exportstats.mixed_periods"},
		{"bad province option", "Negara;Tahun;Nilai\nJepang;2024;5\n", Options{Province: "18.01"}, "exportstats.unknown_province_option"},
		{"bad measure option", "Negara;Tahun;Nilai\nJepang;2024;5\n", Options{Measure: "kg"}, "exportstats.bad_measure"},
		{"empty", "", Options{}, "import.empty_file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readString(t, tc.csv, tc.opt)
			if siapekspor.KeyOf(err) != tc.key {
				t.Errorf("got %v, want %s", err, tc.key)
			}
		})
	}
	if _, err := readString(t, "Negara;Tahun;Bulan;Nilai\nJepang;2024;1;5\nJepang;2024;2;5\n", Options{Province: "18", MaxRows: 1}); siapekspor.KeyOf(err) != "exportstats.too_many_rows" {
		t.Errorf("too many rows: %v", err)
	}
}

func TestWideVariants(t *testing.T) {
	t.Run("months without year, year from the title, weight in tonnes", func(t *testing.T) {
		csv := "Berat Ekspor Provinsi Lampung Menurut Golongan Barang 2023 (Ton);;;;;\n" +
			"Golongan Barang;Jan;Feb;Mar;Jan-Mar;Perubahan (%)\n" +
			"HS 09 Kopi, teh, rempah-rempah;1.234,5;2.000;1.500;4.734,5;12,5\n" +
			"[15] Lemak dan minyak hewan/nabati;10.000;11.000;12.000;33.000;-3,1\n" +
			"Jumlah;11.234,5;13.000;13.500;37.734,5;\n"
		rep := mustRead(t, csv, Options{})
		if len(rep.Problems) > 0 || len(rep.Warnings) > 0 {
			t.Fatalf("%v %v", problemList(rep.Problems), problemList(rep.Warnings))
		}
		// The province comes from the title; Jan-Mar is cumulative, not read.
		if len(rep.Rows) != 6 || !rep.HasCommodity || rep.HasDestination {
			t.Fatalf("%d rows: %+v", len(rep.Rows), rep.Rows)
		}
		r := rep.Rows[0]
		if r.ProvinceCode != "18" || r.Year != 2023 || r.Month != 1 || r.HSCode != "09" || r.Commodity != "Kopi, teh, rempah-rempah" ||
			r.WeightKG != 1_234_500 || r.HasValue || !r.HasWeight {
			t.Errorf("%+v", r)
		}
		if rep.Rows[3].HSCode != "15" || rep.Rows[3].Commodity != "Lemak dan minyak hewan/nabati" {
			t.Errorf("%+v", rep.Rows[3])
		}
		notes := map[string]string{}
		for _, c := range rep.Columns {
			notes[c.Header] = c.Note
		}
		if notes["Jan-Mar"] != "cumulative" || notes["Perubahan (%)"] != "unknown" {
			t.Errorf("columns not read: %v", notes)
		}
		if len(rep.Totals) != 3 {
			t.Errorf("checks %+v", rep.Totals)
		}
	})
	t.Run("years as columns, English", func(t *testing.T) {
		csv := "Exports of Lampung by destination (US$ million)\n" +
			"Country,2022,2023,2024\n" +
			"China,\"1,204.10\",980.5,1010.25\n" +
			"USA,400.00,350.25,390\n" +
			"Others,100,90,80\n" +
			"Total,\"1,704.10\",1420.75,1480.25\n"
		rep := mustRead(t, csv, Options{Province: "18"})
		if len(rep.Problems) > 0 || len(rep.Warnings) > 0 {
			t.Fatalf("%v %v", problemList(rep.Problems), problemList(rep.Warnings))
		}
		if len(rep.Rows) != 9 || rep.Rows[0].Month != 0 || rep.Rows[0].Year != 2022 || rep.Rows[0].ValueUSD != 1_204_100_000 || rep.Rows[0].Destination != "CHN" {
			t.Errorf("%+v", rep.Rows)
		}
		top := TopDestinations(rep.Rows, YearPeriod(2024), 10)
		if top.TotalUSD != 1_480_250_000 || !top.ChangeOK || top.Items[0].Key != "CHN" || !near(top.Items[0].Change, 1010.25/980.5-1, 1e-9) {
			t.Errorf("%+v", top)
		}
	})
	t.Run("a label column without a header, units above the months", func(t *testing.T) {
		csv := "Ekspor Lampung 2024;;;\n" +
			";Nilai (Juta US$);;\n" +
			";Jan;Feb;Mar\n" +
			"Amerika Serikat;10,5;11;12\n" +
			"RRT;3;4;5\n" +
			"Korsel;1;1;1\n"
		rep := mustRead(t, csv, Options{Province: "18"})
		if len(rep.Problems) > 0 {
			t.Fatalf("%v", problemList(rep.Problems))
		}
		if !rep.HasDestination || len(rep.Rows) != 9 {
			t.Fatalf("%+v", rep)
		}
		if r := rep.Rows[0]; r.Destination != "USA" || r.ValueUSD != 10_500_000 || r.Year != 2024 {
			t.Errorf("%+v", r)
		}
		// The group header's unit stands over the first month only (a
		// merged cell saved as CSV) and holds for the months after it.
		if r := rep.Rows[2]; r.Month != 3 || r.ValueUSD != 12_000_000 {
			t.Errorf("%+v", r)
		}
		if rep.Rows[3].Destination != "CHN" || rep.Rows[6].Destination != "KOR" {
			t.Errorf("%+v %+v", rep.Rows[3], rep.Rows[6])
		}
	})
	t.Run("value and weight groups over the same months", func(t *testing.T) {
		csv := ";Nilai (Juta US$);;Berat (Ton);\n" +
			"Negara Tujuan;Jan 2024;Feb 2024;Jan 2024;Feb 2024\n" +
			"Jepang;1,5;2;300;400\n"
		rep := mustRead(t, csv, Options{Province: "18"})
		if len(rep.Problems) > 0 || len(rep.Rows) != 2 {
			t.Fatalf("%v %+v", problemList(rep.Problems), rep.Rows)
		}
		if r := rep.Rows[1]; r.Month != 2 || r.ValueUSD != 2_000_000 || r.WeightKG != 400_000 || !r.HasValue || !r.HasWeight {
			t.Errorf("%+v", r)
		}
	})
	t.Run("options give the year and scale", func(t *testing.T) {
		csv := "Negara Tujuan;Jan;Feb\nJepang;1,5;2\n"
		rep := mustRead(t, csv, Options{Province: "18", Year: 2022, Scale: 1e6})
		if len(rep.Rows) != 2 || rep.Rows[0].Year != 2022 || rep.Rows[0].ValueUSD != 1_500_000 {
			t.Errorf("%+v %v", rep.Rows, problemList(rep.Problems))
		}
	})
	t.Run("a year column beside month columns", func(t *testing.T) {
		csv := "Tahun;Komoditas;Jan;Feb\n2023;Kopi;1;2\n2024;Kopi;3;4\n"
		rep := mustRead(t, csv, Options{Province: "18"})
		if len(rep.Rows) != 4 || rep.Rows[2].Year != 2024 || rep.Rows[2].Commodity != "Kopi" || rep.Rows[2].ValueUSD != 3 {
			t.Errorf("%+v %v", rep.Rows, problemList(rep.Problems))
		}
	})
}

func TestTitleProvince(t *testing.T) {
	csv := "Nilai Ekspor Provinsi Jawa Barat 2024 (Juta US$);;\nNegara;Jan;Feb\nJepang;1;2\n"
	rep := mustRead(t, csv, Options{Province: "18"})
	if got := problemList(rep.Problems); len(got) != 1 || got[0] != "1  exportstats.title_province" {
		t.Errorf("%v", got)
	}
	rep = mustRead(t, csv, Options{})
	if len(rep.Problems) != 0 || rep.Rows[0].ProvinceCode != "32" {
		t.Errorf("%v %+v", problemList(rep.Problems), rep.Rows)
	}
}

func TestTotalTolerance(t *testing.T) {
	countries := []string{"Jepang", "Tiongkok", "India", "Belanda", "Jerman", "Italia", "Belgia", "Spanyol", "Malaysia", "Singapura",
		"Vietnam", "Thailand", "Filipina", "Arab Saudi", "Uni Emirat Arab", "Inggris", "Prancis", "Australia", "Pakistan", "Mesir",
		"Rusia", "Turki", "Bangladesh", "Afrika Selatan", "Taiwan", "Selandia Baru", "Korea Selatan", "Amerika Serikat", "Kanada", "Meksiko",
		"Brasil", "Polandia", "Swedia", "Norwegia", "Denmark", "Finlandia", "Yunani", "Irlandia", "Portugal", "Austria"}
	// 40 destinations in millions. With two decimals the 0.5% rule is the
	// wider one; with whole millions each figure may be off by half a
	// million, so 41 printed figures may honestly be off by 20.5 million.
	for _, tc := range []struct {
		detail, printed string
		ok              bool
		tolerance       float64
	}{
		{"2,50", "100,15", true, 500_750},
		{"2,50", "99,60", true, 498_000},
		{"2,50", "101,00", false, 505_000},
		{"3", "125", true, 20_500_000},
		{"3", "141", false, 20_500_000},
	} {
		var b strings.Builder
		b.WriteString("Negara;Tahun;Bulan;Nilai (Juta US$)\n")
		for _, c := range countries {
			fmt.Fprintf(&b, "%s;2024;1;%s\n", c, tc.detail)
		}
		b.WriteString("Total;2024;1;" + tc.printed + "\n")
		rep := mustRead(t, b.String(), Options{Province: "18"})
		if len(rep.Problems) > 0 || len(rep.Totals) != 1 {
			t.Fatalf("%v %+v", problemList(rep.Problems), rep.Totals)
		}
		if c := rep.Totals[0]; c.OK != tc.ok || c.Details != 40 || !near(c.Tolerance, tc.tolerance, 0.01) {
			t.Errorf("%s: %+v", tc.printed, c)
		}
		if (len(rep.Warnings) == 0) != tc.ok {
			t.Errorf("%s: warnings %v", tc.printed, problemList(rep.Warnings))
		}
	}
}

func TestXLSX(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Data sintetis")
	f.SetSheetRow("Data sintetis", "A1", &[]any{"Tahun", "Bulan", "Kode HS", "Komoditas", "Negara Tujuan", "Nilai (Juta US$)", "Berat (Ton)"})
	f.SetSheetRow("Data sintetis", "A2", &[]any{2024, 4, 901, "Kopi", "Amerika Serikat", 302.77, 1234.5})
	f.SetSheetRow("Data sintetis", "A3", &[]any{2024, "Mei", 1511, "Minyak sawit", "India", 12.345, 1000})
	f.SetSheetRow("Data sintetis", "A4", &[]any{2024, 6, 306, "Udang", "Jepang", "1.234,5", 2})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	rep, err := Read(context.Background(), bytes.NewReader(data), int64(len(data)), "ekspor.xlsx", Options{Province: "18", Sheet: "Data sintetis"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) > 0 || rep.FileFormat != "xlsx" {
		t.Fatalf("%v", problemList(rep.Problems))
	}
	// Number cells come from the XLSX reader with a decimal comma; the
	// leading zero Excel dropped from 0901 is put back.
	want := []struct {
		hs     string
		value  float64
		weight float64
	}{{"0901", 302_770_000, 1_234_500}, {"1511", 12_345_000, 1_000_000}, {"0306", 1_234_500_000, 2000}}
	for i, w := range want {
		r := rep.Rows[i]
		if r.HSCode != w.hs || r.ValueUSD != w.value || r.WeightKG != w.weight {
			t.Errorf("row %d: %+v", i, r)
		}
	}
	if rep.Synthetic {
		t.Error("the sheet name is not seen by the reader; only name and title mark synthetic data")
	}
}
