package siapekspor

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Business-matching events (issue 19): a Temu Bisnis with foreign buyers, a
// Temu Kemitraan with BUMN and private companies, a trade-fair delegation.
// Enterprises and buyers take part, ask each other for one-to-one meetings,
// the organiser's scheduler (internal/schedule) turns the accepted requests
// into an agenda, and each meeting's outcome moves its match along the
// pipeline. The rules of what is valid and who may do what live here.

// EventKind labels live under "event.kind.<value>".
type EventKind string

const (
	EventBusinessMatching EventKind = "business_matching" // with foreign buyers (Temu Bisnis)
	EventPartnership      EventKind = "partnership"       // with BUMN and private companies (Temu Kemitraan)
	EventTradeFair        EventKind = "trade_fair"        // a delegation to a trade fair
)

// EventKinds lists them in display order.
var EventKinds = []EventKind{EventBusinessMatching, EventPartnership, EventTradeFair}

// EventDay is one day of an event with its opening hours, in the event's
// time zone: {"date": "2026-12-15", "start": "09:00", "end": "16:00"}.
type EventDay struct {
	Date  string `json:"date"`
	Start string `json:"start"`
	End   string `json:"end"`
}

// ClockSpan is a span of the clock repeated every day of the event (a
// lunch or prayer break): {"start": "12:00", "end": "13:00"}.
type ClockSpan struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// TimeSpan is a span of time, start included, end excluded.
type TimeSpan struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// Event is a business-matching event.
type Event struct {
	ID    int64     `json:"id"`
	Name  string    `json:"name"`
	Kind  EventKind `json:"kind"`
	OrgID int64     `json:"org_id"` // the organiser
	// TimeZone: an IANA name; the province's (Asia/Jakarta for Lampung).
	TimeZone string      `json:"time_zone"`
	Days     []EventDay  `json:"days"`
	Breaks   []ClockSpan `json:"breaks"`
	Venue    string      `json:"venue"`
	// OnlineLink: the meeting link of an online event (https only).
	OnlineLink     string `json:"online_link"`
	MeetingMinutes int    `json:"meeting_minutes"`
	// Tables: tables in the room, or virtual rooms.
	Tables int `json:"tables"`
	// DefaultMax: a new participant's maximum of meetings (0: no limit).
	DefaultMax        int    `json:"default_max"`
	RegistrationOpens Date   `json:"registration_opens"`
	RegistrationEnds  Date   `json:"registration_ends"`
	Description       string `json:"description"`
	// AgendasSentAt: when the agendas were last sent; a change after it
	// lists who must be told.
	AgendasSentAt *time.Time `json:"agendas_sent_at,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	Version       int        `json:"version"`

	// Read-only, joined for display.
	OrgName string `json:"org_name,omitempty"`
}

// Event field limits.
const (
	MaxEventDays         = 14
	MaxEventTables       = 500
	MaxEventParticipants = 2000
	MaxMeetingMinutes    = 240
)

// Location is the event's time zone (UTC when unknown; Validate refuses
// an unknown one).
func (ev *Event) Location() *time.Location {
	if loc, err := time.LoadLocation(ev.TimeZone); err == nil && ev.TimeZone != "" {
		return loc
	}
	return time.UTC
}

// Spans returns the event's days and breaks as times (each break on each
// day), in the event's time zone. Days that do not parse are left out
// (Validate reports them).
func (ev *Event) Spans() (days, breaks []TimeSpan) {
	loc := ev.Location()
	for _, d := range ev.Days {
		day, err := time.ParseInLocation("2006-01-02", d.Date, loc)
		if err != nil {
			continue
		}
		s, ok1 := clockOn(day, d.Start)
		e, ok2 := clockOn(day, d.End)
		if !ok1 || !ok2 || !s.Before(e) {
			continue
		}
		days = append(days, TimeSpan{s, e})
		for _, b := range ev.Breaks {
			bs, ok1 := clockOn(day, b.Start)
			be, ok2 := clockOn(day, b.End)
			if ok1 && ok2 && bs.Before(be) {
				breaks = append(breaks, TimeSpan{bs, be})
			}
		}
	}
	return days, breaks
}

// FirstDay and LastDay of the event ("" without days).
func (ev *Event) FirstDay() string {
	if len(ev.Days) == 0 {
		return ""
	}
	return ev.Days[0].Date
}

func (ev *Event) LastDay() string {
	if len(ev.Days) == 0 {
		return ""
	}
	return ev.Days[len(ev.Days)-1].Date
}

// Online reports whether the meetings take place in virtual rooms.
func (ev *Event) Online() bool { return ev.OnlineLink != "" }

// RegistrationOpen reports whether participants may register and ask for
// meetings on the given day: within the window when one is set.
func (ev *Event) RegistrationOpen(now time.Time) bool {
	day := now.In(ev.Location()).Format("2006-01-02")
	if t := ev.RegistrationOpens.Time(); t != nil && day < t.Format("2006-01-02") {
		return false
	}
	if t := ev.RegistrationEnds.Time(); t != nil && day > t.Format("2006-01-02") {
		return false
	}
	return true
}

// clockOn reads "HH:MM" on a day.
func clockOn(day time.Time, clock string) (time.Time, bool) {
	t, err := time.Parse("15:04", strings.TrimSpace(clock))
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, day.Location()), true
}

// Validate reports every problem of an event, each naming its field:
// name, kind and organiser required; a known time zone; 1–14 days, each a
// date with opening hours, in order, none twice; breaks within the clock,
// not overlapping each other; a meeting length of 5–240 minutes that fits
// in every day; 1–500 tables; an https online link; the registration
// window in order and ending by the last day.
func (ev *Event) Validate() error {
	var p Problems
	ev.Name = strings.TrimSpace(ev.Name)
	ev.Venue = strings.TrimSpace(ev.Venue)
	ev.OnlineLink = strings.TrimSpace(ev.OnlineLink)
	p.Text("name", ev.Name)
	p.Text("venue", ev.Venue)
	p.Text("description", ev.Description)
	switch {
	case ev.Name == "":
		p.Add("name", "field.required")
	case utf8.RuneCountInString(ev.Name) > 200:
		p.Add("name", "field.too_long", 200)
	}
	if utf8.RuneCountInString(ev.Venue) > 300 {
		p.Add("venue", "field.too_long", 300)
	}
	if utf8.RuneCountInString(ev.Description) > 5000 {
		p.Add("description", "field.too_long", 5000)
	}
	if !oneOf(ev.Kind, EventKinds) {
		p.Add("kind", "field.invalid")
	}
	if ev.OrgID <= 0 {
		p.Add("org_id", "field.required")
	}
	if ev.TimeZone == "" {
		ev.TimeZone = "Asia/Jakarta"
	}
	if _, err := time.LoadLocation(ev.TimeZone); err != nil || !strings.Contains(ev.TimeZone, "/") && ev.TimeZone != "UTC" {
		p.Add("time_zone", "event.bad_time_zone", ev.TimeZone)
	}
	if ev.OnlineLink != "" {
		u, err := url.Parse(ev.OnlineLink)
		if err != nil || u.Scheme != "https" || u.Host == "" || len(ev.OnlineLink) > 500 {
			p.Add("online_link", "event.bad_link")
		}
	}
	if ev.Venue == "" && ev.OnlineLink == "" {
		p.Add("venue", "event.venue_or_link")
	}
	switch {
	case ev.MeetingMinutes < 5 || ev.MeetingMinutes > MaxMeetingMinutes:
		p.Add("meeting_minutes", "event.bad_minutes", 5, MaxMeetingMinutes)
	}
	switch {
	case ev.Tables < 1:
		p.Add("tables", "event.no_tables")
	case ev.Tables > MaxEventTables:
		p.Add("tables", "event.too_many_tables", MaxEventTables)
	}
	if ev.DefaultMax < 0 || ev.DefaultMax > 100 {
		p.Add("default_max", "event.bad_max", 100)
	}
	switch {
	case len(ev.Days) == 0:
		p.Add("days", "event.no_days")
	case len(ev.Days) > MaxEventDays:
		p.Add("days", "event.too_many_days", MaxEventDays)
	}
	day0 := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	prev := ""
	for i, d := range ev.Days {
		f := "days[" + strconv.Itoa(i) + "]"
		if _, err := time.Parse("2006-01-02", d.Date); err != nil {
			p.Add(f+".date", "field.date")
			continue
		}
		if d.Date <= prev {
			p.Add(f+".date", "event.days_order", d.Date)
		}
		prev = d.Date
		s, ok1 := clockOn(day0, d.Start)
		e, ok2 := clockOn(day0, d.End)
		switch {
		case !ok1:
			p.Add(f+".start", "event.bad_clock", d.Start)
		case !ok2:
			p.Add(f+".end", "event.bad_clock", d.End)
		case !s.Before(e):
			p.Add(f+".end", "event.end_before_start", d.Start, d.End)
		case ev.MeetingMinutes >= 5 && e.Sub(s) < time.Duration(ev.MeetingMinutes)*time.Minute:
			p.Add(f+".end", "event.day_too_short", ev.MeetingMinutes)
		}
	}
	var spans []TimeSpan
	for i, b := range ev.Breaks {
		f := "breaks[" + strconv.Itoa(i) + "]"
		s, ok1 := clockOn(day0, b.Start)
		e, ok2 := clockOn(day0, b.End)
		switch {
		case !ok1:
			p.Add(f+".start", "event.bad_clock", b.Start)
			continue
		case !ok2:
			p.Add(f+".end", "event.bad_clock", b.End)
			continue
		case !s.Before(e):
			p.Add(f+".end", "event.end_before_start", b.Start, b.End)
			continue
		}
		for j, o := range spans {
			if s.Before(o.End) && o.Start.Before(e) {
				p.Add(f, "event.breaks_overlap", j+1)
			}
		}
		spans = append(spans, TimeSpan{s, e})
	}
	if len(ev.Breaks) > 10 {
		p.Add("breaks", "event.too_many_breaks", 10)
	}
	o, e := ev.RegistrationOpens.Time(), ev.RegistrationEnds.Time()
	if o != nil && e != nil && e.Before(*o) {
		p.Add("registration_ends", "event.registration_order")
	}
	if e != nil && prev != "" && e.Format("2006-01-02") > prev {
		p.Add("registration_ends", "event.registration_after_event")
	}
	if p.Err() == nil && ev.MeetingMinutes >= 5 {
		// Breaks can leave a day without a whole slot: say so now, not
		// when the scheduler finds nothing.
		days, breaks := ev.Spans()
		if len(EventSlots(days, breaks, ev.MeetingMinutes)) == 0 {
			p.Add("breaks", "event.no_slots")
		}
	}
	return p.Err()
}

// EventSlots cuts the days into consecutive meetings of the given length,
// starting after a break that would overlap one (the same cut as
// schedule.MakeSlots, which the scheduler uses; a test keeps them equal).
func EventSlots(days, breaks []TimeSpan, minutes int) []TimeSpan {
	length := time.Duration(minutes) * time.Minute
	if length <= 0 {
		return nil
	}
	var out []TimeSpan
	for _, d := range days {
		for t := d.Start; !t.Add(length).After(d.End); {
			s := TimeSpan{t, t.Add(length)}
			clash := false
			for _, b := range breaks {
				if b.Start.Before(s.End) && s.Start.Before(b.End) {
					if b.End.After(t) {
						t = b.End
					}
					clash = true
				}
			}
			if clash {
				continue
			}
			out = append(out, s)
			t = s.End
		}
	}
	return out
}

// Side of a participant: an enterprise or a buyer (an organisation).
type Side string

const (
	SideEnterprise Side = "enterprise"
	SideBuyer      Side = "buyer"
)

// ParticipantStatus labels live under "event.participant.<value>".
type ParticipantStatus string

const (
	// ParticipantInvited: asked to take part; the owner (or the buyer's
	// organisation) accepts or declines.
	ParticipantInvited   ParticipantStatus = "invited"
	ParticipantConfirmed ParticipantStatus = "confirmed"
	ParticipantDeclined  ParticipantStatus = "declined"
)

// Participant is an enterprise or a buyer organisation at an event.
type Participant struct {
	ID           int64             `json:"id"`
	EventID      int64             `json:"event_id"`
	Side         Side              `json:"side"`
	EnterpriseID int64             `json:"enterprise_id,omitempty"`
	OrgID        int64             `json:"org_id,omitempty"` // a buyer's organisation
	Status       ParticipantStatus `json:"status"`
	// Available: the times within the event it is there; empty: all of it.
	Available []TimeSpan `json:"available"`
	// Max meetings; 0: no limit but the slots.
	Max         int        `json:"max"`
	CheckedInAt *time.Time `json:"checked_in_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`

	// Read-only, joined for display.
	Name        string `json:"name"`
	RegencyCode string `json:"regency_code,omitempty"`
	Sector      Sector `json:"sector,omitempty"`
	OrgKind     string `json:"org_kind,omitempty"`
	Phone       string `json:"phone,omitempty"` // for the agenda's WhatsApp link; only to those who see contacts
}

