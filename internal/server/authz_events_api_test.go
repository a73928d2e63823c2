package server_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
)

// The authorization matrix's rows and requests for the events API (issue
// 19). The fixture: an event the provincial office organises, with Lampung
// Selatan's and Metro's enterprises and the buyer's organisation taking
// part, so that every reader of events reads it; a route that changes
// something gets a fresh event.

// evAPIReaders read events (and this one): everyone but the trainer.
var evAPIReaders = []string{"admin", "officer_prov", "officer_lamsel", "officer_metro", "validator", "mentor", "buyer", "owner", "viewer"}

// evAPICreators organise events for their own organisation.
var evAPICreators = []string{"admin", "officer_prov", "officer_lamsel", "officer_metro", "validator"}

// evAPIManagers run the fixture's event (the provincial office's): admins
// and that office's officer.
var evAPIManagers = []string{"admin", "officer_prov"}

// evAPIActors speak for a participant: who runs the event, the owner for
// its enterprise, the buyer for its organisation.
var evAPIActors = []string{"admin", "officer_prov", "owner", "buyer"}

var eventAPIRoutes = map[string][]string{
	"GET /api/v1/events": evAPIReaders, "POST /api/v1/events": evAPICreators,
	"GET /api/v1/events/{id}": evAPIReaders, "PATCH /api/v1/events/{id}": evAPIManagers,
	"POST /api/v1/events/{id}/participants": evAPIManagers, "POST /api/v1/events/{id}/requests": evAPIActors,
	"POST /api/v1/events/{id}/schedule": evAPIManagers, "POST /api/v1/events/{id}/meetings": evAPIManagers,
	"PATCH /api/v1/events/{id}/meetings/{meeting}": evAPIManagers, "DELETE /api/v1/events/{id}/meetings/{meeting}": evAPIManagers,
	"POST /api/v1/events/{id}/meetings/{meeting}/result": evAPIManagers, "POST /api/v1/events/{id}/agendas/send": evAPIManagers,
	"GET /api/v1/events/{id}/agendas": evAPIReaders, "GET /api/v1/events/{id}/report": evAPIReaders,
	"PATCH /api/v1/event-participants/{id}": evAPIActors, "DELETE /api/v1/event-participants/{id}": evAPIManagers,
	"POST /api/v1/event-participants/{id}/answer": {"owner", "buyer"}, "POST /api/v1/event-participants/{id}/check-in": evAPIManagers,
	"GET /api/v1/event-participants/{id}/suggestions": evAPIActors,
	"POST /api/v1/meeting-requests/{id}/answer":       evAPIActors, "DELETE /api/v1/meeting-requests/{id}": evAPIActors,
}

func init() {
	for k, v := range eventAPIRoutes {
		expected[k] = v
	}
}

// apiEvent is an event of the fixture with its participants' IDs.
type apiEvent struct {
	ev                   *siapekspor.Event
	lamsel, metro, buyer int64 // participant IDs
	request              int64 // an accepted request lamsel–buyer (scheduled: on the agenda)
	meeting              *siapekspor.Meeting
}

var eventAPIFixtures sync.Map // *world → *apiEvent

func (w *world) adminCtx() context.Context {
	return siapekspor.WithActor(context.Background(), w.users["admin"].Actor())
}

// apiEventDay is a one-day event next year: 09:00–12:00, a break at
// 10:00–10:30, 30-minute meetings (five slots), three tables.
func apiEventDay() *siapekspor.Event {
	day := time.Now().AddDate(1, 0, 0).Format("2006-01-02")
	return &siapekspor.Event{Name: "Temu Bisnis Uji", Kind: siapekspor.EventBusinessMatching, TimeZone: "Asia/Jakarta",
		Days: []siapekspor.EventDay{{Date: day, Start: "09:00", End: "12:00"}}, Breaks: []siapekspor.ClockSpan{{Start: "10:00", End: "10:30"}},
		Venue: "Balai Keratun", MeetingMinutes: 30, Tables: 3, DefaultMax: 4}
}

