package main

import (
	"flag"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/exportcompare"
	"github.com/siapekspor/siapekspor/internal/httpx"
	"github.com/siapekspor/siapekspor/internal/i18n"
)

// Exports seen two ways on the command line (issue 18 item 5): the same
// comparison as /exports/compare and the API, printed by month, or the
// page's download with --out.

func cmdExports(env cliEnv, args []string) error {
	return subcommand(env, "exports", "", args, []namedCmd{{"compare", cmdExportsCompare}})
}

func cmdExportsCompare(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("exports compare", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	q := url.Values{}
	for _, name := range []string{"year", "month-from", "month-to", "destination", "hs", "regency", "load"} {
		fs.Func(name, map[string]string{
			"year": "January to December of a year (default: the latest year the BPS tables reach)", "month-from": "the first month, YYYY-MM",
			"month-to": "the last month, YYYY-MM", "destination": "a destination, ISO 3166 alpha-3 (USA)", "hs": "an HS chapter, heading or subheading (09, 0901)",
			"regency": "the records of one regency/city (18.06)", "load": "one BPS table's id (default: per month, the newest that has it)",
		}[name], func(v string) error {
			key := map[string]string{"month-from": "month_from", "month-to": "month_to"}[name]
			if key == "" {
				key = name
			}
			q.Set(key, v)
			return nil
		})
	}
	province := fs.String("province", env.getenv("SIAPEKSPOR_PROVINCE"), "the province (default: the installation's)")
	lang := fs.String("lang", "", "id or en (default: from LANG, else Indonesian)")
	out := fs.String("out", "", "write the three tables to this file instead (.xlsx for Excel, anything else CSV)")
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
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
	f, err := httpx.ParseComparison(env.ctx, db, q, *province)
	if err != nil {
		return explainIn(err)
	}
	start := time.Now()
	c, err := db.ExportComparison(env.ctx, *province, f)
	if err != nil {
		return explainIn(err)
	}
	took := time.Since(start)
	if *out != "" {
		return writeExport(env, *out, "rows", func(w io.Writer, format string) (int, error) {
			return len(c.Months) + 1 + len(c.ByDestination) + len(c.ByCommodity), bulk.WriteComparison(c, format, w)
		})
	}
	pr := i18n.Printer{Lang: cliLang(*lang, env.getenv)}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", pr.T("compare.month"), pr.T("compare.col_bps"), pr.T("compare.col_records_usd"),
		pr.T("compare.col_records_idr"), pr.T("compare.col_records"), pr.T("compare.col_share"))
	line := func(label string, r exportcompare.Row) {
		bps, share := "–", "–"
		if r.HasBPS {
			bps = pr.Dec(r.BPSUSD)
			if r.BPSBroader != "" {
				bps += " (HS " + r.BPSBroader + ")"
			}
		}
		if r.HasShare {
			share = strconv.FormatFloat(r.Share*100, 'f', 2, 64) + "%"
			if pr.Lang == i18n.ID {
				share = strings.ReplaceAll(share, ".", ",")
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", label, bps, strings.TrimPrefix(pr.USD(r.RecordsUSDCents), "US$ "), pr.Num(r.RecordsIDR), pr.Num(r.Records), share)
	}
	for _, m := range c.Months {
		line(m.Key, m)
	}
	line(pr.T("compare.total"), c.Total)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "\n%s\n", pr.T("compare.months_with_bps", c.MonthsWithBPS, len(c.Months)))
	for _, l := range c.Loads {
		syn := ""
		if l.Synthetic {
			syn = " (" + pr.T("exportstats.synthetic_short") + ")"
		}
		fmt.Fprintf(env.stdout, "BPS #%d %s%s\n", l.ID, l.Title, syn)
	}
	fmt.Fprintf(env.stdout, "%s\n(%v)\n", pr.T("compare.units"), took.Round(time.Microsecond*10))
	return nil
}
