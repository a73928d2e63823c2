package server_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
	"github.com/siapekspor/siapekspor/internal/web"
)

// TestAuditVocabulary: every action and kind of record the code writes to
// the audit log is in the page's filter and has a name in both languages.
func TestAuditVocabulary(t *testing.T) {
	// audit(ctx, tx, "action", "entity", …) and Audit(ctx, "action", "entity", …)
	call := regexp.MustCompile(`\b[aA]udit\(ctx, (?:[a-z]+, )?"([a-z_]+)", "([a-z_]+)"`)
	computed := regexp.MustCompile(`action = "([a-z_]+)"`) // an action chosen before the call
	actions, entities := map[string]bool{}, map[string]bool{}
	filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, _ := os.ReadFile(path)
		for _, m := range call.FindAllStringSubmatch(string(b), -1) {
			actions[m[1]], entities[m[2]] = true, true
		}
		if strings.HasSuffix(path, "store/account.go") || strings.HasSuffix(path, "store/organisation.go") {
			for _, m := range computed.FindAllStringSubmatch(string(b), -1) {
				actions[m[1]] = true
			}
		}
		return nil
	})
	actions["invite_link"], actions["reset_link"] = true, true // purpose+"_link" in store/account.go
	if len(actions) < 25 || len(entities) < 15 {
		t.Fatalf("the scan found too little: %v %v", actions, entities)
	}
	for a := range actions {
		if !slices.Contains(web.AuditActions, a) {
			t.Errorf("audit action %q is not in web.AuditActions", a)
		}
	}
	for e := range entities {
		if !slices.Contains(web.AuditEntities, e) {
			t.Errorf("audit entity %q is not in web.AuditEntities", e)
		}
	}
	for _, a := range web.AuditActions {
		if !i18n.Has("auditaction." + a) {
			t.Errorf("auditaction.%s has no name", a)
		}
	}
	for _, e := range web.AuditEntities {
		if !i18n.Has("auditentity." + e) {
			t.Errorf("auditentity.%s has no name", e)
		}
	}
}

// TestAuditLogInWords: the audit page names actors and records in words:
// the system and a visitor not signed in, and an export statistics table
// rather than its table name.
func TestAuditLogInWords(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	w.morePageData(t)
	for _, c := range []struct{ query, lang, want, not string }{
		{"entity=export_stats", "id", "Tabel statistik ekspor #", ">export_stats"},
		{"entity=export_stats", "en", "Export statistics table #", ">export_stats"},
		{"actor=system", "id", "<td data-label=\"Pelaku\">Sistem</td>", ">system<"},
		{"actor=Sistem", "id", "<td data-label=\"Pelaku\">Sistem</td>", ">system<"},
		{"actor=System", "en", "<td data-label=\"Who\">System</td>", ">system<"},
		{"action=login_failed", "id", "Tanpa masuk", ">anonymous<"},
		{"action=login_failed", "en", "Not signed in", ">anonymous<"},
		{"action=respond", "id", "Jawab undangan", "auditaction."},
	} {
		rec := w.do(t, "admin", "GET", "/audit?"+c.query+"&lang="+c.lang, "", "")
		body := rec.Body.String()
		if rec.Code != 200 || !strings.Contains(body, c.want) || strings.Contains(body, c.not) {
			i := max(strings.Index(body, "<tbody>"), 0)
			t.Errorf("/audit?%s in %s: %d, want %q without %q:\n%s", c.query, c.lang, rec.Code, c.want, c.not, body[i:min(len(body), i+600)])
		}
	}
}
