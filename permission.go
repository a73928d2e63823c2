package siapekspor

import "slices"

// Permission is what a route requires. Every route declares one; the
// server decides from it, in one place, whether an actor may pass.
type Permission string

const (
	// PermPublic: anyone, signed in or not.
	PermPublic Permission = "public"
	// PermReferenceRead: reference data (regions, HS codes); public, as the data is.
	PermReferenceRead Permission = "reference:read"
	// PermSignedIn: any signed-in user (their own account, password, tokens).
	PermSignedIn Permission = "signed_in"

	// The registry. Which records a role reaches is decided by EnterpriseScope.
	PermEnterpriseRead   Permission = "enterprise:read"
	PermEnterpriseWrite  Permission = "enterprise:write"
	PermEnterpriseCreate Permission = "enterprise:create"
	PermEnterpriseDelete Permission = "enterprise:delete"

	// Products and certificates follow their enterprise's scope, except for
	// validators, who read every product (ProductScopeOf).
	PermProductRead  Permission = "product:read"
	PermProductWrite Permission = "product:write"
	// PermValidate: review products submitted for export validation.
	PermValidate Permission = "product:validate"

	// Export readiness: reading assessments follows the enterprise scope;
	// answering one is for owners (self-assessment), officers and mentors;
	// editing the questionnaire is for admins only.
	PermReadinessRead      Permission = "readiness:read"
	PermAssess             Permission = "readiness:assess"
	PermQuestionnaireAdmin Permission = "readiness:admin"

	// Training: reading programmes; managing them (programmes, placement,
	// confirmation); running classes (sessions, attendance, results); and an
	// owner answering its invitation.
	PermTrainingRead    Permission = "training:read"
	PermTrainingManage  Permission = "training:manage"
	PermTrainingRun     Permission = "training:run"
	PermTrainingRespond Permission = "training:respond"

	// Mentoring (pendampingan): reading and recording activities and
	// assistance cases follows the enterprise scope (a mentor's scope is the
	// enterprises assigned to it); assigning mentors is for officers.
	PermMentoringRead  Permission = "mentoring:read"
	PermMentoringWrite Permission = "mentoring:write"
	PermMentorAssign   Permission = "mentoring:assign"

	// Destination markets: anyone signed in reads rankings and requirements
	// (an enterprise's gap follows its scope); admins edit the requirements
	// and load trade data; officers load export statistics.
	PermMarketAdmin Permission = "market:admin"
	PermTradeLoad   Permission = "market:trade_load"
	PermStatsLoad   Permission = "market:stats_load"

	// Realised export records follow the enterprise scope: officers and
	// owners (an enterprise reports its own) record them; viewers and
	// mentors read them; buyers and validators do not see them.
	PermExportRead  Permission = "export:read"
	PermExportWrite Permission = "export:write"

	PermOrgRead   Permission = "org:read"
	PermOrgWrite  Permission = "org:write"
	PermUserAdmin Permission = "user:admin"
	PermAuditRead Permission = "audit:read"
	// PermRegionAdmin: edit the other names of regions (aliases) the
	// importer reads; admins only.
	PermRegionAdmin Permission = "reference:admin"
	// PermMetricsRead: the operators' metrics (/metrics); admins only.
	PermMetricsRead Permission = "metrics:read"
	// PermTargetAdmin: set and withdraw the province's targets (admins only).
	PermTargetAdmin Permission = "target:admin"
	// PermCatalogueAdmin: the public catalogue's back office — the buyers'
	// inquiries and the approval of buyers who registered themselves
	// (officers and admins).
	PermCatalogueAdmin Permission = "catalogue:admin"
)

// rolePermissions is the roles table of docs/design.md ("Roles") as far as
// the system has grown. Admins may do everything; the other roles get what is listed.
var rolePermissions = map[Role][]Permission{
	RoleOfficer: {PermEnterpriseRead, PermEnterpriseWrite, PermEnterpriseCreate, PermEnterpriseDelete, PermOrgRead,
		PermProductRead, PermProductWrite, PermReadinessRead, PermAssess, PermTrainingRead, PermTrainingManage,
		PermTrainingRun, PermMentoringRead, PermMentoringWrite, PermMentorAssign, PermStatsLoad, PermExportRead, PermExportWrite,
		PermCatalogueAdmin},
	RoleViewer: {PermEnterpriseRead, PermOrgRead, PermProductRead, PermReadinessRead, PermTrainingRead, PermMentoringRead, PermExportRead},
	// Admins hold every permission, including PermOrgWrite, PermUserAdmin
	// and PermAuditRead, which no other role has.
	RoleOwner: {PermEnterpriseRead, PermEnterpriseWrite, PermProductRead, PermProductWrite, PermReadinessRead, PermAssess,
		PermTrainingRespond, PermMentoringRead, PermExportRead, PermExportWrite},
	// Validators review products; they see the enterprises behind them
	// only as far as a product page shows (name, regency).
	RoleValidator: {PermProductRead, PermValidate},
	// Mentors (LPEI, banks, agencies) read the enterprises assigned to them,
	// assess them and record their mentoring.
	RoleMentor: {PermEnterpriseRead, PermProductRead, PermReadinessRead, PermAssess, PermTrainingRead,
		PermMentoringRead, PermMentoringWrite, PermExportRead},
	// Trainers run the classes they are given: sessions, attendance, results.
	RoleTrainer: {PermTrainingRead, PermTrainingRun},
	// Buyers: their requests and matches (buyrequest.go adds the permissions).
	RoleBuyer: {},
}

