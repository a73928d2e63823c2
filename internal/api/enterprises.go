package api

import (
	"net/http"
	"strconv"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/httpx"
)

// ListEnterprises: GET /api/v1/enterprises with the registry's filters and
// cursor pagination (?after=<next from the previous page>&limit=).
func (h *Handlers) ListEnterprises(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := httpx.ParseEnterpriseFilter(q)
	if h.Province != "" && f.ProvinceCode == "" {
		f.ProvinceCode = h.Province
	}
	f.After = q.Get("after")
	f.Limit, _ = strconv.Atoi(q.Get("limit"))
	page, err := h.Enterprises.ListEnterprises(r.Context(), f)
	h.respond(w, r, http.StatusOK, page, err)
}

// GetEnterprise: GET /api/v1/enterprises/{id}.
func (h *Handlers) GetEnterprise(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	e, err := h.Enterprises.Enterprise(r.Context(), id)
	h.respond(w, r, http.StatusOK, e, err)
}

// enterpriseInput is the writable part of an enterprise; derived fields,
// timestamps and names are not accepted from clients.
type enterpriseInput struct {
	Name           *string                    `json:"name"`
	Kind           *siapekspor.EnterpriseKind `json:"kind"`
	LegalForm      *siapekspor.LegalForm      `json:"legal_form"`
	NIB            *string                    `json:"nib"`
	NPWP           *string                    `json:"npwp"`
	KBLI           *[]siapekspor.KBLICode     `json:"kbli"`
	OwnerName      *string                    `json:"owner_name"`
	OwnerNIK       *string                    `json:"owner_nik"`
	Phone          *string                    `json:"phone"`
	Email          *string                    `json:"email"`
	Address        *string                    `json:"address"`
	ProvinceCode   *string                    `json:"province_code"`
	RegencyCode    *string                    `json:"regency_code"`
	DistrictCode   *string                    `json:"district_code"`
	VillageCode    *string                    `json:"village_code"`
	Lat            **float64                  `json:"lat"`
	Lng            **float64                  `json:"lng"`
	Sector         *siapekspor.Sector         `json:"sector"`
	FoundedYear    *int                       `json:"founded_year"`
	Workers        *int                       `json:"workers"`
	Capital        *int64                     `json:"capital"`
	AnnualTurnover *int64                     `json:"annual_turnover"`
	BinaanOrgID    **int64                    `json:"binaan_org_id"`
	ExportStatus   *siapekspor.ExportStatus   `json:"export_status"`
	MainProducts   *string                    `json:"main_products"`
	Notes          *string                    `json:"notes"`
	// Version must be sent on PATCH: the update is refused if someone else
	// changed the enterprise since it was read.
	Version *int `json:"version"`
}

// apply copies the fields present in the request onto e (JSON merge-patch
// semantics: absent fields stay as they are, null clears optional ones).
func (in *enterpriseInput) apply(e *siapekspor.Enterprise) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&e.Name, in.Name)
	set(&e.NIB, in.NIB)
	set(&e.NPWP, in.NPWP)
	set(&e.OwnerName, in.OwnerName)
	set(&e.OwnerNIK, in.OwnerNIK)
	set(&e.Phone, in.Phone)
	set(&e.Email, in.Email)
	set(&e.Address, in.Address)
	set(&e.ProvinceCode, in.ProvinceCode)
	set(&e.RegencyCode, in.RegencyCode)
	set(&e.DistrictCode, in.DistrictCode)
	set(&e.VillageCode, in.VillageCode)
	set(&e.MainProducts, in.MainProducts)
	set(&e.Notes, in.Notes)
	if in.Kind != nil {
		e.Kind = *in.Kind
	}
	if in.LegalForm != nil {
		e.LegalForm = *in.LegalForm
	}
	if in.KBLI != nil {
		e.KBLI = *in.KBLI
	}
	if in.Lat != nil {
		e.Lat = *in.Lat
	}
	if in.Lng != nil {
		e.Lng = *in.Lng
	}
	if in.Sector != nil {
		e.Sector = *in.Sector
	}
	if in.FoundedYear != nil {
		e.FoundedYear = *in.FoundedYear
	}
	if in.Workers != nil {
		e.Workers = *in.Workers
	}
	if in.Capital != nil {
		e.Capital = *in.Capital
	}
	if in.AnnualTurnover != nil {
		e.AnnualTurnover = *in.AnnualTurnover
	}
	if in.BinaanOrgID != nil {
		e.BinaanOrgID = *in.BinaanOrgID
	}
	if in.ExportStatus != nil {
		e.ExportStatus = *in.ExportStatus
	}
	if in.Version != nil {
		e.Version = *in.Version
	}
}

// CreateEnterprise: POST /api/v1/enterprises.
func (h *Handlers) CreateEnterprise(w http.ResponseWriter, r *http.Request) {
	var in enterpriseInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	e := &siapekspor.Enterprise{LegalForm: siapekspor.LegalPerorangan}
	in.apply(e)
	if err := h.Enterprises.CreateEnterprise(r.Context(), e); err != nil {
		h.Error(w, r, err)
		return
	}
	created, err := h.Enterprises.Enterprise(r.Context(), e.ID)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/enterprises/"+strconv.FormatInt(e.ID, 10))
	httpx.WriteJSON(w, http.StatusCreated, created)
}

// UpdateEnterprise: PATCH /api/v1/enterprises/{id}.
func (h *Handlers) UpdateEnterprise(w http.ResponseWriter, r *http.Request) {
	id, in, ok := idAndInput[enterpriseInput](h, w, r)
	if !ok {
		return
	}
	if in.Version == nil {
		h.Error(w, r, siapekspor.FieldInvalid("version", "field.required"))
		return
	}
	e, err := h.Enterprises.Enterprise(r.Context(), id)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	in.apply(e)
	if err := h.Enterprises.UpdateEnterprise(r.Context(), e); err != nil {
		h.Error(w, r, err)
		return
	}
	updated, err := h.Enterprises.Enterprise(r.Context(), id)
	h.respond(w, r, http.StatusOK, updated, err)
}

// DeleteEnterprise: DELETE /api/v1/enterprises/{id}.
func (h *Handlers) DeleteEnterprise(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	if err := h.Enterprises.DeleteEnterprise(r.Context(), id); err != nil {
		h.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
