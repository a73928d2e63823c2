package exportstats

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"math"
	"strings"
)

// Figures are stored as text in export_stat_loads.figures: figuresPrefix
// and the base64 of a compact binary form. The page reads them on every
// view, and decoding the 32 kB of JSON they were before took a third of
// its CPU (issue 16 item 3); this form decodes in a few microseconds.
//
// The binary form: integers as varints, floats as their 8 bytes (little
// endian, so every value — NaN and ±0 too — comes back bit for bit),
// strings and slices as a length then their contents. A slice's length is
// written plus one, so nil (0) and empty (1) both come back as they were.
const figuresPrefix = "F1:"

// ErrFiguresFormat is returned by DecodeFigures for text that is not
// EncodeFigures' (figures stored as JSON by an older release, or damaged):
// the caller computes them again from the rows.
var ErrFiguresFormat = errors.New("exportstats: figures not in the stored form")

// EncodeFigures returns f in its stored form.
func EncodeFigures(f Figures) string {
	var e figuresEncoder
	e.figures(f)
	return figuresPrefix + base64.RawStdEncoding.EncodeToString(e.b)
}

// DecodeFigures reads figures written by EncodeFigures. Every length is
// checked against the bytes left, so damaged text fails without a large
// allocation.
func DecodeFigures(s string) (Figures, error) {
	body, ok := strings.CutPrefix(s, figuresPrefix)
	if !ok {
		return Figures{}, ErrFiguresFormat
	}
	b, err := base64.RawStdEncoding.DecodeString(body)
	if err != nil {
		return Figures{}, ErrFiguresFormat
	}
	d := figuresDecoder{b: b}
	f := d.figures()
	if d.bad || len(d.b) != 0 {
		return Figures{}, ErrFiguresFormat
	}
	return f, nil
}

type figuresEncoder struct{ b []byte }

func (e *figuresEncoder) int(v int) { e.b = binary.AppendVarint(e.b, int64(v)) }
func (e *figuresEncoder) float(v float64) {
	e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(v))
}
func (e *figuresEncoder) ym(p YearMonth)  { e.int(p.Year); e.int(p.Month) }
func (e *figuresEncoder) period(p Period) { e.ym(p.From); e.ym(p.To) }
func (e *figuresEncoder) length(n int, isNil bool) {
	if isNil {
		e.b = binary.AppendUvarint(e.b, 0)
		return
	}
	e.b = binary.AppendUvarint(e.b, uint64(n)+1)
}

