package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

var ctx = siapekspor.WithActor(context.Background(), siapekspor.SystemActor)

// validEnterprise is a complete, valid enterprise in Lampung Selatan.
func validEnterprise() *siapekspor.Enterprise {
	lat, lng := -5.72, 105.59
	return &siapekspor.Enterprise{
		Name: "Keripik Pisang Mbak Sri", Kind: siapekspor.KindIKM, LegalForm: siapekspor.LegalUD,
		NIB: "9120001234567", KBLI: []siapekspor.KBLICode{{Version: "2020", Code: "10794"}},
		OwnerName: "Sri Wahyuni", OwnerNIK: "1801045508790001", Phone: "0812-3456-7890", Email: "sri@example.id",
		Address: "Jl. Raya No. 5", RegencyCode: "18.01", DistrictCode: "18.01.04",
		Lat: &lat, Lng: &lng, Sector: "food", FoundedYear: 2015, Workers: 4,
		Capital: 150_000_000, AnnualTurnover: 600_000_000, ExportStatus: siapekspor.ExportNever,
	}
}

func fieldKeys(t *testing.T, err error) map[string]string {
	t.Helper()
	de, ok := siapekspor.AsError(err)
	if !ok {
		t.Fatalf("want a domain error, got %v", err)
	}
	m := map[string]string{}
	for _, f := range de.Fields {
		m[f.Field] = f.Key
	}
	return m
}

func TestMigrateIsIdempotentAndCurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		applied, err := db.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Fatalf("second migrate applied %v", applied)
		}
		st, err := db.Status(ctx)
		if err != nil || !st.Current() {
			t.Fatalf("status %+v, %v", st, err)
		}
		loaded, err := db.LoadReference(ctx)
		if err != nil || loaded {
			t.Fatalf("reference data reloaded: %v %v", loaded, err)
		}
	})
}

func TestReferenceDataInDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var n int
		var bps string
		if err := db.QueryRowForTest(ctx, `SELECT COUNT(*) FROM regions WHERE level = 4`).Scan(&n); err != nil || n != 83762 {
			t.Fatalf("villages %d, %v", n, err)
		}
		if err := db.QueryRowForTest(ctx, `SELECT bps_code FROM regions WHERE code = '18.01'`).Scan(&bps); err != nil || bps != "1803" {
			t.Fatalf("Lampung Selatan BPS code %q, %v", bps, err)
		}
		if err := db.QueryRowForTest(ctx, `SELECT COUNT(*) FROM hs_codes WHERE level = 6`).Scan(&n); err != nil || n != 5613 {
			t.Fatalf("HS subheadings %d, %v", n, err)
		}
	})
}

func TestEnterpriseLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := validEnterprise()
		if err := db.CreateEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
		got, err := db.Enterprise(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Phone != "+6281234567890" || got.ProvinceCode != "18" || got.Names.Regency != "Kabupaten Lampung Selatan" {
			t.Errorf("normalised fields: phone %q province %q regency %q", got.Phone, got.ProvinceCode, got.Names.Regency)
		}
		if got.SizeClass != siapekspor.SizeMicro || got.SizeBasis != "sales" || got.IKMClass != "small" {
			t.Errorf("derived classes %q %q %q", got.SizeClass, got.SizeBasis, got.IKMClass)
		}
		if len(got.KBLI) != 1 || got.KBLI[0].Code != "10794" || got.Version != 1 {
			t.Errorf("kbli %v version %d", got.KBLI, got.Version)
		}
		if got.Lat == nil || *got.Lat != -5.72 {
			t.Errorf("lat %v", got.Lat)
		}

		got.AnnualTurnover = 3_000_000_000
		if err := db.UpdateEnterprise(ctx, got); err != nil {
			t.Fatal(err)
		}
		again, _ := db.Enterprise(ctx, e.ID)
		if again.SizeClass != siapekspor.SizeSmall || again.Version != 2 {
			t.Errorf("after update: %q v%d", again.SizeClass, again.Version)
		}

		// A stale version is refused: someone else saved in between.
		got.Version = 1
		if err := db.UpdateEnterprise(ctx, got); siapekspor.ErrorCodeOf(err) != siapekspor.EConflict {
			t.Errorf("stale update: %v", err)
		}

		if err := db.DeleteEnterprise(ctx, e.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Enterprise(ctx, e.ID); siapekspor.ErrorCodeOf(err) != siapekspor.ENotFound {
			t.Errorf("after delete: %v", err)
		}
		var actions []string
		rows, err := db.QueryForTest(ctx, `SELECT action FROM audit_log WHERE entity = 'enterprise' AND entity_id = $1 ORDER BY id`, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var a string
			rows.Scan(&a)
			actions = append(actions, a)
		}
		rows.Close()
		if fmt.Sprint(actions) != "[create update delete]" {
			t.Errorf("audit actions %v", actions)
		}
	})
}

func TestEnterpriseValidationStoresNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := validEnterprise()
		e.Name = ""
		e.NIB = "12345"
		e.OwnerNIK = "9999990101010001"
		e.Phone = "abc"
		e.Email = "not-an-email"
		e.RegencyCode = "18.99"
		e.Workers = -1
		e.KBLI = []siapekspor.KBLICode{{Version: "2020", Code: "99999"}}
		err := db.CreateEnterprise(ctx, e)
		if siapekspor.ErrorCodeOf(err) != siapekspor.EInvalid {
			t.Fatalf("want invalid, got %v", err)
		}
		keys := fieldKeys(t, err)
		want := map[string]string{"name": "field.required", "nib": "nib.digits", "owner_nik": "nik.region", "phone": "phone.invalid",
			"email": "email.invalid", "regency_code": "region.unknown", "workers": "field.not_negative", "kbli": "kbli.unknown"}
		for f, k := range want {
			if keys[f] != k {
				t.Errorf("field %s: got %q, want %q (all: %v)", f, keys[f], k, keys)
			}
		}
		page, _ := db.ListEnterprises(ctx, siapekspor.EnterpriseFilter{})
		if page.Total != 0 {
			t.Errorf("stored %d enterprises", page.Total)
		}
	})
}

func TestEnterpriseRegionsMustNest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := validEnterprise()
		e.DistrictCode = "18.71.01" // a district of Bandar Lampung, not of Lampung Selatan
		keys := fieldKeys(t, db.CreateEnterprise(ctx, e))
		if keys["district_code"] != "region.not_within" {
			t.Errorf("got %v", keys)
		}
	})
}

func TestDuplicateNIB(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if err := db.CreateEnterprise(ctx, validEnterprise()); err != nil {
			t.Fatal(err)
		}
		err := db.CreateEnterprise(ctx, validEnterprise())
		if siapekspor.ErrorCodeOf(err) != siapekspor.EConflict || fieldKeys(t, err)["nib"] != "nib.taken" {
			t.Errorf("duplicate NIB: %v", err)
		}
	})
}

func TestBulkCreateIsAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var es []*siapekspor.Enterprise
		for i := range 5 {
			e := validEnterprise()
			e.NIB = fmt.Sprintf("91200000000%02d", i)
			es = append(es, e)
		}
		es[3].RegencyCode = "99.99"
		if err := db.CreateEnterprises(ctx, "test", es); siapekspor.ErrorCodeOf(err) != siapekspor.EInvalid {
			t.Fatalf("want invalid, got %v", err)
		}
		page, _ := db.ListEnterprises(ctx, siapekspor.EnterpriseFilter{})
		if page.Total != 0 {
			t.Fatalf("half a batch stored: %d", page.Total)
		}
		es[3].ProvinceCode, es[3].RegencyCode = "", "18.01"
		es[4].NIB = es[0].NIB // a duplicate inside the batch fails the whole batch
		if err := db.CreateEnterprises(ctx, "test", es); err == nil {
			t.Fatal("duplicate NIB in a batch was accepted")
		}
		es[4].NIB = "9120000000099"
		if err := db.CreateEnterprises(ctx, "test", es); err != nil {
			t.Fatal(err)
		}
		// Ids keep coming from the sequence after a bulk insert.
		one := validEnterprise()
		one.NIB = ""
		if err := db.CreateEnterprise(ctx, one); err != nil {
			t.Fatal(err)
		}
		if one.ID <= es[4].ID {
			t.Errorf("id %d after bulk ids up to %d", one.ID, es[4].ID)
		}
	})
}

func TestListFiltersSortAndPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		regencies := []string{"18.01", "18.71", "18.72"}
		for i := range 30 {
			e := validEnterprise()
			e.Name = fmt.Sprintf("Usaha %02d", 29-i)
			e.NIB = ""
			e.OwnerNIK = ""
			e.RegencyCode, e.DistrictCode = regencies[i%3], ""
			e.Workers = i
			if i%2 == 0 {
				e.AnnualTurnover = 5_000_000_000 // small
			}
			if err := db.CreateEnterprise(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		page, err := db.ListEnterprises(ctx, siapekspor.EnterpriseFilter{RegencyCode: "18.71", SizeClass: siapekspor.SizeSmall})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page.Items {
			if e.RegencyCode != "18.71" || e.SizeClass != siapekspor.SizeSmall {
				t.Errorf("filter leaked %s %s", e.RegencyCode, e.SizeClass)
			}
		}
		if page.Total != 5 {
			t.Errorf("regency+size total %d, want 5", page.Total)
		}
		q, _ := db.ListEnterprises(ctx, siapekspor.EnterpriseFilter{Query: "usaha 07"})
		if q.Total != 1 || q.Items[0].Name != "Usaha 07" {
			t.Errorf("query: %+v", q)
		}
		owner, _ := db.ListEnterprises(ctx, siapekspor.EnterpriseFilter{Query: "wahyuni"})
		if owner.Total != 30 {
			t.Errorf("owner query total %d", owner.Total)
		}
		odd, _ := db.ListEnterprises(ctx, siapekspor.EnterpriseFilter{Query: `50%_\ "quote'`})
		if odd.Total != 0 {
			t.Errorf("wildcards in the query matched %d", odd.Total)
		}

		if q, _ := db.ListEnterprises(ctx, siapekspor.EnterpriseFilter{Query: "usaha 07", CheapTotal: true}); q.Total != -1 || len(q.Items) != 1 {
			t.Errorf("a text query counted without being asked: %d", q.Total)
		}
		if q, _ := db.ListEnterprises(ctx, siapekspor.EnterpriseFilter{RegencyCode: "18.71", CheapTotal: true}); q.Total != 10 {
			t.Errorf("a summary count was not made: %d", q.Total)
		}

		// Walk every page by cursor in both orders of every sort: each row
		// once, in order; then back from the last page by the pages' Prev:
		// the same pages in reverse.
		for _, sort := range siapekspor.EnterpriseSorts {
			for _, desc := range []bool{false, true} {
				seen := map[int64]bool{}
				f := siapekspor.EnterpriseFilter{Sort: sort, Desc: desc, Limit: 7}
				var prevWorkers = -1
				var pages []string
				for {
					p, err := db.ListEnterprises(ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					if (p.Prev != "") != (f.After != "") {
						t.Errorf("%s desc=%v: page %d has prev %q", sort, desc, len(pages)+1, p.Prev)
					}
					pages = append(pages, fmt.Sprint(ids(p.Items)))
					for _, e := range p.Items {
						if seen[e.ID] {
							t.Fatalf("%s desc=%v: %d twice", sort, desc, e.ID)
						}
						seen[e.ID] = true
						if sort == siapekspor.SortWorkers && !desc && e.Workers < prevWorkers {
							t.Fatalf("workers out of order")
						}
						prevWorkers = e.Workers
					}
					if p.Next == "" {
						break
					}
					f.After = p.Next
				}
				if len(seen) != 30 {
					t.Errorf("%s desc=%v: walked %d of 30", sort, desc, len(seen))
				}
				back := siapekspor.EnterpriseFilter{Sort: sort, Desc: desc, Limit: 7, Last: true}
				for i := len(pages) - 1; i >= 0; i-- {
					p, err := db.ListEnterprises(ctx, back)
					if err != nil {
						t.Fatal(err)
					}
					if got := fmt.Sprint(ids(p.Items)); got != pages[i] {
						t.Fatalf("%s desc=%v: page %d backwards %s, forwards %s", sort, desc, i+1, got, pages[i])
					}
					if (p.Prev == "") != (i == 0) || (p.Next == "") != (i == len(pages)-1) {
						t.Fatalf("%s desc=%v: page %d backwards: prev %q next %q", sort, desc, i+1, p.Prev, p.Next)
					}
					back = siapekspor.EnterpriseFilter{Sort: sort, Desc: desc, Limit: 7, Before: p.Prev}
				}
			}
		}
		byName, _ := db.ListEnterprises(ctx, siapekspor.EnterpriseFilter{Limit: 3, Offset: 3})
		if byName.Items[0].Name != "Usaha 03" {
			t.Errorf("offset page starts at %q", byName.Items[0].Name)
		}
		if _, err := db.ListEnterprises(ctx, siapekspor.EnterpriseFilter{After: "!!"}); siapekspor.ErrorCodeOf(err) != siapekspor.EInvalid {
			t.Errorf("bad cursor: %v", err)
		}
	})
}

