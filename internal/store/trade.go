package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/trade"
)

// Trade data: flows are aggregated at load (internal/trade.Aggregator) into
// three tables per year; a later load of the same year replaces them.

// TradeLoad is one load of a trade file.
type TradeLoad struct {
	ID        int64         `json:"id"`
	Dataset   string        `json:"dataset"` // shipped, baci, comtrade
	Year      int           `json:"year"`
	Edition   trade.Edition `json:"edition"`
	FileName  string        `json:"file_name"`
	SHA256    string        `json:"sha256"`
	RowsRead  int64         `json:"rows_read"`
	Problems  int           `json:"problems"`
	Reporters []string      `json:"reporters,omitempty"` // Comtrade: the importers the load replaced
	LoadedAt  time.Time     `json:"loaded_at"`
	Actor     string        `json:"actor"`
	// Imports and Home: the rows the load stored.
	Imports int `json:"imports"`
	Home    int `json:"home_exports"`
}

// Trade datasets.
const (
	DatasetShipped  = "shipped"
	DatasetBACI     = "baci"
	DatasetComtrade = "comtrade"
)

const tradeVersionKey = "trade_version"

// ReplaceTrade stores the tables of a file's years in one transaction (all
// or none), one load per year from the template. A load of the whole world
// (shipped, BACI) replaces everything held for its year; a Comtrade
// extract replaces only the countries it reports (its importers, and the
// home country's exports when it holds its declarations).
func (db *DB) ReplaceTrade(ctx context.Context, template TradeLoad, tables []*trade.Tables) ([]TradeLoad, error) {
	a := siapekspor.ActorFrom(ctx)
	if !siapekspor.Can(a, siapekspor.PermTradeLoad) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	var loads []TradeLoad
	err := db.inBulkTx(ctx, func(tx *bulkTx) error {
		var partial []int
		for _, t := range tables {
			load := template
			growth := GrowthOf(t)
			if err := db.replaceTradeYear(ctx, tx, &load, t, growth); err != nil {
				return err
			}
			loads = append(loads, load)
			// The packed rows the ranking reads: a whole year's from the
			// rows just written, an extract's year from the tables (it
			// replaced some countries' rows among others').
			if load.Dataset == DatasetComtrade {
				partial = append(partial, t.Year)
			} else if err := db.packTables(ctx, tx, t, growth); err != nil {
				return err
			}
		}
		slices.Sort(partial)
		return db.packTrade(ctx, tx, slices.Compact(partial))
	})
	return loads, err
}

