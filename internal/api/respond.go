package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/httpx"
)

// respond writes v with a status, or the error.
func (h *Handlers) respond(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		h.Error(w, r, err)
		return
	}
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	httpx.WriteJSON(w, status, v)
}

// items wraps a list as {"items": […]}.
func items[T any](list []T, err error) (map[string]any, error) {
	if list == nil {
		list = []T{}
	}
	return map[string]any{"items": list}, err
}

// ParseReadinessFilter reads the readiness filters from a query string;
// pages, API and exports share it. A minimum score, limit or offset that is
// not a number is refused by name (the filter keeps the rest).

func versionOf(r *http.Request) (int, error) {
	v, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || v <= 0 {
		return 0, siapekspor.Errorf(siapekspor.ENotFound, "error.not_found.questionnaire")
	}
	return v, nil
}

// listByID answers GET …/{id}/… with {"items": […]}: what list gives for
// the record the path's id names.
func listByID[T any](h *Handlers, w http.ResponseWriter, r *http.Request, list func(context.Context, int64) ([]T, error)) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	v, err := items(list(r.Context(), id))
	h.respond(w, r, http.StatusOK, v, err)
}

// getByID answers GET …/{id} with the record get reads.
func getByID[T any](h *Handlers, w http.ResponseWriter, r *http.Request, get func(context.Context, int64) (*T, error)) {
	id, err := httpx.ID(r, "id")
	var v *T
	if err == nil {
		v, err = get(r.Context(), id)
	}
	h.respond(w, r, http.StatusOK, v, err)
}

// idAndInput reads the path's id and the JSON body; on a bad one it has
// answered the request.
func idAndInput[In any](h *Handlers, w http.ResponseWriter, r *http.Request) (int64, In, bool) {
	var in In
	id, err := httpx.ID(r, "id")
	if err == nil {
		err = httpx.DecodeJSON(w, r, &in)
	}
	if err != nil {
		h.Error(w, r, err)
		return 0, in, false
	}
	return id, in, true
}
