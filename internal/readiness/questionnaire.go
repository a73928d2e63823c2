package readiness

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/siapekspor/siapekspor"
)

// Dimension is one area of readiness; its weight is relative to the others'.
type Dimension struct {
	Key    string  `json:"key"`
	NameID string  `json:"name_id"`
	NameEN string  `json:"name_en"`
	Weight float64 `json:"weight"`
}

// Option is one answer to a question. ActionID/ActionEN is the advice shown
// when this option is chosen; the best option usually has none.
type Option struct {
	Key      string  `json:"key"`
	LabelID  string  `json:"label_id"`
	LabelEN  string  `json:"label_en"`
	Points   float64 `json:"points"`
	ActionID string  `json:"action_id,omitempty"`
	ActionEN string  `json:"action_en,omitempty"`
}

// Question is one question of a dimension. Prefill names a fact the registry
// can answer (see PrefillFacts); "" means the person always answers.
type Question struct {
	Key       string   `json:"key"`
	Dimension string   `json:"dimension"`
	TextID    string   `json:"text_id"`
	TextEN    string   `json:"text_en"`
	HelpID    string   `json:"help_id,omitempty"`
	HelpEN    string   `json:"help_en,omitempty"`
	Options   []Option `json:"options"`
	Prefill   string   `json:"prefill,omitempty"`
}

// Thresholds place an overall score in a class: ≥ Intermediate is menengah,
// ≥ Advanced is mahir, anything lower pemula.
type Thresholds struct {
	Intermediate float64 `json:"intermediate"`
	Advanced     float64 `json:"advanced"`
}

// Questionnaire is one version of the export-readiness questionnaire. It is
// data: admins change questions, points, weights and thresholds by storing a
// new version, and every assessment keeps the version it was scored with.
type Questionnaire struct {
	Version    int         `json:"version"`
	Dimensions []Dimension `json:"dimensions"`
	Questions  []Question  `json:"questions"`
	Thresholds Thresholds  `json:"thresholds"`
}

// Limits on a questionnaire, so a stored version stays something a person
// can answer on a phone.
const (
	MaxDimensions = 20
	MaxQuestions  = 200
	MaxOptions    = 20
	maxKey        = 40
	maxName       = 200
	maxText       = 1000
	maxHelp       = 2000
	maxLabel      = 300
	maxAction     = 1000
)

// Question returns the question with a key.
func (q *Questionnaire) Question(key string) (*Question, bool) {
	for i := range q.Questions {
		if q.Questions[i].Key == key {
			return &q.Questions[i], true
		}
	}
	return nil, false
}

// Option returns the option with a key.
func (qu *Question) Option(key string) (*Option, bool) {
	for i := range qu.Options {
		if qu.Options[i].Key == key {
			return &qu.Options[i], true
		}
	}
	return nil, false
}

// Best is the highest number of points an option of the question gives.
func (qu *Question) Best() float64 {
	best := 0.0
	for _, o := range qu.Options {
		best = max(best, o.Points)
	}
	return best
}

// Level is the class an overall score falls in. It is decided on the score
// rounded to one decimal, the figure people see, so a displayed 70.0 is
// never below a threshold of 70.
func (q *Questionnaire) Level(overall float64) siapekspor.TrainingLevel {
	s := Round1(overall)
	switch {
	case s >= q.Thresholds.Advanced:
		return siapekspor.LevelAdvanced
	case s >= q.Thresholds.Intermediate:
		return siapekspor.LevelIntermediate
	}
	return siapekspor.LevelBeginner
}

// Round1 rounds a score to one decimal, as scores are shown.
func Round1(x float64) float64 { return math.Round(x*10) / 10 }

func validKey(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func checkKey(pr *siapekspor.Problems, field, key string) {
	switch {
	case key == "":
		pr.Add(field, "field.required")
	case len(key) > maxKey:
		pr.Add(field, "field.too_long", maxKey)
	case !validKey(key):
		pr.Add(field, "readiness.key_format")
	}
}

func checkText(pr *siapekspor.Problems, field, s string, required bool, limit int) {
	n := utf8.RuneCountInString(s)
	switch {
	case required && strings.TrimSpace(s) == "":
		pr.Add(field, "field.required")
	case n > limit:
		pr.Add(field, "field.too_long", limit)
	}
}

// checkNumber reports NaN, infinities and negatives; JSON cannot carry the
// first two but Go callers can.
func checkNumber(pr *siapekspor.Problems, field string, v float64) bool {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		pr.Add(field, "field.number")
	case v < 0:
		pr.Add(field, "field.negative")
	default:
		return true
	}
	return false
}

