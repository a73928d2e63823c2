// Command siapekspor runs SiapEkspor: the web server (serve), the database
// (migrate), and the bulk jobs of the command line — users and
// organisations, imports and exports, the questionnaire, training,
// mentoring, trade data, markets and the demo province. "siapekspor help"
// lists the commands (usage below); the README's "Commands" table says
// what each does.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/siapekspor/siapekspor"
)

func main() {
	ctx, stop := signalContext()
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "siapekspor:", err)
		}
		os.Exit(exitCode(err))
	}
}

// signalContext ends on SIGINT (Ctrl-C) or SIGTERM: every command's work
// (an import, a load, the server) stops through it.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

var errUsage = errors.New("usage")

// Exit statuses other than 0 (done) and 1 (failed, or a usage error):
// scripts tell a run that refused rows from one that failed.
const (
	exitRefusedRows     = 3 // import enterprises: some data rows were refused (the others imported, or would be)
	exitAlreadyImported = 4 // import enterprises: the very same file was imported before; nothing done (--force goes on)
)

// exitError is a failure with its own exit status.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// exitCode is the process's exit status for a command's error.
func exitCode(err error) int {
	var e *exitError
	if errors.As(err, &e) {
		return e.code
	}
	return 1
}

const usage = `SiapEkspor — export readiness for a province's small enterprises.

Usage:
  siapekspor serve     run the web server (creates ./data/siapekspor.db on first run)
  siapekspor migrate   apply database migrations and load the built-in reference data
  siapekspor version   print the version
  siapekspor user      add users, list them, make API tokens (user add|list|token)
  siapekspor org       add and list organisations (org add|list)
  siapekspor import enterprises FILE   import a CSV or XLSX list of enterprises
  siapekspor export enterprises --out FILE   export a filtered list to CSV or XLSX
  siapekspor import products FILE      import a product list: all rows, or none if any is wrong
  siapekspor import exports FILE       import realised export records (PEB): all rows, or none if any is wrong
  siapekspor export products|certificates --out FILE   export products or certificates to CSV or XLSX
  siapekspor export readiness|programme|mentoring --out FILE   export assessed enterprises, a programme's participants, mentoring
  siapekspor questionnaire list|show|load   the readiness questionnaire's versions; load a JSON file as a new version
  siapekspor training list|place|report     programmes, placement proposals and the naik kelas report
  siapekspor mentoring overdue              next steps and cases past their due date
  siapekspor import trade FILE --format baci|comtrade   load a BACI year or a Comtrade extract (replaces that year's data)
  siapekspor import requirements FILE   load destination requirements (JSON, CSV or XLSX)
  siapekspor import statistics FILE     load a BPS-style export table (CSV or XLSX)
  siapekspor import requests FILE       import buying requests and procurement needs: all rows, or none
  siapekspor markets rank --hs CODE     rank a product's destination markets
  siapekspor backup --out FILE   write a backup (database and media) while the server runs
  siapekspor restore FILE        check a backup and restore it (the server stopped)
  siapekspor match --request ID [--top 20] [--spread]   a buyer's request's ranked suppliers, factor by factor
  siapekspor matches list [--request ID] [--step S]     the deal pipeline's matches
  siapekspor matches move ID --to STEP [--note …]       move a match (a step back needs --note, lost --lost-reason, contract --contract-value, -currency, -quantity, -unit, -terms)
  siapekspor funnel [--regency R] [--kind ikm] [--by regency] [--year Y]   the export funnel and the targets' gap
  siapekspor exports compare [--year Y] [--month-from 2024-01 --month-to 2024-06] [--destination USA] [--hs 0901] [--regency R] [--out FILE]   export records beside BPS's statistics
  siapekspor target set --region 18 --year 2030 --percent 30 [--population ikm] [--baseline-year 2021 --baseline-count 20] [--denominator-count N --denominator-source S]
  siapekspor target list|history          the current targets with their gap; every version
  siapekspor report monthly --month 2026-11 --out FILE.pdf|.xlsx   the provincial office's monthly report
  siapekspor event list [--when upcoming|past] [--kind K]   business-matching events
  siapekspor event schedule --event ID [--rule cover-first|weight-only] [--seed N]   run the scheduler; prints the weight against its bound
  siapekspor event agenda --event ID (--participant PID | --table N | --all) --out FILE.pdf|.ics|.txt   agendas to print, add to a calendar or send by WhatsApp
  siapekspor event report --event ID [--out FILE.xlsx]   the event's meetings, outcomes and follow-ups
  siapekspor catalogue list [--q WORDS] [--hs-chapter NN] [--regency CODE] [--certificate TYPE] [--min-capacity N]   what the public catalogue lists
  siapekspor catalogue consent --enterprise ID --listed yes|no [--evidence TEXT]   record the owner's consent to be listed, or its withdrawal
  siapekspor catalogue inquiries [--limit N]   buyers' inquiries from the catalogue, newest first, with their draft requests
  siapekspor catalogue buyers [--approve ID | --reject ID]   buyers who registered from the catalogue
  siapekspor boundaries load FILE.geojson  load a province's regencies or a regency's districts for the map (all or nothing)
  siapekspor demo      fill the database with a synthetic demo province (--enterprises N --seed S, or --csv FILE)
  siapekspor bench load   a load benchmark: the server on the demo province against a bare handler

Run "siapekspor COMMAND -h" for a command's flags. Every flag can also be set
by an environment variable: --db is SIAPEKSPOR_DB, --addr is SIAPEKSPOR_ADDR, …
`

