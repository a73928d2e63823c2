package match

import (
	"math"

	"github.com/siapekspor/siapekspor"
)

// FactorID names a factor of the score; its label is "match.factor.<id>".
type FactorID string

const (
	FactorFit          FactorID = "fit"          // the product: HS code and words
	FactorCapacity     FactorID = "capacity"     // monthly capacity against the monthly need
	FactorCertificates FactorID = "certificates" // required certificates valid on the delivery date
	FactorValidation   FactorID = "validation"   // the product's validation by an export organisation
	FactorReadiness    FactorID = "readiness"    // the enterprise's export readiness
	FactorRestrictions FactorID = "restrictions" // Indonesia's export restrictions on the product (buying requests)
	FactorDistance     FactorID = "distance"     // to the delivery place (procurement)
	FactorLocal        FactorID = "local"        // same regency or province as the delivery place (procurement, local-first)
	FactorPerformance  FactorID = "performance"  // past introductions, contracts and shipments in the pipeline
)

// Factors lists them in display order.
var Factors = []FactorID{FactorFit, FactorCapacity, FactorCertificates, FactorValidation, FactorReadiness,
	FactorRestrictions, FactorDistance, FactorLocal, FactorPerformance}

const numFactors = 9

// Weights are the factors' weights, data that admins set (one set per
// request kind). Each request's score divides by the sum of the weights of
// the factors that take part for it, so they need not add up to 100.
type Weights struct {
	Fit          float64 `json:"fit"`
	Capacity     float64 `json:"capacity"`
	Certificates float64 `json:"certificates"`
	Validation   float64 `json:"validation"`
	Readiness    float64 `json:"readiness"`
	Restrictions float64 `json:"restrictions"`
	Distance     float64 `json:"distance"`
	Local        float64 `json:"local"`
	Performance  float64 `json:"performance"`
}

// DefaultWeights for a kind of request, each set adding up to 100. Both put
// the product first (fit 30) and what it takes to deliver it next
// (capacity 20, certificates 10). A foreign buyer needs a validated product
// (15) from an export-ready firm (10) and the product free to leave (5); a
// company buying locally cares more about where the firm is (distance 10,
// local-first 10) than about export validation and readiness (5 each).
// Past performance counts 10 in both.
func DefaultWeights(k Kind) Weights {
	if k == KindProcurement {
		return Weights{Fit: 30, Capacity: 20, Certificates: 10, Validation: 5, Readiness: 5, Distance: 10, Local: 10, Performance: 10}
	}
	return Weights{Fit: 30, Capacity: 20, Certificates: 10, Validation: 15, Readiness: 10, Restrictions: 5, Performance: 10}
}

func (w *Weights) ref(id FactorID) *float64 {
	switch id {
	case FactorFit:
		return &w.Fit
	case FactorCapacity:
		return &w.Capacity
	case FactorCertificates:
		return &w.Certificates
	case FactorValidation:
		return &w.Validation
	case FactorReadiness:
		return &w.Readiness
	case FactorRestrictions:
		return &w.Restrictions
	case FactorDistance:
		return &w.Distance
	case FactorLocal:
		return &w.Local
	case FactorPerformance:
		return &w.Performance
	}
	return nil
}

// Of returns one factor's weight (0 for an unknown factor).
func (w Weights) Of(id FactorID) float64 {
	if p := w.ref(id); p != nil {
		return *p
	}
	return 0
}

// Set changes one factor's weight.
func (w *Weights) Set(id FactorID, v float64) {
	if p := w.ref(id); p != nil {
		*p = v
	}
}

// Validate accepts weights between 0 and 100 with at least one above 0;
// fields are weight_<factor>.
func (w Weights) Validate() error {
	var p siapekspor.Problems
	w.check(&p, "weight_")
	return p.Err()
}

func (w Weights) check(p *siapekspor.Problems, prefix string) {
	sum := 0.0
	bad := false
	for _, id := range Factors {
		v := w.Of(id)
		if math.IsNaN(v) || v < 0 || v > 100 {
			p.Add(prefix+string(id), "match.weight_range", 0, 100)
			bad = true
			continue
		}
		sum += v
	}
	if !bad && sum == 0 {
		p.Add("weights", "match.weights_zero")
	}
}
