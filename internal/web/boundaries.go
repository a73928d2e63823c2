package web

import (
	"net/http"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
)

// Boundaries an admin loads for the map (a province's regencies, a
// regency's districts): the loaded sets and the upload form.

type boundariesData struct {
	Sets       []boundarySetView
	MaxMB      int
	Properties []string
}

type boundarySetView struct {
	store.BoundarySet
	Name string
}

// Boundaries lists the loaded boundaries with the form to load a file.
func (h *Handlers) Boundaries(w http.ResponseWriter, r *http.Request) {
	h.renderBoundaries(w, r, http.StatusOK, nil)
}

// BoundariesLoad loads an uploaded GeoJSON file, whole or not at all.
func (h *Handlers) BoundariesLoad(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, refdata.MaxBoundaryBytes+1<<20)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		h.renderBoundaries(w, r, http.StatusUnprocessableEntity, siapekspor.FieldInvalid("file", "boundary.no_file", refdata.MaxBoundaryBytes>>20))
		return
	}
	defer file.Close()
	up, err := h.Store.LoadBoundariesFile(r.Context(), file, hdr.Filename, h.Province)
	if err == nil {
		FlashCount(w, r, "boundary.loaded", len(up.Boundaries), "/regions/boundaries")
		return
	}
	if de, ok := siapekspor.AsError(err); ok && de.Code == siapekspor.EInvalid {
		h.renderBoundaries(w, r, http.StatusUnprocessableEntity, de)
		return
	}
	h.R.Error(w, r, err)
}

func (h *Handlers) renderBoundaries(w http.ResponseWriter, r *http.Request, status int, formErr *siapekspor.Error) {
	sets, err := h.Store.BoundarySets(r.Context())
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p := NewPage(r, "boundary.title", "boundaries")
	if formErr != nil {
		p.SetError(formErr)
	}
	d := boundariesData{MaxMB: refdata.MaxBoundaryBytes >> 20, Properties: refdata.CodeProperties}
	ix := refdata.DefaultRegionIndex()
	for _, s := range sets {
		v := boundarySetView{BoundarySet: s}
		if reg, ok := ix.ByCode(s.Parent); ok {
			v.Name = reg.Name
		}
		d.Sets = append(d.Sets, v)
	}
	p.Data = d
	h.R.Render(w, r, status, "boundaries", p)
}
