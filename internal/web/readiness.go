package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/readiness"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
)

// readinessData is an enterprise's readiness page: its latest result and
// its history of classes.
type readinessData struct {
	E          *siapekspor.Enterprise
	Latest     *store.Assessment
	History    []store.Assessment
	Enrolments []siapekspor.Enrolment
	NextGap    float64
	CanAssess  bool
	CanRespond bool
}

// EnterpriseReadiness shows an enterprise's latest assessment, its
// recommended actions, its movement between classes and its training.
func (h *Handlers) EnterpriseReadiness(w http.ResponseWriter, r *http.Request) {
	e, ok := h.enterpriseOf(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	p := NewPage(r, "readiness.page_title", "enterprises")
	d := readinessData{E: e, CanAssess: siapekspor.Can(p.Actor, siapekspor.PermAssess),
		CanRespond: siapekspor.Can(p.Actor, siapekspor.PermTrainingRespond)}
	var err error
	if d.History, err = h.Store.EnterpriseAssessments(ctx, e.ID); err == nil {
		d.Enrolments, err = h.Store.EnterpriseEnrolments(ctx, e.ID)
	}
	if err == nil && len(d.History) > 0 {
		d.Latest = &d.History[0]
		var v *store.QuestionnaireVersion
		if v, err = h.Store.Questionnaire(ctx, d.Latest.Version); err == nil {
			d.NextGap = readiness.NextLevelGap(d.Latest.Result, v.Body)
		}
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "readiness", p)
}

// assessFormData is the questionnaire form.
type assessFormData struct {
	E       *siapekspor.Enterprise
	Form    *store.AssessmentForm
	Answers readiness.Answers
	Groups  []questionGroup
}

// questionGroup is one dimension's questions on the form.
type questionGroup struct {
	D         readiness.Dimension
	Questions []readiness.Question
}

// Chosen is the option to show selected: what was just posted, else the
// registry's prefilled answer, else the previous assessment's.
func (d assessFormData) Chosen(question string) string {
	if v, ok := d.Answers[question]; ok {
		return v
	}
	if pf, ok := d.Form.Prefilled[question]; ok {
		return pf.Option
	}
	return d.Form.Previous[question]
}

// Prefill is the registry's answer to a question, nil when it has none.
func (d assessFormData) Prefill(question string) *readiness.Prefilled {
	if pf, ok := d.Form.Prefilled[question]; ok {
		return &pf
	}
	return nil
}

// AssessForm shows the questionnaire for an enterprise.
func (h *Handlers) AssessForm(w http.ResponseWriter, r *http.Request) {
	e, ok := h.enterpriseOf(w, r)
	if !ok {
		return
	}
	h.renderAssessForm(w, r, http.StatusOK, e, nil, nil)
}

func (h *Handlers) renderAssessForm(w http.ResponseWriter, r *http.Request, status int, e *siapekspor.Enterprise, answers readiness.Answers, err error) {
	form, ferr := h.Store.NewAssessmentForm(r.Context(), e.ID)
	if ferr != nil {
		h.R.Error(w, r, ferr)
		return
	}
	p := NewPage(r, "readiness.assess_title", "enterprises")
	if de, ok := siapekspor.AsError(err); ok {
		p.SetError(de)
		// The summary links each missing answer to its question.
		for i, f := range de.Fields {
			if key, ok := strings.CutPrefix(f.Field, "answers."); ok {
				if qu, found := form.Questionnaire.Body.Question(key); found {
					text := qu.TextID
					if p.Lang == "en" && qu.TextEN != "" {
						text = qu.TextEN
					}
					p.Errors[i] = FieldMessage{Field: "q-" + key, Message: text + ": " + p.P.Field(f)}
				}
			}
		}
	}
	d := assessFormData{E: e, Form: form, Answers: answers}
	for _, dim := range form.Questionnaire.Body.Dimensions {
		g := questionGroup{D: dim}
		for _, qu := range form.Questionnaire.Body.Questions {
			if qu.Dimension == dim.Key {
				g.Questions = append(g.Questions, qu)
			}
		}
		if len(g.Questions) > 0 {
			d.Groups = append(d.Groups, g)
		}
	}
	p.Data = d
	h.R.Render(w, r, status, "assess", p)
}

// AssessSubmit scores and stores the answers.
func (h *Handlers) AssessSubmit(w http.ResponseWriter, r *http.Request) {
	e, ok := h.enterpriseOf(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	answers := readiness.Answers{}
	for k, v := range r.PostForm {
		if key, ok := strings.CutPrefix(k, "q_"); ok && len(v) > 0 {
			answers[key] = v[0]
		}
	}
	a, err := h.Store.CreateAssessment(r.Context(), e.ID, answers)
	if de, ok := siapekspor.AsError(err); ok && de.Code == siapekspor.EInvalid {
		h.renderAssessForm(w, r, http.StatusUnprocessableEntity, e, answers, err)
		return
	} else if err != nil {
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "readiness.saved", "/assessments/"+strconv.FormatInt(a.ID, 10))
}

// assessmentData is one assessment's result page.
type assessmentData struct {
	A        *store.Assessment
	Q        *readiness.Questionnaire
	Previous *store.Assessment // the one before it, for the movement
	NextGap  float64
}

// QuestionText is a question's text in the page's language.
func (d assessmentData) QuestionText(lang, key string) string {
	if qu, ok := d.Q.Question(key); ok {
		if lang == "en" && qu.TextEN != "" {
			return qu.TextEN
		}
		return qu.TextID
	}
	return key
}

// OptionLabel is the chosen option's label in the page's language.
func (d assessmentData) OptionLabel(lang, question, option string) string {
	if qu, ok := d.Q.Question(question); ok {
		if o, ok := qu.Option(option); ok {
			if lang == "en" && o.LabelEN != "" {
				return o.LabelEN
			}
			return o.LabelID
		}
	}
	return option
}

// DimensionName is a dimension's name in the page's language.
func (d assessmentData) DimensionName(lang, key string) string {
	for _, dim := range d.Q.Dimensions {
		if dim.Key == key {
			if lang == "en" && dim.NameEN != "" {
				return dim.NameEN
			}
			return dim.NameID
		}
	}
	return key
}

// AssessmentDetail shows one assessment: score per dimension, what cost
// the points, and the recommended actions.
func (h *Handlers) AssessmentDetail(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	var a *store.Assessment
	if err == nil {
		a, err = h.Store.Assessment(r.Context(), id)
	}
	var v *store.QuestionnaireVersion
	if err == nil {
		v, err = h.Store.Questionnaire(r.Context(), a.Version)
	}
	var history []store.Assessment
	if err == nil {
		history, err = h.Store.EnterpriseAssessments(r.Context(), a.EnterpriseID)
	}
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	d := assessmentData{A: a, Q: v.Body, NextGap: readiness.NextLevelGap(a.Result, v.Body)}
	for i := range history {
		if history[i].ID == a.ID && i+1 < len(history) {
			d.Previous = &history[i+1]
		}
	}
	p := NewPage(r, "readiness.result_title", "enterprises")
	p.Title = p.P.T("readiness.result_title") + " · " + a.EnterpriseName
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "assessment", p)
}

// readinessListData is the list of assessed enterprises.
type readinessListData struct {
	Page       *store.ReadinessPage
	F          store.ReadinessFilter
	Regencies  []refdata.Region
	ExportXLSX string
	ExportCSV  string
	Prev, Next string
}

// ReadinessList lists assessed enterprises by class and score.
func (h *Handlers) ReadinessList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := NewPage(r, "readiness.list_title", "readiness")
	status := http.StatusOK
	f, ferr := httpx.ParseReadinessFilter(q)
	if de, ok := siapekspor.AsError(ferr); ok { // listed without the bad filter, the summary says which
		p.SetError(de)
		status = http.StatusUnprocessableEntity
	}
	f.Limit = 50
	page, err := h.Store.ListReadiness(r.Context(), f)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	query := url.Values{}
	for _, k := range []string{"level", "regency", "sector", "kind", "min_score"} {
		if v := q.Get(k); v != "" {
			query.Set(k, v)
		}
	}
	d := readinessListData{Page: page, F: f, Regencies: refdata.DefaultRegionIndex().Children(h.Province),
		ExportXLSX: "/readiness/export.xlsx?" + query.Encode(), ExportCSV: "/readiness/export.csv?" + query.Encode()}
	if f.Offset > 0 {
		query.Set("offset", strconv.Itoa(max(f.Offset-f.Limit, 0)))
		d.Prev = "/readiness?" + query.Encode()
	}
	if f.Offset+f.Limit < page.Total {
		query.Set("offset", strconv.Itoa(f.Offset+f.Limit))
		d.Next = "/readiness?" + query.Encode()
	}
	p.Data = d
	h.R.Render(w, r, status, "readiness_list", p)
}

