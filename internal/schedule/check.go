package schedule

import "fmt"

// Check reports every way an agenda breaks the event's rules, as
// InputErrors: a meeting of an unknown request or with the wrong sides,
// a pair meeting twice, an unknown slot or table, a participant away, in
// two places at once or over its maximum, a table holding two meetings at
// once, a pin not kept. It checks an agenda edited by hand before it is
// sent, and every agenda Solve returns in the tests. It reads the event
// afresh rather than sharing the solver's structures.
func Check(ev *Event, meetings []Meeting) error {
	if err := ev.Validate(); err != nil {
		return err
	}
	var es InputErrors
	reqs := map[int64]Request{}
	for _, r := range ev.Requests {
		reqs[r.ID] = r
	}
	slots := map[int64]Slot{}
	for _, s := range ev.Slots {
		slots[s.ID] = s
	}
	type who struct {
		side Side
		id   int64
	}
	parts := map[who]Participant{}
	for _, p := range ev.Enterprises {
		parts[who{SideEnterprise, p.ID}] = p
	}
	for _, p := range ev.Buyers {
		parts[who{SideBuyer, p.ID}] = p
	}
	type at struct {
		w    who
		slot int64
	}
	type pair struct{ e, b int64 }
	busy, tables, pairs := map[at]bool{}, map[[2]int64]bool{}, map[pair]bool{}
	count := map[who]int{}
	placed := map[int64]Meeting{}
	for i, m := range meetings {
		f := fmt.Sprintf("meetings[%d]", i)
		r, ok := reqs[m.Request]
		if !ok {
			es.add(f, ErrMeetingUnknown, m.Request)
			continue
		}
		if r.Enterprise != m.Enterprise || r.Buyer != m.Buyer {
			es.add(f, ErrMeetingParticipants, m.Request)
			continue
		}
		e, b := parts[who{SideEnterprise, m.Enterprise}], parts[who{SideBuyer, m.Buyer}]
		if pairs[pair{m.Enterprise, m.Buyer}] {
			es.add(f, ErrMeetingTwice, e.label(), b.label())
		}
		pairs[pair{m.Enterprise, m.Buyer}] = true
		placed[m.Request] = m
		s, ok := slots[m.Slot]
		if !ok {
			es.add(f, ErrMeetingSlot, m.Request)
			continue
		}
		if m.Table < 1 || m.Table > ev.Tables {
			es.add(f, ErrMeetingTable, m.Request, m.Table, ev.Tables)
		} else if tables[[2]int64{int64(m.Table), m.Slot}] {
			es.add(f, ErrTableDoubleBooked, m.Table, slotLabel(s))
		}
		tables[[2]int64{int64(m.Table), m.Slot}] = true
		for _, w := range []who{{SideEnterprise, m.Enterprise}, {SideBuyer, m.Buyer}} {
			p := parts[w]
			here := len(p.Available) == 0
			for _, iv := range p.Available {
				here = here || iv.Contains(s.Interval())
			}
			if !here {
				es.add(f, ErrMeetingUnavailable, p.label(), slotLabel(s))
			}
			if busy[at{w, m.Slot}] {
				es.add(f, ErrDoubleBooked, p.label(), slotLabel(s))
			}
			busy[at{w, m.Slot}] = true
			count[w]++
		}
	}
	for _, g := range []struct {
		side Side
		ps   []Participant
	}{{SideEnterprise, ev.Enterprises}, {SideBuyer, ev.Buyers}} {
		for i, p := range g.ps {
			if n := count[who{g.side, p.ID}]; p.Max > 0 && n > p.Max {
				es.add(fmt.Sprintf("%ss[%d]", g.side, i), ErrOverMax, p.label(), n, p.Max)
			}
		}
	}
	for i, pn := range ev.Pins {
		m, ok := placed[pn.Request]
		if !ok || pn.Slot != 0 && m.Slot != pn.Slot || pn.Table != 0 && m.Table != pn.Table {
			es.add(fmt.Sprintf("pins[%d]", i), ErrPinNotKept, pn.Request)
		}
	}
	return es.err()
}
