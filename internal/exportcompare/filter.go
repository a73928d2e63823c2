package exportcompare

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// MaxMonths is the longest period compared at once (five years).
const MaxMonths = 60

// Params are the filter as written in a query string or on the command
// line: year, month_from and month_to (YYYY-MM), destination (ISO3), hs, regency, load.
type Params struct {
	Year, From, To, Destination, HS, Regency, Load string
}

// ParamsOf reads them from a query string.
func ParamsOf(q url.Values) Params {
	return Params{Year: q.Get("year"), From: q.Get("month_from"), To: q.Get("month_to"), Destination: q.Get("destination"),
		HS: q.Get("hs"), Regency: q.Get("regency"), Load: q.Get("load")}
}

// ParseMonth reads "2024-03" (or "2024-3").
func ParseMonth(s string) (YearMonth, bool) {
	y, m, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok || len(y) != 4 {
		return YearMonth{}, false
	}
	yn, err1 := strconv.Atoi(y)
	mn, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || mn < 1 || mn > 12 || yn < 1990 {
		return YearMonth{}, false
	}
	return YearMonth{Year: yn, Month: mn}, true
}

// Parse checks the parameters and returns the filter. Without year, from
// or to the period is defaultYear; a year alone is January to December; a
// missing end of a range is the other end's year's first or last month.
// Every problem names its field: a month that is none ("2026-13"), a
// month after this one, a range that runs backwards or spans more than
// MaxMonths, a country or an HS code the reference data does not know, a
// regency/city outside the province (province "" accepts any regency).
func Parse(p Params, now time.Time, defaultYear int, province string) (Filter, error) {
	var pr siapekspor.Problems
	var f Filter
	this := YearMonth{Year: now.Year(), Month: int(now.Month())}
	year := defaultYear
	if s := strings.TrimSpace(p.Year); s != "" {
		y, err := strconv.Atoi(s)
		switch {
		case err != nil:
			pr.Add("year", "field.number")
		case y < 1990 || y > now.Year():
			pr.Add("year", "compare.year_range", now.Year())
		default:
			year = y
		}
	}
	f.From, f.To = YearMonth{Year: year, Month: 1}, YearMonth{Year: year, Month: 12}
	var from, to YearMonth
	var hasFrom, hasTo bool
	for _, m := range []struct {
		field, s string
		dst      *YearMonth
		has      *bool
	}{{"month_from", p.From, &from, &hasFrom}, {"month_to", p.To, &to, &hasTo}} {
		if strings.TrimSpace(m.s) == "" {
			continue
		}
		v, ok := ParseMonth(m.s)
		switch {
		case !ok:
			pr.Add(m.field, "compare.month_invalid", strings.TrimSpace(m.s))
		case this.Before(v):
			pr.Add(m.field, "compare.month_future", v.String())
		default:
			*m.dst, *m.has = v, true
		}
	}
	switch {
	case hasFrom && hasTo:
		f.From, f.To = from, to
	case hasFrom:
		f.From, f.To = from, YearMonth{Year: from.Year, Month: 12}
	case hasTo:
		f.From, f.To = YearMonth{Year: to.Year, Month: 1}, to
	}
	if this.Before(f.To) && !pr.Has("month_to") {
		f.To = this // a year not over yet: up to this month
	}
	switch {
	case pr.Has("month_from") || pr.Has("month_to"):
	case f.To.Before(f.From):
		pr.Add("month_to", "compare.range_backwards", f.From.String(), f.To.String())
	case index(f.To)-index(f.From)+1 > MaxMonths:
		pr.Add("month_to", "compare.range_too_long", MaxMonths)
	}
	if d := strings.ToUpper(strings.TrimSpace(p.Destination)); d != "" {
		if _, ok := refdata.CountryByISO3(d); !ok || d == "IDN" {
			pr.Add("destination", "compare.destination_unknown", d)
		}
		f.Destination = d
	}
	if h := strings.NewReplacer(".", "", " ", "").Replace(strings.TrimSpace(p.HS)); h != "" {
		f.HS = h
		if !KnownHS(h) {
			pr.Add("hs", "compare.hs_unknown", h)
		}
	}
	if r := strings.TrimSpace(p.Regency); r != "" {
		reg, ok := refdata.DefaultRegionIndex().ByCode(r)
		if !ok || reg.Level != 2 || (province != "" && !strings.HasPrefix(r, province+".")) {
			pr.Add("regency", "compare.regency_unknown", r)
		}
		f.RegencyCode = r
	}
	if s := strings.TrimSpace(p.Load); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			pr.Add("load", "field.number")
		}
		f.Load = id
	}
	return f, pr.Err()
}

// KnownHS reports whether a code is a chapter (2 digits), heading (4),
// subheading (6) of HS 2022, or an 8-digit national line under a known
// subheading.
func KnownHS(h string) bool {
	for _, r := range h {
		if r < '0' || r > '9' {
			return false
		}
	}
	ix := refdata.DefaultHSIndex()
	switch len(h) {
	case 2, 4, 6:
		_, ok := ix.ByCode(h)
		return ok
	case 8:
		_, ok := ix.ByCode(h[:6])
		return ok
	}
	return false
}

// Query is the filter as a query string (for links, the page's downloads
// and the API), without the defaults' year.
func (f Filter) Query() url.Values {
	q := url.Values{}
	q.Set("month_from", f.From.String())
	q.Set("month_to", f.To.String())
	for k, v := range map[string]string{"destination": f.Destination, "hs": f.HS, "regency": f.RegencyCode} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.Load != 0 {
		q.Set("load", strconv.FormatInt(f.Load, 10))
	}
	return q
}

// link is the query of /exports listing the records behind a figure.
func (f Filter) link(from, to YearMonth, destination, hs string, records int) string {
	if records == 0 {
		return ""
	}
	q := url.Values{}
	q.Set("month_from", from.String())
	q.Set("month_to", to.String())
	for k, v := range map[string]string{"destination": destination, "hs": hs, "regency": f.RegencyCode} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q.Encode()
}
