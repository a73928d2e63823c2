package readiness

import (
	"slices"
	"time"

	"github.com/siapekspor/siapekspor"
)

// Facts is what the registry knows about an enterprise, used to prefill
// answers and to derive product-specific actions.
type Facts struct {
	HasNIB bool
	// NPWP: whose tax number the registry holds (siapekspor.NPWPNone when
	// it holds none; then the NPWP question is left to the person).
	NPWP         siapekspor.NPWPHolder
	ExportStatus siapekspor.ExportStatus
	// Size is the PP 7/2021 class; it decides which halal deadline applies.
	Size siapekspor.SizeClass
	// Certificates of the enterprise and its products. Those that no longer
	// count on Now are ignored, so passing all of them is fine.
	Certificates []siapekspor.Certificate
	Products     []siapekspor.Product
	// Now judges certificates' expiry and the halal deadlines; the zero
	// time counts every certificate and no deadline as passed.
	Now time.Time
}

// Prefilled is the answer the registry implies for a question and a message
// key saying where it came from.
type Prefilled struct {
	Option    string `json:"option"`
	SourceKey string `json:"source_key"`
}

// Fact names a question's Prefill may use.
const (
	FactNIB                = "nib"
	FactNPWP               = "npwp"
	FactPermits            = "permits"
	FactCertificatesMarket = "certificates_market"
	FactEnglishLabel       = "english_label"
	FactCapacity           = "capacity"
	FactExportExperience   = "export_experience"
)

// fact is a prefillable fact: the option keys it can imply (a question
// using it must have all of them) and how it decides.
type fact struct {
	options []string
	decide  func(f *Facts) (option, source string, ok bool)
}

var facts = map[string]fact{
	FactNIB: {[]string{"yes", "no"}, func(f *Facts) (string, string, bool) {
		if f.HasNIB {
			return "yes", "readiness.source.nib", true
		}
		return "no", "readiness.source.no_nib", true
	}},
	// Only a recorded NPWP answers: the registry may simply not have it.
	FactNPWP: {[]string{"business", "owner"}, func(f *Facts) (string, string, bool) {
		switch f.NPWP {
		case siapekspor.NPWPBusiness:
			return "business", "readiness.source.npwp_business", true
		case siapekspor.NPWPOwner:
			return "owner", "readiness.source.npwp_owner", true
		}
		return "", "", false
	}},
	FactPermits:            {[]string{"all", "some", "none", "not_needed"}, decidePermits},
	FactCertificatesMarket: {[]string{"yes", "no"}, decideMarketCertificates},
	FactEnglishLabel:       {[]string{"all", "some", "none"}, decideEnglishLabel},
	FactCapacity:           {[]string{"full", "partial", "unknown"}, decideCapacity},
	FactExportExperience: {[]string{"none", "direct"}, func(f *Facts) (string, string, bool) {
		// "indirect" (through a trader) is not in the registry: people say so.
		switch f.ExportStatus {
		case siapekspor.ExportNever, siapekspor.ExportReady:
			return "none", "readiness.source.export_status", true
		case siapekspor.ExportFirst, siapekspor.ExportRegular:
			return "direct", "readiness.source.export_status", true
		}
		return "", "", false
	}},
}

// FromRegistry reports whether an answer was the registry's: the question
// was prefilled and the answer is the prefilled option. An answer the
// person changed, or one to a question the registry cannot answer, is the
// person's own.
func FromRegistry(prefilled map[string]Prefilled, answers Answers, question string) bool {
	p, ok := prefilled[question]
	return ok && p.Option != "" && answers[question] == p.Option
}

// PrefillFacts lists the fact names a question's Prefill may use, each with
// the option keys its question must offer.
func PrefillFacts() map[string][]string {
	out := make(map[string][]string, len(facts))
	for name, f := range facts {
		out[name] = slices.Clone(f.options)
	}
	return out
}

