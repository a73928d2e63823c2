package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/siapekspor/siapekspor"
)

var _ siapekspor.EnterpriseService = (*DB)(nil)

// enterpriseColumns are the stored columns in the order scanEnterprise reads
// them, each prefixed with the table alias e.
const enterpriseColumns = `e.id, e.name, e.kind, e.legal_form, e.nib, e.npwp, e.owner_name, e.owner_nik, e.phone, e.email,
	e.address, e.province_code, e.regency_code, COALESCE(e.district_code, ''), COALESCE(e.village_code, ''), e.lat, e.lng,
	e.sector, e.founded_year, e.workers, e.capital, e.annual_turnover, e.binaan_org_id, e.export_status, e.main_products, e.notes,
	e.size_class, e.size_basis, e.ikm_class, e.created_at, e.updated_at, e.version, COALESCE(o.name, '')`

// enterpriseFrom joins the office's name shown beside its id. The regions'
// names come from the reference index in memory (regionNameOf): the same
// data as the regions table, without four look-ups per row.
const enterpriseFrom = `FROM enterprises e
	LEFT JOIN organisations o ON o.id = e.binaan_org_id`

func scanEnterprise(s interface{ Scan(...any) error }) (*siapekspor.Enterprise, error) {
	var e siapekspor.Enterprise
	var lat, lng sql.NullFloat64
	var binaan sql.NullInt64
	err := s.Scan(&e.ID, &e.Name, &e.Kind, &e.LegalForm, &e.NIB, &e.NPWP, &e.OwnerName, &e.OwnerNIK, &e.Phone, &e.Email,
		&e.Address, &e.ProvinceCode, &e.RegencyCode, &e.DistrictCode, &e.VillageCode, &lat, &lng,
		&e.Sector, &e.FoundedYear, &e.Workers, &e.Capital, &e.AnnualTurnover, &binaan, &e.ExportStatus, &e.MainProducts, &e.Notes,
		&e.SizeClass, &e.SizeBasis, &e.IKMClass, &e.CreatedAt, &e.UpdatedAt, &e.Version, &e.Names.Binaan)
	if err != nil {
		return nil, err
	}
	e.Names.Province, e.Names.Regency = regionNameOf(e.ProvinceCode), regionNameOf(e.RegencyCode)
	e.Names.District, e.Names.Village = regionNameOf(e.DistrictCode), regionNameOf(e.VillageCode)
	if lat.Valid && lng.Valid {
		e.Lat, e.Lng = &lat.Float64, &lng.Float64
	}
	if binaan.Valid {
		e.BinaanOrgID = &binaan.Int64
	}
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	e.KBLI = []siapekspor.KBLICode{}
	return &e, nil
}

// Enterprise returns one enterprise with its KBLI codes, if the actor in
// ctx may reach it, with personal data masked for actors who may not see it.
func (db *DB) Enterprise(ctx context.Context, id int64) (*siapekspor.Enterprise, error) {
	e, err := db.enterprise(ctx, db.read, id)
	if err != nil {
		return nil, err
	}
	a := siapekspor.ActorFrom(ctx)
	if !siapekspor.ScopeOf(a).Contains(e) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden_enterprise")
	}
	siapekspor.MaskPersonalData(a, e)
	return e, nil
}

// checkScope refuses a write to an enterprise outside the actor's scope.
func checkScope(ctx context.Context, e *siapekspor.Enterprise) error {
	if !siapekspor.ScopeOf(siapekspor.ActorFrom(ctx)).Contains(e) {
		return siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden_enterprise")
	}
	return nil
}

