package server_test

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestBrowserProduct adds a product the way an owner or officer does: the
// HS picker offers codes for English words and names the chosen code; the
// product page takes a photo; the search box finds the product by its
// English name with the words highlighted.
func TestBrowserProduct(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	_, ts := newServer(t, db)
	e := &siapekspor.Enterprise{Name: "Kopi Sidosari", Kind: siapekspor.KindUMKM, LegalForm: siapekspor.LegalPerorangan,
		ExportStatus: siapekspor.ExportNever, ProvinceCode: "18", RegencyCode: "18.01", Sector: "food"}
	if err := db.CreateEnterprise(sysCtx, e); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	signInBrowser(t, ctx, ts.URL)

	var options int
	var chosen string
	err := chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/products/new?enterprise="+strconv.FormatInt(e.ID, 10)),
		chromedp.WaitVisible(`#f-name_id`, chromedp.ByQuery),
		chromedp.SendKeys(`#f-name_id`, "Kopi Robusta Bubuk", chromedp.ByQuery),
		chromedp.SendKeys(`#f-name_en`, "Ground Robusta Coffee", chromedp.ByQuery),
		chromedp.SendKeys(`#f-hs_code`, "roasted coffee", chromedp.ByQuery),
		chromedp.Poll(`document.querySelectorAll('#hs-options option').length`, &options, chromedp.WithPollingTimeout(10e9)),
	)
	if err != nil {
		t.Fatalf("HS picker suggestions: %v", err)
	}
	err = chromedp.Run(ctx,
		chromedp.Evaluate(`document.getElementById('f-hs_code').value = ''`, nil),
		chromedp.SendKeys(`#f-hs_code`, "090121", chromedp.ByQuery),
		chromedp.Poll(`document.getElementById('hs-chosen').textContent`, &chosen, chromedp.WithPollingTimeout(10e9)),
	)
	if err != nil || !strings.Contains(chosen, "090121") || !strings.Contains(strings.ToLower(chosen), "roasted") {
		t.Fatalf("HS picker naming the chosen code: %q, %v", chosen, err)
	}
	screenshot(t, ctx, "product-form")
	err = chromedp.Run(ctx,
		chromedp.SendKeys(`#f-capacity_per_month`, "800", chromedp.ByQuery),
		chromedp.Submit(`#f-name_id`, chromedp.ByQuery),
		chromedp.WaitVisible(`#f-photo`, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("save product: %v", err)
	}
	// A photo, uploaded through the page.
	img := image.NewRGBA(image.Rect(0, 0, 800, 600))
	for y := 0; y < 600; y++ {
		for x := 0; x < 800; x++ {
			img.Set(x, y, color.RGBA{uint8(90 + x/10), uint8(50 + y/8), 30, 255})
		}
	}
	photo := filepath.Join(t.TempDir(), "kopi.png")
	f, _ := os.Create(photo)
	png.Encode(f, img)
	f.Close()
	var loaded bool
	err = chromedp.Run(ctx,
		chromedp.SetUploadFiles(`#f-photo`, []string{photo}, chromedp.ByQuery),
		chromedp.Submit(`#f-photo`, chromedp.ByQuery),
		chromedp.WaitVisible(`.photos img`, chromedp.ByQuery),
		chromedp.Poll(`document.querySelector('.photos img').complete && document.querySelector('.photos img').naturalWidth > 0`, &loaded, chromedp.WithPollingTimeout(10e9)),
	)
	if err != nil {
		t.Fatalf("photo upload: %v", err)
	}
	screenshot(t, ctx, "product-page")
	var marks []string
	err = chromedp.Run(ctx,
		chromedp.SendKeys(`#top-q`, "coffee", chromedp.ByQuery),
		chromedp.Submit(`#top-q`, chromedp.ByQuery),
		chromedp.WaitVisible(`.results`, chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('.results mark')).map(m => m.textContent)`, &marks),
	)
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	screenshot(t, ctx, "search-coffee")
	if len(marks) == 0 || !strings.EqualFold(marks[0], "coffee") {
		t.Errorf("highlighted words: %v", marks)
	}
	err = chromedp.Run(ctx, chromedp.Navigate(ts.URL+"/products"), chromedp.WaitVisible(`table.list`, chromedp.ByQuery))
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "product-list")
}
