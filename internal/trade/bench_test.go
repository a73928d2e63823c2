package trade

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
)

// syntheticBACI builds n rows shaped like a BACI yearly file (SYNTHETIC:
// random flows between real country codes and real HS6 codes), k written
// without its leading zero as BACI's numeric exports do, a tenth of the
// quantities NA.
func syntheticBACI(n int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	countries := []int{4, 36, 76, 156, 251, 276, 360, 392, 410, 458, 490, 528, 586, 699, 702, 704, 757, 764, 826, 842}
	codes := []string{"90111", "90121", "121221", "121229", "530500", "140190", "391590", "90620", "151800", "160414", "851712", "870323"}
	var b bytes.Buffer
	b.WriteString("t,i,j,k,v,q\n")
	for i := 0; i < n; i++ {
		q := fmt.Sprintf("%.3f", rng.Float64()*1e4)
		if i%10 == 0 {
			q = "NA"
		}
		fmt.Fprintf(&b, "2022,%d,%d,%s,%.3f,%s\n", countries[rng.IntN(len(countries))], countries[rng.IntN(len(countries))],
			codes[rng.IntN(len(codes))], rng.Float64()*1e5, q)
	}
	return b.Bytes()
}

// BenchmarkBACIReader measures parsing speed; rows/s is reported. Target:
// at least a million rows a second on one core (a BACI year of ~10 million
// rows in under ten seconds), with no allocation per row.
func BenchmarkBACIReader(b *testing.B) {
	const rows = 1_000_000
	data := syntheticBACI(rows)
	knownHeading("0901") // build the code checks outside the timing
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := NewBACIReader(bytes.NewReader(data), Options{Name: "BACI_HS17_Y2022_V202401.csv"})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != rows || len(r.Problems()) != 0 {
			b.Fatalf("%d rows, problems %v", n, r.Problems())
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkShippedIndex(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := buildIndex(); err != nil {
			b.Fatal(err)
		}
	}
}
