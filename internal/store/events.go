package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strconv"

	"github.com/siapekspor/siapekspor"
)

// Business-matching events (issue 19): events, their participants and the
// meeting requests between them. Who reads an event is
// siapekspor.EventScopeOf, who runs it CanManageEvent, who speaks for a
// participant ActsFor; the scheduler's side is in event_schedule.go.

const eventColumns = `ev.id, ev.name, ev.kind, ev.org_id, ev.time_zone, ev.days, ev.breaks, ev.venue, ev.online_link,
	ev.meeting_minutes, ev.tables, ev.default_max, ev.registration_opens, ev.registration_ends, ev.description,
	ev.agendas_sent_at, ev.created_at, ev.updated_at, ev.version, o.name`

const eventFrom = `FROM events ev JOIN organisations o ON o.id = ev.org_id`

func scanEvent(s interface{ Scan(...any) error }) (*siapekspor.Event, error) {
	var ev siapekspor.Event
	var days, breaks, opens, ends string
	var sent sql.NullTime
	err := s.Scan(&ev.ID, &ev.Name, &ev.Kind, &ev.OrgID, &ev.TimeZone, &days, &breaks, &ev.Venue, &ev.OnlineLink,
		&ev.MeetingMinutes, &ev.Tables, &ev.DefaultMax, &opens, &ends, &ev.Description, &sent, &ev.CreatedAt,
		&ev.UpdatedAt, &ev.Version, &ev.OrgName)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(days), &ev.Days); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(breaks), &ev.Breaks); err != nil {
		return nil, err
	}
	ev.RegistrationOpens, ev.RegistrationEnds = siapekspor.DateOf(parseDateText(opens)), siapekspor.DateOf(parseDateText(ends))
	if sent.Valid {
		t := sent.Time.UTC()
		ev.AgendasSentAt = &t
	}
	ev.CreatedAt, ev.UpdatedAt = ev.CreatedAt.UTC(), ev.UpdatedAt.UTC()
	return &ev, nil
}

func eventArgs(ev *siapekspor.Event) []any {
	days, _ := json.Marshal(ev.Days)
	breaks, _ := json.Marshal(nonNilSlice(ev.Breaks))
	return []any{ev.Name, string(ev.Kind), ev.OrgID, ev.TimeZone, string(days), string(breaks), ev.Venue, ev.OnlineLink,
		ev.MeetingMinutes, ev.Tables, ev.DefaultMax, dateText(ev.RegistrationOpens.Time()), dateText(ev.RegistrationEnds.Time()),
		ev.Description, ev.FirstDay()}
}

func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// eventScopeWhere limits events ev to the actor's scope.
func eventScopeWhere(ctx context.Context) *where {
	a := siapekspor.ActorFrom(ctx)
	w := &where{}
	if !siapekspor.Can(a, siapekspor.PermEventRead) {
		w.add("1 = 0")
		return w
	}
	s := siapekspor.EventScopeOf(a)
	switch {
	case s.None:
		w.add("1 = 0")
	case s.All:
	case s.EnterpriseID != 0:
		w.add("ev.id IN (SELECT event_id FROM event_participants WHERE enterprise_id = ?)", s.EnterpriseID)
	case s.OrgID != 0:
		w.add("ev.id IN (SELECT event_id FROM event_participants WHERE org_id = ?)", s.OrgID)
	default:
		c, args := scopeCond(*s.Enterprises, "e.id", "e.")
		if c == "" {
			c = "1 = 1"
		}
		w.add("(ev.org_id = ? OR ev.id IN (SELECT p.event_id FROM event_participants p JOIN enterprises e ON e.id = p.enterprise_id WHERE "+c+"))",
			append([]any{s.Organiser}, args...)...)
	}
	return w
}

// EventFilter selects events.
type EventFilter struct {
	Kind siapekspor.EventKind
	// When: "upcoming" (last day today or later), "past", or "" for all.
	When  string
	Limit int
}

// EventSummary is an event in a list, with its counts.
type EventSummary struct {
	siapekspor.Event
	Enterprises int `json:"enterprises"`
	Buyers      int `json:"buyers"`
	Requests    int `json:"requests"`
	Meetings    int `json:"meetings"`
	// Manage: the actor runs this event.
	Manage bool `json:"manage"`
}

