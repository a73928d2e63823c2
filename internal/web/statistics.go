package web

import (
	"errors"
	"math"
	"net/http"
	"slices"
	"strconv"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/exportstats"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/tradeload"
)

// statisticsData is the export statistics page of one table.
type statisticsData struct {
	Loads    []store.StatLoad
	Load     *store.StatLoad
	Headline string
	Month    exportstats.Ranking // the latest month against the same month a year before
	Year     exportstats.Ranking // the year to date, by commodity
	DestYear exportstats.Ranking // the year to date, by destination
	Monthly  exportstats.Chart
	// CommodityTime and DestTime: the largest five and the rest, by month.
	CommodityTime exportstats.Chart
	DestTime      exportstats.Chart
	Commodity     exportstats.Chart
	Dest          exportstats.Chart
	Series        []exportstats.Point
	Report        *tradeload.StatsReport
	Lines         []string
	Warnings      []string
	CanLoad       bool
	MaxMB         int64
}

// Statistics shows the province's exports from an uploaded BPS-style
// table (?load=, the newest by default): the release's headline, the
// monthly series and the top ten commodities and destinations.
func (h *Handlers) Statistics(w http.ResponseWriter, r *http.Request) {
	h.renderStatistics(w, r, http.StatusOK, nil, nil)
}

func (h *Handlers) renderStatistics(w http.ResponseWriter, r *http.Request, status int, rep *tradeload.StatsReport, err error) {
	ctx := r.Context()
	p := NewPage(r, "exportstats.title", "markets")
	p.Charts = true
	if de, ok := siapekspor.AsError(err); ok {
		p.SetError(de)
	}
	d := statisticsData{Report: rep, CanLoad: siapekspor.Can(p.Actor, siapekspor.PermStatsLoad), MaxMB: h.MaxUpload >> 20}
	if rep != nil {
		for _, pr := range rep.Problems {
			d.Lines = append(d.Lines, bulk.ProblemText(p.Lang, pr))
		}
		for _, pr := range rep.Warnings {
			d.Warnings = append(d.Warnings, bulk.ProblemText(p.Lang, pr))
		}
	}
	var lerr error
	if d.Loads, lerr = h.Store.StatLoads(ctx); lerr != nil {
		h.R.Error(w, r, lerr)
		return
	}
	id, _ := strconv.ParseInt(r.URL.Query().Get("load"), 10, 64)
	if rep != nil && rep.Load != nil {
		id = rep.Load.ID
	}
	if id == 0 && len(d.Loads) > 0 {
		id = d.Loads[0].ID
	}
	if id != 0 {
		load, figures, err := h.Store.StatFigures(ctx, id)
		if err != nil {
			h.R.Error(w, r, err)
			return
		}
		d.Load = load
		h.fillStatistics(&d, p, figures)
	}
	p.Data = d
	h.R.Render(w, r, status, "statistics", p)
}

