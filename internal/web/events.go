package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/schedule"
	"github.com/siapekspor/siapekspor/internal/store"
)

// Business-matching events' pages (issue 19): the list, the event's form,
// and the event's page by role — the organiser's participants, requests,
// scheduler and agenda; a participant's invitation, suggestions, requests
// and agenda. Agendas, the day and the report are in event_docs.go.

type eventListData struct {
	Upcoming, Past []store.EventSummary
	CanCreate      bool
}

// EventList lists the events the actor reads, the coming ones first.
func (h *Handlers) EventList(w http.ResponseWriter, r *http.Request) {
	p := NewPage(r, "events.title", "events")
	list, err := h.Store.ListEvents(r.Context(), store.EventFilter{Kind: siapekspor.EventKind(r.URL.Query().Get("kind"))})
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	d := eventListData{CanCreate: siapekspor.Can(p.Actor, siapekspor.PermEventManage)}
	today := time.Now().Format("2006-01-02")
	for _, s := range list {
		if s.LastDay() >= today {
			d.Upcoming = append(d.Upcoming, s)
		} else {
			d.Past = append(d.Past, s)
		}
	}
	p.Data = d
	h.R.Render(w, r, http.StatusOK, "events", p)
}

// eventFormData is the event's form: the event, and the rows of days and
// breaks as typed (with blank rows to add more).
type eventFormData struct {
	E      *siapekspor.Event
	Edit   bool
	Days   []eventRow
	Breaks []eventRow
	// Orgs: the organisers an admin or a provincial officer may choose.
	Orgs []siapekspor.Organisation
	Raw  map[string]string
}

// eventRow is one row of days (date, start, end) or breaks (start, end).
type eventRow struct {
	I                 int
	Date, Start, End  string
	Err               string
	DateErr, StartErr string
	EndErr            string
}

// EventNew is the empty form.
func (h *Handlers) EventNew(w http.ResponseWriter, r *http.Request) {
	ev := &siapekspor.Event{Kind: siapekspor.EventBusinessMatching, TimeZone: "Asia/Jakarta", MeetingMinutes: 20, Tables: 10, DefaultMax: 8,
		Breaks: []siapekspor.ClockSpan{{Start: "12:00", End: "13:00"}}}
	h.renderEventForm(w, r, http.StatusOK, ev, false, nil, nil, nil)
}

// EventEdit is the form of an event the actor runs.
func (h *Handlers) EventEdit(w http.ResponseWriter, r *http.Request) {
	ev, ok := h.managedEvent(w, r)
	if !ok {
		return
	}
	h.renderEventForm(w, r, http.StatusOK, ev, true, nil, nil, nil)
}

// managedEvent reads the {id} event and refuses who does not run it.
func (h *Handlers) managedEvent(w http.ResponseWriter, r *http.Request) (*siapekspor.Event, bool) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return nil, false
	}
	ev, err := h.Store.Event(r.Context(), id)
	if err != nil {
		h.R.Error(w, r, err)
		return nil, false
	}
	if !siapekspor.CanManageEvent(siapekspor.ActorFrom(r.Context()), ev) {
		h.R.Error(w, r, siapekspor.Errorf(siapekspor.EForbidden, "event.not_organiser"))
		return nil, false
	}
	return ev, true
}

func (h *Handlers) renderEventForm(w http.ResponseWriter, r *http.Request, status int, ev *siapekspor.Event, edit bool,
	days, breaks []eventRow, failed error) {
	title := "events.new"
	if edit {
		title = "events.edit"
	}
	p := NewPage(r, title, "events")
	p.Labels = "events.label"
	if de, ok := siapekspor.AsError(failed); ok {
		p.SetError(de)
	}
	if days == nil {
		for i, d := range ev.Days {
			days = append(days, eventRow{I: i, Date: d.Date, Start: d.Start, End: d.End})
		}
		for _, b := range ev.Breaks {
			breaks = append(breaks, eventRow{I: len(breaks), Start: b.Start, End: b.End})
		}
	}
	// Blank rows to add days and breaks without JavaScript.
	for range 2 {
		days = append(days, eventRow{I: len(days), Start: "09:00", End: "16:00"})
		breaks = append(breaks, eventRow{I: len(breaks)})
	}
	for i := range days {
		days[i].Err = p.FieldErrors[rowField("days", i, "")]
		days[i].DateErr = p.FieldErrors[rowField("days", i, "date")]
		days[i].StartErr = p.FieldErrors[rowField("days", i, "start")]
		days[i].EndErr = p.FieldErrors[rowField("days", i, "end")]
	}
	for i := range breaks {
		breaks[i].Err = p.FieldErrors[rowField("breaks", i, "")]
		breaks[i].StartErr = p.FieldErrors[rowField("breaks", i, "start")]
		breaks[i].EndErr = p.FieldErrors[rowField("breaks", i, "end")]
	}
	d := eventFormData{E: ev, Edit: edit, Days: days, Breaks: breaks}
	a := p.Actor
	if a.Role == siapekspor.RoleAdmin || a.Role == siapekspor.RoleOfficer && siapekspor.ScopeOf(a).All {
		orgs, err := h.Store.ListOrganisations(r.Context(), siapekspor.OrganisationFilter{Kinds: []siapekspor.OrgKind{
			siapekspor.OrgProvincialOffice, siapekspor.OrgRegencyOffice, siapekspor.OrgExportOrg}})
		if err != nil {
			h.R.Error(w, r, err)
			return
		}
		d.Orgs = orgs
		if ev.OrgID == 0 {
			ev.OrgID = a.OrgID
		}
	}
	p.Data = d
	h.R.Render(w, r, status, "event_form", p)
}

