package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// shipment is a valid export record of an enterprise on a day.
func shipment(enterpriseID int64, day time.Time, peb string) *siapekspor.ExportRecord {
	return &siapekspor.ExportRecord{EnterpriseID: enterpriseID, HSCode: "090111", Destination: "JPN", ValueUSDCents: 1_250_000, RateIDR: 15_800,
		ExportDate: day, Quantity: 2000, Unit: "kg", Incoterm: "FOB", PEBNumber: peb, Source: siapekspor.SourceOfficer}
}

func exportStatus(t *testing.T, db *store.DB, id int64) siapekspor.ExportStatus {
	t.Helper()
	e, err := db.Enterprise(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return e.ExportStatus
}

func TestExportRecordsSetTheExportStatus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := validEnterprise()
		e.ExportStatus = siapekspor.ExportReady
		if err := db.CreateEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
		first := shipment(e.ID, time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC), "000123/KPPBC")
		if err := db.CreateExportRecord(ctx, first); err != nil {
			t.Fatal(err)
		}
		if first.ValueIDR != 197_500_000 || first.RateDate == nil {
			t.Errorf("the Rupiah value and the rate's date are computed: %d %v", first.ValueIDR, first.RateDate)
		}
		if s := exportStatus(t, db, e.ID); s != siapekspor.ExportFirst {
			t.Fatalf("after the first record: %s", s)
		}
		same := shipment(e.ID, time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC), "")
		if err := db.CreateExportRecord(ctx, same); err != nil {
			t.Fatal(err)
		}
		if s := exportStatus(t, db, e.ID); s != siapekspor.ExportFirst {
			t.Fatalf("two records in one year: %s", s)
		}
		next := shipment(e.ID, time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC), "000999")
		if err := db.CreateExportRecord(ctx, next); err != nil {
			t.Fatal(err)
		}
		if s := exportStatus(t, db, e.ID); s != siapekspor.ExportRegular {
			t.Fatalf("records in two years: %s", s)
		}
		// Moving the 2026 record into 2025 makes it a first exporter again.
		next.ExportDate = time.Date(2025, 12, 30, 0, 0, 0, 0, time.UTC)
		if err := db.UpdateExportRecord(ctx, next); err != nil {
			t.Fatal(err)
		}
		if s := exportStatus(t, db, e.ID); s != siapekspor.ExportFirst {
			t.Fatalf("after the date moved: %s", s)
		}
		// An officer's edit of the enterprise while records exist: the
		// status shown is kept; one set higher is taken as the base.
		got, _ := db.Enterprise(ctx, e.ID)
		got.Workers = 7
		if err := db.UpdateEnterprise(ctx, got); err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{first.ID, same.ID, next.ID} {
			if _, _, err := db.DeleteExportRecord(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		if s := exportStatus(t, db, e.ID); s != siapekspor.ExportReady {
			t.Fatalf("with no records left the officer's status comes back: %s", s)
		}
		// A status set by hand while records exist is the base they fall back to.
		r := shipment(e.ID, time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC), "")
		if err := db.CreateExportRecord(ctx, r); err != nil {
			t.Fatal(err)
		}
		got, _ = db.Enterprise(ctx, e.ID)
		got.ExportStatus = siapekspor.ExportRegular // known from before the records
		if err := db.UpdateEnterprise(ctx, got); err != nil {
			t.Fatal(err)
		}
		if s := exportStatus(t, db, e.ID); s != siapekspor.ExportRegular {
			t.Fatalf("a regular exporter by hand: %s", s)
		}
		got, _ = db.Enterprise(ctx, e.ID)
		got.ExportStatus = siapekspor.ExportNever // lower than a record allows
		if err := db.UpdateEnterprise(ctx, got); err != nil {
			t.Fatal(err)
		}
		if s := exportStatus(t, db, e.ID); s != siapekspor.ExportFirst {
			t.Fatalf("records raise a status set below them: %s", s)
		}
		if _, _, err := db.DeleteExportRecord(ctx, r.ID); err != nil {
			t.Fatal(err)
		}
		if s := exportStatus(t, db, e.ID); s != siapekspor.ExportNever {
			t.Fatalf("back to the status set by hand: %s", s)
		}
		entries, _, err := db.ListAudit(ctx, store.AuditFilter{Entity: "export_record"})
		if err != nil || len(entries) < 9 {
			t.Errorf("audit entries of export records: %d %v", len(entries), err)
		}
		if diff := summaryDiff(t, db); diff != "" {
			t.Errorf("summary figures:\n%s", diff)
		}
	})
}

func TestExportRecordsRefuseBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := validEnterprise()
		if err := db.CreateEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
		day := time.Now().UTC().AddDate(0, -1, 0)
		if err := db.CreateExportRecord(ctx, shipment(e.ID, day, "PEB-1")); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			name, field, key string
			edit             func(r *siapekspor.ExportRecord)
		}{
			{"no destination", "destination", "field.required", func(r *siapekspor.ExportRecord) { r.Destination = "" }},
			{"a PEB number already recorded", "peb_number", "exportrec.peb_taken", func(r *siapekspor.ExportRecord) { r.PEBNumber = " peb-1" }},
			{"a value without a currency basis", "exchange_rate", "exportrec.basis_required", func(r *siapekspor.ExportRecord) { r.RateIDR = 0 }},
			{"a date in the future", "export_date", "exportrec.date_future", func(r *siapekspor.ExportRecord) { r.ExportDate = time.Now().AddDate(0, 0, 5) }},
			{"an unknown HS code", "hs_code", "hs.not_in_nomenclature", func(r *siapekspor.ExportRecord) { r.HSCode = "999999" }},
			{"an unknown country", "destination", "exportrec.destination_unknown", func(r *siapekspor.ExportRecord) { r.Destination = "ZZZ" }},
			{"another enterprise's product", "product_id", "exportrec.product_not_of_enterprise", func(r *siapekspor.ExportRecord) { id := int64(999999); r.ProductID = &id }},
		} {
			r := shipment(e.ID, day, "PEB-2")
			tt.edit(r)
			err := db.CreateExportRecord(ctx, r)
			if got := fieldKeys(t, err); got[tt.field] != tt.key {
				t.Errorf("%s: %v", tt.name, got)
			}
		}
		// An import is all or nothing: the second of two records with one PEB spoils both.
		batch := []*siapekspor.ExportRecord{shipment(e.ID, day, "PEB-7"), shipment(e.ID, day, "PEB-8"), shipment(e.ID, day, "peb-7")}
		err := db.CreateExportRecords(ctx, batch)
		var rowErr *store.ExportRowError
		if !asRowError(err, &rowErr) || rowErr.Index != 2 || fieldKeys(t, err)["peb_number"] != "exportrec.peb_taken" {
			t.Fatalf("a PEB number twice in one batch: %v", err)
		}
		page, err := db.ListExportRecords(ctx, store.ExportFilter{})
		if err != nil || page.Total != 1 {
			t.Fatalf("half-saved: %d records, %v", page.Total, err)
		}
		if s := exportStatus(t, db, e.ID); s != siapekspor.ExportFirst {
			t.Errorf("status after refusals: %s", s)
		}
	})
}

func asRowError(err error, target **store.ExportRowError) bool {
	re, ok := err.(*store.ExportRowError)
	if ok {
		*target = re
	}
	return ok
}

func TestExportRecordsScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		lamsel := validEnterprise()
		metro := validEnterprise()
		metro.Name, metro.NIB, metro.OwnerNIK, metro.RegencyCode, metro.DistrictCode, metro.Lat, metro.Lng = "Tapis Metro", "", "", "18.72", "", nil, nil
		for _, e := range []*siapekspor.Enterprise{lamsel, metro} {
			if err := db.CreateEnterprise(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		day := time.Date(2025, 5, 5, 0, 0, 0, 0, time.UTC)
		a, b := shipment(lamsel.ID, day, "A-1"), shipment(metro.ID, day, "B-1")
		b.Destination, b.HSCode = "USA", "580500"
		if err := db.CreateExportRecords(ctx, []*siapekspor.ExportRecord{a, b}); err != nil {
			t.Fatal(err)
		}
		count := func(c ctxActor, f store.ExportFilter) int {
			page, err := db.ListExportRecords(siapekspor.WithActor(ctx, c.a), f)
			if err != nil {
				t.Fatal(err)
			}
			return page.Total
		}
		officer := ctxActor{asRole(siapekspor.RoleOfficer, 0, "18.72")}
		owner := ctxActor{asRole(siapekspor.RoleOwner, lamsel.ID, "")}
		for _, tt := range []struct {
			who  string
			c    ctxActor
			f    store.ExportFilter
			want int
		}{
			{"admin", ctxActor{siapekspor.SystemActor}, store.ExportFilter{}, 2},
			{"Metro's officer", officer, store.ExportFilter{}, 1},
			{"the owner", owner, store.ExportFilter{}, 1},
			{"a buyer", ctxActor{asRole(siapekspor.RoleBuyer, 0, "")}, store.ExportFilter{}, 0},
			{"a validator", ctxActor{asRole(siapekspor.RoleValidator, 0, "")}, store.ExportFilter{}, 0},
			{"by destination", ctxActor{siapekspor.SystemActor}, store.ExportFilter{Destination: "USA"}, 1},
			{"by HS", ctxActor{siapekspor.SystemActor}, store.ExportFilter{HS: "09"}, 1},
			{"by year", ctxActor{siapekspor.SystemActor}, store.ExportFilter{Year: 2025}, 2},
			{"another year", ctxActor{siapekspor.SystemActor}, store.ExportFilter{Year: 2024}, 0},
			{"by regency", ctxActor{siapekspor.SystemActor}, store.ExportFilter{RegencyCode: "18.01"}, 1},
		} {
			if got := count(tt.c, tt.f); got != tt.want {
				t.Errorf("%s: %d records, want %d", tt.who, got, tt.want)
			}
		}
		// The years the records span, newest first, in each one's scope.
		older := shipment(lamsel.ID, time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC), "A-2")
		oldest := shipment(metro.ID, time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), "B-2")
		if err := db.CreateExportRecords(ctx, []*siapekspor.ExportRecord{older, oldest}); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			who  string
			c    ctxActor
			want []int
		}{
			{"admin", ctxActor{siapekspor.SystemActor}, []int{2025, 2023, 2021}},
			{"Metro's officer", officer, []int{2025, 2021}},
			{"the owner", owner, []int{2025, 2023}},
			{"a buyer", ctxActor{asRole(siapekspor.RoleBuyer, 0, "")}, nil},
		} {
			if got, err := db.ExportYears(siapekspor.WithActor(ctx, tt.c.a)); err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("%s: years %v %v, want %v", tt.who, got, err, tt.want)
			}
		}
		if _, err := db.ExportRecord(siapekspor.WithActor(ctx, officer.a), a.ID); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Errorf("Metro's officer reads Lampung Selatan's record: %v", err)
		}
		if err := db.CreateExportRecord(siapekspor.WithActor(ctx, officer.a), shipment(lamsel.ID, day, "")); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Errorf("Metro's officer records for Lampung Selatan: %v", err)
		}
		if _, _, err := db.DeleteExportRecord(siapekspor.WithActor(ctx, owner.a), b.ID); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Errorf("the owner deletes another's record: %v", err)
		}
	})
}

type ctxActor struct{ a siapekspor.Actor }
