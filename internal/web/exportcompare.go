package web

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/exportcompare"
	"github.com/siapekspor/siapekspor/internal/exportstats"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
)

// Exports seen two ways (issue 18 item 5): the realised export records in
// the reader's scope beside BPS's statistics, by month, destination and
// commodity, each records figure a link to the records behind it.

type compareData struct {
	F          exportcompare.Filter
	C          *exportcompare.Comparison
	MonthTable compareTable
	DestTable  compareTable
	CommTable  compareTable
	Dests      []compareRow
	Comms      []compareRow
	Loads      []store.StatLoad
	Regencies  []refdata.Region
	Countries  []refdata.Country
	Years      []int
	Year       int // the year selected when the period is one whole year
	Period     string
	Scoped     bool // the reader sees only some enterprises' records
	Downloads  map[string]string
	MonthsBPS  string
	BPSSources []string
}

// compareTable is one of the page's three tables.
type compareTable struct {
	P     *Page
	Head  string
	Rows  []compareRow
	Total *compareRow
}

// compareRow is a row as shown, its figures written in the page's language.
type compareRow struct {
	Label, Sub       string
	BPS, BPSNote     string
	RecUSD, RecIDR   string
	Records          string
	Share            string
	Link             string
	Over             bool // the records pass BPS's figure
	HasBPS, HasShare bool
}

// usdFloat writes a value in whole US dollars.
func usdFloat(p *Page, v float64) string {
	s := p.P.USD(int64(math.Round(v)) * 100)
	return s[:len(s)-3] // no cents: BPS rounds to the dollar
}

// sharePct writes a share as a percentage with the digits a small one
// needs: the records are often a hundredth of a percent of BPS's figure,
// which a whole percentage would show as 0.
func sharePct(p *Page, share float64) string {
	pct := share * 100
	digits := 1
	switch {
	case pct == 0:
		digits = 0
	case pct < 0.1:
		digits = 3
	case pct < 1:
		digits = 2
	}
	s := strconv.FormatFloat(pct, 'f', digits, 64)
	if p.Lang == i18n.ID {
		s = strings.ReplaceAll(s, ".", ",")
	}
	return s
}

func (h *Handlers) compareRow(p *Page, label, sub string, r exportcompare.Row) compareRow {
	v := compareRow{Label: label, Sub: sub, HasBPS: r.HasBPS, HasShare: r.HasShare, Records: p.P.Num(r.Records)}
	if r.HasBPS {
		v.BPS = usdFloat(p, r.BPSUSD)
		if r.BPSBroader != "" {
			v.BPSNote = p.P.T("compare.bps_broader", r.BPSBroader)
		}
	}
	v.RecUSD, v.RecIDR = p.P.USD(r.RecordsUSDCents), p.P.Rp(r.RecordsIDR)
	if r.HasShare {
		v.Share = p.P.T("compare.share_value", sharePct(p, r.Share))
		v.Over = r.Share > 1
	}
	if r.Link != "" {
		v.Link = "/exports?" + r.Link
	}
	return v
}

