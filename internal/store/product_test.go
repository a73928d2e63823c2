package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

func coffee(enterpriseID int64) *siapekspor.Product {
	return &siapekspor.Product{EnterpriseID: enterpriseID, NameID: "Kopi Robusta Bubuk Liwa", NameEN: "Liwa Ground Robusta Coffee",
		DescriptionID: "Kopi robusta petik merah dari kebun rakyat, disangrai sedang.", DescriptionEN: "Red-picked robusta from smallholder gardens, medium roast.",
		HSCode: "090121", Category: "coffee", Unit: "kg", CapacityPerMonth: 2000, MinOrder: 100, PriceIDR: 120_000, FOBUSDCents: 850}
}

func asRole(role siapekspor.Role, enterpriseID int64, region string) (a siapekspor.Actor) {
	return siapekspor.Actor{UserID: 99, Role: role, EnterpriseID: enterpriseID, RegionCode: region, Label: string(role) + "@example.id"}
}

func TestProductLifecycleAndValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := validEnterprise()
		if err := db.CreateEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
		owner := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOwner, e.ID, ""))
		validator := siapekspor.WithActor(ctx, asRole(siapekspor.RoleValidator, 0, ""))
		stranger := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOfficer, 0, "18.72"))

		p := coffee(e.ID)
		if err := db.CreateProduct(stranger, p); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Fatalf("an officer of another regency created a product: %v", err)
		}
		if err := db.CreateProduct(owner, p); err != nil {
			t.Fatal(err)
		}
		bad := coffee(e.ID)
		bad.HSCode, bad.CapacityPerMonth = "999999", -1
		keys := fieldKeys(t, db.CreateProduct(owner, bad))
		if keys["hs_code"] != "hs.not_in_nomenclature" || keys["capacity_per_month"] != "field.negative" {
			t.Errorf("bad product: %v", keys)
		}
		if page, _ := db.ListProducts(ctx, store.ProductFilter{EnterpriseID: e.ID}); page.Total != 1 {
			t.Fatalf("%d products after a refused create", page.Total)
		}

		// Submit, reject with reasons, fix, resubmit, approve.
		if err := db.SubmitProduct(owner, p.ID, "mohon divalidasi"); err != nil {
			t.Fatal(err)
		}
		if err := db.SubmitProduct(owner, p.ID, ""); siapekspor.ErrorCodeOf(err) != siapekspor.EConflict {
			t.Errorf("submitted twice: %v", err)
		}
		queue, err := db.ValidationQueue(validator, 10)
		if err != nil || len(queue) != 1 || queue[0].ID != p.ID {
			t.Fatalf("queue: %v %v", queue, err)
		}
		if _, err := db.ValidationQueue(owner, 10); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Errorf("an owner read the queue: %v", err)
		}
		points := func(capacityOK bool) map[siapekspor.ReviewPoint]siapekspor.PointReview {
			m := map[siapekspor.ReviewPoint]siapekspor.PointReview{}
			for _, pt := range siapekspor.ReviewPoints {
				m[pt] = siapekspor.PointReview{OK: true}
			}
			if !capacityOK {
				m["capacity"] = siapekspor.PointReview{OK: false, Reason: "2 ton per bulan; satu kontainer 19 ton"}
			}
			return m
		}
		if _, err := db.ReviewProduct(owner, p.ID, siapekspor.Review{Points: points(true)}); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Errorf("an owner reviewed: %v", err)
		}
		status, err := db.ReviewProduct(validator, p.ID, siapekspor.Review{Points: points(false)})
		if err != nil || status != siapekspor.ValidationRejected {
			t.Fatalf("reject: %v %v", status, err)
		}
		got, _ := db.Product(owner, p.ID)
		got.CapacityPerMonth = 20000
		if err := db.UpdateProduct(owner, got); err != nil {
			t.Fatal(err)
		}
		if err := db.SubmitProduct(owner, p.ID, "kapasitas ditambah"); err != nil {
			t.Fatal(err)
		}
		if status, err := db.ReviewProduct(validator, p.ID, siapekspor.Review{Points: points(true), Notes: "siap ekspor"}); err != nil || status != siapekspor.ValidationApproved {
			t.Fatalf("approve: %v %v", status, err)
		}
		got, _ = db.Product(validator, p.ID)
		if got.Validation != siapekspor.ValidationApproved || got.ValidatedAt == nil {
			t.Fatalf("approved product: %+v", got)
		}
		history, err := db.ValidationHistory(owner, p.ID)
		if err != nil || len(history) != 4 || history[1].Review.Points["capacity"].Reason == "" || history[3].Status != siapekspor.ValidationApproved {
			t.Fatalf("history: %+v %v", history, err)
		}
		// A price change keeps the mark; a material change takes it away.
		got.PriceIDR = 125_000
		if err := db.UpdateProduct(owner, got); err != nil {
			t.Fatal(err)
		}
		if again, _ := db.Product(owner, p.ID); again.Validation != siapekspor.ValidationApproved {
			t.Errorf("a price change voided the validation")
		}
		got, _ = db.Product(owner, p.ID)
		got.HSCode = "090111"
		if err := db.UpdateProduct(owner, got); err != nil {
			t.Fatal(err)
		}
		if again, _ := db.Product(owner, p.ID); again.Validation != siapekspor.ValidationDraft || again.ValidatedAt != nil {
			t.Errorf("a new HS code kept the validation: %+v", again)
		}

		// Photos: at most five.
		for i := 0; i < siapekspor.MaxPhotos; i++ {
			ph := &siapekspor.ProductPhoto{Thumb: "t" + string(rune('a'+i)), Display: "d" + string(rune('a'+i))}
			if err := db.AddProductPhoto(owner, p.ID, ph); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.AddProductPhoto(owner, p.ID, &siapekspor.ProductPhoto{Thumb: "x", Display: "y"}); siapekspor.ErrorCodeOf(err) != siapekspor.EInvalid {
			t.Errorf("a sixth photo: %v", err)
		}
		if ph, unused, err := db.DeleteProductPhoto(owner, p.ID, got.ID*0+1); err != nil && siapekspor.ErrorCodeOf(err) != siapekspor.ENotFound {
			t.Errorf("delete photo: %v %v %v", ph, unused, err)
		}
		if _, err := db.DeleteProduct(stranger, p.ID); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden && siapekspor.ErrorCodeOf(err) != siapekspor.ENotFound {
			t.Errorf("a stranger deleted: %v", err)
		}
		photos, err := db.DeleteProduct(owner, p.ID)
		if err != nil || len(photos) < 4 {
			t.Fatalf("delete: %v %v", photos, err)
		}
	})
}

