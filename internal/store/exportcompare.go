package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/exportcompare"
	"github.com/siapekspor/siapekspor/internal/exportstats"
)

// ExportComparison sets the realised export records in the actor's scope
// beside the BPS tables loaded for a province ("" for every table) over a
// filter's months (issue 18 item 5): the records summed by month, HS code
// and destination in one query, BPS's values from the cells stored with
// each table, summed by table and month, by destination and by commodity,
// and exportcompare.Compare does the rest. The records are read as they
// are, through their date index. The monthly report may call it too.
func (db *DB) ExportComparison(ctx context.Context, province string, f exportcompare.Filter) (*exportcompare.Comparison, error) {
	loads, tables, err := db.compareLoads(ctx, province, f.Load)
	if err != nil {
		return nil, err
	}
	groups := takeStatGroups()
	defer statGroupPool.Put(groups) // Compare keeps nothing of the cells
	monthly, byDest, byComm, err := db.statCells(ctx, tables, f, groups)
	if err != nil {
		return nil, err
	}
	records, err := db.recordCells(ctx, f)
	if err != nil {
		return nil, err
	}
	c := exportcompare.Compare(f, loads, monthly, byDest, byComm, records)
	return &c, nil
}

// statGroups are statCells' three groupings. Each keeps its cells in the
// order first seen, and where each key's cell is: keyed by the table, the
// month and the strings that tell its cells apart (hashing whole cells
// cost as much as decoding them). A view of one year groups some 3,000
// cells, 150 kB of maps and arrays grown per request (issue 16 item 3):
// they are kept in a pool and emptied when taken.
type statGroups struct {
	month, dest, comm statGrouping
}

type statGrouping struct {
	at    map[statKey]int
	cells []exportcompare.StatCell
}

type statKey struct {
	load  int64
	month exportcompare.YearMonth
	hs    string
	name  string // the destination or the commodity
	other bool
}

var statGroupPool sync.Pool

func takeStatGroups() *statGroups {
	g, _ := statGroupPool.Get().(*statGroups)
	if g == nil {
		g = &statGroups{}
	}
	for _, x := range []*statGrouping{&g.month, &g.dest, &g.comm} {
		if x.at == nil {
			x.at = map[statKey]int{}
		}
		clear(x.at)
		clear(x.cells) // no strings of the last view held
		x.cells = x.cells[:0]
	}
	return g
}

