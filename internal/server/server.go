// Package server wires the pages and the JSON API into one http.Handler: the
// route table (every route with the permission it requires), and the
// middleware around it.
package server

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/api"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/web"
)

// Config configures the handler.
type Config struct {
	// Province is the Kemendagri code of the province this installation
	// serves; "" for all of Indonesia.
	Province string
	// BehindProxy trusts X-Forwarded-For and X-Forwarded-Proto.
	BehindProxy bool
	// Demo marks every page as showing the synthetic demo province.
	Demo bool
	Log  *slog.Logger
}

// Server is the application's HTTP side.
type Server struct {
	cfg   Config
	db    *store.DB
	pages *web.Handlers
	api   *api.Handlers
	mux   *http.ServeMux
}

// New builds the handler: it parses the templates and the OpenAPI document,
// so a broken one stops start-up.
func New(db *store.DB, cfg Config) (*Server, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	doc, _, err := api.OpenAPI()
	if err != nil {
		return nil, fmt.Errorf("openapi document: %w", err)
	}
	pages, err := web.New(web.Deps{Enterprises: db, Organisations: db, Reference: db.Reference(), Log: cfg.Log, Province: cfg.Province, Demo: cfg.Demo, OpenAPI: doc})
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	s := &Server{cfg: cfg, db: db, pages: pages,
		api: api.New(api.Deps{Enterprises: db, Organisations: db, Log: cfg.Log, Province: cfg.Province}),
		mux: http.NewServeMux()}
	for _, rt := range s.Routes() {
		s.mux.Handle(rt.Pattern, s.guard(rt))
	}
	// Anything else: a 404 page, or JSON under /api/.
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if isAPI(r) {
			s.api.NotFound(w, r)
			return
		}
		s.pages.NotFound(w, r)
	})
	return s, nil
}

// ServeHTTP runs the middleware chain around the routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.logRequests(s.recoverPanics(securityHeaders(s.mux))).ServeHTTP(w, r)
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// guard is where a route's declared permission is checked against the actor.
// Until accounts exist every visitor acts anonymously and the registry is
// open on the local machine; the accounts issue decides here.
func (s *Server) guard(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := siapekspor.ActorFrom(r.Context())
		a.RemoteAddr = httpx.ClientAddr(r, s.cfg.BehindProxy)
		r = r.WithContext(siapekspor.WithActor(r.Context(), a))
		rt.Handler.ServeHTTP(w, r)
	})
}

// securityHeaders: no inline scripts or styles anywhere, so the policy can
// forbid them; no framing; no MIME sniffing; no full referrers to other sites.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// recoverPanics turns a panic into a logged 500 with a generic message.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.cfg.Log.ErrorContext(r.Context(), "panic", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				err := fmt.Errorf("panic: %v", v)
				if isAPI(r) {
					s.api.Error(w, r, err)
				} else {
					s.pages.R.Error(w, r, err)
				}
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		if strings.HasPrefix(r.URL.Path, "/static/") {
			return
		}
		s.cfg.Log.DebugContext(r.Context(), "request", "method", r.Method, "path", r.URL.Path, "status", rec.status, "duration", time.Since(start))
	})
}
