package match

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/placement"
)

// bruteForce ranks by evaluating and sorting every candidate: what Rank's
// one pass with bounded heaps must agree with.
func bruteForce(t *testing.T, in Input) (entries, near []key, pastCap []bool) {
	t.Helper()
	pl, err := newPlan(&in)
	if err != nil {
		t.Fatal(err)
	}
	o := in.Options
	nTop, nNear := max(o.Top, 0), o.NearMisses
	if nTop == 0 {
		nTop = DefaultTop
	}
	if nNear == 0 {
		nNear = DefaultNearMisses
	}
	var eligible, misses []key
	hasEligible := map[int64]bool{}
	var f facts
	for i := range in.Candidates {
		p := &in.Candidates[i]
		pl.evaluate(p, &f)
		k := key{score: pl.total(&f), ent: p.Enterprise.ID, prod: p.ID, idx: int32(i)}
		switch {
		case f.fails == 0:
			eligible = append(eligible, k)
			hasEligible[k.ent] = true
		case !f.unfixable && f.gaps <= MaxGaps:
			k.gaps = int8(f.gaps)
			misses = append(misses, k)
		}
	}
	firstPerEnterprise := func(ks []key) []key {
		slices.SortFunc(ks, compareKeys)
		if o.AllProducts {
			return ks
		}
		seen := map[int64]bool{}
		return slices.DeleteFunc(ks, func(k key) bool { d := seen[k.ent]; seen[k.ent] = true; return d })
	}
	eligible = firstPerEnterprise(eligible)
	if o.RegencyCap > 0 && o.RegencyCap < 1 {
		picks := placement.Spread(slices.Values(eligible), func(k key) string { return in.Candidates[k.idx].Enterprise.RegencyCode },
			nTop, placement.CapLimit(o.RegencyCap, nTop), nil)
		slices.SortFunc(picks, func(a, b placement.Pick[key]) int { return compareKeys(a.Item, b.Item) })
		for _, p := range picks {
			entries = append(entries, p.Item)
			pastCap = append(pastCap, p.PastCap)
		}
	} else {
		entries = eligible[:min(nTop, len(eligible))]
		pastCap = make([]bool, len(entries))
	}
	if !o.AllProducts {
		misses = slices.DeleteFunc(misses, func(k key) bool { return hasEligible[k.ent] })
	}
	misses = firstPerEnterprise(misses)
	if nNear > 0 {
		near = misses[:min(nNear, len(misses))]
	}
	return entries, near, pastCap
}

func TestRankAgreesWithBruteForce(t *testing.T) {
	ps := synthetic(6000, 1)
	restr, _ := market.ShippedRestrictions()
	listed, nearListed, pastCapListed := 0, 0, 0
	for _, req := range syntheticRequests() {
		for _, o := range []Options{{}, {Top: 5, NearMisses: 3}, {AllProducts: true, Top: 30}, {RegencyCap: 0.25}, {RegencyCap: 0.1, Top: 40, AllProducts: true}, {RegencyCap: 0.6, Top: 60}} {
			t.Run(fmt.Sprintf("%v/%+v", req, o), func(t *testing.T) {
				o.Now = today
				in := Input{Request: req, Candidates: ps, Restrictions: restr, Options: o}
				r, err := Rank(in)
				if err != nil {
					t.Fatal(err)
				}
				entries, near, pastCap := bruteForce(t, in)
				if len(r.Entries) != len(entries) || len(r.NearMisses) != len(near) {
					t.Fatalf("%d entries, %d near misses; brute force %d, %d", len(r.Entries), len(r.NearMisses), len(entries), len(near))
				}
				listed += len(entries)
				nearListed += len(near)
				pastCapListed += r.Stats.PastCap
				for i, k := range entries {
					e := r.Entries[i]
					if e.ProductID != k.prod || e.Score != k.score || e.PastCap != pastCap[i] || e.Rank != i+1 {
						t.Errorf("entry %d: %d %.4f %v, brute force %d %.4f %v", i, e.ProductID, e.Score, e.PastCap, k.prod, k.score, pastCap[i])
					}
				}
				for i, k := range near {
					if e := r.NearMisses[i]; e.ProductID != k.prod || len(e.Gaps) != int(k.gaps) {
						t.Errorf("near miss %d: %d with %d gaps, brute force %d with %d", i, e.ProductID, len(e.Gaps), k.prod, k.gaps)
					}
				}
			})
		}
	}
	// A test that cannot fail is no test: the data gives each part work.
	if listed == 0 || nearListed == 0 || pastCapListed == 0 {
		t.Errorf("compared %d entries, %d near misses, %d past the cap", listed, nearListed, pastCapListed)
	}
}

