package store_test

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/cluster"
	"github.com/siapekspor/siapekspor/internal/readiness"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestSummaryCountsStayExact makes random changes of every kind the store
// knows — enterprises created, edited, deleted, created in bulk, imported
// (new and updated rows), imports undone, assessments made and imported,
// products created, edited, deleted, submitted, reviewed and created in
// bulk, export records created, edited and deleted — and after each one
// compares the summary figures with a count of
// the rows themselves; then checks the counts pages read against COUNT(*)
// for random filters and scopes.
func TestSummaryCountsStayExact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		rnd := rand.New(rand.NewPCG(16, 2))
		c := &countChanges{t: t, db: db, rnd: rnd}
		c.setUp()
		steps := 120
		if testing.Short() {
			steps = 40
		}
		for i := 0; i < steps; i++ {
			what := c.step()
			if diff := summaryDiff(t, db); diff != "" {
				t.Fatalf("after step %d (%s) the summary is wrong:\n%s", i, what, diff)
			}
			if diff := c.catalogueDiff(); diff != "" {
				t.Fatalf("after step %d (%s) the catalogue is wrong:\n%s", i, what, diff)
			}
		}
		if c.kinds < 20 {
			t.Fatalf("only %d kinds of change were made", c.kinds)
		}
		if c.listed == 0 {
			t.Fatal("the catalogue never listed a product")
		}
		c.checkReads()
	})
}

type countChanges struct {
	t       *testing.T
	db      *store.DB
	rnd     *rand.Rand
	offices []int64
	ids     []int64 // live enterprises
	imports []int64 // imports not undone
	nib     int
	q       *readiness.Questionnaire
	done    map[string]bool
	kinds   int
	listed  int // products the catalogue listed, summed over the checks
}

func (c *countChanges) setUp() {
	c.done = map[string]bool{}
	for _, name := range []string{"Dinas Koperasi Lampung Selatan", "Dinas Perindustrian Kota Metro"} {
		o := &siapekspor.Organisation{Name: name, Kind: siapekspor.OrgRegencyOffice, RegionCode: "18.01"}
		if err := c.db.CreateOrganisation(ctx, o); err != nil {
			c.t.Fatal(err)
		}
		c.offices = append(c.offices, o.ID)
	}
	v, err := c.db.CurrentQuestionnaire(ctx)
	if err != nil {
		c.t.Fatal(err)
	}
	c.q = v.Body
	for i := 0; i < 6; i++ {
		e := c.enterprise()
		if err := c.db.CreateEnterprise(ctx, e); err != nil {
			c.t.Fatal(err)
		}
		c.ids = append(c.ids, e.ID)
	}
}

// enterprise is a random valid enterprise in one of three regencies, with
// or without a district, an office, a NIB.
func (c *countChanges) enterprise() *siapekspor.Enterprise {
	e := validEnterprise()
	e.Name = fmt.Sprintf("Usaha Acak %d", c.rnd.IntN(1_000_000))
	e.NIB, e.OwnerNIK = "", ""
	if c.rnd.IntN(3) == 0 {
		c.nib++
		e.NIB = fmt.Sprintf("91%011d", c.nib)
	}
	c.place(e)
	c.vary(e)
	return e
}

func (c *countChanges) place(e *siapekspor.Enterprise) {
	ix := refdata.DefaultRegionIndex()
	e.RegencyCode = []string{"18.01", "18.02", "18.71"}[c.rnd.IntN(3)]
	e.DistrictCode, e.VillageCode, e.Lat, e.Lng = "", "", nil, nil
	if c.rnd.IntN(4) > 0 {
		ds := ix.Children(e.RegencyCode)
		e.DistrictCode = ds[c.rnd.IntN(min(3, len(ds)))].Code
	}
	// Coordinates for two in three (the map's summary, point_cells), now and
	// then two at one spot.
	if c.rnd.IntN(3) > 0 {
		lat, lng := -6+c.rnd.Float64()*1.5, 104+c.rnd.Float64()*2
		if c.rnd.IntN(5) == 0 {
			lat, lng = -5.4, 105.25
		}
		e.Lat, e.Lng = &lat, &lng
	}
}