// ListEvents returns the events in the actor's scope, the next first, then
// the past from the latest.
func (db *DB) ListEvents(ctx context.Context, f EventFilter) ([]EventSummary, error) {
	w := eventScopeWhere(ctx)
	if f.Kind != "" {
		w.add("ev.kind = ?", string(f.Kind))
	}
	today := db.now().Format(isoDate)
	switch f.When {
	case "upcoming":
		w.add("ev.first_day >= ?", today)
	case "past":
		w.add("ev.first_day < ?", today)
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 200
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+eventColumns+`,
		(SELECT COUNT(*) FROM event_participants p WHERE p.event_id = ev.id AND p.side = 'enterprise' AND p.status <> 'declined'),
		(SELECT COUNT(*) FROM event_participants p WHERE p.event_id = ev.id AND p.side = 'buyer' AND p.status <> 'declined'),
		(SELECT COUNT(*) FROM meeting_requests r WHERE r.event_id = ev.id),
		(SELECT COUNT(*) FROM event_meetings m WHERE m.event_id = ev.id)
		`+eventFrom+w.sql()+` ORDER BY ev.first_day DESC, ev.id DESC LIMIT `+strconv.Itoa(limit), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	a := siapekspor.ActorFrom(ctx)
	var out []EventSummary
	for rows.Next() {
		var s EventSummary
		ev, err := scanEvent(withExtra{rows, []any{&s.Enterprises, &s.Buyers, &s.Requests, &s.Meetings}})
		if err != nil {
			return nil, err
		}
		s.Event = *ev
		s.Manage = siapekspor.CanManageEvent(a, ev)
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Upcoming first (soonest first), then the past (latest first).
	var up, past []EventSummary
	for _, s := range out {
		if s.LastDay() >= today {
			up = append(up, s)
		} else {
			past = append(past, s)
		}
	}
	slices.Reverse(up)
	return append(up, past...), nil
}

// Event returns an event in the actor's scope.
func (db *DB) Event(ctx context.Context, id int64) (*siapekspor.Event, error) {
	return db.readableEvent(ctx, db.read, id)
}

func (db *DB) readableEvent(ctx context.Context, q queryer, id int64) (*siapekspor.Event, error) {
	w := eventScopeWhere(ctx)
	w.add("ev.id = ?", id)
	ev, err := scanEvent(q.QueryRowContext(ctx, `SELECT `+eventColumns+` `+eventFrom+w.sql(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("event")
	}
	return ev, err
}

// managedEvent reads an event the actor runs (in a transaction: locked
// against a concurrent change by the version bump of the caller).
func (db *DB) managedEvent(ctx context.Context, q queryer, id int64) (*siapekspor.Event, error) {
	ev, err := db.readableEvent(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !siapekspor.CanManageEvent(siapekspor.ActorFrom(ctx), ev) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "event.not_organiser")
	}
	return ev, nil
}

// checkOrganiser: an admin or a provincial officer names any
// organisation; a regency officer and a validator organise for their own.
func (db *DB) checkOrganiser(ctx context.Context, q queryer, ev *siapekspor.Event) error {
	a := siapekspor.ActorFrom(ctx)
	if ev.OrgID == 0 {
		ev.OrgID = a.OrgID
	}
	if !siapekspor.Can(a, siapekspor.PermEventManage) {
		return siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	if ev.OrgID != 0 {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations WHERE id = $1`, ev.OrgID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return siapekspor.FieldInvalid("org_id", "event.org_unknown", ev.OrgID)
		}
	}
	if ev.OrgID != 0 && !siapekspor.CanManageEvent(a, ev) {
		return siapekspor.FieldInvalid("org_id", "event.organise_own")
	}
	return nil
}

// CreateEvent stores a new event; the organiser defaults to the actor's
// organisation.
func (db *DB) CreateEvent(ctx context.Context, ev *siapekspor.Event) (*siapekspor.Event, error) {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.checkOrganiser(ctx, tx, ev); err != nil {
			return err
		}
		if err := ev.Validate(); err != nil {
			return err
		}
		now := db.now()
		args := append(eventArgs(ev), userOf(siapekspor.ActorFrom(ctx)), now, now)
		if err := tx.QueryRowContext(ctx, `INSERT INTO events (name, kind, org_id, time_zone, days, breaks, venue, online_link,
			meeting_minutes, tables, default_max, registration_opens, registration_ends, description, first_day,
			created_by, created_at, updated_at, version) VALUES (`+placeholders(1, len(args))+`, 1) RETURNING id`, args...).Scan(&ev.ID); err != nil {
			return err
		}
		ev.CreatedAt, ev.UpdatedAt, ev.Version = now, now, 1
		return db.audit(ctx, tx, "create", "event", ev.ID, nil, ev)
	})
	if err != nil {
		return nil, err
	}
	return db.Event(ctx, ev.ID)
}

// UpdateEvent changes an event (its organiser runs it). Once meetings are
// scheduled, a change of the days, breaks, meeting length or tables that
// takes away a meeting's slot or table is refused: the organiser clears
// or moves those meetings first.
func (db *DB) UpdateEvent(ctx context.Context, ev *siapekspor.Event) (*siapekspor.Event, error) {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := db.managedEvent(ctx, tx, ev.ID)
		if err != nil {
			return err
		}
		if ev.Version != 0 && ev.Version != before.Version {
			return siapekspor.Errorf(siapekspor.EConflict, "error.stale_version")
		}
		if ev.OrgID != before.OrgID {
			if err := db.checkOrganiser(ctx, tx, ev); err != nil {
				return err
			}
		}
		if err := ev.Validate(); err != nil {
			return err
		}
		meetings, err := db.eventMeetings(ctx, tx, ev.ID)
		if err != nil {
			return err
		}
		slots := slotSet(ev)
		for _, m := range meetings {
			if !slots[m.Start.Unix()] || m.Table > ev.Tables {
				return siapekspor.FieldInvalid("days", "event.agenda_in_the_way", m.Start.In(ev.Location()).Format("2006-01-02 15:04"), m.Table)
			}
		}
		now := db.now()
		args := append(eventArgs(ev), now, ev.ID)
		if _, err := tx.ExecContext(ctx, `UPDATE events SET name = $1, kind = $2, org_id = $3, time_zone = $4, days = $5, breaks = $6,
			venue = $7, online_link = $8, meeting_minutes = $9, tables = $10, default_max = $11, registration_opens = $12,
			registration_ends = $13, description = $14, first_day = $15, updated_at = $16, version = version + 1 WHERE id = $17`, args...); err != nil {
			return err
		}
		return db.audit(ctx, tx, "update", "event", ev.ID, before, ev)
	})
	if err != nil {
		return nil, err
	}
	return db.Event(ctx, ev.ID)
}

// slotSet is the start of every slot of the event (Unix seconds).
func slotSet(ev *siapekspor.Event) map[int64]bool {
	days, breaks := ev.Spans()
	out := map[int64]bool{}
	for _, s := range siapekspor.EventSlots(days, breaks, ev.MeetingMinutes) {
		out[s.Start.Unix()] = true
	}
	return out
}

// --- participants ---

const participantColumns = `p.id, p.event_id, p.side, COALESCE(p.enterprise_id, 0), COALESCE(p.org_id, 0), p.status, p.available,
	p.max_meetings, p.checked_in_at, p.created_at, COALESCE(e.name, o.name, ''), COALESCE(e.regency_code, ''),
	COALESCE(e.sector, ''), COALESCE(o.kind, ''), COALESCE(e.phone, '')`

const participantFrom = `FROM event_participants p LEFT JOIN enterprises e ON e.id = p.enterprise_id
	LEFT JOIN organisations o ON o.id = p.org_id`

func scanParticipant(s interface{ Scan(...any) error }) (*siapekspor.Participant, error) {
	var pt siapekspor.Participant
	var avail string
	var in sql.NullTime
	err := s.Scan(&pt.ID, &pt.EventID, &pt.Side, &pt.EnterpriseID, &pt.OrgID, &pt.Status, &avail, &pt.Max, &in,
		&pt.CreatedAt, &pt.Name, &pt.RegencyCode, &pt.Sector, &pt.OrgKind, &pt.Phone)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(avail), &pt.Available); err != nil {
		return nil, err
	}
	if in.Valid {
		t := in.Time.UTC()
		pt.CheckedInAt = &t
	}
	pt.CreatedAt = pt.CreatedAt.UTC()
	return &pt, nil
}

func (db *DB) eventParticipants(ctx context.Context, q queryer, eventID int64) ([]*siapekspor.Participant, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+participantColumns+` `+participantFrom+` WHERE p.event_id = $1
		ORDER BY p.side DESC, COALESCE(e.name, o.name), p.id`, eventID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*siapekspor.Participant
	for rows.Next() {
		pt, err := scanParticipant(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, pt)
	}
	return out, rows.Err()
}

// eventView is what one actor sees of an event: everything for who runs
// it and for readers of every event; else the participants it speaks for
// or whose enterprises lie in its scope, and those they meet or ask.
type eventView struct {
	ev     *siapekspor.Event
	manage bool
	all    bool
	own    map[int64]bool // participants the actor speaks for or reaches
}

func (v *eventView) sees(pid int64) bool { return v.all || v.own[pid] }

func (db *DB) viewOf(ctx context.Context, q queryer, ev *siapekspor.Event, parts []*siapekspor.Participant) *eventView {
	a := siapekspor.ActorFrom(ctx)
	v := &eventView{ev: ev, manage: siapekspor.CanManageEvent(a, ev), own: map[int64]bool{}}
	if v.manage || siapekspor.EventScopeOf(a).All {
		v.all = true
		return v
	}
	scope := siapekspor.ScopeOf(a)
	for _, pt := range parts {
		switch {
		case siapekspor.ActsFor(a, ev, pt):
			v.own[pt.ID] = true
		case pt.Side == siapekspor.SideEnterprise && a.Role != siapekspor.RoleOwner && a.Role != siapekspor.RoleBuyer &&
			scope.Contains(&siapekspor.Enterprise{ID: pt.EnterpriseID, RegencyCode: pt.RegencyCode}):
			v.own[pt.ID] = true
		}
	}
	return v
}

// EventDetail is an event with what the actor sees of its participants
// and requests.
type EventDetail struct {
	Event        *siapekspor.Event            `json:"event"`
	Manage       bool                         `json:"manage"`
	Participants []*siapekspor.Participant    `json:"participants"`
	Requests     []*siapekspor.MeetingRequest `json:"requests"`
	Meetings     []*siapekspor.Meeting        `json:"meetings"`
	Slots        []siapekspor.TimeSpan        `json:"slots"`
	Own          []int64                      `json:"own"` // participants the actor speaks for
	RegOpen      bool                         `json:"registration_open"`
	Run          *ScheduleRun                 `json:"last_run,omitempty"`
	Changes      *AgendaChanges               `json:"changes,omitempty"`
	byID         map[int64]*siapekspor.Participant
	view         *eventView
}

// Participant returns one participant of the detail.
func (d *EventDetail) Participant(id int64) *siapekspor.Participant { return d.byID[id] }

// EventDetail reads an event with its participants, requests and meetings
// as far as the actor sees them; phones only for who runs the event.
func (db *DB) EventDetail(ctx context.Context, id int64) (*EventDetail, error) {
	ev, err := db.Event(ctx, id)
	if err != nil {
		return nil, err
	}
	parts, reqs, meetings, err := db.eventState(ctx, db.read, id)
	if err != nil {
		return nil, err
	}
	v := db.viewOf(ctx, db.read, ev, parts)
	a := siapekspor.ActorFrom(ctx)
	d := &EventDetail{Event: ev, Manage: v.manage, RegOpen: ev.RegistrationOpen(db.now()), byID: map[int64]*siapekspor.Participant{}, view: v}
	// Who a participant the actor sees asks or meets is seen too (by name).
	visible := map[int64]bool{}
	for _, r := range reqs {
		if v.sees(r.EnterprisePID) || v.sees(r.BuyerPID) {
			d.Requests = append(d.Requests, r)
			visible[r.EnterprisePID], visible[r.BuyerPID] = true, true
		}
	}
	for _, m := range meetings {
		if v.sees(m.EnterprisePID) || v.sees(m.BuyerPID) {
			d.Meetings = append(d.Meetings, m)
		}
	}
	for _, pt := range parts {
		if !v.sees(pt.ID) && !visible[pt.ID] {
			continue
		}
		if !v.manage && !(a.Role == siapekspor.RoleOwner && a.EnterpriseID == pt.EnterpriseID) {
			pt.Phone = ""
		}
		if siapekspor.ActsFor(a, ev, pt) && !v.manage {
			d.Own = append(d.Own, pt.ID)
		}
		d.Participants = append(d.Participants, pt)
		d.byID[pt.ID] = pt
	}
	days, breaks := ev.Spans()
	d.Slots = siapekspor.EventSlots(days, breaks, ev.MeetingMinutes)
	if v.manage {
		if d.Run, err = db.lastRun(ctx, id); err != nil {
			return nil, err
		}
		if d.Changes, err = db.agendaChanges(ctx, db.read, ev, parts, meetings); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// NewParticipant asks to add an enterprise or a buyer to an event.
type NewParticipant struct {
	EnterpriseID int64 `json:"enterprise_id,omitempty"`
	OrgID        int64 `json:"org_id,omitempty"`
	// Invite: the owner (or the buyer's organisation) accepts first;
	// otherwise the organiser's choice stands (confirmed).
	Invite    bool                  `json:"invite"`
	Max       *int                  `json:"max,omitempty"` // nil: the event's default
	Available []siapekspor.TimeSpan `json:"available,omitempty"`
}

// AddParticipants adds enterprises and buyers to an event, all or none.
// The organiser adds enterprises it reaches (a regency officer its
// region's) and buyer organisations (foreign buyers, BUMN, private
// companies); one already there is refused by its place in the list.
func (db *DB) AddParticipants(ctx context.Context, eventID int64, list []NewParticipant) ([]*siapekspor.Participant, error) {
	if len(list) == 0 {
		return nil, siapekspor.FieldInvalid("participants", "field.required")
	}
	if len(list) > siapekspor.MaxEventParticipants {
		return nil, siapekspor.FieldInvalid("participants", "event.too_many_participants", siapekspor.MaxEventParticipants)
	}
	a := siapekspor.ActorFrom(ctx)
	var ids []int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		ev, err := db.managedEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		var count int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_participants WHERE event_id = $1`, eventID).Scan(&count); err != nil {
			return err
		}
		if count+len(list) > siapekspor.MaxEventParticipants {
			return siapekspor.FieldInvalid("participants", "event.too_many_participants", siapekspor.MaxEventParticipants)
		}
		scope := siapekspor.ScopeOf(a)
		now := db.now()
		var p siapekspor.Problems
		seen := map[string]bool{}
		for i, np := range list {
			f := "participants[" + strconv.Itoa(i) + "]"
			pt := &siapekspor.Participant{EventID: eventID, EnterpriseID: np.EnterpriseID, OrgID: np.OrgID,
				Status: siapekspor.ParticipantConfirmed, Max: ev.DefaultMax, Available: np.Available}
			if np.Invite {
				pt.Status = siapekspor.ParticipantInvited
			}
			if np.Max != nil {
				pt.Max = *np.Max
			}
			key := ""
			switch {
			case np.EnterpriseID != 0 && np.OrgID != 0:
				p.Add(f, "event.one_side")
				continue
			case np.EnterpriseID != 0:
				pt.Side = siapekspor.SideEnterprise
				key = "e" + strconv.FormatInt(np.EnterpriseID, 10)
				e, err := db.enterprise(ctx, tx, np.EnterpriseID)
				if err != nil {
					if siapekspor.KeyOf(err) == "error.not_found.enterprise" {
						p.Add(f+".enterprise_id", "event.enterprise_unknown", np.EnterpriseID)
						continue
					}
					return err
				}
				if !scope.Contains(e) {
					p.Add(f+".enterprise_id", "event.enterprise_outside_scope", e.Name)
					continue
				}
			case np.OrgID != 0:
				pt.Side = siapekspor.SideBuyer
				key = "o" + strconv.FormatInt(np.OrgID, 10)
				var kind string
				err := tx.QueryRowContext(ctx, `SELECT kind FROM organisations WHERE id = $1`, np.OrgID).Scan(&kind)
				if errors.Is(err, sql.ErrNoRows) {
					p.Add(f+".org_id", "event.org_unknown", np.OrgID)
					continue
				}
				if err != nil {
					return err
				}
				if !slices.Contains(siapekspor.BuyerOrgKinds, siapekspor.OrgKind(kind)) {
					p.Add(f+".org_id", "event.not_a_buyer")
					continue
				}
			default:
				p.Add(f, "event.one_side")
				continue
			}
			if seen[key] {
				p.Add(f, "event.listed_twice")
				continue
			}
			seen[key] = true
			if err := siapekspor.CheckParticipant(ev, pt); err != nil {
				prefixProblems(&p, f, err)
				continue
			}
			var dup int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_participants WHERE event_id = $1 AND (enterprise_id = $2 OR org_id = $3)`,
				eventID, nullID(np.EnterpriseID), nullID(np.OrgID)).Scan(&dup); err != nil {
				return err
			}
			if dup > 0 {
				p.Add(f, "event.already_taking_part")
				continue
			}
			avail, _ := json.Marshal(nonNilSlice(pt.Available))
			if err := tx.QueryRowContext(ctx, `INSERT INTO event_participants (event_id, side, enterprise_id, org_id, status, available,
				max_meetings, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, eventID, string(pt.Side),
				nullID(np.EnterpriseID), nullID(np.OrgID), string(pt.Status), string(avail), pt.Max, now).Scan(&pt.ID); err != nil {
				return err
			}
			ids = append(ids, pt.ID)
			if err := db.audit(ctx, tx, "add_participant", "event", eventID, nil, pt); err != nil {
				return err
			}
		}
		return p.Err()
	})
	if err != nil {
		return nil, err
	}
	return db.participantsByID(ctx, eventID, ids)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// prefixProblems adds a domain error's field problems under a prefix.
func prefixProblems(p *siapekspor.Problems, prefix string, err error) {
	if e, ok := siapekspor.AsError(err); ok {
		for _, f := range e.Fields {
			p.Add(prefix+"."+f.Field, f.Key, f.Args...)
		}
		return
	}
	p.Add(prefix, "field.invalid")
}

func (db *DB) participantsByID(ctx context.Context, eventID int64, ids []int64) ([]*siapekspor.Participant, error) {
	all, err := db.eventParticipants(ctx, db.read, eventID)
	if err != nil {
		return nil, err
	}
	var out []*siapekspor.Participant
	for _, pt := range all {
		if slices.Contains(ids, pt.ID) {
			out = append(out, pt)
		}
	}
	return out, nil
}

// participant reads one participant of an event the actor reads, with the
// event.
func (db *DB) participant(ctx context.Context, q queryer, pid int64) (*siapekspor.Event, *siapekspor.Participant, error) {
	pt, err := scanParticipant(q.QueryRowContext(ctx, `SELECT `+participantColumns+` `+participantFrom+` WHERE p.id = $1`, pid))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, notFound("participant")
	}
	if err != nil {
		return nil, nil, err
	}
	ev, err := db.readableEvent(ctx, q, pt.EventID)
	if err != nil {
		return nil, nil, notFound("participant")
	}
	return ev, pt, nil
}

// ParticipantChange is what a participant (or the organiser) changes of
// its taking part.
type ParticipantChange struct {
	Available []siapekspor.TimeSpan `json:"available"`
	Max       int                   `json:"max"`
}

// UpdateParticipant sets a participant's availability and maximum.
func (db *DB) UpdateParticipant(ctx context.Context, pid int64, c ParticipantChange) (*siapekspor.Participant, error) {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		ev, pt, err := db.participant(ctx, tx, pid)
		if err != nil {
			return err
		}
		if !siapekspor.ActsFor(siapekspor.ActorFrom(ctx), ev, pt) {
			return siapekspor.Errorf(siapekspor.EForbidden, "event.not_yours")
		}
		before := *pt
		pt.Available, pt.Max = c.Available, c.Max
		if err := siapekspor.CheckParticipant(ev, pt); err != nil {
			return err
		}
		avail, _ := json.Marshal(nonNilSlice(pt.Available))
		if _, err := tx.ExecContext(ctx, `UPDATE event_participants SET available = $1, max_meetings = $2 WHERE id = $3`,
			string(avail), pt.Max, pid); err != nil {
			return err
		}
		return db.audit(ctx, tx, "update_participant", "event", ev.ID, &before, pt)
	})
	if err != nil {
		return nil, err
	}
	return db.EventParticipant(ctx, pid)
}

