package main

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/auth"
)

func cmdUser(env cliEnv, args []string) error {
	return subcommand(env, "user", " [flags]", args, []namedCmd{{"add", cmdUserAdd}, {"list", cmdUserList}, {"token", cmdUserToken}})
}

func cmdUserAdd(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	email := fs.String("email", "", "the user's e-mail address (required)")
	role := fs.String("role", "", "admin, officer, validator, mentor, trainer, buyer, owner or viewer (required)")
	org := fs.String("org", "", "the organisation: its id or exact name (required)")
	name := fs.String("name", "", "the user's name")
	invite := fs.Bool("invite", false, "print a one-time invitation link path instead of a one-time password")
	service := fs.Bool("service", false, "a service account for scripts: no password, never signs in, acts only through tokens (siapekspor user token)")
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	if *service && *invite {
		return errors.New("--service and --invite exclude each other: a service account has no password to set")
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	orgID, err := orgByRef(env, db, *org)
	if err != nil {
		return err
	}
	u := &siapekspor.User{Email: *email, Name: *name, Role: siapekspor.Role(*role), OrgID: orgID, Service: *service}
	svc := auth.New(db, auth.Config{})
	pw := ""
	if !*invite && !*service {
		pw = auth.NewOneTimePassword()
	}
	secret, err := svc.CreateUser(env.ctx, u, pw)
	if err != nil {
		return explain(err)
	}
	if *service {
		fmt.Fprintf(env.stdout, "service account %s created (id %d); it has no password and cannot sign in.\nmake its API tokens with: siapekspor user token --email %s --name NAME [--scope read-write]\n", u.Email, u.ID, u.Email)
		return nil
	}
	if *invite {
		fmt.Fprintf(env.stdout, "user %s created; invitation link (valid 7 days): /link/%s\n", u.Email, secret)
		return nil
	}
	fmt.Fprintf(env.stdout, "user %s created (id %d)\none-time password: %s\n(it must be changed at the first sign-in)\n", u.Email, u.ID, pw)
	return nil
}

func cmdUserList(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("user list", flag.ContinueOnError)
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
	users, err := db.ListUsers(env.ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tE-MAIL\tROLE\tORGANISATION\tSTATUS")
	for _, u := range users {
		status := "active"
		switch {
		case u.Disabled:
			status = "disabled"
		case u.Service:
			status = "service account"
		case u.MustChangePassword:
			status = "must change its one-time password"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Role, u.OrgName, status)
	}
	return tw.Flush()
}

func cmdUserToken(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("user token", flag.ContinueOnError)
	var dbc dbConfig
	addDBFlags(fs, env.getenv, &dbc)
	email := fs.String("email", "", "the user the token acts for (required)")
	name := fs.String("name", "", "what the token is for, e.g. the integration's name (required)")
	scope := fs.String("scope", auth.ScopeRead, "read or read-write")
	expires := fs.String("expires", "30d", "lifetime: days (30d) or hours (12h), at most 366d")
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	ttl, err := parseLifetime(*expires)
	if err != nil {
		return err
	}
	db, err := openDB(env.ctx, dbc, true, newLogger(env.stderr, "warn"))
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UserByEmail(env.ctx, *email)
	if err != nil {
		return fmt.Errorf("no user with e-mail %q", *email)
	}
	if err := tokenRefusal(u); err != nil {
		return err
	}
	secret, t, err := auth.New(db, auth.Config{}).CreateToken(env.ctx, u.ID, *name, *scope, ttl)
	if err != nil {
		return explain(err)
	}
	fmt.Fprintf(env.stderr, "token %q for %s, scope %s, expires %s; it is shown only once:\n", t.Name, u.Email, t.Scope, t.ExpiresAt.Format("2006-01-02"))
	fmt.Fprintln(env.stdout, secret)
	return nil
}

// tokenRefusal says why a token for u would be refused by the API, and
// what to do, before one is made: the API refuses every request of a user
// who must still change a one-time password (or is disabled). A service
// account has no password to change and is never refused for it.
func tokenRefusal(u *siapekspor.User) error {
	switch {
	case u.Disabled:
		return fmt.Errorf("user %s is disabled: its tokens would be refused; enable it on the Users page first", u.Email)
	case u.MustChangePassword && !u.Service:
		return fmt.Errorf("user %s must still change its one-time password, and the API refuses its tokens until then.\n"+
			"  For a person: sign in once as %s and choose a password, then run this again.\n"+
			"  For a script or an integration: make a service account, which needs no password:\n"+
			"    siapekspor user add --service --email robot@… --role %s --org %d\n"+
			"    siapekspor user token --email robot@… --name NAME", u.Email, u.Email, u.Role, u.OrgID)
	}
	return nil
}

// parseLifetime reads "30d" or "12h".
func parseLifetime(s string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(d)
		if err == nil && n > 0 {
			return time.Duration(n) * 24 * time.Hour, nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return d, nil
	}
	return 0, fmt.Errorf("--expires %q: give days like 30d or hours like 12h", s)
}
