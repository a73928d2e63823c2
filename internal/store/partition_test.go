package store_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// The registry partitioned by province on one PostgreSQL server (the step
// docs/scaling.md describes before a distributed PostgreSQL): a copy of the
// enterprises table, partitioned by list of province code with a partition
// per province of the reference, holding two provinces' enterprises. The
// list's own WHERE clause (enterpriseWhere, the one ListEnterprises and
// the exports read with) must read one partition for every filter that
// stays inside a province, a regency or district filter too (it carries
// its province), and the reads by a province's code must too. SQLite has
// no partitioned tables: the test is PostgreSQL's.
func TestRegistryPartitionedByProvince(t *testing.T) {
	if os.Getenv(storetest.PostgresEnv) == "" {
		t.Skipf("partitioning by province is PostgreSQL's (SQLite has no partitioned tables); set %s to run it", storetest.PostgresEnv)
	}
	db := storetest.Open(t, "postgres")
	for i, p := range []string{"18", "31"} {
		if _, err := demo.Fill(ctx, db, p, 400, uint64(3+i)); err != nil {
			t.Fatal(err)
		}
	}
	exec := func(q string) {
		t.Helper()
		if err := db.ExecForTest(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`CREATE TABLE enterprises_by_province (LIKE enterprises INCLUDING DEFAULTS) PARTITION BY LIST (province_code)`)
	rows, err := db.QueryForTest(ctx, `SELECT code FROM regions WHERE level = 1 ORDER BY code`)
	if err != nil {
		t.Fatal(err)
	}
	var provinces []string
	for rows.Next() {
		var c string
		rows.Scan(&c)
		provinces = append(provinces, c)
	}
	rows.Close()
	if len(provinces) != 38 {
		t.Fatalf("%d provinces in the reference", len(provinces))
	}
	for _, p := range provinces {
		exec(fmt.Sprintf(`CREATE TABLE enterprises_p%s PARTITION OF enterprises_by_province FOR VALUES IN ('%s')`, p, p))
	}
	// A key of a partitioned table holds the partition key.
	exec(`ALTER TABLE enterprises_by_province ADD PRIMARY KEY (province_code, id)`)
	exec(`CREATE INDEX ON enterprises_by_province (province_code, name_key, id)`)
	exec(`CREATE INDEX ON enterprises_by_province (regency_code, name_key, id)`)
	exec(`INSERT INTO enterprises_by_province SELECT * FROM enterprises`)
	exec(`ANALYZE enterprises_by_province`)

	var regency, district string
	if err := db.QueryRowForTest(ctx, `SELECT regency_code, district_code FROM enterprises WHERE province_code = '31' LIMIT 1`).Scan(&regency, &district); err != nil {
		t.Fatal(err)
	}
	// partitions returns the partitions a query's plan reads.
	partitions := func(q string, args ...any) []string {
		t.Helper()
		var plan string
		if err := db.QueryRowForTest(ctx, `EXPLAIN (FORMAT JSON) `+q, args...).Scan(&plan); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		var v any
		json.Unmarshal([]byte(plan), &v)
		seen := map[string]bool{}
		var walk func(any)
		walk = func(v any) {
			switch x := v.(type) {
			case map[string]any:
				if r, ok := x["Relation Name"].(string); ok && strings.HasPrefix(r, "enterprises_p") {
					seen[r] = true
				}
				for _, c := range x {
					walk(c)
				}
			case []any:
				for _, c := range x {
					walk(c)
				}
			}
		}
		walk(v)
		var out []string
		for r := range seen {
			out = append(out, r)
		}
		return out
	}
	list := func(f siapekspor.EnterpriseFilter) (string, []any) {
		where, args := store.EnterpriseWhereForTest(f, siapekspor.EnterpriseScope{All: true})
		return `SELECT e.id, e.name FROM enterprises_by_province e` + where + ` ORDER BY e.name_key, e.id LIMIT 50`, args
	}
	for _, f := range []siapekspor.EnterpriseFilter{
		{ProvinceCode: "31"},
		{ProvinceCode: "31", SizeClass: siapekspor.SizeMicro, ExportStatus: siapekspor.ExportNever},
		{RegencyCode: regency, SizeClass: siapekspor.SizeMicro},
		{DistrictCode: district},
		{RegencyCode: regency, Query: "jaya"},
	} {
		q, args := list(f)
		if got := partitions(q, args...); len(got) != 1 || got[0] != "enterprises_p31" {
			t.Errorf("the list filtered by %+v reads partitions %v, want only enterprises_p31\n%s", f, got, q)
		}
	}
	// An enterprise read by its id and province, and a province's count.
	for _, q := range []string{
		`SELECT name FROM enterprises_by_province WHERE province_code = '31' AND id = 5`,
		`SELECT COUNT(*) FROM enterprises_by_province WHERE province_code = '31' AND size_class = 'micro'`,
	} {
		if got := partitions(q); len(got) != 1 {
			t.Errorf("%s reads partitions %v, want one", q, got)
		}
	}
	// The whole registry, as a national officer lists it, reads every
	// partition: the query that may not stay in one province.
	q, args := list(siapekspor.EnterpriseFilter{SizeClass: siapekspor.SizeMicro})
	if got := partitions(q, args...); len(got) < 38 {
		t.Errorf("the whole registry's list reads %d partitions, want all 38", len(got))
	}
	// The copy holds every enterprise, each in its own province's partition.
	var n, wrong int
	db.QueryRowForTest(ctx, `SELECT COUNT(*), COUNT(*) FILTER (WHERE tableoid::regclass::text <> 'enterprises_p' || province_code) FROM enterprises_by_province`).Scan(&n, &wrong)
	if n != 800 || wrong != 0 {
		t.Errorf("the partitioned copy holds %d enterprises, %d in another province's partition", n, wrong)
	}
}
