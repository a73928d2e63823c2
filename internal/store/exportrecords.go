package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/exportcompare"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// Realised export records (migration 0022). Every write recomputes its
// enterprise's export status in the same transaction (ExportStatusFrom),
// moving the enterprise in the summary figures through recounted, as an
// edit of the enterprise does; the status an officer set by hand is kept
// in enterprises.export_status_base while records exist, so removing the
// last one puts it back.

const exportRecordColumns = `x.id, x.enterprise_id, x.product_id, x.hs_code, x.destination, x.value_usd_cents, x.value_idr, x.exchange_rate,
	x.rate_date, x.quantity, x.unit, x.incoterm, x.export_date, x.peb_number, x.notes, x.source, x.contract_id,
	x.invoice_scan, x.invoice_scan_kind, x.peb_scan, x.peb_scan_kind, x.created_at, x.updated_at, x.version,
	e.name, COALESCE(p.name_id, ''), e.regency_code`

// exportRecordFrom joins each record's enterprise. The records are few
// beside the registry (its exporters' shipments): the unary plus keeps
// SQLite from reading the enterprises first — all 156,150 of the demo
// province for the list's years, a regency's thousands for an office's
// scope — and looking up each one's records; it reads the records (by
// their date index when a period is asked) and each one's enterprise by
// its key instead. PostgreSQL plans the join as before.
const exportRecordFrom = `FROM export_records x JOIN enterprises e ON e.id = +x.enterprise_id
	LEFT JOIN products p ON p.id = x.product_id`

func scanExportRecord(s interface{ Scan(...any) error }) (*siapekspor.ExportRecord, error) {
	var r siapekspor.ExportRecord
	var product, contract sql.NullInt64
	var rateDate, exportDate string
	var unit, incoterm, source string
	err := s.Scan(&r.ID, &r.EnterpriseID, &product, &r.HSCode, &r.Destination, &r.ValueUSDCents, &r.ValueIDR, &r.RateIDR,
		&rateDate, &r.Quantity, &unit, &incoterm, &exportDate, &r.PEBNumber, &r.Notes, &source, &contract,
		&r.InvoiceScan, &r.InvoiceScanKind, &r.PEBScan, &r.PEBScanKind, &r.CreatedAt, &r.UpdatedAt, &r.Version,
		&r.EnterpriseName, &r.ProductName, &r.RegencyCode)
	if err != nil {
		return nil, err
	}
	if product.Valid {
		r.ProductID = &product.Int64
	}
	if contract.Valid {
		r.ContractID = &contract.Int64
	}
	r.Unit, r.Incoterm, r.Source = siapekspor.Unit(unit), siapekspor.Incoterm(incoterm), siapekspor.ExportSource(source)
	r.RateDate = parseDateText(rateDate)
	if d := parseDateText(exportDate); d != nil {
		r.ExportDate = *d
	}
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return &r, nil
}

// exportReference checks export records' codes against the built-in data.
type exportReference struct{ siapekspor.HSChecker }

// CountryExists reports whether an ISO3 code names a country of ISO 3166.
func (exportReference) CountryExists(iso3 string) bool {
	_, ok := refdata.CountryByISO3(iso3)
	return ok
}

// ExportReference is what export records are validated against.
func (db *DB) ExportReference() siapekspor.ExportReference { return exportReference{db.ref} }

// ExportRecord returns one record, if the actor may read it.
func (db *DB) ExportRecord(ctx context.Context, id int64) (*siapekspor.ExportRecord, error) {
	return db.exportRecord(ctx, db.read, id, siapekspor.PermExportRead)
}

