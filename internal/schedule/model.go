package schedule

import (
	"fmt"
	"time"
)

// Priority of a meeting request, as the one who asked it put it.
type Priority string

const (
	Must  Priority = "must"
	Want  Priority = "want"
	Could Priority = "could"
)

// Priorities in falling order.
var Priorities = []Priority{Must, Want, Could}

// Factor multiplies the match score into a request's weight: must 3, want 2,
// could 1 — a must at score 40 (120) outweighs a could at 100, a want at 61
// (122) outweighs a must at 40. 0 for an unknown priority.
func (p Priority) Factor() int {
	switch p {
	case Must:
		return 3
	case Want:
		return 2
	case Could:
		return 1
	}
	return 0
}

// Weight of a meeting: priority factor × match score (0–100), so 0–300.
func Weight(p Priority, score int) int { return p.Factor() * score }

// Side of a participant.
type Side string

const (
	SideEnterprise Side = "enterprise"
	SideBuyer      Side = "buyer"
)

// Interval is a span of time, start included, end excluded.
type Interval struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// Overlaps reports whether the two share a moment.
func (iv Interval) Overlaps(o Interval) bool {
	return iv.Start.Before(o.End) && o.Start.Before(iv.End)
}

// Contains reports whether o lies wholly within iv.
func (iv Interval) Contains(o Interval) bool {
	return !o.Start.Before(iv.Start) && !o.End.After(iv.End)
}

func (iv Interval) String() string {
	if iv.Start.Year() == iv.End.Year() && iv.Start.YearDay() == iv.End.YearDay() {
		return iv.Start.Format("2006-01-02 15:04") + "–" + iv.End.Format("15:04")
	}
	return iv.Start.Format("2006-01-02 15:04") + "–" + iv.End.Format("2006-01-02 15:04")
}

