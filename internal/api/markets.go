package api

import (
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/exportstats"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/trade"
	"github.com/siapekspor/siapekspor/internal/tradeload"
)

// The destination markets API: rankings, country pages, the requirements
// catalogue and gaps, export restrictions, trade data and export statistics.

// fileName is ?name= or a name made from the time of the upload.
func fileName(r *http.Request, prefix string) string {
	if n := strings.TrimSpace(r.URL.Query().Get("name")); n != "" {
		return n
	}
	return prefix + "-" + time.Now().UTC().Format("20060102-150405")
}

// tradeProblemJSON is a trade or requirements file problem with its message.
type tradeProblemJSON struct {
	trade.Problem
	Message string `json:"message"`
}

func tradeProblems(r *http.Request, ps trade.Problems) []tradeProblemJSON {
	p := i18n.Printer{Lang: httpx.Lang(r, i18n.ID)}
	out := make([]tradeProblemJSON, len(ps))
	for i, pr := range ps {
		out[i] = tradeProblemJSON{Problem: pr, Message: pr.Format(p.T)}
	}
	return out
}

// MarketRanking: GET /api/v1/markets/products/{hs} — every destination of
// a product, scored factor by factor.
func (h *Handlers) MarketRanking(w http.ResponseWriter, r *http.Request) {
	req, err := httpx.ParseRankRequest(r.URL.Query(), r.PathValue("hs"))
	var res *store.MarketRanking
	if err == nil {
		res, err = h.Store.Ranking(r.Context(), req)
	}
	h.respond(w, r, http.StatusOK, res, err)
}

// MarketCountry: GET /api/v1/markets/countries/{iso3} — what a country buys
// of what the province makes, and what it requires.
func (h *Handlers) MarketCountry(w http.ResponseWriter, r *http.Request) {
	v, err := h.Store.CountryMarket(r.Context(), r.PathValue("iso3"))
	h.respond(w, r, http.StatusOK, v, err)
}

// MarketGap: GET /api/v1/markets/gap/{iso3}?hs=|product=[&enterprise=] —
// the destination's requirements against the enterprise's valid certificates.
func (h *Handlers) MarketGap(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	productID, enterpriseID, err := httpx.ParseFitSubject(q)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	v, err := h.Store.Gap(r.Context(), r.PathValue("iso3"), q.Get("hs"), productID, enterpriseID)
	h.respond(w, r, http.StatusOK, v, err)
}

// MarketRestrictions: GET /api/v1/markets/restrictions[?hs=] — Indonesian
// export restrictions, all or those covering a code.
func (h *Handlers) MarketRestrictions(w http.ResponseWriter, r *http.Request) {
	if hs := r.URL.Query().Get("hs"); hs != "" {
		v, err := items(market.Restrictions(hs), nil)
		h.respond(w, r, http.StatusOK, v, err)
		return
	}
	v, err := items(market.ShippedRestrictions())
	h.respond(w, r, http.StatusOK, v, err)
}

// ListRequirements: GET /api/v1/markets/requirements[?destination=].
func (h *Handlers) ListRequirements(w http.ResponseWriter, r *http.Request) {
	v, err := items(h.Store.Requirements(r.Context(), strings.ToUpper(r.URL.Query().Get("destination"))))
	h.respond(w, r, http.StatusOK, v, err)
}

// GetRequirement: GET /api/v1/markets/requirements/{id}.
func (h *Handlers) GetRequirement(w http.ResponseWriter, r *http.Request) {
	v, err := h.Store.Requirement(r.Context(), r.PathValue("id"))
	h.respond(w, r, http.StatusOK, v, err)
}

// CreateRequirement: POST /api/v1/markets/requirements {requirement}.
func (h *Handlers) CreateRequirement(w http.ResponseWriter, r *http.Request) {
	var in market.Requirement
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	v, err := h.Store.SaveRequirement(r.Context(), &in, 0)
	h.respond(w, r, http.StatusCreated, v, err)
}

// UpdateRequirement: PUT /api/v1/markets/requirements/{id} — the whole
// entry as GET gives it, at the version last read (shipped and updated_by
// are the server's and are ignored).
func (h *Handlers) UpdateRequirement(w http.ResponseWriter, r *http.Request) {
	var in store.RequirementRecord
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	if in.Version <= 0 {
		h.Error(w, r, siapekspor.FieldInvalid("version", "field.required"))
		return
	}
	in.ID = r.PathValue("id")
	v, err := h.Store.SaveRequirement(r.Context(), &in.Requirement, in.Version)
	h.respond(w, r, http.StatusOK, v, err)
}

// DeleteRequirement: DELETE /api/v1/markets/requirements/{id}.
func (h *Handlers) DeleteRequirement(w http.ResponseWriter, r *http.Request) {
	h.respond(w, r, http.StatusNoContent, nil, h.Store.DeleteRequirement(r.Context(), r.PathValue("id")))
}

