package demo

import (
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
)

func TestCatalogueHSCodesExist(t *testing.T) {
	ref := store.DefaultReference()
	for sector, items := range catalogue {
		for _, it := range items {
			if !ref.HSExists(it.hs) {
				t.Errorf("%s: %s has HS %s, not in HS 2022", sector, it.nameID, it.hs)
			}
			if !siapekspor.PIRTExcluded(it.hs) && it.unit == "" {
				t.Errorf("%s without a unit", it.nameID)
			}
		}
	}
}
