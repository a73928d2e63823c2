package siapekspor

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// EnterpriseKind tells the three populations the province counts apart.
type EnterpriseKind string

const (
	KindUMKM     EnterpriseKind = "umkm"     // micro, small and medium enterprise
	KindIKM      EnterpriseKind = "ikm"      // small and medium industry (manufacturing)
	KindKoperasi EnterpriseKind = "koperasi" // cooperative
)

// EnterpriseKinds lists the kinds in display order.
var EnterpriseKinds = []EnterpriseKind{KindUMKM, KindIKM, KindKoperasi}

// LegalForm is the enterprise's legal entity (bentuk badan usaha).
type LegalForm string

const (
	LegalPerorangan LegalForm = "perorangan" // sole proprietor without a deed
	LegalUD         LegalForm = "ud"         // usaha dagang
	LegalCV         LegalForm = "cv"         // commanditaire vennootschap
	LegalPT         LegalForm = "pt"         // perseroan terbatas (incl. PT perorangan)
	LegalFirma      LegalForm = "firma"
	LegalKoperasi   LegalForm = "koperasi"
	LegalBUMDes     LegalForm = "bumdes" // village-owned enterprise
	LegalOther      LegalForm = "lainnya"
)

// LegalForms lists the legal forms in display order.
var LegalForms = []LegalForm{LegalPerorangan, LegalUD, LegalCV, LegalPT, LegalFirma, LegalKoperasi, LegalBUMDes, LegalOther}

// ExportStatus is where the enterprise stands on the road to exporting.
type ExportStatus string

const (
	ExportNever   ExportStatus = "never"   // has not exported
	ExportReady   ExportStatus = "ready"   // judged ready, no export yet
	ExportFirst   ExportStatus = "first"   // has made a first export
	ExportRegular ExportStatus = "regular" // exports regularly
)

// ExportStatuses lists the export statuses in funnel order.
var ExportStatuses = []ExportStatus{ExportNever, ExportReady, ExportFirst, ExportRegular}

// Sector is the enterprise's main line of business, coarse enough to steer by.
type Sector string

// Sectors lists the sectors in display order; labels live in the catalogues
// under "sector.<value>".
var Sectors = []Sector{
	"food", "beverage", "coffee", "spices", "fishery", "livestock", "agriculture",
	"plantation", "forestry", "craft", "textile", "fashion", "furniture",
	"cosmetics", "chemical", "recycling", "services", "other",
}

// KBLICode is one KBLI activity code with the edition it comes from: KBLI has
// versions (2020 in OSS; BPS issued KBLI 2025), and a code may change meaning
// between them.
type KBLICode struct {
	Version string `json:"version"`
	Code    string `json:"code"`
}

// Enterprise is one registered business: the unit the province maps, trains,
// validates and matches.
type Enterprise struct {
	ID        int64          `json:"id"`
	Name      string         `json:"name"`
	Kind      EnterpriseKind `json:"kind"`
	LegalForm LegalForm      `json:"legal_form"`
	NIB       string         `json:"nib"`
	// NPWP: the tax number, 15 (legacy) or 16 digits; for a sole
	// proprietorship it is the owner's own, personal data (NPWPHolder).
	NPWP string     `json:"npwp"`
	KBLI []KBLICode `json:"kbli"`

	OwnerName string `json:"owner_name"`
	OwnerNIK  string `json:"owner_nik"` // personal data
	Phone     string `json:"phone"`     // personal data when it is the owner's own number
	Email     string `json:"email"`

	Address      string   `json:"address"` // street address; personal data when it is the owner's home
	ProvinceCode string   `json:"province_code"`
	RegencyCode  string   `json:"regency_code"`
	DistrictCode string   `json:"district_code"`
	VillageCode  string   `json:"village_code"`
	Lat          *float64 `json:"lat"`
	Lng          *float64 `json:"lng"`

	Sector         Sector       `json:"sector"`
	FoundedYear    int          `json:"founded_year"`
	Workers        int          `json:"workers"`
	Capital        int64        `json:"capital"`         // business capital excluding land and buildings, Rupiah
	AnnualTurnover int64        `json:"annual_turnover"` // yearly sales, Rupiah
	BinaanOrgID    *int64       `json:"binaan_org_id"`   // the office that coaches it (UKM binaan)
	ExportStatus   ExportStatus `json:"export_status"`
	// MainProducts is what it makes, in the office's words (an import's
	// "Produk Utama" column): searchable before any product is recorded.
	MainProducts string `json:"main_products"`
	Notes        string `json:"notes"`

	// Derived from the fields above by Derive; stored so lists can filter on them.
	SizeClass SizeClass `json:"size_class"`
	SizeBasis SizeBasis `json:"size_basis"`
	IKMClass  IKMClass  `json:"ikm_class"`

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Version increases with every update; an update carrying a stale version
	// is refused so that two officers cannot silently overwrite each other.
	Version int `json:"version"`

	// Names of the coded fields, filled on read.
	Names EnterpriseNames `json:"names"`
}

