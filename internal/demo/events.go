package demo

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
)

// The demo's business-matching events (issue 19), replayed in the demo's
// story (story.go) like everything else, so that every record is dated
// when it happened:
//
//   - a past Temu Kemitraan (partnership meeting) of the provincial office
//     a few weeks before today: 40 enterprises from 8 regencies with the
//     demo's BUMN and private buyers, meeting requests from both sides
//     taken from the matcher's suggestions, answered, scheduled by the
//     scheduler, agendas sent, check-in with a few no-shows, and each
//     meeting's outcome recorded, which moved its match along the
//     pipeline (the meetings' pairs were shortlisted when the agenda was
//     made: no fit loses the match, a negotiation moves it there);
//   - an upcoming Temu Bisnis with foreign buyers in a few weeks,
//     registration open, some enterprises invited and not yet answered,
//     requests pending and accepted, not yet scheduled.
//
// The buyers of both are the demo's (buyers.go) and a few more BUMN,
// private and foreign buyers made here, all labelled synthetic.

// EventsSummary counts what the demo's events hold.
type EventsSummary struct {
	// PastID and UpcomingID: the events (0 when the province had too few
	// fitting enterprises for one).
	PastID, UpcomingID int64
	Buyers             int // buyer organisations made for the events
	Participants       int
	Requests, Accepted int
	Meetings, Held     int
	NoShows            int
	// Outcomes of the past event's held meetings, in the order of
	// siapekspor.MeetingOutcomes.
	Outcomes [4]int
	// Moved: matches the past event's outcomes moved along the pipeline.
	Moved int
}

// eventBuyers are the events' own buyers: BUMN and private companies for
// the partnership meeting, importers for the business-matching day.
func eventBuyers(province string) []demoBuyer {
	city, other := regencyOr(province+".71", province, 0), regencyOr(province+".72", province, 1)
	proc := func(title, words string, qty float64, unit siapekspor.Unit, freq, region string, budget int64) siapekspor.BuyingRequest {
		return siapekspor.BuyingRequest{Kind: siapekspor.RequestProcurement, Title: title, Words: words, Quantity: qty, Unit: unit,
			Frequency: freq, DeliveryRegion: region, LocalFirst: "province", Budget: budget, Currency: "IDR",
			Certificates: []siapekspor.CertificateType{}, Status: siapekspor.RequestOpen, Visibility: siapekspor.VisibilityShared}
	}
	return []demoBuyer{
		{"PT Kereta Api Contoh (BUMN, sintetis)", siapekspor.OrgBUMN, "kai", []siapekspor.BuyingRequest{
			proc("On-board snacks: cassava chips", "keripik singkong", 1200, "kg", "monthly", city, 60_000_000),
		}},
		{"PT Pelabuhan Contoh (BUMN, sintetis)", siapekspor.OrgBUMN, "pelabuhan", []siapekspor.BuyingRequest{
			proc("Souvenirs for port guests: tapis handbags", "tas tapis", 400, "pcs", "quarterly", other, 120_000_000),
		}},
		{"PT Pupuk Contoh (BUMN, sintetis)", siapekspor.OrgBUMN, "pupuk", []siapekspor.BuyingRequest{
			proc("Ground robusta coffee for the offices", "kopi robusta bubuk", 300, "kg", "monthly", city, 36_000_000),
		}},
		{"PT Swalayan Nusa Contoh (swasta, sintetis)", siapekspor.OrgPrivate, "swalayan", []siapekspor.BuyingRequest{
			proc("Local shelf: palm sugar", "gula aren", 2000, "kg", "monthly", city, 60_000_000),
			proc("Local shelf: kemplang crackers", "kerupuk kemplang", 900, "kg", "monthly", city, 63_000_000),
		}},
		{"CV Oleh-Oleh Siger Contoh (swasta, sintetis)", siapekspor.OrgPrivate, "oleholeh", []siapekspor.BuyingRequest{
			proc("Banana chips and beef floss for the souvenir shop", "keripik pisang", 700, "kg", "monthly", city, 42_000_000),
		}},
		{"Sydney Pantry Imports Pty Ltd (sintetis)", siapekspor.OrgForeignBuyer, "sydney", []siapekspor.BuyingRequest{
			{Kind: siapekspor.RequestBuying, Title: "Organic coconut sugar for health-food stores", HSCode: "1701", Words: "gula semut",
				Quantity: 8, Unit: "ton", Frequency: "quarterly", Destination: "AUS", Incoterm: "FOB", TargetPrice: 3.1, Currency: "USD",
				SampleNeeded: true, Status: siapekspor.RequestOpen, Visibility: siapekspor.VisibilityShared},
		}},
		{"Jeddah Spice & Dates Co. (sintetis)", siapekspor.OrgForeignBuyer, "jeddah", []siapekspor.BuyingRequest{
			{Kind: siapekspor.RequestBuying, Title: "Whole nutmeg and cinnamon for the Hajj season", HSCode: "0908", Words: "pala",
				Quantity: 4, Unit: "ton", Frequency: "one_off", Destination: "SAU", Incoterm: "CIF", TargetPrice: 9.5, Currency: "USD",
				Status: siapekspor.RequestOpen, Visibility: siapekspor.VisibilityShared},
		}},
	}
}

