package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMarketCommands: trade data refused by line then loaded, a
// requirements file refused for a missing source, a BPS table with its
// totals flagged, and the ranking printed for a trainer.
func TestMarketCommands(t *testing.T) {
	dir := t.TempDir()
	baci := filepath.Join(dir, "BACI_HS17_Y2023_V202501.csv")
	os.WriteFile(baci, []byte("t,i,j,k,v,q\n2023,360,276,121221,1200,300\n2023,156,276,121221,4800,900\n2023,360,276,99999x,1,1\n"), 0o600)
	out, _, err := runCLI(t, "import", "trade", baci, "--data-dir", dir, "--format", "baci")
	if err == nil || !strings.Contains(err.Error(), "nothing was loaded") || !strings.Contains(out, "BACI_HS17_Y2023_V202501.csv:4: k:") {
		t.Fatalf("bad trade file: %v\n%s", err, out)
	}
	out, _, err = runCLI(t, "import", "trade", baci, "--data-dir", dir, "--format", "baci", "--accept-problems")
	if err != nil || !strings.Contains(out, "2023 HS17: 1 importer × product rows") || !strings.Contains(out, "2 flows read and loaded") {
		t.Fatalf("accepted trade file: %v\n%s", err, out)
	}
	if _, _, err := runCLI(t, "import", "trade", baci, "--data-dir", dir, "--format", "csv"); err == nil || !strings.Contains(err.Error(), "baci or comtrade") {
		t.Errorf("unknown format: %v", err)
	}

	reqs := filepath.Join(dir, "persyaratan.csv")
	os.WriteFile(reqs, []byte("id,destination,hs_prefixes,title_id,title_en,source_url,last_checked,confidence\n"+
		"aus-uji,AUS,1212,Uji,Test,,2026-11-20,check\n"), 0o600)
	out, _, err = runCLI(t, "import", "requirements", reqs, "--data-dir", dir)
	if err == nil || !strings.Contains(out, "persyaratan.csv:2: source_url:") {
		t.Errorf("requirement without a source: %v\n%s", err, out)
	}

	out, _, err = runCLI(t, "import", "statistics", "../../internal/exportstats/testdata/bps-lampung-negara-tujuan-2024-sintetis.csv", "--data-dir", dir, "--province", "18")
	if err != nil || strings.Count(out, "warning: ") != 2 || !strings.Contains(out, "stored as table") {
		t.Errorf("statistics: %v\n%s", err, out)
	}

	out, _, err = runCLI(t, "markets", "rank", "--hs", "121221", "--data-dir", dir, "--top", "5")
	if err != nil || !strings.Contains(out, "RANK  COUNTRY") || !strings.Contains(out, "UNTAPPED") || !strings.Contains(out, "destinations scored") || strings.Count(out, "\n") < 8 {
		t.Errorf("rank: %v\n%s", err, out)
	}
	// The cells are explained, and the countries without evidence are named
	// (Germany is scored from the 2023 file loaded above; the other five of
	// the six missing importers are not).
	for _, want := range []string{"cells: the factor's score from 0", "untapped: what Indonesia would sell there", "growth: small markets' own figures",
		"listed without evidence, not ranked: ESP, FRA, GBR, NLD, USA — The loaded trade data does not hold this country"} {
		if !strings.Contains(out, want) {
			t.Errorf("rank lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "EXPORT RESTRICTION") {
		t.Errorf("seaweed has no export restriction:\n%s", out)
	}
	// Indonesia's export restrictions, from the page's source.
	for hs, want := range map[string]string{"151800": "EXPORT RESTRICTION (Export approval needed): Used cooking oil (UCO)",
		"3915": "EXPORT RESTRICTION (Importing country's consent needed): Mixed or contaminated plastic waste"} {
		out, _, err = runCLI(t, "markets", "rank", "--hs", hs, "--data-dir", dir, "--top", "3")
		if err != nil || !strings.Contains(out, want) || !strings.Contains(out, "source: https://") {
			t.Errorf("rank %s: %v\n%s", hs, err, out)
		}
	}
	if _, _, err := runCLI(t, "markets", "rank", "--data-dir", dir); err == nil {
		t.Error("rank without a code")
	}
}
