package httpx

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/exportcompare"
	"github.com/siapekspor/siapekspor/internal/funnel"
	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/trade"
)

// Query-string parsers the pages and the API share: one reading of each
// filter, so a page and its JSON twin always agree.

// ParseEnterpriseFilter reads the registry's filters from a query string; the
// pages, the API and exports share it so that a filtered list means the same
// everywhere.
func ParseEnterpriseFilter(q url.Values) siapekspor.EnterpriseFilter {
	f := siapekspor.EnterpriseFilter{
		Query:        strings.TrimSpace(q.Get("q")),
		ProvinceCode: q.Get("province"),
		RegencyCode:  q.Get("regency"),
		DistrictCode: q.Get("district"),
		Sector:       siapekspor.Sector(q.Get("sector")),
		Kind:         siapekspor.EnterpriseKind(q.Get("kind")),
		SizeClass:    siapekspor.SizeClass(q.Get("size")),
		ExportStatus: siapekspor.ExportStatus(q.Get("export")),
		Sort:         siapekspor.EnterpriseSort(q.Get("sort")),
		Desc:         q.Get("desc") == "1" || q.Get("desc") == "true",
	}
	f.BinaanOrgID, _ = strconv.ParseInt(q.Get("binaan"), 10, 64)
	f.Readiness = q.Get("readiness")
	if st, ok := funnel.ParseStage(q.Get("stage")); ok && st > funnel.Registered {
		f.FunnelStage = int(st)
		f.FunnelYear, _ = strconv.Atoi(q.Get("year"))
	}
	if !validSort(f.Sort) {
		f.Sort = siapekspor.SortName
	}
	return f
}

// ProductFilterOf reads a product filter from a query string, as the list,
// the export and the pages take it.
func ProductFilterOf(r *http.Request) store.ProductFilter {
	q := r.URL.Query()
	limit, _ := strconv.Atoi(q.Get("limit"))
	offset, _ := strconv.Atoi(q.Get("offset"))
	return store.ProductFilter{EnterpriseID: Int64(q.Get("enterprise_id")), Validation: siapekspor.ValidationStatus(q.Get("validation")),
		HSChapter: q.Get("hs_chapter"), RegencyCode: q.Get("regency"), Limit: limit, Offset: offset}
}

// ExportFilterOf reads an export record filter from a query string, as the
// list, the download and the page take it.
func ExportFilterOf(r *http.Request) store.ExportFilter {
	q := r.URL.Query()
	limit, _ := strconv.Atoi(q.Get("limit"))
	offset, _ := strconv.Atoi(q.Get("offset"))
	year, _ := strconv.Atoi(q.Get("year"))
	return store.ExportFilter{EnterpriseID: Int64(q.Get("enterprise_id")), RegencyCode: q.Get("regency"),
		Destination: strings.ToUpper(strings.TrimSpace(q.Get("destination"))), Year: year,
		HS: strings.TrimSpace(q.Get("hs")), From: strings.TrimSpace(q.Get("month_from")), To: strings.TrimSpace(q.Get("month_to")), Limit: limit, Offset: offset}
}

// ParseFitSubject reads ?product= and ?enterprise=, whose certificates a
// ranking or a gap weighs; pages and API share it.
func ParseFitSubject(q url.Values) (productID, enterpriseID int64, err error) {
	var pr siapekspor.Problems
	for _, f := range []struct {
		name string
		dst  *int64
	}{{"product", &productID}, {"enterprise", &enterpriseID}} {
		if s := q.Get(f.name); s != "" {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || id <= 0 {
				pr.Add(f.name, "field.number")
				continue
			}
			*f.dst = id
		}
	}
	return productID, enterpriseID, pr.Err()
}

// ParseWeights reads weight_<factor> fields (the weights form, or a
// ranking's query to try other weights). Factors not given weigh 0; given
// reports whether any was.
func ParseWeights(v url.Values) (w market.Weights, given bool, err error) {
	var pr siapekspor.Problems
	for _, id := range market.Factors {
		s := strings.TrimSpace(strings.ReplaceAll(v.Get("weight_"+string(id)), ",", "."))
		if s == "" {
			continue
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			pr.Add("weight_"+string(id), "field.number")
			continue
		}
		w.Set(id, f)
		given = true
	}
	return w, given, pr.Err()
}

// ParseRankRequest reads a ranking's query: ?product=, ?enterprise=,
// ?edition=, and ?weight_<factor>= to try other weights without storing
// them. Pages and API share it.
func ParseRankRequest(q url.Values, hs string) (store.RankRequest, error) {
	req := store.RankRequest{HS: hs}
	var pr siapekspor.Problems
	var err error
	if req.ProductID, req.EnterpriseID, err = ParseFitSubject(q); err != nil {
		pr = append(pr, fieldsOf(err)...)
	}
	if s := q.Get("edition"); s != "" {
		ed, ok := trade.ParseEdition(s)
		if !ok {
			pr.Add("edition", "trade.no_edition")
		}
		req.Edition = ed
	}
	w, given, err := ParseWeights(q)
	if err != nil {
		pr = append(pr, fieldsOf(err)...)
	}
	if given {
		req.Weights = &w
	}
	return req, pr.Err()
}