func (db *DB) enterprise(ctx context.Context, q queryer, id int64) (*siapekspor.Enterprise, error) {
	// A page reads an enterprise several times (its own read, and each of
	// its records' access checks): on the read pool, through kept
	// statements, as compiling the 40-column text each time was a third of
	// the enterprise page's CPU.
	q = db.readsOf(q)
	e, err := scanEnterprise(q.QueryRowContext(ctx, `SELECT `+enterpriseColumns+` `+enterpriseFrom+` WHERE e.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("enterprise")
	}
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT version, code FROM enterprise_kbli WHERE enterprise_id = $1 ORDER BY version, code`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k siapekspor.KBLICode
		if err := rows.Scan(&k.Version, &k.Code); err != nil {
			return nil, err
		}
		e.KBLI = append(e.KBLI, k)
	}
	return e, rows.Err()
}

// prepareEnterprise normalises, validates and derives before a write.
func (db *DB) prepareEnterprise(e *siapekspor.Enterprise) error {
	e.Normalize()
	if err := e.Validate(db.ref, db.now()); err != nil {
		return err
	}
	e.Derive()
	return nil
}

// checkNIB refuses a NIB that another enterprise already holds. The unique
// index is the final guard; this check turns the common case into a message
// on the field.
func (db *DB) checkNIB(ctx context.Context, q queryer, e *siapekspor.Enterprise) error {
	if e.NIB == "" {
		return nil
	}
	var other int64
	// "nib <> ''" is the NIB index's own condition: without it neither
	// engine may read that partial index for a bound value, and every save
	// of an enterprise read the whole registry (36 ms of a 38 ms edit).
	err := q.QueryRowContext(ctx, `SELECT id FROM enterprises WHERE nib = $1 AND nib <> '' AND id <> $2`, e.NIB, e.ID).Scan(&other)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	// The holder is named only to whom may read it.
	holder, err := db.enterprise(ctx, q, other)
	if err != nil {
		return err
	}
	fe := siapekspor.FieldError{Field: "nib", Key: "nib.taken", Args: []any{other}}
	if !siapekspor.ScopeOf(siapekspor.ActorFrom(ctx)).Contains(holder) {
		fe = siapekspor.FieldError{Field: "nib", Key: "nib.taken_elsewhere"}
	}
	return &siapekspor.Error{Code: siapekspor.EConflict, Key: "error.validation", Fields: []siapekspor.FieldError{fe}}
}

// enterpriseArgs are the values of the writable columns, in enterpriseWritable order.
const enterpriseWritable = `name, search_text, name_key, kind, legal_form, nib, npwp, owner_name, owner_nik, phone, email,
	address, province_code, regency_code, district_code, village_code, lat, lng,
	sector, founded_year, workers, capital, annual_turnover, binaan_org_id, export_status, main_products, notes,
	size_class, size_basis, ikm_class`

func enterpriseArgs(e *siapekspor.Enterprise) []any {
	var lat, lng, binaan any
	if e.Lat != nil && e.Lng != nil {
		lat, lng = *e.Lat, *e.Lng
	}
	if e.BinaanOrgID != nil {
		binaan = *e.BinaanOrgID
	}
	key := siapekspor.NormalizeName(e.Name)
	// search_text is what the list's name-and-owner filter matches.
	return []any{e.Name, key + " | " + siapekspor.NormalizeName(e.OwnerName), key, e.Kind, e.LegalForm, e.NIB, e.NPWP, e.OwnerName, e.OwnerNIK, e.Phone, e.Email,
		e.Address, e.ProvinceCode, e.RegencyCode, nullString(e.DistrictCode), nullString(e.VillageCode), lat, lng,
		e.Sector, e.FoundedYear, e.Workers, e.Capital, e.AnnualTurnover, binaan, e.ExportStatus, e.MainProducts, e.Notes,
		e.SizeClass, e.SizeBasis, e.IKMClass}
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func placeholders(from, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(from+i))
	}
	return b.String()
}

