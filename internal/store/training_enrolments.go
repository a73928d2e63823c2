package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/siapekspor/siapekspor"
)

// Enrolments: proposals, invitations, seats, moves and results.

const enrolmentSelect = `SELECT n.id, n.programme_id, n.stage_id, s.number, n.class_id, c.level, n.enterprise_id, n.status, n.reason,
	n.level, n.score, n.result, n.result_score, n.result_note, n.completed, n.created_at, n.updated_at,
	e.name, e.owner_name, e.phone, e.province_code, e.regency_code, COALESCE(e.district_code, ''), COALESCE(e.village_code, ''), e.binaan_org_id, p.name, p.status,
	(SELECT COUNT(*) FROM attendance a WHERE a.enrolment_id = n.id AND a.present),
	(SELECT COUNT(DISTINCT a.session_id) FROM attendance a JOIN training_sessions ts ON ts.id = a.session_id WHERE ts.class_id = n.class_id)
	FROM enrolments n JOIN training_classes c ON c.id = n.class_id JOIN training_stages s ON s.id = n.stage_id
	JOIN programmes p ON p.id = n.programme_id JOIN enterprises e ON e.id = n.enterprise_id`

// enrolments reads enrolments; personal data (the owner's phone) is masked
// for those who may not see it.
func (db *DB) enrolments(ctx context.Context, q queryer, cond, order string, args ...any) ([]siapekspor.Enrolment, error) {
	if order == "" {
		order = "s.number, " + levelOrder + ", e.name, n.id"
	}
	rows, err := q.QueryContext(ctx, enrolmentSelect+` WHERE `+cond+` ORDER BY `+order, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	a := siapekspor.ActorFrom(ctx)
	out := []siapekspor.Enrolment{}
	for rows.Next() {
		var n siapekspor.Enrolment
		var score, resultScore sql.NullFloat64
		var completed sql.NullBool
		var binaan sql.NullInt64
		// Where the enterprise is and who coaches it decide who sees the phone.
		e := &siapekspor.Enterprise{}
		if err := rows.Scan(&n.ID, &n.ProgrammeID, &n.StageID, &n.Stage, &n.ClassID, &n.ClassLevel, &n.EnterpriseID, &n.Status, &n.Reason,
			&n.Level, &score, &n.Result, &resultScore, &n.ResultNote, &completed, &n.CreatedAt, &n.UpdatedAt,
			&n.EnterpriseName, &n.OwnerName, &e.Phone, &e.ProvinceCode, &e.RegencyCode, &e.DistrictCode, &e.VillageCode, &binaan,
			&n.ProgrammeName, &n.ProgrammeStatus, &n.Attended, &n.SessionsHeld); err != nil {
			return nil, err
		}
		if binaan.Valid {
			e.BinaanOrgID = &binaan.Int64
		}
		e.ID = n.EnterpriseID
		siapekspor.MaskPersonalData(a, e)
		n.Phone, n.RegencyCode, n.RegencyName = e.Phone, e.RegencyCode, regionNameOf(e.RegencyCode)
		if score.Valid {
			n.Score = &score.Float64
		}
		if resultScore.Valid {
			n.ResultScore = &resultScore.Float64
		}
		if completed.Valid {
			n.Completed = &completed.Bool
		}
		n.CreatedAt, n.UpdatedAt = n.CreatedAt.UTC(), n.UpdatedAt.UTC()
		out = append(out, n)
	}
	return out, rows.Err()
}

// Who reads which participants. A programme and its classes are open to
// every training reader, their participants are not: admins, viewers and
// provincial officers read them all (as they read the whole registry,
// viewers masked); a regency/city officer those in its scope (its region and
// its binaan) and every participant of the programmes its office organises;
// a mentor its assigned enterprises; a trainer the participants of the
// classes it trains; an owner its own enterprise's.
func participantCond(a siapekspor.Actor) (string, []any) {
	scope := siapekspor.ScopeOf(a)
	if scope.All {
		return "", nil
	}
	c, args := scopeCond(scope, "e.id", "e.")
	or := []string{c}
	switch a.Role {
	case siapekspor.RoleTrainer:
		or = append(or, "c.trainer_user_id = ?")
		args = append(args, a.UserID)
	case siapekspor.RoleOfficer:
		or = append(or, "p.organiser_org_id = ?")
		args = append(args, a.OrgID)
	}
	return "(" + strings.Join(or, " OR ") + ")", args
}

// readEnrolments reads the enrolments matching cond that the actor may read.
func (db *DB) readEnrolments(ctx context.Context, cond, order string, args ...any) ([]siapekspor.Enrolment, error) {
	w := &where{conds: []string{cond}, args: args}
	if c, cargs := participantCond(siapekspor.ActorFrom(ctx)); c != "" {
		w.add(c, cargs...)
	}
	return db.enrolments(ctx, db.read, strings.Join(w.conds, " AND "), order, w.args...)
}

// ProgrammeEnrolments lists a programme's enrolments by stage and class, as
// far as the actor may read them.
func (db *DB) ProgrammeEnrolments(ctx context.Context, programmeID int64) ([]siapekspor.Enrolment, error) {
	if err := canReadTraining(ctx); err != nil {
		return nil, err
	}
	return db.readEnrolments(ctx, "n.programme_id = $1", "", programmeID)
}

// ClassEnrolments lists a class's enrolments by name, as far as the actor
// may read them.
func (db *DB) ClassEnrolments(ctx context.Context, classID int64) ([]siapekspor.Enrolment, error) {
	if err := canReadTraining(ctx); err != nil {
		return nil, err
	}
	return db.readEnrolments(ctx, "n.class_id = $1", "", classID)
}

// OwnEnrolments lists the enrolments (invitations) of the enterprise the
// actor acts for; an actor that acts for none (an admin) has none.
func (db *DB) OwnEnrolments(ctx context.Context) ([]siapekspor.Enrolment, error) {
	id := siapekspor.ActorFrom(ctx).EnterpriseID
	if id == 0 {
		return []siapekspor.Enrolment{}, nil
	}
	return db.EnterpriseEnrolments(ctx, id)
}

// EnterpriseEnrolments lists an enterprise's enrolments in every
// programme, newest first: its invitations and its training history.
func (db *DB) EnterpriseEnrolments(ctx context.Context, enterpriseID int64) ([]siapekspor.Enrolment, error) {
	a := siapekspor.ActorFrom(ctx)
	perm := siapekspor.PermReadinessRead
	if a.Role == siapekspor.RoleTrainer {
		perm = siapekspor.PermTrainingRead
	}
	if a.Role != siapekspor.RoleTrainer {
		if _, err := db.enterpriseFor(ctx, db.read, enterpriseID, perm); err != nil {
			return nil, err
		}
	} else if err := canReadTraining(ctx); err != nil {
		return nil, err
	}
	return db.readEnrolments(ctx, "n.enterprise_id = $1", "n.created_at DESC, n.id DESC", enterpriseID)
}

func (db *DB) enrolment(ctx context.Context, q queryer, id int64) (*siapekspor.Enrolment, error) {
	list, err := db.enrolments(ctx, q, "n.id = $1", "", id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound("enrolment")
	}
	return &list[0], nil
}

// Enrolment returns one enrolment the actor may read.
func (db *DB) Enrolment(ctx context.Context, id int64) (*siapekspor.Enrolment, error) {
	n, err := db.enrolment(ctx, db.read, id)
	if err != nil {
		return nil, err
	}
	a := siapekspor.ActorFrom(ctx)
	if siapekspor.Can(a, siapekspor.PermTrainingRead) {
		list, err := db.readEnrolments(ctx, "n.id = $1", "", id)
		switch {
		case err != nil:
			return nil, err
		case len(list) == 0:
			return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden_enterprise")
		}
		return n, nil
	}
	if _, err := db.enterpriseFor(ctx, db.read, n.EnterpriseID, siapekspor.PermTrainingRespond); err != nil {
		return nil, err
	}
	return n, nil
}

// seatProblem checks that an enterprise may take a seat in a class: the
// class has a free seat and the enterprise holds no other seat in the stage.
func (db *DB) seatProblem(ctx context.Context, q queryer, c *siapekspor.Class, enterpriseID, exceptEnrolment int64) error {
	var taken int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM enrolments WHERE class_id = $1 AND status IN ('proposed', 'invited', 'accepted') AND id <> $2`,
		c.ID, exceptEnrolment).Scan(&taken); err != nil {
		return err
	}
	if taken >= c.Seats {
		return siapekspor.FieldInvalid("class_id", "training.class_full", c.Seats)
	}
	var other int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM enrolments WHERE stage_id = $1 AND enterprise_id = $2 AND id <> $3`,
		c.StageID, enterpriseID, exceptEnrolment).Scan(&other); err != nil {
		return err
	}
	if other > 0 {
		return siapekspor.FieldInvalid("enterprise_id", "training.already_in_stage", c.Stage)
	}
	return nil
}

