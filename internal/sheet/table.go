// Package sheet reads tables from the files people upload — CSV in the
// encodings and separators spreadsheets save, and XLSX workbooks, streamed
// with a small reader of their own — row by row, within the limits of
// limits.go. It knows nothing of what the rows mean: the importer maps
// enterprise and product lists, exportstats and market their own tables.
package sheet

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bounded"
)

// Table is a stream of rows from a spreadsheet's sheet or a CSV file.
type Table interface {
	// Next returns the next row's cells and its 1-based line (row number in
	// the file or sheet), or io.EOF.
	Next() (cells []string, line int, err error)
	Close() error
}

// Format is the kind of file.
type Format string

const (
	FormatCSV  Format = "csv"
	FormatXLSX Format = "xlsx"
)

// fileError is a problem with the whole file, as a message key.
func fileError(key string, args ...any) error {
	return siapekspor.Errorf(siapekspor.EInvalid, key, args...)
}

// Open sniffs the file's bytes (never its name) and opens it as a table:
// XLSX files are ZIP archives; anything else must be text. sheet picks an
// XLSX sheet by name ("" for the first). Once ctx is done, every read of
// the file (so Next, and Open itself) fails with its error; the limits of
// limits.go are checked while reading.
func Open(ctx context.Context, r io.ReaderAt, size int64, sheet string) (Table, Format, error) {
	r = bounded.ReaderAt{Ctx: ctx, R: r}
	head := make([]byte, 4096)
	n, err := r.ReadAt(head, 0)
	if n == 0 && err != nil && passThrough(err) {
		return nil, "", err // cancelled before a byte was read
	}
	head = head[:n]
	if n == 0 {
		return nil, "", fileError("import.empty_file")
	}
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")) && bytes.Contains(head, []byte("application/vnd.oasis.opendocument")):
		// LibreOffice's own format: a ZIP too, but not a workbook this reads.
		return nil, "", fileError("import.ods")
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		t, err := openXLSX(ctx, r, size, sheet)
		if err != nil {
			return nil, FormatXLSX, err
		}
		return prefetch(t), FormatXLSX, nil
	case bytes.HasPrefix(head, oleSignature):
		// Excel 97–2003 (.xls) and a workbook saved with a password (Excel
		// wraps the encrypted XLSX in the same container).
		return nil, "", fileError("import.xls")
	}
	utf16 := utf16Of(head)
	if utf16 != nil {
		head, _ = utf16.NewDecoder().Bytes(head[:len(head)&^1])
	}
	if !looksLikeText(head) {
		return nil, "", fileError("import.not_table")
	}
	if sheet != "" {
		return nil, "", fileError("import.sheet_in_csv")
	}
	var src io.Reader = io.NewSectionReader(r, 0, size)
	if utf16 != nil {
		src = transform.NewReader(src, utf16.NewDecoder())
	}
	t, err := openCSV(ctx, src)
	return t, FormatCSV, err
}

// oleSignature opens a Microsoft compound file: an .xls workbook, or an
// XLSX encrypted with a password.
var oleSignature = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}

// utf16Of says whether a file's first bytes are UTF-16 text — Excel's
// "Unicode Text" (tab-separated) and some systems' exports — and in which
// byte order: by its byte order mark, or, without one, by the zero bytes
// that every other byte of Latin text is. nil when it is not.
func utf16Of(head []byte) encoding.Encoding {
	switch {
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}):
		return unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	case bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		return unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	}
	pairs, evenZero, oddZero := len(head)/2, 0, 0
	for i := 0; i+1 < len(head); i += 2 {
		if head[i] == 0 {
			evenZero++
		}
		if head[i+1] == 0 {
			oddZero++
		}
	}
	switch {
	case pairs < 2:
		return nil
	case oddZero*10 >= pairs*9 && evenZero == 0:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	case evenZero*10 >= pairs*9 && oddZero == 0:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	}
	return nil
}

