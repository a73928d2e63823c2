package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/store"
)

// TestMain lets a test run the command line in a child process of its own,
// so that the child can be killed in the middle of its work.
func TestMain(m *testing.M) {
	if args := os.Getenv("SIAPEKSPOR_TEST_CHILD"); args != "" {
		ctx, stop := signalContext() // as main does
		err := run(ctx, strings.Split(args, "\x1f"), os.Getenv, os.Stdin, os.Stdout, os.Stderr)
		stop()
		// The process's own peak memory, for the import benchmark: the
		// kernel's rusage of a child counts the parent's memory at the fork.
		if status, err := os.ReadFile("/proc/self/status"); err == nil {
			for _, line := range strings.Split(string(status), "\n") {
				if strings.HasPrefix(line, "VmHWM:") {
					fmt.Fprintln(os.Stderr, "peak-memory", strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")))
				}
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "siapekspor:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// An import stops on SIGTERM (the 2 KB file once made it spin on,
// ignoring the signal): the command returns the cancellation and nothing
// is stored.
func TestImportStopsOnSIGTERM(t *testing.T) {
	dir := t.TempDir()
	csvFile := filepath.Join(dir, "tidak-dikenal.csv")
	var b strings.Builder
	b.WriteString("Nama Usaha,Nama Pemilik,Kabupaten/Kota\n")
	for i := 0; b.Len() < 40<<20; i++ {
		fmt.Fprintf(&b, "Usaha %d,Pemilik,Kabupaten Antah Berantah %d\n", i, i%1000)
	}
	if err := os.WriteFile(csvFile, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^$")
	cmd.Env = append(os.Environ(), "SIAPEKSPOR_TEST_CHILD="+strings.Join([]string{"import", "enterprises", "--data-dir", dir, "--province", "18", "--dry-run", csvFile}, "\x1f"))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Signal once the command is under way (it has made its database; the
	// file then takes seconds).
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(dir, "siapekspor.db")); err == nil {
			break
		}
		if time.Since(start) > time.Minute {
			cmd.Process.Kill()
			t.Fatalf("no database after a minute: %s", stderr.String())
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(stderr.String(), "context canceled") {
			t.Fatalf("after SIGTERM: %v, %s", err, stderr.String())
		}
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatal("the import ran on a minute after SIGTERM")
	}
}

func countEnterprises(t *testing.T, dir string) (enterprises, imports int) {
	t.Helper()
	db, err := store.Open(context.Background(), store.Options{URL: filepath.Join(dir, "siapekspor.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := siapekspor.WithActor(context.Background(), siapekspor.SystemActor)
	page, err := db.ListEnterprises(ctx, siapekspor.EnterpriseFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	list, err := db.ListImports(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return page.Total, len(list)
}

// An import killed in the middle leaves the registry as it was: the
// transaction never committed, and SQLite's journal undoes what reached the
// file.
func TestImportKilledMidwayChangesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 40,000-row file")
	}
	dir := t.TempDir()
	csvFile := filepath.Join(dir, "besar.csv")
	if _, _, err := runCLI(t, "demo", "--enterprises", "40000", "--seed", "3", "--csv", csvFile); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCLI(t, "import", "enterprises", "--data-dir", dir, "--province", "18", "../../samples/umkm-lampung-selatan.csv"); err != nil {
		t.Fatal(err)
	}
	before, importsBefore := countEnterprises(t, dir)

	cmd := exec.Command(os.Args[0], "-test.run", "^$")
	cmd.Env = append(os.Environ(), "SIAPEKSPOR_TEST_CHILD="+strings.Join([]string{"import", "enterprises", "--data-dir", dir, "--province", "18", csvFile}, "\x1f"))
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once it reports half the rows written inside its transaction
	// (the file is read whole before the transaction begins).
	r := bufio.NewReader(stderr)
	deadline := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
	defer deadline.Stop()
	for {
		s, err := r.ReadString('\r')
		if err != nil {
			t.Fatalf("the child ended before it was killed: %v %q", err, s)
		}
		var done, total int
		if _, err := fmt.Sscanf(strings.ReplaceAll(s, ".", ""), "storing %d of %d", &done, &total); err == nil && done >= total/2 {
			break
		}
	}
	cmd.Process.Kill()
	cmd.Wait()

	after, importsAfter := countEnterprises(t, dir)
	if after != before || importsAfter != importsBefore {
		t.Errorf("after a killed import: %d enterprises and %d imports, before %d and %d", after, importsAfter, before, importsBefore)
	}
	// Nor is its spool of prepared rows (personal data) left behind.
	if left, _ := filepath.Glob(filepath.Join(dir, ".siapekspor-import-*")); len(left) > 0 {
		t.Errorf("a killed import left %v", left)
	}
	// And the database is sound: the same import now runs to the end.
	if out, _, err := runCLI(t, "import", "enterprises", "--data-dir", dir, "--province", "18", csvFile); err != nil || !strings.Contains(out, "imported") {
		t.Errorf("import after the crash: %v %s", err, out)
	}
}
