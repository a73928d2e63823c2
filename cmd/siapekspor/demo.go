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
	start := time.Now()
	n, err := demo.Fill(ctx, db, province, demo.LampungUMKM, 1)
	if err != nil {
		return "", err
	}
	products, err := demo.FillProducts(ctx, db, n, 1)
	if err != nil {
		return "", err
	}
	dev, err := demo.FillDevelopment(ctx, db, demoAssessedShare, 1)
	if err != nil {
		return "", err
	}
	log.Info("demo export development loaded (synthetic data)", "assessments", dev.Assessments+dev.Reassessed, "programmes", dev.Programmes,
		"participants", dev.Participants, "activities", dev.Activities, "cases", dev.Cases)
	if stats, err := demo.FillStatistics(ctx, db, province); err != nil {
		return "", err
	} else if stats != nil {
		log.Info("demo export statistics loaded (synthetic data)", "table", stats.FileName, "rows", stats.Rows)
	}
	if err := db.SetSetting(ctx, demoSetting, "1"); err != nil {
		return "", err
	}
	log.Info("demo province loaded (synthetic data)", "enterprises", n, "products", products, "duration", time.Since(start).Round(time.Millisecond))
	return province, nil
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
