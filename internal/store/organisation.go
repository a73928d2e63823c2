package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/siapekspor/siapekspor"
)

var _ siapekspor.OrganisationService = (*DB)(nil)

const organisationColumns = `id, name, kind, region_code, enterprise_id, created_at, updated_at`

func scanOrganisation(s interface{ Scan(...any) error }) (*siapekspor.Organisation, error) {
	var o siapekspor.Organisation
	var ent sql.NullInt64
	if err := s.Scan(&o.ID, &o.Name, &o.Kind, &o.RegionCode, &ent, &o.CreatedAt, &o.UpdatedAt); err != nil {
		return nil, err
	}
	if ent.Valid {
		o.EnterpriseID = &ent.Int64
	}
	o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	return &o, nil
}

// Organisation returns one organisation.
func (db *DB) Organisation(ctx context.Context, id int64) (*siapekspor.Organisation, error) {
	o, err := scanOrganisation(db.readQueryRow(ctx, `SELECT `+organisationColumns+` FROM organisations WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("organisation")
	}
	return o, err
}

// ListOrganisations returns organisations by name, optionally of some kinds.
func (db *DB) ListOrganisations(ctx context.Context, f siapekspor.OrganisationFilter) ([]siapekspor.Organisation, error) {
	w := &where{}
	if len(f.Kinds) > 0 {
		args := make([]any, len(f.Kinds))
		marks := make([]byte, 0, 2*len(f.Kinds))
		for i, k := range f.Kinds {
			args[i] = k
			if i > 0 {
				marks = append(marks, ',')
			}
			marks = append(marks, '?')
		}
		w.add("kind IN ("+string(marks)+")", args...)
	}
	rows, err := db.readQuery(ctx, `SELECT `+organisationColumns+` FROM organisations`+w.sql()+` ORDER BY name, id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []siapekspor.Organisation{}
	for rows.Next() {
		o, err := scanOrganisation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *o)
	}
	return out, rows.Err()
}

// CreateOrganisation validates and stores a new organisation.
func (db *DB) CreateOrganisation(ctx context.Context, o *siapekspor.Organisation) error {
	if err := o.Validate(db.ref); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		var ent any
		if o.EnterpriseID != nil {
			ent = *o.EnterpriseID
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO organisations (name, kind, region_code, enterprise_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, o.Name, o.Kind, o.RegionCode, ent, now, now).Scan(&o.ID)
		if err != nil {
			return err
		}
		o.CreatedAt, o.UpdatedAt = now, now
		return db.audit(ctx, tx, "create", "organisation", o.ID, nil, o)
	})
}

// UpdateOrganisation stores an organisation's name, kind and region.
func (db *DB) UpdateOrganisation(ctx context.Context, o *siapekspor.Organisation) error {
	if err := o.Validate(db.ref); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanOrganisation(tx.QueryRowContext(ctx, `SELECT `+organisationColumns+` FROM organisations WHERE id = $1`, o.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("organisation")
		}
		if err != nil {
			return err
		}
		var ent any
		if o.EnterpriseID != nil {
			ent = *o.EnterpriseID
		}
		now := db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE organisations SET name = $1, kind = $2, region_code = $3, enterprise_id = $4, updated_at = $5 WHERE id = $6`,
			o.Name, o.Kind, o.RegionCode, ent, now, o.ID); err != nil {
			return err
		}
		o.CreatedAt, o.UpdatedAt = before.CreatedAt, now
		// The region and kind decide what the organisation's users reach.
		action := "update"
		if before.RegionCode != o.RegionCode || before.Kind != o.Kind {
			action = "permission_change"
		}
		return db.audit(ctx, tx, action, "organisation", o.ID, before, o)
	})
}
