package sheet

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	kflate "github.com/klauspost/compress/flate"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bounded"
)

// The XLSX reader streams a worksheet's XML with a small scanner of its
// own: a general XML decoder (or a spreadsheet library reading through one)
// takes minutes and gigabytes on a province's 150,000-row sheet, while rows
// of cells need only tags, a few attributes and text. What stays in memory
// is the shared-string table (as in Excel itself), never the rows.

type xlsxTable struct {
	merges  []Merge
	sheet   io.ReadCloser
	sc      *xmlScanner
	shared  []string
	line    int
	done    bool
	cells   []string
	textBuf []byte // a cell's <v> or inline text
	formBuf []byte // a cell's formula
	rowText []byte // the row's own texts, made one string at its end
	spans   []textSpan
	count   tally
}

// textSpan is a cell whose text is rowText[start:end]: a row's texts
// become one string, not one allocation per cell.
type textSpan struct{ cell, start, end int }

var errBroken = fileError("import.xlsx_broken")

// relationships is a package's .rels part.
type relationships struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// partPath is a relationship's target as a name in the ZIP: absolute
// ("/xl/…") from the package's root, otherwise relative to dir.
func partPath(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Join(dir, target), "/")
}

// workbook is an XLSX package's parts, its sheets in order and the
// workbook's relationships.
type workbook struct {
	files  map[string]*zip.File
	sheets []sheetEntry
	rels   relationships
	dir    string // the workbook part's folder, relationship targets' base
}

// sheetEntry is a sheet as the workbook part lists it.
type sheetEntry struct {
	Name string `xml:"name,attr"`
	// r:id, in the transitional namespace or ISO strict's (Excel's "Strict
	// Open XML Spreadsheet"): matched by its local name alone.
	RID   string `xml:"id,attr"`
	State string `xml:"state,attr"` // "hidden" or "veryHidden": not shown in Excel
}

