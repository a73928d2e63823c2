package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/match"
	"github.com/siapekspor/siapekspor/internal/schedule"
)

// The agenda of an event: the scheduler's runs (internal/schedule), the
// organiser's pins and moves, the agendas as sent and who must be told of
// a change, and each meeting's attendance and outcome, which moves its
// match along the pipeline.

const meetingColumns = `m.id, m.event_id, m.request_id, m.starts_at, m.ends_at, m.table_no, m.pinned, m.weight, m.attendance,
	m.outcome, m.note, m.follow_up_on, COALESCE(m.match_id, 0), m.recorded_at, r.enterprise_pid, r.buyer_pid,
	pe.enterprise_id, pb.org_id, e.name, o.name, COALESCE(e.regency_code, ''), COALESCE(e.sector, ''), r.priority,
	r.reason, COALESCE(pr.name_id, ''), COALESCE(pr.hs_code, '')`

const meetingFrom = `FROM event_meetings m JOIN meeting_requests r ON r.id = m.request_id
	JOIN event_participants pe ON pe.id = r.enterprise_pid JOIN enterprises e ON e.id = pe.enterprise_id
	JOIN event_participants pb ON pb.id = r.buyer_pid JOIN organisations o ON o.id = pb.org_id
	LEFT JOIN products pr ON pr.id = r.product_id`

func scanMeeting(s interface{ Scan(...any) error }) (*siapekspor.Meeting, error) {
	var m siapekspor.Meeting
	var follow string
	var recorded sql.NullTime
	err := s.Scan(&m.ID, &m.EventID, &m.RequestID, &m.Start, &m.End, &m.Table, &m.Pinned, &m.Weight, &m.Attendance,
		&m.Outcome, &m.Note, &follow, &m.MatchID, &recorded, &m.EnterprisePID, &m.BuyerPID, &m.EnterpriseID, &m.OrgID,
		&m.EnterpriseName, &m.BuyerName, &m.RegencyCode, &m.Sector, &m.Priority, &m.Reason, &m.ProductName, &m.HSCode)
	if err != nil {
		return nil, err
	}
	m.Start, m.End = m.Start.UTC(), m.End.UTC()
	m.FollowUpOn = siapekspor.DateOf(parseDateText(follow))
	if recorded.Valid {
		t := recorded.Time.UTC()
		m.RecordedAt = &t
	}
	return &m, nil
}

