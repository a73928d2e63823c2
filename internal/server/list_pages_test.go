package server_test

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestEnterpriseListPagesByCursor: the list's page links follow cursors
// (next to the last page and back, first and last), say "page N of M"
// from the summary figures, and a text query is counted only when the
// reader asks for it.
func TestEnterpriseListPagesByCursor(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	var es []*siapekspor.Enterprise
	for i := range 60 {
		e := &siapekspor.Enterprise{Name: fmt.Sprintf("Halaman Usaha %02d", i), Kind: siapekspor.KindUMKM, LegalForm: siapekspor.LegalUD,
			RegencyCode: "18.71", Sector: "food", ExportStatus: siapekspor.ExportNever}
		es = append(es, e)
	}
	if err := db.CreateEnterprises(sysCtx, "test", es); err != nil {
		t.Fatal(err)
	}
	link := func(body, rel string) string {
		m := regexp.MustCompile(`<a href="([^"]+)" rel="` + rel + `"`).FindStringSubmatch(body)
		if m == nil {
			return ""
		}
		return html.UnescapeString(m[1])
	}
	names := regexp.MustCompile(`>(Halaman Usaha \d\d)</a>`)
	get := func(u string) string {
		t.Helper()
		rec := w.do(t, "admin", "GET", u, "", "")
		if rec.Code != 200 {
			t.Fatalf("GET %s: %d", u, rec.Code)
		}
		return rec.Body.String()
	}
	var forward [][]string
	u := "/enterprises?regency=18.71"
	for u != "" {
		body := get(u)
		n := len(forward) + 1
		if want := fmt.Sprintf("Halaman %d dari 3", n); !strings.Contains(body, want) {
			t.Fatalf("page %d of %s does not say %q", n, u, want)
		}
		if (link(body, "prev") != "") != (n > 1) || (link(body, "last") != "") != (n < 3) || (link(body, "first") != "") != (n > 1) {
			t.Errorf("page %d: links prev %q last %q first %q", n, link(body, "prev"), link(body, "last"), link(body, "first"))
		}
		var page []string
		for _, m := range names.FindAllStringSubmatch(body, -1) {
			page = append(page, m[1])
		}
		forward = append(forward, page)
		u = link(body, "next")
	}
	if len(forward) != 3 || len(forward[0]) != 25 || len(forward[2]) != 10 || forward[0][0] != "Halaman Usaha 00" || forward[2][9] != "Halaman Usaha 59" {
		t.Fatalf("pages: %v", forward)
	}
	body := get(link(get("/enterprises?regency=18.71"), "last"))
	for i := 2; i >= 0; i-- {
		if !strings.Contains(body, fmt.Sprintf("Halaman %d dari 3", i+1)) || fmt.Sprint(names.FindAllStringSubmatch(body, -1)[0][1]) != forward[i][0] {
			t.Fatalf("backwards, page %d differs", i+1)
		}
		if i > 0 {
			body = get(link(body, "prev"))
		}
	}
	// A text query: the page, not counted, with a link that counts.
	body = get("/enterprises?q=halaman+usaha")
	if !strings.Contains(body, "Belum dihitung") || strings.Contains(body, "Halaman 1 dari") {
		t.Fatalf("a text query was counted without being asked")
	}
	m := regexp.MustCompile(`Belum dihitung: <a href="([^"]+)">`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no link to count the matches")
	}
	body = get(html.UnescapeString(m[1]))
	if !strings.Contains(body, "60 usaha") || !strings.Contains(body, "Halaman 1 dari 3") {
		t.Errorf("asked to count, the page does not say 60 usaha in 3 pages")
	}
	next := link(body, "next")
	if !strings.Contains(next, "count=1") {
		t.Errorf("the next page forgets the count: %s", next)
	}
}
