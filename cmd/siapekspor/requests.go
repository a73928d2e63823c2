package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/match"
	"github.com/siapekspor/siapekspor/internal/store"
)

// Buyers' requests on the command line (issue 17): the ranking of one
// request factor by factor, and the request import.

// openFileAndDB opens an import's file and the database; done closes both.
func openFileAndDB(env cliEnv, dbc dbConfig, file string) (f *os.File, size int64, db *store.DB, done func(), err error) {
	if f, err = os.Open(file); err != nil {
		return nil, 0, nil, nil, err
	}
	st, err := f.Stat()
	if err == nil {
		db, err = openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	}
	if err != nil {
		f.Close()
		return nil, 0, nil, nil, err
	}
	return f, st.Size(), db, func() { db.Close(); f.Close() }, nil
}

// cmdImportRequests imports buying requests and procurement needs: all
// rows or none, with every problem by line, as cmdImportProducts does.
func cmdImportRequests(env cliEnv, args []string) error {
	return cmdImportTable(env, args, "requests", "request", bulk.ImportRequests)
}

// cmdMatch prints a request's ranking factor by factor, as markets rank
// prints a product's destinations.
func cmdMatch(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("match", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	id := fs.Int64("request", 0, "the request's id")
	top := fs.Int("top", 20, "places in the shortlist")
	near := fs.Int("near", 10, "near misses to print")
	spread := fs.Bool("spread", false, "spread the shortlist across regencies (the training placement's 25% cap)")
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	if *id == 0 {
		fmt.Fprintln(env.stderr, "usage: siapekspor match --request ID [--top 20] [--near 10] [--spread]")
		return errUsage
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := db.MatchRequest(env.ctx, *id, store.MatchOptions{Top: *top, NearMisses: *near, Spread: *spread})
	if err != nil {
		return explain(err)
	}
	p := i18n.Printer{Lang: i18n.EN}
	text := func(msg match.Message) string { return msg.Render(p.T) }
	r := m.Ranking
	fmt.Fprintf(env.stdout, "request %d: %s (%s)\n%s\n", m.Request.ID, m.Request.Title, p.T("match.kind."+string(r.Kind)), text(r.Need.Message))
	var factors []match.FactorID
	var head []string
	for _, f := range r.Factors {
		if f.Included {
			factors = append(factors, f.ID)
			head = append(head, strings.ToUpper(string(f.ID))+fmt.Sprintf(" %.0f%%", f.Share))
		} else if f.Reason != nil {
			fmt.Fprintf(env.stdout, "left out: %s — %s\n", f.ID, text(*f.Reason))
		}
	}
	row := func(tw *tabwriter.Writer, rank string, e match.Entry) {
		info := m.Products[e.ProductID]
		cells := []string{rank, fmt.Sprint(e.ProductID), info.NameID, info.EnterpriseName, info.RegencyName, fmt.Sprintf("%.1f", e.Score)}
		for _, id := range factors {
			cell := "—"
			for _, f := range e.Factors {
				if f.ID == id {
					cell = fmt.Sprintf("%.0f (+%.1f)", f.Score, f.Points)
				}
			}
			cells = append(cells, cell)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "RANK\tPRODUCT\tNAME\tENTERPRISE\tREGENCY\tSCORE\t%s\n", strings.Join(head, "\t"))
	for _, e := range r.Entries {
		flag := ""
		if e.PastCap {
			flag = "*"
		}
		row(tw, fmt.Sprint(e.Rank)+flag, e)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(env.stdout, "cells: the factor's score from 0 to 100, and in brackets the points it adds to SCORE (a row's points add up to its score).")
	for _, n := range r.Notes {
		fmt.Fprintln(env.stdout, "note:", text(n))
	}
	if len(r.NearMisses) > 0 {
		fmt.Fprintln(env.stdout, "near misses (excluded; what closes the gap):")
		for _, e := range r.NearMisses {
			info := m.Products[e.ProductID]
			var gaps []string
			for _, g := range e.Gaps {
				gaps = append(gaps, text(g.Message)+" → "+text(g.Action.Message))
			}
			fmt.Fprintf(env.stdout, "  %d %s (%s, %s) %.1f: %s\n", e.ProductID, info.NameID, info.EnterpriseName, info.RegencyName, e.Score, strings.Join(gaps, "; "))
		}
	}
	s := r.Stats
	fmt.Fprintf(env.stdout, "%d candidates, %d fit, %d eligible, %d near misses; candidates picked in %s, ranked in %s\n", s.Candidates, s.Fitting, s.Eligible, s.NearMisses,
		(time.Duration(m.CandidateMicros) * time.Microsecond).String(), (time.Duration(m.TotalMicros) * time.Microsecond).String())
	return nil
}
