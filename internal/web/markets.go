package web

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/trade"
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

// seedLanes are DESIGN.md's known lanes.
var seedLanes = []seedLane{{"0901", "market.lane.coffee", "BEL"}, {"121221", "market.lane.seaweed", "AUS"}, {"0906", "market.lane.cinnamon", "GBR"},
	{"530500", "market.lane.cocopeat", "AUS"}, {"140490", "market.lane.lidi", "THA"}, {"3915", "market.lane.plastic", "PAK"}}

// MarketsHome shows where to start: a product code, one of the actor's
// products, a country.
func (h *Handlers) MarketsHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := NewPage(r, "market.title", "markets")
	d := marketsHomeData{Seeds: seedLanes, Countries: refdata.Countries()}
	sort.Slice(d.Countries, func(i, j int) bool { return d.Countries[i].NameID < d.Countries[j].NameID })
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
	R          *store.MarketRanking
	HS         string
	HSName     string
	Top        []market.Result
	More       int
	All        bool
	Query      string // ?product= / ?enterprise= to carry into links
	Weights    market.Weights
	CanAdmin   bool
	Requires   map[string]bool // destinations with catalogue entries
	Enterprise *siapekspor.Enterprise
}

// MarketProduct ranks a product's destinations: by HS code, or for one of
// the registry's products (?product=ID) with its enterprise's certificates.
func (h *Handlers) MarketProduct(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	req := store.RankRequest{HS: r.PathValue("hs")}
	req.ProductID, _ = strconv.ParseInt(q.Get("product"), 10, 64)
	req.EnterpriseID, _ = strconv.ParseInt(q.Get("enterprise"), 10, 64)
	res, err := h.Store.Ranking(ctx, req)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p := NewPage(r, "market.product_title", "markets")
	d := rankingData{R: res, HS: res.Ranking.Product, All: q.Get("all") == "1", Weights: res.Weights,
		CanAdmin: siapekspor.Can(p.Actor, siapekspor.PermMarketAdmin), Enterprise: res.Enterprise, Requires: map[string]bool{}}
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
	reqs, err := h.Store.RequirementList(ctx)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	for _, row := range append(append([]market.Result{}, d.Top...), res.Unscored...) {
		for _, rq := range reqs {
			if rq.AppliesTo(row.Country) && rq.Covers(res.Ranking.Product) {
				d.Requires[row.Country] = true
				break
			}
		}
	}
	p.Title = p.P.T("market.product_title") + " · HS " + res.Ranking.Product
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "market_product", p)
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
	p.Data = cm
	h.R.Render(w, r, http.StatusOK, "market_country", p)
}

// countryName is a country's name in the page's language.
func countryName(p *Page, iso3 string) string {
	for _, c := range refdata.Countries() {
		if c.ISO3 == iso3 {
			if p.Lang == "en" {
				return c.NameEN
			}
			return c.NameID
		}
	}
	return iso3
}

// gapData is a destination's requirements against what an enterprise holds.
type gapData struct {
	Destination string
	HS          string
	Items       []market.GapItem
	Product     *siapekspor.Product
	Enterprise  *siapekspor.Enterprise
	Restricted  []market.Restriction
}

// MarketGap shows a destination's requirements for a product against the
// enterprise's valid certificates, with the actions to close the gap.
func (h *Handlers) MarketGap(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	productID, _ := strconv.ParseInt(q.Get("product"), 10, 64)
	enterpriseID, _ := strconv.ParseInt(q.Get("enterprise"), 10, 64)
	d := gapData{Destination: strings.ToUpper(r.PathValue("iso3")), HS: q.Get("hs")}
	var err error
	if productID != 0 {
		if d.Product, err = h.Store.Product(ctx, productID); err == nil {
			d.HS, enterpriseID = d.Product.HSCode, d.Product.EnterpriseID
		}
	}
	if err == nil && enterpriseID != 0 {
		d.Enterprise, err = h.Enterprises.Enterprise(ctx, enterpriseID)
	}
	if err == nil {
		d.Items, err = h.Store.Gap(ctx, d.Destination, d.HS, productID, enterpriseID)
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	d.Restricted = market.Restrictions(d.HS)
	p := NewPage(r, "market.gap_title", "markets")
	p.Title = p.P.T("market.gap_title") + " · " + countryName(p, d.Destination)
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "market_gap", p)
}

