package demo_test

import (
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestProvinceEventsWithoutDevelopment: the events are made without the
// export-development story too (its own story then), and the same seed
// and day give the same events.
func TestProvinceEventsWithoutDevelopment(t *testing.T) {
	today := time.Date(2026, 12, 5, 11, 0, 0, 0, time.UTC)
	var sums []*demo.EventsSummary
	for range 2 {
		db := storetest.Open(t, "sqlite")
		db.Now = func() time.Time { return today }
		sum, err := demo.Province(sysCtx, db, demo.Options{Province: "18", Enterprises: 3000, Products: -1, Seed: 2})
		if err != nil {
			t.Fatal(err)
		}
		checkEvents(t, db, today, sum)
		sums = append(sums, sum.Events)
	}
	if *sums[0] != *sums[1] {
		t.Errorf("the same seed and day gave other events:\n%+v\n%+v", *sums[0], *sums[1])
	}
}

// checkEvents: a past partnership meeting with outcomes that moved
// matches, and an upcoming business-matching day with requests.
func checkEvents(t *testing.T, db *store.DB, today time.Time, sum *demo.Summary) {
	t.Helper()
	es := sum.Events
	t.Logf("events: %+v", *es)
	if es == nil || es.PastID == 0 || es.UpcomingID == 0 {
		t.Fatalf("events: %+v", es)
	}
	list, err := db.ListEvents(sysCtx, store.EventFilter{})
	if err != nil || len(list) != 2 {
		t.Fatalf("events listed: %+v %v", list, err)
	}
	upcoming, past := list[0], list[1]
	if past.ID != es.PastID || upcoming.ID != es.UpcomingID {
		t.Fatalf("order: %d %d", upcoming.ID, past.ID)
	}

	// The past one: the partnership meeting, weeks ago, 40 enterprises
	// from 8 regencies (on a province this small, as many as fit).
	if past.Kind != siapekspor.EventPartnership || !strings.Contains(past.Name, "Temu Kemitraan") || past.LastDay() >= today.Format(time.DateOnly) ||
		past.FirstDay() < today.AddDate(0, 0, -35).Format(time.DateOnly) || past.AgendasSentAt == nil {
		t.Errorf("past event %+v", past.Event)
	}
	d, err := db.EventDetail(sysCtx, past.ID)
	if err != nil {
		t.Fatal(err)
	}
	regencies := map[string]bool{}
	confirmed, checkedIn := 0, 0
	for _, pt := range d.Participants {
		if pt.Side == siapekspor.SideEnterprise && pt.Status == siapekspor.ParticipantConfirmed {
			confirmed++
			regencies[pt.RegencyCode] = true
			if pt.CheckedInAt != nil {
				checkedIn++
			}
		}
		if pt.Side == siapekspor.SideBuyer && pt.OrgKind != string(siapekspor.OrgBUMN) && pt.OrgKind != string(siapekspor.OrgPrivate) {
			t.Errorf("buyer %q (%s) at a partnership meeting", pt.Name, pt.OrgKind)
		}
	}
	if confirmed != 40 || len(regencies) != 8 || checkedIn >= confirmed || checkedIn < confirmed-5 {
		t.Errorf("past: %d enterprises from %d regencies, %d checked in", confirmed, len(regencies), checkedIn)
	}
	rep, err := db.EventReport(sysCtx, past.ID)
	if err != nil {
		t.Fatal(err)
	}
	tot := rep.Total
	if rep.Requests < 60 || rep.Accepted == rep.Requests || rep.Accepted < rep.Requests/2 || tot.Meetings < 40 || tot.Pending != 0 ||
		tot.NoShows == 0 || tot.Held < tot.Meetings*3/4 || len(rep.FollowUps) == 0 || len(rep.ByRegency) != 8 {
		t.Errorf("past report: %d requests, %d accepted, total %+v, %d follow-ups", rep.Requests, rep.Accepted, tot, len(rep.FollowUps))
	}
	for i, o := range siapekspor.MeetingOutcomes {
		if tot.Outcomes[i] == 0 {
			t.Errorf("no meeting with outcome %s", o)
		}
	}
	froms := map[siapekspor.Side]int{}
	prios := map[siapekspor.MeetingPriority]int{}
	for _, q := range d.Requests {
		froms[q.From]++
		prios[q.Priority]++
		if q.Reason == "" || q.BuyingRequestID == 0 || q.ProductID == 0 {
			t.Errorf("request without the matcher's reason: %+v", q)
		}
	}
	if len(froms) != 2 || len(prios) != 3 {
		t.Errorf("requests from %v, priorities %v", froms, prios)
	}
	// The outcomes moved the meetings' matches: negotiation and no fit.
	moved := map[siapekspor.MatchStep]int{}
	for _, m := range d.Meetings {
		if m.Attendance != siapekspor.AttendanceHeld {
			continue
		}
		if m.MatchID == 0 {
			t.Errorf("held meeting %d moved no match", m.ID)
			continue
		}
		mt, err := db.Match(sysCtx, m.MatchID)
		if err != nil {
			t.Fatal(err)
		}
		moved[mt.Step]++
		if m.Outcome == siapekspor.OutcomeNoFit && (mt.Step != siapekspor.StepLost || mt.LostReason != siapekspor.LostNoFit) {
			t.Errorf("no fit left match %d at %s (%s)", mt.ID, mt.Step, mt.LostReason)
		}
		if m.RecordedAt == nil || m.RecordedAt.Before(m.Start) || m.RecordedAt.After(today) {
			t.Errorf("meeting %d at %s recorded %v", m.ID, m.Start, m.RecordedAt)
		}
	}
	if moved[siapekspor.StepNegotiation] == 0 || moved[siapekspor.StepLost] == 0 || moved[siapekspor.StepMeeting] == 0 {
		t.Errorf("matches moved: %v", moved)
	}

	// The upcoming one: foreign buyers, registration open, invitations
	// and requests waiting for answers, no agenda yet.
	if upcoming.Kind != siapekspor.EventBusinessMatching || upcoming.FirstDay() <= today.Format(time.DateOnly) || upcoming.Meetings != 0 {
		t.Errorf("upcoming event %+v", upcoming)
	}
	u, err := db.EventDetail(sysCtx, upcoming.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !u.RegOpen {
		t.Error("registration of the upcoming event is closed")
	}
	status := map[siapekspor.ParticipantStatus]int{}
	for _, pt := range u.Participants {
		status[pt.Status]++
		if pt.Side == siapekspor.SideBuyer && pt.OrgKind != string(siapekspor.OrgForeignBuyer) {
			t.Errorf("buyer %q (%s) at a business-matching day", pt.Name, pt.OrgKind)
		}
	}
	answers := map[siapekspor.RequestAnswer]int{}
	for _, q := range u.Requests {
		answers[q.Answer]++
	}
	if status[siapekspor.ParticipantInvited] == 0 || status[siapekspor.ParticipantConfirmed] < 10 ||
		answers[siapekspor.AnswerPending] == 0 || answers[siapekspor.AnswerAccepted] == 0 {
		t.Errorf("upcoming: participants %v, requests %v", status, answers)
	}
}
