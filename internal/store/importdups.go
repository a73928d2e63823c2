package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/siapekspor/siapekspor"
)

// PriorImport is an earlier import of the same file (by its SHA-256).
type PriorImport struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	Office string    `json:"office"` // the office of whoever ran it, else who ran it
}

// ImportOfFile returns the latest import, not undone, of the file with this
// SHA-256, or nil. Every office is asked, not only the actor's: a list
// imported by another office is the same list; the answer names only the
// import's number, date and office.
func (db *DB) ImportOfFile(ctx context.Context, sha256 string) (*PriorImport, error) {
	if sha256 == "" {
		return nil, nil
	}
	var p PriorImport
	err := db.read.QueryRowContext(ctx, `SELECT m.id, m.at, COALESCE(o.name, m.actor) FROM imports m LEFT JOIN organisations o ON o.id = m.org_id
		WHERE m.file_sha256 = $1 AND m.undone_at IS NULL ORDER BY m.id DESC LIMIT 1`, sha256).Scan(&p.ID, &p.At, &p.Office)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p.At = p.At.UTC()
	return &p, nil
}

// Decisions on a possible duplicate.
const (
	DecisionMerge = "merged" // the same enterprise: the imported record is merged into the existing one
	DecisionKeep  = "kept"   // different enterprises: both stay
)

// PossibleDuplicate is a row an import brought in whose name matches another
// enterprise's in the same village, district or regency, with the officer's
// decision. A record outside the actor's scope is not named.
type PossibleDuplicate struct {
	ID            int64      `json:"id"`
	ImportID      int64      `json:"import_id"`
	Line          int        `json:"line"`
	By            string     `json:"by"`
	EnterpriseID  int64      `json:"enterprise_id"`
	Name          string     `json:"name,omitempty"`
	ExistingID    int64      `json:"existing_id,omitempty"`
	ExistingName  string     `json:"existing_name,omitempty"`
	ExistingLine  int        `json:"existing_line,omitempty"`
	OutsideScope  bool       `json:"outside_scope,omitempty"`
	Gone          bool       `json:"gone,omitempty"` // either record was deleted since
	Decision      string     `json:"decision"`       // "", merged or kept
	DecidedAt     *time.Time `json:"decided_at,omitempty"`
	DecidedBy     string     `json:"decided_by,omitempty"`
	enterpriseRaw int64
	existingRaw   int64
}

// Open says whether the duplicate still waits for a decision.
func (p *PossibleDuplicate) Open() bool { return p.Decision == "" }

// CanMerge says whether the actor may merge the two records.
func (p *PossibleDuplicate) CanMerge() bool { return p.Open() && !p.Gone && !p.OutsideScope }

const possibleSelect = `SELECT p.id, p.import_id, p.line, p.match_by, p.enterprise_id, p.existing_id, p.existing_line, p.decision, p.decided_at, p.decided_by
	FROM import_possible_duplicates p`

func scanPossible(s interface{ Scan(...any) error }) (*PossibleDuplicate, error) {
	var p PossibleDuplicate
	var at sql.NullTime
	if err := s.Scan(&p.ID, &p.ImportID, &p.Line, &p.By, &p.enterpriseRaw, &p.existingRaw, &p.ExistingLine, &p.Decision, &at, &p.DecidedBy); err != nil {
		return nil, err
	}
	if at.Valid {
		t := at.Time.UTC()
		p.DecidedAt = &t
	}
	return &p, nil
}