// readinessOf returns an enterprise's latest assessment: its id, class and
// score (nil and zero values when never assessed).
func (db *DB) readinessOf(ctx context.Context, q queryer, enterpriseID int64) (any, siapekspor.TrainingLevel, *float64, error) {
	var id int64
	var level string
	var score float64
	err := q.QueryRowContext(ctx, `SELECT assessment_id, level, overall FROM enterprise_readiness WHERE enterprise_id = $1`, enterpriseID).Scan(&id, &level, &score)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", nil, nil
	}
	if err != nil {
		return nil, "", nil, err
	}
	return id, siapekspor.TrainingLevel(level), &score, nil
}

// AddEnrolment places an enterprise in a class by hand: proposed while the
// programme is being planned, invited once it is confirmed.
func (db *DB) AddEnrolment(ctx context.Context, classID, enterpriseID int64) (*siapekspor.Enrolment, error) {
	var out *siapekspor.Enrolment
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		c, err := db.class(ctx, tx, classID)
		if err != nil {
			return err
		}
		p, err := db.managedProgramme(ctx, tx, c.ProgrammeID, true)
		if err != nil {
			return err
		}
		if _, err := db.enterprise(ctx, tx, enterpriseID); err != nil {
			return err
		}
		if err := db.seatProblem(ctx, tx, c, enterpriseID, 0); err != nil {
			return err
		}
		assessment, level, score, err := db.readinessOf(ctx, tx, enterpriseID)
		if err != nil {
			return err
		}
		status := siapekspor.EnrolProposed
		if p.Status == siapekspor.ProgrammeConfirmed {
			status = siapekspor.EnrolInvited
		}
		now := db.now()
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO enrolments (programme_id, stage_id, class_id, enterprise_id, status, reason, level, score, assessment_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, 'manual', $6, $7, $8, $9, $9) RETURNING id`, p.ID, c.StageID, c.ID, enterpriseID, string(status), string(level), score, assessment, now).Scan(&id); err != nil {
			if db.dialect.isUniqueViolation(err) {
				return siapekspor.FieldInvalid("enterprise_id", "training.already_in_stage", c.Stage)
			}
			return err
		}
		if out, err = db.enrolment(ctx, tx, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, "create", "enrolment", id, nil, out)
	})
	return out, err
}

// MoveEnrolment moves an enrolment to another class of the same programme.
func (db *DB) MoveEnrolment(ctx context.Context, id, classID int64) (*siapekspor.Enrolment, error) {
	var out *siapekspor.Enrolment
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := db.enrolment(ctx, tx, id)
		if err != nil {
			return err
		}
		p, err := db.managedProgramme(ctx, tx, before.ProgrammeID, true)
		if err != nil {
			return err
		}
		c, err := db.class(ctx, tx, classID)
		if err != nil {
			return err
		}
		if c.ProgrammeID != p.ID {
			return siapekspor.FieldInvalid("class_id", "training.other_programme")
		}
		if err := db.seatProblem(ctx, tx, c, before.EnterpriseID, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM attendance WHERE enrolment_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE enrolments SET class_id = $1, stage_id = $2, updated_at = $3 WHERE id = $4`, c.ID, c.StageID, db.now(), id); err != nil {
			return err
		}
		if out, err = db.enrolment(ctx, tx, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, "move", "enrolment", id, before, out)
	})
	return out, err
}

