package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/store"
)

// The mentoring API: mentors, activities and cases.

// EnterpriseMentors: GET /api/v1/enterprises/{id}/mentors.
func (h *Handlers) EnterpriseMentors(w http.ResponseWriter, r *http.Request) {
	listByID(h, w, r, h.Store.EnterpriseMentors)
}

// AssignMentor: POST /api/v1/enterprises/{id}/mentors {"mentor_user_id": 9}.
func (h *Handlers) AssignMentor(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	var in struct {
		MentorID int64 `json:"mentor_user_id"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	m, err := h.Store.AssignMentor(r.Context(), id, in.MentorID)
	h.respond(w, r, http.StatusCreated, m, err)
}

// EndMentor: DELETE /api/v1/enterprises/{id}/mentors/{user}.
func (h *Handlers) EndMentor(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	var user int64
	if err == nil {
		user, err = httpx.ID(r, "user")
	}
	if err == nil {
		err = h.Store.EndMentorAssignment(r.Context(), id, user)
	}
	h.respond(w, r, http.StatusNoContent, nil, err)
}

// MyMentees: GET /api/v1/me/mentees — the acting mentor's enterprises.
func (h *Handlers) MyMentees(w http.ResponseWriter, r *http.Request) {
	v, err := items(h.Store.MyMentees(r.Context()))
	h.respond(w, r, http.StatusOK, v, err)
}

// activityInput is an activity's writable fields.
type activityInput struct {
	On       *siapekspor.Date    `json:"on"`
	Channel  *siapekspor.Channel `json:"channel"`
	Topic    *string             `json:"topic"`
	Notes    *string             `json:"notes"`
	NextStep *string             `json:"next_step"`
	NextDue  *siapekspor.Date    `json:"next_due"`
	NextDone *bool               `json:"next_done"`
	CaseID   *int64              `json:"case_id"`
	Version  *int                `json:"version"`
}

func (in *activityInput) apply(a *siapekspor.Activity) {
	if in.On != nil {
		if t := in.On.Time(); t != nil {
			a.On = *t
		} else {
			a.On = time.Time{}
		}
	}
	if in.Channel != nil {
		a.Channel = *in.Channel
	}
	for _, f := range []struct {
		dst *string
		src *string
	}{{&a.Topic, in.Topic}, {&a.Notes, in.Notes}, {&a.NextStep, in.NextStep}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if in.NextDue != nil {
		a.NextDue = in.NextDue.Time()
	}
	if in.NextDone != nil {
		a.NextDone = *in.NextDone
	}
	if in.CaseID != nil {
		a.CaseID = in.CaseID
		if *in.CaseID == 0 {
			a.CaseID = nil
		}
	}
	if in.Version != nil {
		a.Version = *in.Version
	}
}

// EnterpriseActivities: GET /api/v1/enterprises/{id}/activities, newest first.
func (h *Handlers) EnterpriseActivities(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	if _, err := h.Enterprises.Enterprise(r.Context(), id); err != nil {
		h.Error(w, r, err)
		return
	}
	v, err := items(h.Store.ListActivities(r.Context(), store.ActivityFilter{EnterpriseID: id}))
	h.respond(w, r, http.StatusOK, v, err)
}

// CreateActivity: POST /api/v1/enterprises/{id}/activities.
func (h *Handlers) CreateActivity(w http.ResponseWriter, r *http.Request) {
	id, in, ok := idAndInput[activityInput](h, w, r)
	if !ok {
		return
	}
	a := &siapekspor.Activity{EnterpriseID: id}
	in.apply(a)
	h.respond(w, r, http.StatusCreated, a, h.Store.CreateActivity(r.Context(), a))
}

// GetActivity: GET /api/v1/activities/{id}.
func (h *Handlers) GetActivity(w http.ResponseWriter, r *http.Request) {
	getByID(h, w, r, h.Store.Activity)
}

// UpdateActivity: PATCH /api/v1/activities/{id} with version.
func (h *Handlers) UpdateActivity(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	var a *siapekspor.Activity
	if err == nil {
		a, err = h.Store.Activity(r.Context(), id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	var in activityInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	if in.Version == nil {
		h.Error(w, r, siapekspor.FieldInvalid("version", "field.required"))
		return
	}
	in.apply(a)
	h.respond(w, r, http.StatusOK, a, h.Store.UpdateActivity(r.Context(), a))
}

// caseInput is a case's writable fields.
type caseInput struct {
	Kind    *siapekspor.CaseKind   `json:"kind"`
	Title   *string                `json:"title"`
	Status  *siapekspor.CaseStatus `json:"status"`
	OwnerID *int64                 `json:"owner_user_id"`
	DueOn   *siapekspor.Date       `json:"due_on"`
	Notes   *string                `json:"notes"`
	Outcome *string                `json:"outcome"`
	Version *int                   `json:"version"`
}

func (in *caseInput) apply(c *siapekspor.Case) {
	if in.Kind != nil {
		c.Kind = *in.Kind
	}
	if in.Status != nil {
		c.Status = *in.Status
	}
	for _, f := range []struct {
		dst *string
		src *string
	}{{&c.Title, in.Title}, {&c.Notes, in.Notes}, {&c.Outcome, in.Outcome}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if in.OwnerID != nil {
		c.OwnerID = in.OwnerID
	}
	if in.DueOn != nil {
		c.DueOn = in.DueOn.Time()
	}
	if in.Version != nil {
		c.Version = *in.Version
	}
}

// EnterpriseCases: GET /api/v1/enterprises/{id}/cases.
func (h *Handlers) EnterpriseCases(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	if _, err := h.Enterprises.Enterprise(r.Context(), id); err != nil {
		h.Error(w, r, err)
		return
	}
	v, err := items(h.Store.ListCases(r.Context(), store.CaseFilter{EnterpriseID: id}))
	h.respond(w, r, http.StatusOK, v, err)
}

// CreateCase: POST /api/v1/enterprises/{id}/cases.
func (h *Handlers) CreateCase(w http.ResponseWriter, r *http.Request) {
	id, in, ok := idAndInput[caseInput](h, w, r)
	if !ok {
		return
	}
	c := &siapekspor.Case{EnterpriseID: id}
	in.apply(c)
	h.respond(w, r, http.StatusCreated, c, h.Store.CreateCase(r.Context(), c))
}

// ListCases: GET /api/v1/cases?status=&open=1&overdue=1&owner_user_id=
func (h *Handlers) ListCases(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.CaseFilter{Status: siapekspor.CaseStatus(q.Get("status")), Open: httpx.Flag(r, "open"), Overdue: httpx.Flag(r, "overdue"),
		OwnerID: httpx.Int64(q.Get("owner_user_id")), Today: i18n.Today()}
	v, err := items(h.Store.ListCases(r.Context(), f))
	h.respond(w, r, http.StatusOK, v, err)
}

// GetCase: GET /api/v1/cases/{id}.
func (h *Handlers) GetCase(w http.ResponseWriter, r *http.Request) {
	getByID(h, w, r, h.Store.Case)
}

// UpdateCase: PATCH /api/v1/cases/{id} with version.
func (h *Handlers) UpdateCase(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	var c *siapekspor.Case
	if err == nil {
		c, err = h.Store.Case(r.Context(), id)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	var in caseInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	if in.Version == nil {
		h.Error(w, r, siapekspor.FieldInvalid("version", "field.required"))
		return
	}
	in.apply(c)
	h.respond(w, r, http.StatusOK, c, h.Store.UpdateCase(r.Context(), c))
}

// Overdue: GET /api/v1/mentoring/overdue — next steps and open cases past due.
func (h *Handlers) Overdue(w http.ResponseWriter, r *http.Request) {
	rep, err := bulk.Overdue(r.Context(), h.Store, i18n.Today())
	h.respond(w, r, http.StatusOK, rep, err)
}

// ExportMentoring: GET /api/v1/mentoring/export?what=activities|cases&format=csv|xlsx&overdue=1
func (h *Handlers) ExportMentoring(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	what := q.Get("what")
	if what != "cases" && what != "activities" { // refused before the download's headers
		h.Error(w, r, siapekspor.Problems{{Field: "what", Key: "field.choice"}}.Err())
		return
	}
	format, ok := h.exportFormat(w, r, "pendampingan-"+what)
	if !ok {
		return
	}
	if _, err := bulk.ExportMentoring(r.Context(), h.Store, what, httpx.Flag(r, "overdue"), i18n.Today(), format, w); err != nil {
		h.Log.ErrorContext(r.Context(), "export mentoring", "err", err)
	}
}

// Timeline: GET /api/v1/enterprises/{id}/timeline.
func (h *Handlers) Timeline(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	v, err := items(h.Store.Timeline(r.Context(), id, limit))
	h.respond(w, r, http.StatusOK, v, err)
}
