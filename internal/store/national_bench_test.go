package store_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/siapekspor/siapekspor"
	"github.com/siapekspor/siapekspor/internal/bulk"
	"github.com/siapekspor/siapekspor/internal/cluster"
	"github.com/siapekspor/siapekspor/internal/demo"
	"github.com/siapekspor/siapekspor/internal/refdata"
	"github.com/siapekspor/siapekspor/internal/store"
	"github.com/siapekspor/siapekspor/internal/store/storetest"
)

// BenchmarkNational measures a national registry made by `siapekspor demo
// --national` in the PostgreSQL database SIAPEKSPOR_NATIONAL_DB names (it
// is skipped without one): p50 and p99 of the list with two filters
// (regency and size class), a region's counts and a search with the cache
// off, as a province's officer and as a national one (200 calls each, or
// SIAPEKSPOR_NATIONAL_CALLS); then it imports a
// province's file of SIAPEKSPOR_BENCH_ROWS rows (20,000 by default) into
// that registry and into an empty database and prints both times. The
// import adds its rows to the national database.
//
//	SIAPEKSPOR_NATIONAL_DB=postgres://… go test -run '^$' -bench National -benchtime 1x ./internal/store/
func BenchmarkNational(b *testing.B) {
	url := os.Getenv("SIAPEKSPOR_NATIONAL_DB")
	if url == "" {
		b.Skip("SIAPEKSPOR_NATIONAL_DB is not set")
	}
	db, err := store.Open(ctx, store.Options{URL: url, DataDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetSearchCache(0)
	var total int
	if err := db.QueryRowForTest(ctx, `SELECT COUNT(*) FROM enterprises`).Scan(&total); err != nil {
		b.Fatal(err)
	}
	codes, _ := demo.NationalShares(1)
	ix := refdata.DefaultRegionIndex()
	rnd := rand.New(rand.NewPCG(1, 2))
	sizes := []siapekspor.SizeClass{siapekspor.SizeMicro, siapekspor.SizeSmall, siapekspor.SizeMedium}
	words := append(slices.Clone(searchQueries), demo.SearchWords()...)
	officer := func(p string) siapekspor.Actor {
		return siapekspor.Actor{UserID: 99, Role: siapekspor.RoleOfficer, RegionCode: p, Label: "bench"}
	}
	national := siapekspor.Actor{UserID: 98, Role: siapekspor.RoleOfficer, Label: "bench"}
	n := 200
	if s := os.Getenv("SIAPEKSPOR_NATIONAL_CALLS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	measure := func(what string, fn func(a siapekspor.Actor, province, regency string) error) {
		for _, who := range []string{"province officer", "national officer"} {
			var took []time.Duration
			for i := 0; i < n; i++ {
				p := codes[rnd.IntN(len(codes))]
				regs := ix.Children(p)
				r := regs[rnd.IntN(len(regs))].Code
				a := national
				if who == "province officer" {
					a = officer(p)
				}
				t := time.Now()
				if err := fn(a, p, r); err != nil {
					b.Fatalf("%s: %v", what, err)
				}
				took = append(took, time.Since(t))
			}
			slices.Sort(took)
			fmt.Printf("%d enterprises, %s as a %s: p50 %s p99 %s (%d calls, one at a time)\n", total, what, who,
				took[len(took)/2].Round(10*time.Microsecond), took[len(took)*99/100].Round(10*time.Microsecond), n)
		}
	}
	measure("the list with two filters (regency, size class)", func(a siapekspor.Actor, p, r string) error {
		_, err := db.ListEnterprises(siapekspor.WithActor(ctx, a), siapekspor.EnterpriseFilter{RegencyCode: r, SizeClass: sizes[rnd.IntN(3)], Limit: 50})
		return err
	})
	measure("a region's counts by size class (the province, then a regency)", func(a siapekspor.Actor, p, r string) error {
		c := siapekspor.WithActor(ctx, a)
		if _, err := db.CountEnterprises(c, siapekspor.EnterpriseFilter{ProvinceCode: p}, store.BySize); err != nil {
			return err
		}
		_, err := db.CountEnterprises(c, siapekspor.EnterpriseFilter{RegencyCode: r}, store.BySize)
		return err
	})
	// The map's points (/geo/points) from the point_cells summary, in
	// Lampung, the one province --national gives coordinates (126,722 of
	// its enterprises): the province at zoom 8, a regency at zoom 12 (the
	// box all of Indonesia: the region bounds what is read), and the
	// district counts others see. The officer is Lampung's.
	indonesia := cluster.BBox{South: -11.5, West: 94.5, North: 6.5, East: 141.5}
	lampung := ix.Children("18")
	measure("the map's points of Lampung (zoom 8)", func(a siapekspor.Actor, p, r string) error {
		if a.RegionCode != "" {
			a = officer("18")
		}
		_, _, err := db.EnterpriseClusters(siapekspor.WithActor(ctx, a), "18", 8, indonesia, 400)
		return err
	})
	measure("the map's points of a Lampung regency (zoom 12)", func(a siapekspor.Actor, p, r string) error {
		if a.RegionCode != "" {
			a = officer("18")
		}
		_, _, err := db.EnterpriseClusters(siapekspor.WithActor(ctx, a), lampung[rnd.IntN(len(lampung))].Code, 12, indonesia, 400)
		return err
	})
	measure("the map's district counts of Lampung", func(a siapekspor.Actor, p, r string) error {
		_, err := db.CountDistrictPoints(siapekspor.WithActor(ctx, a), "18")
		return err
	})
	// A part of a name or an owner's name in the list's text box: the
	// trigram index (migration 0029), within the regency a page shows.
	measure("the list with a text filter (regency, a word)", func(a siapekspor.Actor, p, r string) error {
		_, err := db.ListEnterprises(siapekspor.WithActor(ctx, a), siapekspor.EnterpriseFilter{RegencyCode: r, Query: words[rnd.IntN(len(words))], Limit: 50, CheapTotal: true})
		return err
	})
	measure("search, cache off", func(a siapekspor.Actor, p, r string) error {
		_, err := db.Search(siapekspor.WithActor(ctx, a), store.SearchRequest{Query: words[rnd.IntN(len(words))]})
		return err
	})

	rows := 20000
	if s := os.Getenv("SIAPEKSPOR_BENCH_ROWS"); s != "" {
		rows, _ = strconv.Atoi(s)
	}
	var csv bytes.Buffer
	seed := uint64(time.Now().UnixNano() % 9000)
	if err := demo.WriteCSV(&csv, "18", rows, 5000+seed); err != nil {
		b.Fatal(err)
	}
	imp := func(db *store.DB) time.Duration {
		t := time.Now()
		if _, err := bulk.Import(ctx, db, bulk.ImportRequest{File: bytes.NewReader(csv.Bytes()), Size: int64(csv.Len()), FileName: "lampung.csv", Province: "18"}, nil); err != nil {
			b.Fatal(err)
		}
		return time.Since(t)
	}
	// Three registries: the national one; Lampung alone, as many
	// enterprises as Lampung has in the national one (what a province's own
	// size costs an import, apart from the country's); an empty one.
	var inProvince int
	if err := db.QueryRowForTest(ctx, `SELECT COUNT(*) FROM enterprises WHERE province_code = '18'`).Scan(&inProvince); err != nil {
		b.Fatal(err)
	}
	alone, empty := time.Duration(0), time.Duration(0)
	if os.Getenv(storetest.PostgresEnv) != "" {
		empty = imp(storetest.Open(b, "postgres"))
		province := storetest.Open(b, "postgres")
		// The generator demo.National gives Lampung with its default seed (1).
		g, err := demo.New("18", 1000+64+uint64(slices.Index(codes, "18")))
		if err != nil {
			b.Fatal(err)
		}
		err = province.LoadRegistry(ctx, "Lampung alone", inProvince, func() *siapekspor.Enterprise {
			e := g.Next()
			e.Normalize()
			e.Derive()
			return e
		}, nil)
		if err != nil {
			b.Fatal(err)
		}
		alone = imp(province)
	}
	full := imp(db)
	fmt.Printf("import of one province's file of %d rows: into the national registry of %d enterprises (%d in Lampung) %s; into Lampung alone (%d enterprises) %s; into an empty database %s\n",
		rows, total, inProvince, full.Round(time.Millisecond), inProvince, alone.Round(time.Millisecond), empty.Round(time.Millisecond))
}
