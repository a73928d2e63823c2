package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/match"
	"github.com/siapekspor/siapekspor/internal/refdata"
)

// Buyers' requests (issue 17, item 1): buying requests and procurement
// needs, owned by the buyer's organisation (RequestScopeOf says who reads
// them, CanWriteRequest who changes them).

const requestColumns = `r.id, r.kind, r.org_id, r.title, r.hs_code, r.words, r.kbli, r.quantity, r.unit, r.frequency,
	r.destination, r.incoterm, r.target_price, r.currency, r.budget, r.delivery_region, r.local_first, r.certificates,
	r.sample_needed, r.require_validated, r.min_capacity_pct, r.deadline, r.delivery_date, r.status, r.visibility, r.notes,
	r.created_at, r.updated_at, r.version, o.name, o.kind`

const requestFrom = `FROM buying_requests r JOIN organisations o ON o.id = r.org_id`

func scanRequest(s interface{ Scan(...any) error }) (*siapekspor.BuyingRequest, error) {
	var r siapekspor.BuyingRequest
	var certs, deadline, delivery string
	err := s.Scan(&r.ID, &r.Kind, &r.OrgID, &r.Title, &r.HSCode, &r.Words, &r.KBLI, &r.Quantity, &r.Unit, &r.Frequency,
		&r.Destination, &r.Incoterm, &r.TargetPrice, &r.Currency, &r.Budget, &r.DeliveryRegion, &r.LocalFirst, &certs,
		&r.SampleNeeded, &r.RequireValidated, &r.MinCapacityPct, &deadline, &delivery, &r.Status, &r.Visibility, &r.Notes,
		&r.CreatedAt, &r.UpdatedAt, &r.Version, &r.OrgName, &r.OrgKind)
	if err != nil {
		return nil, err
	}
	r.Certificates = []siapekspor.CertificateType{}
	for c := range strings.SplitSeq(certs, ",") {
		if c != "" {
			r.Certificates = append(r.Certificates, siapekspor.CertificateType(c))
		}
	}
	r.Deadline, r.DeliveryDate = parseDateText(deadline), parseDateText(delivery)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return &r, nil
}

func requestArgs(r *siapekspor.BuyingRequest) []any {
	certs := make([]string, len(r.Certificates))
	for i, c := range r.Certificates {
		certs[i] = string(c)
	}
	return []any{string(r.Kind), r.OrgID, r.Title, r.HSCode, r.Words, r.KBLI, r.Quantity, string(r.Unit), r.Frequency,
		r.Destination, r.Incoterm, r.TargetPrice, r.Currency, r.Budget, r.DeliveryRegion, r.LocalFirst, strings.Join(certs, ","),
		r.SampleNeeded, r.RequireValidated, r.MinCapacityPct, dateText(r.Deadline), dateText(r.DeliveryDate),
		string(r.Status), string(r.Visibility), r.Notes}
}

// requestRefs adds the countries to the store's reference checker.
type requestRefs struct{ siapekspor.Reference }

func (requestRefs) CountryExists(iso3 string) bool {
	_, ok := refdata.CountryByISO3(iso3)
	return ok
}

// RequestRefs checks requests against the reference data and the countries.
func (db *DB) RequestRefs() siapekspor.RequestRefs {
	ref := db.ref
	if ref == nil {
		ref = DefaultReference()
	}
	return requestRefs{ref}
}

// BuyingRequest returns one request if the actor may read it.
func (db *DB) BuyingRequest(ctx context.Context, id int64) (*siapekspor.BuyingRequest, error) {
	a := siapekspor.ActorFrom(ctx)
	if !siapekspor.Can(a, siapekspor.PermRequestRead) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	r, err := db.request(ctx, db.read, id)
	if err != nil {
		return nil, err
	}
	if !siapekspor.RequestScopeOf(a).Contains(r) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	return r, nil
}

