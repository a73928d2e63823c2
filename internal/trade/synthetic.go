package trade

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor/internal/refdata"
)

// SyntheticBACIName is the file name WriteSyntheticBACI's files go by: the
// shape of BACI's own names, so the edition (HS22) is read from it.
func SyntheticBACIName(year int) string {
	return fmt.Sprintf("BACI_HS22_Y%d_V202501_SYNTHETIC.csv", year)
}

// WriteSyntheticBACI writes SYNTHETIC data, for benchmarks only, shaped
// like a full CEPII BACI year: rows flows t,i,j,k,v,q between BACI's real
// numeric country codes and real HS 2022 subheadings (k without its leading
// zero, as BACI writes it), values in thousand dollars, a tenth of the
// quantities NA. The same year and seed give the same file.
func WriteSyntheticBACI(w io.Writer, year, rows int, seed uint64) error {
	var countries []int
	for _, c := range refdata.Countries() {
		if n, ok := BACINumeric(c.ISO3); ok {
			countries = append(countries, n)
		}
	}
	var codes []string
	for _, h := range refdata.HSCodes() {
		if h.Level == 6 && !strings.HasPrefix(h.Code, "99") {
			codes = append(codes, strings.TrimPrefix(h.Code, "0"))
		}
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString("t,i,j,k,v,q\n")
	rng := rand.New(rand.NewPCG(uint64(year), seed))
	line := make([]byte, 0, 64)
	yearText := strconv.Itoa(year)
	for i := 0; i < rows; i++ {
		exp, imp := countries[rng.IntN(len(countries))], countries[rng.IntN(len(countries))]
		for imp == exp {
			imp = countries[rng.IntN(len(countries))]
		}
		line = append(append(line[:0], yearText...), ',')
		line = strconv.AppendInt(line, int64(exp), 10)
		line = append(line, ',')
		line = strconv.AppendInt(line, int64(imp), 10)
		line = append(line, ',')
		line = append(line, codes[rng.IntN(len(codes))]...)
		line = append(line, ',')
		line = strconv.AppendFloat(line, rng.ExpFloat64()*200, 'f', 3, 64)
		line = append(line, ',')
		if i%10 == 0 {
			line = append(line, "NA"...)
		} else {
			line = strconv.AppendFloat(line, rng.ExpFloat64()*50, 'f', 3, 64)
		}
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}
