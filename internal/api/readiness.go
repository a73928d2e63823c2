package api

import (
	"net/http"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/readiness"
	"github.com/siapekspor/siapekspor/internal/store"
)

// The readiness API: questionnaires, assessments and the readiness list.

// ListQuestionnaires: GET /api/v1/questionnaires.
func (h *Handlers) ListQuestionnaires(w http.ResponseWriter, r *http.Request) {
	v, err := items(h.Store.Questionnaires(r.Context()))
	h.respond(w, r, http.StatusOK, v, err)
}

// GetQuestionnaire: GET /api/v1/questionnaires/{version} ("current" for the published one).
func (h *Handlers) GetQuestionnaire(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("version") == "current" {
		v, err := h.Store.CurrentQuestionnaire(r.Context())
		h.respond(w, r, http.StatusOK, v, err)
		return
	}
	n, err := versionOf(r)
	var v *store.QuestionnaireVersion
	if err == nil {
		v, err = h.Store.Questionnaire(r.Context(), n)
	}
	h.respond(w, r, http.StatusOK, v, err)
}

// CreateQuestionnaire: POST /api/v1/questionnaires {"from": 1} or {"questionnaire": {…}}, with an optional note.
func (h *Handlers) CreateQuestionnaire(w http.ResponseWriter, r *http.Request) {
	var in struct {
		From          int                      `json:"from"`
		Questionnaire *readiness.Questionnaire `json:"questionnaire"`
		Note          string                   `json:"note"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	v, err := h.Store.CreateQuestionnaireDraft(r.Context(), in.From, in.Questionnaire, in.Note)
	h.respond(w, r, http.StatusCreated, v, err)
}

// UpdateQuestionnaire: PUT /api/v1/questionnaires/{version} {"questionnaire": {…}, "note": "…"}; drafts only.
func (h *Handlers) UpdateQuestionnaire(w http.ResponseWriter, r *http.Request) {
	n, err := versionOf(r)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	var in struct {
		Questionnaire *readiness.Questionnaire `json:"questionnaire"`
		Note          string                   `json:"note"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	if in.Questionnaire == nil {
		h.Error(w, r, siapekspor.FieldInvalid("questionnaire", "field.required"))
		return
	}
	v, err := h.Store.UpdateQuestionnaire(r.Context(), n, in.Questionnaire, in.Note)
	h.respond(w, r, http.StatusOK, v, err)
}

// PublishQuestionnaire: POST /api/v1/questionnaires/{version}/publish.
func (h *Handlers) PublishQuestionnaire(w http.ResponseWriter, r *http.Request) {
	n, err := versionOf(r)
	if err == nil {
		err = h.Store.PublishQuestionnaire(r.Context(), n)
	}
	var v *store.QuestionnaireVersion
	if err == nil {
		v, err = h.Store.Questionnaire(r.Context(), n)
	}
	h.respond(w, r, http.StatusOK, v, err)
}

// DeleteQuestionnaire: DELETE /api/v1/questionnaires/{version}; drafts only.
func (h *Handlers) DeleteQuestionnaire(w http.ResponseWriter, r *http.Request) {
	n, err := versionOf(r)
	if err == nil {
		err = h.Store.DeleteQuestionnaireDraft(r.Context(), n)
	}
	h.respond(w, r, http.StatusNoContent, nil, err)
}

// AssessmentForm: GET /api/v1/enterprises/{id}/assessment-form — the
// published questionnaire with the answers the registry implies.
func (h *Handlers) AssessmentForm(w http.ResponseWriter, r *http.Request) {
	getByID(h, w, r, h.Store.NewAssessmentForm)
}

// ListEnterpriseAssessments: GET /api/v1/enterprises/{id}/assessments, newest first.
func (h *Handlers) ListEnterpriseAssessments(w http.ResponseWriter, r *http.Request) {
	listByID(h, w, r, h.Store.EnterpriseAssessments)
}

// CreateAssessment: POST /api/v1/enterprises/{id}/assessments {"answers": {"question": "option", …}}.
func (h *Handlers) CreateAssessment(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	var in struct {
		Answers readiness.Answers `json:"answers"`
	}
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		h.Error(w, r, err)
		return
	}
	a, err := h.Store.CreateAssessment(r.Context(), id, in.Answers)
	h.respond(w, r, http.StatusCreated, a, err)
}

// GetAssessment: GET /api/v1/assessments/{id}.
func (h *Handlers) GetAssessment(w http.ResponseWriter, r *http.Request) {
	getByID(h, w, r, h.Store.Assessment)
}

// ListReadiness: GET /api/v1/readiness?level=&regency=&sector=&kind=&min_score=&limit=&offset=
func (h *Handlers) ListReadiness(w http.ResponseWriter, r *http.Request) {
	f, err := httpx.ParseReadinessFilter(r.URL.Query())
	var page *store.ReadinessPage
	if err == nil {
		page, err = h.Store.ListReadiness(r.Context(), f)
	}
	h.respond(w, r, http.StatusOK, page, err)
}

// ExportReadiness: GET /api/v1/readiness/export?format=csv|xlsx and the list's filters.
func (h *Handlers) ExportReadiness(w http.ResponseWriter, r *http.Request) {
	f, err := httpx.ParseReadinessFilter(r.URL.Query())
	if err != nil {
		h.Error(w, r, err)
		return
	}
	format, ok := h.exportFormat(w, r, "kesiapan-ekspor")
	if !ok {
		return
	}
	if _, err := bulk.ExportReadiness(r.Context(), h.Store, f, format, w); err != nil {
		h.Log.ErrorContext(r.Context(), "export readiness", "err", err)
	}
}
