package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/trade"
)

const marketWeightsKey = "market_weights"

// MarketWeights returns the ranking's configured weights (the defaults
// until an admin sets them).
func (db *DB) MarketWeights(ctx context.Context) (market.Weights, error) {
	s, err := db.Setting(ctx, marketWeightsKey)
	if err != nil || s == "" {
		return market.DefaultWeights(), err
	}
	return parseWeights(s), nil
}

// parseWeights reads the weights' setting (the defaults when unreadable).
func parseWeights(s string) market.Weights {
	var w market.Weights
	if err := json.Unmarshal([]byte(s), &w); err != nil {
		return market.DefaultWeights()
	}
	return w
}

// SetMarketWeights stores the ranking's weights (admins).
func (db *DB) SetMarketWeights(ctx context.Context, w market.Weights) error {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermMarketAdmin) {
		return siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	if err := w.Validate(); err != nil {
		return err
	}
	before, _ := db.MarketWeights(ctx)
	b, _ := json.Marshal(w)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := setSetting(ctx, tx, marketWeightsKey, string(b)); err != nil {
			return err
		}
		return db.audit(ctx, tx, "update", "market_weights", 0, before, w)
	})
}

// RankRequest asks for a product's destinations: by HS code, or by one of
// the registry's products (its code, and its enterprise's certificates for
// the fit), optionally with other weights.
type RankRequest struct {
	HS        string
	Edition   trade.Edition
	ProductID int64
	// EnterpriseID: whose certificates to weigh (the product's enterprise
	// when ProductID is given).
	EnterpriseID int64
	Weights      *market.Weights
}

// MarketRanking is a ranking with what it was made for.
type MarketRanking struct {
	*market.Ranking
	ForProduct *siapekspor.Product    `json:"for_product,omitempty"`
	Enterprise *siapekspor.Enterprise `json:"enterprise,omitempty"`
}

// fitSubject loads the enterprise (and product) whose certificates a
// ranking or a gap weighs. The product follows the product scope (validators
// read every product and its certificates); the enterprise record is shown
// only to whom the enterprise page is (ScopeOf): ?enterprise= of another is
// refused, and a product's enterprise outside that scope weighs its
// certificates but is not returned (shown is nil).
func (db *DB) fitSubject(ctx context.Context, productID, enterpriseID int64) (p *siapekspor.Product, e, shown *siapekspor.Enterprise, held []siapekspor.Certificate, err error) {
	a := siapekspor.ActorFrom(ctx)
	if productID != 0 {
		if p, err = db.Product(ctx, productID); err != nil {
			return nil, nil, nil, nil, err
		}
		enterpriseID = p.EnterpriseID
	}
	if enterpriseID == 0 {
		return p, nil, nil, nil, nil
	}
	if e, err = db.readableEnterprise(ctx, enterpriseID); err != nil {
		return nil, nil, nil, nil, err
	}
	if siapekspor.Can(a, siapekspor.PermEnterpriseRead) && siapekspor.ScopeOf(a).Contains(e) {
		shown = e
		siapekspor.MaskPersonalData(a, e) // the ranking and the gap show it
	} else if p == nil {
		return nil, nil, nil, nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden_enterprise")
	}
	all, err := db.ListCertificates(ctx, CertificateFilter{EnterpriseID: enterpriseID})
	if err != nil {
		return nil, nil, nil, nil, err
	}
	// The enterprise's own certificates and the product's.
	for _, c := range all {
		if c.ProductID == nil || p != nil && *c.ProductID == p.ID {
			held = append(held, c)
		}
	}
	return p, e, shown, held, nil
}

// smallFirm: the EUDR's later dates are for micro and small enterprises.
func smallFirm(e *siapekspor.Enterprise) bool {
	return e.SizeClass == siapekspor.SizeMicro || e.SizeClass == siapekspor.SizeSmall || e.SizeClass == ""
}

