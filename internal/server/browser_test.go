package server_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// browser starts headless Chromium for a test, or skips the test when
// Chromium is not installed (CI installs it, so there it fails instead).
func browser(t *testing.T) context.Context {
	t.Helper()
	return browserFor(t, 60*time.Second)
}

// browserFor is browser with a time limit for the whole test.
func browserFor(t *testing.T, limit time.Duration) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed; .ci/run installs it")
		}
		t.Skip("chromium is not installed")
	}
	// Not t.TempDir: Chromium's helper processes may still be writing to the
	// profile for a moment after the browser is closed, and a failed cleanup
	// would fail the test. The profile is removed best-effort instead.
	profile, err := os.MkdirTemp("", "siapekspor-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "id-ID"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, limit)
	t.Cleanup(func() {
		chromedp.Cancel(ctx) // closes the browser and waits for it
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
		for range 20 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// TestBrowserRegisterEnterprise registers an enterprise the way an officer
// does: the cascading region selects load districts and villages through
// the API, a first attempt with a bad NIB shows the error summary with focus
// on it and keeps what was typed, and the corrected form saves.
func TestBrowserRegisterEnterprise(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	_, ts := newServer(t, db)
	ctx := browser(t)
	signInBrowser(t, ctx, ts.URL)

	var summaryFocused bool
	var keptName, heading, detail string
	err := chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/enterprises/new?lang=id"),
		chromedp.WaitVisible(`#f-regency_code`, chromedp.ByQuery),
		// The "refresh regions" button is for browsers without JavaScript.
		chromedp.WaitNotVisible(`button[name=refresh]`, chromedp.ByQuery),
		chromedp.SendKeys(`#f-name`, "Keripik Pisang Natar", chromedp.ByQuery),
		chromedp.SetValue(`#f-regency_code`, "18.01", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('#f-regency_code').dispatchEvent(new Event('change', {bubbles: true}))`, nil),
		chromedp.WaitReady(`#f-district_code option[value="18.01.04"]`, chromedp.ByQuery),
		chromedp.SetValue(`#f-district_code`, "18.01.04", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('#f-district_code').dispatchEvent(new Event('change', {bubbles: true}))`, nil),
		chromedp.WaitReady(`#f-village_code option:nth-child(2)`, chromedp.ByQuery),
		chromedp.SendKeys(`#f-nib`, "123", chromedp.ByQuery),
		chromedp.SendKeys(`#f-annual_turnover`, "1,5 jt", chromedp.ByQuery),
		chromedp.Click(`form.form button[type=submit]:not([name])`, chromedp.ByQuery),
		chromedp.WaitVisible(`.error-summary`, chromedp.ByQuery),
		chromedp.Evaluate(`document.activeElement.classList.contains('error-summary')`, &summaryFocused),
		chromedp.Value(`#f-name`, &keptName, chromedp.ByQuery),
		// Fix the NIB and save.
		chromedp.SetValue(`#f-nib`, "9120001234567", chromedp.ByQuery),
		chromedp.Click(`form.form button[type=submit]:not([name])`, chromedp.ByQuery),
		chromedp.WaitVisible(`.flash`, chromedp.ByQuery),
		chromedp.Text(`h1`, &heading, chromedp.ByQuery),
		chromedp.Text(`main`, &detail, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !summaryFocused {
		t.Error("the error summary did not take focus")
	}
	if keptName != "Keripik Pisang Natar" {
		t.Errorf("the name typed before the error was lost: %q", keptName)
	}
	// The browser asks for English: amounts group as its other numbers do.
	if heading != "Keripik Pisang Natar" || !strings.Contains(detail, "Natar") || !strings.Contains(detail, "Rp 1,500,000") {
		t.Errorf("detail page: %q\n%s", heading, detail)
	}
}

// screenshot saves the page as PNG into $SIAPEKSPOR_SCREENSHOTS, when set,
// for a person to look at.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("SIAPEKSPOR_SCREENSHOTS")
	if dir == "" {
		return
	}
	var png []byte
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(dir, 0o755)
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserImport imports the messy sample the way an officer does:
// upload, the page refreshes itself until the dry run is done, the report
// shows the guessed columns and the refused rows, and "Impor sekarang"
// stores the good rows.
func TestBrowserImport(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	_, ts := newServer(t, db)
	ctx := browser(t)
	signInBrowser(t, ctx, ts.URL)
	sample, err := filepath.Abs("../../samples/ikm-metro-berantakan.csv")
	if err != nil {
		t.Fatal(err)
	}
	var report, done string
	err = chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/lang/id?next=/imports"),
		chromedp.WaitVisible(`#f-file`, chromedp.ByQuery),
		chromedp.SetUploadFiles(`#f-file`, []string{sample}, chromedp.ByQuery),
		chromedp.Click(`form.form button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`form[action$="/run"]`, chromedp.ByQuery),
		chromedp.Text(`main`, &report, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "import-dry-run")
	for _, want := range []string{"Pemeriksaan selesai", "2 ditolak", "Nama wilayah tidak ditemukan", "Unduh"} {
		if !strings.Contains(report, want) {
			t.Errorf("the dry-run report lacks %q:\n%s", want, report)
		}
	}
	err = chromedp.Run(ctx,
		chromedp.Click(`form[action$="/run"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`a.button[href="/enterprises"]`, chromedp.ByQuery),
		chromedp.Text(`main`, &done, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "import-done")
	if !strings.Contains(done, "Impor selesai dan tersimpan") {
		t.Errorf("after the import:\n%s", done)
	}
	if page, _ := db.ListEnterprises(sysCtx, siapekspor.EnterpriseFilter{}); page.Total != 3 {
		t.Errorf("%d enterprises stored, want 3", page.Total)
	}
}

// noSidewaysScroll opens each page at 360 px, a cheap phone's width, and
// fails for those wider than the screen. A page may end a fraction of a pixel
// past the edge (fonts and rounding differ between Chromium versions), not
// more; a failure names the elements that stick out.
func noSidewaysScroll(t *testing.T, ctx context.Context, base string, paths ...string) {
	t.Helper()
	for _, path := range paths {
		var overflow string
		err := chromedp.Run(ctx,
			chromedp.EmulateViewport(360, 740),
			chromedp.Navigate(base+path),
			chromedp.WaitVisible(`main`, chromedp.ByQuery),
			chromedp.Evaluate(overflowScript, &overflow),
		)
		if err != nil {
			t.Fatal(err)
		}
		if overflow != "" {
			t.Errorf("%s scrolls sideways on a 360 px screen: %s", path, overflow)
		}
	}
}

// overflowScript returns "" when the page fits the window (within a pixel
// of rounding), else the document's width and the elements past the edge.
const overflowScript = `(() => {
  const limit = window.innerWidth + 1;
  if (document.documentElement.scrollWidth <= limit) return "";
  const out = [];
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.right > limit && out.length < 5) {
      out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '') + ' ends at ' + r.right.toFixed(1) + ' px');
    }
  }
  return 'document ' + document.documentElement.scrollWidth + ' px wide; ' + out.join(', ');
})()`

// signInBrowser signs the test admin in through the login page.
func signInBrowser(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	err := chromedp.Run(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(`#f-email`, chromedp.ByQuery),
		chromedp.SendKeys(`#f-email`, "admin@example.id", chromedp.ByQuery),
		chromedp.SendKeys(`#f-password`, testPassword, chromedp.ByQuery),
		chromedp.Submit(`#f-password`, chromedp.ByQuery),
		chromedp.WaitVisible(`form[action="/logout"]`, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
}
