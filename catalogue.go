package siapekspor

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The public catalogue for foreign buyers (docs/catalogue.md): what the
// export organisations have validated, of enterprises that agreed to be
// listed, shown without a login.

// ListingConsent is an enterprise's agreement to appear in the public
// catalogue. The owner gives it from its own account, or an officer
// records the owner's consent with how it was given (Evidence). Withdrawing
// it removes the enterprise and its products from the catalogue at once.
type ListingConsent struct {
	EnterpriseID int64 `json:"enterprise_id"`
	Listed       bool  `json:"listed"`
	// ByOwner: the owner agreed from its own account; otherwise an officer
	// recorded the owner's consent, and Evidence says how (a signed form,
	// a visit on a date).
	ByOwner  bool      `json:"by_owner"`
	Evidence string    `json:"evidence"`
	Actor    string    `json:"actor"` // who recorded the last change
	At       time.Time `json:"at"`    // when
}

// Validate checks a consent about to be recorded by a: an officer who
// lists an enterprise says how the owner agreed.
func (c *ListingConsent) Validate(a Actor) error {
	c.Evidence = strings.TrimSpace(c.Evidence)
	p := TextProblems(c)
	c.ByOwner = a.Role == RoleOwner
	if c.Listed && !c.ByOwner && c.Evidence == "" {
		p.Add("evidence", "catalogue.evidence_required")
	}
	if utf8.RuneCountInString(c.Evidence) > 500 {
		p.Add("evidence", "field.too_long", 500)
	}
	return p.Err()
}

// CanSetListing reports whether a may give or withdraw an enterprise's
// listing consent: its owner, or an officer or admin whose scope holds it
// (the store checks the scope).
func CanSetListing(a Actor) bool {
	return a.Role == RoleOwner || a.Role == RoleOfficer || a.Role == RoleAdmin
}

// ListingState is what decides whether one product is in the catalogue.
type ListingState struct {
	Validation   ValidationStatus
	Consent      bool          // the enterprise's listing consent stands
	Certificates []Certificate // the certificates that cover this product (ProductID set to it)
}

// Unlisted reasons; labels under "catalogue.unlisted.<reason>".
const (
	UnlistedNotValidated = "not_validated"
	UnlistedNoConsent    = "no_consent"
	UnlistedCertExpired  = "certificate_expired"
)

// Listed reports whether a product appears in the catalogue on day now,
// and if not, why: it must carry the export-validated mark, its enterprise
// must have agreed to be listed, and every kind of certificate recorded
// for the product itself must have one that still counts (a product whose
// halal certificate lapsed leaves until it is renewed). The store's
// catalogue query says the same in SQL; a test keeps the two equal.
func (s ListingState) Listed(now time.Time) (bool, string) {
	if s.Validation != ValidationApproved {
		return false, UnlistedNotValidated
	}
	if !s.Consent {
		return false, UnlistedNoConsent
	}
	valid := map[CertificateType]bool{}
	for i := range s.Certificates {
		c := &s.Certificates[i]
		valid[c.Type] = valid[c.Type] || c.Counts(now)
	}
	for _, ok := range valid {
		if !ok {
			return false, UnlistedCertExpired
		}
	}
	return true, ""
}

// Slug is the readable part of a catalogue address: the name in lower-case
// ASCII letters and digits joined by hyphens, accents dropped, at most 60
// characters, cut at a hyphen ("Kopi Robusta Lampung" → "kopi-robusta-lampung").
// A name with no Latin letters or digits gives "".
func Slug(name string) string {
	var b strings.Builder
	b.Grow(min(len(name), 64))
	hyphen := false
	if len(name) > 1000 {
		name = name[:1000] // more than a slug can show
	}
runes:
	for _, r := range name {
		if r >= utf8.RuneSelf {
			if f, ok := latinFold[r]; ok {
				r = f // é → e: the letter without its accent
			} else if r == 'ß' {
				r = 's'
			}
		}
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(unicode.ToLower(r))
		default:
			hyphen = true
		}
		if b.Len() > 60 {
			break runes
		}
	}
	s := b.String()
	if len(s) > 60 {
		s = s[:60]
		if i := strings.LastIndexByte(s, '-'); i > 20 {
			s = s[:i]
		}
	}
	return strings.Trim(s, "-")
}

