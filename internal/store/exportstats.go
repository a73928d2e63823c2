package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/exportcompare"
	"github.com/siapekspor/siapekspor/internal/exportstats"
)

// StatLoad is one uploaded export statistics table.
type StatLoad struct {
	ID             int64     `json:"id"`
	ProvinceCode   string    `json:"province_code"`
	Title          string    `json:"title"`
	FileName       string    `json:"file_name"`
	SHA256         string    `json:"sha256"`
	Format         string    `json:"format"`
	Synthetic      bool      `json:"synthetic"`
	HasCommodity   bool      `json:"has_commodity"`
	HasDestination bool      `json:"has_destination"`
	Rows           int       `json:"rows"`
	Warnings       int       `json:"warnings"`
	From           string    `json:"period_from"` // YYYY-MM
	To             string    `json:"period_to"`
	LoadedAt       time.Time `json:"loaded_at"`
	Actor          string    `json:"actor"`
}

// StoreExportStats stores a read table as one dataset, all rows in one
// transaction. A report with any problem stores nothing (the reader gives
// no rows then); warnings (totals that do not add up) are counted with it.
func (db *DB) StoreExportStats(ctx context.Context, rep *exportstats.Report, sha string) (*StatLoad, error) {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermStatsLoad) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	if !rep.OK() || len(rep.Rows) == 0 {
		return nil, siapekspor.Errorf(siapekspor.EInvalid, "exportstats.not_stored")
	}
	from, to, _ := exportstats.Span(rep.Rows)
	l := &StatLoad{ProvinceCode: rep.Rows[0].ProvinceCode, FileName: rep.Name, SHA256: sha, Format: rep.Format, Synthetic: rep.Synthetic,
		HasCommodity: rep.HasCommodity, HasDestination: rep.HasDestination, Rows: len(rep.Rows), Warnings: len(rep.Warnings),
		From: from.String(), To: to.String(), Actor: siapekspor.ActorFrom(ctx).Label}
	if len(rep.Title) > 0 {
		l.Title = rep.Title[0]
	}
	// The page's figures, stored with the rows so a view reads them
	// instead of every row.
	figures, err := encodeStatFigures(rep.Rows, l.HasCommodity, l.HasDestination)
	if err != nil {
		return nil, err
	}
	cells := compareCells(rep.Rows, l.ProvinceCode)
	err = db.inBulkTx(ctx, func(tx *bulkTx) error {
		l.LoadedAt = db.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO export_stat_loads (province_code, title, file_name, sha256, format, synthetic, has_commodity,
			has_destination, rows_stored, warnings, period_from, period_to, loaded_at, actor, figures, compare_cells)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
			RETURNING id`, l.ProvinceCode, l.Title, l.FileName, l.SHA256, l.Format, l.Synthetic, l.HasCommodity, l.HasDestination, l.Rows, l.Warnings,
			l.From, l.To, l.LoadedAt, l.Actor, figures, cells).Scan(&l.ID); err != nil {
			return err
		}
		err := db.bulkInsert(ctx, tx, "export_stats", []string{"load_id", "province_code", "year", "month", "hs", "commodity", "other_commodity",
			"destination", "destination_name", "other_destination", "value_usd", "weight_kg"}, len(rep.Rows), func(i int, dst []any) []any {
			r := rep.Rows[i]
			var v, w any
			if r.HasValue {
				v = r.ValueUSD
			}
			if r.HasWeight {
				w = r.WeightKG
			}
			return append(dst, l.ID, r.ProvinceCode, r.Year, r.Month, r.HSCode, r.Commodity, r.OtherCommodity, r.Destination, r.DestinationName,
				r.OtherDestination, v, w)
		})
		if err != nil {
			return err
		}
		return db.audit(ctx, tx, "import", "export_stats", l.ID, nil, l)
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

const statLoadSelect = `SELECT id, province_code, title, file_name, sha256, format, synthetic, has_commodity, has_destination, rows_stored, warnings,
	period_from, period_to, loaded_at, actor FROM export_stat_loads`

// scanStatLoad scans a row of statLoadSelect; with figures, of
// statLoadSelect with the figures added (statFiguresSelect).
const statFiguresSelect = `SELECT id, province_code, title, file_name, sha256, format, synthetic, has_commodity, has_destination, rows_stored, warnings,
	period_from, period_to, loaded_at, actor, figures FROM export_stat_loads`

func scanStatLoad(s interface{ Scan(...any) error }, figures ...*string) (*StatLoad, error) {
	var l StatLoad
	dst := []any{&l.ID, &l.ProvinceCode, &l.Title, &l.FileName, &l.SHA256, &l.Format, &l.Synthetic, &l.HasCommodity, &l.HasDestination, &l.Rows,
		&l.Warnings, &l.From, &l.To, &l.LoadedAt, &l.Actor}
	for _, f := range figures {
		dst = append(dst, f)
	}
	err := s.Scan(dst...)
	l.LoadedAt = l.LoadedAt.UTC()
	return &l, err
}

// StatLoads lists the uploaded tables, newest first.
func (db *DB) StatLoads(ctx context.Context) ([]StatLoad, error) {
	rows, err := db.readQuery(ctx, statLoadSelect+` ORDER BY id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []StatLoad{}
	for rows.Next() {
		l, err := scanStatLoad(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *l)
	}
	return out, rows.Err()
}

// StatLoad returns one table with its rows.
func (db *DB) StatLoad(ctx context.Context, id int64) (*StatLoad, []exportstats.Row, error) {
	l, err := scanStatLoad(db.readQueryRow(ctx, statLoadSelect+` WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, notFound("export_stats")
	}
	if err != nil {
		return nil, nil, err
	}
	rows, err := statRows(ctx, db.readQuery, id)
	return l, rows, err
}

// statRowsSelect reads a table's rows in the order they are summed.
const statRowsSelect = `SELECT province_code, year, month, hs, commodity, other_commodity, destination, destination_name,
		other_destination, value_usd, weight_kg FROM export_stats WHERE load_id = $1 ORDER BY year, month`

func statRows(ctx context.Context, query func(context.Context, string, ...any) (*sql.Rows, error), id int64) ([]exportstats.Row, error) {
	rows, err := query(ctx, statRowsSelect, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []exportstats.Row
	for rows.Next() {
		var r exportstats.Row
		var v, w sql.NullFloat64
		if err := rows.Scan(&r.ProvinceCode, &r.Year, &r.Month, &r.HSCode, &r.Commodity, &r.OtherCommodity, &r.Destination, &r.DestinationName,
			&r.OtherDestination, &v, &w); err != nil {
			return nil, err
		}
		r.ValueUSD, r.HasValue = v.Float64, v.Valid
		r.WeightKG, r.HasWeight = w.Float64, w.Valid
		out = append(out, r)
	}
	return out, rows.Err()
}

// encodeStatFigures computes a table's page figures from its rows, as
// stored in export_stat_loads.figures ("" for rows without figures).
func encodeStatFigures(rows []exportstats.Row, hasCommodity, hasDestination bool) (string, error) {
	f, ok := exportstats.PageFigures(rows, hasCommodity, hasDestination)
	if !ok {
		return "", nil
	}
	return exportstats.EncodeFigures(f), nil
}

// StatFigures returns one table with the figures its page shows (nil when
// it has none), computed when the table was stored. Figures a release
// computed differently (another exportstats.FiguresVersion) are computed
// again from the rows and stored.
func (db *DB) StatFigures(ctx context.Context, id int64) (*StatLoad, *exportstats.Figures, error) {
	var body string
	l, err := scanStatLoad(db.readQueryRow(ctx, statFiguresSelect+` WHERE id = $1`, id), &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, notFound("export_stats")
	}
	if err != nil {
		return nil, nil, err
	}
	if body != "" {
		// Figures of another version (or in a form this release does not
		// read) are computed again below.
		f, err := exportstats.DecodeFigures(body)
		if err == nil && f.Version == exportstats.FiguresVersion {
			return l, &f, nil
		}
	}
	rows, err := statRows(ctx, db.readQuery, id)
	if err != nil {
		return nil, nil, err
	}
	f, ok := exportstats.PageFigures(rows, l.HasCommodity, l.HasDestination)
	if !ok {
		return l, nil, nil
	}
	if err := db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE export_stat_loads SET figures = $1 WHERE id = $2`, exportstats.EncodeFigures(f), id)
		return err
	}); err != nil {
		return nil, nil, err
	}
	return l, &f, nil
}

