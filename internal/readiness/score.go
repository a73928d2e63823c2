package readiness

import (
	"cmp"
	"slices"
	"sort"

	"github.com/siapekspor/siapekspor"
)

// Answers maps a question key to the chosen option key.
type Answers map[string]string

// Result is a scored assessment. Scores are 0–100 at full precision; show
// them with Round1. Level is decided on the rounded overall score.
type Result struct {
	Version    int                      `json:"version"` // of the questionnaire scored with
	Overall    float64                  `json:"overall"`
	Level      siapekspor.TrainingLevel `json:"level"`
	Dimensions []DimensionScore         `json:"dimensions"`
	// Lost: overall points each answer cost against its question's best
	// option, biggest first; answers that cost nothing are left out.
	// Overall + the sum of Lost is 100.
	Lost    []Loss   `json:"lost"`
	Actions []Action `json:"actions"`
}

// DimensionScore is one dimension's part of a result. Share is the
// dimension's part of the overall score (its weight over the sum of the
// counted weights); a dimension with zero weight or no questions has
// Share 0 and does not count.
type DimensionScore struct {
	Key    string  `json:"key"`
	Score  float64 `json:"score"` // 100 × Earned / Max
	Weight float64 `json:"weight"`
	Share  float64 `json:"share"`
	Earned float64 `json:"earned"`
	Max    float64 `json:"max"`
}

// Loss is what one answer cost, in overall points.
type Loss struct {
	Question string `json:"question"`
	// Dimension and Option are empty only in a compacted result (Compact).
	Dimension string  `json:"dimension,omitempty"`
	Option    string  `json:"option,omitempty"`
	Points    float64 `json:"points"`
}

// Action is one recommended step. An action from an answer carries the
// option's texts and the overall points the enterprise gains by reaching
// the question's best option. An action derived from the registry's facts
// about a product carries instead a message key taking the product's name
// (one %s), the product, and Points 0.
type Action struct {
	Question string  `json:"question,omitempty"` // the question it comes from or relates to
	TextID   string  `json:"text_id,omitempty"`
	TextEN   string  `json:"text_en,omitempty"`
	Points   float64 `json:"points"`

	Key           string `json:"key,omitempty"`
	ProductID     int64  `json:"product_id,omitempty"`
	ProductNameID string `json:"product_name_id,omitempty"`
	ProductNameEN string `json:"product_name_en,omitempty"`
	// Required: a legal obligation (in force, or from a date the message
	// names), not just advice.
	Required bool `json:"required,omitempty"`
}

// Text renders an action in a language ("id" or "en") with a catalogue
// lookup such as i18n.Printer.T; English falls back to Indonesian.
func (a Action) Text(lang string, t func(key string, args ...any) string) string {
	if a.Key != "" {
		name := a.ProductNameID
		if lang == "en" && a.ProductNameEN != "" {
			name = a.ProductNameEN
		}
		return t(a.Key, name)
	}
	if lang == "en" && a.TextEN != "" {
		return a.TextEN
	}
	return a.TextID
}

// Score checks that every question is answered with one of its options and
// scores the answers. Product actions come from f.
func Score(q *Questionnaire, a Answers, f Facts) (*Result, error) {
	score, err := Scorer(q)
	if err != nil {
		return nil, err
	}
	return score(a, f)
}

// Scorer validates q once and returns a scorer of answers against it, for
// scoring many assessments (an import) without validating q each time.
func Scorer(q *Questionnaire) (func(Answers, Facts) (*Result, error), error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	return func(a Answers, f Facts) (*Result, error) { return score(q, a, f) }, nil
}

func score(q *Questionnaire, a Answers, f Facts) (*Result, error) {
	var pr siapekspor.Problems
	chosen := make([]*Option, len(q.Questions))
	for i := range q.Questions {
		qu := &q.Questions[i]
		key, ok := a[qu.Key]
		if !ok || key == "" {
			pr.Add("answers."+qu.Key, "readiness.answer_missing")
			continue
		}
		o, ok := qu.Option(key)
		if !ok {
			pr.Add("answers."+qu.Key, "readiness.answer_not_an_option", key)
			continue
		}
		chosen[i] = o
	}
	var unknown []string
	for key := range a {
		if _, ok := q.Question(key); !ok {
			unknown = append(unknown, key)
		}
	}
	sort.Strings(unknown)
	for _, key := range unknown {
		pr.Add("answers."+key, "readiness.unknown_question")
	}
	if err := pr.Err(); err != nil {
		return nil, err
	}

	// Empty lists, not nil, so the JSON API shows [] rather than null.
	r := &Result{Version: q.Version, Dimensions: make([]DimensionScore, len(q.Dimensions)), Lost: []Loss{}, Actions: []Action{}}
	dim := map[string]*DimensionScore{}
	for i, d := range q.Dimensions {
		r.Dimensions[i] = DimensionScore{Key: d.Key, Weight: d.Weight}
		dim[d.Key] = &r.Dimensions[i]
	}
	for i := range q.Questions {
		d := dim[q.Questions[i].Dimension]
		d.Earned += chosen[i].Points
		d.Max += q.Questions[i].Best()
	}
	total := 0.0
	for i := range r.Dimensions {
		d := &r.Dimensions[i]
		if d.Max > 0 {
			d.Score = 100 * d.Earned / d.Max
			if d.Weight > 0 {
				total += d.Weight
			}
		}
	}
	for i := range r.Dimensions {
		d := &r.Dimensions[i]
		if d.Max > 0 && d.Weight > 0 {
			d.Share = d.Weight / total
			r.Overall += d.Share * d.Score
		}
	}
	r.Level = q.Level(r.Overall)

	// A question's cost is its dimension's share of 100 points times the
	// part of the dimension's maximum it missed, so the costs add up to
	// exactly what the overall score lacks of 100.
	costs := make([]float64, len(q.Questions))
	for i := range q.Questions {
		qu, o := &q.Questions[i], chosen[i]
		d := dim[qu.Dimension]
		if d.Share > 0 {
			costs[i] = d.Share * 100 * (qu.Best() - o.Points) / d.Max
		}
		if costs[i] > 0 {
			r.Lost = append(r.Lost, Loss{Question: qu.Key, Dimension: qu.Dimension, Option: o.Key, Points: costs[i]})
		}
	}
	// A stable sort keeps the questionnaire's order among equal costs.
	slices.SortStableFunc(r.Lost, func(x, y Loss) int { return compareDesc(x.Points, y.Points) })
	r.Actions = optionActions(q, chosen, costs)

	// Legal obligations of products come first, whatever their points:
	// without them the product may not be sold at all. Advice follows.
	required, advice := productActions(q, &f)
	actions := make([]Action, 0, len(required)+len(r.Actions)+len(advice))
	actions = append(actions, required...)
	actions = append(actions, r.Actions...)
	r.Actions = append(actions, advice...)
	return r, nil
}

