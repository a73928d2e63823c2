package web

// TEMPORARY (issue 20): package internal/antispam is written on another
// branch (i20-i18n) with exactly this API; until it lands these local
// stand-ins keep the pages compiling. At the rebase: delete this file and
// use antispam.NewTokens / antispam.NewLimiter / antispam.Rule and the
// errors antispam.ErrTooFast, ErrExpired, ErrBadToken.

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"sync"
	"time"
)

var (
	errTooFast  = errors.New("antispam: sent too fast")
	errExpired  = errors.New("antispam: form too old")
	errBadToken = errors.New("antispam: bad token")
)

type spamTokens struct{ secret []byte }

func newSpamTokens(secret []byte) *spamTokens { return &spamTokens{secret: secret} }

func (t *spamTokens) Issue(now time.Time) string {
	b := binary.BigEndian.AppendUint64(nil, uint64(now.Unix()))
	m := hmac.New(sha256.New, t.secret)
	m.Write(b)
	return base64.RawURLEncoding.EncodeToString(append(b, m.Sum(nil)[:16]...))
}

func (t *spamTokens) Check(token string, now time.Time) error {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != 24 {
		return errBadToken
	}
	m := hmac.New(sha256.New, t.secret)
	m.Write(b[:8])
	if !hmac.Equal(m.Sum(nil)[:16], b[8:]) {
		return errBadToken
	}
	at := time.Unix(int64(binary.BigEndian.Uint64(b[:8])), 0)
	switch age := now.Sub(at); {
	case age < 3*time.Second:
		return errTooFast
	case age > 24*time.Hour:
		return errExpired
	}
	return nil
}

type spamRule struct {
	Max    int
	Window time.Duration
}

type spamLimiter struct {
	mu    sync.Mutex
	rules []spamRule
	seen  map[string][]time.Time
}

func newSpamLimiter(rules ...spamRule) *spamLimiter {
	return &spamLimiter{rules: rules, seen: map[string][]time.Time{}}
}

func (l *spamLimiter) Allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	var longest time.Duration
	for _, r := range l.rules {
		longest = max(longest, r.Window)
	}
	kept := l.seen[key][:0]
	for _, t := range l.seen[key] {
		if now.Sub(t) < longest {
			kept = append(kept, t)
		}
	}
	for _, r := range l.rules {
		n := 0
		for _, t := range kept {
			if now.Sub(t) < r.Window {
				n++
			}
		}
		if n >= r.Max {
			l.seen[key] = kept
			return false
		}
	}
	l.seen[key] = append(kept, now)
	return true
}
