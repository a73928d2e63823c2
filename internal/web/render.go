// Package web serves SiapEkspor's server-rendered pages. Templates and
// static files are embedded and parsed at start-up, so a broken template
// stops the server instead of a page. Pages work without JavaScript; the
// small script only improves them.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
)

//go:embed templates static
var files embed.FS

// Renderer executes the parsed page templates.
type Renderer struct {
	pages  map[string]*template.Template
	assets map[string]string // file name → versioned URL
	log    *slog.Logger
	// Demo marks every page as showing synthetic demo data.
	Demo bool
}

// NewRenderer parses every template under templates/ once.
func NewRenderer(log *slog.Logger) (*Renderer, error) {
	r := &Renderer{pages: map[string]*template.Template{}, assets: map[string]string{}, log: log}
	if err := r.hashAssets(); err != nil {
		return nil, err
	}
	funcs := template.FuncMap{
		"asset": func(name string) string {
			if u, ok := r.assets[name]; ok {
				return u
			}
			panic("unknown asset " + name)
		},
		"add":   func(a, b int) int { return a + b },
		"deref": func(p *float64) float64 { return *p },
		"derefID": func(p *int64) int64 {
			if p == nil {
				return 0
			}
			return *p
		},
		"eq64": func(a *int64, b int64) bool { return a != nil && *a == b },
		"str":  func(v any) string { return fmt.Sprint(v) },
	}
	for _, m := range []template.FuncMap{formFuncs(), marketFuncs(), requestFuncs(), exportFuncs(), mapFuncs(), reportFuncs(), eventFuncs(), catalogueFuncs()} {
		for k, v := range m {
			if _, dup := funcs[k]; dup {
				return nil, fmt.Errorf("template function %q is defined twice", k) // the later one would win unseen
			}
			funcs[k] = v
		}
	}
	// Each page's set holds the layout, the page and only the partials it
	// calls (directly or through another partial): a copy of every partial
	// in each of 70 sets held 24 MB of parse trees (issue 16 item 4).
	partials, err := partialFiles()
	if err != nil {
		return nil, err
	}
	layout, err := files.ReadFile("templates/layout.html")
	if err != nil {
		return nil, err
	}
	pages, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, p := range pages {
		name := path.Base(p)
		if name == "layout.html" {
			continue
		}
		src, err := files.ReadFile(p)
		if err != nil {
			return nil, err
		}
		parts := append([]string{"templates/layout.html"}, partials.needed(string(layout)+string(src))...)
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(files, append(parts, p)...)
		if err != nil {
			return nil, err
		}
		r.pages[strings.TrimSuffix(name, ".html")] = t
	}
	return r, nil
}

// partialSet knows which partial file defines each named template and
// which templates each partial calls.
type partialSet struct {
	file  map[string]string   // template name → partial file
	calls map[string][]string // partial file → names it calls
}

var (
	defineRe   = regexp.MustCompile(`\{\{-?\s*define\s+"([^"]+)"`)
	templateRe = regexp.MustCompile(`\{\{-?\s*(?:template|block)\s+"([^"]+)"`)
)

func partialFiles() (*partialSet, error) {
	names, err := fs.Glob(files, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	ps := &partialSet{file: map[string]string{}, calls: map[string][]string{}}
	for _, n := range names {
		src, err := files.ReadFile(n)
		if err != nil {
			return nil, err
		}
		for _, m := range defineRe.FindAllStringSubmatch(string(src), -1) {
			ps.file[m[1]] = n
		}
		for _, m := range templateRe.FindAllStringSubmatch(string(src), -1) {
			ps.calls[n] = append(ps.calls[n], m[1])
		}
	}
	return ps, nil
}

// needed lists the partial files src's template calls reach, in order.
func (ps *partialSet) needed(src string) []string {
	var out []string
	seen := map[string]bool{}
	var visit func(name string)
	visit = func(name string) {
		f, ok := ps.file[name]
		if !ok || seen[f] {
			return
		}
		seen[f] = true
		out = append(out, f)
		for _, c := range ps.calls[f] {
			visit(c)
		}
	}
	for _, m := range templateRe.FindAllStringSubmatch(src, -1) {
		visit(m[1])
	}
	sort.Strings(out)
	return out
}

// hashAssets gives each static file a URL with its content hash, so it can be
// cached for a year and still change the moment a new binary ships.
func (r *Renderer) hashAssets() error {
	return fs.WalkDir(files, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := strings.TrimPrefix(p, "static/")
		r.assets[name] = "/static/" + hex.EncodeToString(sum[:6]) + "/" + name
		return nil
	})
}

// Static serves the embedded static files under their versioned URLs.
func (r *Renderer) Static() http.Handler {
	sub, _ := fs.Sub(files, "static")
	fileServer := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		// /static/<hash>/<name>: the hash only busts caches; serve the file.
		rest := strings.TrimPrefix(req.URL.Path, "/static/")
		_, name, ok := strings.Cut(rest, "/")
		if !ok || name == "" {
			http.NotFound(w, req)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		req2 := req.Clone(req.Context())
		req2.URL.Path = "/" + name
		fileServer.ServeHTTP(w, req2)
	})
}

// Page is what every template receives.
type Page struct {
	P     i18n.Printer
	Lang  i18n.Lang
	Title string
	// Nav names the active section of the navigation.
	Nav   string
	Actor siapekspor.Actor
	// URL is the current request URL, for the language switch.
	URL string
	// Errors is the error summary of a failed form; FieldErrors the message per field.
	Errors      []FieldMessage
	FieldErrors map[string]string
	Flash       string
	Demo        bool
	// PasswordFirst: the user must replace a one-time password before
	// anything else, so the page leaves out the menu, the search and the
	// account link (each would only lead back to the password form).
	PasswordFirst bool
	// Charts loads the charting scripts (only the pages that draw charts
	// pay for Chart.js's 200 kB).
	Charts bool
	// Map loads Leaflet and map.js (only the map page).
	Map  bool
	Data any
	// Labels: a form's own label keys (Labels+"."+field) for the error
	// summary, before the shared "label."+field (an event's name is not an
	// enterprise's).
	Labels string
}

