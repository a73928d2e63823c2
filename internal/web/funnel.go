package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/funnel"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
)

// The funnel dashboard (issue 18, items 1, 2 and 4): the funnel of the
// enterprises the reader may see, its breakdown, the targets with their
// gap, and every number a link to the registry list with the same filters.

type funnelData struct {
	Query     url.Values
	Filter    siapekspor.EnterpriseFilter
	Year      int
	By        store.FunnelBy
	Bys       []store.FunnelBy
	Years     []int
	Stages    []funnel.Stage
	Total     []funnelCell
	Groups    []funnelGroupView
	Targets   []targetView
	Regencies []refdata.Region
	Districts []refdata.Region
	Offices   []siapekspor.Organisation
	Province  string
}

// funnelCell is one stage of a funnel as shown.
type funnelCell struct {
	Row  funnel.Row
	Link string // the registry list of the enterprises behind Reached
}

type funnelGroupView struct {
	Name  string
	Link  string // the dashboard for this group alone
	Cells []funnelCell
}

type targetView struct {
	P        *store.TargetProgress
	Sentence string
	Link     string // the population's exporters in the region
}

// listLink is the registry list of the enterprises a funnel's filter and
// a stage select, with the same filters (those the list supports).
func listLink(f siapekspor.EnterpriseFilter, stage funnel.Stage, year int, set map[string]string) string {
	q := url.Values{}
	add := func(k, v string) {
		if v != "" && v != "0" {
			q.Set(k, v)
		}
	}
	add("regency", f.RegencyCode)
	add("district", f.DistrictCode)
	add("sector", string(f.Sector))
	add("kind", string(f.Kind))
	add("size", string(f.SizeClass))
	add("readiness", f.Readiness)
	add("binaan", strconv.FormatInt(f.BinaanOrgID, 10))
	for k, v := range set {
		add(k, v)
	}
	if stage > funnel.Registered {
		q.Set("stage", stage.Key())
		if year > 0 {
			q.Set("year", strconv.Itoa(year))
		}
	}
	return "/enterprises?" + q.Encode()
}

// groupFilter is what a breakdown's group adds to the list's filter.
func groupFilter(by store.FunnelBy, key string) map[string]string {
	switch by {
	case store.FunnelRegency:
		return map[string]string{"regency": key}
	case store.FunnelDistrict:
		return map[string]string{"district": key}
	case store.FunnelSector:
		return map[string]string{"sector": key}
	case store.FunnelKind:
		return map[string]string{"kind": key}
	case store.FunnelSize:
		return map[string]string{"size": key}
	case store.FunnelReadiness:
		if key == "" {
			key = store.ReadinessNone
		}
		return map[string]string{"readiness": key}
	case store.FunnelOffice:
		return map[string]string{"binaan": key}
	}
	return nil
}

// groupName is a breakdown group's label.
func groupName(pr i18n.Printer, by store.FunnelBy, g store.FunnelReportGroup) string {
	switch by {
	case store.FunnelRegency, store.FunnelDistrict:
		if g.Name != "" {
			return g.Name
		}
	case store.FunnelSector:
		return pr.Choice("sector", g.Key)
	case store.FunnelKind:
		return pr.Choice("kind", g.Key)
	case store.FunnelSize:
		if g.Key == "" {
			return pr.T("funnel.unknown")
		}
		return pr.Choice("size", g.Key)
	case store.FunnelReadiness:
		if g.Key == "" {
			return pr.T("funnel.not_assessed")
		}
		return pr.Choice("level", g.Key)
	case store.FunnelOffice:
		if g.Key == "0" {
			return pr.T("funnel.no_office")
		}
		if g.Name != "" {
			return g.Name
		}
	}
	if g.Key == "" {
		return pr.T("funnel.unknown")
	}
	return g.Key
}

