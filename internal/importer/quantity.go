package importer

import (
	"math"
	"strconv"
	"strings"

	"github.com/siapekspor/siapekspor"
)

// A product list's numbers come as offices write them: "500 kg", "± 1.000
// pcs/bulan", "50 kg per hari", "Rp 25.000/kg", "US$ 2,50 per kg", "6
// bulan". Each reader below takes the number, says how it read it (a note
// for the report), and refuses what it cannot read for sure: a range
// ("500-1000"), words it does not know, a per-day figure where no period
// is asked for. A unit written beside the number is checked against the
// Satuan column by the caller.

// valueRead is how a cell was read: the number, the unit written beside
// it (if any) and the note that says how ("" for a plain number).
type valueRead struct {
	n    float64
	unit siapekspor.Unit
	key  string
	args []any
}

// periodWords are the periods a capacity is written per, with the factor
// that makes it a month's (offices count a month as 30 days, 4 weeks).
var periodWords = []struct {
	words  []string
	key    string
	factor float64
}{
	{[]string{"bulan", "bln", "bl", "month", "mo", "bulannya"}, "", 1},
	{[]string{"hari", "hr", "day", "harinya"}, "import.guess_per_day", 30},
	{[]string{"minggu", "mgg", "mg", "week", "pekan"}, "import.guess_per_week", 4},
	{[]string{"tahun", "thn", "th", "year", "yr", "tahunnya"}, "import.guess_per_year", 1.0 / 12},
}

// period finds w among periodWords ("bulan", "bln.", "months").
func period(w string) (factor float64, key string, ok bool) {
	w = strings.TrimSuffix(strings.TrimSpace(w), ".")
	for _, p := range periodWords {
		for _, x := range p.words {
			if w == x || w == x+"s" {
				return p.factor, p.key, true
			}
		}
	}
	return 0, "", false
}

// leadingNumber splits "1.500kg/bulan" into "1.500" and "kg/bulan".
func leadingNumber(s string) (num, rest string) {
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || (s[i] == '.' || s[i] == ',') && i > 0) {
		i++
	}
	return strings.TrimRight(s[:i], ".,"), strings.TrimSpace(s[len(strings.TrimRight(s[:i], ".,")):])
}

// perUnit splits what follows a number into its unit and its period:
// "kg/bulan", "kg per bulan", "pcs sebulan", "per hari", "/bln", "kg".
func perUnit(rest string) (unit, per string) {
	rest = strings.TrimSpace(rest)
	for _, p := range []string{"sebulan", "sehari", "seminggu", "setahun"} {
		if u, ok := strings.CutSuffix(rest, p); ok && (u == "" || strings.HasSuffix(u, " ")) {
			return strings.TrimSpace(u), strings.TrimPrefix(p, "se")
		}
	}
	if u, p, ok := strings.Cut(rest, "/"); ok {
		return strings.TrimSpace(u), strings.TrimSpace(p)
	}
	if rest == "per" || strings.HasPrefix(rest, "per ") {
		return "", strings.TrimSpace(strings.TrimPrefix(rest, "per"))
	}
	if u, p, ok := strings.Cut(rest, " per "); ok {
		return strings.TrimSpace(u), strings.TrimSpace(p)
	}
	return rest, ""
}

// readQuantity reads a capacity (perMonth: a period may follow and is
// turned into a month's) or a minimum order: "500", "500 kg", "± 1.000
// pcs/bulan", "50 kg per hari".
func readQuantity(v string, perMonth bool) (valueRead, bool) {
	s, approx := cutApprox(strings.ToLower(strings.TrimSpace(v)))
	if !perMonth {
		for _, p := range []string{"minimal", "minimum", "min.", "min"} { // "min. 100 kg" in a minimum order
			if rest, cut := strings.CutPrefix(s, p); cut && rest != "" && (rest[0] == ' ' || rest[0] >= '0' && rest[0] <= '9') {
				s = strings.TrimSpace(rest)
				break
			}
		}
	}
	num, rest := leadingNumber(s)
	n, ok := ParseNumber(num)
	if !ok || n < 0 {
		return valueRead{}, false
	}
	out := valueRead{n: n}
	word, per := perUnit(rest)
	if word != "" {
		if out.unit, ok = parseUnit(word); !ok {
			return valueRead{}, false
		}
	}
	if per != "" {
		factor, key, ok := period(per)
		if !ok || !perMonth {
			return valueRead{}, false
		}
		if key != "" {
			out.n = n * factor
			out.key, out.args = key, []any{formatQuantity(n), formatQuantity(out.n)}
			return out, true
		}
	}
	switch {
	case approx:
		out.key, out.args = "import.guess_approx_value", []any{formatQuantity(n)}
	case out.unit != "" || per != "":
		out.key, out.args = "import.guess_number", []any{formatQuantity(n)}
	}
	return out, true
}