func (db *DB) eventMeetings(ctx context.Context, q queryer, eventID int64) ([]*siapekspor.Meeting, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+meetingColumns+` `+meetingFrom+` WHERE m.event_id = $1 ORDER BY m.starts_at, m.table_no`, eventID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*siapekspor.Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func (db *DB) meeting(ctx context.Context, q queryer, id int64) (*siapekspor.Meeting, error) {
	m, err := scanMeeting(q.QueryRowContext(ctx, `SELECT `+meetingColumns+` `+meetingFrom+` WHERE m.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("meeting")
	}
	return m, err
}

// ScheduleRun is what the scheduler's last run achieved, as the organiser
// sees it: the weight against the bound, musts and enterprises covered.
type ScheduleRun struct {
	At          time.Time `json:"at"`
	By          string    `json:"by"`
	Rule        string    `json:"rule"`
	Meetings    int       `json:"meetings"`
	Pinned      int       `json:"pinned"`
	Weight      int       `json:"weight"`
	Bound       int       `json:"bound"`
	RuleBound   int       `json:"rule_bound"`
	Musts       int       `json:"musts"`
	MustBound   int       `json:"must_bound"`
	Covered     int       `json:"covered"`
	Coverable   int       `json:"coverable"`
	CoverBound  int       `json:"cover_bound"`
	Optimal     bool      `json:"optimal"`
	Spread      [5]int    `json:"spread"`
	Millis      int64     `json:"millis"`
	Unscheduled []struct {
		Request int64  `json:"request_id"`
		Key     string `json:"key"`
		Args    []any  `json:"args,omitempty"`
	} `json:"unscheduled"`
}

// Ratio is the weight ÷ bound (1 with no bound).
func (r *ScheduleRun) Ratio() float64 {
	if r.Bound == 0 {
		return 1
	}
	return float64(r.Weight) / float64(r.Bound)
}

func (db *DB) lastRun(ctx context.Context, eventID int64) (*ScheduleRun, error) {
	var s string
	if err := db.read.QueryRowContext(ctx, `SELECT last_run FROM events WHERE id = $1`, eventID).Scan(&s); err != nil {
		return nil, err
	}
	if s == "" {
		return nil, nil
	}
	var r ScheduleRun
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		return nil, err
	}
	// JSON reads numbers as float64; the messages format them with %d.
	for i := range r.Unscheduled {
		for j, a := range r.Unscheduled[i].Args {
			if f, ok := a.(float64); ok && f == float64(int64(f)) {
				r.Unscheduled[i].Args[j] = int(f)
			}
		}
	}
	return &r, nil
}

// scheduleInput turns an event's stored state into the scheduler's input:
// slots numbered in time order, confirmed participants, accepted requests
// between them, and the pinned meetings as pins.
type scheduleInput struct {
	event  schedule.Event
	slotOf map[int64]int64 // start (Unix) → slot ID
	slots  map[int64]siapekspor.TimeSpan
	reqs   map[int64]*siapekspor.MeetingRequest
	parts  map[int64]*siapekspor.Participant
}

func buildScheduleInput(ev *siapekspor.Event, parts []*siapekspor.Participant, reqs []*siapekspor.MeetingRequest,
	meetings []*siapekspor.Meeting) *scheduleInput {
	in := &scheduleInput{slotOf: map[int64]int64{}, slots: map[int64]siapekspor.TimeSpan{}, reqs: map[int64]*siapekspor.MeetingRequest{},
		parts: map[int64]*siapekspor.Participant{}}
	days, breaks := ev.Spans()
	for i, s := range siapekspor.EventSlots(days, breaks, ev.MeetingMinutes) {
		id := int64(i + 1)
		in.event.Slots = append(in.event.Slots, schedule.Slot{ID: id, Start: s.Start, End: s.End})
		in.slotOf[s.Start.Unix()] = id
		in.slots[id] = s
	}
	for _, b := range breaks {
		in.event.Breaks = append(in.event.Breaks, schedule.Interval{Start: b.Start, End: b.End})
	}
	in.event.Tables = ev.Tables
	for _, pt := range parts {
		if pt.Status != siapekspor.ParticipantConfirmed {
			continue
		}
		in.parts[pt.ID] = pt
		sp := schedule.Participant{ID: pt.ID, Name: pt.Name, Max: pt.Max}
		for _, a := range pt.Available {
			sp.Available = append(sp.Available, schedule.Interval{Start: a.Start, End: a.End})
		}
		if pt.Side == siapekspor.SideEnterprise {
			in.event.Enterprises = append(in.event.Enterprises, sp)
		} else {
			in.event.Buyers = append(in.event.Buyers, sp)
		}
	}
	for _, r := range reqs {
		if r.Answer != siapekspor.AnswerAccepted || in.parts[r.EnterprisePID] == nil || in.parts[r.BuyerPID] == nil {
			continue
		}
		in.reqs[r.ID] = r
		in.event.Requests = append(in.event.Requests, schedule.Request{ID: r.ID, Enterprise: r.EnterprisePID, Buyer: r.BuyerPID,
			Priority: schedule.Priority(r.Priority), Score: int(r.Score + 0.5)})
	}
	for _, m := range meetings {
		if m.Pinned {
			in.event.Pins = append(in.event.Pins, schedule.Pin{Request: m.RequestID, Slot: in.slotOf[m.Start.Unix()], Table: m.Table})
		}
	}
	return in
}

// eventState reads an event's participants, requests and meetings: what
// the scheduler and a hand edit check against.
func (db *DB) eventState(ctx context.Context, q queryer, eventID int64) ([]*siapekspor.Participant,
	[]*siapekspor.MeetingRequest, []*siapekspor.Meeting, error) {
	parts, err := db.eventParticipants(ctx, q, eventID)
	if err != nil {
		return nil, nil, nil, err
	}
	reqs, err := db.meetingRequests(ctx, q, eventID)
	if err != nil {
		return nil, nil, nil, err
	}
	meetings, err := db.eventMeetings(ctx, q, eventID)
	return parts, reqs, meetings, err
}

// ScheduleOptions of a run.
type ScheduleOptions struct {
	Rule schedule.Rule `json:"rule"`
	Seed int64         `json:"seed"`
}

// ScheduleEvent runs the scheduler over the event's accepted requests and
// stores the agenda: pinned meetings stay, the others are replaced. Once a
// meeting's attendance is recorded the agenda is history and a run is
// refused. Input errors come back by field (schedule.InputErrors).
func (db *DB) ScheduleEvent(ctx context.Context, eventID int64, o ScheduleOptions) (*ScheduleRun, error) {
	var run *ScheduleRun
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		ev, err := db.managedEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		parts, reqs, meetings, err := db.eventState(ctx, tx, eventID)
		if err != nil {
			return err
		}
		for _, m := range meetings {
			if m.Attendance != siapekspor.AttendancePending {
				return siapekspor.Errorf(siapekspor.EConflict, "event.already_held")
			}
		}
		in := buildScheduleInput(ev, parts, reqs, meetings)
		start := time.Now()
		res, err := schedule.Solve(&in.event, schedule.Options{Rule: o.Rule, Seed: o.Seed})
		if err != nil {
			return err
		}
		run = runOf(res, siapekspor.ActorFrom(ctx).Label, db.now(), time.Since(start))
		if _, err := tx.ExecContext(ctx, `DELETE FROM event_meetings WHERE event_id = $1`, eventID); err != nil {
			return err
		}
		for _, m := range res.Meetings {
			s := in.slots[m.Slot]
			if _, err := tx.ExecContext(ctx, `INSERT INTO event_meetings (event_id, request_id, starts_at, ends_at, table_no, pinned, weight)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, eventID, m.Request, s.Start.UTC(), s.End.UTC(), m.Table, m.Pinned, m.Weight); err != nil {
				return err
			}
		}
		js, _ := json.Marshal(run)
		if _, err := tx.ExecContext(ctx, `UPDATE events SET last_run = $1, updated_at = $2, version = version + 1 WHERE id = $3`,
			string(js), db.now(), eventID); err != nil {
			return err
		}
		return db.audit(ctx, tx, "schedule", "event", eventID, nil, run)
	})
	return run, err
}