// AnswerInvitation is the owner's (or the buyer organisation's) answer to
// an invitation. Declining withdraws its meeting requests.
func (db *DB) AnswerInvitation(ctx context.Context, pid int64, accept bool) (*siapekspor.Participant, error) {
	a := siapekspor.ActorFrom(ctx)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		ev, pt, err := db.participant(ctx, tx, pid)
		if err != nil {
			return err
		}
		own := a.Role == siapekspor.RoleOwner && pt.Side == siapekspor.SideEnterprise && a.EnterpriseID == pt.EnterpriseID ||
			a.Role == siapekspor.RoleBuyer && pt.Side == siapekspor.SideBuyer && a.OrgID == pt.OrgID
		if !own {
			// Taking part is the owner's own decision, as consent is.
			return siapekspor.Errorf(siapekspor.EForbidden, "event.answer_own")
		}
		if pt.Status != siapekspor.ParticipantInvited && !(pt.Status == siapekspor.ParticipantDeclined && accept) {
			return siapekspor.Errorf(siapekspor.EConflict, "event.not_invited")
		}
		status := siapekspor.ParticipantDeclined
		if accept {
			status = siapekspor.ParticipantConfirmed
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_participants SET status = $1 WHERE id = $2`, string(status), pid); err != nil {
			return err
		}
		if !accept {
			if _, err := tx.ExecContext(ctx, `DELETE FROM meeting_requests WHERE enterprise_pid = $1 OR buyer_pid = $1`, pid); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, "answer_invitation", "event", ev.ID, pt.Status, status)
	})
	if err != nil {
		return nil, err
	}
	return db.EventParticipant(ctx, pid)
}

// RemoveParticipant takes a participant out of an event with its requests
// and meetings; after the agendas were sent, the change lists who must be
// told.
func (db *DB) RemoveParticipant(ctx context.Context, pid int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		ev, pt, err := db.participant(ctx, tx, pid)
		if err != nil {
			return err
		}
		if !siapekspor.CanManageEvent(siapekspor.ActorFrom(ctx), ev) {
			return siapekspor.Errorf(siapekspor.EForbidden, "event.not_organiser")
		}
		var recorded int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_meetings m JOIN meeting_requests r ON r.id = m.request_id
			WHERE (r.enterprise_pid = $1 OR r.buyer_pid = $1) AND m.attendance <> ''`, pid).Scan(&recorded); err != nil {
			return err
		}
		if recorded > 0 {
			return siapekspor.Errorf(siapekspor.EConflict, "event.participant_has_results")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM event_participants WHERE id = $1`, pid); err != nil {
			return err
		}
		return db.audit(ctx, tx, "remove_participant", "event", ev.ID, pt, nil)
	})
}

// CheckIn records that a participant arrived (or takes it back).
func (db *DB) CheckIn(ctx context.Context, pid int64, in bool) (*siapekspor.Participant, error) {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		ev, pt, err := db.participant(ctx, tx, pid)
		if err != nil {
			return err
		}
		if !siapekspor.CanManageEvent(siapekspor.ActorFrom(ctx), ev) {
			return siapekspor.Errorf(siapekspor.EForbidden, "event.not_organiser")
		}
		if pt.Status != siapekspor.ParticipantConfirmed {
			return siapekspor.Errorf(siapekspor.EConflict, "event.check_in_unconfirmed")
		}
		var at any
		if in {
			at = db.now()
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_participants SET checked_in_at = $1 WHERE id = $2`, at, pid); err != nil {
			return err
		}
		return db.audit(ctx, tx, "check_in", "event", ev.ID, pt.CheckedInAt, at)
	})
	if err != nil {
		return nil, err
	}
	return db.EventParticipant(ctx, pid)
}

