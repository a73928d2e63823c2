package api

import (
	"net/http"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/match"
	"github.com/siapekspor/siapekspor/internal/store"
)

// requestInput is the writable part of a request; a PATCH decodes over the
// stored request's, so fields not given stay as they are.
type requestInput struct {
	Kind             siapekspor.RequestKind       `json:"kind"`
	OrgID            int64                        `json:"org_id"`
	Title            string                       `json:"title"`
	HSCode           string                       `json:"hs_code"`
	Words            string                       `json:"words"`
	KBLI             string                       `json:"kbli"`
	Quantity         float64                      `json:"quantity"`
	Unit             siapekspor.Unit              `json:"unit"`
	Frequency        string                       `json:"frequency"`
	Destination      string                       `json:"destination"`
	Incoterm         string                       `json:"incoterm"`
	TargetPrice      float64                      `json:"target_price"`
	Currency         string                       `json:"currency"`
	Budget           int64                        `json:"budget"`
	DeliveryRegion   string                       `json:"delivery_region"`
	LocalFirst       string                       `json:"local_first"`
	Certificates     []siapekspor.CertificateType `json:"certificates"`
	SampleNeeded     bool                         `json:"sample_needed"`
	RequireValidated bool                         `json:"require_validated"`
	MinCapacityPct   float64                      `json:"min_capacity_pct"`
	Deadline         siapekspor.Date              `json:"deadline"`
	DeliveryDate     siapekspor.Date              `json:"delivery_date"`
	Status           siapekspor.RequestStatus     `json:"status"`
	Visibility       siapekspor.RequestVisibility `json:"visibility"`
	Notes            string                       `json:"notes"`
	Version          int                          `json:"version"`
}

func inputOf(q *siapekspor.BuyingRequest) requestInput {
	return requestInput{Kind: q.Kind, OrgID: q.OrgID, Title: q.Title, HSCode: q.HSCode, Words: q.Words, KBLI: q.KBLI, Quantity: q.Quantity,
		Unit: q.Unit, Frequency: q.Frequency, Destination: q.Destination, Incoterm: q.Incoterm, TargetPrice: q.TargetPrice,
		Currency: q.Currency, Budget: q.Budget, DeliveryRegion: q.DeliveryRegion, LocalFirst: q.LocalFirst, Certificates: q.Certificates,
		SampleNeeded: q.SampleNeeded, RequireValidated: q.RequireValidated, MinCapacityPct: q.MinCapacityPct,
		Deadline: siapekspor.DateOf(q.Deadline), DeliveryDate: siapekspor.DateOf(q.DeliveryDate), Status: q.Status,
		Visibility: q.Visibility, Notes: q.Notes, Version: q.Version}
}

func (in *requestInput) request(id int64) *siapekspor.BuyingRequest {
	return &siapekspor.BuyingRequest{ID: id, Kind: in.Kind, OrgID: in.OrgID, Title: in.Title, HSCode: in.HSCode, Words: in.Words, KBLI: in.KBLI,
		Quantity: in.Quantity, Unit: in.Unit, Frequency: in.Frequency, Destination: in.Destination, Incoterm: in.Incoterm,
		TargetPrice: in.TargetPrice, Currency: in.Currency, Budget: in.Budget, DeliveryRegion: in.DeliveryRegion, LocalFirst: in.LocalFirst,
		Certificates: in.Certificates, SampleNeeded: in.SampleNeeded, RequireValidated: in.RequireValidated, MinCapacityPct: in.MinCapacityPct,
		Deadline: in.Deadline.Time(), DeliveryDate: in.DeliveryDate.Time(), Status: in.Status, Visibility: in.Visibility, Notes: in.Notes,
		Version: in.Version}
}

// ListRequests: GET /api/v1/requests?kind=&status=&org_id=&q=&hs=&limit=&offset=
func (h *Handlers) ListRequests(w http.ResponseWriter, r *http.Request) {
	page, err := h.Store.ListRequests(r.Context(), httpx.RequestFilterOf(r))
	h.respond(w, r, http.StatusOK, page, err)
}

// GetRequest: GET /api/v1/requests/{id}.
func (h *Handlers) GetRequest(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	q, err := h.Store.BuyingRequest(r.Context(), id)
	h.respond(w, r, http.StatusOK, q, err)
}

// CreateRequest: POST /api/v1/requests. Certificates left out are
// pre-filled from the requirements catalogue; [] keeps none.
func (h *Handlers) CreateRequest(w http.ResponseWriter, r *http.Request) {
	var in requestInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	q := in.request(0)
	err := h.Store.CreateRequest(r.Context(), q)
	h.respond(w, r, http.StatusCreated, q, err)
}

// UpdateRequest: PATCH /api/v1/requests/{id} with version.
func (h *Handlers) UpdateRequest(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	q, err := h.Store.BuyingRequest(r.Context(), id)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	in := inputOf(q)
	in.Version = 0
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	if in.Version == 0 {
		h.Error(w, r, siapekspor.Problems{{Field: "version", Key: "field.required"}}.Err())
		return
	}
	next := in.request(id)
	err = h.Store.UpdateRequest(r.Context(), next)
	h.respond(w, r, http.StatusOK, next, err)
}

// DeleteRequest: DELETE /api/v1/requests/{id} (drafts only).
func (h *Handlers) DeleteRequest(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	if err := h.Store.DeleteRequest(r.Context(), id); err != nil {
		h.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// ExportRequests: GET /api/v1/requests/export?format=csv|xlsx and the list's filters.
func (h *Handlers) ExportRequests(w http.ResponseWriter, r *http.Request) {
	if _, err := h.Store.ListRequests(r.Context(), store.RequestFilter{Limit: 1}); err != nil {
		h.Error(w, r, err)
		return
	}
	format, ok := h.exportFormat(w, r, "requests")
	if !ok {
		return
	}
	if _, err := bulk.ExportRequests(r.Context(), h.Store, httpx.RequestFilterOf(r), format, w); err != nil {
		h.Log.ErrorContext(r.Context(), "export requests", "err", err)
	}
}

// ImportRequests: POST /api/v1/requests/import — the file (CSV or XLSX) is
// the body; ?dry_run=1 checks it only; ?sheet=. All rows are stored (201)
// or none (422, every problem with its line and column).
func (h *Handlers) ImportRequests(w http.ResponseWriter, r *http.Request) {
	h.importTable(w, r, bulk.ImportRequests)
}

// RequestMatches: GET /api/v1/requests/{id}/matches — the ranking, factor by factor, with
// near misses and each listed product's public profile.
func (h *Handlers) RequestMatches(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	m, err := h.Store.MatchRequest(r.Context(), id, httpx.MatchOptionsOf(r))
	h.respond(w, r, http.StatusOK, m, err)
}

// GetMatchWeights: GET /api/v1/matches/weights — both kinds' weights.
func (h *Handlers) GetMatchWeights(w http.ResponseWriter, r *http.Request) {
	v, err := h.Store.MatchWeights(r.Context())
	h.respond(w, r, http.StatusOK, v, err)
}

// PutMatchWeights: PUT /api/v1/matches/weights {"kind": "buying", "weights": {...}} (admins).
func (h *Handlers) PutMatchWeights(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Kind    siapekspor.RequestKind `json:"kind"`
		Weights match.Weights          `json:"weights"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	err := h.Store.SetMatchWeights(r.Context(), in.Kind, in.Weights)
	h.respond(w, r, http.StatusOK, in, err)
}
