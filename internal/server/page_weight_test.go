package server_test

import (
	"bytes"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// The weight of a public page is what a first-time visitor's browser
// downloads for it: the HTML and everything it references — stylesheets
// (and what they reference through url() and @import, fonts included),
// scripts, images, icons — each counted once per page, in bytes of the
// body as sent without compression (requests say Accept-Encoding:
// identity; gzip would make pages lighter on the wire, but a page must be
// light without relying on it). For an image with srcset the largest
// candidate counts. Requests made later by scripts (fetch) are not
// counted: the public pages work without JavaScript. Headers are not
// counted.
//
// The limit applies to the first load: everything but the images marked
// loading="lazy", which a browser fetches only when they are scrolled
// near. The strict total, lazy images included, is printed beside it. A
// full page of 24 product cards cannot meet 200 KB on the strict total
// with real photos (their 320-pixel renditions weigh 17–26 KB, the test's
// photo-like ones 16.5 KB: 24 × 16.5 = 396 KB), so the issue's "first
// load" is read as the browser's; to hold the strict total instead, set
// pageWeightCountsLazy. That lazy loading is not used to hide a page's
// weight is checked too: a page's first image is never lazy.
const (
	pageWeightLimit      = 200 * 1024 // 204,800 bytes
	pageWeightCountsLazy = false
)

// limited is the figure the limit applies to.
func (w pageWeight) limited() int64 {
	if pageWeightCountsLazy {
		return w.total()
	}
	return w.firstView()
}

// pageResource is one download of a page; Lazy for an image with
// loading="lazy", which a browser loads only when it is scrolled near.
type pageResource struct {
	URL, Kind string
	Bytes     int64
	Lazy      bool
}

// pageWeight is a page and what it downloads.
type pageWeight struct {
	Path      string
	Resources []pageResource // the page itself first
}

func (w pageWeight) total() int64 {
	var n int64
	for _, r := range w.Resources {
		n += r.Bytes
	}
	return n
}

// firstView is the weight without the lazy images: what a phone loads
// before the visitor scrolls (printed beside the total, not the limit's).
func (w pageWeight) firstView() int64 {
	var n int64
	for _, r := range w.Resources {
		if !r.Lazy {
			n += r.Bytes
		}
	}
	return n
}

func (w pageWeight) of(kind string) int64 {
	var n int64
	for _, r := range w.Resources {
		if r.Kind == kind {
			n += r.Bytes
		}
	}
	return n
}

var (
	tagRe  = regexp.MustCompile(`(?is)<(link|script|img|source|input|video|audio|iframe|embed|object)\b([^>]*)>`)
	attrRe = regexp.MustCompile(`(?s)([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>` + "`" + `]+)`)
	cssURL = regexp.MustCompile(`(?i)url\(\s*("[^"]*"|'[^']*'|[^)\s]*)\s*\)|@import\s+("[^"]*"|'[^']*')`)
	// Comments may hold url(...) examples; they are not loaded.
	cssComment = regexp.MustCompile(`(?s)/\*.*?\*/`)
)

func attrs(s string) map[string]string {
	m := map[string]string{}
	for _, a := range attrRe.FindAllStringSubmatch(s, -1) {
		v := a[2]
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') {
			v = v[1 : len(v)-1]
		}
		m[strings.ToLower(a[1])] = html.UnescapeString(v)
	}
	return m
}

// srcsetLargest is the candidate of a srcset with the largest width or
// density descriptor.
func srcsetLargest(srcset string) string {
	best, bestN := "", -1.0
	for _, c := range strings.Split(srcset, ",") {
		f := strings.Fields(c)
		if len(f) == 0 {
			continue
		}
		n := 1.0
		if len(f) > 1 {
			fmt.Sscanf(strings.TrimRight(f[1], "wxWX"), "%g", &n)
		}
		if n > bestN {
			best, bestN = f[0], n
		}
	}
	return best
}

// pageRef is a reference of a page to a file it loads.
type pageRef struct {
	Kind, URL string
	Lazy      bool
}

