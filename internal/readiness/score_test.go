package readiness

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/siapekspor/siapekspor"
)

// answersBy answers every question with the option pick chooses.
func answersBy(q *Questionnaire, pick func(i int, qu *Question) string) Answers {
	a := Answers{}
	for i := range q.Questions {
		a[q.Questions[i].Key] = pick(i, &q.Questions[i])
	}
	return a
}

func bestOption(_ int, qu *Question) string {
	key, best := "", -1.0
	for _, o := range qu.Options {
		if o.Points > best {
			key, best = o.Key, o.Points
		}
	}
	return key
}

func worstOption(_ int, qu *Question) string {
	key, worst := "", math.Inf(1)
	for _, o := range qu.Options {
		if o.Points < worst {
			key, worst = o.Key, o.Points
		}
	}
	return key
}

func sumLost(r *Result) float64 {
	s := 0.0
	for _, l := range r.Lost {
		s += l.Points
	}
	return s
}

func answerActions(r *Result) []Action {
	var out []Action
	for _, a := range r.Actions {
		if a.Key == "" {
			out = append(out, a)
		}
	}
	return out
}

// small is a hand-checkable questionnaire: dimension a weighs 3, b 1.
func small() *Questionnaire {
	opt := func(key string, points float64, action string) Option {
		o := Option{Key: key, LabelID: key, LabelEN: key, Points: points, ActionID: action}
		if action != "" {
			o.ActionEN = action + " (en)"
		}
		return o
	}
	return &Questionnaire{
		Version: 3,
		Dimensions: []Dimension{
			{Key: "a", NameID: "A", Weight: 3},
			{Key: "b", NameID: "B", Weight: 1},
		},
		Questions: []Question{
			{Key: "q1", Dimension: "a", TextID: "Q1", Options: []Option{opt("low", 0, "do q1"), opt("mid", 2, "improve q1"), opt("high", 4, "")}},
			{Key: "q2", Dimension: "a", TextID: "Q2", Options: []Option{opt("no", 0, "do q2"), opt("yes", 1, "")}},
			{Key: "q3", Dimension: "b", TextID: "Q3", Options: []Option{opt("no", 0, "do q3"), opt("yes", 3, "")}},
		},
		Thresholds: Thresholds{Intermediate: 40, Advanced: 70},
	}
}

