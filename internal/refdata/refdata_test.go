package refdata

import "testing"

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

// TestNewRegionIndex checks an index built from scratch (not the shared
// default): every region is found by its code, the tree of children holds
// each region once under its parent in name order, and names resolve. How
// long building takes is BenchmarkNewRegionIndex's business.
func TestNewRegionIndex(t *testing.T) {
	regions := Regions()
	ix := NewRegionIndex(regions)
	for _, r := range regions {
		if got, ok := ix.ByCode(r.Code); !ok || got != r {
			t.Fatalf("ByCode(%q) = %+v %v, want %+v", r.Code, got, ok, r)
		}
	}
	seen, stack := 0, []string{""}
	for len(stack) > 0 {
		parent := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		kids := ix.Children(parent)
		for i, r := range kids {
			if r.Parent != parent || i > 0 && kids[i-1].Name > r.Name {
				t.Fatalf("children of %q out of place or order at %d: %+v", parent, i, r)
			}
			stack = append(stack, r.Code)
		}
		seen += len(kids)
	}
	if seen != len(regions) {
		t.Errorf("the tree of children holds %d regions of %d", seen, len(regions))
	}
	if got := ix.Resolve("Kab. Lampung Selatan", 0, ""); got.Region.Code != "18.01" {
		t.Errorf("Resolve: %+v", got)
	}

	// An index knows only the regions it was given.
	small := NewRegionIndex([]Region{
		{Code: "18", Name: "Lampung", Level: 1},
		{Code: "18.71", Name: "Kota Bandar Lampung", Level: 2, Parent: "18", BPSCode: "1871"},
	})
	if r, ok := small.ByBPSCode("1871"); !ok || r.Code != "18.71" {
		t.Errorf("small index by BPS code: %+v %v", r, ok)
	}
	if _, ok := small.ByCode("18.01"); ok {
		t.Error("small index found a region it was not given")
	}
	if got := small.Resolve("Bandarlampung", 0, ""); got.Status != Normalised || got.Region.Code != "18.71" {
		t.Errorf("small index resolve: %+v", got)
	}
}

func BenchmarkNewRegionIndex(b *testing.B) {
	regions := Regions()
	for b.Loop() {
		NewRegionIndex(regions)
	}
}
