package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/trade"
)

// The requirements catalogue lives in the database: shipped entries are
// seeded once (and new shipped entries added later), admins' edits stay.

const requirementsVersionKey = "requirements_version"

// seedRequirements adds the shipped requirements the table lacks, when the
// shipped catalogue changed (so one an admin deleted stays deleted until a
// new release ships it again).
func (db *DB) seedRequirements(ctx context.Context) error {
	reqs, err := market.ShippedRequirements()
	if err != nil {
		return err
	}
	b, _ := json.Marshal(reqs)
	sum := sha256.Sum256(b)
	version := hex.EncodeToString(sum[:8])
	if have, err := db.Setting(ctx, requirementsVersionKey); err != nil || have == version {
		return err
	}
	now := db.now()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, r := range reqs {
			b, err := json.Marshal(r)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO market_requirements (id, destination, hs_prefixes, body_json, source_url, last_checked, shipped, updated_at, actor)
				VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7, 'system') ON CONFLICT (id) DO NOTHING`,
				r.ID, r.Destination, strings.Join(r.HSPrefixes, ","), string(b), r.SourceURL, r.LastChecked.String(), now); err != nil {
				return err
			}
		}
		// Seeded with the rows, so a failed seed is tried again next start.
		return setSetting(ctx, tx, requirementsVersionKey, version)
	})
}

// RequirementRecord is a stored requirement with who last changed it.
type RequirementRecord struct {
	market.Requirement
	Shipped   bool   `json:"shipped"`
	UpdatedBy string `json:"updated_by"`
	Version   int    `json:"version"`
}

const requirementSelect = `SELECT body_json, shipped, actor, version FROM market_requirements`

func scanRequirement(s interface{ Scan(...any) error }) (*RequirementRecord, error) {
	var body string
	var r RequirementRecord
	if err := s.Scan(&body, &r.Shipped, &r.UpdatedBy, &r.Version); err != nil {
		return nil, err
	}
	return &r, json.Unmarshal([]byte(body), &r.Requirement)
}

// Requirements returns the catalogue, by destination and id: all of it, or
// the entries that apply to a destination (a country's own and its groups',
// or a group's).
func (db *DB) Requirements(ctx context.Context, destination string) ([]RequirementRecord, error) {
	// A destination's entries are its own and its groups': only those rows
	// are read and decoded (each a JSON body of 1–2 kB), not the catalogue.
	q, args := requirementSelect+` ORDER BY destination, id`, []any{}
	if destination != "" {
		args = append(args, destination)
		for g, members := range market.Groups {
			if slices.Contains(members, destination) {
				args = append(args, g)
			}
		}
		q = requirementSelect + ` WHERE destination IN (` + placeholders(1, len(args)) + `) ORDER BY destination, id`
	}
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []RequirementRecord{}
	for rows.Next() {
		r, err := scanRequirement(rows)
		if err != nil {
			return nil, err
		}
		if destination == "" || r.AppliesTo(destination) {
			out = append(out, *r)
		}
	}
	return out, rows.Err()
}

// RequirementList returns the catalogue as the ranking and gap read it.
func (db *DB) RequirementList(ctx context.Context) ([]market.Requirement, error) {
	return db.requirementsFor(ctx, "")
}

// RequirementDestinations lists the destinations (groups spelt out) that
// the catalogue holds requirements for that cover an HS code: a ranking
// page links those to their requirements. It reads each entry's
// destination and codes, not its body (38 JSON bodies decoded per request
// were a sixth of the ranking page's CPU).
func (db *DB) RequirementDestinations(ctx context.Context, hs string) (map[string]bool, error) {
	rows, err := db.readQuery(ctx, `SELECT destination, hs_prefixes FROM market_requirements`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	clean := trade.CleanHS(hs)
	for rows.Next() {
		var dest string
		var prefixes sql.RawBytes
		if err := rows.Scan(&dest, &prefixes); err != nil {
			return nil, err
		}
		if !market.CoversHSList(string(prefixes), clean) {
			continue
		}
		out[dest] = true
		for _, m := range market.Groups[dest] {
			out[m] = true
		}
	}
	return out, rows.Err()
}

// requirementsFor is the part of the catalogue that applies to a
// destination ("" for all of it).
func (db *DB) requirementsFor(ctx context.Context, destination string) ([]market.Requirement, error) {
	recs, err := db.Requirements(ctx, destination)
	if err != nil {
		return nil, err
	}
	out := make([]market.Requirement, len(recs))
	for i, r := range recs {
		out[i] = r.Requirement
	}
	return out, nil
}

// Requirement returns one requirement.
func (db *DB) Requirement(ctx context.Context, id string) (*RequirementRecord, error) {
	r, err := scanRequirement(db.read.QueryRowContext(ctx, requirementSelect+` WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("requirement")
	}
	return r, err
}