func (c *countChanges) vary(e *siapekspor.Enterprise) {
	e.Sector = siapekspor.Sectors[c.rnd.IntN(3)]
	e.Kind = []siapekspor.EnterpriseKind{siapekspor.KindUMKM, siapekspor.KindIKM, siapekspor.KindKoperasi}[c.rnd.IntN(3)]
	if e.Kind == siapekspor.KindKoperasi {
		e.LegalForm = siapekspor.LegalKoperasi
	} else {
		e.LegalForm = siapekspor.LegalUD
	}
	e.AnnualTurnover = []int64{0, 600_000_000, 5_000_000_000, 20_000_000_000}[c.rnd.IntN(4)]
	e.ExportStatus = siapekspor.ExportStatuses[c.rnd.IntN(len(siapekspor.ExportStatuses))]
	e.BinaanOrgID = nil
	if k := c.rnd.IntN(3); k < 2 {
		e.BinaanOrgID = &c.offices[k]
	}
}

func (c *countChanges) pick() int64 { return c.ids[c.rnd.IntN(len(c.ids))] }

func (c *countChanges) must(err error) {
	c.t.Helper()
	if err != nil {
		c.t.Fatal(err)
	}
}

// products lists a live enterprise's products.
func (c *countChanges) products(id int64) []siapekspor.Product {
	page, err := c.db.ListProducts(ctx, store.ProductFilter{EnterpriseID: id})
	c.must(err)
	return page.Items
}

var countHS = []string{"090121", "090111", "121221", "200899", "09012100"}

func (c *countChanges) product(id int64) *siapekspor.Product {
	p := coffee(id)
	p.HSCode = countHS[c.rnd.IntN(len(countHS))]
	return p
}