// EnterpriseNames are display names of an enterprise's coded fields.
type EnterpriseNames struct {
	Province string `json:"province,omitempty"`
	Regency  string `json:"regency,omitempty"`
	District string `json:"district,omitempty"`
	Village  string `json:"village,omitempty"`
	Binaan   string `json:"binaan,omitempty"`
}

// NPWPHolder says whose tax number an enterprise's NPWP is.
type NPWPHolder string

const (
	NPWPNone     NPWPHolder = ""         // no NPWP recorded
	NPWPOwner    NPWPHolder = "owner"    // the owner's personal NPWP
	NPWPBusiness NPWPHolder = "business" // the business entity's own
	NPWPUnknown  NPWPHolder = "unknown"  // recorded; whose cannot be told
)

// NPWPHolderOf decides whose an NPWP is. A person's: a 16-digit number
// not starting with 0 (a NIK, since 2024), a legacy number whose first two digits (the taxpayer type) are 04–09, or
// any NPWP of a sole proprietorship (perorangan, UD), which has no tax
// number of its own. An entity's: other numbers of a CV, PT, firma,
// koperasi or BUMDes. Otherwise unknown.
func NPWPHolderOf(npwp string, form LegalForm) NPWPHolder {
	if npwp == "" {
		return NPWPNone
	}
	legacy := npwp
	if len(npwp) == 16 {
		if npwp[0] != '0' {
			return NPWPOwner
		}
		legacy = npwp[1:]
	}
	if len(legacy) == 15 && legacy[0] == '0' && legacy[1] >= '4' && legacy[1] <= '9' {
		return NPWPOwner
	}
	switch form {
	case LegalPerorangan, LegalUD:
		return NPWPOwner
	case LegalCV, LegalPT, LegalFirma, LegalKoperasi, LegalBUMDes:
		return NPWPBusiness
	}
	return NPWPUnknown
}

// NPWPHolder says whose the enterprise's NPWP is (NPWPHolderOf).
func (e *Enterprise) NPWPHolder() NPWPHolder { return NPWPHolderOf(e.NPWP, e.LegalForm) }

// Reference answers the questions validation asks of the reference data.
type Reference interface {
	// RegionLevel returns the level of a Kemendagri region code (1 province …
	// 4 village) and whether it exists.
	RegionLevel(code string) (int, bool)
	KBLIExists(version, code string) bool
	HSChecker
}

// Normalize tidies an enterprise's free-text and identifier fields in place:
// trimmed spaces, canonical NIB/NIK/phone/e-mail where they parse. Fields that
// do not parse are left for Validate to report.
func (e *Enterprise) Normalize() {
	e.Name = collapseSpaces(e.Name)
	e.OwnerName = collapseSpaces(e.OwnerName)
	e.Address = strings.TrimSpace(e.Address)
	e.MainProducts = collapseSpaces(e.MainProducts)
	e.Notes = strings.TrimSpace(e.Notes)
	if v, err := NormalizeNIB(e.NIB); err == nil {
		e.NIB = v
	} else {
		e.NIB = strings.TrimSpace(e.NIB)
	}
	if v, err := NormalizeNPWP(e.NPWP, nil); err == nil {
		e.NPWP = v
	} else {
		e.NPWP = strings.TrimSpace(e.NPWP)
	}
	if v, err := NormalizeNIK(e.OwnerNIK, nil); err == nil {
		e.OwnerNIK = v
	} else {
		e.OwnerNIK = strings.TrimSpace(e.OwnerNIK)
	}
	if v, err := NormalizePhone(e.Phone); err == nil {
		e.Phone = v
	} else {
		e.Phone = strings.TrimSpace(e.Phone)
	}
	if v, err := NormalizeEmail(e.Email); err == nil {
		e.Email = v
	} else {
		e.Email = strings.TrimSpace(e.Email)
	}
	if e.Kind == "" {
		e.Kind = KindUMKM
	}
	if e.ExportStatus == "" {
		e.ExportStatus = ExportNever
	}
	// The province follows from the regency, the regency from the district
	// and so on: fill the higher levels so filters by any level work.
	if e.VillageCode != "" && e.DistrictCode == "" {
		e.DistrictCode = parentCode(e.VillageCode)
	}
	if e.DistrictCode != "" && e.RegencyCode == "" {
		e.RegencyCode = parentCode(e.DistrictCode)
	}
	if e.RegencyCode != "" && e.ProvinceCode == "" {
		e.ProvinceCode = parentCode(e.RegencyCode)
	}
	for i, k := range e.KBLI {
		e.KBLI[i].Code = strings.TrimSpace(k.Code)
		if e.KBLI[i].Version == "" {
			e.KBLI[i].Version = "2020"
		}
	}
}

