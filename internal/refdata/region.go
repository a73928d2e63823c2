package refdata

import (
	"sort"
	"strings"
	"sync"
	"unicode"
)

// RegionIndex looks regions up by code and by the names people write.
type RegionIndex struct {
	regions  []Region
	byCode   map[string]int
	byBPS    map[string]int
	children map[string][]int // parent code → children sorted by name
	byKey    map[string][]int // space-free normalised base name → regions
	kind     []string         // per region: "kab" or "kota" for level 2, else ""
}

var (
	defaultIndexOnce sync.Once
	defaultIndex     *RegionIndex
)

// DefaultRegionIndex is the index over the built-in regions, built on first use.
func DefaultRegionIndex() *RegionIndex {
	defaultIndexOnce.Do(func() { defaultIndex = NewRegionIndex(Regions()) })
	return defaultIndex
}

// NewRegionIndex indexes regions.
func NewRegionIndex(regions []Region) *RegionIndex {
	ix := &RegionIndex{
		regions:  regions,
		byCode:   make(map[string]int, len(regions)),
		byBPS:    map[string]int{},
		children: map[string][]int{},
		byKey:    make(map[string][]int, len(regions)),
		kind:     make([]string, len(regions)),
	}
	for i, r := range regions {
		ix.byCode[r.Code] = i
		if r.BPSCode != "" {
			ix.byBPS[r.BPSCode] = i
		}
		ix.children[r.Parent] = append(ix.children[r.Parent], i)
		base := normalizeName(r.Name)
		if r.Level == 2 {
			k := regencyKey(r.Name)
			ix.kind[i], _, _ = strings.Cut(k, "|")
			_, base, _ = strings.Cut(k, "|")
		}
		key := strings.ReplaceAll(base, " ", "")
		ix.byKey[key] = append(ix.byKey[key], i)
	}
	for p, list := range ix.children {
		sort.Slice(list, func(a, b int) bool { return regions[list[a]].Name < regions[list[b]].Name })
		ix.children[p] = list
	}
	return ix
}

// dotted turns undotted Kemendagri digits ("1801042001") into the dotted
// form ("18.01.04.2001"); other input is returned as it is.
func dotted(code string) string {
	code = strings.TrimSpace(code)
	if strings.Contains(code, ".") {
		return code
	}
	for _, r := range code {
		if r < '0' || r > '9' {
			return code
		}
	}
	switch len(code) {
	case 2:
		return code
	case 4:
		return code[:2] + "." + code[2:]
	case 6:
		return code[:2] + "." + code[2:4] + "." + code[4:]
	case 10:
		return code[:2] + "." + code[2:4] + "." + code[4:6] + "." + code[6:]
	}
	return code
}

// ByCode finds a region by its Kemendagri code, dotted ("18.01") or not
// ("1801"). BPS codes are different numbers: use ByBPSCode for them.
func (ix *RegionIndex) ByCode(code string) (Region, bool) {
	i, ok := ix.byCode[dotted(code)]
	if !ok {
		return Region{}, false
	}
	return ix.regions[i], true
}

// ByBPSCode finds a province or regency by its BPS code ("1803").
func (ix *RegionIndex) ByBPSCode(code string) (Region, bool) {
	i, ok := ix.byBPS[strings.TrimSpace(code)]
	if !ok {
		return Region{}, false
	}
	return ix.regions[i], true
}

// Children lists a region's children by name; "" lists the provinces.
func (ix *RegionIndex) Children(code string) []Region {
	list := ix.children[dotted(code)]
	out := make([]Region, len(list))
	for k, i := range list {
		out[k] = ix.regions[i]
	}
	return out
}

// ResolveStatus says how a name was resolved.
type ResolveStatus string

const (
	Exact      ResolveStatus = "exact"      // the name or code as stored
	Normalised ResolveStatus = "normalised" // found after normalising spelling
	Ambiguous  ResolveStatus = "ambiguous"  // several regions fit; see Candidates
	NotFound   ResolveStatus = "not_found"  // none fits; Candidates may hold suggestions
)

// Resolution is the answer of Resolve.
type Resolution struct {
	Status     ResolveStatus
	Region     Region   // when Exact or Normalised
	Candidates []Region // when Ambiguous: all of them; when NotFound: close suggestions
}

// markers are the words in front of a region name that say its level (and,
// for regencies, whether it is a city), longest first.
var markers = []struct {
	words string
	level int
	kind  string
}{
	{"kabupaten administrasi", 2, "kab"}, {"kota administrasi", 2, "kota"}, {"kota adm", 2, "kota"},
	{"provinsi", 1, ""}, {"propinsi", 1, ""}, {"prov", 1, ""},
	{"kabupaten", 2, "kab"}, {"kab", 2, "kab"}, {"kotamadya", 2, "kota"}, {"kodya", 2, "kota"}, {"kota", 2, "kota"},
	{"kecamatan", 3, ""}, {"kec", 3, ""},
	{"kelurahan", 4, ""}, {"desa", 4, ""}, {"kel", 4, ""}, {"pekon", 4, ""}, {"kampung", 4, ""}, {"nagari", 4, ""}, {"gampong", 4, ""},
}

