package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	sqlitedrv "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/siapekspor/siapekspor"
)

// dialect holds what differs between the engines. Everything else is the
// same SQL text: both accept $1 placeholders, RETURNING, ON CONFLICT and
// window functions.
type dialect interface {
	name() string
	// isUniqueViolation tells a unique-constraint failure by the engine's
	// error code, never by its message text.
	isUniqueViolation(err error) bool
	// placeholder is the n-th bound parameter for statements with many
	// parameters: SQLite looks "$n" names up in a list, which is quadratic
	// in a 3,000-parameter batch, so it gets plain "?" there.
	placeholder(n int) string
	// afterExplicitIDs brings a table's id sequence past rows inserted with
	// explicit ids (PostgreSQL's identity does not follow them by itself).
	afterExplicitIDs(ctx context.Context, q queryer, table string) error
	// analyze refreshes the planner's statistics after a bulk change; with
	// stale statistics SQLite picks the size-class index (most rows are
	// micro) over the regency index and a filtered list takes 200 ms.
	analyze(ctx context.Context, q queryer, full bool) error
	// afterImport refreshes what an import that inserted so many
	// enterprises made stale, scaled to the import, and says whether it was
	// a bulk change (analyze's full refresh).
	afterImport(ctx context.Context, q queryer, inserted int) (full bool, err error)
	// lockForInsert keeps other writers out of table until the transaction ends.
	lockForInsert(ctx context.Context, q queryer, table string) error
	// lockCounts queues the writers of the summary figures (counts.go) one
	// behind the other; enterprises says the writer is about to change the
	// enterprises table, whose lock it must then take first.
	lockCounts(ctx context.Context, q queryer, enterprises bool) error
	// insertRows writes n rows into a table the fastest way the engine has
	// inside a bulk transaction: prepared multi-row INSERTs, or COPY.
	insertRows(ctx context.Context, tx *bulkTx, table string, cols []string, n int, row rowFunc) error
	// copies says whether COPY loads rows (the national loader needs it).
	copies() bool
	// defersIndexes says whether a bulk load that more than doubles a
	// table is faster with its indexes dropped and built again at the end,
	// without locking readers out (SQLite: readers keep their snapshot).
	defersIndexes() bool
	// indexDefsSQL lists the name and definition of each index of table $1
	// that no constraint owns.
	indexDefsSQL() string
	// tableExistsSQL counts the tables named $1.
	tableExistsSQL() string
	// snapshotOptions are a read-only transaction's options that give one
	// consistent view over several queries.
	snapshotOptions() *sql.TxOptions
	// snapshotInto copies the live database into the file dst, or says why
	// the engine's own tool must (PostgreSQL: pg_dump).
	snapshotInto(ctx context.Context, db *DB, dst string) error
	// checkpoint moves the write-ahead log into the database file after a
	// large job, so the log does not stay large.
	checkpoint(ctx context.Context, q queryer) error
	// orScopePlansPoorly: an office's scope (an OR over its region's and
	// its binaan's columns) is better read by walking the province's sort
	// index than by the engine's own plan for the OR.
	orScopePlansPoorly() bool
	// nameContains is the condition (one ? for "%word%") that an
	// enterprise's name or owner's name holds word, read through the
	// engine's trigram index (migration 0029).
	nameContains(word string) string
	// rareFilterOrder is the ORDER BY column of a list whose filters select
	// few rows: the engine must then read through the filter's index, not
	// walk the sort column's.
	rareFilterOrder(col string) string
	// fencesTextFilter says whether a list with a text filter reads its
	// matches apart from its order (a subquery the planner cannot walk in
	// the sort index): PostgreSQL's planner, not knowing where the matches
	// of a word lie in name order, walks the sort index for a common word
	// and reads most of a regency before the first page is full.
	fencesTextFilter() bool
	// keepsPreparedReads says whether the pages' usual reads are worth
	// keeping prepared (stmtcache.go): SQLite compiles every text it is
	// given; pgx keeps its own statement cache per connection.
	keepsPreparedReads() bool
	// bulkCache gives the connection of a bulk transaction a larger page
	// cache, and returns what gives the memory back after it.
	bulkCache(ctx context.Context, conn *sql.Conn) (restore func())
	// The search index: where a document's text lives, how it is kept and
	// matched (search.go).
	searchIndex
}

// rowFunc appends the values of row i to dst.
type rowFunc = func(i int, dst []any) []any

func init() { siapekspor.RegisterTransient(IsBusy) }

// IsBusy tells, by the driver's error code (never its message), whether err
// says the database was busy: SQLite's lock held by another writer past the
// busy timeout, or PostgreSQL's lock timeout, deadlock or serialization
// failure. Nothing was written; the same request may be sent again.
func IsBusy(err error) bool {
	var se *sqlitedrv.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff { // the primary code of an extended one
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return true
		}
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "55P03", "40P01", "40001": // lock_not_available, deadlock_detected, serialization_failure
			return true
		}
	}
	return false
}

type sqliteDialect struct{}

func (sqliteDialect) name() string { return "sqlite" }

