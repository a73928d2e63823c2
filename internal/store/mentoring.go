package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
)

// idIn is "col IN (…)" over our own integers (never user text), or a
// condition that matches nothing for an empty list.
func idIn(col string, ids []int64) string {
	if len(ids) == 0 {
		return "1 = 0"
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return col + " IN (" + strings.Join(parts, ",") + ")"
}

// mentoredBy lists the enterprises currently assigned to a mentor.
func (db *DB) mentoredBy(ctx context.Context, q queryer, mentorID int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT enterprise_id FROM mentor_assignments WHERE mentor_user_id = $1 AND ended_at IS NULL ORDER BY enterprise_id`, mentorID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// enterpriseFor loads an enterprise and checks that the actor holds perm
// and reaches the enterprise: the one check behind every readiness,
// training-response and mentoring record of an enterprise.
func (db *DB) enterpriseFor(ctx context.Context, q queryer, id int64, perm siapekspor.Permission) (*siapekspor.Enterprise, error) {
	a := siapekspor.ActorFrom(ctx)
	if !siapekspor.Can(a, perm) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	e, err := db.enterprise(ctx, q, id)
	if err != nil {
		return nil, err
	}
	return e, checkScope(ctx, e)
}

// mentoringScope limits rows joined to enterprises e to the actor's scope.
func mentoringScope(ctx context.Context, perm siapekspor.Permission) *where {
	a := siapekspor.ActorFrom(ctx)
	if !siapekspor.Can(a, perm) {
		return &where{conds: []string{"1 = 0"}}
	}
	return scopeWhere(siapekspor.ScopeOf(a))
}

// AssignMentor puts an enterprise in a mentor's care. The mentor must be a
// user with the mentor role; assigning again after an end reopens it.
func (db *DB) AssignMentor(ctx context.Context, enterpriseID, mentorID int64) (*siapekspor.MentorAssignment, error) {
	var out *siapekspor.MentorAssignment
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := db.enterpriseFor(ctx, tx, enterpriseID, siapekspor.PermMentorAssign); err != nil {
			return err
		}
		var role string
		var disabled bool
		err := tx.QueryRowContext(ctx, `SELECT role, disabled FROM users WHERE id = $1`, mentorID).Scan(&role, &disabled)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && (role != string(siapekspor.RoleMentor) || disabled)) {
			return siapekspor.FieldInvalid("mentor_user_id", "mentoring.not_a_mentor")
		}
		if err != nil {
			return err
		}
		now := db.now()
		a := siapekspor.ActorFrom(ctx)
		if _, err := tx.ExecContext(ctx, `INSERT INTO mentor_assignments (mentor_user_id, enterprise_id, assigned_at, actor)
			VALUES ($1, $2, $3, $4) ON CONFLICT (mentor_user_id, enterprise_id) DO UPDATE SET ended_at = NULL, assigned_at = excluded.assigned_at, actor = excluded.actor`,
			mentorID, enterpriseID, now, a.Label); err != nil {
			return err
		}
		list, err := db.mentorAssignments(ctx, tx, "m.enterprise_id = $1 AND m.mentor_user_id = $2", enterpriseID, mentorID)
		if err != nil {
			return err
		}
		out = &list[0]
		return db.audit(ctx, tx, "assign", "mentor_assignment", out.ID, nil, out)
	})
	return out, err
}

// EndMentorAssignment ends a mentor's care of an enterprise; its history stays.
func (db *DB) EndMentorAssignment(ctx context.Context, enterpriseID, mentorID int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := db.enterpriseFor(ctx, tx, enterpriseID, siapekspor.PermMentorAssign); err != nil {
			return err
		}
		list, err := db.mentorAssignments(ctx, tx, "m.enterprise_id = $1 AND m.mentor_user_id = $2 AND m.ended_at IS NULL", enterpriseID, mentorID)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return notFound("mentor_assignment")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE mentor_assignments SET ended_at = $1 WHERE id = $2`, db.now(), list[0].ID); err != nil {
			return err
		}
		return db.audit(ctx, tx, "end", "mentor_assignment", list[0].ID, list[0], nil)
	})
}

