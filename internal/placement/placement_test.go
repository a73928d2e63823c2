package placement

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
)

const (
	pemula   = siapekspor.LevelBeginner
	menengah = siapekspor.LevelIntermediate
	mahir    = siapekspor.LevelAdvanced
)

var epoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

func cand(id int64, regency string, level siapekspor.TrainingLevel, score float64) Candidate {
	return Candidate{EnterpriseID: id, RegencyCode: regency, Level: level, Score: score, AssessedAt: epoch}
}

// programme makes stages × the three classes, IDs stage*10 + 1..3.
func programme(stages, seats int) []Class {
	var out []Class
	for s := 1; s <= stages; s++ {
		for i, l := range siapekspor.TrainingLevels {
			out = append(out, Class{ID: int64(s*10 + i + 1), Stage: s, Level: l, Seats: seats})
		}
	}
	return out
}

func ids(ps []Placement) []int64 {
	out := []int64{}
	for _, p := range ps {
		out = append(out, p.EnterpriseID)
	}
	return out
}

func reasons(ps []Placement) map[string]int {
	out := map[string]int{}
	for _, p := range ps {
		out[p.Reason]++
	}
	return out
}

func byRegency(ps []Placement, pool []Candidate) map[string]int {
	reg := map[int64]string{}
	for _, c := range pool {
		reg[c.EnterpriseID] = c.RegencyCode
	}
	out := map[string]int{}
	for _, p := range ps {
		out[reg[p.EnterpriseID]]++
	}
	return out
}

// span returns n candidates of a regency and level, IDs from first, scores
// falling from top.
func span(first int64, n int, regency string, level siapekspor.TrainingLevel, top float64) []Candidate {
	var out []Candidate
	for i := 0; i < n; i++ {
		out = append(out, cand(first+int64(i), regency, level, top-float64(i)*0.1))
	}
	return out
}

func fieldKeys(err error) map[string][]string {
	out := map[string][]string{}
	var e *siapekspor.Error
	if errors.As(err, &e) {
		for _, f := range e.Fields {
			out[f.Field] = append(out[f.Field], f.Key)
		}
	}
	return out
}

func mustPropose(t *testing.T, classes []Class, pool []Candidate, r Rules) *Proposal {
	t.Helper()
	p, err := Propose(classes, pool, r)
	if err != nil {
		t.Fatalf("Propose: %v %v", err, fieldKeys(err))
	}
	checkInvariants(t, classes, pool, r, p)
	return p
}

func TestEmptyPool(t *testing.T) {
	p := mustPropose(t, programme(2, 20), nil, DefaultRules())
	if len(p.Classes) != 6 || p.Stats.Placed != 0 || p.Stats.EmptySeats != 120 || len(p.Waiting) != 0 {
		t.Errorf("%+v", p)
	}
	for id, ps := range p.Classes {
		if ps == nil {
			t.Errorf("class %d has a nil list", id)
		}
	}
}

func TestNoClasses(t *testing.T) {
	pool := span(1, 3, "18.01", pemula, 50)
	p := mustPropose(t, nil, pool, DefaultRules())
	if !reflect.DeepEqual(p.Waiting, []int64{1, 2, 3}) || p.Stats.Waiting != 3 {
		t.Errorf("%+v", p)
	}
}

func TestFewerCandidatesThanSeats(t *testing.T) {
	pool := append(span(1, 3, "18.01", pemula, 30), span(10, 2, "18.02", mahir, 90)...)
	p := mustPropose(t, programme(2, 20), pool, DefaultRules())
	if got := ids(p.Classes[11]); !reflect.DeepEqual(got, []int64{1, 2, 3}) {
		t.Errorf("pemula stage 1: %v", got)
	}
	if got := ids(p.Classes[13]); !reflect.DeepEqual(got, []int64{10, 11}) {
		t.Errorf("mahir stage 1: %v", got)
	}
	for _, id := range []int64{12, 21, 22, 23} {
		if len(p.Classes[id]) != 0 {
			t.Errorf("class %d: %v", id, p.Classes[id])
		}
	}
	// Three of one regency stay within the cap of ceil(0.25 × 20) = 5.
	if n := reasons(p.Classes[11])[ReasonLevelScore]; n != 3 {
		t.Errorf("reasons %v", reasons(p.Classes[11]))
	}
	if p.Stats.Placed != 5 || p.Stats.EmptySeats != 115 || len(p.Waiting) != 0 {
		t.Errorf("stats %+v", p.Stats)
	}
}

