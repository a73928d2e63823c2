package siapekspor

import (
	"strings"
	"time"
	"unicode/utf8"
)

// TrainingLevel is one of the three classes of the export training, and the
// class a readiness assessment places an enterprise in. Labels live in the
// catalogues under "level.<value>".
type TrainingLevel string

const (
	LevelBeginner     TrainingLevel = "pemula"
	LevelIntermediate TrainingLevel = "menengah"
	LevelAdvanced     TrainingLevel = "mahir"
)

// TrainingLevels lists the classes from the first to the last; an enterprise
// moves up this list (naik kelas).
var TrainingLevels = []TrainingLevel{LevelBeginner, LevelIntermediate, LevelAdvanced}

// Valid reports whether l is one of the three classes.
func (l TrainingLevel) Valid() bool { return oneOf(l, TrainingLevels) }

// Rank is the class's place in TrainingLevels (0 for pemula), -1 if unknown.
func (l TrainingLevel) Rank() int {
	for i, x := range TrainingLevels {
		if x == l {
			return i
		}
	}
	return -1
}

// Programme is one run of the export training: S stages (tahap) of three
// classes each, a fixed number of seats per class.
type Programme struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Year        int    `json:"year"`
	OrganiserID *int64 `json:"organiser_org_id"`
	Description string `json:"description"`
	Stages      int    `json:"stages"`
	// SeatsPerClass: 20 in the province's design.
	SeatsPerClass int `json:"seats_per_class"`
	// AttendancePct: the share of a class's sessions held so far that a
	// participant must attend to complete it.
	AttendancePct int `json:"attendance_pct"`
	// RegencyCapPct: placement gives one regency at most this share of a
	// class while enterprises of other regencies wait.
	RegencyCapPct int             `json:"regency_cap_pct"`
	Status        ProgrammeStatus `json:"status"`
	CreatedAt     time.Time       `json:"created_at"`
	UpdatedAt     time.Time       `json:"updated_at"`
	Version       int             `json:"version"`

	OrganiserName string `json:"organiser_name,omitempty"`
}

// ProgrammeStatus is where a programme stands.
type ProgrammeStatus string

const (
	ProgrammePlanning  ProgrammeStatus = "planning"  // placing participants
	ProgrammeConfirmed ProgrammeStatus = "confirmed" // invitations out, classes running
	ProgrammeFinished  ProgrammeStatus = "finished"  // completion and results recorded
)

// ProgrammeStatuses lists them in order.
var ProgrammeStatuses = []ProgrammeStatus{ProgrammePlanning, ProgrammeConfirmed, ProgrammeFinished}

// Programme defaults from the province's design: two stages, 20 per class.
const (
	DefaultStages        = 2
	DefaultSeatsPerClass = 20
	DefaultAttendancePct = 75
	DefaultRegencyCapPct = 25
)

// Normalize fills defaults and tidies text.
func (p *Programme) Normalize() {
	p.Name, p.Description = collapseSpaces(p.Name), strings.TrimSpace(p.Description)
	if p.Stages == 0 {
		p.Stages = DefaultStages
	}
	if p.SeatsPerClass == 0 {
		p.SeatsPerClass = DefaultSeatsPerClass
	}
	if p.Status == "" {
		p.Status = ProgrammePlanning
	}
}

// Validate checks a programme's fields.
func (p *Programme) Validate() error {
	pr := TextProblems(p)
	switch n := utf8.RuneCountInString(p.Name); {
	case n == 0:
		pr.Add("name", "field.required")
	case n > 200:
		pr.Add("name", "field.too_long", 200)
	}
	if p.Year < 2000 || p.Year > 2100 {
		pr.Add("year", "field.year_range", 2000, 2100)
	}
	if utf8.RuneCountInString(p.Description) > 4000 {
		pr.Add("description", "field.too_long", 4000)
	}
	if p.Stages < 1 || p.Stages > 6 {
		pr.Add("stages", "field.range", 1, 6)
	}
	if p.SeatsPerClass < 1 || p.SeatsPerClass > 200 {
		pr.Add("seats_per_class", "field.range", 1, 200)
	}
	if p.AttendancePct < 0 || p.AttendancePct > 100 {
		pr.Add("attendance_pct", "field.range", 0, 100)
	}
	if p.RegencyCapPct < 0 || p.RegencyCapPct > 100 {
		pr.Add("regency_cap_pct", "field.range", 0, 100)
	}
	if !oneOf(p.Status, ProgrammeStatuses) {
		pr.Add("status", "field.choice")
	}
	return pr.Err()
}

