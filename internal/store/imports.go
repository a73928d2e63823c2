package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
)

// Duplicate policies: what an import does with a row that matches an
// enterprise already in the registry (or earlier in the same file).
// The rules are the domain's (duplicate.go).
const (
	DupSkip   = siapekspor.DupSkip
	DupUpdate = siapekspor.DupUpdate
	DupKeep   = siapekspor.DupKeep
)

// ImportOptions describe one import.
type ImportOptions struct {
	FileName   string
	FileSHA256 string
	Format     string
	Duplicates string // DupSkip, DupUpdate or DupKeep
	// DryRun reads and sorts out every row as the real run does and writes
	// nothing: the report is what the real run would do, and nothing stays.
	DryRun bool
	// Refused tells how many rows the reader refused (reported, not
	// stored). A reader that streams its rows knows only once it has read
	// them all, so it is asked after the last row, before the import is
	// recorded.
	Refused func() int
	// Writing, when set, hears how far the write phase is: rows done of
	// all accepted rows, once as it begins (0) and after each batch.
	Writing func(done, total int)
	// Inserted, when set, hears each row inserted (in a dry run: each that
	// would be) with the enterprise's id, valid once the import returns.
	Inserted func(line int, id int64)
	// Drafts, when set, gives the draft products to make of the rows
	// inserted (their enterprise ids as Inserted told them), made in the
	// import's own transaction: the enterprises and their drafts are
	// stored together or not at all. Not asked in a dry run.
	Drafts func() []*siapekspor.Product
}

// ImportRow is one accepted row of a file.
type ImportRow struct {
	Line       int
	Enterprise *siapekspor.Enterprise
	// RegistryID is the id the row gives (an export's ID column): the row
	// is that enterprise when its name is the registered one's too.
	RegistryID int64
	// Checked: the reader normalised and validated the enterprise against
	// this store's reference and clock (bulk.Import's readers do), so the
	// import only derives its classes instead of checking it again.
	Checked bool
}

// Duplicate is a row that matches an enterprise: in the registry
// (ExistingID) or earlier in the file (EarlierLine). A registered enterprise
// outside the importer's scope is not named: OutsideScope says only that
// one exists.
//
// A match by NIB or by the owner's NIK is a duplicate: skipped, updated or
// kept as the import's policy says. A match by name alone (By name_village,
// name_district or name_regency) is only a possible duplicate: the row is
// imported (Action "imported", EnterpriseID its new record) and listed for
// an officer to decide on.
type Duplicate struct {
	Line         int    `json:"line"`
	By           string `json:"by"` // nib, nik, name_village, name_district, name_regency or scope
	ExistingID   int64  `json:"existing_id,omitempty"`
	ExistingName string `json:"existing_name,omitempty"`
	OutsideScope bool   `json:"outside_scope,omitempty"`
	EarlierLine  int    `json:"earlier_line,omitempty"`
	Action       string `json:"action"` // skipped, updated, kept, rejected; imported (a possible duplicate)
	EnterpriseID int64  `json:"enterprise_id,omitempty"`
	hiddenID     int64  // the record outside scope, stored but not shown
}

// ImportResult summarises an import. Every data row of the file is counted
// once: Inserted + Updated + Skipped + Rejected is the number of data rows
// read; Possible counts those of the inserted rows that may duplicate an
// enterprise by name.
type ImportResult struct {
	ID                 int64       `json:"id,omitempty"`
	DryRun             bool        `json:"dry_run"`
	Inserted           int         `json:"inserted"`
	Updated            int         `json:"updated"`
	Skipped            int         `json:"skipped"`
	Rejected           int         `json:"rejected"`
	Possible           int         `json:"possible"`
	Duplicates         []Duplicate `json:"duplicates"`
	PossibleDuplicates []Duplicate `json:"possible_duplicates"`
}