// latinFold maps the accented Latin letters of Latin-1 and Latin
// Extended-A to their base letter (the domain uses the standard library
// only, so no Unicode decomposition tables).
var latinFold = func() map[rune]rune {
	m := map[rune]rune{}
	for base, accented := range map[rune]string{
		'a': "àáâãäåāăą", 'A': "ÀÁÂÃÄÅĀĂĄ", 'c': "çćĉċč", 'C': "ÇĆĈĊČ", 'd': "ďđ", 'D': "ĎĐ",
		'e': "èéêëēĕėęě", 'E': "ÈÉÊËĒĔĖĘĚ", 'g': "ĝğġģ", 'G': "ĜĞĠĢ", 'h': "ĥħ", 'H': "ĤĦ",
		'i': "ìíîïĩīĭįı", 'I': "ÌÍÎÏĨĪĬĮİ", 'j': "ĵ", 'J': "Ĵ", 'k': "ķ", 'K': "Ķ", 'l': "ĺļľŀł", 'L': "ĹĻĽĿŁ",
		'n': "ñńņňŉ", 'N': "ÑŃŅŇ", 'o': "òóôõöøōŏő", 'O': "ÒÓÔÕÖØŌŎŐ", 'r': "ŕŗř", 'R': "ŔŖŘ",
		's': "śŝşš", 'S': "ŚŜŞŠ", 't': "ţťŧ", 'T': "ŢŤŦ", 'u': "ùúûüũūŭůűų", 'U': "ÙÚÛÜŨŪŬŮŰŲ",
		'w': "ŵ", 'W': "Ŵ", 'y': "ýÿŷ", 'Y': "ÝŶŸ", 'z': "źżž", 'Z': "ŹŻŽ",
	} {
		for _, r := range accented {
			m[r] = base
		}
	}
	return m
}()

// CataloguePath is a listed product's address: its id and its name's slug
// (/catalogue/p/123-kopi-robusta-lampung). The id alone decides which
// product it is; a page asked for with another slug redirects to this one.
func CataloguePath(id int64, name string) string {
	s := strconv.FormatInt(id, 10)
	if slug := Slug(name); slug != "" {
		s += "-" + slug
	}
	return "/catalogue/p/" + s
}

// CatalogueEnterprisePath is a listed enterprise's profile address.
func CatalogueEnterprisePath(id int64, name string) string {
	s := strconv.FormatInt(id, 10)
	if slug := Slug(name); slug != "" {
		s += "-" + slug
	}
	return "/catalogue/e/" + s
}

// ParseCatalogueID reads the id at the start of a catalogue address's last
// part ("123-kopi-robusta" → 123); ok is false when there is none.
func ParseCatalogueID(s string) (int64, bool) {
	digits, _, _ := strings.Cut(s, "-")
	id, err := strconv.ParseInt(digits, 10, 64)
	return id, err == nil && id > 0 && digits == strconv.FormatInt(id, 10)
}

// PublicCertificate is a certificate as the catalogue shows it: its kind
// and validity, never its number or scan.
type PublicCertificate struct {
	Type        CertificateType `json:"type"`
	SelfDeclare bool            `json:"self_declare,omitempty"`
	Issuer      string          `json:"issuer,omitempty"`
	ExpiresOn   *time.Time      `json:"expires_on,omitempty"`
}

// PublicProduct is a listed product as anyone may see it.
type PublicProduct struct {
	ID               int64               `json:"id"`
	Path             string              `json:"path"`
	NameEN           string              `json:"name_en"`
	NameID           string              `json:"name_id"`
	DescriptionEN    string              `json:"description_en"`
	DescriptionID    string              `json:"description_id"`
	HSCode           string              `json:"hs_code"`
	Category         Sector              `json:"category"`
	Unit             Unit                `json:"unit"`
	CapacityPerMonth float64             `json:"capacity_per_month"`
	MinOrder         float64             `json:"min_order"`
	FOBUSDCents      int64               `json:"fob_usd_cents"`
	Packaging        string              `json:"packaging"`
	ShelfLifeDays    int                 `json:"shelf_life_days"`
	ValidatedAt      time.Time           `json:"validated_at"`
	Photos           []ProductPhoto      `json:"photos"`
	Certificates     []PublicCertificate `json:"certificates"` // held and valid: the product's own and its enterprise's
	EnterpriseID     int64               `json:"enterprise_id"`
	EnterpriseName   string              `json:"enterprise_name"`
	EnterprisePath   string              `json:"enterprise_path"`
	RegencyCode      string              `json:"regency_code"`
	RegencyName      string              `json:"regency_name"`
	UpdatedAt        time.Time           `json:"updated_at"`
}

// Name is the product's name for a reader of lang ("en" or other): the
// English name when there is one and the reader does not read Indonesian,
// and whether the name shown is the Indonesian one (the page says so).
func (p *PublicProduct) Name(indonesian bool) (name string, inIndonesian bool) {
	if indonesian || p.NameEN == "" {
		return p.NameID, true
	}
	return p.NameEN, false
}

// Description is as Name, for the description.
func (p *PublicProduct) Description(indonesian bool) (text string, inIndonesian bool) {
	if indonesian || p.DescriptionEN == "" {
		return p.DescriptionID, p.DescriptionID != ""
	}
	return p.DescriptionEN, false
}

