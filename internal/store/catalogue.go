package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/textsearch"
)

// The public catalogue (docs/catalogue.md). Its reads need no actor: they
// show only what is listed — validated products of enterprises that agreed
// to be listed, whose own certificates still count — and only the public
// part of it. What is listed is the read model's rows (catalogue_model.go)
// with listed_until on or after today (YYYY-MM-DD).

// listedProducts joins the read model's rows to what a public product
// shows; listedJoin is its join condition, to be added to the WHERE. CROSS
// JOIN keeps SQLite reading from the model (its planner would otherwise
// scan the products for the sitemap or a page); PostgreSQL plans it as a
// plain join.
const (
	listedProducts = ` FROM catalogue_products cp CROSS JOIN products p CROSS JOIN enterprises e`
	listedJoin     = `p.id = cp.product_id AND e.id = p.enterprise_id`
)

const publicProductColumns = `p.id, p.enterprise_id, p.name_id, p.name_en, p.description_id, p.description_en, p.hs_code, p.category,
	p.unit, p.capacity_per_month, p.min_order, p.fob_usd_cents, p.packaging, p.shelf_life_days, p.validated_at, p.updated_at,
	e.name, e.regency_code`

func scanPublicProduct(s interface{ Scan(...any) error }) (*siapekspor.PublicProduct, error) {
	var p siapekspor.PublicProduct
	var validated sql.NullTime
	err := s.Scan(&p.ID, &p.EnterpriseID, &p.NameID, &p.NameEN, &p.DescriptionID, &p.DescriptionEN, &p.HSCode, &p.Category,
		&p.Unit, &p.CapacityPerMonth, &p.MinOrder, &p.FOBUSDCents, &p.Packaging, &p.ShelfLifeDays, &validated, &p.UpdatedAt,
		&p.EnterpriseName, &p.RegencyCode)
	if err != nil {
		return nil, err
	}
	if validated.Valid {
		p.ValidatedAt = validated.Time
	}
	publicPaths(&p)
	p.Photos, p.Certificates = []siapekspor.ProductPhoto{}, []siapekspor.PublicCertificate{}
	return &p, nil
}

// publicPaths fills a public product's addresses and its regency's name.
func publicPaths(p *siapekspor.PublicProduct) {
	name, _ := p.Name(false)
	p.Path = siapekspor.CataloguePath(p.ID, name)
	p.EnterprisePath = siapekspor.CatalogueEnterprisePath(p.EnterpriseID, p.EnterpriseName)
	p.RegencyName = regionNameOf(p.RegencyCode)
}

// CataloguePage is a page of listed products and how many the filter selects.
type CataloguePage struct {
	Items []siapekspor.PublicProduct `json:"items"`
	Total int                        `json:"total"`
}

// CatalogueProducts returns the listed products a filter selects, the most
// recently validated first, each in full (the API's list).
func (db *DB) CatalogueProducts(ctx context.Context, f siapekspor.CatalogueFilter, now time.Time) (*CataloguePage, error) {
	l, err := db.catalogueList(ctx, f, now)
	if err != nil {
		return nil, err
	}
	if l.page.Total <= f.Offset {
		return l.page, nil
	}
	rows, err := l.query(ctx, `SELECT cp.product_id FROM catalogue_products cp`+l.where+l.order, l.args...)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if l.page.Items, err = db.publicProducts(ctx, ids, now); err != nil {
		return nil, err
	}
	return l.page, nil
}