func rowField(list string, i int, field string) string {
	f := list + "[" + strconv.Itoa(i) + "]"
	if field != "" {
		f += "." + field
	}
	return f
}

// readEventForm reads the form; rows left blank are skipped, and the
// domain's row numbers map back to the form's (rowOf).
func readEventForm(r *http.Request, ev *siapekspor.Event) (days, breaks []eventRow, dayOf, breakOf []int, p siapekspor.Problems) {
	v := r.PostForm
	ev.Name = v.Get("name")
	ev.Kind = siapekspor.EventKind(v.Get("kind"))
	if s := v.Get("org_id"); s != "" {
		ev.OrgID = httpx.Int64(s)
	}
	ev.TimeZone = strings.TrimSpace(v.Get("time_zone"))
	ev.Venue, ev.OnlineLink, ev.Description = v.Get("venue"), v.Get("online_link"), strings.TrimSpace(v.Get("description"))
	num := func(field string) int {
		s := strings.TrimSpace(v.Get(field))
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			p.Add(field, "field.number")
		}
		return n
	}
	ev.MeetingMinutes, ev.Tables, ev.DefaultMax = num("meeting_minutes"), num("tables"), num("default_max")
	date := func(field string) siapekspor.Date {
		s := strings.TrimSpace(v.Get(field))
		if s == "" {
			return siapekspor.Date{}
		}
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			p.Add(field, "field.date")
			return siapekspor.Date{}
		}
		return siapekspor.DateOf(&t)
	}
	ev.RegistrationOpens, ev.RegistrationEnds = date("registration_opens"), date("registration_ends")
	ev.Days, ev.Breaks = nil, nil
	dd, ds, de := v["day_date"], v["day_start"], v["day_end"]
	for i := range dd {
		row := eventRow{I: i, Date: strings.TrimSpace(dd[i])}
		if i < len(ds) {
			row.Start = strings.TrimSpace(ds[i])
		}
		if i < len(de) {
			row.End = strings.TrimSpace(de[i])
		}
		if row.Date == "" {
			continue // a blank row (its clock is only the suggestion)
		}
		row.I = len(days)
		days = append(days, row)
		dayOf = append(dayOf, row.I)
		ev.Days = append(ev.Days, siapekspor.EventDay{Date: row.Date, Start: row.Start, End: row.End})
	}
	bs, be := v["break_start"], v["break_end"]
	for i := range bs {
		row := eventRow{Start: strings.TrimSpace(bs[i])}
		if i < len(be) {
			row.End = strings.TrimSpace(be[i])
		}
		if row.Start == "" && row.End == "" {
			continue
		}
		row.I = len(breaks)
		breaks = append(breaks, row)
		breakOf = append(breakOf, row.I)
		ev.Breaks = append(ev.Breaks, siapekspor.ClockSpan{Start: row.Start, End: row.End})
	}
	return days, breaks, dayOf, breakOf, p
}

// parseForm reads a posted form; one that cannot be read (too large, not
// a form) is refused as such rather than read as empty fields.
func (h *Handlers) parseForm(w http.ResponseWriter, r *http.Request) bool {
	if err := r.ParseForm(); err != nil {
		h.R.Error(w, r, siapekspor.Errorf(siapekspor.EInvalid, "error.bad_form"))
		return false
	}
	return true
}

