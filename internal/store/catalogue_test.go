package store_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

func TestCatalogueListing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := db.Now()
		e, p := storetest.Listed(t, db, "Kopi Robusta Lampung")
		owner := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOwner, e.ID, ""))

		page, err := db.CatalogueProducts(ctx, siapekspor.CatalogueFilter{}, now)
		if err != nil || page.Total != 1 || page.Items[0].ID != p.ID {
			t.Fatalf("catalogue: %+v %v", page, err)
		}
		got := page.Items[0]
		if got.Path != fmt.Sprintf("/catalogue/p/%d-kopi-robusta-lampung-en", p.ID) || got.RegencyName == "" || got.EnterprisePath == "" {
			t.Errorf("listed product: %+v", got)
		}
		for _, f := range []siapekspor.CatalogueFilter{{Query: "robusta"}, {Query: "coffee"}, {HSChapter: "09"}, {RegencyCode: "18.01"}, {MinCapacity: 2000}, {Category: "coffee"}} {
			if page, err := db.CatalogueProducts(ctx, f, now); err != nil || page.Total != 1 {
				t.Errorf("filter %+v: %+v %v", f, page, err)
			}
		}
		for _, f := range []siapekspor.CatalogueFilter{{Query: "tapis"}, {HSChapter: "03"}, {RegencyCode: "18.02"}, {MinCapacity: 2001}, {Certificate: "halal"}} {
			if page, err := db.CatalogueProducts(ctx, f, now); err != nil || page.Total != 0 {
				t.Errorf("filter %+v selected: %+v %v", f, page, err)
			}
		}
		if _, err := db.CatalogueProducts(ctx, siapekspor.CatalogueFilter{HSChapter: "0'; DROP"}, now); siapekspor.ErrorCodeOf(err) != siapekspor.EInvalid {
			t.Errorf("bad chapter: %v", err)
		}

		// The profile: its product, nothing personal.
		prof, err := db.CatalogueEnterprise(ctx, e.ID, now)
		if err != nil || len(prof.Products) != 1 || prof.Name != e.Name || prof.YearsInBusiness(now) < 10 {
			t.Fatalf("profile: %+v %v", prof, err)
		}
		b, _ := json.Marshal(prof)
		for _, personal := range []string{e.OwnerNIK, e.OwnerName, "0812", e.Email, "Mawar"} {
			if strings.Contains(string(b), personal) {
				t.Errorf("the public profile shows %q: %s", personal, b)
			}
		}

		// A product certificate that lapses takes the product out; a renewal brings it back.
		past, future := now.AddDate(0, 0, -1), now.AddDate(1, 0, 0)
		halal := &siapekspor.Certificate{EnterpriseID: e.ID, ProductID: &p.ID, Type: "halal", Number: "ID18110000123450124", Issuer: "BPJPH", IssuedOn: ptr(now.AddDate(-4, 0, 0)), ExpiresOn: &past}
		if err := db.CreateCertificate(owner, halal); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CatalogueProduct(ctx, p.ID, now); siapekspor.ErrorCodeOf(err) != siapekspor.ENotFound {
			t.Errorf("a product whose halal certificate lapsed is listed: %v", err)
		}
		renewed := &siapekspor.Certificate{EnterpriseID: e.ID, ProductID: &p.ID, Type: "halal", Number: "ID18110000123450125", Issuer: "BPJPH", IssuedOn: &now, ExpiresOn: &future}
		if err := db.CreateCertificate(owner, renewed); err != nil {
			t.Fatal(err)
		}
		shown, err := db.CatalogueProduct(ctx, p.ID, now)
		if err != nil || len(shown.Certificates) != 1 || shown.Certificates[0].Type != "halal" || !shown.Certificates[0].ExpiresOn.Equal(civil(future)) {
			t.Fatalf("renewed: %+v %v", shown, err)
		}
		if f, err := db.CatalogueFacets(ctx, now); err != nil || f.Products != 1 || f.Enterprises != 1 || len(f.Certificates) != 1 || f.Chapters[0].Key != "09" {
			t.Errorf("facets: %+v %v", f, err)
		}
		if sm, err := db.CatalogueSitemap(ctx, now); err != nil || len(sm) != 2 {
			t.Errorf("sitemap: %+v %v", sm, err)
		}

		// Consent: an officer must say how the owner agreed; an office
		// elsewhere may not; withdrawing takes everything out at once.
		officer := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOfficer, 0, "18.01"))
		if keys := fieldKeys(t, db.SetListingConsent(officer, &siapekspor.ListingConsent{EnterpriseID: e.ID, Listed: true})); keys["evidence"] != "catalogue.evidence_required" {
			t.Errorf("officer without evidence: %v", keys)
		}
		elsewhere := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOfficer, 0, "18.72"))
		if err := db.SetListingConsent(elsewhere, &siapekspor.ListingConsent{EnterpriseID: e.ID}); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Errorf("an office elsewhere withdrew: %v", err)
		}
		if err := db.SetListingConsent(owner, &siapekspor.ListingConsent{EnterpriseID: e.ID, Listed: false}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CatalogueProduct(ctx, p.ID, now); siapekspor.ErrorCodeOf(err) != siapekspor.ENotFound {
			t.Errorf("listed after the consent was withdrawn: %v", err)
		}
		if _, err := db.CatalogueEnterprise(ctx, e.ID, now); siapekspor.ErrorCodeOf(err) != siapekspor.ENotFound {
			t.Errorf("profile after the consent was withdrawn: %v", err)
		}
		c, err := db.ListingConsent(owner, e.ID)
		if err != nil || c.Listed || !c.ByOwner {
			t.Errorf("consent read back: %+v %v", c, err)
		}
		if err := db.SetListingConsent(officer, &siapekspor.ListingConsent{EnterpriseID: e.ID, Listed: true, Evidence: "formulir persetujuan ditandatangani 2 Des 2026"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CatalogueProduct(ctx, p.ID, now); err != nil {
			t.Errorf("relisted by an officer: %v", err)
		}

		// An edit of what was validated takes the product back to draft: out.
		p.Packaging = "5 kg bags"
		if err := db.UpdateProduct(owner, p); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CatalogueProduct(ctx, p.ID, now); siapekspor.ErrorCodeOf(err) != siapekspor.ENotFound {
			t.Errorf("listed after an edit took it back to draft: %v", err)
		}
	})
}

