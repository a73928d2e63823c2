package store

import (
	"context"
	"time"
)

// CandidateQueryForTest runs the SQL a store without the snapshot would
// run for a request pre-filtered by HS heading: the products whose code
// starts with the prefix, with their enterprise and latest readiness, read
// to the end. It returns the rows read.
func (db *DB) CandidateQueryForTest(ctx context.Context, prefix string) (int, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT p.id, p.enterprise_id, p.name_id, p.name_en, p.description_id, p.description_en, p.hs_code,
		p.unit, p.capacity_per_month, p.min_order, p.validation, e.regency_code, COALESCE(r.level, ''), COALESCE(r.overall, 0)
		FROM products p JOIN enterprises e ON e.id = p.enterprise_id LEFT JOIN enterprise_readiness r ON r.enterprise_id = e.id
		WHERE p.hs_code LIKE $1`, prefix+"%")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id, eid int64
		var a, b, c, d, hs, unit, val, reg, level string
		var capacity, minOrder, overall float64
		if err := rows.Scan(&id, &eid, &a, &b, &c, &d, &hs, &unit, &capacity, &minOrder, &val, &reg, &level, &overall); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// SnapshotBuildForTest rebuilds the candidate snapshot and says how long
// it took and how many products it holds.
func (db *DB) SnapshotBuildForTest(ctx context.Context) (int, error) {
	db.matches.mu.Lock()
	db.matches.snap = nil
	db.matches.mu.Unlock()
	s, err := db.candidates(ctx)
	if err != nil {
		return 0, err
	}
	return len(s.products), nil
}

// SnapshotIdleForTest sets how long a snapshot may go unread before it is
// let go, and says whether one is held now.
func (db *DB) SnapshotIdleForTest(idle time.Duration) (held bool) {
	db.matches.mu.Lock()
	defer db.matches.mu.Unlock()
	if idle > 0 {
		db.matches.idle = idle
		if db.matches.timer != nil {
			db.matches.timer.Reset(idle)
		}
	}
	return db.matches.snap != nil
}
