package siapekspor

import (
	"errors"
	"testing"
	"time"
)

type hsSet map[string]bool

func (h hsSet) HSExists(code string) bool { return h[code] }

var knownHS = hsSet{"090111": true, "090121": true, "030389": true, "160420": true, "200599": true, "040690": true, "190110": true, "580500": true}

func fieldKeys(err error) map[string]string {
	out := map[string]string{}
	var e *Error
	if errors.As(err, &e) {
		for _, f := range e.Fields {
			out[f.Field] = f.Key
		}
	}
	return out
}

func TestProductValidate(t *testing.T) {
	base := func() Product {
		return Product{NameID: "Kopi Robusta Lampung", NameEN: "Lampung Robusta Coffee", HSCode: "0901.11", Unit: "kg", CapacityPerMonth: 2000}
	}
	tests := []struct {
		name  string
		edit  func(p *Product)
		field string
		key   string
	}{
		{"valid", func(p *Product) {}, "", ""},
		{"an 8-digit national line", func(p *Product) { p.HSCode = "09011110" }, "", ""},
		{"no name", func(p *Product) { p.NameID = " " }, "name_id", "field.required"},
		{"HS code that does not exist", func(p *Product) { p.HSCode = "999999" }, "hs_code", "hs.not_in_nomenclature"},
		{"8 digits under an unknown subheading", func(p *Product) { p.HSCode = "99999910" }, "hs_code", "hs.not_in_nomenclature"},
		{"HS code of 4 digits", func(p *Product) { p.HSCode = "0901" }, "hs_code", "hs.digits"},
		{"HS code with letters", func(p *Product) { p.HSCode = "09O111" }, "hs_code", "hs.digits"},
		{"negative capacity", func(p *Product) { p.CapacityPerMonth = -5 }, "capacity_per_month", "field.negative"},
		{"negative minimum order", func(p *Product) { p.MinOrder = -1 }, "min_order", "field.negative"},
		{"negative price", func(p *Product) { p.PriceIDR = -1 }, "price_idr", "field.negative"},
		{"negative FOB", func(p *Product) { p.FOBUSDCents = -1 }, "fob_usd", "field.negative"},
		{"capacity without a unit", func(p *Product) { p.Unit = "" }, "unit", "product.unit_needed"},
		{"unknown unit", func(p *Product) { p.Unit = "karung" }, "unit", "field.choice"},
		{"unknown category", func(p *Product) { p.Category = "weapons" }, "category", "field.choice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base()
			tt.edit(&p)
			p.Normalize()
			err := p.Validate(knownHS)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v %v", err, fieldKeys(err))
				}
				return
			}
			if got := fieldKeys(err)[tt.field]; got != tt.key {
				t.Errorf("field %s: got %q, want %q (all: %v)", tt.field, got, tt.key, fieldKeys(err))
			}
		})
	}
}

func TestReadyForValidationAndMaterialChange(t *testing.T) {
	p := Product{NameID: "Keripik Pisang"}
	keys := fieldKeys(p.ReadyForValidation())
	for _, f := range []string{"name_en", "hs_code", "unit", "capacity_per_month"} {
		if keys[f] != "product.needs_for_validation" {
			t.Errorf("%s not required for validation: %v", f, keys)
		}
	}
	ready := Product{NameID: "Keripik Pisang", NameEN: "Banana Chips", HSCode: "200599", Unit: "kg", CapacityPerMonth: 500}
	if err := ready.ReadyForValidation(); err != nil {
		t.Error(err)
	}
	changed := ready
	changed.PriceIDR = 30000
	if changed.MaterialChange(&ready) {
		t.Error("a price change voided the validation")
	}
	changed.CapacityPerMonth = 50
	if !changed.MaterialChange(&ready) {
		t.Error("a capacity change kept the validation")
	}
}

func TestCapacityCheck(t *testing.T) {
	tests := []struct {
		hs          string
		unit        Unit
		capacity    float64
		ok, known   bool
		wantQtyUnit Unit
	}{
		{"090111", "kg", 20000, true, true, "kg"},
		{"090111", "kg", 2000, false, true, "kg"},
		{"090111", "ton", 20, true, true, "kg"},
		{"030389", "kg", 12000, true, true, "kg"},
		{"580500", "pcs", 600, true, true, "pcs"},
		{"580500", "kg", 600, false, false, "pcs"}, // units cannot be compared
		{"850440", "pcs", 1, false, false, ""},     // no figure for the heading
	}
	for _, tt := range tests {
		p := Product{HSCode: tt.hs, Unit: tt.unit, CapacityPerMonth: tt.capacity}
		order, ok, known := CapacityCheck(&p)
		if ok != tt.ok || known != tt.known || order.Unit != tt.wantQtyUnit {
			t.Errorf("%s %v %s: got %v ok=%v known=%v", tt.hs, tt.capacity, tt.unit, order, ok, known)
		}
	}
}

func date(s string) *time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return &t
}

