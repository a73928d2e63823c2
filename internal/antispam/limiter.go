package antispam

import (
	"net"
	"net/netip"
	"sort"
	"strings"
	"sync"
	"time"
)

// Rule allows at most Max events per key in any sliding Window.
type Rule struct {
	Window time.Duration
	Max    int
}

// DefaultMaxKeys is how many keys a Limiter remembers by default.
const DefaultMaxKeys = 100_000

// Limiter counts events per key (a client address, see AddrKey) against
// sliding-window rules. It is exact: it keeps a key's latest events, as
// many as the largest Max, within the longest Window; memory is bounded
// by MaxKeys keys of at most that many times each.
//
// When the table is full, keys whose events have all left the longest
// window are dropped first. When it is full of live keys, a NEW key is
// refused rather than an old one forgotten: forgetting would let a sender
// that floods from one address wipe its own count by touching many other
// addresses, and the limiter exists to keep floods out of the officers'
// queue. The cost is borne only when someone holds MaxKeys live addresses
// at once (IPv6 is grouped by /64, so that takes as many networks): new
// senders then wait until the oldest keys expire, which Full counts so
// the operator sees it. A refused event is not counted.
//
// Made by NewLimiter; safe for concurrent use.
type Limiter struct {
	MaxKeys int // set before first use; DefaultMaxKeys from NewLimiter

	rules   []Rule
	longest time.Duration
	keep    int // the largest Max: events kept per key

	mu        sync.Mutex
	keys      map[string][]int64 // Unix nanoseconds, ascending
	nextSweep int64              // no key expires before this: a full table is not swept sooner
	full      int64              // new keys refused because the table was full of live keys
}

// NewLimiter returns a Limiter applying every rule. A rule with a Window or
// Max below 1 is a programming error and panics.
func NewLimiter(rules ...Rule) *Limiter {
	l := &Limiter{MaxKeys: DefaultMaxKeys, rules: append([]Rule(nil), rules...), keys: map[string][]int64{}}
	for _, r := range rules {
		if r.Window <= 0 || r.Max <= 0 {
			panic("antispam: a rule needs a positive Window and Max")
		}
		l.longest = max(l.longest, r.Window)
		l.keep = max(l.keep, r.Max)
	}
	return l
}

// Allow reports whether key may have one more event at now under every
// rule, and if so counts it.
func (l *Limiter) Allow(key string, now time.Time) bool {
	if len(l.rules) == 0 {
		return true
	}
	t := now.UnixNano()
	l.mu.Lock()
	defer l.mu.Unlock()
	times, known := l.keys[key]
	if !known && len(l.keys) >= max(l.MaxKeys, 1) {
		if !l.sweep(t) {
			l.full++
			return false
		}
	}
	if n := len(times); n > 0 && t < times[n-1] {
		t = times[n-1] // a clock stepping back counts as the last event's time
	}
	for _, r := range l.rules {
		since := t - int64(r.Window)
		// Events after since, in the ascending list.
		in := len(times) - sort.Search(len(times), func(i int) bool { return times[i] > since })
		if in >= r.Max {
			return false
		}
	}
	// Keep only what a rule can still see, at most keep events.
	since := t - int64(l.longest)
	drop := sort.Search(len(times), func(i int) bool { return times[i] > since })
	if n := len(times) - drop; n >= l.keep {
		drop = len(times) - l.keep + 1
	}
	if drop > 0 {
		times = append(times[:0], times[drop:]...)
	}
	l.keys[key] = append(times, t)
	return true
}

// sweep drops the keys whose events have all left the longest window and
// reports whether there is room now. A table of live keys is swept again
// only once the first of them can have expired, so a full table costs O(1)
// per refused key, not a scan.
func (l *Limiter) sweep(t int64) bool {
	if t < l.nextSweep {
		return false
	}
	next := int64(1<<63 - 1)
	for k, times := range l.keys {
		exp := times[len(times)-1] + int64(l.longest)
		if exp <= t {
			delete(l.keys, k)
		} else {
			next = min(next, exp)
		}
	}
	l.nextSweep = next
	return len(l.keys) < max(l.MaxKeys, 1)
}

// Len is the number of keys remembered.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.keys)
}

// Full is how many events of new keys were refused because the table was
// full of live keys.
func (l *Limiter) Full() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.full
}

// maxKeyLen bounds a key made of text that is not an address.
const maxKeyLen = 64

// AddrKey returns the limiter key of a client address: an IPv4 address as
// it is, an IPv6 address as its /64 network (one household or server
// holds a whole /64, so counting single IPv6 addresses counts nothing).
// It accepts "host:port", "[v6]:port", a bare address and an IPv4-mapped
// IPv6 address (which counts as IPv4); text that is no address is kept as
// it is, cut to 64 bytes.
func AddrKey(addr string) string {
	addr = strings.TrimSpace(addr)
	host := addr
	if h, _, err := net.SplitHostPort(addr); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	ip, err := netip.ParseAddr(host)
	if err != nil {
		if len(addr) > maxKeyLen {
			addr = addr[:maxKeyLen]
		}
		return addr
	}
	ip = ip.WithZone("").Unmap()
	if ip.Is4() {
		return ip.String()
	}
	p, _ := ip.Prefix(64)
	return p.String()
}
