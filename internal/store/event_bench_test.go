package store_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// BenchmarkScheduleEventStored times db.ScheduleEvent end to end — the
// event, participants, requests and pins read in its transaction, the
// scheduler's run, the old agenda deleted and the new one written with the
// run — on the two shapes, stored on every engine
// (storetest.Engines):
//
//	nice -n 19 go test -run '^$' -bench ScheduleEventStored -benchtime 5x ./internal/store/
//
// It prints the weight, the bound and the weight's share of it
// (b.ReportMetric); the time per run is the benchmark's ns/op. Nothing is
// asserted of the time. The synthetic events are internal/schedule's
// (gen_test.go): a Zipf law over the buyers' popularity, every enterprise
// asking at least once, a fifth of the participants there only part of
// the time, enterprises taking 4–8 meetings, a third of the buyers two
// thirds of the slots.
func BenchmarkScheduleEventStored(b *testing.B) {
	for _, c := range []struct {
		name string
		g    eventSpec
	}{
		{"60x25x400_12slots_25tables", eventSpec{E: 60, B: 25, R: 400, Days: 1, Tables: 25, Partial: 0.2, Popularity: 1, EnterpriseMax: [2]int{4, 8}}},
		{"300x100x3000_24slots_100tables", eventSpec{E: 300, B: 100, R: 3000, Days: 2, Tables: 100, Partial: 0.2, Popularity: 1, EnterpriseMax: [2]int{4, 8}}},
	} {
		for _, eng := range storetest.Engines() {
			b.Run(c.name+"/"+eng, func(b *testing.B) {
				db := storetest.Open(b, eng)
				ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
				start := time.Now()
				id, slots := storeSyntheticEvent(b, ctx, db, 1, c.g)
				stored := time.Since(start)
				var run *store.ScheduleRun
				for b.Loop() {
					var err error
					if run, err = db.ScheduleEvent(ctx, id, store.ScheduleOptions{Seed: 1}); err != nil {
						b.Fatal(err)
					}
				}
				d, err := db.EventDetail(ctx, id)
				if err != nil {
					b.Fatal(err)
				}
				if len(d.Meetings) != run.Meetings {
					b.Fatalf("%d meetings stored, the run says %d", len(d.Meetings), run.Meetings)
				}
				b.ReportMetric(float64(run.Weight), "weight")
				b.ReportMetric(float64(run.Bound), "bound")
				b.ReportMetric(100*run.Ratio(), "%bound")
				b.ReportMetric(float64(run.Millis), "solve-ms")
				b.Logf("%s, %d × %d × %d into %d slots × %d tables (stored in %v): %d meetings, weight %d of bound %d (%.1f%%), "+
					"musts %d/%d, enterprises covered %d/%d (bound %d), optimal %t, %d unscheduled; the solver's part %d ms",
					eng, c.g.E, c.g.B, c.g.R, slots, c.g.Tables, stored.Round(time.Millisecond), run.Meetings, run.Weight, run.Bound,
					100*run.Ratio(), run.Musts, run.MustBound, run.Covered, run.Coverable, run.CoverBound, run.Optimal, len(run.Unscheduled), run.Millis)
			})
		}
	}
}

// eventSpec is internal/schedule's synthetic event (gen_test.go's spec),
// which that package does not export.
type eventSpec struct {
	E, B, R       int     // enterprises, buyers, requests
	Days          int     // 09:00–16:00, lunch 12:00–13:00: 12 slots of 30 minutes a day
	Tables        int     //
	Partial       float64 // share of participants there only part of the time
	Popularity    float64 // Zipf exponent of the buyers' popularity
	EnterpriseMax [2]int  // enterprises' maximum, from–to
}

