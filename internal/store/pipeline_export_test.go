package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/siapekspor/siapekspor"
)

// InsertMatchesForTest stores matches of one request for products, each
// at the step steps(i) gives, with one history row, in one transaction
// (the pipeline benchmark's 10,000 matches without ranking each).
func (db *DB) InsertMatchesForTest(ctx context.Context, requestID int64, products []int64, steps func(i int) siapekspor.MatchStep) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		at := db.now().Add(-time.Duration(len(products)) * time.Minute)
		for i, pid := range products {
			s := steps(i)
			var from siapekspor.MatchStep
			reason := ""
			if s == siapekspor.StepLost {
				from, reason = siapekspor.StepNegotiation, "price"
			}
			t := at.Add(time.Duration(i) * time.Minute)
			var id int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO matches (request_id, enterprise_id, product_id, step, lost_reason, lost_from, step_at, created_at, updated_at)
				SELECT $1, enterprise_id, id, $2, $3, $4, $5, $5, $5 FROM products WHERE id = $6 RETURNING id`,
				requestID, string(s), reason, string(from), t, pid).Scan(&id); err != nil {
				return err
			}
			if err := db.recordStep(ctx, tx, id, "", s, "", reason); err != nil {
				return err
			}
		}
		return nil
	})
}
