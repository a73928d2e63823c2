package demo_test

import (
	"testing"

	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestFillStatistics: the Lampung demo gets its synthetic BPS table, once,
// marked synthetic; another province's demo gets none.
func TestFillStatistics(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	if l, err := demo.FillStatistics(sysCtx, db, "33"); err != nil || l != nil {
		t.Fatalf("Central Java: %+v %v", l, err)
	}
	l, err := demo.FillStatistics(sysCtx, db, "18")
	if err != nil || l == nil || !l.Synthetic || l.Rows < 500 || l.From != "2023-01" || l.To != "2024-12" {
		t.Fatalf("Lampung: %+v %v", l, err)
	}
	if again, err := demo.FillStatistics(sysCtx, db, "18"); err != nil || again != nil {
		t.Errorf("a second fill: %+v %v", again, err)
	}
}
