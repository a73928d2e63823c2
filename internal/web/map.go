package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
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

// The map page (issue 18 item 3): a region's children — a province's
// regencies and cities, a regency's districts — with their figures from
// the summary counts, as a table that works without JavaScript, and as a
// choropleth that static/map.js draws over it from /geo/{code}.

// MapFigures are what may colour the map: the table's columns in their
// order, then the funnel's stages beyond registered ("stage_trained") and
// their shares of the registered ("stage_trained_share"), from the funnel's
// summary figures (docs/funnel.md).
var MapFigures = mapFigures()

// mapColumns are the figures the table always shows.
var mapColumns = []string{"registered", "ikm", "assessed", "first_export", "regular_export", "export_share", "ikm_export_share"}

func mapFigures() []string {
	out := append([]string(nil), mapColumns...)
	for _, st := range funnel.Stages[1:] {
		out = append(out, "stage_"+st.Key(), "stage_"+st.Key()+"_share")
	}
	return out
}

// figureStage is the funnel stage a figure counts, and whether it is one.
func figureStage(figure string) (funnel.Stage, bool) {
	k, ok := strings.CutPrefix(figure, "stage_")
	if !ok {
		return 0, false
	}
	st, ok := funnel.ParseStage(strings.TrimSuffix(k, "_share"))
	return st, ok && st > funnel.Registered
}

// mapRow is one region of the table with its figures.
type mapRow struct {
	Region refdata.Region
	// Registered … IKMExporting are counts; Share and IKMShare are the
	// shares exporting (first or regular) of all and of IKM, 0..1.
	Registered, IKM, Assessed, First, Regular, IKMExporting int
	Share, IKMShare                                         float64
	// Down opens the map one level down ("" when there is none); List is
	// the registry list of the region's enterprises, with its filters.
	Down, List string
	// Boundary: the region has a boundary on the map.
	Boundary bool
	// StageN is how many reached the chosen funnel stage (or a later
	// one), FunnelRegistered the funnel's registered, StageShare the first
	// over the second (0..1); all zero when the figure is not a stage.
	StageN, FunnelRegistered int64
	StageShare               float64
	// Val and Shown are the chosen figure, as a number for the map's
	// colours ("" for none: a share of nothing) and as the page writes it.
	Val, Shown string
}

// show fills Val and Shown for figure.
func (r *mapRow) show(p i18n.Printer, figure string) {
	v := r.Value(figure)
	switch {
	case figure == "export_share" && r.Registered == 0, figure == "ikm_export_share" && r.IKM == 0,
		strings.HasPrefix(figure, "stage_") && strings.HasSuffix(figure, "_share") && r.FunnelRegistered == 0:
		r.Val, r.Shown = "", "—"
	case strings.HasSuffix(figure, "_share"):
		r.Val, r.Shown = strconv.FormatFloat(v, 'f', 2, 64), p.Dec(math.Round(v*100)/100)+"%"
	default:
		r.Val, r.Shown = strconv.FormatFloat(v, 'f', 0, 64), p.Num(int64(v))
	}
}

// Value is the row's figure by name, for the map's colours.
func (r mapRow) Value(figure string) float64 {
	if _, ok := figureStage(figure); ok {
		if strings.HasSuffix(figure, "_share") {
			return r.StageShare * 100
		}
		return float64(r.StageN)
	}
	switch figure {
	case "ikm":
		return float64(r.IKM)
	case "assessed":
		return float64(r.Assessed)
	case "first_export":
		return float64(r.First)
	case "regular_export":
		return float64(r.Regular)
	case "export_share":
		return r.Share * 100
	case "ikm_export_share":
		return r.IKMShare * 100
	}
	return float64(r.Registered)
}

// ListWith is the registry list link with more filters (kind=ikm …).
func (r mapRow) ListWith(kv ...string) string {
	u, _ := url.Parse(r.List)
	q := u.Query()
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	u.RawQuery = q.Encode()
	return u.String()
}

