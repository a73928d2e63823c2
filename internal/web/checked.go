package web

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"sync"
	"time"
)

// checkedFiles keeps a file that an all-or-nothing import (products,
// export records) has just checked without a problem, so that the person
// stores it with one click instead of choosing it again. A file is kept
// for its uploader, for one import page, for checkedFor; at most
// maxChecked at once (the oldest goes first). A restart forgets them (the
// uploads folder is cleaned at start): the person uploads again.
type checkedFiles struct {
	mu    sync.Mutex
	files map[string]checkedFile
	// stored remembers, for checkedFor, the files each user stored on each
	// page (by content): checking one again says so instead of offering to
	// store its rows a second time.
	stored map[storedKey]time.Time
}

type checkedFile struct {
	path, name, sheet, page, sha string
	user                         int64
	at                           time.Time
}

type storedKey struct {
	user      int64
	page, sha string
}

const (
	checkedFor = 30 * time.Minute
	maxChecked = 64
)

// keep holds a checked file and returns the token its form posts back.
func (c *checkedFiles) keep(f checkedFile) string {
	b := make([]byte, 16)
	rand.Read(b)
	token := hex.EncodeToString(b)
	f.at = time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.files == nil {
		c.files = map[string]checkedFile{}
	}
	c.expire(f.at)
	for len(c.files) >= maxChecked {
		oldest := ""
		for t, k := range c.files {
			if oldest == "" || k.at.Before(c.files[oldest].at) {
				oldest = t
			}
		}
		c.drop(oldest)
	}
	c.files[token] = f
	return token
}

// take hands over the file kept under token for this user and page, once;
// false when there is none (expired, used, someone else's, another page's).
func (c *checkedFiles) take(token string, user int64, page string) (checkedFile, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expire(time.Now())
	f, ok := c.files[token]
	if !ok || f.user != user || f.page != page {
		return checkedFile{}, false
	}
	delete(c.files, token)
	return f, true
}

func (c *checkedFiles) expire(now time.Time) {
	for t, f := range c.files {
		if now.Sub(f.at) > checkedFor {
			c.drop(t)
		}
	}
}

func (c *checkedFiles) drop(token string) {
	os.Remove(c.files[token].path)
	delete(c.files, token)
}

// markStored notes that user stored the file with this content on page.
func (c *checkedFiles) markStored(user int64, page, sha string) {
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stored == nil {
		c.stored = map[storedKey]time.Time{}
	}
	for k, at := range c.stored {
		if now.Sub(at) > checkedFor || len(c.stored) >= maxChecked {
			delete(c.stored, k)
		}
	}
	c.stored[storedKey{user, page, sha}] = now
}

// storedAt says when user last stored the file with this content on page,
// within checkedFor.
func (c *checkedFiles) storedAt(user int64, page, sha string) (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	at, ok := c.stored[storedKey{user, page, sha}]
	return at, ok && time.Since(at) <= checkedFor
}
