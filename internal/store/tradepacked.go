package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/trade"
)

// The ranking reads every importer's row of its product's subheadings: for
// HS 0901, 1,220 rows of trade_imports and trade_home_exports, which cost
// more than ranking them (issue 16 item 3). trade_packed holds the same rows
// per edition, subheading and year, packed into two byte strings, so the
// ranking reads one row per subheading (0901: 5). The packed rows are
// derived data: written from the two tables in the transaction that writes
// them (ReplaceTrade), and at start-up for a database that has trade data
// but not this form of it (ensureTradePacked). A packed row's entries are in
// the tables' key order (importer), so sums over them add in the order the
// tables' rows were read.
//
// The format, little-endian, one entry after another:
//
//	imports: len(importer) byte, importer, value float64 bits, flags byte
//	         (1: growth_pct, 2: growth_cover), [growth_pct float64 bits],
//	         growth_years uvarint, [growth_cover float64 bits]
//	home:    len(importer) byte, importer, value float64 bits
const (
	tradePackedKey     = "trade_packed"
	tradePackedVersion = "1"
)

const (
	packGrowthPct   = 1
	packGrowthCover = 2
)

func appendPackedName(b []byte, s string) []byte {
	if len(s) > 255 {
		s = s[:255] // importers are ISO3 codes; a longer one cannot be stored
	}
	return append(append(b, byte(len(s))), s...)
}

func appendPackedFloat(b []byte, v float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
}

// appendPackedImport adds an entry of trade_imports.
func appendPackedImport(b []byte, importer string, v float64, gp sql.NullFloat64, gy int64, gc sql.NullFloat64) []byte {
	b = appendPackedFloat(appendPackedName(b, importer), v)
	flags := byte(0)
	if gp.Valid {
		flags |= packGrowthPct
	}
	if gc.Valid {
		flags |= packGrowthCover
	}
	b = append(b, flags)
	if gp.Valid {
		b = appendPackedFloat(b, gp.Float64)
	}
	b = binary.AppendUvarint(b, uint64(max(gy, 0)))
	if gc.Valid {
		b = appendPackedFloat(b, gc.Float64)
	}
	return b
}

// appendPackedHome adds an entry of trade_home_exports.
func appendPackedHome(b []byte, importer string, v float64) []byte {
	return appendPackedFloat(appendPackedName(b, importer), v)
}

var errBadPack = errors.New("store: a packed trade row cannot be read")

// packedImport is one decoded entry of trade_imports. Importer points into
// the packed bytes.
type packedImport struct {
	Importer    []byte
	Value       float64
	GrowthPct   sql.NullFloat64
	GrowthYears int
	GrowthCover sql.NullFloat64
}

// eachPackedImport calls fn for every entry of a packed imports string.
func eachPackedImport(b []byte, fn func(e *packedImport)) error {
	var e packedImport
	for len(b) > 0 {
		n := int(b[0])
		if len(b) < 1+n+9 {
			return errBadPack
		}
		e.Importer = b[1 : 1+n]
		b = b[1+n:]
		e.Value = math.Float64frombits(binary.LittleEndian.Uint64(b))
		flags := b[8]
		b = b[9:]
		e.GrowthPct, e.GrowthCover = sql.NullFloat64{}, sql.NullFloat64{}
		if flags&packGrowthPct != 0 {
			if len(b) < 8 {
				return errBadPack
			}
			e.GrowthPct = sql.NullFloat64{Float64: math.Float64frombits(binary.LittleEndian.Uint64(b)), Valid: true}
			b = b[8:]
		}
		gy, k := binary.Uvarint(b)
		if k <= 0 || gy > math.MaxInt32 {
			return errBadPack
		}
		e.GrowthYears, b = int(gy), b[k:]
		if flags&packGrowthCover != 0 {
			if len(b) < 8 {
				return errBadPack
			}
			e.GrowthCover = sql.NullFloat64{Float64: math.Float64frombits(binary.LittleEndian.Uint64(b)), Valid: true}
			b = b[8:]
		}
		fn(&e)
	}
	return nil
}

// eachPackedHome calls fn for every entry of a packed home string.
func eachPackedHome(b []byte, fn func(importer []byte, v float64)) error {
	for len(b) > 0 {
		n := int(b[0])
		if len(b) < 1+n+8 {
			return errBadPack
		}
		fn(b[1:1+n], math.Float64frombits(binary.LittleEndian.Uint64(b[1+n:])))
		b = b[1+n+8:]
	}
	return nil
}