func TestCertificatesAndExpiry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := validEnterprise()
		if err := db.CreateEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
		fish := &siapekspor.Product{EnterpriseID: e.ID, NameID: "Abon Ikan Tuna", NameEN: "Shredded Tuna", HSCode: "160414", Unit: "kg", CapacityPerMonth: 300}
		if err := db.CreateProduct(ctx, fish); err != nil {
			t.Fatal(err)
		}
		day := func(s string) *time.Time { d, _ := time.Parse("2006-01-02", s); return &d }
		pirt := &siapekspor.Certificate{EnterpriseID: e.ID, ProductID: &fish.ID, Type: siapekspor.CertPIRT, Number: "206180101002327"}
		if keys := fieldKeys(t, db.CreateCertificate(ctx, pirt)); keys["product_id"] != "cert.pirt_excluded" {
			t.Errorf("PIRT over fish: %v", keys)
		}
		backwards := &siapekspor.Certificate{EnterpriseID: e.ID, Type: siapekspor.CertHalal, Number: "ID1", IssuedOn: day("2025-05-01"), ExpiresOn: day("2025-01-01")}
		if keys := fieldKeys(t, db.CreateCertificate(ctx, backwards)); keys["expires_on"] != "cert.expires_before_issue" {
			t.Errorf("expiry before issue: %v", keys)
		}
		today := time.Now().UTC()
		soon := &siapekspor.Certificate{EnterpriseID: e.ID, ProductID: &fish.ID, Type: siapekspor.CertBPOMMD, Number: "MD 123", IssuedOn: day("2021-01-01"), ExpiresOn: ptr(today.AddDate(0, 0, 30))}
		later := &siapekspor.Certificate{EnterpriseID: e.ID, Type: siapekspor.CertHalal, Number: "ID2", ExpiresOn: ptr(today.AddDate(1, 0, 0))}
		past := &siapekspor.Certificate{EnterpriseID: e.ID, Type: siapekspor.CertSNI, Number: "SNI", ExpiresOn: ptr(today.AddDate(0, 0, -1))}
		for _, c := range []*siapekspor.Certificate{soon, later, past} {
			if err := db.CreateCertificate(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		all, err := db.ListCertificates(ctx, store.CertificateFilter{EnterpriseID: e.ID})
		if err != nil || len(all) != 3 {
			t.Fatalf("list: %v %v", len(all), err)
		}
		expiring, err := db.ListCertificates(ctx, store.CertificateFilter{ExpiringDays: 90})
		if err != nil || len(expiring) != 1 || expiring[0].ID != soon.ID || expiring[0].ProductName != "Abon Ikan Tuna" {
			t.Fatalf("expiring within 90 days: %+v %v", expiring, err)
		}
		if within365, _ := db.ListCertificates(ctx, store.CertificateFilter{ExpiringDays: 400}); len(within365) != 2 {
			t.Errorf("within 400 days: %d", len(within365))
		}
		soon.Number = "MD 124"
		if err := db.UpdateCertificate(ctx, soon); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Certificate(ctx, soon.ID); got.Number != "MD 124" || got.Version != 2 || got.ExpiresOn.Format("2006-01-02") != today.AddDate(0, 0, 30).Format("2006-01-02") {
			t.Errorf("update: %+v", got)
		}
		if _, _, err := db.DeleteCertificate(ctx, past.ID); err != nil {
			t.Fatal(err)
		}
	})
}

