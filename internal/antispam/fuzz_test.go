package antispam

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzCheck: any text is a token of this secret or one of the three
// refusals, never a panic; a changed token is never accepted as another
// time than its own.
func FuzzCheck(f *testing.F) {
	tok := NewTokens([]byte("fuzz secret"))
	good := tok.Issue(t0)
	for _, s := range []string{good, "", "A", strings.Repeat("A", 34), good[:33] + "B", good + good, "!!!!", "\x00\xff", NewTokens(nil).Issue(t0)} {
		f.Add(s, int64(60_000))
	}
	f.Fuzz(func(t *testing.T, s string, afterMs int64) {
		now := t0.Add(time.Duration(afterMs) * time.Millisecond)
		err := tok.Check(s, now)
		switch {
		case err == nil:
			if s != good {
				// Another text may only pass if it decodes to the same bytes,
				// which strict base64 of a fixed length rules out.
				t.Fatalf("Check(%q) passed: not the issued token", s)
			}
		case errors.Is(err, ErrBadToken), errors.Is(err, ErrTooFast), errors.Is(err, ErrExpired):
			if s == good && errors.Is(err, ErrBadToken) {
				t.Fatalf("the issued token is bad at %v", now)
			}
		default:
			t.Fatalf("Check(%q) = %v", s, err)
		}
	})
}
