package store_test

import (
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/readiness"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// answersAll answers every question of q with its option at index pick
// (clamped), so tests can make weak or strong enterprises.
func answersAll(q *readiness.Questionnaire, pick func(i int, qu readiness.Question) int) readiness.Answers {
	a := readiness.Answers{}
	for i, qu := range q.Questions {
		k := min(max(pick(i, qu), 0), len(qu.Options)-1)
		a[qu.Key] = qu.Options[k].Key
	}
	return a
}

// best answers every question with its best option; worst with its worst.
func best(q *readiness.Questionnaire) readiness.Answers {
	return answersAll(q, func(_ int, qu readiness.Question) int {
		b := 0
		for i, o := range qu.Options {
			if o.Points > qu.Options[b].Points {
				b = i
			}
		}
		return b
	})
}

func worst(q *readiness.Questionnaire) readiness.Answers {
	return answersAll(q, func(_ int, qu readiness.Question) int {
		w := 0
		for i, o := range qu.Options {
			if o.Points < qu.Options[w].Points {
				w = i
			}
		}
		return w
	})
}

func makeUser(t *testing.T, db *store.DB, email string, role siapekspor.Role) *siapekspor.User {
	t.Helper()
	kind := siapekspor.OrgProvincialOffice
	if role == siapekspor.RoleMentor {
		kind = siapekspor.OrgLender
	}
	org := &siapekspor.Organisation{Name: "Org " + email, Kind: kind}
	if err := db.CreateOrganisation(ctx, org); err != nil {
		t.Fatal(err)
	}
	u := &siapekspor.User{Email: email, Role: role, OrgID: org.ID}
	if err := db.CreateUser(ctx, u, "x"); err != nil {
		t.Fatal(err)
	}
	return u
}

func TestQuestionnaireVersionsAndAssessments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := validEnterprise()
		if err := db.CreateEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
		owner := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOwner, e.ID, ""))
		v1, err := db.CurrentQuestionnaire(ctx)
		if err != nil || v1.Version != 1 || v1.Status != store.QuestionnairePublished {
			t.Fatalf("built-in questionnaire: %+v %v", v1, err)
		}

		// The form prefills what the registry knows: this enterprise has a NIB.
		form, err := db.NewAssessmentForm(owner, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if form.Prefilled["legal_nib"].Option != "yes" {
			t.Errorf("NIB not prefilled: %+v", form.Prefilled)
		}

		// An answer outside the options, and a missing one, store nothing.
		bad := worst(v1.Body)
		bad["legal_nib"] = "maybe"
		delete(bad, "mgmt_bookkeeping")
		keys := fieldKeys(t, func() error { _, err := db.CreateAssessment(owner, e.ID, bad); return err }())
		if keys["answers.legal_nib"] != "readiness.answer_not_an_option" || keys["answers.mgmt_bookkeeping"] != "readiness.answer_missing" {
			t.Errorf("bad answers: %v", keys)
		}
		if list, _ := db.EnterpriseAssessments(ctx, e.ID); len(list) != 0 {
			t.Fatalf("a refused assessment was stored: %d", len(list))
		}

		first, err := db.CreateAssessment(owner, e.ID, worst(v1.Body))
		if err != nil {
			t.Fatal(err)
		}
		if first.Kind != store.AssessedBySelf || first.Level != siapekspor.LevelBeginner || first.Version != 1 || len(first.Result.Actions) == 0 {
			t.Errorf("self-assessment: %+v", first)
		}

		// An admin edits the questionnaire: the published version is frozen,
		// a new draft is edited and published; the first assessment keeps its
		// version and its score.
		edited := v1.Body.Clone()
		edited.Thresholds.Intermediate = 1
		if _, err := db.UpdateQuestionnaire(ctx, 1, edited, ""); siapekspor.ErrorCodeOf(err) != siapekspor.EConflict {
			t.Errorf("editing the published version: %v", err)
		}
		if _, err := db.CreateQuestionnaireDraft(owner, 1, nil, ""); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Errorf("an owner made a draft: %v", err)
		}
		draft, err := db.CreateQuestionnaireDraft(ctx, 1, nil, "ambang baru")
		if err != nil || draft.Version != 2 || draft.Status != store.QuestionnaireDraft {
			t.Fatalf("draft: %+v %v", draft, err)
		}
		broken := draft.Body.Clone()
		broken.Thresholds.Intermediate, broken.Thresholds.Advanced = 80, 20
		if _, err := db.UpdateQuestionnaire(ctx, 2, broken, ""); siapekspor.ErrorCodeOf(err) != siapekspor.EInvalid {
			t.Errorf("thresholds in the wrong order: %v", err)
		}
		draft.Body.Thresholds.Intermediate, draft.Body.Thresholds.Advanced = 5, 90
		if _, err := db.UpdateQuestionnaire(ctx, 2, draft.Body, "ambang baru"); err != nil {
			t.Fatal(err)
		}
		if err := db.PublishQuestionnaire(ctx, 2); err != nil {
			t.Fatal(err)
		}
		if v, _ := db.Questionnaire(ctx, 1); v.Status != store.QuestionnaireRetired || v.Assessments != 1 {
			t.Errorf("version 1 after publishing 2: %+v", v)
		}
		second, err := db.CreateAssessment(owner, e.ID, best(draft.Body))
		if err != nil {
			t.Fatal(err)
		}
		if second.Version != 2 || second.Level != siapekspor.LevelAdvanced && second.Overall < 90 {
			t.Errorf("second assessment: version %d level %s %.1f", second.Version, second.Level, second.Overall)
		}
		again, _ := db.Assessment(ctx, first.ID)
		if again.Version != 1 || again.Overall != first.Overall || again.Level != first.Level {
			t.Errorf("the first assessment changed: %+v", again)
		}
		history, _ := db.EnterpriseAssessments(ctx, e.ID)
		if len(history) != 2 || history[0].ID != second.ID {
			t.Errorf("history: %d", len(history))
		}
		page, err := db.ListReadiness(ctx, store.ReadinessFilter{})
		if err != nil || page.Total != 1 || page.Items[0].AssessmentID != second.ID {
			t.Errorf("latest readiness: %+v %v", page, err)
		}
		// An officer of another regency reaches neither the form nor the list.
		metro := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOfficer, 0, "18.72"))
		if _, err := db.NewAssessmentForm(metro, e.ID); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Errorf("other regency's officer: %v", err)
		}
		if p, _ := db.ListReadiness(metro, store.ReadinessFilter{}); p.Total != 0 {
			t.Errorf("other regency's officer lists %d", p.Total)
		}
	})
}

