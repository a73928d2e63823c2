package market

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/trade"
)

func TestShippedRequirementsAreValid(t *testing.T) {
	reqs, err := ShippedRequirements()
	if err != nil {
		t.Fatal(err)
	}
	dests := map[string]bool{}
	for _, r := range reqs {
		if err := r.Validate(); err != nil {
			t.Errorf("%s: %v", r.ID, err)
		}
		if !strings.HasPrefix(r.SourceURL, "https://") && !strings.HasPrefix(r.SourceURL, "http://english.customs.gov.cn") {
			t.Errorf("%s: source %s", r.ID, r.SourceURL)
		}
		if r.LastChecked.String() != "2026-12-01" {
			t.Errorf("%s: last checked %s", r.ID, r.LastChecked)
		}
		dests[r.Destination] = true
	}
	for _, d := range []string{"EU", "USA", "AUS", "CHN", "JPN", "KOR", "GCC", "ASEAN"} {
		if !dests[d] {
			t.Errorf("no requirement for %s", d)
		}
	}
	// Every seed product has at least one requirement somewhere.
	for _, hs := range []string{"090111", "121221", "090611", "530500", "140190", "080280", "170290", "190590", "200819", "210690", "091012", "030489", "160414", "151800", "581092", "630492", "060290", "391590"} {
		n := 0
		for _, r := range reqs {
			if r.Covers(hs) && len(r.HSPrefixes) > 0 {
				n++
			}
		}
		if n == 0 {
			t.Errorf("no product-specific requirement covers %s", hs)
		}
	}
	var eudr *Requirement
	for i := range reqs {
		if reqs[i].ID == "eu-eudr-coffee" {
			eudr = &reqs[i]
		}
	}
	if eudr == nil || eudr.AppliesFrom.String() != "2026-12-30" || eudr.AppliesFromMicroSmall.String() != "2027-06-30" ||
		!strings.Contains(eudr.SourceURL, "eur-lex.europa.eu/eli/reg/2023/1115") || !eudr.Mandatory {
		t.Errorf("EUDR: %+v", eudr)
	}
}

func TestGroups(t *testing.T) {
	if len(Groups["EU"]) != 27 || len(Groups["GCC"]) != 6 || len(Groups["ASEAN"]) != 10 {
		t.Errorf("group sizes %d %d %d", len(Groups["EU"]), len(Groups["GCC"]), len(Groups["ASEAN"]))
	}
	for g, members := range Groups {
		seen := map[string]bool{}
		for _, m := range members {
			if !trade.KnownCountry(m) || seen[m] {
				t.Errorf("%s: %s", g, m)
			}
			seen[m] = true
		}
	}
	if got := GroupsOf("ITA"); len(got) != 1 || got[0] != "EU" {
		t.Errorf("Italy is in %v", got)
	}
	if len(GroupsOf("GBR")) != 0 {
		t.Error("the UK left the EU")
	}
	r := Requirement{Destination: "GCC"}
	if !r.AppliesTo("SAU") || !r.AppliesTo("GCC") || r.AppliesTo("EGY") {
		t.Error("AppliesTo")
	}
}

func validReq() Requirement {
	d := MustDate("2026-12-01")
	return Requirement{ID: "x-1", Destination: "EU", HSPrefixes: []string{"0901"}, TitleID: "Judul", TitleEN: "Title",
		SourceURL: "https://eur-lex.europa.eu/eli/reg/2023/1115/oj", LastChecked: d, Mandatory: true, Confidence: ConfidenceConfirmed}
}

