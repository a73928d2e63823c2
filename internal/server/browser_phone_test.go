package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// notAPage matches the GET routes that answer with a file, not a page:
// the API, downloads, media and static files.
var notAPage = regexp.MustCompile(`^/api/(v1/|openapi)|^/static/|^/media/|\.(csv|xlsx|json)$|/(json|document)$`)

// pageQuery adds to a page's address what it needs or what shows its
// content rather than its empty form.
func pageQuery(w *world, pattern string) string {
	switch pattern {
	case "GET /search", "GET /hs":
		return "q=kopi"
	case "GET /markets/gap/{iso3}":
		return fmt.Sprintf("hs=090121&enterprise=%d", w.lamsel.ID)
	case "GET /products/new", "GET /certificates/new":
		return fmt.Sprintf("enterprise=%d", w.lamsel.ID)
	}
	return ""
}

// TestBrowserEveryPageFitsAPhone opens every page the route table offers,
// as each role and anonymously (in Indonesian; the administrator's pages in
// English too), on a cheap phone's 360 px screen and fails for any that
// scrolls sideways; at 390 px it fails for content cut off inside the page
// (see clippedScript). The pages come from the route table, so a new page
// is covered as soon as it is routed; one the test cannot fill with the
// world's records fails, naming the route. A page whose header and main
// content are the same HTML as one already opened is not opened again.
func TestBrowserEveryPageFitsAPhone(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	ts := httptest.NewServer(w.s)
	t.Cleanup(ts.Close)
	pages := phonePages(t, w)
	ctx := browserFor(t, 5*time.Minute) // every page of every role, on a shared machine
	host := strings.TrimPrefix(ts.URL, "http://")
	host, _, _ = strings.Cut(host, ":")
	type visitor struct{ role, lang string }
	visitors := []visitor{}
	for _, role := range roleKeys {
		visitors = append(visitors, visitor{role, "id"})
	}
	visitors = append(visitors, visitor{"admin", "en"})
	seen := map[string]bool{}
	start := time.Now()
	opened, covered := 0, 0
	for _, v := range visitors {
		actions := []chromedp.Action{network.ClearBrowserCookies(),
			network.SetCookie(httpx.LangCookie, v.lang).WithDomain(host).WithPath("/")}
		cookie := httpx.LangCookie + "=" + v.lang
		if c := w.cookies[v.role]; c != "" {
			name, value, _ := strings.Cut(c, "=")
			actions = append(actions, network.SetCookie(name, value).WithDomain(host).WithPath("/").WithHTTPOnly(true))
			cookie += "; " + c
		}
		if err := chromedp.Run(ctx, actions...); err != nil {
			t.Fatal(err)
		}
		for _, path := range pages[v.role] {
			covered++
			header, main := pageParts(w, path, cookie)
			if seen["h"+header] && seen["m"+main] {
				continue
			}
			seen["h"+header], seen["m"+main] = true, true
			opened++
			var overflow, clipped string
			err := chromedp.Run(ctx,
				chromedp.EmulateViewport(360, 740),
				chromedp.Navigate(ts.URL+path),
				chromedp.WaitVisible(`main`, chromedp.ByQuery),
				chromedp.Evaluate(overflowScript, &overflow),
			)
			if err != nil {
				t.Fatalf("%s as %s: %v", path, v.role, err)
			}
			if overflow != "" {
				t.Errorf("%s as %s (%s) scrolls sideways on a 360 px screen: %s", path, v.role, v.lang, overflow)
			}
			shot(t, ctx, v.role+"-"+v.lang, path, 360)
			err = chromedp.Run(ctx,
				chromedp.EmulateViewport(390, 844),
				chromedp.Evaluate(clippedScript, &clipped),
			)
			if err != nil {
				t.Fatalf("%s as %s: %v", path, v.role, err)
			}
			if clipped != "" {
				t.Errorf("%s as %s (%s) cuts content off on a 390 px screen: %s", path, v.role, v.lang, clipped)
			}
		}
	}
	t.Logf("%d pages of %d opened (the others repeat one) in %s", opened, covered, time.Since(start).Round(time.Millisecond))
}

// pageOwn matches what a header says of its own page only: the title and
// the address the language switch comes back to.
var pageOwn = regexp.MustCompile(`<title>.*</title>|\?next=[^"]*`)

// pageParts fetches a page as the browser will get it and returns the HTML
// before its main content (the header, less what names the page) and the
// main content.
func pageParts(w *world, path, cookie string) (header, main string) {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Cookie", cookie)
	rec := httptest.NewRecorder()
	w.s.ServeHTTP(rec, req)
	header, main, _ = strings.Cut(rec.Body.String(), "<main")
	main, _, _ = strings.Cut(main, "</main>")
	return pageOwn.ReplaceAllString(header, ""), main
}

