package schedule

import (
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor/internal/i18n"
)

// TestMessageKeysExist: the keys made from a prefix and a value are in
// both catalogues (internal/i18n's scan of literals checks the rest).
func TestMessageKeysExist(t *testing.T) {
	var used []string
	for _, k := range []ChangeKind{Added, Removed, Moved} {
		used = append(used, k.Key())
	}
	for _, p := range Priorities {
		used = append(used, "schedule.priority."+string(p))
	}
	for _, k := range used {
		for _, l := range i18n.Langs {
			if _, ok := i18n.Keys(l)[k]; !ok {
				t.Errorf("%s is missing in %s", k, l)
			}
		}
	}
}

// rendered fails the test if a message does not render cleanly with its
// arguments in both languages.
func rendered(t *testing.T, key string, args ...any) {
	t.Helper()
	for _, l := range i18n.Langs {
		if msg := i18n.T(l, key, args...); msg == key || strings.Contains(msg, "%!") {
			t.Errorf("%s in %s with %v: %q", key, l, args, msg)
		}
	}
}