// Stage is one tahap of a programme, with its dates.
type Stage struct {
	ID          int64      `json:"id"`
	ProgrammeID int64      `json:"programme_id"`
	Number      int        `json:"number"`
	StartsOn    *time.Time `json:"starts_on,omitempty"`
	EndsOn      *time.Time `json:"ends_on,omitempty"`
	Classes     []Class    `json:"classes"`
}

// Class is one class of a stage: pemula, menengah or mahir.
type Class struct {
	ID          int64         `json:"id"`
	ProgrammeID int64         `json:"programme_id"`
	StageID     int64         `json:"stage_id"`
	Stage       int           `json:"stage"`
	Level       TrainingLevel `json:"level"`
	Seats       int           `json:"seats"`
	TrainerID   *int64        `json:"trainer_user_id"`
	// Filled on read.
	Enrolled    int    `json:"enrolled"`
	TrainerName string `json:"trainer_name,omitempty"`
	Programme   string `json:"programme,omitempty"`
}

// Session is one meeting of a class.
type Session struct {
	ID        int64     `json:"id"`
	ClassID   int64     `json:"class_id"`
	On        time.Time `json:"on"`                 // the day
	StartsAt  string    `json:"starts_at"`          // HH:MM, local time
	EndsAt    string    `json:"ends_at"`            // HH:MM
	Place     string    `json:"place"`              // a venue
	OnlineURL string    `json:"online_url"`         // or a meeting link
	Topic     string    `json:"topic"`              // potential buyers, destination countries …
	Trainer   string    `json:"trainer"`            // who teaches it
	Attended  int       `json:"attended,omitempty"` // filled on read: participants marked present
	Recorded  bool      `json:"recorded"`           // filled on read: attendance has been taken
}

// Normalize tidies a session's text.
func (s *Session) Normalize() {
	s.Place, s.OnlineURL, s.Topic, s.Trainer = collapseSpaces(s.Place), strings.TrimSpace(s.OnlineURL), collapseSpaces(s.Topic), collapseSpaces(s.Trainer)
	s.StartsAt, s.EndsAt = strings.ReplaceAll(strings.TrimSpace(s.StartsAt), ".", ":"), strings.ReplaceAll(strings.TrimSpace(s.EndsAt), ".", ":")
}

// Validate checks a session's fields.
func (s *Session) Validate() error {
	pr := TextProblems(s)
	if s.On.IsZero() {
		pr.Add("on", "field.required")
	}
	if s.Topic == "" {
		pr.Add("topic", "field.required")
	} else if utf8.RuneCountInString(s.Topic) > 300 {
		pr.Add("topic", "field.too_long", 300)
	}
	for field, v := range map[string]string{"starts_at": s.StartsAt, "ends_at": s.EndsAt} {
		if v != "" && !validClock(v) {
			pr.Add(field, "field.time")
		}
	}
	if validClock(s.StartsAt) && validClock(s.EndsAt) && s.EndsAt <= s.StartsAt {
		pr.Add("ends_at", "training.ends_before_start")
	}
	if s.OnlineURL != "" && !strings.HasPrefix(s.OnlineURL, "https://") && !strings.HasPrefix(s.OnlineURL, "http://") {
		pr.Add("online_url", "field.url")
	}
	if s.Place == "" && s.OnlineURL == "" {
		pr.Add("place", "training.place_or_link")
	}
	for field, v := range map[string]string{"place": s.Place, "online_url": s.OnlineURL, "trainer": s.Trainer} {
		if utf8.RuneCountInString(v) > 300 {
			pr.Add(field, "field.too_long", 300)
		}
	}
	return pr.Err()
}

// Held reports whether a session has taken place by a day: attendance can
// only be taken for a session that has happened.
func (s *Session) Held(now time.Time) bool { return !dateOnly(s.On).After(dateOnly(now)) }

// validClock accepts HH:MM from 00:00 to 23:59.
func validClock(s string) bool {
	if len(s) != 5 || s[2] != ':' {
		return false
	}
	h, m := (int(s[0])-'0')*10+int(s[1])-'0', (int(s[3])-'0')*10+int(s[4])-'0'
	for _, c := range []byte{s[0], s[1], s[3], s[4]} {
		if c < '0' || c > '9' {
			return false
		}
	}
	return h < 24 && m < 60
}

