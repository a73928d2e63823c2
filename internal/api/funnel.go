package api

import (
	"net/http"
	"strconv"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/store"
)

// Funnel: GET /api/v1/funnel — the funnel of the enterprises the registry
// list's filters select within the reader's scope, as of the end of ?year=,
// broken down ?by=, and the targets measured (docs/funnel.md).
func (h *Handlers) Funnel(w http.ResponseWriter, r *http.Request) {
	fq, err := httpx.ParseFunnelQuery(r.URL.Query(), h.Store.Now())
	if err != nil {
		h.Error(w, r, err)
		return
	}
	if h.Province != "" {
		fq.Filter.ProvinceCode = h.Province
	}
	rep, err := h.Store.FunnelReport(r.Context(), fq)
	h.respond(w, r, http.StatusOK, rep, err)
}

// targetFilter reads ?region=, ?year=, ?population=.
func targetFilter(r *http.Request) store.TargetFilter {
	q := r.URL.Query()
	year, _ := strconv.Atoi(q.Get("year"))
	return store.TargetFilter{RegionCode: q.Get("region"), Year: year, Population: siapekspor.TargetPopulation(q.Get("population"))}
}

// ListTargets: GET /api/v1/targets — the current targets, each measured
// within the reader's scope (a regency office sees its regency's).
func (h *Handlers) ListTargets(w http.ResponseWriter, r *http.Request) {
	ts, err := h.Store.Targets(r.Context(), targetFilter(r))
	if err != nil {
		h.Error(w, r, err)
		return
	}
	out := []*store.TargetProgress{}
	scope := siapekspor.ScopeOf(siapekspor.ActorFrom(r.Context()))
	for _, t := range ts {
		if !scope.All && !inRegion(t.RegionCode, scope.RegionCode) {
			continue
		}
		p, err := h.Store.MeasureTarget(r.Context(), t)
		if err != nil {
			h.Error(w, r, err)
			return
		}
		out = append(out, p)
	}
	h.respond(w, r, http.StatusOK, map[string]any{"items": out}, nil)
}

// inRegion reports whether code is region or lies in it.
func inRegion(code, region string) bool {
	return region != "" && (code == region || len(code) > len(region) && code[:len(region)+1] == region+".")
}

// TargetHistory: GET /api/v1/targets/history — every version, newest first.
func (h *Handlers) TargetHistory(w http.ResponseWriter, r *http.Request) {
	v, err := items(h.Store.TargetHistory(r.Context(), targetFilter(r)))
	h.respond(w, r, http.StatusOK, v, err)
}

// SaveTarget: POST /api/v1/targets — a new version of a target (admins);
// "removed": true withdraws the current one.
func (h *Handlers) SaveTarget(w http.ResponseWriter, r *http.Request) {
	var t siapekspor.Target
	if err := httpx.DecodeJSON(w, r, &t); err != nil {
		h.Error(w, r, err)
		return
	}
	t.ID, t.By = 0, ""
	err := h.Store.SaveTarget(r.Context(), &t, h.Province)
	h.respond(w, r, http.StatusCreated, &t, err)
}
