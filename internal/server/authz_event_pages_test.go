package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
)

// The authorization matrix's rows and requests for the business-matching
// events' pages (issue 19). The fixture: yesterday's event organised by the
// provincial office, with Kopi Lamsel (the owner's), Tapis Metro and the
// buyer's organisation taking part; a pending request of the buyer to
// Lamsel; a pinned meeting Lamsel–buyer and one Metro–buyer whose outcome
// is recorded.

// eventReaders read the fixture: everyone with event:read (Metro takes
// part, so its office reads it too).
var eventReaders = []string{"admin", "officer_prov", "officer_lamsel", "officer_metro", "validator", "mentor", "buyer", "owner", "viewer"}

// eventCreators organise events for their own organisation.
var eventCreators = []string{"admin", "officer_prov", "officer_lamsel", "officer_metro", "validator"}

// eventManagers run the fixture: the admin and the provincial office.
var eventManagers = []string{"admin", "officer_prov"}

// eventAllReaders read every agenda of an event: who runs it and the
// readers of every event.
var eventAllReaders = []string{"admin", "officer_prov", "validator", "viewer"}

var eventPageRoutes = map[string][]string{
	"GET /events": eventReaders, "GET /events/new": eventCreators, "POST /events": eventCreators,
	"GET /events/{id}": eventReaders, "GET /events/{id}/edit": eventManagers, "POST /events/{id}": eventManagers,
	"POST /events/{id}/participants":               eventManagers,
	"POST /events/{id}/participants/{pid}":         {"admin", "officer_prov", "owner"},
	"POST /events/{id}/participants/{pid}/answer":  {"owner", "buyer"},
	"GET /events/{id}/participants/{pid}/remove":   eventManagers,
	"POST /events/{id}/participants/{pid}/remove":  eventManagers,
	"POST /events/{id}/participants/{pid}/checkin": eventManagers,
	"POST /events/{id}/requests":                   {"admin", "officer_prov", "owner", "buyer"},
	"POST /events/{id}/requests/{rid}/answer":      {"admin", "officer_prov", "owner"},
	"GET /events/{id}/requests/{rid}/withdraw":     {"admin", "officer_prov", "buyer"},
	"POST /events/{id}/requests/{rid}/withdraw":    {"admin", "officer_prov", "buyer"},
	"POST /events/{id}/requests/{rid}/place":       eventManagers,
	"POST /events/{id}/schedule":                   eventManagers,
	"POST /events/{id}/meetings/{mid}/pin":         eventManagers,
	"POST /events/{id}/meetings/{mid}/move":        eventManagers,
	"GET /events/{id}/meetings/{mid}/remove":       eventManagers,
	"POST /events/{id}/meetings/{mid}/remove":      eventManagers,
	"POST /events/{id}/send":                       eventManagers,
	"GET /events/{id}/agendas":                     eventAllReaders,
	"GET /events/{id}/agendas/pdf":                 eventAllReaders,
	"GET /events/{id}/agendas/{pid}":               eventReaders,
	"GET /events/{id}/agendas/{pid}/pdf":           eventReaders,
	"GET /events/{id}/agendas/{pid}/ics":           eventReaders,
	"GET /events/{id}/tables/{n}":                  eventAllReaders,
	"GET /events/{id}/tables/{n}/pdf":              eventAllReaders,
	"GET /events/{id}/day":                         eventManagers,
	"POST /events/{id}/meetings/{mid}/record":      eventManagers,
	"GET /events/{id}/report":                      eventReaders,
	"GET /events/{id}/report.xlsx":                 eventReaders,
}

func init() {
	for k, v := range eventPageRoutes {
		expected[k] = v
	}
}

type eventPagesFixture struct {
	ev                   *siapekspor.Event
	lamsel, metro, buyer int64 // participant IDs
	pending              int64 // the buyer's request to Lamsel
	pinned, recorded     int64 // meetings
	fresh                int   // meetings placed so far at tables 2–4
}

var eventPagesFixtures sync.Map // *world → *eventPagesFixture

// adminCtx is in authz_events_api_test.go.

