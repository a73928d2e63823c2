package match

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/market"
)

var today = day("2027-01-15")

// coffee is a plain buying request the tests change one field at a time.
func coffee() Request {
	return Request{Kind: KindBuying, HSCode: "090111", Quantity: 800, Unit: "kg", Frequency: Monthly, Destination: "JPN"}
}

// product is a plain candidate that fits coffee() and breaks nothing.
func product(id int64) Product {
	return Product{ID: id, Enterprise: &Enterprise{ID: id, RegencyCode: "18.71"}, HSCode: "090111",
		Terms: Terms("Kopi Robusta", "Robusta coffee", "", ""), Unit: "kg", CapacityPerMonth: 1000, Validation: siapekspor.ValidationApproved}
}

func rank(t *testing.T, req Request, opts Options, ps ...Product) *Ranking {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = today
	}
	r, err := Rank(Input{Request: req, Candidates: ps, Options: opts})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// only returns the one candidate's entry, eligible or near miss, or nil.
func only(r *Ranking) *Entry {
	switch {
	case len(r.Entries) == 1:
		return &r.Entries[0]
	case len(r.NearMisses) == 1:
		return &r.NearMisses[0]
	}
	return nil
}

func factorOf(e *Entry, id FactorID) *Factor {
	for i := range e.Factors {
		if e.Factors[i].ID == id {
			return &e.Factors[i]
		}
	}
	return nil
}

func rules(gs []Gap) []Rule {
	var out []Rule
	for _, g := range gs {
		out = append(out, g.Rule)
	}
	return out
}

func TestFit(t *testing.T) {
	tests := []struct {
		name      string
		hs, words string
		prodHS    string
		terms     string
		want      float64 // -1: excluded for no fit
		digits    int
	}{
		{"whole 6-digit code", "090111", "", "090111", "", 100, 6},
		{"8-digit national line under it", "090111", "", "09011190", "", 100, 6},
		{"same heading", "090111", "", "090112", "", HeadingScore, 4},
		{"same chapter only", "090111", "", "090210", "", -1, 2},
		{"no code", "090111", "", "", "", -1, -1},
		{"4-digit code asked, met", "0901", "", "090121", "", 100, 4},
		{"4-digit code asked, chapter only", "0901", "", "090210", "", -1, 2},
		{"chapter asked", "09", "", "091011", "", 100, 2},
		{"code with dots", "0901.11", "", "090111", "", 100, 6},
		{"all words", "", "kopi robusta", "", "kopi robusta bubuk", 100, 0},
		{"half the words", "", "kopi robusta", "", "kopi arabika", 50, 0},
		{"a third of the words", "", "kopi robusta bubuk", "", "kopi", -1, 0},
		{"whole words only", "", "kopi", "", "kopikopi", -1, 0},
		{"Indonesian stems", "", "kerajinan tapis", "", Terms("Tapis Lampung", "", "", ""), 50, 0},
		{"derived forms meet", "", "pengolahan ikan", "", Terms("Ikan olahan", "", "", ""), 100, 0},
		{"English plurals", "", "coffee beans", "", Terms("", "Coffee bean", "", ""), 100, 0},
		{"both, agreeing", "0901", "kopi robusta", "090111", "kopi robusta", 100, 4},
		{"both, half the words", "0901", "kopi robusta", "090111", "kopi arabika", 75, 4},
		{"both, another chapter but every word", "2008", "keripik pisang", "190590", "keripik pisang", 50, 0},
		{"both, another chapter, half the words", "2008", "keripik pisang", "190590", "keripik singkong", -1, 0},
		{"both, chapter and most words", "200899", "keripik pisang manis coklat", "200510", "keripik pisang manis coklat", 60, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := coffee()
			req.HSCode, req.Words = tt.hs, tt.words
			p := product(1)
			p.HSCode, p.Terms = tt.prodHS, tt.terms
			r := rank(t, req, Options{}, p)
			if tt.want < 0 {
				if len(r.Entries)+len(r.NearMisses) != 0 || r.Stats.Excluded[RuleNoFit] != 1 {
					t.Fatalf("want no fit, got %+v", r)
				}
				return
			}
			e := only(r)
			if e == nil {
				t.Fatalf("not ranked: %+v", r.Stats)
			}
			f := factorOf(e, FactorFit)
			if math.Abs(f.Score-tt.want) > 1e-9 {
				t.Errorf("fit %.2f, want %.2f (%v)", f.Score, tt.want, f.Value)
			}
			if tt.hs != "" && (f.Value[0].Key != "match.value.hs_match" || f.Value[0].Args[0] != tt.digits) && tt.digits > 0 {
				t.Errorf("value %+v, want %d digits", f.Value, tt.digits)
			}
		})
	}
}