// loadDupIndex reads the registered enterprises the file's keys reach —
// by NIB, NIK or registry id (national, by index) and, for names, those
// of the villages, districts and regencies its rows name — never the whole
// registry: a 5-row file reads a handful of records, a province's file its
// province's name keys and the records whose names a row shares. Of each
// record the index keeps only the keys a row looks up (a province's 400,000
// records, held whole, were half a province import's time at national
// scale). Which of them lie outside the actor's scope is noted.
func (db *DB) loadDupIndex(ctx context.Context, q queryer, keys *siapekspor.DuplicateKeys) (*siapekspor.DuplicateIndex, error) {
	x := siapekspor.NewDuplicateIndex(keys)
	scope := siapekspor.ScopeOf(siapekspor.ActorFrom(ctx))
	// Each record is added as it is read, into one Enterprise: the index
	// copies out the few keys it keeps (and a record read twice, by its NIB
	// and its village, adds the same keys again).
	var e siapekspor.Enterprise
	var nameKey string
	var binaan sql.NullInt64
	read := func(col string, values []any) error {
		// The NIB's index leaves out empty NIBs; a prepared statement's
		// generic plan cannot see that no key is empty and scans the whole
		// registry (140 ms a look-up at a million) unless told.
		also := ""
		if col == "nib" {
			also = ` AND nib <> ''`
		}
		return eachRowIn(ctx, q, `SELECT id, name, name_key, nib, owner_nik, COALESCE(village_code, ''), COALESCE(district_code, ''),
			province_code, regency_code, binaan_org_id FROM enterprises`, col, values, also, func(rows *sql.Rows) error {
			e = siapekspor.Enterprise{}
			if err := rows.Scan(&e.ID, &e.Name, &nameKey, &e.NIB, &e.OwnerNIK, &e.VillageCode, &e.DistrictCode, &e.ProvinceCode, &e.RegencyCode, &binaan); err != nil {
				return err
			}
			if binaan.Valid {
				e.BinaanOrgID = &binaan.Int64
			}
			x.AddRegistered(&e, nameKey, scope.Contains(&e))
			return nil
		})
	}
	if err := read("nib", anyKeys(keys.NIBs)); err != nil {
		return nil, err
	}
	if err := read("owner_nik", anyKeys(keys.NIKs)); err != nil {
		return nil, err
	}
	// The records of the rows' villages, districts and regencies are
	// wanted only where a row compares its name: a province's file names
	// every village of the province, whose records are read by their name
	// key and places alone, and only those that share a row's name in full.
	ids := maps.Clone(keys.IDs)
	villages, districts, regencies := keys.Places()
	for _, k := range []struct {
		col  string
		keys map[string]bool
	}{{"village_code", villages}, {"district_code", districts}, {"regency_code", regencies}} {
		var id int64
		var village, district, regency string
		if err := eachRowIn(ctx, q, `SELECT id, name_key, COALESCE(village_code, ''), COALESCE(district_code, ''), regency_code FROM enterprises`,
			k.col, anyKeys(k.keys), "", func(rows *sql.Rows) error {
				if err := rows.Scan(&id, &nameKey, &village, &district, &regency); err != nil {
					return err
				}
				if keys.NameLookedUp(nameKey, village, district, regency) {
					ids[id] = true
				}
				return nil
			}); err != nil {
			return nil, err
		}
	}
	if err := read("id", anyKeys(ids)); err != nil {
		return nil, err
	}
	return x, nil
}

