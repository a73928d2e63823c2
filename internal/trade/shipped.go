package trade

import (
	"fmt"
	"github.com/siapekspor/siapekspor"
	"io"
	"strings"
	"sync"

	"github.com/siapekspor/siapekspor/internal/refdata"
)

// Dataset describes one of the shipped trade files. TitleKey names it in
// the message catalogues; the rest is provenance for the data page.
type Dataset struct {
	ID       string  `json:"id"`
	TitleKey string  `json:"title_key"`
	File     string  `json:"file"` // under data/, gzip-compressed
	Source   string  `json:"source"`
	Licence  string  `json:"licence"`
	From     int     `json:"from"` // years covered
	To       int     `json:"to"`
	Edition  Edition `json:"edition,omitempty"`
	Unit     string  `json:"unit"`  // of the values, in English
	Notes    string  `json:"notes"` // coverage and gaps, in English
}

// Shipped dataset IDs.
const (
	DatasetImports2024    = "imports_2024"
	DatasetBilateral2024  = "bilateral_2024"
	DatasetIDNExports2024 = "idn_exports_2024"
	DatasetWorldHS2       = "world_exports_hs2"
	DatasetCoffeeICO      = "coffee_ico"
)

// MissingImporters are the six importers absent from the shipped 2024 files:
// their imports, and Indonesia's exports to them, are unknown (not zero).
var MissingImporters = []string{"DEU", "ESP", "FRA", "GBR", "NLD", "USA"}

// IsMissingImporter reports one of them.
func IsMissingImporter(c string) bool {
	for _, m := range MissingImporters {
		if m == c {
			return true
		}
	}
	return false
}

const src2024 = "matheusrosa-obs/export-potential @ ae43078 (BACI-derived, unverified)"

// Datasets lists the shipped files.
var Datasets = []Dataset{
	{ID: DatasetImports2024, TitleKey: "trade.dataset.imports_2024", File: "imports_by_importer_hs6_2024.csv.gz", Source: src2024,
		Licence: "none stated (BACI: Etalab 2.0)", From: 2024, To: 2024, Edition: HS17, Unit: "US dollars",
		Notes: "each importer's imports of every HS6 code from all partners; 220 importers; DEU, ESP, FRA, GBR, NLD, USA missing"},
	{ID: DatasetBilateral2024, TitleKey: "trade.dataset.bilateral_2024", File: "bilateral_hs6_2024_focus_products.csv.gz", Source: src2024,
		Licence: "none stated (BACI: Etalab 2.0)", From: 2024, To: 2024, Edition: HS17, Unit: "US dollars; growth: 8-year CAGR % as given",
		Notes: "every exporter → importer flow for 102 HS6 codes under 18 headings (0602 0802 0901 0904 0906 1212 1401 1518 1604 1702 1905 2008 2106 3915 4602 5305 5810 6304); same six importers missing"},
	{ID: DatasetIDNExports2024, TitleKey: "trade.dataset.idn_exports_2024", File: "indonesia_exports_by_destination_hs6_2024.csv.gz", Source: src2024,
		Licence: "none stated (BACI: Etalab 2.0)", From: 2024, To: 2024, Edition: HS17, Unit: "US dollars; growth: 8-year CAGR % as given",
		Notes: "Indonesia's exports by destination and HS6, read from the importers' side: 210 destinations; nothing to the six missing importers"},
	{ID: DatasetWorldHS2, TitleKey: "trade.dataset.world_exports_hs2", File: "world_exports_by_exporter_hs2_2011_2020.csv.gz", Source: "piyayut-ch/2022-10_R @ 372a9e3 (CEPII BACI HS92 aggregated)",
		Licence: "MIT (BACI: Etalab 2.0)", From: 2011, To: 2020, Edition: HS92, Unit: "US dollars (source: million US dollars); metric tonnes",
		Notes: "each exporter's exports to the world by HS chapter; no importer side"},
	{ID: DatasetCoffeeICO, TitleKey: "trade.dataset.coffee_ico", File: "coffee_imports_ico_1990_2019.csv.gz", Source: "vincentarelbundock/Rdatasets @ 1dcc2bf (stevedata::coffee_imports, ICO)",
		Licence: "GPL-3 (Rdatasets code); data licence not checked", From: 1990, To: 2019, Unit: "metric tonnes (source: thousand 60-kg bags × 60)",
		Notes: "coffee imports of 143 importing countries in green-bean equivalent, quantity only; rows coded 0 and former states without a current ISO code are left out"},
}

// DatasetByID returns a shipped dataset's description.
func DatasetByID(id string) (Dataset, bool) {
	for _, d := range Datasets {
		if d.ID == id {
			return d, true
		}
	}
	return Dataset{}, false
}

// BagsToTonnes converts ICO thousand 60-kg bags to metric tonnes.
const BagsToTonnes = 60.0

