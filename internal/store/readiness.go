package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/readiness"
)

// QuestionnaireStatus is where a questionnaire version stands: a draft is
// edited freely; the published one is what new assessments answer; a
// retired one was published before. Published and retired versions never
// change, so every assessment keeps the questions and points it was scored by.
type QuestionnaireStatus string

const (
	QuestionnaireDraft     QuestionnaireStatus = "draft"
	QuestionnairePublished QuestionnaireStatus = "published"
	QuestionnaireRetired   QuestionnaireStatus = "retired"
)

// QuestionnaireVersion is one stored version of the questionnaire.
type QuestionnaireVersion struct {
	Version     int                      `json:"version"`
	Status      QuestionnaireStatus      `json:"status"`
	Note        string                   `json:"note"`
	Body        *readiness.Questionnaire `json:"questionnaire"`
	CreatedAt   time.Time                `json:"created_at"`
	CreatedBy   string                   `json:"created_by"`
	PublishedAt *time.Time               `json:"published_at,omitempty"`
	Assessments int                      `json:"assessments"` // answered with this version
}

// seedQuestionnaire stores the built-in questionnaire as version 1 of an
// empty table; it runs with the reference data at every start.
func (db *DB) seedQuestionnaire(ctx context.Context) error {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM questionnaires`).Scan(&n); err != nil || n > 0 {
		return err
	}
	now := db.now()
	_, err := db.write.ExecContext(ctx, `INSERT INTO questionnaires (version, status, body_json, note, created_at, created_by, published_at)
		VALUES (1, 'published', $1, 'built-in', $2, 'system', $2) ON CONFLICT (version) DO NOTHING`, string(readiness.DefaultJSON()), now)
	return err
}

const questionnaireSelect = `SELECT q.version, q.status, q.body_json, q.note, q.created_at, q.created_by, q.published_at,
	(SELECT COUNT(*) FROM assessments a WHERE a.questionnaire_version = q.version) FROM questionnaires q`

func scanQuestionnaire(s interface{ Scan(...any) error }) (*QuestionnaireVersion, error) {
	var v QuestionnaireVersion
	var body string
	var published sql.NullTime
	if err := s.Scan(&v.Version, &v.Status, &body, &v.Note, &v.CreatedAt, &v.CreatedBy, &published, &v.Assessments); err != nil {
		return nil, err
	}
	v.Body = &readiness.Questionnaire{}
	if err := json.Unmarshal([]byte(body), v.Body); err != nil {
		return nil, err
	}
	v.Body.Version = v.Version
	v.CreatedAt = v.CreatedAt.UTC()
	if published.Valid {
		t := published.Time.UTC()
		v.PublishedAt = &t
	}
	return &v, nil
}

// Questionnaires lists every version, newest first.
func (db *DB) Questionnaires(ctx context.Context) ([]QuestionnaireVersion, error) {
	rows, err := db.read.QueryContext(ctx, questionnaireSelect+` ORDER BY q.version DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []QuestionnaireVersion{}
	for rows.Next() {
		v, err := scanQuestionnaire(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, rows.Err()
}

// Questionnaire returns one version.
func (db *DB) Questionnaire(ctx context.Context, version int) (*QuestionnaireVersion, error) {
	return db.questionnaire(ctx, db.read, version)
}

func (db *DB) questionnaire(ctx context.Context, q queryer, version int) (*QuestionnaireVersion, error) {
	v, err := scanQuestionnaire(q.QueryRowContext(ctx, questionnaireSelect+` WHERE q.version = $1`, version))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("questionnaire")
	}
	return v, err
}

// CurrentQuestionnaire returns the published version: what new
// assessments answer.
func (db *DB) CurrentQuestionnaire(ctx context.Context) (*QuestionnaireVersion, error) {
	return db.currentQuestionnaire(ctx, db.read)
}

func (db *DB) currentQuestionnaire(ctx context.Context, q queryer) (*QuestionnaireVersion, error) {
	v, err := scanQuestionnaire(q.QueryRowContext(ctx, questionnaireSelect+` WHERE q.status = 'published' ORDER BY q.version DESC LIMIT 1`))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("questionnaire")
	}
	return v, err
}

