package web

import (
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/importer"
	"github.com/siapekspor/siapekspor/internal/readiness"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/sheet"
)

// fieldView is what the form partials (templates/partials/fields.html) need
// to draw one labelled input with its hint and error.
type fieldView struct {
	P           i18n.Printer
	FieldErrors map[string]string
	Name        string
	Value       string
	Kind        string // required, numeric, tel, email, decimal, money or ""
	Error       string
	Hint        string
	Prefix      string // choice label prefix for selects
	Options     any
	Regions     []refdata.Region
	Child       string // the select this one's choice narrows
}

func newFieldView(p *Page, name string) fieldView {
	v := fieldView{P: p.P, FieldErrors: p.FieldErrors, Name: name, Error: p.FieldErrors[name]}
	if key := "hint." + name; i18n.Has(key) {
		v.Hint = p.P.T(key)
	}
	return v
}

// pagerView is what the pager partial draws.
type pagerView struct {
	P *Page
	G pager
}

// formFuncs are the template functions of forms and lists.
func formFuncs() template.FuncMap {
	return template.FuncMap{
		"field": func(p *Page, name, value, kind string) fieldView {
			v := newFieldView(p, name)
			v.Value, v.Kind = value, kind
			return v
		},
		"choices": func(p *Page, name, value, prefix string, options any) fieldView {
			v := newFieldView(p, name)
			v.Value, v.Prefix, v.Options = value, prefix, options
			return v
		},
		"regionSel": func(p *Page, name, value string, regions []refdata.Region, child string) fieldView {
			v := newFieldView(p, name)
			v.Value, v.Regions, v.Child = value, regions, child
			return v
		},
		"named": func(p *Page, name string) fieldView { return newFieldView(p, name) },
		"npwp":  siapekspor.FormatNPWP,
		"yearStr": func(y int) string {
			if y == 0 {
				return ""
			}
			return strconv.Itoa(y)
		},
		"coord": func(f *float64) string {
			if f == nil {
				return ""
			}
			return strconv.FormatFloat(*f, 'f', -1, 64)
		},
		"money": func(v int64) string {
			if v == 0 {
				return ""
			}
			return siapekspor.FormatNumberID(v)
		},
		"can":      func(a siapekspor.Actor, perm string) bool { return siapekspor.Can(a, siapekspor.Permission(perm)) },
		"roles":    func() []siapekspor.Role { return siapekspor.Roles },
		"orgKinds": func() []siapekspor.OrgKind { return siapekspor.OrgKinds },
		"derefTime": func(t *time.Time) time.Time {
			if t == nil {
				return time.Time{}
			}
			return *t
		},
		"regionName": func(code string) string {
			if r, ok := refdata.DefaultRegionIndex().ByCode(code); ok {
				return r.Name
			}
			return code
		},
		"max1":              func(n int) int { return max(n, 1) },
		"pagerOf":           func(p *Page, g pager) pagerView { return pagerView{P: p, G: g} },
		"regionOptions":     regionOptions,
		"chapterOptions":    chapterOptions,
		"orgOptions":        orgOptions,
		"countryOptions":    countryOptions,
		"enterpriseRows":    enterpriseRows,
		"productRows":       productRows,
		"readinessRows":     readinessRows,
		"navList":           navList,
		"searchRows":        searchRows,
		"certOptions":       certOptions,
		"validationOptions": validationOptions,
		"navSession":        navSession,
		"navSearch":         navSearch,
		"sectorOptions":     sectorOptions,
		"email":             breakableEmail,
		"problemText":       func(l i18n.Lang, p sheet.Problem) string { return bulk.ProblemText(l, p) },
		"guessText":         func(l i18n.Lang, g importer.Guess) string { return bulk.GuessText(l, g) },
		"importNotes":       func(p *Page, notes []importer.Guess) importNotesView { return importNotesView{p, notes} },
		"problemColumn":     func(l i18n.Lang, p sheet.Problem) string { return bulk.ProblemColumn(l, p) },
		"skippedText":       func(l i18n.Lang, s importer.Skipped) string { return bulk.SkippedText(l, s) },
		"letterOf":          func(c columnChoice) string { return c.Letter },
		"auditActions":      func() []string { return AuditActions },
		"auditEntities":     func() []string { return AuditEntities },
		"who":               actorName,
		"sectors":           func() []siapekspor.Sector { return siapekspor.Sectors },
		"units":             func() []siapekspor.Unit { return siapekspor.Units },
		"certTypes":         func() []siapekspor.CertificateType { return siapekspor.CertificateTypes },
		"reviewPoints":      func() []siapekspor.ReviewPoint { return siapekspor.ReviewPoints },
		"valStatuses":       func() []siapekspor.ValidationStatus { return siapekspor.ValidationStatuses },
		"valTag":            func(p *Page, s siapekspor.ValidationStatus) tagView { return tagView{P: p, Value: string(s)} },
		"certTable": func(p *Page, cs []siapekspor.Certificate, canEdit bool, now time.Time) certTableView {
			return certTableView{P: p, Items: cs, CanEdit: canEdit, Now: now, WarnDays: siapekspor.DefaultExpiryWarningDays}
		},
		"counts":   func(c siapekspor.Certificate, now time.Time) bool { return c.Counts(now) },
		"expiring": func(c siapekspor.Certificate, days int, now time.Time) bool { return c.ExpiresWithin(days, now) },
		"dateVal": func(t *time.Time) string {
			if t == nil {
				return ""
			}
			return t.Format("2006-01-02")
		},
		"usd": func(cents int64) string {
			if cents == 0 {
				return ""
			}
			return strconv.FormatFloat(float64(cents)/100, 'f', 2, 64)
		},
		"dec": func(v float64) string {
			if v == 0 {
				return ""
			}
			return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
		},
		"pointReview": func(r *siapekspor.Review, pt siapekspor.ReviewPoint) siapekspor.PointReview {
			if r == nil {
				return siapekspor.PointReview{}
			}
			return r.Points[pt]
		},
		"ptrTime":      func(t time.Time) *time.Time { return &t },
		"channels":     func() []siapekspor.Channel { return siapekspor.Channels },
		"caseKinds":    func() []siapekspor.CaseKind { return siapekspor.CaseKinds },
		"caseStatuses": func() []siapekspor.CaseStatus { return siapekspor.CaseStatuses },
		"levels":       func() []siapekspor.TrainingLevel { return siapekspor.TrainingLevels },
		"caseTable": func(p *Page, cs []siapekspor.Case, today time.Time, withEnterprise bool) caseTableView {
			return caseTableView{P: p, Items: cs, Today: today, WithEnterprise: withEnterprise}
		},
		"tlEvent": func(p *Page, e siapekspor.TimelineEvent) timelineView { return timelineView{P: p, E: e} },
		"actionList": func(p *Page, items []readiness.Action) listView[readiness.Action] {
			return listView[readiness.Action]{P: p, Items: items}
		},
		"actionText": func(p *Page, a readiness.Action) string { return a.Text(string(p.Lang), p.P.T) },
		"enrolList": func(p *Page, items []siapekspor.Enrolment, canRespond bool, back string) enrolmentListView {
			return enrolmentListView{P: p, Items: items, CanRespond: canRespond, Back: back}
		},
		"statusCounts": func(p *Page, counts map[siapekspor.EnrolmentStatus]int) statusCountsView {
			return statusCountsView{P: p, Counts: counts, Statuses: siapekspor.EnrolmentStatuses}
		},
		"nextLevel": func(l siapekspor.TrainingLevel) siapekspor.TrainingLevel {
			if r := l.Rank(); r >= 0 && r+1 < len(siapekspor.TrainingLevels) {
				return siapekspor.TrainingLevels[r+1]
			}
			return l
		},
		// levelChange says how the class moved between two assessments.
		"levelChange": func(p i18n.Printer, before, after siapekspor.TrainingLevel) string {
			switch d := readiness.CompareLevels(before, after); {
			case d > 0:
				return p.T("readiness.change.up", d)
			case d < 0:
				return p.T("readiness.change.down", -d)
			}
			return p.T("readiness.change.same")
		},
		"dec0": func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) },
		"seq": func(n int) []int {
			out := make([]int, n)
			for i := range out {
				out[i] = i
			}
			return out
		},
		"kinds":          func() []siapekspor.EnterpriseKind { return siapekspor.EnterpriseKinds },
		"populations":    func() []siapekspor.TargetPopulation { return siapekspor.TargetPopulations },
		"denominators":   func() []siapekspor.Denominator { return siapekspor.Denominators },
		"legalForms":     func() []siapekspor.LegalForm { return siapekspor.LegalForms },
		"exportStatuses": func() []siapekspor.ExportStatus { return siapekspor.ExportStatuses },
		"sizeClasses":    func() []siapekspor.SizeClass { return sizeClasses },
		"sizeOptions":    sizeOptions,
		"exportOptions":  exportOptions,
		"kindOptions":    kindOptions,
	}
}

