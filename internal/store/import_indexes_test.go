package store_test

import (
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// A large import into a small registry drops the tables' indexes and the
// trigram index's insert trigger on SQLite and makes them again before it
// commits: afterwards every index and trigger is there with its
// definition, the unique NIB index still refuses a taken NIB, the list's
// text filter finds the imported rows and a row created after them, and
// the summary figures, gathered over the import's batches and written
// once, agree with the rows.
func TestLargeImportKeepsIndexes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		indexes := func() map[string]string {
			q := `SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN ('enterprises', 'search_docs', 'enterprise_kbli')`
			if db.Engine() == "postgres" {
				q = `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('enterprises', 'search_docs', 'enterprise_kbli')`
			}
			rows, err := db.QueryForTest(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			m := map[string]string{}
			for rows.Next() {
				var n, d string
				rows.Scan(&n, &d)
				m[n] = d
			}
			return m
		}
		before := indexes()
		g, err := demo.New("18", 7)
		if err != nil {
			t.Fatal(err)
		}
		var rows []*store.ImportRow
		for i := 0; i < 6000; i++ {
			rows = append(rows, &store.ImportRow{Line: i + 2, Enterprise: g.Next()})
		}
		rows[4321].Enterprise.Name = "Usaha Zyxwuv Besar"
		res, err := db.ImportEnterprises(ctx, store.ImportOptions{FileName: "besar.csv", Duplicates: store.DupKeep}, rowsOf(rows), nil)
		if err != nil {
			t.Fatal(err)
		}
		after := indexes()
		if len(before) < 5 || len(after) != len(before) {
			t.Fatalf("indexes before %d, after %d", len(before), len(after))
		}
		for n, d := range before {
			if after[n] != d {
				t.Errorf("index %s: %q after the import, %q before", n, after[n], d)
			}
		}
		var nib string
		if err := db.QueryRowForTest(ctx, `SELECT nib FROM enterprises WHERE nib <> '' LIMIT 1`).Scan(&nib); err != nil {
			t.Fatal(err)
		}
		e := g.Next()
		e.NIB = nib
		if err := db.CreateEnterprise(ctx, e); siapekspor.ErrorCodeOf(err) != siapekspor.EConflict {
			t.Errorf("a taken NIB after the import: %v, want a conflict", err)
		}
		if res.Inserted == 0 {
			t.Fatal("nothing inserted")
		}
		if diff := summaryDiff(t, db); diff != "" {
			t.Errorf("summary figures after the import:\n%s", diff)
		}
		later := g.Next()
		later.Name = "Toko Qwerty Kecil"
		if err := db.CreateEnterprise(ctx, later); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]string{"zyxwuv": "Usaha Zyxwuv Besar", "qwerty": "Toko Qwerty Kecil"} {
			p, err := db.ListEnterprises(ctx, siapekspor.EnterpriseFilter{Query: q, CheapTotal: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Items) != 1 || p.Items[0].Name != want {
				t.Errorf("the list's text filter %q: %d rows, want %q", q, len(p.Items), want)
			}
		}
	})
}
