package server_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/server"
	"github.com/siapekspor/siapekspor/internal/store"
)

// TestDumpMarketRankings writes, for a copy of a database holding trade
// data, every ranking (each heading and subheading with data) as JSON and
// the ranking pages of a few codes (admin and officer, Indonesian and
// English) into a folder, so that a change to the ranking or its page can
// be checked byte for byte against the code before it (cmp -r of two
// dumps). It runs only when told where:
//
//	cp /path/siapekspor.db /tmp/copy.db
//	SIAPEKSPOR_MARKET_DUMP_DB=/tmp/copy.db SIAPEKSPOR_MARKET_DUMP=/tmp/dump-after \
//	  go test -run TestDumpMarketRankings -timeout 30m ./internal/server/
//
// The copy gets two users; use a fresh copy for each dump.
func TestDumpMarketRankings(t *testing.T) {
	out, path := os.Getenv("SIAPEKSPOR_MARKET_DUMP"), os.Getenv("SIAPEKSPOR_MARKET_DUMP_DB")
	if out == "" || path == "" {
		t.Skip("SIAPEKSPOR_MARKET_DUMP and SIAPEKSPOR_MARKET_DUMP_DB not set")
	}
	ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
	db, err := store.Open(ctx, store.Options{URL: path})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := os.MkdirAll(filepath.Join(out, "pages"), 0o755); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	// Every code with data: the packed rows' subheadings and their headings.
	rows, err := raw.QueryContext(ctx, `SELECT DISTINCT hs FROM trade_packed`)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for rows.Next() {
		var hs string
		if err := rows.Scan(&hs); err != nil {
			t.Fatal(err)
		}
		seen[hs] = true
		if len(hs) >= 4 {
			seen[hs[:4]] = true
		}
	}
	rows.Close()
	codes := slices.Sorted(func(yield func(string) bool) {
		for c := range seen {
			if !yield(c) {
				return
			}
		}
	})
	f, err := os.Create(filepath.Join(out, "rankings.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range codes {
		r, err := db.Ranking(ctx, store.RankRequest{HS: c})
		var line []byte
		if err != nil {
			line = []byte("error: " + err.Error())
		} else if line, err = json.Marshal(r); err != nil {
			t.Fatal(err)
		} else {
			n++
		}
		fmt.Fprintf(f, "%s\t%s\n", c, line)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d codes, %d ranked", len(codes), n)

	s, err := server.New(db, server.Config{Province: "18", Log: discardLogger})
	if err != nil {
		t.Fatal(err)
	}
	makeUser(t, db, "dump-admin@example.id", siapekspor.RoleAdmin, "", 0)
	makeUser(t, db, "dump-officer@example.id", siapekspor.RoleOfficer, "18", 0)
	var product int64
	if err := raw.QueryRowContext(ctx, `SELECT MIN(id) FROM products WHERE hs_code LIKE '0901%'`).Scan(&product); err != nil {
		t.Logf("no coffee product: %v", err)
	}
	urls := []string{"/markets/products/0901", "/markets/products/0901?all=1", "/markets/products/090111", "/markets/products/0906",
		"/markets/products/121221", "/markets/products/530500", "/markets/products/140490", "/markets/products/3915", "/markets/products/200899",
		"/markets/products/0801", "/markets/products/1905", "/markets/products/030617", "/markets/products/9999"}
	if product != 0 {
		urls = append(urls, fmt.Sprintf("/markets/products/0901?product=%d", product))
	}
	for _, who := range []string{"admin", "officer"} {
		cookie := signIn(t, s, "dump-"+who+"@example.id")
		for _, lang := range []string{"id", "en"} {
			for _, u := range urls {
				req := httptest.NewRequest(http.MethodGet, u, nil)
				req.Header.Set("Cookie", cookie+"; lang="+lang)
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, req)
				name := strings.NewReplacer("/", "_", "?", "_", "=", "_", "&", "_").Replace(u)
				body := fmt.Sprintf("%d\n%s", rec.Code, rec.Body.String())
				if err := os.WriteFile(filepath.Join(out, "pages", who+"-"+lang+name+".html"), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
