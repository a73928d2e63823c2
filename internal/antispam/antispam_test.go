package antispam

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)

func TestTokens(t *testing.T) {
	tok := NewTokens([]byte("secret one"))
	other := NewTokens([]byte("secret two"))
	good := tok.Issue(t0)
	flip := func(s string, i int) string {
		b := []byte(s)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return string(b)
	}
	cases := []struct {
		name  string
		token string
		at    time.Time
		want  error
	}{
		{"fresh, after a minute", good, t0.Add(time.Minute), nil},
		{"exactly MinAge", good, t0.Add(DefaultMinAge), nil},
		{"exactly MaxAge", good, t0.Add(DefaultMaxAge), nil},
		{"at once", good, t0, ErrTooFast},
		{"after 2.9 s", good, t0.Add(2900 * time.Millisecond), ErrTooFast},
		{"issued in the future", good, t0.Add(-time.Hour), ErrTooFast},
		{"a day and a second", good, t0.Add(DefaultMaxAge + time.Second), ErrExpired},
		{"a year", good, t0.AddDate(1, 0, 0), ErrExpired},
		{"first byte changed", flip(good, 0), t0.Add(time.Minute), ErrBadToken},
		{"a time byte changed", flip(good, 5), t0.Add(time.Minute), ErrBadToken},
		{"last byte changed", flip(good, len(good)-1), t0.Add(time.Minute), ErrBadToken},
		{"another secret", other.Issue(t0), t0.Add(time.Minute), ErrBadToken},
		{"empty", "", t0.Add(time.Minute), ErrBadToken},
		{"cut short", good[:len(good)-1], t0.Add(time.Minute), ErrBadToken},
		{"one more character", good + "A", t0.Add(time.Minute), ErrBadToken},
		{"padded", good + "==", t0.Add(time.Minute), ErrBadToken},
		{"spaces", strings.Repeat(" ", len(good)), t0.Add(time.Minute), ErrBadToken},
		{"not base64", strings.Repeat("!", len(good)), t0.Add(time.Minute), ErrBadToken},
		{"huge", strings.Repeat("A", 1<<20), t0.Add(time.Minute), ErrBadToken},
	}
	for _, c := range cases {
		if err := tok.Check(c.token, c.at); !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("%s: Check = %v, want %v", c.name, err, c.want)
		}
	}
	if strings.ContainsAny(good, "+/=") || len(good) != 34 {
		t.Errorf("token %q: want 34 URL-safe characters", good)
	}
}

func TestTokensAges(t *testing.T) {
	tok := NewTokens([]byte("k"))
	tok.MinAge, tok.MaxAge = 0, time.Minute
	s := tok.Issue(t0)
	if err := tok.Check(s, t0); err != nil {
		t.Errorf("MinAge 0 at once: %v", err)
	}
	if err := tok.Check(s, t0.Add(61*time.Second)); !errors.Is(err, ErrExpired) {
		t.Errorf("MaxAge 1 min after 61 s: %v", err)
	}
}

func TestTokensRandomSecret(t *testing.T) {
	a, b := NewTokens(nil), NewTokens([]byte{})
	s := a.Issue(t0)
	if err := a.Check(s, t0.Add(time.Minute)); err != nil {
		t.Errorf("own token: %v", err)
	}
	if err := b.Check(s, t0.Add(time.Minute)); !errors.Is(err, ErrBadToken) {
		t.Errorf("two random secrets agree: %v", err)
	}
	// The caller's secret is copied.
	secret := []byte("abc")
	c := NewTokens(secret)
	s = c.Issue(t0)
	secret[0] = 'x'
	if err := c.Check(s, t0.Add(time.Minute)); err != nil {
		t.Errorf("secret changed under Tokens: %v", err)
	}
}

func TestHoneypot(t *testing.T) {
	for v, want := range map[string]bool{"": false, "  \t\n": false, "x": true, " http://spam ": true} {
		if Honeypot(v) != want {
			t.Errorf("Honeypot(%q) = %v", v, !want)
		}
	}
}

