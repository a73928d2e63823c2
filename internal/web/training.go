package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/httpx"
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
	if ok && !(siapekspor.CanManageProgramme(siapekspor.ActorFrom(r.Context()), prog) == nil) {
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
	d := programmeData{P: prog, Counts: map[int64]map[siapekspor.EnrolmentStatus]int{}, CanManage: (siapekspor.CanManageProgramme(siapekspor.ActorFrom(ctx), prog) == nil)}
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
	d := placementData{P: prog, F: f, Result: result, ByClass: map[int64][]siapekspor.Enrolment{}, CanManage: (siapekspor.CanManageProgramme(siapekspor.ActorFrom(ctx), prog) == nil),
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
	f, err := httpx.ParseReadinessFilter(r.PostForm)
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
