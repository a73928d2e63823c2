package server_test

// The security suite: each finding of issue 14 that this code fixed, as a
// test that fails should it come back. Storage-bound findings run on every
// engine (storetest.Each). The bulk package holds the job-panic tests
// (internal/bulk/panic_test.go), the media package the clean-up of
// half-written files, httpx the forwarding rules table by table.

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/auth"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/server"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// colleague signs in a new officer of the same office as role.
func (w *world) colleague(t *testing.T, role, key string) {
	t.Helper()
	u := &siapekspor.User{Email: key + "@example.id", Role: siapekspor.RoleOfficer, OrgID: w.users[role].OrgID}
	if err := w.db.CreateUser(sysCtx, u, testHash); err != nil {
		t.Fatal(err)
	}
	w.users[key] = u
	w.cookies[key] = signIn(t, w.s, u.Email)
}

// apiImport imports a CSV through the API as a role and returns the answer.
func (w *world) apiImport(t *testing.T, role, query, csv string, want int) map[string]any {
	t.Helper()
	rec := w.must(t, role, "POST", "/api/v1/imports?"+query, csv, "text/csv", want)
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func importID(rep map[string]any) int64 {
	return int64(rep["result"].(map[string]any)["id"].(float64))
}

func enterpriseIDs(t *testing.T, db *store.DB, query string) []int64 {
	t.Helper()
	page, err := db.ListEnterprises(sysCtx, siapekspor.EnterpriseFilter{Query: query, Sort: siapekspor.SortName})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, e := range page.Items {
		ids = append(ids, e.ID)
	}
	return ids
}

// Finding 1: an officer undid another office's import, deleting records it
// can neither read nor edit; and every office listed every office's imports
// with their users' e-mails and file names.
func TestSecurityImportsBelongToTheirOffice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		rep := w.apiImport(t, "officer_metro", "name=rahasia-metro.csv", "Nama Usaha,Kabupaten\nUsaha Impor Metro,Kota Metro\n", 201)
		id := importID(rep)
		undo := fmt.Sprintf("/api/v1/imports/%d/undo", id)

		// Another office neither lists it nor undoes it, by API or page.
		for _, target := range []string{"/api/v1/imports", "/imports"} {
			body := w.do(t, "officer_lamsel", "GET", target, "", "").Body.String()
			// (The page's list of coaching offices names the test's Metro
			// office after its officer's e-mail: the file name tells.)
			if strings.Contains(body, "rahasia-metro.csv") || target == "/api/v1/imports" && strings.Contains(body, "officer_metro@example.id") {
				t.Errorf("%s shows Lampung Selatan the Metro office's import", target)
			}
		}
		if rec := w.do(t, "officer_lamsel", "POST", undo, "", ""); rec.Code != http.StatusForbidden {
			t.Errorf("undo by another office (API): %d %s", rec.Code, firstLine(rec.Body.String()))
		}
		if rec := w.do(t, "officer_lamsel", "GET", fmt.Sprintf("/imports/%d/undo/confirm", id), "", ""); rec.Code != http.StatusForbidden {
			t.Errorf("the undo question for another office: %d", rec.Code)
		}
		if rec := w.do(t, "officer_lamsel", "POST", fmt.Sprintf("/imports/%d/undo", id), "confirm=yes", formType); rec.Code != http.StatusForbidden {
			t.Errorf("undo by another office (page): %d", rec.Code)
		}
		if len(enterpriseIDs(t, db, "Usaha Impor Metro")) != 1 {
			t.Fatal("a refused undo deleted the import's enterprise")
		}
		// Its own office and the admins see it.
		for _, role := range []string{"officer_metro", "admin"} {
			if body := w.do(t, role, "GET", "/api/v1/imports", "", "").Body.String(); !strings.Contains(body, "rahasia-metro.csv") {
				t.Errorf("%s does not list the import", role)
			}
		}
		// A colleague of the same office may undo it.
		w.colleague(t, "officer_metro", "metro2")
		rec := w.do(t, "metro2", "POST", undo, "", "")
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"deleted":1`) {
			t.Errorf("undo by the office: %d %s", rec.Code, rec.Body.String())
		}
		if len(enterpriseIDs(t, db, "Usaha Impor Metro")) != 0 {
			t.Error("the undo left the imported enterprise")
		}
	})
}

// reuseID makes a record the import did not make under the id of a deleted
// one: by hand (SQLite gives a new row the largest id plus one), or where
// hand entry takes a fresh id from PostgreSQL's sequence, through the bulk
// path, which numbers after the largest id as an import does.
func reuseID(t *testing.T, w *world, deleted int64, name string) {
	t.Helper()
	body := fmt.Sprintf(`{"name":%q,"legal_form":"ud","regency_code":"18.01"}`, name)
	rec := w.must(t, "admin", "POST", "/api/v1/enterprises", body, "application/json", 201)
	var e siapekspor.Enterprise
	json.Unmarshal(rec.Body.Bytes(), &e)
	if e.ID == deleted {
		return
	}
	if w.db.Engine() == "sqlite" {
		t.Fatalf("SQLite gave the hand-entered record %d, not the deleted id %d: the test's premise", e.ID, deleted)
	}
	w.must(t, "admin", "DELETE", fmt.Sprintf("/api/v1/enterprises/%d", e.ID), "", "", 204)
	again := &siapekspor.Enterprise{Name: name, LegalForm: siapekspor.LegalUD, RegencyCode: "18.01"}
	if err := w.db.CreateEnterprises(sysCtx, "uji", []*siapekspor.Enterprise{again}); err != nil {
		t.Fatal(err)
	}
	if again.ID != deleted {
		t.Fatalf("could not put a record under id %d (got %d)", deleted, again.ID)
	}
}

// Finding 1, second part: after an imported enterprise was deleted and its
// id reused by a record entered otherwise, the undo deleted that record.
func TestSecurityUndoTouchesOnlyItsOwnRecords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		clock := time.Now().UTC().Truncate(time.Second)
		db.Now = func() time.Time { return clock }

		// Inserted rows: the newest is deleted, its id reused.
		id := importID(w.apiImport(t, "admin", "name=dua.csv", "Nama Usaha,Kabupaten\nImpor Satu,Lampung Selatan\nImpor Dua,Lampung Selatan\n", 201))
		ids := append(enterpriseIDs(t, db, "Impor Satu"), enterpriseIDs(t, db, "Impor Dua")...)
		if len(ids) != 2 || ids[1] < ids[0] {
			t.Fatalf("imported %v", ids)
		}
		clock = clock.Add(time.Minute)
		w.must(t, "admin", "DELETE", fmt.Sprintf("/api/v1/enterprises/%d", ids[1]), "", "", 204)
		reuseID(t, w, ids[1], "Usaha Tangan")
		rec := w.must(t, "admin", "POST", fmt.Sprintf("/api/v1/imports/%d/undo", id), "", "", 200)
		var res struct{ Deleted, Restored, Gone int }
		json.Unmarshal(rec.Body.Bytes(), &res)
		if res.Deleted != 1 || res.Restored != 0 || res.Gone != 1 {
			t.Errorf("undo: %s", rec.Body.String())
		}
		if got := enterpriseIDs(t, db, "Usaha Tangan"); len(got) != 1 || got[0] != ids[1] {
			t.Errorf("the record under the reused id: %v", got)
		}
		if len(enterpriseIDs(t, db, "Impor Satu")) != 0 {
			t.Error("the undo left the import's own record")
		}

		// Updated rows: an enterprise the import updated is deleted, its id
		// reused by a record edited to the very version the import left.
		clock = clock.Add(time.Minute)
		upd := w.must(t, "admin", "POST", "/api/v1/enterprises", `{"name":"Kopi Diperbarui","legal_form":"ud","nib":"9120000777001","regency_code":"18.01"}`, "application/json", 201)
		var e siapekspor.Enterprise
		json.Unmarshal(upd.Body.Bytes(), &e)
		clock = clock.Add(time.Minute)
		u := importID(w.apiImport(t, "admin", "name=perbarui.csv&duplicates=update", "Nama Usaha,NIB,Kabupaten,Tenaga Kerja\nKopi Diperbarui,9120000777001,Lampung Selatan,9\n", 201))
		clock = clock.Add(time.Minute)
		w.must(t, "admin", "DELETE", fmt.Sprintf("/api/v1/enterprises/%d", e.ID), "", "", 204)
		reuseID(t, w, e.ID, "Usaha Baru")
		w.must(t, "admin", "PATCH", fmt.Sprintf("/api/v1/enterprises/%d", e.ID), `{"workers":3,"version":1}`, "application/json", 200)
		rec = w.must(t, "admin", "POST", fmt.Sprintf("/api/v1/imports/%d/undo", u), "", "", 200)
		json.Unmarshal(rec.Body.Bytes(), &res)
		if res.Restored != 0 || res.Gone != 1 {
			t.Errorf("undo of the update: %s", rec.Body.String())
		}
		after, err := db.Enterprise(sysCtx, e.ID)
		if err != nil || after.Name != "Usaha Baru" || after.Workers != 3 {
			t.Errorf("the record under the reused id after the undo: %+v %v", after, err)
		}
	})
}

// Finding 6: a validator read any enterprise's record (NIB, owner, capital,
// turnover) through a ranking's ?enterprise= (and ?product=).
func TestSecurityRankingFitSubjectFollowsEnterpriseScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		byEnterprise := fmt.Sprintf("?enterprise=%d", w.lamsel.ID)
		byProduct := fmt.Sprintf("?product=%d", w.product.ID)
		for _, target := range []string{"/api/v1/markets/products/090121" + byEnterprise, "/markets/products/090121" + byEnterprise,
			"/api/v1/markets/gap/JPN" + byEnterprise + "&hs=090121", "/markets/gap/JPN" + byEnterprise + "&hs=090121"} {
			rec := w.do(t, "validator", "GET", target, "", "")
			if rec.Code != http.StatusForbidden || strings.Contains(rec.Body.String(), "Sri") {
				t.Errorf("validator %s: %d", target, rec.Code)
			}
			if rec := w.do(t, "officer_metro", "GET", target, "", ""); rec.Code != http.StatusForbidden {
				t.Errorf("Metro officer %s: %d", target, rec.Code)
			}
		}
		// By product a validator still gets the ranking with the fit, but
		// not the enterprise's record.
		for _, target := range []string{"/api/v1/markets/products/090121" + byProduct, "/markets/products/090121" + byProduct, "/api/v1/markets/gap/JPN" + byProduct} {
			rec := w.do(t, "validator", "GET", target, "", "")
			body := rec.Body.String()
			if rec.Code != http.StatusOK || strings.Contains(body, `"enterprise":{`) || strings.Contains(body, `"owner_name"`) || strings.Contains(body, "Sri") {
				t.Errorf("validator %s: %d %s", target, rec.Code, firstLine(body))
			}
		}
		// Whoever reads the enterprise page still sees it there.
		if rec := w.do(t, "officer_lamsel", "GET", "/api/v1/markets/products/090121"+byEnterprise, "", ""); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"owner_name":"Sri"`) {
			t.Errorf("the enterprise's own office: %d", rec.Code)
		}
	})
}