// Ranking ranks a product's destinations from the loaded trade data, with
// the enterprise's certificates against the catalogue when one is given.
func (db *DB) Ranking(ctx context.Context, req RankRequest) (*MarketRanking, error) {
	p, e, shown, held, err := db.fitSubject(ctx, req.ProductID, req.EnterpriseID)
	if err != nil {
		return nil, err
	}
	hs := req.HS
	if p != nil {
		if hs = p.HSCode; hs == "" {
			return nil, siapekspor.FieldInvalid("hs_code", "market.product_without_hs")
		}
		if len(hs) == 8 {
			hs = hs[:6] // a national line ranks as its subheading
		}
	}
	opt := market.ShippedOptions{Edition: req.Edition}
	// The configured weights come with the trade data's stamp, in one read.
	tc, configured, err := db.tradeContextWeights(ctx)
	if err != nil {
		return nil, err
	}
	opt.Weights = configured
	if req.Weights != nil {
		opt.Weights = *req.Weights
	}
	if e != nil {
		reqs, err := db.RequirementList(ctx)
		if err != nil {
			return nil, err
		}
		opt.Enterprise = &market.Enterprise{Certificates: held, Micro: smallFirm(e), Requirements: reqs, Now: db.now()}
	}
	d, err := db.marketData(ctx, tc, hs, req.Edition)
	if err != nil {
		return nil, err
	}
	in, err := market.BuildInput(d, opt)
	if err != nil {
		return nil, err
	}
	r, err := market.Rank(in)
	if err != nil {
		return nil, err
	}
	return &MarketRanking{Ranking: r, ForProduct: p, Enterprise: shown}, nil
}

// MarketGap is a destination's requirements for a product against what an
// enterprise holds, with what it was made for.
type MarketGap struct {
	Destination  string                 `json:"destination"`
	HS           string                 `json:"hs"`
	Items        []market.GapItem       `json:"items"`
	Restrictions []market.Restriction   `json:"restrictions"` // Indonesia's, on the product
	Product      *siapekspor.Product    `json:"product,omitempty"`
	Enterprise   *siapekspor.Enterprise `json:"enterprise,omitempty"`
}

// Gap lists what a destination requires for a product and what the
// enterprise holds against it: by product (its code and its enterprise),
// or by HS code and, optionally, enterprise.
func (db *DB) Gap(ctx context.Context, destination, hs string, productID, enterpriseID int64) (*MarketGap, error) {
	if productID == 0 && strings.TrimSpace(hs) == "" {
		return nil, siapekspor.Problems{{Field: "hs", Key: "field.required"}}.Err()
	}
	p, e, shown, held, err := db.fitSubject(ctx, productID, enterpriseID)
	if err != nil {
		return nil, err
	}
	if p != nil {
		hs = p.HSCode
	}
	reqs, err := db.requirementsFor(ctx, strings.ToUpper(destination))
	if err != nil {
		return nil, err
	}
	micro := true
	if e != nil {
		micro = smallFirm(e)
	}
	out := &MarketGap{Destination: strings.ToUpper(destination), HS: hs, Product: p, Enterprise: shown,
		Items: []market.GapItem{}, Restrictions: []market.Restriction{}}
	out.Items = append(out.Items, market.Gap(reqs, out.Destination, hs, held, db.now(), micro)...)
	out.Restrictions = append(out.Restrictions, market.Restrictions(hs)...)
	return out, nil
}