// ExportCompare shows the comparison; a filter that cannot be read is said
// field by field with 422, and the page shows nothing compared.
func (h *Handlers) ExportCompare(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := NewPage(r, "compare.title", "exports")
	status := http.StatusOK
	f, err := httpx.ParseComparison(ctx, h.Store, r.URL.Query(), h.Province)
	var c *exportcompare.Comparison
	if err == nil {
		c, err = h.Store.ExportComparison(ctx, h.Province, f)
	}
	if err != nil {
		de := httpx.DomainError(r, h.Log, err)
		if de.Code != siapekspor.EInvalid {
			h.R.Error(w, r, err)
			return
		}
		p.SetError(de)
		status = http.StatusUnprocessableEntity
	}
	// A provincial officer's scope is the province's: not a part of it.
	scope := siapekspor.ScopeOf(p.Actor)
	d := compareData{F: f, C: c, Countries: refdata.Countries(), Scoped: !scope.All && (scope.RegionCode == "" || scope.RegionCode != h.Province)}
	if h.Province != "" {
		d.Regencies = refdata.DefaultRegionIndex().Children(h.Province)
	}
	if d.Loads, err = h.Store.StatLoads(ctx); err != nil {
		h.R.Error(w, r, err)
		return
	}
	years := map[int]bool{}
	for _, l := range d.Loads {
		for _, s := range []string{l.From, l.To} {
			if m, ok := exportcompare.ParseMonth(s); ok {
				years[m.Year] = true
			}
		}
	}
	ys, err := h.Store.ExportYears(ctx)
	if err != nil {
		h.R.Error(w, r, err)
		return
	}
	for _, y := range ys {
		years[y] = true
	}
	for y := h.Store.Now().Year(); y >= 2000; y-- {
		if years[y] {
			d.Years = append(d.Years, y)
		}
	}
	if c != nil {
		lang := string(p.Lang)
		d.Period = exportstats.Period{From: f.From, To: f.To}.Label(lang)
		if f.From.Month == 1 && (f.To.Month == 12 || f.To == (exportcompare.YearMonth{Year: h.Store.Now().Year(), Month: int(h.Store.Now().Month())})) && f.From.Year == f.To.Year {
			d.Year = f.From.Year
		}
		d.MonthTable = compareTable{P: p, Head: p.P.T("compare.month")}
		for _, m := range c.Months {
			d.MonthTable.Rows = append(d.MonthTable.Rows, h.compareRow(p, m.Period.Label(lang), "", m))
		}
		total := h.compareRow(p, p.P.T("compare.total"), "", c.Total)
		d.MonthTable.Total = &total
		d.MonthsBPS = p.P.T("compare.months_with_bps", c.MonthsWithBPS, len(c.Months))
		for _, row := range c.ByDestination {
			label := exportstats.CountryName(row.Key, lang)
			sub := row.Key
			if row.Key == "~other" {
				label, sub = p.P.T("compare.bps_other_destinations"), ""
			}
			d.Dests = append(d.Dests, h.compareRow(p, label, sub, row))
		}
		for _, row := range c.ByCommodity {
			label, sub := row.Key, row.Name
			switch {
			case row.Key == "~other":
				label, sub = p.P.T("compare.bps_other_commodities"), ""
			case len(row.Key) > 5 && row.Key[:5] == "name:":
				label, sub = row.Name, p.P.T("compare.no_code")
			case sub == "":
				if code, ok := refdata.DefaultHSIndex().ByCode(row.Key); ok {
					sub = code.DescriptionEN
				}
			}
			d.Comms = append(d.Comms, h.compareRow(p, label, sub, row))
		}
		d.DestTable = compareTable{P: p, Head: p.P.T("label.destination"), Rows: d.Dests}
		d.CommTable = compareTable{P: p, Head: p.P.T("compare.commodity"), Rows: d.Comms}
		for _, l := range c.Loads {
			s := "#" + strconv.FormatInt(l.ID, 10) + " " + l.Title
			if l.Synthetic {
				s += " (" + p.P.T("exportstats.synthetic_short") + ")"
			}
			d.BPSSources = append(d.BPSSources, s)
		}
		q := f.Query()
		d.Downloads = map[string]string{"csv": "/exports/compare.csv?" + q.Encode(), "xlsx": "/exports/compare.xlsx?" + q.Encode(), "json": "/api/v1/exports/compare?" + q.Encode()}
	}
	p.Data = d
	h.R.Render(w, r, status, "export_compare", p)
}

// ExportCompareDownload downloads the comparison's three tables as CSV or
// XLSX; a filter that cannot be read is the page's 422.
func (h *Handlers) ExportCompareDownload(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := httpx.ParseComparison(ctx, h.Store, r.URL.Query(), h.Province)
	var c *exportcompare.Comparison
	if err == nil {
		c, err = h.Store.ExportComparison(ctx, h.Province, f)
	}
	if err != nil {
		if siapekspor.ErrorCodeOf(err) == siapekspor.EInvalid {
			u := *r.URL
			u.Path = "/exports/compare"
			r2 := r.Clone(ctx)
			r2.URL = &u
			h.ExportCompare(w, r2)
			return
		}
		h.R.Error(w, r, err)
		return
	}
	format, ok := h.download(w, r, "ekspor-banding-bps")
	if !ok {
		return
	}
	if err := bulk.WriteComparison(c, format, w); err != nil {
		h.Log.ErrorContext(ctx, "export comparison download", "err", err)
	}
}
