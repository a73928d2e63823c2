package exportstats

// FiguresVersion numbers how Figures are computed: figures stored by a
// release with another number are computed again from the rows.
const FiguresVersion = 1

// Figures are what a table's statistics page shows, in no language:
// computed once from the rows when a table is stored (and for older tables
// when the database is migrated), so a view reads these instead of reading
// and summing every row again (issue 16 item 3).
type Figures struct {
	Version int       `json:"version"`
	From    YearMonth `json:"from"`
	To      YearMonth `json:"to"`
	// Monthly is the total by month (MonthlyTotal).
	Monthly []Point `json:"monthly"`
	// Month ranks the commodities of the latest month against the same
	// month a year before; Year those of the year to date.
	Month Ranking `json:"month"`
	Year  Ranking `json:"year"`
	// DestYear ranks the destinations of the year to date (tables by
	// destination only).
	DestYear Ranking `json:"dest_year"`
	// CommodityTime and DestTime are the five largest commodities and
	// destinations by month and the rest, which is unnamed (TopSeries with
	// restName ""): the page names it, and the countries, in its language.
	CommodityTime []Series `json:"commodity_time,omitempty"`
	DestTime      []Series `json:"dest_time,omitempty"`
}

// PageFigures computes a table's Figures from its rows; ok is false when
// the rows have no figures at all.
func PageFigures(rows []Row, hasCommodity, hasDestination bool) (f Figures, ok bool) {
	from, to, ok := Span(rows)
	if !ok {
		return Figures{}, false
	}
	f = Figures{Version: FiguresVersion, From: from, To: to, Monthly: MonthlyTotal(rows)}
	ytd := YearToDate(to.Year, to.Month)
	f.Month = TopCommodities(rows, MonthPeriod(to.Year, to.Month), 10)
	f.Year = TopCommodities(rows, ytd, 10)
	if hasCommodity {
		f.CommodityTime = TopSeries(MonthlyByCommodity(rows), 5, "")
	}
	if hasDestination {
		f.DestYear = TopDestinations(rows, ytd, 10)
		f.DestTime = TopSeries(MonthlyByDestination(rows), 5, "")
	}
	return f, true
}
