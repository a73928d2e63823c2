package api

import (
	"context"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/sheet"
	"github.com/siapekspor/siapekspor/internal/store"
)

// CertificateFilterOf reads a certificate filter from a query string;
// ?expiring alone means within the configured warning days.
func (h *Handlers) CertificateFilterOf(r *http.Request) store.CertificateFilter {
	q := r.URL.Query()
	days, _ := strconv.Atoi(q.Get("expiring_days"))
	if q.Has("expiring") && days == 0 {
		days = h.ExpiryWarningDays
	}
	return store.CertificateFilter{EnterpriseID: httpx.Int64(q.Get("enterprise_id")), ProductID: httpx.Int64(q.Get("product_id")),
		Type: siapekspor.CertificateType(q.Get("type")), RegencyCode: q.Get("regency"), ExpiringDays: days}
}

// ExportProducts: GET /api/v1/products/export?format=csv|xlsx and the list's filters.
func (h *Handlers) ExportProducts(w http.ResponseWriter, r *http.Request) {
	format, ok := h.exportFormat(w, r, "products")
	if !ok {
		return
	}
	if _, err := bulk.ExportProducts(r.Context(), h.Store, httpx.ProductFilterOf(r), format, w); err != nil {
		h.Log.ErrorContext(r.Context(), "export products", "err", err)
	}
}

// ExportCertificates: GET /api/v1/certificates/export?format=csv|xlsx and the list's filters.
func (h *Handlers) ExportCertificates(w http.ResponseWriter, r *http.Request) {
	format, ok := h.exportFormat(w, r, "certificates")
	if !ok {
		return
	}
	if _, err := bulk.ExportCertificates(r.Context(), h.Store, h.CertificateFilterOf(r), format, w, h.Store.Now()); err != nil {
		h.Log.ErrorContext(r.Context(), "export certificates", "err", err)
	}
}

// ImportProducts: POST /api/v1/products/import — the file (CSV or XLSX) is
// the request body; ?dry_run=1 checks it and stores nothing; ?sheet=. All
// rows are stored (201) or, if any row has a problem, none (422, with
// every problem's line, column and message).
func (h *Handlers) ImportProducts(w http.ResponseWriter, r *http.Request) {
	h.importTable(w, r, bulk.ImportProducts)
}

// importTable runs an all-or-nothing import of the file in the body and
// answers its report: 201 stored, 200 a clean dry run, 422 problems.
func (h *Handlers) importTable(w http.ResponseWriter, r *http.Request, run func(context.Context, *store.DB, bulk.TableImportRequest) (*bulk.TableImportReport, error)) {
	q := r.URL.Query()
	tmp, n, ok := h.spool(w, r)
	if !ok {
		return
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	req := bulk.TableImportRequest{File: tmp, Size: n, FileName: q.Get("name"), Sheet: q.Get("sheet"),
		DryRun: httpx.Flag(r, "dry_run")}
	if req.FileName == "" {
		req.FileName = "api-" + time.Now().UTC().Format("20060102-150405")
	}
	rep, err := run(r.Context(), h.Store, req)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	body := map[string]any{"rows": rep.Rows, "imported": rep.Imported, "dry_run": rep.DryRun,
		"format": rep.Format, "sha256": rep.SHA256, "columns": rep.Columns, "sheet": rep.Sheet}
	if rep.IDs != nil {
		body["ids"] = rep.IDs // what a request import made, [] in a dry run
	}
	body["guesses"] = guessesJSON(httpx.Lang(r, i18n.ID), rep.Guesses)
	writeImportAnswer(w, r, rep.Problems, rep.DryRun, body)
}

// writeImportAnswer answers an all-or-nothing import: 201 stored, 200 a
// dry run without problems, 422 with every problem (nothing stored).
func writeImportAnswer(w http.ResponseWriter, r *http.Request, ps []sheet.Problem, dryRun bool, body map[string]any) {
	problems := problemsJSON(httpx.Lang(r, i18n.ID), ps)
	status := http.StatusCreated
	switch {
	case len(problems) > 0:
		status = http.StatusUnprocessableEntity
	case dryRun:
		status = http.StatusOK
	}
	body["problems"] = problems
	httpx.WriteJSON(w, status, body)
}
