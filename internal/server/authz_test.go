package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/siapekspor/siapekspor/internal/antispam"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/auth"
	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/readiness"
	"github.com/siapekspor/siapekspor/internal/server"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
	"github.com/siapekspor/siapekspor/internal/tradeload"
)

// world is a registry with two enterprises in two regencies and a user of
// every role, including officers of both regencies.
type world struct {
	db       *store.DB
	s        *server.Server
	lamsel   *siapekspor.Enterprise // in Lampung Selatan (18.01)
	metro    *siapekspor.Enterprise // in Kota Metro (18.72)
	cookies  map[string]string      // role key → session cookie ("" for anonymous)
	users    map[string]*siapekspor.User
	spareUsr *siapekspor.User
	product  *siapekspor.Product      // of lamsel
	cert     *siapekspor.Certificate  // of lamsel
	export   *siapekspor.ExportRecord // of lamsel, with an invoice scan
	// Export development: lamsel assessed, assigned to the mentor, invited
	// to the pemula class of stage 1 of a programme the admin organises,
	// whose trainer is the trainer; a past session; an activity and a case.
	assessment  *store.Assessment
	programme   *siapekspor.Programme
	class       *siapekspor.Class
	session     *siapekspor.Session
	enrolment   *siapekspor.Enrolment
	activity    *siapekspor.Activity
	assistCase  *siapekspor.Case
	spareMentor *siapekspor.User
	statLoad    int64  // an uploaded export statistics table
	photoPath   string // a photo of product, as /media/ serves it
	made        int    // requirements made so far, for fresh ids
}

var roleKeys = []string{"anon", "admin", "officer_prov", "officer_lamsel", "officer_metro", "validator", "mentor", "trainer", "buyer", "owner", "viewer"}

func newEnterprise(t testing.TB, db *store.DB, name, regency string) *siapekspor.Enterprise {
	t.Helper()
	e := &siapekspor.Enterprise{Name: name, LegalForm: siapekspor.LegalUD, RegencyCode: regency,
		OwnerName: "Sri", OwnerNIK: strings.ReplaceAll(regency, ".", "") + "041203800002", Phone: "0812-3456-7890", Address: "Jl. Raya 1"}
	if regency == "18.72" {
		e.OwnerNIK = "1872011203800002"
	}
	if err := db.CreateEnterprise(sysCtx, e); err != nil {
		t.Fatal(err)
	}
	return e
}

func newProduct(t testing.TB, db *store.DB, enterpriseID int64) *siapekspor.Product {
	p := &siapekspor.Product{EnterpriseID: enterpriseID, NameID: "Kopi Robusta Bubuk", NameEN: "Ground Robusta Coffee", HSCode: "090121", Unit: "kg", CapacityPerMonth: 500}
	if err := db.CreateProduct(sysCtx, p); err != nil {
		t.Fatal(err)
	}
	return p
}

func newCertificate(t testing.TB, db *store.DB, enterpriseID int64) *siapekspor.Certificate {
	c := &siapekspor.Certificate{EnterpriseID: enterpriseID, Type: siapekspor.CertHalal, Number: "ID18110000123"}
	if err := db.CreateCertificate(sysCtx, c); err != nil {
		t.Fatal(err)
	}
	return c
}

// newExport records an export of an enterprise a month ago.
func newExport(t testing.TB, db *store.DB, enterpriseID int64) *siapekspor.ExportRecord {
	x := &siapekspor.ExportRecord{EnterpriseID: enterpriseID, HSCode: "090121", Destination: "JPN", ValueUSDCents: 1_250_000, RateIDR: 15_800,
		ExportDate: time.Now().UTC().AddDate(0, -1, 0), Quantity: 1000, Unit: "kg", Source: siapekspor.SourceOfficer}
	if err := db.CreateExportRecord(sysCtx, x); err != nil {
		t.Fatal(err)
	}
	return x
}

func newWorld(t *testing.T, db *store.DB, options ...func(*server.Config)) *world {
	cfg := server.Config{Province: "18", Log: quietLog(), Media: t.TempDir(), Uploads: t.TempDir(),
		// Every role sends the catalogue's public writes from one address.
		InquiryLimits: []antispam.Rule{{Window: time.Minute, Max: 1000}}}
	for _, o := range options {
		o(&cfg)
	}
	s, err := server.New(db, cfg)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{db: db, s: s, cookies: map[string]string{"anon": ""}, users: map[string]*siapekspor.User{}}
	w.lamsel = newEnterprise(t, db, "Kopi Lamsel", "18.01")
	w.product = newProduct(t, db, w.lamsel.ID)
	w.cert = newCertificate(t, db, w.lamsel.ID)
	w.metro = newEnterprise(t, db, "Tapis Metro", "18.72")
	specs := map[string]struct {
		role   siapekspor.Role
		region string
		ent    int64
	}{
		"admin": {siapekspor.RoleAdmin, "", 0}, "officer_prov": {siapekspor.RoleOfficer, "18", 0},
		"officer_lamsel": {siapekspor.RoleOfficer, "18.01", 0}, "officer_metro": {siapekspor.RoleOfficer, "18.72", 0},
		"validator": {siapekspor.RoleValidator, "", 0}, "mentor": {siapekspor.RoleMentor, "", 0}, "trainer": {siapekspor.RoleTrainer, "", 0},
		"buyer": {siapekspor.RoleBuyer, "", 0}, "owner": {siapekspor.RoleOwner, "", w.lamsel.ID}, "viewer": {siapekspor.RoleViewer, "", 0},
	}
	for key, sp := range specs {
		u := makeUser(t, db, key+"@example.id", sp.role, sp.region, sp.ent)
		w.users[key] = u
		w.cookies[key] = signIn(t, s, u.Email)
	}
	w.spareUsr = makeUser(t, db, "spare@example.id", siapekspor.RoleViewer, "", 0)
	w.spareMentor = makeUser(t, db, "spare-mentor@example.id", siapekspor.RoleMentor, "", 0)
	w.development(t)
	w.statLoad = w.newStatLoad(t)
	_, w.photoPath = w.photoOf(t, w.product.ID)
	w.must(t, "admin", "PUT", fmt.Sprintf("/api/v1/certificates/%d/document", w.cert.ID), string(scanPDF), "application/pdf", 200)
	w.export = newExport(t, db, w.lamsel.ID)
	w.must(t, "admin", "PUT", fmt.Sprintf("/api/v1/exports/%d/scans/invoice", w.export.ID), string(scanPDF), "application/pdf", 200)
	return w
}

