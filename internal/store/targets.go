package store

import (
	"context"
	"database/sql"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/funnel"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// Targets (migration 0030): rows are never updated or deleted; a change is
// a new version, and the current target of (region, year, population) is
// its newest row unless that row withdraws it.

const targetCols = `t.id, t.region_code, t.year, t.population, t.percent, t.target_count, t.baseline_year, t.baseline_count,
	t.denominator, t.denominator_count, t.denominator_source, t.note, t.removed, t.actor, t.created_at`

func scanTarget(s interface{ Scan(...any) error }) (*siapekspor.Target, error) {
	var t siapekspor.Target
	var pop, den string
	if err := s.Scan(&t.ID, &t.RegionCode, &t.Year, &pop, &t.Percent, &t.Count, &t.BaselineYear, &t.BaselineCount,
		&den, &t.DenominatorCount, &t.DenominatorSource, &t.Note, &t.Removed, &t.By, &t.CreatedAt); err != nil {
		return nil, err
	}
	t.Population, t.Denominator = siapekspor.TargetPopulation(pop), siapekspor.Denominator(den)
	return &t, nil
}

// SaveTarget stores a new version of a target (only admins: the route's
// permission; the store checks the role too). province is the installation's
// province ("" all of Indonesia): a target's region must lie in it.
func (db *DB) SaveTarget(ctx context.Context, t *siapekspor.Target, province string) error {
	a := siapekspor.ActorFrom(ctx)
	if !siapekspor.Can(a, siapekspor.PermTargetAdmin) {
		return siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	t.Normalize()
	if err := t.Validate(db.ref, province, db.now()); err != nil {
		return err
	}
	if t.Removed {
		t.Percent, t.Count = 0, 0
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var before *siapekspor.Target
		current, err := db.targets(ctx, tx, " WHERE t.region_code = $1 AND t.year = $2 AND t.population = $3 ORDER BY t.id DESC LIMIT 1",
			t.RegionCode, t.Year, string(t.Population))
		if err != nil {
			return err
		}
		if len(current) > 0 && !current[0].Removed {
			before = current[0]
		}
		if t.Removed && before == nil {
			return siapekspor.Errorf(siapekspor.ENotFound, "error.not_found.target")
		}
		now := db.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO targets (region_code, year, population, percent, target_count, baseline_year, baseline_count,
			denominator, denominator_count, denominator_source, note, removed, user_id, actor, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
			t.RegionCode, t.Year, string(t.Population), t.Percent, t.Count, t.BaselineYear, t.BaselineCount, string(t.Denominator),
			t.DenominatorCount, t.DenominatorSource, t.Note, t.Removed, userOf(a), a.Label, now).Scan(&t.ID); err != nil {
			return err
		}
		t.By, t.CreatedAt = a.Label, now
		action := "create"
		switch {
		case t.Removed:
			action = "delete"
		case before != nil:
			action = "update"
		}
		var after any = t
		if t.Removed {
			after = nil
		}
		return db.audit(ctx, tx, action, "target", t.ID, before, after)
	})
}

func (db *DB) targets(ctx context.Context, q queryer, tail string, args ...any) ([]*siapekspor.Target, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+targetCols+` FROM targets t`+tail, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*siapekspor.Target
	for rows.Next() {
		t, err := scanTarget(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TargetFilter selects targets: a region ("" any), a year (0 any), a
// population ("" any).
type TargetFilter struct {
	RegionCode string
	Year       int
	Population siapekspor.TargetPopulation
}

func (f TargetFilter) where() *where {
	w := &where{}
	if f.RegionCode != "" {
		w.add("t.region_code = ?", f.RegionCode)
	}
	if f.Year != 0 {
		w.add("t.year = ?", f.Year)
	}
	if f.Population != "" {
		w.add("t.population = ?", string(f.Population))
	}
	return w
}

// Targets returns the current targets f selects (withdrawn ones left out),
// by region, year and population.
func (db *DB) Targets(ctx context.Context, f TargetFilter) ([]*siapekspor.Target, error) {
	w := f.where()
	w.add(`t.id = (SELECT MAX(t2.id) FROM targets t2 WHERE t2.region_code = t.region_code AND t2.year = t.year AND t2.population = t.population)`)
	w.add("NOT t.removed")
	return db.targets(ctx, db.read, w.sql()+` ORDER BY t.region_code, t.year, t.population`, w.args...)
}

// TargetHistory returns every version of the targets f selects, newest
// first.
func (db *DB) TargetHistory(ctx context.Context, f TargetFilter) ([]*siapekspor.Target, error) {
	w := f.where()
	return db.targets(ctx, db.read, w.sql()+` ORDER BY t.id DESC LIMIT 500`, w.args...)
}

// Target returns one version of a target by id.
func (db *DB) Target(ctx context.Context, id int64) (*siapekspor.Target, error) {
	ts, err := db.targets(ctx, db.read, " WHERE t.id = $1", id)
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, siapekspor.Errorf(siapekspor.ENotFound, "error.not_found.target")
	}
	return ts[0], nil
}

// TargetProgress is a target measured on the registry: how many of its
// population in its region reached a first export by the end of its year
// (or today, for this year and later), of which denominator.
type TargetProgress struct {
	Target      *siapekspor.Target `json:"target"`
	RegionName  string             `json:"region_name"`
	Exporters   int64              `json:"exporters"`
	Denominator int64              `json:"denominator"`
	Goal        int64              `json:"goal"`
	Gap         int64              `json:"gap"`
	// Share: Exporters over Denominator, 0–1 (-1 without a denominator).
	Share float64 `json:"share"`
	// Progress: Exporters over Goal (-1 for a goal of 0).
	Progress float64 `json:"progress"`
	AsOfYear int     `json:"as_of_year"`
}

// RegionFilter is the enterprise filter of a province or regency code.
func RegionFilter(code string) siapekspor.EnterpriseFilter {
	if len(code) > 2 {
		return siapekspor.EnterpriseFilter{RegencyCode: code}
	}
	return siapekspor.EnterpriseFilter{ProvinceCode: code}
}

// MeasureTarget measures a target within the actor's scope (a regency
// office measures its own regency's targets exactly): the population's
// enterprises in the region that reached a first export by the end of the
// target's year — or today, for a target of this year or later.
func (db *DB) MeasureTarget(ctx context.Context, t *siapekspor.Target) (*TargetProgress, error) {
	f := RegionFilter(t.RegionCode)
	f.Kind = t.Kind()
	year := t.Year
	if year >= db.now().Year() {
		year = 0
	}
	groups, err := db.Funnel(ctx, FunnelQuery{Filter: f, Year: year})
	if err != nil {
		return nil, err
	}
	var c funnel.Counts
	if len(groups) > 0 {
		c = groups[0].Counts
	}
	p := &TargetProgress{Target: t, Exporters: c[funnel.FirstExport].Reached, Denominator: c[funnel.Registered].Reached, AsOfYear: year}
	if year == 0 {
		p.AsOfYear = db.now().Year()
	}
	if r, ok := refdata.DefaultRegionIndex().ByCode(t.RegionCode); ok {
		p.RegionName = r.Name
	}
	if t.Denominator == siapekspor.DenominatorStated {
		p.Denominator = t.DenominatorCount
	}
	p.Goal = funnel.Goal(t.Percent, t.Count, p.Denominator)
	p.Gap = funnel.Gap(p.Goal, p.Exporters)
	p.Progress = funnel.Progress(p.Goal, p.Exporters)
	p.Share = -1
	if p.Denominator > 0 {
		p.Share = float64(p.Exporters) / float64(p.Denominator)
	}
	return p, nil
}
