package report_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/report"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestParseMonth(t *testing.T) {
	now := time.Date(2026, 11, 30, 18, 0, 0, 0, time.UTC) // 1 December in WIB
	for _, c := range []struct {
		in, want, key string
	}{
		{"2026-11", "2026-11", ""},
		{"2026-12", "2026-12", ""}, // this month in the province's time
		{"2021-01", "2021-01", ""},
		{"2027-01", "", "report.error.month_future"},
		{"2026-13", "", "report.error.month_format"},
		{"2026-00", "", "report.error.month_format"},
		{"nov", "", "report.error.month_format"},
		{"2026-1", "", "report.error.month_format"},
		{"", "", "report.error.month_format"},
		{"26-11-01", "", "report.error.month_format"},
	} {
		m, err := report.ParseMonth(c.in, now)
		if c.key == "" {
			if err != nil || m.String() != c.want {
				t.Errorf("%q: %v %v", c.in, m, err)
			}
			continue
		}
		de, ok := siapekspor.AsError(err)
		if !ok || len(de.Fields) != 1 || de.Fields[0].Key != c.key || de.Fields[0].Field != "month" {
			t.Errorf("%q: %v, want %s", c.in, err, c.key)
		}
	}
}

func TestQuantileBreaks(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want []float64
	}{
		{nil, nil},
		{[]float64{0, 0}, nil},
		{[]float64{0.5}, nil},
		{[]float64{0.1, 0.2, 0.3, 0.4, 0.5}, []float64{0.1, 0.2, 0.3, 0.4}},
		{[]float64{0.1, 0.1, 0.1, 0.2}, []float64{0.1}},
		{[]float64{0, 0.3, 0.1, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}, []float64{0.2, 0.4, 0.6, 0.8}},
	} {
		got := report.QuantileBreaks(c.in, 5)
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%v: %v, want %v", c.in, got, c.want)
		}
	}
}

func TestBuild(t *testing.T) {
	now := time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC)
	m := report.Month{Year: 2026, Month: time.November}
	f := &store.MonthlyFigures{
		FirstRegistered: time.Date(2024, 1, 6, 8, 0, 0, 0, time.UTC),
		Regions: []store.RegionKindCount{
			{RegencyCode: "18.01", Kind: siapekspor.KindIKM, Registered: 100, Exporting: 10},
			{RegencyCode: "18.01", Kind: siapekspor.KindUMKM, Registered: 100, Exporting: 0},
			{RegencyCode: "18.06", Kind: siapekspor.KindIKM, Registered: 50, Exporting: 1},
		},
	}
	f.Funnel[0].Reached, f.Funnel[1].Reached = 250, 50
	targets := []*siapekspor.Target{
		{RegionCode: "18", Year: 2030, Population: "ikm", Percent: 30},
		{RegionCode: "18.06", Year: 2027, Population: "all", Count: 20},
		{RegionCode: "18", Year: 2025, Population: "ikm", Percent: 10},                  // past: left out
		{RegionCode: "18.01", Year: 2030, Population: "ikm", Percent: 5, Removed: true}, // withdrawn
	}
	r, err := report.Build(m, "18", now, f, targets)
	if err != nil {
		t.Fatal(err)
	}
	if r.Partial || !r.AsOf.Equal(time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)) || r.ProvinceName == "" {
		t.Errorf("as of %v partial %v province %q", r.AsOf, r.Partial, r.ProvinceName)
	}
	if len(r.Targets) != 2 {
		t.Fatalf("targets %d", len(r.Targets))
	}
	// 30% of the 150 IKM is 45; 11 export: 34 more.
	if p := r.Targets[0]; p.Exporters != 11 || p.Denominator != 150 || p.Goal != 45 || p.Gap != 34 {
		t.Errorf("province: %+v", p)
	}
	if p := r.Targets[1]; p.Exporters != 1 || p.Denominator != 50 || p.Goal != 20 || p.Gap != 19 {
		t.Errorf("Tanggamus: %+v", p)
	}
	var n int
	for _, g := range r.Regions {
		switch g.Code {
		case "18.01":
			n++
			if g.Registered != 200 || g.Exporting != 10 || g.Share != 0.05 || g.Class < 0 {
				t.Errorf("18.01: %+v", g)
			}
		case "18.06":
			n++
			if g.Share != 0.02 || g.Class != 0 {
				t.Errorf("18.06: %+v", g)
			}
		default:
			if g.Registered != 0 || g.Share != -1 || g.Class != -1 {
				t.Errorf("%s: %+v", g.Code, g)
			}
		}
	}
	if n != 2 || len(r.Regions) != 15 {
		t.Errorf("%d regions", len(r.Regions))
	}
	if r.Funnel[1].Conversion != 0.2 {
		t.Errorf("funnel %+v", r.Funnel[1])
	}
	// The current month is partial; a month before the first enterprise
	// has no report.
	if r, _ := report.Build(report.Month{Year: 2026, Month: time.December}, "18", now, f, nil); !r.Partial || r.AsOf.Day() != 5 {
		t.Errorf("December: %+v", r)
	}
	for _, mm := range []report.Month{{Year: 2023, Month: time.December}, {Year: 2020, Month: time.May}} {
		_, err := report.Build(mm, "18", now, f, nil)
		if de, ok := siapekspor.AsError(err); !ok || de.Fields[0].Key != "report.error.month_before_data" {
			t.Errorf("%v: %v", mm, err)
		}
	}
	if _, err := report.Build(m, "18", now, &store.MonthlyFigures{}, nil); err == nil {
		t.Error("an empty registry has a report")
	}
}

