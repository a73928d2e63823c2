package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
)

// Class pages: the class, its roster and attendance sheet, its sessions.

// classData is a class's page: roster, sessions, results.
type classData struct {
	C          *siapekspor.Class
	P          *siapekspor.Programme
	Members    []siapekspor.Enrolment
	Sessions   []siapekspor.Session
	Attendance map[int64]map[int64]bool // session → enrolment → present
	Session    *siapekspor.Session      // the new-session form
	Raw        map[string]string
	CanRun     bool
	Today      time.Time
}

// Val is what was typed if it did not parse, else the stored date.
func (d classData) Val(field string, stored time.Time) string {
	if v, ok := d.Raw[field]; ok {
		return v
	}
	if stored.IsZero() {
		return ""
	}
	return stored.Format("2006-01-02")
}

// Present tells whether a participant was marked present at a session.
func (d classData) Present(session, enrolment int64) bool { return d.Attendance[session][enrolment] }

// Recorded tells whether attendance was taken for a participant at a session.
func (d classData) Recorded(session, enrolment int64) bool {
	_, ok := d.Attendance[session][enrolment]
	return ok
}

// ClassDetail shows a class.
func (h *Handlers) ClassDetail(w http.ResponseWriter, r *http.Request) {
	h.renderClass(w, r, "class", http.StatusOK, nil, nil, nil)
}

// ClassRoster is the printable roster.
func (h *Handlers) ClassRoster(w http.ResponseWriter, r *http.Request) {
	h.renderClass(w, r, "class_roster", http.StatusOK, nil, nil, nil)
}

// ClassAttendanceSheet is the printable attendance sheet, with a signature
// column per session.
func (h *Handlers) ClassAttendanceSheet(w http.ResponseWriter, r *http.Request) {
	h.renderClass(w, r, "class_sheet", http.StatusOK, nil, nil, nil)
}

