package store_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/match"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

func day(t time.Time) *time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return &d
}

// coffeeRequest is a buying request for the coffee() product, to the USA
// (whose catalogue asks coffee for an FDA registration).
func coffeeRequest(orgID int64, now time.Time) *siapekspor.BuyingRequest {
	return &siapekspor.BuyingRequest{Kind: siapekspor.RequestBuying, OrgID: orgID, Title: "Robusta for Seattle roasters",
		HSCode: "0901", Words: "kopi robusta", Quantity: 1, Unit: "ton", Frequency: "monthly", Destination: "USA",
		Incoterm: "FOB", TargetPrice: 4.1, Currency: "USD", Deadline: day(now.AddDate(0, 0, 20)), DeliveryDate: day(now.AddDate(0, 2, 0)),
		Status: siapekspor.RequestOpen, Visibility: siapekspor.VisibilityShared}
}

func TestBuyingRequestsStoreScopesAndMatches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importer := &siapekspor.Organisation{Name: "Seattle Coffee Importers (sintetis)", Kind: siapekspor.OrgForeignBuyer}
		other := &siapekspor.Organisation{Name: "Rotterdam Spices (sintetis)", Kind: siapekspor.OrgForeignBuyer}
		office := &siapekspor.Organisation{Name: "Disperindag", Kind: siapekspor.OrgProvincialOffice}
		for _, o := range []*siapekspor.Organisation{importer, other, office} {
			if err := db.CreateOrganisation(ctx, o); err != nil {
				t.Fatal(err)
			}
		}
		e := validEnterprise()
		if err := db.CreateEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
		p := coffee(e.ID)
		if err := db.CreateProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
		buyer := siapekspor.WithActor(ctx, siapekspor.Actor{UserID: 5, Role: siapekspor.RoleBuyer, OrgID: importer.ID, Label: "buyer@example.com"})
		stranger := siapekspor.WithActor(ctx, siapekspor.Actor{UserID: 6, Role: siapekspor.RoleBuyer, OrgID: other.ID, Label: "other@example.com"})
		owner := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOwner, e.ID, ""))
		now := db.Now()

		// Bad input is refused naming the field, and nothing is stored.
		for field, change := range map[string]func(r *siapekspor.BuyingRequest){
			"quantity":    func(r *siapekspor.BuyingRequest) { r.Quantity = 0 },
			"deadline":    func(r *siapekspor.BuyingRequest) { r.Deadline = day(now.AddDate(0, 0, -1)) },
			"hs_code":     func(r *siapekspor.BuyingRequest) { r.HSCode = "999999" },
			"destination": func(r *siapekspor.BuyingRequest) { r.Destination = "ZZZ" },
			"org_id":      func(r *siapekspor.BuyingRequest) { r.OrgID = office.ID },
		} {
			r := coffeeRequest(importer.ID, now)
			change(r)
			if keys := fieldKeys(t, db.CreateRequest(ctx, r)); keys[field] == "" {
				t.Errorf("%s: %v", field, keys)
			}
		}
		if page, err := db.ListRequests(ctx, store.RequestFilter{}); err != nil || page.Total != 0 {
			t.Fatalf("after refused creates: %v %v", page, err)
		}
		// A buyer cannot post for another organisation.
		if err := db.CreateRequest(stranger, coffeeRequest(importer.ID, now)); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Fatalf("posted for another organisation: %v", err)
		}

		r := coffeeRequest(0, now) // the buyer's own organisation
		if err := db.CreateRequest(buyer, r); err != nil {
			t.Fatal(err)
		}
		if r.OrgID != importer.ID || !slices.Equal(r.Certificates, []siapekspor.CertificateType{siapekspor.CertFDA}) {
			t.Fatalf("organisation %d, certificates pre-filled %v", r.OrgID, r.Certificates)
		}
		// Scopes: the buyer's own; not another buyer's; owners see open shared ones.
		if _, err := db.BuyingRequest(stranger, r.ID); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Errorf("another buyer read it: %v", err)
		}
		if page, _ := db.ListRequests(stranger, store.RequestFilter{}); page.Total != 0 {
			t.Errorf("another buyer lists %d", page.Total)
		}
		if _, err := db.BuyingRequest(owner, r.ID); err != nil {
			t.Errorf("owner of a shared open request: %v", err)
		}
		// Edited: certificates emptied on purpose stay empty; private hides it from owners.
		r.Certificates, r.Visibility = []siapekspor.CertificateType{}, siapekspor.VisibilityPrivate
		if err := db.UpdateRequest(buyer, r); err != nil {
			t.Fatal(err)
		}
		if _, err := db.BuyingRequest(owner, r.ID); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Errorf("owner reads a private request: %v", err)
		}
		got, _ := db.BuyingRequest(buyer, r.ID)
		if len(got.Certificates) != 0 || got.Version != 2 {
			t.Errorf("after update: %+v", got)
		}
		// Stale version, bad move.
		stale := *got
		stale.Version = 1
		if err := db.UpdateRequest(buyer, &stale); siapekspor.ErrorCodeOf(err) != siapekspor.EConflict {
			t.Errorf("stale: %v", err)
		}
		award := *got
		award.Status = siapekspor.RequestAwarded
		if err := db.UpdateRequest(buyer, &award); err != nil {
			t.Fatal(err)
		}
		back := award
		back.Status = siapekspor.RequestDraft
		if keys := fieldKeys(t, db.UpdateRequest(buyer, &back)); keys["status"] != "request.status_move" {
			t.Errorf("awarded → draft: %v", keys)
		}
		if err := db.DeleteRequest(buyer, r.ID); siapekspor.ErrorCodeOf(err) != siapekspor.EConflict {
			t.Errorf("deleted an awarded request: %v", err)
		}
		entries, _, err := db.ListAudit(ctx, store.AuditFilter{Entity: "request"})
		if err != nil || len(entries) != 3 {
			t.Errorf("audit: %d %v", len(entries), err)
		}

		// The matcher: the coffee ranks; an FDA requirement makes it a near miss.
		r2 := coffeeRequest(importer.ID, now)
		if err := db.CreateRequest(ctx, r2); err != nil {
			t.Fatal(err)
		}
		m, err := db.MatchRequest(buyer, r2.ID, store.MatchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Ranking.Entries) != 0 || len(m.Ranking.NearMisses) != 1 || m.Ranking.NearMisses[0].ProductID != p.ID {
			t.Fatalf("ranking: %+v", m.Ranking)
		}
		g := m.Ranking.NearMisses[0].Gaps
		if len(g) != 1 || g[0].Rule != match.RuleCertificateMissing || g[0].Action.Kind != match.ActionOpenCase {
			t.Errorf("gaps: %+v", g)
		}
		info := m.Products[p.ID]
		if info.EnterpriseName != e.Name || info.NameID != p.NameID {
			t.Errorf("profile: %+v", info)
		}
		// The certificate arrives: the snapshot is rebuilt after the write.
		exp := now.AddDate(2, 0, 0)
		if err := db.CreateCertificate(ctx, &siapekspor.Certificate{EnterpriseID: e.ID, Type: siapekspor.CertFDA, Number: "FDA-1", ExpiresOn: &exp}); err != nil {
			t.Fatal(err)
		}
		m, err = db.MatchRequest(buyer, r2.ID, store.MatchOptions{Spread: true})
		if err != nil || len(m.Ranking.Entries) != 1 || m.Ranking.Entries[0].ProductID != p.ID {
			t.Fatalf("after the certificate: %+v %v", m, err)
		}
		// A write that changes no candidate (another request) keeps the
		// snapshot; an edit of an enterprise makes a new one.
		made := m.Snapshot
		if err := db.CreateRequest(ctx, coffeeRequest(importer.ID, now)); err != nil {
			t.Fatal(err)
		}
		if m, err := db.MatchRequest(buyer, r2.ID, store.MatchOptions{}); err != nil || !m.Snapshot.Equal(made) {
			t.Errorf("a new request rebuilt the snapshot: %v → %v, %v", made, m.Snapshot, err)
		}
		cur, err := db.Enterprise(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		cur.Notes = "edited"
		if err := db.UpdateEnterprise(ctx, cur); err != nil {
			t.Fatal(err)
		}
		if m, err := db.MatchRequest(buyer, r2.ID, store.MatchOptions{}); err != nil || m.Snapshot.Equal(made) {
			t.Errorf("an enterprise edit kept the snapshot of %v: %v", made, err)
		}
		// A regency officer sees only its region's candidates.
		officer := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOfficer, 0, "18.72"))
		if m, err := db.MatchRequest(officer, r2.ID, store.MatchOptions{}); err != nil || len(m.Ranking.Entries)+len(m.Ranking.NearMisses) != 0 {
			t.Errorf("officer of another regency: %+v %v", m, err)
		}
		// An officer of its regency or district does, and so does the office
		// it is binaan of, from another regency.
		cur, err = db.Enterprise(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		cur.BinaanOrgID = &office.ID
		if err := db.UpdateEnterprise(ctx, cur); err != nil {
			t.Fatal(err)
		}
		binaanOffice := asRole(siapekspor.RoleOfficer, 0, "18.72")
		binaanOffice.OrgID = office.ID
		for name, a := range map[string]siapekspor.Actor{"regency": asRole(siapekspor.RoleOfficer, 0, e.RegencyCode),
			"district": asRole(siapekspor.RoleOfficer, 0, e.DistrictCode), "binaan office": binaanOffice} {
			if m, err := db.MatchRequest(siapekspor.WithActor(ctx, a), r2.ID, store.MatchOptions{}); err != nil || len(m.Ranking.Entries)+len(m.Ranking.NearMisses) == 0 {
				t.Errorf("officer of the enterprise's %s: %+v %v", name, m, err)
			}
		}
		// A snapshot no ranking reads is let go, and the next ranking makes
		// it again, with the same candidates; the server hears its size
		// (for its memory limit), then 0.
		var heldMu sync.Mutex
		var held []int64
		db.OnCandidateSnapshot(func(n int64) { heldMu.Lock(); held = append(held, n); heldMu.Unlock() })
		if _, err := db.SnapshotBuildForTest(ctx); err != nil {
			t.Fatal(err)
		}
		before, err := db.MatchRequest(buyer, r2.ID, store.MatchOptions{})
		if err != nil || !db.SnapshotIdleForTest(0) {
			t.Fatalf("no snapshot after a ranking: %v", err)
		}
		// Idle from here: set before the build, a loaded machine (CI's
		// packages in parallel) let the build's own snapshot go before the
		// ranking read it, and the server rightly heard a second build.
		db.SnapshotIdleForTest(30 * time.Millisecond)
		deadline := time.Now().Add(5 * time.Second)
		for db.SnapshotIdleForTest(0) && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if db.SnapshotIdleForTest(0) {
			t.Error("an idle snapshot was kept")
		}
		heard := func() int { heldMu.Lock(); defer heldMu.Unlock(); return len(held) }
		for heard() < 2 && time.Now().Before(deadline) { // 0 is said after the memory is handed back
			time.Sleep(10 * time.Millisecond)
		}
		heldMu.Lock()
		if len(held) != 2 || held[0] < 100 || held[1] != 0 {
			t.Errorf("the server heard %v, want a snapshot's size and then 0", held)
		}
		heldMu.Unlock()
		db.OnCandidateSnapshot(nil)
		after, err := db.MatchRequest(buyer, r2.ID, store.MatchOptions{})
		if err != nil || !after.Snapshot.After(before.Snapshot) || len(after.Ranking.Entries) != len(before.Ranking.Entries) {
			t.Errorf("ranking after the snapshot was let go: %v, %d entries against %d", err, len(after.Ranking.Entries), len(before.Ranking.Entries))
		}
		// Owners read shared requests but not their matches.
		if _, err := db.MatchRequest(owner, r2.ID, store.MatchOptions{}); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Errorf("owner ranked: %v", err)
		}
		// Weights are data admins set.
		w := match.DefaultWeights(match.KindBuying)
		w.Performance = 0
		if err := db.SetMatchWeights(buyer, siapekspor.RequestBuying, w); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Errorf("a buyer set weights: %v", err)
		}
		if err := db.SetMatchWeights(ctx, siapekspor.RequestBuying, w); err != nil {
			t.Fatal(err)
		}
		m, _ = db.MatchRequest(buyer, r2.ID, store.MatchOptions{})
		if m.Ranking.Weights != w {
			t.Errorf("weights %+v", m.Ranking.Weights)
		}
	})
}
