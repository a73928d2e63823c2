package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"mime/multipart"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/auth"
)

// The matrix's requests are real ones: an allowed role must get a working
// answer, so each route is sent what it needs to do its work (a fresh
// target when it destroys, ends or uses up something).

const (
	formType = "application/x-www-form-urlencoded"
	jsonType = "application/json"
)

// smallPNG is a photo the photo routes accept.
func smallPNG() []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 64, 48)))
	return b.Bytes()
}

var scanPDF = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

// multipartForm encodes fields and one file as a page's form posts them.
func multipartForm(fields url.Values, fileField, fileName string, file []byte) (string, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if fileField != "" {
		fw, _ := mw.CreateFormFile(fileField, fileName)
		fw.Write(file)
	}
	mw.Close()
	return b.String(), mw.FormDataContentType()
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// must sends a set-up request and fails the test unless it answers want.
func (w *world) must(t testing.TB, role, method, target, body, ctype string, want int) *httptest.ResponseRecorder {
	t.Helper()
	rec := w.do(t, role, method, target, body, ctype)
	if rec.Code != want {
		t.Fatalf("set-up %s %s as %s: %d, want %d: %s", method, target, role, rec.Code, want, firstLine(rec.Body.String()))
	}
	return rec
}

// ownEnterprise is the enterprise a role writes for: Metro's officer
// reaches only Metro's, everyone else Lampung Selatan's.
func (w *world) ownEnterprise(role string) int64 {
	if role == "officer_metro" {
		return w.metro.ID
	}
	return w.lamsel.ID
}

// photoOf uploads a photo to product id and returns it.
func (w *world) photoOf(t testing.TB, productID int64) (id int64, thumb string) {
	rec := w.must(t, "admin", "POST", fmt.Sprintf("/api/v1/products/%d/photos", productID), string(smallPNG()), "image/png", 201)
	var ph struct {
		ID    int64  `json:"id"`
		Thumb string `json:"thumb"`
	}
	json.Unmarshal(rec.Body.Bytes(), &ph)
	return ph.ID, ph.Thumb
}

// submitted is a fresh product waiting for validation.
func (w *world) submitted(t testing.TB) int64 {
	id := newProduct(t, w.db, w.lamsel.ID).ID
	if err := w.db.SubmitProduct(sysCtx, id, ""); err != nil {
		t.Fatal(err)
	}
	return id
}

// tokenOf makes an API token of a role's user for a revoke route.
func (w *world) tokenOf(t testing.TB, role string) int64 {
	u := w.users[role]
	if u == nil {
		return 999999 // anonymous: refused before any lookup
	}
	_, tok, err := w.s.Auth().CreateToken(sysCtx, u.ID, "matriks", "read", 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return tok.ID
}

// importerOf says who imports for a role (the admin for roles that may
// not) and into which regency, one in the role's scope.
func importerOf(role string) (by, regency string) {
	switch role {
	case "admin", "officer_prov", "officer_lamsel":
		return role, "Lampung Selatan"
	case "officer_metro":
		return role, "Kota Metro"
	}
	return "admin", "Lampung Selatan"
}

// importRows imports rows (%[1]s: a name of their own, %[2]s: the regency)
// for a role through the API and returns the import's id.
func (w *world) importRows(t testing.TB, role, rows string) int64 {
	by, regency := importerOf(role)
	w.made++
	csv := "Nama Usaha,Kabupaten\n" + fmt.Sprintf(rows, fmt.Sprintf("%s %d", role, w.made), regency)
	rec := w.must(t, by, "POST", "/api/v1/imports?name=matriks.csv", csv, "text/csv", 201)
	var rep struct {
		Result struct {
			ID int64 `json:"id"`
		} `json:"result"`
	}
	json.Unmarshal(rec.Body.Bytes(), &rep)
	return rep.Result.ID
}

// importOf imports one enterprise as a role (as the admin for roles that
// may not import) and returns the import's id, for an undo route.
func (w *world) importOf(t testing.TB, role string) int64 {
	return w.importRows(t, role, "Impor %[1]s,%[2]s\n")
}

// possibleOf imports, as importOf does, two rows of the same name in one
// regency and returns the import's id and its possible duplicate's.
func (w *world) possibleOf(t testing.TB, role string) (int64, int64) {
	id := w.importRows(t, role, "Kembar %[1]s,%[2]s\nKEMBAR %[1]s,%[2]s\n")
	list, err := w.db.PossibleDuplicates(sysCtx, id)
	if err != nil || len(list) != 1 {
		t.Fatalf("possible duplicates of import %d: %v %v", id, list, err)
	}
	return id, list[0].ID
}

// importJob starts an import's dry run as a role and returns its job
// once it has finished; jobs belong to who started them.
func (w *world) importJob(t testing.TB, role string) string {
	if !contains(officers, role) {
		return "no-such-job" // refused before any lookup
	}
	// A file of its own: the same file imported twice would be refused.
	w.made++
	return w.jobOf(t, role, fmt.Sprintf("Nama Usaha,Kabupaten\nKopi Uji %d,", w.made)+map[bool]string{true: "Kota Metro", false: "Lampung Selatan"}[role == "officer_metro"]+"\n")
}

// jobOf uploads a file on the imports page as a role and waits for its dry run.
func (w *world) jobOf(t testing.TB, role, csv string) string {
	t.Helper()
	body, ctype := multipartForm(nil, "file", "usaha.csv", []byte(csv))
	loc := w.must(t, role, "POST", "/imports", body, ctype, 303).Header().Get("Location")
	for i := 0; i < 400; i++ {
		if page := w.do(t, role, "GET", loc, "", ""); page.Header().Get("Refresh") == "" {
			return strings.TrimPrefix(loc, "/imports/jobs/")
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("import job %s did not finish", loc)
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// request builds a concrete request for a route pattern.
func (w *world) request(t *testing.T, pattern, role string) (method, target, body, ctype string) {
	if m, tg, b, ct, ok := w.buyerRequest(t, pattern, role); ok {
		return m, tg, b, ct
	}
	if m, tg, b, ct, ok := w.catalogueRequest(t, pattern, role); ok {
		return m, tg, b, ct
	}
	if m, tg, b, ct, ok := w.pipelineRequest(t, pattern, role); ok {
		return m, tg, b, ct
	}
	if m, tg, b, ct, ok := w.eventAPIRequest(t, pattern, role); ok {
		return m, tg, b, ct
	}
	if m, tg, b, ct, ok := w.eventPagesRequest(t, pattern, role); ok {
		return m, tg, b, ct
	}
	if m, tg, b, ct, ok := w.catalogueAPIRequest(t, pattern, role); ok {
		return m, tg, b, ct
	}
	method, path, _ := strings.Cut(pattern, " ")
	path = strings.TrimSuffix(path, "{$}")
	if strings.HasPrefix(path, "/static/") {
		path = staticPath(t, w)
	}
	destroys := strings.Contains(pattern, "delete") || strings.Contains(pattern, "remove") || method == "DELETE"
	id := w.lamsel.ID
	if destroys && strings.HasPrefix(path, "/enterprises/{id}") || method == "DELETE" && strings.HasPrefix(path, "/api/v1/enterprises/{id}") && !strings.Contains(path, "{user}") {
		id = newEnterprise(t, w.db, "Hapus "+role, "18.01").ID
	}
	version, photo, secret, job := "1", "999999", "no-such-link", "no-such-job"
	var sibling int64 // the class a moved enrolment goes to
	var pid int64     // an import's possible duplicate
	switch {
	case strings.HasPrefix(path, "/organisations/"), strings.HasPrefix(path, "/api/v1/organisations/"):
		id = w.users["admin"].OrgID
	case strings.HasPrefix(path, "/users/"), strings.HasPrefix(path, "/api/v1/users/"):
		id = w.spareUsr.ID
	case strings.Contains(path, "aliases/{id}"):
		id = w.newRegionAlias(t) // removed, or asked about: the shipped ones stay
	case strings.Contains(path, "tokens/"):
		id = w.tokenOf(t, role)
	case strings.Contains(path, "{pid}"), path == "/imports/{id}": // the import's page with a duplicate to decide on
		id, pid = w.possibleOf(t, role)
	case strings.Contains(path, "/imports/{id}"):
		id = w.importOf(t, role)
	case strings.Contains(path, "{job}"):
		job = w.importJob(t, role)
	case strings.Contains(path, "{secret}"):
		var err error
		if secret, err = w.s.Auth().NewLink(sysCtx, w.spareUsr.ID, auth.LinkReset); err != nil {
			t.Fatal(err)
		}
	case strings.Contains(path, "{photo}"):
		id = newProduct(t, w.db, w.lamsel.ID).ID
		ph, _ := w.photoOf(t, id)
		photo = fmt.Sprint(ph)
	case strings.HasSuffix(path, "/photos"), strings.Contains(path, "/products/{id}") && destroys:
		id = newProduct(t, w.db, w.lamsel.ID).ID // at most five photos a product
	case strings.HasSuffix(path, "/submit"):
		id = newProduct(t, w.db, w.lamsel.ID).ID
	case strings.HasSuffix(path, "/review"):
		id = w.submitted(t)
	case strings.Contains(path, "/products/{id}"):
		id = w.product.ID
	case strings.Contains(path, "/certificates/{id}"):
		id = w.cert.ID
		if destroys {
			id = newCertificate(t, w.db, w.lamsel.ID).ID
		}
	case strings.Contains(path, "/exports/{id}"):
		id = w.export.ID
		if destroys {
			id = newExport(t, w.db, w.lamsel.ID).ID
		}
	case strings.HasPrefix(path, "/assessments/"), strings.HasPrefix(path, "/api/v1/assessments/"):
		id = w.assessment.ID
	case strings.Contains(path, "/programmes/{id}"):
		id = w.programme.ID
		if strings.HasSuffix(path, "/finish") {
			id = w.newProgramme(t).ID
		}
	case strings.Contains(path, "/stages/{id}"):
		id = w.class.StageID
	case strings.Contains(path, "/classes/{id}"):
		id = w.class.ID
	case strings.Contains(path, "/sessions/{id}"):
		id = w.session.ID
		if destroys {
			id = w.newSession(t).ID
		}
	case strings.Contains(path, "/enrolments/{id}"):
		id = w.enrolment.ID
		// A fresh enrolment for what removes or moves one (not for the
		// question page, which would fill the class).
		if destroys && method != "GET" || strings.HasSuffix(path, "/move") {
			var n *siapekspor.Enrolment
			n, sibling = w.newEnrolment(t)
			id = n.ID
		}
	case strings.Contains(path, "/activities/{id}"):
		id = w.activity.ID
	case strings.Contains(path, "/cases/{id}"):
		id = w.assistCase.ID
	}
	// A draft for what changes a version, and for the pages asking first.
	if strings.Contains(path, "{version}") && (method != "GET" || destroys || strings.HasSuffix(path, "/publish")) {
		version = fmt.Sprint(w.newDraft(t))
	}
	if strings.Contains(path, "{user}") {
		// Ending an assignment: a spare mentor's, so the world's mentor keeps its own.
		if _, err := w.db.AssignMentor(sysCtx, id, w.spareMentor.ID); err != nil {
			t.Fatal(err)
		}
	}
	idText := fmt.Sprint(id)
	switch {
	case strings.Contains(path, "/markets/requirements/{id}"):
		idText = "eu-eudr-coffee"
		if method != "GET" {
			idText = w.newRequirement(t, role) // edited or deleted: the shipped catalogue stays as it is
		}
	case strings.Contains(path, "/markets/statistics/{id}"):
		idText = fmt.Sprint(w.statLoad)
		if destroys {
			idText = fmt.Sprint(w.newStatLoad(t))
		}
	}
	r := strings.NewReplacer("{id}", idText, "{hs}", "090121", "{iso3}", "JPN", "{lang}", "en", "{secret}", secret, "{code}", "18.01", "{job}", job,
		"{photo}", photo, "{path...}", w.photoPath, "{doc}", "invoice", "{version}", version, "{key}", "legal_nib", "{user}", fmt.Sprint(w.spareMentor.ID), "{pid}", fmt.Sprint(pid))
	target = r.Replace(path)

	w.made++
	n := w.made                                                    // for names that must be new
	yesterday := time.Now().AddDate(0, 0, -1).Format("2006-01-02") // a session then has been held whatever the hour
	ent := w.ownEnterprise(role)
	switch pattern {
	// Accounts.
	case "POST /login":
		return method, target, url.Values{"email": {"viewer@example.id"}, "password": {testPassword}}.Encode(), formType
	case "POST /link/{secret}":
		pw := fmt.Sprintf("lada hitam lampung %d", n)
		return method, target, url.Values{"password": {pw}, "password_again": {pw}}.Encode(), formType
	case "POST /account/password":
		// A mismatch, so the test users keep their password.
		return method, target, url.Values{"current_password": {testPassword}, "password": {"lada hitam lampung 1"}, "password_again": {"lada hitam lampung 2"}}.Encode(), formType
	case "POST /account/tokens":
		return method, target, url.Values{"name": {"skrip"}, "scope": {"read"}, "days": {"30"}}.Encode(), formType
	case "POST /api/v1/me/tokens":
		return method, target, `{"name":"skrip","scope":"read","expires_days":30}`, jsonType
	case "POST /organisations":
		return method, target, url.Values{"name": {fmt.Sprintf("Dinas uji %d", n)}, "kind": {"agency"}}.Encode(), formType
	case "POST /organisations/{id}":
		o, err := w.db.Organisation(sysCtx, id)
		if err != nil {
			t.Fatal(err)
		}
		return method, target, url.Values{"name": {o.Name}, "kind": {string(o.Kind)}, "region_code": {o.RegionCode}}.Encode(), formType
	case "POST /api/v1/organisations":
		return method, target, toJSON(map[string]any{"name": fmt.Sprintf("Dinas uji %d", n), "kind": "agency"}), jsonType
	case "POST /users":
		return method, target, url.Values{"email": {fmt.Sprintf("baru%d@example.id", n)}, "name": {"Baru"}, "role": {"viewer"}, "org_id": {fmt.Sprint(w.users["viewer"].OrgID)}}.Encode(), formType
	case "POST /users/{id}":
		return method, target, url.Values{"name": {"Cadangan"}, "role": {"viewer"}, "org_id": {fmt.Sprint(w.spareUsr.OrgID)}}.Encode(), formType
	case "POST /api/v1/users":
		return method, target, toJSON(map[string]any{"email": fmt.Sprintf("baru%d@example.id", n), "role": "viewer", "org_id": w.users["viewer"].OrgID}), jsonType

	// The registry and its imports.
	case "POST /enterprises":
		return method, target, url.Values{"name": {"Baru " + role}, "kind": {"umkm"}, "legal_form": {"ud"}, "province_code": {"18"}, "regency_code": {"18.01"}, "export_status": {"never"}}.Encode(), formType
	case "POST /enterprises/{id}":
		e, err := w.db.Enterprise(sysCtx, id)
		if err != nil {
			t.Fatal(err)
		}
		return method, target, url.Values{"name": {e.Name}, "kind": {"umkm"}, "legal_form": {"ud"}, "province_code": {"18"}, "regency_code": {"18.01"}, "export_status": {"never"},
			"owner_name": {e.OwnerName}, "owner_nik": {e.OwnerNIK}, "phone": {e.Phone}, "address": {e.Address}, "version": {fmt.Sprint(e.Version)}}.Encode(), formType
	case "POST /api/v1/enterprises":
		return method, target, `{"name":"Baru ` + role + `","regency_code":"18.01"}`, jsonType
	case "PATCH /api/v1/enterprises/{id}":
		e, err := w.db.Enterprise(sysCtx, id)
		if err != nil {
			t.Fatal(err)
		}
		return method, target, toJSON(map[string]any{"notes": "catatan", "version": e.Version}), jsonType
	case "POST /imports":
		b, ct := multipartForm(nil, "file", "usaha.csv", []byte("Nama Usaha,Kabupaten\nKopi Unggah,Lampung Selatan\n"))
		return method, target, b, ct
	case "POST /imports/jobs/{job}/columns":
		return method, target, url.Values{"first": {"1"}, "last": {"1"}, "width": {"2"}, "col_0": {"name"}, "col_1": {"regency"}}.Encode(), formType
	case "POST /api/v1/imports/{id}/possible-duplicates/{pid}":
		return method, target, `{"decision":"keep"}`, jsonType
	case "POST /api/v1/imports":
		regency := "Lampung Selatan"
		if role == "officer_metro" {
			regency = "Kota Metro"
		}
		return method, target + "?name=usaha.csv", fmt.Sprintf("Nama Usaha,Kabupaten\nKopi API %d,%s\n", n, regency), "text/csv"

	// Products and certificates.
	case "POST /products":
		return method, target, url.Values{"enterprise_id": {fmt.Sprint(ent)}, "name_id": {"Lada Hitam"}, "hs_code": {"090411"}, "unit": {"kg"}}.Encode(), formType
	case "POST /products/{id}":
		p, err := w.db.Product(sysCtx, id)
		if err != nil {
			t.Fatal(err)
		}
		return method, target, url.Values{"name_id": {p.NameID}, "name_en": {p.NameEN}, "hs_code": {p.HSCode}, "unit": {string(p.Unit)},
			"capacity_per_month": {"500"}, "version": {fmt.Sprint(p.Version)}}.Encode(), formType
	case "POST /api/v1/products":
		return method, target, toJSON(map[string]any{"enterprise_id": ent, "name_id": "Lada Hitam", "hs_code": "090411", "unit": "kg"}), jsonType
	case "PATCH /api/v1/products/{id}":
		p, err := w.db.Product(sysCtx, id)
		if err != nil {
			t.Fatal(err)
		}
		return method, target, toJSON(map[string]any{"packaging": "karung 50 kg", "version": p.Version}), jsonType
	case "POST /products/import":
		b, ct := multipartForm(nil, "file", "produk.csv", []byte(fmt.Sprintf("ID Usaha,Nama Produk,Kode HS,Satuan\n%d,Kopi Impor,090121,kg\n", ent)))
		return method, target, b, ct
	case "POST /api/v1/products/import":
		return method, target + "?name=produk.csv", fmt.Sprintf("ID Usaha,Nama Produk,Kode HS,Satuan\n%d,Kopi Impor,090121,kg\n", ent), "text/csv"
	case "POST /products/{id}/photos":
		b, ct := multipartForm(nil, "photo", "foto.png", smallPNG())
		return method, target, b, ct
	case "POST /api/v1/products/{id}/photos":
		return method, target, string(smallPNG()), "image/png"
	case "POST /products/{id}/review":
		f := url.Values{}
		for _, pt := range []string{"specification", "quality", "certificates", "capacity"} {
			f.Set("ok_"+pt, "1")
		}
		return method, target, f.Encode(), formType
	case "POST /api/v1/products/{id}/review":
		return method, target, `{"points":{"specification":{"ok":true},"quality":{"ok":true},"certificates":{"ok":true},"capacity":{"ok":true}}}`, jsonType
	case "POST /certificates":
		return method, target, url.Values{"enterprise_id": {fmt.Sprint(ent)}, "type": {"halal"}, "number": {fmt.Sprintf("ID1811%08d", n)}}.Encode(), formType
	case "POST /certificates/{id}":
		c, err := w.db.Certificate(sysCtx, id)
		if err != nil {
			t.Fatal(err)
		}
		return method, target, url.Values{"type": {string(c.Type)}, "number": {c.Number}, "issuer": {"BPJPH"}, "version": {fmt.Sprint(c.Version)}}.Encode(), formType
	case "POST /api/v1/certificates":
		return method, target, toJSON(map[string]any{"enterprise_id": ent, "type": "halal", "number": fmt.Sprintf("ID1811%08d", n)}), jsonType
	case "PATCH /api/v1/certificates/{id}":
		c, err := w.db.Certificate(sysCtx, id)
		if err != nil {
			t.Fatal(err)
		}
		return method, target, toJSON(map[string]any{"issuer": "BPJPH", "version": c.Version}), jsonType
	case "PUT /api/v1/certificates/{id}/document":
		return method, target, string(scanPDF), "application/pdf"

	// Targets.
	case "POST /funnel/targets":
		return method, target, url.Values{"region_code": {"18.01"}, "year": {"2030"}, "population": {"ikm"}, "percent": {"30"}, "denominator": {"registry"}}.Encode(), formType
	case "POST /api/v1/targets":
		return method, target, toJSON(map[string]any{"region_code": "18.01", "year": 2030, "population": "ikm", "percent": 30}), jsonType

	// Export records.
	case "POST /exports":
		return method, target, url.Values{"enterprise_id": {fmt.Sprint(ent)}, "hs_code": {"090121"}, "destination": {"JPN"}, "export_date": {yesterday},
			"value_usd": {"12.500"}, "exchange_rate": {"15.800"}, "peb_number": {fmt.Sprintf("PEB-%d", n)}}.Encode(), formType
	case "POST /exports/{id}":
		x, err := w.db.ExportRecord(sysCtx, id)
		if err != nil {
			t.Fatal(err)
		}
		return method, target, url.Values{"hs_code": {x.HSCode}, "destination": {x.Destination}, "export_date": {x.ExportDate.Format("2006-01-02")},
			"value_usd": {fmt.Sprint(float64(x.ValueUSDCents) / 100)}, "exchange_rate": {fmt.Sprint(x.RateIDR)}, "notes": {"diperiksa"}, "version": {fmt.Sprint(x.Version)}}.Encode(), formType
	case "POST /api/v1/exports":
		return method, target, toJSON(map[string]any{"enterprise_id": ent, "hs_code": "090121", "destination": "JPN", "export_date": yesterday,
			"value_usd_cents": 1_250_000, "exchange_rate": 15800, "peb_number": fmt.Sprintf("PEB-%d", n)}), jsonType
	case "PATCH /api/v1/exports/{id}":
		x, err := w.db.ExportRecord(sysCtx, id)
		if err != nil {
			t.Fatal(err)
		}
		return method, target, toJSON(map[string]any{"notes": "catatan", "version": x.Version}), jsonType
	case "PUT /api/v1/exports/{id}/scans/{doc}":
		return method, target, string(scanPDF), "application/pdf"
	case "POST /exports/import":
		b, ct := multipartForm(nil, "file", "ekspor.csv", []byte(fmt.Sprintf("ID Usaha,Kode HS,Negara Tujuan,Tanggal Ekspor,Nilai (USD),Kurs\n%d,090121,Jepang,%s,1000,15800\n", ent, yesterday)))
		return method, target, b, ct
	case "POST /api/v1/exports/import":
		return method, target + "?name=ekspor.csv", fmt.Sprintf("ID Usaha,Kode HS,Negara Tujuan,Tanggal Ekspor,Nilai (USD),Kurs\n%d,090121,Jepang,%s,1000,15800\n", ent, yesterday), "text/csv"

	// Readiness.
	case "POST /enterprises/{id}/assess":
		form, _ := answerForm(t, w.db, false)
		return method, target, form.Encode(), formType
	case "POST /api/v1/enterprises/{id}/assessments":
		_, answers := answerForm(t, w.db, false)
		return method, target, toJSON(map[string]any{"answers": answers}), jsonType
	case "POST /readiness/questionnaires":
		return method, target, url.Values{"from": {"1"}}.Encode(), formType
	case "POST /api/v1/questionnaires":
		return method, target, `{"from":1}`, jsonType
	case "POST /readiness/questionnaires/{version}":
		f := url.Values{"threshold_intermediate": {"45"}, "threshold_advanced": {"75"}}
		for _, d := range []string{"legality", "product", "capacity", "management", "market", "digital", "experience"} {
			f.Set("weight_"+d, "1")
		}
		return method, target, f.Encode(), formType
	case "POST /readiness/questionnaires/{version}/questions/{key}":
		return method, target, url.Values{"dimension": {"legality"}, "text_id": {"Apakah usaha memiliki NIB yang berlaku?"}, "prefill": {"nib"},
			"opt_key_0": {"yes"}, "opt_points_0": {"5"}, "opt_label_id_0": {"Ya"}, "opt_key_1": {"no"}, "opt_points_1": {"0"}, "opt_label_id_1": {"Belum"},
			"opt_action_id_1": {"Daftarkan NIB di OSS"}}.Encode(), formType
	case "PUT /api/v1/questionnaires/{version}":
		var v struct {
			Questionnaire json.RawMessage `json:"questionnaire"`
		}
		json.Unmarshal(w.must(t, "admin", "GET", "/api/v1/questionnaires/"+version, "", "", 200).Body.Bytes(), &v)
		return method, target, `{"questionnaire":` + string(v.Questionnaire) + `,"note":"tanpa perubahan"}`, jsonType

	// Training.
	case "POST /training/programmes":
		return method, target, url.Values{"name": {fmt.Sprintf("Pelatihan %d", n)}, "year": {"2026"}, "stages": {"2"}, "seats_per_class": {"20"}, "attendance_pct": {"75"}, "regency_cap_pct": {"25"}}.Encode(), formType
	case "POST /training/programmes/{id}":
		p, err := w.db.Programme(sysCtx, id)
		if err != nil {
			t.Fatal(err)
		}
		return method, target, url.Values{"name": {p.Name}, "year": {fmt.Sprint(p.Year)}, "seats_per_class": {fmt.Sprint(p.SeatsPerClass)},
			"attendance_pct": {fmt.Sprint(p.AttendancePct)}, "regency_cap_pct": {fmt.Sprint(p.RegencyCapPct)}, "version": {fmt.Sprint(p.Version)}}.Encode(), formType
	case "POST /api/v1/programmes":
		return method, target, toJSON(map[string]any{"name": fmt.Sprintf("Pelatihan %d", n), "year": 2026}), jsonType
	case "PATCH /api/v1/programmes/{id}":
		p, err := w.db.Programme(sysCtx, id)
		if err != nil {
			t.Fatal(err)
		}
		return method, target, toJSON(map[string]any{"description": "Kelas ekspor", "version": p.Version}), jsonType
	case "POST /training/stages/{id}":
		return method, target, url.Values{"starts_on": {"2026-03-02"}, "ends_on": {"2026-03-27"}}.Encode(), formType
	case "POST /training/classes/{id}":
		return method, target, url.Values{"seats": {"20"}, "trainer_user_id": {fmt.Sprint(w.users["trainer"].ID)}}.Encode(), formType
	case "POST /training/classes/{id}/enrolments":
		return method, target, url.Values{"enterprise_id": {fmt.Sprint(newEnterprise(t, w.db, "Peserta "+role, "18.01").ID)}}.Encode(), formType
	case "POST /api/v1/classes/{id}/enrolments":
		return method, target, toJSON(map[string]any{"enterprise_id": newEnterprise(t, w.db, "Peserta "+role, "18.01").ID}), jsonType
	case "POST /training/classes/{id}/sessions", "POST /training/sessions/{id}":
		return method, target, url.Values{"on": {yesterday}, "starts_at": {"09:00"}, "ends_at": {"12:00"}, "topic": {"Harga FOB"}, "place": {"Aula"}}.Encode(), formType
	case "POST /api/v1/classes/{id}/sessions":
		return method, target, toJSON(map[string]any{"on": yesterday, "topic": "Harga FOB", "place": "Aula"}), jsonType
	case "PATCH /api/v1/sessions/{id}":
		return method, target, `{"topic":"Harga FOB"}`, jsonType
	case "POST /training/sessions/{id}/attendance":
		return method, target, url.Values{"enrolment": {fmt.Sprint(w.enrolment.ID)}, "present": {fmt.Sprint(w.enrolment.ID)}}.Encode(), formType
	case "PUT /api/v1/sessions/{id}/attendance":
		return method, target, `{"present":{}}`, jsonType
	case "POST /training/enrolments/{id}/move":
		return method, target, url.Values{"class_id": {fmt.Sprint(sibling)}}.Encode(), formType
	case "POST /training/enrolments/{id}/result":
		return method, target, url.Values{"result": {"passed"}, "result_score": {"80"}}.Encode(), formType
	case "PATCH /api/v1/enrolments/{id}":
		return method, target, `{"result":"passed","result_score":80}`, jsonType
	case "POST /training/enrolments/{id}/respond":
		return method, target, url.Values{"answer": {"accept"}}.Encode(), formType
	case "POST /api/v1/enrolments/{id}/respond":
		return method, target, `{"accept":true}`, jsonType

	// Mentoring.
	case "POST /enterprises/{id}/mentors":
		return method, target, url.Values{"mentor_user_id": {fmt.Sprint(w.spareMentor.ID)}}.Encode(), formType
	case "POST /api/v1/enterprises/{id}/mentors":
		return method, target, toJSON(map[string]any{"mentor_user_id": w.spareMentor.ID}), jsonType
	case "POST /enterprises/{id}/activities":
		return method, target, url.Values{"on": {yesterday}, "channel": {"visit"}, "topic": {"Kunjungan"}}.Encode(), formType
	case "POST /api/v1/enterprises/{id}/activities":
		return method, target, toJSON(map[string]any{"on": yesterday, "channel": "visit", "topic": "Kunjungan"}), jsonType
	case "POST /mentoring/activities/{id}":
		a, err := w.db.Activity(sysCtx, id)
		if err != nil {
			t.Fatal(err)
		}
		return method, target, url.Values{"on": {a.On.Format("2006-01-02")}, "channel": {string(a.Channel)}, "topic": {a.Topic}, "version": {fmt.Sprint(a.Version)}}.Encode(), formType
	case "PATCH /api/v1/activities/{id}":
		a, err := w.db.Activity(sysCtx, id)
		if err != nil {
			t.Fatal(err)
		}
		return method, target, toJSON(map[string]any{"notes": "catatan", "version": a.Version}), jsonType
	case "POST /enterprises/{id}/cases":
		return method, target, url.Values{"kind": {"cert_halal"}, "title": {"Halal"}}.Encode(), formType
	case "POST /api/v1/enterprises/{id}/cases":
		return method, target, `{"kind":"cert_halal","title":"Halal"}`, jsonType
	case "POST /mentoring/cases/{id}":
		c, err := w.db.Case(sysCtx, id)
		if err != nil {
			t.Fatal(err)
		}
		return method, target, url.Values{"kind": {string(c.Kind)}, "title": {c.Title}, "status": {string(c.Status)}, "version": {fmt.Sprint(c.Version)}}.Encode(), formType
	case "PATCH /api/v1/cases/{id}":
		c, err := w.db.Case(sysCtx, id)
		if err != nil {
			t.Fatal(err)
		}
		return method, target, toJSON(map[string]any{"notes": "catatan", "version": c.Version}), jsonType

	// Region aliases.
	case "POST /regions/aliases":
		return method, target, url.Values{"code": {"18.01"}, "alias": {fmt.Sprintf("Uji Lamsel %d", n)}}.Encode(), formType
	case "POST /api/v1/region-aliases":
		return method, target, toJSON(map[string]any{"code": "18.01", "alias": fmt.Sprintf("Uji Lamsel %d", n)}), jsonType

	// Destination markets.
	case "GET /api/v1/mentoring/export":
		return method, target + "?what=activities&format=csv", "", ""
	case "GET /markets/gap/{iso3}", "GET /api/v1/markets/gap/{iso3}":
		return method, target + "?hs=090121", "", ""
	case "POST /markets/requirements/{id}":
		rec, err := w.db.Requirement(sysCtx, idText)
		if err != nil {
			t.Fatal(err)
		}
		q := rec.Requirement
		return method, target, url.Values{"destination": {q.Destination}, "hs_prefixes": {strings.Join(q.HSPrefixes, ";")}, "title_id": {q.TitleID}, "title_en": {"Test, edited"},
			"source_url": {q.SourceURL}, "last_checked": {q.LastChecked.Format("2006-01-02")}, "confidence": {q.Confidence}, "version": {fmt.Sprint(rec.Version)}}.Encode(), formType
	case "PUT /api/v1/markets/requirements/{id}":
		rec, err := w.db.Requirement(sysCtx, idText)
		if err != nil {
			t.Fatal(err)
		}
		var q map[string]any
		json.Unmarshal([]byte(toJSON(rec.Requirement)), &q)
		q["title_en"], q["version"] = "Test, edited", rec.Version
		return method, target, toJSON(q), jsonType
	case "POST /api/v1/markets/requirements":
		return method, target, toJSON(map[string]any{"id": fmt.Sprintf("jpn-uji-%d", n), "destination": "JPN", "hs_prefixes": []string{"0901"}, "title_id": "Uji", "title_en": "Test",
			"source_url": "https://www.maff.go.jp/pps/", "last_checked": "2026-11-01", "confidence": "check", "mandatory": true}), jsonType
	case "POST /markets/requirements/import", "POST /api/v1/markets/requirements/import":
		csv := fmt.Sprintf("id,destination,hs_prefixes,title_id,title_en,source_url,last_checked,confidence\naus-uji-%d,AUS,0901,Uji,Test,https://www.agriculture.gov.au/biosecurity-trade/import,2026-11-20,check\n", n)
		if strings.HasPrefix(path, "/api/") {
			return method, target + "?name=uji.csv", csv, "text/csv"
		}
		b, ct := multipartForm(nil, "file", "uji.csv", []byte(csv))
		return method, target, b, ct
	case "POST /markets/weights":
		var wt map[string]float64 // the weights as they are
		json.Unmarshal(w.must(t, "admin", "GET", "/api/v1/markets/weights", "", "", 200).Body.Bytes(), &wt)
		f := url.Values{}
		for k, v := range wt {
			f.Set("weight_"+k, fmt.Sprint(v))
		}
		return method, target, f.Encode(), formType
	case "PUT /api/v1/markets/weights":
		return method, target, w.must(t, "admin", "GET", "/api/v1/markets/weights", "", "", 200).Body.String(), jsonType
	case "POST /markets/data":
		b, ct := multipartForm(url.Values{"format": {"baci"}}, "file", "BACI_HS17_Y2023_V202501.csv", []byte("t,i,j,k,v,q\n2023,360,276,121221,1200,300\n"))
		return method, target, b, ct
	case "POST /api/v1/markets/trade":
		return method, target + "?format=baci&name=BACI_HS17_Y2023_V202501.csv", "t,i,j,k,v,q\n2023,360,276,121221,1200,300\n", "text/csv"
	case "POST /markets/statistics":
		b, ct := multipartForm(nil, "file", "uji.csv", []byte(statCSV))
		return method, target, b, ct
	case "POST /api/v1/markets/statistics":
		return method, target + "?name=uji.csv", statCSV, "text/csv"
	}
	switch {
	case method == "POST" && !strings.HasPrefix(path, "/api/"):
		return method, target, "", formType
	case method == "POST" || method == "PATCH":
		return method, target, `{}`, jsonType
	}
	return method, target, "", ""
}

func staticPath(t *testing.T, w *world) string {
	rec := w.do(t, "anon", "GET", "/", "", "")
	i := strings.Index(rec.Body.String(), "/static/")
	return rec.Body.String()[i : i+strings.Index(rec.Body.String()[i:], `"`)]
}
