package api

import (
	"net/http"
	"strconv"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// regionJSON is a region in API answers.
type regionJSON struct {
	Code    string   `json:"code"`
	Name    string   `json:"name"`
	Level   int      `json:"level"`
	Parent  string   `json:"parent,omitempty"`
	BPSCode string   `json:"bps_code,omitempty"`
	Lat     *float64 `json:"lat,omitempty"`
	Lng     *float64 `json:"lng,omitempty"`
}

func toRegionJSON(r refdata.Region) regionJSON {
	out := regionJSON{Code: r.Code, Name: r.Name, Level: r.Level, Parent: r.Parent, BPSCode: r.BPSCode}
	if r.Lat != 0 || r.Lng != 0 {
		lat, lng := r.Lat, r.Lng
		out.Lat, out.Lng = &lat, &lng
	}
	return out
}

func toRegionsJSON(rs []refdata.Region) []regionJSON {
	out := make([]regionJSON, 0, len(rs))
	for _, r := range rs {
		out = append(out, toRegionJSON(r))
	}
	return out
}

// Regions: GET /api/v1/regions.
//   - ?parent=18.01 lists the children of a region (?parent= empty: provinces);
//   - ?q=Kab. Lampung Selatan resolves a messy name (&level=2, &within=18 narrow it),
//     answering status exact, normalised, ambiguous (with candidates) or not_found
//     (with suggestions), never a guess.
func (h *Handlers) Regions(w http.ResponseWriter, r *http.Request) {
	ix := refdata.DefaultRegionIndex()
	q := r.URL.Query()
	if !q.Has("q") {
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": toRegionsJSON(ix.Children(q.Get("parent")))})
		return
	}
	level, _ := strconv.Atoi(q.Get("level"))
	if level < 0 || level > 4 {
		h.Error(w, r, siapekspor.FieldInvalid("level", "field.choice"))
		return
	}
	res := ix.Resolve(q.Get("q"), level, q.Get("within"))
	body := map[string]any{"status": res.Status, "candidates": toRegionsJSON(res.Candidates)}
	if res.Status == refdata.Exact || res.Status == refdata.Normalised {
		body["region"] = toRegionJSON(res.Region)
	}
	httpx.WriteJSON(w, http.StatusOK, body)
}

// Region: GET /api/v1/regions/{code} by Kemendagri code (dotted or not), or
// ?bps=1 to read the code as a BPS code.
func (h *Handlers) Region(w http.ResponseWriter, r *http.Request) {
	ix := refdata.DefaultRegionIndex()
	code := r.PathValue("code")
	var reg refdata.Region
	var ok bool
	if httpx.Flag(r, "bps") {
		reg, ok = ix.ByBPSCode(code)
	} else {
		reg, ok = ix.ByCode(code)
	}
	if !ok {
		h.Error(w, r, siapekspor.Errorf(siapekspor.ENotFound, "region.unknown", code))
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"region": toRegionJSON(reg), "children": toRegionsJSON(ix.Children(reg.Code))})
}

// HS: GET /api/v1/hs?q= searches the HS 2022 nomenclature by code prefix or words.
func (h *Handlers) HS(w http.ResponseWriter, r *http.Request) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	items := refdata.DefaultHSIndex().Search(r.URL.Query().Get("q"), limit)
	if items == nil {
		items = []refdata.HSCode{}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items, "edition": "HS 2022"})
}

// HSCode: GET /api/v1/hs/{code}.
func (h *Handlers) HSCode(w http.ResponseWriter, r *http.Request) {
	c, ok := refdata.DefaultHSIndex().ByCode(r.PathValue("code"))
	if !ok {
		h.Error(w, r, siapekspor.Errorf(siapekspor.ENotFound, "hs.unknown", r.PathValue("code")))
		return
	}
	httpx.WriteJSON(w, http.StatusOK, c)
}
