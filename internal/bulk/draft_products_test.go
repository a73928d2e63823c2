package bulk_test

import (
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// The product column becomes draft products of the rows inserted when
// asked: counted in a dry run, made in the real one, not made again for a
// duplicate row, and not made at all when not asked.
func TestImportDraftProducts(t *testing.T) {
	csv := "Nama Usaha,NIB,Kabupaten,Kecamatan,Produk Utama\nKeripik Maju,9120000000201,Lamsel,Natar,\"Keripik pisang, keripik singkong dan kopi bubuk\"\nKopi Jaya,9120000000202,Lamsel,Natar,-\nTapis Indah,9120000000203,Kota Metro,Metro Pusat,Kain tapis\n"
	run := func(t *testing.T, db *store.DB, dry, drafts bool, csv string) *bulk.Report {
		rep, err := bulk.Import(sysCtx, db, bulk.ImportRequest{File: strings.NewReader(csv), Size: int64(len(csv)), FileName: "produk.csv",
			DryRun: dry, Province: "18", DraftProducts: drafts, Force: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	products := func(t *testing.T, db *store.DB) []siapekspor.Product {
		p, err := db.ListProducts(sysCtx, store.ProductFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		return p.Items
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if rep := run(t, db, true, true, csv); rep.DraftProducts != 4 || len(products(t, db)) != 0 {
			t.Fatalf("dry run: %d drafts, %d stored", rep.DraftProducts, len(products(t, db)))
		}
		rep := run(t, db, false, true, csv)
		if rep.Result.Inserted != 3 || rep.DraftProducts != 4 {
			t.Fatalf("import: %+v, %d drafts", rep.Result, rep.DraftProducts)
		}
		// The product column is the enterprise's main products ("-" is none).
		page, err := db.ListEnterprises(sysCtx, siapekspor.EnterpriseFilter{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"Keripik Maju": "Keripik pisang, keripik singkong dan kopi bubuk", "Kopi Jaya": "", "Tapis Indah": "Kain tapis"}
		for _, e := range page.Items {
			if e.MainProducts != want[e.Name] || strings.Contains(e.Notes, "Produk") {
				t.Errorf("%s: main products %q, notes %q", e.Name, e.MainProducts, e.Notes)
			}
		}
		names := map[string]bool{}
		for _, p := range products(t, db) {
			names[p.NameID] = p.Validation == siapekspor.ValidationDraft
		}
		for _, want := range []string{"Keripik pisang", "keripik singkong", "kopi bubuk", "Kain tapis"} {
			if !names[want] {
				t.Errorf("no draft %q in %v", want, names)
			}
		}
		// Again: every row is a duplicate by its NIB, skipped, and makes no product.
		if rep := run(t, db, false, true, csv); rep.Result.Skipped != 3 || rep.DraftProducts != 0 || len(products(t, db)) != 4 {
			t.Errorf("again: %+v, %d drafts, %d stored", rep.Result, rep.DraftProducts, len(products(t, db)))
		}
		// Not asked: none made (other rows, so they are not duplicates).
		other := strings.ReplaceAll(strings.ReplaceAll(csv, "Maju", "Baru"), "91200000002", "91200000003")
		other = strings.ReplaceAll(strings.ReplaceAll(other, "Kopi Jaya", "Kopi Lain"), "Tapis Indah", "Tapis Lain")
		if rep := run(t, db, false, false, other); rep.Result.Inserted != 3 || rep.DraftProducts != 0 || len(products(t, db)) != 4 {
			t.Errorf("not asked: %+v, %d drafts, %d stored", rep.Result, rep.DraftProducts, len(products(t, db)))
		}
	})
}
