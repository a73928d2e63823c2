package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
)

// BuyersSummary counts the demo's buyers and their requests.
type BuyersSummary struct {
	Organisations, Users, Requests int
	// Matches: the deal pipeline's synthetic matches (FillPipeline).
	Matches int
}

// demoBuyer is one synthetic buyer with its requests, relative to today.
type demoBuyer struct {
	name  string
	kind  siapekspor.OrgKind
	email string
	reqs  []siapekspor.BuyingRequest
}

func demoBuyers(province string) []demoBuyer {
	// Procurement needs are delivered to the province's capital city or
	// another of its regencies: the province's first codes.
	city, other := regencyOr(province+".71", province, 0), regencyOr(province+".72", province, 1)
	return []demoBuyer{
		{"Osaka Coffee Trading Co. (sintetis)", siapekspor.OrgForeignBuyer, "osaka", []siapekspor.BuyingRequest{
			{Kind: siapekspor.RequestBuying, Title: "Robusta green beans for Osaka roasters", HSCode: "0901", Words: "kopi robusta",
				Quantity: 18, Unit: "ton", Frequency: "quarterly", Destination: "JPN", Incoterm: "FOB", TargetPrice: 4.2, Currency: "USD",
				SampleNeeded: true, Status: siapekspor.RequestOpen, Visibility: siapekspor.VisibilityShared},
		}},
		{"Rotterdam Spice House B.V. (sintetis)", siapekspor.OrgForeignBuyer, "rotterdam", []siapekspor.BuyingRequest{
			{Kind: siapekspor.RequestBuying, Title: "Lampung black pepper, ASTA grade", HSCode: "0904", Words: "lada hitam",
				Quantity: 5, Unit: "ton", Frequency: "monthly", Destination: "NLD", Incoterm: "CIF", TargetPrice: 6.8, Currency: "EUR",
				RequireValidated: true, Status: siapekspor.RequestOpen, Visibility: siapekspor.VisibilityShared},
			{Kind: siapekspor.RequestBuying, Title: "Cinnamon sticks (being written)", HSCode: "0906", Words: "kayu manis",
				Quantity: 2, Unit: "ton", Frequency: "one_off", Destination: "NLD", Status: siapekspor.RequestDraft, Visibility: siapekspor.VisibilityPrivate},
		}},
		{"PT Perkebunan Nusantara Contoh (BUMN, sintetis)", siapekspor.OrgBUMN, "bumn", []siapekspor.BuyingRequest{
			{Kind: siapekspor.RequestProcurement, Title: "Snacks for meetings: banana chips", Words: "keripik pisang", Quantity: 800, Unit: "kg",
				Frequency: "monthly", DeliveryRegion: city, LocalFirst: "regency", Budget: 48_000_000, Currency: "IDR",
				Certificates: []siapekspor.CertificateType{siapekspor.CertHalal, siapekspor.CertPIRT}, Status: siapekspor.RequestOpen, Visibility: siapekspor.VisibilityShared},
			{Kind: siapekspor.RequestProcurement, Title: "Tapis uniform scarves for staff", Words: "tapis", Quantity: 500, Unit: "pcs",
				Frequency: "one_off", DeliveryRegion: city, LocalFirst: "province", Budget: 75_000_000, Currency: "IDR",
				Certificates: []siapekspor.CertificateType{}, Status: siapekspor.RequestOpen, Visibility: siapekspor.VisibilityShared},
		}},
		{"PT Hotel Teluk Lestari (swasta, sintetis)", siapekspor.OrgPrivate, "hotel", []siapekspor.BuyingRequest{
			{Kind: siapekspor.RequestProcurement, Title: "Woven bamboo souvenirs for guests", Words: "anyaman bambu", Quantity: 300, Unit: "pcs",
				Frequency: "quarterly", DeliveryRegion: other, LocalFirst: "province", Budget: 15_000_000, Currency: "IDR",
				Certificates: []siapekspor.CertificateType{}, Status: siapekspor.RequestOpen, Visibility: siapekspor.VisibilityShared},
		}},
	}
}

// FillBuyers adds the demo's synthetic buyers — two foreign importers, a
// state-owned company and a private hotel — each with a buyer login and
// its requests: open buying requests and procurement needs dated from
// today, and a draft. Their certificates left unset are pre-filled from
// the requirements catalogue, as a buyer's would be.
func FillBuyers(ctx context.Context, db *store.DB, province string) (*BuyersSummary, error) {
	return fillBuyers(ctx, db, province, db.Now().UTC())
}

// fillBuyers is FillBuyers with the requests' dates relative to today,
// whatever the store's clock says (the demo's story makes the buyers
// weeks before today).
func fillBuyers(ctx context.Context, db *store.DB, province string, today time.Time) (*BuyersSummary, error) {
	sum := &BuyersSummary{}
	deadline, delivery := today.AddDate(0, 1, 0), today.AddDate(0, 3, 0)
	for _, b := range demoBuyers(province) {
		org := &siapekspor.Organisation{Name: b.name, Kind: b.kind}
		if err := db.CreateOrganisation(ctx, org); err != nil {
			return sum, err
		}
		sum.Organisations++
		u := &siapekspor.User{Email: fmt.Sprintf("pembeli-%s@demo.siapekspor.local", b.email), Name: "Pembeli " + b.name,
			Role: siapekspor.RoleBuyer, OrgID: org.ID}
		if err := db.CreateUser(ctx, u, ""); err != nil {
			return sum, err
		}
		sum.Users++
		for _, q := range b.reqs {
			q.OrgID = org.ID
			d1, d2 := day0(deadline), day0(delivery)
			q.Deadline, q.DeliveryDate = &d1, &d2
			if err := db.CreateRequest(ctx, &q); err != nil {
				return sum, fmt.Errorf("demo request %q: %w", q.Title, err)
			}
			sum.Requests++
		}
	}
	return sum, nil
}

func day0(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// regencyOr is code when the reference data knows it, else the province's
// nth regency (provinces number their cities differently).
func regencyOr(code, province string, nth int) string {
	if lvl, ok := store.DefaultReference().RegionLevel(code); ok && lvl == 2 {
		return code
	}
	var found []string
	for _, r := range refdata.Regions() {
		if r.Level == 2 && r.Parent == province {
			found = append(found, r.Code)
		}
	}
	if len(found) == 0 {
		return code
	}
	return found[min(nth, len(found)-1)]
}
