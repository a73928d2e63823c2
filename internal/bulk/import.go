// Package bulk runs the registry's bulk jobs for the command line, the
// pages and the API alike: imports of enterprise, product, buying-request
// and export-record lists (CSV, XLSX; all or nothing); exports of
// enterprises, products, certificates, readiness, programmes and
// mentoring; and background jobs for the pages. Statistics (trade data,
// BPS tables) are loaded by internal/tradeload.
package bulk

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/importer"
	"github.com/siapekspor/siapekspor/internal/sheet"
	"github.com/siapekspor/siapekspor/internal/store"
)

// ImportRequest is one file to import.
type ImportRequest struct {
	File     io.ReaderAt
	Size     int64
	FileName string
	Sheet    string
	Mapping  importer.SavedMapping
	// HeaderRows and Columns are the user's choice of header lines and of
	// each column's field (see importer.Options).
	HeaderRows [2]int
	Columns    importer.Mapping
	// AutoLayout reads the file with the office's saved layout whose
	// header the file's first rows match, when nothing else is chosen.
	AutoLayout bool
	Duplicates string // store.DupSkip, DupUpdate, DupKeep
	DryRun     bool
	Province   string
	BinaanOrg  *int64
	// Force imports a file whose SHA-256 an import (not undone) already
	// has; without it the real run is refused with EAlreadyImported, and a
	// dry run reports the earlier import in Previous.
	Force bool
	// Writing, when set, hears how far the write phase is (see
	// store.ImportOptions): the file is read whole before anything is written.
	Writing func(done, total int)
	// DraftProducts makes a draft product of each name in the product
	// column of the rows inserted (not of duplicates skipped or updated).
	DraftProducts bool
}

// Report is what an import (or its dry run) did and found.
type Report struct {
	Header   *importer.Header    `json:"-"`
	Columns  map[string]string   `json:"columns"` // field → "C (NIK)"
	Rows     int                 `json:"rows"`
	Result   *store.ImportResult `json:"result"`
	Rejected []*importer.Row     `json:"-"`        // the first rejected rows (see MaxKeptRejected)
	Problems []sheet.Problem     `json:"problems"` // the problems of those rows
	Guesses  []importer.Guess    `json:"guesses"`
	SHA256   string              `json:"sha256"`
	Format   sheet.Format        `json:"format"`
	// Previous is the earlier import of the very same file, if any.
	Previous *store.PriorImport `json:"previous_import,omitempty"`
	// RejectedRows and ProblemCount count them all, kept or not.
	RejectedRows int `json:"rejected_rows"`
	ProblemCount int `json:"problem_count"`
	// Shape: the header's lines, the columns no field takes, and the rows
	// set aside as no enterprise (titles, totals…; SkippedRows counts all).
	Shape `json:"shape"`
	// DraftProducts counts the draft products made (in a dry run: that
	// would be) from the product column, when asked.
	DraftProducts int `json:"draft_products"`
	keptBytes     int
}

// Shape is how the file was read: see importer.Reader.
type Shape struct {
	HeaderLines [2]int `json:"header_lines"`
	Layout      string `json:"layout,omitempty"` // the saved layout applied
	// Sheet is the sheet read when the upload named none and the first
	// holds no list (a cover or instructions sheet before it).
	Sheet       string             `json:"sheet,omitempty"`
	Ignored     []string           `json:"ignored_columns"`
	Skipped     []importer.Skipped `json:"skipped"`
	SkippedRows int                `json:"skipped_rows"`
}

// shapeOf describes a reader's header and the columns it leaves unused.
func shapeOf(h *importer.Header) Shape {
	s := Shape{HeaderLines: [2]int{h.First, h.Line}, Ignored: []string{}, Skipped: []importer.Skipped{}}
	used := map[int]bool{}
	for _, c := range h.Mapping {
		used[c] = true
	}
	for c, name := range h.Cells {
		if !used[c] && strings.TrimSpace(name) != "" {
			s.Ignored = append(s.Ignored, sheet.ColumnLetter(c)+" ("+strings.TrimSpace(name)+")")
		}
	}
	return s
}

// SkippedText renders why a row was set aside, in a language.
func SkippedText(l i18n.Lang, s importer.Skipped) string { return i18n.T(l, s.Key, s.Args...) }

