package bulk

import (
	"context"
	"sort"
	"sync"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/importer"
	"github.com/siapekspor/siapekspor/internal/store"
)

// draftProducts collects the product names of an import's rows and, once
// the enterprises are stored, makes them draft products of the enterprises
// the import inserted.
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

// create stores the drafts (a dry run only counts them) in one
// transaction after the import's, and says how many.
func (d *draftProducts) create(ctx context.Context, db *store.DB, req ImportRequest) (int, error) {
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
	if req.DryRun || len(ps) == 0 {
		return len(ps), nil
	}
	if err := db.CreateProducts(ctx, "import:"+req.FileName, ps); err != nil {
		return 0, err
	}
	return len(ps), nil
}