// Validate checks a questionnaire before it is stored or used; every problem
// is reported at once, with fields such as questions[3].options[1].points.
func (q *Questionnaire) Validate() error {
	pr := siapekspor.TextProblems(q)
	if q.Version < 1 {
		pr.Add("version", "readiness.version_invalid")
	}

	switch n := len(q.Dimensions); {
	case n == 0:
		pr.Add("dimensions", "field.required")
	case n > MaxDimensions:
		pr.Add("dimensions", "readiness.too_many", MaxDimensions)
	}
	dims := map[string]bool{}
	for i, d := range q.Dimensions {
		f := fmt.Sprintf("dimensions[%d]", i)
		checkKey(&pr, f+".key", d.Key)
		if dims[d.Key] && d.Key != "" {
			pr.Add(f+".key", "readiness.duplicate_key", d.Key)
		}
		dims[d.Key] = true
		checkText(&pr, f+".name_id", d.NameID, true, maxName)
		checkText(&pr, f+".name_en", d.NameEN, false, maxName)
		checkNumber(&pr, f+".weight", d.Weight)
	}

	switch n := len(q.Questions); {
	case n == 0:
		pr.Add("questions", "field.required")
	case n > MaxQuestions:
		pr.Add("questions", "readiness.too_many", MaxQuestions)
	}
	questions := map[string]bool{}
	weighted := false // some dimension with a weight has a question
	for i, qu := range q.Questions {
		f := fmt.Sprintf("questions[%d]", i)
		checkKey(&pr, f+".key", qu.Key)
		if questions[qu.Key] && qu.Key != "" {
			pr.Add(f+".key", "readiness.duplicate_key", qu.Key)
		}
		questions[qu.Key] = true
		switch {
		case qu.Dimension == "":
			pr.Add(f+".dimension", "field.required")
		case !dims[qu.Dimension]:
			pr.Add(f+".dimension", "readiness.unknown_dimension", qu.Dimension)
		}
		for _, d := range q.Dimensions {
			if d.Key == qu.Dimension && d.Weight > 0 {
				weighted = true
			}
		}
		checkText(&pr, f+".text_id", qu.TextID, true, maxText)
		checkText(&pr, f+".text_en", qu.TextEN, false, maxText)
		checkText(&pr, f+".help_id", qu.HelpID, false, maxHelp)
		checkText(&pr, f+".help_en", qu.HelpEN, false, maxHelp)

		switch n := len(qu.Options); {
		case n < 2:
			pr.Add(f+".options", "readiness.too_few_options", 2)
		case n > MaxOptions:
			pr.Add(f+".options", "readiness.too_many", MaxOptions)
		}
		options := map[string]bool{}
		scoring := false
		for j, o := range qu.Options {
			of := fmt.Sprintf("%s.options[%d]", f, j)
			checkKey(&pr, of+".key", o.Key)
			if options[o.Key] && o.Key != "" {
				pr.Add(of+".key", "readiness.duplicate_key", o.Key)
			}
			options[o.Key] = true
			checkText(&pr, of+".label_id", o.LabelID, true, maxLabel)
			checkText(&pr, of+".label_en", o.LabelEN, false, maxLabel)
			checkText(&pr, of+".action_id", o.ActionID, false, maxAction)
			checkText(&pr, of+".action_en", o.ActionEN, false, maxAction)
			if checkNumber(&pr, of+".points", o.Points) && o.Points > 0 {
				scoring = true
			}
		}
		if len(qu.Options) >= 2 && !scoring {
			pr.Add(f+".options", "readiness.no_points")
		}

		if qu.Prefill != "" {
			fa, ok := facts[qu.Prefill]
			if !ok {
				pr.Add(f+".prefill", "readiness.unknown_prefill", qu.Prefill)
			} else {
				// Every answer the fact can give must be an option, or the
				// form would be prefilled with an answer it cannot show.
				for _, key := range fa.options {
					if !options[key] {
						pr.Add(f+".prefill", "readiness.prefill_option_missing", qu.Prefill, key)
						break
					}
				}
			}
		}
	}
	if len(q.Dimensions) > 0 && len(q.Questions) > 0 && !weighted {
		pr.Add("dimensions", "readiness.weights_all_zero")
	}

	t := q.Thresholds
	okI := checkThreshold(&pr, "thresholds.intermediate", t.Intermediate)
	okA := checkThreshold(&pr, "thresholds.advanced", t.Advanced)
	if okI && okA && t.Intermediate >= t.Advanced {
		pr.Add("thresholds.advanced", "readiness.threshold_order")
	}
	return pr.Err()
}

