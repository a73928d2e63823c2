package demo

import (
	"context"
	"fmt"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
)

// NationalEnterprises is the default size of the synthetic national
// registry: ten million enterprises over the 38 provinces.
const NationalEnterprises = 10_000_000

// NationalShares splits n enterprises over every province of the shipped
// reference in proportion to its villages, largest remainders rounding, in
// the reference's order of provinces.
func NationalShares(n int) ([]string, []int) {
	ix := refdata.DefaultRegionIndex()
	var codes []string
	var villages []int
	total := 0
	for _, p := range ix.Children("") {
		v := 0
		for _, reg := range ix.Children(p.Code) {
			for _, dist := range ix.Children(reg.Code) {
				v += len(ix.Children(dist.Code))
			}
		}
		if v == 0 {
			continue
		}
		codes, villages = append(codes, p.Code), append(villages, v)
		total += v
	}
	shares := make([]int, len(codes))
	given := 0
	for i, v := range villages {
		shares[i] = n * v / total
		given += shares[i]
	}
	for i := 0; given < n; i = (i + 1) % len(shares) {
		shares[i]++
		given++
	}
	return codes, shares
}

// National fills a PostgreSQL database with a synthetic national registry
// of n enterprises in every province (NationalShares), each in a real
// village of its province, by store.LoadRegistry. Each province has a
// generator of its own, seeded from seed and the province's place, so its
// NIBs never meet another province's or the one-province demo's.
// progress, when set, hears the enterprises done of n.
func National(ctx context.Context, db *store.DB, n int, seed uint64, progress func(done, total int)) error {
	codes, shares := NationalShares(n)
	gens := make([]*Generator, len(codes))
	for i, c := range codes {
		g, err := New(c, 1000+seed*64+uint64(i))
		if err != nil {
			return err
		}
		gens[i] = g
	}
	p, left := 0, shares[0]
	next := func() *siapekspor.Enterprise {
		for left == 0 {
			p++
			left = shares[p]
		}
		left--
		e := gens[p].Next()
		e.Normalize()
		e.Derive()
		return e
	}
	var tell func(int)
	if progress != nil {
		tell = func(done int) { progress(done, n) }
		progress(0, n)
	}
	return db.LoadRegistry(ctx, fmt.Sprintf("demo national seed %d", seed), n, next, tell)
}
