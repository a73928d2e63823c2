package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
)

// Product validation in the story: an officer submits a product, the
// export organisation's validator reviews it some days later. Exporters'
// products were approved long ago; products of firms ready to export and
// of last year's trained participants are approved or rejected with
// reasons, and some rejected ones are fixed and resubmitted. One ready
// firm in ten submitted in the last week: its review has not happened yet,
// so the validators' queue is never empty.

// rejectReasons are a validator's reasons, by review point.
var rejectReasons = map[siapekspor.ReviewPoint][]string{
	"specification": {"Spesifikasi belum mencantumkan kadar air dan ukuran kemasan ekspor.", "Deskripsi bahasa Inggris belum sesuai dengan produk di foto."},
	"quality":       {"Mutu belum konsisten antar-batch; lampirkan hasil uji laboratorium.", "Sampel yang dikirim berjamur setelah dua minggu."},
	"certificates":  {"Belum ada sertifikat yang diminta negara tujuan (mis. HACCP).", "Izin edar (PIRT/BPOM) belum dilampirkan."},
	"capacity":      {"Kapasitas per bulan belum mencukupi satu kontainer 20 kaki.", "Pasokan bahan baku belum terjamin sepanjang tahun."},
}

// review is a validator's decision: every point met, or one or two not met
// with their reasons.
func review(rng *rand.Rand, approve bool) siapekspor.Review {
	r := siapekspor.Review{Points: map[siapekspor.ReviewPoint]siapekspor.PointReview{}, Notes: "Tinjauan demo sintetis."}
	for _, p := range siapekspor.ReviewPoints {
		r.Points[p] = siapekspor.PointReview{OK: true}
	}
	if approve {
		return r
	}
	for k := 0; k < 1+rng.IntN(2); k++ {
		p := siapekspor.ReviewPoints[rng.IntN(len(siapekspor.ReviewPoints))]
		reasons := rejectReasons[p]
		r.Points[p] = siapekspor.PointReview{Reason: reasons[rng.IntN(len(reasons))]}
	}
	return r
}

// validation schedules the submissions and reviews of the story.
type validation struct {
	ctx   context.Context
	db    *store.DB
	s     *story
	rng   *rand.Rand
	staff func() *demoStaffIDs
	sum   *DevelopmentSummary
	taken map[int64]bool // products already in the story's validation
}

// submit schedules a product's submission on at and its review lag days
// later, approved with probability approve; a rejected product is
// resubmitted with probability again.
func (v *validation) submit(product int64, at time.Time, lag int, approve, again float64) {
	if v.taken[product] {
		return
	}
	v.taken[product] = true
	v.resubmit(product, at, lag, approve, again)
}

func (v *validation) resubmit(product int64, at time.Time, lag int, approve, again float64) {
	ok, retry := v.rng.Float64() < approve, v.rng.Float64() < again
	reviewed := at.AddDate(0, 0, lag).Add(time.Duration(v.rng.IntN(6)) * time.Hour)
	back := reviewed.AddDate(0, 0, 10+v.rng.IntN(30))
	nextLag := 3 + v.rng.IntN(28)
	v.s.schedule(at, func() error {
		if err := v.db.SubmitProduct(v.ctx, product, ""); err != nil {
			return err
		}
		v.sum.Submitted++
		v.s.schedule(reviewed, func() error {
			r := review(v.rng, ok)
			status, err := v.db.ReviewProduct(siapekspor.WithActor(v.ctx, v.staff().validator), product, r)
			if err != nil {
				return err
			}
			if status == siapekspor.ValidationApproved {
				v.sum.Approved++
				return nil
			}
			v.sum.Rejected++
			if retry {
				v.resubmit(product, back, nextLag, 0.85, 0)
			}
			return nil
		})
		return nil
	})
}

// scheduleValidation plans the story's validations.
func scheduleValidation(ctx context.Context, db *store.DB, s *story, rng *rand.Rand, all []*ent, products map[int64][]prod,
	last *programmeRun, staff func() *demoStaffIDs, sum *DevelopmentSummary) {
	v := &validation{ctx: ctx, db: db, s: s, rng: rng, staff: staff, sum: sum, taken: map[int64]bool{}}
	start := storyStart(s.today)
	span := int(s.today.Sub(start).Hours()/24) - 70
	ready := 0
	for _, e := range all {
		ps := products[e.id]
		if len(ps) == 0 {
			continue
		}
		switch e.status {
		case siapekspor.ExportFirst, siapekspor.ExportRegular:
			for _, p := range ps {
				v.submit(p.id, start.AddDate(0, 0, 20+rng.IntN(280)).Add(10*time.Hour), 5+rng.IntN(15), 1, 0)
			}
		case siapekspor.ExportReady:
			ready++
			switch {
			case ready%10 == 1: // submitted this week, not reviewed yet
				v.submit(ps[0].id, s.today.AddDate(0, 0, -rng.IntN(6)).Add(-time.Hour), 10+rng.IntN(10), 0.6, 0)
			case rng.IntN(5) > 0:
				v.submit(ps[0].id, start.AddDate(0, 0, 60+rng.IntN(span)).Add(10*time.Hour), 3+rng.IntN(28), 0.6, 0.6)
			}
		}
	}
	// Half of last year's participants submit a product in the autumn
	// after their training.
	y := s.today.Year() - 1
	s.schedule(day(y, time.October, 1, 9), func() error {
		for i, id := range last.accepted() {
			if ps := products[id]; len(ps) > 0 && i%2 == 0 {
				v.submit(ps[0].id, day(y, time.October, 2+rng.IntN(28), 10).AddDate(0, rng.IntN(3), 0), 3+rng.IntN(28), 0.5, 0.6)
			}
		}
		return nil
	})
}
