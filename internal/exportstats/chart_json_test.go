package exportstats

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
)

// reflectedChart has Chart's fields and tags without its MarshalJSON:
// what encoding/json writes through reflection.
type reflectedChart Chart

func TestChartJSONAsReflected(t *testing.T) {
	var charts []Chart
	for _, f := range sampleFigures(t) {
		for _, lang := range []string{"id", "en"} {
			charts = append(charts,
				MonthlyChart([]Series{TotalSeries(f.Monthly, "Semua")}, f.From, f.To, lang),
				MonthlyChart(f.CommodityTime, f.From, f.To, lang),
				MonthlyChart(f.DestTime, f.From, f.To, lang),
				RankingChart(f.Year, "bar", "Lainnya", lang),
				RankingChart(f.DestYear, "doughnut", "Rest", lang))
		}
	}
	hostile := []string{"", "Kopi", `a "quote" \ back`, "<script>&amp;</script>", "\x00\x01\b\f\n\r\t\x1f", "é ☕ 日本",
		"\u2028\u2029", "bad \xff\xfe utf-8", "</script><!--"}
	r := rand.New(rand.NewPCG(1, 2))
	pick := func() string { return hostile[r.IntN(len(hostile))] }
	nums := []Num{0, Num(math.Copysign(0, -1)), 1.5, -2e-9, 1e21, 123456789.125, Num(math.NaN()), Num(math.Inf(1)), 3e-7}
	for range 300 {
		c := Chart{Type: pick(), Title: pick(), Unit: pick(), UnitLabel: pick(), Locale: pick(), LabelHeader: pick(),
			Decimals: r.IntN(5) - 2, Horizontal: r.IntN(2) == 0, Stacked: r.IntN(2) == 0, RestLast: r.IntN(2) == 0}
		c.Divisor = []float64{0, 1, 1e6, 1e-7, 2.5e21, -3}[r.IntN(6)]
		if r.IntN(4) > 0 {
			c.Labels = []string{}
			for range r.IntN(4) {
				c.Labels = append(c.Labels, pick())
			}
		}
		if r.IntN(4) > 0 {
			c.Datasets = []Dataset{}
			for range r.IntN(3) {
				d := Dataset{Name: pick(), Other: r.IntN(2) == 0}
				if r.IntN(4) > 0 {
					d.Values = []Num{}
					for range r.IntN(5) {
						d.Values = append(d.Values, nums[r.IntN(len(nums))])
					}
				}
				c.Datasets = append(c.Datasets, d)
			}
		}
		charts = append(charts, c)
	}
	for i, c := range charts {
		want, err := json.Marshal(reflectedChart(c))
		if err != nil {
			t.Fatal(err)
		}
		// AppendJSON itself: json.Marshal would tidy a Marshaler's output
		// (its HTML escaping again) and hide a difference.
		got, err := c.AppendJSON(nil)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("chart %d:\n got %s\nwant %s", i, got, want)
		}
		if m, err := json.Marshal(c); err != nil || !bytes.Equal(m, want) {
			t.Fatalf("chart %d marshalled: %s %v", i, m, err)
		}
	}
	if _, err := json.Marshal(Chart{Divisor: math.NaN()}); err == nil {
		t.Error("a NaN divisor marshalled")
	}
}
