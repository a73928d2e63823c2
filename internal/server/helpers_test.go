package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/auth"
	"github.com/siapekspor/siapekspor/internal/server"
	"github.com/siapekspor/siapekspor/internal/store"
)

var sysCtx = siapekspor.WithActor(context.Background(), siapekspor.SystemActor)

// testPassword is every test user's password.
const testPassword = "kopi robusta liwa 2024"

var (
	hashOnce sync.Once
	testHash string
)

// makeUser creates a user of a role in a new organisation of the kind that
// role belongs to; region ties a regency office to its region, enterprise an
// owner to its enterprise.
func makeUser(t testing.TB, db *store.DB, email string, role siapekspor.Role, region string, enterprise int64) *siapekspor.User {
	t.Helper()
	hashOnce.Do(func() { testHash, _ = auth.HashPassword(testPassword) })
	kind := map[siapekspor.Role]siapekspor.OrgKind{
		siapekspor.RoleAdmin: siapekspor.OrgProvincialOffice, siapekspor.RoleOfficer: siapekspor.OrgProvincialOffice,
		siapekspor.RoleValidator: siapekspor.OrgExportOrg, siapekspor.RoleMentor: siapekspor.OrgLender,
		siapekspor.RoleTrainer: siapekspor.OrgProvincialOffice, siapekspor.RoleBuyer: siapekspor.OrgBUMN,
		siapekspor.RoleOwner: siapekspor.OrgEnterprise, siapekspor.RoleViewer: siapekspor.OrgRegulator,
	}[role]
	if role == siapekspor.RoleOfficer && len(region) > 2 {
		kind = siapekspor.OrgRegencyOffice
	}
	org := &siapekspor.Organisation{Name: "Org of " + email, Kind: kind, RegionCode: region}
	if enterprise != 0 {
		org.EnterpriseID = &enterprise
	}
	if err := db.CreateOrganisation(sysCtx, org); err != nil {
		t.Fatal(err)
	}
	u := &siapekspor.User{Email: email, Role: role, OrgID: org.ID}
	if err := db.CreateUser(sysCtx, u, testHash); err != nil {
		t.Fatal(err)
	}
	return u
}

// signIn posts the login form and returns the session cookie as a Cookie header value.
func signIn(t testing.TB, h http.Handler, email string) string {
	t.Helper()
	form := url.Values{"email": {email}, "password": {testPassword}}
	req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.Name == auth.SessionCookie && c.Value != "" {
			return c.Name + "=" + c.Value
		}
	}
	t.Fatalf("sign-in of %s failed: %d %s", email, rec.Code, rec.Body.String())
	return ""
}

// defaultCookie holds, per test server, the admin session scenarios use
// unless they set a Cookie header ("" for anonymous).
var (
	defaultMu     sync.Mutex
	defaultCookie = map[string]string{}
)

func benchLogin(b *testing.B, db *store.DB, s *server.Server) *http.Cookie {
	makeUser(b, db, "bench-admin@example.id", siapekspor.RoleAdmin, "", 0)
	v := signIn(b, s, "bench-admin@example.id")
	name, value, _ := strings.Cut(v, "=")
	return &http.Cookie{Name: name, Value: value}
}

type slogLogger = slog.Logger

var discardLogger = slog.New(slog.NewTextHandler(io.Discard, nil))

// benchToken makes an admin with an API token for load tests.
func benchToken(b *testing.B, db *store.DB, s *server.Server) string {
	u := makeUser(b, db, "bench-api@example.id", siapekspor.RoleAdmin, "", 0)
	secret, _, err := auth.New(db, auth.Config{}).CreateToken(siapekspor.WithActor(context.Background(), siapekspor.SystemActor), u.ID, "load test", "read", 24*time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	return secret
}