// compareLoads lists the province's tables that give values, and the
// stored cells of those the filter compares (all, or the one its "load"
// names); one asked for that is not among them is a problem of the
// filter's "load".
func (db *DB) compareLoads(ctx context.Context, province string, only int64) ([]exportcompare.Load, []statTable, error) {
	w := &where{}
	if province != "" {
		w.add("province_code = ?", province)
	}
	rows, err := db.readQuery(ctx, `SELECT id, title, file_name, synthetic, has_commodity, has_destination, province_code, compare_cells
		FROM export_stat_loads`+w.sql()+` ORDER BY id`, w.args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out []exportcompare.Load
	var tables []statTable
	found := only == 0
	for rows.Next() {
		var l exportcompare.Load
		var file string
		var t statTable
		if err := rows.Scan(&l.ID, &l.Title, &file, &l.Synthetic, &l.HasCommodity, &l.HasDestination, &t.province, &t.cells); err != nil {
			return nil, nil, err
		}
		if l.Title == "" || strings.HasPrefix(l.Title, "#") { // a comment line above the header, not a title
			l.Title = file
		}
		found = found || l.ID == only
		out = append(out, l)
		if only == 0 || l.ID == only {
			t.id = l.ID
			tables = append(tables, t)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	if !found {
		return nil, nil, siapekspor.FieldInvalid("load", "compare.load_unknown", strconv.FormatInt(only, 10))
	}
	return out, tables, nil
}

// statTable is a BPS table's cells as stored (compare_cells).
type statTable struct {
	id              int64
	province, cells string
}

// statCells sums BPS's monthly values within the filter's months,
// destination and HS chapter (finer and broader codes of the chapter both
// come: Compare tells them apart) three ways: by table and month (and HS
// code when the filter names one), by destination and by commodity. Each
// table's values are read from the cells stored with it
// (export_stat_loads.compare_cells), one text a table, not from its rows.
// Figures of whole years and rows without a value (a table of weights)
// are not among them.
func (db *DB) statCells(ctx context.Context, tables []statTable, f exportcompare.Filter, groups *statGroups) (monthly, byDest, byComm []exportcompare.StatCell, err error) {
	from, to := f.From.Year*100+f.From.Month, f.To.Year*100+f.To.Month
	chapter := ""
	if f.HS != "" {
		chapter = f.HS[:2]
	}
	keep := func(c *exportcompare.StatCell) bool {
		ym := c.Period.Year*100 + c.Period.Month
		return ym >= from && ym <= to && (f.Destination == "" || c.Destination == f.Destination) && strings.HasPrefix(c.HS, chapter)
	}
	// add adds v to the cell of k, which starts as cell.
	add := func(g *statGrouping, k statKey, cell exportcompare.StatCell, v float64) {
		i, ok := g.at[k]
		if !ok {
			i = len(g.cells)
			g.at[k] = i
			g.cells = append(g.cells, cell)
		}
		g.cells[i].ValueUSD += v
	}
	month, dest, comm := &groups.month, &groups.dest, &groups.comm
	sum := func(c *exportcompare.StatCell) {
		if !keep(c) {
			return
		}
		hs := ""
		if f.HS != "" {
			hs = c.HS
		}
		at := exportcompare.StatCell{Load: c.Load, Period: c.Period, HS: hs}
		add(month, statKey{load: c.Load, month: c.Period, hs: hs}, at, c.ValueUSD)
		d := at
		d.Destination, d.OtherDest = c.Destination, c.OtherDest
		add(dest, statKey{load: c.Load, month: c.Period, hs: hs, name: c.Destination, other: c.OtherDest}, d, c.ValueUSD)
		k := exportcompare.StatCell{Load: c.Load, Period: c.Period, HS: c.HS, Commodity: c.Commodity, OtherCommodity: c.OtherCommodity}
		add(comm, statKey{load: c.Load, month: c.Period, hs: c.HS, name: c.Commodity, other: c.OtherCommodity}, k, c.ValueUSD)
	}
	for _, t := range tables {
		err := exportcompare.DecodeStatCells(t.cells, t.id, sum)
		if errors.Is(err, exportcompare.ErrCellsFormat) {
			// Damaged, or written by another release (nothing was summed
			// from it): from the rows.
			var rows []exportstats.Row
			if rows, err = statRows(ctx, db.readQuery, t.id); err == nil {
				err = exportcompare.DecodeStatCells(compareCells(rows, t.province), t.id, sum)
			}
		}
		if err != nil {
			return nil, nil, nil, err
		}
	}
	return month.cells, dest.cells, comm.cells, nil
}

// recordCells sums the records in the actor's scope by month, HS code and
// destination. The rows are summed here, in the order of their date index,
// rather than by a GROUP BY that sorts them first; the cells come out in
// the order of month, HS code and destination.
func (db *DB) recordCells(ctx context.Context, f exportcompare.Filter) ([]exportcompare.RecordCell, error) {
	w := exportWhere(ctx, ExportFilter{RegencyCode: f.RegencyCode, Destination: f.Destination, HS: f.HS, From: f.From.String(), To: f.To.String()})
	// The enterprise for the scope and the regency; not the product.
	rows, err := db.readQuery(ctx, `SELECT x.export_date, x.hs_code, x.destination, x.value_usd_cents, x.value_idr
		FROM export_records x JOIN enterprises e ON e.id = +x.enterprise_id`+w.sql(), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type key struct {
		month           exportcompare.YearMonth
		hs, destination string
	}
	at := map[key]int{}
	var out []exportcompare.RecordCell
	var date []byte
	for rows.Next() {
		var k key
		var usd, idr int64
		if err := rows.Scan(&date, &k.hs, &k.destination, &usd, &idr); err != nil {
			return nil, err
		}
		m, ok := exportcompare.ParseMonth(string(date[:min(len(date), 7)]))
		if !ok {
			continue
		}
		k.month = m
		i, seen := at[k]
		if !seen {
			i = len(out)
			at[k] = i
			out = append(out, exportcompare.RecordCell{Period: m, HS: k.hs, Destination: k.destination})
		}
		c := &out[i]
		c.Records++
		c.USDCents += usd
		c.IDR += idr
	}
	slices.SortFunc(out, func(a, b exportcompare.RecordCell) int {
		return cmp.Or(cmp.Compare(a.Period.Year, b.Period.Year), cmp.Compare(a.Period.Month, b.Period.Month),
			strings.Compare(a.HS, b.HS), strings.Compare(a.Destination, b.Destination))
	})
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
