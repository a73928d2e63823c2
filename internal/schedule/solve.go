package schedule

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// Solve schedules the event's accepted requests (docs/schedule-method.md):
// pins first and kept, then the most valuable b-matching of the rest is
// given slots by augmenting swaps, the remaining requests are inserted and
// a local search improves the agenda under the rule. It is deterministic
// for a given event and options. Bad input gives InputErrors.
func Solve(ev *Event, opt Options) (*Result, error) {
	in, err := prepare(ev)
	if err != nil {
		return nil, err
	}
	switch opt.Rule {
	case "":
		opt.Rule = CoverFirst
	case CoverFirst, WeightOnly:
	default:
		var es InputErrors
		es.add("rule", ErrRule, string(opt.Rule))
		return nil, es
	}
	effort := max(1, opt.Effort)
	total := 0
	for _, q := range in.reqs {
		total += q.w
	}
	// Bonuses that make the aims lexicographic: a must outweighs every
	// cover and weight together, a cover every weight.
	coverBonus := int64(total) + 1
	mustBonus := int64(in.nE+1) * coverBonus
	plain := in.relax(0, 0)
	musts := in.relax(mustBonus, 0)
	fair := in.relax(mustBonus, coverBonus)

	st := newState(in, uint64(opt.Seed))
	st.mustBonus = mustBonus
	target := musts
	if opt.Rule == CoverFirst {
		st.bonus = coverBonus
		target = fair
	}
	if !st.placePins() {
		var es InputErrors
		es.add("pins", ErrPinsUnplaceable)
		return nil, es
	}
	// The relaxation's value under the rule: an agenda that reaches it is
	// optimal, and the search stops.
	best := int64(target.musts)*st.mustBonus + int64(target.cover)*st.bonus + int64(target.weight)
	done := func() bool { return st.value() >= best }

	// The relaxation's meetings, hardest to place first.
	order := make([]int, 0, len(in.reqs))
	for r, ok := range target.chosen {
		if ok && !in.reqs[r].pinned {
			order = append(order, r)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		qa, qb := in.reqs[a], in.reqs[b]
		return cmp.Or(cmp.Compare(len(qa.cand), len(qb.cand)), cmp.Compare(qb.w, qa.w))
	})
	budget := 400 * effort
	insert := func(rs []int) {
		for _, r := range rs {
			if st.fits(r) {
				st.budget, st.log = budget, st.log[:0]
				st.insert(r, 2)
			}
		}
	}
	insert(order)
	insert(st.waiting()) // then everything else that fits, the most valuable first
	// Local search: swap waiting requests in while the agenda gains,
	// within a total of steps that keeps the worst events to seconds
	// (the synthetic events of the benchmarks use a quarter of it at most).
	work := 4000 * len(in.reqs) * effort
	for pass := 0; pass < 8*effort && !done() && work > 0; pass++ {
		better := false
		for _, r := range st.waiting() {
			if done() || work <= 0 {
				break
			}
			st.budget, st.log = budget, st.log[:0]
			better = st.swapIn(r, 2) || better
			work -= budget - st.budget
		}
		if !better {
			break
		}
	}
	// Reaching the relaxation proves the agenda optimal; a small event is
	// searched through.
	optimal := done() || st.improveExactly()
	res := st.result(opt.Rule, plain, fair, target)
	res.Optimal = optimal
	return res, nil
}

// state is an agenda under construction. Every change goes through place
// and unplace, which keep the counters and a journal to roll back.
type state struct {
	in     *instance
	S, T   int
	occ    []int // resource r at slot s: occ[r*S+s] is the request there or -1
	cnt    []int // meetings per slot
	load   []int // meetings per participant
	at     []int // slot of each request, or -1
	musts  int
	cover  int
	weight int64
	// Values of a must-meeting and of an enterprise's first meeting (0
	// under WeightOnly) beside the weight.
	mustBonus, bonus int64
	log              []move
	budget           int // search steps left for the current attempt
	rng              *rand.Rand
	path             []int
	locked           []bool // placed by an outer swapIn: stays where it is
}

type move struct{ r, from, to int }

func newState(in *instance, seed uint64) *state {
	st := &state{in: in, S: in.S, T: in.T,
		occ:    make([]int, in.nres*in.S),
		cnt:    make([]int, in.S),
		load:   make([]int, len(in.parts)),
		at:     make([]int, len(in.reqs)),
		locked: make([]bool, len(in.reqs)),
		rng:    rand.New(rand.NewPCG(seed, 0x5ced)),
	}
	for i := range st.occ {
		st.occ[i] = -1
	}
	for i := range st.at {
		st.at[i] = -1
	}
	return st
}

func (st *state) value() int64 {
	return int64(st.musts)*st.mustBonus + int64(st.cover)*st.bonus + st.weight
}