// EnterpriseMentors lists an enterprise's current mentors.
func (db *DB) EnterpriseMentors(ctx context.Context, enterpriseID int64) ([]siapekspor.MentorAssignment, error) {
	if _, err := db.enterpriseFor(ctx, db.read, enterpriseID, siapekspor.PermMentoringRead); err != nil {
		return nil, err
	}
	return db.mentorAssignments(ctx, db.read, "m.enterprise_id = $1 AND m.ended_at IS NULL", enterpriseID)
}

// MyMentees lists the enterprises assigned to the acting mentor.
func (db *DB) MyMentees(ctx context.Context) ([]siapekspor.MentorAssignment, error) {
	a := siapekspor.ActorFrom(ctx)
	return db.mentorAssignments(ctx, db.read, "m.mentor_user_id = $1 AND m.ended_at IS NULL", a.UserID)
}

func (db *DB) mentorAssignments(ctx context.Context, q queryer, cond string, args ...any) ([]siapekspor.MentorAssignment, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.id, m.mentor_user_id, m.enterprise_id, m.assigned_at, m.ended_at,
		CASE WHEN u.name <> '' THEN u.name ELSE u.email END, o.name, e.name
		FROM mentor_assignments m JOIN users u ON u.id = m.mentor_user_id JOIN organisations o ON o.id = u.org_id
		JOIN enterprises e ON e.id = m.enterprise_id WHERE `+cond+` ORDER BY e.name, m.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []siapekspor.MentorAssignment{}
	for rows.Next() {
		var m siapekspor.MentorAssignment
		var ended sql.NullTime
		if err := rows.Scan(&m.ID, &m.MentorID, &m.EnterpriseID, &m.AssignedAt, &ended, &m.MentorName, &m.MentorOrg, &m.EnterpriseName); err != nil {
			return nil, err
		}
		m.AssignedAt = m.AssignedAt.UTC()
		if ended.Valid {
			t := ended.Time.UTC()
			m.EndedAt = &t
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ---- Activities ----

const activityColumns = `a.id, a.enterprise_id, a.mentor_user_id, a.case_id, a.actor, a.on_date, a.channel, a.topic, a.notes,
	a.next_step, a.next_due, a.next_done, a.created_at, a.updated_at, a.version, e.name,
	COALESCE(CASE WHEN u.name <> '' THEN u.name ELSE u.email END, '')`

const activityFrom = `FROM mentoring_activities a JOIN enterprises e ON e.id = a.enterprise_id
	LEFT JOIN users u ON u.id = a.mentor_user_id`

func scanActivity(s interface{ Scan(...any) error }) (*siapekspor.Activity, error) {
	var a siapekspor.Activity
	var mentor, caseID sql.NullInt64
	var on, due string
	err := s.Scan(&a.ID, &a.EnterpriseID, &mentor, &caseID, &a.Actor, &on, &a.Channel, &a.Topic, &a.Notes,
		&a.NextStep, &due, &a.NextDone, &a.CreatedAt, &a.UpdatedAt, &a.Version, &a.EnterpriseName, &a.MentorName)
	if err != nil {
		return nil, err
	}
	if mentor.Valid {
		a.MentorID = &mentor.Int64
	}
	if caseID.Valid {
		a.CaseID = &caseID.Int64
	}
	if d := parseDateText(on); d != nil {
		a.On = *d
	}
	a.NextDue = parseDateText(due)
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return &a, nil
}

func (db *DB) checkActivity(ctx context.Context, q queryer, a *siapekspor.Activity) error {
	a.Normalize()
	if err := a.Validate(db.now()); err != nil {
		return err
	}
	if a.CaseID != nil {
		var ent int64
		err := q.QueryRowContext(ctx, `SELECT enterprise_id FROM assistance_cases WHERE id = $1`, *a.CaseID).Scan(&ent)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && ent != a.EnterpriseID) {
			return siapekspor.FieldInvalid("case_id", "mentoring.case_other_enterprise")
		}
		return err
	}
	return nil
}

// CreateActivity logs a mentoring contact with an enterprise the actor
// reaches; a mentor's own contacts carry its user id.
func (db *DB) CreateActivity(ctx context.Context, a *siapekspor.Activity) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := db.enterpriseFor(ctx, tx, a.EnterpriseID, siapekspor.PermMentoringWrite); err != nil {
			return err
		}
		if err := db.checkActivity(ctx, tx, a); err != nil {
			return err
		}
		actor := siapekspor.ActorFrom(ctx)
		if actor.Role == siapekspor.RoleMentor {
			a.MentorID = &actor.UserID
		}
		now := db.now()
		err := tx.QueryRowContext(ctx, `INSERT INTO mentoring_activities (enterprise_id, mentor_user_id, case_id, actor, on_date, channel, topic, notes,
			next_step, next_due, next_done, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, 1) RETURNING id`,
			a.EnterpriseID, a.MentorID, a.CaseID, actor.Label, dateText(&a.On), string(a.Channel), a.Topic, a.Notes,
			a.NextStep, dateText(a.NextDue), a.NextDone, now).Scan(&a.ID)
		if err != nil {
			return err
		}
		a.Actor, a.CreatedAt, a.UpdatedAt, a.Version = actor.Label, now, now, 1
		return db.audit(ctx, tx, "create", "activity", a.ID, nil, a)
	})
}

