package schedule

import (
	"cmp"
	"slices"
)

// ChangeKind says how a meeting changed between two agendas.
type ChangeKind string

const (
	Added   ChangeKind = "added"
	Removed ChangeKind = "removed"
	Moved   ChangeKind = "moved" // another slot or another table
)

// Key is the kind's message key (schedule.change.*).
func (k ChangeKind) Key() string { return "schedule.change." + string(k) }

// Change is one meeting that differs. A meeting is known by its pair:
// the same enterprise and buyer at the same slot and table is no change,
// even under another request of the pair.
type Change struct {
	Kind       ChangeKind `json:"kind"`
	Enterprise int64      `json:"enterprise_id"`
	Buyer      int64      `json:"buyer_id"`
	Old        *Meeting   `json:"old,omitempty"` // nil when added
	New        *Meeting   `json:"new,omitempty"` // nil when removed
}

// Party is a participant, by side and ID.
type Party struct {
	Side Side  `json:"side"`
	ID   int64 `json:"id"`
}

// Changes between an agenda that was sent and a new one.
type Changes struct {
	Changes []Change `json:"changes"` // by enterprise, then buyer
	Notify  []Party  `json:"notify"`  // both sides of every change: enterprises, then buyers, by ID
}

// Of lists the changes that concern one participant.
func (c Changes) Of(p Party) []Change {
	var out []Change
	for _, ch := range c.Changes {
		if p.Side == SideEnterprise && ch.Enterprise == p.ID || p.Side == SideBuyer && ch.Buyer == p.ID {
			out = append(out, ch)
		}
	}
	return out
}

// Diff lists the meetings added, removed or moved from old to new and who
// must be told.
func Diff(old, new []Meeting) Changes {
	type pair struct{ e, b int64 }
	before := map[pair]*Meeting{}
	for i := range old {
		before[pair{old[i].Enterprise, old[i].Buyer}] = &old[i]
	}
	after := map[pair]*Meeting{}
	for i := range new {
		after[pair{new[i].Enterprise, new[i].Buyer}] = &new[i]
	}
	out := Changes{Changes: []Change{}, Notify: []Party{}}
	for k, n := range after {
		o := before[k]
		switch {
		case o == nil:
			out.Changes = append(out.Changes, Change{Kind: Added, Enterprise: k.e, Buyer: k.b, New: n})
		case o.Slot != n.Slot || o.Table != n.Table:
			out.Changes = append(out.Changes, Change{Kind: Moved, Enterprise: k.e, Buyer: k.b, Old: o, New: n})
		}
	}
	for k, o := range before {
		if after[k] == nil {
			out.Changes = append(out.Changes, Change{Kind: Removed, Enterprise: k.e, Buyer: k.b, Old: o})
		}
	}
	slices.SortFunc(out.Changes, func(a, b Change) int {
		return cmp.Or(cmp.Compare(a.Enterprise, b.Enterprise), cmp.Compare(a.Buyer, b.Buyer))
	})
	seen := map[Party]bool{}
	for _, ch := range out.Changes {
		for _, p := range []Party{{SideEnterprise, ch.Enterprise}, {SideBuyer, ch.Buyer}} {
			if !seen[p] {
				seen[p] = true
				out.Notify = append(out.Notify, p)
			}
		}
	}
	slices.SortFunc(out.Notify, func(a, b Party) int {
		return cmp.Or(cmp.Compare(sideOrder(a.Side), sideOrder(b.Side)), cmp.Compare(a.ID, b.ID))
	})
	return out
}

func sideOrder(s Side) int {
	if s == SideEnterprise {
		return 0
	}
	return 1
}
