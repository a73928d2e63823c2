package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/placement"
	"github.com/siapekspor/siapekspor/internal/readiness"
)

// managedProgramme reads a programme the actor manages; open refuses a
// finished one (its enrolments, placement and results are final).
func (db *DB) managedProgramme(ctx context.Context, q queryer, id int64, open bool) (*siapekspor.Programme, error) {
	p, err := db.programme(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if err := siapekspor.CanManageProgramme(siapekspor.ActorFrom(ctx), p); err != nil {
		return nil, err
	}
	if open && p.Status == siapekspor.ProgrammeFinished {
		return nil, siapekspor.Errorf(siapekspor.EConflict, "training.programme_finished")
	}
	return p, nil
}

func canReadTraining(ctx context.Context) error {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermTrainingRead) {
		return siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	return nil
}

const programmeColumns = `p.id, p.name, p.year, p.organiser_org_id, p.description, p.stages, p.seats_per_class, p.attendance_pct,
	p.regency_cap_pct, p.status, p.created_at, p.updated_at, p.version, COALESCE(o.name, '')`

const programmeFrom = `FROM programmes p LEFT JOIN organisations o ON o.id = p.organiser_org_id`

func scanProgramme(s interface{ Scan(...any) error }) (*siapekspor.Programme, error) {
	var p siapekspor.Programme
	var org sql.NullInt64
	err := s.Scan(&p.ID, &p.Name, &p.Year, &org, &p.Description, &p.Stages, &p.SeatsPerClass, &p.AttendancePct,
		&p.RegencyCapPct, &p.Status, &p.CreatedAt, &p.UpdatedAt, &p.Version, &p.OrganiserName)
	if err != nil {
		return nil, err
	}
	if org.Valid {
		p.OrganiserID = &org.Int64
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return &p, nil
}

// CreateProgramme stores a programme with its stages and, in each stage,
// the three classes with the programme's seats.
func (db *DB) CreateProgramme(ctx context.Context, p *siapekspor.Programme) error {
	a := siapekspor.ActorFrom(ctx)
	if p.OrganiserID == nil && a.OrgID != 0 {
		p.OrganiserID = &a.OrgID
	}
	p.Status = siapekspor.ProgrammePlanning
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	if err := siapekspor.CanManageProgramme(siapekspor.ActorFrom(ctx), p); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		err := tx.QueryRowContext(ctx, `INSERT INTO programmes (name, year, organiser_org_id, description, stages, seats_per_class, attendance_pct,
			regency_cap_pct, status, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, 1) RETURNING id`,
			p.Name, p.Year, p.OrganiserID, p.Description, p.Stages, p.SeatsPerClass, p.AttendancePct, p.RegencyCapPct, string(p.Status), now).Scan(&p.ID)
		if err != nil {
			return err
		}
		for n := 1; n <= p.Stages; n++ {
			var stageID int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO training_stages (programme_id, number) VALUES ($1, $2) RETURNING id`, p.ID, n).Scan(&stageID); err != nil {
				return err
			}
			for _, l := range siapekspor.TrainingLevels {
				if _, err := tx.ExecContext(ctx, `INSERT INTO training_classes (programme_id, stage_id, level, seats) VALUES ($1, $2, $3, $4)`,
					p.ID, stageID, string(l), p.SeatsPerClass); err != nil {
					return err
				}
			}
		}
		p.CreatedAt, p.UpdatedAt, p.Version = now, now, 1
		return db.audit(ctx, tx, "create", "programme", p.ID, nil, p)
	})
}

// Programme returns one programme.
func (db *DB) Programme(ctx context.Context, id int64) (*siapekspor.Programme, error) {
	if err := canReadTraining(ctx); err != nil {
		return nil, err
	}
	return db.programme(ctx, db.read, id)
}

func (db *DB) programme(ctx context.Context, q queryer, id int64) (*siapekspor.Programme, error) {
	p, err := scanProgramme(q.QueryRowContext(ctx, `SELECT `+programmeColumns+` `+programmeFrom+` WHERE p.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("programme")
	}
	return p, err
}

// ListProgrammes returns programmes, newest year first.
func (db *DB) ListProgrammes(ctx context.Context) ([]siapekspor.Programme, error) {
	if err := canReadTraining(ctx); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+programmeColumns+` `+programmeFrom+` ORDER BY p.year DESC, p.id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []siapekspor.Programme{}
	for rows.Next() {
		p, err := scanProgramme(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, rows.Err()
}

// UpdateProgramme stores a programme's editable fields (not its number of
// stages: those are made at creation).
func (db *DB) UpdateProgramme(ctx context.Context, p *siapekspor.Programme) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := db.programme(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if err := siapekspor.CanManageProgramme(siapekspor.ActorFrom(ctx), before); err != nil {
			return err
		}
		if before.Version != p.Version {
			return siapekspor.Errorf(siapekspor.EConflict, "error.stale_version")
		}
		p.Stages, p.Status, p.CreatedAt = before.Stages, before.Status, before.CreatedAt
		p.Normalize()
		if err := p.Validate(); err != nil {
			return err
		}
		now := db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE programmes SET name = $1, year = $2, organiser_org_id = $3, description = $4, seats_per_class = $5,
			attendance_pct = $6, regency_cap_pct = $7, updated_at = $8, version = version + 1 WHERE id = $9`,
			p.Name, p.Year, p.OrganiserID, p.Description, p.SeatsPerClass, p.AttendancePct, p.RegencyCapPct, now, p.ID); err != nil {
			return err
		}
		p.UpdatedAt, p.Version = now, before.Version+1
		return db.audit(ctx, tx, "update", "programme", p.ID, before, p)
	})
}

