package schedule

import (
	"cmp"
	"slices"
)

// exactNodes caps the branch and bound that proves small agendas optimal
// (about a few milliseconds); a variable so that the tests can switch it
// off and measure the heuristic alone.
var exactNodes = 200_000

// exactMaxRequests: events with more open requests are left to the
// heuristic and its bound.
const exactMaxRequests = 24

// improveExactly searches every agenda of a small event, branch and bound
// with the heuristic's agenda as the incumbent: each open request gets
// each free slot it can take, or none (a pin must be placed). It reports
// whether the search finished — then st holds an optimal agenda. If the
// node cap is hit st keeps the heuristic's agenda (or a better one found).
func (st *state) improveExactly() bool {
	in := st.in
	var open []int
	for r, q := range in.reqs {
		if q.fixed < 0 && len(q.cand) > 0 {
			open = append(open, r)
		}
	}
	if len(open) > exactMaxRequests {
		return false
	}
	// The most valuable first: good agendas come early and prune the rest.
	worth := func(r int) int64 {
		v := int64(in.reqs[r].w)
		if in.reqs[r].must {
			v += st.mustBonus
		}
		return v
	}
	slices.SortStableFunc(open, func(a, b int) int { return cmp.Compare(worth(b), worth(a)) })
	rest := make([]int64, len(open)+1) // worth of open[i:]
	for i := len(open) - 1; i >= 0; i-- {
		rest[i] = rest[i+1] + worth(open[i])
	}
	bestAt, bestV := slices.Clone(st.at), st.value()
	for _, r := range open {
		if st.at[r] >= 0 {
			st.unplace(r)
		}
	}
	nodes := exactNodes
	seen, stamp := make([]int, in.nE), 0 // enterprises counted by the bound at node stamp
	var walk func(i int) bool
	walk = func(i int) bool {
		if nodes--; nodes < 0 {
			return false
		}
		v := st.value()
		if i == len(open) {
			if v > bestV {
				bestV, bestAt = v, slices.Clone(st.at)
			}
			return true
		}
		// Bound: every open request placed, every enterprise covered.
		ub := v + rest[i]
		if st.bonus > 0 {
			stamp++
			for _, r := range open[i:] {
				if e := in.reqs[r].e; st.load[e] == 0 && seen[e] != stamp {
					seen[e] = stamp
					ub += st.bonus
				}
			}
		}
		if ub <= bestV {
			return true
		}
		r := open[i]
		q := &in.reqs[r]
		if st.load[q.e] < in.pmax[q.e] && st.load[q.b] < in.pmax[q.b] {
			for _, s := range q.cand {
				if !st.free(r, s) {
					continue
				}
				st.place(r, s)
				ok := walk(i + 1)
				st.unplace(r)
				if !ok {
					return false
				}
			}
		}
		return q.pinned || walk(i+1)
	}
	finished := walk(0)
	for _, r := range open {
		if s := bestAt[r]; s >= 0 {
			st.place(r, s)
		}
	}
	st.log = st.log[:0]
	return finished
}