// maxShelfLife bounds the number in a shelf life cell: a hundred years in
// days.
const maxShelfLife = 36_500

// readShelfLife reads a shelf life in days: "90", "90 hari", "6 bulan"
// (180), "1 tahun" (365), "2 minggu" (14).
func readShelfLife(v string) (valueRead, bool) {
	s, approx := cutApprox(strings.ToLower(strings.TrimSpace(v)))
	num, rest := leadingNumber(s)
	n, err := strconv.Atoi(strings.ReplaceAll(num, ".", ""))
	if err != nil || n < 0 || n > maxShelfLife || strings.Contains(num, ",") {
		return valueRead{}, false // beyond maxShelfLife in any unit is no shelf life (and n×365 stays an int)
	}
	days := 1
	if rest = strings.TrimSuffix(rest, "."); rest != "" {
		switch rest {
		case "hari", "hr", "day", "days", "d":
		case "minggu", "mgg", "mg", "week", "weeks", "pekan":
			days = 7
		case "bulan", "bln", "bl", "month", "months", "mo":
			days = 30
		case "tahun", "thn", "th", "year", "years", "yr":
			days = 365
		default:
			return valueRead{}, false
		}
	}
	out := valueRead{n: float64(n * days)}
	switch {
	case days != 1 || approx:
		out.key, out.args = "import.guess_days", []any{siapekspor.Count(n * days)}
	}
	return out, true
}

// readPrice reads a price in rupiah, perhaps of a unit: "Rp 25.000",
// "Rp 25.000/kg", "25rb per pcs", "± Rp 30.000".
func readPrice(v string) (int64, valueRead, bool) {
	s, approx := cutApprox(strings.ToLower(strings.TrimSpace(v)))
	s, unit, ok := cutPerUnit(s)
	if !ok {
		return 0, valueRead{}, false
	}
	n, err := siapekspor.ParseRupiah(s)
	if err != nil {
		return 0, valueRead{}, false
	}
	out := valueRead{n: float64(n), unit: unit}
	if approx {
		out.key, out.args = "import.guess_approx_value", []any{siapekspor.Count(n)}
	}
	return n, out, true
}

// readUSD reads a price in US dollars, perhaps of a unit: "2.5", "US$
// 2,50", "USD 2.50/kg", "$2.50 per kg", "2,5 USD".
func readUSD(v string) (valueRead, bool) {
	s, approx := cutApprox(strings.ToLower(strings.TrimSpace(v)))
	s, unit, ok := cutPerUnit(s)
	if !ok {
		return valueRead{}, false
	}
	for _, c := range []string{"us$", "usd", "us $", "$"} {
		if rest, cut := strings.CutPrefix(s, c); cut {
			s = rest
			break
		}
		if rest, cut := strings.CutSuffix(s, c); cut {
			s = rest
			break
		}
	}
	n, ok := ParseNumber(strings.TrimSpace(s))
	if !ok || n < 0 {
		return valueRead{}, false
	}
	out := valueRead{n: n, unit: unit}
	if approx {
		out.key, out.args = "import.guess_approx_value", []any{formatQuantity(n)}
	}
	return out, true
}

// cutPerUnit takes "/kg" or " per kg" off the end of a price; ok is false
// when what follows is not a unit.
func cutPerUnit(s string) (price string, unit siapekspor.Unit, ok bool) {
	i := strings.LastIndex(s, "/")
	sep := 1
	if j := strings.LastIndex(s, " per "); j > i {
		i, sep = j, len(" per ")
	}
	if i < 0 {
		return s, "", true
	}
	u, known := parseUnit(strings.TrimSpace(s[i+sep:]))
	if !known {
		return "", "", false
	}
	return strings.TrimSpace(s[:i]), u, true
}

// formatQuantity is a quantity for a note: a whole number as a
// siapekspor.Count, which the message writes in the reader's grouping
// (1,500 or 1.500), a fraction as plain digits (2.5).
func formatQuantity(n float64) any {
	if n == math.Trunc(n) && math.Abs(n) < 1e15 {
		return siapekspor.Count(int64(n))
	}
	return strconv.FormatFloat(n, 'f', -1, 64)
}