// TestOrderOfCandidatesDoesNotMatter: the same candidates in another order
// give the same ranking.
func TestOrderOfCandidatesDoesNotMatter(t *testing.T) {
	ps := synthetic(3000, 2)
	rng := rand.New(rand.NewPCG(5, 6))
	for _, req := range syntheticRequests() {
		for _, o := range []Options{{Now: today}, {Now: today, RegencyCap: 0.25, Top: 12}} {
			a, err := Rank(Input{Request: req, Candidates: ps, Options: o})
			if err != nil {
				t.Fatal(err)
			}
			shuffled := slices.Clone(ps)
			rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			b, _ := Rank(Input{Request: req, Candidates: shuffled, Options: o})
			if !slices.Equal(ids(a.Entries), ids(b.Entries)) || !slices.Equal(ids(a.NearMisses), ids(b.NearMisses)) {
				t.Errorf("%v: %v / %v, shuffled %v / %v", req, ids(a.Entries), ids(a.NearMisses), ids(b.Entries), ids(b.NearMisses))
			}
		}
	}
}

// TestFilterKeepsEveryFit: a product the store's pre-filter leaves out is
// one Rank excludes for no product fit — so leaving it out changes nothing.
func TestFilterKeepsEveryFit(t *testing.T) {
	ps := synthetic(6000, 3)
	reqs := syntheticRequests()
	for _, hs := range []string{"09", "0901", "090111", "2008", "200899"} {
		for _, w := range []string{"", "keripik", "keripik pisang", "kopi robusta bubuk", "sabut kelapa premium organik"} {
			reqs = append(reqs, Request{Kind: KindBuying, HSCode: hs, Words: w, Quantity: 1, Unit: "kg", Frequency: Monthly})
		}
	}
	reqs = append(reqs, Request{Kind: KindBuying, Words: "keripik pisang manis", Quantity: 1, Unit: "kg", Frequency: Monthly})
	for _, req := range reqs {
		in := Input{Request: req, Options: Options{Now: today}}
		pl, err := newPlan(&in)
		if err != nil {
			t.Fatal(err)
		}
		flt := req.Filter()
		kept, fits := 0, 0
		var f facts
		for i := range ps {
			pl.evaluate(&ps[i], &f)
			fit := f.fails&(1<<ruleNoFit) == 0
			if flt.Admits(&ps[i]) {
				kept++
			} else if fit {
				t.Fatalf("%v: filter %+v leaves out product %d (%s %q), which fits", req, flt, ps[i].ID, ps[i].HSCode, ps[i].Terms)
			}
			if fit {
				fits++
			}
		}
		if fits == 0 || kept == len(ps) {
			t.Errorf("%v: %d fit, filter keeps %d of %d", req, fits, kept, len(ps))
		}
	}
}