type mapData struct {
	Region  refdata.Region // Level 0: the whole country
	Figure  string
	Figures []string
	// Columns are the table's figure columns: the usual seven, and the
	// chosen funnel stage's count and share.
	Columns []string
	// FigureName is the chosen figure's name in the reader's language.
	FigureName string
	// Stage is the chosen funnel stage (Registered when the figure is not
	// one): the table then has its count and share as two more columns.
	Stage    funnel.Stage
	StageKey string
	Rows     []mapRow
	Total    mapRow
	// Up is the map one level up, when the reader may open it.
	Up, UpName string
	// Geo is the URL of the children's boundaries, "" when they have none.
	Geo string
	// Points is the URL of the enterprises' points (/geo/points), "" when
	// the page has no map; Exact: the reader sees them at their
	// coordinates, clustered (siapekspor.SeesLocations), else per district.
	Points string
	Exact  bool
	// Missing counts children without a boundary (drawn as table rows only).
	Missing int
	// Readiness: the assessed figures link to the readiness list (regency
	// level; the list has no district filter).
	Readiness bool
	// Tiles and TilesAttribution: an optional background tile layer.
	Tiles, TilesAttribution string
	ChildLevel              int
}

// mapScope is the region an actor's map may show: an office's region, or
// the installation's province ("" everywhere).
func (h *Handlers) mapScope(a siapekspor.Actor) string {
	if s := siapekspor.ScopeOf(a); s.RegionCode != "" {
		return s.RegionCode
	}
	return h.Province
}

// within says whether code is region or lies inside it ("" is everywhere).
func within(code, region string) bool {
	return region == "" || code == region || strings.HasPrefix(code, region+".")
}

// mapRegion reads and checks ?region=: a known province or regency inside
// the reader's scope; the scope's own region when absent.
func (h *Handlers) mapRegion(a siapekspor.Actor, raw string) (refdata.Region, error) {
	scope := h.mapScope(a)
	code := strings.TrimSpace(raw)
	if code == "" {
		code = scope
	}
	if code == "" {
		return refdata.Region{}, nil // the whole country: its provinces
	}
	ix := refdata.DefaultRegionIndex()
	r, ok := ix.ByCode(code)
	if !ok {
		return r, siapekspor.Errorf(siapekspor.ENotFound, "map.unknown_region", code)
	}
	switch {
	case !within(r.Code, h.Province):
		prov, _ := ix.ByCode(h.Province)
		return r, siapekspor.Errorf(siapekspor.EInvalid, "map.outside_province", r.Name, prov.Name)
	case !within(r.Code, scope):
		own, _ := ix.ByCode(scope)
		return r, siapekspor.Errorf(siapekspor.EForbidden, "map.outside_office", r.Name, own.Name)
	case r.Level > 2:
		return r, siapekspor.Errorf(siapekspor.EInvalid, "map.too_fine", r.Name)
	}
	return r, nil
}

