package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

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

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	UserID     int64     `json:"user_id,omitempty"`
	Actor      string    `json:"actor"`
	RemoteAddr string    `json:"remote_addr"`
	Action     string    `json:"action"`
	Entity     string    `json:"entity"`
	EntityID   int64     `json:"entity_id,omitempty"`
	Before     string    `json:"before,omitempty"`
	After      string    `json:"after,omitempty"`
}

// AuditFilter selects audit entries. Empty fields do not filter.
type AuditFilter struct {
	Actor    string // e-mail or "system", exact
	Action   string
	Entity   string
	EntityID int64
	From, To time.Time // [From, To)
	Limit    int
	Offset   int
}

// ListAudit returns audit entries newest first, with personal data masked:
// the log keeps what changed, and its readers see that a NIK changed, not
// the NIK.
func (db *DB) ListAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, int, error) {
	w := &where{}
	if f.Actor != "" {
		w.add("actor = ?", f.Actor)
	}
	if f.Action != "" {
		w.add("action = ?", f.Action)
	}
	if f.Entity != "" {
		w.add("entity = ?", f.Entity)
	}
	if f.EntityID != 0 {
		w.add("entity_id = ?", f.EntityID)
	}
	if !f.From.IsZero() {
		w.add("at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		w.add("at < ?", f.To.UTC())
	}
	var total int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 || f.Limit > 10000 {
		f.Limit = 100
	}
	rows, err := db.read.QueryContext(ctx, fmt.Sprintf(`SELECT id, at, COALESCE(user_id, 0), actor, remote_addr, action, entity, COALESCE(entity_id, 0), before_json, after_json
		FROM audit_log%s ORDER BY id DESC LIMIT %d OFFSET %d`, w.sql(), f.Limit, max(f.Offset, 0)), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []AuditEntry{}
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.UserID, &e.Actor, &e.RemoteAddr, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After); err != nil {
			return nil, 0, err
		}
		e.At = e.At.UTC()
		e.Before, e.After = maskJSON(e.Before), maskJSON(e.After)
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// personalKeys are the JSON fields holding personal data in audited records.
var personalKeys = map[string]bool{"owner_nik": true, "npwp": true, "phone": true, "address": true, "lat": true, "lng": true, "remote_addr": false}

// maskJSON replaces personal values in a JSON object with a mark.
func maskJSON(s string) string {
	if s == "" || s[0] != '{' {
		return s
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return s
	}
	for k, v := range m {
		if personalKeys[k] && v != nil && v != "" {
			m[k] = siapekspor.Masked
		}
	}
	b, _ := json.Marshal(m)
	return string(b)
}
