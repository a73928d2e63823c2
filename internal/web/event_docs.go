package web

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/eventdoc"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/store"
)

// An event's agendas (a participant's, a table's, all of them) as pages
// to print and as PDF, iCalendar and WhatsApp text; the day's check-in
// and outcome forms; the event's report as a page and XLSX.

type agendaData struct {
	Agendas []*siapekspor.Agenda
	// One agenda: its downloads and WhatsApp link.
	PDF, ICS, WhatsApp string
	All                bool
}

// EventAgenda is a participant's agenda.
func (h *Handlers) EventAgenda(w http.ResponseWriter, r *http.Request) {
	h.agenda(w, r, "pid", "")
}

// EventTable is a table's agenda (the organiser and readers of every event).
func (h *Handlers) EventTable(w http.ResponseWriter, r *http.Request) {
	h.agenda(w, r, "n", "")
}

// EventAgendaPDF, EventTablePDF and EventAgendaICS download them.
func (h *Handlers) EventAgendaPDF(w http.ResponseWriter, r *http.Request) {
	h.agenda(w, r, "pid", "pdf")
}
func (h *Handlers) EventTablePDF(w http.ResponseWriter, r *http.Request) { h.agenda(w, r, "n", "pdf") }
func (h *Handlers) EventAgendaICS(w http.ResponseWriter, r *http.Request) {
	h.agenda(w, r, "pid", "ics")
}

func (h *Handlers) agenda(w http.ResponseWriter, r *http.Request, by, format string) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	n, err := httpx.ID(r, by)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	var pid int64
	table := 0
	if by == "pid" {
		pid = n
	} else {
		if n > int64(siapekspor.MaxEventTables) {
			h.R.NotFound(w, r)
			return
		}
		table = int(n)
	}
	list, err := h.Store.Agendas(r.Context(), id, pid, table)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	a := list[0]
	name := "agenda-" + strconv.FormatInt(id, 10) + "-"
	if pid != 0 {
		name += "p" + strconv.FormatInt(pid, 10)
	} else {
		name += "meja-" + strconv.Itoa(table)
	}
	switch format {
	case "pdf":
		h.writePDF(w, r, list, name)
		return
	case "ics":
		seq := 0
		if a.Event.AgendasSentAt != nil {
			seq = int(a.Event.AgendasSentAt.Unix() / 60 % 1_000_000)
		}
		b := eventdoc.ICS(a, time.Now().UTC(), seq)
		w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.ics"`)
		w.Write(b)
		return
	}
	p := NewPage(r, "events.agenda", "events")
	p.Title = a.Event.Name
	base := eventURL(id, "/tables/"+strconv.Itoa(table))
	if pid != 0 {
		base = eventURL(id, "/agendas/"+strconv.FormatInt(pid, 10))
	}
	d := agendaData{Agendas: list, PDF: base + "/pdf"}
	if pid != 0 {
		d.ICS = base + "/ics"
		d.WhatsApp = waLink(a.Participant.Phone, eventdoc.WhatsAppText(p.P, a))
	}
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "event_agenda", p)
}

// EventAgendas is every agenda of the event on one page to print, or
// (the pdf route) as one PDF: the organiser's and province-wide readers'.
func (h *Handlers) EventAgendas(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	ev, err := h.Store.Event(r.Context(), id)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	a := siapekspor.ActorFrom(r.Context())
	if !siapekspor.CanManageEvent(a, ev) && !siapekspor.EventScopeOf(a).All {
		h.R.Error(w, r, siapekspor.Errorf(siapekspor.EForbidden, "event.not_organiser"))
		return
	}
	list, err := h.Store.Agendas(r.Context(), id, 0, 0)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if strings.HasSuffix(r.URL.Path, "/pdf") {
		h.writePDF(w, r, list, "agenda-"+strconv.FormatInt(id, 10)+"-semua")
		return
	}
	p := NewPage(r, "events.agendas", "events")
	p.Data = agendaData{Agendas: list, PDF: eventURL(id, "/agendas/pdf"), All: true}
	h.R.Render(w, r, http.StatusOK, "event_agenda", p)
}

