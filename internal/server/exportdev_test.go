package server_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// answerForm fills the questionnaire form: every question's last option
// (the weakest), or its first (the best) when strong.
func answerForm(t *testing.T, db *store.DB, strong bool) (url.Values, map[string]string) {
	t.Helper()
	v, err := db.CurrentQuestionnaire(sysCtx)
	if err != nil {
		t.Fatal(err)
	}
	form, js := url.Values{}, map[string]string{}
	for _, q := range v.Body.Questions {
		o := q.Options[len(q.Options)-1]
		if strong {
			o = q.Options[0]
		}
		form.Set("q_"+q.Key, o.Key)
		js[q.Key] = o.Key
	}
	return form, js
}

// TestReadinessTrainingMentoringEndToEnd walks the issue through the pages
// and the API on both engines: self-assessment with bad answers refused,
// an officer's assessment, the questionnaire editor, a programme placed,
// confirmed, answered, run and finished, re-assessment and the naik kelas
// report, and mentoring with the overdue list and the timeline.
func TestReadinessTrainingMentoringEndToEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		ts := httptest.NewServer(w.s)
		t.Cleanup(ts.Close)
		lamsel := strconv.FormatInt(w.lamsel.ID, 10)
		metroEnt := strconv.FormatInt(w.metro.ID, 10)

		// Self-assessment through the API: an answer outside the options and a
		// missing one are refused with every problem, and nothing is stored.
		_, answers := answerForm(t, db, false)
		answers["legal_nib"] = "barangkali"
		delete(answers, "market_fairs")
		res := call(t, ts.URL, w.cookies["owner"], "POST", "/api/v1/enterprises/"+lamsel+"/assessments", "application/json",
			strings.NewReader(mustJSON(map[string]any{"answers": answers})), 422)
		if s := mustJSON(res); !strings.Contains(s, `"field":"answers.legal_nib"`) || !strings.Contains(s, `"field":"answers.market_fairs"`) {
			t.Errorf("bad answers: %s", s)
		}
		before := call(t, ts.URL, w.cookies["owner"], "GET", "/api/v1/enterprises/"+lamsel+"/assessments", "", nil, 200)
		if n := len(before["items"].([]any)); n != 1 { // the world's own assessment
			t.Errorf("%d assessments after a refused one", n)
		}

		// An officer of the regency assesses the Metro enterprise? No: out of scope.
		form, _ := answerForm(t, db, false)
		if st, _ := page(t, ts.URL, w.cookies["officer_lamsel"], "POST", "/enterprises/"+metroEnt+"/assess", form); st != http.StatusForbidden {
			t.Errorf("assessing another regency's enterprise: %d", st)
		}
		// The questionnaire form shows the registry's prefilled answers.
		st, body := page(t, ts.URL, w.cookies["officer_lamsel"], "GET", "/enterprises/"+lamsel+"/assess", nil)
		if st != 200 || !strings.Contains(body, "Diisi dari data SiapEkspor") || !strings.Contains(body, `name="q_legal_nib"`) {
			t.Fatalf("assessment form: %d", st)
		}
		// A form missing an answer comes back with the summary linking to it.
		partial, _ := answerForm(t, db, false)
		partial.Del("q_mgmt_bookkeeping")
		st, body = page(t, ts.URL, w.cookies["officer_lamsel"], "POST", "/enterprises/"+lamsel+"/assess", partial)
		if st != 422 || !strings.Contains(body, `href="#f-q-mgmt_bookkeeping"`) || !strings.Contains(body, "belum dijawab") {
			t.Errorf("incomplete form: %d", st)
		}
		st, body = page(t, ts.URL, w.cookies["officer_lamsel"], "POST", "/enterprises/"+lamsel+"/assess", form)
		if st != http.StatusSeeOther {
			t.Fatalf("assess: %d %s", st, body)
		}
		// The result page explains the score.
		_, body = page(t, ts.URL, w.cookies["owner"], "GET", "/enterprises/"+lamsel+"/readiness", nil)
		if !strings.Contains(body, "Pemula") || !strings.Contains(body, "Tindakan yang disarankan") {
			t.Errorf("readiness page: %s", firstLine(body))
		}
		latest := call(t, ts.URL, w.cookies["officer_lamsel"], "GET", "/api/v1/enterprises/"+lamsel+"/assessments", "", nil, 200)["items"].([]any)[0].(map[string]any)
		st, body = page(t, ts.URL, w.cookies["owner"], "GET", fmt.Sprintf("/assessments/%v", latest["id"]), nil)
		if st != 200 || !strings.Contains(body, "Poin hilang") || !strings.Contains(body, "Nilai per dimensi") {
			t.Errorf("assessment page: %d", st)
		}

		// Questionnaire editor: the published version is frozen; a draft is
		// copied, a question changed, thresholds set, and published.
		call(t, ts.URL, w.cookies["admin"], "PUT", "/api/v1/questionnaires/1", "application/json",
			strings.NewReader(`{"questionnaire":{"version":1,"dimensions":[],"questions":[],"thresholds":{"intermediate":1,"advanced":2}}}`), 409)
		st, _ = page(t, ts.URL, w.cookies["admin"], "POST", "/readiness/questionnaires", url.Values{"from": {"1"}})
		if st != http.StatusSeeOther {
			t.Fatalf("draft: %d", st)
		}
		drafts := call(t, ts.URL, w.cookies["admin"], "GET", "/api/v1/questionnaires", "", nil, 200)["items"].([]any)
		draft := fmt.Sprint(drafts[0].(map[string]any)["version"])
		q := url.Values{"dimension": {"legality"}, "text_id": {"Apakah usaha memiliki NIB yang berlaku?"}, "prefill": {"nib"},
			"opt_key_0": {"yes"}, "opt_points_0": {"5"}, "opt_label_id_0": {"Ya"}, "opt_key_1": {"no"}, "opt_points_1": {"0"}, "opt_label_id_1": {"Belum"},
			"opt_action_id_1": {"Daftarkan NIB di OSS"}, "opt_key_2": {""}, "opt_points_2": {""}, "opt_label_id_2": {""}}
		if st, body := page(t, ts.URL, w.cookies["admin"], "POST", "/readiness/questionnaires/"+draft+"/questions/legal_nib", q); st != http.StatusSeeOther {
			t.Fatalf("question edit: %d %s", st, firstLine(body))
		}
		settings := url.Values{"threshold_intermediate": {"45"}, "threshold_advanced": {"30"}}
		for _, d := range []string{"legality", "product", "capacity", "management", "market", "digital", "experience"} {
			settings.Set("weight_"+d, "1")
		}
		if st, body := page(t, ts.URL, w.cookies["admin"], "POST", "/readiness/questionnaires/"+draft, settings); st != 422 || !strings.Contains(body, "lebih tinggi") {
			t.Errorf("thresholds in the wrong order: %d", st)
		}
		settings.Set("threshold_advanced", "75")
		if st, body := page(t, ts.URL, w.cookies["admin"], "POST", "/readiness/questionnaires/"+draft, settings); st != http.StatusSeeOther {
			t.Fatalf("settings: %d %s", st, firstLine(body))
		}
		if st, _ := page(t, ts.URL, w.cookies["admin"], "POST", "/readiness/questionnaires/"+draft+"/publish", url.Values{"confirm": {"yes"}}); st != http.StatusSeeOther {
			t.Fatalf("publish: %d", st)
		}
		cur := call(t, ts.URL, w.cookies["owner"], "GET", "/api/v1/questionnaires/current", "", nil, 200)
		if fmt.Sprint(cur["version"]) != draft || cur["questionnaire"].(map[string]any)["thresholds"].(map[string]any)["advanced"] != 75.0 {
			t.Errorf("current questionnaire: %v", cur["version"])
		}
		old := call(t, ts.URL, w.cookies["owner"], "GET", fmt.Sprintf("/api/v1/assessments/%v", latest["id"]), "", nil, 200)
		if old["questionnaire_version"] != 1.0 || old["overall"] != latest["overall"] {
			t.Errorf("an old assessment changed with the questionnaire: %v", old["questionnaire_version"])
		}

		// Training through the API: a programme, placement, confirmation.
		prog := call(t, ts.URL, w.cookies["officer_prov"], "POST", "/api/v1/programmes", "application/json",
			strings.NewReader(`{"name":"Kelas Ekspor Tahap 2026","year":2026}`), 201)
		pid := fmt.Sprint(prog["id"])
		if prog["seats_per_class"] != 20.0 || prog["stages"] != 2.0 || len(prog["stage_list"].([]any)) != 2 {
			t.Errorf("defaults: %v", prog)
		}
		// A stage's dates are patched one at a time.
		stage := fmt.Sprint(prog["stage_list"].([]any)[0].(map[string]any)["id"])
		call(t, ts.URL, w.cookies["officer_prov"], "PATCH", "/api/v1/stages/"+stage, "application/json", strings.NewReader(`{"starts_on":"2026-03-02","ends_on":"2026-03-27"}`), 200)
		if st := call(t, ts.URL, w.cookies["officer_prov"], "PATCH", "/api/v1/stages/"+stage, "application/json", strings.NewReader(`{"ends_on":"2026-04-03"}`), 200); !strings.HasPrefix(fmt.Sprint(st["starts_on"]), "2026-03-02") || !strings.HasPrefix(fmt.Sprint(st["ends_on"]), "2026-04-03") {
			t.Errorf("patching the end kept the start? %v", st)
		}
		call(t, ts.URL, w.cookies["officer_lamsel"], "POST", "/api/v1/programmes/"+pid+"/placement", "application/json", strings.NewReader(`{}`), 403)
		sum := call(t, ts.URL, w.cookies["officer_prov"], "POST", "/api/v1/programmes/"+pid+"/placement", "application/json", strings.NewReader(`{}`), 200)
		if sum["placed"] != 1.0 {
			t.Errorf("placement: %v", sum)
		}
		call(t, ts.URL, w.cookies["officer_prov"], "POST", "/api/v1/programmes/"+pid+"/confirm", "", nil, 200)
		enrols := call(t, ts.URL, w.cookies["officer_prov"], "GET", "/api/v1/programmes/"+pid+"/enrolments", "", nil, 200)["items"].([]any)
		en := enrols[0].(map[string]any)
		eid, classID := fmt.Sprint(en["id"]), fmt.Sprint(en["class_id"])
		// Its class is full at 1 seat: another enterprise cannot join it.
		call(t, ts.URL, w.cookies["officer_prov"], "PATCH", "/api/v1/classes/"+classID, "application/json", strings.NewReader(`{"seats":1}`), 200)
		full := call(t, ts.URL, w.cookies["officer_prov"], "POST", "/api/v1/classes/"+classID+"/enrolments", "application/json",
			strings.NewReader(fmt.Sprintf(`{"enterprise_id":%d}`, w.metro.ID)), 422)
		if !strings.Contains(mustJSON(full), "training.class_full") {
			t.Errorf("class over capacity: %s", mustJSON(full))
		}
		// The owner accepts on its invitations page.
		_, body = page(t, ts.URL, w.cookies["owner"], "GET", "/invitations", nil)
		if !strings.Contains(body, "Kelas Ekspor Tahap 2026") {
			t.Errorf("invitations: %s", firstLine(body))
		}
		if st, _ := page(t, ts.URL, w.cookies["owner"], "POST", "/training/enrolments/"+eid+"/respond", url.Values{"answer": {"accept"}}); st != http.StatusSeeOther {
			t.Errorf("accept: %d", st)
		}
		// Sessions through the pages: a past one takes attendance, a future one not.
		past := time.Now().AddDate(0, 0, -2).Format("2006-01-02")
		future := time.Now().AddDate(0, 0, 5).Format("2006-01-02")
		for _, day := range []string{past, future} {
			f := url.Values{"on": {day}, "starts_at": {"09:00"}, "ends_at": {"12.00"}, "topic": {"Memilih negara tujuan"}, "place": {"Aula Disperindag"}}
			if st, body := page(t, ts.URL, w.cookies["officer_prov"], "POST", "/training/classes/"+classID+"/sessions", f); st != http.StatusSeeOther {
				t.Fatalf("session: %d %s", st, firstLine(body))
			}
		}
		sessions := call(t, ts.URL, w.cookies["officer_prov"], "GET", "/api/v1/classes/"+classID+"/sessions", "", nil, 200)["items"].([]any)
		held, later := fmt.Sprint(sessions[0].(map[string]any)["id"]), fmt.Sprint(sessions[1].(map[string]any)["id"])
		st, body = page(t, ts.URL, w.cookies["officer_prov"], "POST", "/training/sessions/"+later+"/attendance", url.Values{"enrolment": {eid}, "present": {eid}})
		if st != 422 || !strings.Contains(body, "belum berlangsung") {
			t.Errorf("attendance for a future session: %d", st)
		}
		if st, _ := page(t, ts.URL, w.cookies["officer_prov"], "POST", "/training/sessions/"+held+"/attendance", url.Values{"enrolment": {eid}, "present": {eid}}); st != http.StatusSeeOther {
			t.Errorf("attendance: %d", st)
		}
		for _, p := range []string{"/training/classes/" + classID + "/roster", "/training/classes/" + classID + "/attendance-sheet"} {
			if st, body := page(t, ts.URL, w.cookies["officer_prov"], "GET", p, nil); st != 200 || !strings.Contains(body, "Kopi Lamsel") {
				t.Errorf("%s: %d", p, st)
			}
		}
		call(t, ts.URL, w.cookies["officer_prov"], "PATCH", "/api/v1/enrolments/"+eid, "application/json", strings.NewReader(`{"result":"passed","result_score":80}`), 200)
		done := call(t, ts.URL, w.cookies["officer_prov"], "POST", "/api/v1/programmes/"+pid+"/finish", "", nil, 200)["items"].([]any)[0].(map[string]any)
		if done["completed"] != true {
			t.Errorf("completion: %v", done)
		}
		// Re-assessed strong: the report shows the move up a class.
		_, strong := answerForm(t, db, true)
		call(t, ts.URL, w.cookies["owner"], "POST", "/api/v1/enterprises/"+lamsel+"/assessments", "application/json",
			strings.NewReader(mustJSON(map[string]any{"answers": strong})), 201)
		_, body = page(t, ts.URL, w.cookies["viewer"], "GET", "/training/programmes/"+pid+"/report", nil)
		if !strings.Contains(body, "▲ Naik kelas") {
			t.Errorf("report page: %s", firstLine(body))
		}
		csv := call(t, ts.URL, w.cookies["officer_prov"], "GET", "/api/v1/programmes/"+pid+"/export?format=csv", "", nil, 200)
		if b := csv["_body"].(string); !strings.Contains(b, "Kopi Lamsel") || !strings.Contains(b, "passed") {
			t.Errorf("programme export: %s", b)
		}

		// Mentoring through the pages: an activity with an overdue next step,
		// a case, the overdue list and the timeline.
		yesterday := time.Now().AddDate(0, 0, -10).Format("2006-01-02")
		due := time.Now().AddDate(0, 0, -3).Format("2006-01-02")
		act := url.Values{"on": {yesterday}, "channel": {"whatsapp"}, "topic": {"Desain label bahasa Inggris"}, "next_step": {"Kirim draf label"}, "next_due": {due}}
		if st, body := page(t, ts.URL, w.cookies["mentor"], "POST", "/enterprises/"+lamsel+"/activities", act); st != http.StatusSeeOther {
			t.Fatalf("activity: %d %s", st, firstLine(body))
		}
		act.Set("on", time.Now().AddDate(0, 0, 3).Format("2006-01-02"))
		if st, body := page(t, ts.URL, w.cookies["mentor"], "POST", "/enterprises/"+lamsel+"/activities", act); st != 422 || !strings.Contains(body, "sebelum terjadi") {
			t.Errorf("a future activity: %d", st)
		}
		if st, _ := page(t, ts.URL, w.cookies["mentor"], "POST", "/enterprises/"+metroEnt+"/activities", act); st != http.StatusForbidden {
			t.Errorf("mentoring an enterprise not assigned: %d", st)
		}
		if st, _ := page(t, ts.URL, w.cookies["mentor"], "POST", "/enterprises/"+lamsel+"/cases",
			url.Values{"kind": {"financing_lpei"}, "title": {"Rujukan pembiayaan ekspor LPEI"}, "due_on": {due}}); st != http.StatusSeeOther {
			t.Errorf("case: %d", st)
		}
		_, body = page(t, ts.URL, w.cookies["officer_prov"], "GET", "/mentoring/overdue", nil)
		if !strings.Contains(body, "Kirim draf label") || !strings.Contains(body, "Rujukan pembiayaan ekspor LPEI") {
			t.Errorf("overdue page: %s", firstLine(body))
		}
		over := call(t, ts.URL, w.cookies["mentor"], "GET", "/api/v1/mentoring/overdue", "", nil, 200)
		if len(over["steps"].([]any)) != 1 || len(over["cases"].([]any)) != 1 {
			t.Errorf("overdue API: %s", mustJSON(over))
		}
		_, body = page(t, ts.URL, w.cookies["owner"], "GET", "/enterprises/"+lamsel+"/timeline", nil)
		for _, want := range []string{"Asesmen", "Akhir pelatihan", "Desain label bahasa Inggris", "Kasus dibuka"} {
			if !strings.Contains(body, want) {
				t.Errorf("timeline lacks %q", want)
			}
		}
		xlsx := call(t, ts.URL, w.cookies["officer_prov"], "GET", "/mentoring/export.xlsx?what=cases", "", nil, 200)
		if !strings.HasPrefix(xlsx["_body"].(string), "PK") {
			t.Error("the cases export is not an XLSX file")
		}
		rcsv := call(t, ts.URL, w.cookies["officer_lamsel"], "GET", "/readiness/export.csv", "", nil, 200)
		if b := rcsv["_body"].(string); !strings.Contains(b, "Kopi Lamsel") || strings.Contains(b, "Tapis Metro") {
			t.Errorf("readiness export: %s", b)
		}
	})
}
