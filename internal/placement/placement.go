package placement

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/siapekspor/siapekspor"
)

// DefaultRegencyCap: no regency holds more than a quarter of a class while
// others wait (siapekspor.DefaultRegencyCapPct as a share). A programme's
// other defaults (2 stages, 20 seats) are siapekspor.DefaultStages and
// siapekspor.DefaultSeatsPerClass.
const DefaultRegencyCap = float64(siapekspor.DefaultRegencyCapPct) / 100

// Candidate is an assessed enterprise that may be proposed for a class.
type Candidate struct {
	EnterpriseID int64                    `json:"enterprise_id"`
	RegencyCode  string                   `json:"regency_code"` // "" counts as one group of its own
	Level        siapekspor.TrainingLevel `json:"level"`        // from its latest assessment
	Score        float64                  `json:"score"`        // overall readiness score, 0–100
	Trained      bool                     `json:"trained"`      // completed a programme before
	AssessedAt   time.Time                `json:"assessed_at"`
}

// Class is one class of a stage. Members are already enrolled and kept;
// they count against Seats.
type Class struct {
	ID      int64                    `json:"id"`
	Stage   int                      `json:"stage"` // 1, 2, …
	Level   siapekspor.TrainingLevel `json:"level"`
	Seats   int                      `json:"seats"`
	Members []int64                  `json:"members"`
}

// Rules of a proposal.
type Rules struct {
	// RegencyCap is the largest share of a class's seats one regency may
	// take while candidates of other regencies wait for it, e.g. 0.25;
	// 0 or ≥ 1 means no cap.
	RegencyCap float64 `json:"regency_cap"`
	// OncePerProgramme proposes an enterprise in at most one stage (and
	// makes Rules.Check refuse one in two stages). DefaultRules sets it.
	OncePerProgramme bool `json:"once_per_programme"`
}

// DefaultRules: a 25% regency cap, once per programme.
func DefaultRules() Rules { return Rules{RegencyCap: DefaultRegencyCap, OncePerProgramme: true} }

// Reasons of a placement, as message keys.
const (
	ReasonLevelScore    = "placement.reason.level_score"     // its class by level, in priority order
	ReasonTrainedBefore = "placement.reason.trained_before"  // trained before; placed in seats left over
	ReasonPastCap       = "placement.reason.filled_past_cap" // over its regency's cap, else the seat stays empty
)

// Placement is one proposed participant of a class.
type Placement struct {
	EnterpriseID int64  `json:"enterprise_id"`
	Reason       string `json:"reason"`
}

// Proposal is what Propose suggests; an officer edits and confirms it.
type Proposal struct {
	// Classes: by class ID, the new participants in the order they were
	// chosen (existing members are not repeated). Every class has an entry.
	Classes map[int64][]Placement `json:"classes"`
	// Waiting: candidates placed nowhere and enrolled nowhere, in priority
	// order, including those of a level no class teaches.
	Waiting []int64 `json:"waiting"`
	Stats   Stats   `json:"stats"`
}

// Stats sum a proposal up.
type Stats struct {
	Candidates      int `json:"candidates"`       // in the pool
	AlreadyEnrolled int `json:"already_enrolled"` // pool candidates already members of a class
	Placed          int `json:"placed"`           // placements proposed
	PastCap         int `json:"past_cap"`         // of which past the regency cap
	Waiting         int `json:"waiting"`
	EmptySeats      int `json:"empty_seats"` // seats still free after the proposal
}

// rank is a candidate's sort key, 16 bytes and free of pointers so that
// sorting a large pool moves little memory. first packs "trained" (top
// bit) and the score, inverted so that a higher score sorts first; then
// come the assessment's second (clamped to 1970–2106: ties are settled on
// the full time), the candidate's level and its index in the pool.
type rank struct {
	first uint64
	sec   uint32
	index uint32 // 30 bits of index in the pool, 2 of level
}

func (k rank) pos() int   { return int(k.index &^ (3 << 30)) }
func (k rank) level() int { return int(k.index >> 30) }

// maxPool keeps a pool index within the 30 bits rank gives it.
const maxPool = 1 << 30

