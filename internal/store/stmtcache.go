package store

import (
	"context"
	"database/sql"
	"log/slog"
	"strconv"
	"strings"
	"sync"
)

// SQLite compiles a statement's text on every query that database/sql does
// not prepare: for the list page's query (some 40 columns, two joins) the
// compiling cost more than reading the page's rows (12% of the page's CPU
// under load, issue 16 item 3). The pages' usual reads therefore go through
// statements prepared once per text and kept, each prepared lazily on the
// reader connections that run it. PostgreSQL's driver (pgx) keeps its own
// statement cache per connection, so there the text goes straight through.
// Only texts without inlined values are worth keeping; at most
// maxPreparedReads are kept (a few kB each per reader connection), later
// ones run unprepared.
const maxPreparedReads = 128

type stmtCache struct {
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
	full  bool // logged once
}

// readStmt returns the kept statement for q on the read pool, or nil when
// queries run unprepared (PostgreSQL, the cache full, or the prepare failed).
func (db *DB) readStmt(ctx context.Context, q string) *sql.Stmt {
	if !db.dialect.keepsPreparedReads() {
		return nil
	}
	c := &db.stmts
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.stmts[q]; ok {
		return st
	}
	if len(c.stmts) >= maxPreparedReads {
		if !c.full {
			c.full = true
			slog.Warn("store: the kept read statements are full; later texts run unprepared", "kept", len(c.stmts), "text", q[:min(len(q), 80)])
		}
		return nil
	}
	st, err := db.read.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	if c.stmts == nil {
		c.stmts = map[string]*sql.Stmt{}
	}
	c.stmts[q] = st
	return st
}

// readQuery runs a page's usual read through its kept statement.
func (db *DB) readQuery(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := db.readStmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return db.read.QueryContext(ctx, q, args...)
}

// readQueryRow is readQuery for one row.
func (db *DB) readQueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if st := db.readStmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return db.read.QueryRowContext(ctx, q, args...)
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = nil
}

// preparedReads is the read pool as a queryer whose reads go through kept
// statements (readQuery, readQueryRow): for code that takes a queryer and
// runs both in and out of transactions.
type preparedReads struct{ db *DB }

func (p preparedReads) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return p.db.readQuery(ctx, q, args...)
}

func (p preparedReads) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return p.db.readQueryRow(ctx, q, args...)
}

func (p preparedReads) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return p.db.read.ExecContext(ctx, q, args...)
}

// readsOf is q, or preparedReads when q is the read pool.
func (db *DB) readsOf(q queryer) queryer {
	if q == queryer(db.read) {
		return preparedReads{db}
	}
	return q
}

// queryIDs runs head + "IN (…)" + tail for a set of row ids (the SQL
// continues with the ids' condition: "… WHERE p.id "). A page's set (at
// most 256) goes as idSet's padded placeholders through kept statements
// when q is the read pool; a bulk read's larger set is written inline (our
// own integers, never user input), unprepared.
func (db *DB) queryIDs(ctx context.Context, q queryer, head string, ids []int64, tail string) (*sql.Rows, error) {
	if len(ids) <= 256 {
		in, args := idSet(ids, 1)
		return db.readsOf(q).QueryContext(ctx, head+in+tail, args...)
	}
	texts := make([]string, len(ids))
	for i, id := range ids {
		texts[i] = strconv.FormatInt(id, 10)
	}
	return q.QueryContext(ctx, head+"IN ("+strings.Join(texts, ",")+")"+tail)
}
