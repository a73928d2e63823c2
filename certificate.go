package siapekspor

import (
	"strings"
	"time"
	"unicode/utf8"
)

// CertificateType is a kind of certificate or permit; labels under
// "cert.<value>".
type CertificateType string

const (
	CertHalal         CertificateType = "halal"         // BPJPH, regular or self-declare
	CertBPOMMD        CertificateType = "bpom_md"       // BPOM registration, domestic processed food
	CertBPOMML        CertificateType = "bpom_ml"       // BPOM registration, imported processed food
	CertPIRT          CertificateType = "pirt"          // SPP-IRT, home-industry food permit
	CertSNI           CertificateType = "sni"           // Indonesian national standard
	CertExportReg     CertificateType = "export_reg"    // NIB-based registration as exporter
	CertOrganic       CertificateType = "organic"       // organic certification
	CertHACCP         CertificateType = "haccp"         // hazard analysis and critical control points
	CertISO22000      CertificateType = "iso22000"      // food safety management
	CertFDA           CertificateType = "fda"           // US FDA food facility registration
	CertHealth        CertificateType = "health"        // health certificate (fish, animal products)
	CertPhytosanitary CertificateType = "phytosanitary" // plant health, per shipment
	CertOrigin        CertificateType = "origin"        // certificate of origin (SKA / e-SKA)
	CertRainforest    CertificateType = "rainforest"    // Rainforest Alliance
	CertFairtrade     CertificateType = "fairtrade"
	CertOther         CertificateType = "other"
)

// CertificateTypes lists them in display order.
var CertificateTypes = []CertificateType{CertHalal, CertBPOMMD, CertBPOMML, CertPIRT, CertSNI, CertExportReg, CertOrganic,
	CertHACCP, CertISO22000, CertFDA, CertHealth, CertPhytosanitary, CertOrigin, CertRainforest, CertFairtrade, CertOther}

// Certificate is a certificate or permit of an enterprise, or of one of its
// products when ProductID is set.
type Certificate struct {
	ID           int64           `json:"id"`
	EnterpriseID int64           `json:"enterprise_id"`
	ProductID    *int64          `json:"product_id,omitempty"`
	Type         CertificateType `json:"type"`
	// SelfDeclare: halal by the self-declare route open to micro firms.
	SelfDeclare bool       `json:"self_declare"`
	Number      string     `json:"number"`
	Issuer      string     `json:"issuer"`
	IssuedOn    *time.Time `json:"issued_on,omitempty"`
	ExpiresOn   *time.Time `json:"expires_on,omitempty"`
	Notes       string     `json:"notes"`
	// Document: the stored scan (path under the media folder) and its type.
	Document     string    `json:"document,omitempty"`
	DocumentKind string    `json:"document_kind,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	Version      int       `json:"version"`

	// Read-only, joined for display.
	EnterpriseName string `json:"enterprise_name,omitempty"`
	ProductName    string `json:"product_name,omitempty"`
}

// Normalize tidies text fields in place.
func (c *Certificate) Normalize() {
	for _, s := range []*string{&c.Number, &c.Issuer, &c.Notes} {
		*s = strings.TrimSpace(*s)
	}
	if c.Type == CertPIRT {
		c.Number = strings.NewReplacer(" ", "", ".", "", "-", "").Replace(c.Number)
	}
}

// Validate checks a certificate on its own; rules that need the product it
// covers are in CheckCovers.
func (c *Certificate) Validate(now time.Time) error {
	p := TextProblems(c)
	if !oneOf(c.Type, CertificateTypes) {
		p.Add("type", "field.choice")
	}
	switch n := utf8.RuneCountInString(c.Number); {
	case n == 0:
		p.Add("number", "field.required")
	case n > 100:
		p.Add("number", "field.too_long", 100)
	}
	if c.Type == CertPIRT && c.Number != "" && !allDigits(c.Number, 15) {
		p.Add("number", "cert.pirt_number")
	}
	if utf8.RuneCountInString(c.Issuer) > 200 {
		p.Add("issuer", "field.too_long", 200)
	}
	if utf8.RuneCountInString(c.Notes) > 2000 {
		p.Add("notes", "field.too_long", 2000)
	}
	if c.SelfDeclare && c.Type != CertHalal {
		p.Add("self_declare", "cert.self_declare_halal_only")
	}
	if c.IssuedOn != nil && c.IssuedOn.After(now.AddDate(0, 0, 1)) {
		p.Add("issued_on", "cert.issued_future")
	}
	if c.IssuedOn != nil && c.ExpiresOn != nil && c.ExpiresOn.Before(*c.IssuedOn) {
		p.Add("expires_on", "cert.expires_before_issue")
	}
	return p.Err()
}

func allDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// pirtExcluded are HS codes of goods a home-industry permit (SPP-IRT) cannot
// cover: meat and poultry (02), fish (03), dairy (0401–0406), prepared meat
// and fish (1601–1605) and infant food (190110). Frozen and canned goods
// are excluded too, but the HS code does not tell those apart.
var pirtExcluded = []string{"02", "03", "0401", "0402", "0403", "0404", "0405", "0406", "1601", "1602", "1603", "1604", "1605", "190110"}

// PIRTExcluded reports whether an HS code names goods that need BPOM MD
// rather than PIRT.
func PIRTExcluded(hs string) bool {
	for _, prefix := range pirtExcluded {
		if strings.HasPrefix(hs, prefix) {
			return true
		}
	}
	return false
}

// CheckCovers checks that a certificate may cover a product: PIRT cannot
// cover meat, fish, poultry or dairy products, which need BPOM MD.
func (c *Certificate) CheckCovers(p *Product) error {
	if c.Type == CertPIRT && PIRTExcluded(p.HSCode) {
		return FieldInvalid("product_id", "cert.pirt_excluded")
	}
	return nil
}

// Counts reports whether a certificate still counts on a day: one past its
// expiry date no longer does. A certificate without an expiry date counts.
func (c *Certificate) Counts(now time.Time) bool {
	if c.ExpiresOn == nil {
		return true
	}
	return !dateOnly(now).After(dateOnly(*c.ExpiresOn))
}

// ExpiresWithin reports whether a counting certificate expires within days.
func (c *Certificate) ExpiresWithin(days int, now time.Time) bool {
	if c.ExpiresOn == nil || !c.Counts(now) {
		return false
	}
	return !dateOnly(*c.ExpiresOn).After(dateOnly(now).AddDate(0, 0, days))
}

func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// DefaultExpiryWarningDays is how far ahead expiring certificates are listed.
const DefaultExpiryWarningDays = 90
