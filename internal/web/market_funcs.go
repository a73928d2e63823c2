package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/exportstats"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// requirementListView feeds the "requirement-list" partial.
type requirementListView struct {
	P     *Page
	Items []market.Requirement
}

// hsDescView feeds the "hs-desc" partial: an HS description, in English.
type hsDescView struct {
	P    *Page
	Text string
}

// statRankingView feeds the "stat-ranking" partial.
type statRankingView struct {
	P      *Page
	R      exportstats.Ranking
	ID     string
	Header string // the message key of the item column
}

// marketFuncs are the template functions of the market and statistics pages.
func marketFuncs() template.FuncMap {
	return template.FuncMap{
		"msg":         messageText,
		"countryName": countryName,
		"usdAmount":   usdAmount,
		"factorRaw":   factorRaw,
		"untapped":    untapped,
		"hsName": func(code string) string {
			if c, ok := refdata.DefaultHSIndex().ByCode(code); ok {
				return c.DescriptionEN
			}
			return ""
		},
		"hsDesc": func(p *Page, text string) hsDescView { return hsDescView{P: p, Text: text} },
		"reqList": func(p *Page, items []market.Requirement) requirementListView {
			return requirementListView{P: p, Items: items}
		},
		"gapAction": gapAction,
		"join":      func(list []string, sep string) string { return strings.Join(list, sep) },
		"hasCert": func(list []siapekspor.CertificateType, t siapekspor.CertificateType) bool {
			for _, x := range list {
				if x == t {
					return true
				}
			}
			return false
		},
		"list":     func(items ...string) []string { return items },
		"hostOf":   hostOf,
		"weightOf": func(w market.Weights, id market.FactorID) float64 { return w.Of(id) },
		"statRank": func(p *Page, r exportstats.Ranking, id, header string) statRankingView {
			return statRankingView{P: p, R: r, ID: id, Header: header}
		},
		"mul100":          func(v float64) float64 { return v * 100 },
		"statRankingRows": statRankingRows,
		"statMonthRows":   statMonthRows,
		"periodLabel":     periodLabel,
		"restrictionsFor": market.Restrictions,
	}
}

// messageText renders a market message (a *market.Message or a
// market.Message) in the page's language.
func messageText(p i18n.Printer, m any) string {
	switch v := m.(type) {
	case *market.Message:
		if v == nil {
			return ""
		}
		return p.T(v.Key, v.Args...)
	case market.Message:
		return p.T(v.Key, v.Args...)
	}
	return ""
}

// usdAmount writes a dollar figure the way BPS releases do: US$ 4,5 juta,
// US$ 1,23 miliar (US$ 4.5 million in English). It takes a float64 or a
// *float64 (nil: unknown, "—").
func usdAmount(p i18n.Printer, v any) string {
	var x float64
	switch n := v.(type) {
	case float64:
		x = n
	case *float64:
		if n == nil {
			return "—"
		}
		x = *n
	case int64:
		x = float64(n)
	case int:
		x = float64(n)
	default:
		return "—"
	}
	scale, unit := 1.0, ""
	switch a := math.Abs(x); {
	case a >= 1e9:
		scale, unit = 1e9, "market.money.billion"
	case a >= 1e6:
		scale, unit = 1e6, "market.money.million"
	case a >= 1e3:
		scale, unit = 1e3, "market.money.thousand"
	}
	y := x / scale
	if unit == "" {
		return "US$ " + p.Num(int64(math.Round(x)))
	}
	// Three significant figures are what a room of owners can hold.
	switch a := math.Abs(y); {
	case a >= 100:
		y = math.Round(y)
	case a >= 10:
		y = math.Round(y*10) / 10
	default:
		y = math.Round(y*100) / 100
	}
	return "US$ " + p.Dec(y) + " " + p.T(unit)
}

// untapped is a destination's unrealised potential: the dollars Indonesia
// would add at its world market share, or, where it already sells more,
// how many times its world share it reaches there.
func untapped(p i18n.Printer, r market.Result) string {
	switch {
	case r.UnrealisedUSD == nil:
		return "—"
	case *r.UnrealisedUSD > 0 || r.ShareRatio == nil:
		return usdAmount(p, *r.UnrealisedUSD)
	}
	if x := *r.ShareRatio; x >= 10 {
		return p.T("market.above_par", p.Num(int64(math.Round(x))))
	}
	return p.T("market.above_par", p.Dec1(*r.ShareRatio))
}

// factorRaw is a factor's value with its unit.
func factorRaw(p i18n.Printer, f market.Factor) string {
	switch f.Unit {
	case "usd":
		return usdAmount(p, f.Raw)
	case "tonnes":
		return p.Num(int64(math.Round(f.Raw))) + " " + p.T("market.unit.tonnes")
	case "pct_year":
		s := p.Dec1(f.Raw)
		if f.Raw > 0 {
			s = "+" + s
		}
		return s + p.T("market.unit.pct_year")
	case "km":
		return p.Num(int64(math.Round(f.Raw))) + " " + p.T("market.unit.km")
	case "pct":
		return p.Dec1(f.Raw) + p.T("market.unit.pct")
	case "requirements":
		return p.Num(int64(f.Raw)) + " " + p.T("market.unit.requirements")
	}
	return p.Dec(f.Raw)
}

// gapAction is one step to close a gap, in the page's language; dates in
// its arguments are written out.
func gapAction(p *Page, a market.Action) string {
	args := make([]any, len(a.Args))
	for i, v := range a.Args {
		args[i] = v
		if s, ok := v.(string); ok && len(s) == 10 {
			if t, err := time.Parse(time.DateOnly, s); err == nil {
				args[i] = p.P.Date(t)
			}
		}
	}
	text := p.P.T(a.Key, args...)
	switch {
	case a.Key == "market.action.obtain" && a.CertificateType != "":
		text += " " + p.P.Choice("cert", a.CertificateType)
	case a.TextID != "" || a.TextEN != "":
		own := a.TextID
		if p.Lang == i18n.EN && a.TextEN != "" || own == "" {
			own = a.TextEN
		}
		text += " " + own
	}
	return text
}

// periodLabel writes a stored table's months (YYYY-MM) the way its page
// does: "Jan–Des 2024", "Nov 2023–Feb 2024".
func periodLabel(l i18n.Lang, from, to string) string {
	var p exportstats.Period
	if _, err := fmt.Sscanf(from, "%d-%d", &p.From.Year, &p.From.Month); err != nil {
		return from + "–" + to
	}
	if _, err := fmt.Sscanf(to, "%d-%d", &p.To.Year, &p.To.Month); err != nil {
		return from + "–" + to
	}
	return p.Label(string(l))
}
