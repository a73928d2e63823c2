package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// demoRows returns n demo enterprises as an import's rows.
func demoRows(t testing.TB, n int, seed uint64) []*store.ImportRow {
	t.Helper()
	g, err := demo.New("18", seed)
	if err != nil {
		t.Fatal(err)
	}
	rows := make([]*store.ImportRow, n)
	for i := range rows {
		rows[i] = &store.ImportRow{Line: i + 2, Enterprise: g.Next()}
	}
	return rows
}

// openTwice opens the database at u twice, as the server and a command run
// beside it would.
func openTwice(tb testing.TB, u string) (server, cli *store.DB) {
	tb.Helper()
	for _, db := range []**store.DB{&server, &cli} {
		var err error
		if *db, err = store.Open(ctx, store.Options{URL: u}); err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { (*db).Close() })
	}
	return server, cli
}

// rowsOf reads rows as an import's next.
func rowsOf(rows []*store.ImportRow) func() (*store.ImportRow, error) {
	i := 0
	return func() (*store.ImportRow, error) {
		if i == len(rows) {
			return nil, io.EOF
		}
		i++
		return rows[i-1], nil
	}
}

// A command-line import beside the running server: two *store.DB on one
// SQLite file, as two processes would have. The import's reader (the file's
// parsing) stops halfway until the server has written; the server's writes
// must get through while the import is still reading. Before the import
// read its file outside its transaction, the server waited out the busy
// timeout and failed with "database is locked".
func TestImportBesideServerLetsServerWrite(t *testing.T) {
	server, cli := openTwice(t, storetest.URL(t, "sqlite"))

	e := validEnterprise()
	if err := server.CreateEnterprise(ctx, e); err != nil {
		t.Fatal(err)
	}
	rows := demoRows(t, 30000, 11)
	halfway, serverDone := make(chan struct{}), make(chan struct{})
	var serverErr error
	go func() {
		<-halfway
		defer close(serverDone)
		e.Workers++
		if serverErr = server.UpdateEnterprise(ctx, e); serverErr != nil {
			return
		}
		other := validEnterprise()
		other.NIB, other.Name = "", "Kopi Tangkit"
		serverErr = server.CreateEnterprise(ctx, other)
	}()
	i := 0
	next := func() (*store.ImportRow, error) {
		if i == len(rows)/2 {
			close(halfway)
			select {
			case <-serverDone:
			case <-time.After(time.Minute): // the old design: the server waits on us
			}
		}
		if i == len(rows) {
			return nil, io.EOF
		}
		i++
		return rows[i-1], nil
	}
	res, err := cli.ImportEnterprises(ctx, store.ImportOptions{FileName: "besar.csv", Duplicates: store.DupKeep}, next, nil)
	<-serverDone
	if serverErr != nil {
		t.Fatalf("the server's write beside the import: %v", serverErr)
	}
	if err != nil {
		t.Fatal(err)
	}
	if res.Inserted+res.Skipped != len(rows) {
		t.Errorf("import: %+v", res)
	}
	page, err := server.ListEnterprises(ctx, siapekspor.EnterpriseFilter{Limit: 1})
	if err != nil || page.Total != 2+res.Inserted {
		t.Errorf("after both: %d enterprises (%v), want %d", page.Total, err, 2+res.Inserted)
	}
}

// While the import writes, the server keeps writing: its writes wait for
// the import's (short) transaction and none fails. The longest wait is
// printed, not judged.
func TestImportBesideServerWritesQueue(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 40,000 rows")
	}
	server, cli := openTwice(t, storetest.URL(t, "sqlite"))
	e := validEnterprise()
	if err := server.CreateEnterprise(ctx, e); err != nil {
		t.Fatal(err)
	}
	rows := demoRows(t, 40000, 12)
	var stop atomic.Bool
	var wg sync.WaitGroup
	var writes int
	var longest time.Duration
	var serverErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !stop.Load() {
			start := time.Now()
			e.Workers = 1 + writes%50
			if err := server.UpdateEnterprise(ctx, e); err != nil {
				serverErr = err
				return
			}
			writes++
			longest = max(longest, time.Since(start))
			time.Sleep(20 * time.Millisecond)
		}
	}()
	start := time.Now()
	res, err := cli.ImportEnterprises(ctx, store.ImportOptions{FileName: "besar.csv", Duplicates: store.DupKeep}, rowsOf(rows), nil)
	took := time.Since(start)
	time.Sleep(100 * time.Millisecond) // a write or two after the import
	stop.Store(true)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if serverErr != nil {
		t.Fatalf("a server write during the import failed after %d writes: %v", writes, serverErr)
	}
	if writes == 0 {
		t.Fatal("the server wrote nothing")
	}
	t.Logf("import of %d rows (%d new) took %v; the server wrote %d times, the longest write took %v", len(rows), res.Inserted, took, writes, longest)
}