// step makes one random change and names it.
func (c *countChanges) step() string {
	validator := siapekspor.WithActor(ctx, asRole(siapekspor.RoleValidator, 0, ""))
	kinds := []string{"create", "update", "delete", "bulk create", "import", "undo import", "assess", "import assessments",
		"create product", "update product", "delete product", "submit product", "review product", "bulk products",
		"create export record", "update export record", "delete export record",
		"list", "unlist", "create certificate", "update certificate", "delete certificate"}
	what := kinds[c.rnd.IntN(len(kinds))]
	if len(c.ids) < 3 && what == "delete" {
		what = "create"
	}
	switch what {
	case "create":
		e := c.enterprise()
		c.must(c.db.CreateEnterprise(ctx, e))
		c.ids = append(c.ids, e.ID)
	case "update":
		e, err := c.db.Enterprise(ctx, c.pick())
		c.must(err)
		if c.rnd.IntN(2) == 0 {
			c.place(e)
		}
		c.vary(e)
		c.must(c.db.UpdateEnterprise(ctx, e))
	case "delete":
		i := c.rnd.IntN(len(c.ids))
		c.must(c.db.DeleteEnterprise(ctx, c.ids[i]))
		c.ids = slices.Delete(c.ids, i, i+1)
	case "bulk create":
		var es []*siapekspor.Enterprise
		for range 1 + c.rnd.IntN(5) {
			es = append(es, c.enterprise())
		}
		c.must(c.db.CreateEnterprises(ctx, "test", es))
		for _, e := range es {
			c.ids = append(c.ids, e.ID)
		}
	case "import":
		// New rows, and rows naming a registered enterprise's NIB: updated.
		var rows []*store.ImportRow
		for i := range 1 + c.rnd.IntN(4) {
			e := c.enterprise()
			if i == 0 {
				if old, err := c.db.Enterprise(ctx, c.pick()); err == nil && old.NIB != "" {
					e.NIB = old.NIB
				}
			}
			rows = append(rows, &store.ImportRow{Line: i + 2, Enterprise: e})
		}
		n := 0
		next := func() (*store.ImportRow, error) {
			if n == len(rows) {
				return nil, io.EOF
			}
			n++
			return rows[n-1], nil
		}
		res, err := c.db.ImportEnterprises(ctx, store.ImportOptions{FileName: "acak.csv", FileSHA256: "x", Format: "csv", Duplicates: store.DupUpdate}, next, nil)
		c.must(err)
		c.imports = append(c.imports, res.ID)
		c.refreshIDs()
	case "undo import":
		if len(c.imports) == 0 {
			return c.step()
		}
		i := c.rnd.IntN(len(c.imports))
		// An import whose records were edited since is refused: that changes nothing.
		if _, err := c.db.UndoImport(ctx, c.imports[i]); err != nil && siapekspor.ErrorCodeOf(err) != siapekspor.EConflict {
			c.t.Fatal(err)
		}
		c.imports = slices.Delete(c.imports, i, i+1)
		c.refreshIDs()
	case "assess":
		_, err := c.db.CreateAssessment(ctx, c.pick(), c.answers())
		c.must(err)
	case "import assessments":
		var in []store.AssessmentInput
		for range 1 + c.rnd.IntN(4) {
			in = append(in, store.AssessmentInput{EnterpriseID: c.pick(), Answers: c.answers(), Kind: store.AssessedByOfficer,
				At: time.Now().UTC().Truncate(time.Second).AddDate(0, 0, -c.rnd.IntN(100))})
		}
		_, err := c.db.ImportAssessments(ctx, in)
		c.must(err)
	case "create product":
		c.must(c.db.CreateProduct(ctx, c.product(c.pick())))
	case "bulk products":
		var ps []*siapekspor.Product
		for range 1 + c.rnd.IntN(5) {
			ps = append(ps, c.product(c.pick()))
		}
		c.must(c.db.CreateProducts(ctx, "test", ps))
	case "create export record", "update export record", "delete export record":
		// Records of random years move the enterprise's export status.
		page, err := c.db.ListExportRecords(ctx, store.ExportFilter{EnterpriseID: c.pick(), Limit: 10})
		c.must(err)
		day := time.Date(2023+c.rnd.IntN(3), time.Month(1+c.rnd.IntN(12)), 1+c.rnd.IntN(28), 0, 0, 0, 0, time.UTC)
		switch {
		case what == "create export record" || len(page.Items) == 0:
			c.must(c.db.CreateExportRecord(ctx, &siapekspor.ExportRecord{EnterpriseID: c.pick(), HSCode: "090111", Destination: "JPN",
				ValueUSDCents: 100_000, RateIDR: 16_000, ExportDate: day, Source: siapekspor.SourceOfficer}))
			what = "create export record"
		case what == "update export record":
			r := page.Items[c.rnd.IntN(len(page.Items))]
			r.ExportDate, r.ValueIDR = day, 0
			c.must(c.db.UpdateExportRecord(ctx, &r))
		default:
			_, _, err := c.db.DeleteExportRecord(ctx, page.Items[c.rnd.IntN(len(page.Items))].ID)
			c.must(err)
		}
	case "list", "unlist":
		// The owner's consent to the catalogue, given or withdrawn; most
		// often to an enterprise with a validated product.
		id := c.pick()
		all, err := c.db.ListProducts(ctx, store.ProductFilter{})
		c.must(err)
		if len(all.Items) > 0 && c.rnd.IntN(4) > 0 {
			p := all.Items[c.rnd.IntN(len(all.Items))]
			id = p.EnterpriseID
			// The product validated first, if it is not.
			if siapekspor.CanSubmit(p.Validation) {
				c.must(c.db.SubmitProduct(ctx, p.ID, ""))
				p.Validation = siapekspor.ValidationSubmitted
			}
			if p.Validation == siapekspor.ValidationSubmitted {
				points := map[siapekspor.ReviewPoint]siapekspor.PointReview{}
				for _, pt := range siapekspor.ReviewPoints {
					points[pt] = siapekspor.PointReview{OK: true}
				}
				_, err := c.db.ReviewProduct(validator, p.ID, siapekspor.Review{Points: points})
				c.must(err)
			}
		}
		owner := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOwner, id, ""))
		c.must(c.db.SetListingConsent(owner, &siapekspor.ListingConsent{EnterpriseID: id, Listed: what == "list"}))
	case "create certificate", "update certificate", "delete certificate":
		// The product's own or the enterprise's, lapsed, lapsing or lasting:
		// the catalogue lists and counts by them.
		id := c.pick()
		if page, err := c.db.ListProducts(ctx, store.ProductFilter{Validation: siapekspor.ValidationApproved}); err == nil && len(page.Items) > 0 && c.rnd.IntN(2) > 0 {
			id = page.Items[c.rnd.IntN(len(page.Items))].EnterpriseID
		}
		certs, err := c.db.ListCertificates(ctx, store.CertificateFilter{EnterpriseID: id})
		c.must(err)
		if what != "create certificate" && len(certs) == 0 {
			what = "create certificate"
		}
		cert := siapekspor.Certificate{EnterpriseID: id, Type: []siapekspor.CertificateType{"halal", "organic", "sni"}[c.rnd.IntN(3)],
			Number: fmt.Sprintf("C-%d", c.rnd.IntN(1_000_000)), Issuer: "X", IssuedOn: ptr(time.Now().AddDate(-3, 0, 0))}
		if what != "create certificate" {
			cert = certs[c.rnd.IntN(len(certs))]
		}
		if what == "delete certificate" {
			_, _, err := c.db.DeleteCertificate(ctx, cert.ID)
			c.must(err)
			break
		}
		cert.ProductID, cert.ExpiresOn = nil, nil
		if ps := c.products(id); len(ps) > 0 && c.rnd.IntN(3) > 0 {
			cert.ProductID = &ps[c.rnd.IntN(len(ps))].ID
		}
		if k := c.rnd.IntN(3); k > 0 {
			cert.ExpiresOn = ptr(time.Now().UTC().AddDate(0, 0, []int{-1, 1}[k-1]*(1+c.rnd.IntN(30))))
		}
		if what == "create certificate" {
			c.must(c.db.CreateCertificate(ctx, &cert))
		} else {
			c.must(c.db.UpdateCertificate(ctx, &cert))
		}
	case "update product", "delete product", "submit product", "review product":
		ps := c.products(c.pick())
		if len(ps) == 0 {
			c.must(c.db.CreateProduct(ctx, c.product(c.pick())))
			return "create product"
		}
		p := ps[c.rnd.IntN(len(ps))]
		if what == "review product" {
			// A product waiting for review, if any: validated ones are what
			// the catalogue lists.
			if page, err := c.db.ListProducts(ctx, store.ProductFilter{Validation: siapekspor.ValidationSubmitted}); err == nil && len(page.Items) > 0 {
				p = page.Items[c.rnd.IntN(len(page.Items))]
			}
		}
		switch what {
		case "update product":
			p.HSCode = countHS[c.rnd.IntN(len(countHS))]
			p.CapacityPerMonth++
			c.must(c.db.UpdateProduct(ctx, &p))
		case "delete product":
			_, err := c.db.DeleteProduct(ctx, p.ID)
			c.must(err)
		case "submit product":
			if siapekspor.CanSubmit(p.Validation) {
				c.must(c.db.SubmitProduct(ctx, p.ID, ""))
			}
		case "review product":
			if p.Validation == siapekspor.ValidationSubmitted {
				points := map[siapekspor.ReviewPoint]siapekspor.PointReview{}
				for _, pt := range siapekspor.ReviewPoints {
					points[pt] = siapekspor.PointReview{OK: true}
				}
				if c.rnd.IntN(2) == 0 {
					points["capacity"] = siapekspor.PointReview{OK: false, Reason: "terlalu kecil"}
				}
				_, err := c.db.ReviewProduct(validator, p.ID, siapekspor.Review{Points: points})
				c.must(err)
			} else if siapekspor.CanSubmit(p.Validation) {
				c.must(c.db.SubmitProduct(ctx, p.ID, ""))
			}
		}
	}
	if !c.done[what] {
		c.done[what] = true
		c.kinds++
	}
	return what
}