// Prefill returns, by question key, the answers the registry implies. A
// question whose fact cannot be decided (no products, no export status) is
// left out. The person answering may change any of them.
func Prefill(q *Questionnaire, f Facts) map[string]Prefilled {
	out := map[string]Prefilled{}
	for _, qu := range q.Questions {
		fa, ok := facts[qu.Prefill]
		if !ok {
			continue
		}
		option, source, ok := fa.decide(&f)
		if !ok {
			continue
		}
		if _, exists := qu.Option(option); !exists {
			continue // Validate refuses this; stay safe on unvalidated data
		}
		out[qu.Key] = Prefilled{Option: option, SourceKey: source}
	}
	return out
}

// Market certificates that buyers abroad ask for.
var marketCertificates = []siapekspor.CertificateType{
	siapekspor.CertHACCP, siapekspor.CertISO22000, siapekspor.CertOrganic, siapekspor.CertFDA,
	siapekspor.CertHealth, siapekspor.CertRainforest, siapekspor.CertFairtrade, siapekspor.CertHalal,
}

func decideMarketCertificates(f *Facts) (string, string, bool) {
	for _, c := range f.Certificates {
		if slices.Contains(marketCertificates, c.Type) && f.counts(&c) {
			return "yes", "readiness.source.certificates", true
		}
	}
	return "no", "readiness.source.no_certificates", true
}

// English product names are a proxy for English labels: the registry does
// not see the label itself, which the source message says.
func decideEnglishLabel(f *Facts) (string, string, bool) {
	if len(f.Products) == 0 {
		return "", "", false
	}
	named := 0
	for _, p := range f.Products {
		if p.NameEN != "" {
			named++
		}
	}
	switch named {
	case len(f.Products):
		return "all", "readiness.source.english_name", true
	case 0:
		return "none", "readiness.source.english_name", true
	}
	return "some", "readiness.source.english_name", true
}

func decideCapacity(f *Facts) (string, string, bool) {
	if len(f.Products) == 0 {
		return "", "", false
	}
	full, validated, partial := false, false, false
	for i := range f.Products {
		p := &f.Products[i]
		if p.CapacityPerMonth <= 0 {
			continue // not recorded
		}
		_, ok, known := siapekspor.CapacityCheck(p)
		switch {
		case known && ok:
			full = true
			validated = validated || p.Validation == siapekspor.ValidationApproved
		case known:
			partial = true
		}
	}
	switch {
	case full && validated:
		return "full", "readiness.source.capacity_validated", true
	case full:
		return "full", "readiness.source.capacity", true
	case partial:
		return "partial", "readiness.source.capacity", true
	}
	return "unknown", "readiness.source.capacity_unknown", true
}

// Dates from which halal certification of food and beverages is mandatory
// (PP 39/2021 as amended by PP 42/2024): medium and large firms since
// 17 October 2024, micro and small firms from 17 October 2026, from
// midnight in Western Indonesian Time.
var (
	wib                      = time.FixedZone("WIB", 7*3600)
	halalDeadlineMediumLarge = time.Date(2024, 10, 17, 0, 0, 0, 0, wib)
	halalDeadlineMicroSmall  = time.Date(2026, 10, 17, 0, 0, 0, 0, wib)
)

// halalMandatory reports whether halal is already mandatory for the firm on
// f.Now; an unknown size is taken as micro or small, as most UMKM are.
func (f *Facts) halalMandatory() bool {
	deadline := halalDeadlineMicroSmall
	if f.Size == siapekspor.SizeMedium || f.Size == siapekspor.SizeLarge {
		deadline = halalDeadlineMediumLarge
	}
	return !f.Now.Before(deadline)
}

func (f *Facts) counts(c *siapekspor.Certificate) bool {
	return f.Now.IsZero() || c.Counts(f.Now)
}

