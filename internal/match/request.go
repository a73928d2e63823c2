package match

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/textsearch"
	"github.com/siapekspor/siapekspor/internal/trade"
)

// Kind says who asks and where the goods go.
type Kind string

const (
	// KindBuying is a buying request: a foreign importer's or a trader's
	// need, exported (Indonesia's export restrictions apply).
	KindBuying Kind = "buying"
	// KindProcurement is a procurement need: a state-owned (BUMN) or
	// private company's domestic purchase, delivered to a place in
	// Indonesia (distance and the local-first preference apply).
	KindProcurement Kind = "procurement"
)

// Kinds lists them; labels under "match.kind.<kind>".
var Kinds = []Kind{KindBuying, KindProcurement}

// Frequency is how often the quantity is delivered.
type Frequency string

const (
	OneOff    Frequency = "one_off"
	Monthly   Frequency = "monthly"
	Quarterly Frequency = "quarterly"
	Yearly    Frequency = "yearly"
)

// Frequencies lists them; labels under "match.frequency.<value>".
var Frequencies = []Frequency{OneOff, Monthly, Quarterly, Yearly}

// Locality is a procurement need's local-first preference.
type Locality string

const (
	AnyPlace     Locality = ""         // no preference
	SameRegency  Locality = "regency"  // the delivery place's regency/city first, then its province
	SameProvince Locality = "province" // the delivery place's province first
)

// Localities lists them; labels under "match.local.<value>" ("" is "any").
var Localities = []Locality{AnyPlace, SameRegency, SameProvince}

// Point is a place, in degrees: a district's centroid.
type Point struct {
	Lat   float64 `json:"lat"`
	Lng   float64 `json:"lng"`
	Known bool    `json:"known"`
}

// Request is what the matcher needs of a buying request or a procurement
// need. Incoterm, target price and budget are not scored
// (docs/match-method.md says why).
type Request struct {
	Kind Kind `json:"kind"`
	// HSCode: 2, 4 or 6 digits; "" when the product is given in words only.
	HSCode string `json:"hs_code"`
	// Words: the product in Indonesian or English ("keripik pisang").
	Words string `json:"words"`
	// Quantity of one delivery, in Unit, delivered with Frequency.
	Quantity  float64         `json:"quantity"`
	Unit      siapekspor.Unit `json:"unit"`
	Frequency Frequency       `json:"frequency"`
	// MinCapacityPct makes capacity a hard requirement: products whose
	// monthly capacity covers less than this share of the monthly need
	// (or cannot be compared with it) are excluded. 0: capacity is scored
	// only.
	MinCapacityPct float64 `json:"min_capacity_pct"`
	// Destination: ISO3 of a buying request's country (its requirements
	// pre-fill Certificates: SuggestCertificates).
	Destination string `json:"destination,omitempty"`
	// Certificates required, each valid on the delivery date.
	Certificates []siapekspor.CertificateType `json:"certificates,omitempty"`
	// RequireValidated: only products an export organisation validated.
	RequireValidated bool `json:"require_validated"`
	// DeliveryDate: zero when none (certificates are then checked today).
	DeliveryDate time.Time `json:"delivery_date"`
	// DeliveryRegion: a procurement need's delivery place, a regency
	// (18.71) or district (18.71.01) code; DeliveryPoint its district's
	// (or regency's) centroid, which the store looks up.
	DeliveryRegion string   `json:"delivery_region,omitempty"`
	DeliveryPoint  Point    `json:"delivery_point"`
	LocalFirst     Locality `json:"local_first,omitempty"`
}

// MaxWordsLen bounds Request.Words.
const MaxWordsLen = 500

// Validate checks what the matcher needs of a request; field names are the
// JSON names.
func (r *Request) Validate() error {
	var p siapekspor.Problems
	r.check(&p, "")
	return p.Err()
}

func (r *Request) check(p *siapekspor.Problems, prefix string) {
	f := func(name string) string { return prefix + name }
	if !slices.Contains(Kinds, r.Kind) {
		p.Add(f("kind"), "field.choice")
	}
	hs := trade.CleanHS(r.HSCode)
	if hs != "" && !trade.ValidHS(hs) {
		p.Add(f("hs_code"), "match.hs_digits")
	}
	switch {
	case len(r.Words) > MaxWordsLen:
		p.Add(f("words"), "field.too_long", MaxWordsLen)
	case hs == "" && textsearch.ParseQuery(r.Words).Empty():
		p.Add(f("hs_code"), "match.product_required")
	}
	if math.IsNaN(r.Quantity) || math.IsInf(r.Quantity, 0) || r.Quantity <= 0 {
		p.Add(f("quantity"), "match.quantity_positive")
	}
	if !slices.Contains(siapekspor.Units, r.Unit) {
		p.Add(f("unit"), "field.choice")
	}
	if !slices.Contains(Frequencies, r.Frequency) {
		p.Add(f("frequency"), "field.choice")
	}
	if math.IsNaN(r.MinCapacityPct) || r.MinCapacityPct < 0 || r.MinCapacityPct > 100 {
		p.Add(f("min_capacity_pct"), "match.pct_range", 0, 100)
	}
	if len(r.Certificates) > 64 {
		p.Add(f("certificates"), "match.too_many_certificates", 64)
	}
	for _, c := range r.Certificates {
		if !slices.Contains(siapekspor.CertificateTypes, c) {
			p.Add(f("certificates"), "field.choice")
			break
		}
	}
	if !slices.Contains(Localities, r.LocalFirst) {
		p.Add(f("local_first"), "field.choice")
	}
	if r.Kind == KindProcurement && r.LocalFirst != AnyPlace && len(r.DeliveryRegion) < len("18.71") {
		p.Add(f("delivery_region"), "match.delivery_region_needed")
	}
	if r.DeliveryPoint.Known && (math.Abs(r.DeliveryPoint.Lat) > 90 || math.Abs(r.DeliveryPoint.Lng) > 180) {
		p.Add(f("delivery_point"), "match.point_range")
	}
}

