package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
)

// What the backup command (internal/backup) needs of the store: a
// consistent copy of a SQLite database while the server runs, the schema's
// versions, and whether a database already holds anyone's work.

// Snapshot writes a consistent copy of a SQLite database to dst, which must
// not exist (VACUUM INTO). It reads in one transaction, so the server's
// readers and writers go on meanwhile; the copy is also compacted.
func (db *DB) Snapshot(ctx context.Context, dst string) error {
	return db.dialect.snapshotInto(ctx, db, dst)
}

// unmapped runs fn on a reading connection without its memory map, with
// a small page cache and its temporary data on disk: a pass over the whole
// file (a copy, a check) then takes 30 MB of memory instead of 110 MB and a
// map of 256 MB of the file.
func (db *DB) unmapped(ctx context.Context, fn func(c *sql.Conn) error) error {
	c, err := db.read.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	for _, p := range []string{`PRAGMA mmap_size = 0`, `PRAGMA temp_store = FILE`, `PRAGMA cache_size = -2000`} {
		if _, err := c.ExecContext(ctx, p); err != nil {
			return err
		}
	}
	defer c.ExecContext(context.Background(), `PRAGMA mmap_size = 268435456`)
	defer c.ExecContext(context.Background(), `PRAGMA temp_store = MEMORY`)
	defer c.ExecContext(context.Background(), `PRAGMA cache_size = -16000`)
	return fn(c)
}

// QuickCheck asks SQLite whether the database's structure is sound.
func (db *DB) QuickCheck(ctx context.Context) error {
	var res string
	err := db.unmapped(ctx, func(c *sql.Conn) error {
		return c.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&res)
	})
	if err != nil {
		return err
	}
	if res != "ok" {
		return errors.New(res)
	}
	return nil
}

// PostgresMajor is the PostgreSQL server's major version, e.g. 15.
func (db *DB) PostgresMajor(ctx context.Context) (int, error) {
	var v string
	if err := db.read.QueryRowContext(ctx, `SHOW server_version_num`).Scan(&v); err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("server_version_num %q: %w", v, err)
	}
	return n / 10000, nil
}

// Holdings counts what people entered: users, organisations and
// enterprises. A database that holds none is empty: migrated, with the
// built-in data only.
type Holdings struct {
	Users, Organisations, Enterprises int
}

// Empty reports whether nobody's work is in the database.
func (h Holdings) Empty() bool { return h.Users+h.Organisations+h.Enterprises == 0 }

func (h Holdings) String() string {
	var parts []string
	for _, c := range []struct {
		n    int
		what string
	}{{h.Users, "users"}, {h.Organisations, "organisations"}, {h.Enterprises, "enterprises"}} {
		if c.n == 1 {
			parts = append(parts, "1 "+strings.TrimSuffix(c.what, "s"))
		} else if c.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c.n, c.what))
		}
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}

// Holdings counts the database's users, organisations and enterprises; a
// database without the tables (not migrated) holds none.
func (db *DB) Holdings(ctx context.Context) (Holdings, error) {
	var h Holdings
	for _, c := range []struct {
		table string
		n     *int
	}{{"users", &h.Users}, {"organisations", &h.Organisations}, {"enterprises", &h.Enterprises}} {
		exists, err := db.hasTable(ctx, c.table)
		if err != nil || !exists {
			return h, err
		}
		if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+c.table).Scan(c.n); err != nil {
			return h, err
		}
	}
	return h, nil
}

func (db *DB) hasTable(ctx context.Context, name string) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, db.dialect.tableExistsSQL(), name).Scan(&n)
	return n > 0, err
}

// PostgresSessions counts the other client connections to the database:
// a running server holds some.
func (db *DB) PostgresSessions(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`).Scan(&n)
	return n, err
}

// PublicTables counts the tables in PostgreSQL's public schema.
func (db *DB) PublicTables(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'`).Scan(&n)
	return n, err
}

// KnownMigrations lists the migration versions this binary has for an
// engine ("sqlite" or "postgres").
func KnownMigrations(engine string) ([]int, error) {
	entries, err := fs.ReadDir(migrationFiles, path.Join("migrations", engine))
	if err != nil {
		return nil, err
	}
	var out []int
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		if v, err := strconv.Atoi(num); ok && err == nil && strings.HasSuffix(e.Name(), ".sql") {
			out = append(out, v)
		}
	}
	sort.Ints(out)
	return out, nil
}

// ErrInUse says another connection has a SQLite database open.
var ErrInUse = errors.New("the database is in use")

// SQLiteUnused fails with ErrInUse while any other connection (a running
// server) has the SQLite file at path open.
func SQLiteUnused(ctx context.Context, path string) error {
	return aloneSQLite(ctx, path, false)
}

// ReleaseSQLite makes the SQLite file at path whole and alone, ready to be
// moved aside: it fails with ErrInUse while another connection has it open,
// and otherwise folds its write-ahead log into it and removes its -wal and
// -shm, so that the file alone is complete.
func ReleaseSQLite(ctx context.Context, path string) error {
	return aloneSQLite(ctx, path, true)
}

func aloneSQLite(ctx context.Context, path string, release bool) error {
	q := url.Values{}
	// An exclusive locking mode takes the file's lock for good on first use
	// and so fails at once if anyone else holds it open.
	q.Add("_pragma", "busy_timeout(0)")
	q.Add("_pragma", "locking_mode(EXCLUSIVE)")
	conn, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return err
	}
	conn.SetMaxOpenConns(1)
	defer conn.Close()
	c, err := conn.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, `BEGIN EXCLUSIVE`); err != nil {
		if IsBusy(err) {
			return ErrInUse
		}
		return err
	}
	if _, err := c.ExecContext(ctx, `COMMIT`); err != nil || !release {
		return err
	}
	for _, stmt := range []string{`PRAGMA wal_checkpoint(TRUNCATE)`, `PRAGMA journal_mode = DELETE`} {
		if _, err := c.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	c.Close()
	conn.Close()
	for _, side := range []string{path + "-wal", path + "-shm"} {
		if err := os.Remove(side); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}
