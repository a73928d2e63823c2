package bulk

import (
	"context"
	"io"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
)

// MatchColumns are the columns of a pipeline export.
var MatchColumns = []string{"id", "request_id", "request", "buyer", "enterprise_id", "enterprise", "regency_code", "product_id", "product",
	"hs_code", "step", "step_at", "lost_reason", "lost_from", "score", "contract_value", "contract_currency", "contract_quantity",
	"contract_unit", "contract_terms"}

// ExportMatches writes the matches a filter selects (within the actor's
// scope) as CSV or XLSX.
func ExportMatches(ctx context.Context, db *store.DB, f store.MatchFilter, format string, w io.Writer) (int, error) {
	return writeTable(format, w, MatchColumns, func(row func(...any) error) error {
		return db.EachMatch(ctx, f, func(m *siapekspor.Match) error {
			c := m.Contract
			return row(m.ID, m.RequestID, m.RequestTitle, m.OrgName, m.EnterpriseID, m.EnterpriseName, m.RegencyCode, m.ProductID,
				m.ProductName, m.HSCode, string(m.Step), m.StepAt.Format("2006-01-02 15:04"), m.LostReason, string(m.LostFrom), m.Score,
				c.Value, c.Currency, c.Quantity, string(c.Unit), c.Terms)
		})
	})
}
