package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/store"
)

// cmdImportProducts imports a product list: all rows or, when any row has
// a problem, none (the problems are printed, and the exit status is 1).
func cmdImportProducts(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("import products", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	sheet := fs.String("sheet", "", "XLSX sheet to read (default: the first)")
	dryRun := fs.Bool("dry-run", false, "check the whole file and report; store nothing")
	file, err := parseFileFlags(fs, args, env.stderr)
	if err != nil {
		return err
	}
	f, size, db, done, err := openFileAndDB(env, dbc, file)
	if err != nil {
		return err
	}
	defer done()
	start := time.Now()
	rep, err := bulk.ImportProducts(env.ctx, db, bulk.ProductImportRequest{File: f, Size: size, FileName: filepath.Base(file), Sheet: *sheet, DryRun: *dryRun})
	if err != nil {
		return fmt.Errorf("%s: %w", file, explain(err))
	}
	if done, err := importProblems(env, file, "product", rep.Problems, *dryRun, string(rep.Format), rep.Rows); done {
		return err
	}
	fmt.Fprintf(env.stdout, "%s (%s, sha256 %s…): %d products imported in %s\n", file, rep.Format, rep.SHA256[:12], rep.Imported, time.Since(start).Round(time.Millisecond))
	return nil
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