// CatalogueCards is CatalogueProducts for the catalogue's list pages, with
// the counts they show beside the list: each product filled as its card
// shows it — its names and address, its first photo, its enterprise and
// regency, its capacity, the kinds of certificate it holds valid — from
// the read model's rows alone, in one read beside the counts'.
func (db *DB) CatalogueCards(ctx context.Context, f siapekspor.CatalogueFilter, now time.Time) (*CataloguePage, *CatalogueFacets, error) {
	l, err := db.catalogueList(ctx, f, now)
	if err != nil {
		return nil, nil, err
	}
	if l.page.Total <= f.Offset {
		return l.page, l.facets, nil
	}
	rows, err := l.query(ctx, `SELECT cp.product_id, cp.enterprise_id, cp.name_id, cp.name_en, cp.unit, cp.capacity, cp.enterprise, cp.regency_code,
		cp.thumb, cp.certs FROM catalogue_products cp`+l.where+l.order, l.args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	day := now.Format(isoDate)
	for rows.Next() {
		var p siapekspor.PublicProduct
		var thumb, certs string
		if err := rows.Scan(&p.ID, &p.EnterpriseID, &p.NameID, &p.NameEN, &p.Unit, &p.CapacityPerMonth,
			&p.EnterpriseName, &p.RegencyCode, &thumb, &certs); err != nil {
			return nil, nil, err
		}
		name, _ := p.Name(false)
		p.Path, p.RegencyName = siapekspor.CataloguePath(p.ID, name), regionNameOf(p.RegencyCode)
		if thumb != "" {
			p.Photos = []siapekspor.ProductPhoto{{Thumb: thumb}}
		}
		// "halal=2027-03-01 sni=9999-12-31": the kinds still valid today.
		for _, c := range strings.Fields(certs) {
			if kind, until, _ := strings.Cut(c, "="); until >= day {
				p.Certificates = append(p.Certificates, siapekspor.PublicCertificate{Type: siapekspor.CertificateType(kind)})
			}
		}
		l.page.Items = append(l.page.Items, p)
	}
	return l.page, l.facets, rows.Err()
}

// catalogueRead is a list's filter as SQL over the read model, its total
// and the counts.
type catalogueRead struct {
	page   *CataloguePage
	facets *CatalogueFacets
	where  string // WHERE … over catalogue_products cp
	order  string // ORDER BY … LIMIT … OFFSET …
	args   []any
	query  func(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

func (db *DB) catalogueList(ctx context.Context, f siapekspor.CatalogueFilter, now time.Time) (*catalogueRead, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	day := now.Format(isoDate)
	w := &where{conds: []string{`cp.listed_until >= $1`}, args: []any{day}} // $1: today, in every condition
	var facet, key string                                                   // the one facet a filter names
	facets := 0                                                             // how many facets it names; 2: more than the counts answer
	if q := textsearch.ParseQuery(f.Query); !q.Empty() {
		m := db.dialect.matching(q)
		// Products' search documents have odd ids: twice the product's, plus one.
		w.add(`cp.product_id IN (SELECT d.id / 2 `+m.from+` WHERE `+m.cond+` AND d.id % 2 = 1 AND d.validation = 'approved')`, m.arg)
		facets = 2
	}
	if f.HSChapter != "" {
		w.add(`cp.hs_chapter = ?`, f.HSChapter)
		facet, key, facets = "chapter", f.HSChapter, facets+1
	}
	if f.Category != "" {
		w.add("cp.category = ?", string(f.Category))
		facet, key, facets = "category", string(f.Category), facets+1
	}
	if f.RegencyCode != "" {
		w.add("cp.regency_code = ?", f.RegencyCode)
		facet, key, facets = "regency", f.RegencyCode, facets+1
	}
	if f.Certificate != "" {
		// Held and valid: the product's own certificate or its enterprise's.
		w.add(`EXISTS (SELECT 1 FROM catalogue_certs cc WHERE cc.product_id = cp.product_id AND cc.type = ? AND cc.valid_until >= $1)`, string(f.Certificate))
		facet, key, facets = "certificate", string(f.Certificate), facets+1
	}
	if f.MinCapacity > 0 {
		w.add("cp.capacity >= ?", f.MinCapacity)
		facets = 2
	}
	l := &catalogueRead{page: &CataloguePage{Items: []siapekspor.PublicProduct{}}, where: w.sql(),
		query: db.read.QueryContext}
	var fresh bool
	var err error
	if l.facets, fresh, err = db.catalogueFacets(ctx, day); err != nil {
		return nil, err
	}
	// The total: the counts answer no filter or one facet; any other
	// filter is counted over the model's rows.
	if fresh && facets <= 1 {
		l.page.Total = l.facets.count(facet, key)
		l.query = db.readQuery // the usual pages: statements kept prepared
	} else if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM catalogue_products cp`+l.where, w.args...).Scan(&l.page.Total); err != nil {
		return nil, err
	}
	n := len(w.args)
	l.order = ` ORDER BY cp.validated_at DESC, cp.product_id DESC LIMIT $` + strconv.Itoa(n+1) + ` OFFSET $` + strconv.Itoa(n+2)
	l.args = append(w.args, f.Limit, f.Offset)
	return l, nil
}

// idSet is ids as the placeholders $from… of an IN list, padded with 0 (no
// row's id) to one of a few lengths, so that a list page's reads keep a
// few prepared statements (readQuery) whatever the page's length.
func idSet(ids []int64, from int) (string, []any) {
	n := len(ids)
	for _, size := range []int{1, 8, 32, 64, 128, 256} {
		if n <= size {
			n = size
			break
		}
	}
	var b strings.Builder
	args := make([]any, n)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(from+i))
		args[i] = int64(0)
		if i < len(ids) {
			args[i] = ids[i]
		}
	}
	if n == 1 {
		return "= " + b.String(), args
	}
	return "IN (" + b.String() + ")", args
}

// publicProducts reads listed products by id, in the order given.
func (db *DB) publicProducts(ctx context.Context, ids []int64, now time.Time) ([]siapekspor.PublicProduct, error) {
	if len(ids) == 0 {
		return []siapekspor.PublicProduct{}, nil
	}
	in, args := idSet(ids, 1)
	rows, err := db.readQuery(ctx, `SELECT `+publicProductColumns+` FROM products p JOIN enterprises e ON e.id = p.enterprise_id
		WHERE p.id `+in, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := make(map[int64]*siapekspor.PublicProduct, len(ids))
	for rows.Next() {
		p, err := scanPublicProduct(rows)
		if err != nil {
			return nil, err
		}
		byID[p.ID] = p
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	items := make([]siapekspor.PublicProduct, 0, len(ids))
	for _, id := range ids {
		if p := byID[id]; p != nil {
			items = append(items, *p)
		}
	}
	return items, db.fillPublic(ctx, items, now)
}

// fillPublic adds each product's photos and its certificates held and
// valid (its own and its enterprise's).
func (db *DB) fillPublic(ctx context.Context, ps []siapekspor.PublicProduct, now time.Time) error {
	if len(ps) == 0 {
		return nil
	}
	byID := make(map[int64]*siapekspor.PublicProduct, len(ps))
	ids, ents := make([]int64, 0, len(ps)), map[int64][]*siapekspor.PublicProduct{}
	var entIDs []int64
	for i := range ps {
		byID[ps[i].ID] = &ps[i]
		ids = append(ids, ps[i].ID)
		if ents[ps[i].EnterpriseID] == nil {
			entIDs = append(entIDs, ps[i].EnterpriseID)
		}
		ents[ps[i].EnterpriseID] = append(ents[ps[i].EnterpriseID], &ps[i])
	}
	photosOf, photoArgs := idSet(ids, 1)
	rows, err := db.readQuery(ctx, `SELECT id, product_id, thumb, display, position FROM product_photos
		WHERE product_id `+photosOf+` ORDER BY product_id, position, id`, photoArgs...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var ph siapekspor.ProductPhoto
		var pid int64
		if err := rows.Scan(&ph.ID, &pid, &ph.Thumb, &ph.Display, &ph.Position); err != nil {
			rows.Close()
			return err
		}
		byID[pid].Photos = append(byID[pid].Photos, ph)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// The enterprises' own certificates and these products'.
	entsOf, entArgs := idSet(entIDs, 2)
	productsOf, productArgs := idSet(ids, 2+len(entArgs))
	args := append(append([]any{now.Format(isoDate)}, entArgs...), productArgs...)
	rows, err = db.readQuery(ctx, `SELECT enterprise_id, product_id, type, self_declare, issuer, expires_on FROM certificates
		WHERE enterprise_id `+entsOf+` AND (product_id IS NULL OR product_id `+productsOf+`) AND (expires_on = '' OR expires_on >= $1)
		ORDER BY type, id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var eid int64
		var pid sql.NullInt64
		var c siapekspor.PublicCertificate
		var expires string
		if err := rows.Scan(&eid, &pid, &c.Type, &c.SelfDeclare, &c.Issuer, &expires); err != nil {
			return err
		}
		c.ExpiresOn = parseDateText(expires)
		for _, p := range ents[eid] {
			if !pid.Valid || pid.Int64 == p.ID {
				p.Certificates = addPublicCert(p.Certificates, c)
			}
		}
	}
	return rows.Err()
}

// addPublicCert keeps one entry per kind of certificate: the one valid
// longest (no expiry date counts as longest).
func addPublicCert(cs []siapekspor.PublicCertificate, c siapekspor.PublicCertificate) []siapekspor.PublicCertificate {
	for i := range cs {
		if cs[i].Type != c.Type {
			continue
		}
		if cs[i].ExpiresOn != nil && (c.ExpiresOn == nil || c.ExpiresOn.After(*cs[i].ExpiresOn)) {
			cs[i] = c
		}
		return cs
	}
	return append(cs, c)
}

// CatalogueProduct returns one listed product; a product that does not
// exist and one that is not listed give the same not-found error.
func (db *DB) CatalogueProduct(ctx context.Context, id int64, now time.Time) (*siapekspor.PublicProduct, error) {
	p, err := scanPublicProduct(db.readQueryRow(ctx, `SELECT `+publicProductColumns+listedProducts+`
		WHERE cp.product_id = $2 AND cp.listed_until >= $1 AND `+listedJoin, now.Format(isoDate), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("product")
	}
	if err != nil {
		return nil, err
	}
	ps := []siapekspor.PublicProduct{*p}
	if err := db.fillPublic(ctx, ps, now); err != nil {
		return nil, err
	}
	return &ps[0], nil
}

// CatalogueEnterprise returns the public profile of an enterprise with at
// least one listed product: nothing personal, its valid certificates, its
// export experience and its listed products.
func (db *DB) CatalogueEnterprise(ctx context.Context, id int64, now time.Time) (*siapekspor.PublicEnterprise, error) {
	items, err := db.listedOf(ctx, id, now)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, notFound("enterprise")
	}
	e := &siapekspor.PublicEnterprise{ID: id, Products: items, Certificates: []siapekspor.PublicCertificate{}, Destinations: []string{}}
	err = db.read.QueryRowContext(ctx, `SELECT name, kind, sector, regency_code, founded_year, export_status, main_products, updated_at
		FROM enterprises WHERE id = $1`, id).Scan(&e.Name, &e.Kind, &e.Sector, &e.RegencyCode, &e.FoundedYear, &e.ExportStatus, &e.MainProducts, &e.UpdatedAt)
	if err != nil {
		return nil, err
	}
	e.Path = siapekspor.CatalogueEnterprisePath(e.ID, e.Name)
	e.RegencyName = regionNameOf(e.RegencyCode)
	rows, err := db.read.QueryContext(ctx, `SELECT type, self_declare, issuer, expires_on FROM certificates
		WHERE enterprise_id = $1 AND product_id IS NULL AND (expires_on = '' OR expires_on >= $2) ORDER BY type, id`, id, now.Format(isoDate))
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var c siapekspor.PublicCertificate
		var expires string
		if err := rows.Scan(&c.Type, &c.SelfDeclare, &c.Issuer, &expires); err != nil {
			rows.Close()
			return nil, err
		}
		c.ExpiresOn = parseDateText(expires)
		e.Certificates = addPublicCert(e.Certificates, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.read.QueryContext(ctx, `SELECT destination, COUNT(*) FROM export_records WHERE enterprise_id = $1 GROUP BY destination ORDER BY COUNT(*) DESC, destination`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var dest string
		var n int
		if err := rows.Scan(&dest, &n); err != nil {
			return nil, err
		}
		e.Exports += n
		e.Destinations = append(e.Destinations, dest)
	}
	for _, p := range items {
		if p.UpdatedAt.After(e.UpdatedAt) {
			e.UpdatedAt = p.UpdatedAt
		}
	}
	return e, rows.Err()
}

// listedOf returns an enterprise's listed products, newest validated first.
func (db *DB) listedOf(ctx context.Context, enterpriseID int64, now time.Time) ([]siapekspor.PublicProduct, error) {
	rows, err := db.readQuery(ctx, `SELECT `+publicProductColumns+listedProducts+`
		WHERE cp.enterprise_id = $2 AND cp.listed_until >= $1 AND `+listedJoin+` ORDER BY cp.validated_at DESC, cp.product_id DESC LIMIT 200`,
		now.Format(isoDate), enterpriseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	items := []siapekspor.PublicProduct{}
	for rows.Next() {
		p, err := scanPublicProduct(rows)
		if err != nil {
			return nil, err
		}
		items = append(items, *p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return items, db.fillPublic(ctx, items, now)
}

// FacetCount is how many listed products have one value of a facet.
type FacetCount struct {
	Key   string `json:"key"`
	Label string `json:"label,omitempty"`
	Count int    `json:"count"`
}

// CatalogueFacets counts the listed products by HS chapter, category,
// regency and valid certificate, for the catalogue's home and filters.
type CatalogueFacets struct {
	Chapters     []FacetCount `json:"chapters"`
	Categories   []FacetCount `json:"categories"`
	Regencies    []FacetCount `json:"regencies"`
	Certificates []FacetCount `json:"certificates"`
	Products     int          `json:"products"`
	Enterprises  int          `json:"enterprises"`
}

// CatalogueFacets counts what is listed today: the counts the read model
// keeps (catalogue_model.go).
func (db *DB) CatalogueFacets(ctx context.Context, now time.Time) (*CatalogueFacets, error) {
	f, _, err := db.catalogueFacets(ctx, now.Format(isoDate))
	return f, err
}

// count is how many listed products have value key of facet ("" all).
func (f *CatalogueFacets) count(facet, key string) int {
	var list []FacetCount
	switch facet {
	case "":
		return f.Products
	case "chapter":
		list = f.Chapters
	case "category":
		list = f.Categories
	case "regency":
		list = f.Regencies
	case "certificate":
		list = f.Certificates
	}
	for _, c := range list {
		if c.Key == key {
			return c.Count
		}
	}
	return 0
}

// SitemapEntry is one public address and when what it shows last changed.
type SitemapEntry struct {
	Path    string    `json:"path"`
	Updated time.Time `json:"updated"`
}

// CatalogueSitemap lists every listed product and profile (at most 50,000,
// a sitemap file's limit).
func (db *DB) CatalogueSitemap(ctx context.Context, now time.Time) ([]SitemapEntry, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+publicProductColumns+listedProducts+` WHERE cp.listed_until >= $1 AND `+listedJoin+` ORDER BY cp.product_id LIMIT 40000`, now.Format(isoDate))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SitemapEntry
	profiles := map[int64]int{}
	for rows.Next() {
		p, err := scanPublicProduct(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, SitemapEntry{Path: p.Path, Updated: p.UpdatedAt})
		if i, ok := profiles[p.EnterpriseID]; !ok {
			profiles[p.EnterpriseID] = len(out)
			out = append(out, SitemapEntry{Path: p.EnterprisePath, Updated: p.UpdatedAt})
		} else if p.UpdatedAt.After(out[i].Updated) {
			out[i].Updated = p.UpdatedAt
		}
	}
	return out, rows.Err()
}

// ListingConsent returns an enterprise's listing consent as the actor may
// read it (its scope); one never recorded reads as not listed.
func (db *DB) ListingConsent(ctx context.Context, enterpriseID int64) (*siapekspor.ListingConsent, error) {
	if _, err := db.readableEnterprise(ctx, enterpriseID); err != nil {
		return nil, err
	}
	c := &siapekspor.ListingConsent{EnterpriseID: enterpriseID}
	err := db.readQueryRow(ctx, `SELECT listed, by_owner, evidence, actor, at FROM listing_consents WHERE enterprise_id = $1`,
		enterpriseID).Scan(&c.Listed, &c.ByOwner, &c.Evidence, &c.Actor, &c.At)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	return c, err
}

// SetListingConsent records an enterprise's consent to be listed, or its
// withdrawal, by its owner or by an officer whose scope holds it; it takes
// effect at once (the catalogue reads it on every page).
func (db *DB) SetListingConsent(ctx context.Context, c *siapekspor.ListingConsent) error {
	a := siapekspor.ActorFrom(ctx)
	if !siapekspor.CanSetListing(a) {
		return siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	if err := c.Validate(a); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		e, err := db.enterprise(ctx, tx, c.EnterpriseID)
		if err != nil {
			return err
		}
		if err := checkScope(ctx, e); err != nil {
			return err
		}
		before := &siapekspor.ListingConsent{EnterpriseID: c.EnterpriseID}
		err = tx.QueryRowContext(ctx, `SELECT listed, by_owner, evidence, actor, at FROM listing_consents WHERE enterprise_id = $1`,
			c.EnterpriseID).Scan(&before.Listed, &before.ByOwner, &before.Evidence, &before.Actor, &before.At)
		if errors.Is(err, sql.ErrNoRows) {
			before = nil
		} else if err != nil {
			return err
		}
		c.Actor, c.At = a.Label, db.now()
		if !c.Listed && before != nil {
			// Withdrawn: how the consent was given stays on record.
			c.ByOwner, c.Evidence = before.ByOwner, before.Evidence
		}
		// The catalogue's read model follows in the same transaction:
		// listed or withdrawn at once.
		err = db.recounted(ctx, tx, countCatalogue, "e.id = $1", []any{c.EnterpriseID}, func() error {
			var err error
			if before == nil {
				_, err = tx.ExecContext(ctx, `INSERT INTO listing_consents (enterprise_id, listed, by_owner, evidence, actor, at) VALUES ($1, $2, $3, $4, $5, $6)`,
					c.EnterpriseID, c.Listed, c.ByOwner, c.Evidence, c.Actor, c.At)
			} else {
				_, err = tx.ExecContext(ctx, `UPDATE listing_consents SET listed = $2, by_owner = $3, evidence = $4, actor = $5, at = $6 WHERE enterprise_id = $1`,
					c.EnterpriseID, c.Listed, c.ByOwner, c.Evidence, c.Actor, c.At)
			}
			return err
		})
		if err != nil {
			return err
		}
		action := "list"
		if !c.Listed {
			action = "unlist"
		}
		var b any
		if before != nil {
			b = before
		}
		return db.audit(ctx, tx, action, "enterprise", c.EnterpriseID, b, c)
	})
}

// inquiryOrgName is the organisation that holds the draft requests made
// from inquiries until an officer moves them to the buyer's own.
const inquiryOrgName = "Catalogue inquiries (unverified buyers)"

// CreateInquiry stores a buyer's inquiry about a listed product (or a
// listed enterprise) and, in the same transaction, the draft buying
// request it becomes in the officers' queue. Anyone may send one; the
// caller has already passed the honeypot, time and rate checks.
func (db *DB) CreateInquiry(ctx context.Context, q *siapekspor.Inquiry) error {
	if err := q.Validate(db.RequestRefs()); err != nil {
		return err
	}
	now := db.now()
	var product *siapekspor.PublicProduct
	if q.ProductID != nil {
		p, err := db.CatalogueProduct(ctx, *q.ProductID, now)
		if err != nil {
			return err
		}
		product, q.EnterpriseID, q.ProductName, q.EnterpriseName = p, p.EnterpriseID, p.NameEN, p.EnterpriseName
		if q.ProductName == "" {
			q.ProductName = p.NameID
		}
	} else {
		items, err := db.listedOf(ctx, q.EnterpriseID, now)
		if err != nil {
			return err
		}
		if len(items) == 0 {
			return notFound("enterprise")
		}
		q.EnterpriseName = items[0].EnterpriseName
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var orgID int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM organisations WHERE name = $1 AND kind = $2 ORDER BY id LIMIT 1`,
			inquiryOrgName, string(siapekspor.OrgForeignBuyer)).Scan(&orgID)
		if errors.Is(err, sql.ErrNoRows) {
			err = tx.QueryRowContext(ctx, `INSERT INTO organisations (name, kind, region_code, created_at, updated_at)
				VALUES ($1, $2, '', $3, $3) RETURNING id`, inquiryOrgName, string(siapekspor.OrgForeignBuyer), now).Scan(&orgID)
		}
		if err != nil {
			return err
		}
		var productID any
		if q.ProductID != nil {
			productID = *q.ProductID
		}
		q.CreatedAt = now
		err = tx.QueryRowContext(ctx, `INSERT INTO inquiries (product_id, enterprise_id, name, company, country, email, message, quantity, unit, lang, remote_addr, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			productID, q.EnterpriseID, q.Name, q.Company, q.Country, q.Email, q.Message, q.Quantity, string(q.Unit), q.Lang,
			siapekspor.ActorFrom(ctx).RemoteAddr, now).Scan(&q.ID)
		if err != nil {
			return err
		}
		r := q.Request(orgID, product)
		r.Normalize()
		if err := r.Validate(db.RequestRefs(), now, nil); err != nil {
			return err
		}
		if err := db.storeRequest(ctx, tx, &r); err != nil {
			return err
		}
		q.RequestID = r.ID
		if _, err := tx.ExecContext(ctx, `UPDATE inquiries SET request_id = $1 WHERE id = $2`, r.ID, q.ID); err != nil {
			return err
		}
		return db.audit(ctx, tx, "create", "inquiry", q.ID, nil, q)
	})
}

// ListInquiries returns the inquiries, newest first, for the officers.
func (db *DB) ListInquiries(ctx context.Context, limit, offset int) ([]siapekspor.Inquiry, int, error) {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermCatalogueAdmin) {
		return nil, 0, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	var total int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM inquiries`).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT q.id, q.product_id, COALESCE(q.enterprise_id, 0), q.name, q.company, q.country, q.email, q.message,
		q.quantity, q.unit, q.lang, COALESCE(q.request_id, 0), q.created_at, COALESCE(p.name_en, ''), COALESCE(p.name_id, ''), COALESCE(e.name, '')
		FROM inquiries q LEFT JOIN products p ON p.id = q.product_id LEFT JOIN enterprises e ON e.id = q.enterprise_id
		ORDER BY q.created_at DESC, q.id DESC LIMIT $1 OFFSET $2`, limit, max(offset, 0))
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []siapekspor.Inquiry{}
	for rows.Next() {
		var q siapekspor.Inquiry
		var pid sql.NullInt64
		var nameID string
		if err := rows.Scan(&q.ID, &pid, &q.EnterpriseID, &q.Name, &q.Company, &q.Country, &q.Email, &q.Message,
			&q.Quantity, &q.Unit, &q.Lang, &q.RequestID, &q.CreatedAt, &q.ProductName, &nameID, &q.EnterpriseName); err != nil {
			return nil, 0, err
		}
		if pid.Valid {
			q.ProductID = &pid.Int64
		}
		if q.ProductName == "" {
			q.ProductName = nameID
		}
		out = append(out, q)
	}
	return out, total, rows.Err()
}

// RegisterBuyer stores a foreign buyer's self-registration: a new
// organisation of kind foreign buyer, its user (role buyer, disabled until
// approved, with the password hash given) and the registration, in one
// transaction. An address already in use is refused as any user's is.
func (db *DB) RegisterBuyer(ctx context.Context, r *siapekspor.BuyerRegistration, passwordHash string) error {
	if err := r.Validate(db.RequestRefs()); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE email = $1`, r.Email).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &siapekspor.Error{Code: siapekspor.EConflict, Key: "error.validation",
				Fields: []siapekspor.FieldError{{Field: "email", Key: "user.email_taken"}}}
		}
		now := db.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO organisations (name, kind, region_code, created_at, updated_at)
			VALUES ($1, $2, '', $3, $3) RETURNING id`, r.Company, string(siapekspor.OrgForeignBuyer), now).Scan(&r.OrgID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, role, org_id, password_hash, must_change_password, service, disabled, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, FALSE, FALSE, TRUE, $6, $6) RETURNING id`,
			r.Email, r.Name, string(siapekspor.RoleBuyer), r.OrgID, passwordHash, now).Scan(&r.UserID); err != nil {
			return db.mapWriteError(err)
		}
		r.Status, r.CreatedAt = siapekspor.RegistrationPending, now
		if err := tx.QueryRowContext(ctx, `INSERT INTO buyer_registrations (user_id, org_id, country, website, message, status, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, r.UserID, r.OrgID, r.Country, r.Website, r.Message, r.Status, now).Scan(&r.ID); err != nil {
			return err
		}
		return db.audit(ctx, tx, "register", "buyer", r.ID, nil, r)
	})
}

