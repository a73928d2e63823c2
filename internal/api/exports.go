package api

import (
	"net/http"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/attachments"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/httpx"
)

// ListExports: GET /api/v1/exports with the filters.
func (h *Handlers) ListExports(w http.ResponseWriter, r *http.Request) {
	page, err := h.Store.ListExportRecords(r.Context(), httpx.ExportFilterOf(r))
	h.respond(w, r, http.StatusOK, page, err)
}

// GetExport: GET /api/v1/exports/{id}.
func (h *Handlers) GetExport(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	rec, err := h.Store.ExportRecord(r.Context(), id)
	h.respond(w, r, http.StatusOK, rec, err)
}

// exportInput is the writable part of an export record.
type exportInput struct {
	EnterpriseID  *int64                   `json:"enterprise_id"`
	ProductID     **int64                  `json:"product_id"`
	HSCode        *string                  `json:"hs_code"`
	Destination   *string                  `json:"destination"`
	ValueUSDCents *int64                   `json:"value_usd_cents"`
	ValueIDR      *int64                   `json:"value_idr"`
	RateIDR       *float64                 `json:"exchange_rate"`
	RateDate      **string                 `json:"rate_date"`
	Quantity      *float64                 `json:"quantity"`
	Unit          *siapekspor.Unit         `json:"unit"`
	Incoterm      *siapekspor.Incoterm     `json:"incoterm"`
	ExportDate    *string                  `json:"export_date"`
	PEBNumber     *string                  `json:"peb_number"`
	Notes         *string                  `json:"notes"`
	Source        *siapekspor.ExportSource `json:"source"`
	Version       *int                     `json:"version"`
}

func (in *exportInput) apply(x *siapekspor.ExportRecord) error {
	var p siapekspor.Problems
	if in.ProductID != nil {
		x.ProductID = *in.ProductID
	}
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&x.HSCode, in.HSCode)
	set(&x.Destination, in.Destination)
	set(&x.PEBNumber, in.PEBNumber)
	set(&x.Notes, in.Notes)
	if in.ValueUSDCents != nil {
		x.ValueUSDCents = *in.ValueUSDCents
	}
	if in.ValueIDR != nil {
		x.ValueIDR = *in.ValueIDR
	}
	if in.RateIDR != nil {
		x.RateIDR = *in.RateIDR
	}
	if in.Quantity != nil {
		x.Quantity = *in.Quantity
	}
	if in.Unit != nil {
		x.Unit = *in.Unit
	}
	if in.Incoterm != nil {
		x.Incoterm = *in.Incoterm
	}
	if in.Source != nil {
		x.Source = *in.Source
	}
	if in.ExportDate != nil {
		t, err := time.Parse("2006-01-02", *in.ExportDate)
		if err != nil {
			p.Add("export_date", "field.date")
		}
		x.ExportDate = t
	}
	if in.RateDate != nil {
		x.RateDate = nil
		if *in.RateDate != nil && **in.RateDate != "" {
			t, err := time.Parse("2006-01-02", **in.RateDate)
			if err != nil {
				p.Add("rate_date", "field.date")
			}
			x.RateDate = &t
		}
	}
	if in.Version != nil {
		x.Version = *in.Version
	}
	return p.Err()
}

// ownSource is the source of a record an actor enters: an owner's is the
// enterprise's own report, whatever it says.
func ownSource(a siapekspor.Actor, s siapekspor.ExportSource) siapekspor.ExportSource {
	switch {
	case a.Role == siapekspor.RoleOwner:
		return siapekspor.SourceEnterprise
	case s == "":
		return siapekspor.SourceOfficer
	}
	return s
}

// CreateExport: POST /api/v1/exports.
func (h *Handlers) CreateExport(w http.ResponseWriter, r *http.Request) {
	var in exportInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	x := &siapekspor.ExportRecord{}
	if in.EnterpriseID != nil {
		x.EnterpriseID = *in.EnterpriseID
	}
	if err := in.apply(x); err != nil {
		h.Error(w, r, err)
		return
	}
	x.Source = ownSource(siapekspor.ActorFrom(r.Context()), x.Source)
	if err := h.Store.CreateExportRecord(r.Context(), x); err != nil {
		h.Error(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, x)
}

// UpdateExport: PATCH /api/v1/exports/{id} with version.
func (h *Handlers) UpdateExport(w http.ResponseWriter, r *http.Request) {
	id, in, ok := idAndInput[exportInput](h, w, r)
	if !ok {
		return
	}
	x, err := h.Store.ExportRecord(r.Context(), id)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	if in.Version == nil {
		h.Error(w, r, siapekspor.FieldInvalid("version", "field.required"))
		return
	}
	if err := in.apply(x); err != nil {
		h.Error(w, r, err)
		return
	}
	x.Source = ownSource(siapekspor.ActorFrom(r.Context()), x.Source)
	if err := h.Store.UpdateExportRecord(r.Context(), x); err != nil {
		h.Error(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, x)
}

// DeleteExport: DELETE /api/v1/exports/{id}.
func (h *Handlers) DeleteExport(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	_, unused, err := h.Store.DeleteExportRecord(r.Context(), id)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	for _, f := range unused {
		h.Documents.Remove(f)
	}
	w.WriteHeader(http.StatusNoContent)
}

// PutExportScan: PUT /api/v1/exports/{id}/scans/{doc} (invoice or peb),
// the body is the scan (PDF, JPEG, PNG or WebP).
func (h *Handlers) PutExportScan(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	rec, err := attachments.SaveExportScan(r.Context(), h.Store, h.Documents, id, r.PathValue("doc"), r.Body)
	h.respond(w, r, http.StatusOK, rec, err)
}

// GetExportScan: GET /api/v1/exports/{id}/scans/{doc}.
func (h *Handlers) GetExportScan(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	attachments.ServeExportScan(w, r, h.Store, h.Documents, id, r.PathValue("doc"), h.Error)
}

// DownloadExports: GET /api/v1/exports/export?format=csv|xlsx and the list's filters.
func (h *Handlers) DownloadExports(w http.ResponseWriter, r *http.Request) {
	format, ok := h.exportFormat(w, r, "ekspor")
	if !ok {
		return
	}
	if _, err := bulk.ExportExportRecords(r.Context(), h.Store, httpx.ExportFilterOf(r), format, w); err != nil {
		h.Log.ErrorContext(r.Context(), "export records download", "err", err)
	}
}

// ImportExports: POST /api/v1/exports/import — the file (CSV or XLSX) is
// the body; ?dry_run=1 checks it and stores nothing. All rows are stored
// (201) or, if any row has a problem, none (422, every problem by line).
func (h *Handlers) ImportExports(w http.ResponseWriter, r *http.Request) {
	h.importTable(w, r, bulk.ImportExportRecords)
}
