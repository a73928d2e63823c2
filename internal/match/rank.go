package match

import (
	"fmt"
	"math"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/market"
)

// The method's constants (docs/match-method.md).
const (
	DefaultTop        = 20   // places in a shortlist
	DefaultNearMisses = 10   // near misses listed
	MaxTop            = 1000 // the most places or near misses one ranking lists
	// MaxGaps: an excluded candidate missing at most this many hard
	// requirements, all of which a mentor or the enterprise can close, is
	// a near miss.
	MaxGaps = 2
	// MinFit: below this product fit (0–100) a product is not what was
	// asked for.
	MinFit = 50.0
	// HeadingScore and ChapterScore: the HS score of a product that shares
	// only the heading (4 digits) or chapter (2 digits) of a longer code
	// asked for; the whole code asked for scores 100.
	HeadingScore = 60.0
	ChapterScore = 20.0
	// SubmittedScore: validation score of a product waiting in the
	// validators' queue (approved 100, draft or rejected 0).
	SubmittedScore = 40.0
	// RestrictedScore: restrictions score of a product that needs an export
	// approval, a permit or the importing country's consent (none: 100;
	// prohibited: excluded).
	RestrictedScore = 50.0
	// MinOrderFactor multiplies the capacity score when the product's
	// minimum order is above the quantity of one delivery.
	MinOrderFactor = 0.5
	// DistanceNear and DistanceFar (km) score 100 and 0; between them the
	// score falls with the logarithm of the distance.
	DistanceNear = 5.0
	DistanceFar  = 500.0
)

// Options of a ranking.
type Options struct {
	// Now is today: one-off needs are spread over the months until
	// delivery and certificates are checked on the delivery date, but not
	// before today. Required.
	Now time.Time `json:"now"`
	// Top: places in the shortlist (0: DefaultTop, at most MaxTop).
	Top int `json:"top"`
	// NearMisses listed (0: DefaultNearMisses; negative: none).
	NearMisses int `json:"near_misses"`
	// AllProducts lists every product that fits; by default an enterprise
	// appears once, with its best-scoring product.
	AllProducts bool `json:"all_products"`
	// RegencyCap spreads the shortlist across regencies: while candidates
	// of other regencies wait, no regency takes more than
	// ceil(RegencyCap × Top) places (placement.CapLimit). 0 (or ≥ 1): off;
	// placement.DefaultRegencyCap is the training's 25 %.
	RegencyCap float64 `json:"regency_cap"`
}

// Input is everything Rank needs.
type Input struct {
	Request    Request   `json:"request"`
	Candidates []Product `json:"candidates"`
	// Only, when set, ranks just the candidates at these indexes of
	// Candidates, in increasing order: a caller holding every product (the
	// store's snapshot) passes it whole with the picked indexes instead of
	// copying tens of thousands of products for each request.
	Only []int32 `json:"only,omitempty"`
	// Source, when set, holds the candidates instead of Candidates, in the
	// caller's own form (the store keeps the province's products in arrays
	// the collector need not mark).
	Source Source `json:"-"`
	// Weights for the request's kind; the zero value means DefaultWeights.
	Weights Weights `json:"weights"`
	// Restrictions: Indonesia's export restrictions (market.ShippedRestrictions
	// or the admins' list); they apply to buying requests.
	Restrictions []market.Restriction `json:"restrictions,omitempty"`
	Options      Options              `json:"options"`
}

// Rule is a hard requirement; a candidate that breaks one is excluded.
type Rule string

const (
	RuleNoFit              Rule = "no_fit"              // not the product asked for (fit below MinFit)
	RuleProhibited         Rule = "prohibited"          // its export is prohibited (buying requests)
	RuleCertificateMissing Rule = "certificate_missing" // a required certificate is not held
	RuleCertificateExpires Rule = "certificate_expires" // held, but not valid on the delivery date
	RuleCapacityShort      Rule = "capacity_short"      // capacity below the request's minimum share of the need
	RuleCapacityUnknown    Rule = "capacity_unknown"    // the request sets a minimum; capacity is not stated or in another unit
	RuleNotValidated       Rule = "not_validated"       // the request wants validated products only
)

// Rules lists them; labels under "match.rule.<rule>". The first two are
// never near misses: no mentor can close them.
var Rules = []Rule{RuleNoFit, RuleProhibited, RuleCertificateMissing, RuleCertificateExpires, RuleCapacityShort, RuleCapacityUnknown, RuleNotValidated}

const numRules = 7

// ActionKind says what closes a gap, for a page to offer it in one click.
type ActionKind string

const (
	// ActionOpenCase: open an assistance case of CaseKind for the
	// enterprise (a mentor's one-click link).
	ActionOpenCase ActionKind = "open_case"
	// ActionSubmitValidation: the owner or an officer submits the product
	// for validation.
	ActionSubmitValidation ActionKind = "submit_validation"
	// ActionReviewValidation: the product waits in the validators' queue.
	ActionReviewValidation ActionKind = "review_validation"
	// ActionUpdateProduct: state the product's capacity and unit.
	ActionUpdateProduct ActionKind = "update_product"
)

// ActionKinds lists them.
var ActionKinds = []ActionKind{ActionOpenCase, ActionSubmitValidation, ActionReviewValidation, ActionUpdateProduct}

// Action closes a gap.
type Action struct {
	Kind     ActionKind          `json:"kind"`
	CaseKind siapekspor.CaseKind `json:"case_kind,omitempty"` // for ActionOpenCase
	Message  Message             `json:"message"`
}