func (c *countChanges) answers() readiness.Answers {
	return answersAll(c.q, func(int, readiness.Question) int { return c.rnd.IntN(4) })
}

// refreshIDs reads the live enterprises after an import or an undo.
func (c *countChanges) refreshIDs() {
	c.ids = c.ids[:0]
	c.must(c.db.EachEnterprise(ctx, siapekspor.EnterpriseFilter{}, func(e *siapekspor.Enterprise) error {
		c.ids = append(c.ids, e.ID)
		return nil
	}))
}

// summaryDiff compares the summary tables with counts made from the rows
// in Go; "" when they agree.
func summaryDiff(t *testing.T, db *store.DB) string {
	t.Helper()
	if diff, err := db.FunnelDiffForTest(ctx); err != nil {
		t.Fatal(err)
	} else if diff != "" {
		return "funnel:\n" + diff
	}
	if diff, err := db.PointsDiffForTest(ctx); err != nil {
		t.Fatal(err)
	} else if diff != "" {
		return "map points:\n" + diff
	}
	want := map[string]int64{}
	rows, err := db.QueryForTest(ctx, `SELECT e.province_code, e.regency_code, COALESCE(e.district_code, ''), e.sector, e.kind, e.size_class, e.export_status,
		COALESCE(e.binaan_org_id, 0), COALESCE(r.level, '') FROM enterprises e LEFT JOIN enterprise_readiness r ON r.enterprise_id = e.id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var p, r, d, sector, kind, size, export, level string
		var binaan int64
		if err := rows.Scan(&p, &r, &d, &sector, &kind, &size, &export, &binaan, &level); err != nil {
			t.Fatal(err)
		}
		regions := []string{"", p, r, d}
		if d == "" {
			regions = regions[:3]
		}
		for _, region := range regions {
			want[fmt.Sprintf("enterprises %q %s %s %s %s %d %q", region, sector, kind, size, export, binaan, level)]++
		}
	}
	rows.Close()
	// Products: count, and distinct enterprises, per region, code, status
	// (and any status) and office.
	type cell struct {
		n           int64
		enterprises map[int64]bool
	}
	prod := map[string]*cell{}
	rows, err = db.QueryForTest(ctx, `SELECT e.id, e.province_code, e.regency_code, COALESCE(e.district_code, ''), COALESCE(e.binaan_org_id, 0), p.hs_code, p.validation
		FROM products p JOIN enterprises e ON e.id = p.enterprise_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, binaan int64
		var p, r, d, hs, validation string
		if err := rows.Scan(&id, &p, &r, &d, &binaan, &hs, &validation); err != nil {
			t.Fatal(err)
		}
		regions := []string{"", p, r, d}
		if d == "" {
			regions = regions[:3]
		}
		for _, region := range regions {
			for _, v := range []string{validation, "*"} {
				k := fmt.Sprintf("products %q %s %s %d", region, hs[:min(6, len(hs))], v, binaan)
				if prod[k] == nil {
					prod[k] = &cell{enterprises: map[int64]bool{}}
				}
				prod[k].n++
				prod[k].enterprises[id] = true
			}
		}
	}
	rows.Close()
	for k, c := range prod {
		want[k] = c.n
		want[k+" enterprises"] = int64(len(c.enterprises))
	}
	got := db.SummaryForTest(t)
	var diff []string
	for k, n := range want {
		if got[k] != n {
			diff = append(diff, fmt.Sprintf("%s: summary %d, rows %d", k, got[k], n))
		}
	}
	for k, n := range got {
		if _, ok := want[k]; !ok && n != 0 {
			diff = append(diff, fmt.Sprintf("%s: summary %d, rows 0", k, n))
		}
	}
	slices.Sort(diff)
	return strings.Join(diff, "\n")
}

