package bulk

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/importer"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// Issue 14: a panic in a parser fails its import with a logged error and
// never stops the server. The reader runs on a goroutine of its own, where
// an unrecovered panic would end the process (and this test with it).
func TestReaderPanicFailsTheImportOnly(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	defer func(orig func(*importer.Reader) (*importer.Row, error)) { readRow = orig }(readRow)
	readRow = func(*importer.Reader) (*importer.Row, error) { panic("a parser bug") }
	data := "Nama Usaha,Kabupaten\nKopi Uji,Lampung Selatan\n"
	ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
	rep, err := Import(ctx, db, ImportRequest{File: strings.NewReader(data), Size: int64(len(data)), FileName: "t.csv", Province: "18"}, nil)
	var pe *PanicError
	if rep != nil || !errors.As(err, &pe) || pe.Value != "a parser bug" || !bytes.Contains(pe.Stack, []byte("resilience_test.go")) {
		t.Fatalf("Import after a reader panic: %v, %v", rep, err)
	}
	if list, _ := db.ListImports(ctx, 10); len(list) != 0 {
		t.Errorf("a failed import was recorded: %+v", list)
	}
}

// A panic anywhere in a page's background job (reader or store) ends that
// job with an error the page shows, and a log line with the stack.
func TestJobPanicIsRecoveredAndLogged(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	var logged bytes.Buffer
	js := NewJobs(db)
	js.Log = slog.New(slog.NewTextHandler(&logged, nil))
	js.run = func(context.Context, *store.DB, ImportRequest, func(int)) (*Report, error) {
		panic("boom in the store")
	}
	path := filepath.Join(t.TempDir(), PageUploadPrefix+"x")
	if err := os.WriteFile(path, []byte("Nama Usaha\nKopi\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := siapekspor.WithActor(context.Background(), siapekspor.Actor{UserID: 7, Label: "o@example.id", Role: siapekspor.RoleOfficer})
	j, err := js.Start(ctx, path, ImportRequest{FileName: "x.csv", DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		done, rep, err := j.Result()
		if done {
			var pe *PanicError
			if rep != nil || !errors.As(err, &pe) {
				t.Fatalf("job after a panic: %v, %v", rep, err)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the job never finished")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(logged.String(), "import job failed") || !strings.Contains(logged.String(), "boom in the store") {
		t.Errorf("log: %s", logged.String())
	}
}

// Uploads a crash left behind are removed at start; other files are not.
func TestCleanUploadsRemovesOnlyOurs(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{PageUploadPrefix + "123", APIUploadPrefix + "456", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	n, err := CleanUploads(dir)
	if err != nil || n != 2 {
		t.Fatalf("CleanUploads: %d, %v", n, err)
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 1 || left[0].Name() != "notes.txt" {
		t.Errorf("left: %v", left)
	}
	if n, err := CleanUploads(filepath.Join(dir, "missing")); n != 0 || err != nil {
		t.Errorf("a missing folder: %d, %v", n, err)
	}
}

// Issue 14: a large dry run left its whole write (472 MB for a million rows)
// in SQLite's write-ahead log. A dry run now writes nothing (it sorts the
// rows out against a read-only snapshot), so the log does not grow; real
// jobs of checkpointRows rows or more empty it when they end.
func TestLargeDryRunLeavesNoWriteAheadLog(t *testing.T) {
	path := storetest.URL(t, "sqlite")
	db, err := store.Open(context.Background(), store.Options{URL: path})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	b.WriteString("Nama Usaha,Kabupaten,Alamat\n")
	for i := 0; i < 12_000; i++ {
		fmt.Fprintf(&b, "Usaha Uji %d,Lampung Selatan,Jalan Panjang Sekali Nomor %d\n", i, i)
	}
	data := b.String()
	ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
	// Something committed and not yet checkpointed is in the log (a dry
	// run of this size fits the writer's cache; a million rows spill).
	if err := db.CreateEnterprise(ctx, &siapekspor.Enterprise{Name: "Sebelumnya", LegalForm: siapekspor.LegalUD, RegencyCode: "18.01"}); err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(path + "-wal")
	if err != nil || before.Size() == 0 {
		t.Fatalf("the test's premise: a write-ahead log with pages in it (%v)", err)
	}
	rep, err := Import(ctx, db, ImportRequest{File: strings.NewReader(data), Size: int64(len(data)), FileName: "besar.csv", Province: "18", DryRun: true}, nil)
	if err != nil || rep.Result.Inserted != 12_000 {
		t.Fatalf("dry run: %v %+v", err, rep)
	}
	st, err := os.Stat(path + "-wal")
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	if err == nil && st.Size() > before.Size() {
		t.Errorf("the dry run grew the write-ahead log from %d to %d bytes", before.Size(), st.Size())
	}
	// The real run writes 12,000 rows and gives the log's space back.
	if rep, err := Import(ctx, db, ImportRequest{File: strings.NewReader(data), Size: int64(len(data)), FileName: "besar.csv", Province: "18"}, nil); err != nil || rep.Result.Inserted != 12_000 {
		t.Fatalf("import: %v %+v", err, rep)
	}
	if st, err := os.Stat(path + "-wal"); err == nil && st.Size() > 0 {
		t.Errorf("the write-ahead log holds %d bytes after a large import", st.Size())
	}
}
