package siapekspor

import (
	"context"
	"time"
)

// OrgKind is the kind of organisation taking part in the export forum.
type OrgKind string

const (
	OrgProvincialOffice OrgKind = "provincial_office" // e.g. Disperindag, Dinas Koperasi dan UKM
	OrgRegencyOffice    OrgKind = "regency_office"    // a regency/city office, tied to its region
	OrgExportOrg        OrgKind = "export_org"        // e.g. Indonesia Exportir Channel
	OrgLender           OrgKind = "lender"            // LPEI, banks
	OrgRegulator        OrgKind = "regulator"         // OJK
	OrgAgency           OrgKind = "agency"            // ministries and agencies
	OrgBUMN             OrgKind = "bumn"              // state-owned company
	OrgPrivate          OrgKind = "private"           // private company
	OrgForeignBuyer     OrgKind = "foreign_buyer"
	OrgEnterprise       OrgKind = "enterprise" // tied to its registry record
)

// OrgKinds lists the kinds in display order.
var OrgKinds = []OrgKind{OrgProvincialOffice, OrgRegencyOffice, OrgExportOrg, OrgLender, OrgRegulator, OrgAgency, OrgBUMN, OrgPrivate, OrgForeignBuyer, OrgEnterprise}

// CoachesEnterprises reports whether organisations of this kind can have
// enterprises as their binaan.
func (k OrgKind) CoachesEnterprises() bool {
	return k == OrgProvincialOffice || k == OrgRegencyOffice || k == OrgAgency || k == OrgLender || k == OrgBUMN
}

// Organisation is one member of the export forum.
type Organisation struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	Kind         OrgKind   `json:"kind"`
	RegionCode   string    `json:"region_code"`   // required for regency offices
	EnterpriseID *int64    `json:"enterprise_id"` // for kind enterprise
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Validate checks the organisation's fields.
func (o *Organisation) Validate(ref Reference) error {
	o.Name = collapseSpaces(o.Name)
	p := TextProblems(o)
	if o.Name == "" {
		p.Add("name", "field.required")
	} else if len(o.Name) > 200 {
		p.Add("name", "field.too_long", 200)
	}
	if !oneOf(o.Kind, OrgKinds) {
		p.Add("kind", "field.choice")
	}
	if o.RegionCode != "" {
		if _, ok := ref.RegionLevel(o.RegionCode); !ok {
			p.Add("region_code", "region.unknown", o.RegionCode)
		}
	} else if o.Kind == OrgRegencyOffice {
		p.Add("region_code", "field.required")
	}
	if o.Kind == OrgEnterprise && o.EnterpriseID == nil {
		p.Add("enterprise_id", "field.required")
	}
	return p.Err()
}

// OrganisationFilter selects organisations.
type OrganisationFilter struct {
	Kinds []OrgKind
}

// OrganisationService keeps the export forum's members.
type OrganisationService interface {
	Organisation(ctx context.Context, id int64) (*Organisation, error)
	ListOrganisations(ctx context.Context, f OrganisationFilter) ([]Organisation, error)
	CreateOrganisation(ctx context.Context, o *Organisation) error
}