func ids(es []siapekspor.Enterprise) []int64 {
	var out []int64
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func TestOrganisationsAndBinaan(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		office := &siapekspor.Organisation{Name: "Dinas Koperasi dan UKM Kabupaten Lampung Selatan", Kind: siapekspor.OrgRegencyOffice, RegionCode: "18.01"}
		if err := db.CreateOrganisation(ctx, office); err != nil {
			t.Fatal(err)
		}
		buyer := &siapekspor.Organisation{Name: "Importir Contoh", Kind: siapekspor.OrgForeignBuyer}
		if err := db.CreateOrganisation(ctx, buyer); err != nil {
			t.Fatal(err)
		}
		if err := (&siapekspor.Organisation{Kind: siapekspor.OrgRegencyOffice}).Validate(db.Reference()); err == nil {
			t.Error("regency office without name and region accepted")
		}
		e := validEnterprise()
		e.BinaanOrgID = &buyer.ID
		if keys := fieldKeys(t, db.CreateEnterprise(ctx, e)); keys["binaan_org_id"] != "binaan.unknown" {
			t.Errorf("a buyer as binaan office: %v", keys)
		}
		e.BinaanOrgID = &office.ID
		if err := db.CreateEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
		page, _ := db.ListEnterprises(ctx, siapekspor.EnterpriseFilter{BinaanOrgID: office.ID})
		if page.Total != 1 || page.Items[0].Names.Binaan != office.Name {
			t.Errorf("binaan filter: %+v", page)
		}
		offices, _ := db.ListOrganisations(ctx, siapekspor.OrganisationFilter{Kinds: []siapekspor.OrgKind{siapekspor.OrgRegencyOffice}})
		if len(offices) != 1 {
			t.Errorf("offices %v", offices)
		}
	})
}

func TestTimestampsComeFromTheClock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fixed := time.Date(2026, 8, 17, 10, 0, 0, 123, time.UTC)
		db.Now = func() time.Time { return fixed }
		e := validEnterprise()
		if err := db.CreateEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Enterprise(ctx, e.ID)
		if !got.CreatedAt.Equal(fixed.Truncate(time.Second)) {
			t.Errorf("created_at %v", got.CreatedAt)
		}
	})
}

func TestOpenFailsClearly(t *testing.T) {
	_, err := store.Open(ctx, store.Options{URL: "/nonexistent-dir/x/y.db"})
	if err == nil {
		t.Fatal("opened a database in a missing folder")
	}
	_, err = store.Open(ctx, store.Options{URL: "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"})
	if err == nil || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("postgres on a closed port: %v", err)
	}
}

// The list's text filter finds any part of a name or an owner's name
// through each engine's trigram index, and follows every write: a bulk
// insert, a rename and a deletion.
func TestListTextFilterFollowsWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var es []*siapekspor.Enterprise
		for i, n := range []struct{ name, owner string }{
			{"Kopi Robusta Liwa", "Zainal Setiawan"}, {"Keripik Pisang Mbak Sri", "Sri Wahyuni"},
			{"Tapis Lampung Jaya", "Rina Kopiyah"}, {"Bengkel Las Ja", "Ja Ong"},
		} {
			e := validEnterprise()
			e.Name, e.OwnerName, e.NIB, e.OwnerNIK = n.name, n.owner, "", ""
			e.Workers = i
			es = append(es, e)
		}
		if err := db.CreateEnterprises(ctx, "test", es); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(t.Name(), "/postgres") { // what a small import does after it
			if err := db.MergeGinPendingForTest(ctx); err != nil {
				t.Fatal(err)
			}
		}
		names := func(q string) []string {
			t.Helper()
			p, err := db.ListEnterprises(ctx, siapekspor.EnterpriseFilter{Query: q, CheapTotal: true})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, e := range p.Items {
				out = append(out, e.Name)
			}
			sort.Strings(out)
			return out
		}
		for q, want := range map[string][]string{
			"kopi":         {"Kopi Robusta Liwa", "Tapis Lampung Jaya"}, // a name, and inside an owner's name
			"OPI":          {"Kopi Robusta Liwa", "Tapis Lampung Jaya"}, // inside a word, any case
			"zainal":       {"Kopi Robusta Liwa"},
			"ja":           {"Bengkel Las Ja", "Tapis Lampung Jaya"}, // shorter than a trigram
			"kopi liwa":    {"Kopi Robusta Liwa"},                    // every word
			"pisang sri":   {"Keripik Pisang Mbak Sri"},
			"tidak ada":    nil,
			"kopi tapis x": nil,
		} {
			if got := names(q); !slices.Equal(got, want) {
				t.Errorf("%q: %v, want %v", q, got, want)
			}
		}
		e := es[0]
		e.Name = "Lada Hitam Liwa"
		if err := db.UpdateEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
		if got := names("robusta"); got != nil {
			t.Errorf("the old name is still found: %v", got)
		}
		if got := names("lada hitam"); !slices.Equal(got, []string{"Lada Hitam Liwa"}) {
			t.Errorf("the new name: %v", got)
		}
		if err := db.DeleteEnterprise(ctx, es[2].ID); err != nil {
			t.Fatal(err)
		}
		if got := names("kopiyah"); got != nil {
			t.Errorf("a deleted enterprise is found: %v", got)
		}
		one := validEnterprise()
		one.Name, one.NIB, one.OwnerNIK = "Kopi Luwak Way Kanan", "", ""
		if err := db.CreateEnterprise(ctx, one); err != nil {
			t.Fatal(err)
		}
		if got := names("luwak"); !slices.Equal(got, []string{"Kopi Luwak Way Kanan"}) {
			t.Errorf("a new enterprise: %v", got)
		}
	})
}

