package siapekspor

import (
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// ExportSource says where a realised export record came from; labels under
// "exportrec.source.<value>".
type ExportSource string

const (
	SourcePipeline   ExportSource = "pipeline"   // a deal of the buyers' pipeline that shipped
	SourceOfficer    ExportSource = "officer"    // entered by an officer (what customs or the firm told the office)
	SourceEnterprise ExportSource = "enterprise" // reported by the enterprise itself
	SourceImport     ExportSource = "import"     // a spreadsheet import
)

// ExportSources lists them in display order.
var ExportSources = []ExportSource{SourceOfficer, SourceEnterprise, SourceImport, SourcePipeline}

// Incoterm is a delivery term of the ICC's Incoterms 2020.
type Incoterm string

// Incoterms are the eleven rules of Incoterms 2020: seven for any mode of
// transport, four for sea and inland waterway.
var Incoterms = []Incoterm{"EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"}

// incotermNames are the rules written out, and the trade's shorthands, by
// the rule they mean; longest first, so a name is not cut short.
var incotermNames = []struct {
	name string
	rule Incoterm
}{
	{"carriage and insurance paid to", "CIP"}, {"delivered at place unloaded", "DPU"}, {"cost insurance and freight", "CIF"},
	{"cost, insurance and freight", "CIF"}, {"free alongside ship", "FAS"}, {"delivered duty paid", "DDP"},
	{"delivered at place", "DAP"}, {"carriage paid to", "CPT"}, {"cost and freight", "CFR"}, {"free on board", "FOB"},
	{"free carrier", "FCA"}, {"ex works", "EXW"}, {"ex-works", "EXW"}, {"c and f", "CFR"}, {"c&f", "CFR"}, {"c+f", "CFR"},
	{"cnf", "CFR"},
}

// IncotermText reads a delivery term as traders write it — "FOB", "fob
// Jakarta" and "CIF Tokyo" (the rule and its named place), "Ex Works",
// "Free On Board", "C&F" — as its rule and the place named after it. Text
// that names no rule comes back upper-cased, for validation to refuse.
func IncotermText(s string) (rule Incoterm, place string) {
	t := strings.TrimSpace(s)
	// Prefixes are compared on t's own bytes (hasPrefixFold), never on a
	// case-changed copy, whose length can differ (the Kelvin sign is three
	// bytes, its "k" one), so that what follows is sliced from t itself.
	for _, r := range Incoterms {
		if hasPrefixFold(t, string(r)) && (len(t) == len(r) || !isLetter(t[len(r)])) {
			return r, namedPlace(t[len(r):])
		}
	}
	for _, n := range incotermNames {
		if hasPrefixFold(t, n.name) && (len(t) == len(n.name) || !isLetter(t[len(n.name)])) {
			return n.rule, namedPlace(t[len(n.name):])
		}
	}
	return Incoterm(strings.ToUpper(t)), ""
}

// namedPlace is what follows a rule: " Jakarta", " (Tokyo)", ", Tanjung
// Priok Incoterms 2020" — the place, without brackets or the edition.
func namedPlace(s string) string {
	for i := range len(s) {
		if hasPrefixFold(s[i:], "incoterms") {
			s = s[:i]
			break
		}
	}
	s = strings.Trim(s, " ,:-")
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// ExportReference answers what an export record's codes must name: an HS
// code of the nomenclature and a country.
type ExportReference interface {
	HSChecker
	CountryExists(iso3 string) bool
}

// Exchange rates outside this band (Rupiah per US dollar) are typing
// mistakes — a rate written 15.873 read as fifteen — not rates.
const (
	MinRateIDR = 1_000
	MaxRateIDR = 100_000
)

// ExportRecord is one realised export of an enterprise: what customs
// recorded on its export declaration (PEB), or what the enterprise or an
// officer reported. These are what the province's export figures count.
type ExportRecord struct {
	ID           int64  `json:"id"`
	EnterpriseID int64  `json:"enterprise_id"`
	ProductID    *int64 `json:"product_id,omitempty"`
	// HSCode: 6 digits, or an 8-digit national line under a known subheading.
	HSCode      string `json:"hs_code"`
	Destination string `json:"destination"` // ISO 3166 alpha-3
	// The value in both currencies and the Rupiah-per-dollar rate that joins
	// them; given any two, Validate computes the third.
	ValueUSDCents int64      `json:"value_usd_cents"`
	ValueIDR      int64      `json:"value_idr"`
	RateIDR       float64    `json:"exchange_rate"`
	RateDate      *time.Time `json:"rate_date,omitempty"` // empty: the export date
	Quantity      float64    `json:"quantity"`
	Unit          Unit       `json:"unit"`
	Incoterm      Incoterm   `json:"incoterm"`
	ExportDate    time.Time  `json:"export_date"`
	// PEBNumber: the customs export declaration's number; unique in the
	// registry when given (exports through a consolidator have none of their own).
	PEBNumber string       `json:"peb_number"`
	Notes     string       `json:"notes"`
	Source    ExportSource `json:"source"`
	// ContractID: the pipeline's contract this export fulfils, linked when
	// contracts exist; no foreign key yet.
	ContractID *int64 `json:"contract_id,omitempty"`
	// The stored scans (paths under the scans' media folder) and their types.
	InvoiceScan     string    `json:"invoice_scan,omitempty"`
	InvoiceScanKind string    `json:"invoice_scan_kind,omitempty"`
	PEBScan         string    `json:"peb_scan,omitempty"`
	PEBScanKind     string    `json:"peb_scan_kind,omitempty"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
	Version         int       `json:"version"`

	// Read-only, joined for display.
	EnterpriseName string `json:"enterprise_name,omitempty"`
	ProductName    string `json:"product_name,omitempty"`
	RegencyCode    string `json:"regency_code,omitempty"`
}

// Normalize tidies the record's text and codes in place.
func (r *ExportRecord) Normalize() {
	r.HSCode = HSCodeText(r.HSCode)
	r.Destination = strings.ToUpper(strings.TrimSpace(r.Destination))
	r.Incoterm, _ = IncotermText(string(r.Incoterm))
	r.PEBNumber = NormalizePEB(r.PEBNumber)
	r.Notes = strings.TrimSpace(r.Notes)
	r.ExportDate = dateOnly(r.ExportDate)
	if r.RateDate != nil {
		d := dateOnly(*r.RateDate)
		r.RateDate = &d
	}
}

// NormalizePEB writes a PEB number one way: upper case, without spaces,
// so "000123 / KPPBC" and "000123/kppbc" are the same declaration.
func NormalizePEB(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// Validate checks a record on its own — the rules that need the registry
// (the enterprise, its product, a PEB number recorded before) are the
// store's — and completes its values: of the US dollar value, the Rupiah
// value and the rate, any two give the third; all three must agree; the
// rate's date is the export date when not given. Every problem is
// reported at once, each naming its field.
func (r *ExportRecord) Validate(ref ExportReference, now time.Time) error {
	p := TextProblems(r)
	if r.EnterpriseID <= 0 {
		p.Add("enterprise_id", "field.required")
	}
	switch {
	case r.HSCode == "":
		p.Add("hs_code", "field.required")
	default:
		if err := CheckHSCode(r.HSCode, ref); err != nil {
			p.AddRule("hs_code", err)
		}
	}
	switch {
	case r.Destination == "":
		p.Add("destination", "field.required")
	case r.Destination == "IDN":
		p.Add("destination", "exportrec.destination_home")
	case len(r.Destination) != 3 || !ref.CountryExists(r.Destination):
		p.Add("destination", "exportrec.destination_unknown", r.Destination)
	}
	r.completeValues(&p)
	latest := dateOnly(now).AddDate(0, 0, 1) // a day's grace: no time zone refuses today
	switch {
	case r.ExportDate.IsZero():
		p.Add("export_date", "field.required")
	case r.ExportDate.After(latest):
		p.Add("export_date", "exportrec.date_future")
	case r.ExportDate.Year() < 1990:
		p.Add("export_date", "exportrec.date_too_old")
	}
	if r.RateDate == nil && !r.ExportDate.IsZero() {
		d := r.ExportDate
		r.RateDate = &d
	}
	if r.RateDate != nil && r.RateDate.After(latest) {
		p.Add("rate_date", "exportrec.date_future")
	}
	switch {
	case r.Quantity < 0 || math.IsNaN(r.Quantity) || math.IsInf(r.Quantity, 0):
		p.Add("quantity", "field.negative")
	case r.Quantity > 0 && r.Unit == "":
		p.Add("unit", "exportrec.unit_needed")
	}
	if r.Unit != "" && !oneOf(r.Unit, Units) {
		p.Add("unit", "field.choice")
	}
	if r.Incoterm != "" && !oneOf(r.Incoterm, Incoterms) {
		p.Add("incoterm", "exportrec.incoterm")
	}
	switch n := utf8.RuneCountInString(r.PEBNumber); {
	case n > 40:
		p.Add("peb_number", "field.too_long", 40)
	case n > 0 && strings.IndexFunc(r.PEBNumber, func(c rune) bool {
		return !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c == '.' || c == '/' || c == '-')
	}) >= 0:
		p.Add("peb_number", "exportrec.peb_format")
	}
	if utf8.RuneCountInString(r.Notes) > 2000 {
		p.Add("notes", "field.too_long", 2000)
	}
	if !oneOf(r.Source, ExportSources) {
		p.Add("source", "field.choice")
	}
	return p.Err()
}

// completeValues computes the missing one of value in US dollars, value in
// Rupiah and rate when two are given, and checks the three agree: the
// Rupiah value may differ from dollars × rate by rounding only (0.1%, or
// Rp 1 on small amounts).
func (r *ExportRecord) completeValues(p *Problems) {
	usd, idr, rate := r.ValueUSDCents, r.ValueIDR, r.RateIDR
	bad := false
	if usd < 0 {
		p.Add("value_usd", "field.negative")
		bad = true
	}
	if idr < 0 {
		p.Add("value_idr", "field.negative")
		bad = true
	}
	if rate < 0 || math.IsNaN(rate) || math.IsInf(rate, 0) {
		p.Add("exchange_rate", "field.negative")
		bad = true
	} else if rate > 0 && (rate < MinRateIDR || rate > MaxRateIDR) {
		p.Add("exchange_rate", "exportrec.rate_range", Count(MinRateIDR), Count(MaxRateIDR))
		bad = true
	}
	if bad {
		return
	}
	given := 0
	for _, ok := range []bool{usd > 0, idr > 0, rate > 0} {
		if ok {
			given++
		}
	}
	switch {
	case given == 0:
		p.Add("value_usd", "exportrec.value_required")
	case given == 1 && rate > 0:
		p.Add("value_usd", "exportrec.value_required")
	case given == 1:
		// One value and no basis to turn it into the other currency.
		p.Add("exchange_rate", "exportrec.basis_required")
	case usd == 0:
		r.ValueUSDCents = int64(math.Round(float64(idr) * 100 / rate))
		if r.ValueUSDCents == 0 {
			p.Add("value_idr", "exportrec.value_too_small")
		}
	case idr == 0:
		r.ValueIDR = int64(math.Round(float64(usd) * rate / 100))
	case rate == 0:
		r.RateIDR = math.Round(float64(idr)*100/float64(usd)*100) / 100
		if r.RateIDR < MinRateIDR || r.RateIDR > MaxRateIDR {
			p.Add("value_idr", "exportrec.implied_rate", FormatDecimalID(r.RateIDR, 2))
		}
	default:
		want := float64(usd) * rate / 100
		if math.Abs(float64(idr)-want) > math.Max(1, want*0.001) {
			p.Add("value_idr", "exportrec.value_mismatch", Count(int64(math.Round(want))))
		}
	}
}

// ExportStatusFrom is an enterprise's export status given its records'
// export dates and base, the status an officer set by hand (never or
// ready, or a status known from before the records): no records leave the
// base; one record, or several in one calendar year, make a first export;
// records in two calendar years or more a regular exporter. Records never
// lower the base: a firm an officer knew as a regular exporter stays one
// when its first record in the system arrives.
func ExportStatusFrom(base ExportStatus, dates []time.Time) ExportStatus {
	if len(dates) == 0 {
		return base
	}
	derived := ExportFirst
	for _, d := range dates[1:] {
		if d.Year() != dates[0].Year() {
			derived = ExportRegular
			break
		}
	}
	if exportRank(base) > exportRank(derived) {
		return base
	}
	return derived
}

// exportRank is a status's place in the funnel (ExportStatuses' order).
func exportRank(s ExportStatus) int {
	for i, x := range ExportStatuses {
		if x == s {
			return i
		}
	}
	return -1
}