// Map shows a region's children with their figures, and their map.
func (h *Handlers) Map(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := NewPage(r, "map.title", "map")
	q := r.URL.Query()
	region, err := h.mapRegion(p.Actor, q.Get("region"))
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	figure := q.Get("figure")
	if figure == "" {
		figure = "export_share"
	}
	if !validFigure(figure) {
		h.R.Error(w, r, siapekspor.FieldInvalid("figure", "map.unknown_figure", figure))
		return
	}
	ix := refdata.DefaultRegionIndex()
	d := mapData{Region: region, Figure: figure, Figures: MapFigures, Columns: append([]string(nil), mapColumns...), ChildLevel: region.Level + 1,
		Readiness: region.Level == 1 && siapekspor.Can(p.Actor, siapekspor.PermReadinessRead),
		Tiles:     h.MapTiles, TilesAttribution: h.MapTilesAttribution}
	if region.Level > 0 {
		scope := h.mapScope(p.Actor)
		if up, ok := ix.ByCode(region.Parent); ok && within(up.Code, scope) {
			d.Up, d.UpName = mapURL(up.Code, figure), up.Name
		} else if region.Level == 1 && h.Province == "" && scope == "" {
			d.Up, d.UpName = mapURL("", figure), "Indonesia"
		}
	}
	var bounds *refdata.Boundaries
	if b, _, _, ok := h.childBounds(ctx, region.Code); ok && region.Level > 0 {
		bounds, d.Geo = b, "/geo/"+region.Code
		d.Points, d.Exact = "/geo/points?region="+url.QueryEscape(region.Code), siapekspor.SeesLocations(p.Actor)
	}
	if d.Total, err = h.mapFigures(ctx, region, ""); err != nil {
		h.R.Error(w, r, err)
		return
	}
	var stages map[string]funnel.Counts
	if st, ok := figureStage(figure); ok {
		d.Stage, d.StageKey = st, st.Key()
		d.Columns = append(d.Columns, "stage_"+st.Key(), "stage_"+st.Key()+"_share")
		if stages, err = h.mapFunnel(ctx, region); err != nil {
			h.R.Error(w, r, err)
			return
		}
		d.Total.setStage(st, stages[""])
	}
	for _, c := range ix.Children(region.Code) {
		row, err := h.mapFigures(ctx, region, c.Code)
		if err != nil {
			h.R.Error(w, r, err)
			return
		}
		row.Region = c
		if d.Stage > funnel.Registered {
			row.setStage(d.Stage, stages[c.Code])
		}
		if bounds != nil {
			row.Boundary = bounds.Has(c.Code)
			if !row.Boundary {
				d.Missing++
			}
		}
		// One level down: a province's map from the country's table, a
		// regency's districts (the table, and the map where they have
		// boundaries) from a province's.
		if c.Level <= 2 {
			row.Down = mapURL(c.Code, figure)
		}
		row.show(p.P, figure)
		d.Rows = append(d.Rows, row)
	}
	d.Total.Region = region
	d.Total.show(p.P, figure)
	if region.Level == 0 {
		d.Total.Region.Name = "Indonesia"
	}
	p.Title = p.P.T("map.title_of", d.Total.Region.Name)
	d.FigureName = figureName(p.P, figure)
	p.Map = d.Geo != ""
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "map", p)
}

// figureName is a figure's name in the reader's language.
func figureName(p i18n.Printer, figure string) string {
	if st, ok := figureStage(figure); ok {
		if strings.HasSuffix(figure, "_share") {
			return p.T("map.figure.stage_share", p.T("funnel.stage."+st.Key()))
		}
		return p.T("map.figure.stage", p.T("funnel.stage."+st.Key()))
	}
	return p.T("map.figure." + figure)
}

// setStage fills the row's funnel figures for stage from its counts.
func (r *mapRow) setStage(st funnel.Stage, c funnel.Counts) {
	r.StageN, r.FunnelRegistered = c[st].Reached, c[funnel.Registered].Reached
	if r.FunnelRegistered > 0 {
		r.StageShare = float64(r.StageN) / float64(r.FunnelRegistered)
	}
}

// mapFunnel reads the funnel of a region's children (and, under "", of
// the region itself) from the funnel's summary figures, in the reader's
// scope: two summary reads whatever the number of children.
func (h *Handlers) mapFunnel(ctx context.Context, region refdata.Region) (map[string]funnel.Counts, error) {
	var fq store.FunnelQuery
	switch region.Level {
	case 0:
		fq.Filter.ProvinceCode, fq.By = h.Province, store.FunnelProvince
	case 1:
		fq.Filter.ProvinceCode, fq.By = region.Code, store.FunnelRegency
	default:
		fq.Filter.RegencyCode, fq.By = region.Code, store.FunnelDistrict
	}
	out := map[string]funnel.Counts{}
	groups, err := h.Store.Funnel(ctx, fq)
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		if g.Key != "" {
			out[g.Key] = g.Counts
		}
	}
	fq.By = store.FunnelTotal
	total, err := h.Store.Funnel(ctx, fq)
	if err != nil {
		return nil, err
	}
	for _, g := range total {
		out[""] = g.Counts
	}
	return out, nil
}

func validFigure(f string) bool {
	for _, x := range MapFigures {
		if f == x {
			return true
		}
	}
	return false
}

