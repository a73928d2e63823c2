package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/siapekspor/siapekspor"
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
	err := db.inBulkTx(ctx, func(tx *bulkTx) error {
		l.LoadedAt = db.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO export_stat_loads (province_code, title, file_name, sha256, format, synthetic, has_commodity,
			has_destination, rows_stored, warnings, period_from, period_to, loaded_at, actor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
			RETURNING id`, l.ProvinceCode, l.Title, l.FileName, l.SHA256, l.Format, l.Synthetic, l.HasCommodity, l.HasDestination, l.Rows, l.Warnings,
			l.From, l.To, l.LoadedAt, l.Actor).Scan(&l.ID); err != nil {
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

func scanStatLoad(s interface{ Scan(...any) error }) (*StatLoad, error) {
	var l StatLoad
	err := s.Scan(&l.ID, &l.ProvinceCode, &l.Title, &l.FileName, &l.SHA256, &l.Format, &l.Synthetic, &l.HasCommodity, &l.HasDestination, &l.Rows,
		&l.Warnings, &l.From, &l.To, &l.LoadedAt, &l.Actor)
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
	rows, err := db.readQuery(ctx, `SELECT province_code, year, month, hs, commodity, other_commodity, destination, destination_name,
		other_destination, value_usd, weight_kg FROM export_stats WHERE load_id = $1 ORDER BY year, month`, id)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out []exportstats.Row
	for rows.Next() {
		var r exportstats.Row
		var v, w sql.NullFloat64
		if err := rows.Scan(&r.ProvinceCode, &r.Year, &r.Month, &r.HSCode, &r.Commodity, &r.OtherCommodity, &r.Destination, &r.DestinationName,
			&r.OtherDestination, &v, &w); err != nil {
			return nil, nil, err
		}
		r.ValueUSD, r.HasValue = v.Float64, v.Valid
		r.WeightKG, r.HasWeight = w.Float64, w.Valid
		out = append(out, r)
	}
	return l, out, rows.Err()
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
