package schedule

import (
	"cmp"
	"slices"
)

func (st *state) result(rule Rule, plain, fair, target relaxation) *Result {
	in := st.in
	res := &Result{Rule: rule, Bound: plain.weight, MustBound: fair.musts, CoverBound: fair.cover,
		RuleBound: target.weight, Musts: st.musts, Meetings: []Meeting{}, Unscheduled: slices.Clone(in.dups)}
	tables := st.tables()
	for r, s := range st.at {
		q := &in.reqs[r]
		if s < 0 {
			res.Unscheduled = append(res.Unscheduled, st.reason(r))
			continue
		}
		res.Meetings = append(res.Meetings, Meeting{Request: q.id, Enterprise: in.parts[q.e].ID, Buyer: in.parts[q.b].ID,
			Slot: in.slots[s].ID, Table: tables[r], Weight: q.w, Pinned: q.pinned})
		res.Weight += q.w
	}
	slices.SortFunc(res.Meetings, func(a, b Meeting) int {
		return cmp.Or(cmp.Compare(in.slotIx[a.Slot], in.slotIx[b.Slot]), cmp.Compare(a.Table, b.Table))
	})
	slices.SortFunc(res.Unscheduled, func(a, b Unscheduled) int { return cmp.Compare(a.Request, b.Request) })
	coverable := make([]bool, in.nE)
	for _, q := range in.reqs {
		coverable[q.e] = coverable[q.e] || len(q.cand) > 0
		if q.must && len(q.cand) > 0 {
			res.MustRequests++
		}
	}
	for e, ok := range coverable {
		if st.load[e] > 0 {
			res.Covered++
		}
		if ok {
			res.Coverable++
			res.Spread[min(st.load[e], len(res.Spread)-1)]++
		}
	}
	return res
}

// reason a waiting request has no meeting.
func (st *state) reason(r int) Unscheduled {
	q := &st.in.reqs[r]
	u := Unscheduled{Request: q.id}
	switch {
	case len(q.cand) == 0:
		u.Key = ReasonNoCommonSlot
	case st.load[q.e] >= st.in.pmax[q.e]:
		u.Key, u.Args = ReasonEnterpriseFull, []any{st.load[q.e]}
	case st.load[q.b] >= st.in.pmax[q.b]:
		u.Key, u.Args = ReasonBuyerFull, []any{st.load[q.b]}
	default:
		u.Key = ReasonCrowded
	}
	return u
}

// tables numbers the tables of each slot: pinned tables first, then a
// buyer keeps the table of its first meeting when it is free (buyers stay
// put and enterprises walk, as at most matchmaking days), then the lowest
// free table nobody calls home, then the lowest free table.
func (st *state) tables() []int {
	in := st.in
	table := make([]int, len(in.reqs))
	home := make([]int, len(in.parts))
	owner := make([]int, st.T+1) // the buyer at home at a table, or -1
	for t := range owner {
		owner[t] = -1
	}
	used := make([]bool, st.T+1)
	var rest, later []int
	for s := range st.S {
		clear(used)
		rest, later = rest[:0], later[:0]
		for p := in.nE; p < len(in.parts); p++ {
			r := st.occ[p*st.S+s]
			if r < 0 {
				continue
			}
			if t := in.reqs[r].table; t > 0 {
				table[r], used[t] = t, true
			} else {
				rest = append(rest, r)
			}
		}
		for _, r := range rest {
			if h := home[in.reqs[r].b]; h > 0 && !used[h] {
				table[r], used[h] = h, true
			} else {
				later = append(later, r)
			}
		}
		for _, r := range later {
			t := 0
			for c := 1; c <= st.T; c++ {
				if !used[c] && (t == 0 || owner[c] < 0 && owner[t] >= 0) {
					t = c
				}
			}
			table[r], used[t] = t, true
			if b := in.reqs[r].b; home[b] == 0 && owner[t] < 0 {
				home[b], owner[t] = t, b
			}
		}
	}
	return table
}