func (db *DB) replaceTradeYear(ctx context.Context, tx *bulkTx, load *TradeLoad, t *trade.Tables, growth map[string]map[string]market.Growth) error {
	a := siapekspor.ActorFrom(ctx)
	load.Year, load.Edition, load.Actor, load.Imports, load.Home = t.Year, t.Edition, a.Label, len(t.Imports), len(t.Home)
	if load.Dataset == DatasetComtrade {
		load.Reporters = t.Reporters
	}
	if err := db.clearTrade(ctx, tx, load, t); err != nil {
		return err
	}
	load.LoadedAt = db.now()
	if err := tx.QueryRowContext(ctx, `INSERT INTO trade_loads (dataset, year, edition, file_name, sha256, rows_read, problems, imports, home_rows, reporters, home_reported, loaded_at, actor)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`, load.Dataset, load.Year, string(load.Edition), load.FileName, load.SHA256,
		load.RowsRead, load.Problems, len(t.Imports), len(t.Home), strings.Join(load.Reporters, ","), t.HomeReported, load.LoadedAt, load.Actor).Scan(&load.ID); err != nil {
		return err
	}
	ed := string(t.Edition)
	err := db.bulkInsert(ctx, tx, "trade_imports", []string{"hs", "importer", "year", "edition", "value_usd", "partners", "growth_pct", "growth_years", "growth_cover", "load_id"},
		len(t.Imports), func(i int, dst []any) []any {
			r := t.Imports[i]
			var gp, gc any
			years := 0
			if g, ok := growth[r.HS][r.Importer]; ok {
				gp, gc, years = g.Pct, g.CoveragePct, g.Years
			}
			return append(dst, r.HS, r.Importer, t.Year, ed, r.ValueUSD, r.Partners, gp, years, gc, load.ID)
		})
	if err != nil {
		return fmt.Errorf("trade imports: %w", err)
	}
	err = db.bulkInsert(ctx, tx, "trade_home_exports", []string{"hs", "importer", "year", "edition", "value_usd", "qty_tonnes", "load_id"},
		len(t.Home), func(i int, dst []any) []any {
			r := t.Home[i]
			return append(dst, r.HS, r.Importer, t.Year, ed, r.ValueUSD, r.Tonnes, load.ID)
		})
	if err != nil {
		return fmt.Errorf("trade home exports: %w", err)
	}
	// A Comtrade extract of the home country's declarations knows its
	// exports to every country, not those countries' imports: their totals
	// keep their imports and take the new export figure.
	for _, r := range t.Totals {
		if _, err := tx.ExecContext(ctx, `INSERT INTO trade_country_totals (country, year, imports_all, home_exports_all, load_id)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (country, year) DO UPDATE SET
			imports_all = CASE WHEN $6 THEN excluded.imports_all ELSE trade_country_totals.imports_all END,
			home_exports_all = CASE WHEN $7 THEN excluded.home_exports_all ELSE trade_country_totals.home_exports_all END`,
			r.Country, t.Year, r.ImportsAll, r.HomeExports, load.ID, slices.Contains(t.Reporters, r.Country), t.HomeReported || slices.Contains(t.Reporters, r.Country)); err != nil {
			return err
		}
	}
	return db.audit(ctx, tx, "import", "trade", load.ID, nil, map[string]any{"dataset": load.Dataset, "year": t.Year, "file": load.FileName,
		"imports": len(t.Imports), "home_exports": len(t.Home), "reporters": len(t.Reporters)})
}

// clearTrade removes what a new load of a year replaces.
func (db *DB) clearTrade(ctx context.Context, tx *bulkTx, load *TradeLoad, t *trade.Tables) error {
	if err := db.dialect.lockForInsert(ctx, tx, "trade_loads"); err != nil {
		return err
	}
	if load.Dataset != DatasetComtrade {
		for _, table := range []string{"trade_imports", "trade_home_exports", "trade_country_totals", "trade_loads"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE year = $1`, t.Year); err != nil {
				return err
			}
		}
		return nil
	}
	if len(t.Reporters) > 0 {
		// One statement per table for all the extract's reporters.
		marks := make([]string, len(t.Reporters))
		args := []any{t.Year}
		for i, c := range t.Reporters {
			marks[i] = "$" + strconv.Itoa(i+2)
			args = append(args, c)
		}
		for _, table := range []string{"trade_imports", "trade_home_exports"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE year = $1 AND importer IN (`+strings.Join(marks, ", ")+`)`, args...); err != nil {
				return err
			}
		}
	}
	if t.HomeReported {
		if _, err := tx.ExecContext(ctx, `DELETE FROM trade_home_exports WHERE year = $1`, t.Year); err != nil {
			return err
		}
	}
	return nil
}