// checkReads compares the counts pages show with COUNT(*) over the rows,
// for random filters and for readers of every kind of scope.
func (c *countChanges) checkReads() {
	c.checkMapReads()
	readers := map[string]siapekspor.Actor{
		"admin":           asRole(siapekspor.RoleAdmin, 0, ""),
		"regency officer": {UserID: 98, Role: siapekspor.RoleOfficer, RegionCode: "18.01", OrgID: c.offices[0], Label: "o@x"},
		"district office": {UserID: 97, Role: siapekspor.RoleOfficer, RegionCode: "18.02.01", OrgID: c.offices[1], Label: "d@x"},
		"owner":           asRole(siapekspor.RoleOwner, c.ids[0], ""),
	}
	for name, a := range readers {
		as := siapekspor.WithActor(ctx, a)
		for range 30 {
			f := siapekspor.EnterpriseFilter{Limit: 5}
			switch c.rnd.IntN(4) {
			case 0:
				f.ProvinceCode = "18"
			case 1:
				f.RegencyCode = []string{"18.01", "18.02", "18.71"}[c.rnd.IntN(3)]
			case 2:
				ds := refdata.DefaultRegionIndex().Children("18.02")
				f.DistrictCode = ds[c.rnd.IntN(3)].Code
			}
			if c.rnd.IntN(2) == 0 {
				f.Sector = siapekspor.Sectors[c.rnd.IntN(3)]
			}
			if c.rnd.IntN(3) == 0 {
				f.ExportStatus = siapekspor.ExportStatuses[c.rnd.IntN(len(siapekspor.ExportStatuses))]
			}
			if c.rnd.IntN(3) == 0 {
				f.BinaanOrgID = c.offices[c.rnd.IntN(2)]
			}
			page, err := c.db.ListEnterprises(as, f)
			c.must(err)
			f.Limit = 500
			n := 0
			c.must(c.db.EachEnterprise(as, f, func(*siapekspor.Enterprise) error { n++; return nil }))
			if page.Total != n {
				c.t.Errorf("%s, filter %+v: the list says %d, the rows are %d", name, f, page.Total, n)
			}
		}
		page, err := c.db.ListReadiness(as, store.ReadinessFilter{Limit: 500})
		c.must(err)
		byLevel := map[siapekspor.TrainingLevel]int{}
		c.must(c.db.EachReadiness(as, store.ReadinessFilter{}, func(r *store.ReadinessRow) error { byLevel[r.Level]++; return nil }))
		for l, n := range byLevel {
			if page.ByLevel[l] != n {
				c.t.Errorf("%s: class %s counted %d, rows %d", name, l, page.ByLevel[l], n)
			}
		}
		for range 10 {
			f := store.ProductFilter{Limit: 1}
			if c.rnd.IntN(2) == 0 {
				f.RegencyCode = []string{"18.01", "18.02", "18.71"}[c.rnd.IntN(3)]
			}
			if c.rnd.IntN(2) == 0 {
				f.Validation = siapekspor.ValidationStatuses[c.rnd.IntN(len(siapekspor.ValidationStatuses))]
			}
			if c.rnd.IntN(3) == 0 {
				f.HSChapter = []string{"09", "12", "20"}[c.rnd.IntN(3)]
			}
			products, err := c.db.ListProducts(as, f)
			c.must(err)
			n := 0
			c.must(c.db.EachProduct(as, f, func(*siapekspor.Product) error { n++; return nil }))
			if products.Total != n {
				c.t.Errorf("%s, filter %+v: products counted %d, rows %d", name, f, products.Total, n)
			}
		}
		// A country's page: the reader's products by code, their makers, the validated.
		type codeCount struct {
			products, validated int
			makers              map[int64]bool
		}
		want := map[string]*codeCount{}
		c.must(c.db.EachProduct(as, store.ProductFilter{}, func(p *siapekspor.Product) error {
			hs := p.HSCode[:6]
			if want[hs] == nil {
				want[hs] = &codeCount{makers: map[int64]bool{}}
			}
			want[hs].products++
			want[hs].makers[p.EnterpriseID] = true
			if p.Validation == siapekspor.ValidationApproved {
				want[hs].validated++
			}
			return nil
		}))
		cm, err := c.db.CountryMarket(as, "AUS")
		c.must(err)
		if len(cm.Products) != len(want) {
			c.t.Errorf("%s: %d codes on the country page, %d in the rows", name, len(cm.Products), len(want))
		}
		for _, cp := range cm.Products {
			w := want[cp.HS]
			if w == nil || cp.Products != w.products || cp.Enterprises != len(w.makers) || cp.Validated != w.validated {
				c.t.Errorf("%s: code %s on the country page %d products of %d enterprises, %d validated; rows %+v", name, cp.HS, cp.Products, cp.Enterprises, cp.Validated, w)
			}
		}
	}
}

