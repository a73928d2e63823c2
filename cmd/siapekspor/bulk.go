package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/importer"
	"github.com/siapekspor/siapekspor/internal/store"
)

func cmdImport(env cliEnv, args []string) error {
	if len(args) > 0 && args[0] == "products" {
		return cmdImportProducts(env, args[1:])
	}
	if len(args) > 0 && args[0] == "exports" {
		return cmdImportExports(env, args[1:])
	}
	if len(args) > 0 && args[0] == "trade" {
		return cmdImportTrade(env, args[1:])
	}
	if len(args) > 0 && args[0] == "requirements" {
		return cmdImportRequirements(env, args[1:])
	}
	if len(args) > 0 && args[0] == "requests" {
		return cmdImportRequests(env, args[1:])
	}
	if len(args) > 0 && args[0] == "statistics" {
		return cmdImportStatistics(env, args[1:])
	}
	if len(args) == 0 || args[0] != "enterprises" {
		fmt.Fprintln(env.stderr, "usage: siapekspor import enterprises FILE [--sheet S] [--header-rows 3-4] [--map mapping.json] [--dry-run] [--binaan OFFICE] [--duplicates skip|update|keep] [--rejected FILE] [--force] [--draft-products]")
		return errUsage
	}
	fs := flag.NewFlagSet("import enterprises", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	sheet := fs.String("sheet", "", "XLSX sheet to read (default: the first)")
	mapFile := fs.String("map", "", "JSON file mapping fields to the file's column headers, overriding the guess (a column under a group heading is \"GROUP / Sub-heading\")")
	headerRows := fs.String("header-rows", "", "the header's lines, such as 4 or 3-4 (default: found among the first 30 rows)")
	dryRun := fs.Bool("dry-run", false, "check the whole file and report what would happen; store nothing")
	binaan := fs.String("binaan", "", "make every imported enterprise the binaan of this office (id or name)")
	dups := fs.String("duplicates", store.DupSkip, "for rows matching an enterprise by NIB, owner's NIK or an export's ID: skip, update or keep (both); a name alone makes only a possible duplicate, imported and listed")
	rejected := fs.String("rejected", "", "write the rejected rows, with their reasons, to this CSV file")
	force := fs.Bool("force", false, "import even when this very file (same SHA-256) was imported before")
	drafts := fs.Bool("draft-products", false, "make a draft product of each name in the product column (Produk, Komoditi …) of the rows inserted")
	province := fs.String("province", env.getenv("SIAPEKSPOR_PROVINCE"), "resolve region names within this province (default: the installation's)")
	file, err := parseFileFlags(fs, args[1:], env.stderr)
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
	var mapping importer.SavedMapping
	if *mapFile != "" {
		b, err := os.ReadFile(*mapFile)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, &mapping); err != nil {
			return fmt.Errorf("%s: not a JSON object of field → column header: %v", *mapFile, err)
		}
	}
	hrows, err := importer.ParseHeaderRows(*headerRows)
	if err != nil {
		return explain(err)
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
	req := bulk.ImportRequest{File: f, Size: st.Size(), FileName: filepath.Base(file), Sheet: *sheet, Mapping: mapping, HeaderRows: hrows,
		Duplicates: *dups, DryRun: *dryRun, Province: prov, Force: *force, DraftProducts: *drafts,
		Writing: func(done, total int) {
			fmt.Fprintf(env.stderr, "\rstoring %s of %s rows…", siapekspor.FormatNumberID(int64(done)), siapekspor.FormatNumberID(int64(total)))
		}}
	if *binaan != "" {
		id, err := orgByRef(env, db, *binaan)
		if err != nil {
			return err
		}
		req.BinaanOrg = &id
	}
	// A whole province's file makes much short-lived garbage; a soft limit
	// makes the collector run before the heap doubles (the import's figure
	// is peak memory under 200 MB).
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(96 << 20))
	start := time.Now()
	rep, err := bulk.Import(env.ctx, db, req, func(n int) {
		fmt.Fprintf(env.stderr, "\r%s rows…", siapekspor.FormatNumberID(int64(n)))
	})
	fmt.Fprint(env.stderr, "\r                                        \r")
	if siapekspor.ErrorCodeOf(err) == siapekspor.EAlreadyImported {
		return &exitError{exitAlreadyImported, fmt.Errorf("%s: %w", file, explain(err))}
	}
	if err != nil {
		return fmt.Errorf("%s: %w", file, explain(err))
	}
	if p := rep.Previous; p != nil {
		fmt.Fprintf(env.stdout, "%s: warning: %s\n", file, explain(bulk.AlreadyImported(p)))
	}
	l := i18n.EN
	printShape(env, file, l, rep)
	for _, p := range rep.Problems {
		fmt.Fprintf(env.stdout, "%s:%d: %s: %s (%q)\n", file, p.Line, bulk.ProblemColumn(l, p), bulk.ProblemText(l, p), p.Value)
	}
	for _, g := range rep.Guesses {
		fmt.Fprintf(env.stdout, "%s:%d: note: %s %q → %s\n", file, g.Line, g.Column, g.Value, bulk.GuessText(l, g))
	}
	for _, d := range rep.Result.Duplicates {
		what := fmt.Sprintf("registered enterprise %d (%s)", d.ExistingID, d.ExistingName)
		if d.EarlierLine != 0 {
			what = fmt.Sprintf("line %d of the file", d.EarlierLine)
		}
		fmt.Fprintf(env.stdout, "%s:%d: duplicate of %s by %s: %s\n", file, d.Line, what, d.By, d.Action)
	}
	for _, d := range rep.Result.PossibleDuplicates {
		what := fmt.Sprintf("registered enterprise %d (%s)", d.ExistingID, d.ExistingName)
		switch {
		case d.EarlierLine != 0:
			what = fmt.Sprintf("line %d of the file", d.EarlierLine)
		case d.OutsideScope:
			what = "a registered enterprise outside your region"
		}
		fmt.Fprintf(env.stdout, "%s:%d: possible duplicate of %s by %s: imported, to be decided on the import's page\n", file, d.Line, what, d.By)
	}
	verb := "imported"
	if *dryRun {
		verb = "dry run, nothing stored; would import"
	}
	res := rep.Result
	fmt.Fprintf(env.stdout, "%s (%s, %d rows, sha256 %s…): %s %d new (%d of them possible duplicates), %d updated, %d skipped, %d rejected in %s\n",
		file, rep.Format, rep.Rows, rep.SHA256[:12], verb, res.Inserted, res.Possible, res.Updated, res.Skipped, res.Rejected, time.Since(start).Round(time.Millisecond))
	if *drafts {
		fmt.Fprintf(env.stdout, "%d draft products from the product column\n", rep.DraftProducts)
	}
	if res.ID != 0 {
		fmt.Fprintf(env.stdout, "import %d recorded; undo it, and decide on its possible duplicates, on the Imports page (/imports/%d)\n", res.ID, res.ID)
	}
	if *rejected != "" && len(rep.Rejected) > 0 {
		out, err := os.Create(*rejected)
		if err != nil {
			return err
		}
		if err := bulk.WriteRejected(out, i18n.ID, rep); err != nil {
			out.Close()
			return err
		}
		if err := out.Close(); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "rejected rows written to %s\n", *rejected)
	}
	if res.Rejected > 0 {
		// Not every row is in: a script must not take this for done.
		how := "fix them and import the rejected rows again (--rejected FILE writes them)"
		if *rejected != "" {
			how = "fix them in " + *rejected + " and import that file"
		}
		return &exitError{exitRefusedRows, fmt.Errorf("%s: %d of %d rows were rejected (exit status %d); %s", file, res.Rejected, rep.Rows, exitRefusedRows, how)}
	}
	return nil
}

