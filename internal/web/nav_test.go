package web

import (
	"html/template"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
)

var navHrefRe = regexp.MustCompile(`<a href="([^"]+)"`)

func navHrefs(h template.HTML) string {
	var out []string
	for _, m := range navHrefRe.FindAllStringSubmatch(string(h), -1) {
		out = append(out, m[1])
	}
	return strings.Join(out, " ")
}

func TestNavEntriesPerRole(t *testing.T) {
	for _, tc := range []struct {
		role siapekspor.Role
		want string
	}{
		{"", "/ /api/docs"},
		{siapekspor.RoleAdmin, "/ /enterprises /map /funnel /reports/monthly /products /exports /validation /certificates/expiring /readiness /training /mentoring /requests /catalogue/inquiries /matches /events /inbox /markets /imports /organisations /users /audit /regions/aliases /regions/boundaries /api/docs"},
		{siapekspor.RoleOfficer, "/ /enterprises /map /funnel /reports/monthly /products /exports /certificates/expiring /readiness /training /mentoring /requests /catalogue/inquiries /matches /events /inbox /markets /imports /organisations /api/docs"},
		{siapekspor.RoleOwner, "/ /enterprises /products /exports /certificates/expiring /invitations /requests /matches /events /inbox /markets /api/docs"},
		{siapekspor.RoleValidator, "/ /products /validation /certificates/expiring /requests /matches /events /inbox /markets /api/docs"},
		{siapekspor.RoleTrainer, "/ /training /inbox /markets /api/docs"},
		{siapekspor.RoleBuyer, "/ /requests /matches /events /inbox /markets /api/docs"},
		{siapekspor.RoleMentor, "/ /enterprises /map /funnel /products /exports /certificates/expiring /readiness /training /mentoring /requests /matches /events /inbox /markets /api/docs"},
		{siapekspor.RoleViewer, "/ /enterprises /map /funnel /reports/monthly /products /exports /certificates/expiring /readiness /training /mentoring /requests /matches /events /inbox /markets /organisations /api/docs"},
		{"made-up", "/ /inbox /markets /api/docs"},
	} {
		for _, l := range i18n.Langs {
			p := &Page{Lang: l, Actor: siapekspor.Actor{Role: tc.role}}
			if got := navHrefs(navList(p)); got != tc.want {
				t.Errorf("%q %s:\n got %s\nwant %s", tc.role, l, got, tc.want)
			}
			// The search form only for those who may read products.
			if got, want := navSearch(p) != "", siapekspor.Can(p.Actor, siapekspor.PermProductRead); got != want {
				t.Errorf("%q %s: search form %v, want %v", tc.role, l, got, want)
			}
		}
	}
}

func TestNavMarksTheCurrentSection(t *testing.T) {
	for _, tc := range []struct {
		role siapekspor.Role
		nav  string
		want string // the entry marked current, "" for none
	}{
		{siapekspor.RoleOfficer, "enterprises", "/enterprises"},
		{siapekspor.RoleOfficer, "home", "/"},
		{siapekspor.RoleOfficer, "training", "/training"},
		{siapekspor.RoleOwner, "training", "/invitations"},
		{siapekspor.RoleOfficer, "users", ""}, // not an officer's entry
		{siapekspor.RoleAdmin, "api", "/api/docs"},
		{siapekspor.RoleAdmin, "", ""},
		{siapekspor.RoleAdmin, "account", ""},
	} {
		p := &Page{Lang: i18n.EN, Nav: tc.nav, Actor: siapekspor.Actor{Role: tc.role}}
		h := string(navList(p))
		got := regexp.MustCompile(`<a href="([^"]+)" aria-current="page"`).FindAllStringSubmatch(h, -1)
		switch {
		case tc.want == "" && len(got) != 0, tc.want != "" && (len(got) != 1 || got[0][1] != tc.want):
			t.Errorf("%s on %q: current %v, want %q", tc.role, tc.nav, got, tc.want)
		}
		if n := strings.Count(h, "<li>"); n != strings.Count(string(navList(&Page{Lang: i18n.EN, Actor: p.Actor})), "<li>") {
			t.Errorf("%s on %q: %d entries, not the same as with no current section", tc.role, tc.nav, n)
		}
		// The shared table is not changed by marking a page.
		if strings.Contains(string(navFor(tc.role, i18n.EN).all), "aria-current") {
			t.Fatalf("the table of %s holds a current entry", tc.role)
		}
	}
	acc := string(navSession(&Page{Lang: i18n.ID, Nav: "account", Actor: siapekspor.Actor{Role: siapekspor.RoleOwner, Label: "a@b.id"}}))
	if !strings.Contains(acc, `<a href="/account" aria-current="page">a@b.id</a>`) {
		t.Errorf("account page: %s", acc)
	}
}

