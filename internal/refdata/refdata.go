// Package refdata is the reference data built into the binary: Indonesian
// regions with their Kemendagri and BPS codes, the HS 2022 nomenclature,
// countries and KBLI 2020. The files under data/ are the public sources named
// in data/SOURCES.md, gzip-compressed and otherwise unchanged; they are
// parsed on first use.
package refdata

import (
	"embed"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

//go:embed data/*.gz
var files embed.FS

// readCSV reads an embedded gzip-compressed CSV file; header says whether
// to drop the first row. The files are part of the binary: one that does
// not read is a build error, hence the panic.
func readCSV(name string, header bool) [][]string {
	rows, err := ReadGzipCSV(files, "data/"+name, header)
	if err != nil {
		panic("refdata: " + name + ": " + err.Error())
	}
	return rows
}

var (
	versionOnce sync.Once
	version     string
)

// Version is a short hash of all embedded files: the database loader compares
// it with what it loaded last to know whether to load again.
func Version() string {
	versionOnce.Do(func() { version = FilesVersion(files, "data/*.gz") })
	return version
}

// Region is an administrative region of Indonesia.
type Region struct {
	Code     string  `json:"code"`               // Kemendagri dotted code: 18, 18.01, 18.01.04, 18.01.04.2001
	Name     string  `json:"name"`               // as in the source, trimmed
	Level    int     `json:"level"`              // 1 province, 2 regency/city, 3 district, 4 village
	Parent   string  `json:"parent,omitempty"`   // "" for provinces
	BPSCode  string  `json:"bps_code,omitempty"` // BPS code of a province or regency, where known
	Lat, Lng float64 `json:"-"`                  // centroid of a province or regency, 0 when unknown
}

var (
	regionsOnce sync.Once
	regions     []Region
)

// Regions returns every region sorted by code.
func Regions() []Region {
	regionsOnce.Do(func() {
		rows := readCSV("wilayah.csv.gz", true)
		regions = make([]Region, 0, len(rows))
		for _, r := range rows {
			level, _ := strconv.Atoi(r[2])
			regions = append(regions, Region{Code: r[0], Name: strings.TrimSpace(r[1]), Level: level, Parent: r[4]})
		}
		sort.Slice(regions, func(i, j int) bool { return regions[i].Code < regions[j].Code })
		index := make(map[string]int, 600)
		for i, r := range regions {
			if r.Level <= 2 {
				index[r.Code] = i
			}
		}
		for _, r := range readCSV("provinsi_kabkota_ringkasan.csv.gz", true) {
			if i, ok := index[r[0]]; ok {
				regions[i].Lat, _ = strconv.ParseFloat(r[9], 64)
				regions[i].Lng, _ = strconv.ParseFloat(r[10], 64)
			}
		}
		assignBPSCodes(regions, index)
	})
	return regions
}

// assignBPSCodes gives provinces and regencies their BPS code. BPS numbered
// several older regencies differently from Kemendagri (Lampung Selatan is
// Kemendagri 18.01 but BPS 1803), so codes are matched by name within the
// province, never by digits; regencies formed after BPS's 2018 list keep "".
func assignBPSCodes(regions []Region, index map[string]int) {
	bpsProvinceOf := map[string]string{} // BPS province id → Kemendagri province code
	for _, r := range readCSV("bps_provinces.csv.gz", false) {
		id, name := r[0], provinceKey(r[1])
		for code, i := range index {
			if regions[i].Level == 1 && provinceKey(regions[i].Name) == name {
				regions[i].BPSCode = id
				bpsProvinceOf[id] = code
			}
		}
	}
	// Regencies of each Kemendagri province by normalised name, keeping the
	// city/regency distinction (Kota Bekasi is not Kabupaten Bekasi).
	byName := map[string]int{}
	for code, i := range index {
		if regions[i].Level == 2 {
			byName[code[:2]+"|"+regencyKey(regions[i].Name)] = i
		}
	}
	for _, r := range readCSV("bps_regencies.csv.gz", false) {
		prov, ok := bpsProvinceOf[r[1]]
		if !ok {
			continue
		}
		name := r[2]
		if renamed, ok := renamedRegencies[r[0]]; ok {
			name = renamed
		}
		if i, ok := byName[prov+"|"+regencyKey(name)]; ok {
			regions[i].BPSCode = r[0]
		}
	}
}

// renamedRegencies are regencies renamed after BPS's 2018 list, by BPS code.
var renamedRegencies = map[string]string{
	"1206": "Kabupaten Toba",        // Toba Samosir, renamed 2020
	"6411": "Kabupaten Mahakam Ulu", // spelled Mahakam Hulu by BPS
	"7108": "Kabupaten Kep. Siau Tagulandang Biaro",
	"7605": "Kabupaten Pasangkayu",         // Mamuju Utara, renamed 2017
	"8101": "Kabupaten Kepulauan Tanimbar", // Maluku Tenggara Barat, renamed 2019
}

// provinceKey is a province's comparison form; BPS abbreviates the special
// regions (DKI Jakarta, DI Yogyakarta) that Kemendagri spells out.
func provinceKey(name string) string {
	n := normalizeName(name)
	for short, long := range map[string]string{"dki ": "daerah khusus ibukota ", "di ": "daerah istimewa "} {
		if strings.HasPrefix(n, short) {
			n = long + strings.TrimPrefix(n, short)
		}
	}
	return strings.ReplaceAll(n, " ", "")
}

// regencyKey is a regency's comparison form: kind (kab/kota) and the
// space-free normalised name.
func regencyKey(name string) string {
	n := normalizeName(name)
	kind := "kab"
	for _, p := range []string{"kota administrasi ", "kota adm ", "kota "} {
		if strings.HasPrefix(n, p) {
			return "kota|" + strings.ReplaceAll(strings.TrimPrefix(n, p), " ", "")
		}
	}
	for _, p := range []string{"kabupaten administrasi ", "kabupaten ", "kab "} {
		n = strings.TrimPrefix(n, p)
	}
	return kind + "|" + strings.ReplaceAll(n, " ", "")
}

// HSCode is one code of the HS 2022 nomenclature.
type HSCode struct {
	Code          string `json:"code"`
	Level         int    `json:"level"`
	Parent        string `json:"parent,omitempty"`
	Section       string `json:"section"`
	DescriptionEN string `json:"description_en"`
	DescriptionID string `json:"description_id"` // no Indonesian (BTKI) source exists yet
}

var (
	hsOnce sync.Once
	hs     []HSCode
)

// HSCodes returns the chapters, headings and subheadings sorted by code.
func HSCodes() []HSCode {
	hsOnce.Do(func() {
		for _, r := range readCSV("harmonized-system.csv.gz", true) {
			if r[1] == "TOTAL" {
				continue
			}
			level, _ := strconv.Atoi(r[4])
			parent := r[3]
			if parent == "TOTAL" {
				parent = ""
			}
			hs = append(hs, HSCode{Code: r[1], Level: level, Parent: parent, Section: r[0], DescriptionEN: r[2]})
		}
		sort.Slice(hs, func(i, j int) bool { return hs[i].Code < hs[j].Code })
	})
	return hs
}

// HSSection is one of the 21 sections of the HS.
type HSSection struct{ Section, Name string }

// HSSections returns the sections in order.
func HSSections() []HSSection {
	var out []HSSection
	for _, r := range readCSV("sections.csv.gz", true) {
		out = append(out, HSSection{Section: r[0], Name: r[1]})
	}
	return out
}

// Country is a country or territory of ISO 3166.
type Country struct {
	ISO2, ISO3, Numeric string
	NameEN              string
	NameID              string // Indonesian name (Jepang, Belanda), else the English one
	Region, Subregion   string
	Lat, Lng            float64
	Landlocked          bool
}

var (
	countriesOnce sync.Once
	countries     []Country
)

// Countries returns the countries sorted by ISO3 code.
func Countries() []Country {
	countriesOnce.Do(func() {
		names := display.Indonesian.Regions()
		for _, r := range readCSV("countries.csv.gz", true) {
			c := Country{ISO2: r[0], ISO3: r[1], Numeric: r[2], NameEN: r[3], Region: r[5], Subregion: r[6], Landlocked: r[12] == "True"}
			c.Lat, _ = strconv.ParseFloat(r[10], 64)
			c.Lng, _ = strconv.ParseFloat(r[11], 64)
			c.NameID = c.NameEN
			if reg, err := language.ParseRegion(c.ISO2); err == nil {
				if n := names.Name(reg); n != "" {
					c.NameID = n
				}
			}
			countries = append(countries, c)
		}
		sort.Slice(countries, func(i, j int) bool { return countries[i].ISO3 < countries[j].ISO3 })
	})
	return countries
}

// CountryByISO3 finds a country by its alpha-3 code (Countries is sorted by it).
func CountryByISO3(iso3 string) (Country, bool) {
	list := Countries()
	i, found := sort.Find(len(list), func(i int) int { return strings.Compare(iso3, list[i].ISO3) })
	if !found {
		return Country{}, false
	}
	return list[i], true
}

// Name is the country's name in a language: "id" Indonesian, else English.
func (c Country) Name(lang string) string {
	if lang == "id" {
		return c.NameID
	}
	return c.NameEN
}

// KBLI is one code of the Indonesian standard industrial classification.
type KBLI struct {
	Code        string
	Version     string // the edition: "2020"
	Digits      int
	Category    string // A..U
	Title       string
	Description string
}

// KBLIs returns the KBLI 2020 codes in source order.
func KBLIs() []KBLI {
	var out []KBLI
	for _, r := range readCSV("kbli2020.csv.gz", true) {
		d, _ := strconv.Atoi(r[1])
		out = append(out, KBLI{Code: r[0], Version: "2020", Digits: d, Category: r[3], Title: r[4], Description: r[5]})
	}
	return out
}