func ptr[T any](v T) *T { return &v }

func TestSearchBothLanguagesSameOnBothEngines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := validEnterprise()
		e.Name = "Kerajinan Tapis Ibu Ani"
		e.Sector = "craft"
		if err := db.CreateEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
		other := validEnterprise()
		other.Name, other.NIB, other.Sector = "Pengrajin Bambu Natar", "9120001234568", "craft"
		if err := db.CreateEnterprise(ctx, other); err != nil {
			t.Fatal(err)
		}
		p := coffee(e.ID)
		if err := db.CreateProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
		names := func(req store.SearchRequest) []string {
			res, err := db.Search(ctx, req)
			if err != nil {
				t.Fatalf("%q: %v", req.Query, err)
			}
			var out []string
			for _, h := range res.Hits {
				out = append(out, h.Kind+":"+h.Title)
			}
			return out
		}
		if got := names(store.SearchRequest{Query: "coffee"}); len(got) == 0 || got[0] != "product:Kopi Robusta Bubuk Liwa" {
			t.Errorf("coffee: %v", got)
		}
		if got := names(store.SearchRequest{Query: "kerajinan", Kind: "enterprise"}); len(got) != 2 {
			t.Errorf("kerajinan should find both crafts (kerajinan and pengrajin stem to rajin): %v", got)
		}
		for _, hostile := range []string{`"`, `kopi AND NOT`, `NEAR(a b)`, `*`, `😀☕`, `kopi:bubuk^`, "\xff\xfe", `'; DROP TABLE products; --`} {
			if _, err := db.Search(ctx, store.SearchRequest{Query: hostile}); err != nil {
				t.Errorf("query %q: %v", hostile, err)
			}
		}
		if got := names(store.SearchRequest{Query: "kopi", Validation: siapekspor.ValidationApproved}); len(got) != 0 {
			t.Errorf("a draft product matched the approved filter: %v", got)
		}
		halal := &siapekspor.Certificate{EnterpriseID: e.ID, Type: siapekspor.CertHalal, Number: "ID9"}
		if err := db.CreateCertificate(ctx, halal); err != nil {
			t.Fatal(err)
		}
		if got := names(store.SearchRequest{Query: "kopi", CertType: siapekspor.CertHalal, HSChapter: "09"}); len(got) != 1 {
			t.Errorf("halal + chapter 09: %v", got)
		}
		if got := names(store.SearchRequest{Query: "kopi", CertType: siapekspor.CertOrganic}); len(got) != 0 {
			t.Errorf("organic: %v", got)
		}
		// Renaming the enterprise reindexes it; deleting the product unindexes it.
		e2, _ := db.Enterprise(ctx, other.ID)
		e2.Name = "Anyaman Lidi Natar"
		if err := db.UpdateEnterprise(ctx, e2); err != nil {
			t.Fatal(err)
		}
		if got := names(store.SearchRequest{Query: "lidi"}); len(got) != 1 {
			t.Errorf("after a rename: %v", got)
		}
		if _, err := db.DeleteProduct(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if got := names(store.SearchRequest{Query: "coffee"}); len(got) != 0 {
			t.Errorf("a deleted product still found: %v", got)
		}
		// Scope: an officer of Metro finds nothing in Lampung Selatan, even
		// right after the same search was answered (and cached) for the system.
		if got := names(store.SearchRequest{Query: "natar"}); len(got) == 0 {
			t.Errorf("natar: %v", got)
		}
		metro := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOfficer, 0, "18.72"))
		if res, _ := db.Search(metro, store.SearchRequest{Query: "natar"}); len(res.Hits) != 0 {
			t.Errorf("out of scope: %+v", res.Hits)
		}
	})
}

