package demo

import (
	"context"
	"time"

	"github.com/siapekspor/siapekspor/internal/store"
)

// Options say what demo province Province makes.
type Options struct {
	Province    string  // Kemendagri code of the province whose villages are used
	Enterprises int     // how many enterprises
	Products    int     // how many products; < 0: one per enterprise
	Assessed    float64 // share of the enterprises in the export-development story; 0: none
	Seed        uint64
	// Progress, when set, hears how far each step has got: step is
	// "enterprises", "products" or "development", done of total.
	Progress func(step string, done, total int)
}

// Summary counts what Province made.
type Summary struct {
	Enterprises, Products int
	Development           *DevelopmentSummary // nil when Assessed is 0
	Statistics            *store.StatLoad     // nil when the province has no demo table
	Buyers                *BuyersSummary      // synthetic buyers and their requests
	Events                *EventsSummary      // the business-matching events (events.go)
	Catalogue             *CatalogueSummary   // who is listed in the public catalogue (catalogue.go)
}

// Province fills db with a demo province: its enterprises and products,
// registered at the start of the year before last (storyStart), their
// export development up to today, the synthetic buyers with their
// requests and the business-matching events (a past one with outcomes,
// an upcoming one with requests), the province's synthetic export
// statistics when there are some, and the deal pipeline.
func Province(ctx context.Context, db *store.DB, o Options) (*Summary, error) {
	step := func(name string) func(done, total int) {
		if o.Progress == nil {
			return nil
		}
		return func(done, total int) { o.Progress(name, done, total) }
	}
	sum := &Summary{}
	// The registry's records were made when the offices moved their lists in.
	was := db.Now
	registered := storyStart(db.Now().UTC())
	db.Now = func() time.Time { return registered }
	var err error
	sum.Enterprises, err = fill(ctx, db, o.Province, o.Enterprises, o.Seed, step("enterprises"))
	if err == nil && o.Products != 0 {
		if o.Products < 0 {
			o.Products = sum.Enterprises
		}
		sum.Products, err = fillProducts(ctx, db, o.Products, o.Seed, step("products"))
	}
	db.Now = was
	if err != nil {
		return sum, err
	}
	// The buyers (eight weeks or so before today) and the events are
	// replayed in the same story as the export development, so that the
	// whole demo is dated in order.
	sum.Events = &EventsSummary{}
	market := func(s *story) { scheduleMarket(ctx, db, s, o.Province, o.Seed, sum) }
	if o.Assessed > 0 {
		if sum.Development, err = fillDevelopment(ctx, db, o.Assessed, o.Seed, step("development"), market); err != nil {
			return sum, err
		}
	} else {
		s := newStory(db)
		market(s)
		err = s.run()
		s.end()
		if err != nil {
			return sum, err
		}
	}
	if err := countEvents(ctx, db, sum.Events); err != nil {
		return sum, err
	}
	if sum.Statistics, err = FillStatistics(ctx, db, o.Province); err != nil {
		return sum, err
	}
	if sum.Buyers.Matches, err = FillPipeline(ctx, db); err != nil {
		return sum, err
	}
	sum.Catalogue, err = FillCatalogue(ctx, db, o.Seed)
	return sum, err
}