func (db *DB) exportRecord(ctx context.Context, q queryer, id int64, perm siapekspor.Permission) (*siapekspor.ExportRecord, error) {
	r, err := scanExportRecord(q.QueryRowContext(ctx, `SELECT `+exportRecordColumns+` `+exportRecordFrom+` WHERE x.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("export_record")
	}
	if err != nil {
		return nil, err
	}
	if _, err := db.enterpriseFor(ctx, q, r.EnterpriseID, perm); err != nil {
		return nil, err
	}
	return r, nil
}

// ExportFilter selects export records.
type ExportFilter struct {
	EnterpriseID int64
	RegencyCode  string
	Destination  string // ISO3
	Year         int
	HS           string // a prefix of the HS code
	// From and To: months (YYYY-MM), both included; "" for no bound.
	From, To string
	Limit    int
	Offset   int
}

// ExportPage is one page of export records with the totals of every
// record the filter selects.
type ExportPage struct {
	Items    []siapekspor.ExportRecord `json:"items"`
	Total    int                       `json:"total"`
	USDCents int64                     `json:"total_value_usd_cents"`
	IDR      int64                     `json:"total_value_idr"`
}

// exportWhere selects a filter's records within the actor's scope.
func exportWhere(ctx context.Context, f ExportFilter) *where {
	w := mentoringScope(ctx, siapekspor.PermExportRead)
	if f.EnterpriseID != 0 {
		w.add("x.enterprise_id = ?", f.EnterpriseID)
	}
	if f.RegencyCode != "" {
		w.add("e.regency_code = ?", f.RegencyCode)
	}
	if f.Destination != "" {
		w.add("x.destination = ?", f.Destination)
	}
	if f.Year > 0 {
		w.add("x.export_date >= ? AND x.export_date < ?", strconv.Itoa(f.Year)+"-01-01", strconv.Itoa(f.Year+1)+"-01-01")
	}
	if f.HS != "" {
		w.add(`x.hs_code LIKE ? ESCAPE '\'`, likeEscape(f.HS)+"%")
	}
	if m, ok := exportcompare.ParseMonth(f.From); ok {
		w.add("x.export_date >= ?", m.String()+"-01")
	}
	if m, ok := exportcompare.ParseMonth(f.To); ok {
		w.add("x.export_date < ?", m.AddMonths(1).String()+"-01")
	}
	return w
}

const exportOrder = ` ORDER BY x.export_date DESC, x.id DESC`

// ListExportRecords returns a page of the records a filter selects within
// the actor's scope, newest first, with the totals of all of them.
func (db *DB) ListExportRecords(ctx context.Context, f ExportFilter) (*ExportPage, error) {
	w := exportWhere(ctx, f)
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	out := &ExportPage{Items: []siapekspor.ExportRecord{}}
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*), CAST(COALESCE(SUM(x.value_usd_cents), 0) AS BIGINT), CAST(COALESCE(SUM(x.value_idr), 0) AS BIGINT) `+
		exportRecordFrom+w.sql(), w.args...).Scan(&out.Total, &out.USDCents, &out.IDR); err != nil {
		return nil, err
	}
	err := db.eachExportRecord(ctx, w, ` LIMIT `+strconv.Itoa(f.Limit)+` OFFSET `+strconv.Itoa(max(f.Offset, 0)), func(r *siapekspor.ExportRecord) error {
		out.Items = append(out.Items, *r)
		return nil
	})
	return out, err
}

// EachExportRecord calls fn for every record a filter selects within the
// actor's scope, newest first, in one query: for downloads.
func (db *DB) EachExportRecord(ctx context.Context, f ExportFilter, fn func(*siapekspor.ExportRecord) error) error {
	return db.eachExportRecord(ctx, exportWhere(ctx, f), "", fn)
}

func (db *DB) eachExportRecord(ctx context.Context, w *where, limit string, fn func(*siapekspor.ExportRecord) error) error {
	return eachRow(ctx, preparedReads{db}, `SELECT `+exportRecordColumns+` `+exportRecordFrom+w.sql()+exportOrder+limit, w.args, scanExportRecord, fn)
}

// ExportYears lists the years that have export records in the actor's
// scope, newest first: the list's year filter.
func (db *DB) ExportYears(ctx context.Context) ([]int, error) {
	// One seek a year down the date index (the newest record before the
	// year last found) instead of reading every record and its enterprise
	// for the few years they span: that was a quarter of the export
	// comparison page's CPU (issue 16 item 3).
	var out []int
	before := "" // the first seek: the newest record of all
	for range 1000 {
		w := exportWhere(ctx, ExportFilter{})
		if before != "" {
			// Dates are ISO text: "2024" sorts after 2024's and before
			// 2025's in any collation (PostgreSQL's may ignore the '-').
			w.add("x.export_date < ?", before)
		}
		var y string
		err := db.readQueryRow(ctx, `SELECT SUBSTR(x.export_date, 1, 4) `+exportRecordFrom+w.sql()+
			` ORDER BY x.export_date DESC LIMIT 1`, w.args...).Scan(&y)
		if errors.Is(err, sql.ErrNoRows) {
			break
		}
		if err != nil {
			return nil, err
		}
		if n, err := strconv.Atoi(y); err == nil {
			out = append(out, n)
		}
		before = y
	}
	return out, nil
}

// checkExportRecord validates a record against the registry inside a write
// transaction: the enterprise is the actor's to write, the product is the
// enterprise's (its HS code fills an empty one), and the PEB number is not
// recorded on another record.
func (db *DB) checkExportRecord(ctx context.Context, tx *sql.Tx, r *siapekspor.ExportRecord) error {
	r.Normalize()
	if r.EnterpriseID > 0 {
		if _, err := db.enterpriseFor(ctx, tx, r.EnterpriseID, siapekspor.PermExportWrite); err != nil {
			return err
		}
	}
	var p siapekspor.Problems
	if r.ProductID != nil {
		var owner int64
		var hs string
		err := tx.QueryRowContext(ctx, `SELECT enterprise_id, hs_code FROM products WHERE id = $1`, *r.ProductID).Scan(&owner, &hs)
		switch {
		case errors.Is(err, sql.ErrNoRows), err == nil && owner != r.EnterpriseID:
			p.Add("product_id", "exportrec.product_not_of_enterprise")
		case err != nil:
			return err
		case r.HSCode == "":
			r.HSCode = hs
		}
	}
	if err := r.Validate(db.ExportReference(), db.now()); err != nil {
		if de, ok := siapekspor.AsError(err); ok {
			p = append(p, de.Fields...)
		} else {
			return err
		}
	}
	if r.PEBNumber != "" && !p.Has("peb_number") {
		var other int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM export_records WHERE peb_number = $1 AND peb_number <> '' AND id <> $2`, r.PEBNumber, r.ID).Scan(&other)
		if err == nil {
			p.Add("peb_number", "exportrec.peb_taken", r.PEBNumber)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	return p.Err()
}

