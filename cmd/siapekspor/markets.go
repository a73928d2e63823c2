package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/market"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/trade"
	"github.com/siapekspor/siapekspor/internal/tradeload"
)

// cmdImportTrade loads a BACI yearly file or a Comtrade extract. Problems
// are printed by line; the file loads only without problems, or with
// --accept-problems (the rows that could be read).
func cmdImportTrade(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("import trade", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	format := fs.String("format", "baci", "baci (CEPII BACI yearly CSV: t,i,j,k,v,q) or comtrade (UN Comtrade CSV extract)")
	edition := fs.String("edition", "", "HS edition of the codes when the file does not say: HS92, HS96, HS02, HS07, HS12, HS17 or HS22")
	accept := fs.Bool("accept-problems", false, "load the rows that could be read although some could not")
	dryRun := fs.Bool("dry-run", false, "read the whole file and report; store nothing")
	file, err := parseFileFlags(fs, args, env.stderr)
	if err != nil {
		return err
	}
	var ed trade.Edition
	if *edition != "" {
		var ok bool
		if ed, ok = trade.ParseEdition(*edition); !ok {
			return fmt.Errorf("--edition %q is not an HS edition (HS92 … HS22)", *edition)
		}
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	rep, err := tradeload.LoadTrade(env.ctx, db, tradeload.TradeRequest{File: f, FileName: file, Format: *format, Edition: ed, AcceptProblems: *accept, DryRun: *dryRun})
	if err != nil {
		return fmt.Errorf("%s: %w", file, explain(err))
	}
	t := i18n.Printer{Lang: i18n.EN}.T
	for _, p := range rep.Problems {
		fmt.Fprintln(env.stdout, p.Format(t))
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	for _, y := range rep.Years {
		fmt.Fprintf(env.stdout, "%s: %d %s: %d importer × product rows, %d of Indonesia's exports by destination, %d importers\n",
			filepath.Base(file), y.Year, y.Edition, y.Imports, y.Home, y.Reporters)
	}
	switch {
	case rep.Refused:
		return fmt.Errorf("%s: %d problems; nothing was loaded (fix the file, or load the readable rows with --accept-problems)", file, len(rep.Problems))
	case *dryRun:
		fmt.Fprintf(env.stdout, "%s: %d flows read in %s; dry run, nothing stored\n", file, rep.Rows, time.Since(start).Round(time.Millisecond))
	default:
		fmt.Fprintf(env.stdout, "%s: %d flows read and loaded in %s (peak heap %d MB)\n", file, rep.Rows, time.Since(start).Round(time.Millisecond), ms.HeapSys>>20)
	}
	return nil
}

// cmdImportRequirements loads a requirements file (JSON array or CSV, one
// requirement per row): all of it, or nothing when any row has a problem.
func cmdImportRequirements(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("import requirements", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	file, err := parseFileFlags(fs, args, env.stderr)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	reqs, problems, err := market.LoadRequirements(bytes.NewReader(b), filepath.Base(file))
	if err != nil {
		return fmt.Errorf("%s: %w", file, explain(err))
	}
	t := i18n.Printer{Lang: i18n.EN}.T
	for _, p := range problems {
		fmt.Fprintln(env.stdout, p.Format(t))
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s: %d problems; no requirement was stored", file, len(problems))
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.ImportRequirements(env.ctx, reqs); err != nil {
		return explain(err)
	}
	fmt.Fprintf(env.stdout, "%s: %d requirements stored\n", file, len(reqs))
	return nil
}

// cmdMarkets prints a product's destination ranking: the trainer's table.
func cmdMarkets(env cliEnv, args []string) error {
	if len(args) == 0 || args[0] != "rank" {
		fmt.Fprintln(env.stderr, "usage: siapekspor markets rank --hs CODE [--product ID | --enterprise ID] [--top 20]")
		return errUsage
	}
	fs := flag.NewFlagSet("markets rank", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	hs := fs.String("hs", "", "the product's HS code (HS 2022, 6 or 4 digits)")
	product := fs.Int64("product", 0, "rank for one of the registry's products (its code and its enterprise's certificates)")
	enterprise := fs.Int64("enterprise", 0, "weigh this enterprise's certificates against the destinations' requirements")
	top := fs.Int("top", 20, "how many destinations to print")
	if err := parseFlags(fs, args[1:], env.stderr); err != nil {
		return err
	}
	if *hs == "" && *product == 0 {
		return errors.New("give --hs or --product")
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	r, err := db.Ranking(env.ctx, store.RankRequest{HS: *hs, ProductID: *product, EnterpriseID: *enterprise})
	if err != nil {
		return explain(err)
	}
	took := time.Since(start)
	p := i18n.Printer{Lang: i18n.EN}
	// Indonesia's own rules on the product come first, as on the page:
	// they decide whether it may leave at all.
	for _, x := range r.Restrictions {
		fmt.Fprintf(env.stdout, "EXPORT RESTRICTION (%s): %s. %s\n  source: %s\n", p.T("market.restriction."+string(x.Kind)), x.TitleEN, x.DetailEN, x.SourceURL)
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "RANK\tCOUNTRY\tSCORE\tCOVERAGE\t%s\tUNTAPPED\n", strings.ToUpper(strings.Join(factorNames(r.Ranking), "\t")))
	for i, res := range r.Results {
		if i >= *top {
			break
		}
		cells := []string{fmt.Sprint(res.Rank), res.Country, fmt.Sprintf("%.1f", res.Score), fmt.Sprintf("%.0f%%", res.Coverage)}
		for _, fi := range r.Factors {
			if !fi.Included {
				continue
			}
			cell := "—"
			for _, f := range res.Factors {
				if f.ID == fi.ID && f.Available {
					cell = fmt.Sprintf("%.0f (+%.1f)", f.Score, f.Points)
				}
			}
			cells = append(cells, cell)
		}
		cells = append(cells, untapped(res))
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(env.stdout, "cells: the factor's score from 0 (weakest of these destinations) to 100 (strongest), and in brackets the points it adds to SCORE (a row's points add up to its score); market growth scores by rank: 80 = it grows faster than 80% of the other markets.")
	if s := r.Home.SharePct; s != nil {
		fmt.Fprintf(env.stdout, "untapped: what Indonesia would sell there at its world market share (%.1f%%) minus what it sells; ×N: it already sells N times its world share there.\n", *s)
	}
	if g := r.Growth; g != nil {
		fmt.Fprintf(env.stdout, "growth: small markets' own figures are pulled toward the world's %.1f%% a year; a market importing %s (the median) counts its own figure half.\n", g.WorldPct, usdShort(g.PriorUSD))
	}
	for _, n := range r.Notes {
		fmt.Fprintln(env.stdout, "note:", p.T(n.Key, n.Args...))
	}
	// The countries without evidence, by reason: not ranked, never as buying nothing.
	var reasons []string
	by := map[string][]string{}
	for _, u := range r.Unscored {
		why := ""
		if len(u.Flags) > 0 {
			why = p.T(u.Flags[0].Key, u.Flags[0].Args...)
		}
		if by[why] == nil {
			reasons = append(reasons, why)
		}
		by[why] = append(by[why], u.Country)
	}
	for _, why := range reasons {
		fmt.Fprintf(env.stdout, "listed without evidence, not ranked: %s — %s\n", strings.Join(by[why], ", "), why)
	}
	fmt.Fprintf(env.stdout, "%d destinations scored, %d listed without evidence, ranked in %s\n", len(r.Results), len(r.Unscored), took.Round(time.Microsecond))
	return nil
}

// untapped is the unrealised potential cell: the dollars Indonesia would
// add at its world market share, or ×N where it already sells N times its
// world share there.
func untapped(r market.Result) string {
	switch {
	case r.UnrealisedUSD == nil:
		return "—"
	case *r.UnrealisedUSD > 0 || r.ShareRatio == nil:
		return usdShort(*r.UnrealisedUSD)
	}
	if x := *r.ShareRatio; x >= 10 {
		return fmt.Sprintf("×%.0f share", x)
	}
	return fmt.Sprintf("×%.1f share", *r.ShareRatio)
}

// usdShort writes dollars with three significant figures: US$ 41.2M.
func usdShort(v float64) string {
	for _, u := range []struct {
		scale float64
		unit  string
	}{{1e9, "bn"}, {1e6, "M"}, {1e3, "k"}} {
		if math.Abs(v) >= u.scale {
			return "US$ " + strconv.FormatFloat(v/u.scale, 'g', 3, 64) + u.unit
		}
	}
	return fmt.Sprintf("US$ %.0f", v)
}

func factorNames(r *market.Ranking) []string {
	var out []string
	for _, f := range r.Factors {
		if f.Included {
			out = append(out, string(f.ID))
		}
	}
	return out
}

// cmdImportStatistics loads a BPS-style export table (CSV or XLSX): all its
// rows, or nothing with every problem by line. Totals that do not add up
// are printed as warnings and do not stop it.
func cmdImportStatistics(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("import statistics", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	dryRun := fs.Bool("dry-run", false, "check the table and report; store nothing")
	province := fs.String("province", env.getenv("SIAPEKSPOR_PROVINCE"), "the province the table is for when it has no province column (default: the installation's)")
	file, err := parseFileFlags(fs, args, env.stderr)
	if err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	prov := *province
	if prov == "" {
		prov, _ = db.Setting(env.ctx, provinceSetting)
	}
	rep, err := tradeload.ImportExportStats(env.ctx, db, f, st.Size(), filepath.Base(file), prov, *dryRun)
	if err != nil {
		return fmt.Errorf("%s: %w", file, explain(err))
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(env.stdout, "%s:%d: %s: %s\n", file, p.Line, bulk.ProblemColumn(i18n.EN, p), bulk.ProblemText(i18n.EN, p))
	}
	for _, p := range rep.Warnings {
		fmt.Fprintf(env.stdout, "%s:%d: warning: %s\n", file, p.Line, bulk.ProblemText(i18n.EN, p))
	}
	switch {
	case !rep.OK():
		return fmt.Errorf("%s: %d problems; nothing was stored", file, len(rep.Problems))
	case rep.Load == nil:
		fmt.Fprintf(env.stdout, "%s (%s, %d rows): all correct; dry run, nothing stored\n", file, rep.Format, len(rep.Rows))
	default:
		fmt.Fprintf(env.stdout, "%s (%s, %d rows, %s to %s): stored as table %d\n", file, rep.Format, len(rep.Rows), rep.Load.From, rep.Load.To, rep.Load.ID)
	}
	return nil
}
