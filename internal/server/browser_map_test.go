package server_test

import (
	"context"
	"strings"
	"testing"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestBrowserMap opens the map on a demo-like registry: Leaflet (the
// binary's own copy) draws every regency from /geo/18 as an SVG path
// coloured by the table's figures, with a legend; a region is a keyboard
// link one level down; the server's strict CSP reports no violation; and
// neither map scrolls sideways on a phone.
func TestBrowserMap(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	if _, err := demo.Fill(sysCtx, db, "18", 1500, 7); err != nil {
		t.Fatal(err)
	}
	_, ts := newServer(t, db)
	ctx := browser(t)
	// Every CSP violation of every page is collected before its scripts run.
	err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := cdppage.AddScriptToEvaluateOnNewDocument(`window.__csp = [];
			document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));`).Do(ctx)
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	signInBrowser(t, ctx, ts.URL)

	var paths, legend, fills, markers int
	var violations []string
	var focusedRole, focusedLabel, url string
	err = chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/map?figure=registered&lang=id"),
		chromedp.Poll(`document.querySelectorAll('#map path.leaflet-interactive').length >= 15 && document.querySelectorAll('#map path.leaflet-interactive').length`, &paths, chromedp.WithPollingTimeout(15e9)),
		chromedp.Evaluate(`document.querySelectorAll('.map-legend-item').length`, &legend),
		chromedp.Evaluate(`new Set([...document.querySelectorAll('#map path.leaflet-interactive')].map(p => p.getAttribute('fill'))).size`, &fills),
		// The enterprises with coordinates, clustered by the server.
		chromedp.Poll(`document.querySelectorAll('#map .map-cluster').length`, &markers, chromedp.WithPollingTimeout(15e9)),
		chromedp.Evaluate(`window.__csp`, &violations),
		chromedp.Focus(`#map path[tabindex="0"]`, chromedp.ByQuery),
		chromedp.Evaluate(`document.activeElement.getAttribute('role')`, &focusedRole),
		chromedp.Evaluate(`document.activeElement.getAttribute('aria-label')`, &focusedLabel),
	)
	if err != nil {
		t.Fatalf("map: %d paths, %v", paths, err)
	}
	screenshot(t, ctx, "map-province")
	if len(violations) > 0 {
		t.Errorf("CSP violations on the province's map: %v", violations)
	}
	if paths != 15 || legend < 2 || legend > 6 || fills < 2 {
		t.Errorf("%d regions drawn (want 15), %d legend entries, %d colours", paths, legend, fills)
	}
	if markers < 2 || markers > 400 {
		t.Errorf("%d point markers on the province's map", markers)
	}
	if focusedRole != "link" || !strings.Contains(focusedLabel, ":") {
		t.Errorf("a focused region: role %q, label %q", focusedRole, focusedLabel)
	}
	// Enter on the focused region opens its districts' map.
	err = chromedp.Run(ctx,
		chromedp.KeyEvent("\r"),
		chromedp.WaitReady(`#map[data-geo^="/geo/18."]`, chromedp.ByQuery),
		chromedp.Poll(`location.search.includes('region=18.') && document.querySelectorAll('#map path.leaflet-interactive').length > 0 && location.href`, &url, chromedp.WithPollingTimeout(15e9)),
		chromedp.Evaluate(`window.__csp`, &violations),
	)
	if err != nil || !strings.Contains(url, "region=18.") {
		t.Fatalf("Enter on a region: %s, %v", url, err)
	}
	screenshot(t, ctx, "map-regency")
	if len(violations) > 0 {
		t.Errorf("CSP violations on the regency's map: %v", violations)
	}
	noSidewaysScroll(t, ctx, ts.URL, "/map", "/map?region=18.01")
}