// Derive computes the stored size classes from workers, capital and turnover.
func (e *Enterprise) Derive() {
	e.SizeClass, e.SizeBasis = UMKMClass(e.Capital, e.AnnualTurnover)
	e.IKMClass = IKMClassOf(e.Workers, e.Capital)
}

// Validate checks every field and returns all problems at once as an EInvalid
// *Error, or nil. now bounds the founding year.
func (e *Enterprise) Validate(ref Reference, now time.Time) error {
	p := TextProblems(e)
	switch n := utf8.RuneCountInString(e.Name); {
	case n == 0:
		p.Add("name", "field.required")
	case n > 200:
		p.Add("name", "field.too_long", 200)
	}
	if !oneOf(e.Kind, EnterpriseKinds) {
		p.Add("kind", "field.choice")
	}
	if !oneOf(e.LegalForm, LegalForms) {
		p.Add("legal_form", "field.choice")
	}
	if e.NIB != "" {
		if _, err := NormalizeNIB(e.NIB); err != nil {
			p.AddRule("nib", err)
		}
	}
	if utf8.RuneCountInString(e.OwnerName) > 200 {
		p.Add("owner_name", "field.too_long", 200)
	}
	district := func(code string) bool { l, ok := ref.RegionLevel(code); return ok && l == 3 }
	if e.NPWP != "" {
		if _, err := NormalizeNPWP(e.NPWP, district); err != nil {
			p.AddRule("npwp", err)
		}
	}
	if e.OwnerNIK != "" {
		if _, err := NormalizeNIK(e.OwnerNIK, district); err != nil {
			p.AddRule("owner_nik", err)
		}
	}
	if e.Phone != "" {
		if _, err := NormalizePhone(e.Phone); err != nil {
			p.AddRule("phone", err)
		}
	}
	if e.Email != "" {
		if _, err := NormalizeEmail(e.Email); err != nil {
			p.AddRule("email", err)
		}
	}
	if utf8.RuneCountInString(e.Address) > 500 {
		p.Add("address", "field.too_long", 500)
	}
	validateRegions(&p, ref, e)
	if (e.Lat == nil) != (e.Lng == nil) {
		p.Add("lat", "geo.pair")
	} else if e.Lat != nil && !inIndonesia(*e.Lat, *e.Lng) {
		p.Add("lat", "geo.outside")
	}
	if e.Sector != "" && !oneOf(e.Sector, Sectors) {
		p.Add("sector", "field.choice")
	}
	if e.FoundedYear != 0 && (e.FoundedYear < 1900 || e.FoundedYear > now.Year()) {
		p.Add("founded_year", "field.year_range", 1900, now.Year())
	}
	if e.Workers < 0 {
		p.Add("workers", "field.not_negative")
	}
	if e.Capital < 0 {
		p.Add("capital", "field.not_negative")
	}
	if e.AnnualTurnover < 0 {
		p.Add("annual_turnover", "field.not_negative")
	}
	if !oneOf(e.ExportStatus, ExportStatuses) {
		p.Add("export_status", "field.choice")
	}
	if utf8.RuneCountInString(e.MainProducts) > 500 {
		p.Add("main_products", "field.too_long", 500)
	}
	if utf8.RuneCountInString(e.Notes) > 5000 {
		p.Add("notes", "field.too_long", 5000)
	}
	seen := map[KBLICode]bool{}
	for _, k := range e.KBLI {
		switch {
		case !ref.KBLIExists(k.Version, k.Code):
			p.Add("kbli", "kbli.unknown", k.Code, k.Version)
		case seen[k]:
			p.Add("kbli", "kbli.duplicate", k.Code)
		}
		seen[k] = true
	}
	return p.Err()
}

// validateRegions checks that each region code exists at its level and that
// the four codes nest (the village lies in the district, and so on).
func validateRegions(p *Problems, ref Reference, e *Enterprise) {
	fields := []struct {
		name, code string
		level      int
	}{
		{"province_code", e.ProvinceCode, 1},
		{"regency_code", e.RegencyCode, 2},
		{"district_code", e.DistrictCode, 3},
		{"village_code", e.VillageCode, 4},
	}
	if e.RegencyCode == "" {
		p.Add("regency_code", "field.required")
	}
	parent := ""
	for _, f := range fields {
		if f.code == "" {
			parent = ""
			continue
		}
		if l, ok := ref.RegionLevel(f.code); !ok || l != f.level {
			p.Add(f.name, "region.unknown", f.code)
		} else if parent != "" && parentCode(f.code) != parent {
			p.Add(f.name, "region.not_within", f.code, parent)
		}
		parent = f.code
	}
}

