package store

import (
	"reflect"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
)

// The one translation of an actor's scope to SQL, for each kind of actor
// and both tables that carry an enterprise's regions.
func TestScopeCond(t *testing.T) {
	for _, c := range []struct {
		name string
		a    siapekspor.Actor
		cond string
		args []any
	}{
		{"admin", siapekspor.Actor{Role: siapekspor.RoleAdmin}, "", nil},
		{"provincial officer", siapekspor.Actor{Role: siapekspor.RoleOfficer, OrgID: 2}, "", nil},
		{"regency officer", siapekspor.Actor{Role: siapekspor.RoleOfficer, OrgID: 7, RegionCode: "18.01"},
			"(X.province_code = ? OR X.regency_code = ? OR X.district_code = ? OR X.binaan_org_id = ?)", []any{"18.01", "18.01", "18.01", int64(7)}},
		{"owner", siapekspor.Actor{Role: siapekspor.RoleOwner, EnterpriseID: 42}, "ID = ?", []any{int64(42)}},
		{"owner without an enterprise", siapekspor.Actor{Role: siapekspor.RoleOwner}, "1 = 0", nil},
		{"mentor", siapekspor.Actor{Role: siapekspor.RoleMentor, Mentored: []int64{3, 5}}, "ID IN (3,5)", nil},
		{"mentor without mentees", siapekspor.Actor{Role: siapekspor.RoleMentor}, "1 = 0", nil},
		{"anonymous", siapekspor.Actor{}, "1 = 0", nil},
	} {
		for _, tbl := range [][2]string{{"e.id", "e."}, {"d.enterprise_id", "d."}} {
			want := c.cond
			for _, r := range [][2]string{{"ID", tbl[0]}, {"X.", tbl[1]}} {
				want = strings.ReplaceAll(want, r[0], r[1])
			}
			cond, args := scopeCond(siapekspor.ScopeOf(c.a), tbl[0], tbl[1])
			if cond != want || !reflect.DeepEqual(args, c.args) {
				t.Errorf("%s on %s: %q %v, want %q %v", c.name, tbl[0], cond, args, want, c.args)
			}
		}
	}
}