// EventSave creates an event (POST /events) or changes one (POST /events/{id}).
func (h *Handlers) EventSave(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r) {
		return
	}
	ev := &siapekspor.Event{}
	edit := r.PathValue("id") != ""
	if edit {
		var ok bool
		if ev, ok = h.managedEvent(w, r); !ok {
			return
		}
		ev.Version, _ = strconv.Atoi(r.PostFormValue("version"))
	}
	days, breaks, _, _, problems := readEventForm(r, ev)
	var saved *siapekspor.Event
	err := problems.Err()
	if err == nil {
		if edit {
			saved, err = h.Store.UpdateEvent(r.Context(), ev)
		} else {
			saved, err = h.Store.CreateEvent(r.Context(), ev)
		}
	} else if e := ev.Validate(); e != nil {
		// The form's own problems and the event's, together.
		if de, ok := siapekspor.AsError(e); ok {
			for _, f := range de.Fields {
				if !problems.Has(f.Field) {
					problems = append(problems, f)
				}
			}
		}
		err = problems.Err()
	}
	if err != nil {
		if de, ok := siapekspor.AsError(err); ok && (de.Code == siapekspor.EInvalid || de.Code == siapekspor.EConflict) {
			h.renderEventForm(w, r, httpx.Status(de.Code), ev, edit, days, breaks, err)
			return
		}
		h.R.Error(w, r, err)
		return
	}
	Flash(w, r, "events.saved", "/events/"+strconv.FormatInt(saved.ID, 10))
}

// --- the event's page ---

// eventData is the event's page.
type eventData struct {
	D      *store.EventDetail
	Ev     *siapekspor.Event
	Manage bool
	// Readers of every event (viewers, validators …) see what the
	// organiser sees, without the forms.
	ReadAll bool
	Raw     map[string]string
	// The organiser's panels.
	Query       string
	Found       []siapekspor.Enterprise
	BuyerOrgs   []siapekspor.Organisation
	Slots       []slotRow
	Tables      []int
	Unscheduled []unscheduledRow
	Notify      []notifyRow
	Pending     []*siapekspor.MeetingRequest // accepted requests not on the agenda
	RunPct      string
	// A participant's panels, one per participant the actor speaks for.
	Mine []mineView
	// Participants: counts.
	Enterprises, Buyers int
}

// slotRow is one slot of the agenda grid: the meeting at each table.
type slotRow struct {
	Start, End time.Time
	Label      string
	Cells      []*siapekspor.Meeting
	// Empty: no meeting in the slot (folded away on a phone).
	Empty bool
}

type unscheduledRow struct {
	Request *siapekspor.MeetingRequest
	Reason  string
}

type notifyRow struct {
	P        *siapekspor.Participant
	Changes  []string
	WhatsApp string
}

// mineView is a participant the actor speaks for, with what it does.
type mineView struct {
	P           *siapekspor.Participant
	Suggestions []store.Suggestion
	Received    []*siapekspor.MeetingRequest
	Sent        []*siapekspor.MeetingRequest
	Meetings    []*siapekspor.Meeting
	Available   string
	SuggErr     string
}

// EventPage is the event's page by role.
func (h *Handlers) EventPage(w http.ResponseWriter, r *http.Request) {
	h.renderEvent(w, r, http.StatusOK, nil, nil)
}