func TestCapacity(t *testing.T) {
	tests := []struct {
		name      string
		unit      siapekspor.Unit
		freq      Frequency
		qty       float64
		delivery  string
		prodUnit  siapekspor.Unit
		capacity  float64
		minOrder  float64
		minPct    float64
		perMonth  float64
		want      float64
		valueKey  string
		gap       Rule
		actionKey ActionKind
	}{
		{name: "covers 150%", unit: "kg", freq: Monthly, qty: 800, prodUnit: "kg", capacity: 1200, perMonth: 800, want: 100, valueKey: "match.value.capacity_cover"},
		{name: "half", unit: "kg", freq: Monthly, qty: 800, prodUnit: "kg", capacity: 400, perMonth: 800, want: 50, valueKey: "match.value.capacity_cover"},
		{name: "quarterly", unit: "kg", freq: Quarterly, qty: 2400, prodUnit: "kg", capacity: 400, perMonth: 800, want: 50, valueKey: "match.value.capacity_cover"},
		{name: "yearly, tonnes against kg", unit: "ton", freq: Yearly, qty: 12, prodUnit: "kg", capacity: 500, perMonth: 1, want: 50, valueKey: "match.value.capacity_cover"},
		{name: "kg against tonnes", unit: "kg", freq: Monthly, qty: 800, prodUnit: "ton", capacity: 0.4, perMonth: 800, want: 50, valueKey: "match.value.capacity_cover"},
		{name: "one-off without date: one month", unit: "kg", freq: OneOff, qty: 1000, prodUnit: "kg", capacity: 500, perMonth: 1000, want: 50, valueKey: "match.value.capacity_cover"},
		{name: "one-off in three months", unit: "kg", freq: OneOff, qty: 3000, delivery: "2027-04-16", prodUnit: "kg", capacity: 500, perMonth: 3000 / (91 / daysPerMonth), want: 100 * 500 / (3000 / (91 / daysPerMonth)), valueKey: "match.value.capacity_cover"},
		{name: "one-off in two years: twelve months", unit: "kg", freq: OneOff, qty: 12000, delivery: "2029-01-15", prodUnit: "kg", capacity: 500, perMonth: 1000, want: 50, valueKey: "match.value.capacity_cover"},
		{name: "one-off overdue: one month", unit: "kg", freq: OneOff, qty: 1000, delivery: "2026-12-01", prodUnit: "kg", capacity: 500, perMonth: 1000, want: 50, valueKey: "match.value.capacity_cover"},
		{name: "another unit", unit: "kg", freq: Monthly, qty: 800, prodUnit: "pcs", capacity: 5000, perMonth: 800, want: 0, valueKey: "match.value.capacity_unit"},
		{name: "not stated", unit: "kg", freq: Monthly, qty: 800, prodUnit: "kg", capacity: 0, perMonth: 800, want: 0, valueKey: "match.value.capacity_none"},
		{name: "minimum order above one delivery", unit: "kg", freq: Monthly, qty: 800, prodUnit: "kg", capacity: 1200, minOrder: 1000, perMonth: 800, want: 50, valueKey: "match.value.capacity_cover"},
		{name: "minimum order of one delivery", unit: "kg", freq: Monthly, qty: 800, prodUnit: "kg", capacity: 1200, minOrder: 800, perMonth: 800, want: 100, valueKey: "match.value.capacity_cover"},
		{name: "hard minimum met exactly", unit: "kg", freq: Monthly, qty: 800, prodUnit: "kg", capacity: 400, minPct: 50, perMonth: 800, want: 50, valueKey: "match.value.capacity_cover"},
		{name: "hard minimum missed", unit: "kg", freq: Monthly, qty: 800, prodUnit: "kg", capacity: 399, minPct: 50, perMonth: 800, want: 49.875, valueKey: "match.value.capacity_cover", gap: RuleCapacityShort, actionKey: ActionOpenCase},
		{name: "hard minimum, another unit", unit: "kg", freq: Monthly, qty: 800, prodUnit: "pcs", capacity: 5000, minPct: 50, perMonth: 800, want: 0, valueKey: "match.value.capacity_unit", gap: RuleCapacityUnknown, actionKey: ActionUpdateProduct},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := coffee()
			req.Unit, req.Frequency, req.Quantity, req.MinCapacityPct = tt.unit, tt.freq, tt.qty, tt.minPct
			if tt.delivery != "" {
				req.DeliveryDate = day(tt.delivery)
			}
			p := product(1)
			p.Unit, p.CapacityPerMonth, p.MinOrder = tt.prodUnit, tt.capacity, tt.minOrder
			r := rank(t, req, Options{}, p)
			if math.Abs(r.Need.PerMonth-tt.perMonth) > 1e-9 {
				t.Errorf("need %v a month, want %v", r.Need.PerMonth, tt.perMonth)
			}
			e := only(r)
			if e == nil {
				t.Fatalf("not ranked: %+v", r.Stats)
			}
			f := factorOf(e, FactorCapacity)
			if math.Abs(f.Score-tt.want) > 1e-9 || f.Value[0].Key != tt.valueKey {
				t.Errorf("capacity %.3f %v, want %.3f %s", f.Score, f.Value, tt.want, tt.valueKey)
			}
			if (tt.minOrder > tt.qty) != (len(f.Value) == 2) {
				t.Errorf("minimum order phrase: %v", f.Value)
			}
			if tt.gap == "" {
				if len(r.Entries) != 1 {
					t.Errorf("excluded: %+v", r.NearMisses)
				}
				return
			}
			if len(r.NearMisses) != 1 || !slices.Equal(rules(e.Gaps), []Rule{tt.gap}) || e.Gaps[0].Action.Kind != tt.actionKey {
				t.Errorf("gaps %+v, want %s with %s", e.Gaps, tt.gap, tt.actionKey)
			}
		})
	}
	// The brief's wording: "capacity 1,200 kg/month covers 150% of 800 kg/month".
	r := rank(t, coffee(), Options{}, func() Product { p := product(1); p.CapacityPerMonth = 1200; return p }())
	v := factorOf(&r.Entries[0], FactorCapacity).Value[0]
	if got := fmt.Sprint(v.Args); got != "[1200 unit.kg 150 800 unit.kg]" {
		t.Errorf("capacity args %s", got)
	}
}

