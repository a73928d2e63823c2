package siapekspor

import (
	"encoding/json"
	"reflect"
	"time"
)

// Date is a calendar day in JSON: "2026-03-01", or "" / null for none.
type Date struct{ t *time.Time }

// Time returns the day, nil for none (also on a nil *Date).
func (d *Date) Time() *time.Time {
	if d == nil {
		return nil
	}
	return d.t
}

// UnmarshalJSON reads "YYYY-MM-DD"; anything else is a type error for the
// field, which the API reports as a date the field could not read.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		d.t = nil
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &json.UnmarshalTypeError{Value: string(b), Type: reflect.TypeOf(Date{})}
	}
	if s == "" {
		d.t = nil
		return nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return &json.UnmarshalTypeError{Value: "string " + s, Type: reflect.TypeOf(Date{})}
	}
	d.t = &t
	return nil
}

// MarshalJSON writes "YYYY-MM-DD" or null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.t == nil {
		return []byte("null"), nil
	}
	return json.Marshal(d.t.Format("2006-01-02"))
}
