package bulk_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/sheet"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

func importProducts(t *testing.T, db *store.DB, data string, dry bool) *bulk.TableImportReport {
	t.Helper()
	rep, err := bulk.ImportProducts(sysCtx, db, bulk.TableImportRequest{File: strings.NewReader(data), Size: int64(len(data)), FileName: "p.csv", DryRun: dry})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func productCount(t *testing.T, db *store.DB) int {
	t.Helper()
	p, err := db.ListProducts(sysCtx, store.ProductFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return p.Total
}

func TestProductImportAllOrNothing(t *testing.T) {
	enterprises, _ := os.ReadFile("../../samples/umkm-lampung-selatan.csv")
	products, _ := os.ReadFile("../../samples/produk-lampung-selatan.csv")
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importBytes(t, db, string(enterprises), "", false)

		// One bad row among good ones: every problem reported by line and
		// column, nothing stored.
		bad := string(products) +
			"9120000000103,Sulam Usus,,,999999,,kg,-5,,,,,,\n" + // unknown HS code, negative capacity
			"9999999999999,Tapis,,,,,,,,,,,,\n" + // unknown NIB
			",Tanpa Usaha,,,,,,,,,,,,\n" +
			"9120000000103,Tas Sulam,,,420222,,lusin,,,,,,,\n" // unknown unit
		rep := importProducts(t, db, bad, false)
		if rep.Imported != 0 || productCount(t, db) != 0 {
			t.Fatalf("a file with problems stored %d products", productCount(t, db))
		}
		want := map[string]string{"5/hs_code": "E (Kode HS)", "5/capacity_per_month": "H (Kapasitas per Bulan)",
			"6/nib": "A (NIB)", "7/nib": "A (NIB)", "8/unit": "G (Satuan)"}
		got := map[string]string{}
		for _, p := range rep.Problems {
			got[strings.Join([]string{itoa(p.Line), p.Field}, "/")] = p.Column
		}
		for k, col := range want {
			if got[k] != col {
				t.Errorf("problem %s: column %q, want %q (all: %+v)", k, got[k], col, rep.Problems)
			}
		}
		if len(rep.Problems) != len(want) {
			t.Errorf("%d problems, want %d: %+v", len(rep.Problems), len(want), rep.Problems)
		}

		// A dry run of the good file stores nothing; the real run stores all.
		if dry := importProducts(t, db, string(products), true); len(dry.Problems) != 0 || dry.Rows != 3 || productCount(t, db) != 0 {
			t.Fatalf("dry run: %+v, %d stored", dry, productCount(t, db))
		}
		ok := importProducts(t, db, string(products), false)
		if len(ok.Problems) != 0 || ok.Imported != 3 || productCount(t, db) != 3 {
			t.Fatalf("import: %+v", ok)
		}
		page, _ := db.ListProducts(sysCtx, store.ProductFilter{})
		byName := map[string]siapekspor.Product{}
		for _, p := range page.Items {
			byName[p.NameID] = p
		}
		chips, beans := byName["Keripik Pisang Coklat"], byName["Kopi Robusta Biji Hijau"]
		if chips.CapacityPerMonth != 1500 || chips.PriceIDR != 85000 || chips.FOBUSDCents != 530 || chips.Category != "food" || chips.Validation != siapekspor.ValidationDraft {
			t.Errorf("chips read as %+v", chips)
		}
		if beans.CapacityPerMonth != 2.5 || beans.Unit != "ton" || beans.PriceIDR != 48_000_000 || beans.FOBUSDCents != 300000 {
			t.Errorf("beans read as %+v", beans)
		}
		// Imported products are searchable at once.
		if res, _ := db.Search(sysCtx, store.SearchRequest{Query: "banana chips"}); res.Total != 1 {
			t.Errorf("imported product not found by its English name: %+v", res)
		}

		// The export, with its ID column, is refused as a re-import (it would
		// duplicate); cleared, it imports back.
		var out bytes.Buffer
		n, err := bulk.ExportProducts(sysCtx, db, store.ProductFilter{}, "csv", &out)
		if err != nil || n != 3 {
			t.Fatalf("export: %d, %v", n, err)
		}
		again := importProducts(t, db, out.String(), false)
		if len(again.Problems) != 3 || again.Problems[0].Field != "id" || productCount(t, db) != 3 {
			t.Fatalf("re-import of an export with IDs: %+v", again.Problems)
		}
		recs, _ := csv.NewReader(strings.NewReader(out.String())).ReadAll()
		for _, r := range recs[1:] {
			r[0] = ""
		}
		var cleared bytes.Buffer
		csv.NewWriter(&cleared).WriteAll(recs)
		back := importProducts(t, db, cleared.String(), false)
		if len(back.Problems) != 0 || back.Imported != 3 {
			t.Fatalf("round trip: %+v", back.Problems)
		}

		// An officer of another regency may not add products there.
		metro := siapekspor.WithActor(sysCtx, siapekspor.Actor{UserID: 9, Role: siapekspor.RoleOfficer, RegionCode: "18.72"})
		rep2, err := bulk.ImportProducts(metro, db, bulk.TableImportRequest{File: bytes.NewReader(products), Size: int64(len(products)), FileName: "p.csv"})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep2.Problems) != 3 || rep2.Problems[0].Key != "product.import.not_yours" || productCount(t, db) != 6 {
			t.Fatalf("out of scope: %+v", rep2.Problems)
		}
	})
}