func (st *state) place(r, s int) {
	q := &st.in.reqs[r]
	st.occ[q.e*st.S+s], st.occ[q.b*st.S+s] = r, r
	if q.tres >= 0 {
		st.occ[q.tres*st.S+s] = r
	}
	st.cnt[s]++
	if st.load[q.e] == 0 {
		st.cover++
	}
	st.load[q.e]++
	st.load[q.b]++
	st.weight += int64(q.w)
	if q.must {
		st.musts++
	}
	st.at[r] = s
	st.log = append(st.log, move{r, -1, s})
}

func (st *state) unplace(r int) {
	q := &st.in.reqs[r]
	s := st.at[r]
	st.occ[q.e*st.S+s], st.occ[q.b*st.S+s] = -1, -1
	if q.tres >= 0 {
		st.occ[q.tres*st.S+s] = -1
	}
	st.cnt[s]--
	st.load[q.e]--
	st.load[q.b]--
	if st.load[q.e] == 0 {
		st.cover--
	}
	st.weight -= int64(q.w)
	if q.must {
		st.musts--
	}
	st.at[r] = -1
	st.log = append(st.log, move{r, s, -1})
}

// rollback undoes the journal back to mark.
func (st *state) rollback(mark int) {
	for len(st.log) > mark {
		m := st.log[len(st.log)-1]
		if m.to >= 0 {
			st.unplace(m.r)
		}
		if m.from >= 0 {
			st.place(m.r, m.from)
		}
		st.log = st.log[:len(st.log)-2] // the move and its undoing
	}
}

// usable: both sides can attend slot s and a pin allows it.
func (st *state) usable(r, s int) bool {
	q := &st.in.reqs[r]
	return st.in.avail[q.e*st.S+s] && st.in.avail[q.b*st.S+s] && (q.fixed < 0 || q.fixed == s)
}

// free: r could be placed at s as the agenda stands.
func (st *state) free(r, s int) bool {
	q := &st.in.reqs[r]
	return st.cnt[s] < st.T && st.occ[q.e*st.S+s] < 0 && st.occ[q.b*st.S+s] < 0 &&
		(q.tres < 0 || st.occ[q.tres*st.S+s] < 0)
}

// frozen: m may not move (a pin with a slot, or locked).
func (st *state) frozen(m int) bool { return st.in.reqs[m].fixed >= 0 || st.locked[m] }

// fits: r is waiting and neither side is at its maximum.
func (st *state) fits(r int) bool {
	q := &st.in.reqs[r]
	return st.at[r] < 0 && len(q.cand) > 0 && st.load[q.e] < st.in.pmax[q.e] && st.load[q.b] < st.in.pmax[q.b]
}

// gain of scheduling waiting request r.
func (st *state) gain(r int) int64 { return st.worth(r, 0) }

// loss of dropping scheduled request r.
func (st *state) loss(r int) int64 { return st.worth(r, 1) }

// worth of request r to the agenda's value: its weight, the must bonus,
// and the cover bonus when its enterprise has only meetings, r's own
// counted (0 before placing it, 1 before dropping it).
func (st *state) worth(r, only int) int64 {
	q := &st.in.reqs[r]
	v := int64(q.w)
	if q.must {
		v += st.mustBonus
	}
	if st.load[q.e] == only {
		v += st.bonus
	}
	return v
}

// waiting lists the unscheduled requests with a common slot, the most
// valuable first (ties in a seeded order).
func (st *state) waiting() []int {
	var out []int
	for r := range st.in.reqs {
		if st.at[r] < 0 && len(st.in.reqs[r].cand) > 0 {
			out = append(out, r)
		}
	}
	st.rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	g := make([]int64, len(st.in.reqs))
	for _, r := range out {
		g[r] = st.gain(r)
	}
	slices.SortStableFunc(out, func(a, b int) int { return cmp.Compare(g[b], g[a]) })
	return out
}

// insert places waiting request r: in a free slot (the least busy), else
// by a two-slot swap along an alternating path, else by moving the
// meetings in its way, depth levels deep. It reports success; on failure
// the agenda is as it was.
func (st *state) insert(r, depth int) bool {
	best := -1
	for _, s := range st.in.reqs[r].cand {
		if st.free(r, s) && (best < 0 || st.cnt[s] < st.cnt[best]) {
			best = s
		}
	}
	if best >= 0 {
		st.place(r, best)
		return true
	}
	if st.kempe(r) {
		return true
	}
	return depth > 0 && st.eject(r, depth)
}