func TestLimiterRules(t *testing.T) {
	type step struct {
		after time.Duration // since t0
		key   string
		want  bool
	}
	cases := []struct {
		name  string
		rules []Rule
		steps []step
	}{
		{"one rule, three a minute", []Rule{{time.Minute, 3}}, []step{
			{0, "a", true}, {time.Second, "a", true}, {2 * time.Second, "a", true},
			{3 * time.Second, "a", false},    // fourth in the minute
			{3 * time.Second, "b", true},     // another key is apart
			{60 * time.Second, "a", true},    // the first is exactly a minute old: out (a window is (now-W, now])
			{60*time.Second + 1, "a", false}, // 1 s, 2 s and 60 s are in
			{61 * time.Second, "a", true},    // 1 s slid out
			{61 * time.Second, "a", false},
		}},
		{"refusals are not counted", []Rule{{time.Minute, 2}}, []step{
			{0, "a", true}, {1, "a", true},
			{10 * time.Second, "a", false}, {20 * time.Second, "a", false}, {30 * time.Second, "a", false},
			{time.Minute + 1, "a", true}, // had refusals counted, still blocked
		}},
		{"minute and hour", []Rule{{time.Minute, 2}, {time.Hour, 3}}, []step{
			{0, "a", true}, {1, "a", true}, {2, "a", false}, // minute rule
			{2 * time.Minute, "a", true},  // third in the hour
			{4 * time.Minute, "a", false}, // minute has room, hour has not
			{time.Hour + 1, "a", true},    // first two left the hour
			{time.Hour + 2, "a", true},    // hour holds 2 min and 1 h + 1: third
			{time.Hour + 3, "a", false},   // minute and hour both full
		}},
		{"clock stepping back", []Rule{{time.Minute, 2}}, []step{
			{time.Hour, "a", true}, {0, "a", true}, {-time.Hour, "a", false},
			{time.Hour + time.Minute + 1, "a", true},
		}},
	}
	for _, c := range cases {
		l := NewLimiter(c.rules...)
		for i, s := range c.steps {
			if got := l.Allow(s.key, t0.Add(s.after)); got != s.want {
				t.Errorf("%s: step %d (%s at %v): Allow = %v", c.name, i, s.key, s.after, got)
			}
		}
	}
}

func TestLimiterNoRules(t *testing.T) {
	l := NewLimiter()
	for i := range 100 {
		if !l.Allow("a", t0.Add(time.Duration(i))) {
			t.Fatal("no rules refused")
		}
	}
}

func TestLimiterBadRule(t *testing.T) {
	for _, r := range []Rule{{0, 1}, {time.Minute, 0}, {-1, 5}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewLimiter(%v) did not panic", r)
				}
			}()
			NewLimiter(r)
		}()
	}
}

func TestLimiterMaxKeys(t *testing.T) {
	l := NewLimiter(Rule{time.Minute, 2}, Rule{time.Hour, 5})
	l.MaxKeys = 100
	for i := range 100 {
		if !l.Allow(fmt.Sprint("k", i), t0) {
			t.Fatalf("key %d refused below MaxKeys", i)
		}
	}
	// Full of live keys: a new key is refused, a known one still counted.
	if l.Allow("new", t0.Add(time.Second)) {
		t.Error("new key allowed in a table full of live keys")
	}
	if !l.Allow("k7", t0.Add(time.Second)) {
		t.Error("known key refused in a full table")
	}
	if l.Len() != 100 || l.Full() != 1 {
		t.Errorf("Len %d Full %d, want 100 1", l.Len(), l.Full())
	}
	// Many new keys while full: all refused, memory stays.
	for i := range 10_000 {
		l.Allow(fmt.Sprint("flood", i), t0.Add(30*time.Minute))
	}
	if l.Len() != 100 || l.Full() != 10_001 {
		t.Errorf("after a flood: Len %d Full %d", l.Len(), l.Full())
	}
	// Once the longest window has passed, expired keys make room.
	if !l.Allow("new", t0.Add(time.Hour+time.Second)) {
		t.Error("new key refused after every key expired")
	}
	if l.Len() != 1 { // k7, last seen at 1 s, left the hour at 1 h 1 s too: only "new"
		t.Errorf("Len after the sweep: %d, want 1", l.Len())
	}
}