func TestProductAndCertificateExportXLSX(t *testing.T) {
	enterprises, _ := os.ReadFile("../../samples/umkm-lampung-selatan.csv")
	products, _ := os.ReadFile("../../samples/produk-lampung-selatan.csv")
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importBytes(t, db, string(enterprises), "", false)
		importProducts(t, db, string(products), false)
		page, _ := db.ListProducts(sysCtx, store.ProductFilter{})
		issued := time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)
		expired := time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC)
		c := &siapekspor.Certificate{EnterpriseID: page.Items[0].EnterpriseID, Type: siapekspor.CertHalal, Number: "=HYPERLINK(\"x\")", Issuer: "BPJPH", IssuedOn: &issued, ExpiresOn: &expired}
		if err := db.CreateCertificate(sysCtx, c); err != nil {
			t.Fatal(err)
		}
		var x bytes.Buffer
		if n, err := bulk.ExportProducts(sysCtx, db, store.ProductFilter{HSChapter: "09"}, "xlsx", &x); err != nil || n != 2 {
			t.Fatalf("xlsx export: %d %v", n, err)
		}
		f, err := excelize.OpenReader(&x)
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows("Sheet1")
		if len(rows) != 3 || rows[0][8] != "Kode HS" || !strings.HasPrefix(rows[1][8], "09") {
			t.Errorf("xlsx rows: %v", rows)
		}
		var cs bytes.Buffer
		if n, err := bulk.ExportCertificates(sysCtx, db, store.CertificateFilter{}, "csv", &cs, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)); err != nil || n != 1 {
			t.Fatalf("certificate export: %d %v", n, err)
		}
		recs, _ := csv.NewReader(&cs).ReadAll()
		if recs[1][5] != "halal" || recs[1][7] != "'=HYPERLINK(\"x\")" || recs[1][11] != "kedaluwarsa" {
			t.Errorf("certificate row: %q", recs[1])
		}
	})
}

func itoa(n int) string { return strconv.Itoa(n) }

// A problem of a column the file lacks is named by the field's label in the
// reader's language, never by its code.
func TestProblemColumnOfAMissingColumn(t *testing.T) {
	for _, c := range []struct {
		p    sheet.Problem
		l    i18n.Lang
		want string
	}{
		{sheet.Problem{Column: "C (Kode HS)", Field: "hs_code"}, i18n.EN, "C (Kode HS)"},
		{sheet.Problem{Field: "name"}, i18n.EN, "Business name"},
		{sheet.Problem{Field: "delivery_region"}, i18n.EN, "Delivery place (region code)"},
		{sheet.Problem{Field: "no_such_field"}, i18n.EN, "no_such_field"},
	} {
		if got := bulk.ProblemColumn(c.l, c.p); got != c.want {
			t.Errorf("ProblemColumn(%+v) = %q, want %q", c.p, got, c.want)
		}
	}
}