func (h *Handlers) renderClass(w http.ResponseWriter, r *http.Request, page string, status int, s *siapekspor.Session, raw map[string]string, err error) {
	c, ok := h.classOf(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	p := NewPage(r, "training.class", "training")
	if de, ok := siapekspor.AsError(err); ok {
		p.SetError(de)
	}
	d := classData{C: c, Session: s, Raw: raw, Today: i18n.Today()}
	var lerr error
	if d.P, lerr = h.Store.Programme(ctx, c.ProgrammeID); lerr == nil {
		if d.Members, lerr = h.Store.ClassEnrolments(ctx, c.ID); lerr == nil {
			if d.Sessions, lerr = h.Store.TrainingSessions(ctx, c.ID); lerr == nil {
				d.Attendance, lerr = h.Store.ClassAttendance(ctx, c.ID)
			}
		}
	}
	if lerr != nil {
		h.R.Error(w, r, lerr)
		return
	}
	d.CanRun = (siapekspor.CanRunClass(siapekspor.ActorFrom(ctx), d.P, c) == nil)
	if d.Session == nil {
		d.Session = &siapekspor.Session{On: d.Today, StartsAt: "09:00", EndsAt: "12:00"}
	}
	p.Title = d.P.Name + " · " + p.P.T("training.stage_n", c.Stage) + " · " + p.P.Choice("level", c.Level)
	p.Data = d
	h.R.Render(w, r, status, page, p)
}

// readSessionForm copies the posted fields onto s.
func readSessionForm(r *http.Request, s *siapekspor.Session) (map[string]string, siapekspor.Problems) {
	raw := map[string]string{}
	var pr siapekspor.Problems
	f := r.PostForm
	s.On = time.Time{}
	if on := formDate(r, "on", raw, &pr); on != nil {
		s.On = *on
	}
	s.StartsAt, s.EndsAt, s.Place, s.OnlineURL, s.Topic, s.Trainer = f.Get("starts_at"), f.Get("ends_at"), f.Get("place"), f.Get("online_url"), f.Get("topic"), f.Get("trainer")
	return raw, pr
}

// SessionCreate adds a session to a class.
func (h *Handlers) SessionCreate(w http.ResponseWriter, r *http.Request) {
	c, ok := h.classOf(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	s := &siapekspor.Session{ClassID: c.ID}
	raw, pr := readSessionForm(r, s)
	err := pr.Err()
	if err == nil {
		err = h.Store.SaveTrainingSession(r.Context(), s)
	}
	if de, ok := siapekspor.AsError(err); ok && de.Code == siapekspor.EInvalid {
		h.renderClass(w, r, "class", httpx.Status(de.Code), s, raw, err)
		return
	} else if err != nil {
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "training.session_saved", "/training/classes/"+strconv.FormatInt(c.ID, 10)+"#sessions")
}

// sessionData is a session's page: its details and the attendance form.
type sessionData struct {
	S          *siapekspor.Session
	C          *siapekspor.Class
	Members    []siapekspor.Enrolment
	Attendance map[int64]bool
	Raw        map[string]string
	Held       bool
	CanRun     bool
}

// Checked tells whether a participant's box starts ticked: as recorded,
// or ticked for everyone before attendance is first taken, since most come.
func (d sessionData) Checked(enrolment int64) bool {
	if len(d.Attendance) == 0 {
		return true
	}
	return d.Attendance[enrolment]
}

// Val is what was typed if it did not parse, else the stored date.
func (d sessionData) Val(field string, stored time.Time) string {
	return classData{Raw: d.Raw}.Val(field, stored)
}

// SessionDetail shows a session with its quick attendance form.
func (h *Handlers) SessionDetail(w http.ResponseWriter, r *http.Request) {
	h.renderSession(w, r, http.StatusOK, nil, nil, nil)
}

func (h *Handlers) renderSession(w http.ResponseWriter, r *http.Request, status int, edited *siapekspor.Session, raw map[string]string, err error) {
	id, ierr := httpx.ID(r, "id")
	ctx := r.Context()
	var s *siapekspor.Session
	if ierr == nil {
		s, ierr = h.Store.TrainingSession(ctx, id)
	}
	if ierr != nil {
		h.R.Error(w, r, ierr)
		return
	}
	p := NewPage(r, "training.session", "training")
	if de, ok := siapekspor.AsError(err); ok {
		p.SetError(de)
	}
	d := sessionData{S: s, Raw: raw, Held: s.Held(time.Now())}
	if edited != nil {
		d.S = edited
	}
	var lerr error
	var prog *siapekspor.Programme
	if d.C, lerr = h.Store.Class(ctx, s.ClassID); lerr == nil {
		if prog, lerr = h.Store.Programme(ctx, d.C.ProgrammeID); lerr == nil {
			if d.Members, lerr = h.Store.ClassEnrolments(ctx, s.ClassID); lerr == nil {
				d.Attendance, lerr = h.Store.Attendance(ctx, s.ID)
			}
		}
	}
	if lerr != nil {
		h.R.Error(w, r, lerr)
		return
	}
	d.CanRun = (siapekspor.CanRunClass(siapekspor.ActorFrom(ctx), prog, d.C) == nil)
	p.Title = s.Topic
	p.Data = d
	h.R.Render(w, r, status, "session", p)
}

// SessionUpdate stores an edited session.
func (h *Handlers) SessionUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	var s *siapekspor.Session
	if err == nil {
		s, err = h.Store.TrainingSession(r.Context(), id)
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	r.ParseForm()
	raw, pr := readSessionForm(r, s)
	err = pr.Err()
	if err == nil {
		err = h.Store.SaveTrainingSession(r.Context(), s)
	}
	if de, ok := siapekspor.AsError(err); ok && de.Code == siapekspor.EInvalid {
		h.renderSession(w, r, httpx.Status(de.Code), s, raw, err)
		return
	} else if err != nil {
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "training.session_saved", "/training/sessions/"+strconv.FormatInt(s.ID, 10))
}

// SessionDelete asks, then removes a session.
func (h *Handlers) SessionDelete(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := httpx.ID(r, "id")
	var s *siapekspor.Session
	var c *siapekspor.Class
	var prog *siapekspor.Programme
	if err == nil {
		s, err = h.Store.TrainingSession(ctx, id)
	}
	if err == nil {
		c, err = h.Store.Class(ctx, s.ClassID)
	}
	if err == nil {
		prog, err = h.Store.Programme(ctx, c.ProgrammeID)
	}
	if err == nil && !(siapekspor.CanRunClass(siapekspor.ActorFrom(ctx), prog, c) == nil) {
		err = siapekspor.Errorf(siapekspor.EForbidden, "training.not_your_class")
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if h.ask(w, r, confirmation{Nav: "training", Title: "confirm.session_delete.title", Key: "confirm.session_delete.question",
		Args: []any{s.Topic, printer(r).Date(s.On)}, Button: "action.delete", Cancel: "/training/sessions/" + strconv.FormatInt(s.ID, 10)}) {
		return
	}
	if err := h.Store.DeleteTrainingSession(ctx, id); err != nil {
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "training.session_deleted", "/training/classes/"+strconv.FormatInt(s.ClassID, 10)+"#sessions")
}

// SessionAttendance records the quick attendance form: one box per
// participant, ticked for present.
func (h *Handlers) SessionAttendance(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	r.ParseForm()
	present := map[int64]bool{}
	for _, v := range r.PostForm["enrolment"] {
		if eid, err := strconv.ParseInt(v, 10, 64); err == nil {
			present[eid] = false
		}
	}
	for _, v := range r.PostForm["present"] {
		if eid, err := strconv.ParseInt(v, 10, 64); err == nil {
			present[eid] = true
		}
	}
	if err := h.Store.RecordAttendance(r.Context(), id, present); err != nil {
		if de, ok := siapekspor.AsError(err); ok && (de.Code == siapekspor.EInvalid || de.Code == siapekspor.EConflict) {
			h.renderSession(w, r, httpx.Status(de.Code), nil, nil, err)
			return
		}
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "training.attendance_saved", "/training/sessions/"+strconv.FormatInt(id, 10))
}