// looksLikeText refuses binary files: NUL bytes or many control characters.
func looksLikeText(b []byte) bool {
	control := 0
	for _, c := range b {
		switch {
		case c == 0:
			return false
		case c < 0x20 && c != '\n' && c != '\r' && c != '\t':
			control++
		}
	}
	return control*100 < len(b)
}

type csvTable struct {
	r     *csv.Reader
	in    *bounded.Reader // what the CSV reader takes, counted per record
	line  int             // of the record last read
	next  int             // the earliest line the next record may start on
	count tally
}

// csvBuffer is the read-ahead of encoding/csv's reader: a record's count
// of bytes taken may exceed its length by this much.
const csvBuffer = 4096

// openCSV handles what spreadsheets save: UTF-8 with or without a BOM, or
// Windows-1252 (Excel's "CSV" on Indonesian Windows), UTF-16 decoded by
// Open before it; comma, semicolon (Excel where the decimal mark is a
// comma) or tab separators.
func openCSV(ctx context.Context, r io.Reader) (Table, error) {
	br := bufio.NewReaderSize(r, 64*1024)
	peek, _ := br.Peek(64 * 1024)
	var src io.Reader = br
	if bytes.HasPrefix(peek, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
		peek = peek[3:]
	} else if !utf8.Valid(trimPartialRune(peek)) {
		src = charmap.Windows1252.NewDecoder().Reader(br)
	}
	if bytes.IndexByte(peek, '\r') >= 0 && bytes.IndexByte(peek, '\n') < 0 {
		// Lines ended by CR alone (Excel's "CSV (Macintosh)"): encoding/csv
		// would read the whole file as one line.
		src = crLines{src}
		peek = bytes.ReplaceAll(peek, []byte("\r"), []byte("\n"))
	}
	// encoding/csv holds a whole record (a quoted field may run to the end
	// of the file): the bytes it takes are counted and cut off per record.
	t := &csvTable{next: 1}
	t.in = bounded.NewReader(ctx, src, MaxRowBytes+csvBuffer, func() error { return rowTooLong(t.next) })
	cr := csv.NewReader(t.in)
	cr.Comma = guessSeparator(peek)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = false
	t.r = cr
	return t, nil
}

// crLines reads a file whose lines end in CR alone as lines ending in LF.
type crLines struct{ r io.Reader }

func (c crLines) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// trimPartialRune drops a UTF-8 sequence cut off at the end of a peek.
func trimPartialRune(b []byte) []byte {
	for i := 0; i < 3 && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return b
		}
		b = b[:len(b)-1]
	}
	return b
}

// guessSeparator picks the separator that splits the first line most; a
// first line that splits at none (a title above the header) is passed
// over for the next that does, among the first ten.
func guessSeparator(b []byte) rune {
	rest := b
	for i := 0; i < 10 && len(rest) > 0; i++ {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		best, count := ',', 0
		for _, sep := range []rune{',', ';', '\t', '|'} {
			inQuote, n := false, 0
			for _, c := range string(line) {
				switch {
				case c == '"':
					inQuote = !inQuote
				case c == sep && !inQuote:
					n++
				}
			}
			if n > count {
				best, count = sep, n
			}
		}
		if count > 0 {
			return best
		}
	}
	return ','
}

func (t *csvTable) Next() ([]string, int, error) {
	t.in.N = 0
	rec, err := t.r.Read()
	if err != nil {
		var pe *csv.ParseError
		switch {
		case err == io.EOF:
		case passThrough(err):
			return nil, t.next, err // a limit or a cancellation
		case errors.As(err, &pe):
			return nil, pe.Line, fileError("import.csv_broken", pe.Line)
		}
		return nil, 0, err
	}
	line, _ := t.r.FieldPos(0)
	last, _ := t.r.FieldPos(len(rec) - 1)
	t.line, t.next = line, last+1
	if err := t.count.row(line, rec); err != nil {
		return nil, line, err
	}
	return rec, line, nil
}

func (t *csvTable) Close() error { return nil }
