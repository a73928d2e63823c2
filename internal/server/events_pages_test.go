package server_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestEventPagesFlow follows a business-matching event through its pages:
// the organiser's bad event is refused field by field with what was typed
// kept, the good one is saved; participants are added; the owner asks the
// buyer from its suggestions and the buyer accepts; the scheduler's run
// shows its weight against the bound; a meeting is moved (pinned), the
// agendas are sent and a later move lists who must be told; the agenda's
// page, .ics and PDF answer; the outcome form refuses a held meeting
// without an outcome and then records it; the report and its XLSX answer.
func TestEventPagesFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		buyerOrg := w.users["buyer"].OrgID
		w.buyers(t) // the buyer's open request for coffee, which the matcher pairs with Kopi Lamsel
		const org = "officer_prov"

		// A bad event: no tables, overlapping breaks. Nothing is saved.
		ev := yesterdaysEvent("Temu Kemitraan Kopi")
		form := eventForm(ev)
		form.Set("tables", "0")
		form["break_start"] = []string{"12:00", "12:30"}
		form["break_end"] = []string{"13:00", "13:30"}
		rec := w.do(t, org, "POST", "/events", form.Encode(), formType)
		body := rec.Body.String()
		if rec.Code != 422 || !strings.Contains(body, "Jumlah meja (atau ruang virtual) paling sedikit 1") ||
			!strings.Contains(body, "bertumpang tindih dengan istirahat ke-1") || !strings.Contains(body, `value="Temu Kemitraan Kopi"`) ||
			!strings.Contains(body, `value="12:30"`) {
			t.Fatalf("bad event: %d %s", rec.Code, firstLine(body))
		}
		if list, _ := db.ListEvents(w.adminCtx(), store.EventFilter{}); len(list) != 0 {
			t.Fatalf("a refused event was stored: %v", list)
		}
		// In English too, next to the field.
		rec = w.do(t, org, "POST", "/events?lang=en", form.Encode(), formType)
		if !strings.Contains(rec.Body.String(), "At least 1 table (or virtual room).") || !strings.Contains(rec.Body.String(), "This break overlaps break 1.") {
			t.Errorf("English errors: %s", firstLine(rec.Body.String()))
		}

		rec = w.must(t, org, "POST", "/events", eventForm(ev).Encode(), formType, 303)
		loc := rec.Header().Get("Location")
		var id int64
		if _, err := fmt.Sscanf(loc, "/events/%d", &id); err != nil {
			t.Fatalf("saved to %q", loc)
		}
		page := fmt.Sprintf("/events/%d", id)
		if !strings.Contains(w.must(t, org, "GET", "/events", "", "", 200).Body.String(), page) {
			t.Error("the list does not show the event")
		}

		// Participants: two enterprises by number, the buyer's organisation.
		add := url.Values{"enterprise_ids": {fmt.Sprintf("%d, %d", w.lamsel.ID, w.metro.ID)}, "org_id": {fmt.Sprint(buyerOrg)}}
		w.must(t, org, "POST", page+"/participants", add.Encode(), formType, 303)
		// A number that is no enterprise: refused by field, none added.
		rec = w.do(t, org, "POST", page+"/participants", url.Values{"enterprise_ids": {"abc"}}.Encode(), formType)
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "bukan nomor usaha") {
			t.Errorf("bad enterprise number: %d", rec.Code)
		}
		d, err := db.EventDetail(w.adminCtx(), id)
		if err != nil || len(d.Participants) != 3 {
			t.Fatalf("participants: %v %v", d, err)
		}
		pid := map[int64]int64{}
		var buyerPID int64
		for _, p := range d.Participants {
			if p.Side == siapekspor.SideBuyer {
				buyerPID = p.ID
			} else {
				pid[p.EnterpriseID] = p.ID
			}
		}
		lamsel := pid[w.lamsel.ID]

		// The owner asks the buyer for a meeting from its suggestions.
		own := w.must(t, "owner", "GET", page, "", "", 200).Body.String()
		if !strings.Contains(own, fmt.Sprintf(`name="pick" value="%d"`, buyerPID)) {
			t.Fatalf("the owner's page does not suggest the buyer: %s", firstLine(own))
		}
		ask := url.Values{"pid": {fmt.Sprint(lamsel)}, "pick": {fmt.Sprint(buyerPID)}, fmt.Sprintf("priority_%d", buyerPID): {"must"}}
		w.must(t, "owner", "POST", page+"/requests", ask.Encode(), formType, 303)
		// The owner withdraws it (asked first; the buyer may not), then asks again.
		d, _ = db.EventDetail(w.adminCtx(), id)
		first := d.Requests[0].ID
		withdraw := fmt.Sprintf("%s/requests/%d/withdraw", page, first)
		if !strings.Contains(w.must(t, "owner", "GET", page, "", "", 200).Body.String(), withdraw) {
			t.Error("the owner's page offers no withdrawal")
		}
		if !strings.Contains(w.must(t, "owner", "GET", withdraw, "", "", 200).Body.String(), "Tarik permintaan pertemuan dengan") {
			t.Error("the withdrawal does not ask first")
		}
		if rec := w.do(t, "buyer", "POST", withdraw, "confirm=yes", formType); rec.Code != 403 {
			t.Errorf("the buyer withdrew the owner's request: %d", rec.Code)
		}
		w.must(t, "owner", "POST", withdraw, "confirm=yes", formType, 303)
		if d, _ = db.EventDetail(w.adminCtx(), id); len(d.Requests) != 0 {
			t.Fatalf("withdrawn but kept: %+v", d.Requests)
		}
		w.must(t, "owner", "POST", page+"/requests", ask.Encode(), formType, 303)
		// The buyer sees it and accepts.
		d, _ = db.EventDetail(w.adminCtx(), id)
		if len(d.Requests) != 1 || d.Requests[0].Priority != siapekspor.PriorityMust || d.Requests[0].Score <= 0 {
			t.Fatalf("requests: %+v", d.Requests)
		}
		rid := d.Requests[0].ID
		if !strings.Contains(w.must(t, "buyer", "GET", page, "", "", 200).Body.String(), fmt.Sprintf("/requests/%d/answer", rid)) {
			t.Error("the buyer's page offers no answer")
		}
		w.must(t, "buyer", "POST", fmt.Sprintf("%s/requests/%d/answer", page, rid), "answer=accept", formType, 303)
		// The organiser adds one for Metro, accepted at once.
		w.must(t, org, "POST", page+"/requests", url.Values{"enterprise_pid": {fmt.Sprint(pid[w.metro.ID])}, "buyer_pid": {fmt.Sprint(buyerPID)},
			"priority": {"want"}}.Encode(), formType, 303)

		// The scheduler: its weight against the bound.
		w.must(t, org, "POST", page+"/schedule", "rule=cover-first", formType, 303)
		d, _ = db.EventDetail(w.adminCtx(), id)
		if d.Run == nil || len(d.Meetings) != 2 {
			t.Fatalf("run: %+v meetings %d", d.Run, len(d.Meetings))
		}
		body = w.must(t, org, "GET", page, "", "", 200).Body.String()
		if want := fmt.Sprintf("<strong>%d</strong> / %d", d.Run.Weight, d.Run.Bound); !strings.Contains(body, want) || !strings.Contains(body, "Bobot tercapai") {
			t.Errorf("the run's weight vs bound (%s) is not shown", want)
		}
		if rec := w.do(t, org, "POST", page+"/schedule", "rule=fastest", formType); rec.Code != 422 {
			t.Errorf("an unknown rule: %d", rec.Code)
		}

		// Move a meeting: to a free slot at table 3, pinned there.
		slots := w.eventSlots(d.Event)
		m := d.Meetings[0]
		move := func(to int) {
			t.Helper()
			w.must(t, org, "POST", fmt.Sprintf("%s/meetings/%d/move", page, m.ID), url.Values{"slot": {fmt.Sprint(slots[to].Unix())}, "table": {"3"}}.Encode(), formType, 303)
		}
		move(len(slots) - 1)
		w.must(t, org, "POST", fmt.Sprintf("%s/meetings/%d/pin", page, m.ID), "pinned=0", formType, 303)
		w.must(t, org, "POST", fmt.Sprintf("%s/meetings/%d/pin", page, m.ID), "pinned=1", formType, 303)
		// Onto a taken table: refused, nothing moved.
		other := d.Meetings[1]
		rec = w.do(t, org, "POST", fmt.Sprintf("%s/meetings/%d/move", page, m.ID), url.Values{"slot": {fmt.Sprint(other.Start.Unix())}, "table": {fmt.Sprint(other.Table)}}.Encode(), formType)
		if rec.Code != 422 {
			t.Errorf("a move onto a taken table: %d", rec.Code)
		}

		// Send the agendas, then move again: who must be told.
		w.must(t, org, "POST", page+"/send", "", formType, 303)
		if strings.Contains(w.must(t, org, "GET", page, "", "", 200).Body.String(), "Perlu diberi tahu") {
			t.Error("who must be told, right after sending")
		}
		move(len(slots) - 2)
		body = w.must(t, org, "GET", page, "", "", 200).Body.String()
		if !strings.Contains(body, "Perlu diberi tahu") || !strings.Contains(body, "https://wa.me/62") || !strings.Contains(body, "Pindah: ") {
			t.Errorf("the change does not list who must be told")
		}

		// The agenda: page, calendar, PDF.
		agenda := fmt.Sprintf("%s/agendas/%d", page, lamsel)
		body = w.must(t, "owner", "GET", agenda, "", "", 200).Body.String()
		if !strings.Contains(body, "https://wa.me/") || !strings.Contains(body, agenda+"/ics") || !strings.Contains(body, "agenda-sheet") {
			t.Errorf("the agenda page: %s", firstLine(body))
		}
		rec = w.must(t, "owner", "GET", agenda+"/ics", "", "", 200)
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/calendar") || !strings.Contains(rec.Body.String(), "BEGIN:VEVENT") {
			t.Errorf("ics: %s %q", rec.Header().Get("Content-Type"), firstLine(rec.Body.String()))
		}
		rec = w.must(t, "owner", "GET", agenda+"/pdf", "", "", 200)
		if rec.Header().Get("Content-Type") != "application/pdf" || !strings.HasPrefix(rec.Body.String(), "%PDF") {
			t.Errorf("pdf: %s", rec.Header().Get("Content-Type"))
		}
		if rec := w.must(t, org, "GET", page+"/agendas/pdf", "", "", 200); !strings.HasPrefix(rec.Body.String(), "%PDF") {
			t.Error("all agendas as one PDF")
		}
		w.must(t, org, "GET", page+"/tables/3", "", "", 200)
		// Another enterprise's agenda is not the owner's.
		if rec := w.do(t, "owner", "GET", fmt.Sprintf("%s/agendas/%d", page, pid[w.metro.ID]), "", ""); rec.Code != 404 {
			t.Errorf("the owner reads Metro's agenda: %d", rec.Code)
		}

		// On the day: check-in, then the outcome form.
		w.must(t, org, "POST", fmt.Sprintf("%s/participants/%d/checkin", page, lamsel), "in=1&back=day", formType, 303)
		day := w.must(t, org, "GET", page+"/day", "", "", 200).Body.String()
		if !strings.Contains(day, fmt.Sprintf("/meetings/%d/record", m.ID)) {
			t.Fatal("the day page has no outcome form")
		}
		record := fmt.Sprintf("%s/meetings/%d/record", page, m.ID)
		rec = w.do(t, org, "POST", record, url.Values{"attendance": {"held"}, "note": {"harga FOB dibahas"}}.Encode(), formType)
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "Pilih hasil pertemuan") || !strings.Contains(rec.Body.String(), "harga FOB dibahas") {
			t.Errorf("held without an outcome: %d", rec.Code)
		}
		follow := yesterdaysEvent("").Days[0].Date
		w.must(t, org, "POST", record, url.Values{"attendance": {"held"}, "outcome": {"negotiation"}, "note": {"harga FOB"}, "follow_up_on": {follow}}.Encode(), formType, 303)
		w.must(t, org, "POST", fmt.Sprintf("%s/meetings/%d/record", page, other.ID), url.Values{"attendance": {"no_show_buyer"}}.Encode(), formType, 303)

		// The report.
		body = w.must(t, "viewer", "GET", page+"/report", "", "", 200).Body.String()
		if !strings.Contains(body, "Lampung Selatan") || !strings.Contains(body, "Negosiasi") || !strings.Contains(body, "harga FOB") {
			t.Errorf("the report: %s", firstLine(body))
		}
		rec = w.must(t, "viewer", "GET", page+"/report.xlsx", "", "", 200)
		if !strings.Contains(rec.Header().Get("Content-Type"), "spreadsheetml") || !strings.HasPrefix(rec.Body.String(), "PK") {
			t.Errorf("xlsx: %s", rec.Header().Get("Content-Type"))
		}
	})
}