// kempe frees a slot for r by swapping two slots α and β along the
// alternating path that starts at one side (busy at α, free at β): the
// classic step of bipartite edge colouring. Availability, pins and the
// tables per slot are checked along the path.
func (st *state) kempe(r int) bool {
	q := &st.in.reqs[r]
	if q.tres >= 0 {
		return false
	}
	S := st.S
	for side := range 2 {
		u, v := q.e, q.b
		if side == 1 {
			u, v = q.b, q.e
		}
		for _, a := range q.cand {
			if st.occ[u*S+a] >= 0 || st.occ[v*S+a] < 0 {
				continue
			}
			for b := range S {
				if b != a && st.occ[v*S+b] < 0 && st.swapPath(r, u, v, a, b) {
					return true
				}
			}
		}
	}
	return false
}

func (st *state) swapPath(r, u, v, a, b int) bool {
	if st.budget <= 0 {
		return false
	}
	st.budget--
	path := st.path[:0]
	cur, col, other := v, a, b
	na, nb := 0, 0
	for {
		x := st.occ[cur*st.S+col]
		if x < 0 {
			break
		}
		qx := &st.in.reqs[x]
		if st.frozen(x) || qx.tres >= 0 || !st.usable(x, other) {
			return false
		}
		path = append(path, x)
		if col == a {
			na++
		} else {
			nb++
		}
		cur = qx.e + qx.b - cur
		if cur == u || len(path) > len(st.in.reqs) {
			return false
		}
		col, other = other, col
	}
	st.path = path
	if st.cnt[a]-na+nb+1 > st.T || st.cnt[b]-nb+na > st.T {
		return false
	}
	for _, x := range path {
		st.unplace(x)
	}
	for i, x := range path {
		if i%2 == 0 {
			st.place(x, b)
		} else {
			st.place(x, a)
		}
	}
	st.place(r, a)
	return true
}

