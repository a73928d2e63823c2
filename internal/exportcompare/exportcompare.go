// Package exportcompare sets the province's realised export records beside
// the BPS export statistics loaded for it (issue 18 item 5): by month, by
// destination and by commodity, with the records' value as a share of
// BPS's figure. The two count different things — BPS every exporter whose
// goods left from (or originated in) the province as BPS defines it,
// valued FOB in US$; the records only the registered enterprises that
// recorded an export, valued under their own Incoterm at their own rate —
// so the comparison never adds one to the other, states which BPS table
// each figure comes from, and says when BPS gives only a broader code.
//
// It takes values (cells the store summed) and returns values; the store
// (store.ExportComparison) reads the cells, the pages, the API, the
// command line and the monthly report show the result.
package exportcompare

import (
	"sort"
	"strings"

	"github.com/siapekspor/siapekspor/internal/exportstats"
)

// YearMonth is a month ("2024-03").
type YearMonth = exportstats.YearMonth

// Filter selects what is compared. From and To are both set (Parse);
// Destination, HS and RegencyCode are empty for all.
type Filter struct {
	From        YearMonth `json:"month_from"`
	To          YearMonth `json:"month_to"`
	Destination string    `json:"destination,omitempty"` // ISO3
	HS          string    `json:"hs,omitempty"`          // 2, 4, 6 or 8 digits: a chapter, heading, subheading or national line
	RegencyCode string    `json:"regency,omitempty"`     // the records of one regency/city (BPS stays the province's)
	Load        int64     `json:"load,omitempty"`        // one BPS table only; 0 chooses per month
}

// Months lists the filter's months, oldest first.
func (f Filter) Months() []YearMonth {
	var out []YearMonth
	for m := f.From; !f.To.Before(m); m = m.AddMonths(1) {
		out = append(out, m)
	}
	return out
}

// Load is an uploaded BPS table as the comparison needs it.
type Load struct {
	ID             int64  `json:"id"`
	Title          string `json:"title"`
	Synthetic      bool   `json:"synthetic"`
	HasCommodity   bool   `json:"has_commodity"`
	HasDestination bool   `json:"has_destination"`
}

// StatCell is BPS's value of one table for one month, summed over what the
// store did not group by (HS empty when not grouped by commodity, or for a
// commodity the table names without a code).
type StatCell struct {
	Load           int64
	Period         YearMonth
	HS             string
	Commodity      string // the table's name, when it gives no code
	OtherCommodity bool
	Destination    string
	OtherDest      bool
	ValueUSD       float64
}

// RecordCell is the records of one month, HS code and destination.
type RecordCell struct {
	Period      YearMonth
	HS          string
	Destination string
	USDCents    int64
	IDR         int64
	Records     int
}

// Row is one line of a comparison table.
type Row struct {
	// Key: the month ("2024-03"), the destination (ISO3, "~other" for
	// BPS's "Lainnya"), or the commodity (an HS code at BPS's level,
	// "~other", or "name:" and the table's name for one without a code).
	Key    string     `json:"key"`
	Period *YearMonth `json:"period,omitempty"`
	Name   string     `json:"name,omitempty"` // a commodity's name as the BPS table writes it
	// BPS: US$, FOB as BPS values exports. HasBPS is false when no table
	// loaded has a figure for it (unknown, not zero).
	BPSUSD float64 `json:"bps_value_usd"`
	HasBPS bool    `json:"has_bps"`
	// BPSLoad is the table the figure comes from (month rows).
	BPSLoad int64 `json:"bps_load,omitempty"`
	// BPSBroader is set when the table gives the commodity only at a
	// broader code: the BPS figure is that code's, not the filter's.
	BPSBroader string `json:"bps_broader_hs,omitempty"`
	// The records: US$ at each record's own rate, and Rupiah.
	RecordsUSDCents int64 `json:"records_value_usd_cents"`
	RecordsIDR      int64 `json:"records_value_idr"`
	Records         int   `json:"records"`
	// Share is the records' US$ over BPS's, when BPS has a figure above
	// zero. It may pass 1: the records' Incoterm (CIF, CFR) adds freight
	// and insurance to FOB, or the table is missing a line.
	Share    float64 `json:"share"`
	HasShare bool    `json:"has_share"`
	// Link is the records' drill-down: the ?query of /exports that lists
	// the records behind the figure ("" when there are none).
	Link string `json:"records_query,omitempty"`
}

