package server_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestBrowserExportCompare opens the comparison on a demo-like registry
// (its synthetic BPS table and its exporters' records): twelve months of
// the table's last year with BPS's figures beside the records', the notes
// on what each counts, no sideways scroll on a phone; a month's records
// figure opens the list of exactly those records.
func TestBrowserExportCompare(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	if _, err := demo.Fill(sysCtx, db, "18", 1500, 7); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.FillStatistics(sysCtx, db, "18"); err != nil {
		t.Fatal(err)
	}
	// Two records in March 2024, the table's last year.
	ents, err := db.ListEnterprises(sysCtx, siapekspor.EnterpriseFilter{Limit: 2})
	if err != nil || len(ents.Items) < 2 {
		t.Fatal(err)
	}
	for i, e := range ents.Items {
		x := &siapekspor.ExportRecord{EnterpriseID: e.ID, HSCode: "090111", Destination: "USA", ValueUSDCents: 2_500_000_00, RateIDR: 15_700,
			ExportDate: time.Date(2024, 3, 10+i, 0, 0, 0, 0, time.UTC), Incoterm: "FOB", Source: siapekspor.SourceOfficer}
		if err := db.CreateExportRecord(sysCtx, x); err != nil {
			t.Fatal(err)
		}
	}
	_, ts := newServer(t, db)
	ctx := browser(t)
	signInBrowser(t, ctx, ts.URL)
	var months, bps int
	var notes, link, linked string
	err = chromedp.Run(ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(ts.URL+"/exports/compare?lang=id"),
		chromedp.WaitVisible(`#h-months`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('section[aria-labelledby="h-months"] tbody tr').length`, &months),
		chromedp.Evaluate(`[...document.querySelectorAll('section[aria-labelledby="h-months"] tbody tr td:nth-of-type(2)')].filter(td => td.textContent.includes('US$')).length`, &bps),
		chromedp.Text(`#h-notes + dl`, &notes, chromedp.ByQuery),
		chromedp.Evaluate(`(document.querySelector('section[aria-labelledby="h-months"] tbody tr td:nth-of-type(5) a') || {}).textContent || ''`, &link),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "exports-compare-desktop")
	if months != 12 || bps != 12 || !strings.Contains(notes, "FOB") || !strings.Contains(notes, "Incoterm") {
		t.Errorf("%d months, %d with BPS's figure; notes %q", months, bps, notes)
	}
	noSidewaysScroll(t, ctx, ts.URL, "/exports/compare", "/exports/compare?hs=090111", "/exports/compare?month_from=2026-13")
	screenshot(t, ctx, "exports-compare-phone-error")
	err = chromedp.Run(ctx, chromedp.Navigate(ts.URL+"/exports/compare"), chromedp.WaitVisible(`#h-months`, chromedp.ByQuery))
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "exports-compare-phone")
	// Last year: no BPS table covers it, so BPS's column is a dash, not a zero.
	var dashes int
	err = chromedp.Run(ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(ts.URL+"/exports/compare?year="+strconv.Itoa(time.Now().Year()-1)),
		chromedp.WaitVisible(`#h-months`, chromedp.ByQuery),
		chromedp.Evaluate(`[...document.querySelectorAll('section[aria-labelledby="h-months"] tbody tr td:nth-of-type(2)')].filter(td => td.textContent.trim() === '–').length`, &dashes),
	)
	if err != nil {
		t.Fatal(err)
	}
	if dashes != 12 || link != "2" {
		t.Fatalf("last year: %d dashes; March 2024's records %q", dashes, link)
	}
	err = chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/exports/compare"),
		chromedp.WaitVisible(`#h-months`, chromedp.ByQuery),
		chromedp.Click(`section[aria-labelledby="h-months"] tbody tr td:nth-of-type(5) a`, chromedp.ByQuery),
		chromedp.WaitVisible(`.count`, chromedp.ByQuery),
		chromedp.Text(`.count`, &linked, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	// The list counts the records the month's figure counts.
	if n, _, _ := strings.Cut(linked, " "); n != strings.TrimSpace(link) {
		t.Errorf("the month shows %q records, its list %q", link, linked)
	}
}
