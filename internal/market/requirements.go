package market

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/sheet"
	"github.com/siapekspor/siapekspor/internal/trade"
)

//go:embed data/*.json
var dataFiles embed.FS

// Date is a calendar day, written 2006-01-02.
type Date struct{ time.Time }

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	return Date{t}, err
}

// MustDate is ParseDate for constants.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// MarshalJSON writes "YYYY-MM-DD".
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads "YYYY-MM-DD".
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(s)
	*d = v
	return err
}

// after reports whether the day d is after the calendar day of t.
func (d Date) after(t time.Time) bool {
	y, m, day := t.Date()
	return d.Time.After(time.Date(y, m, day, 0, 0, 0, 0, time.UTC))
}

// Confidence says how far an entry of the shipped data was checked.
const (
	// ConfidenceConfirmed: the act and its number, dates and scope were
	// checked against the cited source.
	ConfidenceConfirmed = "confirmed"
	// ConfidenceCheck: the rule is known to exist, but the source cited is
	// the authority's main page and the details must be checked there
	// before they are relied on.
	ConfidenceCheck = "check"
)

// Renewal schedules a requirement may have.
const RenewalEvenYears = "even_years" // US FDA: renew from 1 October to 31 December of every even year

// Requirement is something a destination requires of (some) imported goods.
type Requirement struct {
	ID          string `json:"id"`
	Destination string `json:"destination"` // ISO3, or a group: EU, GCC, ASEAN
	// HSPrefixes: chapters, headings or subheadings it applies to; empty
	// means every product.
	HSPrefixes []string `json:"hs_prefixes"`
	// CertificateTypes: held certificates of any of these types show it is
	// met; empty when no certificate can (prior notice, due diligence).
	CertificateTypes      []siapekspor.CertificateType `json:"certificate_types"`
	TitleID               string                       `json:"title_id"`
	TitleEN               string                       `json:"title_en"`
	DetailID              string                       `json:"detail_id"`
	DetailEN              string                       `json:"detail_en"`
	ActionID              string                       `json:"action_id,omitempty"` // what to do to meet it
	ActionEN              string                       `json:"action_en,omitempty"`
	SourceURL             string                       `json:"source_url"`
	LastChecked           Date                         `json:"last_checked"`
	AppliesFrom           *Date                        `json:"applies_from,omitempty"`
	AppliesFromMicroSmall *Date                        `json:"applies_from_micro_small,omitempty"`
	Mandatory             bool                         `json:"mandatory"`
	Renewal               string                       `json:"renewal,omitempty"`
	Confidence            string                       `json:"confidence"`
}

// Groups are the destination groups a requirement may name.
var Groups = map[string][]string{
	// The 27 member states of the European Union.
	"EU": {"AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL", "ITA",
		"LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE"},
	// The six states of the Gulf Cooperation Council.
	"GCC": {"ARE", "BHR", "KWT", "OMN", "QAT", "SAU"},
	// The ten members of ASEAN.
	"ASEAN": {"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"},
}

// GroupsOf lists the groups a country belongs to.
func GroupsOf(country string) []string {
	var out []string
	for g, members := range Groups {
		for _, m := range members {
			if m == country {
				out = append(out, g)
			}
		}
	}
	sort.Strings(out)
	return out
}

// AppliesTo reports whether a requirement's destination covers a country
// (or names the same group).
func (r *Requirement) AppliesTo(destination string) bool {
	if r.Destination == destination {
		return true
	}
	for _, m := range Groups[r.Destination] {
		if m == destination {
			return true
		}
	}
	return false
}

// Covers reports whether a requirement applies to an HS code: one is a
// prefix of the other, so a heading asks about the subheadings under it.
func (r *Requirement) Covers(hs string) bool {
	return coversHS(r.HSPrefixes, hs)
}

func coversHS(prefixes []string, hs string) bool {
	if len(prefixes) == 0 {
		return true
	}
	hs = trade.CleanHS(hs)
	for _, p := range prefixes {
		if strings.HasPrefix(hs, p) || strings.HasPrefix(p, hs) {
			return true
		}
	}
	return false
}