func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// TestListedRuleAgrees keeps the catalogue's SQL and siapekspor.ListingState
// equal over random states: validation, consent and certificates of the
// product (expired, valid, none) of each kind.
func TestListedRuleAgrees(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := db.Now()
		rng := rand.New(rand.NewPCG(20, 12))
		states := map[int64]siapekspor.ListingState{}
		for i := range 12 {
			e, p := storetest.Listed(t, db, fmt.Sprintf("Kopi %d", i))
			owner := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOwner, e.ID, ""))
			st := siapekspor.ListingState{Validation: siapekspor.ValidationApproved, Consent: true}
			if rng.IntN(4) == 0 {
				st.Consent = false
				if err := db.SetListingConsent(owner, &siapekspor.ListingConsent{EnterpriseID: e.ID}); err != nil {
					t.Fatal(err)
				}
			}
			if rng.IntN(4) == 0 {
				p.Packaging += " baru"
				if err := db.UpdateProduct(owner, p); err != nil {
					t.Fatal(err)
				}
				st.Validation = siapekspor.ValidationDraft
			}
			for j := range rng.IntN(4) {
				c := siapekspor.Certificate{EnterpriseID: e.ID, ProductID: &p.ID, Type: []siapekspor.CertificateType{"halal", "pirt", "organic"}[rng.IntN(3)],
					Number: fmt.Sprintf("N%d-%d", i, j), Issuer: "X", IssuedOn: ptr(now.AddDate(-3, 0, 0))}
				switch rng.IntN(3) {
				case 0:
					c.ExpiresOn = ptr(now.AddDate(0, 0, -1-rng.IntN(30)))
				case 1:
					c.ExpiresOn = ptr(now.AddDate(0, 0, rng.IntN(30)))
				}
				if c.Type == "pirt" {
					c.Number = "2011801010123" + fmt.Sprint(20+j)
				}
				if err := db.CreateCertificate(owner, &c); err != nil {
					t.Fatalf("certificate %+v: %v", c, err)
				}
				st.Certificates = append(st.Certificates, c)
			}
			// An enterprise-wide certificate never takes a product out.
			if rng.IntN(2) == 0 {
				if err := db.CreateCertificate(owner, &siapekspor.Certificate{EnterpriseID: e.ID, Type: "sni", Number: "SNI-1", Issuer: "BSN",
					IssuedOn: ptr(now.AddDate(-3, 0, 0)), ExpiresOn: ptr(now.AddDate(0, 0, -5))}); err != nil {
					t.Fatal(err)
				}
			}
			states[p.ID] = st
		}
		var want []int64
		for id, st := range states {
			if ok, _ := st.Listed(now); ok {
				want = append(want, id)
			}
		}
		slices.Sort(want)
		got, err := db.ListedIDsForTest(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("SQL lists %v, the rule %v", got, want)
		}
	})
}

