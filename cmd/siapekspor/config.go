package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"strconv"
	"strings"

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
}

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
	db, err := store.Open(ctx, store.Options{URL: c.URL, DataDir: c.DataDir})
	if err != nil {
		return nil, err
	}
	if migrate {
		applied, err := db.Migrate(ctx)
		if err != nil {
			db.Close()
			return nil, err
		}
		if len(applied) > 0 {
			log.Info("migrations applied", "versions", applied)
		}
		loaded, err := db.LoadReference(ctx)
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("load reference data: %w", err)
		}
		if loaded {
			log.Info("reference data loaded", "version", refdata.Version())
		}
		if err := db.Optimize(ctx, false); err != nil {
			log.Warn("refreshing planner statistics failed", "err", err)
		}
		return db, nil
	}
	st, err := db.Status(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if !st.Current() {
		db.Close()
		if len(st.Unknown) > 0 {
			return nil, fmt.Errorf("the database was migrated by a newer siapekspor (versions %v): run that version", st.Unknown)
		}
		return nil, fmt.Errorf("the database schema is out of date (pending migrations %v): run \"siapekspor migrate\" first", st.Pending)
	}
	return db, nil
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}

func envInt(getenv func(string) string, key string, def int64) int64 {
	if v, err := strconv.ParseInt(getenv(key), 10, 64); err == nil && v > 0 {
		return v
	}
	return def
}