func TestMentoringScopeActivitiesCasesAndTimeline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		db.Now = func() time.Time { return time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC) }
		e := validEnterprise()
		if err := db.CreateEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
		other := validEnterprise()
		other.Name, other.NIB = "Tapis Metro", ""
		if err := db.CreateEnterprise(ctx, other); err != nil {
			t.Fatal(err)
		}
		mentorUser := makeUser(t, db, "lpei@example.id", siapekspor.RoleMentor)
		notMentor := makeUser(t, db, "viewer@example.id", siapekspor.RoleViewer)
		if _, err := db.AssignMentor(ctx, e.ID, notMentor.ID); siapekspor.ErrorCodeOf(err) != siapekspor.EInvalid {
			t.Errorf("a viewer assigned as mentor: %v", err)
		}
		if _, err := db.AssignMentor(ctx, e.ID, mentorUser.ID); err != nil {
			t.Fatal(err)
		}
		u, _ := db.User(ctx, mentorUser.ID)
		if len(u.Mentored) != 1 || u.Mentored[0] != e.ID {
			t.Fatalf("mentored: %v", u.Mentored)
		}
		mentor := siapekspor.WithActor(ctx, u.Actor())
		list, err := db.ListEnterprises(mentor, siapekspor.EnterpriseFilter{})
		if err != nil || list.Total != 1 || list.Items[0].ID != e.ID {
			t.Fatalf("a mentor's registry: %+v %v", list, err)
		}

		// Activities: not ahead of their day; a due date needs a step.
		due := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
		future := &siapekspor.Activity{EnterpriseID: e.ID, On: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Channel: "visit", Topic: "Kunjungan"}
		if keys := fieldKeys(t, db.CreateActivity(mentor, future)); keys["on"] != "mentoring.in_future" {
			t.Errorf("future activity: %v", keys)
		}
		a := &siapekspor.Activity{EnterpriseID: e.ID, On: time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC), Channel: "whatsapp",
			Topic: "Label bahasa Inggris", NextStep: "Kirim desain label", NextDue: &due}
		if err := db.CreateActivity(mentor, a); err != nil {
			t.Fatal(err)
		}
		if a.MentorID == nil || *a.MentorID != mentorUser.ID {
			t.Errorf("activity's mentor: %v", a.MentorID)
		}
		if err := db.CreateActivity(mentor, &siapekspor.Activity{EnterpriseID: other.ID, On: a.On, Channel: "visit", Topic: "x"}); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Errorf("mentor logged for an enterprise not assigned: %v", err)
		}
		overdue, _ := db.ListActivities(ctx, store.ActivityFilter{Overdue: true, Today: db.Now()})
		if len(overdue) != 1 || overdue[0].ID != a.ID {
			t.Errorf("overdue steps: %v", overdue)
		}

		c := &siapekspor.Case{EnterpriseID: e.ID, Kind: "cert_halal", Title: "Sertifikasi halal self-declare", DueOn: &due}
		if err := db.CreateCase(mentor, c); err != nil {
			t.Fatal(err)
		}
		if c.OwnerID == nil || *c.OwnerID != mentorUser.ID || c.Status != siapekspor.CaseOpen {
			t.Errorf("new case: %+v", c)
		}
		cases, _ := db.ListCases(ctx, store.CaseFilter{Overdue: true, Today: db.Now()})
		if len(cases) != 1 {
			t.Errorf("overdue cases: %d", len(cases))
		}
		c.Status = siapekspor.CaseDone
		if keys := fieldKeys(t, db.UpdateCase(mentor, c)); keys["outcome"] != "mentoring.outcome_needed" {
			t.Errorf("done without outcome: %v", keys)
		}
		c.Outcome = "Sertifikat halal terbit"
		if err := db.UpdateCase(mentor, c); err != nil {
			t.Fatal(err)
		}
		if c.ClosedAt == nil {
			t.Error("a closed case has no closing time")
		}
		if cases, _ := db.ListCases(ctx, store.CaseFilter{Overdue: true, Today: db.Now()}); len(cases) != 0 {
			t.Errorf("a done case is overdue: %v", cases)
		}

		events, err := db.Timeline(mentor, e.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		for _, ev := range events {
			kinds[ev.Kind]++
		}
		if kinds["activity"] != 1 || kinds["case_opened"] != 1 || kinds["case_closed"] != 1 {
			t.Errorf("timeline: %v", kinds)
		}
		if _, err := db.Timeline(mentor, other.ID, 0); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Errorf("timeline of an enterprise not assigned: %v", err)
		}

		// Ending the assignment ends the mentor's reach.
		if err := db.EndMentorAssignment(ctx, e.ID, mentorUser.ID); err != nil {
			t.Fatal(err)
		}
		u, _ = db.User(ctx, mentorUser.ID)
		if len(u.Mentored) != 0 {
			t.Errorf("still mentored after the end: %v", u.Mentored)
		}
	})
}

// TestImportedOlderAssessmentKeepsLatest: a paper assessment from months
// ago, imported after a newer one, is kept in the history but does not
// replace the enterprise's latest class.
func TestImportedOlderAssessmentKeepsLatest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := validEnterprise()
		if err := db.CreateEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
		v, err := db.CurrentQuestionnaire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC().Truncate(time.Second)
		for _, in := range []store.AssessmentInput{
			{EnterpriseID: e.ID, Answers: best(v.Body), Kind: store.AssessedByOfficer, At: now.AddDate(0, 0, -1)},
			{EnterpriseID: e.ID, Answers: worst(v.Body), Kind: store.AssessedByOfficer, At: now.AddDate(0, -6, 0)},
		} {
			if _, err := db.ImportAssessments(ctx, []store.AssessmentInput{in}); err != nil {
				t.Fatal(err)
			}
		}
		page, err := db.ListReadiness(ctx, store.ReadinessFilter{})
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("%+v %v", page, err)
		}
		if r := page.Items[0]; r.Level != siapekspor.LevelAdvanced || !r.AssessedAt.Equal(now.AddDate(0, 0, -1)) {
			t.Errorf("latest after importing an older one: %s at %s", r.Level, r.AssessedAt)
		}
	})
}