func runOf(res *schedule.Result, by string, at time.Time, took time.Duration) *ScheduleRun {
	r := &ScheduleRun{At: at, By: by, Rule: string(res.Rule), Meetings: len(res.Meetings), Weight: res.Weight, Bound: res.Bound,
		RuleBound: res.RuleBound, Musts: res.Musts, MustBound: res.MustBound, Covered: res.Covered, Coverable: res.Coverable,
		CoverBound: res.CoverBound, Optimal: res.Optimal, Spread: res.Spread, Millis: took.Milliseconds()}
	for _, m := range res.Meetings {
		if m.Pinned {
			r.Pinned++
		}
	}
	for _, u := range res.Unscheduled {
		r.Unscheduled = append(r.Unscheduled, struct {
			Request int64  `json:"request_id"`
			Key     string `json:"key"`
			Args    []any  `json:"args,omitempty"`
		}{u.Request, u.Key, u.Args})
	}
	return r
}

// MeetingPlace asks to put a meeting at a slot and table: a move of a
// meeting on the agenda, or a meeting added by hand for an accepted
// request. Both pin it (a re-run keeps it).
type MeetingPlace struct {
	Start time.Time `json:"start"`
	Table int       `json:"table"`
}

// PlaceMeeting moves a meeting (id) or adds one for an accepted request
// (requestID, when id is 0), pinned where it goes. The whole agenda after
// the change is checked (schedule.Check): nobody twice in a slot, no table
// twice, both sides there, nobody over their maximum.
func (db *DB) PlaceMeeting(ctx context.Context, eventID, id, requestID int64, at MeetingPlace) (*siapekspor.Meeting, error) {
	var out int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		ev, err := db.managedEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		parts, reqs, meetings, err := db.eventState(ctx, tx, eventID)
		if err != nil {
			return err
		}
		in := buildScheduleInput(ev, parts, reqs, meetings)
		slot := in.slotOf[at.Start.Unix()]
		if slot == 0 {
			return siapekspor.FieldInvalid("start", "event.no_such_slot", at.Start.In(ev.Location()).Format("2006-01-02 15:04"))
		}
		if at.Table < 1 || at.Table > ev.Tables {
			return siapekspor.FieldInvalid("table", "event.no_such_table", at.Table, ev.Tables)
		}
		var target *siapekspor.Meeting
		if id != 0 {
			for _, m := range meetings {
				if m.ID == id {
					target = m
				}
			}
			if target == nil {
				return notFound("meeting")
			}
			if target.Attendance != siapekspor.AttendancePending {
				return siapekspor.Errorf(siapekspor.EConflict, "event.meeting_recorded")
			}
			requestID = target.RequestID
		} else {
			if in.reqs[requestID] == nil {
				return siapekspor.FieldInvalid("request_id", "event.request_not_accepted", requestID)
			}
			for _, m := range meetings {
				if m.RequestID == requestID {
					return siapekspor.FieldInvalid("request_id", "event.already_on_agenda")
				}
			}
		}
		var list []schedule.Meeting
		for _, m := range meetings {
			if m.RequestID == requestID {
				continue
			}
			list = append(list, schedule.Meeting{Request: m.RequestID, Enterprise: m.EnterprisePID, Buyer: m.BuyerPID,
				Slot: in.slotOf[m.Start.Unix()], Table: m.Table, Pinned: m.Pinned})
		}
		r := in.reqs[requestID]
		if r == nil {
			return siapekspor.FieldInvalid("request_id", "event.request_not_accepted", requestID)
		}
		list = append(list, schedule.Meeting{Request: requestID, Enterprise: r.EnterprisePID, Buyer: r.BuyerPID, Slot: slot, Table: at.Table, Pinned: true})
		ev2 := in.event
		ev2.Pins = nil
		if err := schedule.Check(&ev2, list); err != nil {
			return err
		}
		s := in.slots[slot]
		weight := schedule.Weight(schedule.Priority(r.Priority), int(r.Score+0.5))
		if target != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE event_meetings SET starts_at = $1, ends_at = $2, table_no = $3, pinned = $4 WHERE id = $5`,
				s.Start.UTC(), s.End.UTC(), at.Table, true, target.ID); err != nil {
				return err
			}
			out = target.ID
		} else if err := tx.QueryRowContext(ctx, `INSERT INTO event_meetings (event_id, request_id, starts_at, ends_at, table_no, pinned, weight)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, eventID, requestID, s.Start.UTC(), s.End.UTC(), at.Table, true, weight).Scan(&out); err != nil {
			return err
		}
		return db.audit(ctx, tx, "place_meeting", "event", eventID, target, at)
	})
	if err != nil {
		return nil, err
	}
	return db.meeting(ctx, db.read, out)
}

