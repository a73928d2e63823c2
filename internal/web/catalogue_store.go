package web

import (
	"context"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
)

type (
	cataloguePage   = store.CataloguePage
	catalogueFacets = store.CatalogueFacets
	facetCount      = store.FacetCount
	sitemapEntry    = store.SitemapEntry
)

// catalogueStore is what the catalogue's pages ask of the store (*store.DB;
// a test may give another).
type catalogueStore interface {
	CatalogueCards(ctx context.Context, f siapekspor.CatalogueFilter, now time.Time) (*cataloguePage, *catalogueFacets, error)
	CatalogueProduct(ctx context.Context, id int64, now time.Time) (*siapekspor.PublicProduct, error)
	CatalogueEnterprise(ctx context.Context, id int64, now time.Time) (*siapekspor.PublicEnterprise, error)
	CatalogueFacets(ctx context.Context, now time.Time) (*catalogueFacets, error)
	CatalogueSitemap(ctx context.Context, now time.Time) ([]sitemapEntry, error)
	ListingConsent(ctx context.Context, enterpriseID int64) (*siapekspor.ListingConsent, error)
	SetListingConsent(ctx context.Context, c *siapekspor.ListingConsent) error
	CreateInquiry(ctx context.Context, q *siapekspor.Inquiry) error
	ListInquiries(ctx context.Context, limit, offset int) ([]siapekspor.Inquiry, int, error)
}

// catalogue is the catalogue's storage.
func (h *Handlers) catalogue() catalogueStore {
	if h.cat != nil {
		return h.cat
	}
	return h.Store
}
