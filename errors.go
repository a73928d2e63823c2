package siapekspor

import (
	"errors"
	"fmt"
	"sync/atomic"
)

// ErrorCode classifies a domain error. The HTTP layer maps each code to one
// status in exactly one place (internal/server).
type ErrorCode string

const (
	EInvalid  ErrorCode = "invalid"
	ETooLarge ErrorCode = "too_large" // an upload or body over its limit
	ENotFound ErrorCode = "not_found"
	EConflict ErrorCode = "conflict"
	// EAlreadyImported: the very same file (by its SHA-256) was imported
	// before; an import goes on only when told to (force).
	EAlreadyImported ErrorCode = "already_imported"
	EForbidden       ErrorCode = "forbidden"
	EUnauthorized    ErrorCode = "unauthorized"
	// EUnavailable: the storage is busy (another writer held its lock past
	// the wait); nothing was changed and the same request may be sent again.
	EUnavailable ErrorCode = "unavailable"
	// ETooMany: one address sent more than a public form allows in a while
	// (the catalogue's inquiries and registrations); it may try later.
	ETooMany  ErrorCode = "too_many"
	EInternal ErrorCode = "internal"
)

// transient recognises a driver's "busy, try again" errors by their codes;
// the store registers it, as this package knows no database drivers.
var transient atomic.Pointer[func(error) bool]

// RegisterTransient sets the test for errors that mean "busy, try again":
// ErrorCodeOf gives EUnavailable for them rather than EInternal.
func RegisterTransient(f func(error) bool) { transient.Store(&f) }

// Error is a domain error a user may see. Key is a translation key of the
// message catalogues (internal/i18n); Args fill its placeholders. Fields
// carries per-field problems of a validation failure so that forms and the
// JSON API can show each one beside its field.
type Error struct {
	Code   ErrorCode
	Key    string
	Args   []any
	Fields []FieldError
}

// Count is a quantity among a message's arguments (rows, bytes, problems):
// the message catalogues write it with the reader's thousands separator,
// 12.345 or 12,345, where a plain int — a year, a line or record number —
// is written as it is.
type Count int64

// FieldError is one broken rule of one field, as a translation key.
type FieldError struct {
	Field string
	Key   string
	Args  []any
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Key)
	}
	return fmt.Sprintf("%s: %s (%d field errors, first %s: %s)", e.Code, e.Key, len(e.Fields), e.Fields[0].Field, e.Fields[0].Key)
}

// Errorf returns a domain error with a code and a message key.
func Errorf(code ErrorCode, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// FieldInvalid is the validation error of a single field: what a form
// shows beside that field, and the API returns in its fields.
func FieldInvalid(field, key string, args ...any) *Error {
	return &Error{Code: EInvalid, Key: "error.validation", Fields: []FieldError{{Field: field, Key: key, Args: args}}}
}

// ErrorCodeOf returns the code of a domain error, EInternal for any other error
// and "" for nil.
func ErrorCodeOf(err error) ErrorCode {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if f := transient.Load(); f != nil && (*f)(err) {
		return EUnavailable
	}
	return EInternal
}

// AsError returns the domain error inside err, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// KeyOf is the message key of the domain error inside err, the text of
// any other error, and "" for nil: what tests and logs compare.
func KeyOf(err error) string {
	if e, ok := AsError(err); ok {
		return e.Key
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

// Problems collects field errors while validating an entity.
type Problems []FieldError

// Add records that field broke the rule named by key.
func (p *Problems) Add(field, key string, args ...any) {
	*p = append(*p, FieldError{Field: field, Key: key, Args: args})
}

// AddRule records a *RuleError (from the identifier and money parsers) for a field.
func (p *Problems) AddRule(field string, err error) {
	var re *RuleError
	if errors.As(err, &re) {
		p.Add(field, re.Key)
		return
	}
	p.Add(field, "field.invalid")
}

// Has reports whether field already has a problem.
func (p Problems) Has(field string) bool {
	for _, f := range p {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns nil when there are no problems, else an EInvalid error holding them.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: EInvalid, Key: "error.validation", Fields: p}
}