// CheckParticipant reports every problem of a participant against its
// event: one side, a maximum of 0–100, availability spans in order, each
// within the event's days, not overlapping, and not all of them outside
// every slot (a participant unavailable for the whole event).
func CheckParticipant(ev *Event, pt *Participant) error {
	var p Problems
	switch pt.Side {
	case SideEnterprise:
		if pt.EnterpriseID <= 0 {
			p.Add("enterprise_id", "field.required")
		}
	case SideBuyer:
		if pt.OrgID <= 0 {
			p.Add("org_id", "field.required")
		}
	default:
		p.Add("side", "field.invalid")
	}
	if pt.Max < 0 || pt.Max > 100 {
		p.Add("max", "event.bad_max", 100)
	}
	if len(pt.Available) > 50 {
		p.Add("available", "event.too_many_spans", 50)
	}
	days, breaks := ev.Spans()
	for i, s := range pt.Available {
		f := "available[" + strconv.Itoa(i) + "]"
		if !s.Start.Before(s.End) {
			p.Add(f, "event.span_order")
			continue
		}
		inside := false
		for _, d := range days {
			if !s.Start.Before(d.Start) && !s.End.After(d.End) || s.Start.Before(d.End) && d.Start.Before(s.End) {
				inside = true
			}
		}
		if !inside {
			p.Add(f, "event.span_outside")
		}
		for j := range i {
			o := pt.Available[j]
			if s.Start.Before(o.End) && o.Start.Before(s.End) {
				p.Add(f, "event.spans_overlap", j+1)
			}
		}
	}
	if len(p) == 0 && len(pt.Available) > 0 {
		free := false
		for _, sl := range EventSlots(days, breaks, ev.MeetingMinutes) {
			for _, s := range pt.Available {
				if !sl.Start.Before(s.Start) && !sl.End.After(s.End) {
					free = true
				}
			}
		}
		if !free {
			p.Add("available", "event.never_available")
		}
	}
	return p.Err()
}

