package siapekspor

import (
	"strings"
	"testing"
	"time"
)

func TestListingStateListed(t *testing.T) {
	now := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	day := func(offset int) *time.Time { d := now.AddDate(0, 0, offset); return &d }
	cert := func(typ CertificateType, expires *time.Time) Certificate {
		return Certificate{Type: typ, ExpiresOn: expires}
	}
	tests := []struct {
		name   string
		state  ListingState
		listed bool
		reason string
	}{
		{"validated and consented", ListingState{Validation: ValidationApproved, Consent: true}, true, ""},
		{"draft", ListingState{Validation: ValidationDraft, Consent: true}, false, UnlistedNotValidated},
		{"submitted", ListingState{Validation: ValidationSubmitted, Consent: true}, false, UnlistedNotValidated},
		{"rejected", ListingState{Validation: ValidationRejected, Consent: true}, false, UnlistedNotValidated},
		{"no consent", ListingState{Validation: ApprovedForTest, Consent: false}, false, UnlistedNoConsent},
		{"certificate valid today", ListingState{Validation: ValidationApproved, Consent: true, Certificates: []Certificate{cert(CertHalal, day(0))}}, true, ""},
		{"certificate without expiry", ListingState{Validation: ValidationApproved, Consent: true, Certificates: []Certificate{cert(CertHalal, nil)}}, true, ""},
		{"certificate expired yesterday", ListingState{Validation: ValidationApproved, Consent: true, Certificates: []Certificate{cert(CertHalal, day(-1))}}, false, UnlistedCertExpired},
		{"expired but renewed", ListingState{Validation: ValidationApproved, Consent: true, Certificates: []Certificate{cert(CertHalal, day(-1)), cert(CertHalal, day(300))}}, true, ""},
		{"one kind renewed, another lapsed", ListingState{Validation: ValidationApproved, Consent: true,
			Certificates: []Certificate{cert(CertHalal, day(-1)), cert(CertHalal, day(300)), cert(CertPIRT, day(-30))}}, false, UnlistedCertExpired},
		{"validation checked first", ListingState{Validation: ValidationDraft, Consent: false, Certificates: []Certificate{cert(CertHalal, day(-1))}}, false, UnlistedNotValidated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			listed, reason := tt.state.Listed(now)
			if listed != tt.listed || reason != tt.reason {
				t.Errorf("Listed = %v, %q; want %v, %q", listed, reason, tt.listed, tt.reason)
			}
		})
	}
}

// ApprovedForTest keeps the table readable.
const ApprovedForTest = ValidationApproved

func TestSlugAndPaths(t *testing.T) {
	tests := []struct{ name, slug string }{
		{"Kopi Robusta Lampung", "kopi-robusta-lampung"},
		{"  Kopi   Robusta -- Lampung!! ", "kopi-robusta-lampung"},
		{"Café Crème Brûlée", "cafe-creme-brulee"},
		{"Keripik Pisang 'Mbak Sri' 250g", "keripik-pisang-mbak-sri-250g"},
		{"咖啡", ""},
		{"كابي", ""},
		{"<script>alert(1)</script>", "script-alert-1-script"},
		{"", ""},
		{strings.Repeat("robusta ", 20), "robusta-robusta-robusta-robusta-robusta-robusta-robusta"},
		{strings.Repeat("a", 100), strings.Repeat("a", 60)},
	}
	for _, tt := range tests {
		if got := Slug(tt.name); got != tt.slug {
			t.Errorf("Slug(%q) = %q, want %q", tt.name, got, tt.slug)
		}
		if len(Slug(tt.name)) > 60 {
			t.Errorf("Slug(%q) longer than 60", tt.name)
		}
	}
	if got := CataloguePath(123, "Kopi Robusta Lampung"); got != "/catalogue/p/123-kopi-robusta-lampung" {
		t.Errorf("CataloguePath = %q", got)
	}
	if got := CataloguePath(7, "咖啡"); got != "/catalogue/p/7" {
		t.Errorf("CataloguePath without Latin letters = %q", got)
	}
	if got := CatalogueEnterprisePath(45, "CV Maju"); got != "/catalogue/e/45-cv-maju" {
		t.Errorf("CatalogueEnterprisePath = %q", got)
	}
	for s, want := range map[string]int64{"123-kopi": 123, "123": 123, "7-": 7} {
		if id, ok := ParseCatalogueID(s); !ok || id != want {
			t.Errorf("ParseCatalogueID(%q) = %d, %v", s, id, ok)
		}
	}
	for _, s := range []string{"", "kopi", "0-kopi", "-1", "0123-kopi", "99999999999999999999-x", "12a-kopi", "+5"} {
		if id, ok := ParseCatalogueID(s); ok {
			t.Errorf("ParseCatalogueID(%q) = %d, ok", s, id)
		}
	}
}