// holds reports whether a counting certificate of type t covers product p.
// A certificate tied to no product covers all of the enterprise's products;
// a PIRT never covers goods PIRT excludes.
func (f *Facts) holds(p *siapekspor.Product, t siapekspor.CertificateType) bool {
	for i := range f.Certificates {
		c := &f.Certificates[i]
		if c.Type != t || !f.counts(c) {
			continue
		}
		if c.ProductID != nil && *c.ProductID != p.ID {
			continue
		}
		if c.CheckCovers(p) != nil {
			continue
		}
		return true
	}
	return false
}

// needs is what one product requires by regulation and lacks.
type needs struct {
	known  bool // the product has an HS code, so its needs can be told
	bpomMD bool // PIRT-excluded goods without a counting BPOM MD
	pirt   bool // other processed food without PIRT or BPOM MD
	halal  bool // food or beverage without a counting halal certificate
	// required: whether the product needs anything at all now (halal only
	// once mandatory), for the permits fact.
	required bool
}

func inChapters(hs string, ranges ...[2]string) bool {
	ch := siapekspor.HSChapter(hs)
	if ch == "" {
		return false
	}
	for _, r := range ranges {
		if ch >= r[0] && ch <= r[1] {
			return true
		}
	}
	return false
}

// Processed food needing a distribution permit: HS chapters 16–22.
func processedFood(hs string) bool { return inChapters(hs, [2]string{"16", "22"}) }

// Food and beverages under the halal obligation: HS chapters 02–04, 07–12
// and 15–22.
func halalFood(hs string) bool {
	return inChapters(hs, [2]string{"02", "04"}, [2]string{"07", "12"}, [2]string{"15", "22"})
}

// PermitsFor lists what a product of an HS code needs by Indonesian
// regulation to be sold: BPOM MD for goods PIRT cannot cover, PIRT for
// other processed food, halal for food and beverages (mandatory by size
// and date, see Facts). The rules needsOf applies, for callers that give
// products their permits (the demo).
func PermitsFor(hs string) []siapekspor.CertificateType {
	var out []siapekspor.CertificateType
	switch {
	case hs == "":
		return nil
	case siapekspor.PIRTExcluded(hs):
		out = append(out, siapekspor.CertBPOMMD)
	case processedFood(hs):
		out = append(out, siapekspor.CertPIRT)
	}
	if halalFood(hs) {
		out = append(out, siapekspor.CertHalal)
	}
	return out
}

func (f *Facts) needsOf(p *siapekspor.Product) needs {
	var n needs
	if p.HSCode == "" {
		return n
	}
	n.known = true
	permit := false
	switch {
	case siapekspor.PIRTExcluded(p.HSCode):
		permit = true
		n.bpomMD = !f.holds(p, siapekspor.CertBPOMMD)
	case processedFood(p.HSCode):
		permit = true
		n.pirt = !f.holds(p, siapekspor.CertPIRT) && !f.holds(p, siapekspor.CertBPOMMD)
	}
	halal := halalFood(p.HSCode)
	if halal {
		n.halal = !f.holds(p, siapekspor.CertHalal)
	}
	n.required = permit || halal && f.halalMandatory()
	return n
}

// Permits: every product needing a distribution permit (and halal, once
// mandatory for the firm's size) holds it → all; some products → some;
// none → none; no product needs any → not_needed.
func decidePermits(f *Facts) (string, string, bool) {
	needing, complete := 0, 0
	known := false
	for i := range f.Products {
		p := &f.Products[i]
		n := f.needsOf(p)
		if !n.known {
			continue
		}
		known = true
		if !n.required {
			continue
		}
		needing++
		lacks := n.bpomMD || n.pirt || n.halal && f.halalMandatory()
		if !lacks {
			complete++
		}
	}
	switch {
	case !known:
		return "", "", false
	case needing == 0:
		return "not_needed", "readiness.source.permits_not_needed", true
	case complete == needing:
		return "all", "readiness.source.permits", true
	case complete == 0:
		return "none", "readiness.source.permits", true
	}
	return "some", "readiness.source.permits", true
}
