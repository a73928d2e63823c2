package store

import (
	"context"
	"encoding/json"

	"github.com/siapekspor/siapekspor"
)

// audit records one change in the audit log, inside the caller's transaction
// so that a change and its record are stored together or not at all.
// before and after are marshalled to JSON; nil means none.
func (db *DB) audit(ctx context.Context, q queryer, action, entity string, entityID int64, before, after any) error {
	a := siapekspor.ActorFrom(ctx)
	var userID any
	if a.UserID != 0 {
		userID = a.UserID
	}
	var eid any
	if entityID != 0 {
		eid = entityID
	}
	_, err := q.ExecContext(ctx, `INSERT INTO audit_log (at, user_id, actor, remote_addr, action, entity, entity_id, before_json, after_json)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		db.now(), userID, a.Label, a.RemoteAddr, action, entity, eid, toJSON(before), toJSON(after))
	return err
}

func toJSON(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
