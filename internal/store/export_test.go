package store

import (
	"context"
	"database/sql"
)

// QueryRowForTest lets tests outside the package read tables directly.
func (db *DB) QueryRowForTest(ctx context.Context, q string, args ...any) *sql.Row {
	return db.read.QueryRowContext(ctx, q, args...)
}

// QueryForTest lets tests outside the package read tables directly.
func (db *DB) QueryForTest(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return db.read.QueryContext(ctx, q, args...)
}
