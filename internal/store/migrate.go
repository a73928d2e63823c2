package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations
var migrationFiles embed.FS

// migration is one numbered SQL file of a dialect's folder.
type migration struct {
	version int
	name    string
	sql     string
}

func (db *DB) migrations() ([]migration, error) {
	dir := path.Join("migrations", db.dialect.name())
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql", e.Name())
		}
		b, err := migrationFiles.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("two migrations numbered %d", out[i].version)
		}
	}
	return out, nil
}

// SchemaStatus compares the database's applied migrations with the binary's.
type SchemaStatus struct {
	Applied []int // versions recorded in the database
	Pending []int // versions the binary has and the database lacks
	Unknown []int // versions the database has and the binary does not know (a newer binary ran)
}

// Current reports whether the schema is exactly what this binary expects.
func (s SchemaStatus) Current() bool { return len(s.Pending) == 0 && len(s.Unknown) == 0 }

func (db *DB) ensureMigrationTable(ctx context.Context) error {
	_, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL)`)
	return err
}

// Status reads which migrations are applied.
func (db *DB) Status(ctx context.Context) (SchemaStatus, error) {
	var st SchemaStatus
	if err := db.ensureMigrationTable(ctx); err != nil {
		return st, err
	}
	all, err := db.migrations()
	if err != nil {
		return st, err
	}
	rows, err := db.write.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		return st, err
	}
	defer rows.Close()
	applied := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return st, err
		}
		applied[v] = true
		st.Applied = append(st.Applied, v)
	}
	if err := rows.Err(); err != nil {
		return st, err
	}
	known := map[int]bool{}
	for _, m := range all {
		known[m.version] = true
		if !applied[m.version] {
			st.Pending = append(st.Pending, m.version)
		}
	}
	for _, v := range st.Applied {
		if !known[v] {
			st.Unknown = append(st.Unknown, v)
		}
	}
	return st, nil
}

// Migrate applies every pending migration, each in its own transaction
// together with its record, so a failure leaves the schema at the last
// complete version. It refuses to run on a database a newer binary migrated.
func (db *DB) Migrate(ctx context.Context) (applied []int, err error) {
	st, err := db.Status(ctx)
	if err != nil {
		return nil, err
	}
	if len(st.Unknown) > 0 {
		return nil, fmt.Errorf("the database has migrations %v that this binary does not know: run a newer siapekspor", st.Unknown)
	}
	all, err := db.migrations()
	if err != nil {
		return nil, err
	}
	pending := map[int]bool{}
	for _, v := range st.Pending {
		pending[v] = true
	}
	for _, m := range all {
		if !pending[m.version] {
			continue
		}
		err := db.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			if fill := afterMigration[m.version]; fill != nil {
				if err := fill(ctx, db, tx); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.version, m.name, db.now().Format("2006-01-02T15:04:05Z"))
			return err
		})
		if err != nil {
			return applied, fmt.Errorf("migration %04d_%s: %w", m.version, m.name, err)
		}
		applied = append(applied, m.version)
	}
	return applied, nil
}

// afterMigration is Go code a migration runs in its transaction after its
// SQL: filling what the code that keeps it up to date says once for both
// engines.
var afterMigration = map[int]func(ctx context.Context, db *DB, tx *sql.Tx) error{
	16: rebuildCounts,    // the summary figures
	30: rebuildFunnel,    // the funnel's summary figures
	32: fillStatFigures,  // the statistics pages' figures
	39: rebuildPoints,    // the map's enterprise points
	43: rebuildCatalogue, // the public catalogue's read model
	44: fillStatFigures,  // the statistics pages' figures, in their compact form
	45: fillCompareCells, // the export comparison's cells of each BPS table
}

// MigrationsHash is a short hash of every dialect's migration files; test
// harnesses name template databases with it.
func MigrationsHash() string {
	h := sha256.New()
	fs.WalkDir(migrationFiles, "migrations", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := migrationFiles.ReadFile(p)
			h.Write([]byte(p))
			h.Write(b)
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:10]
}