// namePossible fills in the records' names as the actor may see them.
func (db *DB) namePossible(ctx context.Context, q queryer, p *PossibleDuplicate) error {
	scope := siapekspor.ScopeOf(siapekspor.ActorFrom(ctx))
	p.EnterpriseID = p.enterpriseRaw
	for _, side := range []struct {
		id   int64
		name *string
	}{{p.enterpriseRaw, &p.Name}, {p.existingRaw, &p.ExistingName}} {
		e, err := db.enterprise(ctx, q, side.id)
		if siapekspor.ErrorCodeOf(err) == siapekspor.ENotFound {
			p.Gone = true
			continue
		}
		if err != nil {
			return err
		}
		if side.id == p.enterpriseRaw {
			// Ids are reused: the imported record is the one carrying the import's id.
			var own int
			if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM enterprises WHERE id = $1 AND import_id = $2`, side.id, p.ImportID).Scan(&own); err != nil {
				return err
			}
			if own == 0 {
				p.Gone = true
				continue
			}
		}
		if !scope.Contains(e) {
			p.OutsideScope = true
			continue
		}
		*side.name = e.Name
	}
	if !p.OutsideScope {
		p.ExistingID = p.existingRaw
	}
	return nil
}

// PossibleDuplicates lists an import's possible duplicates, by line.
func (db *DB) PossibleDuplicates(ctx context.Context, importID int64) ([]PossibleDuplicate, error) {
	if _, err := db.ownImport(ctx, db.read, importID); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, possibleSelect+` WHERE p.import_id = $1 ORDER BY p.line, p.id`, importID)
	if err != nil {
		return nil, err
	}
	var out []PossibleDuplicate
	for rows.Next() {
		p, err := scanPossible(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, *p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := db.namePossible(ctx, db.read, &out[i]); err != nil {
			return nil, err
		}
	}
	if out == nil {
		out = []PossibleDuplicate{}
	}
	return out, nil
}

// ImportDetail returns one import of the actor's office with its possible
// duplicates.
func (db *DB) ImportDetail(ctx context.Context, id int64) (*ImportRecord, []PossibleDuplicate, error) {
	rec, err := db.Import(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	list, err := db.PossibleDuplicates(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return rec, list, nil
}

// PossibleDuplicate returns one of an import's possible duplicates.
func (db *DB) PossibleDuplicate(ctx context.Context, importID, id int64) (*PossibleDuplicate, error) {
	return db.possible(ctx, db.read, importID, id)
}

func (db *DB) possible(ctx context.Context, q queryer, importID, id int64) (*PossibleDuplicate, error) {
	if _, err := db.ownImport(ctx, q, importID); err != nil {
		return nil, err
	}
	p, err := scanPossible(q.QueryRowContext(ctx, possibleSelect+` WHERE p.import_id = $1 AND p.id = $2`, importID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("possible_duplicate")
	}
	if err != nil {
		return nil, err
	}
	return p, db.namePossible(ctx, q, p)
}

// mergeBlockers are the tables whose rows about an enterprise a merge would
// lose with the imported record: it is merged only while it has none.
var mergeBlockers = []string{"products", "certificates", "assessments", "enrolments", "mentor_assignments", "assistance_cases", "mentoring_activities"}

// DecidePossibleDuplicate records an officer's decision on a possible
// duplicate, in one transaction with its audit entry. DecisionKeep leaves
// both records. DecisionMerge copies the imported record's non-empty values
// onto the existing one (as an import's update does) and deletes the
// imported record; the import's undo then gives the existing record its
// earlier values back. A decision is taken once; a merge is refused when
// either record is gone or outside the actor's scope, or when the imported
// record has gathered products, certificates or programme records since.
func (db *DB) DecidePossibleDuplicate(ctx context.Context, importID, id int64, decision string) (*PossibleDuplicate, error) {
	if decision != DecisionMerge && decision != DecisionKeep {
		return nil, siapekspor.Errorf(siapekspor.EInvalid, "import.bad_decision")
	}
	var out *PossibleDuplicate
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		rec, err := db.ownImport(ctx, tx, importID)
		if err != nil {
			return err
		}
		if rec.UndoneAt != nil {
			return siapekspor.Errorf(siapekspor.EConflict, "import.already_undone")
		}
		p, err := db.possible(ctx, tx, importID, id)
		if err != nil {
			return err
		}
		if !p.Open() {
			return siapekspor.Errorf(siapekspor.EConflict, "import.already_decided")
		}
		now := db.now()
		a := siapekspor.ActorFrom(ctx)
		audit := map[string]any{"import": importID, "line": p.Line, "by": p.By, "decision": decision,
			"enterprise_id": p.enterpriseRaw, "existing_id": p.existingRaw}
		if decision == DecisionMerge {
			if err := db.mergePossible(ctx, tx, rec, p, now); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE import_possible_duplicates SET decision = $1, decided_at = $2, decided_by = $3 WHERE id = $4`,
			decision, now, a.Label, id); err != nil {
			return err
		}
		p.Decision, p.DecidedAt, p.DecidedBy = decision, &now, a.Label
		out = p
		if decision == DecisionMerge {
			return db.audit(ctx, tx, "possible_duplicate_merged", "import", importID, nil, audit)
		}
		return db.audit(ctx, tx, "possible_duplicate_kept", "import", importID, nil, audit)
	})
	if err != nil {
		return nil, db.mapWriteError(err)
	}
	return out, nil
}

// mergePossible merges the imported record of p into the existing one.
func (db *DB) mergePossible(ctx context.Context, tx *sql.Tx, rec *ImportRecord, p *PossibleDuplicate, now time.Time) error {
	if p.Gone {
		return siapekspor.Errorf(siapekspor.EConflict, "import.merge_gone")
	}
	if p.OutsideScope {
		return siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden_enterprise")
	}
	imported, err := db.enterprise(ctx, tx, p.enterpriseRaw)
	if err != nil {
		return err
	}
	existing, err := db.enterprise(ctx, tx, p.existingRaw)
	if err != nil {
		return err
	}
	for _, t := range mergeBlockers {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t+` WHERE enterprise_id = $1`, imported.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return siapekspor.Errorf(siapekspor.EConflict, "import.merge_has_records", imported.Name)
		}
	}
	merged := *existing
	siapekspor.MergeImported(&merged, imported)
	if err := db.prepareEnterprise(&merged); err != nil {
		return err
	}
	// The imported record goes first: its NIB may move to the existing one.
	if err := db.unindexEnterprise(ctx, tx, imported.ID); err != nil {
		return err
	}
	if err := db.recount(ctx, tx, -1, countWhole, "e.id = $1", imported.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM enterprises WHERE id = $1`, imported.ID); err != nil {
		return err
	}
	if err := db.updateEnterpriseRow(ctx, tx, &merged, now); err != nil {
		return err
	}
	// The import's undo must still fit: an existing record the import made
	// (an earlier line) moves its expected version on; one it did not make
	// is restored to its values before the merge.
	res, err := tx.ExecContext(ctx, `UPDATE import_items SET version_after = $1 WHERE import_id = $2 AND enterprise_id = $3`,
		existing.Version+1, rec.ID, existing.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO import_items (import_id, enterprise_id, action, version_after, before_json) VALUES ($1, $2, 'updated', $3, $4)`,
			rec.ID, existing.ID, existing.Version+1, toJSON(existing)); err != nil {
			return err
		}
	}
	// Later rows that matched the imported record now match the existing one.
	if _, err := tx.ExecContext(ctx, `UPDATE import_possible_duplicates SET existing_id = $1 WHERE import_id = $2 AND existing_id = $3`,
		existing.ID, rec.ID, imported.ID); err != nil {
		return err
	}
	return db.audit(ctx, tx, "merge", "enterprise", existing.ID, existing, &merged)
}