func mapURL(code, figure string) string {
	v := url.Values{}
	if code != "" {
		v.Set("region", code)
	}
	v.Set("figure", figure)
	return "/map?" + v.Encode()
}

// mapFigures counts one region's figures from the summary, within the
// reader's scope: the region itself when child is "", else its child.
func (h *Handlers) mapFigures(ctx context.Context, parent refdata.Region, child string) (mapRow, error) {
	var f siapekspor.EnterpriseFilter
	list := url.Values{}
	code, level := parent.Code, parent.Level
	if child != "" {
		code, level = child, parent.Level+1
	}
	switch level {
	case 0:
		f.ProvinceCode = h.Province
	case 1:
		f.ProvinceCode = code
		list.Set("province", code)
	case 2:
		f.RegencyCode = code
		list.Set("regency", code)
	case 3:
		f.RegencyCode, f.DistrictCode = parent.Code, code
		list.Set("regency", parent.Code)
		list.Set("district", code)
	}
	row := mapRow{List: "/enterprises?" + list.Encode()}
	byExport, err := h.Store.CountEnterprises(ctx, f, store.ByExport)
	if err != nil {
		return row, err
	}
	for _, n := range byExport {
		row.Registered += n
	}
	row.First, row.Regular = byExport[string(siapekspor.ExportFirst)], byExport[string(siapekspor.ExportRegular)]
	byKind, err := h.Store.CountEnterprises(ctx, f, store.ByKind)
	if err != nil {
		return row, err
	}
	row.IKM = byKind[string(siapekspor.KindIKM)]
	byReadiness, err := h.Store.CountEnterprises(ctx, f, store.ByReadiness)
	if err != nil {
		return row, err
	}
	row.Assessed = row.Registered - byReadiness[""]
	if row.IKM > 0 {
		f.Kind = siapekspor.KindIKM
		ikm, err := h.Store.CountEnterprises(ctx, f, store.ByExport)
		if err != nil {
			return row, err
		}
		row.IKMExporting = ikm[string(siapekspor.ExportFirst)] + ikm[string(siapekspor.ExportRegular)]
		row.IKMShare = float64(row.IKMExporting) / float64(row.IKM)
	}
	if row.Registered > 0 {
		row.Share = float64(row.First+row.Regular) / float64(row.Registered)
	}
	return row, nil
}