// TestConcurrentEditsKeepCountsAndNeverDeadlock edits two enterprises of one
// district at the same time, each moving between the export statuses the other
// leaves (the summary rows each edit takes away from and adds to cross), and
// then checks every edit succeeded and the summary is exact. On PostgreSQL
// such crossing edits deadlocked before the summary's writers were queued.
func TestConcurrentEditsKeepCountsAndNeverDeadlock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a, b := validEnterprise(), validEnterprise()
		b.NIB = ""
		b.Name = "UD Kedua"
		a.ExportStatus, b.ExportStatus = siapekspor.ExportNever, siapekspor.ExportReady
		for _, e := range []*siapekspor.Enterprise{a, b} {
			if err := db.CreateEnterprise(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		statuses := []siapekspor.ExportStatus{siapekspor.ExportNever, siapekspor.ExportReady}
		errs := make(chan error, 2)
		for i, e := range []*siapekspor.Enterprise{a, b} {
			go func() {
				for n := range 40 {
					e.ExportStatus = statuses[(n+i+1)%2]
					if err := db.UpdateEnterprise(ctx, e); err != nil {
						errs <- fmt.Errorf("edit %d of %s: %w", n, e.Name, err)
						return
					}
				}
				errs <- nil
			}()
		}
		for range 2 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		if diff := summaryDiff(t, db); diff != "" {
			t.Fatalf("the summary is wrong after concurrent edits:\n%s", diff)
		}
	})
}

