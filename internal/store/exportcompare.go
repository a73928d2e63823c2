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
// and destination in one query, BPS's rows summed by table and month (and
// by destination, by commodity) in three, and exportcompare.Compare does
// the rest. Nothing is precomputed: both tables are read as they are, the
// records through their date index. The monthly report may call it too.
func (db *DB) ExportComparison(ctx context.Context, province string, f exportcompare.Filter) (*exportcompare.Comparison, error) {
	loads, err := db.compareLoads(ctx, province, f.Load)
	if err != nil {
		return nil, err
	}
	var monthly, byDest, byComm []exportcompare.StatCell
	if len(loads) > 0 {
		hs := ""
		if f.HS != "" {
			hs = "hs"
		}
		if monthly, err = db.statCells(ctx, province, f, hs); err != nil {
			return nil, err
		}
		if byDest, err = db.statCells(ctx, province, f, hs, "destination", "other_destination"); err != nil {
			return nil, err
		}
		if byComm, err = db.statCells(ctx, province, f, "hs", "commodity", "other_commodity"); err != nil {
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

// statCells sums BPS's monthly values by table, month and the columns
// given, within the filter's months, destination and HS chapter (finer
// and broader codes of the chapter both come: Compare tells them apart).
// Rows without a value (a table of weights) and figures of whole years
// are left out.
func (db *DB) statCells(ctx context.Context, province string, f exportcompare.Filter, cols ...string) ([]exportcompare.StatCell, error) {
	w := &where{}
	w.add("s.month > 0 AND s.value_usd IS NOT NULL")
	w.add("s.year * 100 + s.month BETWEEN ? AND ?", f.From.Year*100+f.From.Month, f.To.Year*100+f.To.Month)
	if province != "" {
		w.add("s.province_code = ?", province)
	}
	if f.Load != 0 {
		w.add("s.load_id = ?", f.Load)
	}
	if f.Destination != "" {
		w.add("s.destination = ?", f.Destination)
	}
	if f.HS != "" {
		w.add("s.hs LIKE ?", f.HS[:2]+"%")
	}
	group := "s.load_id, s.year, s.month"
	has := map[string]bool{}
	for _, c := range cols {
		if c != "" {
			group += ", s." + c
			has[c] = true
		}
	}
	rows, err := db.readQuery(ctx, `SELECT `+group+`, SUM(s.value_usd) FROM export_stats s`+w.sql()+` GROUP BY `+group, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []exportcompare.StatCell
	for rows.Next() {
		var c exportcompare.StatCell
		dst := []any{&c.Load, &c.Period.Year, &c.Period.Month}
		for _, col := range cols {
			switch col {
			case "hs":
				dst = append(dst, &c.HS)
			case "commodity":
				dst = append(dst, &c.Commodity)
			case "other_commodity":
				dst = append(dst, &c.OtherCommodity)
			case "destination":
				dst = append(dst, &c.Destination)
			case "other_destination":
				dst = append(dst, &c.OtherDest)
			}
		}
		if err := rows.Scan(append(dst, &c.ValueUSD)...); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
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
