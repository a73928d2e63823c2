package siapekspor

import (
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// A target (issue 18, item 1) is the share — or the number — of a
// population of the registry's enterprises that should export by the end of
// a year, for the province or one of its regencies/cities. Targets are data:
// admins set them, every change is kept (a new row each time), and the
// dashboard measures the funnel against them (docs/funnel.md).

// TargetPopulation is whom a target counts: a kind of enterprise, or all.
type TargetPopulation string

// PopulationAll counts every kind.
const PopulationAll TargetPopulation = "all"

// TargetPopulations lists the populations; labels under "kind.<value>"
// (and "target.population.all").
var TargetPopulations = []TargetPopulation{TargetPopulation(KindIKM), TargetPopulation(KindUMKM), TargetPopulation(KindKoperasi), PopulationAll}

// Denominator says what a share is of.
type Denominator string

const (
	DenominatorRegistry Denominator = "registry" // the population registered in the system
	DenominatorStated   Denominator = "stated"   // a count an admin states with its source (e.g. BPS)
)

// Denominators lists them.
var Denominators = []Denominator{DenominatorRegistry, DenominatorStated}

// Target is one version of a target.
type Target struct {
	ID         int64            `json:"id"`
	RegionCode string           `json:"region_code"` // the province, or a regency/city of it
	Year       int              `json:"year"`        // by the end of this year
	Population TargetPopulation `json:"population"`
	// Percent (0–100] of the denominator, or Count firms: one of the two.
	Percent float64 `json:"percent,omitempty"`
	Count   int64   `json:"count,omitempty"`
	// The baseline: Baseline firms of the population exported in BaselineYear
	// (e.g. 20 IKM in 2021); 0 when not stated.
	BaselineYear  int   `json:"baseline_year,omitempty"`
	BaselineCount int64 `json:"baseline_count"`
	// Denominator: the registry's count of the population in the region, or
	// DenominatorCount firms from DenominatorSource (e.g. "BPS, Lampung
	// dalam Angka 2022").
	Denominator       Denominator `json:"denominator"`
	DenominatorCount  int64       `json:"denominator_count,omitempty"`
	DenominatorSource string      `json:"denominator_source,omitempty"`
	Note              string      `json:"note,omitempty"`
	// Removed: this version withdraws the target.
	Removed   bool      `json:"removed,omitempty"`
	By        string    `json:"by"`
	CreatedAt time.Time `json:"created_at"`
}

// Normalize tidies the free text.
func (t *Target) Normalize() {
	t.RegionCode = strings.TrimSpace(t.RegionCode)
	t.DenominatorSource = collapseSpaces(t.DenominatorSource)
	t.Note = strings.TrimSpace(t.Note)
	if t.Denominator == "" {
		t.Denominator = DenominatorRegistry
	}
	if t.Population == "" {
		t.Population = TargetPopulation(KindIKM)
	}
}

// Validate reports every problem of a target, each naming its field. The
// region must be the province served (province; "" serves all of
// Indonesia: any province) or a regency/city in it.
func (t *Target) Validate(ref Reference, province string, now time.Time) error {
	p := TextProblems(t)
	level, ok := ref.RegionLevel(t.RegionCode)
	switch {
	case t.RegionCode == "":
		p.Add("region_code", "field.required")
	case !ok:
		p.Add("region_code", "target.region_unknown", t.RegionCode)
	case level > 2:
		p.Add("region_code", "target.region_level")
	case province != "" && t.RegionCode != province && !strings.HasPrefix(t.RegionCode, province+"."):
		p.Add("region_code", "target.region_outside", t.RegionCode, province)
	}
	if t.Year < 2000 || t.Year > now.Year()+30 {
		p.Add("year", "target.year_range", 2000, now.Year()+30)
	}
	if !oneOf(t.Population, TargetPopulations) {
		p.Add("population", "field.choice")
	}
	if !t.Removed {
		switch {
		case math.IsNaN(t.Percent) || math.IsInf(t.Percent, 0) || t.Percent < 0:
			p.Add("percent", "field.negative")
		case t.Percent > 100:
			p.Add("percent", "target.percent_over", t.Percent)
		case t.Percent > 0 && t.Count > 0:
			p.Add("count", "target.percent_or_count")
		case t.Percent == 0 && t.Count <= 0:
			p.Add("percent", "target.percent_or_count")
		}
		if t.Count < 0 {
			p.Add("count", "field.negative")
		}
	}
	if t.BaselineCount < 0 {
		p.Add("baseline_count", "field.negative")
	}
	switch {
	case t.BaselineYear == 0:
	case t.BaselineYear < 1990 || t.BaselineYear > t.Year:
		p.Add("baseline_year", "target.baseline_year", t.Year)
	}
	switch t.Denominator {
	case DenominatorRegistry:
		if t.DenominatorCount != 0 || t.DenominatorSource != "" {
			p.Add("denominator_count", "target.denominator_registry")
		}
	case DenominatorStated:
		if t.DenominatorCount <= 0 {
			p.Add("denominator_count", "target.denominator_count")
		}
		if t.DenominatorSource == "" {
			p.Add("denominator_source", "target.denominator_source")
		}
		if t.Count > 0 && t.DenominatorCount > 0 && t.Count > t.DenominatorCount {
			p.Add("count", "target.count_over", t.DenominatorCount)
		}
	default:
		p.Add("denominator", "field.choice")
	}
	if utf8.RuneCountInString(t.DenominatorSource) > 300 {
		p.Add("denominator_source", "field.too_long", 300)
	}
	if utf8.RuneCountInString(t.Note) > 2000 {
		p.Add("note", "field.too_long", 2000)
	}
	return p.Err()
}

// Kind is the enterprise kind a target's population filters on ("" for all).
func (t *Target) Kind() EnterpriseKind {
	if t.Population == PopulationAll {
		return ""
	}
	return EnterpriseKind(t.Population)
}
