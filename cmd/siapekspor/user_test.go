package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/auth"
	"github.com/siapekspor/siapekspor/internal/server"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

func runCLI(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, env(nil), strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), err
}

func TestUserAndOrgCommands(t *testing.T) {
	dir := t.TempDir()
	out, _, err := runCLI(t, "org", "add", "--data-dir", dir, "--name", "Dinas Koperasi dan UKM Kota Metro", "--kind", "regency_office", "--region", "18.72")
	if err != nil || !strings.Contains(out, "created (id ") {
		t.Fatalf("org add: %q %v", out, err)
	}
	if _, _, err := runCLI(t, "org", "add", "--data-dir", dir, "--name", "Dinas X", "--kind", "regency_office"); err == nil || !strings.Contains(err.Error(), "--region") {
		t.Errorf("a regency office without region: %v", err)
	}
	out, _, err = runCLI(t, "user", "add", "--data-dir", dir, "--email", "Petugas@Metro.go.id", "--role", "officer", "--org", "dinas koperasi dan ukm kota metro")
	if err != nil || !regexp.MustCompile(`one-time password: [a-z2-9]{4}(-[a-z2-9]{4}){4}`).MatchString(out) {
		t.Fatalf("user add: %q %v", out, err)
	}
	if _, _, err := runCLI(t, "user", "add", "--data-dir", dir, "--email", "petugas@metro.go.id", "--role", "officer", "--org", "1"); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("a second user with the same e-mail: %v", err)
	}
	if _, _, err := runCLI(t, "user", "add", "--data-dir", dir, "--email", "x@metro.go.id", "--role", "boss", "--org", "1"); err == nil || !strings.Contains(err.Error(), "--role") {
		t.Errorf("an unknown role: %v", err)
	}
	// Its one-time password is still unchanged: a token would be refused.
	_, _, err = runCLI(t, "user", "token", "--data-dir", dir, "--email", "petugas@metro.go.id", "--name", "sistem dinas")
	if err == nil || !strings.Contains(err.Error(), "must still change its one-time password") || !strings.Contains(err.Error(), "user add --service") {
		t.Errorf("token for a user with a one-time password: %v", err)
	}
	out, _, err = runCLI(t, "user", "add", "--data-dir", dir, "--service", "--email", "sistem@metro.go.id", "--role", "officer", "--org", "1")
	if err != nil || !strings.Contains(out, "service account sistem@metro.go.id created") || strings.Contains(out, "password:") {
		t.Fatalf("user add --service: %q %v", out, err)
	}
	out, errOut, err := runCLI(t, "user", "token", "--data-dir", dir, "--email", "sistem@metro.go.id", "--name", "sistem dinas", "--scope", "read-write", "--expires", "90d")
	if err != nil || !strings.HasPrefix(out, "sek_") || !strings.Contains(errOut, "read-write") {
		t.Fatalf("user token: %q %q %v", out, errOut, err)
	}
	if _, _, err := runCLI(t, "user", "token", "--data-dir", dir, "--email", "sistem@metro.go.id", "--name", "x", "--expires", "soon"); err == nil {
		t.Error("a bad --expires was accepted")
	}
	if _, _, err := runCLI(t, "user", "add", "--data-dir", dir, "--service", "--invite", "--email", "y@metro.go.id", "--role", "viewer", "--org", "1"); err == nil {
		t.Error("a service account with an invitation")
	}
	_, _, err = runCLI(t, "org", "add", "--data-dir", dir, "--name", "Dinas Y", "--kind", "dinas")
	if err == nil || !strings.Contains(err.Error(), `--kind "dinas"`) || !strings.Contains(err.Error(), "provincial_office, regency_office, export_org") || !strings.Contains(err.Error(), "enterprise") {
		t.Errorf("an unknown organisation kind lists the kinds: %v", err)
	}
	out, _, err = runCLI(t, "user", "list", "--data-dir", dir)
	if err != nil || !strings.Contains(out, "petugas@metro.go.id") || !strings.Contains(out, "officer") || !strings.Contains(out, "must change its one-time password") ||
		!strings.Contains(out, "service account") {
		t.Errorf("user list: %q %v", out, err)
	}
	out, _, _ = runCLI(t, "org", "list", "--data-dir", dir)
	if !strings.Contains(out, "18.72") {
		t.Errorf("org list: %q", out)
	}
}

