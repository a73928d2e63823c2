package schedule

import (
	"math"
	"math/rand/v2"
	"time"
)

// spec of a synthetic event for the benchmarks and the property tests.
type spec struct {
	E, B, R     int     // enterprises, buyers, requests
	Days        int     // 12 slots of 30 minutes a day, lunch 12:00–13:00
	Tables      int     //
	Partial     float64 // share of participants there only part of the time
	Dup         float64 // share of requests that repeat a pair from the other side
	Popularity  float64 // Zipf exponent of the buyers' popularity (0: even)
	EnterpriseM [2]int  // enterprises' maximum, from–to (0: none)
}

var day0 = time.Date(2026, 9, 14, 0, 0, 0, 0, time.FixedZone("WIB", 7*3600))

func at(day, h, m int) time.Time {
	return day0.AddDate(0, 0, day).Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
}

// generate a seeded synthetic event: popular buyers get many requests (a
// Zipf law over the buyers), every enterprise asks at least once, some
// participants come late, leave early or stay half a day.
func generate(seed uint64, g spec) *Event {
	rng := rand.New(rand.NewPCG(seed, 19))
	ev := &Event{Tables: g.Tables}
	var days, breaks []Interval
	for d := range g.Days {
		days = append(days, Interval{at(d, 9, 0), at(d, 16, 0)})
		breaks = append(breaks, Interval{at(d, 12, 0), at(d, 13, 0)})
	}
	ev.Slots = MakeSlots(days, 30*time.Minute, breaks)
	ev.Breaks = breaks
	partial := func() []Interval {
		if rng.Float64() >= g.Partial {
			return nil
		}
		d := rng.IntN(g.Days)
		switch rng.IntN(4) {
		case 0: // morning only
			return []Interval{{at(d, 9, 0), at(d, 12, 0)}}
		case 1: // afternoon only
			return []Interval{{at(d, 13, 0), at(d, 16, 0)}}
		case 2: // late
			return []Interval{{at(d, 10, 30), at(g.Days-1, 16, 0)}}
		default: // early
			return []Interval{{at(0, 9, 0), at(d, 14, 30)}}
		}
	}
	for i := range g.E {
		p := Participant{ID: int64(i + 1), Available: partial()}
		if lo, hi := g.EnterpriseM[0], g.EnterpriseM[1]; hi > 0 {
			p.Max = lo + rng.IntN(hi-lo+1)
		}
		ev.Enterprises = append(ev.Enterprises, p)
	}
	for i := range g.B {
		p := Participant{ID: int64(i + 1), Available: partial()}
		if rng.IntN(3) == 0 {
			p.Max = len(ev.Slots) * 2 / 3
		}
		ev.Buyers = append(ev.Buyers, p)
	}
	// Buyers' popularity: the k-th most popular in a shuffled order has
	// weight 1/k^Popularity.
	rank := rng.Perm(g.B)
	cum := make([]float64, g.B)
	sum := 0.0
	for b := range g.B {
		sum += 1 / math.Pow(float64(rank[b]+1), g.Popularity)
		cum[b] = sum
	}
	pickBuyer := func() int {
		x := rng.Float64() * sum
		for b, c := range cum {
			if x < c {
				return b
			}
		}
		return g.B - 1
	}
	type pair struct{ e, b int }
	seen := map[pair]bool{}
	prio := func() Priority {
		switch x := rng.Float64(); {
		case x < 0.25:
			return Must
		case x < 0.65:
			return Want
		}
		return Could
	}
	for len(ev.Requests) < g.R {
		var e int
		if n := len(ev.Requests); n < 2*g.E && g.R >= 2*g.E {
			e = n % g.E
		} else {
			e = rng.IntN(g.E)
		}
		id := int64(len(ev.Requests) + 1)
		if len(ev.Requests) > 0 && rng.Float64() < g.Dup { // the other side asked too
			r := ev.Requests[rng.IntN(len(ev.Requests))]
			ev.Requests = append(ev.Requests, Request{ID: id, Enterprise: r.Enterprise, Buyer: r.Buyer, Priority: prio(), Score: r.Score})
			continue
		}
		for tries := 0; tries < 50; tries++ {
			b := pickBuyer()
			if !seen[pair{e, b}] {
				seen[pair{e, b}] = true
				ev.Requests = append(ev.Requests, Request{ID: id, Enterprise: int64(e + 1), Buyer: int64(b + 1),
					Priority: prio(), Score: 35 + rng.IntN(66)})
				break
			}
		}
	}
	return ev
}

var (
	specSmallEvent = spec{E: 60, B: 25, R: 400, Days: 1, Tables: 25, Partial: 0.2, Popularity: 1, EnterpriseM: [2]int{4, 8}}
	specLargeEvent = spec{E: 300, B: 100, R: 3000, Days: 2, Tables: 100, Partial: 0.2, Popularity: 1, EnterpriseM: [2]int{4, 8}}
)
