package web

import (
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/textsearch"
)

type searchHit struct {
	store.SearchHit
	TitleHL, TitleENHL, DetailHL []textsearch.Segment
}

type searchData struct {
	Req       store.SearchRequest
	Total     int
	Capped    bool
	Hits      []searchHit
	Regencies []refdata.Region
	Chapters  []refdata.HSCode
	Query     url.Values
	Prev      string
	Next      string
}

// hsChapters are the 97 HS chapters the filters offer, picked once from
// the 6,000 codes instead of on every request.
var hsChapters = sync.OnceValue(func() []refdata.HSCode {
	var out []refdata.HSCode
	for _, c := range refdata.HSCodes() {
		if c.Level == 2 {
			out = append(out, c)
		}
	}
	return out
})

// Search shows ranked, highlighted results over enterprises and products.
func (h *Handlers) Search(w http.ResponseWriter, r *http.Request) {
	p := NewPage(r, "search.title", "search")
	req := httpx.ParseSearch(r)
	req.Limit = 20
	d := searchData{Req: req, Query: r.URL.Query(), Regencies: refdata.DefaultRegionIndex().Children(h.Province), Chapters: hsChapters()}
	if req.Query != "" {
		res, err := h.Store.Search(r.Context(), req)
		if err != nil {
			h.R.Error(w, r, err)
			return
		}
		d.Total, d.Capped = res.Total, res.Capped
		hl := textsearch.NewHighlighter(res.Query)
		for _, hit := range res.Hits {
			d.Hits = append(d.Hits, searchHit{SearchHit: hit, TitleHL: hl.Highlight(hit.Title),
				TitleENHL: hl.Highlight(hit.TitleEN), DetailHL: hl.Highlight(hit.Detail)})
		}
		page := func(offset int) string {
			q := url.Values{}
			for k, v := range d.Query {
				q[k] = v
			}
			q.Set("offset", strconv.Itoa(offset))
			return "/search?" + q.Encode()
		}
		if req.Offset > 0 {
			d.Prev = page(max(req.Offset-req.Limit, 0))
		}
		if req.Offset+req.Limit < d.Total {
			d.Next = page(req.Offset + req.Limit)
		}
		p.Title = p.P.T("search.title") + ": " + req.Query
	}
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "search", p)
}
