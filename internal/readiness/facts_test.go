package readiness

import (
	"slices"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
)

var (
	jan2026 = time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)
	nov2026 = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
)

func product(id int64, name, nameEN, hs string, capacity float64, unit siapekspor.Unit) siapekspor.Product {
	return siapekspor.Product{ID: id, EnterpriseID: 7, NameID: name, NameEN: nameEN, HSCode: hs, CapacityPerMonth: capacity, Unit: unit,
		Validation: siapekspor.ValidationDraft}
}

// cert makes a certificate; productID 0 means the whole enterprise.
func cert(t siapekspor.CertificateType, productID int64, expires *time.Time) siapekspor.Certificate {
	c := siapekspor.Certificate{EnterpriseID: 7, Type: t, Number: "x", ExpiresOn: expires}
	if productID != 0 {
		c.ProductID = &productID
	}
	return c
}

func day(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

var (
	abonIkan   = product(1, "Abon Ikan", "Fish Floss", "160420", 500, "kg")        // PIRT excluded: BPOM MD
	keripik    = product(2, "Keripik Pisang", "", "200599", 800, "kg")             // processed food: PIRT
	kopi       = product(3, "Kopi Robusta", "Robusta Coffee", "090111", 20, "ton") // halal food, no permit
	tapis      = product(4, "Kain Tapis", "Tapis Cloth", "580500", 100, "pcs")     // craft: nothing
	tanpaHS    = product(5, "Produk Baru", "", "", 0, "")
	kopiKecil  = product(6, "Kopi Bubuk", "Ground Coffee", "090121", 10, "ton") // 10 t < 19.2 t
	kosmetik   = product(8, "Sabun Sereh", "Lemongrass Soap", "340111", 300, "pcs")
	kopiKarung = product(9, "Kopi Karung", "Coffee Sacks", "090111", 400, "pcs") // units not comparable
)

func approved(p siapekspor.Product) siapekspor.Product {
	p.Validation = siapekspor.ValidationApproved
	return p
}

func TestPrefill(t *testing.T) {
	q := Default()
	questionOf := map[string]string{}
	for _, qu := range q.Questions {
		if qu.Prefill != "" {
			questionOf[qu.Prefill] = qu.Key
		}
	}
	tests := []struct {
		name  string
		facts Facts
		fact  string
		want  Prefilled // Option "" means the question is not prefilled
	}{
		{"NIB recorded", Facts{HasNIB: true}, FactNIB, Prefilled{"yes", "readiness.source.nib"}},
		{"no NIB", Facts{}, FactNIB, Prefilled{"no", "readiness.source.no_nib"}},

		{"the business's NPWP", Facts{NPWP: siapekspor.NPWPBusiness}, FactNPWP, Prefilled{"business", "readiness.source.npwp_business"}},
		{"the owner's NPWP", Facts{NPWP: siapekspor.NPWPOwner}, FactNPWP, Prefilled{"owner", "readiness.source.npwp_owner"}},
		{"an NPWP whose holder is unknown: left to the person", Facts{NPWP: siapekspor.NPWPUnknown}, FactNPWP, Prefilled{}},
		// The registry may simply not have it: never "no NPWP".
		{"no NPWP recorded: left to the person", Facts{}, FactNPWP, Prefilled{}},

		{"never exported", Facts{ExportStatus: siapekspor.ExportNever}, FactExportExperience, Prefilled{"none", "readiness.source.export_status"}},
		{"ready, no export yet", Facts{ExportStatus: siapekspor.ExportReady}, FactExportExperience, Prefilled{"none", "readiness.source.export_status"}},
		{"first export", Facts{ExportStatus: siapekspor.ExportFirst}, FactExportExperience, Prefilled{"direct", "readiness.source.export_status"}},
		{"regular exporter", Facts{ExportStatus: siapekspor.ExportRegular}, FactExportExperience, Prefilled{"direct", "readiness.source.export_status"}},
		{"export status unknown", Facts{}, FactExportExperience, Prefilled{}},

		{"HACCP held", Facts{Now: jan2026, Certificates: []siapekspor.Certificate{cert(siapekspor.CertHACCP, 0, day(2027, 1, 1))}},
			FactCertificatesMarket, Prefilled{"yes", "readiness.source.certificates"}},
		{"halal counts for markets", Facts{Now: jan2026, Certificates: []siapekspor.Certificate{cert(siapekspor.CertHalal, 1, nil)}},
			FactCertificatesMarket, Prefilled{"yes", "readiness.source.certificates"}},
		{"expired HACCP", Facts{Now: jan2026, Certificates: []siapekspor.Certificate{cert(siapekspor.CertHACCP, 0, day(2025, 12, 31))}},
			FactCertificatesMarket, Prefilled{"no", "readiness.source.no_certificates"}},
		{"HACCP expiring today still counts", Facts{Now: jan2026, Certificates: []siapekspor.Certificate{cert(siapekspor.CertHACCP, 0, day(2026, 1, 15))}},
			FactCertificatesMarket, Prefilled{"yes", "readiness.source.certificates"}},
		{"PIRT is not a market certificate", Facts{Now: jan2026, Certificates: []siapekspor.Certificate{cert(siapekspor.CertPIRT, 2, nil)}},
			FactCertificatesMarket, Prefilled{"no", "readiness.source.no_certificates"}},
		{"no certificates", Facts{}, FactCertificatesMarket, Prefilled{"no", "readiness.source.no_certificates"}},

		{"all products named in English", Facts{Products: []siapekspor.Product{abonIkan, kopi}}, FactEnglishLabel, Prefilled{"all", "readiness.source.english_name"}},
		{"some named in English", Facts{Products: []siapekspor.Product{abonIkan, keripik}}, FactEnglishLabel, Prefilled{"some", "readiness.source.english_name"}},
		{"none named in English", Facts{Products: []siapekspor.Product{keripik, tanpaHS}}, FactEnglishLabel, Prefilled{"none", "readiness.source.english_name"}},
		{"no products, no English guess", Facts{}, FactEnglishLabel, Prefilled{}},

		{"capacity fills a container", Facts{Products: []siapekspor.Product{kopiKecil, kopi}}, FactCapacity, Prefilled{"full", "readiness.source.capacity"}},
		{"validated product fills an order", Facts{Products: []siapekspor.Product{kopiKecil, approved(kopi)}}, FactCapacity, Prefilled{"full", "readiness.source.capacity_validated"}},
		{"only part of an order", Facts{Products: []siapekspor.Product{kopiKecil, tapis}}, FactCapacity, Prefilled{"partial", "readiness.source.capacity"}},
		{"units cannot be compared", Facts{Products: []siapekspor.Product{kopiKarung}}, FactCapacity, Prefilled{"unknown", "readiness.source.capacity_unknown"}},
		{"no typical order for the HS code", Facts{Products: []siapekspor.Product{kosmetik}}, FactCapacity, Prefilled{"unknown", "readiness.source.capacity_unknown"}},
		{"capacity not recorded", Facts{Products: []siapekspor.Product{tanpaHS}}, FactCapacity, Prefilled{"unknown", "readiness.source.capacity_unknown"}},
		{"no products, no capacity guess", Facts{}, FactCapacity, Prefilled{}},

		{"fish floss with BPOM MD, before halal is due", Facts{Now: jan2026, Size: siapekspor.SizeMicro, Products: []siapekspor.Product{abonIkan},
			Certificates: []siapekspor.Certificate{cert(siapekspor.CertBPOMMD, 1, nil)}}, FactPermits, Prefilled{"all", "readiness.source.permits"}},
		{"fish floss with PIRT only", Facts{Now: jan2026, Products: []siapekspor.Product{abonIkan},
			Certificates: []siapekspor.Certificate{cert(siapekspor.CertPIRT, 1, nil)}}, FactPermits, Prefilled{"none", "readiness.source.permits"}},
		{"fish floss with an expired BPOM MD", Facts{Now: jan2026, Products: []siapekspor.Product{abonIkan},
			Certificates: []siapekspor.Certificate{cert(siapekspor.CertBPOMMD, 1, day(2025, 6, 30))}}, FactPermits, Prefilled{"none", "readiness.source.permits"}},
		{"micro firm after the halal deadline, no halal", Facts{Now: nov2026, Size: siapekspor.SizeMicro, Products: []siapekspor.Product{abonIkan},
			Certificates: []siapekspor.Certificate{cert(siapekspor.CertBPOMMD, 1, nil)}}, FactPermits, Prefilled{"none", "readiness.source.permits"}},
		{"micro firm after the halal deadline, with halal", Facts{Now: nov2026, Size: siapekspor.SizeMicro, Products: []siapekspor.Product{abonIkan},
			Certificates: []siapekspor.Certificate{cert(siapekspor.CertBPOMMD, 1, nil), cert(siapekspor.CertHalal, 0, nil)}}, FactPermits, Prefilled{"all", "readiness.source.permits"}},
		{"medium firm needs halal already", Facts{Now: jan2026, Size: siapekspor.SizeMedium, Products: []siapekspor.Product{abonIkan},
			Certificates: []siapekspor.Certificate{cert(siapekspor.CertBPOMMD, 1, nil)}}, FactPermits, Prefilled{"none", "readiness.source.permits"}},
		{"chips with PIRT", Facts{Now: jan2026, Products: []siapekspor.Product{keripik},
			Certificates: []siapekspor.Certificate{cert(siapekspor.CertPIRT, 2, nil)}}, FactPermits, Prefilled{"all", "readiness.source.permits"}},
		{"chips with BPOM MD instead of PIRT", Facts{Now: jan2026, Products: []siapekspor.Product{keripik},
			Certificates: []siapekspor.Certificate{cert(siapekspor.CertBPOMMD, 2, nil)}}, FactPermits, Prefilled{"all", "readiness.source.permits"}},
		{"a PIRT of another product does not count", Facts{Now: jan2026, Products: []siapekspor.Product{keripik},
			Certificates: []siapekspor.Certificate{cert(siapekspor.CertPIRT, 99, nil)}}, FactPermits, Prefilled{"none", "readiness.source.permits"}},
		{"an enterprise-wide PIRT covers its products", Facts{Now: jan2026, Products: []siapekspor.Product{keripik},
			Certificates: []siapekspor.Certificate{cert(siapekspor.CertPIRT, 0, nil)}}, FactPermits, Prefilled{"all", "readiness.source.permits"}},
		{"an enterprise-wide PIRT never covers fish", Facts{Now: jan2026, Products: []siapekspor.Product{abonIkan},
			Certificates: []siapekspor.Certificate{cert(siapekspor.CertPIRT, 0, nil)}}, FactPermits, Prefilled{"none", "readiness.source.permits"}},
		{"one product of two complete", Facts{Now: jan2026, Products: []siapekspor.Product{abonIkan, keripik},
			Certificates: []siapekspor.Certificate{cert(siapekspor.CertPIRT, 2, nil)}}, FactPermits, Prefilled{"some", "readiness.source.permits"}},
		{"crafts need no food permit", Facts{Now: jan2026, Products: []siapekspor.Product{tapis}}, FactPermits, Prefilled{"not_needed", "readiness.source.permits_not_needed"}},
		{"green coffee needs none before the halal deadline", Facts{Now: jan2026, Products: []siapekspor.Product{kopi}}, FactPermits, Prefilled{"not_needed", "readiness.source.permits_not_needed"}},
		{"green coffee needs halal after it", Facts{Now: nov2026, Products: []siapekspor.Product{kopi}}, FactPermits, Prefilled{"none", "readiness.source.permits"}},
		{"halal due from midnight WIB", Facts{Now: time.Date(2026, 10, 16, 17, 0, 0, 0, time.UTC), Products: []siapekspor.Product{kopi}},
			FactPermits, Prefilled{"none", "readiness.source.permits"}},
		{"halal not due a minute before", Facts{Now: time.Date(2026, 10, 16, 16, 59, 0, 0, time.UTC), Products: []siapekspor.Product{kopi}},
			FactPermits, Prefilled{"not_needed", "readiness.source.permits_not_needed"}},
		{"a product without HS code is left out", Facts{Now: jan2026, Products: []siapekspor.Product{tanpaHS, tapis}}, FactPermits, Prefilled{"not_needed", "readiness.source.permits_not_needed"}},
		{"no HS code at all, no guess", Facts{Now: jan2026, Products: []siapekspor.Product{tanpaHS}}, FactPermits, Prefilled{}},
		{"no products, no guess", Facts{Now: jan2026}, FactPermits, Prefilled{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Prefill(q, tt.facts)[questionOf[tt.fact]]
			if tt.want.Option == "" {
				if ok {
					t.Errorf("prefilled %+v, want nothing", got)
				}
				return
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestPrefillTouchesOnlyPrefillQuestions(t *testing.T) {
	q := Default()
	got := Prefill(q, Facts{HasNIB: true, NPWP: siapekspor.NPWPOwner, ExportStatus: siapekspor.ExportFirst, Now: jan2026, Products: []siapekspor.Product{kopi}})
	for key, p := range got {
		qu, ok := q.Question(key)
		if !ok || qu.Prefill == "" {
			t.Errorf("%s prefilled but has no Prefill", key)
			continue
		}
		if _, ok := qu.Option(p.Option); !ok {
			t.Errorf("%s prefilled with %q, not one of its options", key, p.Option)
		}
	}
	if len(got) != 7 {
		t.Errorf("%d questions prefilled, want all 7 facts: %v", len(got), got)
	}
}

func TestPrefillSkipsAnOptionTheQuestionLacks(t *testing.T) {
	// An unvalidated questionnaire must not make Prefill answer with a
	// non-option.
	q := Default()
	q.Questions[0].Options[1].Key = "belum"
	if p, ok := Prefill(q, Facts{})[q.Questions[0].Key]; ok {
		t.Errorf("prefilled %+v", p)
	}
}

// Only answers the registry gave are marked as the registry's: not those
// the person changed, nor those to questions it cannot answer (Incoterms).
func TestFromRegistry(t *testing.T) {
	prefilled := Prefill(Default(), Facts{HasNIB: true, NPWP: siapekspor.NPWPOwner, ExportStatus: siapekspor.ExportNever})
	answers := Answers{"legal_nib": "yes", "legal_npwp": "business", "experience_export": "none", "mgmt_export_terms": "no", "legal_trademark": "none"}
	for _, tc := range []struct {
		question string
		want     bool
	}{
		{"legal_nib", true},          // prefilled and kept
		{"legal_npwp", false},        // prefilled "owner", answered "business": the person's
		{"mgmt_export_terms", false}, // the registry knows nothing of Incoterms
		{"legal_trademark", false},
		{"product_quality", false}, // not answered at all
	} {
		if got := FromRegistry(prefilled, answers, tc.question); got != tc.want {
			t.Errorf("FromRegistry(%s) = %v, want %v", tc.question, got, tc.want)
		}
	}
	if FromRegistry(nil, answers, "legal_nib") {
		t.Error("an assessment stored without prefills has nothing from the registry")
	}
}

func TestPermitsFor(t *testing.T) {
	for hs, want := range map[string][]siapekspor.CertificateType{
		"160414": {siapekspor.CertBPOMMD, siapekspor.CertHalal}, // processed fish: not PIRT
		"200599": {siapekspor.CertPIRT, siapekspor.CertHalal},   // chips
		"090111": {siapekspor.CertHalal},                        // green coffee: food, no distribution permit
		"580500": nil,                                           // tapis cloth
		"":       nil,
	} {
		if got := PermitsFor(hs); !slices.Equal(got, want) {
			t.Errorf("PermitsFor(%q) = %v, want %v", hs, got, want)
		}
	}
}
