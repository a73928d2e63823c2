package siapekspor

import (
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// RequestKind says who asks and where the goods go (internal/match.Kind
// has the same values).
type RequestKind string

const (
	// RequestBuying: a foreign importer's or a trader's need, exported.
	RequestBuying RequestKind = "buying"
	// RequestProcurement: a state-owned (BUMN) or private company's
	// domestic purchase, delivered to a place in Indonesia.
	RequestProcurement RequestKind = "procurement"
)

// RequestKinds lists them; labels under "match.kind.<kind>".
var RequestKinds = []RequestKind{RequestBuying, RequestProcurement}

// RequestStatus is where a request stands; labels under
// "request.status.<value>".
type RequestStatus string

const (
	RequestDraft   RequestStatus = "draft"   // being written; only its organisation and officers see it
	RequestOpen    RequestStatus = "open"    // looking for suppliers
	RequestClosed  RequestStatus = "closed"  // withdrawn or expired; may be reopened
	RequestAwarded RequestStatus = "awarded" // a supplier was chosen; final
)

// RequestStatuses lists them in display order.
var RequestStatuses = []RequestStatus{RequestDraft, RequestOpen, RequestClosed, RequestAwarded}

// requestMoves are the allowed status changes (staying put is always allowed).
var requestMoves = map[RequestStatus][]RequestStatus{
	RequestDraft:  {RequestOpen, RequestClosed},
	RequestOpen:   {RequestClosed, RequestAwarded},
	RequestClosed: {RequestOpen},
}

// CanMove reports whether a request may go from one status to another.
func (s RequestStatus) CanMove(to RequestStatus) bool {
	return s == to || oneOf(to, requestMoves[s])
}

// RequestVisibility says who beyond the buyer's organisation and the
// province's officers and validators sees a request.
type RequestVisibility string

const (
	// VisibilityPrivate: the buyer's organisation, officers, validators,
	// admins and viewers.
	VisibilityPrivate RequestVisibility = "private"
	// VisibilityShared: also every enterprise owner and mentor, while the
	// request is open (the public profile of the need, never the buyer's
	// users).
	VisibilityShared RequestVisibility = "shared"
)

// RequestVisibilities lists them; labels under "request.visibility.<value>".
var RequestVisibilities = []RequestVisibility{VisibilityPrivate, VisibilityShared}

// Frequency values (internal/match.Frequency has the same).
var RequestFrequencies = []string{"one_off", "monthly", "quarterly", "yearly"}

// Local-first preferences of a procurement need ("" none; internal/match.Locality).
var RequestLocalities = []string{"", "regency", "province"}

// Currencies a target price or budget may be given in (ISO 4217).
var Currencies = []string{"IDR", "USD", "EUR", "JPY", "CNY", "SGD", "MYR", "AUD", "GBP", "KRW", "SAR", "AED", "HKD", "TWD", "THB", "INR"}

// BuyerOrgKinds are the organisations that post requests; a procurement
// need comes from a domestic company only.
var BuyerOrgKinds = []OrgKind{OrgForeignBuyer, OrgBUMN, OrgPrivate}

// BuyingRequest is a buyer's need: a buying request (Kind buying) or a
// procurement need (Kind procurement). It belongs to the buyer's
// organisation.
type BuyingRequest struct {
	ID    int64       `json:"id"`
	Kind  RequestKind `json:"kind"`
	OrgID int64       `json:"org_id"`
	Title string      `json:"title"`
	// The product: an HS code of 4 or 6 digits and/or words (for a
	// procurement need the category in words, with an optional KBLI).
	HSCode string `json:"hs_code"`
	Words  string `json:"words"`
	KBLI   string `json:"kbli,omitempty"`
	// Quantity of one delivery in Unit, delivered with Frequency.
	Quantity  float64 `json:"quantity"`
	Unit      Unit    `json:"unit"`
	Frequency string  `json:"frequency"`
	// Buying requests: destination country (ISO3), incoterm, target price
	// per unit in Currency.
	Destination string  `json:"destination,omitempty"`
	Incoterm    string  `json:"incoterm,omitempty"`
	TargetPrice float64 `json:"target_price,omitempty"`
	Currency    string  `json:"currency,omitempty"`
	// Procurement needs: the budget (whole units of Currency), the delivery
	// place (a regency or district code) and the local-first preference.
	Budget         int64  `json:"budget,omitempty"`
	DeliveryRegion string `json:"delivery_region,omitempty"`
	LocalFirst     string `json:"local_first,omitempty"`
	// Certificates required: pre-filled from the requirements catalogue for
	// the destination and HS code when left empty on creation, editable.
	Certificates     []CertificateType `json:"certificates"`
	SampleNeeded     bool              `json:"sample_needed"`
	RequireValidated bool              `json:"require_validated"`
	MinCapacityPct   float64           `json:"min_capacity_pct,omitempty"`
	// Deadline: the last day offers are taken; DeliveryDate: when the goods
	// are wanted.
	Deadline     *time.Time        `json:"deadline,omitempty"`
	DeliveryDate *time.Time        `json:"delivery_date,omitempty"`
	Status       RequestStatus     `json:"status"`
	Visibility   RequestVisibility `json:"visibility"`
	Notes        string            `json:"notes"`
	CreatedAt    time.Time         `json:"created_at"`
	UpdatedAt    time.Time         `json:"updated_at"`
	Version      int               `json:"version"`

	// Read-only, joined for display.
	OrgName string  `json:"org_name,omitempty"`
	OrgKind OrgKind `json:"org_kind,omitempty"`
}

// CountryChecker answers whether an ISO3 code is a known country.
type CountryChecker interface {
	CountryExists(iso3 string) bool
}

// RequestRefs are what validating a request asks of the reference data.
type RequestRefs interface {
	Reference
	CountryChecker
}

// Normalize tidies a request's text and codes in place and fills defaults.
func (r *BuyingRequest) Normalize() {
	r.Title = collapseSpaces(r.Title)
	r.Words = collapseSpaces(r.Words)
	r.Notes = strings.TrimSpace(r.Notes)
	r.HSCode = HSCodeText(r.HSCode)
	r.KBLI = strings.TrimSpace(r.KBLI)
	r.Destination = strings.ToUpper(strings.TrimSpace(r.Destination))
	rule, _ := IncotermText(r.Incoterm)
	r.Incoterm = string(rule)
	r.Currency = strings.ToUpper(strings.TrimSpace(r.Currency))
	r.DeliveryRegion = strings.TrimSpace(r.DeliveryRegion)
	if r.Status == "" {
		r.Status = RequestDraft
	}
	if r.Visibility == "" {
		r.Visibility = VisibilityPrivate
	}
	if r.Frequency == "" {
		r.Frequency = "one_off"
	}
	if r.Certificates == nil {
		r.Certificates = []CertificateType{}
	}
}

// Validate checks a request; every problem is reported at once, each
// naming its field. prev is the stored request when it is being changed
// (nil when new): a deadline or delivery date in the past is refused when
// it is set or changed, or when the request is (re)opened, so that an old
// request can still be closed or awarded.
func (r *BuyingRequest) Validate(ref RequestRefs, today time.Time, prev *BuyingRequest) error {
	var p Problems
	p.Text("title", r.Title)
	p.Text("words", r.Words)
	p.Text("notes", r.Notes)
	switch n := utf8.RuneCountInString(r.Title); {
	case n == 0:
		p.Add("title", "field.required")
	case n > 200:
		p.Add("title", "field.too_long", 200)
	}
	if utf8.RuneCountInString(r.Words) > 500 {
		p.Add("words", "field.too_long", 500)
	}
	if utf8.RuneCountInString(r.Notes) > 4000 {
		p.Add("notes", "field.too_long", 4000)
	}
	if !oneOf(r.Kind, RequestKinds) {
		p.Add("kind", "field.choice")
	}
	if r.OrgID == 0 {
		p.Add("org_id", "field.required")
	}
	switch {
	case r.HSCode == "" && r.Words == "":
		p.Add("hs_code", "request.product_required")
	case r.HSCode != "":
		if !allDigits(r.HSCode, 4) && !allDigits(r.HSCode, 6) {
			p.Add("hs_code", "request.hs_digits")
		} else if !ref.HSExists(r.HSCode) {
			p.Add("hs_code", "hs.not_in_nomenclature")
		}
	}
	if r.KBLI != "" && !ref.KBLIExists("2020", r.KBLI) {
		p.Add("kbli", "kbli.unknown", r.KBLI, "2020")
	}
	if math.IsNaN(r.Quantity) || math.IsInf(r.Quantity, 0) || r.Quantity <= 0 {
		p.Add("quantity", "request.quantity_positive")
	}
	if !oneOf(r.Unit, Units) {
		p.Add("unit", "field.choice")
	}
	if !oneOf(r.Frequency, RequestFrequencies) {
		p.Add("frequency", "field.choice")
	}
	if !oneOf(r.Status, RequestStatuses) {
		p.Add("status", "field.choice")
	} else if prev != nil && !prev.Status.CanMove(r.Status) {
		p.Add("status", "request.status_move", string(prev.Status), string(r.Status))
	}
	if !oneOf(r.Visibility, RequestVisibilities) {
		p.Add("visibility", "field.choice")
	}
	for _, c := range r.Certificates {
		if !oneOf(c, CertificateTypes) {
			p.Add("certificates", "field.choice")
			break
		}
	}
	if len(r.Certificates) > 32 {
		p.Add("certificates", "request.too_many_certificates", 32)
	}
	if r.Incoterm != "" && !oneOf(Incoterm(r.Incoterm), Incoterms) {
		p.Add("incoterm", "field.choice")
	}
	if r.Currency != "" && !oneOf(r.Currency, Currencies) {
		p.Add("currency", "field.choice")
	}
	if math.IsNaN(r.TargetPrice) || r.TargetPrice < 0 {
		p.Add("target_price", "field.negative")
	}
	if r.Budget < 0 {
		p.Add("budget", "field.negative")
	}
	if (r.TargetPrice > 0 || r.Budget > 0) && r.Currency == "" {
		p.Add("currency", "request.currency_needed")
	}
	if math.IsNaN(r.MinCapacityPct) || r.MinCapacityPct < 0 || r.MinCapacityPct > 100 {
		p.Add("min_capacity_pct", "request.pct_range", 0, 100)
	}
	if !oneOf(r.LocalFirst, RequestLocalities) {
		p.Add("local_first", "field.choice")
	}
	switch r.Kind {
	case RequestBuying:
		switch {
		case r.Destination == "":
			p.Add("destination", "field.required")
		case len(r.Destination) != 3 || !ref.CountryExists(r.Destination):
			p.Add("destination", "request.country_unknown", r.Destination)
		}
		if r.Budget != 0 {
			p.Add("budget", "request.procurement_only")
		}
		if r.DeliveryRegion != "" || r.LocalFirst != "" {
			p.Add("delivery_region", "request.procurement_only")
		}
	case RequestProcurement:
		if r.Destination != "" {
			p.Add("destination", "request.buying_only")
		}
		if r.DeliveryRegion == "" {
			p.Add("delivery_region", "field.required")
		} else if lvl, ok := ref.RegionLevel(r.DeliveryRegion); !ok || lvl < 2 || lvl > 3 {
			p.Add("delivery_region", "request.region_regency")
		}
	}
	day := civilDay(today)
	reopened := prev != nil && prev.Status != RequestOpen && r.Status == RequestOpen
	for _, d := range []struct {
		field    string
		now, was *time.Time
	}{{"deadline", r.Deadline, prevDate(prev, true)}, {"delivery_date", r.DeliveryDate, prevDate(prev, false)}} {
		if d.now == nil {
			continue
		}
		changed := prev == nil || d.was == nil || !civilDay(*d.was).Equal(civilDay(*d.now))
		if (changed || reopened) && civilDay(*d.now).Before(day) {
			p.Add(d.field, "request.date_past", d.now.Format(time.DateOnly))
		}
	}
	if r.Deadline != nil && r.DeliveryDate != nil && civilDay(*r.DeliveryDate).Before(civilDay(*r.Deadline)) {
		p.Add("delivery_date", "request.delivery_before_deadline")
	}
	return p.Err()
}

func prevDate(prev *BuyingRequest, deadline bool) *time.Time {
	switch {
	case prev == nil:
		return nil
	case deadline:
		return prev.Deadline
	}
	return prev.DeliveryDate
}

// civilDay is t's calendar day at midnight UTC.
func civilDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// RequestScope is which requests an actor reads (RequestScopeOf).
type RequestScope struct {
	All bool
	// OrgID: a buyer's own organisation's requests.
	OrgID int64
	// Shared: open requests shared with enterprise owners and mentors.
	Shared bool
	None   bool
}

// RequestScopeOf: admins, viewers, officers (every region: a request is
// the province's) and validators read every request; a buyer its own
// organisation's; owners and mentors the open requests shared with them.
func RequestScopeOf(a Actor) RequestScope {
	switch a.Role {
	case RoleAdmin, RoleViewer, RoleOfficer, RoleValidator:
		return RequestScope{All: true}
	case RoleBuyer:
		if a.OrgID != 0 {
			return RequestScope{OrgID: a.OrgID}
		}
	case RoleOwner, RoleMentor:
		return RequestScope{Shared: true}
	}
	return RequestScope{None: true}
}

// Contains reports whether a request lies in the scope.
func (s RequestScope) Contains(r *BuyingRequest) bool {
	switch {
	case s.None:
		return false
	case s.All:
		return true
	case s.OrgID != 0:
		return r.OrgID == s.OrgID
	case s.Shared:
		return r.Status == RequestOpen && r.Visibility == VisibilityShared
	}
	return false
}

// CanWriteRequest reports whether an actor may create or change a request
// of an organisation: admins and officers (on the buyer's behalf) any, a
// buyer its own organisation's.
func CanWriteRequest(a Actor, orgID int64) bool {
	if !Can(a, PermRequestWrite) {
		return false
	}
	if a.Role == RoleBuyer {
		return a.OrgID != 0 && a.OrgID == orgID
	}
	return true
}

// MatchCandidateScope is the enterprises whose products a matcher's list
// shows an actor: a regency officer its region's (and binaan), a mentor
// its assigned enterprises; everyone else who may see matches (buyers
// see public profiles only) every enterprise of the province.
func MatchCandidateScope(a Actor) EnterpriseScope {
	switch a.Role {
	case RoleOfficer, RoleMentor:
		return ScopeOf(a)
	}
	return EnterpriseScope{All: true}
}

// Permissions of buyers' requests and the matcher (issue 17).
const (
	// PermRequestRead: read requests within RequestScopeOf.
	PermRequestRead Permission = "request:read"
	// PermRequestWrite: create and change requests (CanWriteRequest).
	PermRequestWrite Permission = "request:write"
	// PermMatchRead: a request's ranked suppliers (MatchCandidateScope).
	PermMatchRead Permission = "match:read"
	// PermMatchAdmin: set the matcher's weights (admins only).
	PermMatchAdmin Permission = "match:admin"
)

// Kept apart from rolePermissions' literal so that the table of the older
// features reads as before.
func init() {
	for role, perms := range map[Role][]Permission{
		RoleOfficer:   {PermRequestRead, PermRequestWrite, PermMatchRead},
		RoleBuyer:     {PermRequestRead, PermRequestWrite, PermMatchRead},
		RoleValidator: {PermRequestRead, PermMatchRead},
		RoleViewer:    {PermRequestRead, PermMatchRead},
		RoleMentor:    {PermRequestRead, PermMatchRead},
		RoleOwner:     {PermRequestRead},
	} {
		rolePermissions[role] = append(rolePermissions[role], perms...)
	}
}

// DateOf makes a Date of a day (nil: none).
func DateOf(t *time.Time) Date { return Date{t: t} }
