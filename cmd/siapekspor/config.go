package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func versionString() string {
	goVersion := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		goVersion = bi.GoVersion
	}
	return fmt.Sprintf("siapekspor %s (%s, reference data %s)", version, goVersion, refdata.Version())
}

// dbConfig is the database part of every command's configuration.
type dbConfig struct {
	URL     string
	DataDir string
	// BusyWait is how long a SQLite write waits for another process's
	// write; zero means cliBusyWait.
	BusyWait time.Duration
}

// cliBusyWait: a command run beside the server waits for the server's
// writes (and for the write phase of an import the server runs) rather than
// fail; no proxy or browser is waiting on it. serve uses the store's shorter
// default, past which a page answers 503 with Retry-After.
const cliBusyWait = 10 * time.Minute

// addDBFlags registers --db and --data-dir with their environment defaults.
func addDBFlags(fs *flag.FlagSet, getenv func(string) string, c *dbConfig) {
	fs.StringVar(&c.URL, "db", getenv("SIAPEKSPOR_DB"), "database: a postgres:// URL, or a SQLite file path (default DATA-DIR/siapekspor.db) [SIAPEKSPOR_DB]")
	fs.StringVar(&c.DataDir, "data-dir", envOr(getenv, "SIAPEKSPOR_DATA_DIR", "data"), "folder for the SQLite database and uploaded files [SIAPEKSPOR_DATA_DIR]")
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// parseFlags parses a command's flags, printing errors and help to stderr.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errUsage
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "siapekspor %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return errUsage
	}
	return nil
}

// openDB opens the database and, when migrate is set, brings its schema and
// reference data up to date; otherwise it refuses a stale schema.
func openDB(ctx context.Context, c dbConfig, migrate bool, log *slog.Logger) (*store.DB, error) {
	return openDBThen(ctx, c, migrate, log, nil)
}

// openDBThen is openDB running then (when set) once the schema is current
// and before the reference data is loaded: serve creates the first
// administrator there, so its password shows before the long part of a
// first start. Every step that takes seconds is logged as it begins.
func openDBThen(ctx context.Context, c dbConfig, migrate bool, log *slog.Logger, then func(*store.DB) error) (*store.DB, error) {
	db, err := store.Open(ctx, store.Options{URL: c.URL, DataDir: c.DataDir, BusyTimeout: cmp.Or(c.BusyWait, cliBusyWait)})
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*store.DB, error) {
		db.Close()
		return nil, err
	}
	if !migrate {
		st, err := db.Status(ctx)
		if err != nil {
			return fail(err)
		}
		if !st.Current() {
			if len(st.Unknown) > 0 {
				return fail(fmt.Errorf("the database was migrated by a newer siapekspor (versions %v): run that version", st.Unknown))
			}
			return fail(fmt.Errorf("the database schema is out of date (pending migrations %v): run \"siapekspor migrate\" first", st.Pending))
		}
		if then != nil {
			if err := then(db); err != nil {
				return fail(err)
			}
		}
		return db, nil
	}
	start := time.Now()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return fail(err)
	}
	if len(applied) > 0 {
		log.Info("migrations applied", "versions", applied, "duration", time.Since(start).Round(time.Millisecond))
	}
	if then != nil {
		if err := then(db); err != nil {
			return fail(err)
		}
	}
	start = time.Now()
	steps := 0
	db.Progress = func(step string) {
		steps++
		log.Info("a new database: loading the built-in data", "step", step, "elapsed", time.Since(start).Round(100*time.Millisecond))
	}
	_, err = db.LoadReference(ctx)
	db.Progress = nil
	if err != nil {
		return fail(fmt.Errorf("load reference data: %w", err))
	}
	if steps > 0 {
		log.Info("built-in data loaded", "version", refdata.Version(), "duration", time.Since(start).Round(time.Millisecond))
	}
	if err := db.Optimize(ctx, false); err != nil {
		log.Warn("refreshing planner statistics failed", "err", err)
	}
	return db, nil
}

// progressLog reports a long job's steps on the log: a line when a step
// begins, then one at about every tenth of it or every three seconds,
// whichever comes first, and one when it ends.
func progressLog(log *slog.Logger, job string) func(step string, done, total int) {
	var step string
	var began, last time.Time
	lastDone := 0
	return func(s string, done, total int) {
		now := time.Now()
		if s != step {
			step, began, last, lastDone = s, now, time.Time{}, -total
		}
		if done < total && (done-lastDone)*100 < total*9 && now.Sub(last) < 3*time.Second {
			return
		}
		last, lastDone = now, done
		log.Info(job+": "+step, "done", done, "of", total, "elapsed", now.Sub(began).Round(100*time.Millisecond))
	}
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}

// envDuration reads a duration such as 30s or 2m from the environment.
func envDuration(getenv func(string) string, key string, def time.Duration) time.Duration {
	if v, err := time.ParseDuration(getenv(key)); err == nil && v > 0 {
		return v
	}
	return def
}

func envInt(getenv func(string) string, key string, def int64) int64 {
	if v, err := strconv.ParseInt(getenv(key), 10, 64); err == nil && v > 0 {
		return v
	}
	return def
}
