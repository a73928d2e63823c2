package store_test

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/exportstats"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestStatFiguresStoredWithTheTable checks on both engines that a stored
// table's figures are those computed from its rows, that tables stored
// before migration 0032 get theirs from the migration, and that figures of
// another version are computed again on the first read and stored.
func TestStatFiguresStoredWithTheTable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
		rep, err := exportstats.ReadFile(ctx, "../demo/data/bps-lampung-2023-2024-sintetis.csv", exportstats.Options{Province: "18"})
		if err != nil || !rep.OK() {
			t.Fatalf("reading the demo table: %v %v", err, rep)
		}
		l, err := db.StoreExportStats(ctx, rep, "sha")
		if err != nil {
			t.Fatal(err)
		}
		check := func(when string) {
			t.Helper()
			load, rows, err := db.StatLoad(ctx, l.ID)
			if err != nil {
				t.Fatal(err)
			}
			want, ok := exportstats.PageFigures(rows, load.HasCommodity, load.HasDestination)
			if !ok {
				t.Fatal("no figures from the rows")
			}
			got, f, err := db.StatFigures(ctx, l.ID)
			if err != nil {
				t.Fatal(err)
			}
			if f == nil || !reflect.DeepEqual(*f, want) {
				t.Fatalf("%s: stored figures differ from the rows'\n got %+v\nwant %+v", when, f, want)
			}
			if !reflect.DeepEqual(got, load) {
				t.Fatalf("%s: load %+v, want %+v", when, got, load)
			}
		}
		check("stored")

		// A table stored before the migration: no figures, until the
		// migration's Go part fills them.
		if err := db.ExecForTest(ctx, `UPDATE export_stat_loads SET figures = ''`); err != nil {
			t.Fatal(err)
		}
		if err := db.FillStatFiguresForTest(ctx); err != nil {
			t.Fatal(err)
		}
		var body string
		if err := db.QueryRowForTest(ctx, `SELECT figures FROM export_stat_loads WHERE id = $1`, l.ID).Scan(&body); err != nil || !strings.HasPrefix(body, "F1:") {
			t.Fatalf("the migration left no figures in the compact form: %.40q %v", body, err)
		}
		check("migrated")

		// Figures of another release's version: computed again and stored.
		if err := db.ExecForTest(ctx, `UPDATE export_stat_loads SET figures = '{"version":0}'`); err != nil {
			t.Fatal(err)
		}
		check("old version")
		if err := db.QueryRowForTest(ctx, `SELECT figures FROM export_stat_loads WHERE id = $1`, l.ID).Scan(&body); err != nil || body == `{"version":0}` {
			t.Fatalf("the figures were not stored again: %q %v", body, err)
		}

		// Figures stored as JSON (before 2026-12-06), of this version: read
		// from the rows once, and stored in the compact form.
		var old []byte
		if load, rows, err := db.StatLoad(ctx, l.ID); err == nil {
			f, _ := exportstats.PageFigures(rows, load.HasCommodity, load.HasDestination)
			old, _ = json.Marshal(f)
		}
		if err := db.ExecForTest(ctx, `UPDATE export_stat_loads SET figures = $1`, string(old)); err != nil {
			t.Fatal(err)
		}
		check("stored as JSON")
		if err := db.QueryRowForTest(ctx, `SELECT figures FROM export_stat_loads WHERE id = $1`, l.ID).Scan(&body); err != nil || !strings.HasPrefix(body, "F1:") {
			t.Fatalf("the figures were not stored in the compact form: %.40q %v", body, err)
		}

		if _, _, err := db.StatFigures(ctx, l.ID+1000); err == nil {
			t.Fatal("a missing table gave no error")
		}
	})
}
