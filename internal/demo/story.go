package demo

import (
	"container/heap"
	"time"

	"github.com/siapekspor/siapekspor/internal/store"
)

// The demo replays the province's recent history in date order: the store
// takes every timestamp from its clock (store.DB.Now), so the demo sets the
// clock to the moment each thing happened — a certificate recorded, an
// invitation answered, a session's attendance taken, a product reviewed.
// Every date is relative to today, the clock's time when the demo starts:
// "last year" and "this year" are today's calendar years, and nothing is
// dated after today. Anything scheduled later simply has not happened yet
// (a review still pending keeps its product in the validators' queue).

// storyStart is when the demo's registry begins: the offices' lists were
// moved in at the start of the year before last.
func storyStart(today time.Time) time.Time {
	return time.Date(today.Year()-2, time.January, 6, 8, 0, 0, 0, time.UTC)
}

// day is a date at a time of day, UTC.
func day(y int, m time.Month, d, hour int) time.Time {
	return time.Date(y, m, d, hour, 0, 0, 0, time.UTC)
}

// story is the demo's schedule: events run in time order, each with the
// store's clock set to its time; an event may schedule later ones.
type story struct {
	db       *store.DB
	today    time.Time
	was      func() time.Time
	at       time.Time
	events   eventHeap
	seq      int
	progress func(done, total int)
	done     int
}

// newStory takes over db's clock until end; today is the clock's time now.
func newStory(db *store.DB) *story {
	s := &story{db: db, was: db.Now}
	s.today = db.Now().UTC().Truncate(time.Second)
	s.at = s.today
	db.Now = func() time.Time { return s.at }
	return s
}

// end gives the store its clock back.
func (s *story) end() { s.db.Now = s.was }

// schedule adds an event; one after today never runs.
func (s *story) schedule(at time.Time, do func() error) {
	if at.After(s.today) {
		return
	}
	s.seq++
	heap.Push(&s.events, event{at: at, seq: s.seq, do: do})
}

// run plays every event, in time order (ties in the order scheduled).
func (s *story) run() error {
	if s.progress != nil {
		s.progress(0, s.events.Len())
	}
	for s.events.Len() > 0 {
		e := heap.Pop(&s.events).(event)
		s.at = e.at
		if err := e.do(); err != nil {
			return err
		}
		s.done++
		if s.progress != nil && s.done%500 == 0 {
			s.progress(s.done, s.done+s.events.Len())
		}
	}
	if s.progress != nil {
		s.progress(s.done, s.done)
	}
	return nil
}

type event struct {
	at  time.Time
	seq int
	do  func() error
}

type eventHeap []event

func (h eventHeap) Len() int { return len(h) }
func (h eventHeap) Less(i, j int) bool {
	if !h[i].at.Equal(h[j].at) {
		return h[i].at.Before(h[j].at)
	}
	return h[i].seq < h[j].seq
}
func (h eventHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *eventHeap) Push(x any)   { *h = append(*h, x.(event)) }
func (h *eventHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}