// Finding 6: dry runs and NIB conflicts named enterprises outside the
// importer's scope.
func TestSecurityDuplicatesOutsideScopeAreNotNamed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		const nib = "9120009999001"
		rec := w.must(t, "admin", "POST", "/api/v1/enterprises", `{"name":"Rahasia Metro","legal_form":"ud","nib":"`+nib+`","regency_code":"18.72"}`, "application/json", 201)
		var metro siapekspor.Enterprise
		json.Unmarshal(rec.Body.Bytes(), &metro)
		csv := "Nama Usaha,NIB,Kabupaten\nKopi Baru," + nib + ",Lampung Selatan\n"

		rep := w.do(t, "officer_lamsel", "POST", "/api/v1/imports?dry_run=1", csv, "text/csv")
		body := rep.Body.String()
		if rep.Code != 200 || !strings.Contains(body, `"outside_scope":true`) || strings.Contains(body, "Rahasia Metro") ||
			strings.Contains(body, fmt.Sprintf(`"existing_id":%d`, metro.ID)) {
			t.Errorf("dry run by another office: %d %s", rep.Code, body)
		}
		if body := w.do(t, "admin", "POST", "/api/v1/imports?dry_run=1", csv, "text/csv").Body.String(); !strings.Contains(body, "Rahasia Metro") {
			t.Errorf("the admin's dry run does not name the duplicate: %s", firstLine(body))
		}
		// The page's report says only that one exists.
		page := w.do(t, "officer_lamsel", "GET", "/imports/jobs/"+w.jobOf(t, "officer_lamsel", csv), "", "").Body.String()
		if strings.Contains(page, "Rahasia Metro") || !strings.Contains(page, "di luar wilayah Anda") {
			t.Errorf("the dry-run page names the Metro enterprise or does not say one exists")
		}
		// A NIB conflict: refused, without the holder's number.
		rec = w.do(t, "officer_lamsel", "POST", "/api/v1/enterprises", `{"name":"Kopi Baru","legal_form":"ud","nib":"`+nib+`","regency_code":"18.01"}`, "application/json")
		if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), `"code":"nib.taken_elsewhere"`) || strings.Contains(rec.Body.String(), fmt.Sprintf("nomor %d", metro.ID)) {
			t.Errorf("NIB conflict outside the scope: %d %s", rec.Code, rec.Body.String())
		}
		if rec := w.do(t, "admin", "POST", "/api/v1/enterprises", `{"name":"Kopi Baru","legal_form":"ud","nib":"`+nib+`","regency_code":"18.01"}`, "application/json"); !strings.Contains(rec.Body.String(), fmt.Sprintf("nomor %d", metro.ID)) {
			t.Errorf("the admin is not told the holder: %s", rec.Body.String())
		}
	})
}