// TargetSentence says a target's gap in words: "142 IKM lagi harus
// mengekspor untuk mencapai 30% di Tanggamus pada 2030".
func TargetSentence(pr i18n.Printer, p *store.TargetProgress) string {
	t := p.Target
	pop := pr.Choice("target.population", t.Population)
	goal := pr.T("funnel.goal_count", pr.Num(p.Goal))
	if t.Percent > 0 {
		goal = strconv.FormatFloat(t.Percent, 'f', -1, 64) + "%"
		if pr.Lang == i18n.ID {
			goal = strings.ReplaceAll(goal, ".", ",")
		}
	}
	if p.Gap == 0 {
		return pr.T("funnel.target_met", pop, goal, p.RegionName, t.Year)
	}
	return pr.T("funnel.target_gap", pr.Num(p.Gap), pop, goal, p.RegionName, t.Year)
}

// Funnel shows the dashboard.
func (h *Handlers) Funnel(w http.ResponseWriter, r *http.Request) {
	p := NewPage(r, "funnel.title", "funnel")
	q := r.URL.Query()
	fq, err := httpx.ParseFunnelQuery(q, h.Store.Now())
	if err != nil {
		p.SetError(httpx.DomainError(r, h.Log, err))
		fq = store.FunnelQuery{}
	}
	if h.Province != "" {
		fq.Filter.ProvinceCode = h.Province
	}
	rep, err := h.Store.FunnelReport(r.Context(), fq)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	f := fq.Filter
	d := funnelData{Query: q, Filter: f, Year: fq.Year, By: fq.By, Bys: store.FunnelBys, Stages: funnel.Stages, Province: h.Province}
	for y := h.Store.Now().Year(); y >= 2020; y-- {
		d.Years = append(d.Years, y)
	}
	for _, row := range rep.Total {
		d.Total = append(d.Total, funnelCell{Row: row, Link: listLink(f, row.Stage, fq.Year, nil)})
	}
	for _, g := range rep.Groups {
		set := groupFilter(fq.By, g.Key)
		gv := funnelGroupView{Name: groupName(p.P, fq.By, g)}
		if set != nil {
			// The dashboard for the group alone: its filters, no breakdown.
			gq := url.Values{}
			for k, v := range q {
				gq[k] = v
			}
			gq.Del("by")
			for k, v := range set {
				gq.Set(k, v)
			}
			gv.Link = "/funnel?" + gq.Encode()
		}
		year := fq.Year
		if fq.By == store.FunnelYear {
			year, _ = strconv.Atoi(g.Key)
		}
		for _, row := range g.Rows {
			gv.Cells = append(gv.Cells, funnelCell{Row: row, Link: listLink(f, row.Stage, year, set)})
		}
		d.Groups = append(d.Groups, gv)
	}
	for _, tp := range rep.Targets {
		tf := store.RegionFilter(tp.Target.RegionCode)
		tf.Kind = tp.Target.Kind()
		year := tp.AsOfYear
		if year >= h.Store.Now().Year() {
			year = 0
		}
		d.Targets = append(d.Targets, targetView{P: tp, Sentence: TargetSentence(p.P, tp), Link: listLink(tf, funnel.FirstExport, year, nil)})
	}
	ix := refdata.DefaultRegionIndex()
	if h.Province != "" {
		d.Regencies = ix.Children(h.Province)
	}
	if f.RegencyCode != "" {
		d.Districts = ix.Children(f.RegencyCode)
	}
	if d.Offices, err = h.Organisations.ListOrganisations(r.Context(), siapekspor.OrganisationFilter{Kinds: coachingKinds()}); err != nil {
		h.R.Error(w, r, err)
		return
	}
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "funnel", p)
}

type targetsData struct {
	Current  []targetView
	History  []*siapekspor.Target
	Form     *siapekspor.Target
	Regions  []refdata.Region
	CanAdmin bool
}

