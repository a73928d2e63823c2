package siapekspor

import (
	"strings"
	"testing"
	"time"
)

func validEvent() *Event {
	return &Event{Name: "Temu Bisnis Kopi", Kind: EventBusinessMatching, OrgID: 1, TimeZone: "Asia/Jakarta",
		Days:   []EventDay{{Date: "2026-12-15", Start: "09:00", End: "12:00"}},
		Breaks: []ClockSpan{{Start: "10:00", End: "10:30"}}, Venue: "Balai Keratun", MeetingMinutes: 30, Tables: 5}
}

func TestEventValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Event)
		want   map[string]string // field → key; empty: valid
	}{
		{"valid", func(*Event) {}, nil},
		{"zero tables", func(e *Event) { e.Tables = 0 }, map[string]string{"tables": "event.no_tables"}},
		{"overlapping breaks", func(e *Event) { e.Breaks = append(e.Breaks, ClockSpan{"10:15", "11:00"}) },
			map[string]string{"breaks[1]": "event.breaks_overlap"}},
		{"break ends before it starts", func(e *Event) { e.Breaks[0] = ClockSpan{"11:00", "10:00"} },
			map[string]string{"breaks[0].end": "event.end_before_start"}},
		{"unreadable clock", func(e *Event) { e.Days[0].Start = "9 pagi" }, map[string]string{"days[0].start": "event.bad_clock"}},
		{"days out of order", func(e *Event) { e.Days = append(e.Days, EventDay{"2026-12-14", "09:00", "12:00"}) },
			map[string]string{"days[1].date": "event.days_order"}},
		{"day twice", func(e *Event) { e.Days = append(e.Days, e.Days[0]) }, map[string]string{"days[1].date": "event.days_order"}},
		{"no days", func(e *Event) { e.Days = nil }, map[string]string{"days": "event.no_days"}},
		{"day shorter than a meeting", func(e *Event) { e.Days[0].End = "09:20"; e.Breaks = nil },
			map[string]string{"days[0].end": "event.day_too_short"}},
		{"all break", func(e *Event) { e.Breaks = []ClockSpan{{"08:00", "13:00"}} }, map[string]string{"breaks": "event.no_slots"}},
		{"no venue nor link", func(e *Event) { e.Venue = "" }, map[string]string{"venue": "event.venue_or_link"}},
		{"http link", func(e *Event) { e.OnlineLink = "http://zoom.example/j/1" }, map[string]string{"online_link": "event.bad_link"}},
		{"online only", func(e *Event) { e.Venue = ""; e.OnlineLink = "https://zoom.example/j/1" }, nil},
		{"unknown zone", func(e *Event) { e.TimeZone = "Lampung/Bandar" }, map[string]string{"time_zone": "event.bad_time_zone"}},
		{"meeting of 2 minutes", func(e *Event) { e.MeetingMinutes = 2 }, map[string]string{"meeting_minutes": "event.bad_minutes"}},
		{"unknown kind", func(e *Event) { e.Kind = "party" }, map[string]string{"kind": "field.invalid"}},
		{"registration closes after the event", func(e *Event) {
			d := time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC)
			e.RegistrationEnds = DateOf(&d)
		}, map[string]string{"registration_ends": "event.registration_after_event"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := validEvent()
			tt.change(ev)
			got := map[string]string{}
			if e, ok := AsError(ev.Validate()); ok {
				for _, f := range e.Fields {
					got[f.Field] = f.Key
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for f, k := range tt.want {
				if got[f] != k {
					t.Errorf("%s: got %q, want %q (all: %v)", f, got[f], k, got)
				}
			}
		})
	}
}

func TestEventSlots(t *testing.T) {
	ev := validEvent()
	days, breaks := ev.Spans()
	slots := EventSlots(days, breaks, ev.MeetingMinutes)
	var got []string
	for _, s := range slots {
		got = append(got, s.Start.In(ev.Location()).Format("15:04"))
	}
	want := "09:00 09:30 10:30 11:00 11:30"
	if s := strings.Join(got, " "); s != want {
		t.Fatalf("slots %s, want %s", s, want)
	}
	// 09:00 WIB is 02:00 UTC.
	if h := slots[0].Start.UTC().Hour(); h != 2 {
		t.Fatalf("first slot at %d UTC", h)
	}
}