type countries map[string]bool

func (c countries) CountryExists(iso3 string) bool { return c[iso3] }

func TestInquiryValidateAndRequest(t *testing.T) {
	ref := countries{"JPN": true, "FRA": true}
	q := &Inquiry{Name: "  Hiro   Tanaka ", Company: "Tanaka Trading", Country: " jpn", Email: "Hiro@Tanaka.EXAMPLE",
		Message: " We need 2 tonnes a month.\nSamples first. ", Quantity: 2, Unit: "ton"}
	if err := q.Validate(ref); err != nil {
		t.Fatal(err)
	}
	if q.Name != "Hiro Tanaka" || q.Country != "JPN" || q.Email != "Hiro@tanaka.example" || q.Message != "We need 2 tonnes a month.\nSamples first." {
		t.Errorf("tidied: %+v", q)
	}
	p := &PublicProduct{ID: 5, NameID: "Kopi Robusta", NameEN: "Robusta Coffee", HSCode: "09012110", Unit: "kg", MinOrder: 100}
	r := q.Request(9, p)
	if r.Kind != RequestBuying || r.OrgID != 9 || r.HSCode != "090121" || r.Quantity != 2 || r.Unit != "ton" || r.Destination != "JPN" ||
		r.Status != RequestDraft || r.Visibility != VisibilityPrivate || r.Title != "Inquiry: Robusta Coffee — Tanaka Trading" ||
		!strings.Contains(r.Notes, "hiro") && !strings.Contains(r.Notes, "Hiro") || !strings.Contains(r.Notes, "Samples first.") {
		t.Errorf("request: %+v", r)
	}
	// No quantity: the product's minimum order; a profile inquiry: the words.
	q.Quantity, q.Unit = 0, ""
	if r := q.Request(9, p); r.Quantity != 100 || r.Unit != "kg" {
		t.Errorf("without a quantity: %v %s", r.Quantity, r.Unit)
	}
	q.EnterpriseName = "CV Kopi Liwa"
	if r := q.Request(9, nil); r.HSCode != "" || r.Words != "CV Kopi Liwa" || r.Quantity != 1 || r.Unit != Units[0] {
		t.Errorf("profile inquiry: %+v", r)
	}
	long := &Inquiry{Name: "A", Company: strings.Repeat("C", 200), Country: "FRA", Email: "a@b.example", Message: strings.Repeat("m", MaxInquiryMessage)}
	if err := long.Validate(ref); err != nil {
		t.Fatal(err)
	}
	if r := long.Request(1, p); len([]rune(r.Title)) > 200 || len([]rune(r.Notes)) > 4000 {
		t.Errorf("long inquiry's request: title %d, notes %d", len([]rune(r.Title)), len([]rune(r.Notes)))
	}

	bad := []struct {
		name  string
		q     Inquiry
		field string
		key   string
	}{
		{"no name", Inquiry{Country: "FRA", Email: "a@b.example", Message: "x"}, "name", "field.required"},
		{"unknown country", Inquiry{Name: "A", Country: "XYZ", Email: "a@b.example", Message: "x"}, "country", "field.choice"},
		{"no country", Inquiry{Name: "A", Email: "a@b.example", Message: "x"}, "country", "field.required"},
		{"bad e-mail", Inquiry{Name: "A", Country: "FRA", Email: "a@", Message: "x"}, "email", "email.invalid"},
		{"e-mail with a name", Inquiry{Name: "A", Country: "FRA", Email: "A <a@b.example>", Message: "x"}, "email", "email.invalid"},
		{"no message", Inquiry{Name: "A", Country: "FRA", Email: "a@b.example"}, "message", "field.required"},
		{"1 MB message", Inquiry{Name: "A", Country: "FRA", Email: "a@b.example", Message: strings.Repeat("x", 1<<20)}, "message", "field.too_long"},
		{"control character", Inquiry{Name: "A\x00", Country: "FRA", Email: "a@b.example", Message: "x"}, "name", ""},
		{"negative quantity", Inquiry{Name: "A", Country: "FRA", Email: "a@b.example", Message: "x", Quantity: -1}, "quantity", "field.negative"},
		{"unknown unit", Inquiry{Name: "A", Country: "FRA", Email: "a@b.example", Message: "x", Unit: "bushel"}, "unit", "field.choice"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.q.Validate(ref)
			e, ok := AsError(err)
			if !ok {
				t.Fatalf("accepted: %v", err)
			}
			for _, f := range e.Fields {
				if f.Field == tt.field && (tt.key == "" || f.Key == tt.key) {
					return
				}
			}
			t.Errorf("want %s %s, got %+v", tt.field, tt.key, e.Fields)
		})
	}
}

