package readiness

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
)

// fieldKeys maps each field of a domain error to its keys.
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

func hasProblem(err error, field, key string) bool {
	for _, k := range fieldKeys(err)[field] {
		if k == key {
			return true
		}
	}
	return false
}

func TestDefaultQuestionnaire(t *testing.T) {
	q := Default()
	if err := q.Validate(); err != nil {
		t.Fatalf("built-in questionnaire invalid: %v %v", err, fieldKeys(err))
	}
	if q.Version != 1 || q.Thresholds != (Thresholds{40, 70}) {
		t.Errorf("version %d thresholds %+v", q.Version, q.Thresholds)
	}
	wantDims := []string{"legality", "product", "capacity", "management", "market", "digital", "experience"}
	var dims []string
	for _, d := range q.Dimensions {
		dims = append(dims, d.Key)
	}
	if !reflect.DeepEqual(dims, wantDims) {
		t.Errorf("dimensions %v, want %v", dims, wantDims)
	}
	perDim := map[string]int{}
	prefills := map[string]bool{}
	for _, qu := range q.Questions {
		perDim[qu.Dimension]++
		if qu.Prefill != "" {
			prefills[qu.Prefill] = true
		}
		best := qu.Best()
		for _, o := range qu.Options {
			// Every weaker option tells the enterprise what to do, in both languages.
			if o.Points < best && (o.ActionID == "" || o.ActionEN == "") {
				t.Errorf("%s.%s: a weaker option without an action in both languages", qu.Key, o.Key)
			}
		}
	}
	for _, d := range wantDims {
		if n := perDim[d]; n < 3 || n > 5 {
			t.Errorf("dimension %s has %d questions, want 3–5", d, n)
		}
	}
	for name := range PrefillFacts() {
		if !prefills[name] {
			t.Errorf("no built-in question is prefilled from %q", name)
		}
	}
	if m := q.MissingEnglish(); len(m) > 0 {
		t.Errorf("English missing: %v", m)
	}
	// A stored copy reads back the same.
	b, err := json.Marshal(q)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, q) {
		t.Error("questionnaire changes through JSON")
	}
	if !json.Valid(DefaultJSON()) {
		t.Error("DefaultJSON is not JSON")
	}
}

func TestDefaultReturnsACopy(t *testing.T) {
	a := Default()
	a.Questions[0].Options[0].Points = 99
	a.Dimensions[0].Weight = 0
	a.Questions = a.Questions[:1]
	b := Default()
	if b.Questions[0].Options[0].Points == 99 || b.Dimensions[0].Weight == 0 || len(b.Questions) == 1 {
		t.Error("editing one Default() changed the next")
	}
}

