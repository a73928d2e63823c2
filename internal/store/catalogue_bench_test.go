package store_test

import (
	"os"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
)

// BenchmarkCatalogueReads times the public catalogue's reads on a stored
// database (SIAPEKSPOR_CATALOGUE_DB: a sqlite path or postgres:// URL, for
// example a demo province's data/siapekspor.db; skipped without one): the
// counts of the front page, the first page of products (in full, as the
// API reads it, and as the pages' cards with the counts beside them), a
// product and a profile, each per call.
//
//	SIAPEKSPOR_CATALOGUE_DB=/path/siapekspor.db go test -run '^$' -bench CatalogueReads ./internal/store/
func BenchmarkCatalogueReads(b *testing.B) {
	url := os.Getenv("SIAPEKSPOR_CATALOGUE_DB")
	if url == "" {
		b.Skip("SIAPEKSPOR_CATALOGUE_DB is not set")
	}
	db, err := store.Open(ctx, store.Options{URL: url, DataDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	first, err := db.CatalogueProducts(ctx, siapekspor.CatalogueFilter{Limit: 8}, now)
	if err != nil || len(first.Items) == 0 {
		b.Fatalf("nothing listed: %v", err)
	}
	p := first.Items[0]
	for _, c := range []struct {
		name string
		fn   func() error
	}{
		{"facets", func() error { _, err := db.CatalogueFacets(ctx, now); return err }},
		{"first-page", func() error {
			_, err := db.CatalogueProducts(ctx, siapekspor.CatalogueFilter{Limit: 8}, now)
			return err
		}},
		{"cards-first-page", func() error {
			_, _, err := db.CatalogueCards(ctx, siapekspor.CatalogueFilter{Limit: 8}, now)
			return err
		}},
		{"product", func() error { _, err := db.CatalogueProduct(ctx, p.ID, now); return err }},
		{"profile", func() error { _, err := db.CatalogueEnterprise(ctx, p.EnterpriseID, now); return err }},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if err := c.fn(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Logf("%d listed products", first.Total)
}