// Finding 6: every officer, viewer, mentor and unassigned trainer read every
// class's participants.
func TestSecurityClassParticipantsFollowScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		other := makeUser(t, db, "trainer2@example.id", siapekspor.RoleTrainer, "", 0)
		w.cookies["trainer2"] = signIn(t, w.s, other.Email)
		w.cookies["mentor2"] = signIn(t, w.s, w.spareMentor.Email)
		sees := map[string]bool{"admin": true, "officer_prov": true, "officer_lamsel": true, "viewer": true, "mentor": true, "trainer": true,
			"officer_metro": false, "trainer2": false, "mentor2": false}
		for role, want := range sees {
			for _, target := range []string{fmt.Sprintf("/api/v1/classes/%d/enrolments", w.class.ID), fmt.Sprintf("/api/v1/programmes/%d/enrolments", w.programme.ID),
				fmt.Sprintf("/api/v1/programmes/%d/report", w.programme.ID), fmt.Sprintf("/training/classes/%d", w.class.ID),
				fmt.Sprintf("/training/classes/%d/roster", w.class.ID), fmt.Sprintf("/training/classes/%d/attendance-sheet", w.class.ID)} {
				rec := w.do(t, role, "GET", target, "", "")
				if got := strings.Contains(rec.Body.String(), "Kopi Lamsel"); rec.Code != 200 || got != want {
					t.Errorf("%s as %s: %d, shows the participant %v, want %v", target, role, rec.Code, got, want)
				}
			}
			// The session page lists the class only to whom runs it.
			if rec := w.do(t, role, "GET", fmt.Sprintf("/training/sessions/%d", w.session.ID), "", ""); !want && strings.Contains(rec.Body.String(), "Kopi Lamsel") {
				t.Errorf("the session page shows %s the participant", role)
			}
			rec := w.do(t, role, "GET", fmt.Sprintf("/api/v1/enrolments/%d", w.enrolment.ID), "", "")
			if want != (rec.Code == 200) {
				t.Errorf("the enrolment as %s: %d", role, rec.Code)
			}
		}
		// An office organising a programme reads all its participants.
		metro := siapekspor.WithActor(context.Background(), w.users["officer_metro"].Actor())
		p := &siapekspor.Programme{Name: "Pelatihan Metro", Year: 2026, AttendancePct: 75, RegencyCapPct: 100}
		if err := db.CreateProgramme(metro, p); err != nil {
			t.Fatal(err)
		}
		stages, _ := db.Stages(sysCtx, p.ID)
		if _, err := db.AddEnrolment(sysCtx, stages[0].Classes[0].ID, w.lamsel.ID); err != nil {
			t.Fatal(err)
		}
		if rec := w.do(t, "officer_metro", "GET", fmt.Sprintf("/api/v1/programmes/%d/enrolments", p.ID), "", ""); !strings.Contains(rec.Body.String(), "Kopi Lamsel") {
			t.Errorf("the organising office does not read its own programme's participant: %s", firstLine(rec.Body.String()))
		}
	})
}