// PublicEnterprise is a listed enterprise's profile: what a buyer may know,
// never the owner's NIK, phone, home address or any other personal data.
type PublicEnterprise struct {
	ID           int64          `json:"id"`
	Path         string         `json:"path"`
	Name         string         `json:"name"`
	Kind         EnterpriseKind `json:"kind"`
	Sector       Sector         `json:"sector"`
	RegencyCode  string         `json:"regency_code"`
	RegencyName  string         `json:"regency_name"`
	FoundedYear  int            `json:"founded_year,omitempty"`
	ExportStatus ExportStatus   `json:"export_status"`
	// Exports: how many export shipments are on record, and the countries
	// (ISO3) they went to.
	Exports      int                 `json:"exports"`
	Destinations []string            `json:"destinations"`
	MainProducts string              `json:"main_products"`
	Certificates []PublicCertificate `json:"certificates"` // the enterprise's own, valid
	Products     []PublicProduct     `json:"products"`
	UpdatedAt    time.Time           `json:"updated_at"`
}

// YearsInBusiness is how many years the enterprise has run by now; 0 when
// its founding year is not known.
func (e *PublicEnterprise) YearsInBusiness(now time.Time) int {
	if e.FoundedYear == 0 || e.FoundedYear > now.Year() {
		return 0
	}
	return now.Year() - e.FoundedYear
}

// CatalogueFilter selects listed products.
type CatalogueFilter struct {
	Query       string          `json:"q"`
	HSChapter   string          `json:"hs_chapter"` // 2 digits
	Category    Sector          `json:"category"`
	RegencyCode string          `json:"regency"`
	Certificate CertificateType `json:"certificate"`
	MinCapacity float64         `json:"min_capacity"`
	Limit       int             `json:"limit"`
	Offset      int             `json:"offset"`
}

// Validate tidies a filter and refuses values that cannot select anything.
func (f *CatalogueFilter) Validate() error {
	f.Query = strings.TrimSpace(f.Query)
	p := TextProblems(f)
	if utf8.RuneCountInString(f.Query) > 200 {
		p.Add("q", "field.too_long", 200)
	}
	if f.HSChapter != "" && (len(f.HSChapter) != 2 || !allDigits(f.HSChapter, 2)) {
		p.Add("hs_chapter", "catalogue.hs_chapter")
	}
	if f.Category != "" && !oneOf(f.Category, Sectors) {
		p.Add("category", "field.choice")
	}
	if f.Certificate != "" && !oneOf(f.Certificate, CertificateTypes) {
		p.Add("certificate", "field.choice")
	}
	if f.MinCapacity < 0 {
		p.Add("min_capacity", "field.negative")
	}
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 24
	}
	if f.Offset < 0 || f.Offset > 100000 {
		p.Add("offset", "field.choice")
	}
	return p.Err()
}

// Inquiry is a foreign buyer's message from a public product page or
// profile. Storing it makes a draft buying request in the officers' queue.
type Inquiry struct {
	ID           int64   `json:"id"`
	ProductID    *int64  `json:"product_id,omitempty"`
	EnterpriseID int64   `json:"enterprise_id"`
	Name         string  `json:"name"`
	Company      string  `json:"company"`
	Country      string  `json:"country"` // ISO3
	Email        string  `json:"email"`
	Message      string  `json:"message"` // what the buyer wants
	Quantity     float64 `json:"quantity"`
	Unit         Unit    `json:"unit"`
	Lang         string  `json:"lang"` // the page's language when it was sent
	// RequestID: the draft buying request it became.
	RequestID int64     `json:"request_id"`
	CreatedAt time.Time `json:"created_at"`

	// Read-only, joined for display.
	ProductName    string `json:"product_name,omitempty"`
	EnterpriseName string `json:"enterprise_name,omitempty"`
}

// MaxInquiryMessage is the longest message, in characters.
const MaxInquiryMessage = 4000

// Validate tidies and checks an inquiry; every problem is reported at once.
func (q *Inquiry) Validate(ref CountryChecker) error {
	q.Name, q.Company = collapseSpaces(q.Name), collapseSpaces(q.Company)
	q.Message = strings.TrimSpace(q.Message)
	q.Country = strings.ToUpper(strings.TrimSpace(q.Country))
	p := TextProblems(q)
	for field, s := range map[string]string{"name": q.Name, "company": q.Company} {
		switch n := utf8.RuneCountInString(s); {
		case n == 0 && field == "name":
			p.Add(field, "field.required")
		case n > 200:
			p.Add(field, "field.too_long", 200)
		}
	}
	if q.Country == "" {
		p.Add("country", "field.required")
	} else if len(q.Country) != 3 || !ref.CountryExists(q.Country) {
		p.Add("country", "field.choice")
	}
	if email, err := NormalizeEmail(q.Email); err != nil || len(email) > 254 {
		p.Add("email", "email.invalid")
	} else {
		q.Email = email
	}
	switch n := utf8.RuneCountInString(q.Message); {
	case n == 0:
		p.Add("message", "field.required")
	case n > MaxInquiryMessage:
		p.Add("message", "field.too_long", MaxInquiryMessage)
	}
	if q.Quantity < 0 || q.Quantity > 1e12 {
		p.Add("quantity", "field.negative")
	}
	if q.Unit != "" && !oneOf(q.Unit, Units) {
		p.Add("unit", "field.choice")
	}
	return p.Err()
}

