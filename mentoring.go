package siapekspor

import (
	"strings"
	"time"
	"unicode/utf8"
)

// MentorAssignment puts an enterprise in a mentor's care (pendampingan):
// the mentor then reads it and records its mentoring.
type MentorAssignment struct {
	ID           int64      `json:"id"`
	MentorID     int64      `json:"mentor_user_id"`
	EnterpriseID int64      `json:"enterprise_id"`
	AssignedAt   time.Time  `json:"assigned_at"`
	EndedAt      *time.Time `json:"ended_at,omitempty"`
	// Filled on read.
	MentorName     string `json:"mentor_name,omitempty"`
	MentorOrg      string `json:"mentor_org,omitempty"`
	EnterpriseName string `json:"enterprise_name,omitempty"`
}

// Channel is how a mentoring contact took place; labels under "channel.<value>".
type Channel string

// Channels lists them in display order.
var Channels = []Channel{"visit", "phone", "whatsapp", "video", "meeting", "training", "other"}

// Activity is one logged mentoring contact with an enterprise.
type Activity struct {
	ID           int64     `json:"id"`
	EnterpriseID int64     `json:"enterprise_id"`
	MentorID     *int64    `json:"mentor_user_id"`
	CaseID       *int64    `json:"case_id"`
	On           time.Time `json:"on"`
	Channel      Channel   `json:"channel"`
	Topic        string    `json:"topic"`
	Notes        string    `json:"notes"`
	// NextStep and its due date: what was agreed, for the overdue list.
	NextStep  string     `json:"next_step"`
	NextDue   *time.Time `json:"next_due,omitempty"`
	NextDone  bool       `json:"next_done"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	Version   int        `json:"version"`
	// Filled on read.
	Actor          string `json:"actor,omitempty"`
	EnterpriseName string `json:"enterprise_name,omitempty"`
	MentorName     string `json:"mentor_name,omitempty"`
}

// Normalize tidies an activity's text.
func (a *Activity) Normalize() {
	a.Topic, a.NextStep = collapseSpaces(a.Topic), collapseSpaces(a.NextStep)
	a.Notes = strings.TrimSpace(a.Notes)
}

// Validate checks an activity. A contact cannot be logged ahead of its day.
func (a *Activity) Validate(now time.Time) error {
	pr := TextProblems(a)
	if a.On.IsZero() {
		pr.Add("on", "field.required")
	} else if dateOnly(a.On).After(dateOnly(now)) {
		pr.Add("on", "mentoring.in_future")
	}
	if !oneOf(a.Channel, Channels) {
		pr.Add("channel", "field.choice")
	}
	switch n := utf8.RuneCountInString(a.Topic); {
	case n == 0:
		pr.Add("topic", "field.required")
	case n > 300:
		pr.Add("topic", "field.too_long", 300)
	}
	if utf8.RuneCountInString(a.Notes) > 4000 {
		pr.Add("notes", "field.too_long", 4000)
	}
	if utf8.RuneCountInString(a.NextStep) > 300 {
		pr.Add("next_step", "field.too_long", 300)
	}
	if a.NextDue != nil && a.NextStep == "" {
		pr.Add("next_step", "mentoring.due_needs_step")
	}
	if a.NextDue != nil && !a.On.IsZero() && dateOnly(*a.NextDue).Before(dateOnly(a.On)) {
		pr.Add("next_due", "mentoring.due_before_activity")
	}
	return pr.Err()
}

// Overdue reports whether the agreed next step is past its due date.
func (a *Activity) Overdue(now time.Time) bool {
	return a.NextDue != nil && !a.NextDone && dateOnly(*a.NextDue).Before(dateOnly(now))
}

// CaseKind is what an assistance case helps with; labels under "case.<value>".
type CaseKind string

// CaseKinds lists them in display order: certification help per permit,
// capacity, quality, packaging, and financing referrals.
var CaseKinds = []CaseKind{
	"cert_halal", "cert_bpom", "cert_pirt", "cert_other", "capacity", "quality", "packaging",
	"financing_lpei", "financing_kur", "market_access", "other",
}

// CaseStatus is where an assistance case stands.
type CaseStatus string

const (
	CaseOpen       CaseStatus = "open"
	CaseInProgress CaseStatus = "in_progress"
	CaseDone       CaseStatus = "done"
	CaseCancelled  CaseStatus = "cancelled"
)

// CaseStatuses lists them in order.
var CaseStatuses = []CaseStatus{CaseOpen, CaseInProgress, CaseDone, CaseCancelled}

// Closed reports whether a case needs no more work.
func (s CaseStatus) Closed() bool { return s == CaseDone || s == CaseCancelled }

// Case is an assistance case: a piece of help with a goal, someone
// responsible for it and a due date.
type Case struct {
	ID           int64      `json:"id"`
	EnterpriseID int64      `json:"enterprise_id"`
	Kind         CaseKind   `json:"kind"`
	Title        string     `json:"title"`
	Status       CaseStatus `json:"status"`
	OwnerID      *int64     `json:"owner_user_id"` // who is responsible
	DueOn        *time.Time `json:"due_on,omitempty"`
	Notes        string     `json:"notes"`
	Outcome      string     `json:"outcome"` // what came of it, when closed
	OpenedAt     time.Time  `json:"opened_at"`
	ClosedAt     *time.Time `json:"closed_at,omitempty"`
	UpdatedAt    time.Time  `json:"updated_at"`
	Version      int        `json:"version"`
	// Filled on read.
	OwnerName      string `json:"owner_name,omitempty"`
	EnterpriseName string `json:"enterprise_name,omitempty"`
}

// Normalize tidies a case's text and fills its status.
func (c *Case) Normalize() {
	c.Title, c.Notes, c.Outcome = collapseSpaces(c.Title), strings.TrimSpace(c.Notes), strings.TrimSpace(c.Outcome)
	if c.Status == "" {
		c.Status = CaseOpen
	}
}

// Validate checks a case.
func (c *Case) Validate() error {
	pr := TextProblems(c)
	if !oneOf(c.Kind, CaseKinds) {
		pr.Add("kind", "field.choice")
	}
	switch n := utf8.RuneCountInString(c.Title); {
	case n == 0:
		pr.Add("title", "field.required")
	case n > 200:
		pr.Add("title", "field.too_long", 200)
	}
	if !oneOf(c.Status, CaseStatuses) {
		pr.Add("status", "field.choice")
	}
	for field, s := range map[string]string{"notes": c.Notes, "outcome": c.Outcome} {
		if utf8.RuneCountInString(s) > 4000 {
			pr.Add(field, "field.too_long", 4000)
		}
	}
	if c.Status == CaseDone && c.Outcome == "" {
		pr.Add("outcome", "mentoring.outcome_needed")
	}
	return pr.Err()
}

// Overdue reports whether an open case is past its due date.
func (c *Case) Overdue(now time.Time) bool {
	return !c.Status.Closed() && c.DueOn != nil && dateOnly(*c.DueOn).Before(dateOnly(now))
}

// TimelineEvent is one thing that happened to an enterprise, from any part
// of the system, so that outcomes can be traced to the help given.
type TimelineEvent struct {
	At time.Time `json:"at"`
	// Kind names what happened (labels under "timeline.<kind>"): assessment,
	// enrolment, attendance, result, activity, case_opened, case_closed,
	// validation, certificate, export.
	Kind string `json:"kind"`
	// Summary is the record's own words (a topic, a class, a product's
	// name); Code an enumerated value the page labels (a level, a status).
	Summary string `json:"summary"`
	Code    string `json:"code,omitempty"`
	Detail  string `json:"detail,omitempty"`
	// Score is an assessment's overall score (0–100), or an export's value
	// in US dollars, for pages to write in the reader's number format.
	Score float64 `json:"score,omitempty"`
	Actor string  `json:"actor,omitempty"`
	Link  string  `json:"link,omitempty"` // a page about it
	RefID int64   `json:"ref_id,omitempty"`
}
