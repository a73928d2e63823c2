package api

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"sort"
	"strings"
	"sync"
)

//go:embed openapi/*.json
var openapiFiles embed.FS

var (
	openapiOnce sync.Once
	openapiDoc  map[string]any
	openapiJSON []byte
	openapiErr  error
)

// OpenAPI returns the OpenAPI 3 document, merged from one fragment per area
// (openapi/NN_area.json) so that each part of the system documents its own
// routes. Two fragments defining the same path or schema is an error.
func OpenAPI() (map[string]any, []byte, error) {
	openapiOnce.Do(func() {
		names, err := fs.Glob(openapiFiles, "openapi/*.json")
		if err != nil {
			openapiErr = err
			return
		}
		sort.Strings(names)
		for _, name := range names {
			b, _ := openapiFiles.ReadFile(name)
			var frag map[string]any
			if err := json.Unmarshal(b, &frag); err != nil {
				openapiErr = fmt.Errorf("%s: %w", name, err)
				return
			}
			if openapiDoc == nil {
				openapiDoc = frag
				continue
			}
			if err := mergeInto(openapiDoc, frag, name, ""); err != nil {
				openapiErr = err
				return
			}
		}
		openapiJSON, openapiErr = json.MarshalIndent(openapiDoc, "", "  ")
	})
	return openapiDoc, openapiJSON, openapiErr
}

func mergeInto(dst, src map[string]any, file, path string) error {
	for k, v := range src {
		sub, isMap := v.(map[string]any)
		cur, exists := dst[k]
		switch {
		case !exists:
			dst[k] = v
		case isMap:
			curMap, ok := cur.(map[string]any)
			if !ok || strings.HasPrefix(path, "/paths/") || strings.HasPrefix(path, "/components/schemas/") {
				return fmt.Errorf("%s: %s/%s is defined twice", file, path, k)
			}
			if err := mergeInto(curMap, sub, file, path+"/"+k); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%s: %s/%s is defined twice", file, path, k)
		}
	}
	return nil
}

// OpenAPIHandler serves the document at /api/openapi.json.
func (h *Handlers) OpenAPIHandler(w http.ResponseWriter, r *http.Request) {
	_, b, err := OpenAPI()
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b)
}