func TestRequirementValidate(t *testing.T) {
	if err := func() *Requirement { r := validReq(); return &r }().Validate(); err != nil {
		t.Fatal(err)
	}
	early, late := MustDate("2026-01-01"), MustDate("2027-01-01")
	cases := map[string]struct {
		edit  func(*Requirement)
		field string
		key   string
	}{
		"no source":      {func(r *Requirement) { r.SourceURL = "" }, "source_url", "market.source_required"},
		"bad source":     {func(r *Requirement) { r.SourceURL = "eur-lex.europa.eu" }, "source_url", "market.bad_source_url"},
		"unknown group":  {func(r *Requirement) { r.Destination = "EFTA" }, "destination", "market.bad_destination"},
		"bad prefix":     {func(r *Requirement) { r.HSPrefixes = []string{"901"} }, "hs_prefixes", "market.bad_hs_prefix"},
		"bad cert":       {func(r *Requirement) { r.CertificateTypes = []siapekspor.CertificateType{"gmp"} }, "certificate_types", "market.bad_certificate_type"},
		"no title":       {func(r *Requirement) { r.TitleEN = " " }, "title_en", "field.required"},
		"bad id":         {func(r *Requirement) { r.ID = "Bad ID" }, "id", "market.bad_id"},
		"no check date":  {func(r *Requirement) { r.LastChecked = Date{} }, "last_checked", "field.required"},
		"micro earlier":  {func(r *Requirement) { r.AppliesFrom, r.AppliesFromMicroSmall = &late, &early }, "applies_from_micro_small", "market.micro_before_general"},
		"confidence":     {func(r *Requirement) { r.Confidence = "sure" }, "confidence", "field.choice"},
		"renewal":        {func(r *Requirement) { r.Renewal = "yearly" }, "renewal", "field.choice"},
		"lowercase iso3": {func(r *Requirement) { r.Destination = "usa" }, "destination", "market.bad_destination"},
	}
	for name, c := range cases {
		r := validReq()
		c.edit(&r)
		e, ok := siapekspor.AsError(r.Validate())
		if !ok || len(e.Fields) != 1 || e.Fields[0].Field != c.field || e.Fields[0].Key != c.key {
			t.Errorf("%s: %+v", name, e)
		}
	}
}

func day(s string) *time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return &t
}

func TestGap(t *testing.T) {
	reqs, err := ShippedRequirements()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	held := []siapekspor.Certificate{
		{Type: siapekspor.CertFDA, Number: "FDA-1", ExpiresOn: day("2026-12-31")},
		{Type: siapekspor.CertHACCP, Number: "H-1", ExpiresOn: day("2026-06-30")}, // expired
		{Type: siapekspor.CertHalal, Number: "HALAL-1"},
	}
	// United States, frozen fish fillets.
	items := Gap(reqs, "USA", "030489", held, now, true)
	status := map[string]GapItem{}
	for _, it := range items {
		status[it.Requirement.ID] = it
	}
	fda := status["us-fda-food-facility"]
	if fda.Status != GapMet || len(fda.Held) != 1 {
		t.Errorf("FDA: %+v", fda)
	}
	keys := map[string]bool{}
	for _, a := range fda.Actions {
		keys[a.Key] = true
	}
	if !keys["market.action.renew_soon"] || !keys["market.action.renew_window"] {
		t.Errorf("FDA registration expiring in an even year's renewal window: %+v", fda.Actions)
	}
	if h := status["us-seafood-haccp"]; h.Status != GapExpired || h.Actions[0].Key != "market.action.renew" || h.Actions[0].Args[0] != "H-1" {
		t.Errorf("HACCP: %+v", h)
	}
	if p := status["us-fda-prior-notice"]; p.Status != GapAction || p.Actions[0].Key != "market.action.follow" || p.Actions[0].TextEN == "" {
		t.Errorf("prior notice: %+v", p)
	}
	if _, ok := status["us-textile-labeling"]; ok {
		t.Error("textile rules do not cover fish")
	}
	if items[0].Status != GapExpired {
		t.Errorf("the worst mandatory gap comes first: %v", items[0].Status)
	}
	if f := FitOf(items); f == nil || f.Required != 2 || f.Met != 1 || f.Missing[0] != "us-seafood-haccp" {
		t.Errorf("fit %+v", f)
	}

	// EU coffee: the EUDR is upcoming, its date depending on the firm's size.
	for _, c := range []struct {
		micro bool
		date  string
	}{{false, "2026-12-30"}, {true, "2027-06-30"}} {
		var eudr *GapItem
		for _, it := range Gap(reqs, "ITA", "090111", nil, now, c.micro) {
			if it.Requirement.ID == "eu-eudr-coffee" {
				it := it
				eudr = &it
			}
		}
		if eudr == nil || eudr.Status != GapUpcoming || eudr.AppliesFrom.String() != c.date || eudr.Actions[0].Args[0] != c.date {
			t.Errorf("EUDR micro=%v: %+v", c.micro, eudr)
		}
	}
	after := time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC)
	for _, it := range Gap(reqs, "ITA", "0901", nil, after, false) {
		if it.Requirement.ID == "eu-eudr-coffee" && it.Status != GapAction {
			t.Errorf("in force for a medium firm in 2027: %v", it.Status)
		}
	}
	// A certificate counts through its expiry day, not the day after.
	cert := []siapekspor.Certificate{{Type: siapekspor.CertHalal, Number: "H", ExpiresOn: day("2026-12-01")}}
	if it := Gap(reqs, "SAU", "190590", cert, now, false); len(it) == 0 || findGap(it, "gcc-halal").Status != GapMet {
		t.Errorf("halal on its expiry day: %+v", it)
	}
	if it := Gap(reqs, "SAU", "190590", cert, now.AddDate(0, 0, 1), false); findGap(it, "gcc-halal").Status != GapExpired {
		t.Error("halal the day after")
	}
	if it := Gap(reqs, "SAU", "190590", nil, now, false); findGap(it, "gcc-halal").Status != GapMissing || findGap(it, "gcc-halal").Actions[0].CertificateType != siapekspor.CertHalal {
		t.Error("halal missing")
	}
}