// The expiring certificates are read a page at a time from a cursor, soonest
// first (ties by id), forwards and backwards, and counted only when asked.
func TestExpiringCertificatesPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := validEnterprise()
		if err := db.CreateEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
		today := time.Now().UTC()
		var want []int64
		// Days ahead, out of order and with ties; 200 lies outside the window.
		for i, d := range []int{40, 5, 40, 200, 12, 5, 60, 40} {
			c := &siapekspor.Certificate{EnterpriseID: e.ID, Type: siapekspor.CertHalal, Number: fmt.Sprintf("ID%03d", i), ExpiresOn: ptr(today.AddDate(0, 0, d))}
			if err := db.CreateCertificate(ctx, c); err != nil {
				t.Fatal(err)
			}
			if d <= 90 {
				want = append(want, c.ID)
			}
		}
		order := map[int64]int{}
		all, err := db.ListCertificates(ctx, store.CertificateFilter{ExpiringDays: 90})
		if err != nil || len(all) != len(want) {
			t.Fatalf("the whole list: %d %v", len(all), err)
		}
		for i, c := range all {
			order[c.ID] = i
		}
		f := store.CertificateFilter{ExpiringDays: 90, Limit: 3}
		var got []int64
		var pages []*store.CertificatePage
		for range 10 {
			p, err := db.ExpiringCertificates(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != -1 {
				t.Errorf("counted without being asked: %d", p.Total)
			}
			pages = append(pages, p)
			for _, c := range p.Items {
				got = append(got, c.ID)
			}
			if p.Next == "" {
				break
			}
			f.After = p.Next
		}
		if len(got) != len(want) || len(pages) != 3 {
			t.Fatalf("walked %v in %d pages, want %d certificates in 3", got, len(pages), len(want))
		}
		for i, id := range got {
			if order[id] != i {
				t.Fatalf("page order %v differs from the list's %v", got, all)
			}
		}
		if pages[0].Prev != "" || pages[1].Prev == "" {
			t.Errorf("prev links: first %q, second %q", pages[0].Prev, pages[1].Prev)
		}
		back, err := db.ExpiringCertificates(ctx, store.CertificateFilter{ExpiringDays: 90, Limit: 3, Before: pages[1].Prev})
		if err != nil || len(back.Items) != 3 || back.Items[0].ID != got[0] || back.Prev != "" || back.Next == "" {
			t.Errorf("the page before the second: %+v %v", back, err)
		}
		last, err := db.ExpiringCertificates(ctx, store.CertificateFilter{ExpiringDays: 90, Limit: 3, Last: true, Count: true})
		if err != nil || last.Total != len(want) || len(last.Items) != len(want)%3 || last.Items[0].ID != got[6] || last.Next != "" {
			t.Errorf("the last page, counted: %+v %v", last, err)
		}
		if _, err := db.ExpiringCertificates(ctx, store.CertificateFilter{ExpiringDays: 90, After: "not a cursor"}); siapekspor.ErrorCodeOf(err) != siapekspor.EInvalid {
			t.Errorf("a bad cursor: %v", err)
		}
	})
}

