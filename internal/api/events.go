package api

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/eventdoc"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/store"
)

// Business-matching events (issue 19). Who reads an event, who runs it and
// who speaks for a participant is decided by the store
// (siapekspor.EventScopeOf, CanManageEvent, ActsFor); the routes only ask
// for the permission to read events (or to manage or take part in them).
// Participants and meeting requests have their own paths
// (/api/v1/event-participants/{id}, /api/v1/meeting-requests/{id}), as
// enrolments and sessions do; meetings live under their event.

// ListEvents: GET /api/v1/events?kind=&when=upcoming|past&limit= — the
// events in the caller's scope, the next first, then the past.
func (h *Handlers) ListEvents(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.EventFilter{Kind: siapekspor.EventKind(q.Get("kind")), When: q.Get("when")}
	var p siapekspor.Problems
	if f.Kind != "" && !validEventKind(f.Kind) {
		p.Add("kind", "field.choice")
	}
	switch f.When {
	case "", "upcoming", "past":
	default:
		p.Add("when", "field.choice")
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			p.Add("limit", "field.number")
		}
		f.Limit = n
	}
	if err := p.Err(); err != nil {
		h.Error(w, r, err)
		return
	}
	v, err := items(h.Store.ListEvents(r.Context(), f))
	h.respond(w, r, http.StatusOK, v, err)
}

func validEventKind(k siapekspor.EventKind) bool {
	for _, x := range siapekspor.EventKinds {
		if x == k {
			return true
		}
	}
	return false
}

// CreateEvent: POST /api/v1/events with the event (org_id defaults to the
// caller's organisation) — 201 with the stored event, or 422 naming every
// field.
func (h *Handlers) CreateEvent(w http.ResponseWriter, r *http.Request) {
	var ev siapekspor.Event
	if err := httpx.DecodeJSON(w, r, &ev); err != nil {
		h.Error(w, r, err)
		return
	}
	ev.ID, ev.Version, ev.AgendasSentAt, ev.OrgName = 0, 0, nil, ""
	out, err := h.Store.CreateEvent(r.Context(), &ev)
	h.respond(w, r, http.StatusCreated, out, err)
}

// GetEvent: GET /api/v1/events/{id} — the event with what the caller sees
// of its participants, requests and meetings, its slots, and for its
// organiser the last run of the scheduler and what changed since the
// agendas were sent.
func (h *Handlers) GetEvent(w http.ResponseWriter, r *http.Request) {
	getByID(h, w, r, h.Store.EventDetail)
}

// UpdateEvent: PATCH /api/v1/events/{id} with the fields to change and the
// version read (the organiser).
func (h *Handlers) UpdateEvent(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	ev, err := h.Store.Event(r.Context(), id)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	ev.Version = 0
	if err := httpx.DecodeJSON(w, r, ev); err != nil {
		h.Error(w, r, err)
		return
	}
	if ev.Version == 0 {
		h.Error(w, r, siapekspor.FieldInvalid("version", "field.required"))
		return
	}
	ev.ID = id
	out, err := h.Store.UpdateEvent(r.Context(), ev)
	h.respond(w, r, http.StatusOK, out, err)
}

// AddEventParticipants: POST /api/v1/events/{id}/participants
// {"participants": [{"enterprise_id"} | {"org_id"}, "invite", "max",
// "available"]} — all added (201) or none.
func (h *Handlers) AddEventParticipants(w http.ResponseWriter, r *http.Request) {
	id, in, ok := idAndInput[struct {
		Participants []store.NewParticipant `json:"participants"`
	}](h, w, r)
	if !ok {
		return
	}
	v, err := items(h.Store.AddParticipants(r.Context(), id, in.Participants))
	h.respond(w, r, http.StatusCreated, v, err)
}