// countryRows reads one country's six-digit rows of some codes (headings
// or subheadings) from a trade table, for a year and edition: hs → value.
//
// The codes are padded to a power of two (repeating the last; a row is
// selected once however often its code is named), so that the query's text
// takes one of a few forms, each kept prepared (compiling the text was half
// of the country page's CPU).
func (db *DB) countryRows(ctx context.Context, table, country string, year int, ed trade.Edition, codes []string) (map[string]float64, error) {
	n := 8
	for n < len(codes) {
		n *= 2
	}
	padded := append(make([]string, 0, n), codes...)
	for len(padded) < n {
		padded = append(padded, codes[len(codes)-1])
	}
	where, args := codeWhere(padded, ed)
	args = append(args, country, year)
	rows, err := db.readQuery(ctx, `SELECT hs, value_usd FROM `+table+` WHERE `+where+
		fmt.Sprintf(` AND importer = $%d AND year = $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]float64{}
	for rows.Next() {
		var hs string
		var v float64
		if err := rows.Scan(&hs, &v); err != nil {
			return nil, err
		}
		out[hs] += v
	}
	return out, rows.Err()
}

// CountryProduct is one of the province's products as a country buys it.
type CountryProduct struct {
	HS          string   `json:"hs"`
	Products    int      `json:"products"`    // the registry's products with the code
	Enterprises int      `json:"enterprises"` // … of so many enterprises
	Validated   int      `json:"validated"`   // … of which export-validated
	Year        int      `json:"year,omitempty"`
	ImportsUSD  *float64 `json:"imports_usd"`   // the country's imports of it; nil unknown
	FromHomeUSD *float64 `json:"from_home_usd"` // of which from Indonesia; nil unknown
	SharePct    *float64 `json:"share_pct"`     // Indonesia's share
	Restricted  bool     `json:"restricted"`    // an Indonesian export restriction applies
}

// CountryMarket is what a country buys of what the province makes.
type CountryMarket struct {
	Country      string               `json:"country"`
	Reports      bool                 `json:"reports"` // the trade data has its imports
	Year         int                  `json:"year"`
	ImportsAll   *float64             `json:"imports_all"`
	FromHomeAll  *float64             `json:"from_home_all"`
	DistanceKm   float64              `json:"distance_km"`
	Products     []CountryProduct     `json:"products"`
	Requirements []market.Requirement `json:"requirements"`
	Groups       []string             `json:"groups"`
}

// productCodes counts the products the actor may read by six-digit HS code
// (those without a code left out): from the summary figures, or over the
// rows for a scope of listed enterprises.
func (db *DB) productCodes(ctx context.Context) (map[string]*CountryProduct, error) {
	byCode := map[string]*CountryProduct{}
	scope := siapekspor.ProductScopeOf(siapekspor.ActorFrom(ctx))
	all, ok, err := db.countProducts(ctx, scope, "", "", "", "hs6")
	if err != nil {
		return nil, err
	}
	if ok {
		approved, _, err := db.countProducts(ctx, scope, "", string(siapekspor.ValidationApproved), "", "hs6")
		if err != nil {
			return nil, err
		}
		for hs, v := range all {
			if hs != "" && v[0] != 0 {
				byCode[hs] = &CountryProduct{HS: hs, Products: int(v[0]), Enterprises: int(v[1]), Restricted: len(market.Restrictions(hs)) > 0}
				if a := approved[hs]; a != nil {
					byCode[hs].Validated = int(a[0])
				}
			}
		}
		return byCode, nil
	}
	w := productScopeWhere(ctx)
	w.add("p.hs_code <> ''")
	rows, err := db.read.QueryContext(ctx, `SELECT SUBSTR(p.hs_code, 1, 6), COUNT(*), COUNT(DISTINCT p.enterprise_id),
		SUM(CASE WHEN p.validation = 'approved' THEN 1 ELSE 0 END) FROM products p JOIN enterprises e ON e.id = p.enterprise_id`+w.sql()+
		` GROUP BY SUBSTR(p.hs_code, 1, 6)`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var cp CountryProduct
		if err := rows.Scan(&cp.HS, &cp.Products, &cp.Enterprises, &cp.Validated); err != nil {
			return nil, err
		}
		cp.Restricted = len(market.Restrictions(cp.HS)) > 0
		byCode[cp.HS] = &cp
	}
	return byCode, rows.Err()
}

// CountryMarket lists the HS codes of the registry's products (within the
// actor's scope) with what the country imports of each, largest first, and
// the catalogue's requirements for the country.
func (db *DB) CountryMarket(ctx context.Context, country string) (*CountryMarket, error) {
	country = strings.ToUpper(strings.TrimSpace(country))
	if !trade.KnownCountry(country) {
		return nil, siapekspor.Errorf(siapekspor.ENotFound, "market.unknown_country", country)
	}
	out := &CountryMarket{Country: country, Products: []CountryProduct{}, Groups: market.GroupsOf(country)}
	out.DistanceKm, _ = trade.DistanceKm(market.Home, country)
	// The province's codes: counted from the products the actor may read.
	byCode, err := db.productCodes(ctx)
	if err != nil {
		return nil, err
	}
	tc, err := db.tradeContext(ctx)
	if err != nil {
		return nil, err
	}
	for y, set := range tc.reporters {
		if set[country] && y > out.Year {
			out.Year, out.Reports = y, true
		}
	}
	if out.Reports {
		imp, home := tc.importsAll[country][out.Year], tc.homeAll[country][out.Year]
		out.ImportsAll, out.FromHomeAll = &imp, &home
	}
	// The country's rows of that year for the province's codes: one read per
	// table and edition (through the primary key's HS ranges); each code is
	// then summed from them (a heading from its subheadings).
	type editionRows struct {
		ed            trade.Edition
		imports, home map[string]float64
	}
	var held []editionRows
	// Each code's codes in each edition of the data.
	dataCodes := map[trade.Edition]map[string][]string{}
	if out.Reports {
		for _, ed := range tc.editions {
			var all []string
			dataCodes[ed] = map[string][]string{}
			for code := range byCode {
				codes, _ := market.DataCodes(code, trade.HS22, ed, func(string) bool { return true })
				dataCodes[ed][code] = codes
				all = append(all, codes...)
			}
			slices.Sort(all)
			if all = slices.Compact(all); len(all) == 0 {
				continue
			}
			er := editionRows{ed: ed}
			for _, t := range []struct {
				table string
				dst   *map[string]float64
			}{{"trade_imports", &er.imports}, {"trade_home_exports", &er.home}} {
				if *t.dst, err = db.countryRows(ctx, t.table, country, out.Year, ed, all); err != nil {
					return nil, err
				}
			}
			held = append(held, er)
		}
	}
	sum := func(rows map[string]float64, codes []string) (total float64, found bool) {
		for hs, v := range rows {
			for _, c := range codes {
				if strings.HasPrefix(hs, c) {
					total, found = total+v, true
					break
				}
			}
		}
		return total, found
	}
	for code, cp := range byCode {
		if out.Reports {
			var imp, home float64
			found := false
			for _, er := range held {
				codes := dataCodes[er.ed][code]
				v, ok := sum(er.imports, codes)
				h, _ := sum(er.home, codes)
				imp, home, found = imp+v, home+h, found || ok
			}
			cp.Year = out.Year
			cp.ImportsUSD, cp.FromHomeUSD = &imp, &home
			if found && imp > 0 {
				share := 100 * home / imp
				cp.SharePct = &share
			}
		}
		out.Products = append(out.Products, *cp)
	}
	sort.Slice(out.Products, func(i, j int) bool {
		a, b := out.Products[i], out.Products[j]
		av, bv := 0.0, 0.0
		if a.ImportsUSD != nil {
			av = *a.ImportsUSD
		}
		if b.ImportsUSD != nil {
			bv = *b.ImportsUSD
		}
		if av != bv {
			return av > bv
		}
		return a.HS < b.HS
	})
	reqs, err := db.requirementsFor(ctx, country)
	if err != nil {
		return nil, err
	}
	for _, r := range reqs {
		if r.AppliesTo(country) {
			out.Requirements = append(out.Requirements, r)
		}
	}
	return out, nil
}
