package schedule

import (
	"cmp"
	"fmt"
	"slices"
)

// Validate reports every problem of the event as InputErrors, or nil.
// Solve validates too; pins that are valid one by one but cannot all be
// placed together are found only by Solve.
func (ev *Event) Validate() error {
	_, err := prepare(ev)
	return err
}

// instance is a validated event in index form: slots by time, participants
// enterprises first, then buyers; requests one per pair.
type instance struct {
	ev     *Event
	slots  []Slot // by start time
	slotIx map[int64]int
	S, T   int
	nE     int
	parts  []Participant // enterprises, then buyers
	sides  []Side
	avail  []bool // participant p at slot s: avail[p*S+s]
	navail []int  // available slots per participant
	pmax   []int  // effective maximum: min(Max, available slots)
	reqs   []req  // one per pair, in request order
	dups   []Unscheduled
	byPart [][]int // requests of each participant
	nres   int     // resources: participants, then the tables named by pins
}

type req struct {
	id     int64
	e, b   int // participant indexes (b ≥ nE)
	w      int
	cand   []int // slots both can attend, in time order
	must   bool
	pinned bool
	fixed  int // slot index of the pin, or -1
	table  int // table of the pin, 0 for none
	tres   int // resource of the pinned table, or -1
}

func slotLabel(s Slot) string { return s.Interval().String() }

