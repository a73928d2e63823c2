package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/match"
)

// The deal pipeline (issue 17, items 3–4): matches stored from a
// request's ranking, introduced to the owner, answered, and moved to the
// shipment. The rules of a move are siapekspor.CheckMove; who reads a
// match is siapekspor.MatchScopeOf, applied here to every query.

const matchColumns = `m.id, m.request_id, m.enterprise_id, m.product_id, m.step, m.lost_reason, m.lost_from, m.score,
	m.contract_value, m.contract_currency, m.contract_quantity, m.contract_unit, m.contract_terms, m.step_at,
	m.created_at, m.updated_at, m.version, r.title, r.org_id, o.name, e.name, COALESCE(e.regency_code, ''), p.name_id, p.hs_code`

const matchFrom = `FROM matches m JOIN buying_requests r ON r.id = m.request_id JOIN organisations o ON o.id = r.org_id
	JOIN enterprises e ON e.id = m.enterprise_id JOIN products p ON p.id = m.product_id`

func scanMatch(s interface{ Scan(...any) error }) (*siapekspor.Match, error) {
	var m siapekspor.Match
	err := s.Scan(&m.ID, &m.RequestID, &m.EnterpriseID, &m.ProductID, &m.Step, &m.LostReason, &m.LostFrom, &m.Score,
		&m.Contract.Value, &m.Contract.Currency, &m.Contract.Quantity, &m.Contract.Unit, &m.Contract.Terms, &m.StepAt,
		&m.CreatedAt, &m.UpdatedAt, &m.Version, &m.RequestTitle, &m.OrgID, &m.OrgName, &m.EnterpriseName, &m.RegencyCode,
		&m.ProductName, &m.HSCode)
	if err != nil {
		return nil, err
	}
	m.StepAt, m.CreatedAt, m.UpdatedAt = m.StepAt.UTC(), m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	return &m, nil
}

// matchScopeWhere limits matches m (joined to e and r) to the actor's scope.
func matchScopeWhere(ctx context.Context) *where {
	a := siapekspor.ActorFrom(ctx)
	w := &where{}
	if !siapekspor.Can(a, siapekspor.PermPipelineRead) {
		w.add("1 = 0")
		return w
	}
	s := siapekspor.MatchScopeOf(a)
	switch {
	case s.None:
		w.add("1 = 0")
		return w
	case s.OrgID != 0:
		w.add("r.org_id = ?", s.OrgID)
	default:
		w.scope(s.Enterprises)
	}
	if s.MinStep != "" {
		var hidden []any
		for _, st := range siapekspor.MatchSteps {
			if st != siapekspor.StepLost && st.Order() < s.MinStep.Order() {
				hidden = append(hidden, string(st))
			}
		}
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(hidden)), ", ")
		w.add("m.step NOT IN ("+marks+")", hidden...)
		w.add("m.lost_from NOT IN ("+marks+")", hidden...)
	}
	return w
}

// MatchFilter selects matches.
type MatchFilter struct {
	RequestID    int64
	EnterpriseID int64
	OrgID        int64
	Step         siapekspor.MatchStep
	RegencyCode  string
	// Open: neither shipped nor lost.
	Open   bool
	Text   string // in the request's title, the enterprise's or product's name
	Limit  int
	Offset int
}

func (f MatchFilter) where(ctx context.Context) *where {
	w := matchScopeWhere(ctx)
	if f.RequestID != 0 {
		w.add("m.request_id = ?", f.RequestID)
	}
	if f.EnterpriseID != 0 {
		w.add("m.enterprise_id = ?", f.EnterpriseID)
	}
	if f.OrgID != 0 {
		w.add("r.org_id = ?", f.OrgID)
	}
	if f.Step != "" {
		w.add("m.step = ?", string(f.Step))
	}
	if f.RegencyCode != "" {
		w.add("e.regency_code = ?", f.RegencyCode)
	}
	if f.Open {
		w.add("m.step NOT IN (?, ?)", string(siapekspor.StepShipped), string(siapekspor.StepLost))
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		like := "%" + likeEscape(strings.ToLower(t)) + "%"
		w.add(`(LOWER(r.title) LIKE ? ESCAPE '\' OR LOWER(e.name) LIKE ? ESCAPE '\' OR LOWER(p.name_id) LIKE ? ESCAPE '\')`, like, like, like)
	}
	return w
}

