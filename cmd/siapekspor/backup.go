package main

import (
	"bufio"
	"cmp"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/siapekspor/siapekspor/internal/backup"
	"github.com/siapekspor/siapekspor/internal/store"
)

// addBackupFlags registers what backup and restore share with serve: where
// the media folder is, and where PostgreSQL's client programs are.
func addBackupFlags(fs *flag.FlagSet, getenv func(string) string, dbc *dbConfig) (mediaDir, pgBin *string) {
	addDBFlags(fs, getenv, dbc)
	mediaDir = fs.String("media-dir", getenv("SIAPEKSPOR_MEDIA_DIR"), "folder of product photos and certificate scans (default DATA-DIR/media) [SIAPEKSPOR_MEDIA_DIR]")
	pgBin = fs.String("pg-bin", getenv("SIAPEKSPOR_PG_BIN"), "PostgreSQL: folder of pg_dump, pg_restore and psql (default: PATH, then /usr/lib/postgresql/*/bin) [SIAPEKSPOR_PG_BIN]")
	return mediaDir, pgBin
}

func cmdBackup(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	var dbc dbConfig
	mediaDir, pgBin := addBackupFlags(fs, env.getenv, &dbc)
	out := fs.String("out", "", "the archive to write (mode 0600); - writes it to standard output, e.g. into an encryption program")
	force := fs.Bool("force", false, "replace the --out file if it exists")
	if err := parseFlags(fs, args, env.stderr); err != nil {
		return err
	}
	if *out == "" {
		fmt.Fprintln(env.stderr, "usage: siapekspor backup --out FILE.tar.gz [--force] [--db URL] [--data-dir D] [--media-dir M] [--pg-bin DIR]")
		return errUsage
	}
	if _, err := os.Stat(*out); err == nil && *out != "-" && !*force {
		return fmt.Errorf("%s exists: name the backup by its date (siapekspor-$(date +%%F).tar.gz), or add --force to replace it", *out)
	}
	// A backup changes nothing, so it takes the schema as it finds it: the
	// manifest says which migrations it has.
	db, err := store.Open(env.ctx, store.Options{URL: dbc.URL, DataDir: dbc.DataDir, BusyTimeout: cliBusyWait})
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	var w io.Writer = env.stdout
	var part *os.File
	tempDir := ""
	if *out != "-" {
		// Written under a hidden name beside the target, then renamed: a
		// failed backup never leaves a truncated file under the real name.
		tempDir = filepath.Dir(*out)
		if part, err = os.CreateTemp(tempDir, "."+filepath.Base(*out)+".part-"); err != nil {
			return err
		}
		defer os.Remove(part.Name())
		defer part.Close()
		if err := part.Chmod(0o600); err != nil { // personal data: the owner's only
			return err
		}
		w = part
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	m, err := backup.Write(env.ctx, bw, backup.Options{DB: db, URL: dbc.URL, MediaDir: cmp.Or(*mediaDir, filepath.Join(dbc.DataDir, "media")),
		PGBin: *pgBin, TempDir: tempDir, AppVersion: version,
		Progress: func(step string) { fmt.Fprintf(env.stderr, "backup: %s…\n", step) }})
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return fmt.Errorf("backup failed, nothing written: %w", err)
	}
	size := int64(0)
	if part != nil {
		if err := part.Sync(); err != nil {
			return err
		}
		if st, err := part.Stat(); err == nil {
			size = st.Size()
		}
		if err := part.Close(); err != nil {
			return err
		}
		if err := os.Rename(part.Name(), *out); err != nil {
			return err
		}
	}
	var media, mediaBytes, dbBytes int64
	for _, f := range m.Files {
		if f.Path == m.Database {
			dbBytes = f.Size
			continue
		}
		media++
		mediaBytes += f.Size
	}
	where := *out
	if *out == "-" {
		where = "standard output"
	}
	fmt.Fprintf(env.stderr, "backup written to %s (%s) in %s: the %s database (schema %d, %s) and %d media files (%s).\n"+
		"It holds personal data: keep it encrypted and off this server (README: Backups).\n",
		where, mb(size), time.Since(start).Round(100*time.Millisecond), m.Engine, m.SchemaVersion, mb(dbBytes), media, mb(mediaBytes))
	return nil
}

func cmdRestore(env cliEnv, args []string) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	var dbc dbConfig
	mediaDir, pgBin := addBackupFlags(fs, env.getenv, &dbc)
	force := fs.Bool("force", false, "replace a database that holds users, organisations or enterprises, and a media folder with files (both are kept aside, not deleted)")
	file, err := parseFileFlags(fs, args, env.stderr)
	if err != nil {
		return err
	}
	start := time.Now()
	res, err := backup.Restore(env.ctx, file, backup.Target{URL: dbc.URL, DataDir: dbc.DataDir,
		MediaDir: cmp.Or(*mediaDir, filepath.Join(dbc.DataDir, "media")), PGBin: *pgBin, Force: *force,
		Progress: func(step string) { fmt.Fprintf(env.stderr, "restore: %s…\n", step) }})
	if res != nil {
		m := res.Manifest
		fmt.Fprintf(env.stdout, "%s: a %s backup made %s by siapekspor %s, schema %d, %d files\n",
			file, m.Engine, m.CreatedAt.Format(time.RFC3339), m.AppVersion, m.SchemaVersion, len(m.Files))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "restored in %s.\n", time.Since(start).Round(100*time.Millisecond))
	for _, k := range res.Kept {
		fmt.Fprintf(env.stdout, "what it replaced is kept as %s: delete it once you have checked the restored installation\n", k)
	}
	if res.Manifest.Engine == "postgres" && len(res.Kept) > 0 {
		fmt.Fprintln(env.stdout, "(a kept PostgreSQL schema goes with: DROP SCHEMA <name> CASCADE)")
	}
	fmt.Fprintln(env.stdout, "start the server: it applies any newer migrations first.")
	return nil
}

// mb writes a byte count for people.
func mb(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