// TradeLoads lists the loads, newest year first, with what each holds.
func (db *DB) TradeLoads(ctx context.Context) ([]TradeLoad, error) {
	rows, err := db.readQuery(ctx, `SELECT l.id, l.dataset, l.year, l.edition, l.file_name, l.sha256, l.rows_read, l.problems, l.reporters,
		l.loaded_at, l.actor, l.imports, l.home_rows FROM trade_loads l ORDER BY l.year DESC, l.id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []TradeLoad{}
	for rows.Next() {
		var l TradeLoad
		var reporters string
		if err := rows.Scan(&l.ID, &l.Dataset, &l.Year, &l.Edition, &l.FileName, &l.SHA256, &l.RowsRead, &l.Problems, &reporters, &l.LoadedAt, &l.Actor, &l.Imports, &l.Home); err != nil {
			return nil, err
		}
		if reporters != "" {
			l.Reporters = strings.Split(reporters, ",")
		}
		l.LoadedAt = l.LoadedAt.UTC()
		out = append(out, l)
	}
	return out, rows.Err()
}

// loadShippedTrade stores the shipped 2024 trade files (through the same
// aggregation as any load) when they or the growth method changed, unless an analyst has loaded
// a year they cover, which then stands.
func (db *DB) loadShippedTrade(ctx context.Context) error {
	have, err := db.Setting(ctx, tradeVersionKey)
	if err != nil || have == ShippedTradeVersion() {
		return err
	}
	ctx = siapekspor.WithActor(ctx, siapekspor.SystemActor)
	agg := trade.NewAggregator(market.Home)
	rows := int64(0)
	for _, id := range []string{trade.DatasetImports2024, trade.DatasetIDNExports2024, trade.DatasetBilateral2024} {
		db.progress("trade data: reading " + id)
		r, err := trade.OpenShipped(id)
		if err != nil {
			return err
		}
		add := agg.Add
		if id == trade.DatasetBilateral2024 {
			add = agg.AddGrowth
		}
		err = trade.ForEach(r, func(f trade.Flow) error {
			rows++
			add(f)
			return nil
		})
		r.Close()
		if err != nil {
			return err
		}
		if ps := r.Problems(); len(ps) > 0 {
			return fmt.Errorf("shipped trade file %s: %s: %s", id, ps[0].Where(), ps[0].Key)
		}
	}
	var fresh []*trade.Tables
	for _, t := range agg.Tables() {
		var other int
		if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM trade_loads WHERE year = $1 AND dataset <> $2`, t.Year, DatasetShipped).Scan(&other); err != nil {
			return err
		}
		if other == 0 {
			fresh = append(fresh, t)
		}
	}
	db.progress(fmt.Sprintf("trade data: storing %d flows' tables", rows))
	if _, err := db.ReplaceTrade(ctx, TradeLoad{Dataset: DatasetShipped, FileName: "shipped:" + ShippedTradeVersion(), RowsRead: rows}, fresh); err != nil {
		return err
	}
	return db.SetSetting(ctx, tradeVersionKey, ShippedTradeVersion())
}

// ShippedTradeVersion names the shipped trade data as stored: the files
// and the method that turns their flows into growth figures, so that a
// new method stores them again.
func ShippedTradeVersion() string { return trade.Version() + "g" + market.GrowthMethod }

// GrowthOf estimates each importer's growth per product from the flows of
// a year that carry a source's own growth figure (market.ImporterGrowth).
func GrowthOf(t *trade.Tables) map[string]map[string]market.Growth {
	out := map[string]map[string]market.Growth{}
	for hs, flows := range t.GrowthFlows {
		if g := market.ImporterGrowth(flows, market.MinGrowthCoverage); len(g) > 0 {
			out[hs] = g
		}
	}
	return out
}

// MarketData reads what the trade data holds about a product (an HS code of
// edition ed) for the ranking, in every edition the loaded data uses.
func (db *DB) MarketData(ctx context.Context, product string, ed trade.Edition) (*market.ProductData, error) {
	tc, err := db.tradeContext(ctx)
	if err != nil {
		return nil, err
	}
	return db.marketData(ctx, tc, product, ed)
}

