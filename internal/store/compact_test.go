package store_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor/internal/readiness"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestStoredResultsAreCompact: an assessment's result is stored without
// what its questionnaire version and answers say and reads back whole; a row stored
// before migration 0011 reads the same, and the migration compacts it.
func TestStoredResultsAreCompact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := validEnterprise()
		if err := db.CreateEnterprise(ctx, e); err != nil {
			t.Fatal(err)
		}
		p := coffee(e.ID)
		p.NameEN = "" // a product action (English label) among the answers' actions
		if err := db.CreateProduct(ctx, p); err != nil {
			t.Fatal(err)
		}
		v, _ := db.CurrentQuestionnaire(ctx)
		answers := worst(v.Body)
		got, err := db.CreateAssessment(ctx, e.ID, answers)
		if err != nil {
			t.Fatal(err)
		}
		facts, _ := db.Facts(ctx, e.ID)
		want, _ := readiness.Score(v.Body, answers, facts)
		if !reflect.DeepEqual(got.Result, want) {
			t.Fatalf("result read back\n%+v\nwant\n%+v", got.Result, want)
		}
		raw := func() string {
			var s string
			if err := db.QueryRowForTest(ctx, `SELECT result_json FROM assessments WHERE id = $1`, got.ID).Scan(&s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		full, _ := json.Marshal(want)
		if s := raw(); strings.Contains(s, `"text_id"`) || strings.Contains(s, `"dimension":"legality"`) || 2*len(s) > len(full) {
			t.Errorf("stored result not compact (%d of %d bytes): %.300s", len(s), len(full), s)
		}

		// A row as stored before migration 0011.
		if err := db.ExecForTest(ctx, `UPDATE assessments SET result_json = $1 WHERE id = $2`, string(full), got.ID); err != nil {
			t.Fatal(err)
		}
		if old, _ := db.Assessment(ctx, got.ID); !reflect.DeepEqual(old.Result, want) {
			t.Errorf("a full stored result read back differently")
		}
		if err := db.RerunMigrationForTest(ctx, 11); err != nil {
			t.Fatal(err)
		}
		var stored readiness.Result
		if err := json.Unmarshal([]byte(raw()), &stored); err != nil {
			t.Fatal(err)
		}
		for _, x := range stored.Actions {
			if x.Key == "" {
				t.Errorf("migration 0011 left an answer's action: %+v", x)
			}
		}
		if s := raw(); strings.Contains(s, `"text_id"`) || strings.Contains(s, `"dimension"`) || !strings.Contains(s, `"readiness.action.english_label"`) {
			t.Errorf("migration 0011 left %.300s", s)
		}
		migrated, _ := db.EnterpriseAssessments(ctx, e.ID)
		if len(migrated) != 1 || !reflect.DeepEqual(migrated[0].Result, want) {
			t.Errorf("after migration 0011 the result reads\n%+v\nwant\n%+v", migrated[0].Result, want)
		}

		// Imported assessments are stored the same way.
		if _, err := db.ImportAssessments(ctx, []store.AssessmentInput{{EnterpriseID: e.ID, Answers: answers, Kind: store.AssessedByOfficer,
			At: time.Now().Add(time.Hour)}}); err != nil {
			t.Fatal(err)
		}
		list, _ := db.EnterpriseAssessments(ctx, e.ID)
		if len(list) != 2 || !reflect.DeepEqual(list[0].Result.Actions, want.Actions) || !reflect.DeepEqual(list[0].Result.Lost, want.Lost) {
			t.Errorf("imported assessment read back: %+v", list[0].Result)
		}
	})
}
