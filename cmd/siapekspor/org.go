package main

import (
	"errors"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/i18n"
	"github.com/siapekspor/siapekspor/internal/store"
)

func cmdOrg(env cliEnv, args []string) error {
	return subcommand(env, "org", " [flags]", args, []namedCmd{{"add", cmdOrgAdd}, {"list", cmdOrgList}})
}

func cmdOrgAdd(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("org add", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	name := fs.String("name", "", "the organisation's name (required)")
	kind := fs.String("kind", "", orgKindList()+" (required)")
	region := fs.String("region", "", "Kemendagri code of its region (required for a regency office), e.g. 18.01")
	enterprise := fs.Int64("enterprise", 0, "the registry id of the enterprise (for kind enterprise)")
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	switch {
	case *kind == "":
		return fmt.Errorf("--kind is required: one of %s", orgKindList())
	case !slices.Contains(siapekspor.OrgKinds, siapekspor.OrgKind(*kind)):
		return fmt.Errorf("--kind %q is not an organisation kind; use one of: %s", *kind, orgKindList())
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	o := &siapekspor.Organisation{Name: *name, Kind: siapekspor.OrgKind(*kind), RegionCode: *region}
	if *enterprise != 0 {
		o.EnterpriseID = enterprise
	}
	if err := db.CreateOrganisation(env.ctx, o); err != nil {
		return explain(err)
	}
	fmt.Fprintf(env.stdout, "organisation %q created (id %d)\n", o.Name, o.ID)
	return nil
}

func cmdOrgList(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("org list", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	orgs, err := db.ListOrganisations(env.ctx, siapekspor.OrganisationFilter{})
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tKIND\tREGION")
	for _, o := range orgs {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", o.ID, o.Name, o.Kind, o.RegionCode)
	}
	return tw.Flush()
}

// orgKindList names the organisation kinds, for help and errors.
func orgKindList() string {
	kinds := make([]string, len(siapekspor.OrgKinds))
	for i, k := range siapekspor.OrgKinds {
		kinds[i] = string(k)
	}
	return strings.Join(kinds, ", ")
}

// orgByRef finds an organisation by id or exact name (any case).
func orgByRef(env cliEnv, db *store.DB, ref string) (int64, error) {
	if ref == "" {
		return 0, errors.New("--org is required: an organisation's id or name (see siapekspor org list)")
	}
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		if _, err := db.Organisation(env.ctx, id); err != nil {
			return 0, fmt.Errorf("no organisation with id %d", id)
		}
		return id, nil
	}
	orgs, err := db.ListOrganisations(env.ctx, siapekspor.OrganisationFilter{})
	if err != nil {
		return 0, err
	}
	for _, o := range orgs {
		if strings.EqualFold(o.Name, strings.TrimSpace(ref)) {
			return o.ID, nil
		}
	}
	return 0, fmt.Errorf("no organisation named %q (see siapekspor org list)", ref)
}

// explain turns a domain error into one line per broken rule, in English
// (the command line's language), naming each field.
func explain(err error) error {
	de, ok := siapekspor.AsError(err)
	if !ok && siapekspor.ErrorCodeOf(err) == siapekspor.EUnavailable {
		return fmt.Errorf("%s (%w)", i18n.T(i18n.EN, "error.busy"), err)
	}
	if !ok {
		return err
	}
	if len(de.Fields) == 0 {
		return errors.New(i18n.T(i18n.EN, de.Key, de.Args...))
	}
	var lines []string
	for _, f := range de.Fields {
		lines = append(lines, "--"+strings.ReplaceAll(strings.TrimSuffix(f.Field, "_id"), "_", "-")+": "+i18n.T(i18n.EN, f.Key, f.Args...))
	}
	return errors.New(strings.Join(lines, "\n  "))
}
