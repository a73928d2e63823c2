package store

import (
	"maps"
	"reflect"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
)

// newSummary counts a new enterprise at the country, its province, regency
// and district (when it has one), under its office, with its map cells
// when it has a position and in the funnel; and gathering batches one by
// one comes to the same figures as gathering them at once, which is what
// lets an import write them once after its last batch.
func TestNewSummary(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	lat, lng := -5.42, 105.26
	office := int64(7)
	ent := func(id int64, district string, export siapekspor.ExportStatus, binaan *int64, pos bool) *siapekspor.Enterprise {
		e := &siapekspor.Enterprise{ID: id, ProvinceCode: "18", RegencyCode: "18.71", DistrictCode: district,
			Sector: "pangan", Kind: siapekspor.KindIKM, SizeClass: siapekspor.SizeMicro, ExportStatus: export,
			BinaanOrgID: binaan, CreatedAt: at}
		if pos {
			e.Lat, e.Lng = &lat, &lng
		}
		return e
	}
	key := func(region string, export siapekspor.ExportStatus, binaan int64) countKey {
		return countKey{region, "pangan", string(siapekspor.KindIKM), string(siapekspor.SizeMicro), string(export), binaan}
	}
	for _, c := range []struct {
		name   string
		es     []*siapekspor.Enterprise
		counts map[countKey]int64
		points bool
	}{
		{"with a district", []*siapekspor.Enterprise{ent(1, "18.71.01", siapekspor.ExportNever, nil, false)},
			map[countKey]int64{key("", "never", 0): 1, key("18", "never", 0): 1, key("18.71", "never", 0): 1, key("18.71.01", "never", 0): 1}, false},
		{"without a district", []*siapekspor.Enterprise{ent(1, "", siapekspor.ExportNever, nil, false)},
			map[countKey]int64{key("", "never", 0): 1, key("18", "never", 0): 1, key("18.71", "never", 0): 1}, false},
		{"an office's, with a position", []*siapekspor.Enterprise{ent(1, "", siapekspor.ExportNever, &office, true)},
			map[countKey]int64{key("", "never", 7): 1, key("18", "never", 7): 1, key("18.71", "never", 7): 1}, true},
		{"two alike and an exporter", []*siapekspor.Enterprise{ent(1, "", siapekspor.ExportNever, nil, false),
			ent(2, "", siapekspor.ExportNever, nil, false), ent(3, "", siapekspor.ExportRegular, nil, false)},
			map[countKey]int64{key("", "never", 0): 2, key("18", "never", 0): 2, key("18.71", "never", 0): 2,
				key("", "regular", 0): 1, key("18", "regular", 0): 1, key("18.71", "regular", 0): 1}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			var s newSummary
			s.add(c.es)
			if !maps.Equal(s.counts, c.counts) {
				t.Errorf("counts %v, want %v", s.counts, c.counts)
			}
			if got := len(s.points) > 0; got != c.points {
				t.Errorf("map cells: %d, want some: %v", len(s.points), c.points)
			}
			if len(s.funnel.cells) == 0 {
				t.Error("no funnel figures")
			}
			// Batch by batch as an import gathers them: the same figures.
			var b newSummary
			for _, e := range c.es {
				b.add([]*siapekspor.Enterprise{e})
			}
			if !maps.Equal(b.counts, s.counts) || !reflect.DeepEqual(b.points, s.points) || !reflect.DeepEqual(b.funnel, s.funnel) {
				t.Error("gathered batch by batch, the figures differ from gathering them at once")
			}
		})
	}
}