// requirementsData is the catalogue page and its editor.
type requirementsData struct {
	Items       []store.RequirementRecord
	Destination string
	Edit        *market.Requirement
	Version     int
	New         bool
	Raw         map[string]string
	Problems    []string
	CanAdmin    bool
}

// Requirements lists the requirements catalogue (?destination= filters).
func (h *Handlers) Requirements(w http.ResponseWriter, r *http.Request) {
	h.renderRequirements(w, r, http.StatusOK, nil, 0, false, nil, nil)
}

func (h *Handlers) renderRequirements(w http.ResponseWriter, r *http.Request, status int, edit *market.Requirement, version int, isNew bool, problems []string, err error) {
	items, lerr := h.Store.Requirements(r.Context())
	if lerr != nil {
		h.R.Error(w, r, lerr)
		return
	}
	p := NewPage(r, "market.requirements_title", "markets")
	if de, ok := siapekspor.AsError(err); ok {
		p.SetError(de)
	}
	d := requirementsData{Destination: strings.ToUpper(r.URL.Query().Get("destination")), Edit: edit, Version: version, New: isNew,
		Problems: problems, CanAdmin: siapekspor.Can(p.Actor, siapekspor.PermMarketAdmin)}
	for _, it := range items {
		if d.Destination == "" || it.Destination == d.Destination {
			d.Items = append(d.Items, it)
		}
	}
	p.Data = d
	h.R.Render(w, r, status, "requirements", p)
}