// Activity returns one activity the actor may read.
func (db *DB) Activity(ctx context.Context, id int64) (*siapekspor.Activity, error) {
	return db.activity(ctx, db.read, id, siapekspor.PermMentoringRead)
}

func (db *DB) activity(ctx context.Context, q queryer, id int64, perm siapekspor.Permission) (*siapekspor.Activity, error) {
	a, err := scanActivity(q.QueryRowContext(ctx, `SELECT `+activityColumns+` `+activityFrom+` WHERE a.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("activity")
	}
	if err != nil {
		return nil, err
	}
	if _, err := db.enterpriseFor(ctx, q, a.EnterpriseID, perm); err != nil {
		return nil, err
	}
	return a, nil
}

// UpdateActivity stores an edited activity (mostly: its next step done).
func (db *DB) UpdateActivity(ctx context.Context, a *siapekspor.Activity) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := db.activity(ctx, tx, a.ID, siapekspor.PermMentoringWrite)
		if err != nil {
			return err
		}
		if before.Version != a.Version {
			return siapekspor.Errorf(siapekspor.EConflict, "error.stale_version")
		}
		a.EnterpriseID, a.MentorID = before.EnterpriseID, before.MentorID
		if err := db.checkActivity(ctx, tx, a); err != nil {
			return err
		}
		now := db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE mentoring_activities SET case_id = $1, on_date = $2, channel = $3, topic = $4, notes = $5,
			next_step = $6, next_due = $7, next_done = $8, updated_at = $9, version = version + 1 WHERE id = $10`,
			a.CaseID, dateText(&a.On), string(a.Channel), a.Topic, a.Notes, a.NextStep, dateText(a.NextDue), a.NextDone, now, a.ID); err != nil {
			return err
		}
		a.Actor, a.CreatedAt, a.UpdatedAt, a.Version = before.Actor, before.CreatedAt, now, before.Version+1
		return db.audit(ctx, tx, "update", "activity", a.ID, before, a)
	})
}

// ActivityFilter selects activities.
type ActivityFilter struct {
	EnterpriseID int64
	MentorID     int64
	CaseID       int64
	// Overdue: only next steps past their due date and not done (as of Today).
	Overdue bool
	Today   time.Time
	Limit   int
}