func TestCertificates(t *testing.T) {
	halal, pirt, bpom := siapekspor.CertHalal, siapekspor.CertPIRT, siapekspor.CertBPOMMD
	cert := func(ty siapekspor.CertificateType, expires string) Cert {
		c := Cert{Type: ty}
		if expires != "" {
			c.ExpiresOn = day(expires)
		}
		return c
	}
	tests := []struct {
		name       string
		required   []siapekspor.CertificateType
		delivery   string
		product    []Cert
		enterprise []Cert
		gaps       []Rule // nil: eligible
		score      float64
	}{
		{"none required", nil, "", nil, nil, nil, -1},
		{"missing", []siapekspor.CertificateType{halal}, "2027-03-01", nil, nil, []Rule{RuleCertificateMissing}, 0},
		{"enterprise-wide, no expiry", []siapekspor.CertificateType{halal}, "2027-03-01", nil, []Cert{cert(halal, "")}, nil, 100},
		{"the product's own", []siapekspor.CertificateType{halal}, "2027-03-01", []Cert{cert(halal, "2030-01-01")}, nil, nil, 100},
		{"expires the day before delivery", []siapekspor.CertificateType{halal}, "2027-03-01", nil, []Cert{cert(halal, "2027-02-28")}, []Rule{RuleCertificateExpires}, 0},
		{"expires on the delivery day", []siapekspor.CertificateType{halal}, "2027-03-01", nil, []Cert{cert(halal, "2027-03-01")}, nil, 100},
		{"expires on the delivery day, in Jakarta time", []siapekspor.CertificateType{halal}, "2027-03-01", nil,
			[]Cert{{Type: halal, ExpiresOn: time.Date(2027, 3, 1, 0, 0, 0, 0, time.FixedZone("WIB", 7*3600))}}, nil, 100},
		{"expires the day before, late in the day", []siapekspor.CertificateType{halal}, "2027-03-01", nil,
			[]Cert{{Type: halal, ExpiresOn: time.Date(2027, 2, 28, 23, 59, 0, 0, time.UTC)}}, []Rule{RuleCertificateExpires}, 0},
		{"an expired one and a valid one", []siapekspor.CertificateType{halal}, "2027-03-01", []Cert{cert(halal, "2026-01-01")}, []Cert{cert(halal, "2028-01-01")}, nil, 100},
		{"no delivery date: checked today", []siapekspor.CertificateType{halal}, "", nil, []Cert{cert(halal, "2027-01-15")}, nil, 100},
		{"delivery date past: checked today", []siapekspor.CertificateType{halal}, "2026-12-01", nil, []Cert{cert(halal, "2027-01-01")}, []Rule{RuleCertificateExpires}, 0},
		{"BPOM MD meets PIRT", []siapekspor.CertificateType{pirt}, "", nil, []Cert{cert(bpom, "")}, nil, 100},
		{"PIRT does not meet BPOM MD", []siapekspor.CertificateType{bpom}, "", nil, []Cert{cert(pirt, "")}, []Rule{RuleCertificateMissing}, 0},
		{"another type", []siapekspor.CertificateType{halal}, "", []Cert{cert(siapekspor.CertOrganic, "")}, nil, []Rule{RuleCertificateMissing}, 0},
		{"one of two", []siapekspor.CertificateType{halal, siapekspor.CertHACCP}, "", nil, []Cert{cert(halal, "")}, []Rule{RuleCertificateMissing}, 50},
		{"asked twice, counted once", []siapekspor.CertificateType{halal, halal}, "", nil, nil, []Rule{RuleCertificateMissing}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := coffee()
			req.Certificates = tt.required
			if tt.delivery != "" {
				req.DeliveryDate = day(tt.delivery)
			}
			p := product(1)
			p.Certificates, p.Enterprise.Certificates = tt.product, tt.enterprise
			r := rank(t, req, Options{}, p)
			e := only(r)
			if e == nil {
				t.Fatalf("not ranked: %+v", r.Stats)
			}
			if got := rules(e.Gaps); !slices.Equal(got, tt.gaps) || (tt.gaps == nil) != (len(r.Entries) == 1) {
				t.Errorf("gaps %v, want %v", got, tt.gaps)
			}
			f := factorOf(e, FactorCertificates)
			switch {
			case tt.score < 0 && f != nil:
				t.Errorf("certificates factor without certificates required")
			case tt.score >= 0 && (f == nil || f.Score != tt.score):
				t.Errorf("certificates %+v, want %v", f, tt.score)
			}
			for _, g := range e.Gaps {
				if g.Certificate == "" || g.Action.Kind != ActionOpenCase || g.Action.CaseKind != caseFor(g.Certificate) {
					t.Errorf("gap %+v", g)
				}
			}
		})
	}
}

