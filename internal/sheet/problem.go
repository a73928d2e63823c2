package sheet

// Problem is one reason a row (or, with Line 0, a file) cannot be taken:
// where, by line and column, and why, as a message key with its arguments.
// The importer, the export-statistics reader and the market's requirement
// lists report with it.
type Problem struct {
	Line   int    `json:"line"`
	Column string `json:"column"` // "C (NIK)", or "" for the row as a whole
	Field  string `json:"field"`
	Key    string `json:"code"`
	Args   []any  `json:"-"`
	Value  string `json:"value"`
}