// Slot is one meeting time of the event. IDs are positive and unique; every
// table can hold one meeting per slot.
type Slot struct {
	ID    int64     `json:"id"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// Interval of the slot.
func (s Slot) Interval() Interval { return Interval{s.Start, s.End} }

// Participant is an enterprise or a buyer taking part. IDs are unique per
// side (an enterprise and a buyer may share a number).
type Participant struct {
	ID   int64  `json:"id"`
	Name string `json:"name,omitempty"` // for messages; "#ID" when empty
	// Available: the times the participant is there; a slot counts when it
	// lies wholly inside one of them. Empty: the whole event.
	Available []Interval `json:"available,omitempty"`
	// Max meetings; 0 means no limit but the slots.
	Max int `json:"max,omitempty"`
}

func (p Participant) label() string {
	if p.Name != "" {
		return p.Name
	}
	return fmt.Sprintf("#%d", p.ID)
}

// Request is an accepted meeting request between an enterprise and a buyer
// (whoever asked). Two requests of one pair are alternatives: the pair
// meets at most once, under the request of the higher weight.
type Request struct {
	ID         int64    `json:"id"`
	Enterprise int64    `json:"enterprise_id"`
	Buyer      int64    `json:"buyer_id"`
	Priority   Priority `json:"priority"`
	Score      int      `json:"score"` // match score 0–100
}

// Weight of the request (Weight(Priority, Score)).
func (r Request) Weight() int { return Weight(r.Priority, r.Score) }

// Pin is an organiser's decision that a request's meeting takes place,
// at a fixed slot and/or table when given (0: the scheduler chooses).
// Moving a meeting by hand is pinning it where it goes; removing one is
// leaving its request out of the event.
type Pin struct {
	Request int64 `json:"request_id"`
	Slot    int64 `json:"slot_id,omitempty"`
	Table   int   `json:"table,omitempty"` // 1…Tables
}

// Event is everything the scheduler reads.
type Event struct {
	Slots []Slot `json:"slots"`
	// Breaks: no slot may overlap one (MakeSlots leaves them out).
	Breaks      []Interval    `json:"breaks,omitempty"`
	Tables      int           `json:"tables"` // tables or virtual rooms, ≥ 1
	Enterprises []Participant `json:"enterprises"`
	Buyers      []Participant `json:"buyers"`
	Requests    []Request     `json:"requests"` // accepted ones only
	Pins        []Pin         `json:"pins,omitempty"`
}

// MakeSlots cuts each day (a span of the event) into consecutive slots of
// the given length, starting a slot after a break that would overlap it.
// Slots are numbered 1, 2, … in time order.
func MakeSlots(days []Interval, length time.Duration, breaks []Interval) []Slot {
	if length <= 0 {
		return nil
	}
	var out []Slot
	for _, d := range days {
		for t := d.Start; !t.Add(length).After(d.End); {
			s := Interval{t, t.Add(length)}
			clash := false
			for _, b := range breaks {
				if b.Overlaps(s) {
					if b.End.After(t) {
						t = b.End
					}
					clash = true
				}
			}
			if clash {
				continue
			}
			out = append(out, Slot{ID: int64(len(out) + 1), Start: s.Start, End: s.End})
			t = s.End
		}
	}
	return out
}

// Meeting is one scheduled meeting.
type Meeting struct {
	Request    int64 `json:"request_id"`
	Enterprise int64 `json:"enterprise_id"`
	Buyer      int64 `json:"buyer_id"`
	Slot       int64 `json:"slot_id"`
	Table      int   `json:"table"` // 1…Tables
	Weight     int   `json:"weight"`
	Pinned     bool  `json:"pinned,omitempty"`
}

// Unscheduled is an accepted request left without a meeting, with the
// reason as a message key and its arguments.
type Unscheduled struct {
	Request int64  `json:"request_id"`
	Key     string `json:"key"`
	Args    []any  `json:"args,omitempty"`
}

// Reasons a request has no meeting (message keys).
const (
	// Another request of the same pair has the meeting. Args: its ID.
	ReasonSamePair = "schedule.reason.same_pair"
	// The two are never free at the same slot.
	ReasonNoCommonSlot = "schedule.reason.no_common_slot"
	// The enterprise (buyer) has its maximum of meetings. Args: the maximum.
	ReasonEnterpriseFull = "schedule.reason.enterprise_full"
	ReasonBuyerFull      = "schedule.reason.buyer_full"
	// Every slot the two share is taken, by meetings worth more under the rule.
	ReasonCrowded = "schedule.reason.crowded"
)

// Rule says what the scheduler maximises after the must-meetings
// (docs/schedule-method.md). Under every rule the first aim is the number
// of must-meetings: no other meeting takes the place of a must.
type Rule string

const (
	// CoverFirst: after the musts, the number of enterprises with at
	// least one meeting, then the total weight. The default.
	CoverFirst Rule = "cover-first"
	// WeightOnly: after the musts, the total weight alone.
	WeightOnly Rule = "weight-only"
)

// Options of a run. The zero value is the default.
type Options struct {
	Rule Rule  `json:"rule,omitempty"` // "" = CoverFirst
	Seed int64 `json:"seed,omitempty"` // ties and search order; same seed, same agenda
	// Effort scales the local search (passes and search budget); 0 = 1.
	Effort int `json:"effort,omitempty"`
}

// Result of a run.
type Result struct {
	Rule Rule `json:"rule"`
	// Meetings in time order, then by table.
	Meetings []Meeting `json:"meetings"`
	// Unscheduled accepted requests, by request ID.
	Unscheduled []Unscheduled `json:"unscheduled"`
	// Weight achieved, pinned meetings included.
	Weight int `json:"weight"`
	// Bound: no agenda of this event (keeping its pins) weighs more.
	Bound int `json:"bound"`
	// Musts: must-meetings scheduled. MustRequests: must requests (one
	// per pair) whose two sides share a slot. MustBound: no agenda
	// schedules more; Musts = MustBound means no must was given up.
	Musts        int `json:"musts"`
	MustRequests int `json:"must_requests"`
	MustBound    int `json:"must_bound"`
	// Covered: enterprises with at least one meeting. Coverable: those with
	// an accepted request whose two sides share a slot. CoverBound: no
	// agenda with MustBound musts covers more.
	Covered    int `json:"covered"`
	Coverable  int `json:"coverable"`
	CoverBound int `json:"cover_bound"`
	// RuleBound: no agenda better under the rule's earlier aims (musts,
	// then under CoverFirst the enterprises covered) weighs more; the
	// weight bound that applies when those aims reach their bounds.
	RuleBound int `json:"rule_bound"`
	// Optimal: no agenda is better under the rule — the agenda reaches
	// the relaxation's bound, or a small event was searched through.
	Optimal bool `json:"optimal"`
	// Spread[k]: coverable enterprises with k meetings, the last entry k ≥ 4.
	Spread [5]int `json:"spread"`
}

// Ratio is Weight ÷ Bound (1 when the bound is 0).
func (r *Result) Ratio() float64 { return ratio(r.Weight, r.Bound) }

// RuleRatio is Weight ÷ RuleBound (1 when the bound is 0): what the rule
// costs aside, how close the agenda comes to the best.
func (r *Result) RuleRatio() float64 { return ratio(r.Weight, r.RuleBound) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}