func TestValidation(t *testing.T) {
	tests := []struct {
		status  siapekspor.ValidationStatus
		score   float64
		require ActionKind // the action when validation is required; "" eligible
	}{
		{siapekspor.ValidationApproved, 100, ""},
		{siapekspor.ValidationSubmitted, SubmittedScore, ActionReviewValidation},
		{siapekspor.ValidationDraft, 0, ActionSubmitValidation},
		{siapekspor.ValidationRejected, 0, ActionSubmitValidation},
		{"", 0, ActionSubmitValidation},
	}
	for _, tt := range tests {
		t.Run(string(tt.status), func(t *testing.T) {
			p := product(1)
			p.Validation = tt.status
			r := rank(t, coffee(), Options{}, p)
			if f := factorOf(only(r), FactorValidation); f.Score != tt.score {
				t.Errorf("score %v, want %v", f.Score, tt.score)
			}
			req := coffee()
			req.RequireValidated = true
			r = rank(t, req, Options{}, p)
			switch {
			case tt.require == "" && len(r.Entries) != 1:
				t.Errorf("approved product excluded")
			case tt.require != "" && (len(r.NearMisses) != 1 || r.NearMisses[0].Gaps[0].Action.Kind != tt.require):
				t.Errorf("near misses %+v, want action %s", r.NearMisses, tt.require)
			}
		})
	}
}

func TestReadinessAndPerformance(t *testing.T) {
	tests := []struct {
		level     siapekspor.TrainingLevel
		readiness float64
		history   History
		wantR     float64
		wantP     float64
	}{
		{"", 70, History{}, 0, 50}, // not assessed: its score is not used
		{"pemula", 35, History{Accepted: 1}, 35, 100 * 2.0 / 3},
		{"mahir", 120, History{Declined: 1}, 100, 100 * 1.0 / 3},
		{"menengah", 62, History{Accepted: 2, Contracts: 1, Shipped: 1}, 62, 100 * 5.0 / 6},
		{"menengah", 62, History{Accepted: 3, Declined: 1, Contracts: 2, Shipped: 1}, 62, 100 * 7.0 / 9},
		{"menengah", 62, History{Lost: 4}, 62, 100 * 1.0 / 6},
	}
	for _, tt := range tests {
		p := product(1)
		p.Enterprise.Level, p.Enterprise.Readiness, p.Enterprise.History = tt.level, tt.readiness, tt.history
		e := only(rank(t, coffee(), Options{}, p))
		if r, pf := factorOf(e, FactorReadiness), factorOf(e, FactorPerformance); math.Abs(r.Score-tt.wantR) > 1e-9 || math.Abs(pf.Score-tt.wantP) > 1e-9 {
			t.Errorf("%+v: readiness %v performance %v, want %v %v", tt, r.Score, pf.Score, tt.wantR, tt.wantP)
		}
	}
}