// CoversHSList is Covers for the catalogue's stored form of the prefixes
// (comma-separated, "" for every product) and a cleaned code, without
// splitting the list.
func CoversHSList(prefixes, hs string) bool {
	if prefixes == "" {
		return true
	}
	for p := range strings.SplitSeq(prefixes, ",") {
		if strings.HasPrefix(hs, p) || strings.HasPrefix(p, hs) {
			return true
		}
	}
	return false
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,79}$`)

// Validate checks one requirement; a requirement without a source is refused.
func (r *Requirement) Validate() error {
	p := siapekspor.TextProblems(r)
	if !idPattern.MatchString(r.ID) {
		p.Add("id", "market.bad_id")
	}
	validDestination(&p, r.Destination)
	validPrefixes(&p, r.HSPrefixes)
	for _, t := range r.CertificateTypes {
		if !knownCertType(t) {
			p.Add("certificate_types", "market.bad_certificate_type", string(t))
		}
	}
	validTexts(&p, map[string]string{"title_id": r.TitleID, "title_en": r.TitleEN}, true, 200)
	validTexts(&p, map[string]string{"detail_id": r.DetailID, "detail_en": r.DetailEN, "action_id": r.ActionID, "action_en": r.ActionEN}, false, 2000)
	validSource(&p, r.SourceURL, r.LastChecked, r.Confidence)
	if r.AppliesFrom != nil && r.AppliesFromMicroSmall != nil && r.AppliesFromMicroSmall.Before(r.AppliesFrom.Time) {
		p.Add("applies_from_micro_small", "market.micro_before_general")
	}
	if r.Renewal != "" && r.Renewal != RenewalEvenYears {
		p.Add("renewal", "field.choice")
	}
	return p.Err()
}

func validDestination(p *siapekspor.Problems, d string) {
	if _, ok := Groups[d]; ok {
		return
	}
	if len(d) != 3 || d != strings.ToUpper(d) || !trade.KnownCountry(d) {
		p.Add("destination", "market.bad_destination", d)
	}
}

func validPrefixes(p *siapekspor.Problems, prefixes []string) {
	for _, h := range prefixes {
		if !trade.ValidHS(h) || h != trade.CleanHS(h) {
			p.Add("hs_prefixes", "market.bad_hs_prefix", h)
		}
	}
}

func validTexts(p *siapekspor.Problems, texts map[string]string, required bool, maxLen int) {
	for _, field := range slices.Sorted(maps.Keys(texts)) {
		s := texts[field]
		switch n := utf8.RuneCountInString(strings.TrimSpace(s)); {
		case n == 0 && required:
			p.Add(field, "field.required")
		case n > maxLen:
			p.Add(field, "field.too_long", maxLen)
		}
	}
}

func validSource(p *siapekspor.Problems, source string, checked Date, confidence string) {
	if strings.TrimSpace(source) == "" {
		p.Add("source_url", "market.source_required")
	} else if u, err := url.Parse(source); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		p.Add("source_url", "market.bad_source_url")
	}
	if checked.IsZero() {
		p.Add("last_checked", "field.required")
	}
	if confidence != ConfidenceConfirmed && confidence != ConfidenceCheck {
		p.Add("confidence", "field.choice")
	}
}

func knownCertType(t siapekspor.CertificateType) bool {
	for _, c := range siapekspor.CertificateTypes {
		if c == t {
			return true
		}
	}
	return false
}

// GapStatus is where an enterprise stands on one requirement.
type GapStatus string

const (
	GapMissing  GapStatus = "missing"  // a certificate shows it; none is held
	GapExpired  GapStatus = "expired"  // the certificate held has expired
	GapAction   GapStatus = "action"   // no certificate shows it: it is done per shipment or by the buyer
	GapUpcoming GapStatus = "upcoming" // not in force yet for this enterprise
	GapMet      GapStatus = "met"      // a valid certificate is held
)

var gapOrder = map[GapStatus]int{GapMissing: 0, GapExpired: 1, GapAction: 2, GapUpcoming: 3, GapMet: 4}

// Action is one step to close a gap. Key is a message key (its Args fill
// it); CertificateType, when set, is the certificate to obtain (labelled
// "cert.<type>"); TextID/TextEN carry the requirement's own instructions.
type Action struct {
	Key             string                     `json:"key"`
	Args            []any                      `json:"args,omitempty"`
	CertificateType siapekspor.CertificateType `json:"certificate_type,omitempty"`
	TextID          string                     `json:"text_id,omitempty"`
	TextEN          string                     `json:"text_en,omitempty"`
}

// GapItem is one requirement against what the enterprise holds.
type GapItem struct {
	Requirement Requirement              `json:"requirement"`
	Status      GapStatus                `json:"status"`
	AppliesFrom *Date                    `json:"applies_from,omitempty"` // for this enterprise (micro/small aware)
	Held        []siapekspor.Certificate `json:"held,omitempty"`         // the certificates that show it (or expired ones)
	Actions     []Action                 `json:"actions,omitempty"`
}

// Gap lists the requirements of destination for a product (hs) and what
// the enterprise lacks: held certificates count only while valid
// (Certificate.Counts); requirements not yet in force for it (micro and
// small firms may have later dates) are upcoming with their date. The
// caller passes the certificates that cover the product (enterprise-wide
// ones and the product's own). Mandatory requirements come first, then by
// status (missing, expired, action, upcoming, met) and ID.
func Gap(reqs []Requirement, destination string, hs string, held []siapekspor.Certificate, now time.Time, micro bool) []GapItem {
	var out []GapItem
	for _, r := range reqs {
		if !r.AppliesTo(destination) || !r.Covers(hs) {
			continue
		}
		item := GapItem{Requirement: r, AppliesFrom: r.AppliesFrom}
		if micro && r.AppliesFromMicroSmall != nil {
			item.AppliesFrom = r.AppliesFromMicroSmall
		}
		var valid, expired []siapekspor.Certificate
		for _, c := range held {
			if !hasType(r.CertificateTypes, c.Type) {
				continue
			}
			if c.Counts(now) {
				valid = append(valid, c)
			} else {
				expired = append(expired, c)
			}
		}
		follow := func() {
			if r.ActionID != "" || r.ActionEN != "" {
				item.Actions = append(item.Actions, Action{Key: "market.action.follow", TextID: r.ActionID, TextEN: r.ActionEN})
			}
		}
		obtain := func() {
			for _, t := range r.CertificateTypes {
				item.Actions = append(item.Actions, Action{Key: "market.action.obtain", CertificateType: t})
			}
			follow()
		}
		switch {
		case item.AppliesFrom != nil && item.AppliesFrom.after(now):
			item.Status = GapUpcoming
			item.Held = valid
			item.Actions = append(item.Actions, Action{Key: "market.action.prepare_by", Args: []any{item.AppliesFrom.String()}})
			if len(r.CertificateTypes) > 0 && len(valid) == 0 {
				obtain()
			} else if len(r.CertificateTypes) == 0 {
				follow()
			}
		case len(r.CertificateTypes) == 0:
			item.Status = GapAction
			follow()
		case len(valid) > 0:
			item.Status, item.Held = GapMet, valid
			for _, c := range valid {
				if c.ExpiresWithin(siapekspor.DefaultExpiryWarningDays, now) {
					item.Actions = append(item.Actions, Action{Key: "market.action.renew_soon", Args: []any{c.Number, c.ExpiresOn.Format(time.DateOnly)}, CertificateType: c.Type})
				}
			}
			if r.Renewal == RenewalEvenYears && now.Year()%2 == 0 && now.Month() >= time.October {
				item.Actions = append(item.Actions, Action{Key: "market.action.renew_window", Args: []any{now.Year()}})
			}
		case len(expired) > 0:
			item.Status, item.Held = GapExpired, expired
			for _, c := range expired {
				exp := ""
				if c.ExpiresOn != nil {
					exp = c.ExpiresOn.Format(time.DateOnly)
				}
				item.Actions = append(item.Actions, Action{Key: "market.action.renew", Args: []any{c.Number, exp}, CertificateType: c.Type})
			}
		default:
			item.Status = GapMissing
			obtain()
		}
		out = append(out, item)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Requirement.Mandatory != b.Requirement.Mandatory {
			return a.Requirement.Mandatory
		}
		if gapOrder[a.Status] != gapOrder[b.Status] {
			return gapOrder[a.Status] < gapOrder[b.Status]
		}
		return a.Requirement.ID < b.Requirement.ID
	})
	return out
}

func hasType(types []siapekspor.CertificateType, t siapekspor.CertificateType) bool {
	for _, x := range types {
		if x == t {
			return true
		}
	}
	return false
}

// FitOf sums a gap list for the ranking: the mandatory requirements in
// force that a certificate can show, and how many of them are met. Nil when
// there are none (the catalogue has nothing certificate-based for it).
func FitOf(items []GapItem) *Fit {
	f := &Fit{}
	for _, it := range items {
		if !it.Requirement.Mandatory || len(it.Requirement.CertificateTypes) == 0 || it.Status == GapUpcoming {
			continue
		}
		f.Required++
		if it.Status == GapMet {
			f.Met++
		} else {
			f.Missing = append(f.Missing, it.Requirement.ID)
		}
	}
	if f.Required == 0 {
		return nil
	}
	return f
}

var (
	shippedReqOnce sync.Once
	shippedReqs    []Requirement
	shippedReqErr  error
)

// ShippedRequirements is the starting catalogue in data/requirements.json
// (destinations EU, USA, AUS, CHN, JPN, KOR, GCC, ASEAN and a few single
// countries; each entry with its source and confidence).
func ShippedRequirements() ([]Requirement, error) {
	shippedReqOnce.Do(func() {
		b, err := dataFiles.ReadFile("data/requirements.json")
		if err != nil {
			shippedReqErr = err
			return
		}
		var ps trade.Problems
		shippedReqs, ps, shippedReqErr = LoadRequirementsJSON(bytes.NewReader(b), "requirements.json")
		if shippedReqErr == nil {
			shippedReqErr = ps.Err()
		}
	})
	return shippedReqs, shippedReqErr
}

// requirementColumns are the CSV columns, one requirement per row; lists
// (hs_prefixes, certificate_types) are separated by ";" or spaces; dates are
// YYYY-MM-DD; mandatory is true/false (ya/tidak, yes/no, 1/0).
var requirementColumns = []string{"id", "destination", "hs_prefixes", "certificate_types", "title_id", "title_en", "detail_id", "detail_en",
	"action_id", "action_en", "source_url", "last_checked", "applies_from", "applies_from_micro_small", "mandatory", "renewal", "confidence"}

// rawRequirement is the file form: dates as text, so that a bad date is a
// problem in its column rather than a failed file.
type rawRequirement struct {
	ID                    string   `json:"id"`
	Destination           string   `json:"destination"`
	HSPrefixes            []string `json:"hs_prefixes"`
	CertificateTypes      []string `json:"certificate_types"`
	TitleID               string   `json:"title_id"`
	TitleEN               string   `json:"title_en"`
	DetailID              string   `json:"detail_id"`
	DetailEN              string   `json:"detail_en"`
	ActionID              string   `json:"action_id"`
	ActionEN              string   `json:"action_en"`
	SourceURL             string   `json:"source_url"`
	LastChecked           string   `json:"last_checked"`
	AppliesFrom           string   `json:"applies_from"`
	AppliesFromMicroSmall string   `json:"applies_from_micro_small"`
	Mandatory             bool     `json:"mandatory"`
	Renewal               string   `json:"renewal"`
	Confidence            string   `json:"confidence"`
}

// resolve turns the file form into a Requirement, adding problems found on
// line (dates, then Validate's fields).
func (raw rawRequirement) resolve(file string, line int, ps *trade.Problems) (Requirement, bool) {
	r := Requirement{ID: strings.TrimSpace(raw.ID), Destination: strings.ToUpper(strings.TrimSpace(raw.Destination)),
		TitleID: strings.TrimSpace(raw.TitleID), TitleEN: strings.TrimSpace(raw.TitleEN), DetailID: strings.TrimSpace(raw.DetailID),
		DetailEN: strings.TrimSpace(raw.DetailEN), ActionID: strings.TrimSpace(raw.ActionID), ActionEN: strings.TrimSpace(raw.ActionEN),
		SourceURL: strings.TrimSpace(raw.SourceURL), Mandatory: raw.Mandatory, Renewal: strings.TrimSpace(raw.Renewal),
		Confidence: strings.TrimSpace(raw.Confidence), HSPrefixes: []string{}, CertificateTypes: []siapekspor.CertificateType{}}
	for _, h := range raw.HSPrefixes {
		r.HSPrefixes = append(r.HSPrefixes, strings.TrimSpace(h))
	}
	for _, t := range raw.CertificateTypes {
		r.CertificateTypes = append(r.CertificateTypes, siapekspor.CertificateType(strings.TrimSpace(t)))
	}
	c := rowCheck{file: file, line: line, ps: ps}
	if d := c.date("last_checked", raw.LastChecked); d != nil {
		r.LastChecked = *d
	}
	r.AppliesFrom = c.date("applies_from", raw.AppliesFrom)
	r.AppliesFromMicroSmall = c.date("applies_from_micro_small", raw.AppliesFromMicroSmall)
	c.validate(r.Validate())
	return r, c.ok()
}

// rowCheck collects one entry's problems at its line: unreadable dates,
// then what Validate finds, except for a column already reported as
// unreadable (a bad date is not "missing" as well).
type rowCheck struct {
	file     string
	line     int
	ps       *trade.Problems
	bad      map[string]bool
	rejected bool
}

// date reads an optional date; nil when blank or unreadable (reported).
func (c *rowCheck) date(col, s string) *Date {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	d, err := ParseDate(s)
	if err != nil {
		*c.ps = append(*c.ps, trade.Problem{File: c.file, Line: c.line, Column: col, Key: "market.bad_date", Value: s})
		if c.bad == nil {
			c.bad = map[string]bool{}
		}
		c.bad[col] = true
		return nil
	}
	return &d
}

func (c *rowCheck) validate(err error) {
	if err == nil {
		return
	}
	c.rejected = true
	if e, isDomain := siapekspor.AsError(err); isDomain {
		for _, f := range e.Fields {
			if !c.bad[f.Field] {
				*c.ps = append(*c.ps, trade.Problem{File: c.file, Line: c.line, Column: f.Field, Key: f.Key, Args: f.Args})
			}
		}
	}
}

func (c *rowCheck) ok() bool { return !c.rejected && len(c.bad) == 0 }

// LoadRequirementsJSON reads a JSON array of requirements. Every element
// with a problem is left out and each problem reported with its line; the
// error is for a file that is not a JSON array at all. IDs must be unique.
func LoadRequirementsJSON(r io.Reader, name string) ([]Requirement, trade.Problems, error) {
	var out []Requirement
	seen := ids{}
	ps, err := decodeArray(r, name, func(raw json.RawMessage, line int, ps *trade.Problems) {
		var rr rawRequirement
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rr); err != nil {
			*ps = append(*ps, jsonProblem(name, line, raw, err))
			return
		}
		if req, ok := rr.resolve(name, line, ps); ok && seen.first(name, line, req.ID, ps) {
			out = append(out, req)
		}
	})
	if err != nil {
		return nil, ps, err
	}
	return out, ps, nil
}

// LoadRequirementsCSV reads requirements, one per row, under a header of
// requirementColumns (any order; unknown columns are problems).
func LoadRequirementsCSV(r io.Reader, name string) ([]Requirement, trade.Problems, error) {
	b, err := readRequirementsFile(r)
	if err != nil {
		return nil, nil, err
	}
	// The importer reads what spreadsheets save: a BOM or Windows-1252,
	// commas or semicolons (Excel on Indonesian Windows), or an XLSX sheet.
	tbl, _, err := sheet.Open(context.Background(), bytes.NewReader(b), int64(len(b)), "")
	if err != nil {
		if de, ok := siapekspor.AsError(err); ok && de.Key == "import.empty_file" {
			return nil, trade.Problems{{File: name, Key: "trade.empty_file"}}, nil
		}
		return nil, nil, err
	}
	defer tbl.Close()
	var out []Requirement
	var pl problemList
	seen := ids{}
	head, _, err := tbl.Next()
	if err == io.EOF {
		return nil, trade.Problems{{File: name, Key: "trade.empty_file"}}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(h))
		if !slices.Contains(requirementColumns, h) {
			pl.list = append(pl.list, trade.Problem{File: name, Line: 1, Column: h, Key: "market.unknown_column"})
			continue
		}
		col[h] = i
	}
	for _, need := range []string{"id", "destination", "title_id", "title_en", "source_url", "last_checked"} {
		if _, ok := col[need]; !ok {
			pl.list = append(pl.list, trade.Problem{File: name, Line: 1, Column: need, Key: "market.missing_column"})
		}
	}
	if len(pl.list) > 0 {
		return nil, pl.done(name), nil
	}
	for {
		rec, line, err := tbl.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if _, ok := siapekspor.AsError(err); ok { // a broken quote: the rest cannot be read
				pl.list = append(pl.list, trade.Problem{File: name, Line: line, Key: "trade.csv_broken"})
				return out, pl.done(name), nil
			}
			return nil, pl.done(name), err
		}
		get := func(c string) string {
			if i, ok := col[c]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if req, ok := requirementFromCells(get, name, line, &pl.list); ok && seen.first(name, line, req.ID, &pl.list) {
			out = append(out, req)
		}
		if pl.full() {
			break
		}
	}
	return out, pl.done(name), nil
}

// requirementFromCells reads one entry from its named cells (a CSV row, or
// the editor's form), reporting its problems at line.
func requirementFromCells(get func(col string) string, file string, line int, ps *trade.Problems) (Requirement, bool) {
	raw := rawRequirement{ID: get("id"), Destination: get("destination"), HSPrefixes: splitList(get("hs_prefixes")),
		CertificateTypes: splitList(get("certificate_types")), TitleID: get("title_id"), TitleEN: get("title_en"),
		DetailID: get("detail_id"), DetailEN: get("detail_en"), ActionID: get("action_id"), ActionEN: get("action_en"),
		SourceURL: get("source_url"), LastChecked: get("last_checked"), AppliesFrom: get("applies_from"),
		AppliesFromMicroSmall: get("applies_from_micro_small"), Renewal: get("renewal"), Confidence: get("confidence")}
	m, ok := parseBool(get("mandatory"))
	if !ok {
		*ps = append(*ps, trade.Problem{File: file, Line: line, Column: "mandatory", Key: "market.bad_bool", Value: get("mandatory")})
		return Requirement{}, false
	}
	raw.Mandatory = m
	return raw.resolve(file, line, ps)
}

// RequirementFromForm reads a requirement from the editor's fields, named
// as the file's columns; it returns what was read (to show again) and the
// problems by field.
func RequirementFromForm(get func(field string) string) (Requirement, error) {
	var ps trade.Problems
	req, _ := requirementFromCells(func(c string) string { return strings.TrimSpace(get(c)) }, "", 0, &ps)
	var pr siapekspor.Problems
	for _, p := range ps {
		pr.Add(p.Column, p.Key, p.Args...)
	}
	return req, pr.Err()
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' || r == ' ' || r == '|' })
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "ya", "1", "wajib":
		return true, true
	case "false", "no", "tidak", "0", "":
		return false, true
	}
	return false, false
}

// decodeArray walks a JSON array element by element, calling fn with each
// element's text and the line it starts on. A syntax error stops the walk
// with a problem at its line.
func decodeArray(r io.Reader, name string, fn func(raw json.RawMessage, line int, ps *trade.Problems)) (trade.Problems, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var ps problemList
	dec := json.NewDecoder(bytes.NewReader(b))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('[') {
		return trade.Problems{{File: name, Line: lineAt(b, int(dec.InputOffset())), Key: "market.not_json_array"}}, nil
	}
	// Elements come in order: lines are counted on from the last one, once
	// over the file (counting from the start each time was quadratic).
	lines := lineCounter{b: b, line: 1}
	for dec.More() {
		start := skipBlank(b, int(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			off := int(dec.InputOffset())
			var se *json.SyntaxError
			if errors.As(err, &se) {
				off = int(se.Offset)
			}
			ps.list = append(ps.list, trade.Problem{File: name, Line: lineAt(b, off), Key: "market.json_syntax", Args: []any{err.Error()}})
			return ps.done(name), nil
		}
		fn(raw, lines.at(start), &ps.list)
		if ps.full() {
			break
		}
	}
	return ps.done(name), nil
}

// lineCounter gives the lines of offsets that never go back.
type lineCounter struct {
	b         []byte
	off, line int
}

func (c *lineCounter) at(off int) int {
	off = min(max(off, c.off), len(c.b))
	c.line += bytes.Count(c.b[c.off:off], []byte{'\n'})
	c.off = off
	return c.line
}

// problemList holds a file's problems; past MaxProblems the reading
// stops (a file of a million bad entries would otherwise be checked, and
// its problems held, a million times).
type problemList struct {
	list trade.Problems
}

// full reports that the reading should stop.
func (p *problemList) full() bool { return len(p.list) > MaxProblems }

// done returns the problems, the first MaxProblems and, when there were
// more, one saying the rest of the file was not checked.
func (p *problemList) done(file string) trade.Problems {
	if p.full() {
		p.list = append(p.list[:MaxProblems], trade.Problem{File: file, Key: "market.too_many_problems", Args: []any{siapekspor.Count(MaxProblems)}})
	}
	return p.list
}

// jsonProblem reports a decoding failure of one element at the line of
// the offending field where the error says.
func jsonProblem(file string, line int, raw []byte, err error) trade.Problem {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return trade.Problem{File: file, Line: line + lineAt(raw, int(te.Offset)) - 1, Column: te.Field, Key: "market.json_type", Args: []any{te.Type.String()}}
	}
	if s := err.Error(); strings.HasPrefix(s, "json: unknown field ") {
		field := strings.Trim(strings.TrimPrefix(s, "json: unknown field "), `"`)
		return trade.Problem{File: file, Line: line + lineAt(raw, bytes.Index(raw, []byte(`"`+field+`"`))) - 1, Column: field, Key: "market.unknown_column"}
	}
	return trade.Problem{File: file, Line: line, Key: "market.json_syntax", Args: []any{err.Error()}}
}

