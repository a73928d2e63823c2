package demo

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"

	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/tradeload"
)

// lampungStatistics is a SYNTHETIC BPS-style export table of Lampung,
// 2023–2024 (its first row and its name say so; see
// internal/exportstats/testdata/README.md).
//
//go:embed data/bps-lampung-2023-2024-sintetis.csv
var lampungStatistics []byte

// StatisticsName is the demo table's file name, which marks it synthetic.
const StatisticsName = "bps-lampung-2023-2024-sintetis.csv"

// FillStatistics gives the demo its export statistics page: the synthetic
// Lampung table, for Lampung only (another province's demo would show
// another province's figures), and only when no table is held yet.
func FillStatistics(ctx context.Context, db *store.DB, province string) (*store.StatLoad, error) {
	if province != "18" {
		return nil, nil
	}
	loads, err := db.StatLoads(ctx)
	if err != nil || len(loads) > 0 {
		return nil, err
	}
	rep, err := tradeload.ImportExportStats(ctx, db, bytes.NewReader(lampungStatistics), int64(len(lampungStatistics)), StatisticsName, province, false)
	if err != nil {
		return nil, err
	}
	if !rep.OK() {
		return nil, fmt.Errorf("the demo's statistics table: %d problems, first at line %d", len(rep.Problems), rep.Problems[0].Line)
	}
	return rep.Load, nil
}