func (h *Handlers) renderEvent(w http.ResponseWriter, r *http.Request, status int, raw map[string]string, failed error) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	ctx := r.Context()
	det, err := h.Store.EventDetail(ctx, id)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	p := NewPage(r, "events.event", "events")
	p.Title = det.Event.Name
	if de, ok := siapekspor.AsError(failed); ok {
		p.SetError(de)
	}
	if raw == nil {
		raw = map[string]string{}
	}
	ev := det.Event
	d := eventData{D: det, Ev: ev, Manage: det.Manage, Raw: raw, ReadAll: det.Manage || siapekspor.EventScopeOf(p.Actor).All}
	for _, pt := range det.Participants {
		if pt.Status == siapekspor.ParticipantDeclined {
			continue
		}
		if pt.Side == siapekspor.SideEnterprise {
			d.Enterprises++
		} else {
			d.Buyers++
		}
	}
	loc := ev.Location()
	if d.ReadAll {
		d.Tables = make([]int, ev.Tables)
		for i := range d.Tables {
			d.Tables[i] = i + 1
		}
		at := map[int64]int{}
		for i, s := range det.Slots {
			at[s.Start.Unix()] = i
			d.Slots = append(d.Slots, slotRow{Start: s.Start, End: s.End, Label: slotLabel(s, loc, len(ev.Days) > 1),
				Cells: make([]*siapekspor.Meeting, ev.Tables)})
		}
		onAgenda := map[int64]bool{}
		for _, m := range det.Meetings {
			onAgenda[m.RequestID] = true
			if i, ok := at[m.Start.Unix()]; ok && m.Table >= 1 && m.Table <= ev.Tables {
				d.Slots[i].Cells[m.Table-1] = m
			}
		}
		for i := range d.Slots {
			d.Slots[i].Empty = !slices.ContainsFunc(d.Slots[i].Cells, func(m *siapekspor.Meeting) bool { return m != nil })
		}
		for _, q := range det.Requests {
			if q.Answer == siapekspor.AnswerAccepted && !onAgenda[q.ID] {
				d.Pending = append(d.Pending, q)
			}
		}
	}
	if det.Manage {
		d.Query = strings.TrimSpace(r.URL.Query().Get("q"))
		if d.Query != "" {
			pg, err := h.Store.ListEnterprises(ctx, siapekspor.EnterpriseFilter{Query: d.Query, ProvinceCode: h.Province, Limit: 20})
			if err != nil {
				h.R.Error(w, r, err)
				return
			}
			d.Found = pg.Items
		}
		orgs, err := h.Store.ListOrganisations(ctx, siapekspor.OrganisationFilter{Kinds: siapekspor.BuyerOrgKinds})
		if err != nil {
			h.R.Error(w, r, err)
			return
		}
		taking := map[int64]bool{}
		for _, pt := range det.Participants {
			taking[pt.OrgID] = true
		}
		for _, o := range orgs {
			if !taking[o.ID] {
				d.BuyerOrgs = append(d.BuyerOrgs, o)
			}
		}
		if run := det.Run; run != nil {
			d.RunPct = p.P.Pct(run.Ratio())
			byID := map[int64]*siapekspor.MeetingRequest{}
			for _, q := range det.Requests {
				byID[q.ID] = q
			}
			for _, u := range run.Unscheduled {
				if q := byID[u.Request]; q != nil && !slices.ContainsFunc(det.Meetings, func(m *siapekspor.Meeting) bool { return m.RequestID == q.ID }) {
					d.Unscheduled = append(d.Unscheduled, unscheduledRow{Request: q, Reason: p.P.T(u.Key, u.Args...)})
				}
			}
		}
		if ch := det.Changes; ch != nil {
			for _, pid := range ch.Notify {
				pt := det.Participant(pid)
				if pt == nil {
					continue
				}
				row := notifyRow{P: pt}
				for _, c := range ch.Of[pid] {
					row.Changes = append(row.Changes, changeText(p, c, loc))
				}
				row.WhatsApp = waLink(pt.Phone, p.P.T("events.wa.changed", ev.Name, strings.Join(row.Changes, "; ")))
				d.Notify = append(d.Notify, row)
			}
		}
	}
	for _, pid := range det.Own {
		pt := det.Participant(pid)
		if pt == nil {
			continue
		}
		mv := mineView{P: pt, Available: spansText(pt.Available, loc)}
		if v, ok := raw["available"]; ok && raw["pid"] == strconv.FormatInt(pid, 10) {
			mv.Available = v
		}
		if pt.Status != siapekspor.ParticipantDeclined {
			sugg, err := h.Store.Suggestions(ctx, pid)
			if err != nil {
				mv.SuggErr = p.P.Error(httpx.DomainError(r, h.Log, err))
			}
			mv.Suggestions = sugg
		}
		for _, q := range det.Requests {
			mine := q.EnterprisePID == pid || q.BuyerPID == pid
			if !mine {
				continue
			}
			fromMe := q.From == pt.Side
			if fromMe {
				mv.Sent = append(mv.Sent, q)
			} else {
				mv.Received = append(mv.Received, q)
			}
		}
		for _, m := range det.Meetings {
			if m.EnterprisePID == pid || m.BuyerPID == pid {
				mv.Meetings = append(mv.Meetings, m)
			}
		}
		d.Mine = append(d.Mine, mv)
	}
	p.Data = d
	h.R.Render(w, r, status, "event", p)
}

// slotLabel is a slot's time in the event's zone, with its day when the
// event has several.
func slotLabel(s siapekspor.TimeSpan, loc *time.Location, withDay bool) string {
	a, b := s.Start.In(loc), s.End.In(loc)
	out := a.Format("15.04") + "–" + b.Format("15.04")
	if withDay {
		out = a.Format("02/01") + " " + out
	}
	return out
}

// changeText is one change of a participant's agenda in words.
func changeText(p *Page, c store.AgendaChangeDetail, loc *time.Location) string {
	at := func(t time.Time, table int) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format("02/01 15.04") + " · " + p.P.T("events.table_n", table)
	}
	switch c.Kind {
	case "added":
		return p.P.T("events.change.added", c.With, at(c.NowStart, c.NowTable))
	case "removed":
		return p.P.T("events.change.removed", c.With, at(c.WasStart, c.WasTable))
	}
	return p.P.T("events.change.moved", c.With, at(c.WasStart, c.WasTable), at(c.NowStart, c.NowTable))
}

// waLink is a click-to-chat link: to the phone when the reader may see
// it, else one that lets the sender choose whom to write to.
func waLink(phone, text string) string {
	if phone != "" {
		if l, err := siapekspor.WhatsAppLink(phone, text); err == nil {
			return l
		}
	}
	// As WhatsAppLink escapes: spaces as %20, not +.
	return "https://wa.me/?text=" + strings.ReplaceAll(url.QueryEscape(text), "+", "%20")
}