// UpdateEventParticipant: PATCH /api/v1/event-participants/{id}
// {"available": [{"start","end"}], "max"} — the participant itself or the
// organiser. Fields left out keep their value.
func (h *Handlers) UpdateEventParticipant(w http.ResponseWriter, r *http.Request) {
	id, in, ok := idAndInput[struct {
		Available *[]siapekspor.TimeSpan `json:"available"`
		Max       *int                   `json:"max"`
	}](h, w, r)
	if !ok {
		return
	}
	var c store.ParticipantChange
	if in.Available == nil || in.Max == nil {
		cur, err := h.Store.EventParticipant(r.Context(), id)
		if err != nil {
			h.Error(w, r, err)
			return
		}
		c = store.ParticipantChange{Available: cur.Available, Max: cur.Max}
	}
	if in.Available != nil {
		c.Available = *in.Available
	}
	if in.Max != nil {
		c.Max = *in.Max
	}
	pt, err := h.Store.UpdateParticipant(r.Context(), id, c)
	h.respond(w, r, http.StatusOK, pt, err)
}

// RemoveEventParticipant: DELETE /api/v1/event-participants/{id} — with
// its requests and meetings (the organiser; not after a meeting of it was
// recorded).
func (h *Handlers) RemoveEventParticipant(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err == nil {
		err = h.Store.RemoveParticipant(r.Context(), id)
	}
	h.respond(w, r, http.StatusNoContent, nil, err)
}

// AnswerEventInvitation: POST /api/v1/event-participants/{id}/answer
// {"accept": true|false} — the owner's or the buyer organisation's own
// answer.
func (h *Handlers) AnswerEventInvitation(w http.ResponseWriter, r *http.Request) {
	id, in, ok := idAndInput[struct {
		Accept *bool `json:"accept"`
	}](h, w, r)
	if !ok {
		return
	}
	if in.Accept == nil {
		h.Error(w, r, siapekspor.FieldInvalid("accept", "field.required"))
		return
	}
	pt, err := h.Store.AnswerInvitation(r.Context(), id, *in.Accept)
	h.respond(w, r, http.StatusOK, pt, err)
}

// CheckInParticipant: POST /api/v1/event-participants/{id}/check-in
// {"in": true|false} (true when left out) — the organiser, on the day.
func (h *Handlers) CheckInParticipant(w http.ResponseWriter, r *http.Request) {
	id, in, ok := idAndInput[struct {
		In *bool `json:"in"`
	}](h, w, r)
	if !ok {
		return
	}
	pt, err := h.Store.CheckIn(r.Context(), id, in.In == nil || *in.In)
	h.respond(w, r, http.StatusOK, pt, err)
}

// ParticipantSuggestions: GET /api/v1/event-participants/{id}/suggestions
// — the other side ranked by the matcher, with reasons.
func (h *Handlers) ParticipantSuggestions(w http.ResponseWriter, r *http.Request) {
	listByID(h, w, r, h.Store.Suggestions)
}

// RequestMeetings: POST /api/v1/events/{id}/requests {"requests":
// [{"enterprise_participant_id", "buyer_participant_id", "from",
// "priority", "score", "reason", "buying_request_id", "product_id",
// "note"}], "accept"} — several at once, all stored (201) or none; the
// organiser's with "accept" are accepted at once.
func (h *Handlers) RequestMeetings(w http.ResponseWriter, r *http.Request) {
	id, in, ok := idAndInput[struct {
		Requests []siapekspor.MeetingRequest `json:"requests"`
		Accept   bool                        `json:"accept"`
	}](h, w, r)
	if !ok {
		return
	}
	for i := range in.Requests {
		q := &in.Requests[i]
		// Read-only fields of the request's JSON are the store's to set.
		q.ID, q.Answer, q.AnsweredAt, q.EnterpriseName, q.BuyerName, q.ProductName, q.HSCode = 0, "", nil, "", "", "", ""
	}
	v, err := items(h.Store.RequestMeetings(r.Context(), id, in.Requests, in.Accept))
	h.respond(w, r, http.StatusCreated, v, err)
}