// Cut reports whether rejected rows were left out of Rejected and Problems.
func (r *Report) Cut() bool { return r.RejectedRows > len(r.Rejected) }

// maxGuesses bounds the guesses kept for display.
const maxGuesses = 2000

// readRow reads the next row; tests replace it to make a reader fail.
var readRow = (*importer.Reader).Next

// The rejected rows of an import are kept (for the page, the API and the
// download of rows to fix) up to these bounds and only counted past them:
// a report stays in memory with its job, and a file of a million refused
// rows must not hold them all.
const (
	MaxKeptRejected      = 10_000
	MaxKeptRejectedBytes = 32 << 20 // of the rows' cell text
)

// reject counts a rejected row and keeps it while within the bounds.
func (r *Report) reject(row *importer.Row) {
	r.RejectedRows++
	r.ProblemCount += len(row.Problems)
	n := 0
	for _, c := range row.Raw {
		n += len(c)
	}
	if len(r.Rejected) >= MaxKeptRejected || r.keptBytes+n > MaxKeptRejectedBytes {
		return
	}
	r.keptBytes += n
	r.Rejected = append(r.Rejected, row)
	r.Problems = append(r.Problems, row.Problems...)
}

// Import reads the file and stores its valid rows in one transaction (a dry
// run stores nothing). progress is called with rows read so far.
func Import(ctx context.Context, db *store.DB, req ImportRequest, progress func(int)) (*Report, error) {
	sum := sha256.New()
	if _, err := io.Copy(sum, io.NewSectionReader(req.File, 0, req.Size)); err != nil {
		return nil, err
	}
	rep := &Report{SHA256: hex.EncodeToString(sum.Sum(nil)), Problems: []sheet.Problem{}, Guesses: []importer.Guess{}}
	// The same file again is flagged before anything is read or stored.
	prev, err := db.ImportOfFile(ctx, rep.SHA256)
	if err != nil {
		return nil, err
	}
	rep.Previous = prev
	if prev != nil && !req.DryRun && !req.Force {
		return nil, AlreadyImported(prev)
	}
	layout := ""
	if req.AutoLayout && req.HeaderRows[1] == 0 && req.Columns == nil && req.Mapping == nil {
		l, err := FindLayout(ctx, db, req.File, req.Size, req.Sheet)
		if err != nil {
			return nil, err
		}
		if l != nil {
			req.HeaderRows, req.Columns, layout = l.HeaderRows, LayoutColumns(l), l.Name
		}
	}
	regions, err := db.RegionIndex(ctx) // with the aliases admins entered
	if err != nil {
		return nil, err
	}
	// Another sheet is tried only when nothing says how to read the first.
	hop := req.Sheet == "" && req.HeaderRows[1] == 0 && req.Columns == nil && req.Mapping == nil
	r, tbl, format, found, err := openSheet(ctx, req.File, req.Size, req.Sheet, hop, func(t sheet.Table, f sheet.Format) (*importer.Reader, error) {
		return importer.NewReader(t, f, importer.Options{Province: req.Province, Saved: req.Mapping, HeaderRows: req.HeaderRows, Columns: req.Columns,
			Reference: db.Reference(), BinaanOrgID: req.BinaanOrg, Now: db.Now(), Regions: regions, DraftProducts: req.DraftProducts})
	})
	if err != nil {
		return nil, err
	}
	defer tbl.Close()
	rep.Format = format
	rep.Header = r.Header
	rep.Shape = shapeOf(r.Header)
	rep.Layout = layout
	rep.Sheet = found
	rep.Columns = map[string]string{}
	for f := range r.Header.Mapping {
		rep.Columns[string(f)] = r.Header.Column(f)
	}
	// Parse on one core while the store inserts on the other: the reader
	// runs ahead in a goroutine and hands accepted rows over a channel.
	type item struct {
		row *store.ImportRow
		err error
	}
	drafts := &draftProducts{byLine: map[int]draftRow{}}
	rows := make(chan item, 1024)
	stop := make(chan struct{})
	parsed := make(chan struct{})
	go func() {
		defer close(parsed)
		defer close(rows)
		// A bug in a reader fails this import, never the server: a panic on
		// a goroutine of its own would end the process.
		defer func() {
			if v := recover(); v != nil {
				select {
				case rows <- item{err: NewPanicError(v)}:
				case <-stop:
				}
			}
		}()
		for {
			row, err := readRow(r)
			if err != nil {
				select {
				case rows <- item{err: err}:
				case <-stop:
				}
				return
			}
			rep.Rows++
			if len(rep.Guesses) < maxGuesses {
				rep.Guesses = append(rep.Guesses, row.Guesses...)
			}
			if row.Enterprise == nil {
				rep.reject(row)
				continue
			}
			if req.DraftProducts && len(row.Products) > 0 {
				drafts.add(row)
			}
			select {
			case rows <- item{row: &store.ImportRow{Line: row.Line, Enterprise: row.Enterprise, RegistryID: registryID(r.Header, row.Raw), Checked: true}}:
			case <-stop:
				return
			}
		}
	}()
	next := func() (*store.ImportRow, error) {
		it, ok := <-rows
		if !ok {
			return nil, io.EOF
		}
		return it.row, it.err
	}
	// Refused is asked once next has said io.EOF, which the reader sends
	// after its last row: rep.RejectedRows no longer moves.
	refused := func() int { return rep.RejectedRows }
	opt := store.ImportOptions{FileName: req.FileName, FileSHA256: rep.SHA256, Format: string(format),
		Duplicates: req.Duplicates, DryRun: req.DryRun, Refused: refused, Writing: req.Writing}
	if req.DraftProducts {
		opt.Inserted, opt.Drafts = drafts.inserted, drafts.products
	}
	res, err := db.ImportEnterprises(ctx, opt, next, progress)
	// The reader is done (or told to stop) before rep is read or returned.
	close(stop)
	<-parsed
	if err != nil {
		return nil, err
	}
	rep.Skipped = append(rep.Skipped, r.Skipped...)
	rep.SkippedRows = r.SkippedRows
	rep.Result = res
	if req.DraftProducts {
		rep.DraftProducts = len(drafts.products()) // made, or in a dry run would be
	}
	sort.SliceStable(rep.Problems, func(i, j int) bool { return rep.Problems[i].Line < rep.Problems[j].Line })
	return rep, nil
}

