package siapekspor

import (
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"
)

// Text fit to store. Whatever comes from outside — a form, a JSON body, a
// spreadsheet cell, the command line — is refused when it holds bytes that
// are not UTF-8, a NUL or another control character: they would be stored
// and exported as they are, break the CSV and XLSX files made from them and
// hide text from readers. Tab, line feed and carriage return are refused too,
// except in the fields that hold several lines (MultilineField).

// Text problem keys, under "field.".
const (
	TextInvalidUTF8  = "field.invalid_utf8"
	TextControlChars = "field.control_chars"
	TextOneLine      = "field.one_line"
)

// TextProblem returns the key of what makes s unfit to store, or "".
func TextProblem(s string, multiline bool) string {
	oneLine := ""
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\t' || c == '\n' || c == '\r':
				if !multiline {
					oneLine = TextOneLine // unless something worse follows
				}
			case c < 0x20 || c == 0x7f:
				return TextControlChars
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return TextInvalidUTF8
		}
		if r >= 0x80 && r <= 0x9f { // the C1 controls
			return TextControlChars
		}
		i += size
	}
	return oneLine
}

// MultilineField reports whether a field (a JSON or form name) holds
// several lines: addresses, notes, descriptions, reasons and the
// questionnaire's texts. Every other text is one line.
func MultilineField(name string) bool {
	if strings.HasPrefix(name, "reason") { // reason, reasons, reason_<point>
		return true
	}
	name = strings.TrimSuffix(strings.TrimSuffix(name, "_id"), "_en")
	switch name {
	case "address", "description", "note", "notes", "result_note", "outcome", "mapping", "text", "help",
		"action", "actions", "advice", "next_step", "steps", "summary", "comment", "message":
		return true
	}
	return false
}

// Text adds field's problem with s, if it has one.
func (p *Problems) Text(field, s string) {
	if key := TextProblem(s, MultilineField(field)); key != "" && !p.Has(field) {
		p.Add(field, key)
	}
}

// TextProblems checks every string in v — a struct, map, slice or pointer
// to them, as decoded from JSON or filled from a file — naming each by its
// JSON field name. Validate methods call it so no text field is forgotten.
func TextProblems(v any) Problems {
	var p Problems
	walkText(reflect.ValueOf(v), "", &p)
	return p
}

func walkText(v reflect.Value, field string, p *Problems) {
	switch v.Kind() {
	case reflect.String:
		p.Text(field, v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkText(v.Elem(), field, p)
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return // bytes (a file, base64 in JSON), not text
		}
		for i := 0; i < v.Len(); i++ {
			walkText(v.Index(i), field, p)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			name := field
			if k := it.Key(); k.Kind() == reflect.String {
				p.Text(field, k.String())
				if name == "" {
					name = k.String() // a JSON object decoded into a map
				}
			}
			walkText(it.Value(), name, p)
		}
	case reflect.Struct:
		for _, f := range textFieldsOf(v.Type()) {
			name := f.name
			if f.embedded {
				name = field // embedded: its fields are the outer's
			}
			walkText(v.Field(f.index), name, p)
		}
	}
}

// textField is a struct field walkText looks into: one that can hold text,
// named as JSON names it.
type textField struct {
	index    int
	name     string
	embedded bool // an embedded struct without a JSON name
}

// textFields remembers each struct type's text fields: the struct tags
// read by reflection on every row of an import cost more than its checks.
var textFields sync.Map // reflect.Type → []textField

func textFieldsOf(t reflect.Type) []textField {
	if fs, ok := textFields.Load(t); ok {
		return fs.([]textField)
	}
	var fs []textField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() && !f.Anonymous { // JSON promotes an unexported embedded struct's fields
			continue
		}
		switch f.Type.Kind() {
		case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
			reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
			continue // no text in it
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		tf := textField{index: i, name: name}
		if name == "" {
			if f.Anonymous {
				tf.embedded = true
			} else {
				tf.name = strings.ToLower(f.Name)
			}
		}
		fs = append(fs, tf)
	}
	actual, _ := textFields.LoadOrStore(t, fs)
	return actual.([]textField)
}

// ParseDigits reads a non-negative decimal of at most 9 digits, as bytes
// (a file's field, without a string made for it); anything else is false.
func ParseDigits(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