// RemoveEnrolment takes an enterprise out of a class: a proposal is
// deleted, a confirmed place is kept as withdrawn so the history shows it.
func (db *DB) RemoveEnrolment(ctx context.Context, id int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := db.enrolment(ctx, tx, id)
		if err != nil {
			return err
		}
		_, err = db.managedProgramme(ctx, tx, before.ProgrammeID, true)
		if err != nil {
			return err
		}
		if before.Status == siapekspor.EnrolProposed {
			if _, err := tx.ExecContext(ctx, `DELETE FROM enrolments WHERE id = $1`, id); err != nil {
				return err
			}
			return db.audit(ctx, tx, "delete", "enrolment", id, before, nil)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE enrolments SET status = 'withdrawn', updated_at = $1 WHERE id = $2`, db.now(), id); err != nil {
			return err
		}
		after := *before
		after.Status = siapekspor.EnrolWithdrawn
		return db.audit(ctx, tx, "withdraw", "enrolment", id, before, after)
	})
}

// RespondToInvitation records an enterprise's answer to its invitation:
// its owner answers for it, or a manager of the programme records the answer.
func (db *DB) RespondToInvitation(ctx context.Context, id int64, accept bool) (*siapekspor.Enrolment, error) {
	var out *siapekspor.Enrolment
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := db.enrolment(ctx, tx, id)
		if err != nil {
			return err
		}
		a := siapekspor.ActorFrom(ctx)
		if a.Role == siapekspor.RoleOwner {
			if _, err := db.enterpriseFor(ctx, tx, before.EnterpriseID, siapekspor.PermTrainingRespond); err != nil {
				return err
			}
		} else {
			_, err := db.managedProgramme(ctx, tx, before.ProgrammeID, false)
			if err != nil {
				return err
			}
		}
		if before.ProgrammeStatus == siapekspor.ProgrammeFinished {
			return siapekspor.Errorf(siapekspor.EConflict, "training.programme_finished")
		}
		switch before.Status {
		case siapekspor.EnrolInvited, siapekspor.EnrolAccepted, siapekspor.EnrolDeclined:
		default:
			return siapekspor.Errorf(siapekspor.EConflict, "training.not_invited")
		}
		status := siapekspor.EnrolDeclined
		if accept {
			status = siapekspor.EnrolAccepted
			if before.Status == siapekspor.EnrolDeclined {
				// The seat was freed; take it again only if it is still free.
				c, err := db.class(ctx, tx, before.ClassID)
				if err != nil {
					return err
				}
				if err := db.seatProblem(ctx, tx, c, before.EnterpriseID, id); err != nil {
					return err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE enrolments SET status = $1, updated_at = $2 WHERE id = $3`, string(status), db.now(), id); err != nil {
			return err
		}
		if out, err = db.enrolment(ctx, tx, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, "respond", "enrolment", id, before, out)
	})
	return out, err
}

