package refdata

import (
	"sort"
	"strings"
	"sync"
)

// HSIndex looks HS codes up by code and by words.
type HSIndex struct {
	codes  []HSCode
	byCode map[string]int
	own    [][]string // per code: words of its own description
	parent [][]string // per code: words of its parent's description
}

var (
	defaultHSOnce sync.Once
	defaultHS     *HSIndex
)

// DefaultHSIndex is the index over the built-in HS 2022 codes.
func DefaultHSIndex() *HSIndex {
	defaultHSOnce.Do(func() {
		codes := HSCodes()
		ix := &HSIndex{codes: codes, byCode: make(map[string]int, len(codes)), own: make([][]string, len(codes)), parent: make([][]string, len(codes))}
		for i, c := range codes {
			ix.byCode[c.Code] = i
			ix.own[i] = strings.Fields(normalizeName(c.DescriptionEN))
		}
		for i, c := range codes {
			if p, ok := ix.byCode[c.Parent]; ok {
				ix.parent[i] = ix.own[p]
			}
		}
		defaultHS = ix
	})
	return defaultHS
}

// cleanCode strips the dots and spaces people put in HS codes ("0901.11").
func cleanCode(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, ". ") {
		return s // a clean code, as pages ask for (a replacer built per call was 6 kB)
	}
	return codeCleaner.Replace(s)
}

var codeCleaner = strings.NewReplacer(".", "", " ", "")

// ByCode returns one code ("0901", "090111", "0901.11").
func (ix *HSIndex) ByCode(code string) (HSCode, bool) {
	i, ok := ix.byCode[cleanCode(code)]
	if !ok {
		return HSCode{}, false
	}
	return ix.codes[i], true
}

// Search finds codes by a code prefix (all digits: "09", "0901") in code
// order, or by English words, each of which must begin a word of the
// description (of the code or, for the many subheadings that only say
// "Other", of its heading), or by Indonesian words of the glossary in
// hs_id.go. Matches in a code's own description rank first,
// then descriptions that begin with the first word, then headings before
// subheadings before chapters, then shorter descriptions.
func (ix *HSIndex) Search(q string, limit int) []HSCode {
	if limit <= 0 {
		limit = 50
	}
	if c := cleanCode(q); c != "" && looksLikeCode(c) {
		var out []HSCode
		start := sort.Search(len(ix.codes), func(i int) bool { return ix.codes[i].Code >= c })
		for i := start; i < len(ix.codes) && strings.HasPrefix(ix.codes[i].Code, c) && len(out) < limit; i++ {
			out = append(out, ix.codes[i])
		}
		return out
	}
	words := strings.Fields(normalizeName(q))
	if len(words) == 0 {
		return nil
	}
	type hit struct {
		i         int
		ownWords  int
		starts    bool // the description begins with the first query word
		descWords int
	}
	var hits []hit
	// Indonesian words match through the glossary: a code matches a word
	// its heading's glossary holds (hs_id.go).
	idHeadings := make([]map[string]bool, len(words))
	for k, w := range words {
		idHeadings[k] = map[string]bool{}
		for _, h := range headingsForWordID(w) {
			idHeadings[k][h] = true
		}
	}
	for i := range ix.codes {
		own := 0
		ok := true
		code := ix.codes[i].Code
		for k, w := range words {
			switch {
			case hasPrefixWord(ix.own[i], w):
				own++
			case len(code) >= 4 && idHeadings[k][code[:4]]:
				if len(code) == 4 {
					own++
				}
			case hasPrefixWord(ix.parent[i], w):
			default:
				ok = false
			}
			if !ok {
				break
			}
		}
		if ok {
			starts := len(ix.own[i]) > 0 && strings.HasPrefix(ix.own[i][0], words[0])
			hits = append(hits, hit{i, own, starts, len(ix.own[i])})
		}
	}
	sort.Slice(hits, func(a, b int) bool {
		x, y := hits[a], hits[b]
		if x.ownWords != y.ownWords {
			return x.ownWords > y.ownWords
		}
		if x.starts != y.starts {
			return x.starts
		}
		if lx, ly := levelRank[ix.codes[x.i].Level], levelRank[ix.codes[y.i].Level]; lx != ly {
			return lx < ly
		}
		if x.descWords != y.descWords {
			return x.descWords < y.descWords
		}
		return ix.codes[x.i].Code < ix.codes[y.i].Code
	})
	out := make([]HSCode, 0, min(limit, len(hits)))
	for k := 0; k < len(hits) && k < limit; k++ {
		out = append(out, ix.codes[hits[k].i])
	}
	return out
}

// levelRank puts headings first (the level a product is usually chosen at),
// then subheadings, then the broad chapters.
var levelRank = map[int]int{4: 0, 6: 1, 2: 2}

func hasPrefixWord(words []string, w string) bool {
	for _, x := range words {
		if strings.HasPrefix(x, w) {
			return true
		}
	}
	return false
}
