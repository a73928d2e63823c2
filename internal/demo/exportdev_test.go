package demo_test

import (
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/readiness"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// TestProvinceIsCoherent fills a demo province on both engines, on a day
// in early January (where "last year" and "this year" meet) and in the
// middle of a year, and checks that its story holds together.
func TestProvinceIsCoherent(t *testing.T) {
	days := map[string]time.Time{"january": time.Date(2027, 1, 8, 10, 0, 0, 0, time.UTC), "july": time.Date(2026, 7, 20, 15, 30, 0, 0, time.UTC)}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for name, today := range days {
			if name == "july" && db.Engine() == "postgres" {
				continue // one day is enough to check the engine
			}
			t.Run(name, func(t *testing.T) {
				db := db
				if name == "july" {
					db = storetest.Open(t, db.Engine())
				}
				db.Now = func() time.Time { return today }
				before, _, _ := db.ListAudit(sysCtx, store.AuditFilter{Limit: 1})
				sum, err := demo.Province(sysCtx, db, demo.Options{Province: "18", Enterprises: 3000, Products: -1, Assessed: 0.2, Seed: 2})
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("development: %+v", *sum.Development)
				checkProvince(t, db, today, sum)
				checkExports(t, db, today, sum)
				checkEvents(t, db, today, sum)
				checkCatalogue(t, db, today, sum)
				checkHistory(t, db, today, before[0].ID)
			})
		}
	})
}

