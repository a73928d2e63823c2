package importer

import (
	"errors"
	"github.com/siapekspor/siapekspor/internal/sheet"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/siapekspor/siapekspor"
)

// Office spreadsheets are drawn for printing: a title block, a header over
// two or three rows with merged group headings (ALAMAT over Desa, Kecamatan,
// Kabupaten/Kota), a row numbering the columns, the header repeated on every
// printed page, regencies merged beside their block of rows, and total rows.
// This file finds the header in such a sheet and sets aside every row that
// is not an enterprise, naming why, so that none is read as one and none is
// dropped unsaid. All of it looks at a bounded part of the file: the first
// maxHeaderScan rows and maxHeaderColumns columns for the header, and each
// later row once.

const (
	// maxHeaderScan is how many rows are read to find the header.
	maxHeaderScan = 30
	// maxHeaderRows is how many rows a header may span.
	maxHeaderRows = 3
	// maxHeaderColumns bounds the columns whose headings are read.
	maxHeaderColumns = 1024
	// maxSkippedKept bounds the skipped rows listed (all are counted).
	maxSkippedKept = 1000
	// maxPreview bounds a skipped row's text shown in the report.
	maxPreview = 120
)

// Skipped is a row that is not an enterprise — a title, a note, a blank
// row, a repeated header, a numbering or a total row — with the reason
// (a message key and its arguments).
type Skipped struct {
	Line int `json:"line"`
	// Last is the last line of a run of blank rows (0 for one row).
	Last int    `json:"last,omitempty"`
	Key  string `json:"code"`
	Args []any  `json:"-"`
	Text string `json:"text"` // the row's first cells, for recognising it
}

// foundHeader is a header found among the first rows.
type foundHeader struct {
	first, last int      // indexes of its rows among those examined
	names       []string // each column's name, "ALAMAT / Kecamatan"
	mapping     Mapping
	dup         error // two columns name one field
	score       int   // distinct fields named
}

// findHeader finds the header among rows (a file's first rows): the run of
// one to maxHeaderRows rows whose columns, read together, name the most
// fields; on a tie the shortest and earliest. fixed, when its last index is
// set (≥ 0), is the user's choice of rows instead. It returns nil when no
// row names a field.
func findHeader(rows [][]string, fixed [2]int) *foundHeader {
	rows = rows[:min(len(rows), maxHeaderScan)]
	if fixed[1] >= 0 {
		if fixed[0] < 0 || fixed[0] > fixed[1] || fixed[1] >= len(rows) || fixed[1]-fixed[0] >= maxHeaderRows {
			return nil
		}
		return headerOf(rows, fixed[0], fixed[1])
	}
	var best *foundHeader
	for last := range rows {
		if blank(rows[last]) || titleLike(rows[last]) {
			continue
		}
		for h := 1; h <= maxHeaderRows && last-h+1 >= 0; h++ {
			first := last - h + 1
			if h > 1 && (blank(rows[first]) || titleLike(rows[first])) {
				break // a header's upper rows are headings, not a title
			}
			c := headerOf(rows, first, last)
			switch {
			case c.score == 0:
			case best == nil || c.score > best.score:
				best = c
			case c.score == best.score && c.last == best.last && linked(rows[first], rows[first+1]):
				// Excel fills a merged heading into every row it spans: a
				// row of headings over the same score is the group row.
				best = c
			}
		}
	}
	return best
}

// linked reports a row of headings over another, as merges draw them: a
// heading spanning both rows (the same text above and below) or spanning
// columns (the same text beside), over headings below.
func linked(upper, lower []string) bool {
	for c := range min(len(upper), len(lower), maxHeaderColumns) {
		u := normHeader(upper[c])
		if u == "" {
			continue
		}
		if u == normHeader(lower[c]) {
			return true
		}
		if c+1 < len(upper) && c+1 < len(lower) && u == normHeader(upper[c+1]) && normHeader(lower[c]) != "" && normHeader(lower[c+1]) != "" {
			return true
		}
	}
	return false
}

