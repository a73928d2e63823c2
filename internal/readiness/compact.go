package readiness

// A stored result need not repeat what its questionnaire version and its
// answers already hold: the advice texts of the chosen options (a third of
// a kilobyte each, twenty-odd per assessment) and each loss's dimension and
// option. Published and retired versions never change, so Expand restores
// exactly what Compact dropped; the database keeps an assessment in a third
// of the space (docs/benchmarks.md, "Where the demo database's space goes").

// Compact returns a copy of r without the fields q and a restore: the texts
// of the actions that come from answers, and the dimension and option of
// each loss. A field that differs from what q and a say is kept.
func Compact(r *Result, q *Questionnaire, a Answers) *Result {
	c := *r
	c.Lost = make([]Loss, len(r.Lost))
	for i, l := range r.Lost {
		if qu, ok := q.Question(l.Question); ok && qu.Dimension == l.Dimension && a[l.Question] == l.Option {
			l.Dimension, l.Option = "", ""
		}
		c.Lost[i] = l
	}
	c.Actions = make([]Action, len(r.Actions))
	for i, x := range r.Actions {
		if o := chosenOption(q, a, x.Question); x.Key == "" && o != nil && o.ActionID == x.TextID && o.ActionEN == x.TextEN {
			x.TextID, x.TextEN = "", ""
		}
		c.Actions[i] = x
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
	for i := range r.Actions {
		x := &r.Actions[i]
		if x.Key != "" || x.TextID != "" || x.TextEN != "" {
			continue
		}
		if o := chosenOption(q, a, x.Question); o != nil {
			x.TextID, x.TextEN = o.ActionID, o.ActionEN
		}
	}
}

func chosenOption(q *Questionnaire, a Answers, question string) *Option {
	qu, ok := q.Question(question)
	if !ok {
		return nil
	}
	o, _ := qu.Option(a[question])
	return o
}
