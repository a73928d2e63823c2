// Package funnel defines the province's export funnel once: the stages an
// enterprise passes on its way to exporting regularly, what counts as
// reaching each, and as of which date (docs/funnel.md). It takes what the
// registry knows of an enterprise (Facts) and returns values; the store
// keeps the summary figures it adds up, the pages and the API show them.
package funnel

import (
	"time"

	"github.com/siapekspor/siapekspor"
)

// Stage is a step of the funnel; labels under "funnel.stage.<key>".
type Stage int

const (
	Registered      Stage = iota // in the registry
	Assessed                     // an export-readiness assessment recorded
	Trained                      // completed a training programme (its attendance rule)
	Validated                    // a product approved by a validator
	Matched                      // a product shortlisted for a buyer's request
	MetBuyer                     // a match reached the meeting step
	Contract                     // a match reached a contract
	FirstExport                  // a first export (a record, or the status set by hand)
	RegularExporter              // exports in two calendar years (or the status set by hand)
)

// N is the number of stages.
const N = int(RegularExporter) + 1

// Stages lists the stages in funnel order.
var Stages = []Stage{Registered, Assessed, Trained, Validated, Matched, MetBuyer, Contract, FirstExport, RegularExporter}

var keys = [N]string{"registered", "assessed", "trained", "validated", "matched", "met_buyer", "contract", "first_export", "regular"}

// Key is the stage's name in URLs, JSON and the catalogues.
func (s Stage) Key() string {
	if s < 0 || int(s) >= N {
		return ""
	}
	return keys[s]
}

// ParseStage reads a stage's key.
func ParseStage(k string) (Stage, bool) {
	for i, v := range keys {
		if v == k {
			return Stage(i), true
		}
	}
	return 0, false
}

// Enrolment is one training enrolment of the enterprise.
type Enrolment struct {
	Completed bool      // the programme's attendance rule was met when it finished
	EndsOn    time.Time // the stage's last day, zero when not set
	UpdatedAt time.Time // when the enrolment last changed (the programme finished)
}

// Product is one product of the enterprise.
type Product struct {
	Validation  siapekspor.ValidationStatus
	ValidatedAt time.Time // zero when not known
}

// StepAt is one move of a match's history.
type StepAt struct {
	To siapekspor.MatchStep
	At time.Time
}

// Match is one match of the enterprise's products with a buyer's request.
type Match struct {
	CreatedAt time.Time
	Step      siapekspor.MatchStep // where it stands
	LostFrom  siapekspor.MatchStep // the step it was lost at, when lost
	StepAt    time.Time            // when it reached Step
	Steps     []StepAt             // its history (may be empty)
}

// Facts is what the registry knows of one enterprise that moves it along
// the funnel.
type Facts struct {
	Registered  time.Time // the record's creation
	Assessments []time.Time
	Enrolments  []Enrolment
	Products    []Product
	Matches     []Match
	ExportDates []time.Time // its realised export records' dates
	// ExportStatus is the enterprise's stored status: a first export or
	// regular status set by hand counts without a record (undated).
	ExportStatus siapekspor.ExportStatus
}

// Reach is when an enterprise reached a stage.
type Reach struct {
	OK bool      // it reached the stage (or a later one)
	At time.Time // as of this date (a day)
	// Dated: At is the date of an event of the stage or a later one; false
	// when no reached stage from here on has a date of its own (an export
	// status set by hand), and At is then the registration date.
	Dated bool
	// Own: At is the date of this stage's own event (not one passed over on
	// the way to a later stage); only such a stage has a time spent in it.
	Own bool
}

// Path is an enterprise's way through the funnel: for each stage, whether
// and when it reached it or any later stage. A firm that exports without
// ever being assessed has passed the assessment stage too (on the date of
// its next dated stage): the funnel counts how far firms got, and each
// stage's count includes everyone beyond it.
type Path [N]Reach