func (h *Handlers) writePDF(w http.ResponseWriter, r *http.Request, list []*siapekspor.Agenda, name string) {
	var buf bytes.Buffer
	if err := eventdoc.WritePDF(&buf, list, time.Now().UTC()); err != nil {
		h.R.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.pdf"`)
	w.Write(buf.Bytes())
}

// --- on the day ---

type dayData struct {
	Ev           *siapekspor.Event
	Participants []*siapekspor.Participant
	Meetings     []dayMeeting
	// Which meeting's form failed, and what was typed there.
	Failed int64
	Raw    map[string]string
}

type dayMeeting struct {
	M     *siapekspor.Meeting
	Label string
	// Val: the form's values (the meeting's, or what was typed).
	Attendance, Outcome, Note, FollowUp string
}

// EventDay is the organiser's page on the day: check-in, and a one-screen
// outcome form per meeting.
func (h *Handlers) EventDay(w http.ResponseWriter, r *http.Request) {
	h.renderDay(w, r, http.StatusOK, 0, nil, nil)
}

func (h *Handlers) renderDay(w http.ResponseWriter, r *http.Request, status int, failed int64, raw map[string]string, ferr error) {
	ev, ok := h.managedEvent(w, r)
	if !ok {
		return
	}
	det, err := h.Store.EventDetail(r.Context(), ev.ID)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p := NewPage(r, "events.day", "events")
	if de, ok := siapekspor.AsError(ferr); ok {
		p.SetError(de)
	}
	loc := ev.Location()
	d := dayData{Ev: ev, Failed: failed, Raw: raw}
	for _, pt := range det.Participants {
		if pt.Status == siapekspor.ParticipantConfirmed {
			d.Participants = append(d.Participants, pt)
		}
	}
	for _, m := range det.Meetings {
		dm := dayMeeting{M: m, Label: slotLabel(siapekspor.TimeSpan{Start: m.Start, End: m.End}, loc, len(ev.Days) > 1),
			Attendance: string(m.Attendance), Outcome: string(m.Outcome), Note: m.Note}
		if t := m.FollowUpOn.Time(); t != nil {
			dm.FollowUp = t.Format("2006-01-02")
		}
		if m.ID == failed {
			dm.Attendance, dm.Outcome, dm.Note, dm.FollowUp = raw["attendance"], raw["outcome"], raw["note"], raw["follow_up_on"]
		}
		d.Meetings = append(d.Meetings, dm)
	}
	p.Data = d
	h.R.Render(w, r, status, "event_day", p)
}

// EventMeetingRecord stores a meeting's attendance and outcome.
func (h *Handlers) EventMeetingRecord(w http.ResponseWriter, r *http.Request) {
	id, mid, err := meetingOf(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if !h.parseForm(w, r) {
		return
	}
	raw := map[string]string{}
	for _, k := range []string{"attendance", "outcome", "note", "follow_up_on"} {
		raw[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	res := siapekspor.MeetingResult{Attendance: siapekspor.Attendance(raw["attendance"]), Outcome: siapekspor.MeetingOutcome(raw["outcome"]), Note: raw["note"]}
	if res.Attendance != siapekspor.AttendanceHeld && res.Outcome != "" && raw["attendance"] != "" {
		// The outcome's radio stays ticked when the attendance changes: a
		// no-show has none, whatever was ticked before.
		res.Outcome, raw["outcome"] = "", ""
	}
	if s := raw["follow_up_on"]; s != "" {
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			h.dayFailed(w, r, mid, raw, siapekspor.FieldInvalid("follow_up_on", "field.date"))
			return
		}
		res.FollowUpOn = siapekspor.DateOf(&t)
	}
	if _, err := h.Store.RecordMeeting(r.Context(), id, mid, res); err != nil {
		h.dayFailed(w, r, mid, raw, err)
		return
	}
	Flash(w, r, "events.recorded", eventURL(id, "/day#m"+strconv.FormatInt(mid, 10)))
}

func (h *Handlers) dayFailed(w http.ResponseWriter, r *http.Request, mid int64, raw map[string]string, err error) {
	if de, ok := siapekspor.AsError(err); ok && (de.Code == siapekspor.EInvalid || de.Code == siapekspor.EConflict) {
		h.renderDay(w, r, httpx.Status(de.Code), mid, raw, err)
		return
	}
	h.R.Error(w, r, err)
}

// --- the report ---

type eventReportData struct {
	R        *siapekspor.EventReport
	Outcomes []siapekspor.MeetingOutcome
}

// EventReportPage is the event's report; report.xlsx downloads it.
func (h *Handlers) EventReportPage(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	rep, err := h.Store.EventReport(r.Context(), id)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p := NewPage(r, "events.report", "events")
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		var buf bytes.Buffer
		if err := eventdoc.WriteReportXLSX(&buf, rep, p.P); err != nil {
			h.R.Error(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="laporan-acara-`+strconv.FormatInt(id, 10)+`.xlsx"`)
		w.Write(buf.Bytes())
		return
	}
	p.Data = eventReportData{R: rep, Outcomes: siapekspor.MeetingOutcomes}
	h.R.Render(w, r, http.StatusOK, "event_report", p)
}

type eventRowsView struct {
	P     *Page
	Items []store.EventSummary
}

// slotPickView is a slot and table choice (moving or placing a meeting).
type slotPickView struct {
	P      *Page
	Key    string
	Slots  []slotRow
	Tables []int
	At     int64
	Table  int
}

type reportRowsView struct {
	P    *Page
	Rows []siapekspor.EventReportRow
	By   string
}

// eventFuncs are the template functions of the events' pages.
func eventFuncs() template.FuncMap {
	return template.FuncMap{
		// evTime is a time in the event's zone.
		"evTime": func(ev *siapekspor.Event, t time.Time, layout string) string {
			return t.In(ev.Location()).Format(layout)
		},
		"evTimePtr": func(ev *siapekspor.Event, t *time.Time, layout string) string {
			if t == nil {
				return ""
			}
			return t.In(ev.Location()).Format(layout)
		},
		"unix":        func(t time.Time) int64 { return t.Unix() },
		"eventKinds":  func() []siapekspor.EventKind { return siapekspor.EventKinds },
		"priorities":  func() []siapekspor.MeetingPriority { return siapekspor.MeetingPriorities },
		"attendances": func() []siapekspor.Attendance { return siapekspor.Attendances },
		"outcomes":    func() []siapekspor.MeetingOutcome { return siapekspor.MeetingOutcomes },
		"dateOf": func(d siapekspor.Date) string {
			if t := d.Time(); t != nil {
				return t.Format("2006-01-02")
			}
			return ""
		},
		"score": func(v float64) int { return int(v + 0.5) },
		"spans": func(ev *siapekspor.Event, s []siapekspor.TimeSpan) string { return spansText(s, ev.Location()) },
		"slotPick": func(p *Page, key string, slots []slotRow, tables []int) slotPickView {
			return slotPickView{P: p, Key: key, Slots: slots, Tables: tables}
		},
		"slotPickAt": func(p *Page, key string, slots []slotRow, tables []int, at time.Time, table int) slotPickView {
			return slotPickView{P: p, Key: key, Slots: slots, Tables: tables, At: at.Unix(), Table: table}
		},
		"reportRows": func(p *Page, rows []siapekspor.EventReportRow, by string) reportRowsView {
			return reportRowsView{P: p, Rows: rows, By: by}
		},
		"timeZones": func() []string { return []string{"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"} },
		"eventRows": func(p *Page, items []store.EventSummary) eventRowsView { return eventRowsView{P: p, Items: items} },
	}
}
