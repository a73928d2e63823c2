package web

// TEMPORARY (issue 20): the storage of the public catalogue is written on
// main in parallel (internal/store/catalogue.go). Until it lands, the pages
// are written against the contract's signatures through this interface;
// at the rebase the local types become aliases of the store's and
// catalogueStore is *store.DB. Delete this file then.

import (
	"context"
	"time"

	"github.com/siapekspor/siapekspor"
)

type (
	cataloguePage struct {
		Items []siapekspor.PublicProduct
		Total int
	}
	facetCount struct {
		Key, Label string
		Count      int
	}
	catalogueFacets struct {
		Chapters, Regencies, Certificates, Categories []facetCount
		Products, Enterprises                         int
	}
	sitemapEntry struct {
		Path    string
		Updated time.Time
	}
)

type catalogueStore interface {
	CatalogueProducts(ctx context.Context, f siapekspor.CatalogueFilter, now time.Time) (*cataloguePage, error)
	CatalogueProduct(ctx context.Context, id int64, now time.Time) (*siapekspor.PublicProduct, error)
	CatalogueEnterprise(ctx context.Context, id int64, now time.Time) (*siapekspor.PublicEnterprise, error)
	CatalogueFacets(ctx context.Context, now time.Time) (*catalogueFacets, error)
	CatalogueSitemap(ctx context.Context, now time.Time) ([]sitemapEntry, error)
	ListingConsent(ctx context.Context, enterpriseID int64) (*siapekspor.ListingConsent, error)
	SetListingConsent(ctx context.Context, c *siapekspor.ListingConsent) error
	CreateInquiry(ctx context.Context, q *siapekspor.Inquiry) error
	ListInquiries(ctx context.Context, limit, offset int) ([]siapekspor.Inquiry, int, error)
}

// permCatalogueAdmin is siapekspor.PermCatalogueAdmin.
const permCatalogueAdmin = siapekspor.Permission("catalogue:admin")

// emptyCatalogue lists nothing (until the store lands).
type emptyCatalogue struct{}

func notListed() error { return siapekspor.Errorf(siapekspor.ENotFound, "error.page_not_found") }

func (emptyCatalogue) CatalogueProducts(context.Context, siapekspor.CatalogueFilter, time.Time) (*cataloguePage, error) {
	return &cataloguePage{}, nil
}
func (emptyCatalogue) CatalogueProduct(context.Context, int64, time.Time) (*siapekspor.PublicProduct, error) {
	return nil, notListed()
}
func (emptyCatalogue) CatalogueEnterprise(context.Context, int64, time.Time) (*siapekspor.PublicEnterprise, error) {
	return nil, notListed()
}
func (emptyCatalogue) CatalogueFacets(context.Context, time.Time) (*catalogueFacets, error) {
	return &catalogueFacets{}, nil
}
func (emptyCatalogue) CatalogueSitemap(context.Context, time.Time) ([]sitemapEntry, error) {
	return nil, nil
}
func (emptyCatalogue) ListingConsent(_ context.Context, id int64) (*siapekspor.ListingConsent, error) {
	return &siapekspor.ListingConsent{EnterpriseID: id}, nil
}
func (emptyCatalogue) SetListingConsent(context.Context, *siapekspor.ListingConsent) error {
	return notListed()
}
func (emptyCatalogue) CreateInquiry(context.Context, *siapekspor.Inquiry) error { return notListed() }
func (emptyCatalogue) ListInquiries(context.Context, int, int) ([]siapekspor.Inquiry, int, error) {
	return nil, 0, nil
}

// catalogue is the catalogue's storage (h.Store once it has the methods).
func (h *Handlers) catalogue() catalogueStore {
	if h.cat != nil {
		return h.cat
	}
	return emptyCatalogue{}
}