// fillStatistics makes the page's figures from a table's stored figures
// (computed from its rows when it was stored: exportstats.PageFigures), in
// the page's language.
func (h *Handlers) fillStatistics(d *statisticsData, p *Page, f *exportstats.Figures) {
	if f == nil {
		return
	}
	lang := string(p.Lang)
	from, to := f.From, f.To
	d.Series = f.Monthly
	series := []exportstats.Series{exportstats.TotalSeries(d.Series, p.P.T("exportstats.all_exports"))}
	d.Monthly = exportstats.MonthlyChart(series, from, to, lang)
	month := exportstats.MonthPeriod(to.Year, to.Month)
	d.Month = f.Month
	d.Year = f.Year
	rest := p.P.T("exportstats.rest")
	overTime := func(series []exportstats.Series) exportstats.Chart {
		for i := range series {
			if series[i].Other { // the rest, which TopSeries adds last
				series[i].Name = rest
			}
		}
		c := exportstats.MonthlyChart(series, from, to, lang)
		c.Type, c.Stacked = "bar", true
		return c
	}
	if d.Load.HasCommodity {
		d.Commodity = exportstats.RankingChart(d.Year, "bar", rest, lang)
		d.CommodityTime = overTime(f.CommodityTime)
	}
	if d.Load.HasDestination {
		d.DestYear = f.DestYear
		d.DestYear.NameCountries(lang)
		d.Dest = exportstats.RankingChart(d.DestYear, "bar", rest, lang)
		byDest := f.DestTime
		for i := range byDest {
			if name := exportstats.CountryName(byDest[i].Key, lang); name != byDest[i].Key {
				byDest[i].Name = name
			}
		}
		d.DestTime = overTime(byDest)
	}
	province := d.Load.ProvinceCode
	if reg, ok := refdata.DefaultRegionIndex().ByCode(province); ok {
		province = reg.Name
	}
	millions := p.P.Dec(math.Round(d.Month.TotalUSD/1e4) / 100)
	switch {
	case d.Month.ChangeOK && d.Month.Change >= 0:
		d.Headline = p.P.T("exportstats.headline.up", province, month.Label(lang), millions, p.P.Dec(math.Round(d.Month.Change*1000)/10), d.Month.Previous.Label(lang))
	case d.Month.ChangeOK:
		d.Headline = p.P.T("exportstats.headline.down", province, month.Label(lang), millions, p.P.Dec(math.Round(-d.Month.Change*1000)/10), d.Month.Previous.Label(lang))
	default:
		d.Headline = p.P.T("exportstats.headline.no_previous", province, month.Label(lang), millions)
	}
}

// StatisticsUpload reads an uploaded table and stores it when it has no
// problem (?dry_run checks only).
func (h *Handlers) StatisticsUpload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, h.MaxUpload+1<<20)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.renderStatistics(w, r, http.StatusRequestEntityTooLarge, nil, siapekspor.Errorf(siapekspor.ETooLarge, "import.too_large", strconv.FormatInt(h.MaxUpload>>20, 10)))
			return
		}
		h.renderStatistics(w, r, http.StatusUnprocessableEntity, nil,
			siapekspor.FieldInvalid("file", "field.required"))
		return
	}
	defer file.Close() // an io.ReaderAt, in memory or spooled by net/http
	rep, err := tradeload.ImportExportStats(r.Context(), h.Store, file, hdr.Size, httpx.FileName(hdr.Filename), h.Province, r.FormValue("dry_run") == "1")
	if err != nil {
		if de, ok := siapekspor.AsError(err); ok && (de.Code == siapekspor.EInvalid || de.Code == siapekspor.ETooLarge) {
			h.renderStatistics(w, r, http.StatusUnprocessableEntity, nil, err)
			return
		}
		h.R.Error(w, r, err)
		return
	}
	status := http.StatusOK
	if !rep.OK() {
		status = http.StatusUnprocessableEntity
	}
	h.renderStatistics(w, r, status, rep, nil)
}

// StatisticsDelete asks, then removes an uploaded table.
func (h *Handlers) StatisticsDelete(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	var loads []store.StatLoad
	if err == nil {
		loads, err = h.Store.StatLoads(r.Context())
	}
	i := slices.IndexFunc(loads, func(l store.StatLoad) bool { return l.ID == id })
	if err == nil && i < 0 {
		err = siapekspor.Errorf(siapekspor.ENotFound, "error.not_found.export_stats")
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	l, pr := loads[i], printer(r)
	name := l.Title
	if name == "" {
		name = l.FileName
	}
	if h.ask(w, r, confirmation{Nav: "markets", Title: "confirm.statistics_delete.title", Key: "confirm.statistics_delete.question",
		Args: []any{name, pr.Num(l.Rows)}, Button: "action.delete", Cancel: "/markets/statistics?load=" + strconv.FormatInt(id, 10)}) {
		return
	}
	if err := h.Store.DeleteStatLoad(r.Context(), id); err != nil {
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "exportstats.deleted", "/markets/statistics")
}