// On PostgreSQL the import's write phase keeps other writers out of the
// enterprises table only: a product of a registered enterprise (whose
// foreign-key check reads the enterprises table with a share lock) is
// written at once, and an edit of an enterprise waits for the import and
// then succeeds.
func TestImportOnPostgresBlocksOnlyEnterpriseWrites(t *testing.T) {
	if os.Getenv(storetest.PostgresEnv) == "" {
		t.Skipf("%s is not set", storetest.PostgresEnv)
	}
	server, cli := openTwice(t, storetest.URL(t, "postgres"))
	e := validEnterprise()
	if err := server.CreateEnterprise(ctx, e); err != nil {
		t.Fatal(err)
	}
	rows := demoRows(t, 5000, 13)
	var productErr error
	edited := make(chan error, 1)
	writing := func(done, total int) {
		if done != 0 {
			return
		}
		// The import's transaction holds its lock from here to its commit.
		c, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		productErr = server.CreateProduct(c, coffee(e.ID))
		go func() {
			e.Workers++
			edited <- server.UpdateEnterprise(ctx, e)
		}()
	}
	res, err := cli.ImportEnterprises(ctx, store.ImportOptions{FileName: "besar.csv", Writing: writing}, rowsOf(rows), nil)
	if err != nil {
		t.Fatal(err)
	}
	if productErr != nil {
		t.Errorf("a product written during the import's write phase: %v", productErr)
	}
	if err := <-edited; err != nil {
		t.Errorf("an enterprise edited during the import's write phase: %v", err)
	}
	if res.Inserted == 0 {
		t.Errorf("import: %+v", res)
	}
}

// importRows returns next for a list of enterprises, made fresh by make
// as a file read twice gives them.
func importRows(make func() []*siapekspor.Enterprise) func() (*store.ImportRow, error) {
	var rows []*store.ImportRow
	for i, e := range make() {
		rows = append(rows, &store.ImportRow{Line: i + 2, Enterprise: e})
	}
	return rowsOf(rows)
}

// A dry run writes nothing and takes no lock, yet reports exactly what the
// real run then does: for every duplicate policy, with duplicates in the
// registry and in the file, an update that gives a record the NIB a later
// row carries, and a row out of the officer's regency.
func TestImportDryRunIsExact(t *testing.T) {
	officer := siapekspor.WithActor(ctx, asRole(siapekspor.RoleOfficer, 0, "18.01"))
	file := func() []*siapekspor.Enterprise {
		same := validEnterprise() // registered A, by NIB, with a new turnover
		same.AnnualTurnover = 900_000_000
		renamed := validEnterprise() // registered B, by name and district, gets a NIB
		renamed.Name, renamed.NIB = "Tenun Tapis Indah", "9120009999999"
		sameNIB := validEnterprise() // the NIB the row above gave B
		sameNIB.Name, sameNIB.NIB = "Kopi Lain", "9120009999999"
		fresh := validEnterprise()
		fresh.Name, fresh.NIB = "Madu Hutan Way Kambas", ""
		again := validEnterprise() // the row above, again
		again.Name, again.NIB = "Madu Hutan Way Kambas", ""
		away := validEnterprise() // Bandar Lampung: not the officer's
		away.Name, away.NIB, away.RegencyCode, away.DistrictCode = "Keripik Kota", "", "18.71", "18.71.01"
		return []*siapekspor.Enterprise{same, renamed, sameNIB, fresh, again, away}
	}
	for _, policy := range []string{store.DupSkip, store.DupUpdate, store.DupKeep} {
		t.Run(policy, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				a := validEnterprise()
				b := validEnterprise()
				b.Name, b.NIB = "Tenun Tapis Indah", ""
				for _, e := range []*siapekspor.Enterprise{a, b} {
					if err := db.CreateEnterprise(ctx, e); err != nil {
						t.Fatal(err)
					}
				}
				before := tableCounts(t, db)
				opt := store.ImportOptions{FileName: "f.csv", Duplicates: policy, DryRun: true}
				dry, err := db.ImportEnterprises(officer, opt, importRows(file), nil)
				if err != nil {
					t.Fatal(err)
				}
				if after := tableCounts(t, db); after != before {
					t.Fatalf("the dry run wrote: %v, before %v", after, before)
				}
				opt.DryRun = false
				real, err := db.ImportEnterprises(officer, opt, importRows(file), nil)
				if err != nil {
					t.Fatal(err)
				}
				if real.ID == 0 || dry.ID != 0 {
					t.Errorf("ids: real %d, dry %d", real.ID, dry.ID)
				}
				dry.ID, dry.DryRun = real.ID, real.DryRun
				if fmt.Sprint(*dry) != fmt.Sprint(*real) {
					t.Errorf("dry run:\n%+v\nreal run:\n%+v", *dry, *real)
				}
				if real.Rejected != 1 || real.Inserted+real.Updated+real.Skipped+real.Rejected < 5 {
					t.Errorf("real run: %+v", *real)
				}
			})
		})
	}
}

