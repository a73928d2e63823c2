package api

import (
	"net/http"

	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/textsearch"
)

type searchHitJSON struct {
	store.SearchHit
	Highlight map[string][]textsearch.Segment `json:"highlight"`
}

// Search: GET /api/v1/search?q=&kind=&hs_chapter=&regency=&cert=&validation=&limit=&offset=
func (h *Handlers) Search(w http.ResponseWriter, r *http.Request) {
	res, err := h.Store.Search(r.Context(), httpx.ParseSearch(r))
	if err != nil {
		h.Error(w, r, err)
		return
	}
	hits := make([]searchHitJSON, len(res.Hits))
	hl := textsearch.NewHighlighter(res.Query)
	for i, hit := range res.Hits {
		hits[i] = searchHitJSON{SearchHit: hit, Highlight: map[string][]textsearch.Segment{
			"title": hl.Highlight(hit.Title), "title_en": hl.Highlight(hit.TitleEN), "detail": hl.Highlight(hit.Detail)}}
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"total": res.Total, "total_capped": res.Capped, "hits": hits})
}