// own is each stage's own date from the facts: the stage rules.
func own(f Facts) (at [N]time.Time, reached [N]bool) {
	set := func(s Stage, t time.Time) {
		if t.IsZero() {
			reached[s] = true // reached, but undated
			return
		}
		if !reached[s] || at[s].IsZero() || t.Before(at[s]) {
			at[s] = t
		}
		reached[s] = true
	}
	set(Registered, f.Registered)
	// Assessed: the first assessment of any kind (self, officer, mentor).
	for _, t := range f.Assessments {
		set(Assessed, t)
	}
	// Trained: an enrolment completed by the programme's attendance rule,
	// as of the last day of its stage (or when the programme was finished).
	for _, e := range f.Enrolments {
		if !e.Completed {
			continue
		}
		if !e.EndsOn.IsZero() {
			set(Trained, e.EndsOn)
		} else {
			set(Trained, e.UpdatedAt)
		}
	}
	// Validated: a product approved now, as of its approval. A product
	// changed back to draft after approval no longer counts.
	for _, p := range f.Products {
		if p.Validation == siapekspor.ValidationApproved {
			set(Validated, p.ValidatedAt)
		}
	}
	// Matched: any match, whatever became of it, as of its creation. Met a
	// buyer and contract: a match that reached the meeting (the contract)
	// step or beyond — also one lost after it — as of the first move there.
	for _, m := range f.Matches {
		set(Matched, m.CreatedAt)
		for _, s := range []Stage{MetBuyer, Contract} {
			if t, ok := m.reached(stepOf(s)); ok {
				set(s, t)
			}
		}
	}
	// First export: the first export record; regular: the first record in
	// a later calendar year than the first (ExportStatusFrom's rule). A
	// status set by hand counts without a date.
	if len(f.ExportDates) > 0 {
		first := f.ExportDates[0]
		for _, t := range f.ExportDates[1:] {
			if t.Before(first) {
				first = t
			}
		}
		set(FirstExport, first)
		var regular time.Time
		for _, t := range f.ExportDates {
			if t.Year() > first.Year() && (regular.IsZero() || t.Before(regular)) {
				regular = t
			}
		}
		if !regular.IsZero() {
			set(RegularExporter, regular)
		}
	}
	switch f.ExportStatus {
	case siapekspor.ExportRegular:
		if !reached[RegularExporter] {
			set(RegularExporter, time.Time{})
		}
		fallthrough
	case siapekspor.ExportFirst:
		if !reached[FirstExport] {
			set(FirstExport, time.Time{})
		}
	}
	return at, reached
}

// stepOf is the pipeline step a match must reach for a stage.
func stepOf(s Stage) siapekspor.MatchStep {
	if s == Contract {
		return siapekspor.StepContract
	}
	return siapekspor.StepMeeting
}

// reached reports whether the match reached step (or a later one) and the
// first time it did: from its history, else its current step's date.
func (m Match) reached(step siapekspor.MatchStep) (time.Time, bool) {
	var first time.Time
	for _, s := range m.Steps {
		if s.To.Order() >= step.Order() && (first.IsZero() || s.At.Before(first)) {
			first = s.At
		}
	}
	if !first.IsZero() {
		return first, true
	}
	switch {
	case m.Step.Order() >= step.Order():
		return m.StepAt, true
	case m.Step == siapekspor.StepLost && m.LostFrom.Order() >= step.Order():
		return time.Time{}, true
	}
	return time.Time{}, false
}

// PathOf is the enterprise's path through the funnel. Dates are days (UTC).
func PathOf(f Facts) Path {
	at, reached := own(f)
	var p Path
	reg := day(f.Registered)
	var next time.Time // the earliest dated reach from the later stages
	any := false       // a later stage was reached
	for s := N - 1; s >= 0; s-- {
		if reached[s] {
			any = true
			if !at[s].IsZero() && (next.IsZero() || at[s].Before(next)) {
				next = at[s]
			}
		}
		if !any {
			continue
		}
		if next.IsZero() {
			p[s] = Reach{OK: true, At: reg}
		} else {
			p[s] = Reach{OK: true, At: day(next), Dated: true, Own: reached[s] && !at[s].IsZero() && day(at[s]).Equal(day(next))}
		}
	}
	p[Registered] = Reach{OK: true, At: reg, Dated: true, Own: true}
	return p
}

func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Furthest is the last stage the path reached.
func (p Path) Furthest() Stage {
	for s := N - 1; s > 0; s-- {
		if p[s].OK {
			return Stage(s)
		}
	}
	return Registered
}

// ReachedBy reports whether the enterprise had reached stage s by the end
// of day asOf.
func (p Path) ReachedBy(s Stage, asOf time.Time) bool {
	return p[s].OK && !p[s].At.After(day(asOf))
}

// Entry is what one enterprise adds to the summary figures for one stage:
// the year it reached the stage, and — when it entered the stage by its own
// event and went on to a dated next stage — the days it spent in it. A
// stage passed over (an exporter never matched) has no time in it.
type Entry struct {
	Stage Stage
	Year  int
	Moved bool // entered by its own event, went on to a dated next stage
	Days  int  // days between the two, when Moved
}

// Entries are the path's contributions to the summary, one per stage
// reached.
func (p Path) Entries() []Entry {
	out := make([]Entry, 0, N)
	for s := 0; s < N; s++ {
		r := p[s]
		if !r.OK {
			break
		}
		e := Entry{Stage: Stage(s), Year: r.At.Year()}
		if s+1 < N && p[s+1].OK && r.Own && p[s+1].Dated {
			e.Moved = true
			e.Days = int(p[s+1].At.Sub(r.At).Hours() / 24)
		}
		out = append(out, e)
	}
	return out
}
