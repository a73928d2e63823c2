package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
)

// ImportLayout is an office's saved reading of its files: the header rows
// a person picked and the column (0-based) each field comes from. A later
// file whose rows at those lines read the same (Signature) is read so.
type ImportLayout struct {
	ID         int64          `json:"id"`
	Name       string         `json:"name"`
	Signature  string         `json:"signature"`
	HeaderRows [2]int         `json:"header_rows"`
	Columns    map[string]int `json:"columns"`
	CreatedAt  time.Time      `json:"created_at"`
	CreatedBy  string         `json:"created_by"`
}

// maxLayouts bounds an office's saved layouts (each is compared with an
// uploaded file's first rows).
const maxLayouts = 100

// SaveImportLayout keeps a layout for the actor's office, replacing one of
// the same name.
func (db *DB) SaveImportLayout(ctx context.Context, l *ImportLayout) error {
	l.Name = strings.TrimSpace(l.Name)
	if l.Name == "" || len(l.Name) > 200 {
		return siapekspor.FieldInvalid("layout_name", "field.required")
	}
	a := siapekspor.ActorFrom(ctx)
	cols, err := json.Marshal(l.Columns)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM import_layouts WHERE org_id = $1 AND name <> $2`, a.OrgID, l.Name).Scan(&n); err != nil {
			return err
		}
		if n >= maxLayouts {
			return siapekspor.Errorf(siapekspor.EConflict, "import.too_many_layouts", maxLayouts)
		}
		now := db.now()
		err := tx.QueryRowContext(ctx, `INSERT INTO import_layouts (org_id, name, signature, header_first, header_last, columns_json, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (org_id, name) DO UPDATE SET signature = excluded.signature, header_first = excluded.header_first,
				header_last = excluded.header_last, columns_json = excluded.columns_json, created_at = excluded.created_at, created_by = excluded.created_by
			RETURNING id`, a.OrgID, l.Name, l.Signature, l.HeaderRows[0], l.HeaderRows[1], string(cols), now, a.Label).Scan(&l.ID)
		if err != nil {
			return err
		}
		l.CreatedAt, l.CreatedBy = now, a.Label
		return db.audit(ctx, tx, "save_import_layout", "import_layout", l.ID, nil, l)
	})
}

// ImportLayouts lists the layouts of the actor's office, by name.
func (db *DB) ImportLayouts(ctx context.Context) ([]ImportLayout, error) {
	a := siapekspor.ActorFrom(ctx)
	rows, err := db.read.QueryContext(ctx, `SELECT id, name, signature, header_first, header_last, columns_json, created_at, created_by
		FROM import_layouts WHERE org_id = $1 ORDER BY name LIMIT $2`, a.OrgID, maxLayouts)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ImportLayout{}
	for rows.Next() {
		var l ImportLayout
		var cols string
		if err := rows.Scan(&l.ID, &l.Name, &l.Signature, &l.HeaderRows[0], &l.HeaderRows[1], &cols, &l.CreatedAt, &l.CreatedBy); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(cols), &l.Columns); err != nil {
			return nil, err
		}
		l.CreatedAt = l.CreatedAt.UTC()
		out = append(out, l)
	}
	return out, rows.Err()
}
