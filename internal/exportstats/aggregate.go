package exportstats

import (
	"fmt"
	"sort"
)

// The aggregations below are pure functions over rows of one table (one
// breakdown: do not mix a table by destination with one by commodity, or
// every dollar counts twice) and one province; the caller filters first.

// YearMonth is a month.
type YearMonth struct {
	Year  int `json:"year"`
	Month int `json:"month"`
}

func (p YearMonth) index() int { return p.Year*12 + p.Month - 1 }

func fromIndex(i int) YearMonth { return YearMonth{i / 12, i%12 + 1} }

// AddMonths returns the month n months later (earlier for negative n).
func (p YearMonth) AddMonths(n int) YearMonth { return fromIndex(p.index() + n) }

// String is "2024-04".
func (p YearMonth) String() string { return fmt.Sprintf("%04d-%02d", p.Year, p.Month) }

// Before reports whether p is earlier than q.
func (p YearMonth) Before(q YearMonth) bool { return p.index() < q.index() }

var monthShort = map[string][12]string{
	"id": {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"},
	"en": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
}

// Label is "Agu 2024" (lang "id") or "Aug 2024" (any other lang).
func (p YearMonth) Label(lang string) string {
	if p.Month < 1 || p.Month > 12 {
		return fmt.Sprint(p.Year)
	}
	if lang != "id" {
		lang = "en"
	}
	return monthShort[lang][p.Month-1] + " " + fmt.Sprint(p.Year)
}

// Period is a run of months, both ends included.
type Period struct {
	From YearMonth `json:"from"`
	To   YearMonth `json:"to"`
}

// MonthPeriod is one month.
func MonthPeriod(year, month int) Period {
	return Period{YearMonth{year, month}, YearMonth{year, month}}
}

// YearPeriod is January to December of a year.
func YearPeriod(year int) Period { return Period{YearMonth{year, 1}, YearMonth{year, 12}} }

// YearToDate is January to month of a year ("Jan–Apr 2024").
func YearToDate(year, month int) Period { return Period{YearMonth{year, 1}, YearMonth{year, month}} }

// YearBefore is the same months a year earlier, as BPS compares them.
func (p Period) YearBefore() Period {
	return Period{p.From.AddMonths(-12), p.To.AddMonths(-12)}
}

// Contains reports whether a row falls in the period. A figure of a whole
// year (Month 0) is in it only when the period covers that whole year.
func (p Period) Contains(r Row) bool {
	if r.Month == 0 {
		return !YearMonth{r.Year, 1}.Before(p.From) && !p.To.Before(YearMonth{r.Year, 12})
	}
	ym := YearMonth{r.Year, r.Month}
	return !ym.Before(p.From) && !p.To.Before(ym)
}

// Label is "Apr 2024", "Jan–Apr 2024" or "Nov 2023–Feb 2024".
func (p Period) Label(lang string) string {
	switch {
	case p.From == p.To:
		return p.From.Label(lang)
	case p.From.Year == p.To.Year && p.From.Month == 1 && p.To.Month == 12:
		return fmt.Sprint(p.From.Year)
	case p.From.Year == p.To.Year:
		return YearMonth{0, p.From.Month}.monthName(lang) + "–" + p.To.Label(lang)
	}
	return p.From.Label(lang) + "–" + p.To.Label(lang)
}

func (p YearMonth) monthName(lang string) string {
	if lang != "id" {
		lang = "en"
	}
	return monthShort[lang][p.Month-1]
}

// Point is a month's figures.
type Point struct {
	Period   YearMonth `json:"period"`
	ValueUSD float64   `json:"value_usd"`
	WeightKG float64   `json:"weight_kg"`
}

// Series is the monthly figures of one commodity or destination (or of
// everything: Key "").
type Series struct {
	Key      string  `json:"key"` // HS code or name key, ISO3, "~other", "" for the total
	Name     string  `json:"name"`
	Other    bool    `json:"other,omitempty"`
	TotalUSD float64 `json:"total_usd"`
	Points   []Point `json:"points"` // months that have figures, oldest first
}

// CommodityKey is how rows of one commodity are grouped: the HS code, else
// the name folded ("Kopi" and "KOPI" are one), "~other" for "Lainnya".
func CommodityKey(r Row) string {
	switch {
	case r.OtherCommodity:
		return "~other"
	case r.HSCode != "":
		return r.HSCode
	}
	return normText(r.Commodity)
}

// DestinationKey groups rows by destination: ISO3, "~other" for "Lainnya".
func DestinationKey(r Row) string {
	if r.OtherDestination {
		return "~other"
	}
	return r.Destination
}

// MonthlyTotal sums all rows by month; figures of whole years (Month 0)
// are left out.
func MonthlyTotal(rows []Row) []Point {
	s := monthly(rows, func(Row) string { return "" })
	if len(s) == 0 {
		return nil
	}
	return s[0].Points
}

// MonthlyByCommodity is one series per commodity, largest total first.
func MonthlyByCommodity(rows []Row) []Series { return monthly(rows, CommodityKey) }

// MonthlyByDestination is one series per destination, largest total first.
func MonthlyByDestination(rows []Row) []Series { return monthly(rows, DestinationKey) }

func monthly(rows []Row, key func(Row) string) []Series {
	type acc struct {
		s  *Series
		at map[int]*Point
	}
	groups := map[string]*acc{}
	var order []string
	for _, r := range rows {
		if r.Month < 1 || r.Month > 12 {
			continue
		}
		k := key(r)
		a, ok := groups[k]
		if !ok {
			a = &acc{s: &Series{Key: k, Name: rowName(r, k)}, at: map[int]*Point{}}
			a.s.Other = k == "~other"
			groups[k] = a
			order = append(order, k)
		}
		ym := YearMonth{r.Year, r.Month}
		p, ok := a.at[ym.index()]
		if !ok {
			p = &Point{Period: ym}
			a.at[ym.index()] = p
		}
		p.ValueUSD += r.ValueUSD
		p.WeightKG += r.WeightKG
		a.s.TotalUSD += r.ValueUSD
	}
	out := make([]Series, 0, len(order))
	for _, k := range order {
		a := groups[k]
		idx := make([]int, 0, len(a.at))
		for i := range a.at {
			idx = append(idx, i)
		}
		sort.Ints(idx)
		for _, i := range idx {
			p := *a.at[i]
			p.ValueUSD, p.WeightKG = roundTo(p.ValueUSD, 2), roundTo(p.WeightKG, 3)
			a.s.Points = append(a.s.Points, p)
		}
		a.s.TotalUSD = roundTo(a.s.TotalUSD, 2)
		out = append(out, *a.s)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Other != out[j].Other {
			return !out[i].Other // "Lainnya" last
		}
		return out[i].TotalUSD > out[j].TotalUSD
	})
	return out
}

