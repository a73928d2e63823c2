package readiness

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/siapekspor/siapekspor"
)

// TestCompactExpandRoundTrip: a compacted result, stored as JSON and
// expanded, is the result scored, for weak and strong answers with
// product actions; and it is much smaller.
func TestCompactExpandRoundTrip(t *testing.T) {
	q := Default()
	facts := Facts{Now: jan2026, Size: siapekspor.SizeMicro, Products: []siapekspor.Product{abonIkan, keripik, tanpaHS}}
	for name, pick := range map[string]func(int, *Question) string{"worst": worstOption, "best": bestOption,
		"mixed": func(i int, qu *Question) string { return qu.Options[i%len(qu.Options)].Key }} {
		a := answersBy(q, pick)
		r, err := Score(q, a, facts)
		if err != nil {
			t.Fatal(err)
		}
		full, _ := json.Marshal(r)
		small, _ := json.Marshal(Compact(r, q, a))
		var back Result
		if err := json.Unmarshal(small, &back); err != nil {
			t.Fatal(err)
		}
		Expand(&back, q, a)
		if !reflect.DeepEqual(&back, r) {
			t.Errorf("%s: expanded\n%+v\nwant\n%+v", name, back, *r)
		}
		if name == "worst" && 2*len(small) > len(full) {
			t.Errorf("%s: compact %d bytes of %d", name, len(small), len(full))
		}
		// Expanding a full result changes nothing.
		again := *r
		Expand(&again, q, a)
		if !reflect.DeepEqual(&again, r) {
			t.Errorf("%s: expanding a full result changed it", name)
		}
	}
}

// TestCompactKeepsWhatDiffers: advice that is not what the questionnaire
// and the losses rebuild (a result scored otherwise) is kept whole, and a
// loss's dimension that is not its question's too.
func TestCompactKeepsWhatDiffers(t *testing.T) {
	q := small()
	a := Answers{"q1": "low", "q2": "no", "q3": "yes"}
	r, err := Score(q, a, Facts{})
	if err != nil {
		t.Fatal(err)
	}
	if c := Compact(r, q, a); len(c.Actions) != 0 || c.Lost[0].Dimension != "" || c.Lost[0].Option != "" {
		t.Fatalf("compacted %+v", c)
	}
	r.Actions[0].TextID = "something else"
	r.Lost[0].Dimension = "b"
	c := Compact(r, q, a)
	if !reflect.DeepEqual(c.Actions, r.Actions) || c.Lost[0].Dimension != "b" || c.Lost[0].Option == "" || c.Lost[1].Dimension != "" {
		t.Errorf("compacted %+v", c)
	}
	Expand(c, q, a)
	if !reflect.DeepEqual(c, r) {
		t.Errorf("expanded %+v, want %+v", c, r)
	}
}
