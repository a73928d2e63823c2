package server_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/auth"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestBrowserConfirmAndSayItPlainly goes through the pages issue 13 found
// wanting, the way people use them: deleting asks on a page of its own
// (with scripts and without), the pages name things in words and numbers
// in the reader's format, the sign-in page says why, and a first password
// leads on. SIAPEKSPOR_SCREENSHOTS keeps a picture of each page.
func TestBrowserConfirmAndSayItPlainly(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	w.morePageData(t)
	sample, _ := os.ReadFile("../../samples/ikm-metro-berantakan.csv")
	job := upload(t, w, "admin", "/imports", nil, sample).Header().Get("Location")
	w.waitJob(t, "admin", job)
	w.waitJob(t, "admin", w.do(t, "admin", "POST", job+"/run", "duplicates=skip", "application/x-www-form-urlencoded").Header().Get("Location"))
	ts := httptest.NewServer(w.s)
	t.Cleanup(ts.Close)
	ctx := browser(t)
	signInBrowser(t, ctx, ts.URL)
	if err := chromedp.Run(ctx, chromedp.Navigate(ts.URL+"/lang/id?next=/")); err != nil { // Indonesian from here on
		t.Fatal(err)
	}

	// Deleting a product: the button leads to a question; cancel goes back,
	// the danger button deletes.
	product := fmt.Sprintf("/products/%d", w.product.ID)
	var question, heading string
	err := chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+product),
		chromedp.Click(`a[href="`+product+`/delete"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`button.danger`, chromedp.ByQuery),
		chromedp.Text(`main`, &question, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "confirm-product-delete")
	if !strings.Contains(question, "Hapus produk Kopi Robusta Bubuk") || !strings.Contains(question, "Tindakan ini tidak dapat dibatalkan") {
		t.Errorf("the question: %q", question)
	}
	err = chromedp.Run(ctx,
		chromedp.Click(`form.confirm a`, chromedp.ByQuery),
		chromedp.WaitVisible(`a[href="`+product+`/delete"]`, chromedp.ByQuery),
		chromedp.Click(`a[href="`+product+`/delete"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`button.danger`, chromedp.ByQuery),
		chromedp.Click(`button.danger`, chromedp.ByQuery),
		chromedp.WaitVisible(`.flash`, chromedp.ByQuery),
		chromedp.Text(`h1`, &heading, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Product(sysCtx, w.product.ID); err == nil || heading != "Kopi Lamsel" {
		t.Errorf("after confirming: product still there (%v), on %q", err == nil, heading)
	}

	// Without scripts, deleting a certificate works the same.
	cert := fmt.Sprintf("/certificates/%d", w.cert.ID)
	err = chromedp.Run(ctx,
		emulation.SetScriptExecutionDisabled(true),
		chromedp.Navigate(ts.URL+cert+"/edit"),
		chromedp.Click(`a[href="`+cert+`/delete"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`button.danger`, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "confirm-certificate-delete-no-js")
	if err := chromedp.Run(ctx, chromedp.Click(`button.danger`, chromedp.ByQuery), chromedp.WaitVisible(`.flash`, chromedp.ByQuery),
		emulation.SetScriptExecutionDisabled(false)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Certificate(sysCtx, w.cert.ID); err == nil {
		t.Error("the certificate is still there")
	}

	// Pages that said things in codes, keys or another language's numbers.
	for _, p := range []struct{ name, path, wants string }{
		{"confirm-programme-finish", fmt.Sprintf("/training/programmes/%d/finish", w.programme.ID), "Selesaikan program Pelatihan Ekspor"},
		{"confirm-import-undo", "", "Batalkan impor"},
		{"assessment-same-class", fmt.Sprintf("/assessments/%d", w.assessment.ID), "Tetap di kelas yang sama"},
		{"audit-respond", "/audit?action=respond", "Jawab undangan"},
		{"audit-export-stats", "/audit?entity=export_stats", "Tabel statistik ekspor #"},
		{"audit-system", "/audit?actor=Sistem", "Sistem"},
		{"imports-history", "/imports", "Ditolak"},
		{"import-report", job, "2 baris ditolak"},
		{"product-fob", fmt.Sprintf("/products/%d", newProductWithPrice(t, w)), "US$ 1.234.567,89"},
		{"timeline-score", fmt.Sprintf("/enterprises/%d/timeline", w.lamsel.ID), "/100"},
		{"market-country-hs-en", "/markets/countries/JPN", "(EN)"},
		{"statistics-period", "/markets/statistics", "uji.csv"},
	} {
		if p.path == "" {
			p.path = importUndoPath(t, w)
		}
		var text string
		if err := chromedp.Run(ctx, chromedp.Navigate(ts.URL+p.path), chromedp.WaitVisible(`main`, chromedp.ByQuery), chromedp.Text(`main`, &text, chromedp.ByQuery)); err != nil {
			t.Fatal(err)
		}
		screenshot(t, ctx, p.name)
		if !strings.Contains(text, p.wants) || strings.Contains(text, "%!") {
			t.Errorf("%s: %q not on the page:\n%s", p.path, p.wants, text[:min(len(text), 600)])
		}
	}

	// A list's filters: Apply and "clear filters" side by side, not the
	// link centred under the button (a .field stacks its children).
	var sideBySide bool
	if err := chromedp.Run(ctx, chromedp.Navigate(ts.URL+"/enterprises"), chromedp.WaitVisible(`.filters .actions button`, chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const b = document.querySelector('.filters .actions button').getBoundingClientRect();
			const a = document.querySelector('.filters .actions a').getBoundingClientRect(); const mid = (a.top + a.bottom) / 2;
			return mid > b.top && mid < b.bottom && a.left >= b.right; })()`, &sideBySide)); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "enterprise-filters")
	if !sideBySide {
		t.Error("the list's 'clear filters' link is not beside its Apply button")
	}

	// Signed out: the sign-in page says why; a first password leads on.
	if err := chromedp.Run(ctx, chromedp.Click(`form[action="/logout"] button`, chromedp.ByQuery), chromedp.WaitVisible(`#f-email`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.New(db, auth.Config{}).CreateUser(sysCtx, &siapekspor.User{Email: "baru@example.id", Role: siapekspor.RoleViewer, OrgID: w.users["viewer"].OrgID}, "satu kali pakai saja"); err != nil {
		t.Fatal(err)
	}
	var why, landed, flash string
	err = chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/enterprises?regency=18.01"),
		chromedp.WaitVisible(`#f-email`, chromedp.ByQuery),
		chromedp.Text(`main .notice`, &why, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "login-why")
	err = chromedp.Run(ctx,
		chromedp.SendKeys(`#f-email`, "baru@example.id", chromedp.ByQuery),
		chromedp.SendKeys(`#f-password`, "satu kali pakai saja", chromedp.ByQuery),
		chromedp.Submit(`#f-password`, chromedp.ByQuery),
		chromedp.WaitVisible(`#f-current_password`, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "first-password")
	err = chromedp.Run(ctx,
		chromedp.SendKeys(`#f-current_password`, "satu kali pakai saja", chromedp.ByQuery),
		chromedp.SendKeys(`#f-password`, "kopi luwak dari liwa", chromedp.ByQuery),
		chromedp.SendKeys(`#f-password_again`, "kopi luwak dari liwa", chromedp.ByQuery),
		chromedp.Submit(`#f-password_again`, chromedp.ByQuery),
		// The password page has a flash of its own: wait until it is gone.
		chromedp.WaitNotPresent(`#f-password_again`, chromedp.ByQuery),
		chromedp.WaitVisible(`.flash`, chromedp.ByQuery),
		chromedp.Text(`.flash`, &flash, chromedp.ByQuery),
		chromedp.Location(&landed),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "first-password-landed")
	if !strings.Contains(why, "Silakan masuk untuk membuka halaman itu") || !strings.HasSuffix(landed, "/enterprises?regency=18.01") ||
		!strings.Contains(flash, "Kata sandi Anda tersimpan") {
		t.Errorf("signing in: told %q, landed on %q with %q", why, landed, flash)
	}
}

// importUndoPath is the confirmation page of the newest import's undo.
func importUndoPath(t *testing.T, w *world) string {
	list, err := w.db.ListImports(sysCtx, 1)
	if err != nil || len(list) == 0 {
		t.Fatalf("no import: %v", err)
	}
	return fmt.Sprintf("/imports/%d/undo/confirm", list[0].ID)
}
