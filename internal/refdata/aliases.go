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

// WithAliases returns an index that also finds regions by the given
// aliases, with the prefixes a name takes ("Kab. Lamsel"); ix itself is
// unchanged. An alias of an unknown code, or one whose key is empty, is
// passed over.
func (ix *RegionIndex) WithAliases(list []RegionAlias) *RegionIndex {
	out := &RegionIndex{regions: ix.regions, byCode: ix.byCode, byBPS: ix.byBPS, children: ix.children,
		kind: ix.kind, key: ix.key, byKey: make(map[string][]int, len(ix.byKey)+len(list))}
	for k, v := range ix.byKey {
		out.byKey[k] = v
	}
	for _, a := range list {
		i, ok := ix.byCode[dotted(a.Code)]
		key := AliasKey(a.Alias)
		if !ok || key == "" {
			continue
		}
		have := out.byKey[key]
		dup := false
		for _, j := range have {
			dup = dup || j == i
		}
		if !dup {
			// A fresh slice: the original index's lists stay as they are.
			out.byKey[key] = append(have[:len(have):len(have)], i)
		}
	}
	return out
}