// fillStatFigures stores every table's figures from its rows: those of
// the tables stored before migration 0032 gave each table its figures, and
// again in their compact form (migration 0044).
func fillStatFigures(ctx context.Context, db *DB, tx *sql.Tx) error {
	return eachStoredStatTable(ctx, tx, func(t *storedStatTable) error {
		body, err := encodeStatFigures(t.rows, t.commodity, t.destination)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE export_stat_loads SET figures = $1 WHERE id = $2`, body, t.id)
		return err
	})
}

// compareCells is a table's monthly values as the export comparison reads
// them, in their stored form (export_stat_loads.compare_cells): the rows
// of the table's province with a value, in the order of the rows' index
// (year, month, then as stored), so that the comparison sums them in the
// order it did when it read the rows.
func compareCells(rows []exportstats.Row, province string) string {
	cells := make([]exportcompare.StatCell, 0, len(rows))
	for _, r := range rows {
		if r.Month > 0 && r.HasValue && r.ProvinceCode == province {
			cells = append(cells, exportcompare.StatCell{Period: exportcompare.YearMonth{Year: r.Year, Month: r.Month}, HS: r.HSCode,
				Commodity: r.Commodity, OtherCommodity: r.OtherCommodity, Destination: r.Destination, OtherDest: r.OtherDestination, ValueUSD: r.ValueUSD})
		}
	}
	slices.SortStableFunc(cells, func(a, b exportcompare.StatCell) int {
		return cmp.Or(cmp.Compare(a.Period.Year, b.Period.Year), cmp.Compare(a.Period.Month, b.Period.Month))
	})
	return exportcompare.EncodeStatCells(cells)
}

// fillCompareCells stores the comparison's cells of every table stored
// before migration 0045 gave each table its own.
func fillCompareCells(ctx context.Context, db *DB, tx *sql.Tx) error {
	return eachStoredStatTable(ctx, tx, func(t *storedStatTable) error {
		_, err := tx.ExecContext(ctx, `UPDATE export_stat_loads SET compare_cells = $1 WHERE id = $2`, compareCells(t.rows, t.province), t.id)
		return err
	})
}

// storedStatTable is a stored table as the migrations that fill what is
// derived from its rows read it.
type storedStatTable struct {
	id                     int64
	province               string
	commodity, destination bool
	rows                   []exportstats.Row
}

// eachStoredStatTable calls fn with every stored table and its rows, in
// id order.
func eachStoredStatTable(ctx context.Context, tx *sql.Tx, fn func(*storedStatTable) error) error {
	var tables []storedStatTable
	q, err := tx.QueryContext(ctx, `SELECT id, province_code, has_commodity, has_destination FROM export_stat_loads ORDER BY id`)
	if err != nil {
		return err
	}
	for q.Next() {
		var t storedStatTable
		if err := q.Scan(&t.id, &t.province, &t.commodity, &t.destination); err != nil {
			q.Close()
			return err
		}
		tables = append(tables, t)
	}
	q.Close()
	if err := q.Err(); err != nil {
		return err
	}
	for i := range tables {
		t := &tables[i]
		if t.rows, err = statRows(ctx, tx.QueryContext, t.id); err != nil {
			return err
		}
		if err := fn(t); err != nil {
			return err
		}
		t.rows = nil
	}
	return nil
}

// DeleteStatLoad removes an uploaded table and its rows.
func (db *DB) DeleteStatLoad(ctx context.Context, id int64) error {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermStatsLoad) {
		return siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		l, err := scanStatLoad(tx.QueryRowContext(ctx, statLoadSelect+` WHERE id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("export_stats")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM export_stats WHERE load_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM export_stat_loads WHERE id = $1`, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, "delete", "export_stats", id, l, nil)
	})
}