// ImportRequirements: POST /api/v1/markets/requirements/import — a JSON or
// CSV file as the body (?name= names it). All entries are stored (200), or
// none with every problem by line (422).
func (h *Handlers) ImportRequirements(w http.ResponseWriter, r *http.Request) {
	tmp, _, ok := h.spool(w, r)
	if !ok {
		return
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	name := fileName(r, "requirements")
	reqs, problems, err := market.LoadRequirements(tmp, name)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	if len(problems) > 0 {
		httpx.WriteJSON(w, http.StatusUnprocessableEntity, map[string]any{"imported": 0, "problems": tradeProblems(r, problems)})
		return
	}
	if err := h.Store.ImportRequirements(r.Context(), reqs); err != nil {
		h.Error(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"imported": len(reqs), "problems": []tradeProblemJSON{}})
}

// TradeLoads: GET /api/v1/markets/trade/loads — what trade data is held.
func (h *Handlers) TradeLoads(w http.ResponseWriter, r *http.Request) {
	v, err := items(h.Store.TradeLoads(r.Context()))
	h.respond(w, r, http.StatusOK, v, err)
}

// LoadTrade: POST /api/v1/markets/trade?format=baci|comtrade[&edition=HS17]
// [&accept_problems=1][&dry_run=1][&name=] — a trade file as the body. A
// file with problems (unknown codes, bad numbers) loads nothing unless
// accept_problems is set (422 with every problem by line); a file in the
// wrong format never loads.
func (h *Handlers) LoadTrade(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	req := tradeload.TradeRequest{Format: q.Get("format"), AcceptProblems: httpx.Flag(r, "accept_problems"), DryRun: httpx.Flag(r, "dry_run")}
	if s := q.Get("edition"); s != "" {
		ed, ok := trade.ParseEdition(s)
		if !ok {
			h.Error(w, r, siapekspor.FieldInvalid("edition", "trade.no_edition"))
			return
		}
		req.Edition = ed
	}
	tmp, _, ok := h.spool(w, r)
	if !ok {
		return
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	req.File, req.FileName = tmp, fileName(r, "trade")
	rep, err := tradeload.LoadTrade(r.Context(), h.Store, req)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	status := http.StatusOK
	switch {
	case rep.Refused:
		status = http.StatusUnprocessableEntity
	case rep.Loaded:
		status = http.StatusCreated
	}
	httpx.WriteJSON(w, status, map[string]any{"file_name": rep.FileName, "format": rep.Format, "sha256": rep.SHA256, "rows": rep.Rows,
		"skipped": rep.Skipped, "years": rep.Years, "loaded": rep.Loaded, "refused": rep.Refused, "problems": tradeProblems(r, rep.Problems)})
}

// GetMarketWeights: GET /api/v1/markets/weights.
func (h *Handlers) GetMarketWeights(w http.ResponseWriter, r *http.Request) {
	v, err := h.Store.MarketWeights(r.Context())
	h.respond(w, r, http.StatusOK, v, err)
}

// PutMarketWeights: PUT /api/v1/markets/weights {"demand_size": 30, …}.
func (h *Handlers) PutMarketWeights(w http.ResponseWriter, r *http.Request) {
	var in market.Weights
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	err := h.Store.SetMarketWeights(r.Context(), in)
	h.respond(w, r, http.StatusOK, in, err)
}

// ListStatistics: GET /api/v1/markets/statistics — the uploaded tables.
func (h *Handlers) ListStatistics(w http.ResponseWriter, r *http.Request) {
	v, err := items(h.Store.StatLoads(r.Context()))
	h.respond(w, r, http.StatusOK, v, err)
}

// statisticsJSON is one table with the figures its page shows.
type statisticsJSON struct {
	Load            *store.StatLoad     `json:"load"`
	Monthly         []exportstats.Point `json:"monthly"`
	TopCommodities  exportstats.Ranking `json:"top_commodities"`  // the latest year to date
	TopDestinations exportstats.Ranking `json:"top_destinations"` // the latest year to date
	Rows            []exportstats.Row   `json:"rows"`
}

// GetStatistics: GET /api/v1/markets/statistics/{id} — a table's rows, its
// monthly total and its top tens of the latest year to date.
func (h *Handlers) GetStatistics(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	load, rows, err := h.Store.StatLoad(r.Context(), id)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	out := statisticsJSON{Load: load, Monthly: exportstats.MonthlyTotal(rows), Rows: rows}
	if _, to, ok := exportstats.Span(rows); ok {
		ytd := exportstats.YearToDate(to.Year, to.Month)
		if load.HasCommodity {
			out.TopCommodities = exportstats.TopCommodities(rows, ytd, 10)
		}
		if load.HasDestination {
			out.TopDestinations = exportstats.TopDestinations(rows, ytd, 10)
		}
	}
	if out.Rows == nil {
		out.Rows = []exportstats.Row{}
	}
	httpx.WriteJSON(w, http.StatusOK, out)
}

// UploadStatistics: POST /api/v1/markets/statistics[?dry_run=1][&name=] — a
// BPS-style CSV or XLSX table as the body. Stored whole (201), or refused
// with every problem by line (422); totals that do not add up are warnings.
func (h *Handlers) UploadStatistics(w http.ResponseWriter, r *http.Request) {
	tmp, n, ok := h.spool(w, r)
	if !ok {
		return
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	rep, err := tradeload.ImportExportStats(r.Context(), h.Store, tmp, n, fileName(r, "statistik"), h.Province, httpx.Flag(r, "dry_run"))
	if err != nil {
		h.Error(w, r, err)
		return
	}
	l := httpx.Lang(r, i18n.ID)
	status := http.StatusOK
	switch {
	case !rep.OK():
		status = http.StatusUnprocessableEntity
	case rep.Load != nil:
		status = http.StatusCreated
	}
	httpx.WriteJSON(w, status, map[string]any{"load": rep.Load, "rows": len(rep.Rows), "format": rep.Format, "sha256": rep.SHA256,
		"columns": rep.Columns, "totals": rep.Totals, "problems": problemsJSON(l, rep.Problems), "warnings": problemsJSON(l, rep.Warnings)})
}

// DeleteStatistics: DELETE /api/v1/markets/statistics/{id}.
func (h *Handlers) DeleteStatistics(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err == nil {
		err = h.Store.DeleteStatLoad(r.Context(), id)
	}
	h.respond(w, r, http.StatusNoContent, nil, err)
}
