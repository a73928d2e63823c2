package auth

import (
	"sync"
	"time"
)

// Limiter counts failed logins per account and per client address and locks
// either out for a while after too many. It lives in memory: one binary
// serves the province, and a restart forgetting the count is harmless.
type Limiter struct {
	mu      sync.Mutex
	max     int           // failures allowed in the window
	window  time.Duration // how long failures are remembered
	lockout time.Duration // how long a key stays locked
	entries map[string]*limitEntry
}

type limitEntry struct {
	failures    []time.Time
	lockedUntil time.Time
}

// NewLimiter allows max failures per window, then locks for lockout.
func NewLimiter(max int, window, lockout time.Duration) *Limiter {
	return &Limiter{max: max, window: window, lockout: lockout, entries: map[string]*limitEntry{}}
}

// Locked reports whether key is locked out at now, and until when.
func (l *Limiter) Locked(key string, now time.Time) (bool, time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.entries[key]
	if e == nil || !now.Before(e.lockedUntil) {
		return false, time.Time{}
	}
	return true, e.lockedUntil
}

// Fail records a failure for key and reports whether it is now locked.
func (l *Limiter) Fail(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.entries[key]
	if e == nil {
		e = &limitEntry{}
		l.entries[key] = e
	}
	kept := e.failures[:0]
	for _, t := range e.failures {
		if now.Sub(t) < l.window {
			kept = append(kept, t)
		}
	}
	e.failures = append(kept, now)
	if len(e.failures) >= l.max {
		e.lockedUntil = now.Add(l.lockout)
		e.failures = nil
		return true
	}
	// Forget idle keys now and then so the map does not grow without bound.
	if len(l.entries) > 100000 {
		for k, v := range l.entries {
			if len(v.failures) == 0 && now.After(v.lockedUntil) {
				delete(l.entries, k)
			}
		}
	}
	return false
}

// Reset forgets a key's failures (after a successful login).
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.entries, key)
}
