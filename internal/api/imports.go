package api

import (
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/importer"
	"github.com/siapekspor/siapekspor/internal/sheet"
	"github.com/siapekspor/siapekspor/internal/store"
)

type problemJSON struct {
	Line    int    `json:"line"`
	Column  string `json:"column"`
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Value   string `json:"value"`
}

// problemsJSON writes a file's problems with their messages in a language.
func problemsJSON(l i18n.Lang, ps []sheet.Problem) []problemJSON {
	out := make([]problemJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, problemJSON{p.Line, p.Column, p.Field, p.Key, bulk.ProblemText(l, p), p.Value})
	}
	return out
}

// CreateImport: POST /api/v1/imports — the file is the request body (CSV or
// XLSX); ?dry_run=1 checks it and stores nothing; ?duplicates=skip|update|keep,
// ?sheet=, ?binaan=<office id>, ?draft_products=1 (a draft product of
// each name in the product column of the rows inserted). The answer lists every rejected row's
// problems with line and column, the guesses, the duplicates and the counts.
func (h *Handlers) CreateImport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	tmp, n, ok := h.spool(w, r)
	if !ok {
		return
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	req := bulk.ImportRequest{File: tmp, Size: n, FileName: q.Get("name"), Sheet: q.Get("sheet"), Duplicates: q.Get("duplicates"),
		DryRun: httpx.Flag(r, "dry_run"), Province: h.Province, AutoLayout: true, Force: httpx.Flag(r, "force")}
	if req.FileName == "" {
		req.FileName = "api-" + time.Now().UTC().Format("20060102-150405")
	}
	if id, err := strconv.ParseInt(q.Get("binaan"), 10, 64); err == nil && id > 0 {
		req.BinaanOrg = &id
	}
	if err := importChoice(r, &req); err != nil {
		h.Error(w, r, err)
		return
	}
	rep, err := bulk.Import(r.Context(), h.Store, req, nil)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	l := httpx.Lang(r, i18n.ID)
	problems := problemsJSON(l, rep.Problems)
	guesses := guessesJSON(l, rep.Guesses)
	status := http.StatusCreated
	if req.DryRun {
		status = http.StatusOK
	}
	httpx.WriteJSON(w, status, map[string]any{"result": rep.Result, "rows": rep.Rows, "format": rep.Format, "sha256": rep.SHA256,
		"columns": rep.Columns, "problems": problems, "guesses": guesses, "rejected_rows": rep.RejectedRows, "problem_count": rep.ProblemCount,
		"header_lines": rep.HeaderLines, "ignored_columns": rep.Ignored, "skipped": skippedJSON(l, rep.Skipped), "skipped_rows": rep.SkippedRows, "previous_import": rep.Previous,
		"draft_products": rep.DraftProducts})
}

// spool copies an uploaded request body to a temporary file, within the
// upload limit; on failure it has answered the request.
func (h *Handlers) spool(w http.ResponseWriter, r *http.Request) (*os.File, int64, bool) {
	tmp, n, err := httpx.Spool(h.Uploads, bulk.APIUploadPrefix, http.MaxBytesReader(w, r.Body, h.MaxUpload), h.MaxUpload)
	if err != nil {
		h.Error(w, r, err)
		return nil, 0, false
	}
	return tmp, n, true
}

// exportFormat reads ?format= (csv by default, or xlsx) and sets the
// download's headers; on a bad format it has answered the request.
func (h *Handlers) exportFormat(w http.ResponseWriter, r *http.Request, name string) (string, bool) {
	format := r.URL.Query().Get("format")
	switch format {
	case "", "csv":
		format = "csv"
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	case "xlsx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	default:
		h.Error(w, r, siapekspor.FieldInvalid("format", "field.choice"))
		return "", false
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.`+format+`"`)
	return format, true
}

// ListImports: GET /api/v1/imports.
func (h *Handlers) ListImports(w http.ResponseWriter, r *http.Request) {
	list, err := h.Store.ListImports(r.Context(), 200)
	h.respond(w, r, http.StatusOK, map[string]any{"items": list}, err)
}

// UndoImport: POST /api/v1/imports/{id}/undo.
func (h *Handlers) UndoImport(w http.ResponseWriter, r *http.Request) {
	getByID(h, w, r, h.Store.UndoImport)
}

// GetImport: GET /api/v1/imports/{id} — the import's record and its
// possible duplicates with their decisions.
func (h *Handlers) GetImport(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	var rec *store.ImportRecord
	var possible []store.PossibleDuplicate
	if err == nil {
		rec, possible, err = h.Store.ImportDetail(r.Context(), id)
	}
	h.respond(w, r, http.StatusOK, map[string]any{"import": rec, "possible_duplicates": possible}, err)
}

// DecidePossibleDuplicate: POST /api/v1/imports/{id}/possible-duplicates/{pid}
// with {"decision": "merge"|"keep"}: the same enterprise (the imported
// record is merged into the existing one and deleted) or a different one.
func (h *Handlers) DecidePossibleDuplicate(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	var pid int64
	if err == nil {
		pid, err = httpx.ID(r, "pid")
	}
	var body struct {
		Decision string `json:"decision"`
	}
	if err == nil {
		err = httpx.DecodeJSON(w, r, &body)
	}
	var res *store.PossibleDuplicate
	if err == nil {
		decision := map[string]string{"merge": store.DecisionMerge, "keep": store.DecisionKeep}[body.Decision]
		res, err = h.Store.DecidePossibleDuplicate(r.Context(), id, pid, decision)
	}
	h.respond(w, r, http.StatusOK, res, err)
}

// ExportEnterprises: GET /api/v1/enterprises/export?format=csv|xlsx and the list's filters.
func (h *Handlers) ExportEnterprises(w http.ResponseWriter, r *http.Request) {
	f := httpx.ParseEnterpriseFilter(r.URL.Query())
	if h.Province != "" && f.ProvinceCode == "" {
		f.ProvinceCode = h.Province
	}
	format, ok := h.exportFormat(w, r, "enterprises")
	if !ok {
		return
	}
	if _, err := bulk.Export(r.Context(), h.Store, f, format, w); err != nil {
		h.Log.ErrorContext(r.Context(), "export", "err", err)
	}
}

// guessesJSON writes how an import read values: line, column, value and
// its meaning in the reader's language.
func guessesJSON(l i18n.Lang, gs []importer.Guess) []map[string]any {
	out := make([]map[string]any, 0, len(gs))
	for _, g := range gs {
		out = append(out, map[string]any{"line": g.Line, "column": g.Column, "value": g.Value, "meaning": bulk.GuessText(l, g)})
	}
	return out
}
