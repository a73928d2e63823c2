package demo

import (
	"context"
	"math/rand/v2"
	"slices"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
)

// CatalogueSummary counts what FillCatalogue made.
type CatalogueSummary struct {
	Consents, ByOfficer, Inquiries int
	Listed                         int // products in the public catalogue today
}

// demoInquiries are synthetic buyers' questions from the catalogue, so
// that the officers' queue has something in it; every name says it is
// made up.
var demoInquiries = []siapekspor.Inquiry{
	{Name: "Hiroshi Sato (sintetis)", Company: "Osaka Roasters KK (sintetis)", Country: "JPN", Email: "buyer-osaka@example.com",
		Message: "We roast 3 tonnes of robusta a month. Could you send a 2 kg sample and your FOB Panjang price for 1 container?", Quantity: 19, Unit: "ton"},
	{Name: "Claire Martin (sintetis)", Company: "Épicerie Martin (sintetis)", Country: "FRA", Email: "buyer-lyon@example.com",
		Message: "Bonjour, do you have organic certification? We would start with 500 kg.", Quantity: 500, Unit: "kg"},
	{Name: "Ahmed Al-Farsi (sintetis)", Company: "Gulf Fine Foods LLC (sintetis)", Country: "ARE", Email: "buyer-dubai@example.com",
		Message: "Halal certificate and shelf life please. Monthly volume about 2 tonnes."},
}

// FillCatalogue lists part of the demo province in the public catalogue:
// of the enterprises with an export-validated product, about two in three
// agreed to be listed — most from their own account, some recorded by
// their office with the signed form — and a few synthetic buyers have sent
// inquiries about listed products.
func FillCatalogue(ctx context.Context, db *store.DB, seed uint64) (*CatalogueSummary, error) {
	rng := rand.New(rand.NewPCG(seed^0xca7a, seed))
	sum := &CatalogueSummary{}
	var ents []int64
	seen := map[int64]bool{}
	err := db.EachProduct(ctx, store.ProductFilter{Validation: siapekspor.ValidationApproved}, func(p *siapekspor.Product) error {
		if !seen[p.EnterpriseID] {
			seen[p.EnterpriseID] = true
			ents = append(ents, p.EnterpriseID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(ents)
	for _, id := range ents {
		if rng.Float64() >= 0.67 {
			continue
		}
		c := &siapekspor.ListingConsent{EnterpriseID: id, Listed: true}
		actor := siapekspor.Actor{Label: "pemilik usaha (demo)", Role: siapekspor.RoleOwner, EnterpriseID: id}
		if rng.Float64() < 0.25 {
			actor = siapekspor.SystemActor
			c.Evidence = "Formulir persetujuan katalog ditandatangani pemilik (demo)"
			sum.ByOfficer++
		}
		if err := db.SetListingConsent(siapekspor.WithActor(ctx, actor), c); err != nil {
			return nil, err
		}
		sum.Consents++
	}
	page, err := db.CatalogueProducts(ctx, siapekspor.CatalogueFilter{Limit: 100}, db.Now())
	if err != nil {
		return nil, err
	}
	sum.Listed = page.Total
	anon := siapekspor.WithActor(ctx, siapekspor.Actor{Label: "anonymous", RemoteAddr: "198.51.100.7"})
	for i, q := range demoInquiries {
		if len(page.Items) == 0 {
			break
		}
		p := page.Items[(i*7)%len(page.Items)]
		q.ProductID, q.Lang = &p.ID, "en"
		if err := db.CreateInquiry(anon, &q); err != nil {
			return nil, err
		}
		sum.Inquiries++
	}
	return sum, nil
}