// shot saves a screenshot named after role, page and width when
// $SIAPEKSPOR_SCREENSHOTS is set.
func shot(t *testing.T, ctx context.Context, role, path string, width int) {
	if os.Getenv("SIAPEKSPOR_SCREENSHOTS") == "" {
		return
	}
	name := strings.Trim(regexp.MustCompile(`[^a-zA-Z0-9]+`).ReplaceAllString(path, "-"), "-")
	screenshot(t, ctx, fmt.Sprintf("%s-%s-%d", role, name, width))
}

// phonePages lists, per role, the pages to open: every GET route that is
// not a download, filled from the world's records, that answers the role
// with a page. A route no role gets a page from fails the test.
func phonePages(t *testing.T, w *world) map[string][]string {
	t.Helper()
	own := phoneFixtures(t, w)
	pages := map[string][]string{}
	for _, rt := range w.s.Routes() {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		if method != http.MethodGet || notAPage.MatchString(path) {
			continue
		}
		pattern := own.Replace(rt.Pattern)
		offered, elsewhere := 0, 0
		for _, role := range roleKeys {
			_, target, _, _ := w.request(t, pattern, role)
			if strings.ContainsAny(target, "{}") {
				t.Errorf("%s: the phone test cannot fill %s; give the world a record for it", rt.Pattern, target)
				break
			}
			if v := pageQuery(w, rt.Pattern); v != "" {
				target += "?" + v
			}
			rec := w.do(t, role, http.MethodGet, target, "", "")
			switch {
			case rec.Code == http.StatusOK && strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html"):
				pages[role] = append(pages[role], target)
				offered++
			case rec.Code == http.StatusOK, rec.Code == http.StatusSeeOther && !strings.HasPrefix(rec.Header().Get("Location"), "/login"):
				elsewhere++ // a file or a redirect: not a page
			}
		}
		if offered == 0 && elsewhere == 0 {
			t.Errorf("%s gives no role a page: fill it with a record of the world so the phone test opens it", rt.Pattern)
		}
	}
	for role := range pages {
		sort.Strings(pages[role])
	}
	return pages
}

// phoneFixtures makes the records some pages need beyond the world's: an
// import job and an invitation link.
func phoneFixtures(t *testing.T, w *world) *strings.Replacer {
	t.Helper()
	sample, err := os.ReadFile("../../samples/ikm-metro-berantakan.csv")
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "ikm-metro-berantakan.csv")
	fw.Write(sample)
	mw.Close()
	rec := w.do(t, "admin", http.MethodPost, "/imports", body.String(), mw.FormDataContentType())
	job, ok := strings.CutPrefix(rec.Header().Get("Location"), "/imports/jobs/")
	if !ok {
		t.Fatalf("upload: %d %s", rec.Code, firstLine(rec.Body.String()))
	}
	for i := 0; ; i++ { // the dry run finishes in the background
		page := w.do(t, "admin", http.MethodGet, "/imports/jobs/"+job, "", "").Body.String()
		if !strings.Contains(page, "<progress") {
			break
		}
		if i == 100 {
			t.Fatal("the import's dry run did not finish")
		}
		time.Sleep(50 * time.Millisecond)
	}
	rec = w.do(t, "admin", http.MethodPost, "/api/v1/users", fmt.Sprintf(`{"email":"diundang@example.id","role":"viewer","org_id":%d}`, w.users["viewer"].OrgID), "application/json")
	var inv struct {
		InvitePath string `json:"invite_path"`
	}
	json.Unmarshal(rec.Body.Bytes(), &inv)
	secret, ok := strings.CutPrefix(inv.InvitePath, "/link/")
	if !ok {
		t.Fatalf("invitation: %d %s", rec.Code, firstLine(rec.Body.String()))
	}
	return strings.NewReplacer("{job}", job, "{secret}", secret)
}

