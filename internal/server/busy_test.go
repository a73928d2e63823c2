package server_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// While another process holds SQLite's write lock past the server's wait (a
// command-line import's write phase on a slow machine), a write is answered
// 503 with Retry-After and a message in the reader's language — never 500 —
// the enterprise form stays filled in, and reading goes on, even for a
// session whose last-seen time is due to be refreshed.
func TestBusyDatabaseAnswers503(t *testing.T) {
	path := storetest.URL(t, "sqlite")
	db, err := store.Open(context.Background(), store.Options{URL: path, BusyTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, ts := newServer(t, db)
	jsonHdr := map[string]string{"Content-Type": "application/json"}
	res := scenario{"create", "POST", "/api/v1/enterprises", validJSON, jsonHdr, 201, nil, nil}.run(t, ts.URL)
	loc := res.Header.Get("Location")

	other, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// The admin's session was last seen two minutes ago: due for a refresh.
	if _, err := conn.ExecContext(context.Background(), `UPDATE sessions SET last_seen_at = $1`, time.Now().UTC().Add(-2*time.Minute).Truncate(time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK")

	scenario{"read beside the writer", "GET", loc, "", nil, 200, []string{`"name":"Kopi Robusta Liwa"`}, nil}.run(t, ts.URL)
	for _, lang := range []struct{ header, message string }{
		{"id", "Basis data sedang sibuk"},
		{"en", "The database is busy"},
	} {
		res := scenario{"patch, " + lang.header, "PATCH", loc, `{"workers":7,"version":1}`,
			map[string]string{"Content-Type": "application/json", "Accept-Language": lang.header}, 503,
			[]string{`"code":"unavailable"`, lang.message}, nil}.run(t, ts.URL)
		if res.Header.Get("Retry-After") == "" {
			t.Errorf("a 503 without Retry-After")
		}
	}
	form := url.Values{"name": {"Kopi Robusta Liwa Baru"}, "kind": {"ikm"}, "legal_form": {"ud"}, "owner_name": {"Budi Santoso"},
		"province_code": {"18"}, "regency_code": {"18.04"}, "district_code": {"18.04.04"}, "sector": {"coffee"}, "workers": {"6"},
		"export_status": {"ready"}, "version": {"1"}}
	page := strings.TrimPrefix(loc, "/api/v1")
	res = scenario{"form", "POST", page, form.Encode(), map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 503,
		[]string{"Basis data sedang sibuk", `value="Kopi Robusta Liwa Baru"`}, nil}.run(t, ts.URL)
	if res.Header.Get("Retry-After") == "" {
		t.Errorf("a page's 503 without Retry-After")
	}

	// Once the other writer is done, the same request goes through.
	conn.ExecContext(context.Background(), "ROLLBACK")
	req, _ := http.NewRequest("PATCH", ts.URL+loc, strings.NewReader(`{"workers":7,"version":1}`))
	req.Header.Set("Content-Type", "application/json")
	defaultMu.Lock()
	req.Header.Set("Cookie", defaultCookie[ts.URL])
	defaultMu.Unlock()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	b, _ := io.ReadAll(resp.Body)
	json.Unmarshal(b, &body)
	if resp.StatusCode != 200 || body["workers"] != float64(7) {
		t.Errorf("the same PATCH afterwards: %d %s", resp.StatusCode, b)
	}
}
