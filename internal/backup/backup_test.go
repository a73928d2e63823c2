package backup_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/backup"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/media"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

var ctx = siapekspor.WithActor(context.Background(), siapekspor.SystemActor)

// tableDigests reads every table of the database (and on PostgreSQL every
// sequence's value) and returns, per table, its row count and a digest of
// its rows sorted: two databases hold the same data when these are equal.
// Rows are written as text, column by column, so the comparison does not
// depend on any table's columns.
func tableDigests(t *testing.T, url string) map[string]string {
	t.Helper()
	db := rawDB(t, url)
	list := `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`
	if store.IsPostgres(url) {
		list = `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
			UNION ALL SELECT 'sequence ' || sequencename FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`
	}
	var tables []string
	rows, err := db.QueryContext(ctx, list)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		rows.Scan(&name)
		tables = append(tables, name)
	}
	rows.Close()
	out := map[string]string{}
	for _, table := range tables {
		q := `SELECT * FROM "` + table + `"`
		if seq, ok := strings.CutPrefix(table, "sequence "); ok {
			q = `SELECT last_value FROM pg_sequences WHERE schemaname = 'public' AND sequencename = '` + seq + `'`
		}
		out[table] = digestRows(t, db, q)
	}
	return out
}

func digestRows(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var sums [][32]byte
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, v := range vals {
			switch v := v.(type) {
			case nil:
				b.WriteString("NULL")
			case []byte:
				b.WriteString(hex.EncodeToString(v))
			case time.Time:
				b.WriteString(v.UTC().Format(time.RFC3339Nano))
			default:
				fmt.Fprint(&b, v)
			}
			b.WriteByte(0x1f)
		}
		sums = append(sums, sha256.Sum256([]byte(b.String())))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(sums, func(a, b [32]byte) int { return bytes.Compare(a[:], b[:]) })
	h := sha256.New()
	for _, s := range sums {
		h.Write(s[:])
	}
	return fmt.Sprintf("%d rows %x", len(sums), h.Sum(nil)[:8])
}

