package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/match"
	"github.com/siapekspor/siapekspor/internal/store"
)

// Buyers' requests and their matches (issue 17, items 1 and 2).

// requestFuncs are the template functions of the request pages.
func requestFuncs() template.FuncMap {
	return template.FuncMap{
		"mtext":       func(p *Page, m match.Message) string { return m.Render(p.P.T) },
		"reqKinds":    func() []siapekspor.RequestKind { return siapekspor.RequestKinds },
		"reqStatuses": func() []siapekspor.RequestStatus { return siapekspor.RequestStatuses },
		"reqVisibilities": func() []siapekspor.RequestVisibility {
			return siapekspor.RequestVisibilities
		},
		"frequencies":  func() []string { return siapekspor.RequestFrequencies },
		"matchSteps":   func() []siapekspor.MatchStep { return siapekspor.MatchSteps },
		"currencies":   func() []string { return siapekspor.Currencies },
		"dec2":         func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) },
		"matchFactors": func() []match.FactorID { return match.Factors },
		"matchView":    func(p *Page, e match.Entry) matchView { return matchView{P: p, E: e} },
	}
}

type requestListData struct {
	F                      store.RequestFilter
	Page                   *store.RequestPage
	ExportCSV, ExportXLSX  string
	Prev, Next             string
	CanWrite, CanSetWeight bool
}

// RequestList lists the requests the actor reads, with filters.
func (h *Handlers) RequestList(w http.ResponseWriter, r *http.Request) {
	p := NewPage(r, "request.list.title", "requests")
	f := httpx.RequestFilterOf(r)
	f.Limit = 50
	page, err := h.Store.ListRequests(r.Context(), f)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	q := r.URL.Query()
	q.Del("offset")
	d := requestListData{F: f, Page: page, ExportCSV: "/requests/export.csv?" + q.Encode(), ExportXLSX: "/requests/export.xlsx?" + q.Encode(),
		CanWrite: siapekspor.Can(p.Actor, siapekspor.PermRequestWrite), CanSetWeight: siapekspor.Can(p.Actor, siapekspor.PermMatchAdmin)}
	if f.Offset > 0 {
		q.Set("offset", strconv.Itoa(max(f.Offset-f.Limit, 0)))
		d.Prev = "/requests?" + q.Encode()
	}
	if f.Offset+len(page.Items) < page.Total {
		q.Set("offset", strconv.Itoa(f.Offset+f.Limit))
		d.Next = "/requests?" + q.Encode()
	}
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "requests", p)
}

// RequestExport downloads the listed requests as CSV or XLSX.
func (h *Handlers) RequestExport(w http.ResponseWriter, r *http.Request) {
	if _, err := h.Store.ListRequests(r.Context(), store.RequestFilter{Limit: 1}); err != nil {
		h.R.Error(w, r, err)
		return
	}
	format, ok := h.download(w, r, "permintaan")
	if !ok {
		return
	}
	if _, err := bulk.ExportRequests(r.Context(), h.Store, httpx.RequestFilterOf(r), format, w); err != nil {
		h.Log.ErrorContext(r.Context(), "export requests", "err", err)
	}
}

type requestFormData struct {
	R    *siapekspor.BuyingRequest
	Orgs []siapekspor.Organisation
	Raw  map[string]string
	Edit bool
	// Suggested: the certificates the catalogue asks for the destination
	// and HS code, shown beside the checkboxes.
	Suggested []siapekspor.CertificateType
}

// Val is what the user typed if it did not parse, else the stored value.
func (d requestFormData) Val(field string, stored *time.Time) string {
	return certificateData{Raw: d.Raw}.Val(field, stored)
}

// RequestNew shows an empty request form (?kind=procurement for a
// procurement need).
func (h *Handlers) RequestNew(w http.ResponseWriter, r *http.Request) {
	q := &siapekspor.BuyingRequest{Kind: siapekspor.RequestBuying, Unit: "kg", Frequency: "one_off"}
	if r.URL.Query().Get("kind") == string(siapekspor.RequestProcurement) {
		q.Kind, q.Currency = siapekspor.RequestProcurement, "IDR"
	}
	h.renderRequestForm(w, r, http.StatusOK, q, nil, nil)
}

