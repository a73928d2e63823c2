package store_test

import (
	"context"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// Draft products are made in the import's own transaction: a draft the
// store refuses leaves neither the enterprises nor any draft behind, and
// undoing the import takes the drafts away with their enterprises.
func TestImportDraftsAreAtomicAndUndone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
		g, err := demo.New("18", 11)
		if err != nil {
			t.Fatal(err)
		}
		var rows []*store.ImportRow
		for i := range 3 {
			e := g.Next()
			e.MainProducts = "Sambal andaliman"
			rows = append(rows, &store.ImportRow{Line: i + 2, Enterprise: e})
		}
		count := func(table string) int {
			var n int
			if err := db.QueryRowForTest(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		enterprises, products := count("enterprises"), count("products")
		run := func(name string) (*store.ImportResult, error) {
			ids := map[int]int64{}
			return db.ImportEnterprises(ctx, store.ImportOptions{FileName: "produk.csv", Duplicates: store.DupSkip,
				Inserted: func(line int, id int64) { ids[line] = id },
				Drafts: func() []*siapekspor.Product {
					var ps []*siapekspor.Product
					for _, r := range rows {
						ps = append(ps, &siapekspor.Product{EnterpriseID: ids[r.Line], NameID: name, Validation: siapekspor.ValidationDraft})
					}
					return ps
				}}, rowsOf(rows), nil)
		}
		// A name the product rules refuse (empty): nothing stays.
		if _, err := run(""); err == nil {
			t.Fatal("a refused draft product did not fail the import")
		}
		if count("enterprises") != enterprises || count("products") != products {
			t.Fatalf("after a failed import: %d enterprises (had %d), %d products (had %d)", count("enterprises"), enterprises, count("products"), products)
		}
		res, err := run("Keripik pisang")
		if err != nil {
			t.Fatal(err)
		}
		if res.Inserted != 3 || count("products") != products+3 {
			t.Fatalf("inserted %d, %d products (had %d)", res.Inserted, count("products"), products)
		}
		hits, err := db.Search(ctx, store.SearchRequest{Query: "andaliman", Kind: "enterprise"})
		if err != nil || len(hits.Hits) == 0 {
			t.Errorf("main products not searchable: %v %+v", err, hits)
		}
		if _, err := db.UndoImport(ctx, res.ID); err != nil {
			t.Fatal(err)
		}
		if count("enterprises") != enterprises || count("products") != products {
			t.Errorf("after the undo: %d enterprises (had %d), %d products (had %d)", count("enterprises"), enterprises, count("products"), products)
		}
	})
}