// PinMeeting pins a meeting where it is (or unpins it).
func (db *DB) PinMeeting(ctx context.Context, eventID, id int64, pinned bool) (*siapekspor.Meeting, error) {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := db.managedEvent(ctx, tx, eventID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE event_meetings SET pinned = $1 WHERE id = $2 AND event_id = $3`, pinned, id, eventID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("meeting")
		}
		return db.audit(ctx, tx, "pin_meeting", "event", eventID, id, pinned)
	})
	if err != nil {
		return nil, err
	}
	return db.meeting(ctx, db.read, id)
}

// RemoveMeeting takes a meeting off the agenda; its request is marked
// removed, so a re-run leaves it out.
func (db *DB) RemoveMeeting(ctx context.Context, eventID, id int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := db.managedEvent(ctx, tx, eventID); err != nil {
			return err
		}
		m, err := db.meeting(ctx, tx, id)
		if err != nil || m.EventID != eventID {
			return notFound("meeting")
		}
		if m.Attendance != siapekspor.AttendancePending {
			return siapekspor.Errorf(siapekspor.EConflict, "event.meeting_recorded")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM event_meetings WHERE id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE meeting_requests SET answer = $1 WHERE id = $2`, string(siapekspor.AnswerRemoved), m.RequestID); err != nil {
			return err
		}
		return db.audit(ctx, tx, "remove_meeting", "event", eventID, m, nil)
	})
}

// sentMeeting is a meeting as the agendas were sent.
type sentMeeting struct {
	Request    int64 `json:"r"`
	Enterprise int64 `json:"e"`
	Buyer      int64 `json:"b"`
	Start      int64 `json:"s"` // Unix seconds
	Table      int   `json:"t"`
}

// AgendaChanges is what changed since the agendas were sent, and who must
// be told (participant IDs with their changes).
type AgendaChanges struct {
	SentAt  *time.Time                     `json:"sent_at,omitempty"`
	Added   int                            `json:"added"`
	Removed int                            `json:"removed"`
	Moved   int                            `json:"moved"`
	Notify  []int64                        `json:"notify"`
	Of      map[int64][]AgendaChangeDetail `json:"of"`
}

// AgendaChangeDetail is one change in one participant's agenda.
type AgendaChangeDetail struct {
	Kind string `json:"kind"` // added, removed, moved
	With string `json:"with"`
	// Was and Now: the start and table before and after (zero when none).
	WasStart time.Time `json:"was_start,omitzero"`
	WasTable int       `json:"was_table,omitempty"`
	NowStart time.Time `json:"now_start,omitzero"`
	NowTable int       `json:"now_table,omitempty"`
}

func (db *DB) agendaChanges(ctx context.Context, q queryer, ev *siapekspor.Event, parts []*siapekspor.Participant,
	meetings []*siapekspor.Meeting) (*AgendaChanges, error) {
	var sent string
	if err := q.QueryRowContext(ctx, `SELECT sent_agenda FROM events WHERE id = $1`, ev.ID).Scan(&sent); err != nil {
		return nil, err
	}
	if ev.AgendasSentAt == nil {
		return nil, nil
	}
	var old []sentMeeting
	if sent != "" {
		if err := json.Unmarshal([]byte(sent), &old); err != nil {
			return nil, err
		}
	}
	// Slot IDs: starts, so an old agenda's slot stays comparable.
	toSched := func(list []sentMeeting) []schedule.Meeting {
		out := make([]schedule.Meeting, len(list))
		for i, m := range list {
			out[i] = schedule.Meeting{Request: m.Request, Enterprise: m.Enterprise, Buyer: m.Buyer, Slot: m.Start, Table: m.Table}
		}
		return out
	}
	d := schedule.Diff(toSched(old), toSched(snapshot(meetings)))
	name := map[int64]string{}
	for _, pt := range parts {
		name[pt.ID] = pt.Name
	}
	out := &AgendaChanges{SentAt: ev.AgendasSentAt, Of: map[int64][]AgendaChangeDetail{}}
	add := func(kind string, e, b int64, was, now sentMeeting) {
		for _, side := range [][2]int64{{e, b}, {b, e}} {
			det := AgendaChangeDetail{Kind: kind, With: name[side[1]], WasTable: was.Table, NowTable: now.Table}
			if was.Start != 0 {
				det.WasStart = time.Unix(was.Start, 0).UTC()
			}
			if now.Start != 0 {
				det.NowStart = time.Unix(now.Start, 0).UTC()
			}
			out.Of[side[0]] = append(out.Of[side[0]], det)
		}
	}
	for _, ch := range d.Changes {
		var was, now sentMeeting
		if ch.Old != nil {
			was = sentMeeting{Start: ch.Old.Slot, Table: ch.Old.Table}
		}
		if ch.New != nil {
			now = sentMeeting{Start: ch.New.Slot, Table: ch.New.Table}
		}
		switch ch.Kind {
		case schedule.Added:
			out.Added++
		case schedule.Removed:
			out.Removed++
		case schedule.Moved:
			out.Moved++
		}
		add(string(ch.Kind), ch.Enterprise, ch.Buyer, was, now)
	}
	for pid := range out.Of {
		out.Notify = append(out.Notify, pid)
	}
	slices.Sort(out.Notify)
	return out, nil
}