func TestRestrictions(t *testing.T) {
	shipped, err := market.ShippedRestrictions()
	if err != nil {
		t.Fatal(err)
	}
	later := market.Restriction{ID: "test-later", HSPrefixes: []string{"0901"}, Kind: market.RestrictionApproval,
		AppliesFrom: &market.Date{Time: day("2027-06-01")}}
	all := append(slices.Clone(shipped), later)
	tests := []struct {
		name     string
		kind     Kind
		hs       string
		delivery string
		score    float64 // -1 left out
		ids      []string
		excluded bool
	}{
		{"none", KindBuying, "090111", "", 100, nil, false},
		{"used cooking oil needs an approval", KindBuying, "151800", "", RestrictedScore, []string{"id-uco-export-approval"}, false},
		{"raw rattan is prohibited", KindBuying, "140120", "", 0, nil, true},
		{"not in force by delivery", KindBuying, "090111", "2027-05-31", 100, nil, false},
		{"in force by delivery", KindBuying, "090111", "2027-06-01", RestrictedScore, []string{"test-later"}, false},
		{"procurement: no export", KindProcurement, "140120", "", -1, nil, false},
		{"no code, nothing checked", KindBuying, "", "", 0, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := coffee()
			req.Kind, req.HSCode, req.Words = tt.kind, tt.hs, "kopi"
			if tt.delivery != "" {
				req.DeliveryDate = day(tt.delivery)
			}
			p := product(1)
			p.HSCode = tt.hs
			r, err := Rank(Input{Request: req, Candidates: []Product{p}, Restrictions: all, Options: Options{Now: today}})
			if err != nil {
				t.Fatal(err)
			}
			if tt.excluded {
				if len(r.Entries)+len(r.NearMisses) != 0 || r.Stats.Excluded[RuleProhibited] != 1 {
					t.Errorf("prohibited product listed: %+v", r)
				}
				return
			}
			f := factorOf(&r.Entries[0], FactorRestrictions)
			if tt.score < 0 {
				if f != nil {
					t.Errorf("restrictions scored for procurement")
				}
				return
			}
			var ids []string
			for _, v := range f.Value {
				if v.Key == "match.value.restriction" {
					ids = append(ids, v.Args[1].(string))
				}
			}
			if f.Score != tt.score || !slices.Equal(ids, tt.ids) {
				t.Errorf("score %v %v, want %v %v", f.Score, ids, tt.score, tt.ids)
			}
		})
	}
}

func TestDistanceAndLocal(t *testing.T) {
	// Points on the equator: one degree of longitude is 111.2 km.
	deg := func(km float64) float64 { return km / (2 * math.Pi * 6371.0088 / 360) }
	tests := []struct {
		name    string
		local   Locality
		regency string
		km      float64 // -1 unknown point
		dist    float64
		loc     float64 // -1 left out
	}{
		{"near, same regency", SameRegency, "18.71", 3, 100, 100},
		{"50 km, same province", SameRegency, "18.01", 50, 50, 50},
		{"500 km, other province", SameRegency, "16.71", 500, 0, 0},
		{"far beyond", SameRegency, "31.71", 900, 0, 0},
		{"province first", SameProvince, "18.01", 50, 50, 100},
		{"province first, other", SameProvince, "16.71", 50, 50, 0},
		{"unknown regency", SameProvince, "", 50, 50, 0},
		{"unknown point", AnyPlace, "18.71", -1, 0, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := Request{Kind: KindProcurement, Words: "kopi", Quantity: 10, Unit: "kg", Frequency: Monthly,
				DeliveryRegion: "18.71.01", DeliveryPoint: Point{0, 100, true}, LocalFirst: tt.local}
			p := product(1)
			p.Enterprise.RegencyCode = tt.regency
			if tt.km >= 0 {
				p.Enterprise.Point = Point{0, 100 + deg(tt.km), true}
			}
			e := only(rank(t, req, Options{}, p))
			if d := factorOf(e, FactorDistance); math.Abs(d.Score-tt.dist) > 1e-6 {
				t.Errorf("distance %v (%v), want %v", d.Score, d.Value, tt.dist)
			}
			l := factorOf(e, FactorLocal)
			if (l == nil) != (tt.loc < 0) || l != nil && l.Score != tt.loc {
				t.Errorf("local %+v, want %v", l, tt.loc)
			}
		})
	}
	// Left out, each with its reason.
	for _, c := range []struct {
		req    Request
		factor FactorID
		reason string
	}{
		{coffee(), FactorDistance, "match.reason.not_domestic"},
		{coffee(), FactorLocal, "match.reason.not_domestic"},
		{Request{Kind: KindProcurement, Words: "kopi", Quantity: 1, Unit: "kg", Frequency: Monthly}, FactorDistance, "match.reason.no_delivery_point"},
		{Request{Kind: KindProcurement, Words: "kopi", Quantity: 1, Unit: "kg", Frequency: Monthly}, FactorLocal, "match.reason.no_local_first"},
		{Request{Kind: KindProcurement, Words: "kopi", Quantity: 1, Unit: "kg", Frequency: Monthly}, FactorRestrictions, "match.reason.domestic"},
		{coffee(), FactorCertificates, "match.reason.no_certificates"},
	} {
		r := rank(t, c.req, Options{})
		for _, info := range r.Factors {
			if info.ID == c.factor && (info.Included || info.Reason == nil || info.Reason.Key != c.reason) {
				t.Errorf("%s: %+v, want left out for %s", c.factor, info, c.reason)
			}
		}
	}
}

