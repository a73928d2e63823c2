package trade

import "github.com/siapekspor/siapekspor"

// Limits of a trade file. A BACI or Comtrade file is streamed (a BACI year
// is ten million rows; memory holds only the aggregated tables and the
// first DefaultMaxProblems problems), so only a record's length needs a
// bound: a line with no line break, or a quote never closed, would
// otherwise be held whole. The README's table of limits quotes these.
const (
	// MaxRecordBytes bounds one record (a line, or the lines of a quoted field).
	MaxRecordBytes = 1 << 20
)

// errRecordTooLong is a record over MaxRecordBytes.
var errRecordTooLong = siapekspor.Errorf(siapekspor.EInvalid, "trade.record_too_long", MaxRecordBytes>>20)
