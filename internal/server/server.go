// Package server wires the pages and the JSON API into one http.Handler: the
// route table (every route with the permission it requires), and the
// middleware around it.
package server

import (
	"fmt"
	"github.com/siapekspor/siapekspor/internal/antispam"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/api"
	"github.com/siapekspor/siapekspor/internal/auth"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/mail"
	"github.com/siapekspor/siapekspor/internal/media"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/web"
)

// Config configures the handler.
type Config struct {
	// Province is the Kemendagri code of the province this installation
	// serves; "" for all of Indonesia.
	Province string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto are believed; none by default.
	TrustedProxies httpx.Proxies
	// Demo marks every page as showing the synthetic demo province.
	Demo bool
	Log  *slog.Logger
	// InquiryLimits bound the catalogue's public writes per client
	// address; nil takes InquiryLimits (the package's variable).
	InquiryLimits []antispam.Rule
	// Auth sets session lifetimes; zero values take the defaults.
	Auth auth.Config
	// Uploads is the folder for uploaded files (default: the system's temp
	// folder); MaxUpload bounds an upload in bytes (default 50 MB).
	Uploads   string
	MaxUpload int64
	// Media is the folder for product photos and certificate scans (default:
	// a folder in the system's temp folder; serve sets DATA-DIR/media).
	Media string
	// MaxPhoto and MaxDocument bound a photo and a scan in bytes (default 10 MB).
	MaxPhoto, MaxDocument int64
	// ExpiryWarningDays: how far ahead expiring certificates are listed
	// (default 90).
	ExpiryWarningDays int
	// Mail is the SMTP server the deal pipeline's e-mails go through (none:
	// no e-mail); BaseURL starts the links in them.
	Mail    mail.Config
	BaseURL string
	// InquirySecret signs the time tokens of the public catalogue's
	// inquiry forms (none: a random one per start).
	InquirySecret []byte
	// MapTiles is an optional background tile layer for the map page: a
	// URL template such as https://tile.example.org/{z}/{x}/{y}.png (its
	// origin is then allowed in the CSP's img-src); "" for none, the
	// default: the map draws the boundaries the binary serves.
	MapTiles, MapTilesAttribution string
}

// Server is the application's HTTP side.
type Server struct {
	cfg     Config
	db      *store.DB
	auth    *auth.Service
	csrf    *http.CrossOriginProtection
	pages   *web.Handlers
	mail    *mail.Notifier
	api     *api.Handlers
	mux     *http.ServeMux
	jobs    *bulk.Jobs
	metrics metrics
	csp     string // the Content-Security-Policy of every answer
}

// Close stops the work the server runs beside requests: the pages'
// background imports are cancelled (nothing of them is stored).
func (s *Server) Close() { s.jobs.Close(); s.mail.Wait() }

