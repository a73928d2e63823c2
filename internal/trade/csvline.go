package trade

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"math"
	"strconv"
)

// lineReader splits a delimited text file into fields without copying plain
// lines: encoding/csv allocates a string per field, which caps a BACI file
// (ten million rows, all plain numbers) at a few hundred thousand rows a
// second. Quoted fields, doubled quotes and quoted line breaks are handled
// on the slow path, only for the lines that have a quote.
type lineReader struct {
	br     *bufio.Reader
	sep    byte
	line   int // line number of the record last returned (its first line)
	next   int // line number of the next physical line
	fields [][]byte
	long   []byte // a line longer than the buffer
	quoted []byte // unescaped fields of a quoted record
	first  bool
}

// errUnclosedQuote is returned for a record whose quote never closes.
var errUnclosedQuote = errors.New("unclosed quote")

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 256<<10), sep: ',', next: 1, first: true}
}

// physical returns the next physical line without its line break; the slice
// is valid until the next call.
func (lr *lineReader) physical() ([]byte, error) {
	b, err := lr.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		lr.long = append(lr.long[:0], b...)
		for err == bufio.ErrBufferFull {
			b, err = lr.br.ReadSlice('\n')
			if lr.long = append(lr.long, b...); len(lr.long) > MaxRecordBytes {
				return nil, errRecordTooLong
			}
		}
		b = lr.long
	}
	if err != nil && err != io.EOF {
		return nil, err
	}
	if len(b) == 0 && err == io.EOF {
		return nil, io.EOF
	}
	lr.next++
	b = bytes.TrimSuffix(b, []byte{'\n'})
	b = bytes.TrimSuffix(b, []byte{'\r'})
	if lr.first {
		lr.first = false
		b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	}
	return b, nil
}

// read returns the fields of the next record, skipping blank lines. The
// slices are valid until the next call.
func (lr *lineReader) read() ([][]byte, error) {
	for {
		lr.line = lr.next
		b, err := lr.physical()
		if err != nil {
			return nil, err
		}
		if len(b) == 0 {
			continue
		}
		if bytes.IndexByte(b, '"') < 0 {
			lr.fields = lr.fields[:0]
			for {
				i := bytes.IndexByte(b, lr.sep)
				if i < 0 {
					lr.fields = append(lr.fields, b)
					return lr.fields, nil
				}
				lr.fields = append(lr.fields, b[:i])
				b = b[i+1:]
			}
		}
		return lr.readQuoted(b)
	}
}

// readQuoted splits a record with quotes, reading more physical lines while
// a quoted field is open.
func (lr *lineReader) readQuoted(b []byte) ([][]byte, error) {
	lr.quoted = lr.quoted[:0]
	var ends []int // end offset in lr.quoted of each field
	inQuote, fieldStart := false, true
	for {
		for i := 0; i < len(b); i++ {
			c := b[i]
			switch {
			case inQuote && c == '"':
				if i+1 < len(b) && b[i+1] == '"' {
					lr.quoted = append(lr.quoted, '"')
					i++
				} else {
					inQuote = false
				}
			case inQuote:
				lr.quoted = append(lr.quoted, c)
			case c == '"' && fieldStart:
				inQuote = true
				fieldStart = false
			case c == lr.sep:
				ends = append(ends, len(lr.quoted))
				fieldStart = true
			default:
				lr.quoted = append(lr.quoted, c)
				fieldStart = false
			}
		}
		if !inQuote {
			break
		}
		if len(lr.quoted) > MaxRecordBytes {
			return nil, errRecordTooLong
		}
		next, err := lr.physical()
		if err == errRecordTooLong {
			return nil, err
		}
		if err != nil {
			return nil, errUnclosedQuote
		}
		lr.quoted = append(lr.quoted, '\n')
		b = next
	}
	ends = append(ends, len(lr.quoted))
	lr.fields = lr.fields[:0]
	start := 0
	for _, e := range ends {
		lr.fields = append(lr.fields, lr.quoted[start:e])
		start = e
	}
	return lr.fields, nil
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseNumber reads a decimal number ("12", "-0.5", "3.25e2"). Plain
// decimals with at most 15 significant digits take an exact fast path (an
// integer mantissa divided by an exact power of ten is correctly rounded);
// anything else goes to strconv.
func parseNumber(b []byte) (float64, bool) {
	if len(b) == 0 {
		return 0, false
	}
	neg := false
	i := 0
	if b[0] == '-' || b[0] == '+' {
		neg = b[0] == '-'
		i = 1
	}
	var mant uint64
	digits, frac := 0, 0
	seenDot, any := false, false
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			any = true
			if mant == 0 && c == '0' {
				if seenDot {
					frac++
				}
				continue
			}
			mant = mant*10 + uint64(c-'0')
			digits++
			if seenDot {
				frac++
			}
		case c == '.' && !seenDot:
			seenDot = true
		default:
			return parseSlow(b)
		}
	}
	if !any || digits > 15 || frac > 22 {
		if !any {
			return 0, false
		}
		return parseSlow(b)
	}
	v := float64(mant) / pow10[frac]
	if neg {
		v = -v
	}
	return v, true
}

func parseSlow(b []byte) (float64, bool) {
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// trimSpace trims ASCII blanks around a field.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// isNA reports an empty cell or the spellings of "not available".
func isNA(b []byte) bool {
	b = trimSpace(b)
	return len(b) == 0 || string(b) == "NA" || string(b) == "N/A" || string(b) == "na" || string(b) == "NaN"
}
