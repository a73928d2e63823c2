package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
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
		Duplicates: r.FormValue("duplicates"), DryRun: true, Province: h.Province, DraftProducts: r.FormValue("draft_products") == "1"}
	if m := strings.TrimSpace(r.FormValue("mapping")); m != "" {
		if req.Mapping, err = parseMapping(m); err != nil {
			h.renderImports(w, r, http.StatusUnprocessableEntity, err)
			return
		}
	}
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

// parseMapping reads "field = Column header" lines (or JSON) from the form.
func parseMapping(text string) (importer.SavedMapping, error) {
	m := importer.SavedMapping{}
	for _, line := range strings.Split(text, "\n") {
		field, col, ok := strings.Cut(line, "=")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if !ok {
			return nil, siapekspor.Errorf(siapekspor.EInvalid, "import.bad_mapping_line", strings.TrimSpace(line))
		}
		m[importer.Field(strings.TrimSpace(field))] = strings.TrimSpace(col)
	}
	return m, nil
}

func (h *Handlers) saveUpload(src io.Reader) (string, error) {
	if err := os.MkdirAll(h.Uploads, 0o750); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(h.Uploads, bulk.PageUploadPrefix+"*")
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(f, src); err != nil {
		f.Close()
		os.Remove(f.Name())
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
	done, rep, err := job.Result()
	if done && err != nil {
		h.renderImports(w, r, httpx.Status(siapekspor.ErrorCodeOf(err)), err)
		return
	}
	p := NewPage(r, "imports.job_title", "imports")
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
	h.R.Render(w, r, http.StatusOK, "import_job", p)
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
	format := strings.TrimPrefix(filepath.Ext(r.URL.Path), ".")
	name := "usaha-" + time.Now().In(time.FixedZone("WIB", 7*3600)).Format("2006-01-02") + "." + format
	switch format {
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Write([]byte("\xef\xbb\xbf"))
	case "xlsx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	default:
		h.R.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	if _, err := bulk.Export(r.Context(), h.Store, f, format, w); err != nil {
		h.Log.ErrorContext(r.Context(), "export", "err", err)
	}
}
