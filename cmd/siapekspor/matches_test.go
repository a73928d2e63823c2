package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestMatchesCommands: the pipeline listed, a match moved, and a contract
// without its currency refused naming the flag, nothing changed.
func TestMatchesCommands(t *testing.T) {
	u := storetest.URL(t, "sqlite")
	ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
	db, err := store.Open(ctx, store.Options{URL: u})
	if err != nil {
		t.Fatal(err)
	}
	org := &siapekspor.Organisation{Name: "PT Kantin Negara (sintetis)", Kind: siapekspor.OrgBUMN}
	e := &siapekspor.Enterprise{Name: "Keripik Bu Sri", LegalForm: siapekspor.LegalUD, RegencyCode: "18.71", OwnerName: "Sri", Phone: "081234567890"}
	for _, err := range []error{db.CreateOrganisation(ctx, org), db.CreateEnterprise(ctx, e)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	p := &siapekspor.Product{EnterpriseID: e.ID, NameID: "Keripik Pisang Coklat", HSCode: "200899", Unit: "kg", CapacityPerMonth: 1200}
	if err := db.CreateProduct(ctx, p); err != nil {
		t.Fatal(err)
	}
	q := &siapekspor.BuyingRequest{Kind: siapekspor.RequestProcurement, OrgID: org.ID, Title: "Keripik rapat", Words: "keripik pisang",
		Quantity: 800, Unit: "kg", Frequency: "monthly", DeliveryRegion: "18.71", Status: siapekspor.RequestOpen}
	if err := db.CreateRequest(ctx, q); err != nil {
		t.Fatal(err)
	}
	list, err := db.Shortlist(ctx, q.ID, []int64{p.ID}, "")
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	id := fmt.Sprint(list[0].ID)

	out, _, err := runCLI(t, "matches", "move", id, "--to", "introduced", "--note", "lewat WhatsApp", "--db", u)
	if err != nil || !strings.Contains(out, "introduced (version 2)") {
		t.Fatalf("move: %v\n%s", err, out)
	}
	_, _, err = runCLI(t, "matches", "move", id, "--to", "accepted", "--db", u)
	if err == nil || !strings.Contains(err.Error(), "--to: Only the enterprise's owner accepts") {
		t.Fatalf("consent from the command line: %v", err)
	}
	_, _, err = runCLI(t, "matches", "move", id, "--to", "lost", "--contract-value", "100", "--db", u)
	if err == nil || !strings.Contains(err.Error(), "--lost-reason:") || !strings.Contains(err.Error(), "--contract-currency:") {
		t.Fatalf("bad move: %v", err)
	}
	out, _, err = runCLI(t, "matches", "list", "--request", fmt.Sprint(q.ID), "--db", u)
	if err != nil || !strings.Contains(out, "Keripik Bu Sri") || !strings.Contains(out, "introduced") || !strings.Contains(out, "1 of 1 matches") {
		t.Fatalf("list: %v\n%s", err, out)
	}
	if _, _, err := runCLI(t, "matches", "move", "--db", u); err == nil {
		t.Error("a move without an id")
	}
}
