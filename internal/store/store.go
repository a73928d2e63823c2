// Package store keeps SiapEkspor's data in SQLite (embedded, the default) or
// PostgreSQL (selected by a postgres:// URL). Both engines run the same SQL
// text wherever they can; the few differences live in dialect.go and in the
// per-dialect migration folders.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/siapekspor/siapekspor"
)

// DB is an open database. For SQLite it holds two pools: one connection for
// writes (SQLite allows one writer; a single-connection pool queues writers
// in Go instead of failing with SQLITE_BUSY) and several for reads, which WAL
// lets run beside the writer. For PostgreSQL both point at one pool.
type DB struct {
	dialect dialect
	write   *sql.DB
	read    *sql.DB
	// Now is the store's clock. Tests replace it, and the demo replays its
	// history with it; every timestamp the store writes comes from it,
	// truncated to the second.
	Now func() time.Time
	// Progress, when set, hears when LoadReference begins a step that takes
	// seconds on a new database (the reference data, the shipped trade
	// data), so a first start can say what it is doing.
	Progress func(step string)
	ref      siapekspor.Reference
	cache    searchCache
	// tradeCache holds the trade data's context for rankings (trade.go).
	tradeMu    sync.Mutex
	tradeCache *tradeCtx
	// weightsRead is the ranking weights' setting as last read and parsed.
	weightsRead *parsedWeights
	// frozen holds questionnaire versions that can no longer change
	// (published or retired), by version, to expand stored results.
	frozen sync.Map
	// spoolDir holds an import's prepared rows while it reads its file
	// (importspool.go): the data folder for SQLite, where the space for
	// data is, rather than a /tmp that may live in memory.
	spoolDir string
	// regionIndex is the region index with the stored aliases, rebuilt
	// when they change (region_aliases.go).
	regionIndex regionIndexCache
	// matches holds the matcher's candidate snapshot (requestmatch.go).
	matches matchCache
	// candidateGen counts committed writes that change what the snapshot
	// holds (enterprises, products, certificates, assessments); touched
	// holds the open transactions that made such a write (candidatesChanged).
	candidateGen atomic.Uint64
	touched      sync.Map
	// stmts keeps the pages' usual reads prepared (stmtcache.go).
	stmts stmtCache
}

// Options configure Open.
type Options struct {
	// URL is a postgres:// URL, or a SQLite file path (optionally prefixed
	// sqlite:// or file:). Empty means DataDir/siapekspor.db.
	URL     string
	DataDir string
	// Reference answers validation's questions about regions and KBLI codes.
	Reference siapekspor.Reference
	// BusyTimeout is how long a SQLite write waits for another process's
	// write (a command-line import beside the server) before it gives up
	// with an error the pages answer with 503 and Retry-After. Zero means
	// DefaultBusyTimeout.
	BusyTimeout time.Duration
}

// DefaultBusyTimeout is long enough for the write phase of the largest
// import an upload allows (about 250,000 rows, 10 s on a 2-core machine) and
// shorter than the 60 s a reverse proxy usually waits for an answer.
const DefaultBusyTimeout = 30 * time.Second

// Open opens (and for SQLite creates) the database. It does not migrate.
func Open(ctx context.Context, o Options) (*DB, error) {
	db := &DB{Now: time.Now, ref: o.Reference}
	db.SetSearchCache(DefaultSearchCache)
	if db.ref == nil {
		db.ref = DefaultReference()
	}
	var err error
	switch {
	case IsPostgres(o.URL):
		db.dialect = postgresDialect{}
		db.spoolDir = o.DataDir
		db.write, err = sql.Open("pgx", o.URL)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		db.write.SetMaxOpenConns(16)
		db.write.SetMaxIdleConns(16)
		db.write.SetConnMaxIdleTime(5 * time.Minute)
		db.read = db.write
	default:
		path := SQLitePath(o)
		if o.URL == "" || o.URL == "sqlite://" || o.URL == "file:" {
			if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
				return nil, fmt.Errorf("create data folder: %w", err)
			}
		}
		db.dialect = sqliteDialect{}
		db.spoolDir = filepath.Dir(path)
		busy := o.BusyTimeout
		if busy <= 0 {
			busy = DefaultBusyTimeout
		}
		if db.write, err = sql.Open("sqlite", sqliteDSN(path, busy)); err != nil {
			return nil, err
		}
		db.write.SetMaxOpenConns(1)
		db.write.SetConnMaxIdleTime(0)
		if db.read, err = sql.Open("sqlite", sqliteDSN(path, 0)); err != nil {
			db.write.Close()
			return nil, err
		}
		db.read.SetMaxOpenConns(sqliteReaders)
		db.read.SetMaxIdleConns(sqliteReaders)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.write.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot open database %s: %w", redactURL(o.URL), err)
	}
	return db, nil
}