// headerOf reads rows first..last as one header.
func headerOf(rows [][]string, first, last int) *foundHeader {
	grid := headingGrid(rows, first, last)
	width := 0
	if len(grid) > 0 {
		width = len(grid[0])
	}
	h := &foundHeader{first: first, last: last, names: make([]string, width), mapping: Mapping{}}
	for c := range width {
		var parts []string
		for r := range grid {
			if v := grid[r][c]; v != "" && (len(parts) == 0 || normHeader(parts[len(parts)-1]) != normHeader(v)) {
				parts = append(parts, v)
			}
		}
		h.names[c] = strings.Join(parts, " / ")
		f, ok := guessColumn(parts)
		if !ok {
			continue
		}
		if j, dup := h.mapping[f]; dup {
			switch {
			case contactField(f):
				// Offices keep two phones (HP and the office's line) or
				// two e-mails: one is the enterprise's, the other is left
				// unused and listed as such.
				if mobileHeading(h.names[c]) && !mobileHeading(h.names[j]) {
					h.mapping[f] = c
				}
			case h.dup == nil:
				h.dup = fileError("import.duplicate_header", sheet.ColumnLetter(j)+" ("+h.names[j]+")", sheet.ColumnLetter(c)+" ("+h.names[c]+")")
			}
			continue
		}
		h.mapping[f] = c
		h.score++
	}
	return h
}

// contactField is a field a list may give twice (a mobile and an office
// phone, two e-mails) where either serves.
func contactField(f Field) bool { return f == FPhone || f == FEmail }

// mobileHeading says a phone column's heading names a mobile number, the
// one a buyer or mentor can reach on WhatsApp: preferred to a landline.
func mobileHeading(name string) bool {
	for _, w := range strings.Fields(normHeader(name)) {
		switch w {
		case "hp", "wa", "whatsapp", "handphone", "seluler", "ponsel", "mobile":
			return true
		}
	}
	return false
}