// checkMapReads compares the map's reads from its summary with the same
// made from the rows: the clusters of every summary zoom with cluster.Grid
// over the region's enterprises, the district counts with a GROUP BY.
func (c *countChanges) checkMapReads() {
	admin := siapekspor.WithActor(ctx, asRole(siapekspor.RoleAdmin, 0, ""))
	world := cluster.BBox{South: -85, West: -180, North: 85, East: 180}
	for _, region := range []string{"18", "18.01", "18.02", "18.71"} {
		cond := "e.regency_code = $1"
		if region == "18" {
			cond = "e.province_code = $1"
		}
		rows, err := c.db.QueryForTest(ctx, `SELECT e.id, e.lat, e.lng FROM enterprises e WHERE `+cond+` AND e.lat IS NOT NULL`, region)
		c.must(err)
		var pts []cluster.Point
		for rows.Next() {
			var p cluster.Point
			c.must(rows.Scan(&p.ID, &p.Lat, &p.Lng))
			pts = append(pts, p)
		}
		rows.Close()
		for _, zoom := range []int{0, 5, 6, 7, 9, 12, 14} {
			for _, max := range []int{3, 400} {
				got, more, err := c.db.EnterpriseClusters(admin, region, zoom, world, max)
				c.must(err)
				if want := cluster.Grid(pts, zoom, max); more || !reflect.DeepEqual(got, want) {
					c.t.Errorf("map of %s at zoom %d (max %d): summary %+v, rows %+v", region, zoom, max, got, want)
				}
			}
		}
		viewer := siapekspor.WithActor(ctx, asRole(siapekspor.RoleViewer, 0, ""))
		got, err := c.db.CountDistrictPoints(viewer, region)
		c.must(err)
		want, err := c.db.CountDistrictRowsForTest(viewer, region)
		c.must(err)
		same := len(got) == len(want)
		for i := 0; same && i < len(got); i++ {
			g, w := got[i], want[i]
			same = g.Code == w.Code && g.Count == w.Count && math.Abs(g.Lat-w.Lat) < 1e-6 && math.Abs(g.Lng-w.Lng) < 1e-6
		}
		if !same {
			c.t.Errorf("district points of %s: summary %+v, rows %+v", region, got, want)
		}
	}
}

// catalogueDiff compares the catalogue's read model with the registry, and
// what its pages read (the listed products, the counts) today and on days
// ahead, when certificates have lapsed, with siapekspor.ListingState.Listed
// over the registry's own records; "" when they agree.
func (c *countChanges) catalogueDiff() string {
	diff, err := c.db.CatalogueDiffForTest(ctx)
	c.must(err)
	if diff != "" {
		return diff
	}
	now := c.db.Now()
	for _, days := range []int{0, 3, 20, 40} {
		on := now.AddDate(0, 0, days)
		want := map[string]int{}
		var wantIDs []int64
		for _, id := range c.ids {
			consent, err := c.db.ListingConsent(ctx, id)
			c.must(err)
			e, err := c.db.Enterprise(ctx, id)
			c.must(err)
			certs, err := c.db.ListCertificates(ctx, store.CertificateFilter{EnterpriseID: id})
			c.must(err)
			ents := 0
			for _, p := range c.products(id) {
				st := siapekspor.ListingState{Validation: p.Validation, Consent: consent.Listed}
				held := map[siapekspor.CertificateType]bool{}
				for _, ct := range certs {
					if ct.ProductID != nil && *ct.ProductID == p.ID {
						st.Certificates = append(st.Certificates, ct)
					}
					if (ct.ProductID == nil || *ct.ProductID == p.ID) && ct.Counts(on) {
						held[ct.Type] = true
					}
				}
				if ok, _ := st.Listed(on); !ok {
					continue
				}
				wantIDs = append(wantIDs, p.ID)
				ents = 1
				want["products"]++
				want["chapter "+p.HSCode[:2]]++
				if p.Category != "" {
					want["category "+string(p.Category)]++
				}
				want["regency "+e.RegencyCode]++
				for t := range held {
					want["certificate "+string(t)]++
				}
			}
			want["enterprises"] += ents
		}
		if days == 0 {
			c.listed += len(wantIDs)
		}
		f, err := c.db.CatalogueFacets(ctx, on)
		c.must(err)
		got := map[string]int{"products": f.Products, "enterprises": f.Enterprises}
		for name, fcs := range map[string][]store.FacetCount{"chapter": f.Chapters, "category": f.Categories, "regency": f.Regencies, "certificate": f.Certificates} {
			for _, fc := range fcs {
				got[name+" "+fc.Key] = fc.Count
			}
		}
		for k := range want {
			if want[k] == 0 {
				delete(want, k)
			}
		}
		if !reflect.DeepEqual(got, want) && !(len(want) == 0 && f.Products == 0 && f.Enterprises == 0 && len(got) == 2) {
			return fmt.Sprintf("in %d days the catalogue counts %v, the rule %v", days, got, want)
		}
		ids, err := c.db.ListedIDsForTest(ctx, on)
		c.must(err)
		slices.Sort(wantIDs)
		if !slices.Equal(ids, wantIDs) {
			return fmt.Sprintf("in %d days the catalogue lists %v, the rule %v", days, ids, wantIDs)
		}
		page, err := c.db.CatalogueProducts(ctx, siapekspor.CatalogueFilter{Limit: 100}, on)
		c.must(err)
		if page.Total != len(wantIDs) || len(page.Items) != len(wantIDs) {
			return fmt.Sprintf("in %d days the catalogue's first page shows %d of %d products, the rule lists %d", days, len(page.Items), page.Total, len(wantIDs))
		}
		if diff := c.cardsDiff(on, f); diff != "" {
			return fmt.Sprintf("in %d days: %s", days, diff)
		}
	}
	return ""
}

