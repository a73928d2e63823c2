package refdata

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
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

// BenchmarkSuggest is the cost of a row whose region no name fits: the
// "did you mean" search, for a regency in a province, a regency anywhere,
// a district in a regency and a village in a regency.
//
//	go test -run '^$' -bench Suggest ./internal/refdata/
func BenchmarkSuggest(b *testing.B) {
	ix := DefaultRegionIndex()
	for _, tc := range []struct {
		name, text string
		level      int
		within     string
	}{
		{"regency-in-province", "Kabupaten Lampung Slatanx", 2, "18"},
		{"regency-anywhere", "Kabupaten Lampung Slatanx", 2, ""},
		{"any-level-anywhere", "Lampung Slatanx", 0, ""},
		{"district-in-regency", "Kec. Kaliandax", 3, "18.01"},
		{"village-in-regency", "Desa Sukajayaxx", 4, "18.01"},
		{"long-garbage", strings.Repeat("x", 5000), 2, "18"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if r := ix.Resolve(tc.text, tc.level, tc.within); r.Status != NotFound {
					b.Fatal(r.Status)
				}
			}
		})
	}
}

// bruteSuggest is the suggestion search as it was before the index: every
// region compared in full. The index must give the same answers.
func bruteSuggest(ix *RegionIndex, key string, level int, within string) []Region {
	limit := max(2, len(key)/3)
	type scored struct{ i, d int }
	var best []scored
	for i, r := range ix.regions {
		if (level != 0 && r.Level != level) || !(within == "" || r.Code == within || strings.HasPrefix(r.Code, within+".")) {
			continue
		}
		if d := levenshtein(key, ix.key[i]); d <= limit {
			best = append(best, scored{i, d})
		}
	}
	sort.Slice(best, func(a, b int) bool {
		if best[a].d != best[b].d {
			return best[a].d < best[b].d
		}
		return ix.regions[best[a].i].Code < ix.regions[best[b].i].Code
	})
	var out []Region
	for k := 0; k < len(best) && k < 3; k++ {
		out = append(out, ix.regions[best[k].i])
	}
	return out
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func TestSuggestMatchesFullScan(t *testing.T) {
	ix := DefaultRegionIndex()
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 400; n++ {
		i := rng.IntN(len(ix.regions))
		r := ix.regions[i]
		key := []byte(ix.key[i])
		for e := rng.IntN(4); e >= 0 && len(key) > 1; e-- { // a few typos
			i := rng.IntN(len(key))
			switch rng.IntN(3) {
			case 0:
				key = append(key[:i], key[i+1:]...)
			case 1:
				key[i] = byte('a' + rng.IntN(26))
			default:
				key = append(key[:i], append([]byte{byte('a' + rng.IntN(26))}, key[i:]...)...)
			}
		}
		var within string
		level := r.Level
		switch r.Level {
		case 2:
			within = []string{"", r.Parent}[rng.IntN(2)]
		case 3, 4:
			within = r.Code[:5] // the regency
			if rng.IntN(3) == 0 {
				level = 0
			}
		}
		got := ix.suggest(string(key), level, within)
		want := bruteSuggest(ix, string(key), level, within)
		if len(key) < 3 {
			want = nil
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("suggest(%q, %d, %q) = %v, want %v", key, level, within, got, want)
		}
	}
	for _, a := range []string{"", "a", "kalianda", "lampungselatan", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"} {
		for _, b := range []string{"", "b", "kaliandax", "lampungslatan", "kota"} {
			for limit := 0; limit < 6; limit++ {
				d, ok := boundedLevenshtein(a, b, limit, make([]int, 2*(len(b)+1)))
				want := levenshtein(a, b)
				if ok != (want <= limit) || ok && d != want {
					t.Errorf("boundedLevenshtein(%q, %q, %d) = %d %v, want %d", a, b, limit, d, ok, want)
				}
				if d := myers(myersPattern(a), len(a), b); d != want {
					t.Errorf("myers(%q, %q) = %d, want %d", a, b, d, want)
				}
			}
		}
	}
}