// rowName is the name a group shows: the table's commodity or destination
// name, else its code.
func rowName(r Row, key string) string {
	switch {
	case key == "":
		return ""
	case key == r.Destination || (key == "~other" && r.OtherDestination):
		if r.DestinationName != "" {
			return r.DestinationName
		}
		return CountryName(r.Destination, "id")
	case r.Commodity != "":
		return r.Commodity
	}
	return r.HSCode
}

// Item is one line of a ranking.
type Item struct {
	Rank         int     `json:"rank"` // 1 for the largest; 0 for the rest
	Key          string  `json:"key"`  // HS code (or name key) or ISO3
	Name         string  `json:"name"`
	Other        bool    `json:"other,omitempty"`
	ValueUSD     float64 `json:"value_usd"`
	WeightKG     float64 `json:"weight_kg"`
	Share        float64 `json:"share"` // of the period's total value, 0–1
	PrevValueUSD float64 `json:"prev_value_usd"`
	// Change is (value − previous) / previous; ChangeOK is false when
	// there is no figure a year before (a new market or product, or no
	// data for that year).
	Change   float64 `json:"change"`
	ChangeOK bool    `json:"change_ok"`
}

// Ranking is a period's top commodities or destinations, as the BPS
// release gives them: "nilai ekspor Lampung April 2021 US$302,77 juta,
// naik x% dibanding April 2020", then the ten largest with their shares.
type Ranking struct {
	Period       Period  `json:"period"`
	Previous     Period  `json:"previous"`
	TotalUSD     float64 `json:"total_usd"`
	TotalKG      float64 `json:"total_kg"`
	PrevTotalUSD float64 `json:"prev_total_usd"`
	Change       float64 `json:"change"`
	ChangeOK     bool    `json:"change_ok"` // the table has figures for the year before
	Items        []Item  `json:"items"`
	// Rest is everything outside Items, the table's "Lainnya" included.
	Rest Item `json:"rest"`
}