// ListActivities returns activities within the actor's scope, newest first.
func (db *DB) ListActivities(ctx context.Context, f ActivityFilter) ([]siapekspor.Activity, error) {
	w := mentoringScope(ctx, siapekspor.PermMentoringRead)
	if f.EnterpriseID != 0 {
		w.add("a.enterprise_id = ?", f.EnterpriseID)
	}
	if f.MentorID != 0 {
		w.add("a.mentor_user_id = ?", f.MentorID)
	}
	if f.CaseID != 0 {
		w.add("a.case_id = ?", f.CaseID)
	}
	order := " ORDER BY a.on_date DESC, a.id DESC"
	if f.Overdue {
		w.add("a.next_due <> '' AND NOT a.next_done AND a.next_due < ?", f.Today.Format(isoDate))
		order = " ORDER BY a.next_due, a.id"
	}
	if f.Limit <= 0 || f.Limit > 10000 {
		f.Limit = 500
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+activityColumns+` `+activityFrom+w.sql()+order+` LIMIT `+strconv.Itoa(f.Limit), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []siapekspor.Activity{}
	for rows.Next() {
		a, err := scanActivity(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	return out, rows.Err()
}

// ---- Assistance cases ----

const caseColumns = `c.id, c.enterprise_id, c.kind, c.title, c.status, c.owner_user_id, c.due_on, c.notes, c.outcome,
	c.opened_at, c.closed_at, c.updated_at, c.version, e.name, COALESCE(CASE WHEN u.name <> '' THEN u.name ELSE u.email END, '')`

const caseFrom = `FROM assistance_cases c JOIN enterprises e ON e.id = c.enterprise_id LEFT JOIN users u ON u.id = c.owner_user_id`

func scanCase(s interface{ Scan(...any) error }) (*siapekspor.Case, error) {
	var c siapekspor.Case
	var owner sql.NullInt64
	var due string
	var closed sql.NullTime
	err := s.Scan(&c.ID, &c.EnterpriseID, &c.Kind, &c.Title, &c.Status, &owner, &due, &c.Notes, &c.Outcome,
		&c.OpenedAt, &closed, &c.UpdatedAt, &c.Version, &c.EnterpriseName, &c.OwnerName)
	if err != nil {
		return nil, err
	}
	if owner.Valid {
		c.OwnerID = &owner.Int64
	}
	if closed.Valid {
		t := closed.Time.UTC()
		c.ClosedAt = &t
	}
	c.DueOn = parseDateText(due)
	c.OpenedAt, c.UpdatedAt = c.OpenedAt.UTC(), c.UpdatedAt.UTC()
	return &c, nil
}

func (db *DB) checkCaseOwner(ctx context.Context, q queryer, c *siapekspor.Case) error {
	if c.OwnerID == nil {
		return nil
	}
	var disabled bool
	err := q.QueryRowContext(ctx, `SELECT disabled FROM users WHERE id = $1`, *c.OwnerID).Scan(&disabled)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && disabled) {
		return siapekspor.FieldInvalid("owner_user_id", "mentoring.unknown_user")
	}
	return err
}

// CreateCase opens an assistance case for an enterprise the actor reaches;
// without an owner, the actor is responsible for it.
func (db *DB) CreateCase(ctx context.Context, c *siapekspor.Case) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := db.enterpriseFor(ctx, tx, c.EnterpriseID, siapekspor.PermMentoringWrite); err != nil {
			return err
		}
		actor := siapekspor.ActorFrom(ctx)
		if c.OwnerID == nil && actor.UserID != 0 {
			c.OwnerID = &actor.UserID
		}
		c.Normalize()
		if err := c.Validate(); err != nil {
			return err
		}
		if err := db.checkCaseOwner(ctx, tx, c); err != nil {
			return err
		}
		now := db.now()
		c.OpenedAt, c.UpdatedAt, c.Version = now, now, 1
		if c.Status.Closed() {
			c.ClosedAt = &now
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO assistance_cases (enterprise_id, kind, title, status, owner_user_id, due_on, notes, outcome,
			opened_at, closed_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9, 1) RETURNING id`,
			c.EnterpriseID, string(c.Kind), c.Title, string(c.Status), c.OwnerID, dateText(c.DueOn), c.Notes, c.Outcome, now, c.ClosedAt).Scan(&c.ID)
		if err != nil {
			return err
		}
		return db.audit(ctx, tx, "create", "case", c.ID, nil, c)
	})
}

// Case returns one assistance case the actor may read.
func (db *DB) Case(ctx context.Context, id int64) (*siapekspor.Case, error) {
	return db.assistanceCase(ctx, db.read, id, siapekspor.PermMentoringRead)
}

func (db *DB) assistanceCase(ctx context.Context, q queryer, id int64, perm siapekspor.Permission) (*siapekspor.Case, error) {
	c, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseColumns+` `+caseFrom+` WHERE c.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("case")
	}
	if err != nil {
		return nil, err
	}
	if _, err := db.enterpriseFor(ctx, q, c.EnterpriseID, perm); err != nil {
		return nil, err
	}
	return c, nil
}

// UpdateCase stores an edited case; closing it stamps the time.
func (db *DB) UpdateCase(ctx context.Context, c *siapekspor.Case) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := db.assistanceCase(ctx, tx, c.ID, siapekspor.PermMentoringWrite)
		if err != nil {
			return err
		}
		if before.Version != c.Version {
			return siapekspor.Errorf(siapekspor.EConflict, "error.stale_version")
		}
		c.EnterpriseID, c.OpenedAt = before.EnterpriseID, before.OpenedAt
		c.Normalize()
		if err := c.Validate(); err != nil {
			return err
		}
		if err := db.checkCaseOwner(ctx, tx, c); err != nil {
			return err
		}
		now := db.now()
		switch {
		case c.Status.Closed() && before.ClosedAt != nil:
			c.ClosedAt = before.ClosedAt
		case c.Status.Closed():
			c.ClosedAt = &now
		default:
			c.ClosedAt = nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assistance_cases SET kind = $1, title = $2, status = $3, owner_user_id = $4, due_on = $5,
			notes = $6, outcome = $7, closed_at = $8, updated_at = $9, version = version + 1 WHERE id = $10`,
			string(c.Kind), c.Title, string(c.Status), c.OwnerID, dateText(c.DueOn), c.Notes, c.Outcome, c.ClosedAt, now, c.ID); err != nil {
			return err
		}
		c.UpdatedAt, c.Version = now, before.Version+1
		return db.audit(ctx, tx, "update", "case", c.ID, before, c)
	})
}

// CaseFilter selects assistance cases.
type CaseFilter struct {
	EnterpriseID int64
	OwnerID      int64
	Status       siapekspor.CaseStatus
	// Open: only cases not done or cancelled. Overdue: open and past due as of Today.
	Open    bool
	Overdue bool
	Today   time.Time
	Limit   int
}

// ListCases returns cases within the actor's scope: overdue ones by due
// date, the others newest first.
func (db *DB) ListCases(ctx context.Context, f CaseFilter) ([]siapekspor.Case, error) {
	w := mentoringScope(ctx, siapekspor.PermMentoringRead)
	if f.EnterpriseID != 0 {
		w.add("c.enterprise_id = ?", f.EnterpriseID)
	}
	if f.OwnerID != 0 {
		w.add("c.owner_user_id = ?", f.OwnerID)
	}
	if f.Status != "" {
		w.add("c.status = ?", string(f.Status))
	}
	if f.Open || f.Overdue {
		w.add("c.status IN ('open', 'in_progress')")
	}
	order := " ORDER BY c.opened_at DESC, c.id DESC"
	if f.Overdue {
		w.add("c.due_on <> '' AND c.due_on < ?", f.Today.Format(isoDate))
		order = " ORDER BY c.due_on, c.id"
	}
	if f.Limit <= 0 || f.Limit > 10000 {
		f.Limit = 500
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+caseColumns+` `+caseFrom+w.sql()+order+` LIMIT `+strconv.Itoa(f.Limit), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []siapekspor.Case{}
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}