func TestCertificateRules(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		c     Certificate
		field string
		key   string
	}{
		{"valid halal", Certificate{Type: CertHalal, Number: "ID18110000123450823", IssuedOn: date("2024-01-10"), ExpiresOn: date("2028-01-10")}, "", ""},
		{"halal self-declare", Certificate{Type: CertHalal, SelfDeclare: true, Number: "ID1811000"}, "", ""},
		{"self-declare is for halal only", Certificate{Type: CertSNI, SelfDeclare: true, Number: "SNI 01-3542"}, "self_declare", "cert.self_declare_halal_only"},
		{"PIRT with 15 digits, dotted", Certificate{Type: CertPIRT, Number: "2.06.1801.01.0023-27"}, "", ""},
		{"PIRT with 12 digits", Certificate{Type: CertPIRT, Number: "206180101002"}, "number", "cert.pirt_number"},
		{"expiry before issue", Certificate{Type: CertSNI, Number: "X", IssuedOn: date("2025-05-01"), ExpiresOn: date("2025-04-30")}, "expires_on", "cert.expires_before_issue"},
		{"issued in the future", Certificate{Type: CertSNI, Number: "X", IssuedOn: date("2027-01-01")}, "issued_on", "cert.issued_future"},
		{"no number", Certificate{Type: CertOrganic}, "number", "field.required"},
		{"unknown type", Certificate{Type: "gold", Number: "1"}, "type", "field.choice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.c
			c.Normalize()
			err := c.Validate(now)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("unexpected: %v", fieldKeys(err))
				}
				return
			}
			if got := fieldKeys(err)[tt.field]; got != tt.key {
				t.Errorf("got %q, want %q (%v)", got, tt.key, fieldKeys(err))
			}
		})
	}
}

func TestPIRTCannotCoverMeatFishPoultryDairy(t *testing.T) {
	pirt := Certificate{Type: CertPIRT}
	bpom := Certificate{Type: CertBPOMMD}
	for hs, excluded := range map[string]bool{
		"020714": true,  // poultry cuts
		"030389": true,  // frozen fish
		"040690": true,  // cheese
		"160420": true,  // prepared fish (fish crackers' base, abon ikan)
		"190110": true,  // infant food
		"200599": false, // banana chips
		"090121": false, // roasted coffee
		"040900": false, // honey is chapter 04 but not dairy
		"":       false,
	} {
		p := Product{HSCode: hs}
		if got := pirt.CheckCovers(&p) != nil; got != excluded {
			t.Errorf("PIRT over %q refused=%v, want %v", hs, got, excluded)
		}
		if bpom.CheckCovers(&p) != nil {
			t.Errorf("BPOM MD over %q refused", hs)
		}
	}
}

func TestCertificateCountsUntilItsExpiryDay(t *testing.T) {
	c := Certificate{Type: CertHalal, Number: "1", ExpiresOn: date("2026-11-30")}
	tests := []struct {
		now            string
		counts, within bool
	}{
		{"2026-08-01", true, false}, // 121 days ahead
		{"2026-09-01", true, true},  // 90 days ahead
		{"2026-11-30", true, true},  // its last day
		{"2026-12-01", false, false},
	}
	for _, tt := range tests {
		now := date(tt.now).Add(15 * time.Hour)
		if c.Counts(now) != tt.counts || c.ExpiresWithin(DefaultExpiryWarningDays, now) != tt.within {
			t.Errorf("%s: counts=%v within=%v", tt.now, c.Counts(now), c.ExpiresWithin(90, now))
		}
	}
	if forever := (Certificate{Type: CertHalal}); !forever.Counts(time.Now()) || forever.ExpiresWithin(90, time.Now()) {
		t.Error("a certificate without expiry")
	}
}

func TestReviewDecision(t *testing.T) {
	all := func(ok bool, reason string) map[ReviewPoint]PointReview {
		m := map[ReviewPoint]PointReview{}
		for _, p := range ReviewPoints {
			m[p] = PointReview{OK: ok, Reason: reason}
		}
		return m
	}
	approve := Review{Points: all(true, "")}
	if err := approve.Validate(); err != nil || approve.Decision() != ValidationApproved {
		t.Errorf("all points ok: %v %v", err, approve.Decision())
	}
	reject := Review{Points: all(true, "")}
	reject.Points["capacity"] = PointReview{OK: false, Reason: "  Kapasitas 2 ton/bulan, pesanan umum 19 ton  "}
	if err := reject.Validate(); err != nil || reject.Decision() != ValidationRejected || reject.Points["capacity"].Reason[0] == ' ' {
		t.Errorf("one point failed: %v %v", err, reject.Decision())
	}
	noReason := Review{Points: all(true, "")}
	noReason.Points["quality"] = PointReview{OK: false}
	if keys := fieldKeys(noReason.Validate()); keys["reason_quality"] != "review.reason_required" {
		t.Errorf("a failed point without a reason: %v", keys)
	}
	missing := Review{Points: map[ReviewPoint]PointReview{"quality": {OK: true}}}
	if keys := fieldKeys(missing.Validate()); keys["ok_capacity"] != "review.point_required" {
		t.Errorf("missing points: %v", keys)
	}
	if !CanSubmit(ValidationDraft) || !CanSubmit(ValidationRejected) || CanSubmit(ValidationSubmitted) || CanSubmit(ValidationApproved) {
		t.Error("submission states")
	}
}

func TestHSCodeText(t *testing.T) {
	for in, want := range map[string]string{
		"090121": "090121", "0901.21": "090121", " 0901 21 ": "090121", "0901-21-10": "09012110",
		"'090121": "090121", " '0901.21": "090121", "''0901": "'0901", "": "", "kopi": "kopi",
		// With its label or its description, as office lists write it.
		"HS 0901.11": "090111", "Kode HS: 0901.11": "090111", "HS.090111": "090111", "Pos Tarif 0901.11.00": "09011100",
		"0901.11 - Kopi biji": "090111", "0901.11 Kopi": "090111", "090111 (kopi robusta)": "090111",
		"hs kopi": "kopi", "kopi 0901": "kopi0901", "12 - Kopi": "12Kopi", "hsn": "hsn",
	} {
		if got := HSCodeText(in); got != want {
			t.Errorf("HSCodeText(%q) = %q, want %q", in, got, want)
		}
	}
}