// AnswerMeetingRequest: POST /api/v1/meeting-requests/{id}/answer
// {"accept": true|false} — the side asked (or the organiser).
func (h *Handlers) AnswerMeetingRequest(w http.ResponseWriter, r *http.Request) {
	id, in, ok := idAndInput[struct {
		Accept *bool `json:"accept"`
	}](h, w, r)
	if !ok {
		return
	}
	if in.Accept == nil {
		h.Error(w, r, siapekspor.FieldInvalid("accept", "field.required"))
		return
	}
	q, err := h.Store.AnswerMeetingRequest(r.Context(), id, *in.Accept)
	h.respond(w, r, http.StatusOK, q, err)
}

// WithdrawMeetingRequest: DELETE /api/v1/meeting-requests/{id} — who
// asked (or the organiser), while it is not on the agenda.
func (h *Handlers) WithdrawMeetingRequest(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err == nil {
		err = h.Store.WithdrawMeetingRequest(r.Context(), id)
	}
	h.respond(w, r, http.StatusNoContent, nil, err)
}

// ScheduleEvent: POST /api/v1/events/{id}/schedule {"rule":
// "cover-first"|"weight-only", "seed"} — runs the scheduler around the
// pinned meetings and stores the agenda; answers the run: the weight
// against its bound, musts and enterprises covered against theirs,
// whether it is proven optimal, and each request left out with why.
func (h *Handlers) ScheduleEvent(w http.ResponseWriter, r *http.Request) {
	id, in, ok := idAndInput[store.ScheduleOptions](h, w, r)
	if !ok {
		return
	}
	run, err := h.Store.ScheduleEvent(r.Context(), id, in)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.respond(w, r, http.StatusOK, scheduleRunOf(run, i18n.Printer{Lang: httpx.Lang(r, i18n.ID)}), nil)
}

// scheduleRun is a run as the API answers it: the store's, with the
// ratio and each unscheduled request's reason in the reader's language.
type scheduleRun struct {
	*store.ScheduleRun
	Ratio       float64           `json:"ratio"`
	Unscheduled []unscheduledJSON `json:"unscheduled"`
}

type unscheduledJSON struct {
	Request int64  `json:"request_id"`
	Key     string `json:"key"`
	Args    []any  `json:"args,omitempty"`
	Reason  string `json:"reason"`
}

func scheduleRunOf(run *store.ScheduleRun, p i18n.Printer) *scheduleRun {
	out := &scheduleRun{ScheduleRun: run, Ratio: run.Ratio(), Unscheduled: []unscheduledJSON{}}
	for _, u := range run.Unscheduled {
		out.Unscheduled = append(out.Unscheduled, unscheduledJSON{Request: u.Request, Key: u.Key, Args: u.Args, Reason: p.T(u.Key, u.Args...)})
	}
	return out
}

// meetingInput places a meeting: a slot's start and a table; pinned to
// pin or unpin it where it is.
type meetingInput struct {
	RequestID int64     `json:"request_id"`
	Start     time.Time `json:"start"`
	Table     int       `json:"table"`
	Pinned    *bool     `json:"pinned"`
}

// AddMeeting: POST /api/v1/events/{id}/meetings {"request_id", "start",
// "table"} — a meeting added by hand for an accepted request, pinned
// (201). A place that would double-book someone or a table, or lies
// outside a side's availability, is a 422 naming why.
func (h *Handlers) AddMeeting(w http.ResponseWriter, r *http.Request) {
	id, in, ok := idAndInput[meetingInput](h, w, r)
	if !ok {
		return
	}
	if err := placeProblems(in, true); err != nil {
		h.Error(w, r, err)
		return
	}
	m, err := h.Store.PlaceMeeting(r.Context(), id, 0, in.RequestID, store.MeetingPlace{Start: in.Start, Table: in.Table})
	h.respond(w, r, http.StatusCreated, m, err)
}

func placeProblems(in meetingInput, add bool) error {
	var p siapekspor.Problems
	if add && in.RequestID <= 0 {
		p.Add("request_id", "field.required")
	}
	if in.Start.IsZero() {
		p.Add("start", "field.required")
	}
	if in.Table == 0 {
		p.Add("table", "field.required")
	}
	return p.Err()
}

