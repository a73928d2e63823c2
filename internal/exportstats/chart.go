package exportstats

import (
	"math"
	"sort"
)

// Chart is the JSON that static/charts.js draws. A page writes it into
// <script type="application/json" id="…">{{.Chart}}</script> (html/template
// marshals and escapes it there) and points a canvas at it:
//
//	<canvas hidden data-chart="line" data-series="exports-by-month"
//	        data-table="exports-by-month-table" aria-label="…"></canvas>
//
// charts.js un-hides the canvas only when it draws, so without JavaScript
// the page shows just its table.
type Chart struct {
	Type     string    `json:"type,omitempty"` // line, bar or doughnut; the canvas's data-chart wins
	Title    string    `json:"title,omitempty"`
	Labels   []string  `json:"labels"`
	Datasets []Dataset `json:"datasets"`
	// Unit is written after each figure in tooltips ("US$", "kg"); Divisor
	// divides the figures for the axis and tooltips (1e6 with UnitLabel
	// "juta US$" shows 302,77 juta US$); UnitLabel titles the value axis.
	Unit      string  `json:"unit,omitempty"`
	Divisor   float64 `json:"divisor,omitempty"`
	UnitLabel string  `json:"unit_label,omitempty"`
	Decimals  int     `json:"decimals,omitempty"` // digits after the decimal mark in tooltips (default 2)
	// Locale formats the numbers: "id" 1.234.567,89 or "en" 1,234,567.89.
	Locale     string `json:"locale"`
	Horizontal bool   `json:"horizontal,omitempty"` // bars drawn sideways (long labels, phones)
	Stacked    bool   `json:"stacked,omitempty"`
	// RestLast says the last label is "the rest" (Lainnya): drawn grey.
	RestLast bool `json:"rest_last,omitempty"`
	// LabelHeader heads the label column of the hidden table charts.js
	// writes when the page names no table of its own ("Bulan", "Negara").
	LabelHeader string `json:"label_header,omitempty"`
}

// Dataset is one series of a chart.
type Dataset struct {
	Name   string `json:"name"`
	Values []Num  `json:"values"` // one per label; NaN is a gap (null)
	Other  bool   `json:"other,omitempty"`
}

// Num is a chart figure; NaN is written as null (no figure that month).
type Num float64

// MarshalJSON writes null for NaN and infinities.
func (n Num) MarshalJSON() ([]byte, error) { return n.appendJSON(nil), nil }

// millions picks the divisor and unit label for US$ figures of this size.
func usdUnit(max float64, lang string) (float64, string) {
	switch {
	case max >= 1e9 && lang == "id":
		return 1e9, "miliar US$"
	case max >= 1e9:
		return 1e9, "US$ billion"
	case max >= 1e6 && lang == "id":
		return 1e6, "juta US$"
	case max >= 1e6:
		return 1e6, "US$ million"
	case max >= 1e4 && lang == "id":
		return 1e3, "ribu US$"
	case max >= 1e4:
		return 1e3, "US$ thousand"
	}
	return 1, "US$"
}

// MonthlyChart lays series out by month from..to (every month, gaps as
// null) for a line or bar chart of their value. lang is "id" or "en".
func MonthlyChart(series []Series, from, to YearMonth, lang string) Chart {
	if lang != "id" {
		lang = "en"
	}
	c := Chart{Type: "line", Unit: "US$", Locale: lang, Labels: []string{}, Datasets: []Dataset{}}
	n := to.index() - from.index() + 1
	if n <= 0 {
		return c
	}
	for i := 0; i < n; i++ {
		c.Labels = append(c.Labels, from.AddMonths(i).Label(lang))
	}
	peak := 0.0
	for _, s := range series {
		d := Dataset{Name: s.Name, Other: s.Other, Values: make([]Num, n)}
		for i := range d.Values {
			d.Values[i] = Num(math.NaN())
		}
		for _, p := range s.Points {
			if i := p.Period.index() - from.index(); i >= 0 && i < n {
				d.Values[i] = Num(p.ValueUSD)
				peak = math.Max(peak, p.ValueUSD)
			}
		}
		c.Datasets = append(c.Datasets, d)
	}
	c.Divisor, c.UnitLabel = usdUnit(peak, lang)
	return c
}

// TopSeries keeps the n largest series (as MonthlyByCommodity and
// MonthlyByDestination sort them) and adds up the others, the table's own
// "Lainnya" included, into one series named restName, so a chart over time
// shows a few lines and the rest rather than dozens.
func TopSeries(series []Series, n int, restName string) []Series {
	var out []Series
	rest := Series{Key: "~other", Name: restName, Other: true}
	at := map[int]*Point{}
	for _, s := range series {
		if !s.Other && len(out) < n {
			out = append(out, s)
			continue
		}
		rest.TotalUSD += s.TotalUSD
		for _, p := range s.Points {
			q, ok := at[p.Period.index()]
			if !ok {
				q = &Point{Period: p.Period}
				at[p.Period.index()] = q
			}
			q.ValueUSD += p.ValueUSD
			q.WeightKG += p.WeightKG
		}
	}
	if len(at) == 0 {
		return out
	}
	idx := make([]int, 0, len(at))
	for i := range at {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	for _, i := range idx {
		p := *at[i]
		p.ValueUSD, p.WeightKG = roundTo(p.ValueUSD, 2), roundTo(p.WeightKG, 3)
		rest.Points = append(rest.Points, p)
	}
	rest.TotalUSD = roundTo(rest.TotalUSD, 2)
	return append(out, rest)
}

// TotalSeries wraps MonthlyTotal's points as one series named name.
func TotalSeries(points []Point, name string) Series {
	s := Series{Name: name, Points: points}
	for _, p := range points {
		s.TotalUSD += p.ValueUSD
	}
	return s
}

// RankingChart is a ranking as horizontal bars (or, with typ "doughnut",
// shares), the rest last. restName names the rest ("Lainnya", "Others").
func RankingChart(r Ranking, typ, restName, lang string) Chart {
	if lang != "id" {
		lang = "en"
	}
	if typ == "" {
		typ = "bar"
	}
	c := Chart{Type: typ, Unit: "US$", Locale: lang, Horizontal: typ == "bar", Labels: []string{}}
	values := []Num{}
	peak := 0.0
	for _, it := range r.Items {
		name := it.Name
		if name == "" {
			name = it.Key
		}
		c.Labels = append(c.Labels, name)
		values = append(values, Num(it.ValueUSD))
		peak = math.Max(peak, it.ValueUSD)
	}
	if r.Rest.ValueUSD > 0 {
		c.Labels = append(c.Labels, restName)
		values = append(values, Num(r.Rest.ValueUSD))
		peak = math.Max(peak, r.Rest.ValueUSD)
		c.RestLast = true
	}
	c.Datasets = []Dataset{{Name: r.Period.Label(lang), Values: values}}
	c.Divisor, c.UnitLabel = usdUnit(peak, lang)
	return c
}