// RecordsUSD is the records' value in US$.
func (r Row) RecordsUSD() float64 { return float64(r.RecordsUSDCents) / 100 }

func (r *Row) share() {
	r.HasShare = r.HasBPS && r.BPSUSD > 0
	if r.HasShare {
		r.Share = float64(r.RecordsUSDCents) / 100 / r.BPSUSD
	}
}

// Comparison is the result.
type Comparison struct {
	Filter Filter `json:"filter"`
	Months []Row  `json:"months"`
	// Total sums the months; its share is over the months that have a BPS
	// figure only (MonthsWithBPS of len(Months)), so a month BPS has not
	// published does not lower it.
	Total         Row `json:"total"`
	MonthsWithBPS int `json:"months_with_bps"`
	// TotalShareRecordsUSDCents: the records of the months with a BPS figure.
	TotalShareRecordsUSDCents int64 `json:"total_share_records_value_usd_cents"`
	ByDestination             []Row `json:"by_destination"`
	ByCommodity               []Row `json:"by_commodity"`
	// Loads are the BPS tables the figures come from.
	Loads []Load `json:"loads"`
	// NoDestinationTable / NoCommodityTable: no table loaded has the
	// breakdown, so BPS has no figure by destination (commodity).
	NoDestinationTable bool `json:"no_destination_table"`
	NoCommodityTable   bool `json:"no_commodity_table"`
}

// need says which breakdowns a table must have to answer a filter.
func need(l Load, commodity, destination bool) bool {
	return (!commodity || l.HasCommodity) && (!destination || l.HasDestination)
}

// chooser picks, per month, the table a figure comes from: the newest
// table (highest id) that has figures for that month and the breakdowns
// the question needs — two tables are never added up, or a dollar in a
// table by commodity and again in one by destination would count twice.
type chooser map[int]int64 // month index → load

func choose(f Filter, loads []Load, cells []StatCell, commodity, destination bool) chooser {
	ok := map[int64]bool{}
	for _, l := range loads {
		if need(l, commodity, destination) && (f.Load == 0 || f.Load == l.ID) {
			ok[l.ID] = true
		}
	}
	c := chooser{}
	for _, s := range cells {
		if !ok[s.Load] {
			continue
		}
		i := index(s.Period)
		if s.Load > c[i] {
			c[i] = s.Load
		}
	}
	return c
}

func index(m YearMonth) int { return m.Year*12 + m.Month - 1 }

func (c chooser) takes(s StatCell) bool { return c[index(s.Period)] == s.Load && s.Load != 0 }

// hsMatch says how a BPS code answers the filter's HS code: exact (the
// code is the filter's or finer), broader (the filter lies under it), or
// not at all. A commodity named without a code answers only "all".
func hsMatch(filter, code string) (exact, broader bool) {
	switch {
	case filter == "":
		return true, false
	case code == "":
		return false, false
	case strings.HasPrefix(code, filter):
		return true, false
	case strings.HasPrefix(filter, code):
		return false, true
	}
	return false, false
}