func TestCheckParticipant(t *testing.T) {
	ev := validEvent()
	jkt := ev.Location()
	at := func(c string) time.Time {
		v, _ := time.ParseInLocation("2006-01-02 15:04", "2026-12-15 "+c, jkt)
		return v
	}
	tests := []struct {
		name string
		pt   Participant
		want string // field=key, "" valid
	}{
		{"whole event", Participant{Side: SideEnterprise, EnterpriseID: 1}, ""},
		{"morning only", Participant{Side: SideBuyer, OrgID: 1, Available: []TimeSpan{{at("09:00"), at("10:00")}}}, ""},
		{"only in the break", Participant{Side: SideBuyer, OrgID: 1, Available: []TimeSpan{{at("10:00"), at("10:30")}}},
			"available=event.never_available"},
		{"another day", Participant{Side: SideBuyer, OrgID: 1, Available: []TimeSpan{{at("09:00").AddDate(0, 0, 1), at("12:00").AddDate(0, 0, 1)}}},
			"available[0]=event.span_outside"},
		{"spans overlap", Participant{Side: SideBuyer, OrgID: 1, Available: []TimeSpan{{at("09:00"), at("10:00")}, {at("09:30"), at("11:00")}}},
			"available[1]=event.spans_overlap"},
		{"no side", Participant{Side: "both"}, "side=field.invalid"},
		{"max too high", Participant{Side: SideEnterprise, EnterpriseID: 1, Max: 101}, "max=event.bad_max"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if e, ok := AsError(CheckParticipant(ev, &tt.pt)); ok {
				got = e.Fields[0].Field + "=" + e.Fields[0].Key
			}
			if got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMeetingResultCheck(t *testing.T) {
	d := time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		r    MeetingResult
		want string
	}{
		{MeetingResult{Attendance: AttendanceHeld, Outcome: OutcomeInterested, FollowUpOn: DateOf(&d)}, ""},
		{MeetingResult{Attendance: AttendanceHeld}, "outcome=event.outcome_required"},
		{MeetingResult{Attendance: NoShowBuyer, Outcome: OutcomeNoFit}, "outcome=event.outcome_not_held"},
		{MeetingResult{Attendance: AttendanceHeld, Outcome: OutcomeNoFit, FollowUpOn: DateOf(&d)}, "follow_up_on=event.no_follow_up"},
		{MeetingResult{Attendance: "maybe"}, "attendance=field.invalid"},
		{MeetingResult{Attendance: AttendanceHeld, Outcome: "great"}, "outcome=field.invalid"},
	}
	for _, tt := range tests {
		got := ""
		if e, ok := AsError(tt.r.Check()); ok {
			got = e.Fields[0].Field + "=" + e.Fields[0].Key
		}
		if got != tt.want {
			t.Errorf("%+v: got %q, want %q", tt.r, got, tt.want)
		}
	}
}

func TestOutcomePipelineStep(t *testing.T) {
	for o, want := range map[MeetingOutcome]MatchStep{OutcomeInterested: StepMeeting, OutcomeSampleRequested: StepMeeting,
		OutcomeNegotiation: StepNegotiation, OutcomeNoFit: StepLost} {
		if got := o.PipelineStep(); got != want {
			t.Errorf("%s: %s, want %s", o, got, want)
		}
	}
	if !oneOf(LostNoFit, LostReasons) {
		t.Fatal("no_fit is not a lost reason")
	}
}

func TestWhoRunsAnEvent(t *testing.T) {
	ev := &Event{OrgID: 7}
	tests := []struct {
		a      Actor
		manage bool
		scope  EventScope
	}{
		{Actor{Role: RoleAdmin}, true, EventScope{All: true}},
		{Actor{Role: RoleOfficer, OrgID: 3}, true, EventScope{All: true}},              // provincial
		{Actor{Role: RoleOfficer, OrgID: 7, RegionCode: "18.01"}, true, EventScope{}},  // its own office's event
		{Actor{Role: RoleOfficer, OrgID: 8, RegionCode: "18.01"}, false, EventScope{}}, // another office's
		{Actor{Role: RoleValidator, OrgID: 7}, true, EventScope{All: true}},            // the export organisation organising
		{Actor{Role: RoleValidator, OrgID: 9}, false, EventScope{All: true}},           // another one reads
		{Actor{Role: RoleOwner, EnterpriseID: 5}, false, EventScope{EnterpriseID: 5}},  // takes part
		{Actor{Role: RoleBuyer, OrgID: 7}, false, EventScope{OrgID: 7}},                // a buyer never runs one
		{Actor{Role: RoleTrainer}, false, EventScope{None: true}},
	}
	for _, tt := range tests {
		if got := CanManageEvent(tt.a, ev); got != tt.manage {
			t.Errorf("%+v manages: %v", tt.a, got)
		}
		s := EventScopeOf(tt.a)
		if tt.scope.All != s.All || tt.scope.EnterpriseID != s.EnterpriseID || tt.scope.OrgID != s.OrgID || tt.scope.None != s.None {
			t.Errorf("%+v scope %+v", tt.a, s)
		}
	}
	own := &Participant{Side: SideEnterprise, EnterpriseID: 5}
	if !ActsFor(Actor{Role: RoleOwner, EnterpriseID: 5}, ev, own) || ActsFor(Actor{Role: RoleOwner, EnterpriseID: 6}, ev, own) {
		t.Fatal("an owner speaks for its own enterprise only")
	}
	if ActsFor(Actor{Role: RoleBuyer, OrgID: 5}, ev, own) {
		t.Fatal("a buyer speaks for an enterprise")
	}
}