// Stages returns a programme's stages with their classes and the number of
// seats taken in each.
func (db *DB) Stages(ctx context.Context, programmeID int64) ([]siapekspor.Stage, error) {
	if err := canReadTraining(ctx); err != nil {
		return nil, err
	}
	return db.stages(ctx, db.read, programmeID)
}

func (db *DB) stages(ctx context.Context, q queryer, programmeID int64) ([]siapekspor.Stage, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, programme_id, number, starts_on, ends_on FROM training_stages WHERE programme_id = $1 ORDER BY number`, programmeID)
	if err != nil {
		return nil, err
	}
	var stages []siapekspor.Stage
	for rows.Next() {
		var s siapekspor.Stage
		var from, to string
		if err := rows.Scan(&s.ID, &s.ProgrammeID, &s.Number, &from, &to); err != nil {
			rows.Close()
			return nil, err
		}
		s.StartsOn, s.EndsOn = parseDateText(from), parseDateText(to)
		s.Classes = []siapekspor.Class{}
		stages = append(stages, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	classes, err := db.classes(ctx, q, "c.programme_id = $1", programmeID)
	if err != nil {
		return nil, err
	}
	for _, c := range classes {
		for i := range stages {
			if stages[i].ID == c.StageID {
				stages[i].Classes = append(stages[i].Classes, c)
			}
		}
	}
	return stages, nil
}

const classSelect = `SELECT c.id, c.programme_id, c.stage_id, s.number, c.level, c.seats, c.trainer_user_id,
	COALESCE(CASE WHEN u.name <> '' THEN u.name ELSE u.email END, ''), p.name,
	(SELECT COUNT(*) FROM enrolments n WHERE n.class_id = c.id AND n.status IN ('proposed', 'invited', 'accepted'))
	FROM training_classes c JOIN training_stages s ON s.id = c.stage_id JOIN programmes p ON p.id = c.programme_id
	LEFT JOIN users u ON u.id = c.trainer_user_id`

// levelOrder sorts classes pemula, menengah, mahir in SQL.
const levelOrder = `CASE c.level WHEN 'pemula' THEN 0 WHEN 'menengah' THEN 1 ELSE 2 END`

func (db *DB) classes(ctx context.Context, q queryer, cond string, args ...any) ([]siapekspor.Class, error) {
	rows, err := q.QueryContext(ctx, classSelect+` WHERE `+cond+` ORDER BY s.number, `+levelOrder, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []siapekspor.Class{}
	for rows.Next() {
		var c siapekspor.Class
		var trainer sql.NullInt64
		if err := rows.Scan(&c.ID, &c.ProgrammeID, &c.StageID, &c.Stage, &c.Level, &c.Seats, &trainer, &c.TrainerName, &c.Programme, &c.Enrolled); err != nil {
			return nil, err
		}
		if trainer.Valid {
			c.TrainerID = &trainer.Int64
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Class returns one class.
func (db *DB) Class(ctx context.Context, id int64) (*siapekspor.Class, error) {
	if err := canReadTraining(ctx); err != nil {
		return nil, err
	}
	return db.class(ctx, db.read, id)
}

func (db *DB) class(ctx context.Context, q queryer, id int64) (*siapekspor.Class, error) {
	list, err := db.classes(ctx, q, "c.id = $1", id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound("class")
	}
	return &list[0], nil
}

// MyClasses lists the classes given to the acting trainer.
func (db *DB) MyClasses(ctx context.Context) ([]siapekspor.Class, error) {
	if err := canReadTraining(ctx); err != nil {
		return nil, err
	}
	return db.classes(ctx, db.read, "c.trainer_user_id = $1", siapekspor.ActorFrom(ctx).UserID)
}

// Stage returns one stage of a programme.
func (db *DB) Stage(ctx context.Context, id int64) (*siapekspor.Stage, error) {
	if err := canReadTraining(ctx); err != nil {
		return nil, err
	}
	return db.stage(ctx, db.read, id)
}

func (db *DB) stage(ctx context.Context, q queryer, id int64) (*siapekspor.Stage, error) {
	var s siapekspor.Stage
	var from, to string
	err := q.QueryRowContext(ctx, `SELECT id, programme_id, number, starts_on, ends_on FROM training_stages WHERE id = $1`, id).
		Scan(&s.ID, &s.ProgrammeID, &s.Number, &from, &to)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("stage")
	}
	if err != nil {
		return nil, err
	}
	s.StartsOn, s.EndsOn = parseDateText(from), parseDateText(to)
	return &s, nil
}

// UpdateStage sets a stage's dates.
func (db *DB) UpdateStage(ctx context.Context, s *siapekspor.Stage) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := db.stage(ctx, tx, s.ID)
		if err != nil {
			return err
		}
		_, err = db.managedProgramme(ctx, tx, before.ProgrammeID, false)
		if err != nil {
			return err
		}
		if s.StartsOn != nil && s.EndsOn != nil && s.EndsOn.Before(*s.StartsOn) {
			return siapekspor.FieldInvalid("ends_on", "training.stage_ends_before_start")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE training_stages SET starts_on = $1, ends_on = $2 WHERE id = $3`, dateText(s.StartsOn), dateText(s.EndsOn), s.ID); err != nil {
			return err
		}
		s.ProgrammeID, s.Number = before.ProgrammeID, before.Number
		return db.audit(ctx, tx, "update", "stage", s.ID, before, s)
	})
}

