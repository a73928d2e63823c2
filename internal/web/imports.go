package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/importer"
	"github.com/siapekspor/siapekspor/internal/store"
)

type importsData struct {
	Imports []store.ImportRecord
	Offices []siapekspor.Organisation
	MaxMB   int64
}

// ImportList shows past imports and the upload form.
func (h *Handlers) ImportList(w http.ResponseWriter, r *http.Request) {
	h.renderImports(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderImports(w http.ResponseWriter, r *http.Request, status int, err error) {
	p := NewPage(r, "imports.title", "imports")
	if err != nil {
		p.SetError(httpx.DomainError(r, h.Log, err))
	}
	imports, lerr := h.Store.ListImports(r.Context(), 50)
	if lerr != nil {
		h.R.Error(w, r, lerr)
		return
	}
	offices, lerr := h.Organisations.ListOrganisations(r.Context(), siapekspor.OrganisationFilter{Kinds: coachingKinds()})
	if lerr != nil {
		h.R.Error(w, r, lerr)
		return
	}
	p.Data = importsData{Imports: imports, Offices: offices, MaxMB: h.MaxUpload >> 20}
	h.R.Render(w, r, status, "imports", p)
}

// ImportUpload receives a file and starts its dry run in the background.
func (h *Handlers) ImportUpload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, h.MaxUpload+1<<20)
	file, header, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.renderImports(w, r, http.StatusRequestEntityTooLarge, siapekspor.Errorf(siapekspor.ETooLarge, "import.too_large", strconv.FormatInt(h.MaxUpload>>20, 10)))
			return
		}
		h.renderImports(w, r, http.StatusUnprocessableEntity, siapekspor.Errorf(siapekspor.EInvalid, "import.no_file"))
		return
	}
	defer file.Close()
	if header.Size > h.MaxUpload {
		h.renderImports(w, r, http.StatusRequestEntityTooLarge, siapekspor.Errorf(siapekspor.ETooLarge, "import.too_large", strconv.FormatInt(h.MaxUpload>>20, 10)))
		return
	}
	req := bulk.ImportRequest{FileName: httpx.FileName(header.Filename), Sheet: strings.TrimSpace(r.FormValue("sheet")),
		Duplicates: r.FormValue("duplicates"), DryRun: true, Province: h.Province, AutoLayout: true,
		DraftProducts: r.FormValue("draft_products") == "1"}
	if id, err := strconv.ParseInt(r.FormValue("binaan"), 10, 64); err == nil && id > 0 {
		req.BinaanOrg = &id
	}
	path, err := h.saveUpload(file)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	job, err := h.Jobs.Start(r.Context(), path, req)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/imports/jobs/"+job.ID, http.StatusSeeOther)
}

func (h *Handlers) saveUpload(src io.Reader) (string, error) {
	f, _, err := httpx.Spool(h.Uploads, bulk.PageUploadPrefix, src, h.MaxUpload)
	if err != nil {
		return "", err
	}
	return f.Name(), f.Close()
}

type jobData struct {
	Job     *bulk.Job
	Done    bool
	Report  *bulk.Report
	Fields  []fieldColumn
	Elapsed time.Duration
}

type fieldColumn struct{ Field, Column string }

// ImportJob shows a running import's progress (the page refreshes itself
// every second, without JavaScript) and then its report.
func (h *Handlers) ImportJob(w http.ResponseWriter, r *http.Request) {
	job, ok := h.Jobs.Get(r.PathValue("job"), siapekspor.ActorFrom(r.Context()).UserID)
	if !ok {
		h.R.NotFound(w, r)
		return
	}
	h.renderJob(w, r, job, http.StatusOK, nil)
}

func (h *Handlers) renderJob(w http.ResponseWriter, r *http.Request, job *bulk.Job, status int, failure error) {
	done, rep, err := job.Result()
	if done && err != nil {
		// A file read wrongly (no header found, a table of counts…) goes
		// to the mapping step, with the reason above it.
		if !job.Request.DryRun || !h.renderColumns(w, r, job, nil, err, httpx.Status(siapekspor.ErrorCodeOf(err))) {
			h.renderImports(w, r, httpx.Status(siapekspor.ErrorCodeOf(err)), err)
		}
		return
	}
	p := NewPage(r, "imports.job_title", "imports")
	if failure != nil {
		p.SetError(httpx.DomainError(r, h.Log, failure))
	}
	d := jobData{Job: job, Done: done, Report: rep, Elapsed: time.Since(job.Started).Round(time.Second)}
	if rep != nil {
		for _, f := range importer.Fields {
			if c, ok := rep.Columns[string(f)]; ok {
				d.Fields = append(d.Fields, fieldColumn{string(f), c})
			}
		}
	}
	if !done {
		w.Header().Set("Refresh", "1")
	}
	p.Data = d
	h.R.Render(w, r, status, "import_job", p)
}

