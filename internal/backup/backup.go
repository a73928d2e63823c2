// Package backup writes and restores SiapEkspor's backups: one tar.gz
// archive holding a manifest, a consistent copy of the database (SQLite's
// VACUUM INTO, or pg_dump for PostgreSQL) taken while the server runs, and
// the media folder (product photos and certificate scans).
//
// The archive's first entry is manifest.json: the versions (of the format,
// the program and the schema), the engine, when it was made, and every
// other entry's path, size and SHA-256. Restore reads it first, so it
// refuses an archive of a newer schema or another engine before it reads
// any further, and it checks every entry against it: a path outside the
// archive's folders, an entry not listed, over its size or not matching its
// checksum refuses the whole archive before anything is replaced.
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
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/siapekspor/siapekspor/internal/store"
)

// Format names the archive's kind in its manifest.
const Format = "siapekspor-backup"

// FormatVersion is the manifest's layout; restore refuses a newer one.
const FormatVersion = 1

// The archive's entries: the manifest, the database and the media files.
const (
	manifestName = "manifest.json"
	sqliteEntry  = "database/siapekspor.db"
	pgEntry      = "database/siapekspor.pgdump" // pg_dump's custom format
	mediaPrefix  = "media/"
)

// Limits on what restore accepts: an entry over its limit refuses the
// whole archive. A media file is at most the upload limit (--max-photo-mb,
// 10 MB by default) as stored; 256 MiB leaves room for any setting.
const (
	MaxManifestBytes = 16 << 20
	MaxMediaBytes    = 256 << 20
	MaxDatabaseBytes = 1 << 40
	MaxEntries       = 10_000_000
)

