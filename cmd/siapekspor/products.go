package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/store"
)

// cmdImportProducts imports a product list: all rows or, when any row has
// a problem, none (the problems are printed, and the exit status is 1).
func cmdImportProducts(env cliEnv, args []string) error {
	return cmdImportTable(env, args, "products", "product", bulk.ImportProducts)
}

// cmdImportExports imports realised export records, all or none, as
// cmdImportProducts does.
func cmdImportExports(env cliEnv, args []string) error {
	return cmdImportTable(env, args, "exports", "export record", bulk.ImportExportRecords)
}

// cmdImportTable runs an all-or-nothing import of a file and prints its
// report, each problem as FILE:LINE: COLUMN: message in the user's
// language (--lang, else the environment's LANG: id_… is Indonesian).
func cmdImportTable(env cliEnv, args []string, what, noun string, run func(context.Context, *store.DB, bulk.TableImportRequest) (*bulk.TableImportReport, error)) error {
	fs := flag.NewFlagSet("import "+what, flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	sheet := fs.String("sheet", "", "XLSX sheet to read (default: the first)")
	dryRun := fs.Bool("dry-run", false, "check the whole file and report; store nothing")
	lang := fs.String("lang", envLang(env.getenv), "language of the problems: id or en")
	file, err := parseFileFlags(fs, args, env.stderr)
	if err != nil {
		return err
	}
	l := i18n.EN
	if *lang == "id" {
		l = i18n.ID
	}
	f, size, db, done, err := openFileAndDB(env, dbc, file)
	if err != nil {
		return err
	}
	defer done()
	start := time.Now()
	rep, err := run(env.ctx, db, bulk.TableImportRequest{File: f, Size: size, FileName: filepath.Base(file), Sheet: *sheet, DryRun: *dryRun})
	if err != nil {
		return fmt.Errorf("%s: %w", file, explain(err))
	}
	if rep.Sheet != "" {
		fmt.Fprintf(env.stdout, "%s: %s\n", file, i18n.T(l, "imports.sheet_found", rep.Sheet))
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(env.stdout, "%s:%d: %s: %s (%q)\n", file, p.Line, bulk.ProblemColumn(l, p), bulk.ProblemText(l, p), p.Value)
	}
	for _, g := range rep.Guesses {
		fmt.Fprintf(env.stdout, "%s:%d: note: %s %q → %s\n", file, g.Line, g.Column, g.Value, bulk.GuessText(l, g))
	}
	if len(rep.Problems) > 0 {
		return fmt.Errorf("%s: %d problems; no %s was stored", file, len(rep.Problems), noun)
	}
	if *dryRun {
		fmt.Fprintf(env.stdout, "%s (%s, %d rows): all correct; dry run, nothing stored\n", file, rep.Format, rep.Rows)
		return nil
	}
	fmt.Fprintf(env.stdout, "%s (%s, sha256 %s…): %d %ss imported in %s\n", file, rep.Format, rep.SHA256[:12], rep.Imported, noun, time.Since(start).Round(time.Millisecond))
	return nil
}

// envLang is "id" when the environment's locale is Indonesian, else "en".
func envLang(getenv func(string) string) string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			if strings.HasPrefix(v, "id") {
				return "id"
			}
			return "en"
		}
	}
	return "en"
}

// cmdExportCatalog exports products or certificates to CSV or XLSX.
func cmdExportCatalog(env cliEnv, what string, args []string) error {
	fs := flag.NewFlagSet("export "+what, flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	var pf store.ProductFilter
	var cf store.CertificateFilter
	regency := fs.String("regency", "", "regency/city code, e.g. 18.01")
	enterprise := fs.Int64("enterprise", 0, "only this enterprise's")
	if what == "products" {
		fs.StringVar(&pf.HSChapter, "hs", "", "HS code prefix, e.g. 09 or 0901")
		fs.Func("validation", "draft, submitted, approved or rejected", func(v string) error {
			pf.Validation = siapekspor.ValidationStatus(v)
			return nil
		})
	} else {
		fs.Func("type", "certificate type, e.g. halal, bpom_md, pirt", func(v string) error {
			cf.Type = siapekspor.CertificateType(v)
			return nil
		})
		fs.IntVar(&cf.ExpiringDays, "expiring", 0, "only those expiring within this many days")
	}
	out := fs.String("out", "", "the file to write; .xlsx for Excel, anything else CSV (required)")
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("--out is required")
	}
	pf.RegencyCode, pf.EnterpriseID = *regency, *enterprise
	cf.RegencyCode, cf.EnterpriseID = *regency, *enterprise
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	return writeExport(env, *out, what, func(w io.Writer, format string) (int, error) {
		if what == "products" {
			return bulk.ExportProducts(env.ctx, db, pf, format, w)
		}
		return bulk.ExportCertificates(env.ctx, db, cf, format, w, db.Now())
	})
}
