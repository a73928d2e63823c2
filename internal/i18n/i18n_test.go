package i18n_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
)

func TestCataloguesHaveTheSameKeys(t *testing.T) {
	if err := i18n.Check(); err != nil {
		t.Fatal(err)
	}
	id, en := i18n.Keys(i18n.ID), i18n.Keys(i18n.EN)
	for k := range id {
		if _, ok := en[k]; !ok {
			t.Errorf("%q is in Indonesian but not in English", k)
		}
	}
	for k := range en {
		if _, ok := id[k]; !ok {
			t.Errorf("%q is in English but not in Indonesian", k)
		}
	}
	// Their arguments must agree too: TestMessagesAgreeOnVerbs.
}

// TestEveryUsedKeyExists scans the code and templates for message keys and
// checks each is in both catalogues, so no page ever shows a bare key.
func TestEveryUsedKeyExists(t *testing.T) {
	root := "../.."
	literal := regexp.MustCompile(`"((?:error|field|nib|nik|phone|email|rupiah|region|geo|kbli|binaan|hs|label|hint|nav|home|enterprises|enterprise|action|filter|pager|form|api|footer|login|link|password|account|token|orgs|users|user|org|audit|auth|scope|import|imports|product|certificate|cert|validation|review|search|media|capacity|order|unit|readiness|placement|level|training|mentoring|questionnaire|timeline|completed|assessed_by|channel|enrolment|programme_status|questionnaire_status|result|case_status|market|trade|exportstats|confirm|match|schedule|eventdoc|event|pub)\.[a-z0-9_.]+)"`)
	notFound := regexp.MustCompile(`notFound\("([a-z_]+)"\)`) // the store's error.not_found.<entity>
	// A Choice's first argument is a prefix ("event.kind" of event.kind.<v>), not a key.
	choice := regexp.MustCompile(`Choice(?:\(| )"([a-z0-9_.]+)"`)
	prefixes := map[string]bool{}
	used := map[string]string{}
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, "_test.go") || strings.Contains(path, "/locales/") {
			return err
		}
		if !strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, ".html") {
			return nil
		}
		b, _ := os.ReadFile(path)
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			if !strings.HasSuffix(m[1], ".") && !strings.HasSuffix(m[1], "_") {
				used[m[1]] = path
			}
		}
		for _, m := range choice.FindAllStringSubmatch(string(b), -1) {
			prefixes[m[1]] = true
		}
		for _, m := range notFound.FindAllStringSubmatch(string(b), -1) {
			used["error.not_found."+m[1]] = path
		}
		return nil
	})
	for p := range prefixes {
		delete(used, p)
	}
	// Keys made from a prefix and a value.
	for _, v := range siapekspor.Sectors {
		used["sector."+string(v)] = "Sectors"
	}
	for _, v := range siapekspor.EventKinds {
		used["event.kind."+string(v)] = "EventKinds"
	}
	for _, v := range siapekspor.MeetingOutcomes {
		used["event.outcome."+string(v)] = "MeetingOutcomes"
	}
	for _, v := range siapekspor.Attendances {
		used["event.attendance."+string(v)] = "Attendances"
	}
	for _, v := range siapekspor.MeetingPriorities {
		used["event.priority."+string(v)] = "MeetingPriorities"
	}
	for _, v := range siapekspor.EnterpriseKinds {
		used["kind."+string(v)] = "EnterpriseKinds"
	}
	for _, v := range siapekspor.LegalForms {
		used["legal."+string(v)] = "LegalForms"
	}
	for _, v := range siapekspor.ExportStatuses {
		used["export."+string(v)] = "ExportStatuses"
	}
	for _, v := range []siapekspor.SizeClass{siapekspor.SizeMicro, siapekspor.SizeSmall, siapekspor.SizeMedium, siapekspor.SizeLarge} {
		used["size."+string(v)] = "size classes"
	}
	for _, v := range []string{"sales", "capital"} {
		used["size_basis."+v] = "size bases"
	}
	for _, v := range []string{"small", "medium", "large"} {
		used["ikm."+v] = "IKM classes"
	}
	for _, f := range []string{"name", "kind", "legal_form", "nib", "kbli", "owner_name", "owner_nik", "phone", "email", "address",
		"province_code", "regency_code", "district_code", "village_code", "lat", "lng", "sector", "founded_year", "workers",
		"capital", "annual_turnover", "binaan_org_id", "export_status", "notes", "version"} {
		used["label."+f] = "enterprise fields"
	}
	for _, v := range siapekspor.Units {
		used["unit."+string(v)] = "Units"
	}
	for _, v := range siapekspor.CertificateTypes {
		used["cert."+string(v)] = "CertificateTypes"
	}
	for _, v := range siapekspor.ValidationStatuses {
		used["validation."+string(v)] = "ValidationStatuses"
	}
	for _, v := range []string{"approved", "rejected"} {
		used["validation.reviewed_"+v] = "review decisions"
	}
	for _, v := range []string{"product", "enterprise"} {
		used["search.kind_"+v] = "search kinds"
	}
	for _, v := range []string{"product", "certificate", "photo", "document"} {
		used["error.not_found."+v] = "notFound"
	}
	for _, v := range siapekspor.ReviewPoints {
		used["review."+string(v)] = "ReviewPoints"
		used["review."+string(v)+".hint"] = "ReviewPoints"
		used["label.ok_"+string(v)] = "review fields"
		used["label.reason_"+string(v)] = "review fields"
	}
	for _, f := range []string{"name_id", "name_en", "description_id", "description_en", "hs_code", "category", "unit", "capacity_per_month",
		"min_order", "price_idr", "fob_usd", "packaging", "shelf_life_days", "storage", "validation", "type", "self_declare", "number",
		"issuer", "issued_on", "expires_on", "product_id", "document", "points", "enterprise_id"} {
		used["label."+f] = "product and certificate fields"
	}
	for _, v := range []string{"order.fcl20", "order.reefer20", "order.lcl"} {
		used[v] = "typical orders"
	}
	for _, v := range siapekspor.Roles {
		used["role."+string(v)] = "Roles"
	}
	for _, v := range siapekspor.OrgKinds {
		used["orgkind."+string(v)] = "OrgKinds"
	}
	for _, v := range []string{"read", "read-write"} {
		used["scope."+v] = "token scopes"
	}
	for _, d := range []string{"shipped", "baci", "comtrade"} {
		used["market.dataset."+d] = "trade datasets"
	}
	used["market.renewal.even_years"] = "requirement renewals"
	for _, f := range []string{"demand_size", "demand_growth", "presence", "distance", "ties", "tariff", "fit"} {
		used["label.weight_"+f] = "market weights form"
	}
	var missing []string
	for k, where := range used {
		if !i18n.Has(k) {
			missing = append(missing, k+" (in "+where+")")
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("message key %s is missing from a catalogue", m)
	}
}

