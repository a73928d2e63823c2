package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
)

// CreateEnterprises validates and stores many enterprises in one
// transaction: all of them or, on the first error, none. The audit log gets
// one "import" entry naming the source and the count instead of one entry
// per row. Each invalid enterprise is reported with its index.
//
// Callers loading many batches should call Optimize(ctx, true) afterwards so
// the planner sees the new data.
func (db *DB) CreateEnterprises(ctx context.Context, source string, es []*siapekspor.Enterprise) error {
	for i, e := range es {
		e.ID = 0
		if err := checkScope(ctx, e); err != nil {
			return err
		}
		if err := db.prepareEnterprise(e); err != nil {
			if de, ok := siapekspor.AsError(err); ok {
				de.Args = append(de.Args, i)
			}
			return err
		}
	}
	return db.inBulkTx(ctx, func(tx *bulkTx) error {
		now := db.now()
		// Ids are taken from the sequence in one step so the KBLI rows can be
		// written in batches too.
		first, err := db.reserveEnterpriseIDs(ctx, tx.Tx, len(es))
		if err != nil {
			return err
		}
		for i, e := range es {
			e.ID = first + int64(i)
			e.CreatedAt, e.UpdatedAt, e.Version = now, now, 1
		}
		if err := db.insertEnterpriseBatch(ctx, tx, es, nil, now, 0, nil); err != nil {
			return err
		}
		if err := db.dialect.afterExplicitIDs(ctx, tx.Tx, "enterprises"); err != nil {
			return err
		}
		return db.audit(ctx, tx.Tx, "import", "enterprise", 0, nil, map[string]any{"source": source, "count": len(es)})
	})
}

// reserveEnterpriseIDs returns the first of n consecutive unused ids.
func (db *DB) reserveEnterpriseIDs(ctx context.Context, tx *sql.Tx, n int) (int64, error) {
	// Writers are serialised: SQLite's immediate transaction holds the write
	// lock already; PostgreSQL needs the table locked against other inserts.
	if err := db.dialect.lockForInsert(ctx, tx, "enterprises"); err != nil {
		return 0, err
	}
	var maxID int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM enterprises`).Scan(&maxID); err != nil {
		return 0, err
	}
	return maxID + 1, nil
}

// enterpriseInsertColumns are the enterprises table's columns as a bulk insert
// writes them.
func enterpriseInsertColumns() []string {
	cols := append([]string{"id"}, strings.Fields(strings.ReplaceAll(enterpriseWritable, ",", " "))...)
	return append(cols, "created_at", "updated_at", "version", "import_id")
}

// insertEnterpriseBatch inserts enterprises whose ids are already set, with
// their KBLI codes and search documents (docs, when the caller made them
// ahead, else made here), in multi-row statements. importID, when not 0,
// marks the rows as that import's own (what its undo may delete). The
// summary figures get the new enterprises here, or, when sum is set, sum
// gathers them for the caller to write once after its last batch
// (writeNewSummary), in the same transaction.
func (db *DB) insertEnterpriseBatch(ctx context.Context, tx *bulkTx, es []*siapekspor.Enterprise, docs []searchDoc, now time.Time, importID int64, sum *newSummary) error {
	cols := enterpriseInsertColumns()
	var imp any
	if importID != 0 {
		imp = importID
	}
	row := func(e *siapekspor.Enterprise, a []any) []any {
		e.CreatedAt, e.UpdatedAt, e.Version = now, now, 1
		a = append(a, e.ID)
		a = append(a, enterpriseArgs(e)...)
		return append(a, now, now, 1, imp)
	}
	err := db.bulkInsert(ctx, tx, "enterprises", cols, len(es), func(i int, a []any) []any { return row(es[i], a) })
	if err != nil {
		return db.mapWriteError(err)
	}
	// Every new enterprise enters the summary figures here, the import's too.
	if sum == nil {
		if err := db.countNew(ctx, tx, es); err != nil {
			return err
		}
	} else {
		// The summary's lock is taken where it was when each batch wrote
		// its own figures: first the enterprises table's, then the summary's.
		if err := db.dialect.lockCounts(ctx, tx, true); err != nil {
			return err
		}
		sum.add(es)
	}
	type kbliRow struct {
		id   int64
		code siapekspor.KBLICode
	}
	var ks []kbliRow
	for _, e := range es {
		for _, k := range e.KBLI {
			ks = append(ks, kbliRow{e.ID, k})
		}
	}
	if docs == nil {
		docs = make([]searchDoc, len(es))
		for i, e := range es {
			docs[i] = enterpriseDoc(e)
		}
	}
	if err := db.insertDocsBulk(ctx, tx, docs); err != nil {
		return err
	}
	kcols := []string{"enterprise_id", "version", "code"}
	krow := func(i int, a []any) []any { return append(a, ks[i].id, ks[i].code.Version, ks[i].code.Code) }
	return db.bulkInsert(ctx, tx, "enterprise_kbli", kcols, len(ks), krow)
}

// CreateProducts validates and stores many products of enterprises the
// actor may edit, in one transaction, with their search documents: all or,
// on the first error, none. The audit log gets one entry for the lot.
func (db *DB) CreateProducts(ctx context.Context, source string, ps []*siapekspor.Product) error {
	if err := validateProducts(ps, db.ref); err != nil {
		return err
	}
	return db.inBulkTx(ctx, func(tx *bulkTx) error { return db.createProductsTx(ctx, tx, source, ps) })
}

// validateProducts normalises and checks new products; a refusal carries
// the product's index as its last argument.
func validateProducts(ps []*siapekspor.Product, ref siapekspor.HSChecker) error {
	for i, p := range ps {
		p.ID, p.ValidatedAt = 0, nil
		p.Normalize()
		if err := p.Validate(ref); err != nil {
			if de, ok := siapekspor.AsError(err); ok {
				de.Args = append(de.Args, i)
			}
			return err
		}
	}
	return nil
}

// createProductsTx stores checked products in a bulk transaction, with
// their search documents, summary counts and one audit entry.
func (db *DB) createProductsTx(ctx context.Context, tx *bulkTx, source string, ps []*siapekspor.Product) error {
	enterprises := map[int64]*siapekspor.Enterprise{}
	for _, p := range ps {
		if _, ok := enterprises[p.EnterpriseID]; ok {
			continue
		}
		e, err := db.writableEnterprise(ctx, tx.Tx, p.EnterpriseID)
		if err != nil {
			return err
		}
		enterprises[p.EnterpriseID] = e
	}
	if err := db.dialect.lockForInsert(ctx, tx.Tx, "products"); err != nil {
		return err
	}
	ids := make([]int64, 0, len(enterprises))
	for id := range enterprises {
		ids = append(ids, id)
	}
	if err := db.recount(ctx, tx, -1, countProductWrites, recountIDs(ids)); err != nil {
		return err
	}
	var first int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM products`).Scan(&first); err != nil {
		return err
	}
	now := db.now()
	cols := append([]string{"id", "enterprise_id"}, strings.Fields(strings.ReplaceAll(productWritable, ",", " "))...)
	cols = append(cols, "created_at", "updated_at", "version")
	err := db.bulkInsert(ctx, tx, "products", cols, len(ps), func(i int, a []any) []any {
		p := ps[i]
		p.ID, p.CreatedAt, p.UpdatedAt, p.Version = first+int64(i), now, now, 1
		a = append(a, p.ID, p.EnterpriseID)
		a = append(a, productArgs(p)...)
		return append(a, now, now, 1)
	})
	if err != nil {
		return err
	}
	if err := db.dialect.afterExplicitIDs(ctx, tx.Tx, "products"); err != nil {
		return err
	}
	if err := db.recount(ctx, tx, 1, countProductWrites, recountIDs(ids)); err != nil {
		return err
	}
	docs := make([]searchDoc, len(ps))
	for i, p := range ps {
		docs[i] = productDoc(p, enterprises[p.EnterpriseID])
	}
	if err := db.insertDocsBulk(ctx, tx, docs); err != nil {
		return err
	}
	return db.audit(ctx, tx.Tx, "import", "product", 0, nil, map[string]any{"source": source, "count": len(ps)})
}

