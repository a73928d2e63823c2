package siapekspor

import (
	"testing"
	"time"
)

type targetRef struct{ Reference }

func (targetRef) RegionLevel(code string) (int, bool) {
	switch code {
	case "18", "31":
		return 1, true
	case "18.06", "18.71", "31.71":
		return 2, true
	case "18.06.01":
		return 3, true
	}
	return 0, false
}

func TestTargetValidate(t *testing.T) {
	now := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	ok := Target{RegionCode: "18", Year: 2030, Population: "ikm", Percent: 30, BaselineYear: 2021, BaselineCount: 20, Denominator: DenominatorRegistry}
	tests := []struct {
		name     string
		province string
		edit     func(t *Target)
		field    string // "" valid
		key      string
	}{
		{"the province's 30% of IKM", "18", func(*Target) {}, "", ""},
		{"a regency of the province", "18", func(t *Target) { t.RegionCode = "18.06" }, "", ""},
		{"above 100%", "18", func(t *Target) { t.Percent = 130 }, "percent", "target.percent_over"},
		{"exactly 100%", "18", func(t *Target) { t.Percent = 100 }, "", ""},
		{"a regency of another province", "18", func(t *Target) { t.RegionCode = "31.71" }, "region_code", "target.region_outside"},
		{"another province", "18", func(t *Target) { t.RegionCode = "31" }, "region_code", "target.region_outside"},
		{"any province when national", "", func(t *Target) { t.RegionCode = "31" }, "", ""},
		{"a district is too fine", "18", func(t *Target) { t.RegionCode = "18.06.01" }, "region_code", "target.region_level"},
		{"an unknown region", "18", func(t *Target) { t.RegionCode = "18.99" }, "region_code", "target.region_unknown"},
		{"no region", "18", func(t *Target) { t.RegionCode = "" }, "region_code", "field.required"},
		{"neither percent nor count", "18", func(t *Target) { t.Percent = 0 }, "percent", "target.percent_or_count"},
		{"both percent and count", "18", func(t *Target) { t.Count = 100 }, "count", "target.percent_or_count"},
		{"a count", "18", func(t *Target) { t.Percent, t.Count = 0, 500 }, "", ""},
		{"negative percent", "18", func(t *Target) { t.Percent = -1 }, "percent", "field.negative"},
		{"a stated denominator needs its source", "18", func(t *Target) { t.Denominator, t.DenominatorCount = DenominatorStated, 95000 }, "denominator_source", "target.denominator_source"},
		{"a stated denominator", "18", func(t *Target) {
			t.Denominator, t.DenominatorCount, t.DenominatorSource = DenominatorStated, 95000, "BPS, Lampung dalam Angka 2022"
		}, "", ""},
		{"a count above the stated denominator", "18", func(t *Target) {
			t.Percent, t.Count, t.Denominator, t.DenominatorCount, t.DenominatorSource = 0, 100, DenominatorStated, 50, "BPS"
		}, "count", "target.count_over"},
		{"the registry's denominator takes no count", "18", func(t *Target) { t.DenominatorCount = 5 }, "denominator_count", "target.denominator_registry"},
		{"baseline after the year", "18", func(t *Target) { t.BaselineYear = 2031 }, "baseline_year", "target.baseline_year"},
		{"a year too far", "18", func(t *Target) { t.Year = 2090 }, "year", "target.year_range"},
		{"an unknown population", "18", func(t *Target) { t.Population = "bumn" }, "population", "field.choice"},
		{"a withdrawal needs no figure", "18", func(t *Target) { t.Percent, t.Removed = 0, true }, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tg := ok
			tt.edit(&tg)
			tg.Normalize()
			err := tg.Validate(targetRef{}, tt.province, now)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e, isE := AsError(err)
			if !isE {
				t.Fatalf("want %s on %s, got %v", tt.key, tt.field, err)
			}
			for _, f := range e.Fields {
				if f.Field == tt.field && f.Key == tt.key {
					return
				}
			}
			t.Errorf("want %s on %s, got %+v", tt.key, tt.field, e.Fields)
		})
	}
}
