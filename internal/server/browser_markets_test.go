package server_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/siapekspor/siapekspor/internal/store/storetest"
	"github.com/siapekspor/siapekspor/internal/tradeload"
)

// TestBrowserMarkets opens the market pages as a trainer would: the HS
// form takes a code to its ranking, the statistics page draws its charts
// from the binary's own Chart.js (no CDN), and neither scrolls sideways on
// a phone.
func TestBrowserMarkets(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	_, ts := newServer(t, db)
	long, err := os.ReadFile("../demo/data/bps-lampung-2023-2024-sintetis.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tradeload.ImportExportStats(sysCtx, db, bytes.NewReader(long), int64(len(long)), "bps-lampung-2023-2024-sintetis.csv", "18", false); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	signInBrowser(t, ctx, ts.URL)

	var url string
	var rows int
	err = chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/markets"),
		chromedp.WaitVisible(`#f-hs`, chromedp.ByQuery),
		chromedp.SendKeys(`#f-hs`, "0901.21", chromedp.ByQuery),
		chromedp.Submit(`#f-hs`, chromedp.ByQuery),
		chromedp.WaitVisible(`table.ranking`, chromedp.ByQuery),
		chromedp.Location(&url),
		chromedp.Evaluate(`document.querySelectorAll('table.ranking tbody tr').length`, &rows),
	)
	if err != nil || rows != 30 {
		t.Fatalf("ranking from the form: %s, %d rows, %v", url, rows, err)
	}
	screenshot(t, ctx, "market-ranking")

	var drawn int
	err = chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/markets/statistics"),
		chromedp.Poll(`document.querySelectorAll('canvas[data-chart-drawn]').length >= 5 && document.querySelectorAll('canvas[data-chart-drawn]').length`, &drawn, chromedp.WithPollingTimeout(15e9)),
	)
	if err != nil || drawn != 5 {
		t.Fatalf("statistics charts drawn: %d, %v", drawn, err)
	}
	screenshot(t, ctx, "statistics")

	noSidewaysScroll(t, ctx, ts.URL, "/markets", "/markets/products/0901", "/markets/countries/JPN", "/markets/gap/EU?hs=0901",
		"/markets/requirements", "/markets/data", "/markets/statistics")
}