// newAPIEvent stores an event of the provincial office with Lampung
// Selatan, Metro and the buyer taking part (invite: Lampung Selatan and
// the buyer invited, not yet confirmed); with a request: an accepted one
// between Lampung Selatan and the buyer from the side given; scheduled:
// on the agenda.
func (w *world) newAPIEvent(t testing.TB, invite bool, from siapekspor.Side, accept, scheduled bool) *apiEvent {
	t.Helper()
	ctx := w.adminCtx()
	ev := apiEventDay()
	ev.OrgID = w.users["officer_prov"].OrgID
	ev, err := w.db.CreateEvent(ctx, ev)
	if err != nil {
		t.Fatal(err)
	}
	parts, err := w.db.AddParticipants(ctx, ev.ID, []store.NewParticipant{{EnterpriseID: w.lamsel.ID, Invite: invite},
		{EnterpriseID: w.metro.ID}, {OrgID: w.users["buyer"].OrgID, Invite: invite}})
	if err != nil {
		t.Fatal(err)
	}
	f := &apiEvent{ev: ev}
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
	if from == "" {
		return f
	}
	reqs, err := w.db.RequestMeetings(ctx, ev.ID, []siapekspor.MeetingRequest{{EnterprisePID: f.lamsel, BuyerPID: f.buyer, From: from,
		Priority: siapekspor.PriorityMust, Score: 70}}, accept)
	if err != nil {
		t.Fatal(err)
	}
	f.request = reqs[0].ID
	if !scheduled {
		return f
	}
	if _, err := w.db.ScheduleEvent(ctx, ev.ID, store.ScheduleOptions{}); err != nil {
		t.Fatal(err)
	}
	d, err := w.db.EventDetail(ctx, ev.ID)
	if err != nil || len(d.Meetings) != 1 {
		t.Fatalf("the fixture's agenda: %v %v", d, err)
	}
	f.meeting = d.Meetings[0]
	return f
}

func (w *world) eventsAPI(t testing.TB) *apiEvent {
	if f, ok := eventAPIFixtures.Load(w); ok {
		return f.(*apiEvent)
	}
	f := w.newAPIEvent(t, false, siapekspor.SideBuyer, true, true)
	eventAPIFixtures.Store(w, f)
	return f
}