// New builds the handler: it parses the templates and the OpenAPI document,
// so a broken one stops start-up.
func New(db *store.DB, cfg Config) (*Server, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	authSvc := auth.New(db, cfg.Auth)
	// What a crash left in folders of this server's own: uploads waiting for
	// their import, photos and scans half written. The shared defaults in
	// the system's temporary folder are left alone (another process, a test,
	// may be using them).
	ownUploads, ownMedia := cfg.Uploads != "", cfg.Media != ""
	if ownUploads {
		if n, err := bulk.CleanUploads(cfg.Uploads); err != nil {
			return nil, fmt.Errorf("uploads folder: %w", err)
		} else if n > 0 {
			cfg.Log.Info("removed uploads left by an earlier run", "folder", cfg.Uploads, "files", n)
		}
	}
	if cfg.Uploads == "" {
		cfg.Uploads = filepath.Join(os.TempDir(), "siapekspor-uploads")
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = 50 << 20
	}
	if cfg.Media == "" {
		cfg.Media = filepath.Join(os.TempDir(), "siapekspor-media")
	}
	if cfg.ExpiryWarningDays <= 0 {
		cfg.ExpiryWarningDays = siapekspor.DefaultExpiryWarningDays
	}
	limits := media.Limits{MaxPhotoBytes: cfg.MaxPhoto, MaxDocumentBytes: cfg.MaxDocument}
	photos := &media.Store{Dir: filepath.Join(cfg.Media, "photos"), Limits: limits}
	documents := &media.Store{Dir: filepath.Join(cfg.Media, "documents"), Limits: limits}
	if ownMedia {
		for _, m := range []*media.Store{photos, documents} {
			if n, err := m.RemoveUnfinished(); err != nil {
				return nil, fmt.Errorf("media folder: %w", err)
			} else if n > 0 {
				cfg.Log.Info("removed unfinished media files left by an earlier run", "folder", m.Dir, "files", n)
			}
		}
	}
	// The catalogue's public writes (inquiries, registrations), per client
	// address, pages and API together.
	if cfg.InquiryLimits == nil {
		cfg.InquiryLimits = InquiryLimits
	}
	inquiries := antispam.NewLimiter(cfg.InquiryLimits...)
	doc, _, err := api.OpenAPI()
	if err != nil {
		return nil, fmt.Errorf("openapi document: %w", err)
	}
	jobs := bulk.NewJobs(db)
	jobs.Log = cfg.Log
	notifier := &mail.Notifier{Config: cfg.Mail, Store: db, Log: cfg.Log, BaseURL: cfg.BaseURL}
	pages, err := web.New(web.Deps{Store: db, Auth: authSvc, Jobs: jobs, Uploads: cfg.Uploads, MaxUpload: cfg.MaxUpload, Proxies: cfg.TrustedProxies, Enterprises: db, Organisations: db, Reference: db.Reference(), Log: cfg.Log, Province: cfg.Province, Demo: cfg.Demo, OpenAPI: doc,
		Mail: notifier, Photos: photos, Documents: documents, ExpiryWarningDays: cfg.ExpiryWarningDays,
		MapTiles: cfg.MapTiles, MapTilesAttribution: cfg.MapTilesAttribution, BaseURL: cfg.BaseURL, InquirySecret: cfg.InquirySecret, Inquiries: inquiries})
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	tiles := ""
	if cfg.MapTiles != "" {
		origin, err := web.TileOrigin(cfg.MapTiles)
		if err != nil {
			return nil, err
		}
		tiles = " " + origin
	}
	s := &Server{cfg: cfg, db: db, auth: authSvc, pages: pages, jobs: jobs,
		csp:  "default-src 'self'; img-src 'self' data:" + tiles + "; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
		mail: notifier,
		api: api.New(api.Deps{Store: db, Auth: authSvc, Mail: notifier, Uploads: cfg.Uploads, MaxUpload: cfg.MaxUpload, Enterprises: db, Organisations: db, Log: cfg.Log, Province: cfg.Province,
			Photos: photos, Documents: documents, ExpiryWarningDays: cfg.ExpiryWarningDays, Inquiries: inquiries}),
		mux: http.NewServeMux(), csrf: http.NewCrossOriginProtection()}
	// Cross-origin form posts are refused by the browser's own Sec-Fetch-Site
	// and Origin headers, so pages need no tokens; API clients with bearer
	// tokens send neither header and pass.
	s.csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, siapekspor.Errorf(siapekspor.EForbidden, "error.csrf"))
	}))
	for _, rt := range s.Routes() {
		s.mux.Handle(rt.Pattern, measured(s.metrics.route(rt.Pattern), s.guard(rt)))
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
	s.logRequests(s.recoverPanics(s.securityHeaders(s.csrf.Handler(s.authenticate(s.checkText(s.mux)))))).ServeHTTP(w, r)
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// fail answers a request with an error: JSON under /api/, a page elsewhere.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if isAPI(r) {
		s.api.Error(w, r, err)
		return
	}
	s.pages.R.Error(w, r, err)
}

// Auth returns the authentication service.
func (s *Server) Auth() *auth.Service { return s.auth }

