package server_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
)

// The authorization matrix's rows and requests for the public catalogue's
// pages (issue 20): its pages are everyone's; the inquiries' list is the
// officers'; an enterprise's listing consent is its writers'.

func init() {
	for k, v := range map[string][]string{
		"GET /catalogue": everyone, "GET /catalogue/search": everyone, "GET /catalogue/p/{slug}": everyone, "GET /catalogue/e/{slug}": everyone,
		"GET /catalogue/certified/{type}": everyone, "POST /catalogue/p/{slug}/inquiry": everyone, "POST /catalogue/e/{slug}/inquiry": everyone,
		"GET /catalogue/inquiry/sent": everyone, "GET /sitemap.xml": everyone, "GET /robots.txt": everyone,
		"GET /catalogue/inquiries": catalogueAdmins, "POST /enterprises/{id}/listing": writeLamsel,
		"GET /catalogue/register": everyone, "POST /catalogue/register": everyone,
		"GET /catalogue/buyers": catalogueAdmins, "POST /catalogue/buyers/{id}/approve": catalogueAdmins, "POST /catalogue/buyers/{id}/reject": catalogueAdmins,
	} {
		expected[k] = v
	}
}

func (w *world) catalogueRequest(t *testing.T, pattern, role string) (method, target, body, ctype string, ok bool) {
	method, path, _ := strings.Cut(pattern, " ")
	if !strings.HasPrefix(path, "/catalogue/") && path != "/catalogue" && path != "/sitemap.xml" && path != "/robots.txt" && path != "/enterprises/{id}/listing" {
		return "", "", "", "", false
	}
	p := w.listedProduct(t)
	e, err := w.db.Enterprise(sysCtx, p.EnterpriseID)
	if err != nil {
		t.Fatal(err)
	}
	r := strings.NewReplacer("/p/{slug}", strings.TrimPrefix(siapekspor.CataloguePath(p.ID, p.NameEN), "/catalogue"),
		"/e/{slug}", strings.TrimPrefix(siapekspor.CatalogueEnterprisePath(e.ID, e.Name), "/catalogue"),
		"{type}", "halal")
	target = r.Replace(path)
	switch {
	case strings.HasPrefix(path, "/catalogue/buyers/{id}/"):
		return method, strings.Replace(path, "{id}", fmt.Sprint(w.newRegistration(t, role)), 1), "", "", true
	case strings.HasSuffix(path, "/inquiry"), path == "/catalogue/register" && method == "POST":
		// The trap filled: answered as sent, nothing stored, no limit reached.
		return method, target, url.Values{"website": {"x"}, "name": {"Bot"}}.Encode(), formType, true
	case path == "/enterprises/{id}/listing":
		target = fmt.Sprintf("/enterprises/%d/listing", w.lamsel.ID)
		return method, target, url.Values{"listed": {"1"}, "evidence": {"formulir persetujuan " + role}}.Encode(), formType, true
	}
	return method, target, "", "", true
}