// SQLite's memory, bounded per connection: every connection keeps its own
// page cache, and a memory map would put the file's pages in the process's
// resident memory once per connection that touched them (eight readers
// with 256 MiB maps held 816 MB of a 476 MB file). So the readers have no
// map, a small cache each, and there are as many of them as a 2-core
// machine can keep busy with some waiting on the disk: at most
// sqliteReaders × readerCacheKiB + writerCacheKiB of page cache (16 MB), and
// writerBulkCacheKiB for the writer while a bulk load runs. The operating
// system's file cache holds the rest of the file: a page SQLite does not
// keep costs a read() from memory, not from the disk. Readers' caches of
// 2 MB against 4 MB (2026-12-06, the demo province, the list pages and the
// readiness and export comparisons under 20 clients, two rounds each):
// the same requests a second within the machine's noise, 10–15 MB less
// resident at the peaks.
const (
	sqliteReaders      = 4
	readerCacheKiB     = 2000
	writerCacheKiB     = 8000
	writerBulkCacheKiB = 32000
)

// IsPostgres tells whether a database URL selects PostgreSQL.
func IsPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// SQLitePath is the SQLite file o names: its URL without a sqlite:// or
// file: prefix, else DataDir/siapekspor.db. It is "" for PostgreSQL.
func SQLitePath(o Options) string {
	if IsPostgres(o.URL) {
		return ""
	}
	if path := strings.TrimPrefix(strings.TrimPrefix(o.URL, "sqlite://"), "file:"); path != "" {
		return path
	}
	dir := o.DataDir
	if dir == "" {
		dir = "data"
	}
	return filepath.Join(dir, "siapekspor.db")
}

// sqliteDSN sets the pragmas on every connection: WAL so readers never block
// the writer, foreign keys on, a busy timeout, and the bounded page caches
// above. writeWait > 0 makes the writer's DSN: it begins transactions IMMEDIATE, so
// a writer takes the lock at BEGIN and waits there for another process's
// writer (SQLite retries for up to writeWait) instead of failing on lock
// upgrade. Readers never wait for writers in WAL; their timeout only covers
// a checkpoint or recovery.
func sqliteDSN(path string, writeWait time.Duration) string {
	q := url.Values{}
	wait := 10 * time.Second
	if writeWait > 0 {
		wait = writeWait
	}
	// journal_size_limit: after a large import the write-ahead log is cut back
	// to 64 MB once checkpointed, instead of keeping its largest size on disk.
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", fmt.Sprintf("busy_timeout(%d)", wait.Milliseconds()),
		"synchronous(NORMAL)", "temp_store(MEMORY)", "journal_size_limit(67108864)"} {
		q.Add("_pragma", p)
	}
	if writeWait > 0 {
		q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", writerCacheKiB))
		q.Set("_txlock", "immediate")
	} else {
		q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", readerCacheKiB))
	}
	q.Add("_pragma", "mmap_size(0)")
	return "file:" + path + "?" + q.Encode()
}

// redactURL hides a password in a connection URL for error messages.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	return u.Redacted()
}

// Close closes both pools.
func (db *DB) Close() error {
	db.stmts.close()
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Engine names the database engine: "sqlite" or "postgres".
func (db *DB) Engine() string { return db.dialect.name() }

// Reference returns the reference checker used for validation.
func (db *DB) Reference() siapekspor.Reference { return db.ref }

// now is the store's current time, truncated to the second so that stored
// timestamps sort correctly as text in SQLite and compare equal after a
// round trip on both engines.
func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Second) }