// UpdateClass sets a class's seats and trainer. Seats cannot fall below
// the enterprises already holding one.
func (db *DB) UpdateClass(ctx context.Context, c *siapekspor.Class) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := db.class(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		_, err = db.managedProgramme(ctx, tx, before.ProgrammeID, false)
		if err != nil {
			return err
		}
		var pr siapekspor.Problems
		if c.Seats < 1 || c.Seats > 200 {
			pr.Add("seats", "field.range", 1, 200)
		} else if c.Seats < before.Enrolled {
			pr.Add("seats", "training.seats_below_enrolled", before.Enrolled)
		}
		if c.TrainerID != nil {
			var role string
			err := tx.QueryRowContext(ctx, `SELECT role FROM users WHERE id = $1 AND NOT disabled`, *c.TrainerID).Scan(&role)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && role != string(siapekspor.RoleTrainer) && role != string(siapekspor.RoleOfficer) && role != string(siapekspor.RoleAdmin)) {
				pr.Add("trainer_user_id", "training.not_a_trainer")
			} else if err != nil {
				return err
			}
		}
		if err := pr.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE training_classes SET seats = $1, trainer_user_id = $2 WHERE id = $3`, c.Seats, c.TrainerID, c.ID); err != nil {
			return err
		}
		after, err := db.class(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		*c = *after
		return db.audit(ctx, tx, "update", "class", c.ID, before, after)
	})
}

// FinishProgramme applies the attendance rule to every participant: it
// completed when it attended at least the programme's share of the
// sessions its class held. The programme is then finished.
func (db *DB) FinishProgramme(ctx context.Context, programmeID int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		p, err := db.managedProgramme(ctx, tx, programmeID, true)
		if err != nil {
			return err
		}
		members, err := db.enrolments(ctx, tx, "n.programme_id = $1 AND n.status IN ('invited', 'accepted')", "", programmeID)
		if err != nil {
			return err
		}
		// The funnel reads the completions: the participants out before, back after.
		const participants = "e.id IN (SELECT n.enterprise_id FROM enrolments n WHERE n.programme_id = $1)"
		if err := db.recountFunnel(ctx, tx, -1, participants, programmeID); err != nil {
			return err
		}
		now := db.now()
		completed := 0
		for _, m := range members {
			ok := siapekspor.AttendanceMet(m.Attended, m.SessionsHeld, p.AttendancePct)
			if ok {
				completed++
			}
			if _, err := tx.ExecContext(ctx, `UPDATE enrolments SET completed = $1, updated_at = $2 WHERE id = $3`, ok, now, m.ID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE programmes SET status = 'finished', updated_at = $1, version = version + 1 WHERE id = $2`, now, programmeID); err != nil {
			return err
		}
		if err := db.recountFunnel(ctx, tx, 1, participants, programmeID); err != nil {
			return err
		}
		return db.audit(ctx, tx, "finish", "programme", programmeID, p, map[string]any{"participants": len(members), "completed": completed})
	})
}

