package bulk

import (
	"sort"
	"sync"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/importer"
)

// draftProducts collects the product names of an import's rows and hands
// the store the draft products of the enterprises the import inserts,
// which it makes in the same transaction.
type draftProducts struct {
	mu       sync.Mutex
	byLine   map[int]draftRow
	enterpID map[int]int64 // line → inserted enterprise
}

type draftRow struct {
	names  []string
	sector siapekspor.Sector
}

func (d *draftProducts) add(row *importer.Row) {
	d.mu.Lock()
	d.byLine[row.Line] = draftRow{names: row.Products, sector: row.Enterprise.Sector}
	d.mu.Unlock()
}

func (d *draftProducts) inserted(line int, id int64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.byLine[line]; !ok {
		return
	}
	if d.enterpID == nil {
		d.enterpID = map[int]int64{}
	}
	d.enterpID[line] = id
}

// products are the drafts of the rows inserted, in line order: what the
// store makes in the import's own transaction (ImportOptions.Drafts).
func (d *draftProducts) products() []*siapekspor.Product {
	d.mu.Lock()
	defer d.mu.Unlock()
	lines := make([]int, 0, len(d.enterpID))
	for line := range d.enterpID {
		lines = append(lines, line)
	}
	sort.Ints(lines)
	var ps []*siapekspor.Product
	for _, line := range lines {
		id, r := d.enterpID[line], d.byLine[line]
		for _, name := range r.names {
			ps = append(ps, &siapekspor.Product{EnterpriseID: id, NameID: name, Category: r.sector, Validation: siapekspor.ValidationDraft})
		}
	}
	return ps
}