func checkThreshold(pr *siapekspor.Problems, field string, v float64) bool {
	if math.IsNaN(v) || v < 0 || v > 100 {
		pr.Add(field, "readiness.threshold_range")
		return false
	}
	return true
}

// MissingEnglish lists the fields that have an Indonesian text but no
// English one. English is optional, so these are warnings for the editor,
// not errors; the English pages fall back to Indonesian.
func (q *Questionnaire) MissingEnglish() []string {
	var out []string
	miss := func(field, id, en string) {
		if strings.TrimSpace(id) != "" && strings.TrimSpace(en) == "" {
			out = append(out, field)
		}
	}
	for i, d := range q.Dimensions {
		miss(fmt.Sprintf("dimensions[%d].name_en", i), d.NameID, d.NameEN)
	}
	for i, qu := range q.Questions {
		f := fmt.Sprintf("questions[%d]", i)
		miss(f+".text_en", qu.TextID, qu.TextEN)
		miss(f+".help_en", qu.HelpID, qu.HelpEN)
		for j, o := range qu.Options {
			of := fmt.Sprintf("%s.options[%d]", f, j)
			miss(of+".label_en", o.LabelID, o.LabelEN)
			miss(of+".action_en", o.ActionID, o.ActionEN)
		}
	}
	return out
}

// Parse reads a questionnaire from JSON, refusing unknown fields (an
// admin's typo in a field name would otherwise vanish silently), and
// validates it.
func Parse(b []byte) (*Questionnaire, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var q Questionnaire
	if err := dec.Decode(&q); err != nil {
		return nil, siapekspor.Errorf(siapekspor.EInvalid, "readiness.json_invalid", err.Error())
	}
	if dec.More() {
		return nil, siapekspor.Errorf(siapekspor.EInvalid, "readiness.json_invalid", "trailing data after the questionnaire")
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	return &q, nil
}

// Clone returns a deep copy, so a caller may edit it freely.
func (q *Questionnaire) Clone() *Questionnaire {
	c := *q
	c.Dimensions = append([]Dimension(nil), q.Dimensions...)
	c.Questions = make([]Question, len(q.Questions))
	for i, qu := range q.Questions {
		qu.Options = append([]Option(nil), qu.Options...)
		c.Questions[i] = qu
	}
	return &c
}

//go:embed default.json
var defaultJSON []byte

var defaultQ = sync.OnceValue(func() *Questionnaire {
	q, err := Parse(defaultJSON)
	if err != nil {
		panic("readiness: built-in questionnaire is invalid: " + err.Error())
	}
	return q
})

// Default returns the built-in questionnaire (version 1), a fresh copy on
// every call.
//
// Its thresholds are 40 and 70. Below 40 an enterprise still lacks the
// basics (legality, bookkeeping, steady quality): that is the beginner
// class. From 40 it has them but not yet the market knowledge and
// experience of an exporter (intermediate). From 70 it can carry a direct
// export with mentoring (advanced): it must then score well in most
// dimensions, since legality and product together weigh only 35%.
func Default() *Questionnaire { return defaultQ().Clone() }

// DefaultJSON is the built-in questionnaire as stored, for seeding version 1
// into the database.
func DefaultJSON() []byte { return append([]byte(nil), defaultJSON...) }