// ReportRow is one participant of a finished (or running) programme: its
// class when placed against its latest assessment since then.
type ReportRow struct {
	Enrolment   siapekspor.Enrolment     `json:"enrolment"`
	Before      siapekspor.TrainingLevel `json:"level_before"`
	After       siapekspor.TrainingLevel `json:"level_after,omitempty"`
	ScoreBefore *float64                 `json:"score_before"`
	ScoreAfter  *float64                 `json:"score_after"`
	// Move: +1 moved up a class (naik kelas), 0 stayed, -1 moved down;
	// nil when not re-assessed since the stage began.
	Move         *int       `json:"move"`
	ReassessedAt *time.Time `json:"reassessed_at,omitempty"`
}

// Reassessed reports whether the participant was assessed again since placement.
func (r ReportRow) Reassessed() bool { return r.Move != nil }

// MoveValue is the move in classes, 0 when not re-assessed.
func (r ReportRow) MoveValue() int {
	if r.Move == nil {
		return 0
	}
	return *r.Move
}

// Report pairs each participant's class at placement with its latest
// assessment since the one it was placed by: who moved up a class.
func (db *DB) Report(ctx context.Context, programmeID int64) ([]ReportRow, error) {
	if err := canReadTraining(ctx); err != nil {
		return nil, err
	}
	members, err := db.readEnrolments(ctx, "n.programme_id = $1 AND n.status IN ('invited', 'accepted')", "", programmeID)
	if err != nil {
		return nil, err
	}
	// Each participant's latest assessment since the one it was placed by,
	// for the whole programme in one query.
	type after struct {
		level string
		score float64
		at    time.Time
	}
	latest := map[int64]after{}
	rows, err := db.read.QueryContext(ctx, `SELECT n.id, a.level, a.overall, a.created_at FROM enrolments n
		JOIN assessments a ON a.enterprise_id = n.enterprise_id AND a.id > COALESCE(n.assessment_id, 0)
		WHERE n.programme_id = $1 AND n.status IN ('invited', 'accepted') ORDER BY n.id, a.created_at DESC, a.id DESC`, programmeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var a after
		if err := rows.Scan(&id, &a.level, &a.score, &a.at); err != nil {
			return nil, err
		}
		if _, seen := latest[id]; !seen {
			latest[id] = a
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]ReportRow, 0, len(members))
	for _, m := range members {
		row := ReportRow{Enrolment: m, Before: m.Level, ScoreBefore: m.Score}
		if a, ok := latest[m.ID]; ok {
			row.After, row.ScoreAfter = siapekspor.TrainingLevel(a.level), &a.score
			at := a.at.UTC()
			row.ReassessedAt = &at
			move := max(-1, min(1, readiness.CompareLevels(row.Before, row.After))) // up, same or down
			row.Move = &move
		}
		out = append(out, row)
	}
	return out, nil
}