// RequestEdit shows the form with the stored request.
func (h *Handlers) RequestEdit(w http.ResponseWriter, r *http.Request) {
	q, ok := h.buyingRequest(w, r)
	if !ok {
		return
	}
	h.renderRequestForm(w, r, http.StatusOK, q, nil, nil)
}

func (h *Handlers) buyingRequest(w http.ResponseWriter, r *http.Request) (*siapekspor.BuyingRequest, bool) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return nil, false
	}
	q, err := h.Store.BuyingRequest(r.Context(), id)
	if err != nil {
		h.R.Error(w, r, err)
		return nil, false
	}
	return q, true
}

func (h *Handlers) renderRequestForm(w http.ResponseWriter, r *http.Request, status int, q *siapekspor.BuyingRequest, raw map[string]string, err error) {
	title := "request.new." + string(q.Kind)
	if q.ID != 0 {
		title = "request.edit"
	}
	p := NewPage(r, title, "requests")
	if de, ok := siapekspor.AsError(err); ok {
		p.SetError(de)
	}
	orgs, oerr := h.Store.BuyerOrganisations(r.Context())
	if oerr != nil {
		h.R.Error(w, r, oerr)
		return
	}
	d := requestFormData{R: q, Orgs: orgs, Raw: raw, Edit: q.ID != 0}
	if q.Kind == siapekspor.RequestBuying {
		on := time.Now()
		if q.DeliveryDate != nil {
			on = *q.DeliveryDate
		}
		d.Suggested, _ = h.Store.SuggestRequestCertificates(r.Context(), q.Destination, strings.ReplaceAll(q.HSCode, ".", ""), on)
	}
	p.Data = d
	h.R.Render(w, r, status, "request_form", p)
}

// readRequestForm fills q from the posted form; raw keeps what did not parse.
func readRequestForm(r *http.Request, q *siapekspor.BuyingRequest) (map[string]string, siapekspor.Problems) {
	f := r.PostForm
	raw := map[string]string{}
	var p siapekspor.Problems
	if q.ID == 0 {
		q.Kind = siapekspor.RequestKind(f.Get("kind"))
		q.OrgID, _ = strconv.ParseInt(f.Get("org_id"), 10, 64)
	}
	q.Title, q.HSCode, q.Words, q.KBLI = f.Get("title"), f.Get("hs_code"), f.Get("words"), f.Get("kbli")
	q.Unit, q.Frequency = siapekspor.Unit(f.Get("unit")), f.Get("frequency")
	q.Destination, q.Incoterm, q.Currency = f.Get("destination"), f.Get("incoterm"), f.Get("currency")
	q.DeliveryRegion, q.LocalFirst = f.Get("delivery_region"), f.Get("local_first")
	q.Status, q.Visibility = siapekspor.RequestStatus(f.Get("status")), siapekspor.RequestVisibility(f.Get("visibility"))
	q.SampleNeeded, q.RequireValidated = f.Get("sample_needed") == "1", f.Get("require_validated") == "1"
	q.Notes = f.Get("notes")
	q.Version, _ = strconv.Atoi(f.Get("version"))
	// Certificates: none ticked on a new buying request means "as the
	// catalogue asks" (the store pre-fills them); on an edit, none.
	q.Certificates = nil
	for _, c := range f["certificates"] {
		q.Certificates = append(q.Certificates, siapekspor.CertificateType(c))
	}
	if q.ID != 0 && q.Certificates == nil {
		q.Certificates = []siapekspor.CertificateType{}
	}
	for _, n := range []struct {
		name string
		dst  *float64
	}{{"quantity", &q.Quantity}, {"target_price", &q.TargetPrice}, {"min_capacity_pct", &q.MinCapacityPct}} {
		s := strings.TrimSpace(f.Get(n.name))
		*n.dst = 0
		if s == "" {
			continue
		}
		v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
		if err != nil {
			raw[n.name] = s
			p.Add(n.name, "field.number")
			continue
		}
		*n.dst = v
	}
	q.Budget = 0
	if s := strings.TrimSpace(f.Get("budget")); s != "" {
		v, err := siapekspor.ParseRupiah(s)
		if err != nil {
			raw["budget"] = s
			p.Add("budget", "field.number")
		}
		q.Budget = v
	}
	for _, d := range []struct {
		name string
		dst  **time.Time
	}{{"deadline", &q.Deadline}, {"delivery_date", &q.DeliveryDate}} {
		s := strings.TrimSpace(f.Get(d.name))
		*d.dst = nil
		if s == "" {
			continue
		}
		t, err := parseFormDate(s)
		if err != nil {
			raw[d.name] = s
			p.Add(d.name, "field.date")
			continue
		}
		*d.dst = &t
	}
	return raw, p
}

