package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/exportcompare"
)

// ExportComparison sets the realised export records in the actor's scope
// beside the BPS tables loaded for a province ("" for every table) over a
// filter's months (issue 18 item 5): the records summed by month, HS code
// and destination in one query, BPS's rows read once and summed by table
// and month, by destination and by commodity, and exportcompare.Compare
// does the rest. Nothing is precomputed: both tables are read as they are, the
// records through their date index. The monthly report may call it too.
func (db *DB) ExportComparison(ctx context.Context, province string, f exportcompare.Filter) (*exportcompare.Comparison, error) {
	loads, err := db.compareLoads(ctx, province, f.Load)
	if err != nil {
		return nil, err
	}
	var monthly, byDest, byComm []exportcompare.StatCell
	if len(loads) > 0 {
		if monthly, byDest, byComm, err = db.statCells(ctx, province, f); err != nil {
			return nil, err
		}
	}
	records, err := db.recordCells(ctx, f)
	if err != nil {
		return nil, err
	}
	c := exportcompare.Compare(f, loads, monthly, byDest, byComm, records)
	return &c, nil
}

// compareLoads lists the province's tables that give values; one asked
// for that is not among them is a problem of the filter's "load".
func (db *DB) compareLoads(ctx context.Context, province string, only int64) ([]exportcompare.Load, error) {
	w := &where{}
	if province != "" {
		w.add("province_code = ?", province)
	}
	rows, err := db.readQuery(ctx, `SELECT id, title, file_name, synthetic, has_commodity, has_destination FROM export_stat_loads`+w.sql()+` ORDER BY id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []exportcompare.Load
	found := only == 0
	for rows.Next() {
		var l exportcompare.Load
		var file string
		if err := rows.Scan(&l.ID, &l.Title, &file, &l.Synthetic, &l.HasCommodity, &l.HasDestination); err != nil {
			return nil, err
		}
		if l.Title == "" || strings.HasPrefix(l.Title, "#") { // a comment line above the header, not a title
			l.Title = file
		}
		found = found || l.ID == only
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if !found {
		return nil, siapekspor.FieldInvalid("load", "compare.load_unknown", strconv.FormatInt(only, 10))
	}
	return out, nil
}

// statCells sums BPS's monthly values within the filter's months,
// destination and HS chapter (finer and broader codes of the chapter both
// come: Compare tells them apart) three ways, by table and month (and HS
// code when the filter names one), by destination and by commodity. The
// rows are read once and summed here: three GROUP BY queries read every
// row three times and sorted each time. Rows without a value (a table of
// weights) and figures of whole years are left out.
func (db *DB) statCells(ctx context.Context, province string, f exportcompare.Filter) (monthly, byDest, byComm []exportcompare.StatCell, err error) {
	w := &where{}
	w.add("month > 0 AND value_usd IS NOT NULL")
	// The years' range as its own condition, so that the rows are found
	// through the index on (load_id, year, month), table by table.
	w.add("year BETWEEN ? AND ?", f.From.Year, f.To.Year)
	w.add("year * 100 + month BETWEEN ? AND ?", f.From.Year*100+f.From.Month, f.To.Year*100+f.To.Month)
	switch {
	case f.Load != 0:
		w.add("load_id = ?", f.Load)
	case province != "":
		w.add("load_id IN (SELECT id FROM export_stat_loads WHERE province_code = ?)", province)
	}
	if province != "" { // a table's rows of another province, should one hold any
		w.add("province_code = ?", province)
	}
	if f.Destination != "" {
		w.add("destination = ?", f.Destination)
	}
	if f.HS != "" {
		w.add("hs LIKE ?", f.HS[:2]+"%")
	}
	rows, err := db.readQuery(ctx, `SELECT load_id, year, month, hs, commodity, other_commodity, destination, other_destination, value_usd
		FROM export_stats`+w.sql(), w.args...)
	if err != nil {
		return nil, nil, nil, err
	}
	defer rows.Close()
	// Each grouping keeps its cells in the order first seen, and where
	// each key's cell is.
	type grouping struct {
		at    map[exportcompare.StatCell]int
		cells []exportcompare.StatCell
	}
	add := func(g *grouping, key exportcompare.StatCell, v float64) {
		i, ok := g.at[key]
		if !ok {
			i = len(g.cells)
			g.at[key] = i
			g.cells = append(g.cells, key)
		}
		g.cells[i].ValueUSD += v
	}
	month := grouping{at: map[exportcompare.StatCell]int{}}
	dest := grouping{at: map[exportcompare.StatCell]int{}}
	comm := grouping{at: map[exportcompare.StatCell]int{}}
	for rows.Next() {
		var c exportcompare.StatCell
		var v float64
		if err := rows.Scan(&c.Load, &c.Period.Year, &c.Period.Month, &c.HS, &c.Commodity, &c.OtherCommodity, &c.Destination, &c.OtherDest, &v); err != nil {
			return nil, nil, nil, err
		}
		byHS := exportcompare.StatCell{Load: c.Load, Period: c.Period}
		if f.HS != "" {
			byHS.HS = c.HS
		}
		add(&month, byHS, v)
		d := byHS
		d.Destination, d.OtherDest = c.Destination, c.OtherDest
		add(&dest, d, v)
		k := exportcompare.StatCell{Load: c.Load, Period: c.Period, HS: c.HS, Commodity: c.Commodity, OtherCommodity: c.OtherCommodity}
		add(&comm, k, v)
	}
	return month.cells, dest.cells, comm.cells, rows.Err()
}

// recordCells sums the records in the actor's scope by month, HS code and
// destination.
func (db *DB) recordCells(ctx context.Context, f exportcompare.Filter) ([]exportcompare.RecordCell, error) {
	w := exportWhere(ctx, ExportFilter{RegencyCode: f.RegencyCode, Destination: f.Destination, HS: f.HS, From: f.From.String(), To: f.To.String()})
	rows, err := db.readQuery(ctx, `SELECT SUBSTR(x.export_date, 1, 7), x.hs_code, x.destination, COUNT(*),
		CAST(SUM(x.value_usd_cents) AS BIGINT), CAST(SUM(x.value_idr) AS BIGINT) `+exportRecordFrom+w.sql()+` GROUP BY 1, 2, 3`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []exportcompare.RecordCell
	for rows.Next() {
		var c exportcompare.RecordCell
		var month string
		if err := rows.Scan(&month, &c.HS, &c.Destination, &c.Records, &c.USDCents, &c.IDR); err != nil {
			return nil, err
		}
		m, ok := exportcompare.ParseMonth(month)
		if !ok {
			continue
		}
		c.Period = m
		out = append(out, c)
	}
	return out, rows.Err()
}

// ExportComparisonYear is the year a comparison shows by default: the
// latest year the province's BPS tables reach (what can be compared),
// else this year.
func (db *DB) ExportComparisonYear(ctx context.Context, province string) (int, error) {
	w := &where{}
	if province != "" {
		w.add("province_code = ?", province)
	}
	var to sql.NullString
	if err := db.readQueryRow(ctx, `SELECT MAX(period_to) FROM export_stat_loads`+w.sql(), w.args...).Scan(&to); err != nil {
		return 0, err
	}
	if m, ok := exportcompare.ParseMonth(to.String); ok && to.Valid {
		return m.Year, nil
	}
	return db.now().Year(), nil
}
