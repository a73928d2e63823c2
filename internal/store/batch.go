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

// insertPrepared inserts n rows with prepared statements: one of many rows
// (up to 100, as the bare baseline does) while that many are left, then
// one of a row. A statement of many rows costs SQLite a statement journal
// (in memory here) but saves a call through database/sql and the driver
// per row, which cost more.
func insertPrepared(ctx context.Context, tx *sql.Tx, table string, cols []string, n int, row rowFunc) error {
	if n == 0 {
		return nil
	}
	per := min(100, 30000/len(cols))
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	i := 0
	if n >= per {
		many, err := tx.PrepareContext(ctx, head+strings.TrimSuffix(strings.Repeat(one+",", per), ","))
		if err != nil {
			return err
		}
		defer many.Close()
		args := make([]any, 0, per*len(cols))
		for ; i+per <= n; i += per {
			args = args[:0]
			for j := i; j < i+per; j++ {
				args = row(j, args)
			}
			if _, err := many.ExecContext(ctx, args...); err != nil {
				return err
			}
		}
	}
	if i == n {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, head+one)
	if err != nil {
		return err
	}
	defer stmt.Close()
	args := make([]any, 0, len(cols))
	for ; i < n; i++ {
		args = row(i, args[:0])
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	return nil
}

// bulkInsert writes many rows in a bulk transaction the fastest way each
// engine has. SQLite: prepared multi-row INSERTs (insertPrepared).
// PostgreSQL: COPY.
func (db *DB) bulkInsert(ctx context.Context, tx *bulkTx, table string, cols []string, n int, row func(i int, dst []any) []any) error {
	return db.dialect.insertRows(ctx, tx, table, cols, n, row)
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