// Need is a request's quantity turned into a monthly figure: what a
// supplier must produce a month to serve it (the "3K" quantity and
// continuity: how much, how often).
type Need struct {
	PerMonth float64         `json:"per_month"`
	Unit     siapekspor.Unit `json:"unit"`
	// Months: a one-off order is spread over the months until its
	// delivery date (at least 1, at most MaxLeadMonths).
	Months  float64 `json:"months"`
	Message Message `json:"message"`
}

// MaxLeadMonths bounds how far a one-off order is spread.
const MaxLeadMonths = 12

// NeedOf works out a request's monthly need on the day now.
func NeedOf(r *Request, now time.Time) Need {
	n := Need{Unit: r.Unit, Months: 1}
	switch r.Frequency {
	case Monthly:
		n.PerMonth = r.Quantity
	case Quarterly:
		n.PerMonth, n.Months = r.Quantity/3, 3
	case Yearly:
		n.PerMonth, n.Months = r.Quantity/12, 12
	default: // one-off: over the months until delivery
		if !r.DeliveryDate.IsZero() {
			days := civil(r.DeliveryDate).Sub(civil(now)).Hours() / 24
			n.Months = min(max(days/daysPerMonth, 1), MaxLeadMonths)
		}
		n.PerMonth = r.Quantity / n.Months
	}
	n.Message = msg("match.need", quantity(n.PerMonth), Label("unit."+string(r.Unit)), Label("match.frequency."+string(r.Frequency)), quantity(r.Quantity))
	return n
}

const daysPerMonth = 365.25 / 12

// civil is the calendar day of t, at midnight UTC.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// quantity is a figure for a message: a whole Count (written with the
// reader's thousands separator) from 10 up or when whole, else one decimal.
func quantity(v float64) any {
	if r := math.Round(v); r == v || math.Abs(v) >= 10 {
		return siapekspor.Count(r)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// Filter is what the store may apply before Rank, so that it reads far
// fewer than all the province's products: a product it leaves out cannot
// reach MinFit, so Rank would exclude it for no product fit, and such a
// product is never a near miss. The store keeps a product when its HS code
// starts with HSPrefix (if set) or when its search document matches at
// least MinWords of Words (if set). The search document holds every word of
// the product's Terms and more, so matching it keeps a superset; so does
// matching any one of the words (an OR) when MinWords is below their
// number, and all of them (Words.FTS5, Words.TSQuery) when it is not.
type Filter struct {
	HSPrefix string           `json:"hs_prefix,omitempty"`
	Words    textsearch.Query `json:"words"`
	MinWords int              `json:"min_words,omitempty"`
}

// Filter works out the request's Filter (docs/match-method.md derives it).
func (r *Request) Filter() Filter {
	hs := trade.CleanHS(r.HSCode)
	q := textsearch.ParseQuery(r.Words)
	n := len(q.Words)
	switch {
	case hs != "" && n > 0:
		// In the heading (or the chapter asked for) any product may fit
		// with enough words; outside it the code scores at most
		// ChapterScore (nothing when a chapter was asked for), and the
		// words must make up the rest.
		outside := 0.0
		if len(hs) > 2 {
			outside = ChapterScore
		}
		return Filter{HSPrefix: hs[:min(4, len(hs))], Words: q, MinWords: wordsNeeded(n, outside, true)}
	case hs != "": // the heading scores HeadingScore ≥ MinFit, the chapter less
		return Filter{HSPrefix: hs[:min(4, len(hs))]}
	default: // at least half the words
		return Filter{Words: q, MinWords: wordsNeeded(n, 0, false)}
	}
}

// Admits reports whether the filter keeps a product: what the store's
// query does, for tests and for callers that filter in memory.
func (f *Filter) Admits(p *Product) bool {
	if f.HSPrefix != "" && strings.HasPrefix(p.HSCode, f.HSPrefix) {
		return true
	}
	return f.MinWords > 0 && wordsFound(f.Words.Words, p.Terms) >= f.MinWords
}

// SuggestCertificates pre-fills a buying request's certificates from the
// requirements catalogue: the certificate of each mandatory requirement of
// the destination for the HS code that is in force on the date and that a
// certificate shows (the first type it names when it names several), in
// the order of siapekspor.CertificateTypes.
func SuggestCertificates(reqs []market.Requirement, destination, hs string, on time.Time) []siapekspor.CertificateType {
	want := map[siapekspor.CertificateType]bool{}
	for i := range reqs {
		r := &reqs[i]
		if !r.Mandatory || len(r.CertificateTypes) == 0 || !r.AppliesTo(destination) || !r.Covers(hs) {
			continue
		}
		if r.AppliesFrom != nil && civil(r.AppliesFrom.Time).After(civil(on)) {
			continue
		}
		want[r.CertificateTypes[0]] = true
	}
	var out []siapekspor.CertificateType
	for _, t := range siapekspor.CertificateTypes {
		if want[t] {
			out = append(out, t)
		}
	}
	return out
}