// SaveRequirement validates and stores a requirement, new (version 0) or
// edited (at its current version). One without a source is refused.
func (db *DB) SaveRequirement(ctx context.Context, r *market.Requirement, version int) (*RequirementRecord, error) {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermMarketAdmin) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	var out *RequirementRecord
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanRequirement(tx.QueryRowContext(ctx, requirementSelect+` WHERE id = $1`, r.ID))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			before = nil
			if version != 0 {
				return notFound("requirement")
			}
		case err != nil:
			return err
		case version == 0:
			return siapekspor.FieldInvalid("id", "market.requirement_exists")
		case before.Version != version:
			return siapekspor.Errorf(siapekspor.EConflict, "error.stale_version")
		}
		if err := db.putRequirement(ctx, tx, r); err != nil {
			return err
		}
		out, err = scanRequirement(tx.QueryRowContext(ctx, requirementSelect+` WHERE id = $1`, r.ID))
		if err != nil {
			return err
		}
		var b any
		if before != nil {
			b = before
		}
		return db.audit(ctx, tx, "update", "requirement", 0, b, out)
	})
	return out, err
}

func (db *DB) putRequirement(ctx context.Context, q queryer, r *market.Requirement) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	a := siapekspor.ActorFrom(ctx)
	_, err = q.ExecContext(ctx, `INSERT INTO market_requirements (id, destination, hs_prefixes, body_json, source_url, last_checked, shipped, updated_at, actor)
		VALUES ($1, $2, $3, $4, $5, $6, FALSE, $7, $8) ON CONFLICT (id) DO UPDATE SET destination = excluded.destination,
		hs_prefixes = excluded.hs_prefixes, body_json = excluded.body_json, source_url = excluded.source_url, last_checked = excluded.last_checked,
		updated_at = excluded.updated_at, actor = excluded.actor, version = market_requirements.version + 1`,
		r.ID, r.Destination, strings.Join(r.HSPrefixes, ","), string(b), r.SourceURL, r.LastChecked.String(), db.now(), a.Label)
	return err
}

// ImportRequirements stores a whole file of requirements, new or replacing
// those with the same ids, in one transaction: all, or none when any is
// refused (the loader has already reported every problem by line).
func (db *DB) ImportRequirements(ctx context.Context, reqs []market.Requirement) error {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermMarketAdmin) {
		return siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	for i := range reqs {
		if err := reqs[i].Validate(); err != nil {
			return err
		}
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for i := range reqs {
			if err := db.putRequirement(ctx, tx, &reqs[i]); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, "import", "requirement", 0, nil, map[string]any{"requirements": len(reqs)})
	})
}

// DeleteRequirement removes a requirement from the catalogue.
func (db *DB) DeleteRequirement(ctx context.Context, id string) error {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermMarketAdmin) {
		return siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanRequirement(tx.QueryRowContext(ctx, requirementSelect+` WHERE id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("requirement")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM market_requirements WHERE id = $1`, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, "delete", "requirement", 0, before, nil)
	})
}
