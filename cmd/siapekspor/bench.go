package main

import (
	"flag"
	"fmt"
	"time"

	"github.com/siapekspor/siapekspor/internal/loadbench"
)

// cmdBench runs the load benchmark (bench load) and its bare handler
// (bench bare, which the benchmark starts itself).
func cmdBench(env cliEnv, args []string) error {
	if len(args) == 0 || (args[0] != "load" && args[0] != "bare") {
		fmt.Fprintln(env.stderr, "usage: siapekspor bench load [flags]")
		return errUsage
	}
	if args[0] == "bare" {
		fs := flag.NewFlagSet("bench bare", flag.ContinueOnError)
		addr := fs.String("addr", "127.0.0.1:0", "address to listen on")
		if err := parseFlags(fs, args[1:], env.stderr); err != nil {
			return err
		}
		return loadbench.ServeBare(env.ctx, *addr, env.stdout)
	}
	fs := flag.NewFlagSet("bench load", flag.ContinueOnError)
	var db dbConfig
	fs.StringVar(&db.URL, "db", "", "a postgres:// URL to benchmark on PostgreSQL (an empty database is filled with the demo province); empty for SQLite in --data-dir")
	fs.StringVar(&db.DataDir, "data-dir", "bench-data", "folder for the benchmark's SQLite database (the demo province, made on the first run) and the server's files")
	clients := fs.Int("clients", 20, "concurrent clients, each with its own connection and session")
	duration := fs.Duration("duration", 10*time.Second, "how long each scenario is measured")
	warm := fs.Duration("warm", 2*time.Second, "how long each scenario runs before it is measured")
	rounds := fs.Int("rounds", 1, "measure each scenario this many times (the app, then the bare handler, each time) and report the median round by app/bare")
	only := fs.String("scenarios", "", "comma-separated scenarios to run (default all): "+fmt.Sprint(loadbench.Scenarios()))
	bin := fs.String("bin", "", "the siapekspor binary to benchmark (default this one)")
	cache := fs.Int("search-cache", 0, "the server's search cache in result pages; 0 makes every search a miss")
	verbose := fs.Bool("v", false, "show the servers' own output")
	if err := parseFlags(fs, args[1:], env.stderr); err != nil {
		return err
	}
	names, err := loadbench.ReadScenarios(*only)
	if err != nil {
		return err
	}
	cfg := loadbench.Config{Bin: *bin, DataDir: db.DataDir, DB: db.URL, Clients: *clients, Duration: *duration, Warm: *warm, Rounds: *rounds,
		Only: names, SearchCache: *cache, Out: env.stdout}
	if *verbose {
		cfg.ServerLog = env.stderr
	}
	rep, err := loadbench.Run(env.ctx, cfg)
	if err != nil {
		return err
	}
	if rep.Failed() {
		return fmt.Errorf("requests failed or writes were lost (see above)")
	}
	return nil
}