// proxied sends a request as if through a proxy at peer, with a forwarding
// header as the proxy passed it on.
func proxied(h http.Handler, method, target, body, peer, xff, proto string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.RemoteAddr = peer
	if body != "" {
		req.Header.Set("Content-Type", formType)
	}
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	if proto != "" {
		req.Header.Set("X-Forwarded-Proto", proto)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func behindProxies(t *testing.T, db *store.DB) *world {
	proxies, err := httpx.ParseProxies("10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	return newWorld(t, db, func(c *server.Config) { c.TrustedProxies = proxies })
}

// Finding 7: the client-chosen leftmost X-Forwarded-For entry was believed,
// so a client could pick a new address per attempt past the per-address
// lockout and write any address into the audit log.
func TestSecurityForwardedForCannotBeSpoofed(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := behindProxies(t, db)
	login := func(email, pw, peer, xff string) *httptest.ResponseRecorder {
		return proxied(w.s, "POST", "/login", url.Values{"email": {email}, "password": {pw}}.Encode(), peer, xff, "")
	}
	// Twenty failures from one client through the proxy, each claiming
	// another address on the left, lock that client out.
	for i := 0; i < 20; i++ {
		login(fmt.Sprintf("tamu%d@example.id", i), "salah sekali", "10.0.0.2:4000", fmt.Sprintf("198.51.100.%d, 203.0.113.9", i+1))
	}
	if rec := login("viewer@example.id", testPassword, "10.0.0.2:4000", "192.0.2.200, 203.0.113.9"); rec.Code != 401 || !strings.Contains(rec.Body.String(), "Terlalu banyak percobaan") {
		t.Errorf("the 21st attempt from the same client: %d", rec.Code)
	}
	if rec := login("viewer@example.id", testPassword, "10.0.0.2:4000", "203.0.113.10"); rec.Code != http.StatusSeeOther {
		t.Errorf("another client through the same proxy: %d", rec.Code)
	}
	// A client talking to the server directly is its socket address, whatever it sends.
	login("langsung@example.id", "salah sekali", "192.0.2.77:5000", "198.51.100.250")
	entries, _, err := db.ListAudit(sysCtx, store.AuditFilter{Action: "login_failed", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	addrs := map[string]int{}
	for _, e := range entries {
		addrs[e.RemoteAddr]++
	}
	if addrs["203.0.113.9"] != 20 || addrs["192.0.2.77"] != 1 || len(addrs) != 2 {
		t.Errorf("addresses in the audit log: %v", addrs)
	}
}

// Finding 10: NUL bytes, control characters and invalid UTF-8 were stored
// and exported; they are refused at the edge, with the field named.
func TestSecurityTextRefusedAtTheEdge(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		form := func(name string) string {
			return url.Values{"name": {name}, "kind": {"umkm"}, "legal_form": {"ud"}, "province_code": {"18"}, "regency_code": {"18.01"}, "export_status": {"never"}}.Encode()
		}
		for _, bad := range []string{"Kopi\x00Jahat", "Kopi \x1b[31mJahat", "Kopi \xff\xfeJahat", "Kopi\u0085Jahat"} {
			rec := w.do(t, "admin", "POST", "/enterprises", form(bad), formType)
			if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Nama usaha") {
				t.Errorf("form name %q: %d %s", bad, rec.Code, firstLine(rec.Body.String()))
			}
		}
		api := func(body string, lang string) *httptest.ResponseRecorder {
			req := httptest.NewRequest("POST", "/api/v1/enterprises", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Cookie", w.cookies["admin"])
			if lang != "" {
				req.Header.Set("Accept-Language", lang)
			}
			rec := httptest.NewRecorder()
			w.s.ServeHTTP(rec, req)
			return rec
		}
		for body, want := range map[string]string{
			`{"name":"Kopi\u0000Jahat","legal_form":"ud","regency_code":"18.01"}`:                     `"field":"name","code":"field.control_chars"`,
			`{"name":"Kopi Jahat","owner_name":"Sri\u0007","legal_form":"ud","regency_code":"18.01"}`: `"field":"owner_name","code":"field.control_chars"`,
			"{\"name\":\"Kopi \xff Jahat\",\"legal_form\":\"ud\",\"regency_code\":\"18.01\"}":         `"code":"invalid"`,
			`{"name":"Kopi Jahat","phone":"0812\n3456","legal_form":"ud","regency_code":"18.01"}`:     `"field":"phone","code":"field.one_line"`,
		} {
			if rec := api(body, ""); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), want) {
				t.Errorf("API %s: %d %s", body, rec.Code, rec.Body.String())
			}
		}
		if rec := api(`{"name":"Kopi\u0000Jahat","legal_form":"ud","regency_code":"18.01"}`, "en"); !strings.Contains(rec.Body.String(), "control characters") {
			t.Errorf("in English: %s", rec.Body.String())
		}
		// A multi-line field keeps its lines.
		if rec := api(`{"name":"Kopi Baik","notes":"baris satu\nbaris dua\ttab","legal_form":"ud","regency_code":"18.01"}`, ""); rec.Code != http.StatusCreated {
			t.Errorf("notes on two lines: %d %s", rec.Code, rec.Body.String())
		}
		// A form that cannot be parsed (a bad escape, more fields than
		// allowed) is refused as such, never read as empty fields.
		many := strings.Repeat("day_date=2027-01-01&", 20000) + "name=Temu"
		for name, body := range map[string]string{"bad escape": "name=Kopi%zz", "too many fields": many} {
			rec := w.do(t, "admin", "POST", "/events", body, formType)
			if b := rec.Body.String(); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(b, "Isian formulir tidak bisa dibaca") || strings.Contains(b, "Wajib diisi") {
				t.Errorf("%s: %d %s", name, rec.Code, firstLine(b))
			}
		}
		if rec := w.do(t, "admin", "GET", "/enterprises?q=%00", "", ""); rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("a NUL in the query string: %d", rec.Code)
		}
		// A spreadsheet's cell: the row is refused with its reason (a NUL
		// makes the whole file binary).
		// (One control character in a short file reads as binary: pad it.)
		padding := strings.Repeat("Kopi Baik Dua,Lampung Selatan\n", 5)
		rep := w.apiImport(t, "admin", "dry_run=1", "Nama Usaha,Kabupaten\nKopi\x07Jahat,Lampung Selatan\n"+padding, 200)
		if res := rep["result"].(map[string]any); res["rejected"].(float64) != 1 || !strings.Contains(fmt.Sprint(rep["problems"]), "field.control_chars") {
			t.Errorf("an import row with a control character: %v %v", res, rep["problems"])
		}
		w.apiImport(t, "admin", "dry_run=1", "Nama Usaha,Kabupaten\nKopi\x00Jahat,Lampung Selatan\n", 422)
		if ids := enterpriseIDs(t, db, "Jahat"); len(ids) != 0 {
			t.Errorf("stored: %v", ids)
		}
	})
}