// Gap is one hard requirement a near miss breaks, and what closes it.
type Gap struct {
	Rule        Rule                       `json:"rule"`
	Certificate siapekspor.CertificateType `json:"certificate,omitempty"`
	Message     Message                    `json:"message"`
	Action      Action                     `json:"action"`
}

// Factor is one factor of an entry's score, as it was computed.
type Factor struct {
	ID FactorID `json:"id"`
	// Value: the figures behind the score, in words, one phrase each.
	Value  []Message `json:"value"`
	Score  float64   `json:"score"`  // 0–100
	Weight float64   `json:"weight"` // as set
	Share  float64   `json:"share"`  // % of the score the weight carries
	Points float64   `json:"points"` // Share × Score / 100; an entry's points add up to its score
}

// Entry is one ranked product, or a near miss.
type Entry struct {
	Rank         int    `json:"rank,omitempty"` // 1 = best; 0 for a near miss
	ProductID    int64  `json:"product_id"`
	EnterpriseID int64  `json:"enterprise_id"`
	RegencyCode  string `json:"regency_code"`
	// Score: 0–100, the sum of the factors' points (a near miss's as it
	// stands, its gaps unmet).
	Score   float64   `json:"score"`
	Factors []Factor  `json:"factors"`
	Gaps    []Gap     `json:"gaps,omitempty"` // a near miss's
	PastCap bool      `json:"past_cap,omitempty"`
	Flags   []Message `json:"flags,omitempty"`
}

// FactorInfo says whether a factor takes part in a ranking, and why not.
type FactorInfo struct {
	ID       FactorID `json:"id"`
	Weight   float64  `json:"weight"`
	Share    float64  `json:"share"` // % of every score
	Included bool     `json:"included"`
	Reason   *Message `json:"reason,omitempty"`
}

// Stats sum a ranking up. Counts are of products.
type Stats struct {
	Candidates int `json:"candidates"`
	Fitting    int `json:"fitting"`  // the product asked for (fit ≥ MinFit)
	Eligible   int `json:"eligible"` // fitting and breaking no hard requirement
	// NearMisses: excluded products missing at most MaxGaps requirements
	// a mentor or the enterprise can close (those of enterprises with an
	// eligible product too, though by default they are not listed).
	NearMisses int `json:"near_misses"`
	// Excluded: by rule; a product breaking two rules counts under both.
	Excluded map[Rule]int `json:"excluded"`
	Listed   int          `json:"listed"`   // places filled
	PastCap  int          `json:"past_cap"` // of which past the regency cap
	// Deferred: places the regency cap gave to other regencies' candidates
	// that the plain ranking would have given to these.
	Deferred int `json:"deferred"`
}

// Ranking is Rank's answer.
type Ranking struct {
	Kind       Kind         `json:"kind"`
	Need       Need         `json:"need"`
	Weights    Weights      `json:"weights"`
	Factors    []FactorInfo `json:"factors"`
	Entries    []Entry      `json:"entries"`     // best first
	NearMisses []Entry      `json:"near_misses"` // fewest gaps first, then by score
	Stats      Stats        `json:"stats"`
	Notes      []Message    `json:"notes,omitempty"`
}

// Rank ranks the candidates for the request. It fails on a bad request,
// weights or options, or a candidate without its enterprise; the field
// names problems as request.<field>, weights.weight_<factor>,
// options.<field> or candidates[<i>].
func Rank(in Input) (*Ranking, error) {
	pl, err := newPlan(&in)
	if err != nil {
		return nil, err
	}
	src := in.Source
	if src == nil {
		src = products(in.Candidates)
	}
	if src.Len() > math.MaxInt32 {
		return nil, siapekspor.Problems{{Field: "candidates", Key: "match.too_many", Args: []any{siapekspor.Count(math.MaxInt32)}}}.Err()
	}
	sel := newSelection(in.Options)
	for j, i := range in.Only {
		if i < 0 || int(i) >= src.Len() || (j > 0 && i <= in.Only[j-1]) {
			return nil, siapekspor.Problems{{Field: fmt.Sprintf("only[%d]", j), Key: "match.bad_index"}}.Err()
		}
	}
	if err := sel.read(pl, src, in.Only); err != nil {
		return nil, err
	}
	out := &Ranking{Kind: pl.req.Kind, Need: pl.need, Weights: pl.weights, Factors: pl.infos, Entries: []Entry{}, NearMisses: []Entry{}}
	var f facts
	for i, c := range sel.shortlist(src) {
		p := src.At(int(c.Item.idx))
		pl.evaluate(p, &f)
		e := pl.entry(p, &f)
		e.Rank = i + 1
		if c.PastCap {
			e.PastCap = true
			e.Flags = append(e.Flags, msg("match.flag.past_cap"))
		}
		out.Entries = append(out.Entries, e)
	}
	for _, k := range sel.nearMisses(pl, src, in.Only) {
		p := src.At(int(k.idx))
		pl.evaluate(p, &f)
		e := pl.entry(p, &f)
		e.Gaps = pl.gaps(p, &f)
		out.NearMisses = append(out.NearMisses, e)
	}
	if sel.fair {
		out.Notes = append(out.Notes, msg("match.note.fairness", min(sel.limit, sel.nTop), sel.nTop))
		if sel.stats.PastCap > 0 {
			out.Notes = append(out.Notes, msg("match.note.past_cap", siapekspor.Count(sel.stats.PastCap)))
		}
	}
	out.Stats = sel.stats
	out.Stats.Listed = len(out.Entries)
	return out, nil
}
