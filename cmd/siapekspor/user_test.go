package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
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
	out, errOut, err := runCLI(t, "user", "token", "--data-dir", dir, "--email", "petugas@metro.go.id", "--name", "sistem dinas", "--scope", "read-write", "--expires", "90d")
	if err != nil || !strings.HasPrefix(out, "sek_") || !strings.Contains(errOut, "read-write") {
		t.Fatalf("user token: %q %q %v", out, errOut, err)
	}
	if _, _, err := runCLI(t, "user", "token", "--data-dir", dir, "--email", "petugas@metro.go.id", "--name", "x", "--expires", "soon"); err == nil {
		t.Error("a bad --expires was accepted")
	}
	out, _, err = runCLI(t, "user", "list", "--data-dir", dir)
	if err != nil || !strings.Contains(out, "petugas@metro.go.id") || !strings.Contains(out, "officer") {
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
