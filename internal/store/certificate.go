package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/siapekspor/siapekspor"
)

const certificateColumns = `c.id, c.enterprise_id, c.product_id, c.type, c.self_declare, c.number, c.issuer, c.issued_on, c.expires_on,
	c.notes, c.document, c.document_kind, c.created_at, c.updated_at, c.version, e.name, COALESCE(p.name_id, '')`

const certificateFrom = `FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id
	LEFT JOIN products p ON p.id = c.product_id`

// dates are stored as ISO text; see migration 0005.
const isoDate = "2006-01-02"

func dateText(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(isoDate)
}

func parseDateText(s string) *time.Time {
	if s == "" {
		return nil
	}
	t, err := time.Parse(isoDate, s)
	if err != nil {
		return nil
	}
	return &t
}

func scanCertificate(s interface{ Scan(...any) error }) (*siapekspor.Certificate, error) {
	var c siapekspor.Certificate
	var product sql.NullInt64
	var issued, expires string
	err := s.Scan(&c.ID, &c.EnterpriseID, &product, &c.Type, &c.SelfDeclare, &c.Number, &c.Issuer, &issued, &expires,
		&c.Notes, &c.Document, &c.DocumentKind, &c.CreatedAt, &c.UpdatedAt, &c.Version, &c.EnterpriseName, &c.ProductName)
	if err != nil {
		return nil, err
	}
	if product.Valid {
		c.ProductID = &product.Int64
	}
	c.IssuedOn, c.ExpiresOn = parseDateText(issued), parseDateText(expires)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return &c, nil
}

