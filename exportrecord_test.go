package siapekspor

import (
	"testing"
	"time"
)

type exportRef struct{ hsSet }

func (exportRef) CountryExists(iso3 string) bool {
	return iso3 == "JPN" || iso3 == "USA" || iso3 == "NLD"
}

func TestExportRecordValidate(t *testing.T) {
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	ref := exportRef{knownHS}
	base := func() ExportRecord {
		return ExportRecord{EnterpriseID: 1, HSCode: "0901.11", Destination: "jpn", ValueUSDCents: 1_250_000, RateIDR: 15_800,
			ExportDate: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC), Quantity: 2000, Unit: "kg", Incoterm: "fob", PEBNumber: " 000123 /kppbc ", Source: SourceOfficer}
	}
	tests := []struct {
		name  string
		edit  func(r *ExportRecord)
		field string
		key   string
	}{
		{"valid", func(r *ExportRecord) {}, "", ""},
		{"an 8-digit national line", func(r *ExportRecord) { r.HSCode = "09011110" }, "", ""},
		{"Rupiah and rate give dollars", func(r *ExportRecord) { r.ValueUSDCents, r.ValueIDR = 0, 197_500_000 }, "", ""},
		{"both values give the rate", func(r *ExportRecord) { r.RateIDR, r.ValueIDR = 0, 197_500_000 }, "", ""},
		{"three values that agree within rounding", func(r *ExportRecord) { r.ValueIDR = 197_600_000 }, "", ""},
		{"no destination", func(r *ExportRecord) { r.Destination = " " }, "destination", "field.required"},
		{"unknown country", func(r *ExportRecord) { r.Destination = "XXX" }, "destination", "exportrec.destination_unknown"},
		{"a two-letter code", func(r *ExportRecord) { r.Destination = "JP" }, "destination", "exportrec.destination_unknown"},
		{"Indonesia itself", func(r *ExportRecord) { r.Destination = "IDN" }, "destination", "exportrec.destination_home"},
		{"no HS code", func(r *ExportRecord) { r.HSCode = "" }, "hs_code", "field.required"},
		{"a heading only", func(r *ExportRecord) { r.HSCode = "0901" }, "hs_code", "hs.digits"},
		{"unknown HS code", func(r *ExportRecord) { r.HSCode = "999999" }, "hs_code", "hs.not_in_nomenclature"},
		{"no value at all", func(r *ExportRecord) { r.ValueUSDCents, r.RateIDR = 0, 0 }, "value_usd", "exportrec.value_required"},
		{"a rate without a value", func(r *ExportRecord) { r.ValueUSDCents = 0 }, "value_usd", "exportrec.value_required"},
		{"dollars without a basis", func(r *ExportRecord) { r.RateIDR = 0 }, "exchange_rate", "exportrec.basis_required"},
		{"Rupiah without a basis", func(r *ExportRecord) { r.ValueUSDCents, r.RateIDR, r.ValueIDR = 0, 0, 5_000_000 }, "exchange_rate", "exportrec.basis_required"},
		{"values that disagree", func(r *ExportRecord) { r.ValueIDR = 150_000_000 }, "value_idr", "exportrec.value_mismatch"},
		{"a rate typed as fifteen", func(r *ExportRecord) { r.RateIDR = 15.8 }, "exchange_rate", "exportrec.rate_range"},
		{"values implying an absurd rate", func(r *ExportRecord) { r.RateIDR, r.ValueIDR = 0, 1_000 }, "value_idr", "exportrec.implied_rate"},
		{"a negative value", func(r *ExportRecord) { r.ValueUSDCents = -5 }, "value_usd", "field.negative"},
		{"no export date", func(r *ExportRecord) { r.ExportDate = time.Time{} }, "export_date", "field.required"},
		{"an export date in the future", func(r *ExportRecord) { r.ExportDate = now.AddDate(0, 0, 3) }, "export_date", "exportrec.date_future"},
		{"tomorrow in another time zone is today", func(r *ExportRecord) { r.ExportDate = now.AddDate(0, 0, 1) }, "", ""},
		{"a rate date in the future", func(r *ExportRecord) { d := now.AddDate(0, 1, 0); r.RateDate = &d }, "rate_date", "exportrec.date_future"},
		{"quantity without unit", func(r *ExportRecord) { r.Unit = "" }, "unit", "exportrec.unit_needed"},
		{"unknown unit", func(r *ExportRecord) { r.Unit = "barrel" }, "unit", "field.choice"},
		{"negative quantity", func(r *ExportRecord) { r.Quantity = -1 }, "quantity", "field.negative"},
		{"Incoterms 2010's DAT", func(r *ExportRecord) { r.Incoterm = "DAT" }, "incoterm", "exportrec.incoterm"},
		{"a PEB number with odd characters", func(r *ExportRecord) { r.PEBNumber = "12#4" }, "peb_number", "exportrec.peb_format"},
		{"no PEB number (a consolidator's shipment)", func(r *ExportRecord) { r.PEBNumber = "" }, "", ""},
		{"unknown source", func(r *ExportRecord) { r.Source = "rumour" }, "source", "field.choice"},
		{"a control character in the PEB number", func(r *ExportRecord) { r.PEBNumber = "12\x0134" }, "peb_number", ""},
		{"no enterprise", func(r *ExportRecord) { r.EnterpriseID = 0 }, "enterprise_id", "field.required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := base()
			tt.edit(&r)
			r.Normalize()
			err := r.Validate(ref, now)
			got := fieldKeys(err)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("refused: %v %v", err, got)
				}
				return
			}
			key, ok := got[tt.field]
			if !ok || (tt.key != "" && key != tt.key) {
				t.Fatalf("want %s: %s, got %v", tt.field, tt.key, got)
			}
		})
	}
}