// ConfirmProgramme turns every proposal into an invitation and marks the
// programme confirmed.
func (db *DB) ConfirmProgramme(ctx context.Context, programmeID int64) (int, error) {
	var n int
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		p, err := db.managedProgramme(ctx, tx, programmeID, true)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE enrolments SET status = 'invited', updated_at = $1 WHERE programme_id = $2 AND status = 'proposed'`, db.now(), programmeID)
		if err != nil {
			return err
		}
		affected, _ := res.RowsAffected()
		n = int(affected)
		if _, err := tx.ExecContext(ctx, `UPDATE programmes SET status = 'confirmed', updated_at = $1, version = version + 1 WHERE id = $2`, db.now(), programmeID); err != nil {
			return err
		}
		return db.audit(ctx, tx, "confirm", "programme", programmeID, p, map[string]any{"invited": n})
	})
	return n, err
}

// SetResult records a participant's result.
func (db *DB) SetResult(ctx context.Context, id int64, result siapekspor.TrainingResult, score *float64, note string) (*siapekspor.Enrolment, error) {
	var out *siapekspor.Enrolment
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := db.enrolment(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, _, err := db.classForRun(ctx, tx, before.ClassID); err != nil {
			return err
		}
		var pr siapekspor.Problems
		if result != siapekspor.ResultNone && result != siapekspor.ResultPassed && result != siapekspor.ResultNotPassed {
			pr.Add("result", "field.choice")
		}
		if score != nil && (*score < 0 || *score > 100) {
			pr.Add("result_score", "field.range", 0, 100)
		}
		if len([]rune(note)) > 2000 {
			pr.Add("result_note", "field.too_long", 2000)
		}
		if before.Status != siapekspor.EnrolInvited && before.Status != siapekspor.EnrolAccepted {
			pr.Add("result", "training.result_needs_participant")
		}
		if err := pr.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE enrolments SET result = $1, result_score = $2, result_note = $3, updated_at = $4 WHERE id = $5`,
			string(result), score, note, db.now(), id); err != nil {
			return err
		}
		if out, err = db.enrolment(ctx, tx, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, "result", "enrolment", id, before, out)
	})
	return out, err
}