// Targets lists the current targets with their gap, their history, and
// (for admins) the form that sets a new version.
func (h *Handlers) Targets(w http.ResponseWriter, r *http.Request) {
	h.renderTargets(w, r, http.StatusOK, &siapekspor.Target{Population: "ikm", Year: h.Store.Now().Year(), Denominator: siapekspor.DenominatorRegistry, RegionCode: h.Province}, nil)
}

func (h *Handlers) renderTargets(w http.ResponseWriter, r *http.Request, status int, form *siapekspor.Target, formErr error) {
	p := NewPage(r, "targets.title", "funnel")
	if formErr != nil {
		p.SetError(httpx.DomainError(r, h.Log, formErr))
	}
	ctx := r.Context()
	ts, err := h.Store.Targets(ctx, store.TargetFilter{})
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	d := targetsData{Form: form, CanAdmin: siapekspor.Can(p.Actor, siapekspor.PermTargetAdmin)}
	scope := siapekspor.ScopeOf(p.Actor)
	for _, t := range ts {
		if !scope.All && t.RegionCode != scope.RegionCode && !strings.HasPrefix(t.RegionCode, scope.RegionCode+".") {
			continue
		}
		tp, err := h.Store.MeasureTarget(ctx, t)
		if err != nil {
			h.R.Error(w, r, err)
			return
		}
		tf := store.RegionFilter(t.RegionCode)
		tf.Kind = t.Kind()
		year := tp.AsOfYear
		if year >= h.Store.Now().Year() {
			year = 0
		}
		d.Current = append(d.Current, targetView{P: tp, Sentence: TargetSentence(p.P, tp), Link: listLink(tf, funnel.FirstExport, year, nil)})
	}
	if d.History, err = h.Store.TargetHistory(ctx, store.TargetFilter{}); err != nil {
		h.R.Error(w, r, err)
		return
	}
	ix := refdata.DefaultRegionIndex()
	if h.Province == "" {
		d.Regions = ix.Children("")
	} else {
		if reg, ok := ix.ByCode(h.Province); ok {
			d.Regions = append(d.Regions, reg)
		}
		d.Regions = append(d.Regions, ix.Children(h.Province)...)
	}
	p.Data = d
	h.R.Render(w, r, status, "targets", p)
}

// TargetSave stores a new version of a target from the form (admins).
func (h *Handlers) TargetSave(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.R.Error(w, r, err)
		return
	}
	t := &siapekspor.Target{
		RegionCode: r.PostFormValue("region_code"), Population: siapekspor.TargetPopulation(r.PostFormValue("population")),
		Denominator: siapekspor.Denominator(r.PostFormValue("denominator")), DenominatorSource: r.PostFormValue("denominator_source"),
		Note: r.PostFormValue("note"), Removed: r.PostFormValue("removed") == "1",
	}
	var pr siapekspor.Problems
	num := func(name string, dst *int64) {
		s := strings.TrimSpace(strings.ReplaceAll(r.PostFormValue(name), ".", ""))
		if s == "" {
			return
		}
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			pr.Add(name, "field.number")
		}
		*dst = v
	}
	var year, baseYear int64
	num("year", &year)
	num("baseline_year", &baseYear)
	num("count", &t.Count)
	num("baseline_count", &t.BaselineCount)
	num("denominator_count", &t.DenominatorCount)
	t.Year, t.BaselineYear = int(year), int(baseYear)
	if s := strings.TrimSpace(strings.TrimSuffix(strings.ReplaceAll(r.PostFormValue("percent"), ",", "."), "%")); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			pr.Add("percent", "field.number")
		}
		t.Percent = v
	}
	err := pr.Err()
	if err == nil {
		err = h.Store.SaveTarget(r.Context(), t, h.Province)
	}
	if err != nil {
		if siapekspor.ErrorCodeOf(err) == siapekspor.EInvalid {
			h.renderTargets(w, r, http.StatusUnprocessableEntity, t, err)
			return
		}
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "targets.saved", "/funnel/targets")
}