// NameCountries names a destination ranking's countries in a language
// ("id" or "en"), in place of the names the table used.
func (r *Ranking) NameCountries(lang string) {
	for i, it := range r.Items {
		if name := CountryName(it.Key, lang); name != it.Key {
			r.Items[i].Name = name
		}
	}
}

// TopCommodities ranks the n largest commodities by value in a period.
func TopCommodities(rows []Row, p Period, n int) Ranking { return rank(rows, p, n, CommodityKey) }

// TopDestinations ranks the n largest destinations by value in a period.
func TopDestinations(rows []Row, p Period, n int) Ranking { return rank(rows, p, n, DestinationKey) }

func rank(rows []Row, p Period, n int, key func(Row) string) Ranking {
	prev := p.YearBefore()
	out := Ranking{Period: p, Previous: prev}
	items := map[string]*Item{}
	var order []string
	prevBy := map[string]float64{}
	havePrev := false
	for _, r := range rows {
		k := key(r)
		switch {
		case p.Contains(r):
			it, ok := items[k]
			if !ok {
				it = &Item{Key: k, Name: rowName(r, k), Other: k == "~other"}
				items[k] = it
				order = append(order, k)
			}
			it.ValueUSD += r.ValueUSD
			it.WeightKG += r.WeightKG
			out.TotalUSD += r.ValueUSD
			out.TotalKG += r.WeightKG
		case prev.Contains(r):
			havePrev = true
			prevBy[k] += r.ValueUSD
			out.PrevTotalUSD += r.ValueUSD
		}
	}
	list := make([]*Item, 0, len(order))
	for _, k := range order {
		it := items[k]
		it.ValueUSD, it.WeightKG = roundTo(it.ValueUSD, 2), roundTo(it.WeightKG, 3)
		it.PrevValueUSD = roundTo(prevBy[k], 2)
		if out.TotalUSD > 0 {
			it.Share = it.ValueUSD / out.TotalUSD
		}
		if havePrev && it.PrevValueUSD > 0 {
			it.Change, it.ChangeOK = (it.ValueUSD-it.PrevValueUSD)/it.PrevValueUSD, true
		}
		list = append(list, it)
	}
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].ValueUSD != list[j].ValueUSD {
			return list[i].ValueUSD > list[j].ValueUSD
		}
		return list[i].Key < list[j].Key
	})
	out.Rest = Item{Key: "~rest", Other: true}
	for _, it := range list {
		if !it.Other && len(out.Items) < n {
			it.Rank = len(out.Items) + 1
			out.Items = append(out.Items, *it)
			continue
		}
		out.Rest.ValueUSD += it.ValueUSD
		out.Rest.WeightKG += it.WeightKG
		out.Rest.PrevValueUSD += it.PrevValueUSD
	}
	out.Rest.ValueUSD, out.Rest.WeightKG = roundTo(out.Rest.ValueUSD, 2), roundTo(out.Rest.WeightKG, 3)
	out.Rest.PrevValueUSD = roundTo(out.Rest.PrevValueUSD, 2)
	if out.TotalUSD > 0 {
		out.Rest.Share = out.Rest.ValueUSD / out.TotalUSD
	}
	if havePrev && out.Rest.PrevValueUSD > 0 {
		out.Rest.Change, out.Rest.ChangeOK = (out.Rest.ValueUSD-out.Rest.PrevValueUSD)/out.Rest.PrevValueUSD, true
	}
	out.TotalUSD, out.TotalKG, out.PrevTotalUSD = roundTo(out.TotalUSD, 2), roundTo(out.TotalKG, 3), roundTo(out.PrevTotalUSD, 2)
	if havePrev && out.PrevTotalUSD > 0 {
		out.Change, out.ChangeOK = (out.TotalUSD-out.PrevTotalUSD)/out.PrevTotalUSD, true
	}
	return out
}

// Span returns the first and last month the rows have figures for
// (ok false when they have none).
func Span(rows []Row) (from, to YearMonth, ok bool) {
	for _, r := range rows {
		m := r.Month
		first, last := YearMonth{r.Year, max(m, 1)}, YearMonth{r.Year, m}
		if m == 0 {
			last.Month = 12
		}
		if !ok || first.Before(from) {
			from = first
		}
		if !ok || to.Before(last) {
			to = last
		}
		ok = true
	}
	return from, to, ok
}
