package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// newRegionAlias stores a fresh alias of Lampung Selatan.
func (w *world) newRegionAlias(t testing.TB) int64 {
	t.Helper()
	admin := siapekspor.WithActor(context.Background(), w.users["admin"].Actor())
	w.made++
	a, err := w.db.AddRegionAlias(admin, "18.01", fmt.Sprintf("Selatan Uji %d", w.made))
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// An alias an admin adds is read by the next import; one removed is not,
// and a shipped one removed stays removed.
func TestRegionAliasesReachTheImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		{
			w := newWorld(t, db)
			csv := "Nama Usaha,Kabupaten\nKopi Uji,Lamsel Raya\nKopi Dua,Lamsel\n"
			dry := func() string {
				return w.must(t, "admin", "POST", "/api/v1/imports?dry_run=1&name=uji.csv", csv, "text/csv", 200).Body.String()
			}
			if body := dry(); !strings.Contains(body, `"rejected":1`) {
				t.Fatalf("before: %s", body)
			}
			res := w.must(t, "admin", "POST", "/api/v1/region-aliases", `{"code":"18.01","alias":"Lamsel Raya"}`, "application/json", 201)
			var id int64
			fmt.Sscanf(res.Body.String()[strings.Index(res.Body.String(), `"id":`)+5:], "%d", &id)
			if body := dry(); !strings.Contains(body, `"rejected":0`) {
				t.Errorf("with the alias: %s", body)
			}
			w.must(t, "admin", "POST", "/api/v1/region-aliases", `{"code":"18.01","alias":"lamsel  raya"}`, "application/json", 409)
			w.must(t, "admin", "POST", "/api/v1/region-aliases", `{"code":"18.01","alias":"Lampung Selatan"}`, "application/json", 422)
			w.must(t, "admin", "POST", "/api/v1/region-aliases", `{"code":"18.99","alias":"Entah"}`, "application/json", 422)
			w.must(t, "admin", "DELETE", fmt.Sprintf("/api/v1/region-aliases/%d", id), "", "", 204)
			if body := dry(); !strings.Contains(body, `"rejected":1`) {
				t.Errorf("after removing it: %s", body)
			}
			// The shipped "Lamsel", removed, is no longer read, and seeding again keeps it removed.
			list := w.must(t, "anon", "GET", "/api/v1/region-aliases?within=18.01", "", "", 200).Body.String()
			i := strings.Index(list, `"alias":"Lamsel"`)
			if i < 0 {
				t.Fatalf("shipped alias not listed: %s", list)
			}
			j := strings.LastIndex(list[:i], `"id":`)
			fmt.Sscanf(list[j+5:], "%d", &id)
			w.must(t, "admin", "DELETE", fmt.Sprintf("/api/v1/region-aliases/%d", id), "", "", 204)
			if err := w.db.SetSetting(context.Background(), "region_aliases_version", ""); err != nil {
				t.Fatal(err)
			}
			if _, err := w.db.LoadReference(context.Background()); err != nil {
				t.Fatal(err)
			}
			if body := dry(); !strings.Contains(body, `"rejected":2`) {
				t.Errorf("after removing the shipped alias: %s", body)
			}
			// The page lists them and adds one.
			page := w.must(t, "admin", "GET", "/regions/aliases", "", "", 200).Body.String()
			if !strings.Contains(page, "Tubaba") || strings.Contains(page, ">Lamsel<") {
				t.Errorf("page: %s", page)
			}
		}
	})
}