// RequestSave creates or updates a request.
func (h *Handlers) RequestSave(w http.ResponseWriter, r *http.Request) {
	q := &siapekspor.BuyingRequest{}
	if r.PathValue("id") != "" {
		var ok bool
		if q, ok = h.buyingRequest(w, r); !ok {
			return
		}
	}
	r.ParseForm()
	raw, problems := readRequestForm(r, q)
	var err error
	switch {
	case len(problems) > 0:
		err = problems.Err()
	case q.ID == 0:
		err = h.Store.CreateRequest(r.Context(), q)
	default:
		err = h.Store.UpdateRequest(r.Context(), q)
	}
	if err != nil {
		if de, ok := siapekspor.AsError(err); ok && (de.Code == siapekspor.EInvalid || de.Code == siapekspor.EConflict) {
			h.renderRequestForm(w, r, httpx.Status(de.Code), q, raw, err)
			return
		}
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "request.saved", "/requests/"+strconv.FormatInt(q.ID, 10))
}

// RequestDelete asks, then removes a draft request.
func (h *Handlers) RequestDelete(w http.ResponseWriter, r *http.Request) {
	q, ok := h.buyingRequest(w, r)
	if !ok {
		return
	}
	if h.ask(w, r, confirmation{Nav: "requests", Title: "confirm.request_delete.title", Key: "confirm.request_delete.question",
		Args: []any{q.Title}, Button: "action.delete", Cancel: "/requests/" + strconv.FormatInt(q.ID, 10)}) {
		return
	}
	if err := h.Store.DeleteRequest(r.Context(), q.ID); err != nil {
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "request.deleted", "/requests")
}

type requestData struct {
	R        *siapekspor.BuyingRequest
	M        *store.RequestMatches
	CanWrite bool
	// CanMatch: the actor sees the matches; CanOpenCase: it opens
	// assistance cases (near misses' one-click action).
	CanMatch, CanOpenCase, CanProducts bool
	// CanShortlist: officers, validators, admins store matches from the
	// ranking; CanBoard: the actor reads the request's pipeline board.
	CanShortlist, CanBoard bool
	Spread                 bool
	Top                    int
	SpreadURL, PlainURL    string
}

// Info is a listed product's public profile.
func (d requestData) Info(id int64) store.CandidateInfo { return d.M.Products[id] }

// CaseTitle is the title an assistance case opened from a near miss gets.
func (d requestData) CaseTitle(p *Page, g match.Gap) string {
	return g.Message.Render(p.P.T) + " — " + d.R.Title
}

