// Package bulk runs the bulk jobs for the command line, the pages and the
// API alike: imports of enterprise and product lists (CSV, XLSX; all or
// nothing), trade data (BACI, Comtrade; streaming) and BPS-style export
// tables; exports of enterprises, products, certificates, readiness,
// programmes and mentoring; and background jobs for the pages.
package bulk

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/importer"
	"github.com/siapekspor/siapekspor/internal/store"
)

// ImportRequest is one file to import.
type ImportRequest struct {
	File       io.ReaderAt
	Size       int64
	FileName   string
	Sheet      string
	Mapping    importer.SavedMapping
	Duplicates string // store.DupSkip, DupUpdate, DupKeep
	DryRun     bool
	Province   string
	BinaanOrg  *int64
	// Writing, when set, hears how far the write phase is (see
	// store.ImportOptions): the file is read whole before anything is written.
	Writing func(done, total int)
}

// Report is what an import (or its dry run) did and found.
type Report struct {
	Header   *importer.Header    `json:"-"`
	Columns  map[string]string   `json:"columns"` // field → "C (NIK)"
	Rows     int                 `json:"rows"`
	Result   *store.ImportResult `json:"result"`
	Rejected []*importer.Row     `json:"-"`        // the first rejected rows (see MaxKeptRejected)
	Problems []importer.Problem  `json:"problems"` // the problems of those rows
	Guesses  []importer.Guess    `json:"guesses"`
	SHA256   string              `json:"sha256"`
	Format   importer.Format     `json:"format"`
	// RejectedRows and ProblemCount count them all, kept or not.
	RejectedRows int `json:"rejected_rows"`
	ProblemCount int `json:"problem_count"`
	keptBytes    int
}

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
	rep := &Report{SHA256: hex.EncodeToString(sum.Sum(nil)), Problems: []importer.Problem{}, Guesses: []importer.Guess{}}
	tbl, format, err := importer.Open(ctx, req.File, req.Size, req.Sheet)
	if err != nil {
		return nil, err
	}
	defer tbl.Close()
	rep.Format = format
	r, err := importer.NewReader(tbl, format, importer.Options{Province: req.Province, Saved: req.Mapping, Reference: db.Reference(), BinaanOrgID: req.BinaanOrg, Now: db.Now()})
	if err != nil {
		return nil, err
	}
	rep.Header = r.Header
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
			select {
			case rows <- item{row: &store.ImportRow{Line: row.Line, Enterprise: row.Enterprise, Checked: true}}:
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
	res, err := db.ImportEnterprises(ctx, store.ImportOptions{FileName: req.FileName, FileSHA256: rep.SHA256, Format: string(format),
		Duplicates: req.Duplicates, DryRun: req.DryRun, Refused: refused, Writing: req.Writing}, next, progress)
	// The reader is done (or told to stop) before rep is read or returned.
	close(stop)
	<-parsed
	if err != nil {
		return nil, err
	}
	rep.Result = res
	sort.SliceStable(rep.Problems, func(i, j int) bool { return rep.Problems[i].Line < rep.Problems[j].Line })
	return rep, nil
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
func ProblemText(l i18n.Lang, p importer.Problem) string { return i18n.T(l, p.Key, p.Args...) }

// GuessText renders a guess in a language.
func GuessText(l i18n.Lang, g importer.Guess) string { return i18n.T(l, g.Key, g.Args...) }

// WriteRejected writes the rejected rows as CSV: the file's own header and
// cells, plus the line and the reasons, so the office can fix them and
// upload this file again.
func WriteRejected(w io.Writer, l i18n.Lang, rep *Report) error {
	cw := csv.NewWriter(w)
	head := append([]string{i18n.T(l, "import.col.line"), i18n.T(l, "import.col.problems")}, rep.Header.Cells...)
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
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
