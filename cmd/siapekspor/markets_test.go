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
	if err != nil || !strings.Contains(out, "RANK  COUNTRY") || !strings.Contains(out, "destinations scored") || strings.Count(out, "\n") < 8 {
		t.Errorf("rank: %v\n%s", err, out)
	}
	if _, _, err := runCLI(t, "markets", "rank", "--data-dir", dir); err == nil {
		t.Error("rank without a code")
	}
}