// marketData is MarketData with the trade context read.
func (db *DB) marketData(ctx context.Context, tc *tradeCtx, product string, ed trade.Edition) (*market.ProductData, error) {
	code, ed, err := market.ParseProduct(product, ed)
	if err != nil {
		return nil, err
	}
	d := market.NewProductData(code, ed, tc.countries)
	editions := tc.editions
	var ierr error
	for _, dataEd := range editions {
		codes, notes := market.DataCodes(code, ed, dataEd, func(c string) bool { return tc.hasCode(c, dataEd) })
		if len(codes) == 0 {
			continue
		}
		d.Codes, d.Notes = append(d.Codes, codes...), append(d.Notes, notes...)
		// One packed row per subheading and year (tradepacked.go).
		where, args := codeWhere(codes, dataEd)
		rows, err := db.readQuery(ctx, `SELECT year, imports, home FROM trade_packed WHERE `+where, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var y int
			var imports, home sql.RawBytes
			if err := rows.Scan(&y, &imports, &home); err != nil {
				rows.Close()
				return nil, err
			}
			ierr = eachPackedImport(imports, func(e *packedImport) {
				c := d.CountryBytes(e.Importer)
				d.AddImport(c, y, e.Value)
				if e.GrowthPct.Valid && e.GrowthYears > 0 {
					d.AddGrowth(c, market.Growth{Pct: e.GrowthPct.Float64, Years: e.GrowthYears, CoveragePct: e.GrowthCover.Float64}, e.Value)
				}
			})
			if ierr == nil {
				ierr = eachPackedHome(home, func(importer []byte, v float64) { d.AddHome(d.CountryBytes(importer), y, v) })
			}
			if ierr != nil {
				rows.Close()
				return nil, ierr
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	if len(d.Codes) == 0 {
		return d, nil
	}
	// Shared, read-only: BuildInput only reads them.
	d.ImportsAll, d.HomeAll, d.Reporters, d.HomeKnown = tc.importsAll, tc.homeAll, tc.reporters, tc.homeKnown
	if strings.HasPrefix(code, "0901") {
		// Shared, read-only, like the totals.
		if d.Coffee, err = trade.CoffeeImportsShared(); err != nil {
			return nil, err
		}
	}
	d.Chapter, err = market.ShippedChapterRCA(code[:2])
	return d, err
}

// tradeCtx is what every ranking reads besides its product's rows: the
// countries' totals, who reported which year, the data's editions. It
// changes only with a load, so it is kept until the loads change.
type tradeCtx struct {
	stamp               string
	importsAll, homeAll map[string]map[int]float64
	reporters           map[int]map[string]bool
	homeKnown           map[int]bool
	editions            []trade.Edition
	// codes are the codes the data holds per edition, sorted (from the
	// packed rows: a code of either table).
	codes map[trade.Edition][]string
	// countries numbers the totals' countries: a product's figures are
	// held by these numbers (market.ProductData).
	countries *market.Countries
}

// tradeContext returns the current trade context, read again when the
// loads changed (in this process or another: the stamp is read each time).
func (db *DB) tradeContext(ctx context.Context) (*tradeCtx, error) {
	tc, _, err := db.tradeContextWeights(ctx)
	return tc, err
}

// parsedWeights is the weights' setting and what it says.
type parsedWeights struct {
	text string
	w    market.Weights
}

// tradeContextWeights is tradeContext with the ranking's weights, read in
// the same query as the loads' stamp.
func (db *DB) tradeContextWeights(ctx context.Context) (*tradeCtx, market.Weights, error) {
	var n, maxID int64
	var text sql.NullString
	if err := db.readQueryRow(ctx, `SELECT COUNT(*), COALESCE(MAX(id), 0), (SELECT value FROM settings WHERE key = '`+marketWeightsKey+`') FROM trade_loads`).Scan(&n, &maxID, &text); err != nil {
		return nil, market.Weights{}, err
	}
	w := market.DefaultWeights()
	if text.String != "" {
		// Parsed again only when the setting's text changed.
		db.tradeMu.Lock()
		pw := db.weightsRead
		db.tradeMu.Unlock()
		if pw == nil || pw.text != text.String {
			pw = &parsedWeights{text: text.String, w: parseWeights(text.String)}
			db.tradeMu.Lock()
			db.weightsRead = pw
			db.tradeMu.Unlock()
		}
		w = pw.w
	}
	stamp := fmt.Sprint(n, "/", maxID)
	db.tradeMu.Lock()
	cached := db.tradeCache
	db.tradeMu.Unlock()
	if cached != nil && cached.stamp == stamp {
		return cached, w, nil
	}
	tc := &tradeCtx{stamp: stamp, importsAll: map[string]map[int]float64{}, homeAll: map[string]map[int]float64{},
		reporters: map[int]map[string]bool{}, homeKnown: map[int]bool{}}
	var names []string
	rows, err := db.read.QueryContext(ctx, `SELECT country, year, imports_all, home_exports_all FROM trade_country_totals`)
	if err != nil {
		return nil, market.Weights{}, err
	}
	for rows.Next() {
		var c string
		var y int
		var imp, home float64
		if err := rows.Scan(&c, &y, &imp, &home); err != nil {
			rows.Close()
			return nil, market.Weights{}, err
		}
		for _, m := range []struct {
			m map[string]map[int]float64
			v float64
		}{{tc.importsAll, imp}, {tc.homeAll, home}} {
			if m.m[c] == nil {
				m.m[c] = map[int]float64{}
			}
			m.m[c][y] += m.v
		}
		names = append(names, c)
		if imp > 0 { // an imports total: the country reported that year
			if tc.reporters[y] == nil {
				tc.reporters[y] = map[string]bool{}
			}
			tc.reporters[y][c] = true
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, market.Weights{}, err
	}
	tc.countries = market.NewCountries(names)
	// The editions and the years holding the home country's own declarations.
	lrows, err := db.read.QueryContext(ctx, `SELECT DISTINCT year, edition, home_reported FROM trade_loads ORDER BY edition`)
	if err != nil {
		return nil, market.Weights{}, err
	}
	for lrows.Next() {
		var y int
		var ed string
		var home bool
		if err := lrows.Scan(&y, &ed, &home); err != nil {
			lrows.Close()
			return nil, market.Weights{}, err
		}
		if e := trade.Edition(ed); !slices.Contains(tc.editions, e) {
			tc.editions = append(tc.editions, e)
		}
		if home {
			tc.homeKnown[y] = true
		}
	}
	lrows.Close()
	if err := lrows.Err(); err != nil {
		return nil, market.Weights{}, err
	}
	// The codes the data holds, per edition, for DataCodes' questions.
	crows, err := db.read.QueryContext(ctx, `SELECT DISTINCT edition, hs FROM trade_packed ORDER BY edition, hs`)
	if err != nil {
		return nil, market.Weights{}, err
	}
	tc.codes = map[trade.Edition][]string{}
	for crows.Next() {
		var ed, hs string
		if err := crows.Scan(&ed, &hs); err != nil {
			crows.Close()
			return nil, market.Weights{}, err
		}
		tc.codes[trade.Edition(ed)] = append(tc.codes[trade.Edition(ed)], hs)
	}
	crows.Close()
	if err := crows.Err(); err != nil {
		return nil, market.Weights{}, err
	}
	db.tradeMu.Lock()
	db.tradeCache = tc
	db.tradeMu.Unlock()
	return tc, w, nil
}

// codeWhere selects a data edition's rows of some codes: a heading by its
// prefix, subheadings by their codes.
func codeWhere(codes []string, ed trade.Edition) (string, []any) {
	args := []any{string(ed)}
	var parts []string
	for _, c := range codes {
		args = append(args, c)
		if len(c) == 4 {
			parts = append(parts, fmt.Sprintf("(hs >= $%d AND hs < $%d || 'z')", len(args), len(args)))
		} else {
			parts = append(parts, fmt.Sprintf("hs = $%d", len(args)))
		}
	}
	return "edition = $1 AND (" + strings.Join(parts, " OR ") + ")", args
}

// hasCode reports whether the data holds a code (or a heading's codes),
// as codeWhere selects them: a heading by its prefix, others exactly.
func (tc *tradeCtx) hasCode(code string, ed trade.Edition) bool {
	codes := tc.codes[ed]
	i, found := slices.BinarySearch(codes, code)
	if found {
		return true
	}
	return len(code) == 4 && i < len(codes) && strings.HasPrefix(codes[i], code)
}