// MeetingPriority is how much the one who asked wants the meeting (the
// scheduler's must, want, could); labels under "event.priority.<value>".
type MeetingPriority string

const (
	PriorityMust  MeetingPriority = "must"
	PriorityWant  MeetingPriority = "want"
	PriorityCould MeetingPriority = "could"
)

// MeetingPriorities lists them in falling order.
var MeetingPriorities = []MeetingPriority{PriorityMust, PriorityWant, PriorityCould}

// RequestAnswer is where a meeting request stands; labels under
// "event.answer.<value>".
type RequestAnswer string

const (
	AnswerPending  RequestAnswer = "pending"
	AnswerAccepted RequestAnswer = "accepted"
	AnswerDeclined RequestAnswer = "declined"
	// AnswerRemoved: the organiser took the meeting out; a re-run leaves
	// the request out.
	AnswerRemoved RequestAnswer = "removed"
)

// MeetingRequest is one side asking the other for a meeting.
type MeetingRequest struct {
	ID      int64 `json:"id"`
	EventID int64 `json:"event_id"`
	// The two participants (their participant IDs) and who asked.
	EnterprisePID int64           `json:"enterprise_participant_id"`
	BuyerPID      int64           `json:"buyer_participant_id"`
	From          Side            `json:"from"`
	Priority      MeetingPriority `json:"priority"`
	// Score: the matcher's score (0–100) of the pair's best product for
	// one of the buyer's open requests; 0 when the matcher has none.
	Score float64 `json:"score"`
	// Reason: why the two match, in words (the matcher's leading
	// factors, the product), kept as the pages show it.
	Reason string `json:"reason"`
	// The buying request and product the meeting is about, when known:
	// the outcome moves that match along the pipeline.
	BuyingRequestID int64         `json:"buying_request_id,omitempty"`
	ProductID       int64         `json:"product_id,omitempty"`
	Note            string        `json:"note"`
	Answer          RequestAnswer `json:"answer"`
	AnsweredAt      *time.Time    `json:"answered_at,omitempty"`
	CreatedAt       time.Time     `json:"created_at"`

	// Read-only, joined for display.
	EnterpriseName string `json:"enterprise_name,omitempty"`
	BuyerName      string `json:"buyer_name,omitempty"`
	ProductName    string `json:"product_name,omitempty"`
	HSCode         string `json:"hs_code,omitempty"`
}