func TestFairness(t *testing.T) {
	// Eight candidates of regency A score highest, then three of B, one
	// of C; eight places, a 25 % cap: two each while others wait.
	var ps []Product
	add := func(regency string, n int, capacity float64) {
		for range n {
			p := product(int64(len(ps) + 1))
			p.Enterprise.RegencyCode = regency
			p.CapacityPerMonth = capacity
			capacity -= 10
			ps = append(ps, p)
		}
	}
	add("18.01", 8, 800)
	add("18.02", 3, 600)
	add("18.03", 1, 400)
	r := rank(t, coffee(), Options{Top: 8, RegencyCap: 0.25}, ps...)
	var got []string
	for _, e := range r.Entries {
		got = append(got, fmt.Sprintf("%d%s", e.ProductID, map[bool]string{true: "+"}[e.PastCap]))
	}
	// Under the cap: 1, 2 (A), 9, 10 (B), 12 (C); past it, one more per
	// regency at a time: 3 (A), 11 (B), then 4 (A) — listed by score.
	want := []string{"1", "2", "3+", "4+", "9", "10", "11+", "12"}
	if !slices.Equal(got, want) {
		t.Errorf("shortlist %v, want %v", got, want)
	}
	if r.Stats.PastCap != 3 || r.Stats.Deferred != 4 || len(r.Notes) != 2 || r.Notes[0].Args[0] != 2 {
		t.Errorf("stats %+v notes %+v", r.Stats, r.Notes)
	}
	if e := r.Entries[2]; len(e.Flags) != 1 || e.Flags[0].Key != "match.flag.past_cap" {
		t.Errorf("past-cap flag %+v", e.Flags)
	}
	// Without the cap, A takes every place.
	r = rank(t, coffee(), Options{Top: 8}, ps...)
	if got := ids(r.Entries); !slices.Equal(got, []int64{1, 2, 3, 4, 5, 6, 7, 8}) || len(r.Notes) != 0 {
		t.Errorf("no cap: %v %v", got, r.Notes)
	}
	// Enough regencies: nobody past the cap.
	ps = ps[:0]
	for _, reg := range []string{"18.01", "18.02", "18.03", "18.04", "18.05"} {
		add(reg, 4, 800)
	}
	r = rank(t, coffee(), Options{Top: 8, RegencyCap: 0.25}, ps...)
	per := map[string]int{}
	for _, e := range r.Entries {
		per[e.RegencyCode]++
	}
	if len(r.Entries) != 8 || r.Stats.PastCap != 0 || len(r.Notes) != 1 {
		t.Errorf("five regencies: %+v", r.Stats)
	}
	for reg, n := range per {
		if n > 2 {
			t.Errorf("%s took %d places", reg, n)
		}
	}
}

// TestOnlyRanksThePickWithoutCopying: ranking a pick of the candidates by
// their indexes (Only) gives what ranking a copy of that pick gives; a bad
// pick is refused.
func TestOnlyRanksThePickWithoutCopying(t *testing.T) {
	ps := synthetic(3000, 4)
	var pick []int32
	var copied []Product
	for i := range ps {
		if i%3 != 1 {
			pick = append(pick, int32(i))
			copied = append(copied, ps[i])
		}
	}
	for _, req := range syntheticRequests() {
		for _, o := range []Options{{Now: today}, {Now: today, RegencyCap: 0.25, Top: 12}} {
			a, err := Rank(Input{Request: req, Candidates: copied, Options: o})
			if err != nil {
				t.Fatal(err)
			}
			b, err := Rank(Input{Request: req, Candidates: ps, Only: pick, Options: o})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids(a.Entries), ids(b.Entries)) || !slices.Equal(ids(a.NearMisses), ids(b.NearMisses)) || a.Stats.Candidates != b.Stats.Candidates {
				t.Errorf("%v: copy %v / %v, pick %v / %v", req, ids(a.Entries), ids(a.NearMisses), ids(b.Entries), ids(b.NearMisses))
			}
		}
	}
	for _, bad := range [][]int32{{-1}, {int32(len(ps))}, {5, 5}, {7, 3}} {
		if _, err := Rank(Input{Request: syntheticRequests()[0], Candidates: ps, Only: bad, Options: Options{Now: today}}); err == nil {
			t.Errorf("pick %v accepted", bad)
		}
	}
	if r, err := Rank(Input{Request: syntheticRequests()[0], Candidates: ps, Only: []int32{}, Options: Options{Now: today}}); err != nil || len(r.Entries) != 0 {
		t.Errorf("an empty pick ranked %d", len(r.Entries))
	}
}