// Compare builds the comparison: monthly are BPS cells by month (with HS
// when the filter has one), byDest by month and destination, byComm by
// month and commodity; records by month, HS code and destination — all
// already within the filter's months, destination and HS chapter (the
// cells not grouped by destination carry none: the store selected them).
func Compare(f Filter, loads []Load, monthly, byDest, byComm []StatCell, records []RecordCell) Comparison {
	out := Comparison{Filter: f, Months: []Row{}, ByDestination: []Row{}, ByCommodity: []Row{}, Loads: []Load{}}
	used := map[int64]bool{}
	// Months.
	rows := map[int]*Row{}
	for _, m := range f.Months() {
		m := m
		out.Months = append(out.Months, Row{Key: m.String(), Period: &m})
	}
	for i := range out.Months {
		rows[index(*out.Months[i].Period)] = &out.Months[i]
	}
	pick := choose(f, loads, monthly, f.HS != "", f.Destination != "")
	type bps struct {
		exact, broader float64
		hasExact       bool
		broadCode      string
	}
	acc := map[int]*bps{}
	for _, s := range monthly {
		r := rows[index(s.Period)]
		if r == nil || !pick.takes(s) {
			continue
		}
		exact, broader := hsMatch(f.HS, s.HS)
		a := acc[index(s.Period)]
		if a == nil {
			a = &bps{}
			acc[index(s.Period)] = a
		}
		if !exact && !broader {
			continue
		}
		r.HasBPS, r.BPSLoad = true, s.Load
		used[s.Load] = true
		switch {
		case exact:
			a.exact += s.ValueUSD
			a.hasExact = true
		case broader:
			// The finest broader code the table gives wins.
			if len(s.HS) > len(a.broadCode) {
				a.broadCode, a.broader = s.HS, 0
			}
			if s.HS == a.broadCode {
				a.broader += s.ValueUSD
			}
		}
	}
	for i, a := range acc {
		r := rows[i]
		switch {
		case a.hasExact:
			r.BPSUSD = a.exact
		default:
			r.BPSUSD, r.BPSBroader = a.broader, a.broadCode
		}
	}
	for _, c := range records {
		if r := rows[index(c.Period)]; r != nil {
			r.RecordsUSDCents += c.USDCents
			r.RecordsIDR += c.IDR
			r.Records += c.Records
		}
	}
	out.Total = Row{Key: "total"}
	for i := range out.Months {
		r := &out.Months[i]
		r.BPSUSD = round2(r.BPSUSD)
		r.share()
		r.Link = f.link(*r.Period, *r.Period, f.Destination, f.HS, r.Records)
		out.Total.RecordsUSDCents += r.RecordsUSDCents
		out.Total.RecordsIDR += r.RecordsIDR
		out.Total.Records += r.Records
		if r.HasBPS {
			out.MonthsWithBPS++
			out.Total.HasBPS = true
			out.Total.BPSUSD += r.BPSUSD
			out.TotalShareRecordsUSDCents += r.RecordsUSDCents
		}
	}
	out.Total.BPSUSD = round2(out.Total.BPSUSD)
	if out.Total.HasBPS && out.Total.BPSUSD > 0 {
		out.Total.HasShare = true
		out.Total.Share = float64(out.TotalShareRecordsUSDCents) / 100 / out.Total.BPSUSD
	}
	out.Total.Link = f.link(f.From, f.To, f.Destination, f.HS, out.Total.Records)

	out.ByDestination, out.NoDestinationTable = byDestination(f, loads, byDest, records, used)
	out.ByCommodity, out.NoCommodityTable = byCommodity(f, loads, byComm, records, used)
	for _, l := range loads {
		if used[l.ID] {
			out.Loads = append(out.Loads, l)
		}
	}
	return out
}

func anyLoad(f Filter, loads []Load, commodity, destination bool) bool {
	for _, l := range loads {
		if need(l, commodity, destination) && (f.Load == 0 || f.Load == l.ID) {
			return true
		}
	}
	return false
}

// byDestination sums the period by destination: BPS from the tables by
// destination chosen month by month, the records by theirs.
func byDestination(f Filter, loads []Load, cells []StatCell, records []RecordCell, used map[int64]bool) ([]Row, bool) {
	pick := choose(f, loads, cells, f.HS != "", true)
	rows := map[string]*Row{}
	get := func(k string) *Row {
		r := rows[k]
		if r == nil {
			r = &Row{Key: k}
			rows[k] = r
		}
		return r
	}
	// Under an HS filter, a destination's BPS figure is exact only when
	// every month's table gives the filter's code or finer; a broader code
	// is named.
	for _, s := range cells {
		if !pick.takes(s) || !inPeriod(f, s.Period) {
			continue
		}
		exact, broader := hsMatch(f.HS, s.HS)
		if !exact && !broader {
			continue
		}
		k := s.Destination
		if s.OtherDest || k == "" {
			k = "~other"
		}
		if f.Destination != "" && k != f.Destination {
			continue
		}
		r := get(k)
		r.HasBPS = true
		used[s.Load] = true
		if broader {
			if r.BPSBroader == "" || len(s.HS) < len(r.BPSBroader) {
				r.BPSBroader = s.HS
			}
		}
		r.BPSUSD += s.ValueUSD
	}
	for _, c := range records {
		if !inPeriod(f, c.Period) {
			continue
		}
		r := get(c.Destination)
		r.RecordsUSDCents += c.USDCents
		r.RecordsIDR += c.IDR
		r.Records += c.Records
	}
	// A destination the records name that BPS's tables list only within
	// "Lainnya" has no BPS figure of its own: unknown, not zero.
	out := finish(rows, func(r *Row) string {
		if r.Key == "~other" {
			return ""
		}
		return f.link(f.From, f.To, r.Key, f.HS, r.Records)
	})
	return out, !anyLoad(f, loads, f.HS != "", true)
}