func TestWeights(t *testing.T) {
	for _, k := range Kinds {
		sum := 0.0
		w := DefaultWeights(k)
		for _, id := range Factors {
			sum += w.Of(id)
		}
		if sum != 100 {
			t.Errorf("%s weights add up to %v", k, sum)
		}
	}
	// Weights set by an admin: a zero weight leaves its factor out, the
	// shares follow the rest.
	w := DefaultWeights(KindBuying)
	w.Set(FactorPerformance, 0)
	w.Set(FactorFit, 60)
	r, err := Rank(Input{Request: coffee(), Candidates: []Product{product(1)}, Weights: w, Options: Options{Now: today}})
	if err != nil {
		t.Fatal(err)
	}
	for _, info := range r.Factors {
		switch info.ID {
		case FactorPerformance:
			if info.Included || info.Reason.Key != "match.reason.zero_weight" {
				t.Errorf("performance %+v", info)
			}
		case FactorFit:
			if math.Abs(info.Share-60.0/110*100) > 1e-9 {
				t.Errorf("fit share %v", info.Share)
			}
		}
	}
	if e := r.Entries[0]; len(e.Factors) != 5 || math.Abs(e.Score-sumPoints(e)) > 1e-9 {
		t.Errorf("entry %+v", e)
	}
}

func sumPoints(e Entry) float64 {
	s := 0.0
	for _, f := range e.Factors {
		s += f.Points
	}
	return s
}

func TestNearMisses(t *testing.T) {
	req := coffee()
	req.Certificates = []siapekspor.CertificateType{siapekspor.CertHalal, siapekspor.CertHACCP}
	req.RequireValidated = true
	halal := Cert{Type: siapekspor.CertHalal}
	haccp := Cert{Type: siapekspor.CertHACCP}
	mk := func(id int64, validation siapekspor.ValidationStatus, certs ...Cert) Product {
		p := product(id)
		p.Validation, p.Certificates = validation, certs
		return p
	}
	ps := []Product{
		mk(1, siapekspor.ValidationApproved, halal, haccp),  // eligible
		mk(2, siapekspor.ValidationApproved, halal),         // one gap
		mk(3, siapekspor.ValidationDraft, halal),            // two gaps
		mk(4, siapekspor.ValidationDraft),                   // three gaps: not a near miss
		mk(5, siapekspor.ValidationSubmitted, halal, haccp), // one gap
	}
	nofit := mk(6, siapekspor.ValidationApproved)
	nofit.HSCode, nofit.Terms = "610910", "kaos"
	ps = append(ps, nofit)
	r := rank(t, req, Options{}, ps...)
	var got []string
	for _, e := range r.NearMisses {
		got = append(got, fmt.Sprintf("%d:%v", e.ProductID, rules(e.Gaps)))
	}
	// One gap before two; among one-gap misses the higher score first
	// (product 2 is validated, 5 only submitted).
	want := []string{"2:[certificate_missing]", "5:[not_validated]", "3:[certificate_missing not_validated]"}
	if !slices.Equal(got, want) {
		t.Errorf("near misses %v, want %v", got, want)
	}
	if r.Stats.NearMisses != 3 || r.Stats.Eligible != 1 || r.Stats.Fitting != 5 {
		t.Errorf("stats %+v", r.Stats)
	}
	for _, e := range r.NearMisses {
		for _, g := range e.Gaps {
			if !slices.Contains(ActionKinds, g.Action.Kind) || g.Action.Message.Key == "" {
				t.Errorf("gap without action %+v", g)
			}
		}
	}
	if r := rank(t, req, Options{NearMisses: -1}, ps...); len(r.NearMisses) != 0 {
		t.Errorf("near misses asked for none: %d", len(r.NearMisses))
	}
	if r := rank(t, req, Options{NearMisses: 2}, ps...); len(r.NearMisses) != 2 {
		t.Errorf("near misses asked for two: %d", len(r.NearMisses))
	}
	// An enterprise with an eligible product is not a near miss with
	// another — unless every product is listed.
	two := mk(2, siapekspor.ValidationApproved, halal)
	two.Enterprise = ps[0].Enterprise
	if r := rank(t, req, Options{}, ps[0], two); len(r.NearMisses) != 0 || r.Stats.NearMisses != 1 {
		t.Errorf("enterprise 1 listed as a near miss: %+v", r.NearMisses)
	}
	if r := rank(t, req, Options{AllProducts: true}, ps[0], two); len(r.NearMisses) != 1 {
		t.Errorf("all products: near misses %+v", r.NearMisses)
	}
}