// Geo answers the boundaries of a region's children as GeoJSON: a
// province's regencies and cities, a regency's districts (where the
// binary has them). The answer depends only on the binary's reference
// data, so it carries an ETag and may be cached for a day; it is
// gzip-compressed for a client that accepts it (a province is about
// 80 kB of JSON, 25 kB compressed).
func (h *Handlers) Geo(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	ix := refdata.DefaultRegionIndex()
	region, known := ix.ByCode(code)
	b, children, version, ok := h.childBounds(r.Context(), code)
	if !known || !ok || !within(region.Code, h.Province) {
		lang := httpx.Lang(r, i18n.ID)
		msg := i18n.T(lang, "map.no_boundaries", code)
		switch {
		case !known:
			msg = i18n.T(lang, "map.unknown_region", code)
		case !within(region.Code, h.Province):
			prov, _ := ix.ByCode(h.Province)
			msg = i18n.T(lang, "map.outside_province", region.Name, prov.Name)
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		json.NewEncoder(w).Encode(map[string]string{"code": string(siapekspor.ENotFound), "message": msg})
		return
	}
	sum := sha256.Sum256([]byte(refdata.Version() + "|" + region.Code + "|" + version))
	etag := `"geo-` + hex.EncodeToString(sum[:8]) + `"`
	hd := w.Header()
	hd.Set("ETag", etag)
	hd.Set("Cache-Control", "private, max-age=86400")
	hd.Set("Vary", "Accept-Encoding")
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	var buf bytes.Buffer
	gz := acceptsGzip(r)
	if gz {
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		if _, err := b.WriteGeoJSON(zw, children); err != nil {
			h.R.Error(w, r, err)
			return
		}
		zw.Close()
		hd.Set("Content-Encoding", "gzip")
	} else if _, err := b.WriteGeoJSON(&buf, children); err != nil {
		h.R.Error(w, r, err)
		return
	}
	hd.Set("Content-Type", "application/geo+json")
	hd.Set("Content-Length", strconv.Itoa(buf.Len()))
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// childBounds returns the boundaries of region code's children: those an
// admin loaded (region_boundaries) in place of the binary's own, the
// binary's for the others; version changes with every load ("" for the
// binary's alone); ok is false when no child has a boundary.
func (h *Handlers) childBounds(ctx context.Context, code string) (b *refdata.Boundaries, children []refdata.Region, version string, ok bool) {
	ix := refdata.DefaultRegionIndex()
	base, _, _ := refdata.ChildBoundaries(ix, code)
	region, known := ix.ByCode(code)
	if !known || (region.Level != 1 && region.Level != 2) {
		return nil, nil, "", false
	}
	loaded, version, err := h.Store.LoadedBoundaries(ctx, region.Code)
	if err != nil || len(loaded) == 0 {
		b, children, ok = refdata.ChildBoundaries(ix, code)
		return b, children, "", ok
	}
	all := ix.Children(region.Code)
	codes := make([]string, len(all))
	for i, c := range all {
		codes[i] = c.Code
	}
	b = refdata.NewBoundaries(loaded).Over(base, codes)
	for _, c := range all {
		if b.Has(c.Code) {
			children = append(children, c)
		}
	}
	return b, children, version, len(children) > 0
}

// acceptsGzip says whether the request's Accept-Encoding allows gzip
// (named without q=0).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			params = strings.ReplaceAll(params, " ", "")
			return params != "q=0" && params != "q=0.0" && params != "q=0.00" && params != "q=0.000"
		}
	}
	return false
}

// TileOrigin checks a tile URL template (https or http, a host, and the
// {z}, {x} and {y} placeholders; {s} only as the host's first label) and
// returns the origin the CSP's img-src must then allow.
func TileOrigin(template string) (string, error) {
	bad := fmt.Errorf("map tiles: %q is not a tile URL such as https://tile.example.org/{z}/{x}/{y}.png", template)
	scheme, rest, ok := strings.Cut(template, "://")
	if !ok || (scheme != "https" && scheme != "http") {
		return "", bad
	}
	host, path, _ := strings.Cut(rest, "/")
	for _, p := range []string{"{z}", "{x}", "{y}"} {
		if !strings.Contains(path, p) {
			return "", bad
		}
	}
	wild := strings.HasPrefix(host, "{s}.")
	check := strings.TrimPrefix(host, "{s}.")
	u, err := url.Parse(scheme + "://" + check + "/")
	if err != nil || u.Host != check || check == "" || strings.ContainsAny(check, "{}*@ ;,'\"") {
		return "", bad
	}
	if wild {
		return scheme + "://*." + check, nil
	}
	return scheme + "://" + check, nil
}

// mapCellsView is one row's figure cells.
type mapCellsView struct {
	P         *Page
	Row       mapRow
	Readiness string // the readiness list of the row's assessed enterprises, "" for no link
	StageKey  string // the chosen funnel stage: two more cells, its count and share
}

func mapFuncs() map[string]any {
	return map[string]any{
		"mapCells": func(p *Page, d mapData, r mapRow) mapCellsView {
			v := mapCellsView{P: p, Row: r, StageKey: d.StageKey}
			if d.Readiness {
				v.Readiness = "/readiness"
				if r.Region.Level == 2 {
					v.Readiness += "?regency=" + url.QueryEscape(r.Region.Code)
				}
			}
			return v
		},
		"mapFigureName": func(p *Page, figure string) string { return figureName(p.P, figure) },
		// pct writes a share (0..1) as a percentage with up to two decimals
		// (a province's export share is a fraction of a percent).
		"pct": func(p *Page, x float64) string { return p.P.Dec(math.Round(x*10000)/100) + "%" },
	}
}