func canAdminQuestionnaire(ctx context.Context) error {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermQuestionnaireAdmin) {
		return siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	return nil
}

// CreateQuestionnaireDraft starts a new version as a draft: a copy of
// version from, or body when given.
func (db *DB) CreateQuestionnaireDraft(ctx context.Context, from int, body *readiness.Questionnaire, note string) (*QuestionnaireVersion, error) {
	if err := canAdminQuestionnaire(ctx); err != nil {
		return nil, err
	}
	var out *QuestionnaireVersion
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if body == nil {
			src, err := db.questionnaire(ctx, tx, from)
			if err != nil {
				return err
			}
			body = src.Body.Clone()
		}
		if err := body.Validate(); err != nil {
			return err
		}
		var next int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM questionnaires`).Scan(&next); err != nil {
			return err
		}
		body.Version = next
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO questionnaires (version, status, body_json, note, created_at, created_by) VALUES ($1, 'draft', $2, $3, $4, $5)`,
			next, string(b), note, db.now(), siapekspor.ActorFrom(ctx).Label); err != nil {
			return err
		}
		if out, err = db.questionnaire(ctx, tx, next); err != nil {
			return err
		}
		return db.audit(ctx, tx, "create", "questionnaire", int64(next), nil, out)
	})
	return out, err
}

// UpdateQuestionnaire replaces a draft's questions, options, weights and
// thresholds. A published or retired version is refused: assessments were
// (or will be) scored with it, and their scores must not move.
func (db *DB) UpdateQuestionnaire(ctx context.Context, version int, body *readiness.Questionnaire, note string) (*QuestionnaireVersion, error) {
	if err := canAdminQuestionnaire(ctx); err != nil {
		return nil, err
	}
	var out *QuestionnaireVersion
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := db.questionnaire(ctx, tx, version)
		if err != nil {
			return err
		}
		if before.Status != QuestionnaireDraft {
			return siapekspor.Errorf(siapekspor.EConflict, "readiness.version_frozen", version, siapekspor.Count(before.Assessments))
		}
		body.Version = version
		if err := body.Validate(); err != nil {
			return err
		}
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE questionnaires SET body_json = $1, note = $2 WHERE version = $3`, string(b), note, version); err != nil {
			return err
		}
		if out, err = db.questionnaire(ctx, tx, version); err != nil {
			return err
		}
		return db.audit(ctx, tx, "update", "questionnaire", int64(version), before, out)
	})
	return out, err
}

// PublishQuestionnaire makes a draft the version new assessments answer;
// the previously published one is retired.
func (db *DB) PublishQuestionnaire(ctx context.Context, version int) error {
	if err := canAdminQuestionnaire(ctx); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		v, err := db.questionnaire(ctx, tx, version)
		if err != nil {
			return err
		}
		if v.Status != QuestionnaireDraft {
			return siapekspor.Errorf(siapekspor.EConflict, "readiness.not_a_draft", version)
		}
		if err := v.Body.Validate(); err != nil {
			return err
		}
		now := db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE questionnaires SET status = 'retired' WHERE status = 'published'`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE questionnaires SET status = 'published', published_at = $1 WHERE version = $2`, now, version); err != nil {
			return err
		}
		return db.audit(ctx, tx, "publish", "questionnaire", int64(version), nil, map[string]any{"version": version})
	})
}

// DeleteQuestionnaireDraft discards a draft.
func (db *DB) DeleteQuestionnaireDraft(ctx context.Context, version int) error {
	if err := canAdminQuestionnaire(ctx); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		v, err := db.questionnaire(ctx, tx, version)
		if err != nil {
			return err
		}
		if v.Status != QuestionnaireDraft {
			return siapekspor.Errorf(siapekspor.EConflict, "readiness.not_a_draft", version)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM questionnaires WHERE version = $1`, version); err != nil {
			return err
		}
		return db.audit(ctx, tx, "delete", "questionnaire", int64(version), v, nil)
	})
}

// AssessmentKind tells who answered: the owner itself, an officer or a mentor.
type AssessmentKind string

const (
	AssessedBySelf    AssessmentKind = "self"
	AssessedByOfficer AssessmentKind = "officer"
	AssessedByMentor  AssessmentKind = "mentor"
)

