package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor/internal/store"
)

// Target is where a backup is restored to: the database and media folder
// the server is configured with.
type Target struct {
	URL      string // a postgres:// URL, or a SQLite path; "" is DataDir/siapekspor.db
	DataDir  string
	MediaDir string
	PGBin    string // folder of pg_restore and psql; "" looks in PATH and the usual places
	// Force replaces a database that holds anyone's work, and a media
	// folder with files in it.
	Force bool
	Now   func() time.Time
	// Progress, when set, hears each step as it begins.
	Progress func(step string)
}

// Result says what a restore did.
type Result struct {
	Manifest *Manifest
	// Kept names what was replaced and kept beside the restored copy, to
	// delete once the restored installation has been checked: a SQLite
	// file, a PostgreSQL schema, a media folder.
	Kept []string
}

// Restore checks the archive at file and, only if all of it is sound,
// replaces the target's database and media folder with its contents. The
// server must be stopped. Nothing is replaced unless every entry matched
// the manifest; what is replaced is kept aside, not deleted.
func Restore(ctx context.Context, file string, t Target) (*Result, error) {
	if t.Now == nil {
		t.Now = time.Now
	}
	say := func(step string) {
		if t.Progress != nil {
			t.Progress(step)
		}
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a file", file)
	}
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s is not a SiapEkspor backup (not a gzip-compressed archive)", file)
	}
	tr := tar.NewReader(gz)
	m, err := readManifest(tr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	res := &Result{Manifest: m}

	say("checks")
	engine := "sqlite"
	if store.IsPostgres(t.URL) {
		engine = "postgres"
	}
	if err := checkVersions(m, engine); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	sqlitePath := store.SQLitePath(store.Options{URL: t.URL, DataDir: t.DataDir})
	if err := checkTarget(ctx, t, sqlitePath); err != nil {
		return nil, err
	}

	// Everything is unpacked beside where it goes (the same file system, so
	// that moving it into place is a rename) and checked before anything
	// is replaced.
	say("unpack")
	stageRoot := t.DataDir
	if sqlitePath != "" {
		stageRoot = filepath.Dir(sqlitePath)
	}
	if err := os.MkdirAll(stageRoot, 0o750); err != nil {
		return nil, err
	}
	stage, err := os.MkdirTemp(stageRoot, ".restore-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(stage)
	var mediaStage string
	if t.MediaDir != "" {
		if err := os.MkdirAll(filepath.Dir(filepath.Clean(t.MediaDir)), 0o750); err != nil {
			return nil, err
		}
		if mediaStage, err = os.MkdirTemp(filepath.Dir(filepath.Clean(t.MediaDir)), ".restore-media-"); err != nil {
			return nil, err
		}
		defer os.RemoveAll(mediaStage)
	}
	dbFile := filepath.Join(stage, "database")
	if err := unpack(tr, m, dbFile, mediaStage); err != nil {
		return nil, fmt.Errorf("%s: %w; nothing was restored", file, err)
	}

	say("database")
	stamp := t.Now().UTC().Format("20060102T150405Z")
	switch engine {
	case "sqlite":
		if err := checkSQLiteCopy(ctx, dbFile, m); err != nil {
			return nil, fmt.Errorf("%s: %w; nothing was restored", file, err)
		}
		kept, err := swapSQLite(ctx, dbFile, sqlitePath, stamp)
		if err != nil {
			return nil, err
		}
		if kept != "" {
			res.Kept = append(res.Kept, kept)
		}
	default:
		kept, err := restorePostgres(ctx, t, dbFile, m, stamp)
		if err != nil {
			return nil, err
		}
		if kept != "" {
			res.Kept = append(res.Kept, kept)
		}
	}

	if t.MediaDir != "" {
		say("media")
		kept, err := swapDir(mediaStage, t.MediaDir, stamp)
		if err != nil {
			return res, fmt.Errorf("the database was restored, but not the media: %w", err)
		}
		if kept != "" {
			res.Kept = append(res.Kept, kept)
		}
	}
	return res, nil
}

// readManifest reads and checks the archive's first entry.
func readManifest(tr *tar.Reader) (*Manifest, error) {
	notBackup := errors.New("not a SiapEkspor backup (it does not begin with manifest.json)")
	hdr, err := tr.Next()
	if err != nil || hdr.Name != manifestName || hdr.Typeflag != tar.TypeReg {
		return nil, notBackup
	}
	if hdr.Size > MaxManifestBytes {
		return nil, fmt.Errorf("its manifest is %d bytes, over the %d a manifest may have", hdr.Size, MaxManifestBytes)
	}
	var m Manifest
	dec := json.NewDecoder(io.LimitReader(tr, MaxManifestBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil || m.Format != Format {
		return nil, notBackup
	}
	if len(m.Files) > MaxEntries {
		return nil, fmt.Errorf("its manifest lists %d files, over the %d a backup may hold", len(m.Files), MaxEntries)
	}
	seen := map[string]bool{}
	for _, f := range m.Files {
		if !validEntry(f.Path) || f.Path == manifestName {
			return nil, fmt.Errorf("its manifest lists %q, a path outside the backup's folders", f.Path)
		}
		if seen[f.Path] {
			return nil, fmt.Errorf("its manifest lists %s twice", f.Path)
		}
		seen[f.Path] = true
		if limit := entryLimit(f.Path); f.Size < 0 || f.Size > limit {
			return nil, fmt.Errorf("%s is %d bytes, over the %d such a file may have", f.Path, f.Size, limit)
		}
		if b, err := hex.DecodeString(f.SHA256); err != nil || len(b) != sha256.Size {
			return nil, fmt.Errorf("its manifest gives %s no valid SHA-256", f.Path)
		}
	}
	if !seen[m.Database] || (m.Database != sqliteEntry && m.Database != pgEntry) {
		return nil, errors.New("its manifest names no database")
	}
	return &m, nil
}

func entryLimit(name string) int64 {
	if strings.HasPrefix(name, mediaPrefix) {
		return MaxMediaBytes
	}
	return MaxDatabaseBytes
}

// checkVersions refuses an archive of a newer format or schema than this
// program knows, or of another engine.
func checkVersions(m *Manifest, engine string) error {
	if m.FormatVersion > FormatVersion {
		return fmt.Errorf("made by a newer SiapEkspor (backup format %d; this one reads up to %d): restore it with that version", m.FormatVersion, FormatVersion)
	}
	if m.Engine != engine {
		return fmt.Errorf("it holds a %s database and the configured database is %s: restoring across engines is not supported; restore it into a %s database",
			engineName(m.Engine), engineName(engine), engineName(m.Engine))
	}
	known, err := store.KnownMigrations(engine)
	if err != nil {
		return err
	}
	for _, v := range m.Migrations {
		if !slices.Contains(known, v) {
			return fmt.Errorf("made by a newer SiapEkspor (schema version %d; this one knows up to %d): restore it with that version or a newer one",
				m.SchemaVersion, known[len(known)-1])
		}
	}
	return nil
}

func engineName(e string) string {
	if e == "postgres" {
		return "PostgreSQL"
	}
	return "SQLite"
}

// checkTarget refuses a database in use, and, unless forced, one that
// holds anyone's work or a media folder with files in it.
func checkTarget(ctx context.Context, t Target, sqlitePath string) error {
	if err := checkDatabase(ctx, t, sqlitePath); err != nil {
		return err
	}
	if t.MediaDir == "" || t.Force {
		return nil
	}
	files := false
	filepath.WalkDir(t.MediaDir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			files = true
			return fs.SkipAll
		}
		return nil
	})
	if files {
		return fmt.Errorf("the media folder %s has files in it: restoring replaces it; add --force to replace it (it is kept aside, not deleted)", t.MediaDir)
	}
	return nil
}

func checkDatabase(ctx context.Context, t Target, sqlitePath string) error {
	if sqlitePath != "" {
		if _, err := os.Stat(sqlitePath); errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err := store.SQLiteUnused(ctx, sqlitePath); errors.Is(err, store.ErrInUse) {
			return fmt.Errorf("the database %s is in use (is siapekspor serve running?): stop the server, then restore", sqlitePath)
		} else if err != nil {
			return err
		}
	}
	db, err := store.Open(ctx, store.Options{URL: t.URL, DataDir: t.DataDir})
	if err != nil {
		return err
	}
	defer db.Close()
	if sqlitePath == "" {
		// A session its client has just closed stays listed for a moment
		// while its server process ends: look again for up to two seconds
		// before calling the database in use.
		for wait := 0; ; wait++ {
			n, err := db.PostgresSessions(ctx)
			if err != nil {
				return err
			}
			if n == 0 {
				break
			}
			if wait == 20 {
				return fmt.Errorf("the database has %d other open connections (is siapekspor serve running?): stop the server, then restore", n)
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
	h, err := db.Holdings(ctx)
	if err != nil {
		return err
	}
	if !h.Empty() && !t.Force {
		return fmt.Errorf("the database already holds %s: restoring replaces them; add --force to replace it (what it holds is kept aside, not deleted)", h)
	}
	return nil
}

// unpack reads the archive's entries after the manifest: each must be
// listed, once, in the manifest's order, a regular file of the listed size
// and checksum. The database goes to dbFile, media files under mediaDir
// ("" skips them, still checked).
func unpack(tr *tar.Reader, m *Manifest, dbFile, mediaDir string) error {
	var root *os.Root
	if mediaDir != "" {
		var err error
		if root, err = os.OpenRoot(mediaDir); err != nil {
			return err
		}
		defer root.Close()
	}
	for i := 0; ; i++ {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			if i < len(m.Files) {
				return fmt.Errorf("%s, listed in the manifest, is missing from the archive (cut short?)", m.Files[i].Path)
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("the archive is damaged: %v", err)
		}
		if !validEntry(hdr.Name) {
			return fmt.Errorf("entry %q is a path outside the backup's folders", hdr.Name)
		}
		if hdr.Typeflag != tar.TypeReg {
			return fmt.Errorf("entry %s is not a plain file (a link or a device?): a backup holds only files", hdr.Name)
		}
		if i >= len(m.Files) || m.Files[i].Path != hdr.Name {
			if slices.ContainsFunc(m.Files, func(f File) bool { return f.Path == hdr.Name }) {
				return fmt.Errorf("entry %s is out of its place in the manifest's order, or there twice", hdr.Name)
			}
			return fmt.Errorf("entry %s is not listed in the manifest", hdr.Name)
		}
		want := m.Files[i]
		if hdr.Size != want.Size {
			return fmt.Errorf("entry %s is %d bytes, the manifest says %d", hdr.Name, hdr.Size, want.Size)
		}
		var out io.Writer = io.Discard
		var closer io.Closer
		switch {
		case hdr.Name == m.Database:
			w, err := os.OpenFile(dbFile, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
			if err != nil {
				return err
			}
			out, closer = w, w
		case root != nil:
			rel := strings.TrimPrefix(hdr.Name, mediaPrefix)
			if dir := filepath.Dir(filepath.FromSlash(rel)); dir != "." {
				if err := root.MkdirAll(dir, 0o750); err != nil {
					return err
				}
			}
			w, err := root.OpenFile(rel, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
			if err != nil {
				return err
			}
			out, closer = w, w
		}
		h := sha256.New()
		_, err = io.CopyN(io.MultiWriter(out, h), tr, want.Size)
		if closer != nil {
			if cerr := closer.Close(); err == nil {
				err = cerr
			}
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return fmt.Errorf("entry %s: the archive is cut short or damaged", hdr.Name)
		}
		if err != nil {
			return fmt.Errorf("entry %s: %v", hdr.Name, err)
		}
		if hex.EncodeToString(h.Sum(nil)) != want.SHA256 {
			return fmt.Errorf("entry %s does not match its SHA-256 in the manifest: the archive is damaged", hdr.Name)
		}
	}
}

// checkSQLiteCopy opens the unpacked database: SQLite must find it sound,
// and its migrations must be the manifest's.
func checkSQLiteCopy(ctx context.Context, file string, m *Manifest) error {
	db, err := store.Open(ctx, store.Options{URL: file})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.QuickCheck(ctx); err != nil {
		return fmt.Errorf("the database in it is damaged: %v", err)
	}
	st, err := db.Status(ctx)
	if err != nil {
		return err
	}
	if !slices.Equal(st.Applied, m.Migrations) {
		return fmt.Errorf("the database in it has migrations %v, the manifest says %v", st.Applied, m.Migrations)
	}
	return nil
}

// swapSQLite moves the restored file into place; the one it replaces is
// made whole (its write-ahead log folded in) and kept beside it.
func swapSQLite(ctx context.Context, restored, target, stamp string) (kept string, err error) {
	if _, err := os.Stat(target); err == nil {
		if err := store.ReleaseSQLite(ctx, target); errors.Is(err, store.ErrInUse) {
			return "", fmt.Errorf("the database %s is in use (is siapekspor serve running?): stop the server, then restore", target)
		} else if err != nil {
			return "", err
		}
	}
	for _, side := range []string{target + "-wal", target + "-shm"} { // a stale one would be read into the new file
		if err := os.Remove(side); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
	}
	return moveIntoPlace(restored, target, stamp)
}

// swapDir moves the restored folder into place, the one it replaces kept
// beside it.
func swapDir(restored, target, stamp string) (kept string, err error) {
	if err := os.Chmod(restored, 0o750); err != nil {
		return "", err
	}
	return moveIntoPlace(restored, filepath.Clean(target), stamp)
}

// moveIntoPlace renames restored to target; what was at target is renamed
// aside first and kept, and put back if the second rename fails.
func moveIntoPlace(restored, target, stamp string) (kept string, err error) {
	if _, err := os.Stat(target); err == nil {
		kept = target + ".before-restore-" + stamp
		if err := os.Rename(target, kept); err != nil {
			return "", err
		}
	}
	if err := os.Rename(restored, target); err != nil {
		if kept != "" {
			os.Rename(kept, target)
		}
		return "", err
	}
	return kept, nil
}

// The backup holds the public schema only; its indexes need the extensions
// the migrations install (btree_gin, migration 0028; pg_trgm, 0029), which
// a new server's database lacks. They live in their own schema, never
// renamed: migration 0028 put btree_gin in public, where the rename would
// take it into the kept schema, and dropping that schema (CASCADE) would
// then drop the restored search index with it; so it is moved out first,
// when this user owns it.
const (
	restorePrelude = `CREATE SCHEMA IF NOT EXISTS siapekspor_ext;
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'btree_gin' AND extnamespace = 'public'::regnamespace AND extowner = current_user::regrole) THEN
    ALTER EXTENSION btree_gin SET SCHEMA siapekspor_ext;
  END IF;
END $$;
`
	restoreExtensions = `CREATE EXTENSION IF NOT EXISTS btree_gin WITH SCHEMA siapekspor_ext;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA siapekspor_ext;
`
)

// restorePostgres restores a pg_dump archive into the target database in
// one transaction (psql --single-transaction): the schema that holds the
// current tables is renamed aside first, and kept, so that either the
// whole backup is in place afterwards or nothing changed.
func restorePostgres(ctx context.Context, t Target, dump string, m *Manifest, stamp string) (kept string, err error) {
	db, err := store.Open(ctx, store.Options{URL: t.URL})
	if err != nil {
		return "", err
	}
	server, err := db.PostgresMajor(ctx)
	var tables int
	if err == nil {
		tables, err = db.PublicTables(ctx)
	}
	db.Close()
	if err != nil {
		return "", err
	}
	// pg_restore reads archives of its own version and older ones.
	restore, err := findPGTool(ctx, "pg_restore", t.PGBin, max(server, m.PGDumpMajor))
	if err != nil {
		return "", err
	}
	psql, err := findPGTool(ctx, "psql", t.PGBin, server)
	if err != nil { // an older psql runs pg_restore's script all the same
		if psql, err = findPGTool(ctx, "psql", t.PGBin, 0); err != nil {
			return "", err
		}
	}
	if err := runPG(exec.CommandContext(ctx, restore.path, "--list", dump)); err != nil {
		return "", fmt.Errorf("the database in the backup is damaged: %w; nothing was restored", err)
	}
	prelude := restorePrelude
	if tables > 0 {
		kept = "siapekspor_before_restore_" + strings.ToLower(stamp)
		prelude += "ALTER SCHEMA public RENAME TO " + kept + ";\n"
	} else {
		prelude += "DROP SCHEMA IF EXISTS public;\n" // no tables: nothing to keep
	}
	prelude += restoreExtensions

	sqlOut := exec.CommandContext(ctx, restore.path, "--no-owner", "--no-privileges", "--file=-", dump)
	pipe, err := sqlOut.StdoutPipe()
	if err != nil {
		return "", err
	}
	var restoreErr strings.Builder
	sqlOut.Stderr = &restoreErr
	cmd, err := pgCommand(ctx, psql, t.URL, "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1", "--file=-")
	if err != nil {
		return "", err
	}
	cmd.Stdin = io.MultiReader(strings.NewReader(prelude), pipe)
	cmd.Stdout = io.Discard
	if err := sqlOut.Start(); err != nil {
		return "", err
	}
	err = runPG(cmd)
	if werr := sqlOut.Wait(); err == nil && werr != nil {
		err = fmt.Errorf("pg_restore failed: %s", strings.TrimSpace(restoreErr.String()))
	}
	if err != nil {
		return "", fmt.Errorf("%w; the database is as it was", err)
	}
	return kept, nil
}
