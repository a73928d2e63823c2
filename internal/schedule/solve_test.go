package schedule

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
)

// slotsFrom09 makes n half-hour slots from 09:00, numbered 1…n.
func slotsFrom09(n int) []Slot {
	return MakeSlots([]Interval{{at(0, 9, 0), at(0, 9, 30*n)}}, 30*time.Minute, nil)
}

func people(ids ...int64) []Participant {
	out := make([]Participant, len(ids))
	for i, id := range ids {
		out[i] = Participant{ID: id}
	}
	return out
}

// fairnessExample is the example of docs/schedule-method.md: buyer 1 can
// take one meeting; enterprise 1 wants it (want, 90) and must meet buyer
// 2 (must, 80); enterprise 2 only asked buyer 1 (could, 60).
func fairnessExample() *Event {
	ev := &Event{Slots: slotsFrom09(2), Tables: 2, Enterprises: people(1, 2), Buyers: people(1, 2)}
	ev.Buyers[0].Max = 1
	ev.Requests = []Request{
		{ID: 1, Enterprise: 1, Buyer: 1, Priority: Want, Score: 90},
		{ID: 2, Enterprise: 1, Buyer: 2, Priority: Must, Score: 80},
		{ID: 3, Enterprise: 2, Buyer: 1, Priority: Could, Score: 60},
	}
	return ev
}

func requestsOf(ms []Meeting) []int64 {
	var out []int64
	for _, m := range ms {
		out = append(out, m.Request)
	}
	slices.Sort(out)
	return out
}

