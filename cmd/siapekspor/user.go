package main

import (
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
	if len(args) == 0 {
		fmt.Fprintln(env.stderr, "usage: siapekspor user add|list|token [flags]")
		return errUsage
	}
	switch args[0] {
	case "add":
		return cmdUserAdd(env, args[1:])
	case "list":
		return cmdUserList(env, args[1:])
	case "token":
		return cmdUserToken(env, args[1:])
	}
	fmt.Fprintf(env.stderr, "siapekspor user: unknown command %q (add, list, token)\n", args[0])
	return errUsage
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
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
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
	u := &siapekspor.User{Email: *email, Name: *name, Role: siapekspor.Role(*role), OrgID: orgID}
	svc := auth.New(db, auth.Config{})
	pw := ""
	if !*invite {
		pw = auth.NewOneTimePassword()
	}
	secret, err := svc.CreateUser(env.ctx, u, pw)
	if err != nil {
		return explain(err)
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
		if u.Disabled {
			status = "disabled"
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
	secret, t, err := auth.New(db, auth.Config{}).CreateToken(env.ctx, u.ID, *name, *scope, ttl)
	if err != nil {
		return explain(err)
	}
	fmt.Fprintf(env.stderr, "token %q for %s, scope %s, expires %s; it is shown only once:\n", t.Name, u.Email, t.Scope, t.ExpiresAt.Format("2006-01-02"))
	fmt.Fprintln(env.stdout, secret)
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
