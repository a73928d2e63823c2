package server_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// evAPIError is the API's error body.
type evAPIError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Fields  []struct {
			Field, Code, Message string
		} `json:"fields"`
	} `json:"error"`
}

func evErrorOf(t *testing.T, rec *httptest.ResponseRecorder) evAPIError {
	t.Helper()
	var e evAPIError
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Fatalf("not an error body: %d %s", rec.Code, firstLine(rec.Body.String()))
	}
	return e
}

// fields maps each field of an error to its code and message.
func (e evAPIError) fields() map[string]string {
	out := map[string]string{}
	for _, f := range e.Error.Fields {
		out[f.Field] = f.Code + ": " + f.Message
	}
	return out
}

// TestEventsOverHTTP follows a business-matching event through the API:
// created by the provincial office, participants added and an invitation
// answered by its owner, the buyer's requests from the matcher's
// suggestions, answered by the owners, the scheduler's run against its
// bound, agendas as JSON, iCalendar, PDF and text, sent; a meeting moved
// (who must be told), pinned, unpinned, removed; check-in and outcomes on
// the day; the report as JSON and XLSX. Each bad input the issue lists is
// refused with a clear message in the request's language, and nothing of
// it is stored.
func TestEventsOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.buyers(t) // the buyer's open request for coffee, for the matcher
		const org = "officer_prov"
		want := func(rec *httptest.ResponseRecorder, code int, what string) {
			t.Helper()
			if rec.Code != code {
				t.Fatalf("%s: %d, want %d: %s", what, rec.Code, code, firstLine(rec.Body.String()))
			}
		}
		decode := func(rec *httptest.ResponseRecorder, v any) {
			t.Helper()
			if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
				t.Fatalf("%v: %s", err, firstLine(rec.Body.String()))
			}
		}
		count := func() (events int) {
			var l struct{ Items []store.EventSummary }
			decode(w.must(t, "admin", "GET", "/api/v1/events", "", "", 200), &l)
			return len(l.Items)
		}

		// Overlapping breaks and no tables: every field named, in English
		// when asked, nothing stored.
		ev := apiEventDay()
		ev.Days[0].Date = "2030-06-10"
		bad := *ev
		bad.Tables = 0
		bad.Breaks = append(append([]siapekspor.ClockSpan{}, ev.Breaks...), siapekspor.ClockSpan{Start: "10:15", End: "10:45"})
		rec := w.do(t, org, "POST", "/api/v1/events?lang=en", toJSON(bad), jsonType)
		want(rec, 422, "a bad event")
		f := evErrorOf(t, rec).fields()
		if !strings.Contains(f["tables"], "At least 1 table") || !strings.Contains(f["breaks[1]"], "overlaps break 1") {
			t.Fatalf("a bad event's fields: %v", f)
		}
		req := httptest.NewRequest("POST", "/api/v1/events", strings.NewReader(toJSON(bad)))
		req.Header.Set("Content-Type", jsonType)
		req.Header.Set("Cookie", w.cookies[org])
		req.Header.Set("Accept-Language", "id")
		rec = httptest.NewRecorder()
		w.s.ServeHTTP(rec, req)
		if f := evErrorOf(t, rec).fields(); !strings.Contains(f["tables"], "meja") {
			t.Errorf("in Indonesian: %v", f)
		}
		if n := count(); n != 0 {
			t.Fatalf("a refused event was stored (%d events)", n)
		}
		var created siapekspor.Event
		decode(w.must(t, org, "POST", "/api/v1/events", toJSON(ev), jsonType, 201), &created)
		if created.OrgID != w.users[org].OrgID || created.ID == 0 {
			t.Fatalf("created: %+v", created)
		}
		evp := fmt.Sprintf("/api/v1/events/%d", created.ID)
		// A table count of zero on an update: refused, the event unchanged.
		rec = w.do(t, org, "PATCH", evp+"?lang=en", `{"tables":0,"version":1}`, jsonType)
		want(rec, 422, "no tables on update")
		w.must(t, org, "PATCH", evp, `{"tables":4,"version":7}`, jsonType, 409)
		var up siapekspor.Event
		decode(w.must(t, org, "PATCH", evp, `{"tables":2,"version":1}`, jsonType, 200), &up)
		if up.Tables != 2 || up.Version != 2 {
			t.Fatalf("updated: %+v", up)
		}

		// A participant unavailable for the whole event (only during the
		// break): refused with the others, none stored.
		jkt, _ := time.LoadLocation("Asia/Jakarta")
		at := func(clock string) time.Time {
			t0, _ := time.ParseInLocation("2006-01-02 15:04", "2030-06-10 "+clock, jkt)
			return t0
		}
		never := []siapekspor.TimeSpan{{Start: at("10:00"), End: at("10:30")}}
		buyerOrg := w.users["buyer"].OrgID
		rec = w.do(t, org, "POST", evp+"/participants?lang=en", toJSON(map[string]any{"participants": []any{
			map[string]any{"enterprise_id": w.metro.ID}, map[string]any{"org_id": buyerOrg, "available": never}}}), jsonType)
		want(rec, 422, "never available")
		if f := evErrorOf(t, rec).fields(); !strings.Contains(f["participants[1].available"], "not available at any meeting slot") {
			t.Fatalf("never available: %v", f)
		}
		var detail store.EventDetail
		decode(w.must(t, org, "GET", evp, "", "", 200), &detail)
		if len(detail.Participants) != 0 {
			t.Fatalf("a refused list stored %d participants", len(detail.Participants))
		}
		var added struct{ Items []siapekspor.Participant }
		decode(w.must(t, org, "POST", evp+"/participants", toJSON(map[string]any{"participants": []any{
			map[string]any{"enterprise_id": w.lamsel.ID, "invite": true}, map[string]any{"enterprise_id": w.metro.ID},
			map[string]any{"org_id": buyerOrg}}}), jsonType, 201), &added)
		pid := map[int64]int64{}
		for _, p := range added.Items {
			pid[p.EnterpriseID+p.OrgID*1_000_000] = p.ID
		}
		lamsel, metro, buyer := pid[w.lamsel.ID], pid[w.metro.ID], pid[buyerOrg*1_000_000]
		if lamsel == 0 || metro == 0 || buyer == 0 {
			t.Fatalf("participants: %+v", added.Items)
		}
		// The invitation is the owner's to answer; the organiser cannot.
		w.must(t, org, "POST", fmt.Sprintf("/api/v1/event-participants/%d/answer", lamsel), `{"accept":true}`, jsonType, 403)
		w.must(t, "owner", "POST", fmt.Sprintf("/api/v1/event-participants/%d/answer", lamsel), `{}`, jsonType, 422)
		var pt siapekspor.Participant
		decode(w.must(t, "owner", "POST", fmt.Sprintf("/api/v1/event-participants/%d/answer", lamsel), `{"accept":true}`, jsonType, 200), &pt)
		if pt.Status != siapekspor.ParticipantConfirmed {
			t.Fatalf("answered: %+v", pt)
		}
		// The owner's availability: never available is refused; a morning
		// is kept, the maximum unchanged.
		w.must(t, "owner", "PATCH", fmt.Sprintf("/api/v1/event-participants/%d", lamsel), toJSON(map[string]any{"available": never}), jsonType, 422)
		decode(w.must(t, "owner", "PATCH", fmt.Sprintf("/api/v1/event-participants/%d", lamsel),
			toJSON(map[string]any{"available": []siapekspor.TimeSpan{{Start: at("09:00"), End: at("12:00")}}}), jsonType, 200), &pt)
		if len(pt.Available) != 1 || pt.Max != 4 {
			t.Fatalf("the owner's availability: %+v", pt)
		}
		w.must(t, "owner", "PATCH", fmt.Sprintf("/api/v1/event-participants/%d", metro), `{"max":2}`, jsonType, 403)

		// The buyer starts from the matcher's suggestions.
		var sugg struct{ Items []store.Suggestion }
		decode(w.must(t, "buyer", "GET", fmt.Sprintf("/api/v1/event-participants/%d/suggestions", buyer), "", "", 200), &sugg)
		if len(sugg.Items) == 0 || sugg.Items[0].ParticipantID != lamsel || sugg.Items[0].Reason == "" {
			t.Fatalf("suggestions: %+v", sugg.Items)
		}
		s0 := sugg.Items[0]
		// A request to a participant not at the event: named, none stored.
		rec = w.do(t, "buyer", "POST", evp+"/requests?lang=en", toJSON(map[string]any{"requests": []any{
			map[string]any{"enterprise_participant_id": lamsel, "buyer_participant_id": buyer, "from": "buyer", "priority": "must"},
			map[string]any{"enterprise_participant_id": 999999, "buyer_participant_id": buyer, "from": "buyer"}}}), jsonType)
		want(rec, 422, "a request to nobody")
		if f := evErrorOf(t, rec).fields(); !strings.Contains(f["requests[1].enterprise_participant_id"], "Participant #999999 is not at this event") {
			t.Fatalf("a request to nobody: %v", f)
		}
		decode(w.must(t, org, "GET", evp, "", "", 200), &detail)
		if len(detail.Requests) != 0 {
			t.Fatalf("a refused batch stored %d requests", len(detail.Requests))
		}
		var asked struct{ Items []siapekspor.MeetingRequest }
		decode(w.must(t, "buyer", "POST", evp+"/requests", toJSON(map[string]any{"requests": []any{
			map[string]any{"enterprise_participant_id": lamsel, "buyer_participant_id": buyer, "from": "buyer", "priority": "must",
				"score": s0.Score, "reason": s0.Reason, "buying_request_id": s0.BuyingRequestID, "product_id": s0.ProductID},
			map[string]any{"enterprise_participant_id": metro, "buyer_participant_id": buyer, "from": "buyer", "priority": "could", "score": 40}}}),
			jsonType, 201), &asked)
		if len(asked.Items) != 2 || asked.Items[0].Answer != siapekspor.AnswerPending {
			t.Fatalf("asked: %+v", asked.Items)
		}
		rLamsel, rMetro := asked.Items[0].ID, asked.Items[1].ID
		// Only the side asked answers; the buyer cannot accept its own.
		w.must(t, "buyer", "POST", fmt.Sprintf("/api/v1/meeting-requests/%d/answer", rLamsel), `{"accept":true}`, jsonType, 403)
		w.must(t, "owner", "POST", fmt.Sprintf("/api/v1/meeting-requests/%d/answer", rLamsel), `{"accept":true}`, jsonType, 200)
		w.must(t, org, "POST", fmt.Sprintf("/api/v1/meeting-requests/%d/answer", rMetro), `{"accept":true}`, jsonType, 200)
		// A third, withdrawn by the buyer before the agenda.
		decode(w.must(t, "buyer", "POST", evp+"/requests", toJSON(map[string]any{"requests": []any{
			map[string]any{"enterprise_participant_id": metro, "buyer_participant_id": buyer, "from": "enterprise"}}}), jsonType, 422), &evAPIError{})
		decode(w.must(t, org, "POST", evp+"/requests", toJSON(map[string]any{"requests": []any{
			map[string]any{"enterprise_participant_id": metro, "buyer_participant_id": buyer, "from": "enterprise", "priority": "want"}}}),
			jsonType, 201), &asked)
		w.must(t, "buyer", "DELETE", fmt.Sprintf("/api/v1/meeting-requests/%d", asked.Items[0].ID), "", "", 403)
		w.must(t, org, "DELETE", fmt.Sprintf("/api/v1/meeting-requests/%d", asked.Items[0].ID), "", "", 204)

		// The scheduler's run: the weight against the bound.
		w.must(t, org, "POST", evp+"/schedule", `{"rule":"fastest"}`, jsonType, 422)
		var run struct {
			Meetings, Weight, Bound, Musts int
			MustBound                      int `json:"must_bound"`
			Covered                        int
			Ratio                          float64
			Optimal                        bool
			Unscheduled                    []struct{ Reason string }
		}
		decode(w.must(t, org, "POST", evp+"/schedule", `{"rule":"cover-first","seed":3}`, jsonType, 200), &run)
		if run.Meetings != 2 || run.Weight == 0 || run.Weight > run.Bound || run.Ratio <= 0 || run.Musts != 1 || run.Covered != 2 || run.Unscheduled == nil {
			t.Fatalf("run: %+v", run)
		}
		decode(w.must(t, org, "GET", evp, "", "", 200), &detail)
		if len(detail.Meetings) != 2 || detail.Run == nil || detail.Run.Weight != run.Weight {
			t.Fatalf("the agenda: %+v", detail)
		}
		var mLamsel, mMetro *siapekspor.Meeting
		for _, m := range detail.Meetings {
			if m.EnterprisePID == lamsel {
				mLamsel = m
			} else {
				mMetro = m
			}
		}
		if mLamsel.Start.After(at("11:59")) {
			t.Fatalf("the owner's meeting outside its morning: %v", mLamsel.Start)
		}

		// Agendas: JSON, iCalendar, PDF, WhatsApp text; the owner its own.
		var ag struct{ Items []siapekspor.Agenda }
		decode(w.must(t, "owner", "GET", evp+"/agendas", "", "", 200), &ag)
		if len(ag.Items) != 1 || ag.Items[0].Participant.ID != lamsel || len(ag.Items[0].Items) != 1 || ag.Items[0].Items[0].With == "" {
			t.Fatalf("the owner's agendas: %+v", ag.Items)
		}
		w.must(t, "owner", "GET", fmt.Sprintf("%s/agendas?participant=%d", evp, metro), "", "", 404)
		w.must(t, "owner", "GET", evp+"/agendas?table=1", "", "", 403)
		rec = w.must(t, "owner", "GET", fmt.Sprintf("%s/agendas?participant=%d&format=ics", evp, lamsel), "", "", 200)
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/calendar") || !strings.Contains(rec.Body.String(), "BEGIN:VEVENT") {
			t.Errorf("ics: %s %s", rec.Header().Get("Content-Type"), firstLine(rec.Body.String()))
		}
		req = httptest.NewRequest("GET", evp+"/agendas?table=1", nil)
		req.Header.Set("Cookie", w.cookies[org])
		req.Header.Set("Accept", "application/pdf")
		rec = httptest.NewRecorder()
		w.s.ServeHTTP(rec, req)
		if rec.Code != 200 || !strings.HasPrefix(rec.Body.String(), "%PDF-") || !strings.Contains(rec.Header().Get("Content-Disposition"), "meja-1.pdf") {
			t.Errorf("a table's PDF: %d %v", rec.Code, rec.Header())
		}
		rec = w.must(t, "buyer", "GET", evp+"/agendas?format=txt&lang=en", "", "", 200)
		if !strings.Contains(rec.Body.String(), "Kopi Lamsel") || !strings.Contains(rec.Body.String(), "Tapis Metro") {
			t.Errorf("the buyer's WhatsApp text: %s", rec.Body.String())
		}
		for q, field := range map[string]string{"?format=ics": "participant", "?format=docx": "format", "?table=x": "table",
			fmt.Sprintf("?participant=%d&table=1", lamsel): "table"} {
			rec := w.do(t, org, "GET", evp+"/agendas"+q, "", "")
			if rec.Code != 422 || evErrorOf(t, rec).fields()[field] == "" {
				t.Errorf("agendas%s: %d %s", q, rec.Code, firstLine(rec.Body.String()))
			}
		}

		var sent struct {
			First  bool
			Notify []int64
		}
		decode(w.must(t, org, "POST", evp+"/agendas/send", "", "", 200), &sent)
		if !sent.First {
			t.Fatalf("the first sending: %+v", sent)
		}

		// A place that double-books the buyer (the Metro meeting into the
		// Lamsel meeting's slot): a field error, nothing moved.
		place := fmt.Sprintf("%s/meetings/%d", evp, mMetro.ID)
		rec = w.do(t, org, "PATCH", place+"?lang=en", toJSON(map[string]any{"start": mLamsel.Start, "table": 3 - mLamsel.Table}), jsonType)
		want(rec, 422, "double booking by hand")
		if e := evErrorOf(t, rec); len(e.Error.Fields) == 0 || !strings.Contains(e.Error.Fields[0].Message, "two meetings") {
			t.Fatalf("double booking: %+v", e)
		}
		rec = w.do(t, org, "PATCH", place+"?lang=en", toJSON(map[string]any{"start": at("09:15"), "table": 1}), jsonType)
		if f := evErrorOf(t, rec).fields(); rec.Code != 422 || !strings.Contains(f["start"], "No meeting slot starts at") {
			t.Fatalf("no such slot: %d %v", rec.Code, f)
		}
		w.must(t, org, "PATCH", place, toJSON(map[string]any{"start": at("11:30"), "table": 9}), jsonType, 422)
		w.must(t, org, "PATCH", place, `{}`, jsonType, 422)
		decode(w.must(t, org, "GET", evp, "", "", 200), &detail)
		for _, m := range detail.Meetings {
			if m.ID == mMetro.ID && (!m.Start.Equal(mMetro.Start) || m.Table != mMetro.Table) {
				t.Fatal("a refused place moved the meeting")
			}
		}
		// Adding by hand a request already on the agenda: refused.
		w.must(t, org, "POST", evp+"/meetings", toJSON(map[string]any{"request_id": rMetro, "start": at("11:30"), "table": 1}), jsonType, 422)
		// A free slot: moved and pinned; both sides must be told.
		free := at("11:30")
		if mLamsel.Start.Equal(free) {
			free = at("11:00")
		}
		var moved siapekspor.Meeting
		decode(w.must(t, org, "PATCH", place, toJSON(map[string]any{"start": free, "table": 1}), jsonType, 200), &moved)
		if !moved.Pinned || !moved.Start.Equal(free) {
			t.Fatalf("moved: %+v", moved)
		}
		decode(w.must(t, org, "GET", evp, "", "", 200), &detail)
		if detail.Changes == nil || detail.Changes.Moved != 1 || len(detail.Changes.Notify) != 2 {
			t.Fatalf("changes: %+v", detail.Changes)
		}
		decode(w.must(t, org, "PATCH", place, `{"pinned":false}`, jsonType, 200), &moved)
		if moved.Pinned {
			t.Fatal("unpinned meeting still pinned")
		}
		decode(w.must(t, org, "POST", evp+"/agendas/send", "", "", 200), &sent)
		if sent.First || len(sent.Notify) != 2 {
			t.Fatalf("who must be told: %+v", sent)
		}
		w.must(t, org, "PATCH", fmt.Sprintf("%s/meetings/%d", evp, 987654), `{"pinned":true}`, jsonType, 404)
		// The request on the agenda cannot be withdrawn.
		w.must(t, "buyer", "DELETE", fmt.Sprintf("/api/v1/meeting-requests/%d", rMetro), "", "", 409)

		// On the day: check-in and outcomes; nobody that does not exist.
		rec = w.do(t, org, "POST", "/api/v1/event-participants/987654/check-in?lang=en", `{}`, jsonType)
		if rec.Code != 404 || !strings.Contains(evErrorOf(t, rec).Error.Message, "participant does not exist") {
			t.Fatalf("check-in of nobody: %d %s", rec.Code, firstLine(rec.Body.String()))
		}
		rec = w.do(t, org, "POST", evp+"/meetings/987654/result?lang=en", `{"attendance":"held","outcome":"interested"}`, jsonType)
		if rec.Code != 404 || !strings.Contains(evErrorOf(t, rec).Error.Message, "meeting does not exist") {
			t.Fatalf("the result of no meeting: %d %s", rec.Code, firstLine(rec.Body.String()))
		}
		lm := fmt.Sprintf("%s/meetings/%d/result", evp, mLamsel.ID)
		rec = w.do(t, org, "POST", lm+"?lang=en", `{"attendance":"held","outcome":"negotiation"}`, jsonType)
		if f := evErrorOf(t, rec).fields(); rec.Code != 422 || !strings.Contains(f["attendance"], "starts at") {
			t.Fatalf("a result before the meeting: %d %v", rec.Code, f)
		}
		was := db.Now
		db.Now = func() time.Time { return at("15:00").UTC() }
		defer func() { db.Now = was }()
		w.must(t, org, "POST", lm, `{"attendance":"no_show_buyer","outcome":"interested"}`, jsonType, 422)
		var ci siapekspor.Participant
		decode(w.must(t, org, "POST", fmt.Sprintf("/api/v1/event-participants/%d/check-in", lamsel), `{"in":true}`, jsonType, 200), &ci)
		if ci.CheckedInAt == nil {
			t.Fatal("not checked in")
		}
		w.must(t, "owner", "POST", fmt.Sprintf("/api/v1/event-participants/%d/check-in", lamsel), `{}`, jsonType, 403)
		var held siapekspor.Meeting
		decode(w.must(t, org, "POST", lm, `{"attendance":"held","outcome":"negotiation","note":"harga per kg","follow_up_on":"2030-06-20"}`, jsonType, 200), &held)
		if held.MatchID == 0 || held.Outcome != siapekspor.OutcomeNegotiation {
			t.Fatalf("held: %+v", held)
		}
		w.must(t, org, "DELETE", fmt.Sprintf("%s/meetings/%d", evp, mLamsel.ID), "", "", 409)
		w.must(t, org, "POST", evp+"/schedule", `{}`, jsonType, 409)
		w.must(t, org, "DELETE", fmt.Sprintf("%s/meetings/%d", evp, mMetro.ID), "", "", 204)

		var rep siapekspor.EventReport
		decode(w.must(t, org, "GET", evp+"/report", "", "", 200), &rep)
		if rep.Total.Held != 1 || rep.Total.Outcomes[2] != 1 || len(rep.FollowUps) != 1 || rep.CheckedIn != 1 {
			t.Fatalf("report: %+v", rep)
		}
		rec = w.must(t, org, "GET", evp+"/report?format=xlsx", "", "", 200)
		if !strings.HasPrefix(rec.Body.String(), "PK") || !strings.Contains(rec.Header().Get("Content-Type"), "spreadsheetml") {
			t.Errorf("report xlsx: %v", rec.Header())
		}
		w.must(t, org, "GET", evp+"/report?format=pdf", "", "", 422)
		// No permission to read events, or no such event.
		w.must(t, "trainer", "GET", evp, "", "", 403)
		w.must(t, org, "GET", "/api/v1/events/987654", "", "", 404)
	})
}
