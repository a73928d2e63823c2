// Package fuzzcheck holds what the fuzz tests of the parsers check alike:
// that what a parser says about bad input is a message a user can read,
// in every language, and that a reader given a context ends.
package fuzzcheck

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
)

// Message fails t unless key is in every catalogue and args fill it in
// every language (no %! left).
func Message(t testing.TB, key string, args ...any) {
	t.Helper()
	if !i18n.Has(key) {
		t.Fatalf("message key %q is missing from a catalogue", key)
	}
	for _, l := range i18n.Langs {
		if s := i18n.T(l, key, args...); strings.Contains(s, "%!") {
			t.Fatalf("%s %q with %v: %s", l, key, args, s)
		}
	}
}

// Error fails t unless err is a domain error whose key (and each field's)
// is a message.
func Error(t testing.TB, err error) {
	t.Helper()
	de, ok := siapekspor.AsError(err)
	if !ok {
		t.Fatalf("not a domain error: %T %v", err, err)
	}
	Message(t, de.Key, de.Args...)
	for _, f := range de.Fields {
		Message(t, f.Key, f.Args...)
	}
}

// Hang is how long a reader may take on one fuzz input before it counts
// as hanging: far beyond what any input the fuzzer makes takes, so it
// only catches a reader that never ends (as a merge-cell tag longer than a
// buffer once made the XLSX reader do).
const Hang = 30 * time.Second

// Context returns a context that ends after Hang.
func Context(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), Hang)
	t.Cleanup(cancel)
	return ctx
}

// NotHung fails t when err is the end of a Context.
func NotHung(t testing.TB, err error, size int) {
	t.Helper()
	if errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("still reading %d bytes after %s", size, Hang)
	}
}