// prioritise returns the pool's keys in priority order: not yet trained
// first, then the higher score, then the older assessment, then the lower
// ID.
func prioritise(pool []Candidate) []rank {
	keys := make([]rank, len(pool))
	for i := range pool {
		c := &pool[i]
		// Scores are 0–100 (Propose refuses others); the bits of a
		// non-negative float order like the float. +0 stands in for −0.
		bits := uint64(0)
		if c.Score != 0 {
			bits = math.Float64bits(c.Score)
		}
		first := math.MaxInt64 - bits
		if c.Trained {
			first |= 1 << 63
		}
		sec := min(max(c.AssessedAt.Unix(), 0), math.MaxUint32)
		keys[i] = rank{first: first, sec: uint32(sec), index: uint32(i) | uint32(c.Level.Rank())<<30}
	}
	slices.SortFunc(keys, func(a, b rank) int {
		switch {
		case a.first != b.first:
			return cmp.Compare(a.first, b.first)
		case a.sec != b.sec:
			return cmp.Compare(a.sec, b.sec)
		}
		x, y := &pool[a.pos()], &pool[b.pos()]
		return cmp.Or(x.AssessedAt.Compare(y.AssessedAt), cmp.Compare(x.EnterpriseID, y.EnterpriseID))
	})
	return keys
}

// Propose suggests participants for classes from a pool of assessed
// candidates; see the package documentation for the rules.
func Propose(classes []Class, pool []Candidate, r Rules) (*Proposal, error) {
	var pr siapekspor.Problems
	checkClasses(&pr, classes, r.OncePerProgramme)
	if math.IsNaN(r.RegencyCap) || r.RegencyCap < 0 {
		pr.Add("rules.regency_cap", "placement.cap_invalid")
	}
	if len(pool) > maxPool {
		pr.Add("pool", "placement.too_many", maxPool)
		return nil, pr.Err()
	}
	byID := make(map[int64]*Candidate, len(pool))
	for i := range pool {
		c := &pool[i]
		// Field names are built only for a problem: the pool may be large.
		field := func(name string) string { return fmt.Sprintf("pool[%d].%s", i, name) }
		switch {
		case c.EnterpriseID <= 0:
			pr.Add(field("enterprise_id"), "field.required")
		case byID[c.EnterpriseID] != nil:
			pr.Add(field("enterprise_id"), "placement.duplicate_candidate", c.EnterpriseID)
		default:
			byID[c.EnterpriseID] = c
		}
		if !c.Level.Valid() {
			pr.Add(field("level"), "placement.level_unknown", string(c.Level))
		}
		if math.IsNaN(c.Score) || c.Score < 0 || c.Score > 100 {
			pr.Add(field("score"), "placement.score_range")
		}
	}
	if err := pr.Err(); err != nil {
		return nil, err
	}

	// Group by level from the sorted keys alone: the candidates lie
	// scattered in memory, and most of a large pool is never looked at.
	order := prioritise(pool)
	byLevel := make([][]*Candidate, len(siapekspor.TrainingLevels))
	for _, k := range order {
		byLevel[k.level()] = append(byLevel[k.level()], &pool[k.pos()])
	}

	// Who is in which stage: existing members first, then placements.
	inStage := map[int]map[int64]bool{}
	inAny := map[int64]bool{}
	enrol := func(stage int, id int64) {
		if inStage[stage] == nil {
			inStage[stage] = map[int64]bool{}
		}
		inStage[stage][id] = true
		inAny[id] = true
	}
	for _, c := range classes {
		for _, id := range c.Members {
			enrol(c.Stage, id)
		}
	}

	p := &Proposal{Classes: make(map[int64][]Placement, len(classes))}
	p.Stats.Candidates = len(pool)
	for id := range inAny {
		if byID[id] != nil {
			p.Stats.AlreadyEnrolled++
		}
	}

	sorted := slices.Clone(classes)
	slices.SortStableFunc(sorted, func(a, b Class) int {
		return cmp.Or(cmp.Compare(a.Stage, b.Stage), cmp.Compare(a.ID, b.ID))
	})
	for _, cl := range sorted {
		got := []Placement{}
		room := cl.Seats - len(cl.Members)
		if room > 0 {
			for _, pk := range fill(cl, room, byLevel[cl.Level.Rank()], byID, r, inStage[cl.Stage], inAny) {
				c := pk.Item
				reason := ReasonLevelScore
				switch {
				case pk.PastCap:
					reason = ReasonPastCap
					p.Stats.PastCap++
				case c.Trained:
					reason = ReasonTrainedBefore
				}
				got = append(got, Placement{EnterpriseID: c.EnterpriseID, Reason: reason})
				enrol(cl.Stage, c.EnterpriseID)
			}
			p.Stats.EmptySeats += room - len(got)
		}
		p.Stats.Placed += len(got)
		p.Classes[cl.ID] = got
	}

	p.Waiting = []int64{}
	for _, k := range order {
		if id := pool[k.pos()].EnterpriseID; !inAny[id] {
			p.Waiting = append(p.Waiting, id)
		}
	}
	p.Stats.Waiting = len(p.Waiting)
	return p, nil
}

