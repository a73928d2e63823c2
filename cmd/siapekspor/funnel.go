package main

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/funnel"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/web"
)

// The funnel and the targets on the command line (issue 18): the same
// report as the dashboard and the API, and an admin's target setting.

func cmdFunnel(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("funnel", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	q := url.Values{}
	for _, name := range []string{"regency", "district", "sector", "kind", "size", "readiness", "binaan", "year", "by"} {
		fs.Func(name, map[string]string{
			"regency": "a regency/city code (18.06)", "district": "a district code", "sector": "a sector", "kind": "umkm, ikm or koperasi",
			"size": "micro, small, medium or large", "readiness": "pemula, menengah, mahir or none", "binaan": "a coaching office's id",
			"year": "as of the end of this year (default: today)", "by": "break down by regency, district, sector, kind, size, readiness, office or year",
		}[name], func(v string) error { q.Set(name, v); return nil })
	}
	province := fs.String("province", env.getenv("SIAPEKSPOR_PROVINCE"), "the province (default: the installation's)")
	lang := fs.String("lang", "", "id or en (default: from LANG, else Indonesian)")
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	l := cliLang(*lang, env.getenv)
	fq, err := httpx.ParseFunnelQuery(q, db.Now())
	if err != nil {
		return explainIn(err)
	}
	if *province == "" {
		if *province, err = db.Setting(env.ctx, provinceSetting); err != nil {
			return err
		}
	}
	if *province != "" && fq.Filter.ProvinceCode == "" {
		fq.Filter.ProvinceCode = *province
	}
	start := time.Now()
	rep, err := db.FunnelReport(env.ctx, fq)
	if err != nil {
		return explainIn(err)
	}
	took := time.Since(start)
	pr := i18n.Printer{Lang: l}
	dash := func(v float64, f func(float64) string) string {
		if v < 0 {
			return "–"
		}
		return f(v)
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", pr.T("funnel.stage"), pr.T("funnel.reached"), pr.T("funnel.here"), pr.T("funnel.conversion"),
		pr.T("funnel.share"), pr.T("funnel.avg_days"))
	for _, r := range rep.Total {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", pr.Choice("funnel.stage", r.Key), pr.Num(r.Reached), pr.Num(r.Here),
			dash(r.Conversion, pr.Pct), dash(r.Share, pr.Pct), dash(r.AvgDays, func(v float64) string { return pr.Dec1(v) }))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(rep.Groups) > 0 {
		fmt.Fprintf(env.stdout, "\n%s:\n", pr.Choice("funnel.by", fq.By))
		tw = tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
		head := []string{""}
		for _, s := range funnel.Stages {
			head = append(head, pr.Choice("funnel.stage", s.Key()))
		}
		fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
		for _, g := range rep.Groups {
			name := g.Key
			if g.Name != "" {
				name = g.Key + " " + g.Name
			}
			cells := []string{name}
			for _, r := range g.Rows {
				cells = append(cells, pr.Num(r.Reached))
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(rep.Targets) > 0 {
		fmt.Fprintf(env.stdout, "\n%s:\n", pr.T("funnel.targets"))
		for _, p := range rep.Targets {
			fmt.Fprintf(env.stdout, "  %s %s\n", web.TargetSentence(pr, p), pr.T("funnel.target_now", pr.Num(p.Exporters), pr.Num(p.Denominator),
				pr.Choice("target.denominator", p.Target.Denominator)))
		}
	}
	fmt.Fprintf(env.stdout, "\n(%v)\n", took.Round(time.Microsecond*10))
	return nil
}

// cliLang is --lang, else Indonesian unless LANG says English.
func cliLang(flagValue string, getenv func(string) string) i18n.Lang {
	if l, ok := i18n.Parse(flagValue); ok {
		return l
	}
	if strings.HasPrefix(getenv("LANG"), "en") {
		return i18n.EN
	}
	return i18n.ID
}

// explainIn says a refusal in Indonesian with the English beside it, each
// problem naming its flag.
func explainIn(err error) error {
	de, ok := siapekspor.AsError(err)
	if !ok {
		return explain(err)
	}
	if len(de.Fields) == 0 {
		return fmt.Errorf("%s (%s)", i18n.T(i18n.ID, de.Key, de.Args...), i18n.T(i18n.EN, de.Key, de.Args...))
	}
	var lines []string
	for _, f := range de.Fields {
		flagName := map[string]string{"region_code": "region", "removed": "withdraw"}[f.Field]
		if flagName == "" {
			flagName = strings.ReplaceAll(f.Field, "_", "-")
		}
		lines = append(lines, "--"+flagName+": "+i18n.T(i18n.ID, f.Key, f.Args...)+" ("+i18n.T(i18n.EN, f.Key, f.Args...)+")")
	}
	return errors.New(strings.Join(lines, "\n  "))
}

func cmdTarget(env cliEnv, args []string) error {
	return subcommand(env, "target", "", args, []namedCmd{{"set", cmdTargetSet}, {"list", cmdTargetList}, {"history", cmdTargetHistory}})
}

func cmdTargetSet(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("target set", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	var t siapekspor.Target
	fs.StringVar(&t.RegionCode, "region", "", "the province (18) or a regency/city of it (18.06)")
	fs.IntVar(&t.Year, "year", 0, "by the end of this year")
	pop := fs.String("population", "ikm", "ikm, umkm, koperasi or all")
	fs.Float64Var(&t.Percent, "percent", 0, "the share that should export, 0–100")
	fs.Int64Var(&t.Count, "count", 0, "or the number of enterprises that should export")
	fs.IntVar(&t.BaselineYear, "baseline-year", 0, "the baseline's year (e.g. 2021)")
	fs.Int64Var(&t.BaselineCount, "baseline-count", 0, "enterprises exporting in the baseline year (e.g. 20)")
	fs.Int64Var(&t.DenominatorCount, "denominator-count", 0, "a stated denominator (e.g. BPS's 95000 IKM); default: the registry's count")
	fs.StringVar(&t.DenominatorSource, "denominator-source", "", "the stated denominator's source")
	fs.StringVar(&t.Note, "note", "", "a note")
	fs.BoolVar(&t.Removed, "withdraw", false, "withdraw the current target of this region, year and population")
	province := fs.String("province", env.getenv("SIAPEKSPOR_PROVINCE"), "the province served (default: the installation's)")
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	t.Population = siapekspor.TargetPopulation(*pop)
	if t.DenominatorCount != 0 || t.DenominatorSource != "" {
		t.Denominator = siapekspor.DenominatorStated
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	if *province == "" {
		if *province, err = db.Setting(env.ctx, provinceSetting); err != nil {
			return err
		}
	}
	if err := db.SaveTarget(env.ctx, &t, *province); err != nil {
		return explainIn(err)
	}
	if t.Removed {
		fmt.Fprintf(env.stdout, "target %s %d %s withdrawn (version %d)\n", t.RegionCode, t.Year, t.Population, t.ID)
		return nil
	}
	p, err := db.MeasureTarget(env.ctx, &t)
	if err != nil {
		return err
	}
	pr := i18n.Printer{Lang: cliLang("", env.getenv)}
	fmt.Fprintf(env.stdout, "target %s %d %s saved (version %d)\n%s\n", t.RegionCode, t.Year, t.Population, t.ID, web.TargetSentence(pr, p))
	return nil
}

func cmdTargetList(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("target list", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	ts, err := db.Targets(env.ctx, store.TargetFilter{})
	if err != nil {
		return err
	}
	pr := i18n.Printer{Lang: cliLang("", env.getenv)}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "REGION\tYEAR\tPOPULATION\tTARGET\tEXPORTERS\tGOAL\tGAP\tDENOMINATOR")
	for _, t := range ts {
		p, err := db.MeasureTarget(env.ctx, t)
		if err != nil {
			return err
		}
		target := strconv.FormatFloat(t.Percent, 'f', -1, 64) + "%"
		if t.Count > 0 {
			target = strconv.FormatInt(t.Count, 10)
		}
		den := strconv.FormatInt(p.Denominator, 10) + " " + string(t.Denominator)
		if t.DenominatorSource != "" {
			den += " (" + t.DenominatorSource + ")"
		}
		fmt.Fprintf(tw, "%s %s\t%d\t%s\t%s\t%d\t%d\t%d\t%s\n", t.RegionCode, p.RegionName, t.Year, t.Population, target, p.Exporters, p.Goal, p.Gap, den)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, t := range ts {
		p, _ := db.MeasureTarget(env.ctx, t)
		fmt.Fprintln(env.stdout, web.TargetSentence(pr, p))
	}
	return nil
}

func cmdTargetHistory(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("target history", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	region := fs.String("region", "", "one region's targets")
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	ts, err := db.TargetHistory(env.ctx, store.TargetFilter{RegionCode: *region})
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tWHEN\tBY\tREGION\tYEAR\tPOPULATION\tTARGET\tBASELINE\tDENOMINATOR")
	for _, t := range ts {
		target := strconv.FormatFloat(t.Percent, 'f', -1, 64) + "%"
		switch {
		case t.Removed:
			target = "withdrawn"
		case t.Count > 0:
			target = strconv.FormatInt(t.Count, 10)
		}
		den := string(t.Denominator)
		if t.Denominator == siapekspor.DenominatorStated {
			den = fmt.Sprintf("%d (%s)", t.DenominatorCount, t.DenominatorSource)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%s\t%d in %d\t%s\n", t.ID, t.CreatedAt.Format("2006-01-02 15:04"), t.By, t.RegionCode, t.Year,
			t.Population, target, t.BaselineCount, t.BaselineYear, den)
	}
	return tw.Flush()
}