// headingGrid returns the header rows' cells, trimmed, as wide as the
// widest (within maxHeaderColumns). A group heading that a CSV keeps in its
// first cell only (Excel saves a merge so) is carried right over the blank
// cells of its group: those with a sub-heading below, beside one.
func headingGrid(rows [][]string, first, last int) [][]string {
	width := 0
	for r := first; r <= last; r++ {
		width = max(width, min(len(rows[r]), maxHeaderColumns))
	}
	grid := make([][]string, last-first+1)
	for i := range grid {
		grid[i] = make([]string, width)
		for c, v := range rows[first+i][:min(len(rows[first+i]), width)] {
			grid[i][c] = strings.TrimSpace(v)
		}
	}
	below := func(i, c int) bool {
		for k := i + 1; k < len(grid); k++ {
			if grid[k][c] != "" {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(grid)-1; i++ {
		for c := 1; c < width; c++ {
			if grid[i][c] == "" && grid[i][c-1] != "" && below(i, c) && below(i, c-1) {
				grid[i][c] = grid[i][c-1]
			}
		}
	}
	return grid
}

// guessColumn guesses the field of a column from its headings, top down:
// the lowest (the sub-heading) names it; the one above helps ("PEMILIK /
// Nama" is the owner's name, "OMZET / Per Bulan" the monthly turnover). A
// single heading written "GROUP / Sub" (a header of ours, saved in one
// row) is read as the two.
func guessColumn(parts []string) (Field, bool) {
	if len(parts) == 0 {
		return "", false
	}
	sub := parts[len(parts)-1]
	if len(parts) > 1 {
		g := parts[len(parts)-2]
		words := strings.Fields(normHeader(g))
		tries := []string{g + " " + sub, sub + " " + g}
		if len(words) > 1 {
			tries = append(tries, sub+" "+words[len(words)-1])
		}
		for _, s := range tries {
			if f, ok := GuessField(s); ok {
				return f, true
			}
		}
	}
	if f, ok := GuessField(sub); ok {
		return f, true
	}
	if len(parts) == 1 {
		if i := strings.LastIndex(sub, " / "); i > 0 {
			return guessColumn([]string{sub[:i], sub[i+3:]})
		}
	}
	return "", false
}

// titleLike reports a row of one text (a title, possibly merged across the
// columns, or a note).
// textCells counts the cells holding more than a placeholder.
func textCells(cells []string) int {
	n := 0
	for _, c := range cells[:min(len(cells), maxHeaderColumns)] {
		if !normEmpty(c) {
			n++
		}
	}
	return n
}

func titleLike(cells []string) bool {
	one := ""
	for _, c := range cells[:min(len(cells), maxHeaderColumns)] {
		switch {
		case normEmpty(c):
		case one == "":
			one = c
		case !normEq(c, one):
			return false
		}
	}
	return one != ""
}

// preHeaderReason says why a row above the header is skipped.
func preHeaderReason(cells []string) string {
	switch {
	case blank(cells):
		return "import.skip.blank"
	case titleLike(cells):
		return "import.skip.title"
	}
	return "import.skip.note"
}

// countWords begin the headings of a table of counts.
var countWords = []string{"jumlah", "jml", "banyaknya", "banyak", "total", "count", "number of"}

// countTable reports a table of counts rather than a list: no business
// name, a region column, and columns of counts (by their headings, or by
// the rows below holding nothing but numbers beside the regions).
func countTable(h *foundHeader, m Mapping, data [][]string) bool {
	if h == nil {
		return false
	}
	if _, ok := m[FName]; ok {
		return false
	}
	region := map[int]bool{}
	for _, f := range []Field{FRegency, FDistrict, FVillage} {
		if c, ok := m[f]; ok {
			region[c] = true
		}
	}
	if len(region) == 0 {
		return false
	}
	for _, n := range h.names {
		n = normHeader(n)
		for _, w := range countWords {
			if n == w || strings.HasPrefix(n, w+" ") || strings.Contains(n, " "+w+" ") {
				return true
			}
		}
	}
	numbers := 0
	for _, row := range data[:min(len(data), 10)] {
		for c, v := range row[:min(len(row), maxHeaderColumns)] {
			if v = strings.TrimSpace(v); v == "" || region[c] {
				continue
			}
			if !numeric(v) {
				if c == 0 { // a "No" column may hold anything
					continue
				}
				return false
			}
			numbers++
		}
	}
	return numbers > 0
}

// numeric reports a number as offices write them: 1.250, 1,5, 12 000.
func numeric(v string) bool {
	digits := 0
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == ',' || r == ' ' || r == '-' || r == '%':
		default:
			return false
		}
	}
	return digits > 0
}

// shape is what the rows after the header are checked against.
type shape struct {
	mapping Mapping
	header  [][]string // the header rows, normalised
	above   [][]string // the title and notes above it, normalised
}

func normRow(cells []string) []string {
	out := make([]string, min(len(cells), maxHeaderColumns))
	for i := range out {
		out[i] = normHeader(cells[i])
	}
	return out
}

// sameRow reports a row that repeats ref: most of its filled cells equal
// ref's in the same columns (a page's header pasted again), at least two,
// or one when ref has one (a title).
func sameRow(cells, ref []string) bool {
	refFilled := 0
	for _, v := range ref {
		if v != "" {
			refFilled++
		}
	}
	cells = cells[:min(len(cells), maxHeaderColumns)]
	filled := filledCount(cells)
	// Every row is checked: it stops at the first differences that decide
	// it (a data row's first cells), before normalising the rest.
	allowed := filled - (2*filled+2)/3 // differences a repeat may have
	same, differ := 0, 0
	for c, v := range cells {
		if strings.TrimSpace(v) == "" {
			continue
		}
		if c < len(ref) && normEq(v, ref[c]) {
			same++
		} else if differ++; differ > allowed {
			return false
		}
	}
	return filled > 0 && 3*same >= 2*filled && (same >= 2 || refFilled == 1)
}

// cell is a row's trimmed cell for field f ("" when unmapped or absent).
func (s *shape) cell(cells []string, f Field) string {
	if c, ok := s.mapping[f]; ok && c < len(cells) {
		return strings.TrimSpace(cells[c])
	}
	return ""
}

// classify says why a row after the header is not an enterprise ("" when
// it may be one), with the message's arguments.
func (s *shape) classify(cells []string) (string, []any) {
	if blank(cells) {
		return "import.skip.blank", nil
	}
	if numbering(cells) {
		return "import.skip.numbering", nil
	}
	for _, h := range s.header {
		if sameRow(cells, h) {
			return "import.skip.header_repeat", nil
		}
	}
	for _, a := range s.above {
		if sameRow(cells, a) {
			return "import.skip.title", nil
		}
	}
	get := func(f Field) string { return s.cell(cells, f) }
	// A note below the list: one text, outside the name's column (or
	// merged across the row). A name beside placeholders ("Usaha X", "-")
	// and a placeholder name beside one value ("-", "Lampung Selatan") are
	// rows of the list, refused or imported as their values say.
	if titleLike(cells) && !numeric(preview(cells)) {
		if get(FName) == "" || textCells(cells) > 1 {
			return "import.skip.note", nil
		}
	}
	for _, f := range []Field{FOwnerName, FOwnerNIK, FNIB} {
		// A row naming a person or a licence is a business (a total's
		// label merged across the row is no name, nor a count a total
		// row puts in the column: a NIK or NIB has 13 digits or more).
		if v := get(f); v != "" && !totalLabel(v) && !(numeric(v) && len(v) < 8) {
			return "", nil
		}
	}
	// A total's label stands in a column up to the name's.
	last := 2
	if c, ok := s.mapping[FName]; ok {
		last = c
	}
	for c := 0; c <= last && c < len(cells); c++ {
		if label := strings.TrimSpace(cells[c]); totalLabel(label) {
			return "import.skip.total", []any{clip(label)}
		}
	}
	// A row without a name whose only values are numbers (and the region
	// they add up) is a sum.
	if _, ok := s.mapping[FName]; !ok || get(FName) != "" {
		return "", nil
	}
	sums := false
	for f, c := range s.mapping {
		if c >= len(cells) || strings.TrimSpace(cells[c]) == "" {
			continue
		}
		switch f {
		case FWorkers, FCapital, FTurnoverYear, FTurnoverMon:
			if !numeric(strings.TrimSpace(cells[c])) {
				return "", nil
			}
			sums = true
		case FRegency, FDistrict:
		default:
			return "", nil
		}
	}
	if sums {
		return "import.skip.sum", nil
	}
	return "", nil
}

func filledCount(cells []string) int {
	n := 0
	for _, v := range cells {
		if strings.TrimSpace(v) != "" {
			n++
		}
	}
	return n
}

// totalWords begin the label of a total or sub-total row.
var totalWords = []string{"jumlah", "jml", "total", "sub total", "subtotal", "grand total", "rekapitulasi", "rekap"}

func totalLabel(s string) bool {
	for _, w := range totalWords {
		if normHasWord(s, w) {
			return true
		}
	}
	return false
}

// numbering reports a row numbering the columns, 1 2 3 … (or (1) (2) …),
// as government tables print under their header.
func numbering(cells []string) bool {
	want, n := 1, 0
	for _, v := range cells[:min(len(cells), maxHeaderColumns)] {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		v = strings.TrimSuffix(strings.TrimPrefix(v, "("), ")")
		if v == "" || len(v) > 6 || strings.Trim(v, "0123456789") != "" {
			return false // checked first: Atoi's error would allocate on every data row
		}
		if k, _ := strconv.Atoi(v); k != want {
			return false
		}
		want++
		n++
	}
	return n >= 3
}

// preview is a row's filled cells, shortened, to recognise it by.
func preview(cells []string) string {
	var b strings.Builder
	last := ""
	for _, v := range cells[:min(len(cells), maxHeaderColumns)] {
		if v = strings.TrimSpace(v); v == "" || v == last {
			continue // a merge's value is shown once
		}
		last = v
		if b.Len() > 0 {
			b.WriteString(" | ")
		}
		b.WriteString(v)
		if b.Len() > maxPreview {
			break
		}
	}
	s := b.String()
	if len(s) > maxPreview {
		cut := maxPreview
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return strings.Clone(s)
}

// mergeFill fills a sheet's merged ranges with their values as the rows
// come: the value of a merge's top-left cell goes to every cell it covers.
type mergeFill struct {
	merges []sheet.Merge // by Top
	next   int
	active []activeMerge
	budget int // cells that may still be filled (sheet.MaxCells)
}

type activeMerge struct {
	sheet.Merge
	value string
}

// filledCell is a data cell filled from a merge started on an earlier line.
type filledCell struct{ col, top int }

func newMergeFill(ms []sheet.Merge) *mergeFill {
	ms = append([]sheet.Merge(nil), ms...)
	sort.Slice(ms, func(i, j int) bool { return ms[i].Top < ms[j].Top })
	return &mergeFill{merges: ms, budget: sheet.MaxCells}
}

// apply fills line's cells from the merges covering it and returns them
// with the cells filled from an earlier line.
func (f *mergeFill) apply(cells []string, line int) ([]string, []filledCell, error) {
	kept := f.active[:0]
	for _, a := range f.active {
		if a.Bottom >= line {
			kept = append(kept, a)
		}
	}
	f.active = kept
	for f.next < len(f.merges) && f.merges[f.next].Top <= line {
		m := f.merges[f.next]
		f.next++
		if m.Bottom < line {
			continue
		}
		a := activeMerge{Merge: m}
		if m.Top == line && m.Left < len(cells) {
			a.value = cells[m.Left]
		}
		f.active = append(f.active, a)
	}
	var filled []filledCell
	for _, a := range f.active {
		if strings.TrimSpace(a.value) == "" {
			continue
		}
		noted := false
		for c := a.Left; c <= min(a.Right, sheet.MaxColumns-1); c++ {
			if a.Top == line && c == a.Left {
				continue
			}
			for len(cells) <= c {
				cells = append(cells, "")
			}
			if cells[c] != "" {
				continue
			}
			if f.budget--; f.budget < 0 {
				return nil, nil, fileError("import.too_many_cells", siapekspor.Count(sheet.MaxCells))
			}
			cells[c] = a.value
			if a.Top < line && !noted {
				filled = append(filled, filledCell{c, a.Top})
				noted = true
			}
		}
	}
	return cells, filled, nil
}

// ParseHeaderRows reads the header's lines as a person writes them: "4",
// "3-4" or "3–5" (at most maxHeaderRows lines).
func ParseHeaderRows(s string) ([2]int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return [2]int{}, nil
	}
	a, b, ok := strings.Cut(strings.ReplaceAll(s, "–", "-"), "-")
	if !ok {
		b = a
	}
	first, err1 := strconv.Atoi(strings.TrimSpace(a))
	last, err2 := strconv.Atoi(strings.TrimSpace(b))
	if err1 != nil || err2 != nil || first < 1 || last < first || last-first >= maxHeaderRows || last > sheet.MaxRows {
		return [2]int{}, fileError("import.bad_header_rows", s, maxHeaderRows)
	}
	return [2]int{first, last}, nil
}

// The checks every data row goes through compare cells as normHeader
// would, without making the normalised text: a row is a few runes apart
// from a heading or a total's label.

// normIter yields the runes of normHeader(s) one by one.
type normIter struct {
	s              string
	i              int
	space, started bool
}

func (it *normIter) next() (rune, bool) {
	for it.i < len(it.s) {
		r, n := utf8.DecodeRuneInString(it.s[it.i:])
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
		} else {
			r = unicode.ToLower(r)
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if it.space {
				it.space = false
				return ' ', true // the rune is read on the next call
			}
			it.i += n
			it.started = true
			return r, true
		}
		it.i += n
		it.space = it.started
	}
	return 0, false
}