// CreateEnterprise validates and stores a new enterprise.
func (db *DB) CreateEnterprise(ctx context.Context, e *siapekspor.Enterprise) error {
	e.ID = 0
	if err := db.prepareEnterprise(e); err != nil {
		return err
	}
	if err := checkScope(ctx, e); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.checkBinaan(ctx, tx, e); err != nil {
			return err
		}
		if err := db.checkNIB(ctx, tx, e); err != nil {
			return err
		}
		now := db.now()
		args := append(enterpriseArgs(e), now, now)
		n := len(args)
		err := tx.QueryRowContext(ctx, `INSERT INTO enterprises (`+enterpriseWritable+`, created_at, updated_at, version)
			VALUES (`+placeholders(1, n)+`, 1) RETURNING id`, args...).Scan(&e.ID)
		if err != nil {
			return db.mapWriteError(err)
		}
		e.CreatedAt, e.UpdatedAt, e.Version = now, now, 1
		if err := writeKBLI(ctx, tx, e); err != nil {
			return err
		}
		if err := db.countNew(ctx, tx, []*siapekspor.Enterprise{e}); err != nil {
			return err
		}
		if err := db.indexEnterprise(ctx, tx, e.ID); err != nil {
			return err
		}
		return db.audit(ctx, tx, "create", "enterprise", e.ID, nil, e)
	})
}

// UpdateEnterprise validates and stores e over its record if e.Version is current.
func (db *DB) UpdateEnterprise(ctx context.Context, e *siapekspor.Enterprise) error {
	if err := db.prepareEnterprise(e); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := db.enterprise(ctx, tx, e.ID)
		if err != nil {
			return err
		}
		// Both the record as it was and as it will be must lie in scope: an
		// officer cannot move an enterprise out of its region, or into it.
		if err := checkScope(ctx, before); err != nil {
			return err
		}
		if err := checkScope(ctx, e); err != nil {
			return err
		}
		if before.Version != e.Version {
			return siapekspor.Errorf(siapekspor.EConflict, "error.stale_version")
		}
		if err := db.checkBinaan(ctx, tx, e); err != nil {
			return err
		}
		if err := db.checkNIB(ctx, tx, e); err != nil {
			return err
		}
		now := db.now()
		if err := db.updateEnterpriseRow(ctx, tx, e, now); err != nil {
			return err
		}
		e.CreatedAt, e.UpdatedAt, e.Version = before.CreatedAt, now, before.Version+1
		return db.audit(ctx, tx, "update", "enterprise", e.ID, before, e)
	})
}

// updateEnterpriseRow writes e's fields over its row, bumps its version,
// rewrites its KBLI codes and moves it (and its products) in the summary
// figures. Every update of an enterprise goes through it: the form, the
// API, an import's updates and an undo's restores.
func (db *DB) updateEnterpriseRow(ctx context.Context, tx *sql.Tx, e *siapekspor.Enterprise, now time.Time) error {
	// Export records raise the status given (exportrecords.go).
	if err := db.keepExportStatus(ctx, tx, e); err != nil {
		return err
	}
	args := append(enterpriseArgs(e), now, e.ID)
	n := len(args)
	var b strings.Builder
	for i, c := range strings.Fields(strings.ReplaceAll(enterpriseWritable, ",", " ")) {
		fmt.Fprintf(&b, "%s = $%d, ", c, i+1)
	}
	err := db.recounted(ctx, tx, countWhole, "e.id = $1", []any{e.ID}, func() error {
		res, err := tx.ExecContext(ctx, `UPDATE enterprises SET `+b.String()+`updated_at = $`+strconv.Itoa(n-1)+
			`, version = version + 1 WHERE id = $`+strconv.Itoa(n), args...)
		if err != nil {
			return db.mapWriteError(err)
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return notFound("enterprise")
		}
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM enterprise_kbli WHERE enterprise_id = $1`, e.ID); err != nil {
		return err
	}
	if err := writeKBLI(ctx, tx, e); err != nil {
		return err
	}
	return db.indexEnterprise(ctx, tx, e.ID)
}

// DeleteEnterprise removes an enterprise; its KBLI codes go with it.
func (db *DB) DeleteEnterprise(ctx context.Context, id int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := db.enterprise(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := checkScope(ctx, before); err != nil {
			return err
		}
		if err := db.unindexEnterprise(ctx, tx, id); err != nil {
			return err
		}
		if err := db.recount(ctx, tx, -1, countWhole, "e.id = $1", id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM enterprises WHERE id = $1`, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, "delete", "enterprise", id, before, nil)
	})
}