// Resolve finds the region a messy name means: "Kab. Lampung Selatan",
// "KABUPATEN LAMPUNG SELATAN", "lampung selatan", "Bandarlampung". level 0
// accepts any level; within is a code the result must lie in ("" anywhere).
// Case, punctuation, spaces and the usual prefixes (Kab., Kota, Kec., Desa …)
// do not matter; a "Kota"/"Kab." prefix must agree with the region. A bare
// name is read at the highest level it names (Lampung is the province even
// if a village is called Lampung); two regions at that level make it
// ambiguous, and Resolve never picks one of them.
func (ix *RegionIndex) Resolve(name string, level int, within string) Resolution {
	within = dotted(within)
	fits := func(i int) bool {
		r := ix.regions[i]
		if level != 0 && r.Level != level {
			return false
		}
		return within == "" || r.Code == within || strings.HasPrefix(r.Code, within+".")
	}
	trimmed := strings.TrimSpace(name)
	if trimmed == "" {
		return Resolution{Status: NotFound}
	}
	if looksLikeCode(trimmed) {
		if i, ok := ix.byCode[dotted(trimmed)]; ok && fits(i) {
			return Resolution{Status: Exact, Region: ix.regions[i]}
		}
		return Resolution{Status: NotFound}
	}
	n := normalizeName(trimmed)

	var found []int
	// First read a leading marker (Kab., Kota, Kec., Desa …) as a level.
	for _, m := range markers {
		rest, ok := strings.CutPrefix(n, m.words+" ")
		if !ok || (level != 0 && level != m.level) {
			continue
		}
		for _, i := range ix.byKey[strings.ReplaceAll(rest, " ", "")] {
			if ix.regions[i].Level == m.level && (m.kind == "" || ix.kind[i] == m.kind) && fits(i) {
				found = append(found, i)
			}
		}
		break
	}
	// Else the words are the name itself ("Kota Agung" is a district).
	if len(found) == 0 {
		for _, i := range ix.byKey[strings.ReplaceAll(n, " ", "")] {
			if fits(i) {
				found = append(found, i)
			}
		}
	}
	switch len(found) {
	case 0:
		return Resolution{Status: NotFound, Candidates: ix.suggest(n, level, within)}
	case 1:
		return ix.resolved(found[0], trimmed)
	}
	// Several: keep the highest level present.
	top := 5
	for _, i := range found {
		top = min(top, ix.regions[i].Level)
	}
	var atTop []int
	for _, i := range found {
		if ix.regions[i].Level == top {
			atTop = append(atTop, i)
		}
	}
	if len(atTop) == 1 {
		return ix.resolved(atTop[0], trimmed)
	}
	sort.Slice(atTop, func(a, b int) bool { return ix.regions[atTop[a]].Code < ix.regions[atTop[b]].Code })
	res := Resolution{Status: Ambiguous}
	for _, i := range atTop {
		res.Candidates = append(res.Candidates, ix.regions[i])
	}
	return res
}

func (ix *RegionIndex) resolved(i int, input string) Resolution {
	r := ix.regions[i]
	if input == r.Name {
		return Resolution{Status: Exact, Region: r}
	}
	return Resolution{Status: Normalised, Region: r}
}

func looksLikeCode(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

// suggest returns up to three regions whose names are closest to n, when
// the pool to compare against is small enough to stay cheap.
func (ix *RegionIndex) suggest(n string, level int, within string) []Region {
	key := strings.ReplaceAll(n, " ", "")
	for _, m := range markers {
		if rest, ok := strings.CutPrefix(n, m.words+" "); ok {
			key = strings.ReplaceAll(rest, " ", "")
			break
		}
	}
	if len(key) < 3 {
		return nil
	}
	// Compare with regencies by default; districts and villages only inside
	// a regency, as the whole country's villages are too many to compare
	// against on every miss.
	narrow := strings.Count(within, ".") >= 1
	switch {
	case level == 0 && !narrow:
		level = 2
	case level >= 3 && !narrow:
		return nil
	}
	type scored struct {
		i, d int
	}
	var best []scored
	limit := max(2, len(key)/3)
	for k, list := range ix.byKey {
		if abs(len(k)-len(key)) > limit {
			continue
		}
		d := -1
		for _, i := range list {
			r := ix.regions[i]
			if (level != 0 && r.Level != level) || !inside(r, within) {
				continue
			}
			if d < 0 {
				d = levenshtein(key, k)
			}
			if d <= limit {
				best = append(best, scored{i, d})
			}
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

func inside(r Region, within string) bool {
	return within == "" || r.Code == within || strings.HasPrefix(r.Code, within+".")
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
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

// normalizeName is the comparison form of a region name: lower case,
// punctuation as spaces, spaces collapsed.
func normalizeName(s string) string {
	var b strings.Builder
	space := true
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}
