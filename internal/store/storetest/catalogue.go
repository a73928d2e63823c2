package storetest

import (
	"context"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
)

// Listed makes an enterprise whose product is in the public catalogue:
// the enterprise (with personal data a profile must never show), one
// product approved by a validator, and the owner's consent to be listed.
// name names the product (its Indonesian and English names); it returns
// the enterprise and the product.
func Listed(tb testing.TB, db *store.DB, name string) (*siapekspor.Enterprise, *siapekspor.Product) {
	tb.Helper()
	ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
	lat, lng := -5.07, 104.1
	e := &siapekspor.Enterprise{
		Name: "CV Kopi " + name, Kind: siapekspor.KindIKM, LegalForm: siapekspor.LegalCV,
		OwnerName: "Siti Rahmawati", OwnerNIK: "1801045508790002", Phone: "0812-7777-8888", Email: "siti.owner@example.id",
		Address: "Jl. Pemancar Gg. Mawar No. 17", RegencyCode: "18.01", DistrictCode: "18.01.04",
		Lat: &lat, Lng: &lng, Sector: "coffee", FoundedYear: 2012, Workers: 12,
		Capital: 400_000_000, AnnualTurnover: 1_800_000_000, ExportStatus: siapekspor.ExportFirst,
		MainProducts: "kopi robusta bubuk dan biji sangrai",
	}
	if err := db.CreateEnterprise(ctx, e); err != nil {
		tb.Fatal(err)
	}
	owner := siapekspor.WithActor(ctx, siapekspor.Actor{UserID: 1, Role: siapekspor.RoleOwner, EnterpriseID: e.ID, Label: "owner@example.id"})
	validator := siapekspor.WithActor(ctx, siapekspor.Actor{UserID: 2, Role: siapekspor.RoleValidator, Label: "validator@example.id"})
	p := &siapekspor.Product{EnterpriseID: e.ID, NameID: name, NameEN: name + " (EN)",
		DescriptionID: "Kopi robusta petik merah dari kebun rakyat.", DescriptionEN: "Red-picked robusta from smallholder gardens.",
		HSCode: "090121", Category: "coffee", Unit: "kg", CapacityPerMonth: 2000, MinOrder: 100, PriceIDR: 120_000, FOBUSDCents: 850,
		Packaging: "1 kg valve bags, 10 per carton", ShelfLifeDays: 365}
	if err := db.CreateProduct(owner, p); err != nil {
		tb.Fatal(err)
	}
	if err := db.SubmitProduct(owner, p.ID, ""); err != nil {
		tb.Fatal(err)
	}
	points := map[siapekspor.ReviewPoint]siapekspor.PointReview{}
	for _, pt := range siapekspor.ReviewPoints {
		points[pt] = siapekspor.PointReview{OK: true}
	}
	if _, err := db.ReviewProduct(validator, p.ID, siapekspor.Review{Points: points}); err != nil {
		tb.Fatal(err)
	}
	if err := db.SetListingConsent(owner, &siapekspor.ListingConsent{EnterpriseID: e.ID, Listed: true}); err != nil {
		tb.Fatal(err)
	}
	got, err := db.Product(ctx, p.ID)
	if err != nil {
		tb.Fatal(err)
	}
	return e, got
}