// registryID reads the row's registry id (an export's ID column), 0 when
// it has none or it is not a number.
func registryID(h *importer.Header, cells []string) int64 {
	c, ok := h.Mapping[importer.FID]
	if !ok || c >= len(cells) {
		return 0
	}
	id, err := strconv.ParseInt(strings.TrimSpace(cells[c]), 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

// PanicError is a panic caught on a bulk job's goroutine, with its stack,
// so the job fails with a logged error and the server goes on.
type PanicError struct {
	Value any
	Stack []byte
}

// NewPanicError wraps a recovered value with the current stack.
func NewPanicError(v any) *PanicError { return &PanicError{Value: v, Stack: debug.Stack()} }

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// ProblemText renders a problem in a language.
func ProblemText(l i18n.Lang, p sheet.Problem) string { return i18n.T(l, p.Key, p.Args...) }

// ProblemColumn names where a problem is: its column ("C (NIK)"), or the
// field in words when the file has no column for it (a required region).
func ProblemColumn(l i18n.Lang, p sheet.Problem) string {
	if p.Column != "" || p.Field == "" {
		return p.Column
	}
	for _, key := range []string{"importfield." + p.Field, "label." + p.Field} { // a column the file lacks: its name
		if i18n.Has(key) {
			return i18n.T(l, key)
		}
	}
	return p.Field
}

// GuessText renders a guess in a language.
func GuessText(l i18n.Lang, g importer.Guess) string { return i18n.T(l, g.Key, g.Args...) }

// AlreadyImported is the refusal of a file an import already holds: its
// number, date and office, and how to go on all the same.
func AlreadyImported(p *store.PriorImport) error {
	return siapekspor.Errorf(siapekspor.EAlreadyImported, "import.already_imported", p.At.In(i18n.Zone).Format("02-01-2006 15:04"), p.Office, p.ID)
}

// reportHeaders are the headers of WriteRejected's own columns in every
// language (and as earlier versions wrote them): a file with them in front
// is a rejected-rows file, and they are dropped when it comes back.
var reportHeaders = func() []string {
	out := []string{"Baris", "Masalah", "Line", "Problems"}
	for _, l := range i18n.Langs {
		out = append(out, i18n.T(l, "import.col.original_line"), i18n.T(l, "import.col.reason"))
	}
	return out
}()

// maxSheetsTried bounds the sheets openSheet opens looking for a table: each
// try inflates the sheet and reads the workbook's shared strings again.
const maxSheetsTried = 10

// openSheet opens the file's table and its reader. When hop is true (the
// upload named no sheet, nor how to read one) and the workbook's first
// sheet holds no table of this kind — a cover or instructions sheet — the
// next sheets are tried in order; found names the sheet read then, "" when
// it was the first or the one asked. With none found, the first sheet's
// error stands.
func openSheet[R any](ctx context.Context, file io.ReaderAt, size int64, sheetName string, hop bool,
	newReader func(sheet.Table, sheet.Format) (R, error)) (r R, tbl sheet.Table, format sheet.Format, found string, err error) {
	tbl, format, err = openTable(ctx, file, size, sheetName)
	if err != nil {
		return r, nil, format, "", err
	}
	if r, err = newReader(tbl, format); err == nil {
		return r, tbl, format, "", nil
	}
	tbl.Close()
	first := err
	if !hop || format != sheet.FormatXLSX || !headerless(err) {
		return r, nil, format, "", first
	}
	names, err := sheet.SheetNames(ctx, file, size)
	if err != nil || len(names) < 2 {
		return r, nil, format, "", first
	}
	for _, name := range names[1:min(len(names), maxSheetsTried)] {
		t, f, err := openTable(ctx, file, size, name)
		if err != nil {
			if ctx.Err() != nil {
				return r, nil, format, "", ctx.Err()
			}
			continue
		}
		if rr, err := newReader(t, f); err == nil {
			return rr, t, f, name, nil
		}
		t.Close()
	}
	return r, nil, format, "", first
}

// headerless says a reader found no table of its kind on a sheet.
func headerless(err error) bool {
	switch siapekspor.KeyOf(err) {
	case "import.no_header", "import.count_table", "import.no_regency_column",
		"product.import.no_name_column", "product.import.no_enterprise_column", "exportrec.import.no_date_column":
		return true
	}
	return false
}

// openTable opens a file to import: the writers' additions (the formula
// guard, a rejected-rows file's line and reason columns) are taken off.
func openTable(ctx context.Context, r io.ReaderAt, size int64, sheetName string) (sheet.Table, sheet.Format, error) {
	t, f, err := sheet.Open(ctx, r, size, sheetName)
	if err != nil {
		return nil, f, err
	}
	return importer.Unguarded(t, reportHeaders...), f, nil
}

// WriteRejected writes the rejected rows as CSV: the line in the original
// file and the reasons (in the user's language) in the first two columns,
// then the file's own header and cells, so the office can fix them and
// upload this file again — the first two columns are ignored then.
func WriteRejected(w io.Writer, l i18n.Lang, rep *Report) error {
	cw := csv.NewWriter(w)
	head := append([]string{i18n.T(l, "import.col.original_line"), i18n.T(l, "import.col.reason")}, rep.Header.Cells...)
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, row := range rep.Rejected {
		var reasons []string
		for _, p := range row.Problems {
			reasons = append(reasons, strings.TrimSpace(p.Column+": "+ProblemText(l, p)))
		}
		rec := append([]string{strconv.Itoa(row.Line), strings.Join(reasons, "; ")}, row.Raw...)
		for i := range rec {
			rec[i] = SafeCell(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// SafeCell neutralises text a spreadsheet would run as a formula (=, +, -, @
// and control characters at the start) by prefixing an apostrophe.
func SafeCell(s string) string {
	if s != "" && strings.IndexByte(importer.GuardChars, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// readList reads an all-or-nothing list's rows (products, buying requests,
// export records) up to io.EOF and hands each to add; more than max rows is
// the tooMany refusal, and a cancelled ctx stops it. It returns how many
// rows were read.
func readList[R any](ctx context.Context, next func() (R, error), max int, tooMany string, add func(R) error) (int, error) {
	n := 0
	for {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		row, err := next()
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if n++; n > max {
			return n, siapekspor.Errorf(siapekspor.EInvalid, tooMany, siapekspor.Count(max))
		}
		if err := add(row); err != nil {
			return n, err
		}
	}
}