// packTrade writes the packed rows of some years again from the two
// tables, inside the transaction that changed them. It reads a chapter's
// rows at a time (bounded memory), and writes them once the read is closed
// (PostgreSQL's connection runs one statement at a time).
func (db *DB) packTrade(ctx context.Context, tx *bulkTx, years []int) error {
	type packed struct {
		edition, hs   string
		year          int
		imports, home []byte
	}
	for _, year := range years {
		if _, err := tx.ExecContext(ctx, `DELETE FROM trade_packed WHERE year = $1`, year); err != nil {
			return err
		}
		for ch := 0; ch < 100; ch++ {
			// Chapter ch's codes: the first and the last chunk open-ended.
			lo, hi, cond := fmt.Sprintf("%02d", ch), fmt.Sprintf("%02d", ch+1), "hs >= $2 AND hs < $3"
			switch ch {
			case 0:
				cond = "hs < $3 AND $2 = $2"
			case 99:
				cond = "hs >= $2 AND $3 = $3"
			}
			rows, err := tx.QueryContext(ctx, `SELECT hs, importer, edition, 0, value_usd, growth_pct, growth_years, growth_cover
				FROM trade_imports WHERE year = $1 AND `+cond+`
				UNION ALL SELECT hs, importer, edition, 1, value_usd, CAST(NULL AS DOUBLE PRECISION), 0, CAST(NULL AS DOUBLE PRECISION)
				FROM trade_home_exports WHERE year = $1 AND `+cond+`
				ORDER BY 1, 2`, year, lo, hi)
			if err != nil {
				return err
			}
			var out []*packed
			at := map[[2]string]*packed{} // edition, hs → its row
			for rows.Next() {
				var hs, importer, ed string
				var kind int
				var v float64
				var gp, gc sql.NullFloat64
				var gy int64
				if err := rows.Scan(&hs, &importer, &ed, &kind, &v, &gp, &gy, &gc); err != nil {
					rows.Close()
					return err
				}
				p := at[[2]string{ed, hs}]
				if p == nil {
					p = &packed{edition: ed, hs: hs, year: year, imports: []byte{}, home: []byte{}}
					at[[2]string{ed, hs}] = p
					out = append(out, p)
				}
				if kind == 0 {
					p.imports = appendPackedImport(p.imports, importer, v, gp, gy, gc)
				} else {
					p.home = appendPackedHome(p.home, importer, v)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if err := db.bulkInsert(ctx, tx, "trade_packed", []string{"edition", "hs", "year", "imports", "home"}, len(out), func(i int, dst []any) []any {
				p := out[i]
				return append(dst, p.edition, p.hs, p.year, p.imports, p.home)
			}); err != nil {
				return fmt.Errorf("trade_packed: %w", err)
			}
		}
	}
	return nil
}

// packTables writes the packed rows of a whole year's load from the rows
// replaceTradeYear wrote (the same values, in the tables' key order),
// without reading them back: a second of the first start's CPU.
func (db *DB) packTables(ctx context.Context, tx *bulkTx, t *trade.Tables, growth map[string]map[string]market.Growth) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM trade_packed WHERE year = $1`, t.Year); err != nil {
		return err
	}
	byKey := func(hs1, c1, hs2, c2 string) int {
		if hs1 != hs2 {
			return strings.Compare(hs1, hs2)
		}
		return strings.Compare(c1, c2)
	}
	imports := make([]int32, len(t.Imports))
	for i := range imports {
		imports[i] = int32(i)
	}
	slices.SortFunc(imports, func(a, b int32) int {
		return byKey(t.Imports[a].HS, t.Imports[a].Importer, t.Imports[b].HS, t.Imports[b].Importer)
	})
	home := make([]int32, len(t.Home))
	for i := range home {
		home[i] = int32(i)
	}
	slices.SortFunc(home, func(a, b int32) int { return byKey(t.Home[a].HS, t.Home[a].Importer, t.Home[b].HS, t.Home[b].Importer) })
	type packed struct {
		hs            string
		imports, home []byte
	}
	var out []packed
	i, j := 0, 0
	for i < len(imports) || j < len(home) {
		var hs string
		switch {
		case j == len(home) || i < len(imports) && t.Imports[imports[i]].HS <= t.Home[home[j]].HS:
			hs = t.Imports[imports[i]].HS
		default:
			hs = t.Home[home[j]].HS
		}
		p := packed{hs: hs, imports: []byte{}, home: []byte{}}
		for ; i < len(imports) && t.Imports[imports[i]].HS == hs; i++ {
			r := &t.Imports[imports[i]]
			var gp, gc sql.NullFloat64
			years := 0
			if g, ok := growth[r.HS][r.Importer]; ok {
				gp, gc, years = sql.NullFloat64{Float64: g.Pct, Valid: true}, sql.NullFloat64{Float64: g.CoveragePct, Valid: true}, g.Years
			}
			p.imports = appendPackedImport(p.imports, r.Importer, r.ValueUSD, gp, int64(years), gc)
		}
		for ; j < len(home) && t.Home[home[j]].HS == hs; j++ {
			p.home = appendPackedHome(p.home, t.Home[home[j]].Importer, t.Home[home[j]].ValueUSD)
		}
		out = append(out, p)
	}
	ed := string(t.Edition)
	if err := db.bulkInsert(ctx, tx, "trade_packed", []string{"edition", "hs", "year", "imports", "home"}, len(out), func(i int, dst []any) []any {
		return append(dst, ed, out[i].hs, t.Year, out[i].imports, out[i].home)
	}); err != nil {
		return fmt.Errorf("trade_packed: %w", err)
	}
	return nil
}

// ensureTradePacked packs every year's trade rows when the database has not
// got this version of the packed form (a database from before it).
func (db *DB) ensureTradePacked(ctx context.Context) error {
	have, err := db.Setting(ctx, tradePackedKey)
	if err != nil || have == tradePackedVersion {
		return err
	}
	db.progress("trade data: packing the rows the ranking reads")
	defer func() {
		db.tradeMu.Lock()
		db.tradeCache = nil // its codes are read from the packed rows
		db.tradeMu.Unlock()
	}()
	return db.inBulkTx(ctx, func(tx *bulkTx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM trade_packed`); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT year FROM trade_imports UNION SELECT DISTINCT year FROM trade_home_exports`)
		if err != nil {
			return err
		}
		var years []int
		for rows.Next() {
			var y int
			if err := rows.Scan(&y); err != nil {
				rows.Close()
				return err
			}
			years = append(years, y)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := db.packTrade(ctx, tx, years); err != nil {
			return err
		}
		return setSetting(ctx, tx, tradePackedKey, tradePackedVersion)
	})
}