// normEq reports normHeader(a) == normHeader(b).
func normEq(a, b string) bool {
	x, y := normIter{s: a}, normIter{s: b}
	for {
		r1, ok1 := x.next()
		r2, ok2 := y.next()
		if ok1 != ok2 || r1 != r2 {
			return false
		}
		if !ok1 {
			return true
		}
	}
}

// normEmpty reports normHeader(s) == "".
func normEmpty(s string) bool {
	it := normIter{s: s}
	_, ok := it.next()
	return !ok
}

// normHasWord reports that normHeader(s) is w or begins with w and a space.
func normHasWord(s, w string) bool {
	it := normIter{s: s}
	for _, want := range w {
		if r, ok := it.next(); !ok || r != want {
			return false
		}
	}
	r, ok := it.next()
	return !ok || r == ' '
}

// PreviewRow is one of a file's first rows, its merged cells filled.
type PreviewRow struct {
	Line  int
	Cells []string
}

// Preview reads a table's first n rows (at most maxHeaderScan), as the
// reader sees them, for a person to pick the header from.
func Preview(t sheet.Table, n int) ([]PreviewRow, error) {
	s := rowSource{t: t}
	s.useMerges()
	var out []PreviewRow
	for len(out) < min(n, maxHeaderScan) {
		p, err := s.read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		out = append(out, PreviewRow{p.line, p.cells})
	}
	return out, nil
}

