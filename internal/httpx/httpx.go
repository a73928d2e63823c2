// Package httpx holds what the pages and the JSON API share: the one map
// from domain error codes to HTTP statuses, language negotiation, and small
// request helpers.
package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
)

// Status maps a domain error code to its HTTP status. It is the only such map.
func Status(code siapekspor.ErrorCode) int {
	switch code {
	case siapekspor.EInvalid:
		return http.StatusUnprocessableEntity
	case siapekspor.ETooLarge:
		return http.StatusRequestEntityTooLarge
	case siapekspor.ENotFound:
		return http.StatusNotFound
	case siapekspor.EConflict:
		return http.StatusConflict
	case siapekspor.EForbidden:
		return http.StatusForbidden
	case siapekspor.EUnauthorized:
		return http.StatusUnauthorized
	case siapekspor.EUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// RetryAfter is the Retry-After, in seconds, of a 503: a busy database is
// free again once the write ahead of it (at most an import's write phase)
// has committed.
const RetryAfter = "5"

// SetRetryAfter tells a client of a 503 when to try again; every error
// answer (page or JSON) goes through it.
func SetRetryAfter(w http.ResponseWriter, status int) {
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", RetryAfter)
	}
}

// DomainError returns err as a domain error a user may see. Errors that are
// not domain errors are logged with their detail and become a generic
// internal error, so no driver message or stack ever reaches a user.
func DomainError(r *http.Request, log *slog.Logger, err error) *siapekspor.Error {
	if e, ok := siapekspor.AsError(err); ok {
		return e
	}
	if siapekspor.ErrorCodeOf(err) == siapekspor.EUnavailable { // a lock held past the wait: not a fault
		log.WarnContext(r.Context(), "database busy", "method", r.Method, "path", r.URL.Path, "err", err)
		return siapekspor.Errorf(siapekspor.EUnavailable, "error.busy")
	}
	log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	return siapekspor.Errorf(siapekspor.EInternal, "error.internal")
}

// LangCookie remembers the language a user chose.
const LangCookie = "lang"

// Lang picks the request's language: an explicit ?lang=, then the cookie,
// then Accept-Language, then the fallback.
func Lang(r *http.Request, fallback i18n.Lang) i18n.Lang {
	if l, ok := i18n.Parse(r.URL.Query().Get("lang")); ok {
		return l
	}
	if c, err := r.Cookie(LangCookie); err == nil {
		if l, ok := i18n.Parse(c.Value); ok {
			return l
		}
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		if l, ok := i18n.Parse(part); ok {
			return l
		}
	}
	return fallback
}

// ID reads a positive integer path value.
func ID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, siapekspor.Errorf(siapekspor.ENotFound, "error.page_not_found")
	}
	return id, nil
}

// WriteJSON writes v as JSON with a status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	SetRetryAfter(w, status)
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// MaxJSONBody bounds API request bodies.
const MaxJSONBody = 1 << 20

// DecodeJSON reads a JSON body into v, refusing unknown fields, trailing
// data and bodies over MaxJSONBody with an EInvalid domain error.
func DecodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &tooBig):
			return siapekspor.Errorf(siapekspor.ETooLarge, "error.body_too_large", siapekspor.Count(MaxJSONBody))
		case errors.As(err, &typ) && typ.Type == reflect.TypeOf(siapekspor.Date{}):
			return &siapekspor.Error{Code: siapekspor.EInvalid, Key: "error.validation",
				Fields: []siapekspor.FieldError{{Field: typ.Field, Key: "field.date_iso"}}}
		case errors.As(err, &typ):
			return &siapekspor.Error{Code: siapekspor.EInvalid, Key: "error.validation",
				Fields: []siapekspor.FieldError{{Field: typ.Field, Key: "field.wrong_type", Args: []any{typ.Type.String()}}}}
		case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
			return siapekspor.Errorf(siapekspor.EInvalid, "error.bad_json")
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return &siapekspor.Error{Code: siapekspor.EInvalid, Key: "error.validation",
				Fields: []siapekspor.FieldError{{Field: field, Key: "field.unknown"}}}
		}
		return siapekspor.Errorf(siapekspor.EInvalid, "error.bad_json")
	}
	if dec.More() {
		return siapekspor.Errorf(siapekspor.EInvalid, "error.bad_json")
	}
	return nil
}

// ClientAddr is the client's address: the socket peer, or the first
// X-Forwarded-For hop when the server is told it sits behind a proxy.
func ClientAddr(r *http.Request, behindProxy bool) string {
	if behindProxy {
		if f := r.Header.Get("X-Forwarded-For"); f != "" {
			first, _, _ := strings.Cut(f, ",")
			return strings.TrimSpace(first)
		}
	}
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}

// ParseEnterpriseFilter reads the registry's filters from a query string; the
// pages, the API and exports share it so that a filtered list means the same
// everywhere.
func ParseEnterpriseFilter(q url.Values) siapekspor.EnterpriseFilter {
	f := siapekspor.EnterpriseFilter{
		Query:        strings.TrimSpace(q.Get("q")),
		ProvinceCode: q.Get("province"),
		RegencyCode:  q.Get("regency"),
		DistrictCode: q.Get("district"),
		Sector:       siapekspor.Sector(q.Get("sector")),
		Kind:         siapekspor.EnterpriseKind(q.Get("kind")),
		SizeClass:    siapekspor.SizeClass(q.Get("size")),
		ExportStatus: siapekspor.ExportStatus(q.Get("export")),
		Sort:         siapekspor.EnterpriseSort(q.Get("sort")),
		Desc:         q.Get("desc") == "1" || q.Get("desc") == "true",
	}
	f.BinaanOrgID, _ = strconv.ParseInt(q.Get("binaan"), 10, 64)
	if !validSort(f.Sort) {
		f.Sort = siapekspor.SortName
	}
	return f
}

func validSort(s siapekspor.EnterpriseSort) bool {
	for _, x := range siapekspor.EnterpriseSorts {
		if x == s {
			return true
		}
	}
	return false
}

// AuthInfo is how the current request was authenticated.
type AuthInfo struct {
	User          *siapekspor.User
	SessionSecret string // set for a browser session
	TokenScope    string // set for an API token: read or read-write
}

type authKey struct{}

// WithAuth stores the request's authentication in ctx.
func WithAuth(ctx context.Context, a AuthInfo) context.Context {
	return context.WithValue(ctx, authKey{}, a)
}

// AuthFrom returns the request's authentication (zero for anonymous).
func AuthFrom(ctx context.Context) AuthInfo {
	a, _ := ctx.Value(authKey{}).(AuthInfo)
	return a
}
