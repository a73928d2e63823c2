package refdata

import (
	"testing"
	"time"
)

func TestCounts(t *testing.T) {
	levels := map[int]int{}
	for _, r := range Regions() {
		levels[r.Level]++
	}
	if levels[1] != 38 || levels[2] != 514 || levels[3] != 7285 || levels[4] != 83762 {
		t.Errorf("regions by level %v", levels)
	}
	hsLevels := map[int]int{}
	for _, c := range HSCodes() {
		hsLevels[c.Level]++
	}
	if hsLevels[2] != 97 || hsLevels[4] != 1229 || hsLevels[6] != 5613 {
		t.Errorf("HS by level %v", hsLevels)
	}
	if n := len(Countries()); n != 250 {
		t.Errorf("%d countries", n)
	}
	ks := KBLIs()
	if len(ks) != 2686 || ks[0].Version != "2020" {
		t.Errorf("%d KBLI codes, version %q", len(ks), ks[0].Version)
	}
	if len(HSSections()) != 21 {
		t.Errorf("%d HS sections", len(HSSections()))
	}
	if len(Version()) != 12 {
		t.Errorf("version %q", Version())
	}
}

func TestCountryNames(t *testing.T) {
	names := map[string][2]string{}
	for _, c := range Countries() {
		names[c.ISO3] = [2]string{c.NameEN, c.NameID}
	}
	for iso3, want := range map[string]string{"JPN": "Jepang", "NLD": "Belanda", "DEU": "Jerman", "IDN": "Indonesia"} {
		if names[iso3][1] != want {
			t.Errorf("%s Indonesian name %q, want %q", iso3, names[iso3][1], want)
		}
	}
	for _, c := range Countries() {
		if c.ISO3 == "AUS" && (c.Numeric != "036" || c.Lat == 0) {
			t.Errorf("Australia %+v", c)
		}
	}
}

func TestBPSCodes(t *testing.T) {
	ix := DefaultRegionIndex()
	for kemendagri, bps := range map[string]string{"18.01": "1803", "18.04": "1801", "18.06": "1802", "18.71": "1871", "18": "18", "31": "31", "34.04": "3404", "31.71": "3173"} {
		r, ok := ix.ByCode(kemendagri)
		if !ok || r.BPSCode != bps {
			t.Errorf("%s: BPS code %q, want %q", kemendagri, r.BPSCode, bps)
		}
		back, ok := ix.ByBPSCode(bps)
		if !ok || back.Code != kemendagri {
			t.Errorf("BPS %s → %q", bps, back.Code)
		}
	}
	n := 0
	for _, r := range ix.Children("18") {
		t.Logf("%-6s %-5s %s", r.Code, r.BPSCode, r.Name)
	}
	for _, r := range Regions() {
		if r.Level == 2 && r.BPSCode != "" {
			n++
		}
	}
	t.Logf("%d of 514 regencies have a BPS code (regencies formed after BPS's 2018 list have none)", n)
	if n < 480 {
		t.Errorf("only %d regencies matched to BPS codes", n)
	}
}

func TestIndexBuildTime(t *testing.T) {
	start := time.Now()
	NewRegionIndex(Regions())
	t.Logf("region index over %d regions built in %s", len(Regions()), time.Since(start))
}