func writeKBLI(ctx context.Context, q queryer, e *siapekspor.Enterprise) error {
	for _, k := range e.KBLI {
		if _, err := q.ExecContext(ctx, `INSERT INTO enterprise_kbli (enterprise_id, version, code) VALUES ($1, $2, $3)`, e.ID, k.Version, k.Code); err != nil {
			return err
		}
	}
	return nil
}

// checkBinaan refuses a binaan office that does not exist or cannot coach.
func (db *DB) checkBinaan(ctx context.Context, q queryer, e *siapekspor.Enterprise) error {
	if e.BinaanOrgID == nil {
		return nil
	}
	var kind siapekspor.OrgKind
	err := q.QueryRowContext(ctx, `SELECT kind FROM organisations WHERE id = $1`, *e.BinaanOrgID).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !kind.CoachesEnterprises()) {
		var p siapekspor.Problems
		p.Add("binaan_org_id", "binaan.unknown")
		return p.Err()
	}
	return err
}

func (db *DB) mapWriteError(err error) error {
	if db.dialect.isUniqueViolation(err) {
		return siapekspor.Errorf(siapekspor.EConflict, "error.duplicate")
	}
	return err
}

// cursor is the position after the last row of a page: its sort value and id.
type cursor struct {
	S  string `json:"s,omitempty"`
	N  int64  `json:"n,omitempty"`
	ID int64  `json:"id"`
}

func encodeCursor(c cursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil {
		return c, siapekspor.Errorf(siapekspor.EInvalid, "error.bad_cursor")
	}
	return c, nil
}

// sortColumn maps a sort key to its column and whether it is numeric.
func sortColumn(s siapekspor.EnterpriseSort) (col string, numeric bool) {
	switch s {
	case siapekspor.SortUpdated:
		return "e.updated_at", false
	case siapekspor.SortWorkers:
		return "e.workers", true
	case siapekspor.SortTurnover:
		return "e.annual_turnover", true
	case siapekspor.SortFounded:
		return "e.founded_year", true
	default:
		return "e.name_key", false
	}
}

// where builds a WHERE clause from filter fields; user text only ever
// travels as an argument.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// likeEscape escapes LIKE wildcards in user text (with ESCAPE '\').
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// scope adds the condition that enterprise e lies in a scope (nothing for
// the whole registry).
func (w *where) scope(scope siapekspor.EnterpriseScope) {
	if c, args := scopeCond(scope, "e.id", "e."); c != "" {
		w.add(c, args...)
	}
}

// scopeCond is the condition, with ? for its arguments, that an enterprise
// lies in a scope, "" for the whole registry: the one translation of
// siapekspor.ScopeOf to SQL, for the registry (idCol "e.id", prefix "e.")
// and for any table that carries the enterprise's id and regions (the
// search documents: "d.enterprise_id", "d.").
func scopeCond(scope siapekspor.EnterpriseScope, idCol, prefix string) (string, []any) {
	switch {
	case scope.None:
		return "1 = 0", nil
	case scope.All:
		return "", nil
	case scope.EnterpriseID != 0:
		return idCol + " = ?", []any{scope.EnterpriseID}
	case scope.Mentor:
		return idIn(idCol, scope.Assigned), nil
	}
	// A regency office's region, or its own binaan wherever they are.
	return "(" + prefix + "province_code = ? OR " + prefix + "regency_code = ? OR " + prefix + "district_code = ? OR " + prefix + "binaan_org_id = ?)",
		[]any{scope.RegionCode, scope.RegionCode, scope.RegionCode, scope.BinaanOrgID}
}

// walkScopeCond is scopeCond of an office's scope for a walk in a sort
// index: only the column of the region's level (a code's dots say it) and
// the binaan, each with a unary plus so that no index is used for them.
func walkScopeCond(region string) string {
	col := [...]string{"province_code", "regency_code", "district_code"}[min(strings.Count(region, "."), 2)]
	return "(+e." + col + " = ? OR +e.binaan_org_id = ?)"
}