// parseFileFlags parses a command's flags and its one FILE argument,
// which may come before or after the flags.
func parseFileFlags(fs *flag.FlagSet, args []string, stderr io.Writer) (string, error) {
	file, err := parseArgFlags(fs, args, stderr)
	if err == nil && file == "" {
		fmt.Fprintf(stderr, "siapekspor %s: give exactly one FILE\n", fs.Name())
		return "", errUsage
	}
	return file, err
}

// parseArgFlags parses flags around at most one positional argument, which
// may come before or after them ("load q.json --publish", "load --publish
// q.json"); "" when there is none.
func parseArgFlags(fs *flag.FlagSet, args []string, stderr io.Writer) (string, error) {
	var arg string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		arg, args = args[0], args[1:]
	}
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return "", errUsage
	}
	switch {
	case fs.NArg() == 0:
	case arg == "" && fs.NArg() == 1:
		arg = fs.Arg(0)
	default:
		fmt.Fprintf(stderr, "siapekspor %s: unexpected argument %q\n", fs.Name(), fs.Arg(fs.NArg()-1))
		return "", errUsage
	}
	return arg, nil
}

func cmdExport(env cliEnv, args []string) error {
	if len(args) > 0 && (args[0] == "products" || args[0] == "certificates") {
		return cmdExportCatalog(env, args[0], args[1:])
	}
	if len(args) > 0 && (args[0] == "readiness" || args[0] == "programme" || args[0] == "mentoring") {
		return cmdExportDevelopment(env, args[0], args[1:])
	}
	if len(args) == 0 || args[0] != "enterprises" {
		fmt.Fprintln(env.stderr, "usage: siapekspor export enterprises [--regency 18.01] [--sector food] [--size micro] [--export never] [--q words] --out FILE.csv|FILE.xlsx")
		return errUsage
	}
	fs := flag.NewFlagSet("export enterprises", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	var f siapekspor.EnterpriseFilter
	fs.StringVar(&f.Query, "q", "", "words in the name or owner name")
	fs.StringVar(&f.ProvinceCode, "province", "", "province code")
	fs.StringVar(&f.RegencyCode, "regency", "", "regency/city code, e.g. 18.01")
	fs.StringVar(&f.DistrictCode, "district", "", "district code")
	sector := fs.String("sector", "", "sector")
	size := fs.String("size", "", "micro, small, medium or large")
	exp := fs.String("export", "", "never, ready, first or regular")
	kind := fs.String("kind", "", "umkm, ikm or koperasi")
	fs.Int64Var(&f.BinaanOrgID, "binaan", 0, "id of the coaching office")
	out := fs.String("out", "", "the file to write; .xlsx for Excel, anything else CSV (required)")
	if err := parseFlags(fs, args[1:], env.stderr); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("--out is required")
	}
	f.Sector, f.SizeClass, f.ExportStatus, f.Kind = siapekspor.Sector(*sector), siapekspor.SizeClass(*size), siapekspor.ExportStatus(*exp), siapekspor.EnterpriseKind(*kind)
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	return writeExport(env, *out, "enterprises", func(w io.Writer, format string) (int, error) {
		return bulk.Export(env.ctx, db, f, format, w)
	})
}