// UpdateMeeting: PATCH /api/v1/events/{id}/meetings/{meeting} {"start",
// "table"} moves a meeting (pinned where it goes); {"pinned": true|false}
// pins or unpins it where it is.
func (h *Handlers) UpdateMeeting(w http.ResponseWriter, r *http.Request) {
	id, in, ok := idAndInput[meetingInput](h, w, r)
	if !ok {
		return
	}
	mid, err := httpx.ID(r, "meeting")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	if in.RequestID != 0 {
		h.Error(w, r, siapekspor.FieldInvalid("request_id", "field.unknown"))
		return
	}
	move := !in.Start.IsZero() || in.Table != 0
	if !move && in.Pinned == nil {
		h.Error(w, r, siapekspor.FieldInvalid("pinned", "field.required"))
		return
	}
	var m *siapekspor.Meeting
	if move {
		if err := placeProblems(in, false); err != nil {
			h.Error(w, r, err)
			return
		}
		if in.Pinned != nil && !*in.Pinned {
			// A move pins; unpinning in the same breath is two changes.
			h.Error(w, r, siapekspor.FieldInvalid("pinned", "event.move_pins"))
			return
		}
		m, err = h.Store.PlaceMeeting(r.Context(), id, mid, 0, store.MeetingPlace{Start: in.Start, Table: in.Table})
	} else {
		m, err = h.Store.PinMeeting(r.Context(), id, mid, *in.Pinned)
	}
	h.respond(w, r, http.StatusOK, m, err)
}

// RemoveMeeting: DELETE /api/v1/events/{id}/meetings/{meeting} — off the
// agenda; its request is marked removed, so a re-run leaves it out.
func (h *Handlers) RemoveMeeting(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	var mid int64
	if err == nil {
		mid, err = httpx.ID(r, "meeting")
	}
	if err == nil {
		err = h.Store.RemoveMeeting(r.Context(), id, mid)
	}
	h.respond(w, r, http.StatusNoContent, nil, err)
}

// RecordMeeting: POST /api/v1/events/{id}/meetings/{meeting}/result
// {"attendance", "outcome", "note", "follow_up_on"} — the one-screen form
// after a meeting; a held one moves its match along the pipeline.
func (h *Handlers) RecordMeeting(w http.ResponseWriter, r *http.Request) {
	id, in, ok := idAndInput[siapekspor.MeetingResult](h, w, r)
	if !ok {
		return
	}
	mid, err := httpx.ID(r, "meeting")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	m, err := h.Store.RecordMeeting(r.Context(), id, mid, in)
	h.respond(w, r, http.StatusOK, m, err)
}

// SendAgendas: POST /api/v1/events/{id}/agendas/send — records the agenda
// as sent and answers who must be told: {"first": true} the first time
// (everyone), else the changes since the last sending with "notify", the
// participants to tell.
func (h *Handlers) SendAgendas(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	ch, err := h.Store.SendAgendas(r.Context(), id)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	out := struct {
		First bool `json:"first"`
		*store.AgendaChanges
	}{First: ch == nil, AgendaChanges: ch}
	if ch == nil {
		out.AgendaChanges = &store.AgendaChanges{Notify: []int64{}, Of: map[int64][]store.AgendaChangeDetail{}}
	}
	if out.Notify == nil {
		out.Notify = []int64{}
	}
	h.respond(w, r, http.StatusOK, out, nil)
}

// Agenda formats beside JSON.
const (
	icsType  = "text/calendar; charset=utf-8"
	pdfType  = "application/pdf"
	textType = "text/plain; charset=utf-8"
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// formatOf reads ?format= or, without it, the Accept header: one of
// allowed ("json" first, the default).
func formatOf(r *http.Request, allowed ...string) (string, error) {
	f := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("format")))
	if f == "" {
		accept := r.Header.Get("Accept")
		for _, c := range []struct{ format, mime string }{{"ics", "text/calendar"}, {"pdf", "application/pdf"},
			{"xlsx", "spreadsheetml"}, {"txt", "text/plain"}} {
			if strings.Contains(accept, c.mime) {
				f = c.format
				break
			}
		}
	}
	if f == "" {
		return allowed[0], nil
	}
	for _, a := range allowed {
		if f == a {
			return f, nil
		}
	}
	return "", siapekspor.FieldInvalid("format", "field.choice")
}