func snapshot(meetings []*siapekspor.Meeting) []sentMeeting {
	out := make([]sentMeeting, 0, len(meetings))
	for _, m := range meetings {
		out = append(out, sentMeeting{Request: m.RequestID, Enterprise: m.EnterprisePID, Buyer: m.BuyerPID, Start: m.Start.Unix(), Table: m.Table})
	}
	return out
}

// SendAgendas records the agenda as sent now and returns who had to be
// told of the changes since the last sending (nil the first time: everyone).
func (db *DB) SendAgendas(ctx context.Context, eventID int64) (*AgendaChanges, error) {
	var changes *AgendaChanges
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		ev, err := db.managedEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		parts, err := db.eventParticipants(ctx, tx, eventID)
		if err != nil {
			return err
		}
		meetings, err := db.eventMeetings(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if len(meetings) == 0 {
			return siapekspor.Errorf(siapekspor.EConflict, "event.no_agenda")
		}
		if changes, err = db.agendaChanges(ctx, tx, ev, parts, meetings); err != nil {
			return err
		}
		js, _ := json.Marshal(snapshot(meetings))
		now := db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE events SET sent_agenda = $1, agendas_sent_at = $2, version = version + 1 WHERE id = $3`,
			string(js), now, eventID); err != nil {
			return err
		}
		return db.audit(ctx, tx, "send_agendas", "event", eventID, nil, len(meetings))
	})
	return changes, err
}

// Agendas returns the agendas the actor may read: a participant's (pid),
// a table's (table), or with both 0 every participant's the actor sees.
func (db *DB) Agendas(ctx context.Context, eventID, pid int64, table int) ([]*siapekspor.Agenda, error) {
	d, err := db.EventDetail(ctx, eventID)
	if err != nil {
		return nil, err
	}
	if table != 0 && !d.Manage && !siapekspor.EventScopeOf(siapekspor.ActorFrom(ctx)).All {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "event.not_organiser")
	}
	if table < 0 || table > d.Event.Tables {
		return nil, siapekspor.FieldInvalid("table", "event.no_such_table", table, d.Event.Tables)
	}
	offers, err := db.participantOffers(ctx, eventID)
	if err != nil {
		return nil, err
	}
	if table != 0 {
		a := &siapekspor.Agenda{Event: d.Event, Table: table, Items: []siapekspor.AgendaItem{}}
		for _, m := range d.Meetings {
			if m.Table == table {
				a.Items = append(a.Items, siapekspor.AgendaItem{Meeting: *m, With: m.EnterpriseName + " – " + m.BuyerName,
					Products: offers[m.EnterprisePID]})
			}
		}
		return []*siapekspor.Agenda{a}, nil
	}
	var out []*siapekspor.Agenda
	for _, pt := range d.Participants {
		if pid != 0 && pt.ID != pid || pt.Status != siapekspor.ParticipantConfirmed {
			continue
		}
		// Only the agendas of participants the actor speaks for or reaches.
		if !d.view.all && !d.view.own[pt.ID] {
			continue
		}
		a := &siapekspor.Agenda{Event: d.Event, Participant: pt, Items: []siapekspor.AgendaItem{}}
		for _, m := range d.Meetings {
			switch pt.ID {
			case m.EnterprisePID:
				a.Items = append(a.Items, siapekspor.AgendaItem{Meeting: *m, With: m.BuyerName, Products: offers[m.BuyerPID]})
			case m.BuyerPID:
				a.Items = append(a.Items, siapekspor.AgendaItem{Meeting: *m, With: m.EnterpriseName, Products: offers[m.EnterprisePID]})
			}
		}
		out = append(out, a)
	}
	if pid != 0 && len(out) == 0 {
		return nil, notFound("participant")
	}
	return out, nil
}

// participantOffers: an enterprise's products (name and HS code) and a
// buyer's open requests (title and HS code), at most five each.
func (db *DB) participantOffers(ctx context.Context, eventID int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	add := func(q string) error {
		rows, err := db.read.QueryContext(ctx, q, eventID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var pid int64
			var name, hs string
			if err := rows.Scan(&pid, &name, &hs); err != nil {
				return err
			}
			if len(out[pid]) < 5 {
				if hs != "" {
					name += " (HS " + hs + ")"
				}
				out[pid] = append(out[pid], name)
			}
		}
		return rows.Err()
	}
	if err := add(`SELECT p.id, pr.name_id, pr.hs_code FROM event_participants p JOIN products pr ON pr.enterprise_id = p.enterprise_id
		WHERE p.event_id = $1 ORDER BY p.id, pr.id`); err != nil {
		return nil, err
	}
	if err := add(`SELECT p.id, r.title, r.hs_code FROM event_participants p JOIN buying_requests r ON r.org_id = p.org_id
		WHERE p.event_id = $1 AND r.status = 'open' ORDER BY p.id, r.id`); err != nil {
		return nil, err
	}
	return out, nil
}

// RecordMeeting stores a meeting's attendance and outcome (the organiser,
// on the day or after). A held meeting whose request names a buying
// request and a product moves that match along the pipeline
// (MeetingOutcome.PipelineStep): the match is created at the meeting step
// when there is none — the owner met the buyer at the table, which is the
// consent an introduction asks for — and is only ever moved forward; no
// fit loses an open match. Recording needs the meeting's slot to have
// begun.
func (db *DB) RecordMeeting(ctx context.Context, eventID, id int64, res siapekspor.MeetingResult) (*siapekspor.Meeting, error) {
	if err := res.Check(); err != nil {
		return nil, err
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		ev, err := db.managedEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		m, err := db.meeting(ctx, tx, id)
		if err != nil || m.EventID != eventID {
			return notFound("meeting")
		}
		now := db.now()
		if res.Attendance != siapekspor.AttendanceCancelled && now.Before(m.Start) {
			return siapekspor.FieldInvalid("attendance", "event.not_yet", m.Start.In(ev.Location()).Format("2006-01-02 15:04"))
		}
		r, err := db.meetingRequest(ctx, tx, m.RequestID)
		if err != nil {
			return err
		}
		before := *m
		matchID := m.MatchID
		if res.Attendance == siapekspor.AttendanceHeld && r.BuyingRequestID != 0 && r.ProductID != 0 {
			note := ev.Name
			if res.Note != "" {
				note += ": " + res.Note
			}
			if matchID, err = db.moveMatchByMeeting(ctx, tx, r, m, res.Outcome, note); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_meetings SET attendance = $1, outcome = $2, note = $3, follow_up_on = $4,
			match_id = $5, recorded_at = $6 WHERE id = $7`, string(res.Attendance), string(res.Outcome), res.Note,
			dateText(res.FollowUpOn.Time()), nullID(matchID), now, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, "record_meeting", "event", eventID, &before, res)
	})
	if err != nil {
		return nil, err
	}
	return db.meeting(ctx, db.read, id)
}

