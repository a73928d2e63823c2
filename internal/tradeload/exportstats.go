package tradeload

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/exportstats"
	"github.com/siapekspor/siapekspor/internal/store"
)

// StatsReport is what an export statistics upload did.
type StatsReport struct {
	*exportstats.Report
	SHA256 string          `json:"sha256"`
	Load   *store.StatLoad `json:"load,omitempty"` // nil: refused, or a dry run
}

// ImportExportStats reads a BPS-style table and, when it has no problem,
// stores it as one dataset: all of it, or nothing with every problem by line.
// Totals that do not add up are warnings, shown but not blocking.
func ImportExportStats(ctx context.Context, db *store.DB, file io.ReaderAt, size int64, name, province string, dryRun bool) (*StatsReport, error) {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermStatsLoad) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(file, 0, size)); err != nil {
		return nil, err
	}
	rep, err := exportstats.Read(ctx, file, size, name, exportstats.Options{Province: province})
	if err != nil {
		return nil, err
	}
	out := &StatsReport{Report: rep, SHA256: hex.EncodeToString(h.Sum(nil))}
	if !rep.OK() || dryRun {
		return out, nil
	}
	out.Load, err = db.StoreExportStats(ctx, rep, out.SHA256)
	return out, err
}
