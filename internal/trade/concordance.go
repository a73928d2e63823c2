package trade

import (
	"maps"
	"slices"
	"sort"
	"sync"

	"github.com/siapekspor/siapekspor/internal/refdata"
)

// Basis says how sure a correspondence between two editions is.
type Basis string

const (
	// BasisSame: the code is in both editions' lists and nothing in its
	// heading changed.
	BasisSame Basis = "same"
	// BasisHeading: codes that exist in one edition only, related to the
	// codes of the other edition that exist only there within the same
	// heading (HS 2017 080290 ↔ HS 2022 080291, 080292, 080299).
	BasisHeading Basis = "heading"
	// BasisResidual: an HS 2022 code absent from the HS 2017 list in a
	// heading where every HS 2017 code lives on, guessed to have been carved
	// out of its group's residual "other" code (HS 2022 160417 eels and
	// 160418 shark fins ← HS 2017 160419). Unverified: the code may simply
	// be missing from the trade data (HS 2022 010594 existed in HS 2017 too).
	BasisResidual Basis = "residual"
)

// Correspondence is one code of the other edition.
type Correspondence struct {
	Code  string `json:"code"`
	Basis Basis  `json:"basis"`
}

// Concordance relates HS 2017 and HS 2022 codes.
//
// It is DERIVED AND PARTIAL. No machine-readable copy of the WCO/UNSD
// HS 2022–HS 2017 correlation table could be found in a fetchable public
// repository (the UNSD workbook is published as .xlsx only), so the table is
// computed: the HS 2022 subheadings of the nomenclature (refdata) are
// compared with the HS 2017 subheadings that occur in the shipped 2024 trade
// files (5,079 of HS 2017's 5,387; the rest never occur there). Codes in both
// lists are taken as the same goods, codes in one list only are related
// within their heading (BasisHeading) or to their group's residual code
// (BasisResidual). What it cannot see: a code kept in both editions whose
// scope changed without a new code in its heading, and HS 2017 codes that
// never occur in the data. data/SOURCES.md says so too.
type Concordance struct {
	in17, in22 map[string]bool
	to22       map[string][]Correspondence // HS 2017 code → HS 2022
	to17       map[string][]Correspondence // HS 2022 code → HS 2017
}

var (
	concordanceOnce sync.Once
	concordance     *Concordance
)

// DefaultConcordance is the concordance derived from the shipped data.
func DefaultConcordance() *Concordance {
	concordanceOnce.Do(func() {
		var hs22 []string
		for _, c := range refdata.HSCodes() {
			if c.Level == 6 {
				hs22 = append(hs22, c.Code)
			}
		}
		var hs17 []string
		for c := range hs2017Codes() {
			hs17 = append(hs17, c)
		}
		concordance = NewConcordance(hs17, hs22)
	})
	return concordance
}

// NewConcordance derives a concordance from two code lists (HS 2017 and
// HS 2022 subheadings), by the rules of the Basis constants.
func NewConcordance(hs17, hs22 []string) *Concordance {
	c := &Concordance{in17: set(hs17), in22: set(hs22), to22: map[string][]Correspondence{}, to17: map[string][]Correspondence{}}
	only17 := map[string][]string{} // heading → codes only in HS 2017
	only22 := map[string][]string{}
	for _, code := range slices.Sorted(maps.Keys(c.in17)) {
		if !c.in22[code] {
			only17[code[:4]] = append(only17[code[:4]], code)
		}
	}
	for _, code := range slices.Sorted(maps.Keys(c.in22)) {
		if !c.in17[code] {
			only22[code[:4]] = append(only22[code[:4]], code)
		}
	}
	link := func(old, new string, b Basis) {
		c.to22[old] = append(c.to22[old], Correspondence{new, b})
		c.to17[new] = append(c.to17[new], Correspondence{old, b})
	}
	for h, news := range only22 {
		olds := only17[h]
		for _, n := range news {
			if len(olds) > 0 {
				for _, o := range olds {
					link(o, n, BasisHeading)
				}
				continue
			}
			if r := c.residual(n); r != "" {
				link(r, n, BasisResidual)
			}
		}
	}
	// A code that gave goods to another keeps a link to itself too.
	for code := range c.in17 {
		if c.in22[code] && len(c.to22[code]) > 0 {
			link(code, code, BasisResidual)
		}
	}
	for _, m := range []map[string][]Correspondence{c.to22, c.to17} {
		for k := range m {
			sort.Slice(m[k], func(i, j int) bool { return m[k][i].Code < m[k][j].Code })
		}
	}
	return c
}

