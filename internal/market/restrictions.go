package market

import (
	"bytes"
	"encoding/json"
	"io"
	"sort"
	"sync"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/trade"
)

// RestrictionKind says what an export restriction asks.
type RestrictionKind string

const (
	RestrictionApproval   RestrictionKind = "approval"   // an export approval or licence first (Persetujuan Ekspor)
	RestrictionProhibited RestrictionKind = "prohibited" // export not allowed
	RestrictionConsent    RestrictionKind = "consent"    // the importing country's prior informed consent (Basel)
	RestrictionPermit     RestrictionKind = "permit"     // a permit for listed species (CITES, SATS-LN)
)

// RestrictionKinds lists them; labels under "market.restriction.<kind>".
var RestrictionKinds = []RestrictionKind{RestrictionApproval, RestrictionProhibited, RestrictionConsent, RestrictionPermit}

// Restriction is an Indonesian rule (or a convention Indonesia applies) on
// exporting some goods, whatever the destination.
type Restriction struct {
	ID          string          `json:"id"`
	HSPrefixes  []string        `json:"hs_prefixes"`
	Kind        RestrictionKind `json:"kind"`
	TitleID     string          `json:"title_id"`
	TitleEN     string          `json:"title_en"`
	DetailID    string          `json:"detail_id"`
	DetailEN    string          `json:"detail_en"`
	SourceURL   string          `json:"source_url"`
	LastChecked Date            `json:"last_checked"`
	AppliesFrom *Date           `json:"applies_from,omitempty"`
	Confidence  string          `json:"confidence"`
}

// Validate checks one restriction; one without a source or a code is refused.
func (r *Restriction) Validate() error {
	var p siapekspor.Problems
	if !idPattern.MatchString(r.ID) {
		p.Add("id", "market.bad_id")
	}
	if len(r.HSPrefixes) == 0 {
		p.Add("hs_prefixes", "field.required")
	}
	validPrefixes(&p, r.HSPrefixes)
	known := false
	for _, k := range RestrictionKinds {
		known = known || k == r.Kind
	}
	if !known {
		p.Add("kind", "field.choice")
	}
	validTexts(&p, map[string]string{"title_id": r.TitleID, "title_en": r.TitleEN}, true, 200)
	validTexts(&p, map[string]string{"detail_id": r.DetailID, "detail_en": r.DetailEN}, false, 2000)
	validSource(&p, r.SourceURL, r.LastChecked, r.Confidence)
	return p.Err()
}

// Covers reports whether the restriction may apply to an HS code (one is a
// prefix of the other: a heading is flagged when a subheading under it is
// restricted).
func (r *Restriction) Covers(hs string) bool { return coversHS(r.HSPrefixes, hs) }

var (
	restrictionsOnce sync.Once
	restrictions     []Restriction
	restrictionsErr  error
)

// ShippedRestrictions is data/restrictions.json.
func ShippedRestrictions() ([]Restriction, error) {
	restrictionsOnce.Do(func() {
		b, err := dataFiles.ReadFile("data/restrictions.json")
		if err != nil {
			restrictionsErr = err
			return
		}
		var ps trade.Problems
		restrictions, ps, restrictionsErr = LoadRestrictionsJSON(bytes.NewReader(b), "restrictions.json")
		if restrictionsErr == nil {
			restrictionsErr = ps.Err()
		}
	})
	return restrictions, restrictionsErr
}

// Restrictions returns the shipped restrictions that may apply to an HS code,
// for flagging products, rankings and matches.
func Restrictions(hs string) []Restriction {
	all, err := ShippedRestrictions()
	if err != nil {
		panic("market: shipped restrictions: " + err.Error()) // tests keep the file valid
	}
	return RestrictionsIn(all, hs)
}

// RestrictionsIn filters a list for an HS code.
func RestrictionsIn(list []Restriction, hs string) []Restriction {
	var out []Restriction
	for _, r := range list {
		if r.Covers(hs) {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// LoadRestrictionsJSON reads a JSON array of restrictions with
// line-numbered problems, like LoadRequirementsJSON.
func LoadRestrictionsJSON(r io.Reader, name string) ([]Restriction, trade.Problems, error) {
	var out []Restriction
	seen := ids{}
	ps, err := decodeArray(r, name, func(raw json.RawMessage, line int, ps *trade.Problems) {
		var rr struct {
			Restriction
			LastChecked string `json:"last_checked"`
			AppliesFrom string `json:"applies_from"`
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rr); err != nil {
			*ps = append(*ps, jsonProblem(name, line, raw, err))
			return
		}
		res := rr.Restriction
		c := rowCheck{file: name, line: line, ps: ps}
		if d := c.date("last_checked", rr.LastChecked); d != nil {
			res.LastChecked = *d
		}
		res.AppliesFrom = c.date("applies_from", rr.AppliesFrom)
		c.validate(res.Validate())
		if c.ok() && seen.first(name, line, res.ID, ps) {
			out = append(out, res)
		}
	})
	if err != nil {
		return nil, ps, err
	}
	return out, ps, nil
}
