package match

import (
	"math"
	"slices"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/textsearch"
	"github.com/siapekspor/siapekspor/internal/trade"
)

// Factor positions in Factors.
const (
	iFit = iota
	iCapacity
	iCertificates
	iValidation
	iReadiness
	iRestrictions
	iDistance
	iLocal
	iPerformance
)

// Rule positions in Rules, as bits of facts.fails.
const (
	ruleNoFit = iota
	ruleProhibited
	ruleCertificateMissing
	ruleCertificateExpires
	ruleCapacityShort
	ruleCapacityUnknown
	ruleNotValidated
)

// plan is a request made ready for scoring many candidates.
type plan struct {
	req      *Request
	hs       string                       // the code asked for, clean; "" none
	certs    []siapekspor.CertificateType // required, each once
	words    [][]string                   // the words asked for, each with its forms
	need     Need
	day      time.Time // certificates must be valid on it
	weights  Weights
	infos    []FactorInfo
	share    [numFactors]float64 // % of a score each factor carries; 0 left out
	included [numFactors]bool
	restr    []market.Restriction // in force on the delivery day (buying requests)
	restrOf  map[string][]int32   // HS code → the restrictions covering it
	regency  string               // of the delivery place
	province string
	// Distances by point (enterprises' points are district centroids: a
	// province has a few hundred), and the last HS code's restrictions.
	dist      map[Point][2]float64
	lastPoint Point
	lastDist  [2]float64
	lastHS    string
	lastRestr []int32
}

// distance from the delivery place to a point, in km, and its score.
func (pl *plan) distance(p Point) (float64, float64) {
	if p == pl.lastPoint {
		return pl.lastDist[0], pl.lastDist[1]
	}
	d, ok := pl.dist[p]
	if !ok {
		q := pl.req.DeliveryPoint
		km := trade.Haversine(q.Lat, q.Lng, p.Lat, p.Lng)
		d = [2]float64{km, distanceScore(km)}
		if pl.dist == nil {
			pl.dist = map[Point][2]float64{}
		}
		pl.dist[p] = d
	}
	pl.lastPoint, pl.lastDist = p, d
	return d[0], d[1]
}

// assessed: the enterprise has a readiness class (Level.Valid without the
// slice walk, for the hot loop).
func assessed(l siapekspor.TrainingLevel) bool {
	switch l {
	case siapekspor.LevelBeginner, siapekspor.LevelIntermediate, siapekspor.LevelAdvanced:
		return true
	}
	return false
}