func TestCatalogueInquiry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := db.Now()
		e, p := storetest.Listed(t, db, "Kopi Robusta Lampung")
		anon := siapekspor.WithActor(ctx, siapekspor.Actor{Label: "anonymous", RemoteAddr: "203.0.113.9"})
		q := &siapekspor.Inquiry{ProductID: &p.ID, Name: "Hiro Tanaka", Company: "Tanaka Trading <script>alert(1)</script>", Country: "jpn",
			Email: "hiro@Tanaka.example", Message: "We need 2 tonnes monthly.\n<script>alert('x')</script>", Quantity: 2, Unit: "ton", Lang: "ja"}
		if err := db.CreateInquiry(anon, q); err != nil {
			t.Fatal(err)
		}
		if q.ID == 0 || q.RequestID == 0 || q.EnterpriseID != e.ID || q.Email != "hiro@tanaka.example" {
			t.Fatalf("inquiry: %+v", q)
		}
		r, err := db.BuyingRequest(ctx, q.RequestID)
		if err != nil || r.Status != siapekspor.RequestDraft || r.HSCode != "090121" || r.Destination != "JPN" || r.Quantity != 2 || r.Unit != "ton" ||
			!strings.Contains(r.Notes, "<script>alert('x')</script>") {
			t.Fatalf("draft request: %+v %v", r, err)
		}
		officer := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOfficer, 0, ""))
		list, total, err := db.ListInquiries(officer, 10, 0)
		if err != nil || total != 1 || list[0].Message != q.Message || list[0].ProductName == "" || list[0].RequestID != q.RequestID {
			t.Fatalf("inquiries: %+v %d %v", list, total, err)
		}
		if _, _, err := db.ListInquiries(anon, 10, 0); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Errorf("anonymous read the inquiries: %v", err)
		}

		// A profile inquiry; then bad ones: nothing stored.
		if err := db.CreateInquiry(anon, &siapekspor.Inquiry{EnterpriseID: e.ID, Name: "A", Country: "FRA", Email: "a@b.example", Message: "Catalogue please"}); err != nil {
			t.Fatal(err)
		}
		keys := fieldKeys(t, db.CreateInquiry(anon, &siapekspor.Inquiry{ProductID: &p.ID, Country: "XXX", Email: "not an address",
			Message: strings.Repeat("a", siapekspor.MaxInquiryMessage+1)}))
		if keys["name"] != "field.required" || keys["country"] != "field.choice" || keys["email"] != "email.invalid" || keys["message"] != "field.too_long" {
			t.Errorf("bad inquiry: %v", keys)
		}
		hidden := p.ID + 1000
		if err := db.CreateInquiry(anon, &siapekspor.Inquiry{ProductID: &hidden, Name: "A", Country: "FRA", Email: "a@b.example", Message: "x"}); siapekspor.ErrorCodeOf(err) != siapekspor.ENotFound {
			t.Errorf("inquiry about a product that is not public: %v", err)
		}
		owner := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOwner, e.ID, ""))
		if err := db.SetListingConsent(owner, &siapekspor.ListingConsent{EnterpriseID: e.ID}); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateInquiry(anon, &siapekspor.Inquiry{ProductID: &p.ID, Name: "A", Country: "FRA", Email: "a@b.example", Message: "x"}); siapekspor.ErrorCodeOf(err) != siapekspor.ENotFound {
			t.Errorf("inquiry about an unlisted product: %v", err)
		}
		if _, total, _ := db.ListInquiries(officer, 10, 0); total != 2 {
			t.Errorf("%d inquiries stored, want 2", total)
		}
		_ = now
	})
}