// pageRefs lists what an HTML page makes a browser download, by kind.
func pageRefs(body string) []pageRef {
	var refs []pageRef
	// Drop comments and <noscript> does not matter: no JavaScript runs here,
	// and a browser without it loads what <noscript> holds; both count.
	body = regexp.MustCompile(`(?s)<!--.*?-->`).ReplaceAllString(body, "")
	for _, m := range tagRe.FindAllStringSubmatch(body, -1) {
		tag, a := strings.ToLower(m[1]), attrs(m[2])
		switch tag {
		case "link":
			rel := " " + strings.ToLower(a["rel"]) + " "
			switch {
			case strings.Contains(rel, " stylesheet "):
				refs = append(refs, pageRef{Kind: "css", URL: a["href"]})
			case strings.Contains(rel, " icon "), strings.Contains(rel, " apple-touch-icon "):
				refs = append(refs, pageRef{Kind: "icon", URL: a["href"]})
			case strings.Contains(rel, " preload "), strings.Contains(rel, " modulepreload "):
				refs = append(refs, pageRef{Kind: "preload", URL: a["href"]})
			case strings.Contains(rel, " manifest "):
				refs = append(refs, pageRef{Kind: "manifest", URL: a["href"]})
			}
		case "script":
			if a["src"] != "" {
				refs = append(refs, pageRef{Kind: "js", URL: a["src"]})
			}
		case "img", "source", "input":
			if tag == "input" && strings.ToLower(a["type"]) != "image" {
				continue
			}
			src := a["src"]
			if s := srcsetLargest(a["srcset"]); s != "" {
				src = s // the largest candidate, in place of src
			}
			if src != "" {
				refs = append(refs, pageRef{Kind: "img", URL: src, Lazy: strings.EqualFold(a["loading"], "lazy")})
			}
		default: // video, audio, iframe, embed, object: none expected
			for _, k := range []string{"src", "data", "poster"} {
				if a[k] != "" {
					refs = append(refs, pageRef{Kind: tag, URL: a[k]})
				}
			}
		}
	}
	return refs
}

// fetchPlain GETs a URL as an anonymous first-time visitor: no cookie, no
// cache validators, no compression.
func fetchPlain(t *testing.T, u string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", "identity")
	req.Header.Set("Accept-Language", "en")
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if ce := res.Header.Get("Content-Encoding"); ce != "" && ce != "identity" {
		t.Fatalf("%s: sent with Content-Encoding %s though the request asked for identity", u, ce)
	}
	return res.StatusCode, res.Header, b
}

// measurePage downloads a page and everything it references, following
// redirects of the page itself (their bodies count too).
func measurePage(t *testing.T, base, path string) pageWeight {
	t.Helper()
	w := pageWeight{Path: path}
	seen := map[string]bool{}
	u, err := url.Parse(base + path)
	if err != nil {
		t.Fatal(err)
	}
	var body []byte
	for hops := 0; ; hops++ {
		st, h, b := fetchPlain(t, u.String())
		w.Resources = append(w.Resources, pageResource{URL: u.RequestURI(), Kind: "html", Bytes: int64(len(b))})
		seen[u.String()] = true
		if st >= 300 && st < 400 && hops < 5 {
			next, err := u.Parse(h.Get("Location"))
			if err != nil {
				t.Fatalf("%s: bad redirect: %v", path, err)
			}
			u = next
			continue
		}
		if st != http.StatusOK {
			t.Fatalf("%s: status %d", path, st)
		}
		body = b
		break
	}
	hasIcon := false
	var get func(kind string, ref *url.URL, lazy bool)
	get = func(kind string, ref *url.URL, lazy bool) {
		if ref.Scheme == "data" || seen[ref.String()] {
			return
		}
		seen[ref.String()] = true
		if ref.Host != u.Host {
			t.Errorf("%s: loads %s from another host (%s): the public pages load only their own files", path, kind, ref)
			return
		}
		st, _, b := fetchPlain(t, ref.String())
		if st != http.StatusOK {
			t.Errorf("%s: %s %s: status %d", path, kind, ref.RequestURI(), st)
		}
		w.Resources = append(w.Resources, pageResource{URL: ref.RequestURI(), Kind: kind, Bytes: int64(len(b)), Lazy: lazy})
		if kind == "css" {
			css := cssComment.ReplaceAllString(string(b), "")
			for _, m := range cssURL.FindAllStringSubmatch(css, -1) {
				v, k := m[1], "css-url"
				if v == "" {
					v, k = m[2], "css"
				}
				v = strings.Trim(v, `"'`)
				if v == "" || strings.HasPrefix(v, "#") {
					continue
				}
				if next, err := ref.Parse(v); err == nil {
					get(k, next, false)
				}
			}
		}
	}
	for _, r := range pageRefs(string(body)) {
		if r.URL == "" {
			continue
		}
		ref, err := u.Parse(r.URL)
		if err != nil {
			t.Errorf("%s: bad reference %q: %v", path, r.URL, err)
			continue
		}
		if r.Kind == "icon" {
			hasIcon = true
		}
		get(r.Kind, ref, r.Lazy)
	}
	if !hasIcon {
		// Without a <link rel=icon>, browsers ask for /favicon.ico.
		if st, _, b := fetchPlain(t, u.ResolveReference(&url.URL{Path: "/favicon.ico"}).String()); st == http.StatusOK {
			w.Resources = append(w.Resources, pageResource{URL: "/favicon.ico", Kind: "icon", Bytes: int64(len(b))})
		}
	}
	return w
}