// residual finds the HS 2017 code an HS 2022-only code in an unchanged
// heading most likely came from: the "other" code (ending in 9) of its
// one-dash group, else the heading's xxxx90, when that code lives on in
// both editions. Chapter 99 (unspecified) has none.
func (c *Concordance) residual(code string) string {
	if code[:2] == "99" {
		return ""
	}
	for _, cand := range []string{code[:5] + "9", code[:4] + "90", code[:4] + "99"} {
		if cand != code && c.in17[cand] && c.in22[cand] {
			return cand
		}
	}
	return ""
}

// Correspond returns the codes of edition to that relate to code of edition
// from, each with its basis; nil when nothing is known. Only HS17 ↔ HS22
// are related (the editions of the shipped data and of the nomenclature);
// any edition corresponds to itself. Codes of 2 or 4 digits correspond to
// the same chapter or heading when it exists in the other edition.
func (c *Concordance) Correspond(code string, from, to Edition) []Correspondence {
	code = CleanHS(code)
	if !ValidHS(code) {
		return nil
	}
	if from == to {
		return []Correspondence{{code, BasisSame}}
	}
	if !((from == HS17 && to == HS22) || (from == HS22 && to == HS17)) {
		return nil
	}
	if len(code) < 6 {
		target := c.in22
		if to == HS17 {
			target = c.in17
		}
		for k := range target {
			if k[:len(code)] == code {
				return []Correspondence{{code, BasisSame}}
			}
		}
		return nil
	}
	links, have, other := c.to22, c.in17, c.in22
	if from == HS22 {
		links, have, other = c.to17, c.in22, c.in17
	}
	if l := links[code]; len(l) > 0 {
		return append([]Correspondence(nil), l...)
	}
	if have[code] && other[code] {
		return []Correspondence{{code, BasisSame}}
	}
	return nil
}

// ToEdition returns the codes of edition to that correspond to code,
// leaving out the unverified residual guesses except the code itself; nil
// when none is known.
func (c *Concordance) ToEdition(code string, from, to Edition) []string {
	var out []string
	for _, x := range c.Correspond(code, from, to) {
		if x.Basis != BasisResidual || x.Code == CleanHS(code) {
			out = append(out, x.Code)
		}
	}
	return out
}

// SameInEditions reports whether a 6-digit code means the same goods in
// HS 2017 and HS 2022 as far as the derived concordance can tell: it is in
// both lists and no code of either edition is related to it.
func (c *Concordance) SameInEditions(code string) bool {
	code = CleanHS(code)
	return c.in17[code] && c.in22[code] && len(c.to22[code]) == 0 && len(c.to17[code]) == 0
}

// ToEdition converts with the default concordance; editions are written as
// ParseEdition reads them ("HS17", "HS2022", "H6").
func ToEdition(code, from, to string) []string {
	f, ok1 := ParseEdition(from)
	t, ok2 := ParseEdition(to)
	if !ok1 || !ok2 {
		return nil
	}
	return DefaultConcordance().ToEdition(code, f, t)
}

// SameInEditions asks the default concordance.
func SameInEditions(code string) bool { return DefaultConcordance().SameInEditions(code) }

func set(codes []string) map[string]bool {
	m := make(map[string]bool, len(codes))
	for _, c := range codes {
		if len(c) == 6 {
			m[c] = true
		}
	}
	return m
}