func TestPriority(t *testing.T) {
	day := func(d int) time.Time { return epoch.AddDate(0, 0, d) }
	pool := []Candidate{
		{EnterpriseID: 1, RegencyCode: "a", Level: pemula, Score: 35, AssessedAt: day(0), Trained: true}, // trained: last
		{EnterpriseID: 2, RegencyCode: "a", Level: pemula, Score: 20, AssessedAt: day(5)},                // lowest untrained score
		{EnterpriseID: 3, RegencyCode: "a", Level: pemula, Score: 30, AssessedAt: day(9)},                // ties 4 on score, newer
		{EnterpriseID: 4, RegencyCode: "a", Level: pemula, Score: 30, AssessedAt: day(1)},                // older assessment first
		{EnterpriseID: 6, RegencyCode: "a", Level: pemula, Score: 25, AssessedAt: day(3)},                // ties 5 fully: lower ID first
		{EnterpriseID: 5, RegencyCode: "a", Level: pemula, Score: 25, AssessedAt: day(3)},                //
		{EnterpriseID: 7, RegencyCode: "a", Level: pemula, Score: 39, AssessedAt: day(0), Trained: true}, // trained, higher score
		{EnterpriseID: 8, RegencyCode: "a", Level: menengah, Score: 99, AssessedAt: day(0)},              // other level
	}
	classes := []Class{{ID: 1, Stage: 1, Level: pemula, Seats: 6}}
	p := mustPropose(t, classes, pool, Rules{})
	if got, want := ids(p.Classes[1]), []int64{4, 3, 5, 6, 2, 7}; !reflect.DeepEqual(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	if p.Classes[1][5].Reason != ReasonTrainedBefore || p.Classes[1][0].Reason != ReasonLevelScore {
		t.Errorf("reasons %+v", p.Classes[1])
	}
	if want := []int64{8, 1}; !reflect.DeepEqual(p.Waiting, want) {
		t.Errorf("waiting %v, want %v (priority order across levels)", p.Waiting, want)
	}
}

func TestPriorityTimeEdges(t *testing.T) {
	// The sort key clamps times to whole seconds since 1970; ties within a
	// second, before 1970 and at the zero time are settled on the full time.
	sameSecond := epoch.Add(300 * time.Millisecond)
	pool := []Candidate{
		{EnterpriseID: 1, Level: pemula, Score: 50, AssessedAt: sameSecond},
		{EnterpriseID: 2, Level: pemula, Score: 50, AssessedAt: epoch.Add(100 * time.Millisecond)},
		{EnterpriseID: 3, Level: pemula, Score: 50, AssessedAt: time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)},
		{EnterpriseID: 4, Level: pemula, Score: 50, AssessedAt: time.Date(1965, 1, 1, 0, 0, 0, 0, time.UTC)},
		{EnterpriseID: 5, Level: pemula, Score: 50},                                                          // zero time: oldest
		{EnterpriseID: 6, Level: pemula, Score: 50, AssessedAt: time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)}, // past 2106
		{EnterpriseID: 7, Level: pemula, Score: 50, AssessedAt: time.Date(2150, 1, 1, 0, 0, 0, 0, time.UTC)},
		{EnterpriseID: 8, Level: pemula, Score: math.Copysign(0, -1)}, // −0 is 0
		{EnterpriseID: 9, Level: pemula, Score: 0, AssessedAt: epoch},
		{EnterpriseID: 10, Level: pemula, Score: 0.05, AssessedAt: epoch},
		{EnterpriseID: 11, Level: pemula, Score: 100, AssessedAt: epoch},
	}
	p := mustPropose(t, []Class{{ID: 1, Stage: 1, Level: pemula, Seats: 20}}, pool, Rules{})
	want := []int64{11, 5, 3, 4, 2, 1, 7, 6, 10, 8, 9}
	if got := ids(p.Classes[1]); !reflect.DeepEqual(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

func TestStageOneBeforeStageTwo(t *testing.T) {
	pool := span(1, 30, "", pemula, 80) // one group: no cap question
	p := mustPropose(t, programme(2, 20), pool, Rules{OncePerProgramme: true})
	if got := ids(p.Classes[11]); len(got) != 20 || got[0] != 1 || got[19] != 20 {
		t.Errorf("stage 1: %v", got)
	}
	if got := ids(p.Classes[21]); len(got) != 10 || got[0] != 21 || got[9] != 30 {
		t.Errorf("stage 2: %v", got)
	}
	// Classes given out of order are still filled stage by stage.
	classes := programme(2, 20)
	slices.Reverse(classes)
	if q := mustPropose(t, classes, pool, Rules{OncePerProgramme: true}); !reflect.DeepEqual(q.Classes, p.Classes) {
		t.Error("class order changed the proposal")
	}
}

func TestRepeatAcrossStagesWhenAllowed(t *testing.T) {
	pool := span(1, 30, "", pemula, 80)
	p := mustPropose(t, programme(2, 20), pool, Rules{OncePerProgramme: false})
	if !reflect.DeepEqual(ids(p.Classes[11]), ids(p.Classes[21])) {
		t.Errorf("stage 2 %v differs from stage 1 %v", ids(p.Classes[21]), ids(p.Classes[11]))
	}
	if got := p.Waiting; !reflect.DeepEqual(got, []int64{21, 22, 23, 24, 25, 26, 27, 28, 29, 30}) {
		t.Errorf("waiting %v", got)
	}
}

func TestRegencyCap(t *testing.T) {
	// Regency a has 30 strong candidates; b, c, d have 5 weaker ones each.
	// The cap ceil(0.25 × 20) = 5 keeps a at 5 seats while the others wait.
	pool := span(1, 30, "a", pemula, 90)
	pool = append(pool, span(100, 5, "b", pemula, 40)...)
	pool = append(pool, span(200, 5, "c", pemula, 30)...)
	pool = append(pool, span(300, 5, "d", pemula, 20)...)
	classes := []Class{{ID: 1, Stage: 1, Level: pemula, Seats: 20}}
	p := mustPropose(t, classes, pool, DefaultRules())
	if got, want := byRegency(p.Classes[1], pool), map[string]int{"a": 5, "b": 5, "c": 5, "d": 5}; !reflect.DeepEqual(got, want) {
		t.Errorf("by regency %v, want %v", got, want)
	}
	if r := reasons(p.Classes[1]); r[ReasonLevelScore] != 20 || p.Stats.PastCap != 0 {
		t.Errorf("reasons %v", r)
	}
	// Without a cap, a's scores take every seat.
	for _, c := range []float64{0, 1, 1.5} {
		p := mustPropose(t, classes, pool, Rules{RegencyCap: c})
		if got := byRegency(p.Classes[1], pool); got["a"] != 20 {
			t.Errorf("cap %v: %v", c, got)
		}
	}
}

func TestFillPastTheCap(t *testing.T) {
	// Only 3 candidates outside a: a takes its 5, b its 3, then a fills the
	// 12 seats left, past the cap, since nobody else waits.
	pool := append(span(1, 30, "a", pemula, 90), span(100, 3, "b", pemula, 40)...)
	classes := []Class{{ID: 1, Stage: 1, Level: pemula, Seats: 20}}
	p := mustPropose(t, classes, pool, DefaultRules())
	if got := byRegency(p.Classes[1], pool); got["a"] != 17 || got["b"] != 3 {
		t.Errorf("by regency %v", got)
	}
	if r := reasons(p.Classes[1]); r[ReasonPastCap] != 12 || r[ReasonLevelScore] != 8 || p.Stats.PastCap != 12 {
		t.Errorf("reasons %v stats %+v", r, p.Stats)
	}
	// The capped seats come first, the past-cap ones after, each in priority order.
	want := []int64{1, 2, 3, 4, 5, 100, 101, 102, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}
	if got := ids(p.Classes[1]); !reflect.DeepEqual(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

func TestPastTheCapIsSpreadEvenly(t *testing.T) {
	// a and b both have 10, a scores higher. 12 seats, cap ceil(3) = 3:
	// a 3, b 3, then one more each at a time: a 6, b 6 — not a 9, b 3.
	pool := append(span(1, 10, "a", menengah, 90), span(100, 10, "b", menengah, 50)...)
	classes := []Class{{ID: 1, Stage: 1, Level: menengah, Seats: 12}}
	p := mustPropose(t, classes, pool, DefaultRules())
	if got := byRegency(p.Classes[1], pool); got["a"] != 6 || got["b"] != 6 {
		t.Errorf("by regency %v", got)
	}
	if p.Stats.PastCap != 6 {
		t.Errorf("past cap %d", p.Stats.PastCap)
	}
}

func TestOneRegencyOnly(t *testing.T) {
	pool := span(1, 25, "18.71", mahir, 95)
	p := mustPropose(t, programme(2, 20), pool, DefaultRules())
	if got := len(p.Classes[13]); got != 20 {
		t.Errorf("stage 1 mahir has %d", got)
	}
	if r := reasons(p.Classes[13]); r[ReasonLevelScore] != 5 || r[ReasonPastCap] != 15 {
		t.Errorf("reasons %v", r)
	}
	if got := ids(p.Classes[23]); !reflect.DeepEqual(got, []int64{21, 22, 23, 24, 25}) {
		t.Errorf("stage 2 %v", got)
	}
}

func TestExistingMembers(t *testing.T) {
	// Class 11 (5 seats, cap ceil(0.4 × 5) = 2) already holds 1 (regency a,
	// in the pool) and 500 (not in the pool). 1 is not proposed again, in
	// this stage or (once per programme) the next.
	pool := []Candidate{
		cand(1, "a", pemula, 99),
		cand(2, "a", pemula, 90), cand(3, "a", pemula, 89), cand(4, "a", pemula, 88),
		cand(5, "b", pemula, 10), cand(6, "c", pemula, 9),
	}
	classes := []Class{
		{ID: 11, Stage: 1, Level: pemula, Seats: 5, Members: []int64{1, 500}},
		{ID: 21, Stage: 2, Level: pemula, Seats: 5},
	}
	p := mustPropose(t, classes, pool, Rules{RegencyCap: 0.4, OncePerProgramme: true})
	// Room 3: a has 1 member, so 1 more at the cap (2), then b and c.
	if got := ids(p.Classes[11]); !reflect.DeepEqual(got, []int64{2, 5, 6}) {
		t.Errorf("stage 1 %v", got)
	}
	if got := ids(p.Classes[21]); !reflect.DeepEqual(got, []int64{3, 4}) {
		t.Errorf("stage 2 %v", got)
	}
	if p.Stats.AlreadyEnrolled != 1 || len(p.Waiting) != 0 || p.Stats.EmptySeats != 3 {
		t.Errorf("stats %+v waiting %v", p.Stats, p.Waiting)
	}
	// A member of stage 2 is not proposed for stage 1 either.
	classes[0].Members, classes[1].Members = nil, []int64{2}
	p = mustPropose(t, classes, pool, Rules{OncePerProgramme: true})
	if slices.Contains(ids(p.Classes[11]), 2) {
		t.Errorf("stage 1 %v holds a stage-2 member", ids(p.Classes[11]))
	}
	// A full class gets nobody.
	full := []Class{{ID: 1, Stage: 1, Level: pemula, Seats: 2, Members: []int64{70, 71}}}
	p = mustPropose(t, full, pool, DefaultRules())
	if len(p.Classes[1]) != 0 || p.Stats.EmptySeats != 0 || len(p.Waiting) != len(pool) {
		t.Errorf("full class: %+v", p)
	}
}

func TestParallelClassesOfOneLevel(t *testing.T) {
	pool := span(1, 10, "", pemula, 50)
	classes := []Class{
		{ID: 7, Stage: 1, Level: pemula, Seats: 4},
		{ID: 3, Stage: 1, Level: pemula, Seats: 4},
	}
	p := mustPropose(t, classes, pool, DefaultRules())
	if got := ids(p.Classes[3]); !reflect.DeepEqual(got, []int64{1, 2, 3, 4}) {
		t.Errorf("class 3 %v", got)
	}
	if got := ids(p.Classes[7]); !reflect.DeepEqual(got, []int64{5, 6, 7, 8}) {
		t.Errorf("class 7 %v", got)
	}
	// Even when enterprises may repeat stages, one stage never holds one twice.
	p = mustPropose(t, classes, pool, Rules{})
	if slices.ContainsFunc(ids(p.Classes[7]), func(id int64) bool { return slices.Contains(ids(p.Classes[3]), id) }) {
		t.Error("an enterprise in two classes of one stage")
	}
}

func TestLevelWithoutClassWaits(t *testing.T) {
	pool := append(span(1, 2, "a", pemula, 50), span(10, 2, "a", mahir, 80)...)
	classes := []Class{{ID: 1, Stage: 1, Level: pemula, Seats: 20}, {ID: 2, Stage: 1, Level: menengah, Seats: 0}}
	p := mustPropose(t, classes, pool, DefaultRules())
	if !reflect.DeepEqual(p.Waiting, []int64{10, 11}) {
		t.Errorf("waiting %v", p.Waiting)
	}
	if len(p.Classes[2]) != 0 {
		t.Errorf("zero-seat class got %v", p.Classes[2])
	}
}

func TestDeterministic(t *testing.T) {
	pool := syntheticPool(3000)
	classes := programme(2, 20)
	want := mustPropose(t, classes, pool, DefaultRules())
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 5; i++ {
		shuffled := slices.Clone(pool)
		rng.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		got := mustPropose(t, classes, shuffled, DefaultRules())
		if !reflect.DeepEqual(got, want) {
			t.Fatal("the pool's order changed the proposal")
		}
	}
	// Propose leaves its inputs alone.
	before := slices.Clone(pool)
	mustPropose(t, classes, pool, DefaultRules())
	if !reflect.DeepEqual(before, pool) {
		t.Error("Propose reordered the pool")
	}
}

func TestProposeLargePool(t *testing.T) {
	pool := syntheticPool(20000)
	p := mustPropose(t, programme(2, 20), pool, DefaultRules())
	if p.Stats.Placed != 120 || p.Stats.EmptySeats != 0 || p.Stats.PastCap != 0 || len(p.Waiting) != 20000-120 {
		t.Errorf("stats %+v", p.Stats)
	}
	for id, ps := range p.Classes {
		for reg, n := range byRegency(ps, pool) {
			if n > 5 {
				t.Errorf("class %d: regency %s has %d", id, reg, n)
			}
		}
	}
}

func TestProposeRefusesBadInput(t *testing.T) {
	good := func() ([]Class, []Candidate, Rules) {
		return programme(1, 20), []Candidate{cand(1, "a", pemula, 30), cand(2, "b", mahir, 80)}, DefaultRules()
	}
	tests := []struct {
		name  string
		edit  func(c []Class, p []Candidate, r *Rules) ([]Class, []Candidate)
		field string
		key   string
	}{
		{"duplicate candidate", func(c []Class, p []Candidate, r *Rules) ([]Class, []Candidate) {
			return c, append(p, cand(1, "c", menengah, 50))
		}, "pool[2].enterprise_id", "placement.duplicate_candidate"},
		{"no enterprise ID", func(c []Class, p []Candidate, r *Rules) ([]Class, []Candidate) { p[0].EnterpriseID = 0; return c, p },
			"pool[0].enterprise_id", "field.required"},
		{"unknown candidate level", func(c []Class, p []Candidate, r *Rules) ([]Class, []Candidate) { p[1].Level = "expert"; return c, p },
			"pool[1].level", "placement.level_unknown"},
		{"empty candidate level", func(c []Class, p []Candidate, r *Rules) ([]Class, []Candidate) { p[1].Level = ""; return c, p },
			"pool[1].level", "placement.level_unknown"},
		{"score above 100", func(c []Class, p []Candidate, r *Rules) ([]Class, []Candidate) { p[0].Score = 100.5; return c, p },
			"pool[0].score", "placement.score_range"},
		{"negative score", func(c []Class, p []Candidate, r *Rules) ([]Class, []Candidate) { p[0].Score = -1; return c, p },
			"pool[0].score", "placement.score_range"},
		{"negative seats", func(c []Class, p []Candidate, r *Rules) ([]Class, []Candidate) { c[1].Seats = -1; return c, p },
			"classes[12].seats", "field.negative"},
		{"stage 0", func(c []Class, p []Candidate, r *Rules) ([]Class, []Candidate) { c[0].Stage = 0; return c, p },
			"classes[11].stage", "placement.stage_invalid"},
		{"unknown class level", func(c []Class, p []Candidate, r *Rules) ([]Class, []Candidate) { c[2].Level = "master"; return c, p },
			"classes[13].level", "placement.level_unknown"},
		{"class listed twice", func(c []Class, p []Candidate, r *Rules) ([]Class, []Candidate) { return append(c, c[0]), p },
			"classes[11]", "placement.duplicate_class"},
		{"negative cap", func(c []Class, p []Candidate, r *Rules) ([]Class, []Candidate) { r.RegencyCap = -0.1; return c, p },
			"rules.regency_cap", "placement.cap_invalid"},
		{"members over the seats", func(c []Class, p []Candidate, r *Rules) ([]Class, []Candidate) {
			c[0].Seats, c[0].Members = 1, []int64{8, 9}
			return c, p
		}, "classes[11]", "placement.over_capacity"},
		{"member in two classes of a stage", func(c []Class, p []Candidate, r *Rules) ([]Class, []Candidate) {
			c[0].Members, c[1].Members = []int64{8}, []int64{8}
			return c, p
		}, "classes[12]", "placement.two_classes_in_stage"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, p, r := good()
			c, p = tt.edit(c, p, &r)
			got, err := Propose(c, p, r)
			if got != nil || siapekspor.ErrorCodeOf(err) != siapekspor.EInvalid {
				t.Fatalf("got %v, %v", got, err)
			}
			if !slices.Contains(fieldKeys(err)[tt.field], tt.key) {
				t.Errorf("want %s: %s, got %v", tt.field, tt.key, fieldKeys(err))
			}
		})
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name    string
		classes []Class
		rules   *Rules // nil: the package-level Check
		want    map[string][]string
		args    []any // of the first problem
	}{
		{"valid", []Class{{ID: 1, Stage: 1, Level: pemula, Seats: 2, Members: []int64{1, 2}}, {ID: 2, Stage: 2, Level: pemula, Seats: 2, Members: []int64{1}}},
			nil, nil, nil},
		{"no classes", nil, nil, nil, nil},
		{"over capacity", []Class{{ID: 5, Stage: 1, Level: mahir, Seats: 2, Members: []int64{1, 2, 3}}},
			nil, map[string][]string{"classes[5]": {"placement.over_capacity"}}, []any{2, 3}},
		{"two classes in a stage", []Class{
			{ID: 1, Stage: 1, Level: pemula, Seats: 20, Members: []int64{7}},
			{ID: 2, Stage: 1, Level: mahir, Seats: 20, Members: []int64{7}}},
			nil, map[string][]string{"classes[2]": {"placement.two_classes_in_stage"}}, []any{int64(7), 1}},
		{"twice in one class", []Class{{ID: 1, Stage: 1, Level: pemula, Seats: 20, Members: []int64{7, 7}}},
			nil, map[string][]string{"classes[1]": {"placement.duplicate_member"}}, []any{int64(7)}},
		{"not an enterprise", []Class{{ID: 1, Stage: 1, Level: pemula, Seats: 20, Members: []int64{0}}},
			nil, map[string][]string{"classes[1]": {"placement.member_invalid"}}, []any{int64(0)}},
		{"two stages allowed by the package-level Check", []Class{
			{ID: 1, Stage: 1, Level: pemula, Seats: 20, Members: []int64{7}},
			{ID: 2, Stage: 2, Level: pemula, Seats: 20, Members: []int64{7}}},
			nil, nil, nil},
		{"two stages refused once per programme", []Class{
			{ID: 2, Stage: 2, Level: pemula, Seats: 20, Members: []int64{7}},
			{ID: 1, Stage: 1, Level: pemula, Seats: 20, Members: []int64{7}}},
			&Rules{OncePerProgramme: true}, map[string][]string{"classes[2]": {"placement.two_stages"}}, []any{int64(7), 1, 2}},
		{"two stages allowed by rules that allow them", []Class{
			{ID: 1, Stage: 1, Level: pemula, Seats: 20, Members: []int64{7}},
			{ID: 2, Stage: 2, Level: pemula, Seats: 20, Members: []int64{7}}},
			&Rules{}, nil, nil},
		{"bad class data", []Class{{ID: 3, Stage: 0, Level: "x", Seats: -1}},
			nil, map[string][]string{"classes[3].stage": {"placement.stage_invalid"}, "classes[3].level": {"placement.level_unknown"},
				"classes[3].seats": {"field.negative"}}, nil},
		{"every problem at once", []Class{
			{ID: 1, Stage: 1, Level: pemula, Seats: 1, Members: []int64{1, 2}},
			{ID: 2, Stage: 1, Level: menengah, Seats: 5, Members: []int64{2, 3}}},
			nil, map[string][]string{"classes[1]": {"placement.over_capacity"}, "classes[2]": {"placement.two_classes_in_stage"}}, []any{1, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.rules == nil {
				err = Check(tt.classes)
			} else {
				err = tt.rules.Check(tt.classes)
			}
			if tt.want == nil {
				if err != nil {
					t.Fatalf("unexpected %v %v", err, fieldKeys(err))
				}
				return
			}
			if siapekspor.ErrorCodeOf(err) != siapekspor.EInvalid {
				t.Fatalf("got %v", err)
			}
			if got := fieldKeys(err); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if e, _ := siapekspor.AsError(err); tt.args != nil && !reflect.DeepEqual(e.Fields[0].Args, tt.args) {
				t.Errorf("args %#v, want %#v", e.Fields[0].Args, tt.args)
			}
		})
	}
}

func TestCapLimit(t *testing.T) {
	tests := []struct {
		cap   float64
		seats int
		want  int
	}{
		{0.25, 20, 5}, {0.25, 21, 6}, {0.25, 3, 1}, {0.1, 20, 2}, {0.3, 10, 3}, {0.5, 1, 1}, {0.25, 0, 0},
	}
	for _, tt := range tests {
		if got := CapLimit(tt.cap, tt.seats); got != tt.want {
			t.Errorf("CapLimit(%v, %d) = %d, want %d", tt.cap, tt.seats, got, tt.want)
		}
	}
}

// checkInvariants asserts the rules on any proposal.
func checkInvariants(t *testing.T, classes []Class, pool []Candidate, r Rules, p *Proposal) {
	t.Helper()
	byID := map[int64]Candidate{}
	for _, c := range pool {
		byID[c.EnterpriseID] = c
	}
	final := slices.Clone(classes)
	for i := range final {
		final[i].Members = slices.Clone(final[i].Members)
		for _, pl := range p.Classes[final[i].ID] {
			if c, ok := byID[pl.EnterpriseID]; !ok || c.Level != final[i].Level {
				t.Fatalf("class %d (%s) got %d of level %s", final[i].ID, final[i].Level, pl.EnterpriseID, c.Level)
			}
			final[i].Members = append(final[i].Members, pl.EnterpriseID)
		}
	}
	if err := r.Check(final); err != nil {
		t.Fatalf("the proposal breaks the rules: %v", fieldKeys(err))
	}
	if !r.OncePerProgramme {
		return
	}
	// Fairness: for every class, no regency is more than one seat past a
	// waiting candidate's regency (and never past the cap unless that
	// regency is at it too); and no seat stays empty while someone of the
	// level waits.
	for _, c := range final {
		count := map[string]int{}
		for _, id := range c.Members {
			if cand, ok := byID[id]; ok {
				count[cand.RegencyCode]++
			}
		}
		limit := CapLimit(r.RegencyCap, c.Seats)
		for _, id := range p.Waiting {
			w := byID[id]
			if w.Level != c.Level {
				continue
			}
			if len(c.Members) < c.Seats {
				t.Fatalf("class %d has empty seats while %d waits", c.ID, id)
			}
			for reg, n := range count {
				if n > max(limit, count[w.RegencyCode]+1) {
					t.Fatalf("class %d: regency %s has %d seats while %d of %s (%d seats) waits; limit %d",
						c.ID, reg, n, id, w.RegencyCode, count[w.RegencyCode], limit)
				}
			}
		}
	}
}

// syntheticPool is a deterministic pool spread over 15 regencies and the
// three levels, with skewed regency sizes and some trained enterprises.
func syntheticPool(n int) []Candidate {
	rng := rand.New(rand.NewPCG(2021, 156150))
	pool := make([]Candidate, n)
	for i := range pool {
		// Squaring skews the regencies: low codes (the city) hold more.
		reg := int(15 * rng.Float64() * rng.Float64())
		pool[i] = Candidate{
			EnterpriseID: int64(i + 1),
			RegencyCode:  fmt.Sprintf("18.%02d", reg+1),
			Level:        siapekspor.TrainingLevels[rng.IntN(3)],
			Score:        float64(rng.IntN(1001)) / 10,
			Trained:      rng.IntN(5) == 0,
			AssessedAt:   epoch.Add(time.Duration(rng.IntN(365*24)) * time.Hour),
		}
	}
	return pool
}

func BenchmarkPropose20000(b *testing.B) {
	pool := syntheticPool(20000)
	classes := programme(2, 20)
	r := DefaultRules()
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		if _, err := Propose(classes, pool, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/op")
}
