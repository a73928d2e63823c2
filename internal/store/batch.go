package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// batchInsert inserts n rows into table with multi-row INSERT statements of
// up to batchRows rows each: one round trip per batch instead of per row,
// which is what makes bulk loads fast on PostgreSQL over a socket, and cheap
// on SQLite. suffix is appended to each statement (e.g. an ON CONFLICT clause).
func (db *DB) batchInsert(ctx context.Context, q queryer, table string, cols []string, suffix string, n int, row func(i int, dst []any) []any) error {
	// Keep well under SQLite's and PostgreSQL's limits on bound parameters.
	batchRows := 30000 / len(cols)
	if batchRows > 500 {
		batchRows = 500
	}
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	args := make([]any, 0, batchRows*len(cols))
	var sb strings.Builder
	for start := 0; start < n; start += batchRows {
		end := min(start+batchRows, n)
		sb.Reset()
		sb.WriteString(head)
		args = args[:0]
		for i := start; i < end; i++ {
			if i > start {
				sb.WriteByte(',')
			}
			sb.WriteByte('(')
			for c := range cols {
				if c > 0 {
					sb.WriteByte(',')
				}
				sb.WriteString(db.dialect.placeholder(len(args) + c + 1))
			}
			sb.WriteByte(')')
			args = row(i, args)
		}
		sb.WriteString(suffix)
		if _, err := q.ExecContext(ctx, sb.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// insertPrepared inserts n rows with one prepared single-row statement.
func (db *DB) insertPrepared(ctx context.Context, tx *sql.Tx, table string, cols []string, n int, row func(i int, dst []any) []any) error {
	if n == 0 {
		return nil
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",")
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO "+table+" ("+strings.Join(cols, ", ")+") VALUES ("+marks+")")
	if err != nil {
		return err
	}
	defer stmt.Close()
	args := make([]any, 0, len(cols))
	for i := 0; i < n; i++ {
		args = row(i, args[:0])
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	return nil
}

// bulkInsert writes many rows in a bulk transaction the fastest way each
// engine has. SQLite: one prepared single-row INSERT per row, which needs
// no statement journal (a multi-row one does), and in-process calls cost
// nothing like network round trips. PostgreSQL: COPY.
func (db *DB) bulkInsert(ctx context.Context, tx *bulkTx, table string, cols []string, n int, row func(i int, dst []any) []any) error {
	if db.dialect.name() == "sqlite" {
		return db.insertPrepared(ctx, tx.Tx, table, cols, n, row)
	}
	return copyRows(ctx, tx, table, cols, n, row)
}

// copyRows writes n rows with PostgreSQL's COPY through the pgx connection
// under database/sql, inside the transaction open on it: several times
// faster than multi-row INSERTs for a whole province. Rows are made one at
// a time as COPY sends them, so a whole BACI year stays in bounded memory.
func copyRows(ctx context.Context, tx *bulkTx, table string, cols []string, n int, row func(i int, dst []any) []any) error {
	if n == 0 {
		return nil
	}
	i := 0
	buf := make([]any, 0, len(cols))
	return tx.conn.Raw(func(dc any) error {
		_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromFunc(func() ([]any, error) {
			if i >= n {
				return nil, nil
			}
			buf = row(i, buf[:0]) // COPY encodes the row before asking for the next
			i++
			return buf, nil
		}))
		return err
	})
}