// rawDB opens the database at url (a SQLite path or a PostgreSQL URL)
// with the plain driver, to read its tables as they are.
func rawDB(t *testing.T, url string) *sql.DB {
	t.Helper()
	driver := "sqlite"
	if store.IsPostgres(url) {
		driver = "pgx"
	}
	db, err := sql.Open(driver, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// count counts a table's rows.
func count(t *testing.T, url, table string) int {
	t.Helper()
	var n int
	if err := rawDB(t, url).QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// mediaTree maps every file under dir to its content's SHA-256.
func mediaTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		sum := sha256.Sum256(b)
		out[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return nil
	})
	return out
}

// photo makes a small JPEG that differs by n.
func photo(t *testing.T, n int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := 0; x < 64; x++ {
		for y := 0; y < 48; y++ {
			img.Set(x, y, color.RGBA{uint8(x * n), uint8(y * 5), uint8(n * 40), 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// fillProvince fills db with a small demo province — enterprises, products,
// certificates, assessments, training, mentoring, statistics — and gives
// three products photos and the media folder a certificate scan.
func fillProvince(t *testing.T, db *store.DB, mediaDir string) {
	t.Helper()
	if _, err := demo.Province(ctx, db, demo.Options{Province: "18", Enterprises: 300, Products: -1, Assessed: 0.5, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	photos := &media.Store{Dir: filepath.Join(mediaDir, "photos")}
	docs := &media.Store{Dir: filepath.Join(mediaDir, "documents")}
	for i := 1; i <= 3; i++ {
		ph, err := photos.SavePhoto(bytes.NewReader(photo(t, i)))
		if err != nil {
			t.Fatal(err)
		}
		if err := db.AddProductPhoto(ctx, int64(i), &siapekspor.ProductPhoto{Thumb: ph.Thumb, Display: ph.Display}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := docs.SaveDocument(strings.NewReader("%PDF-1.4\n% a scan of a certificate\n%%EOF\n")); err != nil {
		t.Fatal(err)
	}
}

// openSource opens a database to back up: a fresh one of an engine, or
// the SQLite file at a path.
func openSource(t *testing.T, engine string) (string, *store.DB) {
	t.Helper()
	url := engine
	if engine == "sqlite" || engine == "postgres" {
		url = storetest.URL(t, engine)
	}
	db, err := store.Open(ctx, store.Options{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return url, db
}

// writeArchive backs db up into a file and returns its path.
func writeArchive(t *testing.T, db *store.DB, url, mediaDir string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "siapekspor.tar.gz")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := backup.Write(ctx, f, backup.Options{DB: db, URL: url, MediaDir: mediaDir, AppVersion: "test"}); err != nil {
		t.Fatal(err)
	}
	return file
}

// freshTarget is an empty place to restore into: a new data folder, and on
// PostgreSQL a new migrated database without anyone's work.
func freshTarget(t *testing.T, engine string) backup.Target {
	dir := t.TempDir()
	tg := backup.Target{DataDir: dir, MediaDir: filepath.Join(dir, "media")}
	if engine == "postgres" {
		tg.URL = storetest.URL(t, "postgres")
	}
	return tg
}

// targetURL is where a target's database is.
func targetURL(tg backup.Target) string {
	if tg.URL != "" {
		return tg.URL
	}
	return store.SQLitePath(store.Options{DataDir: tg.DataDir})
}

// A backup restored into a fresh place holds every table's rows and every
// media file, identical, on both engines.
func TestBackupRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("fills a demo province")
	}
	for _, eng := range storetest.Engines() {
		t.Run(eng, func(t *testing.T) {
			url, src := openSource(t, eng)
			mediaDir := t.TempDir()
			fillProvince(t, src, mediaDir)
			archive := writeArchive(t, src, url, mediaDir)

			tg := freshTarget(t, eng)
			if eng == "postgres" { // a new server's database: no tables, no extensions
				tg.URL = storetest.EmptyPostgresURL(t)
			}
			res, err := backup.Restore(ctx, archive, tg)
			if err != nil {
				t.Fatal(err)
			}
			if res.Manifest.Engine != eng || len(res.Manifest.Files) != 1+len(mediaTree(t, mediaDir)) {
				t.Errorf("manifest: %+v", res.Manifest)
			}
			want, got := tableDigests(t, url), tableDigests(t, targetURL(tg))
			t.Logf("%d tables; kept %v; enterprises %s; sequences %s; photos %s", len(want), res.Kept, want["enterprises"], want["sequence enterprises_id_seq"], want["product_photos"])
			for table, w := range want {
				if got[table] != w {
					t.Errorf("table %s: restored %s, backed up %s", table, got[table], w)
				}
			}
			for table := range got {
				if _, ok := want[table]; !ok {
					t.Errorf("table %s restored, not backed up", table)
				}
			}
			if len(want) < 40 || !strings.Contains(want["enterprises"], "300 rows") || strings.HasPrefix(want["product_photos"], "0 rows") {
				t.Errorf("the source is not the filled province it should be: %v", want)
			}
			if w, g := mediaTree(t, mediaDir), mediaTree(t, tg.MediaDir); fmt.Sprint(w) != fmt.Sprint(g) || len(w) < 4 {
				t.Errorf("media: restored %v, backed up %v", g, w)
			}
		})
	}
}

// The copy is consistent while the server writes: an import running
// during the backup is in the restored database wholly or not at all.
func TestBackupWhileImporting(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng, func(t *testing.T) {
			url, src := openSource(t, eng)
			g, _ := demo.New("18", 9)
			const n = 5000
			done := make(chan error, 1)
			go func() {
				i := 0
				_, err := src.ImportEnterprises(ctx, store.ImportOptions{FileName: "f.csv", Duplicates: store.DupKeep}, func() (*store.ImportRow, error) {
					if i == n {
						return nil, io.EOF
					}
					i++
					return &store.ImportRow{Line: i + 1, Enterprise: g.Next()}, nil
				}, nil)
				done <- err
			}()
			archive := writeArchive(t, src, url, "")
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			tg := freshTarget(t, eng)
			if _, err := backup.Restore(ctx, archive, tg); err != nil {
				t.Fatal(err)
			}
			got, imports := count(t, targetURL(tg), "enterprises"), count(t, targetURL(tg), "imports")
			if !(got == 0 && imports == 0) && !(got == n && imports == 1) {
				t.Errorf("restored %d enterprises and %d imports: half an import", got, imports)
			}
		})
	}
}

// entry is one file of an archive, for tests that tamper with one.
type entry struct {
	hdr  tar.Header
	body []byte
}

func readEntries(t *testing.T, file string) []entry {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var out []entry
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(tr)
		out = append(out, entry{*hdr, body})
	}
}

func writeEntries(t *testing.T, es []entry) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "tampered.tar.gz")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	for _, e := range es {
		e.hdr.Size = int64(len(e.body))
		if e.hdr.Typeflag != tar.TypeReg {
			e.hdr.Size = 0
		}
		if err := tw.WriteHeader(&e.hdr); err != nil {
			t.Fatal(err)
		}
		tw.Write(e.body)
	}
	tw.Close()
	gz.Close()
	return file
}

// withManifest changes the manifest of es.
func withManifest(t *testing.T, es []entry, change func(m *backup.Manifest)) []entry {
	t.Helper()
	var m backup.Manifest
	if err := json.Unmarshal(es[0].body, &m); err != nil {
		t.Fatal(err)
	}
	change(&m)
	es[0].body, _ = json.Marshal(m)
	return es
}

// listed adds an entry and lists it in the manifest, as an archive made to
// deceive would.
func listed(t *testing.T, es []entry, name string, body []byte) []entry {
	sum := sha256.Sum256(body)
	es = withManifest(t, es, func(m *backup.Manifest) {
		m.Files = append(m.Files, backup.File{Path: name, Size: int64(len(body)), SHA256: hex.EncodeToString(sum[:])})
	})
	return append(es, entry{tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o600}, body})
}

// A damaged or malicious archive is refused with a message that says what
// is wrong, before anything is replaced: nothing lands in the target (nor
// outside it).
func TestRestoreRefusesBadArchives(t *testing.T) {
	url, src := openSource(t, filepath.Join(t.TempDir(), "small.db")) // an empty database keeps the archive small
	mediaDir := t.TempDir()
	photos := &media.Store{Dir: filepath.Join(mediaDir, "photos")}
	for i := 1; i <= 2; i++ {
		if _, err := photos.SavePhoto(bytes.NewReader(photo(t, i))); err != nil {
			t.Fatal(err)
		}
	}
	good := writeArchive(t, src, url, mediaDir)
	last := func(es []entry) *entry { return &es[len(es)-1] }
	cases := []struct {
		name   string
		tamper func(es []entry) []entry
		want   string
	}{
		{"a flipped byte", func(es []entry) []entry { last(es).body[10] ^= 1; return es }, "does not match its SHA-256"},
		{"a listed path climbing out", func(es []entry) []entry { return listed(t, es, "media/../../escape.txt", []byte("x")) }, "outside the backup's folders"},
		{"an unlisted path climbing out", func(es []entry) []entry {
			return append(es, entry{tar.Header{Typeflag: tar.TypeReg, Name: "../escape.txt", Mode: 0o600}, []byte("x")})
		}, "outside the backup's folders"},
		{"an absolute path", func(es []entry) []entry { return listed(t, es, "/tmp/escape.txt", []byte("x")) }, "outside the backup's folders"},
		{"a symbolic link", func(es []entry) []entry {
			return append(es, entry{tar.Header{Typeflag: tar.TypeSymlink, Name: "media/photos/link", Linkname: "/etc/passwd"}, nil})
		}, "not a plain file"},
		{"an oversized entry", func(es []entry) []entry {
			return withManifest(t, es, func(m *backup.Manifest) { m.Files[len(m.Files)-1].Size = backup.MaxMediaBytes + 1 })
		}, "over the"},
		{"an unlisted file", func(es []entry) []entry {
			return append(es, entry{tar.Header{Typeflag: tar.TypeReg, Name: "media/photos/extra.txt", Mode: 0o600}, []byte("x")})
		}, "not listed in the manifest"},
		{"a missing file", func(es []entry) []entry { return es[:len(es)-1] }, "missing from the archive"},
		{"a file twice", func(es []entry) []entry { return append(es, es[len(es)-1]) }, "there twice"},
		{"a newer schema", func(es []entry) []entry {
			return withManifest(t, es, func(m *backup.Manifest) { m.Migrations, m.SchemaVersion = append(m.Migrations, 9999), 9999 })
		}, "newer SiapEkspor (schema version 9999"},
		{"a newer format", func(es []entry) []entry {
			return withManifest(t, es, func(m *backup.Manifest) { m.FormatVersion = 2 })
		}, "newer SiapEkspor (backup format 2"},
		{"another engine", func(es []entry) []entry {
			return withManifest(t, es, func(m *backup.Manifest) { m.Engine = "postgres" })
		}, "restoring across engines is not supported"},
		{"no manifest first", func(es []entry) []entry { return es[1:] }, "not a SiapEkspor backup"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := writeEntries(t, c.tamper(readEntries(t, good)))
			parent := t.TempDir()
			tg := backup.Target{DataDir: filepath.Join(parent, "a", "data"), MediaDir: filepath.Join(parent, "a", "data", "media")}
			_, err := backup.Restore(ctx, file, tg)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("restore: %v, want %q", err, c.want)
			}
			filepath.WalkDir(parent, func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					t.Errorf("a refused archive left %s", p)
				}
				return nil
			})
		})
	}
	t.Run("random bytes", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "x.tar.gz")
		os.WriteFile(file, bytes.Repeat([]byte("siapekspor"), 1000), 0o600)
		if _, err := backup.Restore(ctx, file, backup.Target{DataDir: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "not a SiapEkspor backup") {
			t.Fatalf("restore: %v", err)
		}
	})
	t.Run("cut short", func(t *testing.T) {
		b, _ := os.ReadFile(good)
		file := filepath.Join(t.TempDir(), "x.tar.gz")
		os.WriteFile(file, b[:len(b)/2], 0o600)
		if _, err := backup.Restore(ctx, file, backup.Target{DataDir: t.TempDir()}); err == nil || !strings.Contains(err.Error(), "damaged") {
			t.Fatalf("restore: %v", err)
		}
	})
}

