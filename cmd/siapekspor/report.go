package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/report"
)

// The monthly report on the command line (issue 18, item 6), for a
// schedule: siapekspor report monthly --month 2026-11 --out FILE.pdf|.xlsx.

func cmdReport(env cliEnv, args []string) error {
	return subcommand(env, "report", "", args, []namedCmd{{"monthly", cmdReportMonthly}})
}

func cmdReportMonthly(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("report monthly", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	month := fs.String("month", "", "the month, YYYY-MM (default: last month)")
	out := fs.String("out", "", "the file to write: FILE.pdf or FILE.xlsx")
	province := fs.String("province", env.getenv("SIAPEKSPOR_PROVINCE"), "the province (default: the installation's)")
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if ext != ".pdf" && ext != ".xlsx" {
		return errors.New("--out: " + i18n.T(i18n.ID, "report.error.out") + " (" + i18n.T(i18n.EN, "report.error.out") + ")")
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	if *month == "" {
		*month = report.LastMonth(db.Now()).String()
	}
	if *province == "" {
		if *province, err = db.Setting(env.ctx, provinceSetting); err != nil {
			return err
		}
		if *province == "" {
			return errors.New("--province: tulis kode provinsi, misalnya 18 (name the province's code, e.g. 18)")
		}
	}
	start := time.Now()
	r, err := report.Make(env.ctx, db, *province, *month)
	if err != nil {
		return explainIn(err)
	}
	write := report.WritePDF
	if ext == ".xlsx" {
		write = report.WriteXLSX
	}
	if err := writeAtomically(*out, func(f *os.File) error { return write(f, r) }); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%s: %s %s, %s (%v)\n", *out, i18n.T(i18n.EN, "report.title"), r.Month, r.ProvinceName, time.Since(start).Round(time.Millisecond))
	return nil
}

// writeAtomically writes a file beside path and renames it into place, so
// a failure never leaves a half-written file (and an existing one stays).
func writeAtomically(path string, write func(*os.File) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	ok = true
	return nil
}
