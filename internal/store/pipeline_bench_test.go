package store_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// BenchmarkPipeline10k prints, on each engine, p50 and p99 of the inbox
// (a provincial officer's: every open match; an owner's; a buyer's) and of
// a pipeline board (per request, per enterprise) over 10,000 matches of
// one request (PIPELINE_BENCH_MATCHES), spread over the steps, in a demo
// province of 2,000 enterprises. The goal: under 50 ms.
//
//	go test -run '^$' -bench Pipeline10k -benchtime 1x ./internal/store/
func BenchmarkPipeline10k(b *testing.B) {
	matches := 10_000
	fmt.Sscan(os.Getenv("PIPELINE_BENCH_MATCHES"), &matches)
	for _, eng := range storetest.Engines() {
		b.Run(eng, func(b *testing.B) {
			db := storetest.Open(b, eng)
			start := time.Now()
			if _, err := demo.Fill(ctx, db, "18", 2_000, 1); err != nil {
				b.Fatal(err)
			}
			if _, err := demo.FillProducts(ctx, db, matches, 1); err != nil {
				b.Fatal(err)
			}
			org := &siapekspor.Organisation{Name: "Bench buyer (synthetic)", Kind: siapekspor.OrgBUMN}
			if err := db.CreateOrganisation(ctx, org); err != nil {
				b.Fatal(err)
			}
			q := &siapekspor.BuyingRequest{Kind: siapekspor.RequestProcurement, OrgID: org.ID, Title: "Bench", Words: "keripik", Quantity: 800,
				Unit: "kg", Frequency: "monthly", DeliveryRegion: "18.71", Status: siapekspor.RequestOpen, Certificates: []siapekspor.CertificateType{}}
			if err := db.CreateRequest(ctx, q); err != nil {
				b.Fatal(err)
			}
			var products []int64
			var owners []int64
			rows, err := db.QueryForTest(ctx, `SELECT id, enterprise_id FROM products ORDER BY id LIMIT `+fmt.Sprint(matches))
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
				var id, e int64
				rows.Scan(&id, &e)
				products, owners = append(products, id), append(owners, e)
			}
			rows.Close()
			owner := owners[1] // its product's match is introduced: the owner has one to answer
			steps := siapekspor.MatchSteps
			if err := db.InsertMatchesForTest(ctx, q.ID, products, func(i int) siapekspor.MatchStep { return steps[i%len(steps)] }); err != nil {
				b.Fatal(err)
			}
			fmt.Printf("%s: %d matches of one request in a province of 2,000 enterprises, loaded in %s\n", eng, len(products), time.Since(start).Round(time.Second))
			officer := siapekspor.WithActor(ctx, siapekspor.Actor{UserID: 1, Label: "officer", Role: siapekspor.RoleOfficer})
			ownerCtx := siapekspor.WithActor(ctx, siapekspor.Actor{UserID: 2, Label: "owner", Role: siapekspor.RoleOwner, EnterpriseID: owner})
			buyer := siapekspor.WithActor(ctx, siapekspor.Actor{UserID: 3, Label: "buyer", Role: siapekspor.RoleBuyer, OrgID: org.ID})
			cases := []struct {
				name string
				run  func() (int, error)
			}{
				{"inbox, provincial officer", func() (int, error) { in, err := db.Inbox(officer); return total(in, err) }},
				{"inbox, owner", func() (int, error) { in, err := db.Inbox(ownerCtx); return total(in, err) }},
				{"inbox, buyer", func() (int, error) { in, err := db.Inbox(buyer); return total(in, err) }},
				{"board of the request, officer", func() (int, error) {
					bd, err := db.MatchBoard(officer, store.MatchFilter{RequestID: q.ID})
					return boardTotal(bd, err)
				}},
				{"board of the request, buyer", func() (int, error) {
					bd, err := db.MatchBoard(buyer, store.MatchFilter{RequestID: q.ID})
					return boardTotal(bd, err)
				}},
				{"board of an enterprise, officer", func() (int, error) {
					bd, err := db.MatchBoard(officer, store.MatchFilter{EnterpriseID: owner})
					return boardTotal(bd, err)
				}},
			}
			const rounds = 30
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for _, c := range cases {
					var d []time.Duration
					n := 0
					for r := 0; r < rounds; r++ {
						t := time.Now()
						var err error
						if n, err = c.run(); err != nil {
							b.Fatal(err)
						}
						d = append(d, time.Since(t))
					}
					fmt.Printf("%s: %s (%d matches): p50 %s p99 %s\n", eng, c.name, n, pct(d, 50), pct(d, 99))
				}
			}
		})
	}
}

func total(in *store.Inbox, err error) (int, error) {
	if err != nil {
		return 0, err
	}
	return in.Total, nil
}

func boardTotal(b *store.Board, err error) (int, error) {
	if err != nil {
		return 0, err
	}
	return b.Total, nil
}