// ---- The questionnaire editor (admins) ----

// questionnairesData lists the versions.
type questionnairesData struct {
	Versions []store.QuestionnaireVersion
}

// Questionnaires lists the questionnaire's versions.
func (h *Handlers) Questionnaires(w http.ResponseWriter, r *http.Request) {
	vs, err := h.Store.Questionnaires(r.Context())
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p := NewPage(r, "questionnaire.title", "readiness")
	p.Data = questionnairesData{Versions: vs}
	h.R.Render(w, r, http.StatusOK, "questionnaires", p)
}

// QuestionnaireDraft starts a new draft from a version, or from an
// uploaded JSON file.
func (h *Handlers) QuestionnaireDraft(w http.ResponseWriter, r *http.Request) {
	const maxMB = 2
	r.Body = http.MaxBytesReader(w, r.Body, maxMB<<20)
	var body *readiness.Questionnaire
	err := r.ParseMultipartForm(1 << 20)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		h.renderQuestionnaireList(w, r, siapekspor.Errorf(siapekspor.ETooLarge, "import.too_large", strconv.Itoa(maxMB)))
		return
	}
	if err == nil {
		if file, _, ferr := r.FormFile("file"); ferr == nil {
			defer file.Close()
			b, err := io.ReadAll(file)
			if err != nil {
				h.R.Error(w, r, siapekspor.Errorf(siapekspor.EInvalid, "error.bad_form"))
				return
			}
			q, perr := readiness.Parse(b)
			if perr != nil {
				h.renderQuestionnaireList(w, r, perr)
				return
			}
			body = q
		}
	} else {
		r.ParseForm()
	}
	from, ferr := strconv.Atoi(r.FormValue("from"))
	if body == nil && (ferr != nil || from <= 0) { // neither a file nor a version to copy
		h.renderQuestionnaireList(w, r, siapekspor.Problems{{Field: "file", Key: "field.required"}}.Err())
		return
	}
	v, err := h.Store.CreateQuestionnaireDraft(r.Context(), from, body, r.FormValue("note"))
	if err != nil {
		if de, ok := siapekspor.AsError(err); ok && de.Code == siapekspor.EInvalid {
			h.renderQuestionnaireList(w, r, err)
			return
		}
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "questionnaire.draft_made", "/readiness/questionnaires/"+strconv.Itoa(v.Version))
}

