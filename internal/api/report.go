package api

import (
	"net/http"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/report"
)

// MonthlyReport: GET /api/v1/reports/monthly?month=2026-11 — the figures of
// the monthly report (the page's, PDF's and XLSX's) as JSON, within the
// reader's scope: the province, or a regency office's regency and its
// binaan. Without ?month= the current month so far. A month in the future,
// malformed, or before the first registered enterprise is a 422 naming
// "month".
func (h *Handlers) MonthlyReport(w http.ResponseWriter, r *http.Request) {
	month := r.URL.Query().Get("month")
	if month == "" {
		month = h.Store.Now().In(i18n.Zone).Format("2006-01")
	}
	if h.Province == "" {
		h.Error(w, r, siapekspor.FieldInvalid("province", "report.error.province"))
		return
	}
	rep, err := report.Make(r.Context(), h.Store, h.Province, month)
	h.respond(w, r, http.StatusOK, rep, err)
}
