package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/api"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
)

// trainingHomeData is the list of programmes (and, for a trainer, its classes).
type trainingHomeData struct {
	Programmes []siapekspor.Programme
	MyClasses  []siapekspor.Class
	CanManage  bool
}

// TrainingHome lists the programmes.
func (h *Handlers) TrainingHome(w http.ResponseWriter, r *http.Request) {
	p := NewPage(r, "training.title", "training")
	d := trainingHomeData{CanManage: siapekspor.Can(p.Actor, siapekspor.PermTrainingManage)}
	var err error
	if d.Programmes, err = h.Store.ListProgrammes(r.Context()); err == nil && p.Actor.Role == siapekspor.RoleTrainer {
		d.MyClasses, err = h.Store.MyClasses(r.Context())
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "training", p)
}

// programmeFormData is the programme form.
type programmeFormData struct {
	P    *siapekspor.Programme
	Orgs []siapekspor.Organisation
	Raw  map[string]string
}

// Val is what was typed if it did not parse, else the stored number.
func (d programmeFormData) Val(field string, stored int) string {
	if v, ok := d.Raw[field]; ok {
		return v
	}
	return strconv.Itoa(stored)
}

// ProgrammeNew shows the form for a new programme with the province's defaults.
func (h *Handlers) ProgrammeNew(w http.ResponseWriter, r *http.Request) {
	prog := &siapekspor.Programme{Year: time.Now().Year(), Stages: siapekspor.DefaultStages, SeatsPerClass: siapekspor.DefaultSeatsPerClass,
		AttendancePct: siapekspor.DefaultAttendancePct, RegencyCapPct: siapekspor.DefaultRegencyCapPct}
	a := siapekspor.ActorFrom(r.Context())
	if a.OrgID != 0 {
		prog.OrganiserID = &a.OrgID
	}
	h.renderProgrammeForm(w, r, http.StatusOK, prog, nil, nil)
}

// ProgrammeEdit shows a programme's form.
func (h *Handlers) ProgrammeEdit(w http.ResponseWriter, r *http.Request) {
	prog, ok := h.programme(w, r)
	if !ok {
		return
	}
	h.renderProgrammeForm(w, r, http.StatusOK, prog, nil, nil)
}

func (h *Handlers) renderProgrammeForm(w http.ResponseWriter, r *http.Request, status int, prog *siapekspor.Programme, raw map[string]string, err error) {
	title := "training.new"
	if prog.ID != 0 {
		title = "training.edit"
	}
	p := NewPage(r, title, "training")
	if de, ok := siapekspor.AsError(err); ok {
		p.SetError(de)
	}
	orgs, oerr := h.Store.ListOrganisations(r.Context(), siapekspor.OrganisationFilter{})
	if oerr != nil {
		h.R.Error(w, r, oerr)
		return
	}
	p.Data = programmeFormData{P: prog, Orgs: orgs, Raw: raw}
	h.R.Render(w, r, status, "programme_form", p)
}

func (h *Handlers) programme(w http.ResponseWriter, r *http.Request) (*siapekspor.Programme, bool) {
	id, err := httpx.ID(r, "id")
	var prog *siapekspor.Programme
	if err == nil {
		prog, err = h.Store.Programme(r.Context(), id)
	}
	if err != nil {
		h.R.Error(w, r, err)
		return nil, false
	}
	return prog, true
}

// managedProgramme reads the programme of the path for a change the actor
// must manage it for, and one not yet finished.
func (h *Handlers) managedProgramme(w http.ResponseWriter, r *http.Request) (*siapekspor.Programme, bool) {
	prog, ok := h.programme(w, r)
	if ok && !h.Store.CanManageProgramme(r.Context(), prog) {
		h.R.Error(w, r, siapekspor.Errorf(siapekspor.EForbidden, "training.not_your_programme"))
		return nil, false
	}
	if ok && prog.Status == siapekspor.ProgrammeFinished {
		h.R.Error(w, r, siapekspor.Errorf(siapekspor.EConflict, "training.programme_finished"))
		return nil, false
	}
	return prog, ok
}