// --- meeting requests ---

const meetingRequestColumns = `r.id, r.event_id, r.enterprise_pid, r.buyer_pid, r.from_side, r.priority, r.score, r.reason,
	COALESCE(r.buying_request_id, 0), COALESCE(r.product_id, 0), r.note, r.answer, r.answered_at, r.created_at,
	e.name, o.name, COALESCE(pr.name_id, ''), COALESCE(pr.hs_code, '')`

const meetingRequestFrom = `FROM meeting_requests r JOIN event_participants pe ON pe.id = r.enterprise_pid
	JOIN enterprises e ON e.id = pe.enterprise_id JOIN event_participants pb ON pb.id = r.buyer_pid
	JOIN organisations o ON o.id = pb.org_id LEFT JOIN products pr ON pr.id = r.product_id`

func scanMeetingRequest(s interface{ Scan(...any) error }) (*siapekspor.MeetingRequest, error) {
	var r siapekspor.MeetingRequest
	var answered sql.NullTime
	err := s.Scan(&r.ID, &r.EventID, &r.EnterprisePID, &r.BuyerPID, &r.From, &r.Priority, &r.Score, &r.Reason,
		&r.BuyingRequestID, &r.ProductID, &r.Note, &r.Answer, &answered, &r.CreatedAt, &r.EnterpriseName, &r.BuyerName,
		&r.ProductName, &r.HSCode)
	if err != nil {
		return nil, err
	}
	if answered.Valid {
		t := answered.Time.UTC()
		r.AnsweredAt = &t
	}
	r.CreatedAt = r.CreatedAt.UTC()
	return &r, nil
}

