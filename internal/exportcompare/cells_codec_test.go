package exportcompare

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
)

// decodeAll is DecodeStatCells into a slice of the cells keep accepts
// (all with a nil keep).
func decodeAll(s string, load int64, keep func(*StatCell) bool) ([]StatCell, error) {
	var out []StatCell
	err := DecodeStatCells(s, load, func(c *StatCell) {
		if keep == nil || keep(c) {
			out = append(out, *c)
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func TestStatCellsStoredForm(t *testing.T) {
	cells := []StatCell{
		{Period: YearMonth{Year: 2024, Month: 1}, HS: "0901", Commodity: "Kopi", Destination: "USA", ValueUSD: 1234.5},
		{Period: YearMonth{Year: 2024, Month: 1}, HS: "0901", Commodity: "Kopi", OtherDest: true, ValueUSD: math.Copysign(0, -1)},
		{Period: YearMonth{Year: 2024, Month: 12}, Commodity: "Lainnya", OtherCommodity: true, OtherDest: true, ValueUSD: math.Inf(1)},
		{Period: YearMonth{Year: -5, Month: 99}, HS: "x\x00\"<>'&" + strings.Repeat("é", 200), Destination: "JPN", ValueUSD: math.NaN()},
	}
	for name, in := range map[string][]StatCell{"none": nil, "four": cells, "one": cells[:1]} {
		s := EncodeStatCells(in)
		got, err := decodeAll(s, 7, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(got) != len(in) {
			t.Fatalf("%s: %d cells back, want %d", name, len(got), len(in))
		}
		for i := range in {
			want := in[i]
			want.Load = 7
			g := got[i]
			if math.Float64bits(g.ValueUSD) != math.Float64bits(want.ValueUSD) {
				t.Errorf("%s %d: value %v, want %v bit for bit", name, i, g.ValueUSD, want.ValueUSD)
			}
			g.ValueUSD, want.ValueUSD = 0, 0
			if !reflect.DeepEqual(g, want) {
				t.Errorf("%s %d: %+v, want %+v", name, i, g, want)
			}
		}
	}
	// keep chooses; the others are read past.
	got, err := decodeAll(EncodeStatCells(cells), 1, func(c *StatCell) bool { return c.Destination == "USA" || c.Period.Month == 12 })
	if err != nil || len(got) != 2 || got[0].Destination != "USA" || got[1].Commodity != "Lainnya" {
		t.Fatalf("kept %+v, %v", got, err)
	}
}

func TestStatCellsDamaged(t *testing.T) {
	good := EncodeStatCells([]StatCell{{Period: YearMonth{Year: 2024, Month: 3}, HS: "09", Destination: "CHN", ValueUSD: 5}})
	for name, s := range map[string]string{
		"empty":           "",
		"no prefix":       strings.TrimPrefix(good, cellsPrefix),
		"JSON":            `[{"hs":"09"}]`,
		"not base64":      cellsPrefix + "!!!",
		"cut short":       good[:len(good)-3],
		"a byte after":    cellsPrefix + "AAAA", // no strings, no cells, then a 0
		"huge count":      cellsPrefix + "__________8B",
		"string past end": cellsPrefix + "AX8",
	} {
		if _, err := decodeAll(s, 1, nil); err != ErrCellsFormat {
			t.Errorf("%s (%q): %v, want ErrCellsFormat", name, s, err)
		}
	}
	// Every cut and every changed byte of a real text fails or reads cells
	// of the same shape, never panics.
	for i := len(cellsPrefix); i < len(good); i++ {
		decodeAll(good[:i], 1, nil)
		for _, c := range []byte{'A', '/', '_', 'z'} {
			decodeAll(good[:i]+string(c)+good[i+1:], 1, nil)
		}
	}
}

// Damaged text fails before the callback sees a cell.
func TestStatCellsDamagedSeeNothing(t *testing.T) {
	good := EncodeStatCells([]StatCell{{Period: YearMonth{Year: 2024, Month: 3}, HS: "09", ValueUSD: 5}, {Period: YearMonth{Year: 2024, Month: 4}, HS: "09", ValueUSD: 6}})
	for i := len(cellsPrefix) + 1; i < len(good); i++ {
		for _, s := range []string{good[:i], good[:i] + "A" + good[i+1:]} {
			seen := 0
			if err := DecodeStatCells(s, 1, func(*StatCell) { seen++ }); err != nil && seen != 0 {
				t.Errorf("%q: %v after %d cells", s, err, seen)
			}
		}
	}
}

func FuzzDecodeStatCells(f *testing.F) {
	f.Add(EncodeStatCells([]StatCell{{Period: YearMonth{Year: 2024, Month: 1}, HS: "0901", Destination: "USA", ValueUSD: 1}}))
	f.Add(EncodeStatCells(nil))
	f.Add("C1:AAA")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := decodeAll(s, 3, nil)
		if err != nil {
			if err != ErrCellsFormat {
				t.Fatalf("error %v", err)
			}
			return
		}
		again, err := decodeAll(EncodeStatCells(got), 3, nil)
		if err != nil || len(again) != len(got) {
			t.Fatalf("stored again: %d cells, %v; want %d", len(again), err, len(got))
		}
		if EncodeStatCells(again) != EncodeStatCells(got) {
			t.Fatal("stored again, read differently")
		}
	})
}

// BenchmarkDecodeStatCells reads a large table's stored cells as a view of
// one year does: five years of 50 HS chapters by 60 destinations by month
// (180,000 cells, about what a province's detailed BPS table holds),
// keeping one year.
func BenchmarkDecodeStatCells(b *testing.B) {
	var cells []StatCell
	for y := 2020; y < 2025; y++ {
		for m := 1; m <= 12; m++ {
			for hs := 1; hs <= 50; hs++ {
				for d := range 60 {
					cells = append(cells, StatCell{Period: YearMonth{Year: y, Month: m}, HS: fmt.Sprintf("%02d", hs),
						Destination: fmt.Sprintf("C%02d", d), ValueUSD: float64(hs * d * m)})
				}
			}
		}
	}
	s := EncodeStatCells(cells)
	b.ReportMetric(float64(len(s))/1e6, "MB-text")
	b.ReportAllocs()
	for b.Loop() {
		kept := 0
		err := DecodeStatCells(s, 1, func(c *StatCell) {
			if c.Period.Year == 2024 {
				kept++
			}
		})
		if err != nil || kept != 36000 {
			b.Fatal(kept, err)
		}
	}
}