// RequirementEdit shows one requirement's form ("new" for a new one).
func (h *Handlers) RequirementEdit(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if id == "new" {
		today := market.Date{Time: time.Now().UTC().Truncate(24 * time.Hour)}
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

// RequirementSave stores a requirement from its form. The form posts the
// same columns as the CSV file, so one reader checks both.
func (h *Handlers) RequirementSave(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f := r.PostForm
	id := r.PathValue("id")
	isNew := id == "new"
	if isNew {
		id = strings.TrimSpace(f.Get("id"))
	}
	cols := []string{"id", "destination", "hs_prefixes", "certificate_types", "title_id", "title_en", "detail_id", "detail_en",
		"action_id", "action_en", "source_url", "last_checked", "applies_from", "applies_from_micro_small", "mandatory", "renewal", "confidence"}
	var sb strings.Builder
	sb.WriteString(strings.Join(cols, ",") + "\n")
	cells := make([]string, len(cols))
	for i, c := range cols {
		v := f.Get(c)
		if c == "id" {
			v = id
		}
		if c == "mandatory" {
			v = "false"
			if f.Get(c) == "1" {
				v = "true"
			}
		}
		if c == "certificate_types" {
			v = strings.Join(f[c], ";")
		}
		cells[i] = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
	}
	sb.WriteString(strings.Join(cells, ",") + "\n")
	reqs, problems, err := market.LoadRequirementsCSV(strings.NewReader(sb.String()), "form")
	version, _ := strconv.Atoi(f.Get("version"))
	var formErr error
	if err == nil && len(problems) > 0 {
		var pr siapekspor.Problems
		for _, p := range problems {
			pr.Add(p.Column, p.Key, p.Args...)
		}
		formErr = pr.Err()
	}
	edit := &market.Requirement{ID: id, Destination: f.Get("destination"), TitleID: f.Get("title_id"), TitleEN: f.Get("title_en"),
		DetailID: f.Get("detail_id"), DetailEN: f.Get("detail_en"), ActionID: f.Get("action_id"), ActionEN: f.Get("action_en"),
		SourceURL: f.Get("source_url"), Mandatory: f.Get("mandatory") == "1", Renewal: f.Get("renewal"), Confidence: f.Get("confidence")}
	edit.HSPrefixes = strings.Fields(strings.NewReplacer(",", " ", ";", " ").Replace(f.Get("hs_prefixes")))
	for _, t := range f["certificate_types"] {
		edit.CertificateTypes = append(edit.CertificateTypes, siapekspor.CertificateType(t))
	}
	if err == nil && formErr == nil && len(reqs) == 1 {
		if _, err = h.Store.SaveRequirement(r.Context(), &reqs[0], version); err == nil {
			Flash(w, r, "market.requirement_saved", "/markets/requirements?destination="+url.QueryEscape(reqs[0].Destination))
			return
		}
	}
	if formErr != nil {
		err = formErr
	}
	if de, ok := siapekspor.AsError(err); ok && (de.Code == siapekspor.EInvalid || de.Code == siapekspor.EConflict) {
		h.renderRequirements(w, r, httpx.Status(de.Code), edit, version, isNew, nil, err)
		return
	}
	if err == nil {
		err = siapekspor.Errorf(siapekspor.EInvalid, "error.bad_form")
	}
	h.R.Error(w, r, err)
}

// RequirementDelete removes a requirement.
func (h *Handlers) RequirementDelete(w http.ResponseWriter, r *http.Request) {
	if err := h.Store.DeleteRequirement(r.Context(), r.PathValue("id")); err != nil {
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
			&siapekspor.Error{Code: siapekspor.EInvalid, Key: "error.validation", Fields: []siapekspor.FieldError{{Field: "file", Key: "field.required"}}})
		return
	}
	defer file.Close()
	reqs, problems, err := market.LoadRequirements(file, hdr.Filename)
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
	Report   *bulk.TradeReport
	Lines    []string
	CanLoad  bool
	CanAdmin bool
	MaxMB    int64
}

// TradeData shows the trade data's coverage and loads.
func (h *Handlers) TradeData(w http.ResponseWriter, r *http.Request) {
	h.renderTradeData(w, r, http.StatusOK, nil, nil)
}

func (h *Handlers) renderTradeData(w http.ResponseWriter, r *http.Request, status int, rep *bulk.TradeReport, err error) {
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
	// The fields come before the file, so the file streams to a temporary
	// copy (a BACI year is hundreds of megabytes) without a form in memory.
	req := bulk.TradeRequest{}
	var tmp *os.File
	defer func() {
		if tmp != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				h.renderTradeData(w, r, http.StatusRequestEntityTooLarge, nil, siapekspor.Errorf(siapekspor.ETooLarge, "import.too_large", strconv.FormatInt(h.MaxUpload>>20, 10)))
				return
			}
			h.renderTradeData(w, r, http.StatusUnprocessableEntity, nil, siapekspor.Errorf(siapekspor.EInvalid, "error.bad_form"))
			return
		}
		switch part.FormName() {
		case "format":
			b, _ := io.ReadAll(io.LimitReader(part, 32))
			req.Format = string(b)
		case "edition":
			b, _ := io.ReadAll(io.LimitReader(part, 32))
			req.Edition, _ = trade.ParseEdition(string(b))
		case "accept_problems":
			req.AcceptProblems = true
		case "dry_run":
			req.DryRun = true
		case "file":
			req.FileName = part.FileName()
			if tmp, err = os.CreateTemp(h.Uploads, "trade-*"); err != nil {
				h.R.Error(w, r, err)
				return
			}
			if _, err := io.Copy(tmp, part); err != nil {
				var tooBig *http.MaxBytesError
				if errors.As(err, &tooBig) {
					h.renderTradeData(w, r, http.StatusRequestEntityTooLarge, nil, siapekspor.Errorf(siapekspor.ETooLarge, "import.too_large", strconv.FormatInt(h.MaxUpload>>20, 10)))
					return
				}
				h.R.Error(w, r, err)
				return
			}
		}
	}
	if tmp == nil {
		h.renderTradeData(w, r, http.StatusUnprocessableEntity, nil,
			&siapekspor.Error{Code: siapekspor.EInvalid, Key: "error.validation", Fields: []siapekspor.FieldError{{Field: "file", Key: "field.required"}}})
		return
	}
	tmp.Seek(0, io.SeekStart)
	req.File = tmp
	rep, err := bulk.LoadTrade(r.Context(), h.Store, req)
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
	wt, err := parseWeights(r.PostForm)
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

// parseWeights reads weight_<factor> fields.
func parseWeights(v url.Values) (market.Weights, error) {
	var w market.Weights
	var pr siapekspor.Problems
	for _, id := range market.Factors {
		s := strings.TrimSpace(strings.ReplaceAll(v.Get("weight_"+string(id)), ",", "."))
		if s == "" {
			continue
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			pr.Add("weight_"+string(id), "field.number")
			continue
		}
		w.Set(id, f)
	}
	return w, pr.Err()
}
