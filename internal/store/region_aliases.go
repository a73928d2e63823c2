package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// Region aliases: the other names offices write for regions ("Lamsel"),
// shipped in refdata and edited by admins. The importer looks names up in
// RegionIndex, the built-in regions with the stored aliases.

const regionAliasesVersionKey = "region_aliases_version"

// MaxAliasLen bounds an alias, in characters.
const MaxAliasLen = 60

// RegionAliasRecord is a stored alias with the region it names.
type RegionAliasRecord struct {
	ID      int64  `json:"id"`
	Code    string `json:"code"`
	Alias   string `json:"alias"`
	Region  string `json:"region"` // the region's name
	Shipped bool   `json:"shipped"`
}

// regionIndexCache holds the index built from the stored aliases; gen
// counts this process's changes to them.
type regionIndexCache struct {
	mu    sync.Mutex
	gen   int
	built int
	ix    *refdata.RegionIndex
}

// seedRegionAliases adds the shipped aliases of this version that are not
// stored yet; an alias an admin removed stays removed.
func (db *DB) seedRegionAliases(ctx context.Context) error {
	list := refdata.RegionAliases()
	h := sha256.New()
	for _, a := range list {
		h.Write([]byte(a.Code + "\x00" + a.Alias + "\x00"))
	}
	version := hex.EncodeToString(h.Sum(nil)[:8])
	if have, err := db.Setting(ctx, regionAliasesVersionKey); err != nil || have == version {
		return err
	}
	now := db.now()
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		for _, a := range list {
			if _, err := tx.ExecContext(ctx, `INSERT INTO region_aliases (code, alias, alias_key, shipped, removed, updated_at, actor)
				VALUES ($1, $2, $3, TRUE, FALSE, $4, 'system') ON CONFLICT (code, alias_key) DO NOTHING`,
				a.Code, a.Alias, refdata.AliasKey(a.Alias), now); err != nil {
				return err
			}
		}
		return setSetting(ctx, tx, regionAliasesVersionKey, version)
	})
	db.regionIndex.changed()
	return err
}

func (c *regionIndexCache) changed() {
	c.mu.Lock()
	c.gen++
	c.mu.Unlock()
}

