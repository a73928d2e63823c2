package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
)

// The public catalogue on the command line (issue 20): what is listed
// (with the filters of the pages), giving or withdrawing an enterprise's
// listing consent as an officer recording the owner's agreement, the
// buyers' inquiries, and buyer registrations to approve or reject. The
// command line acts as the system (an admin).

func cmdCatalogue(env cliEnv, args []string) error {
	return subcommand(env, "catalogue", " [flags]", args, []namedCmd{{"list", cmdCatalogueList}, {"consent", cmdCatalogueConsent},
		{"inquiries", cmdCatalogueInquiries}, {"buyers", cmdCatalogueBuyers}})
}

func cmdCatalogueList(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("catalogue list", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	var f siapekspor.CatalogueFilter
	fs.StringVar(&f.Query, "q", "", "words, Indonesian or English")
	fs.StringVar(&f.HSChapter, "hs-chapter", "", "2-digit HS chapter, e.g. 09")
	fs.StringVar(&f.RegencyCode, "regency", "", "regency/city code, e.g. 18.04")
	cert := fs.String("certificate", "", "a certificate held and valid, e.g. halal, fda")
	fs.Float64Var(&f.MinCapacity, "min-capacity", 0, "at least this capacity per month")
	fs.IntVar(&f.Limit, "limit", 100, "at most this many (1–100)")
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	f.Certificate = siapekspor.CertificateType(*cert)
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	page, err := db.CatalogueProducts(env.ctx, f, db.Now())
	if err != nil {
		return explainIn(err)
	}
	p := i18n.Printer{Lang: i18n.EN}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tPRODUCT\tHS\tENTERPRISE\tREGENCY\tCAPACITY/MONTH\tFOB USD\tCERTIFICATES\tPATH")
	for _, x := range page.Items {
		name, _ := x.Name(false)
		certs := make([]string, len(x.Certificates))
		for i, c := range x.Certificates {
			certs[i] = string(c.Type)
		}
		fob := ""
		if x.FOBUSDCents > 0 {
			fob = p.USD(x.FOBUSDCents)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s %s\t%s\t%s\t%s\n", x.ID, name, x.HSCode, x.EnterpriseName, x.RegencyName,
			p.Dec(x.CapacityPerMonth), x.Unit, fob, strings.Join(certs, ","), x.Path)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%d of %d listed products\n", len(page.Items), page.Total)
	return nil
}

func cmdCatalogueConsent(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("catalogue consent", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	id := fs.Int64("enterprise", 0, "the enterprise's ID")
	listed := fs.String("listed", "", "yes (the owner agreed) or no (withdrawn)")
	evidence := fs.String("evidence", "", "how the owner agreed (required with --listed yes), e.g. \"formulir ditandatangani 2 Des 2026\"")
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	if *id <= 0 {
		return errors.New("--enterprise: wajib (required)")
	}
	if *listed != "yes" && *listed != "no" {
		return errors.New("--listed: yes atau no (yes or no)")
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	c := &siapekspor.ListingConsent{EnterpriseID: *id, Listed: *listed == "yes", Evidence: *evidence}
	if err := db.SetListingConsent(env.ctx, c); err != nil {
		return explainIn(err)
	}
	items, err := db.CatalogueEnterprise(env.ctx, *id, db.Now())
	switch {
	case !c.Listed:
		fmt.Fprintf(env.stdout, "enterprise %d withdrawn from the public catalogue\n", *id)
	case err == nil:
		fmt.Fprintf(env.stdout, "enterprise %d listed: %d products in the catalogue, profile %s\n", *id, len(items.Products), items.Path)
	case siapekspor.ErrorCodeOf(err) == siapekspor.ENotFound:
		fmt.Fprintf(env.stdout, "enterprise %d agreed to be listed; none of its products is export-validated yet, so the catalogue shows nothing of it\n", *id)
	default:
		return explainIn(err)
	}
	return nil
}

func cmdCatalogueInquiries(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("catalogue inquiries", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	limit := fs.Int("limit", 50, "at most this many, newest first")
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	list, total, err := db.ListInquiries(env.ctx, *limit, 0)
	if err != nil {
		return explainIn(err)
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tRECEIVED\tFROM\tCOUNTRY\tE-MAIL\tABOUT\tDRAFT REQUEST\tMESSAGE")
	for _, q := range list {
		about := q.ProductName
		if about == "" {
			about = q.EnterpriseName
		}
		msg := strings.Join(strings.Fields(q.Message), " ")
		if r := []rune(msg); len(r) > 60 {
			msg = string(r[:60]) + "…"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", q.ID, q.CreatedAt.Format("2006-01-02 15:04"), strings.TrimSpace(q.Name+" "+q.Company),
			q.Country, q.Email, about, q.RequestID, msg)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%d of %d inquiries\n", len(list), total)
	return nil
}

func cmdCatalogueBuyers(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("catalogue buyers", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	approve := fs.Int64("approve", 0, "approve this registration: its buyer may sign in")
	reject := fs.Int64("reject", 0, "reject this registration")
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	if *approve != 0 && *reject != 0 {
		return errors.New("--approve atau --reject, bukan keduanya (one of --approve or --reject)")
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	if id := max(*approve, *reject); id != 0 {
		r, err := db.DecideBuyerRegistration(env.ctx, id, *approve != 0)
		if err != nil {
			return explainIn(err)
		}
		fmt.Fprintf(env.stdout, "registration %d of %s (%s): %s\n", r.ID, r.Email, r.Company, r.Status)
		return nil
	}
	list, err := db.BuyerRegistrations(env.ctx)
	if err != nil {
		return explainIn(err)
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tREGISTERED\tNAME\tE-MAIL\tCOMPANY\tCOUNTRY\tWEBSITE")
	for _, r := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Status, r.CreatedAt.Format("2006-01-02"), r.Name, r.Email, r.Company, r.Country, r.Website)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%d registrations\n", len(list))
	return nil
}