// ImportRejected downloads the rejected rows with their reasons.
func (h *Handlers) ImportRejected(w http.ResponseWriter, r *http.Request) {
	job, ok := h.Jobs.Get(r.PathValue("job"), siapekspor.ActorFrom(r.Context()).UserID)
	if !ok {
		h.R.NotFound(w, r)
		return
	}
	done, rep, err := job.Result()
	if !done || err != nil {
		h.R.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="ditolak-%s.csv"`, strings.TrimSuffix(job.Request.FileName, filepath.Ext(job.Request.FileName))))
	w.Write([]byte("\xef\xbb\xbf")) // so Excel reads the file as UTF-8
	bulk.WriteRejected(w, NewPage(r, "imports.title", "").Lang, rep)
}

// ImportRun imports a dry-run file for real, with the chosen duplicate policy.
func (h *Handlers) ImportRun(w http.ResponseWriter, r *http.Request) {
	job, ok := h.Jobs.Get(r.PathValue("job"), siapekspor.ActorFrom(r.Context()).UserID)
	if !ok {
		h.R.NotFound(w, r)
		return
	}
	if done, _, err := job.Result(); !done || err != nil || !job.Request.DryRun {
		h.R.NotFound(w, r)
		return
	}
	req := job.Request
	req.DryRun = false
	if d := r.FormValue("duplicates"); d != "" {
		req.Duplicates = d
	}
	// A file imported before goes in again only when the officer said so
	// on the dry run's page.
	req.Force = r.FormValue("force") == "yes"
	if _, rep, _ := job.Result(); rep.Previous != nil && !req.Force {
		h.renderJob(w, r, job, http.StatusConflict, bulk.AlreadyImported(rep.Previous))
		return
	}
	next, err := h.Jobs.Start(r.Context(), job.FilePath, req)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/imports/jobs/"+next.ID, http.StatusSeeOther)
}

// ImportUndo asks, then takes an import back as a whole.
func (h *Handlers) ImportUndo(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	var rec *store.ImportRecord
	if err == nil {
		rec, err = h.Store.Import(r.Context(), id)
	}
	if err == nil && rec.UndoneAt != nil {
		err = siapekspor.Errorf(siapekspor.EConflict, "import.already_undone")
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	pr := printer(r)
	if h.ask(w, r, confirmation{Nav: "imports", Title: "confirm.import_undo.title", Key: "confirm.import_undo.question",
		Args: []any{rec.FileName, pr.DateTime(rec.At), pr.Num(rec.Inserted), pr.Num(rec.Updated)}, Button: "imports.undo", Cancel: "/imports",
		// GET /imports/{id}/undo would clash with GET /imports/jobs/{job}.
		Page: "/imports/" + strconv.FormatInt(id, 10) + "/undo/confirm", Action: "/imports/" + strconv.FormatInt(id, 10) + "/undo"}) {
		return
	}
	res, err := h.Store.UndoImport(r.Context(), id)
	if err != nil {
		if c := siapekspor.ErrorCodeOf(err); c == siapekspor.EConflict {
			h.renderImports(w, r, http.StatusConflict, err)
			return
		}
		h.R.Error(w, r, err)
		return
	}
	if res.Gone > 0 {
		FlashCount(w, r, "imports.undone_gone", res.Gone, "/imports")
		return
	}
	Flash(w, r, "imports.undone", "/imports")
}

// EnterpriseExport downloads the filtered list as CSV or XLSX.
func (h *Handlers) EnterpriseExport(w http.ResponseWriter, r *http.Request) {
	f := httpx.ParseEnterpriseFilter(r.URL.Query())
	if h.Province != "" {
		f.ProvinceCode = h.Province
	}
	format, ok := sheetDownload(w, r, "usaha-"+time.Now().In(time.FixedZone("WIB", 7*3600)).Format("2006-01-02"))
	if !ok {
		h.R.NotFound(w, r)
		return
	}
	if _, err := bulk.Export(r.Context(), h.Store, f, format, w); err != nil {
		h.Log.ErrorContext(r.Context(), "export", "err", err)
	}
}

type importShowData struct {
	Import   *store.ImportRecord
	Possible []store.PossibleDuplicate
	Open     int
}

// ImportShow shows one import: its counts and its possible duplicates, each
// with the officer's decision or the two ways to decide.
func (h *Handlers) ImportShow(w http.ResponseWriter, r *http.Request) {
	h.renderImport(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderImport(w http.ResponseWriter, r *http.Request, status int, failure error) {
	id, err := httpx.ID(r, "id")
	var rec *store.ImportRecord
	var possible []store.PossibleDuplicate
	if err == nil {
		rec, possible, err = h.Store.ImportDetail(r.Context(), id)
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p := NewPage(r, "imports.show_title", "imports")
	if failure != nil {
		p.SetError(httpx.DomainError(r, h.Log, failure))
	}
	d := importShowData{Import: rec, Possible: possible}
	for _, x := range possible {
		if x.Open() {
			d.Open++
		}
	}
	p.Data = d
	h.R.Render(w, r, status, "import_show", p)
}

// ImportPossibleKeep records that a possible duplicate is another
// enterprise: both records stay.
func (h *Handlers) ImportPossibleKeep(w http.ResponseWriter, r *http.Request) {
	h.decidePossible(w, r, store.DecisionKeep)
}

// ImportPossibleMerge asks, then merges an imported record into the
// enterprise it duplicates (the imported record is deleted).
func (h *Handlers) ImportPossibleMerge(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	var pid int64
	if err == nil {
		pid, err = httpx.ID(r, "pid")
	}
	var x *store.PossibleDuplicate
	if err == nil {
		x, err = h.Store.PossibleDuplicate(r.Context(), id, pid)
	}
	if err == nil && !x.Open() {
		err = siapekspor.Errorf(siapekspor.EConflict, "import.already_decided")
	}
	if err == nil && !x.CanMerge() {
		err = siapekspor.Errorf(siapekspor.EConflict, "import.merge_gone")
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	back := "/imports/" + strconv.FormatInt(id, 10)
	if h.ask(w, r, confirmation{Nav: "imports", Title: "confirm.possible_merge.title", Key: "confirm.possible_merge.question",
		Args: []any{x.Name, x.Line, x.ExistingName, x.ExistingID}, Button: "imports.possible_merge", Cancel: back}) {
		return
	}
	h.decidePossible(w, r, store.DecisionMerge)
}

func (h *Handlers) decidePossible(w http.ResponseWriter, r *http.Request, decision string) {
	id, err := httpx.ID(r, "id")
	var pid int64
	if err == nil {
		pid, err = httpx.ID(r, "pid")
	}
	if err == nil {
		_, err = h.Store.DecidePossibleDuplicate(r.Context(), id, pid, decision)
	}
	switch c := siapekspor.ErrorCodeOf(err); {
	case err == nil:
		Flash(w, r, "imports.possible_"+decision, "/imports/"+strconv.FormatInt(id, 10))
	case c == siapekspor.EConflict || c == siapekspor.EInvalid:
		h.renderImport(w, r, httpx.Status(c), err)
	default:
		h.R.Error(w, r, err)
	}
}

// EnterpriseImportTemplate downloads a blank enterprise list (CSV or XLSX)
// with the columns the import reads and one example row.
func (h *Handlers) EnterpriseImportTemplate(w http.ResponseWriter, r *http.Request) {
	format, ok := sheetDownload(w, r, "daftar-usaha-contoh")
	if !ok {
		h.R.NotFound(w, r)
		return
	}
	if err := bulk.WriteEnterpriseTemplate(format, w); err != nil {
		h.Log.ErrorContext(r.Context(), "template", "err", err)
	}
}

// sheetDownload starts the download of a CSV or XLSX file, as the path's
// extension says, named name plus that extension: its headers, and for CSV
// the byte-order mark Excel needs to read UTF-8. It reports the format, or
// false for any other extension.
func sheetDownload(w http.ResponseWriter, r *http.Request, name string) (string, bool) {
	format := strings.TrimPrefix(filepath.Ext(r.URL.Path), ".")
	switch format {
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	case "xlsx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	default:
		return "", false
	}
	// The headers before the first byte: once written, they are sent.
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.`+format+`"`)
	if format == "csv" {
		w.Write([]byte("\xef\xbb\xbf"))
	}
	return format, true
}