// spansText writes availability spans one a line: "2026-12-15 09:00-12:00".
func spansText(spans []siapekspor.TimeSpan, loc *time.Location) string {
	var lines []string
	for _, s := range spans {
		a, b := s.Start.In(loc), s.End.In(loc)
		lines = append(lines, a.Format("2006-01-02 15:04")+"-"+b.Format("15:04"))
	}
	return strings.Join(lines, "\n")
}

// parseSpans reads spansText's lines back; a line may also end on
// another day ("2026-12-15 09:00-2026-12-16 12:00" is not offered: a
// span is within one day).
func parseSpans(s string, loc *time.Location) ([]siapekspor.TimeSpan, bool) {
	var out []siapekspor.TimeSpan
	for _, line := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ';' }) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		day, clocks, ok := strings.Cut(line, " ")
		if !ok {
			return nil, false
		}
		from, to, ok := strings.Cut(strings.ReplaceAll(strings.TrimSpace(clocks), " ", ""), "-")
		if !ok {
			return nil, false
		}
		a, err1 := time.ParseInLocation("2006-01-02 15:04", day+" "+strings.ReplaceAll(from, ".", ":"), loc)
		b, err2 := time.ParseInLocation("2006-01-02 15:04", day+" "+strings.ReplaceAll(to, ".", ":"), loc)
		if err1 != nil || err2 != nil {
			return nil, false
		}
		out = append(out, siapekspor.TimeSpan{Start: a, End: b})
	}
	return out, true
}

// eventFailed shows the event's page again with the error of a refused
// form, or the error page for what a form cannot fix.
func (h *Handlers) eventFailed(w http.ResponseWriter, r *http.Request, raw map[string]string, err error) {
	if de, ok := siapekspor.AsError(err); ok && (de.Code == siapekspor.EInvalid || de.Code == siapekspor.EConflict) {
		h.renderEvent(w, r, httpx.Status(de.Code), raw, err)
		return
	}
	h.R.Error(w, r, err)
}

func eventURL(id int64, rest string) string { return "/events/" + strconv.FormatInt(id, 10) + rest }

// EventAddParticipants adds the enterprises ticked or typed (by ID) and
// the buyer organisations chosen, invited or confirmed.
func (h *Handlers) EventAddParticipants(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if !h.parseForm(w, r) {
		return
	}
	raw := map[string]string{"enterprise_ids": r.PostFormValue("enterprise_ids"), "max": r.PostFormValue("max")}
	invite := r.PostFormValue("invite") == "1"
	var list []store.NewParticipant
	var p siapekspor.Problems
	var max *int
	if s := strings.TrimSpace(raw["max"]); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			p.Add("max", "field.number")
		}
		max = &n
	}
	ids := r.PostForm["enterprise_id"]
	for _, f := range strings.FieldsFunc(raw["enterprise_ids"], func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == ';' }) {
		ids = append(ids, strings.TrimPrefix(strings.TrimSpace(f), "#"))
	}
	for _, s := range ids {
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || n <= 0 {
			p.Add("enterprise_ids", "events.bad_ids", s)
			continue
		}
		list = append(list, store.NewParticipant{EnterpriseID: n, Invite: invite, Max: max})
	}
	for _, s := range r.PostForm["org_id"] {
		if n := httpx.Int64(s); n > 0 {
			list = append(list, store.NewParticipant{OrgID: n, Invite: invite, Max: max})
		}
	}
	if err := p.Err(); err != nil {
		h.eventFailed(w, r, raw, err)
		return
	}
	added, err := h.Store.AddParticipants(r.Context(), id, list)
	if err != nil {
		h.eventFailed(w, r, raw, err)
		return
	}
	FlashCount(w, r, "events.added", len(added), eventURL(id, "#participants"))
}

// EventParticipantSave changes a participant's availability and maximum
// (the organiser, or the participant itself).
func (h *Handlers) EventParticipantSave(w http.ResponseWriter, r *http.Request) {
	id, err1 := httpx.ID(r, "id")
	pid, err2 := httpx.ID(r, "pid")
	if err := cmpErr(err1, err2); err != nil {
		h.R.Error(w, r, err)
		return
	}
	ev, err := h.Store.Event(r.Context(), id)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if !h.parseForm(w, r) {
		return
	}
	raw := map[string]string{"pid": strconv.FormatInt(pid, 10), "available": r.PostFormValue("available"), "max": r.PostFormValue("max")}
	var p siapekspor.Problems
	spans, ok := parseSpans(raw["available"], ev.Location())
	if !ok {
		p.Add("available", "events.bad_spans")
	}
	n, err := strconv.Atoi(strings.TrimSpace(raw["max"]))
	if err != nil && strings.TrimSpace(raw["max"]) != "" {
		p.Add("max", "field.number")
	}
	if err := p.Err(); err != nil {
		h.eventFailed(w, r, raw, err)
		return
	}
	if _, err := h.Store.UpdateParticipant(r.Context(), pid, store.ParticipantChange{Available: spans, Max: n}); err != nil {
		h.eventFailed(w, r, raw, err)
		return
	}
	Flash(w, r, "events.participant_saved", eventURL(id, ""))
}

func cmpErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// EventInvitationAnswer is the owner's (or buyer's) answer=accept|decline.
func (h *Handlers) EventInvitationAnswer(w http.ResponseWriter, r *http.Request) {
	id, err1 := httpx.ID(r, "id")
	pid, err2 := httpx.ID(r, "pid")
	if err := cmpErr(err1, err2); err != nil {
		h.R.Error(w, r, err)
		return
	}
	if !h.parseForm(w, r) {
		return
	}
	answer := r.PostFormValue("answer")
	if answer != "accept" && answer != "decline" {
		h.eventFailed(w, r, nil, siapekspor.FieldInvalid("answer", "field.choice"))
		return
	}
	if _, err := h.Store.AnswerInvitation(r.Context(), pid, answer == "accept"); err != nil {
		h.eventFailed(w, r, nil, err)
		return
	}
	Flash(w, r, "events.answered", eventURL(id, ""))
}

// EventParticipantRemove takes a participant out (asks first).
func (h *Handlers) EventParticipantRemove(w http.ResponseWriter, r *http.Request) {
	ev, ok := h.managedEvent(w, r)
	if !ok {
		return
	}
	pid, err := httpx.ID(r, "pid")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	det, err := h.Store.EventDetail(r.Context(), ev.ID)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	pt := det.Participant(pid)
	if pt == nil {
		h.R.Error(w, r, siapekspor.Errorf(siapekspor.ENotFound, "error.not_found.participant"))
		return
	}
	if h.ask(w, r, confirmation{Nav: "events", Title: "events.remove_participant", Key: "events.confirm.remove_participant",
		Args: []any{pt.Name, ev.Name}, Button: "events.remove_participant", Cancel: eventURL(ev.ID, "#participants")}) {
		return
	}
	if err := h.Store.RemoveParticipant(r.Context(), pid); err != nil {
		h.eventFailed(w, r, nil, err)
		return
	}
	Flash(w, r, "events.participant_removed", eventURL(ev.ID, "#participants"))
}

// EventCheckIn records a participant's arrival (in=1) or takes it back.
func (h *Handlers) EventCheckIn(w http.ResponseWriter, r *http.Request) {
	id, err1 := httpx.ID(r, "id")
	pid, err2 := httpx.ID(r, "pid")
	if err := cmpErr(err1, err2); err != nil {
		h.R.Error(w, r, err)
		return
	}
	if !h.parseForm(w, r) {
		return
	}
	if _, err := h.Store.CheckIn(r.Context(), pid, r.PostFormValue("in") == "1"); err != nil {
		h.eventFailed(w, r, nil, err)
		return
	}
	back := eventURL(id, "#participants")
	if r.PostFormValue("back") == "day" {
		back = eventURL(id, "/day#checkin")
	}
	Flash(w, r, "events.checked_in", back)
}

// EventRequestMeetings asks for meetings: from a participant's ranked
// suggestions (pick, repeated: "<other participant ID>"; priority_<ID>),
// or the organiser's pair (enterprise_pid, buyer_pid, from, priority;
// accepted at once).
func (h *Handlers) EventRequestMeetings(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if !h.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	raw := map[string]string{"pid": r.PostFormValue("pid")}
	var list []siapekspor.MeetingRequest
	accept := false
	if pid := httpx.Int64(r.PostFormValue("pid")); pid > 0 {
		det, err := h.Store.EventDetail(ctx, id)
		if err != nil {
			h.R.Error(w, r, err)
			return
		}
		me := det.Participant(pid)
		if me == nil {
			h.R.Error(w, r, siapekspor.Errorf(siapekspor.ENotFound, "error.not_found.participant"))
			return
		}
		sugg, err := h.Store.Suggestions(ctx, pid)
		if err != nil {
			h.eventFailed(w, r, raw, err)
			return
		}
		byOther := map[int64]store.Suggestion{}
		for _, s := range sugg {
			byOther[s.ParticipantID] = s
		}
		for _, v := range r.PostForm["pick"] {
			other := httpx.Int64(v)
			s, ok := byOther[other]
			prio := siapekspor.MeetingPriority(r.PostFormValue("priority_" + v))
			raw["priority_"+v], raw["pick_"+v] = string(prio), "1"
			q := siapekspor.MeetingRequest{From: me.Side, Priority: prio}
			if me.Side == siapekspor.SideEnterprise {
				q.EnterprisePID, q.BuyerPID = pid, other
			} else {
				q.EnterprisePID, q.BuyerPID = other, pid
			}
			if ok {
				q.Score, q.Reason, q.BuyingRequestID, q.ProductID = s.Score, s.Reason, s.BuyingRequestID, s.ProductID
			}
			list = append(list, q)
		}
		if len(list) == 0 {
			h.eventFailed(w, r, raw, siapekspor.FieldInvalid("requests", "events.pick_one"))
			return
		}
	} else {
		q := siapekspor.MeetingRequest{EnterprisePID: httpx.Int64(r.PostFormValue("enterprise_pid")), BuyerPID: httpx.Int64(r.PostFormValue("buyer_pid")),
			From: siapekspor.Side(r.PostFormValue("from")), Priority: siapekspor.MeetingPriority(r.PostFormValue("priority"))}
		if q.From == "" {
			q.From = siapekspor.SideBuyer
		}
		list, accept = append(list, q), true
	}
	made, err := h.Store.RequestMeetings(ctx, id, list, accept)
	if err != nil {
		h.eventFailed(w, r, raw, err)
		return
	}
	FlashCount(w, r, "events.asked", len(made), eventURL(id, "#requests"))
}

// EventRequestAnswer is the asked side's answer=accept|decline.
func (h *Handlers) EventRequestAnswer(w http.ResponseWriter, r *http.Request) {
	id, err1 := httpx.ID(r, "id")
	rid, err2 := httpx.ID(r, "rid")
	if err := cmpErr(err1, err2); err != nil {
		h.R.Error(w, r, err)
		return
	}
	if !h.parseForm(w, r) {
		return
	}
	answer := r.PostFormValue("answer")
	if answer != "accept" && answer != "decline" {
		h.eventFailed(w, r, nil, siapekspor.FieldInvalid("answer", "field.choice"))
		return
	}
	q, err := h.Store.AnswerMeetingRequest(r.Context(), rid, answer == "accept")
	if err != nil {
		h.eventFailed(w, r, nil, err)
		return
	}
	if q.EventID != id {
		h.R.NotFound(w, r)
		return
	}
	Flash(w, r, "events.request_answered", eventURL(id, "#requests"))
}

// EventRequestWithdraw withdraws a request not yet on the agenda (who
// asked, or the organiser), after asking.
func (h *Handlers) EventRequestWithdraw(w http.ResponseWriter, r *http.Request) {
	id, err1 := httpx.ID(r, "id")
	rid, err2 := httpx.ID(r, "rid")
	if err := cmpErr(err1, err2); err != nil {
		h.R.Error(w, r, err)
		return
	}
	q, err := h.Store.WithdrawableRequest(r.Context(), rid)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if q.EventID != id {
		h.R.NotFound(w, r)
		return
	}
	with := q.BuyerName
	if q.From == siapekspor.SideBuyer {
		with = q.EnterpriseName
	}
	if h.ask(w, r, confirmation{Nav: "events", Title: "events.withdraw_request", Key: "events.confirm.withdraw_request",
		Args: []any{with}, Button: "events.withdraw_request", Cancel: eventURL(id, "#requests")}) {
		return
	}
	if err := h.Store.WithdrawMeetingRequest(r.Context(), rid); err != nil {
		h.eventFailed(w, r, nil, err)
		return
	}
	Flash(w, r, "events.request_withdrawn", eventURL(id, "#requests"))
}

// EventSchedule runs the scheduler (rule cover-first or weight-only).
func (h *Handlers) EventSchedule(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if !h.parseForm(w, r) {
		return
	}
	rule := schedule.Rule(r.PostFormValue("rule"))
	raw := map[string]string{"rule": string(rule)}
	if rule != schedule.CoverFirst && rule != schedule.WeightOnly {
		h.eventFailed(w, r, raw, siapekspor.FieldInvalid("rule", "field.choice"))
		return
	}
	if _, err := h.Store.ScheduleEvent(r.Context(), id, store.ScheduleOptions{Rule: rule}); err != nil {
		h.eventFailed(w, r, raw, err)
		return
	}
	Flash(w, r, "events.scheduled", eventURL(id, "#schedule"))
}

// meetingOf reads {id} and {mid}.
func meetingOf(r *http.Request) (int64, int64, error) {
	id, err1 := httpx.ID(r, "id")
	mid, err2 := httpx.ID(r, "mid")
	return id, mid, cmpErr(err1, err2)
}