// formInt reads a whole number field; one that does not parse is a problem.
func formInt(r *http.Request, name string, raw map[string]string, pr *siapekspor.Problems) int {
	s := strings.TrimSpace(r.PostForm.Get(name))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSuffix(s, "%"))
	if err != nil {
		raw[name] = s
		pr.Add(name, "field.number")
	}
	return n
}

// ProgrammeSave creates or updates a programme from its form.
func (h *Handlers) ProgrammeSave(w http.ResponseWriter, r *http.Request) {
	prog := &siapekspor.Programme{}
	if r.PathValue("id") != "" {
		var ok bool
		if prog, ok = h.programme(w, r); !ok {
			return
		}
	}
	r.ParseForm()
	raw := map[string]string{}
	var pr siapekspor.Problems
	prog.Name, prog.Description = r.PostForm.Get("name"), r.PostForm.Get("description")
	prog.Year = formInt(r, "year", raw, &pr)
	if prog.ID == 0 {
		prog.Stages = formInt(r, "stages", raw, &pr)
	}
	prog.SeatsPerClass = formInt(r, "seats_per_class", raw, &pr)
	prog.AttendancePct = formInt(r, "attendance_pct", raw, &pr)
	prog.RegencyCapPct = formInt(r, "regency_cap_pct", raw, &pr)
	prog.OrganiserID = formID(r, "organiser_org_id")
	prog.Version, _ = strconv.Atoi(r.PostForm.Get("version"))
	err := pr.Err()
	if err == nil {
		if prog.ID == 0 {
			err = h.Store.CreateProgramme(r.Context(), prog)
		} else {
			err = h.Store.UpdateProgramme(r.Context(), prog)
		}
	}
	if de, ok := siapekspor.AsError(err); ok && (de.Code == siapekspor.EInvalid || de.Code == siapekspor.EConflict) {
		h.renderProgrammeForm(w, r, httpx.Status(de.Code), prog, raw, err)
		return
	} else if err != nil {
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "training.saved", "/training/programmes/"+strconv.FormatInt(prog.ID, 10))
}

// programmeData is a programme's page.
type programmeData struct {
	P         *siapekspor.Programme
	Stages    []siapekspor.Stage
	Counts    map[int64]map[siapekspor.EnrolmentStatus]int // class → status → enrolments
	Trainers  []siapekspor.User
	CanManage bool
	Proposed  int
}

// ProgrammeDetail shows a programme: its stages and classes, what has
// been placed and what is next.
func (h *Handlers) ProgrammeDetail(w http.ResponseWriter, r *http.Request) {
	prog, ok := h.programme(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	p := NewPage(r, "training.programme", "training")
	p.Title = prog.Name
	d := programmeData{P: prog, Counts: map[int64]map[siapekspor.EnrolmentStatus]int{}, CanManage: h.Store.CanManageProgramme(ctx, prog)}
	var err error
	if d.Stages, err = h.Store.Stages(ctx, prog.ID); err == nil {
		var list []siapekspor.Enrolment
		if list, err = h.Store.ProgrammeEnrolments(ctx, prog.ID); err == nil {
			for _, n := range list {
				if d.Counts[n.ClassID] == nil {
					d.Counts[n.ClassID] = map[siapekspor.EnrolmentStatus]int{}
				}
				d.Counts[n.ClassID][n.Status]++
				if n.Status == siapekspor.EnrolProposed {
					d.Proposed++
				}
			}
		}
	}
	if err == nil && d.CanManage {
		d.Trainers, err = h.Store.UsersWithRole(ctx, siapekspor.RoleTrainer)
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "programme", p)
}

// StageUpdate sets a stage's dates.
func (h *Handlers) StageUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	r.ParseForm()
	raw := map[string]string{}
	var pr siapekspor.Problems
	s := &siapekspor.Stage{ID: id, StartsOn: formDate(r, "starts_on", raw, &pr), EndsOn: formDate(r, "ends_on", raw, &pr)}
	err = pr.Err()
	if err == nil {
		err = h.Store.UpdateStage(r.Context(), s)
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "training.saved", "/training/programmes/"+strconv.FormatInt(s.ProgrammeID, 10))
}

