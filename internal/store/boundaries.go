package store

import (
	"context"
	"database/sql"
	"io"
	"strconv"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// Boundaries an admin loaded (migration 0036, region_boundaries): a
// province's regencies or a regency's districts, checked by
// refdata.ParseBoundaries, stored whole or not at all, and served by
// /geo/{code} in place of the binary's own for the same regions.

// LoadBoundaries replaces the loaded boundaries of up's parent with up's,
// in one transaction with its audit row (admins only).
func (db *DB) LoadBoundaries(ctx context.Context, up *refdata.Upload, source string) error {
	a := siapekspor.ActorFrom(ctx)
	if !siapekspor.Can(a, siapekspor.PermRegionAdmin) {
		return siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	if up == nil || len(up.Boundaries) == 0 {
		return siapekspor.Errorf(siapekspor.EInvalid, "boundary.empty")
	}
	var by any
	if a.UserID != 0 {
		by = a.UserID
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var before int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM region_boundaries WHERE parent_code = $1`, up.Parent.Code).Scan(&before); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM region_boundaries WHERE parent_code = $1`, up.Parent.Code); err != nil {
			return err
		}
		now := db.now()
		codes := make([]string, 0, len(up.Boundaries))
		vertices := 0
		for _, b := range up.Boundaries {
			if _, err := tx.ExecContext(ctx, `INSERT INTO region_boundaries (code, parent_code, geometry, vertices, source, loaded_by, loaded_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, b.Region.Code, up.Parent.Code, string(b.GeometryJSON()), b.Vertices, source, by, now); err != nil {
				return err
			}
			codes = append(codes, b.Region.Code)
			vertices += b.Vertices
		}
		return db.audit(ctx, tx, "load", "region_boundaries", 0, map[string]any{"parent": up.Parent.Code, "regions": before},
			map[string]any{"parent": up.Parent.Code, "regions": len(codes), "codes": codes, "vertices": vertices, "source": source})
	})
	return db.mapWriteError(err)
}

// LoadedBoundaries returns the loaded geometries of parent's children by
// code, and a version that changes with every load (for the ETag).
func (db *DB) LoadedBoundaries(ctx context.Context, parent string) (map[string][]byte, string, error) {
	rows, err := db.readQuery(ctx, `SELECT code, geometry, loaded_at FROM region_boundaries WHERE parent_code = $1`, parent)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	out := map[string][]byte{}
	var latest time.Time
	for rows.Next() {
		var code, geom string
		var at time.Time
		if err := rows.Scan(&code, &geom, &at); err != nil {
			return nil, "", err
		}
		out[code] = []byte(geom)
		if at.After(latest) {
			latest = at
		}
	}
	if len(out) == 0 {
		return nil, "", rows.Err()
	}
	return out, strconv.Itoa(len(out)) + "@" + latest.UTC().Format(time.RFC3339Nano), rows.Err()
}

// BoundarySet is one parent's loaded boundaries, for the admin's page.
type BoundarySet struct {
	Parent   string
	Regions  int
	Vertices int
	Source   string
	LoadedAt time.Time
}

// BoundarySets lists the loaded boundaries per parent (a few hundred
// rows at most: added up here, which reads each engine's timestamps alike).
func (db *DB) BoundarySets(ctx context.Context) ([]BoundarySet, error) {
	rows, err := db.readQuery(ctx, `SELECT parent_code, vertices, source, loaded_at FROM region_boundaries ORDER BY parent_code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []BoundarySet
	for rows.Next() {
		var parent, source string
		var n int
		var at time.Time
		if err := rows.Scan(&parent, &n, &source, &at); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].Parent != parent {
			out = append(out, BoundarySet{Parent: parent})
		}
		s := &out[len(out)-1]
		s.Regions++
		s.Vertices += n
		if at.After(s.LoadedAt) {
			s.LoadedAt, s.Source = at, source
		}
	}
	return out, rows.Err()
}

// LoadBoundariesFile checks a boundaries file (refdata.ParseBoundaries,
// regions inside within) and loads it; a refused file stores nothing and
// comes back as an invalid error whose fields name each problem's feature
// and property ("features[3].properties.kode"; "file" for the file itself).
func (db *DB) LoadBoundariesFile(ctx context.Context, r io.Reader, source, within string) (*refdata.Upload, error) {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermRegionAdmin) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	up, probs := refdata.ParseBoundaries(r, refdata.DefaultRegionIndex(), within)
	if len(probs) > 0 {
		e := &siapekspor.Error{Code: siapekspor.EInvalid, Key: "boundary.refused"}
		for _, p := range probs {
			field := "file"
			if p.Feature >= 0 {
				field = "features[" + strconv.Itoa(p.Feature) + "]"
				if p.Property != "" {
					field += "." + p.Property
				}
			} else if p.Property != "" {
				field = p.Property
			}
			e.Fields = append(e.Fields, siapekspor.FieldError{Field: field, Key: p.Key, Args: p.Args})
		}
		return nil, e
	}
	return up, db.LoadBoundaries(ctx, up, source)
}