// run is the whole program, so tests can start it with their own arguments,
// environment and output.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	// The command line acts as the system: it is run by whoever operates the
	// server, and its changes are audited as "system".
	ctx = siapekspor.WithActor(ctx, siapekspor.SystemActor)
	env := cliEnv{ctx: ctx, getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	switch args[0] {
	case "user":
		return cmdUser(env, args[1:])
	case "org":
		return cmdOrg(env, args[1:])
	case "import":
		return cmdImport(env, args[1:])
	case "export":
		return cmdExport(env, args[1:])
	case "demo":
		return cmdDemo(env, args[1:])
	case "questionnaire":
		return cmdQuestionnaire(env, args[1:])
	case "training":
		return cmdTraining(env, args[1:])
	case "mentoring":
		return cmdMentoring(env, args[1:])
	case "markets":
		return cmdMarkets(env, args[1:])
	case "match":
		return cmdMatch(env, args[1:])
	case "matches":
		return cmdMatches(env, args[1:])
	case "funnel":
		return cmdFunnel(env, args[1:])
	case "report":
		return cmdReport(env, args[1:])
	case "event":
		return cmdEvent(env, args[1:])
	case "catalogue":
		return cmdCatalogue(env, args[1:])
	case "exports":
		return cmdExports(env, args[1:])
	case "target":
		return cmdTarget(env, args[1:])
	case "boundaries":
		return cmdBoundaries(env, args[1:])
	case "serve":
		return cmdServe(env, args[1:])
	case "migrate":
		return cmdMigrate(env, args[1:])
	case "backup":
		return cmdBackup(env, args[1:])
	case "restore":
		return cmdRestore(env, args[1:])
	case "bench":
		return cmdBench(env, args[1:])
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, versionString())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "siapekspor: unknown command %q\n\n%s", args[0], usage)
	return errUsage
}

// cliEnv is the program's surroundings, passed to every command.
type cliEnv struct {
	ctx            context.Context
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
}

// namedCmd is one subcommand of a command group (user, org, matches).
type namedCmd struct {
	name string
	run  func(cliEnv, []string) error
}

// subcommand runs the group's subcommand args[0] names, or says what the
// group has: "usage: siapekspor user add|list|token [flags]".
func subcommand(env cliEnv, group, usageSuffix string, args []string, cmds []namedCmd) error {
	names := make([]string, len(cmds))
	for i, c := range cmds {
		names[i] = c.name
		if len(args) > 0 && args[0] == c.name {
			return c.run(env, args[1:])
		}
	}
	if len(args) == 0 {
		fmt.Fprintf(env.stderr, "usage: siapekspor %s %s%s\n", group, strings.Join(names, "|"), usageSuffix)
	} else {
		fmt.Fprintf(env.stderr, "siapekspor %s: unknown command %q (%s)\n", group, args[0], strings.Join(names, ", "))
	}
	return errUsage
}