func skipBlank(b []byte, off int) int {
	for off < len(b) && (b[off] == ' ' || b[off] == '\n' || b[off] == '\r' || b[off] == '\t' || b[off] == ',') {
		off++
	}
	return off
}

// lineAt is the 1-based line of byte offset off.
func lineAt(b []byte, off int) int {
	if off < 0 {
		off = 0
	}
	if off > len(b) {
		off = len(b)
	}
	return bytes.Count(b[:off], []byte{'\n'}) + 1
}

// ids remembers the line each ID was first seen on.
type ids map[string]int

// first reports whether id is new; a repeat is a problem naming the first line.
func (seen ids) first(file string, line int, id string, ps *trade.Problems) bool {
	if at, dup := seen[id]; dup {
		*ps = append(*ps, trade.Problem{File: file, Line: line, Column: "id", Key: "market.duplicate_id", Args: []any{at}, Value: id})
		return false
	}
	seen[id] = line
	return true
}

// String is a short description for logs and tests.
func (r Requirement) String() string {
	return fmt.Sprintf("%s (%s %v)", r.ID, r.Destination, r.HSPrefixes)
}

// LoadRequirements reads a requirements file as JSON (an array), CSV or XLSX,
// told apart by its first character.
func LoadRequirements(r io.Reader, name string) ([]Requirement, trade.Problems, error) {
	b, err := readRequirementsFile(r)
	if err != nil {
		return nil, nil, err
	}
	if t := bytes.TrimSpace(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))); len(t) > 0 && t[0] == '[' {
		return LoadRequirementsJSON(bytes.NewReader(t), name)
	}
	return LoadRequirementsCSV(bytes.NewReader(b), name)
}

// readRequirementsFile reads a requirements file whole, refusing one over
// MaxRequirementsBytes (it used to be cut there without a word).
func readRequirementsFile(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxRequirementsBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxRequirementsBytes {
		return nil, siapekspor.Errorf(siapekspor.ETooLarge, "import.too_large", strconv.Itoa(MaxRequirementsBytes>>20))
	}
	return b, nil
}