func (h *Handlers) renderQuestionnaireList(w http.ResponseWriter, r *http.Request, err error) {
	vs, lerr := h.Store.Questionnaires(r.Context())
	if lerr != nil {
		h.R.Error(w, r, lerr)
		return
	}
	p := NewPage(r, "questionnaire.title", "readiness")
	if de, ok := siapekspor.AsError(err); ok {
		p.SetError(de)
	}
	p.Data = questionnairesData{Versions: vs}
	h.R.Render(w, r, http.StatusUnprocessableEntity, "questionnaires", p)
}

// questionnaireData is one version's page: its settings and questions, and
// for a draft the forms to change them.
type questionnaireData struct {
	V       *store.QuestionnaireVersion
	Draft   bool
	Edit    *readiness.Question // the question being edited, or nil
	New     bool                // Edit is a new question
	Facts   []string
	Options []readiness.Option
}

func (h *Handlers) questionnaireOf(w http.ResponseWriter, r *http.Request) (*store.QuestionnaireVersion, bool) {
	n, err := strconv.Atoi(r.PathValue("version"))
	if err != nil {
		h.R.NotFound(w, r)
		return nil, false
	}
	v, err := h.Store.Questionnaire(r.Context(), n)
	if err != nil {
		h.R.Error(w, r, err)
		return nil, false
	}
	return v, true
}

// draftOf reads the version of the path for a change only drafts take.
func (h *Handlers) draftOf(w http.ResponseWriter, r *http.Request) (*store.QuestionnaireVersion, bool) {
	v, ok := h.questionnaireOf(w, r)
	if ok && v.Status != store.QuestionnaireDraft {
		h.R.Error(w, r, siapekspor.Errorf(siapekspor.EConflict, "readiness.not_a_draft", v.Version))
		return nil, false
	}
	return v, ok
}

// QuestionnaireDetail shows a version.
func (h *Handlers) QuestionnaireDetail(w http.ResponseWriter, r *http.Request) {
	v, ok := h.questionnaireOf(w, r)
	if !ok {
		return
	}
	h.renderQuestionnaire(w, r, http.StatusOK, v, nil, false, nil)
}

