package siapekspor

import "testing"

func TestCheckPassword(t *testing.T) {
	for _, tc := range []struct {
		pw, email, key string
	}{
		{"kopi robusta liwa 2024", "sri@example.id", ""},
		{"Tapis&Sulam-Usus", "sri@example.id", ""},
		{"short1", "", "password.too_short"},
		{"password123", "", "password.common"},
		{"Indonesia2024!", "", "password.common"},
		{"bismillah99", "", "password.common"},
		{"aaaaaaaaaaaa", "", "password.common"},
		{"wahyuni-lampung-1", "wahyuni@example.id", "password.contains_email"},
	} {
		err := CheckPassword(tc.pw, tc.email)
		if tc.key == "" {
			if err != nil {
				t.Errorf("%q refused: %v", tc.pw, err)
			}
			continue
		}
		de, ok := AsError(err)
		if !ok || len(de.Fields) != 1 || de.Fields[0].Key != tc.key {
			t.Errorf("%q: %v, want %s", tc.pw, err, tc.key)
		}
	}
}

func TestCanAndScope(t *testing.T) {
	lamsel := Actor{Role: RoleOfficer, OrgID: 5, RegionCode: "18.01"}
	prov := Actor{Role: RoleOfficer, OrgID: 1}
	owner := Actor{Role: RoleOwner, EnterpriseID: 42}
	viewer := Actor{Role: RoleViewer}
	buyer := Actor{Role: RoleBuyer}
	anon := Actor{}
	for _, tc := range []struct {
		a    Actor
		p    Permission
		want bool
	}{
		{anon, PermPublic, true}, {anon, PermReferenceRead, true}, {anon, PermSignedIn, false}, {anon, PermEnterpriseRead, false},
		{buyer, PermSignedIn, true}, {buyer, PermEnterpriseRead, false},
		{viewer, PermEnterpriseRead, true}, {viewer, PermEnterpriseWrite, false},
		{owner, PermEnterpriseWrite, true}, {owner, PermEnterpriseCreate, false}, {owner, PermEnterpriseDelete, false},
		{lamsel, PermEnterpriseCreate, true}, {lamsel, PermUserAdmin, false}, {lamsel, PermAuditRead, false},
		{Actor{Role: RoleAdmin}, PermAuditRead, true},
	} {
		if got := Can(tc.a, tc.p); got != tc.want {
			t.Errorf("Can(%s, %s) = %v", tc.a.Role, tc.p, got)
		}
	}
	office := int64(5)
	inLamsel := &Enterprise{ID: 1, ProvinceCode: "18", RegencyCode: "18.01"}
	inMetro := &Enterprise{ID: 2, ProvinceCode: "18", RegencyCode: "18.72"}
	binaanInMetro := &Enterprise{ID: 3, ProvinceCode: "18", RegencyCode: "18.72", BinaanOrgID: &office}
	own := &Enterprise{ID: 42, RegencyCode: "18.72"}
	for _, tc := range []struct {
		name string
		a    Actor
		e    *Enterprise
		want bool
	}{
		{"officer, own region", lamsel, inLamsel, true},
		{"officer, other region", lamsel, inMetro, false},
		{"officer, own binaan elsewhere", lamsel, binaanInMetro, true},
		{"provincial officer", prov, inMetro, true},
		{"owner, own", owner, own, true},
		{"owner, other", owner, inLamsel, false},
		{"viewer", viewer, inMetro, true},
		{"buyer", buyer, inMetro, false},
		{"anonymous", anon, inMetro, false},
	} {
		if got := ScopeOf(tc.a).Contains(tc.e); got != tc.want {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
}

func TestMaskPersonalData(t *testing.T) {
	lat, lng := -5.4, 105.2
	fresh := func() *Enterprise {
		return &Enterprise{ID: 1, RegencyCode: "18.72", OwnerNIK: "1872045203800002", Phone: "+6281234567890", Address: "Jl. Raya 5", Lat: &lat, Lng: &lng}
	}
	e := fresh()
	MaskPersonalData(Actor{Role: RoleViewer}, e)
	if e.OwnerNIK != "••••••••••••0002" || e.Phone != "•••••••••••890" || e.Address != Masked || e.Lat != nil {
		t.Errorf("viewer sees %+v", e)
	}
	e = fresh()
	MaskPersonalData(Actor{Role: RoleOfficer, RegionCode: "18.72"}, e)
	if e.OwnerNIK != "1872045203800002" || e.Address != "Jl. Raya 5" {
		t.Errorf("officer of the region sees %+v", e)
	}
	e = fresh()
	MaskPersonalData(Actor{Role: RoleOfficer, RegionCode: "18.01"}, e)
	if e.OwnerNIK == "1872045203800002" {
		t.Error("an officer of another region sees the NIK")
	}
}

// An NPWP is masked like the NIK unless it is an entity's own.
func TestMaskPersonalDataNPWP(t *testing.T) {
	for _, tc := range []struct {
		npwp   string
		form   LegalForm
		viewer string // what a viewer sees
	}{
		{"1872045203800002", LegalCV, "••••••••••••0002"},       // the owner's NIK as NPWP
		{"012345678901000", LegalPerorangan, "•••••••••••1000"}, // a sole proprietor's own
		{"012345678901000", LegalUD, "•••••••••••1000"},
		{"012345678901000", LegalOther, "•••••••••••1000"}, // unknown: kept hidden
		{"012345678901000", LegalCV, "012345678901000"},    // the CV's own: public
		{"0012345678901000", LegalKoperasi, "0012345678901000"},
		{"", LegalPerorangan, ""},
	} {
		for _, a := range []struct {
			actor Actor
			sees  bool
		}{
			{Actor{Role: RoleViewer}, false},
			{Actor{Role: RoleBuyer}, false},
			{Actor{Role: RoleOfficer, RegionCode: "18.01"}, false},
			{Actor{Role: RoleOfficer, RegionCode: "18.72"}, true},
			{Actor{Role: RoleAdmin}, true},
		} {
			e := &Enterprise{ID: 1, RegencyCode: "18.72", LegalForm: tc.form, NPWP: tc.npwp}
			MaskPersonalData(a.actor, e)
			want := tc.viewer
			if a.sees {
				want = tc.npwp
			}
			if e.NPWP != want {
				t.Errorf("%s %s of %q (%s): sees %q, want %q", a.actor.Role, a.actor.RegionCode, tc.npwp, tc.form, e.NPWP, want)
			}
		}
	}
}

// Who sees enterprises as points on the map agrees with who sees their
// address within their scope: every other role sees district counts.
func TestSeesLocations(t *testing.T) {
	e := &Enterprise{ID: 1, ProvinceCode: "18", RegencyCode: "18.72"}
	for _, role := range Roles {
		a := Actor{Role: role, RegionCode: "18.72", EnterpriseID: 1}
		if role != RoleOfficer && role != RoleOwner {
			a.RegionCode = ""
		}
		want := role == RoleAdmin || role == RoleOfficer
		if got := SeesLocations(a); got != want {
			t.Errorf("%s: sees locations %v, want %v", role, got, want)
		}
		// Those who see points see the address of what their scope holds.
		if SeesLocations(a) && !SeesPersonalData(a, e) {
			t.Errorf("%s sees points but not the address", role)
		}
	}
}
