package exportcompare

import (
	"errors"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
)

func ym(y, m int) YearMonth { return YearMonth{Year: y, Month: m} }

func TestParse(t *testing.T) {
	now := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		p        Params
		from, to YearMonth
		fields   []string // the problems' fields, in order
	}{
		{"default year", Params{}, ym(2024, 1), ym(2024, 12), nil},
		{"a year", Params{Year: "2025"}, ym(2025, 1), ym(2025, 12), nil},
		{"this year stops at this month", Params{Year: "2026"}, ym(2026, 1), ym(2026, 12), nil},
		{"a range", Params{From: "2023-11", To: "2024-02"}, ym(2023, 11), ym(2024, 2), nil},
		{"from alone runs to December", Params{From: "2024-03"}, ym(2024, 3), ym(2024, 12), nil},
		{"to alone from January", Params{To: "2024-03"}, ym(2024, 1), ym(2024, 3), nil},
		{"month 13", Params{From: "2026-13"}, YearMonth{}, YearMonth{}, []string{"month_from"}},
		{"not a month", Params{To: "maret"}, YearMonth{}, YearMonth{}, []string{"month_to"}},
		{"future month", Params{To: "2027-01"}, YearMonth{}, YearMonth{}, []string{"month_to"}},
		{"backwards", Params{From: "2024-05", To: "2024-02"}, YearMonth{}, YearMonth{}, []string{"month_to"}},
		{"too long", Params{From: "2010-01", To: "2024-12"}, YearMonth{}, YearMonth{}, []string{"month_to"}},
		{"year not a number", Params{Year: "dua ribu"}, YearMonth{}, YearMonth{}, []string{"year"}},
		{"year ahead", Params{Year: "2030"}, YearMonth{}, YearMonth{}, []string{"year"}},
		{"unknown country", Params{Destination: "XYZ"}, YearMonth{}, YearMonth{}, []string{"destination"}},
		{"home is no destination", Params{Destination: "idn"}, YearMonth{}, YearMonth{}, []string{"destination"}},
		{"known country, lower case", Params{Destination: "usa"}, ym(2024, 1), ym(2024, 12), nil},
		{"unknown chapter", Params{HS: "77"}, YearMonth{}, YearMonth{}, []string{"hs"}},
		{"odd length", Params{HS: "090"}, YearMonth{}, YearMonth{}, []string{"hs"}},
		{"heading with a dot", Params{HS: "09.01"}, ym(2024, 1), ym(2024, 12), nil},
		{"national line", Params{HS: "09011110"}, ym(2024, 1), ym(2024, 12), nil},
		{"regency of another province", Params{Regency: "31.71"}, YearMonth{}, YearMonth{}, []string{"regency"}},
		{"regency of the province", Params{Regency: "18.06"}, ym(2024, 1), ym(2024, 12), nil},
		{"bad load", Params{Load: "x"}, YearMonth{}, YearMonth{}, []string{"load"}},
		{"every problem at once", Params{From: "2026-13", Destination: "XYZ", HS: "77"}, YearMonth{}, YearMonth{}, []string{"month_from", "destination", "hs"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse(tt.p, now, 2024, "18")
			var fields []string
			var de *siapekspor.Error
			if errors.As(err, &de) {
				for _, p := range de.Fields {
					fields = append(fields, p.Field)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if len(fields) != len(tt.fields) {
				t.Fatalf("problems %v, want %v", fields, tt.fields)
			}
			for i := range fields {
				if fields[i] != tt.fields[i] {
					t.Fatalf("problems %v, want %v", fields, tt.fields)
				}
			}
			if err == nil && (f.From != tt.from || f.To != tt.to) {
				t.Errorf("period %v–%v, want %v–%v", f.From, f.To, tt.from, tt.to)
			}
		})
	}
}

func TestCompareMonths(t *testing.T) {
	byBoth := Load{ID: 1, HasCommodity: true, HasDestination: true}
	byDestOnly := Load{ID: 2, HasDestination: true}
	newer := Load{ID: 3, HasCommodity: true, HasDestination: true}
	f := Filter{From: ym(2024, 1), To: ym(2024, 3)}
	recs := []RecordCell{
		{Period: ym(2024, 1), HS: "090111", Destination: "USA", USDCents: 1_000_000, IDR: 155_000_000, Records: 2},
		{Period: ym(2024, 3), HS: "151110", Destination: "IND", USDCents: 50_000, IDR: 7_750_000, Records: 1},
	}
	tests := []struct {
		name   string
		f      Filter
		loads  []Load
		cells  []StatCell
		bps    []float64 // per month, -1 for none
		load   []int64
		broad  []string
		shares []float64 // per month, -1 for none
	}{
		{"one table", f, []Load{byBoth}, []StatCell{
			{Load: 1, Period: ym(2024, 1), ValueUSD: 1_000_000},
			{Load: 1, Period: ym(2024, 3), ValueUSD: 50_000},
		}, []float64{1_000_000, -1, 50_000}, []int64{1, 0, 1}, []string{"", "", ""}, []float64{0.01, -1, 0.01}},
		{"two tables for a month: the newest, never both", f, []Load{byBoth, newer}, []StatCell{
			{Load: 1, Period: ym(2024, 1), ValueUSD: 1_000_000},
			{Load: 3, Period: ym(2024, 1), ValueUSD: 2_000_000},
			{Load: 1, Period: ym(2024, 2), ValueUSD: 500},
		}, []float64{2_000_000, 500, -1}, []int64{3, 1, 0}, []string{"", "", ""}, []float64{0.005, 0, -1}},
		{"a commodity asked: a table by destination alone cannot answer",
			Filter{From: ym(2024, 1), To: ym(2024, 1), HS: "0901"}, []Load{byBoth, byDestOnly}, []StatCell{
				{Load: 1, Period: ym(2024, 1), HS: "0901", ValueUSD: 400_000},
				{Load: 1, Period: ym(2024, 1), HS: "1511", ValueUSD: 900_000},
				{Load: 2, Period: ym(2024, 1), ValueUSD: 9_999_999},
			}, []float64{400_000}, []int64{1}, []string{""}, []float64{0.025}},
		{"a subheading asked, BPS gives the heading: named as broader",
			Filter{From: ym(2024, 1), To: ym(2024, 1), HS: "090111"}, []Load{byBoth}, []StatCell{
				{Load: 1, Period: ym(2024, 1), HS: "09", ValueUSD: 3_000_000},
				{Load: 1, Period: ym(2024, 1), HS: "0901", ValueUSD: 2_000_000},
			}, []float64{2_000_000}, []int64{1}, []string{"0901"}, []float64{0.005}},
		{"a chapter asked, BPS gives headings: their sum",
			Filter{From: ym(2024, 1), To: ym(2024, 1), HS: "09"}, []Load{byBoth}, []StatCell{
				{Load: 1, Period: ym(2024, 1), HS: "0901", ValueUSD: 100_000},
				{Load: 1, Period: ym(2024, 1), HS: "0904", ValueUSD: 100_000},
				{Load: 1, Period: ym(2024, 1), Commodity: "Rempah", ValueUSD: 7},
			}, []float64{200_000}, []int64{1}, []string{""}, []float64{0.05}},
		{"one table chosen", Filter{From: ym(2024, 1), To: ym(2024, 1), Load: 1}, []Load{byBoth, newer}, []StatCell{
			{Load: 1, Period: ym(2024, 1), ValueUSD: 1_000_000},
			{Load: 3, Period: ym(2024, 1), ValueUSD: 2_000_000},
		}, []float64{1_000_000}, []int64{1}, []string{""}, []float64{0.01}},
		{"a destination asked: the cells the store selected, not grouped by it",
			Filter{From: ym(2024, 1), To: ym(2024, 1), Destination: "USA"}, []Load{byBoth, byDestOnly}, []StatCell{
				{Load: 2, Period: ym(2024, 1), ValueUSD: 300_000},
			}, []float64{300_000}, []int64{2}, []string{""}, []float64{1.0 / 30}},
		{"no table", f, nil, nil, []float64{-1, -1, -1}, []int64{0, 0, 0}, []string{"", "", ""}, []float64{-1, -1, -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rs []RecordCell
			for _, r := range recs {
				if inPeriod(tt.f, r.Period) && (tt.f.HS == "" || len(r.HS) >= len(tt.f.HS) && r.HS[:len(tt.f.HS)] == tt.f.HS) {
					rs = append(rs, r)
				}
			}
			c := Compare(tt.f, tt.loads, tt.cells, nil, nil, rs)
			if len(c.Months) != len(tt.bps) {
				t.Fatalf("%d months, want %d", len(c.Months), len(tt.bps))
			}
			for i, m := range c.Months {
				if want := tt.bps[i]; (want < 0) == m.HasBPS || (want >= 0 && m.BPSUSD != want) {
					t.Errorf("%s: BPS %v (%v), want %v", m.Key, m.BPSUSD, m.HasBPS, want)
				}
				if m.BPSLoad != tt.load[i] || m.BPSBroader != tt.broad[i] {
					t.Errorf("%s: load %d broader %q, want %d %q", m.Key, m.BPSLoad, m.BPSBroader, tt.load[i], tt.broad[i])
				}
				if want := tt.shares[i]; (want < 0) == m.HasShare || (want >= 0 && abs(m.Share-want) > 1e-9) {
					t.Errorf("%s: share %v (%v), want %v", m.Key, m.Share, m.HasShare, want)
				}
			}
		})
	}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

func TestCompareTotalsAndLinks(t *testing.T) {
	f := Filter{From: ym(2024, 1), To: ym(2024, 2), RegencyCode: "18.06"}
	loads := []Load{{ID: 1, HasCommodity: true, HasDestination: true}}
	cells := []StatCell{{Load: 1, Period: ym(2024, 1), ValueUSD: 1_000}}
	recs := []RecordCell{
		{Period: ym(2024, 1), HS: "090111", Destination: "USA", USDCents: 10_000, Records: 1},
		{Period: ym(2024, 2), HS: "090111", Destination: "USA", USDCents: 90_000, Records: 3},
	}
	c := Compare(f, loads, cells, nil, nil, recs)
	// The share is over the months BPS has: January's 100 of 1,000.
	if c.Total.Records != 4 || c.Total.RecordsUSDCents != 100_000 || c.MonthsWithBPS != 1 || !c.Total.HasShare || c.Total.Share != 0.1 {
		t.Errorf("total %+v, months with BPS %d", c.Total, c.MonthsWithBPS)
	}
	if want := "month_from=2024-02&month_to=2024-02&regency=18.06"; c.Months[1].Link != want {
		t.Errorf("link %q, want %q", c.Months[1].Link, want)
	}
	if c.Months[0].Link == "" || c.Total.Link != "month_from=2024-01&month_to=2024-02&regency=18.06" {
		t.Errorf("links %q %q", c.Months[0].Link, c.Total.Link)
	}
}

func TestCompareBreakdowns(t *testing.T) {
	f := Filter{From: ym(2024, 1), To: ym(2024, 12)}
	loads := []Load{{ID: 1, HasCommodity: true, HasDestination: true}}
	byDest := []StatCell{
		{Load: 1, Period: ym(2024, 1), Destination: "USA", ValueUSD: 1_000},
		{Load: 1, Period: ym(2024, 2), Destination: "USA", ValueUSD: 1_000},
		{Load: 1, Period: ym(2024, 2), Destination: "CHN", ValueUSD: 5_000},
		{Load: 1, Period: ym(2024, 2), OtherDest: true, ValueUSD: 300},
	}
	byComm := []StatCell{
		{Load: 1, Period: ym(2024, 1), HS: "0901", Commodity: "Kopi", ValueUSD: 1_000},
		{Load: 1, Period: ym(2024, 2), HS: "0901", Commodity: "Kopi", ValueUSD: 1_000},
		{Load: 1, Period: ym(2024, 2), HS: "15", Commodity: "Lemak dan minyak", ValueUSD: 5_000},
		{Load: 1, Period: ym(2024, 2), OtherCommodity: true, Commodity: "Lainnya", ValueUSD: 300},
	}
	recs := []RecordCell{
		{Period: ym(2024, 1), HS: "090111", Destination: "USA", USDCents: 20_000, Records: 1},
		{Period: ym(2024, 3), HS: "151311", Destination: "NZL", USDCents: 10_000, Records: 2},
		{Period: ym(2024, 3), HS: "440799", Destination: "USA", USDCents: 5_000, Records: 1},
	}
	c := Compare(f, loads, nil, byDest, byComm, recs)
	keys := func(rows []Row) []string {
		var out []string
		for _, r := range rows {
			out = append(out, r.Key)
		}
		return out
	}
	if got, want := keys(c.ByDestination), []string{"USA", "NZL", "CHN", "~other"}; !equal(got, want) {
		t.Fatalf("destinations %v, want %v", got, want)
	}
	usa, nzl := c.ByDestination[0], c.ByDestination[1]
	if usa.BPSUSD != 2_000 || usa.RecordsUSDCents != 25_000 || usa.Share != 0.125 || usa.Link == "" {
		t.Errorf("USA %+v", usa)
	}
	if nzl.HasBPS || nzl.HasShare { // only within BPS's "Lainnya": unknown, not zero
		t.Errorf("NZL %+v", nzl)
	}
	if c.ByDestination[3].Link != "" {
		t.Errorf("BPS's other destinations have no records to list")
	}
	if got, want := keys(c.ByCommodity), []string{"0901", "15", "4407", "~other"}; !equal(got, want) {
		t.Fatalf("commodities %v, want %v", got, want)
	}
	if r := c.ByCommodity[1]; r.BPSUSD != 5_000 || r.Records != 2 || r.Name != "Lemak dan minyak" {
		t.Errorf("chapter 15 %+v", r)
	}
	if r := c.ByCommodity[2]; r.HasBPS || r.Records != 1 {
		t.Errorf("4407 %+v", r)
	}
	if c.NoDestinationTable || c.NoCommodityTable || len(c.Loads) != 1 {
		t.Errorf("tables %+v", c)
	}
}

func TestCompareWithoutBreakdownTables(t *testing.T) {
	f := Filter{From: ym(2024, 1), To: ym(2024, 1)}
	c := Compare(f, []Load{{ID: 1}}, []StatCell{{Load: 1, Period: ym(2024, 1), ValueUSD: 10}}, nil, nil, nil)
	if !c.NoDestinationTable || !c.NoCommodityTable || !c.Months[0].HasBPS {
		t.Errorf("%+v", c)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