// inIndonesia is a generous bounding box around the archipelago, enough to
// catch swapped latitude/longitude and coordinates typed without a minus sign.
func inIndonesia(lat, lng float64) bool {
	return lat >= -11.5 && lat <= 6.5 && lng >= 94.5 && lng <= 141.5
}

func parentCode(code string) string {
	if i := strings.LastIndexByte(code, '.'); i > 0 {
		return code[:i]
	}
	return ""
}

func oneOf[T comparable](v T, list []T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func collapseSpaces(s string) string {
	if strings.ContainsAny(s, invisibleMarks) {
		s = strings.Map(func(r rune) rune {
			if strings.ContainsRune(invisibleMarks, r) {
				return -1
			}
			return r
		}, s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// invisibleMarks are characters that show nothing and that text copied from
// web pages and chat carries into names: the zero-width space, the word
// joiner and a byte order mark inside text. Kept, "Kopi Natar" and "Kopi
// Natar" with one would be two names that look the same.
const invisibleMarks = "\u200b\u2060\ufeff"

// NormalizeName is the comparison form of a business or person name: lower
// case, punctuation dropped, spaces collapsed, and legal-form prefixes
// removed, so "UD. Kopi Jaya " and "kopi jaya" compare equal.
func NormalizeName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case strings.ContainsRune(invisibleMarks, r):
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r > 127:
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	for len(words) > 1 {
		switch words[0] {
		case "ud", "cv", "pt", "kop", "koperasi", "umkm", "ikm", "tbk", "fa":
			words = words[1:]
			continue
		}
		break
	}
	return strings.Join(words, " ")
}

// EnterpriseSort names the orders the enterprise list can be sorted by.
type EnterpriseSort string

const (
	SortName     EnterpriseSort = "name"
	SortUpdated  EnterpriseSort = "updated"
	SortWorkers  EnterpriseSort = "workers"
	SortTurnover EnterpriseSort = "turnover"
	SortFounded  EnterpriseSort = "founded"
)

// EnterpriseSorts lists the valid sort keys.
var EnterpriseSorts = []EnterpriseSort{SortName, SortUpdated, SortWorkers, SortTurnover, SortFounded}

// EnterpriseFilter selects and orders enterprises. Empty fields do not filter.
type EnterpriseFilter struct {
	Query        string // words in the name or owner name
	ProvinceCode string
	RegencyCode  string
	DistrictCode string
	Sector       Sector
	Kind         EnterpriseKind
	SizeClass    SizeClass
	ExportStatus ExportStatus
	BinaanOrgID  int64
	// Readiness: the latest assessment's level, or "none" for enterprises
	// never assessed.
	Readiness string
	// FunnelStage: enterprises that reached this funnel stage or a later one
	// (internal/funnel's numbering, 1 assessed … 8 regular exporter; 0 no
	// filter), by the end of FunnelYear when it is set.
	FunnelStage int
	FunnelYear  int

	Sort EnterpriseSort
	Desc bool

	// Pages are cursors: After (an opaque cursor, a page's Next) gives the
	// page after it, Before (a page's Prev) the page before it, Last the
	// last page; none of them the first. Offset skips rows, which costs as
	// many rows as it skips (kept for callers that page by number). Limit is
	// capped at 500.
	Offset int
	After  string
	Before string
	Last   bool
	Limit  int
	// SkipTotal leaves Total at 0, for callers that walk every page (exports).
	SkipTotal bool
	// CheapTotal counts only from the summary figures (no text query):
	// otherwise Total is -1, unknown, and no row beyond the page is read.
	CheapTotal bool
	// NoKBLI leaves the rows' KBLI codes out, for a caller that does not
	// show them (the list page): one query less per page.
	NoKBLI bool
}

// EnterprisePage is one page of a filtered list.
type EnterprisePage struct {
	Items []Enterprise `json:"items"`
	// Total is how many enterprises the filter selects; -1 when it was not
	// counted (EnterpriseFilter.CheapTotal).
	Total int `json:"total"`
	// Next is the cursor of the following page, "" on the last page; Prev
	// the cursor of the page before, "" on the first page.
	Next string `json:"next,omitempty"`
	Prev string `json:"prev,omitempty"`
}

// EnterpriseService is the registry.
type EnterpriseService interface {
	Enterprise(ctx context.Context, id int64) (*Enterprise, error)
	ListEnterprises(ctx context.Context, f EnterpriseFilter) (*EnterprisePage, error)
	// CreateEnterprise normalises, validates and stores e, setting its ID,
	// derived fields and timestamps.
	CreateEnterprise(ctx context.Context, e *Enterprise) error
	// UpdateEnterprise stores e over the record with e.ID if e.Version is
	// current; it returns EConflict otherwise.
	UpdateEnterprise(ctx context.Context, e *Enterprise) error
	DeleteEnterprise(ctx context.Context, id int64) error
}
