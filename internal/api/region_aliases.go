package api

import (
	"net/http"

	"github.com/siapekspor/siapekspor/internal/httpx"
)

// ListRegionAliases: GET /api/v1/region-aliases[?within=18] — the other
// names of regions the importer reads.
func (h *Handlers) ListRegionAliases(w http.ResponseWriter, r *http.Request) {
	v, err := items(h.Store.RegionAliases(r.Context(), r.URL.Query().Get("within")))
	h.respond(w, r, http.StatusOK, v, err)
}

// CreateRegionAlias: POST /api/v1/region-aliases {"code", "alias"} (admins).
func (h *Handlers) CreateRegionAlias(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Code  string `json:"code"`
		Alias string `json:"alias"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	v, err := h.Store.AddRegionAlias(r.Context(), in.Code, in.Alias)
	h.respond(w, r, http.StatusCreated, v, err)
}

// DeleteRegionAlias: DELETE /api/v1/region-aliases/{id} (admins).
func (h *Handlers) DeleteRegionAlias(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err == nil {
		err = h.Store.RemoveRegionAlias(r.Context(), id)
	}
	h.respond(w, r, http.StatusNoContent, nil, err)
}
