package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// backup writes a 0600 archive (or to standard output) while the server
// runs; restore refuses a database in use and one holding work unless
// forced, and restores into a fresh data folder.
func TestBackupAndRestoreCommands(t *testing.T) {
	db := storetest.URL(t, "sqlite")
	media := filepath.Join(t.TempDir(), "media")
	if err := os.MkdirAll(filepath.Join(media, "documents"), 0o750); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(media, "documents", "sertifikat.pdf"), []byte("%PDF-1.4 halal\n"), 0o640)
	if _, _, err := runCLI(t, "import", "enterprises", "--db", db, "--province", "18", "../../samples/umkm-lampung-selatan.csv"); err != nil {
		t.Fatal(err)
	}
	_, cancel, done := startServe(t, "--db", db, "--media-dir", media)

	archive := filepath.Join(t.TempDir(), "siapekspor-2026-12-04.tar.gz")
	_, stderr, err := runCLI(t, "backup", "--db", db, "--media-dir", media, "--out", archive)
	if err != nil || !strings.Contains(stderr, "backup written to "+archive) || !strings.Contains(stderr, "keep it encrypted") {
		t.Fatalf("backup beside the server: %v\n%s", err, stderr)
	}
	if st, err := os.Stat(archive); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("the archive: %v, mode %v; want 0600", err, st.Mode())
	}
	if _, _, err := runCLI(t, "backup", "--db", db, "--out", archive); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("a backup over an existing file: %v", err)
	}
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"backup", "--db", db, "--media-dir", media, "--out", "-"}, env(nil), strings.NewReader(""), &out, &errb); err != nil ||
		!bytes.HasPrefix(out.Bytes(), []byte{0x1f, 0x8b}) {
		t.Errorf("a backup to standard output: %v, %d bytes\n%s", err, out.Len(), errb.String())
	}
	if _, _, err := runCLI(t, "restore", archive, "--db", db, "--media-dir", media, "--force"); err == nil || !strings.Contains(err.Error(), "is in use") {
		t.Errorf("a restore over the running server's database: %v", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	target := t.TempDir()
	stdout, _, err := runCLI(t, "restore", archive, "--data-dir", target)
	if err != nil || !strings.Contains(stdout, "a sqlite backup made") || !strings.Contains(stdout, "restored in") {
		t.Fatalf("restore into a fresh folder: %v\n%s", err, stdout)
	}
	if b, err := os.ReadFile(filepath.Join(target, "media", "documents", "sertifikat.pdf")); err != nil || string(b) != "%PDF-1.4 halal\n" {
		t.Errorf("the restored scan: %q %v", b, err)
	}
	if _, _, err := runCLI(t, "restore", archive, "--data-dir", target); err == nil || !strings.Contains(err.Error(), "3 enterprises") {
		t.Errorf("a restore over a database with enterprises: %v", err)
	}
	stdout, _, err = runCLI(t, "restore", archive, "--data-dir", target, "--force")
	if err != nil || strings.Count(stdout, "is kept as") != 2 {
		t.Errorf("a forced restore: %v\n%s", err, stdout)
	}
}