func (e *figuresEncoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

func (e *figuresEncoder) string(s string) {
	e.b = binary.AppendUvarint(e.b, uint64(len(s)))
	e.b = append(e.b, s...)
}

func (e *figuresEncoder) figures(f Figures) {
	e.int(f.Version)
	e.ym(f.From)
	e.ym(f.To)
	e.points(f.Monthly)
	e.ranking(f.Month)
	e.ranking(f.Year)
	e.ranking(f.DestYear)
	e.series(f.CommodityTime)
	e.series(f.DestTime)
}

func (e *figuresEncoder) points(ps []Point) {
	e.length(len(ps), ps == nil)
	for _, p := range ps {
		e.ym(p.Period)
		e.float(p.ValueUSD)
		e.float(p.WeightKG)
	}
}

func (e *figuresEncoder) ranking(r Ranking) {
	e.period(r.Period)
	e.period(r.Previous)
	e.float(r.TotalUSD)
	e.float(r.TotalKG)
	e.float(r.PrevTotalUSD)
	e.float(r.Change)
	e.bool(r.ChangeOK)
	e.length(len(r.Items), r.Items == nil)
	for _, it := range r.Items {
		e.item(it)
	}
	e.item(r.Rest)
}

func (e *figuresEncoder) item(it Item) {
	e.int(it.Rank)
	e.string(it.Key)
	e.string(it.Name)
	e.bool(it.Other)
	e.float(it.ValueUSD)
	e.float(it.WeightKG)
	e.float(it.Share)
	e.float(it.PrevValueUSD)
	e.float(it.Change)
	e.bool(it.ChangeOK)
}

func (e *figuresEncoder) series(ss []Series) {
	e.length(len(ss), ss == nil)
	for _, s := range ss {
		e.string(s.Key)
		e.string(s.Name)
		e.bool(s.Other)
		e.float(s.TotalUSD)
		e.points(s.Points)
	}
}

// figuresDecoder reads the binary form; the first fault sets bad, and
// every read after it returns zero values.
type figuresDecoder struct {
	b   []byte
	bad bool
}

func (d *figuresDecoder) fail() { d.bad, d.b = true, nil }

func (d *figuresDecoder) int() int {
	v, n := binary.Varint(d.b)
	if n <= 0 || v != int64(int(v)) {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

func (d *figuresDecoder) float() float64 {
	if len(d.b) < 8 {
		d.fail()
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	return v
}

func (d *figuresDecoder) bool() bool {
	if len(d.b) < 1 || d.b[0] > 1 {
		d.fail()
		return false
	}
	v := d.b[0] == 1
	d.b = d.b[1:]
	return v
}

func (d *figuresDecoder) string() string {
	n, k := binary.Uvarint(d.b)
	if k <= 0 || n > uint64(len(d.b)-k) {
		d.fail()
		return ""
	}
	s := string(d.b[k : k+int(n)])
	d.b = d.b[k+int(n):]
	return s
}

// length reads a slice's length written by the encoder's length; nil
// reports a nil slice. An element takes at least minSize bytes, so a
// length the bytes left cannot hold is a fault, before any allocation.
func (d *figuresDecoder) length(minSize int) (n int, isNil bool) {
	v, k := binary.Uvarint(d.b)
	if k <= 0 {
		d.fail()
		return 0, true
	}
	d.b = d.b[k:]
	if v == 0 {
		return 0, true
	}
	if v-1 > uint64(len(d.b)/minSize) {
		d.fail()
		return 0, true
	}
	return int(v - 1), false
}

func (d *figuresDecoder) ym() YearMonth  { return YearMonth{Year: d.int(), Month: d.int()} }
func (d *figuresDecoder) period() Period { return Period{From: d.ym(), To: d.ym()} }

func (d *figuresDecoder) figures() Figures {
	var f Figures
	f.Version = d.int()
	f.From = d.ym()
	f.To = d.ym()
	f.Monthly = d.points()
	f.Month = d.ranking()
	f.Year = d.ranking()
	f.DestYear = d.ranking()
	f.CommodityTime = d.series()
	f.DestTime = d.series()
	return f
}

func (d *figuresDecoder) points() []Point {
	n, isNil := d.length(2 + 16)
	if isNil {
		return nil
	}
	ps := make([]Point, n)
	for i := range ps {
		ps[i] = Point{Period: d.ym(), ValueUSD: d.float(), WeightKG: d.float()}
	}
	return ps
}

func (d *figuresDecoder) ranking() Ranking {
	r := Ranking{Period: d.period(), Previous: d.period(), TotalUSD: d.float(), TotalKG: d.float(),
		PrevTotalUSD: d.float(), Change: d.float(), ChangeOK: d.bool()}
	if n, isNil := d.length(itemMinSize); !isNil {
		r.Items = make([]Item, n)
		for i := range r.Items {
			r.Items[i] = d.item()
		}
	}
	r.Rest = d.item()
	return r
}

// itemMinSize is the fewest bytes an Item takes: a rank, two empty
// strings, two bools and five floats.
const itemMinSize = 1 + 2 + 2 + 5*8

func (d *figuresDecoder) item() Item {
	return Item{Rank: d.int(), Key: d.string(), Name: d.string(), Other: d.bool(), ValueUSD: d.float(),
		WeightKG: d.float(), Share: d.float(), PrevValueUSD: d.float(), Change: d.float(), ChangeOK: d.bool()}
}

func (d *figuresDecoder) series() []Series {
	n, isNil := d.length(2 + 1 + 8 + 1)
	if isNil {
		return nil
	}
	ss := make([]Series, n)
	for i := range ss {
		ss[i] = Series{Key: d.string(), Name: d.string(), Other: d.bool(), TotalUSD: d.float(), Points: d.points()}
	}
	return ss
}