func TestListingConsentValidate(t *testing.T) {
	owner := Actor{Role: RoleOwner, EnterpriseID: 3}
	officer := Actor{Role: RoleOfficer}
	c := &ListingConsent{EnterpriseID: 3, Listed: true}
	if err := c.Validate(owner); err != nil || !c.ByOwner {
		t.Errorf("owner: %v %+v", err, c)
	}
	c = &ListingConsent{EnterpriseID: 3, Listed: true, ByOwner: true}
	if err := c.Validate(officer); err == nil || c.ByOwner {
		t.Errorf("an officer listed without evidence, or claimed the owner's own consent: %v %+v", err, c)
	}
	c = &ListingConsent{EnterpriseID: 3, Listed: true, Evidence: "  formulir ditandatangani  "}
	if err := c.Validate(officer); err != nil || c.Evidence != "formulir ditandatangani" {
		t.Errorf("officer with evidence: %v %+v", err, c)
	}
	if err := (&ListingConsent{EnterpriseID: 3}).Validate(officer); err != nil {
		t.Errorf("an officer withdrew: %v", err)
	}
	for _, a := range []Actor{{Role: RoleViewer}, {Role: RoleBuyer}, {Role: RoleValidator}, {}} {
		if CanSetListing(a) {
			t.Errorf("%s may set listing consent", a.Role)
		}
	}
}

func TestBuyerRegistrationValidate(t *testing.T) {
	ref := countries{"FRA": true}
	r := &BuyerRegistration{Name: "Marie", Email: "marie@dubois.example", Company: "Cafés Dubois", Country: "fra", Website: "https://dubois.example"}
	if err := r.Validate(ref); err != nil || r.Country != "FRA" {
		t.Fatalf("%v %+v", err, r)
	}
	for _, bad := range []BuyerRegistration{
		{Email: "marie@dubois.example", Company: "C", Country: "FRA"},
		{Name: "M", Email: "marie@dubois.example", Country: "FRA"},
		{Name: "M", Email: "marie@dubois.example", Company: "C", Country: "FRA", Website: "javascript:alert(1)"},
		{Name: "M", Email: "nope", Company: "C", Country: "FRA"},
	} {
		if err := bad.Validate(ref); err == nil {
			t.Errorf("accepted %+v", bad)
		}
	}
}
