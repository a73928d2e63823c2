package market

// Limits of the files an administrator uploads here (the README's table of
// limits quotes them); a CSV or XLSX file is read by the importer, within
// its limits too (internal/importer/limits.go).
const (
	// MaxRequirementsBytes bounds a requirements file (JSON, CSV or XLSX).
	MaxRequirementsBytes = 16 << 20
	// MaxProblems are listed for a file; the rest are counted in a last one.
	MaxProblems = 1000
)
