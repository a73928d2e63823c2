package store_test

import (
	"slices"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// LoadRegistry copies every enterprise the generator makes, in chunks made
// ahead of their copy, each once with its id, KBLI rows, search document and
// summary figures; SQLite refuses it.
func TestLoadRegistry(t *testing.T) {
	store.SetRegistryChunkForTest(t, 300)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const n = 1000
		var dones []int
		err := demo.National(ctx, db, n, 7, func(done, total int) { dones = append(dones, done) })
		if db.Engine() == "sqlite" {
			if err == nil {
				t.Fatal("SQLite loaded a national registry")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if want := []int{0, 300, 600, 900, 1000}; !slices.Equal(dones, want) {
			t.Errorf("progress %v, want %v", dones, want)
		}
		var count, ids, minID, maxID, provinces, docs, withKBLI int
		if err := db.QueryRowForTest(ctx, `SELECT COUNT(*), COUNT(DISTINCT id), MIN(id), MAX(id), COUNT(DISTINCT province_code) FROM enterprises`).
			Scan(&count, &ids, &minID, &maxID, &provinces); err != nil {
			t.Fatal(err)
		}
		if count != n || ids != n || minID != 1 || maxID != n || provinces != 38 {
			t.Errorf("%d enterprises, %d ids from %d to %d, %d provinces", count, ids, minID, maxID, provinces)
		}
		if err := db.QueryRowForTest(ctx, `SELECT (SELECT COUNT(*) FROM search_docs WHERE id % 2 = 0),
			(SELECT COUNT(DISTINCT enterprise_id) FROM enterprise_kbli)`).Scan(&docs, &withKBLI); err != nil {
			t.Fatal(err)
		}
		if docs != n || withKBLI != n {
			t.Errorf("%d search documents, %d enterprises with KBLI rows, want %d", docs, withKBLI, n)
		}
		national := siapekspor.Actor{UserID: 1, Role: siapekspor.RoleOfficer, Label: "test"}
		if got, err := db.CountEnterprises(siapekspor.WithActor(ctx, national), siapekspor.EnterpriseFilter{}, store.ByTotal); err != nil || got[""] != n {
			t.Errorf("summary count %v, %v; want %d", got, err, n)
		}
	})
}