func (db *DB) meetingRequests(ctx context.Context, q queryer, eventID int64) ([]*siapekspor.MeetingRequest, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+meetingRequestColumns+` `+meetingRequestFrom+` WHERE r.event_id = $1 ORDER BY r.id`, eventID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*siapekspor.MeetingRequest
	for rows.Next() {
		r, err := scanMeetingRequest(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (db *DB) meetingRequest(ctx context.Context, q queryer, id int64) (*siapekspor.MeetingRequest, error) {
	r, err := scanMeetingRequest(q.QueryRowContext(ctx, `SELECT `+meetingRequestColumns+` `+meetingRequestFrom+` WHERE r.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("meeting_request")
	}
	return r, err
}

// RequestMeetings stores meeting requests of one event, all or none. Each
// comes from the side the actor speaks for (the organiser speaks for
// either); both participants must be at the event and not have declined;
// the registration window must be open (the organiser may ask after it).
// A request the organiser makes with Accept set is accepted at once.
func (db *DB) RequestMeetings(ctx context.Context, eventID int64, list []siapekspor.MeetingRequest, accept bool) ([]*siapekspor.MeetingRequest, error) {
	if len(list) == 0 {
		return nil, siapekspor.FieldInvalid("requests", "field.required")
	}
	if len(list) > 5000 {
		return nil, siapekspor.FieldInvalid("requests", "event.too_many_requests", 5000)
	}
	a := siapekspor.ActorFrom(ctx)
	var ids []int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		ev, err := db.readableEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		manage := siapekspor.CanManageEvent(a, ev)
		if !manage && !siapekspor.Can(a, siapekspor.PermEventTake) {
			return siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
		}
		if !manage && !ev.RegistrationOpen(db.now()) {
			return siapekspor.Errorf(siapekspor.EConflict, "event.registration_closed")
		}
		if accept && !manage {
			return siapekspor.Errorf(siapekspor.EForbidden, "event.not_organiser")
		}
		parts, err := db.eventParticipants(ctx, tx, eventID)
		if err != nil {
			return err
		}
		byID := map[int64]*siapekspor.Participant{}
		for _, pt := range parts {
			byID[pt.ID] = pt
		}
		now := db.now()
		var p siapekspor.Problems
		for i := range list {
			r := &list[i]
			f := "requests[" + strconv.Itoa(i) + "]"
			r.EventID = eventID
			if r.Priority == "" {
				r.Priority = siapekspor.PriorityWant
			}
			if err := siapekspor.CheckMeetingRequest(r); err != nil {
				prefixProblems(&p, f, err)
				continue
			}
			ent, buyer := byID[r.EnterprisePID], byID[r.BuyerPID]
			switch {
			case ent == nil || ent.Side != siapekspor.SideEnterprise:
				p.Add(f+".enterprise_participant_id", "event.not_at_event", r.EnterprisePID)
				continue
			case buyer == nil || buyer.Side != siapekspor.SideBuyer:
				p.Add(f+".buyer_participant_id", "event.not_at_event", r.BuyerPID)
				continue
			case ent.Status == siapekspor.ParticipantDeclined || buyer.Status == siapekspor.ParticipantDeclined:
				p.Add(f, "event.declined_participant")
				continue
			}
			from := ent
			if r.From == siapekspor.SideBuyer {
				from = buyer
			}
			if !siapekspor.ActsFor(a, ev, from) {
				p.Add(f+".from", "event.not_yours")
				continue
			}
			if r.ProductID != 0 {
				var owner int64
				err := tx.QueryRowContext(ctx, `SELECT enterprise_id FROM products WHERE id = $1`, r.ProductID).Scan(&owner)
				if errors.Is(err, sql.ErrNoRows) || err == nil && owner != ent.EnterpriseID {
					p.Add(f+".product_id", "event.product_not_theirs", r.ProductID)
					continue
				}
				if err != nil {
					return err
				}
			}
			if r.BuyingRequestID != 0 {
				var org int64
				err := tx.QueryRowContext(ctx, `SELECT org_id FROM buying_requests WHERE id = $1`, r.BuyingRequestID).Scan(&org)
				if errors.Is(err, sql.ErrNoRows) || err == nil && org != buyer.OrgID {
					p.Add(f+".buying_request_id", "event.request_not_theirs", r.BuyingRequestID)
					continue
				}
				if err != nil {
					return err
				}
			}
			var dup int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM meeting_requests WHERE event_id = $1 AND enterprise_pid = $2
				AND buyer_pid = $3 AND from_side = $4`, eventID, r.EnterprisePID, r.BuyerPID, string(r.From)).Scan(&dup); err != nil {
				return err
			}
			if dup > 0 {
				p.Add(f, "event.already_asked", ent.Name, buyer.Name)
				continue
			}
			r.Answer = siapekspor.AnswerPending
			var answered any
			if accept {
				r.Answer, answered = siapekspor.AnswerAccepted, now
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO meeting_requests (event_id, enterprise_pid, buyer_pid, from_side, priority,
				score, reason, buying_request_id, product_id, note, answer, answered_at, created_by, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`, eventID, r.EnterprisePID,
				r.BuyerPID, string(r.From), string(r.Priority), r.Score, r.Reason, nullID(r.BuyingRequestID), nullID(r.ProductID),
				r.Note, string(r.Answer), answered, userOf(a), now).Scan(&r.ID); err != nil {
				return err
			}
			ids = append(ids, r.ID)
		}
		if err := p.Err(); err != nil {
			return err
		}
		return db.audit(ctx, tx, "request_meetings", "event", eventID, nil, ids)
	})
	if err != nil {
		return nil, err
	}
	var out []*siapekspor.MeetingRequest
	for _, id := range ids {
		r, err := db.meetingRequest(ctx, db.read, id)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// AnswerMeetingRequest is the asked side's answer (or the organiser's for
// it). Declining a request whose meeting is on the agenda takes the
// meeting off.
func (db *DB) AnswerMeetingRequest(ctx context.Context, id int64, accept bool) (*siapekspor.MeetingRequest, error) {
	a := siapekspor.ActorFrom(ctx)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		r, err := db.meetingRequest(ctx, tx, id)
		if err != nil {
			return err
		}
		ev, err := db.readableEvent(ctx, tx, r.EventID)
		if err != nil {
			return notFound("meeting_request")
		}
		asked := r.BuyerPID
		if r.From == siapekspor.SideBuyer {
			asked = r.EnterprisePID
		}
		_, pt, err := db.participant(ctx, tx, asked)
		if err != nil {
			return err
		}
		if !siapekspor.ActsFor(a, ev, pt) {
			return siapekspor.Errorf(siapekspor.EForbidden, "event.answer_asked")
		}
		if r.Answer == siapekspor.AnswerRemoved {
			return siapekspor.Errorf(siapekspor.EConflict, "event.request_removed")
		}
		answer := siapekspor.AnswerDeclined
		if accept {
			answer = siapekspor.AnswerAccepted
		}
		if !accept {
			var recorded int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_meetings WHERE request_id = $1 AND attendance <> ''`, id).Scan(&recorded); err != nil {
				return err
			}
			if recorded > 0 {
				return siapekspor.Errorf(siapekspor.EConflict, "event.meeting_recorded")
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM event_meetings WHERE request_id = $1`, id); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meeting_requests SET answer = $1, answered_at = $2 WHERE id = $3`,
			string(answer), db.now(), id); err != nil {
			return err
		}
		return db.audit(ctx, tx, "answer_meeting_request", "event", r.EventID, r.Answer, answer)
	})
	if err != nil {
		return nil, err
	}
	return db.meetingRequest(ctx, db.read, id)
}

// WithdrawMeetingRequest deletes a request not yet on the agenda (who
// asked, or the organiser).
func (db *DB) WithdrawMeetingRequest(ctx context.Context, id int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		r, err := db.withdrawable(ctx, tx, id)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_meetings WHERE request_id = $1`, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return siapekspor.Errorf(siapekspor.EConflict, "event.on_agenda")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM meeting_requests WHERE id = $1`, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, "withdraw_meeting_request", "event", r.EventID, r, nil)
	})
}

// WithdrawableRequest returns a meeting request the actor may withdraw
// (who asked, or the organiser): what a page asks about before it does.
func (db *DB) WithdrawableRequest(ctx context.Context, id int64) (*siapekspor.MeetingRequest, error) {
	return db.withdrawable(ctx, db.read, id)
}

func (db *DB) withdrawable(ctx context.Context, q queryer, id int64) (*siapekspor.MeetingRequest, error) {
	r, err := db.meetingRequest(ctx, q, id)
	if err != nil {
		return nil, err
	}
	ev, err := db.readableEvent(ctx, q, r.EventID)
	if err != nil {
		return nil, notFound("meeting_request")
	}
	asker := r.EnterprisePID
	if r.From == siapekspor.SideBuyer {
		asker = r.BuyerPID
	}
	_, pt, err := db.participant(ctx, q, asker)
	if err != nil {
		return nil, err
	}
	if !siapekspor.ActsFor(siapekspor.ActorFrom(ctx), ev, pt) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "event.not_yours")
	}
	return r, nil
}
