package store_test

import (
	"context"
	"database/sql"
	"io"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// Migration 0013 gives earlier imports their office and marks the rows they
// made, but not a record that took a deleted row's id afterwards.
func TestMigrationMarksEarlierImports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clock := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return clock }
		org := &siapekspor.Organisation{Name: "Dinas Koperasi Lampung", Kind: siapekspor.OrgProvincialOffice}
		if err := db.CreateOrganisation(ctx, org); err != nil {
			t.Fatal(err)
		}
		u := &siapekspor.User{Email: "impor@example.id", Role: siapekspor.RoleAdmin, OrgID: org.ID}
		if err := db.CreateUser(ctx, u, "x"); err != nil {
			t.Fatal(err)
		}
		rows := []*store.ImportRow{
			{Line: 2, Enterprise: &siapekspor.Enterprise{Name: "Impor Lama Satu", LegalForm: siapekspor.LegalUD, RegencyCode: "18.01"}},
			{Line: 3, Enterprise: &siapekspor.Enterprise{Name: "Impor Lama Dua", LegalForm: siapekspor.LegalUD, RegencyCode: "18.01"}},
		}
		next := func() (*store.ImportRow, error) {
			if len(rows) == 0 {
				return nil, io.EOF
			}
			r := rows[0]
			rows = rows[1:]
			return r, nil
		}
		as := siapekspor.WithActor(context.Background(), u.Actor())
		res, err := db.ImportEnterprises(as, store.ImportOptions{FileName: "lama.csv", FileSHA256: "x", Format: "csv"}, next, nil)
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]int64{}
		for _, name := range []string{"Impor Lama Satu", "Impor Lama Dua"} {
			p, _ := db.ListEnterprises(ctx, siapekspor.EnterpriseFilter{Query: name})
			ids[name] = p.Items[0].ID
		}
		// The newer row is deleted later and its id taken by another record.
		clock = clock.Add(time.Hour)
		if err := db.DeleteEnterprise(ctx, ids["Impor Lama Dua"]); err != nil {
			t.Fatal(err)
		}
		other := &siapekspor.Enterprise{Name: "Usaha Lain", LegalForm: siapekspor.LegalUD, RegencyCode: "18.01"}
		if err := db.CreateEnterprises(ctx, "uji", []*siapekspor.Enterprise{other}); err != nil || other.ID != ids["Impor Lama Dua"] {
			t.Fatalf("reusing the id: %v (%d, want %d)", err, other.ID, ids["Impor Lama Dua"])
		}
		// The database as it was before 0013, then 0013 again.
		for _, q := range []string{`ALTER TABLE enterprises DROP COLUMN import_id`, `ALTER TABLE imports DROP COLUMN org_id`} {
			if err := db.ExecForTest(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.RerunMigrationForTest(ctx, 13); err != nil {
			t.Fatal(err)
		}
		var orgID int64
		if err := db.QueryRowForTest(ctx, `SELECT org_id FROM imports WHERE id = $1`, res.ID).Scan(&orgID); err != nil || orgID != org.ID {
			t.Errorf("the import's office: %d %v, want %d", orgID, err, org.ID)
		}
		for id, want := range map[int64]int64{ids["Impor Lama Satu"]: res.ID, other.ID: 0} {
			var got sql.NullInt64
			if err := db.QueryRowForTest(ctx, `SELECT import_id FROM enterprises WHERE id = $1`, id).Scan(&got); err != nil || got.Int64 != want {
				t.Errorf("enterprise %d: import_id %v %v, want %d", id, got, err, want)
			}
		}
	})
}
