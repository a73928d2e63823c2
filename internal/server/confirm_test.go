package server_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// confirmCase is one irreversible page action: a fresh record to act on,
// who may, who may not (though the route lets them in), and whether the
// action happened.
type confirmCase struct {
	name    string
	prepare func(t *testing.T, w *world) (path, shows string, done func() bool)
	role    string
	refused string // a role the route admits that may not act on this record
}

var confirmCases = []confirmCase{
	{"product", func(t *testing.T, w *world) (string, string, func() bool) {
		p := newProduct(t, w.db, w.lamsel.ID)
		return fmt.Sprintf("/products/%d/delete", p.ID), "Kopi Robusta Bubuk", func() bool { _, err := w.db.Product(sysCtx, p.ID); return err != nil }
	}, "owner", "officer_metro"},
	{"photo", func(t *testing.T, w *world) (string, string, func() bool) {
		p := newProduct(t, w.db, w.lamsel.ID)
		ph := &siapekspor.ProductPhoto{Thumb: "ab/confirm-thumb.jpg", Display: "ab/confirm.jpg"}
		if err := w.db.AddProductPhoto(sysCtx, p.ID, ph); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("/products/%d/photos/%d/delete", p.ID, ph.ID), "/media/ab/confirm-thumb.jpg", func() bool {
			got, _ := w.db.Product(sysCtx, p.ID)
			return len(got.Photos) == 0
		}
	}, "officer_lamsel", "officer_metro"},
	{"certificate", func(t *testing.T, w *world) (string, string, func() bool) {
		c := newCertificate(t, w.db, w.lamsel.ID)
		return fmt.Sprintf("/certificates/%d/delete", c.ID), "Halal (BPJPH) ID18110000123", func() bool { _, err := w.db.Certificate(sysCtx, c.ID); return err != nil }
	}, "officer_prov", "officer_metro"},
	{"enterprise", func(t *testing.T, w *world) (string, string, func() bool) {
		e := newEnterprise(t, w.db, "Usaha Untuk Dihapus", "18.01")
		return fmt.Sprintf("/enterprises/%d/delete", e.ID), "Usaha Untuk Dihapus", func() bool { _, err := w.db.Enterprise(sysCtx, e.ID); return err != nil }
	}, "officer_lamsel", "officer_metro"},
	{"programme", func(t *testing.T, w *world) (string, string, func() bool) {
		p := w.newProgramme(t)
		return fmt.Sprintf("/training/programmes/%d/finish", p.ID), "Pelatihan Ekspor", func() bool {
			got, _ := w.db.Programme(sysCtx, p.ID)
			return got.Status == siapekspor.ProgrammeFinished
		}
	}, "officer_prov", "officer_lamsel"},
	{"statistics", func(t *testing.T, w *world) (string, string, func() bool) {
		id := w.newStatLoad(t)
		return fmt.Sprintf("/markets/statistics/%d/delete", id), "uji.csv", func() bool {
			loads, _ := w.db.StatLoads(sysCtx)
			return !slices.ContainsFunc(loads, func(l store.StatLoad) bool { return l.ID == id })
		}
	}, "officer_metro", ""},
	{"questionnaire publish", func(t *testing.T, w *world) (string, string, func() bool) {
		v := w.newDraft(t)
		return fmt.Sprintf("/readiness/questionnaires/%d/publish", v), fmt.Sprintf(`href="/readiness/questionnaires/%d"`, v), func() bool {
			got, _ := w.db.Questionnaire(sysCtx, v)
			return got.Status == store.QuestionnairePublished
		}
	}, "admin", ""},
	{"questionnaire draft", func(t *testing.T, w *world) (string, string, func() bool) {
		v := w.newDraft(t)
		return fmt.Sprintf("/readiness/questionnaires/%d/delete", v), fmt.Sprintf(`href="/readiness/questionnaires/%d"`, v), func() bool { _, err := w.db.Questionnaire(sysCtx, v); return err != nil }
	}, "admin", ""},
	{"question", func(t *testing.T, w *world) (string, string, func() bool) {
		v := w.newDraft(t)
		return fmt.Sprintf("/readiness/questionnaires/%d/questions/legal_nib/delete", v), "NIB", func() bool {
			got, _ := w.db.Questionnaire(sysCtx, v)
			_, found := got.Body.Question("legal_nib")
			return !found
		}
	}, "admin", ""},
	{"requirement", func(t *testing.T, w *world) (string, string, func() bool) {
		id := w.newRequirement(t, "confirm")
		return "/markets/requirements/" + id + "/delete", `href="/markets/requirements/` + id + `"`, func() bool { _, err := w.db.Requirement(sysCtx, id); return err != nil }
	}, "admin", ""},
	{"session", func(t *testing.T, w *world) (string, string, func() bool) {
		s := w.newSession(t)
		return fmt.Sprintf("/training/sessions/%d/delete", s.ID), "Calon pembeli", func() bool { _, err := w.db.TrainingSession(sysCtx, s.ID); return err != nil }
	}, "trainer", "officer_lamsel"},
	{"enrolment", func(t *testing.T, w *world) (string, string, func() bool) {
		n, _ := w.newEnrolment(t)
		return fmt.Sprintf("/training/enrolments/%d/remove", n.ID), "Peserta baru", func() bool {
			got, err := w.db.Enrolment(sysCtx, n.ID)
			return err != nil || got.Status == siapekspor.EnrolWithdrawn
		}
	}, "admin", "officer_lamsel"},
	{"mentor", func(t *testing.T, w *world) (string, string, func() bool) {
		if _, err := w.db.AssignMentor(sysCtx, w.lamsel.ID, w.spareMentor.ID); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("/enterprises/%d/mentors/%d/end", w.lamsel.ID, w.spareMentor.ID), "spare-mentor@example.id", func() bool {
			ms, _ := w.db.EnterpriseMentors(sysCtx, w.lamsel.ID)
			return !slices.ContainsFunc(ms, func(m siapekspor.MentorAssignment) bool { return m.MentorID == w.spareMentor.ID })
		}
	}, "officer_lamsel", "officer_metro"},
	{"token", func(t *testing.T, w *world) (string, string, func() bool) {
		_, tok, err := w.s.Auth().CreateToken(sysCtx, w.users["viewer"].ID, "Sistem dinas", "read", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("/account/tokens/%d/revoke", tok.ID), "Sistem dinas", func() bool {
			list, _ := w.db.ListTokens(sysCtx, w.users["viewer"].ID)
			return list[0].RevokedAt != nil
		}
	}, "viewer", "officer_prov"},
}

// TestConfirmations: every irreversible page action asks first on a page
// of its own, refuses a POST that did not come from that page, and acts
// on one that did; the page and the action refuse the same people.
func TestConfirmations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		form := "application/x-www-form-urlencoded"
		for _, c := range confirmCases {
			t.Run(c.name, func(t *testing.T) {
				path, shows, done := c.prepare(t, w)
				for _, lang := range []string{"id", "en"} {
					page := w.do(t, c.role, "GET", path+"?lang="+lang, "", "")
					body := page.Body.String()
					if page.Code != 200 || !strings.Contains(body, shows) || !strings.Contains(body, `action="`+path+`"`) ||
						!strings.Contains(body, `name="confirm" value="yes"`) || !strings.Contains(body, `class="danger"`) {
						t.Fatalf("confirmation page in %s: %d %s", lang, page.Code, firstLine(body))
					}
					if strings.Contains(body, "onsubmit") || strings.Contains(body, "confirm.") {
						t.Errorf("the page has an inline handler or a message key: %s", firstLine(body))
					}
				}
				if done() {
					t.Fatal("showing the question did the action")
				}
				rec := w.do(t, c.role, "POST", path, "", form)
				if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != path || done() {
					t.Fatalf("a POST without confirmation: %d → %q, done %v", rec.Code, rec.Header().Get("Location"), done())
				}
				if c.refused != "" {
					for _, method := range []string{"GET", "POST"} {
						if rec := w.do(t, c.refused, method, path, "confirm=yes", form); !denied(rec) && rec.Code != http.StatusNotFound || done() {
							t.Fatalf("%s %s as %s: %d, done %v", method, path, c.refused, rec.Code, done())
						}
					}
				}
				rec = w.do(t, c.role, "POST", path, "confirm=yes", form)
				if rec.Code != http.StatusSeeOther || !done() {
					t.Fatalf("confirmed: %d %s, done %v", rec.Code, firstLine(rec.Body.String()), done())
				}
			})
		}
	})
}

// TestIrreversibleActionsAsk: a page action whose path says it deletes,
// ends, finishes, publishes, revokes, removes or undoes has its
// confirmation page beside it, with the same permission and handler.
func TestIrreversibleActionsAsk(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	routes := map[string]string{}
	for _, rt := range w.s.Routes() {
		routes[rt.Pattern] = string(rt.Permission)
	}
	covered := map[string]bool{}
	for _, rt := range w.s.Routes() {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		last := path[strings.LastIndex(path, "/")+1:]
		if method != "POST" || strings.HasPrefix(path, "/api/") ||
			!slices.Contains([]string{"delete", "end", "finish", "publish", "revoke", "remove", "undo"}, last) {
			continue
		}
		perm, ok := routes["GET "+path]
		if !ok {
			perm, ok = routes["GET "+path+"/confirm"]
		}
		if !ok || perm != string(rt.Permission) {
			t.Errorf("%s has no confirmation page with its permission (GET %s: %q)", rt.Pattern, path, perm)
		}
		covered[last] = true
	}
	if len(covered) != 7 {
		t.Errorf("the check saw only %v", covered)
	}
}
