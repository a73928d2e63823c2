package exportstats

// Limits of a statistics table. A table is read whole before it is checked
// (header, totals, duplicates), so besides the importer's limits on any
// file (internal/importer/limits.go) it is bounded by what it holds; the
// README's table of limits quotes these.
const (
	// DefaultMaxRows is Options.MaxRows when none is given.
	DefaultMaxRows = 200_000
	// MaxCells and MaxTextBytes bound the cells a table holds, counted as
	// its rows are read.
	MaxCells     = 2_500_000
	MaxTextBytes = 64 << 20
	// MaxProblems are listed; the rest are counted in a last problem.
	MaxProblems = 10_000
	// maxShownValue bounds the cell text a problem shows.
	maxShownValue = 200
)
