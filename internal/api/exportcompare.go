package api

import (
	"net/http"

	"github.com/siapekspor/siapekspor/internal/exportcompare"
	"github.com/siapekspor/siapekspor/internal/httpx"
)

// CompareExports: GET /api/v1/exports/compare — the export records in
// your scope beside the BPS statistics, by month, destination and
// commodity (issue 18 item 5); each records figure carries the query of
// /api/v1/exports (and /exports) that lists the records behind it.
func (h *Handlers) CompareExports(w http.ResponseWriter, r *http.Request) {
	f, err := httpx.ParseComparison(r.Context(), h.Store, r.URL.Query(), h.Province)
	var c *exportcompare.Comparison
	if err == nil {
		c, err = h.Store.ExportComparison(r.Context(), h.Province, f)
	}
	h.respond(w, r, http.StatusOK, c, err)
}