// writeExport writes an export to path — XLSX when it ends in .xlsx, else
// CSV — removing the file if the export fails, and reports the count.
func writeExport(env cliEnv, path, what string, export func(w io.Writer, format string) (int, error)) error {
	format := "csv"
	if strings.HasSuffix(strings.ToLower(path), ".xlsx") {
		format = "xlsx"
	}
	w, err := os.Create(path)
	if err != nil {
		return err
	}
	start := time.Now()
	n, err := export(w, format)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return explain(err)
	}
	fmt.Fprintf(env.stdout, "%d %s written to %s in %s\n", n, what, path, time.Since(start).Round(time.Millisecond))
	return nil
}

func cmdDemo(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	n := fs.Int("enterprises", demo.LampungUMKM, "how many synthetic enterprises (default: Lampung's 156,150 UMKM)")
	seed := fs.Uint64("seed", 1, "the same seed gives the same province")
	province := fs.String("province", demoProvince, "the province whose real regencies, districts and villages the demo uses")
	csvOut := fs.String("csv", "", "write the enterprises to this CSV file (in the import's format) instead of the database")
	products := fs.Int("products", -1, "how many synthetic products to give the enterprises (default: one each; 0 for none)")
	assessShare := fs.Float64("assessed", demoAssessedShare, "share of the enterprises given readiness assessments, training and mentoring (0 for none)")
	national := fs.Bool("national", false, "PostgreSQL only: a synthetic national registry over all 38 provinces (10,000,000 enterprises unless --enterprises says otherwise; no products or development story), loaded by COPY with the indexes built at the end")
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	start := time.Now()
	if *national {
		return demoNational(env, fs, dbc, *n, *seed, start)
	}
	if *csvOut != "" {
		w, err := os.Create(*csvOut)
		if err != nil {
			return err
		}
		if err := demo.WriteCSV(w, *province, *n, *seed); err != nil {
			w.Close()
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "%d synthetic enterprises written to %s in %s\n", *n, *csvOut, time.Since(start).Round(time.Millisecond))
		return nil
	}
	log := newLogger(env.stderr, "info")
	db, err := openDB(env.ctx, dbc, true, log)
	if err != nil {
		return err
	}
	defer db.Close()
	sum, err := demo.Province(env.ctx, db, demo.Options{Province: *province, Enterprises: *n, Products: *products, Assessed: *assessShare,
		Seed: *seed, Progress: progressLog(log, "demo")})
	if err != nil {
		return explain(err)
	}
	if err := db.SetSetting(env.ctx, demoSetting, "1"); err != nil {
		return err
	}
	if p, _ := db.Setting(env.ctx, provinceSetting); p == "" {
		db.SetSetting(env.ctx, provinceSetting, *province)
	}
	fmt.Fprintf(env.stdout, "%d synthetic enterprises and %d products added in %s (labelled as demo data)\n", sum.Enterprises, sum.Products, time.Since(start).Round(time.Millisecond))
	if dev := sum.Development; dev != nil {
		fmt.Fprintf(env.stdout, "%d assessments (%d re-assessments), %d programmes with %d participants and %d sessions, %d mentoring activities, %d assistance cases\n",
			dev.Assessments+dev.Reassessed, dev.Reassessed, dev.Programmes, dev.Participants, dev.Sessions, dev.Activities, dev.Cases)
		fmt.Fprintf(env.stdout, "%d certificates; %d product submissions, %d approved, %d rejected\n", dev.Certificates, dev.Submitted, dev.Approved, dev.Rejected)
	}
	if sum.Statistics != nil {
		fmt.Fprintf(env.stdout, "export statistics: %s (%d rows, synthetic)\n", sum.Statistics.FileName, sum.Statistics.Rows)
	}
	if b := sum.Buyers; b != nil {
		fmt.Fprintf(env.stdout, "%d buyer organisations with %d open requests\n", b.Organisations, b.Requests)
	}
	if e := sum.Events; e != nil && (e.PastID != 0 || e.UpcomingID != 0) {
		fmt.Fprintf(env.stdout, "business-matching events: #%d held (%d meetings, %d held, %d no-shows, %d matches moved), #%d upcoming (%d requests in all)\n",
			e.PastID, e.Meetings, e.Held, e.NoShows, e.Moved, e.UpcomingID, e.Requests)
	}
	return nil
}

