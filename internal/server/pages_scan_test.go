package server_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/readiness"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestPagesShowNoKeysOrFormatErrors renders every page of the route table
// for every role in both languages and reads the HTML for what people
// must never see: a message key (auditaction.respond) instead of its text,
// and a fmt complaint (%!(EXTRA int=0), %!d(string=…)) from a message
// given the wrong arguments.
func TestPagesShowNoKeysOrFormatErrors(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	w.morePageData(t)
	namespaces := map[string]bool{} // the first part of every key: audit, auditaction, …
	for k := range i18n.Keys(i18n.ID) {
		namespaces[k[:strings.IndexByte(k, '.')+1]] = true
	}
	token := regexp.MustCompile(`[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+`)
	hidden := regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<pre.*?</pre>|(?:href|src|action)="[^"]*"`)
	found := map[string][]string{}
	pages := 0
	read := func(role, target, where string) {
		for _, lang := range []string{"id", "en"} {
			sep := "?"
			if strings.Contains(target, "?") {
				sep = "&"
			}
			rec := w.do(t, role, "GET", target+sep+"lang="+lang, "", "")
			if rec.Code >= 500 {
				t.Errorf("%s as %s: %d %s", target, role, rec.Code, firstLine(rec.Body.String()))
			}
			if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
				continue
			}
			pages++
			body := rec.Body.String()
			where := where + " as " + role + " in " + lang
			if i := strings.Index(body, "%!"); i >= 0 {
				found[body[i:min(len(body), i+60)]] = append(found[body[i:min(len(body), i+60)]], where)
			}
			for _, tok := range token.FindAllString(hidden.ReplaceAllString(body, ""), -1) {
				if namespaces[tok[:strings.IndexByte(tok, '.')+1]] {
					found[tok] = append(found[tok], where)
				}
			}
		}
	}
	for _, rt := range w.s.Routes() {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		if method != "GET" || strings.HasPrefix(path, "/api/") || strings.HasPrefix(path, "/static/") || strings.HasPrefix(path, "/media/") ||
			strings.HasPrefix(path, "/lang/") || path == "/healthz" || strings.Contains(path, "/document") || strings.Contains(path, "template.csv") ||
			strings.HasSuffix(path, ".csv") || strings.HasSuffix(path, ".xlsx") || strings.HasSuffix(path, ".json") || strings.HasSuffix(path, "/json") {
			continue
		}
		for _, role := range roleKeys {
			_, target, _, _ := w.request(t, rt.Pattern, role)
			read(role, target, rt.Pattern)
		}
	}
	// The audit log's page shows 50 entries: read every action and kind of
	// record the log holds by its filter.
	entries, _, err := w.db.ListAudit(sysCtx, store.AuditFilter{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range entries {
		for _, q := range []string{"action=" + e.Action, "entity=" + e.Entity} {
			if !seen[q] {
				seen[q] = true
				read("admin", "/audit?"+q, "/audit?"+q)
			}
		}
	}
	var lines []string
	for what, where := range found {
		lines = append(lines, what+" on "+strings.Join(where[:min(3, len(where))], "; "))
	}
	sort.Strings(lines)
	for _, l := range lines {
		t.Error(l)
	}
	if pages < 1000 {
		t.Errorf("only %d pages read", pages)
	}
}

// morePageData adds what makes the pages say more: a second assessment of
// the same class (the change since the first), an answered invitation and
// a failed sign-in in the audit log.
func (w *world) morePageData(t *testing.T) {
	admin := siapekspor.WithActor(context.Background(), w.users["admin"].Actor())
	first, err := w.db.Assessment(admin, w.assessment.ID)
	if err != nil {
		t.Fatal(err)
	}
	again := readiness.Answers{}
	for k, v := range first.Answers {
		again[k] = v
	}
	if w.assessment, err = w.db.CreateAssessment(admin, w.lamsel.ID, again); err != nil {
		t.Fatal(err)
	}
	if rec := w.do(t, "owner", "POST", fmt.Sprintf("/training/enrolments/%d/respond", w.enrolment.ID), "answer=accept", "application/x-www-form-urlencoded"); rec.Code != 303 {
		t.Fatalf("answering the invitation: %d", rec.Code)
	}
	w.do(t, "anon", "POST", "/login", url.Values{"email": {"viewer@example.id"}, "password": {"salah"}}.Encode(), "application/x-www-form-urlencoded")
}