// Assessment is one stored readiness assessment with its scored result.
type Assessment struct {
	ID           int64                          `json:"id"`
	EnterpriseID int64                          `json:"enterprise_id"`
	Version      int                            `json:"questionnaire_version"`
	Kind         AssessmentKind                 `json:"kind"`
	Actor        string                         `json:"actor"`
	Answers      readiness.Answers              `json:"answers"`
	Prefilled    map[string]readiness.Prefilled `json:"prefilled"`
	Result       *readiness.Result              `json:"result"`
	Overall      float64                        `json:"overall"`
	Level        siapekspor.TrainingLevel       `json:"level"`
	CreatedAt    time.Time                      `json:"created_at"`
	// Filled on read.
	EnterpriseName string `json:"enterprise_name,omitempty"`
	RegencyCode    string `json:"regency_code,omitempty"`
	RegencyName    string `json:"regency_name,omitempty"`
}

// RegistrySource is the message key saying where the registry's answer to
// a question came from, or "" when the answer is the person's own
// (readiness.FromRegistry).
func (a *Assessment) RegistrySource(question string) string {
	if !readiness.FromRegistry(a.Prefilled, a.Answers, question) {
		return ""
	}
	return a.Prefilled[question].SourceKey
}

const assessmentSelect = `SELECT a.id, a.enterprise_id, a.questionnaire_version, a.kind, a.actor, a.answers_json, a.prefilled_json,
	a.result_json, a.overall, a.level, a.created_at, e.name, e.regency_code
	FROM assessments a JOIN enterprises e ON e.id = a.enterprise_id`

// frozenQuestionnaire returns the body of a published or retired version,
// which never changes, from memory after the first read.
func (db *DB) frozenQuestionnaire(ctx context.Context, q queryer, version int) (*readiness.Questionnaire, error) {
	if body, ok := db.frozen.Load(version); ok {
		return body.(*readiness.Questionnaire), nil
	}
	v, err := db.questionnaire(ctx, q, version)
	if err != nil {
		return nil, err
	}
	if v.Status != QuestionnaireDraft {
		db.frozen.Store(version, v.Body)
	}
	return v.Body, nil
}

// expand restores what a stored result leaves to its questionnaire
// version and answers (readiness.Compact).
func (db *DB) expand(ctx context.Context, q queryer, a *Assessment) error {
	body, err := db.frozenQuestionnaire(ctx, q, a.Version)
	if err != nil {
		return err
	}
	readiness.Expand(a.Result, body, a.Answers)
	return nil
}

// resultJSON is a result as stored: compacted against the version it was
// scored with and its answers.
func resultJSON(r *readiness.Result, q *readiness.Questionnaire, a readiness.Answers) (string, error) {
	b, err := json.Marshal(readiness.Compact(r, q, a))
	return string(b), err
}

func scanAssessment(s interface{ Scan(...any) error }) (*Assessment, error) {
	var a Assessment
	var answers, prefilled, result string
	if err := s.Scan(&a.ID, &a.EnterpriseID, &a.Version, &a.Kind, &a.Actor, &answers, &prefilled, &result, &a.Overall, &a.Level,
		&a.CreatedAt, &a.EnterpriseName, &a.RegencyCode); err != nil {
		return nil, err
	}
	a.RegencyName = regionNameOf(a.RegencyCode)
	a.CreatedAt = a.CreatedAt.UTC()
	if err := json.Unmarshal([]byte(answers), &a.Answers); err != nil {
		return nil, err
	}
	a.Prefilled = map[string]readiness.Prefilled{}
	if prefilled != "" {
		if err := json.Unmarshal([]byte(prefilled), &a.Prefilled); err != nil {
			return nil, err
		}
	}
	a.Result = &readiness.Result{}
	return &a, json.Unmarshal([]byte(result), a.Result)
}

// Facts collects what the registry knows about an enterprise for the
// questionnaire: its NIB, whose NPWP it has, export status, size,
// certificates and products.
func (db *DB) Facts(ctx context.Context, enterpriseID int64) (readiness.Facts, error) {
	e, err := db.enterpriseFor(ctx, db.read, enterpriseID, siapekspor.PermReadinessRead)
	if err != nil {
		return readiness.Facts{}, err
	}
	return db.facts(ctx, db.read, e)
}