func (db *DB) request(ctx context.Context, q queryer, id int64) (*siapekspor.BuyingRequest, error) {
	r, err := scanRequest(q.QueryRowContext(ctx, `SELECT `+requestColumns+` `+requestFrom+` WHERE r.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("request")
	}
	return r, err
}

// RequestFilter selects requests.
type RequestFilter struct {
	Kind   siapekspor.RequestKind
	Status siapekspor.RequestStatus
	OrgID  int64
	// Text: in the title or the words.
	Text   string
	HS     string // code prefix
	Limit  int
	Offset int
}

// RequestPage is a page of requests and the total.
type RequestPage struct {
	Items []siapekspor.BuyingRequest `json:"items"`
	Total int                        `json:"total"`
}

func requestWhere(ctx context.Context, f RequestFilter) *where {
	w := &where{}
	s := siapekspor.RequestScopeOf(siapekspor.ActorFrom(ctx))
	switch {
	case s.None:
		w.add("1 = 0")
	case s.All:
	case s.OrgID != 0:
		w.add("r.org_id = ?", s.OrgID)
	case s.Shared:
		w.add("r.status = ? AND r.visibility = ?", string(siapekspor.RequestOpen), string(siapekspor.VisibilityShared))
	}
	if f.Kind != "" {
		w.add("r.kind = ?", string(f.Kind))
	}
	if f.Status != "" {
		w.add("r.status = ?", string(f.Status))
	}
	if f.OrgID != 0 {
		w.add("r.org_id = ?", f.OrgID)
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		like := "%" + likeEscape(strings.ToLower(t)) + "%"
		w.add(`(LOWER(r.title) LIKE ? ESCAPE '\' OR LOWER(r.words) LIKE ? ESCAPE '\')`, like, like)
	}
	if f.HS != "" {
		w.add(`r.hs_code LIKE ? ESCAPE '\'`, likeEscape(f.HS)+"%")
	}
	return w
}

// ListRequests returns a page of the requests the actor reads, newest first.
func (db *DB) ListRequests(ctx context.Context, f RequestFilter) (*RequestPage, error) {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermRequestRead) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	w := requestWhere(ctx, f)
	page := &RequestPage{Items: []siapekspor.BuyingRequest{}}
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) `+requestFrom+w.sql(), w.args...).Scan(&page.Total); err != nil {
		return nil, err
	}
	err := db.eachRequest(ctx, w, f.Limit, f.Offset, func(r *siapekspor.BuyingRequest) error {
		page.Items = append(page.Items, *r)
		return nil
	})
	return page, err
}

// EachRequest calls fn for every request the filter selects (exports).
func (db *DB) EachRequest(ctx context.Context, f RequestFilter, fn func(*siapekspor.BuyingRequest) error) error {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermRequestRead) {
		return siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	return db.eachRequest(ctx, requestWhere(ctx, f), -1, 0, fn)
}

func (db *DB) eachRequest(ctx context.Context, w *where, limit, offset int, fn func(*siapekspor.BuyingRequest) error) error {
	return eachRow(ctx, db.read, `SELECT `+requestColumns+` `+requestFrom+w.sql()+` ORDER BY r.id DESC`+limitOffset(limit, offset), w.args, scanRequest, fn)
}

// SuggestRequestCertificates are the certificates the requirements
// catalogue asks of a product (HS code) in a destination on a day.
func (db *DB) SuggestRequestCertificates(ctx context.Context, destination, hs string, on time.Time) ([]siapekspor.CertificateType, error) {
	if destination == "" || hs == "" {
		return []siapekspor.CertificateType{}, nil
	}
	reqs, err := db.RequirementList(ctx)
	if err != nil {
		return nil, err
	}
	out := match.SuggestCertificates(reqs, strings.ToUpper(destination), hs, on)
	if out == nil {
		out = []siapekspor.CertificateType{}
	}
	return out, nil
}

// checkRequest validates a request against the stored one (nil when new)
// and its organisation, which must be a buyer's and the actor's to write.
func (db *DB) checkRequest(ctx context.Context, q queryer, r, prev *siapekspor.BuyingRequest) error {
	a := siapekspor.ActorFrom(ctx)
	if a.Role == siapekspor.RoleBuyer && r.OrgID == 0 {
		r.OrgID = a.OrgID // a buyer posts for its own organisation
	}
	r.Normalize()
	if err := r.Validate(db.RequestRefs(), db.now(), prev); err != nil {
		return err
	}
	if !siapekspor.CanWriteRequest(a, r.OrgID) {
		return siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	var kind siapekspor.OrgKind
	err := q.QueryRowContext(ctx, `SELECT kind FROM organisations WHERE id = $1`, r.OrgID).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) {
		return siapekspor.Problems{{Field: "org_id", Key: "request.org_unknown"}}.Err()
	}
	if err != nil {
		return err
	}
	if !slices.Contains(siapekspor.BuyerOrgKinds, kind) || r.Kind == siapekspor.RequestProcurement && kind == siapekspor.OrgForeignBuyer {
		return siapekspor.Problems{{Field: "org_id", Key: "request.org_not_buyer"}}.Err()
	}
	return nil
}

// CreateRequest stores a new request. A buying request whose certificates
// are not given (nil; an empty list is kept empty) gets those the
// requirements catalogue asks for its destination and HS code
// (SuggestRequestCertificates); they stay editable.
func (db *DB) CreateRequest(ctx context.Context, r *siapekspor.BuyingRequest) error {
	if err := db.suggestInto(ctx, r); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error { return db.insertRequest(ctx, tx, r) })
}

func (db *DB) suggestInto(ctx context.Context, r *siapekspor.BuyingRequest) error {
	if r.Certificates != nil || r.Kind != siapekspor.RequestBuying {
		return nil
	}
	on := db.now()
	if r.DeliveryDate != nil {
		on = *r.DeliveryDate
	}
	hs := strings.NewReplacer(".", "", " ", "").Replace(r.HSCode)
	certs, err := db.SuggestRequestCertificates(ctx, r.Destination, hs, on)
	r.Certificates = certs
	return err
}

func (db *DB) insertRequest(ctx context.Context, tx *sql.Tx, r *siapekspor.BuyingRequest) error {
	if err := db.checkRequest(ctx, tx, r, nil); err != nil {
		return err
	}
	return db.storeRequest(ctx, tx, r)
}

// storeRequest inserts a checked request with its audit row.
func (db *DB) storeRequest(ctx context.Context, tx *sql.Tx, r *siapekspor.BuyingRequest) error {
	now := db.now()
	var by any
	if a := siapekspor.ActorFrom(ctx); a.UserID != 0 {
		by = a.UserID
	}
	args := append(requestArgs(r), by, now, now)
	if err := tx.QueryRowContext(ctx, `INSERT INTO buying_requests (kind, org_id, title, hs_code, words, kbli, quantity, unit, frequency,
		destination, incoterm, target_price, currency, budget, delivery_region, local_first, certificates,
		sample_needed, require_validated, min_capacity_pct, deadline, delivery_date, status, visibility, notes,
		created_by, created_at, updated_at, version) VALUES (`+placeholders(1, len(args))+`, 1) RETURNING id`, args...).Scan(&r.ID); err != nil {
		return err
	}
	r.CreatedAt, r.UpdatedAt, r.Version = now, now, 1
	return db.audit(ctx, tx, "create", "request", r.ID, nil, r)
}

// writableRequest reads a request the actor may change.
func (db *DB) writableRequest(ctx context.Context, tx *sql.Tx, id int64) (*siapekspor.BuyingRequest, error) {
	before, err := db.request(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	a := siapekspor.ActorFrom(ctx)
	if !siapekspor.RequestScopeOf(a).Contains(before) || !siapekspor.CanWriteRequest(a, before.OrgID) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	return before, nil
}

// UpdateRequest stores r over its record if r.Version is current; the
// organisation stays.
func (db *DB) UpdateRequest(ctx context.Context, r *siapekspor.BuyingRequest) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := db.writableRequest(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		if before.Version != r.Version {
			return siapekspor.Errorf(siapekspor.EConflict, "error.stale_version")
		}
		r.OrgID, r.Kind = before.OrgID, before.Kind
		if err := db.checkRequest(ctx, tx, r, before); err != nil {
			return err
		}
		now := db.now()
		args := append(requestArgs(r), now, r.ID)
		if _, err := tx.ExecContext(ctx, `UPDATE buying_requests SET kind = $1, org_id = $2, title = $3, hs_code = $4, words = $5, kbli = $6,
			quantity = $7, unit = $8, frequency = $9, destination = $10, incoterm = $11, target_price = $12, currency = $13, budget = $14,
			delivery_region = $15, local_first = $16, certificates = $17, sample_needed = $18, require_validated = $19,
			min_capacity_pct = $20, deadline = $21, delivery_date = $22, status = $23, visibility = $24, notes = $25,
			updated_at = $26, version = version + 1 WHERE id = $27`, args...); err != nil {
			return err
		}
		r.OrgName, r.OrgKind = before.OrgName, before.OrgKind
		r.CreatedAt, r.UpdatedAt, r.Version = before.CreatedAt, now, before.Version+1
		return db.audit(ctx, tx, "update", "request", r.ID, before, r)
	})
}

// DeleteRequest removes a request that was never opened (a draft); an
// opened one is closed instead, so that what buyers and enterprises saw
// stays on record.
func (db *DB) DeleteRequest(ctx context.Context, id int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := db.writableRequest(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Status != siapekspor.RequestDraft {
			return siapekspor.Errorf(siapekspor.EConflict, "request.delete_draft_only")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM buying_requests WHERE id = $1`, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, "delete", "request", id, before, nil)
	})
}

