package exportcompare

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestStatCellsStoredForm(t *testing.T) {
	cells := []StatCell{
		{Period: YearMonth{Year: 2024, Month: 1}, HS: "0901", Commodity: "Kopi", Destination: "USA", ValueUSD: 1234.5},
		{Period: YearMonth{Year: 2024, Month: 1}, HS: "0901", Commodity: "Kopi", OtherDest: true, ValueUSD: math.Copysign(0, -1)},
		{Period: YearMonth{Year: 2024, Month: 12}, Commodity: "Lainnya", OtherCommodity: true, OtherDest: true, ValueUSD: math.Inf(1)},
		{Period: YearMonth{Year: -5, Month: 99}, HS: "x\x00\"<>'&" + strings.Repeat("é", 200), Destination: "JPN", ValueUSD: math.NaN()},
	}
	for name, in := range map[string][]StatCell{"none": nil, "four": cells, "one": cells[:1]} {
		s := EncodeStatCells(in)
		got, err := DecodeStatCells(s, 7, nil)
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
	got, err := DecodeStatCells(EncodeStatCells(cells), 1, func(c *StatCell) bool { return c.Destination == "USA" || c.Period.Month == 12 })
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
		if _, err := DecodeStatCells(s, 1, nil); err != ErrCellsFormat {
			t.Errorf("%s (%q): %v, want ErrCellsFormat", name, s, err)
		}
	}
	// Every cut and every changed byte of a real text fails or reads cells
	// of the same shape, never panics.
	for i := len(cellsPrefix); i < len(good); i++ {
		DecodeStatCells(good[:i], 1, nil)
		for _, c := range []byte{'A', '/', '_', 'z'} {
			DecodeStatCells(good[:i]+string(c)+good[i+1:], 1, nil)
		}
	}
}

func FuzzDecodeStatCells(f *testing.F) {
	f.Add(EncodeStatCells([]StatCell{{Period: YearMonth{Year: 2024, Month: 1}, HS: "0901", Destination: "USA", ValueUSD: 1}}))
	f.Add(EncodeStatCells(nil))
	f.Add("C1:AAA")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := DecodeStatCells(s, 3, nil)
		if err != nil {
			if err != ErrCellsFormat {
				t.Fatalf("error %v", err)
			}
			return
		}
		again, err := DecodeStatCells(EncodeStatCells(got), 3, nil)
		if err != nil || len(again) != len(got) {
			t.Fatalf("stored again: %d cells, %v; want %d", len(again), err, len(got))
		}
		if EncodeStatCells(again) != EncodeStatCells(got) {
			t.Fatal("stored again, read differently")
		}
	})
}
