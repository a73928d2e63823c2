package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// builtinReference answers validation from the reference data built into the
// binary, in memory, so that validating a whole imported province does not
// cost a query per field.
type builtinReference struct {
	once sync.Once
	kbli map[siapekspor.KBLICode]bool
}

var defaultReference = &builtinReference{}

// DefaultReference returns the checker over the built-in reference data.
func DefaultReference() siapekspor.Reference { return defaultReference }

func (r *builtinReference) RegionLevel(code string) (int, bool) {
	reg, ok := refdata.DefaultRegionIndex().ByCode(code)
	if !ok || reg.Code != code { // only the canonical dotted form is stored
		return 0, false
	}
	return reg.Level, true
}

// HSExists reports whether a code is a heading or subheading (4 or 6
// digits) of the built-in HS 2022 nomenclature. The trade statistics'
// "commodities not specified" (9999, 999999) names no product.
func (r *builtinReference) HSExists(code string) bool {
	c, ok := refdata.DefaultHSIndex().ByCode(code)
	return ok && c.Code == code && (c.Level == 4 || c.Level == 6) && c.Section != "TOTAL"
}

func (r *builtinReference) KBLIExists(version, code string) bool {
	r.once.Do(func() {
		r.kbli = map[siapekspor.KBLICode]bool{}
		for _, k := range refdata.KBLIs() {
			// Enterprises register activities at the 5-digit level (kelompok) in OSS.
			if k.Digits == 5 {
				r.kbli[siapekspor.KBLICode{Version: k.Version, Code: k.Code}] = true
			}
		}
	})
	return r.kbli[siapekspor.KBLICode{Version: version, Code: code}]
}

const refdataVersionKey = "refdata_version"

// LoadReference writes the built-in reference data into the database when
// the database holds another version of it (or none). Rows are upserted, never
// deleted, so enterprises keep their region codes; it runs in one transaction.
// It reports whether anything was loaded.
func (db *DB) LoadReference(ctx context.Context) (bool, error) {
	if err := db.seedQuestionnaire(ctx); err != nil {
		return false, fmt.Errorf("questionnaire: %w", err)
	}
	if err := db.seedRequirements(ctx); err != nil {
		return false, fmt.Errorf("market requirements: %w", err)
	}
	if err := db.ensureTradePacked(ctx); err != nil {
		return false, fmt.Errorf("trade data: %w", err)
	}
	if err := db.loadShippedTrade(ctx); err != nil {
		return false, fmt.Errorf("trade data: %w", err)
	}
	if err := db.seedRegionAliases(ctx); err != nil {
		return false, fmt.Errorf("region aliases: %w", err)
	}
	have, err := db.Setting(ctx, refdataVersionKey)
	if err != nil {
		return false, err
	}
	want := refdata.Version()
	if have == want {
		return false, nil
	}
	db.progress("reference data")
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		regions := refdata.Regions()
		err := db.batchInsert(ctx, tx, "regions", []string{"code", "name", "level", "parent", "bps_code", "lat", "lng"},
			` ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent = excluded.parent,
			  bps_code = excluded.bps_code, lat = excluded.lat, lng = excluded.lng`,
			len(regions), func(i int, a []any) []any {
				r := regions[i]
				return append(a, r.Code, r.Name, r.Level, r.Parent, r.BPSCode, nullFloat(r.Lat), nullFloat(r.Lng))
			})
		if err != nil {
			return fmt.Errorf("regions: %w", err)
		}
		hs := refdata.HSCodes()
		err = db.batchInsert(ctx, tx, "hs_codes", []string{"code", "level", "parent", "section", "description_en", "description_id"},
			` ON CONFLICT (code) DO UPDATE SET level = excluded.level, parent = excluded.parent, section = excluded.section,
			  description_en = excluded.description_en, description_id = excluded.description_id`,
			len(hs), func(i int, a []any) []any {
				h := hs[i]
				return append(a, h.Code, h.Level, h.Parent, h.Section, h.DescriptionEN, h.DescriptionID)
			})
		if err != nil {
			return fmt.Errorf("hs codes: %w", err)
		}
		cs := refdata.Countries()
		err = db.batchInsert(ctx, tx, "countries", []string{"iso3", "iso2", "iso_numeric", "name_en", "name_id", "region", "subregion", "lat", "lng"},
			` ON CONFLICT (iso3) DO UPDATE SET iso2 = excluded.iso2, iso_numeric = excluded.iso_numeric, name_en = excluded.name_en,
			  name_id = excluded.name_id, region = excluded.region, subregion = excluded.subregion, lat = excluded.lat, lng = excluded.lng`,
			len(cs), func(i int, a []any) []any {
				c := cs[i]
				return append(a, c.ISO3, c.ISO2, c.Numeric, c.NameEN, c.NameID, c.Region, c.Subregion, nullFloat(c.Lat), nullFloat(c.Lng))
			})
		if err != nil {
			return fmt.Errorf("countries: %w", err)
		}
		ks := refdata.KBLIs()
		err = db.batchInsert(ctx, tx, "kbli", []string{"version", "code", "digits", "category", "title", "description"},
			` ON CONFLICT (version, code) DO UPDATE SET digits = excluded.digits, category = excluded.category,
			  title = excluded.title, description = excluded.description`,
			len(ks), func(i int, a []any) []any {
				k := ks[i]
				return append(a, k.Version, k.Code, k.Digits, k.Category, k.Title, k.Description)
			})
		if err != nil {
			return fmt.Errorf("kbli: %w", err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, refdataVersionKey, want)
		return err
	})
	return err == nil, err
}

// progress tells Progress, when set, that a long step begins.
func (db *DB) progress(step string) {
	if db.Progress != nil {
		db.Progress(step)
	}
}

// nullFloat stores 0 (unknown in the reference files) as NULL.
func nullFloat(f float64) any {
	if f == 0 {
		return nil
	}
	return f
}