func TestOneEntryPerEnterprise(t *testing.T) {
	e := &Enterprise{ID: 7, RegencyCode: "18.71"}
	var ps []Product
	for i, c := range []float64{100, 1000, 400} {
		p := product(int64(70 + i))
		p.Enterprise, p.CapacityPerMonth = e, c
		ps = append(ps, p)
	}
	ps = append(ps, product(1))
	r := rank(t, coffee(), Options{}, ps...)
	if len(r.Entries) != 2 || r.Entries[0].ProductID != 1 || r.Entries[1].ProductID != 71 {
		t.Errorf("entries %+v", ids(r.Entries))
	}
	r = rank(t, coffee(), Options{AllProducts: true}, ps...)
	if got := ids(r.Entries); !slices.Equal(got, []int64{1, 71, 72, 70}) {
		t.Errorf("all products %v", got)
	}
}

func ids(es []Entry) []int64 {
	var out []int64
	for _, e := range es {
		out = append(out, e.ProductID)
	}
	return out
}

func TestTiesByID(t *testing.T) {
	var ps []Product
	for _, id := range []int64{9, 3, 7, 1, 5} {
		ps = append(ps, product(id))
	}
	r := rank(t, coffee(), Options{Top: 3}, ps...)
	if got := ids(r.Entries); !slices.Equal(got, []int64{1, 3, 5}) {
		t.Errorf("ties %v, want by ID", got)
	}
	for i, e := range r.Entries {
		if e.Rank != i+1 {
			t.Errorf("rank %d at %d", e.Rank, i)
		}
	}
}

func TestBadInput(t *testing.T) {
	good := Input{Request: coffee(), Candidates: []Product{product(1)}, Options: Options{Now: today}}
	tests := []struct {
		name  string
		edit  func(in *Input)
		field string
		key   string
	}{
		{"kind", func(in *Input) { in.Request.Kind = "gift" }, "request.kind", "field.choice"},
		{"HS digits", func(in *Input) { in.Request.HSCode = "09011" }, "request.hs_code", "match.hs_digits"},
		{"HS letters", func(in *Input) { in.Request.HSCode = "09ab" }, "request.hs_code", "match.hs_digits"},
		{"no product", func(in *Input) { in.Request.HSCode, in.Request.Words = "", " – " }, "request.hs_code", "match.product_required"},
		{"quantity zero", func(in *Input) { in.Request.Quantity = 0 }, "request.quantity", "match.quantity_positive"},
		{"quantity NaN", func(in *Input) { in.Request.Quantity = math.NaN() }, "request.quantity", "match.quantity_positive"},
		{"unit", func(in *Input) { in.Request.Unit = "bushel" }, "request.unit", "field.choice"},
		{"frequency", func(in *Input) { in.Request.Frequency = "daily" }, "request.frequency", "field.choice"},
		{"certificate", func(in *Input) { in.Request.Certificates = []siapekspor.CertificateType{"kosher"} }, "request.certificates", "field.choice"},
		{"capacity share", func(in *Input) { in.Request.MinCapacityPct = 150 }, "request.min_capacity_pct", "match.pct_range"},
		{"local first", func(in *Input) { in.Request.LocalFirst = "village" }, "request.local_first", "field.choice"},
		{"local first without a place", func(in *Input) { in.Request.Kind, in.Request.LocalFirst = KindProcurement, SameRegency }, "request.delivery_region", "match.delivery_region_needed"},
		{"words too long", func(in *Input) { in.Request.Words = strings.Repeat("kopi ", 101) }, "request.words", "field.too_long"},
		{"weight", func(in *Input) { in.Weights = Weights{Fit: -1} }, "weights.weight_fit", "match.weight_range"},
		{"weights of no factor that applies", func(in *Input) { in.Weights = Weights{Distance: 10} }, "weights", "match.weights_zero"},
		{"now", func(in *Input) { in.Options.Now = time.Time{} }, "options.now", "field.required"},
		{"top", func(in *Input) { in.Options.Top = MaxTop + 1 }, "options.top", "match.top_range"},
		{"cap", func(in *Input) { in.Options.RegencyCap = 2 }, "options.regency_cap", "match.cap_range"},
		{"candidate without enterprise", func(in *Input) { in.Candidates = append(in.Candidates, Product{ID: 2}) }, "candidates[1]", "match.candidate_enterprise"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := good
			in.Request.Certificates = nil
			in.Candidates = slices.Clone(good.Candidates)
			tt.edit(&in)
			_, err := Rank(in)
			e, ok := siapekspor.AsError(err)
			if !ok || e.Code != siapekspor.EInvalid {
				t.Fatalf("err %v", err)
			}
			found := false
			for _, f := range e.Fields {
				found = found || f.Field == tt.field && f.Key == tt.key
			}
			if !found {
				t.Errorf("fields %+v, want %s %s", e.Fields, tt.field, tt.key)
			}
		})
	}
	if _, err := Rank(good); err != nil {
		t.Errorf("good input refused: %v", err)
	}
}