func exportRecordArgs(r *siapekspor.ExportRecord) []any {
	var product, contract any
	if r.ProductID != nil {
		product = *r.ProductID
	}
	if r.ContractID != nil {
		contract = *r.ContractID
	}
	return []any{product, r.HSCode, r.Destination, r.ValueUSDCents, r.ValueIDR, r.RateIDR, dateText(r.RateDate), r.Quantity,
		string(r.Unit), string(r.Incoterm), r.ExportDate.Format(isoDate), r.PEBNumber, r.Notes, string(r.Source), contract,
		r.InvoiceScan, r.InvoiceScanKind, r.PEBScan, r.PEBScanKind}
}

const exportRecordWritable = `product_id, hs_code, destination, value_usd_cents, value_idr, exchange_rate, rate_date, quantity,
	unit, incoterm, export_date, peb_number, notes, source, contract_id, invoice_scan, invoice_scan_kind, peb_scan, peb_scan_kind`

// pebTaken is the refusal of a PEB number another record holds, for a
// unique violation that slipped past the check (two saves at once).
func (db *DB) pebTaken(err error, r *siapekspor.ExportRecord) error {
	if db.dialect.isUniqueViolation(err) {
		return siapekspor.FieldInvalid("peb_number", "exportrec.peb_taken", r.PEBNumber)
	}
	return err
}

// CreateExportRecord validates and stores a record, and recomputes its
// enterprise's export status, in one transaction.
func (db *DB) CreateExportRecord(ctx context.Context, r *siapekspor.ExportRecord) error {
	return db.CreateExportRecords(ctx, []*siapekspor.ExportRecord{r})
}

// CreateExportRecords stores records all together or none of them (an
// import): each is checked as CreateExportRecord checks one, and a PEB
// number twice among them is refused on the second. The error of the
// first refused record says which it is (ExportRowError).
func (db *DB) CreateExportRecords(ctx context.Context, rs []*siapekspor.ExportRecord) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := db.insertExportRecords(ctx, tx, rs, false)
		return err
	})
}

// errCheckOnly rolls back the transaction of CheckExportRecords.
var errCheckOnly = errors.New("store: export records checked, not stored")

