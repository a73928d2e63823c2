package web

import (
	"errors"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/exportstats"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/trade"
	"github.com/siapekspor/siapekspor/internal/tradeload"
)

// marketsHomeData is the markets index: choose a product or a country.
type marketsHomeData struct {
	Products  []siapekspor.Product // the actor's products (owners) or recent ones
	Countries []refdata.Country
	Loads     []store.TradeLoad
	Seeds     []seedLane
}

// seedLane is one of the province's known export lanes, as a starting point.
type seedLane struct {
	HS, Key, Country string
}

// seedLanes are the province's known lanes (docs/design.md, "The facts it
// was built from").
var seedLanes = []seedLane{{"0901", "market.lane.coffee", "BEL"}, {"121221", "market.lane.seaweed", "AUS"}, {"0906", "market.lane.cinnamon", "GBR"},
	{"530500", "market.lane.cocopeat", "AUS"}, {"140490", "market.lane.lidi", "THA"}, {"3915", "market.lane.plastic", "PAK"}}

// MarketsHome shows where to start: a product code, one of the actor's
// products, a country.
func (h *Handlers) MarketsHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := NewPage(r, "market.title", "markets")
	// A copy: refdata's list is shared and sorted by code.
	d := marketsHomeData{Seeds: seedLanes, Countries: slices.Clone(refdata.Countries())}
	sort.Slice(d.Countries, func(i, j int) bool { return d.Countries[i].Name(string(p.Lang)) < d.Countries[j].Name(string(p.Lang)) })
	var err error
	if siapekspor.Can(p.Actor, siapekspor.PermProductRead) {
		var page *store.ProductPage
		if page, err = h.Store.ListProducts(ctx, store.ProductFilter{Limit: 20}); err == nil {
			d.Products = page.Items
		}
	}
	if err == nil {
		d.Loads, err = h.Store.TradeLoads(ctx)
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "markets", p)
}