// yesterdaysEvent is a one-day event yesterday, 09:00–16:00 with a lunch
// break, 20-minute meetings at four tables.
func yesterdaysEvent(name string) *siapekspor.Event {
	jkt, _ := time.LoadLocation("Asia/Jakarta")
	day := time.Now().In(jkt).AddDate(0, 0, -1).Format("2006-01-02")
	return &siapekspor.Event{Name: name, Kind: siapekspor.EventPartnership, TimeZone: "Asia/Jakarta",
		Days: []siapekspor.EventDay{{Date: day, Start: "09:00", End: "16:00"}}, Breaks: []siapekspor.ClockSpan{{Start: "12:00", End: "13:00"}},
		Venue: "Balai Keratun, Bandar Lampung", MeetingMinutes: 20, Tables: 4, DefaultMax: 6}
}

func (w *world) eventPages(t testing.TB) *eventPagesFixture {
	if f, ok := eventPagesFixtures.Load(w); ok {
		return f.(*eventPagesFixture)
	}
	t.Helper()
	ctx := w.adminCtx()
	ev, err := w.db.CreateEvent(ctx, w.provincialEvent("Temu Kemitraan Lampung"))
	if err != nil {
		t.Fatal(err)
	}
	f := &eventPagesFixture{ev: ev}
	parts, err := w.db.AddParticipants(ctx, ev.ID, []store.NewParticipant{{EnterpriseID: w.lamsel.ID}, {EnterpriseID: w.metro.ID},
		{OrgID: w.users["buyer"].OrgID}})
	if err != nil {
		t.Fatal(err)
	}
	f.lamsel, f.metro, f.buyer = parts[0].ID, parts[1].ID, parts[2].ID
	for _, p := range parts {
		switch {
		case p.EnterpriseID == w.lamsel.ID:
			f.lamsel = p.ID
		case p.EnterpriseID == w.metro.ID:
			f.metro = p.ID
		default:
			f.buyer = p.ID
		}
	}
	buyerCtx := siapekspor.WithActor(context.Background(), w.users["buyer"].Actor())
	reqs, err := w.db.RequestMeetings(buyerCtx, ev.ID, []siapekspor.MeetingRequest{{EnterprisePID: f.lamsel, BuyerPID: f.buyer,
		From: siapekspor.SideBuyer, Priority: siapekspor.PriorityMust, Score: 80}}, false)
	if err != nil {
		t.Fatal(err)
	}
	f.pending = reqs[0].ID
	acc, err := w.db.RequestMeetings(ctx, ev.ID, []siapekspor.MeetingRequest{
		{EnterprisePID: f.lamsel, BuyerPID: f.buyer, From: siapekspor.SideEnterprise, Priority: siapekspor.PriorityWant, Score: 70},
		{EnterprisePID: f.metro, BuyerPID: f.buyer, From: siapekspor.SideEnterprise, Priority: siapekspor.PriorityWant, Score: 60}}, true)
	if err != nil {
		t.Fatal(err)
	}
	slots := w.eventSlots(ev)
	m1, err := w.db.PlaceMeeting(ctx, ev.ID, 0, acc[0].ID, store.MeetingPlace{Start: slots[0], Table: 1})
	if err != nil {
		t.Fatal(err)
	}
	m2, err := w.db.PlaceMeeting(ctx, ev.ID, 0, acc[1].ID, store.MeetingPlace{Start: slots[1], Table: 1})
	if err != nil {
		t.Fatal(err)
	}
	f.pinned, f.recorded = m1.ID, m2.ID
	if _, err := w.db.RecordMeeting(ctx, ev.ID, m2.ID, siapekspor.MeetingResult{Attendance: siapekspor.AttendanceHeld,
		Outcome: siapekspor.OutcomeInterested}); err != nil {
		t.Fatal(err)
	}
	eventPagesFixtures.Store(w, f)
	return f
}

// provincialEvent is yesterdaysEvent organised by the provincial office
// (officer_prov's organisation).
func (w *world) provincialEvent(name string) *siapekspor.Event {
	ev := yesterdaysEvent(name)
	ev.OrgID = w.users["officer_prov"].OrgID
	return ev
}

