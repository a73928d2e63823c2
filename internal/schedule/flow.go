package schedule

import "math"

// flow is a min-cost flow network (successive shortest paths with
// Dijkstra on reduced costs). It is used to find the most valuable
// b-matching of requests, the relaxation that gives the bounds.
type flow struct {
	head []int
	next []int
	to   []int
	cap  []int
	cost []int64
}

func newFlow(n int) *flow {
	f := &flow{head: make([]int, n)}
	for i := range f.head {
		f.head[i] = -1
	}
	return f
}

// edge adds u→v and its residual twin; it returns the forward edge's index
// (its flow is the twin's capacity).
func (f *flow) edge(u, v, capacity int, cost int64) int {
	e := len(f.to)
	f.to = append(f.to, v, u)
	f.cap = append(f.cap, capacity, 0)
	f.cost = append(f.cost, cost, -cost)
	f.next = append(f.next, f.head[u], f.head[v])
	f.head[u], f.head[v] = e, e+1
	return e
}

// flowOn is the flow through a forward edge.
func (f *flow) flowOn(e int) int { return f.cap[e^1] }

// maxGain sends flow from s to t while a path of negative cost remains and
// returns the total gain (minus the cost): the most valuable flow of any
// size. The network may have negative costs but no negative cycle.
func (f *flow) maxGain(s, t int) int64 {
	n := len(f.head)
	const inf = math.MaxInt64 / 4
	// Potentials: shortest distances by Bellman-Ford (queue form) first.
	pot := make([]int64, n)
	for i := range pot {
		pot[i] = inf
	}
	pot[s] = 0
	inQ := make([]bool, n)
	q := []int{s}
	for len(q) > 0 {
		u := q[0]
		q = q[1:]
		inQ[u] = false
		for e := f.head[u]; e >= 0; e = f.next[e] {
			if v := f.to[e]; f.cap[e] > 0 && pot[u]+f.cost[e] < pot[v] {
				pot[v] = pot[u] + f.cost[e]
				if !inQ[v] {
					inQ[v] = true
					q = append(q, v)
				}
			}
		}
	}
	if pot[t] >= 0 {
		return 0
	}
	dist := make([]int64, n)
	level := make([]int, n)
	iter := make([]int, n)
	var h distHeap
	var gain int64
	for {
		// Dijkstra on reduced costs.
		for i := range dist {
			dist[i] = inf
		}
		dist[s] = 0
		h = append(h[:0], distItem{s, 0})
		for len(h) > 0 {
			it := h.pop()
			u := it.node
			if it.d > dist[u] {
				continue
			}
			for e := f.head[u]; e >= 0; e = f.next[e] {
				v := f.to[e]
				if f.cap[e] == 0 || pot[v] >= inf {
					continue
				}
				if nd := dist[u] + f.cost[e] + pot[u] - pot[v]; nd < dist[v] {
					dist[v] = nd
					h.push(distItem{v, nd})
				}
			}
		}
		if dist[t] >= inf {
			return gain
		}
		for i := range pot {
			if dist[i] < inf {
				pot[i] += dist[i]
			}
		}
		pathCost := pot[t] - pot[s]
		if pathCost >= 0 {
			return gain
		}
		// Every path of edges with reduced cost 0 is a shortest path: send a
		// blocking flow along them (levels keep it acyclic).
		for i := range level {
			level[i] = -1
		}
		level[s] = 0
		q = append(q[:0], s)
		for len(q) > 0 {
			u := q[0]
			q = q[1:]
			for e := f.head[u]; e >= 0; e = f.next[e] {
				if v := f.to[e]; f.cap[e] > 0 && level[v] < 0 && pot[v] < inf && f.cost[e]+pot[u]-pot[v] == 0 {
					level[v] = level[u] + 1
					q = append(q, v)
				}
			}
		}
		copy(iter, f.head)
		var push func(u, limit int) int
		push = func(u, limit int) int {
			if u == t {
				return limit
			}
			for ; iter[u] >= 0; iter[u] = f.next[iter[u]] {
				e := iter[u]
				v := f.to[e]
				if f.cap[e] == 0 || level[v] != level[u]+1 || f.cost[e]+pot[u]-pot[v] != 0 {
					continue
				}
				if d := push(v, min(limit, f.cap[e])); d > 0 {
					f.cap[e] -= d
					f.cap[e^1] += d
					return d
				}
			}
			return 0
		}
		for {
			d := push(s, math.MaxInt)
			if d == 0 {
				break
			}
			gain -= pathCost * int64(d)
		}
	}
}