// MarketsGo takes the index's form (?hs= or ?country=) to its page.
func (h *Handlers) MarketsGo(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if c := strings.ToUpper(strings.TrimSpace(q.Get("country"))); c != "" {
		http.Redirect(w, r, "/markets/countries/"+url.PathEscape(c), http.StatusSeeOther)
		return
	}
	hs := strings.NewReplacer(".", "", " ", "").Replace(strings.TrimSpace(q.Get("hs")))
	if hs == "" {
		http.Redirect(w, r, "/markets", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/markets/products/"+url.PathEscape(hs), http.StatusSeeOther)
}

// rankingData is a product's market page.
type rankingData struct {
	R        *store.MarketRanking
	HSName   string
	Top      []market.Result
	More     int
	All      bool
	Query    string          // ?product= / ?enterprise= to carry into links
	Requires map[string]bool // destinations with catalogue entries
	// Labels of the factors and of the table's columns, made once rather
	// than once per row and cell.
	FactorLabel map[market.FactorID]string
	Label       map[string]string
	// Content: the page's content, written in Go (market_product_html.go).
	Content template.HTML
}

// MarketProduct ranks a product's destinations: by HS code, or for one of
// the registry's products (?product=ID) with its enterprise's certificates.
func (h *Handlers) MarketProduct(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	req, err := httpx.ParseRankRequest(q, r.PathValue("hs"))
	var res *store.MarketRanking
	if err == nil {
		res, err = h.Store.Ranking(ctx, req)
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p := NewPage(r, "market.product_title", "markets")
	d := rankingData{R: res, All: q.Get("all") == "1", FactorLabel: map[market.FactorID]string{}, Label: map[string]string{}}
	for _, id := range market.Factors {
		d.FactorLabel[id] = p.P.Choice("market.factor", id)
	}
	for _, k := range []string{"market.country", "market.score", "market.unrealised", "market.factor", "market.value", "market.share_of_score", "market.points"} {
		d.Label[k] = p.P.T(k)
	}
	if c, ok := refdata.DefaultHSIndex().ByCode(res.Ranking.Product); ok {
		d.HSName = c.DescriptionEN
	}
	if req.ProductID != 0 {
		d.Query = "product=" + strconv.FormatInt(req.ProductID, 10)
	} else if req.EnterpriseID != 0 {
		d.Query = "enterprise=" + strconv.FormatInt(req.EnterpriseID, 10)
	}
	d.Top = res.Results
	if !d.All && len(d.Top) > 30 {
		d.More, d.Top = len(d.Top)-30, d.Top[:30]
	}
	if d.Requires, err = h.Store.RequirementDestinations(ctx, res.Ranking.Product); err != nil {
		h.R.Error(w, r, err)
		return
	}
	d.Content = rankingContent(p, &d)
	p.Title = p.P.T("market.product_title") + " · HS " + res.Ranking.Product
	d.Top = nil // written into Content: the ranking is not read again
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "market_product", p)
	res.Ranking.Release()
}

// MarketCountry shows what a country buys of what the province makes, and
// what it requires.
func (h *Handlers) MarketCountry(w http.ResponseWriter, r *http.Request) {
	cm, err := h.Store.CountryMarket(r.Context(), r.PathValue("iso3"))
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p := NewPage(r, "market.country_title", "markets")
	p.Title = countryName(p, cm.Country)
	p.Data = countryData{CountryMarket: cm, Rows: countryRows(p, cm.Products), RequirementList: requirementList(p, cm.Requirements)}
	h.R.Render(w, r, http.StatusOK, "market_country", p)
}

// countryData is a country's page: its table's rows and its requirements
// written in Go (market_rows2.go).
type countryData struct {
	*store.CountryMarket
	Rows, RequirementList template.HTML
}

// countryName is a country's name in the page's language.
func countryName(p *Page, iso3 string) string {
	return exportstats.CountryName(iso3, string(p.Lang))
}

// MarketGap shows a destination's requirements for a product against the
// enterprise's valid certificates, with the actions to close the gap.
func (h *Handlers) MarketGap(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	productID, enterpriseID, err := httpx.ParseFitSubject(q)
	var g *store.MarketGap
	if err == nil {
		g, err = h.Store.Gap(r.Context(), r.PathValue("iso3"), q.Get("hs"), productID, enterpriseID)
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p := NewPage(r, "market.gap_title", "markets")
	p.Title = p.P.T("market.gap_title") + " · " + countryName(p, g.Destination)
	p.Data = g
	h.R.Render(w, r, http.StatusOK, "market_gap", p)
}

// requirementsData is the catalogue page and its editor.
type requirementsData struct {
	Items       []store.RequirementRecord
	Destination string
	Edit        *market.Requirement
	Version     int
	New         bool
	Problems    []string
	CanAdmin    bool
	Rows        template.HTML // the table's rows (market_rows2.go)
}

// Requirements lists the requirements catalogue (?destination= filters).
func (h *Handlers) Requirements(w http.ResponseWriter, r *http.Request) {
	h.renderRequirements(w, r, http.StatusOK, nil, 0, false, nil, nil)
}

func (h *Handlers) renderRequirements(w http.ResponseWriter, r *http.Request, status int, edit *market.Requirement, version int, isNew bool, problems []string, err error) {
	dest := strings.ToUpper(r.URL.Query().Get("destination"))
	items, lerr := h.Store.Requirements(r.Context(), dest)
	if lerr != nil {
		h.R.Error(w, r, lerr)
		return
	}
	p := NewPage(r, "market.requirements_title", "markets")
	if de, ok := siapekspor.AsError(err); ok {
		p.SetError(de)
	}
	d := requirementsData{Items: items, Destination: dest, Edit: edit, Version: version, New: isNew,
		Problems: problems, CanAdmin: siapekspor.Can(p.Actor, siapekspor.PermMarketAdmin)}
	d.Rows = requirementRows(p, items, d.CanAdmin)
	p.Data = d
	h.R.Render(w, r, status, "requirements", p)
}

// RequirementEdit shows one requirement's form ("new" for a new one).
func (h *Handlers) RequirementEdit(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if id == "new" {
		today := market.Date{Time: i18n.Today()}
		h.renderRequirements(w, r, http.StatusOK, &market.Requirement{Mandatory: true, Confidence: "check", LastChecked: today}, 0, true, nil, nil)
		return
	}
	rec, err := h.Store.Requirement(r.Context(), id)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.renderRequirements(w, r, http.StatusOK, &rec.Requirement, rec.Version, false, nil, nil)
}

// RequirementSave stores a requirement from its form. The form's fields
// are the file's columns, so the file's reader checks both.
func (h *Handlers) RequirementSave(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f := r.PostForm
	id := r.PathValue("id")
	isNew := id == "new"
	if isNew {
		id = strings.TrimSpace(f.Get("id"))
	}
	edit, err := market.RequirementFromForm(func(field string) string {
		switch field {
		case "id":
			return id
		case "certificate_types": // checkboxes
			return strings.Join(f[field], ";")
		}
		return f.Get(field)
	})
	version, _ := strconv.Atoi(f.Get("version"))
	if err == nil {
		if _, err = h.Store.SaveRequirement(r.Context(), &edit, version); err == nil {
			Flash(w, r, "market.requirement_saved", "/markets/requirements?destination="+url.QueryEscape(edit.Destination))
			return
		}
	}
	if de, ok := siapekspor.AsError(err); ok && (de.Code == siapekspor.EInvalid || de.Code == siapekspor.EConflict) {
		h.renderRequirements(w, r, httpx.Status(de.Code), &edit, version, isNew, nil, err)
		return
	}
	h.R.Error(w, r, err)
}

// RequirementDelete asks, then removes a requirement.
func (h *Handlers) RequirementDelete(w http.ResponseWriter, r *http.Request) {
	q, err := h.Store.Requirement(r.Context(), r.PathValue("id"))
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	lang, title := printer(r).Lang, q.TitleID
	if lang == i18n.EN && q.TitleEN != "" {
		title = q.TitleEN
	}
	if h.ask(w, r, confirmation{Nav: "markets", Title: "confirm.requirement_delete.title", Key: "confirm.requirement_delete.question",
		Args: []any{title, exportstats.CountryName(q.Destination, string(lang))}, Button: "action.delete", Cancel: "/markets/requirements/" + url.PathEscape(q.ID)}) {
		return
	}
	if err := h.Store.DeleteRequirement(r.Context(), q.ID); err != nil {
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "market.requirement_deleted", "/markets/requirements")
}

// RequirementsImport loads a requirements file (JSON or CSV): all, or
// nothing with every problem listed by line.
func (h *Handlers) RequirementsImport(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<20)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		h.renderRequirements(w, r, http.StatusUnprocessableEntity, nil, 0, false, nil,
			siapekspor.FieldInvalid("file", "field.required"))
		return
	}
	defer file.Close()
	reqs, problems, err := market.LoadRequirements(file, httpx.FileName(hdr.Filename))
	if err == nil && len(problems) == 0 {
		err = h.Store.ImportRequirements(r.Context(), reqs)
	}
	if err == nil && len(problems) == 0 {
		FlashCount(w, r, "market.requirements_imported", len(reqs), "/markets/requirements")
		return
	}
	p := NewPage(r, "x", "")
	var lines []string
	for _, pr := range problems {
		lines = append(lines, pr.Format(p.P.T))
	}
	if err != nil && len(lines) == 0 {
		if _, ok := siapekspor.AsError(err); !ok {
			h.R.Error(w, r, err)
			return
		}
	}
	h.renderRequirements(w, r, http.StatusUnprocessableEntity, nil, 0, false, lines, err)
}

// RequirementsExport downloads the catalogue as JSON, in the shape the
// import reads.
func (h *Handlers) RequirementsExport(w http.ResponseWriter, r *http.Request) {
	list, err := h.Store.RequirementList(r.Context())
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="persyaratan-pasar.json"`)
	httpx.WriteJSON(w, http.StatusOK, list)
}

// tradeData is the trade data page: what is loaded, what it covers, the
// weights, the upload form.
type tradeData struct {
	Loads    []store.TradeLoad
	Datasets []trade.Dataset
	Missing  []string
	Weights  market.Weights
	Factors  []market.FactorID
	Report   *tradeload.TradeReport
	Lines    []string
	CanLoad  bool
	CanAdmin bool
	MaxMB    int64
}

// TradeData shows the trade data's coverage and loads.
func (h *Handlers) TradeData(w http.ResponseWriter, r *http.Request) {
	h.renderTradeData(w, r, http.StatusOK, nil, nil)
}

func (h *Handlers) renderTradeData(w http.ResponseWriter, r *http.Request, status int, rep *tradeload.TradeReport, err error) {
	ctx := r.Context()
	p := NewPage(r, "market.data_title", "markets")
	if de, ok := siapekspor.AsError(err); ok {
		p.SetError(de)
	}
	d := tradeData{Datasets: trade.Datasets, Missing: trade.MissingImporters, Factors: market.Factors, Report: rep,
		CanLoad: siapekspor.Can(p.Actor, siapekspor.PermTradeLoad), CanAdmin: siapekspor.Can(p.Actor, siapekspor.PermMarketAdmin), MaxMB: h.MaxUpload >> 20}
	if rep != nil {
		for _, pr := range rep.Problems {
			d.Lines = append(d.Lines, pr.Format(p.P.T))
		}
	}
	var lerr error
	if d.Loads, lerr = h.Store.TradeLoads(ctx); lerr == nil {
		d.Weights, lerr = h.Store.MarketWeights(ctx)
	}
	if lerr != nil {
		h.R.Error(w, r, lerr)
		return
	}
	p.Data = d
	h.R.Render(w, r, status, "trade_data", p)
}

// TradeUpload loads a BACI or Comtrade file posted from the trade data page.
func (h *Handlers) TradeUpload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, h.MaxUpload+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		h.renderTradeData(w, r, http.StatusUnprocessableEntity, nil, siapekspor.Errorf(siapekspor.EInvalid, "error.bad_form"))
		return
	}
	// The file streams to a temporary copy (a BACI year is hundreds of
	// megabytes) without a form in memory.
	req := tradeload.TradeRequest{}
	tooBig := func(err error) bool {
		var e *http.MaxBytesError
		if errors.As(err, &e) {
			h.renderTradeData(w, r, http.StatusRequestEntityTooLarge, nil, siapekspor.Errorf(siapekspor.ETooLarge, "import.too_large", strconv.FormatInt(h.MaxUpload>>20, 10)))
			return true
		}
		return false
	}
	var path string
	defer func() {
		if path != "" {
			os.Remove(path)
		}
	}()
	var pr siapekspor.Problems
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if !tooBig(err) {
				h.renderTradeData(w, r, http.StatusUnprocessableEntity, nil, siapekspor.Errorf(siapekspor.EInvalid, "error.bad_form"))
			}
			return
		}
		switch part.FormName() {
		case "format":
			b, _ := io.ReadAll(io.LimitReader(part, 32))
			req.Format = string(b)
		case "edition":
			b, _ := io.ReadAll(io.LimitReader(part, 32))
			if s := strings.TrimSpace(string(b)); s != "" {
				var ok bool
				if req.Edition, ok = trade.ParseEdition(s); !ok {
					pr.Add("edition", "trade.no_edition")
				}
			}
		case "accept_problems":
			req.AcceptProblems = true
		case "dry_run":
			req.DryRun = true
		case "file":
			req.FileName = httpx.FileName(part.FileName())
			if path, err = h.saveUpload(part); err != nil {
				if !tooBig(err) {
					h.R.Error(w, r, err)
				}
				return
			}
		}
	}
	if path == "" {
		pr.Add("file", "field.required")
	}
	if err := pr.Err(); err != nil {
		h.renderTradeData(w, r, http.StatusUnprocessableEntity, nil, err)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	defer f.Close()
	req.File = f
	rep, err := tradeload.LoadTrade(r.Context(), h.Store, req)
	if err != nil {
		if de, ok := siapekspor.AsError(err); ok && de.Code == siapekspor.EInvalid {
			h.renderTradeData(w, r, http.StatusUnprocessableEntity, nil, err)
			return
		}
		h.R.Error(w, r, err)
		return
	}
	status := http.StatusOK
	if rep.Refused {
		status = http.StatusUnprocessableEntity
	}
	h.renderTradeData(w, r, status, rep, nil)
}

// MarketWeightsSave stores the ranking's weights.
func (h *Handlers) MarketWeightsSave(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	wt, _, err := httpx.ParseWeights(r.PostForm)
	if err == nil {
		err = h.Store.SetMarketWeights(r.Context(), wt)
	}
	if de, ok := siapekspor.AsError(err); ok && de.Code == siapekspor.EInvalid {
		h.renderTradeData(w, r, http.StatusUnprocessableEntity, nil, err)
		return
	} else if err != nil {
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "market.weights_saved", "/markets/data#weights")
}