func findGap(items []GapItem, id string) GapItem {
	for _, it := range items {
		if it.Requirement.ID == id {
			return it
		}
	}
	return GapItem{}
}

func TestLoadRequirementsJSONProblems(t *testing.T) {
	file := `[
  {"id": "ok-1", "destination": "AUS", "hs_prefixes": ["5305"], "certificate_types": ["phytosanitary"],
   "title_id": "A", "title_en": "A", "source_url": "https://bicon.agriculture.gov.au/", "last_checked": "2026-12-01",
   "mandatory": true, "confidence": "check"},
  {"id": "no-source", "destination": "AUS", "title_id": "B", "title_en": "B", "source_url": "",
   "last_checked": "2026-12-01", "confidence": "check"},
  {"id": "bad-date", "destination": "EU", "title_id": "C", "title_en": "C", "source_url": "https://eur-lex.europa.eu/",
   "last_checked": "2026-13-01", "confidence": "check"},
  {"id": "typo", "destination": "EU", "title_id": "D", "title_en": "D", "source_url": "https://eur-lex.europa.eu/",
   "last_checked": "2026-12-01", "confidence": "check", "mandatroy": true},
  {"id": "ok-1", "destination": "JPN", "title_id": "E", "title_en": "E", "source_url": "https://www.mhlw.go.jp/",
   "last_checked": "2026-12-01", "confidence": "check"},
  {"id": "wrong-type", "destination": "JPN", "hs_prefixes": "0901", "title_id": "F", "title_en": "F",
   "source_url": "https://www.mhlw.go.jp/", "last_checked": "2026-12-01", "confidence": "check"}
]`
	reqs, ps, err := LoadRequirementsJSON(strings.NewReader(file), "reqs.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs) != 1 || reqs[0].ID != "ok-1" {
		t.Errorf("kept %v", reqs)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.Where()+" "+p.Key)
	}
	want := "reqs.json:5: source_url market.source_required;reqs.json:7: last_checked market.bad_date;reqs.json:10: mandatroy market.unknown_column;" +
		"reqs.json:11: id market.duplicate_id;reqs.json:13: hs_prefixes market.json_type"
	if strings.Join(got, ";") != want {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.ReplaceAll(want, ";", "\n"))
	}
	_, ps, _ = LoadRequirementsJSON(strings.NewReader("[\n{\"id\": \"x\",\n  oops}\n]"), "broken.json")
	if len(ps) != 1 || ps[0].Key != "market.json_syntax" || ps[0].Line != 3 {
		t.Errorf("syntax: %+v", ps)
	}
	_, ps, _ = LoadRequirementsJSON(strings.NewReader(`{"id": "x"}`), "object.json")
	if len(ps) != 1 || ps[0].Key != "market.not_json_array" {
		t.Errorf("not an array: %+v", ps)
	}
}

