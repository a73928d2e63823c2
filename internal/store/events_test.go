package store_test

import (
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/schedule"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// matchingDay is a one-day event of 30-minute meetings, 09:00–12:00 with a
// break 10:00–10:30 (five slots), two tables.
func matchingDay(org int64, date string) *siapekspor.Event {
	return &siapekspor.Event{Name: "Temu Bisnis Kopi Lampung", Kind: siapekspor.EventBusinessMatching, OrgID: org,
		TimeZone: "Asia/Jakarta", Days: []siapekspor.EventDay{{Date: date, Start: "09:00", End: "12:00"}},
		Breaks: []siapekspor.ClockSpan{{Start: "10:00", End: "10:30"}}, Venue: "Balai Keratun, Bandar Lampung",
		MeetingMinutes: 30, Tables: 2, DefaultMax: 4}
}

func TestEventFromRequestsToOutcomes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		office := &siapekspor.Organisation{Name: "Disperindag Provinsi Lampung", Kind: siapekspor.OrgProvincialOffice}
		importer := &siapekspor.Organisation{Name: "Seattle Coffee Importers (sintetis)", Kind: siapekspor.OrgForeignBuyer}
		bumn := &siapekspor.Organisation{Name: "PT Perkebunan Nusantara (sintetis)", Kind: siapekspor.OrgBUMN}
		lender := &siapekspor.Organisation{Name: "LPEI", Kind: siapekspor.OrgLender}
		for _, o := range []*siapekspor.Organisation{office, importer, bumn, lender} {
			if err := db.CreateOrganisation(ctx, o); err != nil {
				t.Fatal(err)
			}
		}
		var ents []*siapekspor.Enterprise
		for i, name := range []string{"Kopi Liwa Jaya", "Kopi Way Tebu", "Keripik Pisang Mbak Sri"} {
			e := validEnterprise()
			e.Name, e.NIB = name, ""
			e.Phone = "0812345678" + string(rune('0'+i))
			if err := db.CreateEnterprise(ctx, e); err != nil {
				t.Fatal(err)
			}
			if err := db.CreateProduct(ctx, coffee(e.ID)); err != nil {
				t.Fatal(err)
			}
			ents = append(ents, e)
		}
		req := coffeeRequest(importer.ID, db.Now())
		if err := db.CreateRequest(ctx, req); err != nil {
			t.Fatal(err)
		}

		// Bad events: nothing stored, every field named.
		bad := matchingDay(office.ID, "2026-12-15")
		bad.Tables = 0
		bad.Breaks = append(bad.Breaks, siapekspor.ClockSpan{Start: "10:15", End: "10:45"})
		_, err := db.CreateEvent(ctx, bad)
		if k := fieldKeys(t, err); k["tables"] != "event.no_tables" || k["breaks[1]"] != "event.breaks_overlap" {
			t.Fatalf("bad event: %v", k)
		}
		if list, _ := db.ListEvents(ctx, store.EventFilter{}); len(list) != 0 {
			t.Fatalf("a bad event was stored: %v", list)
		}
		// A day that is all break has no slot.
		allBreak := matchingDay(office.ID, "2026-12-15")
		allBreak.Breaks = []siapekspor.ClockSpan{{Start: "08:00", End: "13:00"}}
		if _, err := db.CreateEvent(ctx, allBreak); fieldKeys(t, err)["breaks"] != "event.no_slots" {
			t.Fatalf("all break: %v", err)
		}

		ev, err := db.CreateEvent(ctx, matchingDay(office.ID, "2026-12-15"))
		if err != nil {
			t.Fatal(err)
		}
		// A lender is no buyer; an enterprise listed twice is refused; none stored.
		_, err = db.AddParticipants(ctx, ev.ID, []store.NewParticipant{{EnterpriseID: ents[0].ID}, {OrgID: lender.ID}, {EnterpriseID: ents[0].ID}})
		if k := fieldKeys(t, err); k["participants[1].org_id"] != "event.not_a_buyer" || k["participants[2]"] != "event.listed_twice" {
			t.Fatalf("bad participants: %v", k)
		}
		// A participant never available: its only span lies in the break.
		jkt, _ := time.LoadLocation("Asia/Jakarta")
		at := func(clock string) time.Time {
			t0, _ := time.ParseInLocation("2006-01-02 15:04", "2026-12-15 "+clock, jkt)
			return t0
		}
		_, err = db.AddParticipants(ctx, ev.ID, []store.NewParticipant{{EnterpriseID: ents[0].ID,
			Available: []siapekspor.TimeSpan{{Start: at("10:00"), End: at("10:30")}}}})
		if fieldKeys(t, err)["participants[0].available"] != "event.never_available" {
			t.Fatalf("never available: %v", err)
		}
		parts, err := db.AddParticipants(ctx, ev.ID, []store.NewParticipant{{EnterpriseID: ents[0].ID}, {EnterpriseID: ents[1].ID},
			{EnterpriseID: ents[2].ID, Invite: true}, {OrgID: importer.ID}, {OrgID: bumn.ID}})
		if err != nil {
			t.Fatal(err)
		}
		pid := map[string]int64{}
		for _, p := range parts {
			pid[p.Name] = p.ID
		}
		e0, e1, e2, buyer, pkt := pid[ents[0].Name], pid[ents[1].Name], pid[ents[2].Name], pid[importer.Name], pid[bumn.Name]

		// The invited owner answers; nobody answers for it.
		owner2 := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOwner, ents[2].ID, ""))
		if _, err := db.AnswerInvitation(ctx, e2, true); siapekspor.KeyOf(err) != "event.answer_own" {
			t.Fatalf("answered for the owner: %v", err)
		}
		if p, err := db.AnswerInvitation(owner2, e2, true); err != nil || p.Status != siapekspor.ParticipantConfirmed {
			t.Fatalf("owner's answer: %v %v", p, err)
		}

		// The buyer starts from the matcher's ranked list.
		buyerCtx := siapekspor.WithActor(ctx, siapekspor.Actor{UserID: 5, Role: siapekspor.RoleBuyer, OrgID: importer.ID, Label: "buyer@example.com"})
		sugg, err := db.Suggestions(buyerCtx, buyer)
		if err != nil || len(sugg) != 3 || sugg[0].Score <= 0 || sugg[0].BuyingRequestID != req.ID || sugg[0].Reason == "" {
			t.Fatalf("suggestions: %+v %v", sugg, err)
		}
		// A request to a participant not at the event, and one asked for another side.
		_, err = db.RequestMeetings(buyerCtx, ev.ID, []siapekspor.MeetingRequest{
			{EnterprisePID: 999999, BuyerPID: buyer, From: siapekspor.SideBuyer, Priority: siapekspor.PriorityMust},
			{EnterprisePID: e0, BuyerPID: pkt, From: siapekspor.SideBuyer, Priority: siapekspor.PriorityMust}}, false)
		if k := fieldKeys(t, err); k["requests[0].enterprise_participant_id"] != "event.not_at_event" || k["requests[1].from"] != "event.not_yours" {
			t.Fatalf("bad requests: %v", k)
		}
		var asks []siapekspor.MeetingRequest
		for _, s := range sugg {
			asks = append(asks, siapekspor.MeetingRequest{EnterprisePID: s.ParticipantID, BuyerPID: buyer, From: siapekspor.SideBuyer,
				Priority: siapekspor.PriorityMust, Score: s.Score, Reason: s.Reason, BuyingRequestID: s.BuyingRequestID, ProductID: s.ProductID})
		}
		reqs, err := db.RequestMeetings(buyerCtx, ev.ID, asks, false)
		if err != nil || len(reqs) != 3 {
			t.Fatalf("requests: %v %v", reqs, err)
		}
		// The asked owners answer; a buyer cannot answer its own request.
		if _, err := db.AnswerMeetingRequest(buyerCtx, reqs[0].ID, true); siapekspor.KeyOf(err) != "event.answer_asked" {
			t.Fatalf("buyer answered its own: %v", err)
		}
		for _, r := range reqs {
			eid := int64(0)
			for i, e := range ents {
				if pid[e.Name] == r.EnterprisePID {
					eid = ents[i].ID
				}
			}
			oc := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOwner, eid, ""))
			if _, err := db.AnswerMeetingRequest(oc, r.ID, true); err != nil {
				t.Fatal(err)
			}
		}
		// The organiser adds the partnership requests, accepted at once.
		if _, err := db.RequestMeetings(ctx, ev.ID, []siapekspor.MeetingRequest{
			{EnterprisePID: e0, BuyerPID: pkt, From: siapekspor.SideBuyer, Priority: siapekspor.PriorityWant, Score: 60},
			{EnterprisePID: e1, BuyerPID: pkt, From: siapekspor.SideEnterprise, Priority: siapekspor.PriorityCould, Score: 40}}, true); err != nil {
			t.Fatal(err)
		}

		run, err := db.ScheduleEvent(ctx, ev.ID, store.ScheduleOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if run.Meetings != 5 || run.Weight > run.Bound || run.Covered != 3 {
			t.Fatalf("run %+v", run)
		}
		d, err := db.EventDetail(ctx, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		checkNoDoubleBooking(t, d.Meetings)

		// The owner reads its own agenda only; the buyer its own.
		owner0 := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOwner, ents[0].ID, ""))
		ag, err := db.Agendas(owner0, ev.ID, 0, 0)
		if err != nil || len(ag) != 1 || ag[0].Participant.ID != e0 || len(ag[0].Items) != 2 {
			t.Fatalf("owner's agendas: %v %v", ag, err)
		}
		if _, err := db.Agendas(owner0, ev.ID, e1, 0); siapekspor.ErrorCodeOf(err) != siapekspor.ENotFound {
			t.Fatalf("another's agenda: %v", err)
		}
		stranger := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOwner, 424242, ""))
		if _, err := db.Event(stranger, ev.ID); siapekspor.ErrorCodeOf(err) != siapekspor.ENotFound {
			t.Fatalf("a stranger reads the event: %v", err)
		}

		if _, err := db.SendAgendas(ctx, ev.ID); err != nil {
			t.Fatal(err)
		}
		// Move one meeting by hand into a slot where its buyer is busy: refused.
		m0 := d.Meetings[0]
		var clash *siapekspor.Meeting
		for _, m := range d.Meetings {
			if m.BuyerPID == m0.BuyerPID && !m.Start.Equal(m0.Start) {
				clash = m
			}
		}
		if clash != nil {
			if _, err := db.PlaceMeeting(ctx, ev.ID, m0.ID, 0, store.MeetingPlace{Start: clash.Start, Table: 3 - clash.Table}); siapekspor.ErrorCodeOf(err) != siapekspor.EInvalid {
				t.Fatalf("double booking by hand: %v", err)
			}
		}
		if _, err := db.PlaceMeeting(ctx, ev.ID, m0.ID, 0, store.MeetingPlace{Start: at("09:15"), Table: 1}); fieldKeys(t, err)["start"] != "event.no_such_slot" {
			t.Fatalf("no such slot: %v", err)
		}
		// A free slot: the last one, at a table nobody uses then.
		free := at("11:30")
		busy := map[int64]bool{}
		for _, m := range d.Meetings {
			if m.Start.Equal(free) {
				busy[m.EnterprisePID], busy[m.BuyerPID] = true, true
			}
		}
		var mover *siapekspor.Meeting
		for _, m := range d.Meetings {
			if !m.Start.Equal(free) && !busy[m.EnterprisePID] && !busy[m.BuyerPID] {
				mover = m
				break
			}
		}
		if mover != nil {
			table := 1
			for _, m := range d.Meetings {
				if m.Start.Equal(free) && m.Table == 1 {
					table = 2
				}
			}
			moved, err := db.PlaceMeeting(ctx, ev.ID, mover.ID, 0, store.MeetingPlace{Start: free, Table: table})
			if err != nil || !moved.Pinned || !moved.Start.Equal(free) {
				t.Fatalf("move: %v %v", moved, err)
			}
			d2, err := db.EventDetail(ctx, ev.ID)
			if err != nil || d2.Changes == nil || d2.Changes.Moved != 1 || len(d2.Changes.Notify) != 2 {
				t.Fatalf("changes after the agendas were sent: %+v %v", d2.Changes, err)
			}
			// A re-run keeps the pin.
			if _, err := db.ScheduleEvent(ctx, ev.ID, store.ScheduleOptions{}); err != nil {
				t.Fatal(err)
			}
			again, err := db.EventDetail(ctx, ev.ID)
			if err != nil {
				t.Fatal(err)
			}
			kept := false
			for _, m := range again.Meetings {
				if m.RequestID == mover.RequestID && m.Start.Equal(free) && m.Pinned {
					kept = true
				}
			}
			if !kept {
				t.Fatal("the re-run moved a pinned meeting")
			}
			checkNoDoubleBooking(t, again.Meetings)
			d = again
		}

		// Outcomes: not before the meeting; then it moves the match.
		var coffeeMeeting *siapekspor.Meeting
		for _, m := range d.Meetings {
			if m.BuyerPID == buyer {
				coffeeMeeting = m
				break
			}
		}
		db.Now = func() time.Time { return at("08:00").UTC() }
		held := siapekspor.MeetingResult{Attendance: siapekspor.AttendanceHeld, Outcome: siapekspor.OutcomeNegotiation, Note: "price per kg agreed in principle"}
		if _, err := db.RecordMeeting(ctx, ev.ID, coffeeMeeting.ID, held); fieldKeys(t, err)["attendance"] != "event.not_yet" {
			t.Fatalf("recorded before the meeting: %v", err)
		}
		if _, err := db.RecordMeeting(ctx, ev.ID, 987654, held); siapekspor.ErrorCodeOf(err) != siapekspor.ENotFound {
			t.Fatalf("a meeting that does not exist: %v", err)
		}
		if _, err := db.CheckIn(ctx, 987654, true); siapekspor.ErrorCodeOf(err) != siapekspor.ENotFound {
			t.Fatalf("check-in of nobody: %v", err)
		}
		bad2 := siapekspor.MeetingResult{Attendance: siapekspor.NoShowBuyer, Outcome: siapekspor.OutcomeInterested}
		if _, err := db.RecordMeeting(ctx, ev.ID, coffeeMeeting.ID, bad2); fieldKeys(t, err)["outcome"] != "event.outcome_not_held" {
			t.Fatalf("outcome of a no-show: %v", err)
		}
		db.Now = func() time.Time { return at("15:00").UTC() }
		if _, err := db.CheckIn(ctx, buyer, true); err != nil {
			t.Fatal(err)
		}
		rec, err := db.RecordMeeting(ctx, ev.ID, coffeeMeeting.ID, held)
		if err != nil || rec.MatchID == 0 || rec.Outcome != siapekspor.OutcomeNegotiation {
			t.Fatalf("record: %+v %v", rec, err)
		}
		mt, err := db.Match(ctx, rec.MatchID)
		if err != nil || mt.Step != siapekspor.StepNegotiation {
			t.Fatalf("the match after the meeting: %+v %v", mt, err)
		}
		// The agenda is history now: no re-run.
		if _, err := db.ScheduleEvent(ctx, ev.ID, store.ScheduleOptions{}); siapekspor.KeyOf(err) != "event.already_held" {
			t.Fatalf("re-run after the day: %v", err)
		}
		rep, err := db.EventReport(ctx, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Total.Held != 1 || rep.Total.Outcomes[2] != 1 || rep.Total.FollowUps != 1 || len(rep.FollowUps) != 1 ||
			rep.CheckedIn != 1 || rep.Enterprises != 3 || rep.Buyers != 2 || len(rep.ByRegency) == 0 {
			t.Fatalf("report %+v", rep)
		}
		// The month's report counts the meeting held.
		mf, err := db.MonthlyFigures(ctx, store.MonthlyQuery{Province: "18", From: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
			To: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil || mf.EventsHeld != 1 || mf.EventMeetings != 1 || mf.EventEnterprises != 1 || mf.EventFollowUps != 1 {
			t.Fatalf("monthly figures: %+v %v", mf, err)
		}
		nov, err := db.MonthlyFigures(ctx, store.MonthlyQuery{Province: "18", From: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
			To: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil || nov.EventsHeld != 0 {
			t.Fatalf("November holds December's meeting: %+v %v", nov, err)
		}
	})
}

func checkNoDoubleBooking(t *testing.T, meetings []*siapekspor.Meeting) {
	t.Helper()
	type key struct {
		who  int64
		slot int64
	}
	seen := map[key]bool{}
	tables := map[[2]int64]bool{}
	for _, m := range meetings {
		for _, k := range []key{{m.EnterprisePID, m.Start.Unix()}, {m.BuyerPID, m.Start.Unix()}} {
			if seen[k] {
				t.Fatalf("participant %d twice at %s", k.who, m.Start)
			}
			seen[k] = true
		}
		tk := [2]int64{int64(m.Table), m.Start.Unix()}
		if tables[tk] {
			t.Fatalf("table %d twice at %s", m.Table, m.Start)
		}
		tables[tk] = true
	}
}

// TestEventSlotsAgreeWithTheScheduler: the domain's cut of an event into
// slots is the scheduler's (schedule.MakeSlots).
func TestEventSlotsAgreeWithTheScheduler(t *testing.T) {
	ev := matchingDay(1, "2026-12-15")
	ev.Days = append(ev.Days, siapekspor.EventDay{Date: "2026-12-16", Start: "08:10", End: "15:55"})
	ev.Breaks = append(ev.Breaks, siapekspor.ClockSpan{Start: "11:50", End: "13:05"})
	for _, minutes := range []int{5, 20, 30, 45, 90} {
		ev.MeetingMinutes = minutes
		days, breaks := ev.Spans()
		got := siapekspor.EventSlots(days, breaks, minutes)
		var sd, sb []schedule.Interval
		for _, d := range days {
			sd = append(sd, schedule.Interval{Start: d.Start, End: d.End})
		}
		for _, b := range breaks {
			sb = append(sb, schedule.Interval{Start: b.Start, End: b.End})
		}
		want := schedule.MakeSlots(sd, time.Duration(minutes)*time.Minute, sb)
		if len(got) != len(want) {
			t.Fatalf("%d min: %d slots, scheduler %d", minutes, len(got), len(want))
		}
		for i := range got {
			if !got[i].Start.Equal(want[i].Start) || !got[i].End.Equal(want[i].End) {
				t.Fatalf("%d min slot %d: %v, scheduler %v", minutes, i, got[i], want[i])
			}
		}
	}
}