// CheckMeetingRequest reports the problems of a request's own fields.
func CheckMeetingRequest(r *MeetingRequest) error {
	var p Problems
	r.Note = strings.TrimSpace(r.Note)
	p.Text("note", r.Note)
	if utf8.RuneCountInString(r.Note) > 1000 {
		p.Add("note", "field.too_long", 1000)
	}
	if r.EnterprisePID <= 0 {
		p.Add("enterprise_participant_id", "field.required")
	}
	if r.BuyerPID <= 0 {
		p.Add("buyer_participant_id", "field.required")
	}
	if !oneOf(r.Priority, MeetingPriorities) {
		p.Add("priority", "field.invalid")
	}
	if r.From != SideEnterprise && r.From != SideBuyer {
		p.Add("from", "field.invalid")
	}
	if r.Score < 0 || r.Score > 100 {
		p.Add("score", "event.bad_score")
	}
	return p.Err()
}

// Attendance of a meeting on the day; labels under "event.attendance.<value>".
type Attendance string

const (
	AttendancePending   Attendance = ""
	AttendanceHeld      Attendance = "held"
	NoShowEnterprise    Attendance = "no_show_enterprise"
	NoShowBuyer         Attendance = "no_show_buyer"
	NoShowBoth          Attendance = "no_show_both"
	AttendanceCancelled Attendance = "cancelled"
)