// facts reads what the registry knows of one enterprise for its assessment.
func (db *DB) facts(ctx context.Context, q queryer, e *siapekspor.Enterprise) (readiness.Facts, error) {
	all, err := db.factsOf(ctx, q, []int64{e.ID})
	f := all[e.ID]
	f.Now = db.now()
	return f, err
}

// AssessmentForm is what a person answering an assessment sees: the
// current questionnaire and the answers the registry implies.
type AssessmentForm struct {
	Questionnaire *QuestionnaireVersion          `json:"questionnaire"`
	Prefilled     map[string]readiness.Prefilled `json:"prefilled"`
	// Previous: the enterprise's latest answers, to start from.
	Previous readiness.Answers `json:"previous,omitempty"`
}

// NewAssessmentForm prepares an assessment of an enterprise the actor may assess.
func (db *DB) NewAssessmentForm(ctx context.Context, enterpriseID int64) (*AssessmentForm, error) {
	e, err := db.enterpriseFor(ctx, db.read, enterpriseID, siapekspor.PermAssess)
	if err != nil {
		return nil, err
	}
	v, err := db.CurrentQuestionnaire(ctx)
	if err != nil {
		return nil, err
	}
	f, err := db.facts(ctx, db.read, e)
	if err != nil {
		return nil, err
	}
	form := &AssessmentForm{Questionnaire: v, Prefilled: readiness.Prefill(v.Body, f)}
	last, err := scanAssessment(db.readQueryRow(ctx, assessmentSelect+` WHERE a.enterprise_id = $1 ORDER BY a.created_at DESC, a.id DESC LIMIT 1`, enterpriseID))
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, err
	default:
		form.Previous = last.Answers
	}
	return form, nil
}

// CreateAssessment scores answers against the published questionnaire
// and stores the assessment, its result and the enterprise's new class in
// one transaction. Answers outside a question's options are refused and
// nothing is stored.
func (db *DB) CreateAssessment(ctx context.Context, enterpriseID int64, answers readiness.Answers) (*Assessment, error) {
	var out *Assessment
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		e, err := db.enterpriseFor(ctx, tx, enterpriseID, siapekspor.PermAssess)
		if err != nil {
			return err
		}
		v, err := db.currentQuestionnaire(ctx, tx)
		if err != nil {
			return err
		}
		f, err := db.facts(ctx, tx, e)
		if err != nil {
			return err
		}
		result, err := readiness.Score(v.Body, answers, f)
		if err != nil {
			return err
		}
		prefilled := readiness.Prefill(v.Body, f)
		actor := siapekspor.ActorFrom(ctx)
		kind := AssessedByOfficer
		switch actor.Role {
		case siapekspor.RoleOwner:
			kind = AssessedBySelf
		case siapekspor.RoleMentor:
			kind = AssessedByMentor
		}
		var userID any
		if actor.UserID != 0 {
			userID = actor.UserID
		}
		ab, _ := json.Marshal(answers)
		pb, _ := json.Marshal(prefilled)
		rb, err := resultJSON(result, v.Body, answers)
		if err != nil {
			return err
		}
		// The funnel reads the assessments themselves: out before the insert.
		if err := db.recountFunnel(ctx, tx, -1, "e.id = $1", enterpriseID); err != nil {
			return err
		}
		now := db.now()
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO assessments (enterprise_id, questionnaire_version, kind, user_id, actor, answers_json, prefilled_json,
			result_json, overall, level, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			enterpriseID, v.Version, string(kind), userID, actor.Label, string(ab), string(pb), rb, result.Overall, string(result.Level), now).Scan(&id); err != nil {
			return err
		}
		err = db.recounted(ctx, tx, countEnterprises, "e.id = $1", []any{enterpriseID}, func() error {
			_, err := tx.ExecContext(ctx, `INSERT INTO enterprise_readiness (enterprise_id, assessment_id, level, overall, assessed_at) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (enterprise_id) DO UPDATE SET assessment_id = excluded.assessment_id, level = excluded.level, overall = excluded.overall,
				assessed_at = excluded.assessed_at`, enterpriseID, id, string(result.Level), result.Overall, now)
			return err
		})
		if err != nil {
			return err
		}
		if err := db.recountFunnel(ctx, tx, 1, "e.id = $1", enterpriseID); err != nil {
			return err
		}
		if out, err = db.assessment(ctx, tx, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, "create", "assessment", id, nil, map[string]any{"enterprise_id": enterpriseID,
			"questionnaire_version": v.Version, "answers": answers, "overall": result.Overall, "level": result.Level})
	})
	return out, err
}

