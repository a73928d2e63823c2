package trade

import (
	"compress/gzip"
	"embed"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/siapekspor/siapekspor/internal/refdata"
)

//go:embed data/*.gz
var files embed.FS

// openData opens an embedded gzip file for streaming.
func openData(name string) (io.ReadCloser, error) {
	f, err := files.Open("data/" + name)
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{zr, f}, nil
}

// readSmallCSV reads a small embedded CSV whole, without its header.
func readSmallCSV(name string) [][]string {
	rows, err := refdata.ReadGzipCSV(files, "data/"+name, true)
	if err != nil {
		panic("trade: " + name + ": " + err.Error())
	}
	return rows
}

// Taiwan is "Other Asia, n.e.s." in BACI and Comtrade (numeric 490, code
// S19); the rest of the system, like ISO 3166, calls it TWN.
const taiwanSource, taiwan = "S19", "TWN"

// NormalizeCountry turns a source's country code into the one the system
// uses: upper case, with BACI's S19 read as TWN.
func NormalizeCountry(code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	if code == taiwanSource {
		return taiwan
	}
	return code
}

type countryTables struct {
	numeric [1000]string      // numeric code → ISO3
	iso3    map[string]bool   // every code a flow may carry
	iso2    map[string]string // ISO2 → ISO3
	isoNum  map[string]int    // ISO3 → ISO 3166 numeric
	baciNum map[string]int    // ISO3 → BACI's code (its first: BEL 56, not 58)
}

var (
	countriesOnce sync.Once
	tables        *countryTables
)

// countryTable builds the code tables once: BACI's own country list first
// (country_codes_V202501.csv, which keeps the UN Comtrade numbering: 251
// France, 579 Norway, 699 India, 757 Switzerland, 842 USA, 490 Taiwan), then
// the ISO 3166 numeric codes of refdata's countries for the codes BACI does
// not use (250, 578, 356, 756, 840 …), so that a Comtrade file numbered
// either way reads.
func countryTable() *countryTables {
	countriesOnce.Do(func() {
		t := &countryTables{iso3: map[string]bool{}, iso2: map[string]string{}, isoNum: map[string]int{}, baciNum: map[string]int{}}
		for _, r := range readSmallCSV("baci_country_codes_V202501.csv.gz") {
			n, err := strconv.Atoi(r[0])
			if err != nil || n < 0 || n >= 1000 {
				continue
			}
			iso3 := NormalizeCountry(r[3])
			t.numeric[n] = iso3
			t.iso3[iso3] = true
			if _, seen := t.baciNum[iso3]; !seen {
				t.baciNum[iso3] = n
			}
		}
		for _, c := range refdata.Countries() {
			if c.ISO3 == "" || c.ISO3 == "UNK" { // restcountries codes Kosovo UNK: not ISO
				continue
			}
			t.iso3[c.ISO3] = true
			if c.ISO2 != "" {
				t.iso2[c.ISO2] = c.ISO3
			}
			if n, err := strconv.Atoi(c.Numeric); err == nil && n > 0 && n < 1000 {
				t.isoNum[c.ISO3] = n
				if t.numeric[n] == "" {
					t.numeric[n] = c.ISO3
				}
			}
		}
		tables = t
	})
	return tables
}

// CountryByNumeric maps a numeric country code (BACI, Comtrade or ISO 3166)
// to ISO3.
func CountryByNumeric(n int) (string, bool) {
	if n <= 0 || n >= 1000 {
		return "", false
	}
	c := countryTable().numeric[n]
	return c, c != ""
}

// ISONumeric returns a country's ISO 3166 numeric code (France 250).
func ISONumeric(iso3 string) (int, bool) {
	n, ok := countryTable().isoNum[NormalizeCountry(iso3)]
	return n, ok
}

// BACINumeric returns the code BACI and Comtrade use for a country (France
// 251, the USA 842, Taiwan 490).
func BACINumeric(iso3 string) (int, bool) {
	n, ok := countryTable().baciNum[NormalizeCountry(iso3)]
	return n, ok
}

// KnownCountry reports whether an ISO3 code (after NormalizeCountry) names a
// country or one of BACI's historical or grouped entities (ANT, SCG, R20 …).
func KnownCountry(iso3 string) bool { return countryTable().iso3[iso3] }

// CountryByISO2 maps an ISO 3166 alpha-2 code to alpha-3.
func CountryByISO2(iso2 string) (string, bool) {
	c, ok := countryTable().iso2[strings.ToUpper(strings.TrimSpace(iso2))]
	return c, ok
}

// comtradeAggregates are the UN Comtrade partner codes that are not a
// country: its "not elsewhere specified" areas, bunkers, free zones and
// special categories. Rows with them are skipped as aggregates (counted),
// not reported as unknown countries.
var comtradeAggregates = map[int]bool{
	97: true, 129: true, 221: true, 290: true, 471: true, 472: true, 473: true, 492: true,
	527: true, 536: true, 568: true, 577: true, 636: true, 637: true, 837: true, 838: true,
	839: true, 879: true, 899: true,
}

// World is how Comtrade names the world as a partner: code 0, W00 in
// Comtrade Plus, WLD in the legacy files.
func isWorld(code string) bool { return code == "0" || code == "W00" || code == "WLD" }
