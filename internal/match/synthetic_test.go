package match

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/siapekspor/siapekspor"
)

// SYNTHETIC: a made-up province's products for benchmarks and property
// tests, shaped like the demo province's product lines.
var syntheticLines = []struct{ hs, id, en string }{
	{"090111", "Kopi robusta", "Robusta coffee"}, {"121221", "Rumput laut", "Seaweed"},
	{"200899", "Keripik pisang", "Banana chips"}, {"190590", "Keripik singkong", "Cassava chips"},
	{"170290", "Gula aren", "Palm sugar"}, {"090620", "Kayu manis", "Cinnamon"},
	{"530500", "Sabut kelapa", "Cocopeat"}, {"140490", "Sapu lidi", "Palm frond sticks"},
	{"580500", "Kain tapis", "Tapis cloth"}, {"630790", "Sulam usus", "Embroidery"},
	{"080290", "Pinang", "Areca nut"}, {"151800", "Minyak jelantah", "Used cooking oil"},
	{"160420", "Olahan ikan", "Processed fish"}, {"060290", "Tanaman hias", "Ornamental plants"},
	{"210690", "Minuman rempah", "Spice drink"},
}

var syntheticWords = []string{"", "bubuk", "premium", "asli Lampung", "organik", "manis", "kemasan"}

var syntheticRegencies = []string{"18.01", "18.02", "18.03", "18.04", "18.05", "18.06", "18.07", "18.08", "18.09",
	"18.10", "18.11", "18.12", "18.13", "18.71", "18.72"}

// synthetic makes n SYNTHETIC products of about n/3 enterprises.
func synthetic(n int, seed uint64) []Product {
	rng := rand.New(rand.NewPCG(seed, 17))
	terms := make([][]string, len(syntheticLines))
	for i, l := range syntheticLines {
		for _, w := range syntheticWords {
			terms[i] = append(terms[i], Terms(l.id+" "+w, l.en, "", ""))
		}
	}
	// Enterprises sit at district centroids, as the store gives them.
	districts := make([]Point, 228)
	for i := range districts {
		districts[i] = Point{-5.9 + 1.8*rng.Float64(), 103.9 + 2*rng.Float64(), true}
	}
	ps := make([]Product, n)
	var e *Enterprise
	for i := range ps {
		if e == nil || rng.IntN(3) == 0 {
			regency := "18.71" // the city holds half the firms
			if rng.IntN(2) == 0 {
				regency = syntheticRegencies[rng.IntN(len(syntheticRegencies))]
			}
			e = &Enterprise{ID: int64(len(ps) + i), RegencyCode: regency,
				Point: districts[rng.IntN(len(districts))]}
			if rng.IntN(20) == 0 {
				e.Point = Point{}
			}
			if rng.IntN(2) == 0 {
				e.Level = siapekspor.TrainingLevels[rng.IntN(3)]
				e.Readiness = float64(rng.IntN(101))
			}
			if rng.IntN(3) == 0 {
				e.Certificates = []Cert{{Type: siapekspor.CertHalal, ExpiresOn: today.AddDate(0, 0, rng.IntN(800)-100)}}
			}
			if rng.IntN(10) == 0 {
				e.History = History{Accepted: rng.IntN(4), Declined: rng.IntN(3), Contracts: rng.IntN(3), Shipped: rng.IntN(2), Lost: rng.IntN(2)}
			}
		}
		line := rng.IntN(len(syntheticLines))
		// Strings of their own, as products read from a database have.
		p := Product{ID: int64(i + 1), Enterprise: e, HSCode: strings.Clone(syntheticLines[line].hs),
			Terms: strings.Clone(terms[line][rng.IntN(len(syntheticWords))]),
			Unit:  "kg", CapacityPerMonth: float64(rng.IntN(40)) * 50, MinOrder: float64(rng.IntN(5)) * 100,
			Validation: siapekspor.ValidationStatuses[rng.IntN(4)]}
		switch rng.IntN(10) {
		case 0:
			p.HSCode = ""
		case 1:
			p.Unit = "pcs"
		case 2:
			p.Unit, p.CapacityPerMonth = "ton", p.CapacityPerMonth/1000
		case 3:
			p.Certificates = []Cert{{Type: siapekspor.CertBPOMMD}}
		}
		ps[i] = p
	}
	return ps
}

// syntheticRequests are requests of both kinds over the synthetic lines.
func syntheticRequests() []Request {
	return []Request{
		{Kind: KindBuying, HSCode: "0901", Words: "kopi robusta", Quantity: 2000, Unit: "kg", Frequency: Monthly, Destination: "JPN",
			Certificates: []siapekspor.CertificateType{siapekspor.CertHalal}},
		{Kind: KindBuying, HSCode: "090111", Quantity: 3000, Unit: "kg", Frequency: Quarterly, RequireValidated: true, MinCapacityPct: 50},
		{Kind: KindBuying, Words: "used cooking oil", Quantity: 20, Unit: "ton", Frequency: Monthly},
		{Kind: KindProcurement, Words: "keripik pisang", Quantity: 800, Unit: "kg", Frequency: Monthly, DeliveryDate: today.AddDate(0, 2, 0),
			DeliveryRegion: "18.71.01", DeliveryPoint: Point{-5.45, 105.27, true}, LocalFirst: SameRegency,
			Certificates: []siapekspor.CertificateType{siapekspor.CertHalal, siapekspor.CertPIRT}},
		{Kind: KindProcurement, HSCode: "58", Words: "kain tapis", Quantity: 500, Unit: "kg", Frequency: OneOff, DeliveryDate: today.AddDate(0, 5, 0),
			DeliveryRegion: "18.72", DeliveryPoint: Point{-5.11, 105.31, true}, LocalFirst: SameProvince},
	}
}

func (r Request) String() string { return fmt.Sprintf("%s %q %q", r.Kind, r.HSCode, r.Words) }
