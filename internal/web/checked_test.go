package web

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestCheckedFiles: a kept file is handed over once, to its uploader on its
// page; the oldest goes when the keeper is full, the expired when anything
// is kept or taken, and either way its file is removed.
func TestCheckedFiles(t *testing.T) {
	dir := t.TempDir()
	file := func(name string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte("x"), 0o600)
		return p
	}
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }
	var c checkedFiles
	first := file("first")
	tok := c.keep(checkedFile{path: first, user: 7, page: "/products/import"})
	if _, ok := c.take(tok, 8, "/products/import"); ok {
		t.Error("another user took it")
	}
	if _, ok := c.take(tok, 7, "/exports/import"); ok {
		t.Error("another page took it")
	}
	if f, ok := c.take(tok, 7, "/products/import"); !ok || f.path != first {
		t.Error("its uploader could not take it")
	}
	if _, ok := c.take(tok, 7, "/products/import"); ok {
		t.Error("taken twice")
	}
	// Full: the oldest goes, with its file.
	var paths, toks []string
	base := time.Now()
	for i := range maxChecked + 1 {
		p := file(fmt.Sprintf("f%d", i))
		paths = append(paths, p)
		toks = append(toks, c.keep(checkedFile{path: p, user: 7, page: "/p"}))
		f := c.files[toks[i]]
		f.at = base.Add(time.Duration(i) * time.Millisecond) // kept in this order, whatever the clock's resolution
		c.files[toks[i]] = f
	}
	if len(c.files) != maxChecked || exists(paths[0]) || !exists(paths[1]) {
		t.Errorf("full: %d kept, first file there %v", len(c.files), exists(paths[0]))
	}
	// Expired: gone at the next take, with its file.
	old := c.files[toks[1]]
	old.at = time.Now().Add(-checkedFor - time.Minute)
	c.files[toks[1]] = old
	if _, ok := c.take(toks[1], 7, "/p"); ok || exists(paths[1]) {
		t.Error("an expired file was handed over or left on disk")
	}
}

// TestStoredFilesRemembered: a stored file is remembered for its user and
// page only, and forgotten after checkedFor.
func TestStoredFilesRemembered(t *testing.T) {
	var c checkedFiles
	c.markStored(7, "/p", "abc")
	if _, ok := c.storedAt(7, "/p", "abc"); !ok {
		t.Error("not remembered")
	}
	for _, k := range []storedKey{{8, "/p", "abc"}, {7, "/q", "abc"}, {7, "/p", "abd"}} {
		if _, ok := c.storedAt(k.user, k.page, k.sha); ok {
			t.Errorf("%+v remembered", k)
		}
	}
	c.stored[storedKey{7, "/p", "abc"}] = time.Now().Add(-checkedFor - time.Second)
	if _, ok := c.storedAt(7, "/p", "abc"); ok {
		t.Error("remembered past checkedFor")
	}
	for i := range 3 * maxChecked {
		c.markStored(int64(i), "/p", "x")
	}
	if len(c.stored) > maxChecked {
		t.Errorf("%d remembered", len(c.stored))
	}
}
