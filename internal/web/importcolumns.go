package web

import (
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/importer"
	"github.com/siapekspor/siapekspor/internal/sheet"
	"github.com/siapekspor/siapekspor/internal/store"
)

// The mapping step of an import: the file's first rows, the header rows to
// pick with a click and each column's field to choose from the fields in
// words ("not used" included). The choice is checked again as a new dry
// run, and may be kept for the office: a later file starting with the same
// header is read the same way by itself.

// maxChoiceColumns bounds the columns the step offers (those beyond are
// not used, and the report says so).
const maxChoiceColumns = 100

type previewLine struct {
	Line        int
	First, Last bool
	Cells       []string
}

type columnChoice struct {
	Index        int
	Letter, Name string
	Field        string // "" not used
}

type columnsData struct {
	Job     *bulk.Job
	Rows    []previewLine
	Columns []columnChoice
	Fields  []string
	Width   int
	Name    string // the layout's name, as typed
	Save    bool
}

// ImportColumns shows the mapping step of a dry run (GET) or checks the
// file again as chosen there (POST).
func (h *Handlers) ImportColumns(w http.ResponseWriter, r *http.Request) {
	job, ok := h.Jobs.Get(r.PathValue("job"), siapekspor.ActorFrom(r.Context()).UserID)
	if !ok || !job.Request.DryRun {
		h.R.NotFound(w, r)
		return
	}
	done, rep, jerr := job.Result()
	if !done {
		http.Redirect(w, r, "/imports/jobs/"+job.ID, http.StatusSeeOther)
		return
	}
	if r.Method == http.MethodGet {
		if !h.renderColumns(w, r, job, rep, nil, http.StatusOK) {
			h.renderImports(w, r, httpx.Status(siapekspor.ErrorCodeOf(jerr)), jerr)
		}
		return
	}
	req, err := h.chosenColumns(r, job)
	if err != nil {
		h.renderColumns(w, r, job, rep, err, http.StatusUnprocessableEntity)
		return
	}
	next, err := h.Jobs.Start(r.Context(), job.FilePath, req)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/imports/jobs/"+next.ID, http.StatusSeeOther)
}

// chosenColumns reads the form into the request of a new dry run, and keeps
// the layout when asked.
func (h *Handlers) chosenColumns(r *http.Request, job *bulk.Job) (bulk.ImportRequest, error) {
	req := job.Request
	req.Sheet = jobSheet(job)
	first, _ := strconv.Atoi(r.FormValue("first"))
	last, _ := strconv.Atoi(r.FormValue("last"))
	lines, err := importer.ParseHeaderRows(strconv.Itoa(first) + "-" + strconv.Itoa(last))
	if err != nil || first == 0 {
		return req, siapekspor.Errorf(siapekspor.EInvalid, "imports.pick_header")
	}
	width, _ := strconv.Atoi(r.FormValue("width"))
	cols := importer.Mapping{}
	for i := range min(max(width, 0), maxChoiceColumns) {
		v := r.FormValue("col_" + strconv.Itoa(i))
		if v == "" {
			continue
		}
		f := importer.Field(v)
		if !slices.Contains(importer.Fields, f) {
			return req, siapekspor.Errorf(siapekspor.EInvalid, "import.map_unknown_field", v)
		}
		if j, dup := cols[f]; dup {
			return req, siapekspor.Errorf(siapekspor.EInvalid, "imports.field_twice", sheet.ColumnLetter(j), sheet.ColumnLetter(i))
		}
		cols[f] = i
	}
	req.HeaderRows, req.Columns, req.Mapping, req.AutoLayout = lines, cols, nil, false
	if r.FormValue("save") == "" {
		return req, nil
	}
	rows, err := h.previewJob(r, job)
	if err != nil {
		return req, err
	}
	l := &store.ImportLayout{Name: r.FormValue("layout_name"), Signature: importer.Signature(rows, lines), HeaderRows: lines, Columns: map[string]int{}}
	for f, c := range cols {
		l.Columns[string(f)] = c
	}
	return req, h.Store.SaveImportLayout(r.Context(), l)
}

func (h *Handlers) previewJob(r *http.Request, job *bulk.Job) ([]importer.PreviewRow, error) {
	f, err := os.Open(job.FilePath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return bulk.PreviewFile(r.Context(), f, st.Size(), jobSheet(job), 30)
}

// jobSheet is the sheet a job read: the one asked for, or the one it found
// after a first sheet without a list; the columns are chosen on it.
func jobSheet(job *bulk.Job) string {
	if job.Request.Sheet != "" {
		return job.Request.Sheet
	}
	if done, rep, _ := job.Result(); done && rep != nil {
		return rep.Sheet
	}
	return ""
}

// renderColumns shows the mapping step, with err above it; false when the
// file cannot be previewed at all (not a table).
func (h *Handlers) renderColumns(w http.ResponseWriter, r *http.Request, job *bulk.Job, rep *bulk.Report, err error, status int) bool {
	rows, perr := h.previewJob(r, job)
	if perr != nil || len(rows) == 0 {
		return false
	}
	// The current reading: as chosen, as the dry run read it, or as guessed.
	lines, cols := job.Request.HeaderRows, job.Request.Columns
	if lines[1] == 0 && rep != nil && rep.Header != nil {
		lines = rep.HeaderLines
	}
	guess, found := importer.GuessHeader(rows, lines)
	if !found {
		guess, found = importer.GuessHeader(rows, [2]int{})
	}
	if found {
		lines = guess.Lines
	}
	if cols == nil {
		cols = guess.Mapping
		if rep != nil && rep.Header != nil {
			cols = rep.Header.Mapping
		}
	}
	shown := bulk.PreviewRows
	for shown < len(rows) && rows[shown-1].Line < lines[1]+2 {
		shown++
	}
	rows = rows[:min(shown, len(rows))]
	d := columnsData{Job: job, Name: r.FormValue("layout_name"), Save: r.FormValue("save") != ""}
	for _, row := range rows {
		d.Width = max(d.Width, len(row.Cells))
	}
	d.Width = min(d.Width, maxChoiceColumns)
	for _, row := range rows {
		cells := make([]string, d.Width)
		for i := range cells {
			if i < len(row.Cells) {
				cells[i] = clipCell(row.Cells[i])
			}
		}
		d.Rows = append(d.Rows, previewLine{Line: row.Line, First: row.Line == lines[0], Last: row.Line == lines[1], Cells: cells})
	}
	byCol := map[int]string{}
	for f, c := range cols {
		byCol[c] = string(f)
	}
	for i := range d.Width {
		c := columnChoice{Index: i, Letter: sheet.ColumnLetter(i), Field: byCol[i]}
		if i < len(guess.Names) {
			c.Name = clipCell(guess.Names[i])
		}
		d.Columns = append(d.Columns, c)
	}
	for _, f := range importer.Fields {
		d.Fields = append(d.Fields, string(f))
	}
	p := NewPage(r, "imports.columns_title", "imports")
	if err != nil {
		p.SetError(httpx.DomainError(r, h.Log, err))
	}
	p.Data = d
	h.R.Render(w, r, status, "import_columns", p)
	return true
}

// clipCell shortens a cell for the preview.
func clipCell(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
