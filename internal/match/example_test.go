package match

import (
	"math"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// workedExample is the example of docs/match-method.md: a state-owned
// company in Bandar Lampung wants 800 kg of banana chips a month, halal,
// from a local supplier first. All of it is made up.
func workedExample() Input {
	halal := func(expires string) []Cert {
		c := Cert{Type: siapekspor.CertHalal}
		if expires != "" {
			c.ExpiresOn = day(expires)
		}
		return []Cert{c}
	}
	a := &Enterprise{ID: 101, RegencyCode: "18.71", Point: Point{-5.40, 105.25, true}, Level: "menengah", Readiness: 62,
		Certificates: halal("2028-06-30"), History: History{Accepted: 2, Contracts: 1, Shipped: 1}}
	b := &Enterprise{ID: 102, RegencyCode: "18.01", Point: Point{-5.72, 105.59, true}, Level: "pemula", Readiness: 35}
	c := &Enterprise{ID: 103, RegencyCode: "18.10", Point: Point{-5.36, 104.98, true}, Level: "mahir", Readiness: 81,
		Certificates: halal("2027-02-10"), History: History{Accepted: 1, Declined: 2, Lost: 1}}
	d := &Enterprise{ID: 104, RegencyCode: "18.71", Point: Point{-5.42, 105.26, true}, Level: "mahir", Readiness: 90, Certificates: halal("")}
	e := &Enterprise{ID: 105, RegencyCode: "18.72", Point: Point{-5.11, 105.31, true}}
	return Input{
		Request: Request{Kind: KindProcurement, HSCode: "2008", Words: "keripik pisang", Quantity: 800, Unit: "kg", Frequency: Monthly,
			Certificates: []siapekspor.CertificateType{siapekspor.CertHalal}, DeliveryDate: day("2027-03-01"),
			DeliveryRegion: "18.71.01", DeliveryPoint: Point{-5.45, 105.27, true}, LocalFirst: SameRegency},
		Candidates: []Product{
			{ID: 1001, Enterprise: a, HSCode: "200899", Terms: Terms("Keripik Pisang Coklat", "Chocolate banana chips", "", ""),
				Unit: "kg", CapacityPerMonth: 1200, MinOrder: 50, Validation: siapekspor.ValidationApproved},
			{ID: 1002, Enterprise: b, HSCode: "200899", Terms: Terms("Keripik Pisang", "", "", ""), Unit: "ton", CapacityPerMonth: 0.5,
				Validation: siapekspor.ValidationSubmitted, Certificates: halal("")},
			{ID: 1003, Enterprise: c, HSCode: "200899", Terms: Terms("Keripik Pisang Kepok", "", "", ""), Unit: "kg", CapacityPerMonth: 2000,
				Validation: siapekspor.ValidationApproved},
			{ID: 1004, Enterprise: d, HSCode: "090111", Terms: Terms("Kopi Robusta", "Robusta coffee", "", ""), Unit: "kg", CapacityPerMonth: 5000,
				Validation: siapekspor.ValidationApproved},
			{ID: 1005, Enterprise: e, HSCode: "190590", Terms: Terms("Keripik pisang manis", "", "", ""), Unit: "pcs", CapacityPerMonth: 300,
				Validation: siapekspor.ValidationDraft},
		},
		Options: Options{Now: day("2027-01-15")},
	}
}

// TestWorkedExample checks the table of docs/match-method.md figure by
// figure: each factor's score and points, and the totals.
func TestWorkedExample(t *testing.T) {
	r, err := Rank(workedExample())
	if err != nil {
		t.Fatal(err)
	}
	// factor scores in Factors order: fit, capacity, certificates,
	// validation, readiness, (restrictions left out), distance, local,
	// performance; then the total.
	want := map[int64][]float64{
		1001: {100, 100, 100, 100, 62, 96.1, 100, 83.3, 96.0},
		1002: {100, 62.5, 100, 40, 35, 51.6, 50, 50, 71.4},
		1003: {100, 100, 0, 100, 81, 58.6, 50, 33.3, 73.2},
		1005: {50, 0, 0, 0, 0, 55.9, 50, 50, 30.6},
	}
	check := func(e Entry) {
		t.Helper()
		w := want[e.ProductID]
		if len(e.Factors) != len(w)-1 {
			t.Fatalf("product %d: %d factors, want %d", e.ProductID, len(e.Factors), len(w)-1)
		}
		sum := 0.0
		for i, f := range e.Factors {
			if math.Abs(f.Score-w[i]) > 0.05 {
				t.Errorf("product %d %s: score %.2f, want %.1f", e.ProductID, f.ID, f.Score, w[i])
			}
			if f.Share != f.Weight { // the default procurement weights add up to 100
				t.Errorf("product %d %s: share %.2f, weight %.2f", e.ProductID, f.ID, f.Share, f.Weight)
			}
			sum += f.Points
		}
		if math.Abs(e.Score-w[len(w)-1]) > 0.05 || math.Abs(sum-e.Score) > 1e-9 {
			t.Errorf("product %d: score %.2f (points add up to %.2f), want %.1f", e.ProductID, e.Score, sum, w[len(w)-1])
		}
	}
	if len(r.Entries) != 2 || r.Entries[0].ProductID != 1001 || r.Entries[1].ProductID != 1002 {
		t.Fatalf("entries %+v", r.Entries)
	}
	for _, e := range r.Entries {
		check(e)
	}
	if len(r.NearMisses) != 2 || r.NearMisses[0].ProductID != 1003 || r.NearMisses[1].ProductID != 1005 {
		t.Fatalf("near misses %+v", r.NearMisses)
	}
	for _, e := range r.NearMisses {
		check(e)
		if e.Rank != 0 || len(e.Gaps) != 1 {
			t.Errorf("near miss %d: rank %d, gaps %+v", e.ProductID, e.Rank, e.Gaps)
		}
	}
	g := r.NearMisses[0].Gaps[0]
	if g.Rule != RuleCertificateExpires || g.Action.Kind != ActionOpenCase || g.Action.CaseKind != "cert_halal" ||
		g.Message.Args[1] != "2027-02-10" || g.Message.Args[2] != "2027-03-01" {
		t.Errorf("C's gap %+v", g)
	}
	if g := r.NearMisses[1].Gaps[0]; g.Rule != RuleCertificateMissing || g.Action.CaseKind != "cert_halal" {
		t.Errorf("E's gap %+v", g)
	}
	want2 := Stats{Candidates: 5, Fitting: 4, Eligible: 2, NearMisses: 2, Listed: 2,
		Excluded: map[Rule]int{RuleNoFit: 1, RuleCertificateExpires: 1, RuleCertificateMissing: 1}}
	if !statsEqual(r.Stats, want2) {
		t.Errorf("stats %+v, want %+v", r.Stats, want2)
	}
	if r.Need.PerMonth != 800 || r.Need.Months != 1 {
		t.Errorf("need %+v", r.Need)
	}
}

func statsEqual(a, b Stats) bool {
	if len(a.Excluded) != len(b.Excluded) {
		return false
	}
	for k, v := range a.Excluded {
		if b.Excluded[k] != v {
			return false
		}
	}
	a.Excluded, b.Excluded = nil, nil
	return a.Candidates == b.Candidates && a.Fitting == b.Fitting && a.Eligible == b.Eligible && a.NearMisses == b.NearMisses &&
		a.Listed == b.Listed && a.PastCap == b.PastCap && a.Deferred == b.Deferred
}