func prepare(ev *Event) (*instance, error) {
	var es InputErrors
	in := &instance{ev: ev, T: ev.Tables, slotIx: map[int64]int{}}

	// Slots and breaks.
	if len(ev.Slots) == 0 {
		es.add("slots", ErrNoSlots)
	}
	in.slots = slices.Clone(ev.Slots)
	slices.SortStableFunc(in.slots, func(a, b Slot) int {
		return cmp.Or(a.Start.Compare(b.Start), a.End.Compare(b.End), cmp.Compare(a.ID, b.ID))
	})
	pos := map[int64]int{} // slot ID → index in ev.Slots, for field names
	for i, s := range ev.Slots {
		f := fmt.Sprintf("slots[%d]", i)
		if _, dup := pos[s.ID]; dup || s.ID <= 0 {
			es.add(f, ErrSlotID, slotLabel(s))
		}
		pos[s.ID] = i
		if !s.End.After(s.Start) {
			es.add(f, ErrSlotEmpty, slotLabel(s))
		}
		for _, b := range ev.Breaks {
			if b.End.After(b.Start) && b.Overlaps(s.Interval()) {
				es.add(f, ErrSlotInBreak, slotLabel(s), b.String())
			}
		}
	}
	for i, b := range ev.Breaks {
		if !b.End.After(b.Start) {
			es.add(fmt.Sprintf("breaks[%d]", i), ErrBreakEmpty, b.String())
		}
	}
	last := 0 // the latest-ending slot so far: it overlaps the next if any does
	for i := 1; i < len(in.slots); i++ {
		s, l := in.slots[i], in.slots[last]
		if s.Start.Before(l.End) {
			es.add(fmt.Sprintf("slots[%d]", pos[s.ID]), ErrSlotsOverlap, slotLabel(l), slotLabel(s))
		}
		if s.End.After(l.End) {
			last = i
		}
	}
	in.S = len(in.slots)
	for i, s := range in.slots {
		in.slotIx[s.ID] = i
	}
	if ev.Tables < 1 {
		es.add("tables", ErrNoTables)
	}

	// Participants.
	in.nE = len(ev.Enterprises)
	in.parts = append(slices.Clone(ev.Enterprises), ev.Buyers...)
	index := [2]map[int64]int{{}, {}} // by side: ID → participant index
	in.avail = make([]bool, len(in.parts)*in.S)
	in.navail = make([]int, len(in.parts))
	in.pmax = make([]int, len(in.parts))
	in.sides = make([]Side, len(in.parts))
	for p, pa := range in.parts {
		side, k, f := 0, p, "enterprises"
		in.sides[p] = SideEnterprise
		if p >= in.nE {
			side, k, f = 1, p-in.nE, "buyers"
			in.sides[p] = SideBuyer
		}
		f = fmt.Sprintf("%s[%d]", f, k)
		if _, dup := index[side][pa.ID]; dup || pa.ID <= 0 {
			es.add(f, ErrParticipantID, pa.label())
		}
		index[side][pa.ID] = p
		if pa.Max < 0 {
			es.add(f, ErrMaxNegative, pa.label())
		}
		for s, sl := range in.slots {
			ok := len(pa.Available) == 0
			for _, iv := range pa.Available {
				ok = ok || iv.Contains(sl.Interval())
			}
			in.avail[p*in.S+s] = ok
			if ok {
				in.navail[p]++
			}
		}
		if in.navail[p] == 0 && in.S > 0 {
			es.add(f, ErrUnavailable, pa.label())
		}
		in.pmax[p] = in.navail[p]
		if pa.Max > 0 && pa.Max < in.pmax[p] {
			in.pmax[p] = pa.Max
		}
	}

	// Requests.
	reqIx := map[int64]int{} // request ID → index in ev.Requests
	for i, r := range ev.Requests {
		f := fmt.Sprintf("requests[%d]", i)
		if _, dup := reqIx[r.ID]; dup || r.ID <= 0 {
			es.add(f, ErrRequestID, r.ID)
		}
		reqIx[r.ID] = i
		if _, ok := index[0][r.Enterprise]; !ok {
			es.add(f, ErrUnknownEnterprise, r.ID, r.Enterprise)
		}
		if _, ok := index[1][r.Buyer]; !ok {
			es.add(f, ErrUnknownBuyer, r.ID, r.Buyer)
		}
		if r.Priority.Factor() == 0 {
			es.add(f, ErrPriority, r.ID, string(r.Priority))
		}
		if r.Score < 0 || r.Score > 100 {
			es.add(f, ErrScore, r.ID, r.Score)
		}
	}

	// Pins, checked one by one and against each other.
	pinOf := map[int64]int{} // request ID → pin index
	type ps struct{ who, slot int }
	personAt, tableAt, perSlot, perPerson := map[ps]int{}, map[ps]int{}, map[int]int{}, map[int]int{}
	for i, pn := range ev.Pins {
		f := fmt.Sprintf("pins[%d]", i)
		ri, ok := reqIx[pn.Request]
		if !ok {
			es.add(f, ErrPinUnknownRequest, pn.Request)
			continue
		}
		if _, dup := pinOf[pn.Request]; dup {
			es.add(f, ErrPinTwice, pn.Request)
			continue
		}
		pinOf[pn.Request] = i
		if pn.Table < 0 || pn.Table > ev.Tables {
			es.add(f, ErrPinTable, pn.Request, pn.Table, ev.Tables)
		}
		r := ev.Requests[ri]
		e, eok := index[0][r.Enterprise]
		b, bok := index[1][r.Buyer]
		if !eok || !bok {
			continue // reported with the request
		}
		for _, p := range []int{e, b} {
			perPerson[p]++
			if n, max := perPerson[p], in.parts[p].Max; max > 0 && n == max+1 {
				es.add(f, ErrPinOverMax, in.parts[p].label(), n, max)
			}
		}
		if pn.Slot == 0 {
			common := false
			for s := range in.S {
				common = common || in.avail[e*in.S+s] && in.avail[b*in.S+s]
			}
			if !common && in.navail[e] > 0 && in.navail[b] > 0 {
				es.add(f, ErrPinNoCommonSlot, in.parts[e].label(), in.parts[b].label())
			}
			continue
		}
		s, ok := in.slotIx[pn.Slot]
		if !ok {
			es.add(f, ErrPinUnknownSlot, pn.Request, pn.Slot)
			continue
		}
		lbl := slotLabel(in.slots[s])
		for _, p := range []int{e, b} {
			if !in.avail[p*in.S+s] && in.navail[p] > 0 {
				es.add(f, ErrPinUnavailable, in.parts[p].label(), lbl)
			}
			personAt[ps{p, s}]++
			if personAt[ps{p, s}] == 2 {
				es.add(f, ErrPinPersonTwice, in.parts[p].label(), lbl)
			}
		}
		perSlot[s]++
		if perSlot[s] == ev.Tables+1 && ev.Tables > 0 {
			es.add(f, ErrPinSlotFull, lbl, perSlot[s], ev.Tables)
		}
		if pn.Table > 0 {
			tableAt[ps{pn.Table, s}]++
			if tableAt[ps{pn.Table, s}] == 2 {
				es.add(f, ErrPinTableTwice, pn.Table, lbl)
			}
		}
	}
	if len(es) > 0 {
		return nil, es
	}

	// One request per pair: the pinned one, else a must (musts come
	// first), else the heaviest, else the lowest ID.
	type pair struct{ e, b int }
	best := map[pair]int{}
	better := func(i, j int) bool { // request i beats j
		ri, rj := ev.Requests[i], ev.Requests[j]
		_, pi := pinOf[ri.ID]
		_, pj := pinOf[rj.ID]
		if pi != pj {
			return pi
		}
		return cmp.Or(cmp.Compare(mustRank(rj.Priority), mustRank(ri.Priority)),
			cmp.Compare(rj.Weight(), ri.Weight()), cmp.Compare(ri.ID, rj.ID)) < 0
	}
	for i, r := range ev.Requests {
		k := pair{index[0][r.Enterprise], index[1][r.Buyer]}
		if j, ok := best[k]; ok {
			_, pi := pinOf[r.ID]
			_, pj := pinOf[ev.Requests[j].ID]
			if pi && pj {
				es.add(fmt.Sprintf("pins[%d]", pinOf[r.ID]), ErrPinPairTwice, in.parts[k.e].label(), in.parts[k.b].label())
			}
			if !better(i, j) {
				continue
			}
		}
		best[k] = i
	}
	if len(es) > 0 {
		return nil, es
	}
	tableRes := map[int]int{}
	in.nres = len(in.parts)
	for i, r := range ev.Requests {
		k := pair{index[0][r.Enterprise], index[1][r.Buyer]}
		if j := best[k]; j != i {
			in.dups = append(in.dups, Unscheduled{Request: r.ID, Key: ReasonSamePair, Args: []any{ev.Requests[j].ID}})
			continue
		}
		q := req{id: r.ID, e: k.e, b: k.b, w: r.Weight(), must: r.Priority == Must, fixed: -1, tres: -1}
		for s := range in.S {
			if in.avail[q.e*in.S+s] && in.avail[q.b*in.S+s] {
				q.cand = append(q.cand, s)
			}
		}
		if pi, ok := pinOf[r.ID]; ok {
			pn := ev.Pins[pi]
			q.pinned = true
			if pn.Slot != 0 {
				q.fixed = in.slotIx[pn.Slot]
				q.cand = []int{q.fixed}
			}
			if pn.Table > 0 {
				q.table = pn.Table
				if _, ok := tableRes[pn.Table]; !ok {
					tableRes[pn.Table] = in.nres
					in.nres++
				}
				q.tres = tableRes[pn.Table]
			}
		}
		in.reqs = append(in.reqs, q)
	}
	in.byPart = make([][]int, len(in.parts))
	for i, q := range in.reqs {
		in.byPart[q.e] = append(in.byPart[q.e], i)
		in.byPart[q.b] = append(in.byPart[q.b], i)
	}
	return in, nil
}

func mustRank(p Priority) int {
	if p == Must {
		return 1
	}
	return 0
}