func (sqliteDialect) placeholder(int) string { return "?" }

func (sqliteDialect) isUniqueViolation(err error) bool {
	var e *sqlitedrv.Error
	if errors.As(err, &e) {
		return e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

func (sqliteDialect) afterExplicitIDs(context.Context, queryer, string) error { return nil }

// bulkImportRows: an import inserting more enterprises than this is a bulk
// change whose statistics are refreshed when it ends.
const bulkImportRows = 10_000

func (d sqliteDialect) afterImport(ctx context.Context, q queryer, inserted int) (bool, error) {
	full := inserted > bulkImportRows
	return full, d.analyze(ctx, q, full)
}

// analyze: ANALYZE after a bulk load, and the search index's segments merged
// into one (a query then walks one list per word instead of dozens); PRAGMA
// optimize (cheap, re-analyses only what changed a lot) at start-up.
func (sqliteDialect) analyze(ctx context.Context, q queryer, full bool) error {
	if !full {
		_, err := q.ExecContext(ctx, "PRAGMA optimize")
		return err
	}
	// analysis_limit: each index's statistics from a sample of its rows, as
	// PRAGMA optimize takes them; a whole ANALYZE read every index of every
	// table (0.6 s after an import of 20,000 rows, most of it the
	// reference's). One Exec keeps the limit on the connection it is set on.
	if _, err := q.ExecContext(ctx, "PRAGMA analysis_limit = 1000; ANALYZE; PRAGMA analysis_limit = 0"); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, "INSERT INTO search_fts (search_fts) VALUES ('optimize')")
	return err
}

// SQLite's IMMEDIATE transactions already hold the database's write lock.
func (sqliteDialect) lockForInsert(context.Context, queryer, string) error { return nil }

// SQLite has one writer at a time: its writers are queued already.
func (sqliteDialect) lockCounts(context.Context, queryer, bool) error { return nil }

func (sqliteDialect) insertRows(ctx context.Context, tx *bulkTx, table string, cols []string, n int, row rowFunc) error {
	return insertPrepared(ctx, tx.Tx, table, cols, n, row)
}

func (sqliteDialect) copies() bool { return false }

func (sqliteDialect) defersIndexes() bool { return true }

// A bulk load's writer holds writerBulkCacheKiB of pages while it runs, the
// everyday writer writerCacheKiB: shrinking the cache frees the pages.
func (sqliteDialect) bulkCache(ctx context.Context, conn *sql.Conn) func() {
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", writerBulkCacheKiB)); err != nil {
		return func() {}
	}
	return func() {
		conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA cache_size = -%d", writerCacheKiB))
	}
}

func (sqliteDialect) indexDefsSQL() string {
	return `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 AND sql IS NOT NULL`
}

func (sqliteDialect) tableExistsSQL() string {
	return `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1`
}

// A read-only transaction in WAL mode reads one snapshot already.
func (sqliteDialect) snapshotOptions() *sql.TxOptions { return &sql.TxOptions{ReadOnly: true} }

// VACUUM INTO copies a consistent, compacted database while readers and
// writers go on.
func (sqliteDialect) snapshotInto(ctx context.Context, db *DB, dst string) error {
	return db.unmapped(ctx, func(c *sql.Conn) error {
		_, err := c.ExecContext(ctx, `VACUUM INTO $1`, dst)
		return err
	})
}

func (sqliteDialect) checkpoint(ctx context.Context, q queryer) error {
	_, err := q.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return err
}

// SQLite reads the whole scope through two indexes and sorts it per page.
func (sqliteDialect) orScopePlansPoorly() bool { return true }

// SQLite's trigram index is an FTS5 table beside the registry, which
// answers LIKE from the index for three characters or more; a shorter
// word is read by walking the list, where it is found at once anyway.
func (sqliteDialect) nameContains(word string) string {
	if utf8.RuneCountInString(word) < 3 {
		return "e.search_text LIKE ?"
	}
	return "e.id IN (SELECT rowid FROM enterprise_text WHERE search_text LIKE ?)"
}

// SQLite does not know how rare a value is (PostgreSQL does): walking the
// name index for 95 regular exporters among 156,150 reads them all; an
// expression in ORDER BY makes it pick the filter's index.
func (sqliteDialect) rareFilterOrder(col string) string { return "+" + col }

// SQLite reads a text filter's matches through its trigram table and sorts
// them (nameContains).
func (sqliteDialect) fencesTextFilter() bool { return false }

func (sqliteDialect) keepsPreparedReads() bool { return true }

type postgresDialect struct{}

func (postgresDialect) insertRows(ctx context.Context, tx *bulkTx, table string, cols []string, n int, row rowFunc) error {
	return copyRows(ctx, tx, table, cols, n, row)
}

func (postgresDialect) copies() bool { return true }

// Dropping an index locks every reader out of the table.
func (postgresDialect) defersIndexes() bool { return false }

// The server's memory is its own configuration.
func (postgresDialect) bulkCache(context.Context, *sql.Conn) func() { return func() {} }