// MatchPage is a page of matches and the total.
type MatchPage struct {
	Items []siapekspor.Match `json:"items"`
	Total int                `json:"total"`
}

// ListMatches returns the matches the actor reads, latest move first.
func (db *DB) ListMatches(ctx context.Context, f MatchFilter) (*MatchPage, error) {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermPipelineRead) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	w := f.where(ctx)
	page := &MatchPage{Items: []siapekspor.Match{}}
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) `+matchFrom+w.sql(), w.args...).Scan(&page.Total); err != nil {
		return nil, err
	}
	err := db.eachMatch(ctx, w, f.Limit, f.Offset, func(m *siapekspor.Match) error {
		page.Items = append(page.Items, *m)
		return nil
	})
	return page, err
}

// EachMatch calls fn for every match the filter selects (exports).
func (db *DB) EachMatch(ctx context.Context, f MatchFilter, fn func(*siapekspor.Match) error) error {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermPipelineRead) {
		return siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	return db.eachMatch(ctx, f.where(ctx), -1, 0, fn)
}

func (db *DB) eachMatch(ctx context.Context, w *where, limit, offset int, fn func(*siapekspor.Match) error) error {
	return eachRow(ctx, db.read, `SELECT `+matchColumns+` `+matchFrom+w.sql()+` ORDER BY m.step_at DESC, m.id DESC`+limitOffset(limit, offset), w.args, scanMatch, fn)
}

// Board is a pipeline board: for each step its count and its latest
// matches (at most PerStep).
type Board struct {
	Columns []BoardColumn `json:"columns"`
	Total   int           `json:"total"`
}

// BoardColumn is one step of a board.
type BoardColumn struct {
	Step  siapekspor.MatchStep `json:"step"`
	Count int                  `json:"count"`
	Items []siapekspor.Match   `json:"items"`
}

// BoardPerStep is how many matches a board column shows.
const BoardPerStep = 20

// MatchBoard returns the board of the matches a filter selects (per
// request: RequestID; per enterprise: EnterpriseID) in one query: the
// inner part numbers and counts each step's matches over the few tables
// the filter and the scope need, the outer one reads the latest
// BoardPerStep of each step whole.
func (db *DB) MatchBoard(ctx context.Context, f MatchFilter) (*Board, error) {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermPipelineRead) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	f.Step = ""
	w := f.where(ctx)
	from := `FROM matches m JOIN buying_requests r ON r.id = m.request_id JOIN enterprises e ON e.id = m.enterprise_id`
	if strings.TrimSpace(f.Text) != "" {
		from += ` JOIN products p ON p.id = m.product_id`
	}
	q := `SELECT ` + matchColumns + `, x.cnt FROM (SELECT m.id, COUNT(*) OVER (PARTITION BY m.step) AS cnt,
		ROW_NUMBER() OVER (PARTITION BY m.step ORDER BY m.step_at DESC, m.id DESC) AS rn ` + from + w.sql() + `) x
		JOIN matches m ON m.id = x.id JOIN buying_requests r ON r.id = m.request_id JOIN organisations o ON o.id = r.org_id
		JOIN enterprises e ON e.id = m.enterprise_id JOIN products p ON p.id = m.product_id
		WHERE x.rn <= ` + strconv.Itoa(BoardPerStep) + ` ORDER BY m.step_at DESC, m.id DESC`
	rows, err := db.read.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols := map[siapekspor.MatchStep]*BoardColumn{}
	for rows.Next() {
		var n int
		m, err := scanMatch(withExtra{rows, []any{&n}})
		if err != nil {
			return nil, err
		}
		c := cols[m.Step]
		if c == nil {
			c = &BoardColumn{Step: m.Step, Count: n}
			cols[m.Step] = c
		}
		c.Items = append(c.Items, *m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	b := &Board{}
	for _, s := range siapekspor.MatchSteps {
		c := BoardColumn{Step: s, Items: []siapekspor.Match{}}
		if got := cols[s]; got != nil {
			c = *got
		}
		b.Total += c.Count
		b.Columns = append(b.Columns, c)
	}
	return b, nil
}

// withExtra scans a row's columns past those of a scan function.
type withExtra struct {
	s     interface{ Scan(...any) error }
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.s.Scan(append(dest, w.extra...)...) }

// Match returns one match with its history, if the actor reads it.
func (db *DB) Match(ctx context.Context, id int64) (*siapekspor.Match, error) {
	m, err := db.readableMatch(ctx, db.read, id)
	if err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, match_id, from_step, to_step, at, COALESCE(user_id, 0), actor, note, lost_reason
		FROM match_steps WHERE match_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m.Steps = []siapekspor.MatchRecord{}
	for rows.Next() {
		var s siapekspor.MatchRecord
		if err := rows.Scan(&s.ID, &s.MatchID, &s.From, &s.To, &s.At, &s.UserID, &s.By, &s.Note, &s.LostReason); err != nil {
			return nil, err
		}
		s.At = s.At.UTC()
		m.Steps = append(m.Steps, s)
	}
	return m, rows.Err()
}

// readableMatch reads a match within the actor's scope (forbidden
// outside it, as an enterprise outside an officer's region is).
func (db *DB) readableMatch(ctx context.Context, q queryer, id int64) (*siapekspor.Match, error) {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermPipelineRead) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	w := matchScopeWhere(ctx)
	w.add("m.id = ?", id)
	m, err := scanMatch(q.QueryRowContext(ctx, `SELECT `+matchColumns+` `+matchFrom+w.sql(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM matches WHERE id = $1`, id).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 {
			return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
		}
		return nil, notFound("match")
	}
	return m, err
}

