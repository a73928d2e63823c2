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

// TestCatalogueCommands: what is listed, filtered; consent withdrawn and
// recorded again (an officer's record needs its evidence); inquiries and a
// registration approved; bad flags refused with a clear message.
func TestCatalogueCommands(t *testing.T) {
	u := storetest.URL(t, "sqlite")
	ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
	db, err := store.Open(ctx, store.Options{URL: u})
	if err != nil {
		t.Fatal(err)
	}
	e, p := storetest.Listed(t, db, "Kopi Robusta Lampung")
	anon := siapekspor.WithActor(ctx, siapekspor.Actor{Label: "anonymous"})
	if err := db.CreateInquiry(anon, &siapekspor.Inquiry{ProductID: &p.ID, Name: "Hiro", Company: "Tanaka Trading", Country: "JPN",
		Email: "hiro@tanaka.example", Message: "2 tonnes\nmonthly"}); err != nil {
		t.Fatal(err)
	}
	reg := &siapekspor.BuyerRegistration{Name: "Marie", Email: "marie@dubois.example", Company: "Cafés Dubois", Country: "FRA"}
	if err := db.RegisterBuyer(anon, reg, "x"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	id := fmt.Sprint(e.ID)

	out, _, err := runCLI(t, "catalogue", "list", "--q", "robusta", "--db", u)
	if err != nil || !strings.Contains(out, "Kopi Robusta Lampung (EN)") || !strings.Contains(out, "1 of 1 listed products") || !strings.Contains(out, p.NameEN) {
		t.Errorf("list: %v\n%s", err, out)
	}
	if out, _, err := runCLI(t, "catalogue", "list", "--hs-chapter", "03", "--db", u); err != nil || !strings.Contains(out, "0 of 0") {
		t.Errorf("list of another chapter: %v\n%s", err, out)
	}
	out, _, err = runCLI(t, "catalogue", "consent", "--enterprise", id, "--listed", "no", "--db", u)
	if err != nil || !strings.Contains(out, "withdrawn") {
		t.Errorf("withdraw: %v %s", err, out)
	}
	if out, _, _ := runCLI(t, "catalogue", "list", "--db", u); !strings.Contains(out, "0 of 0") {
		t.Errorf("still listed after the withdrawal:\n%s", out)
	}
	if _, _, err := runCLI(t, "catalogue", "consent", "--enterprise", id, "--listed", "yes", "--db", u); err == nil || !strings.Contains(err.Error(), "evidence") {
		t.Errorf("listed without evidence: %v", err)
	}
	out, _, err = runCLI(t, "catalogue", "consent", "--enterprise", id, "--listed", "yes", "--evidence", "formulir 2 Des 2026", "--db", u)
	if err != nil || !strings.Contains(out, "1 products in the catalogue") {
		t.Errorf("list again: %v %s", err, out)
	}
	out, _, err = runCLI(t, "catalogue", "inquiries", "--db", u)
	if err != nil || !strings.Contains(out, "Hiro Tanaka Trading") || !strings.Contains(out, "2 tonnes monthly") || !strings.Contains(out, "1 of 1 inquiries") {
		t.Errorf("inquiries: %v\n%s", err, out)
	}
	out, _, err = runCLI(t, "catalogue", "buyers", "--db", u)
	if err != nil || !strings.Contains(out, "pending") || !strings.Contains(out, "marie@dubois.example") {
		t.Errorf("buyers: %v\n%s", err, out)
	}
	out, _, err = runCLI(t, "catalogue", "buyers", "--approve", fmt.Sprint(reg.ID), "--db", u)
	if err != nil || !strings.Contains(out, "approved") {
		t.Errorf("approve: %v %s", err, out)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"catalogue", "consent", "--listed", "yes"}, "--enterprise"},
		{[]string{"catalogue", "consent", "--enterprise", id, "--listed", "maybe"}, "--listed"},
		{[]string{"catalogue", "list", "--hs-chapter", "9"}, "HS"},
		{[]string{"catalogue", "buyers", "--approve", fmt.Sprint(reg.ID)}, "decided"},
		{[]string{"catalogue", "buyers", "--approve", "1", "--reject", "2"}, "--approve"},
	} {
		if _, _, err := runCLI(t, append(c.args, "--db", u)...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want an error naming %s", c.args, err, c.want)
		}
	}
}