// Certificate returns one certificate, if the actor may read it.
func (db *DB) Certificate(ctx context.Context, id int64) (*siapekspor.Certificate, error) {
	c, err := scanCertificate(db.readQueryRow(ctx, `SELECT `+certificateColumns+` `+certificateFrom+` WHERE c.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("certificate")
	}
	if err != nil {
		return nil, err
	}
	return c, db.checkReadable(ctx, c.EnterpriseID)
}

// CertificateFilter selects certificates.
type CertificateFilter struct {
	EnterpriseID int64
	ProductID    int64
	Type         siapekspor.CertificateType
	RegencyCode  string
	// ExpiringDays > 0 lists only certificates that still count and expire
	// within that many days of Today, soonest first.
	ExpiringDays int
	Today        time.Time
	Limit        int
	// After, Before and Last say which page ExpiringCertificates reads
	// (cursors from a page's Next and Prev; Last the end of the list);
	// Offset skips rows from the start instead. Count asks for the total.
	After, Before string
	Last, Count   bool
	Offset        int
}

// certificateWhere selects the certificates of a filter within the
// actor's scope, and their order.
func (db *DB) certificateWhere(ctx context.Context, f CertificateFilter) (*where, string) {
	w := productScopeWhere(ctx)
	if f.EnterpriseID != 0 {
		w.add("c.enterprise_id = ?", f.EnterpriseID)
	}
	if f.ProductID != 0 {
		w.add("c.product_id = ?", f.ProductID)
	}
	if f.Type != "" {
		w.add("c.type = ?", string(f.Type))
	}
	if f.RegencyCode != "" {
		w.add("e.regency_code = ?", f.RegencyCode)
	}
	order := " ORDER BY c.product_id IS NOT NULL, c.type, c.id"
	if f.ExpiringDays > 0 {
		today := f.Today
		if today.IsZero() {
			today = db.now()
		}
		w.add("c.expires_on <> '' AND c.expires_on >= ? AND c.expires_on <= ?", today.Format(isoDate), today.AddDate(0, 0, f.ExpiringDays).Format(isoDate))
		order = " ORDER BY c.expires_on, c.id"
	}
	return w, order
}

// EachCertificate calls fn for every certificate a filter selects within
// the actor's scope, in one query: for exports.
func (db *DB) EachCertificate(ctx context.Context, f CertificateFilter, fn func(*siapekspor.Certificate) error) error {
	w, order := db.certificateWhere(ctx, f)
	if f.ExpiringDays == 0 {
		order = " ORDER BY c.enterprise_id, c.id"
	}
	rows, err := db.readQuery(ctx, `SELECT `+certificateColumns+` `+certificateFrom+w.sql()+order, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanCertificate(rows)
		if err != nil {
			return err
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ListCertificates returns the certificates a filter selects within the
// actor's scope.
func (db *DB) ListCertificates(ctx context.Context, f CertificateFilter) ([]siapekspor.Certificate, error) {
	w, order := db.certificateWhere(ctx, f)
	if f.Limit <= 0 || f.Limit > 5000 {
		f.Limit = 1000
	}
	rows, err := db.readQuery(ctx, `SELECT `+certificateColumns+` `+certificateFrom+w.sql()+order+` LIMIT `+strconv.Itoa(f.Limit), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []siapekspor.Certificate{}
	for rows.Next() {
		c, err := scanCertificate(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// CertificatePage is one page of a certificate list read from a cursor.
type CertificatePage struct {
	Items []siapekspor.Certificate
	// Total is -1 unless the filter asked for the count.
	Total      int
	Prev, Next string
}

// ExpiringCertificates returns one page of the certificates that expire
// within f.ExpiringDays, soonest first, read through the expiry index
// (expires_on, id) from a cursor: a page costs what its rows cost, however
// many certificates expire, and they are counted only when f.Count asks.
func (db *DB) ExpiringCertificates(ctx context.Context, f CertificateFilter) (*CertificatePage, error) {
	if f.ExpiringDays <= 0 {
		return nil, siapekspor.Errorf(siapekspor.EInvalid, "error.validation")
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	w, _ := db.certificateWhere(ctx, f)
	page := &CertificatePage{Items: []siapekspor.Certificate{}, Total: -1}
	if f.Count {
		if err := db.readQueryRow(ctx, `SELECT COUNT(*) FROM certificates c JOIN enterprises e ON e.id = c.enterprise_id`+w.sql(), w.args...).Scan(&page.Total); err != nil {
			return nil, err
		}
		if page.Total == 0 {
			return page, nil
		}
	}
	k := keysetOf(f.After, f.Before, f.Last, false, f.Limit, page.Total)
	if k.cur != "" {
		c, err := decodeCursor(k.cur)
		if err != nil {
			return nil, err
		}
		if _, err := time.Parse(isoDate, c.S); err != nil {
			return nil, siapekspor.Errorf(siapekspor.EInvalid, "error.bad_cursor")
		}
		w.add("(c.expires_on, c.id) "+k.cmp+" (?, ?)", c.S, c.ID)
	}
	q := `SELECT ` + certificateColumns + ` ` + certificateFrom + w.sql() +
		fmt.Sprintf(" ORDER BY c.expires_on %s, c.id %s LIMIT %d", k.dir, k.dir, k.limit+1)
	if k.cur == "" && !k.last && f.Offset > 0 {
		q += fmt.Sprintf(" OFFSET %d", f.Offset)
	}
	rows, err := db.readQuery(ctx, q, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanCertificate(rows)
		if err != nil {
			return nil, err
		}
		page.Items = append(page.Items, *c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	page.Items, page.Prev, page.Next = finishKeyset(k, page.Items, f.After != "" || f.Offset > 0, func(c *siapekspor.Certificate) cursor {
		return cursor{S: dateText(c.ExpiresOn), ID: c.ID}
	})
	return page, nil
}

// checkCertificate validates a certificate against its enterprise and
// product inside a write transaction.
func (db *DB) checkCertificate(ctx context.Context, tx *sql.Tx, c *siapekspor.Certificate) error {
	c.Normalize()
	if err := c.Validate(db.now()); err != nil {
		return err
	}
	if _, err := db.writableEnterprise(ctx, tx, c.EnterpriseID); err != nil {
		return err
	}
	if c.ProductID == nil {
		return nil
	}
	p, err := scanProduct(tx.QueryRowContext(ctx, `SELECT `+productColumns+` `+productFrom+` WHERE p.id = $1`, *c.ProductID))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && p.EnterpriseID != c.EnterpriseID) {
		return siapekspor.FieldInvalid("product_id", "cert.product_not_of_enterprise")
	}
	if err != nil {
		return err
	}
	return c.CheckCovers(p)
}

func certificateArgs(c *siapekspor.Certificate) []any {
	var product any
	if c.ProductID != nil {
		product = *c.ProductID
	}
	return []any{product, string(c.Type), c.SelfDeclare, c.Number, c.Issuer, dateText(c.IssuedOn), dateText(c.ExpiresOn), c.Notes, c.Document, c.DocumentKind}
}

// CreateCertificate validates and stores a certificate.
func (db *DB) CreateCertificate(ctx context.Context, c *siapekspor.Certificate) error {
	c.ID = 0
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.checkCertificate(ctx, tx, c); err != nil {
			return err
		}
		now := db.now()
		args := append([]any{c.EnterpriseID}, certificateArgs(c)...)
		args = append(args, now, now)
		// The catalogue lists by certificates (catalogue_model.go); its
		// recount tells the matcher too.
		err := db.recounted(ctx, tx, countCatalogue, "e.id = $1", []any{c.EnterpriseID}, func() error {
			return tx.QueryRowContext(ctx, `INSERT INTO certificates (enterprise_id, product_id, type, self_declare, number, issuer, issued_on, expires_on,
			notes, document, document_kind, created_at, updated_at, version) VALUES (`+placeholders(1, len(args))+`, 1) RETURNING id`, args...).Scan(&c.ID)
		})
		if err != nil {
			return err
		}
		c.CreatedAt, c.UpdatedAt, c.Version = now, now, 1
		return db.audit(ctx, tx, "create", "certificate", c.ID, nil, c)
	})
}

// UpdateCertificate stores c over its record if c.Version is current. A
// certificate stays with its enterprise.
func (db *DB) UpdateCertificate(ctx context.Context, c *siapekspor.Certificate) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanCertificate(tx.QueryRowContext(ctx, `SELECT `+certificateColumns+` `+certificateFrom+` WHERE c.id = $1`, c.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("certificate")
		}
		if err != nil {
			return err
		}
		c.EnterpriseID = before.EnterpriseID
		if before.Version != c.Version {
			if _, err := db.writableEnterprise(ctx, tx, c.EnterpriseID); err != nil {
				return err
			}
			return siapekspor.Errorf(siapekspor.EConflict, "error.stale_version")
		}
		if err := db.checkCertificate(ctx, tx, c); err != nil {
			return err
		}
		now := db.now()
		args := append(certificateArgs(c), now, c.ID)
		err = db.recounted(ctx, tx, countCatalogue, "e.id = $1", []any{c.EnterpriseID}, func() error {
			_, err := tx.ExecContext(ctx, `UPDATE certificates SET product_id = $1, type = $2, self_declare = $3, number = $4, issuer = $5,
			issued_on = $6, expires_on = $7, notes = $8, document = $9, document_kind = $10, updated_at = $11, version = version + 1
			WHERE id = $12`, args...)
			return err
		})
		if err != nil {
			return err
		}
		c.CreatedAt, c.UpdatedAt, c.Version = before.CreatedAt, now, before.Version+1
		return db.audit(ctx, tx, "update", "certificate", c.ID, before, c)
	})
}

// DeleteCertificate removes a certificate and returns it, so its document
// can be removed when no other record uses it.
func (db *DB) DeleteCertificate(ctx context.Context, id int64) (*siapekspor.Certificate, bool, error) {
	var before *siapekspor.Certificate
	var unused bool
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		before, err = scanCertificate(tx.QueryRowContext(ctx, `SELECT `+certificateColumns+` `+certificateFrom+` WHERE c.id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("certificate")
		}
		if err != nil {
			return err
		}
		if _, err := db.writableEnterprise(ctx, tx, before.EnterpriseID); err != nil {
			return err
		}
		err = db.recounted(ctx, tx, countCatalogue, "e.id = $1", []any{before.EnterpriseID}, func() error {
			_, err := tx.ExecContext(ctx, `DELETE FROM certificates WHERE id = $1`, id)
			return err
		})
		if err != nil {
			return err
		}
		if before.Document != "" {
			others, err := scanUsers(ctx, tx, before.Document)
			if err != nil {
				return err
			}
			unused = others == 0
		}
		return db.audit(ctx, tx, "delete", "certificate", id, before, nil)
	})
	return before, unused, err
}

// DocumentInUse reports whether any certificate or export record still
// points at a scan.
func (db *DB) DocumentInUse(ctx context.Context, path string) (bool, error) {
	n, err := scanUsers(ctx, db.read, path)
	return n > 0, err
}