// Shortlist stores matches of a request for products from its ranking
// (officers, validators, admins): each at step shortlisted with the
// matcher's score, all or none. A product already matched to the request,
// one outside the actor's scope or a request not open is refused by field.
func (db *DB) Shortlist(ctx context.Context, requestID int64, productIDs []int64, note string) ([]*siapekspor.Match, error) {
	a := siapekspor.ActorFrom(ctx)
	if !siapekspor.Can(a, siapekspor.PermMatchMove) || a.Role == siapekspor.RoleOwner || a.Role == siapekspor.RoleBuyer {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	var p siapekspor.Problems
	p.Text("note", note)
	if len(productIDs) == 0 {
		p.Add("product_ids", "field.required")
	}
	if len(productIDs) > 100 {
		p.Add("product_ids", "pipeline.too_many", 100)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	r, err := db.BuyingRequest(ctx, requestID)
	if err != nil {
		return nil, err
	}
	if r.Status != siapekspor.RequestOpen {
		return nil, siapekspor.FieldInvalid("request_id", "pipeline.request_not_open")
	}
	scores := map[int64]float64{}
	if rk, err := db.MatchRequest(ctx, requestID, MatchOptions{Top: match.MaxTop, NearMisses: match.MaxTop, AllProducts: true}); err == nil {
		for _, list := range [][]match.Entry{rk.Ranking.Entries, rk.Ranking.NearMisses} {
			for _, e := range list {
				scores[e.ProductID] = e.Score
			}
		}
	}
	scope := siapekspor.MatchScopeOf(a)
	var out []*siapekspor.Match
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		for _, pid := range productIDs {
			var eid int64
			err := tx.QueryRowContext(ctx, `SELECT enterprise_id FROM products WHERE id = $1`, pid).Scan(&eid)
			if errors.Is(err, sql.ErrNoRows) {
				return siapekspor.FieldInvalid("product_ids", "pipeline.product_unknown", pid)
			}
			if err != nil {
				return err
			}
			e, err := db.enterprise(ctx, tx, eid)
			if err != nil {
				return err
			}
			m := &siapekspor.Match{RequestID: r.ID, EnterpriseID: eid, ProductID: pid, Step: siapekspor.StepShortlisted,
				Score: scores[pid], StepAt: now, CreatedAt: now, UpdatedAt: now, Version: 1, OrgID: r.OrgID}
			if !scope.Contains(m, e) {
				return siapekspor.Errorf(siapekspor.EForbidden, "pipeline.product_outside_scope", pid)
			}
			var dup int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM matches WHERE request_id = $1 AND product_id = $2`, r.ID, pid).Scan(&dup); err != nil {
				return err
			}
			if dup > 0 {
				return siapekspor.FieldInvalid("product_ids", "pipeline.already_matched", pid)
			}
			if err := db.recountFunnel(ctx, tx, -1, "e.id = $1", eid); err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO matches (request_id, enterprise_id, product_id, step, score, step_at, created_by, created_at, updated_at, version)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING id`, r.ID, eid, pid, string(m.Step), m.Score, now, userOf(a), now, now).Scan(&m.ID); err != nil {
				return err
			}
			if err := db.recordStep(ctx, tx, m.ID, "", m.Step, note, ""); err != nil {
				return err
			}
			if err := db.recountFunnel(ctx, tx, 1, "e.id = $1", eid); err != nil {
				return err
			}
			if err := db.audit(ctx, tx, "shortlist", "match", m.ID, nil, m); err != nil {
				return err
			}
			m.RequestTitle, m.OrgName, m.EnterpriseName, m.RegencyCode = r.Title, r.OrgName, e.Name, e.RegencyCode
			out = append(out, m)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func userOf(a siapekspor.Actor) any {
	if a.UserID != 0 {
		return a.UserID
	}
	return nil
}

func (db *DB) recordStep(ctx context.Context, tx queryer, matchID int64, from, to siapekspor.MatchStep, note, reason string) error {
	a := siapekspor.ActorFrom(ctx)
	_, err := tx.ExecContext(ctx, `INSERT INTO match_steps (match_id, from_step, to_step, at, user_id, actor, note, lost_reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, matchID, string(from), string(to), db.now(), userOf(a), a.Label, note, reason)
	// A step is the enterprises' track record, which the snapshot holds.
	db.candidatesChanged(tx)
	return err
}

// MoveMatch moves a match by mv (siapekspor.CheckMove and CanMoveMatch),
// storing the step, its record and the audit entry together. mv.Version,
// when given, must be the stored one.
func (db *DB) MoveMatch(ctx context.Context, id int64, mv siapekspor.MatchMove) (*siapekspor.Match, error) {
	var out *siapekspor.Match
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		m, err := db.readableMatch(ctx, tx, id)
		if err != nil {
			return err
		}
		a := siapekspor.ActorFrom(ctx)
		if !siapekspor.CanMoveMatch(a, m, mv.To) {
			return siapekspor.Errorf(siapekspor.EForbidden, "pipeline.move_forbidden")
		}
		if mv.Version != 0 && mv.Version != m.Version {
			return siapekspor.Errorf(siapekspor.EConflict, "error.stale_version")
		}
		byOwner := a.Role == siapekspor.RoleOwner && a.EnterpriseID == m.EnterpriseID
		if err := siapekspor.CheckMove(m, &mv, byOwner); err != nil {
			return err
		}
		before := *m
		from := m.Step
		now := db.now()
		// The funnel reads the match and its steps: out before, back after.
		if err := db.recountFunnel(ctx, tx, -1, "e.id = $1", m.EnterpriseID); err != nil {
			return err
		}
		m.Apply(mv, now)
		c := m.Contract
		if _, err := tx.ExecContext(ctx, `UPDATE matches SET step = $1, lost_reason = $2, lost_from = $3, contract_value = $4,
			contract_currency = $5, contract_quantity = $6, contract_unit = $7, contract_terms = $8, step_at = $9, updated_at = $10,
			version = version + 1 WHERE id = $11`, string(m.Step), m.LostReason, string(m.LostFrom), c.Value, c.Currency, c.Quantity,
			string(c.Unit), c.Terms, now, now, id); err != nil {
			return err
		}
		m.UpdatedAt, m.Version = now, m.Version+1
		if err := db.recordStep(ctx, tx, id, from, m.Step, mv.Note, mv.LostReason); err != nil {
			return err
		}
		if err := db.recountFunnel(ctx, tx, 1, "e.id = $1", m.EnterpriseID); err != nil {
			return err
		}
		out = m
		return db.audit(ctx, tx, "pipeline_step", "match", id, &before, m)
	})
	return out, err
}

// AnswerIntroduction is the owner's answer to an introduction: accepted,
// or declined (lost, owner_declined).
func (db *DB) AnswerIntroduction(ctx context.Context, id int64, accept bool, note string) (*siapekspor.Match, error) {
	if siapekspor.ActorFrom(ctx).Role != siapekspor.RoleOwner {
		// Consent is the owner's own: nobody answers for it.
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "pipeline.owner_consents")
	}
	mv := siapekspor.MatchMove{To: siapekspor.StepAccepted, Note: note}
	if !accept {
		mv = siapekspor.MatchMove{To: siapekspor.StepLost, LostReason: siapekspor.LostDeclined, Note: note}
	}
	return db.MoveMatch(ctx, id, mv)
}

// MatchContact is who to talk to at a match's enterprise.
type MatchContact struct {
	MatchID        int64  `json:"match_id"`
	EnterpriseID   int64  `json:"enterprise_id"`
	EnterpriseName string `json:"enterprise_name"`
	ContactPerson  string `json:"contact_person"`
	Phone          string `json:"phone"`
	Email          string `json:"email"`
	// WhatsApp: the click-to-chat link (without a message; pages and the
	// API add one in the reader's language), "" without a valid phone.
	WhatsApp string `json:"whatsapp,omitempty"`
}

// MatchContact returns the contact person, phone and e-mail of a match's
// enterprise to those who may see them (siapekspor.SeesContact): a buyer
// asking before the owner accepted is refused (pipeline.contact_before_consent).
func (db *DB) MatchContact(ctx context.Context, id int64) (*MatchContact, error) {
	m, err := db.readableMatch(ctx, db.read, id)
	if err != nil {
		return nil, err
	}
	e, err := db.enterprise(ctx, db.read, m.EnterpriseID)
	if err != nil {
		return nil, err
	}
	a := siapekspor.ActorFrom(ctx)
	if !siapekspor.SeesContact(a, m, e) {
		if a.Role == siapekspor.RoleBuyer {
			return nil, siapekspor.Errorf(siapekspor.EForbidden, "pipeline.contact_before_consent")
		}
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	c := &MatchContact{MatchID: m.ID, EnterpriseID: e.ID, EnterpriseName: e.Name, ContactPerson: e.OwnerName, Phone: e.Phone, Email: e.Email}
	c.WhatsApp, _ = siapekspor.WhatsAppLink(e.Phone, "")
	return c, nil
}

// InboxItem is one thing waiting for the user: Kind answer (an owner's
// introduction to answer), accepted (a buyer's accepted introduction) or
// move (an officer's match to move on).
type InboxItem struct {
	Kind  string           `json:"kind"`
	Match siapekspor.Match `json:"match"`
}

// Inbox is what waits for the user, oldest first, and how much in all.
type Inbox struct {
	Items []InboxItem `json:"items"`
	Total int         `json:"total"`
}

// InboxLimit is how many items the inbox lists.
const InboxLimit = 50

// Inbox returns what waits for the signed-in user: owners the
// introductions to answer, buyers the accepted introductions, officers,
// validators and admins the open matches in their scope (shortlisted to
// introduce, accepted onwards to move on). Other roles have an empty one.
func (db *DB) Inbox(ctx context.Context) (*Inbox, error) {
	a := siapekspor.ActorFrom(ctx)
	out := &Inbox{Items: []InboxItem{}}
	var kind string
	var steps []siapekspor.MatchStep
	switch a.Role {
	case siapekspor.RoleOwner:
		kind, steps = "answer", []siapekspor.MatchStep{siapekspor.StepIntroduced}
	case siapekspor.RoleBuyer:
		kind, steps = "accepted", []siapekspor.MatchStep{siapekspor.StepAccepted}
	case siapekspor.RoleOfficer, siapekspor.RoleValidator, siapekspor.RoleAdmin:
		kind = "move"
		for _, s := range siapekspor.MatchSteps {
			if s.Open() && s != siapekspor.StepIntroduced {
				steps = append(steps, s)
			}
		}
	default:
		return out, nil
	}
	w := matchScopeWhere(ctx)
	args := make([]any, len(steps))
	for i, s := range steps {
		args[i] = string(s)
	}
	w.add("m.step IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(steps)), ", ")+")", args...)
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) `+matchFrom+w.sql(), w.args...).Scan(&out.Total); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+matchColumns+` `+matchFrom+w.sql()+` ORDER BY m.step_at, m.id LIMIT `+strconv.Itoa(InboxLimit), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMatch(rows)
		if err != nil {
			return nil, err
		}
		out.Items = append(out.Items, InboxItem{Kind: kind, Match: *m})
	}
	return out, rows.Err()
}

// matchHistory counts an enterprise's past in the pipeline for the
// matcher's track record.
func (db *DB) matchHistory(ctx context.Context) (map[int64]*match.History, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT enterprise_id, step, lost_from, lost_reason, COUNT(*) FROM matches GROUP BY enterprise_id, step, lost_from, lost_reason`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]*match.History{}
	for rows.Next() {
		var eid int64
		var step, from siapekspor.MatchStep
		var reason string
		var n int
		if err := rows.Scan(&eid, &step, &from, &reason, &n); err != nil {
			return nil, err
		}
		h := out[eid]
		if h == nil {
			h = &match.History{}
			out[eid] = h
		}
		reached := step
		if step == siapekspor.StepLost {
			reached = from
			if reason == siapekspor.LostDeclined {
				h.Declined += n
			} else if from.Consented() {
				h.Lost += n
			}
		}
		if reached.Consented() {
			h.Accepted += n
		}
		if reached.Order() >= siapekspor.StepContract.Order() {
			h.Contracts += n
		}
		if reached == siapekspor.StepShipped {
			h.Shipped += n
		}
	}
	return out, rows.Err()
}

// MatchAddresses are the e-mail addresses a match's news goes to: the
// enterprise's own, and the enabled buyer users of the request's
// organisation. Read without the actor's scope: the notifier runs after a
// move the actor was allowed to make, and shows the addresses to no one.
func (db *DB) MatchAddresses(ctx context.Context, id int64) (enterprise string, buyers []string, err error) {
	err = db.read.QueryRowContext(ctx, `SELECT COALESCE(e.email, '') FROM matches m JOIN enterprises e ON e.id = m.enterprise_id WHERE m.id = $1`, id).Scan(&enterprise)
	if err != nil {
		return "", nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT u.email FROM matches m JOIN buying_requests r ON r.id = m.request_id
		JOIN users u ON u.org_id = r.org_id WHERE m.id = $1 AND u.role = $2 AND NOT u.disabled ORDER BY u.email`, id, string(siapekspor.RoleBuyer))
	if err != nil {
		return "", nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return "", nil, err
		}
		buyers = append(buyers, e)
	}
	return enterprise, buyers, rows.Err()
}