// Finding 10: pages, API answers and exports carrying personal data could
// be kept by caches; HSTS was missing behind an HTTPS proxy.
func TestSecurityCacheAndTransportHeaders(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := behindProxies(t, db)
	for _, target := range []string{"/", fmt.Sprintf("/enterprises/%d", w.lamsel.ID), "/api/v1/enterprises", "/enterprises/export.csv",
		"/api/v1/enterprises/export", fmt.Sprintf("/api/v1/certificates/%d/document", w.cert.ID), "/no-such-page"} {
		if rec := w.do(t, "admin", "GET", target, "", ""); rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%s: %d Cache-Control %q", target, rec.Code, rec.Header().Get("Cache-Control"))
		}
	}
	for _, target := range []string{staticPath(t, w), "/media/" + w.photoPath} {
		if rec := w.do(t, "anon", "GET", target, "", ""); rec.Code != 200 || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
			t.Errorf("%s: %d Cache-Control %q", target, rec.Code, rec.Header().Get("Cache-Control"))
		}
	}
	hsts := func(rec *httptest.ResponseRecorder) bool { return rec.Header().Get("Strict-Transport-Security") != "" }
	if rec := proxied(w.s, "GET", "/", "", "10.0.0.2:4000", "203.0.113.9", "https"); !hsts(rec) {
		t.Error("no HSTS through a trusted proxy that says HTTPS")
	}
	if rec := proxied(w.s, "GET", "/", "", "192.0.2.9:4000", "", "https"); hsts(rec) {
		t.Error("HSTS on a client's own X-Forwarded-Proto")
	}
	if rec := proxied(w.s, "GET", "/", "", "10.0.0.2:4000", "", ""); hsts(rec) {
		t.Error("HSTS over plain HTTP")
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.TLS = &tls.ConnectionState{}
	rec := httptest.NewRecorder()
	w.s.ServeHTTP(rec, req)
	if !hsts(rec) {
		t.Error("no HSTS over HTTPS")
	}
	// The session cookie is Secure only when the HTTPS is real.
	secure := func(rec *httptest.ResponseRecorder) bool {
		for _, c := range rec.Result().Cookies() {
			if c.Name == auth.SessionCookie && c.Value != "" {
				return c.Secure
			}
		}
		t.Fatalf("no session cookie: %d", rec.Code)
		return false
	}
	form := url.Values{"email": {"viewer@example.id"}, "password": {testPassword}}.Encode()
	if !secure(proxied(w.s, "POST", "/login", form, "10.0.0.2:4000", "203.0.113.9", "https")) {
		t.Error("the cookie through a trusted HTTPS proxy is not Secure")
	}
	if secure(proxied(w.s, "POST", "/login", form, "192.0.2.9:4000", "", "https")) {
		t.Error("a client's own X-Forwarded-Proto made the cookie Secure")
	}
}