// Attendances lists the recorded values.
var Attendances = []Attendance{AttendanceHeld, NoShowEnterprise, NoShowBuyer, NoShowBoth, AttendanceCancelled}

// MeetingOutcome of a held meeting; labels under "event.outcome.<value>".
type MeetingOutcome string

const (
	OutcomeInterested      MeetingOutcome = "interested"
	OutcomeSampleRequested MeetingOutcome = "sample_requested"
	OutcomeNegotiation     MeetingOutcome = "negotiation"
	OutcomeNoFit           MeetingOutcome = "no_fit"
)

// MeetingOutcomes lists them in the form's order.
var MeetingOutcomes = []MeetingOutcome{OutcomeInterested, OutcomeSampleRequested, OutcomeNegotiation, OutcomeNoFit}

// FollowUp reports whether the outcome asks for a next step.
func (o MeetingOutcome) FollowUp() bool {
	return o == OutcomeInterested || o == OutcomeSampleRequested || o == OutcomeNegotiation
}

// PipelineStep is where an outcome puts the meeting's match: a held
// meeting is the meeting step; a negotiation the negotiation step; no fit
// loses the match (reason "no_fit"). A sample requested stays at the
// meeting step (the sample is sent later, a move of its own) with a note.
func (o MeetingOutcome) PipelineStep() MatchStep {
	switch o {
	case OutcomeNegotiation:
		return StepNegotiation
	case OutcomeNoFit:
		return StepLost
	}
	return StepMeeting
}

// Meeting is one scheduled meeting of an event.
type Meeting struct {
	ID        int64     `json:"id"`
	EventID   int64     `json:"event_id"`
	RequestID int64     `json:"request_id"`
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	Table     int       `json:"table"`
	// Pinned: placed by the organiser; a re-run keeps it.
	Pinned     bool           `json:"pinned"`
	Weight     int            `json:"weight"`
	Attendance Attendance     `json:"attendance"`
	Outcome    MeetingOutcome `json:"outcome,omitempty"`
	Note       string         `json:"note"`
	FollowUpOn Date           `json:"follow_up_on"`
	// MatchID: the pipeline's match the outcome moved, if any.
	MatchID    int64      `json:"match_id,omitempty"`
	RecordedAt *time.Time `json:"recorded_at,omitempty"`

	// Read-only, joined for display.
	EnterprisePID  int64           `json:"enterprise_participant_id"`
	BuyerPID       int64           `json:"buyer_participant_id"`
	EnterpriseID   int64           `json:"enterprise_id"`
	OrgID          int64           `json:"org_id"`
	EnterpriseName string          `json:"enterprise_name"`
	BuyerName      string          `json:"buyer_name"`
	RegencyCode    string          `json:"regency_code,omitempty"`
	Sector         Sector          `json:"sector,omitempty"`
	Priority       MeetingPriority `json:"priority"`
	Reason         string          `json:"reason"`
	ProductName    string          `json:"product_name,omitempty"`
	HSCode         string          `json:"hs_code,omitempty"`
}