func TestLoadRequirementsCSV(t *testing.T) {
	file := "id,destination,hs_prefixes,certificate_types,title_id,title_en,source_url,last_checked,applies_from,mandatory,confidence\n" +
		"kr-1,KOR,0901;1905,,Registrasi,Registration,https://www.mfds.go.kr/eng/index.do,2026-12-01,2016-02-04,ya,confirmed\n" +
		"gcc-1,GCC,1905 2008,halal,Halal,Halal,https://www.sfda.gov.sa/en,2026-12-01,,tidak,check\n" +
		"bad-1,XYZ,0901,,T,T,,01/12/2026,,maybe,check\n"
	reqs, ps, err := LoadRequirementsCSV(strings.NewReader(file), "reqs.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs) != 2 || reqs[0].AppliesFrom.String() != "2016-02-04" || !reqs[0].Mandatory || len(reqs[0].HSPrefixes) != 2 ||
		reqs[1].Mandatory || reqs[1].CertificateTypes[0] != siapekspor.CertHalal || len(reqs[1].HSPrefixes) != 2 {
		t.Fatalf("reqs %+v", reqs)
	}
	if len(ps) != 1 || ps[0].Line != 4 || ps[0].Column != "mandatory" {
		t.Errorf("problems %+v", ps)
	}
	file = strings.Replace(file, ",maybe,", ",no,", 1)
	_, ps, _ = LoadRequirementsCSV(strings.NewReader(file), "reqs.csv")
	var got []string
	for _, p := range ps {
		got = append(got, p.Where()+" "+p.Key)
	}
	if strings.Join(got, ";") != "reqs.csv:4: last_checked market.bad_date;reqs.csv:4: destination market.bad_destination;reqs.csv:4: source_url market.source_required" {
		t.Errorf("problems %v", got)
	}
	_, ps, _ = LoadRequirementsCSV(strings.NewReader("id,destination,colour\n"), "h.csv")
	if len(ps) < 2 || ps[0].Column != "colour" || ps[0].Key != "market.unknown_column" {
		t.Errorf("header problems %+v", ps)
	}
	// As Excel saves it on Indonesian Windows: semicolons, Windows-1252.
	excel := "id;destination;hs_prefixes;title_id;title_en;source_url;last_checked;confidence\r\n" +
		"jp-1;JPN;0901;Kopi \xe9;Coffee;https://www.mhlw.go.jp/english/;2026-12-01;check\r\n"
	if reqs, ps, err := LoadRequirementsCSV(strings.NewReader(excel), "excel.csv"); err != nil || len(ps) != 0 || len(reqs) != 1 || reqs[0].TitleID != "Kopi é" {
		t.Errorf("Excel CSV: %+v %+v %v", reqs, ps, err)
	}
	// As Excel's "Unicode Text" saves it: UTF-16 with tabs.
	unicodeText := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(strings.NewReplacer(";", "\t", "\xe9", "é").Replace(excel))) {
		unicodeText = append(unicodeText, byte(u), byte(u>>8))
	}
	if reqs, ps, err := LoadRequirements(bytes.NewReader(unicodeText), "excel.txt"); err != nil || len(ps) != 0 || len(reqs) != 1 || reqs[0].TitleID != "Kopi é" {
		t.Errorf("Unicode Text: %+v %+v %v", reqs, ps, err)
	}
	// A stray quote is read, never a panic.
	if _, _, err := LoadRequirementsCSV(strings.NewReader("id,destination\n\"x,JPN\n"), "q.csv"); err != nil {
		t.Errorf("stray quote: %v", err)
	}
}

