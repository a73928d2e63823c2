package match

import (
	"container/heap"
	"slices"
)

// key is a candidate's place in a ranking, small and free of pointers:
// fewer gaps first (0 for included candidates), then the higher score, then
// the lower enterprise ID, then the lower product ID.
type key struct {
	score float64
	ent   int64
	prod  int64
	idx   int32 // in the candidates
	gaps  int8
}

// before reports whether a ranks before b.
func before(a, b key) bool {
	switch {
	case a.gaps != b.gaps:
		return a.gaps < b.gaps
	case a.score != b.score:
		return a.score > b.score
	case a.ent != b.ent:
		return a.ent < b.ent
	}
	return a.prod < b.prod
}

func compareKeys(a, b key) int {
	switch {
	case before(a, b):
		return -1
	case before(b, a):
		return 1
	}
	return 0
}

// top keeps the best k keys it is offered; with perEnterprise, only the
// best key of each enterprise. A heap with the worst kept key on top, so
// that most offers cost one comparison.
type top struct {
	k             int
	h             []key
	perEnterprise bool
	at            map[int64]int // enterprise → index in h, with perEnterprise
	dropped       bool          // a key was turned away or pushed out when full
}

func newTop(k int, perEnterprise bool) *top {
	t := &top{k: k, perEnterprise: perEnterprise}
	if perEnterprise {
		t.at = map[int64]int{}
	}
	return t
}

// heap.Interface: the root is the key that ranks last.
func (t *top) Len() int           { return len(t.h) }
func (t *top) Less(i, j int) bool { return before(t.h[j], t.h[i]) }
func (t *top) Swap(i, j int) {
	t.h[i], t.h[j] = t.h[j], t.h[i]
	if t.perEnterprise {
		t.at[t.h[i].ent], t.at[t.h[j].ent] = i, j
	}
}
func (t *top) Push(x any) {
	k := x.(key)
	if t.perEnterprise {
		t.at[k.ent] = len(t.h)
	}
	t.h = append(t.h, k)
}
func (t *top) Pop() any {
	k := t.h[len(t.h)-1]
	t.h = t.h[:len(t.h)-1]
	if t.perEnterprise {
		delete(t.at, k.ent)
	}
	return k
}

// offer keeps k if it is among the best. Once the heap is full a key that
// does not beat its root cannot beat its own enterprise's kept key either
// (which is at least the root), so the map is read only after that test.
func (t *top) offer(k key) {
	if t.k <= 0 || len(t.h) == t.k && !before(k, t.h[0]) {
		t.dropped = true
		return
	}
	if t.perEnterprise {
		if i, ok := t.at[k.ent]; ok {
			if before(k, t.h[i]) {
				t.h[i] = k
				heap.Fix(t, i)
			}
			return
		}
	}
	if len(t.h) < t.k {
		heap.Push(t, k)
		return
	}
	t.dropped = true
	if t.perEnterprise {
		delete(t.at, t.h[0].ent)
		t.at[k.ent] = 0
	}
	t.h[0] = k
	heap.Fix(t, 0)
}

// sorted returns the kept keys, best first.
func (t *top) sorted() []key {
	out := slices.Clone(t.h)
	slices.SortFunc(out, compareKeys)
	return out
}
