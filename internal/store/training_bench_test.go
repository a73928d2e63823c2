package store_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/readiness"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// BenchmarkProposePlacement20000 places a programme of 2 stages × 3
// classes × 20 seats from a pool of 20,000 assessed demo enterprises, end
// to end through the store: the pool read from the database, the rules
// (internal/placement, whose own benchmark times them alone), the 120
// proposals written and audited in one transaction. The target is 200 ms.
//
//	go test -run '^$' -bench ProposePlacement -benchtime 20x ./internal/store/
func BenchmarkProposePlacement20000(b *testing.B) {
	const pool = 20000
	for _, eng := range storetest.Engines() {
		b.Run(eng, func(b *testing.B) {
			db := storetest.Open(b, eng)
			if _, err := demo.Fill(ctx, db, "18", pool, 1); err != nil {
				b.Fatal(err)
			}
			v, _ := db.CurrentQuestionnaire(ctx)
			rng := rand.New(rand.NewPCG(1, 2))
			var in []store.AssessmentInput
			if err := db.EachEnterprise(ctx, siapekspor.EnterpriseFilter{}, func(e *siapekspor.Enterprise) error {
				a := readiness.Answers{}
				for _, q := range v.Body.Questions {
					a[q.Key] = q.Options[rng.IntN(len(q.Options))].Key
				}
				in = append(in, store.AssessmentInput{EnterpriseID: e.ID, Answers: a, Kind: store.AssessedBySelf, At: time.Now().AddDate(0, 0, -rng.IntN(300))})
				return nil
			}); err != nil {
				b.Fatal(err)
			}
			if _, err := db.ImportAssessments(ctx, in); err != nil {
				b.Fatal(err)
			}
			if err := db.Optimize(ctx, true); err != nil {
				b.Fatal(err)
			}
			p := &siapekspor.Programme{Name: "Bench", Year: 2026, AttendancePct: 75, RegencyCapPct: 25}
			if err := db.CreateProgramme(ctx, p); err != nil {
				b.Fatal(err)
			}
			var placed int
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				sum, err := db.ProposePlacement(ctx, p.ID, store.ReadinessFilter{})
				if err != nil {
					b.Fatal(err)
				}
				placed = sum.Placed
			}
			b.StopTimer()
			ms := float64(b.Elapsed().Microseconds()) / 1000 / float64(b.N)
			b.ReportMetric(ms, "ms/placement")
			fmt.Printf("%s: placement of %d seats from a pool of %d assessed enterprises: %.1f ms (target 200 ms)\n", eng, placed, pool, ms)
		})
	}
}