// cardsDiff compares the list pages' cards (CatalogueCards) with the full
// products (CatalogueProducts) for filters of each kind, and the counts
// beside them with CatalogueFacets.
func (c *countChanges) cardsDiff(on time.Time, facets *store.CatalogueFacets) string {
	filters := []siapekspor.CatalogueFilter{{Limit: 8}, {Limit: 3, Offset: 2}, {Limit: 8, MinCapacity: 1000}}
	for _, fc := range facets.Chapters {
		filters = append(filters, siapekspor.CatalogueFilter{HSChapter: fc.Key, Limit: 8})
	}
	for _, fc := range facets.Regencies {
		filters = append(filters, siapekspor.CatalogueFilter{RegencyCode: fc.Key, Category: "coffee", Limit: 8})
	}
	for _, t := range []siapekspor.CertificateType{"halal", "sni"} {
		filters = append(filters, siapekspor.CatalogueFilter{Certificate: t, Limit: 8})
	}
	for _, f := range filters {
		full, err := c.db.CatalogueProducts(ctx, f, on)
		c.must(err)
		cards, counts, err := c.db.CatalogueCards(ctx, f, on)
		c.must(err)
		if !reflect.DeepEqual(counts, facets) {
			return fmt.Sprintf("the cards' counts %+v, the facets %+v", counts, facets)
		}
		if cards.Total != full.Total || len(cards.Items) != len(full.Items) {
			return fmt.Sprintf("filter %+v: %d cards of %d, %d products of %d", f, len(cards.Items), cards.Total, len(full.Items), full.Total)
		}
		for i, card := range cards.Items {
			p := full.Items[i]
			var kinds, cardKinds []siapekspor.CertificateType
			for _, ct := range p.Certificates {
				kinds = append(kinds, ct.Type)
			}
			for _, ct := range card.Certificates {
				cardKinds = append(cardKinds, ct.Type)
			}
			thumb, cardThumb := "", ""
			if len(p.Photos) > 0 {
				thumb = p.Photos[0].Thumb
			}
			if len(card.Photos) > 0 {
				cardThumb = card.Photos[0].Thumb
			}
			if card.ID != p.ID || card.Path != p.Path || card.NameEN != p.NameEN || card.EnterpriseName != p.EnterpriseName ||
				card.RegencyName != p.RegencyName || card.CapacityPerMonth != p.CapacityPerMonth || card.Unit != p.Unit ||
				cardThumb != thumb || !slices.Equal(kinds, cardKinds) {
				return fmt.Sprintf("filter %+v: card %+v, product %+v", f, card, p)
			}
		}
	}
	return ""
}
