package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/attachments"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/market"
)

// productInput is the writable part of a product (merge-patch semantics).
type productInput struct {
	EnterpriseID     *int64             `json:"enterprise_id"`
	NameID           *string            `json:"name_id"`
	NameEN           *string            `json:"name_en"`
	DescriptionID    *string            `json:"description_id"`
	DescriptionEN    *string            `json:"description_en"`
	HSCode           *string            `json:"hs_code"`
	Category         *siapekspor.Sector `json:"category"`
	Unit             *siapekspor.Unit   `json:"unit"`
	CapacityPerMonth *float64           `json:"capacity_per_month"`
	MinOrder         *float64           `json:"min_order"`
	PriceIDR         *int64             `json:"price_idr"`
	FOBUSDCents      *int64             `json:"fob_usd_cents"`
	Packaging        *string            `json:"packaging"`
	ShelfLifeDays    *int               `json:"shelf_life_days"`
	Storage          *string            `json:"storage"`
	Version          *int               `json:"version"`
}

func (in *productInput) apply(p *siapekspor.Product) {
	for _, f := range []struct {
		dst *string
		src *string
	}{{&p.NameID, in.NameID}, {&p.NameEN, in.NameEN}, {&p.DescriptionID, in.DescriptionID}, {&p.DescriptionEN, in.DescriptionEN},
		{&p.HSCode, in.HSCode}, {&p.Packaging, in.Packaging}, {&p.Storage, in.Storage}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if in.Category != nil {
		p.Category = *in.Category
	}
	if in.Unit != nil {
		p.Unit = *in.Unit
	}
	if in.CapacityPerMonth != nil {
		p.CapacityPerMonth = *in.CapacityPerMonth
	}
	if in.MinOrder != nil {
		p.MinOrder = *in.MinOrder
	}
	if in.PriceIDR != nil {
		p.PriceIDR = *in.PriceIDR
	}
	if in.FOBUSDCents != nil {
		p.FOBUSDCents = *in.FOBUSDCents
	}
	if in.ShelfLifeDays != nil {
		p.ShelfLifeDays = *in.ShelfLifeDays
	}
	if in.Version != nil {
		p.Version = *in.Version
	}
}

// ListProducts: GET /api/v1/products?enterprise_id=&validation=&hs_chapter=&regency=&limit=&offset=
func (h *Handlers) ListProducts(w http.ResponseWriter, r *http.Request) {
	page, err := h.Store.ListProducts(r.Context(), httpx.ProductFilterOf(r))
	h.respond(w, r, http.StatusOK, page, err)
}

// GetProduct: GET /api/v1/products/{id}.
func (h *Handlers) GetProduct(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	p, err := h.Store.Product(r.Context(), id)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	// The Indonesian export rules its HS code falls under travel with it.
	restrictions := market.Restrictions(p.HSCode)
	if restrictions == nil {
		restrictions = []market.Restriction{}
	}
	httpx.WriteJSON(w, http.StatusOK, struct {
		*siapekspor.Product
		ExportRestrictions []market.Restriction `json:"export_restrictions"`
	}{p, restrictions})
}

// CreateProduct: POST /api/v1/products with enterprise_id in the body.
func (h *Handlers) CreateProduct(w http.ResponseWriter, r *http.Request) {
	var in productInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	p := &siapekspor.Product{}
	if in.EnterpriseID != nil {
		p.EnterpriseID = *in.EnterpriseID
	}
	in.apply(p)
	if err := h.Store.CreateProduct(r.Context(), p); err != nil {
		h.Error(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, p)
}

// UpdateProduct: PATCH /api/v1/products/{id} with version.
func (h *Handlers) UpdateProduct(w http.ResponseWriter, r *http.Request) {
	id, in, ok := idAndInput[productInput](h, w, r)
	if !ok {
		return
	}
	p, err := h.Store.Product(r.Context(), id)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	if in.Version == nil {
		h.Error(w, r, siapekspor.FieldInvalid("version", "field.required"))
		return
	}
	in.apply(p)
	if err := h.Store.UpdateProduct(r.Context(), p); err != nil {
		h.Error(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, p)
}

// DeleteProduct: DELETE /api/v1/products/{id}.
func (h *Handlers) DeleteProduct(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	photos, err := h.Store.DeleteProduct(r.Context(), id)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	attachments.RemovePhotoFiles(r.Context(), h.Store, h.Photos, photos...)
	w.WriteHeader(http.StatusNoContent)
}

// AddPhoto: POST /api/v1/products/{id}/photos, the body is the image.
func (h *Handlers) AddPhoto(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	ph, err := attachments.SavePhoto(r.Context(), h.Store, h.Photos, id, r.Body)
	h.respond(w, r, http.StatusCreated, ph, err)
}

// DeletePhoto: DELETE /api/v1/products/{id}/photos/{photo}.
func (h *Handlers) DeletePhoto(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	photo, err := httpx.ID(r, "photo")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	ph, unused, err := h.Store.DeleteProductPhoto(r.Context(), id, photo)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	if unused {
		h.Photos.Remove(ph.Thumb)
		h.Photos.Remove(ph.Display)
	}
	w.WriteHeader(http.StatusNoContent)
}

// SubmitProduct: POST /api/v1/products/{id}/submit {"note": "…"}.
func (h *Handlers) SubmitProduct(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	var in struct {
		Note string `json:"note"`
	}
	if r.ContentLength != 0 {
		if err := httpx.DecodeJSON(w, r, &in); err != nil {
			h.Error(w, r, err)
			return
		}
	}
	if err := h.Store.SubmitProduct(r.Context(), id, in.Note); err != nil {
		h.Error(w, r, err)
		return
	}
	h.GetProduct(w, r)
}

// ReviewProduct: POST /api/v1/products/{id}/review {"points": {"quality": {"ok": false, "reason": "…"}, …}, "notes": "…"}.
func (h *Handlers) ReviewProduct(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	var in siapekspor.Review
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	status, err := h.Store.ReviewProduct(r.Context(), id, in)
	h.respond(w, r, http.StatusOK, map[string]any{"validation": status}, err)
}

// ValidationHistory: GET /api/v1/products/{id}/validations.
func (h *Handlers) ValidationHistory(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	events, err := h.Store.ValidationHistory(r.Context(), id)
	h.respond(w, r, http.StatusOK, map[string]any{"items": events}, err)
}

// ValidationQueue: GET /api/v1/validation/queue, oldest submission first.
func (h *Handlers) ValidationQueue(w http.ResponseWriter, r *http.Request) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	items, err := h.Store.ValidationQueue(r.Context(), limit)
	h.respond(w, r, http.StatusOK, map[string]any{"items": items}, err)
}

// certificateInput is the writable part of a certificate.
type certificateInput struct {
	EnterpriseID *int64                      `json:"enterprise_id"`
	ProductID    **int64                     `json:"product_id"`
	Type         *siapekspor.CertificateType `json:"type"`
	SelfDeclare  *bool                       `json:"self_declare"`
	Number       *string                     `json:"number"`
	Issuer       *string                     `json:"issuer"`
	IssuedOn     **string                    `json:"issued_on"`
	ExpiresOn    **string                    `json:"expires_on"`
	Notes        *string                     `json:"notes"`
	Version      *int                        `json:"version"`
}

func (in *certificateInput) apply(c *siapekspor.Certificate) error {
	var p siapekspor.Problems
	if in.ProductID != nil {
		c.ProductID = *in.ProductID
	}
	if in.Type != nil {
		c.Type = *in.Type
	}
	if in.SelfDeclare != nil {
		c.SelfDeclare = *in.SelfDeclare
	}
	if in.Number != nil {
		c.Number = *in.Number
	}
	if in.Issuer != nil {
		c.Issuer = *in.Issuer
	}
	if in.Notes != nil {
		c.Notes = *in.Notes
	}
	for _, d := range []struct {
		field string
		src   **string
		dst   **time.Time
	}{{"issued_on", in.IssuedOn, &c.IssuedOn}, {"expires_on", in.ExpiresOn, &c.ExpiresOn}} {
		if d.src == nil {
			continue
		}
		if *d.src == nil || **d.src == "" {
			*d.dst = nil
			continue
		}
		t, err := time.Parse("2006-01-02", **d.src)
		if err != nil {
			p.Add(d.field, "field.date")
			continue
		}
		*d.dst = &t
	}
	if in.Version != nil {
		c.Version = *in.Version
	}
	return p.Err()
}

// ListCertificates: GET /api/v1/certificates?enterprise_id=&product_id=&type=&expiring_days=
func (h *Handlers) ListCertificates(w http.ResponseWriter, r *http.Request) {
	items, err := h.Store.ListCertificates(r.Context(), h.CertificateFilterOf(r))
	h.respond(w, r, http.StatusOK, map[string]any{"items": items}, err)
}

// GetCertificate: GET /api/v1/certificates/{id}.
func (h *Handlers) GetCertificate(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	c, err := h.Store.Certificate(r.Context(), id)
	h.respond(w, r, http.StatusOK, c, err)
}

// CreateCertificate: POST /api/v1/certificates.
func (h *Handlers) CreateCertificate(w http.ResponseWriter, r *http.Request) {
	var in certificateInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	c := &siapekspor.Certificate{}
	if in.EnterpriseID != nil {
		c.EnterpriseID = *in.EnterpriseID
	}
	if err := in.apply(c); err != nil {
		h.Error(w, r, err)
		return
	}
	if err := h.Store.CreateCertificate(r.Context(), c); err != nil {
		h.Error(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, c)
}

// UpdateCertificate: PATCH /api/v1/certificates/{id} with version.
func (h *Handlers) UpdateCertificate(w http.ResponseWriter, r *http.Request) {
	id, in, ok := idAndInput[certificateInput](h, w, r)
	if !ok {
		return
	}
	c, err := h.Store.Certificate(r.Context(), id)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	if in.Version == nil {
		h.Error(w, r, siapekspor.FieldInvalid("version", "field.required"))
		return
	}
	if err := in.apply(c); err != nil {
		h.Error(w, r, err)
		return
	}
	if err := h.Store.UpdateCertificate(r.Context(), c); err != nil {
		h.Error(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, c)
}

// DeleteCertificate: DELETE /api/v1/certificates/{id}.
func (h *Handlers) DeleteCertificate(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	c, unused, err := h.Store.DeleteCertificate(r.Context(), id)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	if unused {
		h.Documents.Remove(c.Document)
	}
	w.WriteHeader(http.StatusNoContent)
}

// PutDocument: PUT /api/v1/certificates/{id}/document, the body is the
// scan (PDF, JPEG, PNG or WebP).
func (h *Handlers) PutDocument(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	c, err := attachments.SaveDocument(r.Context(), h.Store, h.Documents, id, r.Body)
	h.respond(w, r, http.StatusOK, c, err)
}

// GetDocument: GET /api/v1/certificates/{id}/document.
func (h *Handlers) GetDocument(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	attachments.ServeDocument(w, r, h.Store, h.Documents, id, h.Error)
}
