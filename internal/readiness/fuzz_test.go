package readiness

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/siapekspor/siapekspor/internal/fuzzcheck"
)

// FuzzParse reads any bytes as an uploaded questionnaire: a valid one that
// writes out and reads back the same, or a refusal with a message. Run it
// longer with
//
//	go test -run '^$' -fuzz '^FuzzParse$' -fuzztime 5m ./internal/readiness/
func FuzzParse(f *testing.F) {
	f.Add(DefaultJSON())
	f.Add([]byte(`{"version":2,"dimensions":[{"id":"a","weight":1}],"questions":[]}`))
	f.Add([]byte(`{"dimensions":[[[[[[[[[[{}]]]]]]]]]]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 2<<20 { // the upload's own limit
			t.Skip()
		}
		q, err := Parse(data)
		if err != nil {
			fuzzcheck.Error(t, err)
			return
		}
		out, err := json.Marshal(q)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse(out)
		if err != nil {
			t.Fatalf("a valid questionnaire wrote %s, which does not read: %v", out, err)
		}
		if !reflect.DeepEqual(q, again) {
			t.Fatalf("read back differently:\n%+v\n%+v", q, again)
		}
	})
}
