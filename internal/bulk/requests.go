package bulk

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/importer"
	"github.com/siapekspor/siapekspor/internal/sheet"
	"github.com/siapekspor/siapekspor/internal/store"
)

// requestExportFields: the export's columns, in the import's headers, so
// that an exported list imports back.
var requestExportFields = []importer.Field{importer.RKind, importer.ROrgID, importer.ROrgName, importer.RTitle, importer.RHSCode,
	importer.RWords, importer.RKBLI, importer.RQuantity, importer.RUnit, importer.RFrequency, importer.RDestination,
	importer.RIncoterm, importer.RTargetPrice, importer.RCurrency, importer.RBudget, importer.RDelivery, importer.RLocalFirst,
	importer.RCertificates, importer.RSample, importer.RRequireValid, importer.RMinCapacity, importer.RDeadline,
	importer.RDeliveryDate, importer.RStatus, importer.RVisibility, importer.RNotes}

func requestCells(r *siapekspor.BuyingRequest) []any {
	certs := make([]string, len(r.Certificates))
	for i, c := range r.Certificates {
		certs[i] = string(c)
	}
	yes := func(b bool) any {
		if b {
			return "ya"
		}
		return "tidak"
	}
	return []any{string(r.Kind), r.OrgID, r.OrgName, r.Title, r.HSCode, r.Words, r.KBLI, r.Quantity, string(r.Unit), r.Frequency,
		r.Destination, r.Incoterm, r.TargetPrice, r.Currency, r.Budget, r.DeliveryRegion, r.LocalFirst, strings.Join(certs, ","),
		yes(r.SampleNeeded), yes(r.RequireValidated), r.MinCapacityPct, optDate(r.Deadline), optDate(r.DeliveryDate),
		string(r.Status), string(r.Visibility), r.Notes}
}

// ExportRequests writes the requests a filter selects, within the actor's
// scope, as CSV or XLSX.
func ExportRequests(ctx context.Context, db *store.DB, f store.RequestFilter, format string, w io.Writer) (int, error) {
	return writeTable(format, w, RequestImportColumns(), func(row func(...any) error) error {
		return db.EachRequest(ctx, f, func(r *siapekspor.BuyingRequest) error { return row(requestCells(r)...) })
	})
}

// MaxRequestImportRows bounds a request file (held whole until stored).
const MaxRequestImportRows = 10_000

// ImportRequests reads a request list and stores all of it in one
// transaction or — when any row has a problem — none of it, reporting
// every problem by line and column. Each row names a buyer organisation
// (by id or exact name) the actor may post for.
func ImportRequests(ctx context.Context, db *store.DB, req TableImportRequest) (*TableImportReport, error) {
	a := siapekspor.ActorFrom(ctx)
	if !siapekspor.Can(a, siapekspor.PermRequestWrite) {
		return nil, siapekspor.Errorf(siapekspor.EForbidden, "error.forbidden")
	}
	sum := sha256.New()
	if _, err := io.Copy(sum, io.NewSectionReader(req.File, 0, req.Size)); err != nil {
		return nil, err
	}
	rep := &TableImportReport{SHA256: hex.EncodeToString(sum.Sum(nil)), DryRun: req.DryRun, Problems: []sheet.Problem{}, Guesses: []importer.Guess{}, IDs: []int64{}, Columns: map[string]string{}}
	r, tbl, format, found, err := openSheet(ctx, req.File, req.Size, req.Sheet, req.Sheet == "", func(t sheet.Table, f sheet.Format) (*importer.RequestReader, error) {
		return importer.NewRequestReader(t, f, db.RequestRefs(), CountryCode, db.Now())
	})
	if err != nil {
		return nil, err
	}
	defer tbl.Close()
	rep.Format, rep.Sheet = format, found
	for f := range r.Header.Mapping {
		rep.Columns[string(f)] = r.Header.Column(f)
	}
	byName, err := db.RequestOrgIDsByName(ctx)
	if err != nil {
		return nil, err
	}
	var rows []*importer.RequestRow
	if rep.Rows, err = readList(ctx, r.Next, MaxRequestImportRows, "request.import.too_many_rows", func(row *importer.RequestRow) error {
		rep.Problems = append(rep.Problems, row.Problems...)
		rep.addGuesses(row.Guesses)
		if q := row.Request; q != nil {
			field, cell := importer.ROrgID, strconv.FormatInt(q.OrgID, 10)
			if q.OrgID == 0 {
				field, cell, q.OrgID = importer.ROrgName, row.OrgName, byName[strings.ToLower(row.OrgName)]
			}
			switch {
			case q.OrgID == 0 || !knownOrg(byName, q.OrgID):
				rep.Problems = append(rep.Problems, sheet.Problem{Line: row.Line, Column: r.Header.Column(field), Field: string(field), Key: "request.org_not_buyer", Value: cell})
			case !siapekspor.CanWriteRequest(a, q.OrgID):
				rep.Problems = append(rep.Problems, sheet.Problem{Line: row.Line, Column: r.Header.Column(field), Field: string(field), Key: "request.import.not_yours", Value: cell})
			}
		}
		rows = append(rows, row)
		return nil
	}); err != nil {
		return nil, err
	}
	if rep.Rows == 0 {
		return nil, siapekspor.Errorf(siapekspor.EInvalid, "import.empty_file")
	}
	sort.SliceStable(rep.Problems, func(i, j int) bool { return rep.Problems[i].Line < rep.Problems[j].Line })
	if len(rep.Problems) > 0 || req.DryRun {
		return rep, nil
	}
	list := make([]*siapekspor.BuyingRequest, len(rows))
	for i, row := range rows {
		list[i] = row.Request
	}
	if err := db.CreateRequests(ctx, list); err != nil {
		return nil, err
	}
	for _, q := range list {
		rep.IDs = append(rep.IDs, q.ID)
	}
	rep.Imported = len(list)
	return rep, nil
}

func knownOrg(byName map[string]int64, id int64) bool {
	for _, v := range byName {
		if v == id {
			return true
		}
	}
	return false
}

// RequestImportColumns are the import's headers, in the export's order.
func RequestImportColumns() []string {
	out := make([]string, len(requestExportFields))
	for i, f := range requestExportFields {
		out[i] = importer.RequestHeaders[f]
	}
	return out
}