// checkPageWeights measures pages, prints a table of their weights and
// fails for every page above pageWeightLimit, listing what it loads.
func checkPageWeights(t *testing.T, base string, paths []string) []pageWeight {
	t.Helper()
	var ws []pageWeight
	var tab strings.Builder
	on := "first load: all but lazy images"
	if pageWeightCountsLazy {
		on = "total"
	}
	fmt.Fprintf(&tab, "page weight, first visit, uncompressed bodies; limit %d bytes on the %s\n", pageWeightLimit, on)
	fmt.Fprintf(&tab, "  (\"total\" is every file referenced; \"no lazy\" leaves out the images marked loading=lazy, what a phone loads before scrolling):\n")
	fmt.Fprintf(&tab, "  %-56s %9s %8s %8s %8s %8s %8s %9s %4s\n", "page", "total", "no lazy", "html", "css", "js", "img", "other", "files")
	for _, p := range paths {
		w := measurePage(t, base, p)
		ws = append(ws, w)
		tot := w.total()
		other := tot - w.of("html") - w.of("css") - w.of("js") - w.of("img")
		flag := ""
		if w.limited() > pageWeightLimit {
			flag = "  OVER"
		}
		fmt.Fprintf(&tab, "  %-56s %9d %8d %8d %8d %8d %8d %9d %4d%s\n", p, tot, w.firstView(), w.of("html"), w.of("css"), w.of("js"), w.of("img"), other, len(w.Resources), flag)
	}
	t.Log(tab.String())
	for _, w := range ws {
		for _, r := range w.Resources {
			if r.Kind == "img" {
				if r.Lazy {
					t.Errorf("%s: its first image %s is loading=lazy: the first screen's images load eagerly, and count", w.Path, r.URL)
				}
				break
			}
		}
		if w.limited() <= pageWeightLimit {
			continue
		}
		rs := append([]pageResource(nil), w.Resources...)
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].Bytes > rs[j].Bytes })
		var b strings.Builder
		for _, r := range rs {
			lazy := ""
			if r.Lazy {
				lazy = " (lazy)"
			}
			fmt.Fprintf(&b, "\n    %9d  %-7s %s%s", r.Bytes, r.Kind, r.URL, lazy)
		}
		t.Errorf("%s weighs %d bytes on a first visit (%d with lazy images), above the %d-byte limit:%s", w.Path, w.limited(), w.total(), pageWeightLimit, b.String())
	}
	return ws
}

// TestPageWeightPublic measures the pages anyone sees without signing in.
func TestPageWeightPublic(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	_, ts := newServer(t, db)
	ws := checkPageWeights(t, ts.URL, []string{"/", "/login", "/login?lang=en"})
	for _, w := range ws {
		if w.of("css") == 0 {
			t.Errorf("%s: no stylesheet found, the parser of references may be broken: %+v", w.Path, w.Resources)
		}
	}
}