func enterpriseWhere(d dialect, f siapekspor.EnterpriseFilter, scope siapekspor.EnterpriseScope) *where {
	w := scopeWhere(scope)
	// A normalised word holds only letters and digits, nothing LIKE reads
	// as a wildcard or an escape.
	for _, word := range strings.Fields(siapekspor.NormalizeName(f.Query)) {
		w.add(d.nameContains(word), "%"+word+"%")
	}
	// A regency or district filter carries its province too (the code's
	// first part): a registry partitioned by province is then read in one
	// partition (docs/scaling.md).
	province := f.ProvinceCode
	if r := f.RegencyCode + f.DistrictCode; province == "" && r != "" {
		province, _, _ = strings.Cut(r, ".")
	}
	if province != "" {
		w.add("e.province_code = ?", province)
	}
	if f.RegencyCode != "" {
		w.add("e.regency_code = ?", f.RegencyCode)
	}
	if f.DistrictCode != "" {
		w.add("e.district_code = ?", f.DistrictCode)
	}
	if f.Sector != "" {
		w.add("e.sector = ?", f.Sector)
	}
	if f.Kind != "" {
		w.add("e.kind = ?", f.Kind)
	}
	if f.SizeClass != "" {
		w.add("e.size_class = ?", f.SizeClass)
	}
	if f.ExportStatus != "" {
		w.add("e.export_status = ?", f.ExportStatus)
	}
	if f.BinaanOrgID != 0 {
		w.add("e.binaan_org_id = ?", f.BinaanOrgID)
	}
	switch f.Readiness {
	case "":
	case ReadinessNone:
		w.add("NOT EXISTS (SELECT 1 FROM enterprise_readiness rn WHERE rn.enterprise_id = e.id)")
	default:
		w.add("e.id IN (SELECT rl.enterprise_id FROM enterprise_readiness rl WHERE rl.level = ?)", f.Readiness)
	}
	// The funnel's stages beyond registered (enterprise_funnel, funnel.go).
	if f.FunnelStage > 0 {
		if f.FunnelYear > 0 {
			w.add("e.id IN (SELECT ef.enterprise_id FROM enterprise_funnel ef WHERE ef.stage = ? AND ef.reached_on <= ?)",
				f.FunnelStage, strconv.Itoa(f.FunnelYear)+"-12-31")
		} else {
			w.add("e.id IN (SELECT ef.enterprise_id FROM enterprise_funnel ef WHERE ef.stage = ?)", f.FunnelStage)
		}
	}
	return w
}

// scopeWhere limits enterprises to those of scope.
func scopeWhere(scope siapekspor.EnterpriseScope) *where {
	w := &where{}
	w.scope(scope)
	return w
}

