package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/siapekspor/siapekspor"
)

// LoadRegistry loads n new enterprises that next makes (normalised, with
// their classes derived, each valid: a generator's, not a file's) with
// their KBLI rows, search documents and summary figures, in one
// transaction, the fastest way PostgreSQL has: the three tables' indexes
// are dropped, the rows copied in chunks, and the indexes built again once
// at the end. It is for loading a synthetic national registry (siapekspor
// demo --national); while it runs, readers of those tables wait, as for a
// migration. progress, when set, hears the rows done after each chunk. On
// SQLite it refuses: national scale is PostgreSQL's.
func (db *DB) LoadRegistry(ctx context.Context, source string, n int, next func() *siapekspor.Enterprise, progress func(done int)) error {
	if !db.dialect.copies() {
		return errors.New("store: LoadRegistry works on PostgreSQL only")
	}
	err := db.inBulkTx(ctx, func(tx *bulkTx) error {
		// Index builds sort in memory up to this, and use a helper process.
		if _, err := tx.ExecContext(ctx, `SET LOCAL maintenance_work_mem = '512MB'`); err != nil {
			return err
		}
		first, err := db.reserveEnterpriseIDs(ctx, tx.Tx, n)
		if err != nil {
			return err
		}
		rebuild, err := db.dropIndexes(ctx, tx.Tx, "enterprises", "search_docs", "enterprise_kbli")
		if err != nil {
			return err
		}
		now := db.now()
		// One goroutine makes the next chunk (the generator and the search
		// documents' text, the client's work) while this one copies the
		// current one, so client and server work at once.
		chunks := make(chan loadChunk, 1)
		stop := make(chan struct{})
		defer close(stop)
		go makeChunks(n, first, next, chunks, stop)
		for done := 0; done < n; {
			c, ok := <-chunks
			if !ok {
				break
			}
			if err := db.insertEnterpriseBatch(ctx, tx, c.es, c.docs, now, 0, nil); err != nil {
				return err
			}
			done += len(c.es)
			if progress != nil {
				progress(done)
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := rebuild(); err != nil {
			return fmt.Errorf("building the indexes again: %w", err)
		}
		if err := db.dialect.afterExplicitIDs(ctx, tx.Tx, "enterprises"); err != nil {
			return err
		}
		return db.audit(ctx, tx.Tx, "import", "enterprise", 0, nil, map[string]any{"source": source, "count": n})
	})
	if err != nil {
		return err
	}
	return db.Optimize(ctx, true)
}

// loadChunk is a chunk of LoadRegistry's enterprises with their search
// documents, made ahead of its copy.
type loadChunk struct {
	es   []*siapekspor.Enterprise
	docs []searchDoc
}

// registryChunk is how many enterprises LoadRegistry copies at a time
// (a variable so that tests can make several chunks of few rows).
var registryChunk = 50_000

// makeChunks sends n enterprises from next, ids from first on, in chunks
// of registryChunk with their documents, until done or stop is closed; it closes
// out at the end. next is called from this goroutine only.
func makeChunks(n int, first int64, next func() *siapekspor.Enterprise, out chan<- loadChunk, stop <-chan struct{}) {
	defer close(out)
	for done := 0; done < n; {
		size := min(registryChunk, n-done)
		c := loadChunk{es: make([]*siapekspor.Enterprise, size), docs: make([]searchDoc, size)}
		for i := range c.es {
			e := next()
			e.ID = first + int64(done+i)
			c.es[i], c.docs[i] = e, enterpriseDoc(e)
		}
		done += size
		select {
		case out <- c:
		case <-stop:
			return
		}
	}
}