// MeetingResult is the one-screen form after a meeting: whether it took
// place, and what came of it.
type MeetingResult struct {
	Attendance Attendance     `json:"attendance"`
	Outcome    MeetingOutcome `json:"outcome"`
	Note       string         `json:"note"`
	FollowUpOn Date           `json:"follow_up_on"`
}

// Check reports the form's problems: a known attendance; an outcome only
// for a held meeting and required for one; a follow-up date only for an
// outcome that asks for one.
func (r *MeetingResult) Check() error {
	var p Problems
	r.Note = strings.TrimSpace(r.Note)
	p.Text("note", r.Note)
	if utf8.RuneCountInString(r.Note) > 2000 {
		p.Add("note", "field.too_long", 2000)
	}
	if !oneOf(r.Attendance, Attendances) {
		p.Add("attendance", "field.invalid")
	}
	switch {
	case r.Attendance == AttendanceHeld && r.Outcome == "":
		p.Add("outcome", "event.outcome_required")
	case r.Attendance != AttendanceHeld && r.Outcome != "":
		p.Add("outcome", "event.outcome_not_held")
	case r.Outcome != "" && !oneOf(r.Outcome, MeetingOutcomes):
		p.Add("outcome", "field.invalid")
	}
	if r.FollowUpOn.Time() != nil && !r.Outcome.FollowUp() {
		p.Add("follow_up_on", "event.no_follow_up")
	}
	return p.Err()
}

// Permissions of events.
const (
	// PermEventRead: events in scope (EventScopeOf).
	PermEventRead Permission = "event:read"
	// PermEventManage: create events, add participants, accept requests for
	// others, run the scheduler, edit the agenda, check in, record outcomes
	// (CanManageEvent narrows it to the events one organises).
	PermEventManage Permission = "event:manage"
	// PermEventTake: take part — answer an invitation, ask for meetings,
	// answer requests, read one's own agenda (owners and buyers).
	PermEventTake Permission = "event:take"
)

func init() {
	for _, role := range []Role{RoleOfficer, RoleValidator, RoleViewer, RoleMentor, RoleOwner, RoleBuyer} {
		rolePermissions[role] = append(rolePermissions[role], PermEventRead)
	}
	for _, role := range []Role{RoleOfficer, RoleValidator} {
		rolePermissions[role] = append(rolePermissions[role], PermEventManage)
	}
	for _, role := range []Role{RoleOwner, RoleBuyer} {
		rolePermissions[role] = append(rolePermissions[role], PermEventTake)
	}
}

// EventScope is which events an actor reads.
type EventScope struct {
	All bool
	// The events one takes part in (invited, confirmed or declined).
	EnterpriseID int64
	OrgID        int64
	// Organiser: also the events this organisation organises.
	Organiser int64
	// Enterprises: the events the enterprises of this scope take part in
	// (a regency officer's region, a mentor's mentees).
	Enterprises *EnterpriseScope
	None        bool
}

// EventScopeOf: admins, viewers and provincial officers read every event;
// validators (export organisations) every event too, as they run
// business-matching days; a regency officer the events its organisation
// organises and those its regency's enterprises take part in; a mentor
// those of its mentees; an owner and a buyer the events they take part in.
func EventScopeOf(a Actor) EventScope {
	switch a.Role {
	case RoleAdmin, RoleViewer, RoleValidator:
		return EventScope{All: true}
	case RoleOfficer:
		s := ScopeOf(a)
		if s.All {
			return EventScope{All: true}
		}
		return EventScope{Organiser: a.OrgID, Enterprises: &s}
	case RoleMentor:
		s := ScopeOf(a)
		return EventScope{Enterprises: &s}
	case RoleOwner:
		if a.EnterpriseID != 0 {
			return EventScope{EnterpriseID: a.EnterpriseID}
		}
	case RoleBuyer:
		if a.OrgID != 0 {
			return EventScope{OrgID: a.OrgID}
		}
	}
	return EventScope{None: true}
}

