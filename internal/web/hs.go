package web

import (
	"net/http"
	"strings"

	"github.com/siapekspor/siapekspor/internal/refdata"
)

type hsRow struct {
	refdata.HSCode
	WordsID string
}

// HS looks up the built-in HS 2022 nomenclature by code or by words in
// Indonesian or English: the product form's picker without JavaScript.
func (h *Handlers) HS(w http.ResponseWriter, r *http.Request) {
	p := NewPage(r, "hs.title", "")
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	var rows []hsRow
	if q != "" {
		for _, c := range refdata.DefaultHSIndex().Search(q, 100) {
			rows = append(rows, hsRow{HSCode: c, WordsID: refdata.WordsID(c.Code)})
		}
	}
	p.Data = struct {
		Q    string
		Rows []hsRow
	}{q, rows}
	h.R.Render(w, r, http.StatusOK, "hs", p)
}