func TestBuyerRegistration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		anon := siapekspor.WithActor(ctx, siapekspor.Actor{Label: "anonymous"})
		r := &siapekspor.BuyerRegistration{Name: "Marie Dubois", Email: "marie@cafes-dubois.example", Company: "Cafés Dubois", Country: "FRA", Website: "https://cafes-dubois.example"}
		if err := db.RegisterBuyer(anon, r, "$argon2id$fake"); err != nil {
			t.Fatal(err)
		}
		u, err := db.UserByEmail(ctx, r.Email)
		if err != nil || !u.Disabled || u.Role != siapekspor.RoleBuyer {
			t.Fatalf("registered user: %+v %v", u, err)
		}
		again := *r
		if keys := fieldKeys(t, db.RegisterBuyer(anon, &again, "x")); keys["email"] != "user.email_taken" {
			t.Errorf("the same address twice: %v", keys)
		}
		officer := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOfficer, 0, ""))
		if _, err := db.DecideBuyerRegistration(anon, r.ID, true); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Errorf("anonymous approved: %v", err)
		}
		list, err := db.BuyerRegistrations(officer)
		if err != nil || len(list) != 1 || list[0].Status != siapekspor.RegistrationPending || list[0].Company != "Cafés Dubois" {
			t.Fatalf("registrations: %+v %v", list, err)
		}
		if got, err := db.DecideBuyerRegistration(officer, r.ID, true); err != nil || got.Status != siapekspor.RegistrationApproved {
			t.Fatalf("approve: %+v %v", got, err)
		}
		if u, _ := db.UserByEmail(ctx, r.Email); u.Disabled {
			t.Errorf("approved user still disabled")
		}
		if _, err := db.DecideBuyerRegistration(officer, r.ID, false); siapekspor.ErrorCodeOf(err) != siapekspor.EConflict {
			t.Errorf("decided twice: %v", err)
		}
	})
}