// FieldMessage is one line of a form's error summary.
type FieldMessage struct {
	Field, Message string
}

// NewPage starts the page data for a request.
func NewPage(r *http.Request, title, nav string) *Page {
	lang := httpx.Lang(r, i18n.ID)
	p := &Page{P: i18n.Printer{Lang: lang}, Lang: lang, Nav: nav, Actor: siapekspor.ActorFrom(r.Context()), URL: r.URL.RequestURI()}
	p.Title = p.P.T(title)
	if u := httpx.AuthFrom(r.Context()).User; u != nil && u.MustChangePassword {
		p.PasswordFirst = true
	}
	if c, err := r.Cookie("flash"); err == nil {
		key, count, counted := strings.Cut(c.Value, ":")
		if n, err := strconv.Atoi(count); counted && err == nil {
			p.Flash = p.P.T(key, siapekspor.Count(n))
		} else {
			p.Flash = p.P.T(key)
		}
	}
	return p
}

// fieldErrors turns a domain error into the error summary's lines (each
// field's label from label) and each field's message, for the app's pages
// and the catalogue's alike.
func fieldErrors(pr i18n.Printer, e *siapekspor.Error, label func(string) string, summary []FieldMessage) (map[string]string, []FieldMessage) {
	byField := map[string]string{}
	if len(e.Fields) == 0 {
		return byField, append(summary, FieldMessage{Message: pr.Error(e)})
	}
	for _, f := range e.Fields {
		msg := pr.Field(f)
		if _, dup := byField[f.Field]; dup {
			byField[f.Field] += " " + msg
		} else {
			byField[f.Field] = msg
		}
		summary = append(summary, FieldMessage{Field: f.Field, Message: label(f.Field) + ": " + msg})
	}
	return byField, summary
}

// SetError fills the error summary and per-field messages from a domain error.
func (p *Page) SetError(e *siapekspor.Error) {
	p.FieldErrors, p.Errors = fieldErrors(p.P, e, p.fieldLabel, p.Errors)
}

// Render writes a page with a status. It renders into a buffer first so a
// template failure becomes a clean 500 instead of half a page.
func (r *Renderer) Render(w http.ResponseWriter, req *http.Request, status int, name string, p *Page) {
	t, ok := r.pages[name]
	if !ok {
		panic("unknown page " + name)
	}
	p.Demo = r.Demo
	if p.Flash != "" {
		http.SetCookie(w, &http.Cookie{Name: "flash", Path: "/", MaxAge: -1})
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer putRenderBuffer(buf)
	if err := t.ExecuteTemplate(buf, "layout.html", p); err != nil {
		r.log.ErrorContext(req.Context(), "render", "page", name, "err", err)
		http.Error(w, p.P.T("error.internal"), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	httpx.SetRetryAfter(w, status)
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// renderBuffers hold pages while they are written: a buffer grown from
// nothing to a 50 kB page allocated 130 kB per request (issue 16 item 3).
// A buffer grown past maxRenderBuffer (a long list) is left to the collector.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxRenderBuffer = 256 << 10

func putRenderBuffer(b *bytes.Buffer) {
	if b.Cap() > maxRenderBuffer {
		return
	}
	b.Reset()
	renderBuffers.Put(b)
}

// errorData is the error page: the message, and for invalid input each
// field's problem.
type errorData struct {
	Message string
	Fields  []string
}

// Error renders the error page for err (404, 403, 500 …).
func (r *Renderer) Error(w http.ResponseWriter, req *http.Request, err error) {
	e := httpx.DomainError(req, r.log, err)
	p := NewPage(req, "error.title", "")
	d := errorData{Message: p.P.Error(e)}
	for _, f := range e.Fields { // what is wrong, field by field, not only "check the form"
		d.Fields = append(d.Fields, fieldLabel(p.P, f.Field)+": "+p.P.Field(f))
	}
	p.Data = d
	r.Render(w, req, httpx.Status(e.Code), "error", p)
}

func (p *Page) fieldLabel(field string) string {
	if p.Labels != "" && i18n.Has(p.Labels+"."+field) {
		return p.P.T(p.Labels + "." + field)
	}
	return fieldLabel(p.P, field)
}

// fieldLabel names a field by its label, or by its own name when it has
// none (a form field the request made up).
func fieldLabel(p i18n.Printer, field string) string {
	if i18n.Has("label." + field) {
		return p.T("label." + field)
	}
	return field
}

// NotFound renders the 404 page.
func (r *Renderer) NotFound(w http.ResponseWriter, req *http.Request) {
	r.Error(w, req, siapekspor.Errorf(siapekspor.ENotFound, "error.page_not_found"))
}

// Flash sets a one-time message key shown on the next page, then redirects.
func Flash(w http.ResponseWriter, r *http.Request, key, to string) {
	http.SetCookie(w, &http.Cookie{Name: "flash", Value: key, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 60})
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// FlashCount is Flash for a message with a count (its %d).
func FlashCount(w http.ResponseWriter, r *http.Request, key string, n int, to string) {
	http.SetCookie(w, &http.Cookie{Name: "flash", Value: key + ":" + strconv.Itoa(n), Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 60})
	http.Redirect(w, r, to, http.StatusSeeOther)
}
