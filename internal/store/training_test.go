package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/readiness"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// assessedEnterprises registers n enterprises in a regency and assesses
// each with answers that place it in a class: pick 0 gives every best
// answer, 1 every worst, 2 alternates.
func assessedEnterprises(t *testing.T, db *store.DB, regency string, n int, pick int) []int64 {
	t.Helper()
	v, err := db.CurrentQuestionnaire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i := 0; i < n; i++ {
		e := &siapekspor.Enterprise{Name: fmt.Sprintf("Usaha %s %d %d", regency, pick, i), RegencyCode: regency, LegalForm: siapekspor.LegalUD}
		if err := db.CreateEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
		answers := best(v.Body)
		switch pick {
		case 1:
			answers = worst(v.Body)
		case 2:
			answers = answersAll(v.Body, func(j int, qu readiness.Question) int {
				if j%2 == 0 {
					return 0
				}
				return len(qu.Options) - 1
			})
		}
		if _, err := db.CreateAssessment(ctx, e.ID, answers); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	return ids
}

func TestTrainingPlacementAttendanceAndReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 6, 10, 3, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		beginners := assessedEnterprises(t, db, "18.01", 5, 1)
		beginners = append(beginners, assessedEnterprises(t, db, "18.72", 2, 1)...)
		advanced := assessedEnterprises(t, db, "18.06", 2, 0)

		p := &siapekspor.Programme{Name: "Pelatihan Ekspor 2026", Year: 2026, SeatsPerClass: 4, AttendancePct: 50, RegencyCapPct: 50}
		if err := db.CreateProgramme(ctx, p); err != nil {
			t.Fatal(err)
		}
		stages, _ := db.Stages(ctx, p.ID)
		if len(stages) != 2 || len(stages[0].Classes) != 3 || stages[0].Classes[0].Level != siapekspor.LevelBeginner || stages[0].Classes[0].Seats != 4 {
			t.Fatalf("stages: %+v", stages)
		}
		// A regency office cannot manage the province's programme.
		metro := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOfficer, 0, "18.72"))
		if _, err := db.ProposePlacement(metro, p.ID, store.ReadinessFilter{}); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Errorf("a regency officer placed the province's programme: %v", err)
		}

		sum, err := db.ProposePlacement(ctx, p.ID, store.ReadinessFilter{})
		if err != nil {
			t.Fatal(err)
		}
		list, _ := db.ProgrammeEnrolments(ctx, p.ID)
		perClass := map[int64][]siapekspor.Enrolment{}
		for _, n := range list {
			perClass[n.ClassID] = append(perClass[n.ClassID], n)
			if n.Status != siapekspor.EnrolProposed || n.Level != n.ClassLevel {
				t.Errorf("proposal %+v", n)
			}
		}
		// Everyone assessed is proposed once, in the class of their level:
		// the worst answers make pemula, the best mahir.
		want := map[int64]siapekspor.TrainingLevel{}
		for _, id := range beginners {
			want[id] = siapekspor.LevelBeginner
		}
		for _, id := range advanced {
			want[id] = siapekspor.LevelAdvanced
		}
		for _, n := range list {
			if w, ok := want[n.EnterpriseID]; !ok || n.ClassLevel != w {
				t.Errorf("enterprise %d proposed for %q, want %q", n.EnterpriseID, n.ClassLevel, w)
			}
			delete(want, n.EnterpriseID)
		}
		if len(want) != 0 {
			t.Errorf("not proposed: %v", want)
		}
		pemula1 := stages[0].Classes[0]
		// 4 seats, cap 50%: at most 2 from Lampung Selatan while Metro waits.
		fromLamsel := 0
		for _, n := range perClass[pemula1.ID] {
			if n.RegencyCode == "18.01" {
				fromLamsel++
			}
		}
		if len(perClass[pemula1.ID]) != 4 || fromLamsel != 2 {
			t.Errorf("stage 1 pemula: %d placed, %d from 18.01", len(perClass[pemula1.ID]), fromLamsel)
		}
		if sum.Placed != 9 || len(perClass[stages[0].Classes[2].ID]) != 2 {
			t.Errorf("summary %+v", sum)
		}

		// Bad edits: a full class, an enterprise in two classes of a stage.
		extra := assessedEnterprises(t, db, "18.02", 1, 1)[0]
		if _, err := db.AddEnrolment(ctx, pemula1.ID, extra); fieldKeys(t, err)["class_id"] != "training.class_full" {
			t.Errorf("over capacity: %v", err)
		}
		mahir1 := stages[0].Classes[2]
		if _, err := db.AddEnrolment(ctx, mahir1.ID, perClass[pemula1.ID][0].EnterpriseID); fieldKeys(t, err)["enterprise_id"] != "training.already_in_stage" {
			t.Errorf("two classes of one stage: %v", err)
		}
		if _, err := db.MoveEnrolment(ctx, perClass[pemula1.ID][0].ID, mahir1.ID); err != nil {
			t.Errorf("moving within a stage: %v", err)
		}

		n, err := db.ConfirmProgramme(ctx, p.ID)
		if err != nil || n != 9 {
			t.Fatalf("confirm: %d %v", n, err)
		}
		// The owner of one participant declines; another accepts.
		first := perClass[pemula1.ID][1]
		owner := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOwner, first.EnterpriseID, ""))
		if _, err := db.RespondToInvitation(owner, first.ID, true); err != nil {
			t.Fatal(err)
		}
		stranger := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOwner, extra, ""))
		if _, err := db.RespondToInvitation(stranger, first.ID, false); siapekspor.ErrorCodeOf(err) != siapekspor.EForbidden {
			t.Errorf("another owner answered: %v", err)
		}

		// Sessions: attendance only once a session has happened.
		held := &siapekspor.Session{ClassID: pemula1.ID, On: now.AddDate(0, 0, -1), Topic: "Calon pembeli", Place: "Aula"}
		later := &siapekspor.Session{ClassID: pemula1.ID, On: now.AddDate(0, 0, 7), Topic: "Negara tujuan", OnlineURL: "https://meet.example/abc"}
		for _, s := range []*siapekspor.Session{held, later} {
			if err := db.SaveTrainingSession(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		bad := &siapekspor.Session{ClassID: pemula1.ID, On: now, Topic: "x", StartsAt: "13:00", EndsAt: "09:00"}
		if keys := fieldKeys(t, db.SaveTrainingSession(ctx, bad)); keys["ends_at"] != "training.ends_before_start" || keys["place"] != "training.place_or_link" {
			t.Errorf("bad session: %v", keys)
		}
		members, _ := db.ClassEnrolments(ctx, pemula1.ID)
		present := map[int64]bool{}
		for _, m := range members {
			present[m.ID] = m.ID == first.ID
		}
		if keys := fieldKeys(t, db.RecordAttendance(ctx, later.ID, present)); keys["session"] != "training.session_not_held" {
			t.Errorf("attendance of a future session: %v", keys)
		}
		if att, _ := db.Attendance(ctx, later.ID); len(att) != 0 {
			t.Errorf("a refused attendance stored %d rows", len(att))
		}
		present[perClass[mahir1.ID][0].ID] = true // not of this class
		if keys := fieldKeys(t, db.RecordAttendance(ctx, held.ID, present)); len(keys) != 1 {
			t.Errorf("attendance of another class's participant: %v", keys)
		}
		delete(present, perClass[mahir1.ID][0].ID)
		if err := db.RecordAttendance(ctx, held.ID, present); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetResult(ctx, first.ID, siapekspor.ResultPassed, ptr(82.5), "aktif"); err != nil {
			t.Fatal(err)
		}

		// Finish: one session held, 50% rule: only who came completed.
		if err := db.FinishProgramme(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		done, _ := db.Enrolment(ctx, first.ID)
		if done.Completed == nil || !*done.Completed || done.Attended != 1 || done.SessionsHeld != 1 {
			t.Errorf("completion: %+v", done)
		}
		if err := db.RecordAttendance(ctx, held.ID, present); siapekspor.ErrorCodeOf(err) != siapekspor.EConflict {
			t.Errorf("attendance after finishing: %v", err)
		}
		// A finished programme's participants stay where they finished.
		if _, err := db.MoveEnrolment(ctx, first.ID, first.ClassID); siapekspor.ErrorCodeOf(err) != siapekspor.EConflict {
			t.Errorf("moving after finishing: %v", err)
		}
		if err := db.RemoveEnrolment(ctx, first.ID); siapekspor.ErrorCodeOf(err) != siapekspor.EConflict {
			t.Errorf("removing after finishing: %v", err)
		}

		// Re-assessment after the programme: the participant moved up.
		now = now.AddDate(0, 1, 0)
		v, _ := db.CurrentQuestionnaire(ctx)
		if _, err := db.CreateAssessment(ctx, first.EnterpriseID, best(v.Body)); err != nil {
			t.Fatal(err)
		}
		rows, err := db.Report(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		moved := 0
		for _, r := range rows {
			if r.Enrolment.ID == first.ID {
				if r.Move == nil || *r.Move != 1 || r.After != siapekspor.LevelAdvanced {
					t.Errorf("report row %+v", r)
				}
			}
			if r.Move != nil && *r.Move > 0 {
				moved++
			}
		}
		if moved != 1 || len(rows) != 9 {
			t.Errorf("report: %d rows, %d moved up", len(rows), moved)
		}
		events, _ := db.Timeline(ctx, first.EnterpriseID, 0)
		kinds := map[string]bool{}
		for _, e := range events {
			kinds[e.Kind] = true
		}
		if !kinds["assessment"] || !kinds["training_completed"] {
			t.Errorf("timeline kinds: %v", kinds)
		}
	})
}
