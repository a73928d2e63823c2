package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
)

const productColumns = `p.id, p.enterprise_id, p.name_id, p.name_en, p.description_id, p.description_en, p.hs_code, p.category, p.unit,
	p.capacity_per_month, p.min_order, p.price_idr, p.fob_usd_cents, p.packaging, p.shelf_life_days, p.storage,
	p.validation, p.validated_at, p.created_at, p.updated_at, p.version, e.name, e.regency_code`

// productFrom: the regency's name comes from the reference index in memory.
const productFrom = `FROM products p JOIN enterprises e ON e.id = p.enterprise_id`

func scanProduct(s interface{ Scan(...any) error }) (*siapekspor.Product, error) {
	var p siapekspor.Product
	var validated sql.NullTime
	err := s.Scan(&p.ID, &p.EnterpriseID, &p.NameID, &p.NameEN, &p.DescriptionID, &p.DescriptionEN, &p.HSCode, &p.Category, &p.Unit,
		&p.CapacityPerMonth, &p.MinOrder, &p.PriceIDR, &p.FOBUSDCents, &p.Packaging, &p.ShelfLifeDays, &p.Storage,
		&p.Validation, &validated, &p.CreatedAt, &p.UpdatedAt, &p.Version, &p.EnterpriseName, &p.RegencyCode)
	if err != nil {
		return nil, err
	}
	p.RegencyName = regionNameOf(p.RegencyCode)
	if validated.Valid {
		t := validated.Time.UTC()
		p.ValidatedAt = &t
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	p.Photos = []siapekspor.ProductPhoto{}
	return &p, nil
}

// productScopeWhere limits products to the enterprises the actor may read.
func productScopeWhere(ctx context.Context) *where {
	return scopeWhere(siapekspor.ProductScopeOf(siapekspor.ActorFrom(ctx)))
}

// Product returns one product with its photos, if the actor may read it:
// a product out of the actor's scope is refused (403), as its enterprise is.
func (db *DB) Product(ctx context.Context, id int64) (*siapekspor.Product, error) {
	p, err := scanProduct(db.readQueryRow(ctx, `SELECT `+productColumns+` `+productFrom+` WHERE p.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("product")
	}
	if err != nil {
		return nil, err
	}
	if err := db.checkReadable(ctx, p.EnterpriseID); err != nil {
		return nil, err
	}
	return p, db.loadPhotos(ctx, db.read, []*siapekspor.Product{p})
}

// checkReadable refuses products and certificates of an enterprise outside
// the actor's product scope.
func (db *DB) checkReadable(ctx context.Context, enterpriseID int64) error {
	a := siapekspor.ActorFrom(ctx)
	if siapekspor.Can(a, siapekspor.PermProductRead) && siapekspor.ProductScopeOf(a).All {
		return nil // no need to read the enterprise
	}
	_, err := db.readableEnterprise(ctx, enterpriseID)
	return err
}

// readableEnterprise reads an enterprise whose products the actor may read.
func (db *DB) readableEnterprise(ctx context.Context, enterpriseID int64) (*siapekspor.Enterprise, error) {
	a := siapekspor.ActorFrom(ctx)
	if !siapekspor.Can(a, siapekspor.PermProductRead) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	e, err := db.enterprise(ctx, db.read, enterpriseID)
	if err != nil {
		return nil, err
	}
	if !siapekspor.ProductScopeOf(a).Contains(e) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden_enterprise")
	}
	return e, nil
}

func (db *DB) loadPhotos(ctx context.Context, q queryer, ps []*siapekspor.Product) error {
	if len(ps) == 0 {
		return nil
	}
	byID := make(map[int64]*siapekspor.Product, len(ps))
	ids := make([]int64, len(ps))
	for i, p := range ps {
		byID[p.ID] = p
		ids[i] = p.ID
	}
	rows, err := db.queryIDs(ctx, q, `SELECT id, product_id, thumb, display, position FROM product_photos
		WHERE product_id `, ids, ` ORDER BY product_id, position, id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var ph siapekspor.ProductPhoto
		var pid int64
		if err := rows.Scan(&ph.ID, &pid, &ph.Thumb, &ph.Display, &ph.Position); err != nil {
			return err
		}
		byID[pid].Photos = append(byID[pid].Photos, ph)
	}
	return rows.Err()
}

// ProductFilter selects products.
type ProductFilter struct {
	EnterpriseID int64
	Validation   siapekspor.ValidationStatus
	HSChapter    string
	RegencyCode  string
	Limit        int
	Offset       int
}

// ProductPage is a page of products and the total.
type ProductPage struct {
	Items []siapekspor.Product `json:"items"`
	Total int                  `json:"total"`
}

// productWhere selects the products of a filter within the actor's scope.
func productWhere(ctx context.Context, f ProductFilter) *where {
	w := productScopeWhere(ctx)
	if f.EnterpriseID != 0 {
		w.add("p.enterprise_id = ?", f.EnterpriseID)
	}
	if f.Validation != "" {
		w.add("p.validation = ?", string(f.Validation))
	}
	if f.HSChapter != "" {
		w.add(`p.hs_code LIKE ? ESCAPE '\'`, likeEscape(f.HSChapter)+"%")
	}
	if f.RegencyCode != "" {
		w.add("e.regency_code = ?", f.RegencyCode)
	}
	return w
}

// ListProducts returns the products a filter selects within the actor's
// scope, newest first.
func (db *DB) ListProducts(ctx context.Context, f ProductFilter) (*ProductPage, error) {
	w := productWhere(ctx, f)
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	page := &ProductPage{Items: []siapekspor.Product{}}
	counted := false
	if f.EnterpriseID == 0 {
		counts, ok, err := db.countProducts(ctx, siapekspor.ProductScopeOf(siapekspor.ActorFrom(ctx)), f.RegencyCode, string(f.Validation), f.HSChapter, "")
		if err != nil {
			return nil, err
		}
		if counted = ok; ok && counts[""] != nil {
			page.Total = int(counts[""][0])
		}
	}
	if !counted {
		if err := db.readQueryRow(ctx, `SELECT COUNT(*) `+productFrom+w.sql(), w.args...).Scan(&page.Total); err != nil {
			return nil, err
		}
	}
	// Limit and offset are arguments, so the text stays one kept statement.
	n := len(w.args)
	rows, err := db.readQuery(ctx, `SELECT `+productColumns+` `+productFrom+w.sql()+
		fmt.Sprintf(` ORDER BY p.id DESC LIMIT $%d OFFSET $%d`, n+1, n+2), append(w.args, f.Limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ps []*siapekspor.Product
	for rows.Next() {
		p, err := scanProduct(rows)
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := db.loadPhotos(ctx, db.read, ps); err != nil {
		return nil, err
	}
	for _, p := range ps {
		page.Items = append(page.Items, *p)
	}
	return page, nil
}

// EachProduct calls fn for every product a filter selects within the
// actor's scope, oldest first, in one query (photos are not loaded): for
// exports, which must not page through a table that changes under them.
func (db *DB) EachProduct(ctx context.Context, f ProductFilter, fn func(*siapekspor.Product) error) error {
	w := productWhere(ctx, f)
	rows, err := db.readQuery(ctx, `SELECT `+productColumns+` `+productFrom+w.sql()+` ORDER BY p.id`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanProduct(rows)
		if err != nil {
			return err
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return rows.Err()
}

// EnterpriseIDsByNIB maps NIBs to the ids of the enterprises registered
// with them (whether or not the actor may edit them; writes check that).
func (db *DB) EnterpriseIDsByNIB(ctx context.Context, nibs []string) (map[string]int64, error) {
	out := map[string]int64{}
	for start := 0; start < len(nibs); start += 500 {
		chunk := nibs[start:min(start+500, len(nibs))]
		args := make([]any, len(chunk))
		for i, n := range chunk {
			args[i] = n
		}
		rows, err := db.read.QueryContext(ctx, `SELECT nib, id FROM enterprises WHERE nib <> '' AND nib IN (`+placeholders(1, len(args))+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var nib string
			var id int64
			if err := rows.Scan(&nib, &id); err != nil {
				rows.Close()
				return nil, err
			}
			out[nib] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// writableEnterprise loads an enterprise for a change to its products or
// certificates and checks the actor may edit it.
func (db *DB) writableEnterprise(ctx context.Context, q queryer, id int64) (*siapekspor.Enterprise, error) {
	e, err := db.enterprise(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermProductWrite) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	return e, checkScope(ctx, e)
}

const productWritable = `name_id, name_en, description_id, description_en, hs_code, category, unit, capacity_per_month, min_order,
	price_idr, fob_usd_cents, packaging, shelf_life_days, storage, validation, validated_at`

func productArgs(p *siapekspor.Product) []any {
	var validated any
	if p.ValidatedAt != nil {
		validated = *p.ValidatedAt
	}
	return []any{p.NameID, p.NameEN, p.DescriptionID, p.DescriptionEN, p.HSCode, string(p.Category), string(p.Unit), p.CapacityPerMonth, p.MinOrder,
		p.PriceIDR, p.FOBUSDCents, p.Packaging, p.ShelfLifeDays, p.Storage, string(p.Validation), validated}
}

// CreateProduct validates and stores a new product of an enterprise the
// actor may edit; it starts as a draft.
func (db *DB) CreateProduct(ctx context.Context, p *siapekspor.Product) error {
	p.ID, p.Validation, p.ValidatedAt = 0, siapekspor.ValidationDraft, nil
	p.Normalize()
	if err := p.Validate(db.ref); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := db.writableEnterprise(ctx, tx, p.EnterpriseID); err != nil {
			return err
		}
		now := db.now()
		args := append([]any{p.EnterpriseID}, productArgs(p)...)
		args = append(args, now, now)
		err := db.recounted(ctx, tx, countProductWrites, "e.id = $1", []any{p.EnterpriseID}, func() error {
			return tx.QueryRowContext(ctx, `INSERT INTO products (enterprise_id, `+productWritable+`, created_at, updated_at, version)
				VALUES (`+placeholders(1, len(args))+`, 1) RETURNING id`, args...).Scan(&p.ID)
		})
		if err != nil {
			return err
		}
		p.CreatedAt, p.UpdatedAt, p.Version = now, now, 1
		p.Photos = []siapekspor.ProductPhoto{}
		if err := db.indexProducts(ctx, tx, p.ID); err != nil {
			return err
		}
		return db.audit(ctx, tx, "create", "product", p.ID, nil, p)
	})
}

// productForWrite loads a product inside a transaction and checks that the
// actor may edit its enterprise.
func (db *DB) productForWrite(ctx context.Context, tx *sql.Tx, id int64) (*siapekspor.Product, error) {
	p, err := scanProduct(tx.QueryRowContext(ctx, `SELECT `+productColumns+` `+productFrom+` WHERE p.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("product")
	}
	if err != nil {
		return nil, err
	}
	if _, err := db.writableEnterprise(ctx, tx, p.EnterpriseID); err != nil {
		return nil, err
	}
	return p, db.loadPhotos(ctx, tx, []*siapekspor.Product{p})
}

// UpdateProduct stores p over its record if p.Version is current. An edit
// of what validators judged takes an approved or submitted product back to
// draft: the export-validated mark covers only what was reviewed.
func (db *DB) UpdateProduct(ctx context.Context, p *siapekspor.Product) error {
	p.Normalize()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := db.productForWrite(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if before.Version != p.Version {
			return siapekspor.Errorf(siapekspor.EConflict, "error.stale_version")
		}
		p.EnterpriseID = before.EnterpriseID
		p.Validation, p.ValidatedAt = before.Validation, before.ValidatedAt
		reset := p.Validation != siapekspor.ValidationDraft && p.Validation != siapekspor.ValidationRejected && p.MaterialChange(before)
		if reset {
			p.Validation, p.ValidatedAt = siapekspor.ValidationDraft, nil
		}
		if err := p.Validate(db.ref); err != nil {
			return err
		}
		now := db.now()
		args := append(productArgs(p), now, p.ID)
		var set strings.Builder
		for i, c := range strings.Fields(strings.ReplaceAll(productWritable, ",", " ")) {
			set.WriteString(c + " = $" + strconv.Itoa(i+1) + ", ")
		}
		n := len(args)
		err = db.recounted(ctx, tx, countProductWrites, "e.id = $1", []any{p.EnterpriseID}, func() error {
			_, err := tx.ExecContext(ctx, `UPDATE products SET `+set.String()+`updated_at = $`+strconv.Itoa(n-1)+
				`, version = version + 1 WHERE id = $`+strconv.Itoa(n), args...)
			return err
		})
		if err != nil {
			return err
		}
		if reset {
			if err := db.addValidationEvent(ctx, tx, p.ID, siapekspor.ValidationDraft, nil, "validation.reset_by_change"); err != nil {
				return err
			}
		}
		p.CreatedAt, p.UpdatedAt, p.Version, p.Photos = before.CreatedAt, now, before.Version+1, before.Photos
		p.EnterpriseName, p.RegencyCode, p.RegencyName = before.EnterpriseName, before.RegencyCode, before.RegencyName
		if err := db.indexProducts(ctx, tx, p.ID); err != nil {
			return err
		}
		return db.audit(ctx, tx, "update", "product", p.ID, before, p)
	})
}

// DeleteProduct removes a product with its photos' records, certificates
// and validation history; it returns the photos so their files can go.
func (db *DB) DeleteProduct(ctx context.Context, id int64) ([]siapekspor.ProductPhoto, error) {
	var photos []siapekspor.ProductPhoto
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := db.productForWrite(ctx, tx, id)
		if err != nil {
			return err
		}
		photos = before.Photos
		if err := db.unindex(ctx, tx, "product", id); err != nil {
			return err
		}
		err = db.recounted(ctx, tx, countProductWrites, "e.id = $1", []any{before.EnterpriseID}, func() error {
			_, err := tx.ExecContext(ctx, `DELETE FROM products WHERE id = $1`, id)
			return err
		})
		if err != nil {
			return err
		}
		return db.audit(ctx, tx, "delete", "product", id, before, nil)
	})
	return photos, err
}

// AddProductPhoto records a stored photo of a product, at most MaxPhotos.
func (db *DB) AddProductPhoto(ctx context.Context, productID int64, ph *siapekspor.ProductPhoto) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		p, err := db.productForWrite(ctx, tx, productID)
		if err != nil {
			return err
		}
		if len(p.Photos) >= siapekspor.MaxPhotos {
			return siapekspor.Errorf(siapekspor.EInvalid, "product.too_many_photos", siapekspor.MaxPhotos)
		}
		for _, old := range p.Photos {
			if old.Display == ph.Display {
				return siapekspor.Errorf(siapekspor.EConflict, "product.same_photo")
			}
		}
		ph.Position = len(p.Photos) + 1
		// The catalogue's cards show the first photo (catalogue_model.go).
		err = db.recounted(ctx, tx, countCatalogue, "e.id = $1", []any{p.EnterpriseID}, func() error {
			if err := tx.QueryRowContext(ctx, `INSERT INTO product_photos (product_id, thumb, display, position, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, productID, ph.Thumb, ph.Display, ph.Position, db.now()).Scan(&ph.ID); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `UPDATE products SET updated_at = $1 WHERE id = $2`, db.now(), productID)
			return err
		})
		if err != nil {
			return err
		}
		return db.audit(ctx, tx, "add_photo", "product", productID, nil, ph)
	})
}

// DeleteProductPhoto removes a photo's record and returns it, so its files
// can be removed when no other record uses them.
func (db *DB) DeleteProductPhoto(ctx context.Context, productID, photoID int64) (*siapekspor.ProductPhoto, bool, error) {
	var gone *siapekspor.ProductPhoto
	var unused bool
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		p, err := db.productForWrite(ctx, tx, productID)
		if err != nil {
			return err
		}
		for i := range p.Photos {
			if p.Photos[i].ID == photoID {
				gone = &p.Photos[i]
			}
		}
		if gone == nil {
			return notFound("photo")
		}
		err = db.recounted(ctx, tx, countCatalogue, "e.id = $1", []any{p.EnterpriseID}, func() error {
			_, err := tx.ExecContext(ctx, `DELETE FROM product_photos WHERE id = $1`, photoID)
			return err
		})
		if err != nil {
			return err
		}
		var others int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM product_photos WHERE display = $1`, gone.Display).Scan(&others); err != nil {
			return err
		}
		unused = others == 0
		return db.audit(ctx, tx, "delete_photo", "product", productID, gone, nil)
	})
	return gone, unused, err
}

// SubmitProduct puts a product in the validators' queue.
func (db *DB) SubmitProduct(ctx context.Context, id int64, note string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		p, err := db.productForWrite(ctx, tx, id)
		if err != nil {
			return err
		}
		if !siapekspor.CanSubmit(p.Validation) {
			return siapekspor.Errorf(siapekspor.EConflict, "validation.cannot_submit")
		}
		if err := p.ReadyForValidation(); err != nil {
			return err
		}
		now := db.now()
		err = db.recounted(ctx, tx, countProductWrites, "e.id = $1", []any{p.EnterpriseID}, func() error {
			_, err := tx.ExecContext(ctx, `UPDATE products SET validation = $1, submitted_at = $2, updated_at = $2 WHERE id = $3`,
				string(siapekspor.ValidationSubmitted), now, id)
			return err
		})
		if err != nil {
			return err
		}
		if err := db.addValidationEvent(ctx, tx, id, siapekspor.ValidationSubmitted, nil, strings.TrimSpace(note)); err != nil {
			return err
		}
		if err := db.indexProducts(ctx, tx, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, "submit", "product", id, map[string]any{"validation": p.Validation}, map[string]any{"validation": siapekspor.ValidationSubmitted})
	})
}

// ReviewProduct records a validator's decision on a submitted product.
func (db *DB) ReviewProduct(ctx context.Context, id int64, r siapekspor.Review) (siapekspor.ValidationStatus, error) {
	a := siapekspor.ActorFrom(ctx)
	if !siapekspor.Can(a, siapekspor.PermValidate) {
		return "", siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	if err := r.Validate(); err != nil {
		return "", err
	}
	status := r.Decision()
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var current string
		var enterpriseID int64
		err := tx.QueryRowContext(ctx, `SELECT validation, enterprise_id FROM products WHERE id = $1`, id).Scan(&current, &enterpriseID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("product")
		}
		if err != nil {
			return err
		}
		if siapekspor.ValidationStatus(current) != siapekspor.ValidationSubmitted {
			return siapekspor.Errorf(siapekspor.EConflict, "validation.not_submitted")
		}
		now := db.now()
		var validated any
		if status == siapekspor.ValidationApproved {
			validated = now
		}
		err = db.recounted(ctx, tx, countProductWrites, "e.id = $1", []any{enterpriseID}, func() error {
			_, err := tx.ExecContext(ctx, `UPDATE products SET validation = $1, validated_at = $2, updated_at = $3 WHERE id = $4`,
				string(status), validated, now, id)
			return err
		})
		if err != nil {
			return err
		}
		if err := db.addValidationEvent(ctx, tx, id, status, &r, ""); err != nil {
			return err
		}
		if err := db.indexProducts(ctx, tx, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, "review", "product", id, map[string]any{"validation": current}, map[string]any{"validation": status, "review": r})
	})
	return status, err
}

func (db *DB) addValidationEvent(ctx context.Context, tx *sql.Tx, productID int64, status siapekspor.ValidationStatus, r *siapekspor.Review, note string) error {
	a := siapekspor.ActorFrom(ctx)
	var userID any
	if a.UserID != 0 {
		userID = a.UserID
	}
	var orgName string
	if a.OrgID != 0 {
		tx.QueryRowContext(ctx, `SELECT name FROM organisations WHERE id = $1`, a.OrgID).Scan(&orgName)
	}
	var review string
	if r != nil {
		b, _ := json.Marshal(r)
		review = string(b)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO validations (product_id, at, user_id, actor, org_name, status, review_json, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, productID, db.now(), userID, a.Label, orgName, string(status), review, note)
	return err
}

// ValidationHistory returns a product's validation steps, oldest first.
func (db *DB) ValidationHistory(ctx context.Context, productID int64) ([]siapekspor.ValidationEvent, error) {
	if _, err := db.Product(ctx, productID); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, product_id, at, actor, org_name, status, review_json, note
		FROM validations WHERE product_id = $1 ORDER BY id`, productID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []siapekspor.ValidationEvent{}
	for rows.Next() {
		var ev siapekspor.ValidationEvent
		var review string
		if err := rows.Scan(&ev.ID, &ev.ProductID, &ev.At, &ev.Actor, &ev.OrgName, &ev.Status, &review, &ev.Note); err != nil {
			return nil, err
		}
		ev.At = ev.At.UTC()
		if review != "" {
			ev.Review = &siapekspor.Review{}
			if err := json.Unmarshal([]byte(review), ev.Review); err != nil {
				return nil, err
			}
		}
		out = append(out, ev)
	}
	return out, rows.Err()
}

// QueueItem is a product waiting for validation.
type QueueItem struct {
	siapekspor.Product
	SubmittedAt time.Time `json:"submitted_at"`
}

// ValidationQueue returns the submitted products, oldest submission first.
func (db *DB) ValidationQueue(ctx context.Context, limit int) ([]QueueItem, error) {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermValidate) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+productColumns+`, p.submitted_at `+productFrom+`
		WHERE p.validation = $1 ORDER BY p.submitted_at, p.id LIMIT `+strconv.Itoa(limit), string(siapekspor.ValidationSubmitted))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []QueueItem{}
	for rows.Next() {
		var it QueueItem
		var validated sql.NullTime
		p := &it.Product
		if err := rows.Scan(&p.ID, &p.EnterpriseID, &p.NameID, &p.NameEN, &p.DescriptionID, &p.DescriptionEN, &p.HSCode, &p.Category, &p.Unit,
			&p.CapacityPerMonth, &p.MinOrder, &p.PriceIDR, &p.FOBUSDCents, &p.Packaging, &p.ShelfLifeDays, &p.Storage,
			&p.Validation, &validated, &p.CreatedAt, &p.UpdatedAt, &p.Version, &p.EnterpriseName, &p.RegencyCode, &it.SubmittedAt); err != nil {
			return nil, err
		}
		p.RegencyName = regionNameOf(p.RegencyCode)
		it.SubmittedAt = it.SubmittedAt.UTC()
		out = append(out, it)
	}
	return out, rows.Err()
}

// PhotoInUse reports whether any product still shows a stored photo.
func (db *DB) PhotoInUse(ctx context.Context, display string) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM product_photos WHERE display = $1`, display).Scan(&n)
	return n > 0, err
}

// SetCertificateDocument records a certificate's stored scan; it returns
// the document it replaces and whether any record still uses that one.
func (db *DB) SetCertificateDocument(ctx context.Context, id int64, path, kind string) (*siapekspor.Certificate, string, bool, error) {
	var c *siapekspor.Certificate
	var old string
	var unused bool
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = scanCertificate(tx.QueryRowContext(ctx, `SELECT `+certificateColumns+` `+certificateFrom+` WHERE c.id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("certificate")
		}
		if err != nil {
			return err
		}
		if _, err := db.writableEnterprise(ctx, tx, c.EnterpriseID); err != nil {
			return err
		}
		old = c.Document
		now := db.now()
		if _, err := tx.ExecContext(ctx, `UPDATE certificates SET document = $1, document_kind = $2, updated_at = $3, version = version + 1 WHERE id = $4`,
			path, kind, now, id); err != nil {
			return err
		}
		before := *c
		c.Document, c.DocumentKind, c.UpdatedAt, c.Version = path, kind, now, c.Version+1
		if old != "" && old != path {
			n, err := scanUsers(ctx, tx, old)
			if err != nil {
				return err
			}
			unused = n == 0
		}
		return db.audit(ctx, tx, "update", "certificate", id, &before, c)
	})
	return c, old, unused, err
}
