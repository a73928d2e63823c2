package web

import (
	"net/http"
	"sort"
	"strings"
)

// apiOperation is one line of the API reference page.
type apiOperation struct {
	Method, Path, Summary string
}

// APIDocs lists the JSON API's operations from its OpenAPI document, so the
// page can never drift from the document.
func (h *Handlers) APIDocs(w http.ResponseWriter, r *http.Request) {
	p := NewPage(r, "api.title", "api")
	var ops []apiOperation
	paths, _ := h.OpenAPI["paths"].(map[string]any)
	for path, item := range paths {
		methods, _ := item.(map[string]any)
		for method, op := range methods {
			o, ok := op.(map[string]any)
			if !ok || method == "parameters" {
				continue
			}
			summary, _ := o["summary"].(string)
			ops = append(ops, apiOperation{Method: strings.ToUpper(method), Path: path, Summary: summary})
		}
	}
	order := map[string]int{"GET": 0, "POST": 1, "PUT": 2, "PATCH": 3, "DELETE": 4}
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].Path != ops[j].Path {
			return ops[i].Path < ops[j].Path
		}
		return order[ops[i].Method] < order[ops[j].Method]
	})
	p.Data = ops
	h.R.Render(w, r, http.StatusOK, "apidocs", p)
}