// Finding 9, through every door: a mismatched repetition changes nothing on
// the account page and on a one-time link, and no API route takes a
// password at all.
func TestSecurityPasswordMismatchChangesNothingAnywhere(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	secret, err := w.s.Auth().NewLink(sysCtx, w.spareUsr.ID, auth.LinkReset)
	if err != nil {
		t.Fatal(err)
	}
	mismatch := url.Values{"password": {"lada hitam dari lampung"}, "password_again": {"lada hitam dari liwa"}}.Encode()
	if rec := w.do(t, "anon", "POST", "/link/"+secret, mismatch, formType); rec.Code != 422 {
		t.Errorf("a mismatch through the link: %d", rec.Code)
	}
	if _, _, err := w.s.Auth().LinkUser(sysCtx, secret); err != nil {
		t.Errorf("a refused link use spent the link: %v", err)
	}
	for _, r := range w.s.Routes() {
		if strings.Contains(r.Pattern, "/api/") && strings.Contains(r.Pattern, "password") {
			t.Errorf("%s: an API route for passwords must check the repetition too", r.Pattern)
		}
	}
	rec := w.do(t, "admin", "PATCH", fmt.Sprintf("/api/v1/users/%d", w.users["viewer"].ID), `{"password":"lada hitam dari lampung"}`, "application/json")
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), "field.unknown") {
		t.Errorf("a password through the users API: %d %s", rec.Code, rec.Body.String())
	}
	if _, _, err := w.s.Auth().Login(sysCtx, "viewer@example.id", testPassword, "", ""); err != nil {
		t.Errorf("the old password: %v", err)
	}
}
