// Package storetest gives each test a fresh, migrated database with the
// reference data loaded: on SQLite always, and on PostgreSQL when
// SIAPEKSPOR_TEST_POSTGRES holds a server URL. Loading 91,000 regions per
// test would be slow, so each engine keeps one template database per
// process (SQLite: a file copied per test; PostgreSQL: CREATE DATABASE …
// TEMPLATE) and clones it.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
)

// PostgresEnv names the variable holding a PostgreSQL server URL for tests.
const PostgresEnv = "SIAPEKSPOR_TEST_POSTGRES"

// Engines lists the engines tests should run on: sqlite, and postgres when
// SIAPEKSPOR_TEST_POSTGRES is set.
func Engines() []string {
	if os.Getenv(PostgresEnv) != "" {
		return []string{"sqlite", "postgres"}
	}
	return []string{"sqlite"}
}

// Each runs fn as a subtest on every engine with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, eng := range Engines() {
		t.Run(eng, func(t *testing.T) { fn(t, Open(t, eng)) })
	}
}

// Open returns a fresh database of the engine, closed (and for PostgreSQL
// dropped) when the test ends.
func Open(tb testing.TB, engine string) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), store.Options{URL: URL(tb, engine)})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// URL returns the address of a fresh database of the engine (a SQLite file
// path or a PostgreSQL URL), for code that opens it itself, such as the
// command line; a PostgreSQL one is dropped when the test ends.
func URL(tb testing.TB, engine string) string {
	tb.Helper()
	switch engine {
	case "sqlite":
		return cloneSQLite(tb)
	case "postgres":
		return clonePostgres(tb)
	}
	tb.Fatalf("unknown engine %q", engine)
	return ""
}

// EmptyPostgresURL returns the address of a new PostgreSQL database with
// nothing in it, not even the extensions the migrations install: what a
// restore onto a new server meets. It is dropped when the test ends.
func EmptyPostgresURL(tb testing.TB) string {
	tb.Helper()
	admin := adminDB(tb)
	defer admin.Close()
	name := fmt.Sprintf("siapekspor_empty_%d_%d", os.Getpid(), pgCounter.Add(1))
	if _, err := admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
		tb.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE template0`); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		admin := adminDB(tb)
		defer admin.Close()
		admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
	})
	return withDatabase(os.Getenv(PostgresEnv), name)
}

// prepare migrates a new database and loads the reference data.
func prepare(u string) error {
	ctx := context.Background()
	db, err := store.Open(ctx, store.Options{URL: u})
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	_, err = db.LoadReference(ctx)
	return err
}

var (
	sqliteOnce sync.Once
	sqliteTpl  string
	sqliteErr  error
)

func cloneSQLite(tb testing.TB) string {
	sqliteOnce.Do(func() {
		dir, err := os.MkdirTemp("", "siapekspor-tpl-")
		if err != nil {
			sqliteErr = err
			return
		}
		sqliteTpl = filepath.Join(dir, "template.db")
		sqliteErr = prepare(sqliteTpl)
		if sqliteErr == nil {
			// Fold the WAL into the main file so one file copy is complete.
			var db *sql.DB
			if db, sqliteErr = sql.Open("sqlite", sqliteTpl); sqliteErr == nil {
				_, sqliteErr = db.Exec(`PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE`)
				db.Close()
			}
		}
	})
	if sqliteErr != nil {
		tb.Fatalf("sqlite template: %v", sqliteErr)
	}
	dst := filepath.Join(tb.TempDir(), "test.db")
	if err := copyFile(sqliteTpl, dst); err != nil {
		tb.Fatal(err)
	}
	return dst
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

var (
	pgOnce    sync.Once
	pgTpl     string
	pgErr     error
	pgCounter atomic.Int64
)

// withDatabase returns the URL u pointing at database name.
func withDatabase(u, name string) string {
	parsed, err := url.Parse(u)
	if err != nil {
		return u
	}
	parsed.Path = "/" + name
	return parsed.String()
}

func adminDB(tb testing.TB) *sql.DB {
	base := os.Getenv(PostgresEnv)
	if base == "" {
		tb.Skipf("%s is not set", PostgresEnv)
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	return db
}

func clonePostgres(tb testing.TB) string {
	admin := adminDB(tb)
	defer admin.Close()
	ctx := context.Background()
	base := os.Getenv(PostgresEnv)
	pgOnce.Do(func() {
		// The template's name carries the schema, reference and trade data it
		// was built from, so test processes share it and a change rebuilds it.
		pgTpl = "siapekspor_tpl_" + strings.ToLower(refdata.Version()) + "_" + store.MigrationsHash() + "_" + strings.ToLower(store.ShippedTradeVersion())
		conn, err := admin.Conn(ctx)
		if err != nil {
			pgErr = err
			return
		}
		defer conn.Close()
		// Test packages run in parallel processes: one builds the template.
		if _, pgErr = conn.ExecContext(ctx, `SELECT pg_advisory_lock(734201)`); pgErr != nil {
			return
		}
		defer conn.ExecContext(ctx, `SELECT pg_advisory_unlock(734201)`)
		var exists bool
		if pgErr = conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, pgTpl).Scan(&exists); pgErr != nil || exists {
			return
		}
		building := pgTpl + "_building"
		conn.ExecContext(ctx, `DROP DATABASE IF EXISTS `+building+` WITH (FORCE)`)
		if _, pgErr = conn.ExecContext(ctx, `CREATE DATABASE `+building); pgErr != nil {
			return
		}
		if pgErr = prepare(withDatabase(base, building)); pgErr != nil {
			return
		}
		_, pgErr = conn.ExecContext(ctx, `ALTER DATABASE `+building+` RENAME TO `+pgTpl)
	})
	if pgErr != nil {
		tb.Fatalf("postgres template: %v", pgErr)
	}
	name := fmt.Sprintf("siapekspor_test_%d_%d", os.Getpid(), pgCounter.Add(1))
	if _, err := admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
		tb.Fatal(err)
	}
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE `+pgTpl); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		admin := adminDB(tb)
		defer admin.Close()
		admin.ExecContext(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	})
	return withDatabase(base, name)
}