// eventRun is the events' part of the story.
type eventRun struct {
	db       *store.DB
	s        *story
	rng      *rand.Rand
	province string
	sum      *EventsSummary
	office   int64
	buyers   map[siapekspor.OrgKind][]int64 // organisation IDs by kind
	names    map[int64]string               // buyer organisation → name
	emails   map[int64]string               // buyer organisation → login
}

// scheduleMarket adds the demo's buyers (fillBuyers, seven weeks before
// the partnership meeting), the events' own buyers and the events to the
// story.
func scheduleMarket(ctx context.Context, db *store.DB, s *story, province string, seed uint64, all *Summary) {
	sum := all.Events
	r := &eventRun{db: db, s: s, rng: rand.New(rand.NewPCG(seed^0xe7e, seed)), province: province, sum: sum,
		buyers: map[siapekspor.OrgKind][]int64{}, names: map[int64]string{}, emails: map[int64]string{}}
	today := s.today
	// The partnership meeting: a Wednesday three to four weeks ago; the
	// business-matching day: a Tuesday two and a half to three and a half
	// weeks ahead.
	past := weekday(today.AddDate(0, 0, -28), time.Wednesday)
	next := weekday(today.AddDate(0, 0, 18), time.Tuesday)
	// The demo's buyers, then the events' own a week before the
	// partnership meeting is announced.
	s.schedule(hourOn(past.AddDate(0, 0, -49), 9), func() (err error) {
		all.Buyers, err = fillBuyers(ctx, db, province, today)
		return err
	})
	s.schedule(hourOn(past.AddDate(0, 0, -42), 9), func() error { return r.makeBuyers(ctx) })
	s.schedule(hourOn(past.AddDate(0, 0, -35), 10), func() error { return r.partnership(ctx, past) })
	s.schedule(hourOn(today.AddDate(0, 0, -10), 10), func() error { return r.businessMatching(ctx, next) })
}

// weekday is the first day on or after t that falls on d.
func weekday(t time.Time, d time.Weekday) time.Time {
	for t.Weekday() != d {
		t = t.AddDate(0, 0, 1)
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// hourOn is a day at an hour, UTC.
func hourOn(d time.Time, hour int) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, time.UTC)
}