func TestExportRecordCompletesValues(t *testing.T) {
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	ref := exportRef{knownHS}
	day := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		usd, idr        int64
		rate            float64
		wantUSD, wantID int64
		wantRate        float64
	}{
		{1_250_000, 0, 15_800, 1_250_000, 197_500_000, 15_800},
		{0, 197_500_000, 15_800, 1_250_000, 197_500_000, 15_800},
		{1_250_000, 197_500_000, 0, 1_250_000, 197_500_000, 15_800},
		{333, 0, 15_873.5, 333, 52_859, 15_873.5}, // US$3.33 × 15.873,5 = Rp 52.858,76
		{0, 100_000, 15_873.5, 630, 100_000, 15_873.5},
	} {
		r := ExportRecord{EnterpriseID: 1, HSCode: "090111", Destination: "USA", ValueUSDCents: tt.usd, ValueIDR: tt.idr, RateIDR: tt.rate, ExportDate: day, Source: SourceImport}
		r.Normalize()
		if err := r.Validate(ref, now); err != nil {
			t.Fatalf("%+v: %v %v", tt, err, fieldKeys(err))
		}
		if r.ValueUSDCents != tt.wantUSD || r.ValueIDR != tt.wantID || r.RateIDR != tt.wantRate {
			t.Errorf("%d/%d/%v → %d/%d/%v, want %d/%d/%v", tt.usd, tt.idr, tt.rate, r.ValueUSDCents, r.ValueIDR, r.RateIDR, tt.wantUSD, tt.wantID, tt.wantRate)
		}
		if r.RateDate == nil || !r.RateDate.Equal(day) {
			t.Errorf("the rate's date defaults to the export date: %v", r.RateDate)
		}
	}
	r := ExportRecord{PEBNumber: " 000123 /kppbc ", Destination: " nld", Incoterm: "cif", HSCode: "0901.11"}
	r.Normalize()
	if r.PEBNumber != "000123/KPPBC" || r.Destination != "NLD" || r.Incoterm != "CIF" || r.HSCode != "090111" {
		t.Errorf("normalised: %+v", r)
	}
}

func TestExportStatusFrom(t *testing.T) {
	d := func(y int, m time.Month) time.Time { return time.Date(y, m, 10, 0, 0, 0, 0, time.UTC) }
	for _, tt := range []struct {
		name  string
		base  ExportStatus
		dates []time.Time
		want  ExportStatus
	}{
		{"no records: what the officer set", ExportReady, nil, ExportReady},
		{"no records, never", ExportNever, nil, ExportNever},
		{"a first record", ExportNever, []time.Time{d(2025, 3)}, ExportFirst},
		{"a first record of a ready firm", ExportReady, []time.Time{d(2025, 3)}, ExportFirst},
		{"two records in one year", ExportReady, []time.Time{d(2025, 3), d(2025, 11)}, ExportFirst},
		{"records in two years", ExportNever, []time.Time{d(2025, 3), d(2025, 11), d(2026, 1)}, ExportRegular},
		{"December and January are two years", ExportNever, []time.Time{d(2025, 12), d(2026, 1)}, ExportRegular},
		{"a known regular exporter keeps its status", ExportRegular, []time.Time{d(2026, 2)}, ExportRegular},
		{"a first exporter by hand, records of two years", ExportFirst, []time.Time{d(2024, 2), d(2026, 2)}, ExportRegular},
	} {
		if got := ExportStatusFrom(tt.base, tt.dates); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestIncotermText(t *testing.T) {
	for _, c := range []struct {
		in, rule, place string
	}{
		{"FOB", "FOB", ""}, {" fob ", "FOB", ""}, {"CIF Tokyo", "CIF", "Tokyo"}, {"FOB Jakarta (Tanjung Priok)", "FOB", "Jakarta (Tanjung Priok)"},
		{"DAP (Rotterdam)", "DAP", "Rotterdam"}, {"Ex Works", "EXW", ""}, {"EXW Bekasi", "EXW", "Bekasi"}, {"Free On Board, Panjang", "FOB", "Panjang"},
		{"Cost Insurance and Freight", "CIF", ""}, {"C&F", "CFR", ""}, {"CNF Busan", "CFR", "Busan"}, {"FOB Panjang Incoterms 2020", "FOB", "Panjang"},
		{"", "", ""}, {"FOBX", "FOBX", ""}, {"franco", "FRANCO", ""}, {"CIFOR", "CIFOR", ""},
	} {
		rule, place := IncotermText(c.in)
		if string(rule) != c.rule || place != c.place {
			t.Errorf("IncotermText(%q) = %q, %q; want %q, %q", c.in, rule, place, c.rule, c.place)
		}
	}
}