// tagView draws a status tag.
type tagView struct {
	P     *Page
	Value string
}

// listView is a list of items for a partial.
type listView[T any] struct {
	P     *Page
	Items []T
}

// enrolmentListView draws an enterprise's enrolments with the invitation buttons.
type enrolmentListView struct {
	P          *Page
	Items      []siapekspor.Enrolment
	CanRespond bool
	Back       string
}

// statusCountsView draws enrolment counts per status.
type statusCountsView struct {
	P        *Page
	Counts   map[siapekspor.EnrolmentStatus]int
	Statuses []siapekspor.EnrolmentStatus
}

// caseTableView draws a list of assistance cases.
type caseTableView struct {
	P              *Page
	Items          []siapekspor.Case
	Today          time.Time
	WithEnterprise bool
}

// timelineView draws one timeline event.
type timelineView struct {
	P *Page
	E siapekspor.TimelineEvent
}

// certTableView draws a list of certificates.
type certTableView struct {
	P        *Page
	Items    []siapekspor.Certificate
	CanEdit  bool
	Now      time.Time
	WarnDays int
}

// breakableEmail lets an address wrap before its "@" and dots, so a narrow
// screen breaks it there rather than between any two letters. (The escaped
// text holds no "@" or "." of its own entities.)
func breakableEmail(addr string) template.HTML {
	return template.HTML(strings.NewReplacer("@", "<wbr>@", ".", "<wbr>.").Replace(template.HTMLEscapeString(addr)))
}

// importNotesView is what the import-notes partial draws: how an import
// read values, under a fold.
type importNotesView struct {
	P     *Page
	Notes []importer.Guess
}