// eventAPIRequest builds the matrix's request for the routes above; ok is
// false for other routes.
func (w *world) eventAPIRequest(t *testing.T, pattern, role string) (method, target, body, ctype string, ok bool) {
	if _, ok := eventAPIRoutes[pattern]; !ok {
		return "", "", "", "", false
	}
	f := w.eventsAPI(t)
	allowed := contains(eventAPIRoutes[pattern], role)
	// own is the participant the role speaks for (the buyer its
	// organisation, everyone else Lampung Selatan).
	own := func(e *apiEvent) int64 {
		if role == "buyer" {
			return e.buyer
		}
		return e.lamsel
	}
	evPath := func(e *apiEvent, rest string) string { return fmt.Sprintf("/api/v1/events/%d%s", e.ev.ID, rest) }
	switch pattern {
	case "GET /api/v1/events":
		return "GET", "/api/v1/events?when=upcoming", "", "", true
	case "POST /api/v1/events":
		ev := apiEventDay()
		ev.Name = "Temu Kemitraan " + role
		return "POST", "/api/v1/events", toJSON(ev), jsonType, true
	case "GET /api/v1/events/{id}":
		return "GET", evPath(f, ""), "", "", true
	case "PATCH /api/v1/events/{id}":
		cur, err := w.db.Event(w.adminCtx(), f.ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		return "PATCH", evPath(f, ""), toJSON(map[string]any{"description": "diubah oleh " + role, "version": cur.Version}), jsonType, true
	case "POST /api/v1/events/{id}/participants":
		e := newEnterprise(t, w.db, "Peserta "+role, "18.01")
		return "POST", evPath(f, "/participants"), toJSON(map[string]any{"participants": []map[string]any{{"enterprise_id": e.ID}}}), jsonType, true
	case "POST /api/v1/events/{id}/requests":
		e := w.newAPIEvent(t, false, "", false, false)
		from := "enterprise"
		if role == "buyer" {
			from = "buyer"
		}
		return "POST", evPath(e, "/requests"), toJSON(map[string]any{"requests": []map[string]any{{"enterprise_participant_id": e.lamsel,
			"buyer_participant_id": e.buyer, "from": from, "priority": "want", "score": 55}}}), jsonType, true
	case "POST /api/v1/events/{id}/schedule":
		e := w.newAPIEvent(t, false, siapekspor.SideBuyer, true, false)
		return "POST", evPath(e, "/schedule"), `{"rule":"cover-first","seed":1}`, jsonType, true
	case "POST /api/v1/events/{id}/meetings":
		e := w.newAPIEvent(t, false, siapekspor.SideBuyer, true, false)
		d, err := w.db.EventDetail(w.adminCtx(), e.ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		return "POST", evPath(e, "/meetings"), toJSON(map[string]any{"request_id": e.request, "start": d.Slots[0].Start, "table": 2}), jsonType, true
	case "PATCH /api/v1/events/{id}/meetings/{meeting}", "DELETE /api/v1/events/{id}/meetings/{meeting}",
		"POST /api/v1/events/{id}/meetings/{meeting}/result", "POST /api/v1/events/{id}/agendas/send":
		e := f
		if allowed {
			e = w.newAPIEvent(t, false, siapekspor.SideBuyer, true, true)
		}
		switch pattern {
		case "PATCH /api/v1/events/{id}/meetings/{meeting}":
			return "PATCH", evPath(e, fmt.Sprintf("/meetings/%d", e.meeting.ID)), `{"pinned":true}`, jsonType, true
		case "DELETE /api/v1/events/{id}/meetings/{meeting}":
			return "DELETE", evPath(e, fmt.Sprintf("/meetings/%d", e.meeting.ID)), "", "", true
		case "POST /api/v1/events/{id}/meetings/{meeting}/result":
			return "POST", evPath(e, fmt.Sprintf("/meetings/%d/result", e.meeting.ID)), `{"attendance":"cancelled","note":"hujan"}`, jsonType, true
		}
		return "POST", evPath(e, "/agendas/send"), "", "", true
	case "GET /api/v1/events/{id}/agendas":
		return "GET", evPath(f, "/agendas"), "", "", true
	case "GET /api/v1/events/{id}/report":
		return "GET", evPath(f, "/report"), "", "", true
	case "PATCH /api/v1/event-participants/{id}":
		return "PATCH", fmt.Sprintf("/api/v1/event-participants/%d", own(f)), `{"max":3}`, jsonType, true
	case "DELETE /api/v1/event-participants/{id}":
		e := w.newAPIEvent(t, false, "", false, false)
		return "DELETE", fmt.Sprintf("/api/v1/event-participants/%d", e.metro), "", "", true
	case "POST /api/v1/event-participants/{id}/answer":
		e := w.newAPIEvent(t, true, "", false, false)
		return "POST", fmt.Sprintf("/api/v1/event-participants/%d/answer", own(e)), `{"accept":true}`, jsonType, true
	case "POST /api/v1/event-participants/{id}/check-in":
		return "POST", fmt.Sprintf("/api/v1/event-participants/%d/check-in", f.metro), `{"in":true}`, jsonType, true
	case "GET /api/v1/event-participants/{id}/suggestions":
		w.buyers(t) // an open request of the buyer, to rank
		return "GET", fmt.Sprintf("/api/v1/event-participants/%d/suggestions", own(f)), "", "", true
	case "POST /api/v1/meeting-requests/{id}/answer":
		// Asked: the owner answers a buyer's request, the buyer an
		// enterprise's.
		from := siapekspor.SideBuyer
		if role == "buyer" {
			from = siapekspor.SideEnterprise
		}
		e := w.newAPIEvent(t, false, from, false, false)
		return "POST", fmt.Sprintf("/api/v1/meeting-requests/%d/answer", e.request), `{"accept":true}`, jsonType, true
	case "DELETE /api/v1/meeting-requests/{id}":
		// Withdrawn by who asked.
		from := siapekspor.SideEnterprise
		if role == "buyer" {
			from = siapekspor.SideBuyer
		}
		e := w.newAPIEvent(t, false, from, false, false)
		return "DELETE", fmt.Sprintf("/api/v1/meeting-requests/%d", e.request), "", "", true
	}
	t.Fatalf("no matrix request for %s", pattern)
	return "", "", "", "", false
}
