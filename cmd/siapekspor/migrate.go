package main

import (
	"flag"
	"fmt"
)

func cmdMigrate(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	var db dbConfig
	addDBFlags(fs, env.getenv, &db)
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	log := newLogger(env.stderr, "info")
	store, err := openDB(env.ctx, db, true, log)
	if err != nil {
		return err
	}
	defer store.Close()
	st, err := store.Status(env.ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "database (%s) is at schema version %d; reference data is current\n", store.Engine(), st.Applied[len(st.Applied)-1])
	return nil
}
