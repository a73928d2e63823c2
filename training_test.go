package siapekspor

import "testing"

func TestWhoManagesAndRunsTraining(t *testing.T) {
	lamsel, metro := int64(7), int64(8)
	trainer := int64(42)
	prog := &Programme{OrganiserID: &lamsel}
	noOrganiser := &Programme{}
	class := &Class{TrainerID: &trainer}
	otherClass := &Class{}
	for _, c := range []struct {
		name        string
		a           Actor
		p           *Programme
		c           *Class
		manage, run string // "" when allowed, else the refusal's key
	}{
		{"admin", Actor{Role: RoleAdmin}, prog, otherClass, "", ""},
		{"provincial officer", Actor{Role: RoleOfficer, OrgID: metro, RegionCode: "18"}, prog, otherClass, "", ""},
		{"officer without a region", Actor{Role: RoleOfficer, OrgID: metro}, noOrganiser, otherClass, "", ""},
		{"regency officer of the organiser", Actor{Role: RoleOfficer, OrgID: lamsel, RegionCode: "18.01"}, prog, otherClass, "", ""},
		{"regency officer of another office", Actor{Role: RoleOfficer, OrgID: metro, RegionCode: "18.72"}, prog, otherClass, "training.not_your_programme", "training.not_your_programme"},
		{"regency officer, no organiser", Actor{Role: RoleOfficer, OrgID: metro, RegionCode: "18.72"}, noOrganiser, otherClass, "training.not_your_programme", "training.not_your_programme"},
		{"trainer of the class", Actor{Role: RoleTrainer, UserID: trainer}, prog, class, "error.forbidden", ""},
		{"trainer of another class", Actor{Role: RoleTrainer, UserID: trainer + 1}, prog, class, "error.forbidden", "training.not_your_class"},
		{"owner", Actor{Role: RoleOwner, EnterpriseID: 3}, prog, class, "error.forbidden", "error.forbidden"},
		{"viewer", Actor{Role: RoleViewer}, prog, class, "error.forbidden", "error.forbidden"},
	} {
		if got := KeyOf(CanManageProgramme(c.a, c.p)); got != c.manage {
			t.Errorf("%s manages: %q, want %q", c.name, got, c.manage)
		}
		if got := KeyOf(CanRunClass(c.a, c.p, c.c)); got != c.run {
			t.Errorf("%s runs: %q, want %q", c.name, got, c.run)
		}
	}
}