// TestCatalogueModelStaysExact makes random changes of every kind that
// moves the public catalogue — consent given and withdrawn, certificates
// of products and of enterprises created, renewed, lapsed and deleted,
// products edited (back to draft), validated again, created and deleted,
// photos added and removed, enterprises renamed, moved to another regency
// and deleted, days passing — among a few listed
// enterprises, and after each one compares the read model with the
// registry, and what the pages read today and on days ahead (when
// certificates have lapsed) with siapekspor.ListingState.Listed.
func TestCatalogueModelStaysExact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		rnd := rand.New(rand.NewPCG(43, 20))
		c := &countChanges{t: t, db: db, rnd: rnd}
		for i := range 5 {
			e, _ := storetest.Listed(t, db, fmt.Sprintf("Kopi %d", i))
			c.ids = append(c.ids, e.ID)
		}
		validator := siapekspor.WithActor(ctx, asRole(siapekspor.RoleValidator, 0, ""))
		validate := func(id int64) {
			c.must(db.SubmitProduct(ctx, id, ""))
			points := map[siapekspor.ReviewPoint]siapekspor.PointReview{}
			for _, pt := range siapekspor.ReviewPoints {
				points[pt] = siapekspor.PointReview{OK: true}
			}
			_, err := db.ReviewProduct(validator, id, siapekspor.Review{Points: points})
			c.must(err)
		}
		kinds := []string{"list", "unlist", "certificate", "certificate", "certificate", "renew", "delete certificate",
			"edit product", "validate", "new product", "delete product", "move", "delete enterprise", "photo", "delete photo"}
		done := map[string]bool{}
		steps := 150
		if testing.Short() {
			steps = 60
		}
		start := time.Now()
		for i := range steps {
			what := kinds[rnd.IntN(len(kinds))]
			if i%15 == 14 {
				// Days pass: the first write of a new day (or RollCatalogue,
				// as serve runs it) counts the catalogue afresh.
				shift := 1 + rnd.IntN(7)
				start = start.AddDate(0, 0, shift)
				at := start
				db.Now = func() time.Time { return at }
				if rnd.IntN(2) == 0 {
					what = "roll"
				}
			}
			id := c.pick()
			owner := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOwner, id, ""))
			ps := c.products(id)
			certs, err := db.ListCertificates(ctx, store.CertificateFilter{EnterpriseID: id})
			c.must(err)
			switch {
			case what == "roll":
				c.must(db.RollCatalogue(ctx))
			case what == "list" || what == "unlist":
				c.must(db.SetListingConsent(owner, &siapekspor.ListingConsent{EnterpriseID: id, Listed: what == "list"}))
			case what == "certificate":
				cert := siapekspor.Certificate{EnterpriseID: id, Type: []siapekspor.CertificateType{"halal", "organic", "sni"}[rnd.IntN(3)],
					Number: fmt.Sprintf("C-%d", i), Issuer: "X", IssuedOn: ptr(db.Now().AddDate(-2, 0, 0))}
				if len(ps) > 0 && rnd.IntN(3) > 0 {
					cert.ProductID = &ps[rnd.IntN(len(ps))].ID
				}
				if k := rnd.IntN(4); k > 0 {
					cert.ExpiresOn = ptr(db.Now().AddDate(0, 0, []int{-20, 1, 10}[k-1]+rnd.IntN(10)))
				}
				c.must(db.CreateCertificate(ctx, &cert))
			case what == "renew" && len(certs) > 0:
				cert := certs[rnd.IntN(len(certs))]
				cert.ExpiresOn = ptr(db.Now().AddDate(0, 0, rnd.IntN(60)-20))
				c.must(db.UpdateCertificate(ctx, &cert))
			case what == "delete certificate" && len(certs) > 0:
				_, _, err := db.DeleteCertificate(ctx, certs[rnd.IntN(len(certs))].ID)
				c.must(err)
			case what == "edit product" && len(ps) > 0:
				p := ps[rnd.IntN(len(ps))]
				p.HSCode, p.Category, p.CapacityPerMonth = countHS[rnd.IntN(len(countHS))], []siapekspor.Sector{"coffee", "food"}[rnd.IntN(2)], float64(100*rnd.IntN(50))
				c.must(db.UpdateProduct(ctx, &p))
			case what == "validate" && len(ps) > 0:
				if p := ps[rnd.IntN(len(ps))]; siapekspor.CanSubmit(p.Validation) {
					validate(p.ID)
				}
			case what == "new product":
				p := c.product(id)
				c.must(db.CreateProduct(ctx, p))
				if rnd.IntN(2) == 0 {
					validate(p.ID)
				}
			case what == "delete product" && len(ps) > 0:
				_, err := db.DeleteProduct(ctx, ps[rnd.IntN(len(ps))].ID)
				c.must(err)
			case what == "move":
				e, err := db.Enterprise(ctx, id)
				c.must(err)
				e.RegencyCode, e.DistrictCode, e.VillageCode = []string{"18.01", "18.02", "18.71"}[rnd.IntN(3)], "", ""
				e.Name = fmt.Sprintf("CV Kopi Pindah %d", i)
				c.must(db.UpdateEnterprise(ctx, e))
			case what == "photo" && len(ps) > 0:
				// The cards show the first photo.
				c.must(db.AddProductPhoto(ctx, ps[rnd.IntN(len(ps))].ID, &siapekspor.ProductPhoto{Thumb: fmt.Sprintf("t/%d.jpg", i), Display: fmt.Sprintf("d/%d.jpg", i)}))
			case what == "delete photo" && len(ps) > 0:
				p, err := db.Product(ctx, ps[rnd.IntN(len(ps))].ID)
				c.must(err)
				if len(p.Photos) == 0 {
					continue
				}
				_, _, err = db.DeleteProductPhoto(ctx, p.ID, p.Photos[rnd.IntN(len(p.Photos))].ID)
				c.must(err)
			case what == "delete enterprise" && len(c.ids) > 3:
				c.must(db.DeleteEnterprise(ctx, id))
				c.ids = slices.DeleteFunc(c.ids, func(x int64) bool { return x == id })
				e, _ := storetest.Listed(t, db, fmt.Sprintf("Kopi baru %d", i))
				c.ids = append(c.ids, e.ID)
			default:
				continue
			}
			done[what] = true
			if diff := c.catalogueDiff(); diff != "" {
				t.Fatalf("after step %d (%s of enterprise %d) the catalogue is wrong:\n%s", i, what, id, diff)
			}
		}
		if len(done) < 14 || c.listed == 0 {
			t.Fatalf("only %v were done, %d listed", done, c.listed)
		}
	})
}