// Can reports whether an actor may use a route that requires p. Anonymous
// actors (no role) pass only public routes.
func Can(a Actor, p Permission) bool {
	switch p {
	case PermPublic, PermReferenceRead:
		return true
	case PermSignedIn:
		return a.Role != ""
	}
	if a.Role == RoleAdmin {
		return true
	}
	for _, q := range rolePermissions[a.Role] {
		if q == p {
			return true
		}
	}
	return false
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return oneOf(r, Roles) }

// EnterpriseScope is the part of the registry an actor may reach.
type EnterpriseScope struct {
	All bool // the whole registry
	// RegionCode: enterprises located in this region (a regency office's
	// regency), together with BinaanOrgID's own binaan wherever they are.
	RegionCode   string
	BinaanOrgID  int64
	EnterpriseID int64 // an owner's own enterprise
	// Assigned: a mentor's enterprises (possibly none).
	Assigned []int64
	Mentor   bool
	None     bool
}

// ScopeOf returns the enterprises an actor may read and write. A provincial
// or national officer (an organisation without a region) reaches the whole
// registry; a regency/city officer its region and its own binaan; an owner
// its own enterprise; a mentor the enterprises assigned to it; a viewer
// everything, read-only and masked.
func ScopeOf(a Actor) EnterpriseScope {
	switch a.Role {
	case RoleAdmin, RoleViewer:
		return EnterpriseScope{All: true}
	case RoleOfficer:
		if a.RegionCode == "" {
			return EnterpriseScope{All: true}
		}
		return EnterpriseScope{RegionCode: a.RegionCode, BinaanOrgID: a.OrgID}
	case RoleOwner:
		if a.EnterpriseID != 0 {
			return EnterpriseScope{EnterpriseID: a.EnterpriseID}
		}
	case RoleMentor:
		return EnterpriseScope{Mentor: true, Assigned: a.Mentored}
	case "":
		// The system itself (command line, start-up) acts without a role
		// only through SystemActor, which is an admin; anonymous gets nothing.
	}
	return EnterpriseScope{None: true}
}

// ProductScopeOf returns the enterprises whose products and certificates an
// actor may read: validators review products from the whole registry;
// everyone else reads those of the enterprises they reach.
func ProductScopeOf(a Actor) EnterpriseScope {
	if a.Role == RoleValidator {
		return EnterpriseScope{All: true}
	}
	return ScopeOf(a)
}

// Contains reports whether an enterprise lies in the scope.
func (s EnterpriseScope) Contains(e *Enterprise) bool {
	switch {
	case s.None:
		return false
	case s.All:
		return true
	case s.EnterpriseID != 0:
		return e.ID == s.EnterpriseID
	case s.Mentor:
		return slices.Contains(s.Assigned, e.ID)
	}
	if s.RegionCode != "" && inRegion(e, s.RegionCode) {
		return true
	}
	return s.BinaanOrgID != 0 && e.BinaanOrgID != nil && *e.BinaanOrgID == s.BinaanOrgID
}

func inRegion(e *Enterprise, region string) bool {
	for _, c := range []string{e.ProvinceCode, e.RegencyCode, e.DistrictCode, e.VillageCode} {
		if c == region {
			return true
		}
	}
	return false
}

// SeesPersonalData reports whether an actor may see an enterprise's personal
// data (the owner's NIK, a personal NPWP, personal phone and home address): admins, officers
// whose scope holds the enterprise, and the owner. Viewers, buyers and
// officers of other regions see them masked.
func SeesPersonalData(a Actor, e *Enterprise) bool {
	switch a.Role {
	case RoleAdmin:
		return true
	case RoleOfficer, RoleOwner:
		return ScopeOf(a).Contains(e)
	}
	return false
}

// SeesLocations reports whether an actor's map shows enterprises at their
// own coordinates (clustered), rather than counted per district: those who
// see the personal data (SeesPersonalData) of every enterprise their scope
// reaches — admins and officers; the store keeps an officer to its scope.
// Viewers, mentors and the others see one count per district: a point on a
// map is a home address as much as the street is.
func SeesLocations(a Actor) bool {
	return a.Role == RoleAdmin || a.Role == RoleOfficer
}

// MaskPersonalData hides an enterprise's personal data from an actor who may
// not see it, in place. What stays tells the reader that a value exists.
func MaskPersonalData(a Actor, e *Enterprise) {
	if SeesPersonalData(a, e) {
		return
	}
	// An entity's tax number is public; any other may be the owner's own.
	if e.NPWPHolder() != NPWPBusiness {
		e.NPWP = maskTail(e.NPWP, 4)
	}
	e.OwnerNIK = maskTail(e.OwnerNIK, 4)
	e.Phone = maskTail(e.Phone, 3)
	if e.Address != "" {
		e.Address = Masked
	}
	e.Lat, e.Lng = nil, nil
}

// Masked replaces a hidden value.
const Masked = "••••"

// maskTail keeps the last n characters: "1801045203800002" → "••••••••••••0002".
func maskTail(s string, n int) string {
	if s == "" {
		return ""
	}
	r := []rune(s)
	if len(r) <= n {
		return Masked
	}
	out := make([]rune, len(r))
	for i := range r {
		if i < len(r)-n {
			out[i] = '•'
		} else {
			out[i] = r[i]
		}
	}
	return string(out)
}
