package api

import (
	"encoding/json"
	"net/http"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/importer"
)

// importChoice reads the caller's choice of header rows (?header_rows=3-4)
// and of columns (?map={"name":"Nama UMKM",…}: field → column header, as
// the command line's --map file).
func importChoice(r *http.Request, req *bulk.ImportRequest) error {
	q := r.URL.Query()
	rows, err := importer.ParseHeaderRows(q.Get("header_rows"))
	if err != nil {
		return err
	}
	req.HeaderRows = rows
	if m := q.Get("map"); m != "" {
		if err := json.Unmarshal([]byte(m), &req.Mapping); err != nil {
			return siapekspor.Errorf(siapekspor.EInvalid, "import.bad_map_json")
		}
	}
	return nil
}

type skippedJSONRow struct {
	Line   int    `json:"line"`
	Last   int    `json:"last,omitempty"` // a run of blank rows
	Code   string `json:"code"`
	Reason string `json:"reason"`
	Text   string `json:"text"`
}

// skippedJSON lists the rows set aside with their reasons in a language.
func skippedJSON(l i18n.Lang, ss []importer.Skipped) []skippedJSONRow {
	out := make([]skippedJSONRow, 0, len(ss))
	for _, s := range ss {
		out = append(out, skippedJSONRow{s.Line, s.Last, s.Key, bulk.SkippedText(l, s), s.Text})
	}
	return out
}

// ListImportLayouts: GET /api/v1/import-layouts — the saved header and
// column choices of the caller's office, which imports apply by themselves
// to a file that starts with the same header.
func (h *Handlers) ListImportLayouts(w http.ResponseWriter, r *http.Request) {
	list, err := h.Store.ImportLayouts(r.Context())
	h.respond(w, r, http.StatusOK, map[string]any{"items": list}, err)
}