func (db *DB) assessment(ctx context.Context, q queryer, id int64) (*Assessment, error) {
	a, err := scanAssessment(q.QueryRowContext(ctx, assessmentSelect+` WHERE a.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("assessment")
	}
	if err != nil {
		return nil, err
	}
	return a, db.expand(ctx, q, a)
}

// Assessment returns one assessment of an enterprise the actor may read.
func (db *DB) Assessment(ctx context.Context, id int64) (*Assessment, error) {
	a, err := db.assessment(ctx, db.read, id)
	if err != nil {
		return nil, err
	}
	if _, err := db.enterpriseFor(ctx, db.read, a.EnterpriseID, siapekspor.PermReadinessRead); err != nil {
		return nil, err
	}
	return a, nil
}

// EnterpriseAssessments returns an enterprise's assessments, newest first:
// its movement between classes.
func (db *DB) EnterpriseAssessments(ctx context.Context, enterpriseID int64) ([]Assessment, error) {
	if _, err := db.enterpriseFor(ctx, db.read, enterpriseID, siapekspor.PermReadinessRead); err != nil {
		return nil, err
	}
	rows, err := db.readQuery(ctx, assessmentSelect+` WHERE a.enterprise_id = $1 ORDER BY a.created_at DESC, a.id DESC`, enterpriseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Assessment{}
	for rows.Next() {
		a, err := scanAssessment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for i := range out {
		if err := db.expand(ctx, db.read, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ReadinessFilter selects enterprises by their latest assessment.
type ReadinessFilter struct {
	Level       siapekspor.TrainingLevel
	RegencyCode string
	Sector      siapekspor.Sector
	Kind        siapekspor.EnterpriseKind
	MinScore    *float64
	Limit       int
	Offset      int
}

// ReadinessRow is an enterprise with its latest assessment.
type ReadinessRow struct {
	EnterpriseID   int64                    `json:"enterprise_id"`
	EnterpriseName string                   `json:"enterprise_name"`
	RegencyCode    string                   `json:"regency_code"`
	RegencyName    string                   `json:"regency_name"`
	Sector         siapekspor.Sector        `json:"sector"`
	AssessmentID   int64                    `json:"assessment_id"`
	Level          siapekspor.TrainingLevel `json:"level"`
	Overall        float64                  `json:"overall"`
	AssessedAt     time.Time                `json:"assessed_at"`
	// Trained: completed a programme before.
	Trained bool `json:"trained"`
}

func readinessWhere(ctx context.Context, f ReadinessFilter) *where {
	w := mentoringScope(ctx, siapekspor.PermReadinessRead)
	if f.Level != "" {
		w.add("r.level = ?", string(f.Level))
	}
	if f.RegencyCode != "" {
		w.add("e.regency_code = ?", f.RegencyCode)
	}
	if f.Sector != "" {
		w.add("e.sector = ?", string(f.Sector))
	}
	if f.Kind != "" {
		w.add("e.kind = ?", string(f.Kind))
	}
	if f.MinScore != nil {
		w.add("r.overall >= ?", *f.MinScore)
	}
	return w
}

const readinessSelect = `SELECT e.id, e.name, e.regency_code, e.sector, r.assessment_id, r.level, r.overall, r.assessed_at,
	EXISTS (SELECT 1 FROM enrolments n WHERE n.enterprise_id = e.id AND n.completed)
	FROM enterprise_readiness r JOIN enterprises e ON e.id = r.enterprise_id`

// EachReadiness calls fn for every assessed enterprise a filter selects
// within the actor's scope, best score first. The text has its paging as
// arguments, so a page's query is one kept statement (stmtcache.go).
func (db *DB) EachReadiness(ctx context.Context, f ReadinessFilter, fn func(*ReadinessRow) error) error {
	q, args := readinessQuery(ctx, f)
	rows, err := db.readQuery(ctx, q, args...)
	if err != nil {
		return err
	}
	return scanReadiness(rows, fn)
}

func (db *DB) eachReadiness(ctx context.Context, q queryer, f ReadinessFilter, fn func(*ReadinessRow) error) error {
	text, args := readinessQuery(ctx, f)
	rows, err := q.QueryContext(ctx, text, args...)
	if err != nil {
		return err
	}
	return scanReadiness(rows, fn)
}

func readinessQuery(ctx context.Context, f ReadinessFilter) (string, []any) {
	w := readinessWhere(ctx, f)
	q := readinessSelect + w.sql() + ` ORDER BY r.overall DESC, r.enterprise_id`
	args := w.args
	if f.Limit > 0 {
		q += ` LIMIT $` + strconv.Itoa(len(args)+1) + ` OFFSET $` + strconv.Itoa(len(args)+2)
		args = append(args, f.Limit, max(f.Offset, 0))
	}
	return q, args
}

func scanReadiness(rows *sql.Rows, fn func(*ReadinessRow) error) error {
	defer rows.Close()
	for rows.Next() {
		var r ReadinessRow
		if err := rows.Scan(&r.EnterpriseID, &r.EnterpriseName, &r.RegencyCode, &r.Sector, &r.AssessmentID, &r.Level, &r.Overall,
			&r.AssessedAt, &r.Trained); err != nil {
			return err
		}
		r.RegencyName = regionNameOf(r.RegencyCode)
		r.AssessedAt = r.AssessedAt.UTC()
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ReadinessPage is a page of assessed enterprises and counts per class.
type ReadinessPage struct {
	Items   []ReadinessRow                   `json:"items"`
	Total   int                              `json:"total"`
	ByLevel map[siapekspor.TrainingLevel]int `json:"by_level"`
}

// ListReadiness returns a page of assessed enterprises, best score first,
// and how many of them are in each class.
func (db *DB) ListReadiness(ctx context.Context, f ReadinessFilter) (*ReadinessPage, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	page := &ReadinessPage{Items: []ReadinessRow{}, ByLevel: map[siapekspor.TrainingLevel]int{}}
	byLevel, err := db.readinessCounts(ctx, f)
	if err != nil {
		return nil, err
	}
	for l, n := range byLevel {
		page.ByLevel[siapekspor.TrainingLevel(l)] = n
		if f.Level == "" || siapekspor.TrainingLevel(l) == f.Level {
			page.Total += n
		}
	}
	err = db.EachReadiness(ctx, f, func(r *ReadinessRow) error {
		page.Items = append(page.Items, *r)
		return nil
	})
	return page, err
}

// readinessCounts counts the assessed enterprises of each class a filter
// (its level aside) selects within the actor's scope: from the summary
// figures, or over the rows for a minimum score or a scope of listed
// enterprises.
func (db *DB) readinessCounts(ctx context.Context, f ReadinessFilter) (map[string]int, error) {
	a := siapekspor.ActorFrom(ctx)
	if !siapekspor.Can(a, siapekspor.PermReadinessRead) {
		return map[string]int{}, nil
	}
	out := map[string]int{}
	if f.MinScore == nil {
		counts, ok, err := db.countEnterprises(ctx, siapekspor.EnterpriseFilter{RegencyCode: f.RegencyCode, Sector: f.Sector, Kind: f.Kind},
			siapekspor.ScopeOf(a), "readiness_level", func(w *where) { w.add("readiness_level <> ''") })
		if err != nil || ok {
			for l, n := range counts {
				if n != 0 {
					out[l] = int(n)
				}
			}
			return out, err
		}
	}
	f.Level = ""
	w := readinessWhere(ctx, f)
	rows, err := db.readQuery(ctx, `SELECT r.level, COUNT(*) FROM enterprise_readiness r JOIN enterprises e ON e.id = r.enterprise_id`+w.sql()+` GROUP BY r.level`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var l string
		var n int
		if err := rows.Scan(&l, &n); err != nil {
			return nil, err
		}
		out[l] = n
	}
	return out, rows.Err()
}

// AssessmentInput is one assessment of a bulk load: answers for an
// enterprise, answered on a day by a kind of assessor.
type AssessmentInput struct {
	EnterpriseID int64
	Answers      readiness.Answers
	Kind         AssessmentKind
	At           time.Time
}

// ImportAssessments scores and stores many assessments against the
// published questionnaire in one transaction: all, or none when any is
// refused (the error names the enterprise). The registry's facts are read
// once for all the enterprises. The demo province uses it; so can an office
// that assessed on paper.
func (db *DB) ImportAssessments(ctx context.Context, in []AssessmentInput) (int, error) {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermAssess) || !siapekspor.ScopeOf(siapekspor.ActorFrom(ctx)).All {
		return 0, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	if len(in) == 0 {
		return 0, nil
	}
	err := db.inBulkTx(ctx, func(tx *bulkTx) error {
		v, err := db.currentQuestionnaire(ctx, tx)
		if err != nil {
			return err
		}
		facts, err := db.bulkFacts(ctx, tx, in)
		if err != nil {
			return err
		}
		actor := siapekspor.ActorFrom(ctx)
		type scored struct {
			in                             AssessmentInput
			result                         *readiness.Result
			answers, prefilled, resultJSON string
		}
		rows := make([]scored, len(in))
		latest := map[int64]int{}
		score, err := readiness.Scorer(v.Body) // validated once for all
		if err != nil {
			return err
		}
		for i, a := range in {
			f, ok := facts[a.EnterpriseID]
			if !ok {
				return siapekspor.Errorf(siapekspor.ENotFound, "error.not_found.enterprise")
			}
			f.Now = a.At
			res, err := score(a.Answers, f)
			if err != nil {
				return err
			}
			ab, _ := json.Marshal(a.Answers)
			pb, _ := json.Marshal(readiness.Prefill(v.Body, f))
			rb, err := resultJSON(res, v.Body, a.Answers)
			if err != nil {
				return err
			}
			rows[i] = scored{in: a, result: res, answers: string(ab), prefilled: string(pb), resultJSON: rb}
			if j, seen := latest[a.EnterpriseID]; !seen || a.At.After(in[j].At) || a.At.Equal(in[j].At) && i > j {
				latest[a.EnterpriseID] = i
			}
		}
		ids := make([]int64, 0, len(latest))
		for e := range latest {
			ids = append(ids, e)
		}
		// The funnel reads the assessments themselves: out before the insert.
		if err := db.recountFunnel(ctx, tx, -1, recountIDs(ids)); err != nil {
			return err
		}
		// Explicit ids tie each enterprise's latest row to its assessment;
		// the lock keeps other writers from taking the same ids meanwhile.
		if err := db.dialect.lockForInsert(ctx, tx, "assessments"); err != nil {
			return err
		}
		var first int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM assessments`).Scan(&first); err != nil {
			return err
		}
		err = db.batchInsert(ctx, tx, "assessments", []string{"id", "enterprise_id", "questionnaire_version", "kind", "actor", "answers_json",
			"prefilled_json", "result_json", "overall", "level", "created_at"}, "", len(rows), func(i int, dst []any) []any {
			r := rows[i]
			return append(dst, first+1+int64(i), r.in.EnterpriseID, v.Version, string(r.in.Kind), actor.Label, r.answers, r.prefilled, r.resultJSON,
				r.result.Overall, string(r.result.Level), r.in.At.UTC().Truncate(time.Second))
		})
		if err != nil {
			return err
		}
		if err := db.dialect.afterExplicitIDs(ctx, tx, "assessments"); err != nil {
			return err
		}
		if err := db.recount(ctx, tx, -1, countEnterprises, recountIDs(ids)); err != nil {
			return err
		}
		err = db.batchInsert(ctx, tx, "enterprise_readiness", []string{"enterprise_id", "assessment_id", "level", "overall", "assessed_at"},
			// An older paper assessment imported later never replaces a newer latest one.
			` ON CONFLICT (enterprise_id) DO UPDATE SET assessment_id = excluded.assessment_id, level = excluded.level, overall = excluded.overall,
			assessed_at = excluded.assessed_at WHERE excluded.assessed_at >= enterprise_readiness.assessed_at`, len(ids), func(i int, dst []any) []any {
				j := latest[ids[i]]
				r := rows[j]
				return append(dst, r.in.EnterpriseID, first+1+int64(j), string(r.result.Level), r.result.Overall, r.in.At.UTC().Truncate(time.Second))
			})
		if err != nil {
			return err
		}
		if err := db.recount(ctx, tx, 1, countEnterprises|countFunnel, recountIDs(ids)); err != nil {
			return err
		}
		return db.audit(ctx, tx, "import", "assessment", 0, nil, map[string]any{"assessments": len(rows), "enterprises": len(ids), "questionnaire_version": v.Version})
	})
	if err != nil {
		return 0, err
	}
	return len(in), nil
}

