package funnel

import "math"

// Cell is a sum of Entries for one stage: how many enterprises reached it,
// how many of them moved on with both dates known, and their days in it.
type Cell struct {
	Reached int64 `json:"reached"`
	Moved   int64 `json:"moved"`
	Days    int64 `json:"days"`
}

// Add adds an entry (sign +1) or takes it away (-1).
func (c *Cell) Add(e Entry, sign int64) {
	c.Reached += sign
	if e.Moved {
		c.Moved += sign
		c.Days += sign * int64(e.Days)
	}
}

// Counts are a funnel's cells, one per stage.
type Counts [N]Cell

// Row is one stage of a funnel as shown.
type Row struct {
	Stage   Stage  `json:"-"`
	Key     string `json:"stage"`
	Reached int64  `json:"reached"` // reached this stage or a later one
	// Here: at this stage now, not (yet) beyond it.
	Here int64 `json:"here"`
	// Conversion: Reached over the previous stage's Reached, 0–1; -1 for
	// the first stage or when the previous stage is empty.
	Conversion float64 `json:"conversion"`
	// Share: Reached over the registered, 0–1 (-1 when none registered).
	Share float64 `json:"share"`
	// AvgDays: the mean days spent in this stage by those who moved on with
	// both dates known (Timed of them); -1 when none.
	AvgDays float64 `json:"avg_days"`
	Timed   int64   `json:"timed"`
}

// Rows turns counts into the funnel as shown.
func Rows(c Counts) []Row {
	out := make([]Row, N)
	for s := 0; s < N; s++ {
		r := Row{Stage: Stage(s), Key: Stage(s).Key(), Reached: c[s].Reached, Conversion: -1, Share: -1, AvgDays: -1, Timed: c[s].Moved}
		r.Here = r.Reached
		if s+1 < N {
			r.Here -= c[s+1].Reached
		}
		if s > 0 && c[s-1].Reached > 0 {
			r.Conversion = float64(r.Reached) / float64(c[s-1].Reached)
		}
		if c[0].Reached > 0 {
			r.Share = float64(r.Reached) / float64(c[0].Reached)
		}
		if c[s].Moved > 0 {
			r.AvgDays = float64(c[s].Days) / float64(c[s].Moved)
		}
		out[s] = r
	}
	return out
}

// Goal is how many enterprises a target asks for: a share in percent of a
// denominator (rounded up: 30% of 95,001 is 28,501 firms), or a count.
func Goal(percent float64, count, denominator int64) int64 {
	if count > 0 || percent <= 0 {
		return count
	}
	// Round before ceiling so that 30% of 100 is 30, not 31 by a float's last bit.
	v := percent * float64(denominator) / 100
	return int64(math.Ceil(math.Round(v*1e6) / 1e6))
}

// Gap is how many more enterprises must reach the stage for the goal: 0
// when it is met.
func Gap(goal, current int64) int64 {
	if current >= goal {
		return 0
	}
	return goal - current
}

// Progress is current over goal, 0–1 and beyond (-1 for a goal of 0).
func Progress(goal, current int64) float64 {
	if goal <= 0 {
		return -1
	}
	return float64(current) / float64(goal)
}
