package api

import (
	"net/http"

	"github.com/siapekspor/siapekspor/internal/refdata"
)

// LoadBoundaries: POST /api/v1/boundaries?source=NAME with a GeoJSON
// FeatureCollection as the body (admins): a province's regencies or a
// regency's districts, loaded whole or not at all (422 with one field per
// problem, "features[3].properties.kode").
func (h *Handlers) LoadBoundaries(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, refdata.MaxBoundaryBytes+1)
	up, err := h.Store.LoadBoundariesFile(r.Context(), r.Body, r.URL.Query().Get("source"), h.Province)
	if err != nil {
		h.respond(w, r, 0, nil, err)
		return
	}
	codes := make([]string, len(up.Boundaries))
	for i, b := range up.Boundaries {
		codes[i] = b.Region.Code
	}
	h.respond(w, r, http.StatusOK, map[string]any{"parent": up.Parent.Code, "regions": codes}, nil)
}