// CheckExportRecords checks records as CreateExportRecords would store
// them, stores nothing, and returns every refused record's error (an
// import's dry run and report), in the records' order.
func (db *DB) CheckExportRecords(ctx context.Context, rs []*siapekspor.ExportRecord) ([]*ExportRowError, error) {
	var refused []*ExportRowError
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if refused, err = db.insertExportRecords(ctx, tx, rs, true); err != nil {
			return err
		}
		return errCheckOnly
	})
	if errors.Is(err, errCheckOnly) {
		err = nil
	}
	for _, r := range rs {
		r.ID, r.Version = 0, 0
	}
	return refused, err
}

// insertExportRecords inserts records, audits them and recomputes their
// enterprises' export status. A refused record stops it, or with goOn is
// listed and passed over (the transaction is then only a check).
func (db *DB) insertExportRecords(ctx context.Context, tx *sql.Tx, rs []*siapekspor.ExportRecord, goOn bool) ([]*ExportRowError, error) {
	if !goOn {
		if err := db.lockExportWrite(ctx, tx); err != nil {
			return nil, err
		}
	}
	// The funnel reads the records themselves: their enterprises go out
	// before the insert and back after their status is recomputed.
	var ids []int64
	seen := map[int64]bool{}
	for _, r := range rs {
		if !seen[r.EnterpriseID] {
			seen[r.EnterpriseID] = true
			ids = append(ids, r.EnterpriseID)
		}
	}
	if err := db.recountFunnel(ctx, tx, -1, recountIDs(ids)); err != nil {
		return nil, err
	}
	now := db.now()
	touched := map[int64]bool{}
	var order []int64
	var refused []*ExportRowError
	for i, r := range rs {
		r.ID = 0
		if err := db.checkExportRecord(ctx, tx, r); err != nil {
			re := &ExportRowError{Index: i, Err: err}
			if !goOn || siapekspor.ErrorCodeOf(err) != siapekspor.EInvalid {
				return nil, re
			}
			refused = append(refused, re)
			continue
		}
		args := append([]any{r.EnterpriseID}, exportRecordArgs(r)...)
		args = append(args, now, now)
		if err := tx.QueryRowContext(ctx, `INSERT INTO export_records (enterprise_id, `+exportRecordWritable+`, created_at, updated_at, version)
			VALUES (`+placeholders(1, len(args))+`, 1) RETURNING id`, args...).Scan(&r.ID); err != nil {
			return nil, &ExportRowError{Index: i, Err: db.pebTaken(err, r)}
		}
		r.CreatedAt, r.UpdatedAt, r.Version = now, now, 1
		if goOn {
			continue // a check: no audit, no status
		}
		if err := db.audit(ctx, tx, "create", "export_record", r.ID, nil, r); err != nil {
			return nil, err
		}
		if !touched[r.EnterpriseID] {
			touched[r.EnterpriseID] = true
			order = append(order, r.EnterpriseID)
		}
	}
	for _, id := range order {
		if err := db.refreshExportStatus(ctx, tx, id); err != nil {
			return nil, err
		}
	}
	if err := db.recountFunnel(ctx, tx, 1, recountIDs(ids)); err != nil {
		return nil, err
	}
	return refused, nil
}

// ExportRowError is the refusal of one record of several.
type ExportRowError struct {
	Index int
	Err   error
}

func (e *ExportRowError) Error() string {
	return "record " + strconv.Itoa(e.Index+1) + ": " + e.Err.Error()
}
func (e *ExportRowError) Unwrap() error { return e.Err }

