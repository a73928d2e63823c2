package refdata

import (
	"strings"
	"sync"
)

// RegionAlias is another name offices write for a region: "Lamsel" for
// Kabupaten Lampung Selatan, "Jaksel" for Jakarta Selatan. The shipped ones
// are in data/region_aliases.csv.gz (see data/SOURCES.md); admins add their
// own in the database.
type RegionAlias struct {
	Code  string `json:"code"`
	Alias string `json:"alias"`
}

var (
	aliasesOnce sync.Once
	aliases     []RegionAlias
)

// RegionAliases returns the shipped aliases.
func RegionAliases() []RegionAlias {
	aliasesOnce.Do(func() {
		for _, r := range readCSV("region_aliases.csv.gz", true) {
			aliases = append(aliases, RegionAlias{Code: r[0], Alias: strings.TrimSpace(r[2])})
		}
	})
	return aliases
}

// AliasKey is the comparison form of an alias: two aliases with the same
// key are the same ("B. Lampung", "b lampung", "BLampung").
func AliasKey(alias string) string {
	return strings.ReplaceAll(normalizeName(alias), " ", "")
}

// WithAliases returns an index that finds regions by their names and by
// the given aliases (in place of those ix had), with the prefixes a name
// takes ("Kab. Lamsel"); ix itself is unchanged and its tables are shared.
// An alias of an unknown code, or one whose key is empty, is passed over.
func (ix *RegionIndex) WithAliases(list []RegionAlias) *RegionIndex {
	out := &RegionIndex{regions: ix.regions, byBPS: ix.byBPS, children: ix.children,
		byKey: ix.byKey, kind: ix.kind, key: ix.key, aliases: make(map[string][]int, len(list))}
	for _, a := range list {
		i, ok := ix.indexOf(dotted(a.Code))
		key := AliasKey(a.Alias)
		if !ok || key == "" {
			continue
		}
		dup := false
		for _, j := range out.aliases[key] {
			dup = dup || j == i
		}
		if !dup {
			out.aliases[key] = append(out.aliases[key], i)
		}
	}
	return out
}

// lookup returns the regions a space-free key names: by name, then by alias.
func (ix *RegionIndex) lookup(key string) []int {
	a, b := ix.named(key), ix.aliases[key]
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := make([]int, 0, len(a)+len(b))
	out = append(out, a...)
	for _, i := range b {
		dup := false
		for _, j := range a {
			dup = dup || i == j
		}
		if !dup {
			out = append(out, i)
		}
	}
	return out
}