func TestLimiterBoundedOverTime(t *testing.T) {
	// A stream of one-off addresses over a day never holds more than MaxKeys.
	l := NewLimiter(Rule{time.Minute, 3}, Rule{10 * time.Minute, 10})
	l.MaxKeys = 500
	refused := 0
	for i := range 20_000 {
		if !l.Allow(fmt.Sprint("addr", i), t0.Add(time.Duration(i)*time.Second)) {
			refused++
		}
		if l.Len() > 500 {
			t.Fatalf("event %d: %d keys", i, l.Len())
		}
	}
	// One new key a second with a 10-minute window: 600 live keys wanted, 500 held.
	if refused == 0 {
		t.Error("no key refused with more live keys than MaxKeys")
	}
	// Per-key memory: a key flooding keeps at most the largest Max events.
	k := NewLimiter(Rule{time.Second, 1000}, Rule{time.Hour, 4})
	for i := range 10_000 {
		k.Allow("a", t0.Add(time.Duration(i)*time.Millisecond))
	}
	if n := len(k.keys["a"]); n > 4 {
		t.Errorf("a key holds %d events, rule allows 4 an hour", n)
	}
	m := NewLimiter(Rule{time.Second, 5}, Rule{time.Hour, 1000})
	for i := range 100_000 {
		m.Allow("a", t0.Add(time.Duration(i)*time.Millisecond))
	}
	if n := len(m.keys["a"]); n > 1000 {
		t.Errorf("a key holds %d events, above the largest Max", n)
	}
}

func TestLimiterConcurrent(t *testing.T) {
	l := NewLimiter(Rule{time.Hour, 50})
	l.MaxKeys = 64
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := map[string]int{}
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				key := fmt.Sprint("k", (g*7+i)%40)
				if l.Allow(key, t0.Add(time.Duration(i)*time.Millisecond)) {
					mu.Lock()
					allowed[key]++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	for k, n := range allowed {
		if n != 50 {
			t.Errorf("%s allowed %d times, want 50", k, n)
		}
	}
	if len(allowed) != 40 {
		t.Errorf("%d keys allowed, want 40", len(allowed))
	}
}

func TestAddrKey(t *testing.T) {
	for in, want := range map[string]string{
		"203.0.113.7":                      "203.0.113.7",
		"203.0.113.7:52100":                "203.0.113.7",
		"2001:db8:1:2:3:4:5:6":             "2001:db8:1:2::/64",
		"[2001:db8:1:2:3:4:5:6]:443":       "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff:ffff:ffff:ffff": "2001:db8:1:2::/64",
		"2001:db8:1:3::1":                  "2001:db8:1:3::/64",
		"[2001:db8:1:2::9]":                "2001:db8:1:2::/64",
		"::ffff:203.0.113.7":               "203.0.113.7",
		"[::ffff:203.0.113.7]:80":          "203.0.113.7",
		"fe80::1%eth0":                     "fe80::/64",
		"::1":                              "::/64",
		" 198.51.100.2 ":                   "198.51.100.2",
		"localhost:8080":                   "localhost:8080",
		"":                                 "",
		"@":                                "@",
		strings.Repeat("x", 200):           strings.Repeat("x", 64),
	} {
		if got := AddrKey(in); got != want {
			t.Errorf("AddrKey(%q) = %q, want %q", in, got, want)
		}
	}
}