// fill chooses up to room candidates (in priority order) for one class,
// by the regency cap rule of Spread; the class's existing members count
// against their regencies' share.
func fill(cl Class, room int, candidates []*Candidate, byID map[int64]*Candidate, r Rules, stage, enrolled map[int64]bool) []Pick[*Candidate] {
	count := map[string]int{}
	for _, id := range cl.Members {
		if c := byID[id]; c != nil {
			count[c.RegencyCode]++
		}
	}
	eligible := func(yield func(*Candidate) bool) {
		for _, c := range candidates {
			if stage[c.EnterpriseID] || r.OncePerProgramme && enrolled[c.EnterpriseID] {
				continue
			}
			if !yield(c) {
				return
			}
		}
	}
	return Spread(eligible, func(c *Candidate) string { return c.RegencyCode }, room, CapLimit(r.RegencyCap, cl.Seats), count)
}

// checkClasses reports broken class data and broken membership rules.
func checkClasses(pr *siapekspor.Problems, classes []Class, once bool) {
	sorted := slices.Clone(classes)
	slices.SortStableFunc(sorted, func(a, b Class) int {
		return cmp.Or(cmp.Compare(a.Stage, b.Stage), cmp.Compare(a.ID, b.ID))
	})
	seen := map[int64]bool{}
	inStage := map[int]map[int64]bool{} // stage → enterprises in it
	firstStage := map[int64]int{}       // enterprise → first stage it is in
	for _, c := range sorted {
		f := fmt.Sprintf("classes[%d]", c.ID)
		if seen[c.ID] {
			pr.Add(f, "placement.duplicate_class", c.ID)
			continue
		}
		seen[c.ID] = true
		if c.Stage < 1 {
			pr.Add(f+".stage", "placement.stage_invalid")
		}
		if !c.Level.Valid() {
			pr.Add(f+".level", "placement.level_unknown", string(c.Level))
		}
		if c.Seats < 0 {
			pr.Add(f+".seats", "field.negative")
		}
		if c.Seats >= 0 && len(c.Members) > c.Seats {
			pr.Add(f, "placement.over_capacity", c.Seats, len(c.Members))
		}
		if inStage[c.Stage] == nil {
			inStage[c.Stage] = map[int64]bool{}
		}
		inClass := map[int64]bool{}
		for _, id := range c.Members {
			switch {
			case id <= 0:
				pr.Add(f, "placement.member_invalid", id)
				continue
			case inClass[id]:
				pr.Add(f, "placement.duplicate_member", id)
				continue
			}
			inClass[id] = true
			if inStage[c.Stage][id] {
				pr.Add(f, "placement.two_classes_in_stage", id, c.Stage)
				continue
			}
			inStage[c.Stage][id] = true
			if s, ok := firstStage[id]; ok && s != c.Stage {
				if once {
					pr.Add(f, "placement.two_stages", id, s, c.Stage)
				}
				continue
			}
			firstStage[id] = c.Stage
		}
	}
}

// Check applies the rules a final (edited) set of classes must keep: no
// class over its seats, no enterprise twice in a class or in two classes of
// one stage, and sound class data. Field problems name the class as
// classes[<id>].
func Check(classes []Class) error {
	var pr siapekspor.Problems
	checkClasses(&pr, classes, false)
	return pr.Err()
}

// Check is the package-level Check plus, with OncePerProgramme, no
// enterprise in two stages.
func (r Rules) Check(classes []Class) error {
	var pr siapekspor.Problems
	checkClasses(&pr, classes, r.OncePerProgramme)
	return pr.Err()
}
