package api

import (
	"net/http"
	"strconv"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/textsearch"
)

// ParseSearch reads a search request from a query string; pages and API
// share it.
func ParseSearch(r *http.Request) store.SearchRequest {
	q := r.URL.Query()
	limit, _ := strconv.Atoi(q.Get("limit"))
	offset, _ := strconv.Atoi(q.Get("offset"))
	return store.SearchRequest{Query: q.Get("q"), Kind: q.Get("kind"), HSChapter: q.Get("hs_chapter"), RegencyCode: q.Get("regency"),
		CertType: siapekspor.CertificateType(q.Get("cert")), Validation: siapekspor.ValidationStatus(q.Get("validation")),
		Limit: limit, Offset: offset}
}

type searchHitJSON struct {
	store.SearchHit
	Highlight map[string][]textsearch.Segment `json:"highlight"`
}

// Search: GET /api/v1/search?q=&kind=&hs_chapter=&regency=&cert=&validation=&limit=&offset=
func (h *Handlers) Search(w http.ResponseWriter, r *http.Request) {
	res, err := h.Store.Search(r.Context(), ParseSearch(r))
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