// clippedScript returns "" when nothing in the main content is cut off,
// else what is (at most eight findings):
//   - a box whose content is wider than the box (clipped, scrolled or
//     sticking out), form fields apart;
//   - a select box narrower than the same box would be with only its chosen
//     option (the browser's own measure, arrow included), or, when the box
//     is narrower than its container, with its longest option;
//   - a text field narrower than its container whose text or placeholder
//     does not fit;
//   - in a table shown as stacked cards, a cell without a data-label, a
//     label's word wider than the label's column, or content that starts
//     within 4 px of its label.
//
// Text widths come from the page's own fonts (canvas measureText), and
// every comparison leaves a pixel for rounding.
const clippedScript = `(() => {
  const out = new Set();
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '');
  const ctx = document.createElement('canvas').getContext('2d');
  const width = (text, cs) => {
    ctx.font = cs.fontStyle + ' ' + cs.fontWeight + ' ' + cs.fontSize + ' ' + cs.fontFamily;
    ctx.letterSpacing = cs.letterSpacing === 'normal' ? '0px' : cs.letterSpacing;
    return ctx.measureText(text).width;
  };
  const px = v => parseFloat(v) || 0;
  // The content width of the nearest block around a form field: what it could take.
  const room = e => {
    let p = e.parentElement;
    while (p && /^(inline|contents)$/.test(getComputedStyle(p).display)) p = p.parentElement;
    const ps = getComputedStyle(p);
    return p.clientWidth - px(ps.paddingLeft) - px(ps.paddingRight);
  };
  const main = document.querySelector('main');
  for (const e of main.querySelectorAll('*')) {
    if (out.size >= 8) break;
    const cs = getComputedStyle(e);
    if (cs.display === 'none' || cs.visibility === 'hidden' || e.closest('.visually-hidden')) continue;
    // A slippy map is a window onto a larger surface: it pans, by design.
    if (e.closest('.leaflet-container')) continue;
    if (e.tagName === 'SELECT') {
      // The width the browser gives the box with only this option in it.
      const need = text => {
        const probe = e.cloneNode(false);
        probe.removeAttribute('id');
        probe.appendChild(new Option(text));
        probe.style.cssText = 'position:absolute;visibility:hidden;width:auto;min-width:0;max-width:none';
        e.parentNode.appendChild(probe);
        const w = probe.getBoundingClientRect().width;
        probe.remove();
        return w;
      };
      const have = e.getBoundingClientRect().width;
      const chosen = e.options[e.selectedIndex];
      if (chosen && need(chosen.text) > have + 1) {
        out.add(name(e) + ' is ' + have.toFixed(0) + ' px wide, its choice "' + chosen.text + '" needs ' + need(chosen.text).toFixed(0));
        continue;
      }
      // Any other choice must fit too unless the box already has all the room there is.
      const longest = Array.from(e.options).reduce((a, o) => width(o.text, cs) > width(a, cs) ? o.text : a, '');
      if (longest && need(longest) > have + 1 && have < room(e) - 1) {
        out.add(name(e) + ' is ' + have.toFixed(0) + ' px wide of ' + room(e).toFixed(0) + ', its choice "' + longest + '" needs ' + need(longest).toFixed(0));
      }
      continue;
    }
    if (e.tagName === 'INPUT' && /^(text|search|email|url|tel|number|password)$/.test(e.type)) {
      const text = e.value || e.placeholder;
      const inside = e.clientWidth - px(cs.paddingLeft) - px(cs.paddingRight);
      if (text && width(text, cs) > inside + 1 && e.getBoundingClientRect().width < room(e) - 1) {
        out.add(name(e) + ' shows ' + inside.toFixed(0) + ' px of "' + text + '" though it has room for more');
      }
      continue;
    }
    if (/^(INPUT|TEXTAREA)$/.test(e.tagName)) continue;
    if (e.clientWidth > 1 && e.scrollWidth > e.clientWidth + 1) {
      out.add(name(e) + ' shows ' + e.clientWidth + ' of ' + e.scrollWidth + ' px' + (cs.overflowX === 'visible' ? ' (the rest sticks out)' : ''));
      continue;
    }
    if (!/^T[DH]$/.test(e.tagName) || !e.closest('table.list') || cs.display === 'table-cell' || e.closest('thead')) continue;
    // A cell of a table stacked into cards on a narrow screen.
    if (!e.hasAttribute('data-label')) {
      if (e.colSpan < 2) out.add('a cell of ' + name(e.closest('table')) + ' has no data-label: "' + e.textContent.trim().slice(0, 40) + '"');
      continue;
    }
    const label = e.getAttribute('data-label');
    const b = getComputedStyle(e, '::before');
    if (!label || b.content === 'none') continue;
    const column = px(b.width);
    const word = label.split(/\s+/).reduce((a, w) => width(w, b) > width(a, b) ? w : a, '');
    if (width(word, b) > column + 1) {
      out.add('the label "' + label + '" of ' + name(e.closest('table')) + ' is wider than its ' + column.toFixed(0) + ' px column');
      continue;
    }
    const beside = b.float !== 'none' || /grid|flex|table/.test(cs.display);
    if (!beside) continue;
    const r = e.getBoundingClientRect();
    const labelEnd = r.left + px(cs.borderLeftWidth) + px(cs.paddingLeft) + px(b.marginLeft) + px(b.paddingLeft) + column + px(b.paddingRight);
    const range = document.createRange();
    range.selectNodeContents(e);
    for (const c of range.getClientRects()) {
      if (c.width > 0 && c.left < labelEnd + 4) {
        out.add('in ' + name(e.closest('table')) + ' the value of "' + label + '" starts ' + (c.left - labelEnd).toFixed(0) + ' px from its label');
        break;
      }
    }
  }
  return Array.from(out).join('; ');
})()`