// newRequirement adds a requirement to the catalogue and returns its id.
func (w *world) newRequirement(t testing.TB, suffix string) string {
	t.Helper()
	admin := siapekspor.WithActor(context.Background(), w.users["admin"].Actor())
	w.made++
	r := market.Requirement{ID: fmt.Sprintf("authz-%s-%d", strings.ReplaceAll(suffix, "_", "-"), w.made), Destination: "JPN", HSPrefixes: []string{"0901"},
		TitleID: "Uji", TitleEN: "Test", SourceURL: "https://www.maff.go.jp/pps/", LastChecked: market.MustDate("2026-11-01"), Confidence: "check"}
	if _, err := w.db.SaveRequirement(admin, &r, 0); err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// statCSV is a one-row export statistics table.
const statCSV = "Provinsi;Tahun;Bulan;Kode HS;Komoditas;Negara Tujuan;Nilai (US$);Berat (kg)\nLampung;2024;Jan;0901;Kopi;Jepang;1.000;10\n"

// newStatLoad uploads a one-row export statistics table.
func (w *world) newStatLoad(t testing.TB) int64 {
	t.Helper()
	admin := siapekspor.WithActor(context.Background(), w.users["admin"].Actor())
	rep, err := tradeload.ImportExportStats(admin, w.db, strings.NewReader(statCSV), int64(len(statCSV)), "uji.csv", "18", false)
	if err != nil || rep.Load == nil {
		t.Fatalf("statistics: %v %+v", err, rep)
	}
	return rep.Load.ID
}

// development sets up the readiness, training and mentoring records the
// matrix's routes are called on.
func (w *world) development(t testing.TB) {
	t.Helper()
	db := w.db
	admin := siapekspor.WithActor(context.Background(), w.users["admin"].Actor())
	if _, err := db.AssignMentor(admin, w.lamsel.ID, w.users["mentor"].ID); err != nil {
		t.Fatal(err)
	}
	v, _ := db.CurrentQuestionnaire(admin)
	answers := readiness.Answers{}
	for _, q := range v.Body.Questions {
		answers[q.Key] = q.Options[len(q.Options)-1].Key
	}
	var err error
	if w.assessment, err = db.CreateAssessment(admin, w.lamsel.ID, answers); err != nil {
		t.Fatal(err)
	}
	w.programme = w.newProgramme(t)
	stages, _ := db.Stages(admin, w.programme.ID)
	c := stages[0].Classes[0]
	trainer := w.users["trainer"].ID
	c.TrainerID = &trainer
	if err := db.UpdateClass(admin, &c); err != nil {
		t.Fatal(err)
	}
	w.class = &c
	if w.enrolment, err = db.AddEnrolment(admin, c.ID, w.lamsel.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ConfirmProgramme(admin, w.programme.ID); err != nil {
		t.Fatal(err)
	}
	w.session = w.newSession(t)
	w.activity = &siapekspor.Activity{EnterpriseID: w.lamsel.ID, On: time.Now().AddDate(0, 0, -3), Channel: "visit", Topic: "Kunjungan kebun"}
	if err := db.CreateActivity(admin, w.activity); err != nil {
		t.Fatal(err)
	}
	w.assistCase = &siapekspor.Case{EnterpriseID: w.lamsel.ID, Kind: "cert_halal", Title: "Halal self-declare"}
	if err := db.CreateCase(admin, w.assistCase); err != nil {
		t.Fatal(err)
	}
}

func (w *world) newProgramme(t testing.TB) *siapekspor.Programme {
	admin := siapekspor.WithActor(context.Background(), w.users["admin"].Actor())
	p := &siapekspor.Programme{Name: "Pelatihan Ekspor", Year: 2026, AttendancePct: 75, RegencyCapPct: 25}
	if err := w.db.CreateProgramme(admin, p); err != nil {
		t.Fatal(err)
	}
	return p
}

func (w *world) newSession(t testing.TB) *siapekspor.Session {
	admin := siapekspor.WithActor(context.Background(), w.users["admin"].Actor())
	s := &siapekspor.Session{ClassID: w.class.ID, On: time.Now().AddDate(0, 0, -1), Topic: "Calon pembeli", Place: "Aula Disperindag"}
	if err := w.db.SaveTrainingSession(admin, s); err != nil {
		t.Fatal(err)
	}
	return s
}

// newEnrolment enrols a new enterprise in the first class of a new
// programme (so no class fills up) and returns it with the id of the
// stage's second class, to move it to.
func (w *world) newEnrolment(t testing.TB) (*siapekspor.Enrolment, int64) {
	admin := siapekspor.WithActor(context.Background(), w.users["admin"].Actor())
	stages, err := w.db.Stages(admin, w.newProgramme(t).ID)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnterprise(t, w.db, "Peserta baru", "18.01")
	n, err := w.db.AddEnrolment(admin, stages[0].Classes[0].ID, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	return n, stages[0].Classes[1].ID
}

func (w *world) newDraft(t testing.TB) int {
	v, err := w.db.CreateQuestionnaireDraft(sysCtx, 1, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	return v.Version
}

// do sends a request as a role through the whole handler.
func (w *world) do(t testing.TB, role, method, target, body, contentType string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c := w.cookies[role]; c != "" {
		req.Header.Set("Cookie", c)
	}
	rec := httptest.NewRecorder()
	w.s.ServeHTTP(rec, req)
	return rec
}

// denied tells a refusal by the guard or the scope: 403, a 401 from the
// API, or a redirect to the login page.
func denied(rec *httptest.ResponseRecorder) bool {
	switch {
	case rec.Code == http.StatusForbidden:
		return true
	case rec.Code == http.StatusUnauthorized && strings.Contains(rec.Body.String(), `"code":"unauthorized"`):
		return true
	case rec.Code == http.StatusSeeOther && strings.HasPrefix(rec.Header().Get("Location"), "/login?next="):
		return true
	}
	return false
}

// works tells a working answer for a role that may use a route: a 2xx, a
// redirect (a form's "see other" after it did its work) that is not to the
// login page unless the route signs out, or the one 4xx the route gives for
// the matrix's deliberately refused input when validationStatus lists it.
// Never a 404 or a 500.
func works(rec *httptest.ResponseRecorder, pattern string) bool {
	switch {
	case rec.Code >= 200 && rec.Code < 300:
		return true
	case rec.Code >= 300 && rec.Code < 400:
		loc := rec.Header().Get("Location")
		if strings.HasPrefix(loc, "/login") {
			return toLogin[pattern]
		}
		return loc != ""
	}
	return validationStatus[pattern] != 0 && rec.Code == validationStatus[pattern]
}

// toLogin lists the routes whose work ends on the login page.
var toLogin = map[string]bool{"POST /logout": true, "POST /account/logout-everywhere": true, "POST /link/{secret}": true}

// validationStatus lists the routes whose matrix request is refused on
// purpose, and the status each answers it with.
var validationStatus = map[string]int{
	// A mismatched repetition of the new password: the test users keep theirs.
	"POST /account/password": 422,
	// The map's points need a view (zoom, bbox) from those who see them;
	// the boundaries' upload needs a file (TestBoundariesUpload loads one).
	"GET /geo/points": 422, "POST /regions/boundaries": 422, "POST /api/v1/boundaries": 422,
}

// expected lists, for every route, the roles that may use it. A route that
// is missing here fails the test: every new route must be placed.
var everyone = []string{"anon", "admin", "officer_prov", "officer_lamsel", "officer_metro", "validator", "mentor", "trainer", "buyer", "owner", "viewer"}
var signedIn = everyone[1:]
var readLamsel = []string{"admin", "officer_prov", "officer_lamsel", "owner", "viewer", "mentor"}
var readList = []string{"admin", "officer_prov", "officer_lamsel", "officer_metro", "owner", "viewer", "mentor"}
var writeLamsel = []string{"admin", "officer_prov", "officer_lamsel", "owner"}
var createLamsel = []string{"admin", "officer_prov", "officer_lamsel"}
var officers = []string{"admin", "officer_prov", "officer_lamsel", "officer_metro"}
var orgReaders = []string{"admin", "officer_prov", "officer_lamsel", "officer_metro", "viewer"}
var adminOnly = []string{"admin"}
var prodReaders = []string{"admin", "officer_prov", "officer_lamsel", "officer_metro", "owner", "viewer", "validator", "mentor"}
var prodWriters = []string{"admin", "officer_prov", "officer_lamsel", "officer_metro", "owner"}
var readProduct = []string{"admin", "officer_prov", "officer_lamsel", "owner", "viewer", "validator", "mentor"}
var validators = []string{"admin", "validator"}

// The monthly report covers the province, or a regency office's regency
// and its binaan: an owner and a mentor are refused.
var reportReaders = []string{"admin", "officer_prov", "officer_lamsel", "officer_metro", "viewer"}

// Export development.
var devLamsel = []string{"admin", "officer_prov", "officer_lamsel", "owner", "viewer", "mentor"}
var devList = []string{"admin", "officer_prov", "officer_lamsel", "officer_metro", "owner", "viewer", "mentor"}
var assessLamsel = []string{"admin", "officer_prov", "officer_lamsel", "owner", "mentor"}
var trReaders = []string{"admin", "officer_prov", "officer_lamsel", "officer_metro", "viewer", "mentor", "trainer"}
var trManagers = []string{"admin", "officer_prov"}
var trCreators = []string{"admin", "officer_prov", "officer_lamsel", "officer_metro"}
var trRunners = []string{"admin", "officer_prov", "trainer"}
var ownerOnly = []string{"admin", "owner"}
var mWriteLamsel = []string{"admin", "officer_prov", "officer_lamsel", "mentor"}
var mWriters = []string{"admin", "officer_prov", "officer_lamsel", "officer_metro", "mentor"}
var mAssignLamsel = []string{"admin", "officer_prov", "officer_lamsel"}
var respondLamsel = []string{"admin", "officer_prov", "owner"}

// An enrolment is read by whom may read its participant: not the Metro office
// (the participant is Lampung Selatan's), but the class's trainer.
var enrolmentReaders = []string{"admin", "officer_prov", "officer_lamsel", "viewer", "mentor", "trainer", "owner"}

var expected = map[string][]string{
	"GET /{$}": everyone, "GET /lang/{lang}": everyone, "GET /static/": everyone, "GET /healthz": everyone, "GET /api/docs": everyone,
	"GET /login": everyone, "POST /login": everyone, "GET /link/{secret}": everyone, "POST /link/{secret}": everyone,
	"POST /logout": signedIn, "GET /account": signedIn, "GET /account/password": signedIn, "POST /account/password": signedIn,
	"POST /account/tokens": signedIn, "POST /account/tokens/{id}/revoke": signedIn, "POST /account/logout-everywhere": signedIn,
	"GET /enterprises": readList, "GET /map": readList, "GET /geo/{code}": readList, "GET /geo/points": readList, "GET /enterprises/new": officers, "POST /enterprises": createLamsel,
	"GET /enterprises/{id}": readLamsel, "GET /enterprises/{id}/edit": writeLamsel, "POST /enterprises/{id}": writeLamsel,
	"GET /enterprises/{id}/delete": createLamsel, "POST /enterprises/{id}/delete": createLamsel,
	"GET /enterprises/export.csv": readList, "GET /enterprises/export.xlsx": readList, "GET /imports": officers, "POST /imports": officers,
	"GET /imports/jobs/{job}": officers, "GET /imports/jobs/{job}/rejected.csv": officers, "POST /imports/jobs/{job}/run": officers,
	"GET /imports/jobs/{job}/columns": officers, "POST /imports/jobs/{job}/columns": officers, "GET /api/v1/import-layouts": officers,
	"POST /imports/{id}/undo": officers, "GET /imports/{id}": officers,
	"GET /imports/template.csv": officers, "GET /imports/template.xlsx": officers,
	"POST /imports/{id}/possible/{pid}/keep": officers, "POST /imports/{id}/possible/{pid}/merge": officers,
	"GET /api/v1/imports/{id}": officers, "POST /api/v1/imports/{id}/possible-duplicates/{pid}": officers,
	"GET /api/v1/enterprises/export": readList, "GET /api/v1/imports": officers, "POST /api/v1/imports": officers,
	"POST /api/v1/imports/{id}/undo": officers,
	"GET /organisations":             orgReaders, "GET /organisations/new": adminOnly, "POST /organisations": adminOnly,
	"GET /organisations/{id}/edit": adminOnly, "POST /organisations/{id}": adminOnly,
	"GET /users": adminOnly, "GET /users/new": adminOnly, "POST /users": adminOnly, "GET /users/{id}/edit": adminOnly,
	"POST /users/{id}": adminOnly, "POST /users/{id}/reset": adminOnly, "GET /audit": adminOnly, "GET /audit/export.csv": adminOnly, "GET /metrics": adminOnly,
	"GET /regions/aliases": adminOnly, "POST /regions/aliases": adminOnly, "GET /regions/aliases/{id}/delete": adminOnly,
	"POST /regions/aliases/{id}/delete": adminOnly, "GET /api/v1/region-aliases": everyone, "POST /api/v1/region-aliases": adminOnly,
	"GET /regions/boundaries": adminOnly, "POST /regions/boundaries": adminOnly, "POST /api/v1/boundaries": adminOnly,
	"DELETE /api/v1/region-aliases/{id}": adminOnly,
	"GET /api/openapi.json":              everyone, "GET /api/v1/regions": everyone, "GET /api/v1/regions/{code}": everyone,
	"GET /api/v1/hs": everyone, "GET /api/v1/hs/{code}": everyone,
	"GET /api/v1/enterprises": readList, "POST /api/v1/enterprises": createLamsel, "GET /api/v1/enterprises/{id}": readLamsel,
	"PATCH /api/v1/enterprises/{id}": writeLamsel, "DELETE /api/v1/enterprises/{id}": createLamsel,
	"GET /api/v1/me": signedIn, "GET /api/v1/me/tokens": signedIn, "POST /api/v1/me/tokens": signedIn, "DELETE /api/v1/me/tokens/{id}": signedIn,
	"GET /api/v1/organisations": orgReaders, "POST /api/v1/organisations": adminOnly, "GET /api/v1/organisations/{id}": orgReaders,
	"PATCH /api/v1/organisations/{id}": adminOnly,
	"GET /api/v1/users":                adminOnly, "POST /api/v1/users": adminOnly, "GET /api/v1/users/{id}": adminOnly, "PATCH /api/v1/users/{id}": adminOnly,
	"POST /api/v1/users/{id}/reset": adminOnly, "GET /api/v1/audit": adminOnly,

	"GET /search": prodReaders, "GET /products": prodReaders, "GET /products/export.csv": prodReaders, "GET /products/export.xlsx": prodReaders, "GET /products/import": prodWriters, "POST /products/import": prodWriters, "GET /products/import/template.csv": prodWriters, "GET /certificates/export.csv": prodReaders, "GET /certificates/export.xlsx": prodReaders, "GET /hs": everyone, "GET /media/{path...}": everyone, "GET /products/new": prodWriters, "POST /products": prodWriters,
	"GET /products/{id}": readProduct, "GET /products/{id}/edit": writeLamsel, "POST /products/{id}": writeLamsel,
	"POST /products/{id}/delete": writeLamsel, "POST /products/{id}/photos": writeLamsel, "POST /products/{id}/photos/{photo}/delete": writeLamsel,
	"POST /products/{id}/submit": writeLamsel, "POST /products/{id}/review": validators, "GET /validation": validators,
	"GET /certificates/expiring": prodReaders, "GET /certificates/new": prodWriters, "POST /certificates": prodWriters,
	"GET /certificates/{id}/edit": writeLamsel, "POST /certificates/{id}": writeLamsel, "POST /certificates/{id}/delete": writeLamsel,
	"GET /certificates/{id}/document": readProduct,
	"GET /api/v1/search":              prodReaders, "GET /api/v1/products": prodReaders, "GET /api/v1/products/export": prodReaders, "POST /api/v1/products/import": prodWriters, "POST /api/v1/products": prodWriters,
	"GET /api/v1/products/{id}": readProduct, "PATCH /api/v1/products/{id}": writeLamsel, "DELETE /api/v1/products/{id}": writeLamsel,
	"POST /api/v1/products/{id}/photos": writeLamsel, "DELETE /api/v1/products/{id}/photos/{photo}": writeLamsel,
	"POST /api/v1/products/{id}/submit": writeLamsel, "POST /api/v1/products/{id}/review": validators,
	"GET /api/v1/products/{id}/validations": readProduct, "GET /api/v1/validation/queue": validators,
	"GET /api/v1/certificates": prodReaders, "GET /api/v1/certificates/export": prodReaders, "POST /api/v1/certificates": prodWriters, "GET /api/v1/certificates/{id}": readProduct,
	"PATCH /api/v1/certificates/{id}": writeLamsel, "DELETE /api/v1/certificates/{id}": writeLamsel,
	"PUT /api/v1/certificates/{id}/document": writeLamsel, "GET /api/v1/certificates/{id}/document": readProduct,

	"GET /readiness": devList, "GET /readiness/export.csv": devList, "GET /readiness/export.xlsx": devList,
	"GET /enterprises/{id}/readiness": devLamsel, "GET /enterprises/{id}/assess": assessLamsel, "POST /enterprises/{id}/assess": assessLamsel,
	"GET /assessments/{id}":         devLamsel,
	"GET /readiness/questionnaires": adminOnly, "POST /readiness/questionnaires": adminOnly, "GET /readiness/questionnaires/{version}": adminOnly,
	"GET /readiness/questionnaires/{version}/json": adminOnly, "POST /readiness/questionnaires/{version}": adminOnly,
	"POST /readiness/questionnaires/{version}/publish": adminOnly, "POST /readiness/questionnaires/{version}/delete": adminOnly,
	"GET /readiness/questionnaires/{version}/questions/{key}": adminOnly, "POST /readiness/questionnaires/{version}/questions/{key}": adminOnly,
	"POST /readiness/questionnaires/{version}/questions/{key}/delete": adminOnly,
	"GET /training": trReaders, "GET /training/programmes/new": trCreators, "POST /training/programmes": trCreators,
	"GET /training/programmes/{id}": trReaders, "GET /training/programmes/{id}/edit": trCreators, "POST /training/programmes/{id}": trManagers,
	"GET /training/programmes/{id}/placement": trCreators, "POST /training/programmes/{id}/placement": trManagers,
	"POST /training/programmes/{id}/confirm": trManagers, "POST /training/programmes/{id}/finish": trManagers,
	"GET /training/programmes/{id}/report": trReaders, "GET /training/programmes/{id}/export.xlsx": trReaders, "GET /training/programmes/{id}/export.csv": trReaders,
	"POST /training/stages/{id}": trManagers, "GET /training/classes/{id}": trReaders, "POST /training/classes/{id}": trManagers,
	"GET /training/classes/{id}/roster": trReaders, "GET /training/classes/{id}/attendance-sheet": trReaders,
	"POST /training/classes/{id}/enrolments": trManagers, "POST /training/classes/{id}/sessions": trRunners,
	"GET /training/sessions/{id}": trReaders, "POST /training/sessions/{id}": trRunners, "POST /training/sessions/{id}/delete": trRunners,
	"POST /training/sessions/{id}/attendance": trRunners, "POST /training/enrolments/{id}/move": trManagers,
	"POST /training/enrolments/{id}/remove": trManagers, "POST /training/enrolments/{id}/result": trRunners,
	"POST /training/enrolments/{id}/respond": respondLamsel, "GET /invitations": ownerOnly,
	"GET /mentoring": devList, "GET /mentoring/overdue": devList, "GET /mentoring/export.xlsx": devList, "GET /mentoring/export.csv": devList,
	"GET /enterprises/{id}/mentoring": devLamsel, "GET /enterprises/{id}/timeline": devLamsel,
	"POST /enterprises/{id}/mentors": mAssignLamsel, "POST /enterprises/{id}/mentors/{user}/end": mAssignLamsel,
	"POST /enterprises/{id}/activities": mWriteLamsel, "GET /mentoring/activities/{id}": mWriteLamsel, "POST /mentoring/activities/{id}": mWriteLamsel,
	"POST /enterprises/{id}/cases": mWriteLamsel, "GET /mentoring/cases/{id}": devLamsel, "POST /mentoring/cases/{id}": mWriteLamsel,

	"GET /api/v1/questionnaires": adminOnly, "POST /api/v1/questionnaires": adminOnly, "GET /api/v1/questionnaires/{version}": devList,
	"PUT /api/v1/questionnaires/{version}": adminOnly, "DELETE /api/v1/questionnaires/{version}": adminOnly,
	"POST /api/v1/questionnaires/{version}/publish": adminOnly,
	"GET /api/v1/enterprises/{id}/assessment-form":  assessLamsel, "GET /api/v1/enterprises/{id}/assessments": devLamsel,
	"POST /api/v1/enterprises/{id}/assessments": assessLamsel, "GET /api/v1/assessments/{id}": devLamsel,
	"GET /api/v1/readiness": devList, "GET /api/v1/readiness/export": devList,
	"GET /api/v1/programmes": trReaders, "POST /api/v1/programmes": trCreators, "GET /api/v1/programmes/{id}": trReaders,
	"PATCH /api/v1/programmes/{id}": trManagers, "GET /api/v1/programmes/{id}/enrolments": trReaders,
	"POST /api/v1/programmes/{id}/placement": trManagers, "POST /api/v1/programmes/{id}/confirm": trManagers,
	"POST /api/v1/programmes/{id}/finish": trManagers, "GET /api/v1/programmes/{id}/report": trReaders, "GET /api/v1/programmes/{id}/export": trReaders,
	"PATCH /api/v1/stages/{id}": trManagers, "GET /api/v1/classes/{id}": trReaders, "PATCH /api/v1/classes/{id}": trManagers,
	"GET /api/v1/classes/{id}/enrolments": trReaders, "POST /api/v1/classes/{id}/enrolments": trManagers,
	"GET /api/v1/classes/{id}/sessions": trReaders, "POST /api/v1/classes/{id}/sessions": trRunners,
	"GET /api/v1/sessions/{id}": trReaders, "PATCH /api/v1/sessions/{id}": trRunners, "DELETE /api/v1/sessions/{id}": trRunners,
	"GET /api/v1/sessions/{id}/attendance": trReaders, "PUT /api/v1/sessions/{id}/attendance": trRunners,
	"GET /api/v1/enrolments/{id}": enrolmentReaders, "PATCH /api/v1/enrolments/{id}": trRunners, "DELETE /api/v1/enrolments/{id}": trManagers,
	"POST /api/v1/enrolments/{id}/respond": respondLamsel, "GET /api/v1/enterprises/{id}/enrolments": devLamsel, "GET /api/v1/me/invitations": ownerOnly,
	"GET /api/v1/enterprises/{id}/mentors": devLamsel, "POST /api/v1/enterprises/{id}/mentors": mAssignLamsel,
	"DELETE /api/v1/enterprises/{id}/mentors/{user}": mAssignLamsel, "GET /api/v1/me/mentees": mWriters,
	"GET /api/v1/enterprises/{id}/activities": devLamsel, "POST /api/v1/enterprises/{id}/activities": mWriteLamsel,
	"GET /api/v1/activities/{id}": devLamsel, "PATCH /api/v1/activities/{id}": mWriteLamsel,
	"GET /api/v1/enterprises/{id}/cases": devLamsel, "POST /api/v1/enterprises/{id}/cases": mWriteLamsel,
	"GET /api/v1/cases": devList, "GET /api/v1/cases/{id}": devLamsel, "PATCH /api/v1/cases/{id}": mWriteLamsel,
	"GET /api/v1/mentoring/overdue": devList, "GET /api/v1/mentoring/export": devList, "GET /api/v1/enterprises/{id}/timeline": devLamsel,

	// Destination markets: everyone signed in reads them (a ranking for one
	// of the registry's products stays within the product's readers); admins
	// keep the catalogue, the weights and the trade data; officers load the
	// export statistics.
	"GET /markets": signedIn, "GET /markets/go": signedIn, "GET /markets/products/{hs}": signedIn, "GET /markets/countries/{iso3}": signedIn,
	"GET /markets/gap/{iso3}": signedIn, "GET /markets/requirements": signedIn, "GET /markets/requirements.json": signedIn,
	"POST /markets/requirements/import": adminOnly, "GET /markets/requirements/{id}": adminOnly, "POST /markets/requirements/{id}": adminOnly,
	"POST /markets/requirements/{id}/delete": adminOnly, "GET /markets/data": signedIn, "POST /markets/data": adminOnly,
	"POST /markets/weights": adminOnly, "GET /markets/statistics": signedIn, "POST /markets/statistics": officers,
	"POST /markets/statistics/{id}/delete": officers,
	"GET /api/v1/markets/products/{hs}":    signedIn, "GET /api/v1/markets/countries/{iso3}": signedIn, "GET /api/v1/markets/gap/{iso3}": signedIn,
	"GET /api/v1/markets/restrictions": signedIn, "GET /api/v1/markets/requirements": signedIn, "POST /api/v1/markets/requirements": adminOnly,
	"POST /api/v1/markets/requirements/import": adminOnly, "GET /api/v1/markets/requirements/{id}": signedIn,
	"PUT /api/v1/markets/requirements/{id}": adminOnly, "DELETE /api/v1/markets/requirements/{id}": adminOnly,
	"GET /api/v1/markets/trade/loads": signedIn, "POST /api/v1/markets/trade": adminOnly, "GET /api/v1/markets/weights": signedIn,
	"PUT /api/v1/markets/weights": adminOnly, "GET /api/v1/markets/statistics": signedIn, "POST /api/v1/markets/statistics": officers,
	"GET /api/v1/markets/statistics/{id}": signedIn, "DELETE /api/v1/markets/statistics/{id}": officers,

	// Realised export records follow the enterprise scope; owners record
	// their own; viewers and mentors read; validators and buyers see none.
	"GET /exports": readList, "GET /exports/export.csv": readList, "GET /exports/export.xlsx": readList,
	"GET /exports/compare": readList, "GET /exports/compare.csv": readList, "GET /exports/compare.xlsx": readList,
	"GET /api/v1/exports/compare": readList,
	"GET /exports/import":         prodWriters, "POST /exports/import": prodWriters, "GET /exports/new": prodWriters, "POST /exports": prodWriters,
	"GET /exports/{id}": readLamsel, "GET /exports/{id}/edit": writeLamsel, "POST /exports/{id}": writeLamsel,
	"GET /exports/{id}/delete": writeLamsel, "POST /exports/{id}/delete": writeLamsel, "GET /exports/{id}/scans/{doc}": readLamsel,
	"GET /reports/monthly": reportReaders, "GET /reports/monthly.pdf": reportReaders, "GET /reports/monthly.xlsx": reportReaders,
	"GET /api/v1/reports/monthly": reportReaders,
	"GET /funnel":                 readList, "GET /funnel/targets": readList, "POST /funnel/targets": adminOnly,
	"GET /api/v1/funnel": readList, "GET /api/v1/targets": readList, "GET /api/v1/targets/history": readList, "POST /api/v1/targets": adminOnly,
	"GET /api/v1/exports": readList, "POST /api/v1/exports": prodWriters, "GET /api/v1/exports/export": readList,
	"POST /api/v1/exports/import": prodWriters, "GET /api/v1/exports/{id}": readLamsel, "PATCH /api/v1/exports/{id}": writeLamsel,
	"DELETE /api/v1/exports/{id}": writeLamsel, "PUT /api/v1/exports/{id}/scans/{doc}": writeLamsel,
	"GET /api/v1/exports/{id}/scans/{doc}": readLamsel,

	// The pages that ask before an irreversible action: whoever may do it.
	"GET /account/tokens/{id}/revoke": signedIn, "GET /imports/{id}/undo/confirm": officers,
	"GET /imports/{id}/possible/{pid}/merge": officers,
	"GET /products/{id}/delete":              writeLamsel, "GET /products/{id}/photos/{photo}/delete": writeLamsel,
	"GET /certificates/{id}/delete": writeLamsel, "GET /readiness/questionnaires/{version}/publish": adminOnly,
	"GET /readiness/questionnaires/{version}/delete": adminOnly, "GET /readiness/questionnaires/{version}/questions/{key}/delete": adminOnly,
	"GET /training/programmes/{id}/finish": trManagers, "GET /training/sessions/{id}/delete": trRunners,
	"GET /training/enrolments/{id}/remove": trManagers, "GET /enterprises/{id}/mentors/{user}/end": mAssignLamsel,
	"GET /markets/requirements/{id}/delete": adminOnly, "GET /markets/statistics/{id}/delete": officers,
}

func TestAuthorizationMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		for _, rt := range w.s.Routes() {
			allowedRoles, ok := expected[rt.Pattern]
			if !ok {
				t.Errorf("route %s has no row in the authorization matrix: decide who may use it", rt.Pattern)
				continue
			}
			allowed := map[string]bool{}
			for _, r := range allowedRoles {
				allowed[r] = true
			}
			for _, role := range roleKeys {
				if strings.Contains(rt.Pattern, "logout") && role != "anon" {
					// Signing out ends the session: use a throwaway one.
					saved := w.cookies[role]
					w.cookies[role] = signIn(t, w.s, w.users[role].Email)
					defer func(role, c string) { w.cookies[role] = c }(role, saved)
				}
				method, target, body, ctype := w.request(t, rt.Pattern, role)
				rec := w.do(t, role, method, target, body, ctype)
				if allowed[role] && !works(rec, rt.Pattern) {
					t.Errorf("%s as %s: status %d %s, want a working answer %s", rt.Pattern, role, rec.Code, rec.Header().Get("Location"), firstLine(rec.Body.String()))
				} else if !allowed[role] && !denied(rec) {
					t.Errorf("%s as %s: status %d %s, want a refusal %s", rt.Pattern, role, rec.Code, rec.Header().Get("Location"), firstLine(rec.Body.String()))
				}
				if strings.Contains(rt.Pattern, "logout") && role != "anon" {
					w.cookies[role] = signIn(t, w.s, w.users[role].Email)
				}
			}
		}
	})
}

// phoneForms is how a phone could show on a page or in
// JSON: as stored, written with a leading 0, or its last eight digits
// bare or split 4-4. Looking for a short piece such as "0812" instead
// fails at random: a timestamp's microseconds can hold it.
func phoneForms(phone string) []string {
	stored, err := siapekspor.NormalizePhone(phone)
	if err != nil {
		panic(err)
	}
	d := strings.TrimPrefix(stored, "+62")
	tail := d[len(d)-8:]
	return []string{stored, "0" + d, tail, tail[:4] + "-" + tail[4:]}
}

func containsAny(s string, pieces []string) bool {
	for _, p := range pieces {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	if len(s) > 200 {
		s = s[:200]
	}
	return strings.ReplaceAll(s, "\n", " ")
}

func TestOfficerSeesOnlyItsRegionAndBinaan(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	// A Metro enterprise coached by the Lampung Selatan office is the office's binaan.
	binaan := newEnterprise(t, db, "Binaan Lamsel di Metro", "18.72")
	office := w.users["officer_lamsel"].OrgID
	binaan.BinaanOrgID = &office
	if err := db.UpdateEnterprise(sysCtx, binaan); err != nil {
		t.Fatal(err)
	}
	var page siapekspor.EnterprisePage
	rec := w.do(t, "officer_lamsel", "GET", "/api/v1/enterprises", "", "")
	json.Unmarshal(rec.Body.Bytes(), &page)
	names := map[string]bool{}
	for _, e := range page.Items {
		names[e.Name] = true
	}
	if !names["Kopi Lamsel"] || !names["Binaan Lamsel di Metro"] || names["Tapis Metro"] || page.Total != 2 {
		t.Errorf("Lampung Selatan officer sees %v (total %d)", names, page.Total)
	}
	// Moving an enterprise out of its region is refused.
	rec = w.do(t, "officer_lamsel", "PATCH", fmt.Sprintf("/api/v1/enterprises/%d", w.lamsel.ID), `{"regency_code":"18.72","district_code":"","village_code":"","province_code":"18","version":1}`, "application/json")
	if rec.Code != http.StatusForbidden {
		t.Errorf("moving out of scope: %d %s", rec.Code, rec.Body.String())
	}
}

func TestPersonalDataMasked(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	get := func(role string) siapekspor.Enterprise {
		var e siapekspor.Enterprise
		rec := w.do(t, role, "GET", fmt.Sprintf("/api/v1/enterprises/%d", w.lamsel.ID), "", "")
		json.Unmarshal(rec.Body.Bytes(), &e)
		return e
	}
	for _, role := range []string{"admin", "officer_lamsel", "owner"} {
		if e := get(role); e.OwnerNIK != "1801041203800002" || e.Address != "Jl. Raya 1" {
			t.Errorf("%s should see personal data: %q %q", role, e.OwnerNIK, e.Address)
		}
	}
	e := get("viewer")
	if strings.Contains(e.OwnerNIK, "18010412") || e.Address != siapekspor.Masked || !strings.HasSuffix(e.Phone, "890") || strings.Contains(e.Phone, "3456") {
		t.Errorf("viewer sees %q %q %q", e.OwnerNIK, e.Address, e.Phone)
	}
	rec := w.do(t, "viewer", "GET", "/api/v1/enterprises?regency=18.01", "", "")
	if strings.Contains(rec.Body.String(), "1801041203800002") || strings.Contains(rec.Body.String(), "Jl. Raya 1") {
		t.Error("the list shows a viewer personal data")
	}
	page := w.do(t, "viewer", "GET", fmt.Sprintf("/enterprises/%d", w.lamsel.ID), "", "")
	if strings.Contains(page.Body.String(), "1801041203800002") {
		t.Error("the detail page shows a viewer the NIK")
	}
	// The audit log keeps the change but masks the personal values, for admins too.
	audit := w.do(t, "admin", "GET", "/api/v1/audit?entity=enterprise", "", "")
	if strings.Contains(audit.Body.String(), "1801041203800002") || !strings.Contains(audit.Body.String(), "create") {
		t.Errorf("audit log: %s", firstLine(audit.Body.String()))
	}
	csv := w.do(t, "admin", "GET", "/audit/export.csv?entity=enterprise", "", "")
	if csv.Code != 200 || strings.Contains(csv.Body.String(), "1801041203800002") || !strings.Contains(csv.Body.String(), "Kopi Lamsel") {
		t.Errorf("audit export: %d %s", csv.Code, firstLine(csv.Body.String()))
	}
}

func TestCSRFRejectsCrossSiteForms(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	form := url.Values{"name": {"Dari situs lain"}, "kind": {"umkm"}, "legal_form": {"ud"}, "province_code": {"18"}, "regency_code": {"18.01"}, "export_status": {"never"}}.Encode()
	req := httptest.NewRequest("POST", "/enterprises", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", w.cookies["admin"])
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	rec := httptest.NewRecorder()
	w.s.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Fatalf("cross-site post: %d", rec.Code)
	}
	req = httptest.NewRequest("POST", "/enterprises", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", w.cookies["admin"])
	req.Header.Set("Origin", "https://evil.example")
	req.Host = "siapekspor.example"
	rec = httptest.NewRecorder()
	w.s.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Fatalf("foreign origin: %d", rec.Code)
	}
	page, _ := db.ListEnterprises(sysCtx, siapekspor.EnterpriseFilter{Query: "situs lain"})
	if page.Total != 0 {
		t.Error("a cross-site form stored an enterprise")
	}
	// The same form from the site itself passes.
	req = httptest.NewRequest("POST", "/enterprises", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", w.cookies["admin"])
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	rec = httptest.NewRecorder()
	w.s.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		t.Errorf("same-origin post: %d", rec.Code)
	}
}

func TestSessionRotatesAtLoginAndEnds(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	// A session id planted before login is not the one after it.
	planted := auth.SessionCookie + "=planted-by-attacker"
	form := url.Values{"email": {"viewer@example.id"}, "password": {testPassword}}.Encode()
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", planted)
	rec := httptest.NewRecorder()
	w.s.ServeHTTP(rec, req)
	var fresh string
	for _, c := range rec.Result().Cookies() {
		if c.Name == auth.SessionCookie && c.Value != "" { // the planted one is deleted first
			fresh = c.Value
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
				t.Errorf("cookie flags: %+v", c)
			}
		}
	}
	if fresh == "" || fresh == "planted-by-attacker" {
		t.Fatalf("session after login %q", fresh)
	}
	if rec := w.do(t, "anon", "GET", "/api/v1/me", "", ""); rec.Code != 401 {
		t.Errorf("anonymous /me: %d", rec.Code)
	}
	// Two logins are two sessions; logout ends one, "everywhere" ends all.
	first, second := signIn(t, w.s, "viewer@example.id"), signIn(t, w.s, "viewer@example.id")
	if first == second {
		t.Fatal("two logins share a session id")
	}
	w.cookies["v1"], w.cookies["v2"] = first, second
	w.do(t, "v1", "POST", "/logout", "", "application/x-www-form-urlencoded")
	if rec := w.do(t, "v1", "GET", "/api/v1/me", "", ""); rec.Code != 401 {
		t.Errorf("after logout: %d", rec.Code)
	}
	if rec := w.do(t, "v2", "GET", "/api/v1/me", "", ""); rec.Code != 200 {
		t.Errorf("other session after logout: %d", rec.Code)
	}
	w.do(t, "v2", "POST", "/account/logout-everywhere", "", "application/x-www-form-urlencoded")
	if rec := w.do(t, "v2", "GET", "/api/v1/me", "", ""); rec.Code != 401 {
		t.Errorf("after logout everywhere: %d", rec.Code)
	}
	// Forged and expired cookies: 401 without detail.
	w.cookies["forged"] = auth.SessionCookie + "=forged"
	if rec := w.do(t, "forged", "GET", "/api/v1/me", "", ""); rec.Code != 401 || strings.Contains(rec.Body.String(), "forged") {
		t.Errorf("forged cookie: %d %s", rec.Code, rec.Body.String())
	}
}

func TestIdleAndAbsoluteTimeouts(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	now := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	s, err := server.New(db, server.Config{Log: quietLog(), Auth: auth.Config{IdleTimeout: time.Hour, AbsoluteTimeout: 3 * time.Hour, Now: func() time.Time { return now }}})
	if err != nil {
		t.Fatal(err)
	}
	u := makeUser(t, db, "clock@example.id", siapekspor.RoleViewer, "", 0)
	cookie := signIn(t, s, "clock@example.id")
	token, _, err := s.Auth().CreateToken(sysCtx, u.ID, "short", "read", 2*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	withToken := func() int {
		req := httptest.NewRequest("GET", "/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec.Code
	}
	if code := withToken(); code != 200 {
		t.Fatalf("fresh token: %d", code)
	}
	me := func() int {
		req := httptest.NewRequest("GET", "/api/v1/me", nil)
		req.Header.Set("Cookie", cookie)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec.Code
	}
	for i := 0; i < 5; i++ { // active every 50 minutes: idle never reached
		now = now.Add(50 * time.Minute)
		if code := me(); i < 3 && code != 200 {
			t.Fatalf("after %d × 50 min: %d", i+1, code)
		} else if i >= 3 && code != 401 {
			t.Fatalf("past the absolute timeout: %d", code)
		}
	}
	if code := withToken(); code != 401 {
		t.Errorf("expired token: %d", code)
	}
	cookie = signIn(t, s, "clock@example.id")
	now = now.Add(61 * time.Minute)
	if code := me(); code != 401 {
		t.Errorf("past the idle timeout: %d", code)
	}
}

// A new password typed differently the second time changes nothing: the
// form says so and the old password still signs in.
func TestPasswordMismatchChangesNothing(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	form := url.Values{"current_password": {testPassword}, "password": {"lada hitam dari lampung"}, "password_again": {"lada hitam dari liwa"}}.Encode()
	if rec := w.do(t, "viewer", "POST", "/account/password", form, "application/x-www-form-urlencoded"); rec.Code != 422 || !strings.Contains(rec.Body.String(), `href="#f-password_again"`) {
		t.Errorf("mismatch: %d %s", rec.Code, firstLine(rec.Body.String()))
	}
	if _, _, err := w.s.Auth().Login(sysCtx, "viewer@example.id", testPassword, "", ""); err != nil {
		t.Errorf("the old password after a refused change: %v", err)
	}
}

// Someone who acts for no enterprise has no invitations (not a 404).
func TestInvitationsOfNoEnterprise(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	if rec := w.do(t, "admin", "GET", "/api/v1/me/invitations", "", ""); rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != `{"items":[]}` {
		t.Errorf("admin's invitations: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, "owner", "GET", "/api/v1/me/invitations", "", ""); rec.Code != 200 || !strings.Contains(rec.Body.String(), fmt.Sprintf(`"id":%d`, w.enrolment.ID)) {
		t.Errorf("the owner's invitations: %d %s", rec.Code, firstLine(rec.Body.String()))
	}
}

func TestLoginLockout(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	try := func(email, pw string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"email": {email}, "password": {pw}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		w.s.ServeHTTP(rec, req)
		return rec
	}
	unknown, wrong := try("nobody@example.id", "whatever"), try("viewer@example.id", "wrong password")
	if unknown.Code != 401 || wrong.Code != 401 || !strings.Contains(unknown.Body.String(), "E-mail atau kata sandi salah") ||
		!strings.Contains(wrong.Body.String(), "E-mail atau kata sandi salah") {
		t.Errorf("unknown e-mail and wrong password must read the same")
	}
	for i := 0; i < 4; i++ {
		try("viewer@example.id", "wrong password")
	}
	locked := try("viewer@example.id", testPassword)
	if locked.Code != 401 || !strings.Contains(locked.Body.String(), "Terlalu banyak percobaan") {
		t.Errorf("the right password during a lockout: %d", locked.Code)
	}
	entries, _, _ := db.ListAudit(sysCtx, store.AuditFilter{Action: "login_failed"})
	if len(entries) < 5 {
		t.Errorf("%d failed logins in the audit log", len(entries))
	}
}

func TestAPITokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		rec := w.do(t, "officer_lamsel", "POST", "/api/v1/me/tokens", `{"name":"sistem dinas","scope":"read","expires_days":30}`, "application/json")
		var created struct {
			Token   string `json:"token"`
			Details struct{ ID int64 }
		}
		json.Unmarshal(rec.Body.Bytes(), &created)
		if rec.Code != 201 || !strings.HasPrefix(created.Token, "sek_") {
			t.Fatalf("create token: %d %s", rec.Code, rec.Body.String())
		}
		bearer := func(tok, method, target, body string) *httptest.ResponseRecorder {
			req := httptest.NewRequest(method, target, strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			w.s.ServeHTTP(rec, req)
			return rec
		}
		if rec := bearer(created.Token, "GET", "/api/v1/enterprises", ""); rec.Code != 200 || !strings.Contains(rec.Body.String(), "Kopi Lamsel") || strings.Contains(rec.Body.String(), "Tapis Metro") {
			t.Errorf("read with token: %d", rec.Code)
		}
		if rec := bearer(created.Token, "POST", "/api/v1/enterprises", `{"name":"x","regency_code":"18.01"}`); rec.Code != 403 {
			t.Errorf("write with a read token: %d", rec.Code)
		}
		for _, forged := range []string{"sek_forged", "garbage", created.Token + "x"} {
			if rec := bearer(forged, "GET", "/api/v1/enterprises", ""); rec.Code != 401 || strings.Contains(rec.Body.String(), "forged") {
				t.Errorf("forged token %q: %d", forged, rec.Code)
			}
		}
		// Listed by prefix only; the secret is never shown again.
		if rec := w.do(t, "officer_lamsel", "GET", "/api/v1/me/tokens", "", ""); strings.Contains(rec.Body.String(), created.Token) {
			t.Error("the token list shows the secret")
		}
		if rec := w.do(t, "officer_lamsel", "DELETE", fmt.Sprintf("/api/v1/me/tokens/%d", created.Details.ID), "", ""); rec.Code != 204 {
			t.Errorf("revoke: %d", rec.Code)
		}
		if rec := bearer(created.Token, "GET", "/api/v1/enterprises", ""); rec.Code != 401 {
			t.Errorf("revoked token: %d", rec.Code)
		}
		// Someone else's token cannot be revoked.
		rec = w.do(t, "viewer", "POST", "/api/v1/me/tokens", `{"name":"v","scope":"read-write"}`, "application/json")
		json.Unmarshal(rec.Body.Bytes(), &created)
		if rec := w.do(t, "officer_lamsel", "DELETE", fmt.Sprintf("/api/v1/me/tokens/%d", created.Details.ID), "", ""); rec.Code != 404 {
			t.Errorf("revoking another user's token: %d", rec.Code)
		}
	})
}

func TestInviteAndOneTimePassword(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	w := newWorld(t, db)
	rec := w.do(t, "admin", "POST", "/api/v1/users", fmt.Sprintf(`{"email":"baru@example.id","role":"officer","org_id":%d}`, w.users["officer_metro"].OrgID), "application/json")
	var inv struct {
		InvitePath string `json:"invite_path"`
	}
	json.Unmarshal(rec.Body.Bytes(), &inv)
	if rec.Code != 201 || !strings.HasPrefix(inv.InvitePath, "/link/") {
		t.Fatalf("invite: %d %s", rec.Code, rec.Body.String())
	}
	if rec := w.do(t, "anon", "POST", inv.InvitePath, url.Values{"password": {"password123"}, "password_again": {"password123"}}.Encode(), "application/x-www-form-urlencoded"); rec.Code != 422 || !strings.Contains(rec.Body.String(), "terlalu umum") {
		t.Errorf("a common password through the link: %d", rec.Code)
	}
	good := "lada hitam dari lampung"
	if rec := w.do(t, "anon", "POST", inv.InvitePath, url.Values{"password": {good}, "password_again": {good}}.Encode(), "application/x-www-form-urlencoded"); rec.Code != 303 {
		t.Fatalf("set password: %d %s", rec.Code, firstLine(rec.Body.String()))
	}
	if rec := w.do(t, "anon", "GET", inv.InvitePath, "", ""); rec.Code != 404 {
		t.Errorf("a used link still opens: %d", rec.Code)
	}
	// Disabling ends the sessions.
	w.cookies["baru"] = func() string {
		req := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"email": {"baru@example.id"}, "password": {good}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		w.s.ServeHTTP(rec, req)
		return rec.Result().Cookies()[0].Name + "=" + rec.Result().Cookies()[0].Value
	}()
	u, _ := db.UserByEmail(sysCtx, "baru@example.id")
	if rec := w.do(t, "admin", "PATCH", fmt.Sprintf("/api/v1/users/%d", u.ID), `{"disabled":true}`, "application/json"); rec.Code != 200 {
		t.Fatalf("disable: %d", rec.Code)
	}
	if rec := w.do(t, "baru", "GET", "/api/v1/me", "", ""); rec.Code != 401 {
		t.Errorf("a disabled user's session: %d", rec.Code)
	}
	entries, _, _ := db.ListAudit(sysCtx, store.AuditFilter{Action: "permission_change"})
	if len(entries) == 0 {
		t.Error("disabling a user is not in the audit log as a permission change")
	}
	// A one-time password must be changed before anything else.
	svc := auth.New(db, auth.Config{})
	if _, err := svc.CreateUser(sysCtx, &siapekspor.User{Email: "otp@example.id", Role: siapekspor.RoleViewer, OrgID: w.users["viewer"].OrgID}, "satu kali pakai saja"); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"email": {"otp@example.id"}, "password": {"satu kali pakai saja"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec = httptest.NewRecorder()
	w.s.ServeHTTP(rec, req)
	if rec.Header().Get("Location") != "/account/password" {
		t.Errorf("after a one-time password login: %q", rec.Header().Get("Location"))
	}
	w.cookies["otp"] = auth.SessionCookie + "=" + rec.Result().Cookies()[0].Value
	if rec := w.do(t, "otp", "GET", "/enterprises", "", ""); rec.Header().Get("Location") != "/account/password?next=%2Fenterprises" {
		t.Errorf("other pages before the change: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	// Its form offers no menu, search or account link (each would lead back
	// to it), only signing out; after the change the menu is back.
	form := w.do(t, "otp", "GET", "/account/password", "", "").Body.String()
	for _, bad := range []string{`class="nav"`, `href="/enterprises"`, `action="/search"`, `href="/account"`} {
		if strings.Contains(form, bad) {
			t.Errorf("the one-time password's form shows %s", bad)
		}
	}
	if !strings.Contains(form, `action="/logout"`) || !strings.Contains(form, "otp@example.id") {
		t.Error("the one-time password's form lost the sign-out or the user's name")
	}
	if rec := w.do(t, "viewer", "GET", "/account/password", "", ""); !strings.Contains(rec.Body.String(), `class="nav"`) {
		t.Error("a user changing a password of their own choice lost the menu")
	}
}

func quietLog() *slogLogger { return discardLogger }

var _ = io.Discard
