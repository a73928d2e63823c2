package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/store"
)

// The training API: programmes, classes, sessions, attendance and enrolments.

// programmeInput is the writable part of a programme (merge-patch).
type programmeInput struct {
	Name          *string `json:"name"`
	Year          *int    `json:"year"`
	OrganiserID   *int64  `json:"organiser_org_id"`
	Description   *string `json:"description"`
	Stages        *int    `json:"stages"`
	SeatsPerClass *int    `json:"seats_per_class"`
	AttendancePct *int    `json:"attendance_pct"`
	RegencyCapPct *int    `json:"regency_cap_pct"`
	Version       *int    `json:"version"`
}

func (in *programmeInput) apply(p *siapekspor.Programme) {
	if in.Name != nil {
		p.Name = *in.Name
	}
	if in.Description != nil {
		p.Description = *in.Description
	}
	for _, f := range []struct {
		dst *int
		src *int
	}{{&p.Year, in.Year}, {&p.Stages, in.Stages}, {&p.SeatsPerClass, in.SeatsPerClass}, {&p.AttendancePct, in.AttendancePct},
		{&p.RegencyCapPct, in.RegencyCapPct}, {&p.Version, in.Version}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if in.OrganiserID != nil {
		p.OrganiserID = in.OrganiserID
		if *in.OrganiserID == 0 {
			p.OrganiserID = nil
		}
	}
}

// ListProgrammes: GET /api/v1/programmes.
func (h *Handlers) ListProgrammes(w http.ResponseWriter, r *http.Request) {
	v, err := items(h.Store.ListProgrammes(r.Context()))
	h.respond(w, r, http.StatusOK, v, err)
}

// programmeJSON is a programme with its stages and classes.
type programmeJSON struct {
	*siapekspor.Programme
	StageList []siapekspor.Stage `json:"stage_list"`
}

// CreateProgramme: POST /api/v1/programmes; unset numbers take the
// province's defaults (2 stages, 20 seats, 75% attendance, 25% cap).
func (h *Handlers) CreateProgramme(w http.ResponseWriter, r *http.Request) {
	in := programmeInput{}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	p := &siapekspor.Programme{AttendancePct: siapekspor.DefaultAttendancePct, RegencyCapPct: siapekspor.DefaultRegencyCapPct}
	in.apply(p)
	if err := h.Store.CreateProgramme(r.Context(), p); err != nil {
		h.Error(w, r, err)
		return
	}
	stages, err := h.Store.Stages(r.Context(), p.ID)
	h.respond(w, r, http.StatusCreated, programmeJSON{p, stages}, err)
}

// GetProgramme: GET /api/v1/programmes/{id}.
func (h *Handlers) GetProgramme(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	var p *siapekspor.Programme
	if err == nil {
		p, err = h.Store.Programme(r.Context(), id)
	}
	var stages []siapekspor.Stage
	if err == nil {
		stages, err = h.Store.Stages(r.Context(), id)
	}
	h.respond(w, r, http.StatusOK, programmeJSON{p, stages}, err)
}

// UpdateProgramme: PATCH /api/v1/programmes/{id} with version.
func (h *Handlers) UpdateProgramme(w http.ResponseWriter, r *http.Request) {
	id, in, ok := idAndInput[programmeInput](h, w, r)
	if !ok {
		return
	}
	p, err := h.Store.Programme(r.Context(), id)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	if in.Version == nil {
		h.Error(w, r, siapekspor.FieldInvalid("version", "field.required"))
		return
	}
	in.Stages = nil // fixed at creation
	in.apply(p)
	h.respond(w, r, http.StatusOK, p, h.Store.UpdateProgramme(r.Context(), p))
}

// ProgrammeEnrolments: GET /api/v1/programmes/{id}/enrolments.
func (h *Handlers) ProgrammeEnrolments(w http.ResponseWriter, r *http.Request) {
	listByID(h, w, r, h.Store.ProgrammeEnrolments)
}

// ProposePlacement: POST /api/v1/programmes/{id}/placement {"regency": "", "sector": "", "kind": "", "min_score": null}.
func (h *Handlers) ProposePlacement(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	var in struct {
		Regency  string   `json:"regency"`
		Sector   string   `json:"sector"`
		Kind     string   `json:"kind"`
		MinScore *float64 `json:"min_score"`
	}
	if r.ContentLength != 0 {
		if err := httpx.DecodeJSON(w, r, &in); err != nil {
			h.Error(w, r, err)
			return
		}
	}
	res, err := h.Store.ProposePlacement(r.Context(), id, store.ReadinessFilter{RegencyCode: in.Regency, Sector: siapekspor.Sector(in.Sector),
		Kind: siapekspor.EnterpriseKind(in.Kind), MinScore: in.MinScore})
	h.respond(w, r, http.StatusOK, res, err)
}

// ConfirmProgramme: POST /api/v1/programmes/{id}/confirm — proposals become invitations.
func (h *Handlers) ConfirmProgramme(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	var n int
	if err == nil {
		n, err = h.Store.ConfirmProgramme(r.Context(), id)
	}
	h.respond(w, r, http.StatusOK, map[string]int{"invited": n}, err)
}

// FinishProgramme: POST /api/v1/programmes/{id}/finish — applies the attendance rule.
func (h *Handlers) FinishProgramme(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err == nil {
		err = h.Store.FinishProgramme(r.Context(), id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.ProgrammeEnrolments(w, r)
}

// ProgrammeReport: GET /api/v1/programmes/{id}/report — who moved up a class.
func (h *Handlers) ProgrammeReport(w http.ResponseWriter, r *http.Request) {
	listByID(h, w, r, h.Store.Report)
}

// ExportProgramme: GET /api/v1/programmes/{id}/export?format=csv|xlsx.
func (h *Handlers) ExportProgramme(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err == nil {
		_, err = h.Store.Programme(r.Context(), id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	format, ok := h.exportFormat(w, r, "peserta-pelatihan-"+strconv.FormatInt(id, 10))
	if !ok {
		return
	}
	if _, err := bulk.ExportProgramme(r.Context(), h.Store, id, format, w); err != nil {
		h.Log.ErrorContext(r.Context(), "export programme", "err", err)
	}
}

// UpdateStage: PATCH /api/v1/stages/{id} {"starts_on": "2026-03-01", "ends_on": "2026-03-31"}.
func (h *Handlers) UpdateStage(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	s, err := h.Store.Stage(r.Context(), id)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	// A patch: a date left out stays; null clears it.
	var in struct {
		StartsOn optionalDate `json:"starts_on"`
		EndsOn   optionalDate `json:"ends_on"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	in.StartsOn.apply(&s.StartsOn)
	in.EndsOn.apply(&s.EndsOn)
	h.respond(w, r, http.StatusOK, s, h.Store.UpdateStage(r.Context(), s))
}

// optionalDate is a patch's date: given (a date, or null to clear) or not.
type optionalDate struct {
	given bool
	date  *siapekspor.Date
}

func (d *optionalDate) UnmarshalJSON(b []byte) error {
	d.given = true
	if string(b) == "null" {
		d.date = nil
		return nil
	}
	d.date = &siapekspor.Date{}
	return d.date.UnmarshalJSON(b)
}

func (d optionalDate) apply(dst **time.Time) {
	if d.given {
		*dst = d.date.Time()
	}
}

// GetClass: GET /api/v1/classes/{id}.
func (h *Handlers) GetClass(w http.ResponseWriter, r *http.Request) {
	getByID(h, w, r, h.Store.Class)
}

// UpdateClass: PATCH /api/v1/classes/{id} {"seats": 20, "trainer_user_id": 7}.
func (h *Handlers) UpdateClass(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	var c *siapekspor.Class
	if err == nil {
		c, err = h.Store.Class(r.Context(), id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	var in struct {
		Seats     *int   `json:"seats"`
		TrainerID *int64 `json:"trainer_user_id"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	if in.Seats != nil {
		c.Seats = *in.Seats
	}
	if in.TrainerID != nil {
		c.TrainerID = in.TrainerID
		if *in.TrainerID == 0 {
			c.TrainerID = nil
		}
	}
	h.respond(w, r, http.StatusOK, c, h.Store.UpdateClass(r.Context(), c))
}

// ClassEnrolments: GET /api/v1/classes/{id}/enrolments.
func (h *Handlers) ClassEnrolments(w http.ResponseWriter, r *http.Request) {
	listByID(h, w, r, h.Store.ClassEnrolments)
}

// AddEnrolment: POST /api/v1/classes/{id}/enrolments {"enterprise_id": 42}.
func (h *Handlers) AddEnrolment(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	var in struct {
		EnterpriseID int64 `json:"enterprise_id"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	n, err := h.Store.AddEnrolment(r.Context(), id, in.EnterpriseID)
	h.respond(w, r, http.StatusCreated, n, err)
}

// sessionInput is a session's writable fields.
type sessionInput struct {
	On        *siapekspor.Date `json:"on"`
	StartsAt  *string          `json:"starts_at"`
	EndsAt    *string          `json:"ends_at"`
	Place     *string          `json:"place"`
	OnlineURL *string          `json:"online_url"`
	Topic     *string          `json:"topic"`
	Trainer   *string          `json:"trainer"`
}

func (in *sessionInput) apply(s *siapekspor.Session) {
	if in.On != nil {
		if t := in.On.Time(); t != nil {
			s.On = *t
		} else {
			s.On = time.Time{}
		}
	}
	for _, f := range []struct {
		dst *string
		src *string
	}{{&s.StartsAt, in.StartsAt}, {&s.EndsAt, in.EndsAt}, {&s.Place, in.Place}, {&s.OnlineURL, in.OnlineURL}, {&s.Topic, in.Topic}, {&s.Trainer, in.Trainer}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
}

// ClassSessions: GET /api/v1/classes/{id}/sessions.
func (h *Handlers) ClassSessions(w http.ResponseWriter, r *http.Request) {
	listByID(h, w, r, h.Store.TrainingSessions)
}

// CreateSession: POST /api/v1/classes/{id}/sessions.
func (h *Handlers) CreateSession(w http.ResponseWriter, r *http.Request) {
	id, in, ok := idAndInput[sessionInput](h, w, r)
	if !ok {
		return
	}
	s := &siapekspor.Session{ClassID: id}
	in.apply(s)
	h.respond(w, r, http.StatusCreated, s, h.Store.SaveTrainingSession(r.Context(), s))
}

// GetSession: GET /api/v1/sessions/{id}.
func (h *Handlers) GetSession(w http.ResponseWriter, r *http.Request) {
	getByID(h, w, r, h.Store.TrainingSession)
}

// UpdateSession: PATCH /api/v1/sessions/{id}.
func (h *Handlers) UpdateSession(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	var s *siapekspor.Session
	if err == nil {
		s, err = h.Store.TrainingSession(r.Context(), id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	var in sessionInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	in.apply(s)
	h.respond(w, r, http.StatusOK, s, h.Store.SaveTrainingSession(r.Context(), s))
}

// DeleteSession: DELETE /api/v1/sessions/{id}.
func (h *Handlers) DeleteSession(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err == nil {
		err = h.Store.DeleteTrainingSession(r.Context(), id)
	}
	h.respond(w, r, http.StatusNoContent, nil, err)
}

// attendanceJSON is a session's attendance: enrolment id → present.
type attendanceJSON struct {
	Present map[string]bool `json:"present"`
}

// GetAttendance: GET /api/v1/sessions/{id}/attendance.
func (h *Handlers) GetAttendance(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	var m map[int64]bool
	if err == nil {
		m, err = h.Store.Attendance(r.Context(), id)
	}
	out := attendanceJSON{Present: map[string]bool{}}
	for k, v := range m {
		out.Present[strconv.FormatInt(k, 10)] = v
	}
	h.respond(w, r, http.StatusOK, out, err)
}

// PutAttendance: PUT /api/v1/sessions/{id}/attendance {"present": {"12": true, "13": false}}
// — the whole class at once; participants not named are absent.
func (h *Handlers) PutAttendance(w http.ResponseWriter, r *http.Request) {
	id, in, ok := idAndInput[attendanceJSON](h, w, r)
	if !ok {
		return
	}
	present := map[int64]bool{}
	var pr siapekspor.Problems
	for k, v := range in.Present {
		eid, err := strconv.ParseInt(k, 10, 64)
		if err != nil {
			pr.Add("present."+k, "field.invalid")
			continue
		}
		present[eid] = v
	}
	if err := pr.Err(); err != nil {
		h.Error(w, r, err)
		return
	}
	if err := h.Store.RecordAttendance(r.Context(), id, present); err != nil {
		h.Error(w, r, err)
		return
	}
	h.GetAttendance(w, r)
}

// GetEnrolment: GET /api/v1/enrolments/{id}.
func (h *Handlers) GetEnrolment(w http.ResponseWriter, r *http.Request) {
	getByID(h, w, r, h.Store.Enrolment)
}

// UpdateEnrolment: PATCH /api/v1/enrolments/{id} {"class_id": 5} moves it;
// {"result": "passed", "result_score": 80, "result_note": "…"} records the result.
func (h *Handlers) UpdateEnrolment(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	var in struct {
		ClassID     *int64                     `json:"class_id"`
		Result      *siapekspor.TrainingResult `json:"result"`
		ResultScore *float64                   `json:"result_score"`
		ResultNote  *string                    `json:"result_note"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	var n *siapekspor.Enrolment
	if in.ClassID != nil {
		if n, err = h.Store.MoveEnrolment(r.Context(), id, *in.ClassID); err != nil {
			h.Error(w, r, err)
			return
		}
	}
	if in.Result != nil || in.ResultScore != nil || in.ResultNote != nil {
		cur, err := h.Store.Enrolment(r.Context(), id)
		if err != nil {
			h.Error(w, r, err)
			return
		}
		result, score, note := cur.Result, cur.ResultScore, cur.ResultNote
		if in.Result != nil {
			result = *in.Result
		}
		if in.ResultScore != nil {
			score = in.ResultScore
		}
		if in.ResultNote != nil {
			note = *in.ResultNote
		}
		if n, err = h.Store.SetResult(r.Context(), id, result, score, note); err != nil {
			h.Error(w, r, err)
			return
		}
	}
	if n == nil {
		n, err = h.Store.Enrolment(r.Context(), id)
	}
	h.respond(w, r, http.StatusOK, n, err)
}

// DeleteEnrolment: DELETE /api/v1/enrolments/{id} — a proposal is removed,
// a confirmed place withdrawn.
func (h *Handlers) DeleteEnrolment(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err == nil {
		err = h.Store.RemoveEnrolment(r.Context(), id)
	}
	h.respond(w, r, http.StatusNoContent, nil, err)
}

// RespondEnrolment: POST /api/v1/enrolments/{id}/respond {"accept": true}.
func (h *Handlers) RespondEnrolment(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	var in struct {
		Accept *bool `json:"accept"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	if in.Accept == nil {
		h.Error(w, r, siapekspor.FieldInvalid("accept", "field.required"))
		return
	}
	n, err := h.Store.RespondToInvitation(r.Context(), id, *in.Accept)
	h.respond(w, r, http.StatusOK, n, err)
}

// MyInvitations: GET /api/v1/me/invitations — the owner's enterprise's enrolments.
func (h *Handlers) MyInvitations(w http.ResponseWriter, r *http.Request) {
	v, err := items(h.Store.OwnEnrolments(r.Context()))
	h.respond(w, r, http.StatusOK, v, err)
}

// EnterpriseEnrolments: GET /api/v1/enterprises/{id}/enrolments.
func (h *Handlers) EnterpriseEnrolments(w http.ResponseWriter, r *http.Request) {
	listByID(h, w, r, h.Store.EnterpriseEnrolments)
}
