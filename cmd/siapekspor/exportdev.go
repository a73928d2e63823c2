package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/readiness"
	"github.com/siapekspor/siapekspor/internal/store"
)

// The bulk jobs of export development: the questionnaire, placement,
// reports and exports of readiness, training and mentoring.

// cmdExportDevelopment writes readiness, a programme's participants or
// mentoring records to CSV or XLSX.
func cmdExportDevelopment(env cliEnv, what string, args []string) error {
	fs := flag.NewFlagSet("export "+what, flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	out := fs.String("out", "", "the file to write; .xlsx for Excel, anything else CSV (required)")
	level := fs.String("level", "", "readiness: pemula, menengah or mahir")
	regency := fs.String("regency", "", "readiness: regency/city code, e.g. 18.01")
	sector := fs.String("sector", "", "readiness: sector")
	programme := fs.Int64("programme", 0, "programme: its id (required)")
	kind := fs.String("what", "activities", "mentoring: activities or cases")
	overdue := fs.Bool("overdue", false, "mentoring: only what is past its due date")
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("--out is required")
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	today := i18n.Today()
	switch what {
	case "readiness":
		f := store.ReadinessFilter{Level: siapekspor.TrainingLevel(*level), RegencyCode: *regency, Sector: siapekspor.Sector(*sector)}
		return writeExport(env, *out, "assessed enterprises", func(w io.Writer, format string) (int, error) {
			return bulk.ExportReadiness(env.ctx, db, f, format, w)
		})
	case "programme":
		if *programme == 0 {
			return errors.New("--programme is required")
		}
		if _, err := db.Programme(env.ctx, *programme); err != nil {
			return explain(err)
		}
		return writeExport(env, *out, "participants", func(w io.Writer, format string) (int, error) {
			return bulk.ExportProgramme(env.ctx, db, *programme, format, w)
		})
	default: // mentoring
		return writeExport(env, *out, *kind, func(w io.Writer, format string) (int, error) {
			return bulk.ExportMentoring(env.ctx, db, *kind, *overdue, today, format, w)
		})
	}
}

const questionnaireUsage = `usage:
  siapekspor questionnaire list
  siapekspor questionnaire show VERSION|current [--out FILE.json]
  siapekspor questionnaire load FILE.json [--note TEXT] [--publish]`

// cmdQuestionnaire lists, prints and loads versions of the readiness
// questionnaire. A loaded file becomes a new draft (or, with --publish, the
// version new assessments answer); published versions never change.
func cmdQuestionnaire(env cliEnv, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(env.stderr, questionnaireUsage)
		return errUsage
	}
	fs := flag.NewFlagSet("questionnaire "+args[0], flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	out := fs.String("out", "", "show: write the JSON document to this file")
	note := fs.String("note", "", "load: a note on the new version")
	publish := fs.Bool("publish", false, "load: publish the new version at once")
	arg, err := parseArgFlags(fs, args[1:], env.stderr)
	if err != nil {
		return err
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	switch args[0] {
	case "list":
		vs, err := db.Questionnaires(env.ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "VERSION\tSTATUS\tQUESTIONS\tASSESSMENTS\tNOTE")
		for _, v := range vs {
			fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%s\n", v.Version, v.Status, len(v.Body.Questions), v.Assessments, v.Note)
		}
		return tw.Flush()
	case "show":
		var v *store.QuestionnaireVersion
		if arg == "" || arg == "current" {
			v, err = db.CurrentQuestionnaire(env.ctx)
		} else {
			n, cerr := strconv.Atoi(arg)
			if cerr != nil {
				return fmt.Errorf("%q is not a version number", arg)
			}
			v, err = db.Questionnaire(env.ctx, n)
		}
		if err != nil {
			return explain(err)
		}
		b, _ := json.MarshalIndent(v.Body, "", "  ")
		if *out != "" {
			return os.WriteFile(*out, append(b, '\n'), 0o644)
		}
		_, err = fmt.Fprintln(env.stdout, string(b))
		return err
	case "load":
		if arg == "" {
			return errors.New("give the questionnaire's JSON FILE")
		}
		b, err := os.ReadFile(arg)
		if err != nil {
			return err
		}
		q, err := readiness.Parse(b)
		if err != nil {
			return fmt.Errorf("%s: %w", arg, explain(err))
		}
		v, err := db.CreateQuestionnaireDraft(env.ctx, 0, q, *note)
		if err != nil {
			return fmt.Errorf("%s: %w", arg, explain(err))
		}
		if *publish {
			if err := db.PublishQuestionnaire(env.ctx, v.Version); err != nil {
				return explain(err)
			}
			fmt.Fprintf(env.stdout, "%s loaded and published as version %d (%d questions)\n", arg, v.Version, len(q.Questions))
			return nil
		}
		fmt.Fprintf(env.stdout, "%s loaded as draft version %d (%d questions); publish it in the pages or with --publish\n", arg, v.Version, len(q.Questions))
		return nil
	}
	fmt.Fprintln(env.stderr, questionnaireUsage)
	return errUsage
}

const trainingUsage = `usage:
  siapekspor training list
  siapekspor training place --programme ID [--regency 18.01] [--sector S] [--kind K]
  siapekspor training report --programme ID`

// cmdTraining lists programmes, proposes placements and prints the naik
// kelas report.
func cmdTraining(env cliEnv, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(env.stderr, trainingUsage)
		return errUsage
	}
	fs := flag.NewFlagSet("training "+args[0], flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	programme := fs.Int64("programme", 0, "the programme's id")
	var f store.ReadinessFilter
	fs.StringVar(&f.RegencyCode, "regency", "", "place: only enterprises of this regency/city")
	sector := fs.String("sector", "", "place: only this sector")
	kind := fs.String("kind", "", "place: umkm, ikm or koperasi")
	if err := parseFlags(fs, args[1:], env.stderr); err != nil {
		return err
	}
	f.Sector, f.Kind = siapekspor.Sector(*sector), siapekspor.EnterpriseKind(*kind)
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	if args[0] != "list" && *programme == 0 {
		return errors.New("--programme is required")
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	switch args[0] {
	case "list":
		list, err := db.ListProgrammes(env.ctx)
		if err != nil {
			return err
		}
		fmt.Fprintln(tw, "ID\tYEAR\tSTATUS\tNAME")
		for _, p := range list {
			fmt.Fprintf(tw, "%d\t%d\t%s\t%s\n", p.ID, p.Year, p.Status, p.Name)
		}
	case "place":
		start := time.Now()
		sum, err := db.ProposePlacement(env.ctx, *programme, f)
		if err != nil {
			return explain(err)
		}
		fmt.Fprintf(env.stdout, "%d proposed from %d candidates in %s; %d waiting; %d seats empty; %d past the regency cap\n",
			sum.Placed, sum.Candidates, time.Since(start).Round(time.Millisecond), sum.Waiting, sum.EmptySeats, sum.PastCap)
		fmt.Fprintln(env.stdout, "confirm them in the pages (Pelatihan → the programme → Konfirmasi) or with POST /api/v1/programmes/ID/confirm")
		return nil
	case "report":
		rows, err := db.Report(env.ctx, *programme)
		if err != nil {
			return explain(err)
		}
		fmt.Fprintln(tw, "ENTERPRISE\tSTAGE\tCLASS\tBEFORE\tAFTER\tMOVE\tATTENDED\tRESULT")
		up := 0
		for _, r := range rows {
			move := "not re-assessed"
			if r.Move != nil {
				move = strconv.Itoa(*r.Move)
				if *r.Move > 0 {
					up++
					move = "+" + move
				}
			}
			n := r.Enrolment
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%d/%d\t%s\n", n.EnterpriseName, n.Stage, n.ClassLevel, r.Before, r.After, move, n.Attended, n.SessionsHeld, n.Result)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "%d participants, %d moved up a class\n", len(rows), up)
		return nil
	default:
		fmt.Fprintln(env.stderr, trainingUsage)
		return errUsage
	}
	return tw.Flush()
}

// cmdMentoring prints what is overdue: next steps and open cases past due.
func cmdMentoring(env cliEnv, args []string) error {
	if len(args) == 0 || args[0] != "overdue" {
		fmt.Fprintln(env.stderr, "usage: siapekspor mentoring overdue")
		return errUsage
	}
	fs := flag.NewFlagSet("mentoring overdue", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	if err := parseFlags(fs, args[1:], env.stderr); err != nil {
		return err
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := bulk.Overdue(env.ctx, db, i18n.Today())
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DUE\tKIND\tENTERPRISE\tWHAT\tWHO")
	for _, a := range rep.Steps {
		fmt.Fprintf(tw, "%s\tnext step\t%s\t%s\t%s\n", a.NextDue.Format("2006-01-02"), a.EnterpriseName, a.NextStep, a.MentorName)
	}
	for _, c := range rep.Cases {
		fmt.Fprintf(tw, "%s\tcase (%s)\t%s\t%s\t%s\n", c.DueOn.Format("2006-01-02"), c.Kind, c.EnterpriseName, c.Title, c.OwnerName)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%d next steps and %d cases overdue\n", len(rep.Steps), len(rep.Cases))
	return nil
}