// UpdateExportRecord stores r over its record if r.Version is current. A
// record stays with its enterprise; its scans are set with SetExportScan.
func (db *DB) UpdateExportRecord(ctx context.Context, r *siapekspor.ExportRecord) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.lockExportWrite(ctx, tx); err != nil {
			return err
		}
		before, err := db.exportRecord(ctx, tx, r.ID, siapekspor.PermExportWrite)
		if err != nil {
			return err
		}
		r.EnterpriseID = before.EnterpriseID
		r.InvoiceScan, r.InvoiceScanKind, r.PEBScan, r.PEBScanKind = before.InvoiceScan, before.InvoiceScanKind, before.PEBScan, before.PEBScanKind
		if before.Version != r.Version {
			return siapekspor.Errorf(siapekspor.EConflict, "error.stale_version")
		}
		if err := db.checkExportRecord(ctx, tx, r); err != nil {
			return err
		}
		if err := db.recountFunnel(ctx, tx, -1, "e.id = $1", r.EnterpriseID); err != nil {
			return err
		}
		now := db.now()
		args := append(exportRecordArgs(r), now, r.ID)
		if _, err := tx.ExecContext(ctx, `UPDATE export_records SET (`+exportRecordWritable+`, updated_at) = (`+placeholders(1, len(args)-1)+`),
			version = version + 1 WHERE id = $`+strconv.Itoa(len(args)), args...); err != nil {
			return db.pebTaken(err, r)
		}
		r.CreatedAt, r.UpdatedAt, r.Version = before.CreatedAt, now, before.Version+1
		r.EnterpriseName, r.RegencyCode = before.EnterpriseName, before.RegencyCode
		if err := db.audit(ctx, tx, "update", "export_record", r.ID, before, r); err != nil {
			return err
		}
		if err := db.refreshExportStatus(ctx, tx, r.EnterpriseID); err != nil {
			return err
		}
		return db.recountFunnel(ctx, tx, 1, "e.id = $1", r.EnterpriseID)
	})
}

// DeleteExportRecord removes a record and recomputes its enterprise's
// export status; it returns the record and the scans no record uses any
// more, for the caller to remove.
func (db *DB) DeleteExportRecord(ctx context.Context, id int64) (*siapekspor.ExportRecord, []string, error) {
	var before *siapekspor.ExportRecord
	var unused []string
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.lockExportWrite(ctx, tx); err != nil {
			return err
		}
		var err error
		if before, err = db.exportRecord(ctx, tx, id, siapekspor.PermExportWrite); err != nil {
			return err
		}
		if err := db.recountFunnel(ctx, tx, -1, "e.id = $1", before.EnterpriseID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM export_records WHERE id = $1`, id); err != nil {
			return err
		}
		for _, path := range []string{before.InvoiceScan, before.PEBScan} {
			if path == "" {
				continue
			}
			n, err := scanUsers(ctx, tx, path)
			if err != nil {
				return err
			}
			if n == 0 {
				unused = append(unused, path)
			}
		}
		if err := db.audit(ctx, tx, "delete", "export_record", id, before, nil); err != nil {
			return err
		}
		if err := db.refreshExportStatus(ctx, tx, before.EnterpriseID); err != nil {
			return err
		}
		return db.recountFunnel(ctx, tx, 1, "e.id = $1", before.EnterpriseID)
	})
	return before, unused, err
}

// ExportScans are the scans an export record keeps.
var ExportScans = []string{"invoice", "peb"}

// SetExportScan records a stored scan of a record's invoice or PEB
// ("invoice", "peb"); it returns the scan it replaces when no record uses
// that one any more.
func (db *DB) SetExportScan(ctx context.Context, id int64, which, path, kind string) (*siapekspor.ExportRecord, string, error) {
	col := map[string]string{"invoice": "invoice_scan", "peb": "peb_scan"}[which]
	if col == "" {
		return nil, "", notFound("document")
	}
	var r *siapekspor.ExportRecord
	var unused string
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if r, err = db.exportRecord(ctx, tx, id, siapekspor.PermExportWrite); err != nil {
			return err
		}
		before := *r
		old := &r.InvoiceScan
		oldKind := &r.InvoiceScanKind
		if which == "peb" {
			old, oldKind = &r.PEBScan, &r.PEBScanKind
		}
		previous := *old
		now := db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE export_records SET `+col+` = $1, `+col+`_kind = $2, updated_at = $3, version = version + 1 WHERE id = $4`,
			path, kind, now, id); err != nil {
			return err
		}
		*old, *oldKind, r.UpdatedAt, r.Version = path, kind, now, r.Version+1
		if previous != "" && previous != path {
			n, err := scanUsers(ctx, tx, previous)
			if err != nil {
				return err
			}
			if n == 0 {
				unused = previous
			}
		}
		return db.audit(ctx, tx, "update", "export_record", id, &before, r)
	})
	return r, unused, err
}

