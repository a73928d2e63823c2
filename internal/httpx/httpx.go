// Package httpx holds what the pages and the JSON API share: the one map
// from domain error codes to HTTP statuses, language negotiation, and small
// request helpers.
package httpx

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

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
	case siapekspor.EConflict, siapekspor.EAlreadyImported:
		return http.StatusConflict
	case siapekspor.EForbidden:
		return http.StatusForbidden
	case siapekspor.EUnauthorized:
		return http.StatusUnauthorized
	case siapekspor.EUnavailable:
		return http.StatusServiceUnavailable
	case siapekspor.ETooMany:
		return http.StatusTooManyRequests
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
// data and bodies over MaxJSONBody with an EInvalid domain error, and text
// unfit to store: bytes that are not UTF-8 anywhere in the body (the JSON
// decoder would quietly replace them), control characters in any string,
// line breaks outside the multi-line fields (siapekspor.TextProblems).
func DecodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxJSONBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return siapekspor.Errorf(siapekspor.ETooLarge, "error.body_too_large", siapekspor.Count(MaxJSONBody))
		}
		return siapekspor.Errorf(siapekspor.EInvalid, "error.bad_json")
	}
	if !utf8.Valid(body) {
		return siapekspor.Errorf(siapekspor.EInvalid, "error.bad_text")
	}
	if err := decodeJSON(body, v); err != nil {
		return err
	}
	return siapekspor.TextProblems(v).Err()
}

func decodeJSON(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &typ) && typ.Type == reflect.TypeOf(siapekspor.Date{}):
			return siapekspor.FieldInvalid(typ.Field, "field.date_iso")
		case errors.As(err, &typ):
			return siapekspor.FieldInvalid(typ.Field, "field.wrong_type", typ.Type.String())
		case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
			return siapekspor.Errorf(siapekspor.EInvalid, "error.bad_json")
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return siapekspor.FieldInvalid(field, "field.unknown")
		}
		return siapekspor.Errorf(siapekspor.EInvalid, "error.bad_json")
	}
	if dec.More() {
		return siapekspor.Errorf(siapekspor.EInvalid, "error.bad_json")
	}
	return nil
}

// CheckValues refuses form or query values unfit to store (see
// siapekspor.TextProblem), each against its field; a name that is itself
// unfit refuses the whole request.
func CheckValues(v url.Values) error {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var p siapekspor.Problems
	for _, k := range keys {
		if siapekspor.TextProblem(k, false) != "" {
			return siapekspor.Errorf(siapekspor.EInvalid, "error.bad_text")
		}
		for _, s := range v[k] {
			p.Text(k, s)
		}
	}
	return p.Err()
}

// FileName is an uploaded file's name as it may be stored and shown: its
// last path element, without control characters or bytes that are not
// UTF-8. A name is a label, so it is cleaned rather than refused.
func FileName(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f {
			return -1
		}
		return r
	}, name)
	return strings.TrimSpace(name)
}

// Proxies are the reverse proxies whose forwarding headers are believed
// (--trusted-proxies). A request that comes straight from a client, or from
// a peer not in the list, is taken at its socket address; its
// X-Forwarded-For and X-Forwarded-Proto are the client's own words and are
// ignored.
type Proxies []netip.Prefix

// Loopback is what --behind-proxy trusts: a proxy on the same machine.
var Loopback = Proxies{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// ParseProxies reads a list of addresses and CIDR ranges separated by commas
// or spaces: "10.0.0.0/8, 192.168.1.10, ::1".
func ParseProxies(s string) (Proxies, error) {
	var out Proxies
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: not an address or a CIDR range", f)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: not an address or a CIDR range", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// Trusts reports whether addr is one of the proxies.
func (p Proxies) Trusts(addr netip.Addr) bool {
	addr = addr.Unmap()
	for _, pre := range p {
		if pre.Contains(addr) {
			return true
		}
	}
	return false
}

// parseHost reads an address as a socket or a forwarding header gives it:
// "203.0.113.7", "203.0.113.7:443", "[2001:db8::1]:443" or "2001:db8::1".
func parseHost(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap().WithZone(""), true
	}
	a, err := netip.ParseAddr(strings.Trim(s, "[]"))
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap().WithZone(""), true
}

// peer is the socket's address, and whether it is a trusted proxy.
func (p Proxies) peer(r *http.Request) (netip.Addr, bool) {
	a, ok := parseHost(r.RemoteAddr)
	return a, ok && p.Trusts(a)
}

// ClientAddr is the client's address. From a trusted proxy it is the
// rightmost X-Forwarded-For entry that is not itself a trusted proxy: each
// proxy appends the address it was reached from, so the entries left of it
// are whatever the client chose to send. Otherwise it is the socket peer.
func (p Proxies) ClientAddr(r *http.Request) string {
	peer, trusted := p.peer(r)
	if !peer.IsValid() {
		host := r.RemoteAddr
		if i := strings.LastIndexByte(host, ':'); i > 0 {
			host = host[:i]
		}
		return strings.Trim(host, "[]")
	}
	if !trusted {
		return peer.String()
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHost(hops[i])
		if !ok {
			break // garbage: the last hop a proxy vouched for is all we know
		}
		client = a
		if !p.Trusts(a) {
			break
		}
	}
	return client.String()
}

// HTTPS reports whether the client reached us over HTTPS: directly, or
// through a trusted proxy whose X-Forwarded-Proto says so (the nearest
// proxy's word, the last value, counts).
func (p Proxies) HTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	if _, trusted := p.peer(r); !trusted {
		return false
	}
	vals := r.Header.Values("X-Forwarded-Proto")
	if len(vals) == 0 {
		return false
	}
	parts := strings.Split(vals[len(vals)-1], ",")
	return strings.EqualFold(strings.TrimSpace(parts[len(parts)-1]), "https")
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