// ListEnterprises returns one page of enterprises matching f, and the total:
// from the summary figures when the filter allows it, else by counting
// (unless f.CheapTotal). Pages are read through the sort index from a
// cursor, so a page far down the list costs what the first one does.
func (db *DB) ListEnterprises(ctx context.Context, f siapekspor.EnterpriseFilter) (*siapekspor.EnterprisePage, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, 500)
	a := siapekspor.ActorFrom(ctx)
	scope := siapekspor.ScopeOf(a)
	w := enterpriseWhere(db.dialect, f, scope)
	if region, ok := filterRegion(f.ProvinceCode, f.RegencyCode, f.DistrictCode); ok && scope.RegionCode != "" {
		if inside, _ := meetRegion(region, scope.RegionCode); inside == region && region != "" {
			// The filter's region lies in the office's: the scope says nothing more.
			w = enterpriseWhere(db.dialect, f, siapekspor.EnterpriseScope{All: true})
		} else if db.dialect.orScopePlansPoorly() && f.ProvinceCode != "" {
			// An office's scope (its region or its own binaan) is a few percent
			// of the province: walking the province's sort index and passing
			// over the others inside it beats SQLite's plan for the OR, which
			// reads the whole scope through two indexes and sorts it per page.
			w = enterpriseWhere(db.dialect, f, siapekspor.EnterpriseScope{All: true})
			w.add(walkScopeCond(scope.RegionCode), scope.RegionCode, scope.BinaanOrgID)
		}
	}
	page := &siapekspor.EnterprisePage{Items: []siapekspor.Enterprise{}}
	few := false // the matches are few: read them through a filter's index and sort them
	if !f.SkipTotal {
		counts, ok, err := db.countEnterprises(ctx, f, scope, "", nil)
		switch {
		case err != nil:
			return nil, err
		case ok:
			page.Total = int(counts[""])
			if page.Total == 0 {
				return page, nil
			}
			few = page.Total <= fewMatches && (f.ExportStatus != "" || f.DistrictCode != "" || f.BinaanOrgID != 0)
		case f.CheapTotal:
			page.Total = -1
		default:
			if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM enterprises e`+w.sql(), w.args...).Scan(&page.Total); err != nil {
				return nil, err
			}
		}
	}
	col, numeric := sortColumn(f.Sort)
	k := keysetOf(f.After, f.Before, f.Last, f.Desc, f.Limit, page.Total)
	if k.cur != "" {
		c, err := decodeCursor(k.cur)
		if err != nil {
			return nil, err
		}
		var v any = c.S
		if numeric {
			v = c.N
		} else if f.Sort == siapekspor.SortUpdated {
			t, err := time.Parse(time.RFC3339, c.S)
			if err != nil {
				return nil, siapekspor.Errorf(siapekspor.EInvalid, "error.bad_cursor")
			}
			v = t
		}
		// A row-value comparison, unlike the equivalent OR, lets both engines
		// seek in the sort index instead of scanning up to the cursor.
		w.add(fmt.Sprintf("(%s, e.id) %s (?, ?)", col, k.cmp), v, c.ID)
	}
	order := col
	if few {
		order = db.dialect.rareFilterOrder(col)
	}
	from := enterpriseFrom + w.sql()
	if db.dialect.fencesTextFilter() && trigramWords(f.Query) {
		// The matches first (OFFSET 0 keeps the planner from walking the
		// sort index for them), then their order: a common word in a
		// regency took a second at ten million, a page of its matches now
		// a few milliseconds (docs/scaling.md).
		from = strings.Replace(enterpriseFrom, "FROM enterprises e", "FROM (SELECT * FROM enterprises e"+w.sql()+" OFFSET 0) e", 1)
	}
	q := `SELECT ` + enterpriseColumns + ` ` + from +
		fmt.Sprintf(" ORDER BY %s %s, e.id %s LIMIT %d", order, k.dir, k.dir, k.limit+1)
	args := w.args
	if k.cur == "" && !k.last && f.Offset > 0 {
		// An argument, so the text stays one kept statement (stmtcache.go).
		q += fmt.Sprintf(" OFFSET $%d", len(args)+1)
		args = append(args, f.Offset)
	}
	rows, err := db.readQuery(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEnterprise(rows)
		if err != nil {
			return nil, err
		}
		siapekspor.MaskPersonalData(a, e)
		page.Items = append(page.Items, *e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	page.Items, page.Prev, page.Next = finishKeyset(k, page.Items, f.After != "" || f.Offset > 0, func(e *siapekspor.Enterprise) cursor {
		return cursorOf(f.Sort, e)
	})
	if len(page.Items) == 0 || f.NoKBLI {
		return page, nil
	}
	return page, db.loadKBLI(ctx, page.Items)
}

// trigramWords says whether a text filter has a word the trigram index
// can find (three characters or more).
func trigramWords(query string) bool {
	for _, word := range strings.Fields(siapekspor.NormalizeName(query)) {
		if utf8.RuneCountInString(word) >= 3 {
			return true
		}
	}
	return false
}

// keyset is how a page is read from a cursor: forwards from the cursor
// after the last page, or backwards (the page before a cursor, or the last
// page) with the sort order reversed, turned round afterwards.
type keyset struct {
	cur       string // the cursor read from; "" for either end
	backwards bool
	last      bool
	dir, cmp  string // the SQL order, and the comparison with the cursor
	limit     int
}

func keysetOf(after, before string, last, desc bool, limit, total int) keyset {
	k := keyset{last: last && after == "" && before == "", limit: limit, cur: after}
	k.backwards = before != "" || k.last
	k.dir, k.cmp = "ASC", ">"
	if desc != k.backwards {
		k.dir, k.cmp = "DESC", "<"
	}
	if k.last && total > 0 {
		// The last page holds what the numbered pages before it leave.
		k.limit = (total-1)%limit + 1
	}
	if k.backwards {
		k.cur = before
	}
	return k
}

// finishKeyset cuts a page read with one row more than its size, turns a
// backwards page round, and returns the cursors of the pages before and
// after it; started says a forward page does not begin the list.
func finishKeyset[T any](k keyset, items []T, started bool, at func(*T) cursor) (page []T, prev, next string) {
	more := len(items) > k.limit
	if more {
		items = items[:k.limit]
	}
	if len(items) == 0 {
		return items, "", ""
	}
	first, last := &items[0], &items[len(items)-1]
	if k.backwards {
		slices.Reverse(items)
		if more {
			prev = encodeCursor(at(first))
		}
		if !k.last {
			next = encodeCursor(at(last))
		}
		return items, prev, next
	}
	if more {
		next = encodeCursor(at(last))
	}
	if started {
		prev = encodeCursor(at(first))
	}
	return items, prev, next
}

// fewMatches: a filtered list of at most so many enterprises is read
// through the filter's index and sorted (a few milliseconds at most),
// rather than by walking the sort order until a page is full.
const fewMatches = 1000

// cursorOf is the position of an enterprise in a sort order.
func cursorOf(sort siapekspor.EnterpriseSort, e *siapekspor.Enterprise) cursor {
	c := cursor{ID: e.ID}
	switch sort {
	case siapekspor.SortWorkers:
		c.N = int64(e.Workers)
	case siapekspor.SortTurnover:
		c.N = e.AnnualTurnover
	case siapekspor.SortFounded:
		c.N = int64(e.FoundedYear)
	case siapekspor.SortUpdated:
		c.S = e.UpdatedAt.Format("2006-01-02T15:04:05Z")
	default:
		c.S = siapekspor.NormalizeName(e.Name)
	}
	return c
}

// EachEnterprise calls fn for every enterprise f selects, in the filter's
// order, within the actor's scope and masked as the actor must see them. It
// runs one query, not a page query per page: an export of the whole
// province sorts once instead of once per page.
func (db *DB) EachEnterprise(ctx context.Context, f siapekspor.EnterpriseFilter, fn func(*siapekspor.Enterprise) error) error {
	a := siapekspor.ActorFrom(ctx)
	w := enterpriseWhere(db.dialect, f, siapekspor.ScopeOf(a))
	col, _ := sortColumn(f.Sort)
	dir := "ASC"
	if f.Desc {
		dir = "DESC"
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+enterpriseColumns+` `+enterpriseFrom+w.sql()+
		fmt.Sprintf(" ORDER BY %s %s, e.id %s", col, dir, dir), w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	batch := make([]siapekspor.Enterprise, 0, 500)
	flush := func() error {
		if err := db.loadKBLI(ctx, batch); err != nil {
			return err
		}
		for i := range batch {
			if err := fn(&batch[i]); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	for rows.Next() {
		e, err := scanEnterprise(rows)
		if err != nil {
			return err
		}
		siapekspor.MaskPersonalData(a, e)
		batch = append(batch, *e)
		if len(batch) == cap(batch) {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return flush()
}

// loadKBLI fills the KBLI codes of a page of enterprises in one query.
func (db *DB) loadKBLI(ctx context.Context, es []siapekspor.Enterprise) error {
	if len(es) == 0 {
		return nil
	}
	pos := make(map[int64]int, len(es))
	ids := make([]int64, len(es))
	for i, e := range es {
		pos[e.ID] = i
		ids[i] = e.ID
	}
	rows, err := db.queryIDs(ctx, db.read, `SELECT enterprise_id, version, code FROM enterprise_kbli WHERE enterprise_id `, ids, ` ORDER BY enterprise_id, version, code`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var k siapekspor.KBLICode
		if err := rows.Scan(&id, &k.Version, &k.Code); err != nil {
			return err
		}
		e := &es[pos[id]]
		e.KBLI = append(e.KBLI, k)
	}
	return rows.Err()
}