func TestValidate(t *testing.T) {
	// Positions in the built-in questionnaire the cases rely on.
	q0 := Default()
	if q0.Questions[0].Key != "legal_nib" || q0.Questions[3].Key != "legal_trademark" || len(q0.Questions[3].Options) != 3 {
		t.Fatal("the built-in questionnaire changed order; update the test")
	}
	long := func(n int) string { return strings.Repeat("a", n) }
	tests := []struct {
		name  string
		edit  func(q *Questionnaire)
		field string
		key   string
	}{
		{"valid", func(q *Questionnaire) {}, "", ""},
		{"English is optional", func(q *Questionnaire) { q.Questions[0].TextEN, q.Dimensions[0].NameEN = "", "" }, "", ""},
		{"thresholds at the bounds", func(q *Questionnaire) { q.Thresholds = Thresholds{0, 100} }, "", ""},
		{"a zero weight beside others", func(q *Questionnaire) { q.Dimensions[6].Weight = 0 }, "", ""},
		{"a dimension without questions", func(q *Questionnaire) {
			q.Dimensions = append(q.Dimensions, Dimension{Key: "future", NameID: "Nanti", Weight: 5})
		}, "", ""},

		{"version 0", func(q *Questionnaire) { q.Version = 0 }, "version", "readiness.version_invalid"},
		{"no dimensions", func(q *Questionnaire) { q.Dimensions = nil }, "dimensions", "field.required"},
		{"too many dimensions", func(q *Questionnaire) {
			for i := 0; i < MaxDimensions; i++ {
				q.Dimensions = append(q.Dimensions, Dimension{Key: fmt.Sprintf("extra%d", i), NameID: "x", Weight: 1})
			}
		}, "dimensions", "readiness.too_many"},
		{"dimension key with capitals", func(q *Questionnaire) { q.Dimensions[0].Key = "Legality" }, "dimensions[0].key", "readiness.key_format"},
		{"dimension key with a space", func(q *Questionnaire) { q.Dimensions[1].Key = "pro duct" }, "dimensions[1].key", "readiness.key_format"},
		{"dimension key empty", func(q *Questionnaire) { q.Dimensions[0].Key = "" }, "dimensions[0].key", "field.required"},
		{"dimension key too long", func(q *Questionnaire) { q.Dimensions[0].Key = long(41) }, "dimensions[0].key", "field.too_long"},
		{"dimension key twice", func(q *Questionnaire) { q.Dimensions[1].Key = "legality" }, "dimensions[1].key", "readiness.duplicate_key"},
		{"dimension without Indonesian name", func(q *Questionnaire) { q.Dimensions[2].NameID = " " }, "dimensions[2].name_id", "field.required"},
		{"dimension name too long", func(q *Questionnaire) { q.Dimensions[2].NameEN = long(201) }, "dimensions[2].name_en", "field.too_long"},
		{"negative weight", func(q *Questionnaire) { q.Dimensions[2].Weight = -1 }, "dimensions[2].weight", "field.negative"},
		{"NaN weight", func(q *Questionnaire) { q.Dimensions[2].Weight = math.NaN() }, "dimensions[2].weight", "field.number"},
		{"infinite weight", func(q *Questionnaire) { q.Dimensions[2].Weight = math.Inf(1) }, "dimensions[2].weight", "field.number"},
		{"all weights zero", func(q *Questionnaire) {
			for i := range q.Dimensions {
				q.Dimensions[i].Weight = 0
			}
		}, "dimensions", "readiness.weights_all_zero"},
		{"weight only where there are no questions", func(q *Questionnaire) {
			for i := range q.Dimensions {
				q.Dimensions[i].Weight = 0
			}
			q.Dimensions = append(q.Dimensions, Dimension{Key: "future", NameID: "Nanti", Weight: 5})
		}, "dimensions", "readiness.weights_all_zero"},

		{"no questions", func(q *Questionnaire) { q.Questions = nil }, "questions", "field.required"},
		{"question key twice", func(q *Questionnaire) { q.Questions[1].Key = "legal_nib" }, "questions[1].key", "readiness.duplicate_key"},
		{"question key with a dash", func(q *Questionnaire) { q.Questions[2].Key = "legal-permits" }, "questions[2].key", "readiness.key_format"},
		{"unknown dimension", func(q *Questionnaire) { q.Questions[4].Dimension = "luck" }, "questions[4].dimension", "readiness.unknown_dimension"},
		{"no dimension", func(q *Questionnaire) { q.Questions[4].Dimension = "" }, "questions[4].dimension", "field.required"},
		{"no Indonesian text", func(q *Questionnaire) { q.Questions[5].TextID = "" }, "questions[5].text_id", "field.required"},
		{"text too long", func(q *Questionnaire) { q.Questions[5].TextEN = long(1001) }, "questions[5].text_en", "field.too_long"},
		{"help too long", func(q *Questionnaire) { q.Questions[5].HelpID = long(2001) }, "questions[5].help_id", "field.too_long"},
		{"one option", func(q *Questionnaire) { q.Questions[3].Options = q.Questions[3].Options[:1] }, "questions[3].options", "readiness.too_few_options"},
		{"too many options", func(q *Questionnaire) {
			for i := 0; i < MaxOptions; i++ {
				q.Questions[3].Options = append(q.Questions[3].Options, Option{Key: fmt.Sprintf("o%d", i), LabelID: "x"})
			}
		}, "questions[3].options", "readiness.too_many"},
		{"option key twice", func(q *Questionnaire) { q.Questions[3].Options[1].Key = "registered" }, "questions[3].options[1].key", "readiness.duplicate_key"},
		{"option key empty", func(q *Questionnaire) { q.Questions[3].Options[1].Key = "" }, "questions[3].options[1].key", "field.required"},
		{"option without Indonesian label", func(q *Questionnaire) { q.Questions[3].Options[1].LabelID = "" }, "questions[3].options[1].label_id", "field.required"},
		{"action too long", func(q *Questionnaire) { q.Questions[3].Options[1].ActionID = long(1001) }, "questions[3].options[1].action_id", "field.too_long"},
		{"negative points", func(q *Questionnaire) { q.Questions[3].Options[1].Points = -1 }, "questions[3].options[1].points", "field.negative"},
		{"NaN points", func(q *Questionnaire) { q.Questions[3].Options[2].Points = math.NaN() }, "questions[3].options[2].points", "field.number"},
		{"no option gives points", func(q *Questionnaire) {
			for i := range q.Questions[3].Options {
				q.Questions[3].Options[i].Points = 0
			}
		}, "questions[3].options", "readiness.no_points"},
		{"unknown prefill", func(q *Questionnaire) { q.Questions[1].Prefill = "tax_office" }, "questions[1].prefill", "readiness.unknown_prefill"},
		{"prefill option missing", func(q *Questionnaire) { q.Questions[0].Options[1].Key = "belum" }, "questions[0].prefill", "readiness.prefill_option_missing"},
		{"prefill on a question without its options", func(q *Questionnaire) { q.Questions[3].Prefill = FactNIB }, "questions[3].prefill", "readiness.prefill_option_missing"},

		{"intermediate below 0", func(q *Questionnaire) { q.Thresholds.Intermediate = -1 }, "thresholds.intermediate", "readiness.threshold_range"},
		{"advanced above 100", func(q *Questionnaire) { q.Thresholds.Advanced = 101 }, "thresholds.advanced", "readiness.threshold_range"},
		{"NaN threshold", func(q *Questionnaire) { q.Thresholds.Advanced = math.NaN() }, "thresholds.advanced", "readiness.threshold_range"},
		{"thresholds equal", func(q *Questionnaire) { q.Thresholds = Thresholds{50, 50} }, "thresholds.advanced", "readiness.threshold_order"},
		{"thresholds reversed", func(q *Questionnaire) { q.Thresholds = Thresholds{70, 40} }, "thresholds.advanced", "readiness.threshold_order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := Default()
			tt.edit(q)
			err := q.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("unexpected error %v %v", err, fieldKeys(err))
				}
				return
			}
			if siapekspor.ErrorCodeOf(err) != siapekspor.EInvalid {
				t.Fatalf("got %v, want an EInvalid error", err)
			}
			if !hasProblem(err, tt.field, tt.key) {
				t.Errorf("want %s: %s, got %v", tt.field, tt.key, fieldKeys(err))
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	q := Default()
	q.Version = 0
	q.Questions[2].Options[0].Points = -2
	q.Questions[7].Dimension = "nowhere"
	keys := fieldKeys(q.Validate())
	for _, f := range []string{"version", "questions[2].options[0].points", "questions[7].dimension"} {
		if len(keys[f]) == 0 {
			t.Errorf("no problem for %s: %v", f, keys)
		}
	}
}

func TestMissingEnglish(t *testing.T) {
	q := Default()
	q.Dimensions[1].NameEN = ""
	q.Questions[2].Options[1].ActionEN = ""
	got := q.MissingEnglish()
	want := []string{"dimensions[1].name_en", "questions[2].options[1].action_en"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestParse(t *testing.T) {
	good := string(DefaultJSON())
	tests := []struct {
		name  string
		in    string
		key   string // error key, "" for none
		field string // a field problem expected
	}{
		{"built-in", good, "", ""},
		{"not JSON", "{", "readiness.json_invalid", ""},
		{"unknown field", strings.Replace(good, `"version": 1`, `"version": 1, "versoin": 2`, 1), "readiness.json_invalid", ""},
		{"wrong type", strings.Replace(good, `"weight": 15`, `"weight": "15"`, 1), "readiness.json_invalid", ""},
		{"trailing data", good + "{}", "readiness.json_invalid", ""},
		{"valid JSON, invalid questionnaire", strings.Replace(good, `"intermediate": 40`, `"intermediate": 80`, 1), "error.validation", "thresholds.advanced"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Parse([]byte(tt.in))
			if tt.key == "" {
				if err != nil || q == nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			e, ok := siapekspor.AsError(err)
			if !ok || e.Code != siapekspor.EInvalid || e.Key != tt.key {
				t.Fatalf("got %v, want EInvalid %s", err, tt.key)
			}
			if tt.field != "" && len(fieldKeys(err)[tt.field]) == 0 {
				t.Errorf("no problem for %s: %v", tt.field, fieldKeys(err))
			}
		})
	}
}