// printShape says how the file was read: the header's lines, the columns
// no field takes, and every row set aside as no enterprise.
func printShape(env cliEnv, file string, l i18n.Lang, rep *bulk.Report) {
	if rep.Sheet != "" {
		fmt.Fprintf(env.stdout, "%s: %s\n", file, i18n.T(l, "imports.sheet_found", rep.Sheet))
	}
	if h := rep.HeaderLines; h[0] == h[1] {
		fmt.Fprintf(env.stdout, "%s:%d: header\n", file, h[1])
	} else {
		fmt.Fprintf(env.stdout, "%s:%d-%d: header\n", file, h[0], h[1])
	}
	for _, c := range rep.Ignored {
		fmt.Fprintf(env.stdout, "%s: column %s not used\n", file, c)
	}
	for _, s := range rep.Skipped {
		fmt.Fprintf(env.stdout, "%s:%s: skipped, %s: %q\n", file, s.Lines(), bulk.SkippedText(l, s), s.Text)
	}
	if n := rep.SkippedRows - len(rep.Skipped); n > 0 {
		fmt.Fprintf(env.stdout, "%s: %d more rows skipped\n", file, n)
	}
}

// demoNational runs demo --national.
func demoNational(env cliEnv, fs *flag.FlagSet, dbc dbConfig, n int, seed uint64, start time.Time) error {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "enterprises" })
	if !given {
		n = demo.NationalEnterprises
	}
	log := newLogger(env.stderr, "info")
	db, err := openDB(env.ctx, dbc, true, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if db.Engine() != "postgres" {
		return fmt.Errorf("demo --national needs PostgreSQL: give --db postgres://…")
	}
	progress := progressLog(log, "demo")
	if err := demo.National(env.ctx, db, n, seed, func(done, total int) { progress("national", done, total) }); err != nil {
		return explain(err)
	}
	if err := db.SetSetting(env.ctx, demoSetting, "1"); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%d synthetic enterprises in 38 provinces added in %s (labelled as demo data)\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}
