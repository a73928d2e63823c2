package refdata

import (
	"fmt"
	"testing"
)

func TestResolve(t *testing.T) {
	ix := DefaultRegionIndex()
	for _, tc := range []struct {
		name   string
		level  int
		within string
		status ResolveStatus
		code   string
	}{
		{"Kab. Lampung Selatan", 0, "", Normalised, "18.01"},
		{"KABUPATEN LAMPUNG SELATAN", 0, "", Normalised, "18.01"},
		{"lampung selatan", 0, "", Normalised, "18.01"},
		{"Kab Lampung Selatan", 2, "", Normalised, "18.01"},
		{"  Lampung   Selatan ", 2, "18", Normalised, "18.01"},
		{"Kabupaten Lampung Selatan", 0, "", Exact, "18.01"},
		{"Kota Bandar Lampung", 0, "", Exact, "18.71"},
		{"Bandarlampung", 0, "", Normalised, "18.71"},
		{"BANDAR LAMPUNG", 2, "", Normalised, "18.71"},
		{"Kota Bandarlampung", 2, "", Normalised, "18.71"},
		{"Kodya Bandar Lampung", 2, "", Normalised, "18.71"},
		{"Lampung", 0, "", Exact, "18"},
		{"PROVINSI LAMPUNG", 0, "", Normalised, "18"},
		{"Prov. Lampung", 1, "", Normalised, "18"},
		{"Kota Bekasi", 0, "", Exact, "32.75"},
		{"Kab. Bekasi", 2, "", Normalised, "32.16"},
		{"Bekasi", 2, "", Ambiguous, ""},
		{"Kota Lampung Selatan", 2, "", NotFound, ""}, // a Kota marker never returns a regency
		{"Kota Agung", 3, "18", Exact, "18.06.01"},
		{"Kec. Natar", 3, "", Normalised, "18.01.04"},
		{"natar", 0, "18.01", Normalised, "18.01.04"},
		{"18.01", 0, "", Exact, "18.01"},
		{"1801", 2, "", Exact, "18.01"},
		{"1801", 3, "", NotFound, ""},
		{"Gotham City", 0, "", NotFound, ""},
		{"", 0, "", NotFound, ""},
		{"Tanggamus", 2, "18", Normalised, "18.06"},
		{"Lampung Selatan", 2, "31", NotFound, ""}, // not within Jakarta
	} {
		t.Run(fmt.Sprintf("%s/%d/%s", tc.name, tc.level, tc.within), func(t *testing.T) {
			got := ix.Resolve(tc.name, tc.level, tc.within)
			if got.Status != tc.status || got.Region.Code != tc.code {
				t.Errorf("Resolve(%q, %d, %q) = %s %s %v, want %s %s", tc.name, tc.level, tc.within, got.Status, got.Region.Code, got.Candidates, tc.status, tc.code)
			}
		})
	}
	amb := ix.Resolve("Bekasi", 0, "")
	if amb.Status != Ambiguous || len(amb.Candidates) != 2 || amb.Candidates[0].Code != "32.16" || amb.Candidates[1].Code != "32.75" {
		t.Errorf("Bekasi: %+v", amb)
	}
}

func TestResolveVillagesNeedNarrowing(t *testing.T) {
	ix := DefaultRegionIndex()
	// Sukajaya is a village name used in several districts of Lampung.
	all := ix.Resolve("Desa Sukajaya", 4, "18")
	if all.Status != Ambiguous || len(all.Candidates) < 2 {
		t.Fatalf("Sukajaya in Lampung: %s with %d candidates", all.Status, len(all.Candidates))
	}
	one := all.Candidates[0]
	narrowed := ix.Resolve("sukajaya", 4, one.Parent)
	if narrowed.Status != Normalised || narrowed.Region.Code != one.Code {
		t.Errorf("within %s: %+v", one.Parent, narrowed)
	}
}

func TestResolveSuggests(t *testing.T) {
	ix := DefaultRegionIndex()
	got := ix.Resolve("Lampung Selatn", 2, "")
	if got.Status != NotFound || len(got.Candidates) == 0 || got.Candidates[0].Code != "18.01" {
		t.Errorf("suggestions %+v", got)
	}
}

func TestChildrenAndCodes(t *testing.T) {
	ix := DefaultRegionIndex()
	if n := len(ix.Children("")); n != 38 {
		t.Errorf("%d provinces", n)
	}
	if n := len(ix.Children("18")); n != 15 {
		t.Errorf("Lampung has %d regencies/cities", n)
	}
	if r, ok := ix.ByCode("1801042001"); !ok || r.Level != 4 {
		t.Errorf("undotted village code: %+v %v", r, ok)
	}
	if _, ok := ix.ByCode("1803"); !ok {
		t.Error("1803 is a Kemendagri code too (Lampung Utara)")
	}
	if r, _ := ix.ByCode("18.03"); r.Name != "Kabupaten Lampung Utara" {
		t.Errorf("18.03 is %q", r.Name)
	}
}

func BenchmarkResolve(b *testing.B) {
	ix := DefaultRegionIndex()
	names := []string{"Kab. Lampung Selatan", "Bandarlampung", "Bekasi", "Kec. Natar", "Kota Metro"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.Resolve(names[i%len(names)], 0, "")
	}
}