// BuyerOrganisations are the organisations a request may belong to: a
// buyer's own, everyone else's (officers, admins) of the buyer kinds.
func (db *DB) BuyerOrganisations(ctx context.Context) ([]siapekspor.Organisation, error) {
	a := siapekspor.ActorFrom(ctx)
	if !siapekspor.Can(a, siapekspor.PermRequestWrite) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	all, err := db.ListOrganisations(ctx, siapekspor.OrganisationFilter{Kinds: siapekspor.BuyerOrgKinds})
	if err != nil || a.Role != siapekspor.RoleBuyer {
		return all, err
	}
	return slices.DeleteFunc(all, func(o siapekspor.Organisation) bool { return o.ID != a.OrgID }), nil
}

// CreateRequests stores requests all at once, in one transaction, or none
// (an import); each is checked as CreateRequest checks one, with its
// certificates pre-filled the same way.
func (db *DB) CreateRequests(ctx context.Context, rs []*siapekspor.BuyingRequest) error {
	for _, r := range rs {
		if err := db.suggestInto(ctx, r); err != nil {
			return err
		}
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, r := range rs {
			if err := db.insertRequest(ctx, tx, r); err != nil {
				return err
			}
		}
		return nil
	})
}

// RequestOrgIDsByName finds buyer organisations by exact name (case
// folded), for imports that name them.
func (db *DB) RequestOrgIDsByName(ctx context.Context) (map[string]int64, error) {
	all, err := db.ListOrganisations(ctx, siapekspor.OrganisationFilter{Kinds: siapekspor.BuyerOrgKinds})
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	for _, o := range all {
		out[strings.ToLower(o.Name)] = o.ID
	}
	return out, nil
}
