package store

import (
	"context"
	"database/sql"
	"sort"
	"strconv"

	"github.com/siapekspor/siapekspor"
)

// Training sessions and their attendance.

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
	return p, c, siapekspor.CanRunClass(siapekspor.ActorFrom(ctx), p, c)
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