// EnrolmentStatus is where a participant stands.
type EnrolmentStatus string

const (
	EnrolProposed  EnrolmentStatus = "proposed"  // placed, not yet confirmed by the officer
	EnrolInvited   EnrolmentStatus = "invited"   // confirmed, invitation out
	EnrolAccepted  EnrolmentStatus = "accepted"  // the enterprise will attend
	EnrolDeclined  EnrolmentStatus = "declined"  // the enterprise will not; the seat is free
	EnrolWithdrawn EnrolmentStatus = "withdrawn" // removed after confirmation; the seat is free
)

// EnrolmentStatuses lists them in order.
var EnrolmentStatuses = []EnrolmentStatus{EnrolProposed, EnrolInvited, EnrolAccepted, EnrolDeclined, EnrolWithdrawn}

// HoldsSeat reports whether an enrolment takes a seat of its class.
func (s EnrolmentStatus) HoldsSeat() bool {
	return s == EnrolProposed || s == EnrolInvited || s == EnrolAccepted
}

// TrainingResult is a participant's result in a class.
type TrainingResult string

const (
	ResultNone      TrainingResult = ""
	ResultPassed    TrainingResult = "passed"
	ResultNotPassed TrainingResult = "not_passed"
)

// Enrolment is one enterprise in one class.
type Enrolment struct {
	ID           int64           `json:"id"`
	ProgrammeID  int64           `json:"programme_id"`
	StageID      int64           `json:"stage_id"`
	Stage        int             `json:"stage"`
	ClassID      int64           `json:"class_id"`
	ClassLevel   TrainingLevel   `json:"class_level"`
	EnterpriseID int64           `json:"enterprise_id"`
	Status       EnrolmentStatus `json:"status"`
	// Reason is the placement's reason (a message key) or "manual".
	Reason string `json:"reason"`
	// The enterprise's assessed class and score when it was placed.
	Level       TrainingLevel  `json:"level"`
	Score       *float64       `json:"score"`
	Result      TrainingResult `json:"result"`
	ResultScore *float64       `json:"result_score"`
	ResultNote  string         `json:"result_note"`
	// Completed is set when the programme is finished, by its attendance rule.
	Completed *bool     `json:"completed"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	// Filled on read.
	EnterpriseName  string          `json:"enterprise_name,omitempty"`
	OwnerName       string          `json:"owner_name,omitempty"`
	Phone           string          `json:"phone,omitempty"`
	RegencyCode     string          `json:"regency_code,omitempty"`
	RegencyName     string          `json:"regency_name,omitempty"`
	ProgrammeName   string          `json:"programme_name,omitempty"`
	ProgrammeStatus ProgrammeStatus `json:"programme_status,omitempty"`
	Attended        int             `json:"attended"`
	SessionsHeld    int             `json:"sessions_held"`
}

// AttendanceMet reports whether attended of held sessions meets a
// programme's rule. With no session held yet nobody has completed.
func AttendanceMet(attended, held, pct int) bool {
	if held == 0 {
		return false
	}
	return attended*100 >= pct*held
}

// Who may manage a training programme, and who may run one of its
// classes. Admins and provincial officers (an organisation without a
// region) manage every programme; a regency/city officer manages the
// programmes its own office organises. Trainers run the classes given to
// them; managers run every class of their programmes. The store asks
// these before each change; pages ask them to decide which forms to offer.

// CanManageProgramme is nil when a may manage p, else the forbidden error.
func CanManageProgramme(a Actor, p *Programme) error {
	if !Can(a, PermTrainingManage) {
		return Errorf(EForbidden, "error.forbidden")
	}
	provincial := !strings.Contains(a.RegionCode, ".") // no region, or a province
	if a.Role == RoleAdmin || provincial || (p.OrganiserID != nil && *p.OrganiserID == a.OrgID) {
		return nil
	}
	return Errorf(EForbidden, "training.not_your_programme")
}

// CanRunClass is nil when a may run class c of p (sessions, attendance,
// results), else the forbidden error.
func CanRunClass(a Actor, p *Programme, c *Class) error {
	if a.Role == RoleTrainer && Can(a, PermTrainingRun) {
		if c.TrainerID != nil && *c.TrainerID == a.UserID {
			return nil
		}
		return Errorf(EForbidden, "training.not_your_class")
	}
	return CanManageProgramme(a, p)
}