func (r *eventRun) makeBuyers(ctx context.Context) error {
	today := r.s.today
	for _, b := range eventBuyers(r.province) {
		org := &siapekspor.Organisation{Name: b.name, Kind: b.kind}
		if err := r.db.CreateOrganisation(ctx, org); err != nil {
			return err
		}
		r.sum.Buyers++
		u := &siapekspor.User{Email: fmt.Sprintf("pembeli-%s@demo.siapekspor.local", b.email), Name: "Pembeli " + b.name,
			Role: siapekspor.RoleBuyer, OrgID: org.ID}
		if err := r.db.CreateUser(ctx, u, ""); err != nil {
			return err
		}
		for _, q := range b.reqs {
			q.OrgID = org.ID
			d1, d2 := day0(today.AddDate(0, 1, 0)), day0(today.AddDate(0, 3, 0))
			q.Deadline, q.DeliveryDate = &d1, &d2
			if err := r.db.CreateRequest(ctx, &q); err != nil {
				return fmt.Errorf("demo event request %q: %w", q.Title, err)
			}
		}
	}
	// Every buyer organisation of the demo, with its login, and the
	// provincial office (the development story's, or one of its own).
	orgs, err := r.db.ListOrganisations(ctx, siapekspor.OrganisationFilter{})
	if err != nil {
		return err
	}
	users, err := r.db.ListUsers(ctx)
	if err != nil {
		return err
	}
	for _, o := range orgs {
		switch {
		case o.Kind == siapekspor.OrgProvincialOffice && r.office == 0:
			r.office = o.ID
		case slices.Contains(siapekspor.BuyerOrgKinds, o.Kind):
			r.buyers[o.Kind] = append(r.buyers[o.Kind], o.ID)
			r.names[o.ID] = o.Name
		}
	}
	for _, u := range users {
		if u.Role == siapekspor.RoleBuyer && u.OrgID != 0 {
			r.emails[u.OrgID] = u.Email
		}
	}
	for _, ids := range r.buyers {
		slices.Sort(ids)
	}
	if r.office == 0 {
		office := &siapekspor.Organisation{Name: "Disperindag Provinsi (demo)", Kind: siapekspor.OrgProvincialOffice}
		if err := r.db.CreateOrganisation(ctx, office); err != nil {
			return err
		}
		r.office = office.ID
	}
	return nil
}