const registrationColumns = `b.id, b.user_id, b.org_id, u.name, u.email, o.name, b.country, b.website, b.message, b.status, b.decided_by, b.decided_at, b.created_at
	FROM buyer_registrations b JOIN users u ON u.id = b.user_id JOIN organisations o ON o.id = b.org_id`

func scanRegistration(s interface{ Scan(...any) error }) (*siapekspor.BuyerRegistration, error) {
	var r siapekspor.BuyerRegistration
	var decided sql.NullTime
	if err := s.Scan(&r.ID, &r.UserID, &r.OrgID, &r.Name, &r.Email, &r.Company, &r.Country, &r.Website, &r.Message, &r.Status,
		&r.DecidedBy, &decided, &r.CreatedAt); err != nil {
		return nil, err
	}
	if decided.Valid {
		r.DecidedAt = &decided.Time
	}
	return &r, nil
}

// BuyerRegistrations lists registrations, the pending ones first, newest first.
func (db *DB) BuyerRegistrations(ctx context.Context) ([]siapekspor.BuyerRegistration, error) {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermCatalogueAdmin) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+registrationColumns+`
		ORDER BY CASE WHEN b.status = 'pending' THEN 0 ELSE 1 END, b.created_at DESC, b.id DESC LIMIT 500`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []siapekspor.BuyerRegistration{}
	for rows.Next() {
		r, err := scanRegistration(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// DecideBuyerRegistration approves a pending registration (its user may
// sign in from then on) or rejects it (the user stays disabled).
func (db *DB) DecideBuyerRegistration(ctx context.Context, id int64, approve bool) (*siapekspor.BuyerRegistration, error) {
	a := siapekspor.ActorFrom(ctx)
	if !siapekspor.Can(a, siapekspor.PermCatalogueAdmin) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	var out *siapekspor.BuyerRegistration
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		r, err := scanRegistration(tx.QueryRowContext(ctx, `SELECT `+registrationColumns+` WHERE b.id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("registration")
		}
		if err != nil {
			return err
		}
		if r.Status != siapekspor.RegistrationPending {
			return siapekspor.Errorf(siapekspor.EConflict, "catalogue.registration_decided")
		}
		before := *r
		now := db.now()
		r.Status, r.DecidedBy, r.DecidedAt = siapekspor.RegistrationRejected, a.Label, &now
		if approve {
			r.Status = siapekspor.RegistrationApproved
			if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled = FALSE, updated_at = $1 WHERE id = $2`, now, r.UserID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE buyer_registrations SET status = $1, decided_by = $2, decided_at = $3 WHERE id = $4`,
			r.Status, r.DecidedBy, now, id); err != nil {
			return err
		}
		out = r
		return db.audit(ctx, tx, r.Status, "buyer", id, before, r)
	})
	return out, err
}
