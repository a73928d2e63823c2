package main

import (
	"flag"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
)

// The deal pipeline on the command line (issue 17, item 4): list matches
// and move one. The flags are named as the fields are, so that a refused
// move names the flag to fix. The command line acts as the system (an admin); the
// owner's consent is given by the owner only, never here.

func cmdMatches(env cliEnv, args []string) error {
	return subcommand(env, "matches", "", args, []namedCmd{{"list", cmdMatchesList}, {"move", cmdMatchesMove}})
}

func cmdMatchesList(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("matches list", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	req := fs.Int64("request", 0, "a request's matches")
	ent := fs.Int64("enterprise", 0, "an enterprise's matches")
	step := fs.String("step", "", "one step (shortlisted, introduced, accepted, meeting, sample_sent, negotiation, contract, shipped, lost)")
	open := fs.Bool("open", false, "neither shipped nor lost")
	limit := fs.Int("limit", 100, "at most this many (up to 500)")
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	page, err := db.ListMatches(env.ctx, store.MatchFilter{RequestID: *req, EnterpriseID: *ent, Step: siapekspor.MatchStep(*step), Open: *open, Limit: *limit})
	if err != nil {
		return explain(err)
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tREQUEST\tENTERPRISE\tPRODUCT\tSTEP\tSINCE\tVERSION")
	for _, m := range page.Items {
		st := string(m.Step)
		if m.LostReason != "" {
			st += " (" + m.LostReason + ")"
		}
		fmt.Fprintf(tw, "%d\t%d %s\t%s\t%s\t%s\t%s\t%d\n", m.ID, m.RequestID, m.RequestTitle, m.EnterpriseName, m.ProductName, st,
			m.StepAt.Format("2006-01-02"), m.Version)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%d of %d matches\n", len(page.Items), page.Total)
	return nil
}

func cmdMatchesMove(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("matches move", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	var mv siapekspor.MatchMove
	to := fs.String("to", "", "the step to move to")
	fs.StringVar(&mv.Note, "note", "", "why (needed for a step backwards)")
	fs.StringVar(&mv.LostReason, "lost-reason", "", "why it was lost (one of: owner_declined buyer_declined price quality capacity certificates delivery_time no_response request_closed other)")
	fs.Float64Var(&mv.Contract.Value, "contract-value", 0, "contract value")
	fs.StringVar(&mv.Contract.Currency, "contract-currency", "", "contract currency (ISO 4217)")
	fs.Float64Var(&mv.Contract.Quantity, "contract-quantity", 0, "contract quantity")
	unit := fs.String("contract-unit", "", "contract quantity's unit")
	fs.StringVar(&mv.Contract.Terms, "contract-terms", "", "contract delivery terms")
	fs.IntVar(&mv.Version, "version", 0, "the match's version as listed (refused when it changed since)")
	arg, err := parseArgFlags(fs, args, env.stderr)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(arg, 10, 64)
	if id <= 0 || *to == "" {
		fmt.Fprintln(env.stderr, "usage: siapekspor matches move ID --to STEP [--note TEXT] [--lost-reason R] [--contract-value V --contract-currency C --contract-quantity Q --contract-unit U --contract-terms T]")
		return errUsage
	}
	mv.To, mv.Contract.Unit = siapekspor.MatchStep(*to), siapekspor.Unit(*unit)
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := db.MoveMatch(env.ctx, id, mv)
	if err != nil {
		return explain(err)
	}
	fmt.Fprintf(env.stdout, "match %d: %s (version %d)\n", m.ID, m.Step, m.Version)
	return nil
}