// HeaderGuess is the header of previewed rows: its lines, its columns'
// names and the fields they were guessed to hold.
type HeaderGuess struct {
	Lines   [2]int
	Names   []string
	Mapping Mapping
}

// GuessHeader reads the header of previewed rows: those on lines (when
// lines[1] is set) or the ones findHeader picks. ok is false when there is
// none.
func GuessHeader(rows []PreviewRow, lines [2]int) (HeaderGuess, bool) {
	cells := make([][]string, len(rows))
	fixed := [2]int{-1, -1}
	for i, r := range rows {
		cells[i] = r.Cells
		if r.Line == lines[0] {
			fixed[0] = i
		}
		if r.Line == lines[1] {
			fixed[1] = i
		}
	}
	if lines[1] > 0 && fixed[1] < 0 {
		return HeaderGuess{}, false
	}
	h := findHeader(cells, fixed)
	if h == nil {
		return HeaderGuess{}, false
	}
	return HeaderGuess{Lines: [2]int{rows[h.first].Line, rows[h.last].Line}, Names: h.names, Mapping: h.mapping}, true
}

// Signature is the comparison form of the header on lines among previewed
// rows: their text normalised, so a later file with the same header (in
// other spellings of space and case) is recognised. "" when a line is not
// among them.
func Signature(rows []PreviewRow, lines [2]int) string {
	var b strings.Builder
	found := 0
	for _, r := range rows {
		if r.Line < lines[0] || r.Line > lines[1] {
			continue
		}
		found++
		n := normRow(r.Cells)
		for len(n) > 0 && n[len(n)-1] == "" {
			n = n[:len(n)-1]
		}
		b.WriteString(strings.Join(n, "\x1f"))
		b.WriteByte('\n')
	}
	if found == 0 || lines[0] < 1 {
		return ""
	}
	return b.String()
}

// Lines names the lines of a skipped entry: "7", or "7–12" for a run.
func (s Skipped) Lines() string {
	if s.Last > s.Line {
		return strconv.Itoa(s.Line) + "–" + strconv.Itoa(s.Last)
	}
	return strconv.Itoa(s.Line)
}