// provinceName is the province's name as people write it ("Lampung").
func provinceName(code string) string {
	reg, ok := refdata.DefaultRegionIndex().ByCode(code)
	if !ok {
		return code
	}
	words := strings.Fields(strings.ToLower(reg.Name))
	for i, w := range words {
		if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

// timeZoneOf is the province's: WITA and WIT in the centre and east.
func timeZoneOf(province string) string {
	switch province {
	case "51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76":
		return "Asia/Makassar"
	case "81", "82", "91", "92", "93", "94", "95", "96", "97":
		return "Asia/Jayapura"
	}
	return "Asia/Jakarta"
}

// candidates ranks the province's enterprises for the open requests of
// the given buyers: each enterprise once, at its best score, best first.
func (r *eventRun) candidates(ctx context.Context, orgs []int64) ([]candidate, error) {
	page, err := r.db.ListRequests(ctx, store.RequestFilter{Status: siapekspor.RequestOpen, Limit: 100})
	if err != nil {
		return nil, err
	}
	best := map[int64]candidate{}
	for _, q := range page.Items {
		if !slices.Contains(orgs, q.OrgID) {
			continue
		}
		rk, err := r.db.MatchRequest(ctx, q.ID, store.MatchOptions{Top: 60, NearMisses: 20})
		if err != nil {
			return nil, err
		}
		for _, e := range slices.Concat(rk.Ranking.Entries, rk.Ranking.NearMisses) {
			if c, ok := best[e.EnterpriseID]; !ok || e.Score > c.score {
				best[e.EnterpriseID] = candidate{id: e.EnterpriseID, regency: e.RegencyCode, score: e.Score}
			}
		}
	}
	out := make([]candidate, 0, len(best))
	for _, c := range best {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b candidate) int {
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		return cmp.Compare(a.id, b.id)
	})
	return out, nil
}

type candidate struct {
	id      int64
	regency string
	score   float64
}

// fromRegencies takes up to perRegency of the best candidates of each of
// the regencies with the most candidates, at most regencies of them.
func fromRegencies(cands []candidate, regencies, perRegency int) []candidate {
	count := map[string]int{}
	for _, c := range cands {
		count[c.regency]++
	}
	var regs []string
	for k := range count {
		regs = append(regs, k)
	}
	slices.SortFunc(regs, func(a, b string) int {
		if count[a] != count[b] {
			return cmp.Compare(count[b], count[a])
		}
		return cmp.Compare(a, b)
	})
	regs = regs[:min(regencies, len(regs))]
	taken := map[string]int{}
	var out []candidate
	for _, c := range cands {
		if slices.Contains(regs, c.regency) && taken[c.regency] < perRegency {
			taken[c.regency]++
			out = append(out, c)
		}
	}
	return out
}

func (r *eventRun) ownerCtx(ctx context.Context, enterpriseID int64) context.Context {
	return siapekspor.WithActor(ctx, siapekspor.Actor{Label: "pemilik usaha (demo)", Role: siapekspor.RoleOwner, EnterpriseID: enterpriseID})
}

func (r *eventRun) buyerCtx(ctx context.Context, org int64) context.Context {
	label := r.emails[org]
	if label == "" {
		label = "pembeli (demo)"
	}
	return siapekspor.WithActor(ctx, siapekspor.Actor{Label: label, Role: siapekspor.RoleBuyer, OrgID: org})
}

// eventPlan is one event's participants as the story goes on.
type eventPlan struct {
	ev      *siapekspor.Event
	parts   []*siapekspor.Participant
	byPID   map[int64]*siapekspor.Participant
	invited []*siapekspor.Participant    // enterprises asked to accept
	lists   map[int64][]store.Suggestion // each buyer's suggestions
	asked   map[[2]int64]bool            // pairs with a request
}

// open creates an event with its buyers (confirmed) and enterprises: the
// first invite of them invited, the rest chosen by the organiser.
func (r *eventRun) open(ctx context.Context, ev *siapekspor.Event, buyers []int64, ents []candidate, invite int) (*eventPlan, error) {
	ev, err := r.db.CreateEvent(ctx, ev)
	if err != nil {
		return nil, fmt.Errorf("demo event %q: %w", ev.Name, err)
	}
	var list []store.NewParticipant
	for _, b := range buyers {
		max := 12
		list = append(list, store.NewParticipant{OrgID: b, Max: &max})
	}
	for i, c := range ents {
		list = append(list, store.NewParticipant{EnterpriseID: c.id, Invite: i < invite})
	}
	parts, err := r.db.AddParticipants(ctx, ev.ID, list)
	if err != nil {
		return nil, fmt.Errorf("demo event participants: %w", err)
	}
	p := &eventPlan{ev: ev, parts: parts, byPID: map[int64]*siapekspor.Participant{}, lists: map[int64][]store.Suggestion{},
		asked: map[[2]int64]bool{}}
	for _, pt := range parts {
		p.byPID[pt.ID] = pt
		if pt.Status == siapekspor.ParticipantInvited {
			p.invited = append(p.invited, pt)
		}
	}
	slices.SortFunc(p.invited, func(a, b *siapekspor.Participant) int { return cmp.Compare(a.ID, b.ID) })
	return p, nil
}

// answerInvitations: the invited owners answer on days from..from+spread;
// the last declined decline and the last unanswered never answer (yet).
func (r *eventRun) answerInvitations(ctx context.Context, p *eventPlan, from time.Time, spread, declined, unanswered int) {
	n := len(p.invited)
	for i, pt := range p.invited {
		if i >= n-unanswered {
			break
		}
		accept := i < n-unanswered-declined
		when := from.AddDate(0, 0, r.rng.IntN(spread+1)).Add(time.Duration(r.rng.IntN(8)) * time.Hour)
		r.s.schedule(when, func() error {
			got, err := r.db.AnswerInvitation(r.ownerCtx(ctx, pt.EnterpriseID), pt.ID, accept)
			if err == nil {
				*pt = *got
			}
			return err
		})
	}
}

// priorityOf mixes the priorities: the first few musts, then wants, the
// rest coulds, with a little chance either way.
func (r *eventRun) priorityOf(rank int) siapekspor.MeetingPriority {
	x := rank + r.rng.IntN(3) - 1
	switch {
	case x <= 1:
		return siapekspor.PriorityMust
	case x <= 4:
		return siapekspor.PriorityWant
	}
	return siapekspor.PriorityCould
}

// ask: a participant asks for meetings with the top of its suggestions it
// has not asked yet (nor been asked by), up to top of them. A buyer's
// suggestions are db.Suggestions; an enterprise's are read from the
// buyers' lists, which hold the same pairs with the same scores (a pair's
// score is its best product for one of the buyer's open requests from
// either side), ranked as db.Suggestions ranks them: one ranking per
// buyer rather than one per enterprise keeps the demo's load time small.
func (r *eventRun) ask(ctx context.Context, p *eventPlan, pt *siapekspor.Participant, top int, firstRank int) error {
	var actx context.Context
	var sugg []store.Suggestion
	if pt.Side == siapekspor.SideBuyer {
		actx = r.buyerCtx(ctx, pt.OrgID)
		list, err := r.db.Suggestions(actx, pt.ID)
		if err != nil {
			return err
		}
		p.lists[pt.ID] = list
		sugg = list
	} else {
		actx = r.ownerCtx(ctx, pt.EnterpriseID)
		sugg = p.suggestionsOf(pt)
	}
	var asks []siapekspor.MeetingRequest
	for _, s := range sugg {
		if len(asks) == top {
			break
		}
		mr := siapekspor.MeetingRequest{From: pt.Side, Priority: r.priorityOf(firstRank + len(asks)), Score: s.Score, Reason: s.Reason,
			BuyingRequestID: s.BuyingRequestID, ProductID: s.ProductID}
		if pt.Side == siapekspor.SideBuyer {
			mr.EnterprisePID, mr.BuyerPID = s.ParticipantID, pt.ID
		} else {
			mr.EnterprisePID, mr.BuyerPID = pt.ID, s.ParticipantID
		}
		pair := [2]int64{mr.EnterprisePID, mr.BuyerPID}
		if s.Asked || p.asked[pair] || p.byPID[s.ParticipantID] == nil || p.byPID[s.ParticipantID].Status == siapekspor.ParticipantDeclined {
			continue
		}
		p.asked[pair] = true
		asks = append(asks, mr)
	}
	if len(asks) == 0 {
		return nil
	}
	if _, err := r.db.RequestMeetings(actx, p.ev.ID, asks, false); err != nil {
		return fmt.Errorf("demo meeting requests of %s: %w", pt.Name, err)
	}
	return nil
}

// suggestionsOf an enterprise, from the buyers' lists: best first, then
// by name, as db.Suggestions orders them.
func (p *eventPlan) suggestionsOf(pt *siapekspor.Participant) []store.Suggestion {
	var out []store.Suggestion
	for buyer, list := range p.lists {
		for _, s := range list {
			if s.ParticipantID == pt.ID {
				s.ParticipantID, s.Name = buyer, p.byPID[buyer].Name
				out = append(out, s)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b store.Suggestion) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		return cmp.Compare(a.Name, b.Name)
	})
	return out
}

// answerRequests: each pending request is answered by the side asked, on
// a day in from..from+spread: accepted with acceptPct, else declined;
// with pendingPct some are left unanswered.
func (r *eventRun) answerRequests(ctx context.Context, p *eventPlan, from time.Time, spread, acceptPct, pendingPct int) error {
	d, err := r.db.EventDetail(ctx, p.ev.ID)
	if err != nil {
		return err
	}
	for _, q := range d.Requests {
		if q.Answer != siapekspor.AnswerPending {
			continue
		}
		x := r.rng.IntN(100)
		if x < pendingPct {
			continue
		}
		accept := x < pendingPct+acceptPct
		asked := p.byPID[q.BuyerPID]
		actx := r.buyerCtx(ctx, asked.OrgID)
		if q.From == siapekspor.SideBuyer {
			asked = p.byPID[q.EnterprisePID]
			actx = r.ownerCtx(ctx, asked.EnterpriseID)
		}
		when := from.AddDate(0, 0, r.rng.IntN(spread+1)).Add(time.Duration(r.rng.IntN(9)) * time.Hour)
		id := q.ID
		r.s.schedule(when, func() error {
			if asked.Status != siapekspor.ParticipantConfirmed {
				return nil // an invitation not yet answered: nor its requests
			}
			_, err := r.db.AnswerMeetingRequest(actx, id, accept)
			return err
		})
	}
	return nil
}

// partnership is the past Temu Kemitraan, from its announcement five weeks
// before the day to the outcomes recorded on the day.
func (r *eventRun) partnership(ctx context.Context, day time.Time) error {
	buyers := slices.Concat(r.buyers[siapekspor.OrgBUMN], r.buyers[siapekspor.OrgPrivate])
	cands, err := r.candidates(ctx, buyers)
	if err != nil {
		return err
	}
	// 40 enterprises from 8 regencies, five of each: most chosen by the
	// office, six invited who accept, and two more of those regencies
	// invited who decline.
	main := fromRegencies(cands, 8, 5)
	if len(main) == 0 || len(buyers) == 0 {
		return nil
	}
	var extra []candidate
	for _, c := range fromRegencies(cands, 8, 6) {
		if len(extra) < 2 && !slices.Contains(main, c) {
			extra = append(extra, c)
		}
	}
	accepting := min(6, len(main))
	ents := slices.Concat(main[:accepting], extra, main[accepting:])
	invite := accepting + len(extra)
	ev := &siapekspor.Event{Name: fmt.Sprintf("Temu Kemitraan UMKM %s %d (demo)", provinceName(r.province), day.Year()),
		Kind: siapekspor.EventPartnership, OrgID: r.office, TimeZone: timeZoneOf(r.province),
		Days:   []siapekspor.EventDay{{Date: day.Format(time.DateOnly), Start: "09:00", End: "15:20"}},
		Breaks: []siapekspor.ClockSpan{{Start: "12:00", End: "13:00"}}, Venue: "Balai Keratun, Kantor Gubernur (demo)",
		MeetingMinutes: 20, Tables: len(buyers), DefaultMax: 5,
		RegistrationOpens: siapekspor.DateOf(ptr(day0(r.s.at))), RegistrationEnds: siapekspor.DateOf(ptr(day.AddDate(0, 0, -7))),
		Description: "Temu kemitraan UMKM dengan BUMN dan perusahaan swasta: pertemuan empat mata terjadwal, 20 menit per meja. " + Label}
	p, err := r.open(ctx, ev, buyers, ents, invite)
	if err != nil {
		return err
	}
	r.sum.PastID = p.ev.ID
	announced := r.s.at
	r.answerInvitations(ctx, p, announced.AddDate(0, 0, 1), 6, len(extra), 0)
	// Buyers ask a week after the announcement, the owners over the days
	// after; the asked answer in the second and third week.
	ask := announced.AddDate(0, 0, 8)
	for i, pt := range p.parts {
		if pt.Side == siapekspor.SideBuyer {
			r.s.schedule(ask.Add(time.Duration(i)*time.Minute), func() error { return r.ask(ctx, p, pt, 9, 0) })
		} else {
			r.s.schedule(ask.AddDate(0, 0, 1+i%4).Add(time.Duration(i)*17*time.Minute), func() error {
				if pt.Status != siapekspor.ParticipantConfirmed {
					return nil
				}
				return r.ask(ctx, p, pt, 2, r.rng.IntN(3))
			})
		}
	}
	r.s.schedule(announced.AddDate(0, 0, 14), func() error { return r.answerRequests(ctx, p, r.s.at, 10, 86, 0) })
	// The agenda four days before, shortlisting its pairs in the pipeline;
	// sent an hour later.
	r.s.schedule(hourOn(day.AddDate(0, 0, -4), 7), func() error { return r.agenda(ctx, p) })
	r.s.schedule(hourOn(day.AddDate(0, 0, -4), 8), func() error {
		_, err := r.db.SendAgendas(ctx, p.ev.ID)
		return err
	})
	// On the day: check-in from 08:00 (local), a few enterprises never come.
	loc := p.ev.Location()
	local := func(clock string) time.Time {
		t, _ := time.ParseInLocation("2006-01-02 15:04", day.Format(time.DateOnly)+" "+clock, loc)
		return t.UTC()
	}
	// A few enterprises never come (chosen now, so each check-in is an
	// event of its own at its minute).
	var present []*siapekspor.Participant
	for _, pt := range p.parts {
		if pt.Side == siapekspor.SideEnterprise && pt.Status == siapekspor.ParticipantConfirmed {
			present = append(present, pt)
		}
	}
	absent := map[int64]bool{}
	for _, i := range r.rng.Perm(len(present))[:min(3, len(present)/10)] {
		absent[present[i].ID] = true
	}
	for i, pt := range p.parts {
		if absent[pt.ID] {
			continue
		}
		r.s.schedule(local("07:50").Add(time.Duration(i)*40*time.Second), func() error {
			if pt.Status != siapekspor.ParticipantConfirmed {
				return nil
			}
			_, err := r.db.CheckIn(ctx, pt.ID, true)
			return err
		})
	}
	// Each slot's results five minutes after it ends.
	days, breaks := p.ev.Spans()
	for _, sl := range siapekspor.EventSlots(days, breaks, p.ev.MeetingMinutes) {
		r.s.schedule(sl.End.Add(5*time.Minute).UTC(), func() error { return r.record(ctx, p, sl, day, absent) })
	}
	return nil
}

// agenda runs the scheduler and shortlists each meeting's pair for its
// buying request: the meetings' outcomes move those matches.
func (r *eventRun) agenda(ctx context.Context, p *eventPlan) error {
	_, err := r.db.ScheduleEvent(ctx, p.ev.ID, store.ScheduleOptions{Seed: 1})
	if err != nil {
		return fmt.Errorf("demo schedule: %w", err)
	}
	d, err := r.db.EventDetail(ctx, p.ev.ID)
	if err != nil {
		return err
	}
	req := map[int64]*siapekspor.MeetingRequest{}
	for _, q := range d.Requests {
		req[q.ID] = q
	}
	byRequest := map[int64][]int64{}
	for _, m := range d.Meetings {
		if q := req[m.RequestID]; q != nil && q.BuyingRequestID != 0 && q.ProductID != 0 &&
			!slices.Contains(byRequest[q.BuyingRequestID], q.ProductID) {
			byRequest[q.BuyingRequestID] = append(byRequest[q.BuyingRequestID], q.ProductID)
		}
	}
	var brs []int64
	for id := range byRequest {
		brs = append(brs, id)
	}
	slices.Sort(brs)
	for _, id := range brs {
		if _, err := r.db.Shortlist(ctx, id, byRequest[id], "Dijadwalkan bertemu di "+p.ev.Name+" (sintetis)"); err != nil {
			return fmt.Errorf("demo event shortlist: %w", err)
		}
	}
	return nil
}

var outcomeNotes = map[siapekspor.MeetingOutcome][]string{
	siapekspor.OutcomeInterested:      {"Tertarik, minta daftar harga (sintetis)", "Minta katalog dan kapasitas per bulan (sintetis)"},
	siapekspor.OutcomeSampleRequested: {"Minta sampel 2 kg untuk uji (sintetis)", "Sampel dikirim ke kantor pusat (sintetis)"},
	siapekspor.OutcomeNegotiation:     {"Harga per unit dibahas, menunggu penawaran tertulis (sintetis)", "Sepakat uji pasok satu bulan (sintetis)"},
	siapekspor.OutcomeNoFit:           {"Kapasitas belum cukup (sintetis)", "Belum ada sertifikat yang diminta (sintetis)"},
}

// record enters the results of one slot's meetings: a no-show where the
// enterprise never came (now and then the buyer's representative was
// away), else held with an outcome in about these shares: interested 35%,
// sample requested 25%, negotiation 15%, no fit 25%; a follow-up date one
// to four weeks on for those that ask for one.
func (r *eventRun) record(ctx context.Context, p *eventPlan, sl siapekspor.TimeSpan, day time.Time, absent map[int64]bool) error {
	d, err := r.db.EventDetail(ctx, p.ev.ID)
	if err != nil {
		return err
	}
	for _, m := range d.Meetings {
		if !m.Start.Equal(sl.Start) {
			continue
		}
		var res siapekspor.MeetingResult
		switch x := r.rng.IntN(100); {
		case absent[m.EnterprisePID]:
			res.Attendance = siapekspor.NoShowEnterprise
		case x < 4:
			res.Attendance = siapekspor.NoShowBuyer
		default:
			res.Attendance = siapekspor.AttendanceHeld
			switch y := r.rng.IntN(100); {
			case y < 35:
				res.Outcome = siapekspor.OutcomeInterested
			case y < 60:
				res.Outcome = siapekspor.OutcomeSampleRequested
			case y < 75:
				res.Outcome = siapekspor.OutcomeNegotiation
			default:
				res.Outcome = siapekspor.OutcomeNoFit
			}
			notes := outcomeNotes[res.Outcome]
			res.Note = notes[r.rng.IntN(len(notes))]
			if res.Outcome.FollowUp() {
				f := day.AddDate(0, 0, 7+r.rng.IntN(22))
				res.FollowUpOn = siapekspor.DateOf(&f)
			}
		}
		if _, err := r.db.RecordMeeting(ctx, p.ev.ID, m.ID, res); err != nil {
			return fmt.Errorf("demo meeting result: %w", err)
		}
	}
	return nil
}

// businessMatching is the upcoming Temu Bisnis with foreign buyers,
// announced ten days ago: registration open, some invited enterprises yet
// to answer, requests pending and accepted, no agenda yet.
func (r *eventRun) businessMatching(ctx context.Context, day time.Time) error {
	buyers := r.buyers[siapekspor.OrgForeignBuyer]
	cands, err := r.candidates(ctx, buyers)
	if err != nil {
		return err
	}
	ents := fromRegencies(cands, 10, 4)
	ents = ents[:min(len(ents), 24)]
	if len(ents) == 0 || len(buyers) == 0 {
		return nil
	}
	ev := &siapekspor.Event{Name: fmt.Sprintf("Temu Bisnis Ekspor %s %d (demo)", provinceName(r.province), day.Year()),
		Kind: siapekspor.EventBusinessMatching, OrgID: r.office, TimeZone: timeZoneOf(r.province),
		Days:   []siapekspor.EventDay{{Date: day.Format(time.DateOnly), Start: "08:30", End: "15:30"}},
		Breaks: []siapekspor.ClockSpan{{Start: "11:45", End: "13:00"}}, Venue: "Hotel Demo Bandar Lampung, Ballroom (demo)",
		MeetingMinutes: 30, Tables: len(buyers) + 2, DefaultMax: 6,
		RegistrationOpens: siapekspor.DateOf(ptr(day0(r.s.at))), RegistrationEnds: siapekspor.DateOf(ptr(day.AddDate(0, 0, -5))),
		Description: "Temu bisnis dengan pembeli luar negeri: pertemuan empat mata 30 menit, penerjemah tersedia. " + Label}
	p, err := r.open(ctx, ev, buyers, ents, min(8, len(ents)))
	if err != nil {
		return err
	}
	r.sum.UpcomingID = p.ev.ID
	announced := r.s.at
	// Of eight invited: five accepted, one declined, two have not answered.
	r.answerInvitations(ctx, p, announced.AddDate(0, 0, 1), 4, 1, 2)
	for i, pt := range p.parts {
		if pt.Side == siapekspor.SideBuyer {
			r.s.schedule(announced.AddDate(0, 0, 3).Add(time.Duration(i)*time.Minute), func() error { return r.ask(ctx, p, pt, 6, 0) })
		} else if i%2 == 0 {
			r.s.schedule(announced.AddDate(0, 0, 4+i%3).Add(time.Duration(i)*23*time.Minute), func() error {
				if pt.Status != siapekspor.ParticipantConfirmed {
					return nil
				}
				return r.ask(ctx, p, pt, 1, 2)
			})
		}
	}
	// Answers from a week ago on: most accepted, some still pending.
	r.s.schedule(announced.AddDate(0, 0, 7), func() error { return r.answerRequests(ctx, p, r.s.at, 2, 55, 35) })
	return nil
}

// count sums the events up once the story has run.
func countEvents(ctx context.Context, db *store.DB, sum *EventsSummary) error {
	for _, id := range []int64{sum.PastID, sum.UpcomingID} {
		if id == 0 {
			continue
		}
		d, err := db.EventDetail(ctx, id)
		if err != nil {
			return err
		}
		sum.Participants += len(d.Participants)
		for _, q := range d.Requests {
			sum.Requests++
			if q.Answer == siapekspor.AnswerAccepted {
				sum.Accepted++
			}
		}
		for _, m := range d.Meetings {
			sum.Meetings++
			switch m.Attendance {
			case siapekspor.AttendanceHeld:
				sum.Held++
				sum.Outcomes[slices.Index(siapekspor.MeetingOutcomes, m.Outcome)]++
				if m.MatchID != 0 {
					sum.Moved++
				}
			case siapekspor.NoShowEnterprise, siapekspor.NoShowBuyer, siapekspor.NoShowBoth:
				sum.NoShows++
			}
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }
