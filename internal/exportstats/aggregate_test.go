package exportstats

import (
	"context"
	"encoding/json"
	"math"
	"sort"
	"strings"
	"testing"
)

func sampleRows(t *testing.T) []Row {
	t.Helper()
	rep, err := ReadFile(context.Background(), longSample, Options{Province: "18"})
	if err != nil || !rep.OK() {
		t.Fatalf("%v %v", err, rep.Problems)
	}
	return rep.Rows
}

func TestMonthlySeries(t *testing.T) {
	rows := sampleRows(t)
	total := MonthlyTotal(rows)
	if len(total) != 24 || total[0].Period != (YearMonth{2023, 1}) || total[23].Period != (YearMonth{2024, 12}) {
		t.Fatalf("%d points: %+v … %+v", len(total), total[0], total[len(total)-1])
	}
	// The sample's "Jumlah" row for January 2024 says US$219.254.097.
	if p := total[12]; p.ValueUSD != 219_254_097 || !near(p.WeightKG, 730_122_669.9, 0.01) {
		t.Errorf("Jan 2024: %+v", p)
	}
	byComm := MonthlyByCommodity(rows)
	if len(byComm) != 9 || byComm[len(byComm)-1].Key != "~other" || !byComm[len(byComm)-1].Other {
		t.Fatalf("%d commodities, last %+v", len(byComm), byComm[len(byComm)-1])
	}
	// Largest first (the "Lainnya" bucket last whatever its size).
	for i := 1; i < len(byComm)-1; i++ {
		if byComm[i].TotalUSD > byComm[i-1].TotalUSD {
			t.Errorf("not sorted at %d: %s %v > %s %v", i, byComm[i].Key, byComm[i].TotalUSD, byComm[i-1].Key, byComm[i-1].TotalUSD)
		}
	}
	if byComm[0].Key != "1511" || byComm[0].Name != "Minyak kelapa sawit" {
		t.Errorf("largest commodity %s %s", byComm[0].Key, byComm[0].Name)
	}
	sum := 0.0
	for _, s := range byComm {
		for _, p := range s.Points {
			if p.Period == (YearMonth{2024, 1}) {
				sum += p.ValueUSD
			}
		}
	}
	if !near(sum, 219_254_097, 0.01) {
		t.Errorf("commodities in Jan 2024 add up to %v", sum)
	}
	byDest := MonthlyByDestination(rows)
	if byDest[0].Key != "IND" || byDest[len(byDest)-1].Key != "~other" {
		t.Errorf("destinations %s … %s", byDest[0].Key, byDest[len(byDest)-1].Key)
	}
	// Coffee's harvest: the sample peaks in August.
	for _, s := range byComm {
		if s.Key != "0901" {
			continue
		}
		best := s.Points[12]
		for _, p := range s.Points[12:] {
			if p.ValueUSD > best.ValueUSD {
				best = p
			}
		}
		if best.Period.Month < 6 || best.Period.Month > 9 {
			t.Errorf("coffee peaks in %s", best.Period)
		}
	}
}

// TestTopSeries keeps the largest series and folds the others, "Lainnya"
// included, into one, without losing a dollar.
func TestTopSeries(t *testing.T) {
	byComm := MonthlyByCommodity(sampleRows(t))
	top := TopSeries(byComm, 3, "Lainnya")
	if len(top) != 4 || top[0].Key != "1511" || !top[3].Other || top[3].Name != "Lainnya" {
		t.Fatalf("%d series: %+v", len(top), top)
	}
	sum := func(list []Series, ym YearMonth) (v float64) {
		for _, s := range list {
			for _, p := range s.Points {
				if p.Period == ym {
					v += p.ValueUSD
				}
			}
		}
		return v
	}
	for _, ym := range []YearMonth{{2023, 1}, {2024, 8}, {2024, 12}} {
		if a, b := sum(byComm, ym), sum(top, ym); !near(a, b, 0.05) {
			t.Errorf("%s: %v before, %v after", ym, a, b)
		}
	}
	if got := TopSeries(byComm[:2], 5, "x"); len(got) != 2 {
		t.Errorf("fewer series than n: %d", len(got))
	}
}