// Request is the draft buying request an inquiry becomes, for the
// officers to check, complete and open: the product's HS subheading and
// name (p is nil for an inquiry from a profile), the quantity asked for
// (else the product's minimum order, else 1), the buyer's country as its
// destination, and the buyer's words and contact in its notes.
func (q *Inquiry) Request(orgID int64, p *PublicProduct) BuyingRequest {
	subject := q.EnterpriseName
	r := BuyingRequest{Kind: RequestBuying, OrgID: orgID, Frequency: "one_off", Destination: q.Country,
		Quantity: q.Quantity, Unit: q.Unit, Status: RequestDraft, Visibility: VisibilityPrivate,
		Certificates: []CertificateType{}}
	if p != nil {
		subject, _ = p.Name(false)
		r.HSCode = p.HSCode[:min(len(p.HSCode), 6)]
		if r.Quantity <= 0 {
			r.Quantity, r.Unit = p.MinOrder, p.Unit
		}
		if r.Unit == "" {
			r.Unit = p.Unit
		}
	}
	if r.Quantity <= 0 {
		r.Quantity = 1
	}
	if r.Unit == "" {
		r.Unit = Units[0]
	}
	r.Title = cutRunes("Inquiry: "+subject+" — "+q.Company, 200)
	if q.Company == "" {
		r.Title = cutRunes("Inquiry: "+subject+" — "+q.Name, 200)
	}
	r.Words = cutRunes(subject, 500)
	if r.HSCode == "" && r.Words == "" {
		r.Words = cutRunes(q.Message, 500)
	}
	r.Notes = cutRunes("Public catalogue inquiry #"+strconv.FormatInt(q.ID, 10)+": "+q.Name+", "+q.Company+" ("+q.Country+"), "+q.Email+"\n\n"+q.Message, 4000)
	return r
}

// cutRunes keeps the first n characters of s.
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// Buyer registration statuses; labels under "catalogue.registration.<value>".
const (
	RegistrationPending  = "pending"
	RegistrationApproved = "approved"
	RegistrationRejected = "rejected"
)

// BuyerRegistration is a foreign buyer who registered from the catalogue:
// a user of role buyer in a new organisation of kind foreign buyer, kept
// disabled until an officer approves it.
type BuyerRegistration struct {
	ID        int64      `json:"id"`
	UserID    int64      `json:"user_id"`
	OrgID     int64      `json:"org_id"`
	Name      string     `json:"name"`
	Email     string     `json:"email"`
	Company   string     `json:"company"`
	Country   string     `json:"country"` // ISO3
	Website   string     `json:"website"`
	Message   string     `json:"message"`
	Status    string     `json:"status"`
	DecidedBy string     `json:"decided_by,omitempty"`
	DecidedAt *time.Time `json:"decided_at,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
}

// Validate tidies and checks a registration (the password is checked by
// the authentication service).
func (r *BuyerRegistration) Validate(ref CountryChecker) error {
	r.Name, r.Company = collapseSpaces(r.Name), collapseSpaces(r.Company)
	r.Website, r.Message = strings.TrimSpace(r.Website), strings.TrimSpace(r.Message)
	r.Country = strings.ToUpper(strings.TrimSpace(r.Country))
	p := TextProblems(r)
	for field, s := range map[string]string{"name": r.Name, "company": r.Company} {
		switch n := utf8.RuneCountInString(s); {
		case n == 0:
			p.Add(field, "field.required")
		case n > 200:
			p.Add(field, "field.too_long", 200)
		}
	}
	if r.Country == "" {
		p.Add("country", "field.required")
	} else if len(r.Country) != 3 || !ref.CountryExists(r.Country) {
		p.Add("country", "field.choice")
	}
	if email, err := NormalizeEmail(r.Email); err != nil || len(email) > 254 {
		p.Add("email", "email.invalid")
	} else {
		r.Email = email
	}
	if r.Website != "" && (len(r.Website) > 300 || !strings.HasPrefix(r.Website, "https://") && !strings.HasPrefix(r.Website, "http://")) {
		p.Add("website", "catalogue.website")
	}
	if utf8.RuneCountInString(r.Message) > 2000 {
		p.Add("message", "field.too_long", 2000)
	}
	return p.Err()
}
