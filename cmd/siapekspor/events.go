package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/eventdoc"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/schedule"
	"github.com/siapekspor/siapekspor/internal/store"
)

// Business-matching events on the command line (issue 19, item 6): list
// the events, run the scheduler printing what it achieved against its
// bound, write agendas (PDF, iCalendar, WhatsApp text) and the report.
// The command line acts as the system (an admin), so it runs every event.

func cmdEvent(env cliEnv, args []string) error {
	return subcommand(env, "event", " [flags]", args, []namedCmd{{"list", cmdEventList}, {"schedule", cmdEventSchedule},
		{"agenda", cmdEventAgenda}, {"report", cmdEventReport}})
}

func cmdEventList(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("event list", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	when := fs.String("when", "", "upcoming or past (default: both)")
	kind := fs.String("kind", "", "business_matching, partnership or trade_fair")
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	switch *when {
	case "", "upcoming", "past":
	default:
		return errors.New("--when: upcoming atau past (upcoming or past)")
	}
	if *kind != "" && !slicesContains(siapekspor.EventKinds, siapekspor.EventKind(*kind)) {
		return errors.New("--kind: business_matching, partnership atau trade_fair (business_matching, partnership or trade_fair)")
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.ListEvents(env.ctx, store.EventFilter{When: *when, Kind: siapekspor.EventKind(*kind), Limit: 500})
	if err != nil {
		return explainIn(err)
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDAYS\tKIND\tNAME\tORGANISER\tENTERPRISES\tBUYERS\tREQUESTS\tMEETINGS")
	for _, s := range list {
		days := s.FirstDay()
		if s.LastDay() != days {
			days += "…" + s.LastDay()
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\n", s.ID, days, s.Kind, s.Name, s.OrgName, s.Enterprises, s.Buyers, s.Requests, s.Meetings)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%d events\n", len(list))
	return nil
}

func slicesContains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// eventOf reads the --event flag's event: a clear message when there is
// none.
func eventOf(env cliEnv, db *store.DB, id int64) (*siapekspor.Event, error) {
	ev, err := db.Event(env.ctx, id)
	if siapekspor.ErrorCodeOf(err) == siapekspor.ENotFound {
		return nil, errors.New("--event: " + i18n.T(i18n.ID, "event.cli.unknown_event", id) + " (" + i18n.T(i18n.EN, "event.cli.unknown_event", id) + ")")
	}
	if err != nil {
		return nil, explainIn(err)
	}
	return ev, nil
}

// needEvent refuses a missing or malformed --event.
func needEvent(env cliEnv, id int64, use string) error {
	if id <= 0 {
		fmt.Fprintln(env.stderr, "usage: siapekspor event "+use)
		return errUsage
	}
	return nil
}

const (
	useSchedule = "schedule --event ID [--rule cover-first|weight-only] [--seed N]"
	useAgenda   = "agenda --event ID (--participant PID | --table N | --all) --out FILE.pdf|.ics|.txt [--lang id|en]"
	useReport   = "report --event ID [--out FILE.xlsx] [--lang id|en]"
)

func cmdEventSchedule(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("event schedule", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	id := fs.Int64("event", 0, "the event's ID (siapekspor event list)")
	rule := fs.String("rule", string(schedule.CoverFirst), "cover-first (every enterprise one meeting before anyone a fourth) or weight-only")
	seed := fs.Int64("seed", 0, "the seed of the search's random choices (the same seed, the same agenda)")
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	if err := needEvent(env, *id, useSchedule); err != nil {
		return err
	}
	if r := schedule.Rule(*rule); r != schedule.CoverFirst && r != schedule.WeightOnly {
		return fmt.Errorf("--rule: %q: cover-first atau weight-only (cover-first or weight-only)", *rule)
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := eventOf(env, db, *id); err != nil {
		return err
	}
	run, err := db.ScheduleEvent(env.ctx, *id, store.ScheduleOptions{Rule: schedule.Rule(*rule), Seed: *seed})
	if err != nil {
		return explainIn(err)
	}
	d, err := db.EventDetail(env.ctx, *id)
	if err != nil {
		return explainIn(err)
	}
	fmt.Fprintln(env.stdout, runSummary(run, d))
	return nil
}

// runSummary is a run in one line, then the requests left out one a
// line: "weight 11,460 of bound 11,520 (99.5%), musts 94/94, enterprises
// covered 60/60 (bound 60), optimal: yes; 3 requests unscheduled:".
func runSummary(run *store.ScheduleRun, d *store.EventDetail) string {
	var b strings.Builder
	yes := "no"
	if run.Optimal {
		yes = "yes"
	}
	fmt.Fprintf(&b, "%d meetings (%d pinned), rule %s, %d ms\n", run.Meetings, run.Pinned, run.Rule, run.Millis)
	fmt.Fprintf(&b, "weight %s of bound %s (%.1f%%), musts %d/%d, enterprises covered %d/%d (bound %d), optimal: %s",
		thousands(run.Weight), thousands(run.Bound), 100*run.Ratio(), run.Musts, run.MustBound, run.Covered, run.Coverable, run.CoverBound, yes)
	if len(run.Unscheduled) == 0 {
		b.WriteString("; every accepted request scheduled")
		return b.String()
	}
	noun := "requests"
	if len(run.Unscheduled) == 1 {
		noun = "request"
	}
	fmt.Fprintf(&b, "; %d %s unscheduled:", len(run.Unscheduled), noun)
	names := map[int64]string{}
	if d != nil {
		for _, r := range d.Requests {
			names[r.ID] = r.EnterpriseName + " – " + r.BuyerName + " (" + string(r.Priority) + ")"
		}
	}
	const shown = 20
	for i, u := range run.Unscheduled {
		if i == shown {
			fmt.Fprintf(&b, "\n  … and %d more", len(run.Unscheduled)-shown)
			break
		}
		fmt.Fprintf(&b, "\n  #%d %s: %s", u.Request, names[u.Request], i18n.T(i18n.EN, u.Key, u.Args...))
	}
	return b.String()
}

// thousands writes n with commas: 11,460.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

func langFlag(fs *flag.FlagSet) *string {
	return fs.String("lang", "id", "the language of the text: id or en")
}

func printerOf(lang string) (i18n.Printer, error) {
	switch lang {
	case "id":
		return i18n.Printer{Lang: i18n.ID}, nil
	case "en":
		return i18n.Printer{Lang: i18n.EN}, nil
	}
	return i18n.Printer{}, fmt.Errorf("--lang: %q: id atau en (id or en)", lang)
}

func cmdEventAgenda(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("event agenda", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	id := fs.Int64("event", 0, "the event's ID")
	pid := fs.Int64("participant", 0, "a participant's agenda (its participant ID, as GET /api/v1/events/ID lists)")
	table := fs.Int("table", 0, "a table's agenda")
	all := fs.Bool("all", false, "every participant's agenda")
	out := fs.String("out", "", "the file to write: FILE.pdf, FILE.ics (one participant) or FILE.txt (the WhatsApp text)")
	lang := langFlag(fs)
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	if err := needEvent(env, *id, useAgenda); err != nil {
		return err
	}
	chosen := 0
	for _, b := range []bool{*pid != 0, *table != 0, *all} {
		if b {
			chosen++
		}
	}
	if chosen != 1 || *pid < 0 || *table < 0 {
		return errors.New("--participant, --table, --all: pilih satu (choose exactly one)")
	}
	ext := strings.ToLower(filepath.Ext(*out))
	switch {
	case ext != ".pdf" && ext != ".ics" && ext != ".txt":
		return errors.New("--out: tulis --out FILE.pdf, FILE.ics atau FILE.txt (write --out FILE.pdf, FILE.ics or FILE.txt)")
	case ext == ".ics" && *pid == 0:
		return errors.New("--out: " + i18n.T(i18n.ID, "event.ics_one_participant") + " (" + i18n.T(i18n.EN, "event.ics_one_participant") + ")")
	}
	p, err := printerOf(*lang)
	if err != nil {
		return err
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	ev, err := eventOf(env, db, *id)
	if err != nil {
		return err
	}
	list, err := db.Agendas(env.ctx, *id, *pid, *table)
	if err != nil {
		return explainIn(err)
	}
	now := db.Now()
	var write func(io.Writer) error
	switch ext {
	case ".pdf":
		write = func(w io.Writer) error { return eventdoc.WritePDF(w, list, now) }
	case ".ics":
		write = func(w io.Writer) error { _, err := w.Write(eventdoc.ICS(list[0], now, ev.Version)); return err }
	default:
		write = func(w io.Writer) error {
			var texts []string
			for _, a := range list {
				texts = append(texts, eventdoc.WhatsAppText(p, a))
			}
			_, err := io.WriteString(w, strings.Join(texts, "\n\n----\n\n")+"\n")
			return err
		}
	}
	if err := writeAtomically(*out, func(f *os.File) error { return write(f) }); err != nil {
		return err
	}
	meetings := 0
	for _, a := range list {
		meetings += len(a.Items)
	}
	fmt.Fprintf(env.stdout, "%s: %d agendas, %d meetings (%s)\n", *out, len(list), meetings, ev.Name)
	return nil
}

func cmdEventReport(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("event report", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	id := fs.Int64("event", 0, "the event's ID")
	out := fs.String("out", "", "write the report as FILE.xlsx (otherwise a summary to standard output)")
	lang := langFlag(fs)
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	if err := needEvent(env, *id, useReport); err != nil {
		return err
	}
	if *out != "" && strings.ToLower(filepath.Ext(*out)) != ".xlsx" {
		return errors.New("--out: tulis --out FILE.xlsx (write --out FILE.xlsx)")
	}
	p, err := printerOf(*lang)
	if err != nil {
		return err
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := eventOf(env, db, *id); err != nil {
		return err
	}
	rep, err := db.EventReport(env.ctx, *id)
	if err != nil {
		return explainIn(err)
	}
	if *out != "" {
		var b bytes.Buffer
		if err := eventdoc.WriteReportXLSX(&b, rep, p); err != nil {
			return err
		}
		if err := writeAtomically(*out, func(f *os.File) error { _, err := f.Write(b.Bytes()); return err }); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "%s: %s, %d meetings, %d held\n", *out, rep.Event.Name, rep.Total.Meetings, rep.Total.Held)
		return nil
	}
	writeEventReport(env.stdout, rep, p)
	return nil
}

// writeEventReport is the report as text: the counts, then the meetings
// by regency and by sector, then the follow-ups.
func writeEventReport(w io.Writer, rep *siapekspor.EventReport, p i18n.Printer) {
	ev := rep.Event
	fmt.Fprintf(w, "%s (%s), %s", ev.Name, p.Choice("event.kind", ev.Kind), ev.FirstDay())
	if ev.LastDay() != ev.FirstDay() {
		fmt.Fprintf(w, "…%s", ev.LastDay())
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "enterprises %d, buyers %d, checked in %d; requests %d, accepted %d\n", rep.Enterprises, rep.Buyers, rep.CheckedIn, rep.Requests, rep.Accepted)
	t := rep.Total
	fmt.Fprintf(w, "meetings %d: held %d, no-shows %d, not recorded %d; follow-ups %d\n", t.Meetings, t.Held, t.NoShows, t.Pending, t.FollowUps)
	var outs []string
	for i, o := range siapekspor.MeetingOutcomes {
		outs = append(outs, fmt.Sprintf("%s %d", p.Choice("event.outcome", o), t.Outcomes[i]))
	}
	fmt.Fprintf(w, "outcomes: %s\n", strings.Join(outs, ", "))
	table := func(title string, rows []siapekspor.EventReportRow, label func(string) string) {
		fmt.Fprintf(w, "\n%s\n", title)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "\tENTERPRISES\tMEETINGS\tHELD\tNO-SHOWS\tINTERESTED\tSAMPLE\tNEGOTIATION\tNO FIT\tFOLLOW-UPS")
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", label(r.Key), r.Enterprises, r.Meetings, r.Held, r.NoShows,
				r.Outcomes[0], r.Outcomes[1], r.Outcomes[2], r.Outcomes[3], r.FollowUps)
		}
		tw.Flush()
	}
	regions := refdata.DefaultRegionIndex()
	table("BY REGENCY", rep.ByRegency, func(k string) string {
		if r, ok := regions.ByCode(k); ok {
			return r.Name
		}
		if k == "" {
			return "?"
		}
		return k
	})
	table("BY SECTOR", rep.BySector, func(k string) string {
		if k == "" {
			return "?"
		}
		return p.Choice("sector", k)
	})
	if len(rep.FollowUps) > 0 {
		fmt.Fprintf(w, "\nFOLLOW-UPS\n")
		for _, m := range rep.FollowUps {
			when := "-"
			if d := m.FollowUpOn.Time(); d != nil {
				when = d.Format("2006-01-02")
			}
			fmt.Fprintf(w, "%s  %s – %s: %s. %s\n", when, m.EnterpriseName, m.BuyerName, p.Choice("event.outcome", m.Outcome), m.Note)
		}
	}
}