// QuestionnaireJSON downloads a version as its JSON document, to edit
// offline and load back as a draft.
func (h *Handlers) QuestionnaireJSON(w http.ResponseWriter, r *http.Request) {
	v, ok := h.questionnaireOf(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="kuesioner-v%d.json"`, v.Version))
	httpx.WriteJSON(w, http.StatusOK, v.Body)
}

func (h *Handlers) renderQuestionnaire(w http.ResponseWriter, r *http.Request, status int, v *store.QuestionnaireVersion, edit *readiness.Question, isNew bool, err error) {
	p := NewPage(r, "questionnaire.version_title", "readiness")
	p.Title = p.P.T("questionnaire.version_title", v.Version)
	if de, ok := siapekspor.AsError(err); ok {
		p.SetError(de)
	}
	d := questionnaireData{V: v, Draft: v.Status == store.QuestionnaireDraft, Edit: edit, New: isNew}
	for f := range readiness.PrefillFacts() {
		d.Facts = append(d.Facts, f)
	}
	sort.Strings(d.Facts)
	if edit != nil {
		d.Options = append([]readiness.Option(nil), edit.Options...)
		for i := 0; i < 3; i++ {
			d.Options = append(d.Options, readiness.Option{})
		}
	}
	p.Data = d
	h.R.Render(w, r, status, "questionnaire", p)
}

// QuestionnaireSettings stores a draft's thresholds, dimension weights and note.
func (h *Handlers) QuestionnaireSettings(w http.ResponseWriter, r *http.Request) {
	v, ok := h.questionnaireOf(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	body := v.Body.Clone()
	var pr siapekspor.Problems
	num := func(name string) float64 {
		s := strings.TrimSpace(strings.ReplaceAll(r.PostForm.Get(name), ",", "."))
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			pr.Add(name, "field.number")
		}
		return f
	}
	body.Thresholds.Intermediate = num("threshold_intermediate")
	body.Thresholds.Advanced = num("threshold_advanced")
	for i := range body.Dimensions {
		body.Dimensions[i].Weight = num("weight_" + body.Dimensions[i].Key)
	}
	err := pr.Err()
	if err == nil {
		_, err = h.Store.UpdateQuestionnaire(r.Context(), v.Version, body, r.PostForm.Get("note"))
	}
	if err != nil {
		h.failQuestionnaire(w, r, v, nil, false, err)
		return
	}
	Flash(w, r, "questionnaire.saved", "/readiness/questionnaires/"+strconv.Itoa(v.Version))
}

func (h *Handlers) failQuestionnaire(w http.ResponseWriter, r *http.Request, v *store.QuestionnaireVersion, edit *readiness.Question, isNew bool, err error) {
	if de, ok := siapekspor.AsError(err); ok && (de.Code == siapekspor.EInvalid || de.Code == siapekspor.EConflict) {
		h.renderQuestionnaire(w, r, httpx.Status(de.Code), v, edit, isNew, err)
		return
	}
	h.R.Error(w, r, err)
}

// QuestionEdit shows the form of one question of a draft (key "new" for a
// new one).
func (h *Handlers) QuestionEdit(w http.ResponseWriter, r *http.Request) {
	v, ok := h.questionnaireOf(w, r)
	if !ok {
		return
	}
	key := r.PathValue("key")
	if key == "new" {
		h.renderQuestionnaire(w, r, http.StatusOK, v, &readiness.Question{Dimension: v.Body.Dimensions[0].Key}, true, nil)
		return
	}
	qu, found := v.Body.Question(key)
	if !found {
		h.R.NotFound(w, r)
		return
	}
	h.renderQuestionnaire(w, r, http.StatusOK, v, qu, false, nil)
}

// QuestionSave stores one question of a draft, new or edited. Option rows
// left blank are dropped.
func (h *Handlers) QuestionSave(w http.ResponseWriter, r *http.Request) {
	v, ok := h.questionnaireOf(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	f := r.PostForm
	key := r.PathValue("key")
	isNew := key == "new"
	qu := readiness.Question{Key: strings.TrimSpace(f.Get("key")), Dimension: f.Get("dimension"), TextID: f.Get("text_id"), TextEN: f.Get("text_en"),
		HelpID: f.Get("help_id"), HelpEN: f.Get("help_en"), Prefill: f.Get("prefill")}
	if !isNew {
		qu.Key = key
	}
	var pr siapekspor.Problems
	for i := 0; ; i++ {
		idx := strconv.Itoa(i)
		if _, present := f["opt_key_"+idx]; !present {
			break
		}
		o := readiness.Option{Key: strings.TrimSpace(f.Get("opt_key_" + idx)), LabelID: f.Get("opt_label_id_" + idx), LabelEN: f.Get("opt_label_en_" + idx),
			ActionID: f.Get("opt_action_id_" + idx), ActionEN: f.Get("opt_action_en_" + idx)}
		points := strings.TrimSpace(strings.ReplaceAll(f.Get("opt_points_"+idx), ",", "."))
		if o.Key == "" && o.LabelID == "" && points == "" {
			continue
		}
		if p, err := strconv.ParseFloat(points, 64); err != nil {
			pr.Add("options["+idx+"].points", "field.number")
		} else {
			o.Points = p
		}
		qu.Options = append(qu.Options, o)
	}
	body := v.Body.Clone()
	if isNew {
		body.Questions = append(body.Questions, qu)
	} else {
		for i := range body.Questions {
			if body.Questions[i].Key == key {
				body.Questions[i] = qu
			}
		}
	}
	err := pr.Err()
	if err == nil {
		_, err = h.Store.UpdateQuestionnaire(r.Context(), v.Version, body, v.Note)
	}
	if err != nil {
		h.failQuestionnaire(w, r, v, &qu, isNew, err)
		return
	}
	Flash(w, r, "questionnaire.saved", "/readiness/questionnaires/"+strconv.Itoa(v.Version)+"#q-"+qu.Key)
}

// QuestionDelete asks, then removes a question from a draft.
func (h *Handlers) QuestionDelete(w http.ResponseWriter, r *http.Request) {
	v, ok := h.draftOf(w, r)
	if !ok {
		return
	}
	key := r.PathValue("key")
	qu, found := v.Body.Question(key)
	if !found {
		h.R.NotFound(w, r)
		return
	}
	text := qu.TextID
	if printer(r).Lang == i18n.EN && qu.TextEN != "" {
		text = qu.TextEN
	}
	if h.ask(w, r, confirmation{Nav: "readiness", Title: "confirm.question_delete.title", Key: "confirm.question_delete.question", Args: []any{text, v.Version},
		Button: "action.delete", Cancel: "/readiness/questionnaires/" + strconv.Itoa(v.Version) + "#q-" + key}) {
		return
	}
	body := v.Body.Clone()
	kept := body.Questions[:0]
	for _, qu := range body.Questions {
		if qu.Key != key {
			kept = append(kept, qu)
		}
	}
	body.Questions = kept
	if _, err := h.Store.UpdateQuestionnaire(r.Context(), v.Version, body, v.Note); err != nil {
		h.failQuestionnaire(w, r, v, nil, false, err)
		return
	}
	Flash(w, r, "questionnaire.saved", "/readiness/questionnaires/"+strconv.Itoa(v.Version))
}

// QuestionnairePublish asks, then publishes a draft: from then on it
// cannot change, and new assessments use it.
func (h *Handlers) QuestionnairePublish(w http.ResponseWriter, r *http.Request) {
	v, ok := h.draftOf(w, r)
	if !ok {
		return
	}
	if h.ask(w, r, confirmation{Nav: "readiness", Title: "confirm.questionnaire_publish.title", Key: "confirm.questionnaire_publish.question", Args: []any{v.Version},
		Button: "questionnaire.publish", Cancel: "/readiness/questionnaires/" + strconv.Itoa(v.Version)}) {
		return
	}
	if err := h.Store.PublishQuestionnaire(r.Context(), v.Version); err != nil {
		h.failQuestionnaire(w, r, v, nil, false, err)
		return
	}
	Flash(w, r, "questionnaire.published", "/readiness/questionnaires")
}

// QuestionnaireDelete asks, then discards a draft.
func (h *Handlers) QuestionnaireDelete(w http.ResponseWriter, r *http.Request) {
	v, ok := h.draftOf(w, r)
	if !ok {
		return
	}
	if h.ask(w, r, confirmation{Nav: "readiness", Title: "confirm.questionnaire_delete.title", Key: "confirm.questionnaire_delete.question", Args: []any{v.Version},
		Button: "questionnaire.discard", Cancel: "/readiness/questionnaires/" + strconv.Itoa(v.Version)}) {
		return
	}
	if err := h.Store.DeleteQuestionnaireDraft(r.Context(), v.Version); err != nil {
		h.failQuestionnaire(w, r, v, nil, false, err)
		return
	}
	Flash(w, r, "questionnaire.deleted", "/readiness/questionnaires")
}

// ReadinessExport downloads the assessed enterprises as CSV or XLSX.
func (h *Handlers) ReadinessExport(w http.ResponseWriter, r *http.Request) {
	f, err := httpx.ParseReadinessFilter(r.URL.Query())
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	format, ok := h.download(w, r, "kesiapan-ekspor")
	if !ok {
		return
	}
	if _, err := bulk.ExportReadiness(r.Context(), h.Store, f, format, w); err != nil {
		h.Log.ErrorContext(r.Context(), "export readiness", "err", err)
	}
}