// authenticate recognises the caller by an API token (Authorization:
// Bearer) or a session cookie and puts the actor in the request's context.
// A bad token is refused at once with a bare 401; a stale cookie is dropped
// and the request goes on anonymously, so public pages still open.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		actor := siapekspor.Actor{Label: "anonymous"}
		var info httpx.AuthInfo
		if h := r.Header.Get("Authorization"); h != "" {
			bearer, ok := strings.CutPrefix(h, "Bearer ")
			tok, u, err := s.auth.AuthenticateToken(r.Context(), strings.TrimSpace(bearer))
			if !ok || err != nil {
				if err != nil && siapekspor.ErrorCodeOf(err) == siapekspor.EInternal {
					s.cfg.Log.ErrorContext(r.Context(), "token check", "err", err)
				}
				w.Header().Set("WWW-Authenticate", `Bearer realm="siapekspor"`)
				s.api.Error(w, r, siapekspor.Errorf(siapekspor.EUnauthorized, "auth.unauthorized"))
				return
			}
			actor, info = u.Actor(), httpx.AuthInfo{User: u, TokenScope: tok.Scope}
		} else if c, err := r.Cookie(auth.SessionCookie); err == nil {
			if _, u, err := s.auth.Authenticate(r.Context(), c.Value); err == nil {
				actor, info = u.Actor(), httpx.AuthInfo{User: u, SessionSecret: c.Value}
			} else {
				http.SetCookie(w, &http.Cookie{Name: auth.SessionCookie, Path: "/", MaxAge: -1, HttpOnly: true})
			}
		}
		actor.RemoteAddr = s.cfg.TrustedProxies.ClientAddr(r)
		ctx := siapekspor.WithActor(r.Context(), actor)
		ctx = httpx.WithAuth(ctx, info)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// checkText refuses, before any handler sees them, query strings and page
// forms (url-encoded) that carry text unfit to store: bytes that are not
// UTF-8, NUL and other control characters, line breaks outside the
// multi-line fields. JSON bodies are checked as they are decoded
// (httpx.DecodeJSON), uploads' text by the domain's Validate.
func (s *Server) checkText(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := httpx.CheckValues(r.URL.Query())
		if err == nil && !isAPI(r) && r.Method == http.MethodPost {
			if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "application/x-www-form-urlencoded" {
				// Parsed here once; the handler's own ParseForm keeps it —
				// so a form that cannot be parsed (too large, too many
				// fields, bad escapes) is refused here, not handed on as
				// empty fields that would read as "required".
				if perr := r.ParseForm(); perr != nil {
					err = siapekspor.Errorf(siapekspor.EInvalid, "error.bad_form")
				} else {
					err = httpx.CheckValues(r.PostForm)
				}
			}
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// guard decides, from the permission the route declares, whether the actor
// may pass; it is the one place where that is decided for pages and API.
func (s *Server) guard(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := siapekspor.ActorFrom(r.Context())
		info := httpx.AuthFrom(r.Context())
		var err error
		switch {
		case !siapekspor.Can(a, rt.Permission) && a.Role == "":
			if !isAPI(r) {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			err = siapekspor.Errorf(siapekspor.EUnauthorized, "auth.unauthorized")
		case !siapekspor.Can(a, rt.Permission):
			err = siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
		case info.TokenScope == auth.ScopeRead && r.Method != http.MethodGet && r.Method != http.MethodHead:
			err = siapekspor.Errorf(siapekspor.EForbidden, "auth.read_only_token")
		case info.User != nil && info.User.MustChangePassword && !rt.AllowBeforePasswordChange && rt.Permission != siapekspor.PermPublic:
			if !isAPI(r) {
				to := "/account/password"
				if r.Method == http.MethodGet {
					to += "?next=" + url.QueryEscape(r.URL.RequestURI()) // where to go on to afterwards
				}
				http.Redirect(w, r, to, http.StatusSeeOther)
				return
			}
			err = siapekspor.Errorf(siapekspor.EForbidden, "auth.must_change_password")
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		rt.Handler.ServeHTTP(w, r)
	})
}

// securityHeaders: no inline scripts or styles anywhere, so the policy can
// forbid them; no framing; no MIME sniffing; no full referrers to other sites.
// Nothing is kept in a browser's or a proxy's cache (pages, API answers and
// exports carry personal data) but the static files and product photos,
// whose names change with their content; a handler may say otherwise. Over
// HTTPS (directly or via a trusted proxy) browsers are told to keep to it.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", s.csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		if !strings.HasPrefix(r.URL.Path, "/static/") && !strings.HasPrefix(r.URL.Path, "/media/") {
			h.Set("Cache-Control", "no-store")
		}
		if s.cfg.TrustedProxies.HTTPS(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
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
				s.fail(w, r, fmt.Errorf("panic: %v", v))
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

// InquiryLimits are how many inquiries and registrations one address (an
// IPv6 /64) may send: enough for a buyer asking about several products,
// too few for a flood.
var InquiryLimits = []antispam.Rule{{Window: 10 * time.Minute, Max: 5}, {Window: 24 * time.Hour, Max: 20}}