// TestPageRefs holds the parser of references to what it must find.
func TestPageRefs(t *testing.T) {
	page := `<!doctype html><link rel="stylesheet" href="/static/app.css?v=1"><link rel=icon href='/i.png'>
<!-- <img src="/commented.jpg"> --><script src="/static/app.js" defer></script><script>inline()</script>
<img alt="" src="/media/a.jpg" loading="lazy"><img src="/t.jpg" srcset="/s.jpg 320w, /l.jpg 1200w, /m.jpg 640w" alt="x">
<picture><source srcset="/p.webp 1x, /p2.webp 2x"><img src="/p.jpg" alt=""></picture><a href="/big.jpg">big</a>
<input type="image" src="/b.png" alt="go"><input type="text" src="/no.png">`
	var got []string
	for _, r := range pageRefs(page) {
		s := r.Kind + " " + r.URL
		if r.Lazy {
			s += " lazy"
		}
		got = append(got, s)
	}
	want := []string{"css /static/app.css?v=1", "icon /i.png", "js /static/app.js", "img /media/a.jpg lazy", "img /l.jpg",
		"img /p2.webp", "img /p.jpg", "img /b.png"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("references:\n got %q\nwant %q", got, want)
	}
}

// photoJPEG is a photograph-like JPEG of w×h (at most 2400×1800): a
// window of one scene of smooth light and shade, objects with shaded
// edges, a texture and a fine grain, so that it compresses like a picture
// from a phone rather than like a flat test pattern. Each seed takes
// another window (other bytes, other photos to the media store); the same
// seed gives the same bytes.
func photoJPEG(t testing.TB, w, h int, seed uint64) []byte {
	t.Helper()
	key := [3]uint64{uint64(w), uint64(h), seed}
	photoMu.Lock()
	defer photoMu.Unlock()
	if b, ok := photoCache[key]; ok {
		return b
	}
	if photoScene == nil {
		photoScene = scene(2400, 1800)
	}
	sb := photoScene.Bounds()
	if w > sb.Dx() || h > sb.Dy() {
		t.Fatalf("photoJPEG: %d×%d is larger than the scene", w, h)
	}
	x := int(seed*389) % (sb.Dx() - w + 1)
	y := int(seed*233) % (sb.Dy() - h + 1)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, photoScene.SubImage(image.Rect(x, y, x+w, y+h)), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	photoCache[key] = buf.Bytes()
	return buf.Bytes()
}

var (
	photoMu    sync.Mutex
	photoScene *image.RGBA
	photoCache = map[[3]uint64][]byte{}
)

func scene(w, h int) *image.RGBA {
	r := rand.New(rand.NewPCG(2026, 20))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	type blob struct{ x, y, rad, cr, cg, cb float64 }
	blobs := make([]blob, 60)
	for i := range blobs {
		blobs[i] = blob{r.Float64() * float64(w), r.Float64() * float64(h), (0.02 + r.Float64()*0.08) * float64(w),
			60 + r.Float64()*150, 40 + r.Float64()*120, 20 + r.Float64()*90}
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			fx, fy := float64(x)/float64(w), float64(y)/float64(h)
			cr, cg, cb := 200-80*fy, 180-60*fy+20*fx, 150-40*fx
			for _, b := range blobs {
				dx, dy := float64(x)-b.x, float64(y)-b.y
				if dx > b.rad || dx < -b.rad || dy > b.rad || dy < -b.rad {
					continue
				}
				if d := math.Sqrt(dx*dx + dy*dy); d < b.rad {
					k := 0.6 + 0.4*math.Cos(d/b.rad*math.Pi/2) // shading towards the edge
					cr, cg, cb = b.cr*k, b.cg*k, b.cb*k
				}
			}
			tex := 12 * math.Sin(float64(x)*0.35+3*math.Sin(float64(y)*0.05)) // texture, like coffee beans
			g := r.NormFloat64() * 7                                          // sensor grain
			img.SetRGBA(x, y, color.RGBA{clamp8(cr + tex + g), clamp8(cg + tex + g), clamp8(cb + tex/2 + g), 255})
		}
	}
	return img
}

func clamp8(v float64) uint8 { return uint8(max(0, min(255, v))) }