func TestRestrictions(t *testing.T) {
	all, err := ShippedRestrictions()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		if err := r.Validate(); err != nil {
			t.Errorf("%s: %v", r.ID, err)
		}
	}
	ids := func(hs string) string {
		var out []string
		for _, r := range Restrictions(hs) {
			out = append(out, r.ID)
		}
		return strings.Join(out, " ")
	}
	for hs, want := range map[string]string{
		"151800": "id-uco-export-approval",
		"1518":   "id-uco-export-approval",
		"391590": "basel-plastic-waste-pic id-waste-export-notification",
		"140120": "id-raw-rattan-ban",
		"140190": "",                  // palm-frond sticks are not rattan
		"1401":   "id-raw-rattan-ban", // a heading is flagged for what may lie under it
		"060290": "cites-listed-species",
		"090111": "",
		"440929": "id-timber-legality-svlk",
	} {
		if got := ids(hs); got != want {
			t.Errorf("%s: %q, want %q", hs, got, want)
		}
	}
	uco := Restrictions("151800")[0]
	if uco.Kind != RestrictionApproval || uco.AppliesFrom.String() != "2025-01-08" || !strings.Contains(uco.DetailEN, "No. 2 of 2025") {
		t.Errorf("UCO: %+v", uco)
	}
	basel := Restrictions("3915")[0]
	if basel.Kind != RestrictionConsent || basel.AppliesFrom.String() != "2021-01-01" {
		t.Errorf("Basel: %+v", basel)
	}
	bad := Restriction{ID: "x", Kind: "ban", TitleID: "a", TitleEN: "a", LastChecked: MustDate("2026-12-01"), Confidence: ConfidenceCheck}
	e, _ := siapekspor.AsError(bad.Validate())
	var fields []string
	for _, f := range e.Fields {
		fields = append(fields, f.Field+" "+f.Key)
	}
	if strings.Join(fields, ";") != "hs_prefixes field.required;kind field.choice;source_url market.source_required" {
		t.Errorf("fields %v", fields)
	}
}

// TestRestrictionBadDateReportedOnce: an unreadable date is one problem,
// not also a missing one.
func TestRestrictionBadDateReportedOnce(t *testing.T) {
	file := `[{"id": "x", "hs_prefixes": ["1518"], "kind": "approval", "title_id": "T", "title_en": "T",
  "source_url": "https://jdih.kemendag.go.id/", "last_checked": "1 Des 2026", "confidence": "check"}]`
	_, ps, err := LoadRestrictionsJSON(strings.NewReader(file), "r.json")
	if err != nil || len(ps) != 1 || ps[0].Key != "market.bad_date" || ps[0].Column != "last_checked" || ps[0].Line != 1 {
		t.Errorf("%+v %v", ps, err)
	}
}

// CoversHSList answers as Covers does for the stored list.
func TestCoversHSList(t *testing.T) {
	for _, list := range []string{"", "0901", "0901,1212", "09,", "121221,0906", "3915"} {
		r := Requirement{}
		if list != "" {
			r.HSPrefixes = strings.Split(list, ",")
		}
		for _, hs := range []string{"0901", "090111", "09", "1212", "121221", "3915", "391510", "0801"} {
			if got, want := CoversHSList(list, hs), r.Covers(hs); got != want {
				t.Errorf("%q covers %s: %v, Covers says %v", list, hs, got, want)
			}
		}
	}
}