type distItem struct {
	node int
	d    int64
}

// distHeap is a binary min-heap by distance.
type distHeap []distItem

func (h *distHeap) push(it distItem) {
	*h = append(*h, it)
	a := *h
	for i := len(a) - 1; i > 0; {
		p := (i - 1) / 2
		if a[p].d <= a[i].d {
			break
		}
		a[p], a[i] = a[i], a[p]
		i = p
	}
}

func (h *distHeap) pop() distItem {
	a := *h
	top := a[0]
	last := len(a) - 1
	a[0] = a[last]
	a = a[:last]
	for i := 0; ; {
		c := 2*i + 1
		if c >= len(a) {
			break
		}
		if c+1 < len(a) && a[c+1].d < a[c].d {
			c++
		}
		if a[i].d <= a[c].d {
			break
		}
		a[i], a[c] = a[c], a[i]
		i = c
	}
	*h = a
	return top
}

// relaxation is the most valuable b-matching of the requests left after
// the pins: every participant within its maximum and its free slots, all
// meetings within the free table-slots, a pair only if it shares a free
// slot — but with no slot assigned. Every agenda is such a matching, so
// its value bounds every agenda's.
type relaxation struct {
	weight int    // pins included
	musts  int    // must-meetings, pins included
	cover  int    // enterprises covered, pins included
	chosen []bool // per request of the instance
}

// relax solves the relaxation with mustBonus added for a must-meeting and
// coverBonus for an enterprise's first meeting. Bonuses 0 give the weight
// bound; a coverBonus above the total weight and a mustBonus above the
// most the rest can add give the lexicographic bound: no agenda has more
// musts, none with as many covers more, none with as many of both weighs
// more.
func (in *instance) relax(mustBonus, coverBonus int64) relaxation {
	np := len(in.parts)
	pins := make([]int, np)
	taken := make([]bool, np*in.S) // slot held by a pin with that slot
	perSlot := make([]int, in.S)
	out := relaxation{chosen: make([]bool, len(in.reqs))}
	npins := 0
	for i, q := range in.reqs {
		if !q.pinned {
			continue
		}
		npins++
		out.chosen[i] = true
		out.weight += q.w
		if q.must {
			out.musts++
		}
		if pins[q.e] == 0 {
			out.cover++
		}
		pins[q.e]++
		pins[q.b]++
		if q.fixed >= 0 {
			taken[q.e*in.S+q.fixed] = true
			taken[q.b*in.S+q.fixed] = true
			perSlot[q.fixed]++
		}
	}
	src, hub, sink := 0, np+1, np+2
	f := newFlow(np + 3)
	for p := range np {
		c := in.pmax[p] - pins[p]
		if c <= 0 {
			continue
		}
		if p >= in.nE {
			f.edge(1+p, hub, c, 0)
			continue
		}
		if pins[p] == 0 && coverBonus > 0 {
			f.edge(src, 1+p, 1, -coverBonus)
			c--
		}
		if c > 0 {
			f.edge(src, 1+p, c, 0)
		}
	}
	f.edge(hub, sink, max(0, in.S*in.T-npins), 0)
	arcs := make([]int, len(in.reqs))
	for i, q := range in.reqs {
		arcs[i] = -1
		if q.pinned {
			continue
		}
		for _, s := range q.cand {
			if !taken[q.e*in.S+s] && !taken[q.b*in.S+s] && perSlot[s] < in.T {
				gain := int64(q.w)
				if q.must {
					gain += mustBonus
				}
				arcs[i] = f.edge(1+q.e, 1+q.b, 1, -gain)
				break
			}
		}
	}
	f.maxGain(src, sink)
	covered := make([]bool, in.nE)
	for i, a := range arcs {
		if a >= 0 && f.flowOn(a) > 0 {
			q := in.reqs[i]
			out.chosen[i] = true
			out.weight += q.w
			if q.must {
				out.musts++
			}
			if pins[q.e] == 0 && !covered[q.e] {
				covered[q.e] = true
				out.cover++
			}
		}
	}
	return out
}