// storeSyntheticEvent stores an event of the shape: its enterprises and
// buyer organisations, the event, its participants and its requests, all
// accepted. It returns the event's ID and its number of slots.
func storeSyntheticEvent(b *testing.B, ctx context.Context, db *store.DB, seed uint64, g eventSpec) (int64, int) {
	b.Helper()
	rng := rand.New(rand.NewPCG(seed, 19))
	office := &siapekspor.Organisation{Name: "Disperindag Lampung (bench)", Kind: siapekspor.OrgProvincialOffice}
	if err := db.CreateOrganisation(ctx, office); err != nil {
		b.Fatal(err)
	}
	ev := &siapekspor.Event{Name: "Temu Bisnis (bench)", Kind: siapekspor.EventBusinessMatching, OrgID: office.ID, TimeZone: "Asia/Jakarta",
		Breaks: []siapekspor.ClockSpan{{Start: "12:00", End: "13:00"}}, Venue: "Bandar Lampung", MeetingMinutes: 30, Tables: g.Tables}
	day0 := time.Date(2030, 9, 16, 0, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	for d := range g.Days {
		ev.Days = append(ev.Days, siapekspor.EventDay{Date: day0.AddDate(0, 0, d).Format("2006-01-02"), Start: "09:00", End: "16:00"})
	}
	if _, err := db.CreateEvent(ctx, ev); err != nil {
		b.Fatal(err)
	}
	days, breaks := ev.Spans()
	slots := len(siapekspor.EventSlots(days, breaks, ev.MeetingMinutes))
	at := func(day, h, m int) time.Time {
		return day0.AddDate(0, 0, day).Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	}
	partial := func() []siapekspor.TimeSpan {
		if rng.Float64() >= g.Partial {
			return nil
		}
		d := rng.IntN(g.Days)
		switch rng.IntN(4) {
		case 0: // morning only
			return []siapekspor.TimeSpan{{Start: at(d, 9, 0), End: at(d, 12, 0)}}
		case 1: // afternoon only
			return []siapekspor.TimeSpan{{Start: at(d, 13, 0), End: at(d, 16, 0)}}
		case 2: // late
			return []siapekspor.TimeSpan{{Start: at(d, 10, 30), End: at(g.Days-1, 16, 0)}}
		default: // early
			return []siapekspor.TimeSpan{{Start: at(0, 9, 0), End: at(d, 14, 30)}}
		}
	}
	var news []store.NewParticipant
	for i := range g.E {
		e := &siapekspor.Enterprise{Name: fmt.Sprintf("Usaha Bench %03d", i+1), LegalForm: siapekspor.LegalUD, RegencyCode: []string{"18.01", "18.04", "18.71", "18.72"}[i%4],
			OwnerName: "Pemilik", Phone: fmt.Sprintf("0812%08d", i+1), Sector: []siapekspor.Sector{"coffee", "food", "craft"}[i%3]}
		if err := db.CreateEnterprise(ctx, e); err != nil {
			b.Fatal(err)
		}
		lo, hi := g.EnterpriseMax[0], g.EnterpriseMax[1]
		m := lo + rng.IntN(hi-lo+1)
		news = append(news, store.NewParticipant{EnterpriseID: e.ID, Max: &m, Available: partial()})
	}
	for i := range g.B {
		o := &siapekspor.Organisation{Name: fmt.Sprintf("Buyer Bench %03d", i+1), Kind: siapekspor.OrgForeignBuyer}
		if err := db.CreateOrganisation(ctx, o); err != nil {
			b.Fatal(err)
		}
		m := 0
		if rng.IntN(3) == 0 {
			m = slots * 2 / 3
		}
		news = append(news, store.NewParticipant{OrgID: o.ID, Max: &m, Available: partial()})
	}
	parts, err := db.AddParticipants(ctx, ev.ID, news)
	if err != nil {
		b.Fatal(err)
	}
	ent, buy := parts[:0:0], parts[:0:0]
	for _, p := range parts {
		if p.Side == siapekspor.SideEnterprise {
			ent = append(ent, p)
		} else {
			buy = append(buy, p)
		}
	}
	// Buyers' popularity: the k-th most popular in a shuffled order has
	// weight 1/k^Popularity.
	rank := rng.Perm(g.B)
	cum := make([]float64, g.B)
	sum := 0.0
	for i := range g.B {
		sum += 1 / math.Pow(float64(rank[i]+1), g.Popularity)
		cum[i] = sum
	}
	pickBuyer := func() int {
		x := rng.Float64() * sum
		for i, c := range cum {
			if x < c {
				return i
			}
		}
		return g.B - 1
	}
	prio := func() siapekspor.MeetingPriority {
		switch x := rng.Float64(); {
		case x < 0.25:
			return siapekspor.PriorityMust
		case x < 0.65:
			return siapekspor.PriorityWant
		}
		return siapekspor.PriorityCould
	}
	seen := map[[2]int]bool{}
	var reqs []siapekspor.MeetingRequest
	for n := 0; len(reqs) < g.R; n++ {
		e := rng.IntN(g.E)
		if n < 2*g.E && g.R >= 2*g.E {
			e = n % g.E
		}
		for tries := 0; tries < 50; tries++ {
			bi := pickBuyer()
			if !seen[[2]int{e, bi}] {
				seen[[2]int{e, bi}] = true
				from := siapekspor.SideEnterprise
				if rng.IntN(2) == 0 {
					from = siapekspor.SideBuyer
				}
				reqs = append(reqs, siapekspor.MeetingRequest{EnterprisePID: ent[e].ID, BuyerPID: buy[bi].ID, From: from, Priority: prio(),
					Score: float64(35 + rng.IntN(66))})
				break
			}
		}
	}
	if _, err := db.RequestMeetings(ctx, ev.ID, reqs, true); err != nil {
		b.Fatal(err)
	}
	return ev.ID, slots
}