// EventMeetingPin pins a meeting where it is (pinned=1) or unpins it.
func (h *Handlers) EventMeetingPin(w http.ResponseWriter, r *http.Request) {
	id, mid, err := meetingOf(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if !h.parseForm(w, r) {
		return
	}
	if _, err := h.Store.PinMeeting(r.Context(), id, mid, r.PostFormValue("pinned") == "1"); err != nil {
		h.eventFailed(w, r, nil, err)
		return
	}
	Flash(w, r, "events.pinned", eventURL(id, "#schedule"))
}

// EventMeetingMove moves a meeting to a slot (its start, Unix seconds)
// and table, pinned there.
func (h *Handlers) EventMeetingMove(w http.ResponseWriter, r *http.Request) {
	id, mid, err := meetingOf(r)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if !h.parseForm(w, r) {
		return
	}
	raw := map[string]string{"mid": strconv.FormatInt(mid, 10), "slot": r.PostFormValue("slot"), "table": r.PostFormValue("table")}
	var p siapekspor.Problems
	start, err := strconv.ParseInt(raw["slot"], 10, 64)
	if err != nil {
		p.Add("start", "field.choice")
	}
	table, err := strconv.Atoi(strings.TrimSpace(raw["table"]))
	if err != nil {
		p.Add("table", "field.number")
	}
	if err := p.Err(); err != nil {
		h.eventFailed(w, r, raw, err)
		return
	}
	place := store.MeetingPlace{Start: time.Unix(start, 0).UTC(), Table: table}
	var rid int64
	if mid == 0 {
		rid = httpx.Int64(r.PostFormValue("request_id"))
	}
	if _, err := h.Store.PlaceMeeting(r.Context(), id, mid, rid, place); err != nil {
		h.eventFailed(w, r, raw, err)
		return
	}
	Flash(w, r, "events.moved", eventURL(id, "#schedule"))
}

// EventPlaceRequest puts an accepted request on the agenda by hand.
func (h *Handlers) EventPlaceRequest(w http.ResponseWriter, r *http.Request) {
	id, rid, err := func() (int64, int64, error) {
		id, err1 := httpx.ID(r, "id")
		rid, err2 := httpx.ID(r, "rid")
		return id, rid, cmpErr(err1, err2)
	}()
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if !h.parseForm(w, r) {
		return
	}
	raw := map[string]string{"rid": strconv.FormatInt(rid, 10), "slot": r.PostFormValue("slot"), "table": r.PostFormValue("table")}
	start, err1 := strconv.ParseInt(raw["slot"], 10, 64)
	table, err2 := strconv.Atoi(strings.TrimSpace(raw["table"]))
	if err1 != nil || err2 != nil {
		h.eventFailed(w, r, raw, siapekspor.FieldInvalid("table", "field.number"))
		return
	}
	if _, err := h.Store.PlaceMeeting(r.Context(), id, 0, rid, store.MeetingPlace{Start: time.Unix(start, 0).UTC(), Table: table}); err != nil {
		h.eventFailed(w, r, raw, err)
		return
	}
	Flash(w, r, "events.moved", eventURL(id, "#schedule"))
}

// EventMeetingRemove takes a meeting off the agenda (asks first).
func (h *Handlers) EventMeetingRemove(w http.ResponseWriter, r *http.Request) {
	ev, ok := h.managedEvent(w, r)
	if !ok {
		return
	}
	mid, err := httpx.ID(r, "mid")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	det, err := h.Store.EventDetail(r.Context(), ev.ID)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	var m *siapekspor.Meeting
	for _, x := range det.Meetings {
		if x.ID == mid {
			m = x
		}
	}
	if m == nil {
		h.R.Error(w, r, siapekspor.Errorf(siapekspor.ENotFound, "error.not_found.meeting"))
		return
	}
	if h.ask(w, r, confirmation{Nav: "events", Title: "events.remove_meeting", Key: "events.confirm.remove_meeting",
		Args: []any{m.EnterpriseName, m.BuyerName, m.Start.In(ev.Location()).Format("02/01 15.04")}, Button: "events.remove_meeting",
		Cancel: eventURL(ev.ID, "#schedule")}) {
		return
	}
	if err := h.Store.RemoveMeeting(r.Context(), ev.ID, mid); err != nil {
		h.eventFailed(w, r, nil, err)
		return
	}
	Flash(w, r, "events.meeting_removed", eventURL(ev.ID, "#schedule"))
}

// EventSendAgendas records the agendas as sent; from then on a change
// lists who must be told.
func (h *Handlers) EventSendAgendas(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.ID(r, "id")
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	if _, err := h.Store.SendAgendas(r.Context(), id); err != nil {
		h.eventFailed(w, r, nil, err)
		return
	}
	Flash(w, r, "events.sent", eventURL(id, "#schedule"))
}