var (
	versionOnce sync.Once
	version     string
)

// Version is a short hash of the embedded trade files, for a loader that
// stores them to know when they changed.
func Version() string {
	versionOnce.Do(func() { version = refdata.FilesVersion(files, "data/*.gz") })
	return version
}

// shippedReader reads one shipped file through a per-file row parser.
type shippedReader struct {
	rc    io.ReadCloser
	lr    *lineReader
	log   problemLog
	codes codeCache
	parse func(r *shippedReader, fields [][]byte) (Flow, bool)
	ds    Dataset
	known map[string]string // country codes already checked, to spare a string per row
}

// OpenShipped returns a reader over a shipped dataset. Close it when done.
func OpenShipped(id string) (interface {
	Reader
	io.Closer
}, error) {
	ds, ok := DatasetByID(id)
	if !ok {
		return nil, fmt.Errorf("trade: no shipped dataset %q", id)
	}
	rc, err := openData(ds.File)
	if err != nil {
		return nil, err
	}
	sr := &shippedReader{rc: rc, lr: newLineReader(rc), codes: codeCache{}, ds: ds, known: map[string]string{}}
	sr.log = problemLog{file: strings.TrimSuffix(ds.File, ".gz")}
	want := map[string]string{
		DatasetImports2024:    "year,importer_iso3,hs6,import_value_usd,n_exporters",
		DatasetBilateral2024:  "year,importer_iso3,exporter_iso3,hs6,value_usd,cagr_8y_pct",
		DatasetIDNExports2024: "year,importer_iso3,hs6,value_usd,share_of_importer_imports_pct,cagr_8y_pct",
		DatasetWorldHS2:       "year,exporter_iso_numeric,exporter_iso3,hs2,value_musd,quantity_tonnes",
		DatasetCoffeeICO:      "rownames,country,iso2c,member,year,value,pop",
	}[id]
	head, err := sr.lr.read()
	if err != nil {
		rc.Close()
		return nil, fmt.Errorf("trade: %s: %w", ds.File, err)
	}
	var got []string
	for _, h := range head {
		got = append(got, string(h))
	}
	if strings.Join(got, ",") != want {
		rc.Close()
		return nil, fmt.Errorf("trade: %s: header %q, want %q", ds.File, strings.Join(got, ","), want)
	}
	sr.parse = map[string]func(*shippedReader, [][]byte) (Flow, bool){
		DatasetImports2024:    parseImports2024,
		DatasetBilateral2024:  parseBilateral2024,
		DatasetIDNExports2024: parseIDNExports2024,
		DatasetWorldHS2:       parseWorldHS2,
		DatasetCoffeeICO:      parseCoffeeICO,
	}[id]
	return sr, nil
}

func (sr *shippedReader) Close() error       { return sr.rc.Close() }
func (sr *shippedReader) Problems() Problems { return sr.log.problems() }

func (sr *shippedReader) Next() (Flow, error) {
	for {
		fields, err := sr.lr.read()
		if err != nil {
			return Flow{}, err
		}
		if f, ok := sr.parse(sr, fields); ok {
			f.Dataset, f.Line = sr.ds.ID, sr.lr.line
			return f, nil
		}
	}
}

func (sr *shippedReader) fieldCount(fields [][]byte, n int) bool {
	if len(fields) != n {
		sr.log.add(sr.lr.line, "", "trade.field_count", "", n, len(fields))
		return false
	}
	return true
}

func (sr *shippedReader) year(b []byte, col string) (int, bool) {
	y, ok := siapekspor.ParseDigits(b)
	if !ok || y < 1950 || y > 2100 {
		sr.log.add(sr.lr.line, col, "trade.bad_year", string(b))
		return 0, false
	}
	return y, true
}

func (sr *shippedReader) country(b []byte, col string) (string, bool) {
	if c, ok := sr.known[string(b)]; ok {
		return c, true
	}
	c := NormalizeCountry(string(b))
	if !KnownCountry(c) {
		sr.log.add(sr.lr.line, col, "trade.unknown_country", string(b))
		return "", false
	}
	sr.known[string(b)] = c
	return c, true
}

func (sr *shippedReader) hs(b []byte, col string, digits int) (string, bool) {
	c, ok := sr.codes.code(b)
	if !ok || len(c) != digits {
		sr.log.add(sr.lr.line, col, "trade.bad_product", string(b))
		return "", false
	}
	return c, true
}

func (sr *shippedReader) number(b []byte, col string) (float64, bool) {
	v, ok := parseNumber(b)
	if !ok {
		sr.log.add(sr.lr.line, col, "trade.bad_value", string(b))
	}
	return v, ok
}

