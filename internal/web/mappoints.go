package web

import (
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/cluster"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// The map's enterprise points (issue 18 item 3): GET /geo/points answers,
// for a region (a province or regency code) and a view (zoom, bbox), the
// enterprises with coordinates as clusters on a grid made here, at most
// MaxClusters of them, for the roles that see addresses
// (siapekspor.SeesLocations); for the others, one count per district at a
// point inside the district. The phone draws what it receives and no more.

// MaxClusters bounds the markers of one answer: a cheap phone draws a few
// hundred DOM markers without stutter.
const MaxClusters = 400

type pointsAnswer struct {
	Mode      string            `json:"mode"` // "points" or "districts"
	Region    string            `json:"region"`
	Total     int               `json:"total"`
	Zoom      int               `json:"zoom,omitempty"`
	CellPx    int               `json:"cell_px,omitempty"`
	Clusters  []cluster.Cluster `json:"clusters,omitempty"`
	Districts []districtPoint   `json:"districts,omitempty"`
	// Truncated: a view past the summary's zooms held more than
	// store.MaxViewPoints enterprises; its clusters are the summary's
	// deepest grid's (coarser cells, every enterprise counted).
	Truncated bool `json:"truncated,omitempty"`
}

type districtPoint struct {
	Code  string  `json:"code"`
	Name  string  `json:"name"`
	Lat   float64 `json:"lat"`
	Lng   float64 `json:"lng"`
	Count int     `json:"n"`
	Href  string  `json:"href"`
}

// GeoPoints answers the enterprises' points of a region's map view.
func (h *Handlers) GeoPoints(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := siapekspor.ActorFrom(ctx)
	lang := httpx.Lang(r, i18n.ID)
	q := r.URL.Query()
	region, err := h.mapRegion(a, q.Get("region"))
	if err == nil && region.Level == 0 {
		err = siapekspor.FieldInvalid("region", "map.points_region")
	}
	if err != nil {
		if de, ok := siapekspor.AsError(err); ok {
			jsonError(w, lang, de)
			return
		}
		h.R.Error(w, r, err)
		return
	}
	ans := pointsAnswer{Region: region.Code, Mode: "districts"}
	if !siapekspor.SeesLocations(a) {
		ds, err := h.Store.CountDistrictPoints(ctx, region.Code)
		if err != nil {
			h.R.Error(w, r, err)
			return
		}
		ix := refdata.DefaultRegionIndex()
		// Districts' boundaries: the loaded ones over the binary's.
		districts := map[string]*refdata.Boundaries{}
		for _, d := range ds {
			ans.Total += d.Count
			if strings.Count(d.Code, ".") != 2 {
				continue // no district: counted in the total, not placed
			}
			p := districtPoint{Code: d.Code, Lat: round4(d.Lat), Lng: round4(d.Lng), Count: d.Count}
			if reg, ok := ix.ByCode(d.Code); ok {
				p.Name = reg.Name
			}
			parent := d.Code[:strings.LastIndexByte(d.Code, '.')]
			b, seen := districts[parent]
			if !seen {
				b, _, _, _ = h.childBounds(ctx, parent)
				districts[parent] = b
			}
			if lat, lng, ok := b.Representative(d.Code); ok {
				p.Lat, p.Lng = round4(lat), round4(lng)
			}
			v := url.Values{"regency": {d.Code[:strings.LastIndexByte(d.Code, '.')]}, "district": {d.Code}}
			p.Href = "/enterprises?" + v.Encode()
			ans.Districts = append(ans.Districts, p)
		}
		writeJSON(w, ans)
		return
	}
	ans.Mode = "points"
	zoom, err := strconv.Atoi(q.Get("zoom"))
	if err != nil || zoom < 0 || zoom > cluster.MaxZoom {
		jsonError(w, lang, siapekspor.FieldInvalid("zoom", "map.bad_zoom", cluster.MaxZoom))
		return
	}
	box, ok := parseBBox(q.Get("bbox"))
	if !ok {
		jsonError(w, lang, siapekspor.FieldInvalid("bbox", "map.bad_bbox"))
		return
	}
	// A little beyond the view, so that clusters at its edges stand where
	// their points are.
	res, more, err := h.Store.EnterpriseClusters(ctx, region.Code, zoom, box.Grow(0.1), MaxClusters)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	ans.Zoom, ans.CellPx, ans.Clusters, ans.Total, ans.Truncated = zoom, res.CellPx, res.Clusters, res.Total, more
	writeJSON(w, ans)
}

// parseBBox reads Leaflet's toBBoxString(): "west,south,east,north".
func parseBBox(s string) (cluster.BBox, bool) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 || len(s) > 200 {
		return cluster.BBox{}, false
	}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return cluster.BBox{}, false
		}
		v[i] = f
	}
	// Leaflet's bounds may run past the antimeridian when zoomed out: clamp.
	b := cluster.BBox{South: v[1], West: math.Max(-180, v[0]), North: v[3], East: math.Min(180, v[2])}
	return b, b.Valid()
}

func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-cache")
	json.NewEncoder(w).Encode(v)
}

// jsonError writes a domain error as the map's JSON endpoints do: its
// status, its code and its message (a field's own, when it names one) in
// the reader's language.
func jsonError(w http.ResponseWriter, lang i18n.Lang, de *siapekspor.Error) {
	msg := i18n.T(lang, de.Key, de.Args...)
	if len(de.Fields) > 0 {
		f := de.Fields[0]
		msg = i18n.T(lang, f.Key, f.Args...)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(httpx.Status(de.Code))
	json.NewEncoder(w).Encode(map[string]string{"code": string(de.Code), "message": msg})
}