// An office's search finds its region's documents and its own binaan's
// wherever they are, at every level of region, the same on both engines
// (PostgreSQL puts the scope into the index look-up, SQLite filters).
func TestSearchScopes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		office := &siapekspor.Organisation{Name: "Dinas Koperasi dan UKM Kabupaten Lampung Selatan", Kind: siapekspor.OrgRegencyOffice, RegionCode: "18.01"}
		if err := db.CreateOrganisation(ctx, office); err != nil {
			t.Fatal(err)
		}
		metroDistrict := refdata.DefaultRegionIndex().Children("18.72")[0].Code
		var es []*siapekspor.Enterprise
		for i, place := range []struct {
			regency, district string
			binaan            *int64
		}{{"18.01", "18.01.04", nil}, {"18.72", metroDistrict, nil}, {"18.72", metroDistrict, &office.ID}} {
			e := validEnterprise()
			e.Name, e.NIB, e.OwnerNIK = fmt.Sprintf("Tapis Lampung %c", 'A'+i), fmt.Sprintf("912000123457%d", i), fmt.Sprintf("180104550879001%d", i)
			e.RegencyCode, e.DistrictCode, e.BinaanOrgID, e.Lat, e.Lng = place.regency, place.district, place.binaan, nil, nil
			if err := db.CreateEnterprise(ctx, e); err != nil {
				t.Fatal(err)
			}
			if err := db.CreateProduct(ctx, coffee(e.ID)); err != nil {
				t.Fatal(err)
			}
			es = append(es, e)
		}
		officer := func(region string, org int64) context.Context {
			a := asRole(siapekspor.RoleOfficer, 0, region)
			a.OrgID = org
			return siapekspor.WithActor(ctx, a)
		}
		for _, c := range []struct {
			who   context.Context
			query string
			want  []int // indexes of es whose enterprise (or product, for kopi) is found
		}{
			{officer("18", 0), "tapis", []int{0, 1, 2}},
			{officer("18.72", 0), "tapis", []int{1, 2}},
			{officer("18.01", office.ID), "tapis", []int{0, 2}},
			{officer("18.01", office.ID), "kopi", []int{0, 2}},
			{officer("18.01.04", 0), "tapis", []int{0}},
			{officer(metroDistrict, 0), "kopi", []int{1, 2}},
			{officer("31", 0), "tapis", nil},
		} {
			kind := "enterprise"
			if c.query == "kopi" {
				kind = "product"
			}
			res, err := db.Search(c.who, store.SearchRequest{Query: c.query, Kind: kind})
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, h := range res.Hits {
				got = append(got, h.EnterpriseID)
			}
			var want []int64
			for _, i := range c.want {
				want = append(want, es[i].ID)
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s as %v: enterprises %v, want %v", c.query, siapekspor.ActorFrom(c.who).RegionCode, got, want)
			}
		}
	})
}
