package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// The accessibility checks run axe-core (vendored in testdata/axe, see its
// README for version and checksum) inside headless Chromium. The script is
// injected through the DevTools protocol (Runtime.evaluate), which the
// pages' Content-Security-Policy (script-src 'self') does not govern: the
// application never serves it, and the page under test is the page a
// visitor gets, CSP and all. TestAxeCSPStillEnforced checks both halves.

// axeTags are the rule sets run: WCAG 2.0, 2.1 and 2.2 at levels A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

var (
	axeOnce   sync.Once
	axeSource string
	axeErr    error
)

func axeScript(t *testing.T) string {
	t.Helper()
	axeOnce.Do(func() {
		var b []byte
		b, axeErr = os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
		axeSource = string(b)
	})
	if axeErr != nil {
		t.Fatalf("read axe-core: %v", axeErr)
	}
	return axeSource
}

// axeViolation is one failed rule of axe.run's answer, with the elements it failed on.
type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		// Target is a list of selectors, each a string, or a list of
		// strings for elements inside a shadow root or frame.
		Target         []json.RawMessage `json:"target"`
		HTML           string            `json:"html"`
		FailureSummary string            `json:"failureSummary"`
	} `json:"nodes"`
}

type axeResult struct {
	Violations []axeViolation `json:"violations"`
	Incomplete []axeViolation `json:"incomplete"`
	Passes     int            `json:"passes"` // rules that passed
	TestEngine struct {
		Version string `json:"version"`
	} `json:"testEngine"`
}

// describe is the violation as a few lines: rule, impact, help, then up to
// three elements with their selector and HTML.
func (v axeViolation) describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s [%s] %s (%d element(s); %s)", v.ID, v.Impact, v.Help, len(v.Nodes), v.HelpURL)
	for i, n := range v.Nodes {
		if i == 3 {
			fmt.Fprintf(&b, "\n      … and %d more", len(v.Nodes)-3)
			break
		}
		var sel []string
		for _, raw := range n.Target {
			sel = append(sel, strings.Trim(string(raw), `"`))
		}
		html := n.HTML
		if len(html) > 160 {
			html = html[:160] + "…"
		}
		fmt.Fprintf(&b, "\n      %s\n        %s", strings.Join(sel, " >> "), html)
		if s := strings.ReplaceAll(n.FailureSummary, "\n", " "); s != "" {
			if len(s) > 240 {
				s = s[:240] + "…"
			}
			fmt.Fprintf(&b, "\n        %s", s)
		}
	}
	return b.String()
}

// axeCheck opens url in the browser of ctx and runs axe on it.
func axeCheck(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Run(ctx, chromedp.Navigate(url), chromedp.WaitReady("body", chromedp.ByQuery)); err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	axeCheckPage(t, ctx, url)
}

// axeCheckPage runs axe on the page the browser of ctx shows now (after
// the test filled in or posted a form, say); name labels the report. It
// fails the test on every violation of impact serious or critical, and logs
// the minor and moderate ones and the checks axe could not decide.
func axeCheckPage(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	tags, _ := json.Marshal(axeTags)
	run := `axe.run(document, {runOnly: {type: 'tag', values: ` + string(tags) + `}, resultTypes: ['violations', 'incomplete']})` +
		`.then(r => JSON.stringify({violations: r.violations, incomplete: r.incomplete, passes: r.passes.length, testEngine: r.testEngine}))`
	var out string
	err := chromedp.Run(ctx,
		chromedp.Evaluate(axeScript(t)+"\n;true", nil),
		chromedp.Evaluate(run, &out, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
			return p.WithAwaitPromise(true)
		}),
	)
	if err != nil {
		t.Fatalf("axe on %s: %v", name, err)
	}
	var res axeResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("axe on %s: %v", name, err)
	}
	var bad, minor []string
	for _, v := range res.Violations {
		switch v.Impact {
		case "serious", "critical":
			bad = append(bad, v.describe())
		default:
			minor = append(minor, v.describe())
		}
	}
	for _, m := range minor {
		t.Logf("axe %s on %s (minor/moderate, not failing):\n    %s", res.TestEngine.Version, name, m)
	}
	for _, v := range res.Incomplete {
		// Rules axe cannot decide alone (contrast over a background image, say):
		// listed for a person to look at, never failing.
		t.Logf("axe %s on %s: needs review: %s [%s] %s (%d element(s))", res.TestEngine.Version, name, v.ID, v.Impact, v.Help, len(v.Nodes))
	}
	if len(bad) > 0 {
		t.Errorf("axe %s on %s: %d serious or critical violation(s):\n    %s", res.TestEngine.Version, name, len(bad), strings.Join(bad, "\n    "))
	} else {
		t.Logf("axe %s on %s: no serious or critical violation (%d minor/moderate; %d rules passed)", res.TestEngine.Version, name, len(minor), res.Passes)
	}
}

// TestAxeCSPStillEnforced checks what the accessibility tests rely on: the
// page's Content-Security-Policy is in force (an inline script added to the
// page does not run), and axe injected through the DevTools protocol runs
// regardless and can find a violation planted on purpose.
func TestAxeCSPStillEnforced(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	_, ts := newServer(t, db)
	ctx := browser(t)
	var inlineRan, axeLoaded bool
	var found string
	err := chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/login"),
		chromedp.WaitReady("body", chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const s = document.createElement('script'); s.textContent = 'window.inlineRan = true'; document.body.appendChild(s); return true })()`, nil),
		chromedp.Evaluate(`window.inlineRan === true`, &inlineRan),
		chromedp.Evaluate(axeScript(t)+"\n;true", nil),
		chromedp.Evaluate(`typeof axe === 'object' && typeof axe.run === 'function'`, &axeLoaded),
		// An image without alt text: axe's image-alt rule, impact critical.
		chromedp.Evaluate(`(() => { const i = document.createElement('img'); i.src = '/static/none.png'; document.body.appendChild(i); return true })()`, nil),
		chromedp.Evaluate(`axe.run(document, {runOnly: ['image-alt']}).then(r => r.violations.map(v => v.id + ':' + v.impact).join(','))`, &found,
			func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
	)
	if err != nil {
		t.Fatal(err)
	}
	if inlineRan {
		t.Error("an inline script ran: the page's Content-Security-Policy is not in force, the test would not see the page a visitor sees")
	}
	if !axeLoaded {
		t.Fatal("axe-core did not load through the DevTools protocol")
	}
	if found != "image-alt:critical" {
		t.Errorf("axe did not report the planted image without alt text: %q", found)
	}
}

// TestAxePublicPages runs axe on the pages a visitor sees without signing
// in: the home page (anonymous) and the sign-in page, in both languages,
// and the sign-in page with its error shown.
func TestAxePublicPages(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	_, ts := newServer(t, db)
	ctx := browser(t)
	for _, path := range []string{"/", "/?lang=en", "/login", "/login?lang=en"} {
		axeCheck(t, ctx, ts.URL+path)
	}
	// A failed sign-in: the error summary and the field errors.
	err := chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/login"),
		chromedp.WaitVisible(`#f-email`, chromedp.ByQuery),
		chromedp.SendKeys(`#f-email`, "nobody@example.id", chromedp.ByQuery),
		chromedp.SendKeys(`#f-password`, "wrong password", chromedp.ByQuery),
		chromedp.Submit(`#f-password`, chromedp.ByQuery),
		// The answer's error summary, not the form's own body: axe must
		// run on the page that came back.
		chromedp.WaitVisible(`.error-summary`, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	axeCheckPage(t, ctx, "/login after a failed sign-in")
}
