package importer

import (
	"errors"
	"github.com/siapekspor/siapekspor/internal/sheet"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// Options guide the reading of a file.
type Options struct {
	// Province resolves region names within this province ("" anywhere).
	Province string
	// Saved overrides the guessed header mapping.
	Saved SavedMapping
	// Reference validates the enterprises (region codes, KBLI).
	Reference siapekspor.Reference
	// BinaanOrgID makes every imported enterprise that office's binaan.
	BinaanOrgID *int64
	Now         time.Time
	// HeaderRows, when its second line is set, are the header's first and
	// last lines (1-based) as the user picked them, instead of the guess.
	HeaderRows [2]int
	// Columns, when set, is the whole mapping as the user assigned it:
	// columns it leaves out are ignored. It overrides Saved.
	Columns Mapping
	// Regions looks region names up; nil is the built-in index with the
	// shipped aliases (the store's adds those admins entered).
	Regions *refdata.RegionIndex
	// DraftProducts fills Row.Products from the product column.
	DraftProducts bool
}

// Guess is a value the importer interpreted, shown so a person can check it.
type Guess struct {
	Line   int    `json:"line"`
	Column string `json:"column"`
	Value  string `json:"value"`
	Key    string `json:"code"`
	Args   []any  `json:"-"`
	col    int    // the column's index, to list a row's notes left to right
}

// Row is one data row: the enterprise it makes, or its problems.
type Row struct {
	Line       int
	Raw        []string
	Enterprise *siapekspor.Enterprise
	Problems   []sheet.Problem
	Guesses    []Guess
	// Products are the names in the product column, for draft products
	// when the import is asked to make them.
	Products []string
}

// Header is what was found at the top of the file.
type Header struct {
	Format sheet.Format
	// First and Line are the header's first and last lines (the same for
	// a header of one row).
	First, Line int
	// Cells name the columns: a sub-heading under its group heading reads
	// "ALAMAT / Kecamatan".
	Cells   []string
	Mapping Mapping
}

// Column names a column for messages: its letter and its header.
func (h *Header) Column(f Field) string {
	c, ok := h.Mapping[f]
	if !ok {
		return ""
	}
	return h.columnName(c)
}

// columnName names column c for messages: "E (ALAMAT / Kecamatan)".
func (h *Header) columnName(c int) string {
	name := ""
	if c < len(h.Cells) {
		// A header wrapped inside its cell ("Nama\nUsaha") is named on one
		// line; its other spacing is kept as the office typed it.
		name = strings.TrimSpace(strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(h.Cells[c]))
	}
	return sheet.ColumnLetter(c) + " (" + name + ")"
}

// Reader turns a table's rows into enterprises.
type Reader struct {
	rowSource
	opt    Options
	Header *Header
	ix     *refdata.RegionIndex
	// excel is what the rows so far say about Excel's damage (values.go).
	excel  excelEvidence
	mapped []Field // the mapped fields in order (mappedFields)
	// lookups remembers the file's region look-ups (resolveRegion).
	lookups map[regionKey]refdata.Resolution
}

type pendingRow struct {
	cells  []string
	line   int
	filled []filledCell
}

// rowSource hands out a table's data rows: first those read while looking
// for the header, then the rest. Merged cells are filled as rows are read;
// rows up to the header, and rows after it that are not enterprises (see
// shape.go), are set aside in Skipped with the reason.
type rowSource struct {
	t          sheet.Table
	pending    []pendingRow
	headerLine int
	merges     *mergeFill
	shape      *shape
	filled     []filledCell // of the row last handed out
	// Skipped lists the rows set aside (the first maxSkippedKept of them);
	// SkippedRows counts them all.
	Skipped     []Skipped
	SkippedRows int
}

// useMerges fills the table's merged cells (an XLSX sheet's) as rows are read.
func (s *rowSource) useMerges() {
	if m, ok := s.t.(interface{ Merges() []sheet.Merge }); ok && len(m.Merges()) > 0 {
		s.merges = newMergeFill(m.Merges())
	}
}

// read reads the table's next row and fills its merged cells.
func (s *rowSource) read() (pendingRow, error) {
	cells, line, err := s.t.Next()
	if err != nil {
		return pendingRow{}, err
	}
	p := pendingRow{cells: cells, line: line}
	if s.merges != nil {
		if p.cells, p.filled, err = s.merges.apply(cells, line); err != nil {
			return pendingRow{}, err
		}
	}
	return p, nil
}

// skip sets a row aside with the reason.
func (s *rowSource) skip(cells []string, line int, key string, args ...any) {
	s.SkippedRows++
	// A run of blank rows is one entry (Excel saves formatted empty rows).
	if n := len(s.Skipped); n > 0 && key == "import.skip.blank" && s.Skipped[n-1].Key == key && max(s.Skipped[n-1].Line, s.Skipped[n-1].Last) == line-1 {
		s.Skipped[n-1].Last = line
		return
	}
	if len(s.Skipped) < maxSkippedKept {
		s.Skipped = append(s.Skipped, Skipped{Line: line, Key: key, Args: args, Text: preview(cells)})
	}
}

// start keeps the rows seen after the header line.
func (s *rowSource) start(headerLine int, seen []pendingRow) {
	s.headerLine = headerLine
	for _, p := range seen {
		if p.line > headerLine {
			s.pending = append(s.pending, p)
		}
	}
}

// next returns the next data row's cells and line, or io.EOF.
func (s *rowSource) next() ([]string, int, error) {
	for {
		var p pendingRow
		if len(s.pending) > 0 {
			p = s.pending[0]
			s.pending = s.pending[1:]
		} else {
			var err error
			if p, err = s.read(); err != nil {
				return nil, 0, err
			}
		}
		if p.line <= s.headerLine {
			continue
		}
		if s.shape != nil {
			if key, args := s.shape.classify(p.cells); key != "" {
				s.skip(p.cells, p.line, key, args...)
				continue
			}
		} else if blank(p.cells) {
			continue
		}
		s.filled = p.filled
		return p.cells, p.line, nil
	}
}

// NewReader reads the first rows (maxHeaderScan of them), finds the header
// over one to three rows (findHeader) or takes the rows opt.HeaderRows
// names, and maps its columns: opt.Columns as given, else the guess with
// opt.Saved over it. A table of counts is refused as such.
func NewReader(t sheet.Table, format sheet.Format, opt Options) (*Reader, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.Reference != nil {
		opt.Reference = &rememberedLevels{Reference: opt.Reference}
	}
	r := &Reader{rowSource: rowSource{t: t}, opt: opt, ix: refdata.DefaultRegionIndex()}
	r.useMerges()
	var seen []pendingRow
	for len(seen) < maxHeaderScan {
		p, err := r.read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		seen = append(seen, p)
	}
	rows := make([][]string, len(seen))
	fixed := [2]int{-1, -1}
	for i, p := range seen {
		rows[i] = p.cells
		if p.line == opt.HeaderRows[0] {
			fixed[0] = i
		}
		if p.line == opt.HeaderRows[1] {
			fixed[1] = i
		}
	}
	if opt.HeaderRows[1] > 0 && fixed[1] < 0 {
		return nil, fileError("import.header_rows_missing", opt.HeaderRows[0], opt.HeaderRows[1], maxHeaderScan)
	}
	if opt.HeaderRows[1] > 0 && opt.HeaderRows[0] == 0 {
		fixed[0] = fixed[1]
	}
	h := findHeader(rows, fixed)
	var data [][]string
	if h != nil {
		data = rows[h.last+1:]
	}
	if h == nil || (h.score < 2 && opt.Columns == nil && opt.HeaderRows[1] == 0) {
		if h != nil && countTable(h, h.mapping, data) {
			return nil, fileError("import.count_table")
		}
		return nil, fileError("import.no_header")
	}
	var m Mapping
	switch {
	case opt.Columns != nil:
		m = Mapping{}
		for f, c := range opt.Columns {
			if !validField(f) {
				return nil, fileError("import.map_unknown_field", string(f))
			}
			m[f] = c
		}
	case h.dup != nil && opt.Saved == nil:
		return nil, h.dup
	case h.dup != nil:
		m = Mapping{}
	default:
		m = h.mapping
	}
	if opt.Saved != nil && opt.Columns == nil {
		var err error
		if m, err = opt.Saved.Resolve(h.names, m); err != nil {
			return nil, err
		}
	}
	if countTable(h, m, data) {
		return nil, fileError("import.count_table")
	}
	if _, ok := m[FName]; !ok {
		return nil, fileError("import.no_name_column")
	}
	if _, ok := m[FRegency]; !ok && opt.Province == "" && !hasCodeColumn(m) {
		return nil, fileError("import.no_regency_column")
	}
	sh := &shape{mapping: m}
	for i, p := range seen[:h.first] {
		r.skip(p.cells, p.line, preHeaderReason(p.cells))
		if !blank(p.cells) {
			sh.above = append(sh.above, normRow(rows[i]))
		}
	}
	for _, row := range rows[h.first : h.last+1] {
		sh.header = append(sh.header, normRow(row))
	}
	r.shape = sh
	r.Header = &Header{Format: format, First: seen[h.first].line, Line: seen[h.last].line, Cells: h.names, Mapping: m}
	r.start(r.Header.Line, seen)
	return r, nil
}

// Next reads the next data row; rows that are not enterprises are set
// aside in Skipped. It returns io.EOF at the end.
func (r *Reader) Next() (*Row, error) {
	cells, line, err := r.next()
	if err != nil {
		return nil, err
	}
	row := r.parse(cells, line)
	r.noteFilled(row)
	return row, nil
}

// noteFilled notes on a row the mapped cells filled from a merge above.
func (r *Reader) noteFilled(row *Row) {
	for _, f := range r.filled {
		for _, c := range r.Header.Mapping {
			if c == f.col {
				row.Guesses = append(row.Guesses, Guess{Line: row.Line, Column: r.Header.columnName(c), Value: clip(row.Raw[c]), Key: "import.guess_merged", Args: []any{f.top}})
				break
			}
		}
	}
}

// maxShownValue bounds the cell text a problem or guess shows (and keeps).
const maxShownValue = 200

// clip shortens a long cell for showing beside a problem, as a copy, so a
// kept problem does not hold a cell of up to sheet.MaxCellBytes.
func clip(s string) string {
	if len(s) <= maxShownValue {
		return s
	}
	cut := maxShownValue
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.Clone(s[:cut]) + "…"
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func (r *Reader) parse(cells []string, line int) *Row {
	row := &Row{Line: line, Raw: cells}
	raw := func(f Field) string {
		c, ok := r.Header.Mapping[f]
		if !ok || c >= len(cells) {
			return ""
		}
		v := strings.TrimSpace(cells[c])
		if codeField(f) && strings.HasPrefix(v, "'") {
			// Excel's mark for "keep this as text" ('0812…, '1801…), kept in
			// the cell when it was typed into a Text cell or saved as CSV.
			v = strings.TrimSpace(v[1:])
		}
		if f == FOwnerNIK || f == FNIB || f == FNPWP {
			v = unlabelledID(v)
		}
		return v
	}
	// get is a cell's value; a placeholder ("-", "belum ada", "0" for a
	// code) is no value.
	get := func(f Field) string {
		v := raw(f)
		if placeholderIn(f, v) {
			return ""
		}
		return v
	}
	problem := func(f Field, key string, args ...any) {
		row.Problems = append(row.Problems, sheet.Problem{Line: line, Column: r.Header.Column(f), Field: string(f), Key: key, Args: args, Value: clip(raw(f))})
	}
	guess := func(f Field, key string, args ...any) {
		row.Guesses = append(row.Guesses, Guess{Line: line, Column: r.Header.Column(f), Value: clip(raw(f)), Key: key, Args: args})
	}
	for _, f := range r.mappedFields() { // in a fixed order, so a report reads the same each time
		v := raw(f)
		switch {
		case strings.HasPrefix(v, "="):
			// Cells that start like a formula were typed as formulas, not values.
			problem(f, "import.formula")
		case placeholderIn(f, v):
			if requiredField(f, r.opt.Province) {
				problem(f, "import.placeholder_required")
			} else {
				guess(f, "import.placeholder", clip(v))
			}
		}
	}
	r.excelDamage(get, problem, guess)
	e := &siapekspor.Enterprise{
		Name: get(FName), OwnerName: get(FOwnerName), OwnerNIK: get(FOwnerNIK), NIB: get(FNIB), NPWP: get(FNPWP),
		Address: get(FAddress), Phone: get(FPhone), Email: get(FEmail), Notes: "",
		Kind: siapekspor.KindUMKM, LegalForm: siapekspor.LegalPerorangan, ExportStatus: siapekspor.ExportNever,
		BinaanOrgID: r.opt.BinaanOrgID,
	}
	if p := get(FProducts); p != "" {
		// The main products: kept on the enterprise, and drafted as
		// products when asked.
		e.MainProducts = p
		if r.opt.DraftProducts {
			row.Products = SplitProducts(p)
		}
	}
	// Regions: regency within the province, district within the regency,
	// village within the district; spellings are resolved, never guessed
	// between two places (regions.go).
	hasProblem := func(f Field) bool {
		for _, p := range row.Problems {
			if p.Field == string(f) {
				return true
			}
		}
		return false
	}
	// The cell's phone and e-mail: labels, notes and further ones set aside.
	for _, c := range []struct {
		f              Field
		dst            *string
		pick           func(string) (string, []string, bool)
		first, cleaned string
	}{
		{FPhone, &e.Phone, phoneOfCell, "import.guess_phone_first", "import.guess_phone_cleaned"},
		{FEmail, &e.Email, emailOfCell, "import.guess_email_first", "import.guess_email_cleaned"},
	} {
		if v := get(c.f); v != "" {
			switch p, others, picked := c.pick(v); {
			case len(others) > 0:
				*c.dst = p
				guess(c.f, c.first, p, strings.Join(others, ", "))
			case picked:
				*c.dst = p
				guess(c.f, c.cleaned, p)
			}
		}
	}
	r.place(e, get, problem, guess, hasProblem)
	r.coordinates(e, get, problem, guess)
	if v := get(FWorkers); v != "" {
		n, how, ok := parseWorkers(v)
		switch {
		case !ok:
			problem(FWorkers, "field.number")
		case how == workersSum:
			guess(FWorkers, "import.guess_workers_sum", n)
		case how == workersApprox:
			guess(FWorkers, "import.guess_approx", n)
		}
		e.Workers = n
	}
	money := func(f Field) int64 {
		v := get(f)
		n, err := siapekspor.ParseRupiah(v)
		if err != nil {
			var re *siapekspor.RuleError
			if errors.As(err, &re) {
				problem(f, re.Key)
			}
		}
		return n
	}
	e.Capital = money(FCapital)
	e.AnnualTurnover = money(FTurnoverYear)
	if m := money(FTurnoverMon); m > 0 && e.AnnualTurnover == 0 {
		e.AnnualTurnover = m * 12
		guess(FTurnoverMon, "import.guess_monthly", siapekspor.FormatRupiah(e.AnnualTurnover))
	}
	if v := get(FFounded); v != "" {
		y, ok := parseYear(v)
		if !ok {
			problem(FFounded, "import.bad_date")
		}
		e.FoundedYear = y
	}
	if v := get(FSector); v != "" {
		s, exact := guessSector(v)
		e.Sector = s
		if !exact {
			guess(FSector, "import.guess_sector", string(s))
		}
	}
	if v := get(FExportStatus); v != "" {
		s, ok := parseExportStatus(v)
		if !ok {
			problem(FExportStatus, "import.bad_export_status")
		}
		e.ExportStatus = s
	}
	if v := get(FLegalForm); v != "" {
		lf, ok := parseLegalForm(v)
		if !ok {
			problem(FLegalForm, "import.bad_legal_form")
		}
		e.LegalForm = lf
		if lf == siapekspor.LegalKoperasi {
			e.Kind = siapekspor.KindKoperasi
		}
	}
	if v := get(FKBLI); v != "" {
		codes, text := KBLIInText(v)
		if text && len(codes) > 0 {
			guess(FKBLI, "import.guess_kbli_text", strings.Join(codes, ", "))
		}
		if text && len(codes) == 0 {
			problem(FKBLI, "import.kbli_none_in_text")
		}
		for _, c := range codes {
			e.KBLI = append(e.KBLI, siapekspor.KBLICode{Version: "2020", Code: c})
		}
	}
	// The domain's own rules, reported against the columns they came from.
	e.Normalize()
	if err := e.Validate(r.opt.Reference, r.opt.Now); err != nil {
		if de, ok := siapekspor.AsError(err); ok {
			for _, f := range de.Fields {
				field := fieldOf(f.Field)
				dup := false
				for _, p := range row.Problems {
					dup = dup || p.Field == string(field)
				}
				if !dup {
					problem(field, f.Key, f.Args...)
				}
			}
		}
	}
	if len(row.Problems) == 0 {
		row.Enterprise = e
	}
	return row
}

// fieldOf maps an enterprise field to the import column it came from.
func fieldOf(enterpriseField string) Field {
	switch enterpriseField {
	case "regency_code", "province_code":
		return FRegency
	case "district_code":
		return FDistrict
	case "village_code":
		return FVillage
	case "annual_turnover":
		return FTurnoverYear
	case "founded_year":
		return FFounded
	}
	return Field(enterpriseField)
}

// resolve finds a region by name under parent; problems and guesses are
// reported on the row.
func (r *Reader) resolve(f Field, name string, level int, parent string, problem func(Field, string, ...any), guess func(Field, string, ...any)) string {
	if name == "" {
		if level == 2 {
			problem(f, "field.required")
		}
		return ""
	}
	return r.resolved(f, name, r.resolveRegion(name, level, parent), problem, guess)
}

// resolved reports a look-up's answer on the row and returns the code found.
func (r *Reader) resolved(f Field, name string, res refdata.Resolution, problem func(Field, string, ...any), guess func(Field, string, ...any)) string {
	switch res.Status {
	case refdata.Exact:
		return res.Region.Code
	case refdata.Normalised:
		if !strings.EqualFold(strings.TrimSpace(name), res.Region.Name) {
			guess(f, "import.guess_region", res.Region.Name, res.Region.Code)
		}
		return res.Region.Code
	case refdata.Ambiguous:
		problem(f, "import.region_ambiguous", candidateList(res.Candidates, r.index()))
	default:
		if len(res.Candidates) > 0 {
			problem(f, "import.region_unknown_suggest", res.Candidates[0].Name)
		} else {
			problem(f, "import.region_unknown")
		}
	}
	return ""
}

// parseYear reads a founding year from "2015", "17/08/2020", "2020-08-17"
// or an Excel date serial number (days since 30 December 1899).
func parseYear(v string) (int, bool) {
	v = strings.TrimSpace(v)
	if n, err := strconv.Atoi(v); err == nil && n >= 1900 && n <= 2100 {
		return n, true
	}
	// A date (ParseDay's forms, an Excel serial, or m/d/yy) is read only
	// for its year, which must be one a business may have been founded in,
	// as for a bare year.
	t, ok := ParseDay(v)
	if !ok {
		var err error
		t, err = time.Parse("1/2/06", v)
		ok = err == nil
	}
	if ok {
		return t.Year(), t.Year() >= 1900 && t.Year() <= 2100
	}
	return wordedYear(v)
}

// unlabelledID takes off what offices write around an identifier: its
// name before it ("NIB: 9120…", "No. NIK 1801…") and a note in brackets
// after it ("9120… (OSS)"). Anything else is left for validation.
func unlabelledID(v string) string {
	if v == "" || v[0] >= '0' && v[0] <= '9' && v[len(v)-1] != ')' {
		return v // the common case: digits alone
	}
	if i := strings.LastIndexByte(v, '('); i > 0 && v[len(v)-1] == ')' && !strings.ContainsAny(v[i:], "0123456789") {
		v = strings.TrimSpace(v[:i])
	}
	for {
		i := strings.IndexFunc(v, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') })
		if i <= 0 {
			return v
		}
		switch strings.ToLower(v[:i]) {
		case "nib", "nik", "npwp", "no", "nomor", "nomer", "ktp":
			v = strings.TrimLeft(v[i:], ".: ")
		default:
			return v
		}
	}
}

// How parseWorkers read a count.
const (
	workersPlain  = iota
	workersSum    // "L: 3, P: 2": men and women added up
	workersApprox // "± 5", "sekitar 5"
)

// cutApprox takes away the word that makes s an approximate number ("±
// 5", "sekitar 500", "kl. 20"), lower-case s.
func cutApprox(s string) (string, bool) {
	for _, p := range []string{"±", "+/-", "+-", "~", "kurang lebih", "lebih kurang", "sekitar", "kira-kira", "kira kira", "kl.", "kl", "approx.", "approx", "about", "around"} {
		if rest, cut := strings.CutPrefix(s, p); cut && rest != "" && (rest[0] == ' ' || rest[0] == '.' || rest[0] >= '0' && rest[0] <= '9') {
			return strings.TrimSpace(strings.TrimPrefix(rest, ".")), true
		}
	}
	return s, false
}

// parseWorkers reads a count of workers as offices write it: "4", "4
// orang", "1.200", "2 (dua)", "± 5", and men and women apart ("L: 3 P: 2",
// "3 L / 2 P", "Laki-laki 3, Perempuan 2"), added up. A range ("5-10") or
// words ("tiga") are no count.
func parseWorkers(v string) (n, how int, ok bool) {
	s := strings.ToLower(strings.TrimSpace(v))
	if i := strings.IndexByte(s, '('); i > 0 && strings.HasSuffix(s, ")") { // "2 (dua)"
		s = strings.TrimSpace(s[:i])
	}
	if rest, approx := cutApprox(s); approx {
		s, how = rest, workersApprox
	}
	for _, unit := range []string{" orang", " org", " jiwa", " tk", "orang", "org"} {
		s = strings.TrimSuffix(s, unit)
	}
	if c, err := strconv.Atoi(strings.ReplaceAll(s, ".", "")); err == nil && c >= 0 && (!strings.Contains(s, ".") || thousandsGroups(s, ".")) {
		return c, how, true
	}
	if how != workersPlain {
		return 0, 0, false
	}
	// Men and women apart: two numbers, each labelled, one label of each.
	s = strings.NewReplacer("laki-laki", " l ", "laki laki", " l ", "perempuan", " p ", "wanita", " p ", "pria", " l ", "lk", " l ", "pr", " p ").Replace(s)
	words := strings.FieldsFunc(s, func(r rune) bool { return !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z') })
	var nums []int
	men, women := false, false
	for _, w := range words {
		switch w {
		case "l":
			men = true
		case "p", "w":
			women = true
		case "orang", "org", "dan":
		default:
			// "3l", "2p" written together
			if k := strings.TrimRight(w, "lpw"); k != w && k != "" {
				men, women = men || strings.HasSuffix(w, "l"), women || !strings.HasSuffix(w, "l")
				w = k
			}
			c, err := strconv.Atoi(w)
			if err != nil || c < 0 {
				return 0, 0, false
			}
			nums = append(nums, c)
		}
	}
	if len(nums) != 2 || !men || !women {
		return 0, 0, false
	}
	return nums[0] + nums[1], workersSum, true
}

// monthWords are month names and abbreviations as offices write them, in
// Indonesian (as Excel's Indonesian date formats show them: "17-Agu-15")
// and English.
var monthWords = map[string]time.Month{
	"januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
	"agustus": 8, "september": 9, "oktober": 10, "nopember": 11, "november": 11, "desember": 12,
	"jan": 1, "feb": 2, "peb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "agu": 8, "agt": 8, "agus": 8,
	"sep": 9, "sept": 9, "okt": 10, "nov": 11, "nop": 11, "des": 12,
	"january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8, "october": 10,
	"december": 12, "aug": 8, "oct": 10, "dec": 12,
}

// wordedYear reads the year of a date written in words — "17 Agustus
// 2020", "17-Agu-15", "Maret 2011" — or of a year with its label — "th.
// 2009", "Tahun 2009", "sejak 2009". Every word must be a day, a month, the
// year or the label: anything else ("2010-an", "±2009") is no year.
func wordedYear(v string) (int, bool) {
	d, ok := wordedDate(v)
	if !ok || (d.month != 0) == d.label { // a month or a label, not both
		return 0, false
	}
	if d.day != 0 && d.day > daysIn(d.month, d.year) {
		return 0, false
	}
	return d.year, true
}

// daysIn is the number of days of a month (31 when the month is unknown).
func daysIn(m time.Month, year int) int {
	if m == 0 {
		return 31
	}
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// worded is a date read from words; month, day and label may be missing.
type worded struct {
	year, day int
	month     time.Month
	label     bool // "th.", "tahun", "sejak" before the year
}

// wordedDate reads a date whose month is a word, or a labelled year (see
// wordedYear); false when any word is something else.
func wordedDate(v string) (worded, bool) {
	var d worded
	words := strings.FieldsFunc(strings.ToLower(v), func(r rune) bool {
		return r == '-' || r == '/' || r == '.' || r == ',' || unicode.IsSpace(r)
	})
	if len(words) < 2 || len(words) > 4 {
		return d, false
	}
	for i, w := range words {
		n, err := strconv.Atoi(w)
		switch {
		case monthWords[w] != 0 && d.month == 0:
			d.month = monthWords[w]
		case (w == "th" || w == "thn" || w == "tahun" || w == "sejak") && i == 0:
			d.label = true
		case err == nil && len(w) == 4 && d.year == 0:
			d.year = n
		case err == nil && len(w) == 2 && i == len(words)-1 && d.month != 0 && d.year == 0:
			// Excel's "dd-mmm-yy": a two-digit year, this century's unless
			// that is still to come.
			d.year = 2000 + n
			if d.year > time.Now().Year() {
				d.year -= 100
			}
		case err == nil && len(w) <= 2 && n >= 1 && n <= 31 && d.day == 0 && d.year == 0 && i < len(words)-1:
			d.day = n // "17 Agustus 2020", "August 17, 2020"
		default:
			return d, false
		}
	}
	return d, d.year >= 1900 && d.year <= 2100
}

// sectorWords map words in "Jenis Usaha" to a sector, first match wins.
var sectorWords = []struct {
	word   string
	sector siapekspor.Sector
}{
	{"kopi", "coffee"}, {"rempah", "spices"}, {"jahe", "spices"}, {"kayu manis", "spices"}, {"lada", "spices"},
	{"ikan", "fishery"}, {"perikanan", "fishery"}, {"rumput laut", "fishery"}, {"udang", "fishery"},
	{"ternak", "livestock"}, {"peternakan", "livestock"}, {"daging", "livestock"}, {"susu", "livestock"},
	{"perkebunan", "plantation"}, {"kakao", "plantation"}, {"sawit", "plantation"}, {"pinang", "plantation"},
	{"pertanian", "agriculture"}, {"tanaman", "agriculture"}, {"sayur", "agriculture"}, {"buah", "agriculture"},
	{"minuman", "beverage"}, {"makanan", "food"}, {"kuliner", "food"}, {"keripik", "food"}, {"olahan", "food"}, {"kue", "food"},
	{"kerajinan", "craft"}, {"anyaman", "craft"}, {"tapis", "craft"}, {"sulam", "craft"}, {"souvenir", "craft"},
	{"batik", "textile"}, {"tenun", "textile"}, {"tekstil", "textile"}, {"konveksi", "fashion"}, {"fesyen", "fashion"}, {"fashion", "fashion"}, {"busana", "fashion"},
	{"mebel", "furniture"}, {"furnitur", "furniture"}, {"kosmetik", "cosmetics"}, {"jamu", "cosmetics"}, {"herbal", "cosmetics"},
	{"kimia", "chemical"}, {"daur ulang", "recycling"}, {"jelantah", "recycling"}, {"kayu", "forestry"}, {"hutan", "forestry"}, {"arang", "forestry"},
	{"jasa", "services"}, {"perdagangan", "services"}, {"dagang", "services"}, {"warung", "services"}, {"toko", "services"},
}

// guessSector maps free text to a sector; exact says the text named it plainly.
func guessSector(v string) (siapekspor.Sector, bool) {
	n := normHeader(v)
	for _, s := range siapekspor.Sectors {
		if n == string(s) {
			return s, true
		}
	}
	for _, w := range sectorWords {
		if strings.Contains(n, w.word) {
			return w.sector, false
		}
	}
	return "other", false
}

// placeholderIn says v stands for no value in field f: a placeholder that
// is not one of the field's own words ("belum" is an export status,
// "tidak ada" a legal form: none, the owner's own name).
func placeholderIn(f Field, v string) bool {
	if !IsPlaceholder(v, codeField(f)) {
		return false
	}
	switch f {
	case FExportStatus:
		_, ok := parseExportStatus(v)
		return !ok || normHeader(v) == "" // "-" is no value, "belum" one
	case FLegalForm:
		_, ok := parseLegalForm(v)
		return !ok || normHeader(v) == ""
	}
	return true
}

func parseExportStatus(v string) (siapekspor.ExportStatus, bool) {
	switch n := normHeader(v); {
	case n == "" || n == "belum" || n == "tidak" || n == "belum ekspor" || n == "tidak ekspor" || n == "no" || n == "never" || n == "0":
		return siapekspor.ExportNever, true
	case strings.Contains(n, "siap") || n == "ready":
		return siapekspor.ExportReady, true
	case strings.Contains(n, "rutin") || strings.Contains(n, "regular") || strings.Contains(n, "reguler"):
		return siapekspor.ExportRegular, true
	case n == "sudah" || n == "ya" || n == "sudah ekspor" || n == "pernah" || n == "pernah ekspor" || strings.Contains(n, "perdana") || n == "yes" || n == "first" || n == "1":
		return siapekspor.ExportFirst, true
	}
	return siapekspor.ExportNever, false
}

func parseLegalForm(v string) (siapekspor.LegalForm, bool) {
	switch n := normHeader(v); {
	case n == "perorangan" || n == "pribadi" || n == "perseorangan" || n == "individu" || n == "tidak ada" || n == "belum ada":
		return siapekspor.LegalPerorangan, true
	case n == "ud" || strings.HasPrefix(n, "usaha dagang"):
		return siapekspor.LegalUD, true
	case n == "cv":
		return siapekspor.LegalCV, true
	case n == "pt" || strings.HasPrefix(n, "pt "):
		return siapekspor.LegalPT, true
	case n == "firma" || n == "fa":
		return siapekspor.LegalFirma, true
	case strings.HasPrefix(n, "koperasi") || n == "kop":
		return siapekspor.LegalKoperasi, true
	case n == "bumdes":
		return siapekspor.LegalBUMDes, true
	case n == "lainnya" || n == "lain lain":
		return siapekspor.LegalOther, true
	}
	return siapekspor.LegalOther, false
}
