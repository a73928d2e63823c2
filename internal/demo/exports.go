package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
)

// demoDestinations are where the demo's exporters ship, in the order of
// the province's real destinations (docs/design.md, "Statistics").
var demoDestinations = []string{"USA", "CHN", "NZL", "IND", "NLD", "KOR", "BGD", "ZAF", "JPN", "TWN", "MYS", "SGP", "AUS", "DEU", "SAU"}

// demoRate is a synthetic Rupiah-per-dollar rate of a year, near the real one.
func demoRate(rng *rand.Rand, year int) float64 {
	base := 14_300 + 450*float64(year-2022)
	return math.Round(base + 600*rng.Float64())
}

// scheduleExports records the realised exports of the demo's exporters,
// consistent with the export status the registry gives them: a first
// exporter has one or two shipments in one calendar year, a regular
// exporter shipments in two or three years. Each is recorded a few days
// after it left, by the province's office, with a synthetic PEB number.
func scheduleExports(ctx context.Context, db *store.DB, s *story, rng *rand.Rand, all []*ent, products map[int64][]prod, sum *DevelopmentSummary) {
	today := s.today
	y := today.Year()
	seq := 0
	for _, e := range all {
		var years []int
		switch e.status {
		case siapekspor.ExportFirst:
			years = []int{y - 1}
			if rng.IntN(3) == 0 && today.YearDay() > 60 {
				years = []int{y}
			}
		case siapekspor.ExportRegular:
			years = []int{y - 2, y - 1}
			if today.YearDay() > 60 && rng.IntN(2) == 0 {
				years = append(years, y)
			}
		default:
			continue
		}
		ps := products[e.id]
		hs := "090111"
		var productID *int64
		if len(ps) > 0 && len(ps[0].hs) >= 6 {
			p := ps[rng.IntN(len(ps))]
			if len(p.hs) >= 6 {
				hs, productID = p.hs, &p.id
			}
		}
		dest := demoDestinations[rng.IntN(len(demoDestinations))]
		for i, year := range years {
			shipments := 1
			if e.status == siapekspor.ExportFirst && i == 0 {
				shipments += rng.IntN(2)
			}
			for range shipments {
				last := time.Date(year, time.December, 20, 0, 0, 0, 0, time.UTC)
				if year == y {
					last = today.AddDate(0, 0, -10)
				}
				first := time.Date(year, time.January, 5, 0, 0, 0, 0, time.UTC)
				span := int(last.Sub(first).Hours() / 24)
				if span < 1 {
					continue
				}
				shipped := first.AddDate(0, 0, rng.IntN(span))
				seq++
				x := &siapekspor.ExportRecord{EnterpriseID: e.id, ProductID: productID, HSCode: hs, Destination: dest,
					ValueUSDCents: int64(200_000 + rng.IntN(5_800_000)), RateIDR: demoRate(rng, year), ExportDate: shipped,
					Incoterm:  siapekspor.Incoterms[8+rng.IntN(3)], // FOB, CFR or CIF, as the province's shippers sell
					PEBNumber: fmt.Sprintf("DEMO-%d-%06d", year, seq), Source: siapekspor.SourceOfficer,
					Notes: "Catatan ekspor demo sintetis. " + Label}
				at := shipped.Add(time.Duration(72+rng.IntN(200)) * time.Hour)
				if at.After(today) {
					at = today.Add(-time.Hour)
				}
				s.schedule(at, func() error {
					sum.Exports++
					return db.CreateExportRecord(ctx, x)
				})
			}
		}
	}
}
