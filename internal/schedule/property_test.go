package schedule

import (
	"math/rand/v2"
	"testing"
)

// randomEvent is a random event of 3–12 slots, 1–6 tables, 3–15
// enterprises and 2–8 buyers, each there at a random set of slots with a
// maximum of 0–5 meetings. With planted, the must requests are the
// meetings of an agenda built at random first (so they all fit
// together) and the rest are want or could; without, any request may be
// a must.
func randomEvent(rng *rand.Rand, planted bool) *Event {
	S := 3 + rng.IntN(10)
	ev := &Event{Slots: slotsFrom09(S), Tables: 1 + rng.IntN(6)}
	crowd := func(n int) []Participant {
		out := make([]Participant, n)
		for i := range out {
			out[i] = Participant{ID: int64(i + 1), Max: rng.IntN(6)}
			if rng.IntN(2) == 0 {
				for _, s := range ev.Slots {
					if rng.IntN(4) > 0 {
						out[i].Available = append(out[i].Available, s.Interval())
					}
				}
				if len(out[i].Available) == 0 {
					out[i].Available = []Interval{ev.Slots[rng.IntN(S)].Interval()}
				}
			}
		}
		return out
	}
	ev.Enterprises, ev.Buyers = crowd(3+rng.IntN(13)), crowd(2+rng.IntN(7))
	here := func(p Participant, s int) bool {
		if len(p.Available) == 0 {
			return true
		}
		for _, iv := range p.Available {
			if iv.Contains(ev.Slots[s].Interval()) {
				return true
			}
		}
		return false
	}
	type pair struct{ e, b int }
	used := map[pair]bool{}
	add := func(e, b int, p Priority) {
		used[pair{e, b}] = true
		ev.Requests = append(ev.Requests, Request{ID: int64(len(ev.Requests) + 1), Enterprise: int64(e + 1),
			Buyer: int64(b + 1), Priority: p, Score: rng.IntN(101)})
	}
	if planted {
		busy, perSlot := map[[3]int]bool{}, make([]int, S)
		load := [2][]int{make([]int, len(ev.Enterprises)), make([]int, len(ev.Buyers))}
		fits := func(p Participant, n int) bool { return p.Max == 0 || n < p.Max }
		for range 3 * S {
			e, b, s := rng.IntN(len(ev.Enterprises)), rng.IntN(len(ev.Buyers)), rng.IntN(S)
			pe, pb := ev.Enterprises[e], ev.Buyers[b]
			if used[pair{e, b}] || perSlot[s] == ev.Tables || busy[[3]int{0, e, s}] || busy[[3]int{1, b, s}] ||
				!here(pe, s) || !here(pb, s) || !fits(pe, load[0][e]) || !fits(pb, load[1][b]) {
				continue
			}
			busy[[3]int{0, e, s}], busy[[3]int{1, b, s}] = true, true
			perSlot[s]++
			load[0][e]++
			load[1][b]++
			add(e, b, Must)
		}
	}
	for range rng.IntN(40) {
		e, b := rng.IntN(len(ev.Enterprises)), rng.IntN(len(ev.Buyers))
		p := Priorities[rng.IntN(3)]
		if planted {
			p = Priorities[1+rng.IntN(2)]
		}
		if !used[pair{e, b}] || !planted && rng.IntN(4) == 0 { // sometimes both sides ask
			add(e, b, p)
		}
	}
	return ev
}

// TestPropertyRandomEvents solves random events, some with pins taken
// from an earlier agenda, and checks the rules directly: nobody in two
// places at once, no table twice in a slot, everyone there, nobody over
// their maximum, every must placed when the musts fit together — and the
// agenda passes Check and stays within the bounds.
func TestPropertyRandomEvents(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 3))
	const runs = 400
	for k := range runs {
		planted := k%2 == 0
		ev := randomEvent(rng, planted)
		if k%3 == 0 {
			res, err := Solve(ev, Options{Seed: int64(k)})
			if err != nil {
				t.Fatalf("event %d: %v", k, err)
			}
			pinSome(rng, ev, res.Meetings)
		}
		rule := []Rule{CoverFirst, WeightOnly}[k%4/2]
		res, err := Solve(ev, Options{Rule: rule, Seed: int64(k)})
		if err != nil {
			t.Fatalf("event %d: %v", k, err)
		}
		if err := Check(ev, res.Meetings); err != nil {
			t.Errorf("event %d: %v", k, err)
		}
		slot := map[int64]Slot{}
		for _, s := range ev.Slots {
			slot[s.ID] = s
		}
		type at struct {
			who  [2]int64 // side (0 enterprise, 1 buyer, 2 table), ID
			slot int64
		}
		seen := map[at]bool{}
		count := map[[2]int64]int{}
		for _, m := range res.Meetings {
			for _, w := range [][2]int64{{0, m.Enterprise}, {1, m.Buyer}, {2, int64(m.Table)}} {
				if seen[at{w, m.Slot}] {
					t.Fatalf("event %d: %v twice at slot %d\n%+v", k, w, m.Slot, res.Meetings)
				}
				seen[at{w, m.Slot}] = true
				count[w]++
			}
			if m.Table < 1 || m.Table > ev.Tables {
				t.Fatalf("event %d: table %d of %d", k, m.Table, ev.Tables)
			}
			for side, p := range []Participant{find(ev.Enterprises, m.Enterprise), find(ev.Buyers, m.Buyer)} {
				if !attends(p, slot[m.Slot]) {
					t.Fatalf("event %d: participant %d of side %d away at slot %d", k, p.ID, side, m.Slot)
				}
				if p.Max > 0 && count[[2]int64{int64(side), p.ID}] > p.Max {
					t.Fatalf("event %d: participant %d of side %d over its maximum %d", k, p.ID, side, p.Max)
				}
			}
		}
		if planted && res.Musts != res.MustRequests {
			t.Errorf("event %d: %d of %d musts placed, and they fit together", k, res.Musts, res.MustRequests)
		}
		if res.Musts > res.MustBound || res.Weight > res.Bound || res.Covered > res.Coverable {
			t.Errorf("event %d: over a bound %+v", k, res)
		}
	}
}

func find(ps []Participant, id int64) Participant {
	for _, p := range ps {
		if p.ID == id {
			return p
		}
	}
	panic("no participant")
}

func attends(p Participant, s Slot) bool {
	if len(p.Available) == 0 {
		return true
	}
	for _, iv := range p.Available {
		if !s.Start.Before(iv.Start) && !s.End.After(iv.End) {
			return true
		}
	}
	return false
}
