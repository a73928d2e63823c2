package tradeload

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"path/filepath"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bounded"
	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/trade"
)

// TradeRequest is a trade file to load: a CEPII BACI yearly file or a UN
// Comtrade extract.
type TradeRequest struct {
	File     io.Reader
	FileName string
	Format   string        // baci or comtrade
	Edition  trade.Edition // when the file does not say (BACI names it: BACI_HS17_…)
	// AcceptProblems loads the rows that could be read although others could
	// not (unknown country or product codes); without it, a file with any
	// problem loads nothing. A file in the wrong format never loads.
	AcceptProblems bool
	DryRun         bool
}

// TradeReport is what a load did.
type TradeReport struct {
	FileName string            `json:"file_name"`
	Format   string            `json:"format"`
	SHA256   string            `json:"sha256"`
	Rows     int64             `json:"rows"`     // flows read
	Skipped  int               `json:"skipped"`  // flows that feed no table (chapters, world totals)
	Problems trade.Problems    `json:"problems"` // rows that could not be read
	Years    []TradeYearReport `json:"years"`    // what was (or, in a dry run, would be) stored
	Loaded   bool              `json:"loaded"`   // false: dry run, or refused for its problems
	Refused  bool              `json:"refused"`  // problems and not accepted
	Note     string            `json:"note,omitempty"`
}

// TradeYearReport is one year of a load.
type TradeYearReport struct {
	Year      int           `json:"year"`
	Edition   trade.Edition `json:"edition"`
	Imports   int           `json:"imports"`      // importer × product rows
	Home      int           `json:"home_exports"` // Indonesia's exports by destination × product
	Reporters int           `json:"reporters"`    // importers with importer-side data
	LoadID    int64         `json:"load_id,omitempty"`
}

// LoadTrade reads a trade file as a stream (a whole BACI year is ten
// million rows; memory holds only the aggregated tables), then stores each
// of its years, replacing what the database held for them: every table
// of the year for BACI, the reported countries for a Comtrade extract.
func LoadTrade(ctx context.Context, db *store.DB, req TradeRequest) (*TradeReport, error) {
	if !siapekspor.Can(siapekspor.ActorFrom(ctx), siapekspor.PermTradeLoad) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	h := sha256.New()
	name := filepath.Base(req.FileName)
	opt := trade.Options{Name: name, Edition: req.Edition}
	// Reading stops when ctx does, even through rows that never reach fn.
	src := bounded.NewReader(ctx, io.TeeReader(req.File, h), -1, nil)
	var r interface {
		trade.Reader
		Problems() trade.Problems
	}
	var err error
	dataset := store.DatasetBACI
	switch strings.ToLower(req.Format) {
	case "baci":
		r, err = trade.NewBACIReader(src, opt)
	case "comtrade":
		dataset = store.DatasetComtrade
		r, err = trade.NewComtradeReader(src, opt)
	default:
		return nil, siapekspor.FieldInvalid("format", "trade.format_choice")
	}
	if err != nil {
		return nil, err // a wrong header or an unknown edition: nothing is read
	}
	rep := &TradeReport{FileName: name, Format: dataset}
	agg := trade.NewAggregator(market.Home)
	if err := trade.ForEach(r, func(f trade.Flow) error {
		rep.Rows++
		agg.Add(f)
		return ctx.Err()
	}); err != nil {
		return nil, err
	}
	io.Copy(h, req.File) // the hash covers the whole file even if the reader stopped early
	rep.SHA256 = hex.EncodeToString(h.Sum(nil))
	rep.Skipped, rep.Problems = agg.Skipped, r.Problems()
	tables := agg.Tables()
	for _, t := range tables {
		rep.Years = append(rep.Years, TradeYearReport{Year: t.Year, Edition: t.Edition, Imports: len(t.Imports), Home: len(t.Home), Reporters: len(t.Reporters)})
	}
	if len(tables) == 0 && len(rep.Problems) == 0 {
		return nil, siapekspor.Errorf(siapekspor.EInvalid, "trade.no_rows", name)
	}
	if len(rep.Problems) > 0 && !req.AcceptProblems {
		rep.Refused = true
		return rep, nil
	}
	if req.DryRun {
		return rep, nil
	}
	loads, err := db.ReplaceTrade(ctx, store.TradeLoad{Dataset: dataset, FileName: name, SHA256: rep.SHA256, RowsRead: rep.Rows, Problems: len(rep.Problems)}, tables)
	if err != nil {
		return nil, err
	}
	for i, l := range loads {
		rep.Years[i].LoadID = l.ID
	}
	rep.Loaded = true
	if err := db.Optimize(ctx, false); err != nil {
		return nil, err
	}
	if err := db.Checkpoint(ctx); err != nil { // a year of trade data is hundreds of MB of log
		return nil, err
	}
	return rep, nil
}