// scanUsers counts the records that point at a stored scan. Certificates
// and export records keep their scans in one folder where a file is named
// by its content, so the same PDF may serve both.
func scanUsers(ctx context.Context, q queryer, path string) (int, error) {
	var n, m int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM certificates WHERE document = $1`, path).Scan(&n); err != nil {
		return 0, err
	}
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM export_records WHERE (invoice_scan = $1 AND invoice_scan <> '') OR (peb_scan = $1 AND peb_scan <> '')`, path).Scan(&m)
	return n + m, err
}

// exportDates are an enterprise's export dates.
func exportDates(ctx context.Context, q queryer, enterpriseID int64) ([]time.Time, error) {
	rows, err := q.QueryContext(ctx, `SELECT export_date FROM export_records WHERE enterprise_id = $1 ORDER BY export_date`, enterpriseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		if d := parseDateText(s); d != nil {
			out = append(out, *d)
		}
	}
	return out, rows.Err()
}

// refreshExportStatus recomputes an enterprise's export status from its
// records after they changed. The hand-set status moves to
// export_status_base when the first record arrives and back when the last
// goes. A change of status is a change of the enterprise: its version
// moves on (an open edit form or an import's undo sees it), it is moved in
// the summary figures, and the audit log has it.
func (db *DB) refreshExportStatus(ctx context.Context, tx *sql.Tx, enterpriseID int64) error {
	status, hand, hasBase, err := handExportStatus(ctx, tx, enterpriseID)
	if err != nil {
		return err
	}
	dates, err := exportDates(ctx, tx, enterpriseID)
	if err != nil {
		return err
	}
	next := siapekspor.ExportStatusFrom(hand, dates)
	var nextBase any
	if len(dates) > 0 {
		nextBase = string(hand)
	}
	if next == status {
		if hasBase == (nextBase != nil) {
			return nil
		}
		_, err := tx.ExecContext(ctx, `UPDATE enterprises SET export_status_base = $1 WHERE id = $2`, nextBase, enterpriseID)
		return err
	}
	before, err := db.enterprise(ctx, tx, enterpriseID)
	if err != nil {
		return err
	}
	now := db.now()
	err = db.recounted(ctx, tx, countEnterprises, "e.id = $1", []any{enterpriseID}, func() error {
		_, err := tx.ExecContext(ctx, `UPDATE enterprises SET export_status = $1, export_status_base = $2, updated_at = $3, version = version + 1 WHERE id = $4`,
			string(next), nextBase, now, enterpriseID)
		return err
	})
	if err != nil {
		return err
	}
	after := *before
	after.ExportStatus, after.UpdatedAt, after.Version = next, now, before.Version+1
	return db.audit(ctx, tx, "update", "enterprise", enterpriseID, before, &after)
}

// keepExportStatus is called as an enterprise is written by hand (form,
// API, import): while it has export records, the status given becomes the
// hand-set base when it differs from the one shown, and the records raise
// it as they do.
func (db *DB) keepExportStatus(ctx context.Context, tx *sql.Tx, e *siapekspor.Enterprise) error {
	dates, err := exportDates(ctx, tx, e.ID)
	if err != nil || len(dates) == 0 {
		return err
	}
	status, hand, _, err := handExportStatus(ctx, tx, e.ID)
	if err != nil {
		return err
	}
	if e.ExportStatus != status {
		hand = e.ExportStatus
	}
	e.ExportStatus = siapekspor.ExportStatusFrom(hand, dates)
	_, err = tx.ExecContext(ctx, `UPDATE enterprises SET export_status_base = $1 WHERE id = $2`, string(hand), e.ID)
	return err
}

// lockExportWrite takes, before anything else, the locks the status
// recount will need (the enterprises table's, then the summary's), as every
// writer of the summary does (dialect.lockCounts), so that the status is
// read and written under them and no lock is taken in another order.
func (db *DB) lockExportWrite(ctx context.Context, tx *sql.Tx) error {
	return db.dialect.lockCounts(ctx, tx, true)
}

// handExportStatus reads an enterprise's export status and the status set
// by hand (the base while it has records, else the status itself).
func handExportStatus(ctx context.Context, tx *sql.Tx, id int64) (status, hand siapekspor.ExportStatus, hasBase bool, err error) {
	var base sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT export_status, export_status_base FROM enterprises WHERE id = $1`, id).Scan(&status, &base)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", false, notFound("enterprise")
	}
	hand = status
	if base.Valid {
		hand = siapekspor.ExportStatus(base.String)
	}
	return status, hand, base.Valid, err
}