// eject places r at a slot by moving the meetings in its way (the other
// meetings of its two sides and its pinned table at that slot, and one
// more when the slot's tables are full) and inserting them again,
// depth-1 levels deep.
func (st *state) eject(r, depth int) bool {
	q := &st.in.reqs[r]
	var blk [4]int
	for _, s := range st.in.reqs[r].cand {
		if st.budget <= 0 {
			return false
		}
		st.budget--
		x := st.blockers(q, s, blk[:0])
		if x == nil {
			continue
		}
		if st.cnt[s]-len(x) >= st.T {
			extra := st.cheapestAt(s, x, func(m int) int64 { return -int64(len(st.in.reqs[m].cand)) })
			if extra < 0 {
				continue
			}
			x = append(x, extra)
		}
		mark := len(st.log)
		for _, m := range x {
			st.unplace(m)
		}
		st.place(r, s)
		ok := true
		for _, m := range x {
			if !st.insert(m, depth-1) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
		st.rollback(mark)
	}
	return false
}

// blockers appends to buf the meetings at slot s that keep q out of it:
// its two sides' and its pinned table's; nil if one of them cannot move
// (buf must not be nil).
func (st *state) blockers(q *req, s int, buf []int) []int {
	for _, res := range [3]int{q.e, q.b, q.tres} {
		if res < 0 {
			continue
		}
		m := st.occ[res*st.S+s]
		if m < 0 || slices.Contains(buf, m) {
			continue
		}
		if st.frozen(m) {
			return nil
		}
		buf = append(buf, m)
	}
	return buf
}

// cheapestAt is the movable meeting at slot s, not in skip, with the
// least cost; -1 if none.
func (st *state) cheapestAt(s int, skip []int, cost func(int) int64) int {
	best, bc := -1, int64(0)
	for p := st.in.nE; p < len(st.in.parts); p++ { // every meeting has one buyer
		m := st.occ[p*st.S+s]
		if m < 0 || st.frozen(m) || slices.Contains(skip, m) {
			continue
		}
		if c := cost(m); best < 0 || c < bc {
			best, bc = m, c
		}
	}
	return best
}

// cheapestOf is participant p's droppable meeting, not in skip, whose
// loss is least; -1 if none.
func (st *state) cheapestOf(p int, skip []int) int {
	best, bl := -1, int64(0)
	for s := range st.S {
		m := st.occ[p*st.S+s]
		if m < 0 || st.in.reqs[m].pinned || st.locked[m] || slices.Contains(skip, m) {
			continue
		}
		if l := st.loss(m); best < 0 || l < bl {
			best, bl = m, l
		}
	}
	return best
}

// swapIn tries to schedule waiting request r at each of its slots in turn
// (swapAt), each with an equal share of the search budget left. It keeps
// the first change that raises the agenda's value.
func (st *state) swapIn(r, depth int) bool {
	q := &st.in.reqs[r]
	if st.at[r] >= 0 || st.gain(r) == 0 {
		return false
	}
	for i, s := range q.cand {
		if st.share(len(q.cand)-i, func() bool { return st.swapAt(r, s, depth) }) {
			return true
		}
	}
	return false
}

// share runs f with a budget of the one in n part of what is left and
// takes what f used from the whole.
func (st *state) share(n int, f func() bool) bool {
	total := st.budget
	part := total / n
	if part <= 0 {
		return false
	}
	st.budget = part
	ok := f()
	st.budget = total - (part - st.budget)
	return ok
}

// swapAt puts r at slot s by taking out what is in the way there (and,
// for a side at its maximum, its least valuable meeting), then inserts
// those again where they fit, or else other requests of their sides — by
// swapIn itself, depth levels deep. It keeps the change if the agenda's
// value rises.
func (st *state) swapAt(r, s, depth int) bool {
	q := &st.in.reqs[r]
	before := st.value()
	st.budget--
	var blk [8]int
	x := st.blockers(q, s, blk[:0])
	if x == nil {
		return false
	}
	if st.cnt[s]-len(x) >= st.T {
		extra := st.cheapestAt(s, x, st.loss)
		if extra < 0 {
			return false
		}
		x = append(x, extra)
	}
	for _, p := range [2]int{q.e, q.b} {
		n := st.load[p]
		for _, m := range x {
			if st.in.reqs[m].e == p || st.in.reqs[m].b == p {
				n--
			}
		}
		if n >= st.in.pmax[p] {
			m := st.cheapestOf(p, x)
			if m < 0 {
				return false
			}
			x = append(x, m)
		}
	}
	mark := len(st.log)
	for _, m := range x {
		st.unplace(m)
	}
	st.place(r, s)
	st.locked[r] = true
	kept := true
	for _, m := range x {
		if st.fits(m) {
			st.insert(m, 1)
		}
		if st.at[m] < 0 && st.in.reqs[m].pinned {
			kept = false
		}
	}
	// What did not go back may be replaced by another request of one of
	// its sides: an enterprise that lost its meeting with a busy buyer may
	// meet another.
	for _, m := range x {
		if !kept || st.at[m] >= 0 {
			continue
		}
		for _, p := range [2]int{st.in.reqs[m].e, st.in.reqs[m].b} {
			st.refill(p, depth)
		}
	}
	st.locked[r] = false
	if kept && st.value() > before {
		return true
	}
	st.rollback(mark)
	return false
}

// refillTop: refill tries a participant's most valuable waiting requests
// only — a popular buyer has hundreds, and trying them all made one swap
// cost as much as a pass.
const refillTop = 8

// refill inserts participant p's most valuable waiting requests where
// they fit and with depth > 0 swaps them in.
func (st *state) refill(p, depth int) {
	// The scan costs a step per 32 requests: a busy buyer's refills are
	// what the budget must hold back.
	if st.budget -= 1 + len(st.in.byPart[p])/32; st.budget <= 0 {
		return
	}
	type cand struct {
		r int
		g int64
	}
	var buf [refillTop + 1]cand
	best := buf[:0]
	for _, r := range st.in.byPart[p] {
		if st.at[r] >= 0 || len(st.in.reqs[r].cand) == 0 {
			continue
		}
		g := st.gain(r)
		if g <= 0 || len(best) == refillTop && g <= best[refillTop-1].g {
			continue
		}
		// Insert in falling order of gain, the first of equals first.
		i := len(best)
		best = append(best, cand{})
		for ; i > 0 && best[i-1].g < g; i-- {
			best[i] = best[i-1]
		}
		best[i] = cand{r, g}
		best = best[:min(len(best), refillTop)]
	}
	for i, c := range best {
		if st.budget <= 0 {
			return
		}
		if st.fits(c.r) && st.insert(c.r, 1) || depth == 0 {
			continue
		}
		st.share(len(best)-i, func() bool { return st.swapIn(c.r, depth-1) })
	}
}

// placePins puts the pinned meetings with a slot where they are, then
// finds slots for the others by backtracking over their choices.
func (st *state) placePins() bool {
	var open []int
	for r, q := range st.in.reqs {
		switch {
		case q.fixed >= 0:
			st.place(r, q.fixed)
		case q.pinned:
			open = append(open, r)
		}
	}
	slices.SortStableFunc(open, func(a, b int) int {
		return cmp.Compare(len(st.in.reqs[a].cand), len(st.in.reqs[b].cand))
	})
	steps := 1_000_000
	var try func(i int) bool
	try = func(i int) bool {
		if i == len(open) {
			return true
		}
		r := open[i]
		for _, s := range st.in.reqs[r].cand {
			if steps--; steps < 0 {
				return false
			}
			if st.free(r, s) {
				st.place(r, s)
				if try(i + 1) {
					return true
				}
				st.unplace(r)
			}
		}
		return false
	}
	return try(0)
}