func ParseReadinessFilter(q url.Values) (store.ReadinessFilter, error) {
	f := store.ReadinessFilter{RegencyCode: q.Get("regency"), Sector: siapekspor.Sector(q.Get("sector")), Kind: siapekspor.EnterpriseKind(q.Get("kind")),
		Level: siapekspor.TrainingLevel(q.Get("level"))}
	var pr siapekspor.Problems
	if s := strings.TrimSpace(strings.ReplaceAll(q.Get("min_score"), ",", ".")); s != "" {
		if v, err := strconv.ParseFloat(s, 64); err == nil {
			f.MinScore = &v
		} else {
			pr.Add("min_score", "field.number")
		}
	}
	for _, n := range []struct {
		name string
		dst  *int
	}{{"limit", &f.Limit}, {"offset", &f.Offset}} {
		if s := q.Get(n.name); s != "" {
			v, err := strconv.Atoi(s)
			if err != nil || v < 0 {
				pr.Add(n.name, "field.number")
			}
			*n.dst = max(v, 0)
		}
	}
	return f, pr.Err()
}

// RequestFilterOf reads a request filter from a query string.
func RequestFilterOf(r *http.Request) store.RequestFilter {
	q := r.URL.Query()
	limit, _ := strconv.Atoi(q.Get("limit"))
	offset, _ := strconv.Atoi(q.Get("offset"))
	return store.RequestFilter{Kind: siapekspor.RequestKind(q.Get("kind")), Status: siapekspor.RequestStatus(q.Get("status")),
		OrgID: Int64(q.Get("org_id")), Text: q.Get("q"), HS: q.Get("hs"), Limit: limit, Offset: offset}
}

// MatchOptionsOf reads ?top=&near_misses=&spread=1&all_products=1.
func MatchOptionsOf(r *http.Request) store.MatchOptions {
	q := r.URL.Query()
	top, _ := strconv.Atoi(q.Get("top"))
	near, _ := strconv.Atoi(q.Get("near_misses"))
	return store.MatchOptions{Top: top, NearMisses: near, Spread: Flag(r, "spread"), AllProducts: Flag(r, "all_products")}
}

// ParseSearch reads a search request from a query string; pages and API
// share it.
func ParseSearch(r *http.Request) store.SearchRequest {
	q := r.URL.Query()
	limit, _ := strconv.Atoi(q.Get("limit"))
	offset, _ := strconv.Atoi(q.Get("offset"))
	return store.SearchRequest{Query: q.Get("q"), Kind: q.Get("kind"), HSChapter: q.Get("hs_chapter"), RegencyCode: q.Get("regency"),
		CertType: siapekspor.CertificateType(q.Get("cert")), Validation: siapekspor.ValidationStatus(q.Get("validation")),
		Limit: limit, Offset: offset}
}

// Flag reads a yes/no query parameter: "1" or "true" is yes.
func Flag(r *http.Request, name string) bool {
	v := r.URL.Query().Get(name)
	return v == "1" || v == "true"
}

// Int64 reads a decimal; anything else is 0, which no record has.
func Int64(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// fieldsOf is the field problems of a domain error, if err is one.
func fieldsOf(err error) siapekspor.Problems {
	if de, ok := siapekspor.AsError(err); ok {
		return de.Fields
	}
	return nil
}

// MatchFilterOf reads the pipeline's filters:
// ?request=&enterprise=&org_id=&step=&regency=&open=1&q=&limit=&offset=.
func MatchFilterOf(r *http.Request) store.MatchFilter {
	q := r.URL.Query()
	limit, _ := strconv.Atoi(q.Get("limit"))
	offset, _ := strconv.Atoi(q.Get("offset"))
	return store.MatchFilter{RequestID: Int64(q.Get("request")), EnterpriseID: Int64(q.Get("enterprise")), OrgID: Int64(q.Get("org_id")),
		Step: siapekspor.MatchStep(q.Get("step")), RegencyCode: q.Get("regency"), Open: Flag(r, "open"), Text: q.Get("q"),
		Limit: limit, Offset: offset}
}

// ParseFunnelQuery reads the dashboard's query — the registry list's
// region, sector, kind, size, office and readiness filters, the year (as of
// its end) and the breakdown — as pages, API and command line take it. A
// bad year or breakdown is a field error.
func ParseFunnelQuery(q url.Values, now time.Time) (store.FunnelQuery, error) {
	f := ParseEnterpriseFilter(q)
	f.FunnelStage, f.FunnelYear, f.Query, f.ExportStatus = 0, 0, "", ""
	fq := store.FunnelQuery{Filter: f, By: store.FunnelBy(q.Get("by"))}
	var p siapekspor.Problems
	if s := q.Get("year"); s != "" {
		y, err := strconv.Atoi(s)
		switch {
		case err != nil:
			p.Add("year", "field.number")
		case y < 1990 || y > now.Year():
			p.Add("year", "funnel.year_range", now.Year())
		case y < now.Year():
			fq.Year = y
		}
	}
	if fq.By != store.FunnelTotal && !slices.Contains(store.FunnelBys, fq.By) {
		p.Add("by", "field.choice")
	}
	switch f.Readiness {
	case "", store.ReadinessNone:
	default:
		if !slices.Contains(siapekspor.TrainingLevels, siapekspor.TrainingLevel(f.Readiness)) {
			p.Add("readiness", "field.choice")
		}
	}
	return fq, p.Err()
}

// ParseComparison reads the export comparison's filter (?year=,
// ?month_from=, ?month_to=, ?destination=, ?hs=, ?regency=, ?load=) for the
// page, the API and the command line alike; without a period it is the
// latest year the province's BPS tables reach.
func ParseComparison(ctx context.Context, db *store.DB, q url.Values, province string) (exportcompare.Filter, error) {
	year, err := db.ExportComparisonYear(ctx, province)
	if err != nil {
		return exportcompare.Filter{}, err
	}
	return exportcompare.Parse(exportcompare.ParamsOf(q), db.Now(), year, province)
}
