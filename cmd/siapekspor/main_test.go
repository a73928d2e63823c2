package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// startServe runs "siapekspor serve" in the background and returns its base URL.
func startServe(t testing.TB, args ...string) (string, context.CancelFunc, chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), env(nil), strings.NewReader(""), pw, &stderr)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	urlRe := regexp.MustCompile(`http://[0-9.:]+`)
	for lines.Scan() {
		if u := urlRe.FindString(lines.Text()); u != "" {
			go io.Copy(io.Discard, pr)
			return u, cancel, done
		}
	}
	cancel()
	t.Fatalf("serve did not start: %v\n%s", <-done, stderr.String())
	return "", nil, nil
}

func TestServeOnAFreshDataFolder(t *testing.T) {
	dir := t.TempDir()
	base, cancel, done := startServe(t, "--data-dir", dir)
	res, err := http.Get(base + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", res, err)
	}
	res.Body.Close()
	res, err = http.Get(base + "/api/v1/regions?q=Lampung+Selatan")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("regions: %v %v", res, err)
	}
	res.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve returned %v", err)
	}
	// The database file is where the README says, and it is SQLite's.
	head := make([]byte, 16)
	if f, err := os.Open(filepath.Join(dir, "siapekspor.db")); err != nil {
		t.Fatal(err)
	} else {
		_, err := io.ReadFull(f, head)
		f.Close()
		if err != nil || string(head) != "SQLite format 3\x00" {
			t.Fatalf("siapekspor.db starts %q (%v), not as a SQLite database", head, err)
		}
	}

	// A second start on the existing database, without migrating, serves
	// the reference data the first one loaded.
	start := time.Now()
	base, cancel, done = startServe(t, "--data-dir", dir, "--no-migrate")
	t.Logf("second start served after %s", time.Since(start))
	res, err = http.Get(base + "/api/v1/regions?q=Lampung+Selatan")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `"18.01"`) {
		t.Errorf("regions on the second start: %d %s", res.StatusCode, body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("second serve returned %v", err)
	}
}

func TestServeFailsClearly(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var out, errb bytes.Buffer
	err = run(context.Background(), []string{"serve", "--addr", ln.Addr().String(), "--data-dir", t.TempDir()}, env(nil), nil, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "cannot listen on") {
		t.Errorf("port in use: %v", err)
	}
	err = run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--db", "/nonexistent/folder/x.db"}, env(nil), nil, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "cannot open database") {
		t.Errorf("bad database: %v", err)
	}
	err = run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir(), "--no-migrate"}, env(nil), nil, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "siapekspor migrate") {
		t.Errorf("stale schema: %v", err)
	}
	err = run(context.Background(), []string{"serve", "--province", "18.01", "--addr", "127.0.0.1:0", "--data-dir", t.TempDir()}, env(nil), nil, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "not a province code") {
		t.Errorf("bad province: %v", err)
	}
	if err := run(context.Background(), []string{"frobnicate"}, env(nil), nil, &out, &errb); err == nil {
		t.Error("unknown command accepted")
	}
}

func TestMigrateAndVersion(t *testing.T) {
	var out, errb bytes.Buffer
	dir := t.TempDir()
	if err := run(context.Background(), []string{"migrate", "--data-dir", dir}, env(nil), nil, &out, &errb); err != nil {
		t.Fatalf("migrate: %v\n%s", err, errb.String())
	}
	if !strings.Contains(out.String(), "schema version") {
		t.Errorf("migrate said %q", out.String())
	}
	out.Reset()
	// The environment sets the database as well as the flag.
	if err := run(context.Background(), []string{"migrate"}, env(map[string]string{"SIAPEKSPOR_DATA_DIR": dir}), nil, &out, &errb); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(context.Background(), []string{"version"}, env(nil), nil, &out, &errb); err != nil || !strings.HasPrefix(out.String(), "siapekspor ") {
		t.Errorf("version: %q %v", out.String(), err)
	}
}

func waitABit() { time.Sleep(50 * time.Millisecond) }