// Restore replaces a database that holds anyone's work only when forced,
// and keeps what it replaced; it never replaces a database in use.
func TestRestoreIntoOccupiedTarget(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng, func(t *testing.T) {
			url, src := openSource(t, eng)
			archive := writeArchive(t, src, url, "")
			tg := freshTarget(t, eng)
			if _, err := backup.Restore(ctx, archive, tg); err != nil {
				t.Fatal(err)
			}
			db, err := store.Open(ctx, store.Options{URL: tg.URL, DataDir: tg.DataDir})
			if err != nil {
				t.Fatal(err)
			}
			e := &siapekspor.Enterprise{Name: "Kopi Tangkit", RegencyCode: "18.01", Kind: siapekspor.KindUMKM, LegalForm: siapekspor.LegalPerorangan,
				Sector: "coffee", ExportStatus: siapekspor.ExportNever}
			if err := db.CreateEnterprise(ctx, e); err != nil {
				t.Fatal(err)
			}
			if _, err := backup.Restore(ctx, archive, tg); err == nil || !strings.Contains(err.Error(), "is siapekspor serve running?") {
				t.Fatalf("restore over a database in use: %v", err)
			}
			db.Close()
			if _, err := backup.Restore(ctx, archive, tg); err == nil || !strings.Contains(err.Error(), "already holds 1 enterprise:") || !strings.Contains(err.Error(), "--force") {
				t.Fatalf("restore over a database with an enterprise: %v", err)
			}
			tg.Force = true
			res, err := backup.Restore(ctx, archive, tg)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Kept) != 2 {
				t.Fatalf("kept %v", res.Kept)
			}
			keptURL, keptTable := res.Kept[0], "enterprises"
			if eng == "postgres" {
				keptURL, keptTable = tg.URL, res.Kept[0]+".enterprises"
			}
			if n := count(t, keptURL, keptTable); n != 1 {
				t.Errorf("the database kept aside has %d enterprises, want the 1 added", n)
			}
			if n := count(t, targetURL(tg), "enterprises"); n != 0 {
				t.Errorf("the restored database has %d enterprises, want the backup's 0", n)
			}
			if eng == "postgres" { // dropping what was kept, as the command says, leaves the restored indexes
				if n := count(t, tg.URL, "pg_indexes WHERE schemaname = 'public' AND indexname IN ('search_docs_tsv', 'enterprises_text')"); n != 2 {
					t.Fatalf("restored indexes: %d of 2", n)
				}
				rows, err := rawDB(t, tg.URL).QueryContext(ctx, `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'siapekspor_before_restore_%'`)
				if err != nil {
					t.Fatal(err)
				}
				var kept []string
				for rows.Next() {
					var n string
					rows.Scan(&n)
					kept = append(kept, n)
				}
				rows.Close()
				for _, n := range kept { // both restores' (the first one's holds what the migrations installed)
					if _, err := rawDB(t, tg.URL).ExecContext(ctx, "DROP SCHEMA "+n+" CASCADE"); err != nil {
						t.Fatal(err)
					}
				}
				if n := count(t, tg.URL, "pg_indexes WHERE schemaname = 'public' AND indexname IN ('search_docs_tsv', 'enterprises_text')"); n != 2 {
					t.Errorf("after dropping the kept schema, %d of the 2 search indexes are left", n)
				}
			}
		})
	}
}