// deferIndexes, on SQLite, drops the secondary indexes of tables inside the
// bulk transaction and returns what makes them again before it commits:
// building an index once from the sorted rows costs a fraction of keeping
// it up to date row by row, when the rows added are many beside those
// already there. Readers see the old snapshot, indexes and all, until the
// commit. On PostgreSQL dropping an index locks every reader out of the
// table, so it does nothing there (and when few rows are added).
func (db *DB) deferIndexes(ctx context.Context, tx *sql.Tx, adding int, tables ...string) (rebuild func() error, err error) {
	if !db.dialect.defersIndexes() || adding < deferIndexesMin {
		return func() error { return nil }, nil
	}
	var have int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM enterprises`).Scan(&have); err != nil {
		return nil, err
	}
	if adding < have {
		return func() error { return nil }, nil
	}
	indexes, err := db.dropIndexes(ctx, tx, tables...)
	if err != nil || !slices.Contains(tables, "enterprises") {
		return indexes, err
	}
	// The list's trigram index takes each new name as its trigger hands it
	// over, one row at a time; the new rows go in as one statement instead.
	text, err := deferTextTrigger(ctx, tx, have)
	if err != nil {
		return nil, err
	}
	return func() error {
		if err := indexes(); err != nil {
			return err
		}
		return text()
	}, nil
}

// deferTextTrigger drops the trigger that copies each new enterprise's
// search text into the list's trigram index (migration 0029), and returns
// what copies the text of every enterprise after id have in one statement
// and makes the trigger again, as it was.
func deferTextTrigger(ctx context.Context, tx *sql.Tx, have int) (func() error, error) {
	var def string
	err := tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'enterprise_text_insert'`).Scan(&def)
	if errors.Is(err, sql.ErrNoRows) {
		return func() error { return nil }, nil
	}
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `DROP TRIGGER enterprise_text_insert`); err != nil {
		return nil, err
	}
	return func() error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO enterprise_text (rowid, search_text) SELECT id, search_text FROM enterprises WHERE id > $1`, have); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, def)
		return err
	}, nil
}

// deferIndexesMin: below so many new rows indexes are kept up to date as
// the rows go in.
const deferIndexesMin = 5000

// dropIndexes drops the indexes of tables that no constraint owns (the
// primary keys stay) and returns what makes them again, as they were.
func (db *DB) dropIndexes(ctx context.Context, tx *sql.Tx, tables ...string) (rebuild func() error, err error) {
	q := db.dialect.indexDefsSQL()
	var names, defs []string
	for _, t := range tables {
		rows, err := tx.QueryContext(ctx, q, t)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var name, def string
			if err := rows.Scan(&name, &def); err != nil {
				rows.Close()
				return nil, err
			}
			names, defs = append(names, name), append(defs, def)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+n+`"`); err != nil {
			return nil, err
		}
	}
	return func() error {
		for _, d := range defs {
			if _, err := tx.ExecContext(ctx, d); err != nil {
				return err
			}
		}
		return nil
	}, nil
}