// TestTopDestinations recomputes a BPS-style ranking by hand.
func TestTopDestinations(t *testing.T) {
	rows := sampleRows(t)
	p := MonthPeriod(2024, 4)
	r := TopDestinations(rows, p, 10)
	cur, prev := map[string]float64{}, map[string]float64{}
	var total, prevTotal float64
	for _, row := range rows {
		k := row.Destination
		if row.OtherDestination {
			k = "~other"
		}
		switch {
		case row.Year == 2024 && row.Month == 4:
			cur[k] += row.ValueUSD
			total += row.ValueUSD
		case row.Year == 2023 && row.Month == 4:
			prev[k] += row.ValueUSD
			prevTotal += row.ValueUSD
		}
	}
	if !near(r.TotalUSD, total, 0.01) || !near(r.PrevTotalUSD, prevTotal, 0.01) || !r.ChangeOK || !near(r.Change, total/prevTotal-1, 1e-12) {
		t.Errorf("total %v (%v) prev %v (%v) change %v", r.TotalUSD, total, r.PrevTotalUSD, prevTotal, r.Change)
	}
	if r.Previous != MonthPeriod(2023, 4) {
		t.Errorf("previous %+v", r.Previous)
	}
	var keys []string
	for k := range cur {
		if k != "~other" {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return cur[keys[i]] > cur[keys[j]] })
	if len(r.Items) != 10 {
		t.Fatalf("%d items", len(r.Items))
	}
	shares := r.Rest.Share
	for i, it := range r.Items {
		if it.Key != keys[i] || it.Rank != i+1 || !near(it.ValueUSD, cur[it.Key], 0.01) {
			t.Errorf("item %d: %+v, want %s %v", i, it, keys[i], cur[keys[i]])
		}
		if !near(it.Share, cur[it.Key]/total, 1e-9) || !it.ChangeOK || !near(it.Change, cur[it.Key]/prev[it.Key]-1, 1e-9) {
			t.Errorf("item %s: share %v change %v", it.Key, it.Share, it.Change)
		}
		shares += it.Share
	}
	if !near(shares, 1, 1e-9) {
		t.Errorf("shares add up to %v", shares)
	}
	// The rest: "Negara lainnya" and the destinations after the tenth.
	rest := cur["~other"]
	for _, k := range keys[10:] {
		rest += cur[k]
	}
	if !near(r.Rest.ValueUSD, rest, 0.01) || r.Rest.Rank != 0 || !r.Rest.Other {
		t.Errorf("rest %+v, want %v", r.Rest, rest)
	}
	// The first year has nothing before it: no change.
	r2023 := TopDestinations(rows, MonthPeriod(2023, 4), 10)
	if r2023.ChangeOK || r2023.Items[0].ChangeOK {
		t.Errorf("2023 has no year before: %+v", r2023)
	}
}

func TestTopCommoditiesAndPeriods(t *testing.T) {
	rows := sampleRows(t)
	ytd := TopCommodities(rows, YearToDate(2024, 4), 3)
	if len(ytd.Items) != 3 || ytd.Items[0].Key != "1511" || ytd.Items[0].Name != "Minyak kelapa sawit" {
		t.Errorf("%+v", ytd.Items)
	}
	year := TopCommodities(rows, YearPeriod(2024), 10)
	if len(year.Items) != 8 { // eight named commodities; "Lainnya" is in the rest
		t.Errorf("%d items", len(year.Items))
	}
	sum := year.Rest.ValueUSD
	for _, it := range year.Items {
		sum += it.ValueUSD
	}
	if !near(sum, year.TotalUSD, 0.1) {
		t.Errorf("items and rest %v, total %v", sum, year.TotalUSD)
	}
	// Labels.
	for got, want := range map[string]string{
		MonthPeriod(2024, 8).Label("id"): "Agu 2024", MonthPeriod(2024, 8).Label("en"): "Aug 2024",
		YearToDate(2024, 4).Label("id"): "Jan–Apr 2024", YearPeriod(2024).Label("en"): "2024",
		(Period{YearMonth{2023, 11}, YearMonth{2024, 2}}).Label("id"): "Nov 2023–Feb 2024",
		YearMonth{2024, 5}.String():                                   "2024-05",
	} {
		if got != want {
			t.Errorf("%q, want %q", got, want)
		}
	}
	// A whole-year figure is in a period only when the period covers its year.
	annual := Row{Year: 2024, Month: 0}
	if !YearPeriod(2024).Contains(annual) || YearToDate(2024, 6).Contains(annual) {
		t.Error("annual rows")
	}
	from, to, ok := Span(rows)
	if !ok || from != (YearMonth{2023, 1}) || to != (YearMonth{2024, 12}) {
		t.Errorf("span %v %v", from, to)
	}
}

func TestChartJSON(t *testing.T) {
	rows := sampleRows(t)
	var y2024 []Row
	for _, r := range rows {
		if r.Year == 2024 && r.HSCode == "0901" {
			y2024 = append(y2024, r)
		}
	}
	// Coffee by destination, Jan 2024 … Feb 2025: the last two months are gaps.
	c := MonthlyChart(MonthlyByDestination(y2024), YearMonth{2024, 1}, YearMonth{2025, 2}, "id")
	if len(c.Labels) != 14 || c.Labels[7] != "Agu 2024" || len(c.Datasets) != 5 || c.Divisor != 1e6 || c.UnitLabel != "juta US$" {
		t.Fatalf("%+v", c)
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !strings.Contains(s, `"locale":"id"`) || !strings.Contains(s, `,null,null]`) || strings.Contains(s, "NaN") {
		t.Errorf("%s", s)
	}
	var back struct {
		Labels   []string `json:"labels"`
		Datasets []struct {
			Name   string     `json:"name"`
			Values []*float64 `json:"values"`
		} `json:"datasets"`
	}
	if err := json.Unmarshal(b, &back); err != nil || back.Datasets[0].Values[13] != nil || *back.Datasets[0].Values[0] <= 0 {
		t.Errorf("%v %+v", err, back)
	}
	r := RankingChart(TopDestinations(rows, MonthPeriod(2024, 4), 10), "bar", "Lainnya", "id")
	if !r.Horizontal || !r.RestLast || len(r.Labels) != 11 || r.Labels[10] != "Lainnya" || r.Datasets[0].Name != "Apr 2024" {
		t.Errorf("%+v", r)
	}
	if math.IsNaN(float64(r.Datasets[0].Values[0])) {
		t.Error("NaN in ranking")
	}
}