// RequestDetail shows a request and, to those who may see them, its
// ranked suppliers factor by factor with the near misses.
func (h *Handlers) RequestDetail(w http.ResponseWriter, r *http.Request) {
	q, ok := h.buyingRequest(w, r)
	if !ok {
		return
	}
	p := NewPage(r, "request.title", "requests")
	d := requestData{R: q, CanWrite: siapekspor.CanWriteRequest(p.Actor, q.OrgID),
		CanMatch: siapekspor.Can(p.Actor, siapekspor.PermMatchRead), CanOpenCase: siapekspor.Can(p.Actor, siapekspor.PermMentoringWrite),
		CanProducts: siapekspor.Can(p.Actor, siapekspor.PermProductRead), CanBoard: siapekspor.Can(p.Actor, siapekspor.PermPipelineRead),
		CanShortlist: siapekspor.Can(p.Actor, siapekspor.PermMatchMove) && p.Actor.Role != siapekspor.RoleOwner && p.Actor.Role != siapekspor.RoleBuyer}
	if d.CanMatch {
		o := httpx.MatchOptionsOf(r)
		d.Spread, d.Top = o.Spread, o.Top
		m, err := h.Store.MatchRequest(r.Context(), q.ID, o)
		if err != nil {
			h.R.Error(w, r, err)
			return
		}
		d.M = m
		u := url.Values{"spread": {"1"}}
		d.SpreadURL, d.PlainURL = "?"+u.Encode()+"#matches", "?#matches"
	}
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "request", p)
}

// The request import is a table import like the product list's: all rows
// or none, "check only" then "store it now".
var requestImport = tableImportKind{view: importView{"request.import.", "/requests", "request.list.title", "/requests/import"},
	nav: "requests", template: "request_import", run: bulk.ImportRequests, columns: bulk.RequestImportColumns}

// RequestImportForm shows the request import's upload form.
func (h *Handlers) RequestImportForm(w http.ResponseWriter, r *http.Request) {
	h.renderTableImport(w, r, http.StatusOK, requestImport, tableImportData{}, nil)
}

// RequestImport stores an uploaded request list, all of it or — when any
// row has a problem — none, listing every problem by line and column.
func (h *Handlers) RequestImport(w http.ResponseWriter, r *http.Request) {
	h.tableImport(w, r, requestImport)
}

type matchWeightsData struct {
	Weights map[siapekspor.RequestKind]match.Weights
	Kinds   []siapekspor.RequestKind
}

// Of is one kind's weight of a factor.
func (d matchWeightsData) Of(k siapekspor.RequestKind, f match.FactorID) float64 {
	return d.Weights[k].Of(f)
}

// MatchWeights shows the matcher's weights; admins change them.
func (h *Handlers) MatchWeights(w http.ResponseWriter, r *http.Request) {
	h.renderMatchWeights(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderMatchWeights(w http.ResponseWriter, r *http.Request, status int, err error) {
	p := NewPage(r, "request.weights.title", "requests")
	if de, ok := siapekspor.AsError(err); ok {
		p.SetError(de)
	}
	all, werr := h.Store.MatchWeights(r.Context())
	if werr != nil {
		h.R.Error(w, r, werr)
		return
	}
	p.Data = matchWeightsData{Weights: all, Kinds: siapekspor.RequestKinds}
	h.R.Render(w, r, status, "request_weights", p)
}

// MatchWeightsSave stores one kind's weights (weight_<factor> fields).
func (h *Handlers) MatchWeightsSave(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	kind := siapekspor.RequestKind(r.PostForm.Get("kind"))
	var wt match.Weights
	var p siapekspor.Problems
	for _, f := range match.Factors {
		s := strings.TrimSpace(r.PostForm.Get("weight_" + string(f)))
		if s == "" {
			continue
		}
		v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
		if err != nil {
			p.Add("weight_"+string(f), "field.number")
		}
		wt.Set(f, v)
	}
	err := p.Err()
	if err == nil {
		err = h.Store.SetMatchWeights(r.Context(), kind, wt)
	}
	if de, ok := siapekspor.AsError(err); ok && de.Code == siapekspor.EInvalid {
		h.renderMatchWeights(w, r, http.StatusUnprocessableEntity, err)
		return
	} else if err != nil {
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "request.weights.saved", "/requests/weights")
}

// matchView is one entry for the match-factors partial.
type matchView struct {
	P *Page
	E match.Entry
}