// ClassUpdate sets a class's seats and trainer.
func (h *Handlers) ClassUpdate(w http.ResponseWriter, r *http.Request) {
	c, ok := h.classOf(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	raw := map[string]string{}
	var pr siapekspor.Problems
	c.Seats = formInt(r, "seats", raw, &pr)
	c.TrainerID = formID(r, "trainer_user_id")
	err := pr.Err()
	if err == nil {
		err = h.Store.UpdateClass(r.Context(), c)
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "training.saved", "/training/programmes/"+strconv.FormatInt(c.ProgrammeID, 10))
}

func (h *Handlers) classOf(w http.ResponseWriter, r *http.Request) (*siapekspor.Class, bool) {
	id, err := httpx.ID(r, "id")
	var c *siapekspor.Class
	if err == nil {
		c, err = h.Store.Class(r.Context(), id)
	}
	if err != nil {
		h.R.Error(w, r, err)
		return nil, false
	}
	return c, true
}

// placementData is the placement page: the pool filter, and the classes
// with who has been proposed or invited.
type placementData struct {
	P         *siapekspor.Programme
	Stages    []siapekspor.Stage
	ByClass   map[int64][]siapekspor.Enrolment
	Classes   []siapekspor.Class
	Regencies []refdata.Region
	F         store.ReadinessFilter
	Result    *store.PlacementSummary
	CanManage bool
}

// Placement shows the placement page.
func (h *Handlers) Placement(w http.ResponseWriter, r *http.Request) {
	prog, ok := h.programme(w, r)
	if !ok {
		return
	}
	h.renderPlacement(w, r, http.StatusOK, prog, store.ReadinessFilter{}, nil, nil)
}

func (h *Handlers) renderPlacement(w http.ResponseWriter, r *http.Request, status int, prog *siapekspor.Programme, f store.ReadinessFilter, result *store.PlacementSummary, err error) {
	ctx := r.Context()
	p := NewPage(r, "training.placement", "training")
	if de, ok := siapekspor.AsError(err); ok {
		p.SetError(de)
	}
	d := placementData{P: prog, F: f, Result: result, ByClass: map[int64][]siapekspor.Enrolment{}, CanManage: h.Store.CanManageProgramme(ctx, prog),
		Regencies: refdata.DefaultRegionIndex().Children(h.Province)}
	var lerr error
	if d.Stages, lerr = h.Store.Stages(ctx, prog.ID); lerr == nil {
		var list []siapekspor.Enrolment
		if list, lerr = h.Store.ProgrammeEnrolments(ctx, prog.ID); lerr == nil {
			for _, n := range list {
				d.ByClass[n.ClassID] = append(d.ByClass[n.ClassID], n)
			}
		}
	}
	if lerr != nil {
		h.R.Error(w, r, lerr)
		return
	}
	for _, s := range d.Stages {
		d.Classes = append(d.Classes, s.Classes...)
	}
	p.Data = d
	h.R.Render(w, r, status, "placement", p)
}

// PlacementPropose proposes participants from the pool.
func (h *Handlers) PlacementPropose(w http.ResponseWriter, r *http.Request) {
	prog, ok := h.programme(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	f, err := api.ParseReadinessFilter(r.PostForm)
	var res *store.PlacementSummary
	if err == nil {
		res, err = h.Store.ProposePlacement(r.Context(), prog.ID, f)
	}
	if de, ok := siapekspor.AsError(err); ok && (de.Code == siapekspor.EInvalid || de.Code == siapekspor.EConflict) {
		h.renderPlacement(w, r, httpx.Status(de.Code), prog, f, nil, err)
		return
	} else if err != nil {
		h.R.Error(w, r, err)
		return
	}
	h.renderPlacement(w, r, http.StatusOK, prog, f, res, nil)
}

// PlacementConfirm confirms the proposals: invitations go out.
func (h *Handlers) PlacementConfirm(w http.ResponseWriter, r *http.Request) {
	prog, ok := h.programme(w, r)
	if !ok {
		return
	}
	n, err := h.Store.ConfirmProgramme(r.Context(), prog.ID)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	FlashCount(w, r, "training.confirmed", n, "/training/programmes/"+strconv.FormatInt(prog.ID, 10))
}

// ProgrammeFinish asks, then applies the attendance rule and closes the
// programme.
func (h *Handlers) ProgrammeFinish(w http.ResponseWriter, r *http.Request) {
	prog, ok := h.managedProgramme(w, r)
	if !ok {
		return
	}
	if h.ask(w, r, confirmation{Nav: "training", Title: "confirm.programme_finish.title", Key: "confirm.programme_finish.question", Args: []any{prog.Name},
		Button: "training.finish", Cancel: "/training/programmes/" + strconv.FormatInt(prog.ID, 10)}) {
		return
	}
	if err := h.Store.FinishProgramme(r.Context(), prog.ID); err != nil {
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "training.finished", "/training/programmes/"+strconv.FormatInt(prog.ID, 10)+"/report")
}

// EnrolmentAdd puts an enterprise in a class by hand (by its registry id).
func (h *Handlers) EnrolmentAdd(w http.ResponseWriter, r *http.Request) {
	c, ok := h.classOf(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	ent, perr := strconv.ParseInt(strings.TrimSpace(r.PostForm.Get("enterprise_id")), 10, 64)
	_, err := h.Store.AddEnrolment(r.Context(), c.ID, ent) // it checks who may first
	if de, ok := siapekspor.AsError(err); ok && de.Code == siapekspor.ENotFound && perr != nil {
		err = siapekspor.Problems{{Field: "enterprise_id", Key: "field.number"}}.Err() // a typo, not "no such enterprise"
	}
	h.afterEnrolmentChange(w, r, c.ProgrammeID, r.PostForm.Get("back"), err)
}

// afterEnrolmentChange goes back to the page the form came from, or shows
// why the change was refused.
func (h *Handlers) afterEnrolmentChange(w http.ResponseWriter, r *http.Request, programmeID int64, back string, err error) {
	if err != nil {
		if de, ok := siapekspor.AsError(err); ok && (de.Code == siapekspor.EInvalid || de.Code == siapekspor.EConflict) {
			prog, perr := h.Store.Programme(r.Context(), programmeID)
			if perr != nil {
				h.R.Error(w, r, perr)
				return
			}
			h.renderPlacement(w, r, httpx.Status(de.Code), prog, store.ReadinessFilter{}, nil, err)
			return
		}
		h.R.Error(w, r, err)
		return
	}
	to := "/training/programmes/" + strconv.FormatInt(programmeID, 10) + "/placement"
	if strings.HasPrefix(back, "/training/") && !strings.HasPrefix(back, "//") {
		to = back
	}
	Flash(w, r, "training.saved", to)
}

func (h *Handlers) enrolmentOf(w http.ResponseWriter, r *http.Request) (*siapekspor.Enrolment, bool) {
	id, err := httpx.ID(r, "id")
	var n *siapekspor.Enrolment
	if err == nil {
		n, err = h.Store.Enrolment(r.Context(), id)
	}
	if err != nil {
		h.R.Error(w, r, err)
		return nil, false
	}
	return n, true
}

// EnrolmentMove moves an enrolment to another class.
func (h *Handlers) EnrolmentMove(w http.ResponseWriter, r *http.Request) {
	n, ok := h.enrolmentOf(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	class, _ := strconv.ParseInt(r.PostForm.Get("class_id"), 10, 64)
	_, err := h.Store.MoveEnrolment(r.Context(), n.ID, class)
	h.afterEnrolmentChange(w, r, n.ProgrammeID, r.PostForm.Get("back"), err)
}

// EnrolmentRemove asks, then takes an enterprise out of its class.
func (h *Handlers) EnrolmentRemove(w http.ResponseWriter, r *http.Request) {
	n, ok := h.enrolmentOf(w, r)
	if !ok {
		return
	}
	prog, err := h.Store.Programme(r.Context(), n.ProgrammeID)
	if err == nil && !h.Store.CanManageProgramme(r.Context(), prog) {
		err = siapekspor.Errorf(siapekspor.EForbidden, "training.not_your_programme")
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if h.ask(w, r, confirmation{Nav: "training", Title: "confirm.enrolment_remove.title", Key: "confirm.enrolment_remove.question",
		Args: []any{n.EnterpriseName, prog.Name}, Button: "training.remove",
		Cancel: "/training/programmes/" + strconv.FormatInt(n.ProgrammeID, 10) + "/placement"}) {
		return
	}
	h.afterEnrolmentChange(w, r, n.ProgrammeID, "", h.Store.RemoveEnrolment(r.Context(), n.ID))
}

// EnrolmentRespond records the answer to an invitation.
func (h *Handlers) EnrolmentRespond(w http.ResponseWriter, r *http.Request) {
	n, ok := h.enrolmentOf(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	if _, err := h.Store.RespondToInvitation(r.Context(), n.ID, r.PostForm.Get("answer") == "accept"); err != nil {
		h.R.Error(w, r, err)
		return
	}
	to := "/invitations"
	if back := r.PostForm.Get("back"); strings.HasPrefix(back, "/") && !strings.HasPrefix(back, "//") {
		to = back
	}
	Flash(w, r, "training.responded", to)
}

// EnrolmentResult records a participant's result.
func (h *Handlers) EnrolmentResult(w http.ResponseWriter, r *http.Request) {
	n, ok := h.enrolmentOf(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	var score *float64
	if s := strings.TrimSpace(strings.ReplaceAll(r.PostForm.Get("result_score"), ",", ".")); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			h.R.Error(w, r, siapekspor.FieldInvalid("result_score", "field.number"))
			return
		}
		score = &v
	}
	_, err := h.Store.SetResult(r.Context(), n.ID, siapekspor.TrainingResult(r.PostForm.Get("result")), score, strings.TrimSpace(r.PostForm.Get("result_note")))
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "training.saved", "/training/classes/"+strconv.FormatInt(n.ClassID, 10)+"#results")
}

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
	d.CanRun = h.Store.CanRunClass(ctx, d.P, c)
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
	d.CanRun = h.Store.CanRunClass(ctx, prog, d.C)
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
	if err == nil && !h.Store.CanRunClass(ctx, prog, c) {
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

// reportData is the naik kelas report.
type reportData struct {
	P                     *siapekspor.Programme
	Rows                  []store.ReportRow
	Up, Same, Down, NotRe int
	Completed             int
}

// ProgrammeReport shows who moved up a class after the programme.
func (h *Handlers) ProgrammeReport(w http.ResponseWriter, r *http.Request) {
	prog, ok := h.programme(w, r)
	if !ok {
		return
	}
	rows, err := h.Store.Report(r.Context(), prog.ID)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	d := reportData{P: prog, Rows: rows}
	for _, row := range rows {
		switch {
		case row.Move == nil:
			d.NotRe++
		case *row.Move > 0:
			d.Up++
		case *row.Move < 0:
			d.Down++
		default:
			d.Same++
		}
		if row.Enrolment.Completed != nil && *row.Enrolment.Completed {
			d.Completed++
		}
	}
	p := NewPage(r, "training.report", "training")
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "programme_report", p)
}

// invitationsData is an owner's list of training invitations.
type invitationsData struct {
	Items []siapekspor.Enrolment
}

// Invitations lists the training invitations of the owner's enterprise.
func (h *Handlers) Invitations(w http.ResponseWriter, r *http.Request) {
	items, err := h.Store.OwnEnrolments(r.Context())
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p := NewPage(r, "training.invitations", "training")
	p.Data = invitationsData{Items: items}
	h.R.Render(w, r, http.StatusOK, "invitations", p)
}

// ProgrammeExport downloads a programme's participants as CSV or XLSX.
func (h *Handlers) ProgrammeExport(w http.ResponseWriter, r *http.Request) {
	prog, ok := h.programme(w, r)
	if !ok {
		return
	}
	format, ok := h.download(w, r, "peserta-pelatihan-"+strconv.FormatInt(prog.ID, 10))
	if !ok {
		return
	}
	if _, err := bulk.ExportProgramme(r.Context(), h.Store, prog.ID, format, w); err != nil {
		h.Log.ErrorContext(r.Context(), "export programme", "err", err)
	}
}