// PlacementSummary is what a placement run did.
type PlacementSummary struct {
	placement.Stats
	// ByClass: proposals made per class.
	ByClass map[int64]int `json:"by_class"`
}

// ProposePlacement proposes participants for every class of a programme
// from the assessed enterprises a filter selects within the actor's scope.
// Earlier proposals are replaced; invited and accepted participants keep
// their seats, and enterprises that declined or were withdrawn are not
// proposed again. The rules are internal/placement's.
func (db *DB) ProposePlacement(ctx context.Context, programmeID int64, f ReadinessFilter) (*PlacementSummary, error) {
	var out *PlacementSummary
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		p, err := db.managedProgramme(ctx, tx, programmeID, true)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM enrolments WHERE programme_id = $1 AND status = 'proposed'`, programmeID); err != nil {
			return err
		}
		stages, err := db.stages(ctx, tx, programmeID)
		if err != nil {
			return err
		}
		kept, err := db.enrolments(ctx, tx, "n.programme_id = $1", "", programmeID)
		if err != nil {
			return err
		}
		// Seat holders stay in the pool (placement counts their regency
		// against the cap and does not propose them again); those who
		// declined or were withdrawn are not proposed again.
		exclude := map[int64]bool{}
		members := map[int64][]int64{}
		for _, n := range kept {
			if n.Status.HoldsSeat() {
				members[n.ClassID] = append(members[n.ClassID], n.EnterpriseID)
			} else {
				exclude[n.EnterpriseID] = true
			}
		}
		var classes []placement.Class
		for _, s := range stages {
			for _, c := range s.Classes {
				classes = append(classes, placement.Class{ID: c.ID, Stage: s.Number, Level: c.Level, Seats: c.Seats, Members: members[c.ID]})
			}
		}
		var pool []placement.Candidate
		assessmentOf := map[int64]int64{}
		f.Limit = 0
		err = db.eachReadiness(ctx, tx, f, func(r *ReadinessRow) error {
			if !exclude[r.EnterpriseID] {
				assessmentOf[r.EnterpriseID] = r.AssessmentID
				pool = append(pool, placement.Candidate{EnterpriseID: r.EnterpriseID, RegencyCode: r.RegencyCode, Level: r.Level,
					Score: r.Overall, Trained: r.Trained, AssessedAt: r.AssessedAt})
			}
			return nil
		})
		if err != nil {
			return err
		}
		rules := placement.DefaultRules()
		rules.RegencyCap = float64(p.RegencyCapPct) / 100
		proposal, err := placement.Propose(classes, pool, rules)
		if err != nil {
			return err
		}
		byID := make(map[int64]*placement.Candidate, len(pool))
		for i := range pool {
			byID[pool[i].EnterpriseID] = &pool[i]
		}
		out = &PlacementSummary{Stats: proposal.Stats, ByClass: map[int64]int{}}
		now := db.now()
		for _, c := range classes {
			stage := stages[c.Stage-1].ID
			for _, pl := range proposal.Classes[c.ID] {
				cand := byID[pl.EnterpriseID]
				if _, err := tx.ExecContext(ctx, `INSERT INTO enrolments (programme_id, stage_id, class_id, enterprise_id, status, reason, level, score, assessment_id, created_at, updated_at)
					VALUES ($1, $2, $3, $4, 'proposed', $5, $6, $7, $8, $9, $9)`, programmeID, stage, c.ID, pl.EnterpriseID, pl.Reason, string(cand.Level), cand.Score,
					assessmentOf[pl.EnterpriseID], now); err != nil {
					return err
				}
				out.ByClass[c.ID]++
			}
		}
		return db.audit(ctx, tx, "propose", "programme", programmeID, nil, out)
	})
	return out, err
}