// byCommodity sums the period by commodity at the level the BPS tables
// give (a chapter, a heading): each record falls under the longest BPS
// code its HS code begins with, else under its own heading (4 digits),
// which BPS does not list (its figure is then unknown).
func byCommodity(f Filter, loads []Load, cells []StatCell, records []RecordCell, used map[int64]bool) ([]Row, bool) {
	pick := choose(f, loads, cells, true, f.Destination != "")
	rows := map[string]*Row{}
	get := func(k string) *Row {
		r := rows[k]
		if r == nil {
			r = &Row{Key: k}
			rows[k] = r
		}
		return r
	}
	var codes []string
	for _, s := range cells {
		if !pick.takes(s) || !inPeriod(f, s.Period) {
			continue
		}
		var k string
		switch {
		case s.OtherCommodity:
			k = "~other"
		case s.HS == "":
			if f.HS != "" {
				continue
			}
			k = "name:" + strings.ToLower(strings.Join(strings.Fields(s.Commodity), " "))
		default:
			exact, broader := hsMatch(f.HS, s.HS)
			if !exact && !broader {
				continue
			}
			k = s.HS
		}
		r := get(k)
		if r.Name == "" {
			r.Name = s.Commodity
		}
		if s.HS != "" && !containsStr(codes, s.HS) {
			codes = append(codes, s.HS)
		}
		r.HasBPS = true
		used[s.Load] = true
		r.BPSUSD += s.ValueUSD
	}
	sort.Slice(codes, func(i, j int) bool { return len(codes[i]) > len(codes[j]) })
	for _, c := range records {
		if !inPeriod(f, c.Period) {
			continue
		}
		k := ""
		for _, code := range codes {
			if strings.HasPrefix(c.HS, code) {
				k = code
				break
			}
		}
		if k == "" {
			k = c.HS
			if len(k) > 4 {
				k = k[:4]
			}
		}
		r := get(k)
		r.RecordsUSDCents += c.USDCents
		r.RecordsIDR += c.IDR
		r.Records += c.Records
	}
	out := finish(rows, func(r *Row) string {
		if strings.HasPrefix(r.Key, "~") || strings.HasPrefix(r.Key, "name:") {
			return ""
		}
		hs := r.Key
		if len(f.HS) > len(hs) {
			hs = f.HS // a broader BPS code: the records are the filter's
		}
		return f.link(f.From, f.To, f.Destination, hs, r.Records)
	})
	return out, !anyLoad(f, loads, true, f.Destination != "")
}

func containsStr(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func inPeriod(f Filter, m YearMonth) bool { return !m.Before(f.From) && !f.To.Before(m) }

// finish rounds, computes shares and links, and orders rows: the largest
// records first, then the largest BPS figures, BPS's "Lainnya" last.
func finish(rows map[string]*Row, link func(*Row) string) []Row {
	out := make([]Row, 0, len(rows))
	for _, r := range rows {
		r.BPSUSD = round2(r.BPSUSD)
		r.share()
		r.Link = link(r)
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if oa, ob := strings.HasPrefix(a.Key, "~"), strings.HasPrefix(b.Key, "~"); oa != ob {
			return ob
		}
		if a.RecordsUSDCents != b.RecordsUSDCents {
			return a.RecordsUSDCents > b.RecordsUSDCents
		}
		if a.BPSUSD != b.BPSUSD {
			return a.BPSUSD > b.BPSUSD
		}
		return a.Key < b.Key
	})
	return out
}

func round2(v float64) float64 {
	if v < 0 {
		return -round2(-v)
	}
	return float64(int64(v*100+0.5)) / 100
}