// queryer is what both *sql.DB and *sql.Tx offer.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// inTx runs fn in a write transaction, committing if it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		db.touched.Delete(tx)
		tx.Rollback()
		return err
	}
	_, changed := db.touched.LoadAndDelete(tx)
	err = tx.Commit()
	db.cache.written()
	if changed {
		db.candidateGen.Add(1)
	}
	return err
}

// candidatesChanged notes that a write changed what the matcher's
// candidate snapshot holds, so that the snapshot (2–4 s of CPU to build at
// the demo's size) is rebuilt only after such writes, not after every
// sign-in, enrolment or request. Inside inTx the count moves once the
// transaction commits: a snapshot built before then would otherwise be
// taken for the new one. Bulk transactions count always.
func (db *DB) candidatesChanged(q queryer) {
	switch q := q.(type) {
	case *sql.Tx:
		db.touched.Store(q, struct{}{})
	case *bulkTx:
	default:
		db.candidateGen.Add(1)
	}
}

// bulkTx is a transaction for bulk writes that keeps its connection at
// hand: on PostgreSQL, rows then go in with COPY inside the transaction.
type bulkTx struct {
	*sql.Tx
	conn *sql.Conn
}

// inBulkTx is inTx for bulk writes.
func (db *DB) inBulkTx(ctx context.Context, fn func(tx *bulkTx) error) error {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	defer db.dialect.bulkCache(ctx, conn)()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(&bulkTx{Tx: tx, conn: conn}); err != nil {
		tx.Rollback()
		return err
	}
	err = tx.Commit()
	db.cache.written()
	db.candidateGen.Add(1)
	return err
}

// notFound is the error for a missing record of an entity.
func notFound(entity string) error {
	return siapekspor.Errorf(siapekspor.ENotFound, "error.not_found."+entity)
}

// Setting returns a stored setting, "" when unset.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetSetting stores a setting.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	return setSetting(ctx, db.write, key, value)
}

// setSetting stores a setting through q: inside a transaction when the
// setting must change with other rows.
func setSetting(ctx context.Context, q queryer, key, value string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// Optimize refreshes the query planner's statistics: fully after a bulk
// load (full), or cheaply where they went stale (at start-up). After a bulk
// load it also gives back the write-ahead log's space (Checkpoint).
func (db *DB) Optimize(ctx context.Context, full bool) error {
	if err := db.dialect.analyze(ctx, db.write, full); err != nil {
		return err
	}
	if full {
		return db.Checkpoint(ctx)
	}
	return nil
}

// afterImport refreshes what an import's inserted enterprises made stale,
// as Optimize does, scaled to the import and the registry (dialect).
func (db *DB) afterImport(ctx context.Context, inserted int) error {
	full, err := db.dialect.afterImport(ctx, db.write, inserted)
	if err != nil || !full {
		return err
	}
	return db.Checkpoint(ctx)
}

// checkpointRows: jobs of at least so many rows checkpoint when they end.
const checkpointRows = 10_000

// Checkpoint copies SQLite's write-ahead log into the database and empties
// the log file (TRUNCATE): a bulk job, even one rolled back, leaves it as
// large as everything it wrote (472 MB after a dry run of a million rows)
// until then. A reader still holding an old snapshot keeps part of it; the
// next checkpoint gets the rest. Nothing to do on PostgreSQL.
func (db *DB) Checkpoint(ctx context.Context) error {
	return db.dialect.checkpoint(ctx, db.write)
}

// PoolStats are the connection pools' figures (read, then write), for the
// operators' metrics.
func (db *DB) PoolStats() (read, write sql.DBStats) { return db.read.Stats(), db.write.Stats() }

// eachRow runs a query and hands each row, scanned, to fn: the one loop
// the list downloads (matches, requests, export records) share.
func eachRow[T any](ctx context.Context, q queryer, query string, args []any, scan func(interface{ Scan(...any) error }) (*T, error), fn func(*T) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	return rows.Err()
}

// limitOffset is a page's LIMIT and OFFSET; none for limit ≤ 0.
func limitOffset(limit, offset int) string {
	if limit <= 0 {
		return ""
	}
	return ` LIMIT ` + strconv.Itoa(limit) + ` OFFSET ` + strconv.Itoa(offset)
}