// visible lists the sheets Excel shows, in order; all of them when it
// would show none (a broken file).
func (wb *workbook) visible() []sheetEntry {
	var out []sheetEntry
	for _, s := range wb.sheets {
		if s.State != "hidden" && s.State != "veryHidden" {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return wb.sheets
	}
	return out
}

func readWorkbook(ctx context.Context, r io.ReaderAt, size int64) (*workbook, error) {
	// archive/zip reads the whole directory into memory: count its entries
	// first.
	if n, ok := zipEntries(r, size); !ok {
		return nil, errBroken
	} else if n > MaxZipEntries {
		return nil, fileError("import.xlsx_too_many_parts", siapekspor.Count(MaxZipEntries))
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, readError(err, errBroken)
	}
	// klauspost's inflate is about twice the standard library's speed, and
	// inflating the sheet (twice: merges, then rows) is most of the reading.
	zr.RegisterDecompressor(zip.Deflate, kflate.NewReader)
	wb := &workbook{files: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		wb.files[strings.TrimPrefix(f.Name, "/")] = f
	}
	// The workbook is where the package's relationships say (some writers
	// name it otherwise than xl/workbook.xml); its own relationships lie
	// beside it, their targets relative to its folder.
	wbPath := "xl/workbook.xml"
	var pkg relationships
	if f := wb.files["_rels/.rels"]; f != nil && unmarshalPart(ctx, f, &pkg) == nil {
		for _, rel := range pkg.Rels {
			if strings.HasSuffix(rel.Type, "/officeDocument") && wb.files[partPath("", rel.Target)] != nil {
				wbPath = partPath("", rel.Target)
				break
			}
		}
	}
	var part struct {
		Sheets []sheetEntry `xml:"sheets>sheet"`
	}
	if err := unmarshalPart(ctx, wb.files[wbPath], &part); err != nil || len(part.Sheets) == 0 {
		return nil, readError(err, errBroken)
	}
	wb.sheets = part.Sheets
	dir, base := path.Split(wbPath)
	if err := unmarshalPart(ctx, wb.files[dir+"_rels/"+base+".rels"], &wb.rels); err != nil {
		return nil, readError(err, errBroken)
	}
	wb.dir = dir
	return wb, nil
}

// SheetNames lists the sheets a workbook shows, in order (the first is the
// one Open reads when asked for none); nil for a file that is not an XLSX
// workbook.
func SheetNames(ctx context.Context, r io.ReaderAt, size int64) ([]string, error) {
	head := make([]byte, 4)
	if n, _ := r.ReadAt(head, 0); n < 4 || !bytes.Equal(head, []byte("PK\x03\x04")) {
		return nil, nil
	}
	wb, err := readWorkbook(ctx, bounded.ReaderAt{Ctx: ctx, R: r}, size)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, s := range wb.visible() {
		names = append(names, s.Name)
	}
	return names, nil
}

// openXLSX opens a workbook's sheet ("" for the first one shown) for
// streaming.
func openXLSX(ctx context.Context, r io.ReaderAt, size int64, sheet string) (Table, error) {
	wb, err := readWorkbook(ctx, r, size)
	if err != nil {
		return nil, err
	}
	files, rels := wb.files, wb.rels
	target := func(t string) string { return partPath(wb.dir, t) }
	chosen := wb.visible()[0] // a hidden sheet first is not what the office sees first
	if sheet != "" {
		found, names := false, make([]string, len(wb.sheets))
		for i, s := range wb.sheets {
			names[i] = s.Name
			if s.Name == sheet && !found {
				chosen, found = s, true
			}
		}
		if !found {
			return nil, fileError("import.no_sheet", sheet, strings.Join(names, ", "))
		}
	}
	var sheetFile, sharedFile *zip.File
	for _, rel := range rels.Rels {
		switch {
		case rel.ID == chosen.RID:
			sheetFile = files[target(rel.Target)]
		case strings.HasSuffix(rel.Type, "/sharedStrings"):
			sharedFile = files[target(rel.Target)]
		}
	}
	if sheetFile == nil {
		return nil, errBroken
	}
	// Merged cells are listed after the rows; a first pass over the
	// decompressed bytes (fast, no parsing) finds them before any row is
	// read, so the reader can fill each merge with its value.
	merged, err := mergedCells(ctx, sheetFile)
	if err != nil {
		return nil, readError(err, errBroken)
	}
	t := &xlsxTable{merges: merged}
	if sharedFile != nil {
		if t.shared, err = readSharedStrings(ctx, sharedFile); err != nil {
			return nil, readError(err, errBroken)
		}
	}
	if t.sheet, err = openPart(ctx, sheetFile, MaxPartBytes); err != nil {
		return nil, readError(err, errBroken)
	}
	t.sc = newXMLScanner(t.sheet)
	return t, nil
}

// zipEntries reads the number of files a zip's end record declares,
// before archive/zip reads (and holds) an entry for each of them.
func zipEntries(r io.ReaderAt, size int64) (uint64, bool) {
	const endLen, zip64LocatorLen = 22, 20
	tail := make([]byte, min(size, endLen+65535)) // the record, and a comment of up to 64 KB
	if _, err := r.ReadAt(tail, size-int64(len(tail))); err != nil && err != io.EOF {
		return 0, false
	}
	at := bytes.LastIndex(tail, []byte("PK\x05\x06"))
	if at < 0 || len(tail)-at < endLen {
		return 0, false
	}
	n := uint64(binary.LittleEndian.Uint16(tail[at+10:]))
	if n != 0xffff || at < zip64LocatorLen {
		return n, true
	}
	// ZIP64: the locator before the record points at a larger record.
	loc := tail[at-zip64LocatorLen : at]
	if !bytes.HasPrefix(loc, []byte("PK\x06\x07")) {
		return n, true
	}
	rec := make([]byte, 40)
	off := int64(binary.LittleEndian.Uint64(loc[8:]))
	if off < 0 || off > size-int64(len(rec)) {
		return 0, false
	}
	if _, err := r.ReadAt(rec, off); err != nil || !bytes.HasPrefix(rec, []byte("PK\x06\x06")) {
		return 0, false
	}
	return binary.LittleEndian.Uint64(rec[32:]), true
}

// openPart opens a part of the workbook for reading at most limit
// unpacked bytes, counted as they are read: a zip's declared sizes are not
// trusted (a few megabytes may unpack to gigabytes).
func openPart(ctx context.Context, f *zip.File, limit int64) (io.ReadCloser, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	over := func() error {
		return fileError("import.xlsx_part_too_large", limit>>20, f.Name)
	}
	return struct {
		io.Reader
		io.Closer
	}{bounded.NewReader(ctx, rc, limit, over), rc}, nil
}

func unmarshalPart(ctx context.Context, f *zip.File, v any) error {
	if f == nil {
		return errors.New("missing part")
	}
	rc, err := openPart(ctx, f, MaxMetaBytes)
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(rc).Decode(v)
}

// Merge is a merged range of a sheet: lines (1-based rows) Top to Bottom
// and 0-based columns Left to Right, inclusive. Its value is its top-left
// cell's.
type Merge struct{ Top, Bottom, Left, Right int }

// Merges returns the sheet's merged ranges (the reader fills them).
func (t *xlsxTable) Merges() []Merge { return t.merges }

// ParseRange reads a range such as "A2:C4" (a single cell is no merge).
func ParseRange(ref string) (Merge, bool) {
	a, b, ok := strings.Cut(ref, ":")
	if !ok {
		return Merge{}, false
	}
	cell := func(s string) (col, row int, ok bool) {
		col, ok = columnOfRef(s)
		if !ok || col >= MaxColumns {
			return 0, 0, false
		}
		i := strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' })
		if i < 0 {
			return 0, 0, false
		}
		row, err := strconv.Atoi(s[i:])
		return col, row, err == nil && row > 0 && row <= MaxRows
	}
	c1, r1, ok1 := cell(a)
	c2, r2, ok2 := cell(b)
	if !ok1 || !ok2 {
		return Merge{}, false
	}
	m := Merge{Top: min(r1, r2), Bottom: max(r1, r2), Left: min(c1, c2), Right: max(c1, c2)}
	return m, m.Top != m.Bottom || m.Left != m.Right
}

// mergedCells returns the ranges of a sheet's <mergeCell ref="…"/>
// elements, at most MaxMerges of them.
func mergedCells(ctx context.Context, f *zip.File) ([]Merge, error) {
	rc, err := openPart(ctx, f, MaxPartBytes)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var out []Merge
	tag := []byte("mergeCell ")
	buf := make([]byte, 256*1024)
	carry := 0 // unexamined bytes kept from the previous chunk
	for {
		n, err := io.ReadFull(rc, buf[carry:])
		chunk := buf[:carry+n]
		done, keep := 0, -1
		for {
			j := bytes.Index(chunk[done:], tag)
			if j < 0 {
				break
			}
			start := done + j
			end := bytes.IndexByte(chunk[start:], '>')
			if end < 0 {
				keep = start // a tag cut by the chunk's end: read it whole next time
				break
			}
			if ref, ok := attr(chunk[start+len(tag):start+end], "ref"); ok {
				if m, ok := ParseRange(ref); ok {
					if len(out) == MaxMerges {
						return nil, fileError("import.xlsx_too_many_merges", siapekspor.Count(MaxMerges))
					}
					out = append(out, m)
				}
			}
			done = start + end + 1
		}
		if keep < 0 {
			keep = max(done, len(chunk)-len(tag))
		}
		if keep == 0 && len(chunk) == len(buf) {
			// A tag as long as the whole buffer: carrying it over would read
			// nothing more, forever. Merged-cell tags are a few dozen bytes.
			return nil, fileError("import.xlsx_tag_too_long", len(buf)>>10)
		}
		carry = copy(buf, chunk[keep:])
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// readSharedStrings reads the workbook's table of repeated texts, within
// MaxSharedStrings strings and MaxSharedBytes of text.
func readSharedStrings(ctx context.Context, f *zip.File) ([]string, error) {
	rc, err := openPart(ctx, f, MaxPartBytes)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	sc := newXMLScanner(rc)
	var out []string
	var text []byte
	total := 0
	add := func(s string) error {
		if len(out) == MaxSharedStrings {
			return fileError("import.xlsx_too_many_strings", siapekspor.Count(MaxSharedStrings))
		}
		if total += len(s); total > MaxSharedBytes {
			return fileError("import.xlsx_strings_too_large", MaxSharedBytes>>20)
		}
		out = append(out, s)
		return nil
	}
	for {
		kind, name, attrs, err := sc.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if kind == tagStart && string(name) == "sst" && len(out) == 0 {
			// The declared count only sizes the table's first allocation.
			if n, ok := attr(attrs, "uniqueCount"); ok {
				if c, err := strconv.Atoi(n); err == nil && c > 0 {
					out = make([]string, 0, min(c, 1<<16))
				}
			}
		}
		if string(name) == "si" {
			switch kind {
			case tagSelfClosing:
				err = add("")
			case tagStart:
				if text, err = sc.richText(text[:0], "si", MaxCellBytes); err == errTextTooLong {
					err = fileError("import.xlsx_string_too_long", len(out)+1, MaxCellBytes>>10)
				}
				if err == nil {
					err = add(string(text))
				}
			}
			if err != nil {
				return nil, err
			}
		}
	}
}

func (t *xlsxTable) Next() ([]string, int, error) {
	for !t.done {
		kind, name, attrs, err := t.sc.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, t.line, readError(err, errBroken)
		}
		switch string(name) {
		case "sheetData":
			if kind == tagEnd || kind == tagSelfClosing {
				t.done = true
			}
		case "row":
			if kind == tagEnd {
				continue
			}
			t.line++
			if r, ok := attrRaw(attrs, "r"); ok {
				if n, ok := siapekspor.ParseDigits(r); ok && n > 0 {
					t.line = n
				}
			}
			if kind == tagSelfClosing {
				if err := t.count.row(t.line, nil); err != nil { // an empty row, counted all the same
					return nil, t.line, err
				}
				continue
			}
			cells, err := t.readRow()
			if err == nil {
				err = t.count.row(t.line, cells)
			}
			if err != nil {
				return nil, t.line, readError(err, errBroken)
			}
			return cells, t.line, nil
		}
	}
	return nil, 0, io.EOF
}

// readRow reads the cells of a <row> up to its end tag, refusing a row
// of more than MaxColumns cells or MaxRowBytes of text as soon as it is.
func (t *xlsxTable) readRow() ([]string, error) {
	cells := make([]string, 0, len(t.cells)) // a new slice: the reader keeps rows
	t.rowText, t.spans = t.rowText[:0], t.spans[:0]
	size := 0
	for {
		kind, name, attrs, err := t.sc.next()
		if err != nil {
			return nil, err
		}
		if string(name) == "row" && kind == tagEnd {
			text := string(t.rowText)
			for _, sp := range t.spans {
				cells[sp.cell] = text[sp.start:sp.end]
			}
			t.cells = cells
			return cells, nil
		}
		if string(name) != "c" || kind == tagEnd {
			continue
		}
		col := len(cells)
		if ref, ok := attrRaw(attrs, "r"); ok {
			if c, ok := columnOfRef(ref); ok && c >= len(cells) && c < MaxColumns {
				col = c
			}
		}
		if col >= MaxColumns {
			return nil, fileError("import.too_many_columns", t.line, siapekspor.Count(MaxColumns))
		}
		for len(cells) < col {
			cells = append(cells, "")
		}
		if kind == tagSelfClosing {
			cells = append(cells, "")
			continue
		}
		typ, _ := attrRaw(attrs, "t")
		start := len(t.rowText)
		v, err := t.readCell(cellTypeOf(typ))
		n := len(v) + len(t.rowText) - start
		if err == errTextTooLong || n > MaxCellBytes {
			return nil, cellTooLong(t.line, col)
		}
		if err != nil {
			return nil, err
		}
		if size += n; size > MaxRowBytes {
			return nil, rowTooLong(t.line)
		}
		if len(t.rowText) > start {
			t.spans = append(t.spans, textSpan{len(cells), start, len(t.rowText)})
		}
		cells = append(cells, v)
	}
}

// cellTypeOf names a cell's t attribute without allocating: a type this
// reader does not know is read as a number, as before.
func cellTypeOf(t []byte) string {
	switch string(t) {
	case "s":
		return "s"
	case "b":
		return "b"
	case "str":
		return "str"
	case "inlineStr":
		return "inlineStr"
	case "e":
		return "e"
	case "d":
		return "d"
	}
	return "n"
}

// readCell reads a cell's content up to </c>: its value, inline text or
// formula. A formula comes back as "=" and its text, so the row reader
// reports it instead of importing a computed value the office never typed.
// Text of the cell's own is appended to t.rowText (and "" returned); a
// shared string or a fixed text is returned as it is.
func (t *xlsxTable) readCell(typ string) (string, error) {
	t.textBuf, t.formBuf = t.textBuf[:0], t.formBuf[:0]
	hasFormula := false
	for {
		kind, name, _, err := t.sc.next()
		if err != nil {
			return "", err
		}
		switch string(name) {
		case "c":
			if kind == tagEnd {
				if hasFormula {
					t.rowText = append(t.rowText, '=')
					if len(t.formBuf) == 0 {
						t.rowText = append(t.rowText, "…"...)
					}
					t.rowText = append(t.rowText, t.formBuf...)
					return "", nil
				}
				return t.cellValue(typ, t.textBuf), nil
			}
		case "v":
			if kind == tagStart {
				if t.textBuf, err = t.sc.text(t.textBuf[:0], "v", MaxCellBytes); err != nil {
					return "", err
				}
			}
		case "f":
			hasFormula = true
			if kind == tagStart {
				if t.formBuf, err = t.sc.text(t.formBuf[:0], "f", MaxCellBytes); err != nil {
					return "", err
				}
			}
		case "is":
			if kind == tagStart {
				if t.textBuf, err = t.sc.richText(t.textBuf[:0], "is", MaxCellBytes); err != nil {
					return "", err
				}
			}
		}
	}
}

// cellValue turns a stored value into the text the office sees, in the
// forms the row reader parses: numbers without exponents and with the
// Indonesian decimal comma, so "1234.5" is not read as 12.345. A shared
// string or a boolean is returned; any other text is appended to rowText.
func (t *xlsxTable) cellValue(typ string, v []byte) string {
	switch typ {
	case "s":
		i, ok := siapekspor.ParseDigits(v)
		if !ok || i >= len(t.shared) {
			return ""
		}
		return t.shared[i]
	case "b":
		if string(v) == "1" {
			return "TRUE"
		}
		return "FALSE"
	case "str", "inlineStr", "e", "d":
		t.rowText = append(t.rowText, v...)
		return ""
	}
	if plainInteger(v) {
		t.rowText = append(t.rowText, v...) // what the conversion below would give
		return ""
	}
	f, err := strconv.ParseFloat(string(v), 64)
	switch {
	case err != nil:
		t.rowText = append(t.rowText, v...)
	case f == math.Trunc(f) && math.Abs(f) < 1e18:
		t.rowText = strconv.AppendInt(t.rowText, int64(f), 10)
	default:
		start := len(t.rowText)
		t.rowText = strconv.AppendFloat(t.rowText, f, 'f', -1, 64)
		if i := bytes.IndexByte(t.rowText[start:], '.'); i >= 0 {
			t.rowText[start+i] = ','
		}
	}
	return ""
}

// plainInteger is a number as strconv.FormatInt writes it, of at most 15
// digits (exact in a float64): an optional minus, no leading zero.
func plainInteger(v []byte) bool {
	d := v
	if len(d) > 0 && d[0] == '-' {
		d = d[1:]
	}
	if len(d) == 0 || len(d) > 15 || (d[0] == '0' && len(d) > 1) || (len(v) > len(d) && string(d) == "0") {
		return false
	}
	for _, c := range d {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func (t *xlsxTable) Close() error { return t.sheet.Close() }

// columnOfRef returns the 0-based column of a cell reference such as "AB12".
func columnOfRef[T string | []byte](ref T) (int, bool) {
	col := 0
	i := 0
	for ; i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z'; i++ {
		// A hostile reference of many letters stays a large column
		// (past MaxColumns, which callers refuse) rather than overflowing
		// to a negative one.
		col = min(col*26+int(ref[i]-'A'+1), 1<<30)
	}
	return col - 1, i > 0
}

// ColumnLetter is a spreadsheet's name of a 0-based column: A, B, …, AA.
func ColumnLetter(i int) string {
	var b []byte
	for n := i + 1; n > 0; n = (n - 1) / 26 {
		b = append([]byte{byte('A' + (n-1)%26)}, b...)
	}
	return string(b)
}

const (
	tagStart = iota
	tagEnd
	tagSelfClosing
)

// xmlScanner returns a document's tags one by one; text is read on request.
// It knows as much XML as spreadsheets use: elements, attributes, entities,
// comments, processing instructions and CDATA.
type xmlScanner struct {
	r     *bufio.Reader
	tag   []byte
	carry []byte
}

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{r: bufio.NewReaderSize(r, 64*1024)}
}

// next skips to the next element tag and returns its kind, local name (the
// namespace prefix removed) and raw attributes, valid until the next call.
func (s *xmlScanner) next() (kind int, name, attrs []byte, err error) {
	for {
		if err := s.skipTo('<'); err != nil {
			return 0, nil, nil, err
		}
		if err := s.readTag(); err != nil {
			return 0, nil, nil, err
		}
		tag := s.tag
		if len(tag) == 0 || tag[0] == '?' || tag[0] == '!' {
			continue
		}
		kind = tagStart
		if tag[0] == '/' {
			kind, tag = tagEnd, tag[1:]
		} else if tag[len(tag)-1] == '/' {
			kind, tag = tagSelfClosing, tag[:len(tag)-1]
		}
		end := 0 // the name ends at the first blank
		for end < len(tag) && tag[end] != ' ' && tag[end] != '\t' && tag[end] != '\r' && tag[end] != '\n' {
			end++
		}
		name, attrs = tag[:end], tag[end:]
		if i := bytes.IndexByte(name, ':'); i >= 0 {
			name = name[i+1:]
		}
		return kind, name, attrs, nil
	}
}

// skipTo discards input up to and including c.
func (s *xmlScanner) skipTo(c byte) error {
	for {
		_, err := s.r.ReadSlice(c)
		if err == bufio.ErrBufferFull {
			continue
		}
		return err
	}
}

// errTextTooLong is an element's text over the limit its reader set.
var errTextTooLong = errors.New("text too long")

// readTag reads a tag's body after "<" up to its ">" (outside quotes), and
// skips comments and CDATA whole. Inside a quoted attribute value it reads
// straight to the closing quote, so a value full of ">" costs no more than
// any other; each byte is looked at once. A tag over MaxTagBytes is refused.
func (s *xmlScanner) readTag() error {
	s.tag = s.tag[:0]
	var quote byte // the quote an attribute value is open with
	for {
		delim := byte('>')
		if quote != 0 {
			delim = quote
		}
		chunk, err := s.r.ReadSlice(delim)
		start := len(s.tag)
		s.tag = append(s.tag, chunk...)
		if len(s.tag) > MaxTagBytes {
			return fileError("import.xlsx_tag_too_long", MaxTagBytes>>10)
		}
		if err != nil && err != bufio.ErrBufferFull {
			if err == io.EOF {
				return io.ErrUnexpectedEOF
			}
			return err
		}
		full := err == bufio.ErrBufferFull
		bang := s.tag[0] == '!' // only then a comment or CDATA (checked first: it is rare)
		switch {
		case bang && bytes.HasPrefix(s.tag, []byte("!--")):
			if full || !bytes.HasSuffix(s.tag, []byte("-->")) {
				continue
			}
		case bang && bytes.HasPrefix(s.tag, []byte("![CDATA[")):
			if full || !bytes.HasSuffix(s.tag, []byte("]]>")) {
				continue
			}
		case quote != 0:
			if !full {
				quote = 0 // read through the closing quote
			}
			continue
		default:
			for _, c := range s.tag[start:] {
				switch {
				case quote == 0 && (c == '"' || c == '\''):
					quote = c
				case c == quote:
					quote = 0
				}
			}
			if full || quote != 0 {
				continue // more of the tag, or a ">" inside a quoted value
			}
		}
		s.tag = s.tag[:len(s.tag)-1]
		return nil
	}
}

// text appends the decoded text of the element just opened, up to its end
// tag, to dst; more than limit bytes in dst is errTextTooLong.
func (s *xmlScanner) text(dst []byte, elem string, limit int) ([]byte, error) {
	carry := s.carry[:0] // the start of an escape cut by the buffer's end
	for {
		chunk, err := s.r.ReadSlice('<')
		if len(carry) > 0 {
			carry = append(carry, chunk...)
			chunk, carry = carry, carry[:0]
		}
		if err == bufio.ErrBufferFull {
			// Decode all but a possible cut escape ("&am", "_x00"), which
			// is decoded whole with the next chunk.
			cut := len(chunk)
			if i := bytes.LastIndexAny(chunk[max(0, len(chunk)-maxEscape):], "&_"); i >= 0 {
				cut = max(0, len(chunk)-maxEscape) + i
			}
			dst = appendUnescaped(dst, chunk[:cut])
			carry = append(carry, chunk[cut:]...)
			s.carry = carry
			if len(dst) > limit {
				return dst, errTextTooLong
			}
			continue
		}
		if err != nil {
			return dst, err
		}
		dst = appendUnescaped(dst, chunk[:len(chunk)-1])
		if len(dst) > limit {
			return dst, errTextTooLong
		}
		if err := s.readTag(); err != nil {
			return dst, err
		}
		if bytes.HasPrefix(s.tag, []byte("![CDATA[")) {
			if dst = append(dst, s.tag[8:len(s.tag)-2]...); len(dst) > limit {
				return dst, errTextTooLong
			}
			continue
		}
		tag := bytes.TrimPrefix(s.tag, []byte("/"))
		if i := bytes.IndexByte(tag, ':'); i >= 0 {
			tag = tag[i+1:]
		}
		if len(s.tag) > 0 && s.tag[0] == '/' && string(tag) == elem {
			return dst, nil
		}
	}
}

// richText appends the text of every <t> inside the element just opened (a
// shared string or an inline string, plain or in formatted runs), leaving
// out phonetic guides, up to the element's end tag; more than limit bytes
// is errTextTooLong.
func (s *xmlScanner) richText(dst []byte, elem string, limit int) ([]byte, error) {
	phonetic := 0
	for {
		kind, name, _, err := s.next()
		if err != nil {
			return dst, err
		}
		switch string(name) {
		case elem:
			if kind == tagEnd {
				return dst, nil
			}
		case "rPh":
			switch kind {
			case tagStart:
				phonetic++
			case tagEnd:
				phonetic--
			}
		case "t":
			if kind == tagStart {
				if phonetic > 0 {
					if _, err := s.text(nil, "t", limit); err != nil {
						return dst, err
					}
					continue
				}
				if dst, err = s.text(dst, "t", limit); err != nil {
					return dst, err
				}
			}
		}
	}
}

// attr finds an attribute's decoded value in a tag's raw attributes.
func attr(attrs []byte, name string) (string, bool) {
	raw, ok := attrRaw(attrs, name)
	if !ok {
		return "", false
	}
	return string(appendUnescaped(nil, raw)), true
}

// attrRaw finds an attribute's raw value (entities not decoded) in a tag's
// raw attributes, reading them one by one; nothing is allocated.
func attrRaw(attrs []byte, name string) ([]byte, bool) {
	space := func(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
	for i := 0; i < len(attrs); {
		for i < len(attrs) && space(attrs[i]) {
			i++
		}
		start := i
		for i < len(attrs) && attrs[i] != '=' && !space(attrs[i]) {
			i++
		}
		key := attrs[start:i]
		for i < len(attrs) && space(attrs[i]) {
			i++
		}
		if i == len(attrs) || attrs[i] != '=' {
			continue // a name without a value: not XML, passed over
		}
		for i++; i < len(attrs) && space(attrs[i]); i++ {
		}
		if i == len(attrs) || (attrs[i] != '"' && attrs[i] != '\'') {
			return nil, false
		}
		end := bytes.IndexByte(attrs[i+1:], attrs[i])
		if end < 0 {
			return nil, false
		}
		value := attrs[i+1 : i+1+end]
		i += end + 2
		if string(key) == name {
			return value, true
		}
	}
	return nil, false
}

var entities = map[string]string{"amp": "&", "lt": "<", "gt": ">", "quot": `"`, "apos": "'"}

// maxEscape is the longest escape appendUnescaped decodes: "&#x10FFFF;"
// and "_xHHHH_" are shorter. A ";" further than this from its "&" ends no
// entity, so it is never looked for further (which made text of many "&"
// quadratic).
const maxEscape = 12

// appendUnescaped appends text with XML's entities and character
// references decoded; Excel's _xHHHH_ escapes are decoded too.
func appendUnescaped(dst, b []byte) []byte {
	if bytes.IndexByte(b, '&') < 0 && !bytes.Contains(b, []byte("_x")) {
		return append(dst, b...)
	}
	for len(b) > 0 {
		switch {
		case b[0] == '&':
			end := bytes.IndexByte(b[:min(len(b), maxEscape)], ';')
			if end < 0 {
				dst, b = append(dst, b[0]), b[1:]
				continue
			}
			ent := string(b[1:end])
			if r, ok := entities[ent]; ok {
				dst = append(dst, r...)
			} else if strings.HasPrefix(ent, "#") {
				var n uint64
				var err error
				if strings.HasPrefix(ent, "#x") || strings.HasPrefix(ent, "#X") {
					n, err = strconv.ParseUint(ent[2:], 16, 32)
				} else {
					n, err = strconv.ParseUint(ent[1:], 10, 32)
				}
				if err != nil || !utf8.ValidRune(rune(n)) {
					dst = append(dst, b[:end+1]...)
				} else {
					dst = utf8.AppendRune(dst, rune(n))
				}
			} else {
				dst = append(dst, b[:end+1]...)
			}
			b = b[end+1:]
		case len(b) >= 7 && b[0] == '_' && b[1] == 'x' && b[6] == '_':
			n, err := strconv.ParseUint(string(b[2:6]), 16, 32)
			if err != nil {
				dst, b = append(dst, b[0]), b[1:]
				continue
			}
			dst, b = utf8.AppendRune(dst, rune(n)), b[7:]
		default:
			dst, b = append(dst, b[0]), b[1:]
		}
	}
	return dst
}
