package match

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/placement"
)

// selection reads the candidates once and keeps the keys of those that
// may be listed: the best eligible ones (per regency with the cap on: the
// cap never gives one regency more than nTop places) and the best near
// misses.
type selection struct {
	nTop, nNear   int
	perEnterprise bool
	fair          bool
	limit         int // places one regency may take while others wait
	best          *top
	byRegency     map[string]*top
	near          *top
	eligibleEnts  []int64 // enterprises with an eligible product (repeats allowed)
	stats         Stats
}

func newSelection(o Options) *selection {
	s := &selection{nTop: cmp.Or(o.Top, DefaultTop), nNear: max(cmp.Or(o.NearMisses, DefaultNearMisses), 0),
		perEnterprise: !o.AllProducts, fair: o.RegencyCap > 0 && o.RegencyCap < 1}
	if s.fair {
		s.limit = placement.CapLimit(o.RegencyCap, s.nTop)
		s.byRegency = map[string]*top{}
	} else {
		s.best = newTop(s.nTop, s.perEnterprise)
	}
	// Near misses of an enterprise that has an eligible product are not
	// listed, which is known only at the end: the heap keeps some more.
	slack := 0
	if s.perEnterprise && s.nNear > 0 {
		slack = s.nTop + 64
	}
	s.near = newTop(s.nNear+slack, s.perEnterprise)
	return s
}

// read scores every candidate and keeps the keys that may be listed.
func (s *selection) read(pl *plan, cands Source, only []int32) error {
	var excluded [numRules]int
	var f facts
	var lastRegency string
	var lastTop *top
	n := cands.Len()
	if only != nil {
		n = len(only)
	}
	s.stats.Candidates = n
	for j := 0; j < n; j++ {
		i := j
		if only != nil {
			i = int(only[j])
		}
		p := cands.At(i)
		if p.Enterprise == nil {
			return siapekspor.Problems{{Field: fmt.Sprintf("candidates[%d]", i), Key: "match.candidate_enterprise"}}.Err()
		}
		pl.evaluate(p, &f)
		for r := 0; f.fails>>r != 0; r++ {
			if f.fails&(1<<r) != 0 {
				excluded[r]++
			}
		}
		if f.fails&(1<<ruleNoFit) != 0 {
			continue
		}
		s.stats.Fitting++
		k := key{score: pl.total(&f), ent: p.Enterprise.ID, prod: p.ID, idx: int32(i)}
		switch {
		case f.fails == 0:
			s.stats.Eligible++
			t := s.best
			if s.fair {
				// Candidates of one regency often come together.
				if lastTop == nil || p.Enterprise.RegencyCode != lastRegency {
					lastRegency = p.Enterprise.RegencyCode
					if lastTop = s.byRegency[lastRegency]; lastTop == nil {
						lastTop = newTop(s.nTop, s.perEnterprise)
						s.byRegency[lastRegency] = lastTop
					}
				}
				t = lastTop
			}
			t.offer(k)
			if s.perEnterprise && (len(s.eligibleEnts) == 0 || s.eligibleEnts[len(s.eligibleEnts)-1] != k.ent) {
				s.eligibleEnts = append(s.eligibleEnts, k.ent)
			}
		case !f.unfixable && f.gaps <= MaxGaps:
			s.stats.NearMisses++
			k.gaps = int8(f.gaps)
			s.near.offer(k)
		}
	}
	s.stats.Excluded = map[Rule]int{}
	for r, n := range excluded {
		if n > 0 {
			s.stats.Excluded[Rules[r]] = n
		}
	}
	return nil
}

// shortlist returns the places in score order: the best nTop, or with the
// cap on, placement.Spread over each regency's best.
func (s *selection) shortlist(cands Source) []placement.Pick[key] {
	var chosen []placement.Pick[key]
	if !s.fair {
		for _, k := range s.best.sorted() {
			chosen = append(chosen, placement.Pick[key]{Item: k})
		}
		return chosen
	}
	var pool []key
	for _, t := range s.byRegency {
		pool = append(pool, t.h...)
	}
	slices.SortFunc(pool, compareKeys)
	regency := func(k key) string { return cands.At(int(k.idx)).Enterprise.RegencyCode }
	chosen = placement.Spread(slices.Values(pool), regency, s.nTop, s.limit, nil)
	slices.SortFunc(chosen, func(a, b placement.Pick[key]) int { return compareKeys(a.Item, b.Item) })
	// The plain ranking's first places that the cap gave away.
	plain := map[int32]bool{}
	for _, k := range pool[:min(s.nTop, len(pool))] {
		plain[k.idx] = true
	}
	for _, c := range chosen {
		delete(plain, c.Item.idx)
		if c.PastCap {
			s.stats.PastCap++
		}
	}
	s.stats.Deferred = len(plain)
	return chosen
}

// nearMisses returns the near misses to list, best first. An enterprise
// with an eligible product is not one; when such enterprises pushed others
// out of the heap, a second pass over the same candidates (only, when set)
// finds the best of the rest.
func (s *selection) nearMisses(pl *plan, cands Source, only []int32) []key {
	keys := s.near.sorted()
	if s.perEnterprise && len(keys) > 0 {
		eligible := make(map[int64]bool, len(s.eligibleEnts))
		for _, id := range s.eligibleEnts {
			eligible[id] = true
		}
		keys = slices.DeleteFunc(keys, func(k key) bool { return eligible[k.ent] })
		if len(keys) < s.nNear && s.near.dropped {
			again := newTop(s.nNear, true)
			var f facts
			n := cands.Len()
			if only != nil {
				n = len(only)
			}
			for j := range n {
				i := j
				if only != nil {
					i = int(only[j])
				}
				p := cands.At(i)
				if pl.evaluate(p, &f); f.fails != 0 && !f.unfixable && f.gaps <= MaxGaps && !eligible[p.Enterprise.ID] {
					again.offer(key{score: pl.total(&f), ent: p.Enterprise.ID, prod: p.ID, idx: int32(i), gaps: int8(f.gaps)})
				}
			}
			keys = again.sorted()
		}
	}
	return keys[:min(s.nNear, len(keys))]
}