// CanManageEvent reports whether an actor runs an event: admins and
// provincial officers every event; a regency officer or a validator the
// events its organisation organises.
func CanManageEvent(a Actor, ev *Event) bool {
	if !Can(a, PermEventManage) {
		return false
	}
	switch a.Role {
	case RoleAdmin:
		return true
	case RoleOfficer:
		return ScopeOf(a).All || a.OrgID != 0 && a.OrgID == ev.OrgID
	case RoleValidator:
		return a.OrgID != 0 && a.OrgID == ev.OrgID
	}
	return false
}

// ActsFor reports whether an actor speaks for a participant: its owner, a
// user of its buyer organisation, or the event's organiser.
func ActsFor(a Actor, ev *Event, pt *Participant) bool {
	if CanManageEvent(a, ev) {
		return true
	}
	switch a.Role {
	case RoleOwner:
		return pt.Side == SideEnterprise && a.EnterpriseID != 0 && a.EnterpriseID == pt.EnterpriseID
	case RoleBuyer:
		return pt.Side == SideBuyer && a.OrgID != 0 && a.OrgID == pt.OrgID
	}
	return false
}

// Agenda is one participant's meetings, or one table's, as it is sent.
type Agenda struct {
	Event *Event `json:"event"`
	// Participant: whose agenda; nil for a table's.
	Participant *Participant `json:"participant,omitempty"`
	// Table: the table (or virtual room) of a table's agenda; 0 for a
	// participant's.
	Table int          `json:"table,omitempty"`
	Items []AgendaItem `json:"items"`
}

// AgendaItem is one meeting of an agenda, seen from its owner's side.
type AgendaItem struct {
	Meeting
	// With: the other side's name (for a table's agenda: both names are in
	// the meeting).
	With string `json:"with"`
	// Products: what the other side offers (an enterprise's products with
	// their HS codes) or asks for (a buyer's open requests' titles).
	Products []string `json:"products"`
}

// EventReport is what an event achieved: meetings held, their outcomes,
// the follow-ups, by regency and by sector.
type EventReport struct {
	Event       *Event           `json:"event"`
	Enterprises int              `json:"enterprises"` // confirmed
	Buyers      int              `json:"buyers"`
	CheckedIn   int              `json:"checked_in"`
	Requests    int              `json:"requests"`
	Accepted    int              `json:"accepted"`
	Total       EventReportRow   `json:"total"`
	ByRegency   []EventReportRow `json:"by_regency"` // Key: regency code
	BySector    []EventReportRow `json:"by_sector"`  // Key: sector ("" unknown)
	// FollowUps: held meetings whose outcome asks for a next step, by
	// follow-up date (none last), then time.
	FollowUps []Meeting `json:"follow_ups"`
}

// EventReportRow counts the meetings of one group of enterprises.
type EventReportRow struct {
	Key         string `json:"key"`
	Enterprises int    `json:"enterprises"` // with at least one meeting
	Meetings    int    `json:"meetings"`    // scheduled
	Held        int    `json:"held"`
	NoShows     int    `json:"no_shows"` // either side or both
	Pending     int    `json:"pending"`  // nothing recorded yet
	// Outcomes: held meetings by outcome, in the order of MeetingOutcomes.
	Outcomes  [4]int `json:"outcomes"`
	FollowUps int    `json:"follow_ups"`
}

// Count adds a meeting to the row.
func (r *EventReportRow) Count(m *Meeting) {
	r.Meetings++
	switch m.Attendance {
	case AttendanceHeld:
		r.Held++
		for i, o := range MeetingOutcomes {
			if m.Outcome == o {
				r.Outcomes[i]++
			}
		}
		if m.Outcome.FollowUp() {
			r.FollowUps++
		}
	case NoShowEnterprise, NoShowBuyer, NoShowBoth:
		r.NoShows++
	case AttendancePending:
		r.Pending++
	}
}
