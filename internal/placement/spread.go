package placement

import (
	"iter"
	"math"
)

// CapLimit is how many of a list's places one regency may take while
// candidates of other regencies wait: ceil(regencyCap × places); no limit
// when the cap is off (0 or ≥ 1).
func CapLimit(regencyCap float64, places int) int {
	if regencyCap <= 0 || regencyCap >= 1 {
		return math.MaxInt
	}
	// The small epsilon keeps 0.25 × 20 at 5 despite binary fractions.
	return int(math.Ceil(regencyCap*float64(places) - 1e-9))
}

// Pick is one place Spread gives, and whether it went past the cap.
type Pick[T any] struct {
	Item    T
	PastCap bool
}

// Spread fills up to room places from candidates given in priority order,
// sharing them fairly between regencies: while candidates of other
// regencies wait, no regency takes more than limit places (CapLimit),
// counting those it already holds in taken (nil: none; Spread adds to it).
// Places that would otherwise stay empty are filled past the cap, one more
// place per regency at a time. The training placement and the matcher's
// shortlist share this rule.
//
// A regency's k-th candidate (counting its places already taken) is in
// tier 0 while k < limit and in tier k − limit + 1 beyond it. Places go to
// tier 0 in priority order, then to tier 1, and so on: that is the same as
// raising every regency's limit by one place at a time until the list is
// full, so the places past the cap are spread across the regencies that
// still have candidates, and a regency goes past the cap only when no other
// regency's candidate is waiting below it. Candidates are read only until
// room of them are in tier 0. Picks come in the order they were given:
// tier 0 first.
func Spread[T any](candidates iter.Seq[T], regency func(T) string, room, limit int, taken map[string]int) []Pick[T] {
	if room <= 0 {
		return nil
	}
	if taken == nil {
		taken = map[string]int{}
	}
	var tiers [][]T
	for c := range candidates {
		r := regency(c)
		k := taken[r]
		taken[r]++
		tier := 0
		if k >= limit {
			tier = k - limit + 1
		}
		if tier > room {
			continue // lower tiers of its own regency fill the room first
		}
		for len(tiers) <= tier {
			tiers = append(tiers, nil)
		}
		tiers[tier] = append(tiers[tier], c)
		if len(tiers[0]) == room {
			break // nobody later can beat these
		}
	}
	out := make([]Pick[T], 0, room)
	for t, list := range tiers {
		for _, c := range list {
			if len(out) == room {
				return out
			}
			out = append(out, Pick[T]{c, t > 0})
		}
	}
	return out
}