func TestFirstServeCreatesAdminOnce(t *testing.T) {
	dir := t.TempDir()
	first := captureServe(t, dir)
	if !strings.Contains(first, "admin@siapekspor.local") || !regexp.MustCompile(`password: \S{24}`).MatchString(first) {
		t.Fatalf("first start printed:\n%s", first)
	}
	if second := captureServe(t, dir); strings.Contains(second, "password:") {
		t.Errorf("the second start printed a password again:\n%s", second)
	}
}

// captureServe starts serve, stops it once it listens, and returns what it
// printed. A first start loads the shipped trade data (seconds), so it waits
// up to a minute.
func captureServe(t *testing.T, dir string) string {
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir}, env(nil), nil, &out, &syncBuffer{})
	}()
	for i := 0; i < 1200 && !strings.Contains(out.String(), "running at"); i++ {
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v", err)
		default:
		}
		waitABit()
	}
	cancel()
	<-done
	return out.String()
}

// TestServiceAccountTokenWorksAtOnce: a token the operator makes on the
// server for a service account is accepted by the API at once, on both
// engines; a person's token waits for its one-time password to be changed,
// which is why the command refuses to make one; and a service account
// cannot get a password or sign in.
func TestServiceAccountTokenWorksAtOnce(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng, func(t *testing.T) {
			u := storetest.URL(t, eng)
			if _, _, err := runCLI(t, "org", "add", "--db", u, "--name", "Dinas Koperasi Kota Metro", "--kind", "regency_office", "--region", "18.72"); err != nil {
				t.Fatal(err)
			}
			if _, _, err := runCLI(t, "user", "add", "--db", u, "--service", "--email", "integrasi@metro.go.id", "--role", "officer", "--org", "1"); err != nil {
				t.Fatal(err)
			}
			token, _, err := runCLI(t, "user", "token", "--db", u, "--email", "integrasi@metro.go.id", "--name", "dashboard")
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := runCLI(t, "user", "add", "--db", u, "--email", "petugas@metro.go.id", "--role", "officer", "--org", "1"); err != nil {
				t.Fatal(err)
			}

			ctx := context.Background()
			db, err := store.Open(ctx, store.Options{URL: u})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			srv, err := server.New(db, server.Config{Province: "18", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err != nil {
				t.Fatal(err)
			}
			me := func(bearer string) (int, string) {
				req := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
				req.Header.Set("Authorization", "Bearer "+bearer)
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, req)
				return rec.Code, rec.Body.String()
			}
			if code, body := me(strings.TrimSpace(token)); code != http.StatusOK || !strings.Contains(body, `"email":"integrasi@metro.go.id"`) || !strings.Contains(body, `"service":true`) {
				t.Errorf("the service account's token: %d %s", code, body)
			}
			// What the command spares a person: a token made anyway is refused.
			person, err := db.UserByEmail(ctx, "petugas@metro.go.id")
			if err != nil {
				t.Fatal(err)
			}
			secret, _, err := auth.New(db, auth.Config{}).CreateToken(ctx, person.ID, "x", auth.ScopeRead, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if code, body := me(secret); code != http.StatusForbidden || !strings.Contains(body, "kata sandi sekali pakai") {
				t.Errorf("a person's token before the password change: %d %s", code, body)
			}
			// A service account has no password to reset, and cannot sign in.
			svc, _ := db.UserByEmail(ctx, "integrasi@metro.go.id")
			if _, err := auth.New(db, auth.Config{}).NewLink(ctx, svc.ID, auth.LinkReset); siapekspor.ErrorCodeOf(err) != siapekspor.EInvalid {
				t.Errorf("a reset link for a service account: %v", err)
			}
			if _, _, err := auth.New(db, auth.Config{}).Login(ctx, "integrasi@metro.go.id", "", "192.0.2.1", "test"); err == nil {
				t.Error("a service account signed in")
			}
		})
	}
}
