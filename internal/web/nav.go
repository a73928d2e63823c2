package web

import (
	"html/template"
	"strings"
	"sync"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
)

// navItem is one entry of the layout's navigation (templates/layout.html).
// Which entries a user sees depends only on the role; the HTML of a role's
// navigation in a language is built once (navFor) and each page only marks
// its own entry as the current one (issue 16 item 3: as some 20 template
// actions the navigation cost ≈ 0.2 ms on every page).
type navItem struct {
	href string
	nav  string // the Page.Nav of the section: its entry gets aria-current
	// label is the entry's message key; text, when set, is shown as is.
	label, text string
	show        func(siapekspor.Role) bool
}

// navItems is the navigation, in order. Adding an entry is one line.
var navItems = []navItem{
	{href: "/", nav: "home", label: "nav.home", show: anyone},
	{href: "/enterprises", nav: "enterprises", label: "nav.enterprises", show: may(siapekspor.PermEnterpriseRead)},
	{href: "/map", nav: "map", label: "nav.map", show: notOwner(may(siapekspor.PermEnterpriseRead))},
	{href: "/funnel", nav: "funnel", label: "nav.funnel", show: notOwner(may(siapekspor.PermEnterpriseRead))},
	{href: "/reports/monthly", nav: "report", label: "nav.report", show: provinceWide},
	{href: "/products", nav: "products", label: "nav.products", show: may(siapekspor.PermProductRead)},
	{href: "/exports", nav: "exports", label: "nav.exports", show: may(siapekspor.PermExportRead)},
	{href: "/validation", nav: "validation", label: "nav.validation", show: may(siapekspor.PermValidate)},
	{href: "/certificates/expiring", nav: "certificates", label: "nav.certificates", show: may(siapekspor.PermProductRead)},
	{href: "/readiness", nav: "readiness", label: "nav.readiness", show: notOwner(may(siapekspor.PermReadinessRead))},
	{href: "/training", nav: "training", label: "nav.training", show: may(siapekspor.PermTrainingRead)},
	{href: "/invitations", nav: "training", label: "nav.training", show: invitedOnly},
	{href: "/mentoring", nav: "mentoring", label: "nav.mentoring", show: notOwner(may(siapekspor.PermMentoringRead))},
	{href: "/requests", nav: "requests", label: "nav.requests", show: may(siapekspor.PermRequestRead)},
	{href: "/catalogue/inquiries", nav: "inquiries", label: "nav.catalogue_inquiries", show: may(siapekspor.PermCatalogueAdmin)},
	{href: "/matches", nav: "matches", label: "nav.matches", show: may(siapekspor.PermPipelineRead)},
	{href: "/events", nav: "events", label: "nav.events", show: may(siapekspor.PermEventRead)},
	{href: "/inbox", nav: "inbox", label: "nav.inbox", show: signedIn},
	{href: "/markets", nav: "markets", label: "nav.markets", show: signedIn},
	{href: "/imports", nav: "imports", label: "nav.imports", show: may(siapekspor.PermEnterpriseCreate)},
	{href: "/organisations", nav: "organisations", label: "nav.organisations", show: may(siapekspor.PermOrgRead)},
	{href: "/users", nav: "users", label: "nav.users", show: may(siapekspor.PermUserAdmin)},
	{href: "/audit", nav: "audit", label: "nav.audit", show: may(siapekspor.PermAuditRead)},
	{href: "/regions/aliases", nav: "region_aliases", label: "nav.region_aliases", show: may(siapekspor.PermRegionAdmin)},
	{href: "/regions/boundaries", nav: "boundaries", label: "nav.boundaries", show: may(siapekspor.PermRegionAdmin)},
	{href: "/api/docs", nav: "api", text: "API", show: anyone},
}

func anyone(siapekspor.Role) bool     { return true }
func signedIn(r siapekspor.Role) bool { return r != "" }

// may shows an entry to the roles holding p.
func may(p siapekspor.Permission) func(siapekspor.Role) bool {
	return func(r siapekspor.Role) bool { return siapekspor.Can(siapekspor.Actor{Role: r}, p) }
}

// notOwner hides an entry from owners, who reach the section from their
// enterprise's page instead.
func notOwner(show func(siapekspor.Role) bool) func(siapekspor.Role) bool {
	return func(r siapekspor.Role) bool { return r != siapekspor.RoleOwner && show(r) }
}

// invitedOnly: an owner answers its training invitations where others
// read the programmes.
func invitedOnly(r siapekspor.Role) bool {
	return !may(siapekspor.PermTrainingRead)(r) && may(siapekspor.PermTrainingRespond)(r)
}

// navEntry is a visible entry's HTML, as the current page's and not.
type navEntry struct {
	nav     string
	off, on string
}

// navTable is a role's navigation in one language, and the parts of the
// layout's header that depend on nothing else.
type navTable struct {
	entries []navEntry
	all     string // every entry, none current
	search  string // the search form, or "" for roles that cannot search
	logout  string // the sign-out form
	login   string // the sign-in link
	swLang  string // the language switch's text
}

type navKey struct {
	role siapekspor.Role
	lang i18n.Lang
}