// RegionAliases lists the aliases in use, by region code and alias; within
// ("18") keeps those of one region and the regions inside it.
func (db *DB) RegionAliases(ctx context.Context, within string) ([]RegionAliasRecord, error) {
	q := `SELECT id, code, alias, shipped FROM region_aliases WHERE removed = FALSE`
	args := []any{}
	if within = strings.TrimSpace(within); within != "" {
		q += ` AND (code = $1 OR code LIKE $2)`
		args = append(args, within, within+".%")
	}
	rows, err := db.read.QueryContext(ctx, q+` ORDER BY code, alias_key`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ix := refdata.DefaultRegionIndex()
	out := []RegionAliasRecord{}
	for rows.Next() {
		var a RegionAliasRecord
		if err := rows.Scan(&a.ID, &a.Code, &a.Alias, &a.Shipped); err != nil {
			return nil, err
		}
		if r, ok := ix.ByCode(a.Code); ok {
			a.Region = r.Name
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// RegionAlias returns one alias in use.
func (db *DB) RegionAlias(ctx context.Context, id int64) (*RegionAliasRecord, error) {
	var a RegionAliasRecord
	err := db.read.QueryRowContext(ctx, `SELECT id, code, alias, shipped FROM region_aliases WHERE id = $1 AND removed = FALSE`, id).
		Scan(&a.ID, &a.Code, &a.Alias, &a.Shipped)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("region_alias")
	}
	if err != nil {
		return nil, err
	}
	if r, ok := refdata.DefaultRegionIndex().ByCode(a.Code); ok {
		a.Region = r.Name
	}
	return &a, nil
}

// AddRegionAlias stores an alias of a region (admins only). An alias that
// is the region's own name, or that it has already, is refused; one that
// was removed comes back.
func (db *DB) AddRegionAlias(ctx context.Context, code, alias string) (*RegionAliasRecord, error) {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermRegionAdmin) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	code, alias = strings.TrimSpace(code), strings.Join(strings.Fields(alias), " ")
	var fields []siapekspor.FieldError
	region, ok := refdata.DefaultRegionIndex().ByCode(code)
	if !ok || region.Code != code {
		fields = append(fields, siapekspor.FieldError{Field: "code", Key: "region_alias.bad_code"})
	}
	key := refdata.AliasKey(alias)
	switch {
	case alias == "":
		fields = append(fields, siapekspor.FieldError{Field: "alias", Key: "field.required"})
	case utf8.RuneCountInString(alias) > MaxAliasLen:
		fields = append(fields, siapekspor.FieldError{Field: "alias", Key: "field.too_long", Args: []any{MaxAliasLen}})
	case len(key) < 2 || strings.Trim(key, "0123456789") == "":
		fields = append(fields, siapekspor.FieldError{Field: "alias", Key: "region_alias.bad_alias"})
	case ok && isOwnName(region, alias):
		fields = append(fields, siapekspor.FieldError{Field: "alias", Key: "region_alias.own_name"})
	}
	if len(fields) > 0 {
		return nil, &siapekspor.Error{Code: siapekspor.EInvalid, Key: "error.validation", Fields: fields}
	}
	a := siapekspor.ActorFrom(ctx)
	var id int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var removed bool
		err := tx.QueryRowContext(ctx, `SELECT id, removed FROM region_aliases WHERE code = $1 AND alias_key = $2`, code, key).Scan(&id, &removed)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			err = tx.QueryRowContext(ctx, `INSERT INTO region_aliases (code, alias, alias_key, shipped, removed, updated_at, actor)
				VALUES ($1, $2, $3, FALSE, FALSE, $4, $5) RETURNING id`, code, alias, key, db.now(), a.Label).Scan(&id)
		case err == nil && !removed:
			return siapekspor.Errorf(siapekspor.EConflict, "region_alias.exists", alias, region.Name)
		case err == nil:
			_, err = tx.ExecContext(ctx, `UPDATE region_aliases SET alias = $1, removed = FALSE, updated_at = $2, actor = $3 WHERE id = $4`, alias, db.now(), a.Label, id)
		}
		if err != nil {
			return err
		}
		return db.audit(ctx, tx, "create", "region_alias", id, nil, map[string]any{"code": code, "alias": alias})
	})
	if err != nil {
		return nil, db.mapWriteError(err)
	}
	db.regionIndex.changed()
	return db.RegionAlias(ctx, id)
}

// RemoveRegionAlias stops an alias from being used (admins only).
func (db *DB) RemoveRegionAlias(ctx context.Context, id int64) error {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermRegionAdmin) {
		return siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	before, err := db.RegionAlias(ctx, id)
	if err != nil {
		return err
	}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE region_aliases SET removed = TRUE, updated_at = $1, actor = $2 WHERE id = $3`,
			db.now(), siapekspor.ActorFrom(ctx).Label, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, "delete", "region_alias", id, map[string]any{"code": before.Code, "alias": before.Alias}, nil)
	})
	if err != nil {
		return db.mapWriteError(err)
	}
	db.regionIndex.changed()
	return nil
}

// RegionIndex is the index the importer looks region names up in: the
// built-in regions with the aliases in use, built again after they change.
func (db *DB) RegionIndex(ctx context.Context) (*refdata.RegionIndex, error) {
	c := &db.regionIndex
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ix != nil && c.built == c.gen {
		return c.ix, nil
	}
	gen := c.gen
	list, err := db.RegionAliases(ctx, "")
	if err != nil {
		return nil, err
	}
	aliases := make([]refdata.RegionAlias, len(list))
	for i, a := range list {
		aliases[i] = refdata.RegionAlias{Code: a.Code, Alias: a.Alias}
	}
	c.ix, c.built = refdata.DefaultRegionIndex().WithAliases(aliases), gen
	return c.ix, nil
}

// isOwnName says whether alias is a way of writing the region's own name,
// which the import reads without an alias.
func isOwnName(region refdata.Region, alias string) bool {
	res := refdata.NamesRegionIndex().Resolve(alias, region.Level, region.Parent)
	return (res.Status == refdata.Exact || res.Status == refdata.Normalised) && res.Region.Code == region.Code
}