func TestSuggestCertificates(t *testing.T) {
	reqs, err := market.ShippedRequirements()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		dest, hs string
		want     []siapekspor.CertificateType
	}{
		{"USA", "090111", []siapekspor.CertificateType{siapekspor.CertFDA}},
		{"NLD", "030617", []siapekspor.CertificateType{siapekspor.CertHealth}},                    // the EU's, not its optional HACCP
		{"AUS", "090111", []siapekspor.CertificateType{siapekspor.CertPhytosanitary}},             // BICON
		{"USA", "160414", []siapekspor.CertificateType{siapekspor.CertHACCP, siapekspor.CertFDA}}, // in CertificateTypes order
		{"SAU", "190590", nil}, // GCC halal is not mandatory in the catalogue
		{"JPN", "090111", nil},
	}
	for _, tt := range tests {
		if got := SuggestCertificates(reqs, tt.dest, tt.hs, today); !slices.Equal(got, tt.want) {
			t.Errorf("%s %s: %v, want %v", tt.dest, tt.hs, got, tt.want)
		}
	}
}

func TestExplain(t *testing.T) {
	r, err := Rank(workedExample())
	if err != nil {
		t.Fatal(err)
	}
	near := r.NearMisses[0]
	ex := near.Explain()
	if ex[0].Key != "match.gap.certificate_expires" || ex[1].Key != "match.action.open_case" {
		t.Errorf("a near miss explains its gap first: %v", ex[:2])
	}
	// Then the factors giving most points.
	if ex[2].Key != "match.value.hs_match" {
		t.Errorf("then the fit (30 points): %v", ex[2])
	}
}

// TestNearMissesBehindEligibleEnterprises: 200 enterprises each have an
// eligible product and a better-scoring near miss that is not listed; the
// true near misses, scoring lower, are still found.
func TestNearMissesBehindEligibleEnterprises(t *testing.T) {
	req := coffee()
	req.RequireValidated = true
	var ps []Product
	for i := range 200 {
		good := product(int64(1000 + 2*i))
		good.CapacityPerMonth = 0 // eligible, but scoring low
		miss := product(int64(1001 + 2*i))
		miss.Enterprise, miss.Validation = good.Enterprise, siapekspor.ValidationDraft
		ps = append(ps, good, miss)
	}
	for i := range 15 {
		p := product(int64(5000 + i))
		p.Validation, p.CapacityPerMonth = siapekspor.ValidationDraft, float64(500-i)
		ps = append(ps, p)
	}
	r := rank(t, req, Options{}, ps...)
	want := []int64{5000, 5001, 5002, 5003, 5004, 5005, 5006, 5007, 5008, 5009}
	if got := ids(r.NearMisses); !slices.Equal(got, want) {
		t.Errorf("near misses %v, want %v", got, want)
	}
	if r.Stats.NearMisses != 215 || r.Stats.Eligible != 200 {
		t.Errorf("stats %+v", r.Stats)
	}
}

// When enterprises with an eligible product push every other near miss out
// of the heap, the second pass looks again among the same candidates: with
// Only set, only those (a store passes its snapshot whole and picks the
// actor's candidates by index; one outside them must never be listed).
func TestNearMissesSecondPassKeepsToOnly(t *testing.T) {
	req := coffee()
	req.RequireValidated = true
	var ps []Product
	var only []int32
	add := func(p Product, picked bool) {
		if picked {
			only = append(only, int32(len(ps)))
		}
		ps = append(ps, p)
	}
	for id := int64(1); id <= 70; id++ { // an eligible product and a near miss each
		add(product(id), true)
		miss := product(100 + id)
		miss.Enterprise, miss.Validation = ps[len(ps)-1].Enterprise, siapekspor.ValidationDraft
		add(miss, true)
	}
	outside := product(1000) // a near miss better than any picked one
	outside.Validation = siapekspor.ValidationDraft
	add(outside, false)
	picked := product(1001)
	picked.Validation, picked.CapacityPerMonth = siapekspor.ValidationDraft, 100
	add(picked, true)
	r, err := Rank(Input{Request: req, Candidates: ps, Only: only, Options: Options{Now: today, Top: 1, NearMisses: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.NearMisses) != 1 || r.NearMisses[0].ProductID != 1001 {
		t.Fatalf("near misses %+v, want product 1001 only", r.NearMisses)
	}
	// Through a Source the same.
	r2, err := Rank(Input{Request: req, Source: products(ps), Only: only, Options: Options{Now: today, Top: 1, NearMisses: 1}})
	if err != nil || len(r2.NearMisses) != 1 || r2.NearMisses[0].ProductID != 1001 || r2.Entries[0].ProductID != r.Entries[0].ProductID {
		t.Fatalf("through a Source: %+v %v", r2, err)
	}
}