// growth reads the source's 8-year CAGR; 0 is the source's "could not
// compute", so it means no figure.
func (sr *shippedReader) growth(b []byte, f *Flow) bool {
	g, ok := sr.number(b, "cagr_8y_pct")
	if ok && g != 0 {
		f.GrowthPct, f.GrowthYears = g, 8
	}
	return ok
}

func parseImports2024(sr *shippedReader, fl [][]byte) (Flow, bool) {
	if !sr.fieldCount(fl, 5) {
		return Flow{}, false
	}
	var f Flow
	var ok [5]bool
	f.Year, ok[0] = sr.year(fl[0], "year")
	f.Importer, ok[1] = sr.country(fl[1], "importer_iso3")
	f.HS, ok[2] = sr.hs(fl[2], "hs6", 6)
	f.ValueUSD, ok[3] = sr.number(fl[3], "import_value_usd")
	f.Partners, ok[4] = siapekspor.ParseDigits(fl[4])
	if !ok[4] {
		sr.log.add(sr.lr.line, "n_exporters", "trade.bad_value", string(fl[4]))
	}
	f.Edition = HS17
	return f, ok == [5]bool{true, true, true, true, true}
}

func parseBilateral2024(sr *shippedReader, fl [][]byte) (Flow, bool) {
	if !sr.fieldCount(fl, 6) {
		return Flow{}, false
	}
	var f Flow
	var ok [6]bool
	f.Year, ok[0] = sr.year(fl[0], "year")
	f.Importer, ok[1] = sr.country(fl[1], "importer_iso3")
	f.Exporter, ok[2] = sr.country(fl[2], "exporter_iso3")
	f.HS, ok[3] = sr.hs(fl[3], "hs6", 6)
	f.ValueUSD, ok[4] = sr.number(fl[4], "value_usd")
	ok[5] = sr.growth(fl[5], &f)
	f.Edition = HS17
	return f, ok == [6]bool{true, true, true, true, true, true}
}

func parseIDNExports2024(sr *shippedReader, fl [][]byte) (Flow, bool) {
	if !sr.fieldCount(fl, 6) {
		return Flow{}, false
	}
	var f Flow
	var ok [5]bool
	f.Year, ok[0] = sr.year(fl[0], "year")
	f.Importer, ok[1] = sr.country(fl[1], "importer_iso3")
	f.HS, ok[2] = sr.hs(fl[2], "hs6", 6)
	f.ValueUSD, ok[3] = sr.number(fl[3], "value_usd")
	ok[4] = sr.growth(fl[5], &f) // the share column is derivable from the imports file
	f.Exporter, f.Edition = "IDN", HS17
	return f, ok == [5]bool{true, true, true, true, true}
}

func parseWorldHS2(sr *shippedReader, fl [][]byte) (Flow, bool) {
	if !sr.fieldCount(fl, 6) {
		return Flow{}, false
	}
	var f Flow
	var ok [5]bool
	f.Year, ok[0] = sr.year(fl[0], "year")
	f.Exporter, ok[1] = sr.country(fl[2], "exporter_iso3")
	f.HS, ok[2] = sr.hs(fl[3], "hs2", 2)
	var musd float64
	musd, ok[3] = sr.number(fl[4], "value_musd")
	f.ValueUSD = musdToUSD(musd)
	ok[4] = true
	if !isNA(fl[5]) {
		f.QuantityTonnes, ok[4] = sr.number(fl[5], "quantity_tonnes")
	}
	f.Edition = HS92
	return f, ok == [5]bool{true, true, true, true, true}
}

// musdToUSD turns million dollars (6 decimals) into whole dollars.
func musdToUSD(v float64) float64 { return thousands(v * 1000) }

// parseCoffeeICO reads the ICO series. Zero rows (states that did not exist
// that year are coded 0) and rows of former states without a current code
// (Netherlands Antilles, Yugoslavia) are left out, silently: they carry no
// demand. The USSR row is coded RU like the Russian Federation; the index
// adds them, one of the two being zero in every year.
func parseCoffeeICO(sr *shippedReader, fl [][]byte) (Flow, bool) {
	if !sr.fieldCount(fl, 7) {
		return Flow{}, false
	}
	if len(trimSpace(fl[2])) == 0 {
		return Flow{}, false
	}
	var f Flow
	var ok [3]bool
	f.Year, ok[0] = sr.year(fl[4], "year")
	var iso3 string
	iso3, ok[1] = CountryByISO2(string(fl[2]))
	if !ok[1] {
		sr.log.add(sr.lr.line, "iso2c", "trade.unknown_country", string(fl[2]))
	}
	var bags float64
	bags, ok[2] = sr.number(fl[5], "value")
	if ok != [3]bool{true, true, true} || bags <= 0 {
		return Flow{}, false
	}
	f.Importer, f.HS, f.NoValue = iso3, "0901", true
	f.QuantityTonnes = bags * BagsToTonnes
	return f, true
}
