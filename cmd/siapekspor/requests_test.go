package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestRequestCommands: a request file refused whole for one bad row (by
// line and column), then imported, and its ranking printed factor by factor.
func TestRequestCommands(t *testing.T) {
	u := storetest.URL(t, "sqlite")
	ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
	db, err := store.Open(ctx, store.Options{URL: u})
	if err != nil {
		t.Fatal(err)
	}
	org := &siapekspor.Organisation{Name: "PT Kantin Negara (sintetis)", Kind: siapekspor.OrgBUMN}
	e := &siapekspor.Enterprise{Name: "Keripik Bu Sri", LegalForm: siapekspor.LegalUD, RegencyCode: "18.71", OwnerName: "Sri"}
	if err := db.CreateOrganisation(ctx, org); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateEnterprise(ctx, e); err != nil {
		t.Fatal(err)
	}
	p := &siapekspor.Product{EnterpriseID: e.ID, NameID: "Keripik Pisang Coklat", NameEN: "Chocolate banana chips", HSCode: "200899", Unit: "kg", CapacityPerMonth: 1200}
	if err := db.CreateProduct(ctx, p); err != nil {
		t.Fatal(err)
	}
	db.Close()

	dir := t.TempDir()
	file := filepath.Join(dir, "permintaan.csv")
	head := "Jenis,Organisasi,Judul,Kode HS,Produk,Jumlah,Satuan,Frekuensi,Kode Wilayah Pengiriman,Utamakan Lokal,Status\n"
	good := "pengadaan,PT Kantin Negara (sintetis),Keripik rapat,2008,keripik pisang,800,kg,bulanan,18.71,kabupaten,terbuka\n"
	os.WriteFile(file, []byte(head+good+"pengadaan,PT Kantin Negara (sintetis),Nol,2008,keripik,0,kg,bulanan,18.71,,terbuka\n"), 0o600)
	out, _, err := runCLI(t, "import", "requests", file, "--db", u)
	if err == nil || !strings.Contains(err.Error(), "no request was stored") || !strings.Contains(out, "permintaan.csv:3: F (Jumlah):") {
		t.Fatalf("bad row: %v\n%s", err, out)
	}
	os.WriteFile(file, []byte(head+good), 0o600)
	if out, _, err = runCLI(t, "import", "requests", file, "--db", u); err != nil || !strings.Contains(out, "1 requests imported") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	out, _, err = runCLI(t, "match", "--request", "1", "--db", u, "--top", "5")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"RANK  PRODUCT", "FIT 33%", "Keripik Pisang Coklat", "Keripik Bu Sri", "100 (+33.3)", "DISTANCE 11%", "cells: the factor's score", "1 eligible"} {
		if !strings.Contains(out, want) {
			t.Errorf("match lacks %q:\n%s", want, out)
		}
	}
	if _, _, err := runCLI(t, "match", "--db", u); err == nil {
		t.Error("match without --request")
	}
}