func mustSolve(t *testing.T, ev *Event, opt Options) *Result {
	t.Helper()
	res, err := Solve(ev, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(ev, res.Meetings); err != nil {
		t.Fatalf("the agenda breaks a rule: %v", err)
	}
	return res
}

func TestWeights(t *testing.T) {
	for _, c := range []struct {
		p     Priority
		score int
		want  int
	}{{Must, 40, 120}, {Want, 61, 122}, {Could, 100, 100}, {Must, 0, 0}, {"later", 90, 0}} {
		if got := Weight(c.p, c.score); got != c.want {
			t.Errorf("Weight(%s, %d) = %d, want %d", c.p, c.score, got, c.want)
		}
	}
}

func TestMakeSlots(t *testing.T) {
	day := []Interval{{at(0, 9, 0), at(0, 16, 0)}}
	lunch := []Interval{{at(0, 12, 0), at(0, 13, 0)}}
	got := MakeSlots(day, 30*time.Minute, lunch)
	if len(got) != 12 || got[5].End != at(0, 12, 0) || got[6].Start != at(0, 13, 0) || got[11].ID != 12 {
		t.Errorf("a day with lunch: %d slots %v", len(got), got)
	}
	// A break off the grid: the next slot starts when it ends.
	got = MakeSlots([]Interval{{at(0, 9, 0), at(0, 11, 0)}}, 30*time.Minute, []Interval{{at(0, 9, 45), at(0, 10, 0)}})
	want := []time.Time{at(0, 9, 0), at(0, 10, 0), at(0, 10, 30)}
	if len(got) != len(want) {
		t.Fatalf("slots %v", got)
	}
	for i, s := range got {
		if s.Start != want[i] {
			t.Errorf("slot %d starts %v, want %v", i, s.Start, want[i])
		}
	}
	ev := &Event{Slots: MakeSlots(day, 30*time.Minute, lunch), Breaks: lunch, Tables: 1}
	if err := ev.Validate(); err != nil {
		t.Errorf("MakeSlots' slots do not validate: %v", err)
	}
	if MakeSlots(day, 0, nil) != nil {
		t.Error("a zero length made slots")
	}
}

// TestFairnessRule is the documented example: weight alone gives the
// popular buyer to the enterprise that has another meeting anyway and
// leaves the other with none; CoverFirst gives both a meeting.
func TestFairnessRule(t *testing.T) {
	for _, c := range []struct {
		rule          Rule
		meetings      []int64
		weight, cover int
		left          Unscheduled
	}{
		{CoverFirst, []int64{2, 3}, 300, 2, Unscheduled{Request: 1, Key: ReasonBuyerFull, Args: []any{1}}},
		{WeightOnly, []int64{1, 2}, 420, 1, Unscheduled{Request: 3, Key: ReasonBuyerFull, Args: []any{1}}},
	} {
		res := mustSolve(t, fairnessExample(), Options{Rule: c.rule})
		if got := requestsOf(res.Meetings); !slices.Equal(got, c.meetings) {
			t.Errorf("%s: meetings of requests %v, want %v", c.rule, got, c.meetings)
		}
		if res.Weight != c.weight || res.Covered != c.cover || res.Coverable != 2 {
			t.Errorf("%s: weight %d covered %d of %d", c.rule, res.Weight, res.Covered, res.Coverable)
		}
		if !reflect.DeepEqual(res.Unscheduled, []Unscheduled{c.left}) {
			t.Errorf("%s: unscheduled %+v", c.rule, res.Unscheduled)
		}
		if res.Bound != 420 || res.MustBound != 1 || res.Musts != 1 || res.MustRequests != 1 || res.CoverBound != 2 {
			t.Errorf("%s: bounds %d, %d, %d; %d of %d musts", c.rule, res.Bound, res.MustBound, res.CoverBound, res.Musts, res.MustRequests)
		}
		if res.RuleBound != c.weight {
			t.Errorf("%s: rule bound %d", c.rule, res.RuleBound)
		}
	}
}

// A complete bipartite event with as many slots as meetings per person
// needs a proper edge colouring: the greedy alone gets stuck, the swaps
// must finish it. Every order of requests is tried through the seed.
func TestEveryMeetingFitsWhenTheSlotsAllow(t *testing.T) {
	for seed := range int64(20) {
		ev := &Event{Slots: slotsFrom09(4), Tables: 4, Enterprises: people(1, 2, 3, 4), Buyers: people(1, 2, 3, 4)}
		id := int64(1)
		for e := int64(1); e <= 4; e++ {
			for b := int64(1); b <= 4; b++ {
				ev.Requests = append(ev.Requests, Request{ID: id, Enterprise: e, Buyer: b, Priority: Want, Score: int(6 * id)})
				id++
			}
		}
		// Pin two meetings of one slot so that the search starts crooked.
		ev.Pins = []Pin{{Request: 1, Slot: 2}, {Request: 6, Slot: 2, Table: 4}}
		res := mustSolve(t, ev, Options{Seed: seed})
		if len(res.Meetings) != 16 || res.Weight != res.Bound {
			t.Errorf("seed %d: %d meetings, weight %d of %d", seed, len(res.Meetings), res.Weight, res.Bound)
		}
	}
}

func TestPinsAreKept(t *testing.T) {
	ev := &Event{Slots: slotsFrom09(3), Tables: 2, Enterprises: people(1, 2, 3), Buyers: people(1, 2)}
	ev.Requests = []Request{
		{ID: 1, Enterprise: 1, Buyer: 1, Priority: Must, Score: 100},
		{ID: 2, Enterprise: 2, Buyer: 1, Priority: Must, Score: 100},
		{ID: 3, Enterprise: 3, Buyer: 1, Priority: Could, Score: 10},
		{ID: 4, Enterprise: 3, Buyer: 2, Priority: Could, Score: 5},
	}
	ev.Buyers[0].Max = 2
	// The organiser wants buyer 1 to meet enterprise 3 (the lightest) at
	// 09:30, table 2, and enterprise 3 to see buyer 2 at some table.
	ev.Pins = []Pin{{Request: 3, Slot: 2, Table: 2}, {Request: 4}}
	res := mustSolve(t, ev, Options{})
	byReq := map[int64]Meeting{}
	for _, m := range res.Meetings {
		byReq[m.Request] = m
	}
	if m := byReq[3]; m.Slot != 2 || m.Table != 2 || !m.Pinned {
		t.Errorf("pin at 09:30 table 2 not kept: %+v", m)
	}
	if m, ok := byReq[4]; !ok || !m.Pinned || m.Slot == 2 {
		t.Errorf("pin without slot not kept: %+v", m)
	}
	if len(res.Meetings) != 3 || res.Weight != 300+10+5 {
		t.Errorf("meetings %+v weight %d", res.Meetings, res.Weight)
	}
	// The bound counts the pins and the one meeting buyer 1 has left.
	if res.Bound != 315 {
		t.Errorf("bound %d", res.Bound)
	}
}

func TestPinsThatCannotAllBePlaced(t *testing.T) {
	// Two pinned meetings of enterprise 1 without a slot, and it is there
	// for one slot only.
	ev := &Event{Slots: slotsFrom09(2), Tables: 2, Enterprises: people(1), Buyers: people(1, 2)}
	ev.Enterprises[0].Available = []Interval{ev.Slots[0].Interval()}
	ev.Requests = []Request{{ID: 1, Enterprise: 1, Buyer: 1, Priority: Must, Score: 50}, {ID: 2, Enterprise: 1, Buyer: 2, Priority: Must, Score: 50}}
	ev.Pins = []Pin{{Request: 1}, {Request: 2}}
	_, err := Solve(ev, Options{})
	var es InputErrors
	if !errors.As(err, &es) || !es.Has(ErrPinsUnplaceable) {
		t.Errorf("got %v", err)
	}
}

func TestOnePairMeetsOnce(t *testing.T) {
	ev := &Event{Slots: slotsFrom09(3), Tables: 1, Enterprises: people(7), Buyers: people(9)}
	ev.Requests = []Request{
		{ID: 4, Enterprise: 7, Buyer: 9, Priority: Could, Score: 90}, // asked by the enterprise
		{ID: 5, Enterprise: 7, Buyer: 9, Priority: Want, Score: 90},  // and by the buyer
	}
	res := mustSolve(t, ev, Options{})
	if got := requestsOf(res.Meetings); !slices.Equal(got, []int64{5}) {
		t.Errorf("meetings %v", got)
	}
	if want := []Unscheduled{{Request: 4, Key: ReasonSamePair, Args: []any{int64(5)}}}; !reflect.DeepEqual(res.Unscheduled, want) {
		t.Errorf("unscheduled %+v", res.Unscheduled)
	}
	// Pinned, the lighter one is the meeting.
	ev.Pins = []Pin{{Request: 4}}
	if got := requestsOf(mustSolve(t, ev, Options{}).Meetings); !slices.Equal(got, []int64{4}) {
		t.Errorf("pinned: meetings %v", got)
	}
}

func TestReasons(t *testing.T) {
	ev := &Event{Slots: slotsFrom09(2), Tables: 1, Enterprises: people(1, 2, 3), Buyers: people(1, 2, 3)}
	s1, s2 := ev.Slots[0].Interval(), ev.Slots[1].Interval()
	ev.Enterprises[0].Max = 1
	ev.Enterprises[2].Available = []Interval{s1}
	ev.Buyers[2].Available = []Interval{s2}
	ev.Requests = []Request{
		{ID: 1, Enterprise: 1, Buyer: 1, Priority: Must, Score: 100},
		{ID: 2, Enterprise: 1, Buyer: 2, Priority: Could, Score: 10}, // enterprise 1 has its one meeting
		{ID: 3, Enterprise: 3, Buyer: 3, Priority: Must, Score: 100}, // never there together
		{ID: 4, Enterprise: 2, Buyer: 2, Priority: Must, Score: 90},
		{ID: 5, Enterprise: 3, Buyer: 1, Priority: Could, Score: 20}, // one table: 09:00 and 09:30 are taken
	}
	res := mustSolve(t, ev, Options{})
	want := []Unscheduled{
		{Request: 2, Key: ReasonEnterpriseFull, Args: []any{1}},
		{Request: 3, Key: ReasonNoCommonSlot},
		{Request: 5, Key: ReasonCrowded},
	}
	if got := requestsOf(res.Meetings); !slices.Equal(got, []int64{1, 4}) {
		t.Errorf("meetings %v", got)
	}
	if !reflect.DeepEqual(res.Unscheduled, want) {
		t.Errorf("unscheduled %+v", res.Unscheduled)
	}
	for _, u := range append(res.Unscheduled, Unscheduled{Key: ReasonBuyerFull, Args: []any{3}}, Unscheduled{Key: ReasonSamePair, Args: []any{int64(5)}}) {
		rendered(t, u.Key, u.Args...)
	}
	// Enterprise 3 could meet buyer 1 at 09:00 but only by leaving out a
	// heavier first meeting: two tables-slots, three enterprises.
	if res.Coverable != 3 || res.Covered != 2 || res.Spread != [5]int{1, 2, 0, 0, 0} {
		t.Errorf("covered %d of %d, spread %v", res.Covered, res.Coverable, res.Spread)
	}
}

// Buyers stay at one table and enterprises walk, where the tables allow.
func TestBuyersKeepTheirTable(t *testing.T) {
	ev := &Event{Slots: slotsFrom09(3), Tables: 3, Enterprises: people(1, 2, 3), Buyers: people(1, 2, 3)}
	id := int64(1)
	for e := int64(1); e <= 3; e++ {
		for b := int64(1); b <= 3; b++ {
			ev.Requests = append(ev.Requests, Request{ID: id, Enterprise: e, Buyer: b, Priority: Want, Score: 50})
			id++
		}
	}
	res := mustSolve(t, ev, Options{})
	table := map[int64]int{}
	for _, m := range res.Meetings {
		if t0, ok := table[m.Buyer]; ok && t0 != m.Table {
			t.Errorf("buyer %d moves from table %d to %d", m.Buyer, t0, m.Table)
		}
		table[m.Buyer] = m.Table
	}
	if len(res.Meetings) != 9 {
		t.Errorf("%d meetings", len(res.Meetings))
	}
}

func TestSameSeedSameAgenda(t *testing.T) {
	g := spec{E: 40, B: 12, R: 200, Days: 1, Tables: 8, Partial: 0.4, Dup: 0.05, Popularity: 1, EnterpriseM: [2]int{2, 6}}
	ev := generate(3, g)
	a := mustSolve(t, ev, Options{Seed: 11})
	b := mustSolve(t, ev, Options{Seed: 11})
	if !reflect.DeepEqual(a, b) {
		t.Error("two runs with one seed differ")
	}
}

func TestInputErrors(t *testing.T) {
	base := func() *Event {
		ev := &Event{Slots: slotsFrom09(3), Tables: 2, Enterprises: people(1, 2), Buyers: people(1, 2)}
		ev.Requests = []Request{
			{ID: 1, Enterprise: 1, Buyer: 1, Priority: Must, Score: 80},
			{ID: 2, Enterprise: 2, Buyer: 1, Priority: Want, Score: 70},
			{ID: 3, Enterprise: 2, Buyer: 2, Priority: Could, Score: 60},
		}
		return ev
	}
	if err := base().Validate(); err != nil {
		t.Fatalf("the base event: %v", err)
	}
	for _, c := range []struct {
		name  string
		edit  func(*Event)
		key   string
		field string
		args  []any
	}{
		{"no slots", func(ev *Event) { ev.Slots = nil }, ErrNoSlots, "slots", nil},
		{"overlapping slots", func(ev *Event) { ev.Slots[1].Start = at(0, 9, 15) },
			ErrSlotsOverlap, "slots[1]", []any{"2026-09-14 09:00–09:30", "2026-09-14 09:15–10:00"}},
		{"a slot ending before it starts", func(ev *Event) { ev.Slots[2].End = ev.Slots[2].Start }, ErrSlotEmpty, "slots[2]", []any{"2026-09-14 10:00–10:00"}},
		{"two slots with one number", func(ev *Event) { ev.Slots[2].ID = 1 }, ErrSlotID, "slots[2]", []any{"2026-09-14 10:00–10:30"}},
		{"a slot in a break", func(ev *Event) { ev.Breaks = []Interval{{at(0, 9, 45), at(0, 10, 15)}} },
			ErrSlotInBreak, "slots[1]", []any{"2026-09-14 09:30–10:00", "2026-09-14 09:45–10:15"}},
		{"a break ending before it starts", func(ev *Event) { ev.Breaks = []Interval{{at(0, 12, 0), at(0, 11, 0)}} },
			ErrBreakEmpty, "breaks[0]", []any{"2026-09-14 12:00–11:00"}},
		{"no tables", func(ev *Event) { ev.Tables = 0 }, ErrNoTables, "tables", nil},
		{"a participant away all day", func(ev *Event) {
			ev.Buyers[1].Name = "PT Kopi Dunia"
			ev.Buyers[1].Available = []Interval{{at(1, 9, 0), at(1, 16, 0)}}
		}, ErrUnavailable, "buyers[1]", []any{"PT Kopi Dunia"}},
		{"a participant twice", func(ev *Event) { ev.Enterprises[1].ID = 1 }, ErrParticipantID, "enterprises[1]", []any{"#1"}},
		{"a negative maximum", func(ev *Event) { ev.Enterprises[0].Max = -1 }, ErrMaxNegative, "enterprises[0]", []any{"#1"}},
		{"a request to an enterprise not at the event", func(ev *Event) { ev.Requests[1].Enterprise = 5 },
			ErrUnknownEnterprise, "requests[1]", []any{int64(2), int64(5)}},
		{"a request to a buyer not at the event", func(ev *Event) { ev.Requests[2].Buyer = 8 },
			ErrUnknownBuyer, "requests[2]", []any{int64(3), int64(8)}},
		{"an unknown priority", func(ev *Event) { ev.Requests[0].Priority = "urgent" }, ErrPriority, "requests[0]", []any{int64(1), "urgent"}},
		{"a score over 100", func(ev *Event) { ev.Requests[0].Score = 101 }, ErrScore, "requests[0]", []any{int64(1), 101}},
		{"a request twice", func(ev *Event) { ev.Requests[2].ID = 1 }, ErrRequestID, "requests[2]", []any{int64(1)}},
		{"a pin of an unknown request", func(ev *Event) { ev.Pins = []Pin{{Request: 9}} }, ErrPinUnknownRequest, "pins[0]", []any{int64(9)}},
		{"a request pinned twice", func(ev *Event) { ev.Pins = []Pin{{Request: 1}, {Request: 1, Slot: 2}} }, ErrPinTwice, "pins[1]", []any{int64(1)}},
		{"one person pinned twice in one slot", func(ev *Event) { ev.Pins = []Pin{{Request: 1, Slot: 2}, {Request: 2, Slot: 2}} },
			ErrPinPersonTwice, "pins[1]", []any{"#1", "2026-09-14 09:30–10:00"}},
		{"one table pinned twice in one slot", func(ev *Event) { ev.Pins = []Pin{{Request: 1, Slot: 3, Table: 2}, {Request: 3, Slot: 3, Table: 2}} },
			ErrPinTableTwice, "pins[1]", []any{2, "2026-09-14 10:00–10:30"}},
		{"more pins in a slot than tables", func(ev *Event) { ev.Tables = 1; ev.Pins = []Pin{{Request: 1, Slot: 1}, {Request: 3, Slot: 1}} },
			ErrPinSlotFull, "pins[1]", []any{"2026-09-14 09:00–09:30", 2, 1}},
		{"more pins than the maximum", func(ev *Event) { ev.Buyers[0].Max = 1; ev.Pins = []Pin{{Request: 1}, {Request: 2}} },
			ErrPinOverMax, "pins[1]", []any{"#1", 2, 1}},
		{"a pin where a participant is away", func(ev *Event) {
			ev.Enterprises[0].Available = []Interval{ev.Slots[0].Interval()}
			ev.Pins = []Pin{{Request: 1, Slot: 3}}
		}, ErrPinUnavailable, "pins[0]", []any{"#1", "2026-09-14 10:00–10:30"}},
		{"a pin of two who never meet", func(ev *Event) {
			ev.Enterprises[0].Available = []Interval{ev.Slots[0].Interval()}
			ev.Buyers[0].Available = []Interval{ev.Slots[1].Interval()}
			ev.Pins = []Pin{{Request: 1}}
		}, ErrPinNoCommonSlot, "pins[0]", []any{"#1", "#1"}},
		{"a pin to an unknown slot", func(ev *Event) { ev.Pins = []Pin{{Request: 1, Slot: 77}} }, ErrPinUnknownSlot, "pins[0]", []any{int64(1), int64(77)}},
		{"a pin to an unknown table", func(ev *Event) { ev.Pins = []Pin{{Request: 1, Table: 3}} }, ErrPinTable, "pins[0]", []any{int64(1), 3, 2}},
		{"one pair pinned twice", func(ev *Event) {
			ev.Requests = append(ev.Requests, Request{ID: 4, Enterprise: 1, Buyer: 1, Priority: Could, Score: 10})
			ev.Pins = []Pin{{Request: 1}, {Request: 4}}
		}, ErrPinPairTwice, "pins[1]", []any{"#1", "#1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ev := base()
			c.edit(ev)
			_, err := Solve(ev, Options{})
			var es InputErrors
			if !errors.As(err, &es) {
				t.Fatalf("got %v", err)
			}
			want := &InputError{Field: c.field, Key: c.key, Args: c.args}
			if !slices.ContainsFunc(es, func(e *InputError) bool { return reflect.DeepEqual(e, want) }) {
				t.Errorf("got %v, want %v", es, want)
			}
			for _, e := range es {
				rendered(t, e.Key, e.Args...)
			}
			// The pages and the API see a validation error.
			de, ok := siapekspor.AsError(err)
			if !ok || de.Code != siapekspor.EInvalid || de.Key != ErrInvalid || len(de.Fields) != len(es) {
				t.Errorf("as a domain error: %+v", de)
			}
			if siapekspor.ErrorCodeOf(err) != siapekspor.EInvalid {
				t.Errorf("error code %q", siapekspor.ErrorCodeOf(err))
			}
		})
	}
}

func TestCheckFindsEveryBrokenRule(t *testing.T) {
	ev := &Event{Slots: slotsFrom09(2), Tables: 2, Enterprises: people(1, 2), Buyers: people(1, 2)}
	ev.Enterprises[1].Max = 1
	ev.Buyers[1].Available = []Interval{ev.Slots[0].Interval()}
	ev.Requests = []Request{
		{ID: 1, Enterprise: 1, Buyer: 1, Priority: Must, Score: 80},
		{ID: 2, Enterprise: 2, Buyer: 1, Priority: Want, Score: 70},
		{ID: 3, Enterprise: 2, Buyer: 2, Priority: Could, Score: 60},
		{ID: 4, Enterprise: 1, Buyer: 1, Priority: Could, Score: 60},
		{ID: 5, Enterprise: 1, Buyer: 2, Priority: Could, Score: 50},
	}
	ev.Pins = []Pin{{Request: 3, Slot: 1}}
	good := []Meeting{
		{Request: 1, Enterprise: 1, Buyer: 1, Slot: 2, Table: 1},
		{Request: 3, Enterprise: 2, Buyer: 2, Slot: 1, Table: 1},
	}
	if err := Check(ev, good); err != nil {
		t.Fatalf("a good agenda: %v", err)
	}
	for _, c := range []struct {
		name     string
		meetings []Meeting
		key      string
	}{
		{"unknown request", append(slices.Clone(good), Meeting{Request: 9, Enterprise: 1, Buyer: 2, Slot: 1, Table: 2}), ErrMeetingUnknown},
		{"wrong sides", append(slices.Clone(good), Meeting{Request: 2, Enterprise: 1, Buyer: 1, Slot: 1, Table: 2}), ErrMeetingParticipants},
		{"a pair twice", append(slices.Clone(good), Meeting{Request: 4, Enterprise: 1, Buyer: 1, Slot: 1, Table: 2}), ErrMeetingTwice},
		{"unknown slot", []Meeting{{Request: 1, Enterprise: 1, Buyer: 1, Slot: 5, Table: 1}, good[1]}, ErrMeetingSlot},
		{"unknown table", []Meeting{{Request: 1, Enterprise: 1, Buyer: 1, Slot: 2, Table: 3}, good[1]}, ErrMeetingTable},
		{"away", []Meeting{good[0], {Request: 3, Enterprise: 2, Buyer: 2, Slot: 2, Table: 2}}, ErrMeetingUnavailable},
		{"two places at once", append(slices.Clone(good), Meeting{Request: 5, Enterprise: 1, Buyer: 2, Slot: 1, Table: 2}), ErrDoubleBooked},
		{"a table twice", []Meeting{{Request: 1, Enterprise: 1, Buyer: 1, Slot: 1, Table: 1}, good[1]}, ErrTableDoubleBooked},
		{"over the maximum", append(slices.Clone(good), Meeting{Request: 2, Enterprise: 2, Buyer: 1, Slot: 2, Table: 2}), ErrOverMax},
		{"a pin moved", []Meeting{good[0], {Request: 3, Enterprise: 2, Buyer: 2, Slot: 1, Table: 2}}, ""},
		{"a pin dropped", good[:1], ErrPinNotKept},
	} {
		err := Check(ev, c.meetings)
		var es InputErrors
		if c.key == "" { // the pin has no table: another table keeps it
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if !errors.As(err, &es) || !es.Has(c.key) {
			t.Errorf("%s: got %v, want %s", c.name, err, c.key)
		}
		for _, e := range es {
			rendered(t, e.Key, e.Args...)
		}
	}
}

func TestDiff(t *testing.T) {
	old := []Meeting{
		{Request: 1, Enterprise: 1, Buyer: 1, Slot: 1, Table: 1},
		{Request: 2, Enterprise: 2, Buyer: 1, Slot: 2, Table: 1},
		{Request: 3, Enterprise: 3, Buyer: 2, Slot: 1, Table: 2},
		{Request: 4, Enterprise: 4, Buyer: 3, Slot: 1, Table: 3},
		{Request: 5, Enterprise: 5, Buyer: 4, Slot: 1, Table: 4},
	}
	next := []Meeting{
		{Request: 1, Enterprise: 1, Buyer: 1, Slot: 1, Table: 1}, // same
		{Request: 2, Enterprise: 2, Buyer: 1, Slot: 3, Table: 1}, // moved in time
		{Request: 3, Enterprise: 3, Buyer: 2, Slot: 1, Table: 5}, // another table
		{Request: 6, Enterprise: 6, Buyer: 2, Slot: 2, Table: 2}, // new
		{Request: 9, Enterprise: 5, Buyer: 4, Slot: 1, Table: 4}, // same pair, same place: no change
		// request 4 removed
	}
	d := Diff(old, next)
	type ch struct {
		kind ChangeKind
		e, b int64
	}
	var got []ch
	for _, c := range d.Changes {
		got = append(got, ch{c.Kind, c.Enterprise, c.Buyer})
	}
	want := []ch{{Moved, 2, 1}, {Moved, 3, 2}, {Removed, 4, 3}, {Added, 6, 2}}
	if !slices.Equal(got, want) {
		t.Errorf("changes %v, want %v", got, want)
	}
	wantNotify := []Party{{SideEnterprise, 2}, {SideEnterprise, 3}, {SideEnterprise, 4}, {SideEnterprise, 6},
		{SideBuyer, 1}, {SideBuyer, 2}, {SideBuyer, 3}}
	if !slices.Equal(d.Notify, wantNotify) {
		t.Errorf("notify %v", d.Notify)
	}
	if of := d.Of(Party{SideBuyer, 2}); len(of) != 2 || of[0].Old.Table != 2 || of[0].New.Table != 5 || of[1].Old != nil {
		t.Errorf("buyer 2's changes %+v", of)
	}
	if d := Diff(old, old); len(d.Changes) != 0 || len(d.Notify) != 0 {
		t.Errorf("no change: %+v", d)
	}
	if Added.Key() != "schedule.change.added" {
		t.Error(Added.Key())
	}
}

// A must is never given up for heavier meetings: buyer 1 has room for one
// meeting, asked as a must at score 10 (weight 30) and as a want at 100
// (200) by another enterprise that has nothing else.
func TestMustBeforeHeavierMeetings(t *testing.T) {
	ev := &Event{Slots: slotsFrom09(2), Tables: 1, Enterprises: people(1, 2), Buyers: people(1)}
	ev.Buyers[0].Max = 1
	ev.Requests = []Request{
		{ID: 1, Enterprise: 1, Buyer: 1, Priority: Must, Score: 10},
		{ID: 2, Enterprise: 2, Buyer: 1, Priority: Want, Score: 100},
	}
	for _, rule := range []Rule{CoverFirst, WeightOnly} {
		res := mustSolve(t, ev, Options{Rule: rule})
		if got := requestsOf(res.Meetings); !slices.Equal(got, []int64{1}) || res.Musts != 1 || !res.Optimal {
			t.Errorf("%s: meetings %v, musts %d, optimal %t", rule, got, res.Musts, res.Optimal)
		}
		if res.Bound != 200 || res.RuleBound != 30 || res.Ratio() != 0.15 {
			t.Errorf("%s: bound %d, rule bound %d, ratio %v", rule, res.Bound, res.RuleBound, res.Ratio())
		}
	}
}

func TestUnknownRule(t *testing.T) {
	ev := fairnessExample()
	_, err := Solve(ev, Options{Rule: "fastest"})
	var es InputErrors
	if !errors.As(err, &es) || len(es) != 1 || !reflect.DeepEqual(es[0], &InputError{Field: "rule", Key: ErrRule, Args: []any{"fastest"}}) {
		t.Fatalf("got %v", err)
	}
	rendered(t, es[0].Key, es[0].Args...)
}