// FactsOf reads the registry's facts of many enterprises at once, judged
// on at (a certificate expired by then does not count): what an import of
// assessments would prefill, for callers that answer in bulk (the demo).
func (db *DB) FactsOf(ctx context.Context, ids []int64, at time.Time) (map[int64]readiness.Facts, error) {
	a := siapekspor.ActorFrom(ctx)
	if !siapekspor.Can(a, siapekspor.PermReadinessRead) || !siapekspor.ScopeOf(a).All {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	out, err := db.factsOf(ctx, db.read, ids)
	for id, f := range out {
		f.Now = at
		out[id] = f
	}
	return out, err
}

// bulkFacts reads the registry's facts for many enterprises at once.
func (db *DB) bulkFacts(ctx context.Context, q queryer, in []AssessmentInput) (map[int64]readiness.Facts, error) {
	seen := map[int64]bool{}
	var ids []int64
	for _, a := range in {
		if !seen[a.EnterpriseID] {
			seen[a.EnterpriseID] = true
			ids = append(ids, a.EnterpriseID)
		}
	}
	return db.factsOf(ctx, q, ids)
}

// factsOf reads the registry's facts of enterprises, 500 at a time: three
// queries a chunk, whatever the number of products and certificates.
func (db *DB) factsOf(ctx context.Context, q queryer, ids []int64) (map[int64]readiness.Facts, error) {
	out := map[int64]readiness.Facts{}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		rows, err := q.QueryContext(ctx, `SELECT id, nib, npwp, legal_form, export_status, size_class FROM enterprises WHERE `+idIn("id", chunk))
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var nib, npwp, form, status, size string
			if err := rows.Scan(&id, &nib, &npwp, &form, &status, &size); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = readiness.Facts{HasNIB: nib != "", NPWP: siapekspor.NPWPHolderOf(npwp, siapekspor.LegalForm(form)),
				ExportStatus: siapekspor.ExportStatus(status), Size: siapekspor.SizeClass(size)}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		prows, err := q.QueryContext(ctx, `SELECT `+productColumns+` `+productFrom+` WHERE `+idIn("p.enterprise_id", chunk))
		if err != nil {
			return nil, err
		}
		for prows.Next() {
			p, err := scanProduct(prows)
			if err != nil {
				prows.Close()
				return nil, err
			}
			if f, ok := out[p.EnterpriseID]; ok {
				f.Products = append(f.Products, *p)
				out[p.EnterpriseID] = f
			}
		}
		prows.Close()
		if err := prows.Err(); err != nil {
			return nil, err
		}
		crows, err := q.QueryContext(ctx, `SELECT `+certificateColumns+` `+certificateFrom+` WHERE `+idIn("c.enterprise_id", chunk))
		if err != nil {
			return nil, err
		}
		for crows.Next() {
			c, err := scanCertificate(crows)
			if err != nil {
				crows.Close()
				return nil, err
			}
			if f, ok := out[c.EnterpriseID]; ok {
				f.Certificates = append(f.Certificates, *c)
				out[c.EnterpriseID] = f
			}
		}
		crows.Close()
		if err := crows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil // an id that matched no enterprise is missing: the caller refuses it
}