// eachRowIn runs selectFrom with "WHERE col IN (values) also" in batches
// of 500 values (under SQLite's and PostgreSQL's limits on arguments) and
// hands each row to each.
func eachRowIn(ctx context.Context, q queryer, selectFrom, col string, values []any, also string, each func(*sql.Rows) error) error {
	for len(values) > 0 {
		n := min(len(values), 500)
		rows, err := q.QueryContext(ctx, selectFrom+` WHERE `+col+` IN (`+placeholders(1, n)+`)`+also, values[:n]...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := each(rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		values = values[n:]
	}
	return nil
}

// anyKeys lists a set's keys, sorted, as query arguments.
func anyKeys[K cmp.Ordered](set map[K]bool) []any {
	keys := make([]K, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = k
	}
	return out
}

// ImportEnterprises stores the rows next returns (until io.EOF): all of
// them, or — on any failure, including the process being killed — none.
// Duplicates follow opt.Duplicates. The import is recorded with its file's
// name and hash and can be undone as a whole. progress, if set, is called
// with the number of rows read so far.
//
// It works in two phases, so that an import beside the server does not
// hold up the server's writes. First, without any lock, it reads every row
// (the file's parsing is the slow part), checks its scope, normalises and
// validates it and spools it to disk. Then one write transaction loads the
// registry's identities, sorts duplicates out in memory and inserts: it
// holds the write lock for about as long as a bare insert of the rows. A
// dry run sorts the rows out the same way against a read-only snapshot and
// writes nothing: it takes no lock, leaves no write-ahead log behind, and
// reports what the real run would do on the registry as it is.
func (db *DB) ImportEnterprises(ctx context.Context, opt ImportOptions, next func() (*ImportRow, error), progress func(int)) (*ImportResult, error) {
	switch opt.Duplicates {
	case DupSkip, DupUpdate, DupKeep:
	case "":
		opt.Duplicates = DupSkip
	default:
		return nil, siapekspor.Errorf(siapekspor.EInvalid, "import.bad_duplicates")
	}
	sp, err := db.spoolImport(ctx, next, progress)
	if err != nil {
		return nil, err
	}
	defer sp.close()
	refused := 0
	if opt.Refused != nil {
		refused = opt.Refused()
	}
	res := &ImportResult{DryRun: opt.DryRun, Duplicates: []Duplicate{}, PossibleDuplicates: []Duplicate{}}
	if opt.DryRun {
		err := db.inSnapshot(ctx, func(q queryer) error {
			idx, err := db.loadDupIndex(ctx, q, sp.keys)
			if err == nil {
				_, err = db.applyImport(ctx, q, nil, idx, sp, opt, res, db.now())
			}
			return err
		})
		if err != nil {
			return nil, db.mapWriteError(err)
		}
		res.Rejected += refused
		return res, nil
	}
	// A large job leaves a large write-ahead log on SQLite (a failure too:
	// its pages were written before the rollback): give the space back
	// whatever the outcome.
	defer func() {
		if sp.rows >= checkpointRows {
			db.Checkpoint(context.WithoutCancel(ctx))
		}
	}()
	err = db.inBulkTx(ctx, func(btx *bulkTx) error {
		tx := btx.Tx
		if err := db.dialect.lockForInsert(ctx, tx, "enterprises"); err != nil {
			return err
		}
		now := db.now() // the rows' and the import's time
		// The import is recorded first, so that every row it inserts carries
		// its id (what its undo may delete); the counts follow at the end.
		if res.ID, err = db.recordImport(ctx, tx, opt, now); err != nil {
			return err
		}
		// The registry's duplicates are read while its indexes serve the
		// look-ups, before a large import sets them aside.
		idx, err := db.loadDupIndex(ctx, tx, sp.keys)
		if err != nil {
			return err
		}
		rebuild, err := db.deferIndexes(ctx, tx, sp.rows, "enterprises", "search_docs", "enterprise_kbli")
		if err != nil {
			return err
		}
		items, err := db.applyImport(ctx, tx, btx, idx, sp, opt, res, now)
		if err != nil {
			return err
		}
		if err := rebuild(); err != nil {
			return err
		}
		res.Rejected += refused
		if err := db.dialect.afterExplicitIDs(ctx, tx, "enterprises"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE imports SET inserted = $1, updated = $2, skipped = $3, rejected = $4, possible = $5 WHERE id = $6`,
			res.Inserted, res.Updated, res.Skipped, res.Rejected, res.Possible, res.ID); err != nil {
			return err
		}
		if err := db.importExtras(ctx, btx, opt, res, items); err != nil {
			return err
		}
		return db.audit(ctx, tx, "import", "import", res.ID, nil, map[string]any{"file": opt.FileName, "sha256": opt.FileSHA256,
			"inserted": res.Inserted, "updated": res.Updated, "skipped": res.Skipped, "rejected": res.Rejected, "possible": res.Possible})
	})
	if err != nil {
		return nil, db.mapWriteError(err)
	}
	// The import is committed: statistics that could not be refreshed now
	// (the database busy, the request gone) are refreshed at the next start.
	db.afterImport(ctx, res.Inserted)
	return res, nil
}

// recordImport records an import about to be written, as the actor's.
func (db *DB) recordImport(ctx context.Context, tx *sql.Tx, opt ImportOptions, now time.Time) (int64, error) {
	a := siapekspor.ActorFrom(ctx)
	var userID, orgID any
	if a.UserID != 0 {
		userID = a.UserID
	}
	if a.OrgID != 0 {
		orgID = a.OrgID
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO imports (at, user_id, org_id, actor, file_name, file_sha256, format, duplicates, inserted, updated, skipped, rejected)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 0, 0, 0) RETURNING id`,
		now, userID, orgID, a.Label, opt.FileName, opt.FileSHA256, opt.Format, opt.Duplicates).Scan(&id)
	return id, err
}

// importExtras writes what comes with an import's rows, in its
// transaction: the draft products asked for, the possible duplicates for
// an officer, and the items its undo works from.
func (db *DB) importExtras(ctx context.Context, btx *bulkTx, opt ImportOptions, res *ImportResult, items []importItem) error {
	if opt.Drafts != nil {
		if ps := opt.Drafts(); len(ps) > 0 {
			if err := validateProducts(ps, db.ref); err != nil {
				return err
			}
			if err := db.createProductsTx(ctx, btx, opt.FileName, ps); err != nil {
				return err
			}
		}
	}
	pd := res.PossibleDuplicates
	err := db.bulkInsert(ctx, btx, "import_possible_duplicates", []string{"import_id", "line", "enterprise_id", "existing_id", "existing_line", "match_by"}, len(pd),
		func(i int, a []any) []any {
			return append(a, res.ID, pd[i].Line, pd[i].EnterpriseID, max(pd[i].ExistingID, pd[i].hiddenID), pd[i].EarlierLine, pd[i].By)
		})
	if err != nil {
		return err
	}
	return db.bulkInsert(ctx, btx, "import_items", []string{"import_id", "enterprise_id", "action", "version_after", "before_json"}, len(items),
		func(i int, a []any) []any {
			return append(a, res.ID, items[i].id, items[i].action, items[i].version, items[i].before)
		})
}

// spoolImport is an import's first phase: it reads every row, refuses those
// out of the actor's scope, prepares the others as a write would, and
// spools them. It holds no lock and no connection.
func (db *DB) spoolImport(ctx context.Context, next func() (*ImportRow, error), progress func(int)) (*importSpool, error) {
	sp, err := db.newSpool()
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*importSpool, error) {
		sp.close()
		return nil, err
	}
	handled := 0
	for {
		row, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fail(err)
		}
		handled++
		if handled%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return fail(err)
			}
			if progress != nil {
				progress(handled)
			}
		}
		e := row.Enterprise
		e.ID = 0
		r := spooledRow{Line: row.Line, RegistryID: row.RegistryID}
		if checkScope(ctx, e) != nil {
			r.OutOfScope = true
		} else {
			if row.Checked {
				e.Derive()
			} else if err := db.prepareEnterprise(e); err != nil {
				return fail(err) // the reader validated already: this is a bug, not bad data
			}
			r.E = e
		}
		if err := sp.add(&r); err != nil {
			return fail(err)
		}
	}
	if progress != nil {
		progress(handled)
	}
	return sp, nil
}