// TestBrowserHeaderMenu checks the header's menu, with and without
// JavaScript: on a phone it is folded into a "Menu" button that leaves the
// header a small part of the screen, opens with the keyboard, shows its
// focus and marks the current page; on a wide screen it is open without a
// click. Browsers without ::details-content get it opened by app.js on wide
// screens only.
func TestBrowserHeaderMenu(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	_, ts := newServer(t, db)
	ctx := browser(t)
	signInBrowser(t, ctx, ts.URL)
	const shown = `(sel => { const e = document.querySelector(sel); return !!e && e.checkVisibility({visibilityProperty: true}) && e.getBoundingClientRect().width > 0 })`
	for _, js := range []bool{true, false} {
		var header float64
		var ran, linkShown, summaryShown, current, focusRing, firstLink bool
		err := chromedp.Run(ctx,
			emulation.SetScriptExecutionDisabled(!js),
			chromedp.EmulateViewport(360, 740),
			chromedp.Navigate(ts.URL+"/enterprises"),
			chromedp.WaitVisible(`.menu > summary`, chromedp.ByQuery),
			chromedp.Evaluate(`document.documentElement.classList.contains('js')`, &ran),
			chromedp.Evaluate(`document.querySelector('header.top').getBoundingClientRect().height`, &header),
			chromedp.Evaluate(shown+`('.nav a[href="/enterprises"]')`, &linkShown),
		)
		if err != nil {
			t.Fatal(err)
		}
		if ran != js {
			t.Fatalf("app.js ran %v, want %v", ran, js)
		}
		if header > 740/4 || linkShown {
			t.Errorf("js=%v: on a phone the header is %.0f px high (a quarter of the screen at most) and the menu's links are shown=%v before it is opened", js, header, linkShown)
		}
		err = chromedp.Run(ctx,
			chromedp.Focus(`.menu > summary`, chromedp.ByQuery),
			chromedp.KeyEvent("\r"),
			chromedp.Evaluate(`getComputedStyle(document.activeElement).outlineStyle !== 'none' && document.activeElement.matches('.menu > summary')`, &focusRing),
			chromedp.Evaluate(shown+`('.nav a[href="/enterprises"][aria-current="page"]')`, &current),
			chromedp.KeyEvent("\t"),
			chromedp.Evaluate(`document.activeElement.matches('.nav a') && document.activeElement.checkVisibility()`, &firstLink),
		)
		if err != nil {
			t.Fatal(err)
		}
		if !focusRing || !current || !firstLink {
			t.Errorf("js=%v: the menu button shows its focus %v, opens with Enter to the current page marked %v, and Tab goes into it %v", js, focusRing, current, firstLink)
		}
		err = chromedp.Run(ctx,
			chromedp.EmulateViewport(1280, 800),
			chromedp.Navigate(ts.URL+"/enterprises"),
			chromedp.WaitVisible(`main`, chromedp.ByQuery),
			chromedp.Evaluate(shown+`('.nav a[href="/enterprises"][aria-current="page"]')`, &linkShown),
			chromedp.Evaluate(shown+`('.menu > summary')`, &summaryShown),
		)
		if err != nil {
			t.Fatal(err)
		}
		if !linkShown || summaryShown {
			t.Errorf("js=%v: on a wide screen the menu's links are shown=%v, the Menu button shown=%v", js, linkShown, summaryShown)
		}
	}
	// A browser without ::details-content, as app.js sees it.
	var open360, open1280 bool
	err := chromedp.Run(ctx,
		emulation.SetScriptExecutionDisabled(false),
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := cdppage.AddScriptToEvaluateOnNewDocument(`CSS.supports = () => false;`).Do(ctx)
			return err
		}),
		chromedp.EmulateViewport(360, 740),
		chromedp.Navigate(ts.URL+"/enterprises"),
		chromedp.WaitVisible(`main`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('details.menu').open`, &open360),
		chromedp.EmulateViewport(1280, 800),
		chromedp.Poll(`document.querySelector('details.menu').open`, &open1280, chromedp.WithPollingTimeout(5*time.Second)),
	)
	if err != nil || open360 || !open1280 {
		t.Errorf("without ::details-content app.js opens the menu on a phone %v, on a wide screen %v (%v)", open360, open1280, err)
	}
}
