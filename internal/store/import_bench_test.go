package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// BenchmarkImportVsBareInsert imports the demo province's CSV (156,150
// rows; SIAPEKSPOR_BENCH_ROWS sets another count) and, in the same run,
// bare-inserts the same enterprises: into a table with the same columns and
// nothing else (no index, no key, no search rows, no KBLI rows), in one
// transaction, with prepared multi-row INSERTs on SQLite and pgx CopyFrom
// on PostgreSQL. The bare side gets its values made ahead (untimed); the
// import reads, checks and stores the file. It prints both, side by side,
// with the wall and CPU time of each and their ratio.
//
//	go test -run '^$' -bench ImportVsBareInsert -benchtime 1x ./internal/store/
func BenchmarkImportVsBareInsert(b *testing.B) {
	n := demo.LampungUMKM
	if s := os.Getenv("SIAPEKSPOR_BENCH_ROWS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	var csv bytes.Buffer
	if err := demo.WriteCSV(&csv, "18", n, 1); err != nil {
		b.Fatal(err)
	}
	for _, eng := range storetest.Engines() {
		b.Run(eng, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := storetest.Open(b, eng)
				b.StartTimer()
				start, cpu0 := time.Now(), cpuTime()
				rep, err := bulk.Import(ctx, db, bulk.ImportRequest{File: bytes.NewReader(csv.Bytes()), Size: int64(csv.Len()),
					FileName: "lampung.csv", Province: "18"}, nil)
				if err != nil {
					b.Fatal(err)
				}
				importTime, importCPU := time.Since(start), cpuTime()-cpu0
				b.StopTimer()

				bareTime, bareCPU := bareInsert(b, eng, db, n, "bare_enterprises")
				schemaTime, schemaCPU := bareInsert(b, eng, db, n, "enterprises")
				importRate := float64(rep.Rows) / importTime.Seconds()
				bareRate := float64(n) / bareTime.Seconds()
				b.ReportMetric(importTime.Seconds(), "import-s")
				b.ReportMetric(bareTime.Seconds(), "bare-s")
				b.ReportMetric(importRate, "import-rows/s")
				b.ReportMetric(bareRate, "bare-rows/s")
				b.ReportMetric(100*importRate/bareRate, "ratio-%")
				fmt.Printf("%s, %d rows: import %.2fs wall %.2fs CPU (%.0f rows/s, %d inserted) | bare insert %.2fs wall %.2fs CPU (%.0f rows/s) | import at %.0f%% of bare (wall), %.0f%% (this process's CPU) | the same insert into the app's enterprises table (its indexes and keys, nothing else) %.2fs wall %.2fs CPU\n",
					eng, n, importTime.Seconds(), importCPU.Seconds(), importRate, rep.Result.Inserted,
					bareTime.Seconds(), bareCPU.Seconds(), bareRate, 100*importRate/bareRate, 100*bareCPU.Seconds()/importCPU.Seconds(),
					schemaTime.Seconds(), schemaCPU.Seconds())
				b.StartTimer()
			}
		})
	}
}

// bareInsert times the baseline: n demo enterprises, their values made
// ahead, inserted in one transaction into table of a fresh database:
// bare_enterprises, made here with the enterprises table's columns and
// types and nothing else, or the app's own enterprises table with its
// indexes and keys (a figure that splits the distance into what the
// schema costs and what the import adds).
func bareInsert(b *testing.B, eng string, app *store.DB, n int, table string) (wall, cpu time.Duration) {
	cols := store.EnterpriseColumnsForTest()
	g, err := demo.New("18", 1)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	rows := make([][]any, n)
	for j := range rows {
		e := g.Next()
		if err := app.PrepareForTest([]*siapekspor.Enterprise{e}); err != nil {
			b.Fatal(err)
		}
		e.ID = int64(j + 1)
		rows[j] = store.EnterpriseRowForTest(e, now, nil)
	}
	u := storetest.URL(b, eng)
	driver := "pgx"
	if eng == "sqlite" {
		driver, u = "sqlite", "file:"+u+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)"
	}
	raw, err := sql.Open(driver, u)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	conn, err := raw.Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	// The same columns and types, without keys, defaults or indexes.
	switch {
	case table == "enterprises":
	case eng == "postgres":
		_, err = conn.ExecContext(ctx, `CREATE TABLE bare_enterprises (LIKE enterprises)`)
	default:
		var defs []string
		var rs *sql.Rows
		if rs, err = conn.QueryContext(ctx, `SELECT name, type FROM pragma_table_info('enterprises')`); err == nil {
			for rs.Next() {
				var name, typ string
				rs.Scan(&name, &typ)
				defs = append(defs, name+" "+typ)
			}
			rs.Close()
			_, err = conn.ExecContext(ctx, `CREATE TABLE bare_enterprises (`+strings.Join(defs, ", ")+`)`)
		}
	}
	if err != nil {
		b.Fatal(err)
	}
	b.StartTimer()
	defer b.StopTimer()
	start, cpu0 := time.Now(), cpuTime()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	if eng == "postgres" {
		err = conn.Raw(func(dc any) error {
			_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
			return err
		})
	} else {
		err = bareMultiRow(ctx, tx, table, cols, rows)
	}
	if err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start), cpuTime() - cpu0
}

// bareMultiRow inserts rows with one prepared statement of many rows, and
// one of a row for the rest.
func bareMultiRow(ctx context.Context, tx *sql.Tx, table string, cols []string, rows [][]any) error {
	const per = 500
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	many, err := tx.PrepareContext(ctx, head+strings.TrimSuffix(strings.Repeat(one+",", per), ","))
	if err != nil {
		return err
	}
	defer many.Close()
	single, err := tx.PrepareContext(ctx, head+one)
	if err != nil {
		return err
	}
	defer single.Close()
	args := make([]any, 0, per*len(cols))
	i := 0
	for ; i+per <= len(rows); i += per {
		args = args[:0]
		for _, r := range rows[i : i+per] {
			args = append(args, r...)
		}
		if _, err := many.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	for ; i < len(rows); i++ {
		if _, err := single.ExecContext(ctx, rows[i]...); err != nil {
			return err
		}
	}
	return nil
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