// demoReport builds November 2026's report of a small demo province made
// with a fixed clock (5 December 2026).
func demoReport(t *testing.T, db *store.DB) *report.Report {
	t.Helper()
	ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
	now := time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	if _, err := demo.Province(ctx, db, demo.Options{Province: "18", Enterprises: 600, Products: -1, Assessed: 0.5, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveTarget(ctx, &siapekspor.Target{RegionCode: "18.06", Year: 2030, Population: "ikm", Percent: 30, BaselineYear: 2021, BaselineCount: 20}, "18"); err != nil {
		t.Fatal(err)
	}
	m, err := report.ParseMonth("2026-11", now)
	if err != nil {
		t.Fatal(err)
	}
	f, err := db.MonthlyFigures(ctx, report.Query("18", m))
	if err != nil {
		t.Fatal(err)
	}
	targets, err := db.Targets(ctx, store.TargetFilter{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.Build(m, "18", now, f, targets)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestGolden compares November 2026's report of the small demo province
// with testdata: the XLSX's cell values (read back from the file), and the
// PDF's pages, size and SHA-256 (it must be the same bytes every time).
// go test ./internal/report -run Golden -update rewrites them.
func TestGolden(t *testing.T) {
	var cells []string
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		r := demoReport(t, db)
		var x bytes.Buffer
		if err := report.WriteXLSX(&x, r); err != nil {
			t.Fatal(err)
		}
		got := readXLSX(t, x.Bytes())
		cells = append(cells, got)
		golden(t, "monthly-2026-11.xlsx.json", got)
		var p1, p2 bytes.Buffer
		if err := report.WritePDF(&p1, r); err != nil {
			t.Fatal(err)
		}
		if err := report.WritePDF(&p2, r); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(p1.Bytes(), p2.Bytes()) {
			t.Fatal("the PDF differs between two runs")
		}
		if !bytes.HasPrefix(p1.Bytes(), []byte("%PDF-")) {
			t.Fatal("not a PDF")
		}
		sum := sha256.Sum256(p1.Bytes())
		pages := len(regexp.MustCompile(`/Type /Page\b`).FindAll(p1.Bytes(), -1))
		golden(t, "monthly-2026-11.pdf.txt", fmt.Sprintf("pages %d\nbytes %d\nsha256 %s\n", pages, p1.Len(), hex.EncodeToString(sum[:])))
		if os.Getenv("SIAPEKSPOR_REPORT_OUT") != "" {
			os.WriteFile(filepath.Join(os.Getenv("SIAPEKSPOR_REPORT_OUT"), "monthly-2026-11.pdf"), p1.Bytes(), 0o644)
			os.WriteFile(filepath.Join(os.Getenv("SIAPEKSPOR_REPORT_OUT"), "monthly-2026-11.xlsx"), x.Bytes(), 0o644)
		}
	})
}

func readXLSX(t *testing.T, b []byte) string {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	out := map[string][][]string{}
	var order []string
	for _, s := range x.GetSheetList() {
		rows, err := x.GetRows(s, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		out[s] = rows
		order = append(order, s)
	}
	j, _ := json.MarshalIndent(struct {
		Sheets []string
		Cells  map[string][][]string
	}{order, out}, "", " ")
	return string(j) + "\n"
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (run with -update after checking):\n%s", name, got)
	}
}