func TestNavEscapes(t *testing.T) {
	// Translations are escaped where they are built.
	en := navFor(siapekspor.RoleOfficer, i18n.EN)
	if !strings.Contains(en.all, ">Buyers&#39; requests</a>") {
		t.Errorf("an apostrophe in a label: %s", en.all)
	}
	// The user's name and the URL are escaped per request, the URL as
	// html/template escapes a value in a URL's query inside an attribute.
	ref := template.Must(template.New("").Parse(`<a href="/lang/id?next={{.}}">`))
	for _, u := range []string{
		"/enterprises?q=<script>alert(1)</script>&sort=name",
		`/x?a="b" 'c' d+e%zz#frag`,
		"/cari?q=kopi gayo€ 😀",
		"/\x00\x7f\xff",
		"",
	} {
		p := &Page{Lang: i18n.EN, URL: u, Actor: siapekspor.Actor{Role: siapekspor.RoleAdmin, Label: `<b>"o'neil"&co</b>`}}
		h := string(navSession(p))
		var want strings.Builder
		if err := ref.Execute(&want, u); err != nil {
			t.Fatal(err)
		}
		href := strings.TrimSuffix(strings.TrimPrefix(want.String(), `<a href="/lang/id`), `">`) + `"`
		if !strings.Contains(h, `href="/lang/id`+href) {
			t.Errorf("URL %q:\n got %s\nwant …%s", u, h, href)
		}
		if !strings.Contains(h, ">&lt;b&gt;&#34;o&#39;neil&#34;&amp;co&lt;/b&gt;</a>") {
			t.Errorf("label not escaped: %s", h)
		}
		if strings.Contains(h, "<b>") || strings.Contains(h, "<script") {
			t.Errorf("unescaped markup: %s", h)
		}
	}
	// Signed out: the sign-in link, but not on the sign-in page itself.
	if h := string(navSession(&Page{Lang: i18n.ID, Nav: "home"})); !strings.Contains(h, `href="/login"`) || strings.Contains(h, "/logout") {
		t.Errorf("signed out: %s", h)
	}
	if h := string(navSession(&Page{Lang: i18n.ID, Nav: "login"})); strings.Contains(h, `href="/login"`) {
		t.Errorf("sign-in page: %s", h)
	}
}

// BenchmarkLayout renders the error page (the layout around a few lines)
// for an officer.
func BenchmarkLayout(b *testing.B) {
	r := testRenderer(b)
	p := &Page{P: i18n.Printer{Lang: i18n.ID}, Lang: i18n.ID, Title: "x", Nav: "enterprises", URL: "/enterprises?q=kopi",
		Actor: siapekspor.Actor{Role: siapekspor.RoleOfficer, Label: "petugas@disperindag.go.id"}, Data: errorData{Message: "m"}}
	t := r.pages["error"]
	var buf strings.Builder
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
			b.Fatal(err)
		}
	}
}

func testRenderer(tb testing.TB) *Renderer {
	r, err := NewRenderer(slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		tb.Fatal(err)
	}
	return r
}