var (
	navOnce   sync.Once
	navTables map[navKey]*navTable // read-only once built
)

// navFor returns a role's navigation in l, built for every known role and
// language on first use; an unknown role's is built on each call.
func navFor(role siapekspor.Role, l i18n.Lang) *navTable {
	navOnce.Do(func() {
		m := map[navKey]*navTable{}
		for _, r := range append([]siapekspor.Role{""}, siapekspor.Roles...) {
			for _, lang := range i18n.Langs {
				m[navKey{r, lang}] = buildNav(r, lang)
			}
		}
		navTables = m
	})
	if t, ok := navTables[navKey{role, l}]; ok {
		return t
	}
	return buildNav(role, l)
}

func buildNav(role siapekspor.Role, l i18n.Lang) *navTable {
	esc := template.HTMLEscapeString
	t := &navTable{}
	var all strings.Builder
	for _, it := range navItems {
		if !it.show(role) {
			continue
		}
		text := it.text
		if text == "" {
			text = i18n.T(l, it.label)
		}
		head := `          <li><a href="` + esc(it.href) + `"`
		tail := ">" + esc(text) + "</a></li>\n"
		e := navEntry{nav: it.nav, off: head + tail, on: head + ` aria-current="page"` + tail}
		t.entries = append(t.entries, e)
		all.WriteString(e.off)
	}
	t.all = all.String()
	if siapekspor.Can(siapekspor.Actor{Role: role}, siapekspor.PermProductRead) {
		t.search = `<form method="get" action="/search" class="top-search" role="search">
      <label for="top-q" class="visually-hidden">` + esc(i18n.T(l, "search.title")) + `</label>
      <input id="top-q" name="q" type="search" placeholder="` + esc(i18n.T(l, "search.placeholder")) + `" maxlength="200">
      <button type="submit" class="secondary">` + esc(i18n.T(l, "search.go")) + `</button>
    </form>`
	}
	t.logout = `          <form method="post" action="/logout" class="inline"><button type="submit" class="link">` + esc(i18n.T(l, "nav.logout")) + "</button></form>\n"
	t.login = `          <a href="/login">` + esc(i18n.T(l, "nav.login")) + "</a>\n"
	t.swLang = esc(i18n.T(l, "nav.switch_lang"))
	return t
}

// navList writes the navigation's entries with the page's own marked.
func navList(p *Page) template.HTML {
	t := navFor(p.Actor.Role, p.Lang)
	i := 0
	for i < len(t.entries) && t.entries[i].nav != p.Nav {
		i++
	}
	if i == len(t.entries) {
		return template.HTML(t.all)
	}
	var b strings.Builder
	b.Grow(len(t.all) + 32)
	for _, e := range t.entries {
		if e.nav == p.Nav {
			b.WriteString(e.on)
		} else {
			b.WriteString(e.off)
		}
	}
	return template.HTML(b.String())
}

// navSearch writes the header's search form for the roles that may search.
func navSearch(p *Page) template.HTML {
	return template.HTML(navFor(p.Actor.Role, p.Lang).search)
}

// navSession writes the header's account link and sign-out form (or the
// sign-in link) and the language switch back to the page itself: the parts
// that differ per user and per request.
func navSession(p *Page) template.HTML {
	t := navFor(p.Actor.Role, p.Lang)
	other := string(p.Lang.Other())
	var b strings.Builder
	b.Grow(len(t.logout) + len(p.Actor.Label) + 3*len(p.URL) + 200)
	switch {
	case p.PasswordFirst:
		b.WriteString(`          <span class="who">`)
		b.WriteString(template.HTMLEscapeString(p.Actor.Label))
		b.WriteString("</span>\n")
		b.WriteString(t.logout)
	case p.Actor.Role != "":
		b.WriteString(`          <a href="/account"`)
		if p.Nav == "account" {
			b.WriteString(` aria-current="page"`)
		}
		b.WriteString(">")
		b.WriteString(template.HTMLEscapeString(p.Actor.Label))
		b.WriteString("</a>\n")
		b.WriteString(t.logout)
	case p.Nav != "login":
		b.WriteString(t.login)
	}
	b.WriteString(`        <a class="lang" href="/lang/`)
	b.WriteString(other)
	b.WriteString(`?next=`)
	queryEscape(&b, p.URL)
	b.WriteString(`" hreflang="`)
	b.WriteString(other)
	b.WriteString(`" lang="`)
	b.WriteString(other)
	b.WriteString(`">`)
	b.WriteString(t.swLang)
	b.WriteString("</a>")
	return template.HTML(b.String())
}

// queryEscape writes s as html/template writes a value into a URL's query
// inside an attribute: every byte but RFC 3986's unreserved characters
// percent-encoded, so nothing is left for the attribute's escaping.
func queryEscape(b *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
}

// provinceWide shows an entry to the roles that read the monthly report:
// admins, viewers and officers (a regency office's its regency's).
func provinceWide(r siapekspor.Role) bool {
	return r == siapekspor.RoleAdmin || r == siapekspor.RoleOfficer || r == siapekspor.RoleViewer
}