// A text filter's pages, forwards from each cursor, backwards from each
// and the last page, in every sort and both directions, are the matches in
// the list's order, each once: on PostgreSQL the matches are read apart
// from their order (fencesTextFilter), which must not change what a page
// holds.
func TestListTextFilterPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var es []*siapekspor.Enterprise
		for i := range 23 {
			e := validEnterprise()
			e.Name = fmt.Sprintf("Kopi %c Usaha %02d", 'A'+rune(i%5), i)
			if i%4 == 0 {
				e.Name = fmt.Sprintf("Tapis %02d", i) // not a match
			}
			e.NIB, e.OwnerNIK, e.OwnerName = "", "", "Pemilik"
			e.Workers = (i * 7) % 11 // ties, broken by id
			es = append(es, e)
		}
		if err := db.CreateEnterprises(ctx, "test", es); err != nil {
			t.Fatal(err)
		}
		for _, sortBy := range siapekspor.EnterpriseSorts {
			for _, desc := range []bool{false, true} {
				f := siapekspor.EnterpriseFilter{Query: "kopi usaha", RegencyCode: es[0].RegencyCode, Sort: sortBy, Desc: desc, Limit: 4}
				all := f
				all.Limit = 100
				whole, err := db.ListEnterprises(ctx, all)
				if err != nil {
					t.Fatal(err)
				}
				want := ids(whole.Items)
				if len(want) != 17 || whole.Total != 17 {
					t.Fatalf("%s desc=%v: %d matches (total %d), want 17", sortBy, desc, len(want), whole.Total)
				}
				// Forwards, keeping each page and the cursor of the page before it.
				var got []int64
				var pages [][]int64
				var prevs []string
				for next := ""; ; {
					f.After = next
					p, err := db.ListEnterprises(ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, ids(p.Items)...)
					pages, prevs = append(pages, ids(p.Items)), append(prevs, p.Prev)
					if next = p.Next; next == "" {
						break
					}
				}
				if !slices.Equal(got, want) {
					t.Fatalf("%s desc=%v: forward pages %v, want %v", sortBy, desc, got, want)
				}
				// Backwards: the page before each page is the one walked before it.
				for i := 1; i < len(pages); i++ {
					b := f
					b.After, b.Before = "", prevs[i]
					p, err := db.ListEnterprises(ctx, b)
					if err != nil {
						t.Fatal(err)
					}
					if g := ids(p.Items); !slices.Equal(g, pages[i-1]) {
						t.Errorf("%s desc=%v: the page before page %d: %v, want %v", sortBy, desc, i+1, g, pages[i-1])
					}
				}
				l := f
				l.After, l.Last = "", true
				p, err := db.ListEnterprises(ctx, l)
				if err != nil {
					t.Fatal(err)
				}
				if g := ids(p.Items); !slices.Equal(g, want[16:]) {
					t.Errorf("%s desc=%v: the last page %v, want %v", sortBy, desc, g, want[16:])
				}
			}
		}
	})
}