func checkProvince(t *testing.T, db *store.DB, today time.Time, sum *demo.Summary) {
	t.Helper()
	dev := sum.Development
	if sum.Enterprises != 3000 || sum.Products != 3000 || dev == nil || dev.Activities == 0 || dev.Cases == 0 || dev.Sessions != 48 {
		t.Fatalf("summary %+v, development %+v", sum, dev)
	}

	// Assessments: mostly pemula; every answer the registry gives is the
	// registry's; a firm that never exported has no experience answer at
	// the top and an experience score below 100; nothing after today.
	page, err := db.ListReadiness(sysCtx, store.ReadinessFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total < 400 || page.ByLevel[siapekspor.LevelBeginner] < page.ByLevel[siapekspor.LevelAdvanced] {
		t.Errorf("assessed: %d, by class %v", page.Total, page.ByLevel)
	}
	v, _ := db.CurrentQuestionnaire(sysCtx)
	checked := 0
	for _, row := range page.Items {
		e, err := db.Enterprise(sysCtx, row.EnterpriseID)
		if err != nil {
			t.Fatal(err)
		}
		list, err := db.EnterpriseAssessments(sysCtx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range list {
			checked++
			if a.CreatedAt.After(today) {
				t.Errorf("assessment %d dated %s, after today", a.ID, a.CreatedAt)
			}
			for q, p := range a.Prefilled {
				if a.Answers[q] != p.Option {
					t.Errorf("enterprise %d answered %s=%s, the registry says %s", e.ID, q, a.Answers[q], p.Option)
				}
			}
			if e.ExportStatus == siapekspor.ExportFirst || e.ExportStatus == siapekspor.ExportRegular {
				continue
			}
			for _, qu := range v.Body.Questions {
				if qu.Dimension == "experience" && a.Answers[qu.Key] == bestOf(qu) {
					t.Errorf("enterprise %d (%s) answered %s with its best option %s", e.ID, e.ExportStatus, qu.Key, a.Answers[qu.Key])
				}
			}
			for _, d := range a.Result.Dimensions {
				if d.Key == "experience" && d.Score >= 100 {
					t.Errorf("enterprise %d (%s): export experience %v", e.ID, e.ExportStatus, d.Score)
				}
			}
		}
	}
	if checked < 500 {
		t.Errorf("only %d assessments checked", checked)
	}

	// Programmes: last year's finished months ago, this year's in this year.
	progs, _ := db.ListProgrammes(sysCtx)
	if len(progs) != 2 {
		t.Fatalf("programmes: %+v", progs)
	}
	for _, p := range progs {
		stages, _ := db.Stages(sysCtx, p.ID)
		switch p.Year {
		case today.Year() - 1:
			if p.Status != siapekspor.ProgrammeFinished {
				t.Errorf("last year's programme is %s", p.Status)
			}
			for _, s := range stages {
				if s.EndsOn == nil || s.EndsOn.After(today.AddDate(0, -3, 0)) {
					t.Errorf("last year's stage %d ends %v: less than three months before %s", s.Number, s.EndsOn, today.Format(time.DateOnly))
				}
			}
		case today.Year():
			if p.Status != siapekspor.ProgrammeConfirmed {
				t.Errorf("this year's programme is %s", p.Status)
			}
			if s := stages[0]; s.StartsOn == nil || s.StartsOn.Year() != today.Year() || s.StartsOn.After(today.AddDate(0, 0, 14)) {
				t.Errorf("this year's first stage starts %v", s.StartsOn)
			}
		default:
			t.Errorf("programme %q of %d", p.Name, p.Year)
		}
		// Attendance and results only for those who accepted; nobody is
		// left invited once a stage has begun.
		members, _ := db.ProgrammeEnrolments(sysCtx, p.ID)
		status := map[int64]siapekspor.Enrolment{}
		for _, m := range members {
			status[m.ID] = m
			if m.Result != siapekspor.ResultNone && m.Status != siapekspor.EnrolAccepted {
				t.Errorf("enrolment %d (%s) has a result", m.ID, m.Status)
			}
		}
		for _, s := range stages {
			for _, c := range s.Classes {
				att, _ := db.ClassAttendance(sysCtx, c.ID)
				for _, byEnrolment := range att {
					for id := range byEnrolment {
						if status[id].Status != siapekspor.EnrolAccepted {
							t.Errorf("enrolment %d (%s) has attendance", id, status[id].Status)
						}
					}
				}
				if len(att) > 0 {
					for _, m := range members {
						if m.ClassID == c.ID && m.Status == siapekspor.EnrolInvited {
							t.Errorf("enrolment %d still invited in a class under way", m.ID)
						}
					}
				}
			}
		}
		if p.Year == today.Year()-1 {
			rows, _ := db.Report(sysCtx, p.ID)
			up := 0
			for _, r := range rows {
				if r.Move != nil && *r.Move > 0 {
					up++
				}
			}
			if len(rows) == 0 || up == 0 {
				t.Errorf("last year's report: %d rows, %d moved up", len(rows), up)
			}
		}
	}

	// Validation: a queue, approvals, rejections with reasons, by the
	// demo's validator.
	queue, err := db.ValidationQueue(sysCtx, 100)
	if err != nil || len(queue) == 0 {
		t.Errorf("validation queue: %d, %v", len(queue), err)
	}
	for _, status := range []siapekspor.ValidationStatus{siapekspor.ValidationApproved, siapekspor.ValidationRejected} {
		ps, _ := db.ListProducts(sysCtx, store.ProductFilter{Validation: status, Limit: 5})
		if ps.Total == 0 {
			t.Errorf("no %s product", status)
			continue
		}
		history, _ := db.ValidationHistory(sysCtx, ps.Items[0].ID)
		last := history[len(history)-1]
		if last.Status != status || last.Actor != "validator@demo.siapekspor.local" || last.OrgName == "" || last.Review == nil || last.At.After(today) {
			t.Errorf("%s product's last step: %+v", status, last)
		}
		if status == siapekspor.ValidationRejected {
			reasons := 0
			for _, pr := range last.Review.Points {
				if !pr.OK && pr.Reason != "" {
					reasons++
				}
			}
			if reasons == 0 {
				t.Errorf("a rejection without reasons: %+v", last.Review)
			}
		}
	}

	// Certificates: some expiring within the warning window, some expired.
	expiring, _ := db.ListCertificates(sysCtx, store.CertificateFilter{ExpiringDays: siapekspor.DefaultExpiryWarningDays, Today: today})
	if len(expiring) == 0 {
		t.Error("no certificate expiring within the warning window")
	}
	all, _ := db.ListCertificates(sysCtx, store.CertificateFilter{Limit: 10000})
	expired := 0
	for _, c := range all {
		if !c.Counts(today) {
			expired++
		}
		if c.IssuedOn == nil || c.IssuedOn.After(today) || c.CreatedAt.After(today) {
			t.Errorf("certificate %d issued %v, recorded %s", c.ID, c.IssuedOn, c.CreatedAt)
		}
	}
	if expired == 0 || dev.Certificates != len(all) {
		t.Errorf("%d certificates (%d made), %d expired", len(all), dev.Certificates, expired)
	}

	// The market gap: an exporter's valid certificate meets a destination's
	// requirement.
	if !gapMet(t, db, all) {
		t.Error("no product meets any destination requirement")
	}

}

// checkHistory: the demo's audit entries (those after entry since) were
// written in time order, none after today.
func checkHistory(t *testing.T, db *store.DB, today time.Time, since int64) {
	t.Helper()
	entries, _, err := db.ListAudit(sysCtx, store.AuditFilter{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	later := today
	n := 0
	for _, e := range entries { // newest first
		if e.ID <= since {
			break
		}
		n++
		if e.At.After(later) {
			t.Fatalf("audit entry %d (%s %s) at %s, after %s", e.ID, e.Action, e.Entity, e.At, later)
		}
		later = e.At
	}
	if n < 500 {
		t.Errorf("%d audit entries from the demo", n)
	}
}

// gapMet looks for a product whose gap to a destination shows a
// requirement met by a certificate its enterprise holds.
func gapMet(t *testing.T, db *store.DB, certs []siapekspor.Certificate) bool {
	destinations := map[siapekspor.CertificateType]string{siapekspor.CertFDA: "USA", siapekspor.CertHACCP: "NLD",
		siapekspor.CertHealth: "NLD", siapekspor.CertPhytosanitary: "AUS", siapekspor.CertOrigin: "JPN"}
	for _, c := range certs {
		dest, ok := destinations[c.Type]
		if !ok {
			continue
		}
		ps, _ := db.ListProducts(sysCtx, store.ProductFilter{EnterpriseID: c.EnterpriseID})
		for _, p := range ps.Items {
			gap, err := db.Gap(sysCtx, dest, p.HSCode, p.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range gap.Items {
				if it.Status == "met" {
					return true
				}
			}
		}
	}
	return false
}

func bestOf(qu readiness.Question) string {
	best := qu.Options[0]
	for _, o := range qu.Options {
		if o.Points > best.Points {
			best = o
		}
	}
	return best.Key
}

// checkExports: the exporters' records agree with their export status (a
// first exporter's in one calendar year, a regular one's in two or more),
// no one else has any, none is dated after today, all are labelled.
func checkExports(t *testing.T, db *store.DB, today time.Time, sum *demo.Summary) {
	t.Helper()
	years := map[int64]map[int]bool{}
	err := db.EachExportRecord(sysCtx, store.ExportFilter{}, func(x *siapekspor.ExportRecord) error {
		if years[x.EnterpriseID] == nil {
			years[x.EnterpriseID] = map[int]bool{}
		}
		years[x.EnterpriseID][x.ExportDate.Year()] = true
		if x.ExportDate.After(today) || !strings.Contains(x.Notes, "sintetis") || x.ValueIDR == 0 {
			t.Errorf("export record %+v", x)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	exporters := 0
	err = db.EachEnterprise(sysCtx, siapekspor.EnterpriseFilter{}, func(e *siapekspor.Enterprise) error {
		n := len(years[e.ID])
		switch e.ExportStatus {
		case siapekspor.ExportFirst:
			exporters++
			if n != 1 {
				t.Errorf("first exporter %d has records in %d years", e.ID, n)
			}
		case siapekspor.ExportRegular:
			exporters++
			if n < 2 {
				t.Errorf("regular exporter %d has records in %d years", e.ID, n)
			}
		default:
			if n != 0 {
				t.Errorf("enterprise %d (%s) has export records", e.ID, e.ExportStatus)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if exporters == 0 || sum.Development.Exports < exporters {
		t.Errorf("%d exporters, %d export records", exporters, sum.Development.Exports)
	}
}
