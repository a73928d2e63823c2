package siapekspor

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Unit is how a product is counted for capacity, orders and prices.
type Unit string

// Units lists the units in display order; labels under "unit.<value>".
var Units = []Unit{"kg", "ton", "liter", "pcs", "pack", "box", "set", "m", "m2"}

// ValidationStatus is where a product stands with the export organisations.
type ValidationStatus string

const (
	ValidationDraft     ValidationStatus = "draft"     // never submitted, or changed since
	ValidationSubmitted ValidationStatus = "submitted" // waiting in the validators' queue
	ValidationApproved  ValidationStatus = "approved"  // carries the export-validated mark
	ValidationRejected  ValidationStatus = "rejected"  // reasons given; fix and resubmit
)

// ValidationStatuses lists them in display order.
var ValidationStatuses = []ValidationStatus{ValidationDraft, ValidationSubmitted, ValidationApproved, ValidationRejected}

// MaxPhotos is how many photos a product may have.
const MaxPhotos = 5

// Product is something an enterprise makes and may export.
type Product struct {
	ID            int64  `json:"id"`
	EnterpriseID  int64  `json:"enterprise_id"`
	NameID        string `json:"name_id"`
	NameEN        string `json:"name_en"`
	DescriptionID string `json:"description_id"`
	DescriptionEN string `json:"description_en"`
	// HSCode: the 6-digit HS subheading, or an 8-digit national (BTKI) line
	// whose first six digits are a known subheading.
	HSCode           string  `json:"hs_code"`
	Category         Sector  `json:"category"`
	Unit             Unit    `json:"unit"`
	CapacityPerMonth float64 `json:"capacity_per_month"`
	MinOrder         float64 `json:"min_order"`
	PriceIDR         int64   `json:"price_idr"`     // per unit
	FOBUSDCents      int64   `json:"fob_usd_cents"` // indicative FOB price per unit, in US cents
	Packaging        string  `json:"packaging"`
	ShelfLifeDays    int     `json:"shelf_life_days"` // 0: not stated or not perishable
	Storage          string  `json:"storage"`

	Validation  ValidationStatus `json:"validation"`
	ValidatedAt *time.Time       `json:"validated_at,omitempty"`
	Photos      []ProductPhoto   `json:"photos"`
	CreatedAt   time.Time        `json:"created_at"`
	UpdatedAt   time.Time        `json:"updated_at"`
	Version     int              `json:"version"`

	// Read-only, joined for display.
	EnterpriseName string `json:"enterprise_name,omitempty"`
	RegencyCode    string `json:"regency_code,omitempty"`
	RegencyName    string `json:"regency_name,omitempty"`
}

// ProductPhoto is one stored photo: paths of its renditions under the
// media folder.
type ProductPhoto struct {
	ID       int64  `json:"id"`
	Thumb    string `json:"thumb"`
	Display  string `json:"display"`
	Position int    `json:"position"`
}

// HSChecker answers whether an HS code exists in the built-in nomenclature.
type HSChecker interface {
	HSExists(code string) bool
}

// Normalize tidies a product's text and codes in place.
func (p *Product) Normalize() {
	for _, s := range []*string{&p.NameID, &p.NameEN, &p.DescriptionID, &p.DescriptionEN, &p.Packaging, &p.Storage} {
		*s = strings.TrimSpace(*s)
	}
	p.HSCode = HSCodeText(p.HSCode)
	if p.Validation == "" {
		p.Validation = ValidationDraft
	}
}