// Manifest is the archive's first entry.
type Manifest struct {
	Format        string    `json:"format"`
	FormatVersion int       `json:"format_version"`
	AppVersion    string    `json:"app_version"`
	Engine        string    `json:"engine"`         // sqlite or postgres
	SchemaVersion int       `json:"schema_version"` // the newest applied migration
	Migrations    []int     `json:"migrations"`     // every applied migration
	PGDumpMajor   int       `json:"pg_dump_major,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	Database      string    `json:"database"` // the database's entry
	Files         []File    `json:"files"`    // every entry but the manifest, in archive order
}

// File is one entry of the archive.
type File struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Options say what to back up.
type Options struct {
	DB         *store.DB
	URL        string // the PostgreSQL URL, for pg_dump
	MediaDir   string // "" or missing: no media
	PGBin      string // folder of pg_dump; "" looks in PATH and the usual places
	TempDir    string // for the database's copy until it is archived; "" is the system's
	AppVersion string
	Now        func() time.Time
	// Progress, when set, hears each step as it begins.
	Progress func(step string)
}

// Write writes a backup archive to w and returns its manifest.
func Write(ctx context.Context, w io.Writer, o Options) (*Manifest, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	say := func(step string) {
		if o.Progress != nil {
			o.Progress(step)
		}
	}
	st, err := o.DB.Status(ctx)
	if err != nil {
		return nil, err
	}
	m := &Manifest{Format: Format, FormatVersion: FormatVersion, AppVersion: o.AppVersion, Engine: o.DB.Engine(),
		Migrations: st.Applied, CreatedAt: o.Now().UTC().Truncate(time.Second)}
	if n := len(st.Applied); n > 0 {
		m.SchemaVersion = st.Applied[n-1]
	}
	tmp, err := os.MkdirTemp(o.TempDir, ".siapekspor-backup-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	// The database first: media a snapshot refers to were on disk before
	// it was taken (files are written before the rows that name them).
	say("database")
	dbFile := filepath.Join(tmp, "database")
	switch m.Engine {
	case "sqlite":
		m.Database = sqliteEntry
		err = o.DB.Snapshot(ctx, dbFile)
	default:
		m.Database = pgEntry
		m.PGDumpMajor, err = pgDump(ctx, o, dbFile)
	}
	if err != nil {
		return nil, fmt.Errorf("copy the database: %w", err)
	}
	dbSum, dbSize, err := hashFile(dbFile)
	if err != nil {
		return nil, err
	}
	m.Files = append(m.Files, File{Path: m.Database, Size: dbSize, SHA256: dbSum})

	say("media")
	media, err := listMedia(o.MediaDir)
	if err != nil {
		return nil, err
	}
	m.Files = append(m.Files, media...)

	say("archive")
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	manifest, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return nil, err
	}
	if err := writeEntry(tw, manifestName, int64(len(manifest)), m.CreatedAt, strings.NewReader(string(manifest)), ""); err != nil {
		return nil, err
	}
	for _, f := range m.Files {
		src := dbFile
		if f.Path != m.Database {
			src = filepath.Join(o.MediaDir, filepath.FromSlash(strings.TrimPrefix(f.Path, mediaPrefix)))
		}
		if err := copyEntry(tw, f, src, m.CreatedAt); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return m, nil
}

// pgDump copies a PostgreSQL database to file with pg_dump, in its custom
// format, the public schema only, without owners or grants (so that it
// restores into a database another user owns). It returns pg_dump's major
// version, which pg_restore must match or exceed.
func pgDump(ctx context.Context, o Options, file string) (int, error) {
	server, err := o.DB.PostgresMajor(ctx)
	if err != nil {
		return 0, err
	}
	tool, err := findPGTool(ctx, "pg_dump", o.PGBin, server)
	if err != nil {
		return 0, err
	}
	cmd, err := pgCommand(ctx, tool, o.URL, "--format=custom", "--schema=public", "--no-owner", "--no-privileges", "--file="+file)
	if err != nil {
		return 0, err
	}
	return tool.major, runPG(cmd)
}

// contentName is how the media store names a file: its SHA-256, the first
// two hex digits as a folder.
var contentName = regexp.MustCompile(`(?:^|/)([0-9a-f]{2})/([0-9a-f]{62})\.[a-z]+$`)

// listMedia lists the media folder's files with their sizes and SHA-256.
// A file named by its content (all the media store writes) is not read
// here: its name is its checksum, checked as it is archived. Hidden files
// (uploads being written) and anything but regular files are left out.
func listMedia(dir string) ([]File, error) {
	if dir == "" {
		return nil, nil
	}
	var out []File
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == dir {
			return fs.SkipAll
		}
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != dir {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		f := File{Path: mediaPrefix + rel, Size: info.Size()}
		if m := contentName.FindStringSubmatch(rel); m != nil {
			f.SHA256 = m[1] + m[2]
		} else if f.SHA256, _, err = hashFile(p); err != nil {
			return err
		}
		out = append(out, f)
		return nil
	})
	return out, err
}

// copyEntry archives the file at src as f, checking that its bytes are the
// ones the manifest lists.
func copyEntry(tw *tar.Writer, f File, src string, at time.Time) error {
	in, err := os.Open(src)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s was removed while the backup ran: run it again", f.Path)
	}
	if err != nil {
		return err
	}
	defer in.Close()
	return writeEntry(tw, f.Path, f.Size, at, in, f.SHA256)
}

// writeEntry writes one regular file, mode 0600, checking size and, when
// sum is set, SHA-256.
func writeEntry(tw *tar.Writer, name string, size int64, at time.Time, r io.Reader, sum string) error {
	hdr := &tar.Header{Typeflag: tar.TypeReg, Name: name, Size: size, Mode: 0o600, ModTime: at, Format: tar.FormatPAX}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	h := sha256.New()
	n, err := io.Copy(tw, io.TeeReader(io.LimitReader(r, size+1), h))
	if err != nil {
		if errors.Is(err, tar.ErrWriteTooLong) {
			return fmt.Errorf("%s changed while the backup ran: run it again", name)
		}
		return err
	}
	if n != size {
		return fmt.Errorf("%s changed while the backup ran: run it again", name)
	}
	if sum != "" && hex.EncodeToString(h.Sum(nil)) != sum {
		return fmt.Errorf("%s does not hold the bytes its name says (the disk damaged it?): restore it from an earlier backup, or remove it, then back up again", name)
	}
	return nil
}

// hashFile returns a file's SHA-256 and size.
func hashFile(p string) (string, int64, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil)), n, err
}

// validEntry accepts the paths an archive may hold: the manifest, the
// database's entry, and clean relative paths under media/ — no "..", no
// absolute path, no backslash or colon (which mean other things on other
// systems), nothing hidden.
func validEntry(name string) bool {
	if name == manifestName || name == sqliteEntry || name == pgEntry {
		return true
	}
	rel, ok := strings.CutPrefix(name, mediaPrefix)
	if !ok || !fs.ValidPath(rel) || rel == "." || strings.ContainsAny(rel, `\:`) {
		return false
	}
	for _, part := range strings.Split(rel, "/") {
		if strings.HasPrefix(part, ".") {
			return false
		}
	}
	return path.Clean(name) == name
}