// inSnapshot runs fn in a read-only transaction: one consistent view of the
// database, on SQLite beside the writer rather than behind it.
func (db *DB) inSnapshot(ctx context.Context, fn func(q queryer) error) error {
	tx, err := db.read.BeginTx(ctx, db.dialect.snapshotOptions())
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// importItem is a record an import touched, kept for its undo.
type importItem struct {
	id      int64
	action  string
	version int
	before  string
}

// applyImport is an import's second phase: it sorts the spooled rows out
// against the registry as q sees it — refused for scope, skipped or updated
// as a duplicate, or new — and, when w is set, writes them through w. A dry
// run (w nil) takes the very same decisions.
func (db *DB) applyImport(ctx context.Context, q queryer, w *bulkTx, idx *siapekspor.DuplicateIndex, sp *importSpool, opt ImportOptions, res *ImportResult, now time.Time) ([]importItem, error) {
	var nextID int64
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM enterprises`).Scan(&nextID); err != nil {
		return nil, err
	}
	// lineIDs: the record each accepted line became (new or updated), for
	// a later row of the same name.
	lineIDs := map[int]int64{}
	var batch []*siapekspor.Enterprise
	var docs []searchDoc
	var items []importItem
	// The new rows' summary figures, written once after the last batch.
	var sum newSummary
	done := 0
	flush := func() error {
		if len(batch) > 0 && w != nil {
			if err := db.insertEnterpriseBatch(ctx, w, batch, docs, now, res.ID, &sum); err != nil {
				return err
			}
			for _, e := range batch {
				items = append(items, importItem{e.ID, "inserted", 1, ""})
			}
		}
		batch, docs = batch[:0], docs[:0]
		if w != nil && opt.Writing != nil {
			opt.Writing(done, sp.rows)
		}
		return nil
	}
	if w != nil && opt.Writing != nil {
		opt.Writing(0, sp.rows)
	}
	err := sp.each(ctx, func(row *spooledRow) error {
		done++
		if row.OutOfScope {
			res.Rejected++
			res.Duplicates = append(res.Duplicates, Duplicate{Line: row.Line, By: "scope", Action: "rejected"})
			return nil
		}
		e := row.E
		hit, by, exact := idx.Find(e, row.RegistryID)
		var possible *Duplicate
		if hit != 0 {
			d := Duplicate{Line: row.Line, By: by}
			switch {
			case hit < 0:
				d.EarlierLine = int(-hit)
				d.ExistingID = lineIDs[d.EarlierLine]
			case idx.Hidden(hit):
				d.OutsideScope = true
			default:
				d.ExistingID, d.ExistingName = hit, idx.Name(hit)
			}
			switch siapekspor.DecideDuplicate(opt.Duplicates, by, exact, hit) {
			case siapekspor.DupActionPossible:
				// A name alone does not make the same enterprise: the row
				// is imported and an officer decides.
				d.Action = "imported"
				if hit < 0 {
					d.ExistingName = ""
				} else if d.OutsideScope {
					d.hiddenID = hit // stored, never shown: the page checks scope
				}
				possible = &d
			case siapekspor.DupActionUpdate:
				updated, err := db.updateFromImport(ctx, q, w, idx, hit, e, row.Line, now)
				if err != nil {
					return err
				}
				if updated == nil {
					d.Action = "skipped" // out of the actor's scope since
					res.Skipped++
					break
				}
				items = append(items, *updated)
				lineIDs[row.Line] = hit
				d.Action = "updated"
				res.Updated++
			case siapekspor.DupActionKeep:
				d.Action = "kept"
			default:
				d.Action = "skipped"
				res.Skipped++
			}
			if exact {
				res.Duplicates = append(res.Duplicates, d)
				if d.Action != "kept" {
					return nil
				}
			}
		}
		e.ID = nextID
		nextID++
		if opt.Inserted != nil {
			opt.Inserted(row.Line, e.ID)
		}
		idx.Add(e, -int64(row.Line))
		lineIDs[row.Line] = e.ID
		if possible != nil {
			possible.EnterpriseID = e.ID
			res.PossibleDuplicates = append(res.PossibleDuplicates, *possible)
			res.Possible++
		}
		batch = append(batch, e)
		row.doc.refID, row.doc.enterpriseID = e.ID, e.ID
		docs = append(docs, row.doc)
		res.Inserted++
		if len(batch) >= 2000 {
			return flush()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if w != nil && sum.counts != nil {
		if err := db.writeNewSummary(ctx, w, &sum); err != nil {
			return nil, err
		}
	}
	return items, nil
}

// updateFromImport gives registered record id a row's non-empty values
// (written through w; a dry run only decides), and makes later rows that
// match it, by its old keys or its new, duplicates of this line: a record
// is updated once, and a NIB the update gave it is taken. nil: the record
// lies outside the actor's scope, and the row is skipped.
func (db *DB) updateFromImport(ctx context.Context, q queryer, w *bulkTx, idx *siapekspor.DuplicateIndex, id int64, row *siapekspor.Enterprise, line int, now time.Time) (*importItem, error) {
	before, err := db.enterprise(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if checkScope(ctx, before) != nil {
		return nil, nil
	}
	merged := *before
	siapekspor.MergeImported(&merged, row)
	if err := db.prepareEnterprise(&merged); err != nil {
		return nil, err
	}
	if w != nil {
		if err := db.updateEnterpriseRow(ctx, w.Tx, &merged, now); err != nil {
			return nil, err
		}
	}
	idx.Remove(before, id)
	idx.Add(&merged, -int64(line))
	return &importItem{id, "updated", before.Version + 1, toJSON(before)}, nil
}

// ImportRecord is a past import.
type ImportRecord struct {
	ID         int64      `json:"id"`
	At         time.Time  `json:"at"`
	Actor      string     `json:"actor"`
	FileName   string     `json:"file_name"`
	FileSHA256 string     `json:"file_sha256"`
	Format     string     `json:"format"`
	Duplicates string     `json:"duplicates"`
	Inserted   int        `json:"inserted"`
	Updated    int        `json:"updated"`
	Skipped    int        `json:"skipped"`
	Rejected   int        `json:"rejected"`
	Possible   int        `json:"possible"`
	UndoneAt   *time.Time `json:"undone_at"`
	UndoneBy   string     `json:"undone_by,omitempty"`
	userID     int64
	orgID      int64
}

const importSelect = `SELECT id, at, actor, file_name, file_sha256, format, duplicates, inserted, updated, skipped, rejected, possible, undone_at, undone_by,
	COALESCE(user_id, 0), COALESCE(org_id, 0) FROM imports`

func scanImport(s interface{ Scan(...any) error }) (*ImportRecord, error) {
	var r ImportRecord
	var undone sql.NullTime
	if err := s.Scan(&r.ID, &r.At, &r.Actor, &r.FileName, &r.FileSHA256, &r.Format, &r.Duplicates, &r.Inserted, &r.Updated, &r.Skipped, &r.Rejected, &r.Possible, &undone, &r.UndoneBy,
		&r.userID, &r.orgID); err != nil {
		return nil, err
	}
	r.At = r.At.UTC()
	if undone.Valid {
		t := undone.Time.UTC()
		r.UndoneAt = &t
	}
	return &r, nil
}

// Whose imports are whose: an import belongs to the office (organisation)
// whose user ran it, and to that user. Admins reach every import; anyone
// else lists, reads and undoes only its own office's (and its own, should
// it have moved to another office since). Imports run by the system (the
// command line) are the admins'.
func ownsImport(a siapekspor.Actor, r *ImportRecord) bool {
	switch {
	case a.Role == siapekspor.RoleAdmin:
		return true
	case a.UserID != 0 && r.userID == a.UserID:
		return true
	}
	return a.OrgID != 0 && r.orgID == a.OrgID
}

// ListImports returns the imports the actor may see, newest first: its
// office's, or every one for an admin.
func (db *DB) ListImports(ctx context.Context, limit int) ([]ImportRecord, error) {
	a := siapekspor.ActorFrom(ctx)
	q, args := importSelect, []any{max(limit, 1)}
	if a.Role != siapekspor.RoleAdmin {
		q += ` WHERE org_id = $2 OR user_id = $3`
		args = append(args, a.OrgID, a.UserID)
	}
	rows, err := db.read.QueryContext(ctx, q+` ORDER BY id DESC LIMIT $1`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ImportRecord{}
	for rows.Next() {
		r, err := scanImport(rows)
		if err != nil {
			return nil, err
		}
		if ownsImport(a, r) {
			out = append(out, *r)
		}
	}
	return out, rows.Err()
}

// Import returns one past import of the actor's office.
func (db *DB) Import(ctx context.Context, id int64) (*ImportRecord, error) {
	return db.ownImport(ctx, db.read, id)
}

func (db *DB) ownImport(ctx context.Context, q queryer, id int64) (*ImportRecord, error) {
	r, err := scanImport(q.QueryRowContext(ctx, importSelect+` WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("import")
	}
	if err != nil {
		return nil, err
	}
	if !ownsImport(siapekspor.ActorFrom(ctx), r) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "import.not_yours")
	}
	return r, nil
}