// Validate checks a product's fields; every problem is reported at once.
func (p *Product) Validate(hs HSChecker) error {
	pr := TextProblems(p)
	switch n := utf8.RuneCountInString(p.NameID); {
	case n == 0:
		pr.Add("name_id", "field.required")
	case n > 200:
		pr.Add("name_id", "field.too_long", 200)
	}
	if utf8.RuneCountInString(p.NameEN) > 200 {
		pr.Add("name_en", "field.too_long", 200)
	}
	for field, s := range map[string]string{"description_id": p.DescriptionID, "description_en": p.DescriptionEN} {
		if utf8.RuneCountInString(s) > 4000 {
			pr.Add(field, "field.too_long", 4000)
		}
	}
	for field, s := range map[string]string{"packaging": p.Packaging, "storage": p.Storage} {
		if utf8.RuneCountInString(s) > 500 {
			pr.Add(field, "field.too_long", 500)
		}
	}
	if p.HSCode != "" {
		if err := CheckHSCode(p.HSCode, hs); err != nil {
			pr.AddRule("hs_code", err)
		}
	}
	if p.Category != "" && !oneOf(p.Category, Sectors) {
		pr.Add("category", "field.choice")
	}
	if p.Unit != "" && !oneOf(p.Unit, Units) {
		pr.Add("unit", "field.choice")
	}
	for field, v := range map[string]float64{"capacity_per_month": p.CapacityPerMonth, "min_order": p.MinOrder} {
		if v < 0 {
			pr.Add(field, "field.negative")
		}
	}
	if p.PriceIDR < 0 {
		pr.Add("price_idr", "field.negative")
	}
	if p.FOBUSDCents < 0 {
		pr.Add("fob_usd", "field.negative")
	}
	if p.ShelfLifeDays < 0 {
		pr.Add("shelf_life_days", "field.negative")
	}
	if (p.CapacityPerMonth > 0 || p.MinOrder > 0 || p.PriceIDR > 0) && p.Unit == "" {
		pr.Add("unit", "product.unit_needed")
	}
	if !oneOf(p.Validation, ValidationStatuses) {
		pr.Add("validation", "field.choice")
	}
	return pr.Err()
}

// HSCodeText is an HS code as people write it ("0901.21", "0901 21",
// "'090121" with Excel's text mark, "HS 0901.21" with its label, "0901.21 -
// Kopi robusta" with its description) as its digits, for CheckHSCode.
// Text without a code of at least four digits in front stays as it is,
// for CheckHSCode to refuse.
func HSCodeText(s string) string {
	s = strings.TrimPrefix(strings.TrimSpace(s), "'")
	for _, label := range hsLabels {
		if hasPrefixFold(s, label) && len(s) > len(label) && strings.IndexByte(" :.0123456789", s[len(label)]) >= 0 {
			s = strings.TrimLeft(s[len(label):], " :.")
			break
		}
	}
	end, digits := 0, 0
	for ; end < len(s); end++ {
		c := s[end]
		if c >= '0' && c <= '9' {
			digits++
		} else if c != '.' && c != ' ' && c != '-' {
			break
		}
	}
	if digits >= 4 && end < len(s) && (isLetter(s[end]) || s[end] == '(') {
		s = s[:end] // the code, without the description after it
	}
	return hsSeparators.Replace(s)
}

// hsLabels are the words offices write before an HS code, longest first.
var hsLabels = []string{"kode pos tarif", "nomor hs", "kode hs", "pos tarif", "hs code", "no. hs", "no hs", "hs"}

// hasPrefixFold says s begins with the ASCII text p in any case, compared
// on s's own bytes, so that s[len(p):] is what follows it.
func hasPrefixFold(s, p string) bool { return len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) }

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 }

var hsSeparators = strings.NewReplacer(".", "", " ", "", "-", "")

// CheckHSCode accepts a 6-digit subheading of the nomenclature, or an
// 8-digit national line under one.
func CheckHSCode(code string, hs HSChecker) error {
	for _, r := range code {
		if r < '0' || r > '9' {
			return ruleErr("hs.digits")
		}
	}
	switch len(code) {
	case 6:
		if !hs.HSExists(code) {
			return ruleErr("hs.not_in_nomenclature")
		}
	case 8:
		if !hs.HSExists(code[:6]) {
			return ruleErr("hs.not_in_nomenclature")
		}
	default:
		return ruleErr("hs.digits")
	}
	return nil
}

