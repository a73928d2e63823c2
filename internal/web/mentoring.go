package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/store"
)

// enterpriseOf reads the {id} of an enterprise page the actor may read.
func (h *Handlers) enterpriseOf(w http.ResponseWriter, r *http.Request) (*siapekspor.Enterprise, bool) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return nil, false
	}
	e, err := h.Enterprises.Enterprise(r.Context(), id)
	if err != nil {
		h.R.Error(w, r, err)
		return nil, false
	}
	return e, true
}

// formDate reads an optional date field; a date that does not parse is a
// problem for the field and is kept as typed.
func formDate(r *http.Request, name string, raw map[string]string, pr *siapekspor.Problems) *time.Time {
	s := strings.TrimSpace(r.PostForm.Get(name))
	if s == "" {
		return nil
	}
	t, err := parseFormDate(s)
	if err != nil {
		raw[name] = s
		pr.Add(name, "field.date")
		return nil
	}
	return &t
}

// formID reads an optional id field (0 or empty: none).
func formID(r *http.Request, name string) *int64 {
	id, err := strconv.ParseInt(r.PostForm.Get(name), 10, 64)
	if err != nil || id <= 0 {
		return nil
	}
	return &id
}

// mentoringData is what an enterprise's mentoring page shows.
type mentoringData struct {
	E          *siapekspor.Enterprise
	Mentors    []siapekspor.MentorAssignment
	Candidates []siapekspor.User // mentors who may be assigned
	Activities []siapekspor.Activity
	Cases      []siapekspor.Case
	Users      []siapekspor.User // who may own a case
	Activity   *siapekspor.Activity
	Case       *siapekspor.Case
	Raw        map[string]string
	Form       string // which form the errors belong to: activity or case
	CanWrite   bool
	CanAssign  bool
	Today      time.Time
}

// Val is what the user typed if it did not parse, else the stored value.
func (d mentoringData) Val(field string, stored *time.Time) string {
	if v, ok := d.Raw[field]; ok {
		return v
	}
	if stored == nil {
		return ""
	}
	return stored.Format("2006-01-02")
}

// EnterpriseMentoring shows an enterprise's mentors, activities and cases,
// with the forms to add to them.
func (h *Handlers) EnterpriseMentoring(w http.ResponseWriter, r *http.Request) {
	e, ok := h.enterpriseOf(w, r)
	if !ok {
		return
	}
	h.renderMentoring(w, r, http.StatusOK, e, mentoringData{}, nil)
}

func (h *Handlers) renderMentoring(w http.ResponseWriter, r *http.Request, status int, e *siapekspor.Enterprise, d mentoringData, err error) {
	ctx := r.Context()
	p := NewPage(r, "mentoring.title", "mentoring")
	if de, ok := siapekspor.AsError(err); ok {
		p.SetError(de)
	}
	d.E, d.Today = e, i18n.Today()
	d.CanWrite = siapekspor.Can(p.Actor, siapekspor.PermMentoringWrite)
	d.CanAssign = siapekspor.Can(p.Actor, siapekspor.PermMentorAssign)
	var lerr error
	if d.Mentors, lerr = h.Store.EnterpriseMentors(ctx, e.ID); lerr == nil {
		if d.Activities, lerr = h.Store.ListActivities(ctx, store.ActivityFilter{EnterpriseID: e.ID}); lerr == nil {
			d.Cases, lerr = h.Store.ListCases(ctx, store.CaseFilter{EnterpriseID: e.ID})
		}
	}
	if lerr == nil && d.CanAssign {
		d.Candidates, lerr = h.Store.UsersWithRole(ctx, siapekspor.RoleMentor)
		// The form groups them by organisation.
		slices.SortStableFunc(d.Candidates, func(a, b siapekspor.User) int { return strings.Compare(a.OrgName, b.OrgName) })
	}
	if lerr == nil && d.CanWrite {
		d.Users, lerr = h.caseOwners(r)
	}
	if lerr != nil {
		h.R.Error(w, r, lerr)
		return
	}
	if d.Activity == nil {
		d.Activity = &siapekspor.Activity{On: d.Today, Channel: "visit"}
	}
	if d.Case == nil {
		d.Case = &siapekspor.Case{Kind: "cert_halal"}
	}
	p.Data = d
	h.R.Render(w, r, status, "mentoring", p)
}

