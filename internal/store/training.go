package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/placement"
	"github.com/siapekspor/siapekspor/internal/readiness"
)

// Training programmes: who may manage one, and who may run a class.
//
// Admins and provincial officers (an organisation without a region) manage
// every programme; a regency/city officer manages the programmes its own
// office organises. Trainers run the classes given to them; managers run
// every class of their programmes.

func (db *DB) canManage(ctx context.Context, p *siapekspor.Programme) error {
	a := siapekspor.ActorFrom(ctx)
	if !siapekspor.Can(a, siapekspor.PermTrainingManage) {
		return siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	provincial := !strings.Contains(a.RegionCode, ".") // no region, or a province
	if a.Role == siapekspor.RoleAdmin || provincial || (p.OrganiserID != nil && *p.OrganiserID == a.OrgID) {
		return nil
	}
	return siapekspor.Errorf(siapekspor.EForbidden, "training.not_your_programme")
}

// managedProgramme reads a programme the actor manages; open refuses a
// finished one (its enrolments, placement and results are final).
func (db *DB) managedProgramme(ctx context.Context, q queryer, id int64, open bool) (*siapekspor.Programme, error) {
	p, err := db.programme(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if err := db.canManage(ctx, p); err != nil {
		return nil, err
	}
	if open && p.Status == siapekspor.ProgrammeFinished {
		return nil, siapekspor.Errorf(siapekspor.EConflict, "training.programme_finished")
	}
	return p, nil
}

func (db *DB) canRun(ctx context.Context, p *siapekspor.Programme, c *siapekspor.Class) error {
	a := siapekspor.ActorFrom(ctx)
	if a.Role == siapekspor.RoleTrainer && siapekspor.Can(a, siapekspor.PermTrainingRun) {
		if c.TrainerID != nil && *c.TrainerID == a.UserID {
			return nil
		}
		return siapekspor.Errorf(siapekspor.EForbidden, "training.not_your_class")
	}
	return db.canManage(ctx, p)
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
	if err := db.canManage(ctx, p); err != nil {
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
		if err := db.canManage(ctx, before); err != nil {
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

// ---- Sessions ----

const sessionSelect = `SELECT s.id, s.class_id, s.on_date, s.starts_at, s.ends_at, s.place, s.online_url, s.topic, s.trainer,
	(SELECT COUNT(*) FROM attendance a WHERE a.session_id = s.id AND a.present),
	(SELECT COUNT(*) FROM attendance a WHERE a.session_id = s.id)
	FROM training_sessions s`

func (db *DB) sessions(ctx context.Context, q queryer, cond string, args ...any) ([]siapekspor.Session, error) {
	rows, err := q.QueryContext(ctx, sessionSelect+` WHERE `+cond+` ORDER BY s.on_date, s.starts_at, s.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []siapekspor.Session{}
	for rows.Next() {
		var s siapekspor.Session
		var on string
		var recorded int
		if err := rows.Scan(&s.ID, &s.ClassID, &on, &s.StartsAt, &s.EndsAt, &s.Place, &s.OnlineURL, &s.Topic, &s.Trainer, &s.Attended, &recorded); err != nil {
			return nil, err
		}
		if d := parseDateText(on); d != nil {
			s.On = *d
		}
		s.Recorded = recorded > 0
		out = append(out, s)
	}
	return out, rows.Err()
}

// TrainingSessions lists a class's sessions in date order.
func (db *DB) TrainingSessions(ctx context.Context, classID int64) ([]siapekspor.Session, error) {
	if err := canReadTraining(ctx); err != nil {
		return nil, err
	}
	return db.sessions(ctx, db.read, "s.class_id = $1", classID)
}

// TrainingSession returns one session of a class.
func (db *DB) TrainingSession(ctx context.Context, id int64) (*siapekspor.Session, error) {
	if err := canReadTraining(ctx); err != nil {
		return nil, err
	}
	return db.session(ctx, db.read, id)
}

func (db *DB) session(ctx context.Context, q queryer, id int64) (*siapekspor.Session, error) {
	list, err := db.sessions(ctx, q, "s.id = $1", id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound("session")
	}
	return &list[0], nil
}

// classForRun loads a class and its programme and checks the actor may run it.
func (db *DB) classForRun(ctx context.Context, q queryer, classID int64) (*siapekspor.Programme, *siapekspor.Class, error) {
	c, err := db.class(ctx, q, classID)
	if err != nil {
		return nil, nil, err
	}
	p, err := db.programme(ctx, q, c.ProgrammeID)
	if err != nil {
		return nil, nil, err
	}
	return p, c, db.canRun(ctx, p, c)
}

// SaveTrainingSession creates (ID 0) or updates a session of a class.
func (db *DB) SaveTrainingSession(ctx context.Context, s *siapekspor.Session) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var before *siapekspor.Session
		if s.ID != 0 {
			var err error
			if before, err = db.session(ctx, tx, s.ID); err != nil {
				return err
			}
			s.ClassID = before.ClassID
		}
		if _, _, err := db.classForRun(ctx, tx, s.ClassID); err != nil {
			return err
		}
		s.Normalize()
		if err := s.Validate(); err != nil {
			return err
		}
		now := db.now()
		if before != nil && before.Recorded && !s.Held(now) {
			return siapekspor.FieldInvalid("on", "training.attendance_taken_cannot_move")
		}
		on := s.On.Format(isoDate)
		if s.ID == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO training_sessions (class_id, on_date, starts_at, ends_at, place, online_url, topic, trainer)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, s.ClassID, on, s.StartsAt, s.EndsAt, s.Place, s.OnlineURL, s.Topic, s.Trainer).Scan(&s.ID); err != nil {
				return err
			}
			return db.audit(ctx, tx, "create", "session", s.ID, nil, s)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE training_sessions SET on_date = $1, starts_at = $2, ends_at = $3, place = $4, online_url = $5, topic = $6, trainer = $7
			WHERE id = $8`, on, s.StartsAt, s.EndsAt, s.Place, s.OnlineURL, s.Topic, s.Trainer, s.ID); err != nil {
			return err
		}
		return db.audit(ctx, tx, "update", "session", s.ID, before, s)
	})
}

// DeleteTrainingSession removes a session and its attendance.
func (db *DB) DeleteTrainingSession(ctx context.Context, id int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		s, err := db.session(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, _, err := db.classForRun(ctx, tx, s.ClassID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM training_sessions WHERE id = $1`, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, "delete", "session", id, s, nil)
	})
}

// ---- Enrolments ----

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
	c, args := scopeCond(scope)
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

// RecordAttendance stores who was present at a session, for every
// participant holding a seat in its class at once. A session that has not
// happened yet takes no attendance; an enrolment of another class is refused.
func (db *DB) RecordAttendance(ctx context.Context, sessionID int64, present map[int64]bool) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		s, err := db.session(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		p, _, err := db.classForRun(ctx, tx, s.ClassID)
		if err != nil {
			return err
		}
		if p.Status == siapekspor.ProgrammeFinished {
			return siapekspor.Errorf(siapekspor.EConflict, "training.programme_finished")
		}
		now := db.now()
		if !s.Held(now) {
			return siapekspor.FieldInvalid("session", "training.session_not_held", s.On.Format(isoDate))
		}
		members, err := db.enrolments(ctx, tx, "n.class_id = $1 AND n.status IN ('invited', 'accepted')", "", s.ClassID)
		if err != nil {
			return err
		}
		inClass := map[int64]bool{}
		for _, m := range members {
			inClass[m.ID] = true
		}
		var pr siapekspor.Problems
		ids := make([]int64, 0, len(present))
		for id := range present {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		for _, id := range ids {
			if !inClass[id] {
				pr.Add("enrolment."+strconv.FormatInt(id, 10), "training.not_in_class")
			}
		}
		if err := pr.Err(); err != nil {
			return err
		}
		a := siapekspor.ActorFrom(ctx)
		for _, m := range members {
			if _, err := tx.ExecContext(ctx, `INSERT INTO attendance (session_id, enrolment_id, present, recorded_at, actor) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (session_id, enrolment_id) DO UPDATE SET present = excluded.present, recorded_at = excluded.recorded_at, actor = excluded.actor`,
				sessionID, m.ID, present[m.ID], now, a.Label); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, "attendance", "session", sessionID, nil, present)
	})
}

// Attendance returns a session's attendance: enrolment id → present.
func (db *DB) Attendance(ctx context.Context, sessionID int64) (map[int64]bool, error) {
	if err := canReadTraining(ctx); err != nil {
		return nil, err
	}
	return db.attendance(ctx, db.read, "session_id = $1", sessionID)
}

func (db *DB) attendance(ctx context.Context, q queryer, cond string, args ...any) (map[int64]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT enrolment_id, present FROM attendance WHERE `+cond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		var present bool
		if err := rows.Scan(&id, &present); err != nil {
			return nil, err
		}
		out[id] = present
	}
	return out, rows.Err()
}

// ClassAttendance returns every recorded attendance of a class, by session
// then enrolment, for the printable sheet and the export.
func (db *DB) ClassAttendance(ctx context.Context, classID int64) (map[int64]map[int64]bool, error) {
	if err := canReadTraining(ctx); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT a.session_id, a.enrolment_id, a.present FROM attendance a
		JOIN training_sessions s ON s.id = a.session_id WHERE s.class_id = $1`, classID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]map[int64]bool{}
	for rows.Next() {
		var sid, eid int64
		var present bool
		if err := rows.Scan(&sid, &eid, &present); err != nil {
			return nil, err
		}
		if out[sid] == nil {
			out[sid] = map[int64]bool{}
		}
		out[sid][eid] = present
	}
	return out, rows.Err()
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

// CanManageProgramme tells a page whether to offer the manager's forms.
func (db *DB) CanManageProgramme(ctx context.Context, p *siapekspor.Programme) bool {
	return db.canManage(ctx, p) == nil
}

// CanRunClass tells a page whether to offer sessions, attendance and results.
func (db *DB) CanRunClass(ctx context.Context, p *siapekspor.Programme, c *siapekspor.Class) bool {
	return db.canRun(ctx, p, c) == nil
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