// ReadyForValidation lists what a product lacks before an export
// organisation can review it: what a buyer asks first.
func (p *Product) ReadyForValidation() error {
	var pr Problems
	if p.NameEN == "" {
		pr.Add("name_en", "product.needs_for_validation")
	}
	if p.HSCode == "" {
		pr.Add("hs_code", "product.needs_for_validation")
	}
	if p.Unit == "" {
		pr.Add("unit", "product.needs_for_validation")
	}
	if p.CapacityPerMonth <= 0 {
		pr.Add("capacity_per_month", "product.needs_for_validation")
	}
	return pr.Err()
}

// MaterialChange reports whether an edit touches what validators judged,
// so that an approved product loses its mark until it is validated again.
func (p *Product) MaterialChange(old *Product) bool {
	return p.NameID != old.NameID || p.NameEN != old.NameEN || p.DescriptionID != old.DescriptionID ||
		p.DescriptionEN != old.DescriptionEN || p.HSCode != old.HSCode || p.Unit != old.Unit ||
		p.CapacityPerMonth != old.CapacityPerMonth || p.MinOrder != old.MinOrder ||
		p.Packaging != old.Packaging || p.ShelfLifeDays != old.ShelfLifeDays || p.Storage != old.Storage
}

// HSChapter is the first two digits of an HS code, "" when there is none.
func HSChapter(code string) string {
	if len(code) < 2 {
		return ""
	}
	return code[:2]
}

// ExportOrder is an indicative typical export order for a kind of product.
type ExportOrder struct {
	Quantity float64
	Unit     Unit
	Basis    string // message key saying what the figure is
}

// typicalOrders by HS heading (4 digits) or chapter (2 digits): what one
// export shipment of such goods usually holds. Bulk commodities travel as a
// full 20-foot container (FCL); processed food and crafts often as part of a
// container (LCL). Indicative figures for a validator's judgement, not rules.
var typicalOrders = map[string]ExportOrder{
	"0901": {19200, "kg", "order.fcl20"}, // 320 bags × 60 kg green coffee
	"1801": {12500, "kg", "order.fcl20"},
	"0904": {13000, "kg", "order.fcl20"},
	"0906": {8000, "kg", "order.fcl20"},
	"0907": {10000, "kg", "order.fcl20"},
	"0908": {10000, "kg", "order.fcl20"},
	"1212": {10000, "kg", "order.fcl20"},
	"0801": {12000, "kg", "order.fcl20"},
	"5305": {18000, "kg", "order.fcl20"},
	"1404": {18000, "kg", "order.fcl20"},
	"03":   {12000, "kg", "order.reefer20"},
	"16":   {12000, "kg", "order.reefer20"},
	"19":   {3000, "kg", "order.lcl"},
	"20":   {3000, "kg", "order.lcl"},
	"21":   {3000, "kg", "order.lcl"},
	"46":   {1000, "pcs", "order.lcl"},
	"58":   {500, "pcs", "order.lcl"},
	"62":   {500, "pcs", "order.lcl"},
	"63":   {1000, "pcs", "order.lcl"},
	"44":   {1000, "pcs", "order.lcl"},
}

// TypicalExportOrder returns the indicative order for a product's HS code.
func TypicalExportOrder(hs string) (ExportOrder, bool) {
	if len(hs) >= 4 {
		if o, ok := typicalOrders[hs[:4]]; ok {
			return o, true
		}
	}
	o, ok := typicalOrders[HSChapter(hs)]
	return o, ok
}

// CapacityCheck compares monthly capacity with the typical order: ok when
// the enterprise can fill one order a month; known false when the units
// cannot be compared or no figure exists.
func CapacityCheck(p *Product) (order ExportOrder, ok, known bool) {
	order, found := TypicalExportOrder(p.HSCode)
	if !found {
		return order, false, false
	}
	capacity := p.CapacityPerMonth
	switch {
	case p.Unit == order.Unit:
	case p.Unit == "ton" && order.Unit == "kg":
		capacity *= 1000
	default:
		return order, false, false
	}
	return order, capacity >= order.Quantity, true
}
