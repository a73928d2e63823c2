package store

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/siapekspor/siapekspor"
)

// The search cache keeps recent result pages. Most searches repeat (the
// same product words across a province's offices), and ranking a common
// word is the costliest thing a search does (SQLite's bm25 walks every
// match of each word to weigh it). An entry is valid while no write has
// committed since it was made, for the same reader scope and day, and for
// at most searchCacheTTL: writes made through this process drop every
// entry at once; writes by another process (a command-line import while
// the server runs, a second server on the same PostgreSQL) show within the
// TTL.

// searchCacheTTL bounds how stale a cached page can be when another
// process writes to the same database.
const searchCacheTTL = 30 * time.Second

type searchCache struct {
	gen atomic.Uint64 // bumped after every committed write

	mu      sync.Mutex
	max     int
	entries map[string]searchCacheEntry
	order   []string // insertion order, for FIFO eviction
}

type searchCacheEntry struct {
	gen  uint64
	made time.Time
	res  *SearchResult
}

// DefaultSearchCache is how many result pages the search cache keeps
// unless told otherwise: 4,096 pages of 20 hits, about 8 MB at most.
const DefaultSearchCache = 4096

// SetSearchCache sets how many result pages the search cache keeps; 0
// turns it off.
func (db *DB) SetSearchCache(pages int) {
	c := &db.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	c.max, c.entries, c.order = pages, map[string]searchCacheEntry{}, nil
}

// written records that a write committed.
func (c *searchCache) written() { c.gen.Add(1) }

func searchCacheKey(a siapekspor.Actor, r SearchRequest, day string) string {
	return fmt.Sprintf("%+v|%t|%s|%+v", siapekspor.ProductScopeOf(a), siapekspor.Can(a, siapekspor.PermEnterpriseRead), day, r)
}

// get returns a copy of a valid entry.
func (c *searchCache) get(key string, now time.Time) (*SearchResult, bool) {
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if !ok || e.gen != c.gen.Load() || now.Sub(e.made) > searchCacheTTL {
		return nil, false
	}
	res := *e.res
	res.Hits = append([]SearchHit(nil), e.res.Hits...)
	return &res, true
}

// put keeps a copy of a result computed while the generation was gen.
func (c *searchCache) put(key string, gen uint64, now time.Time, res *SearchResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.max <= 0 {
		return
	}
	if _, ok := c.entries[key]; !ok {
		for len(c.order) >= c.max {
			delete(c.entries, c.order[0])
			c.order = c.order[1:]
		}
		c.order = append(c.order, key)
	}
	kept := *res
	kept.Hits = append([]SearchHit(nil), res.Hits...)
	c.entries[key] = searchCacheEntry{gen: gen, made: now, res: &kept}
}