// Agendas: GET /api/v1/events/{id}/agendas?participant=PID|table=N
// [&format=json|ics|pdf|txt] (or by Accept) — a participant's agenda, a
// table's (the organiser), or every agenda the caller reads. iCalendar is
// one participant's; txt is the WhatsApp message, agendas apart by a
// blank line; PDF prints every agenda asked for, each on its own pages.
func (h *Handlers) Agendas(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	q := r.URL.Query()
	var p siapekspor.Problems
	var pid int64
	var table int
	if s := q.Get("participant"); s != "" {
		if pid, err = strconv.ParseInt(s, 10, 64); err != nil || pid <= 0 {
			p.Add("participant", "field.number")
		}
	}
	if s := q.Get("table"); s != "" {
		if table, err = strconv.Atoi(s); err != nil || table <= 0 {
			p.Add("table", "field.number")
		}
	}
	if pid != 0 && table != 0 {
		p.Add("table", "event.participant_or_table")
	}
	format, err := formatOf(r, "json", "ics", "pdf", "txt")
	if err != nil {
		p = append(p, siapekspor.FieldError{Field: "format", Key: "field.choice"})
	}
	if format == "ics" && pid == 0 {
		p.Add("participant", "event.ics_one_participant")
	}
	if err := p.Err(); err != nil {
		h.Error(w, r, err)
		return
	}
	list, err := h.Store.Agendas(r.Context(), id, pid, table)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	now := h.Store.Now()
	name := agendaFileName(id, pid, table)
	switch format {
	case "ics":
		download(w, icsType, name+".ics", eventdoc.ICS(list[0], now, list[0].Event.Version))
	case "pdf":
		var b bytes.Buffer
		if err := eventdoc.WritePDF(&b, list, now); err != nil {
			h.Error(w, r, err)
			return
		}
		download(w, pdfType, name+".pdf", b.Bytes())
	case "txt":
		pr := i18n.Printer{Lang: httpx.Lang(r, i18n.ID)}
		var parts []string
		for _, a := range list {
			parts = append(parts, eventdoc.WhatsAppText(pr, a))
		}
		w.Header().Set("Content-Type", textType)
		w.Write([]byte(strings.Join(parts, "\n\n")))
	default:
		v, err := items(list, nil)
		h.respond(w, r, http.StatusOK, v, err)
	}
}

func agendaFileName(eventID, pid int64, table int) string {
	s := "agenda-" + strconv.FormatInt(eventID, 10)
	switch {
	case pid != 0:
		s += "-peserta-" + strconv.FormatInt(pid, 10)
	case table != 0:
		s += "-meja-" + strconv.Itoa(table)
	}
	return s
}

func download(w http.ResponseWriter, ctype, name string, b []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b)
}

// EventReport: GET /api/v1/events/{id}/report[?format=json|xlsx] (or by
// Accept) — meetings held, outcomes and follow-ups, by regency and by
// sector, of the enterprises the caller sees.
func (h *Handlers) EventReport(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	format, err := formatOf(r, "json", "xlsx")
	if err != nil {
		h.Error(w, r, err)
		return
	}
	rep, err := h.Store.EventReport(r.Context(), id)
	if err != nil || format == "json" {
		h.respond(w, r, http.StatusOK, rep, err)
		return
	}
	var b bytes.Buffer
	if err := eventdoc.WriteReportXLSX(&b, rep, i18n.Printer{Lang: httpx.Lang(r, i18n.ID)}); err != nil {
		h.Error(w, r, err)
		return
	}
	download(w, xlsxType, "laporan-acara-"+strconv.FormatInt(id, 10)+".xlsx", b.Bytes())
}