// tableCounts counts the rows an import writes.
func tableCounts(t *testing.T, db *store.DB) string {
	t.Helper()
	var out []int
	for _, table := range []string{"enterprises", "enterprise_kbli", "search_docs", "imports", "import_items", "audit_log"} {
		var n int
		if err := db.QueryRowForTest(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return fmt.Sprint(out)
}

// A dry run runs while another process holds SQLite's write lock; the real
// run, which needs the lock, waits for it and past its wait fails with the
// "busy" error that the pages answer with 503 — never an internal error.
func TestImportDryRunNeedsNoLockAndBusyIsUnavailable(t *testing.T) {
	path := storetest.URL(t, "sqlite")
	db, err := store.Open(ctx, store.Options{URL: path, BusyTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	holder, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	conn, err := holder.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "ROLLBACK")
	rows := func() []*siapekspor.Enterprise { return []*siapekspor.Enterprise{validEnterprise()} }
	dry, err := db.ImportEnterprises(ctx, store.ImportOptions{FileName: "f.csv", DryRun: true}, importRows(rows), nil)
	if err != nil || dry.Inserted != 1 {
		t.Fatalf("dry run beside a writer: %+v, %v", dry, err)
	}
	_, err = db.ImportEnterprises(ctx, store.ImportOptions{FileName: "f.csv"}, importRows(rows), nil)
	if !store.IsBusy(err) || siapekspor.ErrorCodeOf(err) != siapekspor.EUnavailable {
		t.Fatalf("import beside a writer: %v (code %s)", err, siapekspor.ErrorCodeOf(err))
	}
	if err := db.CreateEnterprise(ctx, validEnterprise()); siapekspor.ErrorCodeOf(err) != siapekspor.EUnavailable {
		t.Fatalf("a write beside a writer: %v", err)
	}
}

// The import waits for another process's write rather than fail: while the
// server holds the write lock, the import reads its file and then waits at
// BEGIN; once the server commits, the import goes through.
func TestImportWaitsForTheServersWrite(t *testing.T) {
	path := storetest.URL(t, "sqlite")
	_, cli := openTwice(t, path)
	holder, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	conn, err := holder.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	rows := demoRows(t, 2000, 14)
	read := make(chan struct{})
	var once sync.Once
	done := make(chan error, 1)
	go func() {
		_, err := cli.ImportEnterprises(ctx, store.ImportOptions{FileName: "f.csv"}, rowsOf(rows), func(n int) {
			if n == len(rows) {
				once.Do(func() { close(read) })
			}
		})
		done <- err
	}()
	<-read
	time.Sleep(300 * time.Millisecond) // waiting at BEGIN by now
	select {
	case err := <-done:
		t.Fatalf("the import ended while another process held the lock: %v", err)
	default:
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("the import after the other write: %v", err)
	}
}

// Busy errors are told by the driver's code, wrapped or not, never by the
// message: PostgreSQL's lock timeout, deadlock and serialization failure
// are "unavailable" too; a unique violation or a message that merely reads
// "database is locked" is not.
func TestBusyErrorsByCode(t *testing.T) {
	for _, c := range []struct {
		err  error
		busy bool
	}{
		{&pgconn.PgError{Code: "55P03"}, true},
		{fmt.Errorf("update: %w", &pgconn.PgError{Code: "40P01"}), true},
		{&pgconn.PgError{Code: "40001"}, true},
		{&pgconn.PgError{Code: "23505"}, false},
		{errors.New("database is locked (5) (SQLITE_BUSY)"), false},
		{nil, false},
	} {
		if got := store.IsBusy(c.err); got != c.busy {
			t.Errorf("IsBusy(%v) = %v", c.err, got)
		}
		if want := c.busy; (siapekspor.ErrorCodeOf(c.err) == siapekspor.EUnavailable) != want {
			t.Errorf("ErrorCodeOf(%v) = %s", c.err, siapekspor.ErrorCodeOf(c.err))
		}
	}
}