// moveMatchByMeeting finds or creates the match of a meeting's request
// and product and moves it forward to the outcome's step.
func (db *DB) moveMatchByMeeting(ctx context.Context, tx *sql.Tx, r *siapekspor.MeetingRequest, m *siapekspor.Meeting,
	outcome siapekspor.MeetingOutcome, note string) (int64, error) {
	to := outcome.PipelineStep()
	var id int64
	var step, lostFrom string
	err := tx.QueryRowContext(ctx, `SELECT id, step, lost_from FROM matches WHERE request_id = $1 AND product_id = $2`,
		r.BuyingRequestID, r.ProductID).Scan(&id, &step, &lostFrom)
	now := db.now()
	a := siapekspor.ActorFrom(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		if to == siapekspor.StepLost {
			return 0, nil // no fit and no match: nothing to lose
		}
		if err := db.recountFunnel(ctx, tx, -1, "e.id = $1", m.EnterpriseID); err != nil {
			return 0, err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO matches (request_id, enterprise_id, product_id, step, score, step_at, created_by, created_at, updated_at, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING id`, r.BuyingRequestID, m.EnterpriseID, r.ProductID, string(to),
			r.Score, now, userOf(a), now, now).Scan(&id); err != nil {
			return 0, err
		}
		if err := db.recordStep(ctx, tx, id, "", to, note, ""); err != nil {
			return 0, err
		}
		if err := db.recountFunnel(ctx, tx, 1, "e.id = $1", m.EnterpriseID); err != nil {
			return 0, err
		}
		return id, db.audit(ctx, tx, "event_outcome", "match", id, nil, to)
	}
	if err != nil {
		return 0, err
	}
	from := siapekspor.MatchStep(step)
	switch {
	case from == siapekspor.StepLost || from == siapekspor.StepShipped:
		return id, nil // closed: the outcome stays on the meeting
	case to == siapekspor.StepLost:
	case to.Order() <= from.Order():
		return id, nil
	}
	if err := db.recountFunnel(ctx, tx, -1, "e.id = $1", m.EnterpriseID); err != nil {
		return 0, err
	}
	lostReason, lf := "", ""
	if to == siapekspor.StepLost {
		lostReason, lf = siapekspor.LostNoFit, step
	}
	if _, err := tx.ExecContext(ctx, `UPDATE matches SET step = $1, lost_reason = $2, lost_from = $3, step_at = $4, updated_at = $5,
		version = version + 1 WHERE id = $6`, string(to), lostReason, lf, now, now, id); err != nil {
		return 0, err
	}
	if err := db.recordStep(ctx, tx, id, from, to, note, lostReason); err != nil {
		return 0, err
	}
	if err := db.recountFunnel(ctx, tx, 1, "e.id = $1", m.EnterpriseID); err != nil {
		return 0, err
	}
	return id, db.audit(ctx, tx, "event_outcome", "match", id, from, to)
}

// EventReport sums an event up: meetings held, outcomes and follow-ups,
// by regency and by sector (of the enterprises the actor sees).
func (db *DB) EventReport(ctx context.Context, eventID int64) (*siapekspor.EventReport, error) {
	d, err := db.EventDetail(ctx, eventID)
	if err != nil {
		return nil, err
	}
	r := &siapekspor.EventReport{Event: d.Event, ByRegency: []siapekspor.EventReportRow{}, BySector: []siapekspor.EventReportRow{},
		FollowUps: []siapekspor.Meeting{}}
	for _, pt := range d.Participants {
		if pt.Status != siapekspor.ParticipantConfirmed {
			continue
		}
		if pt.Side == siapekspor.SideEnterprise {
			r.Enterprises++
		} else {
			r.Buyers++
		}
		if pt.CheckedInAt != nil {
			r.CheckedIn++
		}
	}
	for _, q := range d.Requests {
		r.Requests++
		if q.Answer == siapekspor.AnswerAccepted {
			r.Accepted++
		}
	}
	regions, sectors := map[string]*siapekspor.EventReportRow{}, map[string]*siapekspor.EventReportRow{}
	met := map[string]map[int64]bool{}
	row := func(m map[string]*siapekspor.EventReportRow, prefix, key string, eid int64) *siapekspor.EventReportRow {
		if m[key] == nil {
			m[key] = &siapekspor.EventReportRow{Key: key}
		}
		k := prefix + key
		if met[k] == nil {
			met[k] = map[int64]bool{}
		}
		if !met[k][eid] {
			met[k][eid] = true
			m[key].Enterprises++
		}
		return m[key]
	}
	all := map[int64]bool{}
	for _, m := range d.Meetings {
		r.Total.Count(m)
		if !all[m.EnterpriseID] {
			all[m.EnterpriseID] = true
			r.Total.Enterprises++
		}
		row(regions, "r", m.RegencyCode, m.EnterpriseID).Count(m)
		row(sectors, "s", string(m.Sector), m.EnterpriseID).Count(m)
		if m.Attendance == siapekspor.AttendanceHeld && m.Outcome.FollowUp() {
			r.FollowUps = append(r.FollowUps, *m)
		}
	}
	r.ByRegency, r.BySector = reportRows(regions), reportRows(sectors)
	slices.SortStableFunc(r.FollowUps, func(a, b siapekspor.Meeting) int {
		at, bt := a.FollowUpOn.Time(), b.FollowUpOn.Time()
		switch {
		case at != nil && bt != nil && !at.Equal(*bt):
			return at.Compare(*bt)
		case at != nil && bt == nil:
			return -1
		case at == nil && bt != nil:
			return 1
		}
		return cmp.Compare(a.Start.Unix(), b.Start.Unix())
	})
	return r, nil
}

// Suggestion is a counterpart a participant may ask for a meeting, ranked
// by the matcher: the best product of the enterprise for one of the
// buyer's open requests.
type Suggestion struct {
	ParticipantID   int64   `json:"participant_id"` // the other side
	Name            string  `json:"name"`
	Score           float64 `json:"score"`
	BuyingRequestID int64   `json:"buying_request_id"`
	RequestTitle    string  `json:"request_title"`
	ProductID       int64   `json:"product_id"`
	ProductName     string  `json:"product_name"`
	HSCode          string  `json:"hs_code"`
	// Reason: the matcher's leading factors as message keys (pages render
	// them in the reader's language) and, stored with a request, in words.
	Reason  string `json:"reason"`
	Asked   bool   `json:"asked"`   // a request between the two exists
	Regency string `json:"regency"` // the enterprise's regency code
}

// Suggestions ranks the other side for a participant: every open buying
// request of the buyers at the event is matched against the products of
// the enterprises at the event (internal/match, the pipeline's matcher),
// and each pair keeps its best product. The event's organiser and the
// participant itself read them.
func (db *DB) Suggestions(ctx context.Context, pid int64) ([]Suggestion, error) {
	ev, pt, err := db.participant(ctx, db.read, pid)
	if err != nil {
		return nil, err
	}
	if !siapekspor.ActsFor(siapekspor.ActorFrom(ctx), ev, pt) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "event.not_yours")
	}
	parts, err := db.eventParticipants(ctx, db.read, ev.ID)
	if err != nil {
		return nil, err
	}
	reqs, err := db.meetingRequests(ctx, db.read, ev.ID)
	if err != nil {
		return nil, err
	}
	pairs, err := db.pairScores(ctx, ev.ID, parts, pt)
	if err != nil {
		return nil, err
	}
	asked := map[[2]int64]bool{}
	for _, r := range reqs {
		asked[[2]int64{r.EnterprisePID, r.BuyerPID}] = true
	}
	var out []Suggestion
	for _, s := range pairs {
		e, b := pid, s.ParticipantID
		if pt.Side == siapekspor.SideBuyer {
			e, b = b, e
		}
		s.Asked = asked[[2]int64{e, b}]
		out = append(out, s)
	}
	slices.SortStableFunc(out, func(a, b Suggestion) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		return cmp.Compare(a.Name, b.Name)
	})
	return out, nil
}

// pairScores: for one participant, the best match of each counterpart.
func (db *DB) pairScores(ctx context.Context, eventID int64, parts []*siapekspor.Participant, pt *siapekspor.Participant) ([]Suggestion, error) {
	entPID, buyerPID := map[int64]*siapekspor.Participant{}, map[int64]*siapekspor.Participant{}
	var entIDs []int64
	for _, p := range parts {
		if p.Status == siapekspor.ParticipantDeclined || p.Side == pt.Side {
			continue
		}
		if p.Side == siapekspor.SideEnterprise {
			entPID[p.EnterpriseID] = p
			entIDs = append(entIDs, p.EnterpriseID)
		} else {
			buyerPID[p.OrgID] = p
		}
	}
	if pt.Side == siapekspor.SideEnterprise {
		entPID[pt.EnterpriseID] = pt
		entIDs = []int64{pt.EnterpriseID}
	} else {
		buyerPID = map[int64]*siapekspor.Participant{pt.OrgID: pt}
	}
	var orgs []int64
	for org := range buyerPID {
		orgs = append(orgs, org)
	}
	slices.Sort(orgs)
	best := map[int64]Suggestion{}
	if len(orgs) == 0 || len(entIDs) == 0 {
		return nil, nil
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+requestColumns+` `+requestFrom+` WHERE r.status = 'open' AND `+idIn("r.org_id", orgs)+` ORDER BY r.id`)
	if err != nil {
		return nil, err
	}
	var brs []*siapekspor.BuyingRequest
	for rows.Next() {
		br, err := scanRequest(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		brs = append(brs, br)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	weights, err := db.MatchWeights(ctx)
	if err != nil {
		return nil, err
	}
	scope := siapekspor.EnterpriseScope{Mentor: true, Assigned: entIDs}
	for _, br := range brs {
		rk, err := db.rankRequest(ctx, br, weights[br.Kind], nil, MatchOptions{Top: match.MaxTop, NearMisses: match.MaxTop}, scope)
		if err != nil {
			return nil, err
		}
		// Near misses too: a meeting is where a missing certificate is
		// talked through.
		for _, en := range slices.Concat(rk.Ranking.Entries, rk.Ranking.NearMisses) {
			ep, bp := entPID[en.EnterpriseID], buyerPID[br.OrgID]
			if ep == nil || bp == nil {
				continue
			}
			other := bp
			if pt.Side == siapekspor.SideBuyer {
				other = ep
			}
			if cur, ok := best[other.ID]; ok && cur.Score >= en.Score {
				continue
			}
			info := rk.Products[en.ProductID]
			best[other.ID] = Suggestion{ParticipantID: other.ID, Name: other.Name, Score: en.Score, BuyingRequestID: br.ID,
				RequestTitle: br.Title, ProductID: en.ProductID, ProductName: info.NameID, HSCode: info.HSCode,
				Reason: reasonOf(br, info.NameID, info.HSCode, en.Score), Regency: ep.RegencyCode}
		}
	}
	out := make([]Suggestion, 0, len(best))
	for _, s := range best {
		out = append(out, s)
	}
	return out, nil
}

// reasonOf is a suggestion's reason in words, kept with the request (the
// agenda shows it as it was when asked).
func reasonOf(br *siapekspor.BuyingRequest, product, hs string, score float64) string {
	s := product
	if hs != "" {
		s += " (HS " + hs + ")"
	}
	return s + " → " + br.Title + " · skor/score " + strconv.Itoa(int(score+0.5))
}

// reportRows: the most meetings first, then by key.
func reportRows(m map[string]*siapekspor.EventReportRow) []siapekspor.EventReportRow {
	rows := []siapekspor.EventReportRow{}
	for _, v := range m {
		rows = append(rows, *v)
	}
	slices.SortFunc(rows, func(a, b siapekspor.EventReportRow) int {
		if a.Meetings != b.Meetings {
			return cmp.Compare(b.Meetings, a.Meetings)
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return rows
}
