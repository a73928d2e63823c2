package readiness

import "reflect"

// A stored result need not repeat what its questionnaire version and its
// answers already say: each loss's dimension and option, and the advice of
// the chosen options — the option's texts (a third of a kilobyte each) with
// the points its question cost, which the losses hold. Published and
// retired versions never change, so Expand rebuilds exactly what Compact
// dropped; the database keeps an assessment in a third of the space
// (README, "Size and start-up").

// Compact returns a copy of r without what q and a restore: the dimension
// and option of each loss, and the actions that come from answers when
// Expand rebuilds them exactly (otherwise they are kept).
func Compact(r *Result, q *Questionnaire, a Answers) *Result {
	c := *r
	c.Lost = make([]Loss, len(r.Lost))
	for i, l := range r.Lost {
		if qu, ok := q.Question(l.Question); ok && qu.Dimension == l.Dimension && a[l.Question] == l.Option {
			l.Dimension, l.Option = "", ""
		}
		c.Lost[i] = l
	}
	required, answers, advice := splitActions(r.Actions)
	if rebuilt, ok := rebuildActions(q, a, r.Lost); ok && len(answers) > 0 && reflect.DeepEqual(rebuilt, answers) &&
		reflect.DeepEqual(r.Actions, join(required, answers, advice)) {
		c.Actions = join(required, nil, advice)
	}
	return &c
}

// Expand puts back, in place, what Compact left out of r. It leaves a full
// result as it is.
func Expand(r *Result, q *Questionnaire, a Answers) {
	for i := range r.Lost {
		l := &r.Lost[i]
		if l.Dimension == "" {
			if qu, ok := q.Question(l.Question); ok {
				l.Dimension = qu.Dimension
			}
		}
		if l.Option == "" {
			l.Option = a[l.Question]
		}
	}
	required, answers, advice := splitActions(r.Actions)
	if len(answers) > 0 {
		return
	}
	if rebuilt, ok := rebuildActions(q, a, r.Lost); ok {
		r.Actions = join(required, rebuilt, advice)
	}
}

// splitActions parts a result's actions as score orders them: the
// product's legal obligations, the answers' advice, the product's advice.
func splitActions(all []Action) (required, answers, advice []Action) {
	for _, x := range all {
		switch {
		case x.Key == "":
			answers = append(answers, x)
		case x.Required:
			required = append(required, x)
		default:
			advice = append(advice, x)
		}
	}
	return required, answers, advice
}

func join(parts ...[]Action) []Action {
	out := []Action{}
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// rebuildActions makes the answers' actions again from the questionnaire,
// the answers and what each question cost; false when an answer is not an
// option of its question.
func rebuildActions(q *Questionnaire, a Answers, lost []Loss) ([]Action, bool) {
	cost := map[string]float64{}
	for _, l := range lost {
		cost[l.Question] = l.Points
	}
	chosen := make([]*Option, len(q.Questions))
	costs := make([]float64, len(q.Questions))
	for i := range q.Questions {
		qu := &q.Questions[i]
		o, ok := qu.Option(a[qu.Key])
		if !ok {
			return nil, false
		}
		chosen[i], costs[i] = o, cost[qu.Key]
	}
	return optionActions(q, chosen, costs), true
}