func newPlan(in *Input) (*plan, error) {
	var p siapekspor.Problems
	r := &in.Request
	r.check(&p, "request.")
	w := in.Weights
	if w == (Weights{}) {
		w = DefaultWeights(r.Kind)
	}
	w.check(&p, "weights.weight_")
	o := in.Options
	if o.Now.IsZero() {
		p.Add("options.now", "field.required")
	}
	if o.Top < 0 || o.Top > MaxTop {
		p.Add("options.top", "match.top_range", 1, MaxTop)
	}
	if o.NearMisses > MaxTop {
		p.Add("options.near_misses", "match.top_range", 1, MaxTop)
	}
	if math.IsNaN(o.RegencyCap) || o.RegencyCap < 0 || o.RegencyCap > 1 {
		p.Add("options.regency_cap", "match.cap_range")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	pl := &plan{req: r, hs: trade.CleanHS(r.HSCode), words: textsearch.ParseQuery(r.Words).Words, weights: w}
	for _, c := range r.Certificates {
		if !slices.Contains(pl.certs, c) {
			pl.certs = append(pl.certs, c)
		}
	}
	pl.need = NeedOf(r, o.Now)
	pl.day = civil(o.Now)
	if d := civil(r.DeliveryDate); !r.DeliveryDate.IsZero() && d.After(pl.day) {
		pl.day = d
	}
	if len(r.DeliveryRegion) >= len("18.71") {
		pl.regency, pl.province = r.DeliveryRegion[:len("18.71")], r.DeliveryRegion[:2]
	}
	if r.Kind == KindBuying {
		for _, x := range in.Restrictions {
			if x.AppliesFrom == nil || !civil(x.AppliesFrom.Time).After(pl.day) {
				pl.restr = append(pl.restr, x)
			}
		}
		pl.restrOf = map[string][]int32{}
	}

	// Which factors take part depends on the request alone, so every
	// candidate is scored on the same ones; a candidate lacking the data
	// for one scores 0 on it, with the reason.
	sum := 0.0
	for i, id := range Factors {
		info := FactorInfo{ID: id, Weight: w.Of(id)}
		switch {
		case id == FactorRestrictions && r.Kind != KindBuying:
			info.Reason = ptr(msg("match.reason.domestic"))
		case (id == FactorDistance || id == FactorLocal) && r.Kind != KindProcurement:
			info.Reason = ptr(msg("match.reason.not_domestic"))
		case id == FactorCertificates && len(r.Certificates) == 0:
			info.Reason = ptr(msg("match.reason.no_certificates"))
		case id == FactorDistance && !r.DeliveryPoint.Known:
			info.Reason = ptr(msg("match.reason.no_delivery_point"))
		case id == FactorLocal && (r.LocalFirst == AnyPlace || pl.regency == ""):
			info.Reason = ptr(msg("match.reason.no_local_first"))
		case info.Weight == 0:
			info.Reason = ptr(msg("match.reason.zero_weight"))
		default:
			info.Included = true
			pl.included[i] = true
			sum += info.Weight
		}
		pl.infos = append(pl.infos, info)
	}
	if sum == 0 {
		p.Add("weights", "match.weights_zero")
		return nil, p.Err()
	}
	for i := range pl.infos {
		if pl.included[i] {
			pl.share[i] = 100 * pl.infos[i].Weight / sum
			pl.infos[i].Share = pl.share[i]
		}
	}
	return pl, nil
}

func ptr[T any](v T) *T { return &v }

// Capacity states.
const (
	capKnown = iota
	capNone  // not stated
	capUnit  // in a unit the need's cannot be converted to
)

// facts are what evaluate finds out about one candidate: figures, factor
// scores and the rules it breaks. Plain values, so that scoring a
// candidate allocates nothing; the explanation is built from them later
// for the few candidates listed.
type facts struct {
	hsDigits    int // digits of the code asked for that match; -1 the product has none
	found       int // words found
	fit         float64
	capState    int
	capacity    float64 // in the need's unit
	cover       float64 // capacity / need
	minOrder    float64 // in the need's unit, when above one delivery; else 0
	certMissing uint64  // bits of the required certificates not held
	certExpired uint64  // held, but not valid on the delivery day
	restr       []int32 // restrictions covering the product
	km          float64
	local       int // 2 same regency, 1 same province, 0 neither
	s           [numFactors]float64
	fails       uint16 // bits of the rules broken
	gaps        int    // rules broken that can be closed (a certificate each)
	unfixable   bool
}

// evaluate fills f for one candidate. Most candidates of a large list do
// not fit, so that is found out first: for them only fails, unfixable and
// the fit figures are set, the rest of f is left as it was.
func (pl *plan) evaluate(p *Product, f *facts) {
	fit, digits, found := pl.fitOf(p)
	if fit < MinFit-1e-9 {
		f.fails, f.unfixable, f.fit, f.hsDigits, f.found = 1<<ruleNoFit, true, fit, digits, found
		return
	}
	*f = facts{fit: fit, hsDigits: digits, found: found}
	e := p.Enterprise
	r := pl.req
	f.s[iFit] = fit

	// Capacity against the monthly need.
	if c, ok := convert(p.CapacityPerMonth, p.Unit, pl.need.Unit); p.CapacityPerMonth <= 0 {
		f.capState = capNone
	} else if !ok {
		f.capState = capUnit
	} else {
		f.capacity, f.cover = c, c/pl.need.PerMonth
		f.s[iCapacity] = 100 * min(1, f.cover)
		if m, ok := convert(p.MinOrder, p.Unit, pl.need.Unit); ok && m > r.Quantity {
			f.minOrder = m
			f.s[iCapacity] *= MinOrderFactor
		}
	}
	if r.MinCapacityPct > 0 {
		switch {
		case f.capState != capKnown:
			f.fail(ruleCapacityUnknown)
		case 100*f.cover < r.MinCapacityPct:
			f.fail(ruleCapacityShort)
		}
	}

	// Certificates valid on the delivery day.
	if n := len(pl.certs); n > 0 {
		for j, t := range pl.certs {
			switch certState(t, p.Certificates, e.Certificates, pl.day) {
			case certMissing:
				f.certMissing |= 1 << j
				f.fail(ruleCertificateMissing)
			case certExpired:
				f.certExpired |= 1 << j
				f.fail(ruleCertificateExpires)
			}
		}
		f.s[iCertificates] = 100 * float64(n-onesCount(f.certMissing|f.certExpired)) / float64(n)
	}

	switch p.Validation {
	case siapekspor.ValidationApproved:
		f.s[iValidation] = 100
	case siapekspor.ValidationSubmitted:
		f.s[iValidation] = SubmittedScore
	}
	if r.RequireValidated && p.Validation != siapekspor.ValidationApproved {
		f.fail(ruleNotValidated)
	}

	if assessed(e.Level) {
		f.s[iReadiness] = max(0, min(100, e.Readiness))
	}

	if r.Kind == KindBuying && p.HSCode != "" { // without a code nothing can be checked: 0
		f.restr = pl.restrictionsOf(p.HSCode)
		f.s[iRestrictions] = 100
		for _, x := range f.restr {
			f.s[iRestrictions] = RestrictedScore
			if pl.restr[x].Kind == market.RestrictionProhibited {
				f.fails |= 1 << ruleProhibited
				f.unfixable = true
			}
		}
	}

	if pl.included[iDistance] && e.Point.Known {
		f.km, f.s[iDistance] = pl.distance(e.Point)
	}
	if pl.included[iLocal] {
		switch {
		case e.RegencyCode == pl.regency:
			f.local = 2
		case len(e.RegencyCode) >= 2 && e.RegencyCode[:2] == pl.province:
			f.local = 1
		}
		switch {
		case f.local == 2, f.local == 1 && r.LocalFirst == SameProvince:
			f.s[iLocal] = 100
		case f.local == 1:
			f.s[iLocal] = 50
		}
	}

	h := e.History
	good, bad := h.Accepted+h.Contracts+h.Shipped, h.Declined+h.Lost
	f.s[iPerformance] = 100 * float64(good+1) / float64(good+bad+2)
}

func (f *facts) fail(rule int) {
	f.fails |= 1 << rule
	f.gaps++
}

// total is the candidate's score: the factors' points added up.
func (pl *plan) total(f *facts) float64 {
	t := 0.0
	for i := range numFactors {
		t += pl.share[i] * f.s[i] / 100
	}
	return t
}

// fitOf scores the product against the code and words asked for, and
// says how many digits and words matched.
func (pl *plan) fitOf(p *Product) (fit float64, digits, found int) {
	hs, words := 0.0, 0.0
	if pl.hs != "" {
		digits = hsMatch(pl.hs, p.HSCode)
		switch digits {
		case len(pl.hs):
			hs = 100
		case 4:
			hs = HeadingScore
		case 2:
			hs = ChapterScore
		}
	}
	if n := len(pl.words); n > 0 {
		// Stop once the words left cannot make MinFit: most candidates
		// of a large list are another product and miss the first word.
		least := wordsNeeded(n, hs, pl.hs != "")
		for i, alts := range pl.words {
			if found+n-i < least {
				break
			}
			for _, a := range alts {
				if hasToken(p.Terms, a) {
					found++
					break
				}
			}
		}
		words = 100 * float64(found) / float64(n)
	}
	switch {
	case pl.hs != "" && len(pl.words) > 0:
		return (hs + words) / 2, digits, found
	case pl.hs != "":
		return hs, digits, found
	}
	return words, digits, found
}

// wordsNeeded is how many of n words a product must match to reach
// MinFit: with a code asked for too, averaged with the code's score hs.
func wordsNeeded(n int, hs float64, withCode bool) int {
	need := MinFit
	if withCode {
		need = 2*MinFit - hs
	}
	return int(math.Ceil(float64(n)*need/100 - 1e-9))
}

// hsMatch is how many digits of the code asked for (the whole code, its
// heading or its chapter) the product's code shares: 0 none, -1 the
// product has no code.
func hsMatch(asked, product string) int {
	if product == "" {
		return -1
	}
	for _, d := range [...]int{6, 4, 2} {
		if d <= len(asked) && len(product) >= d && product[:d] == asked[:d] {
			return d
		}
	}
	return 0
}

// convert turns a quantity into another unit: the same unit, or kg and
// tonnes; false when they cannot be compared.
func convert(v float64, from, to siapekspor.Unit) (float64, bool) {
	switch {
	case from == to:
		return v, true
	case from == "ton" && to == "kg":
		return v * 1000, true
	case from == "kg" && to == "ton":
		return v / 1000, true
	}
	return 0, false
}

// Certificate states.
const (
	certValid = iota
	certExpired
	certMissing
)

// certState: a required certificate type is valid on day when the product
// or enterprise holds one of that type not expired by then. A BPOM MD
// registration also meets a PIRT requirement: both are the permit to sell
// processed food, and BPOM MD is the stricter.
func certState(want siapekspor.CertificateType, product, enterprise []Cert, day time.Time) int {
	state := certMissing
	for _, list := range [2][]Cert{product, enterprise} {
		for i := range list {
			c := &list[i]
			if c.Type != want && !(want == siapekspor.CertPIRT && c.Type == siapekspor.CertBPOMMD) {
				continue
			}
			if c.ExpiresOn.IsZero() || !expiredBy(c.ExpiresOn, day) {
				return certValid
			}
			state = certExpired
		}
	}
	return state
}

// expiredBy reports whether a certificate expiring on the day of t is no
// longer valid on day (a UTC midnight). A UTC time, as dates read from the
// database are, falls before that midnight exactly when its day does; any
// other is cut to its calendar day first.
func expiredBy(t, day time.Time) bool {
	if t.Location() == time.UTC {
		return t.Before(day)
	}
	return civil(t).Before(day)
}

func onesCount(x uint64) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

// restrictionsOf lists the restrictions covering an HS code, remembered
// per code: a request's candidates share few codes.
func (pl *plan) restrictionsOf(hs string) []int32 {
	if hs == "" || len(pl.restr) == 0 {
		return nil
	}
	if hs == pl.lastHS {
		return pl.lastRestr
	}
	if r, ok := pl.restrOf[hs]; ok {
		pl.lastHS, pl.lastRestr = hs, r
		return r
	}
	var out []int32
	for i := range pl.restr {
		if pl.restr[i].Covers(hs) {
			out = append(out, int32(i))
		}
	}
	pl.restrOf[hs] = out
	return out
}

// distanceScore: DistanceNear or less scores 100, DistanceFar or more 0,
// on a logarithmic scale between (ten times nearer gains the same points).
func distanceScore(km float64) float64 {
	if km <= DistanceNear {
		return 100
	}
	return max(0, min(100, 100*math.Log(DistanceFar/km)/math.Log(DistanceFar/DistanceNear)))
}
