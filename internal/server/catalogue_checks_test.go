package server_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/server"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// buyerSite is a server whose public catalogue lists products as a
// buyer would find them: several enterprises, each product with photos
// (photograph-like JPEGs through the app's own upload, so the renditions
// are the app's), certificates held and valid, one product described in
// Indonesian only.
type buyerSite struct {
	ts         *httptest.Server
	db         *store.DB
	products   []*siapekspor.Product // listed
	paths      []string              // their public addresses, as the store gives them
	enterprise *siapekspor.Enterprise
	entPath    string
	admin      string // the admin's session cookie
}

// productPath and enterprisePath are the public addresses.
func (c *buyerSite) productPath(i int) string { return c.paths[i] }

func (c *buyerSite) enterprisePath() string { return c.entPath }

func newBuyerSite(t *testing.T) *buyerSite {
	t.Helper()
	db := storetest.Open(t, "sqlite")
	s, err := server.New(db, server.Config{Province: "18", Media: t.TempDir(), Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	makeUser(t, db, "admin@example.id", siapekspor.RoleAdmin, "", 0)
	c := &buyerSite{ts: ts, db: db, admin: signIn(t, s, "admin@example.id")}
	defaultMu.Lock()
	defaultCookie[ts.URL] = c.admin
	defaultMu.Unlock()

	issued := time.Now().AddDate(-1, 0, 0)
	expires := time.Now().AddDate(2, 0, 0)
	// Eight enterprises with three products each and one more: a full
	// first page of products (24) and a second. The first enterprise's
	// second product is described in Indonesian only (the page shows it
	// as such, with a note; validation needs only the English name).
	kinds := []struct{ id, en, hs string }{
		{"Kopi Robusta", "Robusta Coffee", "090121"}, {"Lada Hitam", "Black Pepper", "090411"}, {"Keripik Pisang", "Banana Chips", "200899"},
		{"Kain Tapis", "Tapis Woven Cloth", "580500"}, {"Gula Aren", "Palm Sugar", "170199"}, {"Kakao Fermentasi", "Fermented Cocoa Beans", "180100"},
		{"Madu Hutan", "Wild Forest Honey", "040900"}, {"Kopi Luwak", "Civet Coffee", "090121"}, {"Tepung Mocaf", "Mocaf Flour", "110620"},
	}
	places := []string{"Liwa", "Way Kanan", "Natar", "Pesisir", "Tanggamus", "Pringsewu", "Mesuji", "Sekincau"}
	n := 0
	var e *siapekspor.Enterprise
	for ei, place := range places {
		for k := 0; k < 3 || (ei == 0 && k < 4); k++ {
			kind := kinds[(ei+k)%len(kinds)]
			name := kind.id + " " + place
			var p *siapekspor.Product
			if k == 0 {
				e, p = storetest.Listed(t, db, name)
				if ei == 0 {
					c.enterprise = e
				}
				// Held by the enterprise: valid for all its products.
				cert := &siapekspor.Certificate{EnterpriseID: e.ID, Type: siapekspor.CertHalal, Number: "ID131100" + strconv.Itoa(10000+ei),
					Issuer: "BPJPH", IssuedOn: &issued, ExpiresOn: &expires}
				if err := db.CreateCertificate(sysCtx, cert); err != nil {
					t.Fatal(err)
				}
			} else {
				p = &siapekspor.Product{EnterpriseID: e.ID, NameID: name, NameEN: kind.en + " from " + place, HSCode: kind.hs, Category: "food",
					DescriptionID: kind.id + " dari " + place + ", diolah oleh kelompok usaha setempat.",
					DescriptionEN: kind.en + " from " + place + ", processed by a local producers' group.",
					Unit:          "kg", CapacityPerMonth: float64(300 * (k + 1)), MinOrder: 50, FOBUSDCents: int64(400 + 100*k),
					Packaging: "1 kg bags, 20 per carton", ShelfLifeDays: 360}
				if ei == 0 && k == 1 {
					p.DescriptionEN = ""
				}
				approveProduct(t, db, p)
			}
			if k%2 == 0 {
				// The FDA registration of the product itself.
				pid := p.ID
				cert := &siapekspor.Certificate{EnterpriseID: e.ID, ProductID: &pid, Type: siapekspor.CertFDA, Number: strconv.Itoa(17000000000 + n),
					Issuer: "US FDA", IssuedOn: &issued, ExpiresOn: &expires}
				if err := db.CreateCertificate(sysCtx, cert); err != nil {
					t.Fatal(err)
				}
			}
			// Photos as a phone takes them (4:3): three of the first product, one of each other.
			photos := 1
			if n == 0 {
				photos = 3
			}
			for j := range photos {
				call(t, ts.URL, c.admin, "POST", "/api/v1/products/"+strconv.FormatInt(p.ID, 10)+"/photos", "image/jpeg",
					bytes.NewReader(photoJPEG(t, 1600, 1200, uint64(10*n+j+1))), http.StatusCreated)
			}
			got, err := db.Product(sysCtx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			c.products = append(c.products, got)
			n++
		}
	}
	// A product still in draft of a listed enterprise: never shown.
	draft := &siapekspor.Product{EnterpriseID: c.enterprise.ID, NameID: "Kopi Draf", NameEN: "Draft Coffee", HSCode: "090121", Unit: "kg"}
	if err := db.CreateProduct(sysCtx, draft); err != nil {
		t.Fatal(err)
	}
	// The listing is what the pages read: check it holds the products,
	// and take their addresses from it.
	anon := context.Background()
	for _, p := range c.products {
		pp, err := db.CatalogueProduct(anon, p.ID, time.Now())
		if err != nil {
			t.Fatalf("product %d %q is not listed: %v", p.ID, p.NameID, err)
		}
		c.paths = append(c.paths, pp.Path)
	}
	pe, err := db.CatalogueEnterprise(anon, c.enterprise.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	c.entPath = pe.Path
	if _, err := db.CatalogueProduct(anon, draft.ID, time.Now()); siapekspor.ErrorCodeOf(err) != siapekspor.ENotFound {
		t.Fatalf("a draft product is listed: %v", err)
	}
	return c
}

// publicPages are the pages of the catalogue a buyer opens, one of each kind.
func (c *buyerSite) publicPages() []string {
	return []string{
		"/catalogue",
		"/catalogue/search",
		"/catalogue/search?q=kopi",
		"/catalogue/search?q=kopi&certificate=halal&hs_chapter=09",
		"/catalogue/search?page=2",
		c.productPath(0),
		c.productPath(1), // described in Indonesian only
		c.enterprisePath(),
		"/catalogue/certified/halal",
		"/catalogue/certified/fda",
		"/catalogue/inquiry/sent",
		"/catalogue?lang=id",
		c.productPath(0) + "?lang=id",
		"/catalogue?lang=ar",
		c.productPath(0) + "?lang=ar",
		"/catalogue?lang=zh",
		c.productPath(0) + "?lang=ja",
		c.productPath(0) + "?lang=fr",
	}
}

// TestCataloguePageWeight prints the weight of every public catalogue
// page on a first visit and fails for any above 200 KB.
func TestCataloguePageWeight(t *testing.T) {
	c := newBuyerSite(t)
	ws := checkPageWeights(t, c.ts.URL, c.publicPages())
	for _, w := range ws {
		if w.Path == c.productPath(0) && w.of("img") == 0 {
			t.Errorf("%s loads no image: the product's photos should count", w.Path)
		}
	}
}

// approveProduct creates a product, submitted by its enterprise's owner and
// approved on every point by a validator.
func approveProduct(t *testing.T, db *store.DB, p *siapekspor.Product) {
	t.Helper()
	owner := siapekspor.WithActor(sysCtx, siapekspor.Actor{UserID: 1, Role: siapekspor.RoleOwner, EnterpriseID: p.EnterpriseID, Label: "owner@example.id"})
	validator := siapekspor.WithActor(sysCtx, siapekspor.Actor{UserID: 2, Role: siapekspor.RoleValidator, Label: "validator@example.id"})
	if err := db.CreateProduct(owner, p); err != nil {
		t.Fatal(err)
	}
	if err := db.SubmitProduct(owner, p.ID, ""); err != nil {
		t.Fatal(err)
	}
	points := map[siapekspor.ReviewPoint]siapekspor.PointReview{}
	for _, pt := range siapekspor.ReviewPoints {
		points[pt] = siapekspor.PointReview{OK: true}
	}
	if _, err := db.ReviewProduct(validator, p.ID, siapekspor.Review{Points: points}); err != nil {
		t.Fatal(err)
	}
}

// TestCatalogueAccessibility runs axe-core on every kind of public
// catalogue page, as a buyer reaches them, in English, Indonesian and
// right-to-left Arabic (and the other interface languages on a product
// page): the front page, the first page of products, a search with
// results, a product (and one described in Indonesian only), a profile,
// the lists by certificate, the inquiry form with its errors shown and the
// acknowledgement after a good inquiry. Any serious or critical violation
// fails it.
func TestCatalogueAccessibility(t *testing.T) {
	c := newBuyerSite(t)
	ctx := browserFor(t, 6*time.Minute)
	base := c.ts.URL
	for _, p := range c.publicPages() {
		if p == "/catalogue/inquiry/sent" {
			continue // reached below by sending an inquiry
		}
		axeCheck(t, ctx, base+p)
	}

	// The inquiry form on a product page: sent empty (after the form's
	// minimum time), it comes back with the error summary and each field's
	// error; then filled in, it leads to the acknowledgement.
	for _, lang := range []string{"en", "ar"} {
		var dir string
		err := chromedp.Run(ctx,
			chromedp.Navigate(base+c.productPath(0)+"?lang="+lang),
			chromedp.WaitVisible(`#f-name`, chromedp.ByQuery),
			chromedp.Evaluate(`document.documentElement.dir`, &dir),
			chromedp.Sleep(3500*time.Millisecond), // the time check refuses a form sent within 3 s
			chromedp.Submit(`#f-name`, chromedp.ByQuery),
			chromedp.WaitVisible(`[aria-invalid="true"]`, chromedp.ByQuery),
		)
		if err != nil {
			t.Fatalf("inquiry with errors (%s): %v", lang, err)
		}
		if lang == "ar" && dir != "rtl" {
			t.Errorf("the Arabic page is not right to left: dir=%q", dir)
		}
		axeCheckPage(t, ctx, c.productPath(0)+"?lang="+lang+" inquiry sent empty, errors shown")
	}
	var heading string
	err := chromedp.Run(ctx,
		chromedp.Navigate(base+c.productPath(1)),
		chromedp.WaitVisible(`#f-name`, chromedp.ByQuery),
		chromedp.SendKeys(`#f-name`, "Hannah Schmidt", chromedp.ByQuery),
		chromedp.SendKeys(`#f-company`, "Rösterei Nord GmbH", chromedp.ByQuery),
		chromedp.SetValue(`#f-country`, "DEU", chromedp.ByQuery),
		chromedp.SendKeys(`#f-email`, "hannah@roesterei-nord.example", chromedp.ByQuery),
		chromedp.SendKeys(`#f-message`, "We would like a sample of 5 kg and prices for one container a quarter.", chromedp.ByQuery),
		chromedp.SendKeys(`#f-quantity`, "19000", chromedp.ByQuery),
		chromedp.Sleep(3500*time.Millisecond),
		chromedp.Submit(`#f-name`, chromedp.ByQuery),
		chromedp.WaitReady(`main`, chromedp.ByQuery),
		chromedp.Location(&heading),
	)
	if err != nil {
		t.Fatalf("a good inquiry: %v", err)
	}
	if !strings.Contains(heading, "/catalogue/inquiry/sent") {
		t.Fatalf("a good inquiry did not lead to the acknowledgement: at %s", heading)
	}
	axeCheckPage(t, ctx, "/catalogue/inquiry/sent after a good inquiry")
	axeCheck(t, ctx, base+"/catalogue/inquiry/sent?lang=ar")
}