func compareDesc(a, b float64) int { return cmp.Compare(b, a) }

// optionActions is the advice of the chosen options, each with what its
// question cost, biggest first (the questionnaire's order among equals).
func optionActions(q *Questionnaire, chosen []*Option, costs []float64) []Action {
	out := []Action{}
	for i := range q.Questions {
		if o := chosen[i]; o.ActionID != "" || o.ActionEN != "" {
			out = append(out, Action{Question: q.Questions[i].Key, TextID: o.ActionID, TextEN: o.ActionEN, Points: costs[i]})
		}
	}
	slices.SortStableFunc(out, func(x, y Action) int { return compareDesc(x.Points, y.Points) })
	return out
}

// productActions derives per-product actions from the registry's facts:
// missing BPOM MD or PIRT, missing halal, missing English name, and the
// missing HS code or capacity that keep the other checks from running.
func productActions(q *Questionnaire, f *Facts) (required, advice []Action) {
	related := map[string]string{} // fact → question key
	for _, qu := range q.Questions {
		if qu.Prefill != "" && related[qu.Prefill] == "" {
			related[qu.Prefill] = qu.Key
		}
	}
	for i := range f.Products {
		p := &f.Products[i]
		act := func(key, fact string, req bool) Action {
			return Action{Question: related[fact], Key: key, ProductID: p.ID, ProductNameID: p.NameID, ProductNameEN: p.NameEN, Required: req}
		}
		n := f.needsOf(p)
		if n.bpomMD {
			required = append(required, act("readiness.action.bpom_md", FactPermits, true))
		}
		if n.pirt {
			required = append(required, act("readiness.action.pirt", FactPermits, true))
		}
		if n.halal {
			required = append(required, act(halalActionKey(f.Size), FactPermits, true))
		}
		if p.NameEN == "" {
			advice = append(advice, act("readiness.action.english_label", FactEnglishLabel, false))
		}
		if p.HSCode == "" {
			advice = append(advice, act("readiness.action.hs_code", FactPermits, false))
		}
		if p.CapacityPerMonth <= 0 {
			advice = append(advice, act("readiness.action.capacity", FactCapacity, false))
		}
	}
	return required, advice
}

// The halal message depends on the firm's size: micro firms may use the
// self-declare route, small firms must certify by 17 October 2026, and for
// medium and large firms it has been mandatory since 17 October 2024.
func halalActionKey(size siapekspor.SizeClass) string {
	switch size {
	case siapekspor.SizeMicro:
		return "readiness.action.halal_micro"
	case siapekspor.SizeSmall:
		return "readiness.action.halal_small"
	case siapekspor.SizeMedium, siapekspor.SizeLarge:
		return "readiness.action.halal_required"
	}
	return "readiness.action.halal"
}

// NextLevelGap is how many overall points (rounded to one decimal, as
// shown) the result lacks for the next class of q; 0 at mahir.
func NextLevelGap(r *Result, q *Questionnaire) float64 {
	s := Round1(r.Overall)
	switch q.Level(r.Overall) {
	case siapekspor.LevelBeginner:
		return Round1(q.Thresholds.Intermediate - s)
	case siapekspor.LevelIntermediate:
		return Round1(q.Thresholds.Advanced - s)
	}
	return 0
}

// CompareLevels returns how many classes an enterprise moved from before
// to after: 1 or 2 when it moved up (naik kelas), 0 when it stayed, negative
// when it moved down. It is 0 when either level is unknown (for instance no
// earlier assessment).
func CompareLevels(before, after siapekspor.TrainingLevel) int {
	b, a := before.Rank(), after.Rank()
	if b < 0 || a < 0 {
		return 0
	}
	return a - b
}