// caseOwners are the users who may be responsible for a case: mentors and
// officers (a responsible person is picked from a list, never typed).
func (h *Handlers) caseOwners(r *http.Request) ([]siapekspor.User, error) {
	a := siapekspor.ActorFrom(r.Context())
	if !siapekspor.Can(a, siapekspor.PermUserAdmin) && !siapekspor.Can(a, siapekspor.PermMentorAssign) {
		// A mentor owns its own cases.
		u, err := h.Store.User(r.Context(), a.UserID)
		if err != nil {
			return nil, err
		}
		return []siapekspor.User{*u}, nil
	}
	users, err := h.Store.ListUsers(r.Context())
	if err != nil {
		return nil, err
	}
	out := []siapekspor.User{}
	for _, u := range users {
		if !u.Disabled && (u.Role == siapekspor.RoleMentor || u.Role == siapekspor.RoleOfficer || u.Role == siapekspor.RoleAdmin) {
			out = append(out, u)
		}
	}
	return out, nil
}

// MentorAssign assigns a mentor to an enterprise.
func (h *Handlers) MentorAssign(w http.ResponseWriter, r *http.Request) {
	e, ok := h.enterpriseOf(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	mentor, _ := strconv.ParseInt(r.PostForm.Get("mentor_user_id"), 10, 64)
	if _, err := h.Store.AssignMentor(r.Context(), e.ID, mentor); err != nil {
		h.failMentoring(w, r, e, mentoringData{}, err)
		return
	}
	Flash(w, r, "mentoring.assigned", "/enterprises/"+strconv.FormatInt(e.ID, 10)+"/mentoring")
}

// MentorEnd asks, then ends a mentor's assignment.
func (h *Handlers) MentorEnd(w http.ResponseWriter, r *http.Request) {
	e, ok := h.enterpriseOf(w, r)
	if !ok {
		return
	}
	mentor, err := httpx.ID(r, "user")
	var current []siapekspor.MentorAssignment
	if err == nil {
		current, err = h.Store.EnterpriseMentors(r.Context(), e.ID)
	}
	i := slices.IndexFunc(current, func(m siapekspor.MentorAssignment) bool { return m.MentorID == mentor })
	if err == nil && i < 0 {
		err = siapekspor.Errorf(siapekspor.ENotFound, "error.not_found.mentor_assignment")
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	back := "/enterprises/" + strconv.FormatInt(e.ID, 10) + "/mentoring"
	if h.ask(w, r, confirmation{Nav: "mentoring", Title: "confirm.mentor_end.title", Key: "confirm.mentor_end.question",
		Args: []any{e.Name, current[i].MentorName, current[i].MentorOrg}, Button: "mentoring.end_assignment", Cancel: back, Undoable: true}) {
		return
	}
	if err := h.Store.EndMentorAssignment(r.Context(), e.ID, mentor); err != nil {
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "mentoring.assignment_ended", back)
}

// failMentoring shows a refused form on the mentoring page, or the error page.
func (h *Handlers) failMentoring(w http.ResponseWriter, r *http.Request, e *siapekspor.Enterprise, d mentoringData, err error) {
	if de, ok := siapekspor.AsError(err); ok && (de.Code == siapekspor.EInvalid || de.Code == siapekspor.EConflict) {
		h.renderMentoring(w, r, httpx.Status(de.Code), e, d, err)
		return
	}
	h.R.Error(w, r, err)
}

// readActivityForm copies the posted fields onto a.
func readActivityForm(r *http.Request, a *siapekspor.Activity) (map[string]string, siapekspor.Problems) {
	raw := map[string]string{}
	var pr siapekspor.Problems
	f := r.PostForm
	if on := formDate(r, "on", raw, &pr); on != nil {
		a.On = *on
	} else if _, typed := raw["on"]; !typed {
		a.On = time.Time{}
	}
	a.Channel, a.Topic, a.Notes = siapekspor.Channel(f.Get("channel")), f.Get("topic"), f.Get("notes")
	a.NextStep = f.Get("next_step")
	a.NextDue = formDate(r, "next_due", raw, &pr)
	a.NextDone = f.Get("next_done") == "1"
	a.CaseID = formID(r, "case_id")
	a.Version, _ = strconv.Atoi(f.Get("version"))
	return raw, pr
}

// ActivityCreate logs a mentoring activity.
func (h *Handlers) ActivityCreate(w http.ResponseWriter, r *http.Request) {
	e, ok := h.enterpriseOf(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	a := &siapekspor.Activity{EnterpriseID: e.ID}
	raw, pr := readActivityForm(r, a)
	err := pr.Err()
	if err == nil {
		err = h.Store.CreateActivity(r.Context(), a)
	}
	if err != nil {
		h.failMentoring(w, r, e, mentoringData{Activity: a, Raw: raw, Form: "activity"}, err)
		return
	}
	Flash(w, r, "mentoring.activity_saved", "/enterprises/"+strconv.FormatInt(e.ID, 10)+"/mentoring")
}

// activityData is the activity edit page.
type activityData struct {
	A     *siapekspor.Activity
	Cases []siapekspor.Case
	Raw   map[string]string
}

// Val is what the user typed if it did not parse, else the stored value.
func (d activityData) Val(field string, stored *time.Time) string {
	return mentoringData{Raw: d.Raw}.Val(field, stored)
}

// ActivityEdit shows an activity's form (to mark its next step done).
func (h *Handlers) ActivityEdit(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	var a *siapekspor.Activity
	if err == nil {
		a, err = h.Store.Activity(r.Context(), id)
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.renderActivity(w, r, http.StatusOK, a, nil, nil)
}

func (h *Handlers) renderActivity(w http.ResponseWriter, r *http.Request, status int, a *siapekspor.Activity, raw map[string]string, err error) {
	p := NewPage(r, "mentoring.activity_edit", "mentoring")
	if de, ok := siapekspor.AsError(err); ok {
		p.SetError(de)
	}
	cases, cerr := h.Store.ListCases(r.Context(), store.CaseFilter{EnterpriseID: a.EnterpriseID})
	if cerr != nil {
		h.R.Error(w, r, cerr)
		return
	}
	p.Data = activityData{A: a, Cases: cases, Raw: raw}
	h.R.Render(w, r, status, "activity", p)
}

// ActivityUpdate stores an edited activity.
func (h *Handlers) ActivityUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	var a *siapekspor.Activity
	if err == nil {
		a, err = h.Store.Activity(r.Context(), id)
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	r.ParseForm()
	raw, pr := readActivityForm(r, a)
	err = pr.Err()
	if err == nil {
		err = h.Store.UpdateActivity(r.Context(), a)
	}
	if de, ok := siapekspor.AsError(err); ok && (de.Code == siapekspor.EInvalid || de.Code == siapekspor.EConflict) {
		h.renderActivity(w, r, httpx.Status(de.Code), a, raw, err)
		return
	} else if err != nil {
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "mentoring.activity_saved", "/enterprises/"+strconv.FormatInt(a.EnterpriseID, 10)+"/mentoring")
}

// readCaseForm copies the posted fields onto c.
func readCaseForm(r *http.Request, c *siapekspor.Case) (map[string]string, siapekspor.Problems) {
	raw := map[string]string{}
	var pr siapekspor.Problems
	f := r.PostForm
	c.Kind, c.Title = siapekspor.CaseKind(f.Get("kind")), f.Get("title")
	if s := f.Get("status"); s != "" {
		c.Status = siapekspor.CaseStatus(s)
	}
	c.Notes, c.Outcome = f.Get("notes"), f.Get("outcome")
	c.DueOn = formDate(r, "due_on", raw, &pr)
	c.OwnerID = formID(r, "owner_user_id")
	c.Version, _ = strconv.Atoi(f.Get("version"))
	return raw, pr
}

// CaseCreate opens an assistance case.
func (h *Handlers) CaseCreate(w http.ResponseWriter, r *http.Request) {
	e, ok := h.enterpriseOf(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	c := &siapekspor.Case{EnterpriseID: e.ID}
	raw, pr := readCaseForm(r, c)
	err := pr.Err()
	if err == nil {
		err = h.Store.CreateCase(r.Context(), c)
	}
	if err != nil {
		h.failMentoring(w, r, e, mentoringData{Case: c, Raw: raw, Form: "case"}, err)
		return
	}
	Flash(w, r, "mentoring.case_saved", "/enterprises/"+strconv.FormatInt(e.ID, 10)+"/mentoring")
}

// caseData is the case page.
type caseData struct {
	C          *siapekspor.Case
	Activities []siapekspor.Activity
	Users      []siapekspor.User
	Raw        map[string]string
	Today      time.Time
}

// Val is what the user typed if it did not parse, else the stored value.
func (d caseData) Val(field string, stored *time.Time) string {
	return mentoringData{Raw: d.Raw}.Val(field, stored)
}

// CaseDetail shows a case with its activities and the form to update it.
func (h *Handlers) CaseDetail(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	var c *siapekspor.Case
	if err == nil {
		c, err = h.Store.Case(r.Context(), id)
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.renderCase(w, r, http.StatusOK, c, nil, nil)
}

func (h *Handlers) renderCase(w http.ResponseWriter, r *http.Request, status int, c *siapekspor.Case, raw map[string]string, err error) {
	p := NewPage(r, "mentoring.case", "mentoring")
	p.Title = c.Title
	if de, ok := siapekspor.AsError(err); ok {
		p.SetError(de)
	}
	d := caseData{C: c, Raw: raw, Today: i18n.Today()}
	var lerr error
	if d.Activities, lerr = h.Store.ListActivities(r.Context(), store.ActivityFilter{CaseID: c.ID}); lerr == nil && siapekspor.Can(p.Actor, siapekspor.PermMentoringWrite) {
		d.Users, lerr = h.caseOwners(r)
	}
	if lerr != nil {
		h.R.Error(w, r, lerr)
		return
	}
	p.Data = d
	h.R.Render(w, r, status, "case", p)
}

// CaseUpdate stores an edited case.
func (h *Handlers) CaseUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	var c *siapekspor.Case
	if err == nil {
		c, err = h.Store.Case(r.Context(), id)
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	r.ParseForm()
	raw, pr := readCaseForm(r, c)
	err = pr.Err()
	if err == nil {
		err = h.Store.UpdateCase(r.Context(), c)
	}
	if de, ok := siapekspor.AsError(err); ok && (de.Code == siapekspor.EInvalid || de.Code == siapekspor.EConflict) {
		h.renderCase(w, r, httpx.Status(de.Code), c, raw, err)
		return
	} else if err != nil {
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "mentoring.case_saved", "/mentoring/cases/"+strconv.FormatInt(c.ID, 10))
}

// mentoringHomeData is the mentoring overview: the enterprises in the
// actor's care and what is overdue.
type mentoringHomeData struct {
	Mentees         []siapekspor.MentorAssignment
	OverdueSteps    []siapekspor.Activity
	OverdueCases    []siapekspor.Case
	OpenCases       []siapekspor.Case
	RecentActivity  []siapekspor.Activity
	IsMentor        bool
	Today           time.Time
	ExportActivity  string
	ExportCases     string
	OnlyOverdueView bool
}

// MentoringHome shows a mentor its enterprises, and everyone in mentoring
// what is overdue and open.
func (h *Handlers) MentoringHome(w http.ResponseWriter, r *http.Request) {
	h.mentoringOverview(w, r, false)
}

// MentoringOverdue lists only what is overdue: steps past their due date
// and open cases past theirs.
func (h *Handlers) MentoringOverdue(w http.ResponseWriter, r *http.Request) {
	h.mentoringOverview(w, r, true)
}

func (h *Handlers) mentoringOverview(w http.ResponseWriter, r *http.Request, onlyOverdue bool) {
	ctx := r.Context()
	title := "mentoring.home"
	if onlyOverdue {
		title = "mentoring.overdue"
	}
	p := NewPage(r, title, "mentoring")
	d := mentoringHomeData{Today: i18n.Today(), IsMentor: p.Actor.Role == siapekspor.RoleMentor, OnlyOverdueView: onlyOverdue,
		ExportActivity: "/mentoring/export.xlsx?what=activities", ExportCases: "/mentoring/export.xlsx?what=cases"}
	var err error
	if d.IsMentor {
		d.Mentees, err = h.Store.MyMentees(ctx)
	}
	if err == nil {
		var od *bulk.OverdueReport // the same list as the API's and the command line's
		if od, err = bulk.Overdue(ctx, h.Store, d.Today); err == nil {
			d.OverdueSteps, d.OverdueCases = od.Steps, od.Cases
		}
	}
	if err == nil && !onlyOverdue {
		if d.OpenCases, err = h.Store.ListCases(ctx, store.CaseFilter{Open: true, Limit: 100}); err == nil {
			d.RecentActivity, err = h.Store.ListActivities(ctx, store.ActivityFilter{Limit: 30})
		}
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "mentoring_home", p)
}

// timelineData is an enterprise's timeline.
type timelineData struct {
	E      *siapekspor.Enterprise
	Events []siapekspor.TimelineEvent
}

// Timeline shows everything that happened to an enterprise in one list.
func (h *Handlers) Timeline(w http.ResponseWriter, r *http.Request) {
	e, ok := h.enterpriseOf(w, r)
	if !ok {
		return
	}
	events, err := h.Store.Timeline(r.Context(), e.ID, 0)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p := NewPage(r, "timeline.title", "enterprises")
	p.Data = timelineData{E: e, Events: events}
	h.R.Render(w, r, http.StatusOK, "timeline", p)
}

// MentoringExport downloads activities (?what=activities) or cases
// (?what=cases; with ?overdue=1 only overdue ones) as CSV or XLSX.
func (h *Handlers) MentoringExport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	what := q.Get("what")
	if what != "cases" {
		what = "activities"
	}
	name := map[string]string{"activities": "pendampingan", "cases": "kasus-pendampingan"}[what]
	format, ok := h.download(w, r, name)
	if !ok {
		return
	}
	if _, err := bulk.ExportMentoring(r.Context(), h.Store, what, q.Get("overdue") == "1", i18n.Today(), format, w); err != nil {
		h.Log.ErrorContext(r.Context(), "export mentoring", "err", err)
	}
}