func (w *world) eventSlots(ev *siapekspor.Event) []time.Time {
	days, breaks := ev.Spans()
	var out []time.Time
	for _, s := range siapekspor.EventSlots(days, breaks, ev.MeetingMinutes) {
		out = append(out, s.Start)
	}
	return out
}

// freshParticipant adds a new enterprise (side enterprise) or a new buyer
// organisation to the fixture's event and returns its participant ID.
func (w *world) freshParticipant(t testing.TB, side siapekspor.Side, name string) int64 {
	t.Helper()
	f := w.eventPages(t)
	np := store.NewParticipant{}
	if side == siapekspor.SideEnterprise {
		np.EnterpriseID = newEnterprise(t, w.db, name, "18.01").ID
	} else {
		o := &siapekspor.Organisation{Name: name, Kind: siapekspor.OrgPrivate}
		if err := w.db.CreateOrganisation(sysCtx, o); err != nil {
			t.Fatal(err)
		}
		np.OrgID = o.ID
	}
	parts, err := w.db.AddParticipants(w.adminCtx(), f.ev.ID, []store.NewParticipant{np})
	if err != nil {
		t.Fatal(err)
	}
	return parts[0].ID
}

// freshAccepted makes an accepted request between two new participants.
func (w *world) freshAccepted(t testing.TB, name string) int64 {
	t.Helper()
	f := w.eventPages(t)
	e, b := w.freshParticipant(t, siapekspor.SideEnterprise, name), w.freshParticipant(t, siapekspor.SideBuyer, name+" Buyer")
	list, err := w.db.RequestMeetings(w.adminCtx(), f.ev.ID, []siapekspor.MeetingRequest{{EnterprisePID: e, BuyerPID: b,
		From: siapekspor.SideBuyer, Priority: siapekspor.PriorityCould}}, true)
	if err != nil {
		t.Fatal(err)
	}
	return list[0].ID
}

// freshPlace is a free slot (Unix seconds) and table for a new meeting.
func (w *world) freshPlace(t testing.TB) (int64, int) {
	f := w.eventPages(t)
	slots := w.eventSlots(f.ev)
	n := f.fresh
	f.fresh++
	return slots[2+n/3].Unix(), 2 + n%3
}

// freshMeeting places a new accepted request on the agenda.
func (w *world) freshMeeting(t testing.TB, name string) int64 {
	t.Helper()
	f := w.eventPages(t)
	rid := w.freshAccepted(t, name)
	at, table := w.freshPlace(t)
	m, err := w.db.PlaceMeeting(w.adminCtx(), f.ev.ID, 0, rid, store.MeetingPlace{Start: time.Unix(at, 0), Table: table})
	if err != nil {
		t.Fatal(err)
	}
	return m.ID
}

// eventForm is the event's form as the page posts it.
func eventForm(ev *siapekspor.Event) url.Values {
	v := url.Values{"name": {ev.Name}, "kind": {string(ev.Kind)}, "time_zone": {ev.TimeZone}, "venue": {ev.Venue},
		"meeting_minutes": {fmt.Sprint(ev.MeetingMinutes)}, "tables": {fmt.Sprint(ev.Tables)}, "default_max": {fmt.Sprint(ev.DefaultMax)},
		"version": {fmt.Sprint(ev.Version)}}
	for _, d := range ev.Days {
		v.Add("day_date", d.Date)
		v.Add("day_start", d.Start)
		v.Add("day_end", d.End)
	}
	for _, b := range ev.Breaks {
		v.Add("break_start", b.Start)
		v.Add("break_end", b.End)
	}
	return v
}

