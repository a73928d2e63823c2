package exportcompare

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"math"
	"strings"
)

// A BPS table's monthly values as the comparison reads them are stored
// with the table (export_stat_loads.compare_cells, issue 16 item 3): a
// view decodes one text per table instead of stepping through its rows in
// the database, which was the page's largest cost. The text is
// cellsPrefix and the base64 of a binary form: the distinct strings once
// (a length and the bytes each), then each cell's year, month, three
// string numbers (HS code, commodity, destination) as varints, a flags
// byte (1 the "other commodities" row, 2 the "other destinations" row) and
// the value's 8 bytes (little endian, bit for bit). The table's id is not
// in it: it is the row's own.
const cellsPrefix = "C1:"

// ErrCellsFormat is returned by DecodeStatCells for text that is not
// EncodeStatCells' (damaged, or written by another release): the caller
// reads the table's rows instead.
var ErrCellsFormat = errors.New("exportcompare: stored cells not in the stored form")

// EncodeStatCells returns a table's cells in their stored form, in the
// order given.
func EncodeStatCells(cells []StatCell) string {
	index := map[string]uint64{}
	var strs []string
	num := func(s string) uint64 {
		i, ok := index[s]
		if !ok {
			i = uint64(len(strs))
			index[s] = i
			strs = append(strs, s)
		}
		return i
	}
	var body []byte
	for _, c := range cells {
		body = binary.AppendVarint(body, int64(c.Period.Year))
		body = binary.AppendVarint(body, int64(c.Period.Month))
		body = binary.AppendUvarint(body, num(c.HS))
		body = binary.AppendUvarint(body, num(c.Commodity))
		body = binary.AppendUvarint(body, num(c.Destination))
		var flags byte
		if c.OtherCommodity {
			flags |= 1
		}
		if c.OtherDest {
			flags |= 2
		}
		body = append(body, flags)
		body = binary.LittleEndian.AppendUint64(body, math.Float64bits(c.ValueUSD))
	}
	b := binary.AppendUvarint(nil, uint64(len(strs)))
	for _, s := range strs {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, uint64(len(cells)))
	return cellsPrefix + base64.RawStdEncoding.EncodeToString(append(b, body...))
}

// DecodeStatCells reads text written by EncodeStatCells and calls each
// with every cell, its Load set to load; the cell is each's only until it
// returns. The whole text is checked first, so damaged text fails before
// each sees any cell; every count and length is checked against the bytes
// left before anything is allocated for it, so it fails without a large
// allocation. Nothing is allocated per cell: a view of one year of a large
// table reads past the other years' cells.
func DecodeStatCells(s string, load int64, each func(*StatCell)) error {
	body, ok := strings.CutPrefix(s, cellsPrefix)
	if !ok {
		return ErrCellsFormat
	}
	b, err := base64.RawStdEncoding.DecodeString(body)
	if err != nil {
		return ErrCellsFormat
	}
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) { // each string takes at least its length's byte
		return ErrCellsFormat
	}
	b = b[k:]
	strs := make([]string, n)
	for i := range strs {
		l, k := binary.Uvarint(b)
		if k <= 0 || l > uint64(len(b)-k) {
			return ErrCellsFormat
		}
		strs[i], b = string(b[k:k+int(l)]), b[k+int(l):]
	}
	rows, k := binary.Uvarint(b)
	const minCell = 2 + 3 + 1 + 8 // two varints, three numbers, the flags, the value
	if k <= 0 || rows > uint64(len(b)-k)/minCell {
		return ErrCellsFormat
	}
	b = b[k:]
	if !walkCells(b, strs, rows, load, nil) {
		return ErrCellsFormat
	}
	walkCells(b, strs, rows, load, each)
	return nil
}

// walkCells reads rows cells from b, calling each (when not nil) with
// every one, and says whether b holds exactly them.
func walkCells(b []byte, strs []string, rows uint64, load int64, each func(*StatCell)) bool {
	str := func() (string, bool) {
		i, k := binary.Uvarint(b)
		if k <= 0 || i >= uint64(len(strs)) {
			return "", false
		}
		b = b[k:]
		return strs[i], true
	}
	var c StatCell
	for range rows {
		y, n1 := binary.Varint(b)
		if n1 <= 0 {
			return false
		}
		b = b[n1:]
		m, n2 := binary.Varint(b)
		if n2 <= 0 || y < math.MinInt32 || y > math.MaxInt32 || m < math.MinInt32 || m > math.MaxInt32 {
			return false
		}
		b = b[n2:]
		c = StatCell{Load: load, Period: YearMonth{Year: int(y), Month: int(m)}}
		var ok1, ok2, ok3 bool
		c.HS, ok1 = str()
		c.Commodity, ok2 = str()
		c.Destination, ok3 = str()
		if !ok1 || !ok2 || !ok3 || len(b) < 9 || b[0] > 3 {
			return false
		}
		c.OtherCommodity, c.OtherDest = b[0]&1 != 0, b[0]&2 != 0
		c.ValueUSD = math.Float64frombits(binary.LittleEndian.Uint64(b[1:9]))
		b = b[9:]
		if each != nil {
			each(&c)
		}
	}
	return len(b) == 0
}