func TestScoreByHand(t *testing.T) {
	// a: q1 mid (2 of 4) + q2 yes (1 of 1) = 3 of 5 → 60; b: q3 no → 0.
	// Overall = 0.75 × 60 + 0.25 × 0 = 45 → menengah. Lost: q1 costs
	// 0.75 × 100 × 2/5 = 30, q3 costs 0.25 × 100 × 3/3 = 25.
	q := small()
	r, err := Score(q, Answers{"q1": "mid", "q2": "yes", "q3": "no"}, Facts{})
	if err != nil {
		t.Fatal(err)
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	near("overall", r.Overall, 45)
	if r.Level != siapekspor.LevelIntermediate || r.Version != 3 {
		t.Errorf("level %s version %d", r.Level, r.Version)
	}
	near("a score", r.Dimensions[0].Score, 60)
	near("a share", r.Dimensions[0].Share, 0.75)
	near("a earned", r.Dimensions[0].Earned, 3)
	near("a max", r.Dimensions[0].Max, 5)
	near("b score", r.Dimensions[1].Score, 0)
	if len(r.Lost) != 2 || r.Lost[0].Question != "q1" || r.Lost[0].Option != "mid" || r.Lost[1].Question != "q3" {
		t.Fatalf("lost %+v", r.Lost)
	}
	near("q1 cost", r.Lost[0].Points, 30)
	near("q3 cost", r.Lost[1].Points, 25)
	want := []Action{
		{Question: "q1", TextID: "improve q1", TextEN: "improve q1 (en)", Points: 30},
		{Question: "q3", TextID: "do q3", TextEN: "do q3 (en)", Points: 25},
	}
	if !reflect.DeepEqual(r.Actions, want) {
		t.Errorf("actions %+v, want %+v", r.Actions, want)
	}
	near("gap", NextLevelGap(r, q), 25)
}

func TestScoreExtremes(t *testing.T) {
	q := Default()
	best, err := Score(q, answersBy(q, bestOption), Facts{})
	if err != nil {
		t.Fatal(err)
	}
	if best.Overall != 100 || best.Level != siapekspor.LevelAdvanced || best.Lost == nil || len(best.Lost) != 0 || best.Actions == nil || len(best.Actions) != 0 {
		t.Errorf("best answers: %v %s lost %v actions %v", best.Overall, best.Level, best.Lost, best.Actions)
	}
	if g := NextLevelGap(best, q); g != 0 {
		t.Errorf("gap at mahir %v", g)
	}
	worst, err := Score(q, answersBy(q, worstOption), Facts{})
	if err != nil {
		t.Fatal(err)
	}
	if worst.Overall != 0 || worst.Level != siapekspor.LevelBeginner {
		t.Errorf("worst answers: %v %s", worst.Overall, worst.Level)
	}
	if g := NextLevelGap(worst, q); g != 40 {
		t.Errorf("gap from 0 = %v, want 40", g)
	}
	// Every worst answer has an action, biggest gain first.
	acts := answerActions(worst)
	if len(acts) != len(q.Questions) {
		t.Errorf("%d actions for %d questions", len(acts), len(q.Questions))
	}
	for i := 1; i < len(acts); i++ {
		if acts[i].Points > acts[i-1].Points {
			t.Errorf("actions not sorted at %d: %v > %v", i, acts[i].Points, acts[i-1].Points)
		}
	}
	for i := 1; i < len(worst.Lost); i++ {
		if worst.Lost[i].Points > worst.Lost[i-1].Points {
			t.Errorf("lost not sorted at %d", i)
		}
	}
}

// TestLostAndOverallMakeHundred checks the explanation: what the answers
// cost plus the score is 100, for many answer sets and weightings.
func TestLostAndOverallMakeHundred(t *testing.T) {
	seed := uint64(42)
	rnd := func(n int) int {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int(seed>>33) % n
	}
	variants := map[string]func(q *Questionnaire){
		"default":          func(q *Questionnaire) {},
		"unequal weights":  func(q *Questionnaire) { q.Dimensions[0].Weight, q.Dimensions[5].Weight = 37.5, 0.25 },
		"a weight of zero": func(q *Questionnaire) { q.Dimensions[2].Weight = 0 },
		"an empty dimension": func(q *Questionnaire) {
			q.Dimensions = append(q.Dimensions, Dimension{Key: "empty", NameID: "Kosong", Weight: 50})
		},
		"fractional points": func(q *Questionnaire) { q.Questions[4].Options[1].Points = 1.3 },
	}
	for name, edit := range variants {
		t.Run(name, func(t *testing.T) {
			q := Default()
			edit(q)
			for n := 0; n < 300; n++ {
				a := answersBy(q, func(_ int, qu *Question) string { return qu.Options[rnd(len(qu.Options))].Key })
				r, err := Score(q, a, Facts{})
				if err != nil {
					t.Fatal(err)
				}
				if s := r.Overall + sumLost(r); math.Abs(s-100) > 1e-9 {
					t.Fatalf("overall %v + lost %v = %v", r.Overall, sumLost(r), s)
				}
				if r.Overall < 0 || r.Overall > 100 {
					t.Fatalf("overall %v", r.Overall)
				}
				shares := 0.0
				for _, d := range r.Dimensions {
					if d.Score < 0 || d.Score > 100 {
						t.Fatalf("dimension %s score %v", d.Key, d.Score)
					}
					shares += d.Share
					if (d.Weight == 0 || d.Max == 0) && d.Share != 0 {
						t.Fatalf("dimension %s counts with weight %v max %v", d.Key, d.Weight, d.Max)
					}
				}
				if math.Abs(shares-1) > 1e-9 {
					t.Fatalf("shares add to %v", shares)
				}
				if r.Level != q.Level(r.Overall) {
					t.Fatalf("level %s for %v", r.Level, r.Overall)
				}
			}
		})
	}
}

func TestZeroWeightDimensionCostsNothing(t *testing.T) {
	q := small()
	q.Dimensions[1].Weight = 0
	r, err := Score(q, Answers{"q1": "high", "q2": "yes", "q3": "no"}, Facts{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Overall != 100 || len(r.Lost) != 0 {
		t.Errorf("overall %v lost %v", r.Overall, r.Lost)
	}
	// Its advice is still given, worth no points.
	if len(r.Actions) != 1 || r.Actions[0].Question != "q3" || r.Actions[0].Points != 0 {
		t.Errorf("actions %+v", r.Actions)
	}
	if r.Dimensions[1].Score != 0 || r.Dimensions[1].Share != 0 {
		t.Errorf("b %+v", r.Dimensions[1])
	}
}

func TestScoreRefusesBadAnswers(t *testing.T) {
	q := small()
	tests := []struct {
		name    string
		answers Answers
		want    map[string][]string
	}{
		{"a missing answer", Answers{"q1": "mid", "q2": "yes"}, map[string][]string{"answers.q3": {"readiness.answer_missing"}}},
		{"an empty answer", Answers{"q1": "mid", "q2": "", "q3": "no"}, map[string][]string{"answers.q2": {"readiness.answer_missing"}}},
		{"not an option", Answers{"q1": "maybe", "q2": "yes", "q3": "no"}, map[string][]string{"answers.q1": {"readiness.answer_not_an_option"}}},
		{"an option of another question", Answers{"q1": "yes", "q2": "yes", "q3": "no"}, map[string][]string{"answers.q1": {"readiness.answer_not_an_option"}}},
		{"an unknown question", Answers{"q1": "mid", "q2": "yes", "q3": "no", "q9": "yes"}, map[string][]string{"answers.q9": {"readiness.unknown_question"}}},
		{"nothing answered", Answers{}, map[string][]string{
			"answers.q1": {"readiness.answer_missing"}, "answers.q2": {"readiness.answer_missing"}, "answers.q3": {"readiness.answer_missing"}}},
		{"every problem at once", Answers{"q1": "x", "q3": "no", "zz": "a", "aa": "b"}, map[string][]string{
			"answers.q1": {"readiness.answer_not_an_option"}, "answers.q2": {"readiness.answer_missing"},
			"answers.aa": {"readiness.unknown_question"}, "answers.zz": {"readiness.unknown_question"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Score(q, tt.answers, Facts{})
			if r != nil || siapekspor.ErrorCodeOf(err) != siapekspor.EInvalid {
				t.Fatalf("got %v, %v", r, err)
			}
			if got := fieldKeys(err); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	// The option is an argument of the message.
	_, err := Score(q, Answers{"q1": "maybe", "q2": "yes", "q3": "no"}, Facts{})
	if e, _ := siapekspor.AsError(err); len(e.Fields[0].Args) != 1 || e.Fields[0].Args[0] != "maybe" {
		t.Errorf("args %v", e.Fields[0].Args)
	}
}

func TestScoreRefusesAnInvalidQuestionnaire(t *testing.T) {
	q := small()
	q.Thresholds = Thresholds{80, 20}
	if _, err := Score(q, Answers{"q1": "mid", "q2": "yes", "q3": "no"}, Facts{}); !hasProblem(err, "thresholds.advanced", "readiness.threshold_order") {
		t.Errorf("got %v", err)
	}
}

func TestLevelAndGap(t *testing.T) {
	q := small() // 40 / 70
	tests := []struct {
		overall float64
		level   siapekspor.TrainingLevel
		gap     float64
	}{
		{0, siapekspor.LevelBeginner, 40},
		{12.34, siapekspor.LevelBeginner, 27.7}, // shown as 12.3
		{39.94, siapekspor.LevelBeginner, 0.1},
		{39.95, siapekspor.LevelIntermediate, 30}, // shown as 40.0, so menengah
		{40, siapekspor.LevelIntermediate, 30},
		{69.9, siapekspor.LevelIntermediate, 0.1},
		{69.96, siapekspor.LevelAdvanced, 0},
		{70, siapekspor.LevelAdvanced, 0},
		{100, siapekspor.LevelAdvanced, 0},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.overall), func(t *testing.T) {
			if l := q.Level(tt.overall); l != tt.level {
				t.Errorf("level %s, want %s", l, tt.level)
			}
			if g := NextLevelGap(&Result{Overall: tt.overall}, q); g != tt.gap {
				t.Errorf("gap %v, want %v", g, tt.gap)
			}
		})
	}
}

func TestCompareLevels(t *testing.T) {
	tests := []struct {
		before, after siapekspor.TrainingLevel
		want          int
	}{
		{siapekspor.LevelBeginner, siapekspor.LevelIntermediate, 1},
		{siapekspor.LevelBeginner, siapekspor.LevelAdvanced, 2},
		{siapekspor.LevelIntermediate, siapekspor.LevelIntermediate, 0},
		{siapekspor.LevelAdvanced, siapekspor.LevelBeginner, -2},
		{"", siapekspor.LevelAdvanced, 0},
		{siapekspor.LevelBeginner, "expert", 0},
	}
	for _, tt := range tests {
		if got := CompareLevels(tt.before, tt.after); got != tt.want {
			t.Errorf("CompareLevels(%q, %q) = %d, want %d", tt.before, tt.after, got, tt.want)
		}
	}
}

func TestProductActions(t *testing.T) {
	q := Default()
	a := answersBy(q, bestOption)
	a["digital_website"] = "none" // one answer action among the product ones
	facts := Facts{
		Now:  jan2026,
		Size: siapekspor.SizeMicro,
		Products: []siapekspor.Product{
			abonIkan, // no BPOM MD, no halal
			keripik,  // no PIRT, no halal, no English name
			kopi,     // halal only
			tapis,    // nothing
			tanpaHS,  // no HS code, no capacity, no English name
		},
		Certificates: []siapekspor.Certificate{cert(siapekspor.CertHalal, 3, nil), cert(siapekspor.CertPIRT, 1, nil)},
	}
	r, err := Score(q, a, facts)
	if err != nil {
		t.Fatal(err)
	}
	type act struct {
		key      string
		product  int64
		question string
		required bool
	}
	var got []act
	for _, x := range r.Actions {
		got = append(got, act{x.Key, x.ProductID, x.Question, x.Required})
	}
	want := []act{
		{"readiness.action.bpom_md", 1, "legal_permits", true}, // its PIRT cannot cover fish
		{"readiness.action.halal_micro", 1, "legal_permits", true},
		{"readiness.action.pirt", 2, "legal_permits", true},
		{"readiness.action.halal_micro", 2, "legal_permits", true},
		{"", 0, "digital_website", false},
		{"readiness.action.english_label", 2, "product_english_label", false},
		{"readiness.action.english_label", 5, "product_english_label", false},
		{"readiness.action.hs_code", 5, "legal_permits", false},
		{"readiness.action.capacity", 5, "capacity_volume", false},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("actions\n got %+v\nwant %+v", got, want)
	}
	if r.Actions[0].ProductNameID != "Abon Ikan" || r.Actions[0].ProductNameEN != "Fish Floss" || r.Actions[0].Points != 0 {
		t.Errorf("product action %+v", r.Actions[0])
	}
	// Product actions do not change the score.
	plain, _ := Score(q, a, Facts{})
	if plain.Overall != r.Overall {
		t.Errorf("facts changed the score: %v vs %v", plain.Overall, r.Overall)
	}
}

func TestHalalActionBySize(t *testing.T) {
	q := Default()
	a := answersBy(q, bestOption)
	for size, want := range map[siapekspor.SizeClass]string{
		siapekspor.SizeMicro:   "readiness.action.halal_micro",
		siapekspor.SizeSmall:   "readiness.action.halal_small",
		siapekspor.SizeMedium:  "readiness.action.halal_required",
		siapekspor.SizeLarge:   "readiness.action.halal_required",
		siapekspor.SizeUnknown: "readiness.action.halal",
	} {
		r, err := Score(q, a, Facts{Now: jan2026, Size: size, Products: []siapekspor.Product{kopi}})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Actions) != 1 || r.Actions[0].Key != want || !r.Actions[0].Required {
			t.Errorf("size %q: %+v, want %s", size, r.Actions, want)
		}
	}
	// A valid halal certificate: no action; a product outside the halal
	// chapters: none either.
	r, _ := Score(q, a, Facts{Now: jan2026, Products: []siapekspor.Product{kopi, tapis, kosmetik},
		Certificates: []siapekspor.Certificate{cert(siapekspor.CertHalal, 3, day(2030, 1, 1))}})
	if len(r.Actions) != 0 {
		t.Errorf("actions %+v", r.Actions)
	}
}

func TestActionText(t *testing.T) {
	cat := map[string]string{"readiness.action.english_label": "label for %s"}
	tr := func(key string, args ...any) string { return fmt.Sprintf(cat[key], args...) }
	tests := []struct {
		a          Action
		lang, want string
	}{
		{Action{TextID: "Buat label", TextEN: "Make a label"}, "id", "Buat label"},
		{Action{TextID: "Buat label", TextEN: "Make a label"}, "en", "Make a label"},
		{Action{TextID: "Buat label"}, "en", "Buat label"},
		{Action{Key: "readiness.action.english_label", ProductNameID: "Keripik", ProductNameEN: "Chips"}, "en", "label for Chips"},
		{Action{Key: "readiness.action.english_label", ProductNameID: "Keripik", ProductNameEN: "Chips"}, "id", "label for Keripik"},
		{Action{Key: "readiness.action.english_label", ProductNameID: "Keripik"}, "en", "label for Keripik"},
	}
	for _, tt := range tests {
		if got := tt.a.Text(tt.lang, tr); got != tt.want {
			t.Errorf("%+v in %s: %q, want %q", tt.a, tt.lang, got, tt.want)
		}
	}
}