func TestFormats(t *testing.T) {
	id, en := i18n.Printer{Lang: i18n.ID}, i18n.Printer{Lang: i18n.EN}
	if got := id.Num(1234567); got != "1.234.567" {
		t.Errorf("id number %q", got)
	}
	if got := en.Num(1234567); got != "1,234,567" {
		t.Errorf("en number %q", got)
	}
	if got := id.Rp(int64(1500000)); got != "Rp 1.500.000" {
		t.Errorf("rupiah %q", got)
	}
	if got := en.Rp(int64(-1500000)); got != "-Rp 1,500,000" {
		t.Errorf("en rupiah %q", got)
	}
	if got := id.T("field.too_long", 200); got != "Terlalu panjang (maksimal 200 karakter)." {
		t.Errorf("with args %q", got)
	}
	if got := id.T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key %q", got)
	}
	for in, want := range map[string]i18n.Lang{"en-GB": i18n.EN, "id": i18n.ID, "in": i18n.ID, "EN": i18n.EN} {
		if l, ok := i18n.Parse(in); !ok || l != want {
			t.Errorf("Parse(%q) = %v %v", in, l, ok)
		}
	}
}

func TestDollarsAndCounts(t *testing.T) {
	id, en := i18n.Printer{Lang: i18n.ID}, i18n.Printer{Lang: i18n.EN}
	for _, c := range []struct {
		cents  int64
		id, en string
	}{{757, "US$ 7,57", "US$ 7.57"}, {123456789, "US$ 1.234.567,89", "US$ 1,234,567.89"}, {5, "US$ 0,05", "US$ 0.05"}, {-150, "-US$ 1,50", "-US$ 1.50"}} {
		if got := id.USD(c.cents); got != c.id {
			t.Errorf("id USD(%d) = %q, want %q", c.cents, got, c.id)
		}
		if got := en.USD(c.cents); got != c.en {
			t.Errorf("en USD(%d) = %q, want %q", c.cents, got, c.en)
		}
	}
	// A Count is grouped whatever its verb; a plain int (a year) is not.
	if got := id.T("product.import.done", siapekspor.Count(156150)); got != "156.150 produk diimpor." {
		t.Errorf("id count %q", got)
	}
	if got := en.T("error.body_too_large", siapekspor.Count(1048576)); !strings.Contains(got, "1,048,576") {
		t.Errorf("en count %q", got)
	}
	if got := id.T("market.home_exports", 2024); !strings.HasSuffix(got, "2024") {
		t.Errorf("a year %q", got)
	}
	if got := id.Num(siapekspor.Count(12345)); got != "12.345" {
		t.Errorf("Num of a Count %q", got)
	}
}

func TestPct(t *testing.T) {
	id, en := i18n.Printer{Lang: i18n.ID}, i18n.Printer{Lang: i18n.EN}
	for share, want := range map[float64][2]string{
		0: {"0%", "0%"}, 0.153: {"15%", "15%"}, 1: {"100%", "100%"}, 0.0995: {"10%", "10%"},
		0.053: {"5,3%", "5.3%"}, 0.005: {"0,50%", "0.50%"}, 20.0 / 95000: {"0,02%", "0.02%"}, 0.00001: {"<0,01%", "<0.01%"},
	} {
		if got := id.Pct(share); got != want[0] {
			t.Errorf("id %v: %q, want %q", share, got, want[0])
		}
		if got := en.Pct(share); got != want[1] {
			t.Errorf("en %v: %q, want %q", share, got, want[1])
		}
	}
}
