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
		const chunk = 50_000
		es := make([]*siapekspor.Enterprise, 0, chunk)
		for done := 0; done < n; {
			es = es[:0]
			for len(es) < chunk && done+len(es) < n {
				e := next()
				e.ID = first + int64(done+len(es))
				es = append(es, e)
			}
			if err := db.insertEnterpriseBatch(ctx, tx, es, nil, now, 0); err != nil {
				return err
			}
			done += len(es)
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
