package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/store"
)

// Enrolment pages: adding, moving, removing, answering invitations, results.

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
	if err == nil && !(siapekspor.CanManageProgramme(siapekspor.ActorFrom(r.Context()), prog) == nil) {
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