// UndoResult is what an undo did.
type UndoResult struct {
	Deleted  int `json:"deleted"`  // new enterprises deleted
	Restored int `json:"restored"` // updated enterprises given their earlier values back
	// Gone: records deleted since the import (or whose id now names a
	// record the import did not make); nothing of them is left to undo.
	Gone int `json:"gone"`
}

// importOwnRecords is the condition on import_items i, enterprises e and
// imports m that e is still the record the import made or updated: a row it
// inserted carries its id; a row it updated existed when it ran (a later
// record under a reused id was created after it).
const importOwnRecords = `((i.action = 'inserted' AND e.import_id = i.import_id) OR (i.action = 'updated' AND e.created_at <= m.at))`

const importItemsJoin = ` FROM import_items i JOIN imports m ON m.id = i.import_id JOIN enterprises e ON e.id = i.enterprise_id
	WHERE i.import_id = $1 AND ` + importOwnRecords

// UndoImport takes an import back as a whole: its new enterprises are
// deleted and the ones it updated get their earlier values back. Only the
// import's office (or an admin) may undo it, and only the records that are
// still the import's own are touched: one deleted since is skipped and
// counted as gone, even when its id now names another record. It is
// refused when any of its records was edited since (the edit would be
// lost) or lies outside the actor's scope.
func (db *DB) UndoImport(ctx context.Context, id int64) (*UndoResult, error) {
	res := &UndoResult{}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		rec, err := db.ownImport(ctx, tx, id)
		if err != nil {
			return err
		}
		if rec.UndoneAt != nil {
			return siapekspor.Errorf(siapekspor.EConflict, "import.already_undone")
		}
		var total, own int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM import_items WHERE import_id = $1`, id).Scan(&total); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*)`+importItemsJoin, id).Scan(&own); err != nil {
			return err
		}
		res.Gone = total - own
		// Every record still its own must be at the version the import left.
		var edited int
		var first sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), MIN(e.id)`+importItemsJoin+` AND e.version <> i.version_after`, id).Scan(&edited, &first); err != nil {
			return err
		}
		if edited > 0 {
			return siapekspor.Errorf(siapekspor.EConflict, "import.undo_edited", siapekspor.Count(edited), first.Int64)
		}
		// And within the actor's scope (an office's scope can shrink).
		if scope := siapekspor.ScopeOf(siapekspor.ActorFrom(ctx)); !scope.All {
			w := &where{args: []any{id}}
			w.scope(scope)
			var outside int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*)`+importItemsJoin+` AND NOT (`+strings.Join(w.conds, " AND ")+`)`, w.args...).Scan(&outside); err != nil {
				return err
			}
			if outside > 0 {
				return siapekspor.Errorf(siapekspor.EForbidden, "import.undo_outside_scope", siapekspor.Count(outside))
			}
		}
		const inserted = `SELECT e.id` + importItemsJoin + ` AND i.action = 'inserted'`
		if err := removeDocs(ctx, db.dialect, tx, `d.enterprise_id IN (`+inserted+`)`, id); err != nil {
			return err
		}
		if err := db.recount(ctx, tx, -1, countWhole, `e.import_id = $1 AND e.id IN (`+inserted+`)`, id); err != nil {
			return err
		}
		r, err := tx.ExecContext(ctx, `DELETE FROM enterprises WHERE import_id = $1 AND id IN (`+inserted+`)`, id)
		if err != nil {
			return err
		}
		n, _ := r.RowsAffected()
		res.Deleted = int(n)
		rows, err := tx.QueryContext(ctx, `SELECT i.before_json`+importItemsJoin+` AND i.action = 'updated'`, id)
		if err != nil {
			return err
		}
		var befores []string
		for rows.Next() {
			var b string
			if err := rows.Scan(&b); err != nil {
				rows.Close()
				return err
			}
			befores = append(befores, b)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		now := db.now()
		for _, b := range befores {
			var e siapekspor.Enterprise
			if err := json.Unmarshal([]byte(b), &e); err != nil {
				return err
			}
			e.Derive()
			if err := db.updateEnterpriseRow(ctx, tx, &e, now); err != nil {
				return err
			}
		}
		res.Restored = len(befores)
		a := siapekspor.ActorFrom(ctx)
		if _, err := tx.ExecContext(ctx, `UPDATE imports SET undone_at = $1, undone_by = $2 WHERE id = $3`, now, a.Label, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, "undo_import", "import", id, nil, res)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