func (postgresDialect) indexDefsSQL() string {
	return `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1
			AND indexname NOT IN (SELECT conname FROM pg_constraint)`
}

func (postgresDialect) tableExistsSQL() string {
	return `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = $1`
}

func (postgresDialect) snapshotOptions() *sql.TxOptions {
	return &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
}

func (postgresDialect) snapshotInto(context.Context, *DB, string) error {
	return errors.New("snapshot: only for SQLite; PostgreSQL is copied with pg_dump")
}

// PostgreSQL checkpoints by itself.
func (postgresDialect) checkpoint(context.Context, queryer) error { return nil }

func (postgresDialect) orScopePlansPoorly() bool { return false }

func (postgresDialect) rareFilterOrder(col string) string { return col }

// The trigram index holds the region columns beside the text (migration
// 0046), so a regency's or a province's matches are found in it alone.
func (postgresDialect) nameContains(string) string { return "e.search_text LIKE ?" }

func (postgresDialect) fencesTextFilter() bool { return true }

func (postgresDialect) keepsPreparedReads() bool { return false }

func (postgresDialect) analyze(ctx context.Context, q queryer, full bool) error {
	if !full {
		return nil // autovacuum keeps PostgreSQL's statistics
	}
	if _, err := q.ExecContext(ctx, "ANALYZE enterprises"); err != nil {
		return err
	}
	// VACUUM also moves the search index's pending entries (GIN's fast-update
	// list, which every query scans) into the index proper: after a bulk load
	// a query took 15 ms instead of 5, and the planner, misled by the list,
	// chose to scan the whole table.
	_, err := q.ExecContext(ctx, "VACUUM (ANALYZE) search_docs")
	return err
}

// An import that adds a tenth of the registry or more changes what the
// planner knows: the whole refresh, as after a bulk load. A province's file
// into a national registry does not (20,000 rows beside ten million): a full
// ANALYZE and VACUUM took 4.5 s of such an import's 12 s, for statistics
// autovacuum keeps anyway. Only the GIN indexes' pending lists, which every
// search scans, are merged into the indexes.
func (d postgresDialect) afterImport(ctx context.Context, q queryer, inserted int) (bool, error) {
	if inserted <= bulkImportRows {
		return false, nil
	}
	var rows float64
	if err := q.QueryRowContext(ctx, `SELECT reltuples FROM pg_class WHERE oid = 'enterprises'::regclass`).Scan(&rows); err != nil {
		return false, err
	}
	if largeShare(inserted, rows) {
		return true, d.analyze(ctx, q, true)
	}
	return false, mergeGinPending(ctx, q)
}

// largeShare says whether inserted rows are a tenth or more of a table the
// planner estimates at rows (-1: never analysed, so unknown: large).
func largeShare(inserted int, rows float64) bool {
	return rows < 0 || float64(inserted)*10 >= rows
}

// mergeGinPending moves the pending entries of the search document's and
// the registry's GIN indexes into the indexes proper.
func mergeGinPending(ctx context.Context, q queryer) error {
	_, err := q.ExecContext(ctx, `SELECT gin_clean_pending_list(i.indexrelid)
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
		WHERE a.amname = 'gin' AND i.indrelid IN ('search_docs'::regclass, 'enterprises'::regclass)`)
	return err
}

// SHARE ROW EXCLUSIVE keeps out every other insert, update and delete of the
// table, and lets through reads and the foreign-key checks of rows written
// to other tables (a product, an assessment of an enterprise), which
// EXCLUSIVE would hold up too.
func (postgresDialect) lockForInsert(ctx context.Context, q queryer, table string) error {
	_, err := q.ExecContext(ctx, `LOCK TABLE `+table+` IN SHARE ROW EXCLUSIVE MODE`)
	return err
}

// Two writers that change counts of the same summary rows in different
// orders (one enterprise going from micro to small, another from small to
// micro) would deadlock on those rows, and so would an edit holding summary
// rows while it waits for an import's lock on the enterprises table, which
// the import holds while it waits for the same rows. So every writer takes
// the enterprises table's lock it needs first, then one transaction-scoped
// advisory lock for the summary; the lock is held for the rest of a short
// transaction.
func (postgresDialect) lockCounts(ctx context.Context, q queryer, enterprises bool) error {
	if enterprises {
		if _, err := q.ExecContext(ctx, `LOCK TABLE enterprises IN ROW EXCLUSIVE MODE`); err != nil {
			return err
		}
	}
	_, err := q.ExecContext(ctx, `SELECT pg_advisory_xact_lock(`+countsLockKey+`)`)
	return err
}

// countsLockKey is the advisory lock of the summary figures: any constant
// other code does not use.
const countsLockKey = "7164071401"

func (postgresDialect) afterExplicitIDs(ctx context.Context, q queryer, table string) error {
	_, err := q.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'), (SELECT COALESCE(MAX(id), 1) FROM `+table+`))`)
	return err
}

func (postgresDialect) name() string { return "postgres" }

func (postgresDialect) placeholder(n int) string { return "$" + strconv.Itoa(n) }

func (postgresDialect) isUniqueViolation(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505"
}