// eventPagesRequest builds the matrix's request for the routes above; ok
// is false for other routes.
func (w *world) eventPagesRequest(t *testing.T, pattern, role string) (method, target, body, ctype string, ok bool) {
	if _, ok := eventPageRoutes[pattern]; !ok {
		return "", "", "", "", false
	}
	f := w.eventPages(t)
	id := f.ev.ID
	ev := fmt.Sprintf("/events/%d", id)
	allowed := contains(eventPageRoutes[pattern], role)
	pid := f.lamsel
	switch role {
	case "buyer":
		pid = f.buyer
	case "officer_metro":
		pid = f.metro
	}
	switch pattern {
	case "POST /events":
		form := eventForm(yesterdaysEvent("Temu Bisnis " + role))
		return "POST", "/events", form.Encode(), formType, true
	case "POST /events/{id}":
		cur, err := w.db.Event(w.adminCtx(), id)
		if err != nil {
			t.Fatal(err)
		}
		form := eventForm(cur)
		form.Set("description", "Diubah oleh "+role)
		return "POST", ev, form.Encode(), formType, true
	case "POST /events/{id}/participants":
		eid := w.lamsel.ID
		if allowed {
			eid = newEnterprise(t, w.db, "Peserta "+role, "18.01").ID
		}
		return "POST", ev + "/participants", url.Values{"enterprise_ids": {fmt.Sprint(eid)}}.Encode(), formType, true
	case "POST /events/{id}/participants/{pid}":
		return "POST", fmt.Sprintf("%s/participants/%d", ev, f.lamsel), url.Values{"available": {""}, "max": {"5"}}.Encode(), formType, true
	case "POST /events/{id}/participants/{pid}/answer":
		target, p := ev, f.lamsel
		if allowed {
			// A new event that invites both the owner's enterprise and the buyer.
			e2, err := w.db.CreateEvent(w.adminCtx(), w.provincialEvent("Undangan "+role))
			if err != nil {
				t.Fatal(err)
			}
			np := store.NewParticipant{EnterpriseID: w.lamsel.ID, Invite: true}
			if role == "buyer" {
				np = store.NewParticipant{OrgID: w.users["buyer"].OrgID, Invite: true}
			}
			parts, err := w.db.AddParticipants(w.adminCtx(), e2.ID, []store.NewParticipant{np})
			if err != nil {
				t.Fatal(err)
			}
			target, p = fmt.Sprintf("/events/%d", e2.ID), parts[0].ID
		}
		return "POST", fmt.Sprintf("%s/participants/%d/answer", target, p), "answer=accept", formType, true
	case "GET /events/{id}/participants/{pid}/remove", "POST /events/{id}/participants/{pid}/remove":
		p := f.lamsel
		if allowed && strings.HasPrefix(pattern, "POST") {
			p = w.freshParticipant(t, siapekspor.SideEnterprise, "Keluar "+role)
		}
		m, _, _ := strings.Cut(pattern, " ")
		return m, fmt.Sprintf("%s/participants/%d/remove", ev, p), "confirm=yes", formType, true
	case "POST /events/{id}/participants/{pid}/checkin":
		return "POST", fmt.Sprintf("%s/participants/%d/checkin", ev, f.lamsel), "in=1", formType, true
	case "POST /events/{id}/requests":
		switch {
		case allowed && role == "owner":
			other := w.freshParticipant(t, siapekspor.SideBuyer, "Pembeli untuk owner")
			return "POST", ev + "/requests", url.Values{"pid": {fmt.Sprint(f.lamsel)}, "pick": {fmt.Sprint(other)}, "priority_" + fmt.Sprint(other): {"must"}}.Encode(), formType, true
		case allowed && role == "buyer":
			other := w.freshParticipant(t, siapekspor.SideEnterprise, "Usaha untuk pembeli")
			return "POST", ev + "/requests", url.Values{"pid": {fmt.Sprint(f.buyer)}, "pick": {fmt.Sprint(other)}, "priority_" + fmt.Sprint(other): {"want"}}.Encode(), formType, true
		case allowed:
			e := w.freshParticipant(t, siapekspor.SideEnterprise, "Usaha "+role)
			return "POST", ev + "/requests", url.Values{"enterprise_pid": {fmt.Sprint(e)}, "buyer_pid": {fmt.Sprint(f.buyer)}, "priority": {"could"}}.Encode(), formType, true
		}
		return "POST", ev + "/requests", url.Values{"pid": {fmt.Sprint(pid)}, "pick": {fmt.Sprint(f.buyer)}}.Encode(), formType, true
	case "POST /events/{id}/requests/{rid}/answer":
		return "POST", fmt.Sprintf("%s/requests/%d/answer", ev, f.pending), "answer=accept", formType, true
	case "GET /events/{id}/requests/{rid}/withdraw", "POST /events/{id}/requests/{rid}/withdraw":
		// The buyer's pending request to Lamsel; an allowed withdrawal
		// takes a fresh one of the buyer's.
		rid := f.pending
		if allowed && strings.HasPrefix(pattern, "POST") {
			e := w.freshParticipant(t, siapekspor.SideEnterprise, "Ditarik "+role)
			list, err := w.db.RequestMeetings(w.adminCtx(), id, []siapekspor.MeetingRequest{{EnterprisePID: e, BuyerPID: f.buyer,
				From: siapekspor.SideBuyer, Priority: siapekspor.PriorityWant}}, false)
			if err != nil {
				t.Fatal(err)
			}
			rid = list[0].ID
		}
		m, _, _ := strings.Cut(pattern, " ")
		return m, fmt.Sprintf("%s/requests/%d/withdraw", ev, rid), "confirm=yes", formType, true
	case "POST /events/{id}/requests/{rid}/place":
		rid, at, table := f.pending, int64(0), 2
		if allowed {
			rid = w.freshAccepted(t, "Tempat "+role)
			at, table = w.freshPlace(t)
		}
		return "POST", fmt.Sprintf("%s/requests/%d/place", ev, rid), url.Values{"slot": {fmt.Sprint(at)}, "table": {fmt.Sprint(table)}}.Encode(), formType, true
	case "POST /events/{id}/schedule":
		target := ev
		if allowed {
			e2, err := w.db.CreateEvent(w.adminCtx(), w.provincialEvent("Jadwal "+role))
			if err != nil {
				t.Fatal(err)
			}
			target = fmt.Sprintf("/events/%d", e2.ID)
		}
		return "POST", target + "/schedule", "rule=cover-first", formType, true
	case "POST /events/{id}/meetings/{mid}/pin":
		return "POST", fmt.Sprintf("%s/meetings/%d/pin", ev, f.pinned), "pinned=1", formType, true
	case "POST /events/{id}/meetings/{mid}/move":
		at := w.eventSlots(f.ev)[0].Unix()
		return "POST", fmt.Sprintf("%s/meetings/%d/move", ev, f.pinned), url.Values{"slot": {fmt.Sprint(at)}, "table": {"1"}}.Encode(), formType, true
	case "GET /events/{id}/meetings/{mid}/remove", "POST /events/{id}/meetings/{mid}/remove":
		mid := f.pinned
		if allowed && strings.HasPrefix(pattern, "POST") {
			mid = w.freshMeeting(t, "Hapus pertemuan "+role)
		}
		m, _, _ := strings.Cut(pattern, " ")
		return m, fmt.Sprintf("%s/meetings/%d/remove", ev, mid), "confirm=yes", formType, true
	case "POST /events/{id}/meetings/{mid}/record":
		return "POST", fmt.Sprintf("%s/meetings/%d/record", ev, f.recorded), url.Values{"attendance": {"held"}, "outcome": {"negotiation"}, "note": {"harga"}}.Encode(), formType, true
	case "GET /events/{id}/agendas/{pid}", "GET /events/{id}/agendas/{pid}/pdf", "GET /events/{id}/agendas/{pid}/ics":
		rest := strings.TrimPrefix(pattern, "GET /events/{id}/agendas/{pid}")
		return "GET", fmt.Sprintf("%s/agendas/%d%s", ev, pid, rest), "", "", true
	case "GET /events/{id}/tables/{n}", "GET /events/{id}/tables/{n}/pdf":
		rest := strings.TrimPrefix(pattern, "GET /events/{id}/tables/{n}")
		return "GET", ev + "/tables/1" + rest, "", "", true
	}
	m, path, _ := strings.Cut(pattern, " ")
	return m, strings.ReplaceAll(path, "{id}", fmt.Sprint(id)), "", "", true
}
