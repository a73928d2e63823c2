package exportstats

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

// sampleFigures are the figures of the two sample tables, as stored.
func sampleFigures(t testing.TB) map[string]Figures {
	t.Helper()
	out := map[string]Figures{}
	for _, file := range []string{longSample, wideSample} {
		rep, err := ReadFile(context.Background(), file, Options{Province: "18"})
		if err != nil || !rep.OK() {
			t.Fatalf("%s: %v %+v", file, err, rep)
		}
		f, ok := PageFigures(rep.Rows, rep.HasCommodity, rep.HasDestination)
		if !ok {
			t.Fatalf("%s: no figures", file)
		}
		out[file] = f
	}
	return out
}

func TestFiguresComeBackAsStored(t *testing.T) {
	cases := sampleFigures(t)
	cases["odd values"] = Figures{
		Version: -3, From: YearMonth{-1, 0}, To: YearMonth{math.MaxInt32, 13},
		Monthly: []Point{}, // empty, not nil
		Month: Ranking{TotalUSD: math.Copysign(0, -1), Change: math.Inf(-1), ChangeOK: true,
			Items: []Item{{Rank: 1, Key: "~other", Name: "Kopi <b>&</b> \x00 \"teh\" ☕", Other: true, Share: 1e-300, ChangeOK: true}},
			Rest:  Item{Name: strings.Repeat("x", 300), WeightKG: math.MaxFloat64}},
		CommodityTime: []Series{{Key: "", Name: "", Points: nil}, {Key: "0901", Other: true, Points: []Point{{YearMonth{2024, 2}, 1.5, -2}}}},
		DestTime:      []Series{},
	}
	for name, f := range cases {
		s := EncodeFigures(f)
		got, err := DecodeFigures(s)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, f) {
			t.Errorf("%s: decoded %+v\nwant %+v", name, got, f)
		}
		// Bit for bit: −0 and infinities are not DeepEqual's concern.
		if a, b := math.Float64bits(got.Month.TotalUSD), math.Float64bits(f.Month.TotalUSD); a != b {
			t.Errorf("%s: total %x, want %x", name, a, b)
		}
		if j, _ := json.Marshal(f); len(j) > 0 && len(s) > len(j) {
			t.Errorf("%s: stored form %d bytes, JSON %d", name, len(s), len(j))
		}
	}
}

func TestDecodeFiguresRefusesOtherText(t *testing.T) {
	good := EncodeFigures(sampleFigures(t)[longSample])
	raw, err := base64.RawStdEncoding.DecodeString(strings.TrimPrefix(good, figuresPrefix))
	if err != nil {
		t.Fatal(err)
	}
	enc := func(b []byte) string { return figuresPrefix + base64.RawStdEncoding.EncodeToString(b) }
	// The first ranking's ChangeOK of empty figures: after the version, two
	// months, the monthly points' length, two periods and four floats.
	var zero figuresEncoder
	zero.figures(Figures{})
	badBool := zero.b
	if badBool[46] != 0 {
		t.Fatalf("byte 46 of empty figures is %d", badBool[46])
	}
	badBool[46] = 7
	if _, err := DecodeFigures(enc(zero.b[:46])); err != ErrFiguresFormat {
		t.Fatal("cut at the bool: no error")
	}
	for name, s := range map[string]string{
		"empty":                  "",
		"JSON of before":         `{"version":1,"from":{"year":2023,"month":1}}`,
		"prefix only":            figuresPrefix,
		"not base64":             figuresPrefix + "!!!",
		"cut short":              enc(raw[:len(raw)/2]),
		"one byte short":         enc(raw[:len(raw)-1]),
		"a byte too many":        enc(append(raw[:len(raw):len(raw)], 0)),
		"a huge slice length":    enc([]byte{2, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f}),
		"a huge string length":   enc(append(append([]byte{}, raw[:40]...), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01)),
		"a bool that is not one": enc(badBool),
	} {
		if _, err := DecodeFigures(s); err != ErrFiguresFormat {
			t.Errorf("%s: %v, want ErrFiguresFormat", name, err)
		}
	}
}

// FuzzDecodeFigures reads any text as stored figures: it is refused, or
// what it decodes to is stored and read again unchanged.
func FuzzDecodeFigures(f *testing.F) {
	f.Add(EncodeFigures(Figures{Version: 1, Monthly: []Point{{YearMonth{2024, 1}, 1, 2}}}))
	f.Add(EncodeFigures(Figures{Month: Ranking{Items: []Item{{Rank: 1, Key: "0901", Name: "Kopi"}}}}))
	f.Add(`{"version":1}`)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := DecodeFigures(s)
		if err != nil {
			if err != ErrFiguresFormat {
				t.Fatalf("error %v", err)
			}
			return
		}
		again, err := DecodeFigures(EncodeFigures(got))
		if err != nil {
			t.Fatalf("stored again: %v", err)
		}
		if EncodeFigures(again) != EncodeFigures(got) {
			t.Fatal("stored again, read differently")
		}
	})
}
