package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
)

// demoProvince is the province the demo is built on when none is configured:
// Lampung, whose figures the system was designed from.
const demoProvince = "18"

// loadDemo fills an empty registry with the synthetic demo province and
// returns the province the server should show. A registry that already has
// enterprises is left alone.
func loadDemo(ctx context.Context, db *store.DB, log *slog.Logger, province string) (string, error) {
	if province == "" {
		province = demoProvince
		if err := db.SetSetting(ctx, provinceSetting, province); err != nil {
			return "", err
		}
	}
	page, err := db.ListEnterprises(ctx, siapekspor.EnterpriseFilter{Limit: 1})
	if err != nil {
		return "", err
	}
	if page.Total > 0 {
		log.Info("demo: the registry already has enterprises; leaving it as it is", "enterprises", page.Total)
		return province, nil
	}
	log.Info("demo: filling the registry with a synthetic province (three to five minutes for the full size)", "province", province, "enterprises", demo.LampungUMKM)
	start := time.Now()
	sum, err := demo.Province(ctx, db, demo.Options{Province: province, Enterprises: demo.LampungUMKM, Products: -1,
		Assessed: demoAssessedShare, Seed: 1, Progress: progressLog(log, "demo")})
	if err != nil {
		return "", err
	}
	if err := db.SetSetting(ctx, demoSetting, "1"); err != nil {
		return "", err
	}
	logDemo(log, sum, time.Since(start))
	return province, nil
}

// logDemo logs what a demo province holds.
func logDemo(log *slog.Logger, sum *demo.Summary, took time.Duration) {
	if d := sum.Development; d != nil {
		log.Info("demo export development loaded (synthetic data)", "assessments", d.Assessments+d.Reassessed, "programmes", d.Programmes,
			"participants", d.Participants, "activities", d.Activities, "cases", d.Cases, "certificates", d.Certificates,
			"submitted", d.Submitted, "approved", d.Approved, "rejected", d.Rejected, "export records", d.Exports)
	}
	if sum.Statistics != nil {
		log.Info("demo export statistics loaded (synthetic data)", "table", sum.Statistics.FileName, "rows", sum.Statistics.Rows)
	}
	if b := sum.Buyers; b != nil {
		log.Info("demo buyers (synthetic)", "organisations", b.Organisations, "buyer logins", b.Users, "requests", b.Requests)
	}
	if e := sum.Events; e != nil && (e.PastID != 0 || e.UpcomingID != 0) {
		log.Info("demo business-matching events (synthetic)", "past event", e.PastID, "upcoming event", e.UpcomingID,
			"participants", e.Participants, "requests", e.Requests, "meetings", e.Meetings, "held", e.Held, "no-shows", e.NoShows,
			"matches moved", e.Moved)
	}
	if c := sum.Catalogue; c != nil {
		log.Info("demo public catalogue (synthetic)", "enterprises listed", c.Consents, "recorded by an officer", c.ByOfficer,
			"products listed", c.Listed, "inquiries", c.Inquiries)
	}
	log.Info("demo province loaded (synthetic data)", "enterprises", sum.Enterprises, "products", sum.Products, "duration", took.Round(time.Millisecond))
}

const provinceSetting = "province"

// demoAssessedShare is the share of demo enterprises with an assessment
// (and so in the training and mentoring story): a tenth, about 15,600 of
// the province's 156,150.
const demoAssessedShare = 0.1

// demoSetting marks a database holding the synthetic demo province, so every
// page can say so.
const demoSetting = "demo"

// resolveProvince checks a --province flag and remembers it; without the
// flag it uses the remembered one ("" for all of Indonesia).
func resolveProvince(ctx context.Context, db *store.DB, flagValue string) (string, error) {
	if flagValue == "" {
		return db.Setting(ctx, provinceSetting)
	}
	r, ok := refdata.DefaultRegionIndex().ByCode(flagValue)
	if !ok || r.Level != 1 {
		return "", fmt.Errorf("--province %q is not a province code (e.g. 18 for Lampung)", flagValue)
	}
	return r.Code, db.SetSetting(ctx, provinceSetting, r.Code)
}
